//! From cells to a [`Draft`] plan: which sheet is which, which column is
//! which (by the header aliases), and every cell read into a plan value.
//! Whatever cannot be read is a [`Problem`] with its cell reference; the
//! rest of the row still comes in.

use std::collections::{BTreeSet, HashMap};

use chrono::{Duration, NaiveDate, NaiveTime, Timelike};

use super::aliases::{self as a, Field};
use super::draft::{self, Draft, End};
use super::grid::{Sheet, Value};

/// What the command line says, and the defaults it falls back on.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub title: Option<String>,
    pub date: Option<NaiveDate>,
    pub start: Option<NaiveTime>,
    pub timezone: Option<String>,
    pub platform: Option<String>,
    /// The input file's name without extension: the title's fallback.
    pub stem: String,
    /// Today, in the machine's zone: the date's fallback.
    pub today: Option<NaiveDate>,
    /// The machine's zone: the time zone's fallback.
    pub local_tz: Option<String>,
}

/// Something the importer could not map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// `直播脚本!C7`, or a sheet name.
    pub at: String,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.at, self.message)
    }
}

#[derive(Debug)]
pub struct Outcome {
    pub draft: Draft,
    pub problems: Vec<Problem>,
}

/// A sheet's header row and which field each column is.
struct Header {
    row: usize,
    cols: Vec<Option<&'static Field>>,
}

impl Header {
    fn col(&self, key: &str) -> Option<usize> {
        self.cols
            .iter()
            .position(|f| f.is_some_and(|f| f.key == key))
    }
}

/// The first of the first ten rows naming at least two fields, one of them
/// in `needs`.
fn find_header(sheet: &Sheet, fields: &'static [Field], needs: &[&str]) -> Option<Header> {
    for (r, row) in sheet.rows.iter().enumerate().take(10) {
        let cols: Vec<Option<&'static Field>> = row
            .iter()
            .map(|v| match v {
                Value::Text(t) => a::lookup(fields, t),
                _ => None,
            })
            .collect();
        let keys: BTreeSet<&str> = cols.iter().flatten().map(|f| f.key).collect();
        if keys.len() >= 2 && needs.iter().any(|n| keys.contains(n)) {
            return Some(Header { row: r, cols });
        }
    }
    None
}

/// Full-width digits and punctuation as ASCII: `２０：００` is `20:00`.
fn halfwidth(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '：' => ':',
            '～' | '〜' => '~',
            '－' | '—' | '–' | '−' => '-',
            '，' => ',',
            '．' => '.',
            '＋' => '+',
            c => c,
        })
        .collect()
}

/// "20:00", "8:05", "20:00:30", "20点", "20点30分", "20点半", "20.30"? no.
pub fn parse_clock(s: &str) -> Option<NaiveTime> {
    let s = halfwidth(s.trim());
    if s.is_empty() {
        return None;
    }
    if let Some((h, rest)) = s.split_once('点') {
        let h: u32 = h.trim().parse().ok()?;
        let rest = rest.trim().trim_end_matches('分').trim();
        let m = match rest {
            "" | "整" => 0,
            "半" => 30,
            m => m.parse().ok()?,
        };
        return NaiveTime::from_hms_opt(h, m, 0);
    }
    let parts: Vec<&str> = s.split(':').collect();
    let num = |p: &str| -> Option<u32> {
        (!p.is_empty() && p.len() <= 2 && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse().ok())
            .flatten()
    };
    match parts.as_slice() {
        [h, m] => NaiveTime::from_hms_opt(num(h)?, num(m)?, 0),
        [h, m, sec] => NaiveTime::from_hms_opt(num(h)?, num(m)?, num(sec)?),
        _ => None,
    }
}

/// The time of day of an Excel serial.
fn serial_time(f: f64) -> Option<NaiveTime> {
    if !(0.0..1e7).contains(&f) {
        return None;
    }
    let secs = (f.fract() * 86_400.0).round() as u32 % 86_400;
    NaiveTime::from_num_seconds_from_midnight_opt(secs, 0)
}

fn serial_date(f: f64) -> Option<NaiveDate> {
    if !(1.0..2_958_466.0).contains(&f) {
        return None;
    }
    NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_signed(Duration::days(f.floor() as i64))
}

/// A time cell: a start, and an end when it is a range ("20:00-20:10",
/// "20:00~20:10", "20:00 至 20:10").
fn time_range(v: &Value) -> Result<Option<(NaiveTime, Option<NaiveTime>)>, String> {
    match v {
        Value::Empty => Ok(None),
        Value::Serial(f) => serial_time(*f)
            .map(|t| Some((t, None)))
            .ok_or_else(|| format!("{} is not a time of day", v.text())),
        Value::Num(f) if (0.0..1.0).contains(f) => Ok(serial_time(*f).map(|t| (t, None))),
        Value::Num(f) if f.fract() == 0.0 && (0.0..24.0).contains(f) => {
            Ok(NaiveTime::from_hms_opt(*f as u32, 0, 0).map(|t| (t, None)))
        }
        _ => {
            let raw = v.text();
            let s = halfwidth(raw.trim())
                .replace(['至', '到'], "-")
                .replace('~', "-");
            if s.is_empty() {
                return Ok(None);
            }
            // A date-time ("2026-11-11 20:00:00"): its time.
            if let Ok(dt) = chrono::NaiveDateTime::parse_from_str(&s, "%Y-%m-%d %H:%M:%S")
                .or_else(|_| chrono::NaiveDateTime::parse_from_str(&s, "%Y-%m-%d %H:%M"))
            {
                return Ok(Some((dt.time(), None)));
            }
            let bad = || {
                format!(
                    "「{}」 is not a time like 20:00 or a range like 20:00-20:10",
                    raw.trim()
                )
            };
            match s.split_once('-') {
                Some((from, to)) => {
                    let from = parse_clock(from).ok_or_else(bad)?;
                    let to = parse_clock(to).ok_or_else(bad)?;
                    Ok(Some((from, Some(to))))
                }
                None => parse_clock(&s).map(|t| Some((t, None))).ok_or_else(bad),
            }
        }
    }
}

