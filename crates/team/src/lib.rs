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

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use async_nats::jetstream::{self, consumer::DeliverPolicy, consumer::pull::OrderedConfig, stream};
use futures_util::StreamExt;
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
                runtime.block_on(run(cfg, pending, rx, Arc::new(sink)));
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

/// Splits `user[:pass]@` out of a server URL; async-nats wants them as
/// options, and messages must show the URL without them.
fn split_userinfo(url: &str) -> (String, Option<(String, Option<String>)>) {
    let Some((scheme, rest)) = url.split_once("://") else {
        return (url.to_string(), None);
    };
    let Some((userinfo, host)) = rest.rsplit_once('@') else {
        return (url.to_string(), None);
    };
    let (user, pass) = match userinfo.split_once(':') {
        Some((user, pass)) => (user, Some(pass.to_string())),
        None => (userinfo, None),
    };
    (format!("{scheme}://{host}"), Some((user.to_string(), pass)))
}

/// How the link logs in with a user name, password or token (a creds or
/// nkey file comes on top, from [`Config`]).
#[derive(Clone, PartialEq, Eq)]
enum Login {
    Anonymous,
    User {
        user: String,
        password: String,
    },
    /// A password without a user: NATS token authentication.
    Token(String),
}

impl Login {
    /// The URL's `user:pass@` wins, part by part; the environment fills in
    /// the rest. Empty values count as unset.
    fn resolve(
        url: Option<(String, Option<String>)>,
        env_user: Option<String>,
        env_password: Option<String>,
    ) -> Login {
        let nonempty = |s: Option<String>| s.filter(|s| !s.is_empty());
        let (url_user, url_password) = url.map_or((None, None), |(u, p)| (Some(u), p));
        let user = nonempty(url_user).or(nonempty(env_user));
        let password = nonempty(url_password).or(nonempty(env_password));
        match (user, password) {
            (Some(user), password) => Login::User {
                user,
                password: password.unwrap_or_default(),
            },
            (None, Some(token)) => Login::Token(token),
            (None, None) => Login::Anonymous,
        }
    }

    fn from_env(url: Option<(String, Option<String>)>) -> Login {
        let var = |k| std::env::var(k).ok();
        Login::resolve(url, var(ENV_USER), var(ENV_PASSWORD))
    }
}

/// What the link logged in with, named without its secret, for messages.
fn login_means(cfg: &Config, login: &Login) -> String {
    if cfg.creds.is_some() {
        return "the --creds file".into();
    }
    if cfg.nkey.is_some() {
        return "the --nkey seed".into();
    }
    match login {
        Login::User { user, .. } => format!("user {user:?} and its password"),
        Login::Token(_) => format!("the token in {ENV_PASSWORD}"),
        Login::Anonymous => NO_LOGIN.into(),
    }
}

/// [`login_means`] when there is nothing to log in with.
const NO_LOGIN: &str = "no credentials";

/// A failed connection attempt (async-nats reports only its kind), named.
fn connect_problem(kind: &str, url: &str, means: &str) -> String {
    match kind {
        "authorization violation" if means == NO_LOGIN => format!(
            "authentication failed: the server at {url} wants credentials: set {ENV_USER} and {ENV_PASSWORD}, or give --creds (nats: {kind})"
        ),
        "authorization violation" => {
            format!("authentication failed: the server at {url} refused {means} (nats: {kind})")
        }
        "failed signing nonce" => format!(
            "authentication failed: could not sign the server's challenge with {means} (nats: {kind})"
        ),
        "IO error" | "timed out" | "DNS error" => {
            format!("server unreachable: {url} (nats: {kind})")
        }
        "TLS error" => format!("TLS failed: {url} (nats: {kind})"),
        _ => format!("connection failed: {url} (nats: {kind})"),
    }
}

