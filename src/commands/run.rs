//! `stagecall run`: check the plan, open the state log, then either print
//! one frame (`--snapshot`) or hand over to the terminal shell.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::mpsc;

use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::cli::{LangArg, RunArgs};
use crate::tui::app::{App, Config, Mode};
use crate::tui::i18n::Lang;
use crate::tui::shell::{self, Io, ShowClock};
use stagecall_core::plan::time::parse_time;
use stagecall_core::schedule;
use stagecall_core::state::event::HlcClock;
use stagecall_core::state::log::{default_path, replay};
use stagecall_core::state::{EventLog, FileLog, LiveState};

use super::{EXIT_OK, EXIT_USAGE};

pub fn run(args: &RunArgs, color: bool) -> u8 {
    if !args.snapshot && !std::io::stdout().is_terminal() {
        eprintln!(
            "stagecall: standard output is not a terminal; the runner needs one.\nhint: use `stagecall run {} --snapshot` to print one frame as text",
            args.plan.display()
        );
        return EXIT_USAGE;
    }
    if !(args.speed.is_finite() && args.speed > 0.0 && args.speed <= 10_000.0) {
        eprintln!("stagecall: --speed must be a number above 0 (and at most 10000)");
        return EXIT_USAGE;
    }
    let env = super::env();
    let super::Good { plan, sched, bytes } =
        match super::load_good(&args.plan, &env, color, "run again") {
            Ok(g) => g,
            Err(code) => return code,
        };
    if let (Some(role), Some(crew)) = (&args.role, &plan.crew)
        && !crew.contains_key(role)
    {
        let roles: Vec<&str> = crew.keys().map(String::as_str).collect();
        eprintln!(
            "stagecall: no role `{role}` in [crew]; roles: {}",
            roles.join(", ")
        );
        return EXIT_USAGE;
    }
    let tz = plan.session.timezone;
    let (clock, mode) = match &args.at {
        None => (ShowClock::live(tz), Mode::Live),
        Some(when) => {
            let at = parse_time(when).and_then(|spec| schedule::place(&plan, &sched, spec));
            let at = match at {
                Ok(t) => t,
                Err(e) => {
                    eprintln!(
                        "stagecall: --at {when}: {e}\nhint: use \"20:15\", \"+1:30\", \"-30m\" or \"2026-11-11T19:45\""
                    );
                    return EXIT_USAGE;
                }
            };
            (
                ShowClock::simulated(tz, at, args.speed),
                Mode::Rehearsal { speed: args.speed },
            )
        }
    };
    let rehearsal = args.at.is_some();
    let log_path = args
        .state
        .clone()
        .unwrap_or_else(|| default_path(&args.plan, rehearsal));
    if args.fresh
        && let Err(e) = set_aside(&log_path)
    {
        eprintln!("stagecall: cannot set the old rehearsal log aside: {e}");
        return EXIT_USAGE;
    }
    let lang = match args.lang {
        Some(LangArg::En) => Lang::En,
        Some(LangArg::Zh) => Lang::Zh,
        None => Lang::from_env(),
    };
    let cfg = |writable| Config {
        mode,
        lang,
        role: args.role.clone(),
        writable,
    };

    if args.snapshot {
        // The frame shows the show as the writer sees it; a snapshot itself
        // never writes, so no read-only badge.
        return snapshot(args, &log_path, plan, sched, clock, cfg(true));
    }

    let log = match FileLog::open(&log_path) {
        Ok(l) => l,
        Err(e) => {
            eprintln!(
                "stagecall: cannot open the state log {}: {e}",
                log_path.display()
            );
            return EXIT_USAGE;
        }
    };
    let mut app = App::new(
        plan,
        sched,
        LiveState::default(),
        clock.now(),
        cfg(log.writable()),
    );
    let mut io = Io {
        plan_path: args.plan.clone(),
        env,
        log,
        clock,
        plan_text: bytes,
        hlc: HlcClock::new(super::origin()),
        team: None,
    };
    let (tx, rx) = mpsc::channel();
    if let Some(url) = &args.team {
        let cfg = stagecall_team::Config {
            url: url.clone(),
            stream: stagecall_team::stream_name(
                args.show.as_deref(),
                &app.plan.session.date.to_string(),
                &app.plan.session.title,
                rehearsal,
            ),
            origin: io.hlc.node().to_string(),
            creds: args.creds.clone(),
            nkey: args.nkey.clone(),
        };
        match crate::team::start(cfg, &log_path, tx.clone()) {
            Ok(t) => {
                io.team = Some(t);
                app.team = Some(Default::default());
            }
            Err(e) => {
                eprintln!("stagecall: cannot start the team link: {e}");
                return EXIT_USAGE;
            }
        }
    }
    // Without a watcher the show still runs; reloads just need a restart.
    let _watcher = shell::watch(&args.plan, &log_path, tx.clone()).ok();
    let mut terminal = match ratatui::try_init() {
        Ok(t) => t,
        Err(e) => {
            eprintln!("stagecall: cannot set up the terminal: {e}");
            return EXIT_USAGE;
        }
    };
    shell::spawn_terminal_events(tx);
    let result = shell::run_loop(&mut terminal, &mut app, &mut io, &rx);
    ratatui::restore();
    match result {
        Ok(()) => EXIT_OK,
        Err(e) => {
            eprintln!("stagecall: terminal error: {e}");
            EXIT_USAGE
        }
    }
}

/// One frame as text: reads the log without locking it and renders on a
/// `TestBackend`, so no terminal or raw mode is involved.
fn snapshot(
    args: &RunArgs,
    log_path: &Path,
    plan: stagecall_core::plan::Plan,
    sched: stagecall_core::schedule::Schedule,
    clock: ShowClock,
    cfg: Config,
) -> u8 {
    let Some((cols, rows)) = parse_size(&args.size) else {
        eprintln!("stagecall: --size wants COLSxROWS, like 120x40 (each 1 to 1000)");
        return EXIT_USAGE;
    };
    let state = match replay(log_path) {
        Ok((state, _)) => state,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => LiveState::default(),
        Err(e) => {
            eprintln!(
                "stagecall: cannot read the state log {}: {e}",
                log_path.display()
            );
            return EXIT_USAGE;
        }
    };
    let app = App::new(plan, sched, state, clock.now(), cfg);
    let backend = TestBackend::new(cols, rows);
    let Ok(mut terminal) = Terminal::new(backend);
    if terminal.draw(|f| crate::tui::view::draw(f, &app)).is_err() {
        return EXIT_USAGE;
    }
    print!("{}", shell::buffer_text(terminal.backend().buffer()));
    EXIT_OK
}

fn parse_size(s: &str) -> Option<(u16, u16)> {
    let (c, r) = s.split_once(['x', 'X'])?;
    let (c, r) = (c.trim().parse::<u16>().ok()?, r.trim().parse::<u16>().ok()?);
    ((1..=1000).contains(&c) && (1..=1000).contains(&r)).then_some((c, r))
}

/// Moves an old rehearsal log to `<name>.<unix time>.old`; a rehearsal
/// log is never truncated either.
fn set_aside(path: &Path) -> std::io::Result<()> {
    if !path.exists() {
        return Ok(());
    }
    let stamp = chrono::Utc::now().timestamp();
    let mut to = PathBuf::from(path);
    to.set_extension(format!("{stamp}.old"));
    std::fs::rename(path, to)
}
