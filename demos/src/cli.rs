//! The command line that the example servers (`demos/examples/*.rs`)
//! share: `--addr IP:PORT`, `-h`/`--help`, any options of the example's
//! own, then listening and serving until an error.
//!
//! Exit statuses: 0 after `--help` (the usage on stdout), 2 for a bad
//! command line (the message on stderr), 1 when the address cannot be
//! listened on or serving fails.

use std::future::IntoFuture;
use std::io;
use std::net::SocketAddr;
use std::process::ExitCode;

use tokio::net::TcpListener;

/// The exit status for a bad command line.
pub const USAGE_ERROR: u8 = 2;

/// Reads `--addr IP:PORT` (else `default`) from `args`, the program name
/// left out. On `-h` or `--help` it prints `usage` to stdout and returns
/// the exit status 0; on an argument that is neither `--addr` nor taken by
/// `option`, or a bad value, it prints why to stderr and returns
/// [`USAGE_ERROR`].
///
/// `option` is offered every other argument, with the rest of `args` to
/// take its value from, and says whether it took the argument; an `Err`
/// is printed as it is. [`no_options`] takes none.
pub fn addr<I>(
    mut args: I,
    default: SocketAddr,
    usage: &str,
    mut option: impl FnMut(&str, &mut I) -> Result<bool, String>,
) -> Result<SocketAddr, ExitCode>
where
    I: Iterator<Item = String>,
{
    let mut parse = || {
        let mut addr = default;
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--addr" => {
                    let value = args.next().ok_or("--addr needs a value")?;
                    addr = value
                        .parse()
                        .map_err(|e| format!("--addr {value:?}: {e}"))?;
                }
                other if option(other, &mut args)? => {}
                "-h" | "--help" => return Ok(None),
                other => return Err(format!("unknown argument {other:?}\n{usage}")),
            }
        }
        Ok(Some(addr))
    };
    match parse() {
        Ok(Some(addr)) => Ok(addr),
        Ok(None) => {
            println!("{usage}");
            Err(ExitCode::SUCCESS)
        }
        Err(message) => {
            eprintln!("{message}");
            Err(ExitCode::from(USAGE_ERROR))
        }
    }
}

/// The `option` of [`addr`] for a program without options of its own.
pub fn no_options<I>(_arg: &str, _args: &mut I) -> Result<bool, String> {
    Ok(false)
}

/// Listens on `addr`, prints `banner` of the address listened on, and
/// serves with `serve` until it fails, printing `"{name} error: …"` then.
pub async fn listen_and_serve<S, F>(
    addr: SocketAddr,
    name: &str,
    banner: impl FnOnce(SocketAddr) -> String,
    serve: S,
) -> ExitCode
where
    S: FnOnce(TcpListener) -> F,
    F: IntoFuture<Output = io::Result<()>>,
{
    let listener = match TcpListener::bind(addr).await {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!("cannot listen on {addr}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let local = listener.local_addr().unwrap_or(addr);
    eprintln!("{}", banner(local));
    match serve(listener).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{name} error: {e}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> std::vec::IntoIter<String> {
        list.iter()
            .map(|a| a.to_string())
            .collect::<Vec<_>>()
            .into_iter()
    }

    const DEFAULT: SocketAddr =
        SocketAddr::new(std::net::IpAddr::V4(std::net::Ipv4Addr::LOCALHOST), 3000);

    #[test]
    fn help_exits_0_and_a_bad_command_line_exits_2() {
        let addr = |list: &[&str]| super::addr(args(list), DEFAULT, "usage: test", no_options);
        assert_eq!(addr(&[]), Ok(DEFAULT));
        assert_eq!(
            addr(&["--addr", "127.0.0.1:9"]),
            Ok(SocketAddr::from(([127, 0, 0, 1], 9)))
        );
        assert_eq!(addr(&["--help"]), Err(ExitCode::SUCCESS));
        assert_eq!(addr(&["-h"]), Err(ExitCode::SUCCESS));
        assert_eq!(addr(&["--bogus"]), Err(ExitCode::from(USAGE_ERROR)));
        assert_eq!(addr(&["--addr"]), Err(ExitCode::from(USAGE_ERROR)));
        assert_eq!(
            addr(&["--addr", "nowhere"]),
            Err(ExitCode::from(USAGE_ERROR))
        );
    }
}
