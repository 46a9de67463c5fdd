//! Unit tests of the runner's pure `update`: keys in, effects out, and the
//! model after the shell records them.

use crate::util::app::*;
use chrono::Duration;
use stagecall::core::state::EventKind;
use stagecall::core::timeline::TaskKey;
use stagecall::tui::app::{Action, App, Config, Effect, Key, Mode, Pane, Prompt, update};
use stagecall::tui::i18n::Lang;

fn hero(cfg: Config) -> App {
    app_at(KUAISHOU, "19:31:00", cfg)
}

fn key(cue: &str, task: &str) -> TaskKey {
    TaskKey {
        cue: cue.into(),
        task: task.into(),
    }
}

#[test]
fn space_ticks_the_first_open_task_of_the_cue_on_air() {
    let mut app = hero(config(Lang::En));
    assert_eq!(app.live().on_air, Some(cue(&app, "爆款四件套 第一轮")));
    let effects = update(&mut app, Action::Key(Key::Toggle));
    assert_eq!(
        effects,
        vec![Effect::Record(EventKind::Tick {
            cue: "hero-1".into(),
            task: "样品 4 色铺床展示".into()
        })]
    );
}

#[test]
fn a_recorded_tick_moves_the_selection_to_the_next_open_task() {
    let mut app = hero(config(Lang::En));
    press(&mut app, Key::Toggle);
    assert_eq!(
        app.panes.sheet.selected,
        Some(key("hero-1", "报赠品剩余数量"))
    );
    // Space again ticks that one: it does the next thing at once.
    let effects = update(&mut app, Action::Key(Key::Toggle));
    assert_eq!(
        effects,
        vec![Effect::Record(EventKind::Tick {
            cue: "hero-1".into(),
            task: "报赠品剩余数量".into()
        })]
    );
}

#[test]
fn space_on_a_done_task_unticks_it() {
    let mut app = hero(config(Lang::En));
    press(&mut app, Key::Toggle);
    press(&mut app, Key::Up);
    let effects = update(&mut app, Action::Key(Key::Toggle));
    assert_eq!(
        effects,
        vec![Effect::Record(EventKind::Untick {
            cue: "hero-1".into(),
            task: "样品 4 色铺床展示".into()
        })]
    );
}

#[test]
fn go_starts_the_next_cue_that_has_not_started() {
    let mut app = hero(config(Lang::En));
    // hero-1 went on air by itself at 19:30 (a fixed cue): GO starts the
    // one after it, now. There is no separate "confirm" press.
    let on_air = cue(&app, "爆款四件套 第一轮");
    assert_eq!(
        app.live().cues[on_air].started_by,
        Some(stagecall::core::live::StartedBy::Hard)
    );
    let next = app.plan.cues[on_air + 1].id.clone();
    let effects = update(&mut app, Action::Key(Key::Go));
    assert_eq!(effects, vec![Effect::Record(EventKind::Go { cue: next })]);
    perform(&mut app, effects);
    assert_eq!(app.live().on_air, Some(on_air + 1));
}

#[test]
fn a_go_more_than_a_minute_before_a_fixed_cue_asks_first() {
    // 19:52: 憋单 is next (floating) and GO starts it; then the 20:00 红包
    // is next, eight minutes away: GO asks.
    let mut app = app_at(KUAISHOU, "19:52:00", config(Lang::En));
    press(&mut app, Key::Go);
    let rp = cue(&app, "20点整点红包");
    assert_eq!(app.live().next, Some(rp));
    assert!(update(&mut app, Action::Key(Key::Go)).is_empty());
    assert!(matches!(app.prompt, Some(Prompt::EarlyGo { cue, .. }) if cue == rp));
    // n (or Esc) keeps waiting; nothing is recorded.
    assert!(update(&mut app, Action::Key(Key::Char('n'))).is_empty());
    assert_eq!(app.prompt, None);
    update(&mut app, Action::Key(Key::Go));
    let effects = update(&mut app, Action::Key(Key::Char('y')));
    assert_eq!(
        effects,
        vec![Effect::Record(EventKind::Go {
            cue: "rp-20".into()
        })]
    );
    // Within the last minute it starts at once.
    let mut app = app_at(KUAISHOU, "19:59:10", config(Lang::En));
    assert_eq!(
        update(&mut app, Action::Key(Key::Go)),
        vec![Effect::Record(EventKind::Go {
            cue: "rp-20".into()
        })]
    );
}

