//! Tests of the whole pipeline: names, worst-case nesting and random input through every stage.

use std::collections::HashMap;

use super::test_support::*;
use super::*;

#[test]
fn names_come_in_source_order_with_spans() {
    let src = "answered(note) and (insurance == \"x\" or sessions + insurance > 1)";
    let e = parse(src).expect("parses");
    let names = e.names();
    let got: Vec<&str> = names.iter().map(|(n, _)| *n).collect();
    assert_eq!(got, ["note", "insurance", "sessions", "insurance"]);
    for (name, span) in names {
        assert_eq!(&src[span], name);
    }
}

#[test]
fn parenthesized_names_keep_their_own_span() {
    let src = "((insurence)) == \"a\" or answered(note)";
    let e = parse(src).expect("parses");
    assert_eq!(e.names(), [("insurence", 2..11), ("note", 33..37)]);
    let err = check_error(src);
    assert_eq!(err.span, 2..11);
}

#[test]
fn expr_is_send_sync_clone() {
    fn assert_traits<T: Send + Sync + Clone + 'static>() {}
    assert_traits::<Expr>();
    let e = parse("x == 1").expect("parses");
    let copy = e.clone();
    assert_eq!(copy.source(), "x == 1");
}

#[test]
fn worst_case_nesting_fits_a_small_stack() {
    // The deepest accepted condition must parse, check and evaluate well inside the 2 MiB
    // a spawned thread gets by default, so callers need no special threads for untrusted
    // guides. Measured: about 64 KiB in release builds, about 450 KiB unoptimized.
    let src = format!("{}x == 1{}", "(not ".repeat(MAX_DEPTH / 2), ")".repeat(MAX_DEPTH / 2));
    let chain = format!("{}{}", "-(".repeat(MAX_DEPTH / 2), "1");
    let chain = format!("{chain}{}", ")".repeat(MAX_DEPTH / 2));
    let worker = std::thread::Builder::new()
        .stack_size(1024 * 1024)
        .spawn(move || {
            for src in [src, chain] {
                let e = parse(&src).expect("at the limit");
                let _ = e.check(&vars());
                let _ = e.eval(&answers);
                let _ = e.names();
                let _ = syntax_error(&format!("({src}"));
            }
        })
        .expect("spawns");
    assert!(worker.join().is_ok());
}

// --- robustness --------------------------------------------------------------------------

/// Deterministic xorshift64, so failures are reproducible without a dependency.
struct Rng(u64);

impl Rng {
    fn step(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        let n = u64::try_from(n).unwrap_or(u64::MAX);
        usize::try_from(self.step() % n).unwrap_or(0)
    }
}

/// Parses, checks, lists names and evaluates `src`, asserting every span is a valid slice.
fn exercise(src: &str, v: &HashMap<String, VarInfo>) {
    match parse(src) {
        Err(e) => assert!(src.get(e.span.clone()).is_some(), "{src:?}: {e:?}"),
        Ok(expr) => {
            for (name, span) in expr.names() {
                assert_eq!(src.get(span), Some(name), "{src:?}");
            }
            if let Err(errors) = expr.check(v) {
                assert!(!errors.is_empty());
                for e in errors {
                    assert!(src.get(e.span.clone()).is_some(), "{src:?}: {e:?}");
                }
            }
            let _ = expr.eval(&answers);
            let _ = expr.eval(&nothing);
            let _ = expr.holds(&|_| Some(Value::Number(0.0)));
            let _ = expr.holds(&|_| Some(Value::Text("a".into())));
        }
    }
}

#[test]
fn random_inputs_never_panic() {
    const PIECES: &[&str] = &[
        "a",
        "x",
        "_",
        "insurance",
        "tried",
        "sessions",
        "note",
        "1",
        "0",
        "2.5",
        ".",
        "\"",
        "\\",
        "\"a\"",
        "\"ssri\"",
        "(",
        ")",
        "[",
        "]",
        ",",
        "=",
        "==",
        "!",
        "!=",
        "<",
        "<=",
        ">",
        ">=",
        "+",
        "-",
        "*",
        "/",
        "&",
        "|",
        " ",
        " ",
        "and ",
        "or ",
        "not ",
        " in ",
        "answered",
        "true",
        "false",
        "é",
        "'",
        "\n",
        "\t",
    ];
    let v = vars();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for _ in 0..4000 {
        let len = rng.below(30);
        let src: String = (0..len).map(|_| PIECES[rng.below(PIECES.len())]).collect();
        exercise(&src, &v);
    }
}

#[test]
fn mutated_conditions_never_panic() {
    const SEEDS: &[&str] = &[
        "insurance == \"medicare\" and not (\"ssri\" in tried)",
        "sessions * 2 + -cost / 3 >= 10 or answered(note)",
        "insurance in [\"private\", \"medicaid\",] and note != \"a \\\"b\\\" c\"",
        "not not (sessions < 3 or sessions > 5.5) and tried == [\"ssri\"]",
    ];
    const CHARS: &[char] = &[
        '(', ')', '[', ']', '"', '\\', '=', '!', '<', '>', '+', '-', '*', '/', ',', ' ', 'a', '1', '.', '&', '|', 'é',
        '\'',
    ];
    let v = vars();
    let mut rng = Rng(0x0123_4567_89AB_CDEF);
    for _ in 0..4000 {
        let mut chars: Vec<char> = SEEDS[rng.below(SEEDS.len())].chars().collect();
        for _ in 0..=rng.below(4) {
            let at = rng.below(chars.len() + 1);
            match rng.below(3) {
                0 => chars.insert(at, CHARS[rng.below(CHARS.len())]),
                1 if at < chars.len() => {
                    chars.remove(at);
                }
                _ if at < chars.len() => chars[at] = CHARS[rng.below(CHARS.len())],
                _ => {}
            }
        }
        let src: String = chars.into_iter().collect();
        exercise(&src, &v);
    }
    for seed in SEEDS {
        exercise(seed, &v);
        assert!(parse(seed).expect("seed parses").check(&v).is_ok(), "{seed}");
    }
}
