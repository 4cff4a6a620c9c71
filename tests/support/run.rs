//! The real binary, run as a user or a script would, for the integration tests.

#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

/// The binary with no desk from the environment, no colour, no test hook left on, and
/// `USER` / `LOGNAME` naming somebody else: they must change nothing (names come from the
/// uid).
pub fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_briefdesk"));
    c.env_remove("BRIEFDESK_DIR")
        .env_remove("BRIEFDESK_TEST_DISK_FULL")
        .env("NO_COLOR", "1")
        .env("USER", "rtrev")
        .env("LOGNAME", "rtrev");
    c
}

/// `briefdesk --desk DESK ARGS...`, waited for.
pub fn run(desk: &Path, args: &[&str]) -> Output {
    bin()
        .arg("--desk")
        .arg(desk)
        .args(args)
        .output()
        .expect("the binary runs")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// `run`, which must succeed: its stdout.
pub fn ok(desk: &Path, args: &[&str]) -> String {
    let o = run(desk, args);
    assert!(
        o.status.success(),
        "briefdesk {args:?} failed: {}",
        stderr(&o)
    );
    stdout(&o)
}

/// How many drafts of the desk in `desk` are spiked (`list drafts --json`).
pub fn spiked(desk: &Path) -> usize {
    let drafts: serde_json::Value =
        serde_json::from_str(&ok(desk, &["list", "drafts", "--json"])).expect("json");
    drafts["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|i| i["state"] == "spiked")
        .count()
}