/// The connection options: name, retries, and how to log in. An unreadable
/// or malformed creds or nkey file is an error, named without its path
/// (the user gave it; the screen is seen by others) or contents.
fn options(cfg: &Config, login: &Login) -> Result<async_nats::ConnectOptions, String> {
    let mut opts = async_nats::ConnectOptions::new()
        .name(format!("stagecall {}", cfg.origin))
        .retry_on_initial_connect()
        .max_reconnects(None)
        .connection_timeout(Duration::from_secs(3));
    match login {
        Login::Anonymous => {}
        Login::User { user, password } => {
            opts = opts.user_and_password(user.clone(), password.clone());
        }
        Login::Token(token) => opts = opts.token(token.clone()),
    }
    if let Some(path) = &cfg.creds {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("credentials unreadable: the --creds file: {e}"))?;
        opts = opts
            .credentials(&text)
            .map_err(|e| format!("bad credentials: the --creds file: {e}"))?;
    }
    if let Some(path) = &cfg.nkey {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("nkey unreadable: the --nkey file: {e}"))?;
        let seed = text.trim();
        // async-nats would only fail to sign on every attempt, unnamed.
        nkeys::KeyPair::from_seed(seed).map_err(|e| {
            format!("bad nkey seed: the --nkey file should hold a user seed (SU…): {e}")
        })?;
        opts = opts.nkey(seed.to_string());
    }
    Ok(opts)
}

/// The link could not start (an unreadable or malformed creds or nkey
/// file): it says why, and keeps counting what it could not publish, so the
/// queue stays in sight. Those events stay in the local log for a restart.
async fn dead(error: String, queued: usize, mut rx: mpsc::UnboundedReceiver<Event>, sink: Sink) {
    let mut queued = queued;
    loop {
        sink(Update::Link(Link {
            connected: false,
            can_publish: None,
            queued,
            error: Some(error.clone()),
        }));
        match rx.recv().await {
            Some(_) => queued += 1,
            None => return,
        }
    }
}

async fn run(cfg: Config, pending: Vec<Event>, rx: mpsc::UnboundedReceiver<Event>, sink: Sink) {
    let (url, userinfo) = split_userinfo(&cfg.url);
    let login = Login::from_env(userinfo);
    let means = login_means(&cfg, &login);
    let mut opts = match options(&cfg, &login) {
        Ok(o) => o,
        Err(e) => return dead(e, pending.len(), rx, sink).await,
    };
    let state = Arc::new(LinkState {
        connected: AtomicBool::new(false),
        denied: AtomicBool::new(false),
        queued: AtomicUsize::new(pending.len()),
        error: Mutex::new(None),
    });
    let reconnected = Arc::new(tokio::sync::Notify::new());
    {
        let (state, reconnected) = (state.clone(), reconnected.clone());
        let (url, means) = (url.clone(), means.clone());
        opts = opts.event_callback(move |event| {
            let (state, reconnected) = (state.clone(), reconnected.clone());
            let (url, means) = (url.clone(), means.clone());
            async move {
                match event {
                    async_nats::Event::Connected => {
                        state.connected.store(true, Ordering::SeqCst);
                        state.set_error(None);
                        // The consumer may be stale after a server restart.
                        reconnected.notify_one();
                    }
                    async_nats::Event::Disconnected => {
                        state.connected.store(false, Ordering::SeqCst)
                    }
                    // A failed attempt to connect: a wrong password, a
                    // server down. async-nats retries; we say why.
                    async_nats::Event::ClientError(async_nats::ClientError::Other(kind)) => {
                        state.set_error(Some(connect_problem(&kind, &url, &means)));
                    }
                    async_nats::Event::ServerError(
                        async_nats::ServerError::AuthorizationViolation,
                    ) => {
                        state.set_error(Some(connect_problem(
                            "authorization violation",
                            &url,
                            &means,
                        )));
                    }
                    async_nats::Event::ServerError(e) => {
                        let text = e.to_string();
                        if text
                            .to_ascii_lowercase()
                            .contains("permissions violation for publish")
                        {
                            state.denied.store(true, Ordering::SeqCst);
                        } else {
                            state.set_error(Some(format!("server error: {text}")));
                        }
                    }
                    _ => {}
                }
            }
        });
    }
    let client = match async_nats::connect_with_options(url.as_str(), opts).await {
        Ok(c) => c,
        Err(e) => {
            return dead(
                format!("bad server URL: {url}: {e}"),
                pending.len(),
                rx,
                sink,
            )
            .await;
        }
    };
    let js = jetstream::new(client.clone());
    let subj = subject(&cfg.stream);
    let publisher = tokio::spawn(publish_loop(
        js.clone(),
        client.clone(),
        subj.clone(),
        cfg.stream.clone(),
        pending,
        rx,
        state.clone(),
        sink.clone(),
    ));
    let consumer = tokio::spawn(consume_loop(
        js,
        subj,
        cfg.stream.clone(),
        state.clone(),
        reconnected,
        sink.clone(),
    ));
    let reporter = tokio::spawn(report_loop(state, sink));
    let _ = tokio::join!(publisher, consumer, reporter);
}

