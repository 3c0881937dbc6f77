//! A guide, read as editors read it (TOML as JSON), checked against the JSON Schema that
//! `guidepost schema` prints.
//!
//! Only the draft 2020-12 keywords that `src/authoring/schema.json` uses are understood, and any
//! other keyword stops the check with its name: the schema cannot grow past what is checked here
//! without a test saying so. A full validator crate did the same job at a build cost larger than
//! the rest of the tests' dependencies together.

use serde_json::{Map, Value};

/// TOML as JSON the way editors see it: dates become strings.
pub fn to_json(v: &toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::String(s.clone()),
        toml::Value::Integer(i) => Value::from(*i),
        toml::Value::Float(f) => Value::from(*f),
        toml::Value::Boolean(b) => Value::Bool(*b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.iter().map(to_json).collect()),
        toml::Value::Table(t) => Value::Object(t.iter().map(|(k, v)| (k.clone(), to_json(v))).collect()),
    }
}

/// Keywords that describe and never constrain (`format` is an annotation in draft 2020-12
/// unless a validator is asked to assert it).
const ANNOTATIONS: &[&str] =
    &["$schema", "$id", "$comment", "title", "description", "markdownDescription", "default", "examples", "format"];

/// A schema to check instances against.
pub struct Schema {
    root: Value,
}

impl Schema {
    pub fn new(root: Value) -> Schema {
        Schema { root }
    }

    /// Every place the instance breaks the schema, as "where: what"; empty when it conforms.
    pub fn errors(&self, instance: &Value) -> Vec<String> {
        let mut out = Vec::new();
        self.check(&self.root, instance, "", &mut out);
        out
    }

    pub fn is_valid(&self, instance: &Value) -> bool {
        self.errors(instance).is_empty()
    }

    fn resolve(&self, reference: &str) -> &Value {
        let pointer = reference.strip_prefix('#').unwrap_or_else(|| panic!("only local references: {reference}"));
        self.root.pointer(pointer).unwrap_or_else(|| panic!("the schema has nothing at {reference}"))
    }

    fn valid(&self, schema: &Value, instance: &Value) -> bool {
        let mut out = Vec::new();
        self.check(schema, instance, "", &mut out);
        out.is_empty()
    }

