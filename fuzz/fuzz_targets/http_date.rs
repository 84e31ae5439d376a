//! `HttpDate::parse` on any bytes: never panics; agrees with the reference
//! reading of RFC 9110 §5.6.7; a valid date's IMF-fixdate parses back to
//! it; and, against `httpdate` where both apply (a clock in 2019 makes the
//! 50-year rule the 1970-2069 window that `httpdate` uses), every date
//! `httpdate` accepts is accepted as the same instant, and both format a
//! date since 1970 the same way.

#![no_main]

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use http_conditional::{parse, HttpDate};
use http_conditional_fuzz::case::fold;
use http_conditional_fuzz::reference as r;
use libfuzzer_sys::fuzz_target;

/// 2019-06-08T13:20:00Z.
const IN_2019: i64 = 1_560_000_000;

/// httpdate 1.0.3 never looks at the byte between an rfc850 date's year
/// and its time (it accepts `Sunday, 06-Nov-94:08:49:37 GMT`); RFC 9110
/// §5.6.7 requires SP there. Skip the comparison for such inputs.
fn httpdate_leniency(text: &[u8]) -> bool {
    match text.iter().position(|&b| b == b',') {
        Some(comma) => text.len() == comma + 24 && text[comma + 11] != b' ',
        None => false,
    }
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
        if date.unix_seconds() >= 0 {
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
