//! `[[group]]` and `[[group.item]]`: the products (货盘).

use super::ids::{Ids, slug};
use super::values::{count, link_number, money};
use super::{Checker, missing};
use crate::diag::{Diagnostic, Rule};
use crate::plan::model::{Audience, Group, Item};
use crate::plan::raw::{Located, RawGroup};

pub(super) fn check(raw: Vec<Located<RawGroup>>, ck: &mut Checker) -> (Vec<Group>, Vec<Item>) {
    let mut groups = Vec::new();
    let mut items = Vec::new();
    let mut group_ids = Ids::new("group id");
    let mut skus = Ids::new("SKU");
    for g in raw {
        let span = g.span();
        let g = g.into_inner();
        let name = g.name.as_ref().map(|n| n.get_ref().clone());
        let id = match &g.id {
            Some(id) => {
                group_ids.claim(id, ck);
                id.get_ref().clone()
            }
            None => slug(name.as_deref().unwrap_or("group")),
        };
        let gi = groups.len();
        let mut members = Vec::new();
        for it in g.item {
            let it_span = it.span();
            let it = it.into_inner();
            let Some(sku) = &it.sku else {
                missing(ck, "sku", &it_span, "sku = \"QB-001\" to this item");
                continue;
            };
            if !skus.claim(sku, ck) {
                continue;
            }
            let list_price = it
                .list_price
                .as_ref()
                .and_then(|v| money(v, "list_price", ck));
            let live_price = it
                .live_price
                .as_ref()
                .and_then(|v| money(v, "live_price", ck));
            if let (Some(list), Some(live), Some(live_span)) =
                (list_price, live_price, it.live_price.as_ref())
                && live > list
            {
                ck.err(
                    Diagnostic::new(Rule::LiveAboveList, format!("live_price {live} is above list_price {list} for `{}`", sku.get_ref()))
                        .at(live_span.span())
                        .label("higher than the list price")
                        .help("a live price is normally the discounted one; check the two prices are not swapped"),
                );
            }
            let stock = it.stock.as_ref().and_then(|v| count(v, "stock", ck));
            if let (Some(0), Some(s)) = (stock, &it.stock) {
                ck.err(
                    Diagnostic::new(
                        Rule::StockZero,
                        format!(
                            "stock 0 for `{}`: it is sold out before the show starts",
                            sku.get_ref()
                        ),
                    )
                    .at(s.span())
                    .label("no stock")
                    .help("restock it before the show, or take it out of the cues"),
                );
            }
            members.push(items.len());
            items.push(Item {
                sku: sku.get_ref().clone(),
                name: it
                    .name
                    .map_or_else(|| sku.get_ref().clone(), Located::into_inner),
                group: gi,
                list_price,
                live_price,
                stock,
                limit: it.limit.as_ref().and_then(|v| count(v, "limit", ck)),
                pitch: it.pitch,
                link: it.link.as_ref().and_then(|v| link_number(v, ck)),
                low_stock: it
                    .low_stock
                    .as_ref()
                    .and_then(|v| count(v, "low_stock", ck)),
                span: sku.span(),
            });
        }
        let _ = span;
        groups.push(Group {
            name: name.unwrap_or_else(|| id.clone()),
            id,
            role: g.role.map(|r| *r.get_ref()),
            audience: g.audience.map_or(Audience::All, |a| *a.get_ref()),
            items: members,
        });
    }
    (groups, items)
}
