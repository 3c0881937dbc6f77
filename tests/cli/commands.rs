//! The `validate`, `export` and `list` subcommands, the guide library, completions, the manual
//! page and the package, run as the real binary: exit codes (0 ok, 1 the guide or the answers are
//! wrong, 2 usage or I/O) and the messages people read.

#![allow(clippy::unwrap_used)]

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{Run, guidepost};

const CLEAN: &str = "tests/fixtures/session/infusions.toml";
const BROKEN: &str = "tests/fixtures/invalid/E0301-unknown-start.toml";

/// The clean guide plus a section nothing uses: one warning, no errors.
fn with_a_warning(dir: &Path) -> String {
    let text = std::fs::read_to_string(CLEAN).unwrap() + "\n[sections.after]\ntitle = \"After your visit\"\n";
    let path = dir.join("warns.toml");
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

// ---------------------------------------------------------------------------------------------
// validate
// ---------------------------------------------------------------------------------------------

#[test]
fn validate_a_clean_guide_exits_0_and_says_ok() {
    let run = guidepost(&["validate", CLEAN]).run();
    assert_eq!(run.code, 0, "{}", run.all());
    assert_eq!(run.stdout, format!("{CLEAN}: ok\n"));
}

#[test]
fn validate_with_no_guide_checks_the_built_in_one() {
    let run = guidepost(&["validate", "--strict"]).run();
    assert_eq!(run.code, 0, "{}", run.all());
    assert_eq!(run.stdout, "<built-in>/ketamine-coverage.toml: ok\n");
}

#[test]
fn validate_a_guide_with_errors_exits_1_with_every_message() {
    let run = guidepost(&["validate", BROKEN]).run();
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains("error[E0301]: `start` names a node \"covrage\" that does not exist"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains(&format!("--> {BROKEN}:6:9")), "{}", run.stdout);
    assert!(run.stdout.contains("help: did you mean \"coverage\"?"));
    assert!(run.stdout.ends_with(&format!("{BROKEN}: has errors (1 error, 0 warnings)\n")), "{}", run.stdout);
}

#[test]
fn validate_a_missing_file_exits_2() {
    let run = guidepost(&["validate", "tests/fixtures/no-such-guide.toml"]).run();
    assert_eq!(run.code, 2);
    assert!(
        run.all().contains("cannot read tests/fixtures/no-such-guide.toml: no such file or folder"),
        "{}",
        run.all()
    );
}

#[test]
fn validate_reports_the_worst_of_several_guides() {
    let run = guidepost(&["validate", CLEAN, BROKEN]).run();
    assert_eq!(run.code, 1);
    assert!(run.stdout.starts_with(&format!("{CLEAN}: ok\n")), "{}", run.stdout);
    let run = guidepost(&["validate", BROKEN, "tests/fixtures/no-such-guide.toml"]).run();
    assert_eq!(run.code, 2);
}

#[test]
fn warnings_pass_unless_strict() {
    let dir = tempfile::tempdir().unwrap();
    let warns = with_a_warning(dir.path());
    let run = guidepost(&["validate", &warns]).run();
    assert_eq!(run.code, 0, "{}", run.all());
    assert!(run.stdout.contains("warning[W0104]"));
    assert!(run.stdout.contains("ok, with warnings (0 errors, 1 warning)"), "{}", run.stdout);
    let strict = guidepost(&["validate", "--strict", &warns]).run();
    assert_eq!(strict.code, 1);
    assert!(strict.stdout.contains("error[W0104]"), "{}", strict.stdout);
    assert!(strict.stdout.contains("has errors (1 error, 0 warnings)"), "{}", strict.stdout);
}

#[test]
fn validate_json_parses_and_locates_each_problem() {
    let dir = tempfile::tempdir().unwrap();
    let warns = with_a_warning(dir.path());
    let run = guidepost(&["validate", "--format", "json", BROKEN, &warns]).run();
    assert_eq!(run.code, 1);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let list = v.as_array().unwrap();
    assert_eq!(list.len(), 2);
    let first = &list[0];
    assert_eq!(first["code"], "E0301");
    assert_eq!(first["severity"], "error");
    assert_eq!(first["file"], BROKEN);
    assert_eq!((first["line"].as_u64(), first["column"].as_u64()), (Some(6), Some(9)));
    assert_eq!((first["end_line"].as_u64(), first["end_column"].as_u64()), (Some(6), Some(18)));
    assert_eq!(first["help"], "did you mean \"coverage\"?");
    assert_eq!(list[1]["code"], "W0104");
    assert_eq!(list[1]["severity"], "warning");
}

#[test]
fn validate_json_of_a_clean_guide_is_an_empty_list() {
    let run = guidepost(&["validate", "--format", "json", CLEAN]).run();
    assert_eq!(run.code, 0);
    assert_eq!(serde_json::from_str::<serde_json::Value>(&run.stdout).unwrap(), serde_json::json!([]));
}

// ---------------------------------------------------------------------------------------------
// export
// ---------------------------------------------------------------------------------------------

fn answers_file(dir: &Path, text: &str) -> String {
    let path = dir.join("answers.toml");
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn export_writes_markdown_to_stdout_by_default() {
    let run = guidepost(&["export", "--answers", "tests/fixtures/answers/medicare.toml"]).run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("# Is ketamine infusion therapy covered by my insurance?\n"));
    assert!(run.stdout.contains("- [ ] "));
    assert!(run.stderr.is_empty());
}

#[test]
fn export_writes_the_file_named_by_o_in_the_format_of_its_extension() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("checklist.json");
    let run =
        guidepost(&["export", "--answers", "tests/fixtures/answers/uninsured.toml", "-o", out.to_str().unwrap()]).run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.is_empty(), "nothing on stdout when writing a file");
    let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(json["guide"]["id"], "ketamine-coverage");
}

