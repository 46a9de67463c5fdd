//! Group-chat bots (企业微信, 飞书, 钉钉, a plain webhook): the runner tells
//! the crew's group what happens on air, without anyone typing it.
//!
//! - [`config`]: the user config file (`[[notify]]`), never the plan;
//! - [`format`](mod@format): the words, and each platform's body and signature;
//! - [`deliver`]: a worker thread with a bounded queue, retries, a rate
//!   limit and de-duplication, so the runner never waits on the network;
//! - [`failures`]: failures kept beside the log for the review.
//!
//! The runner holds a [`Notifier`] outside its `App` and calls
//! [`Notifier::observe`] once per loop; what changed since the last look
//! comes from the core's pure `live::changes`.

pub mod config;
pub mod deliver;
pub mod failures;
pub mod format;

use std::path::Path;
use std::sync::Arc;

use stagecall_core::live::changes::{self, Memo, ShowChange};
use stagecall_core::live::{self, Live};
use stagecall_core::plan::Plan;
use stagecall_core::schedule::ShowTime;

use crate::tui::app::App;
use config::{Bot, Config};
use deliver::{Delivery, Limits, Report};
use format::Message;

/// The prefix of every message a rehearsal sends.
pub const REHEARSAL_PREFIX: &str = "【彩排】";

pub struct Notifier {
    bots: Vec<Bot>,
    over_threshold: chrono::Duration,
    rehearsal: bool,
    delivery: Delivery,
    memo: Option<Memo>,
    /// (instant, events seen, cues) of the last look: nothing new, no work.
    seen: Option<(ShowTime, usize, usize)>,
}

/// What `run` decided about the bots.
pub enum Start {
    /// No config file, or no bots in it.
    Off,
    /// A rehearsal without `--notify`: bots stay quiet.
    Quiet,
    On(Box<Notifier>),
    /// The config file has errors: the show runs without bots.
    Broken(String),
}

/// The notifier for a run of `plan`: from the config file, unless a
/// rehearsal was started without `--notify`.
pub fn start(plan: &Path, rehearsal: bool, notify: bool) -> Start {
    let Some(file) = config::path() else {
        return Start::Off;
    };
    let cfg = match config::load(&file) {
        Ok(Some((_, cfg))) => cfg,
        Ok(None) => return Start::Off,
        Err(e) => return Start::Broken(e),
    };
    if cfg.bots.is_empty() {
        return Start::Off;
    }
    if rehearsal && !notify {
        return Start::Quiet;
    }
    Start::On(Box::new(Notifier::new(
        cfg,
        rehearsal,
        Limits::default(),
        Some(failures::path(plan, rehearsal)),
    )))
}

impl Notifier {
    pub fn new(
        cfg: Config,
        rehearsal: bool,
        limits: Limits,
        failures: Option<std::path::PathBuf>,
    ) -> Notifier {
        Notifier {
            delivery: Delivery::spawn(cfg.bots.clone(), limits, failures),
            bots: cfg.bots,
            over_threshold: cfg.over_threshold,
            rehearsal,
            memo: None,
            seen: None,
        }
    }

    /// Looks at the show once: queues a message for every change since
    /// the last look (the first look only remembers), and puts the bots'
    /// latest failure on the status bar. Never waits. Only a runner that
    /// writes the log speaks, so a second screen does not repeat it.
    /// Returns what the status bar should now say of the bots (`None`:
    /// no news since the last look).
    pub fn observe(&mut self, app: &App) -> Option<Option<String>> {
        let mut status = None;
        for r in self.delivery.reports() {
            status = Some(match r {
                Report::Failed { error, .. } => Some(error),
                Report::Sent { .. } => None,
            });
        }
        if !app.writable {
            self.memo = None;
            return status;
        }
        let key = (app.now, app.state.log.len(), app.plan.cues.len());
        if self.seen == Some(key) {
            return status;
        }
        self.seen = Some(key);
        let live = app.live();
        let memo = Memo::of(&live, &app.state);
        let prev = self.memo.replace(memo);
        let (Some(prev), Some(next)) = (prev, self.memo.as_ref()) else {
            return status;
        };
        if prev.started.len() != next.started.len() || next.now < prev.now {
            return status;
        }
        let list = changes::changes(&app.plan, &live, &prev, next, self.over_threshold);
        if list.is_empty() {
            return status;
        }
        let status_json = self
            .bots
            .iter()
            .any(|b| b.kind == config::Kind::Webhook)
            .then(|| {
                serde_json::to_value(live::status::status(
                    &app.plan,
                    &app.sched,
                    &app.rows,
                    &app.state,
                    &live,
                    self.rehearsal,
                ))
                .unwrap_or_default()
            });
        for change in &list {
            for (i, bot) in self.bots.iter().enumerate() {
                if !bot.wants(change.event()) {
                    continue;
                }
                let msg = message(
                    app,
                    &live,
                    change,
                    bot,
                    self.rehearsal,
                    status_json.as_ref(),
                );
                self.delivery.send(i, Arc::new(msg));
            }
        }
        status
    }
}

