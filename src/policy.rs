//! What the server asks of requests beyond RFC 9110 itself.

/// Server policy for [`evaluate`](fn@crate::evaluate).
///
/// ```
/// use http_conditional::Policy;
/// let strict = Policy::new().require_precondition(true);
/// assert!(strict.requires_precondition());
/// assert!(!Policy::default().requires_precondition());
/// ```
#[must_use]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Policy {
    require_precondition: bool,
    no_ranges: bool,
}

impl Default for Policy {
    fn default() -> Self {
        Policy::new()
    }
}

impl Policy {
    /// The default policy: nothing beyond RFC 9110, and a target resource
    /// that supports range requests.
    pub const fn new() -> Self {
        Policy {
            require_precondition: false,
            no_ranges: false,
        }
    }

    /// Whether the target resource supports range requests (RFC 9110
    /// §14); the default is yes. A server MUST ignore `If-Range` for a
    /// resource that does not (§13.1.5), and such a resource never gets
    /// [`Decision::ProceedWithRange`](crate::Decision::ProceedWithRange).
    ///
    /// ```
    /// use http_conditional::{evaluate, Decision, HttpDate, Method, Policy, Resource, Validators};
    ///
    /// let headers = [("Range", "bytes=0-9"), ("If-Range", "\"v1\"")];
    /// let json = Policy::new().ranges(false);
    /// let eval = evaluate(Method::GET, &headers, Resource::Current(Validators::new()), HttpDate::MAX, json);
    /// assert_eq!(eval.decision(), Decision::Proceed);
    /// assert!(eval.to_string().contains("the resource does not support range requests"));
    /// ```
    pub const fn ranges(mut self, supported: bool) -> Self {
        self.no_ranges = !supported;
        self
    }

    /// Whether [`ranges`](Self::ranges) is on.
    pub const fn supports_ranges(&self) -> bool {
        !self.no_ranges
    }

    /// Require requests whose method may change state (not GET, HEAD,
    /// OPTIONS, TRACE or CONNECT) to be conditional: without an `If-Match`,
    /// an `If-None-Match` or an applicable `If-Unmodified-Since`, they get
    /// 428 Precondition Required (RFC 6585 §3), which prevents lost updates.
    pub const fn require_precondition(mut self, yes: bool) -> Self {
        self.require_precondition = yes;
        self
    }

    /// Whether [`require_precondition`](Self::require_precondition) is on.
    pub const fn requires_precondition(&self) -> bool {
        self.require_precondition
    }
}
