//! A page's title from its opening `#` heading, for pages without a
//! `title` in front matter: what Markdown exported from other tools has.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// The text of the level-1 heading that opens the body at `from` (after
/// blank lines and HTML comments), and where the body goes on after it.
/// ATX (`# Title`) and setext (`Title` over `=====`) headings count; the
/// heading's inline Markdown is reduced to its text.
pub fn opening_heading(text: &str, from: usize) -> Option<(String, usize)> {
    opening(text, from).map(|(title, _, after)| (title, after))
}

/// The id the opening heading sets for itself (`# Title {#custom}`), which
/// links may still name once the heading is the page's title.
pub fn opening_heading_id(text: &str, from: usize) -> Option<String> {
    opening(text, from).and_then(|(_, id, _)| id)
}

/// The opening heading's text, its own id, and where the body goes on.
fn opening(text: &str, from: usize) -> Option<(String, Option<String>, usize)> {
    let mut offset = from;
    let mut in_comment = false;
    let mut lines = text[from..].split_inclusive('\n');
    while let Some(line) = lines.next() {
        let start = offset;
        offset += line.len();
        let bare = line.trim();
        if in_comment {
            in_comment = !bare.contains("-->");
            continue;
        }
        if bare.is_empty() {
            continue;
        }
        if let Some(rest) = bare.strip_prefix("<!--") {
            in_comment = !rest.contains("-->");
            if !in_comment
                && !rest
                    .split_once("-->")
                    .is_some_and(|(_, r)| r.trim().is_empty())
            {
                return None;
            }
            continue;
        }
        let indent = line.len() - line.trim_start_matches(' ').len();
        if indent > 3 {
            return None;
        }
        let heading = if let Some(rest) = bare.strip_prefix('#') {
            if !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
                return None;
            }
            (line, offset)
        } else {
            let underline = lines.next()?;
            let under = underline.trim();
            let under_indent = underline.len() - underline.trim_start_matches(' ').len();
            if under.is_empty() || under_indent > 3 || !under.bytes().all(|b| b == b'=') {
                return None;
            }
            (
                &text[start..offset + underline.len()],
                offset + underline.len(),
            )
        };
        let (title, id) = heading_text(heading.0)?;
        return (!title.is_empty()).then_some((title, id, heading.1));
    }
    None
}

/// The plain text of a level-1 heading written in Markdown and its own
/// id, or `None` when the Markdown is not one.
fn heading_text(markdown: &str) -> Option<(String, Option<String>)> {
    let mut events = Parser::new_ext(markdown, crate::markdown::options());
    let id = match events.next()? {
        Event::Start(Tag::Heading {
            level: pulldown_cmark::HeadingLevel::H1,
            id,
            ..
        }) => id.map(|id| id.to_string()),
        _ => return None,
    };
    let mut title = String::new();
    for event in events {
        match event {
            Event::Text(t) | Event::Code(t) => title.push_str(&t),
            Event::SoftBreak | Event::HardBreak => title.push(' '),
            Event::End(TagEnd::Heading(_)) => break,
            _ => {}
        }
    }
    Some((title.split_whitespace().collect::<Vec<_>>().join(" "), id))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn title(text: &str) -> Option<(String, &str)> {
        opening_heading(text, 0).map(|(t, at)| (t, &text[at..]))
    }

    #[test]
    fn atx_and_setext_headings_open_a_page() {
        assert_eq!(
            title("# Retrieve *credentials* `now`\n\nBody"),
            Some(("Retrieve credentials now".into(), "\nBody"))
        );
        assert_eq!(
            title("\n\n# Closed heading ##\nBody"),
            Some(("Closed heading".into(), "Body"))
        );
        assert_eq!(
            title("Setext title\n===\nBody"),
            Some(("Setext title".into(), "Body"))
        );
        assert_eq!(
            title("<!-- a note\nover lines -->\n# After a comment\n"),
            Some(("After a comment".into(), ""))
        );
        assert_eq!(
            title("# With an id {#custom}\n"),
            Some(("With an id".into(), ""))
        );
        assert_eq!(
            opening_heading_id("# With an id {#custom}\n", 0).as_deref(),
            Some("custom")
        );
        assert_eq!(opening_heading_id("# No id\n", 0), None);
    }

    #[test]
    fn other_openings_give_no_title() {
        assert_eq!(title("## Second level\n"), None);
        assert_eq!(title("Text first.\n\n# Heading\n"), None);
        assert_eq!(title("#hashtag\n"), None);
        assert_eq!(title("    # indented code\n"), None);
        assert_eq!(title("Setext two\n---\n"), None);
        assert_eq!(title("# \n"), None);
        assert_eq!(title(""), None);
        assert_eq!(title("<!-- c --> text\n# H\n"), None);
    }
}
