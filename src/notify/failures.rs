//! The bots' delivery failures, kept for the review: one line each in
//! `<plan dir>/.stagecall/<plan stem>[.rehearsal].notify.log`, beside the
//! state log (never in it: the log is the show's record, shared by the
//! team, and a webhook's failure is this machine's).

use std::io::Write;
use std::path::{Path, PathBuf};

/// Where the failures of a plan's (rehearsal) runs are kept.
pub fn path(plan: &Path, rehearsal: bool) -> PathBuf {
    let log = stagecall_core::state::log::default_path(plan, rehearsal);
    log.with_extension("notify.log")
}

/// Appends one failure line; best effort (a failure to record a failure
/// is on the status bar already).
pub fn append(file: &Path, line: &str) -> std::io::Result<()> {
    if let Some(dir) = file.parent()
        && !dir.as_os_str().is_empty()
    {
        std::fs::create_dir_all(dir)?;
    }
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(file)?;
    writeln!(f, "{}", line.replace(['\n', '\r'], " "))
}

/// Every failure recorded for the plan, oldest first; none when the file
/// is missing or unreadable.
pub fn read(plan: &Path, rehearsal: bool) -> Vec<String> {
    let Ok(bytes) = std::fs::read(path(plan, rehearsal)) else {
        return Vec::new();
    };
    String::from_utf8_lossy(&bytes)
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_string)
        .collect()
}
