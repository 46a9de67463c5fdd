//! Diagnostics: what `check` reports, with byte spans into the source text.
//!
//! The core only produces [`Diagnostic`]s; rendering them (snippets, JSON,
//! CI annotations) is the binary's job, so this module stays free of any
//! presentation dependency. Every diagnostic is made from a [`Rule`] of
//! the one table in [`rules`], which gives it its stable code and severity.

use std::ops::Range;

use serde::Serialize;

pub mod rules;

pub use rules::Rule;

/// How bad a diagnostic is. Errors make `check` fail; warnings only with
/// `--deny-warnings`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

/// One finding about a plan file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The rule broken; its code is stable across releases.
    pub rule: Rule,
    /// The rule's severity (kept here so a diagnostic reads on its own).
    pub severity: Severity,
    /// One-line statement of the problem.
    pub message: String,
    /// Byte range in the decoded source text; `None` for whole-file problems.
    pub span: Option<Range<usize>>,
    /// Short label shown under the marked source.
    pub label: Option<String>,
    /// A plain-words fix.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A breach of `rule`, with the rule's severity.
    pub fn new(rule: Rule, message: impl Into<String>) -> Self {
        Self {
            rule,
            severity: rule.severity(),
            message: message.into(),
            span: None,
            label: None,
            help: None,
        }
    }

    /// The rule's stable code, like `negative-value`.
    pub fn code(&self) -> &'static str {
        self.rule.code()
    }

    #[must_use]
    pub fn at(mut self, span: Range<usize>) -> Self {
        self.span = Some(span);
        self
    }

    #[must_use]
    pub fn at_opt(mut self, span: Option<Range<usize>>) -> Self {
        self.span = span;
        self
    }

    #[must_use]
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    #[must_use]
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Collects diagnostics in the order they are found.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn into_vec(mut self) -> Vec<Diagnostic> {
        // Stable order for users: by position, whole-file problems first.
        self.items
            .sort_by_key(|d| d.span.as_ref().map_or(0, |s| s.start + 1));
        self.items
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(other);
    }
}
