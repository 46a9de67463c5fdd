//! `diff` on two plans that differ in every kind of thing it compares:
//! the lines it gives, in order.

use chrono::{TimeZone, Utc};

use super::diff;
use crate::plan::Env;

const OLD: &str = r#"format = 1

[session]
title = "双11 专场"
date = 2026-11-11
timezone = "Asia/Shanghai"
start = "22:00"
end = "01:00"
gmv_target = 100000

[[group]]
id = "main"
[[group.item]]
sku = "QB-001"
name = "冬被"
live_price = 199
list_price = 399
stock = 100
[[group.item]]
sku = "QB-002"
name = "枕头"
live_price = 59

[[welfare]]
id = "bag"
kind = "lucky_bag"
name = "福袋"
quantity = 100
countdown = "3m"
[[welfare]]
id = "rp"
kind = "red_packet"
name = "红包"

[[warmup]]
id = "teaser"
title = "预告"
at = "-2h"
[[warmup]]
id = "gone"
title = "旧预告"
at = "-1h"
[[warmup]]
id = "post"
title = "群发"
at = "-30m"

[traffic]
budget = 10000
[[traffic.slot]]
id = "open"
from = "22:00"
to = "22:30"
budget = 3000
[[traffic.slot]]
id = "late"
from = "00:00"
to = "00:30"
budget = 2000
roi_target = 2

[[cue]]
id = "open"
title = "开场"
at = "22:00"
duration = "30m"
items = ["QB-001"]
welfare = ["bag"]
checklist = [{ task = "发福袋", who = "control" }, { task = "旧任务" }]
[[cue]]
id = "pillow"
title = "枕头"
duration = "1h"
items = ["QB-002"]
welfare = ["rp"]
[[cue]]
id = "close"
title = "下播"
"#;

const NEW: &str = r#"format = 1

[session]
title = "双11 专场 二"
date = 2026-11-11
timezone = "Asia/Shanghai"
start = "22:00"
end = "01:30"
gmv_target = 120000

[[group]]
id = "main"
[[group.item]]
sku = "QB-001"
name = "冬被 加厚"
live_price = 189
list_price = 399
stock = 80
limit = 2
[[group.item]]
sku = "QB-003"
name = "床垫"
live_price = 299
list_price = 599

[[welfare]]
id = "bag"
kind = "lucky_bag"
name = "福袋"
quantity = 200
countdown = "5m"
[[welfare]]
id = "coupon"
kind = "coupon"
name = "券"
quantity = 50

[[warmup]]
id = "post"
title = "群发"
at = "-20m"
[[warmup]]
id = "teaser"
title = "预告"
at = "-3h"
[[warmup]]
id = "fresh"
title = "新预告"
at = "-10m"

[traffic]
budget = 12000
[[traffic.slot]]
id = "open"
from = "22:00"
to = "22:40"
budget = 3000
channel = "qianchuan"
[[traffic.slot]]
id = "night"
from = "00:30"
to = "01:00"
budget = 4000

[[cue]]
id = "open"
title = "开场！"
at = "22:00"
duration = "40m"
items = ["QB-001", "QB-003"]
welfare = ["bag", "coupon"]
checklist = [{ task = "发福袋", who = "ads" }, { task = "新任务" }]
script = "hello"
[[cue]]
id = "bed"
title = "床垫"
duration = "1h"
items = ["QB-003"]
[[cue]]
id = "close"
title = "下播"
"#;

fn lines(old: &str, new: &str) -> Vec<String> {
    let env = Env {
        now: Utc.with_ymd_and_hms(2026, 11, 21, 3, 0, 0).unwrap(),
        local_tz: chrono_tz::Asia::Shanghai,
    };
    let (o, n) = (
        crate::check("old.toml", old.as_bytes(), &env),
        crate::check("new.toml", new.as_bytes(), &env),
    );
    let (o, n) = (
        o.ok().expect("old plan checks clean"),
        n.ok().expect("new plan checks clean"),
    );
    diff(o, n)
        .into_iter()
        .map(|c| {
            let id = if c.id.is_empty() {
                String::new()
            } else {
                format!(" {}", c.id)
            };
            format!("{} {}{id}: {}", c.op.sign(), c.what, c.detail)
        })
        .collect()
}

