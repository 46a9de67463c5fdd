//! The welfare board (pane 3): every welfare action with its planned
//! releases (the cues that reference it), releases so far and planned cost,
//! the selection for `r` (release), and the draw countdowns: a big
//! "开奖倒计时 2:41" while one runs and the 开奖 DRAW NOW callout for a
//! minute after it ends (the countdowns are the core's `live::draws`).

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};
use stagecall_core::plan::{Money, WelfareKind};

use super::fmt::{cell, countdown, fit, hm, right, scroll, spans_fit};
use super::{Scene, pane_block, theme};
use crate::tui::app::Pane;
use crate::tui::i18n::{Label, Lang};

pub use stagecall_core::live::draws::Draw;

/// Countdowns that matter now (the core's rule), by welfare index.
pub fn draws(cx: &Scene) -> Vec<(usize, Draw)> {
    stagecall_core::live::draws::draws(&cx.app.plan, &cx.app.state, cx.now_utc())
}

/// The welfare kind in the session's language (福袋 / lucky bag).
pub fn kind_name(cx: &Scene, kind: WelfareKind) -> String {
    match cx.lang {
        Lang::Zh => kind.zh().to_string(),
        Lang::En => kind.key().replace('_', " "),
    }
}

pub struct Board<'a>(pub &'a Scene<'a>);

impl Widget for Board<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let cx = self.0;
        let block = pane_block(cx, Pane::Welfare);
        let inner = block.inner(area);
        block.render(area, buf);
        let ds = draws(cx);
        let big_h = if ds.is_empty() || inner.height < 12 {
            0
        } else {
            3 + ds.len().min(3) as u16 - 1
        };
        let [big, list, total] = Layout::vertical([
            Constraint::Length(big_h),
            Constraint::Fill(1),
            Constraint::Length(1),
        ])
        .areas(inner);
        if big_h > 0 {
            big_countdowns(cx, &ds, big, buf);
        }
        let w = list.width as usize;
        let cols = Cols::new(w);
        let mut lines = vec![header(cx, &cols)];
        let plan = &cx.app.plan;
        let body = (list.height as usize).saturating_sub(1);
        let start = scroll(plan.welfare.len(), body, cx.app.panes.welfare.selected);
        for (i, wf) in plan.welfare.iter().enumerate().skip(start).take(body) {
            let planned = planned_releases(cx, i);
            let (released, last) = cx.app.state.released(&wf.id);
            let cost = wf.planned_cost();
            // When its cues air on the live clock (planned when cut).
            let times = planned
                .iter()
                .filter_map(|&c| cx.m.cues.get(c))
                .map(|cl| hm(cl.start.unwrap_or(cl.planned.start)))
                .collect::<Vec<_>>()
                .join(" ");
            let mut state = match ds.iter().find(|(di, _)| *di == i).map(|(_, d)| *d) {
                Some(Draw::Running(left)) => vec![Span::styled(
                    format!(
                        "{} {}",
                        super::alerts::draw_in(cx, i),
                        countdown(left, cx.lang)
                    ),
                    theme::warn(),
                )],
                Some(Draw::Now(_)) => {
                    vec![Span::styled(super::alerts::draw_now(cx, i), theme::alarm())]
                }
                None => Vec::new(),
            };
            if let (Some(t), true) = (last, state.is_empty()) {
                state.push(Span::styled(
                    format!(
                        "{} {}",
                        cx.t(Label::Last),
                        t.with_timezone(&plan.session.timezone).format("%H:%M")
                    ),
                    theme::label(),
                ));
            }
            let mut spans = vec![
                Span::styled(cell(&kind_name(cx, wf.kind), cols.kind), theme::welfare()),
                Span::raw(" "),
                Span::raw(cell(&wf.name, cols.name)),
                Span::raw(right(
                    &wf.quantity.map(|q| q.to_string()).unwrap_or_default(),
                    7,
                )),
                Span::raw(right(&cost.map(|c| c.to_string()).unwrap_or_default(), 10)),
                Span::raw(right(&planned.len().to_string(), 9)),
                Span::styled(
                    right(&released.to_string(), 9),
                    if released > 0 {
                        theme::done()
                    } else {
                        Default::default()
                    },
                ),
                Span::raw("  "),
                Span::styled(cell(&times, cols.times), theme::label()),
                Span::raw(" "),
            ];
            spans.extend(state);
            let line = Line::from(spans_fit(spans, w, true));
            lines.push(if i == cx.app.panes.welfare.selected {
                line.style(theme::selected())
            } else {
                line
            });
        }
        Paragraph::new(lines).render(list, buf);
        Paragraph::new(totals(cx)).render(total, buf);
    }
}

