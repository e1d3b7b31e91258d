//! Navigation read from other tools: mdBook's and GitBook's `SUMMARY.md`
//! (also MkDocs' literate-nav files), MkDocs' `nav`, Docusaurus'
//! `_category_` files. Each gives pages a title and an order.

use std::collections::BTreeMap;

use super::Note;

/// A title and a position, for a page (by its source path) or a folder.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Place {
    /// The label the navigation gives it.
    pub title: Option<String>,
    /// Its position in the navigation, counted over the whole list.
    pub order: Option<i64>,
    /// A section's description (Docusaurus' generated index).
    pub description: Option<String>,
}

/// What a navigation says, by source path (relative to the docs folder,
/// `/`-separated): pages by file, sections by folder (no trailing `/`).
#[derive(Debug, Default)]
pub struct Nav {
    /// Pages, by source path.
    pub pages: BTreeMap<String, Place>,
    /// Sections, by folder.
    pub folders: BTreeMap<String, Place>,
    /// Pages the navigation lists, so others can be told apart.
    pub listed: Vec<String>,
}

/// One entry of a Markdown navigation list: `- [Title](path.md)`.
#[derive(Debug, PartialEq, Eq)]
pub struct Entry {
    /// Its line in the file.
    pub line: usize,
    /// How deep it is nested (0 for top level).
    pub depth: usize,
    /// Its label.
    pub title: String,
    /// Its target, as written; empty for a draft chapter (`[Title]()`).
    pub target: String,
    /// The part heading above it (`# User guide`), if any.
    pub part: Option<String>,
}

/// The entries of a `SUMMARY.md`-style list, in order: list items and
/// unlisted (prefix and suffix) chapters that are links.
pub fn summary_entries(text: &str) -> Vec<Entry> {
    let link = regex::Regex::new(r"^\[(?P<title>(?:[^\]\\]|\\.)*)\]\((?P<target>[^)]*)\)")
        .expect("a valid pattern");
    let mut entries = Vec::new();
    let mut part = None;
    let mut indents: Vec<usize> = Vec::new();
    let mut fence = false;
    for (n, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = !fence;
            continue;
        }
        if fence {
            continue;
        }
        if let Some(heading) = trimmed.strip_prefix('#') {
            let heading = heading.trim_start_matches('#').trim();
            part = (!heading.is_empty() && n > 0).then(|| heading.to_owned());
            continue;
        }
        let indent = line.len() - trimmed.len();
        let (item, depth) = match trimmed
            .strip_prefix("- ")
            .or_else(|| trimmed.strip_prefix("* "))
            .or_else(|| trimmed.strip_prefix("+ "))
        {
            Some(item) => {
                while indents.last().is_some_and(|&i| i > indent) {
                    indents.pop();
                }
                if indents.last() != Some(&indent) {
                    indents.push(indent);
                }
                (item, indents.len() - 1)
            }
            None => {
                indents.clear();
                (trimmed, 0)
            }
        };
        if let Some(found) = link.captures(item.trim()) {
            entries.push(Entry {
                line: n + 1,
                depth,
                title: found["title"].replace("\\", ""),
                target: found["target"].trim().to_owned(),
                part: part.clone(),
            });
        }
    }
    entries
}

impl Nav {
    /// Reads a `SUMMARY.md`-style list found at `file` (relative to the
    /// docs folder): its entries' order and titles, and for each part or
    /// nested list whose pages all sit in one folder, that folder's title.
    pub fn add_summary(
        &mut self,
        file: &str,
        text: &str,
        counter: &mut i64,
        notes: &mut Vec<Note>,
    ) {
        let dir = file.rsplit_once('/').map_or("", |(d, _)| d);
        let entries = summary_entries(text);
        let mut parts: BTreeMap<String, (i64, Vec<String>)> = BTreeMap::new();
        for entry in &entries {
            if entry.target.is_empty() {
                notes.push(Note::at(
                    file,
                    entry.line,
                    format!(
                        "draft chapter `{}` has no file; it was left out",
                        entry.title
                    ),
                ));
                continue;
            }
            if entry.target.contains("://") {
                notes.push(Note::at(
                    file,
                    entry.line,
                    format!(
                        "navigation link to another site `{}` was left out; link to it from a page",
                        entry.target
                    ),
                ));
                continue;
            }
            let target = entry.target.split('#').next().unwrap_or_default();
            let decoded = percent_decode(target);
            let path = join(dir, &decoded).unwrap_or(decoded);
            *counter += 1;
            self.listed.push(path.clone());
            self.pages.entry(path.clone()).or_insert(Place {
                title: Some(entry.title.clone()),
                order: Some(*counter),
                description: None,
            });
            if let Some(part) = &entry.part {
                let slot = parts.entry(part.clone()).or_insert((*counter, Vec::new()));
                slot.1.push(path);
            }
        }
        for (title, (order, paths)) in parts {
            if let Some(folder) = common_folder(&paths)
                && !folder.is_empty()
            {
                self.folders.entry(folder).or_insert(Place {
                    title: Some(title),
                    order: Some(order),
                    description: None,
                });
            }
        }
    }

