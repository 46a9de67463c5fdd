//! The screen shown when the terminal is below the usable size.

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::{MIN_HEIGHT, MIN_WIDTH, theme};
use crate::tui::i18n::{Label, Lang};

pub struct TooSmall {
    pub lang: Lang,
}

impl Widget for TooSmall {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let lines = vec![
            Line::styled(Label::TooSmall.get(self.lang), theme::bold()),
            Line::raw(format!(
                "{}x{}, needs {MIN_WIDTH}x{MIN_HEIGHT}",
                area.width, area.height
            )),
        ];
        let top = area.height.saturating_sub(2) / 2;
        let mut padded = vec![Line::raw(""); top as usize];
        padded.extend(lines);
        Paragraph::new(padded)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true })
            .render(area, buf);
    }
}
