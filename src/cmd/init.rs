//! `quire init [DIR]`: a small site that builds at once, showing each
//! feature a guide uses: steps, a callout, a credential checker.

use std::path::PathBuf;

use crate::cmd::{Global, Reporter};
use crate::diagnostics::{Error, Result};

/// Create a new site that builds at once
#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// Where to create the site (default: the --root folder)
    pub dir: Option<PathBuf>,
    /// Leave out the GitHub Actions workflow that publishes the site to
    /// GitHub Pages
    #[arg(long)]
    pub no_workflow: bool,
}

/// Where `quire init` writes the workflow.
pub const WORKFLOW_PATH: &str = ".github/workflows/publish.yml";

const SITE_TOML: &str = r##"title = "My Help Center"
base_url = "https://help.example.com/"

[versions]
latest = "v1"
order = ["v1"]

# Your company's look. Images and fonts are files in static/, written as
# paths from there. Remove the # of the lines you fill in.
[brand]
# logo = "img/logo.svg"          # SVG or PNG, in the header
# logo_dark = "img/logo-dark.svg"  # the logo on dark backgrounds
# favicon = "img/icon.png"       # the tab's icon (default: the logo); a PNG is also the phone home-screen icon
# accent = "#0b5cad"             # links and buttons; refused if it cannot be read (WCAG AA), with the nearest colour that can
# font = { family = "Inter", files = ["fonts/inter.woff2"] }

# "Still stuck?" at the end of every guide. {page}, {title} and {field}
# (the fields the checker finds wrong, never what the reader pasted) are
# filled in.
# [support]
# url = "https://support.example.com/new?page={page}&field={field}"
# email = "help@example.com"     # instead of url
# label = "Contact support"

# Links at the foot of every page.
# [[footer.links]]
# label = "Privacy"
# url = "https://example.com/privacy"
"##;

const HOME: &str = "---
title: My Help Center
description: Setup guides for connecting our product to the services you use.
---

Welcome. Start with a guide from the menu.
";

const GUIDES: &str = "---
title: Guides
order: 1
---

Step-by-step setup guides.
";

const GUIDE: &str = r#"---
title: Connect Microsoft Dynamics 365
description: Register an app in Microsoft Entra ID and collect the five values the connection needs.
order: 1
---

You need five values. Each step lists the values it gives you and where to find them; the last section sums them all up.

## Register an app {.step}

In the Azure portal, open **Microsoft Entra ID > App registrations > New registration**. On the app's **Overview**, copy the **Application (client) ID**; under **Endpoints**, copy the **OAuth 2.0 token endpoint (v2)**.

```checker
preset: dynamics-365
fields: [client_id, token_url]
```

## Create a client secret {.step}

Open **Certificates & secrets > New client secret**, then copy its **Value**.

```checker
preset: dynamics-365
fields: [client_secret]
```

> [!WARNING]
> The value is shown only once. Copy it before you leave the page.

## Find the Web API URL {.step}

In the Power Platform admin center, open **Environments**, then your environment, and copy its **Environment URL**. The scope is that address followed by `.default`.

```checker
preset: dynamics-365
fields: [web_api_url, scopes]
```

```checker
preset: dynamics-365
```
"#;

/// A preset of the site's own: an app no built-in preset knows.
const PRESET: &str = r#"# A checker preset for an app quire has no built-in preset for.
# Each field is a value the reader collects; `kind` says how it is checked:
# guid, url, secret, composed (made from other fields) or token_url.
title: Example CRM (API key)
fields:
  - id: api_url
    label: API URL
    kind: url
    hosts: ["*.example-crm.com"]   # *. is any name under the domain
    paths: [/api]
    trailing_slash: remove
    where: Example CRM > Settings > API > Base URL
    placeholder: https://yourcompany.example-crm.com/api
    messages:
      url.host: That is not an Example CRM address; yours ends in .example-crm.com.
  - id: token_url
    label: Token URL
    kind: composed
    template: "{api_url}/oauth/token"
    where: The API URL followed by /oauth/token
  - id: api_key
    label: API key
    kind: secret
    min_length: 32
    max_length: 32
    alphabet: hex
    where: Example CRM > Settings > API > Keys > New key
