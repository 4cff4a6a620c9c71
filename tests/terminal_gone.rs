//! The desk's terminal failing under it, in a bare `openpty` the test holds both ends of.
//!
//! A dropped SSH link is a hang-up: the desk exits quietly and cleanly (status 0), even
//! when the hang-up lands in the middle of a frame and the terminal's write fails with EIO.
//! A terminal that fails to take a frame with NO hang-up is an error: one line on stderr,
//! exit status 1. The desk is saved and the lock freed either way.

#[path = "support/files.rs"]
mod files;
#[path = "support/openpty.rs"]
mod openpty;
#[path = "support/pty.rs"]
mod pty;
#[path = "support/run.rs"]
mod run;

use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::OwnedFd;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use run::ok;

const PAGE: &str = "LATEST DEVELOPMENTS: THIS PAGE IS UPDATED AS THE NEWS COMES IN
UPDATE: 10:40 PM CEST
Ransomware Gang Claims Attack on Dutch Port Operator
A ransomware group claimed on Tuesday to have stolen 600 gigabytes of data from a container terminal operator in Rotterdam, whose gate systems were down for most of the day.
UPDATE: 9:05 PM CEST
Subsea Data Cable Cut Between Two Baltic Islands
A data cable linking the islands of Gotland and Saaremaa stopped carrying traffic overnight, the operator said on Tuesday, and a repair ship has been sent to find the break.
UPDATE: 7:30 PM CEST
Drone Sightings Close Airport in Southern Norway
Kristiansand airport closed for three hours on Monday evening after several drones were seen near the runway, the second closure this month.
";

/// A pseudo-terminal: the master (the test's end, non-blocking) and the slave (the desk's).
struct Pty {
    master: File,
    slave: OwnedFd,
}

fn open_pty(rows: u16, cols: u16) -> Pty {
    let (master, slave) = openpty::openpty(rows, cols);
    openpty::nonblocking(&master);
    Pty {
        master: File::from(master),
        slave,
    }
}

