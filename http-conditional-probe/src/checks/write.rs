//! `--write`: conditional PUTs (RFC 9110 §13.1.1, §13.1.2; RFC 6585 §3),
//! each sending back the exact bytes and `Content-Type` of the baseline
//! GET, so that a correct server ends as it began. A resource that does
//! not accept PUT (405, 501) or this client's writes (401, 403) gets the
//! write checks skipped, not failed.

use super::none_match::unknown_tag;
use super::{describe_request, describe_response, field, Snapshot, Tried, Variant};
use crate::finding::{Finding, Level};
use crate::probe::Probe;
use crate::rfc::{self, Tag};

const IDS: [&str; 7] = [
    "W-IFMATCH-STALE",
    "W-IFMATCH-WEAK",
    "W-IFMATCH-CURRENT",
    "W-PUT-VALIDATOR",
    "W-LOST-UPDATE",
    "W-BLIND-428",
    "W-CREATE-ONLY",
];

/// A PUT, sent, with what RFC 9110 requires for it, and the `ETag` of
/// its response.
struct Put {
    tried: Tried,
    etag: Option<Tag>,
}

impl Put {
    fn is_2xx(&self) -> bool {
        self.tried.status.is_some_and(|s| (200..300).contains(&s))
    }

    /// The reason to stop writing, when the server refuses PUT as such.
    fn refusal(&self) -> Option<String> {
        match self.tried.status {
            Some(s @ (405 | 501)) => Some(format!(
                "the resource does not accept PUT ({s}); the write checks need one that does"
            )),
            Some(s @ (401 | 403)) => Some(format!(
                "the server refuses this client's writes ({s}); pass credentials with -H"
            )),
            _ => None,
        }
    }
}

struct Writer<'p, 'o> {
    probe: &'p mut Probe<'o>,
    variant: Variant,
    body: Vec<u8>,
    content_type: Option<Vec<u8>>,
}

impl Writer<'_, '_> {
    fn put(
        &mut self,
        label: &str,
        precondition: Vec<(String, Vec<u8>)>,
        current: &Snapshot,
        strict: bool,
    ) -> Put {
        let mut fields = Vec::new();
        if let Some(ct) = &self.content_type {
            fields.push(field("Content-Type", ct.clone()));
        }
        let sent =
            describe_request("PUT", &precondition, &self.variant) + " (the baseline's bytes)";
        fields.extend(precondition);
        let id = self
            .probe
            .send(label, "", None, "PUT", fields, self.body.clone());
        let exchange = self.probe.exchange(id);
        let decide = if strict {
            rfc::required_of_strict_server
        } else {
            rfc::required
        };
        let required = decide(
            "PUT",
            &exchange.request.headers,
            &current.current(),
            self.probe.now,
        );
        Put {
            tried: Tried {
                exchange: id,
                status: exchange.status(),
                required,
                sent,
                got: describe_response(exchange),
            },
            etag: exchange
                .response()
                .filter(|r| r.has("etag"))
                .and_then(|r| Tag::from_field(r.lines("etag")).ok()),
        }
    }

    /// A GET of the current state, or `None` if it is not a 200.
    fn get(&mut self, label: &str) -> (usize, Option<Snapshot>) {
        let id = self
            .probe
            .send(label, "", None, "GET", Vec::new(), Vec::new());
        let exchange = self.probe.exchange(id);
        let snapshot = exchange
            .response()
            .filter(|r| r.status == 200)
            .map(|r| Snapshot::of(exchange, r));
        (id, snapshot)
    }

    fn skip_rest(&mut self, from: usize, reason: &str) {
        for id in &IDS[from..] {
            self.probe
                .push(Finding::skip(*id, &["RFC 9110 §9.3.4"], reason));
        }
    }
}

/// How a write that RFC 9110 says must fail with 412 came out: 412 is
/// good; a 2xx that left the tag and content as they were is info (the
/// probe sends back the current bytes, and §13.1.1 allows a 2xx when the
/// requested state is already in effect); a 2xx that changed the tag, or
/// any other status, is bad.
fn must_fail(
    w: &mut Writer<'_, '_>,
    put: &Put,
    before: &Snapshot,
) -> (Level, Option<usize>, Option<Snapshot>) {
    if put.tried.status == Some(412) {
        return (Level::Good, None, None);
    }
    if !put.is_2xx() {
        return (Level::Bad, None, None);
    }
    let (id, after) = w.get("GET after a write that should have failed");
    let unchanged = after
        .as_ref()
        .is_some_and(|a| a.body == before.body && a.tag() == before.tag());
    (
        if unchanged { Level::Info } else { Level::Bad },
        Some(id),
        after,
    )
}

const ALREADY_IN_EFFECT: &str = "the server answered 2xx and the tag and content are unchanged: RFC 9110 §13.1.1 allows a 2xx when the requested state is already in effect, which is true here because the probe sends back the current bytes; a server that ignores If-Match but keeps a content-derived tag would look the same, so this proves nothing either way";

