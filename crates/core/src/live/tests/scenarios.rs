//! The live clock (`LIVE_CLOCK.md`), scenario by scenario: a plan, a list
//! of records with their instants, and what the projection must say at
//! an instant. Then a property test over random plans and records.

use crate::live::{self, CueState, Go, Live, Phase, StartedBy};
use crate::plan::Plan;
use crate::schedule::Schedule;
use crate::state::event::HlcClock;
use crate::state::{Event, EventKind, LiveState};
use crate::testing::{checked, fold, t};
use crate::timeline;
use chrono::{Duration, Utc};
use proptest::prelude::*;

/// A plan from its session keys and cue tables (20:00 start, Shanghai).
fn plan(session: &str, cues: &str) -> (Plan, Schedule) {
    let text = format!(
        "format = 1\n[session]\ntitle = \"t\"\ndate = 2026-11-11\nstart = \"20:00\"\ntimezone = \"Asia/Shanghai\"\n{session}\n\n[[welfare]]\nid = \"bag\"\nkind = \"lucky_bag\"\nname = \"粉丝福袋\"\ncountdown = \"5m\"\n\n{cues}"
    );
    checked(&text)
}

fn go(cue: &str) -> EventKind {
    EventKind::Go { cue: cue.into() }
}

fn hold(s: i64) -> EventKind {
    EventKind::Delay { seconds: s }
}

fn at(p: &(Plan, Schedule), records: &[(&str, EventKind)], now: &str) -> Live {
    live::project(&p.0, &p.1, &fold(records), t(now))
}

fn idx(p: &(Plan, Schedule), id: &str) -> usize {
    p.0.cues.iter().position(|c| c.id == id).expect("cue id")
}

const FOUR: &str = "[[cue]]\nid = \"a\"\ntitle = \"A\"\nduration = \"10m\"\n\n[[cue]]\nid = \"b\"\ntitle = \"B\"\nduration = \"10m\"\n\n[[cue]]\nid = \"c\"\ntitle = \"C 整点红包\"\nat = \"20:30\"\nduration = \"10m\"\n\n[[cue]]\nid = \"d\"\ntitle = \"D\"\n";

#[test]
fn no_go_follows_the_plan_in_clock_mode() {
    let p = plan("end = \"21:00\"", FOUR);
    let l = at(&p, &[], "20:12");
    assert_eq!(l.phase, Phase::OnAir);
    assert_eq!(l.on_air, Some(idx(&p, "b")));
    assert_eq!(l.cues[1].started_by, Some(StartedBy::Auto));
    assert_eq!(l.cues[1].start, Some(t("20:10")));
    assert_eq!(l.next, Some(idx(&p, "c")));
    assert_eq!(l.cues[2].start, Some(t("20:30")));
    // B is due 20:20; C is hard at 20:30: a 10-minute buffer.
    assert_eq!(l.over, Duration::minutes(-10));
    // Three hours in, nothing froze: the show is over on the clock.
    let l = at(&p, &[], "23:00");
    assert_eq!(l.phase, Phase::Post);
    assert!(l.cues.iter().all(|c| c.state == CueState::Done));
}

#[test]
fn an_early_go_never_moves_a_hard_cue() {
    let p = plan("end = \"21:00\"", FOUR);
    let l = at(&p, &[("20:05", go("b"))], "20:06");
    assert_eq!(l.on_air, Some(1));
    assert_eq!(l.cues[1].started_by, Some(StartedBy::Go));
    assert_eq!(l.cues[0].end, Some(t("20:05")));
    // The 20:30 红包 stays at 20:30; B stays on air until it.
    assert_eq!(l.cues[2].start, Some(t("20:30")));
    assert_eq!(l.cues[1].end, Some(t("20:30")));
    assert_eq!(l.next_hard, Some(2));
    assert_eq!(l.over, Duration::minutes(-15));
    // And it goes on air by itself at 20:30.
    let l = at(&p, &[("20:05", go("b"))], "20:30");
    assert_eq!(l.on_air, Some(2));
    assert_eq!(l.cues[2].started_by, Some(StartedBy::Hard));
}

