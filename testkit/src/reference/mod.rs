//! A reference evaluator: RFC 9110 §13.2.2 transcribed literally, for the
//! property tests and the fuzz targets to compare `evaluate` against.
//!
//! Clarity comes first here, speed and allocation do not matter. It shares
//! no code with the crate: it joins the lines of a field with ", " the way
//! RFC 9110 §5.3 describes, splits lists at commas outside quotes, and reads
//! dates with its own small parser. Where the RFC leaves room it follows
//! `shared/conformance/CHOICES.md`, whose item numbers are cited below.
//!
//! It uses `std` only, and nothing of the crate under test.

pub mod cache;

/// An entity-tag (RFC 9110 §8.8.3): weak or not, and the bytes between the
/// quotes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tag {
    pub weak: bool,
    pub opaque: Vec<u8>,
}

/// The target resource (RFC 9110 §13.2.1): it has no current
/// representation, or one with these validators.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Resource {
    Missing,
    Current {
        etag: Option<Tag>,
        /// Seconds since the Unix epoch.
        last_modified: Option<i64>,
    },
}

/// What the reference decided, and which conditions it evaluated on the
/// way, in order, with their truth.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verdict {
    pub status: u16,
    pub evaluated: Vec<(&'static str, bool)>,
}

impl Verdict {
    /// The truth of `field` if the algorithm evaluated it.
    pub fn truth(&self, field: &str) -> Option<bool> {
        self.evaluated
            .iter()
            .find(|(name, _)| *name == field)
            .map(|&(_, truth)| truth)
    }
}

pub const IF_MATCH: &str = "If-Match";
pub const IF_NONE_MATCH: &str = "If-None-Match";
pub const IF_MODIFIED_SINCE: &str = "If-Modified-Since";
pub const IF_UNMODIFIED_SINCE: &str = "If-Unmodified-Since";
pub const IF_RANGE: &str = "If-Range";
pub const RANGE: &str = "Range";

/// The five precondition fields, in the order RFC 9110 §13.2.2 reads them.
pub const PRECONDITIONS: [&str; 5] = [
    IF_MATCH,
    IF_UNMODIFIED_SINCE,
    IF_NONE_MATCH,
    IF_MODIFIED_SINCE,
    IF_RANGE,
];

// ---------------------------------------------------------------------------
// Field lines (RFC 9110 §5.1, §5.3, §5.5)
// ---------------------------------------------------------------------------

/// Every line of the field `name`, in order. Field names are
/// case-insensitive (§5.1).
pub fn lines_of<'h>(headers: &[(&'h [u8], &'h [u8])], name: &str) -> Vec<&'h [u8]> {
    headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case(name.as_bytes()))
        .map(|&(_, v)| v)
        .collect()
}

