//! Tests of the whole pipeline: names, worst-case nesting and random input through every stage.

use foldhash::HashMap;

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

/// Names with dates: a date answer and today.
fn date_vars() -> HashMap<String, VarInfo> {
    let mut v = vars();
    v.insert("letter_date".to_string(), VarInfo { ty: Type::Date, values: None });
    v.insert("today".to_string(), VarInfo { ty: Type::Date, values: None });
    v
}

/// The letter is dated October 1, 2026 and today is November 30, 2026.
fn date_answers(name: &str) -> Option<Value> {
    match name {
        "letter_date" => crate::date::Date::new(2026, 10, 1).map(Value::Date),
        "today" => crate::date::Date::new(2026, 11, 30).map(Value::Date),
        other => answers(other),
    }
}

fn date(y: u16, m: u8, d: u8) -> Option<Value> {
    crate::date::Date::new(y, m, d).map(Value::Date)
}

#[test]
fn dates_move_by_days_and_subtract_to_days() {
    assert_eq!(eval_with("letter_date + 60d", &date_answers), date(2026, 11, 30));
    assert_eq!(eval_with("letter_date + 60", &date_answers), date(2026, 11, 30));
    assert_eq!(eval_with("60d + letter_date", &date_answers), date(2026, 11, 30));
    assert_eq!(eval_with("today - 180d", &date_answers), date(2026, 6, 3));
    assert_eq!(eval_with("today - letter_date", &date_answers), Some(Value::Number(60.0)));
    assert_eq!(eval_with("letter_date + sessions", &date_answers), date(2026, 10, 7));
    assert_eq!(eval_with("letter_date + cost", &date_answers), None, "an unanswered number leaves it unanswered");
}

#[test]
fn dates_order_and_compare() {
    assert_eq!(eval_with("letter_date < today - 30d", &date_answers), Some(Value::Bool(true)));
    assert_eq!(eval_with("letter_date + 60d == today", &date_answers), Some(Value::Bool(true)));
    assert_eq!(eval_with("letter_date >= today", &date_answers), Some(Value::Bool(false)));
    assert_eq!(eval_with("note < today", &date_answers), Some(Value::Bool(false)), "unanswered is never before");
}

#[test]
fn date_expressions_have_types() {
    let v = date_vars();
    let ty = |src: &str| parse(src).expect("parses").check(&v).map_err(|e| e[0].message.clone());
    assert_eq!(ty("letter_date + 60d"), Ok(Type::Date));
    assert_eq!(ty("today - letter_date"), Ok(Type::Number));
    assert_eq!(ty("letter_date < today - 60d"), Ok(Type::Bool));
    assert_eq!(ty("letter_date * 2").expect_err("typed"), "`*` cannot take a date here, but `letter_date` is a date");
    assert_eq!(ty("letter_date + today").expect_err("typed"), "`+` cannot take a date here, but `today` is a date");
    assert_eq!(ty("letter_date < 5").expect_err("typed"), "cannot compare a date with a number");
    assert_eq!(ty("-letter_date").expect_err("typed"), "unary `-` needs a number, but `letter_date` is a date");
}

#[test]
fn a_days_unit_is_only_a_d_at_the_end_of_a_number() {
    assert_eq!(eval_with("2d + 3", &nothing), Some(Value::Number(5.0)));
    assert!(parse("60days").is_err(), "only the letter d is the unit");
    assert!(parse("60dx").is_err());
}
