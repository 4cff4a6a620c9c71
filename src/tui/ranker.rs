//! Ranking a long Drafts list off the key loop: the fuzzy filter, and the word search
//! (which also folds the drafts' texts here, once per changed draft).
//!
//! At 100,000 drafts one ranking takes tens of milliseconds; a key must not wait for it.
//! The Drafts list hands the query to this worker thread and keeps showing the last
//! result; the worker ranks the newest query only (an older one still queued is skipped,
//! one being ranked stops at its next check), sends the result back (for the fuzzy
//! filter, first the first screen once it is certain, then the whole ranking: issue #19)
//! and wakes the event loop through a pipe, so the loop sleeps in `poll` until a key or a result comes: no
//! busy waiting. The loop turns the result into an [`Event::DraftsRanked`](super::events::Event)
//! and `update` keeps it only if it answers the newest request.

use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::{AsFd, BorrowedFd};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};

use crate::filter::screen::Prior;
use crate::filter::{Haystacks, Matcher};
use crate::search::{Folds, Search, Texts};

/// The ranking of one request: the indices into the candidates, best first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ranked {
    /// The request this answers; a result whose request is no longer the newest is dropped.
    pub generation: u64,
    /// The trimmed query.
    pub query: String,
    pub hits: Vec<u32>,
    /// The hits' scores, for the fuzzy filter's whole ranking (else empty): a longer query
    /// starts its first screen from them.
    pub scores: Vec<u32>,
    /// `hits` is the whole ranking; else only its first screen, the whole one to follow
    /// (issue #19: at a million drafts the screen is certain long before the ranking). No
    /// hits and not whole: a word search of a part of the texts found no first screen.
    pub whole: bool,
}

/// What to rank: the query, over the candidates (all, or only those listed in `within`).
pub struct Job {
    pub generation: u64,
    pub query: String,
    pub what: What,
    pub within: Option<Arc<[u32]>>,
    /// The query `within` is the whole ranking of, and the hits' scores, when the new
    /// query extends it (`ran` -> `rans`).
    pub prior: Option<(String, Arc<[u32]>)>,
    /// The fuzzy filter and the word search send the first this many rows as soon as they
    /// are certain, before the whole ranking (0: only the whole ranking).
    pub screen: usize,
}

/// How many headlines the first screen may score before the worker gives up on it and
/// ranks them all (whose first rows are the same): a query no headline starts with is
/// never certain early, and this bounds the work spent finding that out.
fn screen_budget(candidates: usize) -> usize {
    (candidates / 8).max(4096)
}

/// The fuzzy filter over headlines, or the word search over headlines and bodies.
pub enum What {
    /// The headlines, prepared once per desk revision.
    Rank(Arc<Haystacks>),
    /// The drafts' texts, copied once per desk revision (folded here, on the worker).
    Search(Arc<Texts>),
}

/// The worker thread, its channels and its wake-up pipe.
pub struct Ranker {
    jobs: Sender<Job>,
    results: Receiver<Ranked>,
    /// The newest request: the worker drops (or stops) any other.
    newest: Arc<AtomicU64>,
    /// Read end of the wake-up pipe, non-blocking: one byte per result sent.
    wake: File,
}

impl std::fmt::Debug for Ranker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ranker")
            .field("newest", &self.newest.load(Ordering::Relaxed))
            .finish_non_exhaustive()
    }
}

