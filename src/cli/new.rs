//! `guidepost new PATH` (or `new --library ID`): writes a small working guide to start from.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Args;

use super::{CliError, is_subcommand, write_out};
use crate::authoring::starter;
use crate::guide::load::io_reason;
use crate::guide::raw::Date;
use crate::guide::text::sanitize_line;
use crate::library::Library;

/// Options of `new`.
#[derive(Debug, Args, Clone)]
#[group(required = true, multiple = false, id = "target")]
pub struct NewArgs {
    /// Where to write the guide (it must not exist yet), e.g. my-guide.toml.
    #[arg(value_name = "PATH", group = "target")]
    pub path: Option<PathBuf>,
    /// Write the guide into the library as ID.toml, so `guidepost ID` runs it from anywhere.
    #[arg(long, value_name = "ID", group = "target")]
    pub library: Option<String>,
}

/// Runs `new`: refuses to overwrite anything, writes the starter, says what to do next.
pub fn run(args: &NewArgs, out: &mut dyn Write) -> Result<u8, CliError> {
    match (&args.path, &args.library) {
        (_, Some(id)) => {
            let dir = crate::library::library_dir()
                .ok_or_else(|| CliError::io("cannot find the library folder: the home folder is unknown"))?;
            into_library(&Library::from_env(), &dir, id, out)
        }
        (Some(path), None) => write_starter(path, None, out),
        (None, None) => Err(CliError::io("name a file to write, or give --library ID")),
    }
}

/// Writes the starter as `dir/ID.toml`, refusing an id that would not run it: a bad one, a
/// command's name, or one some guide already has.
pub fn into_library(library: &Library, dir: &Path, id: &str, out: &mut dyn Write) -> Result<u8, CliError> {
    library.check_new_id(id, &is_subcommand).map_err(CliError::io)?;
    std::fs::create_dir_all(dir).map_err(|e| {
        CliError::io(format!(
            "cannot create the library folder {}: {}",
            sanitize_line(&dir.display().to_string()),
            io_reason(&e)
        ))
    })?;
    write_starter(&dir.join(format!("{id}.toml")), Some(id), out)
}

/// Writes the starter guide at `path`; `id` is set when it went into the library, so the next
/// steps name the guide by id.
fn write_starter(path: &Path, library_id: Option<&str>, out: &mut dyn Write) -> Result<u8, CliError> {
    let shown = sanitize_line(&path.display().to_string()).into_owned();
    let text = starter::starter(path, Date::today());
    // `create_new` refuses an existing file atomically, so nothing an author wrote is overwritten.
    let file = std::fs::OpenOptions::new().write(true).create_new(true).open(path);
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
        let _ = std::fs::remove_file(path);
        return Err(CliError::io(format!("cannot write {shown}: {}", io_reason(&e))));
    }
    let id = starter::id_from_path(path);
    let arg = library_id.map_or_else(|| starter::shell_word(&shown), str::to_string);
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
