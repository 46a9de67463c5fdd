//! Spreadsheets out (issue 14): `sheet --format xlsx` and `report --format
//! xlsx` read back with calamine (a real reader), and every example plan
//! round-trips through `import`. Hand-made layouts coming in are in
//! `xlsx_import.rs`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use calamine::{Data, Reader};

use crate::util::{NOW, TZ, root, stagecall};

pub fn run_in(dir: &Path, args: &[&str]) -> Output {
    stagecall(args).dir(dir).output()
}

pub fn ok(out: &Output, what: &str) {
    assert_eq!(
        out.status.code(),
        Some(0),
        "{what}:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub fn env() -> stagecall::core::plan::Env {
    stagecall::core::plan::Env {
        now: NOW.parse().expect("NOW"),
        local_tz: TZ.parse().expect("TZ"),
    }
}

/// Loads a plan file that must check without errors.
pub fn load(
    path: &Path,
) -> (
    stagecall::core::plan::Plan,
    stagecall::core::schedule::Schedule,
) {
    let bytes = std::fs::read(path).expect("read plan");
    let c = stagecall::core::check(&path.display().to_string(), &bytes, &env());
    let errors: Vec<String> = c
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.message.clone())
        .collect();
    assert!(
        errors.is_empty(),
        "{} has errors: {errors:?}\n{}",
        path.display(),
        String::from_utf8_lossy(&bytes)
    );
    (c.plan.expect("plan"), c.schedule.expect("schedule"))
}

pub type Sheets = Vec<(String, Vec<Vec<Data>>)>;

pub fn read_xlsx(path: &Path) -> Sheets {
    let mut book = calamine::open_workbook_auto(path).expect("calamine opens the workbook");
    book.sheet_names()
        .into_iter()
        .map(|n| {
            let r = book.worksheet_range(&n).expect("sheet");
            let rows = r.rows().map(|row| row.to_vec()).collect();
            (n, rows)
        })
        .collect()
}

pub fn cell(sheets: &Sheets, sheet: &str, row: usize, col: usize) -> String {
    let rows = &sheets
        .iter()
        .find(|(n, _)| n == sheet)
        .unwrap_or_else(|| panic!("no sheet {sheet}"))
        .1;
    match rows.get(row).and_then(|r| r.get(col)) {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Float(f)) => f.to_string(),
        Some(Data::Int(i)) => i.to_string(),
        Some(Data::Empty) | None => String::new(),
        Some(other) => format!("{other:?}"),
    }
}

pub fn plans() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join("plans"))
        .expect("plans/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    v.sort();
    assert!(v.len() >= 3, "the example plans");
    v
}

#[test]
fn exported_run_sheet_reads_back_in_calamine() {
    let dir = tempfile::tempdir().expect("tempdir");
    let plan = root().join("plans/kuaishou-brand-4h.toml");
    let xlsx = dir.path().join("k.xlsx");
    let out = run_in(
        dir.path(),
        &[
            "sheet",
            plan.to_str().unwrap(),
            "--format",
            "xlsx",
            "--lang",
            "zh",
            "-o",
            xlsx.to_str().unwrap(),
        ],
    );
    ok(&out, "sheet --format xlsx");
    assert!(out.stdout.is_empty());
    let s = read_xlsx(&xlsx);
    let names: Vec<&str> = s.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["直播脚本", "货盘", "福利", "投放", "场次"]);
    // The header row, then the first cue.
    assert_eq!(cell(&s, "直播脚本", 0, 0), "时间");
    assert_eq!(cell(&s, "直播脚本", 0, 4), "环节");
    assert_eq!(cell(&s, "直播脚本", 0, 7), "话术");
    let (p, sched) = load(&plan);
    let rows = stagecall::core::timeline::rows(&p, &sched);
    // Row for row with the timeline: slot rows included.
    let script = &s.iter().find(|(n, _)| n == "直播脚本").unwrap().1;
    assert_eq!(script.len(), rows.len() + 1);
    let first_cue = rows.iter().position(|r| r.id == "open").unwrap() + 1;
    assert_eq!(cell(&s, "直播脚本", first_cue, 0), "19:00-19:03");
    assert_eq!(cell(&s, "直播脚本", first_cue, 1), "3m");
    assert_eq!(cell(&s, "直播脚本", first_cue, 2), "是");
    assert_eq!(cell(&s, "直播脚本", first_cue, 4), p.cues[0].title);
    let tasks = cell(&s, "直播脚本", first_cue, 8);
    assert!(tasks.lines().all(|l| l.starts_with("☐ ")), "{tasks}");
    assert!(tasks.contains("〔control: 大刘〕"), "{tasks}");
    // 货盘: prices are numbers.
    assert_eq!(cell(&s, "货盘", 0, 4), "SKU");
    assert_eq!(cell(&s, "货盘", 1, 4), "MY-YL-001");
    assert_eq!(cell(&s, "货盘", 1, 8), "9.9");
    assert_eq!(cell(&s, "场次", 1, 1), "棉语家纺 双11品牌专场");
    assert!(
        s.iter()
            .find(|(n, _)| n == "投放")
            .is_some_and(|(_, r)| r.len() > 1)
    );
}

