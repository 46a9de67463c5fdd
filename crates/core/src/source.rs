//! Reading a plan file's bytes into text, and mapping byte offsets back to
//! `line:column` for humans.
//!
//! Everything that can be wrong with a file before TOML parsing starts is
//! caught here: an empty file, a file too large to be a plan, bytes that are
//! not UTF-8 (plans saved as GBK by Windows editors), and unresolved git
//! merge-conflict markers. A UTF-8 byte-order mark is dropped; CRLF line
//! ends are left to the TOML parser, which accepts them.

use std::ops::Range;

use crate::diag::{Diagnostic, Rule};

/// Plans beyond this size are refused before parsing. The largest realistic
/// plan (a 24-hour marathon with thousands of rows) is a few MiB.
pub const MAX_PLAN_BYTES: usize = 64 * 1024 * 1024;

/// A plan file's decoded text, with its name for diagnostics.
#[derive(Debug, Clone)]
pub struct Source {
    pub name: String,
    pub text: String,
    line_starts: Vec<usize>,
}

impl Source {
    /// Wraps text that is already known to be valid.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        let text = text.into();
        let line_starts = line_starts(text.as_bytes());
        Self {
            name: name.into(),
            text,
            line_starts,
        }
    }

    /// Decodes raw file bytes. On failure returns the text that could be
    /// recovered (for showing the offending line) and the diagnostics.
    pub fn decode(name: impl Into<String>, bytes: &[u8]) -> Result<Self, (Self, Vec<Diagnostic>)> {
        Self::decode_file(name, bytes, Some(bytes.len() as u64))
    }

    /// [`Source::decode`] for bytes read from a file of `file_size` bytes
    /// (`None`: not known, e.g. a pipe). A reader stops one byte past
    /// [`MAX_PLAN_BYTES`], so only the file can say how large it is.
    pub fn decode_file(
        name: impl Into<String>,
        bytes: &[u8],
        file_size: Option<u64>,
    ) -> Result<Self, (Self, Vec<Diagnostic>)> {
        let name = name.into();
        if bytes.len() > MAX_PLAN_BYTES {
            let size = file_size.filter(|&n| n >= bytes.len() as u64);
            return Err((Self::new(name, String::new()), vec![too_large(size)]));
        }
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let text = match std::str::from_utf8(bytes) {
            Ok(text) => text.to_owned(),
            Err(e) => {
                let lossy = String::from_utf8_lossy(bytes).into_owned();
                // Map the byte offset of the first bad byte into the lossy text.
                let good = e.valid_up_to();
                let src = Self::new(name, lossy);
                let bad = bytes[good];
                let gbk_like = (0x81..=0xFE).contains(&bad);
                let mut d = Diagnostic::new(
                    Rule::NotUtf8,
                    format!("file is not UTF-8 (byte 0x{bad:02X} cannot start a UTF-8 character)"),
                )
                .at(good..good + '\u{FFFD}'.len_utf8())
                .label("not UTF-8 from here");
                d = d.help(if gbk_like {
                    "the file looks like GBK/GB18030 (a Chinese Windows encoding); re-save it as UTF-8, e.g. `iconv -f GBK -t UTF-8 plan.toml > plan.utf8.toml`"
                } else {
                    "re-save the file as UTF-8"
                });
                return Err((src, vec![d]));
            }
        };
        let src = Self::new(name, text);
        if src.text.trim().is_empty() {
            let d = Diagnostic::new(Rule::EmptyFile, "file is empty").help(
                "a plan needs at least `format = 1`, a [session] with title, start and end or duration; `stagecall init` writes a starter plan",
            );
            return Err((src, vec![d]));
        }
        let markers = src.conflict_markers();
        if !markers.is_empty() {
            return Err((src, markers));
        }
        Ok(src)
    }

    fn conflict_markers(&self) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let bytes = self.text.as_bytes();
        for &start in &self.line_starts {
            // Every marker starts with one of these; most lines are passed
            // over on their first byte (walking every line's text was a
            // tenth of checking a large plan).
            if !matches!(bytes.get(start), Some(b'<' | b'|' | b'=' | b'>')) {
                continue;
            }
            let end = self.text[start..]
                .find('\n')
                .map_or(self.text.len(), |i| start + i);
            let trimmed = self.text[start..end].trim_end_matches('\r');
            let which = if trimmed.starts_with("<<<<<<<") {
                "start of their change"
            } else if trimmed.starts_with("|||||||") {
                "common ancestor"
            } else if trimmed == "=======" || trimmed.starts_with("======= ") {
                "divider between the two sides"
            } else if trimmed.starts_with(">>>>>>>") {
                "end of the conflict"
            } else {
                continue;
            };
            out.push(
                Diagnostic::new(Rule::MergeConflict, "unresolved git merge-conflict marker")
                    .at(start..start + trimmed.len().max(1))
                    .label(which)
                    .help("resolve the merge conflict: keep the lines you want, delete the other side and the <<<<<<< ======= >>>>>>> marker lines"),
            );
        }
        out
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line];
        let col = self
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        (line + 1, col + 1)
    }

    /// The byte range of the 1-based line `line`, without its line end.
    pub fn line_range(&self, line: usize) -> Range<usize> {
        let start = self.line_starts[line.saturating_sub(1).min(self.line_starts.len() - 1)];
        let end = self.text[start..]
            .find('\n')
            .map_or(self.text.len(), |i| start + i);
        let end = if self.text[start..end].ends_with('\r') {
            end - 1
        } else {
            end
        };
        start..end
    }
}

