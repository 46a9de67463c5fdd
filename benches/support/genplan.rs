//! A generator of valid stagecall plans of any size, for benchmarks, tests
//! and the `genplan` example.
//!
//! The plans read like a real marathon broadcast (双11 家纺 / 食品 专场):
//! product groups of every role with Chinese names, prices, stock and
//! selling points; welfare of every kind; warm-up items with checklists; an
//! hourly paid-traffic slot; and a run sheet whose cues carry items,
//! welfare, talk track and checklists (plain tasks, tasks with a crew role,
//! tasks due at an offset inside the cue).
//!
//! Every generated plan passes `stagecall check` with no error and no
//! warning: every SKU and welfare item is used by a cue, slot budgets add up
//! to the traffic budget, cue times add up exactly to the session, every
//! task offset falls inside its cue and every `who` is a crew role.
//!
//! The same [`Spec`] always gives the same bytes (a SplitMix64 stream seeded
//! by `seed`, no dependency), so figures and failures are reproducible.
//!
//! This file is standalone (std only) and is included with `#[path]` by the
//! example (`examples/genplan.rs`), the benchmarks and the tests.

#![allow(dead_code)]

use std::fmt::Write as _;

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spec {
    /// Session length in hours (at least 1).
    pub hours: u32,
    /// Run-sheet rows (`[[cue]]`), at least 1 and at most one per 2 seconds.
    pub cues: usize,
    /// Products (`[[group.item]]`), at least 1.
    pub skus: usize,
    pub seed: u64,
}

impl Spec {
    /// The benchmark scale: 200 cues and about 83 SKUs an hour, so the
    /// 24-hour plan has 4,800 cues and 2,000 SKUs.
    pub fn for_hours(hours: u32) -> Spec {
        let h = hours.max(1);
        Spec {
            hours: h,
            cues: 200 * h as usize,
            skus: (2000 * h as usize).div_ceil(24),
            seed: 11,
        }
    }

    /// The spec made usable: every count within its bounds.
    pub fn clamped(self) -> Spec {
        let hours = self.hours.clamp(1, 240);
        let max_cues = hours as usize * 3600 / 2;
        Spec {
            hours,
            cues: self.cues.clamp(1, max_cues),
            skus: self.skus.max(1),
            seed: self.seed,
        }
    }
}

/// SplitMix64: tiny, fast, and good enough to vary plan content.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed ^ 0x5DEE_CE66_D1CE_4E5B)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `lo..hi` (`lo` when the range is empty).
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        if hi <= lo {
            lo
        } else {
            lo + self.next_u64() % (hi - lo)
        }
    }

    pub fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.range(0, xs.len() as u64) as usize]
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.range(0, 100) < percent
    }
}

