//! The log on disk: torn, corrupt, truncated, deleted, locked, linked
//! files, and big reads.

use super::parse::{PARALLEL_PARSE_BYTES, parse_lines};
use super::*;
use crate::state::event::EventKind;
use chrono::{DateTime, Utc};

fn ev(n: i64) -> Event {
    let t = DateTime::<Utc>::from_timestamp(1_800_000_000 + n, 0).unwrap();
    let mut e = Event::new(
        t,
        t,
        EventKind::Tick {
            cue: "c".into(),
            task: format!("t{n}"),
        },
    );
    e.id = format!("t:{n}");
    e
}

#[test]
fn a_big_read_parsed_on_two_threads_keeps_order_and_line_numbers() {
    let n = 12_000; // over PARALLEL_PARSE_BYTES
    let mut lines: Vec<String> = (0..n).map(|i| ev(i).to_line()).collect();
    lines[9_000] = "{not json".into();
    let text = lines.join("\n");
    assert!(text.len() > PARALLEL_PARSE_BYTES, "{}", text.len());
    let mut batch = Batch::default();
    let last = parse_lines(&text, 10, &mut batch);
    assert_eq!(last, 10 + n as usize);
    let want: Vec<Event> = (0..n).filter(|&i| i != 9_000).map(ev).collect();
    assert_eq!(batch.events, want);
    assert_eq!(batch.warnings.len(), 1);
    assert_eq!(batch.warnings[0].line, 10 + 9_001);
}

#[test]
fn an_event_without_id_gets_the_same_id_every_read() {
    let p = tmp("noid");
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    let line = r#"{"wall":"2026-11-11T12:00:00Z","show":"2026-11-11T12:00:00Z","event":"delay","seconds":600}"#;
    std::fs::write(&p, format!("{line}\n")).unwrap();
    let a = FileLog::open_read_only(&p).unwrap().read_all().unwrap();
    let b = FileLog::open_read_only(&p).unwrap().read_all().unwrap();
    assert!(a.events[0].id.starts_with("line-"), "{:?}", a.events[0].id);
    assert_eq!(a.events[0].id, b.events[0].id);
    // So folding it twice (a restart, a team echo) counts it once.
    let twice: Vec<Event> = a.events.iter().chain(&b.events).cloned().collect();
    let s = crate::state::LiveState::from_events(&twice);
    assert_eq!(s.delays.len(), 1);
}

#[cfg(unix)]
#[test]
fn a_symlinked_log_is_refused_and_its_target_untouched() {
    let p = tmp("link");
    let dir = p.parent().unwrap();
    std::fs::create_dir_all(dir).unwrap();
    let target = dir.join("precious.txt");
    std::fs::write(&target, "keep me\n").unwrap();
    std::os::unix::fs::symlink(&target, &p).unwrap();
    let err = FileLog::open(&p).unwrap_err();
    assert!(err.to_string().contains("symbolic link"), "{err}");
    assert!(FileLog::open_read_only(&p).is_err());
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep me\n");
}

#[cfg(unix)]
#[test]
fn a_fifo_log_is_refused_at_once() {
    let p = tmp("fifo");
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    let made = std::process::Command::new("mkfifo").arg(&p).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo {}", p.display());
    let t0 = std::time::Instant::now();
    let err = FileLog::open(&p).unwrap_err();
    assert!(err.to_string().contains("not a regular file"), "{err}");
    assert!(
        FileLog::open_read_only(&p)
            .unwrap_err()
            .to_string()
            .contains("not a regular file")
    );
    assert!(
        t0.elapsed() < std::time::Duration::from_secs(2),
        "never blocks"
    );
}

#[cfg(unix)]
#[test]
fn the_state_directory_is_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let p = tmp("perm");
    FileLog::open(&p).unwrap();
    let mode = std::fs::metadata(p.parent().unwrap())
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o700, "{mode:o}");
}

