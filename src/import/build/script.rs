//! The 直播脚本 sheet, one cue per row: its time, length and 定点 mark,
//! the products and welfare it names (made when the other sheets lack
//! them), and its checklist without the tasks the plan makes by itself.

use std::collections::BTreeSet;

use chrono::{Duration, NaiveTime};

use super::cells::{parse_duration_value, text, time_range};
use super::parts::{find_price, kind_key, pieces, split_quantity, task_line, welfare_kind};
use super::{Builder, find_header};
use crate::import::aliases as a;
use crate::import::draft;
use crate::import::grid::{Sheet, Value};

impl Builder {
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
    pub(super) fn script(&mut self, sheet: &Sheet) -> Vec<Row> {
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
pub(super) struct Row {
    /// The row's time cell, for problems.
    pub(super) time_ref: String,
    pub(super) start: Option<NaiveTime>,
    pub(super) end: Option<NaiveTime>,
    pub(super) duration: Option<Duration>,
    /// `Some` when the sheet has a 定点 column.
    pub(super) fixed: Option<bool>,
    pub(super) cue: draft::Cue,
}
