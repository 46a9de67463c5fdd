//! The thin shell around the pure runner: it owns the show clock, the
//! keyboard, the file watcher and the log writes, and redraws only when a
//! key, a file change or the displayed second says so. The loop is generic
//! over the ratatui `Backend` and reads its inputs from a channel, so tests
//! drive it on `TestBackend` exactly as the terminal does.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{
    self, Event as TermEvent, KeyCode, KeyEvent, KeyEventKind, KeyModifiers,
};
use ratatui::{Terminal, backend::Backend};

use stagecall_core::plan::Env;
use stagecall_core::schedule::Instant;
use stagecall_core::state::event::{HlcClock, Speed};
use stagecall_core::state::log::LogWarning;
use stagecall_core::state::{ClockMark, Event, EventKind, EventLog, FileLog};

use super::app::{Action, App, Effect, Key, update};
use super::view;

/// The show clock: the wall clock live; a simulated clock in a rehearsal,
/// starting at `--at` (or where the rehearsal stopped) and running `speed`
/// times as fast; or, for a read-only runner, the writer's recorded clock.
#[derive(Debug, Clone)]
pub struct ShowClock {
    tz: Tz,
    origin_real: std::time::Instant,
    origin_show: DateTime<Utc>,
    speed: f64,
    kind: ClockKind,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum ClockKind {
    Live,
    Simulated,
    /// Follows a writer's rehearsal clock, read from the log.
    Follow(Option<ClockMark>),
}

impl ShowClock {
    pub fn live(tz: Tz) -> Self {
        ShowClock {
            tz,
            origin_real: std::time::Instant::now(),
            origin_show: Utc::now(),
            speed: 1.0,
            kind: ClockKind::Live,
        }
    }

    pub fn simulated(tz: Tz, start: Instant, speed: f64) -> Self {
        ShowClock {
            tz,
            origin_real: std::time::Instant::now(),
            origin_show: start.with_timezone(&Utc),
            speed,
            kind: ClockKind::Simulated,
        }
    }

    /// A read-only runner's clock: the writer's, as its log records it
    /// (until a reading arrives, `fallback`).
    pub fn follow(tz: Tz, mark: Option<ClockMark>, fallback: Instant) -> Self {
        let mut c = ShowClock::simulated(tz, fallback, 1.0);
        c.kind = ClockKind::Follow(mark);
        if let Some(m) = mark {
            c.speed = m.speed;
        }
        c
    }

    /// Takes in the writer's latest clock reading (followers only).
    pub fn observe(&mut self, mark: Option<ClockMark>) {
        if let (ClockKind::Follow(_), Some(m)) = (self.kind, mark) {
            self.kind = ClockKind::Follow(Some(m));
            // The rehearsal's own speed, kept when this runner takes over.
            self.speed = m.speed;
        }
    }

    /// A follower that became the writer runs the clock itself, from
    /// where the old writer's clock reads now.
    pub fn detach(&mut self) {
        if let ClockKind::Follow(_) = self.kind {
            *self = ShowClock::simulated(self.tz, self.now(), self.speed);
        }
    }

    pub fn speed(&self) -> f64 {
        self.speed
    }

    pub fn now(&self) -> Instant {
        let t = match self.kind {
            ClockKind::Live => Utc::now(),
            ClockKind::Follow(Some(m)) => m.show_at(Utc::now()),
            ClockKind::Simulated | ClockKind::Follow(None) => {
                let real = self.origin_real.elapsed().as_secs_f64() * self.speed;
                self.origin_show + Duration::milliseconds((real * 1000.0) as i64)
            }
        };
        t.with_timezone(&self.tz)
    }