#[test]
fn export_format_overrides_the_extension() {
    let run = guidepost(&["export", "--answers", "tests/fixtures/answers/medicare.toml", "--format", "txt"]).run();
    assert_eq!(run.code, 0);
    assert!(run.stdout.starts_with("IS KETAMINE INFUSION THERAPY COVERED BY MY INSURANCE?\n"));
    let run = guidepost(&["export", "--answers", "tests/fixtures/answers/medicare.toml", "--format", "pdf"]).run();
    assert_eq!(run.code, 2);
    assert_eq!(run.stderr, "guidepost: unknown format \"pdf\": use md, txt, json or html\n");
}

#[test]
fn export_with_a_missing_answer_exits_1_naming_the_question() {
    let dir = tempfile::tempdir().unwrap();
    let answers =
        answers_file(dir.path(), "safe = \"safe\"\nage = \"adult\"\nhealth = [\"none\"]\ninsurance = \"medicare\"\n");
    let run = guidepost(&["export", "--answers", &answers]).run();
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        "guidepost: cannot export: question \"medigap\" (“Medigap”) needs an answer: add `medigap = …` to the answers\n"
    );
    assert!(run.stdout.is_empty());
}

#[test]
fn export_with_an_unknown_var_suggests_the_one_meant() {
    let dir = tempfile::tempdir().unwrap();
    let answers = answers_file(dir.path(), "safe = \"safe\"\ninsurence = \"medicare\"\n");
    let run = guidepost(&["export", "--answers", &answers]).run();
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        "guidepost: cannot export: the answers name `insurence`, but no question stores its answer under that name (did you mean `insurance`?)\n"
    );
}

#[test]
fn export_with_an_answer_that_does_not_fit_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let answers =
        answers_file(dir.path(), "safe = \"safe\"\nage = \"adult\"\nhealth = [\"none\"]\ninsurance = \"medicaire\"\n");
    let run = guidepost(&["export", "--answers", &answers]).run();
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("the answer for `insurance` (question \"coverage\") is not valid"), "{}", run.stderr);
}

