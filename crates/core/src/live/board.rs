//! The crew's board: everything the browser views show (host prompter,
//! assistant, ads buyer, studio clock, live run sheet), derived once from
//! the projection and owned, so a server can hand it to many viewers on
//! other threads. It decides nothing new: every figure comes from
//! [`super::project`], [`super::tasks`], [`super::draws`] and
//! [`super::status`], so the browser cannot disagree with the terminal.

use chrono::{Duration, Utc};

use super::draws::{Draw, draws};
use super::numbers::Numbers;
use super::status::Status;
use super::tasks::{self, CheckItem};
use super::{CueState, Live, Phase};
use crate::plan::{Money, Plan, Platform, WelfareKind};
use crate::schedule::{Schedule, ShowTime};
use crate::state::{LiveState, TaskMark};
use crate::timeline::{Row, RowKind};

/// The show at one instant, for every crew screen.
#[derive(Debug, Clone)]
pub struct Board {
    /// The contract's `status` object (the API serves it as is).
    pub status: Status,
    pub title: String,
    pub platform: Option<&'static str>,
    pub hosts: Vec<String>,
    /// `[crew]`: role key → who plays it.
    pub crew: std::collections::BTreeMap<String, String>,
    pub currency: String,
    pub rehearsal: bool,
    pub now: ShowTime,
    pub phase: Phase,
    pub on_air: Option<OnAirCue>,
    /// The cue after the one on air (or the first, before the show).
    pub next: Option<CueRef>,
    pub next_hard: Option<CueRef>,
    /// The next hard hit: the next hard cue's instant, or the show's end.
    pub next_hard_at: ShowTime,
    /// Over (positive) or under the next hard hit.
    pub over: Duration,
    pub projected_end: ShowTime,
    pub show_start: ShowTime,
    pub show_end: ShowTime,
    pub ended: bool,
    /// Welfare countdowns: callouts first, then running, soonest first.
    pub countdowns: Vec<Countdown>,
    /// The checklist of the moment, every role's (views filter by role).
    pub checklist: Vec<Task>,
    /// Open tasks due at or before now, every role's.
    pub due: Vec<Task>,
    /// The live run sheet: cues and slot switches in time order.
    pub rows: Vec<SheetRow>,
    pub slots: Vec<SlotView>,
    /// The message standing on the host's screen.
    pub message: Option<String>,
    /// The live numbers and their alerts.
    pub numbers: Numbers,
}

#[derive(Debug, Clone)]
pub struct CueRef {
    pub id: String,
    pub title: String,
    pub start: Option<ShowTime>,
    pub hard: bool,
}

#[derive(Debug, Clone)]
pub struct OnAirCue {
    pub id: String,
    pub title: String,
    pub segment: Option<String>,
    pub start: ShowTime,
    pub due_end: Option<ShowTime>,
    /// The host's script (话术), one entry a line.
    pub script: Vec<String>,
    pub products: Vec<Product>,
    pub welfare: Vec<WelfareView>,
}

#[derive(Debug, Clone)]
pub struct Product {
    pub sku: String,
    pub name: String,
    /// 链接号: the link's number in the shop cart.
    pub link: Option<u32>,
    pub list_price: Option<Money>,
    pub live_price: Option<Money>,
    /// 秒杀价, when a welfare of the cue on air sets one for this SKU.
    pub flash_price: Option<Money>,
    /// The first three selling points.
    pub pitch: Vec<String>,
    pub stock: Option<u64>,
    pub sold_out: bool,
}

#[derive(Debug, Clone)]
pub struct WelfareView {
    pub id: String,
    pub name: String,
    pub kind: WelfareKind,
    pub quantity: Option<u64>,
    pub rule: Option<String>,
    pub released: bool,
}

#[derive(Debug, Clone)]
pub struct Countdown {
    pub welfare: String,
    pub name: String,
    /// 开奖 / 开抢 / 结束.
    pub word: &'static str,
    pub draw: Draw,
}

#[derive(Debug, Clone)]
pub struct Task {
    /// The row it belongs to, as `status` names it (cue id or slot id).
    pub row: String,
    pub text: String,
    pub who: Option<String>,
    pub due: Option<ShowTime>,
    pub mark: TaskMark,
    /// An 上架 task whose SKU is sold out now.
    pub sold_out: bool,
}

#[derive(Debug, Clone)]
pub struct SheetRow {
    pub kind: RowKind,
    pub id: String,
    pub title: String,
    pub segment: Option<String>,
    pub hard: bool,
    pub planned_start: ShowTime,
    pub planned_end: ShowTime,
    /// The live start (actual, or projected) and end, for cues.
    pub start: Option<ShowTime>,
    pub end: Option<ShowTime>,
    pub state: Option<CueState>,
    pub tasks: Vec<Task>,
}

#[derive(Debug, Clone)]
pub struct SlotView {
    pub id: String,
    pub channel: Option<String>,
    pub audience: Option<String>,
    pub from: ShowTime,
    pub to: ShowTime,
    pub budget: Option<Money>,
    pub roi_target: Option<f64>,
    pub running: bool,
    /// Its on and off switches, with their times and marks.
    pub tasks: Vec<Task>,
}

