//! The command line that the example servers (`demos/examples/*.rs`)
//! share: `--addr IP:PORT`, `-h`/`--help`, any options of the example's
//! own, then listening and serving until an error.
//!
//! Exit statuses: 2 for a bad command line (the message on stderr), 1 when
//! the address cannot be listened on or serving fails.

use std::future::IntoFuture;
use std::io;
use std::net::SocketAddr;
use std::process::ExitCode;

use tokio::net::TcpListener;

/// The exit status for a bad command line.
pub const USAGE_ERROR: u8 = 2;

/// Reads `--addr IP:PORT` (else `default`) from `args`, the program name
/// left out; prints why to stderr and returns `None` on `-h`, `--help`
/// (`usage` alone), or an argument that is neither `--addr` nor taken by
/// `option`.
///
/// `option` is offered every other argument, with the rest of `args` to
/// take its value from, and says whether it took the argument; an `Err`
/// is printed as it is. [`no_options`] takes none.
pub fn addr<I>(
    mut args: I,
    default: SocketAddr,
    usage: &str,
    mut option: impl FnMut(&str, &mut I) -> Result<bool, String>,
) -> Option<SocketAddr>
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
                "-h" | "--help" => return Err(usage.to_owned()),
                other => return Err(format!("unknown argument {other:?}\n{usage}")),
            }
        }
        Ok(addr)
    };
    match parse() {
        Ok(addr) => Some(addr),
        Err(message) => {
            eprintln!("{message}");
            None
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
