//! Render tests of the runner's screens on ratatui's `TestBackend`, as
//! plain-text insta snapshots of the key moments of a show, plus checks of
//! what plain text cannot show (the on-air row's highlight).

use crate::util::PlanBuilder;
use crate::util::app::*;
use ratatui::style::Modifier;
use stagecall::core::state::{EventKind, LiveState};
use stagecall::tui::app::{App, Config, Key, Mode, Pane};
use stagecall::tui::i18n::Lang;

fn go(app: &mut App, title: &str) {
    let id = app.plan.cues[cue(app, title)].id.clone();
    record(app, EventKind::Go { cue: id });
}

fn tick_all(app: &mut App) {
    for item in app.checklist() {
        record(
            app,
            EventKind::Tick {
                cue: item.key.cue,
                task: item.key.task,
            },
        );
    }
}

/// The kuaishou show run until 19:47:30: the first cues GO'd on time and
/// ticked, the opening lucky bag released, the hero set sold out, and the
/// bedsheet cue GO'd two minutes late with its first task ticked by Space.
fn mid_show(lang: Lang) -> App {
    let mut app = app_at(KUAISHOU, "18:59:50", config(lang));
    tick_to(&mut app, "19:00:20");
    go(&mut app, "开场：欢迎老铁 + 今晚福利预告");
    tick_all(&mut app);
    tick_to(&mut app, "19:03:10");
    go(&mut app, "发开场福袋（倒计时5分钟）");
    record(
        &mut app,
        EventKind::Release {
            welfare: "bag-open".into(),
            cue: None,
        },
    );
    tick_all(&mut app);
    tick_to(&mut app, "19:30:30");
    go(&mut app, "爆款四件套 第一轮");
    press(&mut app, Key::Toggle);
    tick_to(&mut app, "19:40:00");
    record(
        &mut app,
        EventKind::SoldOut {
            sku: "MY-BK-001".into(),
        },
    );
    tick_to(&mut app, "19:47:00");
    go(&mut app, "承接：加厚法兰绒床单");
    tick_to(&mut app, "19:47:30");
    press(&mut app, Key::Toggle);
    app
}

#[test]
fn pre_show() {
    let mut app = app_at(KUAISHOU, "18:30:00", config(Lang::En));
    // One warm-up task done, so the checklist shows both marks.
    press(&mut app, Key::Toggle);
    insta::assert_snapshot!(render(&app, 120, 40));
}

#[test]
fn on_air_mid_show() {
    let app = mid_show(Lang::En);
    insta::assert_snapshot!(render(&app, 120, 40));
}

#[test]
fn on_air_row_is_highlighted() {
    let app = mid_show(Lang::En);
    let buf = render_buf(&app, 120, 40);
    // The sheet's on-air row starts with ">" just inside the left border.
    let y = (0..buf.area.height)
        .find(|&y| buf[(1, y)].symbol() == ">")
        .expect("an on-air row");
    let row = text(&buf).lines().nth(y as usize).unwrap_or("").to_string();
    assert!(row.contains("承接：加厚法兰绒床单"), "{row}");
    // Every cell across the sheet is reversed, except those hidden behind a
    // wide character (the terminal draws the character's style there).
    let mut hidden = 0;
    for x in 1..65 {
        let c = &buf[(x, y)];
        if hidden == 0 {
            assert!(
                c.modifier.contains(Modifier::REVERSED | Modifier::BOLD),
                "cell {x} of the on-air row is not highlighted"
            );
        }
        hidden = std::cmp::max(hidden, unicode_width::UnicodeWidthStr::width(c.symbol()))
            .saturating_sub(1);
    }
    // Rows above it are past, not reversed.
    assert!(!buf[(10, y - 1)].modifier.contains(Modifier::REVERSED));
    // The selected task in the detail is reversed too.
    let text = render(&app, 120, 40);
    let sel = text
        .lines()
        .position(|l| l.contains("☐ 上架") && l.contains("MY-CJ-002"))
        .expect("the first open task, selected");
    assert!(buf[(67, sel as u16)].modifier.contains(Modifier::REVERSED));
}