    /// Real time until the displayed second changes (at least 50 ms, so a
    /// fast rehearsal cannot turn into a busy loop).
    pub fn until_next_second(&self) -> StdDuration {
        let ms_into = self.now().timestamp_subsec_millis() as f64;
        let show_ms = (1000.0 - ms_into).max(1.0);
        // A stopped clock (its writer quit) does not tick: wake once a second.
        let speed = match self.kind {
            ClockKind::Follow(Some(m)) if !m.running => 1.0,
            _ => self.speed,
        };
        StdDuration::from_millis(((show_ms / speed.max(0.001)) as u64).clamp(50, 1000))
    }
}

/// Everything that can wake the loop.
#[derive(Debug)]
pub enum Input {
    Key(KeyEvent),
    /// Bracketed paste (an input method may commit text this way).
    Paste(String),
    Resize,
    PlanChanged,
    LogChanged,
    /// From the team link (team mode).
    Team(stagecall_team::Update),
    /// A plan read and checked off the UI thread.
    PlanLoaded(Box<PlanLoad>),
    /// A control call from the browser API, answered once its record is
    /// on disk (or refused).
    Control(super::control::Control, super::control::Responder),
    /// What the metrics feed found (`run --metrics`).
    Feed(Vec<super::feed::FeedItem>),
}

/// What reading and checking the plan found.
#[derive(Debug)]
pub enum PlanLoad {
    Good {
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

/// Decodes a key press. Releases and repeats of releases (which Windows
/// reports) are ignored. While a prompt takes text (`text`), every
/// character is text and Enter submits.
pub fn map_key(k: KeyEvent, text: bool) -> Option<Key> {
    if k.kind != KeyEventKind::Press {
        return None;
    }
    let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
    if text {
        return Some(match k.code {
            KeyCode::Char('c') if ctrl => Key::Esc,
            KeyCode::Char(c) => Key::Char(c),
            KeyCode::Enter => Key::Submit,
            KeyCode::Backspace => Key::Backspace,
            KeyCode::Esc => Key::Esc,
            _ => return None,
        });
    }
    Some(match k.code {
        KeyCode::Char('c') if ctrl => Key::Quit,
        KeyCode::Char('q') => Key::Quit,
        KeyCode::Esc => Key::Esc,
        KeyCode::Char(' ') => Key::Toggle,
        KeyCode::Up | KeyCode::Char('k') => Key::Up,
        KeyCode::Down | KeyCode::Char('j') => Key::Down,
        KeyCode::Enter | KeyCode::Char('g') => Key::Go,
        KeyCode::Char('s') => Key::Skip,
        KeyCode::Char('+') | KeyCode::Char('=') => Key::DelayPlus,
        KeyCode::Char('-') => Key::DelayMinus,
        KeyCode::Tab => Key::NextPane,
        KeyCode::BackTab => Key::PrevPane,
        KeyCode::Char(c @ '1'..='6') => Key::Pane(c as usize - '0' as usize),
        KeyCode::Char('?') => Key::Help,
        KeyCode::Char('x') => Key::SoldOut,
        KeyCode::Char('r') => Key::Release,
        KeyCode::Char('u') => Key::Undo,
        KeyCode::Char('n') => Key::Note,
        KeyCode::Char('m') => Key::Message,
        KeyCode::Char('v') => Key::Views,
        KeyCode::Char('$') => Key::Numbers,
        KeyCode::Char('w') => Key::TakeOver,
        KeyCode::Char(c) => Key::Char(c),
        _ => return None,
    })
}

/// The shell's I/O: the plan file and the state log.
pub struct Io {
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
    pub pending: std::collections::VecDeque<(Event, bool)>,
    /// Where a plan read off the UI thread reports back.
    pub reload_tx: Option<Sender<Input>>,
    /// When the plan read in flight started.
    pub reloading: Option<std::time::Instant>,
    /// The browser views, when served (`--serve`, `stagecall serve`).
    pub web: Option<crate::web::Web>,
    /// The group-chat bots, when configured (state kept out of `App`).
    pub notifier: Option<Box<crate::notify::Notifier>>,
}

/// How long a plan read may take before the runner says it is stuck.
const RELOAD_TIMEOUT: StdDuration = StdDuration::from_secs(5);

impl Io {
    /// Applies whatever the log holds that the app has not seen yet.
    fn pull(&mut self, app: &mut App) {
        // A follower whose file was deleted reads the new one the writer
        // made (when there is one yet).
        if !self.log.writable() && self.log.is_unlinked() && self.log.path().exists() {
            let _ = self.log.reopen();
        }
        match self.log.read_new() {
            Ok(batch) => {
                if !batch.warnings.is_empty() {
                    update(app, Action::LogWarnings(batch.warnings));
                }
                let mut fx = Vec::new();
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
                    update(app, Action::LogWarnings(future));
                }
                if !batch.events.is_empty() {
                    fx = update(app, Action::Replayed(batch.events));
                    self.clock.observe(app.state.clock);
                }
                // What the records bring (a sell-out the numbers show).
                if !fx.is_empty() {
                    self.perform(app, fx);
                }
            }
            Err(e) => {
                update(
                    app,
                    Action::LogFailed(format!("{}: {e}", self.log.path().display())),
                );
            }
        }
    }

    fn perform(&mut self, app: &mut App, fx: Vec<Effect>) -> bool {
        for f in fx {
            match f {
                Effect::Quit => {
                    self.stop_clock(app);
                    return true;
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
                    self.flush(app);
                }
                Effect::TakeLock => {
                    let ok = self.log.try_take_lock().unwrap_or(false);
                    update(app, Action::Writable(ok));
                    if ok {
                        // The new writer keeps the show's time from here on.
                        self.clock.detach();
                        self.start_clock(app);
                    }
                }
            }
        }
        false
    }

    /// A rehearsal writer records its clock: where it starts (or resumes)
    /// and its speed, so a restart resumes and a follower keeps time.
    pub fn start_clock(&mut self, app: &mut App) {
        if self.rehearsal && self.log.writable() {
            let speed = self.clock.speed();
            self.record_now(
                app,
                EventKind::Clock {
                    speed: Speed(speed),
                    running: true,
                },
            );
        }
    }

    /// On quit, a rehearsal writer records where its clock stopped.
    fn stop_clock(&mut self, app: &mut App) {
        if self.rehearsal && self.log.writable() {
            let speed = self.clock.speed();
            app.now = self.clock.now();
            self.record_now(
                app,
                EventKind::Clock {
                    speed: Speed(speed),
                    running: false,
                },
            );
        }
    }

    fn record_now(&mut self, app: &mut App, kind: EventKind) {
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
        self.flush(app);
    }

    /// Writes what is pending, oldest first, and stops at the first
    /// failure: the screen then says NOT SAVED with the reason and the
    /// path, shows the records as pending (not done), and every wake-up
    /// tries again. A log deleted under us is first written anew, whole.
    pub fn flush(&mut self, app: &mut App) {
        if self.log.writable() && self.log.is_unlinked() {
            let warning = match self.log.recreate(app.state.log.iter()) {
                Ok(n) => Action::LogWarnings(vec![LogWarning {
                    line: 0,
                    message: format!(
                        "the log was deleted while running; wrote all {n} records into a new {}",
                        self.log.path().display()
                    ),
                }]),
                Err(e) => Action::LogFailed(format!("{}: {e}", self.log.path().display())),
            };
            update(app, warning);
        }
        if self.log.writable() && self.log.shrank() {
            // Something truncated our log: what we had shown as saved is
            // gone from disk. Write it all back before anything new.
            let warning = match self.log.rewrite(app.state.log.iter()) {
                Ok(n) => Action::LogWarnings(vec![LogWarning {
                    line: 0,
                    message: format!(
                        "the log was cut short by something else; wrote all {n} records back into {}",
                        self.log.path().display()
                    ),
                }]),
                Err(e) => Action::LogFailed(format!("{}: {e}", self.log.path().display())),
            };
            update(app, warning);
        }
        // Still deleted (it could not be made again): writing to the old
        // file would look saved and be lost. Keep everything pending.
        let stranded = self.log.writable() && self.log.is_unlinked();
        if stranded {
            update(
                app,
                Action::LogFailed(format!(
                    "{}: the log was deleted and could not be made again",
                    self.log.path().display()
                )),
            );
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
                    let path = self.log.path().display().to_string();
                    update(app, Action::LogFailed(format!("{path}: {e}")));
                    break;
                }
            }
        }
        let pending = self.pending.iter().map(|(e, _)| e.kind.clone()).collect();
        update(app, Action::Pending(pending));
        if !stranded {
            self.pull(app);
        }
    }

