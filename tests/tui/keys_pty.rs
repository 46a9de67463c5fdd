//! Every runner key, end to end: the real binary in a pseudo-terminal, the
//! screen read back through vt100 and the record read from the log on disk.

use std::path::{Path, PathBuf};

use crate::util::pty::{Pty, wait_for_log};
use crate::util::stagecall;

const PLAN: &str = "kuaishou-brand-4h.toml";

fn workspace() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let src = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("plans")
        .join(PLAN);
    std::fs::copy(src, dir.path().join(PLAN)).expect("copy plan");
    let log = dir
        .path()
        .join(".stagecall/kuaishou-brand-4h.rehearsal.log");
    (dir, log)
}

fn stagecall_in(cwd: &Path, args: &[&str]) -> std::process::Output {
    stagecall(args).dir(cwd).output()
}

fn count(log: &Path, needle: &str) -> usize {
    std::fs::read_to_string(log)
        .unwrap_or_default()
        .lines()
        .filter(|l| l.contains(needle))
        .count()
}

#[test]
fn esc_closes_help_and_never_quits() {
    let (dir, _) = workspace();
    let mut pty = Pty::spawn(dir.path(), &["run", PLAN, "--at", "19:31"], 120, 40);
    pty.wait_text("双11");
    pty.send("?");
    pty.wait_text("never quits");
    pty.send("\x1b");
    pty.wait_for("help to close", |s| {
        !s.contains("never quits") && s.contains("Run sheet")
    });
    pty.send("\x1b");
    pty.send("\x1b");
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert!(pty.screen().contains("双11"), "still running after Esc");
    // q asks; n stays; q q quits.
    pty.send("q");
    pty.wait_text("Quit?");
    pty.send("n");
    pty.wait_for("the question to go", |s| !s.contains("Quit?"));
    pty.send("qq");
    assert_eq!(pty.wait_exit(), 0);
}

#[test]
fn go_hold_pull_undo_release_sold_out_and_note_are_recorded() {
    let (dir, log) = workspace();
    // 19:04:10: the opening 福袋 cue is on air (a lucky bag, no product),
    // 70 s after it started by itself, so + holds it (within the first
    // minute, + would put the cue before back on air).
    let mut pty = Pty::spawn(dir.path(), &["run", PLAN, "--at", "19:04:10"], 140, 40);
    pty.wait_text("双11");
    // r: releases the cue's own welfare; the screen shows its task done.
    pty.send("r");
    wait_for_log(&log, "\"release\"");
    assert!(
        std::fs::read_to_string(&log)
            .unwrap_or_default()
            .contains("\"cue\":\"bag-open\"")
    );
    // A second r asks first; Esc answers no.
    pty.send("r");
    pty.wait_text("Release again?");
    pty.send("\x1b");
    pty.wait_for("the question to go", |s| !s.contains("Release again?"));
    assert_eq!(count(&log, "\"release\""), 1);
    // + and -: one hold, one pull.
    pty.send("+");
    wait_for_log(&log, "\"seconds\":60");
    pty.send("-");
    wait_for_log(&log, "\"seconds\":-60");
    // u: takes back the pull, and says so.
    pty.send("u");
    wait_for_log(&log, "\"undo\"");
    pty.wait_text("undone");
    // GO: starts the next cue.
    pty.send("g");
    wait_for_log(&log, "\"go\"");
    // x on the sheet: the product of the cue on air (引流款 枕套).
    pty.send("x");
    wait_for_log(&log, "\"sold_out\"");
    pty.wait_text("下架 MY-YL-001");
    pty.send("x");
    wait_for_log(&log, "\"restock\"");
    // n: a note in Chinese, as an input method commits it.
    pty.send("n");
    pty.wait_text("note:");
    pty.send("在线掉了，上福袋\r");
    wait_for_log(&log, "在线掉了，上福袋");
    pty.send("qq");
    assert_eq!(pty.wait_exit(), 0);
}

#[test]
fn an_early_go_on_a_fixed_cue_asks_first() {
    let (dir, log) = workspace();
    // 19:56: 憋单 is on air; next is the 20:00 红包, four minutes away.
    let mut pty = Pty::spawn(dir.path(), &["run", PLAN, "--at", "19:56"], 140, 40);
    pty.wait_text("双11");
    pty.send("\r");
    pty.wait_text("Start it now, early?");
    pty.send("n");
    pty.wait_for("the question to go", |s| !s.contains("early?"));
    assert_eq!(count(&log, "\"go\""), 0);
    pty.send("\r");
    pty.wait_text("Start it now, early?");
    pty.send("y");
    wait_for_log(&log, "\"go\"");
    assert!(
        std::fs::read_to_string(&log)
            .unwrap_or_default()
            .contains("\"cue\":\"rp-20\"")
    );
    pty.send("qq");
    pty.wait_exit();
}

