//! Properties of HTTP-date parsing and formatting (RFC 9110 §5.6.7), with the
//! `httpdate` crate as an independent oracle inside the range it supports.
//!
//! Where `httpdate` 1.0.3 and this crate differ on purpose, a generated case
//! is skipped rather than compared:
//!
//! - `httpdate` rejects a day-name that does not match the date; we do not
//!   check the day-name (CHOICES item 5).
//! - `httpdate` rejects second 60; we read it as the next minute's first
//!   second.
//! - `httpdate` rejects years before 1970; we accept 0000-9999.
//! - `httpdate` reads two-digit rfc850 years in the fixed window 1970-2069;
//!   we read them against the clock (§5.6.7's 50-year rule, to the second,
//!   CHOICES 5). The clock 2019-12-31T23:59:59Z puts the limit at the last
//!   second of 2069, which gives exactly the window 1970-2069, so the
//!   comparisons use it.
//! - `httpdate` trims all whitespace around the value; we trim nothing (the
//!   caller removes the field line's SP/HTAB).
//! - `httpdate` does not look at the SP between the two-digit year and the
//!   time of an rfc850-date (it accepts `Sunday, 06-Nov-94x08:49:37 GMT`); we
//!   require it.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use http_conditional::{ErrorKind, HttpDate};
use proptest::prelude::*;
use proptest::sample::select;

const DAY_NAMES: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const DAY_NAMES_L: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn any_date() -> impl Strategy<Value = HttpDate> {
    (HttpDate::MIN.unix_seconds()..=HttpDate::MAX.unix_seconds())
        .prop_map(|secs| HttpDate::from_unix_seconds(secs).unwrap())
}

/// Dates `httpdate` can hold: 1970-01-01 to 9999-12-31T23:59:59 (not
/// `HttpDate::MAX`, which is written with second 60).
fn date_since_1970() -> impl Strategy<Value = HttpDate> {
    (0..HttpDate::MAX.unix_seconds()).prop_map(|secs| HttpDate::from_unix_seconds(secs).unwrap())
}

/// The clock under which a two-digit year means 1970-2069, as in
/// `httpdate`: 2019-12-31T23:59:59Z, so that now + 50 years is the last
/// second of 2069 (a second later and `01-Jan-70 00:00:00` would be 2070).
fn httpdate_window_clock() -> HttpDate {
    HttpDate::from_civil(2019, 12, 31, 23, 59, 59).unwrap()
}

fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// The civil fields of `date`, read back from its IMF-fixdate:
/// `(year, month, day, hour, minute, second)`.
fn civil(date: HttpDate) -> (i64, u8, u8, u8, u8, u8) {
    let imf = date.to_string();
    let field = |range: std::ops::Range<usize>| imf[range].parse::<u8>().unwrap();
    let month = MONTHS.iter().position(|m| *m == &imf[8..11]).unwrap();
    (
        imf[12..16].parse().unwrap(),
        u8::try_from(month + 1).unwrap(),
        field(5..7),
        field(17..19),
        field(20..22),
        field(23..25),
    )
}

/// `now` plus 50 calendar years, as civil fields (CHOICES 5): the same
/// month, day and time of day; 29 February becomes 28 February in a common
/// year. The year may pass 9999.
fn plus_fifty_years(now: HttpDate) -> (i64, u8, u8, u8, u8, u8) {
    let (year, month, day, hour, minute, second) = civil(now);
    let day = if month == 2 && day == 29 && !is_leap(year + 50) {
        28
    } else {
        day
    };
    (year + 50, month, day, hour, minute, second)
}

fn long_day_name(short: &str) -> &'static str {
    DAY_NAMES_L[DAY_NAMES.iter().position(|d| *d == short).unwrap()]
}

