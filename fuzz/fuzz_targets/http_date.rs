//! `HttpDate::parse` on any bytes: never panics; agrees with the reference
//! reading of RFC 9110 §5.6.7; a valid date's IMF-fixdate parses back to
//! it; and, against `httpdate` where both apply (the clock
//! 2019-12-31T23:59:59Z makes the 50-year rule, counted to the second as
//! CHOICES 5 says, the 1970-2069 window that `httpdate` uses), every date
//! `httpdate` accepts is accepted as the same instant, and both format a
//! date since 1970 the same way.
//!
//! For an rfc850-date, it also checks the 50-year rule at its boundary:
//! moving the clock one second changes the century only where the date is
//! exactly now + 50 years.

#![no_main]

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use http_conditional::{parse, ErrorKind, HttpDate};
use http_conditional_fuzz::case::fold;
use http_conditional_fuzz::reference as r;
use libfuzzer_sys::fuzz_target;

/// 2019-12-31T23:59:59Z: now + 50 years is the last second of 2069.
const IN_2019: i64 = 1_577_836_799;

/// httpdate 1.0.3 never looks at the byte between an rfc850 date's year
/// and its time (it accepts `Sunday, 06-Nov-94:08:49:37 GMT`); RFC 9110
/// §5.6.7 requires SP there. Skip the comparison for such inputs.
fn httpdate_leniency(text: &[u8]) -> bool {
    match text.iter().position(|&b| b == b',') {
        Some(comma) => text.len() == comma + 24 && text[comma + 11] != b' ',
        None => false,
    }
}

/// `now` plus 50 calendar years (CHOICES 5), in seconds since the epoch:
/// the same month, day and time; 29 February becomes 28 February.
fn fifty_years_on(now: i64) -> i64 {
    let (y, mo, d, h, mi, s, _) = r::civil_from_seconds(now);
    let d = if mo == 2 && d == 29 && !r::is_leap(y + 50) {
        28
    } else {
        d
    };
    r::seconds_from_civil(y + 50, mo, d, h, mi, s)
}

fuzz_target!(|data: &[u8]| {
    // The first byte picks the clock: even, 2019; odd, spread over the range.
    let Some((&clock, text)) = data.split_first() else {
        return;
    };
    let now = if clock % 2 == 0 {
        IN_2019
    } else {
        fold(i64::from(clock / 2) * 2_000_000_000 - 62_000_000_000)
    };
    let now_date = HttpDate::from_unix_seconds(now).unwrap();

    let parsed = HttpDate::parse(text, now_date);

    // CHOICES 5: with the clock a second earlier, the reading agrees with
    // the reference too, and a two-digit year changes century only for a
    // date between the two limits (now + 50 years; they are a second apart,
    // or, from 29 February to 28 February, less than a day).
    if let Some(earlier) = now_date.checked_add_seconds(-1) {
        let before = HttpDate::parse(text, earlier);
        assert_eq!(
            before.ok().map(HttpDate::unix_seconds),
            r::parse_http_date(text, now - 1)
        );
        if let (Ok(a), Ok(b)) = (parsed, before) {
            if a != b {
                let (later, sooner) = (a.max(b), a.min(b));
                assert_eq!(later.year() - sooner.year(), 100);
                let (l0, l1) = (fifty_years_on(now - 1), fifty_years_on(now));
                let t = later.unix_seconds();
                assert!(
                    l0.min(l1) < t && t <= l0.max(l1),
                    "{:?}",
                    String::from_utf8_lossy(text)
                );
            }
        }
    }

    // CHOICES 5 at the boundary, for every valid rfc850-date (the only
    // format with a `-`): under the clock 50 years before the date, the date
    // is exactly now + 50 years and keeps its year; a second earlier, it is
    // a century earlier (or outside 0000-9999).
    if let (Ok(date), true) = (parsed, text.contains(&b'-')) {
        let (y, mo, d, h, mi, s, _) = r::civil_from_seconds(date.unix_seconds());
        if y >= 50 && d <= r::days_in_month(y - 50, mo) {
            let clock = r::seconds_from_civil(y - 50, mo, d, h, mi, s);
            let at = HttpDate::from_unix_seconds(clock).unwrap();
            assert_eq!(HttpDate::parse(text, at), Ok(date));
            assert_eq!(r::parse_http_date(text, clock), Some(date.unix_seconds()));
            if let Some(before) = at.checked_add_seconds(-1) {
                match HttpDate::parse(text, before) {
                    Ok(old) => assert_eq!(date.year() - old.year(), 100),
                    Err(e) => assert_eq!(e.kind(), ErrorKind::NonexistentDate),
                }
                assert_eq!(
                    HttpDate::parse(text, before)
                        .ok()
                        .map(HttpDate::unix_seconds),
                    r::parse_http_date(text, clock - 1)
                );
            }
        }
    }

    assert_eq!(
        parsed.ok().map(HttpDate::unix_seconds),
        r::parse_http_date(text, now),
        "{:?}",
        String::from_utf8_lossy(text)
    );
    // A field line: OWS around the value is not part of it (§5.5).
    assert_eq!(
        parse::date([text], now_date).ok(),
        HttpDate::parse(r::trim(text), now_date).ok()
    );

    if let Ok(date) = parsed {
        let mut buf = [0; 29];
        let imf = date.to_imf_fixdate(&mut buf).to_owned();
        assert_eq!(imf, date.to_string());
        assert_eq!(imf, r::format_imf_fixdate(date.unix_seconds()));
        assert_eq!(HttpDate::parse(imf.as_bytes(), now_date), Ok(date));
        // httpdate formats 1970 to 9999-12-31T23:59:59 (it panics on
        // `HttpDate::MAX`, written 9999-12-31 23:59:60).
        if date.unix_seconds() >= 0 && date < HttpDate::MAX {
            let t = UNIX_EPOCH + Duration::from_secs(date.unix_seconds() as u64);
            assert_eq!(httpdate::fmt_http_date(t), imf);
        }
    }

    if now == IN_2019 && !httpdate_leniency(text) {
        // httpdate trims Unicode whitespace first; compare on trimmed input.
        if let Some(theirs) = std::str::from_utf8(text)
            .ok()
            .filter(|s| s.trim() == *s)
            .and_then(|s| httpdate::parse_http_date(s).ok())
        {
            let secs = theirs
                .duration_since(SystemTime::UNIX_EPOCH)
                .expect("httpdate dates are after 1970")
                .as_secs() as i64;
            assert_eq!(
                parsed.map(HttpDate::unix_seconds),
                Ok(secs),
                "httpdate reads {:?}",
                String::from_utf8_lossy(text)
            );
        }
    }
});
