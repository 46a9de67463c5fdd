//! The metrics feed (`run --metrics PATH`): a JSON Lines file read from its
//! start, then followed like `tail -F` — new lines as they are appended,
//! from the start again when the file is replaced or cut short. A scraper,
//! a spreadsheet macro or an export from the platform's data screen writes
//! it; each good line becomes a `metrics` record (the shell writes it), a
//! bad one is skipped with its line number, and nothing here can stop the
//! show.
//!
//! A line's record id comes from the file, its line number and its text,
//! so reading the same feed again after a restart adds nothing twice.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

use chrono::{DateTime, Utc};
use stagecall_core::state::event::AUTOMATIC;
use stagecall_core::state::log::fnv1a;
use stagecall_core::state::reading::{Reading, parse_feed_line};

use super::shell::Input;

/// How often the file is looked at: appends show within a second.
const POLL: Duration = Duration::from_millis(200);
/// A line longer than this is not a reading (and must not eat memory).
const MAX_LINE: usize = 64 * 1024;

/// What the feed found.
#[derive(Debug, Clone, PartialEq)]
pub enum FeedItem {
    Reading {
        /// 1-based, in the file as it is now.
        line: usize,
        id: String,
        at: Option<DateTime<Utc>>,
        reading: Reading,
    },
    Bad {
        line: usize,
        reason: String,
    },
    /// The file cannot be read (yet): the reason, once per change.
    Unreadable(String),
    /// Reading again from the start (the file was replaced or cut short).
    Restarted,
}

/// Follows `path` on a thread of its own; what it finds arrives on `tx`
/// as [`Input::Feed`]. The thread ends when the loop does.
pub fn follow(path: PathBuf, tx: Sender<Input>) {
    // One spelling of the path (`./feed.jsonl`, `feed.jsonl`, from another
    // directory) so a line's id is the same after a restart.
    let path = std::path::absolute(&path).unwrap_or(path);
    std::thread::Builder::new()
        .name("stagecall-feed".into())
        .spawn(move || {
            let mut f = Follower::new(path);
            loop {
                let items = f.poll();
                if !items.is_empty() && tx.send(Input::Feed(items)).is_err() {
                    return;
                }
                std::thread::sleep(POLL);
            }
        })
        .ok();
}

/// The follower's state: the open file, where it has read to, and the
/// partial line at the end.
pub struct Follower {
    path: PathBuf,
    file: Option<(File, FileId)>,
    offset: u64,
    line: usize,
    partial: Vec<u8>,
    /// Skipping the rest of an over-long line.
    skipping: bool,
    last_error: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FileId(u64, u64);

fn file_id(meta: &std::fs::Metadata) -> FileId {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        FileId(meta.dev(), meta.ino())
    }
    #[cfg(not(unix))]
    {
        let created = meta
            .created()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos() as u64);
        FileId(created, 0)
    }
}

impl Follower {
    pub fn new(path: PathBuf) -> Self {
        Follower {
            path,
            file: None,
            offset: 0,
            line: 0,
            partial: Vec::new(),
            skipping: false,
            last_error: None,
        }
    }

    fn restart(&mut self) {
        self.file = None;
        self.offset = 0;
        self.line = 0;
        self.partial.clear();
        self.skipping = false;
    }

    fn unreadable(&mut self, why: String, out: &mut Vec<FeedItem>) {
        if self.last_error.as_ref() != Some(&why) {
            out.push(FeedItem::Unreadable(why.clone()));
            self.last_error = Some(why);
        }
    }

    /// Reads whatever is new.
    pub fn poll(&mut self) -> Vec<FeedItem> {
        let mut out = Vec::new();
        let meta = match std::fs::metadata(&self.path) {
            Ok(m) if m.is_file() => m,
            Ok(_) => {
                let why = format!("{} is not a regular file", self.path.display());
                self.unreadable(why, &mut out);
                return out;
            }
            Err(e) => {
                let why = format!("{}: {e}", self.path.display());
                self.unreadable(why, &mut out);
                return out;
            }
        };
        let id = file_id(&meta);
        // Replaced (a new file at the path) or cut short: from the start.
        let replaced = self.file.as_ref().is_some_and(|(_, old)| *old != id);
        if replaced || meta.len() < self.offset {
            self.restart();
            out.push(FeedItem::Restarted);
        }
        if self.file.is_none() {
            match File::open(&self.path) {
                Ok(f) => {
                    self.file = Some((f, id));
                    self.last_error = None;
                }
                Err(e) => {
                    let why = format!("{}: {e}", self.path.display());
                    self.unreadable(why, &mut out);
                    return out;
                }
            }
        }
        let Some((file, _)) = self.file.as_mut() else {
            return out;
        };
        let mut buf = Vec::new();
        let read = file
            .seek(SeekFrom::Start(self.offset))
            .and_then(|_| file.take(4 * 1024 * 1024).read_to_end(&mut buf));
        if let Err(e) = read {
            let why = format!("{}: {e}", self.path.display());
            self.unreadable(why, &mut out);
            return out;
        }
        self.offset += buf.len() as u64;
        for chunk in buf.split_inclusive(|b| *b == b'\n') {
            let complete = chunk.ends_with(b"\n");
            let body = chunk.strip_suffix(b"\n").unwrap_or(chunk);
            if !self.skipping {
                self.partial.extend_from_slice(body);
            }
            if self.partial.len() > MAX_LINE && !self.skipping {
                self.skipping = true;
                self.partial.clear();
            }
            if complete {
                self.line += 1;
                let text = std::mem::take(&mut self.partial);
                if std::mem::take(&mut self.skipping) {
                    out.push(FeedItem::Bad {
                        line: self.line,
                        reason: format!("longer than {} KiB", MAX_LINE / 1024),
                    });
                } else {
                    self.take_line(&text, &mut out);
                }
            }
        }
        out
    }

