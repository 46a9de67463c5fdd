//! `stagecall diff OLD NEW`: what changed between two plans, in run-sheet
//! terms. Also works as a git difftool (two paths) and as GIT_EXTERNAL_DIFF
//! (git's seven arguments), and `stagecall textconv` gives `git diff` and
//! `git log -p` a run-sheet view of each version. Files that are not plans
//! (git's external diff sees every changed file) get a plain unified diff.

use std::path::Path;

use crate::cli::{DiffArgs, TextconvArgs};
use crate::render::sheet;
use crate::render::text::{sanitize, sanitize_text};
use stagecall_core::Checked;
use stagecall_core::diff::{Op, diff};

use super::{EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE};

/// What to compare, from either form of the arguments.
struct Pair<'a> {
    /// The name shown, which also tells a plan (`.toml`) from other
    /// files: git's PATH (its temporary files have made-up names), or NEW.
    name: String,
    old: &'a Path,
    new: &'a Path,
    /// Called by git as its external diff, which must not fail.
    git: bool,
}

fn pair(args: &DiffArgs) -> Option<Pair<'_>> {
    match args.git.as_slice() {
        [] => Some(Pair {
            name: if args.new == Path::new("/dev/null") {
                &args.old
            } else {
                &args.new
            }
            .display()
            .to_string(),
            old: &args.old,
            new: &args.new,
            git: false,
        }),
        // GIT_EXTERNAL_DIFF: path old-file old-hex old-mode new-file new-hex new-mode
        [_old_hex, _old_mode, new, _new_hex, _new_mode] => Some(Pair {
            name: args.old.display().to_string(),
            old: &args.new,
            new,
            git: true,
        }),
        _ => None,
    }
}

/// One side's bytes; `None` for `/dev/null` (a file git adds or deletes).
/// Read whole: a file too large for a plan still gets its text diff.
fn read_side(path: &Path) -> Result<Option<Vec<u8>>, u8> {
    if path == Path::new("/dev/null") {
        return Ok(None);
    }
    // A regular file only (a FIFO would hang the diff, a device never end).
    let read = || -> std::io::Result<Vec<u8>> {
        use std::io::Read;
        let mut bytes = Vec::new();
        stagecall_core::state::log::open_regular_follow(path)?.read_to_end(&mut bytes)?;
        Ok(bytes)
    };
    read().map(Some).map_err(|e| {
        eprintln!(
            "stagecall: cannot read {}: {e}",
            crate::render::text::path(path)
        );
        EXIT_USAGE
    })
}

/// Whether a file is a plan rather than some other file of the repository:
/// a `.toml` name, and a top-level `format` key or a plan table
/// (`[session]`, `[[cue]]`, `[[group]]`) before any other table. Read
/// line by line, so a plan with errors is still a plan.
fn looks_like_plan(name: &Path, bytes: &[u8]) -> bool {
    if !name
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
    {
        return false;
    }
    let text = String::from_utf8_lossy(bytes);
    for line in text.trim_start_matches('\u{feff}').lines() {
        let line = line.trim();
        if line.starts_with('[') {
            let table: String = line.chars().filter(|c| !c.is_whitespace()).collect();
            return ["[session]", "[[cue]]", "[[group]]"]
                .iter()
                .any(|t| table.starts_with(t));
        }
        if let Some(rest) = line.strip_prefix("format")
            && rest.trim_start().starts_with('=')
        {
            return true;
        }
    }
    false
}

/// Text, as git tells it: no NUL byte in the first 8000 (and UTF-8 here).
fn as_text(bytes: Option<&[u8]>) -> Option<&str> {
    let bytes = bytes.unwrap_or_default();
    if bytes[..bytes.len().min(8000)].contains(&0) {
        return None;
    }
    std::str::from_utf8(bytes).ok()
}

/// A unified diff of two texts: as `git diff` prints one (a/ and b/ under
/// git's PATH) for git, as `diff -u` does for two named files. Git's line
/// for two files that are not text. Names and lines are made inert: any
/// file of the repository reaches here, and the terminal after.
fn text_diff(p: &Pair, old: Option<&[u8]>, new: Option<&[u8]>, color: bool) -> String {
    if old == new {
        return String::new();
    }
    let (a, b) = if p.git {
        (format!("a/{}", p.name), format!("b/{}", p.name))
    } else {
        (p.old.display().to_string(), p.new.display().to_string())
    };
    let a = if old.is_some() { a } else { "/dev/null".into() };
    let b = if new.is_some() { b } else { "/dev/null".into() };
    let mut out = String::new();
    if p.git {
        out.push_str(&format!("diff --git a/{0} b/{0}\n", sanitize(&p.name)));
    }
    let (Some(old_text), Some(new_text)) = (as_text(old), as_text(new)) else {
        out.push_str(&format!(
            "Binary files {} and {} differ\n",
            sanitize(&a),
            sanitize(&b)
        ));
        return out;
    };
    let udiff = similar::TextDiff::from_lines(old_text, new_text)
        .unified_diff()
        .header(&a, &b)
        .to_string();
    for line in udiff.lines() {
        let line = sanitize_text(line);
        let code = match line.as_bytes().first() {
            _ if !color || line.starts_with("---") || line.starts_with("+++") => None,
            Some(b'+') => Some("32"),
            Some(b'-') => Some("31"),
            Some(b'@') => Some("36"),
            _ => None,
        };
        match code {
            Some(code) => out.push_str(&format!("\x1b[{code}m{line}\x1b[0m\n")),
            None => {
                out.push_str(&line);
                out.push('\n');
            }
        }
    }
    out
}

