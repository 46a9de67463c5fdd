//! One module per subcommand. Each returns the process exit status:
//! 0 success, 1 problems found in a plan, 2 usage or I/O errors.

pub mod check;
pub mod completions;
pub mod config;
pub mod diff;
pub mod import;
pub mod init;
pub mod man;
pub mod report;
pub mod run;
pub mod schema;
pub mod serve;
pub mod sheet;
pub mod status;

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use clap::Parser;

use crate::cli::{Cli, Command};
use crate::render::text;
use stagecall_core::Checked;
use stagecall_core::plan::{Env, Plan};
use stagecall_core::schedule::Schedule;

pub const EXIT_OK: u8 = 0;
pub const EXIT_PROBLEMS: u8 = 1;
pub const EXIT_USAGE: u8 = 2;

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        // Usage errors go to stderr, exit 2, as clap does them.
        Err(e) if e.use_stderr() => e.exit(),
        // --help and --version go to stdout: through the same checks as
        // every other output.
        Err(e) => {
            let code = match e.print().and_then(|()| std::io::stdout().flush()) {
                Ok(()) => u8::try_from(e.exit_code()).unwrap_or(EXIT_USAGE),
                Err(err) => stdout_failed(&err),
            };
            return ExitCode::from(code);
        }
    };
    let color = cli.color.enabled();
    let code = match cli.command {
        Command::Check(args) => check::run(&args, color),
        Command::Sheet(args) => sheet::run(&args, color),
        Command::Run(args) => run::run(&args, color),
        Command::Report(args) => report::run(&args, color),
        Command::Status(args) => status::run(&args, color),
        Command::Serve(args) => serve::run(&args, color),
        Command::Schema => schema::run(),
        Command::Init(args) => init::run(&args),
        Command::Diff(args) => diff::run(&args, color),
        Command::Textconv(args) => diff::textconv(&args),
        Command::Import(args) => import::run(&args, color),
        Command::Config(cmd) => config::run(&cmd, color),
        Command::Completions(args) => completions::run(&args),
        Command::Man(args) => man::run(&args),
    };
    ExitCode::from(code)
}

/// Writes `bytes` to `-o FILE` when given (`-` is standard output), else
/// to standard output through [`print()`].
pub fn print_to(bytes: &[u8], out: Option<&Path>) -> u8 {
    match out {
        Some(p) if p.as_os_str() != "-" => match std::fs::write(p, bytes) {
            Ok(()) => EXIT_OK,
            Err(e) => {
                eprintln!("stagecall: cannot write {}: {e}", text::path(p));
                EXIT_USAGE
            }
        },
        _ => print(bytes),
    }
}

/// The workbook language: `--lang`, else the locale's.
pub fn xlsx_lang(arg: Option<crate::cli::LangArg>) -> crate::xlsx::Lang {
    match arg {
        Some(crate::cli::LangArg::Zh) => crate::xlsx::Lang::Zh,
        Some(crate::cli::LangArg::En) => crate::xlsx::Lang::En,
        None => crate::tui::i18n::Lang::from_env().into(),
    }
}

/// Writes `bytes` to standard output: every command prints through here
/// (or through [`Out`]), never with `print!`, which panics when the output
/// fails. A reader that went away (EPIPE: `| head -c1`) is not an error:
/// the command ends quietly, like `cat`. Any other failure, such as a full
/// disk (`> /dev/full`), is a message and exit 2.
pub fn print(bytes: &[u8]) -> u8 {
    match write_stdout(bytes) {
        Ok(()) => EXIT_OK,
        Err(e) => stdout_failed(&e),
    }
}

fn write_stdout(bytes: &[u8]) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes).and_then(|()| out.flush())
}

/// The exit status for a failed write to standard output, with the
/// message when it is worth one.
fn stdout_failed(e: &std::io::Error) -> u8 {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        return EXIT_OK;
    }
    // Not eprintln!: it panics in turn when stderr fails too.
    let _ = writeln!(
        std::io::stderr(),
        "stagecall: cannot write to standard output: {e}"
    );
    EXIT_USAGE
}

/// Standard output for a command that prints in parts (one per plan, say):
/// after the first failed write it prints nothing more, and
/// [`Out::status`] says how the command ends.
#[derive(Debug, Default)]
pub struct Out {
    /// How the output failed: `Some(EXIT_OK)` when the reader went away.
    failed: Option<u8>,
}

impl Out {
    pub fn print(&mut self, text: &str) {
        if self.failed.is_none()
            && let Err(e) = write_stdout(text.as_bytes())
        {
            self.failed = Some(stdout_failed(&e));
        }
    }