fn hm(t: ShowTime) -> String {
    t.format("%H:%M").to_string()
}

fn minutes(d: chrono::Duration) -> i64 {
    (d.num_seconds().abs() + 30) / 60
}

/// The message a bot gets for a change.
pub fn message(
    app: &App,
    live: &Live,
    change: &ShowChange,
    bot: &Bot,
    rehearsal: bool,
    status: Option<&serde_json::Value>,
) -> Message {
    let plan = &app.plan;
    let (key, text, markdown) = words(app, live, change, bot);
    let prefix = if rehearsal { REHEARSAL_PREFIX } else { "" };
    let text = format!("{prefix}{text}");
    let markdown = markdown.map(|m| format!("{prefix}{m}"));
    let json = (bot.kind == config::Kind::Webhook).then(|| {
        serde_json::json!({
            "event": event_json(plan, change),
            "status": status.cloned().unwrap_or(serde_json::Value::Null),
            "rehearsal": rehearsal,
        })
    });
    Message {
        event: change.event(),
        key: format!("{}{key}", if rehearsal { "rehearsal:" } else { "" }),
        text,
        markdown,
        json,
    }
}

fn rfc(t: ShowTime) -> String {
    stagecall_core::report::rfc3339(t)
}

/// The event as the webhook's JSON: its type and the ids and instants.
pub fn event_json(plan: &Plan, change: &ShowChange) -> serde_json::Value {
    use serde_json::json;
    let mut v = match change {
        ShowChange::ShowStart { at } => json!({"type": "show_start", "at": rfc(*at)}),
        ShowChange::ShowEnd { at } => json!({"type": "show_end", "at": rfc(*at)}),
        ShowChange::CueOnAir { cue, at } => {
            json!({"type": "cue", "cue": plan.cues[*cue].id, "title": plan.cues[*cue].title, "at": rfc(*at)})
        }
        ShowChange::HardSoon { cue, at } => {
            json!({"type": "hard_soon", "cue": plan.cues[*cue].id, "title": plan.cues[*cue].title, "at": rfc(*at)})
        }
        ShowChange::Release {
            welfare,
            at,
            countdown_end,
        } => json!({"type": "release", "welfare": plan.welfare[*welfare].id, "at": rfc(*at),
            "countdown_end": countdown_end.map(rfc)}),
        ShowChange::CountdownEnd { welfare, at } => {
            json!({"type": "countdown_end", "welfare": plan.welfare[*welfare].id, "at": rfc(*at)})
        }
        ShowChange::SoldOut { sku, at } => json!({"type": "sold_out", "sku": sku, "at": rfc(*at)}),
        ShowChange::LowStock { sku, remaining, at } => {
            json!({"type": "low_stock", "sku": sku, "remaining": remaining, "at": rfc(*at)})
        }
        ShowChange::Over {
            over,
            hard,
            hard_at,
        } => json!({"type": "over", "over": over.num_seconds(),
            "next_hard": hard.map(|h| plan.cues[h].id.clone()), "at": rfc(*hard_at)}),
        ShowChange::Note { text, at } => json!({"type": "note", "text": text, "at": rfc(*at)}),
        ShowChange::Message { text, at } => {
            json!({"type": "message", "text": text, "at": rfc(*at)})
        }
    };
    v["event"] = serde_json::Value::String(change.event().to_string());
    v
}

