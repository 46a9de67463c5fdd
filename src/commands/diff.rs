//! `stagecall diff OLD NEW`: what changed between two plans, in run-sheet
//! terms. Also works as a git difftool (two paths) and as GIT_EXTERNAL_DIFF
//! (git's seven arguments), and `stagecall textconv` gives `git diff` and
//! `git log -p` a run-sheet view of each version.

use std::path::Path;

use crate::cli::{DiffArgs, TextconvArgs};
use crate::render::sheet;
use stagecall_core::diff::{Op, diff};
use stagecall_core::plan::Plan;
use stagecall_core::schedule::Schedule;

use super::{EXIT_OK, EXIT_USAGE};

/// Loads one side. `/dev/null` (a file git adds or deletes) is no plan.
fn side(path: &Path, color: bool) -> Result<Option<(Plan, Schedule)>, u8> {
    if path == Path::new("/dev/null") {
        return Ok(None);
    }
    let good = super::load_good(path, &super::env(), color, "diff it")?;
    Ok(Some((good.plan, good.sched)))
}

fn paths(args: &DiffArgs) -> Option<(&Path, &Path)> {
    match args.git.as_slice() {
        [] => Some((&args.old, &args.new)),
        // GIT_EXTERNAL_DIFF: path old-file old-hex old-mode new-file new-hex new-mode
        [_old_hex, _old_mode, new, _new_hex, _new_mode] => Some((&args.new, new)),
        _ => None,
    }
}

pub fn run(args: &DiffArgs, color: bool) -> u8 {
    let Some((old_path, new_path)) = paths(args) else {
        eprintln!(
            "stagecall: diff takes OLD NEW (or the seven arguments git passes to an external diff)"
        );
        return EXIT_USAGE;
    };
    let (old, new) = match (side(old_path, color), side(new_path, color)) {
        (Ok(o), Ok(n)) => (o, n),
        (Err(c), _) | (_, Err(c)) => return c,
    };
    let name = if args.git.is_empty() {
        new_path.display().to_string()
    } else {
        args.old.display().to_string()
    };
    let paint = |op: Op, s: String| {
        if !color {
            return s;
        }
        let code = match op {
            Op::Added => "32",
            Op::Removed => "31",
            Op::Changed => "33",
        };
        format!("\x1b[{code}m{s}\x1b[0m")
    };
    let (o, n) = match (&old, &new) {
        (None, None) => return EXIT_OK,
        (None, Some(p)) => {
            println!(
                "{}",
                paint(
                    Op::Added,
                    format!(
                        "+ plan {name}: {} ({} cues)",
                        p.0.session.title,
                        p.0.cues.len()
                    )
                )
            );
            return EXIT_OK;
        }
        (Some(p), None) => {
            println!(
                "{}",
                paint(
                    Op::Removed,
                    format!(
                        "- plan {name}: {} ({} cues)",
                        p.0.session.title,
                        p.0.cues.len()
                    )
                )
            );
            return EXIT_OK;
        }
        (Some(o), Some(n)) => (o, n),
    };
    let changes = diff((&o.0, &o.1), (&n.0, &n.1));
    println!(
        "stagecall diff {name}: {} change{}",
        changes.len(),
        if changes.len() == 1 { "" } else { "s" }
    );
    for c in changes {
        let id = if c.id.is_empty() {
            String::new()
        } else {
            format!(" {}", c.id)
        };
        println!(
            "{}",
            paint(
                c.op,
                format!("{} {}{id}: {}", c.op.sign(), c.what, c.detail)
            )
        );
    }
    EXIT_OK
}

/// The run sheet of a plan for git's textconv; the raw text if it has
/// errors, so history with a broken commit still shows.
pub fn textconv(args: &TextconvArgs) -> u8 {
    let checked = match super::load(&args.file, &super::env()) {
        Ok(c) => c,
        Err(code) => return code,
    };
    match checked.ok() {
        Some((plan, sched)) => print!("{}", sheet::table(plan, sched)),
        None => {
            println!("# (stagecall: this version has errors; showing its source)");
            print!("{}", checked.source.text);
        }
    }
    EXIT_OK
}
