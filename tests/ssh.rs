//! Over real SSH (issue #7): a real `sshd` on 127.0.0.1, two real Unix users sharing a team
//! desk (a group-owned `chmod 2770` directory), each in `ssh -tt` inside a pseudo-terminal
//! read through a vt100 emulator, exactly as an editor and a reviewer would work from their
//! laptops.
//!
//! Also, without sshd, a hostile member of the team (issue #12): symlinks planted in the
//! shared desk never make a teammate's briefdesk write outside it, and a review log made in
//! a teammate's name is no approval.
//!
//! These tests add Unix accounts (`bd-editor`, `bd-reviewer`, group `bd-team`), so they run
//! only when asked: `CI=true` or `BRIEFDESK_TEST_ACCOUNTS=1`, as root. Otherwise they print
//! `skipped: <why>` and pass. They remove every account and group they added when they end,
//! failed or not (`Accounts`, a guard with `Drop`); the tests that use them take turns. The
//! SSH tests also need `/usr/sbin/sshd`: under `CI` its absence is a failure (`.ci/run`
//! installs openssh-server). Every wait polls until a generous deadline (`pty::WAIT`), so a
//! slow machine makes the test slower, never wrong; only the sshd port wait retries.

#[path = "support/pty.rs"]
mod pty;

use std::net::{Ipv4Addr, SocketAddrV4, TcpListener, TcpStream};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use pty::Term;
use serde_json::Value;

const ROWS: u16 = 30;
const COLS: u16 = 120;
const ENTER: &str = "\r";
const CTRL_S: &str = "\x13";

const SSHD: &str = "/usr/sbin/sshd";
const EDITOR: &str = "bd-editor";
const REVIEWER: &str = "bd-reviewer";
const TEAM: &str = "bd-team";

const TITLE: &str = "Security Digest – November 23, 2026";
/// The bullet the editor adds over SSH, and the one added after the link dropped.
const BULLET: &str = "Port gates reopen";
const AFTER_DROP: &str = "Repair ship reaches the cable";

/// A live-updates page (the shape of `tests/fixtures/live_house.txt`): banner, then items
/// newest first, stamped by `UPDATE:` lines.
const LIVE: &str = "LATEST DEVELOPMENTS: THIS PAGE IS UPDATED AS THE NEWS COMES IN
UPDATE: 10:40 PM CEST
Ransomware Gang Claims Attack on Dutch Port Operator
A ransomware group claimed on Tuesday to have stolen 600 gigabytes of data from a container terminal operator in Rotterdam, whose gate systems were down for most of the day.
The operator said it had informed the national cyber security centre and that no ships had been diverted.
UPDATE: 9:05 PM CEST
Subsea Data Cable Cut Between Two Baltic Islands
A data cable linking the islands of Gotland and Saaremaa stopped carrying traffic overnight, the operator said on Tuesday, and a repair ship has been sent to find the break.
UPDATE: 4:15 PM CEST
Central Bank Warns of a Wave of Deepfake Voice Fraud
The central bank warned lenders on Monday that criminals were using cloned voices of company executives to order urgent payments.
";

// ---------------------------------------------------------------------------------------
// The machine: users, group, sshd
// ---------------------------------------------------------------------------------------

/// May this test add Unix accounts? Only under `CI=true` or `BRIEFDESK_TEST_ACCOUNTS=1`,
/// and as root; else a line says why it is skipped (under `CI`, no root is a failure).
fn may_add_accounts() -> bool {
    let asked = std::env::var("CI").is_ok_and(|v| v == "true")
        || std::env::var("BRIEFDESK_TEST_ACCOUNTS").is_ok_and(|v| v == "1");
    if !asked {
        println!(
            "skipped: adds Unix accounts; set CI=true or BRIEFDESK_TEST_ACCOUNTS=1 (as root) to run"
        );
        return false;
    }
    // SAFETY: geteuid has no preconditions and cannot fail.
    let root = unsafe { libc::geteuid() } == 0;
    if !root {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI: tests/ssh.rs adds Unix accounts and needs root"
        );
        println!("skipped: adding Unix accounts needs root");
    }
    root
}

/// Accounts may be added, and sshd is here? Without sshd: skipped, but a failure under `CI`.
fn can_run() -> bool {
    if !may_add_accounts() {
        return false;
    }
    let tools = [SSHD, "/usr/bin/ssh", "/usr/bin/ssh-keygen"]
        .iter()
        .all(|p| Path::new(p).exists());
    if tools {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI: tests/ssh.rs needs {SSHD} (with ssh and ssh-keygen); .ci/run installs \
         openssh-server"
    );
    println!("skipped: needs sshd ({SSHD}, ssh, ssh-keygen)");
    false
}

