//! The plan file exactly as written: serde structs that keep the source span
//! of every value. Every key is optional here so that a missing key becomes
//! our own "missing required key" message in validation rather than serde's
//! first-error-wins failure. Unknown keys are refused (`deny_unknown_fields`)
//! and turned into "did you mean" diagnostics by the loader.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer};
use toml::Spanned;

use super::model::{Audience, GroupRole, Platform, WarmupChannel, WelfareKind};

pub type S<T> = Spanned<T>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPlan {
    pub format: Option<S<i64>>,
    pub session: Option<S<RawSession>>,
    pub crew: Option<S<BTreeMap<String, S<String>>>>,
    #[serde(default)]
    pub group: Vec<S<RawGroup>>,
    #[serde(default)]
    pub welfare: Vec<S<RawWelfare>>,
    #[serde(default)]
    pub warmup: Vec<S<RawWarmup>>,
    pub traffic: Option<S<RawTraffic>>,
    #[serde(default)]
    pub cue: Vec<S<RawCue>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSession {
    pub title: Option<S<String>>,
    pub platform: Option<S<Platform>>,
    pub date: Option<S<TimeValue>>,
    pub start: Option<S<TimeValue>>,
    pub end: Option<S<TimeValue>>,
    pub duration: Option<S<String>>,
    pub timezone: Option<S<String>>,
    #[serde(default)]
    pub hosts: Vec<S<String>>,
    pub gmv_target: Option<S<f64>>,
    pub currency: Option<S<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawGroup {
    pub id: Option<S<String>>,
    pub name: Option<S<String>>,
    pub role: Option<S<GroupRole>>,
    pub audience: Option<S<Audience>>,
    #[serde(default)]
    pub item: Vec<S<RawItem>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawItem {
    pub sku: Option<S<String>>,
    pub name: Option<S<String>>,
    pub list_price: Option<S<f64>>,
    pub live_price: Option<S<f64>>,
    pub stock: Option<S<i64>>,
    pub limit: Option<S<i64>>,
    #[serde(default)]
    pub pitch: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawWelfare {
    pub id: Option<S<String>>,
    pub kind: Option<S<WelfareKind>>,
    pub name: Option<S<String>>,
    pub quantity: Option<S<i64>>,
    pub unit_cost: Option<S<f64>>,
    pub rule: Option<String>,
    pub trigger: Option<String>,
    pub countdown: Option<S<String>>,
    pub limit: Option<S<i64>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawWarmup {
    pub id: Option<S<String>>,
    pub at: Option<S<TimeValue>>,
    pub channel: Option<S<WarmupChannel>>,
    pub title: Option<S<String>>,
    pub target_reservations: Option<S<i64>>,
    #[serde(default)]
    pub checklist: Vec<S<RawTask>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTraffic {
    pub budget: Option<S<f64>>,
    #[serde(default)]
    pub slot: Vec<S<RawSlot>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSlot {
    pub id: Option<S<String>>,
    pub from: Option<S<TimeValue>>,
    pub to: Option<S<TimeValue>>,
    pub budget: Option<S<f64>>,
    pub channel: Option<String>,
    pub audience: Option<String>,
    pub roi_target: Option<S<f64>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCue {
    pub id: Option<S<String>>,
    pub at: Option<S<TimeValue>>,
    pub duration: Option<S<String>>,
    pub title: Option<S<String>>,
    pub segment: Option<String>,
    #[serde(default)]
    pub items: Vec<S<String>>,
    #[serde(default)]
    pub welfare: Vec<S<String>>,
    pub script: Option<String>,
    #[serde(default)]
    pub checklist: Vec<S<RawTask>>,
}

/// A checklist entry: a plain string, or `{ task, who, at }`.
#[derive(Debug)]
pub struct RawTask {
    pub task: Option<S<String>>,
    pub who: Option<S<String>>,
    pub at: Option<S<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTaskTable {
    task: Option<S<String>>,
    who: Option<S<String>>,
    at: Option<S<String>>,
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
                    task: Some(Spanned::new(0..0, v.to_owned())),
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
