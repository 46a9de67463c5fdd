//! Replication: publishing this machine's events (an offline queue, each
//! with its id as `Nats-Msg-Id`) and following the show's stream from its
//! start, resuming after a reconnect where it left off.

use std::collections::VecDeque;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use async_nats::jetstream::{self, consumer::DeliverPolicy, consumer::pull::OrderedConfig, stream};
use futures_util::StreamExt;
use stagecall_core::state::Event;
use tokio::sync::mpsc;

use crate::link::LinkState;
use crate::{Sink, Update};

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
pub(crate) async fn publish_loop(
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
pub(crate) async fn consume_loop(
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
