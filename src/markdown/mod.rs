//! Markdown to HTML: CommonMark plus GitHub's extensions, with quire's
//! structure on top: numbered `{.step}` headings and the step list, heading
//! anchors and the table of contents, GitHub alerts as callouts, relative
//! `.md` links rewritten to page URLs ([`links`]), and `checker` blocks
//! ([`checker_block`]).

/// `checker` blocks.
pub mod checker_block;
/// Links between pages.
pub mod links;

use std::collections::{HashMap, HashSet};
use std::path::Path;

use pulldown_cmark::{
    BlockQuoteKind, CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd,
};

use crate::diagnostics::{Code, Diagnostic, LineIndex, Position};
use crate::html::escape_html;
use crate::url::heading_id;
pub use links::PageLinks;

/// What rendering a page's body produced besides its HTML.
#[derive(Debug, Default)]
pub struct Rendered {
    /// The body as HTML.
    pub html: String,
    /// Level 2 and 3 headings, for the page's table of contents.
    pub toc: Vec<TocEntry>,
    /// The `{.step}` headings, numbered.
    pub steps: Vec<Step>,
    /// The `checker` blocks.
    pub checkers: Vec<checker_block::CheckerBlock>,
    /// Problems found while rendering.
    pub diagnostics: Vec<Diagnostic>,
    /// Every heading id on the page, for checking links to anchors.
    pub ids: Vec<String>,
    /// Links within the site, as rendered (`/guides/x/#anchor`, `#anchor`).
    pub links: Vec<Reference>,
    /// Images, as written.
    pub images: Vec<Reference>,
    /// Links to other sites, listed by `quire check`.
    pub external: Vec<Reference>,
    /// The text readers search, by heading: the first entry is the text
    /// before the first heading. Checker forms are not in it.
    pub search: Vec<SearchSection>,
    /// The body as plain Markdown for AI assistants, when asked for (see
    /// [`Source::copy_origin`]): no HTML, no heading attributes, steps
    /// numbered, checker blocks as the list of values and where to find
    /// them, and links and images as absolute URLs.
    pub markdown: Option<String>,
}

/// A heading and the text below it, up to the next heading, as search
/// indexes them.
#[derive(Debug, Clone, Default)]
pub struct SearchSection {
    /// The heading's id; empty for the text before the first heading.
    pub id: String,
    /// The heading as text, with its step number (`Step 2: Prepare…`).
    pub heading: String,
    /// The heading's level (0 for the text before the first heading).
    pub level: u8,
    /// Whether the heading is a step (`{.step}`).
    pub step: bool,
    /// The readable text, callouts and code included.
    pub text: String,
    /// The text of callouts (notes, warnings), weighted above the body.
    pub callout: String,
    /// Inline code (`AADSTS7000215`), weighted near headings: error codes
    /// and setting names are what readers paste into search.
    pub code: String,
}

/// A link or image destination and where it is written.
#[derive(Debug, Clone)]
pub struct Reference {
    /// The destination.
    pub target: String,
    /// Where it is written.
    pub position: Position,
    /// For images: whether the alt text is empty.
    pub no_text: bool,
}

/// An entry of the table of contents.
#[derive(Debug, Clone, serde::Serialize)]
pub struct TocEntry {
    /// The heading level, 2 or 3.
    pub level: u8,
    /// The heading id.
    pub id: String,
    /// The heading as text.
    pub title: String,
}

/// A `{.step}` heading.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Step {
    /// Its number, from 1.
    pub number: usize,
    /// The heading id.
    pub id: String,
    /// The heading as text.
    pub title: String,
}

/// Turns a link destination written in the Markdown into a URL.
pub trait LinkResolver {
    /// `None`: leave the link as written. `Some(Err(why))`: a broken link.
    fn resolve(&self, destination: &str) -> Option<Result<String, String>>;
}

/// The Markdown of one page, with what is needed to place diagnostics.
pub struct Source<'a> {
    /// The file, for diagnostics.
    pub file: &'a Path,
    /// The whole file, so positions count its front matter too.
    pub text: &'a str,
    /// Where the body starts in `text`, in bytes.
    pub body_start: usize,
    /// The checker presets its blocks may name.
    pub presets: &'a crate::presets::Presets,
    /// With the site's origin (`https://example.com`), a Markdown copy of
    /// the body is made too, with links made absolute on that origin.
    pub copy_origin: Option<&'a str>,
}

/// The Markdown extensions quire turns on.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
}

/// Ids the default theme gives its own elements; a heading never takes one.
pub const THEME_IDS: &[&str] = &[
    "main",
    "site-nav",
    "steps-title",
    "toc-title",
    "quire-error-overlay",
];

