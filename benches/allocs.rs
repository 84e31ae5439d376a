//! Heap allocations per op, per implementation and scenario, counted by a
//! global allocator; and, with `--report`, the README's performance table.
//!
//! ```text
//! cargo bench --bench allocs                  # the allocation table
//! cargo bench --bench allocs -- --report [callgrind.tsv]
//!                                             # + criterion medians of the last
//!                                             #   `cargo bench --bench compare`
//! ```
//!
//! `benches/report.sh` runs everything and prints the tables. Without
//! `--bench` (as under `cargo test --benches`) it checks that this crate
//! allocates nothing, on every scenario, and exits.

use http_conditional_benches as common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use common::{applicable, scenarios, Imp, Prepared, Verdict, PER_BYTE_KIB};

struct Counting;

static ALLOCS: AtomicUsize = AtomicUsize::new(0);
static BYTES: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards every call to `System` unchanged; only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCS.fetch_add(1, Relaxed);
        BYTES.fetch_add(layout.size(), Relaxed);
        // SAFETY: same contract as ours.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as ours.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCS.fetch_add(1, Relaxed);
        BYTES.fetch_add(new_size, Relaxed);
        // SAFETY: same contract as ours.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Allocations and allocated bytes per op, in steady state (after one
/// warm-up op).
fn count(p: &Prepared, imp: Imp) -> (f64, f64) {
    const N: usize = 64;
    black_box(p.run(imp));
    let (a0, b0) = (ALLOCS.load(Relaxed), BYTES.load(Relaxed));
    for _ in 0..N {
        black_box(p.run(imp));
    }
    let (a1, b1) = (ALLOCS.load(Relaxed), BYTES.load(Relaxed));
    ((a1 - a0) as f64 / N as f64, (b1 - b0) as f64 / N as f64)
}

