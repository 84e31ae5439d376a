//! Hostile input: huge, repetitive, unterminated or binary field values.
//! Each case gets the answer RFC 9110 (with the readings of CHOICES.md)
//! gives, never a panic, and the reference evaluator agrees. How long they
//! take belongs to the benchmarks, not here.

use http_conditional_testkit::reference;

use http_conditional::{
    evaluate, parse, EntityTag, ErrorKind, Evaluation, HttpDate, Member, Members, Method, Outcome,
    Policy, Precondition, Reason, Resource, Validators,
};
use reference as r;

const KIB_64: usize = 64 * 1024;
const LM: i64 = 784_111_777; // Sun, 06 Nov 1994 08:49:37 GMT
const NOW: i64 = LM + 86_400;

fn resource(etag: &'static [u8]) -> Resource<'static> {
    Resource::Current(
        Validators::new()
            .with_etag(EntityTag::strong(etag).unwrap())
            .with_last_modified(HttpDate::from_unix_seconds(LM).unwrap()),
    )
}

/// Runs the crate and the reference on the same request, checks that both
/// give `expected`, and returns the crate's evaluation.
fn decide<'a>(
    method: &'a str,
    headers: &'a [(&'a str, Vec<u8>)],
    etag: &'static [u8],
    expected: u16,
) -> Evaluation<'a> {
    let eval = evaluate(
        Method::from(method),
        headers,
        resource(etag),
        HttpDate::from_unix_seconds(NOW).unwrap(),
        Policy::new(),
    );
    assert_eq!(eval.status(), expected, "{}", short(&eval.to_string()));
    let pairs: Vec<(&[u8], &[u8])> = headers
        .iter()
        .map(|(n, v)| (n.as_bytes(), v.as_slice()))
        .collect();
    let current = r::Resource::Current {
        etag: Some(r::Tag {
            weak: false,
            opaque: etag.to_vec(),
        }),
        last_modified: Some(LM),
    };
    let verdict = r::evaluate(method.as_bytes(), &pairs, &current, NOW, false);
    assert_eq!(verdict.status, expected, "reference");
    // The explanation of a huge field is still one line that starts with
    // the decision.
    let text = eval.to_string();
    assert!(text.starts_with(&format!("{}:", eval.decision())));
    assert!(!text.contains('\n'));
    eval
}

/// [`decide`], when only the status matters.
fn expect(method: &str, headers: &[(&str, Vec<u8>)], etag: &'static [u8], expected: u16) {
    let _ = decide(method, headers, etag, expected);
}

fn short(s: &str) -> String {
    s.chars().take(300).collect()
}

fn one(name: &'static str, value: Vec<u8>) -> Vec<(&'static str, Vec<u8>)> {
    vec![(name, value)]
}

fn members(value: &[u8]) -> Vec<Result<Member<'_>, ErrorKind>> {
    Members::new([value])
        .map(|m| m.map_err(|e| e.kind()))
        .collect()
}

// RFC 9110 §5.6.1: a list of only empty elements is an empty list (CHOICES 3)
#[test]
fn sixty_four_kib_of_commas_is_an_empty_list() {
    let commas = vec![b','; KIB_64];
    assert!(members(&commas).is_empty());
    // An empty If-None-Match matches nothing: proceed.
    expect("GET", &one("If-None-Match", commas.clone()), b"v", 200);
    // An empty If-Match matches nothing either: 412.
    expect("PUT", &one("If-Match", commas.clone()), b"v", 412);
    // One tag after the commas still counts.
    let mut tail = commas;
    tail.extend_from_slice(b"\"v\"");
    expect("GET", &one("If-None-Match", tail.clone()), b"v", 304);
    expect("PUT", &one("If-Match", tail), b"v", 200);
}

// RFC 9110 §5.5, §5.6.1: OWS is not part of a value
#[test]
fn sixty_four_kib_of_spaces_is_an_empty_value() {
    let spaces = vec![b' '; KIB_64];
    assert!(members(&spaces).is_empty());
    expect("GET", &one("If-None-Match", spaces.clone()), b"v", 200);
    expect("PUT", &one("If-Match", spaces.clone()), b"v", 412);
    // An empty date is not a valid date: ignored (§13.1.3, §13.1.4).
    expect("GET", &one("If-Modified-Since", spaces.clone()), b"v", 200);
    expect(
        "PUT",
        &one("If-Unmodified-Since", spaces.clone()),
        b"v",
        200,
    );
    assert_eq!(
        parse::date([&spaces[..]], HttpDate::MAX)
            .unwrap_err()
            .kind(),
        ErrorKind::Empty
    );
    // An empty If-Range is false: the whole representation (§13.1.5).
    let headers = vec![("Range", b"bytes=0-1".to_vec()), ("If-Range", spaces)];
    expect("GET", &headers, b"v", 200);
}