/// Prints a side's errors the way commands that need a good plan do.
fn report_errors(checked: &Checked, color: bool) {
    eprint!(
        "{}",
        crate::render::diagnostics::human(&checked.source, &checked.diagnostics, color)
    );
    eprintln!("{}", crate::render::diagnostics::summary(checked));
    eprintln!("stagecall: fix the errors above, then diff it");
}

pub fn run(args: &DiffArgs, color: bool) -> u8 {
    let Some(p) = pair(args) else {
        eprintln!(
            "stagecall: diff takes OLD NEW (or the seven arguments git passes to an external diff)"
        );
        return EXIT_USAGE;
    };
    let (old_bytes, new_bytes) = match (read_side(p.old), read_side(p.new)) {
        (Ok(o), Ok(n)) => (o, n),
        (Err(c), _) | (_, Err(c)) => return c,
    };
    let (old_bytes, new_bytes) = (old_bytes.as_deref(), new_bytes.as_deref());
    let plans = [old_bytes, new_bytes]
        .iter()
        .all(|bytes| bytes.is_none_or(|b| looks_like_plan(Path::new(&p.name), b)));
    if !plans {
        return super::print(text_diff(&p, old_bytes, new_bytes, color).as_bytes());
    }
    let env = super::env();
    let check = |path: &Path, bytes: Option<&[u8]>| {
        bytes.map(|b| stagecall_core::check(&path.display().to_string(), b, &env))
    };
    let (old_checked, new_checked) = (check(p.old, old_bytes), check(p.new, new_bytes));
    let mut broken = false;
    for (side, checked) in [("old", &old_checked), ("new", &new_checked)] {
        let Some(c) = checked.as_ref().filter(|c| c.ok().is_none()) else {
            continue;
        };
        if p.git {
            // `git diff` stops at a failing external diff; show the text.
            let out = format!(
                "# stagecall: the {side} version of {} has errors (stagecall check shows them); a text diff instead\n{}",
                sanitize(&p.name),
                text_diff(&p, old_bytes, new_bytes, color)
            );
            return super::print(out.as_bytes());
        }
        report_errors(c, color);
        broken = true;
    }
    if broken {
        return EXIT_PROBLEMS;
    }
    let old = old_checked.as_ref().and_then(Checked::ok);
    let new = new_checked.as_ref().and_then(Checked::ok);
    let name = sanitize(&p.name);
    // Plan text in every line (titles, ids, prices) made inert, then
    // painted.
    let paint = |op: Op, s: String| {
        let s = sanitize(&s);
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
    let (o, n) = match (old, new) {
        (None, None) => return EXIT_OK,
        (None, Some(p)) => {
            let line = format!(
                "+ plan {name}: {} ({} cues)",
                p.0.session.title,
                p.0.cues.len()
            );
            return super::print((paint(Op::Added, line) + "\n").as_bytes());
        }
        (Some(p), None) => {
            let line = format!(
                "- plan {name}: {} ({} cues)",
                p.0.session.title,
                p.0.cues.len()
            );
            return super::print((paint(Op::Removed, line) + "\n").as_bytes());
        }
        (Some(o), Some(n)) => (o, n),
    };
    let changes = diff(o, n);
    let mut out = format!(
        "stagecall diff {name}: {} change{}\n",
        changes.len(),
        if changes.len() == 1 { "" } else { "s" }
    );
    for c in changes {
        let id = if c.id.is_empty() {
            String::new()
        } else {
            format!(" {}", c.id)
        };
        let line = format!("{} {}{id}: {}", c.op.sign(), c.what, c.detail);
        out.push_str(&paint(c.op, line));
        out.push('\n');
    }
    super::print(out.as_bytes())
}

/// The run sheet of a plan for git's textconv; the raw text if it has
/// errors, so history with a broken commit still shows.
pub fn textconv(args: &TextconvArgs) -> u8 {
    let checked = match super::load(&args.file, &super::env()) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let out = match checked.ok() {
        Some((plan, sched)) => sheet::table(plan, sched),
        None => format!(
            "# (stagecall: this version has errors; showing its source)\n{}",
            sanitize_text(&checked.source.text)
        ),
    };
    super::print(out.as_bytes())
}
