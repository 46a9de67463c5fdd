//! Raw command-line arguments, as clap parses them. Commands validate and
//! interpret them; nothing here touches files.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "stagecall",
    version,
    about = "Check, print and run live-commerce broadcast plans (直播脚本)"
)]
pub struct Cli {
    /// When to use colours: auto (a terminal, and NO_COLOR unset), always, never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate plan files the way a compiler would: every error and warning, with fixes.
    Check(CheckArgs),
    /// Print the computed run sheet: absolute times, products, welfare, tasks.
    Sheet(SheetArgs),
    /// The live runner: a full-screen checklist on the show clock.
    Run(RunArgs),
    /// The post-show review (复盘): planned against actual, every task, welfare, traffic.
    Report(ReportArgs),
    /// The show at an instant, without a terminal: on air, next, over/under, what is due.
    Status(StatusArgs),
    /// The crew's browser views with no terminal: a read-only second screen
    /// that follows the show's log (or its team stream).
    Serve(ServeArgs),
    /// Print the JSON Schema of plan files (for editor completion).
    Schema,
    /// Write a commented starter plan for a platform (never overwrites).
    Init(InitArgs),
    /// What changed between two plans, in run-sheet terms (also a git difftool).
    Diff(DiffArgs),
    /// The run sheet of a plan for git's textconv (the source if it has errors).
    Textconv(TextconvArgs),
    /// Read a run sheet (xlsx, xls, ods or CSV) into a plan that passes `check`.
    Import(ImportArgs),
    /// The user config file: group-chat bots (`config check`, `config path`).
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Print a shell completion script: `stagecall completions bash > …`.
    Completions(CompletionsArgs),
    /// Print the man page (roff): `stagecall man | man -l -`.
    Man(ManArgs),
}

#[derive(Debug, clap::Args)]
#[command(after_long_help = "\
The run sheet is the sheet called 直播脚本 (or the first sheet with a header
row naming 时间, 环节 or 时长). Headers are recognised in Chinese and English;
docs/import.md lists them. The sheets 货盘, 福利, 投放 and 场次, as
`stagecall sheet --format xlsx` writes them, come in too. Whatever cannot be
mapped is listed on standard error with its cell, like 直播脚本!C7.")]
pub struct ImportArgs {
    /// The spreadsheet: .xlsx, .xls, .ods, or .csv (UTF-8, UTF-8 with BOM, or GBK).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Write the plan here (default: standard output).
    #[arg(short, long, value_name = "PLAN.toml")]
    pub output: Option<PathBuf>,
    /// Replace the -o file when it exists.
    #[arg(long)]
    pub force: bool,
    /// The session title (default: the 场次 sheet's, or the file name).
    #[arg(long)]
    pub title: Option<String>,
    /// The session date, 2026-11-11 (default: the 场次 sheet's, or today).
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    /// The session start, 20:00 (default: the 场次 sheet's, or the first row's time).
    #[arg(long, value_name = "HH:MM")]
    pub start: Option<String>,
    /// An IANA time zone (default: the 场次 sheet's, or this machine's).
    #[arg(long, value_name = "ZONE")]
    pub timezone: Option<String>,
    /// The platform the show streams on.
    #[arg(long, value_enum)]
    pub platform: Option<Platform>,
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Validate the config file: every error with line:column.
    Check(ConfigCheckArgs),
    /// Print where the config file is looked for.
    Path,
}

#[derive(Debug, clap::Args)]
pub struct ConfigCheckArgs {
    /// The config file (default: $STAGECALL_CONFIG, or the platform's config dir).
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, clap::Args)]
pub struct ManArgs {
    /// Write stagecall.1 and a page per subcommand (stagecall-check.1, …)
    /// into this directory instead of printing stagecall.1.
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
#[command(after_long_help = "\
As git's external diff (GIT_EXTERNAL_DIFF or diff.external), it takes the seven
arguments git passes:

  stagecall diff PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX NEW-MODE

and compares OLD-FILE with NEW-FILE under the name PATH. A file that is not a
plan (README.md, Cargo.toml), or a plan version with errors, gets a plain
unified diff, so `git diff` goes on:

  GIT_EXTERNAL_DIFF='stagecall diff' git diff")]
pub struct DiffArgs {
    /// The old version of the plan.
    #[arg(value_name = "OLD")]
    pub old: PathBuf,
    /// The new version.
    #[arg(value_name = "NEW")]
    pub new: PathBuf,
    /// The last five of git's seven GIT_EXTERNAL_DIFF arguments (see --help).
    #[arg(value_name = "GIT_ARGS", hide = true)]
    pub git: Vec<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct TextconvArgs {
    /// The plan file (git passes a temporary copy).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// Where to write the new plan.
    #[arg(value_name = "PATH")]
    pub path: PathBuf,
    /// The platform the show streams on; sets `platform`, the paid-traffic channel, zone and currency.
    #[arg(long, value_enum, default_value_t = Platform::Kuaishou)]
    pub platform: Platform,
}

/// Every platform of the plan format's `platform` key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Platform {
    Kuaishou,
    Douyin,
    Taobao,
    Tiktok,
    Wechat,
    Other,
}

#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// The plan file.
    #[arg(value_name = "PLAN")]
    pub plan: PathBuf,
    #[arg(long, value_enum, default_value_t = ReportFormat::Md)]
    pub format: ReportFormat,
    /// Report on the rehearsal log instead of the live one.
    #[arg(long)]
    pub rehearsal: bool,
    /// The instant the review is taken at (default: now; for a rehearsal, its clock).
    #[arg(long, value_name = "WHEN", allow_hyphen_values = true)]
    pub at: Option<String>,
    /// The state log; default `<plan dir>/.stagecall/<plan stem>[.rehearsal].log`.
    #[arg(long, value_name = "PATH")]
    pub state: Option<PathBuf>,
    /// Write to this file instead of standard output (xlsx never goes to a terminal).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Headers and sheet names of the xlsx workbook; default from LC_ALL / LC_MESSAGES / LANG.
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
}

#[derive(Debug, clap::Args)]
pub struct StatusArgs {
    /// The plan file.
    #[arg(value_name = "PLAN")]
    pub plan: PathBuf,
    /// Read the rehearsal log (default: the live one).
    #[arg(long)]
    pub rehearsal: bool,
    /// The instant: "20:15", "+1:30", "-30m", "2026-11-11T19:45" (default: now; for a rehearsal, its clock).
    #[arg(long, value_name = "WHEN", allow_hyphen_values = true)]
    pub at: Option<String>,
    #[arg(long, value_enum, default_value_t = StatusFormat::Text)]
    pub format: StatusFormat,
    /// The state log; default `<plan dir>/.stagecall/<plan stem>[.rehearsal].log`.
    #[arg(long, value_name = "PATH")]
    pub state: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// The plan file.
    #[arg(value_name = "PLAN")]
    pub plan: PathBuf,
    /// Follow the rehearsal log (default: the live one).
    #[arg(long)]
    pub rehearsal: bool,
    /// Where to listen (default 127.0.0.1:7788; 0.0.0.0:7788 opens it to the LAN).
    #[arg(long, value_name = "ADDR", default_value = crate::web::DEFAULT_ADDR)]
    pub listen: String,
    /// The views' language without ?lang= (default from the locale).
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
    /// The state log; default `<plan dir>/.stagecall/<plan stem>[.rehearsal].log`.
    #[arg(long, value_name = "PATH")]
    pub state: Option<PathBuf>,
    /// Follow the show's team stream too (as `run --team`).
    #[arg(
        long,
        value_name = "URL",
        env = "STAGECALL_TEAM",
        hide_env_values = true
    )]
    pub team: Option<String>,
    /// The show's id on the team server (default: from the session date and title).
    #[arg(long, value_name = "ID", requires = "team")]
    pub show: Option<String>,
    /// A NATS credentials file (JWT and nkey seed).
    #[arg(long, value_name = "FILE", requires = "team")]
    pub creds: Option<PathBuf>,
    /// A file holding a NATS nkey seed.
    #[arg(long, value_name = "FILE", requires = "team")]
    pub nkey: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatusFormat {
    /// A short summary to paste into the crew's chat.
    Text,
    /// The LIVE_CLOCK `status` object.
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Md,
    Csv,
    Json,
    /// An Excel workbook in the run sheet's style.
    Xlsx,
    /// One self-contained printable page with charts (no scripts).
    Html,
}