fn is_ows(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

/// A field line's value without its leading and trailing SP / HTAB (§5.5).
pub fn trim(mut s: &[u8]) -> &[u8] {
    while let [first, rest @ ..] = s {
        if !is_ows(*first) {
            break;
        }
        s = rest;
    }
    while let [rest @ .., last] = s {
        if !is_ows(*last) {
            break;
        }
        s = rest;
    }
    s
}

/// The field's combined value: its lines joined with ", " (§5.3).
pub fn combined(lines: &[&[u8]]) -> Vec<u8> {
    lines.join(&b", "[..])
}

/// The value of a single-valued field: CHOICES 1 says more than one line is
/// not a valid value, so `None` unless there is exactly one line.
pub fn single(lines: &[&[u8]]) -> Option<Vec<u8>> {
    match lines {
        [one] => Some(trim(one).to_vec()),
        _ => None,
    }
}

// ---------------------------------------------------------------------------
// Entity-tags and lists (RFC 9110 §8.8.3, §5.6.1, §13.1.1, §13.1.2)
// ---------------------------------------------------------------------------

/// `etagc = %x21 / %x23-7E / obs-text`
pub fn is_etagc(b: u8) -> bool {
    b == 0x21 || (0x23..=0x7E).contains(&b) || b >= 0x80
}

/// `entity-tag = [ weak ] opaque-tag` with `weak = %s"W/"` and
/// `opaque-tag = DQUOTE *etagc DQUOTE`, and nothing else.
pub fn parse_entity_tag(s: &[u8]) -> Option<Tag> {
    let (weak, quoted) = match s.strip_prefix(b"W/") {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let inner = quoted.strip_prefix(b"\"")?.strip_suffix(b"\"")?;
    if inner.iter().all(|&b| is_etagc(b)) {
        Some(Tag {
            weak,
            opaque: inner.to_vec(),
        })
    } else {
        None
    }
}

/// Strong comparison (§8.8.3.2): both strong, identical opaque-tags.
pub fn strong_match(a: &Tag, b: &Tag) -> bool {
    !a.weak && !b.weak && a.opaque == b.opaque
}

/// Weak comparison (§8.8.3.2): identical opaque-tags.
pub fn weak_match(a: &Tag, b: &Tag) -> bool {
    a.opaque == b.opaque
}

/// The `If-Match` / `If-None-Match` field `name` of `headers` when it is a
/// valid list of tags: its tags, and the index of the first that matches
/// the resource's entity-tag by the strong (`strong`) or weak comparison
/// function (§8.8.3.2), if one does.
pub fn list_members(
    headers: &[(&[u8], &[u8])],
    name: &str,
    resource: &Resource,
    strong: bool,
) -> Option<(Vec<Tag>, Option<usize>)> {
    let Some(List::Tags(tags)) = parse_list(&lines_of(headers, name)) else {
        return None;
    };
    let current = match resource {
        Resource::Current {
            etag: Some(etag), ..
        } => etag,
        _ => return Some((tags, None)),
    };
    let first = tags.iter().position(|t| {
        if strong {
            strong_match(t, current)
        } else {
            weak_match(t, current)
        }
    });
    Some((tags, first))
}

/// A valid `If-Match` / `If-None-Match` value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum List {
    Any,
    Tags(Vec<Tag>),
}

/// Splits at the commas that are not between a pair of DQUOTEs.
pub fn split_outside_quotes(s: &[u8]) -> Vec<&[u8]> {
    let mut elements = Vec::new();
    let mut start = 0;
    let mut quoted = false;
    for (i, &b) in s.iter().enumerate() {
        if b == b'"' {
            quoted = !quoted;
        } else if b == b',' && !quoted {
            elements.push(&s[start..i]);
            start = i + 1;
        }
    }
    elements.push(&s[start..]);
    elements
}

/// `If-Match = "*" / #entity-tag` (and the same for `If-None-Match`): the
/// whole value is `"*"`, or a list by the rule of §5.6.1 (OWS around
/// commas, empty elements ignored) of entity-tags. An empty value is a
/// valid empty list (CHOICES 3). `None`: invalid.
pub fn parse_list(lines: &[&[u8]]) -> Option<List> {
    let value = combined(lines);
    if trim(&value) == b"*" {
        return Some(List::Any);
    }
    split_outside_quotes(&value)
        .into_iter()
        .map(trim)
        .filter(|e| !e.is_empty())
        .map(parse_entity_tag)
        .collect::<Option<Vec<Tag>>>()
        .map(List::Tags)
}

// ---------------------------------------------------------------------------
// HTTP-dates (RFC 9110 §5.6.7), as seconds since the Unix epoch
// ---------------------------------------------------------------------------

pub const DAY_NAMES: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
pub const DAY_NAMES_L: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
pub const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// 0000-01-01T00:00:00Z and 9999-12-31T23:59:60Z (second 60 of the last
/// minute of 9999 is the next minute's first second, 10000-01-01T00:00:00Z:
/// the last instant an HTTP-date can write, CHOICES 5).
pub const MIN_SECONDS: i64 = -62_167_219_200;
pub const MAX_SECONDS: i64 = 253_402_300_800;

pub fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        _ => 28,
    }
}

