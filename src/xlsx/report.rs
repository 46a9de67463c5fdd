//! `report --format xlsx`: the review (复盘) as a workbook, in the run
//! sheet's style: 总结 (the summary), 环节 (planned against actual per
//! cue, with its GMV, orders, online peak and average, GMV per minute),
//! 任务 (every task's fate), 商品 (sold, sell-through, sold out), 福利 and
//! 发放 (each release with the online before and after), 投放 (spend, GMV,
//! ROI), 备注 (notes, holds and warnings, the notifier's failures among
//! them). Figures are numbers; an absent one is an empty cell, never 0.

use stagecall_core::live::{CueState, StartedBy};
use stagecall_core::plan::time::format_duration;
use stagecall_core::report::{Report, TaskReport};

use super::{Cell, Col, Lang, Table};

/// `HH:MM[:SS]` of an RFC 3339 instant (as written, when it is not one).
fn hm(rfc: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(rfc)
        .map(|t| super::sheet::clock(t.time()))
        .unwrap_or_else(|_| rfc.to_string())
}

fn signed(secs: i64) -> String {
    let d = chrono::Duration::seconds(secs.abs());
    match secs {
        0 => "±0".into(),
        s if s > 0 => format!("+{}", format_duration(d)),
        _ => format!("-{}", format_duration(d)),
    }
}

fn state(lang: Lang, s: CueState, by: Option<StartedBy>) -> &'static str {
    match (s, by) {
        (CueState::NotAired, _) => lang.pick("未播", "not aired"),
        (CueState::Cut, _) => lang.pick("将跳过", "cut"),
        (CueState::Upcoming, _) => lang.pick("未开始", "upcoming"),
        (_, Some(StartedBy::Go)) => "GO",
        (_, Some(StartedBy::Hard)) => lang.pick("定点", "fixed"),
        (_, Some(StartedBy::Auto)) => lang.pick("自动接续", "auto"),
        (_, None) => "",
    }
}

fn task_state(lang: Lang, t: &TaskReport) -> &'static str {
    match t.state {
        "done" => lang.pick("☑ 完成", "☑ done"),
        "skipped" => lang.pick("跳过", "skipped"),
        "missed" => lang.pick("漏做", "missed"),
        _ => lang.pick("☐ 未做", "☐ open"),
    }
}

fn kv(k: &str, v: Cell) -> Vec<Cell> {
    vec![Cell::text(k), v]
}

