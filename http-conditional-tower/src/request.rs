//! What a layer keeps of the request while the handler runs: the method and
//! the conditional fields, nothing else.

use http::header::{self, HeaderMap, HeaderName};
use http::Method;

/// The request fields that preconditions read (RFC 9110 §13.1): the four
/// preconditions, and `If-Range` with the `Range` it qualifies (§13.1.5).
pub(crate) const CONDITIONAL_FIELDS: [HeaderName; 6] = [
    header::IF_MATCH,
    header::IF_NONE_MATCH,
    header::IF_MODIFIED_SINCE,
    header::IF_UNMODIFIED_SINCE,
    header::IF_RANGE,
    header::RANGE,
];

/// A copy of the method and of every line of the conditional fields.
///
/// Cloning a `HeaderValue` shares its bytes, and a request without
/// conditional fields allocates nothing here.
#[derive(Clone, Debug)]
pub(crate) struct Conditional {
    pub(crate) method: Method,
    pub(crate) fields: HeaderMap,
}

impl Conditional {
    pub(crate) fn capture(method: &Method, headers: &HeaderMap) -> Conditional {
        let mut fields = HeaderMap::new();
        for name in CONDITIONAL_FIELDS {
            for value in headers.get_all(&name) {
                fields.append(name.clone(), value.clone());
            }
        }
        Conditional {
            method: method.clone(),
            fields,
        }
    }
}

/// GET or HEAD: the methods whose 200 a layer may turn into a 304
/// (RFC 9110 §13.1.2, §13.1.3).
pub(crate) fn is_read(method: &Method) -> bool {
    method == Method::GET || method == Method::HEAD
}