/// `(scenario, implementation)` → allocations per op, and the verdicts.
type Allocs = BTreeMap<(String, &'static str), (f64, f64, Verdict)>;

fn measure() -> (Vec<(String, usize)>, Allocs) {
    let mut order = Vec::new();
    let mut out = Allocs::new();
    for s in scenarios() {
        let p = Prepared::new(&s);
        order.push((s.name.clone(), s.bytes()));
        for (imp, verdict) in applicable(&p) {
            let (a, b) = count(&p, imp);
            out.insert((s.name.clone(), imp.name()), (a, b, verdict));
        }
    }
    (order, out)
}

fn fmt_allocs(a: f64) -> String {
    if a == a.trunc() {
        format!("{a:.0}")
    } else {
        format!("{a:.2}")
    }
}

fn allocation_table(order: &[(String, usize)], allocs: &Allocs) -> String {
    let mut t = String::from(
        "| scenario | ours | ours parse | ours map | headers | headers map | etag | httpdate |\n\
         |---|---|---|---|---|---|---|---|\n",
    );
    for (name, _) in order {
        let cell = |imp: Imp| match allocs.get(&(name.clone(), imp.name())) {
            Some((a, b, _)) if *a > 0.0 => format!("{} ({b:.0} B)", fmt_allocs(*a)),
            Some((a, _, _)) => fmt_allocs(*a),
            None => "–".into(),
        };
        let _ = writeln!(
            t,
            "| {name} | {} | {} | {} | {} | {} | {} | {} |",
            cell(Imp::Ours),
            cell(Imp::OursParse),
            cell(Imp::OursMap),
            cell(Imp::Headers),
            cell(Imp::HeadersMap),
            cell(Imp::Etag),
            cell(Imp::Httpdate)
        );
    }
    t
}

/// The criterion directory of this target dir (`<target>/criterion`).
fn criterion_dir() -> PathBuf {
    if let Ok(dir) = std::env::var("CRITERION_HOME") {
        return dir.into();
    }
    let exe = std::env::current_exe().expect("current exe");
    // <target>/release/deps/allocs-<hash>
    exe.ancestors()
        .nth(3)
        .expect("target dir")
        .join("criterion")
}

/// The median of one benchmark, in ns, from criterion's estimates.
fn median(dir: &Path, group: &str, id: &str) -> Option<f64> {
    let text = std::fs::read_to_string(dir.join(group).join(id).join("new/estimates.json")).ok()?;
    let json: serde_json::Value = serde_json::from_str(&text).ok()?;
    json["median"]["point_estimate"].as_f64()
}

fn ns(x: f64) -> String {
    if x >= 100_000.0 {
        format!("{:.0} µs", x / 1000.0)
    } else if x >= 10_000.0 {
        format!("{:.1} µs", x / 1000.0)
    } else if x >= 1000.0 {
        format!("{:.2} µs", x / 1000.0)
    } else if x >= 100.0 {
        format!("{x:.0} ns")
    } else {
        format!("{x:.1} ns")
    }
}

fn timing_table(dir: &Path, order: &[(String, usize)], allocs: &Allocs) -> String {
    let mut t = String::from(
        "| scenario | bytes | ours `evaluate` | ours parse | headers 0.4 | ×headers | etag 4 | ×etag | httpdate | ×httpdate \
         | memchr floor | byte-loop floor | `==` floor | allocs/op ours · headers · etag · httpdate |\n\
         |---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|\n",
    );
    let mut notes = Vec::new();
    for (name, bytes) in order {
        let Some(ours) = median(dir, name, "ours") else {
            let _ = writeln!(t, "| {name} | {bytes} | (not run) |||||||||||");
            continue;
        };
        let parse = median(dir, name, Imp::OursParse.name());
        let mut row = format!(
            "| {name} | {bytes} | {} | {} ",
            ns(ours),
            parse.map(ns).unwrap_or_else(|| "–".into())
        );
        for imp in [Imp::Headers, Imp::Etag, Imp::Httpdate] {
            match allocs.get(&(name.clone(), imp.name())) {
                None => row.push_str("| – | – "),
                Some((_, _, Verdict::Wrong(got))) => {
                    let time = median(dir, name, &format!("{}-WRONG", imp.name()))
                        .map(ns)
                        .unwrap_or_default();
                    let _ = write!(row, "| {time} (wrong: {got}) | excluded ");
                    notes.push(format!(
                        "{name}: {} answers {got}; left out of the ratios",
                        imp.name()
                    ));
                }
                Some(_) => match median(dir, name, imp.name()) {
                    // Against `evaluate`, and against the parse-level path.
                    Some(m) => match parse {
                        Some(p) => {
                            let _ = write!(row, "| {} | {:.1}× · {:.1}× ", ns(m), m / ours, m / p);
                        }
                        None => {
                            let _ = write!(row, "| {} | {:.1}× ", ns(m), m / ours);
                        }
                    },
                    None => row.push_str("| (not run) | "),
                },
            }
        }
        for imp in [Imp::FloorMemchr, Imp::FloorLoop, Imp::FloorEq] {
            let _ = write!(
                row,
                "| {} ",
                median(dir, name, imp.name()).map(ns).unwrap_or_default()
            );
        }
        let a = |imp: Imp| {
            allocs
                .get(&(name.clone(), imp.name()))
                .map(|(a, _, _)| fmt_allocs(*a))
                .unwrap_or_else(|| "–".into())
        };
        let _ = writeln!(
            row,
            "| {} ({}) · {} · {} · {} |",
            a(Imp::Ours),
            a(Imp::OursParse),
            a(Imp::Headers),
            a(Imp::Etag),
            a(Imp::Httpdate)
        );
        t.push_str(&row);
    }
    for n in notes {
        let _ = writeln!(t, "\n{n}");
    }
    t
}

fn per_byte_table(dir: &Path) -> String {
    let mut t = String::from(
        "| input | size | ours | ours ns/KiB | headers | headers ns/KiB | memchr floor |\n|---|--:|--:|--:|--:|--:|--:|\n",
    );
    for kind in ["tags", "quote"] {
        let group = format!("per-byte-{kind}");
        for kib in PER_BYTE_KIB {
            let bytes = (kib * 1024).to_string();
            let get = |imp: Imp| median(dir, &group, &format!("{}/{bytes}", imp.name()));
            let (Some(o), Some(h), Some(m)) =
                (get(Imp::Ours), get(Imp::Headers), get(Imp::FloorMemchr))
            else {
                continue;
            };
            let _ = writeln!(
                t,
                "| {} | {kib} KiB | {} | {:.0} | {} | {:.0} | {} |",
                if kind == "tags" {
                    "`\"a\",` list"
                } else {
                    "unterminated `\"`"
                },
                ns(o),
                o / kib as f64,
                ns(h),
                h / kib as f64,
                ns(m)
            );
        }
        let ratio = |imp: Imp| {
            let at = |kib: usize| median(dir, &group, &format!("{}/{}", imp.name(), kib * 1024));
            Some(at(64)? / at(8)?)
        };
        if let (Some(o), Some(h)) = (ratio(Imp::Ours), ratio(Imp::Headers)) {
            let _ = writeln!(t, "| {kind}: 64 KiB ÷ 8 KiB | | {o:.2}× | | {h:.2}× | | |");
        }
    }
    t
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let bench = std::env::args().any(|a| a == "--bench");
    let (order, allocs) = measure();
    for ((name, imp), (a, _, _)) in &allocs {
        if imp.starts_with("ours") {
            assert_eq!(*a, 0.0, "http-conditional allocated on {name}");
        }
    }
    if !bench && args.is_empty() {
        println!(
            "allocs: ours allocates nothing on {} scenarios",
            order.len()
        );
        return;
    }
    if let Some(pos) = args.iter().position(|a| a == "--report") {
        let dir = criterion_dir();
        println!("### Time per op (criterion median) and heap allocations per op\n");
        println!("{}", timing_table(&dir, &order, &allocs));
        println!("### Cost per byte, 1 KiB → 64 KiB\n");
        println!("{}", per_byte_table(&dir));
        let tsv = args.get(pos + 1).map(Path::new);
        println!("### From an `http::HeaderMap`: time and instructions per op\n");
        println!("{}", header_map_table(&dir, &order, tsv));
        if let Some(tsv) = tsv {
            println!("### Instructions per op and per header byte (callgrind, exact)\n");
            println!("{}", callgrind_table(tsv));
        }
    } else {
        println!("{}", allocation_table(&order, &allocs));
    }
}

/// The two implementations that read an `http::HeaderMap`: time (criterion
/// median) and instructions per op, with `headers` ÷ ours for each.
fn header_map_table(dir: &Path, order: &[(String, usize)], tsv: Option<&Path>) -> String {
    let (_, irs) = tsv.map(read_irs).unwrap_or_default();
    let mut t = String::from(
        "| scenario | ours-map | headers-map | ×headers | ours-map Ir/op | headers-map Ir/op | headers ÷ ours |\n\
         |---|--:|--:|--:|--:|--:|--:|\n",
    );
    for (name, _) in order {
        let time = |imp: Imp| median(dir, name, imp.name());
        let ir = |imp: Imp| irs.get(name).and_then(|(_, m)| m.get(imp.name()).copied());
        let show = |x: Option<f64>, f: fn(f64) -> String| x.map(f).unwrap_or_else(|| "–".into());
        let ratio = |peer: Option<f64>, ours: Option<f64>| match (peer, ours) {
            (Some(p), Some(o)) => format!("{:.2}×", p / o),
            _ => "–".into(),
        };
        let (to, th) = (time(Imp::OursMap), time(Imp::HeadersMap));
        let (io, ih) = (ir(Imp::OursMap), ir(Imp::HeadersMap));
        let _ = writeln!(
            t,
            "| {name} | {} | {} | {} | {} | {} | {} |",
            show(to, ns),
            show(th, ns),
            ratio(th, to),
            show(io, |x| format!("{x:.0}")),
            show(ih, |x| format!("{x:.0}")),
            ratio(ih, io)
        );
    }
    t
}

/// Instructions per op by scenario (in the order first seen), with the
/// scenario's bytes, and by implementation.
type IrRows = (
    Vec<String>,
    BTreeMap<String, (usize, BTreeMap<String, f64>)>,
);

/// `scenario<TAB>implementation<TAB>instructions/op<TAB>bytes` lines, from
/// `benches/report.sh`.
fn read_irs(tsv: &Path) -> IrRows {
    let text = std::fs::read_to_string(tsv).unwrap_or_default();
    let mut rows: BTreeMap<String, (usize, BTreeMap<String, f64>)> = BTreeMap::new();
    let mut order = Vec::new();
    for line in text.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        let [scenario, imp, ir, bytes] = f[..] else {
            continue;
        };
        let (Ok(ir), Ok(bytes)) = (ir.parse::<f64>(), bytes.parse::<usize>()) else {
            continue;
        };
        if !rows.contains_key(scenario) {
            order.push(scenario.to_string());
        }
        let e = rows
            .entry(scenario.to_string())
            .or_insert((bytes, BTreeMap::new()));
        e.1.insert(imp.to_string(), ir);
    }
    (order, rows)
}