#[test]
fn export_with_a_missing_answers_file_exits_2() {
    let run = guidepost(&["export", "--answers", "tests/fixtures/answers/nobody.toml"]).run();
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "guidepost: cannot read answers file tests/fixtures/answers/nobody.toml: no such file or folder\n"
    );
}

#[test]
fn export_with_an_answers_file_that_is_not_toml_exits_2_with_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let answers = answers_file(dir.path(), "insurance = medicare\n");
    let run = guidepost(&["export", "--answers", &answers]).run();
    assert_eq!(run.code, 2, "a broken answers file is an input problem, as a missing one is");
    assert!(run.stderr.contains("error[E0101]: the answer `medicare` needs quotes"), "{}", run.stderr);
    assert!(run.stderr.contains("answers.toml:1:13"), "{}", run.stderr);
    assert!(run.stderr.contains("insurance = \"medicare\""), "the fix is spelled out: {}", run.stderr);
}

#[test]
fn export_of_a_broken_guide_exits_1_with_its_errors() {
    let run = guidepost(&["export", BROKEN, "--answers", "tests/fixtures/answers/medicare.toml"]).run();
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("error[E0301]"), "{}", run.stderr);
}

// ---------------------------------------------------------------------------------------------
// list
// ---------------------------------------------------------------------------------------------

#[test]
fn list_shows_the_built_in_guides_with_the_default_marked() {
    let run = guidepost(&["list"]).run();
    assert_eq!(run.code, 0);
    assert_eq!(
        run.stdout,
        format!(
            "ketamine-coverage    built-in {:<11}Is ketamine infusion therapy covered by my insurance?  (default)\n\
             appeal-denied-claim  built-in {:<11}Appealing a denied health insurance claim\n",
            reviewed("guides/ketamine-coverage.toml"),
            reviewed("guides/appeal-denied-claim.toml")
        )
    );
}

/// A guide's `reviewed` date as its file says.
fn reviewed(file: &str) -> String {
    guide_key(file, "reviewed")
}

fn guide_key(file: &str, key: &str) -> String {
    let text = std::fs::read_to_string(file).unwrap();
    let line = text.lines().find(|l| l.starts_with(&format!("{key} ="))).unwrap();
    line.split('=').nth(1).unwrap().trim().trim_matches('"').to_string()
}

// ---------------------------------------------------------------------------------------------
// the guide library
// ---------------------------------------------------------------------------------------------

/// A data folder whose library holds guides, and more folders for `GUIDEPOST_PATH`.
struct Library {
    root: tempfile::TempDir,
}

impl Library {
    fn new() -> Library {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(root.path().join("data/guidepost/guides")).unwrap();
        Library { root }
    }

    /// The library folder.
    fn dir(&self) -> PathBuf {
        self.root.path().join("data/guidepost/guides")
    }

    /// A `GUIDEPOST_PATH` folder.
    fn folder(&self, name: &str) -> PathBuf {
        let dir = self.root.path().join(name);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    /// Writes the clean fixture guide into `dir` with this id and title.
    fn guide(dir: &Path, file: &str, id: &str, title: &str) -> PathBuf {
        let text = std::fs::read_to_string(CLEAN)
            .unwrap()
            .replace("id = \"infusions\"", &format!("id = \"{id}\""))
            .replace("title = \"Paying for infusions\"", &format!("title = \"{title}\""));
        let path = dir.join(file);
        std::fs::write(&path, text).unwrap();
        path
    }

    fn run(&self, args: &[&str], path: &[&Path]) -> Run {
        let mut bin = guidepost(args).env("XDG_DATA_HOME", self.root.path().join("data"));
        if !path.is_empty() {
            bin = bin.env("GUIDEPOST_PATH", std::env::join_paths(path).unwrap());
        }
        bin.run()
    }
}

#[test]
fn list_shows_library_and_path_guides_with_where_they_come_from_and_their_review_date() {
    let lib = Library::new();
    Library::guide(&lib.dir(), "intake.toml", "intake", "Clinic intake");
    let team = lib.folder("team");
    Library::guide(&team, "prior-auth.toml", "prior-auth", "Prior authorization");
    let run = lib.run(&["list"], &[&team]);
    assert_eq!(run.code, 0, "{}", run.all());
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 4, "{}", run.stdout);
    assert!(lines[0].starts_with("ketamine-coverage    built-in "), "{}", run.stdout);
    assert_eq!(lines[2], "prior-auth           path     2026-11-01 Prior authorization");
    assert_eq!(lines[3], "intake               library  2026-11-01 Clinic intake");
}

