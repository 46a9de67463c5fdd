//! `stagecall check` on bytes that are not a tidy plan: a BOM and CRLF,
//! files too large, random garbage, inline tables with CJK, NaN and
//! infinities, numbers too large: one clear message each, never a panic.

use std::time::{Duration, Instant};

use crate::check::{assert_no_panic, check_human, check_json, list, run};
use crate::util::{code, root, stdout};

#[test]
fn accepts_bom_and_crlf() {
    let rel = "tests/fixtures/valid/bom-crlf.toml";
    let bytes = std::fs::read(root().join(rel)).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "fixture lost its BOM");
    assert!(
        bytes.windows(2).filter(|w| w == b"\r\n").count() > 10,
        "fixture lost its CRLF"
    );
    let (status, diags, _) = check_json(&[rel], &["--deny-warnings"]);
    assert_eq!((status, diags.len()), (0, 0), "{}", list(&diags));

    // Errors in a BOM + CRLF file keep their line and column.
    let text = std::fs::read_to_string(root().join("tests/fixtures/invalid/unknown-key-typo.toml"))
        .unwrap();
    let mut windows = b"\xEF\xBB\xBF".to_vec();
    windows.extend(text.replace('\n', "\r\n").into_bytes());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("typo-crlf.toml");
    std::fs::write(&path, windows).unwrap();
    let (status, diags, _) = check_json(&[path.to_str().unwrap()], &[]);
    assert_eq!(status, 1);
    assert_eq!(diags.len(), 1, "{}", list(&diags));
    assert_eq!((diags[0].line, diags[0].column), (8, 1), "{}", diags[0]);
    let out = run(&["check", path.to_str().unwrap()]);
    let human = stdout(&out);
    assert!(
        human.contains("timezome = \"Asia/Shanghai\"\n"),
        "no stray CR in the snippet:\n{human:?}"
    );
}

#[test]
fn huge_file_is_refused_quickly() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.toml");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    f.write_all(b"format = 1\n").unwrap();
    let filler = format!("# {}\n", "填充".repeat(170));
    let mut written = 0;
    while written <= 65 * 1024 * 1024 {
        f.write_all(filler.as_bytes()).unwrap();
        written += filler.len();
    }
    f.flush().unwrap();
    drop(f);
    let t = Instant::now();
    let (status, diags, _) = check_json(&[path.to_str().unwrap()], &[]);
    let took = t.elapsed();
    assert_eq!(status, 1);
    assert_eq!(diags.len(), 1, "{}", list(&diags));
    assert!(diags[0].message.contains("too large"), "{}", diags[0]);
    assert!(took < Duration::from_secs(10), "took {took:?}");
}

/// A small deterministic generator, so failures replay.
fn xorshift(seed: u64, n: usize) -> Vec<u8> {
    let mut x = seed | 1;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

#[test]
fn garbage_never_crashes() {
    let mut cases: Vec<(String, Vec<u8>)> = vec![
        (
            "latin-1".into(),
            b"format = 1\n[session]\ntitle = \"Caf\xE9\"\n".to_vec(),
        ),
        ("utf-16".into(), {
            let mut v = vec![0xFF, 0xFE];
            v.extend("format = 1\n".encode_utf16().flat_map(u16::to_le_bytes));
            v
        }),
        ("nul bytes".into(), vec![0; 64]),
        ("lone continuation".into(), vec![0x80; 16]),
        (
            "truncated utf-8".into(),
            b"format = 1\ntitle = \"\xE5\xAE".to_vec(),
        ),
        (
            "png header".into(),
            b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec(),
        ),
    ];
    for seed in 1..=8u64 {
        cases.push((
            format!("random seed {seed}"),
            xorshift(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15), 4096),
        ));
    }
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in cases {
        let path = dir.path().join("garbage.toml");
        std::fs::write(&path, &bytes).unwrap();
        let p = path.to_str().unwrap();
        for format in ["human", "json", "github"] {
            let out = run(&["check", "--format", format, p]);
            assert_no_panic(&name, &out);
            assert_eq!(
                code(&out),
                1,
                "{name} ({format}): stdout:\n{}",
                stdout(&out)
            );
        }
        let out = run(&["sheet", p]);
        assert_no_panic(&name, &out);
        assert_eq!(code(&out), 1, "{name}: sheet");
    }
}