    /// Reads MkDocs' `nav` (a YAML list). `read` gives the text of a
    /// literate-nav file in a folder named by a `Title: folder/` entry.
    pub fn add_mkdocs(
        &mut self,
        items: &serde_yaml::Value,
        counter: &mut i64,
        notes: &mut Vec<Note>,
        read: &dyn Fn(&str) -> Option<(String, String)>,
    ) -> Vec<String> {
        let mut paths = Vec::new();
        let Some(list) = items.as_sequence() else {
            return paths;
        };
        for item in list {
            let (title, value) = match item {
                serde_yaml::Value::String(path) => (None, serde_yaml::Value::String(path.clone())),
                serde_yaml::Value::Mapping(map) if map.len() == 1 => {
                    let (k, v) = map.iter().next().expect("one entry");
                    (k.as_str().map(str::to_owned), v.clone())
                }
                _ => continue,
            };
            match &value {
                serde_yaml::Value::String(target) if target.contains("://") => {
                    notes.push(Note::at(
                        "mkdocs.yml",
                        0,
                        format!("navigation link to another site `{target}` was left out"),
                    ));
                }
                serde_yaml::Value::String(target) if target.ends_with('/') => {
                    let folder = target.trim_end_matches('/').to_owned();
                    *counter += 1;
                    self.folders.insert(
                        folder.clone(),
                        Place {
                            title,
                            order: Some(*counter),
                            description: None,
                        },
                    );
                    if let Some((file, text)) = read(&folder) {
                        self.add_summary(&file, &text, counter, notes);
                    }
                    paths.push(format!("{folder}/"));
                }
                serde_yaml::Value::String(target) => {
                    *counter += 1;
                    self.listed.push(target.clone());
                    self.pages.insert(
                        target.clone(),
                        Place {
                            title,
                            order: Some(*counter),
                            description: None,
                        },
                    );
                    paths.push(target.clone());
                }
                serde_yaml::Value::Sequence(_) => {
                    let order = *counter + 1;
                    let inner = self.add_mkdocs(&value, counter, notes, read);
                    if let Some(folder) = common_folder(&inner)
                        && !folder.is_empty()
                    {
                        self.folders.entry(folder).or_insert(Place {
                            title,
                            order: Some(order),
                            description: None,
                        });
                    }
                    paths.extend(inner);
                }
                _ => {}
            }
        }
        paths
    }
}

/// The folder all `paths` are in, if they share one (`""` for the top).
pub fn common_folder(paths: &[String]) -> Option<String> {
    let folder = |p: &str| match p.rsplit_once('/') {
        Some((d, _)) => d.to_owned(),
        None => String::new(),
    };
    let first = folder(paths.first()?);
    paths.iter().all(|p| folder(p) == first).then_some(first)
}

/// `path`, written in folder `dir`, as a path from the docs folder, with
/// `.` and `..` resolved; `None` when it climbs out.
pub fn join(dir: &str, path: &str) -> Option<String> {
    let from = if dir.is_empty() {
        "_".to_owned()
    } else {
        format!("{dir}/_")
    };
    crate::markdown::relative_path(&from, path)
}

/// A link target with `%20` and the like decoded.
pub fn percent_decode(target: &str) -> String {
    percent_encoding::percent_decode_str(target)
        .decode_utf8_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_lists_give_order_titles_and_parts() {
        let text = "# Summary\n\n[Intro](README.md)\n\n# User guide\n\n- [Install](guide/install.md)\n- [Read](guide/read.md)\n\n# Reference\n\n- [CLI](cli/README.md)\n    - [init](cli/init.md)\n        - [Draft]()\n\n---\n\n[Thanks](misc/thanks.md)\n";
        let entries = summary_entries(text);
        let shown: Vec<(usize, &str, usize)> = entries
            .iter()
            .map(|e| (e.depth, e.target.as_str(), e.line))
            .collect();
        assert_eq!(
            shown,
            [
                (0, "README.md", 3),
                (0, "guide/install.md", 7),
                (0, "guide/read.md", 8),
                (0, "cli/README.md", 12),
                (1, "cli/init.md", 13),
                (2, "", 14),
                (0, "misc/thanks.md", 18),
            ]
        );
        let mut nav = Nav::default();
        let mut notes = Vec::new();
        nav.add_summary("SUMMARY.md", text, &mut 0, &mut notes);
        assert_eq!(nav.pages["guide/read.md"].order, Some(3));
        assert_eq!(nav.pages["cli/init.md"].title.as_deref(), Some("init"));
        assert_eq!(nav.folders["guide"].title.as_deref(), Some("User guide"));
        assert_eq!(nav.folders["guide"].order, Some(2));
        assert!(
            !nav.folders.contains_key("cli"),
            "the part spans one folder only if all its pages do"
        );
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0].line, 14);
    }

    #[test]
    fn mkdocs_nav_sections_title_their_folders() {
        let yaml: serde_yaml::Value = serde_yaml::from_str(
            "- Home: index.md\n- start.md\n- About:\n  - Notes: about/notes.md\n  - License: about/license.md\n- Guide: guide/\n- Site: https://example.com/\n",
        )
        .expect("yaml");
        let mut nav = Nav::default();
        let mut notes = Vec::new();
        let read = |folder: &str| {
            (folder == "guide").then(|| {
                (
                    "guide/README.md".to_owned(),
                    "- [B](b.md)\n- [A](a.md)\n".to_owned(),
                )
            })
        };
        nav.add_mkdocs(&yaml, &mut 0, &mut notes, &read);
        assert_eq!(nav.pages["index.md"].title.as_deref(), Some("Home"));
        assert_eq!(nav.pages["start.md"].order, Some(2));
        assert_eq!(nav.folders["about"].title.as_deref(), Some("About"));
        assert_eq!(nav.folders["about"].order, Some(3));
        assert_eq!(nav.folders["guide"].order, Some(5));
        assert_eq!(nav.pages["guide/b.md"].order, Some(6));
        assert_eq!(nav.pages["guide/a.md"].order, Some(7));
        assert_eq!(notes.len(), 1, "{notes:?}");
    }
}