/// The desk on `input`'s terminal (its controlling terminal, as sshd's session gives),
/// drawing on `output`, its stderr a pipe.
fn spawn_desk(desk: &Path, input: &OwnedFd, output: &OwnedFd) -> Child {
    let mut cmd = run::bin();
    cmd.env("TERM", "xterm-256color")
        .arg("--desk")
        .arg(desk)
        .stdin(input.try_clone().expect("dup"))
        .stdout(output.try_clone().expect("dup"))
        .stderr(Stdio::piped());
    // SAFETY: setsid and TIOCSCTTY are async-signal-safe; they make the pty the child's
    // controlling terminal, so closing its master hangs the session up as sshd would.
    unsafe {
        cmd.pre_exec(|| {
            if libc::setsid() < 0 || libc::ioctl(0, libc::TIOCSCTTY, 0) < 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    cmd.spawn().expect("spawn briefdesk")
}

/// Read the terminal until `want` was drawn.
fn read_until(term: &mut File, seen: &mut Vec<u8>, want: &str) {
    let deadline = Instant::now() + pty::WAIT;
    let mut buf = [0u8; 8192];
    while !String::from_utf8_lossy(seen).contains(want) {
        assert!(Instant::now() < deadline, "never saw {want:?}");
        match term.read(&mut buf) {
            Ok(n) if n > 0 => seen.extend_from_slice(&buf[..n]),
            _ => std::thread::sleep(Duration::from_millis(20)),
        }
    }
}

/// The desk's main thread is asleep in write(2): its terminal takes no more output.
/// `None` when the kernel does not say (no `/proc/<pid>/syscall`).
fn stuck_in_write(pid: u32) -> Option<bool> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/syscall")).ok()?;
    let nr: i64 = text.split_whitespace().next()?.parse().ok()?;
    Some(nr == libc::SYS_write || nr == libc::SYS_writev)
}

fn wait_exit(child: &mut Child) -> std::process::ExitStatus {
    pty::wait_exit(child, "its terminal failed")
}

fn stderr_of(child: &mut Child) -> String {
    let mut text = String::new();
    if let Some(mut e) = child.stderr.take() {
        e.read_to_string(&mut text).expect("stderr");
    }
    text
}

/// The spike made before the terminal failed is on disk, and the lock is freed.
fn assert_saved(desk: &Path) {
    assert!(!desk.join(".lock").exists(), "the lock is released");
    let spiked = run::spiked(desk);
    assert_eq!(
        spiked, 1,
        "the edit made before the terminal failed is kept"
    );
}

fn desk_with_drafts() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let desk = tmp.path().join("desk");
    let page = files::write(tmp.path(), "live.txt", PAGE);
    ok(&desk, &["import", page.to_str().expect("utf-8 path")]);
    (tmp, desk)
}

/// The flaky end of `e2e::a_dropped_terminal_leaves_no_process_and_loses_nothing`, made
/// certain: the link drops while the desk is writing a frame. The test stops reading the
/// terminal and keeps the help overlay flipping until the desk sleeps in write(2) on a full
/// terminal, then closes the master: that write fails with EIO (the kernel may send SIGHUP
/// just before or just after). A hang-up is the quiet, clean exit, whatever the write said.
#[test]
fn a_hang_up_in_the_middle_of_a_frame_is_a_quiet_clean_exit() {
    let (_tmp, desk) = desk_with_drafts();
    let Pty { mut master, slave } = open_pty(60, 200);
    let mut child = spawn_desk(&desk, &slave, &slave);
    drop(slave);
    let mut seen = Vec::new();
    read_until(&mut master, &mut seen, "Drafts");
    master.write_all(b"s").expect("type s");
    read_until(&mut master, &mut seen, "saved");

    // Nobody reads the terminal any more: each `?` is a frame the terminal must hold.
    let deadline = Instant::now() + pty::WAIT;
    let mut flips = 0;
    loop {
        assert!(
            Instant::now() < deadline,
            "the desk never filled its terminal"
        );
        let _ = master.write(b"?");
        flips += 1;
        std::thread::sleep(Duration::from_millis(10));
        match stuck_in_write(child.id()) {
            // Stuck for good: it stays there however long the test looks.
            Some(true) => {
                std::thread::sleep(Duration::from_millis(200));
                if stuck_in_write(child.id()) == Some(true) {
                    break;
                }
            }
            Some(false) => {}
            // The kernel does not say: a few seconds of frames fill any terminal.
            None if flips >= 300 => break,
            None => {}
        }
    }

    // The link drops under the frame being written.
    drop(master);
    let status = wait_exit(&mut child);
    let err = stderr_of(&mut child);
    assert!(status.success(), "exit: {status:?}, stderr: {err}");
    assert_eq!(err, "", "a hang-up is quiet");
    assert_saved(&desk);
}

/// A terminal that cannot take a frame while the session is still there (no hang-up: the
/// desk's own terminal, its input, is alive) is an error: one line naming the terminal and
/// what to do, exit status 1, the desk saved and the lock freed. The frames go to a second
/// pty whose master the test closes; keys still come on the first.
#[test]
fn a_terminal_write_error_without_a_hang_up_is_one_line_and_exit_1() {
    let (_tmp, desk) = desk_with_drafts();
    let keys = open_pty(24, 80);
    let Pty {
        master: mut screen,
        slave: screen_slave,
    } = open_pty(24, 80);
    let Pty {
        master: mut keyboard,
        slave: keys_slave,
    } = keys;
    let mut child = spawn_desk(&desk, &keys_slave, &screen_slave);
    drop(keys_slave);
    drop(screen_slave);
    let mut seen = Vec::new();
    read_until(&mut screen, &mut seen, "Drafts");
    keyboard.write_all(b"s").expect("type s");
    read_until(&mut screen, &mut seen, "saved");

    // The screen goes; the keyboard stays. The next key's frame cannot be written.
    drop(screen);
    keyboard.write_all(b"?").expect("type ?");
    let status = wait_exit(&mut child);
    let err = stderr_of(&mut child);
    assert_eq!(status.code(), Some(1), "exit: {status:?}, stderr: {err}");
    assert_eq!(err.lines().count(), 1, "one line: {err:?}");
    assert!(
        err.starts_with("briefdesk: cannot write to the terminal: "),
        "names the terminal: {err:?}"
    );
    assert!(
        err.contains("every edit is saved"),
        "says the desk is safe: {err:?}"
    );
    assert_saved(&desk);
    drop(keyboard);
}
