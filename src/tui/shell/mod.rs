//! The thin shell around the pure runner, split the way gitui's is:
//!
//! - `clock`: the show clock (live, simulated, or a writer's followed);
//! - `input`: keys decoded for the app, terminal events, the file watcher;
//! - `io`: the side effects (the log, the team link, reloads, the feed,
//!   control calls, the views, the bots), each returning the actions that
//!   say what happened;
//! - [`run_loop`] (here): the only place that calls `update`. It redraws
//!   only when a key, a file change or the displayed second says so, and
//!   is generic over the ratatui `Backend`, so tests drive it on
//!   `TestBackend` exactly as the terminal does.

mod buffer;
mod clock;
mod input;
mod io;

use std::collections::VecDeque;
use std::sync::mpsc::{Receiver, RecvTimeoutError};

use ratatui::crossterm::event::KeyEvent;
use ratatui::{Terminal, backend::Backend};

pub use buffer::buffer_text;
pub use clock::ShowClock;
pub use input::{map_key, spawn_terminal_events, watch};
pub use io::{PlanLoad, Shell, Step, load_plan};

use super::app::{Action, App, update};
use super::view;

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

/// Applies actions, and what performing their effects brings, until
/// nothing is left; whether the runner should stop.
fn dispatch(app: &mut App, shell: &mut Shell, first: Vec<Action>) -> bool {
    let mut queue: VecDeque<Action> = first.into();
    let mut quit = false;
    while let Some(action) = queue.pop_front() {
        let effects = update(app, action);
        shell.observe(app);
        if effects.is_empty() {
            continue;
        }
        let step = shell.perform(app, effects);
        quit |= step.quit;
        queue.extend(step.actions);
    }
    quit
}

/// The main loop. Returns when the user quits or the inputs end. Without
/// a terminal (`stagecall serve`) it only keeps the browser views fed.
pub fn run_loop<B: Backend>(
    mut terminal: Option<&mut Terminal<B>>,
    app: &mut App,
    shell: &mut Shell,
    rx: &Receiver<Input>,
) -> Result<(), B::Error> {
    let first = shell.pull();
    dispatch(app, shell, first);
    let started = shell.start_clock(app);
    dispatch(app, shell, started);
    let mut dirty = true;
    let mut shown: Option<i64> = None;
    loop {
        if !app.writable {
            // A viewer follows the writer on every wake-up (at least once a
            // real second), even with the writer's clock stopped and a
            // watch event missed: a read of nothing new costs one syscall.
            let seen = app.state.log.len();
            let read = shell.pull();
            dispatch(app, shell, read);
            dirty |= app.state.log.len() != seen;
        }
        let now = shell.clock.now();
        let second = now.timestamp();
        if shown != Some(second) {
            dispatch(app, shell, vec![Action::Tick(now)]);
            dirty = true;
        }
        if dirty {
            if let Some(t) = terminal.as_deref_mut() {
                let started = std::time::Instant::now();
                t.draw(|f| view::draw(f, app))?;
                let took = started.elapsed();
                if took > crate::trace::SLOW_FRAME {
                    tracing::warn!(ms = took.as_millis() as u64, "slow frame");
                }
            }
            shell.publish(app);
            // Test builds only: lets a test check that a panic restores the
            // terminal before its message prints.
            if cfg!(debug_assertions) && std::env::var_os("STAGECALL_TEST_PANIC").is_some() {
                panic!("STAGECALL_TEST_PANIC: a deliberate panic");
            }
            shown = Some(second);
            dirty = false;
        }
        let told = shell.notify(app);
        dirty |= !told.is_empty();
        dispatch(app, shell, told);
        // Retry what is not on disk yet, notice a deleted log, and a plan
        // read that hangs, on every wake-up.
        if shell.owes_a_write() {
            let wrote = shell.flush(app);
            dispatch(app, shell, wrote);
            dirty = true;
        }
        let overdue = shell.reload_overdue();
        dirty |= !overdue.is_empty();
        dispatch(app, shell, overdue);
        let input = match rx.recv_timeout(shell.clock.until_next_second()) {
            Ok(i) => i,
            Err(RecvTimeoutError::Timeout) => continue,
            Err(RecvTimeoutError::Disconnected) => return Ok(()),
        };
        let now = shell.clock.now();
        dispatch(app, shell, vec![Action::Tick(now)]);
        let actions = match input {
            Input::Key(k) => {
                let text = app.prompt.as_ref().is_some_and(|p| p.wants_text());
                let Some(key) = map_key(k, text) else {
                    continue;
                };
                vec![Action::Key(key)]
            }
            Input::Paste(text) => vec![Action::Paste(text)],
            Input::Resize => Vec::new(),
            Input::PlanChanged => {
                shell.start_reload();
                Vec::new()
            }
            Input::PlanLoaded(load) => shell.plan_loaded(app, *load),
            Input::LogChanged => shell.pull(),
            Input::Team(u) => shell.team_update(app, u),
            Input::Control(call, reply) => shell.control(app, &call, reply),
            Input::Feed(items) => shell.feed(app, items),
        };
        if dispatch(app, shell, actions) {
            tracing::info!(pending = shell.pending.len(), "runner stopped");
            return Ok(());
        }
        if !shell.replies.is_empty() {
            // The views have the new show before the caller hears back.
            shell.publish(app);
            shell.answer(app);
        }
        dirty = true;
    }
}
