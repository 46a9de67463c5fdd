//! The append-only event log, behind the small [`EventLog`] interface (the
//! file, or memory in tests). Team mode does not replace it: each machine
//! keeps its own file log as the source of truth, and the binary's team glue
//! (`src/team.rs`, with the `stagecall-team` crate) publishes and receives
//! events beside it.
//!
//! [`FileLog`] is JSON Lines on disk. Every append is written whole and
//! `sync_data`ed before it returns, so what the screen shows has reached the
//! disk. The file is never rewritten or truncated. A torn line (power cut
//! mid-write) or any other unreadable line is skipped with a warning and the
//! next append starts on a fresh line. The first writer holds an OS lock
//! (fs4); others open the same log read-only and follow it.
//!
//! The log is opened without following symbolic links and only when it is
//! a regular file (a FIFO or a device would hang or flood the runner); its
//! directory is created owner-only. A log that shrank (truncated by
//! something else) is read again from the start; a log deleted under a
//! running writer (`git clean -fdx`) is noticed (`is_unlinked`) so the
//! runner can write the whole state into a new one (`recreate`). An event
//! without an id gets one from its line's hash, so reading it twice never
//! counts it twice.

use std::fs::{File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use fs4::fs_std::FileExt;

use super::event::Event;

/// A line of the log that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogWarning {
    pub line: usize,
    pub message: String,
}

/// What reading new log lines found.
#[derive(Debug, Default)]
pub struct Batch {
    pub events: Vec<Event>,
    pub warnings: Vec<LogWarning>,
}

/// Where live state is kept.
pub trait EventLog {
    /// Durably records one event; returns only once it is safe.
    fn append(&mut self, event: &Event) -> io::Result<()>;
    /// Events recorded since the last call (by anyone), in order.
    fn read_new(&mut self) -> io::Result<Batch>;
    /// Whether this handle may append.
    fn writable(&self) -> bool;
}

/// The on-disk JSON Lines log.
#[derive(Debug)]
pub struct FileLog {
    path: PathBuf,
    file: File,
    writable: bool,
    /// Bytes consumed by `read_new` so far (always at a line start).
    offset: u64,
    /// Lines consumed so far, for warning line numbers.
    lines: usize,
    /// Whether the file currently ends without a line end.
    torn_tail: bool,
    /// Set when a read found the file shorter than what was read before.
    shrank: bool,
}

impl FileLog {
    /// Opens (creating if needed) the log at `path`. Takes the exclusive
    /// lock when it is free; otherwise the log opens read-only.
    pub fn open(path: &Path) -> io::Result<Self> {
        create_state_dir(path)?;
        let file = open_regular(path, true)?;
        let writable = file.try_lock_exclusive()?;
        Ok(FileLog {
            path: path.to_path_buf(),
            file,
            writable,
            offset: 0,
            lines: 0,
            torn_tail: false,
            shrank: false,
        })
    }

    /// Opens an existing log read-only, without trying for the lock.
    pub fn open_read_only(path: &Path) -> io::Result<Self> {
        let file = open_regular(path, false)?;
        Ok(FileLog {
            path: path.to_path_buf(),
            file,
            writable: false,
            offset: 0,
            lines: 0,
            torn_tail: false,
            shrank: false,
        })
    }

    /// Opens a log to follow, making it (empty) when it does not exist
    /// yet, and never taking the lock: a second screen started before the
    /// runner must not hold the show's log.
    pub fn open_follower(path: &Path) -> io::Result<Self> {
        create_state_dir(path)?;
        let file = open_regular(path, true)?;
        Ok(FileLog {
            path: path.to_path_buf(),
            file,
            writable: false,
            offset: 0,
            lines: 0,
            torn_tail: false,
            shrank: false,
        })
    }

    /// Tries to become the writer (after the previous writer quit).
    pub fn try_take_lock(&mut self) -> io::Result<bool> {
        if self.writable {
            return Ok(true);
        }
        let file = open_regular(&self.path, true)?;
        if file.try_lock_exclusive()? {
            self.file = file;
            self.writable = true;
        }
        Ok(self.writable)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether the open log file was deleted (its last name removed), as
    /// `git clean -fdx` on the plan's directory does mid-show.
    pub fn is_unlinked(&self) -> bool {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            self.file.metadata().is_ok_and(|m| m.nlink() == 0)
        }
        #[cfg(not(unix))]
        {
            !self.path.exists()
        }
    }

