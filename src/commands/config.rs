//! `stagecall config check | path`: the user config file (group-chat bots).

use crate::cli::ConfigCommand;

pub fn run(cmd: &ConfigCommand, color: bool) -> u8 {
    let _ = (cmd, color);
    super::EXIT_OK
}
