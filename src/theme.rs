//! Themes: templates and assets, looked up in order — the site's
//! `templates/`, then `themes/<theme>/`, then the default theme embedded in
//! the binary — and compiled once into one Tera instance.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::diagnostics::{Code, Diagnostic, Error, Position, Result};
use crate::layout;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/default_theme.rs"));
}

/// The credential checker, built by build.rs from `wasm/widget`.
mod widget {
    include!(concat!(env!("OUT_DIR"), "/widget/builds.rs"));
    /// Starts the widget with the fingerprinted module URL its script tag
    /// carries (wasm-bindgen would otherwise look for its own file name).
    pub(super) const LOADER: &str = "\nconst quireScript = document.querySelector(\"script[data-quire-wasm]\");\nif (quireScript) __wbg_init({ module_or_path: quireScript.dataset.quireWasm }).catch((error) => {\n  // No WebAssembly, the module did not load, or a preset could not start:\n  // say so in every block that is not ready.\n  console.error(\"quire: the credential checker could not start:\", error);\n  for (const root of document.querySelectorAll(\".quire-checker:not([data-ready])\")) {\n    const note = document.createElement(\"p\");\n    note.className = \"checker-failed\";\n    note.setAttribute(\"role\", \"status\");\n    note.textContent = \"The credential checker could not start in this browser. Each value's name says where to find it.\";\n    root.append(note);\n  }\n});\n";
}

/// The asset names (script, module) of a build of the widget, as
/// templates see them: `all` is `quire-checker.js`, a build of one part
/// `quire-checker-dynamics.js`.
pub(crate) fn widget_assets(build: &str) -> (String, String) {
    match build {
        "all" => (
            "quire-checker.js".to_owned(),
            "quire-checker.wasm".to_owned(),
        ),
        part => (
            format!("quire-checker-{part}.js"),
            format!("quire-checker-{part}.wasm"),
        ),
    }
}

/// The smallest build of the widget with every part `parts` need.
pub(crate) fn widget_build(parts: &[quire_rules::Part]) -> &'static str {
    use quire_rules::Part;
    // The Client ID and secret rules are in every Entra preset's build.
    let entra_resource = parts
        .iter()
        .any(|p| matches!(p, Part::Dynamics | Part::BusinessCentral | Part::Graph));
    let parts: Vec<Part> = parts
        .iter()
        .copied()
        .filter(|p| !(entra_resource && *p == Part::Entra))
        .collect();
    match parts.as_slice() {
        [] | [Part::Entra] => "dynamics",
        [one] => one.name(),
        _ => "all",
    }
}

/// A template and where it came from.
#[derive(Debug, Clone)]
pub struct TemplateSource {
    pub name: String,
    pub source: String,
    /// A file on disk, or `<built-in>/templates/NAME` for the embedded theme.
    pub origin: PathBuf,
}

/// A theme asset, written fingerprinted under `/assets/`.
#[derive(Debug, Clone)]
pub struct Asset {
    /// Its name in templates: `style.css`.
    pub name: String,
    pub bytes: Vec<u8>,
}

#[derive(Debug)]
pub struct Theme {
    pub templates: BTreeMap<String, TemplateSource>,
    pub assets: BTreeMap<String, Asset>,
}

pub(crate) const BUILT_IN: &str = "<built-in default theme>";

impl Theme {
    pub fn load(root: &Path, config: &Config) -> Result<Theme> {
        let mut theme = Theme {
            templates: BTreeMap::new(),
            assets: BTreeMap::new(),
        };
        for (path, bytes) in embedded::FILES {
            theme.add(path, bytes.to_vec(), PathBuf::from(BUILT_IN).join(path))?;
        }
        for (build, glue, wasm) in widget::BUILDS {
            let (js, module) = widget_assets(build);
            for (name, bytes) in [
                (js, format!("{glue}{}", widget::LOADER).into_bytes()),
                (module, wasm.to_vec()),
            ] {
                theme.assets.insert(name.clone(), Asset { name, bytes });
            }
        }
        let theme_dir = root.join(layout::THEMES_DIR).join(&config.theme);
        if theme_dir.is_dir() {
            theme.add_dir(root, &theme_dir, &theme_dir)?;
        } else if config.theme != "default" {
            return Err(Error::single(
                Diagnostic::error(
                    Code::ThemeMissing,
                    crate::config::FILE_NAME,
                    config.position_of_key("theme"),
                    format!(
                        "theme `{}` not found: there is no themes/{}/ folder",
                        config.theme, config.theme
                    ),
                )
                .with_help(
                    "create the folder, or remove `theme` to use the built-in default theme",
                ),
            ));
        }
        let site_templates = root.join(layout::TEMPLATES_DIR);
        if site_templates.is_dir() {
            theme.add_dir(root, &site_templates, root)?;
        }
        Ok(theme)
    }

