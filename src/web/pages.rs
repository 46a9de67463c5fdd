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
use chrono::Duration;
use futures_util::StreamExt;
use maud::{DOCTYPE, Markup, PreEscaped, html};
use serde::Deserialize;
use stagecall_core::live::board::{Board, Countdown, Product, Task};
use stagecall_core::live::draws::Draw;
use stagecall_core::live::{CueState, Phase};
use stagecall_core::plan::Money;
use stagecall_core::state::TaskMark;
use stagecall_core::timeline::RowKind;
use tokio_stream::wrappers::{IntervalStream, WatchStream};

use super::{Shared, latest, loading};
use crate::tui::i18n::Lang;
use crate::tui::view::fmt::{amount, clock, count, countdown, hm, over_under};
use stagecall_core::live::numbers::AlertKind;

/// How often a page hears from the server when nothing changes, so it can
/// tell a quiet show from a lost link.
const HEARTBEAT: StdDuration = StdDuration::from_secs(3);
/// A welfare countdown fills the screen in its last seconds, and for the
/// first seconds of its callout.
const FULL_SCREEN_LAST: i64 = 10;
const FULL_SCREEN_CALLOUT: i64 = 5;

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

fn tr(lang: Lang, en: &'static str, zh: &'static str) -> &'static str {
    match lang {
        Lang::En => en,
        Lang::Zh => zh,
    }
}

fn price(m: Money, currency: &str) -> String {
    match currency {
        "CNY" | "RMB" | "" => format!("¥{m}"),
        c => format!("{m} {c}"),
    }
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

/// A view's `<main>` content at this frame.
pub fn main(k: &RenderKey, frame: &super::Frame) -> Markup {
    let lang = k.lang;
    let b = &frame.board;
    let n = &b.numbers;
    // Which alerts each view shows: what its reader acts on.
    let shows = |kind: AlertKind| match k.view {
        View::Host => matches!(
            kind,
            AlertKind::Trigger | AlertKind::SoldOut | AlertKind::LowStock | AlertKind::HardSoon
        ),
        View::Assistant => kind != AlertKind::Roi,
        View::Ads => matches!(
            kind,
            AlertKind::Roi | AlertKind::StaleNumbers | AlertKind::HardSoon
        ),
        View::Clock => kind == AlertKind::HardSoon,
        View::Sheet => false,
    };
    let alerts: Vec<&super::FrameAlert> = frame.alerts.iter().filter(|a| shows(a.kind)).collect();
    html! {
        header.bar {
            span.title { (b.title) }
            @if let Some(p) = b.platform { span.platform { (p) } }
            @if b.rehearsal { span.badge.rehearsal { (tr(lang, "REHEARSAL", "彩排")) } }
            @if let Some(r) = &k.role { span.badge.role { (who(b, r, lang)) } }
            @if n.at.is_some() {
                span.figures class=(if n.stale { "stale" } else { "" }) {
                    @if let Some(o) = n.online { (tr(lang, "online ", "在线 ")) b { (count(o)) } " · " }
                    "GMV " b { (amount(n.gmv, lang)) }
                    @if let Some(t) = n.gmv_target.filter(|t| t.0 > 0) {
                        " / " (amount(t, lang)) " (" (format!("{:.0}%", n.gmv.0 as f64 * 100.0 / t.0 as f64)) ")"
                    }
                }
            }
            span.now { (clock(b.now)) }
        }
        @if let Some(m) = &b.message {
            @if k.view != View::Sheet {
                div.message { (m) }
            }
        }
        @if !alerts.is_empty() {
            div.alerts {
                @for a in &alerts {
                    div class=(format!("alert {}", alert_class(a.kind))) {
                        (if lang == Lang::Zh { &a.zh } else { &a.en })
                    }
                }
            }
        }
        @match k.view {
            View::Host => (host(b, lang)),
            View::Assistant => (assistant(b, k.role.as_deref(), lang)),
            View::Ads => (ads(b, k.role.as_deref(), lang)),
            View::Clock => (studio_clock(b, lang)),
            View::Sheet => (sheet(b, lang)),
        }
    }
}

fn alert_class(kind: AlertKind) -> &'static str {
    match kind {
        AlertKind::Trigger | AlertKind::SoldOut => "loud",
        _ => "warn",
    }
}