#[test]
fn a_hold_just_after_an_auto_start_puts_the_cue_before_back() {
    let p = plan("end = \"21:00\"", FOUR);
    // What the screen says before the key is recorded: where it will go.
    let l = at(&p, &[], "20:10:30");
    assert_eq!(l.hold_goes_to(true), Some((0, true)));
    assert_eq!(l.hold_goes_to(false), Some((1, false)));
    let records = [("20:10:30", hold(60))];
    let l = at(&p, &records, "20:10:40");
    assert_eq!(l.on_air, Some(0), "A is back on air");
    assert_eq!(l.cues[0].due_end, Some(t("20:11")));
    assert_eq!(l.cues[1].state, CueState::Upcoming);
    assert_eq!(l.cues[1].start, Some(t("20:11")));
    assert_eq!(l.holds[0].cue, Some(0));
    let l = at(&p, &records, "20:11:05");
    assert_eq!(l.on_air, Some(1));
    assert_eq!(l.cues[1].start, Some(t("20:11")));
    // Later than the window, a hold lengthens the cue on air.
    let l = at(&p, &[("20:12", hold(60))], "20:12:30");
    assert_eq!(l.on_air, Some(1));
    assert_eq!(l.cues[1].due_end, Some(t("20:21")));
}

#[test]
fn go_mode_overtime_runs_live_until_the_hard_cue() {
    let p = plan("end = \"21:00\"\nadvance = \"go\"", FOUR);
    let l = at(&p, &[], "20:13");
    assert_eq!(l.on_air, Some(0), "A waits for GO");
    assert_eq!(l.overtime(), Duration::minutes(3));
    assert_eq!(l.cues[1].start, Some(t("20:13")), "B is due now");
    // B would end 20:23: a 7-minute buffer to the 20:30 hard cue.
    assert_eq!(l.over, Duration::minutes(-7));
    let l = at(&p, &[], "20:25");
    assert_eq!(l.over, Duration::minutes(5));
    // The hard cue arrives: B never aired.
    let l = at(&p, &[], "20:31");
    assert_eq!(l.on_air, Some(2));
    assert_eq!(l.cues[1].state, CueState::NotAired);
    assert_eq!(l.cues[0].end, Some(t("20:30")));
    // The over/under never says "late" while the next cue counts down.
    let l = at(&p, &[("20:13", go("b"))], "20:14");
    assert_eq!(l.on_air, Some(1));
    assert_eq!(l.over, Duration::minutes(-7));
}

#[test]
fn holds_until_a_floating_cue_is_cut_and_a_go_still_starts_it() {
    let cues = "[[cue]]\nid = \"a\"\ntitle = \"A\"\nduration = \"10m\"\n\n[[cue]]\nid = \"b\"\ntitle = \"B\"\nduration = \"10m\"\n\n[[cue]]\nid = \"c\"\ntitle = \"C\"\nat = \"20:20\"\n";
    let p = plan("end = \"21:00\"", cues);
    let one = [("20:05", hold(60))];
    let l = at(&p, &one, "20:06");
    assert_eq!(l.over, Duration::minutes(1));
    assert_eq!(l.cues[1].state, CueState::Upcoming);
    let ten: Vec<(&str, EventKind)> = (0..10).map(|_| ("20:05", hold(60))).collect();
    let l = at(&p, &ten, "20:06");
    assert_eq!(l.cues[0].due_end, Some(t("20:20")));
    assert_eq!(l.cues[1].state, CueState::Cut);
    assert_eq!(l.cues[1].start, None);
    assert_eq!(l.cut_before_hard, vec![1]);
    assert_eq!(l.over, Duration::minutes(10));
    assert_eq!(l.next, Some(1), "GO still starts the cut cue");
    assert_eq!(l.go(), Go::Start(1));
    let l = at(&p, &ten, "20:20");
    assert_eq!(l.on_air, Some(2));
    assert_eq!(l.cues[1].state, CueState::NotAired);
    let mut started = ten.clone();
    started.push(("20:15", go("b")));
    let l = at(&p, &started, "20:16");
    assert_eq!(l.on_air, Some(1));
    assert_eq!(l.cues[1].started_by, Some(StartedBy::Go));
}

