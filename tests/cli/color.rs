//! `--color auto|always|never` and NO_COLOR (https://no-color.org): a
//! flag the user typed wins; in `auto`, colour only on a terminal, and never
//! when NO_COLOR is set to anything but the empty string.

use std::io::Read;

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

use crate::util::{root, stagecall};

/// A plan with an error, so `check` prints a coloured diagnostic.
const BROKEN: &str = "tests/fixtures/invalid/missing-title.toml";
const ESC: &str = "\x1b[";

/// `stagecall ARGS` with stdout a pipe: (exit status, stdout).
fn piped(args: &[&str], no_color: Option<&str>) -> (Option<i32>, String) {
    let mut cmd = stagecall(args).env_remove("NO_COLOR");
    if let Some(v) = no_color {
        cmd = cmd.env("NO_COLOR", v);
    }
    let out = cmd.output();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

/// `stagecall ARGS` with stdout a terminal: everything it wrote.
fn on_terminal(args: &[&str], no_color: Option<&str>) -> String {
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 50,
            cols: 200,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("openpty");
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_stagecall"));
    cmd.args(args);
    cmd.cwd(root());
    cmd.env("TERM", "xterm-256color");
    cmd.env_remove("NO_COLOR");
    if let Some(v) = no_color {
        cmd.env("NO_COLOR", v);
    }
    let mut child = pair.slave.spawn_command(cmd).expect("spawn stagecall");
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().expect("reader");
    let reading = std::thread::spawn(move || {
        let mut out = Vec::new();
        let mut buf = [0u8; 4096];
        // EOF, or EIO once the child has gone and the terminal closed.
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            out.extend_from_slice(&buf[..n]);
        }
        out
    });
    child.wait().expect("wait for stagecall");
    drop(pair.master);
    String::from_utf8_lossy(&reading.join().expect("reader thread")).into_owned()
}

#[test]
fn always_colours_even_into_a_pipe_and_with_no_color_set() {
    let (code, out) = piped(&["check", "--color", "always", BROKEN], None);
    assert_eq!(code, Some(1));
    assert!(out.contains(ESC), "no ANSI escapes:\n{out}");
    // The flag the user typed beats the environment.
    let (_, out) = piped(&["check", "--color", "always", BROKEN], Some("1"));
    assert!(out.contains(ESC), "--color always must win over NO_COLOR");
}

#[test]
fn never_and_auto_into_a_pipe_are_plain() {
    for (args, no_color) in [
        (&["check", "--color", "never", BROKEN][..], None),
        (&["check", "--color", "auto", BROKEN][..], Some("1")),
        (&["check", "--color", "auto", BROKEN][..], None),
        (&["check", BROKEN][..], None),
    ] {
        let (code, out) = piped(args, no_color);
        assert_eq!(code, Some(1), "{args:?}");
        assert!(out.contains("error"), "{args:?}: {out}");
        assert!(
            !out.contains('\x1b'),
            "{args:?} NO_COLOR={no_color:?}: escapes in\n{out:?}"
        );
    }
}

#[test]
fn auto_on_a_terminal_colours_unless_no_color() {
    let out = on_terminal(&["check", BROKEN], None);
    assert!(out.contains("error"), "{out}");
    assert!(
        out.contains(ESC),
        "auto on a terminal should colour:\n{out}"
    );
    // NO_COLOR set to the empty string does not count.
    let out = on_terminal(&["check", "--color", "auto", BROKEN], Some(""));
    assert!(out.contains(ESC), "NO_COLOR= (empty) should still colour");
    let out = on_terminal(&["check", "--color", "auto", BROKEN], Some("1"));
    assert!(out.contains("error"), "{out}");
    assert!(!out.contains('\x1b'), "NO_COLOR=1 on a terminal:\n{out:?}");
    let out = on_terminal(&["check", "--color", "never", BROKEN], None);
    assert!(
        !out.contains('\x1b'),
        "--color never on a terminal:\n{out:?}"
    );
}
