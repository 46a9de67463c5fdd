//! The help pane (pane 6): every key, in English and Chinese side by side,
//! the panes, and what the marks on screen mean.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::fmt::{cell, spans_fit};
use super::{Scene, pane_block, pane_name, theme};
use crate::tui::app::Pane;
use crate::tui::i18n::{Label, Lang};

pub struct Help<'a>(pub &'a Scene<'a>);

/// Keys and what they do.
const KEYS: &[(&str, Label)] = &[
    ("Space", Label::HelpTick),
    ("↑ ↓  k j", Label::HelpMove),
    ("Enter  g", Label::HelpGo),
    ("s", Label::HelpSkip),
    ("+  -", Label::HelpHold),
    ("r", Label::HelpReleaseAny),
    ("x", Label::HelpSoldOutAny),
    ("u", Label::HelpUndo),
    ("n", Label::HelpNote),
    ("m", Label::HelpMessage),
    ("$", Label::HelpNumbers),
    ("v", Label::HelpViews),
    ("Tab S-Tab 1-6", Label::HelpPanes),
    ("?", Label::HelpHelp),
    ("w", Label::HelpTakeOver),
    ("Esc", Label::HelpEsc),
    ("q  Ctrl-C", Label::HelpQuit),
];

/// The live clock in three lines (LIVE_CLOCK.md).
const MODEL: &[Label] = &[Label::HelpModel1, Label::HelpModel2, Label::HelpModel3];

/// Marks on screen and what they mean.
const MARKS: &[(&str, Label)] = &[
    ("☐ ✓ ⤼", Label::HelpMarks),
    (">", Label::HelpOnAir),
    ("!", Label::HelpMissed),
    ("┌ └", Label::HelpSlots),
];

impl Widget for Help<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let cx = self.0;
        let block = pane_block(cx, Pane::Help);
        let inner = block.inner(area);
        block.render(area, buf);
        let w = inner.width as usize;
        let half = w.saturating_sub(17) / 2;
        let row = |k: &str, en: &str, zh: &str, style| {
            Line::from(spans_fit(
                vec![
                    Span::styled(format!(" {}", cell(k, 15)), style),
                    Span::raw(" "),
                    Span::raw(cell(en, half)),
                    Span::raw(cell(zh, half)),
                ],
                w,
                false,
            ))
        };
        let mut lines: Vec<Line> = MODEL
            .iter()
            .map(|l| {
                Line::from(spans_fit(
                    vec![Span::raw(format!(" {}", l.get(cx.lang)))],
                    w,
                    false,
                ))
            })
            .collect();
        lines.push(Line::raw(""));
        lines.push(row("", "English", "中文", theme::label()));
        lines.extend(
            KEYS.iter()
                .map(|(k, l)| row(k, l.get(Lang::En), l.get(Lang::Zh), theme::bold())),
        );
        lines.push(Line::raw(""));
        for (i, p) in Pane::ALL.iter().enumerate() {
            lines.push(row(
                &(i + 1).to_string(),
                pane_name(*p, Lang::En),
                pane_name(*p, Lang::Zh),
                theme::bold(),
            ));
        }
        lines.push(Line::raw(""));
        lines.extend(
            MARKS
                .iter()
                .map(|(k, l)| row(k, l.get(Lang::En), l.get(Lang::Zh), theme::bold())),
        );
        Paragraph::new(lines).render(inner, buf);
    }
}
