//! Live state: the fold of the event log. Applying the same events in the
//! same order always gives the same state; nothing here does I/O.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Duration, Utc};

use super::event::{Event, EventKind};
use crate::timeline::TaskKey;

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

/// Everything the crew has done so far.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LiveState {
    pub tasks: HashMap<TaskKey, TaskState>,
    /// GO times by cue id: the first GO of a cue wins.
    pub go: HashMap<String, DateTime<Utc>>,
    /// Cue ids in the order they were sent on air.
    pub go_order: Vec<String>,
    /// Delay events, in order: (show time, seconds).
    pub delays: Vec<(DateTime<Utc>, i64)>,
    /// Welfare releases: (welfare id, show time).
    pub releases: Vec<(String, DateTime<Utc>)>,
    /// SKUs currently marked sold out, with when.
    pub sold_out: BTreeMap<String, DateTime<Utc>>,
    pub notes: Vec<(DateTime<Utc>, String)>,
    /// Events applied.
    pub events: usize,
}

impl LiveState {
    pub fn from_events<'a>(events: impl IntoIterator<Item = &'a Event>) -> Self {
        let mut s = LiveState::default();
        for e in events {
            s.apply(e);
        }
        s
    }

    pub fn apply(&mut self, e: &Event) {
        self.events += 1;
        let key = |cue: &str, task: &str| TaskKey {
            cue: cue.to_string(),
            task: task.to_string(),
        };
        match &e.kind {
            EventKind::Tick { cue, task } => {
                self.tasks.insert(
                    key(cue, task),
                    TaskState {
                        mark: TaskMark::Done,
                        at: e.show,
                    },
                );
            }
            EventKind::Untick { cue, task } => {
                self.tasks.insert(
                    key(cue, task),
                    TaskState {
                        mark: TaskMark::Open,
                        at: e.show,
                    },
                );
            }
            EventKind::Skip { cue, task } => {
                self.tasks.insert(
                    key(cue, task),
                    TaskState {
                        mark: TaskMark::Skipped,
                        at: e.show,
                    },
                );
            }
            EventKind::Go { cue } => {
                if !self.go.contains_key(cue) {
                    self.go.insert(cue.clone(), e.show);
                    self.go_order.push(cue.clone());
                }
            }
            EventKind::Delay { seconds } => self.delays.push((e.show, *seconds)),
            EventKind::Release { welfare } => self.releases.push((welfare.clone(), e.show)),
            EventKind::SoldOut { sku } => {
                self.sold_out.insert(sku.clone(), e.show);
            }
            EventKind::Restock { sku } => {
                self.sold_out.remove(sku);
            }
            EventKind::Note { text } => self.notes.push((e.show, text.clone())),
        }
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
        for (w, t) in &self.releases {
            if w == welfare {
                n += 1;
                last = Some(*t);
            }
        }
        (n, last)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(min: i64, kind: EventKind) -> Event {
        let t = DateTime::<Utc>::from_timestamp(1_800_000_000 + min * 60, 0).unwrap();
        Event::new(t, t, kind)
    }

    #[test]
    fn tick_untick_skip_last_wins() {
        let k = |e| ev(0, e);
        let s = LiveState::from_events(&[
            k(EventKind::Tick {
                cue: "a".into(),
                task: "t".into(),
            }),
            k(EventKind::Untick {
                cue: "a".into(),
                task: "t".into(),
            }),
            k(EventKind::Skip {
                cue: "a".into(),
                task: "u".into(),
            }),
        ]);
        let key = |t: &str| TaskKey {
            cue: "a".into(),
            task: t.into(),
        };
        assert_eq!(s.mark(&key("t")), TaskMark::Open);
        assert_eq!(s.mark(&key("u")), TaskMark::Skipped);
        assert_eq!(s.mark(&key("v")), TaskMark::Open);
    }

    #[test]
    fn first_go_wins_and_delays_add_up() {
        let s = LiveState::from_events(&[
            ev(0, EventKind::Go { cue: "a".into() }),
            ev(5, EventKind::Go { cue: "a".into() }),
            ev(6, EventKind::Delay { seconds: 60 }),
            ev(7, EventKind::Delay { seconds: 60 }),
            ev(8, EventKind::Delay { seconds: -60 }),
        ]);
        assert_eq!(s.go_order, vec!["a".to_string()]);
        assert_eq!(
            s.go["a"],
            ev(
                0,
                EventKind::Note {
                    text: String::new()
                }
            )
            .show
        );
        assert_eq!(s.delay_since(None), Duration::seconds(60));
        assert_eq!(
            s.delay_since(Some(ev(7, EventKind::Delay { seconds: 0 }).show)),
            Duration::zero()
        );
    }

    #[test]
    fn sold_out_and_restock() {
        let s = LiveState::from_events(&[
            ev(0, EventKind::SoldOut { sku: "A".into() }),
            ev(1, EventKind::SoldOut { sku: "B".into() }),
            ev(2, EventKind::Restock { sku: "A".into() }),
        ]);
        assert!(!s.is_sold_out("A"));
        assert!(s.is_sold_out("B"));
    }
}
