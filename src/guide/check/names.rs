//! What an id and an answer name may be made of, and a usable name to suggest for one that is not.

pub(super) fn is_id(s: &str) -> bool {
    !s.is_empty() && s.len() <= 128 && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

pub(super) fn is_var(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && s.len() <= 128
        && !matches!(s, "and" | "or" | "not" | "in" | "true" | "false" | "answered")
}

/// A usable name close to `s`, for the help of a name that is not one: `pto-days` becomes
/// `pto_days`, `2nd` becomes `n_2nd`, `in` becomes `in_`.
pub(super) fn as_var(s: &str) -> String {
    let mut out: String = s.trim().chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
    if out.starts_with(|c: char| c.is_ascii_digit())
        && let Some((head, tail)) = out.split_once('_')
        && tail.starts_with(|c: char| c.is_ascii_alphabetic())
    {
        // `2nd_insurance` reads best as `insurance_2nd`.
        out = format!("{tail}_{head}");
    }
    if !out.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
        out.insert_str(0, "n_");
    }
    out.truncate(128);
    if !is_var(&out) {
        out.push('_');
    }
    out
}

/// What is wrong with a name that [`is_var`] refuses, in a few words.
pub(super) fn var_problem(s: &str) -> String {
    if matches!(s, "and" | "or" | "not" | "in" | "true" | "false" | "answered") {
        return format!("`{s}` is a word conditions use");
    }
    if s.len() > 128 {
        return "longer than 128 characters".to_string();
    }
    match s.chars().find(|c| !c.is_ascii_alphanumeric() && *c != '_') {
        Some(' ') => "has a space".to_string(),
        Some(c) => format!("has a \"{c}\""),
        None => "starts with a digit".to_string(),
    }
}
