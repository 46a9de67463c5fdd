//! The values live state is made of: a task's mark, a welfare release, the
//! rehearsal clock's last reading.

use chrono::{DateTime, Duration, Utc};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TaskMark {
    #[default]
    Open,
    Done,
    Skipped,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TaskState {
    pub mark: TaskMark,
    /// Show-clock time of the last change.
    pub at: DateTime<Utc>,
}

/// One welfare release.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Release {
    pub welfare: String,
    /// The cue it was released in, when recorded.
    pub cue: Option<String>,
    /// Show time.
    pub at: DateTime<Utc>,
}

/// A rehearsal clock reading: at `wall`, the show clock read `show` and
/// ran `speed` times as fast; stopped there when `running` is false.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClockMark {
    pub wall: DateTime<Utc>,
    pub show: DateTime<Utc>,
    pub speed: f64,
    pub running: bool,
}

impl Eq for ClockMark {}

impl ClockMark {
    /// The show clock at real time `wall_now`.
    pub fn show_at(&self, wall_now: DateTime<Utc>) -> DateTime<Utc> {
        if !self.running {
            return self.show;
        }
        let real_ms = (wall_now - self.wall).num_milliseconds().max(0) as f64;
        // Checked: a reading from a strange log must not overflow the clock.
        Duration::try_milliseconds((real_ms * self.speed) as i64)
            .and_then(|d| self.show.checked_add_signed(d))
            .unwrap_or(self.show)
    }
}
