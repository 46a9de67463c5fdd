//! The review's numbers, read from the log's `metrics` records through the
//! window rules of [`crate::live::numbers`] (one rule for every screen):
//!
//! - **GMV and orders of a window** (a cue on air, a traffic slot): the
//!   last reading at or before its end minus the last reading at or before
//!   its start; 0 before the first reading. A cue that is on air when the
//!   review is taken counts up to then.
//! - **Online peak and average** of a cue: online is a step function, each
//!   reading standing until the next, so the level carried into the cue
//!   counts from its start. The peak is the most it showed on air; the
//!   average is **time-weighted**: each level weighed by how long it stood
//!   on air (over the part after the first reading), rounded to a person.
//!   A feed that writes every few seconds and a 中控 typing the numbers in
//!   every 15 minutes then give the same kind of answer, where a plain mean
//!   of readings would favour whoever wrote most often.
//! - **GMV per minute**: the cue's GMV over its minutes on air.
//! - **Sold** per SKU: the most any reading said (a lower correction never
//!   gives stock back); **sell-through** is sold ÷ stock (over 1 when it
//!   oversold); **sold out at** is the first reading that said all of the
//!   stock was sold, or the crew's sold-out mark (`x`), whichever came first.
//! - **Spend, GMV and ROI per slot**: the window rule over the slot's
//!   window up to the review's instant; ROI is GMV ÷ spend, against the
//!   slot's `roi_target`.
//! - **Online before and after a welfare release**: before is the last
//!   online reading at or before the release; after is the last online
//!   reading at or before [`AFTER_RELEASE`] later, provided it was taken
//!   after the release (otherwise there is no "after" to tell). Did the
//!   福袋 hold the audience? `after − before` says.
//!
//! A figure no reading ever carried is absent (`None`, JSON `null`), not 0:
//! a review with no readings invents nothing. The one exception is the
//! GMV total, which the rule makes 0 before the first reading.

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

use crate::live::numbers::{self, Numbers};
use crate::plan::{Money, Plan};
use crate::state::LiveState;

/// "After" a release is the online this long after it.
pub const AFTER_RELEASE: Duration = Duration::minutes(5);

/// `x` to `dp` decimal places.
fn round(x: f64, dp: i32) -> f64 {
    let m = 10_f64.powi(dp);
    (x * m).round() / m
}

/// Which figures the readings up to the review's instant carry at all.
#[derive(Debug, Clone, Copy, Default)]
pub struct Known {
    pub gmv: bool,
    pub orders: bool,
    pub online: bool,
}

impl Known {
    pub fn new(state: &LiveState, now: DateTime<Utc>) -> Self {
        let mut k = Known::default();
        for (_, r) in state.readings.iter().take_while(|(t, _)| *t <= now) {
            k.gmv |= r.gmv.is_some();
            k.orders |= r.orders.is_some();
            k.online |= r.online.is_some();
        }
        k
    }
}

/// A cue's numbers while it was on air.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CueNumbers {
    pub gmv: Option<f64>,
    pub orders: Option<i64>,
    pub online_peak: Option<u64>,
    pub online_avg: Option<u64>,
    pub gmv_per_min: Option<f64>,
}

/// The numbers of a cue on air from `from` to `to`.
pub fn cue_numbers(
    state: &LiveState,
    known: Known,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> CueNumbers {
    let gmv = known
        .gmv
        .then(|| numbers::gmv_between(state, from, to).units());
    let online = if known.online {
        numbers::online_over(state, from, to)
    } else {
        None
    };
    let secs = (to - from).num_seconds();
    CueNumbers {
        gmv,
        orders: known
            .orders
            .then(|| numbers::orders_between(state, from, to)),
        online_peak: online.map(|o| o.0),
        online_avg: online.map(|o| o.1.round() as u64),
        gmv_per_min: gmv
            .filter(|_| secs > 0)
            .map(|g| round(g * 60.0 / secs as f64, 2)),
    }
}

/// One SKU in the review.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProductReport {
    pub sku: String,
    pub name: String,
    pub stock: Option<u64>,
    /// Units sold: the most any reading said; `None` when none said.
    pub sold: Option<u64>,
    /// Sold ÷ stock (4 decimals); over 1 when it oversold.
    pub sell_through: Option<f64>,
    /// The first reading that said it was all sold, or the crew's mark.
    pub sold_out_at: Option<String>,
}

pub fn products(
    plan: &Plan,
    state: &LiveState,
    n: &Numbers,
    now: DateTime<Utc>,
    local: impl Fn(DateTime<Utc>) -> String,
) -> Vec<ProductReport> {
    n.stock
        .iter()
        .map(|s| {
            let said = state
                .readings
                .iter()
                .take_while(|(t, _)| *t <= now)
                .any(|(_, r)| r.sold.contains_key(&s.sku));
            let sold = said.then_some(s.sold);
            let marked = state.sold_out.get(&s.sku).copied().filter(|t| *t <= now);
            let read = s.sold_out_at.map(|t| t.with_timezone(&Utc));
            let sold_out_at = match (read, marked) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            ProductReport {
                sku: s.sku.clone(),
                name: plan.items[s.item].name.clone(),
                stock: s.stock,
                sold,
                sell_through: match (sold, s.stock) {
                    (Some(sold), Some(stock)) if stock > 0 => {
                        Some(round(sold as f64 / stock as f64, 4))
                    }
                    _ => None,
                },
                sold_out_at: sold_out_at.map(&local),
            }
        })
        .collect()
}