    /// A remote event goes into the local log (the writer's job; a local
    /// viewer follows the file), then the app sees it from the log.
    fn team_update(&mut self, app: &mut App, u: stagecall_team::Update) {
        use stagecall_team::Update;
        match u {
            Update::Remote(e) => {
                if let Some(h) = e.hlc {
                    self.hlc.observe(h);
                }
                let queued = self.pending.iter().any(|(p, _)| p.id == e.id);
                if app.state.has_seen(&e.id) || queued {
                    return;
                }
                if !self.log.writable() {
                    // A follower (or `stagecall serve` with no runner on
                    // this machine) shows it at once; the writer's copy in
                    // the log, if any, is the same id and changes nothing.
                    update(app, Action::Recorded(e));
                    return;
                }
                let mine = self.team.as_ref().is_some_and(|t| t.origin == e.origin);
                if !mine {
                    update(
                        app,
                        Action::TeamLag((Utc::now() - e.wall).max(Duration::zero())),
                    );
                }
                // Another machine's record: saved like our own, retried
                // until it is, never published back.
                self.pending.push_back((e, false));
                self.flush(app);
            }
            Update::Acked(id) => {
                if let Some(t) = self.team.as_mut() {
                    t.acked(&id);
                }
            }
            Update::Link(l) => {
                let link = super::app::TeamLink {
                    connected: l.connected,
                    queued: l.queued,
                    denied: l.can_publish == Some(false),
                    lag: None,
                    error: l.error,
                };
                update(app, Action::Team(link));
            }
        }
    }

