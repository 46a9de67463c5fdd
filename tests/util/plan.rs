//! [`PlanBuilder`]: a small plan written inline, for tests that need a
//! plan of their own rather than one of `plans/` or `tests/fixtures/`.
//!
//! ```ignore
//! let text = PlanBuilder::new("热更新测试")
//!     .cue("开场欢迎").id("open").set("duration", "20m").checklist(&["灯光检查"])
//!     .cue("爆款讲解").id("pitch")
//!     .build();
//! ```
//!
//! The session starts at 20:00 on 2026-11-11 in Asia/Shanghai and runs an
//! hour unless the test says otherwise. Keys come out in the order they
//! were set (`id` first), one table after another in the order they were
//! added, so a test that counts lines can still count them.

/// A TOML value as it is written in a plan.
pub trait Lit {
    fn lit(&self) -> String;
}

/// A value written as it is: a date (`2026-11-11`), an inline table.
pub struct Raw<'a>(pub &'a str);

impl Lit for Raw<'_> {
    fn lit(&self) -> String {
        self.0.to_string()
    }
}

impl Lit for &str {
    fn lit(&self) -> String {
        quote(self)
    }
}

impl Lit for String {
    fn lit(&self) -> String {
        quote(self)
    }
}

impl Lit for i64 {
    fn lit(&self) -> String {
        self.to_string()
    }
}

impl Lit for f64 {
    fn lit(&self) -> String {
        self.to_string()
    }
}

impl Lit for bool {
    fn lit(&self) -> String {
        self.to_string()
    }
}

impl Lit for &[&str] {
    fn lit(&self) -> String {
        let items: Vec<String> = self.iter().map(|s| quote(s)).collect();
        format!("[{}]", items.join(", "))
    }
}

impl<const N: usize> Lit for [&str; N] {
    fn lit(&self) -> String {
        self.as_slice().lit()
    }
}

/// A TOML basic string: quotes, backslashes and control characters escaped.
pub fn quote(s: &str) -> String {
    let mut out = String::from('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

struct Table {
    header: String,
    keys: Vec<(String, String)>,
}

impl Table {
    fn new(header: &str) -> Table {
        Table {
            header: header.to_string(),
            keys: Vec::new(),
        }
    }

    fn set(&mut self, key: &str, value: String) {
        match self.keys.iter_mut().find(|(k, _)| k == key) {
            Some(kv) => kv.1 = value,
            None => self.keys.push((key.to_string(), value)),
        }
    }
}

pub struct PlanBuilder {
    tables: Vec<Table>,
    /// Appended after the tables, as written.
    tail: String,
}

impl PlanBuilder {
    /// A plan called `title`: 20:00 to 21:00 on 2026-11-11, Asia/Shanghai,
    /// no cues yet.
    pub fn new(title: &str) -> PlanBuilder {
        let mut session = Table::new("[session]");
        session.set("title", quote(title));
        session.set("date", "2026-11-11".into());
        session.set("start", quote("20:00"));
        session.set("duration", quote("1h"));
        session.set("timezone", quote("Asia/Shanghai"));
        PlanBuilder {
            tables: vec![session],
            tail: String::new(),
        }
    }

    fn table(&mut self, header: &str) -> &mut Table {
        if let Some(i) = self.tables.iter().position(|t| t.header == header)
            && !header.starts_with("[[")
        {
            return &mut self.tables[i];
        }
        self.tables.push(Table::new(header));
        self.tables.last_mut().expect("just pushed")
    }

    /// Sets a `[session]` key. `end` and `duration` replace each other.
    pub fn session(mut self, key: &str, value: impl Lit) -> Self {
        let session = &mut self.tables[0];
        match key {
            "end" => session.keys.retain(|(k, _)| k != "duration"),
            "duration" => session.keys.retain(|(k, _)| k != "end"),
            _ => {}
        }
        session.set(key, value.lit());
        self
    }

    /// Removes a `[session]` key (`date`, `timezone`: the machine's then).
    pub fn without(mut self, key: &str) -> Self {
        self.tables[0].keys.retain(|(k, _)| k != key);
        self
    }

    /// A role in `[crew]`.
    pub fn crew(mut self, role: &str, name: &str) -> Self {
        self.table("[crew]").set(role, quote(name));
        self
    }

    /// A `[[group]]`; `.item` adds its products.
    pub fn group(mut self, id: &str, name: &str) -> Self {
        let t = self.table("[[group]]");
        t.set("id", quote(id));
        t.set("name", quote(name));
        self
    }

    /// A product of the last group.
    pub fn item(mut self, sku: &str, name: &str) -> Self {
        let t = self.table("  [[group.item]]");
        t.set("sku", quote(sku));
        t.set("name", quote(name));
        self
    }

    /// A `[[welfare]]`.
    pub fn welfare(mut self, id: &str, kind: &str, name: &str) -> Self {
        let t = self.table("[[welfare]]");
        t.set("id", quote(id));
        t.set("kind", quote(kind));
        t.set("name", quote(name));
        self
    }

    /// A `[[cue]]` with its title; `.id`, `.set` and `.checklist` fill it in.
    pub fn cue(mut self, title: &str) -> Self {
        self.table("[[cue]]").set("title", quote(title));
        self
    }

    /// The id of the last table (put first, where a reader looks).
    pub fn id(mut self, id: &str) -> Self {
        let t = self.tables.last_mut().expect("a table");
        t.keys.retain(|(k, _)| k != "id");
        t.keys.insert(0, ("id".into(), quote(id)));
        self
    }

    /// Any key of the last table added.
    pub fn set(mut self, key: &str, value: impl Lit) -> Self {
        self.tables
            .last_mut()
            .expect("a table")
            .set(key, value.lit());
        self
    }

    /// The last cue's checklist: tasks for anyone.
    pub fn checklist(self, tasks: &[&str]) -> Self {
        self.set("checklist", tasks)
    }

    /// TOML written as it is after everything else.
    pub fn raw(mut self, text: &str) -> Self {
        self.tail.push_str(text);
        if !text.ends_with('\n') {
            self.tail.push('\n');
        }
        self
    }

    pub fn build(&self) -> String {
        let mut out = String::from("format = 1\n");
        for t in &self.tables {
            out.push_str(&t.header);
            out.push('\n');
            let indent = if t.header.starts_with(' ') { "  " } else { "" };
            for (k, v) in &t.keys {
                out.push_str(&format!("{indent}{k} = {v}\n"));
            }
        }
        out.push_str(&self.tail);
        out
    }
}

impl std::fmt::Display for PlanBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.build())
    }
}
