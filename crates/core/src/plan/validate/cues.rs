//! `[[cue]]` and the checklists of cues and warm-up items.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::ids::{Ids, slug, unique};
use super::refs::unknown_ref;
use super::values::{bad_duration, time_value};
use super::{Checker, missing};
use crate::diag::{Diagnostic, Rule};
use crate::plan::model::{Cue, Item, Task, TaskAt, Welfare};
use crate::plan::raw::{Located, RawCue, RawTask, TimeValue};
use crate::plan::suggest::did_you_mean;
use crate::plan::time::{TimeSpec, parse_duration, parse_time};

pub(super) fn check(
    raw: Vec<Located<RawCue>>,
    items: &[Item],
    welfare: &[Welfare],
    crew: Option<&BTreeMap<String, String>>,
    ck: &mut Checker,
) -> Vec<Cue> {
    let mut ids = Ids::new("cue id");
    // Explicit ids win; derived ones step around them.
    let mut used: HashSet<String> = raw
        .iter()
        .filter_map(|c| c.get_ref().id.as_ref().map(|i| i.get_ref().clone()))
        .collect();
    let sku_index: HashMap<&str, usize> = items
        .iter()
        .enumerate()
        .map(|(i, it)| (it.sku.as_str(), i))
        .collect();
    let welfare_index: HashMap<&str, usize> = welfare
        .iter()
        .enumerate()
        .map(|(i, w)| (w.id.as_str(), i))
        .collect();
    let mut out = Vec::new();
    for c in raw {
        let cspan = c.span();
        let c = c.into_inner();
        let Some(title) = &c.title else {
            missing(ck, "title", &cspan, "title = \"…\" to this cue");
            continue;
        };
        let id = match &c.id {
            Some(id) => {
                ids.claim(id, ck);
                id.get_ref().clone()
            }
            None => unique(&slug(title.get_ref()), &mut used),
        };
        let at = c.at.as_ref().and_then(|a| time_value(a, ck));
        let duration = c.duration.as_ref().and_then(|d| {
            match parse_duration(d.get_ref().trim_start_matches('+')) {
                Ok(v) => Some(v),
                Err(e) => {
                    ck.err(bad_duration(&e, d.span()));
                    None
                }
            }
        });
        let mut cue_items = Vec::new();
        for sku in &c.items {
            match sku_index.get(sku.get_ref().as_str()) {
                Some(&i) => cue_items.push(i),
                None if ck.broken_skus.contains(sku.get_ref()) => {}
                None => ck.err(unknown_ref(
                    "SKU",
                    sku,
                    items.iter().map(|i| i.sku.as_str()),
                    "[[group.item]]",
                )),
            }
        }
        let mut cue_welfare = Vec::new();
        for w in &c.welfare {
            match welfare_index.get(w.get_ref().as_str()) {
                Some(&i) => cue_welfare.push(i),
                None if ck.broken_welfare.contains(w.get_ref()) => {}
                None => ck.err(unknown_ref(
                    "welfare",
                    w,
                    welfare.iter().map(|w| w.id.as_str()),
                    "[[welfare]]",
                )),
            }
        }
        let checklist = check_tasks(c.checklist, crew, ck);
        out.push(Cue {
            id,
            at,
            duration,
            title: title.get_ref().clone(),
            segment: c.segment,
            items: cue_items,
            welfare: cue_welfare,
            script: c.script,
            checklist,
            span: c
                .at
                .as_ref()
                .map_or(title.span(), super::super::raw::Located::span),
            duration_span: c.duration.as_ref().map(super::super::raw::Located::span),
        });
    }
    out
}

/// Checks checklist entries: text required, `at` an offset, `who` a crew role.
pub(super) fn check_tasks(
    raw: Vec<Located<RawTask>>,
    crew: Option<&BTreeMap<String, String>>,
    ck: &mut Checker,
) -> Vec<Task> {
    let mut out = Vec::new();
    for t in raw {
        let tspan = t.span();
        let t = t.into_inner();
        let Some(text) = t.task else {
            ck.err(
                Diagnostic::new(Rule::MissingKey, "checklist entry has no `task`")
                    .at(tspan)
                    .help("write { task = \"开启金牛计划A\", who = \"ads\" }"),
            );
            continue;
        };
        let span = if text.span().is_empty() {
            tspan.clone()
        } else {
            text.span()
        };
        let at = t.at.as_ref().and_then(|a| task_at(a, ck));
        if let (Some(who), Some(crew)) = (&t.who, crew)
            && !crew.contains_key(who.get_ref())
        {
            ck.err(who_not_crew(who, crew));
        }
        out.push(Task {
            text: text.into_inner(),
            who: t.who.map(Located::into_inner),
            at,
            span,
        });
    }
    out
}

/// A task's `at`: an offset from the start of its cue ("+2m", "+1:30",
/// or a bare duration "90s"), or a clock time / date-time ("19:43") that
/// is that instant wherever the cue runs.
fn task_at(a: &Located<TimeValue>, ck: &mut Checker) -> Option<TaskAt> {
    let text = match a.get_ref() {
        TimeValue::Toml(_) => return time_value(a, ck).map(TaskAt::Clock),
        TimeValue::Text(s) => s.trim(),
    };
    let r = if let Some(body) = text.strip_prefix('+') {
        if body.contains(':') {
            match parse_time(text) {
                Ok(TimeSpec::Offset(d)) => Ok(TaskAt::Offset(d)),
                Ok(_) => Err("expected an offset inside the cue".to_string()),
                Err(e) => Err(e.to_string()),
            }
        } else {
            parse_duration(body)
                .map(TaskAt::Offset)
                .map_err(|e| e.to_string())
        }
    } else if text.contains(':') {
        match parse_time(text) {
            Ok(spec @ (TimeSpec::Clock(_) | TimeSpec::Local(_))) => Ok(TaskAt::Clock(spec)),
            Ok(_) => {
                Err("expected a clock time like \"19:43\" or an offset like \"+2m\"".to_string())
            }
            Err(e) => Err(e.to_string()),
        }
    } else {
        parse_duration(text)
            .map(TaskAt::Offset)
            .map_err(|e| e.to_string())
    };
    r.map_err(|e| {
        ck.err(
            Diagnostic::new(Rule::MalformedTime, format!("malformed task time: {e}"))
                .at(a.span())
                .label("not a task time")
                .help("a task's `at` is an offset from the start of its cue, like \"+2m\" or \"+1:30\", or a clock time like \"19:43\""),
        );
    })
    .ok()
}

fn who_not_crew(who: &Located<String>, crew: &BTreeMap<String, String>) -> Diagnostic {
    let roles: Vec<&str> = crew.keys().map(String::as_str).collect();
    let d = Diagnostic::new(
        Rule::WhoNotCrew,
        format!("`who = \"{}\"` names no role of [crew]", who.get_ref()),
    )
    .at(who.span())
    .label("not a crew role");
    if let Some((role, _)) = crew.iter().find(|(_, person)| *person == who.get_ref()) {
        return d.help(format!(
            "`{}` is the person for role `{role}`; write who = \"{role}\"",
            who.get_ref()
        ));
    }
    match did_you_mean(who.get_ref(), roles.iter().copied()) {
        Some(s) => d.help(format!(
            "did you mean `{s}`? roles in [crew]: {}",
            roles.join(", ")
        )),
        None => d.help(format!(
            "roles in [crew]: {}; add this role to [crew] or use one of those",
            roles.join(", ")
        )),
    }
}
