//! A spreadsheet as plain cells, whatever it came from: an xlsx / xls /
//! ods workbook (read with calamine) or a CSV file in UTF-8, UTF-8 with a
//! byte-order mark, UTF-16 with one, or GBK / GB18030 (what Excel on
//! Chinese Windows saves). Nothing here panics on bad input: a file that
//! is not a workbook is an error message.

use calamine::{Data, Reader};

/// One cell's value, as the importer cares about it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Empty,
    Text(String),
    Num(f64),
    /// An Excel date/time serial (days since 1899-12-30; the fraction is
    /// the time of day).
    Serial(f64),
}

impl Value {
    pub fn is_empty(&self) -> bool {
        match self {
            Value::Empty => true,
            Value::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as text: numbers without a trailing ".0".
    pub fn text(&self) -> String {
        match self {
            Value::Empty => String::new(),
            Value::Text(s) => s.clone(),
            Value::Num(n) | Value::Serial(n) => num_text(*n),
        }
    }
}

pub fn num_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// One sheet: its name and cells, rows of columns, from A1.
#[derive(Debug, Clone, Default)]
pub struct Sheet {
    pub name: String,
    pub rows: Vec<Vec<Value>>,
}

impl Sheet {
    pub fn get(&self, row: usize, col: usize) -> &Value {
        self.rows
            .get(row)
            .and_then(|r| r.get(col))
            .unwrap_or(&Value::Empty)
    }

    /// `直播脚本!C7` for the cell at (row, col), both from 0.
    pub fn cell_ref(&self, row: usize, col: usize) -> String {
        format!("{}!{}{}", self.name, column_name(col), row + 1)
    }
}

/// "A", "Z", "AA" for a column index from 0.
pub fn column_name(mut col: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// The limits of what is read: a run sheet is a few hundred rows.
pub const MAX_ROWS: usize = 100_000;
pub const MAX_COLS: usize = 256;
/// Files larger than this are refused before reading.
pub const MAX_BYTES: u64 = 64 * 1024 * 1024;

/// What kind of file the bytes are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Workbook,
    Csv,
}

/// Guesses from the content first (a zip or an OLE file is a workbook),
/// then the extension.
pub fn kind_of(bytes: &[u8], name: &str) -> Kind {
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Kind::Workbook;
    }
    let lower = name.to_ascii_lowercase();
    if [".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"]
        .iter()
        .any(|e| lower.ends_with(e))
    {
        Kind::Workbook
    } else {
        Kind::Csv
    }
}

/// Reads a workbook's sheets. Calamine is run behind `catch_unwind`: a
/// hostile file must end in a message, never a crash.
pub fn read_workbook(bytes: Vec<u8>) -> Result<Vec<Sheet>, String> {
    if !(bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])) {
        return Err(
            "it is not a workbook (an xlsx file is a zip archive, and this one is not)".into(),
        );
    }
    let prev = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = std::panic::catch_unwind(move || read_workbook_inner(bytes));
    std::panic::set_hook(prev);
    match result {
        Ok(r) => r,
        Err(_) => Err("the workbook is damaged (its contents could not be read)".into()),
    }
}

fn read_workbook_inner(bytes: Vec<u8>) -> Result<Vec<Sheet>, String> {
    let mut book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes))
        .map_err(|e| format!("cannot read the workbook: {e}"))?;
    let names = book.sheet_names();
    let mut out = Vec::new();
    for name in names {
        let range = book
            .worksheet_range(&name)
            .map_err(|e| format!("cannot read sheet {name}: {e}"))?;
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let (r0, c0) = (r0 as usize, c0 as usize);
        if r0 >= MAX_ROWS || c0 >= MAX_COLS {
            out.push(Sheet {
                name,
                rows: Vec::new(),
            });
            continue;
        }
        let mut rows: Vec<Vec<Value>> = vec![Vec::new(); r0];
        for row in range.rows().take(MAX_ROWS - r0) {
            let mut cells = vec![Value::Empty; c0];
            cells.extend(row.iter().take(MAX_COLS - c0).map(value));
            rows.push(cells);
        }
        out.push(Sheet { name, rows });
    }
    Ok(out)
}

