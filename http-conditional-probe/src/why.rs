//! The "why 200, not 304" summary: when `INM-304` is not good, the likely
//! cause, read from the other findings.

use crate::finding::{Finding, Level};

fn level(findings: &[Finding], id: &str) -> Option<Level> {
    findings.iter().find(|f| f.id == id).map(|f| f.level)
}

/// The summary, or `None` when `INM-304` is good (or absent: a stopped
/// run).
pub fn summary(findings: &[Finding]) -> Option<String> {
    let inm = level(findings, "INM-304")?;
    let gzip = level(findings, "INM-304-GZIP");
    if inm == Level::Good && gzip.is_none_or(|l| l == Level::Good || l == Level::Skip) {
        return None;
    }
    let is = |id: &str, l: Level| level(findings, id) == Some(l);
    let mut causes = Vec::new();
    if is("VAL-PRESENT", Level::Bad) {
        causes.push("there is no validator at all: the server sends neither ETag nor Last-Modified, so nothing can match (VAL-PRESENT)".to_owned());
    } else if inm == Level::Skip {
        if is("ETAG-SYNTAX", Level::Bad) {
            causes.push(
                "the ETag is not a valid entity-tag, so clients cannot send it back (ETAG-SYNTAX)"
                    .to_owned(),
            );
        } else {
            causes.push(
                "there is no ETag: only If-Modified-Since can give a 304 here (see IMS-304)"
                    .to_owned(),
            );
        }
    }
    if is("ETAG-STABLE", Level::Bad) {
        causes.push("the tag drifts between identical GETs: the tag a client holds is already stale when it comes back (ETAG-STABLE); derive it from the content or a version, not from per-instance state".to_owned());
    }
    if is("INM-WEAK-CMP", Level::Bad) || is("INM-LIST", Level::Bad) {
        causes.push("If-None-Match is compared as a string, not member by member with the weak comparison (INM-WEAK-CMP, INM-LIST): a weakened or listed tag never matches".to_owned());
    }
    if is("PREC-INM-IMS-A", Level::Bad) {
        causes.push("the date decides instead of the tag: with If-None-Match present, If-Modified-Since must be ignored (PREC-INM-IMS-A)".to_owned());
    }
    if gzip.is_some_and(|l| l == Level::Bad) && inm == Level::Good {
        let weakened = is("ETAG-WEAKENED", Level::Warn);
        causes.push(if weakened {
            "gzip clients get no 304: a compression layer weakens the tag (ETAG-WEAKENED) while the origin compares strongly, so W/\"…\" sent back never matches (INM-304-GZIP)".to_owned()
        } else {
            "gzip clients get no 304: the tag of the compressed variant is not recognised when it comes back (INM-304-GZIP); a compression layer changes the tag (\"…-gzip\") and the origin behind it compares with its own".to_owned()
        });
    }
    if causes.is_empty() {
        causes.push("the server does not evaluate If-None-Match on this resource (no other finding explains it): check that the conditional middleware runs for this route and sees the final ETag".to_owned());
    }
    Some(causes.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(levels: &[(&str, Level)]) -> Vec<Finding> {
        levels
            .iter()
            .map(|(id, l)| Finding::new(*id, *l, &[]))
            .collect()
    }

    #[test]
    fn no_summary_when_inm_304_is_good() {
        assert_eq!(summary(&with(&[("INM-304", Level::Good)])), None);
        assert_eq!(summary(&[]), None);
    }

    #[test]
    fn drift_is_named_as_the_cause() {
        let s = summary(&with(&[
            ("INM-304", Level::Bad),
            ("ETAG-STABLE", Level::Bad),
        ]))
        .unwrap();
        assert!(s.contains("drifts"), "{s}");
    }

    #[test]
    fn weakened_gzip_tag_is_named_when_only_gzip_fails() {
        let s = summary(&with(&[
            ("INM-304", Level::Good),
            ("INM-304-GZIP", Level::Bad),
            ("ETAG-WEAKENED", Level::Warn),
        ]))
        .unwrap();
        assert!(s.contains("weakens the tag"), "{s}");
    }

    #[test]
    fn no_validator_is_named() {
        let s = summary(&with(&[
            ("INM-304", Level::Skip),
            ("VAL-PRESENT", Level::Bad),
        ]))
        .unwrap();
        assert!(s.contains("no validator"), "{s}");
    }
}
