//! Runs one case N times, for instruction counts under valgrind's
//! callgrind: deterministic where criterion's timings on a shared machine
//! are not.
//!
//! ```text
//! cargo bench -p http-conditional-tower --bench instructions --no-run
//! valgrind --tool=callgrind --callgrind-out-file=/dev/null <binary> layer 65536 110
//! ```
//!
//! Instructions per response are the difference of two runs with different
//! N divided by the difference of N (the setup cancels out). Cases:
//! `bare` (the service without the layer), `layer` (with it, 200), `layer304`
//! (with it, a matching `If-None-Match`), `chunked-bare` / `chunked-layer`
//! (16 chunks of unknown total), `blake3` and `sha256` (the digest alone).
//! Without arguments (as under `cargo bench`), it runs each case once.

use std::convert::Infallible;
use std::hint::black_box;

use bytes::Bytes;
use http::{header, Request, Response};
use http_body::Body;
use http_body_util::Full;
use http_conditional_tower::{Blake3, BodyDigest, ShallowEtagLayer};
use tower::{service_fn, Layer};

mod support;
use support::respond;

const CASES: [&str; 7] = [
    "bare",
    "layer",
    "layer304",
    "chunked-bare",
    "chunked-layer",
    "blake3",
    "sha256",
];

/// 16 chunks of `content`, with no announced total.
struct Chunks(Bytes, usize);

impl Body for Chunks {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Bytes>, Infallible>>> {
        let step = self.0.len() / 16;
        let i = self.1;
        if i == 16 {
            return std::task::Poll::Ready(None);
        }
        self.1 += 1;
        let chunk = self.0.slice(i * step..(i + 1) * step);
        std::task::Poll::Ready(Some(Ok(http_body::Frame::data(chunk))))
    }
}

fn run(case: &str, size: usize, n: usize) -> usize {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let content = Bytes::from((0..size).map(|i| (i % 251) as u8).collect::<Vec<_>>());
    let whole = service_fn({
        let content = content.clone();
        move |_: Request<()>| {
            let body = Full::new(content.clone());
            async move { Ok::<_, Infallible>(Response::new(body)) }
        }
    });
    let chunked = service_fn({
        let content = content.clone();
        move |_: Request<()>| {
            let body = Chunks(content.clone(), 0);
            async move { Ok::<_, Infallible>(Response::new(body)) }
        }
    });
    let tag = Blake3::tag(&content);
    let layered = ShallowEtagLayer::new().layer(whole.clone());
    let chunked_layered = ShallowEtagLayer::new().layer(chunked.clone());
    let mut total = 0;
    for _ in 0..n {
        total += match case {
            "bare" => runtime.block_on(respond(&whole, Request::new(()))),
            "layer" => runtime.block_on(respond(&layered, Request::new(()))),
            "layer304" => {
                let request = Request::builder()
                    .header(header::IF_NONE_MATCH, tag.as_str())
                    .body(())
                    .unwrap();
                runtime.block_on(respond(&layered, request))
            }
            "chunked-bare" => runtime.block_on(respond(&chunked, Request::new(()))),
            "chunked-layer" => runtime.block_on(respond(&chunked_layered, Request::new(()))),
            "blake3" => black_box(Blake3::tag(black_box(&content))).as_str().len(),
            "sha256" => {
                black_box(<sha2::Sha256 as sha2::Digest>::digest(black_box(&content))).len()
            }
            other => panic!("unknown case {other:?}; one of {CASES:?}"),
        };
    }
    total
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [case, size, n] = args.as_slice() {
        let size = size.parse().expect("size in bytes");
        let n = n.parse().expect("iterations");
        println!("{}", run(case, size, n));
        return;
    }
    for case in CASES {
        black_box(run(case, 1024, 1));
    }
}
