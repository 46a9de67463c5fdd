//! The validated plan: what every part of stagecall downstream of loading
//! works with. Nothing here is raw input; every value has been checked.
//! Byte spans are kept only so later checks (the schedule) can point at the
//! source line.

use std::collections::BTreeMap;
use std::ops::Range;

use chrono::{Duration, NaiveDate, NaiveTime};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use super::time::TimeSpec;

pub type Span = Range<usize>;

/// Money in hundredths of the currency unit, so sums are exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Hash)]
pub struct Money(pub i64);

impl Money {
    pub fn from_units(v: f64) -> Self {
        Money((v * 100.0).round() as i64)
    }

    pub fn units(self) -> f64 {
        self.0 as f64 / 100.0
    }
}

impl std::fmt::Display for Money {
    /// "99", "99.9", "1,200" style: no trailing zero cents, thousands grouped.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let neg = self.0 < 0;
        let abs = self.0.unsigned_abs();
        let whole = abs / 100;
        let cents = abs % 100;
        let digits = whole.to_string();
        let mut grouped = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(c);
        }
        if neg {
            f.write_str("-")?;
        }
        f.write_str(&grouped)?;
        match cents {
            0 => Ok(()),
            c if c % 10 == 0 => write!(f, ".{}", c / 10),
            c => write!(f, ".{c:02}"),
        }
    }
}

macro_rules! plan_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $key:literal, $zh:literal $(, alias $alias:literal)*;)+ }) => {
        $(#[$meta])*
        // Each variant's doc is its Chinese term as operators write it
        // ("TikTok Shop"), not Markdown.
        #[allow(clippy::doc_markdown)]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name {
            $(
                #[doc = $zh]
                #[serde(rename = $key, alias = $zh $(, alias = $alias)*)]
                $variant,
            )+
        }

        impl $name {
            /// Every value, in the contract's order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The key written in plan files.
            pub fn key(self) -> &'static str {
                match self { $($name::$variant => $key),+ }
            }

            /// The Chinese term operators use.
            pub fn zh(self) -> &'static str {
                match self { $($name::$variant => $zh),+ }
            }

            /// (key, Chinese term) of every value, in the contract's order.
            pub fn terms() -> Vec<(&'static str, &'static str)> {
                Self::ALL.iter().map(|v| (v.key(), v.zh())).collect()
            }
        }

        /// Canonical keys first, each with its Chinese term; the accepted
        /// aliases too, so editors accept what the loader accepts.
        impl schemars::JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }
            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                let mut one_of = Vec::new();
                $(
                    one_of.push(serde_json::json!({ "const": $key, "description": $zh }));
                    one_of.push(serde_json::json!({ "const": $zh, "description": concat!("= ", $key) }));
                    $( one_of.push(serde_json::json!({ "const": $alias, "description": concat!("= ", $key) })); )*
                )+
                schemars::json_schema!({ "type": "string", "oneOf": one_of })
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.key())
            }
        }
    };
}

plan_enum! {
    /// The live-commerce platform the session streams on.
    Platform {
        Kuaishou = "kuaishou", "快手";
        Douyin = "douyin", "抖音";
        Taobao = "taobao", "淘宝", alias "淘宝直播";
        Tiktok = "tiktok", "TikTok Shop";
        Wechat = "wechat", "视频号", alias "微信视频号";
        Other = "other", "其他";
    }
}

plan_enum! {
    /// What a product group does in the line-up (排品).
    GroupRole {
        Traffic = "traffic", "引流";
        Bridge = "bridge", "承接";
        Welfare = "welfare", "福利";
        Hero = "hero", "爆款";
        Profit = "profit", "利润";
        Image = "image", "形象";
        New = "new", "新品";
        Regular = "regular", "常规";
    }
}

plan_enum! {
    /// Which viewers a product group is aimed at.
    Audience {
        New = "new", "新粉";
        Returning = "returning", "老粉";
        All = "all", "全部";
    }
}

plan_enum! {
    /// The kind of a welfare action (福利).
    WelfareKind {
        LuckyBag = "lucky_bag", "福袋";
        RedPacket = "red_packet", "红包";
        Coupon = "coupon", "优惠券";
        FlashSale = "flash_sale", "秒杀";
        Lottery = "lottery", "抽奖";
        Gift = "gift", "赠品";
    }
}

plan_enum! {
    /// How floating cues (no `at`) go on air.
    Advance {
        Clock = "clock", "按时";
        Go = "go", "手动";
    }
}

plan_enum! {
    /// Where a warm-up item is published (预热).
    WarmupChannel {
        ShortVideo = "short_video", "短视频";
        Preview = "preview", "直播预告";
        FanGroup = "fan_group", "粉丝群";
        PrivateMessage = "private_message", "私信";
        Post = "post", "图文";
        Other = "other", "其他";
    }
}

/// The (key, Chinese term) pairs of the plan enum whose keys are `keys`,
/// in that order: what a message listing the allowed values of a key can
/// show beside them. `None` when no plan enum has exactly those keys.
pub fn enum_terms(keys: &[&str]) -> Option<Vec<(&'static str, &'static str)>> {
    [
        Platform::terms(),
        GroupRole::terms(),
        Audience::terms(),
        WelfareKind::terms(),
        Advance::terms(),
        WarmupChannel::terms(),
    ]
    .into_iter()
    .find(|terms| terms.iter().map(|t| t.0).eq(keys.iter().copied()))
}

