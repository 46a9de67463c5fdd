//! `stagecall check`, one test per rule of the plan-format contract
//! (`docs/plan-format.md`, "What `stagecall check` must reject" and "What
//! it warns about") where the rule says more than its fixture's
//! `# expect:` line: the fix it offers, what it must not cascade into, a
//! variant of the fixture. A fixture whose expectation says it all has
//! only its generated test (`fixtures.rs`).

use crate::check::{check_human, check_json, fixture_diags, list};
use crate::util::root;

#[test]
fn rejects_merge_conflict_markers() {
    let diags = fixture_diags("tests/fixtures/invalid/merge-conflict.toml");
    // Each of the three marker lines is named.
    let lines: Vec<usize> = diags.iter().map(|d| d.line).collect();
    assert_eq!(lines, [8, 10, 12], "{}", list(&diags));
    let (_, human) = check_human(&["tests/fixtures/invalid/merge-conflict.toml"]);
    assert!(human.contains("resolve the merge conflict"), "{human}");
}

#[test]
fn rejects_gbk_naming_the_line() {
    let diags = fixture_diags("tests/fixtures/invalid/gbk.toml");
    let d = &diags[0];
    assert!(d.help.as_deref().unwrap().contains("GBK"), "{d}");
    let (_, human) = check_human(&["tests/fixtures/invalid/gbk.toml"]);
    assert!(
        human.contains("tests/fixtures/invalid/gbk.toml:5:"),
        "{human}"
    );
}

#[test]
fn rejects_whitespace_only_as_an_empty_file() {
    // An empty file is `invalid/empty.toml`, with its generated test;
    // whitespace only is empty too.
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
fn rejects_missing_title() {
    let diags = fixture_diags("tests/fixtures/invalid/missing-title.toml");
    assert!(
        diags.iter().any(|d| d.message.contains("session.title")),
        "{}",
        list(&diags)
    );
}

#[test]
fn rejects_missing_start() {
    let diags = fixture_diags("tests/fixtures/invalid/missing-start.toml");
    assert!(
        diags.iter().any(|d| d.message.contains("session.start")),
        "{}",
        list(&diags)
    );
}

#[test]
fn rejects_unknown_key_with_did_you_mean() {
    let diags = fixture_diags("tests/fixtures/invalid/unknown-key-typo.toml");
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
    let diags = fixture_diags("tests/fixtures/invalid/cue-time-key.toml");
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
        let diags = fixture_diags(rel);
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

/// The countdown's message and its fix name the same units, and a unit
/// written as a word says which letter to write.
#[test]
fn rejects_malformed_countdown_naming_the_same_units_as_its_help() {
    let rel = "tests/fixtures/invalid/bad-countdown.toml";
    let diags = fixture_diags(rel);
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
fn rejects_negative_budget_without_follow_on_noise() {
    let diags = fixture_diags("tests/fixtures/invalid/negative-budget.toml");
    // The unusable slot budget is not also counted as "unallocated".
    assert_eq!(diags.len(), 1, "{}", list(&diags));
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
    let diags = fixture_diags("tests/fixtures/invalid/unknown-sku-ref.toml");
    assert!(diags[0].message.contains("`QB-002`"), "{}", diags[0]);
}

/// A misspelt `[[group.items]]` is one error, and the cues and welfare
/// that use its products do not cascade into "did you mean" another SKU.
#[test]
fn group_items_typo_is_one_error_without_cascade() {
    let rel = "tests/fixtures/invalid/group-items-typo.toml";
    let diags = fixture_diags(rel);
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

/// `from` and `to` written the same: the slot is empty, not backwards,
/// and its budget is not then reported as unallocated.
#[test]
fn rejects_empty_slot_saying_it_is_empty() {
    let rel = "tests/fixtures/invalid/slot-empty.toml";
    let diags = fixture_diags(rel);
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
fn rejects_clock_time_in_dst_gap() {
    let diags = fixture_diags("tests/fixtures/invalid/dst-gap-clock.toml");
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
        let diags = fixture_diags(rel);
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
    let diags = fixture_diags("tests/fixtures/invalid/welfare-unknown-sku.toml");
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
    let diags = fixture_diags("tests/fixtures/invalid/welfare-negative-price.toml");
    assert_eq!(diags.len(), 1, "{}", list(&diags));
}

#[test]
fn rejects_advance_outside_its_set_listing_the_allowed_values() {
    let rel = "tests/fixtures/invalid/enum-advance.toml";
    let diags = fixture_diags(rel);
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
    let diags = fixture_diags("tests/fixtures/invalid/dst-gap-task.toml");
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
fn warns_who_not_in_crew_only_when_crew_is_given() {
    // With [crew], `warn/who-not-crew.toml` (its generated test) warns.
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
