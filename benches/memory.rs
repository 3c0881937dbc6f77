//! Peak heap memory of loading and checking a guide, next to the floor: parsing the same TOML
//! into a plain table. Run with `cargo bench --bench memory`; it prints one line per guide.
//!
//! A counting global allocator records the most bytes live at once while each step runs; the
//! guide's text itself is allocated before counting starts, so both numbers are what the step
//! adds on top of holding the file. The text is loaded as the program loads it: a built-in guide
//! in place (`load_static`), and a file from the buffer it was read into, which the guide keeps;
//! the generated guides are leaked to give them the same lifetime.
//!
//! Then the worst legal files found: shapes that make the parser keep the most memory for each
//! byte (numbers, inline tables, dotted keys, long dotted headers), each sized just under
//! [`MAX_STRUCTURE`], the count of keys, values, tables and arrays a file may hold. The peak of
//! each must stay under 1 GiB.

use guidepost::guide::load::MAX_STRUCTURE;
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
    // Past a limit (50,000 questions is over 16 MiB) the guide is refused with a message; the
    // worst legal files are read in full and then found wrong (unknown keys).
    let refused = match (&loaded.guide, loaded.diagnostics.first()) {
        (Some(_), _) => String::new(),
        (None, Some(d)) => format!(" (not a guide: {}, {})", d.code.as_str(), d.code.summary()),
        (None, None) => " (not a guide)".to_string(),
    };
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

/// A file of one shape repeated until it holds just under [`MAX_STRUCTURE`] keys, values,
/// tables and arrays: `per` of them in each repeat.
fn worst(body: impl Fn(usize) -> String, per: usize) -> &'static str {
    let mut text = String::from(
        "format = 1\n[guide]\nid = \"x\"\ntitle = \"X\"\nstart = \"a\"\ndisclaimer = \"D.\"\nreviewed = 2026-11-01\n[nodes.a]\ntype = \"end\"\n",
    );
    for i in 0..(MAX_STRUCTURE - 100) / per {
        text.push_str(&body(i));
    }
    text.leak()
}

fn worst_cases() {
    let parts: Vec<String> = (0..29).map(|i| format!("p{i}")).collect();
    let header = parts.join(".");
    let cases: [(&str, &'static str); 4] = [
        ("numbers", worst(|i| if i == 0 { "junk = [1,".to_string() } else { "1,".to_string() }, 1)),
        ("inline-tables", worst(|i| if i == 0 { "junk = [{a=1},".to_string() } else { "{a=1},".to_string() }, 3)),
        ("dotted-keys", worst(|i| format!("j.k{i}.a.b.c.d.e.f.g=1\n"), 9)),
        ("dotted-headers", worst(|i| format!("[k{i}.{header}]\n"), 30)),
    ];
    for (name, text) in cases {
        // The arrays opened in the first repeat are closed here.
        let text: &'static str = if text.contains("junk = [") { format!("{text}]\n").leak() } else { text };
        measure(name, text);
    }
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
    println!("\nThe worst legal files, each just under {MAX_STRUCTURE} keys, values, tables and arrays:");
    worst_cases();
}
