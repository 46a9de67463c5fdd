//! The runner's model and its pure update. `update` never does I/O: it
//! returns [`Effect`]s, and the shell performs them (appending events to the
//! log) and feeds the recorded events back as [`Action::Recorded`]. So a
//! tick is on disk before the screen can show it.

use std::collections::HashSet;

use chrono::Duration;
use stagecall_core::plan::Plan;
use stagecall_core::schedule::{Instant, Schedule};
use stagecall_core::state::log::LogWarning;
use stagecall_core::state::{Event, EventKind, LiveState, TaskMark};
use stagecall_core::timeline::{self, Row, RowKind, TaskKey, TaskOrigin};

use super::i18n::Lang;
use super::show::{self, Moment, Phase};

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
    /// A read-only runner asks to become the writer.
    TakeOver,
    Quit,
}

#[derive(Debug, Clone)]
pub enum Action {
    /// The show clock moved.
    Tick(Instant),
    Key(Key),
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
    /// Writing or reading the log failed; shown until the next success.
    LogFailed(String),
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

/// One task on the checklist of the moment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckItem {
    pub key: TaskKey,
    pub text: String,
    pub who: Option<String>,
    pub due: Option<Instant>,
    pub mark: TaskMark,
}

/// The team link as the status bar shows it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TeamLink {
    pub connected: bool,
    /// Local events the server has not acknowledged yet.
    pub queued: usize,
    /// Whether the server refuses our publishes (a viewer account).
    pub denied: bool,
    /// Propagation delay of the last event from another machine.
    pub lag: Option<Duration>,
    pub error: Option<String>,
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
    /// Every task key the plan defines, for finding orphaned state.
    pub known: HashSet<TaskKey>,
    pub state: LiveState,
    pub now: Instant,
    pub mode: Mode,
    pub lang: Lang,
    pub role: Option<String>,
    pub writable: bool,
    pub pane: Pane,
    /// The selected task, by key so it survives reloads and new events.
    pub selected: Option<TaskKey>,
    /// Selection in the products board (index into `plan.items`).
    pub board: usize,
    /// Selection in the welfare board (index into `plan.welfare`).
    pub welfare_board: usize,
    pub notice: Option<Notice>,
    /// Set while the plan file on disk has errors.
    pub plan_error: Option<String>,
    pub log_warnings: Vec<LogWarning>,
    /// The last log failure (a write that did not reach the disk).
    pub log_error: Option<String>,
    /// Set in team mode.
    pub team: Option<TeamLink>,
    /// The cue on air at the last update, to notice when it changes.
    last_on_air: Option<usize>,
    /// The orphaned task keys, sorted: found on first use after the state
    /// or the plan changes, not on every frame (a scan of every task in the
    /// state, 4 M instructions a frame half-way through a 24-hour show).
    orphans: std::sync::OnceLock<Vec<TaskKey>>,
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
        let known = known_keys(&plan, &rows);
        let mut app = App {
            plan,
            sched,
            rows,
            known,
            state,
            now,
            mode: cfg.mode,
            lang: cfg.lang,
            role: cfg.role,
            writable: cfg.writable,
            pane: Pane::Sheet,
            selected: None,
            board: 0,
            welfare_board: 0,
            notice: None,
            plan_error: None,
            log_warnings: Vec::new(),
            log_error: None,
            team: None,
            last_on_air: None,
            orphans: std::sync::OnceLock::new(),
        };
        app.last_on_air = app.moment().on_air;
        app.select_first_open();
        app
    }

    pub fn moment(&self) -> Moment {
        show::moment(&self.plan, &self.sched, &self.state, self.now)
    }

    /// Whether a task with this `who` is on this runner's checklist:
    /// everything without `--role`; with it, that role's tasks and tasks
    /// with no `who`.
    pub fn role_allows(&self, who: Option<&str>) -> bool {
        match (&self.role, who) {
            (Some(role), Some(who)) => role == who,
            _ => true,
        }
    }

    fn row_item(&self, row: &Row, t: &timeline::RowTask, shift: Duration) -> CheckItem {
        let key = row.task_key(t);
        // Slot switches run on the wall clock; cue tasks move with the show.
        let wall_clock = matches!(t.origin, TaskOrigin::SlotStart(_) | TaskOrigin::SlotEnd(_));
        CheckItem {
            mark: self.state.mark(&key),
            key,
            text: t.text.clone(),
            who: t.who.clone(),
            due: t.at.map(|d| if wall_clock { d } else { d + shift }),
        }
    }

    /// The checklist that matters now: the warm-up before the show (in time
    /// order), the cue on air (with slot switches inside it) during it, and
    /// after it the last cue's tasks and everything left open, so the show
    /// can be closed out for the report. Filtered by role.
    pub fn checklist(&self) -> Vec<CheckItem> {
        let m = self.moment();
        let mut out = Vec::new();
        match m.phase {
            Phase::PreShow => {
                let mut warmups: Vec<_> =
                    self.plan.warmups.iter().zip(&self.sched.warmups).collect();
                warmups.sort_by_key(|(_, at)| **at);
                for (w, at) in warmups {
                    for t in &w.checklist {
                        let key = warmup_key(&w.id, &t.text);
                        if self.role_allows(t.who.as_deref()) {
                            out.push(CheckItem {
                                mark: self.state.mark(&key),
                                key,
                                text: t.text.clone(),
                                who: t.who.clone(),
                                due: Some(*at),
                            });
                        }
                    }
                }
            }
            Phase::OnAir => {
                let current = show::current_rows(&self.rows, &m);
                let window_start = current
                    .first()
                    .map(|&ci| self.rows[ci].start + (m.offset - m.overdue));
                for &ri in &current {
                    let row = &self.rows[ri];
                    for t in &row.tasks {
                        if self.role_allows(t.who.as_deref()) {
                            out.push(self.row_item(row, t, m.offset));
                        }
                    }
                }
                // Money switches missed before this cue stay on the list, after
                // its own tasks: a slot still running that was never switched
                // on, and a slot switched on whose end has passed.
                let missed = self.rows.iter().filter(|r| {
                    r.kind != RowKind::Cue && window_start.is_some_and(|w| r.start < w)
                });
                for row in missed {
                    for t in &row.tasks {
                        let item = self.row_item(row, t, m.offset);
                        let relevant = match t.origin {
                            TaskOrigin::SlotStart(i) => {
                                self.sched.slots.get(i).is_some_and(|s| self.now < s.end)
                            }
                            TaskOrigin::SlotEnd(_) => self.rows.iter().any(|r| {
                                r.kind == RowKind::SlotStart
                                    && r.id == row.id
                                    && r.tasks.iter().any(|st| {
                                        self.state.mark(&r.task_key(st)) == TaskMark::Done
                                    })
                            }),
                            _ => false,
                        };
                        if relevant
                            && item.mark == TaskMark::Open
                            && self.role_allows(t.who.as_deref())
                        {
                            out.push(item);
                        }
                    }
                }
            }
            Phase::PostShow => {
                let last = self.plan.cues.len().checked_sub(1);
                for row in &self.rows {
                    let is_last = row.kind == RowKind::Cue && Some(row.index) == last;
                    for t in &row.tasks {
                        if !self.role_allows(t.who.as_deref()) {
                            continue;
                        }
                        let item = self.row_item(row, t, m.offset);
                        if is_last || item.mark != TaskMark::Done {
                            out.push(item);
                        }
                    }
                }
            }
        }
        out
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
                let mut keys: Vec<TaskKey> = self
                    .state
                    .tasks
                    .keys()
                    .filter(|k| !self.known.contains(*k))
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
}

