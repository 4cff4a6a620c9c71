//! The one rule for text entering the desk: every text a command carries goes through
//! [`sanitize`](super::sanitize()), where the command is planned.

use std::borrow::Cow;

use super::sanitize::{is_clean, sanitize_in_place};

/// The walks over every text an item, an issue or a command carries, in a shared and a
/// mutable version (one body, so the two never disagree on which fields are text).
macro_rules! text_walks {
    ($item:ident, $sources:ident, $meta:ident, $issue:ident, $command:ident $(, $m:tt)?) => {
        fn $sources(sources: &$($m)? [crate::model::Source], f: &mut dyn FnMut(&$($m)? String)) {
            for src in sources {
                if let Some(s) = &$($m)? src.outlet {
                    f(s);
                }
                if let Some(s) = &$($m)? src.url {
                    f(s);
                }
                if let Some(s) = &$($m)? src.entry {
                    f(s);
                }
            }
        }

        fn $item(it: &$($m)? crate::model::Item, f: &mut dyn FnMut(&$($m)? String)) {
            f(&$($m)? it.headline);
            for s in &$($m)? it.body {
                f(s);
            }
            for s in &$($m)? it.tags {
                f(s);
            }
            $sources(&$($m)? it.sources, f);
            if let Some(st) = &$($m)? it.stamp {
                f(&$($m)? st.written);
            }
        }

        fn $meta(m: &$($m)? crate::model::IssueMeta, f: &mut dyn FnMut(&$($m)? String)) {
            f(&$($m)? m.title);
            f(&$($m)? m.tagline);
            if let Some(s) = &$($m)? m.group {
                f(s);
            }
        }

        /// Bullets without recursion (a stack of lists still to visit), as deep as they go.
        fn $issue(is: &$($m)? crate::model::Issue, f: &mut dyn FnMut(&$($m)? String)) {
            $meta(&$($m)? is.meta, f);
            for s in &$($m)? is.sections {
                f(&$($m)? s.name);
                let mut stack: Vec<&$($m)? Vec<crate::model::Bullet>> = vec![&$($m)? s.bullets];
                while let Some(list) = stack.pop() {
                    for b in list {
                        f(&$($m)? b.text);
                        $sources(&$($m)? b.sources, f);
                        stack.push(&$($m)? b.sub_points);
                    }
                }
            }
        }

        /// Every text a command would bring into the desk.
        fn $command(cmd: &$($m)? crate::model::Command, f: &mut dyn FnMut(&$($m)? String)) {
            use crate::model::Command as C;
            match cmd {
                C::AddItems { items } => {
                    for it in items {
                        $item(it, f);
                    }
                }
                C::EditItem { item } | C::EditItemAndBullet { item } => $item(item, f),
                C::NewIssue { issue } => $issue(issue, f),
                C::Import { items, issues } => {
                    for it in items {
                        $item(it, f);
                    }
                    for is in issues {
                        $issue(is, f);
                    }
                }
                C::SetIssueMeta { meta, .. } => $meta(meta, f),
                C::AssignToNewSection { name, .. }
                | C::NewSection { name, .. }
                | C::RenameSection { name, .. } => f(name),
                C::NewBullet { text, .. } | C::EditBullet { text, .. } => f(text),
                C::AssignMany { new_section, .. } => {
                    if let Some(name) = new_section {
                        f(name);
                    }
                }
                C::SetBulletSources { sources, .. } => $sources(sources, f),
                C::ToggleSpike { .. }
                | C::ToggleHold { .. }
                | C::Purge { .. }
                | C::SetStates { .. }
                | C::Assign { .. }
                | C::MoveSectionUp { .. }
                | C::MoveSectionDown { .. }
                | C::RemoveSection { .. }
                | C::DeleteIssue { .. }
                | C::ToggleAssessment { .. }
                | C::MoveBulletUp { .. }
                | C::MoveBulletDown { .. }
                | C::Indent { .. }
                | C::Outdent { .. }
                | C::MoveToSection { .. }
                | C::RemoveBullet { .. }
                | C::PullParagraph { .. }
                | C::RemoveImport { .. } => {}
                | C::ToggleChecked { .. } => {}
                | C::SetBulletTlp { .. } => {}
            }
        }
    };
}

