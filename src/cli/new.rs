//! `guidepost new PATH`: writes a small working guide to start from.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::{CliError, write_out};
use crate::authoring::starter;
use crate::guide::load::io_reason;
use crate::guide::raw::Date;
use crate::guide::text::sanitize_line;

/// Options of `new`.
#[derive(Debug, Args, Clone)]
pub struct NewArgs {
    /// Where to write the guide (it must not exist yet), e.g. my-guide.toml.
    #[arg(value_name = "PATH")]
    pub path: PathBuf,
}

/// Runs `new`: refuses to overwrite anything, writes the starter, says what to do next.
pub fn run(args: &NewArgs, out: &mut dyn Write) -> Result<u8, CliError> {
    let shown = sanitize_line(&args.path.display().to_string()).into_owned();
    let text = starter::starter(&args.path, Date::today());
    // `create_new` refuses an existing file atomically, so nothing an author wrote is overwritten.
    let file = std::fs::OpenOptions::new().write(true).create_new(true).open(&args.path);
    let mut file = match file {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(CliError::io(format!(
                "{shown} already exists; choose another name, or move the file away first (nothing was written)"
            )));
        }
        Err(e) => return Err(CliError::io(format!("cannot create {shown}: {}", io_reason(&e)))),
    };
    let written = file.write_all(text.as_bytes()).and_then(|()| file.sync_all());
    if let Err(e) = written {
        drop(file);
        let _ = std::fs::remove_file(&args.path);
        return Err(CliError::io(format!("cannot write {shown}: {}", io_reason(&e))));
    }
    let id = starter::id_from_path(&args.path);
    let arg = starter::shell_word(&shown);
    write_out(
        out,
        &format!(
            "Wrote {shown}: a small working guide with id \"{id}\" that uses every part of the format.\n\
             Next:\n  guidepost validate --strict {arg}   check it\n  guidepost test {arg}                run its scenarios\n  guidepost {arg}                     walk through it\n\
             docs/authoring.md is a step-by-step tutorial; docs/guide-format.md is the reference.\n"
        ),
    )?;
    Ok(0)
}
