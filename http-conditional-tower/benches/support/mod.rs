//! What both benchmarks of the tower crate share.

use std::convert::Infallible;

use http::{Request, Response};
use http_body::Body;
use http_body_util::BodyExt;
use tower::{Service, ServiceExt};

/// Calls the service and drains the body; returns the bytes sent so the
/// optimiser keeps the work.
pub async fn respond<S, B>(service: &S, request: Request<()>) -> usize
where
    S: Service<Request<()>, Response = Response<B>, Error = Infallible> + Clone,
    B: Body,
    B::Error: std::fmt::Debug,
{
    let response = service.clone().oneshot(request).await.unwrap();
    let mut body = std::pin::pin!(response.into_body());
    let mut sent = 0;
    while let Some(frame) = body.frame().await {
        if let Ok(data) = frame.unwrap().into_data() {
            sent += bytes::Buf::remaining(&data);
        }
    }
    sent
}