// RFC 9110 §8.8.3: `W/` must be followed by an opaque-tag
#[test]
fn sixty_four_kib_of_weak_prefixes_is_malformed() {
    let prefixes = b"W/".repeat(KIB_64 / 2);
    assert_eq!(members(&prefixes), [Err(ErrorKind::ExpectedEntityTag)]);
    assert!(EntityTag::parse(&prefixes).is_err());
    // An invalid If-Match is false, an invalid If-None-Match true (CHOICES 4).
    expect("PUT", &one("If-Match", prefixes.clone()), b"v", 412);
    expect("GET", &one("If-None-Match", prefixes.clone()), b"v", 200);
    // A malformed If-Range is false.
    let headers = vec![
        ("Range", b"bytes=0-1".to_vec()),
        ("If-Range", prefixes.clone()),
    ];
    expect("GET", &headers, b"v", 200);
    // `W/` then a 64 KiB tag is one valid weak tag.
    let mut weak = b"W/\"".to_vec();
    weak.extend(std::iter::repeat_n(b'W', KIB_64));
    weak.push(b'"');
    let tag = EntityTag::parse(&weak).unwrap();
    assert!(tag.is_weak() && tag.opaque().len() == KIB_64);
}

// RFC 9110 §8.8.3: an opaque-tag needs its closing DQUOTE (CHOICES 4)
#[test]
fn an_unterminated_quote_at_sixty_four_kib_makes_the_field_invalid() {
    let mut open = b"\"".to_vec();
    open.extend(std::iter::repeat_n(b'a', KIB_64));
    assert_eq!(members(&open), [Err(ErrorKind::UnterminatedTag)]);
    expect("PUT", &one("If-Match", open.clone()), b"v", 412);
    expect("GET", &one("If-None-Match", open.clone()), b"v", 200);
    let headers = vec![("Range", b"bytes=0-1".to_vec()), ("If-Range", open)];
    expect("GET", &headers, b"v", 200);

    // Valid members up to 64 KiB, then an unterminated one: the matching
    // members before it do not save the field.
    let mut list = b"\"v\", ".repeat(KIB_64 / 5);
    list.extend_from_slice(b"\"v");
    let walked = members(&list);
    assert_eq!(walked.len(), KIB_64 / 5 + 1);
    assert_eq!(walked.last(), Some(&Err(ErrorKind::UnterminatedTag)));
    expect("PUT", &one("If-Match", list.clone()), b"v", 412);
    expect("GET", &one("If-None-Match", list), b"v", 200);
}

fn ten_thousand_tags(last: &str) -> Vec<u8> {
    let mut tags: Vec<String> = (0..9_999).map(|i| format!("\"t{i}\"")).collect();
    tags.push(format!("\"{last}\""));
    tags.join(", ").into_bytes()
}

// RFC 9110 §13.1.1, §13.1.2: any member may match, the last one too
#[test]
fn ten_thousand_tags_match_on_the_last_and_not_when_absent() {
    let list = ten_thousand_tags("current");
    assert_eq!(members(&list).len(), 10_000);
    let headers = one("If-Match", list.clone());
    let eval = decide("PUT", &headers, b"current", 200);
    assert!(eval.to_string().contains("member 10000"));
    expect("GET", &one("If-None-Match", list.clone()), b"current", 304);
    // W/ on the last: If-Match needs a strong match, If-None-Match does not.
    let weak_last = [&list[..list.len() - 9], b"W/\"current\""].concat();
    expect("PUT", &one("If-Match", weak_last.clone()), b"current", 412);
    expect("GET", &one("If-None-Match", weak_last), b"current", 304);

    let absent = ten_thousand_tags("other");
    expect("PUT", &one("If-Match", absent.clone()), b"current", 412);
    expect("GET", &one("If-None-Match", absent), b"current", 200);
}

