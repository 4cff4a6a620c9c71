//! briefdesk JSON: an issue ([`IssueDoc`], `"briefdesk": "issue"`) or a list of drafts
//! ([`ItemsDoc`], `"briefdesk": "items"`).
//!
//! The `briefdesk` key tells our files from any other JSON; a `schema` above [`SCHEMA`] is
//! refused ("upgrade"). Every string is sanitized again after decoding, since JSON escapes
//! (`\u001b`) get past the sanitizing of the raw text. An imported issue stands alone: links
//! from bullets to drafts are dropped (item ids belong to the desk that wrote the file), and
//! section and bullet ids are renumbered when they are not unique. Drafts that were `used`
//! come back to the pool (no issue here uses them); `held` and `spiked` stay.

use std::collections::HashSet;

use serde_json::Value;

use crate::model::doc::{IssueDoc, ItemsDoc, SCHEMA};
use crate::model::text::sanitize;
use crate::model::{Bullet, BulletId, Issue, Item, ItemState, SectionId};

use super::{ImportError, Imported};

fn json_error(e: &serde_json::Error) -> ImportError {
    // serde_json appends " at line L column C" to its message; we say where ourselves.
    let msg = e.to_string();
    let message = match msg.rfind(" at line ") {
        Some(p) => msg[..p].to_string(),
        None => msg,
    };
    ImportError::Json {
        line: e.line(),
        column: e.column(),
        message,
    }
}

pub fn parse(text: &str) -> Result<Imported, ImportError> {
    let value: Value = serde_json::from_str(text).map_err(|e| json_error(&e))?;
    let kind = match value.get("briefdesk") {
        Some(Value::String(k)) => k.clone(),
        Some(other) => {
            return Err(ImportError::Foreign {
                found: format!(" (it holds {other})"),
            });
        }
        None => {
            return Err(ImportError::Foreign {
                found: String::new(),
            });
        }
    };
    let schema = value.get("schema").and_then(Value::as_u64).unwrap_or(0);
    if schema > u64::from(SCHEMA) {
        return Err(ImportError::NewerSchema {
            found: schema,
            supported: SCHEMA,
        });
    }
    match kind.as_str() {
        "issue" => {
            super::depth::check(text)?;
            let doc: IssueDoc = serde_json::from_str(text).map_err(|e| json_error(&e))?;
            Ok(Imported::Issue(clean_issue(doc.issue)))
        }
        "items" => {
            let doc: ItemsDoc = serde_json::from_str(text).map_err(|e| json_error(&e))?;
            Ok(Imported::Items(
                doc.items.into_iter().map(clean_item).collect(),
            ))
        }
        other => Err(ImportError::Foreign {
            found: format!(
                " (it says \"{}\", not \"issue\" or \"items\")",
                sanitize(other)
            ),
        }),
    }
}

fn clean(s: &mut String) {
    let c = sanitize(s);
    if c != *s {
        *s = c;
    }
}

fn clean_item(mut item: Item) -> Item {
    clean(&mut item.headline);
    item.body.iter_mut().for_each(clean);
    item.tags.iter_mut().for_each(clean);
    if let Some(src) = &mut item.source {
        src.publication.iter_mut().for_each(clean);
        src.url.iter_mut().for_each(clean);
    }
    if let Some(st) = &mut item.stamp {
        clean(&mut st.written);
    }
    if item.state == ItemState::Used {
        item.state = ItemState::Pool;
    }
    item
}

fn clean_issue(mut issue: Issue) -> Issue {
    clean(&mut issue.meta.title);
    clean(&mut issue.meta.tagline);
    issue.meta.group.iter_mut().for_each(clean);
    fn walk(b: &mut Bullet, f: &mut dyn FnMut(&mut Bullet)) {
        f(b);
        for s in &mut b.sub_points {
            walk(s, f);
        }
    }
    let mut section_ids = HashSet::new();
    let mut bullet_ids = HashSet::new();
    let mut unique = true;
    for s in &mut issue.sections {
        clean(&mut s.name);
        unique &= section_ids.insert(s.id);
        for b in &mut s.bullets {
            walk(b, &mut |b| {
                clean(&mut b.text);
                b.item = None;
                unique &= bullet_ids.insert(b.id);
            });
        }
    }
    if !unique {
        let mut next = 1;
        for (i, s) in issue.sections.iter_mut().enumerate() {
            s.id = SectionId(i as u64 + 1);
            for b in &mut s.bullets {
                walk(b, &mut |b| {
                    b.id = BulletId(next);
                    next += 1;
                });
            }
        }
    }
    issue
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_foreign_newer_and_broken() {
        let e = parse(r#"{"name": "x"}"#).unwrap_err().to_string();
        assert!(e.starts_with("not a briefdesk file"), "{e}");
        let e = parse(r#"{"briefdesk": "items", "schema": 99, "items": []}"#)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("newer briefdesk") && e.contains("upgrade"),
            "{e}"
        );
        let e = parse("{\n  \"briefdesk\": \"items\",\n  \"items\": [,]\n}")
            .unwrap_err()
            .to_string();
        assert!(e.contains("line 3, column 13"), "{e}");
    }

    #[test]
    fn strings_are_sanitized_after_decoding() {
        let Imported::Items(items) = parse(
            r#"{"briefdesk":"items","schema":1,"items":[{"id":3,"headline":"a\u001b]0;x\u0007b","state":"used"}]}"#,
        )
        .unwrap() else {
            panic!()
        };
        assert_eq!(items[0].headline, "ab");
        assert_eq!(items[0].state, ItemState::Pool);
    }
}
