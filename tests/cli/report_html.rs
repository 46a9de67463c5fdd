//! `stagecall report --format html`: the printable review with its charts.
//! Structure (four SVG charts, the figures' tables), escaping of plan and
//! log text, that the page is self-contained, what it shows without
//! readings, a snapshot, the example under `docs/` kept current, and a
//! real print to PDF in headless Chromium with CJK fonts.

#[path = "../../examples/support/review_log.rs"]
mod review_log;

use std::path::PathBuf;

use crate::report_support::*;
use crate::util::cdp::{pdf_pages, print_to_pdf};

fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The page is one document whose every element is closed.
fn assert_well_formed(page: &str) {
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.contains("<meta charset=\"utf-8\">"));
    assert!(page.trim_end().ends_with("</html>"));
    for (open, close) in [
        ("<tr", "</tr>"),
        ("<td", "</td>"),
        ("<li>", "</li>"),
        ("<svg ", "</svg>"),
        ("<figure>", "</figure>"),
        ("<text ", "</text>"),
        ("<table>", "</table>"),
    ] {
        assert_eq!(count(page, open), count(page, close), "{open}");
    }
}

#[test]
fn the_page_draws_four_charts_and_shows_the_figures() {
    let page = numbers_report("html");
    assert_well_formed(&page);
    assert_eq!(count(&page, "<svg "), 4, "Gantt, online, GMV, slots");
    // The Gantt: a planned and an actual bar per cue that aired.
    assert_eq!(count(&page, "<rect class=\"plan\""), 2);
    assert_eq!(count(&page, "<rect class=\"act "), 2);
    // The late pitch (3 min) is drawn late.
    assert_eq!(count(&page, "<rect class=\"act late\""), 1);
    // The online curve with the release marked, the pace line, the slot.
    assert!(page.contains("<path class=\"online\""));
    assert_eq!(count(&page, "<line class=\"rel\""), 1);
    assert!(page.contains("★开场福袋"));
    assert!(page.contains("<line class=\"pace\""));
    assert!(page.contains("<path class=\"gmv\""));
    assert!(page.contains("<rect class=\"roi under\""));
    assert!(
        page.contains("<rect class=\"spend over\""),
        "4000 of a 1000 budget"
    );
    for text in [
        "¥13,000",
        "26% of ¥50,000 目标",
        "峰值 peak 2,500",
        "<td class=\"n\">¥2,000</td><td class=\"n\">40</td><td class=\"n\">1,600</td><td class=\"n\">1,338</td><td class=\"n\">¥153.85</td>",
        "<td class=\"n\">1,000</td><td class=\"n\">1,400</td><td class=\"n good\">+400</td>",
        "<td class=\"n\">100%</td><td class=\"t\">20:20</td>",
        "<td class=\"n bad\">3.00</td>",
        "@media print",
        "size: A4 portrait",
        "\"Noto Sans CJK SC\", \"Source Han Sans SC\", \"PingFang SC\"",
    ] {
        assert!(page.contains(text), "missing {text:?}");
    }
}

#[test]
fn without_readings_the_charts_say_so_and_nothing_is_invented() {
    let (_d, p) = setup(&plan_with_numbers(), &log_text());
    let page = report_at(&p, &["--at", AT, "--format", "html"]);
    assert_well_formed(&page);
    assert!(page.contains("没有在线人数读数 No readings of online"));
    assert!(!page.contains("<path class=\"online\""));
    assert!(!page.contains("<path class=\"gmv\""));
    // The target's pace is drawn; GMV is not.
    assert!(page.contains("<line class=\"pace\""));
    assert!(page.contains("<b>GMV 成交额</b><span>—</span>"));
    assert!(page.contains("<b>订单 Orders</b><span>—</span>"));
    assert!(
        !page.contains("<td class=\"n\">¥0</td>"),
        "no figure shows as 0"
    );
    assert!(!page.contains("<rect class=\"spend"));
}

const EVIL: &str = r#"format = 1
[session]
title = "<script>alert('t')</script> & \"专场\""
date = 2026-11-11
start = "20:00"
duration = "1h"
timezone = "Asia/Shanghai"
hosts = ["<b>棉姐</b>"]
gmv_target = 1000
[[group]]
id = "g"
name = "<i>g</i>"
  [[group.item]]
  sku = "A-1"
  name = "<img src=x onerror=alert(1)>"
  live_price = 9.9
  stock = 10
[[welfare]]
id = "bag"
kind = "lucky_bag"
name = "<svg onload=alert(2)>"
[traffic]
[[traffic.slot]]
id = "s"
from = "20:00"
to = "20:30"
budget = 100
channel = "</text><script>alert(3)</script>"
[[cue]]
id = "open"
title = "<script>alert(1)</script>"
welfare = ["bag"]
items = ["A-1"]
checklist = [{ task = "<i>上链接</i> & go" }]
"#;

