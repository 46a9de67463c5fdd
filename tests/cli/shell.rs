//! `stagecall completions SHELL` and `stagecall man`: the scripts name every
//! subcommand and parse in their shell (bash always; zsh and fish are
//! `#[ignore = "needs …"]`, run by `.ci/run`, which installs them), and the
//! man page is roff with every subcommand in it.

use std::process::Command;

use clap::CommandFactory;

use crate::util;

fn stagecall(args: &[&str]) -> String {
    util::stagecall(args).stdout_text()
}

/// The visible subcommands, from the same clap definitions the binary uses.
fn subcommands() -> Vec<String> {
    let names: Vec<String> = stagecall::cli::Cli::command()
        .get_subcommands()
        .filter(|c| !c.is_hide_set())
        .map(|c| c.get_name().to_string())
        .collect();
    for expected in ["check", "sheet", "run", "completions", "man"] {
        assert!(names.iter().any(|n| n == expected), "no {expected}?");
    }
    names
}

fn installed(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|d| d.join(program).is_file()))
}

/// `stagecall completions SHELL` parses in that shell (`SHELL -n`). A
/// shell that is not installed fails the test: it is never skipped.
fn completion_script_parses(shell: &str) {
    assert!(
        installed(shell),
        "{shell} is not installed (apt-get install {shell}; .ci/run does)"
    );
    let script = stagecall(&["completions", shell]);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(format!("stagecall.{shell}"));
    std::fs::write(&file, script).unwrap();
    let out = Command::new(shell)
        .arg("-n")
        .arg(&file)
        .output()
        .expect("run the shell");
    assert!(
        out.status.success(),
        "{shell} -n rejects the script:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn completion_scripts_name_every_subcommand() {
    let subs = subcommands();
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let script = stagecall(&["completions", shell]);
        assert!(script.trim().len() > 100, "{shell}: script is empty");
        for sub in &subs {
            assert!(script.contains(sub.as_str()), "{shell}: no {sub}");
        }
        // bash, zsh and fish complete the values of options too.
        if matches!(shell, "bash" | "zsh" | "fish") {
            assert!(script.contains("html"), "{shell}: no sheet --format html");
        }
    }
}

#[test]
fn completion_script_parses_in_bash() {
    completion_script_parses("bash");
}

#[test]
#[ignore = "needs zsh: `cargo test -- --ignored` (.ci/run installs it)"]
fn completion_script_parses_in_zsh() {
    completion_script_parses("zsh");
}

#[test]
#[ignore = "needs fish: `cargo test -- --ignored` (.ci/run installs it)"]
fn completion_script_parses_in_fish() {
    completion_script_parses("fish");
}

#[test]
fn bash_completes_subcommands_and_formats() {
    let script = stagecall(&["completions", "bash"]);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("stagecall.bash");
    std::fs::write(&file, script).unwrap();
    let complete = |words: &str| {
        let line = format!(
            "source {}; COMP_WORDS=({words}); COMP_CWORD=$((${{#COMP_WORDS[@]}} - 1)); \
             _stagecall stagecall \"${{COMP_WORDS[-1]}}\" \"${{COMP_WORDS[-2]}}\"; \
             printf '%s\\n' \"${{COMPREPLY[@]}}\"",
            file.display()
        );
        let out = Command::new("bash").arg("-c").arg(line).output().unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let first = complete("stagecall ''");
    for sub in ["check", "sheet", "completions", "man"] {
        assert!(first.lines().any(|l| l == sub), "no {sub} in:\n{first}");
    }
    let formats = complete("stagecall sheet plan.toml --format ''");
    assert!(formats.lines().any(|l| l == "html"), "{formats}");
}

#[test]
fn man_page_is_roff_with_every_subcommand() {
    let page = stagecall(&["man"]);
    assert!(page.contains(".TH stagecall 1"), "{page}");
    for section in [
        ".SH NAME",
        ".SH SYNOPSIS",
        ".SH SUBCOMMANDS",
        ".SH \"EXIT STATUS\"",
    ] {
        assert!(page.contains(section), "no {section}");
    }
    for sub in subcommands() {
        assert!(
            page.contains(&format!("stagecall\\-{sub}(1)")),
            "man page lacks {sub}"
        );
    }
    assert!(page.contains("NO_COLOR"));
}

#[test]
fn man_out_dir_writes_a_page_per_subcommand() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("man1");
    stagecall(&["man", "--out-dir", out.to_str().unwrap()]);
    let main = std::fs::read_to_string(out.join("stagecall.1")).unwrap();
    assert!(main.contains(".SH \"EXIT STATUS\""));
    for sub in subcommands() {
        let page = std::fs::read_to_string(out.join(format!("stagecall-{sub}.1")))
            .unwrap_or_else(|e| panic!("stagecall-{sub}.1: {e}"));
        assert!(page.contains(".TH"), "stagecall-{sub}.1");
    }
}