text_walks!(
    item_texts,
    source_texts,
    meta_texts,
    issue_texts,
    command_texts
);
text_walks!(
    item_texts_mut,
    source_texts_mut,
    meta_texts_mut,
    issue_texts_mut,
    command_texts_mut,
    mut
);

impl crate::model::Command {
    /// The command with every text it carries through [`sanitize`](super::sanitize()): the one rule for all text
    /// entering the desk, typed or imported, applied where every change is planned
    /// ([`Command::plan`](crate::model::Command::plan)) rather than at each caller. Borrowed
    /// when the texts are already clean, so a big import is not copied again.
    pub fn sanitized(&self) -> Cow<'_, Self> {
        let mut clean = true;
        command_texts(self, &mut |s| clean &= is_clean(s));
        if clean {
            return Cow::Borrowed(self);
        }
        let mut owned = self.clone();
        command_texts_mut(&mut owned, &mut sanitize_in_place);
        Cow::Owned(owned)
    }
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    /// Typed text: a right-to-left override and a C1 NEL, as a paste could carry them.
    const TYPED: &str = "Emb\u{202e}assy\u{85} note";

    #[test]
    fn every_command_that_brings_text_in_sanitizes_it() {
        use crate::model::{
            BulletPath, Command, Desk, History, Issue, IssueId, IssueMeta, Item, ItemId, Source,
            Stamp,
        };
        let mut desk = Desk::new();
        let mut h = History::new();
        let mut item = Item::new(ItemId(1), TYPED, vec![TYPED.into()]);
        item.tags = vec![TYPED.into()].into();
        item.sources = vec![Source {
            outlet: Some(TYPED.into()),
            url: Some(TYPED.into()),
            published: None,
            entry: None,
        }]
        .into();
        item.stamp = Some(Box::new(Stamp {
            written: TYPED.into(),
            utc: None,
        }));
        let meta = IssueMeta {
            title: TYPED.into(),
            tagline: TYPED.into(),
            group: Some(TYPED.into()),
            date: None,
            tlp: None,
        };
        let mut issue = Issue::new(IssueId(1), meta.clone());
        issue.sections.push(crate::model::Section::new(
            crate::model::SectionId(1),
            TYPED,
        ));
        let i = IssueId(1);
        let top = BulletPath::new(0, vec![0]);
        for cmd in [
            Command::AddItems {
                items: vec![item.clone()],
            },
            Command::EditItem { item: item.clone() },
            Command::NewIssue { issue },
            Command::SetIssueMeta { issue: i, meta },
            Command::NewSection {
                issue: i,
                index: 1,
                name: TYPED.into(),
            },
            Command::RenameSection {
                issue: i,
                index: 1,
                name: TYPED.into(),
            },
            Command::NewBullet {
                issue: i,
                path: top.clone(),
                text: TYPED.into(),
            },
            Command::EditBullet {
                issue: i,
                path: top.clone(),
                text: TYPED.into(),
            },
            Command::SetBulletSources {
                issue: i,
                path: top.clone(),
                sources: vec![Source {
                    outlet: Some(TYPED.into()),
                    url: None,
                    published: None,
                    entry: None,
                }],
            },
            Command::AssignToNewSection {
                item: ItemId(1),
                issue: i,
                name: TYPED.into(),
                from: crate::model::BulletFrom::Lead,
            },
        ] {
            h.perform(&mut desk, &cmd).unwrap();
        }
        let json = serde_json::to_string(&(&desk.items, &desk.issues)).unwrap();
        assert!(json.contains("Embassy note"), "{json}");
        assert!(
            !json.contains("\\u202e") && !json.contains("\u{202e}") && !json.contains('\u{85}'),
            "{json}"
        );
        assert!(!json.contains("\\u0085"), "{json}");
        // Clean commands are planned as they are, not copied.
        let clean = Command::NewBullet {
            issue: i,
            path: top,
            text: "plain".into(),
        };
        assert!(matches!(clean.sanitized(), Cow::Borrowed(_)));
    }
}
