//! What conditions and text see: the answers on the path walked, plus the computed `[values]`.

use foldhash::HashMap;

use crate::guide::{Guide, Value};

/// Answers and computed values by name, ready for lookups.
#[derive(Debug, Clone, Default)]
pub struct Env {
    vars: HashMap<String, Value>,
    /// Whether the computed values were worked out into `vars`.
    computed: bool,
}

impl Env {
    /// Builds the environment from answers, computing every `[values]` entry in order.
    pub fn new<'a>(guide: &Guide, answers: impl IntoIterator<Item = (&'a str, &'a Value)>) -> Env {
        Env::with_answers(guide, answers.into_iter().map(|(k, v)| (k.to_string(), v.clone())).collect())
    }

    /// Like [`Env::new`], from answers already collected by var.
    pub(crate) fn with_answers(guide: &Guide, mut vars: HashMap<String, Value>) -> Env {
        // `today` is pinned by `--today` or a scenario's own `today`, or comes from the clock.
        vars.entry(crate::guide::TODAY.to_string()).or_insert_with(|| Value::Date(crate::date::today()));
        for computed in &guide.values {
            let result = computed.expr.eval(&|name| vars.get(name).cloned());
            match result {
                Some(v @ Value::Number(n)) if n.is_finite() => {
                    vars.insert(computed.name.clone(), v);
                }
                Some(v @ (Value::Bool(_) | Value::Date(_))) => {
                    vars.insert(computed.name.clone(), v);
                }
                _ => {
                    vars.remove(&computed.name);
                }
            }
        }
        Env { vars, computed: true }
    }

    /// Like [`Env::with_answers`] for conditions known to name no computed value: the values
    /// are left out rather than worked out. The answers are those of questions on a path, whose
    /// vars never share a name with a value (the checker refuses that).
    pub(crate) fn without_values(mut vars: HashMap<String, Value>) -> Env {
        vars.entry(crate::guide::TODAY.to_string()).or_insert_with(|| Value::Date(crate::date::today()));
        Env { vars, computed: false }
    }

    /// The answers back, without the computed values (which a loaded guide keeps apart from
    /// vars by name), for a walk that adds one answer at a time.
    pub(crate) fn into_answers(mut self, guide: &Guide) -> HashMap<String, Value> {
        if self.computed {
            for computed in &guide.values {
                self.vars.remove(&computed.name);
            }
        }
        self.vars
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
