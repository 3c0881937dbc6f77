//! Large, realistic guides made on demand, for benchmarks and stress tests.
//!
//! Real guides are a few hundred nodes; the loader must stay fast and lean far beyond that, and
//! the only honest way to know is to load something big that looks like a real guide. The
//! guide written here mixes every node type the way authors do (mostly questions, a page every
//! few, a branch every ten, an occasional comparison grid), with conditions on earlier answers,
//! interpolated and marked-up text, checklist items with `when`, sections, resources, computed
//! values, a glossary and `[[tests]]`. It is deterministic: the same `n` always gives the same
//! text, so timings can be compared across runs.

use std::fmt::Write as _;

/// A valid guide (format 1) with `n` questions, as TOML text.
///
/// Every node is reachable and leads forward to the end node, so the guide loads with no
/// errors and no warnings. Questions rotate through choice, multi, number and text; every
/// choice has an option that skips the next question, so walks through it differ in length.
///
/// ```
/// let text = guidepost::generate::guide(40);
/// let loaded = guidepost::guide::load_str("generated.toml", &text, Default::default());
/// assert!(loaded.guide.is_some());
/// ```
pub fn guide(n: usize) -> String {
    let n = n.max(1);
    let mut out = String::with_capacity(n * 700);
    let sections = n.div_ceil(50);
    let resources = n.div_ceil(20);
    header(&mut out, n, sections, resources);
    nodes(&mut out, n);
    values(&mut out, n);
    checklist(&mut out, n, sections, resources);
    tests(&mut out, n);
    out
}

/// The id of question `i`.
fn q(i: usize) -> String {
    format!("q{i:05}")
}

/// The var of question `i`.
fn var(i: usize) -> String {
    format!("v{i:05}")
}

/// What kind question `i` is; choices are the most common, as in real guides.
fn kind(i: usize) -> &'static str {
    match i % 6 {
        0 | 3 | 5 => "choice",
        1 => "multi",
        2 => "number",
        _ => "text",
    }
}

/// The node that comes before question `i` in the chain: a page every seventh question, a
/// branch every tenth, a comparison grid every fiftieth, otherwise the question itself.
fn entry(i: usize) -> String {
    if i.is_multiple_of(50) && i > 0 {
        format!("grid{i:05}")
    } else if i.is_multiple_of(10) && i > 0 {
        format!("route{i:05}")
    } else if i.is_multiple_of(7) {
        format!("page{i:05}")
    } else {
        q(i)
    }
}

/// Where question `i` leads: the entry of the next one, or the end.
fn after(i: usize, n: usize) -> String {
    if i + 1 < n { entry(i + 1) } else { "done".to_string() }
}

fn header(out: &mut String, n: usize, sections: usize, resources: usize) {
    let _ = write!(
        out,
        r#"format = 1

[guide]
id = "generated-{n}"
title = "A generated guide with {n} questions"
summary = """A guide made by a program to measure how guidepost copes with size. It asks \
{n} questions about coverage, costs and treatments."""
language = "en"
version = "1"
reviewed = 2026-11-01
start = "{start}"
disclaimer = "Information, not medical, legal or financial advice."
banner = "In crisis? Call or text 988."

[[guide.sources]]
title = "A source of facts"
url = "https://example.org/facts"
date = 2026-03-01
"#,
        start = entry(0)
    );
    for s in 0..sections {
        let _ = write!(out, "\n[sections.s{s:03}]\ntitle = \"Part {s}: things to do\"\n");
    }
    for r in 0..resources {
        let _ = write!(
            out,
            "\n[resources.r{r:04}]\ntitle = \"Help line {r}\"\nurl = \"https://example.org/help/{r}\"\n\
             phone = \"1-800-555-{:04}\"\ntext = \"Free support and referrals, Monday to Friday.\"\n",
            r % 10_000
        );
    }
    out.push_str(
        "\n[glossary]\n\"prior authorization\" = \"Approval your plan must give before a treatment.\"\n\
         \"superbill\" = \"An itemized receipt you send to your plan yourself.\"\n\
         \"in network\" = \"A provider with a contract with your plan.\"\n",
    );
}