/// Before the show: the countdown to it; after: that it is over.
fn off_air(b: &Board, lang: Lang) -> Markup {
    html! {
        @match b.phase {
            Phase::Pre => {
                section.offair {
                    div.label { (tr(lang, "on air in", "开播倒计时")) }
                    div.big { (countdown(b.show_start - b.now, lang)) }
                    div.at { (hm(b.show_start)) " · " (b.next.as_ref().map_or("", |c| c.title.as_str())) }
                }
            }
            _ => {
                section.offair {
                    div.big { (tr(lang, "Off air", "已下播")) }
                }
            }
        }
    }
}

/// The next cue and the next hard hit, with their countdowns.
fn next_line(b: &Board, lang: Lang) -> Markup {
    html! {
        div.next {
            @if let Some(n) = &b.next {
                div.cell {
                    span.label { (tr(lang, "next", "下一环节")) }
                    span.what { (n.title) }
                    @if let Some(t) = n.start {
                        span.label { (tr(lang, "in", "还有")) }
                        span.count { (countdown(t - b.now, lang)) }
                    }
                }
            }
            @if b.phase == Phase::OnAir {
                div.cell class=(if b.over.num_seconds() >= 15 { "over" } else { "under" }) {
                    span.ou { (over_under(b.over, &hard_label(b), lang)) }
                    span.label { (tr(lang, "· in", "· 还有")) }
                    span.count { (countdown(b.next_hard_at - b.now, lang)) }
                }
            }
        }
    }
}

/// "20:00 整点红包", or the show's end when no hard cue is left.
fn hard_label(b: &Board) -> String {
    match &b.next_hard {
        Some(h) => format!("{} {}", hm(b.next_hard_at), h.title),
        None => format!("{} END", hm(b.next_hard_at)),
    }
}

fn countdowns(b: &Board, lang: Lang, full_screen: bool) -> Markup {
    let full = b.countdowns.iter().find(|c| match c.draw {
        Draw::Running(left) => left <= Duration::seconds(FULL_SCREEN_LAST),
        Draw::Now(since) => since < Duration::seconds(FULL_SCREEN_CALLOUT),
    });
    html! {
        @if full_screen {
            @if let Some(c) = full {
                div.fullscreen {
                    div.name { (c.name) }
                    @match c.draw {
                        Draw::Running(left) => div.huge { (countdown(left, lang)) },
                        Draw::Now(_) => div.huge { (draw_now(c, lang)) },
                    }
                }
            }
        }
        @if !b.countdowns.is_empty() {
            div.countdowns {
                @for c in &b.countdowns {
                    @match c.draw {
                        Draw::Running(left) => div.cd {
                            span.word { (c.word) (tr(lang, " in", "倒计时")) }
                            span.count { (countdown(left, lang)) }
                            span.name { (c.name) }
                        },
                        Draw::Now(_) => div.cd.now {
                            span.word { (draw_now(c, lang)) }
                            span.name { (c.name) }
                        },
                    }
                }
            }
        }
    }
}

fn draw_now(c: &Countdown, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("立即{}", c.word),
        Lang::En => format!("{} NOW", c.word),
    }
}

fn product_card(
    p: &Product,
    currency: &str,
    lang: Lang,
    stock: bool,
    figures: Option<&stagecall_core::live::numbers::Stock>,
) -> Markup {
    html! {
        div.product class=(if p.sold_out { "soldout" } else { "" }) {
            div.head {
                @if let Some(l) = p.link { span.link { "#" (l) } }
                span.pname { (p.name) }
            }
            div.prices {
                @if let Some(f) = p.flash_price {
                    span.flash { (tr(lang, "flash ", "秒杀价 ")) (price(f, currency)) }
                }
                @if let Some(lp) = p.live_price {
                    span.live class=(if p.flash_price.is_some() { "minor" } else { "" }) {
                        (tr(lang, "live ", "直播价 ")) (price(lp, currency))
                    }
                }
                @if let Some(l) = p.list_price { s.list { (price(l, currency)) } }
            }
            @if stock {
                div.stock {
                    @if p.sold_out { span.so { (tr(lang, "SOLD OUT", "已售罄")) } }
                    @else if let Some(f) = figures.filter(|f| f.sold > 0) {
                        (tr(lang, "sold ", "已售 ")) (count(f.sold))
                        @if let Some(r) = f.remaining {
                            " · " span class=(if f.low { "low" } else { "" }) { (tr(lang, "left ", "剩 ")) (count(r)) }
                        }
                    }
                    @else if let Some(s) = p.stock { (tr(lang, "stock ", "库存 ")) (s) }
                }
            } @else if p.sold_out {
                div.stock { span.so { (tr(lang, "SOLD OUT", "已售罄")) } }
            }
            @if !p.pitch.is_empty() {
                ul.pitch { @for x in &p.pitch { li { (x) } } }
            }
        }
    }
}

