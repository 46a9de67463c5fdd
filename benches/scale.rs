//! How stagecall scales with plan size, against the floor.
//!
//! Every benchmark runs on generated 1-, 6- and 24-hour plans (200 cues and
//! about 83 products an hour: the 24-hour plan has 4,800 cues and 2,000
//! SKUs, 2.2 MB of TOML), so the figures show how cost grows. The floor is
//! the least any loader can do: `toml::from_str::<toml::Table>` of the same
//! text, measured in the same run.
//!
//! ```text
//! cargo bench --bench scale
//! ```
//!
//! BENCHMARKS.md has the figures and how to read them.

#[path = "support/events.rs"]
mod events;
#[path = "support/genplan.rs"]
mod genplan;

use std::path::PathBuf;

// The allocator the binary ships with, so the figures are the binary's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::sync::OnceLock;

use chrono::{TimeZone, Utc};
use divan::counter::{BytesCount, ItemsCount};
use divan::{Bencher, black_box};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use stagecall::tui::app::{App, Config, Mode};
use stagecall::tui::i18n::Lang;
use stagecall::tui::view::draw;
use stagecall_core::diag::Diagnostics;
use stagecall_core::plan::{Env, Plan};
use stagecall_core::schedule::{self, Schedule, ShowTime};
use stagecall_core::state::{Event, FileLog, LiveState};
use stagecall_core::timeline;

/// Plan sizes, in hours of show.
const HOURS: &[u32] = &[1, 6, 24];
/// Events in the state log for the fold and replay benchmarks.
const EVENTS: usize = 100_000;
/// The frame size.
const COLS: u16 = 160;
const ROWS: u16 = 50;

fn main() {
    divan::main();
    let _ = std::fs::remove_dir_all(log_dir());
}

/// Where the benchmark's state logs are written (removed at the end).
fn log_dir() -> PathBuf {
    std::env::temp_dir().join(format!("stagecall-bench-{}", std::process::id()))
}

fn env() -> Env {
    Env {
        now: Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap(),
        local_tz: chrono_tz::Asia::Shanghai,
    }
}

struct Fixture {
    text: String,
    plan: Plan,
    sched: Schedule,
    events: Vec<Event>,
    /// The events as a JSON Lines file on disk.
    log: PathBuf,
}

fn fixture(hours: u32) -> &'static Fixture {
    static FIXTURES: [OnceLock<Fixture>; 3] = [OnceLock::new(), OnceLock::new(), OnceLock::new()];
    let i = HOURS
        .iter()
        .position(|&h| h == hours)
        .expect("a benchmark size");
    FIXTURES[i].get_or_init(|| {
        let text = genplan::generate(genplan::Spec::for_hours(hours));
        let checked = stagecall_core::check("bench.toml", text.as_bytes(), &env());
        assert!(
            checked.diagnostics.is_empty(),
            "the generated plan must check clean: {:#?}",
            &checked.diagnostics[..checked.diagnostics.len().min(5)]
        );
        let (plan, sched) = checked.ok().expect("a valid plan");
        let (plan, sched) = (plan.clone(), sched.clone());
        let events = events::events(&plan, &sched, EVENTS, 7);
        let dir = log_dir();
        std::fs::create_dir_all(&dir).expect("a temporary directory");
        let log = dir.join(format!("plan-{hours}h.log"));
        std::fs::write(&log, events::log_text(&events)).expect("the log file");
        Fixture {
            text,
            plan,
            sched,
            events,
            log,
        }
    })
}

/// Half-way through the show.
fn mid_show(f: &Fixture) -> ShowTime {
    f.sched.start + f.sched.length() / 2
}

fn config() -> Config {
    Config {
        mode: Mode::Rehearsal { speed: 1.0 },
        lang: Lang::Zh,
        role: None,
        writable: false,
    }
}

fn replay(f: &Fixture) -> LiveState {
    let mut log = FileLog::open_read_only(&f.log).expect("the log opens");
    let batch = log.read_all().expect("the log reads");
    LiveState::from_events(&batch.events)
}

