//! How long loading and checking takes, next to the floor: parsing the same TOML into a plain
//! table, which no loader can beat. Run with `cargo bench --bench guidepost`.
//!
//! - `default`: the built-in guide (42 nodes, 18 of them questions, and 72 checklist items).
//! - `generated-10000`: `guidepost::generate::guide(10_000)`, a realistic guide of 10,000
//!   questions (about 5 MiB of TOML), far beyond any real guide.
//!
//! Each group has `load+check` (what `validate` and every run pay) and `toml-floor`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use guidepost::guide::raw::Date;
use guidepost::guide::{CheckOptions, load_str};

fn opts() -> CheckOptions {
    CheckOptions { today: Date { year: 2026, month: 11, day: 27 } }
}

fn compare(c: &mut Criterion, name: &str, text: &str, samples: usize) {
    let mut group = c.benchmark_group(name);
    group.sample_size(samples).measurement_time(Duration::from_secs(10));
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("load+check", |b| {
        b.iter(|| {
            let loaded = load_str("guide.toml", black_box(text), opts());
            assert!(loaded.guide.is_some());
            loaded
        });
    });
    group.bench_function("toml-floor", |b| {
        b.iter(|| toml::from_str::<toml::Table>(black_box(text)).map_or(0, |t| t.len()));
    });
    group.finish();
}

fn benches(c: &mut Criterion) {
    compare(c, "default", guidepost::builtin::default_guide().text, 50);
    let big = guidepost::generate::guide(10_000);
    compare(c, "generated-10000", &big, 10);
}

criterion_group!(guidepost_benches, benches);
criterion_main!(guidepost_benches);
