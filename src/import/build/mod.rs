//! From cells to a [`Draft`] plan: which sheet is which, which column is
//! which (by the header aliases), and every cell read into a plan value.
//! Whatever cannot be read is a [`Problem`] with its cell reference; the
//! rest of the row still comes in.
//!
//! [`build`] reads the sheets in order: the 场次 sheet (`session`), the
//! 货盘, 福利 and 投放 sheets (`tables`), then the 直播脚本 (`script`), one
//! cue per row; it then places the cues on the clock. `cells` reads one
//! cell's value, `parts` the pieces of a text cell.

mod cells;
mod parts;
mod script;
mod session;
mod tables;

pub use cells::{parse_clock, parse_duration_value};

use std::collections::{BTreeSet, HashMap};

use chrono::{Duration, NaiveDate, NaiveTime};

use super::aliases::{self as a, Field};
use super::draft::{Draft, End};
use super::grid::{Sheet, Value};
use cells::{fmt_clock, fmt_duration};

/// What the command line says, and the defaults it falls back on.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub title: Option<String>,
    pub date: Option<NaiveDate>,
    pub start: Option<NaiveTime>,
    pub timezone: Option<String>,
    pub platform: Option<String>,
    /// The input file's name without extension: the title's fallback.
    pub stem: String,
    /// Today, in the machine's zone: the date's fallback.
    pub today: Option<NaiveDate>,
    /// The machine's zone: the time zone's fallback.
    pub local_tz: Option<String>,
}

/// Something the importer could not map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// `直播脚本!C7`, or a sheet name.
    pub at: String,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.at, self.message)
    }
}

#[derive(Debug)]
pub struct Outcome {
    pub draft: Draft,
    pub problems: Vec<Problem>,
}

/// A sheet's header row and which field each column is.
struct Header {
    row: usize,
    cols: Vec<Option<&'static Field>>,
}

impl Header {
    fn col(&self, key: &str) -> Option<usize> {
        self.cols
            .iter()
            .position(|f| f.is_some_and(|f| f.key == key))
    }
}

/// The first of the first ten rows naming at least two fields, one of them
/// in `needs`.
fn find_header(sheet: &Sheet, fields: &'static [Field], needs: &[&str]) -> Option<Header> {
    for (r, row) in sheet.rows.iter().enumerate().take(10) {
        let cols: Vec<Option<&'static Field>> = row
            .iter()
            .map(|v| match v {
                Value::Text(t) => a::lookup(fields, t),
                _ => None,
            })
            .collect();
        let keys: BTreeSet<&str> = cols.iter().flatten().map(|f| f.key).collect();
        if keys.len() >= 2 && needs.iter().any(|n| keys.contains(n)) {
            return Some(Header { row: r, cols });
        }
    }
    None
}

/// The importer's working state.
struct Builder {
    draft: Draft,
    problems: Vec<Problem>,
    /// Items named only in the run sheet, by name: their SKU.
    new_items: HashMap<String, String>,
    new_welfare: HashMap<String, String>,
}

impl Builder {
    fn problem(&mut self, at: String, message: impl Into<String>) {
        self.problems.push(Problem {
            at,
            message: message.into(),
        });
    }

    /// Columns no field matches, with cells below: one problem each.
    fn unknown_columns(&mut self, sheet: &Sheet, h: &Header, end_row: usize) {
        let width = sheet.rows.iter().map(Vec::len).max().unwrap_or(0);
        for c in 0..width {
            if h.cols.get(c).copied().flatten().is_some() {
                continue;
            }
            let cells: Vec<String> = (h.row + 1..end_row)
                .filter(|&r| !sheet.get(r, c).is_empty())
                .map(|r| {
                    sheet
                        .cell_ref(r, c)
                        .split('!')
                        .nth(1)
                        .unwrap_or("")
                        .to_string()
                })
                .collect();
            if cells.is_empty() {
                continue;
            }
            let head = sheet.get(h.row, c).text();
            let name = if head.trim().is_empty() {
                "a column with no header".to_string()
            } else {
                format!("column 「{}」", head.trim())
            };
            let listed = if cells.len() > 6 {
                format!("{}, … ({} cells)", cells[..6].join(", "), cells.len())
            } else {
                cells.join(", ")
            };
            self.problem(
                sheet.cell_ref(h.row, c),
                format!(
                    "{name} is not one import knows (see docs/import.md); not imported: {listed}"
                ),
            );
        }
    }
}

/// Seconds from `start` to `t`, a clock time earlier than the start being
/// the next day.
fn offset(start: NaiveTime, t: NaiveTime) -> i64 {
    let d = (t - start).num_seconds();
    if d < 0 { d + 86_400 } else { d }
}