/// Run a setup command; panics with its output if it fails.
fn run(program: &str, args: &[&str]) -> Output {
    let o = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("run {program}: {e}"));
    assert!(
        o.status.success(),
        "{program} {args:?} failed ({}): {}{}",
        o.status,
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

fn exists(kind: &str, name: &str) -> bool {
    Command::new("getent")
        .args([kind, name])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// The two analysts and their team, for one test: what did not exist is added, and removed
/// again when the guard is dropped (at the end of the test, or while a failed one unwinds).
/// Tests holding accounts take turns (one guard at a time), so none removes another's.
struct Accounts {
    added_users: Vec<&'static str>,
    added_group: bool,
    _turn: std::sync::MutexGuard<'static, ()>,
}

impl Accounts {
    fn add() -> Accounts {
        static TURN: Mutex<()> = Mutex::new(());
        let turn = TURN.lock().unwrap_or_else(PoisonError::into_inner);
        let mut me = Accounts {
            added_users: Vec::new(),
            added_group: false,
            _turn: turn,
        };
        if !exists("group", TEAM) {
            run("groupadd", &[TEAM]);
            me.added_group = true;
        }
        for user in [EDITOR, REVIEWER] {
            if exists("passwd", user) {
                run("usermod", &["-a", "-G", TEAM, "-s", "/bin/sh", user]);
            } else {
                run("useradd", &["-m", "-s", "/bin/sh", "-G", TEAM, user]);
                me.added_users.push(user);
            }
            // useradd leaves the account locked (`!`); `*` unlocks it for key logins
            // without PAM while still allowing no password.
            run("usermod", &["-p", "*", user]);
        }
        me
    }
}

impl Drop for Accounts {
    fn drop(&mut self) {
        for user in &self.added_users {
            // What the test started as this user (a server-side briefdesk, a shell) ends
            // first, by pid: userdel refuses a user with processes.
            if let Some(uid) = uid_if_any(user) {
                for pid in pids_of_uid(uid) {
                    // SAFETY: a plain kill(2) of a process of the account this test made.
                    unsafe { libc::kill(pid as libc::pid_t, libc::SIGKILL) };
                }
            }
            // The killed processes take a moment to go; the account database may be busy.
            let mut last = String::new();
            for _ in 0..50 {
                match Command::new("userdel").args(["-r", "-f", user]).output() {
                    Ok(o) if !exists("passwd", user) => {
                        let _ = o;
                        last.clear();
                        break;
                    }
                    Ok(o) => last = String::from_utf8_lossy(&o.stderr).into_owned(),
                    Err(e) => last = e.to_string(),
                }
                std::thread::sleep(Duration::from_millis(100));
            }
            if !last.is_empty() {
                eprintln!("could not remove the test account {user}: {last}");
            }
        }
        if self.added_group {
            let _ = Command::new("groupdel").arg(TEAM).status();
        }
    }
}

fn uid_if_any(user: &str) -> Option<u32> {
    let o = Command::new("id").args(["-u", user]).output().ok()?;
    String::from_utf8_lossy(&o.stdout).trim().parse().ok()
}

/// The processes of `uid`, from `/proc`.
fn pids_of_uid(uid: u32) -> Vec<u32> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|n| n.parse::<u32>().ok())
        else {
            continue;
        };
        if entry.metadata().is_ok_and(|m| m.uid() == uid) {
            out.push(pid);
        }
    }
    out
}

/// `sshd -D` of this test; stopped when dropped (a failed assertion included).
struct Sshd {
    child: Child,
    port: u16,
    log: PathBuf,
}

impl Sshd {
    /// Start sshd on a free port of 127.0.0.1 with its own host key, keys from `dir/keys/<user>`,
    /// and wait until it accepts connections. A port taken between choosing and binding it
    /// makes sshd exit: then it tries another.
    fn start(dir: &Path) -> Sshd {
        let host_key = dir.join("host_key");
        keygen(&host_key);
        let run_dir = Path::new("/run/sshd");
        if !run_dir.is_dir() {
            std::fs::create_dir_all(run_dir).expect("create /run/sshd");
            std::fs::set_permissions(run_dir, std::fs::Permissions::from_mode(0o755))
                .expect("chmod /run/sshd");
        }
        let config = dir.join("sshd_config");
        let log = dir.join("sshd.log");
        let mut last = String::new();
        for _attempt in 0..5 {
            let port = free_port();
            let text = format!(
                "Port {port}
ListenAddress 127.0.0.1
HostKey {host_key}
PidFile {pid}
AuthorizedKeysFile {keys}/%u
StrictModes no
UsePAM no
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin no
AllowUsers {EDITOR} {REVIEWER}
PrintMotd no
PrintLastLog no
UseDNS no
X11Forwarding no
AllowTcpForwarding no
",
                host_key = host_key.display(),
                pid = dir.join("sshd.pid").display(),
                keys = dir.join("keys").display(),
            );
            std::fs::write(&config, text).expect("write sshd_config");
            let log_file = std::fs::File::create(&log).expect("create sshd.log");
            let mut child = Command::new(SSHD)
                .arg("-D")
                .arg("-e")
                .arg("-f")
                .arg(&config)
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(log_file)
                .spawn()
                .expect("start sshd");
            let deadline = Instant::now() + pty::WAIT;
            loop {
                if let Ok(Some(st)) = child.try_wait() {
                    last = format!("sshd exited ({st}): {}", read_log(&log));
                    break;
                }
                let addr = SocketAddrV4::new(Ipv4Addr::LOCALHOST, port).into();
                if TcpStream::connect_timeout(&addr, Duration::from_secs(1)).is_ok() {
                    return Sshd { child, port, log };
                }
                if Instant::now() > deadline {
                    let _ = child.kill();
                    let _ = child.wait();
                    panic!("sshd never accepted on port {port}: {}", read_log(&log));
                }
                std::thread::sleep(Duration::from_millis(50));
            }
        }
        panic!("sshd did not start: {last}");
    }
}