#[test]
fn a_log_truncated_by_something_else_is_read_again_with_a_warning() {
    let p = tmp("trunc");
    let mut w = FileLog::open(&p).unwrap();
    w.append(&ev(1)).unwrap();
    w.append(&ev(2)).unwrap();
    let mut r = FileLog::open_read_only(&p).unwrap();
    assert_eq!(r.read_new().unwrap().events.len(), 2);
    // Something truncates the log; the writer goes on appending.
    std::fs::OpenOptions::new()
        .write(true)
        .open(&p)
        .unwrap()
        .set_len(0)
        .unwrap();
    w.append(&ev(3)).unwrap();
    let b = r.read_new().unwrap();
    assert_eq!(b.events, vec![ev(3)], "the later event is not lost");
    assert!(
        b.warnings.iter().any(|w| w.message.contains("shrank")),
        "{:?}",
        b.warnings
    );
}

#[test]
fn a_deleted_log_is_noticed_and_written_again_whole() {
    let p = tmp("unlinked");
    let mut w = FileLog::open(&p).unwrap();
    w.append(&ev(1)).unwrap();
    assert!(!w.is_unlinked());
    std::fs::remove_dir_all(p.parent().unwrap()).unwrap();
    assert!(w.is_unlinked());
    let n = w.recreate(&[ev(1), ev(2)]).unwrap();
    assert_eq!(n, 2);
    w.append(&ev(3)).unwrap();
    let all = FileLog::open_read_only(&p).unwrap().read_all().unwrap();
    assert_eq!(all.events, vec![ev(1), ev(2), ev(3)]);
    assert!(!w.is_unlinked());
}

fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("stagecall-log-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir.join("x.log")
}

#[test]
fn append_then_read_back() {
    let p = tmp("rw");
    let mut log = FileLog::open(&p).unwrap();
    assert!(log.writable());
    log.append(&ev(1)).unwrap();
    log.append(&ev(2)).unwrap();
    let b = log.read_new().unwrap();
    assert_eq!(b.events, vec![ev(1), ev(2)]);
    assert!(log.read_new().unwrap().events.is_empty());
}

#[test]
fn torn_tail_and_corrupt_middle_are_skipped() {
    let p = tmp("torn");
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    let good = ev(1).to_line();
    std::fs::write(
        &p,
        format!("{good}\nnot json\n{}\n{{\"wall\":\"20", ev(2).to_line()),
    )
    .unwrap();
    let mut log = FileLog::open(&p).unwrap();
    let b = log.read_new().unwrap();
    assert_eq!(b.events, vec![ev(1), ev(2)]);
    assert_eq!(b.warnings.len(), 2, "{:?}", b.warnings);
    assert_eq!(b.warnings[0].line, 2);
    assert_eq!(b.warnings[1].line, 4);
    log.append(&ev(3)).unwrap();
    let text = std::fs::read_to_string(&p).unwrap();
    assert!(
        text.ends_with(&format!("{{\"wall\":\"20\n{}\n", ev(3).to_line())),
        "{text}"
    );
    let mut again = FileLog::open_read_only(&p).unwrap();
    assert_eq!(again.read_new().unwrap().events, vec![ev(1), ev(2), ev(3)]);
}

#[test]
fn second_opener_is_read_only_and_follows() {
    let p = tmp("lock");
    let mut w = FileLog::open(&p).unwrap();
    let mut r = FileLog::open(&p).unwrap();
    assert!(w.writable());
    assert!(!r.writable());
    assert!(r.append(&ev(1)).is_err());
    w.append(&ev(1)).unwrap();
    assert_eq!(r.read_new().unwrap().events, vec![ev(1)]);
    drop(w);
    assert!(r.try_take_lock().unwrap());
    r.append(&ev(2)).unwrap();
}

#[test]
fn default_paths() {
    assert_eq!(
        default_path(Path::new("plans/a.toml"), false),
        PathBuf::from("plans/.stagecall/a.log")
    );
    assert_eq!(
        default_path(Path::new("a.toml"), true),
        PathBuf::from(".stagecall/a.rehearsal.log")
    );
}
