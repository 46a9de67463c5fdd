//! The replay machine behind [`project`](super::project): a small state
//! machine that replays the recorded GOs, ends and holds in order, and past
//! the instant asked about runs on by itself to project the rest.

use chrono::Duration;

use super::{Hold, StartedBy, not_yet};
use crate::plan::Advance;
use crate::schedule::{Schedule, ShowTime};

#[derive(Debug, Clone, Copy)]
pub(super) enum OpKind {
    Go(usize),
    End,
    Hold(i64),
}

#[derive(Debug, Clone, Copy)]
enum Trans {
    Start(usize, StartedBy),
    EndShow,
}

/// The replay machine: which cue is on air, and what has started.
#[derive(Debug, Clone)]
pub(super) struct Sim<'a> {
    sched: &'a Schedule,
    hard: &'a [bool],
    /// For each index, the first hard cue at or after it (`n`: none), so
    /// finding the next hard hit is not a scan per step.
    hard_from: &'a [usize],
    len: &'a [Duration],
    pub(super) advance: Advance,
    pub(super) started: Vec<Option<(ShowTime, StartedBy)>>,
    pub(super) ended: Vec<Option<ShowTime>>,
    pub(super) held: Vec<Duration>,
    pub(super) cur: Option<usize>,
    /// Cues below this index are settled (done or not aired).
    pub(super) settled: usize,
    pub(super) over_at: Option<ShowTime>,
    pub(super) holds: Vec<Hold>,
}

impl<'a> Sim<'a> {
    /// A machine before the show: nothing started, nothing held.
    pub(super) fn new(
        sched: &'a Schedule,
        hard: &'a [bool],
        hard_from: &'a [usize],
        len: &'a [Duration],
        advance: Advance,
    ) -> Self {
        let n = hard.len();
        Sim {
            sched,
            hard,
            hard_from,
            len,
            advance,
            started: vec![None; n],
            ended: vec![None; n],
            held: vec![Duration::zero(); n],
            cur: None,
            settled: 0,
            over_at: None,
            holds: Vec::new(),
        }
    }

    fn n(&self) -> usize {
        self.hard.len()
    }

    pub(super) fn due_end(&self, i: usize) -> Option<ShowTime> {
        let (s, _) = self.started[i]?;
        Some(s + self.len[i] + self.held[i])
    }

    /// The first hard cue after `cur` (from the first cue before the show)
    /// and its instant; the session end when none is left.
    pub(super) fn next_hard(&self) -> (Option<usize>, ShowTime) {
        let from = self.cur.map_or(self.settled, |c| c + 1);
        match self.hard_from.get(from).copied().filter(|&j| j < self.n()) {
            Some(j) => (Some(j), self.sched.cues[j].start),
            None => (None, self.sched.end),
        }
    }

    /// The next thing that happens without an operator. `floor`: when
    /// projecting, nothing starts before it, and floating cues advance in
    /// go mode too (as if GO were pressed on time).
    fn next_transition(&self, project: Option<ShowTime>) -> Option<(ShowTime, Trans)> {
        if self.over_at.is_some() || self.n() == 0 {
            return None;
        }
        let Some(c) = self.cur else {
            // Before the show: the first cue is hard at its instant.
            let j = self.settled.min(self.n() - 1);
            return Some((self.sched.cues[j].start, Trans::Start(j, StartedBy::Hard)));
        };
        let last = c + 1 == self.n();
        let (h, th) = self.next_hard();
        let due = self.due_end(c).unwrap_or(th);
        let mut best = match h {
            Some(j) => (th, Trans::Start(j, StartedBy::Hard)),
            None if last => (th.max(due), Trans::EndShow),
            None => (th, Trans::EndShow),
        };
        let floats_next = c + 1 < self.n() && !self.hard[c + 1];
        let auto = self.advance == Advance::Clock || project.is_some();
        if floats_next && auto {
            let t = project.map_or(due, |floor| due.max(floor));
            if t < best.0 {
                best = (t, Trans::Start(c + 1, StartedBy::Auto));
            }
        }
        Some(best)
    }

    fn start(&mut self, j: usize, t: ShowTime, by: StartedBy) {
        if let Some(c) = self.cur {
            self.ended[c] = Some(t);
        }
        self.settled = j;
        self.started[j] = Some((t, by));
        self.cur = Some(j);
    }

    fn end_show(&mut self, t: ShowTime) {
        if let Some(c) = self.cur {
            self.ended[c] = Some(t);
            self.settled = c + 1;
        }
        self.cur = None;
        self.over_at = Some(t);
    }

    fn apply(&mut self, t: ShowTime, tr: Trans) {
        match tr {
            Trans::Start(j, by) => self.start(j, t, by),
            Trans::EndShow => self.end_show(t),
        }
    }

    fn op(&mut self, t: ShowTime, op: OpKind) {
        if self.over_at.is_some() {
            return;
        }
        match op {
            OpKind::Go(j) => {
                let after = self.cur.map_or(j >= self.settled, |c| j > c);
                if after && self.started[j].is_none() {
                    self.start(j, t, StartedBy::Go);
                }
            }
            OpKind::End => {
                if self.cur.is_some_and(|c| c + 1 == self.n()) {
                    self.end_show(t);
                }
            }
            OpKind::Hold(secs) => self.hold(t, secs),
        }
    }

    fn hold(&mut self, t: ShowTime, secs: i64) {
        let asked = Duration::seconds(secs);
        let Some(mut c) = self.cur else {
            self.holds.push(Hold {
                at: t,
                cue: None,
                asked,
                moved: Duration::zero(),
            });
            return;
        };
        // "Not yet": a hold just after an auto start puts the cue before
        // back on air.
        if not_yet(c, self.started[c], secs > 0, t) {
            self.started[c] = None;
            c -= 1;
            self.ended[c] = None;
            self.cur = Some(c);
            self.settled = c;
        }
        let Some(due) = self.due_end(c) else { return };
        let new = if secs < 0 {
            // A pull never moves the due end before now (nor later).
            (due + asked).max(due.min(t))
        } else if self.advance == Advance::Go && due < t {
            // In go mode a cue past its due end gets its minute from now.
            t + asked
        } else {
            due + asked
        };
        self.held[c] += new - due;
        self.holds.push(Hold {
            at: t,
            cue: Some(c),
            asked,
            moved: new - due,
        });
    }

    /// Runs transitions (and, when given, operator ops) up to `until`.
    pub(super) fn run(
        &mut self,
        ops: &[(ShowTime, OpKind)],
        until: ShowTime,
        project: Option<ShowTime>,
    ) {
        let mut oi = 0;
        // Each step settles a cue or consumes an op, so this ends; the
        // bound guards against a plan the rules did not foresee.
        let mut budget = 4 * (self.n() + ops.len()) + 16;
        while budget > 0 {
            budget -= 1;
            let tr = self.next_transition(project);
            let op = ops.get(oi);
            match (tr, op) {
                (Some((tt, tr)), Some(&(ot, _))) if tt <= ot => {
                    if tt > until {
                        break;
                    }
                    self.apply(tt, tr);
                }
                (_, Some(&(ot, o))) => {
                    if ot > until {
                        break;
                    }
                    self.op(ot, o);
                    oi += 1;
                }
                (Some((tt, tr)), None) => {
                    if tt > until {
                        break;
                    }
                    self.apply(tt, tr);
                }
                (None, None) => break,
            }
        }
    }
}
