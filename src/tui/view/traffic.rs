//! The traffic pane (pane 4): the paid-traffic slots on a timeline of the
//! session with "now" marked, the current slot, the spend reported so far
//! against the total budget, and per slot its budget, the spend and GMV
//! reported during it, and its ROI against target (the core's
//! `live::numbers`; nothing here is estimated).

use chrono::Duration;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Gauge, Paragraph, Widget};
use stagecall_core::plan::Money;
use stagecall_core::schedule::Interval;

use super::fmt::{cell, fit, hm, right, spans_fit};
use super::{Scene, pane_block, theme};
use crate::tui::app::Pane;
use crate::tui::i18n::Label;

pub struct Traffic<'a>(pub &'a Scene<'a>);

const SLOT_COLORS: [Color; 4] = [Color::Cyan, Color::Magenta, Color::Blue, Color::Green];

impl Widget for Traffic<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let cx = self.0;
        let block = pane_block(cx, Pane::Traffic);
        let inner = block.inner(area);
        block.render(area, buf);
        let Some(traffic) = &cx.app.plan.traffic else {
            Paragraph::new(Line::styled(
                format!(" {}", cx.t(Label::NoTraffic)),
                theme::label(),
            ))
            .render(inner, buf);
            return;
        };
        let (app, sched) = (cx.app, &cx.app.sched);
        let slots: Vec<_> = traffic.slots.iter().zip(&sched.slots).collect();
        let so_far =
            cx.n.slots
                .iter()
                .fold(Money(0), |a, s| Money(a.0.saturating_add(s.spend.0)));
        let reported = cx.n.slots.iter().any(|s| s.spend.0 > 0);
        let allocated = slots
            .iter()
            .filter_map(|(s, _)| s.budget)
            .fold(Money(0), |a, b| Money(a.0 + b.0));
        let total = traffic.budget.unwrap_or(allocated);
        let current = slots.iter().position(|(_, iv)| iv.contains(app.now));

        let [gauge, bar, marks, cur, _, table] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Fill(1),
        ])
        .areas(inner);
        let ratio = if total.0 > 0 {
            (so_far.0 as f64 / total.0 as f64).clamp(0.0, 1.0)
        } else {
            0.0
        };
        let label = if reported {
            format!(
                "{} {so_far} / {total} ({:.0}%)",
                cx.t(Label::Spend),
                ratio * 100.0
            )
        } else {
            format!(
                "{} · {} {total}",
                cx.t(Label::NoSpendYet),
                cx.t(Label::Budget)
            )
        };
        Gauge::default()
            .ratio(ratio)
            .label(fit(&label, gauge.width as usize))
            .gauge_style(Style::new().fg(Color::Cyan).bg(Color::Black))
            .render(gauge, buf);

        let w = bar.width as usize;
        Paragraph::new(timeline(cx, &slots, w)).render(bar, buf);
        Paragraph::new(ticks(cx, w)).render(marks, buf);
        let cur_line = match current {
            Some(i) => {
                let (s, iv) = slots[i];
                let budget = s
                    .budget
                    .map(|b| format!(" {} {b}", cx.t(Label::Budget)))
                    .unwrap_or_default();
                vec![
                    Span::styled(format!(" {} ", cx.t(Label::Now)), theme::on_air()),
                    Span::styled(
                        format!(
                            " {} {}–{}{budget} ",
                            fit(&s.id, 20),
                            hm(iv.start),
                            hm(iv.end)
                        ),
                        theme::bold(),
                    ),
                    Span::raw(fit(s.channel.as_deref().unwrap_or(""), w)),
                ]
            }
            None => vec![Span::styled(
                format!(" {}", cx.t(Label::NoSlotNow)),
                theme::label(),
            )],
        };
        Paragraph::new(Line::from(spans_fit(cur_line, w, false))).render(cur, buf);

        let tw = table.width as usize;
        let name_w = tw
            .saturating_sub(2 + 11 + 1 + 10 + 10 + 10 + 11 + 2)
            .clamp(0, 40);
        let mut lines = vec![
            Line::from(spans_fit(
                vec![
                    Span::raw("  "),
                    Span::raw(cell(cx.t(Label::Time), 12)),
                    Span::raw(cell(cx.t(Label::Slot), name_w)),
                    Span::raw(right(cx.t(Label::Budget), 10)),
                    Span::raw(right(cx.t(Label::SpendWord), 10)),
                    Span::raw(right("GMV", 10)),
                    Span::raw(right(cx.t(Label::RoiVsTarget), 11)),
                    Span::raw("  "),
                    Span::raw(cx.t(Label::Audience)),
                ],
                tw,
                false,
            ))
            .style(theme::label()),
        ];
        for (i, (s, iv)) in slots.iter().enumerate() {
            let mark = if Some(i) == current { ">" } else { " " };
            let fig = cx.n.slots.iter().find(|f| f.slot == i);
            let started = iv.start < app.now && cx.n.at.is_some();
            let money = |m: Option<Money>| {
                m.filter(|_| started)
                    .map(|m| m.to_string())
                    .unwrap_or_default()
            };
            let so = money(fig.map(|f| f.spend));
            let gmv = money(fig.map(|f| f.gmv));
            let roi = match (fig.and_then(|f| f.roi), s.roi_target) {
                (Some(r), Some(t)) => format!("{r:.2}/{t}"),
                (Some(r), None) => format!("{r:.2}"),
                (None, Some(t)) => format!("–/{t}"),
                (None, None) => String::new(),
            };
            let under = fig.is_some_and(|f| f.under_since.is_some());
            let spans = vec![
                Span::raw(format!("{mark} ")),
                Span::styled(
                    format!("{}–{} ", hm(iv.start), hm(iv.end)),
                    Style::new().fg(SLOT_COLORS[i % SLOT_COLORS.len()]),
                ),
                Span::raw(" "),
                Span::raw(cell(&format!("{} {}", i + 1, s.id), name_w)),
                Span::raw(right(
                    &s.budget.map(|b| b.to_string()).unwrap_or_default(),
                    10,
                )),
                Span::raw(right(&so, 10)),
                Span::raw(right(&gmv, 10)),
                Span::styled(
                    right(&roi, 11),
                    if under { theme::late() } else { theme::bold() },
                ),
                Span::raw("  "),
                Span::styled(fit(s.audience.as_deref().unwrap_or(""), tw), theme::label()),
            ];
            let past = iv.end <= app.now;
            let line = Line::from(spans_fit(spans, tw, true));
            lines.push(if Some(i) == current {
                line.style(theme::on_air())
            } else if past {
                Line::from(
                    line.spans
                        .into_iter()
                        .map(|s| Span::styled(s.content, theme::past()))
                        .collect::<Vec<_>>(),
                )
            } else {
                line
            });
        }
        Paragraph::new(lines).render(table, buf);
    }
}