const ROLES: &[(&str, &str, &str)] = &[
    ("traffic", "引流款", "YL"),
    ("bridge", "承接款", "CJ"),
    ("welfare", "福利款", "FL"),
    ("hero", "爆款", "BK"),
    ("profit", "利润款", "LR"),
    ("image", "形象款", "XX"),
    ("new", "新品首发", "XP"),
    ("regular", "常规款", "CG"),
];
const AUDIENCES: &[&str] = &["new", "returning", "all"];
const MATERIALS: &[&str] = &[
    "新疆长绒棉",
    "A类纯棉",
    "泰国天然乳胶",
    "100%桑蚕丝",
    "95白鹅绒",
    "大豆纤维",
    "加厚牛奶绒",
    "水洗棉",
    "竹纤维",
    "法兰绒",
    "埃及长绒棉",
    "凝胶记忆棉",
];
const GOODS: &[&str] = &[
    "四件套",
    "三件套",
    "枕套",
    "冬被",
    "夏凉被",
    "毛毯",
    "床单",
    "枕头",
    "毛巾",
    "浴巾",
    "床垫",
    "凉席",
    "睡衣",
    "抱枕",
    "床笠",
    "子母被",
];
const SIZES: &[&str] = &[
    "1.5m",
    "1.8m",
    "200×230",
    "150×200",
    "一对装",
    "三条装",
    "220×240",
    "单人款",
    "加大款",
    "礼盒装",
];
const PITCHES: &[&str] = &[
    "A类母婴级",
    "60支精梳",
    "贡缎工艺",
    "机洗不起球",
    "双面绒不掉毛",
    "30天无理由 + 运费险",
    "8斤加厚",
    "四季可拆",
    "防螨抗菌",
    "源头工厂直供",
    "送同色枕套",
    "今晚直播间专享价",
];
const SEGMENTS: &[&str] = &[
    "开场", "引流", "承接", "爆款", "福利", "利润", "互动", "返场", "过款", "收官",
];
const OPENERS: &[&str] = &[
    "家人们晚上好！新进来的老铁先点个关注、加个粉丝团。",
    "刚进直播间的宝宝们，左上角福袋先点一下，马上开奖！",
    "老铁们看过来，这一款是今晚的重点，专柜价我都不敢说。",
    "库存不多了，犹豫就没了，拍下记得五分钟内付款。",
    "评论区扣“想要”，人多我就再给大家申请一波库存。",
    "这个价格只有今晚，下了播立刻恢复原价，家人们抓紧。",
    "助播把手卡举一下，尺寸、颜色都在上面，看清楚再拍。",
    "我们源头工厂直供，没有中间商，价格直接打下来。",
];
const TASKS_PLAIN: &[&str] = &[
    "手卡就位",
    "公屏公告更新",
    "评论区置顶本款链接",
    "检查库存同步",
    "样品摆台",
    "灯光补光",
    "口播违禁词自查",
    "切换商品讲解卡",
];
const TASKS_ROLE: &[(&str, &str)] = &[
    ("公屏刷关键词带节奏", "assistant"),
    ("报剩余库存", "control"),
    ("调高出价", "ads"),
    ("回复售后咨询", "service"),
    ("小黄车置顶", "control"),
    ("截屏抽奖名单", "assistant"),
    ("追投随心推", "ads"),
];
const WELFARE_KINDS: &[(&str, &str)] = &[
    ("lucky_bag", "福袋"),
    ("red_packet", "红包"),
    ("coupon", "优惠券"),
    ("flash_sale", "秒杀"),
    ("lottery", "抽奖"),
    ("gift", "赠品"),
];
const WARMUP_CHANNELS: &[(&str, &str)] = &[
    ("short_video", "工厂溯源短视频"),
    ("preview", "发布直播预告"),
    ("fan_group", "粉丝群通知开播时间"),
    ("private_message", "私信老粉福利时间表"),
    ("post", "图文种草：今晚爆款清单"),
    ("other", "线下门店海报"),
];
const AD_CHANNELS: &[&str] = &[
    "磁力金牛·直播推广",
    "磁力金牛·商品成交",
    "巨量千川·直播带货",
    "随心推·涨粉",
];

