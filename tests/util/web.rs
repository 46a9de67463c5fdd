//! A real runner serving its browser views (`run --serve` in a
//! pseudo-terminal, or `stagecall serve`), and a small HTTP client for it.

#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use super::pty::Pty;

pub const VIEW: &str = "view-token-0123456789abcdef";
pub const CONTROL: &str = "control-token-0123456789abcdef";
pub const PLAN: &str = "kuaishou-brand-4h.toml";

/// A port nobody listens on right now.
pub fn free_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    l.local_addr().expect("addr").port()
}

pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(10)))
        .build()
        .into()
}

/// A runner on the example plan, in a rehearsal, serving its views.
pub struct Served {
    pub pty: Option<Pty>,
    pub child: Option<std::process::Child>,
    pub base: String,
    pub dir: tempfile::TempDir,
    pub log: PathBuf,
    agent: ureq::Agent,
}

/// Copies `plan` (from `plans/`, or given as text) into a new directory.
pub fn workspace(plan_text: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    match plan_text {
        Some(text) => std::fs::write(dir.path().join(PLAN), text).expect("write plan"),
        None => {
            let src = Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("plans")
                .join(PLAN);
            std::fs::copy(src, dir.path().join(PLAN)).expect("copy plan");
        }
    }
    dir
}

impl Served {
    /// `stagecall run PLAN --at AT --serve 127.0.0.1:PORT` on a terminal.
    pub fn run(at: &str, extra: &[&str]) -> Served {
        Self::run_in(workspace(None), at, extra)
    }

    pub fn run_in(dir: tempfile::TempDir, at: &str, extra: &[&str]) -> Served {
        let port = free_port();
        let addr = format!("127.0.0.1:{port}");
        let mut args = vec!["run", PLAN, "--at", at, "--serve", &addr];
        args.extend_from_slice(extra);
        let pty = Pty::spawn_env(
            dir.path(),
            &args,
            130,
            45,
            &[
                ("STAGECALL_VIEW_TOKEN", VIEW),
                ("STAGECALL_CONTROL_TOKEN", CONTROL),
            ],
        );
        let s = Served {
            pty: Some(pty),
            child: None,
            base: format!("http://{addr}"),
            log: dir
                .path()
                .join(".stagecall/kuaishou-brand-4h.rehearsal.log"),
            dir,
            agent: agent(),
        };
        s.wait_up();
        s
    }

    /// `stagecall serve PLAN --rehearsal --listen 127.0.0.1:PORT`, no terminal.
    pub fn serve_in(dir: tempfile::TempDir, extra: &[&str]) -> Served {
        let port = free_port();
        let addr = format!("127.0.0.1:{port}");
        let child = super::stagecall(&["serve", PLAN, "--rehearsal", "--listen", &addr])
            .args(extra)
            .dir(dir.path())
            .env("STAGECALL_VIEW_TOKEN", VIEW)
            .env("STAGECALL_CONTROL_TOKEN", CONTROL)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn();
        let s = Served {
            pty: None,
            child: Some(child),
            base: format!("http://{addr}"),
            log: dir
                .path()
                .join(".stagecall/kuaishou-brand-4h.rehearsal.log"),
            dir,
            agent: agent(),
        };
        s.wait_up();
        s
    }

    fn wait_up(&self) {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if self.get("/api/status", Some(VIEW)).0 == 200 {
                return;
            }
            if Instant::now() > deadline {
                let screen = self.pty.as_ref().map(|p| p.screen()).unwrap_or_default();
                panic!(
                    "the views did not come up at {}; screen:\n{screen}",
                    self.base
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Stops the runner and hands back its directory (plan and logs).
    pub fn stop(mut self) -> tempfile::TempDir {
        self.pty.take();
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
        std::mem::replace(&mut self.dir, tempfile::tempdir().expect("tempdir"))
    }

    pub fn pty(&mut self) -> &mut Pty {
        self.pty.as_mut().expect("a runner on a terminal")
    }

    pub fn pid(&self) -> u32 {
        match (&self.pty, &self.child) {
            (Some(p), _) => p.pid(),
            (None, Some(c)) => c.id(),
            _ => unreachable!(),
        }
    }

    fn with_token(&self, path: &str, token: Option<&str>) -> String {
        match token {
            Some(t) if path.contains('?') => format!("{}{path}&token={t}", self.base),
            Some(t) => format!("{}{path}?token={t}", self.base),
            None => format!("{}{path}", self.base),
        }
    }

    /// GET `path` with `?token=`; (status, body).
    pub fn get(&self, path: &str, token: Option<&str>) -> (u16, String) {
        match self.agent.get(&self.with_token(path, token)).call() {
            Ok(mut r) => (
                r.status().as_u16(),
                r.body_mut().read_to_string().unwrap_or_default(),
            ),
            Err(_) => (0, String::new()),
        }
    }

    /// Only the status of a GET (for streams, which never end).
    pub fn get_status(&self, path: &str, token: Option<&str>) -> u16 {
        match self.agent.get(&self.with_token(path, token)).call() {
            Ok(r) => r.status().as_u16(),
            Err(_) => 0,
        }
    }

    /// POST `path` with `Authorization: Bearer` (when given) and a JSON body.
    pub fn post(&self, path: &str, token: Option<&str>, body: Option<&str>) -> (u16, String) {
        let mut req = self.agent.post(&format!("{}{path}", self.base));
        if let Some(t) = token {
            req = req.header("Authorization", &format!("Bearer {t}"));
        }
        let resp = match body {
            Some(b) => req.header("Content-Type", "application/json").send(b),
            None => req.send_empty(),
        };
        match resp {
            Ok(mut r) => (
                r.status().as_u16(),
                r.body_mut().read_to_string().unwrap_or_default(),
            ),
            Err(e) => (0, e.to_string()),
        }
    }

    pub fn status(&self) -> serde_json::Value {
        let (code, body) = self.get("/api/status", Some(VIEW));
        assert_eq!(code, 200, "{body}");
        serde_json::from_str(&body).expect("status JSON")
    }

    /// Follows an SSE stream: each `data:` payload (joined) arrives on the
    /// channel with the instant it was read.
    pub fn subscribe(&self, path: &str) -> mpsc::Receiver<(Instant, String)> {
        let (tx, rx) = mpsc::channel();
        let url = self.with_token(path, Some(VIEW));
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into();
        std::thread::spawn(move || {
            let Ok(r) = agent.get(&url).call() else {
                return;
            };
            let reader = BufReader::new(r.into_body().into_reader());
            let mut data: Vec<String> = Vec::new();
            for line in reader.lines() {
                let Ok(line) = line else { return };
                if let Some(d) = line.strip_prefix("data:") {
                    data.push(d.strip_prefix(' ').unwrap_or(d).to_string());
                } else if line.is_empty() && !data.is_empty() {
                    if tx.send((Instant::now(), data.join("\n"))).is_err() {
                        return;
                    }
                    data.clear();
                }
            }
        });
        rx
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        if let Some(c) = self.child.as_mut() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}
