//! The `team` test binary: stagecall talking to other machines. Team mode
//! through a real `nats-server` (`replication`, and the `load` run), and
//! the group-chat bots (`notify`) against a local webhook.

#[path = "../util/mod.rs"]
mod util;

mod load;
mod notify;
mod replication;
