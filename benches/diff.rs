//! `diff` of a 50,000-bullet issue (one section, the worst case for sibling order) against
//! the same with 10 bullets edited, moved, added and removed: `cargo bench --bench diff`.
//! Peak memory: `/usr/bin/time -v target/release/examples/diff_big 50000`. See
//! docs/benchmarks.md, "diff".

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};

#[path = "../tests/support/desk_gen.rs"]
mod desk_gen;
use briefdesk::model::diff::diff;
use desk_gen as bs;

fn bench(c: &mut Criterion) {
    for n in [5_000, 50_000] {
        let (old, new) = bs::diff_pair(n);
        c.bench_function(&format!("diff {n} bullets"), |b| {
            b.iter(|| diff(black_box(&old), black_box(&new)))
        });
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = bench
}
criterion_main!(benches);
