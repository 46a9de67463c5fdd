//! The plan file exactly as written: serde structs that keep the source span
//! of every value. Every key is optional here so that a missing key becomes
//! our own "missing required key" message in validation rather than serde's
//! first-error-wins failure. Unknown keys are refused (`deny_unknown_fields`)
//! and turned into "did you mean" diagnostics by the loader.
//!
//! The same types generate the JSON Schema editors use for completion
//! (`stagecall schema`), so the schema and the loader cannot drift: the doc
//! comments here are the descriptions editors show.

use std::collections::BTreeMap;

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer};
use toml::Spanned;

use super::model::{Advance, Audience, GroupRole, Platform, WarmupChannel, WelfareKind};

/// A value with its byte span in the source. A newtype over `toml::Spanned`
/// so the schema generator sees through it to the value's own schema.
#[derive(Debug, Clone)]
pub struct Located<T>(Spanned<T>);

impl<T> Located<T> {
    pub fn new(span: std::ops::Range<usize>, value: T) -> Self {
        Located(Spanned::new(span, value))
    }
    pub fn span(&self) -> std::ops::Range<usize> {
        self.0.span()
    }
    pub fn get_ref(&self) -> &T {
        self.0.get_ref()
    }
    pub fn into_inner(self) -> T {
        self.0.into_inner()
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Located<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Spanned::<T>::deserialize(d).map(Located)
    }
}

impl<T: JsonSchema> JsonSchema for Located<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }
    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }
    fn schema_id() -> Cow<'static, str> {
        T::schema_id()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        T::json_schema(generator)
    }
}

/// A stagecall plan: one live session (一场直播).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawPlan {
    /// Plan format version; this program reads 1.
    #[schemars(range(min = 1, max = 1))]
    pub format: Option<Located<i64>>,
    pub session: Option<Located<RawSession>>,
    /// Crew roles and who fills them: host(主播), assistant(助播), control(场控/中控), ads(投手), service(客服), or any word.
    pub crew: Option<Located<BTreeMap<String, Located<String>>>>,
    /// Product groups (货盘).
    #[serde(default)]
    pub group: Vec<Located<RawGroup>>,
    /// Welfare actions (福利).
    #[serde(default)]
    pub welfare: Vec<Located<RawWelfare>>,
    /// Warm-up items (预热).
    #[serde(default)]
    pub warmup: Vec<Located<RawWarmup>>,
    pub traffic: Option<Located<RawTraffic>>,
    /// The run sheet (直播脚本), top to bottom.
    #[serde(default)]
    pub cue: Vec<Located<RawCue>>,
}

/// The session: title, platform, day, times and zone.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawSession {
    /// Session title (required).
    pub title: Option<Located<String>>,
    /// Where the show streams.
    pub platform: Option<Located<Platform>>,
    /// The day, a TOML local date like 2026-11-11; missing means today.
    pub date: Option<Located<TimeValue>>,
    /// Start time "HH:MM" (required).
    pub start: Option<Located<TimeValue>>,
    /// End time "HH:MM"; may cross midnight. Give `end` or `duration`.
    pub end: Option<Located<TimeValue>>,
    /// Length like "4h30m". Give `end` or `duration`.
    pub duration: Option<Located<String>>,
    /// IANA zone like "Asia/Shanghai"; missing means the machine's zone.
    pub timezone: Option<Located<String>>,
    #[serde(default)]
    pub hosts: Vec<Located<String>>,
    /// GMV target in `currency` units.
    #[schemars(range(min = 0))]
    pub gmv_target: Option<Located<f64>>,
    /// Currency code, default CNY.
    pub currency: Option<Located<String>>,
    /// How floating cues (no `at`) go on air: "clock" (by themselves at their projected start, the default) or "go" (they wait for GO).
    pub advance: Option<Located<Advance>>,
}

/// A product group (货盘 / 排品).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawGroup {
    pub id: Option<Located<String>>,
    pub name: Option<Located<String>>,
    pub role: Option<Located<GroupRole>>,
    pub audience: Option<Located<Audience>>,
    #[serde(default)]
    pub item: Vec<Located<RawItem>>,
}

/// One product (SKU) in a group.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawItem {
    /// SKU, unique across the plan; cues list it in `items`.
    pub sku: Option<Located<String>>,
    pub name: Option<Located<String>>,
    /// List price (原价).
    #[schemars(range(min = 0))]
    pub list_price: Option<Located<f64>>,
    /// Live price (直播价).
    #[schemars(range(min = 0))]
    pub live_price: Option<Located<f64>>,
    /// Units in stock (库存).
    #[schemars(range(min = 0))]
    pub stock: Option<Located<i64>>,
    /// Per-buyer limit (限购).
    #[schemars(range(min = 0))]
    pub limit: Option<Located<i64>>,
    /// Selling points (卖点).
    #[serde(default)]
    pub pitch: Vec<String>,
    /// The cart link number (链接号) the host calls out: a whole number, 1 or more.
    #[schemars(range(min = 1))]
    pub link: Option<Located<i64>>,
    /// Remaining stock at or under which the runner alerts (逼单 / 补货 /
    /// 下架); default 10% of `stock`.
    #[schemars(range(min = 0))]
    pub low_stock: Option<Located<i64>>,
}

