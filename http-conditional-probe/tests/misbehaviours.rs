//! The probe against the test server of `support/`: correct, then with
//! one misbehaviour at a time. Each misbehaviour must be reported under
//! its id, at the level the issue's table gives, and every other finding
//! must keep the level it has against the correct server (except the
//! named consequences that follow from the misbehaviour itself).

mod support;

use std::collections::BTreeMap;

use http_conditional_probe::finding::Level;
use http_conditional_probe::probe::Report;
use support::{run, Config, Faults, Server, WRITE_IDS};

fn levels(report: &Report) -> BTreeMap<String, Level> {
    report
        .findings
        .iter()
        .map(|f| (f.id.clone(), f.level))
        .collect()
}

/// The probe with `--write` against a server with `faults`.
fn probe_with(faults: Faults) -> Report {
    let server = Server::start(Config {
        faults,
        ..Config::default()
    });
    run(&server.url("/r"), &["--write", "--timeout", "5"])
}

/// The ids whose level differs from the correct server's, with the new
/// level.
fn changes(faults: Faults) -> (BTreeMap<String, Level>, Report) {
    let correct = levels(&probe_with(Faults::default()));
    let report = probe_with(faults);
    let faulty = levels(&report);
    assert_eq!(
        correct.keys().collect::<Vec<_>>(),
        faulty.keys().collect::<Vec<_>>(),
        "the same checks run"
    );
    let changed = faulty
        .into_iter()
        .filter(|(id, level)| correct.get(id) != Some(level))
        .collect();
    (changed, report)
}

fn expect(faults: Faults, want: &[(&str, Level)]) -> Report {
    let (changed, report) = changes(faults);
    let want: BTreeMap<String, Level> = want.iter().map(|(id, l)| ((*id).to_owned(), *l)).collect();
    assert_eq!(changed, want, "findings whose level changed");
    assert_eq!(report.exit_code(), 1);
    report
}

#[test]
fn correct_server_has_no_bad_warn_or_info_finding() {
    let report = probe_with(Faults::default());
    let not_good: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.level != Level::Good && f.level != Level::Skip)
        .map(|f| format!("{} {}: {} / {}", f.level, f.id, f.got, f.why))
        .collect();
    assert!(not_good.is_empty(), "{not_good:#?}");
    assert_eq!(report.exit_code(), 0);
    // The server exercises every check: only the ones whose input this
    // server lacks on purpose are skipped (none).
    let skipped: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.level == Level::Skip)
        .map(|f| format!("{}: {}", f.id, f.why))
        .collect();
    assert!(skipped.is_empty(), "{skipped:#?}");
    assert!(report.why_not_304.is_none());
    // Every id of the issue's tables, and the -GZIP ones, is reported.
    for id in [
        "VAL-PRESENT",
        "ETAG-SYNTAX",
        "LM-SANE",
        "ETAG-STABLE",
        "HEAD-GET",
        "HEAD-CL",
        "HEAD-CL-GZIP",
        "UNSOLICITED-304",
        "INM-304",
        "INM-WEAK-CMP",
        "INM-LIST",
        "INM-STAR",
        "IMS-304",
        "IMS-LATER",
        "IMS-INVALID",
        "PREC-INM-IMS-A",
        "PREC-INM-IMS-B",
        "304-FRAMING",
        "304-FIELDS",
        "304-VALUES",
        "304-NO-METADATA",
        "VARY-AE",
        "ETAG-PER-CODING",
        "ETAG-WEAKENED",
        "IFMATCH-CURRENT",
        "IFMATCH-STALE-GET",
        "IFMATCH-WEAK",
        "IUS-PAST",
        "PREC-IM-IUS",
        "PREC-IM-FIRST",
        "IFRANGE-STRONG",
        "IFRANGE-NOMATCH",
        "412-SANITY",
        "W-IFMATCH-STALE",
        "W-IFMATCH-WEAK",
        "W-IFMATCH-CURRENT",
        "W-PUT-VALIDATOR",
        "W-LOST-UPDATE",
        "W-BLIND-428",
        "W-CREATE-ONLY",
        "INM-304-GZIP",
        "INM-WEAK-CMP-GZIP",
        "INM-LIST-GZIP",
        "INM-STAR-GZIP",
        "IMS-304-GZIP",
        "IMS-LATER-GZIP",
        "IMS-INVALID-GZIP",
        "PREC-INM-IMS-A-GZIP",
        "PREC-INM-IMS-B-GZIP",
        "IFMATCH-CURRENT-GZIP",
        "IFMATCH-STALE-GET-GZIP",
        "IFMATCH-WEAK-GZIP",
        "PREC-IM-IUS-GZIP",
        "PREC-IM-FIRST-GZIP",
        "304-FRAMING-GZIP",
        "304-FIELDS-GZIP",
        "304-VALUES-GZIP",
        "304-NO-METADATA-GZIP",
    ] {
        assert!(report.finding(id).is_some(), "{id} missing");
    }
}

