//! `[[welfare]]`: lucky bags, red packets, coupons and the like (福利).

use super::ids::Ids;
use super::refs::unknown_ref;
use super::values::{DURATION_UNITS, bad_duration, count, money};
use super::{Checker, missing};
use crate::diag::{Diagnostic, Rule};
use crate::plan::model::{Item, Welfare, WelfareKind};
use crate::plan::raw::{Located, RawWelfare};
use crate::plan::time::parse_duration;

/// A welfare's `when`, parsed; an error points into the string.
fn when_condition(w: &Located<String>, ck: &mut Checker) -> Option<crate::plan::when::Condition> {
    match crate::plan::when::parse(w.get_ref()) {
        Ok(c) => Some(c),
        Err(e) => {
            // Inside the quotes of a basic string (escapes would shift it;
            // then the whole value is marked).
            let span = w.span();
            let at = if span.len() == w.get_ref().len() + 2 {
                let start = span.start + 1 + e.at;
                start..start + e.len.max(1)
            } else {
                span.clone()
            };
            ck.err(
                Diagnostic::new(Rule::MalformedWhen, format!("bad `when`: {}", e.message))
                    .at(at)
                    .label("here")
                    .help("write it like \"online >= 3000\" or \"online >= 3000 and gmv > 5万\" (online, gmv, orders, likes; >=, >, <=, <; joined with and)"),
            );
            None
        }
    }
}

pub(super) fn check(
    raw: Vec<Located<RawWelfare>>,
    items: &[Item],
    ck: &mut Checker,
) -> Vec<Welfare> {
    let mut out = Vec::new();
    let mut ids = Ids::new("welfare id");
    for w in raw {
        let span = w.span();
        let w = w.into_inner();
        let Some(id) = &w.id else {
            missing(
                ck,
                "id",
                &span,
                "id = \"bag-open\" to this welfare item (cues refer to it by id)",
            );
            continue;
        };
        if !ids.claim(id, ck) {
            continue;
        }
        let Some(kind) = &w.kind else {
            if ck.already_reported("kind", &span) {
                ck.broken_welfare.insert(id.get_ref().clone());
                continue;
            }
            let allowed: Vec<_> = WelfareKind::ALL
                .iter()
                .map(|k| format!("{} ({})", k.key(), k.zh()))
                .collect();
            ck.err(
                Diagnostic::new(Rule::MissingKey, "missing required key `kind`")
                    .at(id.span())
                    .label("this welfare item has no kind")
                    .help(format!(
                        "add kind = \"lucky_bag\"; allowed values: {}",
                        allowed.join(", ")
                    )),
            );
            continue;
        };
        let countdown = w
            .countdown
            .as_ref()
            .and_then(|c| match parse_duration(c.get_ref()) {
                Ok(d) => Some(d),
                Err(e) => {
                    ck.err(bad_duration(&e, c.span()).help(format!(
                        "write the countdown like \"3m\", \"90s\" or \"1m30s\" ({DURATION_UNITS})"
                    )));
                    None
                }
            });
        out.push(Welfare {
            id: id.get_ref().clone(),
            kind: *kind.get_ref(),
            name: w
                .name
                .map_or_else(|| id.get_ref().clone(), Located::into_inner),
            quantity: w.quantity.as_ref().and_then(|v| count(v, "quantity", ck)),
            unit_cost: w.unit_cost.as_ref().and_then(|v| money(v, "unit_cost", ck)),
            rule: w.rule,
            trigger: w.trigger,
            when: w.when.as_ref().and_then(|c| when_condition(c, ck)),
            countdown,
            limit: w.limit.as_ref().and_then(|v| count(v, "limit", ck)),
            sku: w.sku.as_ref().and_then(|r| {
                let found = items.iter().position(|it| &it.sku == r.get_ref());
                if found.is_none() && !ck.broken_skus.contains(r.get_ref()) {
                    ck.err(unknown_ref(
                        "SKU",
                        r,
                        items.iter().map(|i| i.sku.as_str()),
                        "[[group.item]]",
                    ));
                }
                found
            }),
            price: w.price.as_ref().and_then(|v| money(v, "price", ck)),
            span: id.span(),
        });
    }
    out
}