/// (dedup key, text, markdown) for a change.
fn words(
    app: &App,
    live: &Live,
    change: &ShowChange,
    bot: &Bot,
) -> (String, String, Option<String>) {
    let plan = &app.plan;
    let title = &plan.session.title;
    match change {
        ShowChange::ShowStart { at } => (
            format!("show_start:{}", rfc(*at)),
            format!(
                "【开播】{title} {} 开播，计划 {}–{}，{} 个环节",
                hm(*at),
                hm(app.sched.start),
                hm(app.sched.end),
                plan.cues.len()
            ),
            None,
        ),
        ShowChange::ShowEnd { at } => (
            format!("show_end:{}", rfc(*at)),
            format!("【下播】{title} {} 下播。{}", hm(*at), summary(app, *at)),
            None,
        ),
        ShowChange::CueOnAir { cue, at } => {
            let c = &plan.cues[*cue];
            let mut lines = vec![format!("【上播】{} {}", hm(*at), c.title)];
            let items: Vec<String> = c
                .items
                .iter()
                .map(|&i| {
                    let it = &plan.items[i];
                    let mut s = String::new();
                    if let Some(n) = it.link {
                        s.push_str(&format!("{n}号链接 "));
                    }
                    s.push_str(&it.name);
                    if let Some(p) = it.live_price {
                        s.push_str(&format!(" {}", crate::render::sheet::price(plan, p)));
                    }
                    s
                })
                .collect();
            if !items.is_empty() {
                lines.push(format!("商品：{}", items.join("、")));
            }
            if let Some(first) = c
                .script
                .as_deref()
                .and_then(|s| s.lines().map(str::trim).find(|l| !l.is_empty()))
            {
                lines.push(format!("话术：{first}"));
            }
            let tasks: Vec<String> = app
                .rows
                .iter()
                .filter(|r| r.kind == stagecall_core::timeline::RowKind::Cue && r.index == *cue)
                .flat_map(|r| &r.tasks)
                .filter(|t| match &bot.roles {
                    None => true,
                    Some(roles) => t.who.as_ref().is_some_and(|w| roles.contains(w)),
                })
                .map(|t| match &t.who {
                    Some(w) => format!("☐ {}（{w}）", t.text),
                    None => format!("☐ {}", t.text),
                })
                .collect();
            if !tasks.is_empty() {
                lines.push(format!("任务：\n{}", tasks.join("\n")));
            }
            let text = lines.join("\n");
            let md = {
                let mut m = vec![format!("**【上播】{} {}**", hm(*at), c.title)];
                m.extend(
                    lines
                        .iter()
                        .skip(1)
                        .map(|l| format!("> {}", l.replace('\n', "\n> "))),
                );
                m.join("\n")
            };
            (format!("cue:{}:{}", c.id, rfc(*at)), text, Some(md))
        }
        ShowChange::HardSoon { cue, at } => {
            let c = &plan.cues[*cue];
            (
                format!("hard_soon:{}:{}", c.id, rfc(*at)),
                format!("【2分钟后】{} {}（定点）", hm(*at), c.title),
                None,
            )
        }
        ShowChange::Release {
            welfare,
            at,
            countdown_end,
        } => {
            let w = &plan.welfare[*welfare];
            let qty = w.quantity.map(|q| format!(" ×{q}")).unwrap_or_default();
            let end = countdown_end
                .map(|e| format!("，{} {}", hm(e), live::countdown_word(w.kind)))
                .unwrap_or_default();
            (
                format!("release:{}:{}", w.id, rfc(*at)),
                format!(
                    "【福利】{} 已发{} {}{qty}{end}",
                    hm(*at),
                    w.kind.zh(),
                    w.name
                ),
                None,
            )
        }
        ShowChange::CountdownEnd { welfare, at } => {
            let w = &plan.welfare[*welfare];
            let word = live::countdown_word(w.kind);
            (
                format!("countdown_end:{}:{}", w.id, rfc(*at)),
                format!("【{word}】{} {}{} {}", hm(*at), w.kind.zh(), w.name, word),
                None,
            )
        }
        ShowChange::SoldOut { sku, at } => {
            let name = plan.item_by_sku(sku).map(|i| i.name.as_str()).unwrap_or("");
            (
                format!("sold_out:{sku}:{}", rfc(*at)),
                format!("【售罄】{} {sku} {name}", hm(*at)),
                None,
            )
        }
        ShowChange::LowStock { sku, remaining, at } => {
            let name = plan.item_by_sku(sku).map(|i| i.name.as_str()).unwrap_or("");
            (
                format!("low_stock:{sku}:{remaining}"),
                format!("【库存紧张】{} {sku} {name} 剩 {remaining}", hm(*at)),
                None,
            )
        }
        ShowChange::Over {
            over,
            hard,
            hard_at,
        } => {
            let what = match hard {
                Some(h) => format!("{} {}", hm(*hard_at), plan.cues[*h].title),
                None => format!("{} 下播", hm(*hard_at)),
            };
            let (tag, word) = if *over > chrono::Duration::zero() {
                ("【超时】", "超时")
            } else {
                ("【富余】", "富余")
            };
            (
                format!("over:{}:{}:{}", rfc(*hard_at), tag, rfc(live.now)),
                format!("{tag}距 {what} {word} {} 分", minutes(*over)),
                None,
            )
        }
        ShowChange::Note { text, at } => (
            format!("note:{}:{text}", rfc(*at)),
            format!("【备注】{} {text}", hm(*at)),
            None,
        ),
        ShowChange::Message { text, at } => (
            format!("message:{}:{text}", rfc(*at)),
            format!("【中控】{} {text}", hm(*at)),
            None,
        ),
    }
}

/// The show-end paragraph: the review's summary in one sentence each.
fn summary(app: &App, at: ShowTime) -> String {
    let r = stagecall_core::report::build(&app.plan, &app.sched, &app.state, at, false, Vec::new());
    let m = &r.summary;
    let delay = m.total_delay_seconds;
    let end = match delay {
        d if d > 60 => format!("比计划晚 {} 分下播", (d + 30) / 60),
        d if d < -60 => format!("比计划早 {} 分下播", (-d + 30) / 60),
        _ => "按计划下播".to_string(),
    };
    let mut s = format!(
        "{} 个环节开播 {} 个，准点 {} 个，未播 {} 个；任务完成 {}、跳过 {}、漏做 {}；福利发放 {} 次；{end}",
        m.cues,
        m.cues_started,
        m.cues_on_time,
        m.cues_not_aired,
        m.tasks_done,
        m.tasks_skipped,
        m.tasks_missed,
        m.welfare_releases
    );
    if !m.sold_out.is_empty() {
        s.push_str(&format!("；售罄 {}", m.sold_out.join("、")));
    }
    s.push('。');
    s
}
