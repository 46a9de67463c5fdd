//! The `stagecall` binary: parse arguments, run one command, exit with its
//! status. Everything else lives in the library.

use std::process::ExitCode;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    stagecall::commands::main()
}