    /// After the log was deleted: creates it again at its path and writes
    /// every event known so far into it, so the state survives whole.
    /// Takes the lock on the new file; reading continues after what was
    /// written.
    pub fn recreate<'a>(
        &mut self,
        events: impl IntoIterator<Item = &'a Event>,
    ) -> io::Result<usize> {
        create_state_dir(&self.path)?;
        let file = open_regular(&self.path, true)?;
        if !file.try_lock_exclusive()? {
            return Err(io::Error::new(
                io::ErrorKind::WouldBlock,
                "another runner created the log again and holds it",
            ));
        }
        let n = write_events(&file, events)?;
        self.file = file;
        self.writable = true;
        // Read the new file from its start: whatever it held before (a
        // file someone else made there) is read too; ids dedupe ours.
        self.offset = 0;
        self.lines = 0;
        self.torn_tail = false;
        self.shrank = false;
        Ok(n)
    }

    /// Whether the writer saw its log shrink (truncated by something
    /// else) since the last rewrite: the records it had are gone from disk.
    pub fn shrank(&self) -> bool {
        self.shrank
    }

    /// Writes every event known into the log afresh (after it shrank).
    pub fn rewrite<'a>(
        &mut self,
        events: impl IntoIterator<Item = &'a Event>,
    ) -> io::Result<usize> {
        self.file.set_len(0)?;
        let n = write_events(&self.file, events)?;
        self.offset = 0;
        self.lines = 0;
        self.torn_tail = false;
        self.shrank = false;
        Ok(n)
    }

    /// A reader whose file was deleted (and made anew by the writer):
    /// opens the path again and reads it from the start.
    pub fn reopen(&mut self) -> io::Result<()> {
        self.file = open_regular(&self.path, false)?;
        self.offset = 0;
        self.lines = 0;
        self.torn_tail = false;
        Ok(())
    }
}

/// Writes events as log lines in one write and syncs it: how a log made
/// anew or cut short gets the whole state back.
fn write_events<'a>(file: &File, events: impl IntoIterator<Item = &'a Event>) -> io::Result<usize> {
    let mut text = String::new();
    let mut n = 0;
    for e in events {
        text.push_str(&e.to_line());
        text.push('\n');
        n += 1;
    }
    let mut f = file;
    f.write_all(text.as_bytes())?;
    file.sync_data()?;
    Ok(n)
}

/// Creates the log's directory, owner-only (plans' state can name prices
/// and budgets; a shared machine's other users need not read it).
fn create_state_dir(path: &Path) -> io::Result<()> {
    let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) else {
        return Ok(());
    };
    if dir.is_dir() {
        return Ok(());
    }
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    b.create(dir)
}

/// Opens a file to read (a plan) only if it is a regular file, without
/// blocking on a FIFO. Unlike the log, a plan may be a symbolic link (a
/// plan kept elsewhere and linked in is ordinary); what it points to must
/// still be a regular file.
pub fn open_regular_follow(path: &Path) -> io::Result<File> {
    let mut o = OpenOptions::new();
    o.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.custom_flags(libc::O_NONBLOCK);
    }
    let file = o.open(path)?;
    if !file.metadata()?.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "not a regular file (a FIFO, device or socket)",
        ));
    }
    Ok(file)
}

/// Opens a log (or any file stagecall reads) only if it is a regular file,
/// never through a symbolic link, and without blocking on a FIFO: a FIFO,
/// a device or a socket would hang the runner or feed it without end.
pub fn open_regular(path: &Path, write: bool) -> io::Result<File> {
    let mut o = OpenOptions::new();
    o.read(true);
    if write {
        o.append(true).create(true);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    let file = o.open(path).map_err(|e| {
        #[cfg(unix)]
        if e.raw_os_error() == Some(libc::ELOOP) {
            return io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "{} is a symbolic link; stagecall does not follow links for its files (use the real path)",
                    path.display()
                ),
            );
        }
        e
    })?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "{} is not a regular file (a directory, FIFO, device or socket)",
                path.display()
            ),
        ));
    }
    // O_NONBLOCK has no effect on a regular file's reads and writes.
    Ok(file)
}