#[test]
fn a_library_guide_runs_by_id_from_any_folder_in_every_command() {
    let lib = Library::new();
    let path = Library::guide(&lib.dir(), "intake.toml", "intake", "Clinic intake");
    let run = lib.run(&["validate", "intake"], &[]);
    assert_eq!(run.code, 0, "{}", run.all());
    assert_eq!(run.stdout, format!("{}: ok\n", path.display()));
    let run = lib.run(&["test", "intake"], &[]);
    assert_eq!(run.code, 0, "{}", run.all());
    // The bare form and `run`, in plain mode: the guide's start screen, then the input ends.
    for args in [&["intake", "--plain"][..], &["run", "intake", "--plain"]] {
        let state = tempfile::tempdir().unwrap();
        let data = lib.root.path().join("data");
        let run = guidepost(args).env("XDG_DATA_HOME", &data).env("GUIDEPOST_STATE_DIR", state.path()).run();
        assert!(run.stdout.contains("Clinic intake"), "{args:?}: {}", run.all());
    }
}

#[test]
fn guidepost_path_folders_are_searched_in_order_before_the_library() {
    let lib = Library::new();
    let (a, b) = (lib.folder("a"), lib.folder("b"));
    let in_b = Library::guide(&b, "g.toml", "shared", "From b");
    let in_a = Library::guide(&a, "g.toml", "shared", "From a");
    let in_lib = Library::guide(&lib.dir(), "shared.toml", "shared", "From the library");
    let run = lib.run(&["validate", "shared"], &[&b, &a]);
    assert_eq!(run.stdout, format!("{}: ok\n", in_b.display()), "{}", run.all());
    let run = lib.run(&["validate", "shared"], &[&a, &b]);
    assert_eq!(run.stdout, format!("{}: ok\n", in_a.display()), "{}", run.all());
    let run = lib.run(&["validate", "shared"], &[]);
    assert_eq!(run.stdout, format!("{}: ok\n", in_lib.display()), "{}", run.all());
    // The list names both later copies and the one that wins.
    let run = lib.run(&["list"], &[&a, &b]);
    assert_eq!(run.code, 0);
    let note = format!("{} has the same id and comes first, so it is the one run", in_a.display());
    assert_eq!(run.stdout.matches(&note).count(), 2, "{}", run.stdout);
    assert!(run.stdout.contains(&format!("file: {}", in_lib.display())), "{}", run.stdout);
}

#[test]
fn built_in_ids_cannot_be_shadowed_and_command_names_are_reached_by_path() {
    let lib = Library::new();
    let fake = Library::guide(&lib.dir(), "ketamine-coverage.toml", "ketamine-coverage", "Not the real one");
    let man = Library::guide(&lib.dir(), "man.toml", "man", "A guide called man");
    let run = lib.run(&["validate", "ketamine-coverage"], &[]);
    assert_eq!(run.stdout, "<built-in>/ketamine-coverage.toml: ok\n", "{}", run.all());
    let run = lib.run(&["list"], &[]);
    assert!(
        run.stdout.contains(&format!(
            "ketamine-coverage    library  2026-11-01 Not the real one\n    note: file: {}\n    note: a built-in guide \
             has this id and always wins; run this one by its path: guidepost run {}\n",
            fake.display(),
            fake.display()
        )),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("\"man\" is also a command's name; run this guide by its path: guidepost run"),
        "{}",
        run.stdout
    );
    // `guidepost man` stays the manual page; `run man` explains how to reach the guide.
    assert!(lib.run(&["man"], &[]).stdout.contains("\n.TH GUIDEPOST 1"));
    let run = lib.run(&["run", "man", "--plain"], &[]);
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(
        run.stderr
            .contains(&format!("it is also a command's name; run it by its path: guidepost run {}", man.display())),
        "{}",
        run.stderr
    );
    let run = lib.run(&["validate", man.to_str().unwrap()], &[]);
    assert_eq!(run.code, 0, "{}", run.all());
}

