//! The terminal shell: raw mode, the alternate screen, bracketed paste and mouse reports,
//! restored on every way out (return, error, panic, SIGHUP/SIGTERM, around `$EDITOR`),
//! each frame inside synchronized output.
//!
//! Input is read by crossterm's `use-dev-tty` source, which waits with a level-triggered
//! `poll(2)`. Its default source (mio, edge-triggered epoll) read one 1 KB chunk and
//! returned at the first key in it, and epoll did not report the rest again until a new
//! byte arrived: a paste stalled a KB per keystroke, and [`wait_input`], seeing the rest
//! waiting, woke the loop 50,000 times a second with nothing for crossterm to read.

use std::io::{self, Stdout, Write};
use std::os::fd::{AsFd, BorrowedFd};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, LazyLock, Once};
use std::time::Duration;

use crossterm::event::{DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste};
use crossterm::terminal::{
    BeginSynchronizedUpdate, EndSynchronizedUpdate, EnterAlternateScreen, LeaveAlternateScreen,
    disable_raw_mode, enable_raw_mode,
};
use crossterm::{cursor, execute};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

static HOOK: Once = Once::new();
/// Set by the SIGHUP/SIGTERM/SIGINT handler (`signal-hook`: it only stores to this flag).
static SIGNALLED: LazyLock<Arc<AtomicBool>> = LazyLock::new(Arc::default);
/// Set by SIGHUP alone: the terminal hung up.
static HUNG_UP: LazyLock<Arc<AtomicBool>> = LazyLock::new(Arc::default);
/// The event loop has returned: the watchdog stands down.
static FINISHED: AtomicBool = AtomicBool::new(false);

/// How long the loop has, after a hang-up or termination, to finish on its own.
const GRACE: Duration = Duration::from_secs(3);

/// A hang-up or termination arrived: leave the loop (everything is already saved).
pub fn signalled() -> bool {
    SIGNALLED.load(Ordering::SeqCst)
}

/// The session is over: the watchdog need not act.
pub fn finished() {
    FINISHED.store(true, Ordering::SeqCst);
}

/// The terminal failed under the desk: a frame it would not take, a key it would not give.
/// Every edit is journaled and saved before the next frame, so the message says so.
#[derive(Debug, thiserror::Error)]
#[error(
    "cannot {action} the terminal: {cause}: every edit is saved; open the desk again in a working terminal"
)]
pub struct TerminalFailed {
    action: &'static str,
    cause: io::Error,
}

/// A frame (or the screen's set-up around `$EDITOR`) the terminal did not take.
pub fn writing(cause: io::Error) -> TerminalFailed {
    TerminalFailed {
        action: "write to",
        cause,
    }
}

/// Input the terminal did not give.
pub fn reading(cause: io::Error) -> TerminalFailed {
    TerminalFailed {
        action: "read from",
        cause,
    }
}

/// The terminal hung up: SIGHUP came, or the terminal on standard input says so (its other
/// end closed; the kernel fails writes with EIO as soon as that happens, before or after
/// it sends SIGHUP, so the flag alone is late).
pub fn hung_up() -> bool {
    HUNG_UP.load(Ordering::SeqCst) || hung_up_on(io::stdin().as_fd())
}

/// The terminal on `fd` reports a hang-up (poll's `POLLHUP`, or an error on it).
pub fn hung_up_on(fd: BorrowedFd<'_>) -> bool {
    use rustix::event::{PollFd, PollFlags, poll};
    let mut fds = [PollFd::new(&fd, PollFlags::IN)];
    let zero = rustix::event::Timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    poll(&mut fds, Some(&zero)).is_ok()
        && fds[0]
            .revents()
            .intersects(PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL)
}

/// How a session ends: a terminal that failed because it hung up is the hang-up's quiet,
/// clean exit (a dropped SSH link: everything is saved, nobody is there to read a line);
/// any other error stays one.
pub fn session_end(
    result: anyhow::Result<()>,
    hung_up: impl FnOnce() -> bool,
) -> anyhow::Result<()> {
    match result {
        Err(e) if e.is::<TerminalFailed>() && hung_up() => Ok(()),
        r => r,
    }
}

/// Keyboard input, as seen on the terminal before crossterm reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Input {
    Ready,
    Idle,
    /// The terminal hung up (an SSH link dropped): there is no one to read from.
    Gone,
}

/// Wait up to `timeout` for input on the terminal. crossterm 0.29 spins for ever inside
/// `event::poll` once the terminal has hung up (its read loop only stops on `WouldBlock`),
/// so a hang-up must be seen here, before crossterm reads.
pub fn wait_input(timeout: Duration) -> Input {
    wait_input_or(timeout, None)
}

