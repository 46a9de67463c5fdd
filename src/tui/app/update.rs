//! The pure update: one action in, the effects the shell must perform
//! out. Records come back as actions once they are on disk.

use stagecall_core::live::Phase;
use stagecall_core::live::tasks::Source;
use stagecall_core::state::{Event, EventKind, TaskMark};
use stagecall_core::timeline::{self, TaskOrigin};

use super::keys::on_key;
use super::prompt::Prompt;
use super::{Action, App, Effect, Mode, TeamLink};
use crate::tui::i18n::Label;

/// The pure update: applies one action, returns what the shell must do.
pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    let mut effects = Vec::new();
    match action {
        Action::Tick(now) => {
            let before = app.now.with_timezone(&chrono::Utc);
            app.now = now;
            if app.notice.as_ref().is_some_and(|n| n.until <= now) {
                app.notice = None;
            }
            // A reading stamped a little ahead of the clock counts once the
            // clock reaches it: look for a sell-out then too.
            let now_utc = now.with_timezone(&chrono::Utc);
            let readings = &app.state.readings;
            let reached = readings.partition_point(|(t, _)| *t <= before)
                < readings.partition_point(|(t, _)| *t <= now_utc);
            if reached {
                sold_out_by_numbers(app, &mut effects);
            }
        }
        Action::Key(key) => on_key(app, key, &mut effects),
        Action::Paste(text) => {
            if let Some(Prompt::Note(buf) | Prompt::Message(buf) | Prompt::Numbers(buf)) =
                app.prompt.as_mut()
            {
                buf.extend(text.chars().filter(|c| !c.is_control()));
            }
        }
        Action::Recorded(event) => {
            let metrics = matches!(event.kind, EventKind::Metrics { .. });
            recorded(app, &event);
            if metrics {
                sold_out_by_numbers(app, &mut effects);
            }
        }
        Action::Replayed(events) => {
            // A bulk read (start-up, a follower catching up): fold them
            // all; the selection is settled once, below.
            let metrics = events
                .iter()
                .any(|e| matches!(e.kind, EventKind::Metrics { .. }));
            for e in events {
                app.state.apply_owned(e);
            }
            app.orphans.take();
            // Space does the next thing: if what was selected got done
            // meanwhile, select the first open task.
            let list = app.checklist();
            if app
                .selected_index(&list)
                .is_none_or(|i| list[i].mark != TaskMark::Open)
            {
                app.select_first_open();
            }
            if metrics {
                sold_out_by_numbers(app, &mut effects);
            }
        }
        Action::Reloaded(parts) => {
            let (plan, sched) = *parts;
            app.rows = timeline::rows(&plan, &sched);
            app.orphans.take();
            app.plan = plan;
            app.sched = sched;
            app.plan_gen += 1;
            app.plan_error = None;
            let text = app.t(Label::Reloaded);
            app.notice(text);
            app.panes.products.selected = app
                .panes
                .products
                .selected
                .min(app.plan.items.len().saturating_sub(1));
            app.panes.welfare.selected = app
                .panes
                .welfare
                .selected
                .min(app.plan.welfare.len().saturating_sub(1));
            // A prompt about a cue or welfare may point at the old plan.
            if !matches!(
                app.prompt,
                Some(Prompt::Note(_) | Prompt::Message(_) | Prompt::Numbers(_) | Prompt::Quit)
            ) {
                app.prompt = None;
            }
        }
        Action::ReloadFailed(msg) => app.plan_error = Some(msg),
        Action::LogWarnings(w) => {
            // Found while running (not a line of the log read at start):
            // say it now, not only in the warnings count.
            if let Some(last) = w.iter().rfind(|w| w.line == 0) {
                let text = last.message.clone();
                app.notice(text);
            }
            app.log_warnings.extend(w);
        }
        Action::Writable(w) => {
            let label = match (app.writable, w) {
                (false, true) if matches!(app.mode, Mode::Rehearsal { .. }) => Label::NowWriter,
                (_, true) => Label::Live,
                // Asked to take over, and the writer still holds the log.
                (false, false) => Label::WriterStillThere,
                (true, false) => Label::ReadOnly,
            };
            app.writable = w;
            let text = app.t(label);
            app.notice(text);
        }
        Action::LogFailed(msg) => app.log_error = Some(msg),
        Action::Pending(kinds) => {
            if kinds.is_empty() {
                app.log_error = None;
            }
            app.pending = kinds;
        }
        Action::PlanUnchanged => app.plan_error = None,
        Action::Feed(problem) => {
            if let Some(p) = &problem
                && app.feed_error.as_ref() != Some(p)
            {
                let label = app.t(Label::FeedProblem);
                app.notice(format!("{label}: {p}"));
            }
            app.feed_error = problem;
        }
        Action::Told(text) => app.notice(text),
        Action::Notify(status) => app.notify_error = status,
        Action::FeedSkipped(why) => {
            app.feed_skipped += 1;
            let label = app.t(Label::FeedSkipped);
            app.notice(format!("{label} {why}"));
        }
        Action::Team(link) => {
            let lag = app.team.as_ref().and_then(|t| t.lag);
            if link.denied && app.writable {
                app.writable = false;
                let label = app.t(Label::ReadOnly);
                app.notice(format!("{label}: no publish permission on the team server"));
            }
            app.team = Some(TeamLink { lag, ..link });
        }
        Action::TeamLag(lag) => {
            if let Some(t) = app.team.as_mut() {
                t.lag = Some((lag, app.now));
            }
        }
    }
    // A new cue on air brings a new checklist: select its first open task.
    let live = app.live();
    let list = app.checklist_at(&live);
    if live.on_air != app.last_on_air || app.selected_index(&list).is_none() {
        app.last_on_air = live.on_air;
        app.select_first_open();
    }
    // The quit question only stands while the show is on air or records
    // are waiting for the disk.
    if app.prompt == Some(Prompt::Quit) && live.phase != Phase::OnAir && app.pending.is_empty() {
        app.prompt = None;
    }
    effects
}

