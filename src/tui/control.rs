//! Control calls from outside the terminal (the browser API, a Stream
//! Deck, a foot pedal) turned into the same records the keys make, by the
//! same rules. Pure: it decides, the shell writes. A call that does not
//! apply is refused with a reason, never half done.

use stagecall_core::live::{Go, Phase};
use stagecall_core::state::{EventKind, TaskMark};
use stagecall_core::timeline::TaskOrigin;

use super::app::{App, describe};
use super::i18n::Label;

/// The longest message or note a call may carry, in characters.
pub const MAX_TEXT: usize = 500;

/// One control call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Control {
    /// GO; `force` starts a fixed cue more than a minute early (the
    /// terminal asks first).
    Go {
        force: bool,
    },
    Hold,
    Pull,
    Undo,
    /// Release a welfare; `again` releases one already released in its cue.
    Release {
        welfare: String,
        again: bool,
    },
    /// Tick a task, named as `status` names it (row id and task text).
    Tick {
        row: String,
        task: String,
    },
    SoldOut {
        sku: String,
    },
    /// A message to the host's screen; empty clears it.
    Message {
        text: String,
    },
    Note {
        text: String,
    },
    /// A reading of the live numbers (`POST /api/metrics`).
    Metrics(stagecall_core::state::reading::Reading),
}

impl Control {
    /// The call's name, for the trace (never its text).
    pub fn name(&self) -> &'static str {
        match self {
            Control::Go { .. } => "go",
            Control::Hold => "hold",
            Control::Pull => "pull",
            Control::Undo => "undo",
            Control::Release { .. } => "release",
            Control::Tick { .. } => "tick",
            Control::SoldOut { .. } => "soldout",
            Control::Message { .. } => "message",
            Control::Note { .. } => "note",
            Control::Metrics(_) => "metrics",
        }
    }
}

/// Why a call was not done, with the HTTP status that says so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// 400 bad input, 404 no such thing, 409 does not apply now.
    pub code: u16,
    pub reason: String,
}

fn refuse(code: u16, reason: impl Into<String>) -> Refusal {
    Refusal {
        code,
        reason: reason.into(),
    }
}

/// The record a call makes, and what it did in words; or why not.
pub fn control(app: &App, call: &Control) -> Result<(EventKind, String), Refusal> {
    if !app.writable {
        return Err(refuse(
            409,
            "read-only: this screen follows another runner's log; send control calls to the runner that writes it",
        ));
    }
    let live = app.live();
    let plan = &app.plan;
    match call {
        Control::Go { force } => match live.go() {
            Go::End => Ok((EventKind::End, app.t(Label::PostShow).to_string())),
            Go::Start(i) => Ok(go(app, i)),
            Go::AskFirst { cue, .. } if *force => Ok(go(app, cue)),
            Go::AskFirst { cue, early } => Err(refuse(
                409,
                format!(
                    "{} is a fixed cue at {}, {} s away: starting it this early needs ?force=1",
                    plan.cues[cue].title,
                    live.cues[cue].planned.start.format("%H:%M"),
                    early.num_seconds()
                ),
            )),
            Go::Refused => Err(refuse(409, app.t(Label::GoRefused))),
        },
        Control::Hold | Control::Pull => {
            if live.phase != Phase::OnAir {
                return Err(refuse(409, app.t(Label::HoldNothing)));
            }
            let seconds = if *call == Control::Hold { 60 } else { -60 };
            let kind = EventKind::Delay { seconds };
            let did = describe(app, &kind);
            Ok((kind, did))
        }
        Control::Undo => crate::tui::app::undo(app, &live).map_err(|why| refuse(409, why)),
        Control::Release { welfare, again } => {
            let Some(w) = plan.welfare.iter().position(|x| &x.id == welfare) else {
                return Err(refuse(404, format!("no welfare `{welfare}` in the plan")));
            };
            let cue = app.release_cue(&live, w);
            if app.released_before(&live, w, cue) && !again {
                return Err(refuse(
                    409,
                    format!(
                        "{} was already released{}: add ?again=1 to release it again",
                        plan.welfare[w].name,
                        cue.map(|c| format!(" in {}", plan.cues[c].title))
                            .unwrap_or_default()
                    ),
                ));
            }
            let kind = EventKind::Release {
                welfare: welfare.clone(),
                cue: cue.map(|c| plan.cues[c].id.clone()),
            };
            let did = describe(app, &kind);
            Ok((kind, did))
        }
        Control::Tick { row, task } => tick(app, row, task),
        Control::SoldOut { sku } => {
            if !plan.items.iter().any(|i| &i.sku == sku) {
                return Err(refuse(404, format!("no product `{sku}` in the plan")));
            }
            if app.state.is_sold_out(sku) {
                return Err(refuse(409, format!("{sku} is already marked sold out")));
            }
            let kind = EventKind::SoldOut { sku: sku.clone() };
            let did = describe(app, &kind);
            Ok((kind, did))
        }
        Control::Message { text } => {
            let text = clean(text)?;
            if text.is_empty() && app.state.message().is_none() {
                return Err(refuse(409, app.t(Label::NoMessage)));
            }
            let kind = EventKind::Message { text };
            let did = describe(app, &kind);
            Ok((kind, did))
        }
        Control::Metrics(reading) => {
            let kind = EventKind::Metrics {
                reading: reading.clone(),
            };
            Ok((kind, app.t(Label::NumbersSaved).to_string()))
        }
        Control::Note { text } => {
            let text = clean(text)?;
            if text.is_empty() {
                return Err(refuse(400, "a note needs text"));
            }
            let kind = EventKind::Note { text };
            let did = describe(app, &kind);
            Ok((kind, did))
        }
    }
}

