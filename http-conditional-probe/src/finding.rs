//! A finding: one check's verdict, with its evidence and the words that
//! explain it.

use std::fmt;

/// How a check came out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// As RFC 9110 requires.
    Good,
    /// Allowed, but worth knowing.
    Info,
    /// Allowed (or a SHOULD), but it costs clients something.
    Warn,
    /// Against a requirement of the RFC, or a behaviour that breaks clients.
    Bad,
    /// Not run: its inputs are missing (the reason says which).
    Skip,
}

impl Level {
    /// Every level, in report order.
    pub const ALL: [Level; 5] = [
        Level::Good,
        Level::Info,
        Level::Warn,
        Level::Bad,
        Level::Skip,
    ];

    /// `good`, `info`, `warn`, `bad` or `skip`.
    pub fn name(self) -> &'static str {
        match self {
            Level::Good => "good",
            Level::Info => "info",
            Level::Warn => "warn",
            Level::Bad => "bad",
            Level::Skip => "skip",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One check's verdict.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// The check's id (see the crate README), e.g. `INM-304-GZIP`.
    pub id: String,
    /// The verdict.
    pub level: Level,
    /// The RFC sections the check rests on, e.g. `RFC 9110 §13.1.2`.
    pub rfc: Vec<&'static str>,
    /// What was sent (the fields that matter).
    pub sent: String,
    /// What RFC 9110 (or the issue's table) expects.
    pub expected: String,
    /// What came back.
    pub got: String,
    /// Why it matters, or the likely cause.
    pub why: String,
    /// For a decision: what RFC 9110 requires for that exact request, as
    /// the core's `evaluate` explains it with the baseline's validators.
    pub rfc9110: Option<String>,
    /// The exchanges used, by number.
    pub exchanges: Vec<usize>,
}

impl Finding {
    /// A finding with the given id, level and sections; the texts empty.
    pub fn new(id: impl Into<String>, level: Level, rfc: &[&'static str]) -> Finding {
        Finding {
            id: id.into(),
            level,
            rfc: rfc.to_vec(),
            sent: String::new(),
            expected: String::new(),
            got: String::new(),
            why: String::new(),
            rfc9110: None,
            exchanges: Vec::new(),
        }
    }

    /// A skipped check, with the reason.
    pub fn skip(id: impl Into<String>, rfc: &[&'static str], reason: impl Into<String>) -> Finding {
        Finding {
            why: reason.into(),
            ..Finding::new(id, Level::Skip, rfc)
        }
    }

    /// Sets what was sent.
    pub fn sent(mut self, text: impl Into<String>) -> Self {
        self.sent = text.into();
        self
    }

    /// Sets what was expected.
    pub fn expected(mut self, text: impl Into<String>) -> Self {
        self.expected = text.into();
        self
    }

    /// Sets what came back.
    pub fn got(mut self, text: impl Into<String>) -> Self {
        self.got = text.into();
        self
    }

    /// Sets the why / likely cause.
    pub fn why(mut self, text: impl Into<String>) -> Self {
        self.why = text.into();
        self
    }

    /// Sets the core's explanation.
    pub fn rfc9110(mut self, text: impl Into<String>) -> Self {
        self.rfc9110 = Some(text.into());
        self
    }

    /// Sets the exchanges used.
    pub fn exchanges(mut self, ids: impl IntoIterator<Item = usize>) -> Self {
        self.exchanges = ids.into_iter().collect();
        self
    }
}

/// The groups of the readable report, in order, with the id prefixes that
/// belong to each.
pub const GROUPS: [(&str, &[&str]); 9] = [
    (
        "Validators",
        &[
            "VAL-",
            "ETAG-SYNTAX",
            "LM-",
            "ETAG-STABLE",
            "UNSOLICITED-304",
        ],
    ),
    ("HEAD", &["HEAD-"]),
    ("If-None-Match", &["INM-", "PREC-INM-"]),
    ("If-Modified-Since", &["IMS-"]),
    (
        "If-Match / If-Unmodified-Since",
        &["IFMATCH-", "IUS-", "PREC-IM-"],
    ),
    ("If-Range", &["IFRANGE-"]),
    (
        "Content codings",
        &["VARY-", "ETAG-PER-CODING", "ETAG-WEAKENED"],
    ),
    ("304 and 412 responses", &["304-", "412-"]),
    ("Writes (--write)", &["W-"]),
];

/// The index in [`GROUPS`] of the group of `id`.
pub fn group_of(id: &str) -> usize {
    GROUPS
        .iter()
        .position(|(_, prefixes)| prefixes.iter().any(|p| id.starts_with(p)))
        .unwrap_or(GROUPS.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_id_of_the_issue_has_a_group() {
        for id in [
            "VAL-PRESENT",
            "ETAG-SYNTAX",
            "LM-SANE",
            "ETAG-STABLE",
            "HEAD-GET",
            "HEAD-CL",
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
        ] {
            assert!(group_of(id) < GROUPS.len(), "{id}");
        }
        assert_eq!(GROUPS[group_of("PREC-INM-IMS-A")].0, "If-None-Match");
        assert_eq!(
            GROUPS[group_of("PREC-IM-IUS")].0,
            "If-Match / If-Unmodified-Since"
        );
    }
}