#[test]
fn a_broken_library_guide_is_listed_with_its_reason_and_stops_nothing() {
    let lib = Library::new();
    std::fs::write(lib.dir().join("broken.toml"), "format = 1\n[guide]\nid = \"broken\"\ntitle = \"B\n").unwrap();
    std::fs::write(lib.dir().join("bad-ref.toml"), std::fs::read_to_string(BROKEN).unwrap()).unwrap();
    Library::guide(&lib.dir(), "works.toml", "works", "Works fine");
    let run = lib.run(&["list"], &[]);
    assert_eq!(run.code, 0, "{}", run.all());
    let broken = lib.dir().join("broken.toml");
    let line = run.stdout.lines().find(|l| l.starts_with("broken ")).unwrap();
    assert!(
        line.starts_with(&format!("broken               library  -          cannot be used: {}:4:", broken.display())),
        "{line}"
    );
    assert!(line.contains("invalid TOML"), "{line}");
    let line = run.stdout.lines().find(|l| l.contains("bad-ref.toml")).unwrap();
    assert!(line.contains("cannot be used:") && line.contains("`start` names a node \"covrage\""), "{line}");
    assert!(run.stdout.contains("works                library  2026-11-01 Works fine\n"), "{}", run.stdout);
    assert_eq!(lib.run(&["validate", "works"], &[]).code, 0);
    // Run by id, the broken one reports its problems as any guide file does.
    let run = lib.run(&["validate", "broken"], &[]);
    assert_eq!(run.code, 1, "{}", run.all());
    assert!(run.stdout.contains("invalid TOML"), "{}", run.stdout);
}

#[test]
fn included_parts_next_to_a_library_guide_are_not_listed_as_guides() {
    let lib = Library::new();
    let dir = lib.dir();
    std::fs::write(
        dir.join("split.toml"),
        "format = 1\n[guide]\nid = \"split\"\ntitle = \"Split\"\nstart = \"a\"\ndisclaimer = \"D\"\nreviewed = 2026-11-01\n\
         include = [\"end.toml\"]\n\n[nodes.a]\ntype = \"info\"\ntitle = \"A\"\nnext = \"done\"\n",
    )
    .unwrap();
    std::fs::write(dir.join("end.toml"), "[nodes.done]\ntype = \"end\"\ntitle = \"Done\"\n").unwrap();
    let run = lib.run(&["list"], &[]);
    assert!(run.stdout.contains("split                library  2026-11-01 Split\n"), "{}", run.all());
    assert!(!run.stdout.contains("end.toml") && !run.stdout.contains("\nend "), "{}", run.stdout);
}

#[test]
fn new_library_writes_a_starter_that_runs_by_id() {
    let lib = Library::new();
    std::fs::remove_dir_all(lib.dir()).unwrap();
    let run = lib.run(&["new", "--library", "intake"], &[]);
    assert_eq!(run.code, 0, "{}", run.all());
    let path = lib.dir().join("intake.toml");
    assert!(run.stdout.starts_with(&format!("Wrote {}:", path.display())), "{}", run.stdout);
    assert!(run.stdout.contains("guidepost validate --strict intake"), "{}", run.stdout);
    let run = lib.run(&["validate", "--strict", "intake"], &[]);
    assert_eq!(run.stdout, format!("{}: ok\n", path.display()), "{}", run.all());
    // Never over an existing guide, a built-in id or a command's name.
    for (id, says) in [
        ("intake", "a guide in the library already has the id \"intake\""),
        ("appeal-denied-claim", "a built-in guide already has the id"),
        ("list", "\"list\" is a command's name"),
        ("Bad Id", "cannot be a guide id"),
    ] {
        let run = lib.run(&["new", "--library", id], &[]);
        assert_eq!(run.code, 2, "{id}: {}", run.all());
        assert!(run.stderr.contains(says), "{id}: {}", run.stderr);
    }
}

