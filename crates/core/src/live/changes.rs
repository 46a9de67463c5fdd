//! What happened on the show between two looks at it, as a pure function:
//! the runner keeps a [`Memo`] of the last look and [`changes`] compares
//! it with the next one. The group-chat bots announce these; anything else
//! that wants "what just happened" (a browser view's toasts) can too.
//!
//! Two looks far apart (a fast rehearsal, a machine that slept) still give
//! every cue that started and every instant that passed between them,
//! since each is found by comparing, not by being on time.

use std::collections::BTreeSet;

use chrono::{DateTime, Duration, Utc};

use super::{CueState, Live, Phase};
use crate::plan::Plan;
use crate::schedule::ShowTime;
use crate::state::LiveState;

/// How far ahead a hard cue is announced.
pub const HARD_SOON: Duration = Duration::minutes(2);
/// Over or under by this much is announced (once each way, until it
/// comes back under).
pub const OVER_THRESHOLD: Duration = Duration::minutes(5);

/// One thing worth telling the crew's group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShowChange {
    /// The first cue went on air.
    ShowStart { at: ShowTime },
    /// The show ended.
    ShowEnd { at: ShowTime },
    /// A cue went on air (index into `plan.cues`).
    CueOnAir { cue: usize, at: ShowTime },
    /// A hard cue starts at `at`, [`HARD_SOON`] from now.
    HardSoon { cue: usize, at: ShowTime },
    /// A welfare item was released (index into `plan.welfare`); its
    /// countdown, if it has one, ends at `countdown_end`.
    Release {
        welfare: usize,
        at: ShowTime,
        countdown_end: Option<ShowTime>,
    },
    /// A released welfare item's countdown ended (开奖 / 开抢 / 结束).
    CountdownEnd { welfare: usize, at: ShowTime },
    /// A SKU was marked sold out.
    SoldOut { sku: String, at: ShowTime },
    /// Remaining stock at or under the item's `low_stock` (not derived
    /// here yet: the stock figures come with the low-stock work).
    LowStock {
        sku: String,
        remaining: u64,
        at: ShowTime,
    },
    /// Over (positive) or under (negative) by at least the threshold,
    /// against the next hard hit (`None`: the session end).
    Over {
        over: Duration,
        hard: Option<usize>,
        hard_at: ShowTime,
    },
    /// A note for the review.
    Note { text: String, at: ShowTime },
    /// A control-room message (not derived here yet: it comes with the
    /// control room's `Message` event).
    Message { text: String, at: ShowTime },
}

impl ShowChange {
    /// The event name a bot's `on = [...]` uses.
    pub fn event(&self) -> &'static str {
        match self {
            ShowChange::ShowStart { .. } | ShowChange::ShowEnd { .. } => "show",
            ShowChange::CueOnAir { .. } => "cue",
            ShowChange::HardSoon { .. } => "hard_soon",
            ShowChange::Release { .. } | ShowChange::CountdownEnd { .. } => "release",
            ShowChange::SoldOut { .. } => "sold_out",
            ShowChange::LowStock { .. } => "low_stock",
            ShowChange::Over { .. } => "over",
            ShowChange::Note { .. } => "note",
            ShowChange::Message { .. } => "message",
        }
    }
}

/// Every event name, in the order the docs list them.
pub const EVENTS: &[&str] = &[
    "cue",
    "hard_soon",
    "release",
    "sold_out",
    "low_stock",
    "over",
    "message",
    "note",
    "show",
];

/// What one look at the show remembers: small, so keeping it between two
/// looks costs little (never the whole state).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Memo {
    pub now: ShowTime,
    pub phase: Phase,
    /// Per cue: whether it has started.
    pub started: Vec<bool>,
    pub over: Duration,
    /// Releases as (welfare id, show time).
    pub releases: Vec<(String, DateTime<Utc>)>,
    pub sold_out: BTreeSet<String>,
    pub notes: Vec<(DateTime<Utc>, String)>,
    /// Control-room messages to the host (empty ones clear, and are not
    /// sent).
    pub messages: Vec<(DateTime<Utc>, String)>,
}

