//! Property tests for `check`: whatever bytes a plan file holds, loading it
//! never panics, and every problem it reports can be shown to a person.
//!
//! These call the library directly (no process per case) and also render
//! every diagnostic in all three `check` formats, since the renderers slice
//! the source text by the diagnostic spans.

use chrono::{TimeZone, Utc};
use proptest::prelude::*;
use stagecall::render::diagnostics;
use stagecall_core::Checked;
use stagecall_core::plan::Env;

fn env() -> Env {
    Env {
        now: Utc.with_ymd_and_hms(2026, 11, 21, 3, 0, 0).unwrap(),
        local_tz: chrono_tz::Asia::Shanghai,
    }
}

/// Checks `bytes` and renders the result every way the CLI can.
fn check_and_render(bytes: &[u8]) -> Checked {
    let checked = stagecall_core::check("prop.toml", bytes, &env());
    let _ = diagnostics::human(&checked.source, &checked.diagnostics, false);
    let _ = diagnostics::human(&checked.source, &checked.diagnostics, true);
    let _ = diagnostics::json(&checked.source, &checked.diagnostics);
    let _ = diagnostics::github(&checked.source, &checked.diagnostics);
    let _ = diagnostics::summary(&checked);
    if let Some((plan, sched)) = checked.ok() {
        let _ = stagecall::render::sheet::table(plan, sched);
        let _ = stagecall::render::sheet::markdown(plan, sched);
        let _ = stagecall::render::sheet::csv(plan, sched);
        let _ = stagecall::render::sheet::to_json(plan, sched);
    }
    checked
}

const EXAMPLES: &[(&str, &str)] = &[
    (
        "kuaishou-brand-4h",
        include_str!("../../plans/kuaishou-brand-4h.toml"),
    ),
    (
        "douyin-night-midnight",
        include_str!("../../plans/douyin-night-midnight.toml"),
    ),
    ("minimal", include_str!("../../plans/minimal.toml")),
    (
        "dst-new-york",
        include_str!("../fixtures/valid/dst-new-york.toml"),
    ),
    ("flowing", include_str!("../fixtures/valid/flowing.toml")),
    (
        "extensions",
        include_str!("../fixtures/valid/extensions.toml"),
    ),
    (
        "additions",
        include_str!("../fixtures/valid/additions.toml"),
    ),
];

const HEADERS: &[&str] = &[
    "[session]",
    "[crew]",
    "[[group]]",
    "[[group.item]]",
    "[[welfare]]",
    "[[warmup]]",
    "[traffic]",
    "[[traffic.slot]]",
    "[[cue]]",
    "[sesion]",
    "[[cue.checklist]]",
];

const KEYS: &[&str] = &[
    "format",
    "title",
    "platform",
    "date",
    "start",
    "end",
    "duration",
    "timezone",
    "hosts",
    "gmv_target",
    "currency",
    "host",
    "ads",
    "control",
    "id",
    "name",
    "role",
    "audience",
    "sku",
    "list_price",
    "live_price",
    "stock",
    "limit",
    "pitch",
    "kind",
    "quantity",
    "unit_cost",
    "rule",
    "trigger",
    "countdown",
    "at",
    "channel",
    "target_reservations",
    "checklist",
    "budget",
    "from",
    "to",
    "roi_target",
    "segment",
    "items",
    "welfare",
    "script",
    "durration",
    "标题",
    // Tables written inline: `session = { … }`, `cue = [{ … }]`.
    "session",
    "crew",
    "group",
    "welfare",
    "warmup",
    "traffic",
    "cue",
];

const VALUES: &[&str] = &[
    "1",
    "2",
    "0",
    "-5",
    "2.5",
    "-0.01",
    "1e300",
    "nan",
    "inf",
    "9223372036854775807",
    "true",
    "\"\"",
    "\"20:00\"",
    "\"23:59:59\"",
    "\"00:30\"",
    "\"24:00\"",
    "\"+1:30\"",
    "\"+90m\"",
    "\"-3d\"",
    "\"-1d2h\"",
    "\"5m\"",
    "\"1h30m\"",
    "\"30m1h\"",
    "\"99999999h\"",
    "\"+99999999:00\"",
    "\"kuaishou\"",
    "\"抖音\"",
    "\"lucky_bag\"",
    "\"福袋\"",
    "\"short_video\"",
    "\"hero\"",
    "\"Asia/Shanghai\"",
    "\"America/New_York\"",
    "\"Mars/Olympus\"",
    "\"QB-001\"",
    "\"双11 家纺专场\"",
    "2026-11-11",
    "2026-02-30",
    "20:00:00",
    "2026-11-11T20:00:00",
    "2026-11-11T20:00:00+08:00",
    "2026-03-08T02:30:00",
    "[\"QB-001\"]",
    "[\"bag-open\", \"nope\"]",
    "[]",
    "[1, 2]",
    "[{ task = \"开启金牛计划A\", who = \"ads\", at = \"+1m\" }]",
    "[\"灯光\", { task = \"x\", who = \"nobody\", at = \"+99h\" }]",
    "[{ who = \"ads\" }]",
    "{ host = \"三姐\" }",
    "{ title = \"双\" }",
    "{title=\"双双\"}",
    "{ title = \"x\", start = \"20:00\", end = \"21:00\" }",
    "[{at=\"双双\"}]",
    "[{ id = \"双\", sku = \"双\" }]",
    "{ budget = -1, slot = [{ id = \"双\" }] }",
    "[{ item = [{ name = \"双双双\" }] }]",
    "\"\"\"\n多行\n话术\n\"\"\"",
];