#[test]
fn plus_and_minus_hold_and_pull_the_cue_on_air() {
    let mut app = hero(config(Lang::En));
    assert_eq!(
        update(&mut app, Action::Key(Key::DelayPlus)),
        vec![Effect::Record(EventKind::Delay { seconds: 60 })]
    );
    assert_eq!(
        update(&mut app, Action::Key(Key::DelayMinus)),
        vec![Effect::Record(EventKind::Delay { seconds: -60 })]
    );
    press(&mut app, Key::DelayPlus);
    let hero_cue = cue(&app, "爆款四件套 第一轮");
    assert_eq!(app.live().cues[hero_cue].held, Duration::minutes(1));
    assert_eq!(
        app.live().cues[hero_cue + 1].start,
        Some(show_day_at(&app.plan, "19:46:00"))
    );
    // Before the show they change nothing, and say so.
    let mut pre = app_at(KUAISHOU, "18:50:00", config(Lang::En));
    assert!(update(&mut pre, Action::Key(Key::DelayPlus)).is_empty());
    assert!(
        pre.notice
            .as_ref()
            .is_some_and(|n| n.text.contains("change nothing"))
    );
}

#[test]
fn an_early_go_moves_the_floating_cues_but_not_the_fixed_one() {
    let mut app = app_at(KUAISHOU, "19:44:00", config(Lang::En));
    let bed = cue(&app, "承接：加厚法兰绒床单");
    let id = app.plan.cues[bed].id.clone();
    record(&mut app, EventKind::Go { cue: id });
    let m = app.live();
    assert_eq!(m.on_air, Some(bed));
    assert_eq!(m.next, Some(bed + 1));
    assert_eq!(
        m.cues[bed + 1].start,
        Some(show_day_at(&app.plan, "19:54:00"))
    );
    // The 20:00 红包 stays at 20:00; a minute of buffer before it.
    assert_eq!(
        m.cues[bed + 2].start,
        Some(show_day_at(&app.plan, "20:00:00"))
    );
    assert_eq!(m.over, Duration::minutes(-1));
    assert_eq!(m.projected_end, app.sched.end);
}

#[test]
fn read_only_ignores_writes_and_says_so() {
    let cfg = Config {
        mode: Mode::Live,
        lang: Lang::En,
        role: None,
        writable: false,
    };
    let mut app = hero(cfg);
    for k in [
        Key::Toggle,
        Key::Go,
        Key::Skip,
        Key::DelayPlus,
        Key::DelayMinus,
    ] {
        assert!(update(&mut app, Action::Key(k)).is_empty(), "{k:?}");
    }
    assert!(
        app.notice
            .as_ref()
            .is_some_and(|n| n.text.contains("read-only"))
    );
    // Moving around still works.
    update(&mut app, Action::Key(Key::NextPane));
    assert_eq!(app.panes.current, Pane::Products);
}

#[test]
fn tab_shift_tab_and_numbers_switch_panes() {
    let mut app = hero(config(Lang::En));
    let mut seen = vec![app.panes.current];
    for _ in 0..6 {
        update(&mut app, Action::Key(Key::NextPane));
        seen.push(app.panes.current);
    }
    assert_eq!(
        seen,
        vec![
            Pane::Sheet,
            Pane::Products,
            Pane::Welfare,
            Pane::Traffic,
            Pane::Warmup,
            Pane::Help,
            Pane::Sheet
        ]
    );
    update(&mut app, Action::Key(Key::PrevPane));
    assert_eq!(app.panes.current, Pane::Help);
    for (n, p) in (1..=6).zip(Pane::ALL) {
        update(&mut app, Action::Key(Key::Pane(n)));
        assert_eq!(app.panes.current, p);
    }
    update(&mut app, Action::Key(Key::Pane(7)));
    update(&mut app, Action::Key(Key::Pane(0)));
    assert_eq!(app.panes.current, Pane::Help);
    update(&mut app, Action::Key(Key::Help));
    assert_eq!(app.panes.current, Pane::Sheet);
}