#[test]
fn a_rehearsal_resumes_where_it_stopped_and_never_rewinds() {
    let (dir, log) = workspace();
    let mut pty = Pty::spawn(
        dir.path(),
        &["run", PLAN, "--at", "19:30", "--speed", "120"],
        120,
        40,
    );
    pty.wait_for("the clock past 19:33", |s| {
        s.lines().next().is_some_and(|l| {
            l.contains("19:3")
                && !l.contains("19:30:")
                && !l.contains("19:31:")
                && !l.contains("19:32:")
        })
    });
    pty.send("qq");
    assert_eq!(pty.wait_exit(), 0);
    let text = wait_for_log(&log, "\"running\":false");
    assert!(text.contains("\"speed\":120"), "{text}");
    // Where it stopped, as the status command reads it.
    let status = stagecall_in(
        dir.path(),
        &["status", PLAN, "--rehearsal", "--format", "json"],
    );
    let v: serde_json::Value = serde_json::from_slice(&status.stdout).expect("json");
    let stopped = v["now"].as_str().expect("now").to_string();
    assert!(stopped.as_str() >= "2026-11-11T19:33:00+08:00", "{stopped}");
    // The same --at again refuses (exit 2), naming both ways on.
    let mut pty2 = Pty::spawn(dir.path(), &["run", PLAN, "--at", "19:30"], 250, 20);
    let said = pty2.wait_text("--fresh");
    assert!(said.contains("--rehearsal"), "{said}");
    assert_eq!(pty2.wait_exit(), 2);
    // --rehearsal resumes: the clock has not gone back.
    let mut pty3 = Pty::spawn(dir.path(), &["run", PLAN, "--rehearsal"], 120, 40);
    let screen = pty3.wait_text("双11");
    let clock = screen
        .lines()
        .next()
        .unwrap_or_default()
        .trim_end()
        .rsplit(' ')
        .next()
        .unwrap_or_default()
        .to_string();
    assert!(
        clock.as_str() >= &stopped[11..19],
        "resumed at {clock}, stopped at {stopped}"
    );
    pty3.send("qq");
    pty3.wait_exit();
    // A snapshot with --fresh reads; it never moves the log aside.
    let before = std::fs::read(&log).expect("log");
    let snap = stagecall_in(
        dir.path(),
        &["run", PLAN, "--at", "19:30", "--fresh", "--snapshot"],
    );
    assert_eq!(
        snap.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&snap.stderr)
    );
    assert_eq!(std::fs::read(&log).expect("log still there"), before);
    let moved = std::fs::read_dir(log.parent().expect("dir"))
        .expect("dir")
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.file_name().to_string_lossy().ends_with(".old"))
        })
        .count();
    assert_eq!(moved, 0, "nothing set aside");
}

/// The clock on the first line of the screen (`HH:MM:SS`, last word).
fn screen_clock(screen: &str) -> String {
    screen
        .lines()
        .next()
        .unwrap_or_default()
        .split_whitespace()
        .last()
        .unwrap_or_default()
        .to_string()
}

#[test]
fn a_read_only_follower_shows_the_writers_clock_not_its_own_at() {
    let (dir, _) = workspace();
    let mut writer = Pty::spawn(
        dir.path(),
        &["run", PLAN, "--at", "20:10", "--speed", "60"],
        120,
        40,
    );
    writer.wait_text("双11");
    // The follower asks for 22:00; it keeps the writer's time instead.
    let mut viewer = Pty::spawn(dir.path(), &["run", PLAN, "--at", "22:00"], 120, 40);
    let screen = viewer.wait_text("read-only");
    let clock = screen_clock(&screen);
    assert!(
        clock.as_str() >= "20:10:00" && clock.as_str() < "20:30:00",
        "{screen}"
    );
    // And it runs at the writer's speed.
    let later = viewer.wait_for("a minute of show time to pass", |s| {
        screen_clock(s).as_str() >= "20:12:00"
    });
    assert!(screen_clock(&later).as_str() < "21:00:00", "{later}");
    viewer.send("qq");
    viewer.wait_exit();
    writer.send("qq");
    assert_eq!(writer.wait_exit(), 0);
}

