//! The committed JSON Schema is the generated one, accepts every example
//! plan and refuses a typo, so editor completion tells the truth.

use std::path::Path;

use serde_json::Value;

use crate::util::stagecall;

fn generated() -> Value {
    stagecall_core::plan::schema()
}

/// TOML to JSON the way an editor's TOML extension sees it: dates and times
/// become strings.
fn to_json(v: toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.into_iter().map(to_json).collect()),
        toml::Value::Table(t) => {
            Value::Object(t.into_iter().map(|(k, v)| (k, to_json(v))).collect())
        }
    }
}

fn plan_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).expect("read plan");
    to_json(toml::from_str::<toml::Value>(&text).expect("toml"))
}

fn plans() -> Vec<std::path::PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("plans");
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .expect("plans/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    v.sort();
    v
}

#[test]
fn committed_schema_is_the_generated_one() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/plan.schema.json");
    let committed: Value =
        serde_json::from_str(&std::fs::read_to_string(&path).expect("schema/plan.schema.json"))
            .expect("json");
    assert!(
        committed == generated(),
        "schema/plan.schema.json is stale: run `cargo run -- schema > schema/plan.schema.json`"
    );
}

#[test]
fn schema_command_prints_it() {
    let out = stagecall(&["schema"]).output();
    assert_eq!(out.status.code(), Some(0));
    let printed: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(printed, generated());
    assert_eq!(
        printed["$schema"],
        "http://json-schema.org/draft-07/schema#"
    );
}

#[test]
fn schema_accepts_every_example_plan() {
    let validator = jsonschema::draft7::new(&generated()).expect("valid schema");
    for p in plans() {
        let json = plan_json(&p);
        let errors: Vec<String> = validator
            .iter_errors(&json)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", p.display());
    }
}

#[test]
fn schema_rejects_a_typo_and_a_bad_enum_value() {
    let validator = jsonschema::draft7::new(&generated()).expect("valid schema");
    let mut json =
        plan_json(&Path::new(env!("CARGO_MANIFEST_DIR")).join("plans/kuaishou-brand-4h.toml"));
    json["session"]["durration"] = Value::from("4h");
    assert!(!validator.is_valid(&json), "a typo'd key must be flagged");
    let mut json = plan_json(&Path::new(env!("CARGO_MANIFEST_DIR")).join("plans/minimal.toml"));
    json["session"]["platform"] = Value::from("kuaishuo");
    assert!(!validator.is_valid(&json));
    json["session"]["platform"] = Value::from("快手");
    assert!(
        validator.is_valid(&json),
        "Chinese aliases are accepted, as the loader accepts them"
    );
}

#[test]
fn completions_carry_chinese_terms_and_descriptions() {
    let s = generated().to_string();
    for term in ["福袋", "引流", "直播脚本", "话术", "投手"] {
        assert!(s.contains(term), "schema should describe {term}");
    }
}

#[test]
fn example_plans_point_editors_at_the_schema() {
    for p in plans() {
        let first = std::fs::read_to_string(&p)
            .expect("read")
            .lines()
            .next()
            .unwrap_or_default()
            .to_string();
        assert_eq!(
            first,
            "#:schema ../schema/plan.schema.json",
            "{}",
            p.display()
        );
    }
}
