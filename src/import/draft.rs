//! A plan as the importer builds it, and its TOML text. What the sheet did
//! not say (a product's price, a welfare item's quantity) is written with a
//! `# TODO` comment beside it, never invented quietly.

use std::fmt::Write;

#[derive(Debug, Clone, Default)]
pub struct Draft {
    pub title: String,
    pub platform: Option<String>,
    pub date: Option<chrono::NaiveDate>,
    pub start: String,
    pub end: End,
    pub timezone: Option<String>,
    pub hosts: Vec<String>,
    pub gmv_target: Option<f64>,
    pub currency: Option<String>,
    pub advance: Option<String>,
    pub crew: Vec<(String, String)>,
    pub groups: Vec<Group>,
    pub welfare: Vec<Welfare>,
    pub traffic_budget: Option<f64>,
    pub slots: Vec<Slot>,
    pub cues: Vec<Cue>,
    /// Top-of-file comment lines (where it came from).
    pub header: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub enum End {
    #[default]
    Unknown,
    Clock(String),
    Duration(String),
    /// Not found: this duration, with a TODO.
    Guess(String),
}

#[derive(Debug, Clone, Default)]
pub struct Group {
    pub id: String,
    pub name: String,
    pub role: Option<String>,
    pub audience: Option<String>,
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, Default)]
pub struct Item {
    pub sku: String,
    pub name: String,
    pub list_price: Option<f64>,
    pub live_price: Option<f64>,
    pub stock: Option<u64>,
    pub limit: Option<u64>,
    pub pitch: Vec<String>,
    pub link: Option<u64>,
    /// Named only in the run sheet: its price is to be filled in.
    pub todo_price: bool,
}

#[derive(Debug, Clone, Default)]
pub struct Welfare {
    pub id: String,
    pub kind: String,
    pub name: String,
    pub quantity: Option<u64>,
    pub unit_cost: Option<f64>,
    pub rule: Option<String>,
    pub trigger: Option<String>,
    pub countdown: Option<String>,
    pub limit: Option<u64>,
    pub sku: Option<String>,
    pub price: Option<f64>,
    /// Named only in the run sheet: quantity 1 is a placeholder.
    pub todo: bool,
}

#[derive(Debug, Clone, Default)]
pub struct Slot {
    pub id: String,
    pub from: String,
    pub to: String,
    pub budget: Option<f64>,
    pub channel: Option<String>,
    pub audience: Option<String>,
    pub roi_target: Option<f64>,
}

#[derive(Debug, Clone, Default)]
pub struct Cue {
    pub id: Option<String>,
    pub at: Option<String>,
    pub duration: Option<String>,
    pub title: String,
    pub segment: Option<String>,
    pub items: Vec<String>,
    pub welfare: Vec<String>,
    pub script: Option<String>,
    pub tasks: Vec<Task>,
    /// The sheet row it came from, as a comment.
    pub from: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Task {
    pub text: String,
    pub who: Option<String>,
    pub at: Option<String>,
}

impl Draft {
    pub fn items(&self) -> impl Iterator<Item = &Item> {
        self.groups.iter().flat_map(|g| &g.items)
    }

