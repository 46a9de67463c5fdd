//! Reading live state: the timing records in stamp order, the rehearsal
//! clock, a task's mark, delays, releases, the standing message, the state
//! as of an earlier instant.

use chrono::{DateTime, Duration, Utc};

use super::{LiveState, TaskMark};
use crate::state::event::{AUTOMATIC, Event, Stamp};
use crate::timeline::TaskKey;

/// A record that moves the show's timing (see [`LiveState::timing`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Timing<'a> {
    Go(&'a str),
    End,
    Hold(i64),
}

impl LiveState {
    /// The records that move the show's timing (GOs, ends, holds), in the
    /// order they were stamped: the hybrid logical clock is causal across
    /// machines, and on one machine it follows the show clock, so this is
    /// the order the operators acted in, even within one second.
    pub fn timing(&self) -> Vec<(&Stamp, DateTime<Utc>, Timing<'_>)> {
        let mut out: Vec<(&Stamp, DateTime<Utc>, Timing<'_>)> = Vec::new();
        for (stamp, cue) in &self.stamps.go_sorted {
            if let Some(t) = self.go.get(cue) {
                out.push((stamp, *t, Timing::Go(cue)));
            }
        }
        for (stamp, t) in self.stamps.ends.iter().zip(&self.ends) {
            out.push((stamp, *t, Timing::End));
        }
        for (stamp, (t, secs)) in self.stamps.delays.iter().zip(&self.delays) {
            out.push((stamp, *t, Timing::Hold(*secs)));
        }
        out.sort_by(|a, b| a.0.cmp(b.0));
        out
    }

    /// Where a rehearsal resumes: where its clock stopped, and never
    /// before anything it recorded. (A clock still marked running belongs
    /// to a runner that died: its last reading and last record are all
    /// that is known.)
    pub fn resume_point(&self) -> Option<DateTime<Utc>> {
        [self.clock.map(|c| c.show), self.last_show]
            .into_iter()
            .flatten()
            .max()
    }

    /// Where a rehearsal's clock reads at real time `wall_now`, for a
    /// reader: a running clock where it is now, a stopped one where it
    /// stopped; `None` when nothing was recorded.
    pub fn rehearsal_now(&self, wall_now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        match self.clock {
            Some(c) if c.running => Some(c.show_at(wall_now)),
            _ => self.resume_point(),
        }
    }

    /// The state as it stood at show time `t`: the fold of the events
    /// recorded up to then (a read of an earlier moment must not show a
    /// release or a sold-out mark that came later).
    #[must_use]
    pub fn as_of(self, t: DateTime<Utc>) -> LiveState {
        if self.last_show.is_none_or(|last| last <= t) {
            return self;
        }
        let events: Vec<Event> = self.log.0.into_iter().filter(|e| e.show <= t).collect();
        LiveState::from_owned(events)
    }
    /// The latest record of this machine the operator can take back: not
    /// an undo, not the rehearsal clock, and not a reading that came in by
    /// itself (the metrics feed, the API), which `u` would otherwise take
    /// back instead of the crew's own last action.
    pub fn last_undoable(&self, origin: &str) -> Option<&Event> {
        self.log
            .iter()
            .filter(|e| {
                e.origin == origin
                    && !e.id.is_empty()
                    && e.kind.undoable()
                    && !e.id.starts_with(AUTOMATIC)
                    && !self.undone.contains(&e.id)
            })
            .max_by(|a, b| a.stamp().cmp(&b.stamp()))
    }

    /// The message standing on the host's screen: the latest by stamp,
    /// unless that one cleared it.
    pub fn message(&self) -> Option<(DateTime<Utc>, &str)> {
        self.messages
            .last()
            .filter(|(_, t)| !t.is_empty())
            .map(|(at, t)| (*at, t.as_str()))
    }

    pub fn mark(&self, key: &TaskKey) -> TaskMark {
        self.tasks.get(key).map_or(TaskMark::Open, |t| t.mark)
    }

    pub fn is_sold_out(&self, sku: &str) -> bool {
        self.sold_out.contains_key(sku)
    }

    /// Total manual delay recorded after show time `since` (all when `None`).
    pub fn delay_since(&self, since: Option<DateTime<Utc>>) -> Duration {
        let secs: i64 = self
            .delays
            .iter()
            .filter(|(t, _)| since.is_none_or(|s| *t >= s))
            .map(|(_, s)| s)
            .sum();
        Duration::seconds(secs)
    }

    /// How many times a welfare action was released, and the last time.
    pub fn released(&self, welfare: &str) -> (usize, Option<DateTime<Utc>>) {
        let mut n = 0;
        let mut last = None;
        for r in &self.releases {
            if r.welfare == welfare {
                n += 1;
                last = Some(r.at);
            }
        }
        (n, last)
    }
}
