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

use stagecall_core::state::{Event, EventKind, FileLog};
use stagecall_team::{Config, Team, Update};

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

/// Local events in the log that the server has not acknowledged. A
/// rehearsal's clock records are not among them: that clock is this
/// machine's own and is never published (see the shell's `record_now`), so
/// counting them would show a restarted runner as "queued" for nothing.
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
        .filter(|e| !matches!(e.kind, EventKind::Clock { .. }))
        .collect()
}

/// Starts the link; its updates go to `on_update` (the shell turns them
/// into its loop's inputs).
pub fn start(
    cfg: Config,
    log: &Path,
    on_update: impl Fn(Update) + Send + Sync + 'static,
) -> std::io::Result<TeamIo> {
    let origin = cfg.origin.clone();
    let queued = pending(log, &origin);
    let acked = OpenOptions::new()
        .create(true)
        .append(true)
        .open(acked_path(log))
        .ok();
    let team = Team::start(cfg, queued, on_update)?;
    Ok(TeamIo {
        team,
        acked,
        origin,
    })
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};
    use stagecall_core::state::event::{HlcClock, Speed};
    use stagecall_core::state::{Event, EventKind};

    #[test]
    fn the_outbox_is_unacked_records_of_this_origin_without_the_clock() {
        let dir = tempfile::tempdir().expect("tempdir");
        let log = dir.path().join("show.rehearsal.log");
        let t = Utc
            .with_ymd_and_hms(2026, 11, 11, 12, 0, 0)
            .single()
            .expect("t");
        let mut mine = HlcClock::new("desk-a");
        let mut theirs = HlcClock::new("desk-b");
        let ev = |c: &mut HlcClock, kind| Event::local(c, None, t, t, kind);
        let clock = EventKind::Clock {
            speed: Speed(1.0),
            running: true,
        };
        let events = [
            ev(&mut mine, clock),
            ev(&mut mine, EventKind::Delay { seconds: 1 }),
            ev(&mut mine, EventKind::Delay { seconds: 2 }),
            ev(&mut theirs, EventKind::Delay { seconds: 3 }),
        ];
        let text: String = events.iter().map(|e| e.to_line() + "\n").collect();
        std::fs::write(&log, text).expect("log");
        std::fs::write(super::acked_path(&log), format!("{}\n", events[1].id)).expect("acked");
        let ids: Vec<String> = super::pending(&log, "desk-a")
            .into_iter()
            .map(|e| e.id)
            .collect();
        assert_eq!(ids, vec![events[2].id.clone()]);
    }
}