fn toml_ish_line() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(HEADERS).prop_map(str::to_owned),
        8 => (prop::sample::select(KEYS), prop::sample::select(VALUES)).prop_map(|(k, v)| format!("{k} = {v}")),
        2 => inline_table_line(),
        1 => "[ -~]{0,20}",
        1 => Just(String::new()),
    ]
}

/// A table written inline, `cue = [{ title = "双" }]`: its span starts at the
/// brace, so any "point at the header" shortcut lands inside the text.
fn inline_table_line() -> impl Strategy<Value = String> {
    prop::sample::select(
        &[
            "session",
            "crew",
            "group",
            "welfare",
            "warmup",
            "traffic",
            "cue",
            "traffic.slot",
        ][..],
    )
    .prop_flat_map(inline_table)
}

fn inline_table(table: &'static str) -> impl Strategy<Value = String> {
    let pair = (
        prop::sample::select(KEYS),
        prop_oneof![
            prop::sample::select(VALUES).prop_map(str::to_owned),
            "\"[双a-z0-9:+ ]{0,6}\""
        ],
    )
        .prop_map(|(k, v)| format!("{k}={v}"));
    (
        any::<bool>(),
        prop::collection::btree_map(prop::sample::select(KEYS), pair, 0..4),
    )
        .prop_map(move |(array, pairs)| {
            let body = format!("{{{}}}", pairs.into_values().collect::<Vec<_>>().join(", "));
            if array {
                format!("{table} = [{body}]")
            } else {
                format!("{table} = {body}")
            }
        })
}

/// `format = 1` and a few distinct tables, all written inline.
fn inline_plan() -> impl Strategy<Value = String> {
    prop::sample::subsequence(
        &[
            "session", "crew", "group", "welfare", "warmup", "traffic", "cue",
        ][..],
        1..5,
    )
    .prop_flat_map(|tables| tables.into_iter().map(inline_table).collect::<Vec<_>>())
    .prop_map(|lines| format!("format = 1\n{}\n", lines.join("\n")))
}

fn toml_ish_text() -> impl Strategy<Value = String> {
    (
        any::<bool>(),
        prop::collection::vec(toml_ish_line(), 0..40),
        any::<bool>(),
    )
        .prop_map(|(format, lines, crlf)| {
            let mut text = if format {
                "format = 1\n".to_string()
            } else {
                String::new()
            };
            text.push_str(&lines.join("\n"));
            if crlf {
                text.replace('\n', "\r\n")
            } else {
                text
            }
        })
}

/// Every error points at a real line of the file, and every span is a
/// valid slice of the text (so any renderer can show it).
fn assert_errors_have_lines(name: &str, text: &str, checked: &Checked) {
    let lines = text.lines().count().max(1);
    for d in &checked.diagnostics {
        let Some(span) = &d.span else {
            assert!(!d.is_error(), "{name}: error without a span: {d:?}");
            continue;
        };
        assert!(
            span.start <= span.end && checked.source.text.get(span.clone()).is_some(),
            "{name}: span {span:?} is not a slice of the text: {d:?}"
        );
        let (line, _) = checked.source.line_col(span.start);
        assert!(
            (1..=lines).contains(&line),
            "{name}: line {line} outside 1..={lines}: {d:?}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        let checked = check_and_render(&bytes);
        // Garbage is never a plan.
        prop_assert!(checked.has_errors() || checked.plan.is_some());
    }

    #[test]
    fn arbitrary_bytes_after_a_valid_prefix_never_panic(
        which in 0..EXAMPLES.len(),
        cut in any::<prop::sample::Index>(),
        tail in prop::collection::vec(any::<u8>(), 0..256),
    ) {
        let text = EXAMPLES[which].1.as_bytes();
        let mut bytes = text[..cut.index(text.len())].to_vec();
        bytes.extend(tail);
        check_and_render(&bytes);
    }

    #[test]
    fn toml_ish_text_never_panics(text in toml_ish_text()) {
        let checked = check_and_render(text.as_bytes());
        if checked.plan.is_none() {
            prop_assert!(checked.has_errors(), "no plan and no error for:\n{text}");
        }
    }

    #[test]
    fn inline_tables_never_panic(text in inline_plan()) {
        let checked = check_and_render(text.as_bytes());
        assert_errors_have_lines("inline plan", &text, &checked);
    }

    #[test]
    fn example_with_a_line_deleted_never_panics(which in 0..EXAMPLES.len(), line in any::<prop::sample::Index>()) {
        let (name, text) = EXAMPLES[which];
        let mut lines: Vec<&str> = text.lines().collect();
        let gone = line.index(lines.len());
        lines.remove(gone);
        let edited = lines.join("\n");
        let checked = check_and_render(edited.as_bytes());
        assert_errors_have_lines(&format!("{name} without line {}", gone + 1), &edited, &checked);
    }

    #[test]
    fn example_with_two_lines_swapped_never_panics(
        which in 0..EXAMPLES.len(),
        a in any::<prop::sample::Index>(),
        b in any::<prop::sample::Index>(),
    ) {
        let (name, text) = EXAMPLES[which];
        let mut lines: Vec<&str> = text.lines().collect();
        let (a, b) = (a.index(lines.len()), b.index(lines.len()));
        lines.swap(a, b);
        let edited = lines.join("\n");
        let checked = check_and_render(edited.as_bytes());
        assert_errors_have_lines(&format!("{name} with lines {} and {} swapped", a + 1, b + 1), &edited, &checked);
    }
}