fn go(app: &App, i: usize) -> (EventKind, String) {
    let cue = &app.plan.cues[i];
    (
        EventKind::Go {
            cue: cue.id.clone(),
        },
        format!("{}: {}", app.t(Label::GoAt), cue.title),
    )
}

/// Trimmed, without control characters, at most [`MAX_TEXT`] characters.
fn clean(text: &str) -> Result<String, Refusal> {
    let text: String = text.trim().chars().filter(|c| !c.is_control()).collect();
    if text.chars().count() > MAX_TEXT {
        return Err(refuse(400, format!("at most {MAX_TEXT} characters")));
    }
    Ok(text)
}

/// Ticks a task: a run-sheet task of a cue or slot switch, or one the
/// record brought (a draw, a sold-out follow-up). A welfare's task is its
/// release, as with Space.
fn tick(app: &App, row: &str, task: &str) -> Result<(EventKind, String), Refusal> {
    let live = app.live();
    let found = app
        .rows
        .iter()
        .filter(|r| r.id == row)
        .flat_map(|r| r.tasks.iter().map(move |t| (r, t)))
        .find(|(r, t)| t.text == task || r.task_key(t).task == task);
    let item = match found {
        Some((r, t)) => stagecall_core::live::tasks::row_item(&app.plan, &app.state, &live, r, t),
        None => live
            .generated
            .iter()
            .find(|g| g.key.cue == row && (g.text == task || g.key.task == task))
            .cloned()
            .ok_or_else(|| refuse(404, format!("no task `{task}` in row `{row}`")))?,
    };
    if item.mark == TaskMark::Done {
        return Err(refuse(409, format!("`{task}` is already done")));
    }
    if let (stagecall_core::live::tasks::Source::Sheet(TaskOrigin::Welfare(w)), Some(c)) =
        (item.source, item.cue)
    {
        let kind = EventKind::Release {
            welfare: app.plan.welfare[w].id.clone(),
            cue: Some(app.plan.cues[c].id.clone()),
        };
        let did = describe(app, &kind);
        return Ok((kind, did));
    }
    let kind = EventKind::Tick {
        cue: item.key.cue,
        task: item.key.task,
    };
    let did = describe(app, &kind);
    Ok((kind, did))
}

/// A call that was done: what it did, and whether its record is on disk
/// yet (when not, it stays queued and is retried: do not send it again).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Done {
    pub did: String,
    pub saved: bool,
    pub reason: Option<String>,
}

/// Where the loop answers a call.
pub type Responder = tokio::sync::oneshot::Sender<Result<Done, Refusal>>;
