//! Text helpers for the view: clock and countdown formats, and cutting plan
//! text (always sanitized first) or styled spans to a width in cells.

use chrono::Duration;
use ratatui::text::{Line, Span};
use stagecall_core::plan::time::format_duration;
use stagecall_core::schedule::ShowTime;
use unicode_segmentation::UnicodeSegmentation;

use crate::render::text::{pad, sanitize, truncate, width};
use crate::tui::i18n::{Label, Lang};

/// `HH:MM:SS`.
pub fn clock(t: ShowTime) -> String {
    t.format("%H:%M:%S").to_string()
}

/// `HH:MM`.
pub fn hm(t: ShowTime) -> String {
    t.format("%H:%M").to_string()
}

/// A countdown: `m:ss`, `h:mm:ss` from an hour up, and from a day up
/// `10d 23h` (zh `10天23小时`). Negative reads `0:00`. A part second left
/// counts as a second, as on any countdown clock, so time left and time
/// gone add up to the whole.
pub fn countdown(d: Duration, lang: Lang) -> String {
    let ms = d.num_milliseconds().max(0);
    clock_text(Duration::seconds((ms + 999) / 1000), lang)
}

/// Time gone (elapsed, overtime): whole seconds passed, like a stopwatch.
pub fn count_up(d: Duration, lang: Lang) -> String {
    clock_text(d, lang)
}

fn clock_text(d: Duration, lang: Lang) -> String {
    let s = d.num_seconds().max(0);
    let (days, h, m, s) = (s / 86_400, s / 3600 % 24, s / 60 % 60, s % 60);
    match (days, lang) {
        (1.., Lang::En) => format!("{days}d {h}h"),
        (1.., Lang::Zh) => format!("{days}天{h}小时"),
        _ if h > 0 => format!("{h}:{m:02}:{s:02}"),
        _ => format!("{m}:{s:02}"),
    }
}

/// An amount as the crew says it: zh `12.5万` from ten thousand up,
/// else `125,000`; whole units (the cents do not matter on a status bar).
pub fn amount(m: stagecall_core::plan::Money, lang: Lang) -> String {
    let units = m.units();
    if lang == Lang::Zh && units.abs() >= 10_000.0 {
        let s = format!("{:.1}", units / 10_000.0);
        return format!("{}万", s.trim_end_matches(".0"));
    }
    stagecall_core::plan::Money((m.0 / 100) * 100).to_string()
}

/// A count with thousands grouped: `3,200`.
pub fn count(n: u64) -> String {
    stagecall_core::plan::Money(i64::try_from(n).unwrap_or(i64::MAX).saturating_mul(100))
        .to_string()
}

/// A length: `15m`, `1h30m`, `1m24s`; zh `15分`, `1小时30分`, `1分24秒`.
pub fn dur(d: Duration, lang: Lang) -> String {
    match lang {
        Lang::En => format_duration(d),
        Lang::Zh => {
            let secs = d.num_seconds().abs();
            let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
            let mut out = String::new();
            if d.num_seconds() < 0 {
                out.push('-');
            }
            if h > 0 {
                out.push_str(&format!("{h}小时"));
            }
            if m > 0 {
                out.push_str(&format!("{m}分"));
            }
            if s > 0 || secs == 0 {
                out.push_str(&format!("{s}秒"));
            }
            out
        }
    }
}

/// Over or under against the next hard hit, in one phrase that names it:
/// `over 3m before 20:00 整点红包`, `buffer 5m before 20:00 整点红包`;
/// zh `距 20:00 整点红包 超时 3分` / `富余 5分`.
pub fn over_under(over: Duration, hit: &str, lang: Lang) -> String {
    let secs = over.num_seconds();
    if secs.abs() < 15 {
        return match lang {
            Lang::En => format!("{} {hit}", Label::OnTimeFor.get(lang)),
            Lang::Zh => format!(
                "{} {hit} {}",
                Label::Before.get(lang),
                Label::OnTime.get(lang)
            ),
        };
    }
    let amount = dur(Duration::seconds(secs.abs()), lang);
    let word = if secs > 0 { Label::Over } else { Label::Buffer };
    match lang {
        Lang::En => format!(
            "{} {amount} {} {hit}",
            word.get(lang),
            Label::Before.get(lang)
        ),
        Lang::Zh => format!(
            "{} {hit} {} {amount}",
            Label::Before.get(lang),
            word.get(lang)
        ),
    }
}

/// Plan text made inert and cut to `w` cells.
pub fn fit(s: &str, w: usize) -> String {
    truncate(&sanitize(s), w)
}

/// Plan text made inert and padded or cut to exactly `w` cells.
pub fn cell(s: &str, w: usize) -> String {
    pad(&sanitize(s), w)
}

/// Right-aligns `s` (program text) in `w` cells.
pub fn right(s: &str, w: usize) -> String {
    let t = truncate(s, w);
    format!("{}{t}", " ".repeat(w.saturating_sub(width(&t))))
}