/// A welfare action (福利): one release of `quantity` units.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawWelfare {
    pub id: Option<Located<String>>,
    pub kind: Option<Located<WelfareKind>>,
    pub name: Option<Located<String>>,
    /// Units released at once.
    #[schemars(range(min = 0))]
    pub quantity: Option<Located<i64>>,
    /// Cost of one unit.
    #[schemars(range(min = 0))]
    pub unit_cost: Option<Located<f64>>,
    /// Rule read out by the host (规则).
    pub rule: Option<String>,
    /// When to release it (触发条件), in words for people.
    pub trigger: Option<String>,
    /// A machine-checked trigger over the live numbers, e.g.
    /// "online >= 3000 and gmv > 5万" (online, gmv, orders, likes; >=, >,
    /// <=, <; joined with `and`).
    pub when: Option<Located<String>>,
    /// Draw/claim countdown once released, like "3m".
    pub countdown: Option<Located<String>>,
    pub limit: Option<Located<i64>>,
    /// The product a flash sale (秒杀) or coupon applies to: a SKU of this plan.
    pub sku: Option<Located<String>>,
    /// The price it sells at (秒杀价), in currency units.
    #[schemars(range(min = 0))]
    pub price: Option<Located<f64>>,
}

/// Warm-up content before the show (预热).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawWarmup {
    pub id: Option<Located<String>>,
    /// Before the start: "-3d", "-2h", "-1d2h", or a local date-time.
    pub at: Option<Located<TimeValue>>,
    pub channel: Option<Located<WarmupChannel>>,
    pub title: Option<Located<String>>,
    /// Reservation target (预约目标).
    #[schemars(range(min = 0))]
    pub target_reservations: Option<Located<i64>>,
    #[serde(default)]
    pub checklist: Vec<Located<RawTask>>,
}

/// Paid traffic (磁力金牛 / 千川 / 随心推 …).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawTraffic {
    /// Total paid-traffic budget for the session.
    #[schemars(range(min = 0))]
    pub budget: Option<Located<f64>>,
    #[serde(default)]
    pub slot: Vec<Located<RawSlot>>,
}

/// A paid-traffic budget slot.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawSlot {
    pub id: Option<Located<String>>,
    /// Clock time "20:00" or offset "+0:30".
    pub from: Option<Located<TimeValue>>,
    /// Clock time "20:30" or offset "+1:00".
    pub to: Option<Located<TimeValue>>,
    /// This slot's budget.
    #[schemars(range(min = 0))]
    pub budget: Option<Located<f64>>,
    pub channel: Option<String>,
    pub audience: Option<String>,
    /// ROI target.
    #[schemars(range(min = 0))]
    pub roi_target: Option<Located<f64>>,
}

/// One row of the run sheet (直播脚本).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawCue {
    /// Stable id for live state; default derived from the title.
    pub id: Option<Located<String>>,
    /// Start: clock time "20:15" or offset "+1:30"; missing means when the cue before ends.
    pub at: Option<Located<TimeValue>>,
    /// Length like "5m"; missing means until the next cue starts.
    pub duration: Option<Located<String>>,
    pub title: Option<Located<String>>,
    /// Block label grouping cues (板块).
    pub segment: Option<String>,
    /// SKUs shown in this cue; each adds a 上架 task.
    #[serde(default)]
    pub items: Vec<Located<String>>,
    /// Welfare ids released in this cue; each adds a release task.
    #[serde(default)]
    pub welfare: Vec<Located<String>>,
    /// Talk track (话术).
    pub script: Option<String>,
    /// Tasks: text, or { task, who, at }.
    #[serde(default)]
    pub checklist: Vec<Located<RawTask>>,
}

/// A checklist entry: a plain string, or `{ task, who, at }`.
#[derive(Debug)]
pub struct RawTask {
    pub task: Option<Located<String>>,
    pub who: Option<Located<String>>,
    pub at: Option<Located<TimeValue>>,
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawTaskTable {
    /// What to do.
    task: Option<Located<String>>,
    /// The crew role that does it (a key of [crew]).
    who: Option<Located<String>>,
    /// When: an offset into the cue ("+2m", "+1:30"), or a clock time ("19:43") for that instant.
    at: Option<Located<TimeValue>>,
}

impl<'de> Deserialize<'de> for RawTask {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = RawTask;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str(
                    "a task: a string, or a table { task = \"…\", who = \"…\", at = \"+1m\" }",
                )
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<RawTask, E> {
                Ok(RawTask {
                    task: Some(Located::new(0..0, v.to_owned())),
                    who: None,
                    at: None,
                })
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<RawTask, A::Error> {
                let t =
                    RawTaskTable::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                Ok(RawTask {
                    task: t.task,
                    who: t.who,
                    at: t.at,
                })
            }
        }
        d.deserialize_any(V)
    }
}

/// A time as written: a string ("20:15", "+1:30", "-3d") or a TOML local
/// date, time or datetime.
#[derive(Debug, Clone)]
pub enum TimeValue {
    Text(String),
    Toml(toml::value::Datetime),
}

impl<'de> Deserialize<'de> for TimeValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match toml::Value::deserialize(d)? {
            toml::Value::String(s) => Ok(TimeValue::Text(s)),
            toml::Value::Datetime(dt) => Ok(TimeValue::Toml(dt)),
            other => Err(serde::de::Error::custom(format!(
                "expected a time such as \"20:15\" or \"+1:30\", found {}",
                other.type_str()
            ))),
        }
    }
}

impl JsonSchema for RawTask {
    fn schema_name() -> Cow<'static, str> {
        "Task".into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let table = generator.subschema_for::<RawTaskTable>();
        json_schema!({
            "description": "A task: text, or { task, who, at }.",
            "anyOf": [{ "type": "string" }, table]
        })
    }
}

impl JsonSchema for TimeValue {
    fn schema_name() -> Cow<'static, str> {
        "Time".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A clock time \"20:15\", an offset \"+1:30\" / \"+90m\", a time before the start \"-30m\", or a TOML local date, time or date-time.",
            "type": "string"
        })
    }
}