    /// Starts reading and checking the plan on a thread of its own: a
    /// slow or stuck file system never stalls the show (the answer comes
    /// back as `Input::PlanLoaded`). One read at a time.
    fn start_reload(&mut self) {
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

    fn plan_loaded(&mut self, app: &mut App, load: PlanLoad) {
        self.reloading = None;
        match load {
            PlanLoad::Good { bytes, plan } => {
                self.plan_text = bytes;
                update(app, Action::Reloaded(plan));
            }
            PlanLoad::Bad(msg) => {
                update(app, Action::ReloadFailed(msg));
            }
            PlanLoad::Unchanged => {
                if app.plan_error.is_some() {
                    // Back to the version that runs: the error is gone.
                    update(app, Action::PlanUnchanged);
                }
            }
        }
    }

    /// Readings from the metrics feed become records (the writer's job:
    /// a follower sees them in the log); bad lines are said and skipped.
    fn feed(&mut self, app: &mut App, items: Vec<super::feed::FeedItem>) {
        use super::feed::FeedItem;
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
                    if app.feed_error.is_some() {
                        update(app, Action::Feed(None));
                    }
                }
                FeedItem::Bad { line, reason } => {
                    update(app, Action::FeedSkipped(format!("line {line}: {reason}")));
                }
                FeedItem::Unreadable(why) => {
                    update(app, Action::Feed(Some(why)));
                }
                FeedItem::Restarted => {}
            }
        }
        if queued {
            self.flush(app);
        }
    }

    /// Hands the browser views the show as it is now.
    fn publish(&mut self, app: &App) {
        if let Some(w) = self.web.as_mut() {
            use super::i18n::Lang;
            use super::view::alerts::alert_text;
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
            w.publish(board, alerts);
        }
    }

    /// A control call from the browser API: the same record a key would
    /// make, on disk before the answer (or the reason it is not).
    fn control(
        &mut self,
        app: &mut App,
        call: super::control::Control,
        reply: super::control::Responder,
    ) {
        use super::control::{Done, control};
        let answer = match control(app, &call) {
            Err(refusal) => Err(refusal),
            Ok((kind, did)) => {
                self.perform(app, vec![Effect::Record(kind)]);
                let saved = self.pending.is_empty();
                app.tell(format!("API · {did}"));
                self.publish(app);
                Ok(Done {
                    did,
                    saved,
                    reason: (!saved).then(|| app.log_error.clone().unwrap_or_default()),
                })
            }
        };
        let _ = reply.send(answer);
    }

    /// A plan read that has not answered in time: say so, keep the show.
    fn reload_overdue(&mut self, app: &mut App) {
        if self.reloading.is_some_and(|t| t.elapsed() > RELOAD_TIMEOUT) {
            self.reloading = None;
            update(
                app,
                Action::ReloadFailed(format!(
                    "{}: reading it takes more than {} s; still running the last good version",
                    self.plan_path.display(),
                    RELOAD_TIMEOUT.as_secs()
                )),
            );
        }
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
        (Some(plan), Some(sched)) => PlanLoad::Good {
            bytes,
            plan: Box::new((plan, sched)),
        },
        _ => PlanLoad::Bad(format!("{}: the plan did not load", path.display())),
    }
}

