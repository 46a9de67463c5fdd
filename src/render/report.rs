//! The post-show report as Markdown (to commit next to the plan) and CSV
//! (one row per task, for spreadsheets). JSON is the core's `Report` as is.

use stagecall_core::plan::time::format_duration;
use stagecall_core::report::{Report, TaskReport};

use super::figures::{self as fig, ABSENT};
use super::text::{csv_field, md_text};

/// `HH:MM` of an RFC 3339 instant, read as one (not sliced).
fn hm(rfc: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(rfc)
        .map(|t| t.format("%H:%M").to_string())
        .unwrap_or_else(|_| rfc.to_string())
}

/// `MM-DD HH:MM` of an RFC 3339 instant.
fn day_hm(rfc: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(rfc)
        .map(|t| t.format("%m-%d %H:%M").to_string())
        .unwrap_or_else(|_| rfc.to_string())
}

/// The first line of a review read from a rehearsal log.
pub const REHEARSAL_LINE: &str = "REHEARSAL 彩排: this review was read from the rehearsal log (a simulated clock), not the live show.";

fn started_by(c: &stagecall_core::report::CueReport) -> &'static str {
    use stagecall_core::live::{CueState, StartedBy};
    match (c.state, c.started_by) {
        (CueState::NotAired, _) => "not aired 未播",
        (CueState::Cut, _) => "cut 将跳过",
        (CueState::Upcoming, _) => "upcoming 未开始",
        (_, Some(StartedBy::Go)) => "GO",
        (_, Some(StartedBy::Hard)) => "fixed 定点",
        (_, Some(StartedBy::Auto)) => "auto 自动接续",
        (_, None) => "",
    }
}

fn signed(secs: i64) -> String {
    let d = chrono::Duration::seconds(secs.abs());
    match secs {
        0 => "±0".into(),
        s if s > 0 => format!("+{}", format_duration(d)),
        _ => format!("-{}", format_duration(d)),
    }
}

fn mark(t: &TaskReport) -> &'static str {
    match t.state {
        "done" => "x",
        "skipped" => "~",
        "missed" => "!",
        _ => " ",
    }
}

fn cell(s: &str) -> String {
    md_text(s)
}

/// An amount in the session's currency (plan text: made inert), or "—".
fn amt(currency: &str, v: Option<f64>) -> String {
    cell(&fig::amount(currency, v))
}

