//! Every 304 seen, compared with the 200 of the same variant:
//! `304-FRAMING` (no content, RFC 9112 §6.3, RFC 9110 §8.6; HEAD
//! responses too, §9.3.2), `304-FIELDS` (§15.4.5's MUSTs), `304-VALUES`
//! (the same `ETag`, `Vary`, `Cache-Control`), `304-NO-METADATA`
//! (§15.4.5's SHOULD NOT); and every 412 seen (`412-SANITY`, §13.2.2).

use super::Variant;
use crate::exchange::{escape, escape_short, Exchange};
use crate::finding::{Finding, Level};
use crate::probe::Probe;
use crate::rfc::{self, Tag};

/// The 304 checks of one variant.
pub fn run_304(probe: &mut Probe<'_>, v: &Variant) {
    let ok_length = v.base.content_length.unwrap_or(v.base.body.len() as u64);
    let not_modified: Vec<&Exchange> = probe
        .exchanges
        .iter()
        .filter(|e| e.variant == v.suffix && e.status() == Some(304))
        .collect();
    let heads: Vec<&Exchange> = probe
        .exchanges
        .iter()
        .filter(|e| {
            e.variant == v.suffix
                && e.request.method == "HEAD"
                && e.status().is_some_and(|s| s != 304)
        })
        .collect();
    let findings = vec![
        framing(v, &not_modified, &heads, ok_length),
        fields(v, &not_modified),
        values(v, &not_modified),
        metadata(v, &not_modified),
    ];
    for finding in findings {
        probe.push(finding);
    }
}

fn ids(list: &[&Exchange]) -> Vec<usize> {
    list.iter().map(|e| e.id).collect()
}

fn numbered(problems: &[(usize, String)]) -> String {
    problems
        .iter()
        .map(|(id, p)| format!("#{id}: {p}"))
        .collect::<Vec<_>>()
        .join("; ")
}

fn framing(
    v: &Variant,
    not_modified: &[&Exchange],
    heads: &[&Exchange],
    ok_length: u64,
) -> Finding {
    let id = v.id("304-FRAMING");
    let rfc: &[&str] = &["RFC 9112 §6.3", "RFC 9110 §8.6", "§15.4.5", "§9.3.2"];
    if not_modified.is_empty() && heads.is_empty() {
        return Finding::skip(&id, rfc, "no 304 and no HEAD response was seen");
    }
    let mut problems = Vec::new();
    for e in not_modified.iter().chain(heads) {
        let Some(r) = e.response() else { continue };
        if !r.after.is_empty() {
            problems.push((
                e.id,
                format!(
                    "{} bytes after the head of a {} ({})",
                    r.after.len(),
                    if r.status == 304 {
                        "304"
                    } else {
                        "HEAD response"
                    },
                    escape_short(&r.after, 40)
                ),
            ));
        }
        if r.status == 304 && r.has("content-length") {
            match r.content_length() {
                Some(n) if n == ok_length => {}
                Some(0) => problems.push((
                    e.id,
                    format!("Content-Length: 0, but the 200 has {ok_length} bytes"),
                )),
                _ => problems.push((
                    e.id,
                    format!(
                        "Content-Length: {}, but the 200 has {ok_length} bytes",
                        escape(&r.joined("content-length").unwrap_or_default())
                    ),
                )),
            }
        }
    }
    let mut used: Vec<usize> = ids(not_modified).into_iter().chain(ids(heads)).collect();
    used.sort_unstable();
    let seen = format!(
        "{} 304(s) and {} HEAD response(s)",
        not_modified.len(),
        heads.len()
    );
    let finding = if problems.is_empty() {
        Finding::new(&id, Level::Good, rfc)
            .got(format!(
                "{seen}: no content, Content-Length absent or the 200's"
            ))
            .why("a 304 and a HEAD response end with their head")
    } else {
        Finding::new(&id, Level::Bad, rfc)
            .got(numbered(&problems))
            .why("a 304 (and a HEAD response) ends at its head (RFC 9112 §6.3); bytes after it are read as the start of the next response on a kept-alive connection, which desynchronises every client and proxy on it. Content-Length in a 304 must be what the 200 would send (RFC 9110 §8.6): a 0 makes caches that merge the 304's fields store an empty length. Likely the handler writes the body (or its length) before the framework turns the response into a 304")
    };
    finding
        .sent(format!("the conditional requests{}", v.note()))
        .expected("no bytes after the head; no Content-Length, or the 200's")
        .exchanges(used)
}

