//! References between records: to SKUs and welfare that do not exist,
//! and products and welfare that no cue uses.

use std::collections::HashSet;

use super::Checker;
use crate::diag::{Diagnostic, Rule};
use crate::plan::model::{Cue, Item, Welfare};
use crate::plan::raw::Located;
use crate::plan::suggest::did_you_mean;

pub(super) fn unknown_ref<'a>(
    kind: &str,
    r: &Located<String>,
    known: impl Iterator<Item = &'a str> + Clone,
    table: &str,
) -> Diagnostic {
    let d = Diagnostic::new(
        Rule::UnknownRef,
        format!("no {kind} `{}` in this plan", r.get_ref()),
    )
    .at(r.span())
    .label(format!("unknown {kind}"));
    if let Some(s) = did_you_mean(r.get_ref(), known.clone()) {
        d.help(format!("did you mean `{s}`?"))
    } else {
        let all: Vec<&str> = known.take(12).collect();
        if all.is_empty() {
            d.help(format!("define it under {table} first"))
        } else {
            d.help(format!(
                "define it under {table}, or use one of: {}",
                all.join(", ")
            ))
        }
    }
}

pub(super) fn warn_unused(items: &[Item], welfare: &[Welfare], cues: &[Cue], ck: &mut Checker) {
    let used_items: HashSet<usize> = cues.iter().flat_map(|c| c.items.iter().copied()).collect();
    let used_welfare: HashSet<usize> = cues
        .iter()
        .flat_map(|c| c.welfare.iter().copied())
        .collect();
    for (i, it) in items.iter().enumerate() {
        if !used_items.contains(&i) {
            ck.err(
                Diagnostic::new(
                    Rule::ProductUnused,
                    format!("product `{}` is never used by any cue", it.sku),
                )
                .at(it.span.clone())
                .label("not in any cue's items")
                .help(format!(
                    "add \"{}\" to a cue's items, or remove it from the plan",
                    it.sku
                )),
            );
        }
    }
    for (i, w) in welfare.iter().enumerate() {
        if !used_welfare.contains(&i) {
            ck.err(
                Diagnostic::new(
                    Rule::WelfareUnused,
                    format!("welfare `{}` is never used by any cue", w.id),
                )
                .at(w.span.clone())
                .label("not in any cue's welfare")
                .help(format!(
                    "add \"{}\" to a cue's welfare, or remove it from the plan",
                    w.id
                )),
            );
        }
    }
}
