//! Issue #19's table, measured: a generated desk of N drafts (`tests/support/desk_gen.rs`,
//! as `examples/gen_desk.rs` writes it) in a temp dir, every row the issue asks for, and,
//! given two sizes, how each row grows from the first to the second.
//!
//! ```text
//! cargo build --release --bin briefdesk --example first_frame --example million
//! target/release/examples/million 100000 1000000 [--dir DIR]
//! ```
//!
//! Every row is a separate process (the release `briefdesk` next to this example, or this
//! example itself with `--child-open DESK`), so one row's memory never counts in another:
//!
//! - peak memory and time of `briefdesk import` of the live page (`/usr/bin/time -f`);
//! - first screen: `examples/first_frame --first-screen`, the whole process, median of 5,
//!   next to `vim -u NONE -i NONE -n -es -c q` on the same text (median of 3);
//! - the open desk (`--child-open`, the TUI path into a 120x40 test backend): open to the
//!   first key handled (as `tui::run_opened` does, on the newest drafts while the older
//!   ones load), to the whole desk swapped in, the longest key-loop turn that takes,
//!   resident memory idle (VmRSS, 0.5 s after everything settled), fuzzy filter key to the
//!   first screen of best results and key to the whole ranking, p50/p99 (`ransm` typed 3
//!   times, each key after the last one's whole ranking), word search key to the hits
//!   listed p50/p99 (`ransomware port` typed 3 times, after a first `Ctrl-f`), bytes one
//!   edit writes (`s` on the draft 100 rows down: every desk file rewritten, the journal's
//!   growth; a journal the save empties again counts 0);
//! - `briefdesk list drafts --filter ransom`, median of 5, next to `fzf --filter` if
//!   installed: on the generated desk (no index), on the imported one (the indexes its
//!   import started), then on the generated one after `briefdesk doctor`;
//! - hang-up to lock free: the real binary in a pty, SIGHUP as soon as its first screen
//!   arrives (the older drafts still loading on a big desk), until the process is gone and
//!   `.lock` removed.
//!
//! The desk of each size is deleted before the next is generated (1,000,000 drafts are
//! ~0.5 GB of text and ~0.6 GB of desk).

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use briefdesk::store::Store;
use briefdesk::tui::events::Event;
use briefdesk::tui::{self, draw, update};

#[path = "../tests/support/desk_gen.rs"]
mod desk_gen;
use desk_gen as bs;

type Row = (String, f64, String);

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().is_some_and(|a| a == "--child-open") {
        let desk = args.get(1).context("--child-open DESK")?;
        return child_open(Path::new(desk));
    }
    let mut sizes = Vec::new();
    let mut base = std::env::temp_dir();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--dir" => base = PathBuf::from(it.next().context("--dir DIR")?),
            n => sizes.push(
                n.parse::<u64>()
                    .context("usage: million N [N...] [--dir DIR]")?,
            ),
        }
    }
    if sizes.is_empty() {
        sizes = vec![100_000];
    }
    let mut tables = Vec::new();
    for &n in &sizes {
        let tmp = tempfile::Builder::new()
            .prefix("briefdesk-million-")
            .tempdir_in(&base)?;
        tables.push((n, measure(n, tmp.path())?));
        // The temp dir (desk, texts) goes here, before the next size is generated.
    }
    if let [(n0, a), (n1, b)] = &tables[..] {
        println!(
            "\n## growth from {n0} to {n1} drafts ({:.0}x the drafts)",
            *n1 as f64 / *n0 as f64
        );
        for ((what, x, unit), (_, y, _)) in a.iter().zip(b) {
            println!("{what}: {x:.3} -> {y:.3} {unit} ({:.1}x)", y / x);
        }
    }
    Ok(())
}

