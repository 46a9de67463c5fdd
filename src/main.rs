//! The `stagecall` binary: parse arguments, run one command, exit with its
//! status. Everything else lives in the library.

use std::process::ExitCode;

fn main() -> ExitCode {
    stagecall::commands::main()
}