// RFC 9110 §5.3: many lines of one field form one list
#[test]
fn a_thousand_field_lines_form_one_list() {
    let mut lines: Vec<(&str, Vec<u8>)> = (0..999)
        .map(|i| ("If-None-Match", format!("\"t{i}\"").into_bytes()))
        .collect();
    lines.push(("if-none-match", b"W/\"current\"".to_vec()));
    let eval = decide("GET", &lines, b"current", 304);
    assert!(matches!(eval.trace().if_none_match, Outcome::False(_)));
    let values: Vec<&[u8]> = lines.iter().map(|(_, v)| v.as_slice()).collect();
    assert_eq!(Members::new(values.iter().copied()).count(), 1_000);

    let if_match: Vec<(&str, Vec<u8>)> =
        lines.iter().map(|(_, v)| ("If-Match", v.clone())).collect();
    expect("PUT", &if_match, b"current", 412);

    // A thousand empty lines are an empty list.
    let empty: Vec<(&str, Vec<u8>)> = (0..1_000).map(|_| ("If-None-Match", Vec::new())).collect();
    expect("GET", &empty, b"current", 200);

    // A date field on a thousand lines is not one valid date: ignored
    // (CHOICES 1, 7), even when every line holds the same valid date.
    let date = b"Sun, 06 Nov 1994 08:49:37 GMT".to_vec();
    let dates: Vec<(&str, Vec<u8>)> = (0..1_000)
        .map(|_| ("If-Modified-Since", date.clone()))
        .collect();
    let eval = decide("GET", &dates, b"current", 200);
    assert!(matches!(
        eval.trace().if_modified_since,
        Outcome::Ignored(_)
    ));
    let values: Vec<&[u8]> = dates.iter().map(|(_, v)| v.as_slice()).collect();
    assert_eq!(
        parse::date(values, HttpDate::MAX).unwrap_err().kind(),
        ErrorKind::MultipleLines
    );
    // The same date on one line is valid, and not modified since.
    expect("GET", &dates[..1], b"current", 304);

    // A thousand unrelated lines around one condition change nothing.
    let mut noise: Vec<(&str, Vec<u8>)> = (0..1_000)
        .map(|_| ("X-Noise", b"\"current\"".to_vec()))
        .collect();
    noise.insert(500, ("If-None-Match", b"\"current\"".to_vec()));
    expect("GET", &noise, b"current", 304);
}

// RFC 9110 §8.8.3: etagc excludes control bytes and allows obs-text
#[test]
fn nul_and_0xff_bytes_get_the_grammar_answer() {
    // NUL is not etagc: the field is malformed.
    assert_eq!(members(b"\"a\0b\""), [Err(ErrorKind::InvalidTagByte)]);
    expect("PUT", &one("If-Match", b"\"a\0b\"".to_vec()), b"a", 412);
    expect(
        "GET",
        &one("If-None-Match", b"\"a\0b\"".to_vec()),
        b"a",
        200,
    );
    // NUL outside quotes too.
    expect("GET", &one("If-None-Match", b"\"a\"\0".to_vec()), b"a", 200);
    expect("GET", &one("If-None-Match", vec![0; KIB_64]), b"a", 200);
    // 0xFF is obs-text: a valid tag that matches byte for byte.
    expect(
        "PUT",
        &one("If-Match", b"\"\xff\xfe\"".to_vec()),
        b"\xff\xfe",
        200,
    );
    expect(
        "GET",
        &one("If-None-Match", b"W/\"\xff\xfe\"".to_vec()),
        b"\xff\xfe",
        304,
    );
    expect(
        "GET",
        &one("If-None-Match", b"\"\xff\"".to_vec()),
        b"\xff\xfe",
        200,
    );
    let headers = vec![
        ("Range", b"bytes=0-1".to_vec()),
        ("If-Range", b"\"\xff\xfe\"".to_vec()),
    ];
    expect("GET", &headers, b"\xff\xfe", 206);
    // 64 KiB of 0xFF outside quotes is not a list.
    expect("PUT", &one("If-Match", vec![0xFF; KIB_64]), b"a", 412);
    // A date with a NUL or 0xFF is not a date: ignored.
    expect(
        "GET",
        &one(
            "If-Modified-Since",
            b"Sun, 06 Nov 1994 08:49:37 GMT\0".to_vec(),
        ),
        b"a",
        200,
    );
    expect(
        "PUT",
        &one(
            "If-Unmodified-Since",
            b"\xffSat, 05 Nov 1994 08:49:37 GMT".to_vec(),
        ),
        b"a",
        200,
    );
    assert!(HttpDate::parse(b"Sun, 06 Nov 1994 08:49:37 GM\xff", HttpDate::MAX).is_err());
    // Odd bytes in the method and in field names: an unknown method, and
    // unknown fields.
    expect("GE\0T", &one("If-None-Match", b"\"a\"".to_vec()), b"a", 412);
    let name = std::str::from_utf8(b"If-None-Match\xc3\xbf").unwrap();
    expect("GET", &one(name, b"\"a\"".to_vec()), b"a", 200);
}