impl Memo {
    pub fn of(live: &Live, state: &LiveState) -> Memo {
        Memo {
            now: live.now,
            phase: live.phase,
            started: live.cues.iter().map(|c| c.started_by.is_some()).collect(),
            over: if live.phase == Phase::OnAir {
                live.over
            } else {
                Duration::zero()
            },
            releases: state
                .releases
                .iter()
                .map(|r| (r.welfare.clone(), r.at))
                .collect(),
            sold_out: state.sold_out.keys().cloned().collect(),
            notes: state.notes.clone(),
            messages: state.messages.clone(),
        }
    }
}

/// What happened between `prev` and `next` (both looks at the same plan,
/// `next` the later), in the order a reader would expect.
pub fn changes(
    plan: &Plan,
    live: &Live,
    prev: &Memo,
    next: &Memo,
    over_threshold: Duration,
) -> Vec<ShowChange> {
    let tz = plan.session.timezone;
    let local = |t: DateTime<Utc>| t.with_timezone(&tz);
    let mut out = Vec::new();
    if prev.phase == Phase::Pre && next.phase != Phase::Pre {
        let at = live.cues.iter().find_map(|c| c.start).unwrap_or(next.now);
        out.push(ShowChange::ShowStart { at });
    }
    // Cues that started since (all of them, in order).
    for (i, c) in live.cues.iter().enumerate() {
        let was = prev.started.get(i).copied().unwrap_or(false);
        let is = next.started.get(i).copied().unwrap_or(false);
        if is
            && !was
            && let Some(at) = c.start
        {
            out.push(ShowChange::CueOnAir { cue: i, at });
        }
    }
    // Hard cues now within HARD_SOON that were not before.
    if next.phase != Phase::Post && next.now > prev.now {
        for (i, c) in live.cues.iter().enumerate() {
            if !c.hard || c.state != CueState::Upcoming {
                continue;
            }
            let Some(at) = c.start else { continue };
            let mark = at - HARD_SOON;
            if prev.now < mark && mark <= next.now && next.now < at {
                out.push(ShowChange::HardSoon { cue: i, at });
            }
        }
    }
    // Releases new since, and countdowns that ended since.
    for (id, t) in &next.releases {
        let Some(w) = plan.welfare.iter().position(|w| &w.id == id) else {
            continue;
        };
        let countdown_end = plan.welfare[w].countdown.map(|d| local(*t + d));
        if !prev.releases.iter().any(|(pid, pt)| pid == id && pt == t) {
            out.push(ShowChange::Release {
                welfare: w,
                at: local(*t),
                countdown_end,
            });
        }
        if let Some(end) = countdown_end
            && prev.now < end
            && end <= next.now
        {
            out.push(ShowChange::CountdownEnd {
                welfare: w,
                at: end,
            });
        }
    }
    for sku in next.sold_out.difference(&prev.sold_out) {
        out.push(ShowChange::SoldOut {
            sku: sku.clone(),
            at: next.now,
        });
    }
    for (t, text) in &next.notes {
        if !prev
            .notes
            .iter()
            .any(|(pt, ptext)| pt == t && ptext == text)
        {
            out.push(ShowChange::Note {
                text: text.clone(),
                at: local(*t),
            });
        }
    }
    for (t, text) in &next.messages {
        if !text.is_empty() && !prev.messages.iter().any(|(pt, pm)| pt == t && pm == text) {
            out.push(ShowChange::Message {
                text: text.clone(),
                at: local(*t),
            });
        }
    }
    // Over/under crossing the threshold, either way, while on air.
    if next.phase == Phase::OnAir && over_threshold > Duration::zero() {
        let crossed_over = next.over >= over_threshold && prev.over < over_threshold;
        let crossed_under = next.over <= -over_threshold && prev.over > -over_threshold;
        if crossed_over || crossed_under {
            out.push(ShowChange::Over {
                over: next.over,
                hard: live.next_hard,
                hard_at: live.next_hard_at,
            });
        }
    }
    if prev.phase != Phase::Post && next.phase == Phase::Post {
        out.push(ShowChange::ShowEnd {
            at: live.ended_at.unwrap_or(next.now),
        });
    }
    out
}
