//! A semantic diff of two plans in run-sheet terms: cues added, removed,
//! retimed or retitled; products, prices, welfare, budgets and slots
//! changed. Things are matched by identity (cue id, SKU, welfare id, slot
//! id, warm-up id, a task's text), the same identity live state uses.
//!
//! Each kind of thing goes through one keyed diff ([`by_id`]): what only
//! the old plan has is removed, what only the new one has is added, and
//! what both have is compared field by field.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::plan::time::{DayClock, format_duration};
use crate::plan::{Money, Plan};
use crate::schedule::{Interval, Schedule, ShowTime};

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

/// What became of one id between an old list and a new one; the indices
/// are the positions in those lists (and so in the schedules).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keyed<'a, T> {
    Removed(usize, &'a T),
    Added(usize, &'a T),
    Kept((usize, &'a T), (usize, &'a T)),
}

/// Matches two lists by id: first what was removed, in the old list's
/// order, then the new list in its order, each entry added or kept. An id
/// written twice is matched to its first entry in the old list.
pub fn by_id<'a, T>(old: &'a [T], new: &'a [T], id: impl Fn(&T) -> &str) -> Vec<Keyed<'a, T>> {
    let index = |list: &'a [T]| {
        let mut map: HashMap<&'a str, usize> = HashMap::new();
        for (i, x) in list.iter().enumerate() {
            map.entry(id(x)).or_insert(i);
        }
        map
    };
    let (old_ix, new_ix) = (index(old), index(new));
    let removed = old
        .iter()
        .enumerate()
        .filter(|(_, x)| !new_ix.contains_key(id(x)))
        .map(|(i, x)| Keyed::Removed(i, x));
    let rest = new
        .iter()
        .enumerate()
        .map(|(j, x)| match old_ix.get(id(x)) {
            Some(&i) => Keyed::Kept((i, &old[i]), (j, x)),
            None => Keyed::Added(j, x),
        });
    removed.chain(rest).collect()
}

fn money(m: Option<Money>) -> String {
    m.map_or_else(|| "—".to_string(), |m| m.to_string())
}

fn num<T: ToString>(v: Option<T>) -> String {
    v.map_or_else(|| "—".to_string(), |v| v.to_string())
}

/// One side of the comparison: the plan, its schedule, and the day its
/// times are counted from.
#[derive(Clone, Copy)]
struct Side<'a> {
    plan: &'a Plan,
    sched: &'a Schedule,
    day: NaiveDate,
}

impl<'a> Side<'a> {
    fn new((plan, sched): (&'a Plan, &'a Schedule)) -> Self {
        Side {
            plan,
            sched,
            day: plan.session.date,
        }
    }

    /// The traffic slots, none without `[traffic]`.
    fn slots(&self) -> &'a [crate::plan::Slot] {
        self.plan.traffic.as_ref().map_or(&[], |t| &t.slots)
    }

    /// "22:00–23:30", each end with its day when past the session's.
    fn span(&self, iv: Interval) -> String {
        let at = |t: ShowTime| DayClock::new(&t, self.day);
        format!("{}–{}", at(iv.start), at(iv.end))
    }
}

/// The changes found so far, in reading order.
#[derive(Default)]
struct Changes(Vec<Change>);

impl Changes {
    fn push(&mut self, op: Op, what: &'static str, id: &str, detail: String) {
        self.0.push(Change {
            op,
            what,
            id: id.to_string(),
            detail,
        });
    }

