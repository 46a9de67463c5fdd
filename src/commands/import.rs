//! `stagecall import FILE.xlsx|FILE.csv`: a run sheet into a plan.

use std::io::Read;

use crate::cli::ImportArgs;
use crate::render::text;

use super::{EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE};

pub fn run(args: &ImportArgs, color: bool) -> u8 {
    let env = super::env();
    let name = args.file.display().to_string();
    let bytes = match read(&args.file) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("stagecall: cannot read {}: {e}", text::path(&args.file));
            return EXIT_USAGE;
        }
    };
    let date = match args
        .date
        .as_deref()
        .map(stagecall_core::plan::time::parse_date)
    {
        None => None,
        Some(Ok(d)) => Some(d),
        Some(Err(e)) => {
            eprintln!(
                "stagecall: --date {}: {e}",
                text::sanitize(args.date.as_deref().unwrap_or(""))
            );
            return EXIT_USAGE;
        }
    };
    let start = match args.start.as_deref() {
        None => None,
        Some(s) => match crate::import::build::parse_clock(s) {
            Some(t) => Some(t),
            None => {
                eprintln!(
                    "stagecall: --start {}: give a clock time like 20:00",
                    text::sanitize(s)
                );
                return EXIT_USAGE;
            }
        },
    };
    if let Some(tz) = &args.timezone
        && tz.parse::<chrono_tz::Tz>().is_err()
    {
        eprintln!(
            "stagecall: --timezone {}: not an IANA time zone name, like Asia/Shanghai",
            text::sanitize(tz)
        );
        return EXIT_USAGE;
    }
    let stem = args
        .file
        .file_stem()
        .map_or_else(|| "直播".into(), |s| s.to_string_lossy().into_owned());
    let opts = crate::import::Options {
        title: args.title.clone(),
        date,
        start,
        timezone: args.timezone.clone(),
        platform: args
            .platform
            .map(|p| <crate::cli::Platform as clap::ValueEnum>::to_possible_value(&p))
            .and_then(|v| v.map(|v| v.get_name().to_string())),
        stem,
        today: Some(env.now.with_timezone(&env.local_tz).date_naive()),
        local_tz: Some(env.local_tz.name().to_string()),
    };
    let (plan, problems) = match crate::import::import(bytes, &name, &opts) {
        Ok(x) => x,
        Err(e) => {
            eprintln!(
                "stagecall: cannot import {}: {}",
                text::path(&args.file),
                text::sanitize(&e)
            );
            return EXIT_USAGE;
        }
    };
    // The plan must pass `check`; say so plainly when it does not.
    let out_name = args.output.as_ref().map_or_else(
        || "<imported plan>".to_string(),
        |p| p.display().to_string(),
    );
    let checked = stagecall_core::check(&out_name, plan.as_bytes(), &env);
    if let Some(out) = &args.output
        && out.as_os_str() != "-"
    {
        if out.exists() && !args.force {
            eprintln!(
                "stagecall: {} exists; not overwriting it (add --force to replace it)",
                text::path(out)
            );
            return EXIT_USAGE;
        }
        if let Err(e) = std::fs::write(out, &plan) {
            eprintln!("stagecall: cannot write {}: {e}", text::path(out));
            return EXIT_USAGE;
        }
    } else {
        let code = super::print(plan.as_bytes());
        if code != EXIT_OK {
            return code;
        }
    }
    if !problems.is_empty() {
        eprintln!(
            "stagecall: import: {} {} not mapped (the plan has the rest):",
            problems.len(),
            if problems.len() == 1 {
                "thing was"
            } else {
                "things were"
            }
        );
        for p in &problems {
            eprintln!("  {}", text::sanitize(&p.to_string()));
        }
    }
    if checked.has_errors() {
        eprint!(
            "{}",
            crate::render::diagnostics::human(&checked.source, &checked.diagnostics, color)
        );
        eprintln!("stagecall: the imported plan does not pass `check`: fix the errors above");
        return EXIT_PROBLEMS;
    }
    if let Some((p, _)) = checked.ok() {
        eprintln!(
            "stagecall: import: {} cues, {} products, {} welfare items{}",
            p.cues.len(),
            p.items.len(),
            p.welfare.len(),
            args.output
                .as_ref()
                .map(|o| format!(" → {}", text::path(o)))
                .unwrap_or_default()
        );
    }
    EXIT_OK
}

fn read(path: &std::path::Path) -> std::io::Result<Vec<u8>> {
    let meta = std::fs::metadata(path)?;
    if meta.is_dir() {
        return Err(std::io::Error::other("it is a directory"));
    }
    if meta.len() > crate::import::grid::MAX_BYTES {
        return Err(std::io::Error::other(format!(
            "it is {} MB; a run sheet is far smaller (limit {} MB)",
            meta.len() / 1_048_576,
            crate::import::grid::MAX_BYTES / 1_048_576
        )));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(crate::import::grid::MAX_BYTES + 1)
        .read_to_end(&mut bytes)?;
    Ok(bytes)
}
