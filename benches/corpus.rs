//! A deterministic synthetic help centre for benchmarks and scaling tests:
//! `versions` x `sections` x `pages`, about 1.5 KB of Markdown a page, with
//! steps, lists, tables, code, callouts, links and anchors that resolve,
//! and a credential checker on every tenth page.

#![allow(dead_code, unreachable_pub)]

use std::fmt::Write as _;
use std::path::Path;

/// How big a corpus is.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    /// Docs versions.
    pub versions: usize,
    /// Sections in each version.
    pub sections: usize,
    /// Pages in each section.
    pub pages: usize,
}

impl Shape {
    /// How many pages the corpus has, section pages not counted.
    pub fn total(&self) -> usize {
        self.versions * self.sections * self.pages
    }
}

const VERBS: &[&str] = &[
    "Connect",
    "Configure",
    "Sync",
    "Import",
    "Export",
    "Audit",
    "Rotate",
    "Verify",
];
const THINGS: &[&str] = &[
    "Salesforce",
    "Dynamics 365",
    "HubSpot",
    "SharePoint",
    "Okta",
    "Slack",
    "Jira",
    "Zendesk",
    "Workday",
    "NetSuite",
];

fn version_name(shape: &Shape, v: usize) -> String {
    format!("v{}", shape.versions - v)
}

/// The corpus of `shape` under `target` (`target/3x100x100/`), written
/// once and reused by later runs.
pub fn cached(target: &Path, shape: Shape) -> std::path::PathBuf {
    let dir = target.join(format!(
        "{}x{}x{}",
        shape.versions, shape.sections, shape.pages
    ));
    if !dir.join("site.toml").exists() {
        let _ = std::fs::remove_dir_all(&dir);
        generate(&dir, shape).expect("write the corpus");
    }
    dir
}

/// Writes the site into `out` (which must not exist yet, or be empty).
pub fn generate(out: &Path, shape: Shape) -> std::io::Result<()> {
    std::fs::create_dir_all(out)?;
    let order: Vec<String> = (0..shape.versions)
        .map(|v| format!("\"{}\"", version_name(&shape, v)))
        .collect();
    std::fs::write(
        out.join("site.toml"),
        format!(
            "title = \"Synthetic Help Center\"\nbase_url = \"https://help.example.com/\"\n\n[versions]\nlatest = \"{}\"\norder = [{}]\n",
            version_name(&shape, 0),
            order.join(", ")
        ),
    )?;
    for v in 0..shape.versions {
        let version = version_name(&shape, v);
        let root = out.join("content").join(&version);
        std::fs::create_dir_all(&root)?;
        std::fs::write(
            root.join("_index.md"),
            format!(
                "---\ntitle: Synthetic Help Center\nupdated: 2026-11-26\n---\n\nGuides for version {version}.\n"
            ),
        )?;
        for s in 1..=shape.sections {
            let dir = root.join(format!("section-{s:03}"));
            std::fs::create_dir_all(&dir)?;
            std::fs::write(
                dir.join("_index.md"),
                format!(
                    "---\ntitle: {} integrations {s}\ndescription: Guides for area {s}.\norder: {s}\nupdated: 2026-11-26\n---\n\nEverything about area {s}.\n",
                    THINGS[s % THINGS.len()]
                ),
            )?;
            for p in 1..=shape.pages {
                std::fs::write(dir.join(format!("page-{p:03}.md")), page(&shape, s, p))?;
            }
        }
    }
    Ok(())
}

fn page(shape: &Shape, s: usize, p: usize) -> String {
    let thing = THINGS[(s + p) % THINGS.len()];
    let verb = VERBS[(s * 7 + p) % VERBS.len()];
    let mut md = String::with_capacity(1800);
    let _ = write!(
        md,
        "---\ntitle: {verb} {thing} for team {p}\ndescription: How to {verb_lower} {thing} for team {p} in area {s}.\norder: {p}\nupdated: 2026-11-26\n---\n\n",
        verb_lower = verb.to_lowercase()
    );
    let _ = write!(
        md,
        "This guide shows how to {} {thing} for team {p}. It takes about ten minutes. See the [area overview](_index.md) first.\n\n",
        verb.to_lowercase()
    );
    let _ = write!(
        md,
        "## Before you start\n\nYou need an administrator account in {thing} and the **Integrations** role in Anduin. \
         Plan the change for a quiet hour: while the connection is set up, records from team {p} are queued, not lost, \
         and they arrive in order once it is live.\n\nWhat is synced:\n\n- Accounts and their owners\n- Contacts, with consent flags\n\
         - Activities from the last 90 days\n\n"
    );
    if p.is_multiple_of(10) {
        md.push_str("```checker\npreset: dynamics-365\n```\n\n");
    }
    let _ = write!(
        md,
        "## Prepare the account {{.step}}\n\n1. Sign in as an administrator.\n2. Open **Settings > Integrations > {thing}**.\n3. Select **Add connection**.\n\n"
    );
    let _ = write!(
        md,
        "## Enter the connection settings {{.step}}\n\n| Setting | Value |\n|---|---|\n| Name | `team-{p}-{s}` |\n| Region | `eu-{}` |\n| Timeout | 30 seconds |\n\n",
        s % 4
    );
    let _ = write!(
        md,
        "```bash\ncurl -s https://api.example.com/v1/teams/{p}/status\n```\n\n"
    );
    md.push_str("> [!NOTE]\n> Changes take up to five minutes to reach every region.\n\n");
    md.push_str("## Verify the connection {.step}\n\n- [x] The status page shows **Connected**.\n- [ ] A test record arrives within five minutes.\n\n");
    if p < shape.pages {
        let _ = writeln!(
            md,
            "Next: [the following guide](page-{:03}.md#verify-the-connection).\n",
            p + 1
        );
    } else if p > 1 {
        let _ = writeln!(
            md,
            "Back to [the first guide](page-001.md#prepare-the-account).\n"
        );
    }
    md.push_str("## Troubleshooting\n\nIf the status stays *Pending*, rotate the key and try again. Keep the old key until the new one works.\n");
    md
}