#[test]
fn sold_out_toggles_the_selected_product_or_the_one_on_air() {
    let mut app = hero(config(Lang::En));
    // On the sheet: the product of the cue on air (hero-1 has one).
    let hero_cue = cue(&app, "爆款四件套 第一轮");
    let on_air_sku = app.plan.items[app.plan.cues[hero_cue].items[0]].sku.clone();
    assert_eq!(
        update(&mut app, Action::Key(Key::SoldOut)),
        vec![Effect::Record(EventKind::SoldOut {
            sku: on_air_sku.clone()
        })]
    );
    press(&mut app, Key::SoldOut);
    // It brings its follow-ups (下架, tell the host) onto the checklist.
    let list = app.checklist();
    assert!(
        list.iter()
            .any(|i| i.text.starts_with("下架 ") && i.text.contains(&on_air_sku))
    );
    assert!(list.iter().any(|i| i.text.starts_with("告知主播 ")));
    // A second x restocks.
    assert_eq!(
        update(&mut app, Action::Key(Key::SoldOut)),
        vec![Effect::Record(EventKind::Restock {
            sku: on_air_sku.clone()
        })]
    );
    // In the products pane: the selected one.
    press(&mut app, Key::Pane(2));
    press(&mut app, Key::Down);
    let sku = app.plan.items[1].sku.clone();
    assert_eq!(
        update(&mut app, Action::Key(Key::SoldOut)),
        vec![Effect::Record(EventKind::SoldOut { sku: sku.clone() })]
    );
    press(&mut app, Key::SoldOut);
    assert!(app.state.is_sold_out(&sku));
    press(&mut app, Key::SoldOut);
    assert!(!app.state.is_sold_out(&sku));
}

#[test]
fn sold_out_asks_which_when_the_cue_has_several_products() {
    let mut app = app_at(KUAISHOU, "20:20:00", config(Lang::En));
    let c = app.live().on_air.unwrap();
    let items = app.plan.cues[c].items.clone();
    assert!(items.len() > 1, "the combo cue has two products");
    assert!(update(&mut app, Action::Key(Key::SoldOut)).is_empty());
    assert!(matches!(app.prompt, Some(Prompt::PickSku(_))));
    let sku = app.plan.items[items[1]].sku.clone();
    assert_eq!(
        update(&mut app, Action::Key(Key::Char('2'))),
        vec![Effect::Record(EventKind::SoldOut { sku })]
    );
}

#[test]
fn release_defaults_to_the_cue_on_air_and_a_second_release_asks() {
    let mut app = app_at(KUAISHOU, "19:03:30", config(Lang::En));
    let c = cue(&app, "发开场福袋（倒计时5分钟）");
    let effects = update(&mut app, Action::Key(Key::Release));
    assert_eq!(
        effects,
        vec![Effect::Record(EventKind::Release {
            welfare: "bag-open".into(),
            cue: Some(app.plan.cues[c].id.clone()),
        })]
    );
    perform(&mut app, effects);
    // The release ticked the generated task: one record, both views.
    let send = app
        .checklist()
        .into_iter()
        .find(|i| i.text.starts_with("发福袋"))
        .unwrap();
    assert_eq!(send.mark, stagecall::core::state::TaskMark::Done);
    // A second r asks first; n records nothing, y releases again.
    assert!(update(&mut app, Action::Key(Key::Release)).is_empty());
    assert!(matches!(app.prompt, Some(Prompt::Rerelease { .. })));
    assert!(update(&mut app, Action::Key(Key::Esc)).is_empty());
    update(&mut app, Action::Key(Key::Release));
    assert_eq!(update(&mut app, Action::Key(Key::Char('y'))).len(), 1);
}

#[test]
fn ticking_the_welfare_task_releases_it() {
    let mut app = app_at(KUAISHOU, "19:03:30", config(Lang::En));
    let list = app.checklist();
    let i = list
        .iter()
        .position(|i| i.text.starts_with("发福袋"))
        .unwrap();
    app.panes.sheet.selected = Some(list[i].key.clone());
    let effects = update(&mut app, Action::Key(Key::Toggle));
    assert!(
        matches!(&effects[..], [Effect::Record(EventKind::Release { welfare, .. })] if welfare == "bag-open")
    );
}

#[test]
fn release_in_the_welfare_pane_takes_the_selected_one() {
    let mut app = hero(config(Lang::En));
    press(&mut app, Key::Pane(3));
    // The opening 福袋 (its cue aired at 19:03 without releasing it):
    // released late, it belongs to its own cue, so that cue's task ticks.
    assert_eq!(
        update(&mut app, Action::Key(Key::Release)),
        vec![Effect::Record(EventKind::Release {
            welfare: "bag-open".into(),
            cue: Some("bag-open".into()),
        })]
    );
    // The 20:00 红包 released early goes to the 20:00 cue that plans it.
    press(&mut app, Key::Down);
    let id = app.plan.welfare[1].id.clone();
    assert_eq!(
        update(&mut app, Action::Key(Key::Release)),
        vec![Effect::Record(EventKind::Release {
            welfare: id.clone(),
            cue: Some("rp-20".into()),
        })]
    );
    press(&mut app, Key::Release);
    assert_eq!(app.state.released(&id).0, 1);
    // The board selection stops at the ends.
    for _ in 0..20 {
        press(&mut app, Key::Down);
    }
    assert_eq!(app.panes.welfare.selected, app.plan.welfare.len() - 1);
    assert_eq!(
        app.panes.products.selected, 0,
        "the products board keeps its own selection"
    );
}

