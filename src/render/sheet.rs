//! The computed run sheet in four formats: an aligned table for the
//! terminal, Markdown for chat and wikis, CSV for spreadsheets, and JSON, a
//! machine contract: `{"session": {...}, "rows": [...]}` with RFC 3339
//! instants in the session's UTC offset.

use serde::Serialize;

use stagecall_core::plan::Plan;
use stagecall_core::plan::time::{DayClock, format_duration};
use stagecall_core::report::{SessionInfo, rfc3339};
use stagecall_core::schedule::{Schedule, ShowTime};
use stagecall_core::timeline::{self, Row, RowKind};

use super::text::{csv_field, md_text, pad, sanitize, width};

#[derive(Debug, Serialize)]
pub struct SheetJson {
    pub session: SessionInfo,
    pub rows: Vec<RowJson>,
}

#[derive(Debug, Serialize)]
pub struct RowJson {
    pub kind: &'static str,
    pub id: String,
    pub title: String,
    pub segment: Option<String>,
    pub start: String,
    pub end: String,
    pub items: Vec<ItemJson>,
    pub welfare: Vec<WelfareJson>,
    pub tasks: Vec<TaskJson>,
}

#[derive(Debug, Serialize)]
pub struct ItemJson {
    pub sku: String,
    pub name: String,
    pub live_price: Option<f64>,
    pub list_price: Option<f64>,
    pub stock: Option<u64>,
}

#[derive(Debug, Serialize)]
pub struct WelfareJson {
    pub id: String,
    pub kind: String,
    pub name: String,
    pub quantity: Option<u64>,
}

#[derive(Debug, Serialize)]
pub struct TaskJson {
    pub task: String,
    pub who: Option<String>,
    pub at: Option<String>,
}

pub fn to_json(plan: &Plan, sched: &Schedule) -> SheetJson {
    let rows = timeline::rows(plan, sched)
        .iter()
        .map(|r| {
            let cue = (r.kind == RowKind::Cue).then(|| &plan.cues[r.index]);
            RowJson {
                kind: r.kind.key(),
                id: r.id.clone(),
                title: r.title.clone(),
                segment: cue.and_then(|c| c.segment.clone()),
                start: rfc3339(r.start),
                end: rfc3339(r.end),
                items: cue.map_or_else(Vec::new, |c| {
                    c.items
                        .iter()
                        .map(|&i| {
                            let it = &plan.items[i];
                            ItemJson {
                                sku: it.sku.clone(),
                                name: it.name.clone(),
                                live_price: it.live_price.map(|m| m.units()),
                                list_price: it.list_price.map(|m| m.units()),
                                stock: it.stock,
                            }
                        })
                        .collect()
                }),
                welfare: cue.map_or_else(Vec::new, |c| {
                    c.welfare
                        .iter()
                        .map(|&w| {
                            let w = &plan.welfare[w];
                            WelfareJson {
                                id: w.id.clone(),
                                kind: w.kind.key().into(),
                                name: w.name.clone(),
                                quantity: w.quantity,
                            }
                        })
                        .collect()
                }),
                tasks: r
                    .tasks
                    .iter()
                    .map(|t| TaskJson {
                        task: t.text.clone(),
                        who: t.who.clone(),
                        at: t.at.map(rfc3339),
                    })
                    .collect(),
            }
        })
        .collect();
    SheetJson {
        session: SessionInfo::new(plan, sched),
        rows,
    }
}

/// "20:05", or "20:05 +1d" on a later calendar day than the session's.
fn clock(plan: &Plan, t: ShowTime) -> String {
    DayClock::new(&t, plan.session.date).to_string()
}

/// A price tag in the session's currency: "¥9.9", "$19", "EUR 5".
pub(crate) fn price(plan: &Plan, m: stagecall_core::plan::Money) -> String {
    money(&plan.session.currency, m)
}