fn fields(v: &Variant, not_modified: &[&Exchange]) -> Finding {
    let id = v.id("304-FIELDS");
    let rfc: &[&str] = &["RFC 9110 §15.4.5"];
    if not_modified.is_empty() {
        return Finding::skip(&id, rfc, "no 304 was seen");
    }
    let wanted: Vec<String> = rfc::required_in_304()
        .iter()
        .copied()
        .filter(|name| v.base.joined(name).is_some())
        .map(title_case)
        .collect();
    let mut problems = Vec::new();
    for e in not_modified {
        let Some(r) = e.response() else { continue };
        let missing: Vec<&str> = wanted
            .iter()
            .map(String::as_str)
            .filter(|name| !r.has(name))
            .collect();
        if !missing.is_empty() {
            problems.push((e.id, format!("no {}", missing.join(", "))));
        }
    }
    let finding = if problems.is_empty() {
        Finding::new(&id, Level::Good, rfc)
            .got(format!("{} 304(s), each with {}", not_modified.len(), if wanted.is_empty() { "nothing required".to_owned() } else { wanted.join(", ") }))
            .why("every field the 200 had among Cache-Control, Content-Location, Date, ETag, Expires and Vary is in the 304")
    } else {
        Finding::new(&id, Level::Bad, rfc)
            .got(numbered(&problems))
            .why("a server MUST send in a 304 the fields among Cache-Control, Content-Location, Date, ETag, Expires and Vary that the 200 would have carried: without the ETag a cache cannot tell which stored response the 304 freshens (RFC 9111 §4.3.4) and may refetch or serve a stale one. Likely the 304 is built from scratch instead of from the 200's headers")
    };
    finding
        .sent(format!("the conditional requests{}", v.note()))
        .expected(format!(
            "each 304 carries {}",
            if wanted.is_empty() {
                "(the 200 has none of the fields)".to_owned()
            } else {
                wanted.join(", ")
            }
        ))
        .exchanges(ids(not_modified))
}

/// `cache-control` → `Cache-Control`, `etag` → `ETag`.
fn title_case(name: &str) -> String {
    if name == "etag" {
        return "ETag".into();
    }
    name.split('-')
        .map(|part| {
            let mut chars = part.chars();
            chars.next().map_or_else(String::new, |c| {
                c.to_ascii_uppercase().to_string() + chars.as_str()
            })
        })
        .collect::<Vec<_>>()
        .join("-")
}

fn values(v: &Variant, not_modified: &[&Exchange]) -> Finding {
    let id = v.id("304-VALUES");
    let rfc: &[&str] = &["RFC 9110 §15.4.5", "RFC 9111 §4.3.4"];
    if not_modified.is_empty() {
        return Finding::skip(&id, rfc, "no 304 was seen");
    }
    let base_tag = v.base.tag();
    let mut bad = Vec::new();
    let mut warn = Vec::new();
    for e in not_modified {
        let Some(r) = e.response() else { continue };
        if r.has("etag") {
            let tag = Tag::from_field(r.lines("etag")).ok();
            if tag.as_ref() != base_tag {
                bad.push((
                    e.id,
                    format!(
                        "ETag {} (the 200: {})",
                        escape_short(&r.joined("etag").unwrap_or_default(), 80),
                        base_tag.map_or_else(|| "none".to_owned(), Tag::display)
                    ),
                ));
            }
        }
        if r.has("vary") && !same_tokens(r.joined("vary"), v.base.joined("vary")) {
            bad.push((
                e.id,
                format!(
                    "Vary {} (the 200: {})",
                    escape(&r.joined("vary").unwrap_or_default()),
                    v.base
                        .joined("vary")
                        .map_or_else(|| "none".to_owned(), |x| escape(&x))
                ),
            ));
        }
        if r.has("cache-control") && r.joined("cache-control") != v.base.joined("cache-control") {
            warn.push((
                e.id,
                format!(
                    "Cache-Control {} (the 200: {})",
                    escape(&r.joined("cache-control").unwrap_or_default()),
                    v.base
                        .joined("cache-control")
                        .map_or_else(|| "none".to_owned(), |x| escape(&x))
                ),
            ));
        }
    }
    let finding = if !bad.is_empty() {
        let mut all = bad;
        all.extend(warn);
        Finding::new(&id, Level::Bad, rfc).got(numbered(&all)).why(
            "a cache applies the 304's fields to the response it stored (RFC 9111 §4.3.4): a different ETag makes it freshen the wrong response (or none), a different Vary changes which requests the stored response answers. The 304 describes another representation than the 200: a tag computed differently on the 304 path, or a negotiation layer that runs only for 200s",
        )
    } else if !warn.is_empty() {
        Finding::new(&id, Level::Warn, rfc).got(numbered(&warn)).why(
            "a 304's Cache-Control replaces the stored one (RFC 9111 §3.2): allowed, to update freshness, but a different directive set usually means the 304 comes from another code path than the 200",
        )
    } else {
        Finding::new(&id, Level::Good, rfc)
            .got(format!(
                "{} 304(s): ETag, Vary and Cache-Control as in the 200 where present",
                not_modified.len()
            ))
            .why("the 304s describe the same representation as the 200")
    };
    finding
        .sent(format!("the conditional requests{}", v.note()))
        .expected("ETag, Vary and Cache-Control equal to the 200's")
        .exchanges(ids(not_modified))
}

