//! Every rule `stagecall check` enforces, in one table: its stable code,
//! its severity, and the words docs/plan-format.md shows for it.
//!
//! A diagnostic is made from a [`Rule`] ([`super::Diagnostic::new`]), so it
//! cannot be reported without a code, and its severity is the table's. The
//! code is what `check --format json` prints and what the fixtures'
//! `# expect:` lines name; it never changes once released, even when the
//! message's wording does. The doc's two tables ("What `stagecall check`
//! rejects", "What it warns about") are generated from this one by
//! [`markdown_table`], and a test fails when they disagree.

use super::Severity;

/// Declares [`Rule`] and its table together, so a rule cannot be added
/// without its code, severity and doc row.
macro_rules! rules {
    ($(
        $(#[$doc:meta])*
        $name:ident = $code:literal, $severity:ident, $problem:literal, $example:literal;
    )*) => {
        /// One rule of the plan format. See the module doc.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Rule {
            $($(#[$doc])* $name,)*
        }

        impl Rule {
            /// Every rule, in the order the doc lists them.
            pub const ALL: &'static [Rule] = &[$(Rule::$name,)*];

            /// The stable code, like `negative-value`.
            #[must_use]
            pub fn code(self) -> &'static str {
                match self {
                    $(Rule::$name => $code,)*
                }
            }

            /// Whether breaking the rule fails `check`.
            #[must_use]
            pub fn severity(self) -> Severity {
                match self {
                    $(Rule::$name => Severity::$severity,)*
                }
            }

            /// The problem, in the doc's words (Markdown).
            #[must_use]
            pub fn problem(self) -> &'static str {
                match self {
                    $(Rule::$name => $problem,)*
                }
            }

            /// An example message, as the doc shows it (Markdown).
            #[must_use]
            pub fn example(self) -> &'static str {
                match self {
                    $(Rule::$name => $example,)*
                }
            }
        }
    };
}