#[test]
fn last_cue() {
    let app = app_at(KUAISHOU, "22:57:00", config(Lang::En));
    insta::assert_snapshot!(render(&app, 120, 40));
}

#[test]
fn after_the_show() {
    let mut app = mid_show(Lang::En);
    tick_to(&mut app, "21:00:20");
    go(&mut app, "21点福袋：大豆纤维冬被");
    record(
        &mut app,
        EventKind::Release {
            welfare: "bag-21".into(),
            cue: None,
        },
    );
    // The last cue goes on air with GO, so the show ends on its own clock.
    tick_to(&mut app, "22:55:30");
    go(&mut app, "下播：感谢老铁 + 明晚预告");
    tick_to(&mut app, "23:10:00");
    insta::assert_snapshot!(render(&app, 120, 40));
}

#[test]
fn zh_with_a_draw_counting_down() {
    let mut app = mid_show(Lang::Zh);
    tick_to(&mut app, "20:00:10");
    go(&mut app, "20点整点红包");
    tick_to(&mut app, "20:00:30");
    record(
        &mut app,
        EventKind::Release {
            welfare: "rp-2000".into(),
            cue: None,
        },
    );
    tick_to(&mut app, "20:01:00");
    insta::assert_snapshot!(render(&app, 120, 40));
}

#[test]
fn tiny_terminal() {
    let app = mid_show(Lang::En);
    let text = render(&app, 30, 8);
    assert!(text.contains("terminal too small"));
    insta::assert_snapshot!(text);
}

#[test]
fn tiny_terminal_zh() {
    let app = mid_show(Lang::Zh);
    assert!(render(&app, 39, 20).contains("终端窗口太小"));
}

#[test]
fn at_80x24() {
    let app = mid_show(Lang::En);
    insta::assert_snapshot!(render(&app, 80, 24));
}

#[test]
fn midnight_show_at_80x24() {
    let (plan, sched) = load(DOUYIN);
    let now = local(&plan, (2026, 11, 21), "00:05:00");
    let app = App::new(plan, sched, LiveState::default(), now, config(Lang::Zh));
    insta::assert_snapshot!(render(&app, 80, 24));
}

const LONG_TITLE: &str = "棉语家纺双十一品牌专场暨冬季新品首发全网同步直播活动之厂家直供源头好货限时秒杀福利专场夜场第一季终极版本限量发售敬请期待";

fn long_cjk_plan() -> String {
    PlanBuilder::new(LONG_TITLE)
        .session("start", "19:00")
        .cue("开场：欢迎新进直播间的家人们，今晚所有福利都在这里，先点关注再加粉丝团，福袋马上发出来")
        .set("duration", "30m")
        .set("script", "欢迎新进直播间的家人们……\n今晚福利：每小时一轮福袋，整点红包。")
        .checklist(&[
            "灯光\u{1b}[2J声音检查（终端控制字符必须显示出来）",
            "公屏公告：今晚福袋每小时一轮，整点红包，新粉先加团",
        ])
        .cue("收尾")
        .build()
}

#[test]
fn long_cjk_title_and_control_characters() {
    assert_eq!(LONG_TITLE.chars().count(), 60);
    let (plan, sched) = load_text("long.toml", &long_cjk_plan());
    let now = show_day_at(&plan, "19:05:00");
    let app = App::new(plan, sched, LiveState::default(), now, config(Lang::Zh));
    let text = render(&app, 120, 40);
    assert!(text.contains('␛'), "ESC is made visible");
    assert!(!text.contains('\u{1b}'));
    insta::assert_snapshot!(text);
    // Narrow too: CJK is cut on character boundaries, never mid-character.
    insta::assert_snapshot!("long_cjk_title_80x24", render(&app, 80, 24));
}

fn pane(mut app: App, n: usize) -> App {
    press(&mut app, Key::Pane(n));
    app
}

#[test]
fn products_pane_with_one_sold_out() {
    let mut app = pane(mid_show(Lang::En), 2);
    press(&mut app, Key::Down);
    press(&mut app, Key::Down);
    press(&mut app, Key::SoldOut);
    assert!(app.state.is_sold_out(&app.plan.items[2].sku));
    insta::assert_snapshot!(render(&app, 120, 40));
}

