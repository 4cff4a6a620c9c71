//! Typing into a list's query: the fuzzy filter (`/`), and the word search of the Drafts
//! pane (issue #15, `Ctrl-f`): drafts whose headline or body holds every word of the
//! query, the hits shown in Preview. The search takes the place of the fuzzy filter while
//! it is on; `Esc` leaves it and gives back the list as it was.

use super::{Ctx, Filter, Focus};
use crate::model::ItemId;
use crate::search::Search;
use crate::tui::action::Action;
use crate::tui::events::Input::{self, Action as Do, Typed};
use crate::tui::events::edit_line;

/// The word search: on or off, its query, whether keys still type into it, and what to
/// give back when it ends.
#[derive(Clone, Debug, Default)]
pub struct WordSearch {
    pub on: bool,
    pub query: String,
    pub editing: bool,
    /// The draft under the cursor and the fuzzy filter before the search started.
    before: Option<(Option<ItemId>, Filter)>,
}

impl WordSearch {
    /// The query, parsed, while the search is on (`None` off, or with no word).
    pub fn parsed(&self) -> Option<Search> {
        if self.on {
            Search::parse(&self.query)
        } else {
            None
        }
    }
}

impl Ctx {
    /// The word search's texts are still being taken, a slice per turn of the event loop
    /// (for the benchmark, which gives the turns itself).
    pub fn taking_texts(&self) -> bool {
        self.drafts_cache.taking_texts()
    }

    /// `Ctrl-f`: start the word search in Drafts (from any pane), or type into its query
    /// again.
    pub(in crate::tui) fn start_search(&mut self) {
        if self.search.on {
            self.set_focus(Focus::Drafts);
            self.search.editing = true;
            self.preview_follows = true;
            return;
        }
        let before = self.selected_item().map(|i| i.id);
        self.set_focus(Focus::Drafts);
        let filter = std::mem::take(&mut self.drafts.filter);
        self.search = WordSearch {
            on: true,
            query: String::new(),
            editing: true,
            before: Some((before, filter)),
        };
        self.drafts.cursor = 0;
        // Preview scrolls to the draft's first hit.
        self.preview_follows = true;
        self.status = None;
    }

    /// `Esc`: the list as it was before the search, the same draft under the cursor.
    pub(in crate::tui) fn leave_search(&mut self) {
        let (before, filter) = self.search.before.take().unwrap_or_default();
        self.search = WordSearch::default();
        self.drafts.filter = filter;
        self.refresh_drafts();
        let list = &self.drafts_cache;
        self.drafts.cursor = before
            .and_then(|id| (0..list.len()).find(|&row| list.id(row) == Some(id)))
            .unwrap_or(0);
        self.preview_follows = false;
        self.preview_scroll = 0;
        self.clamp();
    }

    /// A key while the search's query is being typed.
    pub(in crate::tui) fn search_update(&mut self, input: Input) {
        match input {
            Do(Action::Confirm) => self.search.editing = false,
            Do(Action::Cancel) => return self.leave_search(),
            Do(Action::Up) => self.drafts.cursor = self.drafts.cursor.saturating_sub(1),
            Do(Action::Down) => self.drafts.cursor += 1,
            Typed(key) if edit_line(&mut self.search.query, &key) => self.drafts.cursor = 0,
            _ => {}
        }
        self.preview_follows = true;
        self.preview_scroll = 0;
        self.clamp();
    }

    /// A key while the pane's filter is being typed.
    pub(in crate::tui) fn filter_update(&mut self, input: Input) {
        let ctx = self;
        if ctx.focus == Focus::Drafts && ctx.search.editing {
            return ctx.search_update(input);
        }
        let Some(pane) = ctx.focused_filter() else {
            return;
        };
        match input {
            Do(Action::Confirm) => pane.filter.editing = false,
            Do(Action::Cancel) => {
                pane.filter = Filter::default();
                pane.cursor = 0;
            }
            Do(Action::Up) => pane.cursor = pane.cursor.saturating_sub(1),
            Do(Action::Down) => pane.cursor += 1,
            Typed(key) => {
                pane.cursor = if edit_line(&mut pane.filter.query, &key) {
                    0
                } else {
                    pane.cursor
                };
            }
            _ => {}
        }
        ctx.clamp();
    }
}