/// The date in each of the three formats, cut out of its IMF-fixdate.
fn three_formats(date: HttpDate) -> [String; 3] {
    let imf = date.to_string();
    let (name, day, month, year, time) = (
        &imf[0..3],
        &imf[5..7],
        &imf[8..11],
        &imf[12..16],
        &imf[17..25],
    );
    let rfc850 = format!(
        "{}, {day}-{month}-{} {time} GMT",
        long_day_name(name),
        &year[2..]
    );
    let asctime_day = day.replacen('0', " ", usize::from(day.starts_with('0')));
    let asctime = format!("{name} {month} {asctime_day} {time} {year}");
    [imf, rfc850, asctime]
}

/// A clock under which the two-digit year of `date` reads back as its own:
/// `offset` (1..100) places it anywhere in the window, on 1 July from 49
/// years before `date`'s year (the limit then is 1 July of the year after
/// it) to 49 years after it.
fn clock_for(date: HttpDate, offset: i32) -> HttpDate {
    let year = (i32::from(date.year()) - 50 + offset).clamp(0, 9999);
    HttpDate::from_civil(u16::try_from(year).unwrap(), 7, 1, 0, 0, 0).unwrap()
}

/// Whether `text` is an rfc850-date with something other than SP between the
/// year and the time, which `httpdate` does not check.
fn rfc850_without_sp_before_time(text: &str) -> bool {
    let Some(comma) = text.find(", ") else {
        return false;
    };
    let rest = &text.as_bytes()[comma + 2..];
    comma > 3 && rest.len() == 22 && rest[9] != b' '
}

/// The `SystemTime` of a date since 1970, without this crate's `std`
/// conversions.
fn system_time_since_1970(date: HttpDate) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(u64::try_from(date.unix_seconds()).unwrap())
}

/// The date of a `SystemTime` from `httpdate` (always since 1970), without
/// this crate's `std` conversions.
fn date_of(t: SystemTime) -> HttpDate {
    let secs = t.duration_since(UNIX_EPOCH).unwrap().as_secs();
    HttpDate::from_unix_seconds(i64::try_from(secs).unwrap()).unwrap()
}

/// The fields of a generated date, any of which may be out of range, and
/// names that may be wrong.
#[derive(Clone, Debug)]
struct Parts {
    format: usize,
    day_name: usize,
    name_override: Option<&'static str>,
    day: u8,
    month: usize,
    month_override: Option<&'static str>,
    year: u16,
    hour: u8,
    minute: u8,
    second: u8,
    space_padded_day: bool,
    /// Replace `day_name` with the date's real day-name, where it has one.
    right_day_name: bool,
}

impl Parts {
    fn render(&self) -> String {
        let mut day_name = self.day_name;
        if self.right_day_name {
            // The year `httpdate` (and we, with `httpdate_window_clock`) read.
            let year = match self.format {
                1 if self.year % 100 < 70 => 2000 + self.year % 100,
                1 => 1900 + self.year % 100,
                _ => self.year,
            };
            let month = u8::try_from(self.month + 1).unwrap();
            let date = HttpDate::from_civil(year, month, self.day, self.hour, self.minute, 0);
            if let Some(date) = date {
                let name = &date.to_string()[..3];
                day_name = DAY_NAMES.iter().position(|d| *d == name).unwrap();
            }
        }
        let short = self.name_override.unwrap_or(DAY_NAMES[day_name]);
        let long = self.name_override.unwrap_or(DAY_NAMES_L[day_name]);
        let month = self.month_override.unwrap_or(MONTHS[self.month]);
        let time = format!("{:02}:{:02}:{:02}", self.hour, self.minute, self.second);
        match self.format {
            0 => format!(
                "{short}, {:02} {month} {:04} {time} GMT",
                self.day, self.year
            ),
            1 => format!(
                "{long}, {:02}-{month}-{:02} {time} GMT",
                self.day,
                self.year % 100
            ),
            _ if self.space_padded_day => {
                format!("{short} {month} {:>2} {time} {:04}", self.day, self.year)
            }
            _ => format!("{short} {month} {:02} {time} {:04}", self.day, self.year),
        }
    }
}

