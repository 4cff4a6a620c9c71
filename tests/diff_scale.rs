//! `diff` on a big issue stays small: its peak memory grows with the bullets, not with their
//! square (the sibling order used to be a longest common subsequence table, 1.6 GB at
//! 20,000 bullets). Measured with a counting allocator, so the test does not depend on the
//! machine's speed.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

#[path = "../tests/support/desk_gen.rs"]
mod desk_gen;
use briefdesk::model::diff::{Change, diff};
use desk_gen as bs;

struct Counting;

static NOW: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: hands every call to the system allocator; only counts the bytes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract, passed on.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = NOW.fetch_add(layout.size(), Ordering::SeqCst) + layout.size();
            PEAK.fetch_max(now, Ordering::SeqCst);
        }
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, layout: Layout) {
        // SAFETY: the caller's contract, passed on.
        unsafe { System.dealloc(p, layout) };
        NOW.fetch_sub(layout.size(), Ordering::SeqCst);
    }
}

#[global_allocator]
static A: Counting = Counting;

/// Bytes allocated at the peak of one diff, above what was live before it.
fn peak_of_diff(n: usize) -> (usize, Vec<Change>) {
    let (old, new) = bs::diff_pair(n);
    let base = NOW.load(Ordering::SeqCst);
    PEAK.store(base, Ordering::SeqCst);
    let changes = diff(&old, &new);
    (PEAK.load(Ordering::SeqCst) - base, changes)
}

#[test]
fn diff_memory_grows_with_the_bullets_not_their_square() {
    let (small, changes) = peak_of_diff(3_000);
    let moves = changes
        .iter()
        .filter(|c| matches!(c, Change::Moved { .. }))
        .count();
    assert!((1..=10).contains(&moves), "{moves} moves");
    let (big, _) = peak_of_diff(12_000);
    // 4x the bullets: a linear diff needs about 4x the memory, a quadratic one 16x.
    assert!(
        big < small * 6,
        "peak {big} bytes at 12,000 bullets vs {small} at 3,000"
    );
    assert!(big < 32 << 20, "peak {big} bytes at 12,000 bullets");
}
