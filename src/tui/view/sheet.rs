//! The run sheet: one line per row (time, duration, title, products and
//! welfare), slot starts and ends as cyan rows, past cues dimmed, the cue on
//! air reversed and kept in view, sold-out products marked. The scroll
//! offset is derived from the on-air row every frame, never stored.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};
use stagecall_core::state::TaskMark;
use stagecall_core::timeline::{Row, RowKind};

use super::fmt::{cell, dur, fit, hm, right, scroll, spans_fit};
use super::{Scene, pane_block, theme};
use crate::tui::app::Pane;
use crate::tui::i18n::Label;
use stagecall_core::live::{CueState, Phase};

pub struct Sheet<'a>(pub &'a Scene<'a>);

impl Widget for Sheet<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let cx = self.0;
        let mut block = pane_block(cx, Pane::Sheet);
        let orphans = cx.app.orphaned().len();
        if orphans > 0 {
            block = block.title_bottom(Line::styled(
                format!(" {orphans} {} ", cx.t(Label::Orphaned)),
                theme::next(),
            ));
        }
        let inner = block.inner(area);
        block.render(area, buf);
        let (w, h) = (inner.width as usize, inner.height as usize);
        let cols = Cols::new(w);
        let mut lines = Vec::new();
        let body_h = if h >= 8 {
            lines.push(header(cx, &cols));
            h - 1
        } else {
            h
        };
        let rows = live_order(cx);
        let focus = focus(cx, &rows);
        let start = scroll(rows.len(), body_h, focus);
        for r in rows.iter().skip(start).take(body_h) {
            lines.push(row_line(cx, r, &cols, when(cx, r)));
        }
        Paragraph::new(lines).render(inner, buf);
    }
}

/// The rows in the order they happen on the live clock: cues at their
/// actual or projected start (cut and not-aired ones at their planned
/// place), slot switches at their fixed times.
fn live_order<'a>(cx: &Scene<'a>) -> Vec<&'a Row> {
    let mut rows: Vec<&Row> = cx.app.rows.iter().collect();
    let at = |r: &Row| match r.kind {
        RowKind::Cue => {
            cx.m.cues
                .get(r.index)
                .and_then(|c| c.start)
                .unwrap_or(r.start)
        }
        _ => r.start,
    };
    let rank = |r: &Row| match r.kind {
        RowKind::SlotEnd => 0,
        RowKind::SlotStart => 1,
        RowKind::Cue => 2,
    };
    // Stable: cues keep plan order among equal times.
    rows.sort_by(|a, b| at(a).cmp(&at(b)).then(rank(a).cmp(&rank(b))));
    rows
}

/// The row to keep in view: the cue on air, the first before the show,
/// the last after it.
fn focus(cx: &Scene, rows: &[&Row]) -> usize {
    match (cx.m.phase, cx.m.on_air) {
        (Phase::OnAir, Some(i)) => rows
            .iter()
            .position(|r| r.kind == RowKind::Cue && r.index == i)
            .unwrap_or(0),
        (Phase::Post, _) => rows.len().saturating_sub(1),
        _ => 0,
    }
}

/// Column widths for a sheet `w` cells wide.
struct Cols {
    w: usize,
    dur: usize,
    title: usize,
    extra: usize,
}

impl Cols {
    fn new(w: usize) -> Self {
        // mark, space, HH:MM, space = 8 cells before the duration.
        let dur = if w >= 30 { 5 } else { 0 };
        let avail = w.saturating_sub(8 + if dur > 0 { dur + 1 } else { 0 });
        let (title, extra) = if avail >= 36 {
            let t = avail * 3 / 5;
            (t, avail - t - 1)
        } else {
            (avail, 0)
        };
        Cols {
            w,
            dur,
            title,
            extra,
        }
    }
}