// RFC 9110 §5.6.7: a date is one of three short formats
#[test]
fn a_sixty_four_kib_date_field_is_not_a_date() {
    let mut long = b"Sun, 06 Nov 1994 08:49:37 GMT".to_vec();
    long.extend(std::iter::repeat_n(b'x', KIB_64 - long.len()));
    assert_eq!(long.len(), KIB_64);
    assert_eq!(
        HttpDate::parse(&long, HttpDate::MAX).unwrap_err().kind(),
        ErrorKind::InvalidDate
    );
    assert!(parse::date([&long[..]], HttpDate::MAX).is_err());
    // Ignored, whatever it starts with (§13.1.3, §13.1.4).
    expect("GET", &one("If-Modified-Since", long.clone()), b"v", 200);
    expect("PUT", &one("If-Unmodified-Since", long.clone()), b"v", 200);
    // Under the policy, an ignored If-Unmodified-Since does not make the
    // request conditional (CHOICES 11).
    let headers = one("If-Unmodified-Since", long.clone());
    let strict = evaluate(
        Method::PUT,
        &headers[..],
        resource(b"v"),
        HttpDate::from_unix_seconds(NOW).unwrap(),
        Policy::new().require_precondition(true),
    );
    assert_eq!(strict.status(), 428);
    // A date-like If-Range that is not a date is false: 200, not 206.
    let headers = vec![("Range", b"bytes=0-1".to_vec()), ("If-Range", long)];
    let eval = decide("GET", &headers, b"v", 200);
    assert!(matches!(
        eval.trace().get(Precondition::IfRange),
        Outcome::False(_)
    ));
    // 64 KiB of digits, of spaces between valid dates, of `GMT`.
    for filler in [&b"0"[..], b" ", b"GMT"] {
        let value = filler.repeat(KIB_64 / filler.len());
        expect("GET", &one("If-Modified-Since", value), b"v", 200);
    }
}

/// `unit` repeated to about `len` bytes, then `last`.
fn repeated_then(unit: &str, len: usize, last: &str) -> Vec<u8> {
    let mut list = unit.repeat(len / unit.len()).into_bytes();
    list.extend_from_slice(last.as_bytes());
    list
}

// RFC 9110 §13.1.2, §5.6.1: the densest valid list, with the match last
#[test]
fn sixty_four_kib_of_dense_tags_are_counted_and_the_last_one_matches() {
    let count = KIB_64 / 4;
    let list = repeated_then("\"a\",", KIB_64 - 4, "\"v\"");
    assert_eq!(members(&list).len(), count);
    let headers = one("If-None-Match", list.clone());
    let eval = decide("GET", &headers, b"v", 304);
    match eval.trace().if_none_match {
        Outcome::False(Reason::Matched { member, tag, .. }) => {
            assert_eq!((member, tag.opaque()), (count, &b"v"[..]));
        }
        other => panic!("{other:?}"),
    }
    expect("PUT", &one("If-Match", list), b"v", 200);

    // No member matches: all of them counted.
    let absent = repeated_then("\"a\",", KIB_64, "");
    let headers = one("If-None-Match", absent);
    let eval = decide("GET", &headers, b"v", 200);
    assert!(matches!(
        eval.trace().if_none_match,
        Outcome::True(Reason::NoMatch { members: m, .. }) if m == KIB_64 / 4
    ));
}

// RFC 9110 §8.8.3, CHOICES 3: one bad member at the very end of a dense
// list makes the whole field invalid; a weak one at the end is valid
#[test]
fn a_dense_list_is_judged_to_its_last_byte() {
    let bad = repeated_then("\"a\",", KIB_64, "\"a b\"");
    let walked = members(&bad);
    assert_eq!(walked.len(), KIB_64 / 4 + 1);
    assert_eq!(walked.last(), Some(&Err(ErrorKind::InvalidTagByte)));
    expect("GET", &one("If-None-Match", bad.clone()), b"a", 200);
    expect("PUT", &one("If-Match", bad), b"a", 412);

    // W/ at the end: a weak match for If-None-Match, none for If-Match.
    let weak_last = repeated_then("\"a\",", KIB_64, "W/\"v\"");
    expect("GET", &one("If-None-Match", weak_last.clone()), b"v", 304);
    expect("PUT", &one("If-Match", weak_last), b"v", 412);

    // OWS before a comma, near the end: still one valid list.
    let ows = repeated_then("\"a\",", KIB_64, "\"b\" ,\"v\"");
    expect("GET", &one("If-None-Match", ows), b"v", 304);
}

// RFC 9110 §8.8.3: 64 KiB of weak tags, none matching, then one that does
#[test]
fn sixty_four_kib_of_weak_tags_match_weakly_on_the_last() {
    let list = repeated_then("W/\"a\", ", KIB_64, "W/\"v\"");
    let count = KIB_64 / 7 + 1;
    assert_eq!(members(&list).len(), count);
    let headers = one("If-None-Match", list.clone());
    let eval = decide("GET", &headers, b"v", 304);
    assert!(matches!(
        eval.trace().if_none_match,
        Outcome::False(Reason::Matched { member, .. }) if member == count
    ));
    expect("PUT", &one("If-Match", list), b"v", 412);
}
