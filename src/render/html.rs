//! The run sheet as one printable HTML page, to tape next to the host: large
//! type, one table row per cue with a real checkbox per task, traffic slot
//! switches as distinct rows, and the session's people in the header.
//!
//! The page is self-contained (inline CSS, no scripts, no fonts or images
//! fetched) so it prints the same offline, and every piece of plan text is
//! escaped. `@media print` keeps it black on white on A4 portrait, repeats
//! the column headings on each page and never splits a row across pages.

use chrono::{Datelike, NaiveDate};

use stagecall_core::plan::Plan;
use stagecall_core::plan::time::{DayClock, format_duration};
use stagecall_core::schedule::{Schedule, ShowTime};
use stagecall_core::timeline::{self, Row, RowKind, RowTask};

use super::sheet::{self, segment, task_who, welfare_labels};
use super::text::sanitize;

const STYLE: &str = r#"
@page { size: A4 portrait; margin: 11mm 10mm 12mm; }
* { box-sizing: border-box; }
html { color: #000; background: #fff; }
body {
  margin: 0 auto; padding: 8mm 6mm; max-width: 200mm;
  font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC",
    "Hiragino Sans GB", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif;
  font-size: 13pt; line-height: 1.3;
}
header { border-bottom: 2.5pt solid #000; padding-bottom: 2mm; margin-bottom: 1mm; }
h1 { font-size: 22pt; line-height: 1.15; margin: 0 0 1.5mm; }
.when { font-size: 15pt; font-weight: 700; margin: 0 0 1mm; }
.when span + span::before { content: " · "; font-weight: 400; }
.people { font-size: 11pt; margin: 0; display: flex; flex-wrap: wrap; gap: 0.5mm 5mm; }
.people b { font-weight: 700; }
.crew span + span::before { content: " · "; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; }
col.c-time { width: 23mm; }
col.c-tasks { width: 44%; }
thead { display: table-header-group; }
th {
  text-align: left; font-size: 10pt; font-weight: 700;
  padding: 1.5mm 2mm; border-bottom: 1.5pt solid #000;
}
td { vertical-align: top; padding: 2mm; border-bottom: 0.75pt solid #000; }
tr { break-inside: avoid; page-break-inside: avoid; }
td.time { font-variant-numeric: tabular-nums; white-space: nowrap; }
.start { display: block; font-size: 17pt; font-weight: 800; line-height: 1.1; }
.end, .dur { display: block; font-size: 10.5pt; }
.dur { font-weight: 700; }
small.day { font-size: 8pt; font-weight: 700; vertical-align: super; margin-left: 0.3mm; }
.title { font-size: 15pt; font-weight: 700; line-height: 1.25; }
.segment {
  display: inline-block; font-size: 9.5pt; font-weight: 700; line-height: 1.3;
  border: 1pt solid #000; border-radius: 1.5mm; padding: 0 1.5mm; margin-left: 1.5mm;
  vertical-align: 0.15em;
}
ul { list-style: none; margin: 1mm 0 0; padding: 0; }
.products li, .welfare li { font-size: 11.5pt; margin-top: 0.5mm; padding-left: 4.5mm; text-indent: -4.5mm; }
.welfare li::before { content: "★ "; }
.price { font-size: 13pt; font-weight: 800; }
.sku { font-size: 9pt; white-space: nowrap; }
.tasks li { display: flex; gap: 2mm; align-items: flex-start; font-size: 12pt; margin: 0 0 1.3mm; }
.tasks li:last-child { margin-bottom: 0; }
.tasks label { display: contents; }
input[type="checkbox"] {
  -webkit-appearance: none; appearance: none; flex: none;
  width: 4.6mm; height: 4.6mm; margin: 0.6mm 0 0;
  border: 1.3pt solid #000; border-radius: 0; background: #fff;
}
input[type="checkbox"]:checked { background: #000; box-shadow: inset 0 0 0 0.8mm #fff; }
.who {
  display: inline-block; font-size: 9pt; font-weight: 700; white-space: nowrap;
  border: 0.75pt solid #000; border-radius: 1mm; padding: 0 1mm; margin-left: 1mm;
}
.at { font-weight: 800; font-variant-numeric: tabular-nums; margin-right: 1mm; }
tr.slot td { border-bottom: 0.75pt dashed #000; padding-top: 1.2mm; padding-bottom: 1.2mm; }
tr.slot td.time { border-left: 3pt solid #000; }
tr.slot .start { font-size: 12pt; }
tr.slot .title { font-size: 11pt; font-weight: 700; }
tr.slot .tasks li { font-size: 10.5pt; }
.mark { margin-right: 1mm; }
.tag {
  display: inline-block; font-size: 8.5pt; font-weight: 800; line-height: 1.3;
  border: 2.5pt double #000; padding: 0 1mm; margin-right: 1.5mm; vertical-align: 0.1em;
}
tr.day td {
  text-align: center; font-size: 11pt; font-weight: 800; letter-spacing: 0.5mm;
  border-bottom: 2.5pt double #000; padding: 1mm;
}
footer { font-size: 9pt; margin-top: 2mm; text-align: right; }
@media print {
  html, body { color: #000 !important; background: #fff !important; }
  body { padding: 0; max-width: none; }
  header, tr, li { break-inside: avoid; page-break-inside: avoid; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"#;

/// Escapes text for HTML element content and quoted attribute values.
/// Control characters are first made visible, as in the terminal outputs.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in sanitize(s).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// "20:05", with a small "+1d" when `t` falls on a later calendar day than
/// `day`: the session's, or the day of the rows since the last day line.
fn time(t: ShowTime, day: NaiveDate) -> String {
    match DayClock::new(&t, day) {
        c if c.days == 0 => c.hm(),
        c => format!("{}<small class=\"day\">{:+}d</small>", c.hm(), c.days),
    }
}

fn weekday_zh(d: chrono::NaiveDate) -> &'static str {
    ["周一", "周二", "周三", "周四", "周五", "周六", "周日"]
        [d.weekday().num_days_from_monday() as usize]
}

fn header(plan: &Plan, sched: &Schedule) -> String {
    let s = &plan.session;
    let mut when = vec![
        format!("{} {}", s.date, weekday_zh(s.date)),
        format!(
            "{}–{}",
            sched.start.format("%H:%M"),
            time(sched.end, s.date)
        ),
        format_duration(sched.length()),
        escape(s.timezone.name()),
    ];
    if let Some(p) = s.platform {
        when.push(format!("{} {}", p.zh(), p.key()));
    }
    let mut out = format!(
        "<header>\n<h1>{}</h1>\n<p class=\"when\">{}</p>\n",
        escape(&s.title),
        when.iter()
            .map(|w| format!("<span>{w}</span>"))
            .collect::<String>()
    );
    let mut people = Vec::new();
    if !s.hosts.is_empty() {
        people.push(format!(
            "<span class=\"hosts\"><b>主播 Hosts</b> {}</span>",
            escape(&s.hosts.join("、"))
        ));
    }
    if let Some(crew) = plan.crew.as_ref().filter(|c| !c.is_empty()) {
        people.push(format!(
            "<span class=\"crew\"><b>团队 Crew</b> {}</span>",
            crew.iter()
                .map(|(role, name)| format!("<span>{} {}</span>", escape(role), escape(name)))
                .collect::<String>()
        ));
    }
    if let Some(gmv) = s.gmv_target {
        people.push(format!(
            "<span class=\"gmv\"><b>目标 GMV</b> {}</span>",
            escape(&sheet::price(plan, gmv))
        ));
    }
    if !people.is_empty() {
        out.push_str(&format!("<p class=\"people\">{}</p>\n", people.join("")));
    }
    out.push_str("</header>\n");
    out
}

fn task(plan: &Plan, row: &Row, t: &RowTask, day: NaiveDate) -> String {
    // A task due at its row's own start says nothing new; other times lead.
    let at =
        t.at.filter(|&at| at != row.start)
            .map(|at| format!("<span class=\"at\">{}</span>", time(at, day)))
            .unwrap_or_default();
    let who = task_who(plan, t)
        .map(|w| format!(" <span class=\"who\">{}</span>", escape(&w)))
        .unwrap_or_default();
    format!(
        "<li><label><input type=\"checkbox\"><span class=\"text\">{at}{}{who}</span></label></li>\n",
        escape(&t.text)
    )
}

fn tasks(plan: &Plan, row: &Row, day: NaiveDate) -> String {
    if row.tasks.is_empty() {
        return "<td class=\"tasks\"></td>".into();
    }
    format!(
        "<td class=\"tasks\"><ul>\n{}</ul></td>",
        row.tasks
            .iter()
            .map(|t| task(plan, row, t, day))
            .collect::<String>()
    )
}

fn cue_row(plan: &Plan, row: &Row, day: NaiveDate) -> String {
    let cue = &plan.cues[row.index];
    let seg = segment(plan, row);
    let seg = if seg.is_empty() {
        String::new()
    } else {
        format!("<span class=\"segment\">{}</span>", escape(&seg))
    };
    let mut body = format!("<div class=\"title\">{}{seg}</div>", escape(&row.title));
    if !cue.items.is_empty() {
        body.push_str("\n<ul class=\"products\">\n");
        for &i in &cue.items {
            let it = &plan.items[i];
            let p = it
                .live_price
                .map(|m| {
                    format!(
                        "<span class=\"price\">{}</span> ",
                        escape(&sheet::price(plan, m))
                    )
                })
                .unwrap_or_default();
            body.push_str(&format!(
                "<li>{p}{} <span class=\"sku\">{}</span></li>\n",
                escape(&it.name),
                escape(&it.sku)
            ));
        }
        body.push_str("</ul>");
    }
    let welfare = welfare_labels(plan, row);
    if !welfare.is_empty() {
        body.push_str("\n<ul class=\"welfare\">\n");
        for w in welfare {
            body.push_str(&format!("<li>{}</li>\n", escape(&w)));
        }
        body.push_str("</ul>");
    }
    format!(
        "<tr class=\"cue\">\
         <td class=\"time\"><span class=\"start\">{}</span><span class=\"end\">–{}</span><span class=\"dur\">{}</span></td>\
         \n<td class=\"body\">{body}</td>\n{}</tr>\n",
        time(row.start, day),
        time(row.end, day),
        format_duration(row.end - row.start),
        tasks(plan, row, day)
    )
}

fn slot_row(plan: &Plan, row: &Row, day: NaiveDate) -> String {
    let (class, mark, tag) = match row.kind {
        RowKind::SlotStart => ("slot slot-start", "▶", "投放开始 ADS ON"),
        _ => ("slot slot-end", "■", "投放结束 ADS OFF"),
    };
    format!(
        "<tr class=\"{class}\"><td class=\"time\"><span class=\"start\">{}</span></td>\
         \n<td class=\"body\"><div class=\"title\"><span class=\"tag\">{tag}</span><span class=\"mark\">{mark}</span>{}</div></td>\n{}</tr>\n",
        time(row.start, day),
        escape(&row.title),
        tasks(plan, row, day)
    )
}

/// The whole page.
pub fn page(plan: &Plan, sched: &Schedule) -> String {
    let rows = timeline::rows(plan, sched);
    let s = &plan.session;
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{} · {} · 直播脚本</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        escape(&s.title),
        s.date
    );
    out.push_str(&header(plan, sched));
    out.push_str(
        "<table class=\"sheet\">\n<colgroup><col class=\"c-time\"><col class=\"c-body\"><col class=\"c-tasks\"></colgroup>\n\
         <thead><tr><th>时间 Time</th><th>内容 Cue · 商品 Products · 福利 Welfare</th><th>任务 Tasks</th></tr></thead>\n<tbody>\n",
    );
    let mut day = s.date;
    for r in &rows {
        // Mark the calendar day where the show crosses midnight.
        if r.start.date_naive() != day {
            day = r.start.date_naive();
            out.push_str(&format!(
                "<tr class=\"day\"><td colspan=\"3\">{} {} ({:+}d)</td></tr>\n",
                day,
                weekday_zh(day),
                (day - s.date).num_days()
            ));
        }
        out.push_str(&match r.kind {
            RowKind::Cue => cue_row(plan, r, day),
            RowKind::SlotStart | RowKind::SlotEnd => slot_row(plan, r, day),
        });
    }
    let cues = rows.iter().filter(|r| r.kind == RowKind::Cue).count();
    let task_count: usize = rows.iter().map(|r| r.tasks.len()).sum();
    out.push_str(&format!(
        "</tbody>\n</table>\n<footer>{cues} 个环节 cues · {task_count} 项任务 tasks · stagecall</footer>\n</body>\n</html>\n"
    ));
    out
}
