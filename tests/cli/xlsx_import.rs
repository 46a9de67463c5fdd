//! Spreadsheets in (issue 14): hand-made 直播脚本 layouts built here with
//! rust_xlsxwriter come in through `import`, GBK and BOM CSV are detected,
//! what cannot be mapped is reported with its cell, and junk is a message,
//! never a crash.

use std::path::{Path, PathBuf};
use std::process::Output;

use rust_xlsxwriter::{Format, Workbook};

use crate::util::{TZ, root};
use crate::xlsx::{load, ok, run_in, stderr};

fn write_book(path: &Path, name: &str, rows: &[&[&str]]) {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name(name).unwrap();
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                ws.write_string(r as u32, c as u16, *v).unwrap();
            }
        }
    }
    book.save(path).unwrap();
}

fn import(dir: &Path, file: &Path, extra: &[&str]) -> (Output, PathBuf) {
    let plan = dir.join("out.toml");
    let mut args = vec![
        "import",
        file.to_str().unwrap(),
        "-o",
        plan.to_str().unwrap(),
        "--force",
    ];
    args.extend_from_slice(extra);
    (run_in(dir, &args), plan)
}

/// The usual hand-made layout: a title row, Chinese headers, time ranges,
/// products and welfare named in words, a 负责人 and a 备注 column.
#[test]
fn hand_made_chinese_layout() {
    let dir = tempfile::tempdir().expect("tempdir");
    let xlsx = dir.path().join("双11直播脚本.xlsx");
    write_book(
        &xlsx,
        "直播脚本",
        &[
            &["双11 家纺专场 直播脚本"],
            &["时间段", "流程", "产品", "话术", "福利", "负责人", "备注"],
            &[
                "20:00-20:10",
                "开场暖场",
                "",
                "欢迎家人们",
                "福袋",
                "中控",
                "公屏置顶福利",
            ],
            &[
                "20:10~20:30",
                "主推四件套",
                "纯棉四件套 ¥99、毛毯",
                "新疆长绒棉",
                "",
                "助播",
                "报库存",
            ],
            &["20:30-20:40", "整点红包", "", "", "整点红包×10", "", ""],
            &["20:50-21:00", "返场", "纯棉四件套 ¥99", "", "", "", ""],
        ],
    );
    let (out, plan) = import(dir.path(), &xlsx, &["--platform", "douyin"]);
    ok(&out, "import");
    let text = std::fs::read_to_string(&plan).unwrap();
    let (p, sched) = load(&plan);
    assert_eq!(p.session.title, "双11直播脚本", "title from the file name");
    assert_eq!(p.session.date.to_string(), "2026-11-21", "today");
    assert_eq!(p.session.timezone.name(), TZ);
    assert_eq!(p.session.platform.map(|x| x.key()), Some("douyin"));
    assert_eq!(sched.start.format("%H:%M").to_string(), "20:00");
    assert_eq!(
        sched.end.format("%H:%M").to_string(),
        "21:00",
        "the last row's end"
    );
    let titles: Vec<&str> = p.cues.iter().map(|c| c.title.as_str()).collect();
    assert_eq!(titles, ["开场暖场", "主推四件套", "整点红包", "返场"]);
    // Rows that follow on float; the one after a gap keeps its time.
    assert!(p.cues[1].at.is_none() && p.cues[2].at.is_none());
    assert!(p.cues[3].at.is_some());
    let starts: Vec<String> = sched
        .cues
        .iter()
        .map(|c| c.start.format("%H:%M").to_string())
        .collect();
    assert_eq!(starts, ["20:00", "20:10", "20:30", "20:50"]);
    // Products by text: generated SKUs, a price when written, else a TODO.
    assert_eq!(p.items.len(), 2, "the same product twice is one item");
    assert_eq!(p.items[0].name, "纯棉四件套");
    assert_eq!(p.items[0].live_price.map(|m| m.units()), Some(99.0));
    assert!(p.items[1].sku.starts_with("IMP-"));
    assert!(text.contains("# TODO price"), "{text}");
    assert_eq!(p.cues[3].items, p.cues[1].items[..1]);
    // Welfare by its word: the kind it names, quantity 1 with a TODO.
    let kinds: Vec<&str> = p.welfare.iter().map(|w| w.kind.key()).collect();
    assert_eq!(kinds, ["lucky_bag", "red_packet"]);
    assert_eq!(p.welfare[0].quantity, Some(1));
    assert!(text.contains("quantity = 1  # TODO"), "{text}");
    assert_eq!(p.welfare[1].quantity, Some(10));
    assert_eq!(p.cues[2].welfare, [1]);
    // 负责人 is the who of the row's tasks (备注 lines).
    assert_eq!(p.cues[0].checklist[0].text, "公屏置顶福利");
    assert_eq!(p.cues[0].checklist[0].who.as_deref(), Some("中控"));
    assert_eq!(p.cues[1].checklist[0].who.as_deref(), Some("助播"));
    // The title row above the header is reported, not guessed at.
    let err = stderr(&out);
    assert!(err.contains("直播脚本!A1"), "{err}");
}

