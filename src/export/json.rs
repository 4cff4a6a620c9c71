//! `--format json`: the issue structure as [`IssueDoc`], pretty printed, one final newline.
//! Texts are sanitized (control characters dropped); newlines inside texts are kept.

use super::Exported;
use crate::model::doc::IssueDoc;
use crate::model::{Bullet, Issue, text};

pub(crate) fn render(issue: &Issue) -> Exported {
    let mut clean = issue.clone();
    clean.meta.title = text::sanitize(&clean.meta.title);
    clean.meta.tagline = text::sanitize(&clean.meta.tagline);
    if let Some(g) = clean.meta.group.as_mut() {
        *g = text::sanitize(g);
    }
    for s in &mut clean.sections {
        s.name = text::sanitize(&s.name);
        // Without recursion: a stack of lists still to clean.
        let mut stack: Vec<&mut Vec<Bullet>> = vec![&mut s.bullets];
        while let Some(list) = stack.pop() {
            for b in list.iter_mut() {
                b.text = text::sanitize(&b.text);
                stack.push(&mut b.sub_points);
            }
        }
    }
    let mut text = match serde_json::to_string_pretty(&IssueDoc::new(clean)) {
        Ok(t) => t,
        // Serializing plain data cannot fail; still, never panic.
        Err(e) => {
            return Exported {
                text: String::new(),
                warnings: vec![format!("could not write JSON: {e}")],
            };
        }
    };
    text.push('\n');
    Exported {
        text,
        warnings: Vec::new(),
    }
}
