//! The precondition layer: before the handler, look the resource's
//! validators up and answer 304 / 412 / 428 without calling the handler.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use bytes::Bytes;
use http::header::{self, HeaderMap, HeaderName, HeaderValue};
use http::request::Parts;
use http::{Request, Response, StatusCode};
use http_body::Body;
use http_conditional::http::{
    evaluate_request, evaluate_with_head, precondition_response, with_hint,
};
use http_conditional::{Evaluation, HttpDate, Policy, Resource, Summary};
use tower_layer::Layer;
use tower_service::Service;

use crate::body::ResponseBody;
use crate::explain::{explanation, X_PRECONDITION};

/// What the lookup of a [`PreconditionLayer`] found for a request.
///
/// # Examples
///
/// ```
/// use http::header::{CACHE_CONTROL, ETAG};
/// use http::HeaderValue;
/// use http_conditional::generate::EtagBuf;
/// use http_conditional_tower::Lookup;
///
/// let found = Lookup::etag(&EtagBuf::from_version(7))
///     .with(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
/// let Lookup::Found(head) = found else { unreachable!() };
/// assert_eq!(head[ETAG], "\"v7\"");
/// ```
#[derive(Debug)]
pub enum Lookup {
    /// The resource has a current representation. The map holds the header
    /// fields of its 200 response that matter here: its validators (`ETag`,
    /// `Last-Modified`), and the fields a 304 must repeat (`Cache-Control`,
    /// `Vary`, `Expires`, `Content-Location`; RFC 9110 §15.4.5).
    Found(HeaderMap),
    /// There is no current representation, and the request may still
    /// succeed without preconditions (a PUT that creates it): evaluate as
    /// such (`If-None-Match: *` is true, `If-Match` is false).
    Missing,
    /// Do not evaluate: without preconditions the request would not succeed
    /// anyway (an unknown id, a GET of what does not exist), so the
    /// preconditions must be ignored and the handler answers (RFC 9110
    /// §13.2.1).
    Skip,
    /// Answer with this response and do not call the handler (the lookup
    /// itself failed: 503, say).
    Respond(Response<Bytes>),
}

impl Lookup {
    /// [`Found`](Lookup::Found) with this `ETag`: an
    /// [`EtagBuf`](http_conditional::generate::EtagBuf) reference, an
    /// [`EntityTag`](http_conditional::EntityTag) or a `HeaderValue`.
    pub fn etag(tag: impl Into<HeaderValue>) -> Lookup {
        let mut head = HeaderMap::new();
        head.insert(header::ETAG, tag.into());
        Lookup::Found(head)
    }

    /// [`Found`](Lookup::Found) with this `Last-Modified` date.
    ///
    /// # Examples
    ///
    /// ```
    /// use http_conditional::HttpDate;
    /// use http_conditional_tower::Lookup;
    /// let found = Lookup::last_modified(HttpDate::from_unix_seconds(784_111_777).unwrap());
    /// assert!(matches!(found, Lookup::Found(_)));
    /// ```
    pub fn last_modified(date: HttpDate) -> Lookup {
        let mut head = HeaderMap::new();
        head.insert(header::LAST_MODIFIED, HeaderValue::from(date));
        Lookup::Found(head)
    }

    /// Adds a field to [`Found`](Lookup::Found) (replacing one of the same
    /// name); does nothing to the other variants.
    pub fn with(mut self, name: HeaderName, value: impl Into<HeaderValue>) -> Lookup {
        if let Lookup::Found(head) = &mut self {
            head.insert(name, value.into());
        }
        self
    }
}

