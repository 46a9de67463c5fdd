//! How the review's figures read in text (Markdown, HTML, xlsx labels): an
//! absent figure is "—", never 0; amounts in the session's currency; counts
//! grouped by thousands; shares as percentages.

use stagecall_core::plan::Money;

/// What an absent figure shows.
pub const ABSENT: &str = "—";

/// Digits grouped by thousands: 1234567 → "1,234,567".
pub fn group(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A signed count, grouped: "-1,200", "+300" with `sign`.
pub fn signed_count(n: i64, sign: bool) -> String {
    let body = group(n.unsigned_abs());
    match n {
        n if n < 0 => format!("-{body}"),
        n if n > 0 && sign => format!("+{body}"),
        _ => body,
    }
}

/// A count, or "—".
pub fn count(v: Option<u64>) -> String {
    v.map_or_else(|| ABSENT.into(), group)
}

/// An amount in `currency`, or "—".
pub fn amount(currency: &str, v: Option<f64>) -> String {
    v.map_or_else(
        || ABSENT.into(),
        |v| super::sheet::money(&super::text::sanitize(currency), Money::from_units(v)),
    )
}

/// A share as a percentage: 0.4 → "40%", 0.1234 → "12.3%"; or "—".
pub fn pct(v: Option<f64>) -> String {
    v.map_or_else(
        || ABSENT.into(),
        |v| {
            let p = v * 100.0;
            if (p - p.round()).abs() < 0.05 {
                format!("{p:.0}%")
            } else {
                format!("{p:.1}%")
            }
        },
    )
}

/// A ratio such as ROI to two places, or "—".
pub fn ratio(v: Option<f64>) -> String {
    v.map_or_else(|| ABSENT.into(), |v| format!("{v:.2}"))
}

/// The change from `before` to `after`: "+300", "-1,200"; "—" without both.
pub fn change(before: Option<u64>, after: Option<u64>) -> String {
    match (before, after) {
        (Some(b), Some(a)) => {
            let d = i128::from(a) - i128::from(b);
            signed_count(
                d.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64,
                true,
            )
        }
        _ => ABSENT.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_read_as_people_write_them() {
        assert_eq!(group(0), "0");
        assert_eq!(group(1_234_567), "1,234,567");
        assert_eq!(count(None), "—");
        assert_eq!(amount("CNY", Some(12_500.5)), "¥12,500.5");
        assert_eq!(amount("CNY", None), "—");
        assert_eq!(pct(Some(0.4)), "40%");
        assert_eq!(pct(Some(0.1234)), "12.3%");
        assert_eq!(ratio(Some(2.4)), "2.40");
        assert_eq!(change(Some(1000), Some(1400)), "+400");
        assert_eq!(change(Some(1400), Some(1000)), "-400");
        assert_eq!(
            change(Some(0), Some(u64::MAX)),
            format!("+{}", group(i64::MAX as u64))
        );
        assert_eq!(change(None, Some(3)), "—");
    }
}