fn nodes(out: &mut String, n: usize) {
    for i in 0..n {
        let next = after(i, n);
        let e = entry(i);
        if e.starts_with("page") {
            let _ = write!(
                out,
                "\n[nodes.{e}]\ntype = \"info\"\ntitle = \"About step {i}\"\ntext = \"\"\"Here is what step {i} \
                 is about. Ask about **prior authorization** first.\n\n- Keep a record.\n- Ask for a \
                 [superbill](resource:r{res:04}).\"\"\"\nnext = \"{q}\"\n",
                res = (i / 20) % n.div_ceil(20),
                q = q(i)
            );
        } else if e.starts_with("route") {
            // Routes on an earlier choice: one value goes straight on, the rest see a page first.
            let c = (i - 1..i).rev().chain((0..i).rev()).find(|&j| kind(j) == "choice").unwrap_or(0);
            let _ = write!(
                out,
                "\n[nodes.{e}]\ntype = \"branch\"\nrules = [\n  {{ when = '{v} == \"a\" and answered({v})', next = \"{q}\", \
                 why = \"You picked the first option at step {c}.\" }},\n  {{ when = '{v} in [\"b\", \"c\"]', next = \"{q}\" }},\n  \
                 {{ next = \"{q}\" }},\n]\n",
                v = var(c),
                q = q(i)
            );
        } else if e.starts_with("grid") {
            let _ = write!(
                out,
                "\n[nodes.{e}]\ntype = \"compare\"\ntitle = \"Options at step {i}\"\ncolumns = [\"IV ketamine\", \"Esketamine\", \"TMS\"]\n\
                 rows = [\n  {{ label = \"Usually covered?\", cells = [\"Rarely\", \"Often\", \"Often\"] }},\n  \
                 {{ label = \"Visits\", cells = [\"6 in 2 weeks\", \"Twice a week\", \"Daily\"] }},\n]\nnext = \"{q}\"\n",
                q = q(i)
            );
        }
        question(out, i, &next, n);
    }
    out.push_str("\n[nodes.done]\ntype = \"end\"\ntitle = \"Your checklist\"\n");
}

fn question(out: &mut String, i: usize, next: &str, n: usize) {
    let (id, v) = (q(i), var(i));
    let _ = write!(out, "\n[nodes.{id}]\ntype = \"{}\"\ntitle = \"Question {i}\"\nvar = \"{v}\"\n", kind(i));
    match kind(i) {
        "choice" => {
            // "c" skips the next question, so the guide has branches of different lengths.
            let skip = if i + 2 < n { entry(i + 2) } else { "done".to_string() };
            let _ = write!(
                out,
                "text = \"Which of these fits you best at step {i}?\"\nnext = \"{next}\"\noptions = [\n  \
                 {{ value = \"a\", label = \"The first way\", help = \"Most people pick this.\" }},\n  \
                 {{ value = \"b\", label = \"The second way\" }},\n  \
                 {{ value = \"c\", label = \"Skip ahead\", next = \"{skip}\" }},\n  \
                 {{ value = \"d\", label = \"I am not sure\" }},\n]\n"
            );
        }
        "multi" => {
            let _ = write!(
                out,
                "text = \"Which of these have you tried? Pick any.\"\nmin = 0\nmax = 3\nnext = \"{next}\"\n\
                 [[nodes.{id}.options]]\nvalue = \"ssri\"\nlabel = \"An SSRI\"\n\
                 [[nodes.{id}.options]]\nvalue = \"therapy\"\nlabel = \"Talk therapy\"\n\
                 [[nodes.{id}.options]]\nvalue = \"tms\"\nlabel = \"TMS\"\n\
                 [[nodes.{id}.options]]\nvalue = \"ect\"\nlabel = \"ECT\"\n"
            );
        }
        "number" => {
            let _ = write!(
                out,
                "text = \"How many, at step {i}?\"\nmin = 0\nmax = 100\ndefault = 6\nunit = \"infusions\"\nnext = \"{next}\"\n"
            );
        }
        _ => {
            let _ = write!(
                out,
                "text = \"Anything to note at step {i}?\"\nplaceholder = \"e.g. a name\"\noptional = true\nmax_len = 80\n\
                 next = \"{next}\"\n"
            );
        }
    }
}

fn values(out: &mut String, n: usize) {
    out.push_str("\n[values]\n");
    // Each computed value uses a number answer and, after the first, the value before it.
    let numbers: Vec<usize> = (0..n).filter(|&i| kind(i) == "number").take(50).collect();
    for (k, &i) in numbers.iter().enumerate() {
        if k == 0 {
            let _ = writeln!(out, "cost{k:03} = \"{} * 600\"", var(i));
        } else {
            let _ = writeln!(out, "cost{k:03} = \"cost{:03} + {} * 400\"", k - 1, var(i));
        }
    }
}