fn header(cx: &Scene, c: &Cols) -> Line<'static> {
    let mut spans = vec![
        Span::raw("  "),
        Span::raw(crate::render::text::pad(cx.t(Label::Time), 5)),
        Span::raw(" "),
    ];
    if c.dur > 0 {
        spans.push(Span::raw(right(cx.t(Label::Length), c.dur)));
        spans.push(Span::raw(" "));
    }
    spans.push(Span::raw(crate::render::text::pad(
        cx.t(Label::Cue),
        c.title,
    )));
    if c.extra > 0 {
        spans.push(Span::raw(" "));
        let both = format!("{} / {}", cx.t(Label::Products), cx.t(Label::Welfare));
        let fits = crate::render::text::width(&both) <= c.extra;
        spans.push(Span::raw(if fits {
            both
        } else {
            cx.t(Label::Products).to_string()
        }));
    }
    Line::from(spans_fit(spans, c.w, false)).style(theme::label())
}

/// Whether any task of the row (that the role sees) is still open.
fn has_open(cx: &Scene, r: &Row) -> bool {
    if r.kind == RowKind::Cue && !stagecall_core::live::tasks::aired(&cx.m, r.index) {
        return false;
    }
    let generated_open = r.kind == RowKind::Cue
        && cx.m.generated.iter().any(|g| {
            g.cue == Some(r.index) && g.mark == TaskMark::Open && cx.role_allows(g.who.as_deref())
        });
    generated_open
        || r.tasks.iter().any(|t| {
            cx.role_allows(t.who.as_deref())
                && stagecall_core::live::tasks::row_item(&cx.app.plan, &cx.app.state, &cx.m, r, t)
                    .mark
                    == TaskMark::Open
        })
}

/// A length for the 5-cell column: seconds only under ten minutes.
fn short_dur(d: chrono::Duration, cx: &Scene) -> String {
    // "3分4秒" is six cells: in Chinese, whole minutes from a minute up.
    let round_from = match cx.lang {
        crate::tui::i18n::Lang::Zh => chrono::Duration::minutes(1),
        crate::tui::i18n::Lang::En => chrono::Duration::minutes(10),
    };
    if d >= round_from {
        let rounded = chrono::Duration::minutes((d.num_seconds() + 30) / 60);
        dur(rounded, cx.lang)
    } else {
        dur(d, cx.lang)
    }
}

/// Where a row stands on the live clock: a cue by its state; a slot
/// switch by its time against the cue on air.
fn when(cx: &Scene, r: &Row) -> When {
    let m = &cx.m;
    if r.kind == RowKind::Cue {
        return match m.cues.get(r.index).map(|c| c.state) {
            Some(CueState::OnAir) => When::Now,
            Some(CueState::Done | CueState::NotAired) => When::Past,
            _ => When::Future,
        };
    }
    match m.on_air_cue() {
        Some(c) if c.start.is_some_and(|s| r.start >= s) && c.end.is_none_or(|e| r.start < e) => {
            When::Now
        }
        _ if r.start <= cx.app.now => When::Past,
        _ => When::Future,
    }
}

/// Where a row stands: done with, the cue on air (or a slot switch inside
/// it), or still to come.
#[derive(Clone, Copy, PartialEq, Eq)]
enum When {
    Past,
    Now,
    Future,
}

