//! Content codings: a GET with `Accept-Encoding: gzip` beside the plain
//! one. When the codings differ, `Vary` must name `Accept-Encoding` on both
//! (`VARY-AE`, RFC 9110 §12.5.5), a strong tag must differ between them
//! (`ETAG-PER-CODING`, §8.8.3.3), and a tag merely weakened for gzip costs
//! `If-Match` and `If-Range` (`ETAG-WEAKENED`, §8.8.3.2).

use super::{describe_response, Snapshot, Variant};
use crate::finding::{Finding, Level};
use crate::probe::Probe;

/// Sends the gzip GET and runs the coding checks; returns the gzip variant
/// when the server sends a different content coding to gzip clients.
pub fn run(probe: &mut Probe<'_>, plain: &Snapshot) -> Option<Variant> {
    let id = probe.send(
        "GET with Accept-Encoding: gzip",
        "-GZIP",
        Some("gzip"),
        "GET",
        Vec::new(),
        Vec::new(),
    );
    let exchange = probe.exchange(id);
    let got_gzip = describe_response(exchange);
    let gzip = match exchange.response() {
        Some(r) if r.status == 200 => Some(Snapshot::of(exchange, r)),
        _ => None,
    };
    let used = [plain.exchange, id];
    let sent = "GET, then GET with Accept-Encoding: gzip";
    let Some(gzip) = gzip else {
        for (name, rfc) in [
            ("VARY-AE", &["RFC 9110 §12.5.5"][..]),
            ("ETAG-PER-CODING", &["RFC 9110 §8.8.3.3"][..]),
            ("ETAG-WEAKENED", &["RFC 9110 §8.8.3.2"][..]),
        ] {
            probe.push(
                Finding::skip(
                    name,
                    rfc,
                    format!("the GET with Accept-Encoding: gzip got {got_gzip}, not 200"),
                )
                .exchanges(used),
            );
        }
        return None;
    };
    let got = format!(
        "without: Content-Encoding {}, ETag {}, Vary {}; with gzip: Content-Encoding {}, ETag {}, Vary {}",
        plain.encoding_name(),
        show_tag(plain),
        show_vary(plain),
        gzip.encoding_name(),
        show_tag(&gzip),
        show_vary(&gzip),
    );
    let differ = plain.encoding_name() != gzip.encoding_name();

    // VARY-AE
    let vary = if !differ {
        Finding::skip("VARY-AE", &["RFC 9110 §12.5.5"], format!(
            "both responses have Content-Encoding {}: the server does not choose the coding by Accept-Encoding",
            plain.encoding_name()
        ))
    } else {
        let missing: Vec<&str> = [("the plain response", plain), ("the gzip response", &gzip)]
            .iter()
            .filter(|(_, s)| !vary_names_accept_encoding(s))
            .map(|(name, _)| *name)
            .collect();
        if missing.is_empty() {
            Finding::new("VARY-AE", Level::Good, &["RFC 9110 §12.5.5"])
                .why("the coding depends on Accept-Encoding, and both responses say so in Vary")
        } else {
            Finding::new("VARY-AE", Level::Bad, &["RFC 9110 §12.5.5", "RFC 9111 §4.1"]).why(format!(
                "the content coding depends on Accept-Encoding but Vary does not name it in {}: a shared cache serves gzip bytes to clients that cannot decode them, or the identity bytes to everyone",
                missing.join(" and ")
            ))
        }
    };
    probe.push(
        vary.sent(sent)
            .expected("when the codings differ, Vary: Accept-Encoding on both")
            .got(&got)
            .exchanges(used),
    );

    // ETAG-PER-CODING and ETAG-WEAKENED
    let (per_coding, weakened) = match (plain.tag(), gzip.tag()) {
        _ if !differ => {
            let reason = format!(
                "both responses have Content-Encoding {}",
                plain.encoding_name()
            );
            (
                Finding::skip("ETAG-PER-CODING", &["RFC 9110 §8.8.3.3"], reason.clone()),
                Finding::skip("ETAG-WEAKENED", &["RFC 9110 §8.8.3.2"], reason),
            )
        }
        (Some(p), Some(g)) => {
            let per_coding = if !p.is_weak() && !g.is_weak() && p.strong_eq(g) {
                Finding::new("ETAG-PER-CODING", Level::Bad, &["RFC 9110 §8.8.3.3", "§8.8.1"]).why(
                    "the identity and gzip representations have different bytes but the same strong tag: a cache or a resuming client that asks for a range with If-Range gets bytes of the other coding; a compression layer passes the origin's strong tag through unchanged",
                )
            } else {
                Finding::new("ETAG-PER-CODING", Level::Good, &["RFC 9110 §8.8.3.3"])
                    .why("the two codings do not share a strong tag")
            };
            let weakened = if g.is_weak() && !p.is_weak() && g.weak_eq(p) {
                Finding::new("ETAG-WEAKENED", Level::Warn, &["RFC 9110 §8.8.3.2", "§13.1.1", "§13.1.5"]).why(
                    "the gzip variant's tag is the identity tag made weak (a compression layer's fix for ETAG-PER-CODING): If-None-Match still works, but If-Match and If-Range never match a weak tag, so gzip clients cannot make conditional writes or resume downloads; a distinct strong tag per coding (\"…-gzip\") keeps them working",
                )
            } else {
                Finding::new("ETAG-WEAKENED", Level::Good, &["RFC 9110 §8.8.3.2"])
                    .why("the gzip variant's tag is not merely the identity tag weakened")
            };
            (per_coding, weakened)
        }
        _ => {
            let reason = "one of the two responses has no valid ETag";
            (
                Finding::skip("ETAG-PER-CODING", &["RFC 9110 §8.8.3.3"], reason),
                Finding::skip("ETAG-WEAKENED", &["RFC 9110 §8.8.3.2"], reason),
            )
        }
    };
    probe.push(
        per_coding
            .sent(sent)
            .expected("a strong tag differs between codings")
            .got(&got)
            .exchanges(used),
    );
    probe.push(
        weakened
            .sent(sent)
            .expected("the gzip tag is not the identity tag weakened")
            .got(&got)
            .exchanges(used),
    );

    differ.then(|| Variant::gzip(gzip))
}

/// Whether `Vary` lists `Accept-Encoding` (or is `*`).
fn vary_names_accept_encoding(s: &Snapshot) -> bool {
    s.joined("vary").is_some_and(|v| {
        v.split(|&b| b == b',').any(|member| {
            let member = crate::exchange::trim(member);
            member.eq_ignore_ascii_case(b"accept-encoding") || member == b"*"
        })
    })
}

fn show_tag(s: &Snapshot) -> String {
    s.tag().map_or_else(|| "none".to_owned(), |t| t.display())
}

fn show_vary(s: &Snapshot) -> String {
    s.joined("vary")
        .map_or_else(|| "none".to_owned(), |v| crate::exchange::escape(&v))
}
