//! The tradecraft check of one issue, as the desk runs it after each edit: `cargo run
//! --example check_speed [BULLETS]` (default 200; see docs/benchmarks.md, "tradecraft").
//! Every bullet gets a sentence with estimative terms, so each rule has work to do.

use std::time::Instant;

#[path = "../tests/support/desk_gen.rs"]
mod desk_gen;
use briefdesk::model::settings::Ladder;
use briefdesk::model::tradecraft::check_issue;
use chrono::NaiveDate;
use desk_gen as bs;

const ESTIMATES: [&str; 6] = [
    " This impasse suggests that an agreement between the two parties is unlikely.",
    " Tehran would almost certainly antagonize Gulf partners and could choose to wait.",
    " Hardliners are surely hoping for a walkout by the U.S. delegation.",
    " We assess with high confidence that a deal is highly improbable.",
    " Officials said the talks were \"probably dead\" at a remote village.",
    " A ceasefire is a realistic possibility, very likely within weeks.",
];

fn main() {
    let n = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(200);
    let mut rng = bs::Rng::new(16);
    let date = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap_or_default();
    let mut issue = bs::issue(&mut rng, 1, date, n);
    let mut k = 0;
    for s in &mut issue.sections {
        for b in &mut s.bullets {
            let mut stack = vec![b];
            while let Some(b) = stack.pop() {
                b.text.push_str(ESTIMATES[k % ESTIMATES.len()]);
                k += 1;
                stack.extend(b.sub_points.iter_mut());
            }
        }
    }
    let mut times = Vec::new();
    let mut found = 0;
    for _ in 0..50 {
        let t = Instant::now();
        found = check_issue(&issue, Ladder::Icd203).len();
        times.push(t.elapsed().as_secs_f64() * 1e3);
    }
    times.sort_by(f64::total_cmp);
    println!(
        "{k} bullets, {found} findings: median {:.2} ms, worst {:.2} ms (50 runs; best {:.2} ms)",
        times[times.len() / 2],
        times[times.len() - 1],
        times[0]
    );
}
