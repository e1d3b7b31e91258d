//! `quire import FORMAT SOURCE`: brings a help centre written for another
//! tool into `content/NAME/`, and reports what to fix by hand.

use std::path::{Path, PathBuf};

use crate::cmd::{Global, Reporter};
use crate::config::{self, Config};
use crate::content::CONTENT_DIR;
use crate::diagnostics::{Error, Result};
use crate::import::{self, Format, Plan};

/// Bring in pages from Docusaurus, MkDocs, mdBook or a folder of Markdown
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// What the source is written for
    #[arg(value_enum)]
    pub format: Format,
    /// The source: the project's folder (or a folder of Markdown files)
    pub source: PathBuf,
    /// The version folder to write, content/NAME/ (default: the site's
    /// latest version, or v1 for a new site)
    #[arg(long = "version", value_name = "NAME")]
    pub version: Option<String>,
    /// Write over files of the same name in content/NAME/ and static/
    #[arg(long)]
    pub force: bool,
}

/// Runs `quire import`.
pub fn execute(args: ImportArgs, global: &Global, out: &mut Reporter) -> Result<()> {
    let root = &global.root;
    let config_path = Config::path(root);
    let existing = config_path
        .exists()
        .then(|| Config::load(root))
        .transpose()?;
    let name = match (&args.version, &existing) {
        (Some(name), _) => name.clone(),
        (None, Some(config)) => config.versions.latest.clone(),
        (None, None) => "v1".to_owned(),
    };
    config::check_version_name(&name)
        .map_err(|why| Error::Usage(format!("version name `{name}` {why}")))?;
    let target = root.join(CONTENT_DIR).join(&name);
    let occupied = std::fs::read_dir(&target).is_ok_and(|mut d| d.next().is_some());
    if occupied && !args.force {
        return Err(Error::Usage(format!(
            "{} already has files; nothing was written. Import into another version with --version NAME, or pass --force to write over files of the same name (others are kept)",
            target.display()
        )));
    }
    let plan = import::plan(args.format, &args.source).map_err(Error::Usage)?;
    let mut kept = Vec::new();
    for (rel, text) in &plan.pages {
        write(&target.join(rel), text.as_bytes())?;
    }
    for (bytes, rel) in &plan.files {
        write(&target.join(rel), bytes)?;
    }
    for (bytes, rel) in &plan.statics {
        let to = root.join(crate::layout::STATIC_DIR).join(rel);
        if to.exists() && !args.force {
            kept.push(format!("static/{rel}"));
            continue;
        }
        write(&to, bytes)?;
    }
    let config_note = match &existing {
        None => {
            write(&config_path, new_config(&plan, &name).as_bytes())?;
            "site.toml written".to_owned()
        }
        Some(config) if !config.versions.order.contains(&name) => {
            let updated = with_version(&config.source, &name)?;
            write(&config_path, updated.as_bytes())?;
            format!("`{name}` added to versions.order in site.toml")
        }
        Some(_) => String::new(),
    };
    report(&plan, args.format, &name, &config_note, &kept, out);
    Ok(())
}

fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Error::io("cannot create", parent, e))?;
    }
    std::fs::write(path, bytes).map_err(|e| Error::io("cannot write", path, e))
}

/// A site.toml for a site made by the import.
fn new_config(plan: &Plan, name: &str) -> String {
    let title = toml_edit::value(plan.title.as_str()).to_string();
    let base_url = plan
        .base_url
        .as_deref()
        .filter(|u| crate::url::base_path(u).is_ok())
        .map(|u| {
            if u.ends_with('/') {
                u.to_owned()
            } else {
                format!("{u}/")
            }
        })
        .unwrap_or_else(|| "https://help.example.com/".to_owned());
    format!(
        "title = {}\n# Where the site is published; links in the sitemap and feeds start with it.\nbase_url = {}\n\n[versions]\nlatest = \"{name}\"\norder = [\"{name}\"]\n",
        title.trim(),
        toml_edit::value(base_url).to_string().trim()
    )
}

/// site.toml with `name` added at the end of `versions.order`, keeping
/// the writer's comments and layout.
fn with_version(source: &str, name: &str) -> Result<String> {
    let mut doc: toml_edit::DocumentMut = source
        .parse()
        .map_err(|e| Error::Usage(format!("cannot edit site.toml: {e}")))?;
    let order = doc["versions"]["order"]
        .as_array_mut()
        .ok_or_else(|| Error::Usage("site.toml has no versions.order".into()))?;
    order.push(name);
    order.fmt();
    Ok(doc.to_string())
}

fn report(
    plan: &Plan,
    format: Format,
    name: &str,
    config_note: &str,
    kept: &[String],
    out: &mut Reporter,
) {
    out.info(format!(
        "imported {} pages and {} files from {} ({}) into content/{name}/{}",
        plan.pages.len(),
        plan.files.len() + plan.statics.len(),
        plan.docs.display(),
        format.name(),
        if config_note.is_empty() {
            String::new()
        } else {
            format!("; {config_note}")
        }
    ));
    if !plan.counts.is_empty() {
        let converted: Vec<String> = plan
            .counts
            .iter()
            .map(|(what, n)| format!("{n} {what}"))
            .collect();
        out.info(format!("  converted: {}", converted.join(", ")));
    }
    if !plan.dropped_keys.is_empty() {
        let keys: Vec<String> = plan
            .dropped_keys
            .iter()
            .map(|(key, n)| format!("{key} ({n})"))
            .collect();
        out.info(format!(
            "  front matter keys quire has no use for, left out: {}",
            keys.join(", ")
        ));
    }
    if !plan.left_out.is_empty() {
        out.info(format!("  left out ({}):", plan.left_out.len()));
        for (file, why) in &plan.left_out {
            out.info(format!("    {}: {why}", source_path(plan, file)));
        }
    }
    for file in kept {
        out.info(format!("  kept your {file}: pass --force to replace it"));
    }
    if plan.notes.is_empty() {
        out.info("nothing to fix by hand");
    } else {
        out.info(format!("to fix by hand ({}):", plan.notes.len()));
        for note in &plan.notes {
            let at = if note.line == 0 {
                source_path(plan, &note.file)
            } else {
                format!("{}:{}", source_path(plan, &note.file), note.line)
            };
            out.info(format!("  {at}: {}", note.what));
        }
    }
    out.info("next: `quire check` lists any link or page that still needs work; `quire serve` shows the site");
}

/// A file of the source as the writer finds it: below the docs folder,
/// or next to it for configuration files.
fn source_path(plan: &Plan, file: &str) -> String {
    let in_docs = plan.docs.join(file);
    if in_docs.exists() {
        return in_docs.display().to_string();
    }
    plan.docs
        .parent()
        .map_or_else(|| file.to_owned(), |p| p.join(file).display().to_string())
}
