//! The pieces of a text cell: ids, welfare kinds, a trailing quantity, a
//! price, the items of a list cell, a checklist line.

use super::cells::halfwidth;
use crate::import::draft;

/// An id made of the letters, digits and dashes of `s`, or `fallback`.
pub(super) fn slug(s: &str, fallback: &str) -> String {
    let out: String = s
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect::<String>()
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if out.is_empty() {
        fallback.to_string()
    } else {
        out
    }
}

/// The welfare kind a word names (in plan keys).
pub(super) fn welfare_kind(s: &str) -> Option<&'static str> {
    use stagecall_core::plan::WelfareKind;
    for k in WelfareKind::ALL {
        if s.contains(k.zh()) || s.to_lowercase().contains(k.key()) {
            return Some(k.key());
        }
    }
    [
        ("福包", "lucky_bag"),
        ("红包雨", "red_packet"),
        ("券", "coupon"),
        ("抢购", "flash_sale"),
        ("开奖", "lottery"),
        ("赠", "gift"),
        ("送", "gift"),
        ("礼品", "gift"),
    ]
    .iter()
    .find(|(w, _)| s.contains(w))
    .map(|(_, k)| *k)
}

pub(super) fn kind_key(s: &str) -> Option<&'static str> {
    use stagecall_core::plan::WelfareKind;
    let t = s.trim();
    WelfareKind::ALL
        .iter()
        .find(|k| k.zh() == t || k.key() == t)
        .map(|k| k.key())
}

/// A trailing quantity: "×50", "x50", "*50", "50个", "50份".
pub(super) fn split_quantity(s: &str) -> (String, Option<u64>) {
    let t = s.trim();
    for sep in ['×', 'x', 'X', '*', '＊'] {
        if let Some((head, q)) = t.rsplit_once(sep)
            && let Ok(n) = q.trim().parse::<u64>()
        {
            return (head.trim().to_string(), Some(n));
        }
    }
    for unit in ["个", "份", "张", "件", "单"] {
        if let Some(head) = t.strip_suffix(unit) {
            let digits: String = head
                .chars()
                .rev()
                .take_while(|c| c.is_ascii_digit())
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            if let Ok(n) = digits.parse::<u64>() {
                let rest = &head[..head.len() - digits.len()];
                return (rest.trim().to_string(), Some(n));
            }
        }
    }
    (t.to_string(), None)
}

/// A price in text: "¥9.9", "￥99", "99元".
pub(super) fn find_price(s: &str) -> (String, Option<f64>) {
    let t = halfwidth(s);
    for mark in ['¥', '￥'] {
        if let Some(i) = t.find(mark) {
            let after = &t[i + mark.len_utf8()..];
            let n: String = after
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ',')
                .collect();
            if let Ok(p) = n.replace(',', "").parse::<f64>() {
                let rest = format!("{}{}", &t[..i], &after[n.len()..]);
                return (rest.trim().to_string(), Some(p));
            }
        }
    }
    if let Some(i) = t.find('元') {
        let head = &t[..i];
        let n: String = head
            .chars()
            .rev()
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        if let Ok(p) = n.parse::<f64>() {
            let rest = format!(
                "{}{}",
                &head[..head.len() - n.len()],
                &t[i + '元'.len_utf8()..]
            );
            return (rest.trim().to_string(), Some(p));
        }
    }
    (s.trim().to_string(), None)
}

/// Pieces of a list cell: its lines, each split at 、，,;； unless the
/// line is one of our own (it starts with a known key).
pub(super) fn pieces(cell: &str, whole_line: impl Fn(&str) -> bool) -> Vec<String> {
    let mut out = Vec::new();
    for line in cell.lines() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if whole_line(line) {
            out.push(line.to_string());
        } else {
            out.extend(
                line.split(['、', '，', ',', ';', '；'])
                    .map(str::trim)
                    .filter(|p| !p.is_empty())
                    .map(str::to_string),
            );
        }
    }
    out
}

/// A checklist line: bullets off; a trailing `〔who: person · at〕` read.
pub(super) fn task_line(line: &str) -> Option<draft::Task> {
    let mut t = line.trim();
    for b in ["☐", "□", "☑", "✓", "✔", "[ ]", "[x]", "- ", "• ", "·", "*"] {
        if let Some(rest) = t.strip_prefix(b) {
            t = rest.trim_start();
        }
    }
    if t.is_empty() {
        return None;
    }
    let (open, close) = (
        crate::xlsx::sheet::META_OPEN,
        crate::xlsx::sheet::META_CLOSE,
    );
    let mut task = draft::Task::default();
    if t.ends_with(close)
        && let Some(i) = t.rfind(open)
    {
        let meta = &t[i + open.len_utf8()..t.len() - close.len_utf8()];
        for part in meta.split(" · ").map(str::trim).filter(|p| !p.is_empty()) {
            let looks_like_time =
                part.starts_with('+') || stagecall_core::plan::time::parse_time(part).is_ok();
            if looks_like_time && task.at.is_none() {
                task.at = Some(part.to_string());
            } else if task.who.is_none() {
                let role = part.split([':', '：']).next().unwrap_or(part).trim();
                task.who = (!role.is_empty()).then(|| role.to_string());
            }
        }
        t = t[..i].trim_end();
    }
    task.text = t.to_string();
    (!task.text.is_empty()).then_some(task)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn task_lines() {
        let t = task_line("☐ 开启金牛计划A 〔ads: 小周 · +1m〕").unwrap();
        assert_eq!(t.text, "开启金牛计划A");
        assert_eq!(t.who.as_deref(), Some("ads"));
        assert_eq!(t.at.as_deref(), Some("+1m"));
        let t = task_line("☐ 灯光检查 〔19:43〕").unwrap();
        assert_eq!((t.who, t.at.as_deref()), (None, Some("19:43")));
        let t = task_line("- 上链接").unwrap();
        assert_eq!(t.text, "上链接");
    }

    #[test]
    fn quantities_and_prices() {
        assert_eq!(
            split_quantity("开场福袋 ×50"),
            ("开场福袋".into(), Some(50))
        );
        assert_eq!(split_quantity("红包10个"), ("红包".into(), Some(10)));
        assert_eq!(split_quantity("福袋"), ("福袋".into(), None));
        assert_eq!(find_price("枕套 ¥9.9"), ("枕套".into(), Some(9.9)));
        assert_eq!(find_price("毛毯19.9元"), ("毛毯".into(), Some(19.9)));
        assert_eq!(welfare_kind("整点红包"), Some("red_packet"));
        assert_eq!(welfare_kind("满200减20券"), Some("coupon"));
        assert_eq!(welfare_kind("讲解"), None);
    }
}