fn parts() -> impl Strategy<Value = Parts> {
    let name_override = prop_oneof![
        8 => Just(None),
        1 => select(vec!["sun", "SUN", "Son", "sunday", "Mond", "Wednes", "Xyz", ""]).prop_map(Some),
    ];
    let month_override = prop_oneof![
        8 => Just(None),
        1 => select(vec!["nov", "NOV", "Noo", "November", "Sept", ""]).prop_map(Some),
    ];
    let year = prop_oneof![3 => 1965u16..=2075, 1 => 0u16..=9999];
    (
        (0usize..3, 0usize..7, name_override, 0u8..=32),
        (0usize..12, month_override, year),
        (
            0u8..=25,
            0u8..=61,
            0u8..=61,
            any::<bool>(),
            prop::bool::weighted(0.75),
        ),
    )
        .prop_map(
            |(
                (format, day_name, name_override, day),
                (month, month_override, year),
                (hour, minute, second, space_padded_day, right_day_name),
            )| Parts {
                format,
                day_name,
                name_override,
                day,
                month,
                month_override,
                year,
                hour,
                minute,
                second,
                space_padded_day,
                right_day_name,
            },
        )
}

/// A small edit to a string's bytes.
#[derive(Clone, Debug)]
enum Edit {
    None,
    Replace(usize, u8),
    Insert(usize, u8),
    Remove(usize),
    Truncate(usize),
}

impl Edit {
    fn apply(&self, bytes: &mut Vec<u8>) {
        match *self {
            Edit::None => {}
            Edit::Replace(at, b) if !bytes.is_empty() => {
                let at = at % bytes.len();
                bytes[at] = b;
            }
            Edit::Insert(at, b) => bytes.insert(at % (bytes.len() + 1), b),
            Edit::Remove(at) if !bytes.is_empty() => {
                bytes.remove(at % bytes.len());
            }
            Edit::Truncate(at) => bytes.truncate(at % (bytes.len() + 1)),
            _ => {}
        }
    }
}