/// Holds a summary's place in the page's HTML until every block is known.
/// CommonMark turns U+0000 in a page into U+FFFD, so no page can write it.
fn summary_mark(n: usize) -> String {
    format!("\u{0}quire-summary-{n}\u{0}")
}

/// Renders a page's body, resolving links with `links`.
pub fn render(source: &Source<'_>, links: &dyn LinkResolver) -> Rendered {
    let body = &source.text[source.body_start..];
    let mut state = State {
        source,
        lines: std::cell::OnceCell::new(),
        links,
        rendered: Rendered::default(),
        taken: HashSet::new(),
        suffixes: HashMap::new(),
        last_level: 1,
        heading_position: None,
        summaries: Vec::new(),
        broken_checker: false,
        page_presets: Vec::new(),
        broken_presets: Vec::new(),
        callouts: 0,
        edits: source.copy_origin.map(|_| Vec::new()),
    };
    state.rendered.search.push(SearchSection::default());
    let mut events: Vec<Event<'_>> = Vec::new();
    let mut parser = Parser::new_ext(body, options()).into_offset_iter();
    // Inside an HTML comment that spans several HTML events.
    let mut in_comment = false;
    while let Some((event, range)) = parser.next() {
        if !matches!(event, Event::Html(_) | Event::InlineHtml(_)) {
            in_comment = false;
        }
        match event {
            // Comments are notes to writers, not readers: never published.
            Event::Html(html) => {
                state.edit(range.clone(), String::new());
                let kept = strip_comments(html, &mut in_comment);
                if !kept.trim().is_empty() {
                    events.push(Event::Html(state.html_urls(kept, range.start)));
                }
            }
            Event::InlineHtml(html) => {
                state.edit(range.clone(), String::new());
                let kept = strip_comments(html, &mut in_comment);
                if !kept.is_empty() {
                    events.push(Event::InlineHtml(state.html_urls(kept, range.start)));
                }
            }
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                state.heading_position = Some(state.position(range.start));
                let heading_range = range.clone();
                let steps_before = state.rendered.steps.len();
                let mut inner = Vec::new();
                let mut in_heading_comment = false;
                while let Some((event, range)) = parser.next() {
                    match event {
                        Event::End(TagEnd::Heading(_)) => break,
                        Event::InlineHtml(html) => {
                            let kept = strip_comments(html, &mut in_heading_comment);
                            if !kept.is_empty() {
                                inner.push(Event::InlineHtml(kept));
                            }
                        }
                        Event::Start(image @ Tag::Image { .. }) => {
                            state.image(image, &mut parser, range.start, &mut inner);
                        }
                        event => inner.push(state.rewrite_link(event, range.start)),
                    }
                }
                events.push(Event::Html(
                    state.heading(level, id, classes, attrs, inner).into(),
                ));
                if state.edits.is_some() {
                    let step = (state.rendered.steps.len() > steps_before)
                        .then(|| state.rendered.steps.last().map(|s| s.number))
                        .flatten();
                    state.copy_heading(heading_range, step);
                }
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                state.callouts += 1;
                events.push(Event::Html(callout_open(kind).into()));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => {
                state.callouts = state.callouts.saturating_sub(1);
                events.push(Event::Html("</div>\n".into()));
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))
                if info.split_whitespace().next() == Some("checker") =>
            {
                let blocks_before = state.rendered.checkers.len();
                if let Some(html) = state.checker(&mut parser, range.start) {
                    events.push(Event::Html(html.into()));
                }
                if state.edits.is_some() {
                    let list = (state.rendered.checkers.len() > blocks_before)
                        .then(|| state.rendered.checkers.last().map(checker_markdown))
                        .flatten()
                        .unwrap_or_default();
                    state.edit(range, list);
                }
            }
            Event::Start(image @ Tag::Image { .. }) => {
                if let Tag::Image { dest_url, .. } = &image {
                    state.copy_destination(range.clone(), dest_url);
                }
                state.image(image, &mut parser, range.start, &mut events);
            }
            event => {
                if let Event::Start(Tag::Link { dest_url, .. }) = &event {
                    state.copy_destination(range.clone(), dest_url);
                }
                state.searchable(&event);
                events.push(state.rewrite_link(event, range.start));
            }
        }
    }
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    // Summaries, now that every block of the page is known.
    for (n, heading) in std::mem::take(&mut state.summaries) {
        let form = checker_block::summary_html(&state.rendered.checkers, n, &heading);
        html = html.replacen(&summary_mark(n), &form, 1);
    }
    // A block that could not be read would make the page-wide rules
    // report its fields again.
    if !state.broken_checker {
        let file = source.file;
        state
            .rendered
            .diagnostics
            .extend(checker_block::coverage(&state.rendered.checkers, file));
    }
    state.rendered.html = html;
    if let Some(edits) = state.edits.take() {
        state.rendered.markdown = Some(splice(body, edits));
    }
    state.rendered
}

