//! Live state: the fold of the event log. Nothing here does I/O.
//!
//! The fold is a merge, not a replay: folding the same set of events in any
//! order gives the same state, so machines that exchange events converge.
//! The rules (also in the README):
//! - a task's tick, untick or skip: the latest by [`Stamp`] wins;
//! - a cue's GO: the first by stamp wins;
//! - delays add up; welfare releases, notes and messages accumulate (the
//!   latest message stands on the host's screen);
//! - sold out / restocked: the latest by stamp wins;
//! - an undo takes back the event it names, whenever either arrives;
//! - the rehearsal clock: the latest by stamp wins;
//! - an event id seen before is ignored.
//!
//! The merge itself is here; `queries` reads the folded state, `marks`
//! holds the values it is made of, and `index` the winning stamps.

mod index;
mod marks;
mod queries;
#[cfg(test)]
mod tests;

pub use marks::{ClockMark, Release, TaskMark, TaskState};
pub use queries::Timing;

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Utc};

use super::event::{Event, EventKind, Stamp};
use crate::timeline::TaskKey;
use index::{Stamps, insert_sorted};

/// Everything the crew has done so far.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LiveState {
    pub tasks: HashMap<TaskKey, TaskState>,
    /// GO times by cue id: the first GO of a cue wins.
    pub go: HashMap<String, DateTime<Utc>>,
    /// Cue ids in the order they were sent on air.
    pub go_order: Vec<String>,
    /// Delay events in stamp order: (show time, seconds).
    pub delays: Vec<(DateTime<Utc>, i64)>,
    /// Welfare releases in stamp order.
    pub releases: Vec<Release>,
    /// Show times of GOs that ended the show (the last cue on air), in
    /// stamp order.
    pub ends: Vec<DateTime<Utc>>,
    /// The rehearsal clock, when one was recorded.
    pub clock: Option<ClockMark>,
    /// The latest show-clock instant of any event: a rehearsal resumes
    /// no earlier than this.
    pub last_show: Option<DateTime<Utc>>,
    /// Ids of events taken back by an undo.
    pub undone: HashSet<String>,
    /// Every distinct event seen, in arrival order, so an undo can refold.
    pub log: Seen,
    /// SKUs currently marked sold out, with when.
    pub sold_out: BTreeMap<String, DateTime<Utc>>,
    /// Every sold-out mark ever recorded, (SKU, show time), sorted by
    /// time: each brings its follow-up tasks.
    pub sold_marks: Vec<(String, DateTime<Utc>)>,
    /// The latest show time of any sold-out or restock record, by SKU:
    /// a sell-out read from the numbers before it was already handled.
    pub sku_marked: HashMap<String, DateTime<Utc>>,
    pub notes: Vec<(DateTime<Utc>, String)>,
    /// Control-room messages to the host, in stamp order (an empty text
    /// clears the one before it); see [`LiveState::message`].
    pub messages: Vec<(DateTime<Utc>, String)>,
    /// Readings of the live numbers in show-time order (ties by stamp).
    pub readings: Vec<(DateTime<Utc>, super::reading::Reading)>,
    /// Distinct events applied.
    pub events: usize,
    /// The winning stamp behind each piece of last-writer-wins state.
    stamps: Stamps,
}

/// The events a state has seen, in arrival order. Two states are equal
/// when they saw the same events, in whatever order (the fold is a merge).
#[derive(Debug, Clone, Default)]
pub struct Seen(pub Vec<Event>);

impl PartialEq for Seen {
    fn eq(&self, other: &Self) -> bool {
        if self.0.len() != other.0.len() {
            return false;
        }
        let sorted = |v: &[Event]| {
            let mut v: Vec<(Stamp, String)> = v.iter().map(|e| (e.stamp(), e.to_line())).collect();
            v.sort();
            v
        };
        sorted(&self.0) == sorted(&other.0)
    }
}

impl Eq for Seen {}

impl std::ops::Deref for Seen {
    type Target = Vec<Event>;
    fn deref(&self) -> &Vec<Event> {
        &self.0
    }
}

