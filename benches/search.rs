//! Speed of the fuzzy search: building the index and answering one keystroke, on the default
//! guide and on a generated guide of 10,000 questions. A keystroke should stay well under a frame
//! (16 ms) even on the large guide.
#![allow(missing_docs, clippy::unwrap_used, clippy::panic)]

use std::fmt::Write as _;
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use guidepost::guide::{CheckOptions, Guide, load_str};
use guidepost::search::{Index, MAX_HITS};

const WORDS: &[&str] = &[
    "insurance",
    "coverage",
    "prior",
    "authorization",
    "clinic",
    "infusion",
    "therapy",
    "appeal",
    "denial",
    "deductible",
    "network",
    "provider",
    "referral",
    "medicine",
    "session",
    "receipt",
    "billing",
    "code",
];

fn word(i: usize) -> &'static str {
    WORDS[(i.wrapping_mul(2_654_435_761)) % WORDS.len()]
}

/// A guide with `n` choice questions in a row, each with a sentence of text and three options.
fn large_guide(n: usize) -> Guide {
    let mut s = String::from(
        "format = 1\n[guide]\nid = \"big\"\ntitle = \"Big\"\nsummary = \"s\"\nlanguage = \"en\"\nversion = \"1\"\nreviewed = 2026-01-01\nstart = \"q0\"\ndisclaimer = \"d\"\n[sections.s]\ntitle = \"S\"\n",
    );
    for i in 0..n {
        let next = if i + 1 == n { "done".to_string() } else { format!("q{}", i + 1) };
        let text: Vec<&str> = (0..24).map(|k| word(i * 31 + k)).collect();
        let _ = write!(
            s,
            "[nodes.q{i}]\ntype = \"choice\"\ntitle = \"Question {i} on {} {}\"\ntext = \"{}.\"\nvar = \"v{i}\"\nnext = \"{next}\"\noptions = [ {{ value = \"a\", label = \"Yes, {}\" }}, {{ value = \"b\", label = \"No {}\" }}, {{ value = \"c\", label = \"Not sure\" }} ]\n",
            word(i),
            word(i + 7),
            text.join(" "),
            word(i + 3),
            word(i + 5),
        );
    }
    s.push_str("[nodes.done]\ntype = \"end\"\n");
    for i in 0..1000 {
        let _ = write!(
            s,
            "[checklist.c{i}]\nsection = \"s\"\ntext = \"Ask about {} and {} ({i}).\"\n",
            word(i),
            word(i + 1)
        );
    }
    let loaded = load_str("big.toml", &s, CheckOptions::default());
    loaded.guide.unwrap_or_else(|| panic!("the generated guide does not load: {:?}", &loaded.diagnostics[..3]))
}

fn default_guide() -> Guide {
    let b = guidepost::builtin::default_guide();
    load_str(b.file, b.text, CheckOptions::default()).guide.unwrap()
}

fn bench(c: &mut Criterion) {
    let small = default_guide();
    let big = large_guide(10_000);
    c.bench_function("search: build index, default guide", |b| b.iter(|| Index::build(black_box(&small))));
    c.bench_function("search: build index, 10,000 questions", |b| b.iter(|| Index::build(black_box(&big))));
    let small_index = Index::build(&small);
    let big_index = Index::build(&big);
    for q in ["i", "prior auth", "insurnce", "question 9999"] {
        c.bench_function(&format!("search: keystroke \"{q}\", default guide"), |b| {
            b.iter(|| small_index.search(black_box(q), MAX_HITS));
        });
        c.bench_function(&format!("search: keystroke \"{q}\", 10,000 questions"), |b| {
            b.iter(|| big_index.search(black_box(q), MAX_HITS));
        });
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = bench
}
criterion_main!(benches);
