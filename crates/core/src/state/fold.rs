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

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Duration, Utc};

use super::event::{Event, EventKind, Stamp};
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

/// A record that moves the show's timing (see [`LiveState::timing`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Timing<'a> {
    Go(&'a str),
    End,
    Hold(i64),
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

/// `FxHash`, the hash rustc uses for its own tables: several times faster
/// than the default `SipHash` on the short strings these private indexes are
/// keyed by (event ids, task keys), and the fold hashes every event two or
/// three times. Nothing here is exposed to untrusted network input.
#[derive(Default, Clone, Copy)]
struct Fx(u64);

impl Fx {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl std::hash::Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes([
                c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7],
            ]));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(last));
        }
    }

    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

type FxBuild = std::hash::BuildHasherDefault<Fx>;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Stamps {
    ids: HashSet<String, FxBuild>,
    tasks: HashMap<TaskKey, Stamp, FxBuild>,
    go: HashMap<String, Stamp, FxBuild>,
    /// `(stamp, cue)` of every GO that won, sorted: `go_order` is its
    /// second column, kept index-aligned so a GO costs a binary search.
    go_sorted: Vec<(Stamp, String)>,
    skus: HashMap<String, (Stamp, Option<DateTime<Utc>>), FxBuild>,
    delays: Vec<Stamp>,
    ends: Vec<Stamp>,
    releases: Vec<Stamp>,
    notes: Vec<Stamp>,
    messages: Vec<Stamp>,
    /// `(show time, stamp)` of each reading, index-aligned with `readings`.
    readings: Vec<(DateTime<Utc>, Stamp)>,
    clock: Option<Stamp>,
}

/// Inserts `item` into `items` at its stamp's place, keeping both sorted.
fn insert_sorted<T>(stamps: &mut Vec<Stamp>, items: &mut Vec<T>, stamp: Stamp, item: T) {
    let at = stamps.partition_point(|s| *s < stamp);
    stamps.insert(at, stamp);
    items.insert(at, item);
}

