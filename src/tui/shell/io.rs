//! The shell's side effects: the state log (writes, retries, a log deleted
//! or cut short under us), the team link, plan reloads off the UI thread,
//! the metrics feed, control calls from the browser API, the browser views
//! and the group-chat bots.
//!
//! Nothing here changes the app: every handler reads it and returns the
//! [`Action`]s that say what happened, and only the loop
//! ([`super::run_loop`]) applies them with `update`, as gitui's main loop
//! does. A record goes to disk first; the app learns of it from the log.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, Utc};
use stagecall_core::plan::Env;
use stagecall_core::schedule::ShowTime;
use stagecall_core::state::event::{AUTOMATIC, HlcClock, Speed};
use stagecall_core::state::log::LogWarning;
use stagecall_core::state::{Event, EventKind, EventLog, FileLog};

use super::{Input, ShowClock};
use crate::tui::app::{Action, App, Effect};
use crate::tui::control::{self, Control, Done, Refusal, Responder};
use crate::tui::feed::FeedItem;

/// How long a plan read may take before the runner says it is stuck.
const RELOAD_TIMEOUT: StdDuration = StdDuration::from_secs(5);

/// What reading and checking the plan found.
#[derive(Debug)]
pub enum PlanLoad {
    LoadedPlan {
        bytes: Vec<u8>,
        plan: Box<(
            stagecall_core::plan::Plan,
            stagecall_core::schedule::Schedule,
        )>,
    },
    /// `file:line: message`, or why it could not be read.
    Bad(String),
    /// Read, and the same as what runs.
    Unchanged,
}

/// What performing effects came to: the actions to apply, and whether the
/// runner should stop.
#[derive(Debug, Default)]
pub struct Step {
    pub actions: Vec<Action>,
    pub quit: bool,
}

/// The shell's state: the files, the clock and the links to other
/// machines and screens.
pub struct Shell {
    pub plan_path: PathBuf,
    pub env: Env,
    pub log: FileLog,
    pub clock: ShowClock,
    /// The plan text last loaded, to ignore saves that change nothing.
    pub plan_text: Vec<u8>,
    /// Stamps this machine's events; it has seen every stamp in the log.
    pub hlc: HlcClock,
    /// Set in team mode.
    pub team: Option<crate::team::TeamIo>,
    /// Whether this is a rehearsal (its clock is recorded in its log).
    pub rehearsal: bool,
    /// Records not yet on disk, oldest first (and whether to publish each
    /// to the team once saved): retried on every wake-up until they are.
    pub pending: VecDeque<(Event, bool)>,
    /// Where a plan read off the UI thread reports back.
    pub reload_tx: Option<Sender<Input>>,
    /// When the plan read in flight started.
    pub reloading: Option<std::time::Instant>,
    /// The browser views, when served (`--serve`, `stagecall serve`).
    pub web: Option<crate::web::Web>,
    /// The group-chat bots, when configured (state kept out of `App`).
    pub notifier: Option<Box<crate::notify::Notifier>>,
    /// Control calls done, waiting to be answered once their actions are
    /// applied and the views have the new show.
    pub replies: Vec<(Responder, Result<String, Refusal>)>,
}

impl Shell {
    /// A shell with nothing pending, no links and no views.
    pub fn new(plan_path: PathBuf, env: Env, log: FileLog, clock: ShowClock) -> Self {
        Shell {
            plan_path,
            env,
            log,
            clock,
            plan_text: Vec::new(),
            hlc: HlcClock::new(crate::commands::origin()),
            team: None,
            rehearsal: false,
            pending: VecDeque::new(),
            reload_tx: None,
            reloading: None,
            web: None,
            notifier: None,
            replies: Vec::new(),
        }
    }

