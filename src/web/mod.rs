//! The crew's browser views and the control API (`run --serve`,
//! `stagecall serve`).
//!
//! The runner's loop owns the show; this module only presents it and
//! passes control calls back:
//!
//! - the loop [`Web::publish`]es a [`Frame`] (the core's
//!   `Board` (the core's `live::board`) and the `status` JSON)
//!   whenever its screen would change; a `watch` channel hands the latest
//!   to every connection, so a slow phone never holds up the show;
//! - a page is server-rendered HTML ([`pages`]) whose small script listens
//!   to `/events/{view}` (Server-Sent Events) and swaps in the new
//!   `<main>`; each (view, role, language) is rendered once per frame
//!   however many screens show it;
//! - a control call ([`api`]) goes to the loop as an [`Input::Control`]
//!   and is answered after its record is on disk, by the same rules as
//!   the keys ([`crate::tui::control`]).
//!
//! Every URL needs the view or the control token ([`tokens`]).

pub mod api;
pub mod pages;
pub mod tokens;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use stagecall_core::live::board::Board;
use tokio::sync::watch;

use crate::tui::i18n::Lang;
use crate::tui::shell::Input;
pub use tokens::{Access, Tokens};

/// Where the views listen unless told otherwise (loopback only).
pub const DEFAULT_ADDR: &str = "127.0.0.1:7788";
/// The largest request body the API reads.
pub const BODY_LIMIT: usize = 16 * 1024;

/// What the views show, as of one moment of the loop.
#[derive(Debug)]
pub struct Frame {
    /// Counts frames, so renders can be cached per frame.
    pub seq: u64,
    pub board: Board,
    /// The `status` object, serialized once for every API reader.
    pub status_json: String,
    /// The live numbers' alerts in the crew's words, Chinese and English
    /// (as the terminal says them).
    pub alerts: Vec<FrameAlert>,
}

#[derive(Debug, Clone)]
pub struct FrameAlert {
    pub kind: stagecall_core::live::numbers::AlertKind,
    pub zh: String,
    pub en: String,
}

/// State shared by every request.
pub struct Shared {
    pub frames: watch::Receiver<Option<Arc<Frame>>>,
    pub tokens: Tokens,
    /// Where control calls go (the runner's loop); `None` when read-only.
    pub control: Option<std::sync::mpsc::Sender<Input>>,
    /// The language a view uses without `?lang=`.
    pub lang: Lang,
    /// Crew roles, for the index's links.
    pub roles: Vec<String>,
    renders: Mutex<HashMap<pages::RenderKey, (u64, Arc<str>)>>,
}

impl Shared {
    /// The `<main>` of a view at the latest frame, rendered once per frame.
    pub fn render(&self, key: &pages::RenderKey, frame: &Frame) -> Arc<str> {
        if let Ok(cache) = self.renders.lock()
            && let Some((seq, html)) = cache.get(key)
            && *seq == frame.seq
        {
            return html.clone();
        }
        let html: Arc<str> = pages::main(key, frame).into_string().into();
        if let Ok(mut cache) = self.renders.lock() {
            // A handful of views × roles × languages: bounded by what the
            // crew opens, but never let odd `?role=` values grow it forever.
            if cache.len() > 256 {
                cache.clear();
            }
            cache.insert(key.clone(), (frame.seq, html.clone()));
        }
        html
    }
}

/// The running server, as the loop sees it.
pub struct Web {
    tx: watch::Sender<Option<Arc<Frame>>>,
    seq: u64,
    last_status: String,
    plan_gen: u64,
    pub addr: SocketAddr,
    pub tokens: Tokens,
}

impl Web {
    /// Binds `addr` and serves on a thread of its own. Fails before the
    /// show starts when the address is taken or not allowed.
    pub fn start(
        addr: &str,
        tokens: Tokens,
        control: Option<std::sync::mpsc::Sender<Input>>,
        lang: Lang,
        roles: Vec<String>,
    ) -> std::io::Result<Web> {
        let listener = std::net::TcpListener::bind(addr)
            .map_err(|e| std::io::Error::new(e.kind(), format!("cannot listen on {addr}: {e}")))?;
        listener.set_nonblocking(true)?;
        let bound = listener.local_addr()?;
        let (tx, rx) = watch::channel(None);
        let shared = Arc::new(Shared {
            frames: rx,
            tokens: tokens.clone(),
            control,
            lang,
            roles,
            renders: Mutex::new(HashMap::new()),
        });
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        std::thread::Builder::new()
            .name("stagecall-web".into())
            .spawn(move || {
                runtime.block_on(async move {
                    let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
                        return;
                    };
                    let _ = axum::serve(listener, router(shared)).await;
                });
            })?;
        Ok(Web {
            tx,
            seq: 0,
            last_status: String::new(),
            plan_gen: 0,
            addr: bound,
            tokens,
        })
    }

    /// Hands the views a new frame. Cheap when nothing changed.
    /// `plan_gen` counts plan reloads: a reload changes what the views
    /// show (scripts, names) even when the clock stands still.
    pub fn publish(&mut self, board: Board, alerts: Vec<FrameAlert>, plan_gen: u64) {
        let status_json = serde_json::to_string(&board.status).unwrap_or_default();
        let same_plan = plan_gen == self.plan_gen;
        if status_json == self.last_status
            && self.seq > 0
            && same_plan
            && !board_moved(&self.tx, &board)
        {
            return;
        }
        self.plan_gen = plan_gen;
        self.seq += 1;
        self.last_status.clone_from(&status_json);
        let frame = Frame {
            seq: self.seq,
            board,
            status_json,
            alerts,
        };
        self.tx.send_replace(Some(Arc::new(frame)));
    }

    /// The base URL the crew opens (the bound address; `0.0.0.0` is shown
    /// as this machine's LAN address when one is known).
    pub fn base_url(&self) -> String {
        let ip = if self.addr.ip().is_unspecified() {
            lan_ip().unwrap_or_else(|| self.addr.ip().to_string())
        } else {
            self.addr.ip().to_string()
        };
        format!("http://{ip}:{}", self.addr.port())
    }

    /// A view's URL with the view token.
    pub fn view_url(&self, view: &str) -> String {
        format!("{}/{view}?token={}", self.base_url(), self.tokens.view)
    }
}

