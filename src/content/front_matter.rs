//! Front matter: the YAML between the `---` lines at the top of a page.
//!
//! Errors are placed in the Markdown file, not in the YAML fragment: the
//! fragment's offsets are shifted by where it starts in the file.

use std::path::Path;

use serde::Deserialize;

use super::date::Date;
use crate::diagnostics::{Code, Diagnostic, Position};

/// What a writer can set at the top of a page.
///
/// Keys quire does not read are not refused here: [`parse`] reports them,
/// as a typo of a quire key (an error) or as another tool's key (a
/// warning), so that pages brought from other tools still build.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct FrontMatter {
    /// The page's title: its heading, tab name and link text. Empty when
    /// the front matter has none; the page's first `#` heading gives it.
    #[serde(default)]
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

/// Finds the front matter block, if the page has one. `text` is the
/// whole file.
pub fn split<'a>(text: &'a str, file: &Path) -> Result<Option<Split<'a>>, Diagnostic> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let rest = &text[start..];
    let first_line_end = rest.find('\n').map_or(rest.len(), |i| i + 1);
    if rest[..first_line_end].trim_end() != "---" {
        return Ok(None);
    }
    let yaml_start = start + first_line_end;
    let mut offset = yaml_start;
    for line in text[yaml_start..].split_inclusive('\n') {
        let bare = line.trim_end();
        if bare == "---" || bare == "..." {
            return Ok(Some(Split {
                yaml: &text[yaml_start..offset],
                yaml_start,
                body_start: offset + line.len(),
            }));
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
/// Returns it with warnings for keys of other tools, which are ignored.
/// An empty `title` is the caller's to fill from the page's heading.
pub fn parse(
    text: &str,
    split: &Split<'_>,
    file: &Path,
) -> Result<(FrontMatter, Vec<Diagnostic>), Vec<Diagnostic>> {
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
    let keys = if split.yaml.trim_start().starts_with('{') {
        // `{title: X, order: 2}`: one line of keys, placed at its start.
        let start = split.yaml.len() - split.yaml.trim_start().len();
        serde_yaml::from_str::<serde_yaml::Mapping>(split.yaml)
            .map(|map| {
                map.keys()
                    .filter_map(|k| k.as_str())
                    .map(|k| (std::borrow::Cow::Owned(k.to_owned()), start))
                    .collect()
            })
            .unwrap_or_default()
    } else {
        top_level_keys(split.yaml)
            .into_iter()
            .map(|(k, at)| (std::borrow::Cow::Borrowed(k), at))
            .collect::<Vec<_>>()
    };
    let front: FrontMatter = if keys.is_empty() && only_comments(split.yaml) {
        FrontMatter::default()
    } else if let Some(front) = plain_lines(split.yaml) {
        front
    } else {
        serde_yaml::from_str(split.yaml).map_err(|e| {
            let offset = e
                .location()
                .map_or(split.yaml_start, |l| split.yaml_start + l.index());
            vec![yaml_error(&e.to_string(), file, at(offset))]
        })?
    };
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    for (key, offset) in &keys {
        let key = key.as_ref();
        if KEYS.contains(&key) {
            continue;
        }
        let position = at(split.yaml_start + offset);
        // Other tools hide a page with `published: false`: quire would
        // publish it.
        let line = split.yaml[*offset..].lines().next().unwrap_or_default();
        let value = line.split_once(':').map_or("", |(_, v)| v.trim());
        if key == "published" && matches!(value, "false" | "no" | "off") {
            problems.push(
                Diagnostic::error(
                    Code::FrontMatterUnknownKey,
                    file,
                    position,
                    "`published: false` hides a page in other tools, but quire does not read it: this page would be published",
                )
                .with_help("write `draft: true` instead"),
            );
            continue;
        }
        match unknown_key(key) {
            Unknown::Typo(known) => problems.push(
                Diagnostic::error(
                    Code::FrontMatterUnknownKey,
                    file,
                    position,
                    format!("front matter: unknown key `{key}`"),
                )
                .with_help(format!(
                    "did you mean `{known}`? The keys are: {}",
                    KEYS.join(", ")
                )),
            ),
            Unknown::Foreign(instead) => warnings.push(
                Diagnostic::warning(
                    Code::FrontMatterForeignKey,
                    file,
                    position,
                    format!("quire does not read the front matter key `{key}`; it is ignored"),
                )
                .with_help(match instead {
                    Some(instead) => format!("{instead}, or remove `{key}`"),
                    None => format!(
                        "remove it, or keep it for another tool; quire's keys are: {}",
                        KEYS.join(", ")
                    ),
                }),
            ),
        }
    }
    if keys.iter().any(|(k, _)| k == "title") && front.title.trim().is_empty() {
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
        && !valid_slug(slug)
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
        Ok((front, warnings))
    } else {
        Err(problems)
    }
}

/// The keys of the front matter's top-level mapping, with their offsets
/// in `yaml`: the lines that start with a key and a colon. Indented lines,
/// list entries, comments and the lines of block scalars are not keys.
pub fn top_level_keys(yaml: &str) -> Vec<(&str, usize)> {
    let mut keys = Vec::new();
    let mut offset = 0;
    for line in yaml.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let Some(first) = line.chars().next() else {
            continue;
        };
        if first.is_whitespace() || matches!(first, '#' | '-' | '[' | '{' | '|' | '>') {
            continue;
        }
        let bare = line.trim_end();
        let colon = bare
            .match_indices(':')
            .map(|(i, _)| i)
            .find(|&i| bare[i + 1..].is_empty() || bare[i + 1..].starts_with([' ', '\t']));
        if let Some(colon) = colon {
            let key = bare[..colon].trim();
            let key = key
                .strip_prefix('"')
                .and_then(|k| k.strip_suffix('"'))
                .or_else(|| key.strip_prefix('\'').and_then(|k| k.strip_suffix('\'')))
                .unwrap_or(key);
            keys.push((key, start));
        }
    }
    keys
}

/// Front matter of the commonest shape, read without the YAML parser
/// (which costs more than the rest of loading a page): `key: value`
/// lines of quire's keys, each once, every value a plain scalar that
/// YAML reads as the same text, number or boolean. `None` for anything
/// else (quoting, lists, comments, indented or continued lines, a value
/// YAML would read as null or another type, characters YAML treats
/// specially), which the YAML parser reads.
fn plain_lines(yaml: &str) -> Option<FrontMatter> {
    let mut front = FrontMatter::default();
    let mut seen = [false; KEYS.len()];
    for line in yaml.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.is_empty() {
            continue;
        }
        let (key, value) = line.split_once(": ")?;
        let value = value.trim_matches(' ');
        let index = KEYS.iter().position(|k| *k == key)?;
        if std::mem::replace(&mut seen[index], true) || !plain_scalar(value) {
            return None;
        }
        match key {
            "title" => front.title = value.to_owned(),
            "description" => front.description = Some(value.to_owned()),
            "slug" => front.slug = Some(value.to_owned()),
            "updated" => front.updated = Some(value.to_owned()),
            "order" => {
                let digits = value.bytes().all(|b| b.is_ascii_digit());
                if !digits || value.len() > 18 || (value.len() > 1 && value.starts_with('0')) {
                    return None;
                }
                front.order = Some(value.parse().ok()?);
            }
            "draft" => {
                front.draft = match value {
                    "true" => true,
                    "false" => false,
                    _ => return None,
                }
            }
            _ => return None,
        }
    }
    Some(front)
}

