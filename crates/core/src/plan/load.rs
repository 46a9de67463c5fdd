//! From text to [`RawPlan`]: TOML parsing with recovery, so that one run
//! reports every syntax error, every unknown key and every wrongly typed
//! value, not only the first.
//!
//! serde stops at its first error. We keep it (derive with
//! `deny_unknown_fields` stays the single source of truth for which keys
//! exist) and recover around it: on an error we record a diagnostic, remove
//! the innermost key or array element whose span holds the error, and
//! deserialize again. Each round removes one entry, so the loop ends.

use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue};

mod messages;

use messages::{schema_error, syntax_error};

use super::raw::RawPlan;
use crate::diag::{Diagnostic, Rule};

/// More errors than this in one file are not worth listing one by one.
const MAX_ROUNDS: usize = 200;

/// A key the loader removed after reporting a problem with it. Validation
/// uses these to avoid a second, misleading "missing key" report.
#[derive(Debug, Clone)]
pub struct Removed {
    pub key: String,
    pub span: Range<usize>,
    /// The SKUs the removed entry defined, when it was part of a product
    /// group (`[[group.items]]` misspelt, say): references to them are not
    /// reported again as unknown SKUs.
    pub skus: Vec<String>,
}

/// Parses TOML text into the raw plan. Returns `None` when the document is
/// too broken to read at all.
pub fn parse_raw(text: &str) -> (Option<RawPlan>, Vec<Diagnostic>) {
    let (raw, diags, _) = parse_raw_recovering(text);
    (raw, diags)
}

/// [`parse_raw`], also returning the keys removed during recovery.
pub fn parse_raw_recovering(text: &str) -> (Option<RawPlan>, Vec<Diagnostic>, Vec<Removed>) {
    let mut removed = Vec::new();
    let (doc, errors) = DeTable::parse_recoverable(text);
    let mut diags: Vec<Diagnostic> = errors.iter().map(|e| syntax_error(text, e)).collect();
    if !diags.is_empty() {
        // A document with syntax errors is only partly recovered; checking its
        // keys would mostly report follow-on noise.
        return (None, diags, removed);
    }
    let span = doc.span();
    // A valid plan, the usual case, deserializes on the first try: move the
    // document in instead of copying it (the copy and its drop were a fifth
    // of checking a large plan). Only a plan with problems is parsed a
    // second time, to get back a document to remove the bad entries from.
    let whole = Spanned::new(span.clone(), DeValue::Table(doc.into_inner()));
    let first = match RawPlan::deserialize(toml::de::ValueDeserializer::from(whole)) {
        Ok(raw) => return (Some(raw), diags, removed),
        Err(e) => e,
    };
    let mut table = DeTable::parse_recoverable(text).0.into_inner();
    if !recover(text, &first, &mut table, &mut diags, &mut removed) {
        return (None, diags, removed);
    }
    let mut problems = 1;
    // One problem seldom comes alone (a key misspelt in every cue), and a
    // whole-document round per problem copied and read the whole document
    // each time: 200 typos in a 24-hour plan took 2.8 s. So check each part
    // on its own first, every top-level table and every element of every
    // array, in document order (the order whole rounds find problems in),
    // then finish with whole rounds for anything between the parts.
    let keys: Vec<String> = table.keys().map(|k| k.get_ref().to_string()).collect();
    for key in &keys {
        let mut i = 0;
        while let Some(part) = part_of(&table, key, i) {
            if problems >= MAX_ROUNDS {
                return stopped(diags, removed);
            }
            let value = Spanned::new(span.clone(), DeValue::Table(part));
            match RawPlan::deserialize(toml::de::ValueDeserializer::from(value)) {
                Ok(_) => i += 1,
                Err(e) => {
                    problems += 1;
                    // The part is checked again: it may hold more problems,
                    // or be gone, so that `i` is now the next one.
                    if !recover(text, &e, &mut table, &mut diags, &mut removed) {
                        return (None, diags, removed);
                    }
                }
            }
        }
    }
    while problems < MAX_ROUNDS {
        let value = Spanned::new(span.clone(), DeValue::Table(table.clone()));
        match RawPlan::deserialize(toml::de::ValueDeserializer::from(value)) {
            Ok(raw) => return (Some(raw), diags, removed),
            Err(e) => {
                problems += 1;
                if !recover(text, &e, &mut table, &mut diags, &mut removed) {
                    return (None, diags, removed);
                }
            }
        }
    }
    stopped(diags, removed)
}

fn stopped(
    mut diags: Vec<Diagnostic>,
    removed: Vec<Removed>,
) -> (Option<RawPlan>, Vec<Diagnostic>, Vec<Removed>) {
    diags.push(Diagnostic::new(
        Rule::TooManyProblems,
        format!("stopped after {MAX_ROUNDS} problems; fix these and run check again"),
    ));
    (None, diags, removed)
}

