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
            let path = format!("{}{}index.html", version.prefix, page.key);
            let claim = Claim {
                file: page.source.clone(),
                position: slug_position(page),
                what: "a page".to_owned(),
            };
            match claims.get(&path) {
                Some(other) => problems.push(clash(
                    &claim.file,
                    claim.position,
                    "this page",
                    &path,
                    other,
                )),
                None => {
                    claims.insert(path, claim);
                }
            }
        }
    }
    problems.extend(alias_clashes(site, &mut claims));
    let statics = static_entries(&site.root);
    problems.extend(static_clashes(&statics, &mut claims));
    problems.extend(content_file_clashes(site, &mut claims));
    problems.extend(folder_clashes(&claims));
    problems.extend(outside_links(&statics));
    problems
}

/// Where a page sets its slug, or its first line.
fn slug_position(page: &super::Page) -> Position {
    match (
        &page.front.slug,
        front_matter::split(&page.text, &page.source),
    ) {
        (Some(slug), Ok(Some(split))) => {
            front_matter::value_position(&page.text, &split, "slug", slug)
        }
        _ => Position::START,
    }
}

/// Paths whose folder is another claim's file: a page with `slug:
/// index.html` below a section's `index.html`, a static file inside a
/// page's file.
fn folder_clashes(claims: &HashMap<String, Claim>) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut paths: Vec<&String> = claims.keys().collect();
    paths.sort_unstable();
    for path in paths {
        let mut end = path.len();
        while let Some(i) = path[..end].rfind('/') {
            if let Some(file) = claims.get(&path[..i]) {
                let claim = &claims[path];
                problems.push(
                    Diagnostic::error(
                        Code::ContentClash,
                        &claim.file,
                        claim.position,
                        format!(
                            "{} would write {path}, inside {}, which is {} ({}) and cannot also be a folder",
                            claim.what,
                            &path[..i],
                            file.what,
                            place(file)
                        ),
                    )
                    .with_help("change the slug, alias or file name so the two paths differ"),
                );
                break;
            }
            end = i;
        }
    }
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
/// `robots.txt`…), and pages of other versions at their version's A–Z
/// page.
fn reserved_name_clashes(site: &Site) -> Vec<Diagnostic> {
    site.versions
        .iter()
        .flat_map(|version| version.pages.iter().map(move |page| (version, page)))
        .filter(|(_, p)| !p.generated)
        .filter_map(|(version, page)| {
            let first = page.key.split('/').next().unwrap_or_default();
            let reserved = if version.is_latest {
                layout::is_reserved_top_level(first)
            } else {
                first == layout::A_TO_Z_DIR
            };
            reserved.then(|| {
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
/// file; the others are added to `claims`. A site may bring its own
/// robots.txt.
fn static_clashes(statics: &[StaticEntry], claims: &mut HashMap<String, Claim>) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for entry in statics {
        let StaticEntry::File { rel, .. } = entry else {
            continue;
        };
        if rel == layout::ROBOTS_FILE {
            continue;
        }
        let file = Path::new(layout::STATIC_DIR).join(rel);
        let what = format!("static file `{rel}`");
        if let Some(other) = claims.get(rel) {
            problems.push(clash(&file, Position::START, &what, rel, other));
            continue;
        }
        claims.insert(
            rel.clone(),
            Claim {
                file,
                position: Position::START,
                what,
            },
        );
    }
    problems
}

/// Files kept beside pages whose output path is another claim's or a
/// reserved folder's; the others are added to `claims`.
fn content_file_clashes(site: &Site, claims: &mut HashMap<String, Claim>) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for version in &site.versions {
        for (rel, out) in &version.files {
            let file = Path::new(super::CONTENT_DIR).join(&version.name).join(rel);
            let path = format!("{}{out}", version.prefix);
            let what = format!("file `{}`", file.display());
            let first = out.split('/').next().unwrap_or_default();
            let reserved = out.contains('/')
                && if version.is_latest {
                    layout::is_reserved_top_level(first)
                } else {
                    first == layout::A_TO_Z_DIR
                };
            if reserved {
                problems.push(
                    Diagnostic::error(
                        Code::ContentClash,
                        &file,
                        Position::START,
                        format!(
                            "this file would be published in {first}/, a reserved name: {}",
                            layout::reserved_because(first)
                        ),
                    )
                    .with_help("move it to a folder of another name"),
                );
                continue;
            }
            if let Some(other) = claims.get(&path) {
                problems.push(clash(&file, Position::START, &what, &path, other));
                continue;
            }
            claims.insert(
                path,
                Claim {
                    file,
                    position: Position::START,
                    what,
                },
            );
        }
    }
    problems
}

/// Where a claim is written: its file, with line and column when known.
fn place(claim: &Claim) -> String {
    if claim.position == Position::START {
        claim.file.display().to_string()
    } else {
        format!(
            "{}:{}:{}",
            claim.file.display(),
            claim.position.line,
            claim.position.col
        )
    }
}

fn clash(file: &Path, position: Position, what: &str, path: &str, other: &Claim) -> Diagnostic {
    let place = place(other);
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
        Ok(Some(split)) => {
            let written = alias.trim_matches('/');
            front_matter::value_position(&page.text, &split, "aliases", written)
        }
        Ok(None) | Err(_) => Position::START,
    }
}

/// A file in `static/`, or a link there that leads out of the site.
pub(crate) enum StaticEntry {
    /// Published at `rel`, read from `path` (a link's target, when the
    /// link leads to a file inside the site).
    File { rel: String, path: PathBuf },
    /// A link to a file outside the site: never published.
    Outside { rel: String, target: PathBuf },
}

/// Everything in `static/`, following links that stay inside the site.
pub(crate) fn static_entries(root: &Path) -> Vec<StaticEntry> {
    let dir = root.join(layout::STATIC_DIR);
    let site = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_owned());
    let mut entries = Vec::new();
    for entry in walkdir::WalkDir::new(&dir)
        .into_iter()
        .filter_map(Result::ok)
    {
        let rel = crate::url::slash_path(entry.path().strip_prefix(&dir).unwrap_or(entry.path()));
        if entry.file_type().is_file() {
            entries.push(StaticEntry::File {
                rel,
                path: entry.into_path(),
            });
        } else if entry.path_is_symlink() {
            let Ok(target) = std::fs::canonicalize(entry.path()) else {
                continue; // A dangling link: nothing to publish.
            };
            if !target.is_file() {
                continue;
            }
            if target.starts_with(&site) {
                entries.push(StaticEntry::File { rel, path: target });
            } else {
                entries.push(StaticEntry::Outside { rel, target });
            }
        }
    }
    entries
}

/// Links in `static/` that lead out of the site: an error each, since
/// publishing them could publish anything on the writer's disk.
fn outside_links(statics: &[StaticEntry]) -> Vec<Diagnostic> {
    statics
        .iter()
        .filter_map(|entry| match entry {
            StaticEntry::Outside { rel, target } => Some(
                Diagnostic::error(
                    Code::ContentStaticLink,
                    Path::new(layout::STATIC_DIR).join(rel),
                    Position::START,
                    format!(
                        "static/{rel} is a link to {}, outside the site; quire publishes no file from outside the site",
                        target.display()
                    ),
                )
                .with_help("copy the file into static/ instead of linking to it"),
            ),
            StaticEntry::File { .. } => None,
        })
        .collect()
}
