//! Runs one implementation on one scenario N times, for instruction counts
//! under `valgrind --tool=callgrind` (stable on a noisy machine).
//!
//! ```text
//! cargo bench --bench callgrind --no-run
//! valgrind --tool=callgrind <bench binary> ours hostile-tags-64k 100
//! ```
//!
//! Instructions per op are the difference of two runs with different N
//! divided by the difference of N (setup cancels out); `benches/report.sh`
//! does this. Without arguments (as under `cargo test --benches`), it runs
//! every implementation on every scenario once and checks the answers.

use http_conditional_benches as common;

use std::hint::black_box;

use common::{applicable, hostile, scenario, scenarios, Imp, Prepared, Scenario, Verdict};

/// A scenario by name, or `per-byte-<kind>-<bytes>` for the per-byte sizes.
fn find(name: &str) -> Option<Scenario> {
    if let Some(rest) = name.strip_prefix("per-byte-") {
        let (kind, len) = rest.split_once('-')?;
        return Some(Scenario {
            name: name.to_string(),
            method: "GET",
            fields: vec![("If-None-Match", hostile(kind, len.parse().ok()?))],
            expected: 200,
        });
    }
    scenario(name)
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    match &args[..] {
        [list] if list == "--list" => {
            for s in scenarios() {
                println!("{}", s.name);
            }
        }
        [imp, name, n] => {
            let imp = Imp::from_name(imp)
                .expect("implementation: ours, headers, etag, httpdate, floor-*");
            let s = find(name).expect("scenario name");
            let n: u64 = n.parse().expect("iteration count");
            let p = Prepared::new(&s);
            if p.run(imp).is_none() {
                eprintln!("{} does not apply to {}", imp.name(), s.name);
                std::process::exit(3);
            }
            let mut acc = 0usize;
            for _ in 0..n {
                acc = acc.wrapping_add(black_box(p.run(imp)).unwrap_or(0));
            }
            println!(
                "{} {} {} bytes={} acc={acc}",
                imp.name(),
                s.name,
                n,
                s.bytes()
            );
        }
        [] => {
            for s in scenarios() {
                let p = Prepared::new(&s);
                for (imp, verdict) in applicable(&p) {
                    let _ = black_box(p.run(imp));
                    if let Verdict::Wrong(got) = verdict {
                        println!(
                            "{}: {} answers {got}, expected {}",
                            s.name,
                            imp.name(),
                            s.expected
                        );
                    }
                }
            }
            println!("callgrind: all scenarios ran once");
        }
        _ => {
            eprintln!("usage: callgrind <implementation> <scenario> <iterations>");
            std::process::exit(2);
        }
    }
}