    /// Whether the output is gone (closed or failed): nothing more to print.
    pub fn gone(&self) -> bool {
        self.failed.is_some()
    }

    /// The command's exit status, `code`, unless the output failed (2). A
    /// closed pipe keeps `code`: what was found is still the answer.
    pub fn status(&self, code: u8) -> u8 {
        match self.failed {
            Some(f) if f != EXIT_OK => f,
            _ => code,
        }
    }
}

/// The machine's clock and zone, which fill in a plan's missing `date` and
/// `timezone`. `STAGECALL_NOW` (RFC 3339) and `STAGECALL_TZ` (IANA name)
/// pin them, so tests and bug reports are reproducible.
pub fn env() -> Env {
    let mut env = Env::system();
    if let Some(now) = std::env::var("STAGECALL_NOW")
        .ok()
        .and_then(|s| chrono::DateTime::parse_from_rfc3339(&s).ok())
    {
        env.now = now.to_utc();
    }
    if let Some(tz) = std::env::var("STAGECALL_TZ")
        .ok()
        .and_then(|s| s.parse().ok())
    {
        env.local_tz = tz;
    }
    env
}

/// This machine's name in event ids: `STAGECALL_ORIGIN`, or the host name
/// plus the start of /etc/machine-id (cloned machines share a host name).
pub fn origin() -> String {
    if let Ok(o) = std::env::var("STAGECALL_ORIGIN")
        && !o.trim().is_empty()
    {
        return o.trim().to_string();
    }
    let read = |p: &str| {
        std::fs::read_to_string(p)
            .ok()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
    };
    let host = read("/proc/sys/kernel/hostname")
        .or_else(|| std::env::var("HOSTNAME").ok())
        .unwrap_or_else(|| "host".into());
    let id = read("/etc/machine-id")
        .map(|m| m.chars().take(8).collect::<String>())
        .unwrap_or_else(|| format!("{:x}", std::process::id()));
    // Ids are split on ':'; keep it out of the name.
    format!("{host}-{id}").replace(':', "-")
}

/// Reads and checks a plan file. I/O problems are reported here and give
/// `Err(EXIT_USAGE)`.
pub fn load(path: &Path, env: &Env) -> Result<Checked, u8> {
    let bytes = read_plan(path).map_err(|e| {
        eprintln!("stagecall: cannot read {}: {e}", text::path(path));
        EXIT_USAGE
    })?;
    Ok(check_read(path, &bytes, env))
}

/// Checks the bytes `read_plan` gave. It stops one byte past the size
/// limit, so a file that large is measured on disk for the message.
fn check_read(path: &Path, bytes: &[u8], env: &Env) -> Checked {
    let size = if bytes.len() > stagecall_core::source::MAX_PLAN_BYTES {
        std::fs::metadata(path)
            .ok()
            .filter(std::fs::Metadata::is_file)
            .map(|m| m.len())
    } else {
        Some(bytes.len() as u64)
    };
    stagecall_core::check_file(&path.display().to_string(), bytes, size, env)
}

/// A plan that checks without errors, and the bytes it was read from.
pub struct LoadedPlan {
    pub plan: Plan,
    pub sched: Schedule,
    pub bytes: Vec<u8>,
}

/// Reads and checks a plan for a command that needs a good one. On errors
/// it prints them, says what to do `next`, and gives `Err(EXIT_PROBLEMS)`.
pub fn load_good(path: &Path, env: &Env, color: bool, next: &str) -> Result<LoadedPlan, u8> {
    let bytes = read_plan(path).map_err(|e| {
        eprintln!("stagecall: cannot read {}: {e}", text::path(path));
        EXIT_USAGE
    })?;
    let checked = check_read(path, &bytes, env);
    if checked.ok().is_none() {
        eprint!(
            "{}",
            crate::render::diagnostics::human(&checked.source, &checked.diagnostics, color)
        );
        eprintln!("{}", crate::render::diagnostics::summary(&checked));
        eprintln!("stagecall: fix the errors above, then {next}");
        return Err(EXIT_PROBLEMS);
    }
    match (checked.plan, checked.schedule) {
        (Some(plan), Some(sched)) => Ok(LoadedPlan { plan, sched, bytes }),
        _ => Err(EXIT_PROBLEMS),
    }
}