pub fn markdown(r: &Report) -> String {
    let s = &r.session;
    let m = &r.summary;
    let mut out = String::new();
    if r.rehearsal {
        out.push_str(&format!("> {REHEARSAL_LINE}\n\n"));
    }
    out.push_str(&format!(
        "# 复盘 Review: {}\n\n{} {}–{} ({})\n\n",
        cell(&s.title),
        s.date,
        hm(&s.start),
        hm(&s.end),
        s.timezone
    ));
    out.push_str("## Summary 总结\n\n");
    out.push_str(&format!(
        "- Cues on time 准点: {} of {} started ({} planned)\n",
        m.cues_on_time, m.cues_started, m.cues
    ));
    if m.cues_not_aired > 0 {
        out.push_str(&format!("- Not aired 未播: {} cues\n", m.cues_not_aired));
    }
    out.push_str(&format!(
        "- Tasks 待办 (cues that aired): {} done, {} skipped, {} missed, {} open\n",
        m.tasks_done, m.tasks_skipped, m.tasks_missed, m.tasks_open
    ));
    out.push_str(&format!(
        "- Show end vs plan 下播对比计划: {}\n",
        signed(m.total_delay_seconds)
    ));
    out.push_str(&format!(
        "- Welfare releases 福利发放: {}\n",
        m.welfare_releases
    ));
    if !m.sold_out.is_empty() {
        let skus: Vec<String> = m.sold_out.iter().map(|s| cell(s)).collect();
        out.push_str(&format!("- Sold out 售罄: {}\n", skus.join(", ")));
    }
    out.push_str(&totals_md(r));
    out.push_str("\n## Run sheet 直播脚本\n\n| Planned | Actual | Over/under | Started by | Held | Cue | Tasks |\n|---|---|---|---|---|---|---|\n");
    for c in &r.cues {
        let actual = c.actual_start.as_deref().map_or("—".to_string(), hm);
        let ou = c.over_under_seconds.map_or("—".to_string(), signed);
        let held = if c.held_seconds == 0 {
            String::new()
        } else {
            signed(c.held_seconds)
        };
        let tasks = c.tasks.iter().map(task_md).collect::<Vec<_>>().join("<br>");
        out.push_str(&format!(
            "| {} | {actual} | {ou} | {} | {held} | {} | {tasks} |\n",
            hm(&c.planned_start),
            started_by(c),
            cell(&c.title)
        ));
    }
    out.push_str(&numbers_md(r));
    if !r.holds.is_empty() {
        out.push_str("\n## Holds 加减时\n\n");
        for h in &r.holds {
            let cue = h.cue.as_deref().map_or("(none)".to_string(), cell);
            out.push_str(&format!(
                "- {} {} → {cue} (moved {})\n",
                hm(&h.at),
                signed(h.asked_seconds),
                signed(h.moved_seconds)
            ));
        }
    }
    if !r.slots.is_empty() {
        out.push_str("\n## Traffic 投放\n\n| Slot | Channel | Window | Budget | Spend 消耗 | GMV | ROI | ROI target | Switches |\n|---|---|---|---|---|---|---|---|---|\n");
        for sl in &r.slots {
            let tasks = sl
                .tasks
                .iter()
                .map(task_md)
                .collect::<Vec<_>>()
                .join("<br>");
            let cur = &r.session.currency;
            out.push_str(&format!(
                "| {} | {} | {}–{} | {} | {} | {} | {} | {} | {tasks} |\n",
                cell(&sl.id),
                cell(sl.channel.as_deref().unwrap_or("")),
                hm(&sl.from),
                hm(&sl.to),
                sl.budget.map_or(String::new(), |b| b.to_string()),
                amt(cur, sl.numbers.spend),
                amt(cur, sl.numbers.gmv),
                roi_md(sl.numbers.roi, sl.numbers.roi_met),
                sl.roi_target.map_or(String::new(), |x| x.to_string())
            ));
        }
    }
    if !r.welfare.is_empty() {
        out.push_str("\n## Welfare 福利\n\n| Welfare | Kind | Planned | Released | At | At most 最多成本 |\n|---|---|---|---|---|---|\n");
        for w in &r.welfare {
            let at = w
                .released_at
                .iter()
                .map(|t| hm(t))
                .collect::<Vec<String>>()
                .join(", ");
            out.push_str(&format!(
                "| {} | {} | {} | {} | {at} | {} |\n",
                cell(&w.name),
                cell(&w.kind),
                w.planned_releases,
                w.released,
                w.planned_cost.map_or(String::new(), |c| c.to_string())
            ));
        }
    }
    if r.warmups.iter().any(|w| !w.tasks.is_empty()) {
        out.push_str("\n## Warm-up 预热\n\n");
        for w in &r.warmups {
            out.push_str(&format!("- {} ({})\n", cell(&w.title), day_hm(&w.at)));
            for t in &w.tasks {
                out.push_str(&format!("  - [{}] {}\n", mark(t), cell(&t.task)));
            }
        }
    }
    if !r.orphaned.is_empty() {
        out.push_str("\n## Orphaned state 失效记录\n\nState recorded for tasks the plan no longer has (renamed or removed after they were marked):\n\n");
        for o in &r.orphaned {
            out.push_str(&format!(
                "- `{}` / {} — {} at {}\n",
                cell(&o.cue),
                cell(&o.task),
                o.state,
                hm(&o.at)
            ));
        }
    }
    if !r.notes.is_empty() {
        out.push_str("\n## Notes 备注\n\n");
        for n in &r.notes {
            out.push_str(&format!("- {} {}\n", hm(&n.at), cell(&n.text)));
        }
    }
    if !r.warnings.is_empty() {
        out.push_str("\n## Log warnings\n\n");
        for w in &r.warnings {
            out.push_str(&format!("- {}\n", cell(w)));
        }
    }
    out
}

/// ROI with a mark for under target: "2.40", "1.50 ✗".
fn roi_md(roi: Option<f64>, met: Option<bool>) -> String {
    match met {
        Some(false) => format!("{} ✗", fig::ratio(roi)),
        _ => fig::ratio(roi),
    }
}

