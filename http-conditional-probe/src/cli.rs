//! The command line: `http-conditional-probe [OPTIONS] URL`.

use std::time::Duration;

use crate::target::Target;

/// The usage text of `--help`.
pub const USAGE: &str = "\
usage: http-conditional-probe [OPTIONS] URL

Audits the ETags and preconditions (RFC 9110 §13) of the resource at URL
(http:// or https://) and says why it answers 200 instead of 304.

options:
  -H, --header 'Name: value'  add a field to every request (repeatable), e.g. for auth
      --timeout SECONDS       time allowed for each request (default 10)
      --write                 also check conditional PUTs, sending back the exact bytes
                              and Content-Type of the first GET (changes nothing else)
      --format text|json      the report's format (default text)
  -v, --verbose               show every exchange in the text report
  -h, --help                  this help
  -V, --version               the version

exit status: 0 no finding is bad, 1 some finding is bad, 2 the probe could not run";

/// The report format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Grouped, readable text.
    Text,
    /// One JSON object.
    Json,
}

/// What the command line asks for.
#[derive(Clone, Debug)]
pub struct Options {
    /// The resource to audit.
    pub target: Target,
    /// Extra fields sent with every request.
    pub headers: Vec<(String, Vec<u8>)>,
    /// The limit for each request.
    pub timeout: Duration,
    /// Whether to send PUTs.
    pub write: bool,
    /// The report format.
    pub format: Format,
    /// Whether the text report lists the exchanges.
    pub verbose: bool,
}

/// What the command line asks the program to do.
#[derive(Clone, Debug)]
pub enum Parsed {
    /// Run the probe.
    Run(Box<Options>),
    /// Print this text and exit 0 (`--help`, `--version`).
    Print(String),
}

/// Fields the probe sets itself, which `-H` may not override.
const RESERVED: [&str; 5] = [
    "host",
    "connection",
    "content-length",
    "transfer-encoding",
    "accept-encoding",
];

/// Parses the arguments (without the program name).
///
/// # Errors
///
/// A message saying what is wrong, followed by the usage.
pub fn parse(args: impl IntoIterator<Item = String>) -> Result<Parsed, String> {
    let mut args = args.into_iter();
    let mut url = None;
    let mut headers = Vec::new();
    let mut timeout = Duration::from_secs(10);
    let mut write = false;
    let mut format = Format::Text;
    let mut verbose = false;
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => {
                (flag.to_owned(), Some(value.to_owned()))
            }
            _ => (arg.clone(), None),
        };
        let mut value = |name: &str| -> Result<String, String> {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or_else(|| format!("{name} needs a value\n\n{USAGE}"))
        };
        match flag.as_str() {
            "-h" | "--help" => return Ok(Parsed::Print(USAGE.to_owned())),
            "-V" | "--version" => {
                return Ok(Parsed::Print(format!(
                    "http-conditional-probe {}",
                    env!("CARGO_PKG_VERSION")
                )))
            }
            "-H" | "--header" => headers.push(parse_header(&value("-H")?)?),
            "--timeout" => timeout = parse_timeout(&value("--timeout")?)?,
            "--write" => write = true,
            "--format" => {
                format = match value("--format")?.as_str() {
                    "text" => Format::Text,
                    "json" => Format::Json,
                    other => return Err(format!("--format {other:?}: expected text or json")),
                }
            }
            "-v" | "--verbose" => verbose = true,
            _ if arg.starts_with('-') && arg.len() > 1 => {
                return Err(format!("unknown option {arg:?}\n\n{USAGE}"))
            }
            _ if url.is_some() => {
                return Err(format!("more than one URL given ({arg:?})\n\n{USAGE}"))
            }
            _ => url = Some(arg),
        }
    }
    let url = url.ok_or_else(|| format!("no URL given\n\n{USAGE}"))?;
    let target = Target::parse(&url)?;
    Ok(Parsed::Run(Box::new(Options {
        target,
        headers,
        timeout,
        write,
        format,
        verbose,
    })))
}