/// `text` with each range replaced, in order; a range inside one already
/// replaced (an image in a link's text) is left to the outer one.
fn splice(text: &str, mut edits: Vec<(std::ops::Range<usize>, String)>) -> String {
    edits.sort_by_key(|(range, _)| range.start);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (range, with) in edits {
        if range.start < at || range.end > text.len() {
            continue;
        }
        out.push_str(&text[at..range.start]);
        out.push_str(&with);
        at = range.end;
    }
    out.push_str(&text[at..]);
    out
}

/// A checker block as Markdown: the values it asks for and where each is
/// found, for a reader that cannot run the checker.
fn checker_markdown(block: &checker_block::CheckerBlock) -> String {
    let mut out = String::from(match block.kind {
        checker_block::Kind::Step => "The values this step gives you:\n\n",
        checker_block::Kind::Summary => "Every value, and where to find it:\n\n",
    });
    for field in &block.fields {
        let def = &field.def;
        out.push_str(&format!("- **{}**", def.label));
        if !def.where_to_find.is_empty() {
            out.push_str(&format!(": {}", def.where_to_find));
        }
        if def.secret {
            out.push_str(" (a secret: never share it)");
        }
        out.push('\n');
    }
    if block.kind == checker_block::Kind::Summary {
        out.push_str(
            "\nThe web page of this guide checks each value in the browser as it is pasted; nothing pasted leaves the browser.\n",
        );
    }
    out
}

/// Where a link or image's destination is written in `src`, its source
/// (`[text](dest "title")`); `None` for other forms (reference links).
fn destination_in(src: &str) -> Option<std::ops::Range<usize>> {
    let inner = src.strip_suffix(')')?;
    let open = inner.rfind("](")? + 2;
    let rest = &inner[open..];
    let lead = rest.len() - rest.trim_start().len();
    let rest = &rest[lead..];
    let len = if rest.starts_with('<') {
        rest.find('>')? + 1
    } else {
        rest.find(char::is_whitespace).unwrap_or(rest.len())
    };
    Some(open + lead..open + lead + len)
}

struct State<'s, 'a> {
    source: &'s Source<'a>,
    /// Built at the first position asked for; most pages ask for many.
    lines: std::cell::OnceCell<LineIndex<'a>>,
    links: &'s dyn LinkResolver,
    rendered: Rendered,
    /// Ids the page's headings took (the theme's, [`THEME_IDS`], are
    /// taken too).
    taken: HashSet<String>,
    /// The last number appended to each wanted id, GitHub-style (`a-1`).
    suffixes: HashMap<String, usize>,
    /// The level of the last heading; the page title is the level 1.
    last_level: u8,
    heading_position: Option<Position>,
    /// Summary blocks waiting to be rendered: the block's index and its
    /// heading's HTML.
    summaries: Vec<(usize, String)>,
    /// A `checker` block of the page could not be read.
    broken_checker: bool,
    /// Presets declared in the page's checker blocks, so far.
    page_presets: Vec<crate::presets::PresetDef>,
    /// Presets declared with problems: blocks naming them are skipped.
    broken_presets: Vec<String>,
    /// How many callouts the events are inside.
    callouts: usize,
    /// For the Markdown copy: source ranges of the body and what replaces
    /// them. `None` when no copy is made.
    edits: Option<Vec<(std::ops::Range<usize>, String)>>,
}

impl State<'_, '_> {
    /// Replaces `range` of the body in the Markdown copy.
    fn edit(&mut self, range: std::ops::Range<usize>, with: String) {
        if let Some(edits) = &mut self.edits {
            edits.push((range, with));
        }
    }

    /// A heading in the Markdown copy: its `{#id .class}` left out, and a
    /// step numbered as the page shows it.
    fn copy_heading(&mut self, range: std::ops::Range<usize>, step: Option<usize>) {
        let body = &self.source.text[self.source.body_start..];
        let Some(src) = body.get(range.clone()) else {
            return;
        };
        // ATX headings only (`## Title {.step}`); a Setext one stays.
        if !src.starts_with('#') {
            return;
        }
        let line_end = src.find('\n').unwrap_or(src.len());
        let line = src[..line_end].trim_end_matches('\r');
        let hashes = line.len() - line.trim_start_matches('#').len();
        let mut title = line[hashes..].trim().trim_end_matches('#').trim_end();
        if title.ends_with('}')
            && let Some(open) = title.rfind('{')
        {
            title = title[..open].trim_end();
        }
        let title = match step {
            Some(n) => format!("Step {n}: {title}"),
            None => title.to_owned(),
        };
        let with = format!("{} {title}", &line[..hashes]);
        self.edit(range.start..range.start + line.len(), with);
    }