/// The summary's figures: GMV against target, orders, online peak, spend.
fn totals_md(r: &Report) -> String {
    let t = &r.summary.totals;
    let cur = &r.session.currency;
    if t.readings == 0 {
        return format!(
            "- GMV 成交额: {} (no readings of the live numbers in the log 日志中没有数据记录)\n",
            amt(cur, Some(t.gmv))
        );
    }
    let target = match (r.session.gmv_target, t.gmv_target_share) {
        (Some(g), Some(share)) => format!(
            " of {} target 目标 ({})",
            amt(cur, Some(g)),
            fig::pct(Some(share))
        ),
        _ => String::new(),
    };
    format!(
        "- GMV 成交额: {}{target}\n- Orders 订单: {} · Online peak 在线峰值: {} · Spend 投放消耗: {}\n",
        amt(cur, Some(t.gmv)),
        fig::count(t.orders),
        fig::count(t.online_peak),
        amt(cur, t.spend)
    )
}

/// The numbers: per cue that aired, per SKU, per welfare release.
fn numbers_md(r: &Report) -> String {
    use stagecall_core::live::CueState;
    if r.summary.totals.readings == 0 {
        return String::new();
    }
    let cur = &r.session.currency;
    let mut out = String::from(
        "\n## Numbers 数据\n\nOnline average is time-weighted (each reading stands until the next); \"after\" a release is the online 5 minutes later. 平均在线按时长加权；发放后在线取发放后 5 分钟的读数。\n\n| Cue | On air | GMV | Orders 订单 | Online peak 峰值 | Online avg 平均 | GMV/min 每分钟 |\n|---|---|---|---|---|---|---|\n",
    );
    for c in r
        .cues
        .iter()
        .filter(|c| matches!(c.state, CueState::Done | CueState::OnAir))
    {
        let n = &c.numbers;
        let end = c.actual_end.as_deref().map_or("…".to_string(), hm);
        out.push_str(&format!(
            "| {} | {}–{end} | {} | {} | {} | {} | {} |\n",
            cell(&c.title),
            c.actual_start.as_deref().map_or(ABSENT.to_string(), hm),
            amt(cur, n.gmv),
            n.orders
                .map_or(ABSENT.to_string(), |o| fig::signed_count(o, false)),
            fig::count(n.online_peak),
            fig::count(n.online_avg),
            amt(cur, n.gmv_per_min)
        ));
    }
    if !r.products.is_empty() {
        out.push_str("\n### Products 商品\n\n| SKU | Product | Stock 库存 | Sold 已售 | Sell-through 售罄率 | Sold out 售罄时间 |\n|---|---|---|---|---|---|\n");
        for p in &r.products {
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} | {} |\n",
                cell(&p.sku),
                cell(&p.name),
                fig::count(p.stock),
                fig::count(p.sold),
                fig::pct(p.sell_through),
                p.sold_out_at.as_deref().map_or(ABSENT.to_string(), hm)
            ));
        }
    }
    let releases = r.releases_in_order();
    if !releases.is_empty() {
        out.push_str("\n### Did the welfare hold the audience? 福利留人\n\n| Released | Welfare | Online before 发放前 | Online after 5 min 后 | Change 变化 |\n|---|---|---|---|---|\n");
        for (w, x) in releases {
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} |\n",
                hm(&x.at),
                cell(&w.name),
                fig::count(x.online_before),
                fig::count(x.online_after),
                fig::change(x.online_before, x.online_after)
            ));
        }
    }
    out
}

fn task_md(t: &TaskReport) -> String {
    let who = t
        .who
        .as_deref()
        .map(|w| format!(" ({})", cell(w)))
        .unwrap_or_default();
    let at =
        t.at.as_deref()
            .map(|a| format!(" {}", hm(a)))
            .unwrap_or_default();
    format!("[{}] {}{who}{at}", mark(t), cell(&t.task))
}

/// The figures' columns, after the task's.
const FIGURES: [&str; 14] = [
    "gmv",
    "orders",
    "online_peak",
    "online_avg",
    "gmv_per_min",
    "stock",
    "sold",
    "sell_through",
    "sold_out_at",
    "spend",
    "roi",
    "roi_target",
    "online_before",
    "online_after",
];