/// Whether anything the views show but `status` omits has changed (task
/// marks off the due list, sold-out marks, countdowns).
fn board_moved(tx: &watch::Sender<Option<Arc<Frame>>>, board: &Board) -> bool {
    let old = tx.borrow();
    let Some(old) = old.as_ref() else {
        return true;
    };
    let marks = |b: &Board| -> Vec<(stagecall_core::state::TaskMark, bool)> {
        b.rows
            .iter()
            .flat_map(|r| r.tasks.iter().map(|t| (t.mark, t.sold_out)))
            .chain(b.checklist.iter().map(|t| (t.mark, t.sold_out)))
            .collect()
    };
    let sold = |b: &Board| -> Vec<bool> {
        b.on_air
            .iter()
            .flat_map(|c| c.products.iter().map(|p| p.sold_out))
            .collect()
    };
    marks(&old.board) != marks(board) || sold(&old.board) != sold(board)
}

/// This machine's address on the LAN, found by asking the OS which source
/// address it would use (no packet is sent).
fn lan_ip() -> Option<String> {
    let s = std::net::UdpSocket::bind("0.0.0.0:0").ok()?;
    s.connect("10.255.255.255:1").ok()?;
    Some(s.local_addr().ok()?.ip().to_string())
}

fn router(shared: Arc<Shared>) -> Router {
    use axum::routing::{get, post};
    Router::new()
        .route("/", get(pages::index))
        .route("/{view}", get(pages::page))
        .route("/events/{view}", get(pages::events))
        .route("/api/status", get(api::status))
        .route("/api/events", get(api::events))
        .route("/api/go", post(api::go))
        .route("/api/hold", post(api::hold))
        .route("/api/pull", post(api::pull))
        .route("/api/undo", post(api::undo))
        .route("/api/release/{welfare}", post(api::release))
        .route("/api/tick", post(api::tick))
        .route("/api/soldout/{sku}", post(api::sold_out))
        .route("/api/message", post(api::message))
        .route("/api/note", post(api::note))
        .route("/api/metrics", post(api::metrics))
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(shared.clone(), guard))
        .layer(tower_http::limit::RequestBodyLimitLayer::new(BODY_LIMIT))
        .layer(tower_http::compression::CompressionLayer::new())
        .with_state(shared)
}

async fn not_found() -> Response {
    (StatusCode::NOT_FOUND, "no such page\n").into_response()
}

/// The token from `?token=` or `Authorization: Bearer`.
fn token_of(req: &Request) -> Option<String> {
    if let Some(h) = req.headers().get(header::AUTHORIZATION)
        && let Ok(h) = h.to_str()
        && let Some(t) = h.strip_prefix("Bearer ")
    {
        return Some(t.trim().to_string());
    }
    let q = req.uri().query()?;
    axum::extract::Query::<HashMap<String, String>>::try_from_uri(req.uri())
        .ok()
        .and_then(|m| m.0.get("token").cloned())
        .or_else(|| {
            // A malformed query elsewhere must not hide a good token.
            q.split('&')
                .find_map(|kv| kv.strip_prefix("token="))
                .map(str::to_string)
        })
}

/// Every request: no token or a wrong one is 401; a view token on a
/// control call is 403. Responses are never cached and never leak their
/// URL (which holds the token) as a referrer.
async fn guard(State(shared): State<Arc<Shared>>, mut req: Request, next: Next) -> Response {
    let access = token_of(&req).map_or(Access::None, |t| shared.tokens.access(&t));
    let control_call = req.method() == axum::http::Method::POST;
    let mut resp = match access {
        Access::None => (
            StatusCode::UNAUTHORIZED,
            "a token is needed: ?token= or Authorization: Bearer\n",
        )
            .into_response(),
        Access::View if control_call => (
            StatusCode::FORBIDDEN,
            "this is a view token: control calls need the control token\n",
        )
            .into_response(),
        _ => {
            req.extensions_mut().insert(access);
            next.run(req).await
        }
    };
    let h = resp.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    resp
}

/// The latest frame (`None` until the loop has published one).
pub(crate) fn latest(shared: &Shared) -> Option<Arc<Frame>> {
    shared.frames.borrow().clone()
}

/// The answer while the loop has not published a frame yet.
pub(crate) fn loading() -> Response {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        "the show is loading; try again in a second\n",
    )
        .into_response()
}