    /// A link or image destination in the Markdown copy, as an absolute
    /// URL where the page resolves it to one on this site.
    fn copy_destination(&mut self, range: std::ops::Range<usize>, dest: &str) {
        let Some(origin) = self.source.copy_origin else {
            return;
        };
        let body = &self.source.text[self.source.body_start..];
        let Some(at) = body.get(range.clone()).and_then(destination_in) else {
            return;
        };
        let resolved = match self.links.resolve(dest) {
            Some(Ok(url)) => url,
            _ => return,
        };
        let absolute = if resolved.starts_with('/') && !resolved.starts_with("//") {
            format!("{origin}{resolved}")
        } else if let Some(anchor) = resolved.strip_prefix('#') {
            format!("#{anchor}")
        } else {
            resolved
        };
        self.edit(range.start + at.start..range.start + at.end, absolute);
    }
}

impl<'e> State<'_, '_> {
    /// A `checker` block, from after its opening fence to its end: the
    /// credentials table's HTML, or `None` with its problems recorded.
    fn checker(
        &mut self,
        parser: &mut impl Iterator<Item = (Event<'e>, std::ops::Range<usize>)>,
        fence: usize,
    ) -> Option<String> {
        let mut yaml = String::new();
        let mut yaml_start = None;
        for (event, range) in parser.by_ref() {
            match event {
                Event::Text(text) => {
                    yaml_start.get_or_insert(range.start);
                    yaml.push_str(&text);
                }
                Event::End(TagEnd::CodeBlock) => break,
                _ => {}
            }
        }
        let at = checker_block::Origin {
            file: self.source.file,
            text: self.source.text,
            offset: self.source.body_start + yaml_start.unwrap_or(fence),
            presets: self.source.presets,
            page_presets: &self.page_presets,
            broken_presets: &self.broken_presets,
        };
        let parsed = checker_block::CheckerBlock::parse(&yaml, &at);
        if let Ok(checker_block::CheckerBlock {
            defined: Some(preset),
            ..
        }) = &parsed
        {
            self.page_presets.push(preset.clone());
        }
        match parsed {
            Ok(block) if block.kind == checker_block::Kind::Summary => {
                // A real heading, in the page contents. Whether the summary
                // holds the inputs or sums up the steps' is known once every
                // block of the page is read: a placeholder holds its place.
                self.heading_position = Some(block.position);
                let title = block.title.clone();
                let heading = self.heading(
                    HeadingLevel::H2,
                    None,
                    Vec::new(),
                    Vec::new(),
                    vec![Event::Text(title.into())],
                );
                let n = self.rendered.checkers.len();
                self.summaries.push((n, heading));
                self.add_input_ids(&block);
                self.rendered.checkers.push(block);
                Some(summary_mark(n))
            }
            Ok(block) => {
                let html = block.to_html(None, false);
                self.add_input_ids(&block);
                self.rendered.checkers.push(block);
                Some(html)
            }
            Err(mut problems) => {
                // A preset declared here with problems: later blocks that
                // name it add nothing to what was said here.
                let declared = crate::content::front_matter::over_limits(&yaml)
                    .is_none()
                    .then(|| serde_yaml::from_str::<serde_yaml::Value>(&yaml).ok())
                    .flatten()
                    .and_then(|v| v.get("preset")?.get("name")?.as_str().map(str::to_owned));
                self.broken_presets.extend(declared);
                self.broken_checker = true;
                self.rendered.diagnostics.append(&mut problems);
                None
            }
        }
    }

    /// The block's input ids, as anchors links may point at.
    fn add_input_ids(&mut self, block: &checker_block::CheckerBlock) {
        for field in &block.fields {
            let id = checker_block::input_id(&block.preset, &field.def.id);
            if !self.rendered.ids.contains(&id) {
                self.rendered.ids.push(id);
            }
        }
    }

    /// An image, kept as it is, and recorded for the checks (it must exist
    /// and have alt text).
    fn image(
        &mut self,
        image: Tag<'e>,
        parser: &mut impl Iterator<Item = (Event<'e>, std::ops::Range<usize>)>,
        start: usize,
        events: &mut Vec<Event<'e>>,
    ) {
        let mut inner = Vec::new();
        for (event, _) in parser.by_ref() {
            if matches!(event, Event::End(TagEnd::Image)) {
                break;
            }
            inner.push(event);
        }
        let mut image = image;
        if let Tag::Image { dest_url, .. } = &mut image {
            // An image beside the page is published beside it too.
            if let Some(Ok(url)) = self.links.resolve(dest_url) {
                *dest_url = CowStr::from(url);
            }
            self.rendered.images.push(Reference {
                target: dest_url.to_string(),
                position: self.position(start),
                no_text: plain_text(&inner).is_empty(),
            });
        }
        events.push(Event::Start(image));
        events.extend(inner);
        events.push(Event::End(TagEnd::Image));
    }

    fn position(&self, body_offset: usize) -> Position {
        self.lines
            .get_or_init(|| LineIndex::new(self.source.text))
            .position(self.source.body_start + body_offset)
    }

    /// Raw HTML with its `src` and `href` values that name a page's
    /// Markdown file or a file beside the page rewritten to their URLs, as
    /// Markdown links and images are; a broken one is reported.
    fn html_urls(&mut self, html: CowStr<'e>, offset: usize) -> CowStr<'e> {
        static URL: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
            regex::Regex::new(r#"(?i)\b(src|href)\s*=\s*(?:"([^"]*)"|'([^']*)')"#)
                .expect("a valid pattern")
        });
        let has = |word: &[u8]| {
            html.as_bytes()
                .windows(word.len())
                .any(|w| w.eq_ignore_ascii_case(word))
        };
        if !has(b"src") && !has(b"href") {
            return html;
        }
        let mut out = String::with_capacity(html.len());
        let mut last = 0;
        for found in URL.captures_iter(&html) {
            let (Some(attribute), Some(value)) = (found.get(1), found.get(2).or(found.get(3)))
            else {
                continue;
            };
            let written = value.as_str().replace("&amp;", "&");
            let reference = |target: &str, this: &Self| Reference {
                target: target.to_owned(),
                position: this.position(offset),
                no_text: false,
            };
            match self.links.resolve(&written) {
                Some(Ok(url)) => {
                    if attribute.as_str().eq_ignore_ascii_case("src") {
                        self.rendered.images.push(reference(&url, self));
                    } else {
                        self.rendered.links.push(reference(&url, self));
                    }
                    out.push_str(&html[last..value.start()]);
                    out.push_str(&escape_html(&url));
                    last = value.end();
                }
                Some(Err(why)) => {
                    let diagnostic = Diagnostic::error(Code::LinkBroken, self.source.file, self.position(offset), why)
                        .with_help("write a path from this page's Markdown file to a file beside it, such as images/screen.png");
                    self.rendered.diagnostics.push(diagnostic);
                }
                None => {}
            }
        }
        if last == 0 {
            return html;
        }
        out.push_str(&html[last..]);
        CowStr::from(out)
    }

    fn rewrite_link(&mut self, event: Event<'e>, offset: usize) -> Event<'e> {
        let Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) = event
        else {
            return event;
        };
        let reference = |target: &str| Reference {
            target: target.to_owned(),
            position: self.position(offset),
            no_text: false,
        };
        let dest_url = match self.links.resolve(&dest_url) {
            None => {
                if dest_url.contains("://") || dest_url.starts_with("mailto:") {
                    self.rendered.external.push(reference(&dest_url));
                } else {
                    self.rendered.links.push(reference(&dest_url));
                }
                dest_url
            }
            Some(Ok(url)) => {
                self.rendered.links.push(reference(&url));
                CowStr::from(url)
            }
            Some(Err(why)) => {
                let diagnostic = Diagnostic::error(Code::LinkBroken, self.source.file, self.position(offset), why)
                    .with_help("link to another page by its Markdown file, relative to this one, e.g. [Troubleshooting](troubleshooting.md#aadsts7000215)");
                self.rendered.diagnostics.push(diagnostic);
                dest_url
            }
        };
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        })
    }

    /// `wanted`, or `wanted-1`, `wanted-2`… when it is taken. A heading
    /// that set its own id (`{#id}`) and lost it gets a warning.
    fn unique_id(&mut self, asked: String, explicit: bool) -> String {
        let free =
            |taken: &HashSet<String>, id: &str| !THEME_IDS.contains(&id) && !taken.contains(id);
        // `quire-…` ids are the checker's (its inputs and their notes): a
        // heading that wants one gets `heading-quire-…`.
        let wanted = if asked.starts_with("quire-") {
            format!("heading-{asked}")
        } else {
            asked.clone()
        };
        let id = if free(&self.taken, &wanted) {
            wanted.clone()
        } else {
            let mut n = self.suffixes.get(&wanted).copied().unwrap_or(0);
            let id = loop {
                n += 1;
                let candidate = format!("{wanted}-{n}");
                if free(&self.taken, &candidate) {
                    break candidate;
                }
            };
            self.suffixes.insert(wanted, n);
            id
        };
        self.taken.insert(id.clone());
        if explicit && id != asked {
            let why = if THEME_IDS.contains(&asked.as_str()) {
                "the theme uses it"
            } else if asked.starts_with("quire-") {
                "ids starting with `quire-` belong to the credential checker"
            } else {
                "another heading on this page has it"
            };
            self.rendered.diagnostics.push(
                Diagnostic::warning(
                    Code::HeadingDuplicateId,
                    self.source.file,
                    self.heading_position.unwrap_or_default(),
                    format!("this heading asks for the id `{asked}`, but {why}; it gets `{id}`"),
                )
                .with_help("choose another id, so links to this heading go where you mean"),
            );
        }
        id
    }

    /// Adds the text of a body event to the search text of the heading
    /// it is under.
    fn searchable(&mut self, event: &Event<'_>) {
        let Some(section) = self.rendered.search.last_mut() else {
            return;
        };
        match event {
            Event::Text(text) => {
                section.text.push_str(text);
                if self.callouts > 0 {
                    section.callout.push_str(text);
                    section.callout.push(' ');
                }
            }
            Event::Code(code) => {
                section.text.push_str(code);
                section.code.push_str(code);
                section.code.push(' ');
            }
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::CodeBlock
                | TagEnd::BlockQuote(_),
            ) if !section.text.ends_with(' ') => section.text.push(' '),
            _ => {}
        }
    }

    fn heading(
        &mut self,
        level: HeadingLevel,
        id: Option<CowStr<'_>>,
        classes: Vec<CowStr<'_>>,
        attrs: Vec<(CowStr<'_>, Option<CowStr<'_>>)>,
        inner: Vec<Event<'_>>,
    ) -> String {
        let plain = plain_text(&inner);
        let explicit = id.is_some();
        let id = self.unique_id(
            id.map_or_else(|| heading_id(&plain), |id| id.to_string()),
            explicit,
        );
        self.rendered.ids.push(id.clone());
        let level_number = level as u8;
        self.check_level(level_number);
        self.last_level = level_number;
        let is_step = classes.iter().any(|c| c.as_ref() == "step");
        let mut title_html = String::new();
        pulldown_cmark::html::push_html(&mut title_html, inner.into_iter());
        let mut label = String::new();
        let mut toc_title = plain.clone();
        let mut search_heading = plain.clone();
        if is_step {
            let number = self.rendered.steps.len() + 1;
            // Pushed, not formatted: most guides' headings are steps.
            let digits = number.to_string();
            let step = |before: &str, between: &str, after: &str| {
                let mut text = String::with_capacity(
                    before.len() + 5 + digits.len() + between.len() + after.len(),
                );
                for part in [before, "Step ", &digits, between, after] {
                    text.push_str(part);
                }
                text
            };
            label = step("<span class=\"step-label\">", " —", "</span> ");
            toc_title = step("", " — ", &plain);
            search_heading = step("", ": ", &plain);
            self.rendered.steps.push(Step {
                number,
                id: id.clone(),
                title: plain.clone(),
            });
        }
        self.rendered.search.push(SearchSection {
            id: id.clone(),
            heading: search_heading,
            level: level_number,
            step: is_step,
            // Most sections' text is short: one allocation, not several.
            text: String::with_capacity(512),
            ..SearchSection::default()
        });
        if (2..=3).contains(&level_number) {
            self.rendered.toc.push(TocEntry {
                level: level_number,
                id: id.clone(),
                title: toc_title,
            });
        }
        // Pushed piece by piece: every page has several headings.
        let digit = char::from(b'0' + level_number);
        let mut html = String::with_capacity(
            120 + label.len() + title_html.len() + 2 * id.len() + plain.len(),
        );
        html.push_str("<h");
        html.push(digit);
        html.push_str(" id=\"");
        crate::html::escape_html_into(&mut html, &id);
        html.push('"');
        push_attributes(&mut html, &classes, &attrs);
        html.push('>');
        html.push_str(&label);
        html.push_str(&title_html);
        html.push_str("<a class=\"heading-anchor\" href=\"#");
        crate::html::escape_html_into(&mut html, &id);
        html.push_str("\" aria-label=\"Link to this section: ");
        crate::html::escape_html_into(&mut html, &plain);
        html.push_str("\">#</a></h");
        html.push(digit);
        html.push_str(">\n");
        html
    }

    /// A warning when a heading skips a level (`##` then `####`).
    fn check_level(&mut self, level: u8) {
        if level > self.last_level + 1 {
            self.rendered.diagnostics.push(
                Diagnostic::warning(
                    Code::HeadingSkippedLevel,
                    self.source.file,
                    self.heading_position.unwrap_or_default(),
                    format!("this heading skips from level {} to level {level}", self.last_level),
                )
                .with_help(format!(
                    "use a level {} heading ({}) here; screen readers and the table of contents rely on the order",
                    self.last_level + 1,
                    "#".repeat(usize::from(self.last_level + 1))
                )),
            );
        }
    }
}