/// Records one problem and removes the entry it is about. `false` when
/// the entry cannot be told, and the plan cannot be read.
fn recover(
    text: &str,
    e: &toml::de::Error,
    table: &mut DeTable<'_>,
    diags: &mut Vec<Diagnostic>,
    removed: &mut Vec<Removed>,
) -> bool {
    diags.push(schema_error(text, e));
    // An unknown key goes whole, with everything under it: it is one
    // problem, however many entries a misspelt `[[group.items]]` holds.
    let whole_key = e.message().trim_start().starts_with("unknown field");
    let Some(at) = e.span() else {
        return false;
    };
    let mut path = Vec::new();
    let Some((mut r, value)) = remove_at(table, at.start, whole_key, &mut path) else {
        return false;
    };
    if path.first().is_some_and(|k| k == "group") {
        skus_in(value.get_ref(), &mut r.skus);
    }
    removed.push(r);
    true
}

/// Every `sku = "…"` text value in `v`, at any depth.
fn skus_in(v: &DeValue<'_>, out: &mut Vec<String>) {
    match v {
        DeValue::Table(t) => {
            for (k, v) in t {
                match v.get_ref() {
                    DeValue::String(s) if k.get_ref() == "sku" => out.push(s.to_string()),
                    other => skus_in(other, out),
                }
            }
        }
        DeValue::Array(a) => a.iter().for_each(|el| skus_in(el.get_ref(), out)),
        _ => {}
    }
}

/// A document of one part of `table`: the top-level table `key` (`i` = 0),
/// or element `i` of the top-level array `key`. `None` past the end.
fn part_of<'i>(table: &DeTable<'i>, key: &str, i: usize) -> Option<DeTable<'i>> {
    let (k, v) = table.get_key_value(key)?;
    let value = match v.get_ref() {
        DeValue::Array(a) => {
            let mut one = DeArray::new();
            one.push(a.get(i)?.clone());
            DeValue::Array(one)
        }
        DeValue::Table(t) if i == 0 => DeValue::Table(t.clone()),
        _ => return None,
    };
    let mut part = DeTable::new();
    part.insert(k.clone(), Spanned::new(v.span(), value));
    Some(part)
}

fn contains(span: &Range<usize>, pos: usize) -> bool {
    span.start <= pos && pos < span.end.max(span.start + 1)
}

/// An entry taken out of the document, and its value.
type Taken<'i> = (Removed, Spanned<DeValue<'i>>);

/// Removes the innermost entry holding byte `pos`, and says which; with
/// `whole_key`, the key whose name holds `pos` goes with all it holds.
/// `path` gets the keys walked down to it.
fn remove_at<'i>(
    table: &mut DeTable<'i>,
    pos: usize,
    whole_key: bool,
    path: &mut Vec<String>,
) -> Option<Taken<'i>> {
    let mut hit = None;
    for (k, v) in table.iter_mut() {
        if whole_key && contains(&k.span(), pos) {
            hit = Some(k.clone());
            break;
        }
        path.push(k.get_ref().to_string());
        if let Some(r) = remove_in_value(v, pos, whole_key, path) {
            return Some(r);
        }
        path.pop();
        if contains(&k.span(), pos) || contains(&v.span(), pos) {
            hit = Some(k.clone());
        }
    }
    let k = hit?;
    let span = k.span();
    let value = table.remove(&k)?;
    path.push(k.get_ref().to_string());
    Some((
        Removed {
            key: k.into_inner().into_owned(),
            span,
            skus: Vec::new(),
        },
        value,
    ))
}

fn remove_in_value<'i>(
    v: &mut Spanned<DeValue<'i>>,
    pos: usize,
    whole_key: bool,
    path: &mut Vec<String>,
) -> Option<Taken<'i>> {
    match v.get_mut() {
        DeValue::Table(t) => remove_at(t, pos, whole_key, path),
        DeValue::Array(a) => remove_in_array(a, pos, whole_key, path),
        _ => None,
    }
}

