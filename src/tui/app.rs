//! The runner's model and its pure update. `update` never does I/O: it
//! returns [`Effect`]s, and the shell performs them (appending events to the
//! log) and feeds the recorded events back as [`Action::Recorded`]. So a
//! tick is on disk before the screen can show it.
//!
//! Every rule about the show (what is on air, what is due, what a key
//! records) is the core's `live` module; this file keeps the UI state
//! (pane, selections, the open prompt) and turns keys into records.

use chrono::Duration;
pub use stagecall_core::live::tasks::CheckItem;
use stagecall_core::live::tasks::{self, Source};
use stagecall_core::live::{self, Go, Live, Phase};
use stagecall_core::plan::Plan;
use stagecall_core::schedule::{Instant, Schedule};
use stagecall_core::state::log::LogWarning;
use stagecall_core::state::{Event, EventKind, LiveState, TaskMark};
use stagecall_core::timeline::{self, Row, TaskKey, TaskOrigin};

use super::i18n::{L, Lang};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Sheet,
    Products,
    Welfare,
    Traffic,
    Warmup,
    Help,
}

impl Pane {
    pub const ALL: [Pane; 6] = [
        Pane::Sheet,
        Pane::Products,
        Pane::Welfare,
        Pane::Traffic,
        Pane::Warmup,
        Pane::Help,
    ];

    fn index(self) -> usize {
        Pane::ALL.iter().position(|p| *p == self).unwrap_or(0)
    }
}

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

#[derive(Debug, Clone)]
pub enum Action {
    /// The show clock moved.
    Tick(Instant),
    Key(Key),
    /// Pasted text (an input method may commit CJK text this way).
    Paste(String),
    /// An event is durably in the log (ours, or another runner's).
    Recorded(Event),
    /// Many events read from the log at once (start-up, a follower
    /// catching up): one update, not one per event.
    Replayed(Vec<Event>),
    /// The plan file changed and checks clean.
    Reloaded(Box<(Plan, Schedule)>),
    /// The plan file changed but has errors: `file:line: message`.
    ReloadFailed(String),
    /// Unreadable lines found in the log.
    LogWarnings(Vec<LogWarning>),
    /// Whether this runner may write.
    Writable(bool),
    /// The team link changed (team mode only).
    Team(TeamLink),
    /// How long a remote event took to arrive.
    TeamLag(Duration),
    /// Writing or reading the log failed; shown until everything pending
    /// is on disk.
    LogFailed(String),
    /// The records not on disk yet (empty: all saved).
    Pending(Vec<EventKind>),
    /// The plan on disk is the one running again (after an error).
    PlanUnchanged,
    /// The metrics feed: readable again (`None`), or why it is not.
    Feed(Option<String>),
    /// A feed line skipped, and why.
    FeedSkipped(String),
    /// Something done elsewhere the operator should see (a control call
    /// from the browser API).
    Told(String),
    /// The group-chat bots' latest failure, or `None` once they deliver.
    Notify(Option<String>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    Record(EventKind),
    /// Try to take the log's write lock.
    TakeLock,
    Quit,
}

/// Rehearsal or the real show.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Mode {
    Live,
    Rehearsal { speed: f64 },
}

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

/// The team link as the status bar shows it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TeamLink {
    pub connected: bool,
    /// Local events the server has not acknowledged yet.
    pub queued: usize,
    /// Whether the server refuses our publishes (a viewer account).
    pub denied: bool,
    /// Propagation delay of the last event from another machine, and the
    /// show instant it arrived (the status bar drops it once caught up).
    pub lag: Option<(Duration, Instant)>,
    pub error: Option<String>,
}

/// Where the crew's browser views are, for the `v` overlay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Serving {
    /// (view name, URL with the view token), the host view first.
    pub urls: Vec<(String, String)>,
    pub control_token: String,
    /// The host view's URL as a QR code, one string a terminal row.
    pub qr: Vec<String>,
}

/// A short message on screen, gone after `until`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub text: String,
    pub until: Instant,
}

