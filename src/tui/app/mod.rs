//! The runner's model and its pure update. `update` never does I/O: it
//! returns [`Effect`]s, and the shell performs them (appending events to the
//! log) and feeds the recorded events back as [`Action::Recorded`]. So a
//! tick is on disk before the screen can show it.
//!
//! Every rule about the show (what is on air, what is due, what a key
//! records) is the core's `live` module; this module keeps the UI state
//! (the panes and their selections, the open prompt) and turns keys into
//! records:
//!
//! - [`update`](update()): the dispatcher, and records folded in;
//! - `keys`: what each key does;
//! - `prompt`: questions and typed lines;
//! - `describe`: a record in words.

mod describe;
mod keys;
mod prompt;
mod update;

pub use describe::describe;
pub use keys::{Key, undo};
pub use prompt::{Prompt, entry};
pub use update::update;

use chrono::Duration;
pub use stagecall_core::live::tasks::CheckItem;
use stagecall_core::live::tasks::{self};
use stagecall_core::live::{self, Live};
use stagecall_core::plan::Plan;
use stagecall_core::schedule::{Schedule, ShowTime};
use stagecall_core::state::log::LogWarning;
use stagecall_core::state::{Event, EventKind, LiveState, TaskMark};
use stagecall_core::timeline::{self, Row, TaskKey};

use super::i18n::{Label, Lang};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Pane {
    #[default]
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

/// Each pane's own state, as ratatui's demo2 keeps it: the pane on
/// screen, the task selected on the run sheet (by key, so it survives
/// reloads and new events), and the row selected on the products and
/// welfare boards (indexes into `plan.items` and `plan.welfare`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Panes {
    pub current: Pane,
    pub sheet: SheetPane,
    pub products: BoardPane,
    pub welfare: BoardPane,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SheetPane {
    pub selected: Option<TaskKey>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct BoardPane {
    pub selected: usize,
}

#[derive(Debug, Clone)]
pub enum Action {
    /// The show clock moved.
    Tick(ShowTime),
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
    pub lag: Option<(Duration, ShowTime)>,
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
    pub until: ShowTime,
}

#[derive(Debug, Clone)]
pub struct App {
    pub plan: Plan,
    pub sched: Schedule,
    /// The run sheet's rows; rebuilt only when the plan changes.
    pub rows: Vec<Row>,
    pub state: LiveState,
    pub now: ShowTime,
    pub mode: Mode,
    pub lang: Lang,
    pub role: Option<String>,
    pub writable: bool,
    /// This machine's origin: undo takes back only its own records.
    pub origin: String,
    /// The pane on screen, and each pane's own selection.
    pub panes: Panes,
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

type ProjectionKey = (ShowTime, usize, u64);

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
    pub fn new(plan: Plan, sched: Schedule, state: LiveState, now: ShowTime, cfg: Config) -> Self {
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
            panes: Panes::default(),
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
        self.panes.sheet.selected = list
            .iter()
            .find(|i| i.mark == TaskMark::Open)
            .or(list.first())
            .map(|i| i.key.clone());
    }

    /// Index of the selection in the current checklist.
    pub fn selected_index(&self, list: &[CheckItem]) -> Option<usize> {
        let key = self.panes.sheet.selected.as_ref()?;
        list.iter().position(|i| &i.key == key)
    }

    /// State recorded for tasks the current plan no longer has.
    pub fn orphaned(&self) -> Vec<(&TaskKey, TaskMark)> {
        self.orphans
            .get_or_init(|| tasks::orphans(&self.plan, &self.rows, &self.state, &self.live()))
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

    pub fn t(&self, l: Label) -> &'static str {
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

    /// Counts plan swaps (a reload), so what is derived from the plan can
    /// tell it changed.
    pub fn plan_generation(&self) -> u64 {
        self.plan_gen
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
        if self.panes.current == Pane::Welfare {
            let w = self.panes.welfare.selected;
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

pub use stagecall_core::timeline::warmup_key;
