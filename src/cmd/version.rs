//! `quire version cut NAME`: freezes the working version (the first in
//! `versions.order`) as NAME, which becomes the latest version.

use std::path::Path;

use walkdir::WalkDir;

use crate::cmd::{Global, Reporter};
use crate::config::{self, Config};
use crate::content::CONTENT_DIR;
use crate::diagnostics::{Error, Result};

/// The `quire version` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum VersionCommand {
    /// Copy the working version's content to NAME and make NAME the latest
    Cut {
        /// The new version's name, such as v3
        name: String,
        /// Keep the current latest version as the latest
        #[arg(long)]
        keep_latest: bool,
    },
}

/// Runs a `quire version` subcommand.
pub fn execute(command: VersionCommand, global: &Global, out: &mut Reporter) -> Result<()> {
    let VersionCommand::Cut { name, keep_latest } = command;
    let root = &global.root;
    let config = Config::load(root)?;
    config::check_version_name(&name)
        .map_err(|why| Error::Usage(format!("version name `{name}` {why}")))?;
    if config.versions.order.contains(&name) {
        return Err(Error::Usage(format!(
            "version `{name}` already exists in site.toml"
        )));
    }
    let working = config.versions.order[0].clone();
    // Its pages will live under /NAME/: no page of the latest or working
    // version may be there already. And when it becomes the latest, its
    // pages (the working copy's) must not sit where other versions live.
    let taken =
        |dir: &Path, name: &str| dir.join(name).exists() || dir.join(format!("{name}.md")).exists();
    for version in [&config.versions.latest, &working] {
        let dir = root.join(CONTENT_DIR).join(version);
        if taken(&dir, &name) {
            return Err(Error::Usage(format!(
                "version `{name}` would take the URLs /{name}/ of content/{version}/{name}; choose another name, or rename that page"
            )));
        }
    }
    if !keep_latest {
        let dir = root.join(CONTENT_DIR).join(&working);
        if let Some(other) = config.versions.order.iter().find(|v| taken(&dir, v)) {
            return Err(Error::Usage(format!(
                "content/{working}/{other} would become /{other}/ in the new latest version, where version `{other}` lives; rename that page first, or cut with --keep-latest"
            )));
        }
    }
    let from = root.join(CONTENT_DIR).join(&working);
    let to = root.join(CONTENT_DIR).join(&name);
    if to.exists() {
        return Err(Error::Usage(format!(
            "{} already exists; remove it or choose another name",
            to.display()
        )));
    }
    if !from.is_dir() {
        return Err(Error::Usage(format!(
            "the working version's folder {} does not exist",
            from.display()
        )));
    }
    let updated = updated_config(&config.source, &name, keep_latest)?;
    copy_tree(&from, &to)?;
    std::fs::write(Config::path(root), updated)
        .map_err(|e| Error::io("cannot write", &Config::path(root), e))?;
    out.info(format!(
        "cut {name} from {working}: content/{name}/ created{}",
        if keep_latest {
            String::new()
        } else {
            format!(", {name} is now the latest version")
        }
    ));
    Ok(())
}

/// site.toml with NAME after the working version in `order` (and as
/// `latest`), keeping the writer's comments and layout.
fn updated_config(source: &str, name: &str, keep_latest: bool) -> Result<String> {
    let mut doc: toml_edit::DocumentMut = source
        .parse()
        .map_err(|e| Error::Usage(format!("cannot edit site.toml: {e}")))?;
    let versions = doc["versions"]
        .as_table_like_mut()
        .ok_or_else(|| Error::Usage("site.toml has no [versions] table".into()))?;
    let order = versions
        .get_mut("order")
        .and_then(|o| o.as_array_mut())
        .ok_or_else(|| Error::Usage("site.toml has no versions.order".into()))?;
    // A single-version site has no separate working copy: the new version
    // goes first and becomes the working one.
    let position = if order.len() == 1 { 0 } else { 1 };
    order.insert(position, name);
    order.fmt();
    if !keep_latest {
        versions.insert("latest", toml_edit::value(name));
    }
    Ok(doc.to_string())
}

fn copy_tree(from: &Path, to: &Path) -> Result<()> {
    for entry in WalkDir::new(from) {
        let entry = entry.map_err(|e| Error::io("cannot read", from, e.into()))?;
        let rel = entry.path().strip_prefix(from).unwrap_or(entry.path());
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).map_err(|e| Error::io("cannot create", &target, e))?;
        } else if entry.file_type().is_file() {
            std::fs::copy(entry.path(), &target)
                .map_err(|e| Error::io("cannot write", &target, e))?;
        } else if entry.path_is_symlink() {
            // Copied as the link it is, not dropped: the build names it
            // in both versions, where a dropped one would go unnoticed.
            copy_link(entry.path(), &target)?;
        }
    }
    Ok(())
}

#[cfg(unix)]
fn copy_link(from: &Path, to: &Path) -> Result<()> {
    let target = std::fs::read_link(from).map_err(|e| Error::io("cannot read", from, e))?;
    std::os::unix::fs::symlink(target, to).map_err(|e| Error::io("cannot write", to, e))
}

#[cfg(not(unix))]
fn copy_link(from: &Path, _to: &Path) -> Result<()> {
    Err(Error::Usage(format!(
        "{} is a link, which quire does not copy here: copy what it points to instead",
        from.display()
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cut_keeps_comments_and_inserts_after_working() {
        let source = "title = \"x\" # the name\nbase_url = \"https://x.org/\"\n[versions]\nlatest = \"v2\"\norder = [\"next\", \"v2\", \"v1\"]\n";
        let updated = updated_config(source, "v3", false).expect("edit");
        assert!(updated.contains("# the name"));
        assert!(
            updated.contains("order = [\"next\", \"v3\", \"v2\", \"v1\"]"),
            "{updated}"
        );
        assert!(updated.contains("latest = \"v3\""), "{updated}");
    }
}