pub use stagecall_core::timeline::warmup_key;

fn known_keys(plan: &Plan, rows: &[Row]) -> HashSet<TaskKey> {
    let mut keys: HashSet<TaskKey> = rows
        .iter()
        .flat_map(|r| r.tasks.iter().map(|t| r.task_key(t)))
        .collect();
    keys.extend(
        plan.warmups
            .iter()
            .flat_map(|w| w.checklist.iter().map(|t| warmup_key(&w.id, &t.text))),
    );
    keys
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
        Action::Recorded(event) => recorded(app, &event),
        Action::Replayed(events) => {
            for e in &events {
                recorded(app, e);
            }
        }
        Action::Reloaded(parts) => {
            let (plan, sched) = *parts;
            app.rows = timeline::rows(&plan, &sched);
            app.known = known_keys(&plan, &app.rows);
            app.orphans.take();
            app.plan = plan;
            app.sched = sched;
            app.plan_error = None;
            let text = super::i18n::L::Reloaded.get(app.lang);
            app.notice(text);
            app.board = app.board.min(app.plan.items.len().saturating_sub(1));
            app.welfare_board = app
                .welfare_board
                .min(app.plan.welfare.len().saturating_sub(1));
        }
        Action::ReloadFailed(msg) => app.plan_error = Some(msg),
        Action::LogWarnings(w) => app.log_warnings.extend(w),
        Action::Writable(w) => {
            app.writable = w;
            let label = if w {
                super::i18n::L::Live
            } else {
                super::i18n::L::ReadOnly
            };
            app.notice(label.get(app.lang));
        }
        Action::LogFailed(msg) => app.log_error = Some(msg),
        Action::Team(link) => {
            let lag = app.team.as_ref().and_then(|t| t.lag);
            if link.denied && app.writable {
                app.writable = false;
                let label = super::i18n::L::ReadOnly.get(app.lang);
                app.notice(format!("{label}: no publish permission on the team server"));
            }
            app.team = Some(TeamLink { lag, ..link });
        }
        Action::TeamLag(lag) => {
            if let Some(t) = app.team.as_mut() {
                t.lag = Some(lag);
            }
        }
    }
    // A new cue on air brings a new checklist: select its first open task.
    let on_air = app.moment().on_air;
    let list = app.checklist();
    if on_air != app.last_on_air || app.selected_index(&list).is_none() {
        app.last_on_air = on_air;
        app.select_first_open();
    }
    fx
}

