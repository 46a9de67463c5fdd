//! A reading of the live numbers (online, GMV, orders, likes, sold per
//! SKU, spend per traffic slot), as one `metrics` record carries it, and
//! the two ways one is typed: a JSON Lines feed and the `$` entry line.
//!
//! Every figure but `online` is a total so far, as platform data screens
//! (大屏) show them. Amounts accept `12.5万`, `1,234` and `¥3,000` as well
//! as plain numbers, because people copy them off those screens.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::plan::Money;

/// The largest figure a reading may hold (a trillion): anything beyond is
/// a typo or a poisoned feed, and would overflow the arithmetic.
pub const MAX_FIGURE: f64 = 1e12;

/// One reading; every field optional.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Reading {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub online: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "money_opt")]
    pub gmv: Option<Money>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub orders: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub likes: Option<u64>,
    /// Units sold so far, by SKU.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub sold: BTreeMap<String, u64>,
    /// Spent so far, by traffic slot id.
    #[serde(
        default,
        skip_serializing_if = "BTreeMap::is_empty",
        with = "money_map"
    )]
    pub spend: BTreeMap<String, Money>,
}

impl Reading {
    pub fn is_empty(&self) -> bool {
        self.online.is_none()
            && self.gmv.is_none()
            && self.orders.is_none()
            && self.likes.is_none()
            && self.sold.is_empty()
            && self.spend.is_empty()
    }
}

mod money_opt {
    use super::{Deserialize, Money, checked_money};

