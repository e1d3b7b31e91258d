//! `site.toml`: the site's configuration, read into typed values.
//!
//! Unknown keys and wrong types are errors that name the key, the file,
//! the line and the column, so a typo never passes silently.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostics::{Code, Diagnostic, Error, Position, Result};

pub(crate) use crate::layout::CONFIG_FILE as FILE_NAME;

/// The whole of `site.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub title: String,
    pub base_url: String,
    #[serde(default = "default_theme")]
    pub theme: String,
    /// The site's description, used on the home page and in its metadata.
    #[serde(default)]
    pub description: String,
    /// The language of the content, as an HTML `lang` value.
    #[serde(default = "default_language")]
    pub language: String,
    pub versions: VersionsConfig,
    /// The search box and its index.
    #[serde(default)]
    pub search: SearchConfig,
    /// The company's logo, icon, accent colour and font.
    #[serde(default)]
    pub brand: BrandConfig,
    /// Where a reader who is stuck gets help.
    #[serde(default)]
    pub support: Option<SupportConfig>,
    /// Links at the foot of every page.
    #[serde(default)]
    pub footer: FooterConfig,
    /// Files for the host the site is published on, and for AI assistants.
    #[serde(default)]
    pub deploy: DeployConfig,
    /// Changes the severity of check codes: `"image.alt" = "error"`, as
    /// written; [`Config::levels`] holds them once validated.
    #[serde(default, rename = "check")]
    check_table: BTreeMap<String, CheckLevel>,
    /// The `[check]` table by code.
    #[serde(skip)]
    pub levels: BTreeMap<Code, CheckLevel>,
    /// The source text, kept to place later errors (such as a version in
    /// `order` with no folder) on the right line.
    #[serde(skip)]
    pub source: String,
}

fn default_theme() -> String {
    "default".to_owned()
}

fn default_language() -> String {
    "en".to_owned()
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VersionsConfig {
    /// Served at unversioned URLs.
    pub latest: String,
    /// The switcher's order. The first entry is the working copy that
    /// `quire version cut` freezes.
    pub order: Vec<String>,
    #[serde(default)]
    pub labels: BTreeMap<String, String>,
    #[serde(default)]
    pub status: BTreeMap<String, VersionStatus>,
}

/// `[search]`: the search box in every page's header, the index behind
/// it and the A–Z page it falls back to without JavaScript.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SearchConfig {
    /// `false` leaves search out: no box, no index, no A–Z page.
    #[serde(default = "yes")]
    pub enabled: bool,
}

impl Default for SearchConfig {
    fn default() -> Self {
        SearchConfig { enabled: true }
    }
}

fn yes() -> bool {
    true
}

/// `[deploy]`: what the build writes for static hosts and AI assistants.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeployConfig {
    /// `_headers`: security and caching headers (Netlify, Cloudflare
    /// Pages).
    #[serde(default = "yes")]
    pub headers: bool,
    /// `_redirects`: aliases and pages gone from the latest version, as
    /// HTTP redirects (Netlify, Cloudflare Pages).
    #[serde(default = "yes")]
    pub redirects: bool,
    /// `llms.txt` and `llms-full.txt` in each version, and a Markdown copy
    /// of every page beside it (`index.html.md`).
    #[serde(default = "yes")]
    pub llms: bool,
}

impl Default for DeployConfig {
    fn default() -> Self {
        DeployConfig {
            headers: true,
            redirects: true,
            llms: true,
        }
    }
}

/// `[brand]`: the company's look. Images and fonts are files in
/// `static/`, written as paths from there (`img/logo.svg`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BrandConfig {
    /// The logo in the header (SVG or PNG).
    pub logo: Option<String>,
    /// The logo in dark mode.
    pub logo_dark: Option<String>,
    /// The browser tab's icon; the logo when not given.
    pub favicon: Option<String>,
    /// The accent colour, `#rrggbb`, for links and buttons.
    pub accent: Option<String>,
    /// A self-hosted font.
    pub font: Option<FontConfig>,
}

/// `[brand.font]`: a font family and its files in `static/`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FontConfig {
    /// The family name, as CSS uses it.
    pub family: String,
    /// Its files (`.woff2`, `.woff`, `.ttf`, `.otf`) in `static/`.
    pub files: Vec<String>,
}

/// `[support]`: the link at the end of each guide.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SupportConfig {
    /// A support page; `{page}`, `{title}` and `{field}` in it are filled
    /// in with the page's address, its title and the fields the checker
    /// finds wrong.
    pub url: Option<String>,
    /// An address to write to instead, with the page in the subject.
    pub email: Option<String>,
    /// The link's text.
    #[serde(default = "default_support_label")]
    pub label: String,
    /// The words before it.
    #[serde(default = "default_support_text")]
    pub text: String,
}