/// The session as a bar: each slot's cells numbered in its colour, "now"
/// reversed.
fn timeline(
    cx: &Scene,
    slots: &[(&stagecall_core::plan::Slot, &Interval)],
    w: usize,
) -> Line<'static> {
    let sched = &cx.app.sched;
    let len = sched.length().num_seconds().max(1);
    let at = |x: usize| {
        sched.start + Duration::seconds(len * (2 * x as i64 + 1) / (2 * w.max(1) as i64))
    };
    let now_x = now_col(cx, w);
    let spans: Vec<Span> = (0..w)
        .map(|x| {
            let t = at(x);
            let (sym, style) = match slots.iter().position(|(_, iv)| iv.contains(t)) {
                Some(i) => (
                    char::from_digit((i as u32 + 1) % 10, 10)
                        .unwrap_or('#')
                        .to_string(),
                    Style::new()
                        .fg(Color::Black)
                        .bg(SLOT_COLORS[i % SLOT_COLORS.len()]),
                ),
                None => ("-".to_string(), theme::label()),
            };
            if Some(x) == now_x {
                Span::styled(sym, style.add_modifier(ratatui::style::Modifier::REVERSED))
            } else {
                Span::styled(sym, style)
            }
        })
        .collect();
    Line::from(spans)
}

fn now_col(cx: &Scene, w: usize) -> Option<usize> {
    let sched = &cx.app.sched;
    let len = sched.length().num_seconds().max(1);
    let into = (cx.app.now - sched.start).num_seconds();
    (0..len)
        .contains(&into)
        .then(|| (into as i128 * w as i128 / len as i128) as usize)
        .filter(|&x| x < w)
}

/// Start and end times under the bar, and a caret under "now".
fn ticks(cx: &Scene, w: usize) -> Line<'static> {
    let (s, e) = (hm(cx.app.sched.start), hm(cx.app.sched.end));
    let mut row: Vec<char> = vec![' '; w];
    let mut put = |x: usize, text: &str| {
        for (k, ch) in text.chars().enumerate() {
            if let Some(c) = row.get_mut(x + k) {
                *c = ch;
            }
        }
    };
    let now = now_col(cx, w).map(|x| {
        // The caret sits under "now"; its time goes on whichever side fits.
        let t = hm(cx.app.now);
        if x + 6 <= w {
            (x, format!("^{t}"))
        } else {
            (x.saturating_sub(5), format!("{t}^"))
        }
    });
    let clear = |from: usize, to: usize| {
        now.as_ref()
            .is_none_or(|(x, l)| x + l.len() <= from || *x >= to)
    };
    if w >= 12 {
        if clear(0, 6) {
            put(0, &s);
        }
        if clear(w - 6, w) {
            put(w - 5, &e);
        }
    }
    if let Some((x, label)) = &now {
        put(*x, label);
    }
    Line::styled(row.into_iter().collect::<String>(), theme::label())
}
