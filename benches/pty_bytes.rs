//! Bytes the TUI writes to a real terminal at 120x40 on the 100,000-draft desk: the first
//! screen, one cursor move, one filter key. `cargo bench --bench pty_bytes`.
//!
//! Runs the release binary in a pseudo-terminal (a vt100 emulator reads its screen) and
//! counts what it writes between keys, once the screen has settled. Prints the figures;
//! times nothing.

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

use briefdesk::bench_support as bs;

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
    let mut t = Term::spawn(&dir, 40, 120);
    t.wait_for("Drafts (100000)");
    t.settle();
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
        t.key(k);
        moves.push(t.bytes_written() - before);
    }
    println!("cursor move (j/k): {moves:?} bytes each");

    let before = t.bytes_written();
    t.key("/");
    println!("open the filter (/): {} bytes", t.bytes_written() - before);
    let mut keys = Vec::new();
    for c in ["r", "a", "n", "s", "m"] {
        let before = t.bytes_written();
        t.key(c);
        keys.push(t.bytes_written() - before);
    }
    println!("filter keys r a n s m: {keys:?} bytes each");
    t.key("\x1b");
    t.key("q");
    t.wait_exit();
}

/// The program in a pseudo-terminal; a thread feeds its output to a vt100 screen.
struct Term {
    parser: Arc<Mutex<vt100::Parser>>,
    bytes: Arc<Mutex<usize>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

const WAIT: Duration = Duration::from_secs(60);

impl Term {
    fn spawn(desk: &Path, rows: u16, cols: u16) -> Term {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pseudo-terminal");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_briefdesk"));
        cmd.arg("--desk");
        cmd.arg(desk);
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("BRIEFDESK_DIR");
        cmd.env_remove("NO_COLOR");
        let cfg = std::env::temp_dir().join(format!("briefdesk-bench-cfg-{}", std::process::id()));
        cmd.env("XDG_CONFIG_HOME", &cfg);
        let child = pair.slave.spawn_command(cmd).expect("spawn briefdesk");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let writer = pair.master.take_writer().expect("pty writer");
        let parser = Arc::new(Mutex::new(vt100::Parser::new(
            std::num::NonZeroU16::new(rows).expect("rows"),
            std::num::NonZeroU16::new(cols).expect("cols"),
            0,
        )));
        let bytes = Arc::new(Mutex::new(0usize));
        let (p, b) = (parser.clone(), bytes.clone());
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                if let Ok(mut p) = p.lock() {
                    p.process(&buf[..n]);
                }
                if let Ok(mut b) = b.lock() {
                    *b += n;
                }
            }
        });
        Term {
            parser,
            bytes,
            writer,
            child,
            _master: pair.master,
        }
    }

    fn bytes_written(&self) -> usize {
        self.bytes.lock().map(|b| *b).unwrap_or(0)
    }

    fn screen(&self) -> String {
        self.parser
            .lock()
            .map(|p| p.screen().contents())
            .unwrap_or_default()
    }

    /// Send keys and wait for the screen to settle.
    fn key(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).expect("type");
        self.writer.flush().expect("flush");
        self.settle();
    }

    /// Wait until the screen has not changed for 300 ms (at most 5 s).
    fn settle(&self) {
        let deadline = Instant::now() + Duration::from_secs(5);
        let mut last = self.screen();
        let mut quiet = 0;
        while Instant::now() < deadline && quiet < 12 {
            std::thread::sleep(Duration::from_millis(25));
            let now = self.screen();
            if now == last {
                quiet += 1;
            } else {
                quiet = 0;
                last = now;
            }
        }
    }

    fn wait_for(&self, text: &str) {
        let deadline = Instant::now() + WAIT;
        while !self.screen().contains(text) {
            assert!(
                Instant::now() < deadline,
                "screen never showed {text:?}:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(30));
        }
    }

    fn wait_exit(&mut self) {
        let deadline = Instant::now() + WAIT;
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(30));
        }
        let _ = self.child.kill();
    }
}
