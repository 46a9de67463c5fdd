//! Measures one pass of a stagecall stage over a plan file: heap peak
//! (with a counting global allocator), bytes and blocks allocated, and
//! time. Used for the memory figures in BENCHMARKS.md and as a small,
//! single-purpose process for `valgrind --tool=callgrind` and
//! `/usr/bin/time -v`.
//!
//! ```text
//! cargo run --release --example memprobe -- floor /tmp/p24.toml
//! cargo run --release --example memprobe -- check /tmp/p24.toml
//! ```
//!
//! Modes: `floor` (a bare `toml::from_str::<toml::Table>`), `check`
//! (`stagecall_core::check`), `snapshot` (check, the runner's model and
//! one 160x50 frame; with `LOG`, replaying it first), `frame LOG` (one
//! 160x50 frame half-way through the show with the log's state up to then;
//! the set-up is not measured after the first pass), `replay LOG` (read a
//! state log and fold it). `genlog LOG` writes the benchmarks' 100,000-event
//! log for the plan.
//! `--repeat N` runs the stage N times (for profilers); the figures are
//! those of the last pass.

// A counting global allocator is unsafe by nature; the only unsafe code
// in the repository (the workspace denies it elsewhere).
#![allow(unsafe_code)]

#[path = "../benches/support/events.rs"]
mod events;
#[path = "../benches/support/genplan.rs"]
mod genplan;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::Instant;

struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
static TOTAL: AtomicUsize = AtomicUsize::new(0);
static BLOCKS: AtomicUsize = AtomicUsize::new(0);

fn grew(n: usize) {
    let now = CURRENT.fetch_add(n, Relaxed) + n;
    PEAK.fetch_max(now, Relaxed);
    TOTAL.fetch_add(n, Relaxed);
}

