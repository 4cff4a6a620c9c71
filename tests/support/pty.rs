//! Run the real binary in a pseudo-terminal, type at it, and read its screen through a vt100
//! emulator. Waits poll the screen until a deadline: generous, so a slow machine only makes
//! a test slower, never wrong.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, MasterPty, PtySize, native_pty_system};

/// What the emulator saw besides the screen: title and clipboard requests must never arrive.
#[derive(Default)]
pub struct Seen {
    pub titles: Vec<Vec<u8>>,
    pub clipboard: Vec<Vec<u8>>,
    /// Any other OSC sequence (`ESC ]`), which a program showing text must never pass on.
    pub osc: Vec<Vec<Vec<u8>>>,
}

impl vt100::Callbacks for Seen {
    fn set_window_title(&mut self, _: &mut vt100::Screen, title: &[u8]) {
        self.titles.push(title.to_vec());
    }
    fn set_window_icon_name(&mut self, _: &mut vt100::Screen, name: &[u8]) {
        self.titles.push(name.to_vec());
    }
    fn copy_to_clipboard(&mut self, _: &mut vt100::Screen, _ty: &[u8], data: &[u8]) {
        self.clipboard.push(data.to_vec());
    }
    fn paste_from_clipboard(&mut self, _: &mut vt100::Screen, ty: &[u8]) {
        self.clipboard.push(ty.to_vec());
    }
    fn unhandled_osc(&mut self, _: &mut vt100::Screen, params: &[&[u8]]) {
        self.osc.push(params.iter().map(|p| p.to_vec()).collect());
    }
}

pub struct Term {
    parser: Arc<Mutex<vt100::Parser<Seen>>>,
    bytes: Arc<Mutex<usize>>,
    /// Everything the program wrote, as written (mode switches the emulator keeps no
    /// record of: mouse reports on and off).
    raw: Arc<Mutex<Vec<u8>>>,
    /// Off: the cursor-position question goes unanswered, as over a slow link.
    answers: Arc<std::sync::atomic::AtomicBool>,
    /// Shared with the reader thread, which answers the program's cursor-position
    /// questions as a real terminal does.
    writer: Arc<Mutex<Box<dyn Write + Send>>>,
    master: Box<dyn MasterPty + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
}

/// A program's question "where is the cursor?" (DSR 6).
const CPR: &[u8] = b"\x1b[6n";

/// Long enough for a cold debug build on a busy 2-core machine.
pub const WAIT: Duration = Duration::from_secs(30);