/// Regression: a span guessed from a `[table]` header used to end inside a
/// CJK character when the table was written inline, and the renderer panicked.
#[test]
fn inline_tables_with_cjk_render_without_panic() {
    let dir = tempfile::tempdir().unwrap();
    for text in [
        "format = 1\nsession = {title=\"双双\"}\n",
        "format = 1\nsession = {title = \"x\", start = \"20:00\", end = \"21:00\"}\ncue = [{at=\"双双\"}]\n",
        "format = 1\nsession = {hosts=\"双\"}\n",
    ] {
        let path = dir.path().join("inline.toml");
        std::fs::write(&path, text).unwrap();
        let out = run(&["check", path.to_str().unwrap()]);
        assert_no_panic(text, &out);
        assert_eq!(code(&out), 1, "{text}");
        assert!(
            stdout(&out).contains("missing required key"),
            "{}",
            stdout(&out)
        );
    }
}

/// `nan` and `inf` are TOML floats, and no price, budget or target: every
/// float in a plan is refused when it is not finite, on its own line.
#[test]
fn rejects_nan_and_inf_in_every_float() {
    let text = std::fs::read_to_string(root().join("plans/kuaishou-brand-4h.toml")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let keys = [
        "roi_target",
        "gmv_target",
        "list_price",
        "live_price",
        "unit_cost",
        "price",
        "budget",
    ];
    for key in keys {
        let (line_no, line) = text
            .lines()
            .enumerate()
            .find(|(_, l)| l.trim_start().starts_with(&format!("{key} =")))
            .unwrap_or_else(|| panic!("the example plan has no `{key}`"));
        for value in ["nan", "+inf", "-inf", "-nan"] {
            let indent = &line[..line.len() - line.trim_start().len()];
            let edited: String = text
                .lines()
                .enumerate()
                .map(|(i, l)| {
                    if i == line_no {
                        format!("{indent}{key} = {value}\n")
                    } else {
                        format!("{l}\n")
                    }
                })
                .collect();
            let path = dir.path().join("nan.toml");
            std::fs::write(&path, edited).unwrap();
            let (status, diags, _) = check_json(&[path.to_str().unwrap()], &[]);
            assert_eq!(status, 1, "{key} = {value}: {}", list(&diags));
            assert!(
                diags.iter().any(|d| d.severity == "error"
                    && d.line == line_no + 1
                    && d.message.contains(key)
                    && d.message.contains("not a usable")),
                "{key} = {value}: expected an error on line {}; got:\n{}",
                line_no + 1,
                list(&diags)
            );
        }
    }
}

/// A file over the limit is refused with its own size, not the limit's.
#[test]
fn huge_file_says_how_large_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.toml");
    let f = std::fs::File::create(&path).unwrap();
    f.set_len(65 * 1024 * 1024).unwrap();
    drop(f);
    let p = path.to_str().unwrap();
    let (status, diags, _) = check_json(&[p], &[]);
    assert_eq!(status, 1);
    assert_eq!(diags.len(), 1, "{}", list(&diags));
    assert_eq!(
        diags[0].message, "file is too large to be a plan (65.0 MiB; the limit is 64 MiB)",
        "{}",
        diags[0]
    );
    let (_, human) = check_human(&[p]);
    assert!(human.contains("65.0 MiB"), "{human}");
}

/// A whole number too large to hold is one error that says so,
/// not "expected a whole number, found a whole number" plus a `format`
/// reported missing; a fraction where a whole number goes says fraction.
#[test]
fn number_too_large_is_one_clear_error() {
    let text = std::fs::read_to_string(root().join("plans/minimal.toml")).unwrap();
    assert!(text.contains("format = 1\n"));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("format.toml");
    for (format, says) in [
        (
            "18446744073709551616",
            "number 18446744073709551616 is too large",
        ),
        (
            "-99999999999999999999",
            "number -99999999999999999999 is too small",
        ),
        (
            "1.5",
            "expected a whole number, found a number with a fraction",
        ),
        ("\"1\"", "expected a whole number, found text"),
    ] {
        std::fs::write(
            &path,
            text.replace("format = 1\n", &format!("format = {format}\n")),
        )
        .unwrap();
        let (status, diags, _) = check_json(&[path.to_str().unwrap()], &[]);
        assert_eq!(status, 1, "{format}");
        assert_eq!(diags.len(), 1, "format = {format}:\n{}", list(&diags));
        assert_eq!(diags[0].message, says, "{}", diags[0]);
        assert!(!diags[0].message.contains("missing"), "{}", diags[0]);
    }
    // Without a `format` at all, it is still missing.
    std::fs::write(&path, text.replace("format = 1\n", "")).unwrap();
    let (_, diags, _) = check_json(&[path.to_str().unwrap()], &[]);
    assert!(
        diags
            .iter()
            .any(|d| d.message == "missing required key `format`"),
        "{}",
        list(&diags)
    );
}
