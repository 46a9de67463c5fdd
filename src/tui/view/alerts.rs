//! Alert lines under the status bar, shown on every pane: the plan-error
//! banner (the file on disk has errors; the last good plan still runs),
//! the loud draw callout (开奖 DRAW NOW) for a minute after a welfare
//! countdown ends, why the team link is down, the message standing on
//! the host's screen, and the running draw countdowns.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::fmt::{countdown, fit, spans_fit, wrap};
use super::welfare::{Draw, draws};
use super::{Scene, theme};
use crate::render::text::sanitize;
use crate::tui::i18n::{Label, Lang};
use stagecall_core::live::Live;
use stagecall_core::live::numbers::{Alert, AlertKind, Numbers};
use stagecall_core::plan::Plan;

pub struct Alerts(pub Vec<Line<'static>>);

/// A live-numbers alert in the crew's words (the terminal and the browser
/// views both say it so).
pub fn alert_text(plan: &Plan, n: &Numbers, m: &Live, a: &Alert, lang: Lang) -> String {
    use super::fmt::{amount, count};
    let zh = lang == Lang::Zh;
    let id = a.id.as_deref().unwrap_or("");
    match a.kind {
        AlertKind::Trigger => {
            let w = plan.welfare.iter().find(|w| w.id == id);
            let name = w.map_or(id.to_string(), |w| format!("{} {}", w.kind.zh(), w.name));
            let cond = w
                .and_then(|w| w.when.as_ref())
                .map(|c| c.to_string())
                .unwrap_or_default();
            if zh {
                format!("触发 {cond}：现在发 {name}（r）")
            } else {
                format!("trigger {cond}: release {name} now (r)")
            }
        }
        AlertKind::LowStock | AlertKind::SoldOut => {
            let s = n.stock.iter().find(|s| s.sku == id);
            let name = plan
                .items
                .iter()
                .find(|i| i.sku == id)
                .map_or("", |i| i.name.as_str());
            let left = s.and_then(|s| s.remaining).map_or_else(String::new, count);
            match (a.kind, zh) {
                (AlertKind::SoldOut, true) => format!("已售罄 {id} {name}：下架、告诉主播"),
                (AlertKind::SoldOut, false) => {
                    format!("sold out {id} {name}: take it down, tell the host")
                }
                (_, true) => format!(
                    "库存紧张 {id} {name} 剩 {left}（≤{}）：逼单 / 补货",
                    s.and_then(|s| s.low_at).unwrap_or(0)
                ),
                (_, false) => format!(
                    "low stock {id} {name}: {left} left (alert at {}): push to close, or restock",
                    s.and_then(|s| s.low_at).unwrap_or(0)
                ),
            }
        }
        AlertKind::Roi => {
            let s = n.slots.iter().find(|s| s.id == id);
            let roi = s
                .and_then(|s| s.roi)
                .map_or_else(String::new, |r| format!("{r:.2}"));
            let target = s
                .and_then(|s| s.roi_target)
                .map_or_else(String::new, |t| t.to_string());
            let mins = s
                .and_then(|s| s.under_since)
                .map_or(0, |t| (m.now - t).num_minutes());
            let spend = s.map_or_else(String::new, |s| amount(s.spend, lang));
            if zh {
                format!(
                    "投放 {id} ROI {roi} 低于目标 {target} 已 {mins} 分钟（消耗 {spend}）：考虑停计划"
                )
            } else {
                format!(
                    "slot {id}: ROI {roi} under target {target} for {mins} min (spent {spend}): consider stopping it"
                )
            }
        }
        AlertKind::HardSoon => {
            let title = plan
                .cues
                .iter()
                .find(|c| c.id == id)
                .map_or("", |c| c.title.as_str());
            let left = super::fmt::countdown(m.next_hard_at - m.now, lang);
            if zh {
                format!(
                    "定点 {} {title} 还有 {left}",
                    super::fmt::hm(m.next_hard_at)
                )
            } else {
                format!(
                    "fixed cue {} {title} in {left}",
                    super::fmt::hm(m.next_hard_at)
                )
            }
        }
        AlertKind::StaleNumbers => {
            let mins = n.at.map_or(0, |t| (m.now - t).num_minutes());
            if zh {
                format!("数据 {mins} 分钟未更新：核对大屏（$ 录入）")
            } else {
                format!("the numbers are {mins} min old: check the data screen ($ to enter)")
            }
        }
    }
}

impl Widget for Alerts {
    fn render(self, area: Rect, buf: &mut Buffer) {
        Paragraph::new(self.0).render(area, buf);
    }
}

/// The callout, in both languages so nobody misreads it, worded by kind:
/// 开奖 (draw) for a lucky bag or lottery, 开抢 (grab) for a red packet or
/// flash sale, 结束 (ends) otherwise.
pub fn draw_now(cx: &Scene, w: usize) -> String {
    let kind = cx.app.plan.welfare.get(w).map(|w| w.kind);
    let (zh, en) = match kind.map(stagecall_core::live::countdown_word) {
        Some("开抢") => ("立即开抢", "开抢 GRAB NOW"),
        Some("结束") => ("已结束", "结束 ENDS NOW"),
        _ => ("立即开奖", "开奖 DRAW NOW"),
    };
    // In English both words, so a Chinese-speaking host misreads nothing;
    // in Chinese, Chinese only.
    match cx.lang {
        Lang::Zh => zh.to_string(),
        Lang::En => en.to_string(),
    }
}

/// "draw in" / "开奖倒计时", worded by the welfare's kind.
pub fn draw_in(cx: &Scene, w: usize) -> &'static str {
    let kind = cx.app.plan.welfare.get(w).map(|w| w.kind);
    match (kind.map(stagecall_core::live::countdown_word), cx.lang) {
        (Some("开抢"), Lang::Zh) => "开抢倒计时",
        (Some("开抢"), Lang::En) => "grab in",
        (Some("结束"), Lang::Zh) => "结束倒计时",
        (Some("结束"), Lang::En) => "ends in",
        _ => cx.t(Label::DrawIn),
    }
}