/// The instruction counts of `benches/report.sh` as a table.
fn callgrind_table(tsv: &Path) -> String {
    let (order, rows) = read_irs(tsv);
    let mut t = String::from(
        "| scenario | bytes | ours Ir/op | ours Ir/byte | ours parse Ir/op | headers Ir/op | headers ÷ ours | etag Ir/op | etag ÷ ours | httpdate Ir/op | httpdate ÷ ours | memchr floor Ir/byte |\n\
         |---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n",
    );
    for name in order {
        let (bytes, irs) = &rows[&name];
        let op = |imp: &str| {
            irs.get(imp)
                .map(|x| format!("{x:.0}"))
                .unwrap_or("–".into())
        };
        let ratio = |imp: &str| match (irs.get(imp), irs.get("ours")) {
            (Some(peer), Some(ours)) => format!("{:.2}×", peer / ours),
            _ => "–".into(),
        };
        let per = |imp: &str| {
            irs.get(imp)
                .map(|ir| format!("{:.2}", ir / *bytes as f64))
                .unwrap_or("–".into())
        };
        let _ = writeln!(
            t,
            "| {name} | {bytes} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            op("ours"),
            per("ours"),
            op("ours-parse"),
            op("headers"),
            ratio("headers"),
            op("etag"),
            ratio("etag"),
            op("httpdate"),
            ratio("httpdate"),
            per("floor-memchr")
        );
    }
    t
}
