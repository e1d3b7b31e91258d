//! Other tools' Markdown dialects turned into quire's: admonitions into
//! GitHub alerts, MDX comments into HTML comments; and what cannot be
//! turned (MDX components, Jinja, shortcodes, includes) found for the
//! report, with its line.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

use super::{Format, Note};

/// A line of the page being converted, with its line in the source file.
type Line = (usize, String);

/// What converting a page's body did.
pub struct Converted {
    /// The new body.
    pub text: String,
    /// What was converted, by kind, for the report.
    pub counts: BTreeMap<&'static str, usize>,
    /// What could not be, with its line.
    pub notes: Vec<Note>,
}

/// Converts `body`, whose first line is line `first_line` of `file`.
pub fn body(
    body: &str,
    first_line: usize,
    file: &str,
    format: Format,
    callouts: bool,
) -> Converted {
    let lines: Vec<Line> = body
        .lines()
        .enumerate()
        .map(|(i, l)| (first_line + i, l.to_owned()))
        .collect();
    let mut work = Work {
        file,
        format,
        callouts,
        counts: BTreeMap::new(),
        notes: Vec::new(),
    };
    let out = work.lines(lines);
    let mut text = out
        .into_iter()
        .map(|(_, l)| l)
        .collect::<Vec<_>>()
        .join("\n");
    if body.ends_with('\n') {
        text.push('\n');
    }
    Converted {
        text,
        counts: work.counts,
        notes: work.notes,
    }
}

struct Work<'a> {
    file: &'a str,
    format: Format,
    callouts: bool,
    counts: BTreeMap<&'static str, usize>,
    notes: Vec<Note>,
}

static DOCUSAURUS_OPEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?P<colons>:{3,})\s*(?P<kind>[A-Za-z]+)(?:\[(?P<bracket>.*)\]|\s+(?P<rest>.*))?\s*$",
    )
    .expect("a valid pattern")
});
static DOCUSAURUS_CLOSE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^:{3,}\s*$").expect("a valid pattern"));
static MKDOCS_OPEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"^(?:!!!|\?\?\?\+?)\s+(?P<kind>[A-Za-z-]+)(?:\s+"(?P<title>[^"]*)")?\s*$"#)
        .expect("a valid pattern")
});
static HINT_OPEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"^\{%\s*hint\s+style\s*=\s*["'](?P<kind>\w+)["']\s*%\}\s*$"#)
        .expect("a valid pattern")
});
static GITBOOK_TAB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"^\{%\s*tab\s+title\s*=\s*["'](?P<title>[^"']*)["']\s*%\}\s*$"#)
        .expect("a valid pattern")
});
static GITBOOK_DROP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\{%\s*(?:tabs|endtabs|endtab|endcontent-ref|content-ref\s[^%]*)\s*%\}\s*$")
        .expect("a valid pattern")
});
static HINT_CLOSE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\{%\s*endhint\s*%\}\s*$").expect("a valid pattern"));
static BOLD_NOTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^>\s*(?::\w+:\s*)?\*\*(?P<kind>note|tip|hint|info|important|warning|caution|danger)(?::\*\*|\*\*:?)\s*(?P<rest>.*)$")
        .expect("a valid pattern")
});
static README_CALLOUT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^>\s*(?P<emoji>📘|👍|🚧|❗️|❗)\s*(?P<rest>.*)$").expect("a valid pattern")
});
static PARAGRAPH_CALLOUT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<kind>NOTE|TIP|HINT|INFO|IMPORTANT|WARNING|CAUTION|DANGER):\s+(?P<rest>.*)$")
        .expect("a valid pattern")
});
static MDX_IMPORT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:import\s.+\sfrom\s+['\x22].+['\x22];?|import\s+['\x22].+['\x22];?|export\s+(?:const|default|function|let|var|class)\b.*)$")
        .expect("a valid pattern")
});
static MDX_COMMENT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\{/\*(?P<inner>.*?)\*/\}").expect("a valid pattern"));
static COMPONENT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"<(?P<name>[A-Z][A-Za-z0-9.]*)[\s/>]").expect("a valid pattern"));
static INLINE_CODE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"`+[^`]*`+").expect("a valid pattern"));

/// The GitHub alert an admonition of `kind` becomes.
fn alert(kind: &str) -> &'static str {
    match kind.to_ascii_lowercase().as_str() {
        "tip" | "hint" | "success" | "check" | "done" => "TIP",
        "important" => "IMPORTANT",
        "warning" | "warn" | "caution" | "attention" | "failure" | "fail" | "missing" => "WARNING",
        "danger" | "error" | "bug" => "CAUTION",
        _ => "NOTE",
    }
}