    fn add_dir(&mut self, root: &Path, dir: &Path, base: &Path) -> Result<()> {
        for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
            let entry = entry.map_err(|e| Error::io("cannot read", dir, e.into()))?;
            if !entry.file_type().is_file() || entry.file_name().to_string_lossy().starts_with('.')
            {
                continue;
            }
            let path = entry.path();
            let rel = path.strip_prefix(base).unwrap_or(path);
            let rel = crate::url::slash_path(rel);
            let bytes = std::fs::read(path).map_err(|e| Error::io("cannot read", path, e))?;
            let origin = path.strip_prefix(root).unwrap_or(path).to_owned();
            self.add(&rel, bytes, origin)?;
        }
        Ok(())
    }

    /// Adds a theme file by its path inside the theme (or site) folder:
    /// `templates/NAME` is a template, `static/NAME` an asset.
    fn add(&mut self, rel: &str, bytes: Vec<u8>, origin: PathBuf) -> Result<()> {
        if let Some(asset) = rel.strip_prefix("static/") {
            self.assets.insert(
                asset.to_owned(),
                Asset {
                    name: asset.to_owned(),
                    bytes,
                },
            );
        } else if let Some(name) = rel.strip_prefix("templates/") {
            let source = String::from_utf8(bytes).map_err(|_| {
                Error::single(
                    Diagnostic::error(
                        Code::TemplateEncoding,
                        &origin,
                        Position::START,
                        "this template is not UTF-8",
                    )
                    .with_help("save it with UTF-8 encoding"),
                )
            })?;
            self.templates.insert(
                name.to_owned(),
                TemplateSource {
                    name: name.to_owned(),
                    source,
                    origin,
                },
            );
        }
        Ok(())
    }

    /// Compiles every template once; syntax errors name the template file
    /// and line.
    pub fn compile(&self) -> Result<tera::Tera> {
        let mut tera = tera::Tera::new();
        tera.autoescape_on([".html", ".xml"]);
        // quire's own escaping: both quotes escaped, so a theme may use
        // either around attribute values; `/` left alone, so URLs read well.
        tera.set_escape_fn(escape_for_tera);
        let sources: Vec<(&str, &str)> = self
            .templates
            .values()
            .map(|t| (t.name.as_str(), t.source.as_str()))
            .collect();
        tera.add_raw_templates(sources)
            .map_err(|e| Error::single(self.template_error(&e)))?;
        Ok(tera)
    }

    /// A Tera error as a diagnostic in the template it came from.
    pub fn template_error(&self, error: &tera::Error) -> Diagnostic {
        let (file, position, message) = self.locate(error);
        let file = file.unwrap_or_else(|| PathBuf::from("templates"));
        let mut help = "fix the template; see Tera's documentation for its syntax".to_owned();
        let missing = matches!(
            error.kind(),
            tera::ErrorKind::MissingParent { .. } | tera::ErrorKind::TemplateNotFound(_)
        ) || message.contains("not found");
        if missing {
            help = format!(
                "templates are looked up in templates/, then themes/<theme>/templates/, then the built-in theme; the built-in templates are: {}",
                embedded::FILES
                    .iter()
                    .filter_map(|(p, _)| p.strip_prefix("templates/"))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
        Diagnostic::error(
            Code::TemplateError,
            file,
            position,
            message.replace('\n', " "),
        )
        .with_help(help)
    }
}

impl Theme {
    /// The template file, position and message of a Tera error.
    fn locate(&self, error: &tera::Error) -> (Option<PathBuf>, Position, String) {
        let origin = |name: &str| self.templates.get(name).map(|t| t.origin.clone());
        match error.kind() {
            tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
                let span = report.span();
                let what = if matches!(error.kind(), tera::ErrorKind::SyntaxError(_)) {
                    "cannot be parsed"
                } else {
                    "cannot be rendered"
                };
                (
                    origin(report.filename()),
                    Position {
                        line: span.start_line.max(1),
                        col: span.start_col + 1,
                    },
                    format!("{} {what}: {}", report.filename(), report.message()),
                )
            }
            tera::ErrorKind::MissingParent { current, parent } => (
                origin(current),
                Position::START,
                format!("{current} extends \"{parent}\", which does not exist"),
            ),
            tera::ErrorKind::CircularExtend {
                tpl,
                inheritance_chain,
            } => (
                origin(tpl),
                Position::START,
                format!(
                    "{tpl} extends itself through {}",
                    inheritance_chain.join(" -> ")
                ),
            ),
            tera::ErrorKind::CircularInclude { tpl, include_chain } => (
                origin(tpl),
                Position::START,
                format!(
                    "{tpl} includes itself through {}",
                    include_chain.join(" -> ")
                ),
            ),
            _ => {
                let mut chain = Vec::new();
                let mut cause: Option<&dyn std::error::Error> = Some(error);
                while let Some(e) = cause {
                    chain.push(e.to_string());
                    cause = e.source();
                }
                let text = chain.join(": ");
                // Some checks (unknown filters, tests and functions) come
                // as a message holding Tera's report: `--> name:line:col`.
                if let Some((name, position, message)) = report_location(&text)
                    && let Some(file) = origin(name)
                {
                    (Some(file), position, format!("{name}: {message}"))
                } else {
                    let named = quoted_names(&text)
                        .into_iter()
                        .filter_map(origin)
                        .next_back();
                    (named, Position::START, text)
                }
            }
        }
    }
}

