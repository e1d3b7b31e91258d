//! Where every page, alias and static file lands in the output, and the
//! clashes between them: two things that want the same output path would
//! otherwise overwrite each other silently, a different one on each run.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::{Site, front_matter};
use crate::diagnostics::{Code, Diagnostic, Position};
use crate::layout;

/// Who claims an output path, for naming both sides of a clash.
#[derive(Clone)]
struct Claim {
    file: PathBuf,
    position: Position,
    what: String,
}

/// Every clash between output paths in `site`, as errors at the later
/// claim, naming the earlier one.
pub(super) fn clashes(site: &Site) -> Vec<Diagnostic> {
    let mut problems = version_folder_clashes(site);
    problems.extend(reserved_name_clashes(site));
    let mut claims: HashMap<String, Claim> = layout::GENERATED_FILES
        .iter()
        .map(|name| ((*name).to_owned(), generated()))
        .collect();
    for version in &site.versions {
        for page in &version.pages {
            claims.insert(
                format!("{}{}index.html", version.prefix, page.key),
                Claim {
                    file: page.source.clone(),
                    position: Position::START,
                    what: "a page".to_owned(),
                },
            );
        }
    }
    problems.extend(alias_clashes(site, &mut claims));
    problems.extend(static_clashes(&site.root, &claims));
    problems
}

/// What claims the files every build writes.
fn generated() -> Claim {
    Claim {
        file: PathBuf::from(layout::CONFIG_FILE),
        position: Position::START,
        what: "a file every build writes".to_owned(),
    }
}

/// Latest pages inside another version's folder (`content/v2/v1.md`
/// beside version `v1`).
fn version_folder_clashes(site: &Site) -> Vec<Diagnostic> {
    let latest = site.latest();
    let mut problems = Vec::new();
    for version in site.versions.iter().filter(|v| !v.is_latest) {
        let folder = PathBuf::from(super::CONTENT_DIR).join(&version.name);
        for page in latest.pages.iter().filter(|p| !p.generated) {
            if page.key.split('/').next() != Some(version.name.as_str()) {
                continue;
            }
            problems.push(
                Diagnostic::error(
                    Code::ContentClash,
                    &page.source,
                    Position::START,
                    format!(
                        "this page's URL /{} is inside version `{}`'s URLs (/{}/), from {}",
                        page.key,
                        version.name,
                        version.name,
                        folder.display()
                    ),
                )
                .with_help("rename the file or folder, or give the page another `slug`, or rename the version"),
            );
        }
    }
    problems
}

/// Latest pages whose first URL segment is quire's (`assets`, `__quire`,
/// `robots.txt`…).
fn reserved_name_clashes(site: &Site) -> Vec<Diagnostic> {
    let latest = site.latest();
    latest
        .pages
        .iter()
        .filter(|p| !p.generated)
        .filter_map(|page| {
            let first = page.key.split('/').next().unwrap_or_default();
            layout::is_reserved_top_level(first).then(|| {
                Diagnostic::error(
                    Code::ContentClash,
                    &page.source,
                    Position::START,
                    format!(
                        "this page's URL /{} uses the reserved name `{first}`: {}",
                        page.key,
                        layout::reserved_because(first)
                    ),
                )
                .with_help("rename the file or folder, or give the page another `slug`")
            })
        })
        .collect()
}

/// Aliases whose redirect page would replace a page, a generated file, a
/// reserved folder or another alias; the others are added to `claims`.
fn alias_clashes(site: &Site, claims: &mut HashMap<String, Claim>) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for version in &site.versions {
        for page in version.pages.iter().filter(|p| !p.generated) {
            for alias in &page.front.aliases {
                let key = alias.trim_start_matches('/');
                let path = format!("{}{key}index.html", version.prefix);
                let position = alias_position(page, alias);
                let first = key.split('/').next().unwrap_or_default();
                let taken = if version.is_latest && layout::is_reserved_top_level(first) {
                    Some(Claim {
                        what: format!("reserved: {}", layout::reserved_because(first)),
                        ..generated()
                    })
                } else {
                    claims.get(&path).cloned()
                };
                let what = format!("alias `{alias}`");
                if let Some(other) = taken {
                    problems.push(clash(&page.source, position, &what, &path, &other));
                    continue;
                }
                let file = page.source.clone();
                claims.insert(
                    path,
                    Claim {
                        file,
                        position,
                        what,
                    },
                );
            }
        }
    }
    problems
}

/// Files in `static/` that would replace a page, an alias or a generated
/// file, or stand where a folder of them must be. A site may bring its own
/// robots.txt.
fn static_clashes(root: &Path, claims: &HashMap<String, Claim>) -> Vec<Diagnostic> {
    let files = static_files(root);
    let mut folders: HashMap<&str, &str> = HashMap::new();
    if !files.is_empty() {
        for path in claims.keys() {
            let mut end = path.len();
            while let Some(i) = path[..end].rfind('/') {
                folders.entry(&path[..i]).or_insert(path);
                end = i;
            }
        }
    }
    let mut problems = Vec::new();
    for rel in files.iter().filter(|r| r.as_str() != layout::ROBOTS_FILE) {
        let file = Path::new(layout::STATIC_DIR).join(rel);
        let what = format!("static file `{rel}`");
        if let Some(other) = claims.get(rel) {
            problems.push(clash(&file, Position::START, &what, rel, other));
        } else if let Some(path) = folders.get(rel.as_str()) {
            problems.push(clash(&file, Position::START, &what, path, &claims[*path]));
        }
    }
    problems
}

fn clash(file: &Path, position: Position, what: &str, path: &str, other: &Claim) -> Diagnostic {
    let place = if other.position == Position::START {
        other.file.display().to_string()
    } else {
        format!(
            "{}:{}:{}",
            other.file.display(),
            other.position.line,
            other.position.col
        )
    };
    Diagnostic::error(
        Code::ContentClash,
        file,
        position,
        format!(
            "{what} would write {path}, which is {} ({place})",
            other.what
        ),
    )
    .with_help("each output path has one source: remove or rename one of them")
}

/// Where an alias is written in its page's front matter.
fn alias_position(page: &super::Page, alias: &str) -> Position {
    match front_matter::split(&page.text, &page.source) {
        Ok(split) => {
            let written = alias.trim_matches('/');
            front_matter::value_position(&page.text, &split, "aliases", written)
        }
        Err(_) => Position::START,
    }
}

/// The files in `static/`, relative to it, with `/`.
pub(crate) fn static_files(root: &Path) -> Vec<String> {
    let dir = root.join(layout::STATIC_DIR);
    walkdir::WalkDir::new(&dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| crate::url::slash_path(e.path().strip_prefix(&dir).unwrap_or(e.path())))
        .collect()
}