    // serde's `with` hands the field by reference.
    #[allow(clippy::ref_option)]
    pub fn serialize<S: serde::Serializer>(m: &Option<Money>, s: S) -> Result<S::Ok, S::Error> {
        match m {
            Some(m) => s.serialize_f64(m.units()),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Money>, D::Error> {
        let v = Option::<f64>::deserialize(d)?;
        v.map(|v| checked_money(v).map_err(serde::de::Error::custom))
            .transpose()
    }
}

mod money_map {
    use super::{BTreeMap, Deserialize, Money, checked_money};

    pub fn serialize<S: serde::Serializer>(
        m: &BTreeMap<String, Money>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(m.len()))?;
        for (k, v) in m {
            map.serialize_entry(k, &v.units())?;
        }
        map.end()
    }

    pub fn deserialize<'de, D: serde::Deserializer<'de>>(
        d: D,
    ) -> Result<BTreeMap<String, Money>, D::Error> {
        BTreeMap::<String, f64>::deserialize(d)?
            .into_iter()
            .map(|(k, v)| Ok((k, checked_money(v).map_err(serde::de::Error::custom)?)))
            .collect()
    }
}

fn checked_money(v: f64) -> Result<Money, String> {
    checked(v).map(Money::from_units)
}

fn checked(v: f64) -> Result<f64, String> {
    if v.is_finite() && (0.0..=MAX_FIGURE).contains(&v) {
        Ok(v)
    } else {
        Err(format!("{v} is not a figure from 0 to a trillion"))
    }
}

/// `12.5万` → 125000, `1,234` → 1234, `¥3,000.5` → 3000.5, `3k` → 3000.
pub fn parse_amount(s: &str) -> Option<f64> {
    let s = s
        .trim()
        .trim_start_matches(['¥', '￥', '$'])
        .replace([',', '，'], "");
    let (num, mult) = if let Some(n) = s.strip_suffix('万') {
        (n, 1e4)
    } else if let Some(n) = s.strip_suffix('w').or_else(|| s.strip_suffix('W')) {
        (n, 1e4)
    } else if let Some(n) = s.strip_suffix('亿') {
        (n, 1e8)
    } else if let Some(n) = s.strip_suffix('k').or_else(|| s.strip_suffix('K')) {
        (n, 1e3)
    } else {
        (s.as_str(), 1.0)
    };
    let v = num.trim().parse::<f64>().ok()? * mult;
    checked(v).ok()
}

/// A count (people, orders, units): an amount that is a whole number.
fn parse_count(s: &str) -> Option<u64> {
    let v = parse_amount(s)?;
    (v.fract().abs() < 1e-9).then_some(v as u64)
}

/// A JSON value as an amount: a number, or a string such as `"12.5万"`.
fn amount_of(v: &serde_json::Value) -> Result<f64, String> {
    match v {
        serde_json::Value::Number(n) => n
            .as_f64()
            .ok_or_else(|| format!("{n} is not a number"))
            .and_then(checked),
        serde_json::Value::String(s) => {
            parse_amount(s).ok_or_else(|| format!("{s:?} is not an amount"))
        }
        other => Err(format!("{other} is not a number")),
    }
}

fn count_of(v: &serde_json::Value) -> Result<u64, String> {
    let a = amount_of(v)?;
    if a.fract().abs() < 1e-9 {
        Ok(a as u64)
    } else {
        Err(format!("{a} is not a whole number"))
    }
}

/// One line of a metrics feed: `{"at": RFC 3339, "online": …, "gmv": …,
/// "orders": …, "likes": …, "sold": {SKU: n}, "spend": {slot: amount}}`,
/// every field optional. Unknown fields are ignored (a scraper may add its
/// own); a known field with a bad value makes the line bad.
pub fn parse_feed_line(line: &str) -> Result<(Option<DateTime<Utc>>, Reading), String> {
    let v: serde_json::Value =
        serde_json::from_str(line).map_err(|e| format!("not a JSON object: {e}"))?;
    let obj = v.as_object().ok_or("not a JSON object")?;
    reading_of(obj)
}

/// The feed line's fields from a parsed JSON object (also the body of
/// `POST /api/metrics`).
pub fn reading_of(
    obj: &serde_json::Map<String, serde_json::Value>,
) -> Result<(Option<DateTime<Utc>>, Reading), String> {
    let mut r = Reading::default();
    let mut at = None;
    let field = |k: &str, e: String| format!("`{k}`: {e}");
    for (k, v) in obj {
        match k.as_str() {
            "at" => {
                let s = v.as_str().ok_or("`at` must be an RFC 3339 time")?;
                at = Some(
                    DateTime::parse_from_rfc3339(s)
                        .map_err(|e| format!("`at`: {s:?} is not an RFC 3339 time: {e}"))?
                        .with_timezone(&Utc),
                );
            }
            "online" => r.online = Some(count_of(v).map_err(|e| field(k, e))?),
            "gmv" => r.gmv = Some(Money::from_units(amount_of(v).map_err(|e| field(k, e))?)),
            "orders" => r.orders = Some(count_of(v).map_err(|e| field(k, e))?),
            "likes" => r.likes = Some(count_of(v).map_err(|e| field(k, e))?),
            "sold" | "spend" => {
                let m = v
                    .as_object()
                    .ok_or_else(|| format!("`{k}` must be an object, e.g. {{\"T-01\": 120}}"))?;
                for (id, x) in m {
                    let id = id.trim().to_string();
                    if k == "sold" {
                        r.sold
                            .insert(id.clone(), count_of(x).map_err(|e| field(&id, e))?);
                    } else {
                        let a = amount_of(x).map_err(|e| field(&id, e))?;
                        r.spend.insert(id, Money::from_units(a));
                    }
                }
            }
            _ => {}
        }
    }
    if r.is_empty() {
        return Err("no figures in it (online, gmv, orders, likes, sold, spend)".into());
    }
    Ok((at, r))
}

/// What a bare id in a `$` entry names.
pub enum IdKind {
    Sku,
    Slot,
}

/// The `$` entry line, as a 中控 reads figures off the platform screen:
/// `在线 3200 gmv 12.5万 T-01 85` — pairs of a name and a figure. Names:
/// online / 在线 / 在线人数, gmv / 成交 / 成交额 / GMV / 销售额, orders / 订单 /
/// 订单数, likes / 点赞; an SKU (units sold so far) or a traffic slot id
/// (spent so far), as `kind_of` says. `=` and `:` between name and figure
/// are fine.
pub fn parse_entry(
    text: &str,
    kind_of: impl Fn(&str) -> Option<IdKind>,
) -> Result<Reading, String> {
    let spaced = text.replace(['=', ':', '：', '，', ';', '；'], " ");
    let words: Vec<&str> = spaced.split_whitespace().collect();
    if words.is_empty() {
        return Err("type figures, e.g. `在线 3200 gmv 12.5万`".into());
    }
    let mut r = Reading::default();
    let mut i = 0;
    while i < words.len() {
        let name = words[i];
        let Some(value) = words.get(i + 1) else {
            return Err(format!("`{name}` has no figure after it"));
        };
        let bad = || format!("`{value}` is not a figure (for `{name}`)");
        match name.to_lowercase().as_str() {
            "online" | "在线" | "在线人数" | "人数" => {
                r.online = Some(parse_count(value).ok_or_else(bad)?);
            }
            "gmv" | "成交" | "成交额" | "销售额" | "gmv总" => {
                r.gmv = Some(Money::from_units(parse_amount(value).ok_or_else(bad)?));
            }
            "orders" | "订单" | "订单数" | "单量" => {
                r.orders = Some(parse_count(value).ok_or_else(bad)?);
            }
            "likes" | "点赞" | "点赞数" => r.likes = Some(parse_count(value).ok_or_else(bad)?),
            _ => match kind_of(name) {
                Some(IdKind::Sku) => {
                    r.sold
                        .insert(name.to_string(), parse_count(value).ok_or_else(bad)?);
                }
                Some(IdKind::Slot) => {
                    r.spend.insert(
                        name.to_string(),
                        Money::from_units(parse_amount(value).ok_or_else(bad)?),
                    );
                }
                None => {
                    return Err(format!(
                        "`{name}` is not a figure's name, an SKU or a traffic slot (在线 gmv 订单 点赞, or an id)"
                    ));
                }
            },
        }
        i += 2;
    }
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_read_as_people_copy_them() {
        assert_eq!(parse_amount("12.5万"), Some(125_000.0));
        assert_eq!(parse_amount("1,234"), Some(1234.0));
        assert_eq!(parse_amount("¥3,000.5"), Some(3000.5));
        assert_eq!(parse_amount("3k"), Some(3000.0));
        assert_eq!(parse_amount("1.2亿"), Some(120_000_000.0));
        assert_eq!(parse_amount("-5"), None);
        assert_eq!(parse_amount("NaN"), None);
        assert_eq!(parse_amount("1e13"), None);
        assert_eq!(parse_amount("abc"), None);
        assert_eq!(parse_count("3.5"), None);
    }

    #[test]
    fn feed_lines_good_and_bad() {
        let (at, r) = parse_feed_line(
            r#"{"at":"2026-11-11T20:00:05+08:00","online":3200,"gmv":"12.5万","orders":310,"likes":50000,"sold":{"T-01":120},"spend":{"hero":"1,500"},"source":"scraper"}"#,
        )
        .expect("good");
        assert_eq!(
            at.map(|t| t.to_rfc3339()),
            Some("2026-11-11T12:00:05+00:00".into())
        );
        assert_eq!(r.online, Some(3200));
        assert_eq!(r.gmv, Some(Money(12_500_000)));
        assert_eq!(r.sold.get("T-01"), Some(&120));
        assert_eq!(r.spend.get("hero"), Some(&Money(150_000)));
        for bad in [
            "",
            "[1,2]",
            "{}",
            r#"{"source":"x"}"#,
            r#"{"online":-3}"#,
            r#"{"online":"lots"}"#,
            r#"{"online":1.5}"#,
            r#"{"sold":[1]}"#,
            r#"{"at":"yesterday","online":1}"#,
            r#"{"gmv":1e300}"#,
        ] {
            assert!(parse_feed_line(bad).is_err(), "{bad:?} is bad");
        }
    }

    #[test]
    fn an_entry_line_takes_chinese_and_english_names_and_ids() {
        let kind = |id: &str| match id {
            "T-01" => Some(IdKind::Sku),
            "hero" => Some(IdKind::Slot),
            _ => None,
        };
        let r = parse_entry("在线 3200 gmv 12.5万 T-01 85 hero=1,500 订单：310", kind).expect("ok");
        assert_eq!(r.online, Some(3200));
        assert_eq!(r.gmv, Some(Money(12_500_000)));
        assert_eq!(r.orders, Some(310));
        assert_eq!(r.sold.get("T-01"), Some(&85));
        assert_eq!(r.spend.get("hero"), Some(&Money(150_000)));
        assert!(parse_entry("在线", kind).is_err());
        assert!(parse_entry("pizza 3", kind).is_err());
        assert!(parse_entry("在线 很多", kind).is_err());
        assert!(parse_entry("  ", kind).is_err());
    }

    #[test]
    fn a_reading_round_trips_through_json() {
        let mut r = Reading {
            online: Some(1),
            gmv: Some(Money(1234)),
            ..Default::default()
        };
        r.spend.insert("s".into(), Money(50));
        let text = serde_json::to_string(&r).expect("ser");
        assert_eq!(serde_json::from_str::<Reading>(&text).expect("de"), r);
    }
}