fn frame(app: &App) -> Terminal<TestBackend> {
    let Ok(mut terminal) = Terminal::new(TestBackend::new(COLS, ROWS));
    terminal.draw(|f| draw(f, app)).expect("a frame");
    terminal
}

/// The floor: a bare TOML parse of the plan into a `toml::Table`.
#[divan::bench(args = HOURS)]
fn floor_toml_table(b: Bencher, hours: u32) {
    let f = fixture(hours);
    b.counter(BytesCount::of_str(&f.text))
        .bench(|| toml::from_str::<toml::Table>(black_box(&f.text)).expect("valid TOML"));
}

/// `stagecall check`: decode, parse, validate, schedule, every diagnostic.
#[divan::bench(args = HOURS)]
fn load_and_check(b: Bencher, hours: u32) {
    let f = fixture(hours);
    let env = env();
    b.counter(BytesCount::of_str(&f.text)).bench(|| {
        let c = stagecall_core::check("bench.toml", black_box(f.text.as_bytes()), &env);
        assert!(!c.has_errors());
        c
    });
}

/// Placing a validated plan on the clock, with its timing checks.
#[divan::bench(args = HOURS)]
fn schedule(b: Bencher, hours: u32) {
    let f = fixture(hours);
    b.counter(ItemsCount::new(f.plan.cues.len())).bench(|| {
        let mut d = Diagnostics::default();
        schedule::schedule(black_box(&f.plan), &mut d)
    });
}

/// The run sheet's rows with their full checklists (built once per plan
/// load by the runner, and by `sheet`).
#[divan::bench(args = HOURS)]
fn timeline_rows(b: Bencher, hours: u32) {
    let f = fixture(hours);
    b.counter(ItemsCount::new(f.plan.cues.len()))
        .bench(|| timeline::rows(black_box(&f.plan), &f.sched));
}

/// One 160x50 frame of the runner half-way through the show, with the
/// state of every event recorded up to then, on a fresh `TestBackend`.
#[divan::bench(args = HOURS)]
fn frame_160x50(b: Bencher, hours: u32) {
    let f = fixture(hours);
    let now = mid_show(f);
    let state = LiveState::from_events(f.events.iter().filter(|e| e.show <= now));
    let app = App::new(f.plan.clone(), f.sched.clone(), state, now, config());
    b.bench(|| frame(black_box(&app)));
}

/// The live projection (LIVE_CLOCK.md) half-way through the show over
/// the state of every event recorded up to then: what each frame and each
/// key press costs before any drawing (the runner caches it per instant).
#[divan::bench(args = HOURS)]
fn live_projection(b: Bencher, hours: u32) {
    let f = fixture(hours);
    let now = mid_show(f);
    let state = LiveState::from_events(f.events.iter().filter(|e| e.show <= now));
    b.bench(|| stagecall_core::live::project(&f.plan, &f.sched, black_box(&state), now));
}

/// Folding a 100,000-event state log already in memory.
#[divan::bench(args = HOURS)]
fn fold_100k_events(b: Bencher, hours: u32) {
    let f = fixture(hours);
    b.counter(ItemsCount::new(f.events.len()))
        .bench(|| LiveState::from_events(black_box(&f.events)));
}

/// Replaying a 100,000-line log from disk: read, parse every line, fold.
#[divan::bench(args = HOURS)]
fn replay_100k_log(b: Bencher, hours: u32) {
    let f = fixture(hours);
    b.counter(ItemsCount::new(f.events.len()))
        .bench(|| replay(black_box(f)));
}

/// What `stagecall run --snapshot` does in process, log replay aside:
/// check the plan, build the runner's model, draw one 160x50 frame.
#[divan::bench(args = HOURS)]
fn snapshot_frame(b: Bencher, hours: u32) {
    let f = fixture(hours);
    let env = env();
    let now = mid_show(f);
    b.counter(BytesCount::of_str(&f.text)).bench(|| {
        let c = stagecall_core::check("bench.toml", black_box(f.text.as_bytes()), &env);
        let (plan, sched) = (c.plan.expect("a plan"), c.schedule.expect("a schedule"));
        let app = App::new(plan, sched, LiveState::default(), now, config());
        frame(&app)
    });
}