/// An amount in `currency`: "¥9.9", "$19", "EUR 5".
pub(crate) fn money(currency: &str, m: stagecall_core::plan::Money) -> String {
    match currency {
        "CNY" | "RMB" | "JPY" => format!("¥{m}"),
        "USD" | "CAD" | "AUD" | "HKD" | "SGD" | "TWD" => format!("${m}"),
        "EUR" => format!("€{m}"),
        "GBP" => format!("£{m}"),
        code => format!("{code} {m}"),
    }
}

fn products(plan: &Plan, row: &Row) -> String {
    if row.kind != RowKind::Cue {
        return String::new();
    }
    plan.cues[row.index]
        .items
        .iter()
        .map(|&i| {
            let it = &plan.items[i];
            match it.live_price {
                Some(p) => format!("{} {}", it.sku, price(plan, p)),
                None => it.sku.clone(),
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn welfare(plan: &Plan, row: &Row) -> String {
    welfare_labels(plan, row).join(", ")
}

/// Each welfare action of a cue row: "福袋 开场福袋 ×100".
pub(crate) fn welfare_labels(plan: &Plan, row: &Row) -> Vec<String> {
    if row.kind != RowKind::Cue {
        return Vec::new();
    }
    plan.cues[row.index]
        .welfare
        .iter()
        .map(|&w| {
            let w = &plan.welfare[w];
            match w.quantity {
                Some(q) => format!("{} {} ×{q}", w.kind.zh(), w.name),
                None => format!("{} {}", w.kind.zh(), w.name),
            }
        })
        .collect()
}

/// A task's owner: "control: 大刘" when the crew names the role.
pub(crate) fn task_who(plan: &Plan, t: &timeline::RowTask) -> Option<String> {
    let who = t.who.as_ref()?;
    Some(match plan.crew_member(who) {
        Some(person) => format!("{who}: {person}"),
        None => who.clone(),
    })
}

fn task_line(plan: &Plan, t: &timeline::RowTask) -> String {
    let mut s = t.text.clone();
    let mut meta = Vec::new();
    if let Some(who) = task_who(plan, t) {
        meta.push(who);
    }
    if let Some(at) = t.at {
        meta.push(clock(plan, at));
    }
    if !meta.is_empty() {
        s.push_str(&format!(" ({})", meta.join(", ")));
    }
    s
}

pub(crate) fn segment(plan: &Plan, row: &Row) -> String {
    if row.kind == RowKind::Cue {
        plan.cues[row.index].segment.clone().unwrap_or_default()
    } else {
        String::new()
    }
}

/// The aligned terminal table: one line per row, its tasks indented below.
pub fn table(plan: &Plan, sched: &Schedule) -> String {
    let rows = timeline::rows(plan, sched);
    let s = &plan.session;
    let mut out = format!(
        "{}  {}  {}–{} {} ({})\n\n",
        sanitize(&s.title),
        s.date,
        sched.start.format("%H:%M"),
        clock(plan, sched.end),
        s.timezone.name(),
        format_duration(sched.length())
    );
    // Slot rows have nothing after their title, so only cue titles set the
    // column width and slot titles are never cut (their id and budget are at
    // the end).
    let title_w = rows
        .iter()
        .filter(|r| r.kind == RowKind::Cue)
        .map(|r| width(&sanitize(&r.title)))
        .max()
        .unwrap_or(0)
        .clamp(8, 36);
    let seg_w = rows
        .iter()
        .map(|r| width(&segment(plan, r)))
        .max()
        .unwrap_or(0)
        .min(12);
    let time_w = 11;
    let hm = |t: ShowTime| t.format("%H:%M").to_string();
    let mut day = plan.session.date;
    for r in &rows {
        // A day line where the show crosses midnight keeps the times short.
        if r.start.date_naive() != day {
            day = r.start.date_naive();
            out.push_str(&format!(
                "── {} ({:+}d) ──\n",
                day,
                (day - plan.session.date).num_days()
            ));
        }
        let time = if r.kind == RowKind::Cue {
            format!("{}–{}", hm(r.start), hm(r.end))
        } else {
            hm(r.start)
        };
        let dur = if r.kind == RowKind::Cue {
            format_duration(r.end - r.start)
        } else {
            String::new()
        };
        let marker = match r.kind {
            RowKind::Cue => "  ",
            RowKind::SlotStart => "▶ ",
            RowKind::SlotEnd => "■ ",
        };
        let mut line = format!(
            "{}  {} {}{}  {}  {}  {}",
            pad(&time, time_w),
            pad(&dur, 6),
            marker,
            if r.kind == RowKind::Cue {
                pad(&sanitize(&r.title), title_w)
            } else {
                sanitize(&r.title)
            },
            pad(&sanitize(&segment(plan, r)), seg_w),
            sanitize(&products(plan, r)),
            sanitize(&welfare(plan, r)),
        );
        line.truncate(line.trim_end().len());
        out.push_str(&line);
        out.push('\n');
        // Slot rows too: their 开启 / 关闭 task is the ads buyer's checkbox.
        for t in &r.tasks {
            out.push_str(&format!(
                "{}☐ {}\n",
                " ".repeat(time_w + 11),
                sanitize(&task_line(plan, t))
            ));
        }
    }
    out
}

fn md_cell(s: &str) -> String {
    md_text(s)
}

pub fn markdown(plan: &Plan, sched: &Schedule) -> String {
    let s = &plan.session;
    let mut out = format!(
        "# {}\n\n{} {}–{} ({}, {})\n\n| 时间 Time | 时长 Dur | 内容 Title | 板块 Segment | 商品 Products | 福利 Welfare | 任务 Tasks |\n|---|---|---|---|---|---|---|\n",
        md_cell(&s.title),
        s.date,
        sched.start.format("%H:%M"),
        clock(plan, sched.end),
        s.timezone.name(),
        format_duration(sched.length())
    );
    for r in timeline::rows(plan, sched) {
        let time = if r.kind == RowKind::Cue {
            format!("{}–{}", clock(plan, r.start), clock(plan, r.end))
        } else {
            clock(plan, r.start)
        };
        let dur = if r.kind == RowKind::Cue {
            format_duration(r.end - r.start)
        } else {
            String::new()
        };
        let title = if r.kind == RowKind::Cue {
            md_cell(&r.title)
        } else {
            format!("*{}*", md_cell(&r.title))
        };
        let tasks = r
            .tasks
            .iter()
            .map(|t| format!("☐ {}", md_cell(&task_line(plan, t))))
            .collect::<Vec<_>>()
            .join("<br>");
        out.push_str(&format!(
            "| {time} | {dur} | {title} | {} | {} | {} | {tasks} |\n",
            md_cell(&segment(plan, &r)),
            md_cell(&products(plan, &r)),
            md_cell(&welfare(plan, &r))
        ));
    }
    out
}

pub fn csv(plan: &Plan, sched: &Schedule) -> String {
    let mut out =
        String::from("kind,id,start,end,duration,title,segment,products,welfare,tasks\r\n");
    for r in timeline::rows(plan, sched) {
        let tasks = r
            .tasks
            .iter()
            .map(|t| task_line(plan, t))
            .collect::<Vec<_>>()
            .join("\n");
        let fields = [
            r.kind.key().to_string(),
            r.id.clone(),
            rfc3339(r.start),
            rfc3339(r.end),
            format_duration(r.end - r.start),
            r.title.clone(),
            segment(plan, &r),
            products(plan, &r),
            welfare(plan, &r),
            tasks,
        ];
        out.push_str(
            &fields
                .iter()
                .map(|f| csv_field(f))
                .collect::<Vec<_>>()
                .join(","),
        );
        out.push_str("\r\n");
    }
    out
}