fn value(d: &Data) -> Value {
    match d {
        Data::Empty | Data::Error(_) => Value::Empty,
        Data::String(s) => Value::Text(s.clone()),
        Data::Int(i) => Value::Num(*i as f64),
        Data::Float(f) if f.is_finite() => Value::Num(*f),
        Data::Float(_) => Value::Empty,
        Data::Bool(b) => Value::Text(b.to_string()),
        Data::DateTime(dt) => {
            let f = dt.as_f64();
            if f.is_finite() {
                Value::Serial(f)
            } else {
                Value::Empty
            }
        }
        Data::DateTimeIso(s) => Value::Text(s.replace('T', " ")),
        Data::DurationIso(s) => Value::Text(s.clone()),
    }
}

/// Which encoding a CSV file was in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    Utf16,
    Gbk,
}

/// Decodes CSV bytes: a BOM decides; valid UTF-8 is UTF-8; else GBK
/// (GB18030, its superset), which must decode without errors.
pub fn decode_text(bytes: &[u8]) -> Result<(String, Encoding), String> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return std::str::from_utf8(rest)
            .map(|s| (s.to_string(), Encoding::Utf8Bom))
            .map_err(|_| "it starts with a UTF-8 byte-order mark but is not UTF-8".into());
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        let (text, _, bad) = encoding_rs::UTF_16LE.decode(bytes);
        if bad {
            return Err("it starts with a UTF-16 byte-order mark but is not UTF-16".into());
        }
        return Ok((text.into_owned(), Encoding::Utf16));
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok((s.to_string(), Encoding::Utf8));
    }
    let (text, bad) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
    if bad {
        return Err(
            "it is neither UTF-8 nor GBK text (is it a spreadsheet saved as something else?)"
                .into(),
        );
    }
    Ok((text.into_owned(), Encoding::Gbk))
}

/// Parses CSV (RFC 4180: quoted fields, doubled quotes, line ends inside
/// quotes). A file whose first line has tabs and no commas is read as
/// tab-separated (what a copy from 飞书 or Excel pastes).
pub fn parse_csv(text: &str, name: &str) -> Result<Sheet, String> {
    if text.contains('\0') {
        return Err("it is binary, not CSV text".into());
    }
    let first = text.lines().next().unwrap_or("");
    let sep = if first.contains('\t') && !first.contains(',') {
        '\t'
    } else {
        ','
    };
    let mut rows: Vec<Vec<Value>> = Vec::new();
    let mut row: Vec<Value> = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    let push_field = |row: &mut Vec<Value>, field: &mut String| {
        if row.len() < MAX_COLS {
            let f = std::mem::take(field);
            row.push(if f.is_empty() {
                Value::Empty
            } else {
                Value::Text(f)
            });
        } else {
            field.clear();
        }
    };
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                '\r' if chars.peek() == Some(&'\n') => {}
                c => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.is_empty() => quoted = true,
            c if c == sep => push_field(&mut row, &mut field),
            '\r' | '\n' => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                push_field(&mut row, &mut field);
                rows.push(std::mem::take(&mut row));
                if rows.len() >= MAX_ROWS {
                    break;
                }
            }
            c => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        push_field(&mut row, &mut field);
        rows.push(row);
    }
    Ok(Sheet {
        name: name.to_string(),
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_names() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(2), "C");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(27), "AB");
        assert_eq!(column_name(701), "ZZ");
        assert_eq!(column_name(702), "AAA");
    }

    #[test]
    fn csv_quotes_and_line_ends() {
        let s = parse_csv("a,\"b,1\",\"say \"\"hi\"\"\"\r\n\"x\ny\",,z", "t").unwrap();
        assert_eq!(s.rows.len(), 2);
        assert_eq!(s.rows[0][1], Value::Text("b,1".into()));
        assert_eq!(s.rows[0][2], Value::Text("say \"hi\"".into()));
        assert_eq!(s.rows[1][0], Value::Text("x\ny".into()));
        assert_eq!(s.rows[1][1], Value::Empty);
    }

    #[test]
    fn encodings() {
        assert_eq!(decode_text("时间".as_bytes()).unwrap().1, Encoding::Utf8);
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend("时间".as_bytes());
        assert_eq!(
            decode_text(&bom).unwrap(),
            ("时间".into(), Encoding::Utf8Bom)
        );
        let (gbk, _, _) = encoding_rs::GBK.encode("时间,话术");
        assert_eq!(
            decode_text(&gbk).unwrap(),
            ("时间,话术".into(), Encoding::Gbk)
        );
        assert!(decode_text(&[0x81, 0x20, 0xFF, 0xFF]).is_err());
    }
}