pub fn tables(r: &Report, lang: Lang, notify_failures: &[String]) -> Vec<Table> {
    let l = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let s = &r.session;
    let m = &r.summary;
    let mut summary = vec![
        kv(l("标题", "Title"), Cell::text(s.title.clone())),
        kv(l("日期", "Date"), Cell::text(s.date.clone())),
        kv(
            l("计划时间", "Planned"),
            Cell::text(format!("{}-{}", hm(&s.start), hm(&s.end))),
        ),
        kv(l("时区", "Time zone"), Cell::text(s.timezone.clone())),
        kv(l("复盘时刻", "Taken at"), Cell::text(r.at.clone())),
        kv(
            l("彩排", "Rehearsal"),
            Cell::text(if r.rehearsal {
                l("是", "yes")
            } else {
                l("否", "no")
            }),
        ),
        kv(l("环节", "Cues"), Cell::Num(m.cues as f64)),
        kv(
            l("已开播环节", "Cues started"),
            Cell::Num(m.cues_started as f64),
        ),
        kv(l("准点", "On time"), Cell::Num(m.cues_on_time as f64)),
        kv(l("未播", "Not aired"), Cell::Num(m.cues_not_aired as f64)),
        kv(l("任务完成", "Tasks done"), Cell::Num(m.tasks_done as f64)),
        kv(
            l("任务跳过", "Tasks skipped"),
            Cell::Num(m.tasks_skipped as f64),
        ),
        kv(
            l("任务漏做", "Tasks missed"),
            Cell::Num(m.tasks_missed as f64),
        ),
        kv(l("任务未做", "Tasks open"), Cell::Num(m.tasks_open as f64)),
        kv(
            l("下播对比计划", "Show end vs plan"),
            Cell::text(signed(m.total_delay_seconds)),
        ),
        kv(
            l("福利发放", "Welfare releases"),
            Cell::Num(m.welfare_releases as f64),
        ),
        kv(l("售罄", "Sold out"), Cell::text(m.sold_out.join("、"))),
        kv(l("GMV", "GMV"), Cell::Num(m.totals.gmv)),
        kv(l("GMV目标", "GMV target"), Cell::opt_num(s.gmv_target)),
        kv(
            l("目标完成率", "Share of target"),
            Cell::opt_num(m.totals.gmv_target_share),
        ),
        kv(l("订单", "Orders"), Cell::opt_int(m.totals.orders)),
        kv(
            l("在线峰值", "Online peak"),
            Cell::opt_int(m.totals.online_peak),
        ),
        kv(l("投放消耗", "Spend"), Cell::opt_num(m.totals.spend)),
        kv(
            l("数据记录", "Readings"),
            Cell::Num(m.totals.readings as f64),
        ),
    ];
    if !notify_failures.is_empty() {
        summary.push(kv(
            l("群通知失败", "Group-chat failures"),
            Cell::Num(notify_failures.len() as f64),
        ));
    }
    let mut out = vec![Table {
        name: l("总结", "Summary").into(),
        cols: vec![
            Col::new(l("项目", "Field")),
            Col::wrapped(l("内容", "Value")),
        ],
        rows: summary,
    }];

    out.push(Table {
        name: l("环节", "Cues").into(),
        cols: vec![
            Col::new(l("计划开始", "Planned start")),
            Col::new(l("实际开始", "Actual start")),
            Col::new(l("偏差", "Over/under")),
            Col::new(l("开始方式", "Started by")),
            Col::new(l("加减时", "Held")),
            Col::wrapped(l("环节", "Title")),
            Col::new(l("板块", "Segment")),
            Col::new(l("任务完成", "Tasks done")),
            Col::new("ID"),
            Col::new("GMV"),
            Col::new(l("订单", "Orders")),
            Col::new(l("在线峰值", "Online peak")),
            Col::new(l("平均在线", "Online average")),
            Col::new(l("GMV/分钟", "GMV per minute")),
        ],
        rows: r
            .cues
            .iter()
            .map(|c| {
                let done = c.tasks.iter().filter(|t| t.state == "done").count();
                vec![
                    Cell::text(hm(&c.planned_start)),
                    Cell::text(c.actual_start.as_deref().map(hm).unwrap_or_default()),
                    Cell::text(c.over_under_seconds.map(signed).unwrap_or_default()),
                    Cell::text(state(lang, c.state, c.started_by)),
                    Cell::text(if c.held_seconds == 0 {
                        String::new()
                    } else {
                        signed(c.held_seconds)
                    }),
                    Cell::text(c.title.clone()),
                    Cell::text(c.segment.clone().unwrap_or_default()),
                    Cell::text(format!("{done}/{}", c.tasks.len())),
                    Cell::text(c.id.clone()),
                    Cell::opt_num(c.numbers.gmv),
                    Cell::opt_num(c.numbers.orders.map(|o| o as f64)),
                    Cell::opt_int(c.numbers.online_peak),
                    Cell::opt_int(c.numbers.online_avg),
                    Cell::opt_num(c.numbers.gmv_per_min),
                ]
            })
            .collect(),
    });

    let task_row = |row: &str, t: &TaskReport| {
        vec![
            Cell::text(row),
            Cell::text(task_state(lang, t)),
            Cell::text(t.task.clone()),
            Cell::text(t.who.clone().unwrap_or_default()),
            Cell::text(t.at.as_deref().map(hm).unwrap_or_default()),
        ]
    };
    let mut tasks: Vec<Vec<Cell>> = Vec::new();
    for c in &r.cues {
        tasks.extend(c.tasks.iter().map(|t| task_row(&c.title, t)));
    }
    for s in &r.slots {
        tasks.extend(s.tasks.iter().map(|t| task_row(&s.id, t)));
    }
    for w in &r.warmups {
        tasks.extend(w.tasks.iter().map(|t| task_row(&w.title, t)));
    }
    out.push(Table {
        name: l("任务", "Tasks").into(),
        cols: vec![
            Col::wrapped(l("环节", "Row")),
            Col::new(l("状态", "State")),
            Col::wrapped(l("任务", "Task")),
            Col::new(l("负责人", "Who")),
            Col::new(l("时间", "At")),
        ],
        rows: tasks,
    });

    out.push(Table {
        name: l("商品", "Products").into(),
        cols: vec![
            Col::new("SKU"),
            Col::wrapped(l("商品名称", "Product")),
            Col::new(l("库存", "Stock")),
            Col::new(l("已售", "Sold")),
            Col::new(l("售罄率", "Sell-through")),
            Col::new(l("售罄时间", "Sold out at")),
        ],
        rows: r
            .products
            .iter()
            .map(|p| {
                vec![
                    Cell::text(p.sku.clone()),
                    Cell::text(p.name.clone()),
                    Cell::opt_int(p.stock),
                    Cell::opt_int(p.sold),
                    Cell::opt_num(p.sell_through),
                    Cell::text(p.sold_out_at.as_deref().map(hm).unwrap_or_default()),
                ]
            })
            .collect(),
    });

    out.push(Table {
        name: l("福利", "Welfare").into(),
        cols: vec![
            Col::new("ID"),
            Col::new(l("类型", "Kind")),
            Col::wrapped(l("名称", "Name")),
            Col::new(l("计划次数", "Planned")),
            Col::new(l("发放次数", "Released")),
            Col::wrapped(l("发放时间", "Released at")),
            Col::new(l("数量", "Quantity")),
            Col::new(l("计划成本", "Planned cost")),
        ],
        rows: r
            .welfare
            .iter()
            .map(|w| {
                vec![
                    Cell::text(w.id.clone()),
                    Cell::text(w.kind.clone()),
                    Cell::text(w.name.clone()),
                    Cell::Num(w.planned_releases as f64),
                    Cell::Num(w.released as f64),
                    Cell::text(
                        w.released_at
                            .iter()
                            .map(|t| hm(t))
                            .collect::<Vec<_>>()
                            .join("\n"),
                    ),
                    Cell::opt_int(w.quantity),
                    Cell::opt_num(w.planned_cost),
                ]
            })
            .collect(),
    });

    let releases = r.releases_in_order();
    out.push(Table {
        name: l("发放", "Releases").into(),
        cols: vec![
            Col::new(l("时间", "At")),
            Col::new("ID"),
            Col::wrapped(l("名称", "Name")),
            Col::new(l("环节", "Cue")),
            Col::new(l("发放前在线", "Online before")),
            Col::new(l("5分钟后在线", "Online 5 min after")),
        ],
        rows: releases
            .into_iter()
            .map(|(w, x)| {
                vec![
                    Cell::text(hm(&x.at)),
                    Cell::text(w.id.clone()),
                    Cell::text(w.name.clone()),
                    Cell::text(x.cue.clone().unwrap_or_default()),
                    Cell::opt_int(x.online_before),
                    Cell::opt_int(x.online_after),
                ]
            })
            .collect(),
    });

    out.push(Table {
        name: l("投放", "Traffic").into(),
        cols: vec![
            Col::new("ID"),
            Col::new(l("渠道", "Channel")),
            Col::new(l("开始", "From")),
            Col::new(l("结束", "To")),
            Col::new(l("预算", "Budget")),
            Col::new(l("ROI目标", "ROI target")),
            Col::wrapped(l("开关", "Switches")),
            Col::new(l("消耗", "Spend")),
            Col::new("GMV"),
            Col::new("ROI"),
        ],
        rows: r
            .slots
            .iter()
            .map(|s| {
                vec![
                    Cell::text(s.id.clone()),
                    Cell::text(s.channel.clone().unwrap_or_default()),
                    Cell::text(hm(&s.from)),
                    Cell::text(hm(&s.to)),
                    Cell::opt_num(s.budget),
                    Cell::opt_num(s.roi_target),
                    Cell::text(
                        s.tasks
                            .iter()
                            .map(|t| format!("{} {}", task_state(lang, t), t.task))
                            .collect::<Vec<_>>()
                            .join("\n"),
                    ),
                    Cell::opt_num(s.numbers.spend),
                    Cell::opt_num(s.numbers.gmv),
                    Cell::opt_num(s.numbers.roi),
                ]
            })
            .collect(),
    });

    let mut notes: Vec<Vec<Cell>> = r
        .notes
        .iter()
        .map(|n| {
            vec![
                Cell::text(hm(&n.at)),
                Cell::text(l("备注", "note")),
                Cell::text(n.text.clone()),
            ]
        })
        .collect();
    notes.extend(r.holds.iter().map(|h| {
        vec![
            Cell::text(hm(&h.at)),
            Cell::text(l("加减时", "hold")),
            Cell::text(format!(
                "{} {}",
                h.cue.clone().unwrap_or_default(),
                signed(h.moved_seconds)
            )),
        ]
    }));
    notes.extend(r.orphaned.iter().map(|o| {
        vec![
            Cell::text(hm(&o.at)),
            Cell::text(l("已删任务", "orphaned")),
            Cell::text(format!("{}: {} ({})", o.cue, o.task, o.state)),
        ]
    }));
    notes.extend(notify_failures.iter().map(|f| {
        vec![
            Cell::Empty,
            Cell::text(l("群通知失败", "group chat")),
            Cell::text(f.clone()),
        ]
    }));
    notes.extend(r.warnings.iter().map(|w| {
        vec![
            Cell::Empty,
            Cell::text(l("警告", "warning")),
            Cell::text(w.clone()),
        ]
    }));
    out.push(Table {
        name: l("备注", "Notes").into(),
        cols: vec![
            Col::new(l("时间", "At")),
            Col::new(l("类型", "Kind")),
            Col::wrapped(l("内容", "Text")),
        ],
        rows: notes,
    });
    out
}

pub fn workbook(
    r: &Report,
    lang: Lang,
    notify_failures: &[String],
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    super::workbook(&tables(r, lang, notify_failures))
}
