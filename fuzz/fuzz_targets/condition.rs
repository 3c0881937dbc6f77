//! Any text as a condition: parsing, checking against a small table of vars and evaluating with
//! a few sets of answers must give a value or an error, never a panic or a stack overflow.

#![no_main]

use std::collections::HashMap;

use guidepost::guide::Value;
use guidepost::guide::condition::{Type, VarInfo, parse};
use libfuzzer_sys::fuzz_target;

fn vars() -> HashMap<String, VarInfo> {
    let mut v = HashMap::new();
    let insurance = ["private", "medicare", "medicaid", "none"];
    v.insert(
        "insurance".to_string(),
        VarInfo { ty: Type::Text, values: Some(insurance.iter().map(ToString::to_string).collect()) },
    );
    v.insert(
        "tried".to_string(),
        VarInfo { ty: Type::List, values: Some(vec!["ssri".into(), "snri".into(), "therapy".into()]) },
    );
    v.insert("sessions".to_string(), VarInfo { ty: Type::Number, values: None });
    v.insert("insurer".to_string(), VarInfo { ty: Type::Text, values: None });
    v.insert("cost".to_string(), VarInfo { ty: Type::Number, values: None });
    v
}

fn answered(name: &str) -> Option<Value> {
    match name {
        "insurance" => Some(Value::Text("medicare".into())),
        "tried" => Some(Value::List(vec!["ssri".into(), "therapy".into()])),
        "sessions" => Some(Value::Number(6.0)),
        "insurer" => Some(Value::Text("\u{1b}[2J<b>".into())),
        "cost" => Some(Value::Number(f64::MAX)),
        _ => None,
    }
}

fn odd(name: &str) -> Option<Value> {
    match name {
        "insurance" => Some(Value::Number(0.0)),
        "tried" => Some(Value::Text("ssri".into())),
        "sessions" => Some(Value::Number(f64::NAN)),
        "insurer" => Some(Value::List(Vec::new())),
        "cost" => Some(Value::Bool(true)),
        _ => Some(Value::Number(-0.0)),
    }
}

fuzz_target!(|src: &str| {
    let expr = match parse(src) {
        Ok(e) => e,
        Err(e) => {
            assert!(e.span.start <= e.span.end && e.span.end <= src.len() + 1, "error span out of bounds");
            return;
        }
    };
    assert_eq!(expr.source(), src);
    for (name, span) in expr.names() {
        assert!(src.get(span).is_some(), "name span of {name:?} is not a slice of the source");
    }
    if let Err(errors) = expr.check(&vars()) {
        for e in errors {
            // Messages quote the source; the diagnostic renderer cleans them for the terminal.
            assert!(src.get(e.span.clone()).is_some() || e.span.start >= src.len(), "check span out of bounds");
        }
    }
    let _ = expr.eval(&answered);
    let _ = expr.eval(&odd);
    let _ = expr.eval(&|_| None);
    let _ = expr.holds(&answered);
    let _ = expr.to_string();
});
