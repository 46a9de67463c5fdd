//! `stagecall check`, driven through the real binary: exit status, the
//! JSON / human / GitHub formats, and one test per rule of the plan-format
//! contract (/work/shared/PLAN_FORMAT.md, "What `stagecall check` must
//! reject" and "What it warns about").
//!
//! Fixtures under tests/fixtures/{invalid,warn} start with an expectation
//! line `# expect: LINE:SEVERITY[CODE] substring` (see
//! tests/fixtures/invalid/README.md).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use serde_json::Value;

const NOW: &str = "2026-11-21T03:00:00Z";
const TZ: &str = "Asia/Shanghai";

/// The repository root; the binary runs there so file names in its output
/// are the short relative paths used below.
fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn stagecall(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_stagecall"))
        .args(args)
        .current_dir(root())
        .env("STAGECALL_NOW", NOW)
        .env("STAGECALL_TZ", TZ)
        .env("NO_COLOR", "1")
        .output()
        .expect("run stagecall")
}

fn code(out: &Output) -> i32 {
    out.status.code().expect("stagecall was killed by a signal")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn assert_no_panic(what: &str, out: &Output) {
    let err = stderr(out);
    assert!(
        !err.contains("panicked") && code(out) != 101,
        "{what}: stagecall panicked\n{err}"
    );
}

/// One diagnostic of `check --format json`.
#[derive(Debug, Clone)]
struct Diag {
    file: String,
    line: usize,
    column: usize,
    end_line: usize,
    severity: String,
    code: String,
    message: String,
    help: Option<String>,
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

fn list(diags: &[Diag]) -> String {
    if diags.is_empty() {
        return "  (no diagnostics)".into();
    }
    diags
        .iter()
        .map(|d| format!("  {d}"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn parse_json(what: &str, out: &Output) -> Vec<Diag> {
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
fn check_json(paths: &[&str], extra: &[&str]) -> (i32, Vec<Diag>, Output) {
    let mut args = vec!["check", "--format", "json"];
    args.extend_from_slice(extra);
    args.extend_from_slice(paths);
    let out = stagecall(&args);
    assert_no_panic(&paths.join(" "), &out);
    let diags = parse_json(&paths.join(" "), &out);
    (code(&out), diags, out)
}

/// A fixture's expectation: line, severity, the rule's code, and a piece
/// of the message.
#[derive(Debug)]
struct Expect {
    line: usize,
    severity: String,
    code: String,
    substring: String,
}

fn expectation(rel: &str) -> Expect {
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
fn assert_fixture(rel: &str) -> Vec<Diag> {
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
fn check_human(paths: &[&str]) -> (i32, String) {
    let mut args = vec!["check"];
    args.extend_from_slice(paths);
    let out = stagecall(&args);
    assert_no_panic(&paths.join(" "), &out);
    (code(&out), stdout(&out))
}

fn fixtures(dir: &str) -> Vec<String> {
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

#[test]
fn every_invalid_and_warn_fixture_meets_its_expectation() {
    let invalid = fixtures("tests/fixtures/invalid");
    let warn = fixtures("tests/fixtures/warn");
    assert!(
        invalid.len() >= 28,
        "invalid fixtures went missing: {invalid:?}"
    );
    assert!(warn.len() >= 10, "warning fixtures went missing: {warn:?}");
    let mut failures = Vec::new();
    for rel in invalid.iter().chain(&warn) {
        if rel.contains("/invalid/") {
            assert_eq!(expectation(rel).severity, "error", "{rel}");
        } else {
            assert_eq!(expectation(rel).severity, "warning", "{rel}");
        }
        // Collect every failing fixture rather than stopping at the first.
        if let Err(e) = std::panic::catch_unwind(|| assert_fixture(rel)) {
            let msg = e
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            failures.push(msg);
        }
    }
    assert!(
        failures.is_empty(),
        "{} fixture(s) failed:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn valid_fixtures_and_example_plans_have_no_diagnostics() {
    let mut files = fixtures("tests/fixtures/valid");
    files.extend(fixtures("plans"));
    assert!(files.len() >= 7, "{files:?}");
    for rel in &files {
        let (status, diags, _) = check_json(&[rel], &["--deny-warnings"]);
        assert!(
            diags.is_empty(),
            "{rel} must check clean; got:\n{}",
            list(&diags)
        );
        assert_eq!(status, 0, "{rel}");
        let (status, human) = check_human(&[rel]);
        assert_eq!(status, 0, "{rel}");
        assert!(
            human.contains(&format!("{rel}: ok")),
            "{rel}: no ok line:\n{human}"
        );
    }
}

// ───────────── one test per "must reject" rule of the contract ─────────────

#[test]
fn rejects_toml_syntax_error() {
    assert_fixture("tests/fixtures/invalid/syntax-error.toml");
}

#[test]
fn rejects_merge_conflict_markers() {
    let diags = assert_fixture("tests/fixtures/invalid/merge-conflict.toml");
    // Each of the three marker lines is named.
    let lines: Vec<usize> = diags.iter().map(|d| d.line).collect();
    assert_eq!(lines, [8, 10, 12], "{}", list(&diags));
    let (_, human) = check_human(&["tests/fixtures/invalid/merge-conflict.toml"]);
    assert!(human.contains("resolve the merge conflict"), "{human}");
}

#[test]
fn rejects_gbk_naming_the_line() {
    let diags = assert_fixture("tests/fixtures/invalid/gbk.toml");
    let d = &diags[0];
    assert!(d.help.as_deref().unwrap().contains("GBK"), "{d}");
    let (_, human) = check_human(&["tests/fixtures/invalid/gbk.toml"]);
    assert!(
        human.contains("tests/fixtures/invalid/gbk.toml:5:"),
        "{human}"
    );
}

#[test]
fn rejects_empty_file() {
    assert_fixture("tests/fixtures/invalid/empty.toml");
    // Whitespace only is empty too.
    let dir = tempfile::tempdir().unwrap();
    let blank = dir.path().join("blank.toml");
    std::fs::write(&blank, "\n  \r\n\t\n").unwrap();
    let (status, diags, _) = check_json(&[blank.to_str().unwrap()], &[]);
    assert_eq!(status, 1);
    assert!(
        diags.iter().any(|d| d.message.contains("empty")),
        "{}",
        list(&diags)
    );
}

#[test]
fn rejects_missing_format() {
    assert_fixture("tests/fixtures/invalid/missing-format.toml");
}

#[test]
fn rejects_missing_title() {
    let diags = assert_fixture("tests/fixtures/invalid/missing-title.toml");
    assert!(
        diags.iter().any(|d| d.message.contains("session.title")),
        "{}",
        list(&diags)
    );
}

#[test]
fn rejects_missing_start() {
    let diags = assert_fixture("tests/fixtures/invalid/missing-start.toml");
    assert!(
        diags.iter().any(|d| d.message.contains("session.start")),
        "{}",
        list(&diags)
    );
}

#[test]
fn rejects_missing_end_and_duration() {
    assert_fixture("tests/fixtures/invalid/missing-end-and-duration.toml");
}

#[test]
fn rejects_both_end_and_duration() {
    assert_fixture("tests/fixtures/invalid/both-end-and-duration.toml");
}

#[test]
fn rejects_unknown_format() {
    assert_fixture("tests/fixtures/invalid/unknown-format.toml");
}

#[test]
fn rejects_unknown_key_with_did_you_mean() {
    let diags = assert_fixture("tests/fixtures/invalid/unknown-key-typo.toml");
    assert_eq!(
        diags[0].help.as_deref(),
        Some("did you mean `timezone`?"),
        "{}",
        diags[0]
    );
    let (_, human) = check_human(&["tests/fixtures/multi/many-errors.toml"]);
    assert!(human.contains("did you mean `duration`?"), "{human}");
}

/// `time` on a cue is not misread as a typo of `title`: the fix names `at`.
#[test]
fn unknown_time_key_on_a_cue_points_to_at() {
    let diags = assert_fixture("tests/fixtures/invalid/cue-time-key.toml");
    assert_eq!(diags.len(), 1, "{}", list(&diags));
    let help = diags[0].help.as_deref().unwrap();
    assert!(
        help.starts_with("a cue's start time is `at`"),
        "{}",
        diags[0]
    );
    assert!(!help.contains("title"), "{}", diags[0]);
}

/// The allowed values, and on a second line the Chinese terms that are
/// accepted as well, in the same order.
#[test]
fn rejects_enum_value_listing_allowed_values() {
    for (rel, allowed, zh) in [
        (
            "tests/fixtures/invalid/enum-platform.toml",
            "`kuaishou`, `douyin`, `taobao`, `tiktok`, `wechat`, `other`",
            "`快手`, `抖音`, `淘宝`, `TikTok Shop`, `视频号`, `其他`",
        ),
        (
            "tests/fixtures/invalid/enum-welfare-kind.toml",
            "`lucky_bag`, `red_packet`, `coupon`, `flash_sale`, `lottery`, `gift`",
            "`福袋`, `红包`, `优惠券`, `秒杀`, `抽奖`, `赠品`",
        ),
        (
            "tests/fixtures/invalid/enum-advance.toml",
            "`clock`, `go`",
            "`按时`, `手动`",
        ),
    ] {
        let diags = assert_fixture(rel);
        let help = diags[0].help.as_deref().unwrap();
        assert!(
            help.contains(&format!(
                "allowed values: {allowed}\nor the Chinese terms: {zh}"
            )),
            "{rel}: {}",
            diags[0]
        );
        let (_, human) = check_human(&[rel]);
        assert!(human.contains(allowed), "{human}");
        assert!(human.contains(zh), "{human}");
    }
}

#[test]
fn rejects_malformed_time() {
    assert_fixture("tests/fixtures/invalid/bad-time.toml");
}

#[test]
fn rejects_malformed_duration() {
    assert_fixture("tests/fixtures/invalid/bad-duration.toml");
}

/// The countdown's message and its fix name the same units, and a unit
/// written as a word says which letter to write.
#[test]
fn rejects_malformed_countdown_naming_the_same_units_as_its_help() {
    let rel = "tests/fixtures/invalid/bad-countdown.toml";
    let diags = assert_fixture(rel);
    assert_eq!(diags.len(), 1, "{}", list(&diags));
    assert_eq!(
        diags[0].message,
        "malformed duration: `min` is not a unit; write minutes as `m`, like \"3m\""
    );
    let help = diags[0].help.as_deref().unwrap();
    assert!(help.contains("countdown"), "{}", diags[0]);
    assert!(help.contains("units d, h, m, s"), "{}", diags[0]);

    let text = std::fs::read_to_string(root().join(rel)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    for (written, says) in [
        ("3x", "units are d, h, m and s"),
        ("3", "needs a unit (d, h, m or s)"),
    ] {
        let path = dir.path().join("countdown.toml");
        std::fs::write(&path, text.replace("\"3min\"", &format!("\"{written}\""))).unwrap();
        let (_, diags, _) = check_json(&[path.to_str().unwrap()], &[]);
        assert_eq!(diags.len(), 1, "{written}: {}", list(&diags));
        assert!(diags[0].message.contains(says), "{}", diags[0]);
        assert!(
            diags[0]
                .help
                .as_deref()
                .unwrap()
                .contains("units d, h, m, s"),
            "{}",
            diags[0]
        );
    }
}

#[test]
fn rejects_negative_quantity() {
    assert_fixture("tests/fixtures/invalid/negative-quantity.toml");
}

#[test]
fn rejects_negative_price() {
    assert_fixture("tests/fixtures/invalid/negative-price.toml");
}

#[test]
fn rejects_negative_budget_without_follow_on_noise() {
    let diags = assert_fixture("tests/fixtures/invalid/negative-budget.toml");
    // The unusable slot budget is not also counted as "unallocated".
    assert_eq!(diags.len(), 1, "{}", list(&diags));
}

#[test]
fn rejects_duplicate_cue_id() {
    assert_fixture("tests/fixtures/invalid/duplicate-cue-id.toml");
}

#[test]
fn rejects_duplicate_sku() {
    assert_fixture("tests/fixtures/invalid/duplicate-sku.toml");
}

/// Ids are unique within their kind (groups, welfare, warm-up items,
/// slots), while a cue may share an id with a group, a slot or a welfare
/// item.
#[test]
fn rejects_duplicate_ids_of_every_kind_but_not_across_kinds() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dups.toml");
    std::fs::write(
        &path,
        r#"format = 1
[session]
title = "重复 id"
date = 2026-11-11
start = "20:00"
end = "22:00"
timezone = "Asia/Shanghai"

[[group]]
id = "hook"
  [[group.item]]
  sku = "A"
[[group]]
id = "hook"
  [[group.item]]
  sku = "B"

[[welfare]]
id = "bag"
kind = "lucky_bag"
[[welfare]]
id = "bag"
kind = "coupon"

[[warmup]]
id = "teaser"
at = "-1d"
[[warmup]]
id = "teaser"
at = "-2h"

[traffic]
[[traffic.slot]]
id = "burst"
from = "20:00"
to = "20:30"
[[traffic.slot]]
id = "burst"
from = "21:00"
to = "21:30"

[[cue]]
id = "hook"
title = "引流"
items = ["A", "B"]
welfare = ["bag"]
[[cue]]
id = "burst"
title = "冲刺"
[[cue]]
id = "teaser"
title = "预告"
"#,
    )
    .unwrap();
    let (status, diags, _) = check_json(&[path.to_str().unwrap()], &[]);
    assert_eq!(status, 1);
    let dup: Vec<(usize, &str)> = diags
        .iter()
        .filter(|d| d.message.contains("duplicate"))
        .map(|d| (d.line, d.message.as_str()))
        .collect();
    assert_eq!(
        dup,
        [
            (14, "duplicate group id `hook`"),
            (22, "duplicate welfare id `bag`"),
            (29, "duplicate warm-up id `teaser`"),
            (38, "duplicate slot id `burst`"),
        ],
        "{}",
        list(&diags)
    );
    assert_eq!(
        dup.len(),
        diags.iter().filter(|d| d.severity == "error").count(),
        "{}",
        list(&diags)
    );
    assert_eq!(
        diags[0].help.as_deref(),
        Some("first defined on line 10; group ids must be unique, rename one")
    );
}

#[test]
fn rejects_unknown_sku_reference() {
    let diags = assert_fixture("tests/fixtures/invalid/unknown-sku-ref.toml");
    assert!(diags[0].message.contains("`QB-002`"), "{}", diags[0]);
}

/// A misspelt `[[group.items]]` is one error, and the cues and welfare
/// that use its products do not cascade into "did you mean" another SKU.
#[test]
fn group_items_typo_is_one_error_without_cascade() {
    let rel = "tests/fixtures/invalid/group-items-typo.toml";
    let diags = assert_fixture(rel);
    assert_eq!(diags.len(), 1, "{}", list(&diags));
    assert_eq!(
        diags[0].help.as_deref(),
        Some("did you mean `item`?"),
        "{}",
        diags[0]
    );
    // A SKU that was never defined anywhere is still reported.
    let text = std::fs::read_to_string(root().join(rel)).unwrap();
    let typo = text.replace("items = [\"QB-003\"]", "items = [\"QB-003\", \"QB-004\"]");
    assert_ne!(text, typo, "fixture changed; update this test");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("typo.toml");
    std::fs::write(&path, typo).unwrap();
    let (_, diags, _) = check_json(&[path.to_str().unwrap()], &[]);
    let got: Vec<&str> = diags.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        got,
        ["unknown key `items`", "no SKU `QB-004` in this plan"],
        "{}",
        list(&diags)
    );
}

#[test]
fn rejects_unknown_welfare_reference() {
    assert_fixture("tests/fixtures/invalid/unknown-welfare-ref.toml");
}

#[test]
fn rejects_cue_going_backwards() {
    assert_fixture("tests/fixtures/invalid/cue-backwards.toml");
}

#[test]
fn rejects_cue_outside_window() {
    assert_fixture("tests/fixtures/invalid/cue-outside-window.toml");
}

#[test]
fn rejects_slot_outside_window() {
    assert_fixture("tests/fixtures/invalid/slot-outside-window.toml");
}

#[test]
fn rejects_overlapping_slots() {
    assert_fixture("tests/fixtures/invalid/slots-overlap.toml");
}

/// `from` and `to` written the same: the slot is empty, not backwards,
/// and its budget is not then reported as unallocated.
#[test]
fn rejects_empty_slot_saying_it_is_empty() {
    let rel = "tests/fixtures/invalid/slot-empty.toml";
    let diags = assert_fixture(rel);
    assert_eq!(diags.len(), 1, "{}", list(&diags));
    assert_eq!(
        diags[0].message,
        "traffic slot `open-burst` is empty: it starts and ends at 20:30"
    );
    let text = std::fs::read_to_string(root().join(rel)).unwrap();
    let offsets = text
        .replace("from = \"20:30\"", "from = \"+0:30\"")
        .replace("to = \"20:30\"", "to = \"+30m\"");
    assert_ne!(text, offsets, "fixture changed; update this test");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("offsets.toml");
    std::fs::write(&path, offsets).unwrap();
    let (_, diags, _) = check_json(&[path.to_str().unwrap()], &[]);
    assert_eq!(diags.len(), 1, "{}", list(&diags));
    assert!(
        diags[0]
            .message
            .ends_with("is empty: it starts and ends at +0:30"),
        "{}",
        diags[0]
    );
}

#[test]
fn rejects_slot_budgets_over_total() {
    assert_fixture("tests/fixtures/invalid/slots-over-budget.toml");
}

#[test]
fn rejects_warmup_after_start() {
    assert_fixture("tests/fixtures/invalid/warmup-after-start.toml");
}

#[test]
fn rejects_clock_time_in_dst_gap() {
    let diags = assert_fixture("tests/fixtures/invalid/dst-gap-clock.toml");
    assert!(
        diags[0].message.contains("America/New_York"),
        "{}",
        diags[0]
    );
}

// ─────────────── "Additions to version 1" of the contract ───────────────

#[test]
fn rejects_link_below_one() {
    for rel in [
        "tests/fixtures/invalid/link-zero.toml",
        "tests/fixtures/invalid/link-negative.toml",
    ] {
        let diags = assert_fixture(rel);
        assert_eq!(diags.len(), 1, "{rel}: {}", list(&diags));
        assert!(
            diags[0].help.as_deref().unwrap().contains("link = 3"),
            "{rel}: {}",
            diags[0]
        );
    }
}

#[test]
fn rejects_welfare_sku_that_does_not_exist_with_did_you_mean() {
    let diags = assert_fixture("tests/fixtures/invalid/welfare-unknown-sku.toml");
    assert_eq!(diags.len(), 1, "{}", list(&diags));
    assert_eq!(
        diags[0].help.as_deref(),
        Some("did you mean `QB-001`?"),
        "{}",
        diags[0]
    );
}

#[test]
fn rejects_negative_welfare_price() {
    let diags = assert_fixture("tests/fixtures/invalid/welfare-negative-price.toml");
    assert_eq!(diags.len(), 1, "{}", list(&diags));
}

#[test]
fn rejects_advance_outside_its_set_listing_the_allowed_values() {
    let rel = "tests/fixtures/invalid/enum-advance.toml";
    let diags = assert_fixture(rel);
    let help = diags[0].help.as_deref().unwrap();
    assert!(
        help.contains("`clock`") && help.contains("`go`"),
        "{}",
        diags[0]
    );
    let (_, human) = check_human(&[rel]);
    assert!(
        human.contains("`sideways` is not an allowed value"),
        "{human}"
    );
}

/// A task's clock time is an instant like any other: one that clocks
/// going forward skip is an error, as for a cue.
#[test]
fn rejects_task_clock_time_in_dst_gap() {
    let diags = assert_fixture("tests/fixtures/invalid/dst-gap-task.toml");
    assert_eq!(diags.len(), 1, "{}", list(&diags));
    assert!(
        diags[0]
            .message
            .contains("2026-03-08 02:30 does not exist in America/New_York"),
        "{}",
        diags[0]
    );
}

// ───────────── one test per "warns about" rule of the contract ─────────────

#[test]
fn warns_cue_overlap() {
    assert_fixture("tests/fixtures/warn/cue-overlap.toml");
}

#[test]
fn warns_sheet_ends_before_session() {
    assert_fixture("tests/fixtures/warn/sheet-ends-early.toml");
}

#[test]
fn warns_sheet_runs_past_session() {
    assert_fixture("tests/fixtures/warn/sheet-ends-late.toml");
}

#[test]
fn warns_budget_unallocated() {
    assert_fixture("tests/fixtures/warn/budget-unallocated.toml");
}

#[test]
fn warns_slot_without_cue_on_air() {
    assert_fixture("tests/fixtures/warn/slot-no-cue.toml");
}

#[test]
fn warns_live_price_above_list_price() {
    assert_fixture("tests/fixtures/warn/live-above-list.toml");
}

#[test]
fn warns_product_unused() {
    assert_fixture("tests/fixtures/warn/product-unused.toml");
}

#[test]
fn warns_welfare_unused() {
    assert_fixture("tests/fixtures/warn/welfare-unused.toml");
}

#[test]
fn warns_stock_zero() {
    assert_fixture("tests/fixtures/warn/stock-zero.toml");
}

#[test]
fn warns_who_not_in_crew_only_when_crew_is_given() {
    assert_fixture("tests/fixtures/warn/who-not-crew.toml");
    // Without [crew], any `who` is fine.
    let text =
        std::fs::read_to_string(root().join("tests/fixtures/warn/who-not-crew.toml")).unwrap();
    let no_crew = text.replace("[crew]\nhost = \"三姐\"\ncontrol = \"阿强\"\n", "");
    assert_ne!(text, no_crew, "fixture changed; update this test");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("no-crew.toml");
    std::fs::write(&path, no_crew).unwrap();
    let (status, diags, _) = check_json(&[path.to_str().unwrap()], &["--deny-warnings"]);
    assert_eq!((status, diags.len()), (0, 0), "{}", list(&diags));
}

/// An extension beyond the contract: a task whose `at` falls after its cue ends.
#[test]
fn warns_task_due_after_its_cue_ends() {
    assert_fixture("tests/fixtures/warn/task-after-cue.toml");
}

/// TOML needs quotes around a key such as a Chinese crew role; the fix says so.
#[test]
fn unquoted_chinese_key_gets_quoting_help() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crew.toml");
    std::fs::write(
        &path,
        "format = 1\n[session]\ntitle = \"x\"\nstart = \"20:00\"\nduration = \"2h\"\n[crew]\n中控 = \"阿强\"\n",
    )
    .unwrap();
    let (status, diags, _) = check_json(&[path.to_str().unwrap()], &[]);
    assert_eq!(status, 1);
    assert_eq!(diags.len(), 1, "{}", list(&diags));
    assert_eq!(diags[0].line, 7);
    assert!(
        diags[0].message.starts_with("TOML syntax error"),
        "{}",
        diags[0]
    );
    assert!(
        diags[0]
            .help
            .as_deref()
            .unwrap()
            .contains("\"中控\" = \"阿强\""),
        "{}",
        diags[0]
    );
}

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
    let out = stagecall(&["sheet", path.to_str().unwrap(), "--format", "json"]);
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
    let out = stagecall(&[
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
    let out = stagecall(&[
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
    let out = stagecall(&["check", "tests/fixtures/no-such-plan.toml"]);
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
    let out = stagecall(&["check", "plans"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("directory"), "{}", stderr(&out));
}

#[test]
fn no_arguments_is_a_usage_error() {
    let out = stagecall(&["check"]);
    assert_eq!(code(&out), 2);
    let out = stagecall(&["check", "--format", "xml", "plans/minimal.toml"]);
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

// ───────────────────────── bytes and sizes ─────────────────────────

#[test]
fn accepts_bom_and_crlf() {
    let rel = "tests/fixtures/valid/bom-crlf.toml";
    let bytes = std::fs::read(root().join(rel)).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "fixture lost its BOM");
    assert!(
        bytes.windows(2).filter(|w| w == b"\r\n").count() > 10,
        "fixture lost its CRLF"
    );
    let (status, diags, _) = check_json(&[rel], &["--deny-warnings"]);
    assert_eq!((status, diags.len()), (0, 0), "{}", list(&diags));

    // Errors in a BOM + CRLF file keep their line and column.
    let text = std::fs::read_to_string(root().join("tests/fixtures/invalid/unknown-key-typo.toml"))
        .unwrap();
    let mut windows = b"\xEF\xBB\xBF".to_vec();
    windows.extend(text.replace('\n', "\r\n").into_bytes());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("typo-crlf.toml");
    std::fs::write(&path, windows).unwrap();
    let (status, diags, _) = check_json(&[path.to_str().unwrap()], &[]);
    assert_eq!(status, 1);
    assert_eq!(diags.len(), 1, "{}", list(&diags));
    assert_eq!((diags[0].line, diags[0].column), (8, 1), "{}", diags[0]);
    let out = stagecall(&["check", path.to_str().unwrap()]);
    let human = stdout(&out);
    assert!(
        human.contains("timezome = \"Asia/Shanghai\"\n"),
        "no stray CR in the snippet:\n{human:?}"
    );
}

#[test]
fn huge_file_is_refused_quickly() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.toml");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    f.write_all(b"format = 1\n").unwrap();
    let filler = format!("# {}\n", "填充".repeat(170));
    let mut written = 0;
    while written <= 65 * 1024 * 1024 {
        f.write_all(filler.as_bytes()).unwrap();
        written += filler.len();
    }
    f.flush().unwrap();
    drop(f);
    let t = Instant::now();
    let (status, diags, _) = check_json(&[path.to_str().unwrap()], &[]);
    let took = t.elapsed();
    assert_eq!(status, 1);
    assert_eq!(diags.len(), 1, "{}", list(&diags));
    assert!(diags[0].message.contains("too large"), "{}", diags[0]);
    assert!(took < Duration::from_secs(10), "took {took:?}");
}

/// A small deterministic generator, so failures replay.
fn xorshift(seed: u64, n: usize) -> Vec<u8> {
    let mut x = seed | 1;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

#[test]
fn garbage_never_crashes() {
    let mut cases: Vec<(String, Vec<u8>)> = vec![
        (
            "latin-1".into(),
            b"format = 1\n[session]\ntitle = \"Caf\xE9\"\n".to_vec(),
        ),
        ("utf-16".into(), {
            let mut v = vec![0xFF, 0xFE];
            v.extend("format = 1\n".encode_utf16().flat_map(u16::to_le_bytes));
            v
        }),
        ("nul bytes".into(), vec![0; 64]),
        ("lone continuation".into(), vec![0x80; 16]),
        (
            "truncated utf-8".into(),
            b"format = 1\ntitle = \"\xE5\xAE".to_vec(),
        ),
        (
            "png header".into(),
            b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec(),
        ),
    ];
    for seed in 1..=8u64 {
        cases.push((
            format!("random seed {seed}"),
            xorshift(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15), 4096),
        ));
    }
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in cases {
        let path = dir.path().join("garbage.toml");
        std::fs::write(&path, &bytes).unwrap();
        let p = path.to_str().unwrap();
        for format in ["human", "json", "github"] {
            let out = stagecall(&["check", "--format", format, p]);
            assert_no_panic(&name, &out);
            assert_eq!(
                code(&out),
                1,
                "{name} ({format}): stdout:\n{}",
                stdout(&out)
            );
        }
        let out = stagecall(&["sheet", p]);
        assert_no_panic(&name, &out);
        assert_eq!(code(&out), 1, "{name}: sheet");
    }
}

/// Regression: a span guessed from a `[table]` header used to end inside a
/// CJK character when the table was written inline, and the renderer panicked.
#[test]
fn inline_tables_with_cjk_render_without_panic() {
    let dir = tempfile::tempdir().unwrap();
    for text in [
        "format = 1\nsession = {title=\"双双\"}\n",
        "format = 1\nsession = {title = \"x\", start = \"20:00\", end = \"21:00\"}\ncue = [{at=\"双双\"}]\n",
        "format = 1\nsession = {hosts=\"双\"}\n",
    ] {
        let path = dir.path().join("inline.toml");
        std::fs::write(&path, text).unwrap();
        let out = stagecall(&["check", path.to_str().unwrap()]);
        assert_no_panic(text, &out);
        assert_eq!(code(&out), 1, "{text}");
        assert!(
            stdout(&out).contains("missing required key"),
            "{}",
            stdout(&out)
        );
    }
}

/// `nan` and `inf` are TOML floats, and no price, budget or target: every
/// float in a plan is refused when it is not finite, on its own line.
#[test]
fn rejects_nan_and_inf_in_every_float() {
    let text = std::fs::read_to_string(root().join("plans/kuaishou-brand-4h.toml")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let keys = [
        "roi_target",
        "gmv_target",
        "list_price",
        "live_price",
        "unit_cost",
        "price",
        "budget",
    ];
    for key in keys {
        let (line_no, line) = text
            .lines()
            .enumerate()
            .find(|(_, l)| l.trim_start().starts_with(&format!("{key} =")))
            .unwrap_or_else(|| panic!("the example plan has no `{key}`"));
        for value in ["nan", "+inf", "-inf", "-nan"] {
            let indent = &line[..line.len() - line.trim_start().len()];
            let edited: String = text
                .lines()
                .enumerate()
                .map(|(i, l)| {
                    if i == line_no {
                        format!("{indent}{key} = {value}\n")
                    } else {
                        format!("{l}\n")
                    }
                })
                .collect();
            let path = dir.path().join("nan.toml");
            std::fs::write(&path, edited).unwrap();
            let (status, diags, _) = check_json(&[path.to_str().unwrap()], &[]);
            assert_eq!(status, 1, "{key} = {value}: {}", list(&diags));
            assert!(
                diags.iter().any(|d| d.severity == "error"
                    && d.line == line_no + 1
                    && d.message.contains(key)
                    && d.message.contains("not a usable")),
                "{key} = {value}: expected an error on line {}; got:\n{}",
                line_no + 1,
                list(&diags)
            );
        }
    }
}

/// A file over the limit is refused with its own size, not the limit's.
#[test]
fn huge_file_says_how_large_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.toml");
    let f = std::fs::File::create(&path).unwrap();
    f.set_len(65 * 1024 * 1024).unwrap();
    drop(f);
    let p = path.to_str().unwrap();
    let (status, diags, _) = check_json(&[p], &[]);
    assert_eq!(status, 1);
    assert_eq!(diags.len(), 1, "{}", list(&diags));
    assert_eq!(
        diags[0].message, "file is too large to be a plan (65.0 MiB; the limit is 64 MiB)",
        "{}",
        diags[0]
    );
    let (_, human) = check_human(&[p]);
    assert!(human.contains("65.0 MiB"), "{human}");
}

/// A whole number too large to hold is one error that says so,
/// not "expected a whole number, found a whole number" plus a `format`
/// reported missing; a fraction where a whole number goes says fraction.
#[test]
fn number_too_large_is_one_clear_error() {
    let text = std::fs::read_to_string(root().join("plans/minimal.toml")).unwrap();
    assert!(text.contains("format = 1\n"));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("format.toml");
    for (format, says) in [
        (
            "18446744073709551616",
            "number 18446744073709551616 is too large",
        ),
        (
            "-99999999999999999999",
            "number -99999999999999999999 is too small",
        ),
        (
            "1.5",
            "expected a whole number, found a number with a fraction",
        ),
        ("\"1\"", "expected a whole number, found text"),
    ] {
        std::fs::write(
            &path,
            text.replace("format = 1\n", &format!("format = {format}\n")),
        )
        .unwrap();
        let (status, diags, _) = check_json(&[path.to_str().unwrap()], &[]);
        assert_eq!(status, 1, "{format}");
        assert_eq!(diags.len(), 1, "format = {format}:\n{}", list(&diags));
        assert_eq!(diags[0].message, says, "{}", diags[0]);
        assert!(!diags[0].message.contains("missing"), "{}", diags[0]);
    }
    // Without a `format` at all, it is still missing.
    std::fs::write(&path, text.replace("format = 1\n", "")).unwrap();
    let (_, diags, _) = check_json(&[path.to_str().unwrap()], &[]);
    assert!(
        diags
            .iter()
            .any(|d| d.message == "missing required key `format`"),
        "{}",
        list(&diags)
    );
}