/// A heading's classes and attributes, except event handlers (they run
/// script) and `id`/`class` written as attributes (set separately).
fn push_attributes(
    html: &mut String,
    classes: &[CowStr<'_>],
    attrs: &[(CowStr<'_>, Option<CowStr<'_>>)],
) {
    if !classes.is_empty() {
        let classes: Vec<&str> = classes.iter().map(|c| c.as_ref()).collect();
        html.push_str(&format!(" class=\"{}\"", escape_html(&classes.join(" "))));
    }
    for (name, value) in attrs {
        let name: String = name
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        let lower = name.to_ascii_lowercase();
        if name.is_empty() || lower.starts_with("on") || lower == "id" || lower == "class" {
            continue;
        }
        match value {
            Some(value) => html.push_str(&format!(" {name}=\"{}\"", escape_html(value))),
            None => html.push_str(&format!(" {name}")),
        }
    }
}

fn callout_open(kind: BlockQuoteKind) -> String {
    let (class, title) = match kind {
        BlockQuoteKind::Note => ("note", "Note"),
        BlockQuoteKind::Tip => ("tip", "Tip"),
        BlockQuoteKind::Important => ("important", "Important"),
        BlockQuoteKind::Warning => ("warning", "Warning"),
        BlockQuoteKind::Caution => ("caution", "Caution"),
    };
    format!(
        "<div class=\"callout callout-{class}\" role=\"note\" aria-label=\"{title}\">\n<p class=\"callout-title\">{title}</p>\n"
    )
}

/// `html` without its comments, borrowed as it is when it has none;
/// `in_comment` carries a comment that is still open at the end of `html`
/// into the next piece.
fn strip_comments<'h>(html: CowStr<'h>, in_comment: &mut bool) -> CowStr<'h> {
    if !*in_comment && !html.contains("<!--") {
        return html;
    }
    strip_comments_from(&html, in_comment).into()
}