impl LiveState {
    pub fn from_events<'a>(events: impl IntoIterator<Item = &'a Event>) -> Self {
        let mut s = LiveState::default();
        for e in events {
            s.apply(e);
        }
        s
    }

    /// Whether an event with this id has been applied.
    pub fn has_seen(&self, id: &str) -> bool {
        !id.is_empty() && self.stamps.ids.contains(id)
    }

    pub fn apply(&mut self, e: &Event) {
        self.apply_owned(e.clone());
    }

    /// Folds in an event the caller owns: no copy for the record kept
    /// (a log read in bulk moves its events in).
    pub fn apply_owned(&mut self, e: Event) {
        if !e.id.is_empty() && !self.stamps.ids.insert(e.id.clone()) {
            return;
        }
        // Every distinct record counts and moves `last_show`, whether it
        // is folded, taken back, or takes another back: so the same set of
        // records gives the same state in any order.
        self.events += 1;
        if self.last_show.is_none_or(|t| e.show > t) {
            self.last_show = Some(e.show);
        }
        if let EventKind::Undo { target } = &e.kind {
            let applied = self.stamps.ids.contains(target);
            let fresh = self.undone.insert(target.clone());
            self.log.0.push(e);
            if fresh && applied {
                self.refold();
            }
            return;
        }
        self.mark_sku(&e);
        if e.id.is_empty() || !self.undone.contains(&e.id) {
            self.fold_one(&e);
        }
        self.log.0.push(e);
    }

    /// The fold of events the caller owns.
    pub fn from_owned(events: Vec<Event>) -> Self {
        let mut s = LiveState::default();
        s.log.0.reserve(events.len());
        for e in events {
            s.apply_owned(e);
        }
        s
    }

    /// Rebuilds the folded state from the events seen, leaving out the
    /// ones taken back. Undo is rare, so a full pass is fine.
    fn refold(&mut self) {
        let log = std::mem::take(&mut self.log);
        let undone = std::mem::take(&mut self.undone);
        let (events, last_show) = (self.events, self.last_show);
        *self = LiveState::default();
        for e in log.iter() {
            if !e.id.is_empty() {
                self.stamps.ids.insert(e.id.clone());
            }
            self.mark_sku(e);
            if matches!(e.kind, EventKind::Undo { .. }) || undone.contains(&e.id) {
                continue;
            }
            self.fold_one(e);
        }
        self.events = events;
        self.last_show = last_show;
        self.log = log;
        self.undone = undone;
    }

    /// When the crew last dealt with a SKU (sold out or restocked), taken
    /// back or not: a sell-out the numbers show before then is handled.
    fn mark_sku(&mut self, e: &Event) {
        if let EventKind::SoldOut { sku } | EventKind::Restock { sku } = &e.kind {
            let marked = self.sku_marked.entry(sku.clone()).or_insert(e.show);
            *marked = (*marked).max(e.show);
        }
    }

    fn fold_one(&mut self, e: &Event) {
        let stamp = e.stamp();
        match &e.kind {
            EventKind::Tick { cue, task } => {
                self.set_task(cue, task, TaskMark::Done, stamp, e.show);
            }
            EventKind::Untick { cue, task } => {
                self.set_task(cue, task, TaskMark::Open, stamp, e.show);
            }
            EventKind::Skip { cue, task } => {
                self.set_task(cue, task, TaskMark::Skipped, stamp, e.show);
            }
            EventKind::Go { cue } => {
                let sorted = &mut self.stamps.go_sorted;
                if let Some(old) = self.stamps.go.get(cue) {
                    if *old < stamp {
                        return;
                    }
                    // An earlier GO of the same cue: it moves in the order.
                    let key = (old, cue.as_str());
                    if let Ok(at) = sorted.binary_search_by(|(s, c)| (s, c.as_str()).cmp(&key)) {
                        sorted.remove(at);
                        self.go_order.remove(at);
                    }
                }
                // The order by (stamp, cue), kept sorted as GOs arrive:
                // rebuilding and sorting it on every GO made a long show's
                // fold quadratic (2 s for 100,000 events on a 4,800-cue plan).
                let at = sorted.partition_point(|(s, c)| (s, c.as_str()) < (&stamp, cue.as_str()));
                sorted.insert(at, (stamp.clone(), cue.clone()));
                self.go_order.insert(at, cue.clone());
                self.stamps.go.insert(cue.clone(), stamp);
                self.go.insert(cue.clone(), e.show);
            }
            EventKind::Delay { seconds } => insert_sorted(
                &mut self.stamps.delays,
                &mut self.delays,
                stamp,
                (e.show, *seconds),
            ),
            EventKind::Release { welfare, cue } => insert_sorted(
                &mut self.stamps.releases,
                &mut self.releases,
                stamp,
                Release {
                    welfare: welfare.clone(),
                    cue: cue.clone(),
                    at: e.show,
                },
            ),
            EventKind::End => {
                insert_sorted(&mut self.stamps.ends, &mut self.ends, stamp, e.show);
            }
            EventKind::Undo { .. } => {}
            EventKind::Clock { speed, running } => {
                if self.stamps.clock.as_ref().is_some_and(|s| *s > stamp) {
                    return;
                }
                self.stamps.clock = Some(stamp);
                self.clock = Some(ClockMark {
                    wall: e.wall,
                    show: e.show,
                    speed: speed.0,
                    running: *running,
                });
            }
            EventKind::SoldOut { sku } | EventKind::Restock { sku } => {
                let sold = matches!(e.kind, EventKind::SoldOut { .. }).then_some(e.show);
                if let Some(at) = sold {
                    let mark = (sku.clone(), at);
                    let i = self.sold_marks.partition_point(|m| *m < mark);
                    self.sold_marks.insert(i, mark);
                }
                if self.stamps.skus.get(sku).is_some_and(|(s, _)| *s > stamp) {
                    return;
                }
                self.stamps.skus.insert(sku.clone(), (stamp, sold));
                match sold {
                    Some(at) => self.sold_out.insert(sku.clone(), at),
                    None => self.sold_out.remove(sku),
                };
            }
            EventKind::Note { text } => insert_sorted(
                &mut self.stamps.notes,
                &mut self.notes,
                stamp,
                (e.show, text.clone()),
            ),
            EventKind::Metrics { reading } => {
                let key = (e.show, stamp);
                let at = self.stamps.readings.partition_point(|k| *k < key);
                self.stamps.readings.insert(at, key);
                self.readings.insert(at, (e.show, reading.clone()));
            }
            EventKind::Message { text } => insert_sorted(
                &mut self.stamps.messages,
                &mut self.messages,
                stamp,
                (e.show, text.clone()),
            ),
        }
    }

    /// A task's tick, untick or skip: the latest by stamp wins.
    fn set_task(&mut self, cue: &str, task: &str, mark: TaskMark, stamp: Stamp, at: DateTime<Utc>) {
        let key = TaskKey {
            cue: cue.to_string(),
            task: task.to_string(),
        };
        match self.stamps.tasks.get_mut(&key) {
            Some(s) if *s > stamp => return,
            Some(s) => *s = stamp,
            None => {
                self.stamps.tasks.insert(key.clone(), stamp);
            }
        }
        self.tasks.insert(key, TaskState { mark, at });
    }
}
