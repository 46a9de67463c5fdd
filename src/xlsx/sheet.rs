//! `sheet --format xlsx`: the run sheet as a workbook of five sheets,
//! 直播脚本 (one row per cue and traffic-slot row), 货盘, 福利, 投放 and
//! 场次. Cells are written so `stagecall import` reads them back into the
//! same plan: a task line is `☐ TEXT 〔ROLE: PERSON · AT〕`, a product line
//! starts with its SKU, a welfare line is `KIND NAME ×QTY`.

use stagecall_core::plan::time::{TimeSpec, format_duration};
use stagecall_core::plan::{Plan, SessionEnd, TaskAt};
use stagecall_core::schedule::{Schedule, ShowTime};
use stagecall_core::timeline::{self, RowKind};

use super::{Cell, Col, Lang, Table};
use crate::import::aliases::{self as a, Field};

/// "20:05", "20:05:30".
pub fn clock(t: chrono::NaiveTime) -> String {
    use chrono::Timelike;
    if t.second() == 0 {
        t.format("%H:%M").to_string()
    } else {
        t.format("%H:%M:%S").to_string()
    }
}

fn at(t: ShowTime) -> String {
    clock(t.time())
}

/// A written time as a plan writes it.
pub fn time_spec(spec: TimeSpec) -> String {
    match spec {
        TimeSpec::Clock(t) => clock(t),
        TimeSpec::Offset(d) => format!("+{}", format_duration(d)),
        TimeSpec::Before(d) => format!("-{}", format_duration(d)),
        TimeSpec::Local(dt) => dt.format("%Y-%m-%dT%H:%M:%S").to_string(),
    }
}

/// A task's `at` as written: "+1m" counts from the cue's start.
pub fn task_at(t: TaskAt) -> String {
    match t {
        TaskAt::Offset(d) => format!("+{}", format_duration(d)),
        TaskAt::Clock(spec) => time_spec(spec),
    }
}

/// The bracket that ends a task line: `〔ads: 小周 · +1m〕`.
pub const META_OPEN: char = '〔';
pub const META_CLOSE: char = '〕';

/// One task as a line of the tasks cell.
pub fn task_line(plan: &Plan, text: &str, who: Option<&str>, at: Option<String>) -> String {
    let mut meta = Vec::new();
    if let Some(who) = who {
        meta.push(match plan.crew_member(who) {
            Some(p) => format!("{who}: {p}"),
            None => who.to_string(),
        });
    }
    meta.extend(at);
    let mut s = format!("☐ {text}");
    if !meta.is_empty() || text.ends_with(META_CLOSE) {
        s.push_str(&format!(" {META_OPEN}{}{META_CLOSE}", meta.join(" · ")));
    }
    s
}

/// A welfare item's name is ambiguous when another has the same one: its
/// line then carries `#id`.
fn welfare_line(plan: &Plan, w: usize) -> String {
    let it = &plan.welfare[w];
    let mut s = format!("{} {}", it.kind.zh(), it.name);
    if let Some(q) = it.quantity {
        s.push_str(&format!(" ×{q}"));
    }
    if plan.welfare.iter().filter(|o| o.name == it.name).count() > 1 {
        s.push_str(&format!(" #{}", it.id));
    }
    s
}

fn product_line(plan: &Plan, i: usize) -> String {
    let it = &plan.items[i];
    let mut s = it.sku.clone();
    if let Some(n) = it.link {
        s.push_str(&format!(" {n}号链接"));
    }
    s.push_str(&format!(" {}", it.name));
    if let Some(p) = it.live_price {
        s.push_str(&format!(" {}", crate::render::sheet::price(plan, p)));
    }
    s
}

fn col(f: &Field, lang: Lang, wrap: bool) -> Col {
    if wrap {
        Col::wrapped(f.header(lang))
    } else {
        Col::new(f.header(lang))
    }
}

