//! `report --format html`: the review (复盘) as one printable page for the
//! review meeting. The headline figures, four charts drawn here as inline
//! SVG (planned against actual cues, the online curve with releases and
//! GOs, GMV against the target's pace, spend and ROI per slot), then the
//! tables behind them: cues with their numbers, products, whether each
//! welfare release held the audience, traffic, and what went wrong.
//!
//! Like the run sheet (`render::html`), the page is self-contained: inline
//! CSS, no script, nothing fetched, the same CJK font stack, and every
//! piece of plan or log text escaped. It prints on A4 portrait.

mod charts;
mod svg;

use chrono::Datelike;
use stagecall_core::live::CueState;
use stagecall_core::report::{CueReport, Report};

use super::figures::{self as fig, ABSENT};
use super::html::escape;
use super::report::REHEARSAL_LINE;

const STYLE: &str = r#"
@page { size: A4 portrait; margin: 11mm 10mm 12mm; }
* { box-sizing: border-box; }
html { color: #111; background: #fff; }
body {
  margin: 0 auto; padding: 8mm 6mm; max-width: 200mm;
  font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC",
    "Hiragino Sans GB", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif;
  font-size: 10.5pt; line-height: 1.35;
}
header { border-bottom: 2.5pt solid #111; padding-bottom: 2mm; margin-bottom: 3mm; }
h1 { font-size: 20pt; line-height: 1.15; margin: 0 0 1.5mm; }
h1 small { font-size: 12pt; font-weight: 700; color: #555; margin-right: 2mm; }
h2 { font-size: 13pt; margin: 5mm 0 1.5mm; border-left: 3pt solid #111; padding-left: 2mm; }
.when { font-size: 12pt; font-weight: 700; margin: 0; }
.when span + span::before { content: " · "; font-weight: 400; }
.taken { font-size: 9pt; color: #555; margin: 1mm 0 0; }
.rehearsal { border: 2pt solid #b91c1c; color: #b91c1c; font-weight: 800; padding: 1.5mm 2.5mm; margin: 0 0 3mm; }
.kpis { display: grid; grid-template-columns: repeat(4, 1fr); gap: 2mm; margin: 0 0 2mm; }
.kpi { border: 0.75pt solid #bbb; border-radius: 1.5mm; padding: 1.5mm 2.5mm; break-inside: avoid; }
.kpi b { display: block; font-size: 8.5pt; font-weight: 700; color: #555; }
.kpi span { display: block; font-size: 15pt; font-weight: 800; font-variant-numeric: tabular-nums; line-height: 1.2; }
.kpi small { display: block; font-size: 8.5pt; color: #555; }
figure { margin: 0 0 3mm; break-inside: avoid; page-break-inside: avoid; }
figcaption { font-size: 9pt; color: #444; margin: 0.5mm 0 0; }
.legend i { display: inline-block; width: 5mm; height: 2.5mm; margin: 0 1mm 0 3mm; vertical-align: 0; }
svg { display: block; width: 100%; height: auto; font-family: inherit; }
svg text { font-size: 11px; fill: #111; }
svg .tick { font-size: 9.5px; fill: #555; }
svg .muted, svg .note { fill: #777; }
svg .note { font-size: 9.5px; }
svg .head, svg .strong { font-weight: 700; }
svg .val { font-size: 10px; font-weight: 700; }
svg .rel-lbl { font-size: 9.5px; fill: #b91c1c; font-weight: 700; }
svg .grid { stroke: #e2e2e2; stroke-width: 0.8; }
svg .axis { stroke: #444; stroke-width: 1; }
svg .band { fill: #f4f4f5; }
svg .empty { fill: #fafafa; stroke: #ccc; stroke-dasharray: 4 3; }
svg .plan, .legend .plan { fill: #e2e8f0; stroke: #64748b; stroke-width: 0.8; stroke-dasharray: 3 2; border: 0.75pt dashed #64748b; background: #e2e8f0; }
svg .ontime, .legend .ontime { fill: #15803d; background: #15803d; }
svg .late, .legend .late { fill: #c2410c; background: #c2410c; }
svg .early, .legend .early { fill: #1d4ed8; background: #1d4ed8; }
svg .go { fill: #111; }
svg .online { fill: none; stroke: #1d4ed8; stroke-width: 1.8; }
svg .area { fill: #dbeafe; stroke: none; }
svg .rel { stroke: #b91c1c; stroke-width: 1; stroke-dasharray: 4 3; }
svg .gmv { fill: none; stroke: #15803d; stroke-width: 2; }
svg .pace { stroke: #111; stroke-width: 1.2; stroke-dasharray: 6 4; }
svg .budget { fill: none; stroke: #64748b; stroke-width: 1; stroke-dasharray: 3 2; }
svg .spend { fill: #1d4ed8; }
svg .spend.over { fill: #b91c1c; }
svg .roi.met { fill: #15803d; }
svg .roi.under { fill: #c2410c; }
svg .target { stroke: #111; stroke-width: 2; }
table { width: 100%; border-collapse: collapse; margin: 0 0 2mm; font-size: 9.5pt; }
thead { display: table-header-group; }
th { text-align: left; font-size: 8.5pt; padding: 1mm 1.5mm; border-bottom: 1.2pt solid #111; }
td { padding: 0.9mm 1.5mm; border-bottom: 0.5pt solid #ccc; vertical-align: top; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.t { white-space: nowrap; font-variant-numeric: tabular-nums; }
tr { break-inside: avoid; page-break-inside: avoid; }
tr.na td { color: #777; }
.bad { color: #b91c1c; font-weight: 700; }
.good { color: #15803d; font-weight: 700; }
ul.list { margin: 0; padding-left: 5mm; font-size: 9.5pt; }
footer { font-size: 8.5pt; color: #555; margin-top: 4mm; text-align: right; }
@media print {
  html, body { background: #fff !important; }
  body { padding: 0; max-width: none; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  h2 { break-after: avoid; page-break-after: avoid; }
}
"#;

/// `HH:MM` of an RFC 3339 instant of the report.
fn hm(rfc: &str) -> String {
    svg::parse(rfc).map_or_else(|| escape(rfc), |t| t.format("%H:%M").to_string())
}

fn weekday_zh(date: &str) -> &'static str {
    chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").map_or("", |d| {
        ["周一", "周二", "周三", "周四", "周五", "周六", "周日"]
            [d.weekday().num_days_from_monday() as usize]
    })
}

fn kpi(label: &str, value: &str, sub: &str) -> String {
    format!("<div class=\"kpi\"><b>{label}</b><span>{value}</span><small>{sub}</small></div>\n")
}

fn header(r: &Report) -> String {
    let s = &r.session;
    let mut when = vec![
        format!("{} {}", escape(&s.date), weekday_zh(&s.date)),
        format!("{}–{}", hm(&s.start), hm(&s.end)),
        escape(&s.timezone),
    ];
    if let Some(p) = &s.platform {
        when.push(escape(p));
    }
    if !s.hosts.is_empty() {
        when.push(format!("主播 {}", escape(&s.hosts.join("、"))));
    }
    let mut out = String::from("<header>\n");
    if r.rehearsal {
        out.push_str(&format!(
            "<p class=\"rehearsal\">{}</p>\n",
            escape(REHEARSAL_LINE)
        ));
    }
    out.push_str(&format!(
        "<h1><small>复盘 Review</small>{}</h1>\n<p class=\"when\">{}</p>\n<p class=\"taken\">taken at 复盘时刻 {} · {} readings of the live numbers 条数据记录</p>\n</header>\n",
        escape(&s.title),
        when.iter().map(|w| format!("<span>{w}</span>")).collect::<String>(),
        escape(&r.at),
        r.summary.totals.readings
    ));
    out
}

fn kpis(r: &Report) -> String {
    let (s, m, t) = (&r.session, &r.summary, &r.summary.totals);
    let cur = &s.currency;
    let target = match (s.gmv_target, t.gmv_target_share) {
        (Some(g), Some(share)) => format!(
            "{} of {} 目标",
            fig::pct(Some(share)),
            escape(&fig::amount(cur, Some(g)))
        ),
        _ => "no target 无目标".into(),
    };
    let gmv = if t.readings == 0 {
        ABSENT.to_string()
    } else {
        escape(&fig::amount(cur, Some(t.gmv)))
    };
    let roi = match t.spend {
        Some(sp) if sp > 0.0 => {
            let in_slots: f64 = r.slots.iter().filter_map(|s| s.numbers.gmv).sum();
            format!("ROI {} in slots 投放时段", fig::ratio(Some(in_slots / sp)))
        }
        _ => String::new(),
    };
    let mut out = String::from("<section class=\"kpis\">\n");
    out.push_str(&kpi("GMV 成交额", &gmv, &target));
    out.push_str(&kpi("订单 Orders", &fig::count(t.orders), ""));
    out.push_str(&kpi("在线峰值 Online peak", &fig::count(t.online_peak), ""));
    out.push_str(&kpi(
        "投放消耗 Spend",
        &escape(&fig::amount(cur, t.spend)),
        &roi,
    ));
    out.push_str(&kpi(
        "准点 On time",
        &format!("{} / {}", m.cues_on_time, m.cues_started),
        &format!("{} cues 环节 · {} not aired 未播", m.cues, m.cues_not_aired),
    ));
    out.push_str(&kpi(
        "任务 Tasks done",
        &m.tasks_done.to_string(),
        &format!(
            "{} missed 漏做 · {} skipped 跳过",
            m.tasks_missed, m.tasks_skipped
        ),
    ));
    out.push_str(&kpi(
        "福利发放 Releases",
        &m.welfare_releases.to_string(),
        "",
    ));
    let end = match m.total_delay_seconds {
        0 => "±0".to_string(),
        d => format!("{:+} min", d / 60),
    };
    out.push_str(&kpi("下播 Show end vs plan", &end, ""));
    out.push_str("</section>\n");
    out
}

fn figure(title: &str, svg: &str, caption: &str) -> String {
    format!("<figure>\n<h2>{title}</h2>\n{svg}<figcaption>{caption}</figcaption>\n</figure>\n")
}

fn charts(r: &Report) -> String {
    let Some(sp) = charts::Span::of(r) else {
        return String::new();
    };
    let mut out = figure(
        "计划 vs 实际 Planned against actual",
        &charts::gantt(r, &sp),
        "<span class=\"legend\"><i class=\"plan\"></i>计划 planned<i class=\"ontime\"></i>准点 on time (±1 min)<i class=\"late\"></i>晚 late<i class=\"early\"></i>早 early</span> · ▼ GO",
    );
    out.push_str(&figure(
        "在线人数 Online",
        &charts::online(r, &sp),
        "Each reading stands until the next. ★ a welfare release (red dashed line) · ▼ a GO.",
    ));
    out.push_str(&figure(
        "GMV 与目标进度 GMV against the target's pace",
        &charts::gmv(r, &sp),
        "Green: GMV so far (0 before the first reading). Dashed: <code>gmv_target</code> prorated over the planned show.",
    ));
    if let Some(svg) = charts::slots(r) {
        out.push_str(&figure(
            "投放 Spend and ROI per slot",
            &svg,
            "Bars: spend (red when over budget) inside the dashed budget; ROI green at or above its target (black tick), orange under.",
        ));
    }
    out
}

fn td_n(v: &str) -> String {
    format!("<td class=\"n\">{}</td>", escape(v))
}

fn cue_row(r: &Report, c: &CueReport) -> String {
    let cur = &r.session.currency;
    let aired = matches!(c.state, CueState::Done | CueState::OnAir);
    let ou = c
        .over_under_seconds
        .map_or(ABSENT.to_string(), |s| match s {
            0 => "±0".into(),
            s => format!("{:+}:{:02}", s / 60, s.abs() % 60),
        });
    let ou_class = match c.over_under_seconds {
        Some(s) if s > stagecall_core::report::ON_TIME_SECONDS => " bad",
        _ => "",
    };
    let n = &c.numbers;
    let done = c.tasks.iter().filter(|t| t.state == "done").count();
    format!(
        "<tr{}><td class=\"t\">{}</td><td class=\"t\">{}</td><td class=\"n{ou_class}\">{}</td><td>{}</td>{}{}{}{}{}<td class=\"n\">{done}/{}</td></tr>\n",
        if aired { "" } else { " class=\"na\"" },
        hm(&c.planned_start),
        c.actual_start.as_deref().map_or(ABSENT.to_string(), hm),
        escape(&ou),
        escape(&c.title),
        td_n(&fig::amount(cur, n.gmv)),
        td_n(
            &n.orders
                .map_or(ABSENT.to_string(), |o| fig::signed_count(o, false))
        ),
        td_n(&fig::count(n.online_peak)),
        td_n(&fig::count(n.online_avg)),
        td_n(&fig::amount(cur, n.gmv_per_min)),
        c.tasks.len()
    )
}

fn tables(r: &Report) -> String {
    let cur = &r.session.currency;
    let mut out = String::from(
        "<h2>环节 Cues</h2>\n<table>\n<thead><tr><th>计划</th><th>实际</th><th class=\"n\">±</th><th>环节 Cue</th><th class=\"n\">GMV</th><th class=\"n\">订单</th><th class=\"n\">在线峰值</th><th class=\"n\">平均在线</th><th class=\"n\">GMV/分钟</th><th class=\"n\">任务</th></tr></thead>\n<tbody>\n",
    );
    for c in &r.cues {
        out.push_str(&cue_row(r, c));
    }
    out.push_str("</tbody>\n</table>\n<p class=\"taken\">平均在线按时长加权 Online average is time-weighted: each reading stands until the next.</p>\n");
    if !r.products.is_empty() {
        out.push_str("<h2>商品 Products</h2>\n<table>\n<thead><tr><th>SKU</th><th>商品 Product</th><th class=\"n\">库存 Stock</th><th class=\"n\">已售 Sold</th><th class=\"n\">售罄率 Sell-through</th><th>售罄时间 Sold out</th></tr></thead>\n<tbody>\n");
        for p in &r.products {
            out.push_str(&format!(
                "<tr><td class=\"t\">{}</td><td>{}</td>{}{}{}<td class=\"t\">{}</td></tr>\n",
                escape(&p.sku),
                escape(&p.name),
                td_n(&fig::count(p.stock)),
                td_n(&fig::count(p.sold)),
                td_n(&fig::pct(p.sell_through)),
                p.sold_out_at.as_deref().map_or(ABSENT.to_string(), hm)
            ));
        }
        out.push_str("</tbody>\n</table>\n");
    }
    let releases = r.releases_in_order();
    if !releases.is_empty() {
        out.push_str("<h2>福利留人 Did the welfare hold the audience?</h2>\n<table>\n<thead><tr><th>发放 Released</th><th>福利 Welfare</th><th class=\"n\">发放前在线 Before</th><th class=\"n\">5 分钟后 After 5 min</th><th class=\"n\">变化 Change</th></tr></thead>\n<tbody>\n");
        for (w, x) in releases {
            let change = fig::change(x.online_before, x.online_after);
            let class = match change.chars().next() {
                Some('+') => " good",
                Some('-') => " bad",
                _ => "",
            };
            out.push_str(&format!(
                "<tr><td class=\"t\">{}</td><td>{}</td>{}{}<td class=\"n{class}\">{}</td></tr>\n",
                hm(&x.at),
                escape(&w.name),
                td_n(&fig::count(x.online_before)),
                td_n(&fig::count(x.online_after)),
                escape(&change)
            ));
        }
        out.push_str("</tbody>\n</table>\n<p class=\"taken\">Before: the last online reading at or before the release. After: the last one at or before 5 minutes later, if one was taken after the release.</p>\n");
    }
    if !r.slots.is_empty() {
        out.push_str("<h2>投放 Traffic</h2>\n<table>\n<thead><tr><th>时段 Slot</th><th>时间</th><th class=\"n\">预算 Budget</th><th class=\"n\">消耗 Spend</th><th class=\"n\">GMV</th><th class=\"n\">ROI</th><th class=\"n\">目标 Target</th></tr></thead>\n<tbody>\n");
        for s in &r.slots {
            let n = &s.numbers;
            let class = match n.roi_met {
                Some(true) => " good",
                Some(false) => " bad",
                None => "",
            };
            out.push_str(&format!(
                "<tr><td>{}<br><small>{}</small></td><td class=\"t\">{}–{}</td>{}{}{}<td class=\"n{class}\">{}</td>{}</tr>\n",
                escape(&s.id),
                escape(s.channel.as_deref().unwrap_or("")),
                hm(&s.from),
                hm(&s.to),
                td_n(&fig::amount(cur, s.budget)),
                td_n(&fig::amount(cur, n.spend)),
                td_n(&fig::amount(cur, n.gmv)),
                fig::ratio(n.roi),
                td_n(&s.roi_target.map_or(ABSENT.to_string(), |t| t.to_string()))
            ));
        }
        out.push_str("</tbody>\n</table>\n");
    }
    out.push_str(&lists(r));
    out
}

/// What went wrong and what was said: missed and skipped tasks, holds,
/// notes, the log's warnings.
fn lists(r: &Report) -> String {
    let mut out = String::new();
    let mut section = |title: &str, items: Vec<String>| {
        if !items.is_empty() {
            out.push_str(&format!("<h2>{title}</h2>\n<ul class=\"list\">\n"));
            for i in items {
                out.push_str(&format!("<li>{i}</li>\n"));
            }
            out.push_str("</ul>\n");
        }
    };
    let missed = r
        .cues
        .iter()
        .flat_map(|c| c.tasks.iter().map(move |t| (c.title.as_str(), t)))
        .chain(
            r.slots
                .iter()
                .flat_map(|s| s.tasks.iter().map(move |t| (s.id.as_str(), t))),
        )
        .filter(|(_, t)| matches!(t.state, "missed" | "skipped"))
        .map(|(row, t)| {
            let who = t
                .who
                .as_deref()
                .map(|w| format!(" ({})", escape(w)))
                .unwrap_or_default();
            let state = if t.state == "missed" {
                "<span class=\"bad\">漏做 missed</span>"
            } else {
                "跳过 skipped"
            };
            format!("{state} · {} · {}{who}", escape(row), escape(&t.task))
        })
        .collect();
    section("漏做与跳过 Missed and skipped", missed);
    let holds = r
        .holds
        .iter()
        .map(|h| {
            let cue = h.cue.as_deref().map_or("(none)".to_string(), escape);
            format!(
                "{} {:+} s → {cue} (moved {:+} s)",
                hm(&h.at),
                h.asked_seconds,
                h.moved_seconds
            )
        })
        .collect();
    section("加减时 Holds", holds);
    let notes = r
        .notes
        .iter()
        .map(|n| format!("{} {}", hm(&n.at), escape(&n.text)))
        .collect();
    section("备注 Notes", notes);
    section(
        "日志警告 Log warnings",
        r.warnings.iter().map(|w| escape(w)).collect(),
    );
    out
}

/// The whole page.
pub fn page(r: &Report) -> String {
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{} · {} · 复盘</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        escape(&r.session.title),
        escape(&r.session.date)
    );
    out.push_str(&header(r));
    out.push_str(&kpis(r));
    out.push_str(&charts(r));
    out.push_str(&tables(r));
    out.push_str(&format!(
        "<footer>{} 个环节 cues · {} 条数据 readings · stagecall</footer>\n</body>\n</html>\n",
        r.summary.cues, r.summary.totals.readings
    ));
    out
}