/// A show instant as records keep it: to the whole second, as every
/// screen shows it, so a length read off one screen is the same on all.
fn whole_second(t: Instant) -> DateTime<Utc> {
    use chrono::SubsecRound;
    t.with_timezone(&Utc).trunc_subsecs(0)
}

/// The main loop. Returns when the user quits or the inputs end. Without
/// a terminal (`stagecall serve`) it only keeps the browser views fed.
pub fn run_loop<B: Backend>(
    mut terminal: Option<&mut Terminal<B>>,
    app: &mut App,
    io: &mut Io,
    rx: &Receiver<Input>,
) -> Result<(), B::Error> {
    io.pull(app);
    io.start_clock(app);
    let mut dirty = true;
    let mut shown: Option<i64> = None;
    loop {
        if !app.writable {
            // A viewer follows the writer on every wake-up (at least once a
            // real second), even with the writer's clock stopped and a
            // watch event missed: a read of nothing new costs one syscall.
            let seen = app.state.log.len();
            io.pull(app);
            dirty |= app.state.log.len() != seen;
        }
        let now = io.clock.now();
        let second = now.timestamp();
        if shown != Some(second) {
            update(app, Action::Tick(now));
            dirty = true;
        }
        if dirty {
            if let Some(t) = terminal.as_deref_mut() {
                t.draw(|f| view::draw(f, app))?;
            }
            io.publish(app);
            // Test builds only: lets a test check that a panic restores the
            // terminal before its message prints.
            if cfg!(debug_assertions) && std::env::var_os("STAGECALL_TEST_PANIC").is_some() {
                panic!("STAGECALL_TEST_PANIC: a deliberate panic");
            }
            shown = Some(second);
            dirty = false;
        }
        if let Some(n) = io.notifier.as_mut() {
            n.observe(app);
        }
        // Retry what is not on disk yet, notice a deleted log, and a plan
        // read that hangs, on every wake-up.
        if !io.pending.is_empty()
            || (io.log.writable() && (io.log.is_unlinked() || io.log.shrank()))
        {
            io.flush(app);
            dirty = true;
        }
        io.reload_overdue(app);
        let input = match rx.recv_timeout(io.clock.until_next_second()) {
            Ok(i) => i,
            Err(RecvTimeoutError::Timeout) => continue,
            Err(RecvTimeoutError::Disconnected) => return Ok(()),
        };
        update(app, Action::Tick(io.clock.now()));
        match input {
            Input::Key(k) => {
                let text = app.prompt.as_ref().is_some_and(|p| p.wants_text());
                let Some(key) = map_key(k, text) else {
                    continue;
                };
                let fx = update(app, Action::Key(key));
                if io.perform(app, fx) {
                    return Ok(());
                }
            }
            Input::Paste(text) => {
                update(app, Action::Paste(text));
            }
            Input::Resize => {}
            Input::PlanChanged => io.start_reload(),
            Input::PlanLoaded(load) => io.plan_loaded(app, *load),
            Input::LogChanged => io.pull(app),
            Input::Team(u) => io.team_update(app, u),
            Input::Control(call, reply) => io.control(app, call, reply),
            Input::Feed(items) => io.feed(app, items),
        }
        dirty = true;
    }
}