/// Folds in one recorded event. When it ticks or skips the selected task
/// (or releases the selected welfare task), Space does the next thing: the
/// selection moves to the next open task. Only then is the checklist
/// looked at, so a log read in bulk costs one fold, not a projection per
/// event.
fn recorded(app: &mut App, event: &Event) {
    app.state.apply(event);
    app.orphans.take();
    let Some(sel) = app.panes.sheet.selected.clone() else {
        return;
    };
    let touched = match &event.kind {
        EventKind::Tick { cue, task } | EventKind::Skip { cue, task } => {
            sel.cue == *cue && sel.task == *task
        }
        EventKind::Release { .. } => true,
        _ => false,
    };
    if !touched {
        return;
    }
    let list = app.checklist();
    let Some(from) = list.iter().position(|i| i.key == sel) else {
        return;
    };
    if list[from].mark == TaskMark::Open {
        return;
    }
    if matches!(event.kind, EventKind::Release { .. })
        && !matches!(list[from].source, Source::Sheet(TaskOrigin::Welfare(_)))
    {
        return;
    }
    let next = list
        .iter()
        .skip(from + 1)
        .chain(list.iter().take(from))
        .find(|i| i.mark == TaskMark::Open);
    if let Some(n) = next {
        app.panes.sheet.selected = Some(n.key.clone());
    }
}

/// SKUs the numbers say sold out are recorded sold out, as `x` would (the
/// writer only; a record already waiting for the disk is not made twice).
fn sold_out_by_numbers(app: &mut App, effects: &mut Vec<Effect>) {
    if !app.writable {
        return;
    }
    let now = app.now.with_timezone(&chrono::Utc);
    for sku in stagecall_core::live::numbers::newly_sold_out(&app.plan, &app.state, now) {
        let kind = EventKind::SoldOut { sku: sku.clone() };
        if app.pending.contains(&kind) {
            continue;
        }
        let label = app.t(Label::SoldOutByNumbers);
        app.notice(format!("{label}: {sku}"));
        effects.push(Effect::Record(kind));
    }
}