/// A validated plan.
#[derive(Debug, Clone)]
pub struct Plan {
    pub format: u32,
    pub session: Session,
    /// Role -> person. `None` when the plan has no `[crew]`.
    pub crew: Option<BTreeMap<String, String>>,
    pub groups: Vec<Group>,
    /// Every product, in file order; groups refer to them by index.
    pub items: Vec<Item>,
    pub welfare: Vec<Welfare>,
    pub warmups: Vec<Warmup>,
    pub traffic: Option<Traffic>,
    pub cues: Vec<Cue>,
}

#[derive(Debug, Clone)]
pub struct Session {
    pub title: String,
    pub platform: Option<Platform>,
    pub date: NaiveDate,
    pub start: NaiveTime,
    pub end: SessionEnd,
    pub timezone: Tz,
    pub hosts: Vec<String>,
    pub gmv_target: Option<Money>,
    pub currency: String,
    /// Whether floating cues start by themselves or wait for GO.
    pub advance: Advance,
    pub start_span: Span,
    pub end_span: Span,
    /// Where `date` is written; `None` when it was left out (today).
    pub date_span: Option<Span>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionEnd {
    Clock(NaiveTime),
    Duration(Duration),
}

#[derive(Debug, Clone)]
pub struct Group {
    pub id: String,
    pub name: String,
    pub role: Option<GroupRole>,
    pub audience: Audience,
    /// Indices into [`Plan::items`].
    pub items: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct Item {
    pub sku: String,
    pub name: String,
    /// Index into [`Plan::groups`].
    pub group: usize,
    pub list_price: Option<Money>,
    pub live_price: Option<Money>,
    pub stock: Option<u64>,
    pub limit: Option<u64>,
    pub pitch: Vec<String>,
    /// The cart link number (链接号).
    pub link: Option<u32>,
    /// Remaining stock at or under which the runner alerts.
    pub low_stock: Option<u64>,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct Welfare {
    pub id: String,
    pub kind: WelfareKind,
    pub name: String,
    pub quantity: Option<u64>,
    pub unit_cost: Option<Money>,
    pub rule: Option<String>,
    pub trigger: Option<String>,
    /// The machine-checked trigger (`when`).
    pub when: Option<super::when::Condition>,
    pub countdown: Option<Duration>,
    pub limit: Option<u64>,
    /// The product a flash sale or coupon applies to (index into [`Plan::items`]).
    pub sku: Option<usize>,
    /// Its 秒杀价 / coupon price.
    pub price: Option<Money>,
    pub span: Span,
}

impl Welfare {
    /// The most one release can cost: quantity × unit cost. A coupon's cost
    /// lands only as it is used, so this is a ceiling, not a spend.
    pub fn planned_cost(&self) -> Option<Money> {
        Some(Money(
            self.unit_cost?.0.saturating_mul(self.quantity? as i64),
        ))
    }
}

#[derive(Debug, Clone)]
pub struct Warmup {
    pub id: String,
    pub at: TimeSpec,
    pub at_span: Span,
    pub channel: Option<WarmupChannel>,
    pub title: String,
    pub target_reservations: Option<u64>,
    pub checklist: Vec<Task>,
}

#[derive(Debug, Clone)]
pub struct Traffic {
    pub budget: Option<Money>,
    pub budget_span: Span,
    pub slots: Vec<Slot>,
}

#[derive(Debug, Clone)]
pub struct Slot {
    pub id: String,
    pub from: TimeSpec,
    pub to: TimeSpec,
    pub budget: Option<Money>,
    pub channel: Option<String>,
    pub audience: Option<String>,
    pub roi_target: Option<f64>,
    pub from_span: Span,
    pub to_span: Span,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct Cue {
    pub id: String,
    pub at: Option<TimeSpec>,
    pub duration: Option<Duration>,
    pub title: String,
    pub segment: Option<String>,
    /// Indices into [`Plan::items`].
    pub items: Vec<usize>,
    /// Indices into [`Plan::welfare`].
    pub welfare: Vec<usize>,
    pub script: Option<String>,
    pub checklist: Vec<Task>,
    /// Where to point for problems with this cue's timing: its `at`, or its title.
    pub span: Span,
    pub duration_span: Option<Span>,
}

/// A checklist task written in the plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Task {
    pub text: String,
    /// A crew role (a key of `[crew]`).
    pub who: Option<String>,
    pub at: Option<TaskAt>,
    pub span: Span,
}

/// When a task is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskAt {
    /// Elapsed time from its cue's start (actual on air, planned on paper).
    Offset(Duration),
    /// A clock time or date-time: that instant, wherever its cue runs.
    Clock(TimeSpec),
}

impl Plan {
    pub fn item_by_sku(&self, sku: &str) -> Option<&Item> {
        self.items.iter().find(|i| i.sku == sku)
    }

    /// The person behind a crew role, when the plan names one.
    pub fn crew_member(&self, role: &str) -> Option<&str> {
        self.crew.as_ref()?.get(role).map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_formats_like_a_price_tag() {
        assert_eq!(Money::from_units(99.0).to_string(), "99");
        assert_eq!(Money::from_units(99.9).to_string(), "99.9");
        assert_eq!(Money::from_units(0.05).to_string(), "0.05");
        assert_eq!(Money::from_units(2_000_000.0).to_string(), "2,000,000");
        assert_eq!(Money::from_units(-1234.5).to_string(), "-1,234.5");
    }
}