/// Builds the content of a 412 or 428 from its head and the evaluation.
type Reject = dyn Fn(Response<()>, &Evaluation<'_>) -> Response<Bytes> + Send + Sync;

/// A [`Layer`] that evaluates preconditions before the handler runs, as
/// Django's `@condition` does: for writes, and for reads whose validators
/// are cheap to look up.
///
/// For each request it calls your `lookup` with the request head; the
/// future it returns gives a [`Lookup`]. With `Found` or `Missing`, the
/// core evaluates the request's preconditions (RFC 9110 §13.2.2) under the
/// [`Policy`]:
///
/// - 304 (GET and HEAD), 412 or 428 are answered **without calling the
///   handler**. The 304 carries the fields of `Found` that RFC 9110
///   §15.4.5 keeps; the 412 the current `ETag`; the 412 and 428 the core's
///   hint as `text/plain` (or what [`reject_with`](Self::reject_with)
///   builds).
/// - Otherwise the handler runs, and finds the decision and its explanation
///   as an owned [`Summary`] in the request extensions.
///
/// The layer adds no validator to the handler's response: the handler sets
/// the `ETag` of what it actually sends, and after a write that is the new
/// one, never the tag looked up before the write.
///
/// **A lookup-then-handler layer cannot prevent a lost update on its own.**
/// Between the lookup and the handler's write another request can write:
/// two PUTs with the same `If-Match` both pass the lookup, and the second
/// overwrites the first. For writes, evaluate inside the same lock or
/// transaction as the write, with the [`Preconditions`](crate::Preconditions)
/// extractor; use this layer for reads, and for writes only as an early,
/// cheap rejection in front of that check.
///
/// # Examples
///
/// ```
/// use bytes::Bytes;
/// use http::{header, Request, Response, StatusCode};
/// use http_body_util::Full;
/// use http_conditional::generate::EtagBuf;
/// use http_conditional_tower::{Lookup, PreconditionLayer};
/// use tower::{service_fn, Layer, ServiceExt};
///
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let handler = service_fn(|_req: Request<()>| async {
///     Ok::<_, std::convert::Infallible>(Response::new(Full::new(Bytes::from("{\"v\":7}"))))
/// });
/// let layer = PreconditionLayer::new(|_head: &http::request::Parts| {
///     std::future::ready(Lookup::etag(&EtagBuf::from_version(7)))
/// });
/// let service = layer.layer(handler);
///
/// let request = Request::builder().header(header::IF_NONE_MATCH, "\"v7\"").body(()).unwrap();
/// let response = service.oneshot(request).await.unwrap();
/// assert_eq!(response.status(), StatusCode::NOT_MODIFIED);
/// assert_eq!(response.headers()[header::ETAG], "\"v7\"");
/// # });
/// ```
pub struct PreconditionLayer<F> {
    lookup: F,
    policy: Policy,
    explain: bool,
    reject: Option<Arc<Reject>>,
}

impl<F> PreconditionLayer<F> {
    /// A layer with this lookup, [`Policy::new`] (no 428) and no
    /// `X-Precondition`.
    pub fn new(lookup: F) -> Self {
        PreconditionLayer {
            lookup,
            policy: Policy::new(),
            explain: false,
            reject: None,
        }
    }

    /// The policy of the evaluation: `Policy::new().require_precondition(true)`
    /// answers an unconditional PUT, PATCH or DELETE with 428 (RFC 6585 §3).
    pub fn policy(mut self, policy: Policy) -> Self {
        self.policy = policy;
        self
    }

    /// Adds [`X_PRECONDITION`](crate::X_PRECONDITION) to every response of an
    /// evaluated request, the handler's included.
    pub fn explain(mut self, yes: bool) -> Self {
        self.explain = yes;
        self
    }

    /// Builds the 412 and 428 responses yourself (a JSON error, say) from
    /// the core's head (status, current `ETag`) and the evaluation. The 304
    /// is always the core's, with no content.
    ///
    /// # Examples
    ///
    /// ```
    /// use bytes::Bytes;
    /// use http::{header, HeaderValue, Response};
    /// use http_conditional::Evaluation;
    /// use http_conditional_tower::{Lookup, PreconditionLayer};
    ///
    /// # let lookup = |_: &http::request::Parts| std::future::ready(Lookup::Skip);
    /// let layer = PreconditionLayer::new(lookup).reject_with(|head: Response<()>, eval: &Evaluation<'_>| {
    ///     let json = format!("{{\"status\":{},\"explanation\":{:?}}}", eval.status(), eval.to_string());
    ///     let mut response = head.map(|()| Bytes::from(json));
    ///     response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    ///     response
    /// });
    /// ```
    pub fn reject_with(
        mut self,
        reject: impl Fn(Response<()>, &Evaluation<'_>) -> Response<Bytes> + Send + Sync + 'static,
    ) -> Self {
        self.reject = Some(Arc::new(reject));
        self
    }
}

impl<F: Clone> Clone for PreconditionLayer<F> {
    fn clone(&self) -> Self {
        PreconditionLayer {
            lookup: self.lookup.clone(),
            policy: self.policy,
            explain: self.explain,
            reject: self.reject.clone(),
        }
    }
}

impl<F> fmt::Debug for PreconditionLayer<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PreconditionLayer")
            .field("policy", &self.policy)
            .field("explain", &self.explain)
            .field("reject_with", &self.reject.is_some())
            .finish_non_exhaustive()
    }
}

impl<S, F: Clone> Layer<S> for PreconditionLayer<F> {
    type Service = Precondition<S, F>;

    fn layer(&self, inner: S) -> Precondition<S, F> {
        Precondition {
            inner,
            layer: self.clone(),
        }
    }
}

/// The service made by [`PreconditionLayer`]; see its example.
pub struct Precondition<S, F> {
    inner: S,
    layer: PreconditionLayer<F>,
}

impl<S: Clone, F: Clone> Clone for Precondition<S, F> {
    fn clone(&self) -> Self {
        Precondition {
            inner: self.inner.clone(),
            layer: self.layer.clone(),
        }
    }
}

impl<S: fmt::Debug, F> fmt::Debug for Precondition<S, F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Precondition")
            .field("inner", &self.inner)
            .field("layer", &self.layer)
            .finish()
    }
}

