//! Live state of a running show: [`event`]s appended to a [`log`] and
//! folded into [`fold::LiveState`]. The plan file is never written; ticks,
//! GO times, skips and notes live only here.

pub mod event;
pub mod fold;
pub mod log;
pub mod reading;

pub use event::{Event, EventKind};
pub use fold::{ClockMark, LiveState, Release, TaskMark, TaskState};
pub use log::{EventLog, FileLog, MemoryLog};
