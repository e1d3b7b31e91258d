//! Front matter: the YAML between the `---` lines at the top of a page.
//!
//! Errors are placed in the Markdown file, not in the YAML fragment: the
//! fragment's offsets are shifted by where it starts in the file.

use std::path::Path;

use serde::Deserialize;

use super::date::Date;
use crate::diagnostics::{Code, Diagnostic, Position};

/// What a writer can set at the top of a page.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    /// The page's title: its heading, tab name and link text.
    pub title: String,
    /// A sentence for the meta description and listings.
    #[serde(default)]
    pub description: Option<String>,
    /// The last URL segment, instead of the file's name.
    #[serde(default)]
    pub slug: Option<String>,
    /// Position among its siblings; lower first.
    #[serde(default)]
    pub order: Option<i64>,
    /// The "Updated" date, `YYYY-MM-DD`.
    #[serde(default)]
    pub updated: Option<String>,
    /// Built only with `--drafts` (and by `quire serve`).
    #[serde(default)]
    pub draft: bool,
    /// Old paths that redirect here, normalised to `/old/path/`.
    #[serde(default)]
    pub aliases: Vec<String>,
}

impl FrontMatter {
    /// Whether a page with `other` instead of this front matter keeps its
    /// place: the same title, order, draft state, aliases and description,
    /// which other pages show (navigation, listings, redirects). Only then
    /// can the page be re-rendered alone.
    pub fn same_place(&self, other: &FrontMatter) -> bool {
        self.title == other.title
            && self.order == other.order
            && self.draft == other.draft
            && self.aliases == other.aliases
            && self.description == other.description
            && self.slug == other.slug
    }
}

/// The keys front matter may have.
pub const KEYS: &[&str] = &[
    "title",
    "description",
    "slug",
    "order",
    "updated",
    "draft",
    "aliases",
];

/// A page split into its front matter and its body.
#[derive(Debug)]
pub struct Split<'a> {
    /// The YAML between the `---` lines.
    pub yaml: &'a str,
    /// Where the YAML starts in the file, in bytes.
    pub yaml_start: usize,
    /// Where the Markdown body starts in the file, in bytes.
    pub body_start: usize,
}

