//! `stagecall config check | path`: the user config file (group-chat
//! bots), checked like a plan: every problem with line:column, the source
//! line and a fix. Secrets and webhook keys are never printed.

use crate::cli::{ConfigCheckArgs, ConfigCommand};
use crate::notify::config;
use crate::render::{diagnostics, text};

use super::{EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE};

pub fn run(cmd: &ConfigCommand, color: bool) -> u8 {
    match cmd {
        ConfigCommand::Path => match config::path() {
            Some(p) => super::print(format!("{}\n", p.display()).as_bytes()),
            None => {
                eprintln!("stagecall: no config directory on this machine; set STAGECALL_CONFIG");
                EXIT_USAGE
            }
        },
        ConfigCommand::Check(args) => check(args, color),
    }
}

fn check(args: &ConfigCheckArgs, color: bool) -> u8 {
    let Some(path) = args.file.clone().or_else(config::path) else {
        eprintln!("stagecall: no config directory on this machine; set STAGECALL_CONFIG");
        return EXIT_USAGE;
    };
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("stagecall: cannot read {}: {e}", text::path(&path));
            if e.kind() == std::io::ErrorKind::NotFound {
                eprintln!("hint: docs/config.md shows a config file with one bot");
            }
            return EXIT_USAGE;
        }
    };
    let source = match stagecall_core::source::Source::decode(path.display().to_string(), &bytes) {
        Ok(s) => s,
        Err((s, d)) => {
            eprint!("{}", diagnostics::human(&s, &d, color));
            return EXIT_PROBLEMS;
        }
    };
    let (cfg, diags) = config::parse(&source.text);
    if !diags.is_empty() {
        eprint!("{}", diagnostics::human(&source, &diags, color));
    }
    let Some(cfg) = cfg else {
        let n = diags.iter().filter(|d| d.is_error()).count();
        eprintln!(
            "stagecall: {}: {n} {}",
            text::path(&path),
            if n == 1 { "error" } else { "errors" }
        );
        return EXIT_PROBLEMS;
    };
    let mut out = format!(
        "{}: {} {}, over/under announced past {}\n",
        path.display(),
        cfg.bots.len(),
        if cfg.bots.len() == 1 { "bot" } else { "bots" },
        stagecall_core::plan::time::format_duration(cfg.over_threshold)
    );
    for b in &cfg.bots {
        let on =
            b.on.as_ref()
                .map_or_else(|| "every event".to_string(), |on| on.join(", "));
        let signed = if b.secret.is_some() { ", signed" } else { "" };
        let roles = b
            .roles
            .as_ref()
            .map(|r| format!(", tasks of {}", r.join(", ")))
            .unwrap_or_default();
        out.push_str(&format!(
            "  {} ({}): {on}{signed}{roles}\n",
            b.label(),
            b.kind.key()
        ));
    }
    let code = super::print(text::sanitize_text(&out).as_bytes());
    if code != EXIT_OK {
        return code;
    }
    EXIT_OK
}