/// Days from 0000-01-01 to 1 January of `year` (0..=10000).
fn days_before_year(year: i64) -> i64 {
    if year == 0 {
        return 0;
    }
    // Year 0 leaps; then every fourth year, not every hundredth, every 400th.
    let leap_years = 1 + (year - 1) / 4 - (year - 1) / 100 + (year - 1) / 400;
    365 * year + leap_years
}

/// Days from 0000-01-01 to 1970-01-01.
const EPOCH_DAYS: i64 = 719_528;

/// Seconds since the epoch of a civil date and time; second 60 is the first
/// second of the next minute (CHOICES 5).
pub fn seconds_from_civil(y: i64, mo: i64, d: i64, h: i64, mi: i64, s: i64) -> i64 {
    let mut days = days_before_year(y) - EPOCH_DAYS;
    for m in 1..mo {
        days += days_in_month(y, m);
    }
    days += d - 1;
    days * 86_400 + h * 3_600 + mi * 60 + s
}

/// The civil date and time of an instant in `MIN_SECONDS..=MAX_SECONDS`,
/// and its day of the week (0 = Monday).
pub fn civil_from_seconds(secs: i64) -> (i64, i64, i64, i64, i64, i64, usize) {
    let days = secs.div_euclid(86_400) + EPOCH_DAYS;
    let second_of_day = secs.rem_euclid(86_400);
    let mut year = days / 366;
    while days_before_year(year + 1) <= days {
        year += 1;
    }
    let mut day_of_year = days - days_before_year(year);
    let mut month = 1;
    while day_of_year >= days_in_month(year, month) {
        day_of_year -= days_in_month(year, month);
        month += 1;
    }
    // 1970-01-01 was a Thursday.
    let weekday = (secs.div_euclid(86_400) + 3).rem_euclid(7) as usize;
    (
        year,
        month,
        day_of_year + 1,
        second_of_day / 3_600,
        second_of_day / 60 % 60,
        second_of_day % 60,
        weekday,
    )
}

/// [`civil_from_seconds`] as a date is written: `MAX_SECONDS`, which is
/// 10000-01-01T00:00:00, as Friday 9999-12-31 23:59:60.
fn written(secs: i64) -> (i64, i64, i64, i64, i64, i64, usize) {
    if secs == MAX_SECONDS {
        return (9999, 12, 31, 23, 59, 60, 4);
    }
    civil_from_seconds(secs)
}

/// `Sun, 06 Nov 1994 08:49:37 GMT`
pub fn format_imf_fixdate(secs: i64) -> String {
    let (y, mo, d, h, mi, s, wd) = written(secs);
    format!(
        "{}, {d:02} {} {y:04} {h:02}:{mi:02}:{s:02} GMT",
        DAY_NAMES[wd],
        MONTHS[mo as usize - 1]
    )
}

/// `Sunday, 06-Nov-94 08:49:37 GMT` (the year's last two digits only).
pub fn format_rfc850(secs: i64) -> String {
    let (y, mo, d, h, mi, s, wd) = written(secs);
    format!(
        "{}, {d:02}-{}-{:02} {h:02}:{mi:02}:{s:02} GMT",
        DAY_NAMES_L[wd],
        MONTHS[mo as usize - 1],
        y % 100
    )
}

/// `Sun Nov  6 08:49:37 1994`
pub fn format_asctime(secs: i64) -> String {
    let (y, mo, d, h, mi, s, wd) = written(secs);
    format!(
        "{} {} {d:>2} {h:02}:{mi:02}:{s:02} {y:04}",
        DAY_NAMES[wd],
        MONTHS[mo as usize - 1]
    )
}

fn digits(s: &[u8]) -> Option<i64> {
    if s.is_empty() || !s.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(s.iter().fold(0, |n, &b| n * 10 + i64::from(b - b'0')))
}

fn month_number(s: &[u8]) -> Option<i64> {
    MONTHS
        .iter()
        .position(|m| m.as_bytes() == s)
        .map(|i| i as i64 + 1)
}

