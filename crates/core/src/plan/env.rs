//! What the machine contributes to loading a plan.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

/// What the machine contributes to a plan: the zone and day used when the
/// plan leaves them out. Passed in so loading stays deterministic in tests.
#[derive(Debug, Clone, Copy)]
pub struct Env {
    pub now: DateTime<Utc>,
    pub local_tz: Tz,
}

impl Env {
    /// The real clock and the machine's zone (UTC if it cannot be told).
    pub fn system() -> Self {
        let local_tz = iana_time_zone::get_timezone()
            .ok()
            .and_then(|name| name.parse().ok())
            .unwrap_or(Tz::UTC);
        Env {
            now: Utc::now(),
            local_tz,
        }
    }
}
