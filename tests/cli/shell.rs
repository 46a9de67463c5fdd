//! `stagecall completions SHELL` and `stagecall man`: the scripts name every
//! subcommand and parse in their shell (bash always; zsh and fish when
//! installed), and the man page is roff with every subcommand in it.

use std::path::PathBuf;
use std::process::Command;

use clap::CommandFactory;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn stagecall(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_stagecall"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("run stagecall");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
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

/// Runs `SHELL -n` on the script; `None` when that shell is not installed.
fn syntax_check(shell: &str, script: &str) -> Option<std::process::Output> {
    if !installed(shell) {
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(format!("stagecall.{shell}"));
    std::fs::write(&file, script).unwrap();
    Some(
        Command::new(shell)
            .arg("-n")
            .arg(&file)
            .output()
            .expect("run the shell"),
    )
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
fn completion_scripts_parse() {
    for shell in ["bash", "zsh", "fish"] {
        let script = stagecall(&["completions", shell]);
        match syntax_check(shell, &script) {
            None if shell == "bash" => panic!("bash is not installed"),
            None => eprintln!("skipped: {shell} -n ({shell} not installed)"),
            Some(out) => assert!(
                out.status.success(),
                "{shell} -n rejects the script:\n{}",
                String::from_utf8_lossy(&out.stderr)
            ),
        }
    }
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
