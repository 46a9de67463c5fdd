//! The post-show report as Markdown (to commit next to the plan) and CSV
//! (one row per task, for spreadsheets). JSON is the core's `Report` as is.

use stagecall_core::plan::time::format_duration;
use stagecall_core::report::{Report, TaskReport};

use super::text::{csv_field, sanitize};

fn hm(rfc: &str) -> &str {
    // "2026-11-11T20:05:00+08:00" -> "20:05"
    rfc.get(11..16).unwrap_or(rfc)
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
    if t.done {
        "x"
    } else if t.skipped {
        "~"
    } else {
        " "
    }
}

fn cell(s: &str) -> String {
    sanitize(s).replace('|', "\\|")
}

pub fn markdown(r: &Report) -> String {
    let s = &r.session;
    let m = &r.summary;
    let mut out = format!(
        "# 复盘 Review: {}\n\n{} {}–{} ({})\n\n",
        cell(&s.title),
        s.date,
        hm(&s.start),
        hm(&s.end),
        s.timezone
    );
    out.push_str("## Summary 总结\n\n");
    out.push_str(&format!(
        "- Cues on time 准点: {} of {} started ({} planned)\n",
        m.cues_on_time, m.cues_started, m.cues
    ));
    out.push_str(&format!(
        "- Tasks 待办: {} done, {} skipped, {} open\n",
        m.tasks_done, m.tasks_skipped, m.tasks_open
    ));
    out.push_str(&format!(
        "- Total delay 总延误: {}\n",
        signed(m.total_delay_seconds)
    ));
    out.push_str(&format!(
        "- Welfare releases 福利发放: {}\n",
        m.welfare_releases
    ));
    if !m.sold_out.is_empty() {
        out.push_str(&format!("- Sold out 售罄: {}\n", m.sold_out.join(", ")));
    }
    out.push_str("\n## Run sheet 直播脚本\n\n| Planned | Actual | Over/under | Cue | Tasks |\n|---|---|---|---|---|\n");
    for c in &r.cues {
        let actual = c.actual_start.as_deref().map_or("—", hm);
        let ou = c.over_under_seconds.map_or("—".to_string(), signed);
        let tasks = c.tasks.iter().map(task_md).collect::<Vec<_>>().join("<br>");
        out.push_str(&format!(
            "| {} | {actual} | {ou} | {} | {tasks} |\n",
            hm(&c.planned_start),
            cell(&c.title)
        ));
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
        out.push_str("\n## Welfare 福利\n\n| Welfare | Kind | Planned | Released | At | Planned cost |\n|---|---|---|---|---|---|\n");
        for w in &r.welfare {
            let at = w
                .released_at
                .iter()
                .map(|t| hm(t))
                .collect::<Vec<_>>()
                .join(", ");
            out.push_str(&format!(
                "| {} | {} | {} | {} | {at} | {} |\n",
                cell(&w.name),
                w.kind,
                w.planned_releases,
                w.released,
                w.planned_cost.map_or(String::new(), |c| c.to_string())
            ));
        }
    }
    if r.warmups.iter().any(|w| !w.tasks.is_empty()) {
        out.push_str("\n## Warm-up 预热\n\n");
        for w in &r.warmups {
            out.push_str(&format!(
                "- {} ({})\n",
                cell(&w.title),
                &w.at[..16.min(w.at.len())]
            ));
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
        .map(|w| format!(" ({w})"))
        .unwrap_or_default();
    let at =
        t.at.as_deref()
            .map(|a| format!(" {}", hm(a)))
            .unwrap_or_default();
    format!("[{}] {}{who}{at}", mark(t), cell(&t.task))
}

/// One row per task: where it belongs, its owner, its fate and when.
pub fn csv(r: &Report) -> String {
    let mut out = String::from(
        "section,id,title,planned_start,actual_start,over_under_seconds,task,who,state,at\r\n",
    );
    // (section, id, title, planned start, actual start, over/under) then the task.
    let mut rows = |head: [&str; 6], tasks: &[TaskReport]| {
        let empty = TaskReport {
            task: String::new(),
            who: None,
            done: false,
            skipped: false,
            at: None,
        };
        let fate = |t: &TaskReport| match (t.done, t.skipped, t.task.is_empty()) {
            (_, _, true) => "",
            (true, _, _) => "done",
            (_, true, _) => "skipped",
            _ => "open",
        };
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
            at: Some(o.at.clone()),
        };
        rows(
            ["orphaned", &o.cue, "", "", "", ""],
            std::slice::from_ref(&t),
        );
    }
    out
}
