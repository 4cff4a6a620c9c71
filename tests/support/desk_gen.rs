//! Deterministic test desks for the benchmarks, `examples/gen_desk.rs` and the unit tests
//! that need a large desk. Not part of the shipped library: the benches and examples include
//! this file with `#[path]`, and the library only under `cfg(test)` (as `crate::desk_gen`).
//!
//! Everything comes from one tiny PRNG with a fixed seed, so two runs give the same bytes:
//! items shaped like the live-updates seed (a Title Case headline of 6-14 words, a body of
//! 30-70 words, every fourth item stamped `UPDATE: h:mm PM CEST`), 52 archived issues, and
//! one big issue of 1,000 bullets (some nested, some assessments).

#![allow(dead_code)] // each includer uses a different part

use std::fmt::Write as _;
use std::path::Path;

use chrono::NaiveDate;

use briefdesk::model::{
    Bullet, BulletId, BulletKind, Desk, Issue, IssueId, IssueMeta, Item, ItemId, ItemState,
    Section, SectionId,
};
use briefdesk::store::{SaveReport, Store, StoreError};

/// The seed every generated desk starts from.
pub const SEED: u64 = 0x00b1_7ede_5c00_2026;

/// SplitMix64: tiny, fast, and the same on every platform.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next_u64() % (hi - lo + 1)
    }

    pub fn pick<'a>(&mut self, words: &[&'a str]) -> &'a str {
        words[(self.next_u64() % words.len() as u64) as usize]
    }

    /// True with probability `pct` percent.
    pub fn chance(&mut self, pct: u64) -> bool {
        self.next_u64() % 100 < pct
    }
}

const HEAD_WORDS: &[&str] = &[
    "Ransomware",
    "Attack",
    "Forces",
    "Hospital",
    "Group",
    "Divert",
    "Ambulances",
    "Treasury",
    "Sanctions",
    "Tanker",
    "Network",
    "Shipping",
    "Iranian",
    "Oil",
    "Fuel",
    "Convoys",
    "Attacked",
    "Western",
    "Supply",
    "Corridor",
    "Week",
    "Election",
    "Offices",
    "Spoofed",
    "Results",
    "Websites",
    "Ahead",
    "Midterms",
    "Hostage",
    "Families",
    "Rally",
    "Mediators",
    "Resume",
    "Talks",
    "Drone",
    "Strikes",
    "Hit",
    "Depot",
    "Substation",
    "Subsea",
    "Cables",
    "Between",
    "Finland",
    "Estonia",
    "Damaged",
    "Cargo",
    "Ship",
    "Detained",
    "Hacktivists",
    "Claim",
    "Access",
    "Water",
    "Plant",
    "Controls",
    "Northern",
    "Italy",
    "Europol",
    "Arrests",
    "Eight",
    "Suspected",
    "Affiliates",
    "Pensioners",
    "Return",
    "Streets",
    "Coast",
    "Guard",
    "Vessel",
    "Cannon",
    "Shoal",
    "Taiwan",
    "Reports",
    "Chinese",
    "Drones",
    "Islets",
    "Moldova",
    "Commission",
    "Portal",
    "Inspectors",
    "Enrichment",
    "Sites",
    "Critical",
    "Flaw",
    "Edge",
    "VPN",
    "Appliances",
    "Exploited",
    "Before",
    "Patch",
    "Army",
    "Convoy",
    "Ambushed",
    "Near",
    "Members",
    "Killed",
    "Strike",
    "Southern",
    "Lebanon",
    "Baltic",
    "Sabotage",
    "Espionage",
    "Campaign",
    "Targets",
    "Ministries",
    "Phishing",
    "Wave",
    "Telecom",
    "Outage",
    "Blamed",
    "Border",
    "Crossing",
    "Reopens",
    "Militia",
    "Seizes",
    "Town",
    "Ceasefire",
    "Collapses",
    "Leak",
    "Exposes",
    "Records",
    "Police",
    "Dismantle",
    "Botnet",
    "Zero-Day",
    "Browser",
    "Vendor",
    "Warns",
    "Customers",
    "Spyware",
    "Found",
    "Phones",
    "Journalists",
    "Satellite",
    "Jamming",
    "Disrupts",
    "Flights",
    "Port",
    "Closed",
    "After",
    "Explosion",
    "Grid",
    "Operator",
    "Restores",
    "Power",
    "Protests",
    "Spread",
    "Capital",
    "Curfew",
    "Declared",
    "Minister",
    "Resigns",
    "Over",
    "Breach",
    "Bank",
    "Heist",
    "Crypto",
    "Exchange",
    "Drained",
];