/// A slot's numbers over its window (up to the review's instant).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SlotNumbers {
    /// Spent in the slot; `None` when no reading named the slot.
    pub spend: Option<f64>,
    /// GMV taken during the slot; `None` before it starts or without GMV
    /// readings.
    pub gmv: Option<f64>,
    /// GMV ÷ spend (2 decimals); `None` with nothing spent.
    pub roi: Option<f64>,
    /// ROI at or above `roi_target`.
    pub roi_met: Option<bool>,
}

/// The numbers of slot `index` of the plan's traffic.
pub fn slot_numbers(
    state: &LiveState,
    known: Known,
    n: &Numbers,
    index: usize,
    started: bool,
    now: DateTime<Utc>,
) -> SlotNumbers {
    let Some(f) = n.slots.iter().find(|f| f.slot == index) else {
        return SlotNumbers::default();
    };
    let named = state
        .readings
        .iter()
        .take_while(|(t, _)| *t <= now)
        .any(|(_, r)| r.spend.contains_key(&f.id));
    let spend = (named && started).then(|| f.spend.units());
    let gmv = (known.gmv && started).then(|| f.gmv.units());
    let roi = f.roi.filter(|_| spend.is_some() && gmv.is_some());
    SlotNumbers {
        spend,
        gmv,
        roi: roi.map(|r| round(r, 2)),
        roi_met: roi.zip(f.roi_target).map(|(r, t)| r >= t),
    }
}

/// One welfare release with the audience around it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReleaseReport {
    pub at: String,
    /// The cue it belongs to (recorded with it, or on air then).
    pub cue: Option<String>,
    pub online_before: Option<u64>,
    pub online_after: Option<u64>,
}

pub fn release(
    state: &LiveState,
    at: DateTime<Utc>,
    cue: Option<String>,
    now: DateTime<Utc>,
    local: impl Fn(DateTime<Utc>) -> String,
) -> ReleaseReport {
    let seen = at <= now;
    ReleaseReport {
        at: local(at),
        cue,
        online_before: numbers::online_at(state, at).filter(|_| seen),
        online_after: numbers::online_after(state, at, AFTER_RELEASE, now),
    }
}

/// One reading on the review's charts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReadingPoint {
    pub at: String,
    pub online: Option<u64>,
    /// Total so far.
    pub gmv: Option<f64>,
    pub orders: Option<u64>,
}

/// The readings up to `now` that carry online, GMV or orders.
pub fn readings(
    state: &LiveState,
    now: DateTime<Utc>,
    local: impl Fn(DateTime<Utc>) -> String,
) -> Vec<ReadingPoint> {
    state
        .readings
        .iter()
        .take_while(|(t, _)| *t <= now)
        .filter(|(_, r)| r.online.is_some() || r.gmv.is_some() || r.orders.is_some())
        .map(|(t, r)| ReadingPoint {
            at: local(*t),
            online: r.online,
            gmv: r.gmv.map(Money::units),
            orders: r.orders,
        })
        .collect()
}

/// The show's totals at the review's instant.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Totals {
    /// GMV so far (0 before the first reading).
    pub gmv: f64,
    /// GMV ÷ `gmv_target` (4 decimals).
    pub gmv_target_share: Option<f64>,
    pub orders: Option<u64>,
    /// The most online any reading said.
    pub online_peak: Option<u64>,
    /// Spent over every slot with a reading.
    pub spend: Option<f64>,
    /// Readings of the numbers in the log up to the review's instant.
    pub readings: usize,
}

pub fn totals(
    plan: &Plan,
    state: &LiveState,
    known: Known,
    now: DateTime<Utc>,
    slots: &[SlotNumbers],
) -> Totals {
    let upto: Vec<_> = state
        .readings
        .iter()
        .take_while(|(t, _)| *t <= now)
        .collect();
    let gmv = numbers::gmv_at(state, now);
    let spent: Vec<f64> = slots.iter().filter_map(|s| s.spend).collect();
    Totals {
        gmv: gmv.units(),
        gmv_target_share: plan
            .session
            .gmv_target
            .filter(|t| t.0 > 0)
            .map(|t| round(gmv.0 as f64 / t.0 as f64, 4)),
        orders: known.orders.then(|| numbers::orders_at(state, now)),
        online_peak: upto.iter().filter_map(|(_, r)| r.online).max(),
        spend: (!spent.is_empty()).then(|| round(spent.iter().sum(), 2)),
        readings: upto.len(),
    }
}

#[cfg(test)]
#[path = "figures_tests.rs"]
mod tests;