fn checklist(out: &mut String, n: usize, sections: usize, resources: usize) {
    let has_cost = (0..n).any(|i| kind(i) == "number");
    for i in (0..n).step_by(2) {
        let (v, s, r) = (var(i), (i / 50) % sections, (i / 20) % resources);
        let (when, text) = match kind(i) {
            "choice" => (format!("{v} == \"a\" or {v} == \"d\""), format!("Ask about step {i} when you call.")),
            "multi" => (format!("\"ssri\" in {v}"), format!("Bring your list of medicines (step {i}).")),
            "number" if has_cost => {
                (format!("{v} > 3"), format!("Plan for {{cost000|money}} and {{{v}}} infusions (step {i})."))
            }
            "number" => (format!("{v} > 3"), format!("Plan for {{{v}}} infusions (step {i}).")),
            _ => (format!("answered({v})"), format!("Call {{{v}|or:your insurer}} about step {i}.")),
        };
        let _ = write!(
            out,
            "\n[checklist.c{i:05}]\nsection = \"s{s:03}\"\ntext = \"{text}\"\n\
             details = \"Write down who you spoke to. See [the help line](resource:r{r:04}).\"\n\
             when = '{when}'\nresources = [\"r{r:04}\"]\n"
        );
    }
}

fn tests(out: &mut String, n: usize) {
    for t in 0..3 {
        let mut answers = Vec::new();
        for i in 0..n {
            let v = var(i);
            match kind(i) {
                "choice" => answers.push(format!("{v} = \"{}\"", ["a", "b", "d"][t])),
                "multi" => answers.push(format!("{v} = [\"ssri\"]")),
                "number" => answers.push(format!("{v} = {}", 2 + t * 2)),
                _ => {}
            }
        }
        let expect = if t == 0 { "\nexpect = [\"c00000\"]" } else { "" };
        let _ = write!(out, "\n[[tests]]\nname = \"Scenario {t}\"\nanswers = {{ {} }}{expect}\n", answers.join(", "));
    }
}

/// The smallest valid guide around what [`links`] and [`untested_items`] add.
fn small_guide(out: &mut String, first_text: &str) {
    let _ = write!(
        out,
        r#"format = 1

[guide]
id = "many"
title = "Many of one thing"
start = "first"
disclaimer = "Information, not advice."
reviewed = 2026-11-01

[sections.todo]
title = "To do"

[resources.help]
title = "Help line"
url = "https://example.org/help"

[nodes.first]
type = "info"
title = "First"
next = "done"
text = """{first_text}"""

[nodes.done]
type = "end"
"#
    );
}

/// A valid guide whose first page holds `n` links to one resource in one text, for measuring
/// that checking links grows linearly with their number.
pub fn links(n: usize) -> String {
    let mut text = String::with_capacity(n * 24);
    for i in 0..n {
        let _ = write!(text, "[step {i}](resource:help) ");
    }
    let mut out = String::with_capacity(text.len() + 1_000);
    small_guide(&mut out, text.trim_end());
    out.push_str("\n[checklist.call]\nsection = \"todo\"\ntext = \"Call the help line.\"\n");
    out
}

/// A valid guide with `n` checklist items and no `[[tests]]`, so `validate` warns about each
/// (W0102), for measuring that placing those warnings grows linearly with their number.
pub fn untested_items(n: usize) -> String {
    let mut out = String::with_capacity(n * 60 + 1_000);
    small_guide(&mut out, "See the [help line](resource:help).");
    for i in 0..n {
        let _ = write!(out, "\n[checklist.item{i:05}]\nsection = \"todo\"\ntext = \"Do thing {i}.\"\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::guide::raw::Date;
    use crate::guide::{CheckOptions, load_str};

    #[test]
    fn generated_guides_load_without_any_problem() {
        let opts = CheckOptions { today: Date { year: 2026, month: 11, day: 27 }, ..CheckOptions::default() };
        for n in [1, 2, 7, 11, 51, 300] {
            let loaded = load_str("generated.toml", &guide(n), opts);
            assert!(loaded.diagnostics.is_empty(), "n = {n}: {:?}", loaded.diagnostics);
            let g = loaded.guide.expect("a guide");
            assert_eq!(g.nodes.iter().filter(|x| x.is_question()).count(), n);
        }
    }

    #[test]
    fn the_same_size_gives_the_same_text() {
        assert_eq!(guide(120), guide(120));
    }

    #[test]
    fn every_scenario_of_a_generated_guide_passes() {
        let opts = CheckOptions { today: Date { year: 2026, month: 11, day: 27 }, ..CheckOptions::default() };
        let g = load_str("generated.toml", &guide(120), opts).guide.expect("a guide");
        for o in crate::engine::scenario::run_all(&g) {
            assert!(o.passed(), "{}", o.describe(&g));
        }
    }
}