/// A duration cell: "5m", "1h30m", "10分钟", "1小时", "90秒", "10min", a
/// bare number of minutes, or an Excel time serial.
pub fn parse_duration_value(v: &Value) -> Result<Option<Duration>, String> {
    match v {
        Value::Empty => Ok(None),
        Value::Num(n) if *n > 0.0 && *n < 100_000.0 => {
            Ok(Some(Duration::seconds((n * 60.0).round() as i64)))
        }
        Value::Serial(f) if *f > 0.0 && *f < 1.0 => {
            Ok(Some(Duration::seconds((f * 86_400.0).round() as i64)))
        }
        _ => {
            let raw = v.text();
            let mut s = halfwidth(raw.trim()).to_lowercase();
            if s.is_empty() {
                return Ok(None);
            }
            for (from, to) in [
                ("小时", "h"),
                ("hours", "h"),
                ("hour", "h"),
                ("hrs", "h"),
                ("hr", "h"),
                ("分钟", "m"),
                ("minutes", "m"),
                ("minute", "m"),
                ("mins", "m"),
                ("min", "m"),
                ("分", "m"),
                ("秒钟", "s"),
                ("秒", "s"),
                ("seconds", "s"),
                ("second", "s"),
                ("secs", "s"),
                ("sec", "s"),
            ] {
                s = s.replace(from, to);
            }
            let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
            if let Ok(n) = s.parse::<f64>()
                && n > 0.0
                && n < 100_000.0
            {
                return Ok(Some(Duration::seconds((n * 60.0).round() as i64)));
            }
            if let Some(t) = parse_clock(&s) {
                let d = Duration::seconds(t.num_seconds_from_midnight() as i64);
                if d > Duration::zero() {
                    return Ok(Some(d));
                }
            }
            stagecall_core::plan::time::parse_duration(&s)
                .map(Some)
                .map_err(|_| format!("「{}」 is not a duration like 10m or 10分钟", raw.trim()))
        }
    }
}

fn money(v: &Value) -> Result<Option<f64>, String> {
    match v {
        Value::Empty => Ok(None),
        Value::Num(n) | Value::Serial(n) if *n >= 0.0 => Ok(Some(*n)),
        _ => {
            let raw = v.text();
            let s: String = halfwidth(&raw)
                .chars()
                .filter(|c| !matches!(c, '¥' | '￥' | '元' | ',' | ' ' | '$'))
                .collect();
            if s.is_empty() {
                return Ok(None);
            }
            match s.parse::<f64>() {
                Ok(n) if n >= 0.0 && n.is_finite() => Ok(Some(n)),
                _ => Err(format!("「{}」 is not an amount", raw.trim())),
            }
        }
    }
}

fn count(v: &Value) -> Result<Option<u64>, String> {
    match money(v) {
        Ok(Some(n)) if n.fract() == 0.0 && n < 1e15 => Ok(Some(n as u64)),
        Ok(None) => Ok(None),
        _ => Err(format!("「{}」 is not a whole number", v.text().trim())),
    }
}

fn text(v: &Value) -> Option<String> {
    let t = v.text();
    let t = t.trim_end_matches(['\n', '\r', ' ']);
    (!t.trim().is_empty()).then(|| t.to_string())
}

fn fmt_clock(t: NaiveTime) -> String {
    crate::xlsx::sheet::clock(t)
}

fn fmt_duration(d: Duration) -> String {
    stagecall_core::plan::time::format_duration(d)
}

/// An id made of the letters, digits and dashes of `s`, or `fallback`.
fn slug(s: &str, fallback: &str) -> String {
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
fn welfare_kind(s: &str) -> Option<&'static str> {
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

fn kind_key(s: &str) -> Option<&'static str> {
    use stagecall_core::plan::WelfareKind;
    let t = s.trim();
    WelfareKind::ALL
        .iter()
        .find(|k| k.zh() == t || k.key() == t)
        .map(|k| k.key())
}