rules! {
    // The file itself (source.rs).
    TomlSyntax = "toml-syntax", Error,
        "TOML syntax error",
        "`TOML syntax error: string values must be quoted…` (help: put text values in double quotes)";
    MergeConflict = "merge-conflict", Error,
        "unresolved git merge conflict",
        "`unresolved git merge-conflict marker` on each `<<<<<<<`, `=======`, `>>>>>>>` line (help: resolve the merge conflict)";
    NotUtf8 = "not-utf8", Error,
        "file not UTF-8 (e.g. saved as GBK)",
        "`file is not UTF-8 (byte 0xBC …)` on the line where the first bad byte is (help: re-save it as UTF-8, with an `iconv` command)";
    EmptyFile = "empty-file", Error,
        "empty file",
        "`file is empty`";
    FileTooLarge = "file-too-large", Error,
        "a file larger than 64 MiB",
        "`file is too large to be a plan (80.0 MiB; the limit is 64 MiB)`";
    // Reading the TOML into the plan's shape (load.rs).
    TooManyProblems = "too-many-problems", Error,
        "so many problems that reading stopped",
        "`stopped after 200 problems; fix these and run check again`";
    UnknownKey = "unknown-key", Error,
        "unknown key (a typo)",
        "`` unknown key `timezome` `` (help: did you mean \\`timezone\\`?)";
    NotAllowed = "not-allowed", Error,
        "enum value outside its set",
        "`` `xiaohongshu` is not an allowed value `` (help: allowed values: \\`kuaishou\\`, \\`douyin\\`, … / or the Chinese terms: \\`快手\\`, \\`抖音\\`, …)";
    WrongType = "wrong-type", Error,
        "a value of the wrong type",
        "`expected a number, found text`";
    NumberRange = "number-range", Error,
        "a whole number too large or too small to read",
        "`number 99999999999999999999 is too large`";
    InvalidValue = "invalid-value", Error,
        "any other value the loader cannot read",
        "the TOML reader's own message (help: see docs/plan-format.md for what this key takes)";
    // Validation (plan/validate).
    MissingKey = "missing-key", Error,
        "missing `format`, `[session]`, `session.title` or `session.start`, neither `end` nor `duration`; a missing `sku`, welfare `id` or `kind`, warm-up `at`, slot `from` / `to`, cue `title`, or a checklist table without `task`",
        "`` missing required key `session.start` ``";
    UnknownFormat = "unknown-format", Error,
        "a `format` other than 1",
        "`unknown plan format 2`";
    EndAndDuration = "end-and-duration", Error,
        "both `end` and `duration`",
        "`` session has both `end` and `duration` ``";
    ZeroDuration = "zero-duration", Error,
        "a zero session `duration`",
        "`session duration is zero`";
    UnknownTimezone = "unknown-timezone", Error,
        "an unknown time zone (with a suggestion)",
        "`` unknown time zone `Asia/Shangai` `` (help: did you mean \\`Asia/Shanghai\\`?)";
    MalformedDate = "malformed-date", Error,
        "a malformed `date`",
        "`expected a date like 2026-11-11, without a time`";
    MalformedTime = "malformed-time", Error,
        "malformed time (a cue's, slot's, warm-up's or task's `at`, `start`, `end`)",
        "`malformed time: 24:30:00 is not a time of day…`";
    MalformedDuration = "malformed-duration", Error,
        "malformed duration or countdown",
        "`` malformed duration: `30` needs a unit… ``";
    ConfigSyntax = "config-syntax", Error,
        "the user config file (`stagecall config check`) is not valid TOML or has an unknown key",
        "`` unknown field `kinds` ``";
    ConfigValue = "config-value", Error,
        "a bot in the user config file with a bad kind, URL, secret, event or threshold",
        "`` `slack` is not a bot kind ``";
    ConfigUnusedSecret = "config-unused-secret", Warning,
        "a secret on a bot that does not sign (企业微信)",
        "`企业微信 bots do not sign: the secret is not used`";
    MalformedWhen = "malformed-when", Error,
        "a welfare's `when` that is not a trigger over the live numbers",
        "`` bad `when`: `viewers` is not a live figure… ``";
    NegativeValue = "negative-value", Error,
        "negative quantity, price, cost, count or budget",
        "`` `live_price` is negative ``, `` `price` is negative ``";
    NotFinite = "not-finite", Error,
        "a number that is not finite (`nan`, `inf`) in any price, cost, budget, `gmv_target` or `roi_target`",
        "`` `roi_target` is not a usable number ``";
    BadLink = "bad-link", Error,
        "a `link` that is not a whole number of 1 or more",
        "`` `link` must be a whole number, 1 or more ``";
    DuplicateId = "duplicate-id", Error,
        "duplicate id (same kind)",
        "`` duplicate SKU `QB-001` `` (help: first defined on line 18…)";
    UnknownRef = "unknown-ref", Error,
        "reference to a SKU or welfare that does not exist (in a cue's `items` or `welfare`, or a welfare's `sku`)",
        "`` no SKU `QB-002` in this plan `` (help: did you mean \\`QB-001\\`?)";
    EmptySlot = "empty-slot", Error,
        "a traffic slot whose `from` and `to` are written the same",
        "`` traffic slot `open` is empty: it starts and ends at 20:00 ``";
    // Times on the clock (schedule.rs).
    NoSuchTime = "no-such-time", Error,
        "a clock time that does not exist (DST gap), a task's included",
        "`2026-03-08 02:30 does not exist in America/New_York…`";
    YearRange = "year-range", Error,
        "a show that starts before 1970 or runs past the year 9999 (RFC 3339 has four-digit years)",
        "`session runs past the year 9999 (it starts 9999-12-31 22:00 and ends in the year 10000)`";
    CueBackwards = "cue-backwards", Error,
        "a cue that starts before the cue above it",
        "`cue … starts at 20:15, before the cue above it (20:30): the run sheet goes backwards`";
    CueOutsideSession = "cue-outside-session", Error,
        "a cue that starts outside the session",
        "`cue … starts at 11-11 22:10, outside the session window 20:00–22:00`";
    SlotBackwards = "slot-backwards", Error,
        "a traffic slot whose `to` is not after its `from`",
        "`` traffic slot `open` ends (20:00) before it starts (20:30) ``";
    SlotOutsideSession = "slot-outside-session", Error,
        "a traffic slot outside the session",
        "`` traffic slot `close` (21:30–22:30) lies outside the session window 20:00–22:00 ``";
    SlotsOverlap = "slots-overlap", Error,
        "overlapping traffic slots",
        "`` traffic slots `open` and `close` overlap (20:45 to 21:00) ``";
    SlotsOverBudget = "slots-over-budget", Error,
        "slot budgets adding up to more than `traffic.budget`",
        "`traffic slot budgets add up to 12,000, more than traffic.budget 10,000`";
    WarmupAfterStart = "warmup-after-start", Error,
        "a warm-up item after the session start",
        "`` warm-up `teaser` falls after session start… ``";
    // Warnings.
    CueOverlap = "cue-overlap", Warning,
        "a cue running into the next one",
        "`` cue `开场-福袋` overlaps the next one: it runs 5m into `爆款讲解` ``";
    SheetEndsEarly = "sheet-ends-early", Warning,
        "the run sheet ending before the session",
        "`the run sheet ends 20m before the session ends (22:00)`";
    SheetEndsLate = "sheet-ends-late", Warning,
        "the run sheet running past the session",
        "`the run sheet runs 15m past the session end (22:00)`";
    BudgetUnallocated = "budget-unallocated", Warning,
        "traffic budget not all given to slots",
        "`traffic budget left unallocated: 5,000 of 20,000 is in no slot`";
    SlotNoCue = "slot-no-cue", Warning,
        "a slot with no cue on air",
        "`` traffic slot `mid` (20:20–20:50) has no cue on air during it ``";
    LiveAboveList = "live-above-list", Warning,
        "`live_price` above `list_price`",
        "`` live_price 429 is above list_price 399 for `QB-001` ``";
    ProductUnused = "product-unused", Warning,
        "a product no cue uses",
        "`` product `QB-002` is never used by any cue ``";
    WelfareUnused = "welfare-unused", Warning,
        "a welfare item no cue uses",
        "`` welfare `rp-21` is never used by any cue ``";
    StockZero = "stock-zero", Warning,
        "stock 0",
        "`` stock 0 for `QB-001`: it is sold out before the show starts ``";
    WhoNotCrew = "who-not-crew", Warning,
        "a `who` that is not a role of `[crew]` (when `[crew]` is given)",
        "`` `who = \"场控\"` names no role of [crew] ``";
    TaskAfterCue = "task-after-cue", Warning,
        "a task due after its cue ends",
        "`` task `福袋开奖` is due 8m into cue `开场-福袋`, after the cue ends (5m) ``";
    TaskOutsideSession = "task-outside-session", Warning,
        "a task due outside the session",
        "`` task `预约提醒` is due at 11-11 19:30, outside the session window 20:00–22:00 ``";
}

