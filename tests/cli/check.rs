//! `stagecall check`, driven through the real binary: the helpers every
//! `check` module shares (`check --format json` read back as [`Diag`]s, a
//! fixture's `# expect:` line) and the generated test per fixture.
//!
//! Fixtures under tests/fixtures/{invalid,warn} start with an expectation
//! line `# expect: LINE:SEVERITY[CODE] substring` (see
//! tests/fixtures/invalid/README.md). `build.rs` writes one `#[test]` per
//! file of tests/fixtures/{invalid,warn,valid,multi,fuzz} and plans/ into
//! `$OUT_DIR/fixture_tests.rs`, included by `fixtures.rs`: a new fixture
//! file gets its test without a line of Rust.

use std::path::Path;
use std::process::Output;

use serde_json::Value;

use crate::util::{code, root, stagecall, stderr, stdout};

/// `stagecall ARGS` at the repository root, any exit status.
pub fn run(args: &[&str]) -> Output {
    stagecall(args).output()
}

pub fn assert_no_panic(what: &str, out: &Output) {
    let err = stderr(out);
    assert!(
        !err.contains("panicked") && code(out) != 101,
        "{what}: stagecall panicked\n{err}"
    );
}

/// One diagnostic of `check --format json`.
#[derive(Debug, Clone)]
pub struct Diag {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub severity: String,
    pub code: String,
    pub message: String,
    pub help: Option<String>,
}

impl std::fmt::Display for Diag {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}[{}]: {}",
            self.file, self.line, self.column, self.severity, self.code, self.message
        )?;
        if let Some(h) = &self.help {
            write!(f, " (help: {h})")?;
        }
        Ok(())
    }
}