/// [`wait_input`], also woken (as `Idle`) when `wake` becomes readable: work finished off
/// the key loop.
pub fn wait_input_or(timeout: Duration, wake: Option<BorrowedFd<'_>>) -> Input {
    use rustix::event::{PollFd, PollFlags, poll};
    let stdin = io::stdin();
    // Without a wake-up descriptor the second slot is not passed to poll.
    let second = wake.unwrap_or(stdin.as_fd());
    let mut fds = [
        PollFd::new(&stdin, PollFlags::IN),
        PollFd::new(&second, PollFlags::IN),
    ];
    let fds = &mut fds[..if wake.is_some() { 2 } else { 1 }];
    // Past rustix's largest timeout: wait without one.
    let timeout = rustix::event::Timespec::try_from(timeout).ok();
    if poll(fds, timeout.as_ref()).is_err() {
        // EINTR (a signal, a resize): let the loop look at the flags.
        return Input::Idle;
    }
    let tty = fds[0].revents();
    if tty.intersects(PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL) {
        return Input::Gone;
    }
    if tty.contains(PollFlags::IN) {
        Input::Ready
    } else {
        Input::Idle
    }
}

/// A backstop for a loop that cannot get back to its flag (stuck in a read of a dead
/// terminal): after a hang-up or termination, exit the process once the grace period is
/// over. Every edit is in the journal already, so nothing is lost, and no briefdesk is
/// left running on the server.
fn start_watchdog() {
    std::thread::spawn(|| {
        loop {
            std::thread::sleep(Duration::from_millis(100));
            if FINISHED.load(Ordering::SeqCst) {
                return;
            }
            if SIGNALLED.load(Ordering::SeqCst) {
                std::thread::sleep(GRACE);
                if !FINISHED.load(Ordering::SeqCst) {
                    let _ = disable_raw_mode();
                    // Straight to the descriptor: the stuck loop may hold stdout's lock.
                    let off = [b"\x1b[?2004l".as_slice(), MOUSE_OFF].concat();
                    let _ = rustix::io::write(io::stdout().as_fd(), &off);
                    std::process::exit(129);
                }
                return;
            }
        }
    });
}

fn install_hooks() {
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let _ = restore();
            previous(info);
        }));
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        for signal in [SIGHUP, SIGTERM, SIGINT] {
            // Refused only for signals that cannot be caught, which these are not.
            let _ = signal_hook::flag::register(signal, Arc::clone(&SIGNALLED));
        }
        let _ = signal_hook::flag::register(SIGHUP, Arc::clone(&HUNG_UP));
        start_watchdog();
    });
}

/// Mouse reports for presses, releases and the wheel (mode 1000), in SGR form (1006: any
/// column, no bytes above 127). Not crossterm's `EnableMouseCapture`, which also asks for a
/// report at every cell the pointer crosses (1003) and every drag (1002): each would wake
/// the desk, and cross an SSH link, for nothing it acts on.
struct EnableClicks;

impl crossterm::Command for EnableClicks {
    fn write_ansi(&self, f: &mut impl std::fmt::Write) -> std::fmt::Result {
        f.write_str("\x1b[?1000h\x1b[?1006h")
    }
}

/// Every mouse mode off, as crossterm's `DisableMouseCapture` writes it (also the modes
/// the desk never turns on, should another program have left them on), for the watchdog,
/// which writes straight to the descriptor.
const MOUSE_OFF: &[u8] = b"\x1b[?1006l\x1b[?1015l\x1b[?1003l\x1b[?1002l\x1b[?1000l";

