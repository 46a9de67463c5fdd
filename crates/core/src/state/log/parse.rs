//! Log lines into events: a big read is parsed on two threads, an
//! unreadable line becomes a warning with its number, and an event
//! without an id gets a stable one from its line.

use super::{Batch, LogWarning};
use crate::state::event::Event;

/// Below this, one thread parses: starting another costs more than it saves.
pub(super) const PARALLEL_PARSE_BYTES: usize = 1 << 20;

/// Parses whole lines (`text` holds no last line end), numbering them from
/// `lines + 1`; returns the last line's number. A big read (a restart on a
/// long show's log) is split at a line end and parsed on two threads: the
/// parse is most of a replay, and the runner's machine has cores to spare
/// at start-up.
pub(super) fn parse_lines(text: &str, lines: usize, batch: &mut Batch) -> usize {
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

pub(super) fn parse_text(text: &str, line: usize, batch: &mut Batch) {
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
