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
use crate::tui::shell::{self, Input, Shell, ShowClock};
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
    if let Some(speed) = args.speed
        && !(0.01..=10_000.0).contains(&speed)
    {
        eprintln!(
            "stagecall: --speed {speed} is out of range: give a number from 0.01 to 10000 (60 runs a minute each second)"
        );
        return EXIT_USAGE;
    }
    let rehearsal = args.at.is_some() || args.rehearsal;
    if !rehearsal && (args.speed.is_some() || args.fresh) {
        eprintln!(
            "stagecall: --speed and --fresh are for rehearsals: add --at WHEN (a new rehearsal) or --rehearsal (resume one)"
        );
        return EXIT_USAGE;
    }
    let env = super::env();
    let super::LoadedPlan { plan, sched, bytes } =
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
    let at = match args
        .at
        .as_deref()
        .map(|w| super::parse_at(&plan, &sched, w))
    {
        None => None,
        Some(Ok(t)) => Some(t),
        Some(Err(code)) => return code,
    };
    let log_path = args
        .state
        .clone()
        .unwrap_or_else(|| default_path(&args.plan, rehearsal));
    // What the log holds already, read without locking or writing.
    let prior = match read_prior(&log_path) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let mode = |speed: f64| {
        if rehearsal {
            Mode::Rehearsal { speed }
        } else {
            Mode::Live
        }
    };
    let lang = lang_of(args.lang);
    let cfg = |mode, writable| Config {
        mode,
        lang,
        role: args.role.clone(),
        writable,
    };

    if args.snapshot {
        // A snapshot only reads: it never moves, locks or writes the log,
        // even with --fresh. It shows the show as the writer sees it.
        // A read: --at is the instant; else the rehearsal's own clock
        // (running: where it is now; stopped: where it stopped).
        let now = match at {
            Some(at) => at,
            None if !rehearsal => ShowClock::live(tz).now(),
            None => match prior.rehearsal_now(chrono::Utc::now()) {
                Some(t) => t.with_timezone(&tz),
                None => return no_rehearsal(args),
            },
        };
        let speed = args.speed.or(prior.clock.map(|c| c.speed)).unwrap_or(1.0);
        let state = prior.as_of(now.with_timezone(&chrono::Utc));
        return snapshot(args, plan, sched, state, now, cfg(mode(speed), true));
    }

    if args.fresh
        && let Err(e) = set_aside(&log_path)
    {
        eprintln!("stagecall: {e}");
        return EXIT_USAGE;
    }
    let prior = if args.fresh {
        LiveState::default()
    } else {
        prior
    };
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
    crate::trace::init(&log_path);
    let speed = args.speed.or(prior.clock.map(|c| c.speed)).unwrap_or(1.0);
    let clock = if !rehearsal {
        ShowClock::live(tz)
    } else if !log.writable() {
        // Another runner writes this rehearsal: keep its time, not --at.
        let fallback = prior
            .resume_point()
            .map(|t| t.with_timezone(&tz))
            .or(at)
            .unwrap_or_else(|| ShowClock::live(tz).now());
        ShowClock::follow(tz, prior.clock, fallback)
    } else if args.rehearsal {
        match prior.resume_point().map(|t| t.with_timezone(&tz)).or(at) {
            Some(t) => ShowClock::simulated(tz, t, speed),
            None => return no_rehearsal(args),
        }
    } else {
        let Some(at) = at else {
            return no_rehearsal(args);
        };
        if let Some(last) = prior.last_show.map(|t| t.with_timezone(&tz))
            && last > at
        {
            eprintln!(
                "stagecall: the rehearsal log {} already holds records up to {}, later than --at {}.\n\
                 A rehearsal's clock never goes back: resume it with `stagecall run {} --rehearsal`,\n\
                 or start over with `--at {} --fresh` (the old log is kept beside it).",
                log_path.display(),
                last.format("%m-%d %H:%M:%S"),
                at.format("%m-%d %H:%M:%S"),
                args.plan.display(),
                args.at.as_deref().unwrap_or_default(),
            );
            return EXIT_USAGE;
        }
        ShowClock::simulated(tz, at, speed)
    };
    let mut app = App::new(
        plan,
        sched,
        LiveState::default(),
        clock.now(),
        cfg(mode(clock.speed()), log.writable()),
    );
    app.origin = super::origin();
    let mut io = Shell::new(args.plan.clone(), env, log, clock);
    io.plan_text = bytes;
    io.rehearsal = rehearsal;
    match crate::notify::start(&args.plan, rehearsal, args.notify) {
        crate::notify::Start::On(n) => io.notifier = Some(n),
        crate::notify::Start::Broken(e) => app.notify_error = Some(e),
        crate::notify::Start::Off | crate::notify::Start::Quiet => {}
    }
    let (tx, rx) = mpsc::channel();
    io.reload_tx = Some(tx.clone());
    if let Some(url) = &args.team {
        let team = Team {
            url,
            show: args.show.as_deref(),
            creds: args.creds.as_ref(),
            nkey: args.nkey.as_ref(),
            rehearsal,
        };
        if let Err(code) = join_team(&team, &log_path, &mut io, &mut app, &tx) {
            return code;
        }
    }
    if let Some(feed) = &args.metrics {
        crate::tui::feed::follow(feed.clone(), tx.clone());
    }
    if let Some(addr) = &args.serve {
        let control = Some(tx.clone());
        match super::serve::start_web(addr, &log_path, control, lang, &app.plan) {
            Ok(web) => {
                app.serving = Some(super::serve::serving(&web));
                io.web = Some(web);
            }
            Err(e) => {
                eprintln!("stagecall: {e}");
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
    let result = shell::run_loop(Some(&mut terminal), &mut app, &mut io, &rx);
    ratatui::restore();
    if !io.pending.is_empty() {
        // Quit with records that never reached the disk: say which.
        eprintln!(
            "stagecall: {} records were NOT SAVED to {}:",
            io.pending.len(),
            io.log.path().display()
        );
        for (e, _) in &io.pending {
            eprintln!("  {}", crate::render::text::sanitize(&e.to_line()));
        }
        return EXIT_USAGE;
    }
    match result {
        Ok(()) => EXIT_OK,
        Err(e) => {
            eprintln!("stagecall: terminal error: {e}");
            EXIT_USAGE
        }
    }
}

/// One frame as text, rendered on a `TestBackend` from the log as read:
/// no terminal, no raw mode, no lock, no write.
fn snapshot(
    args: &RunArgs,
    plan: stagecall_core::plan::Plan,
    sched: stagecall_core::schedule::Schedule,
    state: LiveState,
    now: stagecall_core::schedule::ShowTime,
    cfg: Config,
) -> u8 {
    let Some((cols, rows)) = parse_size(&args.size) else {
        eprintln!("stagecall: --size wants COLSxROWS, like 120x40 (each 1 to 1000)");
        return EXIT_USAGE;
    };
    let app = App::new(plan, sched, state, now, cfg);
    let backend = TestBackend::new(cols, rows);
    let Ok(mut terminal) = Terminal::new(backend);
    if terminal.draw(|f| crate::tui::view::draw(f, &app)).is_err() {
        return EXIT_USAGE;
    }
    let code = super::print(shell::buffer_text(terminal.backend().buffer()).as_bytes());
    // The process ends here: freeing a long show's state piece by piece
    // would cost more than drawing the frame did.
    std::mem::forget(app);
    code
}

fn no_rehearsal(args: &RunArgs) -> u8 {
    eprintln!(
        "stagecall: there is no rehearsal of {} to resume yet.\nhint: start one with `stagecall run {} --at +0:10` (or --rehearsal --at WHEN: resume, or start at WHEN)",
        args.plan.display(),
        args.plan.display()
    );
    EXIT_USAGE
}

fn parse_size(s: &str) -> Option<(u16, u16)> {
    let (c, r) = s.split_once(['x', 'X'])?;
    let (c, r) = (c.trim().parse::<u16>().ok()?, r.trim().parse::<u16>().ok()?);
    ((1..=1000).contains(&c) && (1..=1000).contains(&r)).then_some((c, r))
}

/// Moves an old rehearsal log to `<name>.<unix time>.old`; a rehearsal
/// log is never truncated either.
fn set_aside(path: &Path) -> Result<(), String> {
    if !path.exists() {
        return Ok(());
    }
    // Never pull a log out from under a runner that is writing it.
    let held = FileLog::open(path).map_err(|e| format!("cannot open {}: {e}", path.display()))?;
    if !held.writable() {
        return Err(format!(
            "another runner is writing {}; quit it before starting over with --fresh",
            path.display()
        ));
    }
    drop(held);
    let stamp = chrono::Utc::now().timestamp();
    let mut to = PathBuf::from(path);
    to.set_extension(format!("{stamp}.old"));
    std::fs::rename(path, &to).map_err(|e| format!("cannot set the old rehearsal log aside: {e}"))
}

/// The team link's updates as the loop's inputs (the team glue knows
/// nothing of the terminal).
pub fn team_input(
    tx: mpsc::Sender<Input>,
) -> impl Fn(stagecall_team::Update) + Send + Sync + 'static {
    move |u| {
        let _ = tx.send(Input::Team(u));
    }
}

/// What the log holds already, read without locking or writing (none yet:
/// an empty state).
pub(super) fn read_prior(log_path: &Path) -> Result<LiveState, u8> {
    match replay(log_path) {
        Ok((state, _)) => Ok(state),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(LiveState::default()),
        Err(e) => {
            eprintln!(
                "stagecall: cannot read the state log {}: {e}",
                log_path.display()
            );
            Err(EXIT_USAGE)
        }
    }
}

/// `--lang`, else the locale.
pub(super) fn lang_of(arg: Option<LangArg>) -> Lang {
    match arg {
        Some(LangArg::En) => Lang::En,
        Some(LangArg::Zh) => Lang::Zh,
        None => Lang::from_env(),
    }
}

/// How to join a show's team stream (`--team` and its flags).
pub(super) struct Team<'a> {
    pub url: &'a str,
    pub show: Option<&'a str>,
    pub creds: Option<&'a PathBuf>,
    pub nkey: Option<&'a PathBuf>,
    pub rehearsal: bool,
}

/// Starts the team link for the runner or the views' server; its updates
/// come in as the loop's inputs.
pub(super) fn join_team(
    team: &Team,
    log_path: &Path,
    io: &mut Shell,
    app: &mut App,
    tx: &mpsc::Sender<Input>,
) -> Result<(), u8> {
    let cfg = stagecall_team::Config {
        url: team.url.to_string(),
        stream: stagecall_team::stream_name(
            team.show,
            &app.plan.session.date.to_string(),
            &app.plan.session.title,
            team.rehearsal,
        ),
        origin: io.hlc.node().to_string(),
        creds: team.creds.cloned(),
        nkey: team.nkey.cloned(),
    };
    match crate::team::start(cfg, log_path, team_input(tx.clone())) {
        Ok(t) => {
            io.team = Some(t);
            app.team = Some(Default::default());
            Ok(())
        }
        Err(e) => {
            eprintln!("stagecall: cannot start the team link: {e}");
            Err(EXIT_USAGE)
        }
    }
}