#[test]
fn english_headers_with_lang_en() {
    let dir = tempfile::tempdir().expect("tempdir");
    let plan = root().join("plans/minimal.toml");
    let out = run_in(
        dir.path(),
        &[
            "sheet",
            plan.to_str().unwrap(),
            "--format",
            "xlsx",
            "--lang",
            "en",
        ],
    );
    ok(&out, "sheet --format xlsx to a pipe");
    let xlsx = dir.path().join("m.xlsx");
    std::fs::write(&xlsx, &out.stdout).unwrap();
    let s = read_xlsx(&xlsx);
    assert_eq!(s[0].0, "Run sheet");
    assert_eq!(cell(&s, "Run sheet", 0, 0), "Time");
    assert_eq!(cell(&s, "Run sheet", 1, 0), "20:00-20:10");
    assert_eq!(cell(&s, "Session", 3, 1), "2026-11-21");
}

/// Every example plan, in both languages: export, import, and the same
/// plan comes back (times, hard cues, products, welfare, scripts, tasks).
#[test]
fn every_example_plan_round_trips() {
    for plan in plans() {
        for lang in ["zh", "en"] {
            let dir = tempfile::tempdir().expect("tempdir");
            let xlsx = dir.path().join("sheet.xlsx");
            let back = dir.path().join("back.toml");
            let p = plan.to_str().unwrap();
            ok(
                &run_in(
                    dir.path(),
                    &[
                        "sheet",
                        p,
                        "--format",
                        "xlsx",
                        "--lang",
                        lang,
                        "-o",
                        xlsx.to_str().unwrap(),
                    ],
                ),
                "export",
            );
            let out = run_in(
                dir.path(),
                &[
                    "import",
                    xlsx.to_str().unwrap(),
                    "-o",
                    back.to_str().unwrap(),
                ],
            );
            ok(&out, "import");
            let err = stderr(&out);
            assert!(
                !err.contains("not mapped"),
                "{} ({lang}): our own workbook must map whole:\n{err}",
                plan.display()
            );
            // The sheet JSON (every row's times, products, welfare, tasks).
            let a = run_in(dir.path(), &["sheet", p, "--format", "json"]);
            let b = run_in(
                dir.path(),
                &["sheet", back.to_str().unwrap(), "--format", "json"],
            );
            ok(&b, "sheet of the imported plan");
            let (ja, jb): (serde_json::Value, serde_json::Value) = (
                serde_json::from_slice(&a.stdout).unwrap(),
                serde_json::from_slice(&b.stdout).unwrap(),
            );
            assert_eq!(ja, jb, "{} ({lang}): sheet JSON differs", plan.display());
            // And what the sheet JSON does not show.
            let ((pa, sa), (pb, sb)) = (load(&plan), load(&back));
            assert_eq!(pa.cues.len(), pb.cues.len());
            for (i, (ca, cb)) in pa.cues.iter().zip(&pb.cues).enumerate() {
                assert_eq!(ca.id, cb.id);
                assert_eq!(ca.title, cb.title);
                assert_eq!(ca.segment, cb.segment);
                assert_eq!(
                    ca.script.as_deref().map(str::trim_end),
                    cb.script.as_deref().map(str::trim_end),
                    "script of {}",
                    ca.id
                );
                assert_eq!(
                    stagecall::core::live::is_hard(&pa, i),
                    stagecall::core::live::is_hard(&pb, i),
                    "hard or floating: {}",
                    ca.id
                );
                assert_eq!(sa.cues[i], sb.cues[i]);
                assert_eq!(ca.checklist.len(), cb.checklist.len());
                for (ta, tb) in ca.checklist.iter().zip(&cb.checklist) {
                    assert_eq!((&ta.text, &ta.who, ta.at), (&tb.text, &tb.who, tb.at));
                }
            }
            let items = |p: &stagecall::core::plan::Plan| {
                p.items
                    .iter()
                    .map(|i| {
                        (
                            i.sku.clone(),
                            i.name.clone(),
                            i.list_price,
                            i.live_price,
                            i.stock,
                            i.limit,
                            i.pitch.clone(),
                            i.link,
                            p.groups[i.group].id.clone(),
                        )
                    })
                    .collect::<Vec<_>>()
            };
            assert_eq!(items(&pa), items(&pb));
            let welfare = |p: &stagecall::core::plan::Plan| {
                p.welfare
                    .iter()
                    .map(|w| {
                        (
                            w.id.clone(),
                            w.kind,
                            w.name.clone(),
                            w.quantity,
                            w.unit_cost,
                            w.rule.clone(),
                            w.trigger.clone(),
                            w.countdown,
                            w.limit,
                            w.sku,
                            w.price,
                        )
                    })
                    .collect::<Vec<_>>()
            };
            assert_eq!(welfare(&pa), welfare(&pb));
            assert_eq!(pa.crew, pb.crew);
            assert_eq!(pa.session.title, pb.session.title);
            assert_eq!(pa.session.hosts, pb.session.hosts);
            assert_eq!(pa.session.gmv_target, pb.session.gmv_target);
            assert_eq!(pa.session.platform, pb.session.platform);
            assert_eq!(sa.slots, sb.slots);
        }
    }
}

