//! toml's and serde's error messages turned into ours: plain words, the
//! allowed keys and values, a "did you mean" where a near miss exists, and
//! a targeted fix for keys people write for another one.

use std::ops::Range;

use crate::diag::{Diagnostic, Rule};
use crate::plan::suggest::did_you_mean;

pub(super) fn syntax_error(text: &str, e: &toml::de::Error) -> Diagnostic {
    let span = e.span().map(|s| clamp(text, s));
    let msg = e.message().trim().trim_end_matches('.').to_string();
    let mut d = Diagnostic::new(Rule::TomlSyntax, format!("TOML syntax error: {msg}"))
        .at_opt(span.clone())
        .label("here");
    let line = span
        .as_ref()
        .map(|s| line_of(text, s.start))
        .unwrap_or_default();
    let help = if msg.contains("unquoted key") {
        "a key with characters other than ASCII letters, digits, `-` and `_` needs double quotes, like \"中控\" = \"阿强\""
    } else if msg.contains("invalid string")
        || msg.contains("unquoted")
        || msg.contains("string") && line.contains('=') && !line.contains('"')
    {
        "put text values in double quotes, like title = \"双11 专场\""
    } else if line.trim_start().starts_with('[') && !line.trim_end().ends_with(']') {
        "close the table header with `]`"
    } else if msg.contains("duplicate key") {
        "each key may appear once per table; delete or rename the repeated one"
    } else {
        "check the quotes, brackets and `=` on this line"
    };
    d = d.help(help);
    d
}

fn line_of(text: &str, pos: usize) -> &str {
    let start = text[..pos.min(text.len())].rfind('\n').map_or(0, |i| i + 1);
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    &text[start..end]
}

