//! Conversions between [`HttpDate`] and `std::time::SystemTime`, and
//! [`HttpDate::now`] (feature `std`). None of them panics: every conversion
//! is fallible or clamps.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::calendar::{MAX_SECS, MIN_SECS};
use super::{HttpDate, OutOfRange};

/// Whole seconds from the Unix epoch to `t`, rounded toward the past.
fn floor_unix_seconds(t: SystemTime) -> i128 {
    match t.duration_since(UNIX_EPOCH) {
        Ok(after) => i128::from(after.as_secs()),
        Err(err) => {
            let before = err.duration();
            -i128::from(before.as_secs()) - i128::from(before.subsec_nanos() > 0)
        }
    }
}

impl HttpDate {
    /// The system clock's current time, truncated to the second and
    /// clamped into [`HttpDate::MIN`]..=[`HttpDate::MAX`]. Never panics.
    ///
    /// The sans-IO core never reads the clock itself; this is a
    /// convenience for callers that pass `now` (feature `std`).
    ///
    /// ```
    /// use http_conditional::HttpDate;
    /// assert!(HttpDate::now() > HttpDate::UNIX_EPOCH);
    /// ```
    #[cfg_attr(docsrs, doc(cfg(feature = "std")))]
    pub fn now() -> HttpDate {
        let secs = floor_unix_seconds(SystemTime::now());
        if secs < i128::from(MIN_SECS) {
            HttpDate::MIN
        } else if secs > i128::from(MAX_SECS) {
            HttpDate::MAX
        } else {
            HttpDate { secs: secs as i64 }
        }
    }
}

/// Truncates toward the past to a whole second (so 1.5 s before the
/// epoch is -2 s). Never panics; fails outside years 0000-9999.
///
/// ```
/// use std::time::{Duration, SystemTime};
/// use http_conditional::HttpDate;
///
/// let t = SystemTime::UNIX_EPOCH - Duration::from_millis(1_500);
/// assert_eq!(HttpDate::try_from(t).unwrap().unix_seconds(), -2);
/// ```
#[cfg_attr(docsrs, doc(cfg(feature = "std")))]
impl TryFrom<SystemTime> for HttpDate {
    type Error = OutOfRange;

    fn try_from(t: SystemTime) -> Result<HttpDate, OutOfRange> {
        i64::try_from(floor_unix_seconds(t))
            .ok()
            .and_then(HttpDate::from_unix_seconds)
            .ok_or(OutOfRange { _priv: () })
    }
}

/// Never panics; fails where the platform's `SystemTime` cannot hold the
/// date.
///
/// ```
/// use std::time::SystemTime;
/// use http_conditional::HttpDate;
///
/// let t = SystemTime::try_from(HttpDate::UNIX_EPOCH).unwrap();
/// assert_eq!(t, SystemTime::UNIX_EPOCH);
/// ```
#[cfg_attr(docsrs, doc(cfg(feature = "std")))]
impl TryFrom<HttpDate> for SystemTime {
    type Error = OutOfRange;

    fn try_from(date: HttpDate) -> Result<SystemTime, OutOfRange> {
        let magnitude = Duration::from_secs(date.secs.unsigned_abs());
        let t = if date.secs >= 0 {
            UNIX_EPOCH.checked_add(magnitude)
        } else {
            UNIX_EPOCH.checked_sub(magnitude)
        };
        t.ok_or(OutOfRange { _priv: () })
    }
}
