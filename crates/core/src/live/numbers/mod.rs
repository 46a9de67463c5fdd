//! The live numbers at an instant: online and its trend, GMV against the
//! target and its pace, stock left per SKU, spend, GMV and ROI per traffic
//! slot, and the alerts they raise. A pure function of the plan, the
//! readings in the log and the projection, like the rest of `live`.
//!
//! How windows are counted (the rule): GMV, orders and likes are
//! totals so far, 0 before the first reading. The GMV of a window (a cue on
//! air, a slot) is the last reading at or before its end (or now) minus the
//! last reading at or before its start. Spend per slot works the same way.
//! Units sold per SKU are the most any reading so far has said, so a late
//! or corrected lower reading never gives stock back.

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

use super::{Live, Phase, tasks};
use crate::plan::when::Figure;
use crate::plan::{Money, Plan};
use crate::schedule::{Schedule, ShowTime};
use crate::state::LiveState;
use crate::state::reading::Reading;

/// Online now is compared with this long ago for its trend.
pub const TREND: Duration = Duration::minutes(5);
/// Numbers older than this are stale.
pub const STALE: Duration = Duration::minutes(10);
/// A running slot's ROI under target this long raises an alert.
pub const ROI_PATIENCE: Duration = Duration::minutes(10);
/// A fixed cue this close raises an alert.
pub const HARD_SOON: Duration = Duration::minutes(2);

