//! Measuring and cutting text in terminal cells. CJK characters take two
//! cells; cuts happen on grapheme boundaries and end in an ellipsis; control
//! characters are made visible so plan text can never drive the terminal.

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Width of `s` in terminal cells.
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// Replaces control characters (ESC, BEL, tabs, line ends…) with visible
/// stand-ins, so text from a plan is inert on a terminal.
pub fn sanitize(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\t' => ' ',
            '\n' | '\r' => '⏎',
            c if c.is_control() => char::from_u32(0x2400 + c as u32)
                .filter(|_| (c as u32) < 0x20)
                .unwrap_or('�'),
            c => c,
        })
        .collect()
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

/// One CSV field: quoted when it must be, and a leading `= + - @` made
/// inert, since spreadsheets would run it as a formula.
pub fn csv_field(s: &str) -> String {
    // A number stays a number (-374, 12.5): only text that a spreadsheet
    // would run as a formula gets the quote.
    let numeric = !s.is_empty() && s.parse::<f64>().is_ok_and(f64::is_finite);
    let s = if !numeric && s.starts_with(['=', '+', '-', '@']) {
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
    }
}