/// Whether YAML reads `value`, a whole line's value with its spaces
/// trimmed, as a plain scalar of exactly this text (read as text when a
/// text is wanted): it does not start with an indicator, holds no
/// `: ` or ` #` and no character YAML treats as a break or refuses, and
/// is not one of the words YAML reads as null.
fn plain_scalar(value: &str) -> bool {
    let Some(first) = value.chars().next() else {
        return false;
    };
    let printable = |c: char| {
        matches!(c, ' '..='~' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
            && !matches!(c, '\u{feff}' | '\u{2028}' | '\u{2029}')
    };
    !"-?:,[]{}#&*!|>'\"%@`".contains(first)
        && !value.ends_with(':')
        && !value.contains(": ")
        && !value.contains(" #")
        && value.chars().all(printable)
        && !matches!(value, "null" | "Null" | "NULL" | "~")
}

fn only_comments(yaml: &str) -> bool {
    yaml.lines()
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
}

/// What a key quire does not read is.
#[derive(Debug, PartialEq, Eq)]
enum Unknown {
    /// A misspelling of one of quire's keys: an error.
    Typo(&'static str),
    /// Another tool's key, with what to write instead where quire has an
    /// equivalent: a warning.
    Foreign(Option<&'static str>),
}

/// Keys of other documentation tools (Docusaurus, MkDocs, Hugo, Jekyll,
/// Microsoft Learn…) that have an equivalent in quire, with that key.
/// `quire import` converts them; a page that keeps them gets a warning
/// that names quire's key.
pub const EQUIVALENTS: &[(&str, &str)] = &[
    ("sidebar_position", "order"),
    ("weight", "order"),
    ("nav_order", "order"),
    ("position", "order"),
    ("date", "updated"),
    ("lastmod", "updated"),
    ("last_update", "updated"),
    ("last_modified_at", "updated"),
    ("ms.date", "updated"),
    ("summary", "description"),
    ("excerpt", "description"),
    ("redirect_from", "aliases"),
    ("permalink", "slug"),
    ("url", "slug"),
    ("id", "slug"),
    ("sidebar_label", "title"),
    ("linkTitle", "title"),
    ("unlisted", "draft"),
    ("published", "draft"),
];

/// Quire's key for another tool's `key`, if it has one.
pub fn equivalent(key: &str) -> Option<&'static str> {
    EQUIVALENTS
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, quire)| *quire)
}

