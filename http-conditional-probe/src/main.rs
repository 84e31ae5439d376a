//! `http-conditional-probe [OPTIONS] URL`: see the crate README.

use std::process::ExitCode;

fn main() -> ExitCode {
    let args = std::env::args().skip(1).collect();
    let code =
        http_conditional_probe::main_with(args, &mut std::io::stdout(), &mut std::io::stderr());
    ExitCode::from(code)
}