/// The error for a file over [`MAX_PLAN_BYTES`], with its real size when
/// it is known: "65.0 MiB; the limit is 64 MiB", in bytes when a tenth of
/// a MiB cannot tell the two apart.
fn too_large(size: Option<u64>) -> Diagnostic {
    const MIB: u64 = 1024 * 1024;
    let limit = MAX_PLAN_BYTES as u64;
    let mib = |n: u64| format!("{:.1}", n as f64 / MIB as f64);
    let size = match size {
        Some(n) if mib(n) != mib(limit) => {
            format!("{} MiB; the limit is {} MiB", mib(n), limit / MIB)
        }
        Some(n) => format!(
            "{} bytes; the limit is {} bytes, {} MiB",
            thousands(n),
            thousands(limit),
            limit / MIB
        ),
        None => format!("more than the limit of {} MiB", limit / MIB),
    };
    Diagnostic::new(
        Rule::FileTooLarge,
        format!("file is too large to be a plan ({size})"),
    )
    .help("check that this is the plan file you meant; split a marathon into one plan per session")
}

/// 67108865 as "67,108,865".
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Where each line starts: 0, and one past every `\n`. Eight bytes at a
/// time (plan lines are short, about 20 bytes, so a memchr call per line
/// or a byte loop cost several times more on a large plan).
fn line_starts(bytes: &[u8]) -> Vec<usize> {
    const LO7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let mut out = Vec::with_capacity(bytes.len() / 24 + 1);
    out.push(0);
    let mut chunks = bytes.chunks_exact(8);
    let mut base = 0;
    for c in &mut chunks {
        let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        // The high bit of each byte that equals `\n`, exactly.
        let x = w ^ 0x0a0a_0a0a_0a0a_0a0a;
        let mut hits = !(((x & LO7) + LO7) | x | LO7);
        while hits != 0 {
            out.push(base + (hits.trailing_zeros() / 8) as usize + 1);
            hits &= hits - 1;
        }
        base += 8;
    }
    for (i, &b) in chunks.remainder().iter().enumerate() {
        if b == b'\n' {
            out.push(base + i + 1);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters() {
        let s = Source::new("p", "a = 1\n标题 = 2\n");
        assert_eq!(s.line_col(0), (1, 1));
        assert_eq!(s.line_col(6), (2, 1));
        // "标题" is 6 bytes; " = 2" starts at character 3.
        assert_eq!(s.line_col(12), (2, 3));
    }

    #[test]
    fn line_starts_match_a_byte_loop() {
        let texts = [
            "",
            "\n",
            "a",
            "format = 1\n标题 = \"双11\"\r\n\n\nx = 1",
            "0123456\n89abcdef\n\n\n\n\n\n\n\n\n\n0123456789abcdefg\n",
            "\u{0a0a}\u{8a}\u{10a0a}ÿ\n\x0b\t\r\n",
        ];
        for t in texts {
            let want: Vec<usize> = std::iter::once(0)
                .chain(
                    t.bytes()
                        .enumerate()
                        .filter(|&(_, b)| b == b'\n')
                        .map(|(i, _)| i + 1),
                )
                .collect();
            assert_eq!(line_starts(t.as_bytes()), want, "{t:?}");
        }
        let all: Vec<u8> = (0..=255u8).cycle().take(4096).collect();
        let want: Vec<usize> = std::iter::once(0)
            .chain(
                all.iter()
                    .enumerate()
                    .filter(|&(_, &b)| b == b'\n')
                    .map(|(i, _)| i + 1),
            )
            .collect();
        assert_eq!(line_starts(&all), want);
    }

    #[test]
    fn too_large_gives_the_real_size() {
        let msg = |size| too_large(size).message;
        assert_eq!(
            msg(Some(65 * 1024 * 1024)),
            "file is too large to be a plan (65.0 MiB; the limit is 64 MiB)"
        );
        assert_eq!(
            msg(Some(64 * 1024 * 1024 + 1)),
            "file is too large to be a plan (67,108,865 bytes; the limit is 67,108,864 bytes, 64 MiB)"
        );
        assert_eq!(
            msg(None),
            "file is too large to be a plan (more than the limit of 64 MiB)"
        );
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
    }

    #[test]
    fn bom_is_dropped() {
        let s = Source::decode("p", b"\xEF\xBB\xBFformat = 1\n").unwrap();
        assert_eq!(s.text, "format = 1\n");
    }

    #[test]
    fn gbk_names_the_line() {
        let (src, d) =
            Source::decode("p", b"format = 1\ntitle = \"\xBC\xD2\xB7\xC4\"\n").unwrap_err();
        let span = d[0].span.clone().unwrap();
        assert_eq!(src.line_col(span.start).0, 2);
        assert!(d[0].message.contains("not UTF-8"));
        assert!(d[0].help.as_deref().unwrap().contains("GBK"));
    }

    #[test]
    fn conflict_markers_are_named() {
        let text = "format = 1\n<<<<<<< HEAD\na = 1\n=======\na = 2\n>>>>>>> branch\n";
        let (_, d) = Source::decode("p", text.as_bytes()).unwrap_err();
        assert_eq!(d.len(), 3);
        assert!(d.iter().all(|d| d.message.contains("merge-conflict")));
    }
}