// RFC 9110 §8.8.3: the same content, another tag: every revalidation
// misses. The consequences are the checks that send the baseline's tag
// back (it is already stale), the 304 whose tag is newer than the 200's,
// and the writes that start from a stale tag.
#[test]
fn tag_drift_is_etag_stable_and_the_summary_names_it() {
    let report = expect(
        Faults {
            drift: true,
            ..Faults::default()
        },
        &[
            ("ETAG-STABLE", Level::Bad),
            ("HEAD-GET", Level::Bad),
            ("INM-304", Level::Bad),
            ("INM-WEAK-CMP", Level::Bad),
            ("INM-LIST", Level::Bad),
            ("PREC-INM-IMS-A", Level::Bad),
            ("IFMATCH-CURRENT", Level::Bad),
            ("PREC-IM-IUS", Level::Bad),
            ("IFRANGE-STRONG", Level::Bad),
            ("304-VALUES", Level::Bad),
            ("INM-304-GZIP", Level::Bad),
            ("INM-WEAK-CMP-GZIP", Level::Bad),
            ("INM-LIST-GZIP", Level::Bad),
            ("PREC-INM-IMS-A-GZIP", Level::Bad),
            ("IFMATCH-CURRENT-GZIP", Level::Bad),
            ("PREC-IM-IUS-GZIP", Level::Bad),
            ("304-VALUES-GZIP", Level::Bad),
            ("W-IFMATCH-STALE", Level::Bad),
            ("W-IFMATCH-CURRENT", Level::Bad),
            ("W-PUT-VALIDATOR", Level::Skip),
            ("W-LOST-UPDATE", Level::Skip),
        ],
    );
    let why = report.why_not_304.expect("a why-200 summary");
    assert!(why.contains("drifts"), "{why}");
}

// RFC 9110 §13.1.2, §8.8.3.2: If-None-Match is a list compared weakly.
#[test]
fn exact_string_comparison_is_inm_weak_cmp_and_inm_list() {
    expect(
        Faults {
            exact_string_inm: true,
            ..Faults::default()
        },
        &[
            ("INM-WEAK-CMP", Level::Bad),
            ("INM-LIST", Level::Bad),
            ("INM-WEAK-CMP-GZIP", Level::Bad),
            ("INM-LIST-GZIP", Level::Bad),
        ],
    );
}

// RFC 9112 §6.3: a 304 ends at its head.
#[test]
fn a_304_with_content_is_304_framing() {
    let report = expect(
        Faults {
            body_in_304: true,
            ..Faults::default()
        },
        &[
            ("304-FRAMING", Level::Bad),
            ("304-FRAMING-GZIP", Level::Bad),
        ],
    );
    let f = report.finding("304-FRAMING").unwrap();
    assert!(f.got.contains("bytes after the head of a 304"), "{}", f.got);
}

// RFC 9110 §8.6: Content-Length in a 304 is the 200's, never a 0.
#[test]
fn a_304_with_content_length_zero_is_304_framing() {
    let report = expect(
        Faults {
            zero_length_304: true,
            ..Faults::default()
        },
        &[
            ("304-FRAMING", Level::Bad),
            ("304-FRAMING-GZIP", Level::Bad),
        ],
    );
    assert!(report
        .finding("304-FRAMING")
        .unwrap()
        .got
        .contains("Content-Length: 0"));
}