/// An English layout with real Excel time cells and minutes as numbers.
#[test]
fn hand_made_english_layout_with_excel_times() {
    let dir = tempfile::tempdir().expect("tempdir");
    let xlsx = dir.path().join("rundown.xlsx");
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("Sheet1").unwrap();
    let time = Format::new().set_num_format("hh:mm");
    for (c, h) in ["Time", "Duration", "Title", "SKU", "Script", "Who", "Notes"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    let rows = [
        (
            19.5,
            15.0,
            "Warm-up",
            "",
            "Hello all",
            "control",
            "pin the comment",
        ),
        (19.75, 45.0, "Hero product", "Duvet ¥199", "", "", ""),
    ];
    for (r, (t, d, title, sku, script, who, notes)) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        ws.write_number_with_format(r, 0, t / 24.0, &time).unwrap();
        ws.write_number(r, 1, *d).unwrap();
        ws.write_string(r, 2, *title).unwrap();
        for (c, v) in [(3, sku), (4, script), (5, who), (6, notes)] {
            if !v.is_empty() {
                ws.write_string(r, c, *v).unwrap();
            }
        }
    }
    book.save(&xlsx).unwrap();
    let (out, plan) = import(
        dir.path(),
        &xlsx,
        &["--title", "Evening show", "--date", "2026-12-01"],
    );
    ok(&out, "import");
    let (p, sched) = load(&plan);
    assert_eq!(p.session.title, "Evening show");
    assert_eq!(p.session.date.to_string(), "2026-12-01");
    assert_eq!(sched.start.format("%H:%M").to_string(), "19:30");
    assert_eq!(sched.end.format("%H:%M").to_string(), "20:30");
    assert_eq!(sched.cues[1].start.format("%H:%M").to_string(), "19:45");
    assert_eq!(p.cues[0].script.as_deref(), Some("Hello all"));
    assert_eq!(p.cues[0].checklist[0].who.as_deref(), Some("control"));
    assert_eq!(p.items[0].name, "Duvet");
    assert!(
        stderr(&out).find("not mapped").is_none(),
        "{}",
        stderr(&out)
    );
}

#[test]
fn gbk_and_bom_csv_are_detected() {
    let dir = tempfile::tempdir().expect("tempdir");
    let csv = "时间,环节,话术,福利\r\n20:00-20:15,开场,欢迎来到直播间,福袋×20\r\n20:15-21:00,爆款讲解,\"三件套，\"\"买一送一\"\"\",\r\n";
    let (gbk, _, bad) = encoding_rs::GBK.encode(csv);
    assert!(!bad);
    assert!(std::str::from_utf8(&gbk).is_err(), "really not UTF-8");
    for (name, bytes) in [
        ("gbk.csv", gbk.into_owned()),
        (
            "bom.csv",
            [b"\xEF\xBB\xBF".as_slice(), csv.as_bytes()].concat(),
        ),
        ("utf8.csv", csv.as_bytes().to_vec()),
    ] {
        let file = dir.path().join(name);
        std::fs::write(&file, bytes).unwrap();
        let (out, plan) = import(dir.path(), &file, &[]);
        ok(&out, name);
        let (p, sched) = load(&plan);
        assert_eq!(p.cues[0].title, "开场", "{name}");
        assert_eq!(
            p.cues[1].script.as_deref(),
            Some("三件套，\"买一送一\""),
            "{name}"
        );
        assert_eq!(p.welfare[0].quantity, Some(20));
        assert_eq!(sched.end.format("%H:%M").to_string(), "21:00");
    }
}