fn remove_in_array<'i>(
    a: &mut DeArray<'i>,
    pos: usize,
    whole_key: bool,
    path: &mut Vec<String>,
) -> Option<Taken<'i>> {
    for el in a.iter_mut() {
        if let Some(r) = remove_in_value(el, pos, whole_key, path) {
            return Some(r);
        }
    }
    let idx = a.iter().position(|el| contains(&el.span(), pos))?;
    let span = a[idx].span();
    let mut taken = None;
    let kept: DeArray<'i> = std::mem::replace(a, DeArray::new())
        .into_iter()
        .enumerate()
        .filter_map(|(i, el)| {
            if i == idx {
                taken = Some(el);
                None
            } else {
                Some(el)
            }
        })
        .collect();
    *a = kept;
    Some((
        Removed {
            key: String::new(),
            span,
            skus: Vec::new(),
        },
        taken?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(text: &str) -> Vec<String> {
        parse_raw(text).1.into_iter().map(|d| d.message).collect()
    }

    #[test]
    fn every_unknown_key_is_reported() {
        let text = "format = 1\n[session]\ntitel = \"x\"\nstart = \"20:00\"\nduraton = \"2h\"\n[[cue]]\ntitle = \"a\"\nduraiton = \"5m\"\n";
        let (raw, d) = parse_raw(text);
        assert!(raw.is_some(), "recovers after removing the unknown keys");
        let m: Vec<_> = d
            .iter()
            .map(|d| (d.message.clone(), d.help.clone().unwrap_or_default()))
            .collect();
        assert_eq!(m.len(), 3, "{m:?}");
        assert!(
            m.iter()
                .any(|(msg, help)| msg.contains("titel") && help.contains("`title`"))
        );
        assert!(
            m.iter()
                .any(|(msg, help)| msg.contains("duraton") && help.contains("`duration`"))
        );
        assert!(
            m.iter()
                .any(|(msg, help)| msg.contains("duraiton") && help.contains("`duration`"))
        );
    }

    #[test]
    fn wrong_types_are_reported_in_plain_words() {
        let m = messages(
            "format = 1\n[[group]]\nid = \"g\"\n[[group.item]]\nsku = \"A\"\nstock = \"lots\"\n",
        );
        assert!(
            m.iter().any(|m| m == "expected a whole number, found text"),
            "{m:?}"
        );
    }

    #[test]
    fn a_whole_number_too_large_is_too_large_not_the_wrong_type() {
        let (_, d) = parse_raw("format = 18446744073709551616\n");
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].message, "number 18446744073709551616 is too large");
        let m = messages(
            "format = 1\n[[group]]\nid = \"g\"\n[[group.item]]\nsku = \"A\"\nstock = 1.5\n",
        );
        assert_eq!(
            m,
            ["expected a whole number, found a number with a fraction"]
        );
    }

    #[test]
    fn enum_values_list_the_allowed_ones() {
        let (_, d) = parse_raw("format = 1\n[session]\nplatform = \"kuaishuo\"\n");
        assert_eq!(d.len(), 1);
        assert!(
            d[0].help
                .as_deref()
                .unwrap()
                .contains("did you mean `kuaishou`"),
            "{:?}",
            d[0]
        );
        assert!(d[0].help.as_deref().unwrap().contains("`douyin`"));
    }

    /// `[[group.items]]` (plural) is one unknown key however many products
    /// it holds, and the SKUs it held are known to be lost with it.
    #[test]
    fn a_misspelt_array_of_tables_is_one_problem() {
        let text = "format = 1\n[[group]]\nid = \"g\"\n  [[group.items]]\n  sku = \"A\"\n  [[group.items]]\n  sku = \"B\"\n[[group]]\nid = \"h\"\n  [[group.item]]\n  sku = \"C\"\n";
        let (raw, d, removed) = parse_raw_recovering(text);
        assert!(raw.is_some());
        let m: Vec<_> = d.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(m, ["unknown key `items`"]);
        assert_eq!(d[0].help.as_deref(), Some("did you mean `item`?"));
        assert_eq!(removed.len(), 1, "{removed:?}");
        assert_eq!(removed[0].skus, ["A", "B"]);
    }

    #[test]
    fn a_cue_time_is_at_and_its_end_is_duration() {
        let cue = |key: &str| {
            let text = format!("format = 1\n[[cue]]\ntitle = \"a\"\n{key} = \"20:00\"\n");
            let (_, d) = parse_raw(&text);
            assert_eq!(d.len(), 1, "{d:?}");
            d[0].help.clone().unwrap_or_default()
        };
        assert_eq!(
            cue("time"),
            "a cue's start time is `at`: at = \"20:00\" or at = \"+1:30\""
        );
        assert!(cue("start").starts_with("a cue's start time is `at`"));
        assert!(cue("end").starts_with("a cue's length is `duration`"));
        // Elsewhere, spelling suggestions as before.
        assert_eq!(cue("titel"), "did you mean `title`?");
        let (_, d) = parse_raw("format = 1\n[session]\ntimezome = \"UTC\"\n");
        assert_eq!(d[0].help.as_deref(), Some("did you mean `timezone`?"));
    }

    #[test]
    fn syntax_errors_all_reported() {
        let (raw, d) = parse_raw("format = 1\ntitle = 双11\n[session\n");
        assert!(raw.is_none());
        assert!(!d.is_empty());
        assert!(d.iter().all(|d| d.message.starts_with("TOML syntax error")));
    }
}