/// Folds in one recorded event. When it ticks or skips the selected task,
/// Space does the next thing: the selection moves to the next open task.
fn recorded(app: &mut App, event: &Event) {
    app.log_error = None;
    let advance = matches!(&event.kind, EventKind::Tick { cue, task } | EventKind::Skip { cue, task }
        if app.selected.as_ref().is_some_and(|k| &k.cue == cue && &k.task == task));
    app.state.apply(event);
    app.orphans.take();
    if advance {
        let list = app.checklist();
        let from = app.selected_index(&list).unwrap_or(0);
        let next = list
            .iter()
            .skip(from + 1)
            .chain(list.iter().take(from))
            .find(|i| i.mark == TaskMark::Open);
        if let Some(n) = next {
            app.selected = Some(n.key.clone());
        }
    }
}

fn on_key(app: &mut App, key: Key, fx: &mut Vec<Effect>) {
    let writes = matches!(
        key,
        Key::Toggle
            | Key::Go
            | Key::Skip
            | Key::DelayPlus
            | Key::DelayMinus
            | Key::SoldOut
            | Key::Release
    );
    if writes && !app.writable {
        let text = super::i18n::L::ReadOnly.get(app.lang);
        app.notice(text);
        return;
    }
    match key {
        Key::Quit => fx.push(Effect::Quit),
        Key::TakeOver => {
            if !app.writable {
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
            let list = app.checklist();
            if let Some(item) = app.selected_index(&list).map(|i| &list[i]) {
                let (cue, task) = (item.key.cue.clone(), item.key.task.clone());
                fx.push(Effect::Record(if item.mark == TaskMark::Done {
                    EventKind::Untick { cue, task }
                } else {
                    EventKind::Tick { cue, task }
                }));
            }
        }
        Key::Skip => {
            let list = app.checklist();
            if let Some(item) = app.selected_index(&list).map(|i| &list[i]) {
                let (cue, task) = (item.key.cue.clone(), item.key.task.clone());
                fx.push(Effect::Record(if item.mark == TaskMark::Skipped {
                    EventKind::Untick { cue, task }
                } else {
                    EventKind::Skip { cue, task }
                }));
            }
        }
        Key::Go => {
            if let Some(target) = app.moment().go_target {
                fx.push(Effect::Record(EventKind::Go {
                    cue: app.plan.cues[target].id.clone(),
                }));
            }
        }
        Key::DelayPlus => fx.push(Effect::Record(EventKind::Delay { seconds: 60 })),
        Key::DelayMinus => fx.push(Effect::Record(EventKind::Delay { seconds: -60 })),
        Key::SoldOut if app.pane == Pane::Products => {
            if let Some(item) = app.plan.items.get(app.board) {
                let sku = item.sku.clone();
                fx.push(Effect::Record(if app.state.is_sold_out(&sku) {
                    EventKind::Restock { sku }
                } else {
                    EventKind::SoldOut { sku }
                }));
            }
        }
        Key::Release if app.pane == Pane::Welfare => {
            if let Some(w) = app.plan.welfare.get(app.welfare_board) {
                fx.push(Effect::Record(EventKind::Release {
                    welfare: w.id.clone(),
                }));
            }
        }
        Key::SoldOut | Key::Release => {}
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