#[test]
fn every_kind_of_change_in_reading_order() {
    let got = lines(OLD, NEW);
    let want = [
        "~ session: title 双11 专场 → 双11 专场 二",
        "~ session: end 2026-11-12 01:00 → 2026-11-12 01:30",
        "~ session: gmv_target 100,000 → 120,000",
        "- cue pillow: 22:30–23:30 枕头",
        "~ cue open: retimed 22:00–22:30 (30m) → 22:00–22:40 (40m)",
        "~ cue open: title \"开场\" → \"开场！\"",
        "~ cue open: items [QB-001] → [QB-001, QB-003]",
        "~ cue open: welfare [bag] → [bag, coupon]",
        "~ cue open: task removed: 旧任务",
        "~ cue open: task \"发福袋\" who control → ads",
        "~ cue open: task added: 新任务",
        "~ cue open: script changed",
        "+ cue bed: 22:40–23:40 床垫",
        "~ cue close: retimed 23:30–01:00 +1d (1h30m) → 23:40–01:30 +1d (1h50m)",
        "- product QB-002: 枕头 (live 59)",
        "~ product QB-001: name 冬被 → 冬被 加厚",
        "~ product QB-001: live_price 199 → 189",
        "~ product QB-001: stock 100 → 80",
        "~ product QB-001: limit — → 2",
        "+ product QB-003: 床垫 (live 299, list 599)",
        "- welfare rp: 红包 红包",
        "~ welfare bag: quantity 100 → 200",
        "~ welfare bag: countdown 3m → 5m",
        "+ welfare coupon: 优惠券 券 ×50",
        "~ traffic: budget 10,000 → 12,000",
        "- slot late: 00:00 +1d–00:30 +1d budget 2,000",
        "~ slot open: retimed 22:00–22:30 → 22:00–22:40",
        "~ slot open: channel — → qianchuan",
        "+ slot night: 00:30 +1d–01:00 +1d budget 4,000",
        // Warm-ups read like every other kind: removed first, then the new
        // plan's order (they were once listed in the old plan's order).
        "- warm-up gone: 旧预告",
        "~ warm-up post: at 11-11 21:30 → 11-11 21:40",
        "~ warm-up teaser: at 11-11 20:00 → 11-11 19:00",
        "+ warm-up fresh: 新预告",
    ];
    assert_eq!(got, want, "{got:#?}");
}

/// Ids written twice match their first entry; nothing is lost or doubled.
#[test]
fn by_id_sorts_removed_added_and_kept() {
    use super::{Keyed, by_id};
    let old = ["a", "b", "c", "b"];
    let new = ["c", "d", "a"];
    let got: Vec<String> = by_id(&old, &new, |s| s)
        .into_iter()
        .map(|k| match k {
            Keyed::Removed(i, s) => format!("-{s}@{i}"),
            Keyed::Added(j, s) => format!("+{s}@{j}"),
            Keyed::Kept((i, s), (j, _)) => format!("={s}@{i}->{j}"),
        })
        .collect();
    assert_eq!(got, ["-b@1", "-b@3", "=c@2->0", "+d@1", "=a@0->2"]);
}

#[test]
fn a_plan_against_itself_has_no_changes() {
    assert_eq!(lines(OLD, OLD), Vec::<String>::new());
    assert_eq!(lines(NEW, NEW), Vec::<String>::new());
}

/// Cues are matched by id, not by their place in the list: a new id is a
/// cue removed and one added, and the cue that kept its id is unchanged.
#[test]
fn cues_are_matched_by_id_not_by_position() {
    let base = "format = 1\n[session]\ntitle = \"t\"\ndate = 2026-11-11\nstart = \"20:00\"\nend = \"21:00\"\ntimezone = \"Asia/Shanghai\"\n";
    let old = format!(
        "{base}[[cue]]\nid = \"a\"\ntitle = \"A\"\n[[cue]]\nid = \"b\"\ntitle = \"B\"\nat = \"20:30\"\n"
    );
    let renamed = old.replace("id = \"b\"", "id = \"c\"");
    assert_eq!(
        lines(&old, &renamed),
        ["- cue b: 20:30–21:00 B", "+ cue c: 20:30–21:00 B"]
    );
}