// RFC 9110 §15.4.5: a 304 carries the 200's ETag.
#[test]
fn a_304_without_etag_is_304_fields() {
    let report = expect(
        Faults {
            no_etag_in_304: true,
            ..Faults::default()
        },
        &[("304-FIELDS", Level::Bad), ("304-FIELDS-GZIP", Level::Bad)],
    );
    assert!(report
        .finding("304-FIELDS")
        .unwrap()
        .got
        .contains("no ETag"));
}

// RFC 9110 §13.1.3: If-Modified-Since is ignored when If-None-Match is present.
#[test]
fn ims_honoured_despite_a_failed_inm_is_prec_inm_ims_b() {
    expect(
        Faults {
            ims_despite_inm: true,
            ..Faults::default()
        },
        &[
            ("PREC-INM-IMS-B", Level::Bad),
            ("PREC-INM-IMS-B-GZIP", Level::Bad),
        ],
    );
}

// RFC 9110 §13.1.1: the lost update.
#[test]
fn if_match_ignored_on_put_is_the_write_checks() {
    expect(
        Faults {
            if_match_ignored_on_put: true,
            ..Faults::default()
        },
        &[
            ("W-IFMATCH-STALE", Level::Bad),
            ("W-IFMATCH-WEAK", Level::Bad),
            ("W-LOST-UPDATE", Level::Bad),
        ],
    );
}

// RFC 9110 §8.8.3.2: If-Match uses the strong comparison.
#[test]
fn a_weak_tag_accepted_by_if_match_is_ifmatch_weak() {
    expect(
        Faults {
            weak_if_match: true,
            ..Faults::default()
        },
        &[
            ("IFMATCH-WEAK", Level::Bad),
            ("IFMATCH-WEAK-GZIP", Level::Bad),
            ("W-IFMATCH-WEAK", Level::Bad),
        ],
    );
}

// RFC 9110 §13.1.5: a non-matching If-Range means the whole representation.
#[test]
fn if_range_ignored_is_ifrange_nomatch() {
    expect(
        Faults {
            if_range_ignored: true,
            ..Faults::default()
        },
        &[("IFRANGE-NOMATCH", Level::Bad)],
    );
}

// RFC 9110 §8.8.3.3: a strong tag differs between content codings.
#[test]
fn one_strong_tag_for_two_codings_is_etag_per_coding() {
    expect(
        Faults {
            same_strong_tag_for_gzip: true,
            ..Faults::default()
        },
        &[("ETAG-PER-CODING", Level::Bad)],
    );
}

// RFC 9110 §12.5.5: the coding depends on Accept-Encoding, so Vary says so.
#[test]
fn no_vary_is_vary_ae() {
    expect(
        Faults {
            no_vary: true,
            ..Faults::default()
        },
        &[("VARY-AE", Level::Bad)],
    );
}

// RFC 9110 §15.4.5: a 304 answers a conditional request only.
#[test]
fn an_unsolicited_304_is_unsolicited_304() {
    let report = expect(
        Faults {
            unsolicited_304: true,
            ..Faults::default()
        },
        &[("UNSOLICITED-304", Level::Bad)],
    );
    let text = http_conditional_probe::report::text::report(&report, false);
    assert!(text.contains("[BAD ] UNSOLICITED-304"), "{text}");
}

#[test]
fn a_resource_without_put_gets_the_write_checks_skipped() {
    let server = Server::start(Config {
        read_only: true,
        ..Config::default()
    });
    let report = run(&server.url("/r"), &["--write"]);
    for id in WRITE_IDS {
        let f = report.finding(id).unwrap_or_else(|| panic!("{id} missing"));
        assert_eq!(f.level, Level::Skip, "{id}");
        assert!(f.why.contains("405"), "{id}: {}", f.why);
    }
    assert_eq!(report.exit_code(), 0);
}
