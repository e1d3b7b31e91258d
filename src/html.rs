//! HTML escaping, for text placed in element content and attribute values:
//! one function, used by the Markdown stage, the sidebar, generated pages
//! and the templates (as Tera's escape function).

/// Escapes text for HTML element content and attribute values.
pub(crate) fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    escape_html_into(&mut out, text);
    out
}

/// [`escape_html`] appending to `out`: runs of plain text are copied whole.
pub(crate) fn escape_html_into(out: &mut String, text: &str) {
    escape_in_runs(text, |run| out.push_str(run));
}

/// [`escape_html`] written to `out`, as Tera asks of an escaper: runs of
/// plain text written whole, with nothing allocated.
pub(crate) fn escape_html_to(out: &mut dyn std::io::Write, text: &str) -> std::io::Result<()> {
    let mut result = Ok(());
    escape_in_runs(text, |run| {
        if result.is_ok() {
            result = out.write_all(run.as_bytes());
        }
    });
    result
}

/// Gives `text` escaped for HTML to `put`, as runs of plain text and
/// entities.
fn escape_in_runs<'t>(text: &'t str, mut put: impl FnMut(&'t str)) {
    let bytes = text.as_bytes();
    let mut plain = 0;
    // Found by vector scans, not byte by byte: most text has none.
    while let Some(found) = next_special(&bytes[plain..]) {
        let i = plain + found;
        let entity = match bytes[i] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        };
        if plain < i {
            put(&text[plain..i]);
        }
        put(entity);
        plain = i + 1;
    }
    if plain < text.len() {
        put(&text[plain..]);
    }
}

/// Where the first of `& < > " '` is in `bytes`.
fn next_special(bytes: &[u8]) -> Option<usize> {
    let markup = memchr::memchr3(b'&', b'<', b'>', bytes);
    let quote = memchr::memchr2(b'"', b'\'', &bytes[..markup.unwrap_or(bytes.len())]);
    quote.or(markup)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes_only() {
        assert_eq!(
            escape_html(r#"<a href="x">Tom & 'Jerry'</a> / é"#),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt; / é"
        );
        assert_eq!(escape_html(""), "");
        assert_eq!(escape_html("&"), "&amp;");
    }

    #[test]
    fn the_escaper_tera_calls_writes_the_same() {
        for text in [
            "",
            "&",
            "plain",
            "<a href=\"x\">Tom & 'Jerry'</a> / é",
            "a<",
            ">b",
        ] {
            let mut written = Vec::new();
            escape_html_to(&mut written, text).expect("write");
            assert_eq!(
                String::from_utf8(written).expect("utf-8"),
                escape_html(text)
            );
        }
    }
}
