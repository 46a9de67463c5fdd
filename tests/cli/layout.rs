//! The shape of the test suite itself (ARCHITECTURE.md, "Tests"): four
//! test binaries at most, each a folder with a `main.rs`, and no test file
//! too long to read.

use std::path::Path;

use crate::util::root;

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("a readable folder") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn at_most_four_test_binaries() {
    let mut binaries = Vec::new();
    for tests in [root().join("tests")].into_iter().chain(
        std::fs::read_dir(root().join("crates"))
            .expect("crates/")
            .map(|e| e.expect("an entry").path().join("tests")),
    ) {
        let Ok(entries) = std::fs::read_dir(&tests) else {
            continue;
        };
        for entry in entries {
            let path = entry.expect("an entry").path();
            if path.extension().is_some_and(|e| e == "rs") || path.join("main.rs").is_file() {
                binaries.push(path);
            }
        }
    }
    binaries.sort();
    assert!(
        binaries.len() <= 4,
        "more than four test binaries; add a module to one of them instead: {binaries:#?}"
    );
}

#[test]
fn no_test_file_over_600_lines() {
    let mut files = Vec::new();
    rust_files(&root().join("tests"), &mut files);
    assert!(!files.is_empty());
    let long: Vec<String> = files
        .iter()
        .map(|f| {
            (
                f,
                std::fs::read_to_string(f)
                    .expect("a test file")
                    .lines()
                    .count(),
            )
        })
        .filter(|(_, n)| *n > 600)
        .map(|(f, n)| format!("{} ({n} lines)", f.display()))
        .collect();
    assert!(long.is_empty(), "split these into modules: {long:?}");
}