fn is_day_name(s: &[u8]) -> bool {
    DAY_NAMES.iter().any(|n| n.as_bytes() == s)
}

fn is_day_name_l(s: &[u8]) -> bool {
    DAY_NAMES_L.iter().any(|n| n.as_bytes() == s)
}

/// `hour ":" minute ":" second`, each 2DIGIT.
fn time_of_day(s: &[u8]) -> Option<(i64, i64, i64)> {
    if s.len() != 8 || s[2] != b':' || s[5] != b':' {
        return None;
    }
    Some((digits(&s[0..2])?, digits(&s[3..5])?, digits(&s[6..8])?))
}

/// An HTTP-date in any of the three formats of §5.6.7, as seconds since the
/// epoch; `now` resolves a two-digit rfc850 year (CHOICES 5).
pub fn parse_http_date(s: &[u8], now: i64) -> Option<i64> {
    let (y, mo, d, (h, mi, sec)) = if s.len() == 29 && s[3] == b',' {
        // IMF-fixdate: day-name "," SP day SP month SP year SP time SP "GMT"
        let ok = is_day_name(&s[0..3])
            && s[4] == b' '
            && s[7] == b' '
            && s[11] == b' '
            && s[16] == b' '
            && &s[25..] == b" GMT";
        if !ok {
            return None;
        }
        (
            digits(&s[12..16])?,
            month_number(&s[8..11])?,
            digits(&s[5..7])?,
            time_of_day(&s[17..25])?,
        )
    } else if s.len() == 24 && s[3] == b' ' {
        // asctime-date: day-name SP month SP ( 2DIGIT / SP DIGIT ) SP time SP year
        let ok = is_day_name(&s[0..3]) && s[7] == b' ' && s[10] == b' ' && s[19] == b' ';
        if !ok {
            return None;
        }
        let day = if s[8] == b' ' {
            digits(&s[9..10])?
        } else {
            digits(&s[8..10])?
        };
        (
            digits(&s[20..24])?,
            month_number(&s[4..7])?,
            day,
            time_of_day(&s[11..19])?,
        )
    } else {
        // rfc850-date: day-name-l "," SP day "-" month "-" 2DIGIT SP time SP "GMT"
        let comma = s.iter().position(|&b| b == b',')?;
        let (name, rest) = (&s[..comma], &s[comma..]);
        if !is_day_name_l(name) || rest.len() != 24 {
            return None;
        }
        let ok = &rest[0..2] == b", "
            && rest[4] == b'-'
            && rest[8] == b'-'
            && rest[11] == b' '
            && &rest[20..] == b" GMT";
        if !ok {
            return None;
        }
        let two = digits(&rest[9..11])?;
        let (mo, d) = (month_number(&rest[5..8])?, digits(&rest[2..4])?);
        let (h, mi, sec) = time_of_day(&rest[12..20])?;
        // §5.6.7: a timestamp that appears to be more than 50 years in the
        // future is in the most recent past year with the same last two
        // digits. CHOICES 5 counts to the second: the latest such year whose
        // timestamp, as written, is not later than now + 50 calendar years
        // (29 February becoming 28 February in a common year).
        let (ny, nmo, nd, nh, nmi, ns, _) = civil_from_seconds(now);
        let ld = if nmo == 2 && nd == 29 && !is_leap(ny + 50) {
            28
        } else {
            nd
        };
        let limit = (ny + 50, nmo, ld, nh, nmi, ns);
        // Walk up the years ending in `two` while the next one is not later.
        let mut year = two - 100;
        while (year + 100, mo, d, h, mi, sec) <= limit {
            year += 100;
        }
        (year, mo, d, (h, mi, sec))
    };
    let exists = (0..=9999).contains(&y)
        && (1..=days_in_month(y, mo)).contains(&d)
        && h <= 23
        && mi <= 59
        && sec <= 60;
    if !exists {
        return None;
    }
    let secs = seconds_from_civil(y, mo, d, h, mi, sec);
    (secs <= MAX_SECONDS).then_some(secs)
}

