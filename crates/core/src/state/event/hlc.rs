//! Hybrid logical clock stamps: each machine's [`HlcClock`] issues them,
//! and follows the stamps it sees from others, so events order causally
//! across machines whose wall clocks disagree.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A hybrid logical clock stamp: physical milliseconds, and a counter that
/// breaks ties and keeps causality when clocks disagree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Hlc {
    pub ms: i64,
    pub c: u32,
}

/// How far ahead of this machine's wall clock a stamp seen elsewhere may
/// be and still be followed. Beyond it (a wrong clock, a poisoned log) the
/// stamp is not followed, so it cannot freeze this machine's stamps.
pub const MAX_SKEW_MS: i64 = 24 * 3600 * 1000;

/// Issues HLC stamps for one machine.
#[derive(Debug, Clone)]
pub struct HlcClock {
    node: String,
    /// Random per process: two runners that share an origin (the same
    /// `STAGECALL_ORIGIN`, a cloned VM) still never issue the same id.
    pub(super) nonce: String,
    last: Hlc,
}

impl HlcClock {
    pub fn new(node: impl Into<String>) -> Self {
        use std::hash::{BuildHasher, Hasher};
        // The std hasher is seeded from the OS's randomness per process.
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u32(std::process::id());
        h.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos()),
        );
        HlcClock {
            node: node.into(),
            nonce: format!("{:08x}", h.finish() as u32),
            last: Hlc { ms: 0, c: 0 },
        }
    }

    pub fn node(&self) -> &str {
        &self.node
    }

    /// Takes in a stamp seen elsewhere (the log, another machine), so every
    /// later local stamp orders after it. A stamp more than [`MAX_SKEW_MS`]
    /// ahead of `wall_now` is not followed; returns whether it was.
    pub fn observe_at(&mut self, h: Hlc, wall_now: DateTime<Utc>) -> bool {
        if h.ms > wall_now.timestamp_millis().saturating_add(MAX_SKEW_MS) {
            return false;
        }
        self.last = self.last.max(h);
        true
    }

    /// [`observe_at`](Self::observe_at) against the real clock.
    pub fn observe(&mut self, h: Hlc) -> bool {
        self.observe_at(h, Utc::now())
    }

    /// The next stamp at wall time `wall`.
    pub fn next(&mut self, wall: DateTime<Utc>) -> Hlc {
        let ms = wall.timestamp_millis();
        self.last = if ms > self.last.ms {
            Hlc { ms, c: 0 }
        } else if self.last.c == u32::MAX {
            // The counter is spent (a hostile stamp can spend it): move the
            // physical part on rather than issue one stamp twice.
            Hlc {
                ms: self.last.ms.saturating_add(1),
                c: 0,
            }
        } else {
            Hlc {
                ms: self.last.ms,
                c: self.last.c + 1,
            }
        };
        self.last
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::event::{Event, EventKind};

    #[test]
    fn a_stamp_from_the_far_future_does_not_poison_local_ids() {
        let now = DateTime::<Utc>::from_timestamp(1_800_000_000, 0).unwrap();
        let mut clock = HlcClock::new("desk");
        assert!(!clock.observe_at(Hlc { ms: i64::MAX, c: 0 }, now));
        let ids: std::collections::HashSet<String> = (0..100)
            .map(|_| Event::local(&mut clock, None, now, now, EventKind::Delay { seconds: 60 }).id)
            .collect();
        assert_eq!(ids.len(), 100, "every local id unique");
        // A stamp within a day ahead is still followed (clocks disagree).
        assert!(clock.observe_at(
            Hlc {
                ms: now.timestamp_millis() + 3_600_000,
                c: 0
            },
            now
        ));
    }

    #[test]
    fn a_spent_counter_moves_the_clock_on_instead_of_repeating_a_stamp() {
        let now = DateTime::<Utc>::from_timestamp(1_800_000_000, 0).unwrap();
        let mut clock = HlcClock::new("desk");
        // Within the allowed skew, but with the counter at its end.
        assert!(clock.observe_at(
            Hlc {
                ms: now.timestamp_millis() + 60_000,
                c: u32::MAX
            },
            now
        ));
        let ids: std::collections::HashSet<String> = (0..50)
            .map(|_| Event::local(&mut clock, None, now, now, EventKind::Delay { seconds: 60 }).id)
            .collect();
        assert_eq!(ids.len(), 50);
    }

    #[test]
    fn two_runners_with_the_same_origin_never_share_an_id() {
        let now = DateTime::<Utc>::from_timestamp(1_800_000_000, 0).unwrap();
        let (mut a, mut b) = (HlcClock::new("samehost"), HlcClock::new("samehost"));
        let mut ids = std::collections::HashSet::new();
        for _ in 0..40 {
            for c in [&mut a, &mut b] {
                let e = Event::local(c, None, now, now, EventKind::Delay { seconds: 60 });
                assert_eq!(e.origin, "samehost");
                assert!(ids.insert(e.id), "an id collided");
            }
        }
        assert_eq!(ids.len(), 80);
    }
}