/// Finds the front matter block. `text` is the whole file.
pub fn split<'a>(text: &'a str, file: &Path) -> Result<Split<'a>, Diagnostic> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let rest = &text[start..];
    let first_line_end = rest.find('\n').map_or(rest.len(), |i| i + 1);
    if rest[..first_line_end].trim_end() != "---" {
        return Err(Diagnostic::error(
            Code::FrontMatterMissing,
            file,
            Position::START,
            "this page has no front matter",
        )
        .with_help(
            "start the file with a line `---`, then `title: Your page title`, then another `---`",
        ));
    }
    let yaml_start = start + first_line_end;
    let mut offset = yaml_start;
    for line in text[yaml_start..].split_inclusive('\n') {
        let bare = line.trim_end();
        if bare == "---" || bare == "..." {
            return Ok(Split {
                yaml: &text[yaml_start..offset],
                yaml_start,
                body_start: offset + line.len(),
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::error(
        Code::FrontMatterUnclosed,
        file,
        Position::of(text, start),
        "the front matter is never closed",
    )
    .with_help("add a line `---` after the last front matter line"))
}

/// The most YAML quire hands to the YAML parser at once, in bytes: front
/// matter is a few lines, and deeply nested or huge YAML parses slowly.
pub const MAX_YAML_BYTES: usize = 64 * 1024;
/// The deepest nesting of `[` and `{` quire hands to the YAML parser.
pub const MAX_YAML_NESTING: usize = 32;

/// Why `yaml` is refused before parsing, if it is: too large or too
/// deeply nested. The offset is where the limit is crossed.
pub fn over_limits(yaml: &str) -> Option<(usize, String)> {
    if yaml.len() > MAX_YAML_BYTES {
        return Some((
            0,
            format!(
                "is {} KB; quire reads at most {} KB of YAML here",
                yaml.len().div_ceil(1024),
                MAX_YAML_BYTES / 1024
            ),
        ));
    }
    let mut depth = 0usize;
    let mut quote: Option<u8> = None;
    let mut comment = false;
    for (i, b) in yaml.bytes().enumerate() {
        match (quote, b) {
            (_, b'\n') => {
                comment = false;
                continue;
            }
            _ if comment => continue,
            (Some(q), b) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'#') => comment = true,
            (None, b'[' | b'{') => {
                depth += 1;
                if depth > MAX_YAML_NESTING {
                    return Some((
                        i,
                        format!("nests `[` and `{{` more than {MAX_YAML_NESTING} deep"),
                    ));
                }
            }
            (None, b']' | b'}') => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// Parses the YAML of `split` into [`FrontMatter`] and checks its values.
pub fn parse(text: &str, split: &Split<'_>, file: &Path) -> Result<FrontMatter, Vec<Diagnostic>> {
    let at = |offset: usize| Position::of(text, offset);
    if let Some((offset, why)) = over_limits(split.yaml) {
        return Err(vec![Diagnostic::error(
            Code::FrontMatterTooLarge,
            file,
            at(split.yaml_start + offset),
            format!("this front matter {why}"),
        )
        .with_help("front matter holds a page's title and a few settings; move long text into the page itself")]);
    }
    if split.yaml.trim().is_empty() {
        return Err(vec![
            Diagnostic::error(
                Code::FrontMatterTitle,
                file,
                at(split.yaml_start),
                "the front matter is empty; every page needs a `title`",
            )
            .with_help("add a line `title: Your page title` between the `---` lines"),
        ]);
    }
    let front: FrontMatter = serde_yaml::from_str(split.yaml).map_err(|e| {
        let offset = e
            .location()
            .map_or(split.yaml_start, |l| split.yaml_start + l.index());
        vec![yaml_error(&e.to_string(), file, at(offset))]
    })?;
    let mut problems = Vec::new();
    if front.title.trim().is_empty() {
        problems.push(
            Diagnostic::error(
                Code::FrontMatterTitle,
                file,
                key_position(text, split, "title"),
                "`title` is empty",
            )
            .with_help("give the page a title; it is its heading, its tab name and its link text"),
        );
    }
    if let Some(updated) = &front.updated
        && Date::parse_iso(updated).is_none()
    {
        problems.push(
            Diagnostic::error(
                Code::FrontMatterUpdated,
                file,
                key_position(text, split, "updated"),
                format!("`updated: {updated}` is not a date"),
            )
            .with_help("write the date as YYYY-MM-DD, e.g. `updated: 2026-11-26`"),
        );
    }
    if let Some(slug) = &front.slug
        && (slug.is_empty()
            || slug.starts_with('.')
            || !slug
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
    {
        problems.push(Diagnostic::error(
            Code::FrontMatterSlug,
            file,
            key_position(text, split, "slug"),
            format!("`slug: {slug}` cannot be part of a URL"),
        )
        .with_help("use letters, digits, `-`, `_` and `.`, not starting with `.`, e.g. `slug: dynamics-365`"));
    }
    let mut front = front;
    for alias in &mut front.aliases {
        match normalise_alias(alias) {
            Ok(normal) => *alias = normal,
            Err(why) => {
                problems.push(Diagnostic::error(
                    Code::FrontMatterAliases,
                    file,
                    value_position(text, split, "aliases", alias),
                    format!("alias `{}` {why}", alias.escape_debug()),
                )
                .with_help("write aliases as paths on this site such as `/old/path/`, made of letters, digits, `-`, `_` and `.`"));
            }
        }
    }
    if problems.is_empty() {
        Ok(front)
    } else {
        Err(problems)
    }
}

/// An alias as the path of the redirect page it makes: `/a//b` and `a/b`
/// are `/a/b/`. Refuses what is not a plain path on this site.
pub fn normalise_alias(alias: &str) -> Result<String, &'static str> {
    if alias.chars().any(char::is_control) {
        return Err("holds a control character");
    }
    if alias.contains("://") || alias.starts_with("//") {
        return Err("is a URL of another site; an alias is a path on this one");
    }
    if alias.contains(['?', '#', '\\', ':', '%']) || alias.chars().any(char::is_whitespace) {
        return Err(
            "holds a character that cannot be part of a path here (`?`, `#`, `\\`, `:`, `%` or a space)",
        );
    }
    let mut out = String::from("/");
    for segment in alias.split('/') {
        match segment {
            "" => {}
            "." | ".." => return Err("has a `.` or `..` segment"),
            s => {
                out.push_str(s);
                out.push('/');
            }
        }
    }
    if out == "/" {
        return Err("is the site's home page; an alias must be the path of an old page");
    }
    Ok(out)
}

/// A serde_yaml message without the " at line L column C" it appends:
/// that is the fragment's position, and quire reports the file's own.
pub(crate) fn without_location(message: &str) -> &str {
    match message.find(" at line ") {
        Some(i) => &message[..i],
        None => message,
    }
}

fn yaml_error(message: &str, file: &Path, position: Position) -> Diagnostic {
    let message = without_location(message);
    let mut diagnostic = Diagnostic::error(
        Code::FrontMatterInvalid,
        file,
        position,
        format!("front matter: {message}"),
    );
    if message.contains("missing field `title`") {
        diagnostic.code = Code::FrontMatterTitle;
        diagnostic =
            diagnostic.with_help("add a line `title: Your page title` between the `---` lines");
    } else if let Some(unknown) = message
        .strip_prefix("unknown field `")
        .and_then(|m| m.split('`').next())
    {
        diagnostic.code = Code::FrontMatterUnknownKey;
        let help = match did_you_mean(unknown, KEYS) {
            Some(known) => format!("did you mean `{known}`? The keys are: {}", KEYS.join(", ")),
            None => format!("remove it; the keys are: {}", KEYS.join(", ")),
        };
        diagnostic = diagnostic.with_help(help);
    } else {
        diagnostic = diagnostic.with_help(
            "front matter is YAML: `key: value` per line; quote values that contain `: ` or start with `[`, `{`, `*` or `&`",
        );
    }
    diagnostic
}

/// Where `value` is written below `key:` in the front matter (a list
/// entry), or where `key:` is.
pub fn value_position(text: &str, split: &Split<'_>, key: &str, value: &str) -> Position {
    let key_at = key_position(text, split, key);
    let first_line = text[..split.yaml_start].matches('\n').count() + 1;
    let mut offset = split.yaml_start;
    for (n, line) in split.yaml.split_inclusive('\n').enumerate() {
        let line_number = first_line + n;
        if line_number >= key_at.line
            && let Some(i) = line.find(value)
        {
            return Position::of(text, offset + i);
        }
        offset += line.len();
    }
    key_at
}

/// Where `key:` starts in the front matter, or its first line.
fn key_position(text: &str, split: &Split<'_>, key: &str) -> Position {
    let mut offset = split.yaml_start;
    for line in split.yaml.split_inclusive('\n') {
        if line
            .strip_prefix(key)
            .is_some_and(|r| r.trim_start().starts_with(':'))
        {
            return Position::of(text, offset);
        }
        offset += line.len();
    }
    Position::of(text, split.yaml_start)
}

/// The closest known word within two edits, for "did you mean" help.
pub fn did_you_mean<'a>(word: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (edit_distance(word, k), *k))
        .filter(|(d, _)| *d <= 2)
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != *cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<FrontMatter, Diagnostic> {
        let file = Path::new("p.md");
        let split = split(text, file)?;
        parse(text, &split, file).map_err(|mut found| found.remove(0))
    }

    #[test]
    fn splits_and_parses() {
        let front = load("---\ntitle: Hello\norder: 3\n---\nBody").expect("valid");
        assert_eq!(front.title, "Hello");
        assert_eq!(front.order, Some(3));
    }

    #[test]
    fn errors_are_placed_in_the_file() {
        let err = load("---\ntitle: Hello\norder: [1\n---\n").expect_err("bad yaml");
        assert_eq!(err.code, Code::FrontMatterInvalid);
        assert!(err.position.line >= 3, "{:?}", err.position);
        let err = load("---\ntitel: Hello\n---\n").expect_err("unknown key");
        assert_eq!(err.code, Code::FrontMatterUnknownKey);
        assert_eq!(err.position, Position { line: 2, col: 1 });
        assert!(err.help.as_deref().unwrap_or("").contains("`title`"));
        let err = load("---\ndescription: x\n---\n").expect_err("no title");
        assert_eq!(err.code, Code::FrontMatterTitle);
        let err = load("# Just markdown\n").expect_err("no front matter");
        assert_eq!(err.code, Code::FrontMatterMissing);
        let err = load("---\ntitle: x\n").expect_err("unclosed");
        assert_eq!(err.code, Code::FrontMatterUnclosed);
        let err = load("---\ntitle: x\nupdated: 26/11/2026\n---\n").expect_err("date");
        assert_eq!(err.position, Position { line: 3, col: 1 });
    }

    #[test]
    fn did_you_mean_finds_close_keys() {
        assert_eq!(did_you_mean("titel", KEYS), Some("title"));
        assert_eq!(did_you_mean("alias", KEYS), Some("aliases"));
        assert_eq!(did_you_mean("colour", KEYS), None);
    }
}