impl Rule {
    /// The rule with this code.
    #[must_use]
    pub fn from_code(code: &str) -> Option<Rule> {
        Rule::ALL.iter().copied().find(|r| r.code() == code)
    }
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

impl serde::Serialize for Rule {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

/// The doc's table of the rules of one severity, as Markdown.
#[must_use]
pub fn markdown_table(severity: Severity) -> String {
    let mut out = String::from("| code | problem | example message |\n|---|---|---|\n");
    for r in Rule::ALL.iter().filter(|r| r.severity() == severity) {
        out.push_str(&format!(
            "| `{}` | {} | {} |\n",
            r.code(),
            r.problem(),
            r.example()
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;
    use std::path::PathBuf;

    use super::*;

    #[test]
    fn codes_are_unique_kebab_case_and_round_trip() {
        let mut seen = HashSet::new();
        for &r in Rule::ALL {
            let code = r.code();
            assert!(seen.insert(code), "code `{code}` is used twice");
            assert!(
                !code.is_empty()
                    && code.split('-').all(|w| !w.is_empty()
                        && w.bytes()
                            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())),
                "code `{code}` is not kebab-case"
            );
            assert_eq!(Rule::from_code(code), Some(r));
        }
        assert_eq!(Rule::from_code("no-such-rule-code"), None);
    }

    /// Where the text between `<!-- rules:NAME -->` and
    /// `<!-- /rules:NAME -->` lies in docs/plan-format.md.
    fn doc_section(doc: &str, name: &str) -> std::ops::Range<usize> {
        let open = format!("<!-- rules:{name} -->\n");
        let close = format!("<!-- /rules:{name} -->");
        let start = doc
            .find(&open)
            .unwrap_or_else(|| panic!("docs/plan-format.md has no `{}`", open.trim()))
            + open.len();
        let end = doc[start..]
            .find(&close)
            .unwrap_or_else(|| panic!("docs/plan-format.md has no `{close}`"))
            + start;
        start..end
    }

    #[test]
    fn plan_format_doc_lists_the_rules_table() {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/plan-format.md");
        let mut doc = std::fs::read_to_string(&path).expect("read docs/plan-format.md");
        let sections = [
            ("errors", markdown_table(Severity::Error)),
            ("warnings", markdown_table(Severity::Warning)),
        ];
        if std::env::var_os("STAGECALL_BLESS").is_some() {
            for (name, table) in &sections {
                let at = doc_section(&doc, name);
                doc.replace_range(at, table);
            }
            std::fs::write(&path, &doc).expect("write docs/plan-format.md");
        }
        for (name, table) in &sections {
            assert_eq!(
                &doc[doc_section(&doc, name)],
                table.as_str(),
                "docs/plan-format.md's `{name}` table differs from the rules table in \
                 crates/core/src/diag/rules.rs; run `STAGECALL_BLESS=1 cargo test -p \
                 stagecall-core plan_format_doc` to regenerate it"
            );
        }
    }
}