/// Reads at most one byte more than a plan may be, so a huge file is refused
/// without being read whole.
pub fn read_plan(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    if std::fs::metadata(path)?.is_dir() {
        return Err(std::io::Error::other("it is a directory"));
    }
    // A regular file only, opened without blocking: a FIFO or a device in
    // the plan's place is an error, never a hang or an endless read.
    let file = stagecall_core::state::log::open_regular_follow(path)?;
    let mut bytes = Vec::new();
    file.take(stagecall_core::source::MAX_PLAN_BYTES as u64 + 1)
        .read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// The log a read-only command (`status`, `report`) reads, as read.
pub struct ReadLog {
    pub state: stagecall_core::state::LiveState,
    /// Unreadable lines, worded for people.
    pub warnings: Vec<String>,
    /// Whether it is a rehearsal log.
    pub rehearsal: bool,
    /// Whether the log exists at all.
    pub found: bool,
}

/// Reads the live log, or the rehearsal log with `rehearsal`; without
/// either flag, when only a rehearsal log exists, that one (the caller
/// says so). Never locks, writes or moves anything.
pub fn read_log(plan: &Path, state: Option<&Path>, rehearsal: bool) -> Result<ReadLog, u8> {
    use stagecall_core::state::log::{default_path, replay};
    let (path, rehearsal) = match state {
        Some(p) => (p.to_path_buf(), rehearsal),
        None if rehearsal => (default_path(plan, true), true),
        None => {
            let live = default_path(plan, false);
            let rehearsal_log = default_path(plan, true);
            if !live.exists() && rehearsal_log.exists() {
                (rehearsal_log, true)
            } else {
                (live, false)
            }
        }
    };
    match replay(&path) {
        Ok((state, warnings)) => Ok(ReadLog {
            state,
            warnings: warnings
                .into_iter()
                .map(|w| format!("{}:{}: {}", path.display(), w.line, w.message))
                .collect(),
            rehearsal,
            found: true,
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(ReadLog {
            state: Default::default(),
            warnings: vec![format!(
                "no state log at {}: nothing was recorded",
                path.display()
            )],
            rehearsal,
            found: false,
        }),
        Err(e) => {
            eprintln!("stagecall: cannot read {}: {e}", text::path(&path));
            Err(EXIT_USAGE)
        }
    }
}

/// Places `--at WHEN` on the plan (a clock time nearest the show); a bad
/// one is a message and `Err(EXIT_USAGE)`.
pub fn parse_at(
    plan: &Plan,
    sched: &Schedule,
    when: &str,
) -> Result<stagecall_core::schedule::ShowTime, u8> {
    stagecall_core::plan::time::parse_time(when)
        .and_then(|spec| stagecall_core::schedule::place_near(plan, sched, spec))
        .map_err(|e| {
            eprintln!(
                "stagecall: --at {}: {}\nhint: use \"20:15\", \"+1:30\", \"-30m\" or \"2026-11-11T19:45\"",
                text::sanitize(when),
                text::sanitize(&e.to_string())
            );
            EXIT_USAGE
        })
}

/// The instant a read shows: `--at` when given; for a rehearsal, its
/// clock (see `LiveState::rehearsal_now`); live, now.
pub fn read_instant(
    plan: &Plan,
    sched: &Schedule,
    state: &stagecall_core::state::LiveState,
    rehearsal: bool,
    at: Option<&str>,
) -> Result<stagecall_core::schedule::ShowTime, u8> {
    if let Some(when) = at {
        return parse_at(plan, sched, when);
    }
    let now = chrono::Utc::now();
    let t = if rehearsal {
        state.rehearsal_now(now).unwrap_or(now)
    } else {
        now
    };
    Ok(t.with_timezone(&plan.session.timezone))
}

/// What `status` and `report` read: the plan, the log folded up to the
/// instant asked for, and that instant.
pub struct Show {
    pub good: LoadedPlan,
    pub log: ReadLog,
    pub now: stagecall_core::schedule::ShowTime,
}

/// Loads the plan, reads its log (never writing) and folds it as of the
/// instant (`--at`, a rehearsal's clock, or now).
pub fn read_show(
    plan_path: &Path,
    state: Option<&Path>,
    rehearsal: bool,
    at: Option<&str>,
    color: bool,
    next: &str,
) -> Result<Show, u8> {
    let good = load_good(plan_path, &env(), color, next)?;
    let mut log = read_log(plan_path, state, rehearsal)?;
    let now = read_instant(&good.plan, &good.sched, &log.state, log.rehearsal, at)?;
    log.state = std::mem::take(&mut log.state).as_of(now.with_timezone(&chrono::Utc));
    Ok(Show { good, log, now })
}