fn field(fields: &'static [Field], key: &str) -> &'static Field {
    // Keys are this module's own constants.
    fields.iter().find(|f| f.key == key).unwrap_or(&fields[0])
}

fn cols(fields: &'static [Field], keys: &[(&str, bool)], lang: Lang) -> Vec<Col> {
    keys.iter()
        .map(|(k, wrap)| col(field(fields, k), lang, *wrap))
        .collect()
}

/// The run sheet's table.
pub fn script_table(plan: &Plan, sched: &Schedule, lang: Lang) -> Table {
    let keys = [
        ("time", false),
        ("duration", false),
        ("fixed", false),
        ("segment", false),
        ("title", true),
        ("products", true),
        ("welfare", true),
        ("script", true),
        ("tasks", true),
        ("kind", false),
        ("id", false),
    ];
    let mut rows = Vec::new();
    for r in timeline::rows(plan, sched) {
        let cue = (r.kind == RowKind::Cue).then(|| &plan.cues[r.index]);
        let time = match r.kind {
            RowKind::Cue => format!("{}-{}", at(r.start), at(r.end)),
            _ => at(r.start),
        };
        let tasks = r
            .tasks
            .iter()
            .map(|t| {
                let when = match t.origin {
                    timeline::TaskOrigin::Written => cue
                        .and_then(|c| c.checklist.iter().find(|w| w.text == t.text))
                        .and_then(|w| w.at)
                        .map(task_at),
                    _ => None,
                };
                task_line(plan, &t.text, t.who.as_deref(), when)
            })
            .collect::<Vec<_>>()
            .join("\n");
        let kind = match r.kind {
            RowKind::Cue => lang.pick("环节", "cue"),
            RowKind::SlotStart => lang.pick("投放开始", "slot start"),
            RowKind::SlotEnd => lang.pick("投放结束", "slot end"),
        };
        let hard = cue.is_some_and(|c| c.at.is_some());
        rows.push(vec![
            Cell::text(time),
            match r.kind {
                RowKind::Cue => Cell::text(format_duration(r.end - r.start)),
                _ => Cell::Empty,
            },
            Cell::text(if hard { lang.pick("是", "yes") } else { "" }),
            Cell::text(cue.and_then(|c| c.segment.clone()).unwrap_or_default()),
            Cell::text(r.title.clone()),
            Cell::text(cue.map_or_else(String::new, |c| {
                c.items
                    .iter()
                    .map(|&i| product_line(plan, i))
                    .collect::<Vec<_>>()
                    .join("\n")
            })),
            Cell::text(cue.map_or_else(String::new, |c| {
                c.welfare
                    .iter()
                    .map(|&w| welfare_line(plan, w))
                    .collect::<Vec<_>>()
                    .join("\n")
            })),
            Cell::text(cue.and_then(|c| c.script.clone()).unwrap_or_default()),
            Cell::text(tasks),
            Cell::text(kind),
            Cell::text(r.id.clone()),
        ]);
    }
    Table {
        name: lang.pick(a::SHEET_SCRIPT.0, a::SHEET_SCRIPT.1).into(),
        cols: cols(a::SCRIPT, &keys, lang),
        rows,
    }
}

pub fn products_table(plan: &Plan, lang: Lang) -> Table {
    let keys = [
        ("group_id", false),
        ("group", false),
        ("role", false),
        ("audience", false),
        ("sku", false),
        ("name", true),
        ("link", false),
        ("list_price", false),
        ("live_price", false),
        ("stock", false),
        ("limit", false),
        ("pitch", true),
    ];
    let rows = plan
        .items
        .iter()
        .map(|it| {
            let g = &plan.groups[it.group];
            let term = |key: &str, zh: &str| match lang {
                Lang::Zh => zh.to_string(),
                Lang::En => key.to_string(),
            };
            vec![
                Cell::text(g.id.clone()),
                Cell::text(g.name.clone()),
                Cell::text(g.role.map_or_else(String::new, |r| term(r.key(), r.zh()))),
                Cell::text(term(g.audience.key(), g.audience.zh())),
                Cell::text(it.sku.clone()),
                Cell::text(it.name.clone()),
                Cell::opt_int(it.link.map(u64::from)),
                Cell::opt_num(it.list_price.map(|m| m.units())),
                Cell::opt_num(it.live_price.map(|m| m.units())),
                Cell::opt_int(it.stock),
                Cell::opt_int(it.limit),
                Cell::text(it.pitch.join("\n")),
            ]
        })
        .collect();
    Table {
        name: lang.pick(a::SHEET_PRODUCTS.0, a::SHEET_PRODUCTS.1).into(),
        cols: cols(a::PRODUCTS, &keys, lang),
        rows,
    }
}

pub fn welfare_table(plan: &Plan, lang: Lang) -> Table {
    let keys = [
        ("id", false),
        ("kind", false),
        ("name", true),
        ("quantity", false),
        ("unit_cost", false),
        ("rule", true),
        ("trigger", true),
        ("countdown", false),
        ("limit", false),
        ("sku", false),
        ("price", false),
    ];
    let rows = plan
        .welfare
        .iter()
        .map(|w| {
            vec![
                Cell::text(w.id.clone()),
                Cell::text(match lang {
                    Lang::Zh => w.kind.zh(),
                    Lang::En => w.kind.key(),
                }),
                Cell::text(w.name.clone()),
                Cell::opt_int(w.quantity),
                Cell::opt_num(w.unit_cost.map(|m| m.units())),
                Cell::text(w.rule.clone().unwrap_or_default()),
                Cell::text(w.trigger.clone().unwrap_or_default()),
                Cell::text(w.countdown.map(format_duration).unwrap_or_default()),
                Cell::opt_int(w.limit),
                Cell::text(w.sku.map(|i| plan.items[i].sku.clone()).unwrap_or_default()),
                Cell::opt_num(w.price.map(|m| m.units())),
            ]
        })
        .collect();
    Table {
        name: lang.pick(a::SHEET_WELFARE.0, a::SHEET_WELFARE.1).into(),
        cols: cols(a::WELFARE, &keys, lang),
        rows,
    }
}

pub fn traffic_table(plan: &Plan, sched: &Schedule, lang: Lang) -> Table {
    let keys = [
        ("id", false),
        ("from", false),
        ("to", false),
        ("channel", false),
        ("budget", false),
        ("audience", true),
        ("roi_target", false),
    ];
    let rows = plan
        .traffic
        .iter()
        .flat_map(|t| t.slots.iter().zip(&sched.slots))
        .map(|(s, iv)| {
            vec![
                Cell::text(s.id.clone()),
                Cell::text(at(iv.start)),
                Cell::text(at(iv.end)),
                Cell::text(s.channel.clone().unwrap_or_default()),
                Cell::opt_num(s.budget.map(|m| m.units())),
                Cell::text(s.audience.clone().unwrap_or_default()),
                Cell::opt_num(s.roi_target),
            ]
        })
        .collect();
    Table {
        name: lang.pick(a::SHEET_TRAFFIC.0, a::SHEET_TRAFFIC.1).into(),
        cols: cols(a::TRAFFIC, &keys, lang),
        rows,
    }
}

pub fn session_table(plan: &Plan, lang: Lang) -> Table {
    let s = &plan.session;
    let f = |k: &str| Cell::text(field(a::SESSION, k).header(lang));
    let mut rows = vec![
        vec![f("title"), Cell::text(s.title.clone())],
        vec![
            f("platform"),
            Cell::text(s.platform.map(|p| p.key()).unwrap_or_default()),
        ],
        vec![f("date"), Cell::text(s.date.to_string())],
        vec![f("start"), Cell::text(clock(s.start))],
    ];
    rows.push(match s.end {
        SessionEnd::Clock(t) => vec![f("end"), Cell::text(clock(t))],
        SessionEnd::Duration(d) => vec![f("duration"), Cell::text(format_duration(d))],
    });
    rows.push(vec![f("timezone"), Cell::text(s.timezone.name())]);
    rows.push(vec![f("hosts"), Cell::text(s.hosts.join("、"))]);
    rows.push(vec![
        f("gmv_target"),
        Cell::opt_num(s.gmv_target.map(|m| m.units())),
    ]);
    rows.push(vec![f("currency"), Cell::text(s.currency.clone())]);
    rows.push(vec![f("advance"), Cell::text(s.advance.key())]);
    if let Some(t) = &plan.traffic {
        rows.push(vec![
            f("traffic_budget"),
            Cell::opt_num(t.budget.map(|m| m.units())),
        ]);
    }
    let prefix = lang.pick(a::CREW_PREFIX.0, a::CREW_PREFIX.1);
    for (role, who) in plan.crew.iter().flatten() {
        rows.push(vec![
            Cell::text(format!("{prefix} {role}")),
            Cell::text(who.clone()),
        ]);
    }
    Table {
        name: lang.pick(a::SHEET_SESSION.0, a::SHEET_SESSION.1).into(),
        cols: vec![
            Col::new(lang.pick(a::SESSION_FIELD.0, a::SESSION_FIELD.1)),
            Col::wrapped(lang.pick(a::SESSION_VALUE.0, a::SESSION_VALUE.1)),
        ],
        rows,
    }
}

/// The whole workbook.
pub fn workbook(
    plan: &Plan,
    sched: &Schedule,
    lang: Lang,
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    super::workbook(&[
        script_table(plan, sched, lang),
        products_table(plan, lang),
        welfare_table(plan, lang),
        traffic_table(plan, sched, lang),
        session_table(plan, lang),
    ])
}