#[derive(Debug, Clone)]
pub struct App {
    pub plan: Plan,
    pub sched: Schedule,
    /// The run sheet's rows; rebuilt only when the plan changes.
    pub rows: Vec<Row>,
    pub state: LiveState,
    pub now: Instant,
    pub mode: Mode,
    pub lang: Lang,
    pub role: Option<String>,
    pub writable: bool,
    /// This machine's origin: undo takes back only its own records.
    pub origin: String,
    pub pane: Pane,
    /// The selected task, by key so it survives reloads and new events.
    pub selected: Option<TaskKey>,
    /// Selection in the products board (index into `plan.items`).
    pub board: usize,
    /// Selection in the welfare board (index into `plan.welfare`).
    pub welfare_board: usize,
    pub prompt: Option<Prompt>,
    pub notice: Option<Notice>,
    /// Set while the plan file on disk has errors.
    pub plan_error: Option<String>,
    pub log_warnings: Vec<LogWarning>,
    /// The last log failure (a write that did not reach the disk).
    pub log_error: Option<String>,
    /// Records made but not on disk yet: shown as pending, never as done.
    pub pending: Vec<EventKind>,
    /// Set in team mode.
    pub team: Option<TeamLink>,
    /// The browser views, when served.
    pub serving: Option<Serving>,
    /// Whether the views' addresses and QR code are on screen (`v`).
    pub views_open: bool,
    /// Why the metrics feed cannot be read, while it cannot.
    pub feed_error: Option<String>,
    /// Feed lines skipped so far.
    pub feed_skipped: usize,
    /// The group-chat bots' latest failure (the status bar shows it).
    pub notify_error: Option<String>,
    /// The cue on air at the last update, to notice when it changes.
    last_on_air: Option<usize>,
    /// The orphaned task keys, sorted: found on first use after the state
    /// or the plan changes, not on every frame.
    orphans: std::sync::OnceLock<Vec<TaskKey>>,
    /// The projection at the last (instant, events seen, plan) asked for:
    /// an update and the frame after it ask several times.
    projection: ProjectionCache,
    /// Bumped when the plan is swapped, so the projection is redone.
    plan_gen: u64,
}

type ProjectionKey = (Instant, usize, u64);

/// The last projection, behind a lock so the model stays `Sync` (the
/// benchmarks share it across threads); cloning the app clones it.
#[derive(Debug, Default)]
struct ProjectionCache(std::sync::Mutex<Option<(ProjectionKey, Live)>>);

impl Clone for ProjectionCache {
    fn clone(&self) -> Self {
        let inner = self.0.lock().map(|g| g.clone()).unwrap_or_default();
        ProjectionCache(std::sync::Mutex::new(inner))
    }
}

pub struct Config {
    pub mode: Mode,
    pub lang: Lang,
    pub role: Option<String>,
    pub writable: bool,
}

impl App {
    pub fn new(plan: Plan, sched: Schedule, state: LiveState, now: Instant, cfg: Config) -> Self {
        let rows = timeline::rows(&plan, &sched);
        let mut app = App {
            plan,
            sched,
            rows,
            state,
            now,
            mode: cfg.mode,
            lang: cfg.lang,
            role: cfg.role,
            writable: cfg.writable,
            origin: String::new(),
            pane: Pane::Sheet,
            selected: None,
            board: 0,
            welfare_board: 0,
            prompt: None,
            notice: None,
            plan_error: None,
            log_warnings: Vec::new(),
            log_error: None,
            pending: Vec::new(),
            team: None,
            serving: None,
            views_open: false,
            feed_error: None,
            feed_skipped: 0,
            notify_error: None,
            last_on_air: None,
            orphans: std::sync::OnceLock::new(),
            projection: ProjectionCache::default(),
            plan_gen: 0,
        };
        app.last_on_air = app.live().on_air;
        app.select_first_open();
        app
    }

    /// The show at this instant (the core's live projection), computed
    /// once per instant, state and plan.
    pub fn live(&self) -> Live {
        let key = (self.now, self.state.log.len(), self.plan_gen);
        if let Ok(cache) = self.projection.0.lock()
            && let Some((k, l)) = cache.as_ref()
            && *k == key
        {
            return l.clone();
        }
        let l = live::project(&self.plan, &self.sched, &self.state, self.now);
        if let Ok(mut cache) = self.projection.0.lock() {
            *cache = Some((key, l.clone()));
        }
        l
    }

    /// Whether a task with this `who` is on this runner's checklist.
    pub fn role_allows(&self, who: Option<&str>) -> bool {
        tasks::role_allows(self.role.as_deref(), who)
    }

    /// The checklist that matters now (see `live::tasks::checklist`).
    pub fn checklist(&self) -> Vec<CheckItem> {
        self.checklist_at(&self.live())
    }

    pub fn checklist_at(&self, live: &Live) -> Vec<CheckItem> {
        tasks::checklist(
            &self.plan,
            &self.sched,
            &self.rows,
            &self.state,
            live,
            self.role.as_deref(),
        )
    }