#[test]
fn welfare_pane_countdown_running() {
    let cfg = Config {
        mode: Mode::Rehearsal { speed: 60.0 },
        ..config(Lang::Zh)
    };
    let mut app = app_at(KUAISHOU, "21:00:00", cfg);
    app = pane(app, 3);
    tick_to(&mut app, "21:00:30");
    let bag = app
        .plan
        .welfare
        .iter()
        .position(|w| w.id == "bag-21")
        .unwrap();
    for _ in 0..bag {
        press(&mut app, Key::Down);
    }
    press(&mut app, Key::Release);
    tick_to(&mut app, "21:07:49");
    let text = render(&app, 120, 40);
    assert!(text.contains("开奖倒计时 2:41"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn welfare_draw_callout_on_every_pane() {
    let mut app = app_at(KUAISHOU, "21:00:30", config(Lang::En));
    record(
        &mut app,
        EventKind::Release {
            welfare: "bag-21".into(),
            cue: None,
        },
    );
    tick_to(&mut app, "21:10:40");
    app = pane(app, 3);
    let text = render(&app, 120, 40);
    assert!(text.contains("开奖 DRAW NOW"), "{text}");
    insta::assert_snapshot!(text);
    for n in [1, 2, 4, 5, 6] {
        let app = pane(app.clone(), n);
        assert!(render(&app, 120, 40).contains("开奖 DRAW NOW"), "pane {n}");
        assert!(
            render(&app, 80, 24).contains("开奖 DRAW NOW"),
            "pane {n} at 80x24"
        );
    }
    // On a short terminal with a plan error too, the callout still wins.
    let mut broken = app.clone();
    broken.plan_error = Some("plan.toml:3: bad".into());
    assert!(render(&broken, 60, 15).contains("开奖 DRAW NOW"));
    // A minute after the end, the callout is gone.
    tick_to(&mut app, "21:11:31");
    assert!(!render(&app, 120, 40).contains("DRAW NOW"));
}

#[test]
fn traffic_pane() {
    let mut app = mid_show(Lang::En);
    tick_to(&mut app, "20:10:00");
    let app = pane(app, 4);
    insta::assert_snapshot!(render(&app, 120, 40));
}

#[test]
fn warmup_pane_with_orphaned_state() {
    let mut app = app_at(KUAISHOU, "18:30:00", config(Lang::Zh));
    press(&mut app, Key::Toggle);
    record(
        &mut app,
        EventKind::Tick {
            cue: "open".into(),
            task: "一条已经删掉的待办".into(),
        },
    );
    let app = pane(app, 5);
    let text = render(&app, 120, 40);
    assert!(text.contains("一条已经删掉的待办"));
    insta::assert_snapshot!(text);
}

#[test]
fn help_pane() {
    let app = pane(app_at(KUAISHOU, "19:10:00", config(Lang::En)), 6);
    insta::assert_snapshot!(render(&app, 120, 40));
}

#[test]
fn role_filter_shows_only_ads_tasks() {
    let cfg = Config {
        mode: Mode::Live,
        lang: Lang::En,
        role: Some("ads".into()),
        writable: false,
    };
    let app = app_at(KUAISHOU, "19:31:00", cfg);
    assert_eq!(app.panes.current, Pane::Sheet);
    let text = render(&app, 120, 40);
    assert!(text.contains("四件套素材追投"));
    assert!(text.contains("样品 4 色铺床展示"), "tasks without who stay");
    assert!(
        !text.contains("上架 MY-BK-001"),
        "control's tasks are hidden"
    );
    insta::assert_snapshot!(text);
}

#[test]
fn plan_error_banner_and_notice() {
    let mut app = mid_show(Lang::En);
    stagecall::tui::app::update(
        &mut app,
        stagecall::tui::app::Action::ReloadFailed(
            "plans/kuaishou-brand-4h.toml:42: unknown key `prise`".into(),
        ),
    );
    app.writable = false;
    press(&mut app, Key::Go);
    let text = render(&app, 120, 40);
    assert!(text.contains("kuaishou-brand-4h.toml:42"));
    assert!(text.contains("read-only"));
    insta::assert_snapshot!(text);
}
