//! Events: the only thing ever written about a live show. One JSON object
//! per line; the state is their fold.
//!
//! Every event carries a unique id, its origin machine and a hybrid logical
//! clock ([`Hlc`]) stamp, so events from several machines can be merged and
//! folded in any order to the same state. Logs written before these fields
//! existed still read: the stamp then falls back to the wall clock.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One thing the crew did, stamped with both clocks: `wall` is the machine's
/// real time, `show` the show clock (the same live; simulated in a rehearsal).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// Unique across machines: `<origin>:<hlc.ms>:<hlc.c>`.
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
    /// The rest of the show moves by this many seconds (negative: earlier).
    Delay {
        seconds: i64,
    },
    /// A welfare action was released to viewers.
    Release {
        welfare: String,
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
}

/// A hybrid logical clock stamp: physical milliseconds, and a counter that
/// breaks ties and keeps causality when clocks disagree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Hlc {
    pub ms: i64,
    pub c: u32,
}

/// Issues HLC stamps for one machine.
#[derive(Debug, Clone)]
pub struct HlcClock {
    node: String,
    last: Hlc,
}

impl HlcClock {
    pub fn new(node: impl Into<String>) -> Self {
        HlcClock {
            node: node.into(),
            last: Hlc { ms: 0, c: 0 },
        }
    }

    pub fn node(&self) -> &str {
        &self.node
    }

    /// Takes in a stamp seen elsewhere (the log, another machine), so every
    /// later local stamp orders after it.
    pub fn observe(&mut self, h: Hlc) {
        self.last = self.last.max(h);
    }

    /// The next stamp at wall time `wall`.
    pub fn next(&mut self, wall: DateTime<Utc>) -> Hlc {
        let ms = wall.timestamp_millis();
        self.last = if ms > self.last.ms {
            Hlc { ms, c: 0 }
        } else {
            Hlc {
                ms: self.last.ms,
                c: self.last.c.saturating_add(1),
            }
        };
        self.last
    }
}

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
            id: format!("{origin}:{}:{}", hlc.ms, hlc.c),
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
