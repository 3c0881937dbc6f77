//! `[resources.ID]`: a title and a way to reach it; and resources nothing uses.

use super::Checker;
use super::links::is_safe_url;
use crate::guide::diagnostic::{Code, Diagnostic};
use crate::guide::model::{Resource, ResourceId};
use crate::guide::raw::RawResource;

/// Converts the resources, in the order of their ids. Their text may link to other resources,
/// so this runs once every id is known.
pub(super) fn convert_resources(c: &mut Checker<'_>, resources: &[&RawResource]) -> Vec<Resource> {
    resources.iter().map(|r| convert_resource(c, r)).collect()
}

fn convert_resource(c: &mut Checker<'_>, r: &RawResource) -> Resource {
    let what = format!("resource `{}`", r.id.v);
    let title = c.opt_text(r.title.as_ref(), || format!("the title of {what}"), false).unwrap_or_else(|| {
        c.missing(r.id.file, r.id.span.clone(), "title", &what, "add title = \"…\"");
        r.id.v.clone()
    });
    if let Some(u) = &r.url
        && !is_safe_url(&u.v)
    {
        let d =
            Diagnostic::new(Code::BadLink, u.file, u.span.clone(), format!("the url of {what} is not a web address"))
                .label("expected https://…")
                .help("write the full address, starting with https://");
        c.push(d);
    }
    if r.url.is_none() && r.phone.is_none() {
        c.missing(
            r.id.file,
            r.id.span.clone(),
            "url",
            &what,
            "give a resource a url, a phone, or both, so people can reach it",
        );
    }
    let phone = c.opt_text(r.phone.as_ref(), || format!("the phone of {what}"), false);
    let text = c.opt_text(r.text.as_ref(), || format!("the text of {what}"), true);
    Resource { key: r.id.v.clone(), title, url: r.url.as_ref().map(|u| u.v.clone()), phone, text }
}

/// Warns about resources no item or link uses. When some reference names a resource that does
/// not exist, it probably meant one of these, so calling them unused would only add noise.
pub(super) fn report_unused_resources(c: &mut Checker<'_>, resources: &[&RawResource]) {
    if c.diags.iter().any(|d| d.code == Code::UnknownResource) {
        return;
    }
    for (i, r) in resources.iter().enumerate() {
        if !c.used_resources.contains(&ResourceId(i as u32)) {
            let d = Diagnostic::new(
                Code::UnusedResource,
                r.id.file,
                r.id.span.clone(),
                format!("resource \"{}\" is not used by any checklist item or link", r.id.v),
            )
            .label("never used")
            .help("attach it to an item with resources = [\"…\"], link it as [label](resource:ID), or remove it");
            c.push(d);
        }
    }
}