const BODY_WORDS: &[&str] = &[
    "the",
    "group",
    "said",
    "on",
    "tuesday",
    "that",
    "its",
    "systems",
    "were",
    "attacked",
    "by",
    "a",
    "ransomware",
    "operation",
    "and",
    "officials",
    "confirmed",
    "an",
    "investigation",
    "into",
    "the",
    "breach",
    "of",
    "regional",
    "networks",
    "after",
    "staff",
    "lost",
    "access",
    "to",
    "records",
    "police",
    "agency",
    "federal",
    "security",
    "warned",
    "customers",
    "patch",
    "vulnerable",
    "devices",
    "researchers",
    "attributed",
    "activity",
    "with",
    "moderate",
    "confidence",
    "to",
    "espionage",
    "actors",
    "linked",
    "state",
    "sanctions",
    "vessels",
    "companies",
    "ministry",
    "border",
    "forces",
    "convoy",
    "fighters",
    "drones",
    "strikes",
    "power",
    "cables",
    "data",
    "leak",
    "site",
    "claimed",
    "terabytes",
    "victims",
    "hospitals",
    "councils",
    "election",
    "results",
    "domains",
    "voters",
    "mediators",
    "talks",
    "hostages",
    "exchange",
    "framework",
    "phase",
    "troops",
    "corridor",
    "coast",
    "guard",
    "water",
    "cannon",
    "shoal",
    "inspectors",
    "enrichment",
    "uranium",
    "stockpile",
    "board",
    "resolution",
    "flaw",
    "appliances",
    "exploited",
    "catalog",
    "agencies",
    "days",
    "internet",
    "scans",
    "fix",
];

/// A Title Case headline of 6-14 words, never ending in a period.
pub fn headline(rng: &mut Rng) -> String {
    let n = rng.range(6, 14);
    let mut s = String::with_capacity(n as usize * 9);
    for i in 0..n {
        if i > 0 {
            s.push(' ');
        }
        s.push_str(rng.pick(HEAD_WORDS));
    }
    s
}

/// One or two paragraphs, 30-70 words in all, each a sentence ending with a period.
pub fn body(rng: &mut Rng) -> Vec<String> {
    let n = rng.range(30, 70) as usize;
    let split = if rng.chance(50) { n / 2 } else { n };
    let mut paras = Vec::new();
    let mut para = String::new();
    for i in 0..n {
        let w = rng.pick(BODY_WORDS);
        if para.is_empty() {
            let mut cs = w.chars();
            if let Some(c) = cs.next() {
                para.extend(c.to_uppercase());
                para.push_str(cs.as_str());
            }
        } else {
            para.push(' ');
            para.push_str(w);
        }
        if i + 1 == split || i + 1 == n {
            para.push('.');
            paras.push(std::mem::take(&mut para));
        }
    }
    paras
}

/// Item `id` (1-based): every fourth stamped `h:mm PM CEST`; a few used, spiked or held.
pub fn item(rng: &mut Rng, id: u64) -> Item {
    let mut it = Item::new(ItemId(id), headline(rng), body(rng));
    if id.is_multiple_of(4) {
        let line = format!(
            "UPDATE: {}:{:02} PM CEST",
            rng.range(1, 11),
            rng.range(0, 59)
        );
        it.stamp = briefdesk::format::live::stamp_line(&line).map(Box::new);
    }
    it.state = match rng.next_u64() % 100 {
        0..=4 => ItemState::Used,
        5..=7 => ItemState::Spiked,
        8..=9 => ItemState::Held,
        _ => ItemState::Pool,
    };
    it
}