"#;

const APP_GUIDE: &str = r#"---
title: Connect Example CRM
description: Create an API key in Example CRM and collect the three values the connection needs.
order: 2
---

This guide's checker comes from `checkers/example-crm.yml`: write one like it for each app your product connects to.

## Find the API URL {.step}

In Example CRM, open **Settings > API** and copy the **Base URL**. The Token URL is made from it.

```checker
preset: example-crm
fields: [api_url, token_url]
```

## Create an API key {.step}

Under **Settings > API > Keys**, select **New key** and copy it.

```checker
preset: example-crm
fields: [api_key]
```

```checker
preset: example-crm
```
"#;

/// Builds the site on every push to `main` and publishes it to GitHub
/// Pages, at the address Pages gives it.
const WORKFLOW: &str = r#"# Publishes the help centre to GitHub Pages on every push to main.
# In the repository's Settings > Pages, set Source to "GitHub Actions".
# Written by `quire init`; remove it, or run `quire init --no-workflow`,
# to publish another way (see "Publishing" in quire's README).
name: Publish

on:
  push:
    branches: [main]
  workflow_dispatch:

permissions:
  contents: read
  pages: write
  id-token: write

concurrency:
  group: pages
  cancel-in-progress: false

env:
  # Where quire is built from: the quire repository your team uses, as a
  # git URL (add `--tag vX.Y.Z` to the cargo install line to pin a
  # release). quire is not on crates.io: a different crate has the name.
  QUIRE_GIT: ""

jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0  # every commit: each page's "Updated" date
      - id: pages
        uses: actions/configure-pages@v5
      - name: Install quire
        run: |
          if [ -z "$QUIRE_GIT" ]; then
            echo "::error file=.github/workflows/publish.yml::set QUIRE_GIT in this file to the quire repository to build with"
            exit 1
          fi
          rustup target add wasm32-unknown-unknown
          cargo install --locked --git "$QUIRE_GIT" quire
      - name: Build
        # At the address Pages serves the site from, whatever base_url says.
        run: quire build --base-url "${{ steps.pages.outputs.base_url }}/"
      - uses: actions/upload-pages-artifact@v4
        with:
          path: public

  deploy:
    needs: build
    runs-on: ubuntu-latest
    environment:
      name: github-pages
      url: ${{ steps.deployment.outputs.page_url }}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v4
"#;

/// Runs `quire init`.
pub fn execute(args: InitArgs, global: &Global, out: &mut Reporter) -> Result<()> {
    let dir = args.dir.unwrap_or_else(|| global.root.clone());
    if dir.join(crate::layout::CONFIG_FILE).exists() {
        return Err(Error::Usage(format!(
            "{} already has a site.toml; nothing was changed",
            dir.display()
        )));
    }
    let mut files = vec![
        ("site.toml", SITE_TOML),
        ("content/v1/_index.md", HOME),
        ("content/v1/guides/_index.md", GUIDES),
        ("content/v1/guides/dynamics-365.md", GUIDE),
        ("content/v1/guides/example-crm.md", APP_GUIDE),
        ("checkers/example-crm.yml", PRESET),
        // The output, and beside it, a build's staging folder and the
        // previous output while they are removed.
        (".gitignore", "/public/\n/.public.*/\n"),
    ];
    if !args.no_workflow {
        files.push((WORKFLOW_PATH, WORKFLOW));
    }
    for (path, text) in files {
        let target = dir.join(path);
        if target.exists() {
            continue;
        }
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io("cannot create", parent, e))?;
        }
        std::fs::write(&target, text).map_err(|e| Error::io("cannot write", &target, e))?;
    }
    out.info(format!(
        "created a new site in {}: run `quire --root {} build`, or `quire serve` there",
        dir.display(),
        dir.display()
    ));
    if !args.no_workflow {
        out.info(format!(
            "to publish it with GitHub Pages, set QUIRE_GIT in {WORKFLOW_PATH} (or run `quire init --no-workflow` to leave the workflow out)"
        ));
    }
    Ok(())
}
