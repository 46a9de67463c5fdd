//! Unit tests of the runner's pure `update`: keys in, effects out, and the
//! model after the shell records them.

mod tui_support;

use chrono::Duration;
use stagecall::core::state::EventKind;
use stagecall::core::timeline::TaskKey;
use stagecall::tui::app::{Action, App, Config, Effect, Key, Mode, Pane, update};
use stagecall::tui::i18n::Lang;
use tui_support::*;

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
    assert_eq!(app.moment().on_air, Some(cue(&app, "爆款四件套 第一轮")));
    let fx = update(&mut app, Action::Key(Key::Toggle));
    assert_eq!(
        fx,
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
    assert_eq!(app.selected, Some(key("hero-1", "报赠品剩余数量")));
    // Space again ticks that one: it does the next thing at once.
    let fx = update(&mut app, Action::Key(Key::Toggle));
    assert_eq!(
        fx,
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
    let fx = update(&mut app, Action::Key(Key::Toggle));
    assert_eq!(
        fx,
        vec![Effect::Record(EventKind::Untick {
            cue: "hero-1".into(),
            task: "样品 4 色铺床展示".into()
        })]
    );
}

#[test]
fn the_first_go_confirms_the_cue_on_air_then_go_starts_the_next() {
    let mut app = hero(config(Lang::En));
    // Following the clock, nothing sent yet: GO says "this cue starts now".
    let on_air = app.plan.cues[cue(&app, "爆款四件套 第一轮")].id.clone();
    let fx = update(&mut app, Action::Key(Key::Go));
    assert_eq!(fx, vec![Effect::Record(EventKind::Go { cue: on_air })]);
    perform(&mut app, fx);
    let next = app.plan.cues[cue(&app, "承接：加厚法兰绒床单")].id.clone();
    let fx = update(&mut app, Action::Key(Key::Go));
    assert_eq!(fx, vec![Effect::Record(EventKind::Go { cue: next })]);
}

#[test]
fn once_go_is_used_the_clock_never_moves_an_unsent_cue_on_air() {
    let mut app = hero(config(Lang::En));
    press(&mut app, Key::Go);
    let hero_cue = cue(&app, "爆款四件套 第一轮");
    // GO at 19:31 for a 19:30 cue: a minute late, so the next cue is due at
    // 19:46. At 19:47 it is a minute overdue and the show two minutes late.
    let at = app.sched.cues[hero_cue + 1].start + Duration::minutes(2);
    update(&mut app, Action::Tick(at));
    let m = app.moment();
    assert_eq!(m.on_air, Some(hero_cue), "still on the cue the host is on");
    assert_eq!(m.overdue, Duration::minutes(1));
    assert_eq!(
        m.offset,
        Duration::minutes(2),
        "so the show runs two minutes late"
    );
    assert_eq!(m.projected_end, app.sched.end + Duration::minutes(2));
    // GO now sends the overdue cue, two minutes late.
    press(&mut app, Key::Go);
    let m = app.moment();
    assert_eq!(m.on_air, Some(hero_cue + 1));
    assert_eq!(
        (m.offset, m.overdue),
        (Duration::minutes(2), Duration::zero())
    );
}

#[test]
fn plus_and_minus_add_and_remove_a_minute() {
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
    assert_eq!(app.moment().offset, Duration::minutes(1));
}

#[test]
fn a_go_two_minutes_late_makes_the_show_two_minutes_late() {
    let mut app = app_at(KUAISHOU, "19:44:00", config(Lang::En));
    let planned_end = app.moment().projected_end;
    tick_to(&mut app, "19:47:00");
    // The bedsheet cue (planned 19:45) is recorded as GO'd at 19:47.
    let id = app.plan.cues[cue(&app, "承接：加厚法兰绒床单")].id.clone();
    record(&mut app, EventKind::Go { cue: id });
    let m = app.moment();
    assert_eq!(m.on_air, Some(cue(&app, "承接：加厚法兰绒床单")));
    assert_eq!(m.offset, Duration::minutes(2));
    assert_eq!(m.projected_end, planned_end + Duration::minutes(2));
    assert_eq!(m.next_at, Some(ks(&app.plan, "19:57:00")));
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
    assert_eq!(app.pane, Pane::Products);
}

#[test]
fn tab_shift_tab_and_numbers_switch_panes() {
    let mut app = hero(config(Lang::En));
    let mut seen = vec![app.pane];
    for _ in 0..6 {
        update(&mut app, Action::Key(Key::NextPane));
        seen.push(app.pane);
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
    assert_eq!(app.pane, Pane::Help);
    for (n, p) in (1..=6).zip(Pane::ALL) {
        update(&mut app, Action::Key(Key::Pane(n)));
        assert_eq!(app.pane, p);
    }
    update(&mut app, Action::Key(Key::Pane(7)));
    update(&mut app, Action::Key(Key::Pane(0)));
    assert_eq!(app.pane, Pane::Help);
    update(&mut app, Action::Key(Key::Help));
    assert_eq!(app.pane, Pane::Sheet);
}

#[test]
fn sold_out_toggles_in_the_products_pane_only() {
    let mut app = hero(config(Lang::En));
    assert!(
        update(&mut app, Action::Key(Key::SoldOut)).is_empty(),
        "not on the sheet"
    );
    press(&mut app, Key::Pane(2));
    press(&mut app, Key::Down);
    let sku = app.plan.items[1].sku.clone();
    assert_eq!(
        update(&mut app, Action::Key(Key::SoldOut)),
        vec![Effect::Record(EventKind::SoldOut { sku: sku.clone() })]
    );
    press(&mut app, Key::SoldOut);
    assert!(app.state.is_sold_out(&sku));
    assert_eq!(
        update(&mut app, Action::Key(Key::SoldOut)),
        vec![Effect::Record(EventKind::Restock { sku: sku.clone() })]
    );
    press(&mut app, Key::SoldOut);
    assert!(!app.state.is_sold_out(&sku));
}

#[test]
fn release_in_the_welfare_pane() {
    let mut app = hero(config(Lang::En));
    assert!(
        update(&mut app, Action::Key(Key::Release)).is_empty(),
        "not on the sheet"
    );
    press(&mut app, Key::Pane(3));
    press(&mut app, Key::Down);
    let id = app.plan.welfare[1].id.clone();
    assert_eq!(
        update(&mut app, Action::Key(Key::Release)),
        vec![Effect::Record(EventKind::Release {
            welfare: id.clone()
        })]
    );
    press(&mut app, Key::Release);
    assert_eq!(app.state.released(&id).0, 1);
    // The board selection stops at the ends.
    for _ in 0..20 {
        press(&mut app, Key::Down);
    }
    assert_eq!(app.welfare_board, app.plan.welfare.len() - 1);
    assert_eq!(app.board, 0, "the products board keeps its own selection");
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
