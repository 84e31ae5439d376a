#!/usr/bin/env bash
# Runs the comparison benchmarks, the allocation count and the callgrind
# instruction counts, and prints the README "Performance" tables (markdown)
# on stdout; progress goes to stderr.
#
#   benches/report.sh                       # full run (~5 min on 2 cores)
#   benches/report.sh --quick               # shorter criterion runs
#   SKIP_CRITERION=1 benches/report.sh      # reuse the last criterion run
#
# Needs valgrind for the instructions-per-byte table (skipped without it).
set -euo pipefail
cd "$(dirname "$0")/.."
target=${CARGO_TARGET_DIR:-target}

crit_args=()
if [[ ${1:-} == --quick ]]; then
    crit_args=(--warm-up-time 0.2 --measurement-time 0.6)
fi

if [[ -z ${SKIP_CRITERION:-} ]]; then
    echo "== criterion: cargo bench -p http-conditional-benches --bench compare" >&2
    cargo bench -p http-conditional-benches --bench compare -- "${crit_args[@]}" >&2
fi

tsv="$(cd "$target" && pwd)/callgrind.tsv"
: >"$tsv"
if command -v valgrind >/dev/null; then
    bin=$(cargo bench -p http-conditional-benches --bench callgrind --no-run --message-format=json 2>/dev/null |
        sed -n 's/.*"executable":"\([^"]*\)".*/\1/p' | tail -n1)
    # Instructions of one run of `imp` on `scenario` with N iterations.
    ir() {
        local out
        out=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" "$1" "$2" "$3" 2>&1) || return 1
        echo "$out" | sed -n 's/.*refs: *//p' | tr -d ,
    }
    bytes() { "$bin" "$1" "$2" 1 | sed -n 's/.*bytes=\([0-9]*\).*/\1/p'; }
    n1=2 n2=12
    scenarios=$("$bin" --list)
    for scenario in $scenarios; do
        for imp in ours ours-parse ours-map headers headers-map etag httpdate floor-memchr; do
            # Peers that do not apply to a scenario refuse it.
            a=$(ir "$imp" "$scenario" $n1) || continue
            [ -n "$a" ] || continue
            echo "== callgrind: $imp $scenario" >&2
            b=$(ir "$imp" "$scenario" $n2)
            printf '%s\t%s\t%s\t%s\n' "$scenario" "$imp" $(((b - a) / (n2 - n1))) "$(bytes "$imp" "$scenario")" >>"$tsv"
        done
    done
else
    echo "valgrind not found: no instruction counts" >&2
fi

echo "== allocations and tables: cargo bench -p http-conditional-benches --bench allocs -- --report" >&2
cargo bench -p http-conditional-benches --bench allocs -- --report "$tsv" 2>/dev/null | sed -n '/^###/,$p'
