//! # stagecall-team
//!
//! Team mode: one show on many screens across machines. Each machine keeps
//! its own append-only log as the source of truth; this crate replicates
//! the events through NATS JetStream, a proven engine, rather than a
//! home-made sync server.
//!
//! - Every local event is published to the show's stream with its event id
//!   as `Nats-Msg-Id`, so the server drops duplicates too.
//! - Every runner replays the stream from its start on joining, then
//!   follows it live (an ordered consumer, which resumes after a
//!   reconnect). Receivers deduplicate by event id.
//! - Offline first: publishing is a queue drained while the link is up;
//!   the caller persists what was acknowledged, so the queue survives a
//!   restart.
//! - Credentials never go on the command line: a user and password (or a
//!   token) come from [`ENV_USER`] and [`ENV_PASSWORD`], or a creds or nkey
//!   file. A failure to log in is named, and no message carries a secret or
//!   a credentials path.
//!
//! The shell talks to it through a plain, synchronous facade ([`Team`]);
//! the async runtime lives on a thread of its own.
//!
//! Inside: `login` turns the configuration into connection options and
//! names what went wrong, `link` runs the connection and reports its state,
//! `replicate` publishes the local events and follows the stream.

mod link;
mod login;
mod replicate;

use std::path::PathBuf;
use std::sync::Arc;

use stagecall_core::state::Event;
use tokio::sync::mpsc;

/// The user to log in as (with [`ENV_PASSWORD`]).
pub const ENV_USER: &str = "STAGECALL_TEAM_USER";
/// The password for [`ENV_USER`]; without a user, a NATS token.
pub const ENV_PASSWORD: &str = "STAGECALL_TEAM_PASSWORD";

/// How to join a show. The user and password come from the environment
/// ([`ENV_USER`], [`ENV_PASSWORD`]), read when the link starts.
#[derive(Debug, Clone)]
pub struct Config {
    /// `nats://host:port` or `tls://host:port`. A `user:pass@` in it still
    /// works and wins over the environment, but any other process can read
    /// it in `ps`: prefer the environment or a creds file.
    pub url: String,
    /// The show's stream name (see [`stream_name`]).
    pub stream: String,
    /// This machine, as in event ids.
    pub origin: String,
    /// A NATS credentials file (JWT + nkey seed).
    pub creds: Option<PathBuf>,
    /// A file holding an nkey seed.
    pub nkey: Option<PathBuf>,
}

/// What the team link reports to the shell.
#[derive(Debug, Clone)]
pub enum Update {
    /// An event from the stream (any origin, ours included).
    Remote(Event),
    /// The server stored this local event.
    Acked(String),
    /// The state of the link.
    Link(Link),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub connected: bool,
    /// `Some(false)` when the server refuses our publishes (a viewer).
    pub can_publish: Option<bool>,
    /// Local events not yet acknowledged by the server.
    pub queued: usize,
    /// The last problem, as `summary: detail`: the summary alone (up to the
    /// first `": "`) is short enough for a status bar badge, the whole names
    /// the reason for a banner. It never holds a secret or a credentials path.
    pub error: Option<String>,
}

/// The stream for a show: `--show ID` when given, else the session date and
/// a hash of its title (stream names allow only `A-Z a-z 0-9 - _`).
/// Rehearsals get a stream of their own.
pub fn stream_name(show: Option<&str>, date: &str, title: &str, rehearsal: bool) -> String {
    let base = match show {
        Some(id) => id
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                    c
                } else {
                    '_'
                }
            })
            .collect(),
        None => {
            // FNV-1a: stable across versions and machines, unlike std's hasher.
            let mut h: u64 = 0xcbf2_9ce4_8422_2325;
            for b in title.as_bytes() {
                h ^= u64::from(*b);
                h = h.wrapping_mul(0x0100_0000_01b3);
            }
            format!("{}_{h:016x}", date.replace('-', ""))
        }
    };
    let kind = if rehearsal { "REHEARSAL" } else { "LIVE" };
    format!("STAGECALL_{base}_{kind}")
}

fn subject(stream: &str) -> String {
    format!("stagecall.{stream}.events")
}

/// A running team link. Dropping it stops the link.
pub struct Team {
    tx: mpsc::UnboundedSender<Event>,
    _thread: std::thread::JoinHandle<()>,
}

impl Team {
    /// Starts the link. `pending` are local events not yet acknowledged (from
    /// a previous run); `sink` receives every update, from another thread.
    pub fn start(
        cfg: Config,
        pending: Vec<Event>,
        sink: impl Fn(Update) + Send + Sync + 'static,
    ) -> std::io::Result<Team> {
        let (tx, rx) = mpsc::unbounded_channel();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let thread = std::thread::Builder::new()
            .name("stagecall-team".into())
            .spawn(move || {
                runtime.block_on(link::run(cfg, pending, rx, Arc::new(sink)));
            })?;
        Ok(Team {
            tx,
            _thread: thread,
        })
    }

    /// Queues a local event for publishing.
    pub fn publish(&self, e: Event) {
        let _ = self.tx.send(e);
    }
}

type Sink = Arc<dyn Fn(Update) + Send + Sync>;

#[cfg(test)]
mod tests {
    use super::stream_name;

    #[test]
    fn stream_names_are_valid_and_stable() {
        let a = stream_name(None, "2026-11-11", "双11 家纺专场", false);
        assert_eq!(a, stream_name(None, "2026-11-11", "双11 家纺专场", false));
        assert!(
            a.starts_with("STAGECALL_20261111_") && a.ends_with("_LIVE"),
            "{a}"
        );
        assert!(
            a.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        );
        assert_ne!(a, stream_name(None, "2026-11-11", "双11 家纺专场", true));
        assert_ne!(a, stream_name(None, "2026-11-11", "另一场", false));
        assert_eq!(
            stream_name(Some("show.1 x"), "", "", false),
            "STAGECALL_show_1_x_LIVE"
        );
    }
}