#[test]
fn the_last_cue_runs_past_the_session_end() {
    let cues = "[[cue]]\nid = \"a\"\ntitle = \"A\"\nduration = \"10m\"\n\n[[cue]]\nid = \"b\"\ntitle = \"B\"\nduration = \"10m\"\n";
    let p = plan("end = \"20:20\"", cues);
    let r = [("20:15", hold(60))];
    let l = at(&p, &r, "20:16");
    assert_eq!(l.next_hard, None);
    assert_eq!(l.next_hard_at, t("20:20"));
    assert_eq!(l.over, Duration::minutes(1));
    assert_eq!(l.projected_end, t("20:21"));
    let l = at(&p, &r, "20:20:30");
    assert_eq!(l.phase, Phase::OnAir);
    let l = at(&p, &r, "20:21");
    assert_eq!(l.phase, Phase::Post);
    assert_eq!(l.ended_at, Some(t("20:21")));
    assert_eq!(l.go(), Go::Refused);
}

#[test]
fn a_go_before_the_show_starts_the_first_cue_early() {
    let p = plan("end = \"21:00\"", FOUR);
    let l = at(&p, &[], "19:58");
    assert_eq!(l.phase, Phase::Pre);
    assert_eq!(l.next, Some(0));
    assert_eq!(l.next_hard, Some(0));
    assert_eq!(l.over, Duration::zero());
    assert_eq!(
        l.go(),
        Go::AskFirst {
            cue: 0,
            early: Duration::minutes(2)
        }
    );
    let l = at(&p, &[], "19:59:30");
    assert_eq!(l.go(), Go::Start(0));
    let r = [("19:59:30", go("a"))];
    let l = at(&p, &r, "19:59:40");
    assert_eq!(l.phase, Phase::OnAir);
    assert_eq!(l.cues[0].started_by, Some(StartedBy::Go));
    // The floating cue after it follows the actual start.
    assert_eq!(l.cues[1].start, Some(t("20:09:30")));
}

#[test]
fn a_go_that_would_start_a_hard_cue_early_asks_first() {
    let p = plan("end = \"21:00\"", FOUR);
    let l = at(&p, &[("20:05", go("b"))], "20:06");
    assert_eq!(
        l.go(),
        Go::AskFirst {
            cue: 2,
            early: Duration::minutes(24)
        }
    );
    let l = at(&p, &[("20:05", go("b"))], "20:29:10");
    assert_eq!(l.go(), Go::Start(2));
    // Forced, it starts now; the cue after it follows.
    let l = at(&p, &[("20:05", go("b")), ("20:06", go("c"))], "20:07");
    assert_eq!(l.on_air, Some(2));
    assert_eq!(l.cues[2].started_by, Some(StartedBy::Go));
    assert_eq!(l.cues[3].start, Some(t("20:16")));
    // GO with the last cue on air ends the show.
    let l = at(&p, &[], "20:45");
    assert_eq!(l.go(), Go::End);
    let l = at(&p, &[("20:45", EventKind::End)], "20:46");
    assert_eq!(l.phase, Phase::Post);
    assert_eq!(l.ended_at, Some(t("20:45")));
}

