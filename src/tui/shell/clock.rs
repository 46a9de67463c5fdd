//! The show clock: the wall clock live; a simulated clock in a rehearsal;
//! for a read-only runner, the writer's recorded clock.

use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use stagecall_core::schedule::ShowTime;
use stagecall_core::state::ClockMark;

/// The show clock: the wall clock live; a simulated clock in a rehearsal,
/// starting at `--at` (or where the rehearsal stopped) and running `speed`
/// times as fast; or, for a read-only runner, the writer's recorded clock.
#[derive(Debug, Clone)]
pub struct ShowClock {
    tz: Tz,
    origin_real: std::time::Instant,
    origin_show: DateTime<Utc>,
    speed: f64,
    kind: ClockKind,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum ClockKind {
    Live,
    Simulated,
    /// Follows a writer's rehearsal clock, read from the log.
    Follow(Option<ClockMark>),
}

impl ShowClock {
    pub fn live(tz: Tz) -> Self {
        ShowClock {
            tz,
            origin_real: std::time::Instant::now(),
            origin_show: Utc::now(),
            speed: 1.0,
            kind: ClockKind::Live,
        }
    }

    pub fn simulated(tz: Tz, start: ShowTime, speed: f64) -> Self {
        ShowClock {
            tz,
            origin_real: std::time::Instant::now(),
            origin_show: start.with_timezone(&Utc),
            speed,
            kind: ClockKind::Simulated,
        }
    }

    /// A read-only runner's clock: the writer's, as its log records it
    /// (until a reading arrives, `fallback`).
    pub fn follow(tz: Tz, mark: Option<ClockMark>, fallback: ShowTime) -> Self {
        let mut c = ShowClock::simulated(tz, fallback, 1.0);
        c.kind = ClockKind::Follow(mark);
        if let Some(m) = mark {
            c.speed = m.speed;
        }
        c
    }

    /// Takes in the writer's latest clock reading (followers only).
    pub fn observe(&mut self, mark: Option<ClockMark>) {
        if let (ClockKind::Follow(_), Some(m)) = (self.kind, mark) {
            self.kind = ClockKind::Follow(Some(m));
            // The rehearsal's own speed, kept when this runner takes over.
            self.speed = m.speed;
        }
    }

    /// A follower that became the writer runs the clock itself, from
    /// where the old writer's clock reads now.
    pub fn detach(&mut self) {
        if let ClockKind::Follow(_) = self.kind {
            *self = ShowClock::simulated(self.tz, self.now(), self.speed);
        }
    }

    pub fn speed(&self) -> f64 {
        self.speed
    }

    pub fn now(&self) -> ShowTime {
        let t = match self.kind {
            ClockKind::Live => Utc::now(),
            ClockKind::Follow(Some(m)) => m.show_at(Utc::now()),
            ClockKind::Simulated | ClockKind::Follow(None) => {
                let real = self.origin_real.elapsed().as_secs_f64() * self.speed;
                self.origin_show + Duration::milliseconds((real * 1000.0) as i64)
            }
        };
        t.with_timezone(&self.tz)
    }

    /// Real time until the displayed second changes (at least 50 ms, so a
    /// fast rehearsal cannot turn into a busy loop).
    pub fn until_next_second(&self) -> StdDuration {
        let ms_into = self.now().timestamp_subsec_millis() as f64;
        let show_ms = (1000.0 - ms_into).max(1.0);
        // A stopped clock (its writer quit) does not tick: wake once a second.
        let speed = match self.kind {
            ClockKind::Follow(Some(m)) if !m.running => 1.0,
            _ => self.speed,
        };
        StdDuration::from_millis(((show_ms / speed.max(0.001)) as u64).clamp(50, 1000))
    }
}
