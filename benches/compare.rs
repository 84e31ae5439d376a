//! This crate against its peers, one criterion group per scenario of issue 4,
//! every implementation on the same bytes in the same run.
//!
//! ```text
//! cargo bench --bench compare                 # everything (about 5 minutes)
//! cargo bench --bench compare -- inm-100      # one group
//! cargo test --benches                        # each benchmark once, as a test
//! ```
//!
//! Before a peer is timed its answer is checked against ours (and ours
//! against RFC 9110); a peer that answers wrong is still timed, under
//! `<name>-WRONG`, so that `benches/report.sh` can leave it out of the ratios.
//! `benches/report.sh` turns the medians into the README table.

use http_conditional_benches as common;

use std::time::Duration;

use common::{
    applicable, hostile, scenarios, Floor, Headers, Imp, Ours, Prepared, Scenario, Verdict,
    PER_BYTE_KIB,
};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

fn scenario_groups(c: &mut Criterion) {
    for s in scenarios() {
        let p = Prepared::new(&s);
        let mut group = c.benchmark_group(&s.name);
        group.throughput(Throughput::Bytes(s.bytes() as u64));
        for (imp, verdict) in applicable(&p) {
            let id = match verdict {
                Verdict::Wrong(got) => {
                    eprintln!(
                        "{}: {} answers {got}, RFC 9110 says {}: timed as {}-WRONG, left out of the ratios",
                        s.name,
                        imp.name(),
                        s.expected,
                        imp.name()
                    );
                    format!("{}-WRONG", imp.name())
                }
                _ => imp.name().to_string(),
            };
            group.bench_function(id, |b| b.iter(|| p.run(imp)));
        }
        group.finish();
    }
}

/// Cost per byte from 1 KiB to 64 KiB of the densest valid list (`"a",`)
/// and of one unterminated quote: flat when the lines of ns-vs-bytes are
/// straight.
fn per_byte(c: &mut Criterion) {
    for kind in ["tags", "quote"] {
        let mut group = c.benchmark_group(format!("per-byte-{kind}"));
        for kib in PER_BYTE_KIB {
            let s = Scenario {
                name: format!("{kind}-{kib}k"),
                method: "GET",
                fields: vec![("If-None-Match", hostile(kind, kib * 1024))],
                expected: 200,
            };
            let ours = Ours::new(&s);
            assert_eq!(ours.status(), 200);
            let headers = Headers::new(&s);
            assert_eq!(headers.status(), 200);
            let floor = Floor::new(&s);
            group.throughput(Throughput::Bytes(s.bytes() as u64));
            group.bench_with_input(
                BenchmarkId::new(Imp::Ours.name(), kib * 1024),
                &ours,
                |b, o| b.iter(|| o.status()),
            );
            group.bench_with_input(
                BenchmarkId::new(Imp::Headers.name(), kib * 1024),
                &headers,
                |b, h| b.iter(|| h.status()),
            );
            group.bench_with_input(
                BenchmarkId::new(Imp::FloorMemchr.name(), kib * 1024),
                &floor,
                |b, f| b.iter(|| f.memchr()),
            );
        }
        group.finish();
    }
}

fn config() -> Criterion {
    // Short runs: 2 cores shared by several engineers; the ratios come from
    // one run, and callgrind gives the stable numbers.
    Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_millis(1500))
        .sample_size(40)
        .without_plots()
}

criterion_group! {
    name = benches;
    config = config();
    targets = scenario_groups, per_byte
}
criterion_main!(benches);
