//! The floor as a process: read a plan and parse it into a `toml::Table`,
//! nothing else. BENCHMARKS.md times `stagecall check` and `stagecall run
//! --snapshot` against it with hyperfine, and its peak memory with
//! `/usr/bin/time -v`.
//!
//! ```text
//! cargo build --release --example floor
//! hyperfine 'target/release/examples/floor /tmp/p24.toml' 'target/release/stagecall check /tmp/p24.toml'
//! ```

use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: floor PLAN");
        return ExitCode::from(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("floor: {path}: {e}");
            return ExitCode::from(2);
        }
    };
    match toml::from_str::<toml::Table>(&text) {
        Ok(t) => {
            println!("{path}: {} top-level keys", t.len());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("floor: {path}: {e}");
            ExitCode::from(1)
        }
    }
}