fn row_line(cx: &Scene, r: &Row, c: &Cols, when: When) -> Line<'static> {
    let m = &cx.m;
    let is_cue = r.kind == RowKind::Cue;
    let on_air = is_cue && when == When::Now;
    let is_next = is_cue && m.next == Some(r.index);
    let past = when == When::Past;
    let mark = if on_air {
        Span::raw(">")
    } else if past && has_open(cx, r) {
        Span::styled("!", theme::next())
    } else {
        Span::raw(" ")
    };
    let time_style = if is_next {
        theme::next()
    } else {
        Default::default()
    };
    // Cue rows show live times: actual start, or projected; cut and
    // not-aired cues show no time at all.
    let cl = if is_cue { m.cues.get(r.index) } else { None };
    let (start, end) = match cl {
        Some(c) => (c.start, c.end.or(c.due_end)),
        None => (Some(r.start), Some(r.end)),
    };
    let time = start.map_or_else(|| "  -  ".to_string(), hm);
    let mut spans = vec![
        mark,
        Span::raw(" "),
        Span::styled(time, time_style),
        Span::raw(" "),
    ];
    if c.dur > 0 {
        let d = match (is_cue, start, end) {
            (true, Some(s), Some(e)) => short_dur(e - s, cx),
            (true, _, _) => short_dur(r.end - r.start, cx),
            _ => String::new(),
        };
        spans.push(Span::styled(right(&d, c.dur), theme::label()));
        spans.push(Span::raw(" "));
    }
    let (title, mut extras) = if is_cue {
        cue_parts(cx, r)
    } else {
        slot_parts(cx, r)
    };
    if let Some(cl) = cl {
        let note = match cl.state {
            CueState::Cut => Some((cx.t(Label::Cut).to_string(), theme::warn())),
            CueState::NotAired => Some((cx.t(Label::NotAired).to_string(), theme::past())),
            // The planned time beside the live one, only when different.
            _ if start.is_some_and(|s| hm(s) != hm(r.start)) => Some((
                format!("{} {}", cx.t(Label::Planned), hm(r.start)),
                theme::label(),
            )),
            _ => None,
        };
        if let Some((text, style)) = note {
            extras.insert(0, Span::styled(format!("({text}) "), style));
        }
    }
    let title_style = if is_cue { theme::bold() } else { theme::slot() };
    spans.push(Span::styled(cell(&title, c.title), title_style));
    if c.extra > 0 {
        spans.push(Span::raw(" "));
        spans.extend(spans_fit(extras, c.extra, false));
    }
    let spans = spans_fit(spans, c.w, true);
    if on_air {
        Line::from(
            spans
                .into_iter()
                .map(|s| Span::raw(s.content))
                .collect::<Vec<_>>(),
        )
        .style(theme::on_air())
    } else if past {
        Line::from(
            spans
                .into_iter()
                .map(|s| Span::styled(s.content, theme::past()))
                .collect::<Vec<_>>(),
        )
    } else {
        Line::from(spans)
    }
}

/// A cue's title, and its products (sold out marked) and welfare.
fn cue_parts(cx: &Scene, r: &Row) -> (String, Vec<Span<'static>>) {
    let plan = &cx.app.plan;
    let Some(cue) = plan.cues.get(r.index) else {
        return (r.title.clone(), Vec::new());
    };
    let mut extras = Vec::new();
    for &i in &cue.items {
        let Some(item) = plan.items.get(i) else {
            continue;
        };
        if !extras.is_empty() {
            extras.push(Span::raw(" "));
        }
        if cx.app.state.is_sold_out(&item.sku) {
            extras.push(Span::styled(
                format!("{} {}", fit(&item.sku, 16), cx.t(Label::SoldOut)),
                theme::sold_out(),
            ));
        } else {
            extras.push(Span::raw(fit(&item.sku, 16)));
        }
    }
    for &i in &cue.welfare {
        let Some(w) = plan.welfare.get(i) else {
            continue;
        };
        if !extras.is_empty() {
            extras.push(Span::raw(" "));
        }
        extras.push(Span::styled(
            format!("+{}", super::welfare::kind_name(cx, w.kind)),
            theme::welfare(),
        ));
    }
    (cue.title.clone(), extras)
}

/// A slot row: "┌ slot open-burst start" with its budget and channel.
fn slot_parts(cx: &Scene, r: &Row) -> (String, Vec<Span<'static>>) {
    let slot = cx
        .app
        .plan
        .traffic
        .as_ref()
        .and_then(|t| t.slots.get(r.index));
    let start = r.kind == RowKind::SlotStart;
    let (corner, what) = if start {
        ("┌", cx.t(Label::SlotStart))
    } else {
        ("└", cx.t(Label::SlotEnd))
    };
    let title = format!("{corner} {} {} {what}", cx.t(Label::Slot), r.id);
    let mut extras = Vec::new();
    if let (true, Some(s)) = (start, slot) {
        if let Some(b) = s.budget {
            extras.push(Span::styled(
                format!("{} {b} ", cx.t(Label::Budget)),
                theme::slot(),
            ));
        }
        if let Some(ch) = &s.channel {
            extras.push(Span::styled(fit(ch, 40), theme::label()));
        }
    }
    (title, extras)
}
