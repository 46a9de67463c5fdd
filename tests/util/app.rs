//! Shared helpers for the runner's tests: load an example plan, build an
//! `App` at a moment, feed it recorded events, render it on a `TestBackend`
//! and read the buffer back as plain text.
#![allow(dead_code)]

use chrono::{NaiveDate, NaiveTime, TimeZone, Utc};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use stagecall::core::plan::{Env, Plan};
use stagecall::core::schedule::{Schedule, ShowTime};
use stagecall::core::state::{Event, EventKind, LiveState};
use stagecall::tui::app::{self, Action, App, Config, Effect, Mode};
use stagecall::tui::i18n::Lang;
use stagecall::tui::view::draw;
use unicode_width::UnicodeWidthStr;

pub const KUAISHOU: &str = "kuaishou-brand-4h.toml";
pub const DOUYIN: &str = "douyin-night-midnight.toml";

/// Checks plan text; panics with the diagnostics when it does not load.
pub fn load_text(name: &str, text: &str) -> (Plan, Schedule) {
    let env = Env {
        now: Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap(),
        local_tz: chrono_tz::Asia::Shanghai,
    };
    let checked = stagecall::core::check(name, text.as_bytes(), &env);
    let (plan, sched) = checked
        .ok()
        .unwrap_or_else(|| panic!("{name} does not load: {:#?}", checked.diagnostics));
    (plan.clone(), sched.clone())
}

/// Loads one of the example plans in `plans/`.
pub fn load(name: &str) -> (Plan, Schedule) {
    let path = format!("{}/plans/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap();
    load_text(name, &text)
}

/// A local time on `date` in the plan's zone.
pub fn local(plan: &Plan, date: (i32, u32, u32), hms: &str) -> ShowTime {
    let d = NaiveDate::from_ymd_opt(date.0, date.1, date.2).unwrap();
    let t = NaiveTime::parse_from_str(hms, "%H:%M:%S").unwrap();
    plan.session
        .timezone
        .from_local_datetime(&d.and_time(t))
        .single()
        .unwrap()
}

/// The kuaishou plan's show day at `hms`.
pub fn show_day_at(plan: &Plan, hms: &str) -> ShowTime {
    local(plan, (2026, 11, 11), hms)
}

pub fn config(lang: Lang) -> Config {
    Config {
        mode: Mode::Rehearsal { speed: 1.0 },
        lang,
        role: None,
        writable: true,
    }
}

pub fn app_at(name: &str, now_hms: &str, cfg: Config) -> App {
    let (plan, sched) = load(name);
    let now = show_day_at(&plan, now_hms);
    let mut app = App::new(plan, sched, LiveState::default(), now, cfg);
    app.origin = "desk".into();
    app
}

/// Moves the clock to `hms` on the kuaishou show day.
pub fn tick_to(app: &mut App, hms: &str) {
    let now = show_day_at(&app.plan, hms);
    app::update(app, Action::Tick(now));
}

/// Records an event at the app's current time, as the shell would after
/// writing it to the log.
pub fn record(app: &mut App, kind: EventKind) {
    static SEQ: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = SEQ.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let at = app.now.with_timezone(&Utc);
    let mut e = Event::new(at, at, kind);
    // As the shell records it: this machine's origin, a unique id.
    e.origin = app.origin.clone();
    e.id = format!("{}:{n}", app.origin);
    e.hlc = Some(stagecall::core::state::event::Hlc {
        ms: at.timestamp_millis(),
        c: n,
    });
    app::update(app, Action::Recorded(e));
}

/// Runs the effects of `update` the way the shell does: records them.
pub fn perform(app: &mut App, effects: Vec<Effect>) {
    for f in effects {
        if let Effect::Record(kind) = f {
            record(app, kind);
        }
    }
}

/// Presses a key and performs what it asks for.
pub fn press(app: &mut App, key: app::Key) {
    let effects = app::update(app, Action::Key(key));
    perform(app, effects);
}

/// Index of the cue with this title.
pub fn cue(app: &App, title: &str) -> usize {
    app.plan
        .cues
        .iter()
        .position(|c| c.title == title)
        .unwrap_or_else(|| panic!("no cue {title}"))
}

pub fn render_buf(app: &App, w: u16, h: u16) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| draw(f, app)).unwrap();
    terminal.backend().buffer().clone()
}

/// The buffer as plain text: each row's symbols, skipping the cells hidden
/// by wide characters, right-trimmed.
pub fn text(buf: &Buffer) -> String {
    let w = buf.area.width as usize;
    if w == 0 {
        return "\n".repeat(buf.area.height as usize);
    }
    let mut out = String::new();
    for row in buf.content.chunks(w) {
        let mut line = String::new();
        let mut skip = 0;
        for c in row {
            if skip == 0 {
                line.push_str(c.symbol());
            }
            skip = std::cmp::max(skip, c.symbol().width()).saturating_sub(1);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

pub fn render(app: &App, w: u16, h: u16) -> String {
    text(&render_buf(app, w, h))
}
