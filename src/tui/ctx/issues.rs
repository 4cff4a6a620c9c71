//! How the desk names issues where titles look alike (the picker, the Issue pane's title,
//! the status line): the date, the review status, and the part of the title that tells it
//! from the desk's other issues (`model::details::distinct_titles`), never a cut that
//! keeps only the words every title shares.

use super::Ctx;
use crate::model::details::distinct_titles;
use crate::model::{Issue, IssueId};

/// `2026-05-19` or `no date`.
fn date_of(issue: &Issue) -> String {
    issue
        .meta
        .date
        .map_or_else(|| "no date".to_string(), |d| d.to_string())
}

impl Ctx {
    /// The distinguishing part of each issue's title, newest first.
    fn distinct(&self) -> Vec<(&Issue, String)> {
        let issues = self.desk.issues_newest_first();
        let titles: Vec<&str> = issues.iter().map(|i| i.meta.title.as_str()).collect();
        issues.into_iter().zip(distinct_titles(&titles)).collect()
    }

    /// The review status of an issue: the current one's as followed, another's as read now
    /// (the picker, opened in `update`).
    fn status_of(&self, issue: &Issue) -> String {
        if self.review.loaded == Some(issue.id) {
            return self.review.current.status_label(issue);
        }
        match self.review.io.as_ref().map(|io| io.load(issue.id)) {
            Some(Ok((review, _))) => review.status_label(issue),
            Some(Err(_)) => "review unreadable".to_string(),
            None => crate::model::Status::Draft.label().to_string(),
        }
    }

    /// The current issue for the status line: `2026-05-19 · …May 19, 2026`.
    pub fn issue_heading(&self) -> Option<String> {
        let id = self.current_issue()?.id;
        self.distinct()
            .into_iter()
            .find(|(i, _)| i.id == id)
            .map(|(i, part)| format!("{} · {part}", date_of(i)))
    }

    /// The current issue for the Issue pane's title: date, status, distinguishing part.
    /// Drawn every frame, so it reads no log: the current issue's review is kept up to
    /// date by `update` (`sync_review`).
    pub fn issue_title(&self) -> Option<String> {
        let issue = self.current_issue()?;
        let heading = self.issue_heading()?;
        let status = self.review.current.status_label(issue);
        Some(match heading.split_once(" · ") {
            Some((date, part)) => format!("{date} · {status} · {part}"),
            None => heading,
        })
    }

    /// Every issue, newest first, for the picker: its id and `date  status  part`, the
    /// statuses padded to one width so the parts line up.
    pub fn issue_choices(&self) -> (Vec<IssueId>, Vec<String>) {
        let rows: Vec<(IssueId, String, String, String)> = self
            .distinct()
            .into_iter()
            .map(|(i, part)| (i.id, date_of(i), self.status_of(i), part))
            .collect();
        let w = rows
            .iter()
            .map(|r| crate::tui::cells::width(&r.2))
            .max()
            .unwrap_or(0);
        rows.into_iter()
            .map(|(id, date, status, part)| {
                let pad = w.saturating_sub(crate::tui::cells::width(&status));
                (id, format!("{date}  {status}{}  {part}", " ".repeat(pad)))
            })
            .unzip()
    }
}
