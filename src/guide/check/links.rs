//! Where links may lead: web pages, phone numbers, email addresses and resources.

/// How to write a link target that is not one: a phone number needs `tel:`, a web address its
/// `https://`.
pub(super) fn link_help(url: &str) -> String {
    let phone = !url.is_empty() && url.chars().all(|c| c.is_ascii_digit() || " +-().".contains(c));
    if phone {
        let digits: String = url.chars().filter(|c| !c.is_whitespace()).collect();
        format!(
            "for a phone number write tel: before it, as in (tel:{digits}); for a web page write https://…; for a resource, resource:ID"
        )
    } else if url.contains('.') && !url.contains(' ') && !url.contains(':') {
        format!(
            "write the whole web address, starting with https:// as in (https://{url}); for a resource, resource:ID"
        )
    } else {
        "link to a web page as https://…, to a phone number as tel:…, to an email address as mailto:…, or to a \
         resource as resource:ID"
            .to_string()
    }
}

/// Is this a URL a person can safely be sent to?
pub fn is_safe_url(url: &str) -> bool {
    (url.starts_with("https://") || url.starts_with("http://"))
        && url.len() > 8
        && url.bytes().all(|b| b.is_ascii_graphic())
}
