//! `stagecall schema`: the JSON Schema of plan files, for editors.

use super::EXIT_USAGE;

pub fn run() -> u8 {
    match crate::render::text::json_pretty(&stagecall_core::plan::schema()) {
        Ok(s) => super::print((s + "\n").as_bytes()),
        Err(e) => {
            eprintln!("stagecall: {e}");
            EXIT_USAGE
        }
    }
}
