//! Property test: drawing the runner never panics, at any terminal size
//! from 0x0 to 300x100, at any moment from two hours before the show to two
//! hours after, on any pane, with releases and GOs along the way.

use std::sync::OnceLock;

use crate::util::app::*;
use chrono::{Duration, Utc};
use proptest::prelude::*;
use stagecall::core::plan::Plan;
use stagecall::core::schedule::Schedule;
use stagecall::core::state::{Event, EventKind, LiveState};
use stagecall::tui::app::{self, Action, App, Config, Key, Mode};
use stagecall::tui::i18n::Lang;

fn plans() -> &'static [(Plan, Schedule); 2] {
    static PLANS: OnceLock<[(Plan, Schedule); 2]> = OnceLock::new();
    PLANS.get_or_init(|| [load(KUAISHOU), load(DOUYIN)])
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn draw_never_panics(
        which in 0usize..2,
        w in 0u16..=300,
        h in 0u16..=100,
        at in 0.0f64..1.0,
        pane in 1usize..=6,
        zh in any::<bool>(),
        released in proptest::option::of(0usize..8),
        go_late in proptest::option::of(-300i64..900),
        role in any::<bool>(),
    ) {
        let (plan, sched) = plans()[which].clone();
        let from = sched.start - Duration::hours(2);
        let span = (sched.end + Duration::hours(2) - from).num_seconds();
        let now = from + Duration::seconds((span as f64 * at) as i64);
        let cfg = Config {
            mode: Mode::Rehearsal { speed: 60.0 },
            lang: if zh { Lang::Zh } else { Lang::En },
            role: role.then(|| "ads".to_string()),
            writable: true,
        };
        let mut app = App::new(plan, sched, LiveState::default(), now, cfg);
        if let Some(late) = go_late {
            // GO the cue planned around now, `late` seconds off plan.
            if let Some(i) = app.sched.cue_at(now) {
                let id = app.plan.cues[i].id.clone();
                let when = app.sched.cues[i].start + Duration::seconds(late);
                app::update(&mut app, Action::Recorded(Event::new(when.with_timezone(&Utc), when.with_timezone(&Utc), EventKind::Go { cue: id })));
            }
        }
        if let Some(wi) = released.filter(|&i| i < app.plan.welfare.len()) {
            let id = app.plan.welfare[wi].id.clone();
            let when = now - Duration::seconds(90);
            app::update(&mut app, Action::Recorded(Event::new(when.with_timezone(&Utc), when.with_timezone(&Utc), EventKind::Release { welfare: id, cue: None })));
        }
        app::update(&mut app, Action::Key(Key::Pane(pane)));
        let text = render(&app, w, h);
        prop_assert_eq!(text.lines().count(), h as usize);
    }
}