fn default_support_label() -> String {
    "Contact support".to_owned()
}

fn default_support_text() -> String {
    "Still stuck?".to_owned()
}

/// `[footer]`: links such as privacy, terms and the status page.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FooterConfig {
    #[serde(default)]
    pub links: Vec<FooterLink>,
}

/// One footer link.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct FooterLink {
    pub label: String,
    pub url: String,
}

/// Whether `url` is a web address a link may go to: `https://`, `http://`,
/// or a path on this site (`/…`, below `base_url`).
fn web_address(url: &str) -> bool {
    url.starts_with("https://")
        || url.starts_with("http://")
        || (url.starts_with('/') && !url.starts_with("//"))
}

/// What a `[check]` entry makes of a code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CheckLevel {
    Error,
    Warning,
    Off,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum VersionStatus {
    Current,
    Unreleased,
    Deprecated,
}

impl Config {
    /// Reads and validates `site.toml` in `root`.
    pub fn load(root: &Path) -> Result<Config> {
        let path = root.join(FILE_NAME);
        let source = std::fs::read_to_string(&path).map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                Error::Usage(format!(
                    "no {FILE_NAME} in {}: run quire in a site's folder, pass --root DIR, or create a site with `quire init`",
                    root.display()
                ))
            } else {
                Error::io("cannot read", &path, e)
            }
        })?;
        Config::parse(&source, Path::new(FILE_NAME))
    }

    /// Parses `source`; `file` is the name used in diagnostics.
    pub fn parse(source: &str, file: &Path) -> Result<Config> {
        let mut config: Config = toml::from_str(source).map_err(|e| {
            let position = e
                .span()
                .map_or(Position::START, |span| Position::of(source, span.start));
            Error::single(
                Diagnostic::error(Code::ConfigInvalid, file, position, e.message().trim())
                    .with_help(
                        "see the site.toml reference in the README for the keys quire knows",
                    ),
            )
        })?;
        config.source = source.to_owned();
        config.validate(file)?;
        config.levels = config
            .check_table
            .iter()
            .filter_map(|(name, level)| Some((Code::from_name(name)?, *level)))
            .collect();
        Ok(config)
    }

    fn validate(&self, file: &Path) -> Result<()> {
        let mut problems = self.version_problems(file);
        problems.extend(self.check_table_problems(file));
        if let Err(why) = check_theme_name(&self.theme) {
            problems.push(
                Diagnostic::error(
                    Code::ConfigTheme,
                    file,
                    self.position_of_key("theme"),
                    format!("theme `{}` {why}", self.theme.escape_debug()),
                )
                .with_help("name a folder in themes/, such as theme = \"acme\", or remove `theme` for the built-in one"),
            );
        }
        problems.extend(self.brand_problems(file));
        if let Err(why) = crate::url::base_path(&self.base_url) {
            problems.push(Diagnostic::error(
                Code::ConfigBaseUrl,
                file,
                self.position_of_key("base_url"),
                why,
            ));
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Error::Diagnostics(problems))
        }
    }

    /// `[versions]`: a non-empty order that holds `latest`, names that can
    /// be folders and URLs, labels and statuses only for listed versions.
    fn version_problems(&self, file: &Path) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        let v = &self.versions;
        if v.order.is_empty() {
            problems.push(
                Diagnostic::error(
                    Code::ConfigVersions,
                    file,
                    self.position_of_key("order"),
                    "`versions.order` is empty",
                )
                .with_help("list your versions, newest first, e.g. order = [\"v1\"]"),
            );
        }
        if !v.order.contains(&v.latest) {
            problems.push(
                Diagnostic::error(
                    Code::ConfigVersions,
                    file,
                    self.position_of_key("latest"),
                    format!("latest version `{}` is not in `versions.order`", v.latest),
                )
                .with_help("add it to `order`, or set `latest` to one of the listed versions"),
            );
        }
        let mut seen = std::collections::HashSet::new();
        for name in &v.order {
            if !seen.insert(name) {
                problems.push(Diagnostic::error(
                    Code::ConfigVersions,
                    file,
                    self.position_of_key("order"),
                    format!("version `{name}` is listed twice in `versions.order`"),
                ));
            }
            if let Err(why) = check_version_name(name) {
                problems.push(Diagnostic::error(
                    Code::ConfigVersions,
                    file,
                    self.position_of_key("order"),
                    format!("version name `{name}` {why}"),
                ));
            }
        }
        for name in v.labels.keys().chain(v.status.keys()) {
            if !v.order.contains(name) {
                problems.push(
                    Diagnostic::error(
                        Code::ConfigVersions,
                        file,
                        self.position_of_key(name),
                        format!(
                            "version `{name}` has a label or status but is not in `versions.order`"
                        ),
                    )
                    .with_help("add it to `order` or remove this entry"),
                );
            }
        }
        problems
    }

    /// `[check]`: only codes whose severity may change.
    fn check_table_problems(&self, file: &Path) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        for name in self.check_table.keys() {
            if !Code::from_name(name).is_some_and(Code::adjustable) {
                problems.push(
                    Diagnostic::error(
                        Code::ConfigCheck,
                        file,
                        self.position_of_key(name),
                        format!("`{name}` is not a check code"),
                    )
                    .with_help(format!(
                        "the codes are: {}",
                        Code::adjustable_names().join(", ")
                    )),
                );
            }
        }
        problems
    }

    /// `[brand]`, `[support]` and `[footer]`: a readable accent colour, and
    /// links that can be followed. Files are checked against `static/` when
    /// the site is loaded.
    fn brand_problems(&self, file: &Path) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        if let Some(accent) = &self.brand.accent {
            let at = self.position_in("brand", "accent");
            match crate::brand::Rgb::parse(accent) {
                None => problems.push(
                    Diagnostic::error(
                        Code::ConfigBrand,
                        file,
                        at,
                        format!("accent `{accent}` is not a colour"),
                    )
                    .with_help("write it as #rrggbb, such as accent = \"#0b5cad\""),
                ),
                Some(colour) => {
                    if let Err(nearest) = crate::brand::shades(colour) {
                        problems.push(
                            Diagnostic::error(
                                Code::ConfigBrand,
                                file,
                                at,
                                format!(
                                    "accent `{accent}` is too light for links and buttons on a light page: {:.1}:1, and WCAG AA asks for {}:1",
                                    colour.contrast(crate::brand::LIGHT_BACKGROUND),
                                    crate::brand::AA
                                ),
                            )
                            .with_help(format!("the nearest colour of the same hue that reads is accent = \"{nearest}\"; dark mode gets a lighter shade of it by itself")),
                        );
                    }
                }
            }
        }
        if let Some(support) = &self.support {
            let at = self.position_in("support", "url");
            match (&support.url, &support.email) {
                (None, None) => problems.push(
                    Diagnostic::error(Code::ConfigBrand, file, self.position_of_section("support"), "[support] needs a `url` or an `email`")
                        .with_help("url = \"https://support.example.com/new?page={page}\", or email = \"help@example.com\""),
                ),
                (Some(_), Some(_)) => problems.push(
                    Diagnostic::error(Code::ConfigBrand, file, self.position_in("support", "email"), "[support] has both `url` and `email`; the link goes to one of them")
                        .with_help("keep the one readers should use, and remove the other"),
                ),
                (Some(url), None) if !web_address(url) => problems.push(
                    Diagnostic::error(Code::ConfigBrand, file, at, format!("support url `{url}` is not a web address"))
                        .with_help("start it with https://, or / for a page of this site"),
                ),
                (None, Some(email)) if !email.contains('@') || email.contains(char::is_whitespace) || email.contains(['?', '&']) => problems.push(
                    Diagnostic::error(Code::ConfigBrand, file, self.position_in("support", "email"), format!("support email `{email}` is not an address"))
                        .with_help("write it as email = \"help@example.com\""),
                ),
                _ => {}
            }
        }
        for link in &self.footer.links {
            let url = &link.url;
            if !web_address(url) && !url.starts_with("mailto:") {
                problems.push(
                    Diagnostic::error(
                        Code::ConfigBrand,
                        file,
                        self.position_of_text(url),
                        format!(
                            "footer link `{}` goes to `{url}`, which is not a web address",
                            link.label
                        ),
                    )
                    .with_help("start it with https://, mailto:, or / for a page of this site"),
                );
            }
        }
        problems
    }

    /// Where `text` is first written in the source, quoted (a value); the
    /// start of the file when it is not.
    pub fn position_of_text(&self, text: &str) -> Position {
        self.source
            .find(&format!("\"{text}\""))
            .map_or(Position::START, |i| Position::of(&self.source, i))
    }

    /// Where `key = ...` is written in table `[section]` (or below it);
    /// where the table starts, or the start of the file, when it is not.
    pub fn position_in(&self, section: &str, key: &str) -> Position {
        let start = self.position_of_section(section);
        let mut offset = 0;
        for (line_number, line) in (1..).zip(self.source.split_inclusive('\n')) {
            let trimmed = line.trim_start();
            if line_number >= start.line
                && let Some(rest) = trimmed.strip_prefix(key)
                && rest.trim_start().starts_with('=')
            {
                return Position::of(&self.source, offset + (line.len() - trimmed.len()));
            }
            offset += line.len();
        }
        start
    }

    /// Where `[name]` (or `[[name.…]]`) starts; the start of the file when
    /// it cannot be found.
    pub fn position_of_section(&self, name: &str) -> Position {
        let mut offset = 0;
        for line in self.source.split_inclusive('\n') {
            let bare = line.trim_start().trim_start_matches('[');
            if line.trim_start().starts_with('[') && bare.starts_with(name) {
                return Position::of(
                    &self.source,
                    offset + (line.len() - line.trim_start().len()),
                );
            }
            offset += line.len();
        }
        Position::START
    }

    /// Where `key = ...` first appears in the source; the start of the file
    /// when it cannot be found.
    pub fn position_of_key(&self, key: &str) -> Position {
        let mut offset = 0;
        for line in self.source.split_inclusive('\n') {
            let trimmed = line.trim_start();
            let bare = trimmed.trim_start_matches('"');
            if let Some(rest) = bare.strip_prefix(key) {
                let rest = rest.trim_start_matches('"').trim_start();
                if rest.starts_with('=') {
                    return Position::of(&self.source, offset + (line.len() - trimmed.len()));
                }
            }
            offset += line.len();
        }
        Position::START
    }

    pub fn label_of(&self, version: &str) -> String {
        self.versions
            .labels
            .get(version)
            .cloned()
            .unwrap_or_else(|| version.to_owned())
    }

    pub fn status_of(&self, version: &str) -> VersionStatus {
        if let Some(status) = self.versions.status.get(version) {
            return *status;
        }
        // Versions listed before the latest one are still being written.
        let position = |name: &str| self.versions.order.iter().position(|v| v == name);
        match (position(version), position(&self.versions.latest)) {
            (Some(this), Some(latest)) if this < latest => VersionStatus::Unreleased,
            _ => VersionStatus::Current,
        }
    }

    pub fn path(root: &Path) -> PathBuf {
        root.join(FILE_NAME)
    }
}

