//! A semantic diff of two plans in run-sheet terms: cues added, removed,
//! retimed or retitled; products, prices, welfare, budgets and slots
//! changed. Things are matched by identity (cue id, SKU, welfare id, slot
//! id), the same identity live state uses.

use std::collections::HashMap;

use crate::plan::time::format_duration;
use crate::plan::{Money, Plan};
use crate::schedule::{Instant, Schedule};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Added,
    Removed,
    Changed,
}

impl Op {
    pub fn sign(self) -> char {
        match self {
            Op::Added => '+',
            Op::Removed => '-',
            Op::Changed => '~',
        }
    }
}

/// One difference: what kind of thing, which one, and in words what changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub op: Op,
    pub what: &'static str,
    pub id: String,
    pub detail: String,
}

fn hm(t: Instant, base: chrono::NaiveDate) -> String {
    let days = (t.date_naive() - base).num_days();
    if days == 0 {
        t.format("%H:%M").to_string()
    } else {
        format!("{}{:+}d", t.format("%H:%M"), days)
    }
}

fn money(m: Option<Money>) -> String {
    m.map_or_else(|| "—".to_string(), |m| m.to_string())
}

fn num<T: ToString>(v: Option<T>) -> String {
    v.map_or_else(|| "—".to_string(), |v| v.to_string())
}

struct Acc(Vec<Change>);

impl Acc {
    fn push(&mut self, op: Op, what: &'static str, id: &str, detail: String) {
        self.0.push(Change {
            op,
            what,
            id: id.to_string(),
            detail,
        });
    }

    fn field(&mut self, what: &'static str, id: &str, name: &str, old: String, new: String) {
        if old != new {
            self.push(Op::Changed, what, id, format!("{name} {old} → {new}"));
        }
    }
}

