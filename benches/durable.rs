//! The cost of one durable tick: an event appended to the JSON Lines log
//! and `sync_data`ed, as the runner does before the screen shows it.
//! Disk-bound, so it is measured apart from the CPU benchmarks in `scale`.
//!
//! ```text
//! cargo bench --bench durable
//! ```

use chrono::Utc;
use divan::Bencher;
use stagecall_core::state::event::HlcClock;
use stagecall_core::state::{Event, EventKind, EventLog, FileLog};

fn main() {
    divan::main();
}

/// Append + sync_data of one tick, on the filesystem of the target dir.
#[divan::bench(sample_count = 200, sample_size = 1)]
fn durable_tick(bencher: Bencher) {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("durable-bench");
    let _ = std::fs::remove_dir_all(&dir);
    let mut log = FileLog::open(&dir.join("show.log")).expect("open log");
    let mut clock = HlcClock::new("bench");
    let mut n = 0u64;
    bencher.bench_local(|| {
        n += 1;
        let now = Utc::now();
        let e = Event::local(
            &mut clock,
            None,
            now,
            now,
            EventKind::Tick {
                cue: "open".into(),
                task: format!("灯光检查 {n}"),
            },
        );
        log.append(&e).expect("append");
    });
}