#[test]
fn the_readme_first_command_works_every_time() {
    // `run PLAN --rehearsal --at +0:10`: starts at +0:10 the first time,
    // resumes after that; never refuses.
    let (dir, _) = workspace();
    for round in 0..3 {
        let mut pty = Pty::spawn(
            dir.path(),
            &["run", PLAN, "--rehearsal", "--at", "+0:10"],
            120,
            40,
        );
        let screen = pty.wait_text("双11");
        assert!(
            screen_clock(&screen).as_str() >= "19:10:00",
            "round {round}: {screen}"
        );
        pty.send(" ");
        pty.send("qq");
        assert_eq!(pty.wait_exit(), 0, "round {round}");
    }
}

#[test]
fn a_follower_keeps_up_when_the_writer_quits_and_resumes() {
    let (dir, log) = workspace();
    let mut writer = Pty::spawn(
        dir.path(),
        &["run", PLAN, "--at", "19:40", "--speed", "10"],
        120,
        40,
    );
    writer.wait_text("双11");
    let viewer = Pty::spawn(dir.path(), &["run", PLAN, "--rehearsal"], 120, 40);
    viewer.wait_text("read-only");
    writer.send("q");
    writer.wait_text("Quit?");
    writer.send("y");
    assert_eq!(writer.wait_exit(), 0);
    // The writer's clock stopped: the follower says so instead of freezing
    // silently.
    viewer.wait_text("writer paused");
    let mut writer = Pty::spawn(dir.path(), &["run", PLAN, "--rehearsal"], 120, 40);
    writer.wait_text("双11");
    writer.send(" ");
    wait_for_log(&log, "\"tick\"");
    // The follower picks up the new clock and the tick.
    viewer.wait_for("the follower to follow again", |s| {
        !s.contains("writer paused") && s.contains('✓')
    });
    writer.send("qq");
    writer.wait_exit();
}

#[test]
fn a_line_appended_to_the_metrics_feed_shows_within_a_second() {
    use std::io::Write;
    let (dir, log) = workspace();
    let feed = dir.path().join("feed.jsonl");
    std::fs::write(&feed, "{\"online\":1234}\n").expect("feed");
    let pty = Pty::spawn(
        dir.path(),
        &["run", PLAN, "--at", "+0:10", "--metrics", "feed.jsonl"],
        120,
        40,
    );
    pty.wait_text("online 1,234");
    let append = |line: &str| {
        let mut f = std::fs::OpenOptions::new()
            .append(true)
            .open(&feed)
            .expect("open feed");
        writeln!(f, "{line}").expect("append");
    };
    append(r#"{"online":4321,"gmv":"2万","sold":{"MY-YL-001":120}}"#);
    let asked = std::time::Instant::now();
    pty.wait_text("online 4,321");
    assert!(
        asked.elapsed() < std::time::Duration::from_secs(1),
        "{:?}",
        asked.elapsed()
    );
    wait_for_log(&log, r#""online":4321"#);
    // A bad line is skipped, by number, and the show goes on.
    append("{not json");
    pty.wait_text("skipped line 3");
    // The file replaced (as a scraper's rename does): read from its start.
    let tmp = dir.path().join("feed.tmp");
    std::fs::write(&tmp, "{\"online\":777}\n").expect("tmp");
    std::fs::rename(&tmp, &feed).expect("rename");
    pty.wait_text("online 777");
    // Every reading is in the log once.
    assert_eq!(count(&log, r#""event":"metrics""#), 3);
}

#[test]
fn the_runner_traces_its_operation_but_never_what_was_typed() {
    let (dir, log) = workspace();
    let mut pty = Pty::spawn(dir.path(), &["run", PLAN, "--at", "+0:10"], 120, 40);
    pty.wait_text("ON AIR");
    pty.send("n");
    pty.wait_text("note");
    pty.send("主播嗓子哑了 secret-words\r");
    wait_for_log(&log, "secret-words");
    // A plan saved with an error: traced, and the last good plan runs.
    let plan = dir.path().join(PLAN);
    let good = std::fs::read_to_string(&plan).expect("plan");
    std::fs::write(&plan, good.replace("format = 1", "format = \"one\"")).expect("break plan");
    pty.wait_text("plan has errors");
    pty.send("q");
    pty.send("y");
    pty.wait_exit();
    let trace = std::fs::read_to_string(
        dir.path()
            .join(".stagecall/kuaishou-brand-4h.rehearsal.trace.log"),
    )
    .expect("the trace beside the log");
    assert!(trace.contains("runner started"), "{trace}");
    assert!(trace.contains("plan on disk has errors"), "{trace}");
    assert!(trace.contains("runner stopped"), "{trace}");
    assert!(
        !trace.contains("secret-words"),
        "typed text stays out: {trace}"
    );
}