fn measure(n: u64, dir: &Path) -> anyhow::Result<Vec<Row>> {
    let mut rows: Vec<Row> = Vec::new();
    let mut row = |what: &str, v: f64, unit: &str| {
        println!("{n} drafts | {what}: {v:.3} {unit}");
        rows.push((what.to_string(), v, unit.to_string()));
    };
    let bin_dir = std::env::current_exe()?
        .parent()
        .and_then(Path::parent)
        .map(Path::to_path_buf)
        .context("the example's directory")?;
    let briefdesk = bin_dir.join("briefdesk");
    let first_frame = bin_dir.join("examples/first_frame");
    for p in [&briefdesk, &first_frame] {
        if !p.is_file() {
            bail!(
                "{} is missing: cargo build --release --bin briefdesk --example first_frame",
                p.display()
            );
        }
    }
    let (load, cores) = (std::fs::read_to_string("/proc/loadavg")?, num_cores());
    println!(
        "\n# {n} drafts (load average: {}, {cores} cores)",
        load.trim()
    );

    let t = Instant::now();
    let desk_dir = dir.join("desk");
    let live = dir.join("live-updates.txt");
    let headlines = dir.join("headlines.txt");
    {
        let desk = bs::desk(n);
        bs::write_desk(&desk_dir, &desk)?;
        std::fs::write(&headlines, bs::headlines_text(&desk))?;
        let items: Vec<_> = desk.items.values().cloned().collect();
        std::fs::write(&live, bs::live_text(&items))?;
    }
    let desk_bytes = bs::desk_bytes(&desk_dir);
    let text_bytes = std::fs::metadata(&live)?.len();
    println!(
        "generated in {:.1?}: desk {:.1} MB, live page {:.1} MB",
        t.elapsed(),
        mb(desk_bytes),
        mb(text_bytes)
    );
    row("desk size", mb(desk_bytes), "MB");

    // import of the live page into a new desk: peak memory and time.
    let imp = dir.join("imported");
    let out = Command::new("/usr/bin/time")
        .args(["-f", "%M %e"])
        .arg(&briefdesk)
        .arg("--desk")
        .arg(&imp)
        .args(["import", "--format", "live"])
        .arg(&live)
        .output()
        .context("/usr/bin/time")?;
    let (peak_kb, secs) = time_line(&out.stderr)?;
    if !out.status.success() {
        bail!("import failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    row("import peak memory", peak_kb / 1024.0, "MB");
    row("import time", secs * 1000.0, "ms");

    // First screen, whole process, vs vim on the same text.
    let first = median(5, || {
        run_ok(
            Command::new(&first_frame)
                .arg(&desk_dir)
                .arg("--first-screen"),
        )
    })?;
    row("first screen (first_frame --first-screen)", first, "ms");
    match median(3, || {
        run_ok(
            Command::new("vim")
                .args(["-u", "NONE", "-i", "NONE", "-n", "-es", "-c", "q"])
                .arg(&live),
        )
    }) {
        Ok(vim) => {
            row("vim opening the live page", vim, "ms");
            row("first screen / vim", first / vim, "x");
        }
        Err(e) => println!("vim: not measured ({e})"),
    }

    // The open desk, in a child of its own (under /usr/bin/time for its peak).
    let out = Command::new("/usr/bin/time")
        .args(["-f", "%M %e"])
        .arg(std::env::current_exe()?)
        .arg("--child-open")
        .arg(&desk_dir)
        .output()?;
    if !out.status.success() {
        bail!(
            "--child-open failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        // "what|value|unit"
        let mut f = line.split('|');
        if let (Some(w), Some(v), Some(u)) = (f.next(), f.next(), f.next()) {
            row(w, v.parse()?, u);
        } else {
            println!("{line}");
        }
    }
    let (peak_kb, _) = time_line(&out.stderr)?;
    row(
        "open desk peak memory (the child above)",
        peak_kb / 1024.0,
        "MB",
    );

    // list --filter vs fzf --filter.
    let list_filter = |desk: &Path| {
        median(5, || {
            run_ok(
                Command::new(&briefdesk)
                    .arg("--desk")
                    .arg(desk)
                    .args(["list", "drafts", "--filter", "ransom"]),
            )
        })
    };
    // The generated desk was written by hand (no index); the imported one has the indexes
    // its import started, as a desk that briefdesk made has.
    let list = list_filter(&desk_dir)?;
    row(
        "list drafts --filter ransom (generated desk, no index)",
        list,
        "ms",
    );
    let imported = list_filter(&imp)?;
    row(
        "list drafts --filter ransom (imported desk, indexes its import started)",
        imported,
        "ms",
    );
    std::fs::remove_dir_all(&imp)?;
    let fzf = Command::new("fzf").arg("--version").output();
    if fzf.is_ok_and(|o| o.status.success()) {
        let f = median(5, || {
            run_ok(
                Command::new("sh")
                    .arg("-c")
                    .arg("fzf --filter ransom < \"$1\" > /dev/null")
                    .arg("sh")
                    .arg(&headlines),
            )
        })?;
        row("fzf --filter ransom on the headlines", f, "ms");
        row("list --filter / fzf (no index)", list / f, "x");
        row("list --filter / fzf (imported desk)", imported / f, "x");
        // `doctor` makes the headlines index `list drafts` reads instead of the chunks.
        run_ok(
            Command::new(&briefdesk)
                .arg("--desk")
                .arg(&desk_dir)
                .arg("doctor"),
        )?;
        let indexed = list_filter(&desk_dir)?;
        row(
            "list drafts --filter ransom after doctor (headlines index)",
            indexed,
            "ms",
        );
        row("... / fzf", indexed / f, "x");
    } else {
        println!("fzf --filter: skipped, fzf is not installed here");
    }

    // Hang-up to lock free.
    let free = hang_up(&briefdesk, &desk_dir)?;
    row(
        "hang-up at the first screen to process gone and lock free",
        free,
        "ms",
    );
    Ok(rows)
}

fn hang_up(briefdesk: &Path, desk: &Path) -> anyhow::Result<f64> {
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
    let pair = native_pty_system().openpty(PtySize {
        rows: 40,
        cols: 120,
        pixel_width: 0,
        pixel_height: 0,
    })?;
    let mut cmd = CommandBuilder::new(briefdesk);
    cmd.arg("--desk");
    cmd.arg(desk);
    cmd.env("TERM", "xterm-256color");
    let mut child = pair.slave.spawn_command(cmd)?;
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader()?;
    let (tx, rx) = std::sync::mpsc::channel::<usize>();
    std::thread::spawn(move || {
        let mut buf = [0u8; 65536];
        while let Ok(k) = reader.read(&mut buf) {
            if k == 0 || tx.send(k).is_err() {
                break;
            }
        }
    });
    // The first screen: a frame's worth of bytes (the alternate screen alone is less).
    let mut seen = 0;
    let deadline = Instant::now() + Duration::from_secs(120);
    while seen < 1000 {
        match rx.recv_timeout(Duration::from_secs(1)) {
            Ok(k) => seen += k,
            Err(_) if Instant::now() > deadline => bail!("no first screen from briefdesk"),
            Err(_) => {}
        }
    }
    let lock = desk.join(".lock");
    let pid = child.process_id().context("pid")? as libc::pid_t;
    let t = Instant::now();
    // SAFETY: a plain kill(2) on our own child.
    if unsafe { libc::kill(pid, libc::SIGHUP) } != 0 {
        bail!("kill SIGHUP failed");
    }
    loop {
        if child.try_wait()?.is_some() && !lock.exists() {
            break;
        }
        if t.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            bail!("briefdesk still running or the lock still there 60 s after SIGHUP");
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    Ok(t.elapsed().as_secs_f64() * 1000.0)
}

/// The TUI path (as `first_frame` and `tui::run_opened`), measured from inside; prints
/// `what|value|unit` lines.
fn child_open(dir: &Path) -> anyhow::Result<()> {
    let t0 = Instant::now();
    briefdesk::malloc::tune();
    let opened = Store::open_newest_first(dir)?;
    let (mut app, loading) = tui::start(opened, tui::Options::default());
    let mut term = Terminal::new(TestBackend::new(120, 40))?;
    term.draw(|f| draw(&app, f))?;
    println!("first screen, inside the process|{}|ms", ms(t0));
    // As `tui::run_opened` does: the key is handled on the newest drafts while the older
    // ones load (issue #19); then the whole desk is swapped in between two keys.
    update(&mut app, Event::Resize(120, 40));
    app.handle_key(KeyEvent::from(KeyCode::Char('j')));
    term.draw(|f| draw(&app, f))?;
    println!("open to the first key handled|{}|ms", ms(t0));
    if let Some(mut loading) = loading {
        let mut swap: f64 = 0.0;
        loop {
            let t = Instant::now();
            if loading.try_finish(&mut app)? {
                swap = swap.max(ms(t));
                break;
            }
            swap = swap.max(ms(t));
            std::thread::sleep(Duration::from_millis(1));
        }
        println!(
            "open to the whole desk in (keys waited this long before)|{}|ms",
            ms(t0)
        );
        println!("longest turn of the key loop on the loading (the swap)|{swap}|ms");
        let t = Instant::now();
        app.handle_key(KeyEvent::from(KeyCode::Char('j')));
        term.draw(|f| draw(&app, f))?;
        println!("the first key after the swap, drawn|{}|ms", ms(t));
    }
    settle(&mut app)?;
    std::thread::sleep(Duration::from_millis(500));
    println!("resident memory, open desk idle|{}|MB", vm_rss_mb()?);

    // Fuzzy filter: key to the first screen of best results (the worker's first screen,
    // or its whole ranking when that comes first), then to the whole ranking (the count,
    // scrolling past the screen). The next key comes once the whole ranking is in, so a
    // longer query narrows the last hits, as it does for anyone typing at a reading pace.
    let mut filter = Vec::new();
    let mut whole = Vec::new();
    for _ in 0..3 {
        app.handle_key(KeyEvent::from(KeyCode::Char('/')));
        for c in "ransm".chars() {
            let t = Instant::now();
            app.handle_key(KeyEvent::from(KeyCode::Char(c)));
            term.draw(|f| draw(&app, f))?;
            if !app.settle_first_screen(Duration::from_secs(120)) {
                bail!("the worker never answered");
            }
            term.draw(|f| draw(&app, f))?;
            filter.push(ms(t));
            settle(&mut app)?;
            term.draw(|f| draw(&app, f))?;
            whole.push(ms(t));
        }
        app.handle_key(KeyEvent::from(KeyCode::Esc));
    }
    // Each key's time, in the order typed (`ransm` three times): which key the p99 is.
    let each: Vec<String> = filter.iter().map(|t| format!("{t:.1}")).collect();
    println!(
        "filter keys to the first screen, each (ms): {}",
        each.join(" ")
    );
    let (p50, p99) = p50_p99(filter);
    println!("filter key to the first screen of best results, p50|{p50}|ms");
    println!("filter key to the first screen of best results, p99|{p99}|ms");
    let (p50, p99) = p50_p99(whole);
    println!("filter key to the whole ranking (count), p50|{p50}|ms");
    println!("filter key to the whole ranking (count), p99|{p99}|ms");

    // Word search: key to the first results (the worker's first screen of hits in list
    // order, or the whole hit list when that comes first), then to the whole hit list (the
    // count); the next key once the whole list is in, as for the filter.
    let ctrl_f = KeyEvent::new(KeyCode::Char('f'), KeyModifiers::CONTROL);
    let mut search = Vec::new();
    let mut first = Vec::new();
    if let Some(given) = std::env::var_os("MILLION_RARE_FIRST") {
        // A rare query on the first fold (`--child-open` alone, this variable set): the
        // oldest draft's first three headline words as a phrase, few hits and the oldest
        // last in list order, so its results wait for the whole fold. Typed at once. Set
        // to other than `1`, the variable is the query (a rare word: the word index).
        let given = given.to_string_lossy().into_owned();
        let rare = app
            .desk
            .items
            .values()
            .next()
            .map(|it| it.headline.split(' ').take(3).collect::<Vec<_>>().join(" "))
            .unwrap_or_default();
        let query = match given.as_str() {
            "1" => format!("\"{rare}\""),
            _ => given,
        };
        app.handle_key(ctrl_f);
        settle(&mut app)?;
        let t = Instant::now();
        for c in query.chars() {
            app.handle_key(KeyEvent::from(KeyCode::Char(c)));
        }
        term.draw(|f| draw(&app, f))?;
        if !app.settle_first_screen(Duration::from_secs(120)) {
            bail!("the worker never answered");
        }
        term.draw(|f| draw(&app, f))?;
        let t_first = ms(t);
        settle(&mut app)?;
        term.draw(|f| draw(&app, f))?;
        let hits = search_count(&term);
        println!(
            "word search, {query} on the first fold ({hits} hits), key to results|{t_first}|ms"
        );
        app.handle_key(KeyEvent::from(KeyCode::Esc));
        app.handle_key(KeyEvent::from(KeyCode::Esc));
        return Ok(());
    }
    for round in 0..3 {
        let t = Instant::now();
        app.handle_key(ctrl_f);
        if round == 0 {
            settle(&mut app)?;
            println!(
                "word search, the first Ctrl-f (every text taken)|{}|ms",
                ms(t)
            );
        }
        for c in "ransomware port".chars() {
            let t = Instant::now();
            app.handle_key(KeyEvent::from(KeyCode::Char(c)));
            term.draw(|f| draw(&app, f))?;
            if !app.settle_first_screen(Duration::from_secs(120)) {
                bail!("the worker never answered");
            }
            term.draw(|f| draw(&app, f))?;
            first.push(ms(t));
            settle(&mut app)?;
            term.draw(|f| draw(&app, f))?;
            search.push(ms(t));
        }
        app.handle_key(KeyEvent::from(KeyCode::Esc));
    }
    let (p50, p99) = p50_p99(first);
    println!("word search key to the first results, p50|{p50}|ms");
    println!("word search key to the first results, p99|{p99}|ms");
    let (p50, p99) = p50_p99(search);
    println!("word search key to the whole hit list (count), p50|{p50}|ms");
    println!("word search key to the whole hit list (count), p99|{p99}|ms");

    // One edit: `s` on the draft under the cursor; what it wrote to the desk's files.
    // 100 rows down: a draft in a full chunk file, not the newest one (which may hold one).
    for _ in 0..100 {
        app.handle_key(KeyEvent::from(KeyCode::Char('j')));
    }
    let before = stamps(dir);
    app.handle_key(KeyEvent::from(KeyCode::Char('s')));
    settle(&mut app)?;
    let after = stamps(dir);
    // What the edit was and whether it saved: the status line.
    let said = app.status.as_ref().map(|(text, _)| text.as_str());
    println!("the edit: {}", said.unwrap_or("(nothing said)"));
    let mut written = 0u64;
    for (p, (len, stamp)) in &after {
        match before.get(p) {
            Some((_, s0)) if s0 == stamp => {}
            // A file appended to (the journal): what it grew by.
            Some((l0, _)) if p.ends_with("journal") || p.ends_with("journal.jsonl") => {
                written += len.saturating_sub(*l0);
            }
            _ => written += len,
        }
    }
    let total: u64 = before.values().map(|(l, _)| l).sum();
    println!("one edit writes|{written}|bytes");
    println!(
        "one edit writes, share of the desk|{}|%",
        written as f64 * 100.0 / total as f64
    );
    // As `tui::run` does at quit.
    std::mem::forget(app);
    Ok(())
}

fn settle(app: &mut briefdesk::tui::App) -> anyhow::Result<()> {
    if !app.settle_drafts(Duration::from_secs(120)) {
        bail!("the worker never answered");
    }
    Ok(())
}

/// Every file under the desk: size, and (mtime, inode) to see it rewritten.
fn stamps(dir: &Path) -> BTreeMap<PathBuf, (u64, (i128, u64))> {
    use std::os::unix::fs::MetadataExt;
    let mut out = BTreeMap::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            let Ok(m) = e.metadata() else { continue };
            if m.is_dir() {
                todo.push(e.path());
            } else {
                let mtime = m.mtime() as i128 * 1_000_000_000 + m.mtime_nsec() as i128;
                out.insert(e.path(), (m.len(), (mtime, m.ino())));
            }
        }
    }
    out
}

#[path = "support/rss.rs"]
mod rss;

fn vm_rss_mb() -> anyhow::Result<f64> {
    Some(rss::rss_mb())
        .filter(|&mb| mb > 0.0)
        .context("VmRSS in /proc/self/status")
}

/// `/usr/bin/time -f "%M %e"`'s last line: peak KB, seconds.
fn time_line(stderr: &[u8]) -> anyhow::Result<(f64, f64)> {
    let text = String::from_utf8_lossy(stderr);
    let last = text.lines().last().context("no /usr/bin/time line")?;
    let mut f = last.split_whitespace();
    let kb = f.next().and_then(|v| v.parse().ok());
    let s = f.next().and_then(|v| v.parse().ok());
    kb.zip(s)
        .with_context(|| format!("not a /usr/bin/time line: {last}"))
}

fn run_ok(cmd: &mut Command) -> anyhow::Result<()> {
    let out = cmd.output()?;
    if !out.status.success() {
        bail!("{cmd:?}: {}", String::from_utf8_lossy(&out.stderr));
    }
    Ok(())
}

/// Median wall time of `runs` runs, in ms.
fn median(runs: usize, mut f: impl FnMut() -> anyhow::Result<()>) -> anyhow::Result<f64> {
    let mut v = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        f()?;
        v.push(ms(t));
    }
    Ok(p50_p99(v).0)
}

fn p50_p99(mut v: Vec<f64>) -> (f64, f64) {
    v.sort_by(f64::total_cmp);
    let at = |p: f64| v[((v.len() - 1) as f64 * p).round() as usize];
    (at(0.5), at(0.99))
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1_000_000.0
}

fn num_cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// The word search's count as the Drafts title shows it (`1 Word search (N of M)`).
fn search_count(term: &Terminal<TestBackend>) -> String {
    let buf = term.backend().buffer();
    let text: String = buf.content().iter().map(|c| c.symbol()).collect();
    text.split("Word search (")
        .nth(1)
        .and_then(|t| t.split(" of").next())
        .unwrap_or("?")
        .to_string()
}
