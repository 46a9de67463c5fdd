//! The connection: connecting with the login's options, following the
//! client's events into the link state, starting the publisher and the
//! consumer, and reporting the link's state when it changes.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_nats::jetstream;
use stagecall_core::state::Event;
use tokio::sync::mpsc;

use crate::login::{Login, connect_problem, login_means, options, split_userinfo};
use crate::replicate::{consume_loop, publish_loop};
use crate::{Config, Link, Sink, Update, subject};

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

/// Connects, then runs the publisher, the consumer and the state reporter
/// side by side.
pub(crate) async fn run(
    cfg: Config,
    pending: Vec<Event>,
    rx: mpsc::UnboundedReceiver<Event>,
    sink: Sink,
) {
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

pub(crate) struct LinkState {
    pub(crate) connected: AtomicBool,
    pub(crate) denied: AtomicBool,
    pub(crate) queued: AtomicUsize,
    /// The last problem; cleared on connect.
    pub(crate) error: Mutex<Option<String>>,
}

impl LinkState {
    pub(crate) fn set_error(&self, e: Option<String>) {
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
