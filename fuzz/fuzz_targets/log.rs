//! Read any bytes as a state log: every line parsed as an event the way
//! `FileLog` reads them, the events folded in order and reversed, and
//! written back. Must never panic. (Order independence is not asserted:
//! hostile bytes can reuse an event id for two different events.)

#![no_main]

use libfuzzer_sys::fuzz_target;
use stagecall_core::state::{Event, LiveState};

fuzz_target!(|data: &[u8]| {
    let events: Vec<Event> = data
        .split(|&b| b == b'\n')
        .filter_map(|line| serde_json::from_slice::<Event>(line).ok())
        .collect();
    let forward = LiveState::from_events(&events);
    let _ = LiveState::from_events(events.iter().rev());
    let _ = forward.delay_since(None);
    for e in &events {
        let _ = e.to_line();
    }
});