impl Work<'_> {
    fn count(&mut self, what: &'static str) {
        *self.counts.entry(what).or_default() += 1;
    }

    fn note(&mut self, line: usize, what: String) {
        self.notes.push(Note::at(self.file, line, what));
    }

    /// Converts a run of lines; admonitions' bodies are converted the
    /// same way before they are quoted.
    fn lines(&mut self, lines: Vec<Line>) -> Vec<Line> {
        let mut out: Vec<Line> = Vec::with_capacity(lines.len());
        let mut fence: Option<String> = None;
        let mut i = 0;
        while i < lines.len() {
            let (n, line) = &lines[i];
            let n = *n;
            let bare = line.trim_start();
            // Fences count inside block quotes too (`> ```…`).
            let unquoted = bare.trim_start_matches(['>', ' ']);
            if let Some(open) = &fence {
                if unquoted.starts_with(open.as_str())
                    && unquoted.trim_end().chars().all(|c| open.starts_with(c))
                {
                    fence = None;
                }
                out.push(lines[i].clone());
                i += 1;
                continue;
            }
            if unquoted.starts_with("```") || unquoted.starts_with("~~~") {
                let mark = unquoted.chars().next().unwrap_or('`');
                fence = Some(unquoted.chars().take_while(|&c| c == mark).collect());
                out.push(lines[i].clone());
                i += 1;
                continue;
            }
            let prev_blank = out.last().is_none_or(|(_, l)| l.trim().is_empty());
            if self.format == Format::Docusaurus
                && let Some(open) = DOCUSAURUS_OPEN.captures(bare)
            {
                let depth = open["colons"].len();
                let title = open
                    .name("bracket")
                    .or_else(|| open.name("rest"))
                    .map(|m| m.as_str().trim().to_owned());
                let kind = open["kind"].to_owned();
                let end = (i + 1..lines.len()).find(|&j| {
                    let b = lines[j].1.trim();
                    DOCUSAURUS_CLOSE.is_match(b) && b.len() == depth
                });
                if let Some(end) = end {
                    let inner = self.lines(lines[i + 1..end].to_vec());
                    self.quote(&mut out, n, &kind, title.as_deref(), inner);
                    self.count("admonitions (:::) to alerts");
                    i = end + 1;
                    continue;
                }
                self.note(
                    n,
                    format!("admonition `:::{kind}` is never closed; left as it is"),
                );
            }
            if self.format == Format::Mkdocs
                && let Some(open) = MKDOCS_OPEN.captures(line)
            {
                let kind = open["kind"].to_owned();
                let title = open.name("title").map(|m| m.as_str().to_owned());
                let mut end = i + 1;
                while end < lines.len()
                    && (lines[end].1.trim().is_empty()
                        || lines[end].1.starts_with("    ")
                        || lines[end].1.starts_with('\t'))
                {
                    end += 1;
                }
                while end > i + 1 && lines[end - 1].1.trim().is_empty() {
                    end -= 1;
                }
                let inner: Vec<Line> = lines[i + 1..end]
                    .iter()
                    .map(|(n, l)| {
                        let l = l
                            .strip_prefix("    ")
                            .or_else(|| l.strip_prefix('\t'))
                            .unwrap_or(l);
                        (*n, l.to_owned())
                    })
                    .collect();
                if line.starts_with("???") {
                    self.note(
                        n,
                        "a collapsible admonition (`???`) is now always open".to_owned(),
                    );
                }
                let inner = self.lines(inner);
                self.quote(
                    &mut out,
                    n,
                    &kind,
                    title.as_deref().filter(|t| !t.is_empty()),
                    inner,
                );
                self.count("admonitions (!!!) to alerts");
                i = end;
                continue;
            }
            if let Some(open) = HINT_OPEN.captures(bare) {
                let kind = match &open["kind"] {
                    "success" => "tip",
                    "warning" | "warn" => "warning",
                    "danger" => "danger",
                    _ => "note",
                }
                .to_owned();
                if let Some(end) =
                    (i + 1..lines.len()).find(|&j| HINT_CLOSE.is_match(lines[j].1.trim()))
                {
                    let inner = self.lines(lines[i + 1..end].to_vec());
                    self.quote(&mut out, n, &kind, None, inner);
                    self.count("GitBook hints to alerts");
                    i = end + 1;
                    continue;
                }
            }
            // GitBook tabs are shown one after another, each under its
            // title; `content-ref` keeps the link it wraps.
            if let Some(tab) = GITBOOK_TAB.captures(bare) {
                out.push((n, format!("**{}**", &tab["title"])));
                self.count("GitBook tabs to titled paragraphs");
                i += 1;
                continue;
            }
            if GITBOOK_DROP.is_match(bare) {
                i += 1;
                continue;
            }
            let quote_start = bare.starts_with('>')
                && out
                    .last()
                    .is_none_or(|(_, l)| !l.trim_start().starts_with('>'));
            if quote_start
                && let Some(found) = BOLD_NOTE.captures(bare)
                && !bare.contains("[!")
            {
                out.push((n, format!("> [!{}]", alert(&found["kind"]))));
                let rest = found["rest"].trim();
                if !rest.is_empty() {
                    out.push((n, format!("> {rest}")));
                }
                self.count("> **Note** quotes to alerts");
                i += 1;
                continue;
            }
            if quote_start && let Some(found) = README_CALLOUT.captures(bare) {
                let kind = match &found["emoji"] {
                    "👍" => "TIP",
                    "🚧" => "WARNING",
                    "❗️" | "❗" => "CAUTION",
                    _ => "NOTE",
                };
                out.push((n, format!("> [!{kind}]")));
                let rest = found["rest"].trim();
                if !rest.is_empty() {
                    out.push((n, format!("> **{rest}**")));
                }
                self.count("ReadMe callouts to alerts");
                i += 1;
                continue;
            }
            if self.callouts
                && prev_blank
                && let Some(found) = PARAGRAPH_CALLOUT.captures(line)
            {
                let mut end = i + 1;
                while end < lines.len() && !lines[end].1.trim().is_empty() {
                    end += 1;
                }
                let mut inner = vec![(n, found["rest"].to_owned())];
                inner.extend(lines[i + 1..end].iter().cloned());
                let kind = found["kind"].to_owned();
                self.quote(&mut out, n, &kind, None, inner);
                self.count("NOTE: paragraphs to alerts");
                i = end;
                continue;
            }
            if self.format == Format::Docusaurus && prev_blank && MDX_IMPORT.is_match(line) {
                // An MDX import or export runs to the next blank line.
                let what = if line.starts_with("import") {
                    "import"
                } else {
                    "export"
                };
                self.note(
                    n,
                    format!(
                        "MDX {what} `{}` was removed: quire pages are Markdown",
                        line.trim()
                    ),
                );
                while i < lines.len() && !lines[i].1.trim().is_empty() {
                    i += 1;
                }
                continue;
            }
            let line = self.inline(n, line);
            out.push((n, line));
            i += 1;
        }
        out
    }

    /// `inner` as a GitHub alert of `kind`, with its title in bold.
    fn quote(
        &mut self,
        out: &mut Vec<Line>,
        n: usize,
        kind: &str,
        title: Option<&str>,
        mut inner: Vec<Line>,
    ) {
        // Blank lines at the edges of an admonition's body mean nothing.
        while inner.last().is_some_and(|(_, l)| l.trim().is_empty()) {
            inner.pop();
        }
        let first = inner
            .iter()
            .position(|(_, l)| !l.trim().is_empty())
            .unwrap_or(inner.len());
        inner.drain(..first);
        out.push((n, format!("> [!{}]", alert(kind))));
        if let Some(title) = title.filter(|t| !t.is_empty()) {
            out.push((n, format!("> **{title}**")));
            out.push((n, ">".to_owned()));
        }
        for (m, l) in inner {
            out.push((
                m,
                if l.is_empty() {
                    ">".to_owned()
                } else {
                    format!("> {l}")
                },
            ));
        }
    }

    /// One line outside code: MDX comments become HTML comments; what
    /// quire cannot render is noted.
    fn inline(&mut self, n: usize, line: &str) -> String {
        let mut line = line.to_owned();
        if self.format == Format::Docusaurus && MDX_COMMENT.is_match(&line) {
            line = MDX_COMMENT.replace_all(&line, "<!--$inner-->").into_owned();
            self.count("MDX comments to HTML comments");
        }
        let outside_code = INLINE_CODE.replace_all(&line, "");
        if self.format == Format::Docusaurus
            && let Some(found) = COMPONENT.captures(&outside_code)
        {
            self.note(n, format!("MDX component `<{}>` is not Markdown; quire shows it as unknown HTML: rewrite it", &found["name"]));
        }
        if let Some(i) = outside_code.find("{{#") {
            let name: String = outside_code[i + 3..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            // The import expands mdBook's includes itself.
            let expanded = self.format == Format::Mdbook
                && matches!(name.as_str(), "include" | "rustdoc_include");
            if !expanded {
                self.note(
                    n,
                    format!("mdBook's `{{{{#{name}}}}}` is not expanded: paste in what it brought"),
                );
            }
        } else if outside_code.contains("{{<") || outside_code.contains("{{%") {
            self.note(
                n,
                "Hugo shortcode `{{< … >}}` is not expanded: rewrite it as Markdown".to_owned(),
            );
        } else if let Some(i) = outside_code.find("{%") {
            let tag: String = outside_code[i + 2..]
                .trim_start_matches(['-', ' '])
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '-' || *c == '_')
                .collect();
            self.note(n, format!("template tag `{{% {tag} %}}` (Jinja, Liquid or GitBook) is not processed: rewrite it as Markdown"));
        } else if outside_code.contains("{{") && outside_code.contains("}}") {
            self.note(
                n,
                "template variable `{{ … }}` (Jinja or macros) is not filled in: write its value"
                    .to_owned(),
            );
        }
        if self.format == Format::Mkdocs {
            if outside_code.trim_start().starts_with("--8<--") {
                self.note(
                    n,
                    "snippet include `--8<--` is not expanded: paste in the file it names"
                        .to_owned(),
                );
            } else if outside_code.starts_with("::: ") {
                self.note(n, "mkdocstrings block `::: …` is not rendered: quire has no API reference generator".to_owned());
            }
        }
        line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str, format: Format) -> Converted {
        body(text, 1, "p.md", format, format == Format::Mkdocs)
    }

    #[test]
    fn docusaurus_admonitions_and_mdx() {
        let text = "import Tabs from '@theme/Tabs';\n\n:::tip[My tip]\n\nUse **this**.\n\n:::\n\n::::warning Careful\nOuter\n:::note\nInner\n:::\n::::\n\n```md\n:::note\nkept in code\n:::\n```\n\n<Tabs>\n{/* hidden */}\n";
        let done = run(text, Format::Docusaurus);
        assert_eq!(
            done.text,
            "\n> [!TIP]\n> **My tip**\n>\n> Use **this**.\n\n> [!WARNING]\n> **Careful**\n>\n> Outer\n> > [!NOTE]\n> > Inner\n\n```md\n:::note\nkept in code\n:::\n```\n\n<Tabs>\n<!-- hidden -->\n"
        );
        let lines: Vec<usize> = done.notes.iter().map(|n| n.line).collect();
        assert_eq!(lines, [1, 22], "{:?}", done.notes);
        assert_eq!(done.counts["admonitions (:::) to alerts"], 3);
    }

    #[test]
    fn mkdocs_admonitions_callouts_and_templates() {
        let text = "!!! note \"Read this\"\n    First line.\n\n    Second paragraph.\n\nAfter.\n\n??? danger\n    Hidden.\n\nNOTE: A callout\nover two lines.\n\n{{ config.site_name }} and `{{ not this }}`\n\n--8<-- \"file.md\"\n";
        let done = run(text, Format::Mkdocs);
        assert_eq!(
            done.text,
            "> [!NOTE]\n> **Read this**\n>\n> First line.\n>\n> Second paragraph.\n\nAfter.\n\n> [!CAUTION]\n> Hidden.\n\n> [!NOTE]\n> A callout\n> over two lines.\n\n{{ config.site_name }} and `{{ not this }}`\n\n--8<-- \"file.md\"\n"
        );
        let lines: Vec<usize> = done.notes.iter().map(|n| n.line).collect();
        assert_eq!(lines, [8, 14, 16], "{:?}", done.notes);
    }

    #[test]
    fn quotes_hints_and_includes_in_any_markdown() {
        let text = "> **Note**\n> Old GitHub style.\n\n> **Warning:** inline.\n\n{% hint style=\"success\" %}\nDone.\n{% endhint %}\n\n> 🚧 Under construction\n> Soon.\n\n{{#include ../code.rs}}\n\n{% tabs %}\n{% tab title=\"Maven\" %}\nxml\n{% endtab %}\n{% endtabs %}\n{% embed url=\"x\" %}\n";
        let done = run(text, Format::Markdown);
        assert_eq!(
            done.text,
            "> [!NOTE]\n> Old GitHub style.\n\n> [!WARNING]\n> inline.\n\n> [!TIP]\n> Done.\n\n> [!WARNING]\n> **Under construction**\n> Soon.\n\n{{#include ../code.rs}}\n\n**Maven**\nxml\n{% embed url=\"x\" %}\n"
        );
        assert_eq!(done.notes.len(), 2, "{:?}", done.notes);
        assert!(
            done.notes[0].what.contains("{{#include}}"),
            "{}",
            done.notes[0].what
        );
        assert!(
            done.notes[1].what.contains("{% embed %}"),
            "{}",
            done.notes[1].what
        );
    }
}