/// A version name becomes a URL segment and a folder name.
pub(crate) fn check_version_name(name: &str) -> std::result::Result<(), &'static str> {
    if name.is_empty() {
        return Err("is empty");
    }
    if !name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        || name.starts_with('.')
    {
        return Err("may use only letters, digits, `-`, `_` and `.`, and not start with `.`");
    }
    if crate::layout::is_reserved_top_level(name) {
        return Err("is reserved for quire's own output");
    }
    Ok(())
}

/// A theme is named, not pathed: the name of a folder in `themes/`.
pub(crate) fn check_theme_name(name: &str) -> std::result::Result<(), &'static str> {
    let plain = !name.is_empty()
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if plain {
        Ok(())
    } else {
        Err("is not a theme name: use letters, digits, `-`, `_` and `.`, not a path")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"title = "Help"
base_url = "https://help.example.com/"

[versions]
latest = "v2"
order = ["next", "v2", "v1"]
[versions.status]
v1 = "deprecated"
"#;

    #[test]
    fn reads_a_good_config_and_derives_statuses() {
        let config = Config::parse(GOOD, Path::new("site.toml")).expect("valid");
        assert_eq!(config.theme, "default");
        assert_eq!(config.status_of("next"), VersionStatus::Unreleased);
        assert_eq!(config.status_of("v2"), VersionStatus::Current);
        assert_eq!(config.status_of("v1"), VersionStatus::Deprecated);
        assert_eq!(config.label_of("v1"), "v1");
    }

    #[test]
    fn unknown_key_names_key_line_and_column() {
        let source = GOOD.replace("[versions]\n", "[versions]\nlatset = \"v2\"\n");
        let err = Config::parse(&source, Path::new("site.toml")).expect_err("unknown key");
        let d = &err.diagnostics()[0];
        assert!(d.message.contains("latset"), "{}", d.message);
        assert_eq!(d.position, Position { line: 5, col: 1 });
    }

    #[test]
    fn wrong_type_is_placed() {
        let source = GOOD.replace("base_url = \"https://help.example.com/\"", "base_url = 3");
        let err = Config::parse(&source, Path::new("site.toml")).expect_err("wrong type");
        let d = &err.diagnostics()[0];
        assert_eq!(d.position.line, 2);
        assert!(d.message.contains("string"), "{}", d.message);
    }

    #[test]
    fn latest_must_be_listed() {
        let source = GOOD.replace("latest = \"v2\"", "latest = \"v3\"");
        let err = Config::parse(&source, Path::new("site.toml")).expect_err("latest");
        assert_eq!(err.diagnostics()[0].position.line, 5);
    }
}