/// A figure's field: the number as is, empty when absent.
fn num<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

/// One row per task: where it belongs, its owner, its fate and when. Then
/// the figures, on the first row of their cue or slot only (so a column
/// sums right), a row per SKU (`product`) and per welfare release
/// (`release`). An absent figure is an empty field, never 0.
pub fn csv(r: &Report) -> String {
    let mut out = String::new();
    if r.rehearsal {
        out.push_str(&csv_field(&format!("# {REHEARSAL_LINE}")));
        out.push_str("\r\n");
    }
    out.push_str(
        "section,id,title,planned_start,actual_start,over_under_seconds,task,who,state,at,",
    );
    out.push_str(&FIGURES.join(","));
    out.push_str("\r\n");
    // (section, id, title, planned start, actual start, over/under), the
    // tasks, and the figures by column name.
    let mut rows = |head: [&str; 6], tasks: &[TaskReport], figures: &[(&str, String)]| {
        let empty = TaskReport {
            task: String::new(),
            who: None,
            done: false,
            skipped: false,
            state: "",
            at: None,
        };
        let list: Vec<&TaskReport> = if tasks.is_empty() {
            vec![&empty]
        } else {
            tasks.iter().collect()
        };
        for (i, t) in list.into_iter().enumerate() {
            let figs = FIGURES.iter().map(|name| {
                figures
                    .iter()
                    .find(|(k, _)| k == name)
                    .filter(|_| i == 0)
                    .map_or("", |(_, v)| v.as_str())
            });
            let fields = head
                .iter()
                .copied()
                .chain([
                    t.task.as_str(),
                    t.who.as_deref().unwrap_or(""),
                    t.state,
                    t.at.as_deref().unwrap_or(""),
                ])
                .chain(figs);
            out.push_str(&fields.map(csv_field).collect::<Vec<_>>().join(","));
            out.push_str("\r\n");
        }
    };
    for c in &r.cues {
        let actual = c.actual_start.clone().unwrap_or_default();
        let ou = c
            .over_under_seconds
            .map(|s| s.to_string())
            .unwrap_or_default();
        let n = &c.numbers;
        rows(
            ["cue", &c.id, &c.title, &c.planned_start, &actual, &ou],
            &c.tasks,
            &[
                ("gmv", num(n.gmv)),
                ("orders", num(n.orders)),
                ("online_peak", num(n.online_peak)),
                ("online_avg", num(n.online_avg)),
                ("gmv_per_min", num(n.gmv_per_min)),
            ],
        );
    }
    for s in &r.slots {
        let n = &s.numbers;
        rows(
            [
                "slot",
                &s.id,
                s.channel.as_deref().unwrap_or(""),
                &s.from,
                "",
                "",
            ],
            &s.tasks,
            &[
                ("gmv", num(n.gmv)),
                ("spend", num(n.spend)),
                ("roi", num(n.roi)),
                ("roi_target", num(s.roi_target)),
            ],
        );
    }
    for p in &r.products {
        rows(
            ["product", &p.sku, &p.name, "", "", ""],
            &[],
            &[
                ("stock", num(p.stock)),
                ("sold", num(p.sold)),
                ("sell_through", num(p.sell_through)),
                ("sold_out_at", p.sold_out_at.clone().unwrap_or_default()),
            ],
        );
    }
    for w in &r.welfare {
        for x in &w.releases {
            rows(
                ["release", &w.id, &w.name, "", &x.at, ""],
                &[],
                &[
                    ("online_before", num(x.online_before)),
                    ("online_after", num(x.online_after)),
                ],
            );
        }
    }
    for w in &r.warmups {
        rows(["warmup", &w.id, &w.title, &w.at, "", ""], &w.tasks, &[]);
    }
    for o in &r.orphaned {
        let t = TaskReport {
            task: o.task.clone(),
            who: None,
            done: o.state == "done",
            skipped: o.state == "skipped",
            state: o.state,
            at: Some(o.at.clone()),
        };
        rows(
            ["orphaned", &o.cue, "", "", "", ""],
            std::slice::from_ref(&t),
            &[],
        );
    }
    out
}
