//! A pseudo-terminal pair for the tests that hang a session up by closing its master
//! (`tests/e2e.rs`, `tests/terminal_gone.rs`, the terminal's unit tests).

#![allow(dead_code)] // each includer uses a different part

use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};

/// A new pty of `rows` x `cols`: (master, slave), neither inherited by a child (a child
/// holding the master would keep its own terminal alive).
pub fn openpty(rows: u16, cols: u16) -> (OwnedFd, OwnedFd) {
    let (mut master, mut slave) = (-1, -1);
    let size = libc::winsize {
        ws_row: rows,
        ws_col: cols,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // SAFETY: valid out-pointers; no name buffer or termios asked for.
    let rc = unsafe {
        libc::openpty(
            &mut master,
            &mut slave,
            std::ptr::null_mut(),
            std::ptr::null(),
            &size,
        )
    };
    assert_eq!(rc, 0, "openpty");
    for fd in [master, slave] {
        // SAFETY: fd was just returned by openpty.
        unsafe { libc::fcntl(fd, libc::F_SETFD, libc::FD_CLOEXEC) };
    }
    // SAFETY: openpty gave us these two fresh descriptors; each is owned once from here.
    unsafe { (OwnedFd::from_raw_fd(master), OwnedFd::from_raw_fd(slave)) }
}

/// Reads and writes on `fd` no longer block: the test keeps its own deadlines.
pub fn nonblocking(fd: &impl AsRawFd) {
    let fd = fd.as_raw_fd();
    // SAFETY: fd is open for as long as the borrow.
    unsafe {
        libc::fcntl(
            fd,
            libc::F_SETFL,
            libc::fcntl(fd, libc::F_GETFL) | libc::O_NONBLOCK,
        )
    };
}
