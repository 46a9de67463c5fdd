//! The fold's private bookkeeping: the winning stamp behind each piece of
//! last-writer-wins state, in hash maps keyed with a fast hasher.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};

use crate::state::event::Stamp;
use crate::timeline::TaskKey;

/// `FxHash`, the hash rustc uses for its own tables: several times faster
/// than the default `SipHash` on the short strings these private indexes are
/// keyed by (event ids, task keys), and the fold hashes every event two or
/// three times. Nothing here is exposed to untrusted network input.
#[derive(Default, Clone, Copy)]
pub(super) struct Fx(u64);

impl Fx {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl std::hash::Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes([
                c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7],
            ]));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(last));
        }
    }

    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

pub(super) type FxBuild = std::hash::BuildHasherDefault<Fx>;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Stamps {
    pub(super) ids: HashSet<String, FxBuild>,
    pub(super) tasks: HashMap<TaskKey, Stamp, FxBuild>,
    pub(super) go: HashMap<String, Stamp, FxBuild>,
    /// `(stamp, cue)` of every GO that won, sorted: `go_order` is its
    /// second column, kept index-aligned so a GO costs a binary search.
    pub(super) go_sorted: Vec<(Stamp, String)>,
    pub(super) skus: HashMap<String, (Stamp, Option<DateTime<Utc>>), FxBuild>,
    pub(super) delays: Vec<Stamp>,
    pub(super) ends: Vec<Stamp>,
    pub(super) releases: Vec<Stamp>,
    pub(super) notes: Vec<Stamp>,
    pub(super) messages: Vec<Stamp>,
    /// `(show time, stamp)` of each reading, index-aligned with `readings`.
    pub(super) readings: Vec<(DateTime<Utc>, Stamp)>,
    pub(super) clock: Option<Stamp>,
}

/// Inserts `item` into `items` at its stamp's place, keeping both sorted.
pub(super) fn insert_sorted<T>(stamps: &mut Vec<Stamp>, items: &mut Vec<T>, stamp: Stamp, item: T) {
    let at = stamps.partition_point(|s| *s < stamp);
    stamps.insert(at, stamp);
    items.insert(at, item);
}
