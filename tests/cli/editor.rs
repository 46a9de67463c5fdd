//! Meeting plan editors where they work: `init` starters, the semantic
//! `diff` (also as git's external diff), and `textconv` for `git diff`.

use std::path::Path;
use std::process::{Command, Output};

use crate::util;

fn stagecall(args: &[&str], cwd: &Path) -> Output {
    util::stagecall(args).dir(cwd).output()
}

/// git is part of any Rust build environment (and of .ci/run's); a test
/// that needs it fails when it is missing rather than passing unrun.
fn require_git() {
    let found = Command::new("git")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        found,
        "git is not installed: these tests need it (apt-get install git)"
    );
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn init_writes_a_starter_that_checks_clean_for_every_platform() {
    let dir = tempfile::tempdir().expect("tempdir");
    // Every platform the plan format knows, taken from the format itself.
    for platform in stagecall_core::plan::Platform::ALL.iter().map(|p| p.key()) {
        let file = format!("{platform}.toml");
        let o = stagecall(&["init", &file, "--platform", platform], dir.path());
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        let text = std::fs::read_to_string(dir.path().join(&file)).expect("written");
        assert!(text.contains(&format!("platform = \"{platform}\"")));
        assert!(text.starts_with("#:schema ./plan.schema.json"));
        let c = stagecall(&["check", "--deny-warnings", &file], dir.path());
        assert_eq!(c.status.code(), Some(0), "{platform}: {}", stdout(&c));
    }
    assert!(
        dir.path().join("plan.schema.json").exists(),
        "the schema is written beside the plan for completion"
    );
}

#[test]
fn init_refuses_to_overwrite() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().join("show.toml");
    std::fs::write(&p, "format = 1 # mine\n").expect("write");
    let o = stagecall(&["init", "show.toml"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("already exists"));
    assert_eq!(
        std::fs::read_to_string(&p).expect("read"),
        "format = 1 # mine\n"
    );
}

const OLD: &str = r#"format = 1
[session]
title = "diff 测试"
date = 2026-11-11
start = "20:00"
end = "22:00"
timezone = "Asia/Shanghai"
[[group]]
id = "g"
  [[group.item]]
  sku = "A"
  name = "枕套"
  list_price = 59
  live_price = 9.9
[traffic]
budget = 2000
[[traffic.slot]]
id = "s1"
from = "20:00"
to = "21:00"
budget = 1000
[[traffic.slot]]
id = "s2"
from = "21:00"
to = "22:00"
budget = 1000
[[cue]]
id = "open"
duration = "10m"
title = "开场"
items = ["A"]
[[cue]]
id = "pitch"
title = "讲解"
"#;

fn new_plan() -> String {
    OLD.replace("duration = \"10m\"", "duration = \"15m\"")
        .replace("live_price = 9.9", "live_price = 8.8")
        .replace("budget = 2000", "budget = 2500")
        .replace(
            "to = \"22:00\"\nbudget = 1000",
            "to = \"22:00\"\nbudget = 1500",
        )
        + "[[cue]]\nid = \"close\"\nat = \"21:50\"\ntitle = \"下播\"\n"
}

fn write_pair(dir: &Path) {
    std::fs::write(dir.join("old.toml"), OLD).expect("old");
    std::fs::write(dir.join("new.toml"), new_plan()).expect("new");
}

#[test]
fn diff_reports_retimed_and_added_cues_prices_and_budgets() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_pair(dir.path());
    let o = stagecall(&["diff", "old.toml", "new.toml"], dir.path());
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    for line in [
        "~ cue open: retimed 20:00–20:10 (10m) → 20:00–20:15 (15m)",
        "~ cue pitch: retimed 20:10–22:00 (1h50m) → 20:15–21:50 (1h35m)",
        "+ cue close: 21:50–22:00 下播",
        "~ product A: live_price 9.9 → 8.8",
        "~ traffic: budget 2,000 → 2,500",
        "~ slot s2: budget 1,000 → 1,500",
    ] {
        assert!(out.contains(line), "missing {line:?} in:\n{out}");
    }
    assert!(
        !out.contains("s1"),
        "unchanged slots are not listed:\n{out}"
    );
}