    /// The changes of one thing (`what` `id`).
    fn of<'c>(&'c mut self, what: &'static str, id: &'c str) -> Fields<'c> {
        Fields {
            out: self,
            what,
            id,
        }
    }

    /// One keyed diff: `removed` and `added` describe a thing only one
    /// side has, `kept` compares one both have.
    fn keyed<'a, T>(
        &mut self,
        what: &'static str,
        (old, new): (&'a [T], &'a [T]),
        id: impl Fn(&T) -> &str,
        removed: impl Fn(usize, &T) -> String,
        added: impl Fn(usize, &T) -> String,
        mut kept: impl FnMut(&mut Fields<'_>, (usize, &T), (usize, &T)),
    ) {
        for k in by_id(old, new, &id) {
            match k {
                Keyed::Removed(i, x) => self.push(Op::Removed, what, id(x), removed(i, x)),
                Keyed::Added(j, x) => self.push(Op::Added, what, id(x), added(j, x)),
                Keyed::Kept(o, n) => kept(&mut self.of(what, id(n.1)), o, n),
            }
        }
    }
}

/// The changes of one thing, field by field.
struct Fields<'c> {
    out: &'c mut Changes,
    what: &'static str,
    id: &'c str,
}

impl Fields<'_> {
    /// "name old → new", when the two differ. Both sides are made for
    /// this call alone, so they are taken by value.
    #[allow(clippy::needless_pass_by_value)]
    fn field(&mut self, name: &str, old: String, new: String) {
        if old != new {
            self.note(format!("{name} {old} → {new}"));
        }
    }

    /// A change in words.
    fn note(&mut self, detail: String) {
        self.out.push(Op::Changed, self.what, self.id, detail);
    }
}

/// Differences from `old` to `new`, in reading order: session, cues, products,
/// welfare, traffic, warm-up.
pub fn diff(old: (&Plan, &Schedule), new: (&Plan, &Schedule)) -> Vec<Change> {
    let (o, n) = (Side::new(old), Side::new(new));
    let mut out = Changes::default();
    session(&mut out, o, n);
    cues(&mut out, o, n);
    products(&mut out, o, n);
    welfare(&mut out, o, n);
    traffic(&mut out, o, n);
    warmups(&mut out, o, n);
    out.0
}

fn session(out: &mut Changes, o: Side, n: Side) {
    let (os, ns) = (&o.plan.session, &n.plan.session);
    let when = |t: ShowTime| t.format("%Y-%m-%d %H:%M").to_string();
    let mut f = out.of("session", "");
    f.field("title", os.title.clone(), ns.title.clone());
    f.field("start", when(o.sched.start), when(n.sched.start));
    f.field("end", when(o.sched.end), when(n.sched.end));
    f.field(
        "timezone",
        os.timezone.name().into(),
        ns.timezone.name().into(),
    );
    f.field("platform", num(os.platform), num(ns.platform));
    f.field("gmv_target", money(os.gmv_target), money(ns.gmv_target));
}

fn cues(out: &mut Changes, o: Side, n: Side) {
    let line = |s: Side, i: usize| format!("{} {}", s.span(s.sched.cues[i]), s.plan.cues[i].title);
    // A cue's products and welfare, as the ids the plan writes.
    let list = |ids: Vec<&str>| format!("[{}]", ids.join(", "));
    let skus = |p: &Plan, ix: &[usize]| list(ix.iter().map(|&k| p.items[k].sku.as_str()).collect());
    let wel = |p: &Plan, ix: &[usize]| list(ix.iter().map(|&k| p.welfare[k].id.as_str()).collect());
    out.keyed(
        "cue",
        (&o.plan.cues, &n.plan.cues),
        |c| &c.id,
        |i, _| line(o, i),
        |j, _| line(n, j),
        |f, (i, oc), (j, nc)| {
            let (oiv, niv) = (o.sched.cues[i], n.sched.cues[j]);
            if oiv != niv {
                let len = |iv: Interval| format_duration(iv.len());
                f.note(format!(
                    "retimed {} ({}) → {} ({})",
                    o.span(oiv),
                    len(oiv),
                    n.span(niv),
                    len(niv)
                ));
            }
            f.field(
                "title",
                format!("\"{}\"", oc.title),
                format!("\"{}\"", nc.title),
            );
            f.field("items", skus(o.plan, &oc.items), skus(n.plan, &nc.items));
            f.field(
                "welfare",
                wel(o.plan, &oc.welfare),
                wel(n.plan, &nc.welfare),
            );
            // Tasks, matched by their text.
            for k in by_id(&oc.checklist, &nc.checklist, |t| &t.text) {
                match k {
                    Keyed::Removed(_, t) => f.note(format!("task removed: {}", t.text)),
                    Keyed::Added(_, t) => f.note(format!("task added: {}", t.text)),
                    Keyed::Kept((_, x), (_, t)) if x.who != t.who => f.note(format!(
                        "task \"{}\" who {} → {}",
                        t.text,
                        num(x.who.as_ref()),
                        num(t.who.as_ref())
                    )),
                    Keyed::Kept(..) => {}
                }
            }
            if oc.script != nc.script {
                f.note("script changed".into());
            }
        },
    );
}

