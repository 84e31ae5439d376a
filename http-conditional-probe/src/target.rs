//! The URL given on the command line: `http://` or `https://`, a host, an
//! optional port and a path with an optional query (RFC 9110 §4.2).
//!
//! Only what the probe needs is accepted; anything else is a clear error:
//! user information (credentials belong in `-H 'Authorization: …'`), other
//! schemes, an empty host, a bad port. A fragment is dropped, as a user
//! agent does (it is never sent, RFC 9110 §4.2.5).

use std::fmt;

/// `http` or `https`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scheme {
    /// Plain HTTP/1.1 over TCP (default port 80).
    Http,
    /// HTTP/1.1 over TLS (default port 443).
    Https,
}

/// Where the probe sends its requests.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// `http` or `https`.
    pub scheme: Scheme,
    /// The host as written, without brackets for an IPv6 literal.
    pub host: String,
    /// The port, explicit or the scheme's default.
    pub port: u16,
    /// The request-target in origin-form: the path (at least `/`) and the
    /// query, if any (RFC 9112 §3.2.1).
    pub path_and_query: String,
    /// The value of the `Host` field: the host (bracketed if IPv6) and the
    /// port unless it is the default (RFC 9110 §7.2).
    pub authority: String,
}

impl Target {
    /// Parses an absolute `http` or `https` URL.
    ///
    /// # Errors
    ///
    /// A message saying what is wrong with the URL.
    pub fn parse(url: &str) -> Result<Target, String> {
        let url = url.trim();
        if url.bytes().any(|b| b <= b' ' || b == 0x7f) {
            return Err(format!("{url:?} contains whitespace or control characters"));
        }
        let (scheme, rest) = match url.split_once("://") {
            Some((s, rest)) if s.eq_ignore_ascii_case("http") => (Scheme::Http, rest),
            Some((s, rest)) if s.eq_ignore_ascii_case("https") => (Scheme::Https, rest),
            Some((s, _)) => {
                return Err(format!(
                    "{url:?}: scheme {s:?} is not supported (use http:// or https://)"
                ))
            }
            None => {
                return Err(format!(
                "{url:?} is not an absolute URL (expected http://host/path or https://host/path)"
            ))
            }
        };
        let rest = rest.split('#').next().unwrap_or_default();
        let end = rest.find(['/', '?']).unwrap_or(rest.len());
        let (authority, path) = rest.split_at(end);
        if authority.contains('@') {
            return Err(format!(
                "{url:?}: user information in the URL is not supported; send credentials with -H 'Authorization: ...'"
            ));
        }
        let default_port = match scheme {
            Scheme::Http => 80,
            Scheme::Https => 443,
        };
        let (host, port) =
            split_host_port(authority, default_port).map_err(|e| format!("{url:?}: {e}"))?;
        let path_and_query = if path.is_empty() {
            "/".to_owned()
        } else if path.starts_with('?') {
            format!("/{path}")
        } else {
            path.to_owned()
        };
        let bracketed = if host.contains(':') {
            format!("[{host}]")
        } else {
            host.clone()
        };
        let authority = if port == default_port {
            bracketed
        } else {
            format!("{bracketed}:{port}")
        };
        Ok(Target {
            scheme,
            host,
            port,
            path_and_query,
            authority,
        })
    }
}

fn split_host_port(authority: &str, default_port: u16) -> Result<(String, u16), String> {
    if authority.is_empty() {
        return Err("the host is empty".into());
    }
    let (host, port) = if let Some(rest) = authority.strip_prefix('[') {
        let (host, after) = rest
            .split_once(']')
            .ok_or("an IPv6 address needs its closing ']'")?;
        if host.parse::<std::net::Ipv6Addr>().is_err() {
            return Err(format!("[{host}] is not an IPv6 address"));
        }
        match after {
            "" => (host, None),
            _ => match after.strip_prefix(':') {
                Some(port) => (host, Some(port)),
                None => return Err(format!("unexpected {after:?} after the IPv6 address")),
            },
        }
    } else {
        match authority.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        }
    };
    if host.is_empty() {
        return Err("the host is empty".into());
    }
    if !host.contains(':')
        && !host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.' || b == b'_')
    {
        return Err(format!("{host:?} is not a valid host name"));
    }
    let port = match port {
        None | Some("") => default_port,
        Some(port) => match port.parse::<u16>() {
            Ok(0) | Err(_) => return Err(format!("port {port:?} is not a number in 1-65535")),
            Ok(port) => port,
        },
    };
    Ok((host.to_ascii_lowercase(), port))
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let scheme = match self.scheme {
            Scheme::Http => "http",
            Scheme::Https => "https",
        };
        write!(f, "{scheme}://{}{}", self.authority, self.path_and_query)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_url_with_port_and_query_is_split() {
        let t = Target::parse("http://127.0.0.1:3000/orders/1?x=1#frag").unwrap();
        assert_eq!(t.scheme, Scheme::Http);
        assert_eq!((t.host.as_str(), t.port), ("127.0.0.1", 3000));
        assert_eq!(t.path_and_query, "/orders/1?x=1");
        assert_eq!(t.authority, "127.0.0.1:3000");
        assert_eq!(t.to_string(), "http://127.0.0.1:3000/orders/1?x=1");
    }

    #[test]
    fn https_default_port_is_left_out_of_host() {
        let t = Target::parse("HTTPS://Example.COM").unwrap();
        assert_eq!((t.scheme, t.port), (Scheme::Https, 443));
        assert_eq!(t.authority, "example.com");
        assert_eq!(t.path_and_query, "/");
    }

    #[test]
    fn ipv6_literal_keeps_brackets_in_host_field_only() {
        let t = Target::parse("http://[::1]:8080?q").unwrap();
        assert_eq!(t.host, "::1");
        assert_eq!(t.authority, "[::1]:8080");
        assert_eq!(t.path_and_query, "/?q");
    }

    #[test]
    fn bad_urls_are_errors_that_say_why() {
        for (url, words) in [
            ("ftp://x/", "not supported"),
            ("example.com/x", "not an absolute URL"),
            ("http:///x", "host is empty"),
            ("http://x:99999/", "1-65535"),
            ("http://x:0/", "1-65535"),
            ("http://u:p@x/", "user information"),
            ("http://x y/", "whitespace"),
            ("http://[::1/", "closing"),
            ("http://ex%ample/", "not a valid host"),
        ] {
            let err = Target::parse(url).unwrap_err();
            assert!(err.contains(words), "{url}: {err}");
        }
    }
}
