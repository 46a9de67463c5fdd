//! The run sheet and the review as Excel workbooks (`sheet --format xlsx`,
//! `report --format xlsx`), written with `rust_xlsxwriter`. Every sheet is
//! a [`Table`]: one bold header row, frozen, repeated on every printed
//! page; columns as wide as their text (CJK counts double), long text
//! wrapped; printed landscape, one page wide.
//!
//! The headers are the ones `stagecall import` recognises (see
//! [`crate::import::aliases`]), so a workbook written here reads back into
//! the same plan.

pub mod report;
pub mod sheet;

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, XlsxError};

use crate::render::text::width;

/// The language of sheet names and headers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    Zh,
}

impl Lang {
    /// `zh` or `en` text.
    pub fn pick(self, zh: &'static str, en: &'static str) -> &'static str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

impl From<crate::tui::i18n::Lang> for Lang {
    fn from(l: crate::tui::i18n::Lang) -> Self {
        match l {
            crate::tui::i18n::Lang::Zh => Lang::Zh,
            crate::tui::i18n::Lang::En => Lang::En,
        }
    }
}

/// One cell's value.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Num(f64),
    Empty,
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        let s = s.into();
        if s.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(s)
        }
    }

    pub fn opt_num(v: Option<f64>) -> Cell {
        v.map_or(Cell::Empty, Cell::Num)
    }

    pub fn opt_int(v: Option<u64>) -> Cell {
        v.map_or(Cell::Empty, |n| Cell::Num(n as f64))
    }

    fn width(&self) -> usize {
        match self {
            Cell::Text(s) => s.lines().map(width).max().unwrap_or(0),
            Cell::Num(n) => n.to_string().len(),
            Cell::Empty => 0,
        }
    }
}

/// A column: its header and whether its cells wrap (scripts, task lists).
#[derive(Debug, Clone)]
pub struct Col {
    pub header: String,
    pub wrap: bool,
}

impl Col {
    pub fn new(header: &str) -> Col {
        Col {
            header: header.into(),
            wrap: false,
        }
    }

    pub fn wrapped(header: &str) -> Col {
        Col {
            header: header.into(),
            wrap: true,
        }
    }
}

/// One worksheet.
#[derive(Debug, Clone)]
pub struct Table {
    pub name: String,
    pub cols: Vec<Col>,
    pub rows: Vec<Vec<Cell>>,
}

/// Excel's width unit is about one digit; a CJK character takes two.
/// Wrapped columns stop at `WRAP_WIDTH` and grow downwards instead.
const WRAP_WIDTH: usize = 48;
const MAX_WIDTH: usize = 60;
const MIN_WIDTH: usize = 6;

fn column_width(col: &Col, rows: &[Vec<Cell>], i: usize) -> f64 {
    let widest = rows
        .iter()
        .filter_map(|r| r.get(i))
        .map(Cell::width)
        .max()
        .unwrap_or(0)
        .max(width(&col.header));
    let cap = if col.wrap { WRAP_WIDTH } else { MAX_WIDTH };
    (widest + 2).clamp(MIN_WIDTH, cap) as f64
}

/// Excel refuses longer cells; the rest is cut with a visible mark.
const MAX_CELL_CHARS: usize = 32_000;

fn cell_text(s: &str) -> std::borrow::Cow<'_, str> {
    if s.chars().count() <= MAX_CELL_CHARS {
        return s.into();
    }
    let mut out: String = s.chars().take(MAX_CELL_CHARS).collect();
    out.push('…');
    out.into()
}

/// Writes the tables as one workbook, in order.
pub fn workbook(tables: &[Table]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let header = Format::new()
        .set_bold()
        .set_background_color(0xD9E1F2)
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Top);
    let plain = Format::new()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin);
    let wrap = plain.clone().set_text_wrap();
    for t in tables {
        let ws = book.add_worksheet();
        ws.set_name(&t.name)?;
        for (c, col) in t.cols.iter().enumerate() {
            let c16 = u16::try_from(c).map_err(|_| XlsxError::RowColumnLimitError)?;
            ws.write_string_with_format(0, c16, &col.header, &header)?;
            ws.set_column_width(c16, column_width(col, &t.rows, c))?;
        }
        for (r, row) in t.rows.iter().enumerate() {
            let r32 = u32::try_from(r + 1).map_err(|_| XlsxError::RowColumnLimitError)?;
            for (c, cell) in row.iter().enumerate() {
                let c16 = u16::try_from(c).map_err(|_| XlsxError::RowColumnLimitError)?;
                let fmt = if t.cols.get(c).is_some_and(|col| col.wrap) {
                    &wrap
                } else {
                    &plain
                };
                match cell {
                    Cell::Text(s) => {
                        ws.write_string_with_format(r32, c16, cell_text(s), fmt)?;
                    }
                    Cell::Num(n) => {
                        ws.write_number_with_format(r32, c16, *n, fmt)?;
                    }
                    Cell::Empty => {
                        ws.write_blank(r32, c16, fmt)?;
                    }
                }
            }
        }
        ws.set_freeze_panes(1, 0)?;
        ws.set_repeat_rows(0, 0)?;
        ws.set_landscape();
        ws.set_print_fit_to_pages(1, 0);
        // A4.
        ws.set_paper_size(9);
    }
    book.save_to_buffer()
}

/// Where binary output goes: `-o FILE`, or standard output when it is not
/// a terminal. Refuses a terminal (binary would garble it).
pub fn write_out(bytes: &[u8], out: Option<&std::path::Path>, what: &str) -> u8 {
    use std::io::IsTerminal;
    match out {
        Some(p) if p.as_os_str() != "-" => match std::fs::write(p, bytes) {
            Ok(()) => crate::commands::EXIT_OK,
            Err(e) => {
                eprintln!(
                    "stagecall: cannot write {}: {e}",
                    crate::render::text::path(p)
                );
                crate::commands::EXIT_USAGE
            }
        },
        _ if std::io::stdout().is_terminal() => {
            eprintln!(
                "stagecall: {what} is a binary workbook and standard output is a terminal.\nhint: add `-o FILE.xlsx`, or redirect: `… > FILE.xlsx`"
            );
            crate::commands::EXIT_USAGE
        }
        _ => crate::commands::print(bytes),
    }
}