/// Keeps a span inside the text and on character boundaries.
fn clamp(text: &str, s: Range<usize>) -> Range<usize> {
    let mut start = s.start.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = s.end.clamp(start, text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    start..end
}

/// Turns serde's messages into ours: plain words, the allowed values, and a
/// "did you mean" where a near miss exists.
pub(super) fn schema_error(text: &str, e: &toml::de::Error) -> Diagnostic {
    let span = e.span().map(|s| clamp(text, s));
    let raw = e.message().trim().to_string();
    let quoted = backticked(&raw);
    if let Some(rest) = raw.strip_prefix("unknown field ") {
        let key = quoted.first().cloned().unwrap_or_default();
        let allowed: Vec<String> = quoted.iter().skip(1).cloned().collect();
        let mut d = Diagnostic::new(Rule::UnknownKey, format!("unknown key `{key}`"))
            .at_opt(span)
            .label("not a key here");
        d = match meant_instead(&key, &allowed) {
            Some(help) => d.help(help),
            None => d,
        };
        d = match did_you_mean(&key, allowed.iter().map(String::as_str)) {
            _ if d.help.is_some() => d,
            Some(s) => d.help(format!("did you mean `{s}`?")),
            None if rest.contains("there are no fields") || allowed.is_empty() => {
                d.help("this table takes no keys; delete this line")
            }
            None => d.help(format!("the keys allowed here are {}", list(&allowed))),
        };
        return d;
    }
    if raw.starts_with("unknown variant ") {
        let value = quoted.first().cloned().unwrap_or_default();
        // Aliases (Chinese terms) are accepted but the canonical keys are what we teach.
        let allowed: Vec<String> = quoted
            .iter()
            .skip(1)
            .filter(|v| v.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'))
            .cloned()
            .collect();
        let mut help = format!("allowed values: {}", list(&allowed));
        let keys: Vec<&str> = allowed.iter().map(String::as_str).collect();
        let terms = crate::plan::model::enum_terms(&keys).unwrap_or_default();
        // The Chinese terms are accepted too: a second line, in the same
        // order, so the line of keys reads as before.
        if !terms.is_empty() {
            let zh: Vec<String> = terms.iter().map(|(_, zh)| format!("`{zh}`")).collect();
            help.push_str(&format!("\nor the Chinese terms: {}", zh.join(", ")));
        }
        let candidates = keys.iter().copied().chain(terms.iter().map(|t| t.1));
        if let Some(s) = did_you_mean(&value, candidates) {
            help = format!("did you mean `{s}`? {help}");
        }
        return Diagnostic::new(
            Rule::NotAllowed,
            format!("`{value}` is not an allowed value"),
        )
        .at_opt(span)
        .label("not allowed")
        .help(help);
    }
    if let Some(rest) = raw.strip_prefix("invalid type: ") {
        let (found, expected) = rest
            .split_once(", expected ")
            .unwrap_or((rest, "another type"));
        // A whole number past i64 is a whole number still, only too large
        // (toml reads it as an i128): not a wrong type.
        if found.starts_with("integer ") && plain_type(expected) == "a whole number" {
            let value = backticked(found).into_iter().next().unwrap_or_default();
            let (what, label) = if value.starts_with('-') {
                ("too small", "too far below zero")
            } else {
                ("too large", "too large")
            };
            return Diagnostic::new(Rule::NumberRange, format!("number {value} is {what}"))
                .at_opt(span)
                .label(label)
                .help(format!(
                    "whole numbers here go from {} to {}; write a smaller one",
                    i64::MIN,
                    i64::MAX
                ));
        }
        let expected = plain_type(expected);
        let found = found.split(' ').next().unwrap_or(found);
        let help = match expected.as_str() {
            "a whole number" => "write a whole number without quotes, like 500".to_string(),
            "a number" => "write a number without quotes, like 99 or 99.9".to_string(),
            "text" => "put it in double quotes, like \"…\"".to_string(),
            "a list" => "write a list in square brackets, like [\"a\", \"b\"]".to_string(),
            "a table" => "write it as a table".to_string(),
            "a list of tables" => "write each entry under its own [[...]] header".to_string(),
            _ => format!("write {expected} here"),
        };
        return Diagnostic::new(
            Rule::WrongType,
            format!("expected {expected}, found {}", plain_type(found)),
        )
        .at_opt(span)
        .label("wrong type")
        .help(help);
    }
    if raw.starts_with("expected a time") {
        return Diagnostic::new(Rule::MalformedTime, raw)
            .at_opt(span)
            .label("not a time")
            .help("write a clock time \"20:15\", an offset \"+1:30\" or a duration with a sign \"+90m\"");
    }
    if raw.starts_with("invalid value: integer") && raw.contains("i64") {
        return Diagnostic::new(Rule::NumberRange, "number is too large")
            .at_opt(span)
            .help("use a smaller number");
    }
    Diagnostic::new(Rule::InvalidValue, raw)
        .at_opt(span)
        .help("see docs/plan-format.md for what this key takes")
}

/// A targeted fix for a key people write for another one: a cue's `time`
/// or `start` is its `at`, its `end` or `length` is its `duration`.
/// Spelling suggestions would offer `title` for `time`. The table is told
/// by the keys it allows.
fn meant_instead(key: &str, allowed: &[String]) -> Option<String> {
    let has = |k: &str| allowed.iter().any(|a| a == k);
    let (whose, example) = if has("items") && has("welfare") {
        ("a cue's", "at = \"20:00\" or at = \"+1:30\"")
    } else if has("target_reservations") {
        ("a warm-up item's", "at = \"-2h\"")
    } else if has("task") && has("who") {
        ("a task's", "at = \"+2m\" or at = \"19:43\"")
    } else {
        return None;
    };
    let k = key.to_lowercase();
    let starts = [
        "time",
        "start",
        "starts",
        "start_time",
        "starttime",
        "begin",
        "begins",
        "from",
        "clock",
        "时间",
        "开始",
        "开始时间",
    ];
    if has("at") && starts.contains(&k.as_str()) {
        let what = if whose == "a cue's" {
            "start time"
        } else {
            "time"
        };
        return Some(format!("{whose} {what} is `at`: {example}"));
    }
    let lengths = [
        "end",
        "ends",
        "end_time",
        "until",
        "to",
        "length",
        "len",
        "时长",
        "结束",
        "结束时间",
    ];
    if has("duration") && lengths.contains(&k.as_str()) {
        return Some(format!(
            "{whose} length is `duration`, like duration = \"10m\"; without one it runs until the next cue"
        ));
    }
    None
}

fn plain_type(t: &str) -> String {
    let t = t.trim();
    match t {
        "i64" | "u64" | "integer" | "an integer" => "a whole number".into(),
        "f64" | "float" | "floating point" | "a float" => "a number".into(),
        // Only ever the type found: its first word.
        "floating" => "a number with a fraction".into(),
        "a string" | "string" => "text".into(),
        "a sequence" | "sequence" | "array" | "an array" => "a list".into(),
        "map" | "a map" => "a table".into(),
        "boolean" | "a boolean" => "true or false".into(),
        _ if t.starts_with("struct ") => "a table".into(),
        _ if t.starts_with("a task") => "a task (text, or { task = \"…\", who = \"…\" })".into(),
        _ if t.starts_with("variant") || t.starts_with("enum") => "one of the allowed words".into(),
        _ if t.contains("sequence") => "a list".into(),
        _ => t.to_string(),
    }
}

fn backticked(s: &str) -> Vec<String> {
    s.split('`').skip(1).step_by(2).map(str::to_owned).collect()
}

fn list(items: &[String]) -> String {
    items
        .iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