#[derive(Debug, clap::Args)]
pub struct RunArgs {
    /// The plan file.
    #[arg(value_name = "PLAN")]
    pub plan: PathBuf,
    /// Rehearse on a simulated clock starting here: "20:15", "+1:30", "-30m", or "2026-11-11T19:45".
    #[arg(long, value_name = "WHEN", allow_hyphen_values = true)]
    pub at: Option<String>,
    /// Resume the rehearsal where its clock stopped (with --at: start there
    /// when there is no rehearsal yet).
    #[arg(long)]
    pub rehearsal: bool,
    /// Run the rehearsal clock this many times faster, from 0.01 to 10000
    /// (default: the rehearsal's own speed, or 1).
    #[arg(long, value_name = "N")]
    pub speed: Option<f64>,
    /// Show only this crew role's tasks (tasks with no `who` stay).
    #[arg(long, value_name = "ROLE")]
    pub role: Option<String>,
    /// Interface language; default from LC_ALL / LC_MESSAGES / LANG.
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
    /// The state log; default `<plan dir>/.stagecall/<plan stem>[.rehearsal].log`.
    #[arg(long, value_name = "PATH")]
    pub state: Option<PathBuf>,
    /// Start a rehearsal over: set the old rehearsal log aside.
    #[arg(long)]
    pub fresh: bool,
    /// In a rehearsal, let the group-chat bots speak too (prefixed 【彩排】).
    #[arg(long)]
    pub notify: bool,
    /// Print one frame as plain text and exit; needs no terminal.
    #[arg(long)]
    pub snapshot: bool,
    /// Frame size for --snapshot.
    #[arg(
        long,
        value_name = "COLSxROWS",
        default_value = "120x40",
        requires = "snapshot"
    )]
    pub size: String,
    /// Join a team: replicate this show through NATS JetStream, e.g. nats://10.0.0.5:4222.
    /// Log in with STAGECALL_TEAM_USER and STAGECALL_TEAM_PASSWORD, --creds or --nkey:
    /// a password in the URL shows in `ps`.
    #[arg(
        long,
        value_name = "URL",
        env = "STAGECALL_TEAM",
        hide_env_values = true
    )]
    pub team: Option<String>,
    /// The show's id on the team server (default: from the session date and title).
    #[arg(long, value_name = "ID", requires = "team")]
    pub show: Option<String>,
    /// A NATS credentials file (JWT and nkey seed).
    #[arg(long, value_name = "FILE", requires = "team")]
    pub creds: Option<std::path::PathBuf>,
    /// A file holding a NATS nkey seed.
    #[arg(long, value_name = "FILE", requires = "team")]
    pub nkey: Option<std::path::PathBuf>,
    /// Also serve the crew's browser views and the control API, on ADDR
    /// (default 127.0.0.1:7788; 0.0.0.0:7788 opens it to the LAN).
    #[arg(
        long,
        value_name = "ADDR",
        num_args = 0..=1,
        default_missing_value = crate::web::DEFAULT_ADDR
    )]
    pub serve: Option<String>,
    /// Read live numbers from this JSON Lines file, following it like
    /// `tail -F`: {"at", "online", "gmv", "orders", "likes", "sold": {SKU: n}, "spend": {slot: n}}.
    #[arg(long, value_name = "PATH")]
    pub metrics: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    En,
    Zh,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Plan files to check.
    #[arg(required = true, value_name = "PLAN")]
    pub plans: Vec<PathBuf>,
    /// Output format for the diagnostics.
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    pub format: CheckFormat,
    /// Treat warnings as errors (exit status 1).
    #[arg(long)]
    pub deny_warnings: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// Source snippets with markers and fixes.
    Human,
    /// A JSON array: file, line, column, severity, message, help.
    Json,
    /// GitHub Actions annotations (::error file=…,line=…,col=…::message).
    Github,
}

#[derive(Debug, clap::Args)]
pub struct SheetArgs {
    /// The plan file.
    #[arg(value_name = "PLAN")]
    pub plan: PathBuf,
    #[arg(long, value_enum, default_value_t = SheetFormat::Table)]
    pub format: SheetFormat,
    /// Write to this file instead of standard output (xlsx never goes to a terminal).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Headers and sheet names of the xlsx workbook; default from LC_ALL / LC_MESSAGES / LANG.
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SheetFormat {
    Table,
    Md,
    Csv,
    Json,
    Html,
    /// An Excel workbook: 直播脚本, 货盘, 福利, 投放, 场次.
    Xlsx,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// Whether to colour output going to stdout.
    pub fn enabled(self) -> bool {
        use std::io::IsTerminal;
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::io::stdout().is_terminal()
            }
        }
    }
}
