//! `stagecall sheet --format html`: the printable run sheet. Structure (a
//! row per cue, a checkbox per task), escaping of plan text, that the page is
//! self-contained, a snapshot, and a real print to PDF in headless Chromium
//! (`#[ignore = "needs chromium"]`; .ci/run installs it and runs it).

use std::process::Output;

use serde_json::Value;

use crate::util::cdp::{pdf_pages, print_to_pdf};
use crate::util::plan::Raw;
use crate::util::{PlanBuilder, stagecall};

fn run(args: &[&str]) -> Output {
    stagecall(args).ok()
}

fn html(plan: &str) -> String {
    String::from_utf8(run(&["sheet", plan, "--format", "html"]).stdout).expect("UTF-8")
}

fn json(plan: &str) -> Value {
    serde_json::from_slice(&run(&["sheet", plan, "--format", "json"]).stdout).expect("JSON")
}

fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

const PLANS: [&str; 3] = [
    "plans/minimal.toml",
    "plans/kuaishou-brand-4h.toml",
    "plans/douyin-night-midnight.toml",
];

#[test]
fn one_cue_row_per_cue_and_one_checkbox_per_task() {
    for plan in PLANS {
        let page = html(plan);
        let rows = json(plan)["rows"].as_array().expect("rows").clone();
        let of = |kind: &str| rows.iter().filter(|r| r["kind"] == kind).count();
        let tasks: usize = rows
            .iter()
            .map(|r| r["tasks"].as_array().map_or(0, Vec::len))
            .sum();
        assert!(of("cue") > 0, "{plan}: no cues?");
        assert_eq!(count(&page, "<tr class=\"cue\">"), of("cue"), "{plan}");
        assert_eq!(
            count(&page, "<tr class=\"slot slot-start\">"),
            of("slot_start"),
            "{plan}"
        );
        assert_eq!(
            count(&page, "<tr class=\"slot slot-end\">"),
            of("slot_end"),
            "{plan}"
        );
        assert_eq!(count(&page, "<input type=\"checkbox\">"), tasks, "{plan}");
        // Every opened row, cell and list item is closed.
        for (open, close) in [("<tr", "</tr>"), ("<td", "</td>"), ("<li>", "</li>")] {
            assert_eq!(count(&page, open), count(&page, close), "{plan}: {open}");
        }
        assert!(page.starts_with("<!DOCTYPE html>"), "{plan}");
        assert!(page.contains("<meta charset=\"utf-8\">"), "{plan}");
        assert!(page.trim_end().ends_with("</html>"), "{plan}");
    }
}

#[test]
fn the_page_shows_the_session_and_each_cue() {
    let page = html("plans/kuaishou-brand-4h.toml");
    for text in [
        "棉语家纺 双11品牌专场",
        "2026-11-11 周三",
        "19:00–23:00",
        "Asia/Shanghai",
        "快手 kuaishou",
        "棉姐、阿朵",
        "control 大刘",
        "ads 小周",
        // A product with its live price, a welfare action, a task's owner.
        "<span class=\"price\">¥9.9</span> A类纯棉枕套（一对装）",
        "福袋 开场福袋：纯棉枕套一对 ×100",
        "<span class=\"who\">control: 大刘</span>",
        // A task due part-way through its cue leads with its time.
        "<span class=\"at\">19:32</span>四件套素材追投",
        "@media print",
        "break-inside: avoid",
        "size: A4 portrait",
    ] {
        assert!(page.contains(text), "missing {text:?}");
    }
}

#[test]
fn a_show_past_midnight_gets_a_day_line_and_plus_one_day_times() {
    let page = html("plans/douyin-night-midnight.toml");
    assert_eq!(count(&page, "<tr class=\"day\">"), 1, "{page}");
    assert!(page.contains("(+1d)"));
    // The cue that runs into the next day says so at its end.
    assert!(page.contains("<small class=\"day\">+1d</small>"));
}

#[test]
fn plan_text_is_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("evil.toml");
    std::fs::write(
        &path,
        PlanBuilder::new("<script>alert('t')</script> & \"专场\"")
            .session("hosts", ["<b>棉姐</b>"])
            .crew("control", "<img src=x onerror=alert(1)>")
            .cue("<script>alert(1)</script>")
            .set("segment", "a<b>c")
            .set(
                "checklist",
                Raw(r#"[{ task = "<i>上链接</i> & go", who = "control" }]"#),
            )
            .build(),
    )
    .unwrap();
    let page = html(path.to_str().unwrap());
    assert!(!page.contains("<script"), "{page}");
    assert!(!page.contains("<img"), "{page}");
    assert!(!page.contains("<b>棉姐"), "{page}");
    assert!(!page.contains("<i>"), "{page}");
    for text in [
        "<h1>&lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt; &amp; &quot;专场&quot;</h1>",
        "<title>&lt;script&gt;",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "&lt;img src=x onerror=alert(1)&gt;",
        "a&lt;b&gt;c",
        "&lt;i&gt;上链接&lt;/i&gt; &amp; go",
    ] {
        assert!(page.contains(text), "missing {text:?} in\n{page}");
    }
}

#[test]
fn the_page_is_self_contained() {
    for plan in PLANS {
        let page = html(plan);
        for bad in [
            "http", "<link", "<script", "src=", "@import", "url(", "<iframe",
        ] {
            assert!(!page.contains(bad), "{plan}: contains {bad:?}");
        }
        assert_eq!(count(&page, "<style>"), 1, "{plan}: the CSS is inline");
    }
}

#[test]
fn minimal_html_snapshot() {
    insta::assert_snapshot!("minimal_html", html("plans/minimal.toml"));
}

#[test]
#[ignore = "needs chromium: `cargo test -- --ignored` (.ci/run installs it)"]
fn prints_to_pdf_in_headless_chromium() {
    let dir = tempfile::tempdir().unwrap();
    let (bytes, log) = print_to_pdf(&html("plans/kuaishou-brand-4h.toml"), dir.path());
    assert!(bytes.starts_with(b"%PDF"), "chromium wrote no PDF:\n{log}");
    let pages = pdf_pages(&bytes);
    assert!(pages >= 1, "the PDF has no pages:\n{log}");
    eprintln!(
        "chromium printed the 4-hour plan to {pages} A4 page(s), {} bytes",
        bytes.len()
    );
}
