//! The append-only event log, behind the small [`EventLog`] interface (the
//! file, or memory in tests). Team mode does not replace it: each machine
//! keeps its own file log as the source of truth, and the binary's team glue
//! (`src/team.rs`, with the `stagecall-team` crate) publishes and receives
//! events beside it.
//!
//! [`FileLog`] is JSON Lines on disk. Every append is written whole and
//! `sync_data`ed before it returns, so what the screen shows has reached the
//! disk. The file is never rewritten or truncated. A torn line (power cut
//! mid-write) or any other unreadable line is skipped with a warning and the
//! next append starts on a fresh line. The first writer holds an OS lock
//! (fs4); others open the same log read-only and follow it.
//!
//! The log is opened without following symbolic links and only when it is
//! a regular file (a FIFO or a device would hang or flood the runner); its
//! directory is created owner-only. A log that shrank (truncated by
//! something else) is read again from the start; a log deleted under a
//! running writer (`git clean -fdx`) is noticed (`is_unlinked`) so the
//! runner can write the whole state into a new one (`recreate`). An event
//! without an id gets one from its line's hash, so reading it twice never
//! counts it twice.

//!
//! `file` is the on-disk log, `open` how stagecall opens the files it reads,
//! `parse` how lines become events.

mod file;
mod open;
mod parse;
#[cfg(test)]
mod tests;

pub use file::FileLog;
pub use open::{open_regular, open_regular_follow};
pub use parse::fnv1a;

use std::io;
use std::path::{Path, PathBuf};

use super::event::Event;

/// A line of the log that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogWarning {
    pub line: usize,
    pub message: String,
}

/// What reading new log lines found.
#[derive(Debug, Default)]
pub struct Batch {
    pub events: Vec<Event>,
    pub warnings: Vec<LogWarning>,
}

/// Where live state is kept.
pub trait EventLog {
    /// Durably records one event; returns only once it is safe.
    fn append(&mut self, event: &Event) -> io::Result<()>;
    /// Events recorded since the last call (by anyone), in order.
    fn read_new(&mut self) -> io::Result<Batch>;
    /// Whether this handle may append.
    fn writable(&self) -> bool;
}

/// Reads a whole log offline (a report, a snapshot) and folds it.
pub fn replay(path: &Path) -> io::Result<(super::LiveState, Vec<LogWarning>)> {
    let batch = FileLog::open_read_only(path)?.read_all()?;
    Ok((super::LiveState::from_owned(batch.events), batch.warnings))
}

/// An in-memory log, for tests and rehearsals that must leave no trace.
#[derive(Debug, Default)]
pub struct MemoryLog {
    events: Vec<Event>,
    read: usize,
}

impl EventLog for MemoryLog {
    fn append(&mut self, event: &Event) -> io::Result<()> {
        self.events.push(event.clone());
        Ok(())
    }

    fn read_new(&mut self) -> io::Result<Batch> {
        let events = self.events[self.read..].to_vec();
        self.read = self.events.len();
        Ok(Batch {
            events,
            warnings: Vec::new(),
        })
    }

    fn writable(&self) -> bool {
        true
    }
}

/// The default log path for a plan: `<plan dir>/.stagecall/<stem>.log`, or
/// `<stem>.rehearsal.log` for a rehearsal.
pub fn default_path(plan: &Path, rehearsal: bool) -> PathBuf {
    let dir = plan.parent().unwrap_or(Path::new("")).join(".stagecall");
    let stem = plan
        .file_stem()
        .map_or_else(|| "plan".into(), |s| s.to_string_lossy().into_owned());
    dir.join(if rehearsal {
        format!("{stem}.rehearsal.log")
    } else {
        format!("{stem}.log")
    })
}
