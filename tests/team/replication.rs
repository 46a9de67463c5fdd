//! Team mode against a real nats-server (none mocked): two runner processes
//! in pseudo-terminals, a server killed and restarted mid-show, a runner
//! killed with SIGKILL, a viewer without publish permission, every way to
//! log in, and what the screen says when the link fails (and never: a
//! secret or a credentials path).

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::util::PlanBuilder;
use crate::util::nats::{self, Nats};
use crate::util::plan::Raw;
use crate::util::pty::{Pty, wait_for_log};

/// Two cues with a crew: 开场欢迎 (half an hour, one task for ads), then
/// 爆款讲解.
fn plan() -> String {
    PlanBuilder::new("协同测试")
        .crew("control", "阿强")
        .crew("ads", "小李")
        .cue("开场欢迎")
        .id("open")
        .set("duration", "30m")
        .set(
            "checklist",
            Raw(r#"["灯光检查", "声音检查", { task = "开启千川计划", who = "ads" }]"#),
        )
        .cue("爆款讲解")
        .id("pitch")
        .checklist(&["上链接"])
        .build()
}

/// One "machine": its own directory, plan copy and log.
struct Machine {
    dir: tempfile::TempDir,
    origin: &'static str,
}

impl Machine {
    fn new(origin: &'static str) -> Machine {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("show.toml"), plan()).expect("plan");
        Machine { dir, origin }
    }

    fn log(&self) -> PathBuf {
        self.dir.path().join(".stagecall/show.rehearsal.log")
    }

    fn run(&self, url: &str) -> Pty {
        self.run_args(url, &[])
    }

    fn run_args(&self, url: &str, extra: &[&str]) -> Pty {
        self.run_with(url, &["--at", "+0:05"], extra)
    }

    fn run_args_at(&self, url: &str, when: &str) -> Pty {
        self.run_with(url, &[when], &[])
    }

    fn run_with(&self, url: &str, clock: &[&str], extra: &[&str]) -> Pty {
        let pty = self.spawn(url, clock, extra, &[]);
        pty.wait_text("team ● online");
        pty
    }

    /// Logs in with the user and password from the environment.
    fn run_as(&self, url: &str, user: &str, password: &str) -> Pty {
        let pty = self.spawn(
            url,
            &["--at", "+0:05"],
            &[],
            &[
                ("STAGECALL_TEAM_USER", user),
                ("STAGECALL_TEAM_PASSWORD", password),
            ],
        );
        pty.wait_text("team ● online");
        pty
    }

    /// Starts a runner without waiting for the link. No credentials come
    /// from the test's own environment unless `env` sets them.
    fn spawn(&self, url: &str, clock: &[&str], extra: &[&str], env: &[(&str, &str)]) -> Pty {
        let mut args = vec!["run", "show.toml"];
        args.extend_from_slice(clock);
        args.extend_from_slice(&["--team", url, "--show", "t1"]);
        args.extend_from_slice(extra);
        let mut vars = vec![
            ("STAGECALL_ORIGIN", self.origin),
            ("STAGECALL_TEAM_USER", ""),
            ("STAGECALL_TEAM_PASSWORD", ""),
        ];
        vars.extend_from_slice(env);
        Pty::spawn_env(self.dir.path(), &args, 120, 30, &vars)
    }

    fn ids(&self) -> HashSet<String> {
        ids(&self.log())
    }
}

fn ids(log: &Path) -> HashSet<String> {
    std::fs::read_to_string(log)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        // The rehearsal clock is each machine's own; the crew's records
        // are what replicates.
        .filter(|v| v["event"] != "clock")
        .filter_map(|v| v["id"].as_str().map(str::to_owned))
        .collect()
}

fn wait_until(what: &str, timeout: Duration, mut ok: impl FnMut() -> bool) -> Duration {
    let t0 = Instant::now();
    while !ok() {
        assert!(t0.elapsed() < timeout, "timed out: {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
    t0.elapsed()
}

#[test]
#[ignore = "needs nats-server: `cargo test -- --ignored` (.ci/run installs it)"]
fn a_tick_on_one_runner_shows_on_the_other_within_a_second() {
    assert!(
        nats::available(),
        "nats-server is not on PATH (apt-get install nats-server)"
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let server = Nats::start(dir.path());
    let (a, b) = (Machine::new("desk-a"), Machine::new("desk-b"));
    let mut pa = a.run(&server.url());
    let pb = b.run(&server.url());
    pa.send(" ");
    wait_for_log(&a.log(), "灯光检查");
    let took = wait_until("the tick on B's screen", Duration::from_secs(5), || {
        pb.screen().contains('✓')
    });
    assert!(took < Duration::from_secs(1), "took {took:?}");
    assert_eq!(a.ids(), b.ids(), "both logs hold the same events");
}

#[test]
#[ignore = "needs nats-server: `cargo test -- --ignored` (.ci/run installs it)"]
fn after_a_server_restart_both_sides_converge_with_nothing_lost() {
    assert!(
        nats::available(),
        "nats-server is not on PATH (apt-get install nats-server)"
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let mut server = Nats::start(dir.path());
    let (a, b) = (Machine::new("desk-a"), Machine::new("desk-b"));
    let mut pa = a.run(&server.url());
    let mut pb = b.run(&server.url());
    pa.send(" ");
    wait_until("B has A's first tick", Duration::from_secs(5), || {
        b.ids().len() == 1
    });
    server.stop();
    pa.wait_text("team ○ offline");
    // Both sides keep working offline: A ticks the next task, B delays.
    pa.send(" ");
    pb.send("+");
    pa.wait_text("queued 1");
    pb.wait_text("queued 1");
    server.restart();
    wait_until("both logs converge", Duration::from_secs(10), || {
        a.ids().len() == 3 && a.ids() == b.ids()
    });
    for p in [&pa, &pb] {
        p.wait_for("the same state on both screens", |s| {
            s.matches('✓').count() == 2 && s.contains("over 1m before")
        });
    }
}

#[test]
#[ignore = "needs nats-server: `cargo test -- --ignored` (.ci/run installs it)"]
fn a_runner_killed_with_sigkill_catches_up_on_restart() {
    assert!(
        nats::available(),
        "nats-server is not on PATH (apt-get install nats-server)"
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let server = Nats::start(dir.path());
    let (a, b) = (Machine::new("desk-a"), Machine::new("desk-b"));
    let mut pa = a.run(&server.url());
    let mut pb = b.run(&server.url());
    pb.send(" ");
    wait_until("A has B's tick", Duration::from_secs(5), || {
        a.ids().len() == 1
    });
    pb.sigkill();
    pa.send("jj ");
    pa.send("\r");
    wait_until("A recorded two more", Duration::from_secs(5), || {
        a.ids().len() == 3
    });
    // Restarted, B resumes its rehearsal clock where it was.
    let pb = b.run_args_at(&server.url(), "--rehearsal");
    wait_until("B caught up", Duration::from_secs(10), || {
        b.ids() == a.ids()
    });
    pb.wait_text("爆款讲解");
}

const PERMISSIONS: &str = r#"
jetstream {}
authorization {
  users = [
    { user: crew, password: crew }
    { user: viewer, password: viewer, permissions: {
        publish: { allow: ["$JS.API.CONSUMER.>", "$JS.API.STREAM.INFO.>", "$JS.API.INFO", "$JS.FC.>"] }
        subscribe: { allow: ["_INBOX.>", "stagecall.>"] }
    } }
  ]
}
"#;

#[test]
#[ignore = "needs nats-server: `cargo test -- --ignored` (.ci/run installs it)"]
fn a_viewer_without_publish_permission_stays_read_only_and_says_so() {
    assert!(
        nats::available(),
        "nats-server is not on PATH (apt-get install nats-server)"
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let server = Nats::start_with(dir.path(), Some(PERMISSIONS));
    let (a, v) = (Machine::new("desk-a"), Machine::new("wall-screen"));
    let mut pa = a.run_as(&server.url(), "crew", "crew");
    pa.send(" ");
    wait_for_log(&a.log(), "灯光检查");
    let mut pv = v.run_as(&server.url(), "viewer", "viewer");
    pv.wait_text("read-only");
    pv.wait_text("✓");
    // Its keys change nothing, locally or on the server.
    pv.send(" +\r");
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(
        v.ids(),
        a.ids(),
        "the viewer only holds what the crew recorded"
    );
    pa.send(" ");
    wait_until("the viewer follows", Duration::from_secs(5), || {
        v.ids().len() == 2
    });
}

/// A user and password, and an nkey (a throwaway pair made for these tests:
/// the seed is in `NKEY_SEED`).
const LOGINS: &str = r#"
jetstream {}
authorization {
  users = [
    { user: crew, password: crew }
    { nkey: UDAQCSWM5GCXK3556FYKDIQBWA47TZX56UWXJTSLN3X5UL5FDVLHI7WN }
  ]
}
"#;
const NKEY_SEED: &str = "SUADGLTRVQDHNOZ3ESGIA2EPWGSI76L24SHYUEPRM6LCVKMCNOYVQL5E7E";

#[test]
#[ignore = "needs nats-server: `cargo test -- --ignored` (.ci/run installs it)"]
fn every_way_to_log_in_keeps_the_secret_out_of_the_command_line() {
    assert!(
        nats::available(),
        "nats-server is not on PATH (apt-get install nats-server)"
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let server = Nats::start_with(dir.path(), Some(LOGINS));
    // A user and password from STAGECALL_TEAM_USER / STAGECALL_TEAM_PASSWORD.
    let (a, b, c) = (
        Machine::new("desk-a"),
        Machine::new("desk-b"),
        Machine::new("desk-c"),
    );
    let mut pa = a.run_as(&server.url(), "crew", "crew");
    // An nkey seed file.
    let seed = b.dir.path().join("crew.nk");
    std::fs::write(&seed, format!("{NKEY_SEED}\n")).expect("seed");
    let pb = b.run_args(&server.url(), &["--nkey", &seed.display().to_string()]);
    // A user in the URL is no secret: the password comes from the environment.
    let user_url = server.url().replace("nats://", "nats://crew@");
    let pc = c.spawn(
        &user_url,
        &["--at", "+0:05"],
        &[],
        &[("STAGECALL_TEAM_PASSWORD", "crew")],
    );
    pc.wait_text("team ● online");
    pa.send(" ");
    for p in [&pb, &pc] {
        p.wait_text("✓");
    }
    // Still accepted, though the README does not suggest it (`ps` shows it).
    let d = Machine::new("desk-d");
    let pd = d.run(&server.url_as("crew", "crew"));
    pd.wait_text("✓");
    drop(server);
    // A password alone is a NATS token.
    let dir = tempfile::tempdir().expect("tempdir");
    let server = Nats::start_with(
        dir.path(),
        Some("jetstream {}\nauthorization { token: \"s3cret-token\" }\n"),
    );
    let e = Machine::new("desk-e");
    let pe = e.spawn(
        &server.url(),
        &["--at", "+0:05"],
        &[],
        &[("STAGECALL_TEAM_PASSWORD", "s3cret-token")],
    );
    pe.wait_text("team ● online");
}

#[test]
#[ignore = "needs nats-server: `cargo test -- --ignored` (.ci/run installs it)"]
fn a_wrong_password_names_the_reason() {
    assert!(
        nats::available(),
        "nats-server is not on PATH (apt-get install nats-server)"
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let server = Nats::start_with(dir.path(), Some(LOGINS));
    let a = Machine::new("desk-a");
    let pa = a.spawn(
        &server.url(),
        &["--at", "+0:05"],
        &[],
        &[
            ("STAGECALL_TEAM_USER", "crew"),
            ("STAGECALL_TEAM_PASSWORD", "hunter2-wrong"),
        ],
    );
    // The badge sums it up; the banner under the bar says who was refused.
    pa.wait_text("team ○ offline · authentication failed");
    let screen = pa.wait_text("refused user \"crew\"");
    assert!(screen.contains("authorization violation"), "{screen}");
    assert!(
        !screen.contains("hunter2"),
        "the password on screen:\n{screen}"
    );
}

// No server needed: nothing listens on its URL.
#[test]
fn a_runner_that_never_connected_shows_its_queue() {
    let a = Machine::new("desk-a");
    let mut pa = a.spawn(&nats::unreachable_url(), &["--at", "+0:05"], &[], &[]);
    pa.wait_text("team ○ offline");
    pa.send(" ");
    wait_for_log(&a.log(), "灯光检查");
    pa.wait_text("queued 1");
    pa.send("j ");
    pa.wait_text("queued 2");
    pa.wait_text("server unreachable");
}

// No server needed: nothing listens on its URL.
#[test]
fn credential_problems_show_in_full_without_the_path() {
    // The path names the account: it must not reach the screen.
    let secrets = tempfile::tempdir().expect("tempdir");
    let secret_dir = secrets.path().join("acme-prod-account");
    std::fs::create_dir(&secret_dir).expect("dir");
    let path = |name: &str| secret_dir.join(name).display().to_string();
    let no_path = |screen: &str| {
        assert!(
            !screen.contains("acme-prod") && !screen.contains(".tmp"),
            "a credentials path on screen:\n{screen}"
        );
    };
    let url = nats::unreachable_url();
    let run = |m: &Machine, extra: &[&str]| m.spawn(&url, &["--at", "+0:05"], extra, &[]);

    // A missing creds file: the whole reason, which is longer than a badge.
    let a = Machine::new("desk-a");
    let p = run(&a, &["--creds", &path("crew-credentials.creds")]);
    let s = p.wait_text("credentials unreadable: the --creds file: No such file or directory");
    assert!(
        s.contains("team ○ offline · credentials unreadable "),
        "{s}"
    );
    no_path(&s);

    // A creds file that is not one.
    std::fs::write(secret_dir.join("garbage.creds"), "not a creds file\n").expect("creds");
    let b = Machine::new("desk-b");
    let p = run(&b, &["--creds", &path("garbage.creds")]);
    no_path(&p.wait_text("bad credentials: the --creds file: cannot parse user JWT"));

    // A bad nkey seed: named, and the seed never shown.
    std::fs::write(secret_dir.join("crew.nk"), "SUACNOTASEEDATALL\n").expect("seed");
    let c = Machine::new("desk-c");
    let mut p = run(&c, &["--nkey", &path("crew.nk")]);
    p.wait_text("bad nkey seed");
    let s = p.wait_text("Bad seed length");
    no_path(&s);
    assert!(!s.contains("SUACNOTASEED"), "the seed on screen:\n{s}");
    // Whatever the crew records meanwhile shows as queued.
    p.send(" ");
    p.wait_text("queued 1");
}

#[test]
#[ignore = "needs nats-server: `cargo test -- --ignored` (.ci/run installs it)"]
fn the_lag_goes_once_caught_up() {
    assert!(
        nats::available(),
        "nats-server is not on PATH (apt-get install nats-server)"
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let mut server = Nats::start(dir.path());
    let (a, b) = (Machine::new("desk-a"), Machine::new("desk-b"));
    let mut pa = a.run(&server.url());
    let pb = b.run(&server.url());
    server.stop();
    pa.wait_text("team ○ offline");
    pa.send(" ");
    pa.wait_text("queued 1");
    // B receives A's tick two seconds late: that lag is true, for a while.
    std::thread::sleep(Duration::from_secs(2));
    server.restart();
    pb.wait_text("✓");
    pb.wait_text("· lag ");
    // Then nothing new comes: B is caught up, and an old figure would
    // only alarm.
    let gone = wait_until("the lag is gone", Duration::from_secs(20), || {
        !pb.screen().contains("· lag ")
    });
    assert!(gone > Duration::from_secs(5), "gone too soon: {gone:?}");
    assert!(pb.screen().contains("team ● online"));
}

#[test]
fn help_never_prints_the_team_url_from_the_environment() {
    let out = crate::util::stagecall(&["run", "--help"])
        .env("STAGECALL_TEAM", "nats://crew:hunter2@10.0.0.5:4222")
        .output();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("STAGECALL_TEAM_PASSWORD"), "{text}");
    assert!(!text.contains("hunter2"), "the password in --help:\n{text}");
}