    fn check(&self, schema: &Value, v: &Value, at: &str, out: &mut Vec<String>) {
        let schema = match schema {
            Value::Bool(true) => return,
            Value::Bool(false) => return out.push(format!("{at}: nothing is allowed here")),
            Value::Object(s) => s,
            other => panic!("not a schema: {other}"),
        };
        for (key, rule) in schema {
            match key.as_str() {
                k if ANNOTATIONS.contains(&k) => {}
                "$ref" => self.check(self.resolve(rule.as_str().unwrap()), v, at, out),
                "type" => {
                    let types: Vec<&str> = match rule {
                        Value::Array(a) => a.iter().map(|t| t.as_str().unwrap()).collect(),
                        t => vec![t.as_str().unwrap()],
                    };
                    if !types.iter().any(|t| has_type(v, t)) {
                        out.push(format!("{at}: {v} is not of type {types:?}"));
                    }
                }
                "const" if v != rule => out.push(format!("{at}: {v} is not {rule}")),
                "enum" if !rule.as_array().unwrap().contains(v) => out.push(format!("{at}: {v} is not one of {rule}")),
                "pattern" => {
                    if let Some(s) = v.as_str()
                        && !regex(rule).is_match(s)
                    {
                        out.push(format!("{at}: {s:?} does not match {rule}"));
                    }
                }
                "minLength" | "maxLength" => {
                    if let Some(s) = v.as_str() {
                        bound(key, rule, s.chars().count() as f64, at, out);
                    }
                }
                "minimum" | "maximum" => {
                    if let Some(n) = v.as_f64() {
                        bound(key, rule, n, at, out);
                    }
                }
                "minItems" | "maxItems" => {
                    if let Some(a) = v.as_array() {
                        bound(key, rule, a.len() as f64, at, out);
                    }
                }
                "items" => {
                    for (i, item) in v.as_array().into_iter().flatten().enumerate() {
                        self.check(rule, item, &format!("{at}/{i}"), out);
                    }
                }
                "required" => {
                    if let Some(o) = v.as_object() {
                        for name in rule.as_array().unwrap().iter().map(|n| n.as_str().unwrap()) {
                            if !o.contains_key(name) {
                                out.push(format!("{at}: `{name}` is required"));
                            }
                        }
                    }
                }
                "dependentRequired" => {
                    if let Some(o) = v.as_object() {
                        for (present, needs) in rule.as_object().unwrap() {
                            for name in needs.as_array().unwrap().iter().map(|n| n.as_str().unwrap()) {
                                if o.contains_key(present) && !o.contains_key(name) {
                                    out.push(format!("{at}: `{present}` needs `{name}`"));
                                }
                            }
                        }
                    }
                }
                "properties" => {
                    for (name, value) in v.as_object().into_iter().flatten() {
                        if let Some(sub) = rule.get(name) {
                            self.check(sub, value, &format!("{at}/{name}"), out);
                        }
                    }
                }
                "additionalProperties" => {
                    let known = schema.get("properties").and_then(Value::as_object);
                    for (name, value) in v.as_object().into_iter().flatten() {
                        if !known.is_some_and(|k: &Map<String, Value>| k.contains_key(name)) {
                            self.check(rule, value, &format!("{at}/{name}"), out);
                        }
                    }
                }
                "propertyNames" => {
                    for name in v.as_object().into_iter().flatten().map(|(k, _)| k) {
                        self.check(rule, &Value::String(name.clone()), &format!("{at}/{name} (the name)"), out);
                    }
                }
                "allOf" => {
                    for sub in rule.as_array().unwrap() {
                        self.check(sub, v, at, out);
                    }
                }
                "anyOf" if !rule.as_array().unwrap().iter().any(|s| self.valid(s, v)) => {
                    out.push(format!("{at}: {v} fits none of anyOf"));
                }
                "oneOf" => {
                    let fits = rule.as_array().unwrap().iter().filter(|s| self.valid(s, v)).count();
                    if fits != 1 {
                        out.push(format!("{at}: {v} fits {fits} of oneOf, not exactly one"));
                    }
                }
                "not" if self.valid(rule, v) => out.push(format!("{at}: {v} fits what `not` forbids")),
                "if" => {
                    let branch = if self.valid(rule, v) { "then" } else { "else" };
                    if let Some(sub) = schema.get(branch) {
                        self.check(sub, v, at, out);
                    }
                }
                // Definitions are reached through `$ref`; `then` and `else` through `if`; the
                // rest passed their check in the arms above.
                "$defs" | "then" | "else" | "const" | "enum" | "anyOf" | "not" => {}
                other => panic!("the schema uses `{other}`, which tests/support/schema.rs does not check yet"),
            }
        }
    }
}

fn has_type(v: &Value, t: &str) -> bool {
    match t {
        "object" => v.is_object(),
        "array" => v.is_array(),
        "string" => v.is_string(),
        "boolean" => v.is_boolean(),
        "null" => v.is_null(),
        "number" => v.is_number(),
        "integer" => v.is_i64() || v.is_u64() || v.as_f64().is_some_and(|f| f.fract() == 0.0),
        other => panic!("unknown type {other}"),
    }
}

fn bound(key: &str, rule: &Value, n: f64, at: &str, out: &mut Vec<String>) {
    let limit = rule.as_f64().unwrap();
    let ok = if key.starts_with("min") { n >= limit } else { n <= limit };
    if !ok {
        out.push(format!("{at}: {n} breaks {key} {limit}"));
    }
}

fn regex(rule: &Value) -> regex::Regex {
    regex::Regex::new(rule.as_str().unwrap()).unwrap_or_else(|e| panic!("{rule}: {e}"))
}
