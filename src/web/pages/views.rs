//! The views' markup: one function per view over the core's board, and
//! the pieces they share (product cards, task lists, countdowns). maud
//! escapes every string that comes from the plan.

use chrono::Duration;
use maud::{Markup, html};
use stagecall_core::live::board::{Board, Countdown, Product, Task};
use stagecall_core::live::draws::Draw;
use stagecall_core::live::numbers::AlertKind;
use stagecall_core::live::{CueState, Phase};
use stagecall_core::plan::Money;
use stagecall_core::state::TaskMark;
use stagecall_core::timeline::RowKind;

use super::{RenderKey, View};
use crate::tui::i18n::Lang;
use crate::tui::view::fmt::{amount, clock, count, countdown, hm, over_under};

/// A welfare countdown fills the screen in its last seconds, and for the
/// first seconds of its callout.
const FULL_SCREEN_LAST: i64 = 10;
const FULL_SCREEN_CALLOUT: i64 = 5;

pub(super) fn tr(lang: Lang, en: &'static str, zh: &'static str) -> &'static str {
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

/// A view's `<main>` content at this frame.
pub fn main(k: &RenderKey, frame: &crate::web::Frame) -> Markup {
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
    let alerts: Vec<&crate::web::FrameAlert> =
        frame.alerts.iter().filter(|a| shows(a.kind)).collect();
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
/// `hard`: with the over/under line (the studio clock shows it large
/// already).
fn next_line(b: &Board, lang: Lang, hard: bool) -> Markup {
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
            @if hard && b.phase == Phase::OnAir {
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
        return html! { (off_air(b, lang)) (countdowns(b, lang, true)) (next_line(b, lang, true)) };
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
        (next_line(b, lang, true))
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
        (next_line(b, lang, true))
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
        (next_line(b, lang, true))
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
                    " · " (tr(lang, "in ", "还有 ")) (countdown(b.next_hard_at - b.now, lang))
                }
            }
        }
        (countdowns(b, lang, false))
        (next_line(b, lang, false))
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
