//! Measuring and cutting text in terminal cells. CJK characters take two
//! cells; cuts happen on grapheme boundaries and end in an ellipsis; control
//! characters are made visible so plan text can never drive the terminal.

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Width of `s` in terminal cells.
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

// ───────────── the one output-sanitizing layer ─────────────
//
// Every human-readable output (the runner, sheet, report, status, check,
// diff, textconv, messages on stderr) passes text from plans, file names
// and the live log through here, so that none of it can drive the
// terminal: an OSC 52 clipboard write, a screen clear, a title set, a C1
// CSI, a BiDi override. JSON keeps exact strings ([`json_pretty`] escapes
// them); CSV ([`csv_field`]) and Markdown ([`md_text`]) add their own rules
// on top of this one.

/// The visible stand-in for a character that must not reach a terminal
/// raw, or `None` when it may. C0 controls become their Control Pictures
/// (`␛`, `␇`), DEL `␡`; C1 controls, BiDi controls and the Unicode line
/// and paragraph separators their escape, `\u{9b}`, `\u{202e}`.
fn stand_in(c: char) -> Option<String> {
    let n = c as u32;
    match c {
        _ if n < 0x20 => char::from_u32(0x2400 + n).map(String::from),
        '\u{7f}' => Some("␡".into()),
        '\u{80}'..='\u{9f}'
        | '\u{61c}'
        | '\u{200e}'
        | '\u{200f}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}'
        | '\u{2028}'
        | '\u{2029}' => Some(format!("\\u{{{n:x}}}")),
        _ => None,
    }
}

/// Makes text for one line inert: every control visible, a tab a space,
/// a line end `⏎`.
pub fn sanitize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\t' => out.push(' '),
            '\n' | '\r' => out.push('⏎'),
            c => match stand_in(c) {
                Some(v) => out.push_str(&v),
                None => out.push(c),
            },
        }
    }
    out
}

/// Makes text of many lines inert (a diff, a plan's source): line ends and
/// tabs stay, a CR only as part of a CRLF (alone it moves the cursor back
/// over the line); every other control visible.
pub fn sanitize_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' | '\t' => out.push(c),
            '\r' if chars.peek() == Some(&'\n') => out.push(c),
            c => match stand_in(c) {
                Some(v) => out.push_str(&v),
                None => out.push(c),
            },
        }
    }
    out
}

/// A path for a message or a heading, inert.
pub fn path(p: &std::path::Path) -> String {
    sanitize(&p.display().to_string())
}

/// Plan or log text for Markdown: inert, raw HTML escaped (`<` `>` `&`),
/// and `|` escaped so it stays inside its table cell.
pub fn md_text(s: &str) -> String {
    sanitize(s)
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('|', "\\|")
}

/// JSON, pretty-printed: exact strings, with every control escaped. The
/// encoder escapes C0 controls; C1 and BiDi controls it leaves raw, so
/// they get a `\uXXXX` escape too (a parser reads back the same string).
/// Outside strings JSON is ASCII, so every such character is in a string.
pub fn json_pretty<T: serde::Serialize + ?Sized>(v: &T) -> serde_json::Result<String> {
    let s = serde_json::to_string_pretty(v)?;
    if !s.chars().any(|c| stand_in(c).is_some()) {
        return Ok(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match stand_in(c) {
            // JSON's own whitespace between tokens.
            Some(_) if matches!(c, '\n' | '\t' | '\r') => out.push(c),
            Some(_) => {
                let mut units = [0u16; 2];
                for u in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{u:04x}"));
                }
            }
            None => out.push(c),
        }
    }
    Ok(out)
}

/// Cuts `s` to at most `max` cells, ending in `…` when it had to cut.
pub fn truncate(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for g in s.graphemes(true) {
        let w = width(g);
        if used + w > max - 1 {
            break;
        }
        out.push_str(g);
        used += w;
    }
    out.push('…');
    out
}

/// Pads `s` with spaces to exactly `w` cells (cutting if longer).
pub fn pad(s: &str, w: usize) -> String {
    let t = truncate(s, w);
    let fill = w.saturating_sub(width(&t));
    format!("{t}{}", " ".repeat(fill))
}

/// One CSV field: inert ([`sanitize_text`]: line ends stay, in quotes),
/// quoted when it must be, and a leading `= + - @` or tab made inert,
/// since spreadsheets would run it as a formula.
pub fn csv_field(s: &str) -> String {
    let s = sanitize_text(s);
    // A number stays a number (-374, 12.5): only text that a spreadsheet
    // would run as a formula gets the quote.
    let numeric = !s.is_empty() && s.parse::<f64>().is_ok_and(f64::is_finite);
    let s = if !numeric && s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_is_two_cells_and_cut_with_ellipsis() {
        assert_eq!(width("双11"), 4);
        assert_eq!(truncate("双11家纺专场", 7), "双11家…");
        assert_eq!(width(&truncate("双11家纺专场", 6)), 5);
        assert_eq!(pad("福袋", 6), "福袋  ");
    }

    #[test]
    fn control_characters_are_visible() {
        assert_eq!(sanitize("a\x1b[2Jb"), "a␛[2Jb");
        assert_eq!(sanitize("a\nb"), "a⏎b");
        assert_eq!(sanitize("\u{9b}\u{202e}"), "\\u{9b}\\u{202e}");
    }

    #[test]
    fn json_escapes_c1_and_bidi_and_reads_back_exact() {
        let s = "a\u{1b}b\u{9b}c\u{202e}d\u{2028}e 双11";
        let json = json_pretty(&serde_json::json!({ "t": s })).unwrap();
        assert!(
            !json.contains(['\u{1b}', '\u{9b}', '\u{202e}', '\u{2028}']),
            "{json}"
        );
        assert!(
            json.contains("\\u009b") && json.contains("\\u202e"),
            "{json}"
        );
        let back: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(back["t"], s);
    }

    #[test]
    fn csv_fields_are_inert_and_keep_the_formula_guard() {
        assert_eq!(csv_field("=1+1"), "'=1+1");
        assert_eq!(csv_field("-374"), "-374");
        assert_eq!(csv_field("\u{1b}=x"), "␛=x");
        assert_eq!(csv_field("a\nb"), "\"a\nb\"");
        assert_eq!(csv_field("\tx"), "'\tx");
    }
}
