//! Identities: ids derived from titles, and duplicates of one kind.

use std::collections::{HashMap, HashSet};

use super::Checker;
use crate::diag::{Diagnostic, Rule};
use crate::plan::model::Span;
use crate::plan::raw::Located;

/// Turns a title into an id: lowercase letters, digits and CJK kept, every
/// other run of characters made a single `-`.
pub fn slug(title: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in title.chars() {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else {
            dash = true;
        }
    }
    if out.is_empty() { "cue".into() } else { out }
}

/// Tracks the ids of one kind, reporting duplicates.
pub(super) struct Ids<'k> {
    kind: &'k str,
    seen: HashMap<String, Span>,
}

impl<'k> Ids<'k> {
    pub(super) fn new(kind: &'k str) -> Self {
        Ids {
            kind,
            seen: HashMap::new(),
        }
    }

    pub(super) fn claim(&mut self, id: &Located<String>, ck: &mut Checker) -> bool {
        if let Some(first) = self.seen.get(id.get_ref()) {
            let line = ck.line(first);
            ck.err(
                Diagnostic::new(
                    Rule::DuplicateId,
                    format!("duplicate {} `{}`", self.kind, id.get_ref()),
                )
                .at(id.span())
                .label("used again here")
                .help(format!(
                    "first defined on line {line}; {}s must be unique, rename one",
                    self.kind
                )),
            );
            return false;
        }
        self.seen.insert(id.get_ref().clone(), id.span());
        true
    }
}

pub(super) fn unique(base: &str, used: &mut HashSet<String>) -> String {
    let mut id = base.to_string();
    let mut n = 2;
    while !used.insert(id.clone()) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

#[cfg(test)]
mod tests {
    use super::slug;

    #[test]
    fn slugs_keep_cjk() {
        assert_eq!(slug("开场 + 欢迎 + 福袋"), "开场-欢迎-福袋");
        assert_eq!(slug("Hook: QB-001 讲解"), "hook-qb-001-讲解");
        assert_eq!(slug("!!!"), "cue");
    }
}
