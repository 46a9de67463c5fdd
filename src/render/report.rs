//! The post-show report as Markdown (to commit next to the plan) and CSV
//! (one row per task, for spreadsheets). JSON is the core's `Report` as is.

use stagecall_core::plan::time::format_duration;
use stagecall_core::report::{Report, TaskReport};

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
        out.push_str("\n## Traffic 投放\n\n| Slot | Channel | Window | Budget | ROI target | Switches |\n|---|---|---|---|---|---|\n");
        for sl in &r.slots {
            let tasks = sl
                .tasks
                .iter()
                .map(task_md)
                .collect::<Vec<_>>()
                .join("<br>");
            out.push_str(&format!(
                "| {} | {} | {}–{} | {} | {} | {tasks} |\n",
                cell(&sl.id),
                cell(sl.channel.as_deref().unwrap_or("")),
                hm(&sl.from),
                hm(&sl.to),
                sl.budget.map_or(String::new(), |b| b.to_string()),
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

/// One row per task: where it belongs, its owner, its fate and when.
pub fn csv(r: &Report) -> String {
    let mut out = String::new();
    if r.rehearsal {
        out.push_str(&csv_field(&format!("# {REHEARSAL_LINE}")));
        out.push_str("\r\n");
    }
    out.push_str(
        "section,id,title,planned_start,actual_start,over_under_seconds,task,who,state,at\r\n",
    );
    // (section, id, title, planned start, actual start, over/under) then the task.
    let mut rows = |head: [&str; 6], tasks: &[TaskReport]| {
        let empty = TaskReport {
            task: String::new(),
            who: None,
            done: false,
            skipped: false,
            state: "",
            at: None,
        };
        let fate = |t: &TaskReport| t.state;
        let list: Vec<&TaskReport> = if tasks.is_empty() {
            vec![&empty]
        } else {
            tasks.iter().collect()
        };
        for t in list {
            let fields = head.iter().copied().chain([
                t.task.as_str(),
                t.who.as_deref().unwrap_or(""),
                fate(t),
                t.at.as_deref().unwrap_or(""),
            ]);
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
        rows(
            ["cue", &c.id, &c.title, &c.planned_start, &actual, &ou],
            &c.tasks,
        );
    }
    for s in &r.slots {
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
        );
    }
    for w in &r.warmups {
        rows(["warmup", &w.id, &w.title, &w.at, "", ""], &w.tasks);
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
        );
    }
    out
}
