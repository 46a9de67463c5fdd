//! The post-show summary beside the run sheet: cues on time (GO within a
//! minute of plan), total delay, welfare releases with their cost, and the
//! tasks left open.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};
use stagecall_core::plan::Money;
use stagecall_core::state::TaskMark;

use super::fmt::{fit, hm, line_fit, spans_fit};
use super::welfare::kind_name;
use super::{Scene, theme};
use crate::tui::i18n::Label;

pub struct Summary<'a>(pub &'a Scene<'a>);

/// (cues that started within a minute of plan, cues that aired, all cues).
pub fn on_time(cx: &Scene) -> (usize, usize, usize) {
    let mut went = 0;
    let mut ok = 0;
    for c in &cx.m.cues {
        if let Some(s) = c.start.filter(|_| c.started_by.is_some()) {
            went += 1;
            if (s - c.planned.start).num_seconds().abs() <= 60 {
                ok += 1;
            }
        }
    }
    (ok, went, cx.m.cues.len())
}

impl Widget for Summary<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let cx = self.0;
        let block = Block::bordered()
            .border_style(theme::border())
            .title(format!(" {} ", cx.t(Label::Summary)));
        let inner = block.inner(area);
        block.render(area, buf);
        let w = inner.width as usize;
        let (app, m) = (cx.app, &cx.m);
        let label = |s: &str| Span::styled(format!("{s} "), theme::label());
        let mut head = vec![
            Span::styled(format!("{} ", cx.t(Label::PostShow)), theme::bold()),
            Span::raw(format!("{}–{}", hm(app.sched.start), hm(m.projected_end))),
        ];
        if hm(m.projected_end) != hm(app.sched.end) {
            head.push(Span::styled(
                format!(" ({} {})", cx.t(Label::Planned), hm(app.sched.end)),
                theme::label(),
            ));
        }
        let mut lines = vec![line_fit(head, w)];
        let (ok, went, all) = on_time(cx);
        lines.push(line_fit(
            vec![
                label(cx.t(Label::CuesOnTime)),
                Span::styled(format!("{ok}/{went}"), theme::bold()),
                Span::styled(format!(" · {all} {}", cx.t(Label::Cues)), theme::label()),
            ],
            w,
        ));
        let not_aired = m
            .cues
            .iter()
            .filter(|c| c.state == stagecall_core::live::CueState::NotAired)
            .count();
        if not_aired > 0 {
            lines.push(line_fit(
                vec![
                    label(cx.t(Label::NotAired)),
                    Span::styled(not_aired.to_string(), theme::late()),
                ],
                w,
            ));
        }

        // Welfare releases and what they cost by plan.
        let releases = app.state.releases.len();
        let mut cost = Money(0);
        let mut rel_lines = Vec::new();
        for wf in &app.plan.welfare {
            let (n, _) = app.state.released(&wf.id);
            if n == 0 {
                continue;
            }
            let c = wf
                .planned_cost()
                .map(|c| Money(c.0.saturating_mul(n as i64)));
            if let Some(c) = c {
                cost = Money(cost.0.saturating_add(c.0));
            }
            let spans = vec![
                Span::raw("  "),
                Span::styled(format!("{} ", kind_name(cx, wf.kind)), theme::welfare()),
                Span::raw(fit(&wf.name, 28)),
                Span::styled(format!(" ×{n}"), theme::bold()),
                Span::styled(
                    c.map(|c| format!(" {} {c}", cx.t(Label::Cost)))
                        .unwrap_or_default(),
                    theme::label(),
                ),
            ];
            rel_lines.push(Line::from(spans_fit(spans, w, false)));
        }
        lines.push(line_fit(
            vec![
                label(cx.t(Label::Releases)),
                Span::styled(releases.to_string(), theme::bold()),
                Span::styled(format!(" · {} {cost}", cx.t(Label::Cost)), theme::label()),
            ],
            w,
        ));
        lines.extend(rel_lines);

        // The task count is the review's own (`stagecall report`), so the
        // two never disagree; the list is this runner's (its role) tasks
        // left open in cues that aired, with their live times.
        let rehearsal = matches!(app.mode, crate::tui::app::Mode::Rehearsal { .. });
        let review = stagecall_core::report::build(
            &app.plan,
            &app.sched,
            &app.state,
            app.now,
            rehearsal,
            Vec::new(),
        );
        let s = &review.summary;
        lines.push(line_fit(
            vec![
                label(cx.t(Label::Done)),
                Span::styled(s.tasks_done.to_string(), theme::ok()),
                Span::styled(
                    format!(" · {} {}", cx.t(Label::Skipped), s.tasks_skipped),
                    theme::label(),
                ),
                Span::styled(format!(" · {} ", cx.t(Label::Missed)), theme::label()),
                Span::styled(
                    s.tasks_missed.to_string(),
                    if s.tasks_missed == 0 {
                        theme::ok()
                    } else {
                        theme::late()
                    },
                ),
            ],
            w,
        ));
        for item in cx.list.iter().filter(|i| i.mark == TaskMark::Open) {
            let cl = item.cue.and_then(|c| m.cues.get(c));
            let when = item.due.or(cl.and_then(|c| c.start));
            // A cue's title, or the slot a money switch belongs to.
            let title = match item.cue.and_then(|c| app.plan.cues.get(c)) {
                Some(c) => fit(&c.title, 16),
                None => app
                    .rows
                    .iter()
                    .find(|r| r.key == item.key.cue)
                    .map_or(String::new(), |r| {
                        format!("{} {}", cx.t(Label::Slot), fit(&r.id, 12))
                    }),
            };
            let spans = vec![
                Span::raw("  ☐ "),
                Span::styled(
                    format!("{} ", when.map(hm).unwrap_or_default()),
                    theme::label(),
                ),
                Span::styled(format!("{title} · "), theme::label()),
                Span::raw(fit(&item.text, w)),
            ];
            lines.push(Line::from(spans_fit(spans, w, false)));
        }
        Paragraph::new(lines).render(inner, buf);
    }
}
