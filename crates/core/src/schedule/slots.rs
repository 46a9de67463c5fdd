//! Traffic slots on the clock, and every check on them: a slot that ends
//! before it starts, lies outside the session, has no cue on air, overlaps
//! another, or whose budgets do not add up to `traffic.budget`.

use super::{Interval, Placer, ShowTime, hm};
use crate::diag::{Diagnostic, Diagnostics, Rule};
use crate::plan::Plan;
use crate::plan::time::TimeError;

pub(super) fn place(
    plan: &Plan,
    placer: &Placer,
    start: ShowTime,
    end: ShowTime,
    window: &str,
    cues: &[Interval],
    d: &mut Diagnostics,
) -> Vec<Interval> {
    let Some(traffic) = &plan.traffic else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for s in &traffic.slots {
        let from = placer
            .place(s.from)
            .map_err(|e| d.push(no_such_time(&e, s.from_span.clone())));
        let to = placer
            .place(s.to)
            .map_err(|e| d.push(no_such_time(&e, s.to_span.clone())));
        let (Ok(from), Ok(to)) = (from, to) else {
            out.push(Interval { start, end: start });
            continue;
        };
        let iv = Interval {
            start: from,
            end: to,
        };
        out.push(iv);
        if to <= from {
            d.push(
                Diagnostic::new(
                    Rule::SlotBackwards,
                    format!(
                        "traffic slot `{}` ends ({}) before it starts ({})",
                        s.id,
                        hm(to),
                        hm(from)
                    ),
                )
                .at(s.to_span.clone())
                .help("`to` must come after `from`"),
            );
            continue;
        }
        if from < start || to > end {
            let span = if from < start {
                &s.from_span
            } else {
                &s.to_span
            };
            d.push(
                Diagnostic::new(Rule::SlotOutsideSession, format!("traffic slot `{}` ({}–{}) lies outside the session window {window}", s.id, hm(from), hm(to)))
                    .at(span.clone())
                    .label("outside the session")
                    .help("paid traffic can only run while the show is live; keep the slot inside the session"),
            );
        } else if !cues.iter().any(|c| c.start < to && from < c.end) {
            d.push(
                Diagnostic::new(
                    Rule::SlotNoCue,
                    format!(
                        "traffic slot `{}` ({}–{}) has no cue on air during it",
                        s.id,
                        hm(from),
                        hm(to)
                    ),
                )
                .at(s.from_span.clone())
                .help("budget spent with nothing on air is wasted; add a cue or move the slot"),
            );
        }
    }
    let mut order: Vec<usize> = (0..out.len())
        .filter(|&i| out[i].end > out[i].start)
        .collect();
    order.sort_by_key(|&i| out[i].start);
    for w in order.windows(2) {
        let (a, b) = (w[0], w[1]);
        if out[b].start < out[a].end {
            let (sa, sb) = (&traffic.slots[a], &traffic.slots[b]);
            d.push(
                Diagnostic::new(
                    Rule::SlotsOverlap,
                    format!(
                        "traffic slots `{}` and `{}` overlap ({} to {})",
                        sa.id,
                        sb.id,
                        hm(out[b].start),
                        hm(out[a].end.min(out[b].end))
                    ),
                )
                .at(sb.from_span.clone())
                .label("starts before the previous slot ends")
                .help(format!(
                    "start `{}` at {} or later, or end `{}` earlier",
                    sb.id,
                    hm(out[a].end),
                    sa.id
                )),
            );
        }
    }
    let allocated: i64 = traffic
        .slots
        .iter()
        .filter_map(|s| s.budget)
        .map(|m| m.0)
        .sum();
    if let Some(total) = traffic.budget {
        let allocated = crate::plan::Money(allocated);
        if allocated > total {
            d.push(
                Diagnostic::new(Rule::SlotsOverBudget, format!(
                    "traffic slot budgets add up to {allocated}, more than traffic.budget {total}"
                ))
                .at(traffic.budget_span.clone())
                .label("over budget")
                .help("lower the slot budgets or raise traffic.budget"),
            );
        } else if allocated < total {
            d.push(
                Diagnostic::new(
                    Rule::BudgetUnallocated,
                    format!(
                        "traffic budget left unallocated: {} of {total} is in no slot",
                        crate::plan::Money(total.0 - allocated.0)
                    ),
                )
                .at(traffic.budget_span.clone())
                .label("not all allocated")
                .help("give the rest to a slot, or lower traffic.budget"),
            );
        }
    }
    out
}

/// A slot's `from` or `to` that cannot be placed on the clock.
fn no_such_time(e: &TimeError, span: crate::plan::Span) -> Diagnostic {
    Diagnostic::new(Rule::NoSuchTime, e.to_string())
        .at(span)
        .label("no such time")
        .help("move the slot out of the DST gap, or write it as an offset like \"+1:30\"")
}
