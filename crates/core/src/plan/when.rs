//! A welfare's `when`: a machine-checked trigger over the live numbers,
//! e.g. `online >= 3000 and gmv > 5万`. Fields `online`, `gmv`, `orders`,
//! `likes` (also 在线, 成交额, 订单, 点赞); operators `>=`, `>`, `<=`, `<`;
//! terms joined with `and`. Figures take `万` as readings do.

use crate::state::reading::parse_amount;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Figure {
    Online,
    Gmv,
    Orders,
    Likes,
}

impl Figure {
    pub fn key(self) -> &'static str {
        match self {
            Figure::Online => "online",
            Figure::Gmv => "gmv",
            Figure::Orders => "orders",
            Figure::Likes => "likes",
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            Figure::Online => "在线",
            Figure::Gmv => "成交额",
            Figure::Orders => "订单",
            Figure::Likes => "点赞",
        }
    }

    fn parse(s: &str) -> Option<Figure> {
        Some(match s.to_lowercase().as_str() {
            "online" | "在线" | "在线人数" => Figure::Online,
            "gmv" | "成交额" | "成交" => Figure::Gmv,
            "orders" | "订单" | "订单数" => Figure::Orders,
            "likes" | "点赞" | "点赞数" => Figure::Likes,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Ge,
    Gt,
    Le,
    Lt,
}

impl Op {
    pub fn symbol(self) -> &'static str {
        match self {
            Op::Ge => ">=",
            Op::Gt => ">",
            Op::Le => "<=",
            Op::Lt => "<",
        }
    }

    pub fn holds(self, a: f64, b: f64) -> bool {
        match self {
            Op::Ge => a >= b,
            Op::Gt => a > b,
            Op::Le => a <= b,
            Op::Lt => a < b,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    pub figure: Figure,
    pub op: Op,
    pub value: f64,
}

/// Every term must hold.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    pub terms: Vec<Term>,
}

impl Condition {
    /// Whether it holds for these figures (`None`: no reading yet, so a
    /// term on it does not hold).
    pub fn holds(&self, value: impl Fn(Figure) -> Option<f64>) -> bool {
        self.terms
            .iter()
            .all(|t| value(t.figure).is_some_and(|v| t.op.holds(v, t.value)))
    }
}

impl std::fmt::Display for Condition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, t) in self.terms.iter().enumerate() {
            if i > 0 {
                f.write_str(" and ")?;
            }
            write!(f, "{} {} {}", t.figure.key(), t.op.symbol(), t.value)?;
        }
        Ok(())
    }
}

/// A parse error: the byte offset into the text it concerns, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WhenError {
    pub at: usize,
    pub len: usize,
    pub message: String,
}

/// Parses `when`. Errors point at the word that is wrong.
pub fn parse(text: &str) -> Result<Condition, WhenError> {
    // Words with their offsets; operators split off the words they touch.
    let mut words: Vec<(usize, String)> = Vec::new();
    let mut cur: Option<(usize, String)> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_whitespace() {
            if let Some(w) = cur.take() {
                words.push(w);
            }
        } else if matches!(c, '<' | '>' | '=' | '&' | '≥' | '≤') {
            if let Some(w) = cur.take() {
                words.push(w);
            }
            let mut op = c.to_string();
            if let Some(&(_, n)) = chars.peek()
                && matches!(n, '=' | '&')
            {
                op.push(n);
                chars.next();
            }
            words.push((i, op));
        } else {
            match cur.as_mut() {
                Some((_, w)) => w.push(c),
                None => cur = Some((i, c.to_string())),
            }
        }
    }
    if let Some(w) = cur.take() {
        words.push(w);
    }
    let err = |at: usize, len: usize, message: String| WhenError { at, len, message };
    if words.is_empty() {
        return Err(err(
            0,
            text.len(),
            "`when` is empty: write e.g. \"online >= 3000\"".into(),
        ));
    }
    let mut terms = Vec::new();
    let mut i = 0;
    loop {
        let Some((at, name)) = words.get(i) else {
            let end = text.trim_end().len();
            return Err(err(end, 0, "a condition is missing after `and`".into()));
        };
        let figure = Figure::parse(name).ok_or_else(|| {
            err(
                *at,
                name.len(),
                format!("`{name}` is not a live figure: use online, gmv, orders or likes"),
            )
        })?;
        let Some((op_at, op)) = words.get(i + 1) else {
            return Err(err(
                at + name.len(),
                0,
                format!("`{name}` needs a comparison, e.g. `{name} >= 3000`"),
            ));
        };
        let op = match op.as_str() {
            ">=" | "≥" => Op::Ge,
            ">" => Op::Gt,
            "<=" | "≤" => Op::Le,
            "<" => Op::Lt,
            "=" | "==" => {
                return Err(err(
                    *op_at,
                    op.len(),
                    "live numbers are never exactly equal: use >=, >, <= or <".into(),
                ));
            }
            other => {
                return Err(err(
                    *op_at,
                    other.len(),
                    format!("`{other}` is not a comparison: use >=, >, <= or <"),
                ));
            }
        };
        let Some((v_at, v)) = words.get(i + 2) else {
            return Err(err(
                text.trim_end().len(),
                0,
                "a figure is missing after the comparison".into(),
            ));
        };
        let value = parse_amount(v).ok_or_else(|| {
            err(
                *v_at,
                v.len(),
                format!("`{v}` is not a figure (e.g. 3000 or 1.5万)"),
            )
        })?;
        terms.push(Term { figure, op, value });
        match words.get(i + 3) {
            None => break,
            Some((_, j)) if j.eq_ignore_ascii_case("and") || j == "&&" || j == "且" => i += 4,
            Some((j_at, j)) => {
                return Err(err(
                    *j_at,
                    j.len(),
                    format!("expected `and` between conditions, found `{j}`"),
                ));
            }
        }
    }
    Ok(Condition { terms })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conditions_parse_and_hold() {
        let c = parse("online >= 3000 and gmv>5万").expect("ok");
        assert_eq!(c.terms.len(), 2);
        assert!((c.terms[1].value - 50_000.0).abs() < 1e-9);
        let at = |online: f64, gmv: f64| {
            move |f: Figure| match f {
                Figure::Online => Some(online),
                Figure::Gmv => Some(gmv),
                _ => None,
            }
        };
        assert!(c.holds(at(3000.0, 50_001.0)));
        assert!(!c.holds(at(2999.0, 60_000.0)));
        assert!(!c.holds(at(3000.0, 50_000.0)));
        assert!(!c.holds(|_| None));
        assert_eq!(
            parse("在线 ≥ 3000").expect("zh").terms[0].figure,
            Figure::Online
        );
    }

    #[test]
    fn errors_point_at_the_word() {
        let e = parse("viewers >= 3000").expect_err("bad field");
        assert_eq!((e.at, e.len), (0, 7));
        let e = parse("online = 3000").expect_err("equals");
        assert_eq!(e.at, 7);
        let e = parse("online >= lots").expect_err("figure");
        assert_eq!(e.at, 10);
        let e = parse("online >= 1 or likes > 2").expect_err("or");
        assert_eq!(e.at, 12);
        assert!(parse("").is_err());
        assert!(parse("online >=").is_err());
        assert!(parse("online >= 1 and").is_err());
        assert!(parse("online").is_err());
    }
}