#[test]
fn a_pull_never_moves_a_due_end_before_now() {
    let p = plan("end = \"21:00\"", FOUR);
    let pulls: Vec<(&str, EventKind)> = (0..5).map(|_| ("20:08", hold(-60))).collect();
    let l = at(&p, &pulls, "20:08:10");
    assert_eq!(l.cues[0].due_end, Some(t("20:08")));
    let on_a: Duration = l
        .holds
        .iter()
        .filter(|h| h.cue == Some(0))
        .map(|h| h.moved)
        .sum();
    assert_eq!(on_a, Duration::minutes(-2));
    // Once A is due now, B goes on air and the later pulls shorten B.
    assert_eq!(l.on_air, Some(1));
    assert_eq!(l.cues[1].due_end, Some(t("20:15")));
    // Before the show, a hold changes nothing.
    let l = at(&p, &[("19:50", hold(60))], "19:51");
    assert_eq!(l.holds[0].cue, None);
    assert_eq!(l.cues[1].start, Some(t("20:10")));
}

#[test]
fn task_offsets_follow_the_cue_and_clock_times_stay() {
    let cues = "[[cue]]\nid = \"a\"\ntitle = \"A\"\nduration = \"10m\"\n\n[[cue]]\nid = \"b\"\ntitle = \"B\"\nduration = \"20m\"\nchecklist = [{ task = \"开启计划\", at = \"+2m\" }, { task = \"整点提醒\", at = \"20:25\" }]\n";
    let p = plan("end = \"20:30\"", cues);
    let rows = timeline::rows(&p.0, &p.1);
    let state = fold(&[("20:05", go("b"))]);
    let l = live::project(&p.0, &p.1, &state, t("20:06"));
    let list = live::tasks::checklist(&p.0, &p.1, &rows, &state, &l, None);
    let due = |text: &str| list.iter().find(|i| i.text == text).and_then(|i| i.due);
    assert_eq!(due("开启计划"), Some(t("20:07")));
    assert_eq!(due("整点提醒"), Some(t("20:25")));
    // On paper (sheet), the offset counts from the planned start.
    let planned = rows[1]
        .tasks
        .iter()
        .find(|x| x.text == "开启计划")
        .and_then(|x| x.at);
    assert_eq!(planned, Some(t("20:12")));
    let l = live::project(&p.0, &p.1, &state, t("20:08"));
    let due_now: Vec<String> = live::tasks::due_now(&p.0, &rows, &state, &l)
        .into_iter()
        .map(|i| i.text)
        .collect();
    assert!(due_now.contains(&"开启计划".to_string()), "{due_now:?}");
    assert!(!due_now.contains(&"整点提醒".to_string()), "{due_now:?}");
}

#[test]
fn a_welfare_countdown_end_is_its_own_timed_row() {
    let cues = "[[cue]]\nid = \"a\"\ntitle = \"A\"\nduration = \"10m\"\nwelfare = [\"bag\"]\n\n[[cue]]\nid = \"b\"\ntitle = \"B\"\n";
    let p = plan("end = \"20:30\"", cues);
    let rows = timeline::rows(&p.0, &p.1);
    let release = EventKind::Release {
        welfare: "bag".into(),
        cue: Some("a".into()),
    };
    let state = fold(&[("20:03", release)]);
    let l = live::project(&p.0, &p.1, &state, t("20:04"));
    let list = live::tasks::checklist(&p.0, &p.1, &rows, &state, &l, None);
    // The release and its generated task are one record.
    let send = list
        .iter()
        .find(|i| i.text.starts_with("发福袋"))
        .expect("send task");
    assert_eq!(send.mark, crate::state::TaskMark::Done);
    let draw = list
        .iter()
        .find(|i| i.text == "开奖 福袋 粉丝福袋")
        .expect("draw row");
    assert_eq!(draw.due, Some(t("20:08")));
    // Not due (not overdue) before the draw.
    let due = live::tasks::due_now(&p.0, &rows, &state, &l);
    assert!(due.iter().all(|i| !i.text.starts_with("开奖")), "{due:?}");
    // Still on the list in the next cue until done.
    let l = live::project(&p.0, &p.1, &state, t("20:12"));
    let list = live::tasks::checklist(&p.0, &p.1, &rows, &state, &l, None);
    assert!(list.iter().any(|i| i.text == "开奖 福袋 粉丝福袋"));
    let s = live::status::status(&p.0, &p.1, &rows, &state, &l, false);
    assert_eq!(
        s.welfare[0].countdown_ends,
        vec!["2026-11-11T20:08:00+08:00".to_string()]
    );
}

