//! `[traffic]` and `[[traffic.slot]]`: paid traffic (商业化).

use super::ids::Ids;
use super::values::{money, ratio, spec_text, time_value};
use super::{Checker, missing};
use crate::diag::{Diagnostic, Rule};
use crate::plan::model::{Slot, Traffic};
use crate::plan::raw::{Located, RawTraffic};

pub(super) fn check(raw: Located<RawTraffic>, ck: &mut Checker) -> Traffic {
    let span = raw.span();
    let t = raw.into_inner();
    let mut ids = Ids::new("slot id");
    let mut slots = Vec::new();
    // A slot budget already reported as unusable (or lost with its slot)
    // makes the budget sums unknowable; skip them rather than cascade into
    // "unallocated" or "over budget".
    let mut budget_unknown = false;
    for (n, s) in t.slot.into_iter().enumerate() {
        let sspan = s.span();
        let s = s.into_inner();
        let wrote_budget = s.budget.is_some() || ck.already_reported("budget", &sspan);
        let id = match &s.id {
            Some(id) => {
                ids.claim(id, ck);
                id.get_ref().clone()
            }
            None => format!("slot-{}", n + 1),
        };
        let (Some(from), Some(to)) = (&s.from, &s.to) else {
            let key = if s.from.is_none() { "from" } else { "to" };
            missing(
                ck,
                key,
                &sspan,
                &format!("{key} = \"20:00\" to this traffic slot"),
            );
            budget_unknown |= wrote_budget;
            continue;
        };
        let (Some(fs), Some(ts)) = (time_value(from, ck), time_value(to, ck)) else {
            budget_unknown |= wrote_budget;
            continue;
        };
        // The same time written twice is an empty slot, not one that ends
        // before it starts. (Different forms that land on the same instant
        // are only known to the schedule.)
        if fs == ts {
            ck.err(
                Diagnostic::new(Rule::EmptySlot, format!(
                    "traffic slot `{id}` is empty: it starts and ends at {}",
                    spec_text(fs)
                ))
                .at(to.span())
                .label("the same as `from`")
                .help("`to` is when the paid traffic stops; make it later than `from`, like to = \"21:00\""),
            );
            budget_unknown |= wrote_budget;
            continue;
        }
        let budget = s.budget.as_ref().and_then(|v| money(v, "budget", ck));
        budget_unknown |= wrote_budget && budget.is_none();
        slots.push(Slot {
            id,
            from: fs,
            to: ts,
            budget,
            channel: s.channel,
            audience: s.audience,
            roi_target: s
                .roi_target
                .as_ref()
                .and_then(|v| ratio(v, "roi_target", ck)),
            from_span: from.span(),
            to_span: to.span(),
            span: sspan,
        });
    }
    let total = t
        .budget
        .as_ref()
        .and_then(|v| money(v, "traffic.budget", ck));
    Traffic {
        budget: total.filter(|_| !budget_unknown),
        budget_span: t
            .budget
            .as_ref()
            .map_or_else(|| ck.header(&span), Located::span),
        slots,
    }
}