    /// Whatever the log holds that the app has not seen yet.
    pub fn pull(&mut self) -> Vec<Action> {
        let mut out = Vec::new();
        // A follower whose file was deleted reads the new one the writer
        // made (when there is one yet).
        if !self.log.writable() && self.log.is_unlinked() && self.log.path().exists() {
            let _ = self.log.reopen();
        }
        match self.log.read_new() {
            Ok(batch) => {
                if !batch.warnings.is_empty() {
                    out.push(Action::LogWarnings(batch.warnings));
                }
                let future: Vec<LogWarning> = batch
                    .events
                    .iter()
                    .filter(|e| e.hlc.is_some_and(|h| !self.hlc.observe(h)))
                    .map(|e| LogWarning {
                        line: 0,
                        message: format!(
                            "event {} is stamped more than a day ahead of this machine's clock; kept, but its clock is not followed",
                            e.id
                        ),
                    })
                    .collect();
                if !future.is_empty() {
                    out.push(Action::LogWarnings(future));
                }
                if !batch.events.is_empty() {
                    out.push(Action::Replayed(batch.events));
                }
            }
            Err(e) => {
                out.push(Action::LogFailed(format!(
                    "{}: {e}",
                    self.log.path().display()
                )));
            }
        }
        out
    }

    /// Keeps the clock with the app after an action: a follower runs on
    /// the writer's recorded clock.
    pub fn observe(&mut self, app: &App) {
        self.clock.observe(app.state.clock);
    }

    pub fn perform(&mut self, app: &App, effects: Vec<Effect>) -> Step {
        let mut step = Step::default();
        for f in effects {
            match f {
                Effect::Quit => {
                    step.actions.extend(self.stop_clock(app));
                    step.quit = true;
                    return step;
                }
                Effect::Record(kind) => {
                    let event = Event::local(
                        &mut self.hlc,
                        app.role.clone(),
                        Utc::now(),
                        whole_second(app.now),
                        kind,
                    );
                    // On disk first; the screen learns of it from the log.
                    self.pending.push_back((event, true));
                    step.actions.extend(self.flush(app));
                }
                Effect::TakeLock => {
                    let ok = self.log.try_take_lock().unwrap_or(false);
                    step.actions.push(Action::Writable(ok));
                    if ok {
                        // The new writer keeps the show's time from here on.
                        self.clock.detach();
                        step.actions.extend(self.start_clock(app));
                    }
                }
            }
        }
        step
    }

    /// A rehearsal writer records its clock: where it starts (or resumes)
    /// and its speed, so a restart resumes and a follower keeps time.
    pub fn start_clock(&mut self, app: &App) -> Vec<Action> {
        if !(self.rehearsal && self.log.writable()) {
            return Vec::new();
        }
        let speed = self.clock.speed();
        self.record_now(
            app,
            EventKind::Clock {
                speed: Speed(speed),
                running: true,
            },
        )
    }

    /// On quit, a rehearsal writer records where its clock stopped.
    fn stop_clock(&mut self, app: &App) -> Vec<Action> {
        if !(self.rehearsal && self.log.writable()) {
            return Vec::new();
        }
        let speed = self.clock.speed();
        let mut out = vec![Action::Tick(self.clock.now())];
        out.extend(self.record_now(
            app,
            EventKind::Clock {
                speed: Speed(speed),
                running: false,
            },
        ));
        out
    }

    fn record_now(&mut self, app: &App, kind: EventKind) -> Vec<Action> {
        let event = Event::local(
            &mut self.hlc,
            app.role.clone(),
            Utc::now(),
            // The clock reading stays exact: a follower runs from it.
            self.clock.now().with_timezone(&Utc),
            kind,
        );
        // The rehearsal clock is this machine's own: it stays in the local
        // log (a local viewer follows it) and is not replicated.
        self.pending.push_back((event, false));
        self.flush(app)
    }

    /// Whether a write is owed: records pending, or a log deleted or cut
    /// short under us.
    pub fn owes_a_write(&self) -> bool {
        !self.pending.is_empty()
            || (self.log.writable() && (self.log.is_unlinked() || self.log.shrank()))
    }