/// Cues that reference welfare `i`, by cue index.
fn planned_releases(cx: &Scene, i: usize) -> Vec<usize> {
    cx.app
        .plan
        .cues
        .iter()
        .enumerate()
        .filter(|(_, c)| c.welfare.contains(&i))
        .map(|(ci, _)| ci)
        .collect()
}

struct Cols {
    w: usize,
    kind: usize,
    name: usize,
    times: usize,
}

impl Cols {
    fn new(w: usize) -> Self {
        // kind, space, name, qty 7, cost 10, planned 9, released 9, 2 spaces, times, space, state 16
        let kind = 10;
        let fixed = kind + 1 + 7 + 10 + 9 + 9 + 2 + 1 + 16;
        let rest = w.saturating_sub(fixed);
        let times = (rest / 4).clamp(5.min(rest), 18);
        Cols {
            w,
            kind,
            // Narrow: the name stays readable and the right end is cut.
            name: (rest - times).max(14),
            times,
        }
    }
}

fn header(cx: &Scene, c: &Cols) -> Line<'static> {
    let spans = vec![
        Span::raw(cell("", c.kind + 1)),
        Span::raw(cell(cx.t(Label::Name), c.name)),
        Span::raw(right(cx.t(Label::Quantity), 7)),
        Span::raw(right(cx.t(Label::Cost), 10)),
        Span::raw(right(cx.t(Label::Planned), 9)),
        Span::raw(right(cx.t(Label::Released), 9)),
        Span::raw("  "),
        Span::raw(cell(cx.t(Label::Time), c.times)),
    ];
    Line::from(spans_fit(spans, c.w, false)).style(theme::label())
}

/// Planned cost of all planned releases, and of the releases so far.
fn totals(cx: &Scene) -> Line<'static> {
    let mut planned = Money(0);
    let mut spent = Money(0);
    for (i, wf) in cx.app.plan.welfare.iter().enumerate() {
        let Some(cost) = wf.planned_cost() else {
            continue;
        };
        let times = planned_releases(cx, i).len().max(1) as i64;
        planned = Money(planned.0.saturating_add(cost.0.saturating_mul(times)));
        let (n, _) = cx.app.state.released(&wf.id);
        spent = Money(spent.0.saturating_add(cost.0.saturating_mul(n as i64)));
    }
    Line::from(vec![
        Span::styled(
            format!(" {} {} ", cx.t(Label::Planned), cx.t(Label::Cost)),
            theme::label(),
        ),
        Span::styled(planned.to_string(), theme::bold()),
        Span::styled(format!(" · {} ", cx.t(Label::Released)), theme::label()),
        Span::styled(spent.to_string(), theme::bold()),
    ])
}

/// The big countdown box: "开奖倒计时 2:41", or the 开奖 callout.
fn big_countdowns(cx: &Scene, ds: &[(usize, Draw)], area: Rect, buf: &mut Buffer) {
    let loud = ds.iter().any(|(_, d)| matches!(d, Draw::Now(_)));
    let style = if loud { theme::alarm() } else { theme::warn() };
    let block = Block::bordered().border_style(style);
    let inner = block.inner(area);
    block.render(area, buf);
    let w = inner.width as usize;
    let lines: Vec<Line> = ds
        .iter()
        .take(3)
        .map(|(i, d)| {
            let name = cx.app.plan.welfare.get(*i).map_or("", |w| w.name.as_str());
            let (text, style) = match d {
                Draw::Running(left) => (
                    format!(
                        "{} {}",
                        super::alerts::draw_in(cx, *i),
                        countdown(*left, cx.lang)
                    ),
                    theme::warn(),
                ),
                Draw::Now(_) => (
                    format!(">>> {} <<<", super::alerts::draw_now(cx, *i)),
                    theme::alarm(),
                ),
            };
            let name = fit(
                name,
                w.saturating_sub(crate::render::text::width(&text) + 3),
            );
            Line::from(vec![
                Span::styled(format!(" {text} "), style),
                Span::raw(format!("  {name}")),
            ])
        })
        .collect();
    Paragraph::new(lines)
        .alignment(Alignment::Center)
        .render(inner, buf);
}
