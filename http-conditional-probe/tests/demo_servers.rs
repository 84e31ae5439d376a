//! The probe against the project's own servers: the core's orders API
//! (`demos`, started in-process), and the tower demo of issue 9 (started
//! as a subprocess once that crate exists). Neither may get a `bad`
//! finding.

mod support;

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use http_conditional_demos::orders;
use http_conditional_probe::finding::Level;
use http_conditional_probe::probe::Report;
use support::{run, WRITE_IDS};

fn assert_no_bad(report: &Report) {
    assert!(report.stopped.is_none(), "{:?}", report.stopped);
    let bad: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.level == Level::Bad)
        .map(|f| format!("{}: {} / {}", f.id, f.got, f.why))
        .collect();
    assert!(bad.is_empty(), "{bad:#?}");
    assert_eq!(report.exit_code(), 0);
}

/// The orders API on 127.0.0.1, on a runtime of its own; stops with the
/// test process.
fn start_orders() -> SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    listener.set_nonblocking(true).expect("nonblocking");
    thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("runtime");
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).expect("tokio listener");
            let _ = orders::serve(listener, orders::App::seeded(), std::future::pending()).await;
        });
    });
    addr
}

#[test]
fn orders_api_read_only_has_no_bad_finding() {
    let addr = start_orders();
    let report = run(&format!("http://{addr}/orders/1"), &[]);
    assert_no_bad(&report);
    for id in [
        "INM-304",
        "INM-WEAK-CMP",
        "INM-LIST",
        "INM-STAR",
        "IFMATCH-STALE-GET",
        "304-FRAMING",
        "304-FIELDS",
    ] {
        assert_eq!(
            report.finding(id).map(|f| f.level),
            Some(Level::Good),
            "{id}"
        );
    }
    // The orders API sends no Last-Modified: the date checks say so.
    assert_eq!(
        report.finding("IMS-304").map(|f| f.level),
        Some(Level::Skip)
    );
}

#[test]
fn orders_api_with_write_has_no_bad_finding() {
    let addr = start_orders();
    let report = run(&format!("http://{addr}/orders/2"), &["--write"]);
    assert_no_bad(&report);
    for id in WRITE_IDS {
        assert_eq!(
            report.finding(id).map(|f| f.level),
            Some(Level::Good),
            "{id}"
        );
    }
}

/// The tower demo (issue 9), killed when dropped.
struct Demo(Child);

impl Drop for Demo {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The tower demo as `cargo test --workspace --all-features` builds it
/// (beside this test's own executable), or else through `cargo run`.
fn tower_demo_command(addr: &str) -> Command {
    let built = std::env::current_exe()
        .ok()
        .and_then(|exe| Some(exe.parent()?.parent()?.join("examples").join("demo")))
        .filter(|path| path.is_file());
    let mut command = match built {
        Some(path) => Command::new(path),
        None => {
            let mut cargo = Command::new(env!("CARGO"));
            cargo.args([
                "run",
                "-q",
                "-p",
                "http-conditional-tower",
                "--example",
                "demo",
                "--features",
                "axum",
                "--",
            ]);
            cargo
        }
    };
    command.args(["--addr", addr]);
    command
}

// Issue 9's demo, probed as issue 11 asks: no `bad` finding on /hello, /gz
// and /orders/1, read-only and with --write
#[test]
fn tower_demo_has_no_bad_finding() {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let addr = format!("127.0.0.1:{port}");
    let child = tower_demo_command(&addr)
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("cargo run the tower demo");
    let _demo = Demo(child);
    // It may have to compile first.
    let deadline = Instant::now() + Duration::from_secs(600);
    while TcpStream::connect(&addr).is_err() {
        assert!(
            Instant::now() < deadline,
            "the tower demo did not listen on {addr}"
        );
        thread::sleep(Duration::from_millis(200));
    }
    for path in ["/hello", "/gz", "/orders/1"] {
        let report = run(&format!("http://{addr}{path}"), &[]);
        assert_no_bad(&report);
    }
    assert_no_bad(&run(&format!("http://{addr}/orders/1"), &["--write"]));
}
