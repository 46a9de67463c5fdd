//! Team mode glue between the terminal shell and `stagecall-team`: the
//! outbox that survives a restart, and the link's updates turned into the
//! loop's inputs.
//!
//! The outbox is not a second copy of events: local events already live in
//! the local log. `<log>.acked` lists the ids the server has stored, so the
//! outbox is "events of this origin in the log, minus acked ids". Losing the
//! acked file only means publishing again, which the server and every
//! receiver deduplicate by id.

use std::collections::HashSet;
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;

use stagecall_core::state::{Event, FileLog};
use stagecall_team::{Config, Team, Update};

use crate::tui::shell::Input;

pub struct TeamIo {
    pub team: Team,
    acked: Option<File>,
    pub origin: String,
}

impl TeamIo {
    /// Records that the server stored `id` (best effort: see the module doc).
    pub fn acked(&mut self, id: &str) {
        if let Some(f) = self.acked.as_mut() {
            let _ = writeln!(f, "{id}");
        }
    }
}

fn acked_path(log: &Path) -> PathBuf {
    let mut p = log.as_os_str().to_owned();
    p.push(".acked");
    PathBuf::from(p)
}

/// Local events in the log that the server has not acknowledged.
pub fn pending(log: &Path, origin: &str) -> Vec<Event> {
    let acked: HashSet<String> = std::fs::read_to_string(acked_path(log))
        .unwrap_or_default()
        .lines()
        .map(str::to_owned)
        .collect();
    let Ok(mut l) = FileLog::open_read_only(log) else {
        return Vec::new();
    };
    let Ok(batch) = l.read_all() else {
        return Vec::new();
    };
    batch
        .events
        .into_iter()
        .filter(|e| e.origin == origin && !e.id.is_empty() && !acked.contains(&e.id))
        .collect()
}

/// Starts the link; its updates arrive on `tx` as [`Input::Team`].
pub fn start(cfg: Config, log: &Path, tx: Sender<Input>) -> std::io::Result<TeamIo> {
    let origin = cfg.origin.clone();
    let queued = pending(log, &origin);
    let acked = OpenOptions::new()
        .create(true)
        .append(true)
        .open(acked_path(log))
        .ok();
    let team = Team::start(cfg, queued, move |u: Update| {
        let _ = tx.send(Input::Team(u));
    })?;
    Ok(TeamIo {
        team,
        acked,
        origin,
    })
}