/// Differences from `old` to `new`, in reading order: session, cues, products,
/// welfare, traffic, warm-up.
pub fn diff(old: (&Plan, &Schedule), new: (&Plan, &Schedule)) -> Vec<Change> {
    let (op, os) = old;
    let (np, ns) = new;
    let mut a = Acc(Vec::new());
    let (od, nd) = (op.session.date, np.session.date);

    a.field(
        "session",
        "",
        "title",
        op.session.title.clone(),
        np.session.title.clone(),
    );
    a.field(
        "session",
        "",
        "start",
        os.start.format("%Y-%m-%d %H:%M").to_string(),
        ns.start.format("%Y-%m-%d %H:%M").to_string(),
    );
    a.field(
        "session",
        "",
        "end",
        os.end.format("%Y-%m-%d %H:%M").to_string(),
        ns.end.format("%Y-%m-%d %H:%M").to_string(),
    );
    a.field(
        "session",
        "",
        "timezone",
        op.session.timezone.name().into(),
        np.session.timezone.name().into(),
    );
    a.field(
        "session",
        "",
        "platform",
        num(op.session.platform),
        num(np.session.platform),
    );
    a.field(
        "session",
        "",
        "gmv_target",
        money(op.session.gmv_target),
        money(np.session.gmv_target),
    );

    let old_cues: HashMap<&str, usize> = op
        .cues
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), i))
        .collect();
    let new_cues: HashMap<&str, usize> = np
        .cues
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), i))
        .collect();
    for (i, c) in op.cues.iter().enumerate() {
        if !new_cues.contains_key(c.id.as_str()) {
            let iv = os.cues[i];
            a.push(
                Op::Removed,
                "cue",
                &c.id,
                format!("{}–{} {}", hm(iv.start, od), hm(iv.end, od), c.title),
            );
        }
    }
    for (j, c) in np.cues.iter().enumerate() {
        let niv = ns.cues[j];
        let Some(&i) = old_cues.get(c.id.as_str()) else {
            a.push(
                Op::Added,
                "cue",
                &c.id,
                format!("{}–{} {}", hm(niv.start, nd), hm(niv.end, nd), c.title),
            );
            continue;
        };
        let (o, oiv) = (&op.cues[i], os.cues[i]);
        if oiv != niv {
            let len = |iv: crate::schedule::Interval| format_duration(iv.len());
            a.push(
                Op::Changed,
                "cue",
                &c.id,
                format!(
                    "retimed {}–{} ({}) → {}–{} ({})",
                    hm(oiv.start, od),
                    hm(oiv.end, od),
                    len(oiv),
                    hm(niv.start, nd),
                    hm(niv.end, nd),
                    len(niv)
                ),
            );
        }
        a.field(
            "cue",
            &c.id,
            "title",
            format!("\"{}\"", o.title),
            format!("\"{}\"", c.title),
        );
        // A cue's products and welfare, as the ids the plan writes.
        let list = |ids: Vec<&str>| format!("[{}]", ids.join(", "));
        let skus =
            |p: &Plan, ix: &[usize]| list(ix.iter().map(|&k| p.items[k].sku.as_str()).collect());
        let wel =
            |p: &Plan, ix: &[usize]| list(ix.iter().map(|&k| p.welfare[k].id.as_str()).collect());
        a.field(
            "cue",
            &c.id,
            "items",
            skus(op, &o.items),
            skus(np, &c.items),
        );
        a.field(
            "cue",
            &c.id,
            "welfare",
            wel(op, &o.welfare),
            wel(np, &c.welfare),
        );
        for t in &o.checklist {
            if !c.checklist.iter().any(|n| n.text == t.text) {
                a.push(
                    Op::Changed,
                    "cue",
                    &c.id,
                    format!("task removed: {}", t.text),
                );
            }
        }
        for t in &c.checklist {
            match o.checklist.iter().find(|x| x.text == t.text) {
                None => a.push(Op::Changed, "cue", &c.id, format!("task added: {}", t.text)),
                Some(x) if x.who != t.who => a.push(
                    Op::Changed,
                    "cue",
                    &c.id,
                    format!(
                        "task \"{}\" who {} → {}",
                        t.text,
                        num(x.who.as_ref()),
                        num(t.who.as_ref())
                    ),
                ),
                Some(_) => {}
            }
        }
        if o.script != c.script {
            a.push(Op::Changed, "cue", &c.id, "script changed".into());
        }
    }

    for it in &op.items {
        if np.item_by_sku(&it.sku).is_none() {
            a.push(
                Op::Removed,
                "product",
                &it.sku,
                format!("{} (live {})", it.name, money(it.live_price)),
            );
        }
    }
    for it in &np.items {
        let Some(o) = op.item_by_sku(&it.sku) else {
            a.push(
                Op::Added,
                "product",
                &it.sku,
                format!(
                    "{} (live {}, list {})",
                    it.name,
                    money(it.live_price),
                    money(it.list_price)
                ),
            );
            continue;
        };
        a.field("product", &it.sku, "name", o.name.clone(), it.name.clone());
        a.field(
            "product",
            &it.sku,
            "live_price",
            money(o.live_price),
            money(it.live_price),
        );
        a.field(
            "product",
            &it.sku,
            "list_price",
            money(o.list_price),
            money(it.list_price),
        );
        a.field("product", &it.sku, "stock", num(o.stock), num(it.stock));
        a.field("product", &it.sku, "limit", num(o.limit), num(it.limit));
    }

    let find_w = |p: &'_ Plan, id: &str| p.welfare.iter().position(|w| w.id == id);
    for w in &op.welfare {
        if find_w(np, &w.id).is_none() {
            a.push(
                Op::Removed,
                "welfare",
                &w.id,
                format!("{} {}", w.kind.zh(), w.name),
            );
        }
    }
    for w in &np.welfare {
        let Some(i) = find_w(op, &w.id) else {
            a.push(
                Op::Added,
                "welfare",
                &w.id,
                format!("{} {} ×{}", w.kind.zh(), w.name, num(w.quantity)),
            );
            continue;
        };
        let o = &op.welfare[i];
        a.field(
            "welfare",
            &w.id,
            "kind",
            o.kind.key().into(),
            w.kind.key().into(),
        );
        a.field("welfare", &w.id, "name", o.name.clone(), w.name.clone());
        a.field(
            "welfare",
            &w.id,
            "quantity",
            num(o.quantity),
            num(w.quantity),
        );
        a.field(
            "welfare",
            &w.id,
            "unit_cost",
            money(o.unit_cost),
            money(w.unit_cost),
        );
        a.field(
            "welfare",
            &w.id,
            "countdown",
            num(o.countdown.map(format_duration)),
            num(w.countdown.map(format_duration)),
        );
    }

    let budget = |p: &Plan| p.traffic.as_ref().and_then(|t| t.budget);
    a.field(
        "traffic",
        "",
        "budget",
        money(budget(op)),
        money(budget(np)),
    );
    let slots = |p: &'_ Plan| {
        p.traffic
            .as_ref()
            .map(|t| t.slots.clone())
            .unwrap_or_default()
    };
    let (oslots, nslots) = (slots(op), slots(np));
    for (i, s) in oslots.iter().enumerate() {
        if !nslots.iter().any(|n| n.id == s.id) {
            a.push(
                Op::Removed,
                "slot",
                &s.id,
                format!(
                    "{}–{} budget {}",
                    hm(os.slots[i].start, od),
                    hm(os.slots[i].end, od),
                    money(s.budget)
                ),
            );
        }
    }
    for (j, s) in nslots.iter().enumerate() {
        let niv = ns.slots[j];
        let Some(i) = oslots.iter().position(|o| o.id == s.id) else {
            a.push(
                Op::Added,
                "slot",
                &s.id,
                format!(
                    "{}–{} budget {}",
                    hm(niv.start, nd),
                    hm(niv.end, nd),
                    money(s.budget)
                ),
            );
            continue;
        };
        let oiv = os.slots[i];
        if oiv != niv {
            a.push(
                Op::Changed,
                "slot",
                &s.id,
                format!(
                    "retimed {}–{} → {}–{}",
                    hm(oiv.start, od),
                    hm(oiv.end, od),
                    hm(niv.start, nd),
                    hm(niv.end, nd)
                ),
            );
        }
        a.field(
            "slot",
            &s.id,
            "budget",
            money(oslots[i].budget),
            money(s.budget),
        );
        a.field(
            "slot",
            &s.id,
            "roi_target",
            num(oslots[i].roi_target),
            num(s.roi_target),
        );
        a.field(
            "slot",
            &s.id,
            "channel",
            num(oslots[i].channel.clone()),
            num(s.channel.clone()),
        );
    }

    for (i, w) in op.warmups.iter().enumerate() {
        match np.warmups.iter().position(|n| n.id == w.id) {
            None => a.push(Op::Removed, "warm-up", &w.id, w.title.clone()),
            Some(j) => a.field(
                "warm-up",
                &w.id,
                "at",
                os.warmups[i].format("%m-%d %H:%M").to_string(),
                ns.warmups[j].format("%m-%d %H:%M").to_string(),
            ),
        }
    }
    for w in &np.warmups {
        if !op.warmups.iter().any(|o| o.id == w.id) {
            a.push(Op::Added, "warm-up", &w.id, w.title.clone());
        }
    }
    a.0
}

#[cfg(test)]
mod tests;