impl Drop for Sshd {
    fn drop(&mut self) {
        // SIGTERM first: sshd removes its pid file and closes the port.
        // SAFETY: a plain kill(2) on our own child process.
        unsafe { libc::kill(self.child.id() as libc::pid_t, libc::SIGTERM) };
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn read_log(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| format!("(no log: {e})"))
}

fn free_port() -> u16 {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port on 127.0.0.1")
}

/// A new ed25519 key pair without passphrase: `path` and `path.pub`.
fn keygen(path: &Path) {
    let p = path.to_str().expect("utf-8 path");
    run(
        "ssh-keygen",
        &["-q", "-t", "ed25519", "-N", "", "-C", "", "-f", p],
    );
}

/// `s` as one word for the remote shell.
fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

// ---------------------------------------------------------------------------------------
// The site: a team desk behind sshd
// ---------------------------------------------------------------------------------------

/// Under a fresh directory of `/tmp` (0755, so both users can reach it): a copy of the
/// binary, the team desk `desk/` (group `bd-team`, `chmod 2770`) made by the editor over
/// SSH with three drafts and one issue of two sections, and sshd.
struct Site {
    // Field order is drop order: sshd stops before the directory goes, and the accounts
    // go last.
    sshd: Sshd,
    bin: PathBuf,
    desk: PathBuf,
    key: PathBuf,
    issue: String,
    tmp: tempfile::TempDir,
    _accounts: Accounts,
}

/// A directory in /tmp every account can enter, with its own copy of the binary (the test
/// binary may sit under a private home).
fn scratch(prefix: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::Builder::new()
        .prefix(prefix)
        .tempdir_in("/tmp")
        .expect("temp dir in /tmp");
    chmod(tmp.path(), 0o755);
    let bin = tmp.path().join("briefdesk");
    std::fs::copy(env!("CARGO_BIN_EXE_briefdesk"), &bin).expect("copy the binary");
    chmod(&bin, 0o755);
    (tmp, bin)
}

/// The team desk in `dir`, as docs describe it: the directory given to the group, setgid;
/// and the live page both analysts may import.
fn team_desk(dir: &Path) -> (PathBuf, PathBuf) {
    let desk = dir.join("desk");
    std::fs::create_dir(&desk).expect("desk dir");
    run("chgrp", &[TEAM, desk.to_str().expect("utf-8 path")]);
    chmod(&desk, 0o2770);
    let page = dir.join("live.txt");
    std::fs::write(&page, LIVE).expect("write the page");
    chmod(&page, 0o644);
    (desk, page)
}

impl Site {
    fn new() -> Site {
        let accounts = Accounts::add();
        let (tmp, bin) = scratch("briefdesk-ssh-");
        let dir = tmp.path();

        let key = dir.join("client_key");
        keygen(&key);
        let public = std::fs::read_to_string(dir.join("client_key.pub")).expect("public key");
        let keys = dir.join("keys");
        std::fs::create_dir(&keys).expect("keys dir");
        chmod(&keys, 0o755);
        for user in [EDITOR, REVIEWER] {
            let f = keys.join(user);
            std::fs::write(&f, &public).expect("authorized keys");
            chmod(&f, 0o644);
        }

        let (desk, page) = team_desk(dir);

        let sshd = Sshd::start(dir);
        let mut site = Site {
            sshd,
            bin,
            desk,
            key,
            issue: String::new(),
            tmp,
            _accounts: accounts,
        };
        // The editor makes the desk's content, non-interactively over SSH.
        site.briefdesk(EDITOR, &["import", page.to_str().expect("utf-8 path")]);
        site.briefdesk(
            EDITOR,
            &[
                "issue",
                "new",
                TITLE,
                "--group",
                "Global Security Matters",
                "--section",
                "International Affairs",
                "--section",
                "Cyber Threats",
            ],
        );
        let list = site.briefdesk(EDITOR, &["list", "issues", "--json"]);
        let v: Value = serde_json::from_str(&list).expect("list issues --json is JSON");
        site.issue = match &v[0]["id"] {
            Value::Number(n) => n.to_string(),
            Value::String(s) => s.clone(),
            other => panic!("no issue id in {other} of:\n{v:#}"),
        };
        site
    }

    fn dir(&self) -> &Path {
        self.tmp.path()
    }

    /// `ssh` arguments for `user` running `remote` (one shell command line).
    fn ssh_args(&self, user: &str, tty: bool, remote: &str) -> Vec<String> {
        let mut a: Vec<String> = vec![if tty { "-tt" } else { "-T" }.into()];
        let port = self.sshd.port.to_string();
        let key = self.key.to_str().expect("utf-8 path");
        for s in [
            "-F",
            "/dev/null",
            "-i",
            key,
            "-p",
            &port,
            "-o",
            "StrictHostKeyChecking=no",
            "-o",
            "UserKnownHostsFile=/dev/null",
            "-o",
            "LogLevel=ERROR",
            "-o",
            "BatchMode=yes",
            "-o",
            "IdentitiesOnly=yes",
        ] {
            a.push(s.into());
        }
        a.push(format!("{user}@127.0.0.1"));
        a.push(remote.into());
        a
    }

    /// The remote command line: briefdesk on the team desk, the user's own config kept out.
    fn remote(&self, args: &[&str]) -> String {
        let mut line = format!(
            "exec env TERM=xterm-256color XDG_CONFIG_HOME={} {} --desk {}",
            quote(&self.dir().join("no-config").display().to_string()),
            quote(&self.bin.display().to_string()),
            quote(&self.desk.display().to_string()),
        );
        for a in args {
            line.push(' ');
            line.push_str(&quote(a));
        }
        line
    }

    /// briefdesk without a terminal, as `user` over SSH; its standard output. Panics with
    /// stderr and sshd's log if it fails.
    fn briefdesk(&self, user: &str, args: &[&str]) -> String {
        let o = Command::new("ssh")
            .args(self.ssh_args(user, false, &self.remote(args)))
            .stdin(Stdio::null())
            .output()
            .expect("run ssh");
        assert!(
            o.status.success(),
            "ssh {user} briefdesk {args:?} failed ({}): {}\nsshd log:\n{}",
            o.status,
            String::from_utf8_lossy(&o.stderr),
            read_log(&self.sshd.log)
        );
        String::from_utf8_lossy(&o.stdout).into_owned()
    }