/// Forwards terminal events to the loop's channel, from a thread of its own.
pub fn spawn_terminal_events(tx: Sender<Input>) {
    std::thread::spawn(move || {
        loop {
            let input = match event::read() {
                Ok(TermEvent::Key(k)) => Input::Key(k),
                Ok(TermEvent::Paste(p)) => Input::Paste(p),
                Ok(TermEvent::Resize(..)) => Input::Resize,
                Ok(_) => continue,
                Err(_) => return,
            };
            if tx.send(input).is_err() {
                return;
            }
        }
    });
}

/// Watches the plan's directory (editors and `git pull` save by rename, so
/// the file itself is not enough) and the log's directory, debounced.
/// Events about other files, including our own log when we are the writer,
/// are dropped here.
pub fn watch(plan: &Path, log: &Path, tx: Sender<Input>) -> notify::Result<impl Drop> {
    use notify::RecursiveMode;
    use notify_debouncer_full::{DebounceEventResult, new_debouncer};

    let plan_name = plan.file_name().map(|n| n.to_os_string());
    // The watcher reports absolute paths: compare against the log's
    // directory as the file system names it.
    let log_dir_abs = std::fs::canonicalize(dir_of(log)).unwrap_or_else(|_| dir_of(log));
    let log_path = log_dir_abs.join(log.file_name().unwrap_or_default());
    let log_name = log.file_name().map(|n| n.to_os_string());
    let mut debouncer = new_debouncer(
        StdDuration::from_millis(150),
        None,
        move |res: DebounceEventResult| {
            let Ok(events) = res else { return };
            let mut plan_changed = false;
            let mut log_changed = false;
            for e in &events {
                for p in &e.event.paths {
                    let name = p.file_name().map(|n| n.to_os_string());
                    if p.parent() == log_path.parent() && name == log_name {
                        log_changed = true;
                    } else if name == plan_name {
                        plan_changed = true;
                    }
                }
            }
            if plan_changed {
                let _ = tx.send(Input::PlanChanged);
            }
            if log_changed {
                let _ = tx.send(Input::LogChanged);
            }
        },
    )?;
    let plan_dir = dir_of(plan);
    debouncer.watch(&plan_dir, RecursiveMode::NonRecursive)?;
    let log_dir = dir_of(log);
    if log_dir != plan_dir {
        debouncer.watch(&log_dir, RecursiveMode::NonRecursive)?;
    }
    Ok(debouncer)
}

fn dir_of(p: &Path) -> PathBuf {
    match p.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// A buffer as plain text: one line per row, wide characters once,
/// trailing spaces trimmed.
pub fn buffer_text(buf: &Buffer) -> String {
    let area = buf.area;
    let mut out = String::new();
    for y in area.top()..area.bottom() {
        let mut line = String::new();
        let mut skip = 0;
        for x in area.left()..area.right() {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let sym = buf[(x, y)].symbol();
            line.push_str(sym);
            skip = unicode_width::UnicodeWidthStr::width(sym).saturating_sub(1);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
