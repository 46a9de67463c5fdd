//! [`TestCommand`]: the real `stagecall` binary, run the way every test
//! runs it. The clock (`STAGECALL_NOW`), the machine's zone
//! (`STAGECALL_TZ`) and `NO_COLOR` are pinned, and no developer's own
//! config file (`STAGECALL_CONFIG`) or team (`STAGECALL_TEAM`) leaks in, so
//! an output is the same on every machine. A test changes any of them with
//! [`TestCommand::now`], [`TestCommand::tz`], [`TestCommand::env`] or
//! [`TestCommand::env_remove`].

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

use serde_json::Value;

/// The pinned clock: a few days after the example plans' show day.
pub const NOW: &str = "2026-11-21T03:00:00Z";
/// The pinned machine zone.
pub const TZ: &str = "Asia/Shanghai";
/// A config file that is never there.
pub const NO_CONFIG: &str = "/nonexistent/stagecall-test-config.toml";

/// The repository root, where the binary runs unless a test says
/// otherwise, so file names in its output are the short relative paths.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `stagecall ARGS` at the repository root.
pub fn stagecall<S: AsRef<OsStr>>(args: &[S]) -> TestCommand {
    TestCommand::new().args(args)
}

/// One run of the binary, built up and then run with [`TestCommand::output`]
/// (any exit status), [`TestCommand::ok`] (status 0) or one of the readers.
/// Every way of running it fails the test if the binary panicked.
pub struct TestCommand {
    cmd: Command,
    what: String,
}

impl Default for TestCommand {
    fn default() -> Self {
        Self::new()
    }
}

impl TestCommand {
    pub fn new() -> TestCommand {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_stagecall"));
        cmd.current_dir(root())
            .env("STAGECALL_NOW", NOW)
            .env("STAGECALL_TZ", TZ)
            .env("NO_COLOR", "1")
            .env("STAGECALL_CONFIG", NO_CONFIG)
            .env_remove("STAGECALL_TEAM");
        TestCommand {
            cmd,
            what: "stagecall".into(),
        }
    }

    pub fn arg(mut self, arg: impl AsRef<OsStr>) -> Self {
        self.what.push(' ');
        self.what.push_str(&arg.as_ref().to_string_lossy());
        self.cmd.arg(arg);
        self
    }

    pub fn args<S: AsRef<OsStr>>(mut self, args: &[S]) -> Self {
        for a in args {
            self = self.arg(a);
        }
        self
    }

    /// Runs in `dir` instead of the repository root.
    pub fn dir(mut self, dir: impl AsRef<Path>) -> Self {
        self.cmd.current_dir(dir);
        self
    }

    /// Another pinned clock (RFC 3339).
    pub fn now(self, now: &str) -> Self {
        self.env("STAGECALL_NOW", now)
    }

    /// Another pinned machine zone (IANA name).
    pub fn tz(self, tz: &str) -> Self {
        self.env("STAGECALL_TZ", tz)
    }

    pub fn env(mut self, key: &str, value: impl AsRef<OsStr>) -> Self {
        self.cmd.env(key, value);
        self
    }

    pub fn env_remove(mut self, key: &str) -> Self {
        self.cmd.env_remove(key);
        self
    }

    /// Where standard output goes (a pipe by default when read).
    pub fn stdout(mut self, to: impl Into<Stdio>) -> Self {
        self.cmd.stdout(to);
        self
    }

    pub fn stderr(mut self, to: impl Into<Stdio>) -> Self {
        self.cmd.stderr(to);
        self
    }

    /// Runs it to the end, whatever the exit status, and fails the test
    /// if it panicked.
    pub fn output(mut self) -> Output {
        let out = self
            .cmd
            .output()
            .unwrap_or_else(|e| panic!("cannot run {}: {e}", self.what));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            !err.contains("panicked") && out.status.code() != Some(101),
            "{} panicked:\n{err}",
            self.what
        );
        out
    }

    /// Runs it and fails the test unless it exits 0.
    pub fn ok(self) -> Output {
        let what = self.what.clone();
        let out = self.output();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{what}:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    /// Standard output of a successful run, which must be UTF-8.
    pub fn stdout_text(self) -> String {
        let what = self.what.clone();
        String::from_utf8(self.ok().stdout)
            .unwrap_or_else(|e| panic!("{what}: stdout is not UTF-8: {e}"))
    }

    /// Standard output of a successful run, which must be JSON.
    pub fn json(self) -> Value {
        let what = self.what.clone();
        let out = self.ok();
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "{what}: stdout is not JSON ({e}):\n{}",
                String::from_utf8_lossy(&out.stdout)
            )
        })
    }

    /// Starts it and hands back the child (a server, say).
    pub fn spawn(mut self) -> Child {
        self.cmd
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", self.what))
    }
}

/// The exit status; fails the test if a signal killed the binary.
pub fn code(out: &Output) -> i32 {
    out.status.code().expect("stagecall was killed by a signal")
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}