#[test]
fn undo_takes_back_your_last_record() {
    let mut app = hero(config(Lang::En));
    press(&mut app, Key::Go);
    let hero_cue = cue(&app, "爆款四件套 第一轮");
    assert_eq!(app.live().on_air, Some(hero_cue + 1));
    let effects = update(&mut app, Action::Key(Key::Undo));
    assert!(matches!(
        &effects[..],
        [Effect::Record(EventKind::Undo { .. })]
    ));
    assert!(
        app.notice
            .as_ref()
            .is_some_and(|n| n.text.contains("undone") && n.text.contains("GO"))
    );
    perform(&mut app, effects);
    assert_eq!(app.live().on_air, Some(hero_cue));
    // Nothing of ours left: it says so.
    assert!(update(&mut app, Action::Key(Key::Undo)).is_empty());
    assert!(
        app.notice
            .as_ref()
            .is_some_and(|n| n.text.contains("nothing"))
    );
}

#[test]
fn a_note_takes_typed_and_pasted_text() {
    let mut app = hero(config(Lang::Zh));
    update(&mut app, Action::Key(Key::Note));
    assert!(app.prompt.as_ref().is_some_and(|p| p.wants_text()));
    for c in "在线掉".chars() {
        update(&mut app, Action::Key(Key::Char(c)));
    }
    update(&mut app, Action::Paste("了，上福袋x".into()));
    update(&mut app, Action::Key(Key::Backspace));
    let effects = update(&mut app, Action::Key(Key::Submit));
    assert_eq!(
        effects,
        vec![Effect::Record(EventKind::Note {
            text: "在线掉了，上福袋".into()
        })]
    );
    assert_eq!(app.prompt, None);
    // Esc drops a note unsaved.
    update(&mut app, Action::Key(Key::Note));
    update(&mut app, Action::Key(Key::Char('a')));
    assert!(update(&mut app, Action::Key(Key::Esc)).is_empty());
    assert_eq!(app.prompt, None);
}

#[test]
fn quit_asks_while_on_air_and_esc_never_quits() {
    let mut app = hero(config(Lang::En));
    assert!(update(&mut app, Action::Key(Key::Quit)).is_empty());
    assert_eq!(app.prompt, Some(Prompt::Quit));
    assert!(
        update(&mut app, Action::Key(Key::Esc)).is_empty(),
        "Esc stays"
    );
    assert_eq!(app.prompt, None);
    update(&mut app, Action::Key(Key::Quit));
    assert_eq!(
        update(&mut app, Action::Key(Key::Quit)),
        vec![Effect::Quit],
        "a second q quits"
    );
    update(&mut app, Action::Key(Key::Quit));
    assert_eq!(
        update(&mut app, Action::Key(Key::Char('y'))),
        vec![Effect::Quit]
    );
    // Esc closes help and goes back to the sheet; it never quits.
    update(&mut app, Action::Key(Key::Help));
    assert!(update(&mut app, Action::Key(Key::Esc)).is_empty());
    assert_eq!(app.panes.current, Pane::Sheet);
    assert!(update(&mut app, Action::Key(Key::Esc)).is_empty());
    // Before the show, q quits at once.
    let mut pre = app_at(KUAISHOU, "18:00:00", config(Lang::En));
    assert_eq!(update(&mut pre, Action::Key(Key::Quit)), vec![Effect::Quit]);
}

#[test]
fn role_filter_keeps_its_tasks_and_those_with_no_who() {
    let cfg = Config {
        mode: Mode::Live,
        lang: Lang::En,
        role: Some("ads".into()),
        writable: true,
    };
    let app = hero(cfg);
    let tasks: Vec<(String, Option<String>)> = app
        .checklist()
        .into_iter()
        .map(|i| (i.text, i.who))
        .collect();
    assert_eq!(
        tasks,
        vec![
            ("样品 4 色铺床展示".to_string(), None),
            ("四件套素材追投".to_string(), Some("ads".to_string())),
            // The slot still runs and was never switched on: it stays listed.
            (
                "开启 磁力金牛·直播推广（涨粉 + 进人） open-burst".to_string(),
                Some("ads".to_string())
            )
        ]
    );
}

