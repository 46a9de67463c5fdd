//! The few SVG pieces the review's charts are drawn with: linear scales,
//! "nice" axis steps, clock-aligned time ticks, and elements whose text is
//! escaped like the rest of the page. Coordinates are user units of a
//! `viewBox`, written to one decimal place.

use chrono::{DateTime, FixedOffset, TimeZone};

use crate::render::html::escape;

/// A linear map from a domain to a range, clamped to the range.
#[derive(Debug, Clone, Copy)]
pub struct Scale {
    d0: f64,
    d1: f64,
    r0: f64,
    r1: f64,
}

impl Scale {
    pub fn new(domain: (f64, f64), range: (f64, f64)) -> Scale {
        let (d0, mut d1) = domain;
        if !(d1 - d0).is_normal() || d1 < d0 {
            d1 = d0 + 1.0;
        }
        Scale {
            d0,
            d1,
            r0: range.0,
            r1: range.1,
        }
    }

    pub fn at(&self, v: f64) -> f64 {
        let k = ((v - self.d0) / (self.d1 - self.d0)).clamp(0.0, 1.0);
        let k = if k.is_finite() { k } else { 0.0 };
        self.r0 + k * (self.r1 - self.r0)
    }
}

/// A coordinate: one decimal place, no trailing ".0".
pub fn n(v: f64) -> String {
    let v = if v.is_finite() { v } else { 0.0 };
    let s = format!("{v:.1}");
    s.strip_suffix(".0").map_or(s.clone(), str::to_string)
}

pub fn open(width: f64, height: f64, label: &str) -> String {
    format!(
        "<svg viewBox=\"0 0 {} {}\" role=\"img\" aria-label=\"{}\">\n",
        n(width),
        n(height),
        escape(label)
    )
}

pub fn rect(x: f64, y: f64, w: f64, h: f64, class: &str) -> String {
    format!(
        "<rect class=\"{class}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>\n",
        n(x),
        n(y),
        n(w.max(0.0)),
        n(h.max(0.0))
    )
}

pub fn line(x1: f64, y1: f64, x2: f64, y2: f64, class: &str) -> String {
    format!(
        "<line class=\"{class}\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>\n",
        n(x1),
        n(y1),
        n(x2),
        n(y2)
    )
}

pub fn path(d: &str, class: &str) -> String {
    format!("<path class=\"{class}\" d=\"{d}\"/>\n")
}

/// Text at `(x, y)`; `anchor` is start, middle or end. `text` is escaped.
pub fn text(x: f64, y: f64, class: &str, anchor: &str, text: &str) -> String {
    format!(
        "<text class=\"{class}\" x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\">{}</text>\n",
        n(x),
        n(y),
        escape(text)
    )
}

/// A step line through `points` (each value stands until the next),
/// drawn on to `until`.
pub fn steps(points: &[(f64, f64)], until: f64) -> String {
    let mut d = String::new();
    for (i, (x, y)) in points.iter().enumerate() {
        if i == 0 {
            d.push_str(&format!("M{} {}", n(*x), n(*y)));
        } else {
            d.push_str(&format!("H{}V{}", n(*x), n(*y)));
        }
    }
    if !points.is_empty() {
        d.push_str(&format!("H{}", n(until)));
    }
    d
}

/// An axis from 0 to at least `max` in about `ticks` steps of 1, 2, 2.5
/// or 5 × 10ⁿ: `(top, step)`.
pub fn nice(max: f64, ticks: usize) -> (f64, f64) {
    let max = if max.is_finite() && max > 0.0 {
        max
    } else {
        1.0
    };
    let rough = max / ticks.max(1) as f64;
    let mag = 10_f64.powf(rough.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|m| m * mag)
        .find(|s| *s >= rough)
        .unwrap_or(10.0 * mag);
    ((max / step).ceil() * step, step)
}

/// 8000 → "8,000", 125000 → "12.5万", 3.2e8 → "3.2亿".
pub fn compact(v: f64) -> String {
    let trim = |x: f64| {
        let s = format!("{x:.1}");
        s.strip_suffix(".0").map_or(s.clone(), str::to_string)
    };
    match v.abs() {
        a if a >= 1e8 => format!("{}亿", trim(v / 1e8)),
        a if a >= 1e4 => format!("{}万", trim(v / 1e4)),
        _ => super::super::figures::signed_count(v.round() as i64, false),
    }
}

/// Clock-aligned ticks between two Unix times (seconds) in `tz`: every
/// 5, 10, 15, 30 minutes or 1, 2, 3, 6 hours, at most about ten.
pub fn time_ticks(t0: i64, t1: i64, tz: FixedOffset) -> Vec<(i64, String)> {
    let span = (t1 - t0).max(1);
    let step = [300, 600, 900, 1800, 3600, 7200, 10800, 21600]
        .into_iter()
        .find(|s| span / s <= 10)
        .unwrap_or(86400);
    let off = i64::from(tz.local_minus_utc());
    let first = (t0 + off).div_euclid(step) * step - off;
    let mut out = Vec::new();
    let mut t = if first < t0 { first + step } else { first };
    while t <= t1 && out.len() < 64 {
        if let Some(at) = tz.timestamp_opt(t, 0).single() {
            out.push((t, at.format("%H:%M").to_string()));
        }
        t += step;
    }
    out
}

/// An RFC 3339 instant of the report.
pub fn parse(rfc: &str) -> Option<DateTime<FixedOffset>> {
    DateTime::parse_from_rfc3339(rfc).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales_ticks_and_labels() {
        let s = Scale::new((0.0, 100.0), (10.0, 210.0));
        assert_eq!(s.at(50.0), 110.0);
        assert_eq!(s.at(-5.0), 10.0, "clamped");
        assert_eq!(s.at(1e300), 210.0);
        // A domain of no width does not divide by zero.
        assert_eq!(Scale::new((5.0, 5.0), (0.0, 10.0)).at(5.0), 0.0);
        assert_eq!(nice(8000.0, 4), (8000.0, 2000.0));
        assert_eq!(nice(9100.0, 4), (10000.0, 2500.0));
        assert_eq!(nice(0.0, 4), (1.0, 0.25));
        assert!(nice(1.8e19, 4).0.is_finite());
        assert_eq!(compact(8000.0), "8,000");
        assert_eq!(compact(125_000.0), "12.5万");
        assert_eq!(compact(300_000_000.0), "3亿");
        assert_eq!(n(3.04), "3");
        assert_eq!(n(f64::NAN), "0");
        assert_eq!(steps(&[(0.0, 5.0), (10.0, 2.0)], 20.0), "M0 5H10V2H20");
        let tz = FixedOffset::east_opt(8 * 3600).expect("offset");
        let t0 = parse("2026-11-11T19:00:00+08:00").expect("t").timestamp();
        let ticks = time_ticks(t0 - 120, t0 + 4 * 3600, tz);
        assert_eq!(ticks.first().map(|t| t.1.as_str()), Some("19:00"));
        assert_eq!(
            ticks.len(),
            9,
            "every 30 minutes over four hours: {ticks:?}"
        );
    }
}
