//! A fetch of the desk's feeds from inside the desk (issue #18, `F` or `:` fetch): the
//! network on a thread of its own, so keys never wait; what it sends back, polled by the
//! event loop as [`Event::Fetched`](super::events::Event). What the desk does with it is
//! in `ctx/fetch.rs`.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use crate::feeds::FeedList;
use crate::feeds::http::Limits;
use crate::ops;
use crate::ops::feeds::Read;

/// What the fetch thread sends back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fetched {
    /// One more feed answered: `done` of `total`.
    Progress { done: usize, total: usize },
    /// Every feed answered: one result per feed, in the list's order, parsed (on the
    /// thread: only the merge against the desk is left for the key loop).
    Done(Vec<Result<Read, String>>),
}

/// A fetch under way: the feed list as read when it started, and the thread's channel.
#[derive(Debug)]
pub struct Fetching {
    pub list: FeedList,
    pub picked: Vec<usize>,
    /// Feeds answered so far.
    pub done: usize,
    news: Receiver<Fetched>,
}

impl Fetching {
    /// Start fetching every feed of `list` on a thread. Fails only when the system has no
    /// thread to give.
    pub fn start(list: FeedList, limits: Limits) -> std::io::Result<Fetching> {
        let picked: Vec<usize> = (0..list.feeds.len()).collect();
        let (tx, news) = channel();
        let (feeds, which) = (list.clone(), picked.clone());
        std::thread::Builder::new()
            .name("briefdesk-fetch".into())
            .spawn(move || {
                let total = which.len();
                let answered = AtomicUsize::new(0);
                let got = ops::feeds::download_each(&feeds, &which, limits, &|| {
                    let done = answered.fetch_add(1, Ordering::Relaxed) + 1;
                    // The desk gone (quit while fetching): nobody to tell.
                    let _ = tx.send(Fetched::Progress { done, total });
                });
                let _ = tx.send(Fetched::Done(ops::feeds::parse_all(got)));
            })?;
        Ok(Fetching {
            list,
            picked,
            done: 0,
            news,
        })
    }

    pub fn total(&self) -> usize {
        self.picked.len()
    }

    /// What came since the last look, without waiting: the end when it came, else the
    /// newest progress. A thread that stopped without its results ends the fetch with
    /// every feed failed, so the desk never waits on it for ever.
    pub fn news(&self) -> Option<Fetched> {
        let mut last = None;
        loop {
            match self.news.try_recv() {
                Ok(done @ Fetched::Done(_)) => return Some(done),
                Ok(progress) => last = Some(progress),
                Err(TryRecvError::Empty) => return last,
                Err(TryRecvError::Disconnected) => {
                    let lost = (0..self.total())
                        .map(|_| Err("not fetched (the fetch stopped)".to_string()))
                        .collect();
                    return Some(Fetched::Done(lost));
                }
            }
        }
    }
}
