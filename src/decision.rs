//! What the server does with a request: the decision of RFC 9110 §13.2.2.

use core::fmt;

/// What the server does with the request.
///
/// This enum is exhaustive on purpose: a new outcome should break a
/// caller's `match`.
///
/// ```
/// use http_conditional::Decision;
///
/// fn respond(decision: Decision) -> &'static str {
///     match decision {
///         Decision::Proceed => "perform the method, send the whole representation",
///         Decision::ProceedWithRange => "perform the GET, honour Range",
///         Decision::NotModified => "304, no content",
///         Decision::PreconditionFailed => "412",
///         Decision::PreconditionRequired => "428",
///     }
/// }
/// assert_eq!(respond(Decision::NotModified), "304, no content");
/// assert_eq!(Decision::PreconditionFailed.to_string(), "412 Precondition Failed");
/// ```
#[must_use]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Decision {
    /// Perform the method and answer as usual (a 2xx for a successful
    /// method). A `Range` field, if any, is absent, not for this method, or
    /// to be ignored because `If-Range` is false: send the whole
    /// representation.
    Proceed,
    /// Perform the GET honouring its `Range` field (RFC 9110 §14.2): a 206
    /// if the range is satisfiable. The caller still parses `Range` itself.
    ProceedWithRange,
    /// Do not perform the method; answer 304 Not Modified, with the headers
    /// RFC 9110 §15.4.5 asks for and no content. GET and HEAD only.
    NotModified,
    /// Do not perform the method; answer 412 Precondition Failed.
    ///
    /// RFC 9110 §13.1.1 and §13.1.4 allow one exception, which only the
    /// caller can check: when `If-Match` or `If-Unmodified-Since` failed on a
    /// state-changing request whose change is already in effect (a retried
    /// PUT, say), the server may answer 2xx instead. See
    /// [`Evaluation::change_may_already_be_applied`](crate::Evaluation::change_may_already_be_applied).
    PreconditionFailed,
    /// Do not perform the method; answer 428 Precondition Required
    /// (RFC 6585 §3): the policy requires a conditional request.
    PreconditionRequired,
}

impl Decision {
    /// The status code this decision maps to: 200, 206, 304, 412 or 428
    /// (`Proceed` stands for whatever 2xx the method produces).
    ///
    /// ```
    /// use http_conditional::Decision;
    /// assert_eq!(Decision::NotModified.status(), 304);
    /// ```
    pub const fn status(self) -> u16 {
        match self {
            Decision::Proceed => 200,
            Decision::ProceedWithRange => 206,
            Decision::NotModified => 304,
            Decision::PreconditionFailed => 412,
            Decision::PreconditionRequired => 428,
        }
    }

    /// The reason phrase of [`status`](Self::status).
    pub const fn reason_phrase(self) -> &'static str {
        match self {
            Decision::Proceed => "OK",
            Decision::ProceedWithRange => "Partial Content",
            Decision::NotModified => "Not Modified",
            Decision::PreconditionFailed => "Precondition Failed",
            Decision::PreconditionRequired => "Precondition Required",
        }
    }

    /// Whether the method is to be performed (`Proceed` or
    /// `ProceedWithRange`).
    pub const fn proceeds(self) -> bool {
        matches!(self, Decision::Proceed | Decision::ProceedWithRange)
    }
}

/// `proceed` and `proceed with Range` name no status: the method decides it
/// (200, 201, 204, a 206 or a 416 for a range, …). The others are the status
/// line the caller sends: `304 Not Modified`, `412 Precondition Failed`,
/// `428 Precondition Required`.
impl fmt::Display for Decision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Decision::Proceed => f.write_str("proceed"),
            Decision::ProceedWithRange => f.write_str("proceed with Range"),
            _ => write!(f, "{} {}", self.status(), self.reason_phrase()),
        }
    }
}
