//! The 货盘, 福利 and 投放 sheets: products in their groups, welfare
//! actions, traffic slots.

use super::cells::{count, fmt_clock, fmt_duration, money, parse_duration_value, text, time_range};
use super::parts::{kind_key, pieces, slug, welfare_kind};
use super::{Builder, find_header};
use crate::import::aliases as a;
use crate::import::draft;
use crate::import::grid::{Sheet, Value};

impl Builder {
    pub(super) fn products(&mut self, sheet: &Sheet) {
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

    pub(super) fn group(
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

    pub(super) fn fresh_sku(&self) -> String {
        (1..)
            .map(|n| format!("IMP-{n:03}"))
            .find(|s| self.draft.item(s).is_none())
            .unwrap_or_default()
    }

    pub(super) fn welfare(&mut self, sheet: &Sheet) {
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

    pub(super) fn fresh_welfare_id(&self) -> String {
        (1..)
            .map(|n| format!("w{n}"))
            .find(|s| !self.draft.welfare.iter().any(|w| &w.id == s))
            .unwrap_or_default()
    }

    pub(super) fn traffic(&mut self, sheet: &Sheet) {
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
}