    /// Writes what is pending, oldest first, and stops at the first
    /// failure: the screen then says NOT SAVED with the reason and the
    /// path, shows the records as pending (not done), and every wake-up
    /// tries again. A log deleted under us is first written anew, whole.
    pub fn flush(&mut self, app: &App) -> Vec<Action> {
        let mut out = Vec::new();
        let path = self.log.path().display().to_string();
        if self.log.writable() && self.log.is_unlinked() {
            tracing::warn!("the log was deleted under the runner; writing it anew");
            out.push(match self.log.recreate(app.state.log.iter()) {
                Ok(n) => Action::LogWarnings(vec![LogWarning {
                    line: 0,
                    message: format!(
                        "the log was deleted while running; wrote all {n} records into a new {path}"
                    ),
                }]),
                Err(e) => Action::LogFailed(format!("{path}: {e}")),
            });
        }
        if self.log.writable() && self.log.shrank() {
            // Something truncated our log: what we had shown as saved is
            // gone from disk. Write it all back before anything new.
            tracing::warn!("the log was cut short by something else; writing it back");
            out.push(match self.log.rewrite(app.state.log.iter()) {
                Ok(n) => Action::LogWarnings(vec![LogWarning {
                    line: 0,
                    message: format!(
                        "the log was cut short by something else; wrote all {n} records back into {path}"
                    ),
                }]),
                Err(e) => Action::LogFailed(format!("{path}: {e}")),
            });
        }
        // Still deleted (it could not be made again): writing to the old
        // file would look saved and be lost. Keep everything pending.
        let stranded = self.log.writable() && self.log.is_unlinked();
        if stranded {
            out.push(Action::LogFailed(format!(
                "{path}: the log was deleted and could not be made again"
            )));
        }
        while let Some((event, publish)) = self.pending.front().filter(|_| !stranded) {
            match self.log.append(event) {
                Ok(()) => {
                    if *publish && let Some(t) = &self.team {
                        t.team.publish(event.clone());
                    }
                    self.pending.pop_front();
                }
                Err(e) => {
                    tracing::warn!(error = %e, pending = self.pending.len(), "save failed; will retry");
                    out.push(Action::LogFailed(format!("{path}: {e}")));
                    break;
                }
            }
        }
        if self.pending.is_empty() && app.log_error.is_some() {
            tracing::info!("saves recovered: everything pending is on disk");
        }
        let pending = self.pending.iter().map(|(e, _)| e.kind.clone()).collect();
        out.push(Action::Pending(pending));
        if !stranded {
            out.extend(self.pull());
        }
        out
    }

    /// A remote event goes into the local log (the writer's job; a local
    /// viewer follows the file), then the app sees it from the log.
    pub fn team_update(&mut self, app: &App, u: stagecall_team::Update) -> Vec<Action> {
        use stagecall_team::Update;
        match u {
            Update::Remote(e) => {
                if let Some(h) = e.hlc {
                    self.hlc.observe(h);
                }
                let queued = self.pending.iter().any(|(p, _)| p.id == e.id);
                if app.state.has_seen(&e.id) || queued {
                    return Vec::new();
                }
                if !self.log.writable() {
                    // A follower (or `stagecall serve` with no runner on
                    // this machine) shows it at once; the writer's copy in
                    // the log, if any, is the same id and changes nothing.
                    return vec![Action::Recorded(e)];
                }
                let mut out = Vec::new();
                let mine = self.team.as_ref().is_some_and(|t| t.origin == e.origin);
                if !mine {
                    out.push(Action::TeamLag((Utc::now() - e.wall).max(Duration::zero())));
                }
                // Another machine's record: saved like our own, retried
                // until it is, never published back.
                self.pending.push_back((e, false));
                out.extend(self.flush(app));
                out
            }
            Update::Acked(id) => {
                if let Some(t) = self.team.as_mut() {
                    t.acked(&id);
                }
                Vec::new()
            }
            Update::Link(l) => {
                tracing::info!(
                    connected = l.connected,
                    queued = l.queued,
                    error = l.error.as_deref().unwrap_or(""),
                    "team link"
                );
                vec![Action::Team(crate::tui::app::TeamLink {
                    connected: l.connected,
                    queued: l.queued,
                    denied: l.can_publish == Some(false),
                    lag: None,
                    error: l.error,
                })]
            }
        }
    }

