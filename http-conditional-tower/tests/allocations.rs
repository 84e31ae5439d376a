//! What the shallow layer allocates per response, counted by a global
//! allocator on the test's own thread: a body that arrives whole is not
//! copied, a body of announced size is copied once into an exact buffer, and
//! the rest is a constant.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::collections::VecDeque;
use std::convert::Infallible;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use http::{Request, Response};
use http_body::{Body, Frame, SizeHint};
use http_body_util::BodyExt;
use http_conditional_tower::ShallowEtagLayer;
use tower::{service_fn, Layer, ServiceExt};

struct Counting;

thread_local! {
    static COUNTING: Cell<bool> = const { Cell::new(false) };
    static BYTES: Cell<usize> = const { Cell::new(0) };
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if COUNTING.with(Cell::get) {
            BYTES.with(|b| b.set(b.get() + layout.size()));
        }
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if COUNTING.with(Cell::get) {
            BYTES.with(|b| b.set(b.get() + new_size));
        }
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Chunks made before counting starts, with an exact size hint.
struct Chunks(VecDeque<Bytes>);

impl Body for Chunks {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        Poll::Ready(self.0.pop_front().map(|chunk| Ok(Frame::data(chunk))))
    }

    fn size_hint(&self) -> SizeHint {
        SizeHint::with_exact(self.0.iter().map(|c| c.len() as u64).sum())
    }
}

/// Bytes allocated to send one response of `chunks` through the layer
/// (handler, layer, and draining the body), not counting the chunks.
async fn allocated(chunks: Vec<Bytes>) -> usize {
    let handler = service_fn(move |_req: Request<()>| {
        let body = Chunks(chunks.iter().cloned().collect());
        async move { Ok::<_, Infallible>(Response::new(body)) }
    });
    let service = ShallowEtagLayer::new().layer(handler);
    BYTES.with(|b| b.set(0));
    COUNTING.with(|c| c.set(true));
    let response = service.oneshot(Request::new(())).await.unwrap();
    let mut body = response.into_body();
    let mut sent = 0;
    while let Some(frame) = body.frame().await {
        sent += frame.unwrap().into_data().map_or(0, |d| d.len());
    }
    COUNTING.with(|c| c.set(false));
    assert!(sent > 0);
    BYTES.with(Cell::get)
}

/// The fixed cost: request fields, the tag's header value, the boxed body,
/// the service and its future. Generous, and far below any body measured.
const CONSTANT: usize = 4096;

#[test]
fn the_layer_allocates_at_most_the_body_plus_a_constant() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    runtime.block_on(async {
        for size in [1024, 64 * 1024, 1024 * 1024] {
            let whole = allocated(vec![Bytes::from(vec![b'a'; size])]).await;
            eprintln!("{size}: one chunk {whole}");
            assert!(
                whole <= CONSTANT,
                "{size} bytes in one chunk: {whole} allocated"
            );

            let chunk = size / 16;
            let pieces = (0..16).map(|_| Bytes::from(vec![b'b'; chunk])).collect();
            let split = allocated(pieces).await;
            eprintln!("{size}: 16 chunks {split}");
            assert!(
                split >= size,
                "{size} bytes in 16 chunks were not copied? {split}"
            );
            assert!(
                split <= size + CONSTANT,
                "{size} bytes in 16 chunks: {split} allocated"
            );
        }
    });
}
