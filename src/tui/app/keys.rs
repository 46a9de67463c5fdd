//! Keys, decoded: what each one records, asks or moves, by the core's
//! rules (GO, holds, releases, sold out, undo), and the selection in each
//! pane.

use stagecall_core::live::tasks::{self, Source};
use stagecall_core::live::{Go, Live, Phase};
use stagecall_core::state::{EventKind, TaskMark};
use stagecall_core::timeline::TaskOrigin;

use super::describe;
use super::prompt::{Prompt, on_prompt_key};
use super::{App, Effect, Pane};
use crate::tui::i18n::Label;

/// Keys, already decoded from the terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Up,
    Down,
    Toggle,
    Go,
    Skip,
    DelayPlus,
    DelayMinus,
    NextPane,
    PrevPane,
    Pane(usize),
    Help,
    SoldOut,
    Release,
    Undo,
    Note,
    /// Type a message to the host's screen.
    Message,
    /// Show or hide the browser views' addresses and QR code.
    Views,
    /// Type the live numbers read off the platform's screen (`$`).
    Numbers,
    /// A read-only runner asks to become the writer.
    TakeOver,
    Quit,
    /// Closes help, a prompt or a pane; never quits.
    Esc,
    /// Text typed into a prompt (a note), one character at a time.
    Char(char),
    Backspace,
    /// Enter inside a prompt.
    Submit,
}

/// Keys that write a record.
fn writes(key: Key) -> bool {
    matches!(
        key,
        Key::Toggle
            | Key::Go
            | Key::Skip
            | Key::DelayPlus
            | Key::DelayMinus
            | Key::SoldOut
            | Key::Release
            | Key::Undo
            | Key::Note
            | Key::Message
            | Key::Numbers
    )
}

pub(super) fn on_key(app: &mut App, key: Key, effects: &mut Vec<Effect>) {
    if app.prompt.is_some() {
        on_prompt_key(app, key, effects);
        return;
    }
    if writes(key) && !app.writable {
        let text = app.t(Label::ReadOnly);
        app.notice(text);
        return;
    }
    let live = app.live();
    match key {
        Key::Quit => {
            // On air, or with records not on disk yet: ask first.
            if live.phase == Phase::OnAir || !app.pending.is_empty() {
                app.prompt = Some(Prompt::Quit);
            } else {
                effects.push(Effect::Quit);
            }
        }
        Key::Views => {
            if app.serving.is_some() {
                app.views_open = !app.views_open;
            } else {
                let text = app.t(Label::NotServing);
                app.notice(text);
            }
        }
        Key::Esc if app.views_open => app.views_open = false,
        Key::Esc => {
            if app.panes.current != Pane::Sheet {
                app.panes.current = Pane::Sheet;
            }
        }
        Key::TakeOver => {
            if app.writable {
                let text = app.t(Label::AlreadyWriter);
                app.notice(text);
            } else {
                effects.push(Effect::TakeLock);
            }
        }
        Key::NextPane => {
            app.panes.current = Pane::ALL[(app.panes.current.index() + 1) % Pane::ALL.len()]
        }
        Key::PrevPane => {
            app.panes.current =
                Pane::ALL[(app.panes.current.index() + Pane::ALL.len() - 1) % Pane::ALL.len()]
        }
        Key::Pane(n) => {
            if let Some(p) = n.checked_sub(1).and_then(|i| Pane::ALL.get(i)) {
                app.panes.current = *p;
            }
        }
        Key::Help => {
            app.panes.current = if app.panes.current == Pane::Help {
                Pane::Sheet
            } else {
                Pane::Help
            }
        }
        Key::Up | Key::Down => move_selection(app, key == Key::Down),
        Key::Toggle => {
            let list = app.checklist_at(&live);
            let Some(item) = app.selected_index(&list).map(|i| list[i].clone()) else {
                return;
            };
            // A welfare's task and its release are one record.
            if let (Source::Sheet(TaskOrigin::Welfare(w)), Some(c), TaskMark::Open) =
                (item.source, item.cue, item.mark)
            {
                release(app, &live, w, Some(c), effects);
                return;
            }
            if let (Source::Sheet(TaskOrigin::Welfare(w)), Some(c), TaskMark::Done) =
                (item.source, item.cue, item.mark)
                && tasks::released_in(&app.plan, &app.state, &live, w, c)
            {
                app.prompt = Some(Prompt::Rerelease {
                    welfare: w,
                    cue: Some(c),
                });
                return;
            }
            let (cue, task) = (item.key.cue, item.key.task);
            effects.push(Effect::Record(if item.mark == TaskMark::Done {
                EventKind::Untick { cue, task }
            } else {
                EventKind::Tick { cue, task }
            }));
        }
        Key::Skip => {
            let list = app.checklist_at(&live);
            if let Some(item) = app.selected_index(&list).map(|i| &list[i]) {
                let (cue, task) = (item.key.cue.clone(), item.key.task.clone());
                effects.push(Effect::Record(if item.mark == TaskMark::Skipped {
                    EventKind::Untick { cue, task }
                } else {
                    EventKind::Skip { cue, task }
                }));
            }
        }
        Key::Go => match live.go() {
            Go::End => {
                effects.push(Effect::Record(EventKind::End));
                let text = app.t(Label::PostShow);
                app.notice(text);
            }
            Go::Start(i) => {
                effects.push(Effect::Record(EventKind::Go {
                    cue: app.plan.cues[i].id.clone(),
                }));
                let text = format!("{}: {}", app.t(Label::GoAt), app.plan.cues[i].title);
                app.notice(text);
            }
            Go::AskFirst { cue, early } => app.prompt = Some(Prompt::EarlyGo { cue, early }),
            Go::Refused => {
                let text = app.t(Label::GoRefused);
                app.notice(text);
            }
        },
        Key::DelayPlus | Key::DelayMinus => {
            if live.phase != Phase::OnAir {
                let text = app.t(Label::HoldNothing);
                app.notice(text);
                return;
            }
            let seconds = if key == Key::DelayPlus { 60 } else { -60 };
            effects.push(Effect::Record(EventKind::Delay { seconds }));
            // Say where the minute went (the core's rule, as the replay).
            let text = match live.hold_goes_to(seconds > 0) {
                Some((c, true)) => {
                    format!("{}: {}", app.t(Label::HoldNotYet), app.plan.cues[c].title)
                }
                Some((c, false)) => {
                    let l = if seconds > 0 {
                        Label::HoldMore
                    } else {
                        Label::HoldLess
                    };
                    format!("{}: {}", app.t(l), app.plan.cues[c].title)
                }
                None => String::new(),
            };
            app.notice(text);
        }
        Key::SoldOut => {
            if app.panes.current == Pane::Products {
                if app.panes.products.selected < app.plan.items.len() {
                    sold_out(app, app.panes.products.selected, effects);
                }
                return;
            }
            let items: Vec<usize> = live
                .on_air
                .map(|c| app.plan.cues[c].items.clone())
                .unwrap_or_default();
            match items.as_slice() {
                [] => {
                    let text = app.t(Label::NoProductOnAir);
                    app.notice(text);
                }
                [one] => sold_out(app, *one, effects),
                _ => app.prompt = Some(Prompt::PickSku(items.into_iter().take(9).collect())),
            }
        }
        Key::Release => match app.release_target(&live) {
            Some((w, cue)) => release(app, &live, w, cue, effects),
            None => {
                let text = app.t(Label::NoWelfareOnAir);
                app.notice(text);
            }
        },
        Key::Undo => match undo(app, &live) {
            Ok((kind, did)) => {
                effects.push(Effect::Record(kind));
                app.notice(did);
            }
            Err(why) => app.notice(why),
        },
        Key::Note => app.prompt = Some(Prompt::Note(String::new())),
        Key::Message => app.prompt = Some(Prompt::Message(String::new())),
        Key::Numbers => app.prompt = Some(Prompt::Numbers(String::new())),
        Key::Char(_) | Key::Backspace | Key::Submit => {}
    }
}