#[test]
fn diff_takes_gits_external_diff_arguments() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_pair(dir.path());
    let o = stagecall(
        &[
            "diff",
            "show.toml",
            "old.toml",
            "abc",
            "100644",
            "new.toml",
            "def",
            "100644",
        ],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(out.starts_with("stagecall diff show.toml:"), "{out}");
    assert!(out.contains("+ cue close"), "{out}");
}

#[test]
fn diff_help_reads_old_new_and_names_gits_seven_arguments() {
    let dir = tempfile::tempdir().expect("tempdir");
    let short = stdout(&stagecall(&["diff", "-h"], dir.path()));
    assert!(
        short.contains("Usage: stagecall diff [OPTIONS] <OLD> <NEW>\n"),
        "{short}"
    );
    assert!(
        !short.contains("OLD NEW"),
        "one value name for two: {short}"
    );
    let long = stdout(&stagecall(&["diff", "--help"], dir.path()));
    for want in [
        "Usage: stagecall diff [OPTIONS] <OLD> <NEW>\n",
        "GIT_EXTERNAL_DIFF",
        "stagecall diff PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX NEW-MODE",
    ] {
        assert!(long.contains(want), "missing {want:?} in:\n{long}");
    }
    // Neither two nor seven arguments: said in words, exit 2.
    let o = stagecall(&["diff", "a", "b", "c"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("seven arguments"));
}

/// As GIT_EXTERNAL_DIFF, stagecall sees every changed file of the
/// repository: one that is not a plan gets a plain unified diff, and so
/// does a plan version with errors, so that `git diff` never stops.
#[test]
fn diff_as_gits_external_diff_falls_back_to_a_text_diff() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let git_args = |path: &str, old: &str, new: &str| -> Output {
        stagecall(
            &["diff", path, old, "abc", "100644", new, "def", "100644"],
            d,
        )
    };
    std::fs::write(d.join("old.md"), "# 直播复盘\nline two\nend\n").expect("old");
    std::fs::write(d.join("new.md"), "# 直播复盘\nline 2\nend\n").expect("new");
    let o = git_args("README.md", "old.md", "new.md");
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(
        stdout(&o),
        "diff --git a/README.md b/README.md\n--- a/README.md\n+++ b/README.md\n@@ -1,3 +1,3 @@\n # 直播复盘\n-line two\n+line 2\n end\n"
    );
    // A .toml that is not a plan.
    std::fs::write(d.join("a.toml"), "[package]\nname = \"x\"\n").expect("a");
    std::fs::write(d.join("b.toml"), "[package]\nname = \"y\"\n").expect("b");
    let o = git_args("Cargo.toml", "a.toml", "b.toml");
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(out.contains("-name = \"x\"\n+name = \"y\"\n"), "{out}");
    // An added file, and one that is not text.
    let o = git_args("README.md", "/dev/null", "new.md");
    assert!(
        stdout(&o).contains("--- /dev/null\n+++ b/README.md\n"),
        "{}",
        stdout(&o)
    );
    std::fs::write(d.join("x.bin"), b"\0\x01").expect("bin");
    std::fs::write(d.join("y.bin"), b"\0\x02").expect("bin");
    let o = git_args("logo.png", "x.bin", "y.bin");
    assert!(
        stdout(&o).contains("Binary files a/logo.png and b/logo.png differ"),
        "{}",
        stdout(&o)
    );
    // Plans still get the run-sheet diff, and a broken one a text diff.
    write_pair(d);
    let o = git_args("show.toml", "old.toml", "new.toml");
    assert!(
        stdout(&o).starts_with("stagecall diff show.toml:"),
        "{}",
        stdout(&o)
    );
    std::fs::write(d.join("bad.toml"), format!("{OLD}<<<<<<< HEAD\n")).expect("bad");
    let o = git_args("show.toml", "old.toml", "bad.toml");
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(out.contains("has errors"), "{out}");
    assert!(out.contains("+<<<<<<< HEAD\n"), "{out}");
    // Called by hand, a broken plan is still an error to fix.
    let o = stagecall(&["diff", "old.toml", "bad.toml"], d);
    assert_eq!(o.status.code(), Some(1));
}

