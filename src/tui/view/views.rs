//! The browser views overlay (`v`): each view's address with the view
//! token, the control token for the API, and the host view as a QR code a
//! phone can scan.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget};

use super::fmt::fit;
use super::{Scene, theme};
use crate::render::text::width;
use crate::tui::i18n::Label;

pub struct Views<'a>(pub &'a Scene<'a>);

impl Widget for Views<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let cx = self.0;
        let Some(s) = &cx.app.serving else {
            return;
        };
        Clear.render(area, buf);
        let block = Block::bordered()
            .border_style(theme::border_focus())
            .title(format!(" v {} · Esc ", cx.t(Label::ViewsTitle)));
        let inner = block.inner(area);
        block.render(area, buf);
        let w = inner.width as usize;
        let mut lines: Vec<Line> = Vec::new();
        for (name, url) in &s.urls {
            lines.push(Line::from(vec![
                Span::styled(format!("{name:<10} "), theme::label()),
                Span::raw(fit(url, w.saturating_sub(11))),
            ]));
        }
        lines.push(Line::from(vec![
            Span::styled(format!("{}: ", cx.t(Label::ViewsControl)), theme::label()),
            Span::raw(s.control_token.clone()),
        ]));
        lines.push(Line::raw(""));
        let qr_w = s.qr.first().map_or(0, |l| width(l));
        let room = (inner.height as usize).saturating_sub(lines.len() + 1);
        if qr_w <= w && s.qr.len() <= room {
            lines.push(Line::styled(cx.t(Label::ViewsScan), theme::label()));
            // Light modules are drawn as blocks: on a dark terminal the
            // code reads dark on light, as scanners expect.
            lines.extend(s.qr.iter().map(|l| Line::raw(l.clone())));
        } else {
            lines.push(Line::styled(cx.t(Label::ViewsSmall), theme::warn()));
        }
        Paragraph::new(lines).render(inner, buf);
    }
}