/// Put the terminal back as it was. Safe to call more than once.
pub fn restore() -> io::Result<()> {
    let raw = disable_raw_mode();
    let mut out = io::stdout();
    let screen = execute!(
        out,
        EndSynchronizedUpdate,
        DisableMouseCapture,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = out.flush();
    raw.and(screen)
}

pub struct Tui {
    /// Dropped by hand: ratatui's own drop `eprintln!`s when the cursor cannot be shown,
    /// which panics once the terminal has hung up.
    terminal: std::mem::ManuallyDrop<Terminal<CrosstermBackend<Stdout>>>,
    /// Mouse reports on (clicks and the wheel go to the desk).
    mouse: bool,
}

impl Tui {
    /// Take the terminal; with `mouse`, its clicks and wheel too.
    pub fn enter(mouse: bool) -> io::Result<Tui> {
        install_hooks();
        enter_screen(mouse)?;
        let terminal = match Terminal::new(CrosstermBackend::new(io::stdout())) {
            Ok(t) => t,
            Err(e) => {
                let _ = restore();
                return Err(e);
            }
        };
        Ok(Tui {
            terminal: std::mem::ManuallyDrop::new(terminal),
            mouse,
        })
    }

    /// One frame: ratatui diffs against the last one and sends only changed cells; the
    /// terminal shows it all at once.
    pub fn draw(&mut self, f: impl FnOnce(&mut ratatui::Frame)) -> io::Result<()> {
        execute!(io::stdout(), BeginSynchronizedUpdate)?;
        let r = self.terminal.draw(f).map(|_| ());
        let end = execute!(io::stdout(), EndSynchronizedUpdate);
        r.and(end)
    }

    /// Hand the terminal to another program (`$EDITOR`).
    pub fn suspend(&mut self) -> io::Result<()> {
        restore()
    }

    /// Take the terminal back and redraw everything. Through `resize`, not `clear`:
    /// ratatui's `clear` first asks the terminal where its cursor is, and crossterm ends
    /// that wait after 2 s with an error, which over a slow SSH link ended the session.
    /// A full-screen `resize` clears the screen and the last frame without asking.
    pub fn resume(&mut self) -> io::Result<()> {
        enter_screen(self.mouse)?;
        let size = self.terminal.size()?;
        self.terminal.resize(ratatui::layout::Rect::from((
            ratatui::layout::Position::ORIGIN,
            size,
        )))
    }

    pub fn size(&self) -> io::Result<ratatui::layout::Size> {
        self.terminal.size()
    }
}

fn enter_screen(mouse: bool) -> io::Result<()> {
    enable_raw_mode()?;
    // A paste comes as one event, never as keys that could be read as commands.
    let mut entered = execute!(
        io::stdout(),
        EnterAlternateScreen,
        EnableBracketedPaste,
        cursor::Hide
    );
    if mouse && entered.is_ok() {
        entered = execute!(io::stdout(), EnableClicks);
    }
    if let Err(e) = entered {
        let _ = restore();
        return Err(e);
    }
    Ok(())
}

impl Drop for Tui {
    fn drop(&mut self) {
        if self.terminal.show_cursor().is_ok() {
            // SAFETY: dropped once, here, and never used again.
            unsafe { std::mem::ManuallyDrop::drop(&mut self.terminal) };
        }
        // Otherwise the terminal is gone: its few buffers go with the process.
        let _ = restore();
    }
}

/// The editor to run, as a program and its arguments: `$VISUAL`, else `$EDITOR`, else `vi`
/// (a variable that is unset or blank does not count). The value is split as a shell
/// splits words, so `EDITOR='code --wait'` and a quoted path with spaces work; a value
/// that is not a command line (an unclosed quote) is an error naming the variable.
pub fn editor_command(
    visual: Option<&str>,
    editor: Option<&str>,
) -> Result<(String, Vec<String>), String> {
    let chosen = [("VISUAL", visual), ("EDITOR", editor)]
        .into_iter()
        .find_map(|(name, v)| v.filter(|v| !v.trim().is_empty()).map(|v| (name, v)));
    let Some((name, value)) = chosen else {
        return Ok(("vi".to_string(), Vec::new()));
    };
    let fix = format!("set it as a shell would read it, e.g. {name}='code --wait'");
    let mut words = shell_words::split(value)
        .map_err(|e| format!("cannot read ${name} ({value}): {e}; {fix}"))?
        .into_iter();
    match words.next() {
        Some(program) if !program.is_empty() => Ok((program, words.collect())),
        _ => Err(format!(
            "cannot read ${name} ({value}): it names no program; {fix}"
        )),
    }
}

/// Edit `text` in `$VISUAL`/`$EDITOR` (else `vi`) in a temporary file; the new text, or why not.
/// What `$EDITOR` gave back.
#[derive(Debug, PartialEq, Eq)]
pub enum Edited {
    /// It exited well: the file's text, to keep.
    Kept(String),
    /// The session ended under it (a hang-up, SIGTERM) after it wrote the file: the text
    /// nobody kept, for the rescue.
    Cut(String),
}

pub fn edit_external(text: &str) -> Result<Edited, String> {
    let visual = std::env::var("VISUAL").ok();
    let editor = std::env::var("EDITOR").ok();
    let (program, args) = editor_command(visual.as_deref(), editor.as_deref())?;
    let mut file = tempfile::Builder::new()
        .prefix("briefdesk-")
        .suffix(".txt")
        .tempfile()
        .map_err(|e| format!("cannot make a temporary file: {e}"))?;
    file.write_all(text.as_bytes())
        .and_then(|()| file.write_all(b"\n"))
        .and_then(|()| file.flush())
        .map_err(|e| format!("cannot write the temporary file: {e}"))?;
    let status = std::process::Command::new(&program)
        .args(&args)
        .arg(file.path())
        .status()
        .map_err(|e| format!("cannot start {program}: {e}"))?;
    if !status.success() {
        // Killed with the session: what it wrote is the user's, not to lose with the file.
        if signalled()
            && let Ok(written) = std::fs::read_to_string(file.path())
            && written.trim() != text.trim()
        {
            return Ok(Edited::Cut(written));
        }
        return Err(format!("{program} exited with {status}; text unchanged"));
    }
    std::fs::read_to_string(file.path())
        .map(Edited::Kept)
        .map_err(|e| format!("cannot read the edited text: {e}"))
}

#[cfg(test)]
#[path = "../../tests/support/openpty.rs"]
mod openpty;

#[cfg(test)]
mod tests {
    use super::openpty;

    use super::editor_command;

    /// The cause of the flaky hang-up exit: once the other end of a pty is closed, a frame
    /// written to it fails with EIO, and the terminal says it hung up. That failure is the
    /// hang-up's clean exit; the same failure with the terminal still there is an error of
    /// one line that names the terminal.
    #[test]
    fn a_write_that_fails_because_the_terminal_hung_up_is_a_clean_end() {
        use std::io::Write;
        use std::os::fd::AsFd;
        let (master, slave) = openpty::openpty(24, 80);
        let mut screen = std::fs::File::from(slave);
        assert!(!super::hung_up_on(screen.as_fd()), "the terminal is there");
        screen.write_all(b"a frame").expect("the terminal takes it");

        drop(master);
        let failed = screen
            .write_all(b"the next frame")
            .expect_err("nobody is there");
        assert_eq!(failed.raw_os_error(), Some(libc::EIO), "{failed}");
        assert!(
            super::hung_up_on(screen.as_fd()),
            "the terminal says it hung up"
        );
        let ended = super::session_end(Err(super::writing(failed).into()), || {
            super::hung_up_on(screen.as_fd())
        });
        assert!(ended.is_ok(), "{ended:?}");

        let failed = std::io::Error::from_raw_os_error(libc::EIO);
        let err = super::session_end(Err(super::writing(failed).into()), || false)
            .expect_err("no hang-up: an error");
        let line = format!("{err:#}");
        assert!(line.starts_with("cannot write to the terminal: "), "{line}");
        assert!(line.contains("every edit is saved"), "{line}");
        assert!(!line.contains('\n'), "{line}");
        // Anything else that failed stays an error, hang-up or not.
        let other = super::session_end(Err(anyhow::anyhow!("a damaged chunk")), || true);
        assert!(other.is_err());
    }

    /// The watchdog's bytes turn off what `restore` turns off.
    #[test]
    fn the_watchdog_turns_the_mouse_off_as_restore_does() {
        use crossterm::Command;
        let mut restore = String::new();
        crossterm::event::DisableMouseCapture
            .write_ansi(&mut restore)
            .expect("a String takes it");
        assert_eq!(restore.as_bytes(), super::MOUSE_OFF);
        let mut on = String::new();
        super::EnableClicks
            .write_ansi(&mut on)
            .expect("a String takes it");
        assert_eq!(on, "\x1b[?1000h\x1b[?1006h");
    }

    fn cmd(program: &str, args: &[&str]) -> Result<(String, Vec<String>), String> {
        Ok((
            program.to_string(),
            args.iter().map(|a| a.to_string()).collect(),
        ))
    }

    #[test]
    fn the_editor_is_visual_then_editor_then_vi() {
        assert_eq!(
            editor_command(Some("nano"), Some("emacs")),
            cmd("nano", &[])
        );
        assert_eq!(editor_command(Some("  "), Some("emacs")), cmd("emacs", &[]));
        assert_eq!(editor_command(None, Some("")), cmd("vi", &[]));
        assert_eq!(editor_command(None, None), cmd("vi", &[]));
    }

    #[test]
    fn an_editor_with_arguments_is_split_as_a_shell_would() {
        assert_eq!(
            editor_command(None, Some("code --wait")),
            cmd("code", &["--wait"])
        );
        assert_eq!(
            editor_command(
                Some("'/opt/My Editor/bin/edit' --title \"the digest\""),
                None
            ),
            cmd("/opt/My Editor/bin/edit", &["--title", "the digest"])
        );
        assert_eq!(
            editor_command(None, Some(r"/home/ana/my\ tools/ed -n")),
            cmd("/home/ana/my tools/ed", &["-n"])
        );
    }

    #[test]
    fn an_unparsable_editor_is_one_line_naming_the_variable() {
        let err = editor_command(None, Some("code \"--wait")).expect_err("an unclosed quote");
        assert!(err.starts_with("cannot read $EDITOR"), "{err}");
        assert!(err.contains("code \"--wait"), "{err}");
        assert!(!err.contains('\n'), "{err}");
        let err = editor_command(Some("'vim"), Some("nano")).expect_err("an unclosed quote");
        assert!(err.starts_with("cannot read $VISUAL"), "{err}");
    }
}