impl LiveState {
    pub fn from_events<'a>(events: impl IntoIterator<Item = &'a Event>) -> Self {
        let mut s = LiveState::default();
        for e in events {
            s.apply(e);
        }
        s
    }

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

    /// The latest record `origin` made that undo can still take back.
    pub fn last_undoable(&self, origin: &str) -> Option<&Event> {
        self.log
            .iter()
            .filter(|e| {
                e.origin == origin
                    && !e.id.is_empty()
                    && e.kind.undoable()
                    && !self.undone.contains(&e.id)
            })
            .max_by(|a, b| a.stamp().cmp(&b.stamp()))
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
                let marked = self.sku_marked.entry(sku.clone()).or_insert(e.show);
                *marked = (*marked).max(e.show);
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

    /// The message standing on the host's screen: the latest by stamp,
    /// unless that one cleared it.
    pub fn message(&self) -> Option<(DateTime<Utc>, &str)> {
        self.messages
            .last()
            .filter(|(_, t)| !t.is_empty())
            .map(|(at, t)| (*at, t.as_str()))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::event::HlcClock;
    use proptest::prelude::*;

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
    fn a_read_at_an_earlier_instant_keeps_a_hold_undone_later() {
        let mut clock = HlcClock::new("desk");
        let at = |m: i64| DateTime::<Utc>::from_timestamp(1_800_000_000 + m * 60, 0).unwrap();
        let hold = Event::local(
            &mut clock,
            None,
            at(1),
            at(1),
            EventKind::Delay { seconds: 60 },
        );
        let undo = Event::local(
            &mut clock,
            None,
            at(3),
            at(3),
            EventKind::Undo {
                target: hold.id.clone(),
            },
        );
        let s = LiveState::from_events(&[hold.clone(), undo]);
        assert!(s.delays.is_empty(), "undone now");
        assert_eq!(s.last_show, Some(at(3)), "the undo counts as a record");
        // At minute 2 the hold had not been undone yet.
        assert_eq!(s.clone().as_of(at(2)).delays.len(), 1);
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

    fn arb_kind() -> impl Strategy<Value = EventKind> {
        let cue = prop::sample::select(vec!["a", "b", "c"]).prop_map(String::from);
        let task = prop::sample::select(vec!["t1", "t2"]).prop_map(String::from);
        let sku = prop::sample::select(vec!["A", "B"]).prop_map(String::from);
        prop_oneof![
            (cue.clone(), task.clone()).prop_map(|(cue, task)| EventKind::Tick { cue, task }),
            (cue.clone(), task.clone()).prop_map(|(cue, task)| EventKind::Untick { cue, task }),
            (cue.clone(), task).prop_map(|(cue, task)| EventKind::Skip { cue, task }),
            cue.prop_map(|cue| EventKind::Go { cue }),
            (-120i64..120).prop_map(|seconds| EventKind::Delay { seconds }),
            sku.clone().prop_map(|sku| EventKind::SoldOut { sku }),
            sku.prop_map(|sku| EventKind::Restock { sku }),
            Just(EventKind::Release {
                welfare: "bag".into(),
                cue: None,
            }),
            Just(EventKind::Note { text: "n".into() }),
            Just(EventKind::Message { text: "m".into() }),
            Just(EventKind::Message {
                text: String::new()
            }),
        ]
    }

    /// Events from three machines whose clocks disagree by up to a few seconds.
    fn arb_events() -> impl Strategy<Value = Vec<Event>> {
        prop::collection::vec((0usize..3, 0i64..5_000, arb_kind()), 0..40).prop_map(|raw| {
            let mut clocks: Vec<HlcClock> =
                (0..3).map(|i| HlcClock::new(format!("m{i}"))).collect();
            raw.into_iter()
                .map(|(m, ms, kind)| {
                    let wall = DateTime::<Utc>::from_timestamp_millis(1_800_000_000_000 + ms)
                        .unwrap_or_default();
                    Event::local(&mut clocks[m], None, wall, wall, kind)
                })
                .collect()
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]
        #[test]
        fn any_order_and_any_duplicates_give_the_same_state(events in arb_events(), seed in any::<u64>()) {
            let forward = LiveState::from_events(&events);
            let mut shuffled = events.clone();
            // A deterministic shuffle from the seed, plus every event twice.
            let mut x = seed | 1;
            for i in (1..shuffled.len()).rev() {
                x ^= x << 13; x ^= x >> 7; x ^= x << 17;
                shuffled.swap(i, (x % (i as u64 + 1)) as usize);
            }
            shuffled.extend(events.iter().cloned());
            let other = LiveState::from_events(&shuffled);
            prop_assert_eq!(forward, other);
        }

        #[test]
        fn undos_in_any_order_give_the_same_state(events in arb_events(), seed in any::<u64>()) {
            // Take back every third record, from a fourth machine.
            let mut undoer = HlcClock::new("m9");
            let mut all = events.clone();
            for e in events.iter().step_by(3) {
                all.push(Event::local(&mut undoer, None, e.wall, e.show, EventKind::Undo { target: e.id.clone() }));
            }
            let forward = LiveState::from_events(&all);
            let mut shuffled = all.clone();
            let mut x = seed | 1;
            for i in (1..shuffled.len()).rev() {
                x ^= x << 13; x ^= x >> 7; x ^= x << 17;
                shuffled.swap(i, (x % (i as u64 + 1)) as usize);
            }
            let other = LiveState::from_events(&shuffled);
            prop_assert_eq!(forward, other);
        }

        #[test]
        fn go_order_is_the_go_stamps_sorted(events in arb_events()) {
            let s = LiveState::from_events(&events);
            let mut by_stamp: Vec<(Stamp, String)> =
                s.stamps.go.iter().map(|(c, st)| (st.clone(), c.clone())).collect();
            by_stamp.sort();
            let want: Vec<String> = by_stamp.into_iter().map(|(_, c)| c).collect();
            prop_assert_eq!(&s.go_order, &want);
        }
    }
}
