//! The bottom line: the pane's key hints (or the transient notice while it
//! lasts) on the left, the numbered pane tabs on the right.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Paragraph, Widget};

use super::fmt::{countdown, fit, hm, line_fit};
use super::{Scene, pane_name, theme};
use crate::render::text::width;
use crate::tui::app::{Pane, Prompt};
use crate::tui::i18n::Label;

pub struct Footer<'a>(pub &'a Scene<'a>);

impl Widget for Footer<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let cx = self.0;
        let w = area.width as usize;
        let notice = cx.app.notice.as_ref().filter(|n| n.until > cx.app.now);
        if let Some(p) = &cx.app.prompt {
            // A question takes the whole line until it is answered.
            let text = format!(" {} ", prompt_text(cx, p));
            let line = line_fit(vec![Span::styled(text, theme::warn())], w);
            Paragraph::new(line).render(area, buf);
            return;
        }
        let left = match notice {
            Some(n) => Span::styled(format!(" {} ", fit(&n.text, w)), theme::warn()),
            None => Span::styled(format!(" {}", hints(cx)), theme::label()),
        };
        let tabs = tabs(cx, w.saturating_sub(width(&left.content) + 1));
        let tw: usize = tabs.iter().map(|s| width(&s.content)).sum();
        let lw = w.saturating_sub(tw + 1);
        let left = line_fit(vec![left], lw);
        let gap = w.saturating_sub(left.width() + tw);
        let mut spans = left.spans;
        spans.push(Span::raw(" ".repeat(gap)));
        spans.extend(tabs);
        Paragraph::new(line_fit(spans, w)).render(area, buf);
    }
}

/// The open question in words.
pub fn prompt_text(cx: &Scene, p: &Prompt) -> String {
    let plan = &cx.app.plan;
    match p {
        Prompt::Quit if !cx.app.pending.is_empty() => format!(
            "{} {} {} · {}",
            cx.app.pending.len(),
            cx.t(Label::Pending),
            cx.t(Label::NotSaved),
            cx.t(Label::AskQuitUnsaved)
        ),
        Prompt::Quit => cx.t(Label::AskQuit).to_string(),
        Prompt::EarlyGo { cue, early } => {
            // Counted live: the question may stand a while.
            let at = cx.m.cues.get(*cue).map(|c| c.planned.start);
            let left = at.map_or(*early, |t| t - cx.app.now);
            format!(
                "{} {} ({} {}) {}",
                plan.cues.get(*cue).map_or("", |c| c.title.as_str()),
                at.map(hm).unwrap_or_default(),
                cx.t(Label::In),
                countdown(left, cx.lang),
                cx.t(Label::AskEarlyGo)
            )
        }
        Prompt::Rerelease { welfare, .. } => format!(
            "{} {}",
            plan.welfare.get(*welfare).map_or("", |w| w.name.as_str()),
            cx.t(Label::AskRerelease)
        ),
        Prompt::PickSku(items) => {
            let list: Vec<String> = items
                .iter()
                .enumerate()
                .filter_map(|(n, &i)| plan.items.get(i).map(|it| format!("{} {}", n + 1, it.sku)))
                .collect();
            format!("{} {} · Esc", cx.t(Label::AskPick), list.join(" · "))
        }
        Prompt::Note(buf) => format!("{}: {buf}▏ {}", cx.t(Label::AskNote), cx.t(Label::NoteHint)),
        Prompt::Numbers(buf) => format!(
            "{}: {buf}▏ {}",
            cx.t(Label::AskNumbers),
            cx.t(Label::NumbersHint)
        ),
        Prompt::Message(buf) => format!(
            "{}: {buf}▏ {}",
            cx.t(Label::AskMessage),
            cx.t(Label::MessageHint)
        ),
    }
}

fn hints(cx: &Scene) -> String {
    let pane = match cx.app.panes.current {
        Pane::Products => cx.t(Label::KeysProducts),
        Pane::Welfare => cx.t(Label::KeysWelfare),
        _ => return cx.t(Label::KeysSheet).to_string(),
    };
    format!("{pane} · {}", cx.t(Label::KeysPanes))
}

/// `1 2 3 4 5 6` with the current pane named and reversed; names on all
/// tabs when they fit in `max` cells (what the hints leave).
fn tabs(cx: &Scene, max: usize) -> Vec<Span<'static>> {
    let named = |all: bool| -> Vec<Span<'static>> {
        Pane::ALL
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let cur = *p == cx.app.panes.current;
                let text = if all || cur {
                    format!(" {} {} ", i + 1, pane_name(*p, cx.lang))
                } else {
                    format!(" {} ", i + 1)
                };
                Span::styled(
                    text,
                    if cur {
                        theme::selected()
                    } else {
                        theme::label()
                    },
                )
            })
            .collect()
    };
    let all = named(true);
    if all.iter().map(|s| width(&s.content)).sum::<usize>() <= max {
        all
    } else {
        named(false)
    }
}