/// `n` items with ids `1..=n`.
pub fn items(n: u64) -> Vec<Item> {
    let mut rng = Rng::new(SEED);
    (1..=n).map(|id| item(&mut rng, id)).collect()
}

fn sentence(rng: &mut Rng, lo: u64, hi: u64) -> String {
    let mut s = headline(rng);
    let n = rng.range(lo, hi);
    for _ in 0..n {
        s.push(' ');
        s.push_str(rng.pick(BODY_WORDS));
    }
    s.push('.');
    s
}

const SECTIONS: &[&str] = &[
    "Cyber",
    "Europe",
    "Middle East",
    "Asia-Pacific",
    "Africa",
    "Americas",
];

/// An issue of `bullets` bullets over the sections above: every fifth top-level bullet has
/// two sub-points (one of them nested once more), every seventh is an assessment.
pub fn issue(rng: &mut Rng, id: u64, date: NaiveDate, bullets: usize) -> Issue {
    let meta = IssueMeta {
        title: format!("Weekly Security Brief {date}"),
        tagline: "What moved this week, and what it means".into(),
        date: Some(date),
        group: Some("Global Security Matters".into()),
        tlp: None,
    };
    let mut issue = Issue::new(IssueId(id), meta);
    for (i, name) in SECTIONS.iter().enumerate() {
        issue
            .sections
            .push(Section::new(SectionId(i as u64 + 1), *name));
    }
    let mut next = 1u64;
    let mut bid = || {
        next += 1;
        BulletId(next - 1)
    };
    let mut made = 0usize;
    let mut top = 0usize;
    while made < bullets {
        let mut b = Bullet::new(bid(), sentence(rng, 12, 30));
        made += 1;
        if top % 7 == 3 {
            b.kind = BulletKind::Assessment;
        }
        if top % 5 == 1 && made + 3 <= bullets {
            let mut sub = Bullet::new(bid(), sentence(rng, 6, 16));
            let mut deep = Bullet::new(bid(), sentence(rng, 6, 12));
            deep.kind = BulletKind::Assessment;
            sub.sub_points.push(deep);
            b.sub_points.push(sub);
            b.sub_points.push(Bullet::new(bid(), sentence(rng, 6, 16)));
            made += 3;
        }
        let s = top % SECTIONS.len();
        issue.sections[s].bullets.push(b);
        top += 1;
    }
    issue
}

/// The number of archived issues, and the bullets of the big one.
pub const ARCHIVED_ISSUES: u64 = 52;
pub const BIG_ISSUE_BULLETS: usize = 1000;

/// The whole desk: `n` items, 52 weekly archived issues of 24 bullets, then issue 53 with
/// 1,000 bullets (the newest).
pub fn desk(n: u64) -> Desk {
    let mut desk = Desk::new();
    desk.items = items(n).into_iter().map(|i| (i.id, i)).collect();
    let mut rng = Rng::new(SEED ^ 0x1550e5);
    let first = NaiveDate::from_ymd_opt(2025, 10, 6).unwrap_or_default();
    for k in 0..ARCHIVED_ISSUES {
        let date = first + chrono::Days::new(7 * k);
        let is = issue(&mut rng, k + 1, date, 24);
        desk.issues.insert(is.id, is);
    }
    let date = first + chrono::Days::new(7 * ARCHIVED_ISSUES);
    let big = issue(&mut rng, ARCHIVED_ISSUES + 1, date, BIG_ISSUE_BULLETS);
    desk.issues.insert(big.id, big);
    desk
}

/// The big issue of [`desk`].
pub fn big_issue(desk: &Desk) -> Option<&Issue> {
    desk.issues.get(&IssueId(ARCHIVED_ISSUES + 1))
}

/// The headlines newest first, one a line (what `fzf --filter` reads).
pub fn headlines_text(desk: &Desk) -> String {
    let mut s = String::with_capacity(desk.items.len() * 80);
    for it in desk.items_newest_first() {
        s.push_str(&it.headline);
        s.push('\n');
    }
    s
}