/// Whether two `Vary` values list the same members (case-insensitive).
fn same_tokens(a: Option<Vec<u8>>, b: Option<Vec<u8>>) -> bool {
    let tokens = |v: Option<Vec<u8>>| {
        let mut list: Vec<Vec<u8>> = v
            .unwrap_or_default()
            .split(|&b| b == b',')
            .map(|t| crate::exchange::trim(t).to_ascii_lowercase())
            .filter(|t| !t.is_empty())
            .collect();
        list.sort();
        list.dedup();
        list
    };
    tokens(a) == tokens(b)
}

fn metadata(v: &Variant, not_modified: &[&Exchange]) -> Finding {
    let id = v.id("304-NO-METADATA");
    let rfc: &[&str] = &["RFC 9110 §15.4.5", "RFC 9111 §4.3.4"];
    if not_modified.is_empty() {
        return Finding::skip(&id, rfc, "no 304 was seen");
    }
    let mut differ = Vec::new();
    let mut same = Vec::new();
    for e in not_modified {
        let Some(r) = e.response() else { continue };
        let mut names: Vec<&[u8]> = r
            .headers
            .iter()
            .map(|(n, _)| n.as_slice())
            .filter(|n| rfc::is_metadata_not_for_304(n))
            .collect();
        names.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
        for name in names {
            let name = String::from_utf8_lossy(name).into_owned();
            let value = r.joined(&name).unwrap_or_default();
            let text = format!("{name}: {}", escape(&value));
            if v.base.joined(&name).as_ref() == Some(&value) {
                same.push((e.id, text));
            } else {
                differ.push((
                    e.id,
                    format!(
                        "{text} (the 200: {})",
                        v.base
                            .joined(&name)
                            .map_or_else(|| "none".to_owned(), |x| escape(&x))
                    ),
                ));
            }
        }
    }
    let finding = if !differ.is_empty() {
        Finding::new(&id, Level::Bad, rfc).got(numbered(&differ)).why(
            "a cache copies the 304's fields onto its stored response (RFC 9111 §4.3.4): a Content-Type, Content-Encoding or Content-Language that differs from the 200's relabels the stored bytes, so clients decode them wrongly",
        )
    } else if !same.is_empty() {
        Finding::new(&id, Level::Warn, rfc).got(numbered(&same)).why(
            "a 304 SHOULD NOT carry representation metadata beyond the fields RFC 9110 §15.4.5 lists; these equal the 200's, so they are harmless but wasted",
        )
    } else {
        Finding::new(&id, Level::Good, rfc)
            .got(format!(
                "{} 304(s) without Content-Type, Content-Encoding or Content-Language",
                not_modified.len()
            ))
            .why("no representation metadata in the 304s")
    };
    finding
        .sent(format!("the conditional requests{}", v.note()))
        .expected("no Content-Type, Content-Encoding or Content-Language")
        .exchanges(ids(not_modified))
}

/// `412-SANITY`: every 412 answers a request with a precondition that can
/// fail with 412 (RFC 9110 §13.2.2, §15.5.13).
pub fn run_412(probe: &mut Probe<'_>) {
    const ID: &str = "412-SANITY";
    const RFC: &[&str] = &["RFC 9110 §15.5.13", "§13.2.2"];
    let failed: Vec<&Exchange> = probe
        .exchanges
        .iter()
        .filter(|e| e.status() == Some(412))
        .collect();
    if failed.is_empty() {
        probe.push(Finding::skip(ID, RFC, "no 412 was seen"));
        return;
    }
    let insane: Vec<&Exchange> = failed
        .iter()
        .copied()
        .filter(|e| {
            let r = &e.request;
            let get_or_head = r.method == "GET" || r.method == "HEAD";
            !(r.has("if-match")
                || r.has("if-unmodified-since")
                || (!get_or_head && r.has("if-none-match")))
        })
        .collect();
    let finding = if insane.is_empty() {
        Finding::new(ID, Level::Good, RFC)
            .got(format!("{} 412(s), each to a request with If-Match or If-Unmodified-Since (or If-None-Match on a write)", failed.len()))
            .why("412 only when a precondition that can fail with 412 was sent")
            .exchanges(ids(&failed))
    } else {
        Finding::new(ID, Level::Bad, RFC)
            .got(insane.iter().map(|e| format!("#{}: {} to {}", e.id, e.outcome(), e.label)).collect::<Vec<_>>().join("; "))
            .why("412 means a precondition the client sent was false; without one (or with only If-None-Match / If-Modified-Since on GET, which give 304), the client cannot know what to fix")
            .exchanges(ids(&insane))
    };
    probe.push(
        finding
            .sent("every request")
            .expected("412 only with If-Match, If-Unmodified-Since, or If-None-Match on a method other than GET/HEAD"),
    );
}