#[test]
fn undo_takes_back_a_go() {
    let p = plan("end = \"21:00\"", FOUR);
    let mut clock = HlcClock::new("desk");
    let at5 = t("20:05").with_timezone(&Utc);
    let g = Event::local(&mut clock, None, at5, at5, go("b"));
    let u = Event::local(
        &mut clock,
        None,
        at5,
        at5,
        EventKind::Undo {
            target: g.id.clone(),
        },
    );
    let state = LiveState::from_events(std::slice::from_ref(&g));
    assert_eq!(state.last_undoable("desk").map(|e| &e.id), Some(&g.id));
    let l = live::project(&p.0, &p.1, &state, t("20:06"));
    assert_eq!(l.on_air, Some(1));
    // Either order: the undo wins.
    for events in [vec![g.clone(), u.clone()], vec![u.clone(), g.clone()]] {
        let state = LiveState::from_events(&events);
        let l = live::project(&p.0, &p.1, &state, t("20:06"));
        assert_eq!(l.on_air, Some(0));
        assert!(state.last_undoable("desk").is_none());
    }
}

#[test]
fn status_json_has_the_contract_keys() {
    let p = plan("end = \"21:00\"", FOUR);
    let rows = timeline::rows(&p.0, &p.1);
    let state = fold(&[("20:05", go("b"))]);
    let l = live::project(&p.0, &p.1, &state, t("20:06"));
    let v =
        serde_json::to_value(live::status::status(&p.0, &p.1, &rows, &state, &l, true)).unwrap();
    assert_eq!(v["phase"], "on_air");
    assert_eq!(v["advance"], "clock");
    assert_eq!(v["rehearsal"], true);
    assert_eq!(v["on_air"]["id"], "b");
    assert_eq!(v["on_air"]["started_by"], "go");
    assert_eq!(v["on_air"]["end"], "2026-11-11T20:15:00+08:00");
    assert_eq!(v["next"]["id"], "c");
    assert_eq!(v["next"]["hard"], true);
    assert_eq!(v["next_hard"]["at"], "2026-11-11T20:30:00+08:00");
    assert_eq!(v["over"], -15 * 60);
    assert_eq!(v["cues"][0]["state"], "done");
    assert_eq!(v["cues"][3]["started_by"], serde_json::Value::Null);
    let post = live::project(&p.0, &p.1, &state, t("22:00"));
    let v = serde_json::to_value(live::status::status(
        &p.0, &p.1, &rows, &state, &post, false,
    ))
    .unwrap();
    assert_eq!(v["phase"], "post");
    assert_eq!(v["next_hard"]["id"], serde_json::Value::Null);
    assert_eq!(v["next_hard"]["at"], "2026-11-11T21:00:00+08:00");
}

#[test]
fn records_in_one_second_replay_in_the_order_they_were_made() {
    // Floating cues a, b, c, d of ten minutes. At 20:09:30 the operator
    // pulls a minute (a ends now, b goes on air), then presses GO in the
    // same second: GO starts c, after b, as the screen said it would.
    let cues = "[[cue]]\nid = \"a\"\ntitle = \"A\"\nduration = \"10m\"\n\n[[cue]]\nid = \"b\"\ntitle = \"B\"\nduration = \"10m\"\n\n[[cue]]\nid = \"c\"\ntitle = \"C\"\nduration = \"10m\"\n\n[[cue]]\nid = \"d\"\ntitle = \"D\"\n";
    let p = plan("end = \"21:00\"", cues);
    let l = at(&p, &[("20:09:30", hold(-60))], "20:09:30");
    assert_eq!(l.on_air, Some(1));
    assert_eq!(l.go(), Go::Start(2));
    let l = at(
        &p,
        &[("20:09:30", hold(-60)), ("20:09:30", go("c"))],
        "20:09:31",
    );
    assert_eq!(l.cues[1].state, CueState::Done, "b aired");
    assert_eq!(l.on_air, Some(2));
    assert_eq!(l.holds[0].cue, Some(0), "the pull went to a");
}

