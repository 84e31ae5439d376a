//! The HTTP/1.1 connection loop that the hyper servers ([`orders`] and
//! [`gateway`]) share: a cap on connections served at once, a deadline for
//! each request head, and a clean stop.
//!
//! [`orders`]: crate::orders
//! [`gateway`]: crate::gateway

use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::sync::Arc;
use std::time::Duration;

use http_body_util::Full;
use hyper::body::{Bytes, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

/// How connections are served.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    /// How many connections are served at once.
    pub(crate) max_connections: usize,
    /// How long a client may take to send its request head.
    pub(crate) header_read_timeout: Duration,
    /// hyper's connection buffer size, if not its default.
    pub(crate) max_buf_size: Option<usize>,
}

/// Serves HTTP/1.1 connections from `listener` with `handle`, within
/// `limits`, until `shutdown` completes.
pub(crate) async fn serve<H, F>(
    listener: TcpListener,
    limits: Limits,
    shutdown: impl Future<Output = ()>,
    handle: H,
) -> io::Result<()>
where
    H: Fn(Request<Incoming>) -> F + Clone + Send + 'static,
    F: Future<Output = Result<Response<Full<Bytes>>, Infallible>> + Send + 'static,
{
    let mut shutdown = std::pin::pin!(shutdown);
    let permits = Arc::new(Semaphore::new(limits.max_connections));
    loop {
        let permit = tokio::select! {
            permit = permits.clone().acquire_owned() => match permit {
                Ok(permit) => permit,
                Err(_) => return Ok(()),
            },
            () = &mut shutdown => return Ok(()),
        };
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _peer)) => stream,
                // Out of file descriptors, a connection reset before accept:
                // drop it and go on.
                Err(_) => continue,
            },
            () = &mut shutdown => return Ok(()),
        };
        let handle = handle.clone();
        tokio::spawn(async move {
            let mut builder = http1::Builder::new();
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(limits.header_read_timeout);
            if let Some(size) = limits.max_buf_size {
                builder.max_buf_size(size);
            }
            let connection = builder.serve_connection(TokioIo::new(stream), service_fn(handle));
            // A client that goes away mid-request is not our error.
            let _ = connection.await;
            drop(permit);
        });
    }
}
