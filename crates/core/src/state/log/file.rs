//! [`FileLog`]: the JSON Lines log on disk. Appends are whole lines,
//! synced before they return; reads pick up where the last one stopped and
//! cope with a torn tail, a file cut short, and a file deleted mid-show.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use fs4::fs_std::FileExt;

use super::open::{create_state_dir, open_regular};
use super::parse::{parse_lines, parse_text};
use super::{Batch, EventLog, LogWarning};
use crate::state::event::Event;

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

fn last_byte(file: &File, len: u64) -> io::Result<Option<u8>> {
    let mut f = file;
    f.seek(SeekFrom::Start(len - 1))?;
    let mut b = [0u8; 1];
    let n = f.read(&mut b)?;
    Ok((n == 1).then_some(b[0]))
}