pub fn list(diags: &[Diag]) -> String {
    if diags.is_empty() {
        return "  (no diagnostics)".into();
    }
    diags
        .iter()
        .map(|d| format!("  {d}"))
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn parse_json(what: &str, out: &Output) -> Vec<Diag> {
    let text = stdout(out);
    let v: Value = serde_json::from_str(&text).unwrap_or_else(|e| {
        panic!(
            "{what}: stdout is not JSON ({e}):\n{text}\nstderr:\n{}",
            stderr(out)
        )
    });
    let arr = v
        .as_array()
        .unwrap_or_else(|| panic!("{what}: not a JSON array: {v}"));
    arr.iter()
        .map(|d| {
            let s = |k: &str| {
                d[k].as_str()
                    .unwrap_or_else(|| panic!("{what}: `{k}` missing in {d}"))
                    .to_string()
            };
            let n = |k: &str| {
                d[k].as_u64()
                    .unwrap_or_else(|| panic!("{what}: `{k}` missing in {d}"))
                    as usize
            };
            Diag {
                file: s("file"),
                line: n("line"),
                column: n("column"),
                end_line: n("end_line"),
                severity: s("severity"),
                code: s("code"),
                message: s("message"),
                help: d["help"].as_str().map(str::to_owned),
            }
        })
        .collect()
}

/// Runs `check --format json` on `paths` (plus `extra` flags).
pub fn check_json(paths: &[&str], extra: &[&str]) -> (i32, Vec<Diag>, Output) {
    let mut args = vec!["check", "--format", "json"];
    args.extend_from_slice(extra);
    args.extend_from_slice(paths);
    let out = run(&args);
    assert_no_panic(&paths.join(" "), &out);
    let diags = parse_json(&paths.join(" "), &out);
    (code(&out), diags, out)
}

/// A fixture's expectation: line, severity, the rule's code, and a piece
/// of the message.
#[derive(Debug)]
pub struct Expect {
    pub line: usize,
    pub severity: String,
    pub code: String,
    pub substring: String,
}

pub fn expectation(rel: &str) -> Expect {
    let name = Path::new(rel).file_name().unwrap().to_str().unwrap();
    // Kept in tests/fixtures/invalid/README.md: these two have no room
    // (empty.toml) or no safe encoding (gbk.toml) for the comment.
    let line = match name {
        "empty.toml" => "# expect: 1:error[empty-file] empty".to_string(),
        "gbk.toml" => "# expect: 5:error[not-utf8] not utf-8".to_string(),
        _ => {
            let bytes = std::fs::read(root().join(rel)).unwrap();
            let first = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
            String::from_utf8_lossy(first).trim_end().to_string()
        }
    };
    let rest = line.strip_prefix("# expect: ").unwrap_or_else(|| {
        panic!("{rel}: first line is not `# expect: LINE:SEVERITY[CODE] text`: {line:?}")
    });
    let (pos, substring) = rest.split_once(' ').unwrap();
    let (line_no, rule) = pos.split_once(':').unwrap();
    let (severity, code) = rule
        .strip_suffix(']')
        .and_then(|r| r.split_once('['))
        .unwrap_or_else(|| panic!("{rel}: no `[code]` after the severity: {line:?}"));
    Expect {
        line: line_no.parse().unwrap(),
        severity: severity.to_string(),
        code: code.to_string(),
        substring: substring.to_lowercase(),
    }
}

/// Checks one fixture against its expectation line and returns its
/// diagnostics. Invalid fixtures exit 1; warning fixtures exit 0, and 1
/// with `--deny-warnings`.
pub fn assert_fixture(rel: &str) -> Vec<Diag> {
    let want = expectation(rel);
    let (status, diags, _) = check_json(&[rel], &[]);
    let found = diags.iter().any(|d| {
        d.line == want.line
            && d.severity == want.severity
            && d.code == want.code
            && d.message.to_lowercase().contains(&want.substring)
    });
    assert!(
        found,
        "{rel}: expected a {}[{}] on line {} containing {:?}; got:\n{}",
        want.severity,
        want.code,
        want.line,
        want.substring,
        list(&diags)
    );
    for d in &diags {
        assert_eq!(d.file, rel, "{rel}: diagnostic names another file: {d}");
        assert!(
            d.help.as_deref().is_some_and(|h| !h.trim().is_empty()),
            "{rel}: every diagnostic needs a plain-words fix: {d}"
        );
    }
    match want.severity.as_str() {
        "error" => assert_eq!(
            status,
            1,
            "{rel}: errors must exit 1; got:\n{}",
            list(&diags)
        ),
        "warning" => {
            assert_eq!(
                status,
                0,
                "{rel}: warnings alone must exit 0; got:\n{}",
                list(&diags)
            );
            let errors: Vec<_> = diags
                .iter()
                .filter(|d| d.severity == "error")
                .cloned()
                .collect();
            assert!(
                errors.is_empty(),
                "{rel}: a warning fixture has errors:\n{}",
                list(&errors)
            );
            assert_eq!(
                diags.len(),
                1,
                "{rel}: a warning fixture gives exactly one warning:\n{}",
                list(&diags)
            );
            let (denied, _, _) = check_json(&[rel], &["--deny-warnings"]);
            assert_eq!(denied, 1, "{rel}: --deny-warnings must exit 1");
        }
        other => panic!("{rel}: unknown severity {other:?}"),
    }
    diags
}

/// Human output of `check` for `rel`, with the status.
pub fn check_human(paths: &[&str]) -> (i32, String) {
    let mut args = vec!["check"];
    args.extend_from_slice(paths);
    let out = run(&args);
    assert_no_panic(&paths.join(" "), &out);
    (code(&out), stdout(&out))
}

pub fn fixtures(dir: &str) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(root().join(dir))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".toml"))
        .map(|n| format!("{dir}/{n}"))
        .collect();
    v.sort();
    v
}

// ───────────────────────── every fixture ─────────────────────────

/// `check --format json` on one fixture: its diagnostics, whatever they
/// are (the generated test per fixture holds it to its `# expect:` line).
pub fn fixture_diags(rel: &str) -> Vec<Diag> {
    check_json(&[rel], &[]).1
}
