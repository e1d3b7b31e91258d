//! No input panics: front matter splitting and parsing, and the whole
//! Markdown stage (steps, callouts, links, checker blocks), on arbitrary
//! and on Markdown-shaped text.

use std::path::Path;

use proptest::prelude::*;
use quire::content::front_matter;
use quire::markdown::{self, LinkResolver, Source};

struct AnyLinks;

impl LinkResolver for AnyLinks {
    fn resolve(&self, destination: &str) -> Option<Result<String, String>> {
        markdown::markdown_target("guides/page.md", destination).map(|(path, anchor)| {
            match path.len() % 3 {
                0 => Err(format!("no page {path}")),
                _ => Ok(format!(
                    "/{path}/{}",
                    anchor.map(|a| format!("#{a}")).unwrap_or_default()
                )),
            }
        })
    }
}

fn markdownish() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "---\n",
        "title: x\n",
        "title: [\n",
        "order: 3\n",
        "# ",
        "## Step {.step}\n",
        "### ",
        "#### ",
        "{#id}",
        "> [!WARNING]\n",
        "> ",
        "```checker\n",
        "preset: dynamics-365\n",
        "fields:\n  - id: client_id\n    example: x\n",
        "```\n",
        "[link](other.md#a)",
        "[up](../x.md)",
        "![](img.png)",
        "| a | b |\n|---|---|\n",
        "- [x] ",
        "~~s~~",
        "[^1]",
        "[^1]: note\n",
        "\n",
        "\r\n",
        "text ",
        "é",
        "\u{FEFF}",
        "<b>",
        "`code`",
        "abc8Q~abcdefghijklmnopqrstuvwxyz01234567",
        "Client ID: 3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b",
    ]);
    prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
}

fn run(text: &str) {
    let file = Path::new("content/v1/guides/page.md");
    if let Some((title, after)) = quire::content::title::opening_heading(text, 0) {
        assert!(after <= text.len() && !title.is_empty());
    }
    if let Ok(Some(split)) = front_matter::split(text, file) {
        let _ = front_matter::parse(text, &split, file);
        let source = Source {
            file,
            text,
            body_start: split.body_start,
            presets: quire::presets::Presets::built_in(),
            copy_origin: None,
        };
        let rendered = markdown::render(&source, &AnyLinks);
        for d in &rendered.diagnostics {
            assert!(d.position.line >= 1 && d.position.col >= 1);
        }
        let _ = quire::lint::secrets(file, text, split.body_start);
    }
    let source = Source {
        file,
        text,
        body_start: 0,
        presets: quire::presets::Presets::built_in(),
        copy_origin: Some("https://example.com"),
    };
    // With the Markdown copy made too, whose edits must fit the text.
    let rendered = markdown::render(&source, &AnyLinks);
    assert!(rendered.markdown.is_some());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        run(&text);
    }

    #[test]
    fn markdown_shaped_text_never_panics(text in markdownish()) {
        run(&text);
    }
}
