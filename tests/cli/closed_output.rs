//! Standard output that goes away or fills up, for every command that
//! prints: a reader that closed the pipe (`| head -c1`, EPIPE) ends the
//! command quietly with status 0, like `cat`; a full output (`> /dev/full`,
//! ENOSPC) is a message and status 2. Never a panic (status 101, "failed
//! printing to stdout").

use std::path::Path;
use std::process::{Output, Stdio};

use crate::util::{root, stagecall};

const PLAN: &str = "kuaishou-brand-4h.toml";

/// A temp dir with the example plan, another version of it, a text file,
/// and a live log, so every command has something to print.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let plan = std::fs::read_to_string(root().join("plans").join(PLAN)).expect("plan");
    std::fs::write(dir.path().join(PLAN), &plan).expect("write plan");
    std::fs::write(
        dir.path().join("new.toml"),
        plan.replace("live_price = 9.9", "live_price = 8.8"),
    )
    .expect("write new");
    // A warning, so `check --format github` has an annotation to print.
    std::fs::copy(
        root().join("tests/fixtures/warn/stock-zero.toml"),
        dir.path().join("warn.toml"),
    )
    .expect("warn.toml");
    std::fs::write(dir.path().join("a.txt"), "one\ntwo\n").expect("a.txt");
    std::fs::write(dir.path().join("b.txt"), "one\nthree\n").expect("b.txt");
    std::fs::create_dir_all(dir.path().join(".stagecall")).expect("state dir");
    std::fs::write(
        dir.path().join(".stagecall/kuaishou-brand-4h.log"),
        r#"{"wall":"2026-11-11T12:01:00Z","show":"2026-11-11T12:01:00Z","event":"note","text":"灯光 ok"}
"#,
    )
    .expect("log");
    dir
}

/// Every command that writes to standard output, with arguments.
fn commands() -> Vec<Vec<&'static str>> {
    let p = PLAN;
    let mut out: Vec<Vec<&str>> = Vec::new();
    for f in ["table", "md", "csv", "json", "html"] {
        out.push(vec!["sheet", p, "--format", f]);
    }
    for f in ["human", "json", "github"] {
        out.push(vec!["check", "--format", f, p, "warn.toml"]);
    }
    for f in ["md", "csv", "json"] {
        out.push(vec!["report", p, "--format", f]);
    }
    for f in ["text", "json"] {
        out.push(vec!["status", p, "--at", "20:05", "--format", f]);
    }
    out.extend([
        vec!["diff", p, "new.toml"],
        vec!["diff", "a.txt", "b.txt"],
        // git's seven arguments for GIT_EXTERNAL_DIFF.
        vec![
            "diff", p, p, "0000000", "100644", "new.toml", "0000000", "100644",
        ],
        vec!["textconv", p],
        vec!["schema"],
        vec!["completions", "bash"],
        vec!["man"],
        vec!["run", p, "--at", "20:05", "--snapshot"],
        vec!["--help"],
        vec!["--version"],
        vec!["sheet", "--help"],
    ]);
    out
}

fn run(dir: &Path, args: &[&str], stdout: Stdio) -> Output {
    stagecall(args)
        .dir(dir)
        .stdout(stdout)
        .stderr(Stdio::piped())
        .output()
}

fn assert_no_panic(args: &[&str], out: &Output) {
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !err.contains("panicked") && out.status.code() != Some(101),
        "{args:?} panicked:\n{err}"
    );
}

#[test]
fn every_command_prints_something_to_an_open_pipe() {
    let dir = workspace();
    for args in commands() {
        let out = run(dir.path(), &args, Stdio::piped());
        assert_no_panic(&args, &out);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!out.stdout.is_empty(), "{args:?} printed nothing");
    }
}

/// `stagecall sheet plan.toml | head -c1`, made certain: the reading end
/// is closed before the command starts, so its first write gets EPIPE.
#[test]
fn a_closed_pipe_ends_quietly_with_status_0() {
    let dir = workspace();
    for args in commands() {
        let (reader, writer) = std::io::pipe().expect("pipe");
        drop(reader);
        let out = run(dir.path(), &args, Stdio::from(writer));
        assert_no_panic(&args, &out);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: a closed pipe is not an error:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            !err.contains("standard output"),
            "{args:?}: quietly:\n{err}"
        );
    }
}

/// `stagecall sheet plan.toml > /dev/full`: the disk is full.
#[cfg(target_os = "linux")]
#[test]
fn a_full_output_is_an_error_with_status_2() {
    let dir = workspace();
    for args in commands() {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full");
        let out = run(dir.path(), &args, Stdio::from(full));
        assert_no_panic(&args, &out);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("cannot write to standard output") && err.contains("No space left"),
            "{args:?}:\n{err}"
        );
    }
}

/// A closed pipe does not hide what `check` found: a plan with errors
/// still exits 1 (`set -o pipefail` in CI sees it), quietly.
#[test]
fn check_into_a_closed_pipe_still_reports_errors_by_status() {
    let (reader, writer) = std::io::pipe().expect("pipe");
    drop(reader);
    let out = run(
        &root(),
        &[
            "check",
            "plans/minimal.toml",
            "tests/fixtures/multi/many-errors.toml",
        ],
        Stdio::from(writer),
    );
    assert_no_panic(&["check"], &out);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Commands print through one helper that tells EPIPE from other errors;
/// `print!` and `println!` panic on both, so none is left in them.
#[test]
fn commands_never_print_with_the_print_macros() {
    let mut dirs = vec![root().join("src/commands"), root().join("src/render")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("source dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("source");
            for (i, line) in text.lines().enumerate() {
                let code = line.split("//").next().unwrap_or_default();
                let bare = code.replace("eprintln!(", "").replace("eprint!(", "");
                assert!(
                    !bare.contains("println!(") && !bare.contains("print!("),
                    "{}:{}: prints with a macro that panics on a closed pipe: {line}",
                    path.display(),
                    i + 1
                );
            }
        }
    }
}