#[test]
fn after_the_show_its_gos_and_holds_stand() {
    let mut app = app_at(KUAISHOU, "22:58:00", config(Lang::En));
    press(&mut app, Key::DelayPlus);
    tick_to(&mut app, "23:30:00");
    assert!(update(&mut app, Action::Key(Key::Undo)).is_empty());
    assert!(
        app.notice
            .as_ref()
            .is_some_and(|n| n.text.contains("show is over"))
    );
}

#[test]
fn the_now_pane_shows_when_the_cue_leaves_the_air() {
    // 憋单 started early at 19:51 by GO; due 19:56, it stays on air until
    // the fixed 20:00 红包, and the pane says so.
    let mut app = app_at(KUAISHOU, "19:51:00", config(Lang::En));
    let c = cue(&app, "憋单：整点红包预告 + 福利款剧透");
    let id = app.plan.cues[c].id.clone();
    record(&mut app, EventKind::Go { cue: id });
    tick_to(&mut app, "19:52:00");
    let screen = render(&app, 140, 40);
    assert!(screen.contains("19:51–20:00 9m"), "{screen}");
    assert!(screen.contains("left 8:00"), "{screen}");
}

#[test]
fn dollar_types_a_reading_and_a_slip_keeps_the_line() {
    let mut app = hero(config(Lang::Zh));
    update(&mut app, Action::Key(Key::Numbers));
    for c in "在线 3200 gmv 12.5万 MY-BK-001 85 hero-push 1,500".chars() {
        update(&mut app, Action::Key(Key::Char(c)));
    }
    let effects = update(&mut app, Action::Key(Key::Submit));
    let [Effect::Record(EventKind::Metrics { reading })] = effects.as_slice() else {
        panic!("one metrics record: {effects:?}");
    };
    assert_eq!(reading.online, Some(3200));
    assert_eq!(reading.gmv.map(|m| m.units()), Some(125_000.0));
    assert_eq!(reading.sold.get("MY-BK-001"), Some(&85));
    assert_eq!(
        reading.spend.get("hero-push").map(|m| m.units()),
        Some(1500.0)
    );
    assert_eq!(app.prompt, None);
    // A name that is neither a figure nor an id: nothing recorded, the
    // text stays to be fixed, and the notice says why.
    update(&mut app, Action::Key(Key::Numbers));
    for c in "在线 3200 pizza 3".chars() {
        update(&mut app, Action::Key(Key::Char(c)));
    }
    let effects = update(&mut app, Action::Key(Key::Submit));
    assert!(effects.is_empty());
    assert_eq!(
        app.prompt,
        Some(Prompt::Numbers("在线 3200 pizza 3".into()))
    );
    assert!(
        app.notice
            .as_ref()
            .is_some_and(|n| n.text.contains("pizza"))
    );
}

#[test]
fn a_sell_out_in_the_numbers_is_recorded_like_x_once() {
    let mut app = hero(config(Lang::En));
    let mut reading = stagecall::core::state::reading::Reading::default();
    reading.sold.insert("MY-BK-001".into(), 5000);
    let at = app.now.with_timezone(&chrono::Utc);
    let mut e = stagecall::core::state::Event::new(at, at, EventKind::Metrics { reading });
    e.id = "feed~1".into();
    let effects = update(&mut app, Action::Recorded(e.clone()));
    assert_eq!(
        effects,
        vec![Effect::Record(EventKind::SoldOut {
            sku: "MY-BK-001".into()
        })]
    );
    perform(&mut app, effects);
    assert!(app.state.is_sold_out("MY-BK-001"));
    // The same reading again (a restart reads the feed anew): nothing.
    assert!(update(&mut app, Action::Replayed(vec![e])).is_empty());
    // A read-only screen never records it.
    let mut viewer = hero(Config {
        writable: false,
        ..config(Lang::En)
    });
    let mut reading = stagecall::core::state::reading::Reading::default();
    reading.sold.insert("MY-BK-001".into(), 5000);
    let e = stagecall::core::state::Event::new(at, at, EventKind::Metrics { reading });
    assert!(update(&mut viewer, Action::Recorded(e)).is_empty());
}