// ---------------------------------------------------------------------------------------------
// completions, the manual page, --version, the theme default
// ---------------------------------------------------------------------------------------------

/// What bash completes for a command line, with the script `guidepost completions bash` prints.
fn bash_completes(lib: &Library, line: &str) -> Vec<String> {
    let script = lib.run(&["completions", "bash"], &[]);
    assert_eq!(script.code, 0, "{}", script.all());
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("completion.bash"), &script.stdout).unwrap();
    let words: Vec<&str> = line.split(' ').collect();
    let program = format!(
        "source ./completion.bash\n\
         COMP_WORDS=({words})\nCOMP_CWORD={cword}\nCOMP_LINE='{line}'\nCOMP_POINT=${{#COMP_LINE}}\nCOMP_TYPE=9\n\
         _clap_complete_guidepost guidepost '{current}' '{previous}'\n\
         printf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
        words = words.iter().map(|w| format!("'{w}'")).collect::<Vec<_>>().join(" "),
        cword = words.len() - 1,
        current = words[words.len() - 1],
        previous = words[words.len() - 2],
    );
    let out = Command::new("bash")
        .arg("-c")
        .arg(program)
        .current_dir(dir.path())
        .env("XDG_DATA_HOME", lib.root.path().join("data"))
        .env_remove("GUIDEPOST_PATH")
        .env(
            "PATH",
            format!(
                "{}:{}",
                Path::new(env!("CARGO_BIN_EXE_guidepost")).parent().unwrap().display(),
                std::env::var("PATH").unwrap_or_default()
            ),
        )
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().lines().filter(|l| !l.is_empty()).map(str::to_string).collect()
}

#[test]
fn bash_completion_loads_and_completes_library_guide_ids() {
    let lib = Library::new();
    Library::guide(&lib.dir(), "intake.toml", "intake", "Clinic intake");
    Library::guide(&lib.dir(), "list.toml", "list", "Named like a command");
    for line in ["guidepost run in", "guidepost validate in", "guidepost export in", "guidepost in"] {
        assert_eq!(bash_completes(&lib, line), ["intake"], "{line}");
    }
    // Built-in ids, and subcommands next to ids in the bare form.
    assert_eq!(bash_completes(&lib, "guidepost run appeal"), ["appeal-denied-claim"]);
    let bare = bash_completes(&lib, "guidepost li");
    assert_eq!(bare, ["list"], "the subcommand, not the guide named like it");
    assert!(bash_completes(&lib, "guidepost comp").contains(&"completions".to_string()));
}

#[test]
fn completion_scripts_are_printed_for_every_shell() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let run = guidepost(&["completions", shell]).run();
        assert_eq!(run.code, 0, "{shell}: {}", run.all());
        assert!(run.stdout.contains("COMPLETE") && run.stdout.contains("guidepost"), "{shell}: {}", run.stdout);
    }
    let run = guidepost(&["completions", "tcsh"]).run();
    assert_eq!(run.code, 2);
}

