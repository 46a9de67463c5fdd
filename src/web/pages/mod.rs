//! The views, as server-rendered HTML (maud escapes every plan string):
//! `/host` (the prompter), `/assistant`, `/ads`, `/clock`, `/sheet`, and
//! `/` (the index). Each page carries its style and a small script inline
//! (no CDN, no build step: it works on a LAN with no internet); the script
//! listens to `/events/{view}` and swaps in each new `<main>`.

use std::sync::Arc;
use std::time::Duration as StdDuration;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{Html, IntoResponse, Response};
use futures_util::StreamExt;
use maud::{DOCTYPE, Markup, PreEscaped, html};
use serde::Deserialize;
use tokio_stream::wrappers::{IntervalStream, WatchStream};

mod views;

pub use views::main;
use views::tr;

use super::{Shared, latest, loading};
use crate::tui::i18n::Lang;

/// How often a page hears from the server when nothing changes, so it can
/// tell a quiet show from a lost link.
const HEARTBEAT: StdDuration = StdDuration::from_secs(3);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum View {
    Host,
    Assistant,
    Ads,
    Clock,
    Sheet,
}

impl View {
    pub const ALL: [View; 5] = [
        View::Host,
        View::Assistant,
        View::Ads,
        View::Clock,
        View::Sheet,
    ];

    pub fn parse(s: &str) -> Option<View> {
        View::ALL.into_iter().find(|v| v.path() == s)
    }

    pub fn path(self) -> &'static str {
        match self {
            View::Host => "host",
            View::Assistant => "assistant",
            View::Ads => "ads",
            View::Clock => "clock",
            View::Sheet => "sheet",
        }
    }

    fn name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (View::Host, Lang::Zh) => "主播提词",
            (View::Host, Lang::En) => "Host prompter",
            (View::Assistant, Lang::Zh) => "助播",
            (View::Assistant, Lang::En) => "Assistant",
            (View::Ads, Lang::Zh) => "投手",
            (View::Ads, Lang::En) => "Ads buyer",
            (View::Clock, Lang::Zh) => "演播室时钟",
            (View::Clock, Lang::En) => "Studio clock",
            (View::Sheet, Lang::Zh) => "直播脚本",
            (View::Sheet, Lang::En) => "Run sheet",
        }
    }

    /// The crew role a view filters tasks to without `?role=`.
    fn default_role(self, roles: &[String]) -> Option<String> {
        let names: &[&str] = match self {
            View::Assistant => &["assistant", "助播"],
            View::Ads => &["ads", "投手"],
            _ => return None,
        };
        names
            .iter()
            .find(|n| roles.iter().any(|r| r == *n))
            .map(|n| n.to_string())
    }
}

/// What one render depends on besides the frame.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RenderKey {
    pub view: View,
    pub role: Option<String>,
    pub lang: Lang,
}

#[derive(Debug, Deserialize, Default)]
pub struct ViewQuery {
    role: Option<String>,
    lang: Option<String>,
    token: Option<String>,
}

fn key(view: View, q: &ViewQuery, shared: &Shared) -> RenderKey {
    let lang = match q.lang.as_deref() {
        Some("zh") => Lang::Zh,
        Some("en") => Lang::En,
        _ => shared.lang,
    };
    // `?role=` (even empty, for everyone's tasks) wins over the default.
    let role = match q.role.as_deref() {
        Some("") | Some("all") => None,
        Some(r) => Some(r.chars().take(64).collect()),
        None => view.default_role(&shared.roles),
    };
    RenderKey { view, role, lang }
}

/// `GET /{view}`: the whole page.
pub async fn page(
    State(shared): State<Arc<Shared>>,
    Path(view): Path<String>,
    Query(q): Query<ViewQuery>,
) -> Response {
    let Some(view) = View::parse(&view) else {
        return (StatusCode::NOT_FOUND, "no such view\n").into_response();
    };
    let Some(frame) = latest(&shared) else {
        return loading();
    };
    let k = key(view, &q, &shared);
    let main = shared.render(&k, &frame);
    let title = format!("{} · {}", view.name(k.lang), frame.board.title);
    Html(document(&title, view, &k, &main).into_string()).into_response()
}