    /// Starts reading and checking the plan on a thread of its own: a
    /// slow or stuck file system never stalls the show (the answer comes
    /// back as `Input::PlanLoaded`). One read at a time.
    pub fn start_reload(&mut self) {
        let Some(tx) = self.reload_tx.clone() else {
            return;
        };
        if self.reloading.is_some() {
            return;
        }
        self.reloading = Some(std::time::Instant::now());
        let (path, env, current) = (self.plan_path.clone(), self.env, self.plan_text.clone());
        std::thread::spawn(move || {
            let _ = tx.send(Input::PlanLoaded(Box::new(load_plan(
                &path, &env, &current,
            ))));
        });
    }

    pub fn plan_loaded(&mut self, app: &App, load: PlanLoad) -> Vec<Action> {
        self.reloading = None;
        match load {
            PlanLoad::LoadedPlan { bytes, plan } => {
                tracing::info!(bytes = bytes.len(), "plan reloaded");
                self.plan_text = bytes;
                vec![Action::Reloaded(plan)]
            }
            PlanLoad::Bad(msg) => {
                tracing::warn!(error = %msg, "plan on disk has errors; the last good version runs");
                vec![Action::ReloadFailed(msg)]
            }
            // Back to the version that runs: the error is gone.
            PlanLoad::Unchanged if app.plan_error.is_some() => vec![Action::PlanUnchanged],
            PlanLoad::Unchanged => Vec::new(),
        }
    }

    /// A plan read that has not answered in time: say so, keep the show.
    pub fn reload_overdue(&mut self) -> Vec<Action> {
        if self.reloading.is_none_or(|t| t.elapsed() <= RELOAD_TIMEOUT) {
            return Vec::new();
        }
        self.reloading = None;
        tracing::warn!("a plan read takes more than {} s", RELOAD_TIMEOUT.as_secs());
        vec![Action::ReloadFailed(format!(
            "{}: reading it takes more than {} s; still running the last good version",
            self.plan_path.display(),
            RELOAD_TIMEOUT.as_secs()
        ))]
    }

    /// Readings from the metrics feed become records (the writer's job:
    /// a follower sees them in the log); bad lines are said and skipped.
    pub fn feed(&mut self, app: &App, items: Vec<FeedItem>) -> Vec<Action> {
        let mut out = Vec::new();
        let mut queued = false;
        for item in items {
            match item {
                FeedItem::Reading {
                    id, at, reading, ..
                } => {
                    let seen =
                        app.state.has_seen(&id) || self.pending.iter().any(|(p, _)| p.id == id);
                    if seen || !self.log.writable() {
                        continue;
                    }
                    let show = at.unwrap_or_else(|| whole_second(app.now));
                    let mut event = Event::local(
                        &mut self.hlc,
                        app.role.clone(),
                        Utc::now(),
                        show,
                        EventKind::Metrics { reading },
                    );
                    event.id = id;
                    self.pending.push_back((event, true));
                    queued = true;
                }
                FeedItem::Bad { line, reason } => {
                    tracing::info!(line, reason = %reason, "metrics feed line skipped");
                    out.push(Action::FeedSkipped(format!("line {line}: {reason}")));
                }
                FeedItem::Unreadable(why) => {
                    tracing::warn!(error = %why, "metrics feed unreadable");
                    out.push(Action::Feed(Some(why)));
                }
                FeedItem::Restarted => {}
            }
        }
        if queued {
            if app.feed_error.is_some() {
                out.push(Action::Feed(None));
            }
            out.extend(self.flush(app));
        }
        out
    }