/// [`crate::html::escape_html`] in the form Tera calls.
fn escape_for_tera(text: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    crate::html::escape_html_to(out, text)
}

/// The template, position and message of a report Tera wrote as text:
/// `error: <message>` then ` --> <template>:<line>:<column>`.
fn report_location(text: &str) -> Option<(&str, Position, &str)> {
    let at = text.find("--> ")?;
    let place = text[at + 4..].split_whitespace().next()?;
    let mut parts = place.rsplitn(3, ':');
    let col: usize = parts.next()?.parse().ok()?;
    let line: usize = parts.next()?.parse().ok()?;
    let name = parts.next()?;
    let message = text[..at]
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .map_or("", |l| l.trim_start_matches("error:").trim());
    Some((name, Position { line, col }, message))
}

/// Names between single quotes or backticks in a Tera message.
fn quoted_names(text: &str) -> Vec<&str> {
    let mut names = Vec::new();
    for quote in ['\'', '`'] {
        let mut parts = text.split(quote);
        parts.next();
        while let (Some(inside), Some(_)) = (parts.next(), parts.next()) {
            names.push(inside);
        }
    }
    names
}

/// The URL-safe fingerprinted name of an asset: `style.3f2a9c01b4.css`.
pub(crate) fn fingerprinted_name(name: &str, bytes: &[u8]) -> String {
    let hash = format!("{:016x}", xxhash_rust::xxh3::xxh3_64(bytes));
    match name.rsplit_once('.') {
        Some((stem, ext)) => format!("{stem}.{}.{ext}", &hash[..10]),
        None => format!("{name}.{}", &hash[..10]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_in_tera_reports() {
        assert_eq!(
            report_location("error: Unknown filter `x`\n  --> partials/pager.html:2:19\n   |"),
            Some((
                "partials/pager.html",
                Position { line: 2, col: 19 },
                "Unknown filter `x`"
            ))
        );
        assert_eq!(report_location("Template 'a.html' not found"), None);
    }

    #[test]
    fn fingerprints_change_with_content() {
        let a = fingerprinted_name("style.css", b"a");
        assert!(a.starts_with("style.") && a.ends_with(".css"));
        assert_ne!(a, fingerprinted_name("style.css", b"b"));
    }

    #[test]
    fn the_built_in_theme_has_every_page_template() {
        for name in [
            "base.html",
            "page.html",
            "section.html",
            "index.html",
            "404.html",
        ] {
            assert!(
                embedded::FILES
                    .iter()
                    .any(|(p, _)| p.strip_prefix("templates/") == Some(name)),
                "{name} is missing"
            );
        }
    }
}
