//! The session file: what is written after every answer, and how a file is judged when read.
//!
//! The file is JSON rather than TOML on purpose: a JSON object only parses once its closing
//! brace is there, so a file cut short can never be mistaken for a shorter, valid session.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::time::Timestamp;
use crate::engine::Session;
use crate::engine::replay::question_fingerprint;
use crate::guide::{Guide, Value};

/// The version of the session file's shape. A file with a higher number was written by a newer
/// guidepost and is set aside rather than misread.
pub const SESSION_FORMAT: u32 = 1;

/// Which guide a session belongs to, and which version of it the answers were given against.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GuideStamp {
    /// The guide's id (also the file name).
    pub id: String,
    /// Its title then, so a list of sessions can name it without loading the guide.
    pub title: String,
    /// Its content version then.
    pub version: String,
    /// [`Guide::content_hash`] then: a change means the answers are replayed with care.
    pub content_hash: String,
    /// The guide file it was loaded from, when it was not built in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
}

/// Where and when the person saved their checklist, so a resumed session can say so.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedChecklist {
    /// The file written.
    pub path: PathBuf,
    /// When.
    pub at: Timestamp,
    /// What the checklist said ([`crate::export::fingerprint`]), to tell whether it has changed
    /// since; absent in sessions saved before it was kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fingerprint: Option<String>,
}

/// Everything a session file holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// [`SESSION_FORMAT`] when written.
    pub format: u32,
    /// The guide.
    pub guide: GuideStamp,
    /// When this was written.
    pub saved_at: Timestamp,
    /// Whether the person had reached an end of the guide.
    #[serde(default)]
    pub finished: bool,
    /// Every answer ever given, those off the current path included.
    #[serde(default)]
    pub answers: BTreeMap<String, Value>,
    /// [`question_fingerprint`] of each answered question when it was answered.
    #[serde(default)]
    pub fingerprints: BTreeMap<String, String>,
    /// Node ids of the pages and questions walked, the current one last.
    #[serde(default)]
    pub path: Vec<String>,
    /// Checklist items the person ticked.
    #[serde(default)]
    pub ticked: BTreeSet<String>,
    /// Whether and where the checklist was saved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checklist: Option<SavedChecklist>,
}

impl Record {
    /// The record of a session as it stands now.
    pub fn of(guide: &Guide, session: &Session, checklist: Option<&SavedChecklist>, saved_at: Timestamp) -> Record {
        let answers = session.all_answers();
        let fingerprints = answers
            .keys()
            .filter_map(|var| guide.var_node(var).map(|id| (var.clone(), question_fingerprint(guide.node(id)))))
            .collect();
        let file = guide
            .sources
            .files()
            .first()
            .and_then(|f| f.path.as_ref())
            .map(|p| std::path::absolute(p).unwrap_or_else(|_| p.clone()).display().to_string());
        Record {
            format: SESSION_FORMAT,
            guide: GuideStamp {
                id: guide.meta.id.clone(),
                title: guide.meta.title.clone(),
                version: guide.meta.version.clone(),
                content_hash: guide.content_hash(),
                file,
            },
            saved_at,
            finished: session.is_finished(guide),
            answers,
            fingerprints,
            path: session.history().iter().map(|v| guide.node(v.node).key.clone()).collect(),
            ticked: session.ticked().clone(),
            checklist: checklist.cloned(),
        }
    }

    /// The file's text.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_else(|_| "{}".to_string());
        s.push('\n');
        s
    }

    /// True when the record holds something worth keeping: an answer, a tick, or a step taken.
    pub fn has_progress(&self) -> bool {
        !self.answers.is_empty() || !self.ticked.is_empty() || self.path.len() > 1
    }
}

/// Why a session file cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The file ends before the session does: it was cut short.
    Truncated,
    /// The file is not a session file, or is damaged; the detail says where.
    Damaged(String),
    /// A newer guidepost wrote it, in a shape this one does not know.
    Newer(u64),
    /// It belongs to a different guide than its name says.
    OtherGuide(String),
}

impl Problem {
    /// The reason, for a person.
    pub fn describe(&self) -> String {
        match self {
            Problem::Truncated => "the file is cut short".to_string(),
            Problem::Damaged(detail) => format!("the file is damaged ({detail})"),
            Problem::Newer(n) => format!(
                "it was written by a newer version of guidepost (session format {n}; this version reads format {SESSION_FORMAT})"
            ),
            Problem::OtherGuide(id) => format!("it belongs to another guide (\"{id}\")"),
        }
    }

    /// The word put in the name of a file that is set aside for this reason.
    pub fn suffix(&self) -> &'static str {
        match self {
            Problem::Newer(_) => "newer",
            _ => "corrupt",
        }
    }
}

/// Reads a session file's bytes, checking that it is whole, of a known format, and for the
/// guide `expected_id`.
pub fn parse(bytes: &[u8], expected_id: &str) -> Result<Record, Problem> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Problem::Truncated);
    }
    let value: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| {
        if e.is_eof() {
            Problem::Truncated
        } else {
            Problem::Damaged(format!("line {}, column {}", e.line(), e.column()))
        }
    })?;
    let Some(format) = value.get("format").and_then(serde_json::Value::as_u64) else {
        return Err(Problem::Damaged("it has no format number".to_string()));
    };
    if format > u64::from(SESSION_FORMAT) {
        return Err(Problem::Newer(format));
    }
    if format == 0 {
        return Err(Problem::Damaged("format 0 does not exist".to_string()));
    }
    let record: Record = serde_json::from_value(value).map_err(|e| Problem::Damaged(clean_detail(&e.to_string())))?;
    if record.guide.id != expected_id {
        return Err(Problem::OtherGuide(crate::guide::text::sanitize_line(&record.guide.id).into_owned()));
    }
    Ok(record)
}

/// serde's message, on one line and without anything a terminal could act on.
fn clean_detail(s: &str) -> String {
    let s = crate::guide::text::sanitize_line(s);
    let mut out: String = s.chars().take(120).collect();
    if s.chars().count() > 120 {
        out.push('…');
    }
    out
}
