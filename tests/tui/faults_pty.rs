//! Faults a live show must survive without losing or faking a record: a
//! full disk, the state directory deleted mid-show, the plan replaced by a
//! FIFO. The real binary in a pseudo-terminal; the disk checked after.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::pty::{Pty, wait_for_log};

const PLAN: &str = "kuaishou-brand-4h.toml";

fn copy_plan(dir: &Path) -> PathBuf {
    let src = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("plans")
        .join(PLAN);
    let dst = dir.join(PLAN);
    std::fs::copy(src, &dst).expect("copy plan");
    dst
}

fn log_of(dir: &Path) -> PathBuf {
    dir.join(".stagecall/kuaishou-brand-4h.rehearsal.log")
}

fn ticks(log: &Path) -> usize {
    std::fs::read_to_string(log)
        .unwrap_or_default()
        .lines()
        .filter(|l| l.contains("\"tick\""))
        .count()
}

/// A 1 MiB tmpfs, unmounted on drop.
struct SmallDisk(PathBuf);

impl SmallDisk {
    fn mount() -> SmallDisk {
        let dir = tempfile::tempdir().expect("tempdir").keep();
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=1m", "tmpfs"])
            .arg(&dir)
            .status()
            .is_ok_and(|s| s.success());
        assert!(ok, "mount a tmpfs (needs root)");
        SmallDisk(dir)
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
#[ignore = "needs root (mounts a 1 MiB tmpfs): `cargo test -- --ignored`, as .ci/run does"]
fn a_full_disk_says_not_saved_keeps_the_record_pending_and_retries() {
    let disk = SmallDisk::mount();
    let dir = &disk.0;
    copy_plan(dir);
    let log = log_of(dir);
    let mut pty = Pty::spawn(dir, &["run", PLAN, "--at", "19:31"], 140, 40);
    pty.wait_text("双11");
    pty.send(" ");
    wait_for_log(&log, "\"tick\"");
    // Fill the disk to the last byte.
    let filler = dir.join("filler");
    let _ = Command::new("dd")
        .args(["if=/dev/zero", "bs=4k"])
        .arg(format!("of={}", filler.display()))
        .output();
    // Hold after hold until one no longer fits (the log's last page may
    // still have room for a dozen lines).
    let mut screen = String::new();
    for _ in 0..60 {
        pty.send("+");
        std::thread::sleep(std::time::Duration::from_millis(100));
        screen = pty.screen();
        if screen.contains("NOT SAVED") {
            break;
        }
    }
    let size = std::fs::metadata(&log).map(|m| m.len()).unwrap_or(0);
    assert!(screen.contains("NOT SAVED"), "log {size} bytes\n{screen}");
    assert!(screen.contains("No space left"), "the reason: {screen}");
    assert!(screen.contains(".stagecall"), "the path: {screen}");
    assert!(
        screen.contains("pending"),
        "the record is pending: {screen}"
    );
    // A tick now is pending too, and not shown done.
    let saved = ticks(&log);
    pty.send(" ");
    std::thread::sleep(std::time::Duration::from_millis(400));
    let screen = pty.screen();
    assert_eq!(ticks(&log), saved);
    assert_eq!(
        screen.matches('✓').count(),
        saved,
        "only what is on disk is shown done: {screen}"
    );
    // Space again: freed, the retry saves it and the banner goes.
    std::fs::remove_file(&filler).expect("free the disk");
    pty.wait_for("the retry to save it", |s| !s.contains("NOT SAVED"));
    assert!(ticks(&log) > saved, "the pending record reached the disk");
    let on_disk = ticks(&log);
    pty.wait_for("every saved tick shown", |s| {
        s.matches('✓').count() == on_disk
    });
    pty.send("qq");
    pty.wait_exit();
}

#[test]
fn a_deleted_state_directory_is_rewritten_whole() {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_plan(dir.path());
    let log = log_of(dir.path());
    let mut pty = Pty::spawn(dir.path(), &["run", PLAN, "--at", "19:31"], 140, 40);
    pty.wait_text("双11");
    pty.send(" ");
    wait_for_log(&log, "\"tick\"");
    // As `git clean -fdx` would.
    std::fs::remove_dir_all(dir.path().join(".stagecall")).expect("rm -rf");
    pty.send("j ");
    let text = wait_for_log(&log, "\"tick\"");
    // The first tick is back, and the second is there too.
    pty.wait_for("the second tick", |_| ticks(&log) == 2);
    assert!(text.contains("\"clock\""), "the whole state: {text}");
    let screen = pty.wait_text("deleted");
    assert!(screen.contains("log"), "{screen}");
    pty.send("qq");
    pty.wait_exit();
}

#[test]
fn a_plan_replaced_by_a_fifo_never_freezes_the_runner() {
    let dir = tempfile::tempdir().expect("tempdir");
    let plan = copy_plan(dir.path());
    let mut pty = Pty::spawn(dir.path(), &["run", PLAN, "--at", "19:31"], 140, 40);
    pty.wait_text("双11");
    std::fs::remove_file(&plan).expect("rm plan");
    let ok = Command::new("mkfifo")
        .arg(&plan)
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "mkfifo");
    let screen = pty.wait_text("not a regular file");
    assert!(
        screen.contains("last good"),
        "still running the last good plan: {screen}"
    );
    // Keys still work: quit asks and quits.
    pty.send("q");
    pty.wait_text("Quit?");
    pty.send("y");
    assert_eq!(pty.wait_exit(), 0);
}

#[test]
fn one_shot_commands_on_a_fifo_exit_2_at_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let fifo = dir.path().join("plan.toml");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .is_ok_and(|s| s.success())
    );
    let plan = copy_plan(dir.path());
    let state = dir.path().join("state.log");
    assert!(
        Command::new("mkfifo")
            .arg(&state)
            .status()
            .is_ok_and(|s| s.success())
    );
    let f = fifo.display().to_string();
    let p = plan.display().to_string();
    let s = state.display().to_string();
    // A plan that is a link to a device without end.
    let zero = dir.path().join("zero.toml");
    std::os::unix::fs::symlink("/dev/zero", &zero).expect("symlink");
    let z = zero.display().to_string();
    for args in [
        vec!["check", &f],
        vec!["sheet", &f],
        vec!["run", &f, "--snapshot"],
        vec!["report", &f],
        vec!["status", &f],
        vec!["diff", &f, &p],
        vec!["textconv", &f],
        vec!["run", &p, "--state", &s, "--at", "20:00", "--snapshot"],
        vec!["report", &p, "--state", &s],
        vec!["check", &z],
        vec!["sheet", &z],
    ] {
        let t0 = std::time::Instant::now();
        let mut child = crate::util::stagecall(&args)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn();
        let code = loop {
            if let Some(st) = child.try_wait().expect("wait") {
                break st.code();
            }
            if t0.elapsed() > std::time::Duration::from_secs(5) {
                let _ = child.kill();
                panic!("{args:?} hangs on a FIFO");
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        };
        assert_eq!(code, Some(2), "{args:?}");
    }
}

#[test]
fn a_log_truncated_under_the_writer_is_written_back_whole() {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_plan(dir.path());
    let log = log_of(dir.path());
    let mut pty = Pty::spawn(dir.path(), &["run", PLAN, "--at", "19:31"], 140, 40);
    pty.wait_text("双11");
    pty.send("n");
    pty.wait_text("note:");
    pty.send("one\r");
    wait_for_log(&log, "\"one\"");
    pty.send("n");
    pty.wait_text("note:");
    pty.send("two\r");
    wait_for_log(&log, "\"two\"");
    std::fs::OpenOptions::new()
        .write(true)
        .open(&log)
        .expect("open")
        .set_len(0)
        .expect("truncate");
    pty.send("n");
    pty.wait_text("note:");
    pty.send("three\r");
    // Everything shown as saved is on disk again.
    pty.wait_for("all three notes on disk", |_| {
        let text = std::fs::read_to_string(&log).unwrap_or_default();
        ["\"one\"", "\"two\"", "\"three\""]
            .iter()
            .all(|n| text.contains(n))
    });
    pty.send("qq");
    pty.wait_exit();
}