/// What to write instead of a key whose equivalent is quire's `key`.
fn instead(key: &str) -> &'static str {
    match key {
        "order" => "write `order: N`",
        "updated" => "write `updated: YYYY-MM-DD`",
        "description" => "write `description:`",
        "aliases" => "write the old paths under `aliases:`",
        "slug" => {
            "the file name is the page's URL segment: write `slug:` to change it, and old paths under `aliases:`"
        }
        "title" => "the navigation shows the page's `title`",
        _ => "write `draft: true` to leave a page out of the build",
    }
}

/// Whether `key` is a typo of a quire key or another tool's key.
fn unknown_key(key: &str) -> Unknown {
    // `Draft:` is `draft:` in capitals, which quire would not read.
    if let Some(known) = KEYS.iter().find(|k| k.eq_ignore_ascii_case(key)) {
        return Unknown::Typo(known);
    }
    if let Some(quire) = equivalent(key) {
        return Unknown::Foreign(Some(instead(quire)));
    }
    // Microsoft Learn's `ms.*` keys, and keys with capitals or dots, are
    // no quire key misspelt.
    let foreign_shape = key.contains('.') || key.chars().any(|c| c.is_ascii_uppercase());
    // A short key two edits from a quire key is more often another tool's
    // own word (`tags`) than a typo: short keys may be one edit off.
    let reach = if key.chars().count() <= 4 { 1 } else { 2 };
    match did_you_mean(key, KEYS) {
        Some(known) if !foreign_shape && edit_distance(key, known) <= reach => Unknown::Typo(known),
        _ => Unknown::Foreign(None),
    }
}

