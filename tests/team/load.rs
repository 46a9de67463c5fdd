//! The team load run: 20 runners, each recording 10 events a second for
//! 60 s (STAGECALL_LOAD_SECS to change), through one local nats-server.
//! Every runner must end with every event and the same state; the
//! propagation latency (receipt minus the sender's wall time) is printed as
//! p50 / p99 for BENCHMARKS.md.

use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::util::nats::{self, Nats};
use chrono::Utc;
use stagecall_core::state::event::HlcClock;
use stagecall_core::state::{Event, EventKind, LiveState};
use stagecall_team::{Config, Team, Update};

const RUNNERS: usize = 20;
const PER_SECOND: u64 = 10;

struct Runner {
    team: Team,
    /// Updates with the moment the link handed them over.
    rx: mpsc::Receiver<(chrono::DateTime<Utc>, Update)>,
    clock: HlcClock,
    state: LiveState,
    latencies_ms: Vec<f64>,
    origin: String,
}

impl Runner {
    fn drain(&mut self) {
        while let Ok((at, u)) = self.rx.try_recv() {
            if let Update::Remote(e) = u
                && !self.state.has_seen(&e.id)
            {
                if e.origin != self.origin {
                    self.latencies_ms
                        .push((at - e.wall).num_microseconds().unwrap_or(0) as f64 / 1000.0);
                }
                self.state.apply(&e);
            }
        }
    }
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

#[test]
#[ignore = "needs nats-server: `cargo test -- --ignored` (.ci/run installs it)"]
fn twenty_runners_at_ten_events_a_second_converge() {
    assert!(
        nats::available(),
        "nats-server is not on PATH (apt-get install nats-server)"
    );
    let secs: u64 = std::env::var("STAGECALL_LOAD_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    let dir = tempfile::tempdir().expect("tempdir");
    let server = Nats::start(dir.path());
    let mut runners: Vec<Runner> = (0..RUNNERS)
        .map(|i| {
            let origin = format!("r{i:02}");
            let (tx, rx) = mpsc::channel();
            let cfg = Config {
                url: server.url(),
                stream: "STAGECALL_load_LIVE".into(),
                origin: origin.clone(),
                creds: None,
                nkey: None,
            };
            let team = Team::start(cfg, Vec::new(), move |u| {
                let _ = tx.send((Utc::now(), u));
            })
            .expect("start team");
            Runner {
                team,
                rx,
                clock: HlcClock::new(origin.clone()),
                state: LiveState::default(),
                latencies_ms: Vec::new(),
                origin,
            }
        })
        .collect();
    // Let every link come up before the clock starts.
    std::thread::sleep(Duration::from_secs(1));

    let total = secs * PER_SECOND;
    let start = Instant::now();
    for n in 0..total {
        let due = start + Duration::from_millis(n * 1000 / PER_SECOND);
        if let Some(wait) = due.checked_duration_since(Instant::now()) {
            std::thread::sleep(wait);
        }
        for (i, r) in runners.iter_mut().enumerate() {
            let now = Utc::now();
            let kind = match n % 4 {
                0 => EventKind::Tick {
                    cue: format!("c{}", n % 50),
                    task: format!("t{i}"),
                },
                1 => EventKind::Untick {
                    cue: format!("c{}", n % 50),
                    task: format!("t{}", (i + 1) % RUNNERS),
                },
                2 => EventKind::Delay { seconds: 1 },
                _ => EventKind::SoldOut {
                    sku: format!("S{}", n % 7),
                },
            };
            let e = Event::local(&mut r.clock, None, now, now, kind);
            r.state.apply(&e);
            r.team.publish(e);
            r.drain();
        }
    }
    let expected = (total as usize) * RUNNERS;
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        for r in runners.iter_mut() {
            r.drain();
        }
        if runners.iter().all(|r| r.state.events == expected) {
            break;
        }
        let counts: Vec<usize> = runners.iter().map(|r| r.state.events).collect();
        assert!(
            Instant::now() < deadline,
            "not converged: expected {expected} each, have {counts:?}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    for r in &runners[1..] {
        assert!(
            r.state == runners[0].state,
            "runner {} differs from r00",
            r.origin
        );
    }
    let mut all: Vec<f64> = runners
        .iter()
        .flat_map(|r| r.latencies_ms.iter().copied())
        .collect();
    all.sort_by(f64::total_cmp);
    println!(
        "team load: {RUNNERS} runners x {PER_SECOND}/s x {secs} s = {expected} events; {} deliveries; propagation p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        all.len(),
        percentile(&all, 0.50),
        percentile(&all, 0.99),
        all.last().copied().unwrap_or(f64::NAN)
    );
    assert_eq!(
        all.len(),
        expected * (RUNNERS - 1),
        "every runner saw every other runner's events"
    );
}