#[test]
fn unmappable_cells_are_reported_with_references() {
    let dir = tempfile::tempdir().expect("tempdir");
    let xlsx = dir.path().join("s.xlsx");
    write_book(
        &xlsx,
        "直播脚本",
        &[
            &["时间", "时长", "环节", "道具", "福利"],
            &["20:00", "10分钟", "开场", "手卡", ""],
            &["晚上八点", "十分钟", "讲解", "", "神秘惊喜"],
            &["20:30", "30m", "返场", "样品", ""],
        ],
    );
    let (out, plan) = import(dir.path(), &xlsx, &[]);
    ok(&out, "a plan is still written");
    let err = stderr(&out);
    for want in [
        "直播脚本!D1", // the unknown column 道具 …
        "D2, D4",      // … and its cells
        "直播脚本!A3", // not a time
        "直播脚本!B3", // not a duration
        "直播脚本!E3", // names no welfare kind
    ] {
        assert!(err.contains(want), "missing {want} in:\n{err}");
    }
    let (p, _) = load(&plan);
    assert_eq!(p.cues.len(), 3);
    assert!(p.welfare.is_empty(), "never guessed");
}

#[test]
fn other_sheets_and_flags() {
    let dir = tempfile::tempdir().expect("tempdir");
    let xlsx = dir.path().join("s.xlsx");
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("说明").unwrap();
    ws.write_string(0, 0, "本表由运营填写").unwrap();
    let ws = book.add_worksheet();
    ws.set_name("流程").unwrap();
    for (c, h) in ["开始时间", "内容", "时长"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "21:00").unwrap();
    ws.write_string(1, 1, "开场").unwrap();
    ws.write_string(1, 2, "1小时").unwrap();
    book.save(&xlsx).unwrap();
    let (out, plan) = import(
        dir.path(),
        &xlsx,
        &["--start", "20:55", "--timezone", "Asia/Tokyo"],
    );
    ok(&out, "import");
    let (p, sched) = load(&plan);
    assert_eq!(p.session.timezone.name(), "Asia/Tokyo");
    assert_eq!(sched.start.format("%H:%M").to_string(), "20:55");
    assert_eq!(sched.cues[0].start.format("%H:%M").to_string(), "21:00");
    assert!(
        stderr(&out).contains("说明: not a sheet import knows"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn import_to_stdout_and_refusals() {
    let dir = tempfile::tempdir().expect("tempdir");
    let csv = dir.path().join("a.csv");
    std::fs::write(&csv, "time,title,duration\n20:00,Open,10m\n").unwrap();
    let out = run_in(dir.path(), &["import", csv.to_str().unwrap()]);
    ok(&out, "to stdout");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("title = \"Open\""), "{text}");
    // An existing -o is not overwritten without --force.
    let plan = dir.path().join("p.toml");
    std::fs::write(&plan, "keep").unwrap();
    let out = run_in(
        dir.path(),
        &[
            "import",
            csv.to_str().unwrap(),
            "-o",
            plan.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&plan).unwrap(), "keep");
    // No times anywhere and no --start: a clear error, exit 2.
    std::fs::write(&csv, "环节,话术\n开场,你好\n").unwrap();
    let out = run_in(dir.path(), &["import", csv.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--start"), "{}", stderr(&out));
}

/// Junk never panics: binary named .xlsx, a zip that is no workbook,
/// bytes that are neither UTF-8 nor GBK, an empty file, a directory.
#[test]
fn bad_input_is_a_message_not_a_crash() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut zip = b"PK\x03\x04".to_vec();
    zip.extend((0..3000u32).map(|i| (i * 7919 % 251) as u8));
    let mut xlsx = Vec::new();
    {
        let plan = root().join("plans/minimal.toml");
        let out = run_in(
            dir.path(),
            &["sheet", plan.to_str().unwrap(), "--format", "xlsx"],
        );
        xlsx.extend(out.stdout);
    }
    let truncated = xlsx[..xlsx.len() / 2].to_vec();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        (
            "junk.xlsx",
            (0..5000u32).map(|i| (i * 31 % 256) as u8).collect(),
        ),
        ("zip.xlsx", zip),
        ("cut.xlsx", truncated),
        ("bad.csv", vec![0x81, 0x20, 0xFF, 0xFE, 0x00, 0x41]),
        ("empty.csv", Vec::new()),
        ("nul.csv", b"a,b\0c\n".to_vec()),
    ];
    for (name, bytes) in cases {
        let f = dir.path().join(name);
        std::fs::write(&f, bytes).unwrap();
        let out = run_in(dir.path(), &["import", f.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2), "{name}: {}", stderr(&out));
        assert!(
            stderr(&out).starts_with("stagecall: "),
            "{name}: {}",
            stderr(&out)
        );
    }
    let out = run_in(dir.path(), &["import", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
}