#[test]
fn the_manual_page_covers_every_command_exit_codes_environment_and_files() {
    let run = guidepost(&["man"]).run();
    assert_eq!(run.code, 0, "{}", run.all());
    let page = &run.stdout;
    for sub in [
        "run",
        "validate",
        "export",
        "list",
        "new",
        "test",
        "paths",
        "explain",
        "graph",
        "schema",
        "sessions",
        "completions",
        "man",
    ] {
        assert!(
            page.contains(&format!(".SS \"guidepost {sub}\"")) || page.contains(&format!(".SS guidepost {sub}")),
            "{sub}"
        );
    }
    for section in ["EXIT STATUS", "ENVIRONMENT", "FILES", "OPTIONS"] {
        assert!(
            page.contains(&format!(".SH \"{section}\"")) || page.contains(&format!(".SH {section}\n")),
            "{section}"
        );
    }
    for var in [
        "GUIDEPOST_PATH",
        "GUIDEPOST_STATE_DIR",
        "GUIDEPOST_THEME",
        "GUIDEPOST_HYPERLINKS",
        "NO_COLOR",
        "XDG_DATA_HOME",
    ] {
        assert!(page.contains(var), "{var}");
    }
    assert!(page.contains("\\-\\-library"), "new's own options are there");
}

#[test]
fn the_manual_page_renders_without_warnings() {
    let run = guidepost(&["man"]).run();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("guidepost.1");
    std::fs::write(&file, &run.stdout).unwrap();
    let groff = Command::new("groff").args(["-man", "-Tutf8", "-ww", "-z"]).arg(&file).output();
    let (tool, out) = if let Ok(out) = groff {
        ("groff", out)
    } else if let Ok(out) = Command::new("man").args(["--warnings", "-l"]).arg(&file).env("MANPAGER", "cat").output() {
        ("man", out)
    } else {
        eprintln!("neither groff nor man is installed: the manual page was not rendered");
        return;
    };
    assert!(out.status.success(), "{tool} failed: {}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{tool} warns");
}

#[test]
fn version_names_each_built_in_guide_with_its_version_and_review_date() {
    let run = guidepost(&["--version"]).run();
    assert_eq!(run.code, 0);
    let mut want = format!("guidepost {}\n", env!("CARGO_PKG_VERSION"));
    for (id, file) in [
        ("ketamine-coverage", "guides/ketamine-coverage.toml"),
        ("appeal-denied-claim", "guides/appeal-denied-claim.toml"),
    ] {
        want.push_str(&format!("{id:<20} version {}, reviewed {}\n", guide_key(file, "version"), reviewed(file)));
    }
    assert_eq!(run.stdout, want);
}

#[test]
fn guidepost_theme_sets_the_default_theme_and_is_checked_like_the_option() {
    let bad = OsStr::new("neon");
    let run = guidepost(&["--plain"]).env("GUIDEPOST_THEME", bad).run();
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(run.stderr.contains("invalid value 'neon' for '--theme <THEME>'"), "{}", run.stderr);
    let good = OsStr::new("high-contrast");
    let run = guidepost(&["--help"]).env("GUIDEPOST_THEME", good).run();
    assert!(run.stdout.contains("[env: GUIDEPOST_THEME=high-contrast]"), "{}", run.stdout);
    // A theme default never gets in the way of the other commands.
    assert_eq!(guidepost(&["list"]).env("GUIDEPOST_THEME", good).run().code, 0);
}

// ---------------------------------------------------------------------------------------------
// the package
// ---------------------------------------------------------------------------------------------

#[test]
fn the_built_in_guides_run_from_any_folder() {
    let dir = tempfile::tempdir().unwrap();
    let answers = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/answers/medicare.toml");
    let out = guidepost(&["validate", "ketamine-coverage", "appeal-denied-claim"]).in_dir(dir.path()).run();
    assert_eq!(out.code, 0, "{}", out.all());
    let out = guidepost(&["export", "--format", "txt", "--answers"]).arg(&answers).in_dir(dir.path()).run();
    assert_eq!(out.code, 0, "{}", out.all());
    assert!(!out.stdout.is_empty());
}

fn files_under(dir: &Path, root: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(files_under(&p, root));
        } else {
            out.push(p.strip_prefix(root).unwrap().to_string_lossy().into_owned());
        }
    }
    out
}