// ---------------------------------------------------------------------------
// The evaluation (RFC 9110 §13.1, §13.2; RFC 6585 §3)
// ---------------------------------------------------------------------------

/// What `If-Range` holds (§13.1.5: `entity-tag / HTTP-date`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IfRange {
    Tag(Tag),
    Date(i64),
}

pub fn parse_if_range(lines: &[&[u8]], now: i64) -> Option<IfRange> {
    let value = single(lines)?;
    if let Some(tag) = parse_entity_tag(&value) {
        return Some(IfRange::Tag(tag));
    }
    parse_http_date(&value, now).map(IfRange::Date)
}

/// A date field (`If-Modified-Since`, `If-Unmodified-Since`): one line, one
/// HTTP-date.
pub fn parse_date_field(lines: &[&[u8]], now: i64) -> Option<i64> {
    parse_http_date(&single(lines)?, now)
}

/// Decides a request as RFC 9110 §13.2.2 says.
///
/// `headers` are the request's field lines in order, `now` the server's
/// clock, `require_precondition` the RFC 6585 policy.
pub fn evaluate(
    method: &[u8],
    headers: &[(&[u8], &[u8])],
    resource: &Resource,
    now: i64,
    require_precondition: bool,
) -> Verdict {
    let mut evaluated = Vec::new();
    let done = |status: u16, evaluated: Vec<(&'static str, bool)>| Verdict { status, evaluated };

    // Methods are case-sensitive tokens (CHOICES 10).
    let is_get = method == b"GET";
    let is_get_or_head = is_get || method == b"HEAD";

    let if_match = lines_of(headers, IF_MATCH);
    let if_none_match = lines_of(headers, IF_NONE_MATCH);
    let if_modified_since = lines_of(headers, IF_MODIFIED_SINCE);
    let if_unmodified_since = lines_of(headers, IF_UNMODIFIED_SINCE);
    let if_range = lines_of(headers, IF_RANGE);
    let range = lines_of(headers, RANGE);

    let (current_etag, last_modified) = match resource {
        Resource::Missing => (None, None),
        Resource::Current {
            etag,
            last_modified,
        } => (etag.as_ref(), *last_modified),
    };

    // §13.2.1: "a server MUST ignore the conditional request header fields
    // defined by this specification when received with a request method that
    // does not involve the selection or modification of a selected
    // representation, such as CONNECT, OPTIONS, or TRACE."
    if method == b"CONNECT" || method == b"OPTIONS" || method == b"TRACE" {
        return done(200, evaluated);
    }

    // §13.1.4: "A recipient MUST ignore If-Unmodified-Since if the request
    // contains an If-Match header field"; "... if the field value is not a
    // valid HTTP-date" and "... if the resource does not have a modification
    // date available" (CHOICES 7).
    let ius_date = if if_unmodified_since.is_empty() || !if_match.is_empty() {
        None
    } else {
        parse_date_field(&if_unmodified_since, now).filter(|_| last_modified.is_some())
    };

    // RFC 6585 §3 with CHOICES 11: a state-changing request without
    // If-Match, If-None-Match or an applicable If-Unmodified-Since.
    let may_change_state = !is_get_or_head;
    if require_precondition
        && may_change_state
        && if_match.is_empty()
        && if_none_match.is_empty()
        && ius_date.is_none()
    {
        return done(428, evaluated);
    }

    // Step 1: "When recipient is the origin server and If-Match is present,
    // evaluate the If-Match precondition: if true, continue to step 3; if
    // false, respond 412 (Precondition Failed) ..."
    if !if_match.is_empty() {
        // §13.1.1: "If the field value is "*", the condition is false if the
        // origin server has no current representation for the target
        // resource. If the field value is a list of entity tags, the
        // condition is true if any of the listed tags match the entity tag
        // of the selected representation." Strong comparison. Invalid:
        // false (CHOICES 4).
        let truth = match parse_list(&if_match) {
            Some(List::Any) => *resource != Resource::Missing,
            Some(List::Tags(tags)) => match current_etag {
                Some(current) => tags.iter().any(|t| strong_match(t, current)),
                None => false,
            },
            None => false,
        };
        evaluated.push((IF_MATCH, truth));
        if !truth {
            return done(412, evaluated);
        }
    } else if !if_unmodified_since.is_empty() {
        // Step 2: "When recipient is the origin server, If-Match is not
        // present, and If-Unmodified-Since is present, evaluate the
        // If-Unmodified-Since precondition: if true, continue to step 3; if
        // false, respond 412 (Precondition Failed) ..."
        if let (Some(date), Some(lm)) = (ius_date, last_modified) {
            // §13.1.4: "If the selected representation's last modification
            // date is earlier or equal to the date provided in the field
            // value, the condition is true."
            let truth = lm <= date;
            evaluated.push((IF_UNMODIFIED_SINCE, truth));
            if !truth {
                return done(412, evaluated);
            }
        }
    }

    // Step 3: "When If-None-Match is present, evaluate the If-None-Match
    // precondition: if true, continue to step 5; if false for GET/HEAD,
    // respond 304 (Not Modified); if false for other methods, respond 412
    // (Precondition Failed)."
    if !if_none_match.is_empty() {
        // §13.1.2: "If the field value is "*", the condition is false if the
        // origin server has a current representation for the target
        // resource. If the field value is a list of entity tags, the
        // condition is false if one of the listed tags matches the entity
        // tag of the selected representation." Weak comparison. Invalid:
        // true (CHOICES 4).
        let truth = match parse_list(&if_none_match) {
            Some(List::Any) => *resource == Resource::Missing,
            Some(List::Tags(tags)) => match current_etag {
                Some(current) => !tags.iter().any(|t| weak_match(t, current)),
                None => true,
            },
            None => true,
        };
        evaluated.push((IF_NONE_MATCH, truth));
        if !truth {
            return done(if is_get_or_head { 304 } else { 412 }, evaluated);
        }
    } else if is_get_or_head && !if_modified_since.is_empty() {
        // Step 4: "When the method is GET or HEAD, If-None-Match is not
        // present, and If-Modified-Since is present, evaluate the
        // If-Modified-Since precondition: if true, continue to step 5; if
        // false, respond 304 (Not Modified)." Ignored when invalid or when
        // there is no modification date (§13.1.3, CHOICES 7).
        if let (Some(date), Some(lm)) = (parse_date_field(&if_modified_since, now), last_modified) {
            // §13.1.3: "If the selected representation's last modification
            // date is earlier or equal to the date provided in the field
            // value, the condition is false."
            let truth = lm > date;
            evaluated.push((IF_MODIFIED_SINCE, truth));
            if !truth {
                return done(304, evaluated);
            }
        }
    }

    // Step 5: "When the method is GET and both Range and If-Range are
    // present, evaluate the If-Range precondition: if true and the Range is
    // applicable to the selected representation, respond 206 (Partial
    // Content); otherwise, ignore the Range header field and respond 200
    // (OK)."
    if is_get && !range.is_empty() && !if_range.is_empty() {
        // §13.1.5: an entity-tag is true on a strong match; a date is true
        // only if it is an exact match of a strong Last-Modified (§8.8.2.2,
        // CHOICES 8: now at least a second after it). Anything else is false.
        let truth = match parse_if_range(&if_range, now) {
            Some(IfRange::Tag(tag)) => current_etag.is_some_and(|c| strong_match(&tag, c)),
            Some(IfRange::Date(date)) => {
                // Whole seconds: "at least one second after" is "after".
                last_modified.is_some_and(|lm| lm == date && now > lm)
            }
            None => false,
        };
        evaluated.push((IF_RANGE, truth));
        return done(if truth { 206 } else { 200 }, evaluated);
    }

    // Step 6: "Otherwise, perform the requested method and respond according
    // to its success or failure." Range applies to GET only (§14.2).
    done(
        if is_get && !range.is_empty() {
            206
        } else {
            200
        },
        evaluated,
    )
}
