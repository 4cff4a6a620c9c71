//! Text typed but not yet kept when the session ends without the user (SIGHUP from a
//! dropped SSH connection, SIGTERM, a terminal that stops answering): it becomes a draft
//! item in the pool, tagged [`RECOVERED_TAG`], through the same journal and save as any
//! edit. The next start says so, and the text is there in Drafts to take back.

use super::app::{App, EditPurpose, Overlay};
use crate::model::text::for_display;
use crate::model::{Command, Item, ItemState};

/// The tag a rescued text carries while it waits in the pool.
pub const RECOVERED_TAG: &str = "recovered";

/// A short quote for a headline: the first words of `s`, at most `max` chars.
fn quote(s: &str, max: usize) -> String {
    let s = for_display(s.trim());
    if s.chars().count() <= max {
        return format!("“{s}”");
    }
    let cut: String = s.chars().take(max).collect();
    format!("“{}…”", cut.trim_end())
}

impl App {
    /// Keep the text of an open inline editor or item form as a recovered draft item.
    /// Returns whether something was kept. Nothing happens when nothing was typed, when the
    /// text is what was there already, or when the desk is read-only.
    pub fn rescue_unsaved(&mut self) -> bool {
        if self.read_only {
            return false;
        }
        let overlay = std::mem::replace(&mut self.overlay, Overlay::None);
        let (what, body) = match &overlay {
            Overlay::Editor(st) => {
                let text = st.text.lines().join(" ").trim().to_string();
                let issue = self.current_issue();
                let what = match &st.purpose {
                    EditPurpose::EditBullet(path) => {
                        let old = issue.and_then(|i| i.bullet(path)).map(|b| b.text.as_str());
                        if old == Some(text.as_str()) {
                            return false;
                        }
                        format!("edit of bullet {}", quote(old.unwrap_or(""), 40))
                    }
                    EditPurpose::NewBullet(path) => {
                        let name = issue
                            .and_then(|i| i.sections.get(path.section))
                            .map_or(String::new(), |s| s.name.clone());
                        format!("new bullet in {}", quote(&name, 40))
                    }
                    EditPurpose::RenameSection(index) | EditPurpose::NewSection(index) => {
                        let name = issue
                            .and_then(|i| i.sections.get(*index))
                            .map_or(String::new(), |s| s.name.clone());
                        if matches!(st.purpose, EditPurpose::RenameSection(_)) {
                            if name == text {
                                return false;
                            }
                            format!("name of section {}", quote(&name, 40))
                        } else {
                            "new section name".to_string()
                        }
                    }
                    EditPurpose::NewIssue => "issue title".to_string(),
                };
                (what, vec![text])
            }
            Overlay::Form(st) => {
                let headline = st.headline_text();
                let body = st.paragraphs();
                let what = match st.item.and_then(|id| self.desk.item(id)) {
                    Some(old) => {
                        if old.headline == headline && old.body == body {
                            return false;
                        }
                        format!("edit of item #{} {}", old.id, quote(&old.headline, 40))
                    }
                    None => "new item".to_string(),
                };
                let mut all = vec![headline];
                all.extend(body);
                (what, all)
            }
            _ => {
                self.overlay = overlay;
                return false;
            }
        };
        let body: Vec<String> = body.into_iter().filter(|l| !l.is_empty()).collect();
        if body.is_empty() {
            return false;
        }
        let mut item = Item::new(
            self.desk.next_item_id(),
            format!("Unsaved {what} (recovered)"),
            body,
        );
        item.tags.push(RECOVERED_TAG.to_string());
        self.perform(Command::AddItems { items: vec![item] })
    }

    /// What to tell the user at start when rescued texts wait in the pool.
    pub fn recovered_notice(&self) -> Option<String> {
        let n = self
            .desk
            .items_in_state(ItemState::Pool)
            .filter(|i| i.tags.iter().any(|t| t == RECOVERED_TAG))
            .count();
        match n {
            0 => None,
            1 => Some("recovered: an unsaved edit is in Drafts, marked (recovered)".to_string()),
            n => Some(format!(
                "recovered: {n} unsaved edits are in Drafts, marked (recovered)"
            )),
        }
    }
}