impl Ranker {
    /// Start the worker thread. Fails only when the system has no pipe or thread to give.
    pub fn start() -> std::io::Result<Ranker> {
        use rustix::pipe::{PipeFlags, pipe_with};
        let (reader, writer) = pipe_with(PipeFlags::NONBLOCK | PipeFlags::CLOEXEC)?;
        let (jobs, job_rx) = channel::<Job>();
        let (result_tx, results) = channel::<Ranked>();
        let newest = Arc::new(AtomicU64::new(0));
        let seen = Arc::clone(&newest);
        let wake_tx = File::from(writer);
        std::thread::Builder::new()
            .name("briefdesk-ranker".into())
            .spawn(move || {
                let matcher = Matcher::default();
                // Folded drafts, kept from one desk revision to the next.
                let mut folds = Folds::default();
                // Ends when the Drafts list (the sender) is dropped.
                while let Ok(mut job) = job_rx.recv() {
                    // Only the newest queued request is worth ranking.
                    while let Ok(newer) = job_rx.try_recv() {
                        job = newer;
                    }
                    let stale = || seen.load(Ordering::Acquire) != job.generation;
                    if stale() {
                        continue;
                    }
                    let within = job.within.as_deref();
                    let send = |hits: Vec<u32>, scores: Vec<u32>, whole: bool| {
                        let sent = result_tx.send(Ranked {
                            generation: job.generation,
                            query: job.query.clone(),
                            hits,
                            scores,
                            whole,
                        });
                        // A full pipe already holds a wake-up: nothing is lost.
                        let _ = (&wake_tx).write(&[1]);
                        sent.is_ok()
                    };
                    let ranked = match &job.what {
                        What::Rank(heads) => {
                            if job.screen > 0 {
                                let n = within.map_or(heads.len(), <[u32]>::len);
                                let budget = screen_budget(n);
                                let (q, k) = (job.query.as_str(), job.screen);
                                let screen = match (&job.prior, within) {
                                    (Some((query, scores)), Some(hits)) => {
                                        let prior = Prior {
                                            query,
                                            hits,
                                            scores,
                                        };
                                        matcher.first_screen_from(heads, Some(prior), q, k, budget)
                                    }
                                    _ => matcher.first_screen(heads, within, q, k, budget),
                                };
                                // A whole screen is the whole ranking: no scores needed
                                // (a longer query narrows these few hits at once).
                                if let Some(s) = screen {
                                    if !send(s.rows, Vec::new(), s.whole) {
                                        return;
                                    }
                                    if s.whole {
                                        continue;
                                    }
                                }
                            }
                            matcher.rank_prepared_scored(heads, within, &job.query, &stale)
                        }
                        What::Search(texts) => match Search::parse(&job.query) {
                            // The first screen of hits in list order as soon as it is
                            // certain, the fold and the whole hit list going on (#19);
                            // of the texts taken so far, the first screen only (the whole
                            // answer waits for every text).
                            Some(search) if texts.is_part() => {
                                let mut early = false;
                                let searched = folds.search_first(
                                    texts,
                                    &search,
                                    within,
                                    job.screen,
                                    &mut |rows| {
                                        early = true;
                                        send(rows.to_vec(), Vec::new(), false);
                                    },
                                    &stale,
                                );
                                // Searched to its end without a first screen: no rows, not
                                // whole (the list then asks for a longer part).
                                if searched.is_some()
                                    && !early
                                    && !send(Vec::new(), Vec::new(), false)
                                {
                                    return;
                                }
                                None
                            }
                            Some(search) => folds
                                .search_first(
                                    texts,
                                    &search,
                                    within,
                                    job.screen,
                                    &mut |rows| {
                                        send(rows.to_vec(), Vec::new(), false);
                                    },
                                    &stale,
                                )
                                .map(|hits| (hits, Vec::new())),
                            None => Some((Vec::new(), Vec::new())),
                        },
                    };
                    let Some((hits, scores)) = ranked else {
                        continue;
                    };
                    if !send(hits, scores, true) {
                        return;
                    }
                }
            })?;
        Ok(Ranker {
            jobs,
            results,
            newest,
            wake: File::from(reader),
        })
    }

    /// Ask for a ranking; it replaces every earlier request.
    pub fn request(&self, job: Job) {
        self.newest.store(job.generation, Ordering::Release);
        // The worker only stops when this sender is dropped: a send cannot fail before.
        let _ = self.jobs.send(job);
    }

    /// Drop every request: whatever is being ranked stops, and no result is kept.
    pub fn cancel(&self, generation: u64) {
        self.newest.store(generation, Ordering::Release);
    }

    /// The descriptor the event loop waits on, besides the terminal: readable when a
    /// result is ready.
    pub fn wake_fd(&self) -> BorrowedFd<'_> {
        self.wake.as_fd()
    }

    /// The results that came in (oldest first), emptying the wake-up pipe.
    pub fn finished(&self) -> Vec<Ranked> {
        // The pipe first: a result is sent before its wake-up byte, so none is missed.
        let mut buf = [0u8; 64];
        while matches!((&self.wake).read(&mut buf), Ok(n) if n > 0) {}
        self.results.try_iter().collect()
    }
}

/// Wait up to `timeout` for `fd` to be readable; true when it is.
pub fn wait_readable(fd: BorrowedFd<'_>, timeout: std::time::Duration) -> bool {
    use rustix::event::{PollFd, PollFlags, poll};
    let mut fds = [PollFd::new(&fd, PollFlags::IN)];
    // Past rustix's largest timeout: wait without one.
    let timeout = rustix::event::Timespec::try_from(timeout).ok();
    matches!(poll(&mut fds, timeout.as_ref()), Ok(n) if n > 0)
        && fds[0].revents().contains(PollFlags::IN)
}