/// What undo takes back now, by the same rule for the key and the API:
/// this machine's last record (not one that came in by itself), never
/// while records wait for the disk (it would take back the one before),
/// and after the show not its GOs and holds (its times are final; ticks
/// can still be fixed). The undo record and its words; or why not.
pub fn undo(app: &App, live: &Live) -> Result<(EventKind, String), String> {
    if !app.pending.is_empty() {
        return Err(format!(
            "{}: {} {}",
            app.t(Label::NotSaved),
            app.pending.len(),
            app.t(Label::Pending)
        ));
    }
    match app.state.last_undoable(&app.origin) {
        Some(e)
            if live.phase == Phase::Post
                && matches!(
                    e.kind,
                    EventKind::Go { .. } | EventKind::End | EventKind::Delay { .. }
                ) =>
        {
            Err(app.t(Label::UndoAfterShow).to_string())
        }
        Some(e) => Ok((
            EventKind::Undo {
                target: e.id.clone(),
            },
            format!("{}: {}", app.t(Label::Undone), describe(app, &e.kind)),
        )),
        None => Err(app.t(Label::NothingToUndo).to_string()),
    }
}

/// Releases welfare `w` in cue `cue`, asking first when it was released
/// before (a double `r` must not pay out twice).
pub(super) fn release(
    app: &mut App,
    live: &Live,
    w: usize,
    cue: Option<usize>,
    effects: &mut Vec<Effect>,
) {
    if app.released_before(live, w, cue) {
        app.prompt = Some(Prompt::Rerelease { welfare: w, cue });
        return;
    }
    effects.push(Effect::Record(EventKind::Release {
        welfare: app.plan.welfare[w].id.clone(),
        cue: cue.map(|c| app.plan.cues[c].id.clone()),
    }));
    let text = format!("{}: {}", app.t(Label::Released), app.plan.welfare[w].name);
    app.notice(text);
}

/// Toggles item `i` sold out / restocked, and says which.
pub(super) fn sold_out(app: &mut App, i: usize, effects: &mut Vec<Effect>) {
    let sku = app.plan.items[i].sku.clone();
    let restock = app.state.is_sold_out(&sku);
    let label = app.t(if restock {
        Label::Restocked
    } else {
        Label::SoldOutNow
    });
    app.notice(format!("{label}: {sku} {}", app.plan.items[i].name));
    effects.push(Effect::Record(if restock {
        EventKind::Restock { sku }
    } else {
        EventKind::SoldOut { sku }
    }));
}

fn move_selection(app: &mut App, down: bool) {
    match app.panes.current {
        Pane::Products | Pane::Welfare => {
            let (sel, n) = if app.panes.current == Pane::Products {
                (&mut app.panes.products.selected, app.plan.items.len())
            } else {
                (&mut app.panes.welfare.selected, app.plan.welfare.len())
            };
            if n > 0 {
                *sel = if down {
                    (*sel + 1).min(n - 1)
                } else {
                    sel.saturating_sub(1)
                };
            }
        }
        _ => {
            let list = app.checklist();
            if list.is_empty() {
                return;
            }
            let i = app.selected_index(&list).unwrap_or(0);
            let j = if down {
                (i + 1).min(list.len() - 1)
            } else {
                i.saturating_sub(1)
            };
            app.panes.sheet.selected = Some(list[j].key.clone());
        }
    }
}