/// Bytes that occur in dates, so that edits stay close to the grammar.
fn date_byte() -> impl Strategy<Value = u8> {
    prop_oneof![
        3 => select(b"SunMoTeWdhFrSaJbpgOcNvDcGT0123456789 ,:-".to_vec()),
        1 => any::<u8>(),
    ]
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        2 => Just(Edit::None),
        2 => (any::<usize>(), date_byte()).prop_map(|(at, b)| Edit::Replace(at, b)),
        1 => (any::<usize>(), date_byte()).prop_map(|(at, b)| Edit::Insert(at, b)),
        1 => any::<usize>().prop_map(Edit::Remove),
        1 => any::<usize>().prop_map(Edit::Truncate),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    // RFC 9110 §5.6.7: every instant in years 0000-9999 formats as an
    // IMF-fixdate that parses back to it, under any clock.
    #[test]
    fn imf_fixdate_round_trips_over_the_whole_range(date in any_date(), now in any_date()) {
        let text = date.to_string();
        prop_assert_eq!(text.len(), 29);
        prop_assert_eq!(HttpDate::parse(text.as_bytes(), now), Ok(date));
    }

    // RFC 9110 §5.6.7: the three formats of one instant parse to that
    // instant, given a clock that puts the two-digit year in its window.
    #[test]
    fn all_three_formats_name_the_same_instant(date in any_date(), offset in 1i32..100) {
        let now = clock_for(date, offset);
        for text in three_formats(date) {
            prop_assert_eq!(HttpDate::parse(text.as_bytes(), now), Ok(date), "{}", text);
        }
    }

    // RFC 9110 §5.6.7, CHOICES 5: a two-digit year is the latest year with
    // those digits whose timestamp, as written, is not later than now + 50
    // calendar years; outside 0000-9999 (or on a day that year lacks) the
    // date does not exist.
    #[test]
    fn two_digit_years_are_the_latest_not_after_now_plus_fifty_years(
        now in any_date(),
        yy in 0u8..100,
        month in 1u8..=12,
        day in 1u8..=31,
        hour in 0u8..24,
        minute in 0u8..60,
        second in 0u8..=60,
    ) {
        let text = format!(
            "Monday, {day:02}-{}-{yy:02} {hour:02}:{minute:02}:{second:02} GMT",
            MONTHS[usize::from(month - 1)]
        );
        let limit = plus_fifty_years(now);
        let written = |year: i64| (year, month, day, hour, minute, second);
        // Down from the limit's year, the first year ending in `yy` whose
        // timestamp is not later than the limit.
        let year = (limit.0 - 99..=limit.0)
            .rev()
            .filter(|y| y.rem_euclid(100) == i64::from(yy))
            .map(|y| if written(y) <= limit { y } else { y - 100 })
            .next()
            .unwrap();
        let expected = u16::try_from(year)
            .ok()
            .and_then(|y| HttpDate::from_civil(y, month, day, hour, minute, second));
        let parsed = HttpDate::parse(text.as_bytes(), now);
        prop_assert_eq!(parsed.ok(), expected, "{} at {}", text, now);
        if let Err(err) = parsed {
            prop_assert_eq!(err.kind(), ErrorKind::NonexistentDate);
        }
    }

    // RFC 9110 §5.6.7, CHOICES 5: now + 50 years itself is read in its own
    // year, and the second after it a century earlier.
    #[test]
    fn the_second_after_now_plus_fifty_years_is_a_century_earlier(now in any_date()) {
        let (year, month, day, hour, minute, second) = plus_fifty_years(now);
        let limit = u16::try_from(year)
            .ok()
            .and_then(|y| HttpDate::from_civil(y, month, day, hour, minute, second));
        if let Some(limit) = limit {
            let rfc850 = |date| three_formats(date)[1].clone();
            prop_assert_eq!(HttpDate::parse(rfc850(limit).as_bytes(), now), Ok(limit));
            if let Some(after) = limit.checked_add_seconds(1) {
                let parsed = HttpDate::parse(rfc850(after).as_bytes(), now);
                let (y, mo, d, h, mi, s) = civil(after);
                let century_earlier = u16::try_from(y - 100)
                    .ok()
                    .and_then(|y| HttpDate::from_civil(y, mo, d, h, mi, s));
                match century_earlier {
                    Some(date) => prop_assert_eq!(parsed, Ok(date)),
                    None => prop_assert_eq!(
                        parsed.map_err(|e| e.kind()),
                        Err(ErrorKind::NonexistentDate)
                    ),
                }
            }
        }
    }

    // RFC 9110 §5.6.7: parsing keeps the order of instants.
    #[test]
    fn parsing_preserves_order(a in any_date(), b in any_date(), now in any_date()) {
        let pa = HttpDate::parse(a.to_string().as_bytes(), now).unwrap();
        let pb = HttpDate::parse(b.to_string().as_bytes(), now).unwrap();
        prop_assert_eq!(a.cmp(&b), pa.cmp(&pb));
        prop_assert_eq!(a < b, a.unix_seconds() < b.unix_seconds());
    }

    // RFC 9110 §5.6.7: `httpdate` formats the same IMF-fixdate, and we read
    // what it writes as the same instant.
    #[test]
    fn httpdate_formatting_agrees(date in date_since_1970(), nanos in 0u32..1_000_000_000, now in any_date()) {
        let t = system_time_since_1970(date) + Duration::from_nanos(u64::from(nanos));
        let text = httpdate::fmt_http_date(t);
        prop_assert_eq!(&text, &date.to_string());
        prop_assert_eq!(HttpDate::parse(text.as_bytes(), now), Ok(date));
    }

    // RFC 9110 §5.6.7: on generated dates in all three formats, valid and
    // slightly wrong, every date `httpdate` accepts we accept as the same
    // instant; and every date we accept that `httpdate` can judge (right
    // day-name, second below 60, year from 1970, unedited) it accepts too.
    #[test]
    fn httpdate_parsing_agrees(parts in parts(), edit in edit()) {
        let now = httpdate_window_clock();
        let mut bytes = parts.render().into_bytes();
        edit.apply(&mut bytes);
        let ours = HttpDate::parse(&bytes, now);
        let Ok(text) = std::str::from_utf8(&bytes) else {
            return Ok(());
        };
        let theirs = httpdate::parse_http_date(text);
        if let Ok(t) = theirs {
            // `httpdate` trims whitespace around the value; we do not. Nor do
            // we skip the SP before an rfc850-date's time.
            if text.trim() == text && !rfc850_without_sp_before_time(text) {
                prop_assert_eq!(ours, Ok(date_of(t)), "{}", text);
            }
        }
        if let (Ok(date), Edit::None) = (ours, &edit) {
            let day_name_right = date.to_string()[..3] == text[..3];
            if day_name_right && parts.second < 60 && date.year() >= 1970 {
                prop_assert_eq!(
                    theirs.ok().map(date_of),
                    Some(date),
                    "{}",
                    text
                );
            }
        }
    }

    // RFC 9110 §5.6.7: nothing panics on arbitrary bytes, and whatever
    // parses is in range and formats back to itself.
    #[test]
    fn parse_never_panics_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..64), now in any_date()) {
        if let Ok(date) = HttpDate::parse(&bytes, now) {
            prop_assert_eq!(HttpDate::parse(date.to_string().as_bytes(), now), Ok(date));
        }
    }

    // RFC 9110 §5.6.7: nor on dates with a few bytes edited, which reach the
    // deeper states of the parser.
    #[test]
    fn parse_never_panics_on_edited_dates(
        date in any_date(),
        format in 0usize..3,
        edits in prop::collection::vec(edit(), 1..4),
        now in any_date(),
    ) {
        let mut bytes = three_formats(date)[format].clone().into_bytes();
        for edit in &edits {
            edit.apply(&mut bytes);
        }
        match HttpDate::parse(&bytes, now) {
            Ok(parsed) => {
                prop_assert!(HttpDate::MIN <= parsed && parsed <= HttpDate::MAX);
                prop_assert_eq!(HttpDate::parse(parsed.to_string().as_bytes(), now), Ok(parsed));
            }
            Err(err) => {
                prop_assert!(err.offset() <= bytes.len());
                prop_assert!(matches!(
                    err.kind(),
                    ErrorKind::Empty | ErrorKind::InvalidDate | ErrorKind::NonexistentDate
                ));
            }
        }
    }
}

proptest! {
    // RFC 9110 §5.6.7: conversions to and from `SystemTime` never panic, and
    // truncate toward the past.
    #[test]
    fn system_time_conversions_round_trip(secs in any::<i64>(), nanos in 0u32..1_000_000_000) {
        let magnitude = Duration::new(secs.unsigned_abs(), nanos);
        let t = if secs >= 0 {
            UNIX_EPOCH.checked_add(magnitude)
        } else {
            UNIX_EPOCH.checked_sub(magnitude)
        };
        if let Some(t) = t {
            if let Ok(date) = HttpDate::try_from(t) {
                let back = SystemTime::try_from(date).unwrap();
                prop_assert!(back <= t);
                prop_assert!(t.duration_since(back).unwrap() < Duration::from_secs(1));
            }
        }
        if let Some(date) = HttpDate::from_unix_seconds(secs) {
            let t = SystemTime::try_from(date).unwrap();
            prop_assert_eq!(HttpDate::try_from(t), Ok(date));
            if secs >= 0 {
                let t = t + Duration::from_nanos(u64::from(nanos));
                prop_assert_eq!(HttpDate::try_from(t), Ok(date));
            }
        }
    }
}