/// A TOML basic string. Generated text never needs escaping, but stay safe.
fn q(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Seconds as a plan duration: "1h2m3s", "45s".
pub fn dur(secs: u64) -> String {
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    let mut out = String::new();
    if h > 0 {
        let _ = write!(out, "{h}h");
    }
    if m > 0 {
        let _ = write!(out, "{m}m");
    }
    if s > 0 || out.is_empty() {
        let _ = write!(out, "{s}s");
    }
    out
}

/// Seconds from the start as an offset "+H:MM:SS".
fn offset(secs: u64) -> String {
    format!("+{}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60)
}

/// The session starts at 20:00 on 2026-11-11 (Asia/Shanghai, no DST).
pub const START_HOUR: u64 = 20;
pub const DATE: &str = "2026-11-11";

/// Seconds from the start as a clock time, for offsets under 24 hours.
fn clock(secs: u64) -> String {
    let t = (START_HOUR * 3600 + secs) % 86_400;
    format!("{:02}:{:02}:{:02}", t / 3600, t / 60 % 60, t % 60)
}

struct Item {
    sku: String,
    name: String,
}

/// The start of cue `k` in seconds from the session start.
pub fn cue_start(spec: &Spec, k: usize) -> u64 {
    let total = spec.hours as u64 * 3600;
    (k as u64 * total) / spec.cues as u64
}

/// Writes a plan for `spec` (clamped first).
pub fn generate(spec: Spec) -> String {
    let spec = spec.clamped();
    let mut r = Rng::new(spec.seed);
    let total = spec.hours as u64 * 3600;
    // Roughly 600 bytes a cue and 300 a product.
    let mut o = String::with_capacity(spec.cues * 700 + spec.skus * 350 + 4096);

    let _ = writeln!(
        o,
        "# 生成的计划（genplan）：{} 小时，{} 个环节，{} 个商品，seed {}",
        spec.hours, spec.cues, spec.skus, spec.seed
    );
    o.push_str("format = 1\n\n[session]\n");
    let _ = writeln!(
        o,
        "title = {}",
        q(&format!("双11 棉语家纺 {}小时马拉松专场", spec.hours))
    );
    let _ = writeln!(
        o,
        "platform = {}",
        q(r.pick(&["kuaishou", "douyin", "taobao"]))
    );
    let _ = writeln!(o, "date = {DATE}");
    let _ = writeln!(o, "start = \"{START_HOUR}:00\"");
    let _ = writeln!(o, "duration = {}", q(&dur(total)));
    o.push_str("timezone = \"Asia/Shanghai\"\nhosts = [\"棉姐\", \"阿朵\", \"小米\"]\n");
    let _ = writeln!(
        o,
        "gmv_target = {}",
        100_000 * spec.hours as u64 * r.range(5, 20)
    );
    o.push_str("currency = \"CNY\"\n\n");
    o.push_str("[crew]\nhost = \"棉姐\"\nassistant = \"阿朵\"\ncontrol = \"大刘\"\nads = \"小周\"\nservice = \"客服组\"\n\n");

    // Products: groups of 10 to 40 items, roles in turn.
    let mut items: Vec<Item> = Vec::with_capacity(spec.skus);
    let mut g = 0usize;
    while items.len() < spec.skus {
        let (role, role_zh, prefix) = ROLES[g % ROLES.len()];
        let size = (r.range(10, 41) as usize).min(spec.skus - items.len());
        let good = r.pick(GOODS);
        let _ = writeln!(o, "[[group]]\nid = \"g{g:03}\"");
        let _ = writeln!(
            o,
            "name = {}",
            q(&format!("{role_zh}·{good}专区 {}", g + 1))
        );
        let _ = writeln!(o, "role = \"{role}\"");
        let _ = writeln!(o, "audience = \"{}\"\n", AUDIENCES[g % AUDIENCES.len()]);
        for n in 0..size {
            let sku = format!("{prefix}-{g:03}-{n:03}");
            let name = format!("{}{} {}", r.pick(MATERIALS), good, r.pick(SIZES));
            let list = r.range(39, 3000);
            // A live price 30–90% of the list price, ending in .9.
            let live_whole = (list * r.range(30, 90) / 100).max(1);
            let live = format!("{}.9", live_whole - 1);
            let _ = writeln!(
                o,
                "  [[group.item]]\n  sku = \"{sku}\"\n  name = {}",
                q(&name)
            );
            let _ = writeln!(o, "  list_price = {list}\n  live_price = {live}");
            let _ = writeln!(o, "  stock = {}", r.range(1, 50) * 100);
            if r.chance(70) {
                let _ = writeln!(o, "  limit = {}", r.range(1, 4));
            }
            let pitches: Vec<String> = (0..r.range(1, 4)).map(|_| q(r.pick(PITCHES))).collect();
            let _ = writeln!(o, "  pitch = [{}]\n", pitches.join(", "));
            items.push(Item { sku, name });
        }
        g += 1;
    }

    // Welfare: one action per 25 cues, at least one.
    let n_welfare = (spec.cues / 25).max(1);
    let mut welfare = Vec::with_capacity(n_welfare);
    o.push_str("# ───────────── 福利 ─────────────\n\n");
    for w in 0..n_welfare {
        let (kind, kind_zh) = WELFARE_KINDS[w % WELFARE_KINDS.len()];
        let id = format!("w{w:04}");
        let hour = (START_HOUR + (w as u64 * spec.hours as u64) / n_welfare as u64) % 24;
        let prize = &items[r.range(0, items.len() as u64) as usize].name;
        let name = format!("{hour}点{kind_zh}：{prize}");
        let _ = writeln!(
            o,
            "[[welfare]]\nid = \"{id}\"\nkind = \"{kind}\"\nname = {}",
            q(&name)
        );
        let _ = writeln!(o, "quantity = {}", r.range(1, 100) * 10);
        let _ = writeln!(o, "unit_cost = {}", r.range(1, 300));
        let _ = writeln!(
            o,
            "rule = {}",
            q(r.pick(&[
                "关注主播 + 评论“想要”",
                "加入粉丝团，倒计时结束开奖",
                "粉丝团灯牌 1 级以上可领",
                "公屏扣“双11”，助播截屏抽"
            ]))
        );
        if r.chance(50) {
            let _ = writeln!(
                o,
                "trigger = {}",
                q(&format!("在线 ≥ {}", r.range(1, 20) * 500))
            );
        }
        if matches!(kind, "lucky_bag" | "red_packet" | "lottery") {
            let _ = writeln!(o, "countdown = \"{}m\"", r.range(1, 11));
        }
        o.push_str("limit = 1\n\n");
        welfare.push((id, name));
    }

    // Warm-up: four fixed items plus one per six hours of show.
    o.push_str("# ───────────── 预热 ─────────────\n\n");
    let befores = ["-3d", "-2d", "-1d2h", "-6h", "-2h", "-30m", "-10m"];
    for w in 0..4 + spec.hours as usize / 6 {
        let (channel, title) = WARMUP_CHANNELS[w % WARMUP_CHANNELS.len()];
        let _ = writeln!(o, "[[warmup]]\nid = \"warm-{w:02}\"");
        if w == 1 {
            o.push_str("at = 2026-11-09T12:00:00\n");
        } else {
            let _ = writeln!(o, "at = \"{}\"", befores[w % befores.len()]);
        }
        let _ = writeln!(
            o,
            "channel = \"{channel}\"\ntitle = {}",
            q(&format!("{title}（第{}波）", w + 1))
        );
        if r.chance(60) {
            let _ = writeln!(o, "target_reservations = {}", r.range(1, 50) * 100);
        }
        let _ = writeln!(
            o,
            "checklist = [\"素材审核\", {{ task = \"挂直播预约组件\", who = \"control\" }}, {{ task = \"投放预热加热\", who = \"ads\" }}]\n"
        );
    }

    // Paid traffic: a 50-minute slot every hour.
    let mut slots = String::new();
    let mut budget_total = 0u64;
    for h in 0..spec.hours as u64 {
        let budget = r.range(5, 40) * 1000;
        budget_total += budget;
        let _ = writeln!(
            slots,
            "[[traffic.slot]]\nid = \"slot-{h:02}\"\nfrom = \"{}\"\nto = \"{}\"\nbudget = {budget}\nchannel = {}\naudience = {}\nroi_target = {}.{}\n",
            offset(h * 3600),
            offset(h * 3600 + 50 * 60),
            q(r.pick(AD_CHANNELS)),
            q(r.pick(&[
                "家纺兴趣人群",
                "双11大促人群，女 25-45",
                "直播间互动未购",
                "店铺老客 + 竞品粉丝"
            ])),
            r.range(1, 5),
            r.range(0, 10),
        );
    }
    o.push_str("# ───────────── 商业化 ─────────────\n\n");
    let _ = writeln!(o, "[traffic]\nbudget = {budget_total}\n");
    o.push_str(&slots);

    // The run sheet.
    o.push_str("# ───────────── 直播脚本 ─────────────\n\n");
    let per = spec.skus.div_ceil(spec.cues).max(1);
    let mut welfare_at = vec![usize::MAX; spec.cues];
    for w in 0..n_welfare {
        welfare_at[(w * spec.cues) / n_welfare] = w;
    }
    for k in 0..spec.cues {
        let start = cue_start(&spec, k);
        let end = if k + 1 == spec.cues {
            total
        } else {
            cue_start(&spec, k + 1)
        };
        let len = end - start;
        let next_anchored = k + 1 < spec.cues && (k + 1) % 10 == 0;
        let hour = start / 3600;
        let seg = SEGMENTS[(hour as usize + k / 20) % SEGMENTS.len()];
        let main = &items[(k * per) % items.len()];
        let w = welfare_at[k];
        let title = match (w != usize::MAX, k % 4) {
            (true, _) => format!("{seg}：发{}", welfare[w].1),
            (false, 0) => format!("{seg}：{} 讲解", main.name),
            (false, 1) => format!("{seg}：{} 过款", main.sku),
            (false, 2) => format!("{}点{seg}互动 + {}", (START_HOUR + hour) % 24, main.name),
            _ => format!("{seg}返场：{}", main.name),
        };
        o.push_str("[[cue]]\n");
        if k % 2 == 0 {
            let _ = writeln!(o, "id = \"c{k:05}\"");
        }
        let _ = writeln!(o, "title = {}", q(&title));
        if k % 10 == 0 {
            // Anchors: clock times inside the first day, offsets after.
            let at = if start < 86_400 && k % 20 == 0 {
                clock(start)
            } else {
                offset(start)
            };
            let _ = writeln!(o, "at = \"{at}\"");
        }
        // The last cue and the cue before an anchor leave out their length:
        // they run to the session end or the anchor, exactly.
        if k + 1 < spec.cues && !(next_anchored && k % 3 == 0) {
            let _ = writeln!(o, "duration = \"{}\"", dur(len));
        }
        let _ = writeln!(o, "segment = \"{seg}\"");
        let skus: Vec<String> = (0..per)
            .map(|i| q(&items[(k * per + i) % items.len()].sku))
            .collect();
        let _ = writeln!(o, "items = [{}]", skus.join(", "));
        if w != usize::MAX {
            let _ = writeln!(o, "welfare = [\"{}\"]", welfare[w].0);
        }
        if r.chance(60) {
            o.push_str("script = \"\"\"\n");
            for _ in 0..r.range(1, 4) {
                o.push_str(r.pick(OPENERS));
                o.push('\n');
            }
            let _ = writeln!(
                o,
                "{} 今晚直播间价，{} 号链接。\n\"\"\"",
                main.name,
                k % 50 + 1
            );
        }
        o.push_str("checklist = [\n");
        let plain = r.range(0, TASKS_PLAIN.len() as u64) as usize;
        let _ = writeln!(o, "  {},", q(TASKS_PLAIN[plain]));
        let (task, who) = TASKS_ROLE[r.range(0, TASKS_ROLE.len() as u64) as usize];
        if len >= 2 && r.chance(50) {
            let _ = writeln!(
                o,
                "  {{ task = {}, who = \"{who}\", at = \"+{}\" }},",
                q(task),
                dur(r.range(1, len))
            );
        } else {
            let _ = writeln!(o, "  {{ task = {}, who = \"{who}\" }},", q(task));
        }
        o.push_str("]\n\n");
    }
    o
}