/// `GET /events/{view}`: the view's `<main>` whenever it changes, and a
/// heartbeat every few seconds.
pub async fn events(
    State(shared): State<Arc<Shared>>,
    Path(view): Path<String>,
    Query(q): Query<ViewQuery>,
) -> Response {
    let Some(view) = View::parse(&view) else {
        return (StatusCode::NOT_FOUND, "no such view\n").into_response();
    };
    let k = key(view, &q, &shared);
    let renders = shared.clone();
    let mut last: Option<Arc<str>> = None;
    let frames = WatchStream::new(shared.frames.clone()).filter_map(move |f| {
        let out = f.and_then(|f| {
            let html = renders.render(&k, &f);
            if last
                .as_ref()
                .is_some_and(|l| Arc::ptr_eq(l, &html) || **l == *html)
            {
                return None;
            }
            last = Some(html.clone());
            Some(Event::default().event("frame").data(&*html))
        });
        std::future::ready(out)
    });
    let beats = IntervalStream::new(tokio::time::interval(HEARTBEAT))
        .map(|_| Event::default().event("beat").data(""));
    let stream =
        tokio_stream::StreamExt::merge(frames, beats).map(Ok::<_, std::convert::Infallible>);
    Sse::new(stream)
        .keep_alive(KeepAlive::new().interval(super::api::KEEP_ALIVE))
        .into_response()
}

/// `GET /`: the views, with this token and language carried along.
pub async fn index(State(shared): State<Arc<Shared>>, Query(q): Query<ViewQuery>) -> Response {
    let Some(frame) = latest(&shared) else {
        return loading();
    };
    let lang = key(View::Clock, &q, &shared).lang;
    let token = q.token.clone().unwrap_or_default();
    let link = |path: &str, extra: &str| {
        format!(
            "/{path}?token={}&lang={}{extra}",
            urlencode(&token),
            if lang == Lang::Zh { "zh" } else { "en" }
        )
    };
    let body = html! {
        header.bar {
            span.title { (frame.board.title) }
            @if frame.board.rehearsal { span.badge.rehearsal { (tr(lang, "REHEARSAL", "彩排")) } }
        }
        main #index {
            h1 { (tr(lang, "Views", "视图")) }
            ul.views {
                @for v in View::ALL {
                    li { a href=(link(v.path(), "")) { (v.name(lang)) } }
                }
            }
            @if !shared.roles.is_empty() {
                h2 { (tr(lang, "Tasks by role", "按角色看任务")) }
                ul.views {
                    @for r in &shared.roles {
                        li { a href=(link("assistant", &format!("&role={}", urlencode(r)))) { (r) } }
                    }
                }
            }
            p.hint { (tr(lang, "Every view also takes ?lang=zh|en and ?role=.", "每个视图都可加 ?lang=zh|en 和 ?role=。")) }
        }
    };
    let doc = html! {
        (DOCTYPE)
        html lang=(if lang == Lang::Zh { "zh-CN" } else { "en" }) {
            head { (head_tags(&frame.board.title)) }
            body { (body) }
        }
    };
    Html(doc.into_string()).into_response()
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn head_tags(title: &str) -> Markup {
    html! {
        meta charset="utf-8";
        meta name="viewport" content="width=device-width, initial-scale=1";
        meta name="referrer" content="no-referrer";
        title { (title) }
        style { (PreEscaped(STYLE)) }
    }
}

fn document(title: &str, view: View, k: &RenderKey, main: &str) -> Markup {
    html! {
        (DOCTYPE)
        html lang=(if k.lang == Lang::Zh { "zh-CN" } else { "en" }) {
            head { (head_tags(title)) }
            body class=(format!("view-{}", view.path())) data-view=(view.path()) {
                div #lost { (tr(k.lang, "connection lost: reconnecting…", "连接中断，正在重连…")) }
                main #main { (PreEscaped(main)) }
                script { (PreEscaped(SCRIPT)) }
            }
        }
    }
}

/// The pages' style and script, inline in every page (no extra URL, no
/// CDN): `assets/view.css` and `assets/view.js`.
const STYLE: &str = include_str!("../assets/view.css");
const SCRIPT: &str = include_str!("../assets/view.js");
