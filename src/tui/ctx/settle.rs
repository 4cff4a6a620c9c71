//! Waiting for the ranking worker, for benchmarks and tests: the key loop never waits.

use super::Ctx;
use crate::tui::drafts;
use crate::tui::events::Event;

impl Ctx {
    /// For benchmarks and tests: wait up to `timeout` for the ranking on the worker, and
    /// apply it. True when the list is up to date with the query.
    pub fn settle_drafts(&mut self, timeout: std::time::Duration) -> bool {
        let ctx = self;
        let deadline = std::time::Instant::now() + timeout;
        loop {
            for event in drafts::finished(&ctx.drafts_cache) {
                if let Event::DraftsRanked(ranked) = event {
                    ctx.ranked(ranked);
                }
            }
            ctx.refresh_drafts();
            if !ctx.drafts_cache.ranking() {
                return true;
            }
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            // The texts a slice per turn, as the event loop takes them.
            if ctx.drafts_cache.taking_texts() && !left.is_zero() {
                continue;
            }
            let Some(fd) = drafts::wake_fd(&ctx.drafts_cache) else {
                return false;
            };
            if left.is_zero() || !crate::tui::ranker::wait_readable(fd, left) {
                return false;
            }
        }
    }

    /// For benchmarks: wait up to `timeout` until the Drafts rows answer the newest query
    /// (the worker's first screen or its whole ranking: issue #19).
    pub fn settle_first_screen(&mut self, timeout: std::time::Duration) -> bool {
        let deadline = std::time::Instant::now() + timeout;
        while !self.drafts_cache.shows_newest() {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            if left.is_zero() {
                return false;
            }
            // Wakes as soon as a result comes in (the 1 ms only bounds one wait).
            self.settle_drafts(left.min(std::time::Duration::from_millis(1)));
        }
        true
    }
}
