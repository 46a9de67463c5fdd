//! Questions on screen and the lines typed into them (a note, a message
//! to the host, the `$` numbers): the keys they take and what they record.

use chrono::Duration;
use stagecall_core::state::EventKind;

use super::keys::{Key, sold_out};
use super::{App, Effect};
use crate::tui::i18n::Label;

/// A question on screen, waiting for an answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Prompt {
    /// Quit while the show is on air? (y, or a second q)
    Quit,
    /// GO would start hard cue `cue` this much before its instant.
    EarlyGo { cue: usize, early: Duration },
    /// Release a welfare that was already released (in `cue`)?
    Rerelease { welfare: usize, cue: Option<usize> },
    /// Which product of the cue on air is sold out / restocked (1–9)?
    PickSku(Vec<usize>),
    /// A note for the 复盘, being typed.
    Note(String),
    /// A message to the host's screen, being typed (empty clears it).
    Message(String),
    /// Live numbers, being typed: `在线 3200 gmv 12.5万 T-01 85`.
    Numbers(String),
}

impl Prompt {
    /// Whether keys go into the prompt as text.
    pub fn wants_text(&self) -> bool {
        matches!(
            self,
            Prompt::Note(_) | Prompt::Message(_) | Prompt::Numbers(_)
        )
    }
}

/// Keys while a prompt is open: it takes them all, and Esc closes it.
pub(super) fn on_prompt_key(app: &mut App, key: Key, effects: &mut Vec<Effect>) {
    let Some(prompt) = app.prompt.take() else {
        return;
    };
    let yes = matches!(key, Key::Char('y') | Key::Char('Y') | Key::Submit | Key::Go);
    match prompt {
        Prompt::Note(mut buf) => match key {
            Key::Esc => {}
            Key::Submit => {
                let text = buf.trim().to_string();
                if !text.is_empty() {
                    effects.push(Effect::Record(EventKind::Note { text }));
                    let saved = app.t(Label::NoteSaved);
                    app.notice(saved);
                }
            }
            Key::Backspace => {
                buf.pop();
                app.prompt = Some(Prompt::Note(buf));
            }
            Key::Char(c) if !c.is_control() => {
                buf.push(c);
                app.prompt = Some(Prompt::Note(buf));
            }
            _ => app.prompt = Some(Prompt::Note(buf)),
        },
        Prompt::Numbers(mut buf) => match key {
            Key::Esc => {}
            Key::Submit => match entry(app, &buf) {
                Ok(reading) => {
                    effects.push(Effect::Record(EventKind::Metrics { reading }));
                    let t = app.t(Label::NumbersSaved);
                    app.notice(t);
                }
                Err(e) => {
                    // Keep what was typed, so a slip is one fix away.
                    app.notice(e);
                    app.prompt = Some(Prompt::Numbers(buf));
                }
            },
            Key::Backspace => {
                buf.pop();
                app.prompt = Some(Prompt::Numbers(buf));
            }
            Key::Char(c) if !c.is_control() => {
                buf.push(c);
                app.prompt = Some(Prompt::Numbers(buf));
            }
            _ => app.prompt = Some(Prompt::Numbers(buf)),
        },
        Prompt::Message(mut buf) => match key {
            Key::Esc => {}
            Key::Submit => {
                let text = buf.trim().to_string();
                // Enter on an empty line clears the standing message (and
                // says so when there is none to clear).
                if text.is_empty() && app.state.message().is_none() {
                    let t = app.t(Label::NoMessage);
                    app.notice(t);
                } else {
                    let label = app.t(if text.is_empty() {
                        Label::MessageCleared
                    } else {
                        Label::MessageSent
                    });
                    app.notice(label);
                    effects.push(Effect::Record(EventKind::Message { text }));
                }
            }
            Key::Backspace => {
                buf.pop();
                app.prompt = Some(Prompt::Message(buf));
            }
            Key::Char(c) if !c.is_control() => {
                buf.push(c);
                app.prompt = Some(Prompt::Message(buf));
            }
            _ => app.prompt = Some(Prompt::Message(buf)),
        },
        Prompt::Quit => {
            if yes || key == Key::Quit || key == Key::Char('q') {
                effects.push(Effect::Quit);
            }
        }
        Prompt::EarlyGo { cue, .. } => {
            let title = app.plan.cues[cue].title.clone();
            if yes && app.writable {
                effects.push(Effect::Record(EventKind::Go {
                    cue: app.plan.cues[cue].id.clone(),
                }));
                let text = format!("{}: {title}", app.t(Label::GoAt));
                app.notice(text);
            } else {
                let text = format!("{}: {title}", app.t(Label::Waiting));
                app.notice(text);
            }
        }
        Prompt::Rerelease { welfare, cue } => {
            let name = app.plan.welfare[welfare].name.clone();
            if yes && app.writable {
                effects.push(Effect::Record(EventKind::Release {
                    welfare: app.plan.welfare[welfare].id.clone(),
                    cue: cue.map(|c| app.plan.cues[c].id.clone()),
                }));
                let text = format!("{}: {name}", app.t(Label::Released));
                app.notice(text);
            } else {
                let text = format!("{}: {name}", app.t(Label::NotReleasedAgain));
                app.notice(text);
            }
        }
        Prompt::PickSku(items) => {
            let pick = match key {
                Key::Char(c) => c.to_digit(10).map(|d| d as usize),
                Key::Pane(n) => Some(n),
                _ => None,
            };
            match pick
                .and_then(|n| n.checked_sub(1))
                .and_then(|i| items.get(i))
            {
                Some(&i) => sold_out(app, i, effects),
                None if key == Key::Esc => {}
                None => app.prompt = Some(Prompt::PickSku(items)),
            }
        }
    }
}

/// A `$` entry read against this plan's SKUs and traffic slots.
pub fn entry(app: &App, text: &str) -> Result<stagecall_core::state::reading::Reading, String> {
    use stagecall_core::state::reading::{IdKind, parse_entry};
    parse_entry(text, |id| {
        if app.plan.items.iter().any(|i| i.sku == id) {
            Some(IdKind::Sku)
        } else if app
            .plan
            .traffic
            .as_ref()
            .is_some_and(|t| t.slots.iter().any(|s| s.id == id))
        {
            Some(IdKind::Slot)
        } else {
            None
        }
    })
}