    fn take_line(&self, bytes: &[u8], out: &mut Vec<FeedItem>) {
        let line = self.line;
        let Ok(text) = std::str::from_utf8(bytes) else {
            out.push(FeedItem::Bad {
                line,
                reason: "not UTF-8".into(),
            });
            return;
        };
        let text = text.trim();
        if text.is_empty() {
            return;
        }
        match parse_feed_line(text) {
            Ok((at, reading)) => out.push(FeedItem::Reading {
                line,
                id: line_id(&self.path, line, text),
                at,
                reading,
            }),
            Err(reason) => out.push(FeedItem::Bad { line, reason }),
        }
    }
}

/// A feed line's record id: the same line of the same feed is the same
/// record, however often it is read.
pub fn line_id(path: &Path, line: usize, text: &str) -> String {
    let key = format!("{}\n{line}\n{text}", path.display());
    format!("{AUTOMATIC}{:016x}", fnv1a(key.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn readings(items: &[FeedItem]) -> Vec<(usize, Option<u64>)> {
        items
            .iter()
            .filter_map(|i| match i {
                FeedItem::Reading { line, reading, .. } => Some((*line, reading.online)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn follows_appends_partial_lines_and_replacements() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("feed.jsonl");
        let mut f = Follower::new(path.clone());
        assert!(matches!(f.poll().as_slice(), [FeedItem::Unreadable(_)]));
        assert!(f.poll().is_empty(), "the same problem is said once");
        std::fs::write(&path, "{\"online\":1}\nnot json\n{\"online\":2").expect("write");
        let items = f.poll();
        assert_eq!(readings(&items), vec![(1, Some(1))]);
        assert!(items.contains(&FeedItem::Bad {
            line: 2,
            reason: "not a JSON object: expected ident at line 1 column 2".into()
        }));
        // The partial third line completes.
        let mut a = std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .expect("open");
        a.write_all(b"0}\n").expect("append");
        assert_eq!(readings(&f.poll()), vec![(3, Some(20))]);
        assert!(f.poll().is_empty());
        // Replaced by a new file (as a scraper's rename does): from the start.
        let tmp = dir.path().join("feed.tmp");
        std::fs::write(&tmp, "{\"online\":7}\n").expect("write");
        std::fs::rename(&tmp, &path).expect("rename");
        let items = f.poll();
        assert_eq!(items.first(), Some(&FeedItem::Restarted));
        assert_eq!(readings(&items), vec![(1, Some(7))]);
        // Cut short in place: from the start too.
        std::fs::write(&path, "").expect("truncate");
        assert_eq!(f.poll(), vec![FeedItem::Restarted]);
    }

    #[test]
    fn junk_never_stops_it() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("feed.jsonl");
        let mut junk = vec![0xff, 0xfe, b'\n'];
        junk.extend(std::iter::repeat_n(b'x', MAX_LINE + 10));
        junk.extend(b"\n{\"gmv\":\"1.5\xe4\xb8\x87\"}\n");
        std::fs::write(&path, &junk).expect("write");
        let items = Follower::new(path).poll();
        assert!(matches!(items[0], FeedItem::Bad { line: 1, .. }));
        assert!(matches!(items[1], FeedItem::Bad { line: 2, .. }));
        assert!(matches!(items[2], FeedItem::Reading { line: 3, .. }));
    }

    #[test]
    fn the_same_line_has_the_same_id() {
        let p = Path::new("/x/feed.jsonl");
        assert_eq!(line_id(p, 3, "{}"), line_id(p, 3, "{}"));
        assert_ne!(line_id(p, 3, "{}"), line_id(p, 4, "{}"));
    }
}