    /// The desk TUI as `user` through `ssh -tt`, in a pseudo-terminal of our own.
    fn open(&self, user: &str, args: &[&str]) -> Term {
        let ssh = self.ssh_args(user, true, &self.remote(args));
        let ssh: Vec<&str> = ssh.iter().map(String::as_str).collect();
        Term::spawn_program("ssh", &ssh, ROWS, COLS, &[])
    }

    /// The issue as on disk now.
    fn issue_file(&self) -> Value {
        let path = self
            .desk
            .join("issues")
            .join(format!("{}.json", self.issue));
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    /// Every bullet text of the issue on disk, in order, at any depth.
    fn bullets_on_disk(&self) -> Vec<String> {
        fn walk(bullets: &Value, out: &mut Vec<String>) {
            for b in bullets.as_array().into_iter().flatten() {
                if let Some(t) = b["text"].as_str() {
                    out.push(t.to_string());
                }
                walk(&b["sub_points"], out);
            }
        }
        let issue = self.issue_file();
        let mut out = Vec::new();
        for s in issue["sections"].as_array().into_iter().flatten() {
            walk(&s["bullets"], &mut out);
        }
        out
    }

    /// The events in `author`'s review log of the issue (`reviews/<issue>/<author>.jsonl`),
    /// its complete lines; none while it does not exist.
    fn log_events(&self, author: &str) -> Vec<Value> {
        let log = self
            .desk
            .join("reviews")
            .join(&self.issue)
            .join(format!("{author}.jsonl"));
        let text = std::fs::read_to_string(&log).unwrap_or_default();
        // A line still being written is not an event yet.
        let complete = text.rfind('\n').map_or("", |i| &text[..i]);
        complete
            .lines()
            .map(|l| {
                serde_json::from_str(l)
                    .unwrap_or_else(|e| panic!("{}: not an event: {e}: {l}", log.display()))
            })
            .collect()
    }

    /// The pid `.lock` names, if the desk is locked.
    fn lock_pid(&self) -> Option<u32> {
        let text = std::fs::read_to_string(self.desk.join(".lock")).ok()?;
        let v: Value = serde_json::from_str(&text).expect(".lock is JSON");
        v["pid"].as_u64().and_then(|p| u32::try_from(p).ok())
    }

    /// `user`'s live processes on the server side running this site's briefdesk (`pgrep -u
    /// USER -f BIN`, read from `/proc` so that no procps is needed).
    fn server_processes(&self, user: &str) -> Vec<u32> {
        let uid = uid_of(user);
        let bin = self.bin.as_os_str().as_encoded_bytes();
        let mut pids = Vec::new();
        for entry in std::fs::read_dir("/proc").expect("list /proc").flatten() {
            let Some(pid) = entry
                .file_name()
                .to_str()
                .and_then(|n| n.parse::<u32>().ok())
            else {
                continue;
            };
            let owned = entry.metadata().is_ok_and(|m| m.uid() == uid);
            // A zombie's command line is empty: it has exited.
            let runs_bin = std::fs::read(entry.path().join("cmdline"))
                .is_ok_and(|c| c.split(|&b| b == 0).any(|arg| arg == bin));
            if owned && runs_bin {
                pids.push(pid);
            }
        }
        pids
    }
}

/// Every file and directory of the desk belongs to the team and is theirs to write (a
/// review log: theirs to read, its author's to write): what lets the next analyst save and
/// each append to their own log.
fn assert_team_desk(desk: &Path) {
    let gid = gid_of(TEAM);
    let mut todo = vec![desk.to_path_buf()];
    while let Some(p) = todo.pop() {
        let m = std::fs::symlink_metadata(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        assert_eq!(m.gid(), gid, "{} is not group {TEAM}'s", p.display());
        // A review log is the group's to read and its author's alone to write (0640).
        let log = p.extension().is_some_and(|x| x == "jsonl")
            && p.strip_prefix(desk).is_ok_and(|r| r.starts_with("reviews"));
        if log {
            assert_eq!(m.mode() & 0o7777, 0o640, "{} is not 0640", p.display());
        } else {
            let want = if m.is_dir() { 0o2070 } else { 0o060 };
            assert_eq!(
                m.mode() & want,
                want,
                "{} is {:o}: the team cannot write it",
                p.display(),
                m.mode() & 0o7777
            );
        }
        if m.is_dir() {
            for e in std::fs::read_dir(&p)
                .expect("list a desk directory")
                .flatten()
            {
                todo.push(e.path());
            }
        }
    }
}

/// The paths under `desk` owned by `user`: what that user's briefdesk made or rewrote
/// (every desk file is written anew and renamed into place, so a rewrite changes owner).
fn owned_by(desk: &Path, user: &str) -> Vec<PathBuf> {
    let uid = uid_of(user);
    let mut out = Vec::new();
    let mut todo = vec![desk.to_path_buf()];
    while let Some(p) = todo.pop() {
        let m = std::fs::symlink_metadata(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        if m.uid() == uid {
            out.push(p.strip_prefix(desk).unwrap_or(&p).to_path_buf());
        }
        if m.is_dir() {
            for e in std::fs::read_dir(&p)
                .expect("list a desk directory")
                .flatten()
            {
                todo.push(e.path());
            }
        }
    }
    out.sort();
    out
}

fn gid_of(group: &str) -> u32 {
    let o = run("getent", &["group", group]);
    String::from_utf8_lossy(&o.stdout)
        .split(':')
        .nth(2)
        .and_then(|g| g.trim().parse().ok())
        .unwrap_or_else(|| panic!("no gid for {group}"))
}

fn uid_of(user: &str) -> u32 {
    let o = run("id", &["-u", user]);
    String::from_utf8_lossy(&o.stdout)
        .trim()
        .parse()
        .unwrap_or_else(|e| panic!("id -u {user}: {e}"))
}

fn chmod(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
        .unwrap_or_else(|e| panic!("chmod {mode:o} {}: {e}", path.display()));
}

// ---------------------------------------------------------------------------------------
// Screen helpers
// ---------------------------------------------------------------------------------------

/// Wait until one screen line holds every one of `parts`; that line.
fn wait_for_line(t: &Term, parts: &[&str]) -> String {
    let deadline = Instant::now() + pty::WAIT;
    loop {
        let s = t.screen();
        if let Some(line) = s.lines().find(|l| parts.iter().all(|p| l.contains(p))) {
            return line.to_string();
        }
        assert!(
            Instant::now() < deadline,
            "no screen line ever held all of {parts:?}; the screen shows:\n{s}"
        );
        std::thread::sleep(Duration::from_millis(30));
    }
}

/// The editor's session, ready: the desk open and editable.
fn open_editor(site: &Site) -> Term {
    let t = site.open(EDITOR, &[]);
    let s = t.wait_for("1 Drafts");
    t.settle();
    assert!(
        !s.contains("READ-ONLY") && !s.contains("read-only"),
        "the editor's desk is not editable:\n{s}"
    );
    t
}

/// In the Issue pane, a new bullet at the end of the first section (selected first with
/// `g`); waits until it is shown and saved.
fn add_bullet(t: &mut Term, text: &str) {
    t.type_keys("2");
    t.type_keys("g");
    t.type_keys("o");
    t.wait_for("New bullet");
    t.type_keys(text);
    t.key(ENTER);
    wait_for_line(t, &["•", text]);
    t.wait_for("saved");
}

/// Wait until `ok` holds; panics naming `what` if it never does.
fn wait_until(what: &str, ok: impl Fn() -> bool) {
    let deadline = Instant::now() + pty::WAIT;
    while !ok() {
        assert!(Instant::now() < deadline, "never happened: {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The link drops: the editor's local `ssh` is killed (SIGKILL: it says nothing to the
/// server). The server side must see the hang-up: no briefdesk of the editor left, the lock
/// released, every edit on disk; and the next session gets the desk editable.
fn drop_the_editor_and_check(site: &Site, editor: &mut Term, edits: &[&str]) {
    let server_pid = site.lock_pid().expect("the editor holds the desk's lock");
    assert!(
        site.server_processes(EDITOR).contains(&server_pid),
        "the lock's pid {server_pid} is not the editor's briefdesk on the server: {:?}",
        site.server_processes(EDITOR)
    );
    let client = editor.pid().expect("the ssh client's pid");
    // SAFETY: a plain kill(2) on our own child process.
    let r = unsafe { libc::kill(client as libc::pid_t, libc::SIGKILL) };
    assert_eq!(r, 0, "kill -9 the ssh client {client}");
    let st = editor.wait_exit();
    assert!(!st.success(), "ssh was killed, yet exited {st:?}");

    wait_until(
        "the editor's briefdesk on the server side exits after the link drops",
        || site.server_processes(EDITOR).is_empty(),
    );
    wait_until("the editor's server-side process is gone", || {
        !Path::new(&format!("/proc/{server_pid}")).exists()
    });
    assert!(
        !site.desk.join(".lock").exists(),
        "the lock is released when the link drops"
    );
    let on_disk = site.bullets_on_disk();
    for e in edits {
        assert!(
            on_disk.iter().any(|b| b == e),
            "the edit {e:?} is lost: {on_disk:?}"
        );
    }

    // A new session: the desk is editable again, and its edits reach the disk.
    let mut again = open_editor(site);
    for e in edits {
        again.wait_for(e);
    }
    let next = AFTER_DROP;
    add_bullet(&mut again, next);
    again.send("q");
    let st = again.wait_exit();
    assert!(
        st.success(),
        "ssh after q: {st:?}; screen:\n{}",
        again.screen()
    );
    assert!(
        site.bullets_on_disk().iter().any(|b| b == next),
        "the new session's edit is not on disk: {:?}",
        site.bullets_on_disk()
    );
    assert!(
        !site.desk.join(".lock").exists(),
        "the lock is released on q"
    );
    assert!(
        site.server_processes(EDITOR).is_empty(),
        "a briefdesk of the editor is left: {:?}",
        site.server_processes(EDITOR)
    );
    assert_team_desk(&site.desk);
}

// ---------------------------------------------------------------------------------------
// The tests
// ---------------------------------------------------------------------------------------

/// The dropped link alone: the editor adds a bullet over `ssh -tt`, then the ssh client is
/// killed. The server side exits by itself, releases the lock, keeps the bullet, and the
/// next session opens the desk editable.
#[test]
fn ssh_a_killed_editor_client_leaves_no_process_and_loses_nothing() {
    if !can_run() {
        return;
    }
    let site = Site::new();
    let mut editor = open_editor(&site);
    add_bullet(&mut editor, BULLET);
    drop_the_editor_and_check(&site, &mut editor, &[BULLET]);
}

/// The whole of issue #7 over real SSH: the reviewer's screen follows the editor's new
/// bullet, the reviewer's comment shows on the editor's screen, the approval is recorded
/// with the reviewer's name and time, and killing the editor's ssh client leaves the desk
/// with every edit and editable again.
#[test]
fn ssh_editor_and_reviewer_work_live_on_one_team_desk() {
    if !can_run() {
        return;
    }
    let start = Utc::now();
    let site = Site::new();
    let mut editor = open_editor(&site);
    let mut reviewer = site.open(REVIEWER, &["review"]);
    reviewer.wait_for("REVIEW (read-only)");
    reviewer.settle();

    // The editor's new bullet appears on the reviewer's screen.
    add_bullet(&mut editor, BULLET);
    wait_for_line(&reviewer, &["•", BULLET]);

    // The reviewer comments on it: the editor's row of that bullet shows `[1]`.
    reviewer.type_keys("2");
    reviewer.type_keys("g");
    reviewer.type_keys("j");
    reviewer.type_keys("c");
    reviewer.wait_for(&format!("Comment on \"{BULLET}\""));
    reviewer.type_keys("Which port? Name the operator.");
    reviewer.key(CTRL_S);
    wait_for_line(&editor, &[BULLET, "[1]"]);

    // The reviewer approves: recorded in their own log, signed and stamped.
    reviewer.type_keys("Y");
    // `Approve "<title>" as bd-reviewer? (y/n)`, wrapped where the dialog is narrow.
    reviewer.wait_for(&format!("Approve \"{TITLE}\" as {REVIEWER}?"));
    reviewer.type_keys("y");
    let approved = || -> Option<Value> {
        site.log_events(REVIEWER)
            .into_iter()
            .find(|e| e["event"] == "status" && e["to"] == "approved")
    };
    wait_until("an approval in the reviewer's log", || approved().is_some());
    let ev = approved().expect("the approval event");
    assert_eq!(ev["by"], REVIEWER, "{ev}");
    let at: DateTime<Utc> = ev["at"]
        .as_str()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no time on the approval: {ev}"));
    assert!(
        (at - start).num_minutes().abs() <= 10,
        "approved at {at}, but the test started at {start}"
    );

    // The editor's link drops; the reviewer goes on reading, and nothing is lost.
    drop_the_editor_and_check(&site, &mut editor, &[BULLET]);
    // The reviewer saw the next session's bullet too; and that edit of an approved issue
    // sent it back to review, in the editor's own log next to the reviewer's (the team
    // desk lets each write their own file in the directory the other made).
    wait_for_line(&reviewer, &["•", AFTER_DROP]);
    let back = site.log_events(EDITOR);
    assert!(
        back.iter().any(|e| e["event"] == "status"
            && e["to"] == "in_review"
            && e["by"] == EDITOR
            && e["note"] == "edited after approval"),
        "no `edited after approval` in the editor's log: {back:?}"
    );
    reviewer.send("q");
    let st = reviewer.wait_exit();
    assert!(st.success(), "reviewer's ssh after q: {st:?}");
    // The reviewer wrote their own log and nothing else (the editor's `issue new` made
    // `reviews/<issue>/`, for its `edited` line).
    let log = Path::new("reviews").join(&site.issue);
    assert_eq!(
        owned_by(&site.desk, REVIEWER),
        vec![log.join(format!("{REVIEWER}.jsonl"))],
        "the reviewer wrote more than their own review log"
    );
    assert!(
        site.server_processes(REVIEWER).is_empty(),
        "a briefdesk of the reviewer is left: {:?}",
        site.server_processes(REVIEWER)
    );
}

// ---------------------------------------------------------------------------------------
// A hostile member of the team (issue #12), without sshd
// ---------------------------------------------------------------------------------------

/// A team desk on this machine: the binary copied where both accounts reach it, the desk a
/// group-owned `chmod 2770` directory the editor filled (three drafts, issue 1). Each
/// analyst runs briefdesk as their own account (`setpriv`), with `USER` and `LOGNAME`
/// naming the other one: names must come from the uid.
struct Team {
    bin: PathBuf,
    desk: PathBuf,
    out: PathBuf,
    page: PathBuf,
    tmp: tempfile::TempDir,
    // Dropped last: the accounts outlive every file of theirs.
    _accounts: Accounts,
}

impl Team {
    fn new() -> Team {
        let accounts = Accounts::add();
        let (tmp, bin) = scratch("briefdesk-team-");
        let dir = tmp.path();
        let (desk, page) = team_desk(dir);
        // Where both may write their exports.
        let out = dir.join("out");
        std::fs::create_dir(&out).expect("out dir");
        chmod(&out, 0o1777);
        let team = Team {
            bin,
            desk,
            out,
            page,
            tmp,
            _accounts: accounts,
        };
        let page = team.page.to_str().expect("utf-8 path").to_string();
        team.ok(EDITOR, &["import", &page]);
        team.ok(
            EDITOR,
            &["issue", "new", TITLE, "--section", "International Affairs"],
        );
        team
    }

    /// `program args` as `user` (real and effective uid, gid and groups from the account
    /// database), `USER`/`LOGNAME` set to the other analyst.
    fn command(&self, user: &str, program: &Path) -> Command {
        let other = if user == EDITOR { REVIEWER } else { EDITOR };
        let gid = run("id", &["-g", user]);
        let gid = String::from_utf8_lossy(&gid.stdout).trim().to_string();
        let mut c = Command::new("setpriv");
        c.args(["--reuid", user, "--regid", &gid, "--init-groups", "--"])
            .arg(program)
            .env_clear()
            .env("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")
            .env("HOME", home_of(user))
            .env("USER", other)
            .env("LOGNAME", other)
            .env("NO_COLOR", "1")
            .env("XDG_CONFIG_HOME", self.tmp.path().join("no-config"));
        c
    }

    /// briefdesk `args` on the team desk as `user`.
    fn briefdesk(&self, user: &str, args: &[&str]) -> Output {
        self.command(user, &self.bin)
            .arg("--desk")
            .arg(&self.desk)
            .args(args)
            .output()
            .expect("run setpriv")
    }

    fn ok(&self, user: &str, args: &[&str]) -> String {
        let o = self.briefdesk(user, args);
        assert!(
            o.status.success(),
            "{user}: briefdesk {args:?} failed: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        String::from_utf8_lossy(&o.stdout).into_owned()
    }

    /// A shell command line as `user` (to plant files the way a teammate would).
    fn sh(&self, user: &str, line: &str) {
        let o = self
            .command(user, Path::new("/bin/sh"))
            .arg("-c")
            .arg(line)
            .current_dir(&self.desk)
            .output()
            .expect("run sh");
        assert!(
            o.status.success(),
            "{user}: sh -c {line:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }

    fn export_to(&self, name: &str) -> String {
        self.out
            .join(name)
            .to_str()
            .expect("utf-8 path")
            .to_string()
    }
}

fn home_of(user: &str) -> PathBuf {
    let o = run("getent", &["passwd", user]);
    let line = String::from_utf8_lossy(&o.stdout).into_owned();
    PathBuf::from(line.trim().split(':').nth(5).unwrap_or("/"))
}

/// A file of `user`'s own, `mode`, in their home.
fn private_file(user: &str, name: &str, text: &str, mode: u32) -> PathBuf {
    let p = home_of(user).join(name);
    std::fs::write(&p, text).expect("write a private file");
    run(
        "chown",
        &[&format!("{user}:"), p.to_str().expect("utf-8 path")],
    );
    chmod(&p, mode);
    p
}

fn one_line_error(o: &Output, needles: &[&str]) {
    assert!(!o.status.success(), "should fail");
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err:?}");
    for n in needles {
        assert!(err.contains(n), "{n:?} not in {err:?}");
    }
}

/// The reviewer swaps the journal for a link to the editor's private file, then `.backup`
/// for a link to a directory of the editor's; the editor plants a link to the reviewer's
/// `~/.bashrc` where the reviewer's review log goes. Each victim's next command refuses in
/// one line (or, for the log, records nothing and says so) and their file is untouched.
#[test]
fn a_teammates_planted_symlinks_never_make_briefdesk_write_outside_the_desk() {
    if !may_add_accounts() {
        return;
    }
    let team = Team::new();
    let page = team.page.to_str().expect("utf-8 path").to_string();

    // 1. The journal, linked to the editor's private notes (which the reviewer cannot read).
    let notes = private_file(EDITOR, "notes.txt", "the editor's own notes\n", 0o600);
    team.sh(
        REVIEWER,
        &format!(
            "rm -f journal.jsonl && ln -s {} journal.jsonl",
            notes.display()
        ),
    );
    let o = team.briefdesk(EDITOR, &["import", &page]);
    one_line_error(
        &o,
        &[
            "journal.jsonl is a symbolic link, not a file",
            "move it away and run `briefdesk doctor`",
        ],
    );
    assert_eq!(
        std::fs::read_to_string(&notes).expect("read the notes"),
        "the editor's own notes\n"
    );
    team.sh(EDITOR, "rm journal.jsonl");

    // 2. `.backup`, linked to a directory of the editor's, with files named as the
    // rotation would delete, rename and link them.
    let kept = home_of(EDITOR).join("kept");
    std::fs::create_dir_all(kept.join("issues")).expect("mkdir");
    for n in 1..=3 {
        std::fs::write(
            kept.join(format!("issues/1.json.{n}")),
            format!("mine {n}\n"),
        )
        .expect("write");
    }
    run(
        "chown",
        &["-R", &format!("{EDITOR}:"), kept.to_str().expect("utf-8")],
    );
    let before = files_under(&kept);
    team.sh(
        REVIEWER,
        &format!(
            "mv .backup .backup-old 2>/dev/null; ln -s {} .backup",
            kept.display()
        ),
    );
    let o = team.briefdesk(EDITOR, &["issue", "new", "Another", "--section", "Asia"]);
    one_line_error(&o, &[".backup is a symbolic link, not a directory"]);
    assert_eq!(files_under(&kept), before, "files outside the desk changed");
    team.sh(REVIEWER, "rm .backup");

    // 3. The reviewer's review log, linked to the reviewer's ~/.bashrc: an export by the
    // reviewer stands, is not recorded, and says why; the .bashrc is as it was.
    let bashrc = private_file(REVIEWER, ".bashrc", "alias ll='ls -l'\n", 0o644);
    // The reviewer approves (a log the reviewer owns), so an export is one to record.
    approve_as_reviewer(&team);
    team.ok(EDITOR, &["export", "-o", &team.export_to("editor.md")]);
    team.sh(
        EDITOR,
        &format!("ln -sf {} reviews/1/{REVIEWER}.jsonl", bashrc.display()),
    );
    let o = team.briefdesk(REVIEWER, &["export", "-o", &team.export_to("reviewer.md")]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains(&format!("{REVIEWER}.jsonl is a symbolic link")),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(&bashrc).expect("read .bashrc"),
        "alias ll='ls -l'\n"
    );
}

/// Issue 1 sent for review and approved, both by the reviewer: the log lines.
fn approval_lines(team: &Team) -> String {
    use briefdesk::model::review::Status;
    use briefdesk::model::{IssueId, Review};
    use briefdesk::store::review;

    let issue = review::read_issue(&team.desk, IssueId(1)).expect("issue 1");
    let sent = Review::fold(Vec::new())
        .status_event(&issue, REVIEWER, Utc::now(), Status::InReview, "")
        .expect("send for review");
    let approved = Review::fold(vec![sent.clone()])
        .status_event(&issue, REVIEWER, Utc::now(), Status::Approved, "")
        .expect("approve");
    let mut lines = String::new();
    for ev in [&sent, &approved] {
        lines.push_str(&serde_json::to_string(ev).expect("an event as JSON"));
        lines.push('\n');
    }
    lines
}

/// Issue 1 sent for review and approved by the reviewer, in a log the reviewer owns (as
/// the reviewer's own `v` and `Y` in the desk would write it).
fn approve_as_reviewer(team: &Team) {
    let lines = approval_lines(team);
    let log = team
        .desk
        .join("reviews/1")
        .join(format!("{REVIEWER}.jsonl"));
    // The directories as briefdesk makes them in a team desk: the desk's 2770.
    team.sh(
        REVIEWER,
        "mkdir -p -m 2770 reviews && mkdir -p -m 2770 reviews/1",
    );
    std::fs::write(&log, &lines).expect("write the reviewer's log");
    run(
        "chown",
        &[&format!("{REVIEWER}:{TEAM}"), log.to_str().expect("utf-8")],
    );
    run("chmod", &["0640", log.to_str().expect("utf-8")]);
}

/// The editor runs with `USER=bd-reviewer`: everything they record is signed `bd-editor`,
/// in `bd-editor.jsonl`. The editor writes an approval "by bd-reviewer" into
/// `reviews/1/bd-reviewer.jsonl` themselves: it is skipped (the file is not the reviewer's)
/// and `export --require-approved` refuses. The same lines in a file the reviewer owns are
/// an approval.
#[test]
fn a_review_log_made_in_a_teammates_name_is_no_approval() {
    if !may_add_accounts() {
        return;
    }
    let team = Team::new();
    let lines = approval_lines(&team);
    let forged = team
        .desk
        .join("reviews/1")
        .join(format!("{REVIEWER}.jsonl"));
    team.sh(EDITOR, "mkdir -p reviews/1");
    std::fs::write(&forged, &lines).expect("write the forged log");
    run(
        "chown",
        &[&format!("{EDITOR}:{TEAM}"), forged.to_str().expect("utf-8")],
    );

    // Refused: the forged log is skipped with a warning naming it, then the one-line error.
    let o = team.briefdesk(EDITOR, &["export", "--require-approved"]);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    let said: Vec<&str> = err.lines().collect();
    let forged_by = format!("{REVIEWER}.jsonl belongs to {EDITOR}, not to {REVIEWER}");
    assert_eq!(said.len(), 2, "{err}");
    assert!(
        said[0].starts_with("warning: ") && said[0].contains(&forged_by),
        "{err}"
    );
    assert!(said[1].contains("is Draft, not approved"), "{err}");

    // Written by the reviewer's own account, the same lines are an approval, and the
    // editor's export (USER says bd-reviewer) is recorded as the editor's.
    run(
        "chown",
        &[
            &format!("{REVIEWER}:{TEAM}"),
            forged.to_str().expect("utf-8"),
        ],
    );
    team.ok(
        EDITOR,
        &[
            "export",
            "--require-approved",
            "-o",
            &team.export_to("digest.md"),
        ],
    );
    let mine = std::fs::read_to_string(team.desk.join(format!("reviews/1/{EDITOR}.jsonl")))
        .expect("the editor's own log");
    // The last line (the first is the `edited` line of the editor's `issue new`).
    let last = mine.trim_end().lines().last().unwrap_or_default();
    let ev: Value = serde_json::from_str(last).expect("one event");
    assert_eq!(
        (ev["by"].as_str(), ev["to"].as_str()),
        (Some(EDITOR), Some("exported"))
    );
    assert_eq!(
        std::fs::read_to_string(&forged).expect("the reviewer's log"),
        lines,
        "the editor never writes the reviewer's log"
    );
}

/// The four-eyes rule with two real accounts: the editor made issue 1, so under
/// `review.require_other_approver` the editor's `review approve` is refused in one line
/// and the reviewer's is taken, signed by the reviewer, in the reviewer's own log.
#[test]
fn four_eyes_the_editor_cannot_approve_and_the_reviewer_can() {
    if !may_add_accounts() {
        return;
    }
    let team = Team::new();
    team.ok(
        EDITOR,
        &["settings", "review.require_other_approver", "true"],
    );
    let o = team.briefdesk(EDITOR, &["review", "approve"]);
    one_line_error(
        &o,
        &[&format!(
            "four-eyes rule: {EDITOR} last changed this issue; another reviewer must approve it"
        )],
    );
    let o = team.briefdesk(REVIEWER, &["review", "approve"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let theirs = std::fs::read_to_string(team.desk.join(format!("reviews/1/{REVIEWER}.jsonl")))
        .expect("the reviewer's own log");
    let ev: Value = serde_json::from_str(theirs.trim_end()).expect("one event");
    assert_eq!(
        (ev["by"].as_str(), ev["to"].as_str()),
        (Some(REVIEWER), Some("approved"))
    );
    team.ok(
        EDITOR,
        &[
            "export",
            "--require-approved",
            "-o",
            &team.export_to("d.md"),
        ],
    );
}

/// Every file under `dir` with its text, sorted.
fn files_under(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(p) = todo.pop() {
        for e in std::fs::read_dir(&p).expect("list").flatten() {
            let path = e.path();
            if path.is_dir() {
                todo.push(path);
            } else {
                out.push((
                    path.clone(),
                    std::fs::read_to_string(&path).unwrap_or_default(),
                ));
            }
        }
    }
    out.sort();
    out
}
