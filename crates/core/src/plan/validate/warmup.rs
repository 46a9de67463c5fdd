//! `[[warmup]]`: what happens before the show (预热).

use std::collections::{BTreeMap, HashSet};

use super::cues::check_tasks;
use super::ids::{Ids, slug, unique};
use super::values::{count, time_value};
use super::{Checker, missing};
use crate::plan::model::Warmup;
use crate::plan::raw::{Located, RawWarmup};

pub(super) fn check(
    raw: Vec<Located<RawWarmup>>,
    crew: Option<&BTreeMap<String, String>>,
    ck: &mut Checker,
) -> Vec<Warmup> {
    let mut out = Vec::new();
    let mut ids = Ids::new("warm-up id");
    let mut derived = HashSet::new();
    for w in raw {
        let span = w.span();
        let w = w.into_inner();
        let title = w.title.as_ref().map(|t| t.get_ref().clone());
        let id = match &w.id {
            Some(id) => {
                ids.claim(id, ck);
                id.get_ref().clone()
            }
            None => unique(&slug(title.as_deref().unwrap_or("warmup")), &mut derived),
        };
        let Some(at) = &w.at else {
            missing(
                ck,
                "at",
                &span,
                "at = \"-2h\" (or a date-time) to this warm-up item",
            );
            continue;
        };
        let Some(spec) = time_value(at, ck) else {
            continue;
        };
        out.push(Warmup {
            title: title.unwrap_or_else(|| id.clone()),
            id,
            at: spec,
            at_span: at.span(),
            channel: w.channel.map(|c| *c.get_ref()),
            target_reservations: w
                .target_reservations
                .as_ref()
                .and_then(|v| count(v, "target_reservations", ck)),
            checklist: check_tasks(w.checklist, crew, ck),
        });
    }
    out
}