struct LinkState {
    connected: AtomicBool,
    denied: AtomicBool,
    queued: AtomicUsize,
    /// The last problem; cleared on connect.
    error: Mutex<Option<String>>,
}

impl LinkState {
    fn set_error(&self, e: Option<String>) {
        if let Ok(mut g) = self.error.lock() {
            *g = e;
        }
    }

    fn link(&self, error: Option<String>) -> Link {
        Link {
            connected: self.connected.load(Ordering::SeqCst),
            can_publish: Some(!self.denied.load(Ordering::SeqCst)),
            queued: self.queued.load(Ordering::SeqCst),
            error: error.or_else(|| self.error.lock().ok().and_then(|g| g.clone())),
        }
    }
}

/// Reports the link state when it changes (checked a few times a second).
async fn report_loop(state: Arc<LinkState>, sink: Sink) {
    let mut last: Option<Link> = None;
    loop {
        let now = state.link(None);
        if last.as_ref() != Some(&now) {
            sink(Update::Link(now.clone()));
            last = Some(now);
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

/// Creates the stream when missing (a viewer may lack the right: then it
/// only reads an existing one).
async fn ensure_stream(js: &jetstream::Context, name: &str, subj: &str) -> Result<(), String> {
    let config = stream::Config {
        name: name.to_string(),
        subjects: vec![subj.to_string()],
        storage: stream::StorageType::File,
        duplicate_window: Duration::from_secs(600),
        ..Default::default()
    };
    match js.get_or_create_stream(config).await {
        Ok(_) => Ok(()),
        Err(e) => js
            .get_stream(name)
            .await
            .map(|_| ())
            .map_err(|_| e.to_string()),
    }
}

#[allow(clippy::too_many_arguments)]
async fn publish_loop(
    js: jetstream::Context,
    client: async_nats::Client,
    subj: String,
    stream: String,
    pending: Vec<Event>,
    mut rx: mpsc::UnboundedReceiver<Event>,
    state: Arc<LinkState>,
    sink: Sink,
) {
    let mut queue: VecDeque<Event> = pending.into();
    // Probe whether we may publish at all: a viewer's publish is refused
    // with a permissions error, which the event callback records. Until the
    // link is up, keep counting what the crew records: a runner that never
    // connects must still show its queue.
    let probe = format!("stagecall.{stream}.probe");
    loop {
        while let Ok(e) = rx.try_recv() {
            queue.push_back(e);
        }
        state.queued.store(queue.len(), Ordering::SeqCst);
        if state.connected.load(Ordering::SeqCst) {
            let probed = async {
                client.publish(probe.clone(), "".into()).await.is_ok()
                    && client.flush().await.is_ok()
            };
            if tokio::time::timeout(Duration::from_secs(3), probed)
                .await
                .unwrap_or(false)
            {
                tokio::time::sleep(Duration::from_millis(200)).await;
                break;
            }
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    loop {
        while let Ok(e) = rx.try_recv() {
            queue.push_back(e);
        }
        state.queued.store(queue.len(), Ordering::SeqCst);
        if state.denied.load(Ordering::SeqCst) {
            // Read-only: keep nothing queued forever, but never publish.
            match rx.recv().await {
                Some(_) => continue,
                None => return,
            }
        }
        let Some(e) = queue.front().cloned() else {
            match rx.recv().await {
                Some(e) => {
                    queue.push_back(e);
                    continue;
                }
                None => return,
            }
        };
        if !state.connected.load(Ordering::SeqCst) {
            tokio::time::sleep(Duration::from_millis(200)).await;
            continue;
        }
        if let Err(err) = ensure_stream(&js, &stream, &subj).await {
            state.set_error(Some(format!("stream: {err}")));
            tokio::time::sleep(Duration::from_millis(500)).await;
            continue;
        }
        let mut headers = async_nats::HeaderMap::new();
        headers.insert("Nats-Msg-Id", e.id.as_str());
        let body = e.to_line();
        let sent = async {
            let ack = js
                .publish_with_headers(subj.clone(), headers, body.into())
                .await
                .map_err(|e| e.to_string())?;
            tokio::time::timeout(Duration::from_secs(3), ack)
                .await
                .map_err(|_| "ack timed out".to_string())?
                .map_err(|e| e.to_string())
        };
        match sent.await {
            Ok(_) => {
                queue.pop_front();
                state.queued.store(queue.len(), Ordering::SeqCst);
                sink(Update::Acked(e.id.clone()));
            }
            Err(err) => {
                state.set_error(Some(err));
                tokio::time::sleep(Duration::from_millis(300)).await;
            }
        }
    }
}

/// Replays the stream from its start, then follows it. After a reconnect or
/// an error the consumer is made again from the next sequence not yet seen,
/// so a server restart costs a moment, not a replay.
async fn consume_loop(
    js: jetstream::Context,
    subj: String,
    stream: String,
    state: Arc<LinkState>,
    reconnected: Arc<tokio::sync::Notify>,
    sink: Sink,
) {
    let mut next_seq: u64 = 1;
    loop {
        if !state.connected.load(Ordering::SeqCst) {
            tokio::time::sleep(Duration::from_millis(100)).await;
            continue;
        }
        let result: Result<(), String> = async {
            ensure_stream(&js, &stream, &subj).await?;
            let s = js.get_stream(&stream).await.map_err(|e| e.to_string())?;
            let deliver_policy = if next_seq <= 1 {
                DeliverPolicy::All
            } else {
                DeliverPolicy::ByStartSequence {
                    start_sequence: next_seq,
                }
            };
            let consumer = s
                .create_consumer(OrderedConfig {
                    deliver_policy,
                    filter_subject: subj.clone(),
                    ..Default::default()
                })
                .await
                .map_err(|e| e.to_string())?;
            let mut messages = consumer.messages().await.map_err(|e| e.to_string())?;
            loop {
                let msg = tokio::select! {
                    m = messages.next() => m,
                    () = reconnected.notified() => return Err("reconnected".into()),
                };
                let Some(msg) = msg else {
                    return Err("stream ended".into());
                };
                let msg = msg.map_err(|e| e.to_string())?;
                if let Ok(info) = msg.info() {
                    next_seq = next_seq.max(info.stream_sequence + 1);
                }
                match serde_json::from_slice::<Event>(&msg.payload) {
                    Ok(e) => sink(Update::Remote(e)),
                    Err(e) => state.set_error(Some(format!("unreadable event skipped: {e}"))),
                }
            }
        }
        .await;
        if let Err(err) = result
            && err != "reconnected"
        {
            state.set_error(Some(err));
            tokio::time::sleep(Duration::from_millis(300)).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::stream_name;

    #[test]
    fn userinfo_is_split_from_the_url() {
        assert_eq!(
            super::split_userinfo("nats://a:b@h:4222"),
            ("nats://h:4222".into(), Some(("a".into(), Some("b".into()))))
        );
        assert_eq!(
            super::split_userinfo("nats://a@h:4222"),
            ("nats://h:4222".into(), Some(("a".into(), None)))
        );
        assert_eq!(
            super::split_userinfo("tls://h:4222"),
            ("tls://h:4222".into(), None)
        );
    }

    #[test]
    fn the_login_comes_from_the_url_else_the_environment() {
        use super::Login;
        let s = |v: &str| Some(v.to_string());
        let user = |u: &str, p: &str| Login::User {
            user: u.into(),
            password: p.into(),
        };
        // The environment alone: a user and password, or a token.
        assert!(Login::resolve(None, s("crew"), s("pw")) == user("crew", "pw"));
        assert!(Login::resolve(None, None, s("tok")) == Login::Token("tok".into()));
        assert!(Login::resolve(None, s(""), s("")) == Login::Anonymous);
        assert!(Login::resolve(None, None, None) == Login::Anonymous);
        // A user in the URL and the password from the environment.
        assert!(Login::resolve(Some(("crew".into(), None)), None, s("pw")) == user("crew", "pw"));
        // What the URL says wins.
        assert!(Login::resolve(Some(("a".into(), s("b"))), s("crew"), s("pw")) == user("a", "b"));
    }

    #[test]
    fn problems_name_the_reason_and_keep_secrets() {
        let cfg = |creds: bool, nkey: bool| super::Config {
            url: String::new(),
            stream: String::new(),
            origin: "o".into(),
            creds: creds.then(|| "/home/me/.nkeys/secret-team.creds".into()),
            nkey: nkey.then(|| "/home/me/.nkeys/secret-team.nk".into()),
        };
        let pw = super::Login::User {
            user: "crew".into(),
            password: "hunter2".into(),
        };
        let means = super::login_means(&cfg(false, false), &pw);
        assert!(!means.contains("hunter2"), "{means}");
        let auth = super::connect_problem("authorization violation", "nats://h:4222", &means);
        assert!(auth.starts_with("authentication failed: "), "{auth}");
        assert!(auth.contains("\"crew\""), "{auth}");
        let none = super::login_means(&cfg(false, false), &super::Login::Anonymous);
        let auth = super::connect_problem("authorization violation", "nats://h:4222", &none);
        assert!(
            auth.contains("wants credentials: set STAGECALL_TEAM_USER"),
            "{auth}"
        );
        let down = super::connect_problem("IO error", "nats://h:4222", &means);
        assert!(down.starts_with("server unreachable: "), "{down}");
        // Files that cannot be read or parsed: the reason, never the path.
        for (c, n, summary) in [
            (true, false, "credentials unreadable: "),
            (false, true, "nkey unreadable: "),
        ] {
            let Err(e) = super::options(&cfg(c, n), &pw) else {
                panic!("a missing file is an error");
            };
            assert!(e.starts_with(summary), "{e}");
            assert!(e.contains("No such file"), "{e}");
            assert!(!e.contains("secret-team"), "{e}");
        }
        let dir = std::env::temp_dir().join(format!("stagecall-team-unit-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let seed = dir.join("bad.nk");
        std::fs::write(&seed, "SUNOTAVALIDSEED\n").expect("seed");
        let c = super::Config {
            nkey: Some(seed),
            ..cfg(false, false)
        };
        let Err(e) = super::options(&c, &pw) else {
            panic!("a bad seed is an error");
        };
        let _ = std::fs::remove_dir_all(&dir);
        assert!(e.starts_with("bad nkey seed: "), "{e}");
        assert!(e.contains("length"), "{e}");
        assert!(!e.contains("SUNOTAVALIDSEED"), "{e}");
    }

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
