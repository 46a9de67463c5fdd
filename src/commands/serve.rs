//! `stagecall serve`: the crew's browser views with no terminal, a
//! read-only second screen that follows the show's log (and its team
//! stream with `--team`). Also the views' start-up for `run --serve`.

use std::path::Path;
use std::sync::mpsc::{self, Sender};

use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::cli::ServeArgs;
use crate::tui::app::{App, Config, Mode, Serving};
use crate::tui::i18n::Lang;
use crate::tui::shell::{self, Input, Shell, ShowClock};
use crate::web::{Tokens, Web};
use stagecall_core::plan::Plan;
use stagecall_core::state::log::default_path;
use stagecall_core::state::{FileLog, LiveState};

use super::{EXIT_OK, EXIT_USAGE};

/// Binds the views for a show whose log is `log`. `control` is where
/// control calls go (`None`: the API refuses them as read-only).
pub fn start_web(
    addr: &str,
    log: &Path,
    control: Option<Sender<Input>>,
    lang: Lang,
    plan: &Plan,
) -> Result<Web, String> {
    let tokens = Tokens::load(log).map_err(|e| {
        format!(
            "cannot read or make the views' tokens beside {}: {e}",
            log.display()
        )
    })?;
    let roles = plan
        .crew
        .as_ref()
        .map(|c| c.keys().cloned().collect())
        .unwrap_or_default();
    Web::start(addr, tokens, control, lang, roles).map_err(|e| e.to_string())
}

/// What the runner's `v` overlay shows.
pub fn serving(web: &Web) -> Serving {
    let urls: Vec<(String, String)> = ["host", "assistant", "ads", "clock", "sheet"]
        .iter()
        .map(|v| (v.to_string(), web.view_url(v)))
        .chain(std::iter::once((
            "index".to_string(),
            format!("{}/?token={}", web.base_url(), web.tokens.view),
        )))
        .collect();
    Serving {
        qr: qr_lines(&urls[0].1),
        urls,
        control_token: web.tokens.control.clone(),
    }
}

/// A URL as a QR code in text, two modules a character cell.
fn qr_lines(url: &str) -> Vec<String> {
    use qrcode::render::unicode::Dense1x2;
    match qrcode::QrCode::new(url.as_bytes()) {
        Ok(code) => code
            .render::<Dense1x2>()
            .dark_color(Dense1x2::Light)
            .light_color(Dense1x2::Dark)
            .quiet_zone(true)
            .build()
            .lines()
            .map(str::to_string)
            .collect(),
        Err(_) => Vec::new(),
    }
}

/// Where the views are, on standard error, for whoever started them.
pub fn announce(web: &Web, read_only: bool) {
    eprintln!("stagecall: serving the crew's views at {}/", web.base_url());
    for v in ["host", "assistant", "ads", "clock", "sheet"] {
        eprintln!("  {v:<10} {}", web.view_url(v));
    }
    if read_only {
        eprintln!("  (read-only: control calls go to `stagecall run --serve`)");
    } else {
        eprintln!("  control token: {}", web.tokens.control);
    }
}

pub fn run(args: &ServeArgs, color: bool) -> u8 {
    let env = super::env();
    let super::LoadedPlan { plan, sched, bytes } =
        match super::load_good(&args.plan, &env, color, "serve again") {
            Ok(g) => g,
            Err(code) => return code,
        };
    let tz = plan.session.timezone;
    let log_path = args
        .state
        .clone()
        .unwrap_or_else(|| default_path(&args.plan, args.rehearsal));
    let prior = match super::run::read_prior(&log_path) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let log = match FileLog::open_follower(&log_path) {
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
    let clock = if args.rehearsal {
        let fallback = prior
            .resume_point()
            .map(|t| t.with_timezone(&tz))
            .unwrap_or_else(|| ShowClock::live(tz).now());
        ShowClock::follow(tz, prior.clock, fallback)
    } else {
        ShowClock::live(tz)
    };
    let lang = super::run::lang_of(args.lang);
    let mode = if args.rehearsal {
        Mode::Rehearsal {
            speed: clock.speed(),
        }
    } else {
        Mode::Live
    };
    let cfg = Config {
        mode,
        lang,
        role: None,
        writable: false,
    };
    let web = match start_web(&args.listen, &log_path, None, lang, &plan) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("stagecall: {e}");
            return EXIT_USAGE;
        }
    };
    announce(&web, true);
    let mut app = App::new(plan, sched, LiveState::default(), clock.now(), cfg);
    app.origin = super::origin();
    let (tx, rx) = mpsc::channel();
    let mut io = Shell::new(args.plan.clone(), env, log, clock);
    io.plan_text = bytes;
    io.rehearsal = args.rehearsal;
    io.reload_tx = Some(tx.clone());
    io.web = Some(web);
    if let Some(url) = &args.team {
        let team = super::run::Team {
            url,
            show: args.show.as_deref(),
            creds: args.creds.as_ref(),
            nkey: args.nkey.as_ref(),
            rehearsal: args.rehearsal,
        };
        if let Err(code) = super::run::join_team(&team, &log_path, &mut io, &mut app, &tx) {
            return code;
        }
    }
    let _watcher = shell::watch(&args.plan, &log_path, tx.clone()).ok();
    // Keeps the channel open: the loop runs until the process is stopped.
    let _keep = tx;
    match shell::run_loop(None::<&mut Terminal<TestBackend>>, &mut app, &mut io, &rx) {
        Ok(()) => EXIT_OK,
        Err(e) => {
            eprintln!("stagecall: {e}");
            EXIT_USAGE
        }
    }
}