/// `Name: value`, with a token name and a value without CR, LF or NUL.
fn parse_header(text: &str) -> Result<(String, Vec<u8>), String> {
    let (name, value) = text
        .split_once(':')
        .ok_or_else(|| format!("-H {text:?}: expected 'Name: value'"))?;
    let name = name.trim();
    if name.is_empty()
        || !name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
    {
        return Err(format!("-H {text:?}: {name:?} is not a valid field name"));
    }
    if RESERVED.iter().any(|r| name.eq_ignore_ascii_case(r)) {
        return Err(format!(
            "-H {text:?}: the probe sets {name} itself on each request"
        ));
    }
    let value = value.trim_matches([' ', '\t']);
    if value.bytes().any(|b| b == b'\r' || b == b'\n' || b == 0) {
        return Err(format!(
            "-H {text:?}: the value may not contain CR, LF or NUL"
        ));
    }
    Ok((name.to_owned(), value.as_bytes().to_vec()))
}

/// Seconds, a positive number up to a day (`2`, `0.5`).
fn parse_timeout(text: &str) -> Result<Duration, String> {
    match text.trim().parse::<f64>() {
        Ok(s) if s.is_finite() && s > 0.0 && s <= 86_400.0 => Ok(Duration::from_secs_f64(s)),
        _ => Err(format!(
            "--timeout {text:?}: expected a number of seconds between 0 and 86400, e.g. --timeout 2"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(args: &[&str]) -> Result<Options, String> {
        match parse(args.iter().map(|s| (*s).to_owned()))? {
            Parsed::Run(options) => Ok(*options),
            Parsed::Print(text) => Err(format!("printed {text}")),
        }
    }

    #[test]
    fn options_are_read_in_any_order() {
        let o = run(&[
            "--write",
            "-H",
            "Authorization: Bearer x",
            "http://h:1/p",
            "--timeout",
            "2",
            "--format=json",
            "-v",
        ])
        .unwrap();
        assert!(o.write && o.verbose);
        assert_eq!(o.format, Format::Json);
        assert_eq!(o.timeout, Duration::from_secs(2));
        assert_eq!(
            o.headers,
            [("Authorization".to_owned(), b"Bearer x".to_vec())]
        );
        assert_eq!(o.target.path_and_query, "/p");
    }

    #[test]
    fn defaults_are_text_ten_seconds_read_only() {
        let o = run(&["http://h/"]).unwrap();
        assert_eq!(
            (o.format, o.timeout, o.write),
            (Format::Text, Duration::from_secs(10), false)
        );
    }

    #[test]
    fn bad_arguments_are_errors_that_say_why() {
        for (args, words) in [
            (&[][..], "no URL"),
            (&["http://h/", "http://i/"][..], "more than one URL"),
            (&["--timeout", "0", "http://h/"][..], "--timeout"),
            (&["--timeout", "soon", "http://h/"][..], "--timeout"),
            (&["--timeout"][..], "needs a value"),
            (&["-H", "NoColon", "http://h/"][..], "Name: value"),
            (&["-H", "Host: x", "http://h/"][..], "sets Host itself"),
            (
                &["-H", "Bad Name: x", "http://h/"][..],
                "not a valid field name",
            ),
            (&["--format", "xml", "http://h/"][..], "text or json"),
            (&["--frobnicate", "http://h/"][..], "unknown option"),
            (&["ftp://h/"][..], "not supported"),
        ] {
            let err = run(args).unwrap_err();
            assert!(err.contains(words), "{args:?}: {err}");
        }
    }

    #[test]
    fn help_and_version_print() {
        assert!(
            matches!(parse(["--help".to_owned()]), Ok(Parsed::Print(t)) if t.contains("usage"))
        );
        assert!(
            matches!(parse(["-V".to_owned()]), Ok(Parsed::Print(t)) if t.starts_with("http-conditional-probe"))
        );
    }
}
