//! The runner's own operation log, `.stagecall/<stem>[.rehearsal].trace.log`
//! beside the show's log: start and stop, plan reloads, team link changes,
//! save failures and recoveries, feed problems, control calls by kind, and
//! frames that took long to draw — so after a six-hour show there is
//! something to read when a crew member says "it froze at 21:40". It never
//! records what was typed (notes, messages) or which keys were pressed.
//!
//! Best effort: a trace that cannot be opened or written never stops the
//! show.

use std::fs::OpenOptions;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// A frame slower than this to draw is traced.
pub const SLOW_FRAME: std::time::Duration = std::time::Duration::from_millis(100);

/// Where the trace of the show whose log is `log` goes.
pub fn path_for(log: &Path) -> PathBuf {
    let name = log
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "show.log".into());
    let stem = name.strip_suffix(".log").unwrap_or(&name);
    log.with_file_name(format!("{stem}.trace.log"))
}

/// Starts tracing to the file beside `log` (owner-only, appended). Once
/// per process; later calls change nothing.
pub fn init(log: &Path) {
    let path = path_for(log);
    let mut opts = OpenOptions::new();
    opts.create(true).append(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let Ok(file) = opts.open(&path) else {
        return;
    };
    let _ = tracing_subscriber::fmt()
        .with_writer(Mutex::new(file))
        .with_ansi(false)
        .with_target(false)
        .with_max_level(tracing::Level::INFO)
        .try_init();
    tracing::info!(
        version = env!("CARGO_PKG_VERSION"),
        log = %log.display(),
        "runner started"
    );
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_trace_sits_beside_the_log() {
        use std::path::Path;
        assert_eq!(
            super::path_for(Path::new("/s/.stagecall/show.rehearsal.log")),
            Path::new("/s/.stagecall/show.rehearsal.trace.log")
        );
        assert_eq!(
            super::path_for(Path::new(".stagecall/show.log")),
            Path::new(".stagecall/show.trace.log")
        );
    }
}