/// The response future of [`Precondition`].
pub type PreconditionFuture<B, E> =
    Pin<Box<dyn Future<Output = Result<Response<ResponseBody<B>>, E>> + Send>>;

impl<S, F, Fut, ReqBody, ResBody> Service<Request<ReqBody>> for Precondition<S, F>
where
    S: Service<Request<ReqBody>, Response = Response<ResBody>> + Clone + Send + 'static,
    S::Future: Send,
    F: Fn(&Parts) -> Fut,
    Fut: Future<Output = Lookup> + Send + 'static,
    ReqBody: Send + 'static,
    ResBody: Body + Send + 'static,
{
    type Response = Response<ResponseBody<ResBody>>;
    type Error = S::Error;
    type Future = PreconditionFuture<ResBody, S::Error>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<ReqBody>) -> Self::Future {
        // The service that was polled ready goes with this request.
        let clone = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, clone);
        let (mut parts, body) = request.into_parts();
        let lookup = (self.layer.lookup)(&parts);
        let policy = self.layer.policy;
        let explain = self.layer.explain;
        let reject = self.layer.reject.clone();
        Box::pin(async move {
            let judged = match lookup.await {
                Lookup::Respond(response) => {
                    return Ok(response.map(|bytes| ResponseBody::full(bytes, None)));
                }
                Lookup::Skip => None,
                Lookup::Found(head) => Some(judge(
                    &parts,
                    Some(&head),
                    policy,
                    explain,
                    reject.as_deref(),
                )),
                Lookup::Missing => Some(judge(&parts, None, policy, explain, reject.as_deref())),
            };
            let Some(judged) = judged else {
                let response = inner.call(Request::from_parts(parts, body)).await?;
                return Ok(response.map(ResponseBody::new));
            };
            if let Some(early) = judged.early {
                let mut early = early.map(|content| match content {
                    Some(bytes) => ResponseBody::full(bytes, None),
                    None => ResponseBody::no_content(),
                });
                if let Some(note) = judged.note {
                    early.headers_mut().insert(X_PRECONDITION, note);
                }
                return Ok(early);
            }
            parts.extensions.insert(judged.summary);
            let mut response = inner.call(Request::from_parts(parts, body)).await?;
            if let Some(note) = judged.note {
                response.headers_mut().insert(X_PRECONDITION, note);
            }
            Ok(response.map(ResponseBody::new))
        })
    }
}

/// What the evaluation of one request decided.
struct Judged {
    /// The 304 (no content) or the 412 / 428 (content) to send instead.
    early: Option<Response<Option<Bytes>>>,
    summary: Summary,
    note: Option<HeaderValue>,
}

/// Evaluates the request against the looked-up head (`None`: missing) and
/// builds the 304 / 412 / 428 if there is one.
fn judge(
    parts: &Parts,
    found: Option<&HeaderMap>,
    policy: Policy,
    explain: bool,
    reject: Option<&Reject>,
) -> Judged {
    let now = HttpDate::now();
    let empty = HeaderMap::new();
    let eval = match found {
        Some(head) => evaluate_with_head(&parts.method, &parts.headers, head, now, policy),
        None => evaluate_request(
            &parts.method,
            &parts.headers,
            Resource::Missing,
            now,
            policy,
        ),
    };
    let early = precondition_response(&eval, found.unwrap_or(&empty)).map(|head| {
        if head.status() == StatusCode::NOT_MODIFIED {
            return head.map(|()| None);
        }
        let response = match reject {
            Some(reject) => reject(head, &eval),
            None => with_hint(head, &eval).map(Bytes::from),
        };
        response.map(Some)
    });
    Judged {
        early,
        summary: eval.summary(),
        note: explain.then(|| explanation(&eval)),
    }
}