impl EventLog for FileLog {
    fn append(&mut self, event: &Event) -> io::Result<()> {
        if !self.writable {
            return Err(io::Error::new(
                io::ErrorKind::PermissionDenied,
                "this log is open read-only (another runner holds it)",
            ));
        }
        let len = self.file.metadata()?.len();
        if len < self.offset {
            // Shorter than what we read of it: something else truncated it.
            // The next read starts again from the top; the runner then
            // writes back everything it had.
            self.shrank = true;
            self.offset = 0;
            self.lines = 0;
        }
        let mut line = String::new();
        if len > 0 && (self.torn_tail || last_byte(&self.file, len)? != Some(b'\n')) {
            // Never glue a new event onto a torn line.
            line.push('\n');
        }
        line.push_str(&event.to_line());
        line.push('\n');
        self.file.write_all(line.as_bytes())?;
        self.file.sync_data()?;
        self.torn_tail = false;
        Ok(())
    }

    fn read_new(&mut self) -> io::Result<Batch> {
        self.read(self.writable)
    }

    fn writable(&self) -> bool {
        self.writable
    }
}

impl FileLog {
    /// Reads the whole log for an offline reader (a report, a snapshot):
    /// nobody is writing, so a tail without a line end is torn.
    pub fn read_all(&mut self) -> io::Result<Batch> {
        self.read(true)
    }

    fn read(&mut self, tail_is_torn: bool) -> io::Result<Batch> {
        let mut batch = Batch::default();
        let len = self.file.metadata()?.len();
        if len < self.offset {
            // Truncated by something else: what we read before is still
            // folded (ids dedupe it); read what it holds now from the start.
            batch.warnings.push(LogWarning {
                line: 0,
                message: format!(
                    "the log shrank from {} to {len} bytes (something else truncated it): read again from the start",
                    self.offset
                ),
            });
            self.offset = 0;
            self.lines = 0;
            self.shrank = true;
        }
        let mut f = &self.file;
        f.seek(SeekFrom::Start(self.offset))?;
        let mut buf = Vec::new();
        f.read_to_end(&mut buf)?;
        let complete = buf.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        if complete > 0 {
            // Every piece before the last line end is one line, blank or not.
            let body = &buf[..complete - 1];
            match std::str::from_utf8(body) {
                // The usual case, checked once for the whole read: split
                // with the fast `str` search, no per-line UTF-8 repair.
                Ok(text) => {
                    self.lines = parse_lines(text, self.lines, &mut batch);
                }
                Err(_) => {
                    for raw in body.split(|&b| b == b'\n') {
                        self.lines += 1;
                        if !raw.iter().all(u8::is_ascii_whitespace) {
                            parse_text(&String::from_utf8_lossy(raw), self.lines, &mut batch);
                        }
                    }
                }
            }
        }
        self.offset += complete as u64;
        let tail = &buf[complete..];
        self.torn_tail = !tail.is_empty();
        if !tail.is_empty() && tail_is_torn {
            // Only the writer can know the tail is torn rather than being
            // written right now; a viewer waits for the line end.
            batch.warnings.push(LogWarning { line: self.lines + 1, message: format!("torn last line ({} bytes, no line end) skipped; the next event starts on a new line", tail.len()) });
            self.offset += tail.len() as u64;
            self.lines += 1;
        }
        Ok(batch)
    }
}

/// Below this, one thread parses: starting another costs more than it saves.
const PARALLEL_PARSE_BYTES: usize = 1 << 20;

