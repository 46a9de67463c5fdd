//! `stagecall schema`: the JSON Schema of plan files, for editors.

use super::{EXIT_OK, EXIT_USAGE};

pub fn run() -> u8 {
    match serde_json::to_string_pretty(&stagecall_core::plan::schema()) {
        Ok(s) => {
            println!("{s}");
            EXIT_OK
        }
        Err(e) => {
            eprintln!("stagecall: {e}");
            EXIT_USAGE
        }
    }
}