/// Builds the board at the projection's instant.
pub fn board(
    plan: &Plan,
    sched: &Schedule,
    rows: &[Row],
    state: &LiveState,
    live: &Live,
    rehearsal: bool,
) -> Board {
    let now = live.now;
    let numbers = super::numbers::numbers(plan, sched, state, live);
    let status = super::status::status_with(plan, rows, state, live, rehearsal, &numbers);
    let row_of = |item: &CheckItem| -> String {
        rows.iter()
            .find(|r| r.key == item.key.cue && r.kind != RowKind::Cue)
            .map_or_else(|| item.key.cue.clone(), |r| r.id.clone())
    };
    let task = |item: CheckItem| Task {
        row: row_of(&item),
        text: item.text,
        who: item.who,
        due: item.due,
        mark: item.mark,
        sold_out: item.sold_out,
    };
    let cue_ref = |i: usize| CueRef {
        id: plan.cues[i].id.clone(),
        title: plan.cues[i].title.clone(),
        start: live.cues[i].start,
        hard: live.cues[i].hard,
    };
    let on_air = live.on_air.map(|c| on_air_cue(plan, state, live, c));
    let countdowns = draws(plan, state, now.with_timezone(&Utc))
        .into_iter()
        .map(|(w, draw)| Countdown {
            welfare: plan.welfare[w].id.clone(),
            name: plan.welfare[w].name.clone(),
            word: super::countdown_word(plan.welfare[w].kind),
            draw,
        })
        .collect();
    let checklist = tasks::checklist(plan, sched, rows, state, live, None)
        .into_iter()
        .map(task)
        .collect();
    let due = tasks::due_now(plan, rows, state, live)
        .into_iter()
        .map(task)
        .collect();
    let sheet_rows: Vec<SheetRow> = rows
        .iter()
        .map(|r| {
            let cue = (r.kind == RowKind::Cue).then(|| &live.cues[r.index]);
            SheetRow {
                kind: r.kind,
                id: r.id.clone(),
                title: r.title.clone(),
                segment: (r.kind == RowKind::Cue)
                    .then(|| plan.cues[r.index].segment.clone())
                    .flatten(),
                hard: cue.is_some_and(|c| c.hard),
                planned_start: r.start,
                planned_end: r.end,
                start: cue.and_then(|c| c.start),
                end: cue.and_then(|c| c.end.or(c.due_end)),
                state: cue.map(|c| c.state),
                tasks: r
                    .tasks
                    .iter()
                    .map(|t| task(tasks::row_item(plan, state, live, r, t)))
                    .collect(),
            }
        })
        .collect();
    let slots = plan
        .traffic
        .iter()
        .flat_map(|t| t.slots.iter().enumerate())
        .filter_map(|(i, s)| {
            let iv = sched.slots.get(i)?;
            let tasks = sheet_rows
                .iter()
                .filter(|r| r.kind != RowKind::Cue && r.id == s.id)
                .flat_map(|r| r.tasks.iter().cloned())
                .collect();
            Some(SlotView {
                id: s.id.clone(),
                channel: s.channel.clone(),
                audience: s.audience.clone(),
                from: iv.start,
                to: iv.end,
                budget: s.budget,
                roi_target: s.roi_target,
                running: live.phase == Phase::OnAir && iv.contains(now),
                tasks,
            })
        })
        .collect();
    Board {
        title: plan.session.title.clone(),
        platform: plan.session.platform.map(Platform::zh),
        hosts: plan.session.hosts.clone(),
        crew: plan.crew.clone().unwrap_or_default(),
        currency: plan.session.currency.clone(),
        rehearsal,
        now,
        phase: live.phase,
        on_air,
        next: live.next.map(cue_ref),
        next_hard: live.next_hard.map(cue_ref),
        next_hard_at: live.next_hard_at,
        over: live.over,
        projected_end: live.projected_end,
        show_start: sched.start,
        show_end: sched.end,
        ended: live.ended_at.is_some(),
        countdowns,
        checklist,
        due,
        rows: sheet_rows,
        slots,
        message: state.message().map(|(_, t)| t.to_string()),
        numbers,
        status,
    }
}

fn on_air_cue(plan: &Plan, state: &LiveState, live: &Live, c: usize) -> OnAirCue {
    let cue = &plan.cues[c];
    let cl = &live.cues[c];
    let products = cue
        .items
        .iter()
        .map(|&i| {
            let it = &plan.items[i];
            let flash_price = cue
                .welfare
                .iter()
                .map(|&w| &plan.welfare[w])
                .find(|w| w.sku == Some(i))
                .and_then(|w| w.price);
            Product {
                sku: it.sku.clone(),
                name: it.name.clone(),
                link: it.link,
                list_price: it.list_price,
                live_price: it.live_price,
                flash_price,
                pitch: it.pitch.iter().take(3).cloned().collect(),
                stock: it.stock,
                sold_out: state.is_sold_out(&it.sku),
            }
        })
        .collect();
    let welfare = cue
        .welfare
        .iter()
        .map(|&w| {
            let wf = &plan.welfare[w];
            WelfareView {
                id: wf.id.clone(),
                name: wf.name.clone(),
                kind: wf.kind,
                quantity: wf.quantity,
                rule: wf.rule.clone().or_else(|| wf.trigger.clone()),
                released: tasks::released_in(plan, state, live, w, c),
            }
        })
        .collect();
    OnAirCue {
        id: cue.id.clone(),
        title: cue.title.clone(),
        segment: cue.segment.clone(),
        start: cl.start.unwrap_or(cl.planned.start),
        due_end: cl.due_end,
        script: cue
            .script
            .as_deref()
            .map(|s| {
                s.lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default(),
        products,
        welfare,
    }
}
