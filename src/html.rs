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
    // The next `& < >` and the next quote, found by vector scans (most
    // text has none), each searched for again only once passed: every
    // byte is scanned once for each kind.
    let markup_from = |from: usize| {
        memchr::memchr3(b'&', b'<', b'>', &bytes[from..]).map_or(bytes.len(), |i| from + i)
    };
    let quote_from = |from: usize| {
        memchr::memchr2(b'"', b'\'', &bytes[from..]).map_or(bytes.len(), |i| from + i)
    };
    let (mut markup, mut quote) = (markup_from(0), quote_from(0));
    let mut plain = 0;
    while markup.min(quote) < bytes.len() {
        let i = markup.min(quote);
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
        if markup == i {
            markup = markup_from(plain);
        } else {
            quote = quote_from(plain);
        }
    }
    if plain < text.len() {
        put(&text[plain..]);
    }
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

    proptest::proptest! {
        /// The runs give what escaping byte by byte gives, quotes and
        /// markup mixed in any order.
        #[test]
        fn escaping_agrees_with_byte_by_byte(text in "[a&<>\"' é]{0,40}") {
            let mut expected = String::new();
            for c in text.chars() {
                match c {
                    '&' => expected.push_str("&amp;"),
                    '<' => expected.push_str("&lt;"),
                    '>' => expected.push_str("&gt;"),
                    '"' => expected.push_str("&quot;"),
                    '\'' => expected.push_str("&#39;"),
                    c => expected.push(c),
                }
            }
            proptest::prop_assert_eq!(escape_html(&text), expected);
        }
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
