//! The pre-show screen beside the run sheet: a countdown to the start and
//! the warm-up checklist (the model's checklist before the show), grouped by
//! warm-up item with overdue ones marked.

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};

use super::checklist;
use super::fmt::{countdown, dur, fit, scroll};
use super::{Scene, theme};
use crate::tui::i18n::Label;

pub struct PreShow<'a>(pub &'a Scene<'a>);

impl Widget for PreShow<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let cx = self.0;
        let block = Block::bordered()
            .border_style(theme::border())
            .title(format!(" {} ", cx.t(Label::BeforeShow)));
        let inner = block.inner(area);
        block.render(area, buf);
        let (app, sched) = (cx.app, &cx.app.sched);
        let big_h = if inner.height >= 12 { 4 } else { 2 };
        let [big, list] =
            Layout::vertical([Constraint::Length(big_h), Constraint::Fill(1)]).areas(inner);
        let mut head = vec![
            Line::styled(
                format!(
                    "{} {}",
                    cx.t(Label::PreShow),
                    countdown(sched.start - app.now, cx.lang)
                ),
                theme::next().add_modifier(ratatui::style::Modifier::BOLD),
            ),
            Line::styled(
                format!(
                    "{} · {}",
                    sched.start.format("%Y-%m-%d %H:%M"),
                    dur(sched.length(), cx.lang)
                ),
                theme::label(),
            ),
        ];
        if big_h > 2 {
            head.insert(0, Line::raw(""));
        }
        Paragraph::new(head)
            .alignment(Alignment::Center)
            .render(big, buf);

        let w = list.width as usize;
        let h = list.height as usize;
        let mut lines = vec![Line::from(vec![Span::styled(
            fit(
                &format!("{} {}", cx.t(Label::Warmup), checklist::progress(&cx.list)),
                w,
            ),
            theme::heading(),
        )])];
        if cx.list.is_empty() {
            lines.push(Line::styled(
                format!(" {}", cx.t(Label::NoTasks)),
                theme::label(),
            ));
        }
        let (body, focus) = super::warmup::grouped(cx, &cx.list, w);
        let start = scroll(body.len(), h.saturating_sub(1), focus);
        lines.extend(body.into_iter().skip(start));
        Paragraph::new(lines).render(list, buf);
    }
}