#[test]
fn a_go_from_a_machine_whose_clock_is_behind_never_skips_a_cue_seen_on_air() {
    let p = plan("end = \"21:00\"", FOUR);
    // A starts b at 20:05:00; B, three seconds behind and having seen it,
    // starts c "at 20:04:58" by its clock.
    let mut a = HlcClock::new("a");
    let mut b = HlcClock::new("b");
    let utc = |hm: &str| t(hm).with_timezone(&Utc);
    let ga = Event::local(&mut a, None, utc("20:05:00"), utc("20:05:00"), go("b"));
    b.observe_at(ga.hlc.unwrap(), utc("20:05:00"));
    let gb = Event::local(&mut b, None, utc("20:04:58"), utc("20:04:58"), go("c"));
    let state = LiveState::from_events(&[gb, ga]);
    let l = live::project(&p.0, &p.1, &state, t("20:06"));
    assert_eq!(l.cues[1].started_by, Some(StartedBy::Go), "b aired");
    assert_eq!(l.on_air, Some(2));
}

#[test]
fn a_hostile_log_line_cannot_crash_the_projection() {
    use crate::state::log::FileLog;
    let dir = std::env::temp_dir().join(format!("stagecall-hostile-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("x.log");
    std::fs::write(
        &path,
        concat!(
            r#"{"wall":"2026-11-11T12:05:00Z","show":"2026-11-11T12:05:00Z","event":"delay","seconds":9223372036854775807}"#, "\n",
            r#"{"wall":"0001-01-01T00:00:00Z","show":"2026-11-11T12:05:00Z","event":"clock","speed":1e300,"running":true}"#, "\n",
            r#"{"wall":"0001-01-01T00:00:00Z","show":"2026-11-11T12:05:00Z","event":"clock","speed":10000,"running":true}"#, "\n",
            r#"{"wall":"2026-11-11T12:05:00Z","show":"2026-11-11T12:05:00Z","event":"delay","seconds":60}"#, "\n",
        ),
    )
    .unwrap();
    let batch = FileLog::open_read_only(&path).unwrap().read_all().unwrap();
    assert_eq!(batch.warnings.len(), 2, "{:?}", batch.warnings);
    let state = LiveState::from_events(&batch.events);
    let p = plan("end = \"21:00\"", FOUR);
    let l = live::project(&p.0, &p.1, &state, t("20:06"));
    assert_eq!(l.cues[0].held, Duration::minutes(1));
    // The clock reading from year 1 at full speed does not overflow.
    let mark = state.clock.unwrap();
    let _ = mark.show_at(Utc::now());
}

// ---- property test ----

#[derive(Debug, Clone)]
enum Op {
    Go,
    Hold,
    Pull,
    Release,
}

fn arb_show() -> impl Strategy<Value = (String, String, Vec<(i64, Op)>, i64)> {
    let cue = (any::<bool>(), 1i64..30);
    (
        any::<bool>(),
        prop::collection::vec(cue, 1..8),
        prop::collection::vec(
            (
                -20i64..300,
                prop_oneof![
                    Just(Op::Go),
                    Just(Op::Hold),
                    Just(Op::Pull),
                    Just(Op::Release)
                ],
            ),
            0..25,
        ),
        -20i64..300,
    )
        .prop_map(|(go_mode, cues, mut ops, now)| {
            // Hard cues at increasing offsets, floating ones between.
            let mut text = String::new();
            let mut offset = 0;
            for (i, (hard, minutes)) in cues.iter().enumerate() {
                text.push_str(&format!(
                    "[[cue]]\nid = \"c{i}\"\ntitle = \"C{i}\"\nduration = \"{minutes}m\"\n"
                ));
                if *hard && i > 0 {
                    text.push_str(&format!("at = \"+{}:{:02}\"\n", offset / 60, offset % 60));
                }
                text.push('\n');
                offset += minutes;
            }
            let session = format!(
                "duration = \"{}m\"\nadvance = \"{}\"",
                offset + 10,
                if go_mode { "go" } else { "clock" }
            );
            ops.sort_by_key(|(m, _)| *m);
            (session, text, ops, now)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]
    #[test]
    fn the_live_clock_keeps_its_promises((session, cues, ops, now) in arb_show()) {
        let p = plan(&session, &cues);
        let (plan, sched) = (&p.0, &p.1);
        let start = sched.start;
        let mut clock = HlcClock::new("desk");
        let mut events: Vec<Event> = Vec::new();
        // Records as an operator makes them: each op looks at the screen
        // (the projection) at its instant.
        for (min, op) in &ops {
            let at = start + Duration::minutes(*min);
            let state = LiveState::from_events(&events);
            let l = live::project(plan, sched, &state, at);
            let kind = match op {
                Op::Go => match l.go() {
                    Go::Start(i) | Go::AskFirst { cue: i, .. } => EventKind::Go { cue: plan.cues[i].id.clone() },
                    Go::End => EventKind::End,
                    Go::Refused => continue,
                },
                Op::Hold => EventKind::Delay { seconds: 60 },
                Op::Pull => EventKind::Delay { seconds: -60 },
                Op::Release => EventKind::Release { welfare: "bag".into(), cue: l.on_air.map(|c| plan.cues[c].id.clone()) },
            };
            let w = at.with_timezone(&Utc);
            events.push(Event::local(&mut clock, None, w, w, kind));
        }
        let state = LiveState::from_events(&events);
        let now = start + Duration::minutes(now);
        let l = live::project(plan, sched, &state, now);
        let mut last_start = None;
        for (i, c) in l.cues.iter().enumerate() {
            // A hard cue never starts late.
            if c.hard && let Some(s) = c.start {
                prop_assert!(s <= c.planned.start, "cue {i} hard at {} started {s}", c.planned.start);
            }
            // Cues start in plan order.
            if let Some(s) = c.start {
                prop_assert!(last_start.is_none_or(|l| l <= s), "cue {i} starts before the cue above");
                last_start = Some(s);
            }
            // One state each, consistent with its times.
            match c.state {
                CueState::Done => prop_assert!(c.start.is_some_and(|s| s <= now) && c.end.is_some_and(|e| e <= now)),
                CueState::OnAir => prop_assert_eq!(l.on_air, Some(i)),
                CueState::Upcoming => prop_assert!(c.start.is_some_and(|s| s >= now) && c.started_by.is_none()),
                CueState::Cut | CueState::NotAired => prop_assert!(c.start.is_none() && c.end.is_none()),
            }
        }
        prop_assert_eq!(l.cues.iter().filter(|c| c.state == CueState::OnAir).count(), usize::from(l.phase == Phase::OnAir));
        // The cue on air started at or before now.
        if let Some(c) = l.on_air_cue() {
            prop_assert!(c.start.is_some_and(|s| s <= now));
        }
        // over = the chain end minus the next hard instant.
        if let Some(c) = l.on_air {
            let stop = l.next_hard.unwrap_or(plan.cues.len());
            let mut chain = l.cues[c].due_end.expect("due end");
            if c + 1 < stop && plan.session.advance == crate::plan::Advance::Go {
                chain = chain.max(now);
            }
            for f in c + 1..stop {
                chain += sched.cues[f].len();
            }
            prop_assert_eq!(l.over, chain - l.next_hard_at);
        } else {
            prop_assert_eq!(l.over, Duration::zero());
        }
    }
}