    pub fn item(&self, sku: &str) -> Option<&Item> {
        self.items().find(|i| i.sku == sku)
    }
}

/// A TOML string (basic, escaped; multi-line text stays one string).
fn s(v: &str) -> String {
    toml::Value::String(v.to_string()).to_string()
}

fn num(v: f64) -> String {
    super::grid::num_text(v)
}

fn key(out: &mut String, indent: &str, k: &str, v: String) {
    let _ = writeln!(out, "{indent}{k} = {v}");
}

fn strings(v: &[String]) -> String {
    format!(
        "[{}]",
        v.iter().map(|x| s(x)).collect::<Vec<_>>().join(", ")
    )
}

/// The plan's TOML text.
pub fn emit(d: &Draft) -> String {
    let mut out = String::new();
    for h in &d.header {
        let _ = writeln!(out, "# {}", h.replace(['\n', '\r'], " "));
    }
    out.push_str("format = 1\n\n[session]\n");
    key(&mut out, "", "title", s(&d.title));
    if let Some(p) = &d.platform {
        key(&mut out, "", "platform", s(p));
    }
    if let Some(date) = d.date {
        key(&mut out, "", "date", date.to_string());
    }
    key(&mut out, "", "start", s(&d.start));
    match &d.end {
        End::Clock(t) => key(&mut out, "", "end", s(t)),
        End::Duration(t) => key(&mut out, "", "duration", s(t)),
        End::Guess(t) => {
            let _ = writeln!(
                out,
                "duration = {}  # TODO: the sheet gives no end; set end or duration",
                s(t)
            );
        }
        End::Unknown => {}
    }
    if let Some(tz) = &d.timezone {
        key(&mut out, "", "timezone", s(tz));
    }
    if !d.hosts.is_empty() {
        key(&mut out, "", "hosts", strings(&d.hosts));
    }
    if let Some(g) = d.gmv_target {
        key(&mut out, "", "gmv_target", num(g));
    }
    if let Some(c) = &d.currency {
        key(&mut out, "", "currency", s(c));
    }
    if let Some(a) = &d.advance {
        key(&mut out, "", "advance", s(a));
    }
    if !d.crew.is_empty() {
        out.push_str("\n[crew]\n");
        for (role, who) in &d.crew {
            let bare = !role.is_empty()
                && role
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
            let k = if bare { role.clone() } else { s(role) };
            key(&mut out, "", &k, s(who));
        }
    }
    for g in &d.groups {
        out.push_str("\n[[group]]\n");
        key(&mut out, "", "id", s(&g.id));
        key(&mut out, "", "name", s(&g.name));
        if let Some(r) = &g.role {
            key(&mut out, "", "role", s(r));
        }
        if let Some(a) = &g.audience {
            key(&mut out, "", "audience", s(a));
        }
        for it in &g.items {
            out.push_str("\n  [[group.item]]\n");
            key(&mut out, "  ", "sku", s(&it.sku));
            key(&mut out, "  ", "name", s(&it.name));
            if let Some(n) = it.link {
                key(&mut out, "  ", "link", n.to_string());
            }
            if let Some(p) = it.list_price {
                key(&mut out, "  ", "list_price", num(p));
            }
            match it.live_price {
                Some(p) => key(&mut out, "  ", "live_price", num(p)),
                None if it.todo_price => {
                    out.push_str("  # TODO price: live_price = …, list_price = …\n");
                }
                None => {}
            }
            if let Some(n) = it.stock {
                key(&mut out, "  ", "stock", n.to_string());
            }
            if let Some(n) = it.limit {
                key(&mut out, "  ", "limit", n.to_string());
            }
            if !it.pitch.is_empty() {
                key(&mut out, "  ", "pitch", strings(&it.pitch));
            }
        }
    }
    for w in &d.welfare {
        out.push_str("\n[[welfare]]\n");
        key(&mut out, "", "id", s(&w.id));
        key(&mut out, "", "kind", s(&w.kind));
        key(&mut out, "", "name", s(&w.name));
        if let Some(q) = w.quantity {
            if w.todo {
                let _ = writeln!(out, "quantity = {q}  # TODO: how many?");
            } else {
                key(&mut out, "", "quantity", q.to_string());
            }
        }
        if let Some(c) = w.unit_cost {
            key(&mut out, "", "unit_cost", num(c));
        }
        for (k, v) in [("rule", &w.rule), ("trigger", &w.trigger)] {
            if let Some(v) = v {
                key(&mut out, "", k, s(v));
            }
        }
        if let Some(c) = &w.countdown {
            key(&mut out, "", "countdown", s(c));
        }
        if let Some(n) = w.limit {
            key(&mut out, "", "limit", n.to_string());
        }
        if let Some(sku) = &w.sku {
            key(&mut out, "", "sku", s(sku));
        }
        if let Some(p) = w.price {
            key(&mut out, "", "price", num(p));
        }
    }
    if d.traffic_budget.is_some() || !d.slots.is_empty() {
        out.push_str("\n[traffic]\n");
        if let Some(b) = d.traffic_budget {
            key(&mut out, "", "budget", num(b));
        }
        for sl in &d.slots {
            out.push_str("\n[[traffic.slot]]\n");
            key(&mut out, "", "id", s(&sl.id));
            key(&mut out, "", "from", s(&sl.from));
            key(&mut out, "", "to", s(&sl.to));
            if let Some(b) = sl.budget {
                key(&mut out, "", "budget", num(b));
            }
            if let Some(c) = &sl.channel {
                key(&mut out, "", "channel", s(c));
            }
            if let Some(a) = &sl.audience {
                key(&mut out, "", "audience", s(a));
            }
            if let Some(r) = sl.roi_target {
                key(&mut out, "", "roi_target", num(r));
            }
        }
    }
    for c in &d.cues {
        out.push_str("\n[[cue]]\n");
        if let Some(from) = &c.from {
            let _ = writeln!(out, "# {from}");
        }
        if let Some(id) = &c.id {
            key(&mut out, "", "id", s(id));
        }
        if let Some(at) = &c.at {
            key(&mut out, "", "at", s(at));
        }
        if let Some(du) = &c.duration {
            key(&mut out, "", "duration", s(du));
        }
        key(&mut out, "", "title", s(&c.title));
        if let Some(seg) = &c.segment {
            key(&mut out, "", "segment", s(seg));
        }
        if !c.items.is_empty() {
            key(&mut out, "", "items", strings(&c.items));
        }
        if !c.welfare.is_empty() {
            key(&mut out, "", "welfare", strings(&c.welfare));
        }
        if let Some(sc) = &c.script {
            key(&mut out, "", "script", s(sc));
        }
        if !c.tasks.is_empty() {
            out.push_str("checklist = [\n");
            for t in &c.tasks {
                if t.who.is_none() && t.at.is_none() {
                    let _ = writeln!(out, "  {},", s(&t.text));
                } else {
                    let mut parts = vec![format!("task = {}", s(&t.text))];
                    if let Some(w) = &t.who {
                        parts.push(format!("who = {}", s(w)));
                    }
                    if let Some(a) = &t.at {
                        parts.push(format!("at = {}", s(a)));
                    }
                    let _ = writeln!(out, "  {{ {} }},", parts.join(", "));
                }
            }
            out.push_str("]\n");
        }
    }
    out
}
