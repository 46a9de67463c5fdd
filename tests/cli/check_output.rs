//! `stagecall check`'s outputs and its edges: the human, JSON and GitHub
//! formats, exit statuses for missing files and bad arguments, several
//! files in one run, and the example plan in the docs.

use serde_json::Value;

use crate::check::{Diag, assert_no_panic, check_human, check_json, list, run};
use crate::util::{code, root, stderr, stdout};

/// The example plan in docs/plan-format.md is a real, clean plan.
#[test]
fn docs_example_plan_checks_clean() {
    let doc = std::fs::read_to_string(root().join("docs/plan-format.md")).unwrap();
    let after = doc
        .split("## A complete small plan")
        .nth(1)
        .expect("docs section");
    let block = after
        .split("```toml\n")
        .nth(1)
        .unwrap()
        .split("```")
        .next()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc-example.toml");
    std::fs::write(&path, block).unwrap();
    let (status, diags, _) = check_json(&[path.to_str().unwrap()], &["--deny-warnings"]);
    assert_eq!((status, diags.len()), (0, 0), "{}", list(&diags));
    // The run sheet the doc describes.
    let out = run(&["sheet", path.to_str().unwrap(), "--format", "json"]);
    let j: Value = serde_json::from_slice(&out.stdout).unwrap();
    let times: Vec<(&str, &str, &str)> = j["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["kind"] == "cue")
        .map(|r| {
            (
                r["title"].as_str().unwrap(),
                r["start"].as_str().unwrap(),
                r["end"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        times[1..],
        [
            (
                "引流款 QB-001 讲解",
                "2026-11-11T20:05:00+08:00",
                "2026-11-11T20:30:00+08:00"
            ),
            (
                "过品 + 答疑",
                "2026-11-11T20:30:00+08:00",
                "2026-11-11T21:00:00+08:00"
            ),
            (
                "爆款冬被 讲解 + 试睡",
                "2026-11-11T21:00:00+08:00",
                "2026-11-11T22:00:00+08:00"
            ),
            (
                "返场 + 下播预告",
                "2026-11-11T22:00:00+08:00",
                "2026-11-11T23:00:00+08:00"
            ),
        ]
    );
}

// ───────────────────────── output formats ─────────────────────────

#[test]
fn human_format_shows_location_source_line_marker_and_fix() {
    let (status, out) = check_human(&["tests/fixtures/invalid/unknown-key-typo.toml"]);
    assert_eq!(status, 1);
    for want in [
        "error: unknown key `timezome`",
        "tests/fixtures/invalid/unknown-key-typo.toml:8:1",
        "timezome = \"Asia/Shanghai\"",
        "^^^^^^^^",
        "help: did you mean `timezone`?",
        "tests/fixtures/invalid/unknown-key-typo.toml: 1 error, 0 warnings",
    ] {
        assert!(out.contains(want), "missing {want:?} in:\n{out}");
    }
    // The marker sits under the offending key, on the line after the source.
    let lines: Vec<&str> = out.lines().collect();
    let src = lines
        .iter()
        .position(|l| l.ends_with("timezome = \"Asia/Shanghai\""))
        .unwrap();
    let marker = lines[src + 1];
    let col = lines[src].find("timezome").unwrap();
    assert_eq!(&marker[col..col + 8], "^^^^^^^^", "{out}");
}

#[test]
fn human_format_for_warnings() {
    let (status, out) = check_human(&["tests/fixtures/warn/stock-zero.toml"]);
    assert_eq!(status, 0);
    for want in [
        "warning: stock 0 for `QB-001`",
        "tests/fixtures/warn/stock-zero.toml:22:",
        "stock = 0",
        "^",
        "help:",
        "0 errors, 1 warning",
    ] {
        assert!(out.contains(want), "missing {want:?} in:\n{out}");
    }
}

#[test]
fn json_format_has_the_documented_fields() {
    let out = run(&[
        "check",
        "--format",
        "json",
        "tests/fixtures/invalid/unknown-key-typo.toml",
    ]);
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let d = &v[0];
    for key in [
        "file",
        "line",
        "column",
        "end_line",
        "end_column",
        "severity",
        "code",
        "message",
        "help",
    ] {
        assert!(d.get(key).is_some(), "no `{key}` in {d}");
    }
    assert_eq!(d["file"], "tests/fixtures/invalid/unknown-key-typo.toml");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(8), Some(1))
    );
    assert_eq!(d["severity"], "error");
    assert_eq!(d["code"], "unknown-key");
    assert_eq!(d["message"], "unknown key `timezome`");
}

/// A missing key is reported on its table's header line, and the span
/// ends on that line too (it once ran a fixed 13 / 12 bytes past the
/// start of `[[welfare]]` / `[[warmup]]`, into the next line).
#[test]
fn missing_key_spans_end_on_the_table_header() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("headers.toml");
    std::fs::write(
        &path,
        "format = 1\n\
         [session]\n\
         title = \"t\"\n\
         date = 2026-11-11\n\
         start = \"20:00\"\n\
         duration = \"1h\"\n\
         [[welfare]]\n\
         kind = \"lucky_bag\"\n\
         [[warmup]]\n\
         title = \"预告\"\n\
         [[traffic.slot]]\n\
         to = \"20:30\"\n\
         [[cue]]\n\
         at = \"20:00\"\n",
    )
    .unwrap();
    let (_, diags, _) = check_json(&[path.to_str().unwrap()], &[]);
    let missing: Vec<&Diag> = diags.iter().filter(|d| d.code == "missing-key").collect();
    let lines: Vec<(usize, usize)> = missing.iter().map(|d| (d.line, d.end_line)).collect();
    // welfare `id`, warm-up `at`, slot `from`, cue `title`.
    assert_eq!(
        lines,
        [(7, 7), (9, 9), (11, 11), (13, 13)],
        "{}",
        list(&diags)
    );
}

#[test]
fn github_format_prints_annotations() {
    let out = run(&[
        "check",
        "--format",
        "github",
        "tests/fixtures/invalid/unknown-key-typo.toml",
        "tests/fixtures/warn/stock-zero.toml",
    ]);
    assert_eq!(code(&out), 1);
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(
        lines[0].starts_with(
            "::error file=tests/fixtures/invalid/unknown-key-typo.toml,line=8,col=1::unknown key `timezome`"
        ),
        "{text}"
    );
    assert!(lines[0].contains("did you mean `timezone`?"), "{text}");
    assert!(
        lines[1].starts_with(
            "::warning file=tests/fixtures/warn/stock-zero.toml,line=22,col=11::stock 0"
        ),
        "{text}"
    );
}

// ───────────────────── exit status, files, all errors ─────────────────────

#[test]
fn missing_file_exits_2() {
    let out = run(&["check", "tests/fixtures/no-such-plan.toml"]);
    assert_eq!(code(&out), 2);
    assert_no_panic("missing file", &out);
    assert!(
        stderr(&out).contains("no-such-plan.toml"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn directory_exits_2() {
    let out = run(&["check", "plans"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("directory"), "{}", stderr(&out));
}

#[test]
fn no_arguments_is_a_usage_error() {
    let out = run(&["check"]);
    assert_eq!(code(&out), 2);
    let out = run(&["check", "--format", "xml", "plans/minimal.toml"]);
    assert_eq!(code(&out), 2);
}

#[test]
fn missing_file_among_others_still_checks_the_rest() {
    let (status, diags, out) = check_json(
        &[
            "tests/fixtures/invalid/negative-price.toml",
            "tests/fixtures/no-such-plan.toml",
        ],
        &[],
    );
    assert_eq!(status, 2, "I/O problems outrank plan errors");
    assert!(stderr(&out).contains("no-such-plan.toml"));
    assert!(
        diags.iter().any(|d| d.message.contains("negative")),
        "{}",
        list(&diags)
    );
}

#[test]
fn multiple_files_are_all_reported() {
    let files = [
        "tests/fixtures/invalid/unknown-key-typo.toml",
        "plans/minimal.toml",
        "tests/fixtures/warn/stock-zero.toml",
        "tests/fixtures/invalid/negative-price.toml",
    ];
    let (status, diags, _) = check_json(&files, &[]);
    assert_eq!(status, 1);
    let named: Vec<(&str, usize)> = diags.iter().map(|d| (d.file.as_str(), d.line)).collect();
    assert_eq!(
        named,
        [
            ("tests/fixtures/invalid/unknown-key-typo.toml", 8),
            ("tests/fixtures/warn/stock-zero.toml", 22),
            ("tests/fixtures/invalid/negative-price.toml", 21),
        ],
        "{}",
        list(&diags)
    );
    let (status, human) = check_human(&files);
    assert_eq!(status, 1);
    for f in files {
        assert!(
            human.contains(&format!("{f}: ")),
            "no summary for {f}:\n{human}"
        );
    }
    assert!(human.contains("plans/minimal.toml: ok"), "{human}");
}

#[test]
fn warnings_in_one_file_and_deny_warnings() {
    let files = ["plans/minimal.toml", "tests/fixtures/warn/stock-zero.toml"];
    assert_eq!(check_json(&files, &[]).0, 0);
    assert_eq!(check_json(&files, &["--deny-warnings"]).0, 1);
}

#[test]
fn all_errors_of_a_file_in_one_run() {
    let (status, diags, _) = check_json(&["tests/fixtures/multi/many-errors.toml"], &[]);
    assert_eq!(status, 1);
    let got: Vec<(usize, &str)> = diags.iter().map(|d| (d.line, d.message.as_str())).collect();
    let want: [(usize, &str); 5] = [
        (21, "`live_price` is negative"),
        (25, "`fudai` is not an allowed value"),
        (32, "unknown key `durration`"),
        (36, "malformed time"),
        (37, "no SKU `QB-002` in this plan"),
    ];
    assert_eq!(got.len(), want.len(), "{}", list(&diags));
    for ((line, msg), (want_line, want_msg)) in got.iter().zip(want) {
        assert_eq!(*line, want_line, "{}", list(&diags));
        assert!(
            msg.starts_with(want_msg),
            "{msg:?} should start with {want_msg:?}\n{}",
            list(&diags)
        );
    }
    assert!(
        diags.iter().all(|d| d.severity == "error"),
        "{}",
        list(&diags)
    );
    let help_of = |line: usize| {
        diags
            .iter()
            .find(|d| d.line == line)
            .unwrap()
            .help
            .clone()
            .unwrap()
    };
    assert_eq!(help_of(32), "did you mean `duration`?");
    assert_eq!(help_of(37), "did you mean `QB-001`?");
}