fn products(out: &mut Changes, o: Side, n: Side) {
    out.keyed(
        "product",
        (&o.plan.items, &n.plan.items),
        |it| &it.sku,
        |_, it| format!("{} (live {})", it.name, money(it.live_price)),
        |_, it| {
            format!(
                "{} (live {}, list {})",
                it.name,
                money(it.live_price),
                money(it.list_price)
            )
        },
        |f, (_, o), (_, n)| {
            f.field("name", o.name.clone(), n.name.clone());
            f.field("live_price", money(o.live_price), money(n.live_price));
            f.field("list_price", money(o.list_price), money(n.list_price));
            f.field("stock", num(o.stock), num(n.stock));
            f.field("limit", num(o.limit), num(n.limit));
        },
    );
}

fn welfare(out: &mut Changes, o: Side, n: Side) {
    out.keyed(
        "welfare",
        (&o.plan.welfare, &n.plan.welfare),
        |w| &w.id,
        |_, w| format!("{} {}", w.kind.zh(), w.name),
        |_, w| format!("{} {} ×{}", w.kind.zh(), w.name, num(w.quantity)),
        |f, (_, o), (_, n)| {
            f.field("kind", o.kind.key().into(), n.kind.key().into());
            f.field("name", o.name.clone(), n.name.clone());
            f.field("quantity", num(o.quantity), num(n.quantity));
            f.field("unit_cost", money(o.unit_cost), money(n.unit_cost));
            f.field(
                "countdown",
                num(o.countdown.map(format_duration)),
                num(n.countdown.map(format_duration)),
            );
        },
    );
}

fn traffic(out: &mut Changes, o: Side, n: Side) {
    let budget = |p: &Plan| p.traffic.as_ref().and_then(|t| t.budget);
    out.of("traffic", "")
        .field("budget", money(budget(o.plan)), money(budget(n.plan)));
    let line = |s: Side, i: usize, budget: Option<Money>| {
        format!("{} budget {}", s.span(s.sched.slots[i]), money(budget))
    };
    out.keyed(
        "slot",
        (o.slots(), n.slots()),
        |s| &s.id,
        |i, s| line(o, i, s.budget),
        |j, s| line(n, j, s.budget),
        |f, (i, os), (j, ns)| {
            let (oiv, niv) = (o.sched.slots[i], n.sched.slots[j]);
            if oiv != niv {
                f.note(format!("retimed {} → {}", o.span(oiv), n.span(niv)));
            }
            f.field("budget", money(os.budget), money(ns.budget));
            f.field("roi_target", num(os.roi_target), num(ns.roi_target));
            f.field("channel", num(os.channel.clone()), num(ns.channel.clone()));
        },
    );
}

fn warmups(out: &mut Changes, o: Side, n: Side) {
    let at = |s: Side, i: usize| s.sched.warmups[i].format("%m-%d %H:%M").to_string();
    out.keyed(
        "warm-up",
        (&o.plan.warmups, &n.plan.warmups),
        |w| &w.id,
        |_, w| w.title.clone(),
        |_, w| w.title.clone(),
        |f, (i, _), (j, _)| f.field("at", at(o, i), at(n, j)),
    );
}

#[cfg(test)]
mod tests;