/// A trailing quantity: "×50", "x50", "*50", "50个", "50份".
fn split_quantity(s: &str) -> (String, Option<u64>) {
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
fn find_price(s: &str) -> (String, Option<f64>) {
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
fn pieces(cell: &str, whole_line: impl Fn(&str) -> bool) -> Vec<String> {
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
fn task_line(line: &str) -> Option<draft::Task> {
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

/// The importer's working state.
struct Builder {
    draft: Draft,
    problems: Vec<Problem>,
    /// Items named only in the run sheet, by name: their SKU.
    new_items: HashMap<String, String>,
    new_welfare: HashMap<String, String>,
}

impl Builder {
    fn problem(&mut self, at: String, message: impl Into<String>) {
        self.problems.push(Problem {
            at,
            message: message.into(),
        });
    }

    /// Columns no field matches, with cells below: one problem each.
    fn unknown_columns(&mut self, sheet: &Sheet, h: &Header, end_row: usize) {
        let width = sheet.rows.iter().map(Vec::len).max().unwrap_or(0);
        for c in 0..width {
            if h.cols.get(c).copied().flatten().is_some() {
                continue;
            }
            let cells: Vec<String> = (h.row + 1..end_row)
                .filter(|&r| !sheet.get(r, c).is_empty())
                .map(|r| {
                    sheet
                        .cell_ref(r, c)
                        .split('!')
                        .nth(1)
                        .unwrap_or("")
                        .to_string()
                })
                .collect();
            if cells.is_empty() {
                continue;
            }
            let head = sheet.get(h.row, c).text();
            let name = if head.trim().is_empty() {
                "a column with no header".to_string()
            } else {
                format!("column 「{}」", head.trim())
            };
            let listed = if cells.len() > 6 {
                format!("{}, … ({} cells)", cells[..6].join(", "), cells.len())
            } else {
                cells.join(", ")
            };
            self.problem(
                sheet.cell_ref(h.row, c),
                format!(
                    "{name} is not one import knows (see docs/import.md); not imported: {listed}"
                ),
            );
        }
    }

    fn session(&mut self, sheet: &Sheet) -> HashMap<&'static str, (Value, String)> {
        let mut out = HashMap::new();
        let prefixes = [a::CREW_PREFIX.0, a::CREW_PREFIX.1];
        for (r, _) in sheet.rows.iter().enumerate() {
            let k = sheet.get(r, 0).text();
            let v = sheet.get(r, 1).clone();
            let k = k.trim();
            if k.is_empty() {
                continue;
            }
            if [a::SESSION_FIELD.0, a::SESSION_FIELD.1].contains(&k) {
                continue;
            }
            if let Some(role) = prefixes
                .iter()
                .find_map(|p| k.strip_prefix(p).map(str::trim).filter(|r| !r.is_empty()))
            {
                if let Some(who) = text(&v) {
                    self.draft.crew.push((role.to_string(), who));
                }
                continue;
            }
            match a::lookup(a::SESSION, k) {
                Some(f) => {
                    out.insert(f.key, (v, sheet.cell_ref(r, 1)));
                }
                None => self.problem(
                    sheet.cell_ref(r, 0),
                    format!("「{k}」 is not a session field import knows; not imported"),
                ),
            }
        }
        out
    }

    fn products(&mut self, sheet: &Sheet) {
        let Some(h) = find_header(sheet, a::PRODUCTS, &["sku", "name"]) else {
            self.problem(
                sheet.name.clone(),
                "no header row naming SKU or 品名; not imported",
            );
            return;
        };
        self.unknown_columns(sheet, &h, sheet.rows.len());
        let get = |r: usize, k: &str| h.col(k).map_or(&Value::Empty, |c| sheet.get(r, c));
        let refer = |r: usize, k: &str| sheet.cell_ref(r, h.col(k).unwrap_or(0));
        for r in h.row + 1..sheet.rows.len() {
            let (sku, name) = (text(get(r, "sku")), text(get(r, "name")));
            if sku.is_none() && name.is_none() {
                continue;
            }
            let mut item = draft::Item {
                sku: sku.clone().unwrap_or_default(),
                name: name.clone().unwrap_or_default(),
                ..Default::default()
            };
            if item.sku.is_empty() {
                item.sku = self.fresh_sku();
                self.problem(
                    refer(r, "name"),
                    format!("no SKU for 「{}」: it is {}", item.name, item.sku),
                );
            }
            if item.name.is_empty() {
                item.name = item.sku.clone();
            }
            if self.draft.item(&item.sku).is_some() {
                self.problem(
                    refer(r, "sku"),
                    format!("SKU {} again; this row is not imported", item.sku),
                );
                continue;
            }
            for (k, slot) in [
                ("list_price", &mut item.list_price),
                ("live_price", &mut item.live_price),
            ] {
                match money(get(r, k)) {
                    Ok(v) => *slot = v,
                    Err(e) => self.problem(refer(r, k), e),
                }
            }
            for (k, slot) in [
                ("stock", &mut item.stock),
                ("limit", &mut item.limit),
                ("link", &mut item.link),
            ] {
                match count(get(r, k)) {
                    Ok(v) => *slot = v,
                    Err(e) => self.problem(refer(r, k), e),
                }
            }
            if item.link == Some(0) {
                self.problem(refer(r, "link"), "链接号 0: links count from 1; left out");
                item.link = None;
            }
            item.pitch = text(get(r, "pitch"))
                .map(|p| pieces(&p, |_| false))
                .unwrap_or_default();
            let gid = text(get(r, "group_id"));
            let gname = text(get(r, "group"));
            let role = text(get(r, "role")).and_then(|t| {
                use stagecall_core::plan::GroupRole;
                GroupRole::ALL
                    .iter()
                    .find(|g| g.zh() == t.trim() || g.key() == t.trim() || t.contains(g.zh()))
                    .map(|g| g.key().to_string())
            });
            let audience = text(get(r, "audience")).and_then(|t| {
                use stagecall_core::plan::Audience;
                Audience::ALL
                    .iter()
                    .find(|g| g.zh() == t.trim() || g.key() == t.trim())
                    .map(|g| g.key().to_string())
            });
            let gid = gid.unwrap_or_else(|| {
                gname
                    .as_deref()
                    .map_or_else(|| "imported".to_string(), |n| slug(n, "imported"))
            });
            self.group(&gid, gname.as_deref(), role, audience)
                .items
                .push(item);
        }
    }

    fn group(
        &mut self,
        id: &str,
        name: Option<&str>,
        role: Option<String>,
        audience: Option<String>,
    ) -> &mut draft::Group {
        let i = match self.draft.groups.iter().position(|g| g.id == id) {
            Some(i) => i,
            None => {
                self.draft.groups.push(draft::Group {
                    id: id.to_string(),
                    name: name.unwrap_or("导入的商品").to_string(),
                    role,
                    audience,
                    items: Vec::new(),
                });
                self.draft.groups.len() - 1
            }
        };
        &mut self.draft.groups[i]
    }

    fn fresh_sku(&self) -> String {
        (1..)
            .map(|n| format!("IMP-{n:03}"))
            .find(|s| self.draft.item(s).is_none())
            .unwrap_or_default()
    }

    fn welfare(&mut self, sheet: &Sheet) {
        let Some(h) = find_header(sheet, a::WELFARE, &["name", "kind"]) else {
            self.problem(
                sheet.name.clone(),
                "no header row naming 名称 or 类型; not imported",
            );
            return;
        };
        self.unknown_columns(sheet, &h, sheet.rows.len());
        let get = |r: usize, k: &str| h.col(k).map_or(&Value::Empty, |c| sheet.get(r, c));
        let refer = |r: usize, k: &str| sheet.cell_ref(r, h.col(k).unwrap_or(0));
        for r in h.row + 1..sheet.rows.len() {
            let name = text(get(r, "name"));
            let kind_text = text(get(r, "kind"));
            if name.is_none() && kind_text.is_none() {
                continue;
            }
            let name = name.unwrap_or_default();
            let kind = kind_text
                .as_deref()
                .and_then(kind_key)
                .or_else(|| welfare_kind(&name));
            let Some(kind) = kind else {
                self.problem(
                    refer(r, "kind"),
                    format!("「{}」 names no welfare kind (福袋, 红包, 优惠券, 秒杀, 抽奖, 赠品); not imported", kind_text.unwrap_or(name)),
                );
                continue;
            };
            let id = text(get(r, "id")).unwrap_or_else(|| self.fresh_welfare_id());
            if self.draft.welfare.iter().any(|w| w.id == id) {
                self.problem(
                    refer(r, "id"),
                    format!("welfare id {id} again; this row is not imported"),
                );
                continue;
            }
            let mut w = draft::Welfare {
                id,
                kind: kind.to_string(),
                name: if name.is_empty() {
                    kind.to_string()
                } else {
                    name
                },
                ..Default::default()
            };
            for (k, slot) in [("quantity", &mut w.quantity), ("limit", &mut w.limit)] {
                match count(get(r, k)) {
                    Ok(v) => *slot = v,
                    Err(e) => self.problem(refer(r, k), e),
                }
            }
            for (k, slot) in [("unit_cost", &mut w.unit_cost), ("price", &mut w.price)] {
                match money(get(r, k)) {
                    Ok(v) => *slot = v,
                    Err(e) => self.problem(refer(r, k), e),
                }
            }
            w.rule = text(get(r, "rule"));
            w.trigger = text(get(r, "trigger"));
            match parse_duration_value(get(r, "countdown")) {
                Ok(d) => w.countdown = d.map(fmt_duration),
                Err(e) => self.problem(refer(r, "countdown"), e),
            }
            if let Some(sku) = text(get(r, "sku")) {
                if self.draft.item(sku.trim()).is_some() {
                    w.sku = Some(sku.trim().to_string());
                } else {
                    self.problem(
                        refer(r, "sku"),
                        format!("SKU {sku} is not in the products; left out"),
                    );
                }
            }
            self.draft.welfare.push(w);
        }
    }

    fn fresh_welfare_id(&self) -> String {
        (1..)
            .map(|n| format!("w{n}"))
            .find(|s| !self.draft.welfare.iter().any(|w| &w.id == s))
            .unwrap_or_default()
    }

    fn traffic(&mut self, sheet: &Sheet) {
        let Some(h) = find_header(sheet, a::TRAFFIC, &["from", "to"]) else {
            self.problem(
                sheet.name.clone(),
                "no header row naming 开始 and 结束; not imported",
            );
            return;
        };
        self.unknown_columns(sheet, &h, sheet.rows.len());
        let get = |r: usize, k: &str| h.col(k).map_or(&Value::Empty, |c| sheet.get(r, c));
        let refer = |r: usize, k: &str| sheet.cell_ref(r, h.col(k).unwrap_or(0));
        for r in h.row + 1..sheet.rows.len() {
            let (from, to) = (time_range(get(r, "from")), time_range(get(r, "to")));
            let (from, to) = match (from, to) {
                (Ok(Some((f, _))), Ok(Some((t, _)))) => (f, t),
                (Ok(None), Ok(None)) => continue,
                (f, t) => {
                    for (k, e) in [("from", f), ("to", t)] {
                        if let Err(e) = e {
                            self.problem(refer(r, k), e);
                        } else if let Ok(None) = e {
                            self.problem(refer(r, k), "no time; this slot is not imported");
                        }
                    }
                    continue;
                }
            };
            let id = text(get(r, "id"))
                .unwrap_or_else(|| format!("slot-{}", self.draft.slots.len() + 1));
            let mut s = draft::Slot {
                id,
                from: fmt_clock(from),
                to: fmt_clock(to),
                channel: text(get(r, "channel")),
                audience: text(get(r, "audience")),
                ..Default::default()
            };
            for (k, slot) in [("budget", &mut s.budget), ("roi_target", &mut s.roi_target)] {
                match money(get(r, k)) {
                    Ok(v) => *slot = v,
                    Err(e) => self.problem(refer(r, k), e),
                }
            }
            self.draft.slots.push(s);
        }
    }

    /// A product named in a run-sheet cell: a known SKU, a known name, or
    /// a new item with a generated SKU and a TODO price.
    fn product(&mut self, piece: &str) -> String {
        let first = piece.split_whitespace().next().unwrap_or("");
        if self.draft.item(first).is_some() {
            return first.to_string();
        }
        if let Some(it) = self.draft.items().find(|i| i.name == piece.trim()) {
            return it.sku.clone();
        }
        let (name, price) = find_price(piece);
        let name = if name.is_empty() {
            piece.trim().to_string()
        } else {
            name
        };
        if let Some(it) = self.draft.items().find(|i| i.name == name) {
            return it.sku.clone();
        }
        if let Some(sku) = self.new_items.get(&name) {
            return sku.clone();
        }
        let sku = self.fresh_sku();
        self.new_items.insert(name.clone(), sku.clone());
        let item = draft::Item {
            sku: sku.clone(),
            name,
            live_price: price,
            todo_price: price.is_none(),
            ..Default::default()
        };
        self.group("imported", Some("导入的商品"), None, None)
            .items
            .push(item);
        sku
    }

    /// A welfare action named in a run-sheet cell.
    fn welfare_ref(&mut self, piece: &str, at: &str) -> Option<String> {
        let mut p = piece.trim().to_string();
        if let Some((head, id)) = p.rsplit_once(" #")
            && self.draft.welfare.iter().any(|w| w.id == id.trim())
        {
            let _ = head;
            return Some(id.trim().to_string());
        }
        let mut kind = None;
        if let Some((k, rest)) = p.split_once(' ')
            && let Some(key) = kind_key(k)
        {
            kind = Some(key);
            p = rest.trim().to_string();
        }
        let (name, qty) = split_quantity(&p);
        if let Some(w) = self
            .draft
            .welfare
            .iter()
            .find(|w| w.name == name && kind.is_none_or(|k| k == w.kind))
        {
            return Some(w.id.clone());
        }
        if let Some(id) = self.new_welfare.get(piece.trim()) {
            return Some(id.clone());
        }
        let Some(kind) = kind.or_else(|| welfare_kind(&name)) else {
            self.problem(
                at.to_string(),
                format!("「{}」 names no welfare kind (福袋, 红包, 优惠券, 秒杀, 抽奖, 赠品); not imported", piece.trim()),
            );
            return None;
        };
        let id = self.fresh_welfare_id();
        self.new_welfare
            .insert(piece.trim().to_string(), id.clone());
        self.draft.welfare.push(draft::Welfare {
            id: id.clone(),
            kind: kind.to_string(),
            name: if name.is_empty() {
                piece.trim().to_string()
            } else {
                name
            },
            quantity: Some(qty.unwrap_or(1)),
            todo: qty.is_none(),
            ..Default::default()
        });
        Some(id)
    }

    /// The tasks a plan makes by itself for a cue's products and welfare
    /// (上架 …, 发福袋 …): the sheet shows them, the plan must not repeat them.
    fn generated(&self, c: &draft::Cue) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        for sku in &c.items {
            if let Some(it) = self.draft.item(sku) {
                out.insert(match it.link {
                    Some(n) => format!("上架 {n}号链接 {} {}", it.sku, it.name),
                    None => format!("上架 {} {}", it.sku, it.name),
                });
            }
        }
        for id in &c.welfare {
            if let Some(w) = self.draft.welfare.iter().find(|w| &w.id == id) {
                let verb = match w.kind.as_str() {
                    "flash_sale" => "开启",
                    "coupon" | "gift" => "发放",
                    _ => "发",
                };
                let zh = stagecall_core::plan::WelfareKind::ALL
                    .iter()
                    .find(|k| k.key() == w.kind)
                    .map_or("", |k| k.zh());
                out.insert(format!("{verb}{zh} {}", w.name));
            }
        }
        out
    }

    /// The run sheet: one cue per row.
    fn script(&mut self, sheet: &Sheet) -> Vec<Row> {
        let Some(h) = find_header(sheet, a::SCRIPT, &["time", "title", "duration"]) else {
            self.problem(
                sheet.name.clone(),
                "no header row naming 时间, 环节 or 时长 in its first ten rows; not imported",
            );
            return Vec::new();
        };
        for r in 0..h.row {
            for (c, v) in sheet.rows[r].iter().enumerate() {
                if !v.is_empty() {
                    self.problem(
                        sheet.cell_ref(r, c),
                        format!("「{}」 above the header row; not imported", v.text().trim()),
                    );
                }
            }
        }
        self.unknown_columns(sheet, &h, sheet.rows.len());
        let get = |r: usize, k: &str| h.col(k).map_or(&Value::Empty, |c| sheet.get(r, c));
        let refer = |r: usize, k: &str| sheet.cell_ref(r, h.col(k).unwrap_or(0));
        let fixed_col = h.col("fixed").is_some();
        let mut rows = Vec::new();
        for r in h.row + 1..sheet.rows.len() {
            let known = h
                .cols
                .iter()
                .enumerate()
                .any(|(c, f)| f.is_some() && !sheet.get(r, c).is_empty());
            if !known {
                continue;
            }
            if let Some(kind) = text(get(r, "kind")) {
                let k = kind.trim().to_lowercase();
                if k.contains("投放") || k.starts_with("slot") {
                    if self.draft.slots.is_empty() {
                        self.problem(
                            refer(r, "kind"),
                            "a traffic-slot row: slots come from the 投放 sheet, which is missing; not imported",
                        );
                    }
                    continue;
                }
            }
            let mut row = Row {
                time_ref: refer(r, "time"),
                ..Default::default()
            };
            match time_range(get(r, "time")) {
                Ok(t) => (row.start, row.end) = t.map_or((None, None), |(s, e)| (Some(s), e)),
                Err(e) => self.problem(refer(r, "time"), e),
            }
            match parse_duration_value(get(r, "duration")) {
                Ok(d) => row.duration = d,
                Err(e) => self.problem(refer(r, "duration"), e),
            }
            if row.duration.is_none()
                && let (Some(s), Some(e)) = (row.start, row.end)
            {
                let mut d = e - s;
                if d < Duration::zero() {
                    d += Duration::days(1);
                }
                row.duration = Some(d);
            }
            row.fixed = if fixed_col {
                Some(text(get(r, "fixed")).is_some_and(|t| {
                    !["否", "no", "false", "0", "×", "n"]
                        .contains(&t.trim().to_lowercase().as_str())
                }))
            } else {
                None
            };
            let mut cue = draft::Cue {
                segment: text(get(r, "segment")),
                script: text(get(r, "script")),
                id: text(get(r, "id")).map(|s| s.trim().to_string()),
                from: Some(format!("{} row {}", sheet.name, r + 1)),
                ..Default::default()
            };
            if let Some(p) = text(get(r, "products")) {
                let known = |l: &str| {
                    l.split_whitespace()
                        .next()
                        .is_some_and(|f| self.draft.item(f).is_some())
                };
                let list = pieces(&p, known);
                for piece in list {
                    let sku = self.product(&piece);
                    if !cue.items.contains(&sku) {
                        cue.items.push(sku);
                    }
                }
            }
            if let Some(w) = text(get(r, "welfare")) {
                let ours = |l: &str| {
                    l.split_once(' ')
                        .is_some_and(|(k, _)| kind_key(k).is_some())
                };
                for piece in pieces(&w, ours) {
                    if let Some(id) = self.welfare_ref(&piece, &refer(r, "welfare"))
                        && !cue.welfare.contains(&id)
                    {
                        cue.welfare.push(id);
                    }
                }
            }
            cue.title = match text(get(r, "title")) {
                Some(t) => t.trim().to_string(),
                None => {
                    let name = cue
                        .segment
                        .clone()
                        .or_else(|| {
                            cue.items
                                .first()
                                .and_then(|s| self.draft.item(s))
                                .map(|i| i.name.clone())
                        })
                        .unwrap_or_else(|| format!("环节 {}", r + 1));
                    self.problem(
                        refer(r, "title"),
                        format!("no title; the cue is called 「{name}」"),
                    );
                    name
                }
            };
            let who = text(get(r, "who")).map(|w| w.trim().to_string());
            let generated = self.generated(&cue);
            let mut tasks: Vec<draft::Task> = Vec::new();
            for col in ["tasks", "notes"] {
                if let Some(cell) = text(get(r, col)) {
                    tasks.extend(cell.lines().filter_map(task_line));
                }
            }
            tasks.retain(|t| !generated.contains(&t.text));
            if let Some(who) = &who {
                if tasks.is_empty() {
                    self.problem(
                        refer(r, "who"),
                        format!("负责人 「{who}」 but the row has no tasks (任务 / 备注) to give them; not imported"),
                    );
                }
                for t in tasks.iter_mut().filter(|t| t.who.is_none()) {
                    t.who = Some(who.clone());
                }
            }
            let mut seen = BTreeSet::new();
            tasks.retain(|t| seen.insert(t.text.clone()));
            cue.tasks = tasks;
            row.cue = cue;
            rows.push(row);
        }
        rows
    }
}

#[derive(Debug, Default)]
struct Row {
    /// The row's time cell, for problems.
    time_ref: String,
    start: Option<NaiveTime>,
    end: Option<NaiveTime>,
    duration: Option<Duration>,
    /// `Some` when the sheet has a 定点 column.
    fixed: Option<bool>,
    cue: draft::Cue,
}

/// Seconds from `start` to `t`, a clock time earlier than the start being
/// the next day.
fn offset(start: NaiveTime, t: NaiveTime) -> i64 {
    let d = (t - start).num_seconds();
    if d < 0 { d + 86_400 } else { d }
}

/// Builds the plan from a workbook's sheets (or one CSV sheet).
pub fn build(sheets: &[Sheet], opts: &Options) -> Result<Outcome, String> {
    let mut b = Builder {
        draft: Draft::default(),
        problems: Vec::new(),
        new_items: HashMap::new(),
        new_welfare: HashMap::new(),
    };
    let find = |which| sheets.iter().find(|s| a::sheet_is(&s.name, which));
    let script = find(a::SHEET_SCRIPT).or_else(|| {
        sheets.iter().find(|s| {
            ![
                a::SHEET_PRODUCTS,
                a::SHEET_WELFARE,
                a::SHEET_TRAFFIC,
                a::SHEET_SESSION,
            ]
            .iter()
            .any(|w| a::sheet_is(&s.name, *w))
                && find_header(s, a::SCRIPT, &["time", "title", "duration"]).is_some()
        })
    });
    let Some(script) = script else {
        return Err(format!(
            "no run sheet found: no sheet is called {} and none has a header row naming 时间, 环节 or 时长 (sheets: {})",
            a::SHEET_SCRIPT.0,
            sheets
                .iter()
                .map(|s| s.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    };
    let session = find(a::SHEET_SESSION)
        .map(|s| b.session(s))
        .unwrap_or_default();
    if let Some(s) = find(a::SHEET_PRODUCTS) {
        b.products(s);
    }
    if let Some(s) = find(a::SHEET_WELFARE) {
        b.welfare(s);
    }
    if let Some(s) = find(a::SHEET_TRAFFIC) {
        b.traffic(s);
    }
    for s in sheets {
        let ours = [
            a::SHEET_PRODUCTS,
            a::SHEET_WELFARE,
            a::SHEET_TRAFFIC,
            a::SHEET_SESSION,
        ]
        .iter()
        .any(|w| a::sheet_is(&s.name, *w));
        let empty = s.rows.iter().all(|r| r.iter().all(Value::is_empty));
        if !ours && s.name != script.name && !empty {
            b.problem(
                s.name.clone(),
                "not a sheet import knows (直播脚本, 货盘, 福利, 投放, 场次); not imported",
            );
        }
    }

    // The session: flags, then the 场次 sheet, then the defaults.
    let sess = |k: &str| session.get(k);
    let d = &mut b.draft;
    d.title = opts
        .title
        .clone()
        .or_else(|| sess("title").and_then(|(v, _)| text(v)))
        .unwrap_or_else(|| opts.stem.clone());
    let mut problems = Vec::new();
    d.platform = opts.platform.clone().or_else(|| {
        let (v, at) = sess("platform")?;
        let t = text(v)?;
        use stagecall_core::plan::Platform;
        let p = Platform::ALL
            .iter()
            .find(|p| p.key() == t.trim().to_lowercase() || p.zh() == t.trim());
        if p.is_none() {
            problems.push(Problem {
                at: at.clone(),
                message: format!("「{t}」 is not a platform (kuaishou, douyin, taobao, tiktok, wechat, other); left out"),
            });
        }
        p.map(|p| p.key().to_string())
    });
    d.date = opts
        .date
        .or_else(|| {
            let (v, at) = sess("date")?;
            let parsed = match v {
                Value::Serial(f) | Value::Num(f) => serial_date(*f),
                _ => {
                    let t = halfwidth(&v.text())
                        .replace(['/', '.', '年', '月'], "-")
                        .replace('日', "");
                    NaiveDate::parse_from_str(t.trim(), "%Y-%m-%d").ok()
                }
            };
            if parsed.is_none() && !v.is_empty() {
                problems.push(Problem {
                    at: at.clone(),
                    message: format!(
                        "「{}」 is not a date like 2026-11-11; using today",
                        v.text()
                    ),
                });
            }
            parsed
        })
        .or(opts.today);
    d.timezone = opts
        .timezone
        .clone()
        .or_else(|| {
            let (v, at) = sess("timezone")?;
            let t = text(v)?;
            if t.trim().parse::<chrono_tz::Tz>().is_ok() {
                Some(t.trim().to_string())
            } else {
                problems.push(Problem {
                    at: at.clone(),
                    message: format!(
                        "「{t}」 is not an IANA time zone like Asia/Shanghai; using the machine's"
                    ),
                });
                None
            }
        })
        .or_else(|| opts.local_tz.clone());
    d.hosts = sess("hosts")
        .and_then(|(v, _)| text(v))
        .map(|h| pieces(&h, |_| false))
        .unwrap_or_default();
    let mut money_of = |k: &str| {
        let (v, at) = sess(k)?;
        money(v)
            .map_err(|e| {
                problems.push(Problem {
                    at: at.clone(),
                    message: e,
                })
            })
            .ok()
            .flatten()
    };
    d.gmv_target = money_of("gmv_target");
    d.traffic_budget = money_of("traffic_budget");
    d.currency = sess("currency")
        .and_then(|(v, _)| text(v))
        .map(|c| c.trim().to_string());
    d.advance = sess("advance").and_then(|(v, _)| text(v)).and_then(|t| {
        use stagecall_core::plan::Advance;
        Advance::ALL
            .iter()
            .find(|x| x.key() == t.trim() || x.zh() == t.trim())
            .map(|x| x.key().to_string())
    });
    let sess_time = |k: &str, problems: &mut Vec<Problem>| {
        let (v, at) = sess(k)?;
        match time_range(v) {
            Ok(t) => t.map(|(s, _)| s),
            Err(e) => {
                problems.push(Problem {
                    at: at.clone(),
                    message: e,
                });
                None
            }
        }
    };
    let sheet_start = sess_time("start", &mut problems);
    let sheet_end = sess_time("end", &mut problems);
    let sheet_duration = sess("duration").and_then(|(v, at)| match parse_duration_value(v) {
        Ok(d) => d,
        Err(e) => {
            problems.push(Problem {
                at: at.clone(),
                message: e,
            });
            None
        }
    });
    b.problems.extend(problems);

    let mut rows = b.script(script);
    let first_time = rows.iter().find_map(|r| r.start);
    let Some(start) = opts.start.or(sheet_start).or(first_time) else {
        return Err(format!(
            "no start time: {} has no time in its 时间 column and there is no 场次 sheet; give one with --start 20:00",
            script.name
        ));
    };
    b.draft.start = fmt_clock(start);

    // Each cue's time: with a 定点 column (our own workbooks), exactly as
    // marked; otherwise a row that starts where the one before ends follows
    // on (a floating cue) and any other keeps its time as `at`.
    let mut prev_end: Option<i64> = None;
    let mut prev_start: Option<i64> = None;
    let mut last_end: Option<i64> = None;
    let mut cues = Vec::new();
    for row in &mut rows {
        let mut cue = std::mem::take(&mut row.cue);
        let off = row.start.map(|t| offset(start, t));
        if let (Some(o), Some(p)) = (off, prev_start)
            && o < p
        {
            b.problems.push(Problem {
                at: row.time_ref.clone(),
                message: format!(
                    "{} is before the row above; the cue follows on from it instead",
                    row.start.map(fmt_clock).unwrap_or_default()
                ),
            });
            row.start = None;
        }
        let off = row.start.map(|t| offset(start, t));
        let hard = match row.fixed {
            Some(f) => f && row.start.is_some(),
            None => off.is_some() && prev_end != off && !(cues.is_empty() && off == Some(0)),
        };
        if hard {
            cue.at = row.start.map(fmt_clock);
        }
        cue.duration = row.duration.map(fmt_duration);
        let begin = off.or(prev_end);
        prev_start = begin.or(prev_start);
        prev_end = match (begin, row.duration) {
            (Some(s), Some(d)) => Some(s + d.num_seconds()),
            _ => None,
        };
        if prev_end.is_some() {
            last_end = prev_end;
        } else if begin.is_some() {
            last_end = None;
        }
        cues.push(cue);
    }
    b.draft.cues = cues;

    b.draft.end = if let Some(e) = sheet_end {
        End::Clock(fmt_clock(e))
    } else if let Some(d) = sheet_duration {
        End::Duration(fmt_duration(d))
    } else if let Some(e) = last_end.filter(|&e| e > 0) {
        End::Duration(fmt_duration(Duration::seconds(e)))
    } else {
        b.problems.push(Problem {
            at: script.name.clone(),
            message: "no end time: the last row has neither an end nor a duration; the plan says duration = \"2h\" with a TODO".into(),
        });
        End::Guess("2h".into())
    };
    b.draft.header = vec![format!(
        "Imported by `stagecall import`; check it with `stagecall check`."
    )];
    Ok(Outcome {
        draft: b.draft,
        problems: b.problems,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_and_ranges() {
        let t = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
        let v = |s: &str| Value::Text(s.into());
        assert_eq!(
            time_range(&v("20:00-20:10")),
            Ok(Some((t(20, 0), Some(t(20, 10)))))
        );
        assert_eq!(
            time_range(&v("20:00~20:10")),
            Ok(Some((t(20, 0), Some(t(20, 10)))))
        );
        assert_eq!(
            time_range(&v("２０：００ — ２０：１０")),
            Ok(Some((t(20, 0), Some(t(20, 10)))))
        );
        assert_eq!(time_range(&v("8:05")), Ok(Some((t(8, 5), None))));
        assert_eq!(time_range(&v("20点半")), Ok(Some((t(20, 30), None))));
        assert_eq!(
            time_range(&Value::Serial(20.0 / 24.0)),
            Ok(Some((t(20, 0), None)))
        );
        assert!(time_range(&v("晚上八点")).is_err());
    }

    #[test]
    fn durations() {
        let v = |s: &str| Value::Text(s.into());
        let m = Duration::minutes;
        assert_eq!(parse_duration_value(&v("10分钟")), Ok(Some(m(10))));
        assert_eq!(parse_duration_value(&v("1小时30分")), Ok(Some(m(90))));
        assert_eq!(parse_duration_value(&v("5m")), Ok(Some(m(5))));
        assert_eq!(parse_duration_value(&v("10 min")), Ok(Some(m(10))));
        assert_eq!(parse_duration_value(&Value::Num(15.0)), Ok(Some(m(15))));
        assert!(parse_duration_value(&v("一会儿")).is_err());
    }

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
