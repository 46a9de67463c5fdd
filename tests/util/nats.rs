//! A real `nats-server` with JetStream on a free loopback port, for the
//! team tests. Stopped when dropped; its store survives a restart.

#![allow(dead_code)]

use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct Nats {
    child: Option<Child>,
    pub port: u16,
    store: PathBuf,
    config: Option<PathBuf>,
}

/// `None` (with a message) when nats-server is not installed; under CI
/// (`CI=true`) a missing server is a failure, since .ci/run installs it.
pub fn available() -> bool {
    let ok = Command::new("nats-server")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var("CI").is_err(),
            "nats-server is missing in CI: .ci/run should install it"
        );
        eprintln!("skipped: nats-server not installed (apt-get install nats-server)");
    }
    ok
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

/// A loopback URL nothing listens on: a server that is never reached.
pub fn unreachable_url() -> String {
    format!("nats://127.0.0.1:{}", free_port())
}

impl Nats {
    pub fn start(dir: &Path) -> Nats {
        Self::start_with(dir, None)
    }

    /// Starts with a server config file (users and permissions).
    pub fn start_with(dir: &Path, config: Option<&str>) -> Nats {
        let config = config.map(|text| {
            let p = dir.join("nats.conf");
            std::fs::write(&p, text).expect("nats.conf");
            p
        });
        let mut n = Nats {
            child: None,
            port: free_port(),
            store: dir.join("js"),
            config,
        };
        n.restart();
        n
    }

    pub fn url(&self) -> String {
        format!("nats://127.0.0.1:{}", self.port)
    }

    /// A URL with the credentials in it: still accepted, but visible in
    /// `ps`, so only the test that it still works uses it.
    pub fn url_as(&self, user: &str, pass: &str) -> String {
        format!("nats://{user}:{pass}@127.0.0.1:{}", self.port)
    }

    pub fn stop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    /// (Re)starts on the same port and store.
    pub fn restart(&mut self) {
        self.stop();
        let mut cmd = Command::new("nats-server");
        cmd.args([
            "-js",
            "-a",
            "127.0.0.1",
            "-p",
            &self.port.to_string(),
            "-sd",
        ])
        .arg(&self.store);
        if let Some(c) = &self.config {
            cmd.arg("-c").arg(c);
        }
        let child = cmd
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start nats-server");
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(10);
        while TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            assert!(Instant::now() < deadline, "nats-server did not start");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Nats {
    fn drop(&mut self) {
        self.stop();
    }
}
