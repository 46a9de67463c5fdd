//! Hostile bytes never reach a terminal raw. Plan text, file names and the
//! live log (which any crew member writes in team mode) can hold terminal
//! escapes: an OSC 52 clipboard write, a screen clear, a title set, a C1
//! CSI (U+009B), a BiDi override (U+202E). Every human-readable output
//! shows them as visible stand-ins (`␛`, `\u{9b}`, `\u{202e}`); JSON keeps
//! the exact strings, escaped; CSV keeps its formula guard; Markdown
//! escapes raw HTML.

use std::path::Path;
use std::process::Output;

use serde_json::Value;

use crate::util;

/// The payload, as it reaches a program: clipboard write, screen clear,
/// title set, bell, C1 CSI, a BiDi override and an isolate.
const EVIL: &str =
    "\u{1b}]52;c;cHduZWQ=\u{7}\u{1b}[2J\u{1b}]0;pwned\u{7}\u{9b}31m\u{202e}lave\u{2066}x";

/// The payload as a TOML basic string's contents.
const EVIL_TOML: &str =
    r"\u001B]52;c;cHduZWQ=\u0007\u001B[2J\u001B]0;pwned\u0007\u009B31m\u202Elave\u2066x";

fn plan() -> String {
    r#"format = 1
[session]
title = "EVIL 双11 <script>alert(1)</script>"
date = 2026-11-11
start = "20:00"
duration = "1h"
timezone = "Asia/Shanghai"
hosts = ["EVIL"]
currency = "EVIL"
[crew]
control = "EVIL"
ads = "EVIL"
[[group]]
id = "g"
name = "EVIL"
  [[group.item]]
  sku = "A-1EVIL"
  name = "枕套EVIL"
  list_price = 59
  live_price = 9.9
  pitch = ["EVIL"]
[[welfare]]
id = "bag"
kind = "lucky_bag"
name = "=HYPERLINK(\"http://x\")EVIL"
quantity = 50
unit_cost = 10
rule = "EVIL"
trigger = "EVIL"
countdown = "3m"
[[warmup]]
id = "teaser"
at = "-2h"
title = "EVIL"
checklist = ["EVIL"]
[traffic]
budget = 1000
[[traffic.slot]]
id = "burstEVIL"
from = "20:00"
to = "20:30"
budget = 1000
channel = "EVIL"
audience = "EVIL"
[[cue]]
id = "openEVIL"
duration = "10m"
title = "开场EVIL"
segment = "EVIL"
script = "EVIL"
welfare = ["bag"]
checklist = ["灯光EVIL", { task = "开金牛EVIL", who = "ads" }]
[[cue]]
id = "pitch"
title = "讲解 <b>EVIL</b> & more | pipe"
segment = "=HYPERLINK(\"http://x\")"
items = ["A-1EVIL"]
"#
    .replace("EVIL", EVIL_TOML)
}