fn host(b: &Board, lang: Lang) -> Markup {
    let Some(c) = &b.on_air else {
        return html! { (off_air(b, lang)) (countdowns(b, lang, true)) (next_line(b, lang)) };
    };
    html! {
        (countdowns(b, lang, true))
        section.onair {
            div.cue {
                @if let Some(s) = &c.segment { span.segment { (s) } }
                span.ctitle { (c.title) }
                @if let Some(end) = c.due_end {
                    span.left class=(if end < b.now { "late" } else { "" }) {
                        @if end < b.now { (tr(lang, "over ", "超时 ")) (countdown(b.now - end, lang)) }
                        @else { (tr(lang, "left ", "剩 ")) (countdown(end - b.now, lang)) }
                    }
                }
            }
            @if !c.products.is_empty() {
                div.products { @for p in &c.products { (product_card(p, &b.currency, lang, false, None)) } }
            }
            @if !c.script.is_empty() {
                div.script { @for l in &c.script { p { (l) } } }
            }
        }
        (next_line(b, lang))
    }
}

fn mark(m: TaskMark) -> &'static str {
    match m {
        TaskMark::Open => "☐",
        TaskMark::Done => "✓",
        TaskMark::Skipped => "⤼",
    }
}

fn mark_class(m: TaskMark) -> &'static str {
    match m {
        TaskMark::Open => "open",
        TaskMark::Done => "done",
        TaskMark::Skipped => "skipped",
    }
}

fn task_list(tasks: &[&Task], b: &Board, lang: Lang) -> Markup {
    html! {
        ul.tasks {
            @for t in tasks {
                li class=(mark_class(t.mark)) {
                    span.mark { (mark(t.mark)) }
                    @if let Some(d) = t.due {
                        span.due class=(if t.mark == TaskMark::Open && d <= b.now { "late" } else { "" }) { (hm(d)) }
                    }
                    span.text { (t.text) }
                    @if t.sold_out { span.so { (tr(lang, "sold out", "已售罄")) } }
                    @if let Some(w) = &t.who { span.who { (who(b, w, lang)) } }
                }
            }
        }
    }
}

/// "助播 阿朵": the role as the crew says it, and who plays it.
fn who(b: &Board, role: &str, lang: Lang) -> String {
    let shown = crate::tui::view::checklist::role_name(role, lang);
    match b.crew.get(role) {
        Some(name) => format!("{shown} {name}"),
        None => shown.to_string(),
    }
}

fn allows(role: Option<&str>, t: &Task) -> bool {
    stagecall_core::live::tasks::role_allows(role, t.who.as_deref())
}

fn assistant(b: &Board, role: Option<&str>, lang: Lang) -> Markup {
    let due: Vec<&Task> = b.due.iter().filter(|t| allows(role, t)).collect();
    let list: Vec<&Task> = b.checklist.iter().filter(|t| allows(role, t)).collect();
    html! {
        (countdowns(b, lang, false))
        @if let Some(c) = &b.on_air {
            section.onair.compact {
                div.cue {
                    @if let Some(s) = &c.segment { span.segment { (s) } }
                    span.ctitle { (c.title) }
                }
            }
        } @else {
            (off_air(b, lang))
        }
        @if !due.is_empty() {
            h2.due { (tr(lang, "Due now", "现在要做")) }
            (task_list(&due, b, lang))
        }
        h2 { (tr(lang, "Checklist", "本环节任务")) }
        @if list.is_empty() { p.none { (tr(lang, "nothing for this role now", "此角色暂无任务")) } }
        @else { (task_list(&list, b, lang)) }
        @if let Some(c) = &b.on_air {
            @if !c.products.is_empty() {
                h2 { (tr(lang, "Products on air", "在播商品")) }
                div.products { @for p in &c.products { (product_card(p, &b.currency, lang, true, b.numbers.stock.iter().find(|s| s.sku == p.sku))) } }
            }
        }
        (next_line(b, lang))
    }
}

