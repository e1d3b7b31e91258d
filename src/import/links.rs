//! Links and images of an imported page, rewritten to where their targets
//! land in quire: renamed pages (`README.md` is `_index.md`, `.mdx` is
//! `.md`), mdBook's `.html` links, MkDocs' folder links, Docusaurus'
//! extensionless and `/docs/…` links.

use std::sync::LazyLock;

use pulldown_cmark::{Event, LinkType, Parser, Tag};
use regex::Regex;

/// A target found: what it resolves to, for [`rewrite`].
pub enum Target {
    /// A page or file of the import, at this path in the new version
    /// folder, with the anchor or query that followed it.
    Moved(String, String),
    /// Written as it is: a root path into `static/`, or a fixed anchor.
    AsIs(String),
}

static HTML_URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)\b(?:src|href)\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)')"#)
        .expect("a valid pattern")
});

/// A link or image destination in a page.
#[derive(Debug, PartialEq, Eq)]
pub struct Destination {
    /// Where it is written, in bytes.
    pub range: std::ops::Range<usize>,
    /// What it says, unescaped.
    pub dest: String,
    /// Whether it is an HTML attribute's value (never wrapped in `<>`).
    pub html: bool,
}

/// The byte ranges of `body`'s link and image destinations, as written,
/// with their destination: inline links and images, reference
/// definitions, and `src`/`href` in raw HTML.
pub fn destinations(body: &str) -> Vec<Destination> {
    let mut found = Vec::new();
    let parser = Parser::new_ext(body, crate::markdown::options());
    let mut parser = parser.into_offset_iter();
    for (event, range) in parser.by_ref() {
        match event {
            Event::Start(Tag::Link {
                link_type: LinkType::Inline,
                dest_url,
                ..
            })
            | Event::Start(Tag::Image {
                link_type: LinkType::Inline,
                dest_url,
                ..
            }) => {
                if let Some(at) = inline_destination(&body[range.clone()]) {
                    let start = range.start + at.start;
                    found.push(Destination {
                        range: start..range.start + at.end,
                        dest: dest_url.to_string(),
                        html: false,
                    });
                }
            }
            Event::Html(_) | Event::InlineHtml(_) => {
                let html = &body[range.clone()];
                for m in HTML_URL.captures_iter(html) {
                    let value = m
                        .name("dq")
                        .or_else(|| m.name("sq"))
                        .expect("one of the two");
                    found.push(Destination {
                        range: range.start + value.start()..range.start + value.end(),
                        dest: value.as_str().to_owned(),
                        html: true,
                    });
                }
            }
            _ => {}
        }
    }
    for (_, definition) in parser.reference_definitions().iter() {
        let span = definition.span.clone();
        let text = &body[span.clone()];
        if let Some(colon) = text.find("]:") {
            let after = &text[colon + 2..];
            let skipped = after.len() - after.trim_start().len();
            let start = colon + 2 + skipped;
            let raw = raw_destination(&text[start..]);
            found.push(Destination {
                range: span.start + start..span.start + start + raw.len(),
                dest: definition.dest.to_string(),
                html: false,
            });
        }
    }
    found.sort_by_key(|d| d.range.start);
    found.dedup_by_key(|d| d.range.start);
    found
}

/// Where the destination of an inline link is in its source `[…](dest "title")`.
fn inline_destination(link: &str) -> Option<std::ops::Range<usize>> {
    let open = link.rfind("](")? + 2;
    let rest = &link[open..];
    let skipped = rest.len() - rest.trim_start().len();
    let start = open + skipped;
    let raw = raw_destination(&link[start..]);
    Some(start..start + raw.len())
}

/// The destination at the start of `text`: `<…>`, or up to a space or
/// the `)` that balances.
fn raw_destination(text: &str) -> &str {
    if text.starts_with('<') {
        return text.find('>').map_or(text, |i| &text[..=i]);
    }
    let mut depth = 0usize;
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' if depth == 0 => return &text[..i],
            ')' => depth -= 1,
            c if c.is_whitespace() => return &text[..i],
            _ => {}
        }
    }
    text
}

/// `body` with each destination `resolve` answers for rewritten: a moved
/// target as a path relative to `from` (the page's new path).
pub fn rewrite(body: &str, from: &str, resolve: &mut dyn FnMut(&str) -> Option<Target>) -> String {
    let mut out = String::with_capacity(body.len());
    let mut last = 0;
    for Destination { range, dest, html } in destinations(body) {
        let Some(target) = resolve(&dest) else {
            continue;
        };
        let new = match target {
            Target::Moved(path, suffix) => format!("{}{suffix}", relative(from, &path)),
            Target::AsIs(text) => text,
        };
        let written = &body[range.clone()];
        let new = if !html && (written.starts_with('<') || new.contains([' ', '(', ')'])) {
            format!("<{new}>")
        } else {
            new
        };
        out.push_str(&body[last..range.start]);
        out.push_str(&new);
        last = range.end;
    }
    out.push_str(&body[last..]);
    out
}

/// The path of `to` relative to the folder of `from` (both relative to
/// the same root, `/`-separated).
pub fn relative(from: &str, to: &str) -> String {
    let from_dir: Vec<&str> = from.split('/').collect();
    let from_dir = &from_dir[..from_dir.len() - 1];
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from_dir
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut parts: Vec<&str> = vec![".."; from_dir.len() - common];
    parts.extend(&to_parts[common..]);
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_kind_of_destination() {
        let body = "[a](one.md#x) ![i](<img/a b.png> \"t\") [r][ref] <img src=\"img/c.png\">\n\n[ref]: ./two.md\n[link (paren)](f(1).md)\n";
        let found: Vec<(&str, String)> = destinations(body)
            .into_iter()
            .map(|d| (&body[d.range], d.dest))
            .collect();
        assert_eq!(
            found,
            [
                ("one.md#x", "one.md#x".to_owned()),
                ("<img/a b.png>", "img/a b.png".to_owned()),
                ("img/c.png", "img/c.png".to_owned()),
                ("./two.md", "./two.md".to_owned()),
                ("f(1).md", "f(1).md".to_owned()),
            ]
        );
    }

    #[test]
    fn rewrites_relative_to_the_new_place() {
        assert_eq!(relative("a/b/page.md", "a/c/x.md"), "../c/x.md");
        assert_eq!(relative("page.md", "a/_index.md"), "a/_index.md");
        assert_eq!(relative("a/_index.md", "a/x.md"), "x.md");
        let body = "[a](README.md#top) and [b](other.html) ![c](<img/x y.png>)";
        let out = rewrite(body, "guide/_index.md", &mut |dest| match dest {
            "README.md#top" => Some(Target::Moved("guide/_index.md".into(), "#top".into())),
            "other.html" => Some(Target::Moved("guide/other.md".into(), String::new())),
            "img/x y.png" => Some(Target::Moved("guide/img/x y.png".into(), String::new())),
            _ => None,
        });
        assert_eq!(
            out,
            "[a](_index.md#top) and [b](other.md) ![c](<img/x y.png>)"
        );
    }
}
