//! Bytes the TUI writes to a real terminal at 120x40 on the 100,000-draft desk: the first
//! screen, one cursor move, one filter key. `cargo bench --bench pty_bytes`.
//!
//! Runs the release binary in a pseudo-terminal (the tests' harness: a vt100 emulator reads
//! its screen) and counts what it writes between keys, once the output has settled. Prints
//! the figures; times nothing.

use std::path::Path;
use std::time::Duration;

#[path = "../tests/support/desk_gen.rs"]
mod desk_gen;
use desk_gen as bs;

#[path = "../tests/support/pty.rs"]
mod pty;

fn main() {
    // `cargo bench` passes `--bench`; a name filter that is not ours skips the run.
    if let Some(f) = std::env::args().skip(1).find(|a| !a.starts_with('-'))
        && !"pty_bytes".contains(f.as_str())
    {
        return;
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-desks/100k");
    if let Err(e) = bs::ensure_desk(&dir, 100_000) {
        panic!("cannot make the benchmark desk {}: {e}", dir.display());
    }
    let mut t = pty::Term::spawn(&[], Some(&dir), 40, 120, &[]);
    // A key's bytes are all counted once nothing more comes for 300 ms.
    let quiet = Duration::from_millis(300);
    t.wait_for("Drafts (100000)");
    t.settle_for(quiet);
    let first = t.bytes_written();
    println!("pty 120x40, 100k desk: first screen {first} bytes");
    let before = t.bytes_written();
    std::thread::sleep(Duration::from_secs(2));
    println!(
        "idle (nothing typed) for 2 s: {} bytes",
        t.bytes_written() - before
    );

    let mut moves = Vec::new();
    for k in ["j", "j", "j", "k", "j", "j"] {
        let before = t.bytes_written();
        t.send(k);
        t.settle_for(quiet);
        moves.push(t.bytes_written() - before);
    }
    println!("cursor move (j/k): {moves:?} bytes each");

    let before = t.bytes_written();
    t.send("/");
    t.settle_for(quiet);
    println!("open the filter (/): {} bytes", t.bytes_written() - before);
    let mut keys = Vec::new();
    for c in ["r", "a", "n", "s", "m"] {
        let before = t.bytes_written();
        t.send(c);
        t.settle_for(quiet);
        keys.push(t.bytes_written() - before);
    }
    println!("filter keys r a n s m: {keys:?} bytes each");
    t.key("\x1b");
    t.key("q");
    t.wait_exit();
}