// SAFETY: every call is passed straight to the system allocator; only
// counters are updated around it.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grew(layout.size());
            BLOCKS.fetch_add(1, Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        CURRENT.fetch_sub(layout.size(), Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            CURRENT.fetch_sub(layout.size(), Relaxed);
            grew(new_size);
            BLOCKS.fetch_add(1, Relaxed);
        }
        p
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

fn env() -> stagecall_core::plan::Env {
    use chrono::TimeZone;
    stagecall_core::plan::Env {
        now: chrono::Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap(),
        local_tz: chrono_tz::Asia::Shanghai,
    }
}

/// The runner's model half-way through the show, with the state of every
/// event in `log` recorded up to then.
fn mid_show_app(text: &str, log: Option<&str>) -> stagecall::tui::app::App {
    use stagecall::tui::app::{App, Config, Mode};
    let c = stagecall_core::check("plan.toml", text.as_bytes(), &env());
    let (plan, sched) = (c.plan.expect("a plan"), c.schedule.expect("a schedule"));
    let now = sched.start + sched.length() / 2;
    let mut state = stagecall_core::state::LiveState::default();
    if let Some(path) = log {
        let mut log =
            stagecall_core::state::FileLog::open_read_only(path.as_ref()).expect("the log opens");
        let batch = log.read_all().expect("the log reads");
        for e in batch.events.iter().filter(|e| e.show <= now) {
            state.apply(e);
        }
    }
    let cfg = Config {
        mode: Mode::Rehearsal { speed: 1.0 },
        lang: stagecall::tui::i18n::Lang::Zh,
        role: None,
        writable: false,
    };
    App::new(plan, sched, state, now, cfg)
}

fn frame(app: &stagecall::tui::app::App) -> ratatui::Terminal<ratatui::backend::TestBackend> {
    let Ok(mut t) = ratatui::Terminal::new(ratatui::backend::TestBackend::new(160, 50));
    t.draw(|f| stagecall::tui::view::draw(f, app))
        .expect("a frame");
    t
}

/// Runs one stage; returns something to keep alive until measured.
fn stage(mode: &str, text: &str, extra: Option<&str>) -> Box<dyn std::any::Any> {
    static APP: std::sync::OnceLock<stagecall::tui::app::App> = std::sync::OnceLock::new();
    match mode {
        // Set up once, outside the figures of the first pass only.
        "frame" => Box::new(frame(APP.get_or_init(|| mid_show_app(text, extra)))),
        "floor" => Box::new(toml::from_str::<toml::Table>(text).expect("valid TOML")),
        "check" => {
            let c = stagecall_core::check("plan.toml", text.as_bytes(), &env());
            assert!(!c.has_errors(), "the plan has errors");
            Box::new(c)
        }
        "snapshot" => {
            use stagecall::tui::app::{App, Config, Mode};
            let c = stagecall_core::check("plan.toml", text.as_bytes(), &env());
            let (plan, sched) = (c.plan.expect("a plan"), c.schedule.expect("a schedule"));
            let now = sched.start + sched.length() / 2;
            let cfg = Config {
                mode: Mode::Rehearsal { speed: 1.0 },
                lang: stagecall::tui::i18n::Lang::Zh,
                role: None,
                writable: false,
            };
            let app = App::new(plan, sched, Default::default(), now, cfg);
            let Ok(mut t) = ratatui::Terminal::new(ratatui::backend::TestBackend::new(160, 50));
            t.draw(|f| stagecall::tui::view::draw(f, &app))
                .expect("a frame");
            Box::new((app, t))
        }
        "replay" => {
            let path = extra.expect("replay needs a log file");
            let mut log = stagecall_core::state::FileLog::open_read_only(path.as_ref())
                .expect("the log opens");
            let batch = log.read_all().expect("the log reads");
            Box::new(stagecall_core::state::LiveState::from_events(&batch.events))
        }
        _ => {
            eprintln!("memprobe: unknown mode {mode}; use floor, check, snapshot, frame or replay");
            std::process::exit(2);
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let repeat = args
        .iter()
        .position(|a| a == "--repeat")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse::<usize>().ok())
        .unwrap_or(1)
        .max(1);
    let (Some(mode), Some(path)) = (args.first(), args.get(1)) else {
        eprintln!(
            "usage: memprobe floor|check PLAN | snapshot|frame PLAN [LOG] | replay|genlog PLAN LOG [--repeat N]"
        );
        std::process::exit(2);
    };
    let extra = args
        .get(2)
        .filter(|a| !a.starts_with("--"))
        .map(String::as_str);
    let text = std::fs::read_to_string(path).expect("a readable UTF-8 plan");
    if mode == "genlog" {
        // Writes the benchmarks' 100,000-event log for this plan to LOG.
        let c = stagecall_core::check("plan.toml", text.as_bytes(), &env());
        let (plan, sched) = c.ok().expect("a valid plan");
        let evs = events::events(plan, sched, 100_000, 7);
        std::fs::write(
            extra.expect("genlog needs an output file"),
            events::log_text(&evs),
        )
        .expect("the log is written");
        return;
    }
    let mut last = (0, 0, 0, 0.0);
    for _ in 0..repeat {
        let base = CURRENT.load(Relaxed);
        PEAK.store(base, Relaxed);
        let (total0, blocks0) = (TOTAL.load(Relaxed), BLOCKS.load(Relaxed));
        let t = Instant::now();
        let kept = stage(mode, &text, extra);
        let secs = t.elapsed().as_secs_f64();
        let retained = CURRENT.load(Relaxed) - base;
        last = (
            PEAK.load(Relaxed) - base,
            retained,
            TOTAL.load(Relaxed) - total0,
            secs,
        );
        let blocks = BLOCKS.load(Relaxed) - blocks0;
        drop(kept);
        if repeat == 1 {
            println!(
                "{mode}: peak heap {:.2} MiB, retained {:.2} MiB, allocated {:.2} MiB in {blocks} blocks, {:.1} ms (plan {:.2} MiB)",
                mib(last.0),
                mib(last.1),
                mib(last.2),
                last.3 * 1e3,
                mib(text.len())
            );
        }
    }
    if repeat > 1 {
        println!(
            "{mode} x{repeat}: last pass peak heap {:.2} MiB, {:.1} ms",
            mib(last.0),
            last.3 * 1e3
        );
    }
}

fn mib(n: usize) -> f64 {
    n as f64 / (1024.0 * 1024.0)
}
