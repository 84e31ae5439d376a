//! What the server asks of requests beyond RFC 9110 itself.

/// Server policy for [`evaluate`](crate::evaluate).
///
/// ```
/// use http_conditional::Policy;
/// let strict = Policy::new().require_precondition(true);
/// assert!(strict.requires_precondition());
/// assert!(!Policy::default().requires_precondition());
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Policy {
    require_precondition: bool,
}

impl Policy {
    /// The default policy: nothing beyond RFC 9110.
    pub const fn new() -> Self {
        Policy {
            require_precondition: false,
        }
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
