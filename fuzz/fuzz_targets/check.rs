//! Load and check any bytes as a plan: it must never panic, and every
//! diagnostic span must be usable by the renderers (inside the text, on
//! character boundaries). A plan that checks clean is also laid out as
//! run-sheet rows and a post-show report, as `sheet` and `report` do.

#![no_main]

use chrono::TimeZone;
use libfuzzer_sys::fuzz_target;
use stagecall_core::plan::Env;

fuzz_target!(|data: &[u8]| {
    let env = Env {
        now: chrono::Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap(),
        local_tz: chrono_tz::Asia::Shanghai,
    };
    let checked = stagecall_core::check("fuzz.toml", data, &env);
    let text = &checked.source.text;
    for d in &checked.diagnostics {
        if let Some(s) = &d.span {
            assert!(
                s.start <= s.end && s.end <= text.len(),
                "span {s:?} outside the text ({} bytes): {d:?}",
                text.len()
            );
            assert!(
                text.is_char_boundary(s.start) && text.is_char_boundary(s.end),
                "span {s:?} cuts a character: {d:?}"
            );
            let _ = checked.source.line_col(s.start);
            let (line, _) = checked.source.line_col(s.end);
            let _ = checked.source.line_range(line);
        }
    }
    if let Some((plan, sched)) = checked.ok() {
        let rows = stagecall_core::timeline::rows(plan, sched);
        for r in &rows {
            let _ = sched.cue_at(r.start);
        }
        let state = stagecall_core::state::LiveState::default();
        for r in rows.iter().take(64) {
            let live = stagecall_core::live::project(plan, sched, &state, r.start);
            let _ = stagecall_core::live::tasks::due_now(plan, &rows, &state, &live);
        }
        let _ = stagecall_core::report::build(plan, sched, &state, sched.end, false, Vec::new());
    }
});