/// Builds the plan from a workbook's sheets (or one CSV sheet).
pub fn build(sheets: &[Sheet], opts: &Options) -> Result<Outcome, String> {
    let mut b = Builder {
        draft: Draft::default(),
        problems: Vec::new(),
        new_items: HashMap::new(),
        new_welfare: HashMap::new(),
    };
    let find = |which| sheets.iter().find(|s| a::sheet_is(&s.name, which));
    let script = find(a::SHEET_SCRIPT).or_else(|| {
        sheets.iter().find(|s| {
            ![
                a::SHEET_PRODUCTS,
                a::SHEET_WELFARE,
                a::SHEET_TRAFFIC,
                a::SHEET_SESSION,
            ]
            .iter()
            .any(|w| a::sheet_is(&s.name, *w))
                && find_header(s, a::SCRIPT, &["time", "title", "duration"]).is_some()
        })
    });
    let Some(script) = script else {
        return Err(format!(
            "no run sheet found: no sheet is called {} and none has a header row naming 时间, 环节 or 时长 (sheets: {})",
            a::SHEET_SCRIPT.0,
            sheets
                .iter()
                .map(|s| s.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    };
    let session = find(a::SHEET_SESSION)
        .map(|s| b.session(s))
        .unwrap_or_default();
    if let Some(s) = find(a::SHEET_PRODUCTS) {
        b.products(s);
    }
    if let Some(s) = find(a::SHEET_WELFARE) {
        b.welfare(s);
    }
    if let Some(s) = find(a::SHEET_TRAFFIC) {
        b.traffic(s);
    }
    for s in sheets {
        let ours = [
            a::SHEET_PRODUCTS,
            a::SHEET_WELFARE,
            a::SHEET_TRAFFIC,
            a::SHEET_SESSION,
        ]
        .iter()
        .any(|w| a::sheet_is(&s.name, *w));
        let empty = s.rows.iter().all(|r| r.iter().all(Value::is_empty));
        if !ours && s.name != script.name && !empty {
            b.problem(
                s.name.clone(),
                "not a sheet import knows (直播脚本, 货盘, 福利, 投放, 场次); not imported",
            );
        }
    }

    let (times, problems) = session::settings(&mut b.draft, &session, opts);
    b.problems.extend(problems);
    let session::Times {
        start: sheet_start,
        end: sheet_end,
        duration: sheet_duration,
    } = times;

    let mut rows = b.script(script);
    let first_time = rows.iter().find_map(|r| r.start);
    let Some(start) = opts.start.or(sheet_start).or(first_time) else {
        return Err(format!(
            "no start time: {} has no time in its 时间 column and there is no 场次 sheet; give one with --start 20:00",
            script.name
        ));
    };
    b.draft.start = fmt_clock(start);

    // Each cue's time: with a 定点 column (our own workbooks), exactly as
    // marked; otherwise a row that starts where the one before ends follows
    // on (a floating cue) and any other keeps its time as `at`.
    let mut prev_end: Option<i64> = None;
    let mut prev_start: Option<i64> = None;
    let mut last_end: Option<i64> = None;
    let mut cues = Vec::new();
    for row in &mut rows {
        let mut cue = std::mem::take(&mut row.cue);
        let off = row.start.map(|t| offset(start, t));
        if let (Some(o), Some(p)) = (off, prev_start)
            && o < p
        {
            b.problems.push(Problem {
                at: row.time_ref.clone(),
                message: format!(
                    "{} is before the row above; the cue follows on from it instead",
                    row.start.map(fmt_clock).unwrap_or_default()
                ),
            });
            row.start = None;
        }
        let off = row.start.map(|t| offset(start, t));
        let hard = match row.fixed {
            Some(f) => f && row.start.is_some(),
            None => off.is_some() && prev_end != off && !(cues.is_empty() && off == Some(0)),
        };
        if hard {
            cue.at = row.start.map(fmt_clock);
        }
        cue.duration = row.duration.map(fmt_duration);
        let begin = off.or(prev_end);
        prev_start = begin.or(prev_start);
        prev_end = match (begin, row.duration) {
            (Some(s), Some(d)) => Some(s + d.num_seconds()),
            _ => None,
        };
        if prev_end.is_some() {
            last_end = prev_end;
        } else if begin.is_some() {
            last_end = None;
        }
        cues.push(cue);
    }
    b.draft.cues = cues;

    b.draft.end = if let Some(e) = sheet_end {
        End::Clock(fmt_clock(e))
    } else if let Some(d) = sheet_duration {
        End::Duration(fmt_duration(d))
    } else if let Some(e) = last_end.filter(|&e| e > 0) {
        End::Duration(fmt_duration(Duration::seconds(e)))
    } else {
        b.problems.push(Problem {
            at: script.name.clone(),
            message: "no end time: the last row has neither an end nor a duration; the plan says duration = \"2h\" with a TODO".into(),
        });
        End::Guess("2h".into())
    };
    b.draft.header = vec![format!(
        "Imported by `stagecall import`; check it with `stagecall check`."
    )];
    Ok(Outcome {
        draft: b.draft,
        problems: b.problems,
    })
}
