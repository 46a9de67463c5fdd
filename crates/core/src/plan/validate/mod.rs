//! From [`RawPlan`] to [`Plan`]: required keys, value ranges, time syntax,
//! identities and references. Every problem becomes a diagnostic; checking
//! goes on after each so one run lists them all. Checks that need absolute
//! times (windows, overlaps, DST) live in `schedule`.
//!
//! One file per part of the plan (`session`, `products`, `welfare`,
//! `warmup`, `traffic`, `cues`), plus the pieces they share: single values
//! (`values`), ids (`ids`) and references between records (`refs`). Each
//! diagnostic names its [`Rule`] from the one table in
//! [`crate::diag::rules`].

use std::collections::{BTreeMap, HashSet};

mod cues;
mod ids;
mod products;
mod refs;
mod session;
mod traffic;
mod values;
mod warmup;
mod welfare;

pub use ids::slug;

use super::Env;
use super::load::Removed;
use super::model::Plan;
use super::model::Span;
use super::raw::RawPlan;
use crate::diag::{Diagnostic, Diagnostics, Rule};
use crate::source::Source;

/// The plan format versions this program reads.
pub const KNOWN_FORMATS: &[i64] = &[1];

/// What validation carries from one part of the plan to the next: the
/// source (for spans and lines), the diagnostics found so far, and what
/// earlier steps already reported, so a problem is told once.
struct Checker<'a> {
    src: &'a Source,
    d: &'a mut Diagnostics,
    /// Keys already reported and dropped by the loader.
    removed: &'a [Removed],
    /// Welfare ids whose definitions were reported broken; references to
    /// them are not reported a second time.
    broken_welfare: HashSet<String>,
    /// SKUs defined in product groups the loader reported and dropped
    /// (`[[group.items]]` misspelt, say); likewise not reported again.
    broken_skus: HashSet<String>,
}

impl Checker<'_> {
    /// Whether `key` was reported and dropped inside `record`.
    fn already_reported(&self, key: &str, record: &Span) -> bool {
        let record = self.extent(record);
        let bare = key.rsplit('.').next().unwrap_or(key);
        self.removed.iter().any(|r| {
            (r.key == key || r.key == bare)
                && record.start <= r.span.start
                && r.span.end <= record.end
        })
    }

    fn err(&mut self, d: Diagnostic) {
        self.d.push(d);
    }

    /// The whole of a record. toml spans a `[table]` by its header line
    /// only, so extend a header to the next header.
    fn extent(&self, span: &Span) -> Span {
        let text = &self.src.text;
        if !text.get(span.clone()).is_some_and(|h| h.starts_with('[')) {
            return span.clone();
        }
        let mut pos = span.end;
        for line in text[span.end..].split_inclusive('\n') {
            if line.trim_start().starts_with('[') && pos > span.end {
                break;
            }
            pos += line.len();
        }
        span.start..pos
    }

    /// The header of a record: its first line, as far as the parsed
    /// table's span reaches (`[[welfare]]`, or the start of an inline
    /// table), where a missing key is reported.
    fn header(&self, record: &Span) -> Span {
        let text = &self.src.text;
        let start = record.start.min(text.len());
        let end = record.end.clamp(start, text.len());
        let line_end = text
            .get(start..end)
            .and_then(|t| t.find('\n'))
            .map_or(end, |i| start + i);
        let header = text.get(start..line_end).unwrap_or_default();
        start..start + header.trim_end().len()
    }

    fn line(&self, span: &Span) -> usize {
        self.src.line_col(span.start).0
    }
}

/// Validates a raw plan. Returns `None` when a required part is missing or
/// unusable; the diagnostics say why.
pub fn validate(
    raw: RawPlan,
    src: &Source,
    env: &Env,
    removed: &[Removed],
    d: &mut Diagnostics,
) -> Option<Plan> {
    let mut ck = Checker {
        src,
        d,
        removed,
        broken_welfare: HashSet::new(),
        broken_skus: removed.iter().flat_map(|r| r.skus.clone()).collect(),
    };
    let format = check_format(&raw, &mut ck);
    let session = session::check(raw.session, &mut ck, env);
    let crew = raw.crew.map(|c| {
        c.into_inner()
            .into_iter()
            .map(|(k, v)| (k, v.into_inner()))
            .collect::<BTreeMap<_, _>>()
    });

    let (groups, items) = products::check(raw.group, &mut ck);
    let welfare = welfare::check(raw.welfare, &items, &mut ck);
    let warmups = warmup::check(raw.warmup, crew.as_ref(), &mut ck);
    let traffic = raw.traffic.map(|t| traffic::check(t, &mut ck));
    let cues = cues::check(raw.cue, &items, &welfare, crew.as_ref(), &mut ck);

    refs::warn_unused(&items, &welfare, &cues, &mut ck);

    let plan = Plan {
        format: format?,
        session: session?,
        crew,
        groups,
        items,
        welfare,
        warmups,
        traffic,
        cues,
    };
    Some(plan)
}

fn check_format(raw: &RawPlan, ck: &mut Checker) -> Option<u32> {
    let Some(f) = &raw.format else {
        // A `format` the loader reported (a wrong type, a number too large)
        // is not missing too. Top-level keys come before the first table.
        let text = &ck.src.text;
        let top = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .find(|&i| text[i..].trim_start().starts_with('['))
            .unwrap_or(text.len());
        if ck.already_reported("format", &(0..top)) {
            return None;
        }
        ck.err(
            Diagnostic::new(Rule::MissingKey, "missing required key `format`")
                .at(0..0)
                .help("add `format = 1` as the first line"),
        );
        return None;
    };
    if !KNOWN_FORMATS.contains(f.get_ref()) {
        ck.err(
            Diagnostic::new(
                Rule::UnknownFormat,
                format!("unknown plan format {}", f.get_ref()),
            )
                .at(f.span())
                .label("this program reads format 1")
                .help("write `format = 1`, or update stagecall if the plan was written for a newer version"),
        );
        return None;
    }
    Some(*f.get_ref() as u32)
}

/// Reports a missing required key at the header of `record`, unless the
/// loader already reported the key's value as unusable.
fn missing(ck: &mut Checker, key: &str, record: &Span, example: &str) {
    if key
        .split('`')
        .any(|k| !k.is_empty() && ck.already_reported(k, record))
    {
        return;
    }
    let at = ck.header(record);
    ck.err(
        Diagnostic::new(Rule::MissingKey, format!("missing required key `{key}`"))
            .at(at)
            .label(format!("`{key}` is required here"))
            .help(format!("add {example}")),
    );
}