#[test]
fn report_as_xlsx() {
    let dir = tempfile::tempdir().expect("tempdir");
    let plan = dir.path().join("show.toml");
    std::fs::copy(root().join("plans/kuaishou-brand-4h.toml"), &plan).unwrap();
    let xlsx = dir.path().join("r.xlsx");
    let out = run_in(
        dir.path(),
        &[
            "report",
            plan.to_str().unwrap(),
            "--at",
            "20:30",
            "--format",
            "xlsx",
            "--lang",
            "zh",
            "-o",
            xlsx.to_str().unwrap(),
        ],
    );
    ok(&out, "report --format xlsx");
    let s = read_xlsx(&xlsx);
    let names: Vec<&str> = s.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "总结", "环节", "任务", "商品", "福利", "发放", "投放", "备注"
        ]
    );
    assert_eq!(cell(&s, "总结", 0, 0), "项目");
    assert_eq!(cell(&s, "总结", 1, 1), "棉语家纺 双11品牌专场");
    assert_eq!(cell(&s, "环节", 1, 0), "19:00");
    assert_eq!(cell(&s, "环节", 1, 3), "定点");
}

/// LibreOffice, a second real reader, converts the workbook to PDF.
#[test]
#[ignore = "needs libreoffice"]
fn libreoffice_converts_the_workbook_to_pdf() {
    let dir = tempfile::tempdir().expect("tempdir");
    let plan = root().join("plans/kuaishou-brand-4h.toml");
    let xlsx = dir.path().join("k.xlsx");
    ok(
        &run_in(
            dir.path(),
            &[
                "sheet",
                plan.to_str().unwrap(),
                "--format",
                "xlsx",
                "-o",
                xlsx.to_str().unwrap(),
            ],
        ),
        "export",
    );
    let out = Command::new("soffice")
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path())
        .arg(&xlsx)
        .output()
        .expect("soffice is installed");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pdf = std::fs::read(dir.path().join("k.pdf")).expect("the PDF");
    assert!(pdf.starts_with(b"%PDF"));
}
