//! Events: the only thing ever written about a live show. One JSON object
//! per line; the state is their fold.
//!
//! Every event carries a unique id, its origin machine and a hybrid logical
//! clock ([`Hlc`]) stamp, so events from several machines can be merged and
//! folded in any order to the same state. Logs written before these fields
//! existed still read: the stamp then falls back to the wall clock.

mod hlc;
mod json;

pub use hlc::{Hlc, HlcClock, MAX_SKEW_MS};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One thing the crew did, stamped with both clocks: `wall` is the machine's
/// real time, `show` the show clock (the same live; simulated in a rehearsal).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Event {
    /// Unique across machines and processes:
    /// `<origin>~<process nonce>:<hlc.ms>:<hlc.c>`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub id: String,
    /// The machine that recorded it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub origin: String,
    /// The crew role of the runner that recorded it (`--role`), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hlc: Option<Hlc>,
    pub wall: DateTime<Utc>,
    pub show: DateTime<Utc>,
    #[serde(flatten)]
    pub kind: EventKind,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum EventKind {
    /// A task done. Tasks are keyed by row (cue id or slot row) and text.
    Tick {
        cue: String,
        task: String,
    },
    Untick {
        cue: String,
        task: String,
    },
    /// A task deliberately not done.
    Skip {
        cue: String,
        task: String,
    },
    /// The cue started now (the operator pressed GO).
    Go {
        cue: String,
    },
    /// GO while the last cue was on air: the show ended now.
    End,
    /// A hold (+60) or pull (-60): the cue it is attributed to at this
    /// instant runs that much longer or shorter (see `LIVE_CLOCK.md`).
    Delay {
        seconds: i64,
    },
    /// A welfare action was released to viewers, during `cue` (absent in
    /// old logs: then the cue on air at the release's instant).
    Release {
        welfare: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        cue: Option<String>,
    },
    SoldOut {
        sku: String,
    },
    Restock {
        sku: String,
    },
    Note {
        text: String,
    },
    /// A message from the control room to the host's screen; it stands
    /// until the next one (an empty text clears it).
    Message {
        text: String,
    },
    /// A reading of the live numbers (a feed line, a `$` entry, an API
    /// call), at this event's show time.
    Metrics {
        #[serde(flatten)]
        reading: super::reading::Reading,
    },
    /// Takes back an earlier record (by its id); the log stays append-only.
    Undo {
        target: String,
    },
    /// A rehearsal's simulated clock: at this event's `wall` time the show
    /// clock read `show` and ran `speed` times as fast (`running: false`:
    /// stopped there, when the runner quit).
    Clock {
        speed: Speed,
        running: bool,
    },
}

/// The id prefix of records that come in by themselves (a metrics feed
/// line, a reading posted to the API): undo never picks them as "the last
/// thing I did", and a feed line read again has the same id.
pub const AUTOMATIC: &str = "feed~";

/// A rehearsal clock's speed: a float that compares by its bits, so
/// events stay `Eq`.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Speed(pub f64);

impl PartialEq for Speed {
    fn eq(&self, other: &Self) -> bool {
        self.0.to_bits() == other.0.to_bits()
    }
}

impl Eq for Speed {}

impl EventKind {
    /// Whether the operator can take this record back with undo (the
    /// rehearsal clock is the runner's own bookkeeping, and undo is
    /// never undone).
    pub fn undoable(&self) -> bool {
        !matches!(self, EventKind::Undo { .. } | EventKind::Clock { .. })
    }
}

/// The largest hold or pull one record may carry, either way.
pub const MAX_DELAY_SECONDS: i64 = 86_400;
/// A rehearsal clock's speed range (as `--speed`).
pub const MIN_SPEED: f64 = 0.01;
pub const MAX_SPEED: f64 = 10_000.0;

/// The total order events are folded by: HLC, then origin, then id.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Stamp {
    pub hlc: Hlc,
    pub origin: String,
    pub id: String,
}

impl Event {
    /// An event without identity (tests, benchmarks, old logs).
    pub fn new(wall: DateTime<Utc>, show: DateTime<Utc>, kind: EventKind) -> Self {
        Event {
            id: String::new(),
            origin: String::new(),
            role: None,
            hlc: None,
            wall,
            show,
            kind,
        }
    }

    /// A new local event, stamped and identified by `clock`.
    pub fn local(
        clock: &mut HlcClock,
        role: Option<String>,
        wall: DateTime<Utc>,
        show: DateTime<Utc>,
        kind: EventKind,
    ) -> Self {
        let hlc = clock.next(wall);
        let origin = clock.node().to_string();
        Event {
            id: format!("{origin}~{}:{}:{}", clock.nonce, hlc.ms, hlc.c),
            origin,
            role,
            hlc: Some(hlc),
            wall,
            show,
            kind,
        }
    }

    pub fn stamp(&self) -> Stamp {
        Stamp {
            hlc: self.hlc.unwrap_or(Hlc {
                ms: self.wall.timestamp_millis(),
                c: 0,
            }),
            origin: self.origin.clone(),
            id: self.id.clone(),
        }
    }

    /// The JSON line for the log, without its line end.
    pub fn to_line(&self) -> String {
        // Serialising plain strings and numbers cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }
}
