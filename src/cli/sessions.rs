//! `guidepost sessions`: the saved sessions, and deleting one.

use std::io::Write;

use clap::Args;

use super::{CliError, write_out};
use crate::store::{Store, StoreError, Summary};
use crate::write::shown;

/// Options of `sessions`.
#[derive(Debug, Args, Clone)]
pub struct SessionsArgs {
    /// Delete the saved session of this guide id.
    #[arg(long, value_name = "ID")]
    pub delete: Option<String>,
}

fn store_error(e: &StoreError) -> CliError {
    CliError::io(e.to_string())
}

/// "5 answers · saved 2026-11-27 14:03 UTC · in progress".
fn facts(s: &Summary) -> String {
    if let Some(p) = &s.problem {
        return format!("cannot be used: {}", p.describe());
    }
    let answers = if s.answers == 1 { "1 answer".to_string() } else { format!("{} answers", s.answers) };
    let saved = s.saved_at.map(|t| format!(" · saved {}", t.short())).unwrap_or_default();
    let state = if s.finished { "finished" } else { "in progress" };
    format!("{answers}{saved} · {state}")
}

/// Runs `sessions`.
pub fn run(args: &SessionsArgs, out: &mut dyn Write) -> Result<u8, CliError> {
    let store = Store::open().map_err(|e| store_error(&e))?;
    if let Some(id) = &args.delete {
        let gone = store.delete(id).map_err(|e| store_error(&e))?;
        let title = gone.title.as_deref().map(|t| format!(" ({t})")).unwrap_or_default();
        write_out(out, &format!("Deleted the saved session for {}{title}: {}.\n", gone.id, facts(&gone)))?;
        return Ok(0);
    }
    let list = store.list().map_err(|e| store_error(&e))?;
    let mut text = String::new();
    if list.is_empty() {
        text.push_str(&format!(
            "No saved sessions. A session is saved in {} as soon as you answer a question.\n",
            shown(store.dir())
        ));
    } else {
        let width = list.iter().map(|s| s.id.len()).max().unwrap_or(0).max(12);
        for s in &list {
            let title = s.title.as_deref().unwrap_or("(unknown guide)");
            text.push_str(&format!("{:<width$}  {title}\n{:<width$}  {}\n", s.id, "", facts(s)));
            if s.separate {
                // Found by file, not by id: `--resume` and `--delete` take the guide's own session.
                text.push_str(&format!("{:<width$}  a separate walk, saved on its own in {}\n", "", shown(&s.path)));
            }
        }
        text.push_str(&format!(
            "\nSaved in {}.\nRun a guide again to resume it; delete a session with `guidepost sessions --delete ID`.\n",
            shown(store.dir())
        ));
    }
    write_out(out, &text)?;
    Ok(0)
}
