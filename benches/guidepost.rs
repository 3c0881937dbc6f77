//! How long loading and checking takes, next to the floor: parsing the same TOML into a plain
//! table, which no loader can beat. Run with `cargo bench --bench guidepost`.
//!
//! - `default`: the built-in guide (42 nodes, 18 of them questions, and 72 checklist items).
//! - `generated-N` for N = 100, 1,000, 10,000 and 50,000: `guidepost::generate::guide(n)`, a
//!   realistic guide of N questions (10,000 is about 5 MiB of TOML, far beyond any real guide),
//!   to show how the cost grows with the size of a guide. 50,000 questions (about 25 MiB) is past the
//!   16 MiB limit on a guide file: it is refused with a message, and that refusal is what is timed.
//!
//! The text is loaded as the program loads it: a built-in guide is read in place
//! (`load_static`), and a file's text is read into a buffer the guide keeps; neither is copied.
//! The generated guides are leaked to give them the same lifetime.
//!
//! Each group has `load+check` (every check of the format, what running a guide pays),
//! `load+check+readability` (the authors' readability warnings too), `validate` (all that, plus
//! running the `[[tests]]` scenarios to find untested checklist items, as `guidepost validate`
//! does) and `toml-floor`.
//!
//! Two groups show that checks grow linearly with what they check, at 1,000, 5,000 and 20,000:
//! `links-in-one-text` (one page whose text holds N links, `generate::links`) and
//! `untested-items` (N checklist items no scenario produces, each warned about and placed on its
//! id, `generate::untested_items`), both timed as `validate` runs them.
//!
//! Criterion times each of those in turn, so a machine that slows down between them skews their
//! ratio. The ratio is therefore also measured in pairs: load+check and the floor run back to
//! back, alternating which goes first, and the median of the pairs' ratios is printed at the end.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, Throughput};
use guidepost::engine::scenario::add_untested_items;
use guidepost::guide::raw::Date;
use guidepost::guide::{CheckOptions, Loaded, load_static};

fn opts(readability: bool) -> CheckOptions {
    CheckOptions { today: Date { year: 2026, month: 11, day: 27 }, readability, ..CheckOptions::default() }
}

/// What `guidepost validate` does with a guide's text, without reading a file.
fn validate(text: &'static str) -> Loaded {
    let mut loaded = load_static("guide.toml", text, opts(true));
    add_untested_items(&mut loaded);
    loaded
}

fn compare(c: &mut Criterion, name: &str, text: &'static str, samples: usize) {
    let mut group = c.benchmark_group(name);
    group.sample_size(samples).measurement_time(Duration::from_secs(10));
    group.throughput(Throughput::Bytes(text.len() as u64));
    for (label, readability) in [("load+check", false), ("load+check+readability", true)] {
        group.bench_function(label, |b| {
            b.iter(|| {
                let loaded = load_static("guide.toml", black_box(text), opts(readability));
                // Past the 16 MiB file limit (50,000 questions) the guide is refused with a
                // message: what is timed there is finding that out.
                assert!(loaded.guide.is_some() || !loaded.diagnostics.is_empty());
                loaded
            });
        });
    }
    group.bench_function("validate", |b| b.iter(|| validate(black_box(text))));
    group.bench_function("toml-floor", |b| {
        b.iter(|| toml::from_str::<toml::Table>(black_box(text)).map_or(0, |t| t.len()));
    });
    group.finish();
}

/// Makes a guide's text for a size.
type Generator = fn(usize) -> String;

/// Checks that must grow linearly with the number of things checked.
fn scaling(c: &mut Criterion) {
    let cases: [(&str, Generator); 2] =
        [("links-in-one-text", guidepost::generate::links), ("untested-items", guidepost::generate::untested_items)];
    for (name, make) in cases {
        let mut group = c.benchmark_group(name);
        group.sample_size(10).measurement_time(Duration::from_secs(5));
        for n in [1_000, 5_000, 20_000] {
            let text: &'static str = make(n).leak();
            group.throughput(Throughput::Elements(n as u64));
            group.bench_with_input(BenchmarkId::new("validate", n), &text, |b, text| {
                b.iter(|| {
                    let loaded = validate(black_box(*text));
                    assert!(loaded.guide.is_some());
                    loaded
                });
            });
        }
        group.finish();
    }
}

fn benches(c: &mut Criterion) {
    compare(c, "default", guidepost::builtin::default_guide().text, 50);
    for (n, samples) in [(100, 50), (1_000, 20), (10_000, 10), (50_000, 10)] {
        let text: &'static str = guidepost::generate::guide(n).leak();
        compare(c, &format!("generated-{n}"), text, samples);
    }
    scaling(c);
}

fn time(f: impl Fn()) -> f64 {
    let start = Instant::now();
    f();
    start.elapsed().as_secs_f64()
}

/// The median of `pairs` ratios of load+check (or, with `validating`, of `validate`) to the
/// floor, each pair run back to back.
fn paired_ratio(text: &'static str, pairs: usize, validating: bool) -> (f64, f64, f64) {
    let ours = || {
        if validating {
            black_box(validate(black_box(text)));
        } else {
            black_box(load_static("guide.toml", black_box(text), opts(false)));
        }
    };
    let floor = || {
        black_box(toml::from_str::<toml::Table>(black_box(text)).map_or(0, |t| t.len()));
    };
    // Warm up both.
    for _ in 0..3 {
        ours();
        floor();
    }
    let mut rows: Vec<(f64, f64)> = (0..pairs)
        .map(|i| {
            if i % 2 == 0 {
                let a = time(ours);
                (a, time(floor))
            } else {
                let b = time(floor);
                (time(ours), b)
            }
        })
        .collect();
    let mut ratios: Vec<f64> = rows.iter().map(|(a, b)| a / b).collect();
    ratios.sort_by(f64::total_cmp);
    rows.sort_by(|x, y| x.0.total_cmp(&y.0));
    let ours_median = rows[pairs / 2].0;
    rows.sort_by(|x, y| x.1.total_cmp(&y.1));
    (ratios[pairs / 2], ours_median, rows[pairs / 2].1)
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    benches(&mut c);
    c.final_summary();
    // `cargo test --benches` runs this too: a few pairs are enough there.
    let pairs = if std::env::args().any(|a| a == "--test") { 3 } else { 400 };
    println!("\nload+check / floor, measured in {pairs} back-to-back pairs (median of the ratios):");
    let mut cases = vec![("default".to_string(), guidepost::builtin::default_guide().text, pairs)];
    for n in [100, 1_000, 10_000] {
        cases.push((
            format!("generated-{n}"),
            guidepost::generate::guide(n).leak(),
            if n >= 10_000 { pairs / 20 } else { pairs / 4 },
        ));
    }
    for (name, text, pairs) in &cases {
        let (ratio, ours, floor) = paired_ratio(text, (*pairs).max(3), false);
        println!("{name:<16} {ratio:.2}x  (load+check {:.3} ms, floor {:.3} ms)", ours * 1e3, floor * 1e3);
    }
    println!("\nvalidate / floor, measured the same way:");
    for (name, text, pairs) in &cases {
        let (ratio, ours, floor) = paired_ratio(text, (*pairs).max(3), true);
        println!("{name:<16} {ratio:.2}x  (validate {:.3} ms, floor {:.3} ms)", ours * 1e3, floor * 1e3);
    }
}
