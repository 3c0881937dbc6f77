//! Conditions and value expressions: parsed, type-checked against the answers and values, and
//! every problem placed on the characters the author typed.

use super::Checker;
use crate::guide::condition::{self, CondErrorKind, Expr, Type};
use crate::guide::diagnostic::{Code, Diagnostic};
use crate::guide::raw::inner_span;
use crate::guide::raw::{Describe, Sp};
use crate::guide::text;

impl Checker<'_> {
    /// Refuses a condition or value expression holding a control character: both are shown
    /// back to people ("why was I asked this?"), so they may no more carry one than any text.
    pub(super) fn expression_controls(&mut self, sp: &Sp<String>, what: impl Describe + Copy) -> bool {
        let Some((at, c)) = text::forbidden_char(&sp.v) else { return false };
        let span = inner_span(self.sources, sp, at..at + c.len_utf8());
        let d = Diagnostic::new(
            Code::ControlCharacter,
            sp.file,
            span,
            format!("{} contains a {}", what.describe(), text::describe_char(c)),
        )
        .label("not allowed in an expression")
        .help("remove it; an expression is made of names, values and operators");
        self.push(d);
        true
    }

    pub(super) fn condition(&mut self, sp: &Sp<String>, what: impl Describe + Copy, want: Type) -> Option<Expr> {
        if self.expression_controls(sp, what) {
            return None;
        }
        let expr = match condition::parse(&sp.v) {
            Ok(e) => e,
            Err(e) => {
                let d = Diagnostic::new(
                    Code::ConditionSyntax,
                    sp.file,
                    inner_span(self.sources, sp, e.span.clone()),
                    format!("{}: {}", what.describe(), e.message),
                )
                .label(e.label.unwrap_or_else(|| "cannot be read as a condition".to_string()))
                .maybe_help(e.help);
                self.push(d);
                return None;
            }
        };
        match expr.check(&self.vars) {
            Ok(ty) if ty == want => Some(expr),
            Ok(ty) => {
                let (want_s, got_s) = (type_word(want), type_word(ty));
                let d = Diagnostic::new(
                    Code::ConditionType,
                    sp.file,
                    sp.span.clone(),
                    format!("{} must give {want_s}, but this gives {got_s}", what.describe()),
                )
                .label(format!("gives {got_s}"))
                .help(if want == Type::Bool {
                    "compare it with something, e.g. `sessions > 6` or `insurance == \"none\"`"
                } else {
                    "use arithmetic on numbers, e.g. `sessions * price`"
                });
                self.push(d);
                None
            }
            Err(errors) => {
                for e in errors {
                    let code = match &e.kind {
                        CondErrorKind::UnknownName(name) if self.broken_vars.contains(name) => continue,
                        CondErrorKind::UnknownName(_) => Code::ConditionUnknownName,
                        CondErrorKind::UnknownValue => Code::ConditionUnknownValue,
                        CondErrorKind::Type => Code::ConditionType,
                        CondErrorKind::Syntax => Code::ConditionSyntax,
                    };
                    let d = Diagnostic::new(
                        code,
                        sp.file,
                        inner_span(self.sources, sp, e.span.clone()),
                        format!("{}: {}", what.describe(), e.message),
                    )
                    .label(e.label.unwrap_or_else(|| "here".to_string()))
                    .maybe_help(e.help);
                    self.push(d);
                }
                None
            }
        }
    }
}

pub(super) fn type_word(t: Type) -> &'static str {
    match t {
        Type::Bool => "true or false",
        Type::Number => "a number",
        Type::Text => "text",
        Type::List => "a list",
    }
}
