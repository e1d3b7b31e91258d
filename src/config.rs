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