fn strip_comments_from(html: &str, in_comment: &mut bool) -> String {
    let mut kept = String::with_capacity(html.len());
    let mut rest = html;
    loop {
        if *in_comment {
            match rest.find("-->") {
                Some(end) => {
                    rest = &rest[end + 3..];
                    *in_comment = false;
                }
                None => return kept,
            }
        } else {
            match rest.find("<!--") {
                Some(start) => {
                    kept.push_str(&rest[..start]);
                    rest = &rest[start + 4..];
                    *in_comment = true;
                }
                None => {
                    kept.push_str(rest);
                    return kept;
                }
            }
        }
    }
}

fn plain_text(events: &[Event<'_>]) -> String {
    let mut text = String::new();
    for event in events {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text.trim().to_owned()
}

/// Resolves `dest`, relative to the page at `from` (a `/`-separated path
/// inside the version), to the path of a Markdown file, and its anchor.
/// `None` when `dest` is not a relative link to a Markdown file.
pub fn markdown_target(from: &str, dest: &str) -> Option<(String, Option<String>)> {
    if dest.is_empty()
        || dest.starts_with(['/', '#'])
        || dest.contains("://")
        || dest.starts_with("mailto:")
    {
        return None;
    }
    let (path, anchor) = match dest.split_once('#') {
        Some((p, a)) => (p, Some(a.to_owned())),
        None => (dest, None),
    };
    let path = path.split('?').next().unwrap_or(path);
    if !path.ends_with(".md") {
        return None;
    }
    Some((relative_path(from, path)?, anchor))
}

/// `path`, written in the file at `from` (both relative to the version
/// folder), as a path relative to the version folder; `None` when it
/// climbs out of it.
pub fn relative_path(from: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    struct NoLinks;
    impl LinkResolver for NoLinks {
        fn resolve(&self, dest: &str) -> Option<Result<String, String>> {
            dest.ends_with(".md")
                .then(|| Err(format!("no page {dest}")))
        }
    }

    fn render_str(body: &str) -> Rendered {
        let text = format!("---\ntitle: T\n---\n{body}");
        let source = Source {
            file: Path::new("p.md"),
            text: &text,
            body_start: 16,
            presets: crate::presets::Presets::built_in(),
            copy_origin: None,
        };
        render(&source, &NoLinks)
    }

    const SUMMARY: &str = "```checker\npreset: dynamics-365\n```\n";

    #[test]
    fn a_summary_is_rendered_in_place_without_restarting_footnotes() {
        let r = render_str(&format!(
            "First[^a].\n\n{SUMMARY}\nLater[^b], again[^a].\n\n[^a]: A.\n[^b]: B.\n"
        ));
        assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
        let refs: Vec<&str> = r
            .html
            .split("class=\"footnote-reference\"><a href=\"#")
            .skip(1)
            .map(|rest| &rest[..1])
            .collect();
        assert_eq!(refs, ["a", "b", "a"]);
        let numbers: Vec<&str> = r
            .html
            .split("class=\"footnote-reference\"><a href=\"#")
            .skip(1)
            .map(|rest| rest.split('>').nth(1).unwrap_or("").trim_end_matches("</a"))
            .collect();
        assert_eq!(numbers, ["1", "2", "1"], "{}", r.html);
        let at = r.html.find("quire-checker-summary").expect("summary");
        assert!(
            r.html.find("First").expect("first") < at && at < r.html.find("Later").expect("later")
        );
        assert!(!r.html.contains('\u{0}'));
        assert_eq!(r.toc.len(), 1);
        assert_eq!(r.toc[0].id, "check-your-values");
    }

    #[test]
    fn a_page_cannot_forge_a_summarys_place() {
        // U+0000 becomes U+FFFD in CommonMark: the mark cannot be written.
        let r = render_str("<p>\u{0}quire-summary-0\u{0}</p>\n\ntext \u{0}quire-summary-0\u{0}\n");
        assert!(!r.html.contains("quire-checker"), "{}", r.html);
    }

    #[test]
    fn the_summary_shows_fields_as_the_steps_do() {
        let r = render_str(&format!(
            "## A {{.step}}\n\n```checker\npreset: dynamics-365\nfields:\n  - id: client_id\n    label: App ID\n    where: Portal > Apps\n  - token_url\n  - id: backup\n    label: Backup secret\n    rule: client_secret\n```\n\n## B {{.step}}\n\n```checker\npreset: dynamics-365\nfields: [client_secret, web_api_url, scopes]\n```\n\n{SUMMARY}"
        ));
        assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
        let summary = &r.html[r.html.find("quire-checker-summary").expect("summary")..];
        assert!(summary.contains("<dt>App ID</dt>"), "{summary}");
        assert!(summary.contains("Portal<span class=\"menu-sep\"> › </span>Apps"));
        assert!(summary.contains("data-recap-for=\"backup\""));
        assert_eq!(summary.matches("data-recap-for=").count(), 6);
    }

    #[test]
    fn checker_ids_are_reserved_and_linkable() {
        let r = render_str(&format!(
            "## Client {{#quire-dynamics-365-client_id}}\n\n{SUMMARY}"
        ));
        assert_eq!(r.toc[0].id, "heading-quire-dynamics-365-client_id");
        assert_eq!(r.diagnostics[0].code, Code::HeadingDuplicateId);
        assert!(r.ids.iter().any(|id| id == "quire-dynamics-365-client_id"));
    }

    #[test]
    fn steps_are_numbered_with_stable_anchors() {
        let r = render_str("## Register an app {.step}\n\n## Notes\n\n## Get the ID {.step}\n");
        assert_eq!(r.steps.len(), 2);
        assert_eq!(r.steps[1].number, 2);
        assert_eq!(r.steps[1].id, "get-the-id");
        assert!(r.html.contains("<h2 id=\"register-an-app\" class=\"step\"><span class=\"step-label\">Step 1 —</span> Register an app"), "{}", r.html);
        assert_eq!(r.toc.len(), 3);
    }

    #[test]
    fn duplicate_headings_get_unique_ids() {
        let r = render_str("## A\n\n## A\n\n## A {#custom}\n");
        let ids: Vec<_> = r.toc.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["a", "a-1", "custom"]);
    }

    #[test]
    fn alerts_become_callouts() {
        let r = render_str("> [!WARNING]\n> Copy it now.\n");
        assert!(
            r.html.contains("class=\"callout callout-warning\""),
            "{}",
            r.html
        );
        assert!(r.html.contains("Copy it now."));
        assert!(!r.html.contains("blockquote"));
    }

    #[test]
    fn broken_links_are_placed() {
        let r = render_str("Text\n\nSee [x](missing.md).\n");
        assert_eq!(r.diagnostics.len(), 1);
        assert_eq!(r.diagnostics[0].position, Position { line: 6, col: 5 });
    }

    #[test]
    fn markdown_targets_resolve_relative_paths() {
        assert_eq!(
            markdown_target("guides/a.md", "b.md#x"),
            Some(("guides/b.md".into(), Some("x".into())))
        );
        assert_eq!(
            markdown_target("guides/a.md", "../_index.md"),
            Some(("_index.md".into(), None))
        );
        assert_eq!(markdown_target("a.md", "../../x.md"), None);
        assert_eq!(markdown_target("a.md", "https://x.org/a.md"), None);
        assert_eq!(markdown_target("a.md", "img.png"), None);
    }
}