    fn select_first_open(&mut self) {
        let list = self.checklist();
        self.selected = list
            .iter()
            .find(|i| i.mark == TaskMark::Open)
            .or(list.first())
            .map(|i| i.key.clone());
    }

    /// Index of the selection in the current checklist.
    pub fn selected_index(&self, list: &[CheckItem]) -> Option<usize> {
        let key = self.selected.as_ref()?;
        list.iter().position(|i| &i.key == key)
    }

    /// State recorded for tasks the current plan no longer has.
    pub fn orphaned(&self) -> Vec<(&TaskKey, TaskMark)> {
        self.orphans
            .get_or_init(|| {
                let known = tasks::known_keys(&self.plan, &self.rows, &self.live());
                let mut keys: Vec<TaskKey> = self
                    .state
                    .tasks
                    .keys()
                    .filter(|k| !known.contains(*k))
                    .cloned()
                    .collect();
                keys.sort();
                keys
            })
            .iter()
            .map(|k| (k, self.state.mark(k)))
            .collect()
    }

    /// Shows `text` for about four real seconds, whatever the rehearsal speed.
    fn notice(&mut self, text: impl Into<String>) {
        let speed = match self.mode {
            Mode::Live => 1.0,
            Mode::Rehearsal { speed } => speed,
        };
        self.notice = Some(Notice {
            text: text.into(),
            until: self.now + Duration::milliseconds((4000.0 * speed) as i64),
        });
    }

    pub fn t(&self, l: L) -> &'static str {
        l.get(self.lang)
    }

    /// The cue a release of welfare `w` belongs to: the one on air when it
    /// plans it, else the latest that aired without releasing it, else the
    /// next that will; a welfare no cue plans goes to the cue on air.
    pub fn release_cue(&self, live: &Live, w: usize) -> Option<usize> {
        let plans = |c: usize| self.plan.cues[c].welfare.contains(&w);
        let open = |c: usize| !tasks::released_in(&self.plan, &self.state, live, w, c);
        live.on_air
            .filter(|&c| plans(c))
            .or_else(|| {
                (0..live.cues.len())
                    .rev()
                    .find(|&c| plans(c) && tasks::aired(live, c) && open(c))
            })
            .or_else(|| {
                (0..live.cues.len()).find(|&c| {
                    plans(c) && live.cues[c].state == stagecall_core::live::CueState::Upcoming
                })
            })
            .or(live.on_air)
    }

    /// Whether a release of welfare `w` in `cue` would be a second one.
    pub fn released_before(&self, live: &Live, w: usize, cue: Option<usize>) -> bool {
        match cue {
            Some(c) => tasks::released_in(&self.plan, &self.state, live, w, c),
            None => self.state.released(&self.plan.welfare[w].id).0 > 0,
        }
    }

    /// The crew board (what the browser views show) at this instant.
    pub fn board(&self) -> stagecall_core::live::board::Board {
        stagecall_core::live::board::board(
            &self.plan,
            &self.sched,
            &self.rows,
            &self.state,
            &self.live(),
            matches!(self.mode, Mode::Rehearsal { .. }),
        )
    }

    /// The welfare `r` releases now: in the welfare pane the selected one;
    /// elsewhere the first unreleased welfare of the cue on air (or its
    /// first welfare, when all were released).
    pub fn release_target(&self, live: &Live) -> Option<(usize, Option<usize>)> {
        if self.pane == Pane::Welfare {
            let w = self.welfare_board;
            if w >= self.plan.welfare.len() {
                return None;
            }
            return Some((w, self.release_cue(live, w)));
        }
        let c = live.on_air?;
        let cue = &self.plan.cues[c];
        let first_open = cue
            .welfare
            .iter()
            .copied()
            .find(|&w| !tasks::released_in(&self.plan, &self.state, live, w, c));
        first_open
            .or(cue.welfare.first().copied())
            .map(|w| (w, Some(c)))
    }
}