/// Whether `slug` can be a page's last URL segment: letters, digits,
/// `-`, `_` and `.`, not starting with `.`.
pub fn valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && !slug.starts_with('.')
        && slug
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
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
    let diagnostic = Diagnostic::error(
        Code::FrontMatterInvalid,
        file,
        position,
        format!("front matter: {message}"),
    );
    diagnostic.with_help(
        "front matter is YAML: `key: value` per line; quote values that contain `: ` or start with `[`, `{`, `*` or `&`",
    )
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

    fn load_all(text: &str) -> Result<(FrontMatter, Vec<Diagnostic>), Vec<Diagnostic>> {
        let file = Path::new("p.md");
        let split = split(text, file)
            .map_err(|d| vec![d])?
            .expect("test pages have front matter");
        parse(text, &split, file)
    }

    fn load(text: &str) -> Result<FrontMatter, Diagnostic> {
        load_all(text)
            .map(|(f, _)| f)
            .map_err(|mut found| found.remove(0))
    }

    #[test]
    fn splits_and_parses() {
        let front = load("---\ntitle: Hello\norder: 3\n---\nBody").expect("valid");
        assert_eq!(front.title, "Hello");
        assert_eq!(front.order, Some(3));
        assert!(
            split("# Just markdown\n", Path::new("p.md"))
                .expect("no error")
                .is_none()
        );
        let front = load("---\norder: 2\n---\n# Title in the body\n").expect("valid");
        assert_eq!(
            front.title, "",
            "the caller takes the title from the heading"
        );
        assert_eq!(
            load("---\n# only a comment\n---\n").expect("valid").title,
            ""
        );
    }

    #[test]
    fn errors_are_placed_in_the_file() {
        let err = load("---\ntitle: Hello\norder: [1\n---\n").expect_err("bad yaml");
        assert_eq!(err.code, Code::FrontMatterInvalid);
        assert!(err.position.line >= 3, "{:?}", err.position);
        let err = load("---\ntitle: Hello\ntitel: Hello\n---\n").expect_err("unknown key");
        assert_eq!(err.code, Code::FrontMatterUnknownKey);
        assert_eq!(err.position, Position { line: 3, col: 1 });
        assert!(err.help.as_deref().unwrap_or("").contains("`title`"));
        let err = load("---\ntitle: ''\n---\n").expect_err("empty title");
        assert_eq!(err.code, Code::FrontMatterTitle);
        let err = split("---\ntitle: x\n", Path::new("p.md")).expect_err("unclosed");
        assert_eq!(err.code, Code::FrontMatterUnclosed);
        let err = load("---\ntitle: x\nupdated: 26/11/2026\n---\n").expect_err("date");
        assert_eq!(err.position, Position { line: 3, col: 1 });
    }

    #[test]
    fn other_tools_keys_are_warnings_with_quire_s_equivalent() {
        let text = "---\ntitle: x\nsidebar_position: 2\nid: intro\ntags: [a, b]\nms.topic: how-to\nhide:\n  - toc\ndescription: |\n  not: a key\n---\n";
        let (front, warnings) = load_all(text).expect("warnings only");
        assert_eq!(front.title, "x");
        let found: Vec<(usize, &str)> = warnings
            .iter()
            .map(|w| (w.position.line, w.help.as_deref().unwrap_or("")))
            .collect();
        assert_eq!(found.len(), 5, "{found:?}");
        assert!(
            warnings
                .iter()
                .all(|w| w.code == Code::FrontMatterForeignKey && !w.is_error())
        );
        assert_eq!(found[0].0, 3);
        assert!(found[0].1.contains("`order: N`"), "{}", found[0].1);
        assert!(warnings[0].message.contains("`sidebar_position`"));
        assert!(found[1].1.contains("slug"), "{}", found[1].1);
        assert_eq!(found[3].0, 6);
        assert_eq!(found[4].0, 7);
    }

    #[test]
    fn keys_that_would_publish_a_hidden_page_are_errors() {
        let err = load("---\ntitle: x\npublished: false\n---\n").expect_err("hidden elsewhere");
        assert_eq!(err.position, Position { line: 3, col: 1 });
        assert!(err.help.as_deref().unwrap_or("").contains("draft: true"));
        let err = load("---\ntitle: x\nDraft: true\n---\n").expect_err("capitals");
        assert!(err.help.as_deref().unwrap_or("").contains("`draft`"));
        let err = load("---\n{title: x, ordr: 3}\n---\n").expect_err("flow style");
        assert_eq!(err.code, Code::FrontMatterUnknownKey);
        assert!(load("---\ntitle: x\npublished: true\n---\n").is_ok());
    }

    #[test]
    fn typos_and_foreign_keys_are_told_apart() {
        assert_eq!(unknown_key("titel"), Unknown::Typo("title"));
        assert_eq!(unknown_key("ordre"), Unknown::Typo("order"));
        assert_eq!(unknown_key("alias"), Unknown::Typo("aliases"));
        assert_eq!(unknown_key("drafts"), Unknown::Typo("draft"));
        assert_eq!(unknown_key("Draft"), Unknown::Typo("draft"));
        assert_eq!(unknown_key("TITLE"), Unknown::Typo("title"));
        assert!(matches!(unknown_key("tags"), Unknown::Foreign(None)));
        assert!(matches!(unknown_key("date"), Unknown::Foreign(Some(_))));
        assert!(matches!(unknown_key("ms.date"), Unknown::Foreign(Some(_))));
        assert!(matches!(unknown_key("ms.title"), Unknown::Foreign(None)));
        assert!(matches!(unknown_key("hide"), Unknown::Foreign(None)));
        assert!(matches!(unknown_key("toc"), Unknown::Foreign(None)));
    }

    #[test]
    fn top_level_keys_skip_nested_and_block_lines() {
        let yaml = "title: \"a: b\"\n\"quoted\": 1\nlist:\n  - x: 1\n# note: no\nblock: |\n  inner: 2\nurl: https://x\n";
        let keys: Vec<&str> = top_level_keys(yaml).into_iter().map(|(k, _)| k).collect();
        assert_eq!(keys, ["title", "quoted", "list", "block", "url"]);
    }

    #[test]
    fn common_front_matter_is_read_without_the_yaml_parser() {
        let yaml = "title: Connect HubSpot: the guide\n";
        assert_eq!(
            plain_lines(yaml),
            None,
            "`: ` in a value goes to the parser"
        );
        let yaml = "title: Sync C# for team 1 [beta], {again}\r\ndescription: How to sync it.\n\norder: 12\nupdated: 2026-11-26\ndraft: false\nslug: sync-c\n";
        let fast = plain_lines(yaml).expect("the common shape");
        assert_eq!(fast.title, "Sync C# for team 1 [beta], {again}");
        assert_eq!(fast.order, Some(12));
        assert_eq!(
            Ok(fast),
            serde_yaml::from_str::<FrontMatter>(yaml).map_err(|e| e.to_string())
        );
        for parser_reads in [
            "title: \"Quoted\"\n",
            "title: a # comment\n",
            "title: x\ntitle: y\n",
            "title: x\n  continued\n",
            "description: null\n",
            "description: ~\n",
            "order: 012\n",
            "order: -1\n",
            "draft: yes\n",
            "aliases: /old/\n",
            "tags: a\n",
            "title: &anchor x\n",
            "title: tab\there\n",
            "title: line\u{2028}break\n",
        ] {
            assert_eq!(plain_lines(parser_reads), None, "{parser_reads:?}");
        }
    }

    proptest::proptest! {
        /// Whatever the fast reading accepts, the YAML parser reads the
        /// same way.
        #[test]
        fn plain_lines_agree_with_the_yaml_parser(
            lines in proptest::collection::vec(
                (
                    "(title|description|slug|order|updated|draft|aliases|tags|Title)",
                    "(: |:  |:| : |:\t)",
                    "[a-z0-9 #:,'\"~&*!|>%@`{}\\[\\]?=.\t\u{85}\u{a0}\u{2028}\u{feff}é-]{0,10}",
                    "(\n|\r\n|\n\n|\n  )",
                ),
                0..6,
            )
        ) {
            let yaml: String = lines
                .iter()
                .map(|(k, sep, v, end)| format!("{k}{sep}{v}{end}"))
                .collect();
            if let Some(fast) = plain_lines(&yaml) {
                let slow = serde_yaml::from_str::<FrontMatter>(&yaml);
                proptest::prop_assert!(slow.is_ok(), "{:?}: {:?}", yaml, slow);
                proptest::prop_assert_eq!(Some(fast), slow.ok());
            }
        }

        /// Values made only of the common characters, which the fast
        /// reading should take, agree too.
        #[test]
        fn plain_values_agree_with_the_yaml_parser(
            title in "[A-Za-z0-9][A-Za-z0-9 ,.()é#:/-]{0,20}",
            description in "[A-Za-z0-9][A-Za-z0-9 ,.()é#:/-]{0,20}",
            order in 0i64..100_000,
            draft in proptest::bool::ANY,
        ) {
            let yaml = format!("title: {title}\ndescription: {description}\norder: {order}\ndraft: {draft}\n");
            let slow = serde_yaml::from_str::<FrontMatter>(&yaml).ok();
            let fast = plain_lines(&yaml);
            if fast.is_some() {
                proptest::prop_assert_eq!(fast, slow);
            } else {
                proptest::prop_assert!(
                    title.contains(": ") || title.contains(" #") || title.ends_with(':')
                        || description.contains(": ") || description.contains(" #") || description.ends_with(':')
                        || matches!(title.trim_end(), "null" | "Null" | "NULL")
                        || matches!(description.trim_end(), "null" | "Null" | "NULL"),
                    "{:?} should be read fast", yaml
                );
            }
        }
    }

    #[test]
    fn did_you_mean_finds_close_keys() {
        assert_eq!(did_you_mean("titel", KEYS), Some("title"));
        assert_eq!(did_you_mean("alias", KEYS), Some("aliases"));
        assert_eq!(did_you_mean("colour", KEYS), None);
    }
}