/// What `cargo package` puts in the crate: the program's sources, the built-in guides, the
/// documentation its messages point to, the README and the licenses; no tests, benchmarks or CI.
const PACKAGE: &[&str] = &[
    ".cargo_vcs_info.json",
    "Cargo.lock",
    "Cargo.toml",
    "Cargo.toml.orig",
    "LICENSE-APACHE",
    "LICENSE-MIT",
    "README.md",
    "docs/authoring.md",
    "docs/diagnostics.md",
    "docs/export-json.md",
    "docs/guide-format.md",
    "docs/schema.md",
    "guides/appeal-denied-claim.toml",
    "guides/ketamine-coverage.toml",
];

#[test]
fn the_package_holds_only_what_the_program_needs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let out = Command::new(cargo)
        .args(["package", "--list", "--allow-dirty", "--offline", "--quiet"])
        .current_dir(root)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let listed: Vec<String> = String::from_utf8(out.stdout).unwrap().lines().map(str::to_string).collect();
    let mut want: Vec<String> = PACKAGE.iter().map(|s| (*s).to_string()).collect();
    want.extend(files_under(&root.join("src"), root));
    // The VCS note is only written from a clean checkout.
    let listed: Vec<String> = listed.into_iter().filter(|f| f != ".cargo_vcs_info.json").collect();
    want.retain(|f| f != ".cargo_vcs_info.json");
    want.sort();
    let mut listed = listed;
    listed.sort();
    assert_eq!(listed, want);
}

#[test]
fn export_reads_an_answers_file_written_for_an_earlier_guide() {
    // `funding` is the var the job-plan question had before it was renamed (`was` in the guide).
    let dir = tempfile::tempdir().unwrap();
    let old = std::fs::read_to_string("tests/fixtures/answers/employer-four-meds.toml")
        .unwrap()
        .replace("job_plan =", "funding =");
    let answers = answers_file(dir.path(), &old);
    let run = guidepost(&["export", "--answers", &answers, "--format", "json"]).run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let text = json.to_string();
    assert!(text.contains("job_plan") && text.contains("fully_insured"), "{text}");
    assert!(run.stdout.contains("external review"), "the fully insured route is taken");
}

#[test]
fn today_is_pinned_by_the_flag_or_the_environment_and_a_bad_date_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let answers = dir.path().join("answers.toml");
    std::fs::write(&answers, "letter_date = \"10/01/2026\"\n").unwrap();
    let export = |extra: &[&str], env: Option<&str>| {
        let mut args = vec!["export", "tests/fixtures/tui/date.toml", "--format", "md", "--answers"];
        let path = answers.to_str().unwrap();
        args.push(path);
        args.extend_from_slice(extra);
        let mut run = guidepost(&args);
        if let Some(day) = env {
            run = run.env("GUIDEPOST_TODAY", day);
        }
        run.run()
    };
    let pinned = export(&["--today", "2026-12-31"], None);
    assert_eq!(pinned.code, 0, "{}", pinned.all());
    assert!(pinned.stdout.contains("Appeal by March 30, 2027; the letter is 91 days old."), "{}", pinned.stdout);
    assert!(pinned.stdout.contains("**Date on the letter**: October 1, 2026"), "{}", pinned.stdout);
    // Any way a person types a date pins it; the flag wins over the environment.
    let from_env = export(&[], Some("Nov 1 2026"));
    assert!(from_env.stdout.contains("the letter is 31 days old."), "{}", from_env.all());
    let both = export(&["--today", "2026-10-02"], Some("Nov 1 2026"));
    assert!(both.stdout.contains("the letter is 1 day old."), "{}", both.all());
    // After the deadline, the other item.
    let late = export(&["--today", "2027-04-01"], None);
    assert!(late.stdout.contains("The deadline, March 30, 2027, has passed."), "{}", late.all());
    let bad = guidepost(&["validate", "guides/appeal-denied-claim.toml", "--today", "2026-02-30"]).run();
    assert_eq!(bad.code, 2, "{}", bad.all());
    assert!(
        bad.stderr.contains("invalid value '2026-02-30' for '--today <DATE>': February has 28 days"),
        "{}",
        bad.stderr
    );
}
