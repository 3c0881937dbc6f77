//! How long loading and checking takes, next to the floor: parsing the same TOML into a plain
//! table, which no loader can beat. Run with `cargo bench --bench guidepost`.
//!
//! - `default`: the built-in guide (42 nodes, 18 of them questions, and 72 checklist items).
//! - `generated-N` for N = 100, 1,000, 10,000 and 50,000: `guidepost::generate::guide(n)`, a
//!   realistic guide of N questions (10,000 is about 5 MiB of TOML, far beyond any real guide),
//!   to show how the cost grows with the size of a guide. 50,000 questions (about 25 MiB) is past the
//!   16 MiB limit on a guide file: it is refused with a message, and that refusal is what is timed.
//!
//! Each group has `load+check` (every check of the format, what running a guide pays),
//! `load+check+readability` (what `validate` pays: also the authors' readability warnings) and
//! `toml-floor`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use guidepost::guide::raw::Date;
use guidepost::guide::{CheckOptions, load_str};

fn opts(readability: bool) -> CheckOptions {
    CheckOptions { today: Date { year: 2026, month: 11, day: 27 }, readability }
}

fn compare(c: &mut Criterion, name: &str, text: &str, samples: usize) {
    let mut group = c.benchmark_group(name);
    group.sample_size(samples).measurement_time(Duration::from_secs(10));
    group.throughput(Throughput::Bytes(text.len() as u64));
    for (label, readability) in [("load+check", false), ("load+check+readability", true)] {
        group.bench_function(label, |b| {
            b.iter(|| {
                let loaded = load_str("guide.toml", black_box(text), opts(readability));
                // Past the 16 MiB file limit (50,000 questions) the guide is refused with a
                // message: what is timed there is finding that out.
                assert!(loaded.guide.is_some() || !loaded.diagnostics.is_empty());
                loaded
            });
        });
    }
    group.bench_function("toml-floor", |b| {
        b.iter(|| toml::from_str::<toml::Table>(black_box(text)).map_or(0, |t| t.len()));
    });
    group.finish();
}

fn benches(c: &mut Criterion) {
    compare(c, "default", guidepost::builtin::default_guide().text, 50);
    for (n, samples) in [(100, 50), (1_000, 20), (10_000, 10), (50_000, 10)] {
        let text = guidepost::generate::guide(n);
        compare(c, &format!("generated-{n}"), &text, samples);
    }
}

criterion_group!(guidepost_benches, benches);
criterion_main!(guidepost_benches);