fn log_line(show: &str, rest: &str) -> String {
    format!(r#"{{"wall":"2026-11-11T{show}Z","show":"2026-11-11T{show}Z",{rest}}}"#)
}

/// Sold out SKUs, notes and orphaned ticks carrying the payload, and an
/// unreadable line that quotes it in its warning.
fn log() -> String {
    let evil = serde_json::to_string(EVIL).unwrap();
    let evil = evil.trim_matches('"');
    [
        log_line(
            "12:01:00",
            &format!(r#""event":"tick","cue":"open{evil}","task":"灯光{evil}""#),
        ),
        log_line("12:02:00", &format!(r#""event":"sold_out","sku":"{evil}""#)),
        log_line(
            "12:03:00",
            &format!(r#""event":"note","text":"{evil} <img src=x onerror=alert(1)>""#),
        ),
        log_line(
            "12:04:00",
            &format!(r#""event":"tick","cue":"gone{evil}","task":"gone{evil}""#),
        ),
        log_line("12:05:00", &format!(r#""event":"{evil}""#)),
    ]
    .join("\n")
        + "\n"
}

/// A temp dir with the hostile plan as show.toml, its log, and an older
/// version of it (old.toml) for diff.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("show.toml"), plan()).unwrap();
    std::fs::write(
        dir.path().join("old.toml"),
        plan()
            .replace("live_price = 9.9", "live_price = 19.9")
            .replace("title = \"开场", "title = \"旧开场"),
    )
    .unwrap();
    std::fs::create_dir_all(dir.path().join(".stagecall")).unwrap();
    std::fs::write(dir.path().join(".stagecall/show.log"), log()).unwrap();
    dir
}

fn stagecall(dir: &Path, args: &[&str]) -> Output {
    util::stagecall(args).dir(dir).output()
}

/// The first terminal control in `bytes`, if any: a C0 control other than
/// line ends and tabs, DEL, a C1 control, or a BiDi control.
fn raw_control(bytes: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(bytes);
    text.char_indices().find_map(|(i, c)| {
        let bad = match c {
            '\n' | '\t' | '\r' => false,
            c if (c as u32) < 0x20 || c == '\u{7f}' => true,
            '\u{80}'..='\u{9f}' => true,
            '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' => true,
            '\u{2066}'..='\u{2069}' => true,
            _ => false,
        };
        bad.then(|| {
            let from = text[..i].char_indices().rev().nth(30).map_or(0, |(j, _)| j);
            format!("{c:?} at byte {i}, after {:?}", &text[from..i])
        })
    })
}

/// A lone CR moves the cursor back over a line: only CRLF line ends.
fn lone_cr(bytes: &[u8]) -> bool {
    bytes
        .iter()
        .enumerate()
        .any(|(i, &b)| b == b'\r' && bytes.get(i + 1) != Some(&b'\n'))
}

fn assert_inert(what: &str, bytes: &[u8]) {
    if let Some(c) = raw_control(bytes) {
        panic!(
            "{what}: a raw control reaches the terminal: {c}\n{}",
            String::from_utf8_lossy(bytes)
        );
    }
    assert!(!lone_cr(bytes), "{what}: a lone CR");
}

/// Runs a command that must succeed and checks both its outputs.
fn inert(dir: &Path, args: &[&str]) -> String {
    let out = stagecall(dir, args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_inert(&format!("{args:?} stdout"), &out.stdout);
    assert_inert(&format!("{args:?} stderr"), &out.stderr);
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// Every string in a JSON value.
fn strings(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
        Value::Object(o) => o.iter().for_each(|(k, x)| {
            out.push(k.clone());
            strings(x, out)
        }),
        _ => {}
    }
}

#[test]
fn sheet_in_every_text_format_is_inert() {
    let dir = workspace();
    for format in ["table", "md", "csv", "html"] {
        let text = inert(dir.path(), &["sheet", "show.toml", "--format", format]);
        assert!(text.contains('␛'), "{format}: the escape is shown:\n{text}");
        assert!(text.contains(r"\u{202e}"), "{format}:\n{text}");
        assert!(text.contains(r"\u{9b}"), "{format}:\n{text}");
    }
    let md = inert(dir.path(), &["sheet", "show.toml", "--format", "md"]);
    assert!(!md.contains("<script>") && !md.contains("<b>"), "{md}");
    assert!(
        md.contains("&lt;script&gt;") && md.contains("&amp; more"),
        "{md}"
    );
    assert!(md.contains(r"\| pipe"), "{md}");
    // The formula guard holds, and numbers stay numbers.
    let csv = inert(dir.path(), &["sheet", "show.toml", "--format", "csv"]);
    assert!(csv.contains(",\"'=HYPERLINK"), "{csv}");
}

#[test]
fn report_in_md_and_csv_is_inert() {
    let dir = workspace();
    let md = inert(dir.path(), &["report", "show.toml", "--format", "md"]);
    for shown in ["Sold out", "Notes", "Orphaned", "Log warnings"] {
        assert!(md.contains(shown), "{shown}:\n{md}");
    }
    assert!(md.contains('␛'), "{md}");
    assert!(!md.contains("<img") && md.contains("&lt;img"), "{md}");
    assert!(!md.contains("<script>"), "{md}");
    let csv = inert(dir.path(), &["report", "show.toml", "--format", "csv"]);
    assert!(csv.contains('␛'), "{csv}");
    let numbers = csv
        .lines()
        .filter(|l| l.starts_with("cue,"))
        .filter_map(|l| l.split(',').nth(5))
        .filter(|n| !n.is_empty())
        .count();
    assert!(numbers > 0, "over/under stays a number:\n{csv}");
}

#[test]
fn report_in_html_is_inert_and_escaped() {
    let dir = workspace();
    let html = inert(dir.path(), &["report", "show.toml", "--format", "html"]);
    assert!(html.contains('␛'), "{html}");
    assert!(!html.contains("<img") && html.contains("&lt;img"), "{html}");
    assert!(!html.contains("<script"), "{html}");
}

/// JSON keeps every string exactly (the payload round-trips), with the
/// controls escaped by the encoder: none is in the bytes.
#[test]
fn json_keeps_exact_strings_escaped() {
    let dir = workspace();
    for args in [
        &["sheet", "show.toml", "--format", "json"][..],
        &["report", "show.toml", "--format", "json"],
        &["status", "show.toml", "--at", "20:05", "--format", "json"],
        &["check", "--format", "json", "show.toml"],
    ] {
        let text = inert(dir.path(), args);
        let v: Value = serde_json::from_str(&text).expect("JSON");
        let mut all = Vec::new();
        strings(&v, &mut all);
        if args[0] != "check" {
            assert!(
                all.iter().any(|s| s.contains(EVIL)),
                "{args:?}: the exact payload is kept:\n{text}"
            );
        }
    }
}

#[test]
fn status_text_is_inert() {
    let dir = workspace();
    let text = inert(dir.path(), &["status", "show.toml", "--at", "20:05"]);
    assert!(text.contains('␛'), "{text}");
}

#[test]
fn diff_textconv_and_the_git_paths_are_inert() {
    let dir = workspace();
    let d = inert(dir.path(), &["diff", "old.toml", "show.toml"]);
    assert!(d.contains('␛'), "{d}");
    assert!(d.contains("changes"), "{d}");
    inert(dir.path(), &["textconv", "show.toml"]);
    // A version with errors shows its source through textconv, and git's
    // external diff falls back to a text diff of it.
    std::fs::write(
        dir.path().join("broken.toml"),
        plan().replace("duration = \"1h\"", "duration = \"1h\"\nbogus\u{1b}[2J = 1"),
    )
    .unwrap();
    let src = inert(dir.path(), &["textconv", "broken.toml"]);
    assert!(src.contains("bogus␛[2J"), "{src}");
    let git = |old: &str, new: &str, name: &str| {
        inert(
            dir.path(),
            &[
                "diff", name, old, "1111111", "100644", new, "2222222", "100644",
            ],
        )
    };
    let text = git("show.toml", "broken.toml", "show.toml");
    assert!(text.contains("a text diff instead"), "{text}");
    // A file that is not a plan: a plain unified diff, made inert too, as
    // git's external diff and run by hand (`git difftool`).
    std::fs::write(dir.path().join("a.txt"), format!("one\n{EVIL}\n")).unwrap();
    std::fs::write(dir.path().join("b.txt"), format!("one\r\n{EVIL}2\rx\n")).unwrap();
    let text = git("a.txt", "b.txt", "notes\u{1b}]0;t\u{7}.txt");
    assert!(text.contains("-␛]52"), "{text}");
    assert!(text.contains("+␛]52"), "{text}");
    let text = inert(dir.path(), &["diff", "a.txt", "b.txt"]);
    assert!(text.contains("-␛]52"), "{text}");
}

/// `check` prints file names (a name can hold an escape), values in
/// messages, and the source line; every one inert, in each format. JSON
/// keeps the file name exact.
#[test]
fn check_file_names_messages_and_source_lines_are_inert() {
    let dir = workspace();
    let name = "evil\u{1b}]0;pwned\u{7}\u{202e}.toml";
    // Unknown keys and a value outside its set, quoting the payload; the
    // second key holds C1 and BiDi controls raw (TOML allows them), so
    // the source line shown under it has them too.
    let text = plan().replace(
        "duration = \"1h\"",
        &format!(
            "duration = \"1h\"\n\"k{EVIL_TOML}\" = 1\n\"raw\u{9b}31m\u{202e}x\" = 2\nplatform = \"{EVIL_TOML}\""
        ),
    );
    std::fs::write(dir.path().join(name), &text).unwrap();
    for format in ["human", "github"] {
        let out = stagecall(dir.path(), &["check", "--format", format, name]);
        assert_eq!(out.status.code(), Some(1), "{format}");
        assert_inert(&format!("check --format {format}"), &out.stdout);
        let shown = String::from_utf8_lossy(&out.stdout);
        assert!(shown.contains("evil␛]0;pwned␇"), "{format}:\n{shown}");
        assert!(shown.contains("unknown key"), "{format}:\n{shown}");
    }
    let out = stagecall(dir.path(), &["check", "--format", "json", name]);
    assert_inert("check --format json", &out.stdout);
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v[0]["file"], name, "JSON keeps the name exact");
    // A syntax error in a comment that holds the payload raw.
    std::fs::write(
        dir.path().join("syntax.toml"),
        format!("{}# {EVIL}\n", plan()),
    )
    .unwrap();
    for format in ["human", "github"] {
        let out = stagecall(dir.path(), &["check", "--format", format, "syntax.toml"]);
        assert_eq!(out.status.code(), Some(1));
        assert_inert(&format!("check --format {format}, syntax"), &out.stdout);
        assert!(String::from_utf8_lossy(&out.stdout).contains("syntax error"));
    }
    // Two files, and a clean one with the hostile name.
    let out = stagecall(dir.path(), &["check", "show.toml", name]);
    assert_inert("check two files", &out.stdout);
    std::fs::write(dir.path().join(name), plan()).unwrap();
    let out = stagecall(dir.path(), &["check", name]);
    assert_eq!(out.status.code(), Some(0));
    assert_inert("check a clean plan", &out.stdout);
    // A name that cannot be read, on stderr.
    let out = stagecall(dir.path(), &["check", "missing\u{1b}[2J.toml"]);
    assert_eq!(out.status.code(), Some(2));
    assert_inert("check a missing file (stderr)", &out.stderr);
    // Commands that need a good plan print its errors on stderr.
    std::fs::write(dir.path().join(name), &text).unwrap();
    for cmd in ["sheet", "report", "status"] {
        let out = stagecall(dir.path(), &[cmd, name]);
        assert_eq!(out.status.code(), Some(1), "{cmd}");
        assert_inert(&format!("{cmd} (stderr)"), &out.stderr);
    }
}

/// The one sanitizing layer: the library function every output uses.
#[test]
fn the_sanitizer_shows_every_control() {
    use stagecall::render::text::{sanitize, sanitize_text};
    assert_eq!(sanitize("a\u{1b}[2Jb\u{7}"), "a␛[2Jb␇");
    assert_eq!(sanitize("\u{9b}31m"), r"\u{9b}31m");
    assert_eq!(sanitize("\u{202e}x\u{2066}"), r"\u{202e}x\u{2066}");
    assert_eq!(sanitize("\u{7f}"), "␡");
    assert_eq!(sanitize("a\nb\tc"), "a⏎b c");
    assert_eq!(sanitize_text("a\nb\tc\r\nd\re"), "a\nb\tc\r\nd␍e");
    assert_eq!(sanitize("双11 plain"), "双11 plain");
}
