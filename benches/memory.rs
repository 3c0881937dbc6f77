//! Peak heap memory of loading and checking a guide, next to the floor: parsing the same TOML
//! into a plain table. Run with `cargo bench --bench memory`; it prints one line per guide.
//!
//! A counting global allocator records the most bytes live at once while each step runs; the
//! guide's text itself is allocated before counting starts, so both numbers are what the step
//! adds on top of holding the file. The text is loaded as the program loads it: a built-in guide
//! in place (`load_static`), and a file from the buffer it was read into, which the guide keeps;
//! the generated guides are leaked to give them the same lifetime.

use guidepost::guide::raw::Date;
use guidepost::guide::{CheckOptions, load_static};
use peak_alloc::PeakAlloc;

#[global_allocator]
static ALLOC: PeakAlloc = PeakAlloc;

/// Bytes live at the peak of `f`, above what was live when it started; and what it returned.
fn peak_of<T>(f: impl FnOnce() -> T) -> (usize, T) {
    let base = ALLOC.current_usage();
    ALLOC.reset_peak_usage();
    let out = f();
    (ALLOC.peak_usage().saturating_sub(base), out)
}

fn mib(bytes: usize) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

fn measure(name: &str, text: &'static str) {
    let opts = CheckOptions { today: Date { year: 2026, month: 11, day: 27 }, ..CheckOptions::default() };
    let (floor, table) = peak_of(|| toml::from_str::<toml::Table>(text).map(|t| t.len()));
    drop(table);
    let (load, loaded) = peak_of(|| load_static("guide.toml", text, opts));
    // Past the 16 MiB file limit (50,000 questions) the guide is refused with a message.
    let refused = if loaded.guide.is_some() { "" } else { " (refused: over the 16 MiB file limit)" };
    assert!(loaded.guide.is_some() || !loaded.diagnostics.is_empty(), "{name} should load or say why not");
    // What stays allocated while the guide is in use, after loading has finished.
    let kept = ALLOC.current_usage();
    drop(loaded);
    let kept = kept.saturating_sub(ALLOC.current_usage());
    println!(
        "{name:<18} text {:>7.2} MiB | toml-floor peak {:>7.2} MiB | load+check peak {:>7.2} MiB ({:.2}x) | guide kept {:>7.2} MiB{refused}",
        mib(text.len()),
        mib(floor),
        mib(load),
        load as f64 / floor.max(1) as f64,
        mib(kept),
    );
}

fn main() {
    // `cargo test --benches` runs bench targets too; keep that quick.
    if std::env::args().any(|a| a == "--test") {
        measure("generated-100", guidepost::generate::guide(100).leak());
        return;
    }
    measure("default", guidepost::builtin::default_guide().text);
    for n in [100, 1_000, 10_000, 50_000] {
        measure(&format!("generated-{n}"), guidepost::generate::guide(n).leak());
    }
}
