//! The warm-up pane (pane 5): every warm-up item (预热) in time order with
//! its channel, reservations target and checklist, overdue ones in red;
//! then any orphaned state (ticks for tasks the plan no longer has). Also
//! owns the grouped warm-up checklist the pre-show screen shows.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};
use stagecall_core::state::TaskMark;

use super::checklist::{self, mark_symbol};
use super::fmt::{fit, scroll, spans_fit};
use super::{Scene, pane_block, theme};
use crate::tui::app::{CheckItem, Pane, warmup_key};
use crate::tui::i18n::{Label, Lang};

/// Every warm-up task the role sees, in time order.
fn all_items(cx: &Scene) -> Vec<CheckItem> {
    let (plan, sched) = (&cx.app.plan, &cx.app.sched);
    let mut order: Vec<usize> = (0..plan.warmups.len().min(sched.warmups.len())).collect();
    order.sort_by_key(|&i| sched.warmups[i]);
    let mut out = Vec::new();
    for i in order {
        let w = &plan.warmups[i];
        for t in w
            .checklist
            .iter()
            .filter(|t| cx.role_allows(t.who.as_deref()))
        {
            let key = warmup_key(&w.id, &t.text);
            out.push(CheckItem {
                mark: cx.app.state.mark(&key),
                key,
                text: t.text.clone(),
                who: t.who.clone(),
                due: Some(sched.warmups[i]),
                source: stagecall_core::live::tasks::Source::Warmup,
                cue: None,
                sold_out: false,
            });
        }
    }
    out
}

/// Checklist lines grouped under their warm-up item's heading; the index
/// of the line to keep in view (the selection, else the first open task).
pub fn grouped(cx: &Scene, items: &[CheckItem], w: usize) -> (Vec<Line<'static>>, usize) {
    let plan = &cx.app.plan;
    let mut lines = Vec::new();
    let mut focus = None;
    let mut first_open = None;
    let mut last_group: Option<&str> = None;
    for item in items {
        if last_group != Some(item.key.cue.as_str()) {
            last_group = Some(item.key.cue.as_str());
            let found = plan
                .warmups
                .iter()
                .position(|wu| warmup_key(&wu.id, "").cue == item.key.cue);
            lines.push(heading(cx, found, items, &item.key.cue, w));
        }
        if cx.app.panes.sheet.selected.as_ref() == Some(&item.key) {
            focus = Some(lines.len());
        }
        if item.mark == TaskMark::Open && first_open.is_none() {
            first_open = Some(lines.len());
        }
        let mut line = checklist::line(cx, item, w.saturating_sub(2), false);
        line.spans.insert(0, Span::raw("  "));
        lines.push(line);
    }
    (lines, focus.or(first_open).unwrap_or(0))
}

/// "11-10 12:00 直播预告 发布直播预告… 预约目标 8000  已逾期".
fn heading(
    cx: &Scene,
    wi: Option<usize>,
    items: &[CheckItem],
    key: &str,
    w: usize,
) -> Line<'static> {
    let (plan, sched) = (&cx.app.plan, &cx.app.sched);
    let Some((wu, at)) = wi.and_then(|i| plan.warmups.get(i).zip(sched.warmups.get(i))) else {
        return Line::styled(fit(key, w), theme::heading());
    };
    let open = items
        .iter()
        .any(|i| i.key.cue == key && i.mark == TaskMark::Open);
    let late = open && *at < cx.app.now;
    let channel = wu
        .channel
        .map(|c| {
            if cx.lang == Lang::Zh {
                c.zh().to_string()
            } else {
                c.key().replace('_', " ")
            }
        })
        .unwrap_or_default();
    let mut spans = vec![Span::styled(
        format!("{} ", at.format("%m-%d %H:%M")),
        if late {
            theme::overdue()
        } else {
            theme::heading()
        },
    )];
    if !channel.is_empty() {
        spans.push(Span::styled(format!("{channel} "), theme::welfare()));
    }
    let mut tail = Vec::new();
    let head_w: usize = spans
        .iter()
        .map(|s| crate::render::text::width(&s.content))
        .sum();
    if let Some(t) = wu.target_reservations {
        let text = format!(" {} {t}", cx.t(Label::Reservations));
        // Only when the title still fits beside it.
        if head_w + crate::render::text::width(&wu.title) + crate::render::text::width(&text) + 10
            <= w
        {
            tail.push(Span::styled(text, theme::label()));
        }
    }
    if late {
        tail.push(Span::styled(
            format!(" {}", cx.t(Label::Overdue)),
            theme::overdue(),
        ));
    } else if !open {
        tail.push(Span::styled(
            format!(" ✓ {}", cx.t(Label::Done)),
            theme::done(),
        ));
    }
    let tail_w: usize = tail
        .iter()
        .map(|s| crate::render::text::width(&s.content))
        .sum();
    spans.push(Span::styled(
        fit(&wu.title, w.saturating_sub(head_w + tail_w)),
        theme::bold(),
    ));
    spans.extend(tail);
    Line::from(spans_fit(spans, w, false))
}

pub struct Warmup<'a>(pub &'a Scene<'a>);

impl Widget for Warmup<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let cx = self.0;
        let block = pane_block(cx, Pane::Warmup);
        let inner = block.inner(area);
        block.render(area, buf);
        let (w, h) = (inner.width as usize, inner.height as usize);
        let items = all_items(cx);
        let (mut lines, focus) = grouped(cx, &items, w);
        if items.is_empty() {
            lines.push(Line::styled(
                format!(" {}", cx.t(Label::NoWarmup)),
                theme::label(),
            ));
        }
        let orphans = cx.app.orphaned();
        if !orphans.is_empty() {
            lines.push(Line::raw(""));
            lines.push(Line::styled(
                fit(&format!("{} ({})", cx.t(Label::Orphaned), orphans.len()), w),
                theme::next(),
            ));
            for (key, mark) in orphans {
                let spans = vec![
                    Span::raw("  "),
                    mark_symbol(mark),
                    Span::styled(format!(" {} · ", fit(&key.cue, 24)), theme::label()),
                    Span::raw(fit(&key.task, w)),
                ];
                lines.push(Line::from(spans_fit(spans, w, false)));
            }
        }
        let start = scroll(lines.len(), h, focus);
        Paragraph::new(lines.into_iter().skip(start).collect::<Vec<_>>()).render(inner, buf);
    }
}