/// The alert lines, most urgent first (the draw callout, then a plan
/// error, the team link's problem, then running countdowns), each `w`
/// cells wide.
pub fn lines(cx: &Scene, w: usize) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    let full =
        |spans: Vec<Span<'static>>, style| Line::from(spans_fit(spans, w, true)).style(style);
    let all = draws(cx);
    for (i, d) in &all {
        if let Draw::Now(since) = d {
            let name = cx.app.plan.welfare.get(*i).map_or("", |w| w.name.as_str());
            let text = format!(
                " >>> {} <<<  {}  (+{})",
                draw_now(cx, *i),
                fit(name, w),
                super::fmt::count_up(*since, cx.lang)
            );
            out.push(full(vec![Span::raw(text)], theme::alarm()));
        }
    }
    // A record that did not reach the disk: the loudest line on every pane.
    if let Some(err) = &cx.app.log_error {
        let pending: Vec<String> = cx
            .app
            .pending
            .iter()
            .map(|k| crate::tui::app::describe(cx.app, k))
            .collect();
        let mut text = format!(
            " {} {}: {}",
            cx.t(Label::NotSaved),
            cx.t(Label::NotSavedRetry),
            err
        );
        if !pending.is_empty() {
            text.push_str(&format!(
                " · {} {}: {}",
                cx.t(Label::Pending),
                pending.len(),
                pending.join(", ")
            ));
        }
        out.push(full(vec![Span::raw(fit(&text, w * 3))], theme::alarm()));
    }
    if let Some(err) = &cx.app.plan_error {
        let text = format!(" ! {}: {}", cx.t(Label::PlanError), fit(err, w));
        out.push(full(vec![Span::raw(text)], theme::alarm()));
    }
    // The team link is down for a reason (a wrong password, a bad seed, no
    // server): all of it, from the first failure; the badge sums it up.
    if let Some(t) = &cx.app.team
        && let (false, Some(err)) = (t.connected, &t.error)
    {
        // Two lines at most: the reason must not push the sheet away.
        let text = format!(" ! {}: {}", cx.t(Label::TeamProblem), sanitize(err));
        let lines = wrap(&text, w);
        let rest = lines.get(1..).unwrap_or_default().join(" ");
        for line in lines
            .first()
            .into_iter()
            .cloned()
            .chain((!rest.is_empty()).then(|| fit(&rest, w)))
        {
            out.push(full(vec![Span::raw(line)], theme::warn()));
        }
    }
    // The live numbers' alerts: a trigger that holds is the loudest.
    for a in &cx.n.alerts {
        let text = format!(" ! {}", alert_text(&cx.app.plan, &cx.n, &cx.m, a, cx.lang));
        let style = match a.kind {
            AlertKind::Trigger | AlertKind::SoldOut => theme::alarm(),
            _ => theme::warn(),
        };
        out.push(full(vec![Span::raw(fit(&text, w))], style));
    }
    // The message standing on the host's screen, until replaced or
    // cleared (`m`, then Enter on an empty line).
    if let Some((_, text)) = cx.app.state.message() {
        let line = format!(" {} ▸ {}  (m)", cx.t(Label::HostMessage), sanitize(text));
        out.push(full(vec![Span::raw(fit(&line, w))], theme::bold()));
    }
    let running: Vec<Span<'static>> = all
        .iter()
        .filter_map(|(i, d)| match d {
            Draw::Running(left) => Some((i, left)),
            Draw::Now(_) => None,
        })
        .flat_map(|(i, left)| {
            let name = cx.app.plan.welfare.get(*i).map_or("", |w| w.name.as_str());
            [
                Span::raw(format!(" {} ", draw_in(cx, *i))),
                Span::styled(countdown(*left, cx.lang), theme::bold()),
                Span::raw(format!(" {} ", fit(name, 30))),
            ]
        })
        .collect();
    if !running.is_empty() {
        out.push(full(running, theme::warn()));
    }
    out
}