#[test]
fn plan_and_log_text_is_escaped_in_the_page_and_its_charts() {
    let log = [
        metrics("12:00:00", r#""online":10,"gmv":0,"spend":{"s":0}"#),
        line("12:01:00", r#""event":"release","welfare":"bag""#),
        line(
            "12:02:00",
            r#""event":"skip","cue":"open","task":"<i>上链接</i> & go""#,
        ),
        line(
            "12:03:00",
            r#""event":"note","text":"<script>alert(4)</script>""#,
        ),
        metrics(
            "12:04:00",
            r#""online":20,"gmv":90,"sold":{"A-1":10},"spend":{"s":50}"#,
        ),
    ]
    .join("\n")
        + "\n";
    let (_d, p) = setup(EVIL, &log);
    let page = report_at(&p, &["--at", AT, "--format", "html"]);
    assert_well_formed(&page);
    for bad in [
        "<script",
        "<img",
        "<b>棉姐",
        "<i>",
        "<svg onload",
        "</text><",
    ] {
        assert!(!page.contains(bad), "{bad:?} got through:\n{page}");
    }
    for text in [
        "&lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt; &amp; &quot;专场&quot;",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "&lt;img src=x onerror=alert(1)&gt;",
        "&lt;svg onload=alert(2)&gt;",
        "&lt;/text&gt;&lt;script&gt;alert(3)",
        "&lt;script&gt;alert(4)&lt;/script&gt;",
        "&lt;i&gt;上链接&lt;/i&gt; &amp; go",
        "&lt;b&gt;棉姐&lt;/b&gt;",
    ] {
        assert!(page.contains(text), "missing {text:?} in\n{page}");
    }
}

#[test]
fn the_page_is_self_contained() {
    for page in [numbers_report("html"), four_hour_page().1] {
        for bad in [
            "http", "<link", "<script", "src=", "@import", "url(", "<iframe", "<img",
        ] {
            assert!(!page.contains(bad), "contains {bad:?}");
        }
        assert_eq!(count(&page, "<style>"), 1, "the CSS is inline");
    }
}

#[test]
fn html_snapshot() {
    insta::assert_snapshot!("numbers_html", numbers_report("html"));
}

/// The 4-hour example plan rehearsed with `examples/review_log`'s log:
/// (the log, the page).
fn four_hour_page() -> (tempfile::TempDir, String) {
    let plan = root().join("plans/kuaishou-brand-4h.toml");
    let bytes = std::fs::read(&plan).expect("the example plan");
    let env = stagecall::core::plan::Env {
        local_tz: chrono_tz::Asia::Shanghai,
        now: chrono::DateTime::parse_from_rfc3339("2026-11-01T00:00:00Z")
            .expect("instant")
            .to_utc(),
    };
    let checked = stagecall::core::check("kuaishou-brand-4h.toml", &bytes, &env);
    let (p, s) = checked.ok().expect("the example plan checks");
    let dir = tempfile::tempdir().expect("tempdir");
    let log = dir.path().join("show.log");
    std::fs::write(&log, review_log::lines(p, s).join("\n") + "\n").expect("log");
    let page = report_at(
        &plan,
        &[
            "--rehearsal",
            "--state",
            log.to_str().expect("path"),
            "--format",
            "html",
        ],
    );
    (dir, page)
}

#[test]
fn the_example_in_docs_is_the_four_hour_rehearsal_and_is_current() {
    let (_dir, page) = four_hour_page();
    assert_well_formed(&page);
    assert_eq!(count(&page, "<svg "), 4);
    assert!(page.contains("REHEARSAL 彩排"));
    // Every planned welfare was released, each with its audience.
    assert_eq!(count(&page, "<line class=\"rel\""), 8);
    assert!(page.contains("福利留人 Did the welfare hold the audience?"));
    let doc = root().join("docs/report-example.html");
    if std::env::var_os("STAGECALL_UPDATE_DOCS").is_some() {
        std::fs::write(&doc, &page).expect("write the example");
    }
    let current = std::fs::read_to_string(&doc).unwrap_or_default();
    assert!(
        current == page,
        "docs/report-example.html is out of date: run `STAGECALL_UPDATE_DOCS=1 cargo test --test report_html`"
    );
}

#[test]
#[ignore = "needs chromium: `cargo test -- --ignored` (.ci/run installs it)"]
fn prints_to_pdf_in_headless_chromium() {
    let (dir, page) = four_hour_page();
    let (bytes, log) = print_to_pdf(&page, dir.path());
    assert!(bytes.starts_with(b"%PDF"), "no PDF:\n{log}");
    let pages = pdf_pages(&bytes);
    assert!(
        pages >= 2,
        "a 4-hour review is more than a page: {pages}\n{log}"
    );
    // The Chinese text was set in a CJK font of the page's stack, not
    // boxes: the PDF names the font it embedded.
    let text = String::from_utf8_lossy(&bytes);
    let cjk = [
        "Noto Sans CJK",
        "NotoSansCJK",
        "Source Han Sans",
        "SourceHanSans",
        "PingFang",
        "Hiragino",
        "YaHei",
        "WenQuanYi",
    ];
    assert!(
        cjk.iter().any(|f| text.contains(f)),
        "no CJK font embedded (install fonts-noto-cjk):\n{log}"
    );
    eprintln!(
        "chromium printed the 4-hour review to {pages} A4 page(s), {} bytes",
        bytes.len()
    );
}