fn ads(b: &Board, role: Option<&str>, lang: Lang) -> Markup {
    let span = (b.show_end - b.show_start).num_seconds().max(1) as f64;
    let pct = |t: chrono::DateTime<chrono_tz::Tz>| {
        ((t - b.show_start).num_seconds() as f64 / span * 100.0).clamp(0.0, 100.0)
    };
    let due: Vec<&Task> = b
        .due
        .iter()
        .filter(|t| allows(role, t) && b.slots.iter().any(|s| s.id == t.row))
        .collect();
    html! {
        @if b.slots.is_empty() {
            p.none { (tr(lang, "This plan has no traffic slots.", "本场没有投放时段。")) }
        } @else {
            div.timeline {
                @for s in &b.slots {
                    div.slot class=(if s.running { "running" } else if s.to <= b.now { "past" } else { "" })
                        style=(format!("left:{:.2}%;width:{:.2}%", pct(s.from), (pct(s.to) - pct(s.from)).max(0.5))) {
                        (s.id)
                    }
                }
                div.nowline style=(format!("left:{:.2}%", pct(b.now))) {}
                div.ends { span { (hm(b.show_start)) } span { (hm(b.show_end)) } }
            }
            @if !due.is_empty() {
                h2.due { (tr(lang, "Switch now", "现在要切换")) }
                (task_list(&due, b, lang))
            }
            table.slots {
                thead { tr {
                    th { (tr(lang, "slot", "时段")) }
                    th { (tr(lang, "time", "时间")) }
                    th { (tr(lang, "channel", "渠道")) }
                    th.num { (tr(lang, "budget", "预算")) }
                    th.num { (tr(lang, "spend", "消耗")) }
                    th.num { "GMV" }
                    th.num { (tr(lang, "ROI / target", "ROI / 目标")) }
                    th { (tr(lang, "on / off", "开 / 关")) }
                } }
                tbody {
                    @for s in &b.slots {
                        tr class=(if s.running { "running" } else if s.to <= b.now { "past" } else { "" }) {
                            td { (s.id) @if s.running { " " span.badge.live { (tr(lang, "NOW", "进行中")) } } }
                            td { (hm(s.from)) "–" (hm(s.to)) }
                            td { (s.channel.as_deref().unwrap_or("")) @if let Some(a) = &s.audience { " · " (a) } }
                            @let f = b.numbers.slots.iter().find(|f| f.id == s.id).filter(|_| s.from < b.now);
                            td.num { (s.budget.map(|m| price(m, &b.currency)).unwrap_or_default()) }
                            td.num { (f.map(|f| price(f.spend, &b.currency)).unwrap_or_default()) }
                            td.num { (f.map(|f| price(f.gmv, &b.currency)).unwrap_or_default()) }
                            td.num class=(if f.is_some_and(|f| f.under_since.is_some()) { "late" } else { "" }) {
                                (f.and_then(|f| f.roi).map(|r| format!("{r:.2}")).unwrap_or_else(|| "–".into()))
                                " / "
                                (s.roi_target.map(|r| format!("{r}")).unwrap_or_default())
                            }
                            td {
                                @for t in &s.tasks {
                                    div class=(mark_class(t.mark)) {
                                        (mark(t.mark)) " "
                                        @if let Some(d) = t.due { (hm(d)) " " }
                                        (t.text)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        (next_line(b, lang))
    }
}

fn studio_clock(b: &Board, lang: Lang) -> Markup {
    html! {
        section.studio {
            div.tod { (clock(b.now)) }
            @if let Some(c) = &b.on_air {
                div.cue { (c.title) }
                @if let Some(end) = c.due_end {
                    div.left class=(if end < b.now { "late" } else { "" }) {
                        @if end < b.now { (tr(lang, "over ", "超时 ")) (countdown(b.now - end, lang)) }
                        @else { (countdown(end - b.now, lang)) }
                    }
                }
            } @else {
                (off_air(b, lang))
            }
            @if b.phase == Phase::OnAir {
                div.ou class=(if b.over.num_seconds() >= 15 { "over" } else { "under" }) {
                    (over_under(b.over, &hard_label(b), lang))
                }
            }
        }
        (countdowns(b, lang, false))
        (next_line(b, lang))
    }
}

fn state_word(s: CueState, lang: Lang) -> &'static str {
    match s {
        CueState::Done => tr(lang, "done", "已播"),
        CueState::OnAir => tr(lang, "ON AIR", "直播中"),
        CueState::Upcoming => tr(lang, "upcoming", "待播"),
        CueState::Cut => tr(lang, "cut", "将切掉"),
        CueState::NotAired => tr(lang, "not aired", "未播"),
    }
}

fn state_class(s: CueState) -> &'static str {
    match s {
        CueState::Done => "done",
        CueState::OnAir => "onair",
        CueState::Upcoming => "upcoming",
        CueState::Cut => "cut",
        CueState::NotAired => "notaired",
    }
}

fn sheet(b: &Board, lang: Lang) -> Markup {
    html! {
        table.sheet {
            thead { tr {
                th { (tr(lang, "time", "时间")) }
                th { (tr(lang, "cue", "环节")) }
                th { (tr(lang, "state", "状态")) }
                th { (tr(lang, "tasks", "任务")) }
            } }
            tbody {
                @for r in &b.rows {
                    @let class = r.state.map_or("slotrow", state_class);
                    tr class=(class) {
                        td.time {
                            @match (r.kind, r.start) {
                                (RowKind::Cue, Some(s)) => {
                                    (hm(s))
                                    @if let Some(e) = r.end { "–" (hm(e)) }
                                    @if s.timestamp() / 60 != r.planned_start.timestamp() / 60 {
                                        br; s.planned { (hm(r.planned_start)) }
                                    }
                                },
                                _ => { (hm(r.planned_start)) },
                            }
                        }
                        td.title {
                            @if r.hard { span.hard { (tr(lang, "fixed", "定点")) } " " }
                            @if let Some(s) = &r.segment { span.segment { (s) } " " }
                            (r.title)
                        }
                        td.state { @if let Some(s) = r.state { (state_word(s, lang)) } }
                        td {
                            @let tasks: Vec<&Task> = r.tasks.iter().collect();
                            @if !tasks.is_empty() { (task_list(&tasks, b, lang)) }
                        }
                    }
                }
            }
        }
    }
}

const STYLE: &str = r#"
:root{--bg:#0d1117;--fg:#f0f3f6;--dim:#8b949e;--card:#161b22;--line:#30363d;--accent:#ffd33d;--red:#ff6b6b;--green:#3fb950;--blue:#58a6ff}
*{box-sizing:border-box}
html,body{margin:0;background:var(--bg);color:var(--fg);font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",system-ui,sans-serif;line-height:1.35}
main{padding:0 2vw 2vh}
.bar{display:flex;gap:1em;align-items:baseline;flex-wrap:wrap;padding:.6em 2vw;border-bottom:1px solid var(--line);font-size:clamp(1rem,1.6vw,2rem)}
.bar .title{font-weight:700}.bar .platform{color:var(--dim)}.bar .now{margin-left:auto;font-variant-numeric:tabular-nums;font-weight:700}
.badge{padding:.05em .5em;border-radius:.3em;font-weight:700}.badge.rehearsal{background:#6e40c9}.badge.role{background:#1f6feb}.badge.live{background:var(--green);color:#000}
#lost{display:none;position:fixed;top:0;left:0;right:0;background:var(--red);color:#000;text-align:center;font-weight:700;padding:.3em;z-index:20}
body.stale #lost{display:block}body.stale main{opacity:.45}
.message{margin:1vh 0;padding:.5em .8em;background:var(--accent);color:#000;font-weight:800;font-size:clamp(1.4rem,4vw,4.5rem);border-radius:.3em}
.onair .cue{display:flex;gap:.6em;align-items:baseline;flex-wrap:wrap;margin:1.5vh 0;font-size:clamp(1.6rem,4vw,4.5rem);font-weight:800}
.onair.compact .cue{font-size:clamp(1.3rem,3vw,3rem)}
.segment{background:var(--line);padding:0 .4em;border-radius:.25em;font-size:.7em;font-weight:700}
.cue .left{margin-left:auto;color:var(--green);font-variant-numeric:tabular-nums}.late{color:var(--red)!important}
.products{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,22rem),1fr));gap:1vw;margin:1vh 0}
.product{background:var(--card);border:1px solid var(--line);border-radius:.5em;padding:.6em .8em;font-size:clamp(1.1rem,2vw,2.4rem)}
.product .head{display:flex;gap:.5em;align-items:baseline;font-weight:700}.product .link{color:#000;background:var(--blue);padding:0 .35em;border-radius:.25em;font-size:1.2em}
.prices{display:flex;gap:.8em;align-items:baseline;flex-wrap:wrap;margin:.2em 0}.flash{color:var(--red);font-weight:800;font-size:1.3em}.live{color:var(--accent);font-weight:800;font-size:1.2em}.live.minor{font-size:.9em}.list{color:var(--dim)}
.pitch{margin:.2em 0 0;padding-left:1.2em}.product.soldout{opacity:.5}.so{color:#000;background:var(--red);padding:0 .4em;border-radius:.25em;font-weight:800;margin-left:.4em}
.script{margin:2vh 0;font-size:clamp(1.5rem,3.4vw,4.4rem);font-weight:600;line-height:1.45}.script p{margin:.2em 0}
.next{display:flex;gap:.4em 2vw;flex-wrap:wrap;margin-top:2vh;border-top:1px solid var(--line);padding:1vh 0;font-size:clamp(1.1rem,2.2vw,2.6rem);position:sticky;bottom:0;background:var(--bg)}
.next .cell{display:flex;gap:.5em;align-items:baseline;flex-wrap:wrap}.next .label{color:var(--dim)}.next .count{font-weight:800;font-variant-numeric:tabular-nums}
.next .over .ou{color:var(--red);font-weight:700}.next .under .ou{color:var(--green)}
.countdowns{display:flex;gap:1em;flex-wrap:wrap;margin:1vh 0}.cd{background:#3d2e00;border:2px solid var(--accent);border-radius:.4em;padding:.3em .7em;font-size:clamp(1.2rem,3vw,3.4rem);display:flex;gap:.5em;align-items:baseline}
.cd .count{font-weight:900;font-variant-numeric:tabular-nums;color:var(--accent)}.cd.now{background:var(--red);color:#000;border-color:var(--red);font-weight:900}
.fullscreen{position:fixed;inset:0;z-index:10;background:#000;display:flex;flex-direction:column;align-items:center;justify-content:center;color:var(--accent)}
.fullscreen .name{font-size:clamp(1.5rem,5vw,6rem)}.fullscreen .huge{font-size:clamp(6rem,30vw,40rem);font-weight:900;font-variant-numeric:tabular-nums;line-height:1}
.offair{text-align:center;margin:6vh 0}.offair .label{color:var(--dim);font-size:clamp(1.2rem,3vw,3rem)}.offair .big{font-size:clamp(3rem,14vw,16rem);font-weight:900;font-variant-numeric:tabular-nums}.offair .at{font-size:clamp(1.2rem,3vw,3rem)}
h2{font-size:clamp(1.1rem,2vw,2rem);margin:2vh 0 .5vh;color:var(--dim)}h2.due{color:var(--red)}
.tasks{list-style:none;padding:0;margin:0;font-size:clamp(1.1rem,2.2vw,2.4rem)}.tasks li{display:flex;gap:.5em;align-items:baseline;padding:.2em 0;border-bottom:1px solid var(--line)}
.tasks .mark{width:1.2em}.tasks .due{font-variant-numeric:tabular-nums;color:var(--dim)}.tasks .who{margin-left:auto;color:var(--blue)}.tasks li.done{color:var(--dim)}.tasks li.skipped{color:var(--dim);text-decoration:line-through}
.none{color:var(--dim)}
.figures{color:var(--dim);font-variant-numeric:tabular-nums}.figures b{color:var(--fg)}.figures.stale{opacity:.5}
.alerts{display:flex;flex-direction:column;gap:.4vh;margin:1vh 0}.alert{padding:.35em .7em;border-radius:.3em;font-weight:700;font-size:clamp(1.1rem,2.4vw,2.8rem)}
.alert.loud{background:var(--red);color:#000}.alert.warn{background:#3d2e00;border:2px solid var(--accent);color:var(--accent)}.low{color:var(--red);font-weight:800}
.timeline{position:relative;height:4.5em;margin:2vh 0 3vh;background:var(--card);border-radius:.4em}
.timeline .slot{position:absolute;top:.5em;height:2.2em;background:#1f6feb;border-radius:.3em;overflow:hidden;white-space:nowrap;padding:.35em;font-size:.9em}
.timeline .slot.running{background:var(--green);color:#000;font-weight:700}.timeline .slot.past{background:var(--line)}
.timeline .nowline{position:absolute;top:0;bottom:0;width:3px;background:var(--red)}.timeline .ends{position:absolute;bottom:.1em;left:.3em;right:.3em;display:flex;justify-content:space-between;color:var(--dim);font-size:.8em}
table{border-collapse:collapse;width:100%;font-size:clamp(.95rem,1.5vw,1.6rem)}th,td{border-bottom:1px solid var(--line);padding:.35em .5em;text-align:left;vertical-align:top}th{color:var(--dim)}.num{text-align:right;font-variant-numeric:tabular-nums}
tr.running td,tr.onair td{background:#10301a}tr.past td,tr.done td{color:var(--dim)}tr.cut td,tr.notaired td{color:var(--dim);text-decoration:line-through}tr.slotrow td{color:var(--blue)}
.hard{background:var(--accent);color:#000;padding:0 .3em;border-radius:.25em;font-size:.75em;font-weight:700}
.sheet .time{white-space:nowrap;font-variant-numeric:tabular-nums}.sheet .planned{color:var(--dim)}.sheet .tasks{font-size:1em}.sheet .state{white-space:nowrap}
.studio{text-align:center;margin-top:4vh}.studio .tod{font-size:clamp(3.5rem,15vw,22rem);font-weight:900;font-variant-numeric:tabular-nums;line-height:1}
.studio .cue{font-size:clamp(1.6rem,5vw,6rem);font-weight:800;margin-top:2vh}.studio .left{font-size:clamp(2.2rem,8vw,10rem);font-weight:900;color:var(--green);font-variant-numeric:tabular-nums}
.studio .ou{font-size:clamp(1.2rem,3.5vw,4rem);margin-top:1vh}.studio .ou.over{color:var(--red)}.studio .ou.under{color:var(--green)}
#index{font-size:clamp(1.2rem,2.5vw,2.5rem)}#index a{color:var(--blue)}.hint{color:var(--dim)}
@media print{.next{position:static}:root{--bg:#fff;--fg:#000;--dim:#555;--card:#fff;--line:#bbb}#lost,.fullscreen,script{display:none!important}body.stale main{opacity:1}tr.running td,tr.onair td{background:#e6ffe6}thead{display:table-header-group}tr{page-break-inside:avoid}}
"#;

const SCRIPT: &str = r#"
(function(){
  var main=document.getElementById('main'), view=document.body.getAttribute('data-view');
  var last=Date.now(), es=new EventSource('/events/'+view+location.search);
  function fresh(){last=Date.now();document.body.classList.remove('stale');}
  es.addEventListener('frame',function(e){main.innerHTML=e.data;fresh();});
  es.addEventListener('beat',fresh);
  es.onerror=function(){document.body.classList.add('stale');};
  setInterval(function(){if(Date.now()-last>7000)document.body.classList.add('stale');},1000);
})();
"#;
