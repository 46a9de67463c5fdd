//! Diagnostics for people (source snippets via annotate-snippets), for
//! editors and CI (JSON), and for GitHub Actions (annotations).

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use serde::Serialize;

use stagecall_core::Checked;
use stagecall_core::diag::{Diagnostic, Severity};
use stagecall_core::source::Source;

use super::text::{sanitize, sanitize_text};

/// Renders every diagnostic with its source line and marker. The file
/// name, the messages (which quote plan text) and the source line are made
/// inert first: the renderer adds colours of its own, so its output cannot
/// be cleaned after.
pub fn human(src: &Source, diags: &[Diagnostic], color: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let name = sanitize(&src.name);
    let mut out = String::new();
    for d in diags {
        let level = match d.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let message = sanitize_text(&d.message);
        let label = d.label.as_deref().map(sanitize_text);
        let help = d.help.as_deref().map(sanitize_text);
        let mut group = Group::with_title(level.primary_title(message.as_str()));
        match &d.span {
            Some(span) => {
                let (line, _) = src.line_col(span.start);
                let range = src.line_range(line);
                // Show just the offending line; the span is made relative to it.
                let text = &src.text[range.clone()];
                let mut start = span.start.clamp(range.start, range.end) - range.start;
                let mut end = span.end.clamp(range.start + start, range.end) - range.start;
                // Spans come from many checks; never cut a character in two.
                while !text.is_char_boundary(start) {
                    start -= 1;
                }
                while !text.is_char_boundary(end) {
                    end += 1;
                }
                let end = if end == start {
                    (start + text[start..].chars().next().map_or(0, char::len_utf8)).min(text.len())
                } else {
                    end
                };
                // The line made inert, the span moved to match: controls
                // are made visible one character at a time, so a prefix
                // maps to a prefix.
                let (start, end) = (
                    sanitize_text(&text[..start]).len(),
                    sanitize_text(&text[..end]).len(),
                );
                let text = sanitize_text(text);
                let mut ann = AnnotationKind::Primary.span(start..end);
                if let Some(label) = &label {
                    ann = ann.label(label.as_str());
                }
                group = group.element(
                    Snippet::source(text)
                        .line_start(line)
                        .path(name.as_str())
                        .annotation(ann),
                );
            }
            None => {
                group = group.element(annotate_snippets::Origin::path(name.as_str()));
            }
        }
        if let Some(help) = &help {
            group = group.element(Level::HELP.message(help.as_str()));
        }
        out.push_str(&renderer.render(&[group]));
        out.push_str("\n\n");
    }
    out
}

/// One closing line per file: counts, or what was checked.
pub fn summary(checked: &Checked) -> String {
    let errors = checked.diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = checked.diagnostics.len() - errors;
    let name = sanitize(&checked.source.name);
    if errors > 0 || warnings > 0 {
        return format!(
            "{name}: {} , {}",
            plural(errors, "error"),
            plural(warnings, "warning")
        )
        .replace(" ,", ",");
    }
    match checked.ok() {
        Some((plan, sched)) => format!(
            "{name}: ok — {} cues, {} to {} ({})",
            plan.cues.len(),
            sched.start.format("%Y-%m-%d %H:%M"),
            sched.end.format("%H:%M"),
            stagecall_core::plan::time::format_duration(sched.length())
        ),
        None => format!("{name}: ok"),
    }
}

fn plural(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

#[derive(Debug, Serialize)]
pub struct JsonDiagnostic {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub severity: Severity,
    /// The rule's stable code, like `negative-value` (docs/plan-format.md).
    pub code: &'static str,
    pub message: String,
    pub help: Option<String>,
}

pub fn json(src: &Source, diags: &[Diagnostic]) -> Vec<JsonDiagnostic> {
    diags
        .iter()
        .map(|d| {
            let span = d.span.clone().unwrap_or(0..0);
            let (line, column) = src.line_col(span.start);
            let (end_line, end_column) = src.line_col(span.end);
            JsonDiagnostic {
                file: src.name.clone(),
                line,
                column,
                end_line,
                end_column,
                severity: d.severity,
                code: d.code(),
                message: d.message.clone(),
                help: d.help.clone(),
            }
        })
        .collect()
}

/// GitHub Actions workflow commands; `%`, CR and LF are escaped as the
/// runner requires.
pub fn github(src: &Source, diags: &[Diagnostic]) -> String {
    fn esc(s: &str) -> String {
        s.replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
    }
    fn esc_prop(s: &str) -> String {
        esc(s).replace(':', "%3A").replace(',', "%2C")
    }
    let mut out = String::new();
    for j in json(src, diags) {
        let level = match j.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let msg = match &j.help {
            Some(h) => format!("{} (help: {h})", j.message),
            None => j.message.clone(),
        };
        // Inert first (line ends stay, for the runner's %0A), then escaped
        // as workflow commands want.
        out.push_str(&format!(
            "::{level} file={},line={},col={}::{}\n",
            esc_prop(&sanitize(&j.file)),
            j.line,
            j.column,
            esc(&sanitize_text(&msg))
        ));
    }
    out
}
