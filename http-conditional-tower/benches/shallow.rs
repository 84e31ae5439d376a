//! Time per response through the shallow layer, against the same service
//! without it, for 1 KiB, 64 KiB and 1 MiB bodies; and the digest alone, the
//! floor the layer cannot go under (BLAKE3, the default, and SHA-256, the
//! alternative it was chosen over).
//!
//! ```text
//! cargo bench -p http-conditional-tower --bench shallow
//! ```
//!
//! Each iteration calls the service, drains the response body frame by
//! frame, and drops it, on a current-thread tokio runtime. The handler
//! returns a clone of a prebuilt `Bytes`, so it costs the same with and
//! without the layer.

use std::convert::Infallible;
use std::time::Duration;

use bytes::Bytes;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use http::{header, Request, Response};
use http_body_util::{Full, StreamBody};
use http_conditional_tower::{Blake3, BodyDigest, ShallowEtagLayer};
use tower::{service_fn, Layer};

mod support;
use support::respond;

const SIZES: [(usize, &str); 3] = [
    (1024, "1 KiB"),
    (64 * 1024, "64 KiB"),
    (1024 * 1024, "1 MiB"),
];

fn shallow(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let mut group = c.benchmark_group("response");
    for (size, label) in SIZES {
        let content = Bytes::from((0..size).map(|i| (i % 251) as u8).collect::<Vec<_>>());
        group.throughput(Throughput::Bytes(size as u64));

        let handler = service_fn({
            let content = content.clone();
            move |_req: Request<()>| {
                let body = Full::new(content.clone());
                async move { Ok::<_, Infallible>(Response::new(body)) }
            }
        });
        let layered = ShallowEtagLayer::new().layer(handler.clone());
        let get = || Request::new(());

        group.bench_function(BenchmarkId::new("without layer", label), |b| {
            b.iter(|| runtime.block_on(respond(&handler, get())))
        });
        group.bench_function(BenchmarkId::new("with layer, 200", label), |b| {
            b.iter(|| runtime.block_on(respond(&layered, get())))
        });
        let tag = Blake3::tag(&content);
        let revalidate = || {
            Request::builder()
                .header(header::IF_NONE_MATCH, tag.as_str())
                .body(())
                .unwrap()
        };
        group.bench_function(BenchmarkId::new("with layer, 304", label), |b| {
            b.iter(|| runtime.block_on(respond(&layered, revalidate())))
        });

        // The same bytes in 16 chunks of unknown total: the copying path.
        let chunked = service_fn({
            let content = content.clone();
            move |_req: Request<()>| {
                let chunks: Vec<Result<http_body::Frame<Bytes>, Infallible>> = (0..16)
                    .map(|i| {
                        let step = content.len() / 16;
                        Ok(http_body::Frame::data(
                            content.slice(i * step..(i + 1) * step),
                        ))
                    })
                    .collect();
                let body = StreamBody::new(futures_lite_iter(chunks));
                async move { Ok::<_, Infallible>(Response::new(body)) }
            }
        });
        let chunked_layered = ShallowEtagLayer::new().layer(chunked.clone());
        group.bench_function(BenchmarkId::new("without layer, 16 chunks", label), |b| {
            b.iter(|| runtime.block_on(respond(&chunked, get())))
        });
        group.bench_function(BenchmarkId::new("with layer, 16 chunks", label), |b| {
            b.iter(|| runtime.block_on(respond(&chunked_layered, get())))
        });

        group.bench_function(BenchmarkId::new("digest BLAKE3", label), |b| {
            b.iter(|| Blake3::tag(&content))
        });
        group.bench_function(BenchmarkId::new("digest SHA-256", label), |b| {
            b.iter(|| <sha2::Sha256 as sha2::Digest>::digest(&content))
        });
    }
    group.finish();
}

/// A ready stream over the frames (no `futures` dependency needed).
fn futures_lite_iter<T: Unpin>(items: Vec<T>) -> Iter<T> {
    Iter(items.into_iter())
}

struct Iter<T>(std::vec::IntoIter<T>);

impl<T: Unpin> futures_core::Stream for Iter<T> {
    type Item = T;

    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        _cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<T>> {
        std::task::Poll::Ready(self.0.next())
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(30);
    targets = shallow
}
criterion_main!(benches);