/// The pure update: applies one action, returns what the shell must do.
pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    let mut fx = Vec::new();
    match action {
        Action::Tick(now) => {
            app.now = now;
            if app.notice.as_ref().is_some_and(|n| n.until <= now) {
                app.notice = None;
            }
        }
        Action::Key(key) => on_key(app, key, &mut fx),
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
                sold_out_by_numbers(app, &mut fx);
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
                sold_out_by_numbers(app, &mut fx);
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
            let text = app.t(L::Reloaded);
            app.notice(text);
            app.board = app.board.min(app.plan.items.len().saturating_sub(1));
            app.welfare_board = app
                .welfare_board
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
                (false, true) if matches!(app.mode, Mode::Rehearsal { .. }) => L::NowWriter,
                (_, true) => L::Live,
                // Asked to take over, and the writer still holds the log.
                (false, false) => L::WriterStillThere,
                (true, false) => L::ReadOnly,
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
                let label = app.t(L::FeedProblem);
                app.notice(format!("{label}: {p}"));
            }
            app.feed_error = problem;
        }
        Action::Told(text) => app.notice(text),
        Action::Notify(status) => app.notify_error = status,
        Action::FeedSkipped(why) => {
            app.feed_skipped += 1;
            let label = app.t(L::FeedSkipped);
            app.notice(format!("{label} {why}"));
        }
        Action::Team(link) => {
            let lag = app.team.as_ref().and_then(|t| t.lag);
            if link.denied && app.writable {
                app.writable = false;
                let label = app.t(L::ReadOnly);
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
    fx
}

/// Folds in one recorded event. When it ticks or skips the selected task
/// (or releases the selected welfare task), Space does the next thing: the
/// selection moves to the next open task. Only then is the checklist
/// looked at, so a log read in bulk costs one fold, not a projection per
/// event.
fn recorded(app: &mut App, event: &Event) {
    app.state.apply(event);
    app.orphans.take();
    let Some(sel) = app.selected.clone() else {
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
        app.selected = Some(n.key.clone());
    }
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

fn on_key(app: &mut App, key: Key, fx: &mut Vec<Effect>) {
    if app.prompt.is_some() {
        on_prompt_key(app, key, fx);
        return;
    }
    if writes(key) && !app.writable {
        let text = app.t(L::ReadOnly);
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
                fx.push(Effect::Quit);
            }
        }
        Key::Views => {
            if app.serving.is_some() {
                app.views_open = !app.views_open;
            } else {
                let text = app.t(L::NotServing);
                app.notice(text);
            }
        }
        Key::Esc if app.views_open => app.views_open = false,
        Key::Esc => {
            if app.pane != Pane::Sheet {
                app.pane = Pane::Sheet;
            }
        }
        Key::TakeOver => {
            if app.writable {
                let text = app.t(L::AlreadyWriter);
                app.notice(text);
            } else {
                fx.push(Effect::TakeLock);
            }
        }
        Key::NextPane => app.pane = Pane::ALL[(app.pane.index() + 1) % Pane::ALL.len()],
        Key::PrevPane => {
            app.pane = Pane::ALL[(app.pane.index() + Pane::ALL.len() - 1) % Pane::ALL.len()]
        }
        Key::Pane(n) => {
            if let Some(p) = n.checked_sub(1).and_then(|i| Pane::ALL.get(i)) {
                app.pane = *p;
            }
        }
        Key::Help => {
            app.pane = if app.pane == Pane::Help {
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
                release(app, &live, w, Some(c), fx);
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
            fx.push(Effect::Record(if item.mark == TaskMark::Done {
                EventKind::Untick { cue, task }
            } else {
                EventKind::Tick { cue, task }
            }));
        }
        Key::Skip => {
            let list = app.checklist_at(&live);
            if let Some(item) = app.selected_index(&list).map(|i| &list[i]) {
                let (cue, task) = (item.key.cue.clone(), item.key.task.clone());
                fx.push(Effect::Record(if item.mark == TaskMark::Skipped {
                    EventKind::Untick { cue, task }
                } else {
                    EventKind::Skip { cue, task }
                }));
            }
        }
        Key::Go => match live.go() {
            Go::End => {
                fx.push(Effect::Record(EventKind::End));
                let text = app.t(L::PostShow);
                app.notice(text);
            }
            Go::Start(i) => {
                fx.push(Effect::Record(EventKind::Go {
                    cue: app.plan.cues[i].id.clone(),
                }));
                let text = format!("{}: {}", app.t(L::GoAt), app.plan.cues[i].title);
                app.notice(text);
            }
            Go::AskFirst { cue, early } => app.prompt = Some(Prompt::EarlyGo { cue, early }),
            Go::Refused => {
                let text = app.t(L::GoRefused);
                app.notice(text);
            }
        },
        Key::DelayPlus | Key::DelayMinus => {
            if live.phase != Phase::OnAir {
                let text = app.t(L::HoldNothing);
                app.notice(text);
                return;
            }
            let seconds = if key == Key::DelayPlus { 60 } else { -60 };
            fx.push(Effect::Record(EventKind::Delay { seconds }));
            // Say where the minute went (the core's rule, as the replay).
            let text = match live.hold_goes_to(seconds > 0) {
                Some((c, true)) => format!("{}: {}", app.t(L::HoldNotYet), app.plan.cues[c].title),
                Some((c, false)) => {
                    let l = if seconds > 0 {
                        L::HoldMore
                    } else {
                        L::HoldLess
                    };
                    format!("{}: {}", app.t(l), app.plan.cues[c].title)
                }
                None => String::new(),
            };
            app.notice(text);
        }
        Key::SoldOut => {
            if app.pane == Pane::Products {
                if app.board < app.plan.items.len() {
                    sold_out(app, app.board, fx);
                }
                return;
            }
            let items: Vec<usize> = live
                .on_air
                .map(|c| app.plan.cues[c].items.clone())
                .unwrap_or_default();
            match items.as_slice() {
                [] => {
                    let text = app.t(L::NoProductOnAir);
                    app.notice(text);
                }
                [one] => sold_out(app, *one, fx),
                _ => app.prompt = Some(Prompt::PickSku(items.into_iter().take(9).collect())),
            }
        }
        Key::Release => match app.release_target(&live) {
            Some((w, cue)) => release(app, &live, w, cue, fx),
            None => {
                let text = app.t(L::NoWelfareOnAir);
                app.notice(text);
            }
        },
        // A record still pending is not in the log yet: undo would take
        // back the one before it. Wait until it is saved.
        Key::Undo if !app.pending.is_empty() => {
            let text = format!(
                "{}: {} {}",
                app.t(L::NotSaved),
                app.pending.len(),
                app.t(L::Pending)
            );
            app.notice(text);
        }
        Key::Undo => match app.state.last_undoable(&app.origin) {
            // After the show its times are final: undoing a GO or a hold
            // would rewrite a finished show. Ticks can still be fixed.
            Some(e)
                if live.phase == Phase::Post
                    && matches!(
                        e.kind,
                        EventKind::Go { .. } | EventKind::End | EventKind::Delay { .. }
                    ) =>
            {
                let text = app.t(L::UndoAfterShow);
                app.notice(text);
            }
            Some(e) => {
                let what = describe(app, &e.kind);
                let target = e.id.clone();
                fx.push(Effect::Record(EventKind::Undo { target }));
                let text = format!("{}: {what}", app.t(L::Undone));
                app.notice(text);
            }
            None => {
                let text = app.t(L::NothingToUndo);
                app.notice(text);
            }
        },
        Key::Note => app.prompt = Some(Prompt::Note(String::new())),
        Key::Message => app.prompt = Some(Prompt::Message(String::new())),
        Key::Numbers => app.prompt = Some(Prompt::Numbers(String::new())),
        Key::Char(_) | Key::Backspace | Key::Submit => {}
    }
}

/// Keys while a prompt is open: it takes them all, and Esc closes it.
fn on_prompt_key(app: &mut App, key: Key, fx: &mut Vec<Effect>) {
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
                    fx.push(Effect::Record(EventKind::Note { text }));
                    let saved = app.t(L::NoteSaved);
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
                    fx.push(Effect::Record(EventKind::Metrics { reading }));
                    let t = app.t(L::NumbersSaved);
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
                    let t = app.t(L::NoMessage);
                    app.notice(t);
                } else {
                    let label = app.t(if text.is_empty() {
                        L::MessageCleared
                    } else {
                        L::MessageSent
                    });
                    app.notice(label);
                    fx.push(Effect::Record(EventKind::Message { text }));
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
                fx.push(Effect::Quit);
            }
        }
        Prompt::EarlyGo { cue, .. } => {
            let title = app.plan.cues[cue].title.clone();
            if yes && app.writable {
                fx.push(Effect::Record(EventKind::Go {
                    cue: app.plan.cues[cue].id.clone(),
                }));
                let text = format!("{}: {title}", app.t(L::GoAt));
                app.notice(text);
            } else {
                let text = format!("{}: {title}", app.t(L::Waiting));
                app.notice(text);
            }
        }
        Prompt::Rerelease { welfare, cue } => {
            let name = app.plan.welfare[welfare].name.clone();
            if yes && app.writable {
                fx.push(Effect::Record(EventKind::Release {
                    welfare: app.plan.welfare[welfare].id.clone(),
                    cue: cue.map(|c| app.plan.cues[c].id.clone()),
                }));
                let text = format!("{}: {name}", app.t(L::Released));
                app.notice(text);
            } else {
                let text = format!("{}: {name}", app.t(L::NotReleasedAgain));
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
                Some(&i) => sold_out(app, i, fx),
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

/// SKUs the numbers say sold out are recorded sold out, as `x` would (the
/// writer only; a record already waiting for the disk is not made twice).
fn sold_out_by_numbers(app: &mut App, fx: &mut Vec<Effect>) {
    if !app.writable {
        return;
    }
    let now = app.now.with_timezone(&chrono::Utc);
    for sku in stagecall_core::live::numbers::newly_sold_out(&app.plan, &app.state, now) {
        let kind = EventKind::SoldOut { sku: sku.clone() };
        if app.pending.contains(&kind) {
            continue;
        }
        let label = app.t(L::SoldOutByNumbers);
        app.notice(format!("{label}: {sku}"));
        fx.push(Effect::Record(kind));
    }
}

/// Releases welfare `w` in cue `cue`, asking first when it was released
/// before (a double `r` must not pay out twice).
fn release(app: &mut App, live: &Live, w: usize, cue: Option<usize>, fx: &mut Vec<Effect>) {
    if app.released_before(live, w, cue) {
        app.prompt = Some(Prompt::Rerelease { welfare: w, cue });
        return;
    }
    fx.push(Effect::Record(EventKind::Release {
        welfare: app.plan.welfare[w].id.clone(),
        cue: cue.map(|c| app.plan.cues[c].id.clone()),
    }));
    let text = format!("{}: {}", app.t(L::Released), app.plan.welfare[w].name);
    app.notice(text);
}

/// Toggles item `i` sold out / restocked, and says which.
fn sold_out(app: &mut App, i: usize, fx: &mut Vec<Effect>) {
    let sku = app.plan.items[i].sku.clone();
    let restock = app.state.is_sold_out(&sku);
    let label = app.t(if restock { L::Restocked } else { L::SoldOutNow });
    app.notice(format!("{label}: {sku} {}", app.plan.items[i].name));
    fx.push(Effect::Record(if restock {
        EventKind::Restock { sku }
    } else {
        EventKind::SoldOut { sku }
    }));
}

/// A record in words, for the undo notice.
pub fn describe(app: &App, kind: &EventKind) -> String {
    let cue_title = |id: &str| {
        app.plan
            .cues
            .iter()
            .find(|c| c.id == id)
            .map_or(id.to_string(), |c| c.title.clone())
    };
    match kind {
        EventKind::Tick { task, .. } => format!("{} {task}", app.t(L::TickWord)),
        EventKind::Untick { task, .. } => format!("{} {task}", app.t(L::UntickWord)),
        EventKind::Skip { task, .. } => format!("{} {task}", app.t(L::Skipped)),
        EventKind::Go { cue } => format!("{} {}", app.t(L::GoAt), cue_title(cue)),
        EventKind::End => app.t(L::PostShow).to_string(),
        EventKind::Delay { seconds } if *seconds >= 0 => app.t(L::HoldMore).to_string(),
        EventKind::Delay { .. } => app.t(L::HoldLess).to_string(),
        EventKind::Release { welfare, .. } => {
            let name = app
                .plan
                .welfare
                .iter()
                .find(|w| &w.id == welfare)
                .map_or(welfare.as_str(), |w| w.name.as_str());
            format!("{} {name}", app.t(L::Released))
        }
        EventKind::SoldOut { sku } => format!("{} {sku}", app.t(L::SoldOutNow)),
        EventKind::Restock { sku } => format!("{} {sku}", app.t(L::Restocked)),
        EventKind::Note { text } => format!("{} {text}", app.t(L::AskNote)),
        EventKind::Metrics { .. } => app.t(L::NumbersWord).to_string(),
        EventKind::Message { text } if text.is_empty() => app.t(L::MessageCleared).to_string(),
        EventKind::Message { text } => format!("{} {text}", app.t(L::AskMessage)),
        EventKind::Undo { .. } | EventKind::Clock { .. } => String::new(),
    }
}

fn move_selection(app: &mut App, down: bool) {
    match app.pane {
        Pane::Products | Pane::Welfare => {
            let (sel, n) = if app.pane == Pane::Products {
                (&mut app.board, app.plan.items.len())
            } else {
                (&mut app.welfare_board, app.plan.welfare.len())
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
            app.selected = Some(list[j].key.clone());
        }
    }
}

pub use stagecall_core::timeline::warmup_key;
