//! `guidepost man`: the manual page, in roff.
//!
//! `clap_mangen` writes the parts that come from the command-line definitions (synopsis, options),
//! so the page cannot fall behind the program; the sections it has no notion of (every
//! subcommand's own options, exit codes, environment, files) are written here with `roff`.

use std::io::Write;

use clap::CommandFactory;
use clap_mangen::Man;
use roff::{Roff, bold, italic, roman};

use super::environment::VARIABLES;
use super::{Cli, CliError, write_out};

/// What the exit codes mean.
const EXIT_CODES: &[(&str, &str)] = &[
    ("0", "Success: the guide ran to the end or was quit, the guides are valid, every test passed."),
    (
        "1",
        "A guide has errors, an answers file does not fit the guide, a test failed, plain mode ran out of input, \
         or the terminal went away.",
    ),
    ("2", "A usage problem: a wrong option, a file or guide that cannot be read, output that cannot be written."),
    ("128+N", "The interface was ended by signal N (143 for SIGTERM); the answers given so far were saved."),
];

/// Runs `man`.
pub fn run(out: &mut dyn Write) -> Result<u8, CliError> {
    let page = render().map_err(|e| CliError::io(format!("cannot write the manual page: {e}")))?;
    write_out(out, &page)?;
    Ok(0)
}

/// The whole page.
pub fn render() -> std::io::Result<String> {
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    let man = Man::new(cmd.clone()).title("GUIDEPOST").manual("guidepost manual");
    let mut page = Vec::new();
    man.render_title(&mut page)?;
    man.render_name_section(&mut page)?;
    man.render_synopsis_section(&mut page)?;
    page.extend(description().render().into_bytes());
    man.render_options_section(&mut page)?;
    page.extend(Roff::new().control("SH", ["COMMANDS"]).render().into_bytes());
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = sub.get_bin_name().unwrap_or(sub.get_name()).to_string();
        let mut head = Roff::new();
        head.control("SS", [name.as_str()]);
        if let Some(about) = sub.get_long_about().or(sub.get_about()) {
            head.text([roman(about.to_string())]).control("PP", []);
        }
        page.extend(head.render().into_bytes());
        let man = Man::new(sub.clone());
        page.extend(without_heading(|w| man.render_synopsis_section(w))?);
        if sub.get_arguments().any(|a| !a.is_hide_set() && !a.is_positional()) {
            page.extend(without_heading(|w| man.render_options_section(w))?);
        }
    }
    page.extend(sections().render().into_bytes());
    let mut version = Roff::new();
    version.control("SH", ["VERSION"]);
    for line in super::long_version().lines() {
        version.text([roman(line)]).control("br", []);
    }
    page.extend(version.render().into_bytes());
    Ok(once(&String::from_utf8_lossy(&page)))
}

/// A section `clap_mangen` renders, without its `.SH` line, to sit under a subcommand's `.SS`.
fn without_heading(render: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>) -> std::io::Result<Vec<u8>> {
    let mut buf = Vec::new();
    render(&mut buf)?;
    let text = String::from_utf8_lossy(&buf);
    let mut seen = false;
    let kept: String = text
        .split_inclusive('\n')
        .filter(|line| {
            let heading = !seen && line.starts_with(".SH");
            seen |= heading;
            !heading
        })
        .collect();
    Ok(kept.into_bytes())
}

/// `clap_mangen` opens each section it renders with the same two lines defining `\*(Aq`; once,
/// at the top, is enough.
fn once(page: &str) -> String {
    let mut seen = std::collections::HashSet::new();
    page.split_inclusive('\n')
        .filter(|line| !(line.starts_with(".ie \\n(.g .ds Aq") || line.starts_with(".el .ds Aq")) || seen.insert(*line))
        .collect()
}

fn description() -> Roff {
    let mut r = Roff::new();
    r.control("SH", ["DESCRIPTION"])
        .text([roman(
            "guidepost walks a person through a decision in the terminal, one question at a time, and hands them \
             a personalized checklist at the end. The questions are a tree written in TOML.",
        )])
        .control("PP", [])
        .text([
            roman("A "),
            italic("GUIDE"),
            roman(
                " is a guide file, or an id: first the built-in guides' ids, then the ids of the guides in each \
                 folder of ",
            ),
            bold("GUIDEPOST_PATH"),
            roman(
                " in order, then those in the library folder (see FILES). When two guides share an id the first \
                 wins. A built-in id always means the built-in guide, and a guide whose id is also a command's \
                 name (such as ",
            ),
            bold("list"),
            roman(") is run by its path. "),
            bold("guidepost list"),
            roman(" shows every guide, where it comes from, and why one cannot be used."),
        ])
        .control("PP", [])
        .text([
            roman("With no command, or with "),
            bold("run"),
            roman(
                ", the guide opens in the interactive interface; plain line-by-line questions are used instead \
                 when ",
            ),
            bold("--plain"),
            roman(" is given, when TERM=dumb, or when input or output is not a terminal."),
        ]);
    r
}

fn sections() -> Roff {
    let mut r = Roff::new();
    r.control("SH", ["EXIT STATUS"]);
    for (code, meaning) in EXIT_CODES {
        r.control("TP", []).text([bold(*code)]).text([roman(*meaning)]);
    }
    r.control("SH", ["ENVIRONMENT"]);
    for v in VARIABLES {
        r.control("TP", []).text([bold(v.name)]).text([roman(v.effect.replace('`', ""))]);
    }
    r.control("SH", ["FILES"]);
    let files: &[(&str, &str)] = &[
        (
            "$XDG_DATA_HOME/guidepost/guides/*.toml",
            "The guide library (~/.local/share/guidepost/guides/ when XDG_DATA_HOME is not set; the \
             application data folder on other systems). guidepost new --library ID writes a starter guide there. \
             Only files directly in the folder are guides; files they include may live in subfolders.",
        ),
        (
            "$XDG_STATE_HOME/guidepost/sessions/ID.json",
            "The saved session of each guide, written after every answer and readable only by its owner \
             (~/.local/state/guidepost/sessions/ when XDG_STATE_HOME is not set; $GUIDEPOST_STATE_DIR/sessions/ \
             when that is set). ID.json.previous keeps the session replaced by --fresh; ID.json.corrupt-N a \
             session that could not be read.",
        ),
    ];
    for (path, what) in files {
        r.control("TP", []).text([italic(*path)]).text([roman(*what)]);
    }
    r.control("SH", ["SEE ALSO"]).text([
        roman("The guide format, a tutorial and every diagnostic are described in docs/ in the source; "),
        bold("guidepost explain"),
        roman(" explains any diagnostic code."),
    ]);
    r
}