/// The exit status of `child` once it has ended, polled up to [`WAIT`]; killed and a
/// panic saying it `kept running after ...` (`after`) if it does not end.
pub fn wait_exit(child: &mut std::process::Child, after: &str) -> std::process::ExitStatus {
    let deadline = Instant::now() + WAIT;
    loop {
        if let Some(st) = child.try_wait().expect("wait") {
            return st;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("briefdesk kept running after {after}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

impl Term {
    /// The briefdesk under test, with `args` (after `--desk DESK` when given), in a fresh
    /// pseudo-terminal of `rows` x `cols`.
    pub fn spawn(
        args: &[&str],
        desk: Option<&Path>,
        rows: u16,
        cols: u16,
        env: &[(&str, &str)],
    ) -> Term {
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_briefdesk"));
        if let Some(d) = desk {
            cmd.arg("--desk");
            cmd.arg(d);
        }
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("BRIEFDESK_DIR");
        cmd.env_remove("NO_COLOR");
        // Keep the user's keymap and config out of the test.
        let cfg = std::env::temp_dir().join(format!("briefdesk-test-cfg-{}", std::process::id()));
        cmd.env("XDG_CONFIG_HOME", &cfg);
        for (k, v) in env {
            cmd.env(k, v);
        }
        Term::start(cmd, rows, cols)
    }

    /// Any other program (`ssh -tt …`, say) in a fresh pseudo-terminal, read the same way.
    /// It gets `TERM=xterm-256color` and `env` on top of the test's environment.
    pub fn spawn_program(
        program: &str,
        args: &[&str],
        rows: u16,
        cols: u16,
        env: &[(&str, &str)],
    ) -> Term {
        let mut cmd = CommandBuilder::new(program);
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        for (k, v) in env {
            cmd.env(k, v);
        }
        Term::start(cmd, rows, cols)
    }

    fn start(cmd: CommandBuilder, rows: u16, cols: u16) -> Term {
        let pty = native_pty_system();
        let pair = pty
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pseudo-terminal");
        let program = cmd
            .get_argv()
            .first()
            .map(|a| a.to_string_lossy().into_owned());
        let child = pair
            .slave
            .spawn_command(cmd)
            .unwrap_or_else(|e| panic!("spawn {program:?}: {e}"));
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let writer = Arc::new(Mutex::new(pair.master.take_writer().expect("pty writer")));
        let rows_nz = std::num::NonZeroU16::new(rows.max(1)).unwrap_or(std::num::NonZeroU16::MIN);
        let cols_nz = std::num::NonZeroU16::new(cols.max(1)).unwrap_or(std::num::NonZeroU16::MIN);
        let parser = Arc::new(Mutex::new(vt100::Parser::new_with_callbacks(
            rows_nz,
            cols_nz,
            0,
            Seen::default(),
        )));
        let bytes = Arc::new(Mutex::new(0usize));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let answers = Arc::new(std::sync::atomic::AtomicBool::new(true));
        let (p, b, w) = (parser.clone(), bytes.clone(), writer.clone());
        let (r, a) = (raw.clone(), answers.clone());
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            // The last bytes of the previous read: a question may be cut between two reads.
            let mut tail: Vec<u8> = Vec::new();
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                tail.extend_from_slice(&buf[..n]);
                let asks = tail.windows(CPR.len()).filter(|x| *x == CPR).count();
                tail.drain(..tail.len().saturating_sub(CPR.len() - 1));
                let asks = if a.load(std::sync::atomic::Ordering::SeqCst) {
                    asks
                } else {
                    0
                };
                if let Ok(mut r) = r.lock() {
                    r.extend_from_slice(&buf[..n]);
                }
                if let Ok(mut p) = p.lock() {
                    p.process(&buf[..n]);
                    // Ratatui asks where the cursor is when it clears the screen (after
                    // `$EDITOR`, say): answer `ESC [ row ; col R`, 1-based.
                    if asks > 0 {
                        let (row, col) = p.screen().cursor_position();
                        let answer = format!("\x1b[{};{}R", row + 1, col + 1).repeat(asks);
                        if let Ok(mut w) = w.lock() {
                            let _ = w.write_all(answer.as_bytes());
                            let _ = w.flush();
                        }
                    }
                }
                if let Ok(mut b) = b.lock() {
                    *b += n;
                }
            }
        });
        Term {
            parser,
            bytes,
            raw,
            answers,
            writer,
            master: pair.master,
            child,
        }
    }

    pub fn screen(&self) -> String {
        self.parser
            .lock()
            .map(|p| p.screen().contents())
            .unwrap_or_default()
    }

    /// Everything the program has written to the terminal so far, as written.
    pub fn output(&self) -> Vec<u8> {
        self.raw.lock().map(|r| r.clone()).unwrap_or_default()
    }

    /// From now on, leave the program's cursor-position questions unanswered (a terminal
    /// that does not answer, or an answer lost on a slow link).
    pub fn stop_answering_cursor(&self) {
        self.answers
            .store(false, std::sync::atomic::Ordering::SeqCst);
    }

    /// Bytes the program has written to the terminal so far.
    pub fn bytes_written(&self) -> usize {
        self.bytes.lock().map(|b| *b).unwrap_or(0)
    }

    pub fn with_parser<R>(&self, f: impl FnOnce(&vt100::Parser<Seen>) -> R) -> R {
        let p = self.parser.lock().expect("parser lock");
        f(&p)
    }

    pub fn send(&mut self, keys: &str) {
        let mut w = self.writer.lock().expect("the pty writer");
        w.write_all(keys.as_bytes()).expect("type");
        w.flush().expect("flush");
    }

    /// Type keys one at a time, as a person does, waiting for the screen to settle between
    /// them so that no key is read as part of an escape sequence.
    pub fn type_keys(&mut self, keys: &str) {
        for c in keys.chars() {
            let mut b = [0u8; 4];
            self.send(c.encode_utf8(&mut b));
            self.settle();
        }
    }

    pub fn key(&mut self, seq: &str) {
        self.send(seq);
        self.settle();
    }

    /// Wait until the output stops changing for a moment.
    pub fn settle(&self) {
        self.settle_for(Duration::from_millis(100));
    }

    /// Wait until nothing has been written for `quiet` (slow work, e.g. a filter over a
    /// very large desk, needs a longer window to be counted whole).
    pub fn settle_for(&self, quiet: Duration) {
        let deadline = Instant::now() + WAIT;
        let step = Duration::from_millis(25);
        let mut last = self.bytes_written();
        let mut still = Duration::ZERO;
        while Instant::now() < deadline && still < quiet {
            std::thread::sleep(step);
            let now = self.bytes_written();
            if now == last {
                still += step;
            } else {
                still = Duration::ZERO;
                last = now;
            }
        }
    }

    /// Wait until the screen shows `text`; panics with the screen if it never does.
    pub fn wait_for(&self, text: &str) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            let s = self.screen();
            if s.contains(text) {
                return s;
            }
            if Instant::now() > deadline {
                panic!("screen never showed {text:?}; it shows:\n{s}");
            }
            std::thread::sleep(Duration::from_millis(30));
        }
    }

    /// Wait until `ok` holds for the emulator (screen modes, callbacks); panics naming
    /// `what`, with the screen, if it never does.
    pub fn wait_until(&self, what: &str, ok: impl Fn(&vt100::Parser<Seen>) -> bool) {
        let deadline = Instant::now() + WAIT;
        loop {
            if self.with_parser(&ok) {
                return;
            }
            if Instant::now() > deadline {
                panic!("never saw {what}; the screen shows:\n{}", self.screen());
            }
            std::thread::sleep(Duration::from_millis(30));
        }
    }

    /// Resize the emulator first, then the pty (which sends SIGWINCH), so the program's
    /// redraw at the new size lands in a screen of that size.
    pub fn resize(&mut self, rows: u16, cols: u16) {
        let rows_nz = std::num::NonZeroU16::new(rows.max(1)).unwrap_or(std::num::NonZeroU16::MIN);
        let cols_nz = std::num::NonZeroU16::new(cols.max(1)).unwrap_or(std::num::NonZeroU16::MIN);
        if let Ok(mut p) = self.parser.lock() {
            p.screen_mut().set_size(rows_nz, cols_nz);
        }
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resize pty");
        self.settle();
    }

    pub fn pid(&self) -> Option<u32> {
        self.child.process_id()
    }

    /// Wait for the program to exit; its exit status.
    pub fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Ok(Some(st)) = self.child.try_wait() {
                return st;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("the program did not exit; screen:\n{}", self.screen());
            }
            std::thread::sleep(Duration::from_millis(30));
        }
    }
}

impl Drop for Term {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}