    /// A control call from the browser API: the same record a key would
    /// make, by the same rules. The answer waits in `replies` until the
    /// loop has applied what it did (see [`Shell::answer`]).
    pub fn control(&mut self, app: &App, call: &Control, reply: Responder) -> Vec<Action> {
        let outcome = control::control(app, call);
        tracing::info!(
            call = call.name(),
            refused = outcome.as_ref().err().map_or(0, |r| r.code),
            "control call"
        );
        match outcome {
            Err(refusal) => {
                self.replies.push((reply, Err(refusal)));
                Vec::new()
            }
            Ok((kind, did)) => {
                let mut out = if matches!(kind, EventKind::Metrics { .. }) {
                    // A reading posted by a script: like a feed line, not
                    // the crew's own last action for undo.
                    let mut event = Event::local(
                        &mut self.hlc,
                        app.role.clone(),
                        Utc::now(),
                        whole_second(app.now),
                        kind,
                    );
                    event.id = format!("{AUTOMATIC}api-{}", event.id);
                    self.pending.push_back((event, true));
                    self.flush(app)
                } else {
                    self.perform(app, vec![Effect::Record(kind)]).actions
                };
                out.push(Action::Told(format!("API · {did}")));
                self.replies.push((reply, Ok(did)));
                out
            }
        }
    }

    /// Answers the control calls done since the last time: saved, or
    /// queued with the reason the disk gave.
    pub fn answer(&mut self, app: &App) {
        let saved = self.pending.is_empty();
        for (reply, result) in self.replies.drain(..) {
            let _ = reply.send(result.map(|did| Done {
                did,
                saved,
                reason: (!saved).then(|| app.log_error.clone().unwrap_or_default()),
            }));
        }
    }

    /// Hands the browser views the show as it is now.
    pub fn publish(&mut self, app: &App) {
        let Some(w) = self.web.as_mut() else {
            return;
        };
        use crate::tui::i18n::Lang;
        use crate::tui::view::alerts::alert_text;
        let board = app.board();
        let live = app.live();
        let alerts = board
            .numbers
            .alerts
            .iter()
            .map(|a| crate::web::FrameAlert {
                kind: a.kind,
                zh: alert_text(&app.plan, &board.numbers, &live, a, Lang::Zh),
                en: alert_text(&app.plan, &board.numbers, &live, a, Lang::En),
            })
            .collect();
        w.publish(board, alerts, app.plan_generation());
    }

    /// Tells the group-chat bots what changed; what the status bar should
    /// say of them, if anything new.
    pub fn notify(&mut self, app: &App) -> Vec<Action> {
        self.notifier
            .as_mut()
            .and_then(|n| n.observe(app))
            .map(Action::Notify)
            .into_iter()
            .collect()
    }
}

/// Reads (a regular file only, at most the plan size limit) and checks
/// the plan; runs off the UI thread.
pub fn load_plan(path: &Path, env: &Env, current: &[u8]) -> PlanLoad {
    let bytes = match crate::commands::read_plan(path) {
        Ok(b) => b,
        // Mid-rename: the watcher will tell us again.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return PlanLoad::Unchanged,
        Err(e) => return PlanLoad::Bad(format!("{}: {e}", path.display())),
    };
    if bytes == current {
        return PlanLoad::Unchanged;
    }
    let checked = stagecall_core::check(&path.display().to_string(), &bytes, env);
    if let Some(d) = checked.diagnostics.iter().find(|d| d.is_error()) {
        let line = d
            .span
            .as_ref()
            .map_or(1, |s| checked.source.line_col(s.start).0);
        return PlanLoad::Bad(format!("{}:{line}: {}", checked.source.name, d.message));
    }
    match (checked.plan, checked.schedule) {
        (Some(plan), Some(sched)) => PlanLoad::LoadedPlan {
            bytes,
            plan: Box::new((plan, sched)),
        },
        _ => PlanLoad::Bad(format!("{}: the plan did not load", path.display())),
    }
}

/// A show instant as records keep it: to the whole second, as every
/// screen shows it, so a length read off one screen is the same on all.
fn whole_second(t: ShowTime) -> DateTime<Utc> {
    use chrono::SubsecRound;
    t.with_timezone(&Utc).trunc_subsecs(0)
}
