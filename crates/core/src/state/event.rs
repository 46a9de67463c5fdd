//! Events: the only thing ever written about a live show. One JSON object
//! per line; the state is their fold.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One thing the crew did, stamped with both clocks: `wall` is the machine's
/// real time, `show` the show clock (the same live; simulated in a rehearsal).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
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

impl Event {
    pub fn new(wall: DateTime<Utc>, show: DateTime<Utc>, kind: EventKind) -> Self {
        Event { wall, show, kind }
    }

    /// The JSON line for the log, without its line end.
    pub fn to_line(&self) -> String {
        // Serialising plain strings and numbers cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }
}