#[derive(Debug, Clone, Default)]
pub struct Numbers {
    /// When the latest reading at or before now was taken.
    pub at: Option<ShowTime>,
    pub online: Option<u64>,
    /// Online at or before [`TREND`] ago.
    pub online_before: Option<u64>,
    pub gmv: Money,
    pub orders: u64,
    pub likes: u64,
    pub gmv_target: Option<Money>,
    /// The GMV the target's pace expects by now (prorated by show time).
    pub pace: Option<Money>,
    /// The latest reading is older than [`STALE`].
    pub stale: bool,
    pub stock: Vec<Stock>,
    pub slots: Vec<SlotFigures>,
    pub alerts: Vec<Alert>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Stock {
    /// Index into `plan.items`.
    pub item: usize,
    pub sku: String,
    pub stock: Option<u64>,
    pub sold: u64,
    /// `stock − sold`, never below 0.
    pub remaining: Option<u64>,
    /// The alert threshold: `low_stock`, or 10% of stock.
    pub low_at: Option<u64>,
    pub low: bool,
    /// When a reading first said it was all sold.
    pub sold_out_at: Option<ShowTime>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SlotFigures {
    /// Index into the plan's traffic slots.
    pub slot: usize,
    pub id: String,
    pub budget: Option<Money>,
    pub spend: Money,
    /// GMV taken during the slot (so far).
    pub gmv: Money,
    pub roi: Option<f64>,
    pub roi_target: Option<f64>,
    pub running: bool,
    /// Since when a running slot's ROI has stayed under target.
    pub under_since: Option<ShowTime>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AlertKind {
    Trigger,
    LowStock,
    SoldOut,
    Roi,
    HardSoon,
    StaleNumbers,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alert {
    pub kind: AlertKind,
    /// The welfare id, SKU, slot id or cue id it concerns.
    pub id: Option<String>,
    pub text: String,
}

/// The readings at or before `t`.
fn upto(state: &LiveState, t: DateTime<Utc>) -> &[(DateTime<Utc>, Reading)] {
    let n = state.readings.partition_point(|(s, _)| *s <= t);
    &state.readings[..n]
}

/// The latest value of a figure at or before `t`.
fn last<T>(state: &LiveState, t: DateTime<Utc>, f: impl Fn(&Reading) -> Option<T>) -> Option<T> {
    upto(state, t).iter().rev().find_map(|(_, r)| f(r))
}

/// GMV so far at `t` (0 before the first reading).
pub fn gmv_at(state: &LiveState, t: DateTime<Utc>) -> Money {
    last(state, t, |r| r.gmv).unwrap_or_default()
}

pub fn orders_at(state: &LiveState, t: DateTime<Utc>) -> u64 {
    last(state, t, |r| r.orders).unwrap_or(0)
}

pub fn online_at(state: &LiveState, t: DateTime<Utc>) -> Option<u64> {
    last(state, t, |r| r.online)
}

/// Units of `sku` sold so far at `t`: the most any reading has said.
pub fn sold_at(state: &LiveState, t: DateTime<Utc>, sku: &str) -> u64 {
    upto(state, t)
        .iter()
        .filter_map(|(_, r)| r.sold.get(sku).copied())
        .max()
        .unwrap_or(0)
}

/// Spent so far on slot `id` at `t`.
pub fn spend_at(state: &LiveState, t: DateTime<Utc>, id: &str) -> Money {
    last(state, t, |r| r.spend.get(id).copied()).unwrap_or_default()
}

/// GMV taken between `from` and `to` (see the module doc).
pub fn gmv_between(state: &LiveState, from: DateTime<Utc>, to: DateTime<Utc>) -> Money {
    Money(gmv_at(state, to).0 - gmv_at(state, from).0)
}

/// The alert threshold for an item: its `low_stock`, or 10% of stock.
pub fn low_at(plan: &Plan, item: usize) -> Option<u64> {
    let it = &plan.items[item];
    it.low_stock.or(it.stock.map(|s| s / 10))
}

/// Stock left per SKU at `now`.
pub fn stock(plan: &Plan, state: &LiveState, now: DateTime<Utc>) -> Vec<Stock> {
    plan.items
        .iter()
        .enumerate()
        .map(|(i, it)| {
            let sold = sold_at(state, now, &it.sku);
            let remaining = it.stock.map(|s| s.saturating_sub(sold));
            let low_at = low_at(plan, i);
            let sold_out_at = it.stock.filter(|s| *s > 0).and_then(|s| {
                upto(state, now)
                    .iter()
                    .find(|(_, r)| r.sold.get(&it.sku).is_some_and(|n| *n >= s))
                    .map(|(t, _)| t.with_timezone(&plan.session.timezone))
            });
            Stock {
                item: i,
                sku: it.sku.clone(),
                stock: it.stock,
                sold,
                remaining,
                low_at,
                low: matches!((remaining, low_at), (Some(r), Some(l)) if r > 0 && r <= l),
                sold_out_at,
            }
        })
        .collect()
}

/// SKUs the numbers say sold out that no sold-out or restock record has
/// dealt with since: the runner records them sold out (the same record as
/// `x`), so the same follow-ups come.
pub fn newly_sold_out(plan: &Plan, state: &LiveState, now: DateTime<Utc>) -> Vec<String> {
    stock(plan, state, now)
        .into_iter()
        .filter(|s| !state.is_sold_out(&s.sku) && sold_out_by_numbers(state, s))
        .map(|s| s.sku)
        .collect()
}

/// Whether the numbers say `s` sold out and nobody has dealt with it
/// since: a sold-out or restock record at or after that reading (even one
/// later taken back with undo) is the crew's word over it.
fn sold_out_by_numbers(state: &LiveState, s: &Stock) -> bool {
    let Some(at) = s.sold_out_at.map(|t| t.with_timezone(&Utc)) else {
        return false;
    };
    state.sku_marked.get(&s.sku).is_none_or(|t| *t < at)
}

fn slot_figures(plan: &Plan, sched: &Schedule, state: &LiveState, live: &Live) -> Vec<SlotFigures> {
    let now = live.now.with_timezone(&Utc);
    let Some(traffic) = &plan.traffic else {
        return Vec::new();
    };
    traffic
        .slots
        .iter()
        .enumerate()
        .filter_map(|(i, s)| {
            let iv = sched.slots.get(i)?;
            let (start, end) = (iv.start.with_timezone(&Utc), iv.end.with_timezone(&Utc));
            let to = end.min(now);
            let started = now > start;
            let window = |t: DateTime<Utc>| {
                let spend = Money(spend_at(state, t, &s.id).0 - spend_at(state, start, &s.id).0);
                let gmv = gmv_between(state, start, t);
                (spend, gmv)
            };
            let (spend, gmv) = if started {
                window(to)
            } else {
                (Money(0), Money(0))
            };
            let roi =
                |spend: Money, gmv: Money| (spend.0 > 0).then(|| gmv.0 as f64 / spend.0 as f64);
            let running = live.phase == Phase::OnAir && iv.contains(live.now);
            // The run of readings, up to now, in which ROI stayed under.
            let mut under_since = None;
            if let (true, Some(target)) = (running, s.roi_target) {
                // One pass, carrying the totals forward from the slot's
                // start (a long show has thousands of readings).
                let (spend0, gmv0) = (spend_at(state, start, &s.id), gmv_at(state, start));
                let (mut spend_t, mut gmv_t) = (spend0, gmv0);
                let after = upto(state, now);
                let first = after.partition_point(|(t, _)| *t <= start);
                for (t, r) in &after[first..] {
                    if let Some(g) = r.gmv {
                        gmv_t = g;
                    }
                    if let Some(sp) = r.spend.get(&s.id) {
                        spend_t = *sp;
                    }
                    let (sp, g) = (Money(spend_t.0 - spend0.0), Money(gmv_t.0 - gmv0.0));
                    match roi(sp, g) {
                        Some(r) if r < target => {
                            under_since.get_or_insert(t.with_timezone(&plan.session.timezone));
                        }
                        Some(_) => under_since = None,
                        None => {}
                    }
                }
            }
            Some(SlotFigures {
                slot: i,
                id: s.id.clone(),
                budget: s.budget,
                spend,
                gmv,
                roi: roi(spend, gmv),
                roi_target: s.roi_target,
                running,
                under_since,
            })
        })
        .collect()
}

/// The value of a `when` figure now.
fn figure(n: &Numbers, f: Figure) -> Option<f64> {
    let read = n.at.is_some();
    match f {
        Figure::Online => n.online.map(|v| v as f64),
        Figure::Gmv => read.then(|| n.gmv.units()),
        Figure::Orders => read.then_some(n.orders as f64),
        Figure::Likes => read.then_some(n.likes as f64),
    }
}

/// The live numbers at the projection's instant.
pub fn numbers(plan: &Plan, sched: &Schedule, state: &LiveState, live: &Live) -> Numbers {
    let now = live.now.with_timezone(&Utc);
    let tz = plan.session.timezone;
    let at = upto(state, now).last().map(|(t, _)| t.with_timezone(&tz));
    let mut n = Numbers {
        at,
        online: online_at(state, now),
        online_before: online_at(state, now - TREND),
        gmv: gmv_at(state, now),
        orders: orders_at(state, now),
        likes: last(state, now, |r| r.likes).unwrap_or(0),
        gmv_target: plan.session.gmv_target,
        stale: at.is_some_and(|t| live.now - t > STALE),
        stock: stock(plan, state, now),
        slots: slot_figures(plan, sched, state, live),
        ..Numbers::default()
    };
    if live.phase != Phase::Pre {
        let total = (sched.end - sched.start).num_seconds().max(1) as f64;
        let done = ((live.now - sched.start).num_seconds() as f64 / total).clamp(0.0, 1.0);
        n.pace = n
            .gmv_target
            .map(|t| Money((t.0 as f64 * done).round() as i64));
    }
    n.alerts = alerts(plan, state, live, &n);
    n
}

fn alerts(plan: &Plan, state: &LiveState, live: &Live, n: &Numbers) -> Vec<Alert> {
    let mut out = Vec::new();
    let on_air = live.phase == Phase::OnAir;
    // A trigger that holds while its cue is on air and it is not released.
    if let (true, Some(c)) = (on_air, live.on_air) {
        for &w in &plan.cues[c].welfare {
            let wf = &plan.welfare[w];
            let Some(cond) = &wf.when else { continue };
            if !tasks::released_in(plan, state, live, w, c) && cond.holds(|f| figure(n, f)) {
                out.push(Alert {
                    kind: AlertKind::Trigger,
                    id: Some(wf.id.clone()),
                    text: format!("release {} {} now: {cond}", wf.kind.zh(), wf.name),
                });
            }
        }
    }
    if let Some(h) = live.next_hard
        && on_air
    {
        let left = live.next_hard_at - live.now;
        if left > Duration::zero() && left <= HARD_SOON {
            out.push(Alert {
                kind: AlertKind::HardSoon,
                id: Some(plan.cues[h].id.clone()),
                text: format!(
                    "{} at {} in {} s",
                    plan.cues[h].title,
                    live.next_hard_at.format("%H:%M"),
                    left.num_seconds()
                ),
            });
        }
    }
    // Products on air: a sold-out one must not be pitched.
    let near: Vec<usize> = live
        .on_air
        .into_iter()
        .flat_map(|c| plan.cues[c].items.iter().copied())
        .collect();
    for s in &n.stock {
        let sold_out = state.is_sold_out(&s.sku) || sold_out_by_numbers(state, s);
        if sold_out && near.contains(&s.item) {
            out.push(Alert {
                kind: AlertKind::SoldOut,
                id: Some(s.sku.clone()),
                text: format!("{} {} sold out", s.sku, plan.items[s.item].name),
            });
        } else if s.low && !sold_out && live.phase != Phase::Pre {
            out.push(Alert {
                kind: AlertKind::LowStock,
                id: Some(s.sku.clone()),
                text: format!(
                    "{} {}: {} left (alert at {})",
                    s.sku,
                    plan.items[s.item].name,
                    s.remaining.unwrap_or(0),
                    s.low_at.unwrap_or(0)
                ),
            });
        }
    }
    for s in &n.slots {
        if let (Some(since), Some(target), Some(roi)) = (s.under_since, s.roi_target, s.roi)
            && live.now - since >= ROI_PATIENCE
        {
            out.push(Alert {
                kind: AlertKind::Roi,
                id: Some(s.id.clone()),
                text: format!(
                    "{}: ROI {roi:.2} under {target} for {} min",
                    s.id,
                    (live.now - since).num_minutes()
                ),
            });
        }
    }
    if n.stale && on_air {
        let age = n.at.map_or(0, |t| (live.now - t).num_minutes());
        out.push(Alert {
            kind: AlertKind::StaleNumbers,
            id: None,
            text: format!("the numbers are {age} min old"),
        });
    }
    out
}

// The review's (复盘) windows. Online is read as the screens showed it: a
// step function, each reading holding until the next, so the level
// carried into a window counts from its start.

/// Online over `[from, to]`: `(peak, time-weighted average)`. The peak is
/// the most the step function showed (the level carried in at `from`, or
/// any reading after it up to `to`); the average weighs each level by how
/// long it stood within the window, over the part of the window after the
/// first reading. `None` when no reading of online is at or before `to`.
pub fn online_over(
    state: &LiveState,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Option<(u64, f64)> {
    let to = to.max(from);
    let (mut level, mut since) = (online_at(state, from), from);
    let (mut peak, mut area, mut covered) = (level, 0.0_f64, 0_i64);
    let mut stand = |level: Option<u64>, from: DateTime<Utc>, until: DateTime<Utc>| {
        if let Some(l) = level {
            let secs = (until - from).num_seconds().max(0);
            area += l as f64 * secs as f64;
            covered = covered.saturating_add(secs);
        }
    };
    for (t, r) in upto(state, to).iter().filter(|(t, _)| *t > from) {
        let Some(v) = r.online else { continue };
        stand(level, since, *t);
        (level, since, peak) = (Some(v), *t, peak.max(Some(v)));
    }
    stand(level, since, to);
    let peak = peak?;
    let avg = if covered > 0 {
        area / covered as f64
    } else {
        level? as f64
    };
    Some((peak, avg))
}

/// Orders taken between `from` and `to` (the GMV window rule); negative
/// when a later reading corrected the total down.
pub fn orders_between(state: &LiveState, from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
    let d = i128::from(orders_at(state, to)) - i128::from(orders_at(state, from));
    d.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64
}

/// Online "after" `at`: the last reading of online at or before `at +
/// within` (and not after `until`), if one was taken after `at`.
pub fn online_after(
    state: &LiveState,
    at: DateTime<Utc>,
    within: Duration,
    until: DateTime<Utc>,
) -> Option<u64> {
    let end = at.checked_add_signed(within).unwrap_or(at).min(until);
    upto(state, end)
        .iter()
        .rev()
        .take_while(|(t, _)| *t > at)
        .find_map(|(_, r)| r.online)
}

#[cfg(test)]
mod tests;