/// The same through git itself, over a repository with a plan, a README
/// and a Cargo.toml.
#[test]
fn git_diff_with_stagecall_as_external_diff_covers_every_file() {
    require_git();
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let git = |args: &[&str], external: bool| {
        let mut c = Command::new("git");
        c.args(args)
            .current_dir(d)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("HOME", d);
        if external {
            c.env(
                "GIT_EXTERNAL_DIFF",
                format!("{} diff", env!("CARGO_BIN_EXE_stagecall")),
            );
        }
        let o = c.output().expect("git");
        assert!(
            o.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    git(&["init", "-q"], false);
    git(&["config", "user.email", "t@example.com"], false);
    git(&["config", "user.name", "t"], false);
    std::fs::write(d.join("show.toml"), OLD).expect("plan");
    std::fs::write(d.join("README.md"), "# shows\n").expect("readme");
    std::fs::write(d.join("Cargo.toml"), "[package]\nname = \"x\"\n").expect("cargo");
    git(&["add", "."], false);
    git(&["commit", "-qm", "plans"], false);
    std::fs::write(d.join("show.toml"), new_plan()).expect("edit");
    std::fs::write(d.join("README.md"), "# shows\n双11\n").expect("readme");
    std::fs::write(d.join("Cargo.toml"), "[package]\nname = \"y\"\n").expect("cargo");
    let out = git(&["diff"], true);
    for want in [
        "--- a/Cargo.toml\n+++ b/Cargo.toml\n",
        "+name = \"y\"\n",
        "--- a/README.md\n+++ b/README.md\n",
        "+双11\n",
        "stagecall diff show.toml:",
        "+ cue close: 21:50–22:00 下播",
    ] {
        assert!(out.contains(want), "missing {want:?} in:\n{out}");
    }
}

#[test]
fn textconv_prints_the_run_sheet_or_the_source_when_broken() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_pair(dir.path());
    let out = stdout(&stagecall(&["textconv", "old.toml"], dir.path()));
    assert!(out.contains("20:00–20:10") && out.contains("开场"), "{out}");
    std::fs::write(dir.path().join("bad.toml"), "format = 1\n<<<<<<< HEAD\n").expect("bad");
    let out = stdout(&stagecall(&["textconv", "bad.toml"], dir.path()));
    assert!(
        out.contains("has errors") && out.contains("<<<<<<< HEAD"),
        "{out}"
    );
}

#[test]
fn git_diff_with_textconv_shows_run_sheet_changes() {
    require_git();
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let git = |args: &[&str]| {
        let o = Command::new("git")
            .args(args)
            .current_dir(d)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("HOME", d)
            .output()
            .expect("git");
        assert!(
            o.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    git(&["init", "-q"]);
    git(&["config", "user.email", "t@example.com"]);
    git(&["config", "user.name", "t"]);
    git(&[
        "config",
        "diff.stagecall.textconv",
        &format!("{} textconv", env!("CARGO_BIN_EXE_stagecall")),
    ]);
    std::fs::write(d.join(".gitattributes"), "*.toml diff=stagecall\n").expect("attrs");
    std::fs::write(d.join("show.toml"), OLD).expect("plan");
    git(&["add", "."]);
    git(&["commit", "-qm", "plan"]);
    std::fs::write(d.join("show.toml"), new_plan()).expect("edit");
    let out = git(&["diff"]);
    assert!(
        out.contains("-20:00–20:10") && out.contains("+20:00–20:15"),
        "run-sheet lines in git diff:\n{out}"
    );
}