/// Parses whole lines (`text` holds no last line end), numbering them from
/// `lines + 1`; returns the last line's number. A big read (a restart on a
/// long show's log) is split at a line end and parsed on two threads: the
/// parse is most of a replay, and the runner's machine has cores to spare
/// at start-up.
fn parse_lines(text: &str, lines: usize, batch: &mut Batch) -> usize {
    fn serial(text: &str, mut lines: usize, batch: &mut Batch) -> usize {
        // About one event per 256 bytes (lines run 120-260): saves most of
        // the doublings of a big first read.
        batch.events.reserve(text.len() / 256);
        for raw in text.split('\n') {
            lines += 1;
            if !raw.bytes().all(|b| b.is_ascii_whitespace()) {
                parse_text(raw, lines, batch);
            }
        }
        lines
    }
    let split = (text.len() >= PARALLEL_PARSE_BYTES)
        .then(|| {
            text[text.len() / 2..]
                .find('\n')
                .map(|i| text.len() / 2 + i)
        })
        .flatten();
    let Some(at) = split else {
        return serial(text, lines, batch);
    };
    let (first, second) = (&text[..at], &text[at + 1..]);
    // The second half's line numbers start after the first half's lines.
    let first_lines = first.bytes().filter(|&b| b == b'\n').count() + 1;
    let mut tail = Batch::default();
    let last = std::thread::scope(|s| {
        let h = s.spawn(|| serial(second, lines + first_lines, &mut tail));
        serial(first, lines, batch);
        h.join()
    });
    match last {
        Ok(last) => {
            batch.events.append(&mut tail.events);
            batch.warnings.append(&mut tail.warnings);
            last
        }
        // The parser does not panic on any input; if it ever did, parse
        // the second half here rather than lose it.
        Err(_) => serial(second, lines + first_lines, batch),
    }
}

fn parse_text(text: &str, line: usize, batch: &mut Batch) {
    let text = text.trim_end_matches('\r');
    match serde_json::from_str::<Event>(text) {
        Ok(mut e) => {
            if e.id.is_empty() {
                // Written before ids existed (or by hand): an id from the
                // line itself, the same every time it is read.
                e.id = format!("line-{:016x}", fnv1a(text.as_bytes()));
            }
            batch.events.push(e);
        }
        Err(e) => batch.warnings.push(LogWarning {
            line,
            message: format!("unreadable event skipped: {e}"),
        }),
    }
}

/// FNV-1a, 64 bits: a stable hash (the std hasher is seeded per process).
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

fn last_byte(file: &File, len: u64) -> io::Result<Option<u8>> {
    let mut f = file;
    f.seek(SeekFrom::Start(len - 1))?;
    let mut b = [0u8; 1];
    let n = f.read(&mut b)?;
    Ok((n == 1).then_some(b[0]))
}

/// Reads a whole log offline (a report, a snapshot) and folds it.
pub fn replay(path: &Path) -> io::Result<(super::LiveState, Vec<LogWarning>)> {
    let batch = FileLog::open_read_only(path)?.read_all()?;
    Ok((super::LiveState::from_owned(batch.events), batch.warnings))
}

/// An in-memory log, for tests and rehearsals that must leave no trace.
#[derive(Debug, Default)]
pub struct MemoryLog {
    events: Vec<Event>,
    read: usize,
}

impl EventLog for MemoryLog {
    fn append(&mut self, event: &Event) -> io::Result<()> {
        self.events.push(event.clone());
        Ok(())
    }

    fn read_new(&mut self) -> io::Result<Batch> {
        let events = self.events[self.read..].to_vec();
        self.read = self.events.len();
        Ok(Batch {
            events,
            warnings: Vec::new(),
        })
    }

    fn writable(&self) -> bool {
        true
    }
}

/// The default log path for a plan: `<plan dir>/.stagecall/<stem>.log`, or
/// `<stem>.rehearsal.log` for a rehearsal.
pub fn default_path(plan: &Path, rehearsal: bool) -> PathBuf {
    let dir = plan.parent().unwrap_or(Path::new("")).join(".stagecall");
    let stem = plan
        .file_stem()
        .map_or_else(|| "plan".into(), |s| s.to_string_lossy().into_owned());
    dir.join(if rehearsal {
        format!("{stem}.rehearsal.log")
    } else {
        format!("{stem}.log")
    })
}

#[cfg(test)]
mod tests {
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
}
