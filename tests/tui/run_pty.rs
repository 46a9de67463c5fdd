//! End-to-end: the real binary in a pseudo-terminal. Keys go in as bytes,
//! the screen comes back through vt100, and the state log is read from disk.

use std::path::{Path, PathBuf};

use crate::util;
use crate::util::pty::{Pty, wait_for_log};

const PLAN: &str = "kuaishou-brand-4h.toml";

/// Runs the binary without a terminal, in `cwd`.
fn stagecall_in(cwd: &Path, args: &[&str]) -> std::process::Output {
    util::stagecall(args).dir(cwd).output()
}

/// Runs the binary without a terminal, at the repository root.
fn stagecall(args: &[&str]) -> std::process::Output {
    stagecall_in(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

/// A temp dir holding a copy of an example plan.
fn workspace(plan: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let src = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("plans")
        .join(plan);
    let dst = dir.path().join(plan);
    std::fs::copy(src, &dst).expect("copy plan");
    (dir, dst)
}

fn rehearsal_log(dir: &Path, plan: &str) -> PathBuf {
    let stem = plan.trim_end_matches(".toml");
    dir.join(".stagecall").join(format!("{stem}.rehearsal.log"))
}

#[test]
fn space_ticks_the_first_open_task_and_the_tick_survives_sigkill() {
    let (dir, _) = workspace(PLAN);
    let mut pty = Pty::spawn(dir.path(), &["run", PLAN, "--at", "19:30"], 120, 40);
    pty.wait_text("双11");
    pty.send(" ");
    let log = wait_for_log(&rehearsal_log(dir.path(), PLAN), "\"tick\"");
    // The first open task of the cue on air at 19:30 (hero-1).
    assert!(log.contains("\"cue\":\"hero-1\""), "{log}");
    let screen = pty.wait_text("✓");
    pty.sigkill();

    // The same --at again would rewind the rehearsal over its own log:
    // refused, naming both ways on.
    let out = stagecall_in(dir.path(), &["run", PLAN, "--at", "19:30", "--snapshot"]);
    assert_eq!(out.status.code(), Some(0), "a snapshot only reads");
    let pty = Pty::spawn(dir.path(), &["run", PLAN, "--rehearsal"], 120, 40);
    let again = pty.wait_text("✓");
    let ticked = |s: &str| s.lines().find(|l| l.contains('✓')).map(str::to_owned);
    assert_eq!(
        ticked(&again),
        ticked(&screen),
        "the same task is ticked after the restart"
    );
}

#[test]
fn go_is_recorded_tab_switches_panes_and_q_quits_cleanly() {
    let (dir, _) = workspace(PLAN);
    let mut pty = Pty::spawn(dir.path(), &["run", PLAN, "--at", "19:30"], 120, 40);
    pty.wait_text("双11");
    pty.send("\r");
    let log = wait_for_log(&rehearsal_log(dir.path(), PLAN), "\"go\"");
    assert_eq!(log.lines().filter(|l| l.contains("\"go\"")).count(), 1);
    pty.send("\t");
    pty.wait_text("Products");
    // On air, q asks first; a second q quits.
    pty.send("q");
    pty.wait_text("Quit?");
    pty.send("q");
    assert_eq!(pty.wait_exit(), 0);
}

#[test]
fn ctrl_c_quits() {
    let (dir, _) = workspace(PLAN);
    let mut pty = Pty::spawn(dir.path(), &["run", PLAN, "--at", "+0:10"], 100, 30);
    pty.wait_text("双11");
    pty.send("\x03");
    pty.wait_text("Quit?");
    pty.send("y");
    assert_eq!(pty.wait_exit(), 0);
}

#[test]
fn live_and_rehearsal_logs_are_separate() {
    let (dir, _) = workspace(PLAN);
    let mut pty = Pty::spawn(dir.path(), &["run", PLAN, "--at", "19:30"], 120, 40);
    pty.wait_text("双11");
    pty.send(" ");
    wait_for_log(&rehearsal_log(dir.path(), PLAN), "\"tick\"");
    pty.send("qq");
    pty.wait_exit();
    assert!(
        !dir.path().join(".stagecall/kuaishou-brand-4h.log").exists(),
        "a rehearsal never writes the live log"
    );
}

#[test]
fn not_a_terminal_suggests_snapshot() {
    let out = stagecall(&["run", "plans/minimal.toml"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("not a terminal") && err.contains("--snapshot"),
        "{err}"
    );
}

#[test]
fn snapshot_needs_no_terminal_and_is_repeatable() {
    let (dir, _) = workspace(PLAN);
    let run = || {
        stagecall_in(
            dir.path(),
            &[
                "run",
                PLAN,
                "--at",
                "20:05",
                "--snapshot",
                "--size",
                "100x30",
            ],
        )
    };
    let (a, b) = (run(), run());
    assert_eq!(
        a.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&a.stderr)
    );
    assert_eq!(a.stdout, b.stdout);
    let text = String::from_utf8(a.stdout).expect("utf-8");
    assert_eq!(text.lines().count(), 30);
    assert!(text.contains("双11"));
}

#[test]
fn at_takes_clock_offset_before_start_and_local_datetime() {
    for (at, clock) in [
        ("20:15", "20:15:00"),
        ("+1:30", "20:30:00"),
        ("-30m", "18:30:00"),
        ("2026-11-11T19:45", "19:45:00"),
        ("2026-11-11 19:45:30", "19:45:30"),
    ] {
        let out = stagecall(&[
            "run",
            "plans/kuaishou-brand-4h.toml",
            "--at",
            at,
            "--snapshot",
            "--size",
            "120x12",
        ]);
        assert_eq!(out.status.code(), Some(0), "--at {at}");
        let first = String::from_utf8_lossy(&out.stdout)
            .lines()
            .next()
            .unwrap_or_default()
            .to_string();
        assert!(first.ends_with(clock), "--at {at}: {first}");
    }
    let bad = stagecall(&[
        "run",
        "plans/kuaishou-brand-4h.toml",
        "--at",
        "25:00",
        "--snapshot",
    ]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("not a time of day"));
}

#[test]
fn speed_runs_the_rehearsal_clock_faster() {
    let (dir, _) = workspace(PLAN);
    let pty = Pty::spawn(
        dir.path(),
        &["run", PLAN, "--at", "20:00", "--speed", "120"],
        120,
        40,
    );
    // Two minutes of show time pass in about one real second.
    pty.wait_for("the clock past 20:02", |s| {
        s.lines()
            .next()
            .is_some_and(|l| l.contains("20:02:") || l.contains("20:03:"))
    });
}

/// `--speed` is bounded, 0.01 to 10,000, with a clear error (exit 2);
/// at both bounds the REHEARSAL badge shows the speed in a few cells.
#[test]
fn speed_is_bounded_and_the_badge_always_shows_it() {
    let snapshot = |speed: &str| {
        stagecall(&[
            "run",
            "plans/kuaishou-brand-4h.toml",
            "--at",
            "20:05",
            &format!("--speed={speed}"),
            "--snapshot",
            "--size",
            "100x20",
        ])
    };
    for speed in ["1e-300", "0", "-1", "0.009", "10001", "1e300", "NaN", "inf"] {
        let out = snapshot(speed);
        assert_eq!(out.status.code(), Some(2), "--speed {speed}");
        assert!(out.stdout.is_empty(), "--speed {speed}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("--speed") && err.contains("0.01") && err.contains("10000"),
            "--speed {speed}: {err}"
        );
        assert!(!err.contains("panicked"), "{err}");
    }
    for (speed, badge) in [
        ("0.01", "REHEARSAL ×0.01"),
        ("0.25", "REHEARSAL ×0.25"),
        ("10000", "REHEARSAL ×10000"),
    ] {
        let out = snapshot(speed);
        assert_eq!(out.status.code(), Some(0), "--speed {speed}");
        let text = String::from_utf8_lossy(&out.stdout);
        let first = text.lines().next().unwrap_or_default();
        assert!(first.contains(badge), "--speed {speed}: {first}");
    }
}

/// A rehearsal log can hold any speed (it is a file): one of 1e-300 is
/// out of range and skipped with a warning, never trusted; the rehearsal
/// still shows REHEARSAL, on a wide screen and a narrow one.
#[test]
fn a_rehearsal_at_a_tiny_speed_from_its_log_keeps_its_badge() {
    let (dir, _) = workspace(PLAN);
    let log = rehearsal_log(dir.path(), PLAN);
    std::fs::create_dir_all(log.parent().unwrap()).unwrap();
    std::fs::write(
        &log,
        r#"{"wall":"2026-11-11T12:05:00Z","show":"2026-11-11T12:05:00Z","event":"clock","speed":1e-300,"running":false}
{"wall":"2026-11-11T12:05:00Z","show":"2026-11-11T12:05:00Z","event":"note","text":"x"}
"#,
    )
    .unwrap();
    for size in ["120x20", "60x20", "40x10"] {
        let out = stagecall_in(
            dir.path(),
            &["run", PLAN, "--rehearsal", "--snapshot", "--size", size],
        );
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8_lossy(&out.stdout);
        let first = text.lines().next().unwrap_or_default();
        assert!(first.contains("REHEARSAL"), "{size}: {first}");
    }
}

#[test]
fn an_unknown_role_is_refused_with_the_crew_roles() {
    let out = stagecall(&[
        "run",
        "plans/kuaishou-brand-4h.toml",
        "--at",
        "20:00",
        "--role",
        "adz",
        "--snapshot",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no role `adz`") && err.contains("ads"),
        "{err}"
    );
}

#[test]
fn a_panic_restores_the_terminal_before_its_message() {
    let (dir, _) = workspace(PLAN);
    let mut pty = Pty::spawn_env(
        dir.path(),
        &["run", PLAN, "--at", "20:00"],
        100,
        30,
        &[("STAGECALL_TEST_PANIC", "1")],
    );
    let code = pty.wait_exit();
    assert_ne!(code, 0);
    let screen = pty.wait_text("a deliberate panic");
    assert!(
        !pty.alternate_screen(),
        "left the alternate screen:\n{screen}"
    );
}
