//! `stagecall import`: a run sheet from Excel, WPS, 飞书 or a CSV file
//! into a plan. [`grid`] reads the cells, [`build`] maps them (by the
//! header [`aliases`]) into a [`draft::Draft`], which writes itself as
//! TOML with `# TODO` comments where the sheet said too little.

pub mod aliases;
pub mod build;
pub mod draft;
pub mod grid;

pub use build::{Options, Outcome, Problem};

/// Reads the file's bytes into sheets: a workbook's, or one CSV sheet
/// named after the file. The error is a sentence for people.
pub fn read(bytes: Vec<u8>, name: &str, stem: &str) -> Result<Vec<grid::Sheet>, String> {
    match grid::kind_of(&bytes, name) {
        grid::Kind::Workbook => grid::read_workbook(bytes),
        grid::Kind::Csv => {
            let (text, _) = grid::decode_text(&bytes)?;
            Ok(vec![grid::parse_csv(&text, stem)?])
        }
    }
}

/// The whole import: bytes in, plan text and what could not be mapped out.
pub fn import(
    bytes: Vec<u8>,
    name: &str,
    opts: &Options,
) -> Result<(String, Vec<Problem>), String> {
    let sheets = read(bytes, name, &opts.stem)?;
    let out = build::build(&sheets, opts)?;
    Ok((draft::emit(&out.draft), out.problems))
}
