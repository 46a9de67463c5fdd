//! Checklist lines, shared by the on-air detail, the pre-show screen and the
//! warm-up pane: `☐`/`✓`/`⤼`, the task, who (role and crew member) and when
//! it is due, overdue tasks in red, the selected task reversed.

use ratatui::text::{Line, Span};
use stagecall_core::schedule::ShowTime;
use stagecall_core::state::TaskMark;

use super::fmt::{cell, fit, hm, spans_fit};
use super::{Scene, theme};
use crate::render::text::width;
use crate::tui::app::CheckItem;
use crate::tui::i18n::Label;

pub fn mark_symbol(mark: TaskMark) -> Span<'static> {
    match mark {
        TaskMark::Done => Span::styled("✓", theme::done()),
        TaskMark::Skipped => Span::styled("⤼", theme::label()),
        TaskMark::Open => Span::raw("☐"),
    }
}

/// Whether an open task's due time has passed.
pub fn overdue(cx: &Scene, mark: TaskMark, due: Option<ShowTime>) -> bool {
    mark == TaskMark::Open && due.is_some_and(|d| d < cx.app.now)
}

/// "ads 小周": the role and, when `[crew]` names one, the person; only
/// the person when `short`.
pub fn who_text(cx: &Scene, who: Option<&str>, short: bool) -> String {
    match who {
        Some(role) => {
            let shown = role_name(role, cx.lang);
            match cx.app.plan.crew_member(role) {
                Some(name) if short => fit(name, 8),
                Some(name) => format!("{} {}", fit(shown, 10), fit(name, 10)),
                None => fit(shown, if short { 8 } else { 12 }),
            }
        }
        None => String::new(),
    }
}

/// A crew role as operators say it: in Chinese, the five standard role
/// keys read 主播 / 助播 / 中控 / 投手 / 客服; other keys as written.
pub fn role_name(role: &str, lang: crate::tui::i18n::Lang) -> &str {
    if lang == crate::tui::i18n::Lang::En {
        return role;
    }
    match role {
        "host" => "主播",
        "assistant" => "助播",
        "control" | "controller" => "中控",
        "ads" | "traffic" => "投手",
        "service" => "客服",
        other => other,
    }
}

/// One task as a line exactly `w` cells wide; with its due time when
/// `show_due` (a heading may already say when).
pub fn line(cx: &Scene, item: &CheckItem, w: usize, show_due: bool) -> Line<'static> {
    let selected = cx.app.panes.sheet.selected.as_ref() == Some(&item.key);
    let late = overdue(cx, item.mark, item.due);
    let who = who_text(cx, item.who.as_deref(), w < 44);
    let mut right: Vec<Span<'static>> = Vec::new();
    if !who.is_empty() {
        right.push(Span::styled(who, theme::label()));
    }
    if let Some(due) = item.due.filter(|_| show_due) {
        right.push(Span::raw(" "));
        right.push(Span::styled(
            hm(due),
            if late {
                theme::overdue()
            } else {
                theme::label()
            },
        ));
    }
    if late && show_due {
        right.push(Span::styled(
            format!(" {}", cx.t(Label::Overdue)),
            theme::overdue(),
        ));
    }
    // A later 上架 (or a deal) for a product that is sold out now.
    if item.sold_out
        && item.mark == TaskMark::Open
        && matches!(item.source, stagecall_core::live::tasks::Source::Sheet(_))
    {
        right.insert(
            0,
            Span::styled(format!("{} ", cx.t(Label::SoldOut)), theme::sold_out()),
        );
    }
    let mut rw: usize = right.iter().map(|s| width(&s.content)).sum();
    // The task text matters most: drop who/when before squeezing it.
    if w < rw + 14 {
        right.clear();
        rw = 0;
    }
    let tw = w.saturating_sub(2 + rw + usize::from(rw > 0));
    let text_style = match item.mark {
        TaskMark::Open if late => theme::overdue(),
        TaskMark::Open => ratatui::style::Style::new(),
        _ => theme::past(),
    };
    let mut spans = vec![
        mark_symbol(item.mark),
        Span::raw(" "),
        Span::styled(cell(&item.text, tw), text_style),
    ];
    if rw > 0 {
        spans.push(Span::raw(" "));
        spans.extend(right);
    }
    let line = Line::from(spans_fit(spans, w, true));
    if selected {
        line.style(theme::selected())
    } else {
        line
    }
}

/// "2/5": tasks done or skipped, of all.
pub fn progress(items: &[CheckItem]) -> String {
    let done = items.iter().filter(|i| i.mark != TaskMark::Open).count();
    format!("{done}/{}", items.len())
}