/// What to say of a write that must fail with 412 (see [`must_fail`]):
/// when it got 412, when it was performed, and for any other status.
struct MustFail {
    good: &'static str,
    performed: &'static str,
    other: &'static str,
}

/// Pushes the finding `id` of `put`, a write that must fail with 412; the
/// state after it, when a GET had to look, becomes `current`.
fn push_must_fail(
    w: &mut Writer<'_, '_>,
    id: &str,
    rfc: &[&'static str],
    put: &Put,
    current: &mut Snapshot,
    why: MustFail,
) {
    let (level, get, after) = must_fail(w, put, current);
    let why = match level {
        Level::Good => why.good,
        Level::Info => ALREADY_IN_EFFECT,
        _ if put.is_2xx() => why.performed,
        _ => why.other,
    };
    let mut f = put.tried.finding(id, level, rfc, why);
    f.exchanges.extend(get);
    w.probe.push(f);
    if let Some(after) = after {
        *current = after;
    }
}

/// The write checks, in order; each step starts from the state the
/// previous one left.
pub fn run(probe: &mut Probe<'_>, identity: &Variant) {
    let base = identity.base.clone();
    let mut w = Writer {
        probe,
        variant: identity.clone(),
        body: base.body.clone(),
        content_type: base.content_type.clone(),
    };

    // W-IFMATCH-STALE
    let rfc = &["RFC 9110 §13.1.1"];
    let stale = w.put(
        "PUT If-Match: an unknown tag",
        vec![field("If-Match", unknown_tag().to_bytes())],
        &base,
        false,
    );
    if let Some(reason) = stale.refusal() {
        w.skip_rest(0, &reason);
        return;
    }
    let (after_id, after) = w.get("GET after the stale PUT");
    let unchanged = after
        .as_ref()
        .is_some_and(|a| a.body == base.body && a.tag() == base.tag());
    let (level, why) = match stale.tried.status {
        Some(412) if unchanged => (Level::Good, "no member of If-Match matches: 412, and nothing changed"),
        _ if stale.is_2xx() && unchanged => (Level::Info, ALREADY_IN_EFFECT),
        _ if stale.is_2xx() => (Level::Bad, "the write was performed although If-Match named a version that does not exist: this is the lost update If-Match exists to prevent; the server does not evaluate If-Match on PUT"),
        _ => (Level::Bad, "no member of If-Match matches, so 412 and no change; a GET afterwards must show the same tag and content"),
    };
    let mut f = stale.tried.finding("W-IFMATCH-STALE", level, rfc, why);
    f.got = format!(
        "{}; then GET: {}",
        stale.tried.got,
        describe_response(w.probe.exchange(after_id))
    );
    f.expected = "412, and a following GET shows the same tag and content".into();
    f.exchanges.push(after_id);
    w.probe.push(f);
    let Some(mut current) = after else {
        w.skip_rest(1, "the GET after the first PUT did not answer 200");
        return;
    };

    // W-IFMATCH-WEAK
    let rfc = &["RFC 9110 §13.1.1", "§8.8.3.2"];
    match current.tag().cloned() {
        None => w
            .probe
            .push(Finding::skip("W-IFMATCH-WEAK", rfc, "no valid ETag")),
        Some(tag) => {
            let weak = w.put(
                "PUT If-Match: the current tag made weak",
                vec![field("If-Match", tag.weakened().to_bytes())],
                &current,
                false,
            );
            if let Some(reason) = weak.refusal() {
                w.skip_rest(1, &reason);
                return;
            }
            push_must_fail(&mut w, "W-IFMATCH-WEAK", rfc, &weak, &mut current, MustFail {
                good: "a weak tag never matches in If-Match: 412",
                performed: "If-Match uses the strong comparison, so a weak tag never matches; the server accepted the write and changed the resource, comparing weakly (or stripping W/), so a client holding a weakly-validated copy (e.g. of the gzip variant) can overwrite changes",
                other: "a weak tag never matches in If-Match, so 412",
            });
        }
    }

    // W-IFMATCH-CURRENT and W-PUT-VALIDATOR
    let rfc = &["RFC 9110 §13.1.1", "§9.3.4"];
    let old_tag = current.tag().cloned();
    let mut changed_tag = None;
    match old_tag.clone().filter(|t| !t.is_weak()) {
        None => {
            let reason = if old_tag.is_some() {
                "the current tag is weak: If-Match can never match it, so no conditional write by tag is possible"
            } else {
                "no valid ETag"
            };
            w.probe
                .push(Finding::skip("W-IFMATCH-CURRENT", rfc, reason));
            w.probe.push(Finding::skip(
                "W-PUT-VALIDATOR",
                &["RFC 9110 §9.3.4", "§8.8.3"],
                reason,
            ));
        }
        Some(tag) => {
            let put = w.put(
                "PUT If-Match: the current tag",
                vec![field("If-Match", tag.to_bytes())],
                &current,
                false,
            );
            if let Some(reason) = put.refusal() {
                w.skip_rest(2, &reason);
                return;
            }
            let (level, why) = if put.is_2xx() {
                (
                    Level::Good,
                    "the current tag matches strongly: the write is performed",
                )
            } else {
                (Level::Bad, "If-Match holds the current strong tag, so the write must be performed (2xx); the server compares with something else than the ETag it sends")
            };
            let mut f = put.tried.finding("W-IFMATCH-CURRENT", level, rfc, why);
            f.expected = "2xx".into();
            w.probe.push(f);
            if put.is_2xx() {
                let (next_id, next) = w.get("GET after the PUT");
                let next_tag = next.as_ref().and_then(|n| n.tag().cloned());
                let rfc_v = &["RFC 9110 §9.3.4", "§8.8.3"];
                let f = match &put.etag {
                    None => Finding::skip("W-PUT-VALIDATOR", rfc_v, "the 2xx carried no ETag"),
                    Some(sent) if Some(sent) == next_tag.as_ref() => Finding::new("W-PUT-VALIDATOR", Level::Good, rfc_v)
                        .why("the ETag of the PUT's response is the one the next GET sends"),
                    Some(_) => Finding::new("W-PUT-VALIDATOR", Level::Bad, rfc_v).why(
                        "an ETag in a PUT's 2xx is the tag of the new representation (RFC 9110 §9.3.4): a client that keeps it for its next If-Match will get a 412 (or a client that sends it in If-None-Match a 200); likely the tag is computed from the request or before the store changes it",
                    ),
                };
                w.probe.push(
                    f.sent("GET after the PUT")
                        .expected("any ETag of the PUT's response equals the next GET's")
                        .got(format!(
                            "PUT: {}; GET: {}",
                            put.tried.got,
                            describe_response(w.probe.exchange(next_id))
                        ))
                        .exchanges([put.tried.exchange, next_id]),
                );
                if let Some(next) = next {
                    if next.tag() != old_tag.as_ref() {
                        changed_tag = Some(tag.clone());
                    }
                    current = next;
                }
            } else {
                w.probe.push(Finding::skip(
                    "W-PUT-VALIDATOR",
                    &["RFC 9110 §9.3.4"],
                    "the conditional PUT was not accepted",
                ));
            }
        }
    }

    // W-LOST-UPDATE
    let rfc = &["RFC 9110 §13.1.1"];
    match changed_tag {
        None => w.probe.push(Finding::skip(
            "W-LOST-UPDATE",
            rfc,
            "the write did not change the tag (or did not happen), so the old tag is still current",
        )),
        Some(old) => {
            let put = w.put(
                "PUT If-Match: the tag before the last write",
                vec![field("If-Match", old.to_bytes())],
                &current,
                false,
            );
            push_must_fail(&mut w, "W-LOST-UPDATE", rfc, &put, &mut current, MustFail {
                good: "the old tag no longer matches: 412, the lost update is prevented",
                performed: "a client that still holds the old tag overwrote the newer version: the lost update If-Match exists to prevent; the server does not compare If-Match with the current tag",
                other: "the old tag no longer matches, so 412",
            });
        }
    }

    // W-BLIND-428
    let rfc = &["RFC 6585 §3", "RFC 9110 §13.1.1"];
    let blind = w.put("PUT without a precondition", Vec::new(), &current, true);
    let (level, why) = match blind.tried.status {
        Some(428) => (Level::Good, "a write without a precondition is refused with 428: clients must prove which version they change"),
        _ if blind.is_2xx() => (Level::Warn, "blind writes are allowed: a client that did not send If-Match can overwrite changes it never saw; requiring a precondition (428, RFC 6585 §3) prevents lost updates"),
        Some(s @ (405 | 501 | 401 | 403)) => (Level::Skip, if s == 405 || s == 501 { "the resource does not accept PUT" } else { "the server refuses this client's writes" }),
        _ => (Level::Bad, "a write without a precondition is either performed (2xx, a warning) or refused with 428; this status tells the client neither"),
    };
    let mut f = blind.tried.finding("W-BLIND-428", level, rfc, why);
    f.expected = "428 (warn when accepted: blind writes are allowed)".into();
    w.probe.push(f);
    if blind.is_2xx() {
        if let (_, Some(now)) = w.get("GET after the blind PUT") {
            current = now;
        }
    }

    // W-CREATE-ONLY
    let rfc = &["RFC 9110 §13.1.2"];
    let create = w.put(
        "PUT If-None-Match: * on the existing URL",
        vec![field("If-None-Match", "*")],
        &current,
        false,
    );
    let (level, why) = match create.tried.status {
        Some(412) => (Level::Good, "the resource exists, so \"create only\" fails: 412"),
        _ if create.is_2xx() => (Level::Bad, "If-None-Match: * asks to create only if nothing is there; the server overwrote the existing resource, so two clients creating the same URL lose one's data"),
        _ => (Level::Bad, "If-None-Match: * is false for an existing resource, so 412"),
    };
    w.probe
        .push(create.tried.finding("W-CREATE-ONLY", level, rfc, why));
}
