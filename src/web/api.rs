//! The control API, JSON over HTTP, for Stream Deck / Bitfocus Companion,
//! foot pedals and scripts. Reads serve the contract's `status` object;
//! every control call is answered only after the loop has written its
//! record (or said why it could not).

use std::sync::Arc;
use std::time::Duration;

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use serde::Deserialize;
use serde_json::json;
use tokio_stream::wrappers::WatchStream;

use super::{Shared, latest, loading};
use crate::tui::control::{Control, Done, Refusal};
use crate::tui::shell::Input;

/// How long a control call waits for the loop before giving up.
const ANSWER_WITHIN: Duration = Duration::from_secs(5);
/// SSE keep-alive interval.
pub const KEEP_ALIVE: Duration = Duration::from_secs(15);

pub async fn status(State(shared): State<Arc<Shared>>) -> Response {
    match latest(&shared) {
        Some(f) => (
            [(axum::http::header::CONTENT_TYPE, "application/json")],
            f.status_json.clone(),
        )
            .into_response(),
        None => loading(),
    }
}

/// One `data:` line with the status whenever it changes.
pub async fn events(State(shared): State<Arc<Shared>>) -> Response {
    let mut last = String::new();
    let stream = WatchStream::new(shared.frames.clone()).filter_map(move |f| {
        let out = f.filter(|f| f.status_json != last).map(|f| {
            last.clone_from(&f.status_json);
            Ok::<_, std::convert::Infallible>(
                Event::default().id(f.seq.to_string()).data(&f.status_json),
            )
        });
        std::future::ready(out)
    });
    Sse::new(stream)
        .keep_alive(KeepAlive::new().interval(KEEP_ALIVE))
        .into_response()
}

#[derive(Deserialize, Default)]
pub struct Flags {
    #[serde(default)]
    force: Option<String>,
    #[serde(default)]
    again: Option<String>,
}

fn yes(v: &Option<String>) -> bool {
    v.as_deref()
        .is_some_and(|v| matches!(v, "1" | "true" | "yes"))
}

pub async fn go(State(s): State<Arc<Shared>>, Query(f): Query<Flags>) -> Response {
    call(
        &s,
        Control::Go {
            force: yes(&f.force),
        },
    )
    .await
}

pub async fn hold(State(s): State<Arc<Shared>>) -> Response {
    call(&s, Control::Hold).await
}

pub async fn pull(State(s): State<Arc<Shared>>) -> Response {
    call(&s, Control::Pull).await
}

pub async fn undo(State(s): State<Arc<Shared>>) -> Response {
    call(&s, Control::Undo).await
}

pub async fn release(
    State(s): State<Arc<Shared>>,
    Path(welfare): Path<String>,
    Query(f): Query<Flags>,
) -> Response {
    let again = yes(&f.again);
    call(&s, Control::Release { welfare, again }).await
}

pub async fn sold_out(State(s): State<Arc<Shared>>, Path(sku): Path<String>) -> Response {
    call(&s, Control::SoldOut { sku }).await
}

#[derive(Deserialize)]
pub struct TickBody {
    row: String,
    task: String,
}

#[derive(Deserialize)]
pub struct TextBody {
    #[serde(default)]
    text: String,
}

pub async fn tick(State(s): State<Arc<Shared>>, body: Option<Json<TickBody>>) -> Response {
    let Some(Json(b)) = body else {
        return bad_body("{\"row\": \"cue id\", \"task\": \"task text\"}");
    };
    call(
        &s,
        Control::Tick {
            row: b.row,
            task: b.task,
        },
    )
    .await
}

pub async fn message(State(s): State<Arc<Shared>>, body: Option<Json<TextBody>>) -> Response {
    let Some(Json(b)) = body else {
        return bad_body("{\"text\": \"…\"} (an empty text clears the message)");
    };
    call(&s, Control::Message { text: b.text }).await
}

/// `POST /api/metrics`: the feed line's object (`at` is ignored: a call
/// is a reading now).
pub async fn metrics(
    State(s): State<Arc<Shared>>,
    body: Option<Json<serde_json::Value>>,
) -> Response {
    let obj = body.as_ref().and_then(|Json(v)| v.as_object());
    let Some(obj) = obj else {
        return bad_body(
            r#"{"online": 3200, "gmv": "12.5万", "sold": {"SKU": 120}, "spend": {"slot": 1500}}"#,
        );
    };
    match stagecall_core::state::reading::reading_of(obj) {
        Ok((_, reading)) => call(&s, Control::Metrics(reading)).await,
        Err(e) => answer(StatusCode::BAD_REQUEST, json!({"ok": false, "reason": e})),
    }
}

pub async fn note(State(s): State<Arc<Shared>>, body: Option<Json<TextBody>>) -> Response {
    let Some(Json(b)) = body else {
        return bad_body("{\"text\": \"…\"}");
    };
    call(&s, Control::Note { text: b.text }).await
}

fn bad_body(shape: &str) -> Response {
    answer(
        StatusCode::BAD_REQUEST,
        json!({"ok": false, "reason": format!("send a JSON body (Content-Type: application/json): {shape}")}),
    )
}

fn answer(code: StatusCode, body: serde_json::Value) -> Response {
    (code, Json(body)).into_response()
}

/// Hands a call to the loop and waits for its answer.
async fn call(shared: &Shared, c: Control) -> Response {
    let Some(tx) = &shared.control else {
        return answer(
            StatusCode::CONFLICT,
            json!({"ok": false, "reason": "read-only: `stagecall serve` only shows the show; send control calls to `stagecall run --serve`"}),
        );
    };
    let (reply, answer_rx) = tokio::sync::oneshot::channel();
    if tx.send(Input::Control(c, reply)).is_err() {
        return answer(
            StatusCode::SERVICE_UNAVAILABLE,
            json!({"ok": false, "reason": "the runner has stopped"}),
        );
    }
    let result = match tokio::time::timeout(ANSWER_WITHIN, answer_rx).await {
        Ok(Ok(r)) => r,
        _ => {
            return answer(
                StatusCode::GATEWAY_TIMEOUT,
                json!({"ok": false, "reason": "the runner did not answer in 5 s; check its screen before sending again"}),
            );
        }
    };
    let status =
        latest(shared).and_then(|f| serde_json::from_str::<serde_json::Value>(&f.status_json).ok());
    match result {
        Ok(Done {
            did, saved: true, ..
        }) => answer(
            StatusCode::OK,
            json!({"ok": true, "did": did, "status": status}),
        ),
        Ok(Done { did, reason, .. }) => answer(
            StatusCode::ACCEPTED,
            json!({"ok": false, "saved": false, "did": did,
                   "reason": format!("NOT SAVED yet ({}); it is queued and retried: do not send it again", reason.unwrap_or_default())}),
        ),
        Err(Refusal { code, reason }) => answer(
            StatusCode::from_u16(code).unwrap_or(StatusCode::CONFLICT),
            json!({"ok": false, "reason": reason}),
        ),
    }
}
