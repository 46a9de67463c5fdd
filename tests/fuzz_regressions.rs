//! Every input in tests/fixtures/fuzz/ loads and checks without a panic,
//! and every diagnostic it gives can be shown in each `check` format.
//!
//! The folder keeps what fuzzing found (`crash-*`, `timeout-*`: inputs that
//! made `cargo fuzz run check` fail before the fix named in their commit)
//! and hand-made hostile inputs (`hostile-*`: deep nesting, more problems
//! than check lists, non-UTF-8 bytes, conflict markers, times at the
//! edges of the calendar). Add a file there and this test covers it.

use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use stagecall::render::diagnostics;
use stagecall_core::plan::Env;

fn env() -> Env {
    Env {
        now: Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap(),
        local_tz: chrono_tz::Asia::Shanghai,
    }
}

#[test]
fn fuzz_inputs_never_panic() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/fuzz");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("tests/fixtures/fuzz exists")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no inputs in {dir}");
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let bytes = std::fs::read(path).expect("a readable input");
        let started = Instant::now();
        let checked = stagecall_core::check(&name, &bytes, &env());
        // Debug builds are slow; this catches only the runaway cases.
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{name}: check took {:?}",
            started.elapsed()
        );
        let text = &checked.source.text;
        for d in &checked.diagnostics {
            if let Some(s) = &d.span {
                assert!(s.start <= s.end && s.end <= text.len(), "{name}: {d:?}");
                assert!(
                    text.is_char_boundary(s.start) && text.is_char_boundary(s.end),
                    "{name}: span cuts a character: {d:?}"
                );
            }
        }
        let _ = diagnostics::human(&checked.source, &checked.diagnostics, false);
        let _ = diagnostics::human(&checked.source, &checked.diagnostics, true);
        let _ = diagnostics::json(&checked.source, &checked.diagnostics);
        let _ = diagnostics::github(&checked.source, &checked.diagnostics);
        let _ = diagnostics::summary(&checked);
        if name.starts_with("hostile-") && !name.contains("valid") {
            assert!(checked.has_errors(), "{name} should not check clean");
        }
        if let Some((plan, sched)) = checked.ok() {
            let _ = stagecall::render::sheet::table(plan, sched);
            let _ = stagecall::render::sheet::to_json(plan, sched);
        }
    }
}