/// Cuts styled spans to `w` cells, the last one ending in `…` when cut, and
/// pads with `fill` style to exactly `w` when `pad_to` is set.
pub fn spans_fit<'a>(spans: Vec<Span<'a>>, w: usize, pad_to: bool) -> Vec<Span<'a>> {
    let mut out = Vec::with_capacity(spans.len() + 1);
    let mut used = 0;
    for s in spans {
        let sw = width(&s.content);
        if used + sw <= w {
            used += sw;
            out.push(s);
            continue;
        }
        let t = truncate(&s.content, w - used);
        used += width(&t);
        out.push(Span::styled(t, s.style));
        break;
    }
    if pad_to && used < w {
        out.push(Span::raw(" ".repeat(w - used)));
    }
    out
}

/// A line of spans cut (and padded) to `w` cells.
pub fn line_fit<'a>(spans: Vec<Span<'a>>, w: usize) -> Line<'a> {
    Line::from(spans_fit(spans, w, false))
}

/// Punctuation that must not start a line (kinsoku): it pulls the
/// character before it down with it.
const NO_LINE_START: &str = "，。！？、；：,.!?;:）》」』”’)]}…";

/// Wraps plan text (already free of line ends) to lines of at most `w`
/// cells. Latin words break at spaces; CJK anywhere, but closing
/// punctuation never starts a line.
pub fn wrap(s: &str, w: usize) -> Vec<String> {
    if w == 0 {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut cur: Vec<&str> = Vec::new();
    for g in s.graphemes(true) {
        let gw = width(g);
        if gw > w {
            continue;
        }
        let used: usize = cur.iter().map(|g| width(g)).sum();
        if used + gw > w && !cur.is_empty() {
            // Carry the last Latin word, or a character before a closing mark.
            let word = cur
                .iter()
                .rposition(|g| *g == " ")
                .filter(|&i| i > 0 && cur[i + 1..].iter().all(|g| width(g) == 1));
            let keep = match word {
                Some(i) => i,
                None if NO_LINE_START.contains(g) && cur.len() > 1 => cur.len() - 1,
                None => cur.len(),
            };
            let carried: Vec<&str> = cur
                .split_off(keep)
                .into_iter()
                .skip_while(|g| *g == " ")
                .collect();
            out.push(cur.concat().trim_end().to_string());
            cur = carried;
        }
        cur.push(g);
    }
    if !cur.is_empty() {
        out.push(cur.concat());
    }
    out
}

/// First visible index of a window of `h` lines over `len`, keeping `focus`
/// in view about a third from the top.
pub fn scroll(len: usize, h: usize, focus: usize) -> usize {
    if len <= h {
        return 0;
    }
    focus.saturating_sub(h / 3).min(len - h)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_cjk_and_words() {
        assert_eq!(wrap("一二三四五", 4), vec!["一二", "三四", "五"]);
        assert_eq!(wrap("hello big world", 10), vec!["hello big", "world"]);
        assert_eq!(
            wrap("倒计时 3 分钟，关注", 8),
            vec!["倒计时", "3 分钟，", "关注"]
        );
        assert_eq!(wrap("一二三，四", 6), vec!["一二", "三，四"]);
        assert!(wrap("x", 0).is_empty());
    }

    #[test]
    fn countdowns_and_offsets() {
        assert_eq!(countdown(Duration::seconds(161), Lang::En), "2:41");
        assert_eq!(countdown(Duration::seconds(3725), Lang::En), "1:02:05");
        assert_eq!(countdown(Duration::seconds(-5), Lang::En), "0:00");
        let long = Duration::days(10) + Duration::hours(23) + Duration::seconds(23);
        assert_eq!(countdown(long, Lang::En), "10d 23h");
        assert_eq!(countdown(long, Lang::Zh), "10天23小时");
        assert_eq!(dur(Duration::seconds(84), Lang::Zh), "1分24秒");
        assert_eq!(dur(Duration::seconds(5400), Lang::Zh), "1小时30分");
        let hit = "20:00 整点红包";
        assert_eq!(
            over_under(Duration::minutes(3), hit, Lang::En),
            "over 3m before 20:00 整点红包"
        );
        assert_eq!(
            over_under(Duration::minutes(-5), hit, Lang::En),
            "buffer 5m before 20:00 整点红包"
        );
        assert_eq!(
            over_under(Duration::minutes(3), hit, Lang::Zh),
            "距 20:00 整点红包 超时 3分"
        );
        assert_eq!(
            over_under(Duration::minutes(-5), hit, Lang::Zh),
            "距 20:00 整点红包 富余 5分"
        );
    }

    #[test]
    fn spans_are_cut_on_cells() {
        let s = spans_fit(vec![Span::raw("ab"), Span::raw("双11家纺")], 6, true);
        let text: String = s.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(text, "ab双1…");
        assert_eq!(width(&text), 6);
    }

    #[test]
    fn scroll_keeps_focus_in_view() {
        assert_eq!(scroll(5, 10, 4), 0);
        assert_eq!(scroll(100, 10, 50), 47);
        assert_eq!(scroll(100, 10, 99), 90);
    }
}
