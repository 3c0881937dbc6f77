//! What conditions and text see: the answers on the path walked, plus the computed `[values]`.

use std::collections::HashMap;

use crate::guide::{Guide, Value};

/// Answers and computed values by name, ready for lookups.
#[derive(Debug, Clone, Default)]
pub struct Env {
    vars: HashMap<String, Value>,
}

impl Env {
    /// Builds the environment from answers, computing every `[values]` entry in order.
    pub fn new<'a>(guide: &Guide, answers: impl IntoIterator<Item = (&'a str, &'a Value)>) -> Env {
        let mut vars: HashMap<String, Value> = answers.into_iter().map(|(k, v)| (k.to_string(), v.clone())).collect();
        for computed in &guide.values {
            let result = computed.expr.eval(&|name| vars.get(name).cloned());
            match result {
                Some(v @ Value::Number(n)) if n.is_finite() => {
                    vars.insert(computed.name.clone(), v);
                }
                Some(v @ Value::Bool(_)) => {
                    vars.insert(computed.name.clone(), v);
                }
                _ => {
                    vars.remove(&computed.name);
                }
            }
        }
        Env { vars }
    }

    /// The value of a var or computed value, `None` when unanswered.
    pub fn get(&self, name: &str) -> Option<Value> {
        self.vars.get(name).cloned()
    }

    /// A lookup closure for conditions and templates.
    pub fn lookup(&self) -> impl Fn(&str) -> Option<Value> + '_ {
        move |name| self.get(name)
    }

    /// Interpolates `{name}` slots in a text.
    pub fn interpolate(&self, text: &str) -> String {
        crate::guide::text::interpolate(text, &self.lookup())
    }

    /// Whether an optional condition holds (`None` always holds).
    pub fn holds(&self, when: Option<&crate::guide::condition::Expr>) -> bool {
        when.is_none_or(|w| w.holds(&self.lookup()))
    }
}
