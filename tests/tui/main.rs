//! The `tui` test binary: the runner. In process, `update` and the screens
//! on a `TestBackend` (`update`, `render` with insta snapshots, `props`);
//! end to end, the real binary in a pseudo-terminal (`*_pty`: keys, the
//! run's life, live state and a changed plan, faults like a full disk).

#[path = "../util/mod.rs"]
mod util;

mod faults_pty;
mod keys_pty;
mod live_state_pty;
mod props;
mod render;
mod run_pty;
mod update;