/// The items as a live-updates page, newest first (what `briefdesk import` reads).
pub fn live_text(items: &[Item]) -> String {
    let mut s = String::with_capacity(items.len() * 420);
    s.push_str("LATEST DEVELOPMENTS: THIS PAGE IS UPDATED AS THE NEWS COMES IN\n");
    for it in items.iter().rev() {
        if let Some(st) = &it.stamp {
            let _ = writeln!(s, "UPDATE: {}", st.written);
        }
        s.push_str(&it.headline);
        s.push('\n');
        for p in &it.body {
            s.push_str(p);
            s.push('\n');
        }
    }
    s
}

/// Write `desk` as a new desk directory in `dir` (which must be missing or empty).
pub fn write_desk(dir: &Path, desk: &Desk) -> Result<SaveReport, StoreError> {
    let (mut store, _) = Store::open(dir)?;
    store.save_all(desk)
}

/// A generated desk of `n` items in `dir`, made once and reused: a `.generated` marker is
/// written last, so a run stopped half way makes it again.
pub fn ensure_desk(dir: &Path, n: u64) -> Result<(), StoreError> {
    let marker = dir.join(".generated");
    if marker.exists() {
        return Ok(());
    }
    if dir.exists() {
        std::fs::remove_dir_all(dir).map_err(|e| io_err(dir, "remove", e))?;
    }
    write_desk(dir, &desk(n))?;
    std::fs::write(&marker, n.to_string()).map_err(|e| io_err(&marker, "write", e))
}

fn io_err(path: &Path, action: &str, e: std::io::Error) -> StoreError {
    StoreError::Other(format!("{}: cannot {action}: {e}", path.display()))
}

/// Bytes of the desk's files (`desk.json`, items, issues; not backups or the journal).
pub fn desk_bytes(dir: &Path) -> u64 {
    let mut total = std::fs::metadata(dir.join(briefdesk::store::DESK_FILE)).map_or(0, |m| m.len());
    for sub in [briefdesk::store::ITEMS_DIR, briefdesk::store::ISSUES_DIR] {
        if let Ok(rd) = std::fs::read_dir(dir.join(sub)) {
            for e in rd.flatten() {
                if !e.file_name().to_string_lossy().starts_with('.') {
                    total += e.metadata().map_or(0, |m| m.len());
                }
            }
        }
    }
    total
}

/// Two versions of one issue for `diff`, the worst case for sibling order: `n` top-level
/// bullets in one section (one in ten with a sub-point), then the same with 10 bullets
/// edited, 10 moved elsewhere in the section, 10 added and 10 removed.
pub fn diff_pair(n: usize) -> (Issue, Issue) {
    let mut rng = Rng::new(SEED ^ 0xd1ff);
    let mut old = Issue::new(IssueId(1), IssueMeta::default());
    let mut section = Section::new(SectionId(1), "Europe");
    let mut next = 0u64;
    while section.bullets.len() < n {
        next += 1;
        let mut b = Bullet::new(BulletId(next), sentence(&mut rng, 6, 12));
        if next.is_multiple_of(10) {
            next += 1;
            b.sub_points
                .push(Bullet::new(BulletId(next), sentence(&mut rng, 4, 8)));
        }
        section.bullets.push(b);
    }
    old.sections.push(section);
    let mut new = old.clone();
    let bullets = &mut new.sections[0].bullets;
    let at = |rng: &mut Rng, len: usize| rng.range(0, len.saturating_sub(1) as u64) as usize;
    for _ in 0..10 {
        let i = at(&mut rng, bullets.len());
        bullets[i].text.push_str(" (edited)");
        let from = at(&mut rng, bullets.len());
        let b = bullets.remove(from);
        let to = at(&mut rng, bullets.len());
        bullets.insert(to, b);
        next += 1;
        let i = at(&mut rng, bullets.len());
        bullets.insert(i, Bullet::new(BulletId(next), sentence(&mut rng, 6, 12)));
        let i = at(&mut rng, bullets.len());
        bullets.remove(i);
    }
    (old, new)
}
