//! Search: one small index per version, written at build time, read by
//! the theme's `search.js` only when a reader starts searching.
//!
//! A *record* is what a result links to: a page (its title and the text
//! before its first heading) or one of its headings (with the text below
//! it). Each word found in a record is kept once per record, with the
//! weight of the strongest place it was found in: the page title above a
//! heading, a heading above inline code, code above callouts, callouts
//! above the body.
//!
//! The files of version `v`, below the output's `assets/search/v/`:
//!
//! - `index.json`: the index's id, the number of records and how many
//!   records a records file holds. The only file whose name stays the
//!   same when its content changes; the rest live in a folder named by
//!   the id, so hosts may cache them forever.
//! - `ID/w/KEY.json`: the words whose first two characters are `KEY`
//!   (see [`tokens::shard`]), sorted, each with the records it is in.
//!   A word in more than [`MAX_POSTINGS`] records keeps its strongest,
//!   marked as cut so the query code does not require it.
//! - `ID/r/N.json`: records `N * chunk ..`, as `[href, title, trail, text]`.

pub mod tokens;

use std::collections::HashMap;
use std::fmt::Write as _;

use foldhash::fast::FixedState;

use crate::markdown::SearchSection;

/// Where every version's index goes, below the output root.
pub const DIR: &str = "assets/search";

/// Weights of the places a word is found in.
pub mod weight {
    /// The page's title, in the page's record.
    pub const TITLE: u8 = 10;
    /// The record's own heading (a step's title too).
    pub const HEADING: u8 = 8;
    /// Inline code: error codes, setting names.
    pub const CODE: u8 = 6;
    /// The page's description, in the page's record.
    pub const DESCRIPTION: u8 = 4;
    /// The page's title, in one of its headings' records.
    pub const PAGE_TITLE: u8 = 3;
    /// A callout.
    pub const CALLOUT: u8 = 2;
    /// The rest.
    pub const BODY: u8 = 1;
}

/// The most records a word keeps. Kept are its strongest; a word in more
/// places than this says little about which one a reader wants.
pub const MAX_POSTINGS: usize = 200;

/// How much of a record's text is kept for its snippet, in characters.
pub const TEXT_CHARS: usize = 280;

/// The most records files a version has; bigger sites put more records
/// in each, so the file count stays within what static hosts accept.
pub const MAX_RECORD_FILES: usize = 2000;

/// A result as the reader sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Record<'a> {
    /// Its URL, with the anchor of its heading.
    pub href: &'a str,
    /// The page's title, or the heading's.
    pub title: &'a str,
    /// Where it is: sections, then the page for a heading.
    pub trail: &'a str,
    /// The start of its text, for the snippet.
    pub text: &'a str,
}

/// Ends each field of a record in [`PageDoc::records`]; taken out of the
/// text put there.
const END: char = '\u{1f}';

/// What one page gives its version's index. A big site holds one for
/// every page until its index is written, so each is a few allocations,
/// not one per word or field.
#[derive(Debug, Clone, Default)]
pub struct PageDoc {
    /// The page first, then its headings: four fields each, each ended
    /// by [`END`].
    records: String,
    /// Which records are steps, for the A–Z page.
    pub steps: Vec<u16>,
    /// Every word of `words`, one after the other.
    text: String,
    words: Vec<Word>,
}

/// A word of a record, at `start..start + len` of [`PageDoc::text`].
#[derive(Debug, Clone, Copy)]
struct Word {
    start: u32,
    len: u8,
    record: u16,
    weight: u8,
}

/// The page a [`PageDoc`] is made of.
pub struct PageInfo<'a> {
    /// Its URL.
    pub url: &'a str,
    /// Its title.
    pub title: &'a str,
    /// Its description.
    pub description: Option<&'a str>,
    /// The titles of the sections above it, from the top.
    pub sections: Vec<&'a str>,
}

impl PageDoc {
    /// Each word of each record once: (word, record, weight).
    pub fn words(&self) -> impl Iterator<Item = (&str, u16, u8)> {
        self.words.iter().map(|w| {
            let start = w.start as usize;
            (
                self.text
                    .get(start..start + usize::from(w.len))
                    .unwrap_or_default(),
                w.record,
                w.weight,
            )
        })
    }

    /// The records: the page, then its headings.
    pub fn records(&self) -> impl Iterator<Item = Record<'_>> {
        let mut fields = self.records.split_terminator(END);
        std::iter::from_fn(move || {
            Some(Record {
                href: fields.next()?,
                title: fields.next()?,
                trail: fields.next()?,
                text: fields.next()?,
            })
        })
    }

    fn push_record(&mut self, fields: [&str; 4]) {
        for field in fields {
            if field.contains(END) {
                self.records.push_str(&field.replace(END, " "));
            } else {
                self.records.push_str(field);
            }
            self.records.push(END);
        }
    }

    /// The records and words of a page rendered into `sections`.
    pub fn new(page: &PageInfo<'_>, sections: &[SearchSection]) -> PageDoc {
        let mut doc = PageDoc::default();
        let section_trail = page.sections.join(" › ");
        let page_trail = if section_trail.is_empty() {
            page.title.to_owned()
        } else {
            format!("{section_trail} › {}", page.title)
        };
        let mut parent: Option<&str> = None;
        let mut title = String::new();
        tokens::fold_into(page.title, &mut title);
        let mut folded = String::new();
        let mut places: Vec<(std::ops::Range<usize>, u8)> = Vec::new();
        let mut snippet = String::new();
        for (index, section) in sections.iter().enumerate() {
            let Ok(record) = u16::try_from(index) else {
                break;
            };
            // Every place's words, folded into one buffer, then each word
            // once with its strongest weight: no allocation per word.
            folded.clear();
            places.clear();
            // The page's title is folded once for all its records.
            let mut add = |text: Option<&str>, weight: u8| {
                let from = folded.len();
                match text {
                    Some(text) => tokens::fold_into(text, &mut folded),
                    None => folded.push_str(&title),
                }
                places.push((from..folded.len(), weight));
            };
            if section.step {
                doc.steps.push(record);
            }
            if section.level == 0 {
                add(None, weight::TITLE);
                add(page.description, weight::DESCRIPTION);
                let text = if section.text.trim().is_empty() {
                    page.description.unwrap_or_default()
                } else {
                    &section.text
                };
                snippet_into(text, &mut snippet);
                doc.push_record([page.url, page.title, &section_trail, &snippet]);
            } else {
                add(Some(&section.heading), weight::HEADING);
                add(None, weight::PAGE_TITLE);
                let trail = match parent {
                    Some(parent) if section.level > 2 => format!("{page_trail} › {parent}"),
                    _ => page_trail.clone(),
                };
                if section.level <= 2 {
                    parent = Some(&section.heading);
                }
                snippet_into(&section.text, &mut snippet);
                let href = format!("{}#{}", page.url, section.id);
                doc.push_record([&href, &section.heading, &trail, &snippet]);
            }
            add(Some(&section.code), weight::CODE);
            add(Some(&section.callout), weight::CALLOUT);
            add(Some(&section.text), weight::BODY);
            let mut found: HashMap<&str, u8, FixedState> =
                HashMap::with_capacity_and_hasher(folded.len() / 8 + 8, FixedState::default());
            for (range, weight) in &places {
                for word in folded[range.clone()].split_terminator(' ') {
                    found
                        .entry(word)
                        .and_modify(|best| *best = (*best).max(*weight))
                        .or_insert(*weight);
                }
            }
            // In the hash map's order: the index sorts every word anyway.
            doc.text.reserve(found.keys().map(|w| w.len()).sum());
            for (word, weight) in found {
                let (Ok(start), Ok(len)) =
                    (u32::try_from(doc.text.len()), u8::try_from(word.len()))
                else {
                    continue;
                };
                doc.text.push_str(word);
                doc.words.push(Word {
                    start,
                    len,
                    record,
                    weight,
                });
            }
        }
        doc
    }
}

/// The first [`TEXT_CHARS`] characters of `text` into `out`,
/// whitespace collapsed, cut at a word.
fn snippet_into(text: &str, out: &mut String) {
    out.clear();
    let mut chars = 0;
    let words: &mut dyn Iterator<Item = &str> = if text.is_ascii() {
        &mut text.split_ascii_whitespace()
    } else {
        &mut text.split_whitespace()
    };
    for word in words {
        let n = if word.is_ascii() {
            word.len()
        } else {
            word.chars().count()
        };
        if chars + n + 1 > TEXT_CHARS {
            if chars == 0 {
                out.extend(word.chars().take(TEXT_CHARS));
            }
            out.push('…');
            break;
        }
        if chars > 0 {
            out.push(' ');
            chars += 1;
        }
        out.push_str(word);
        chars += n;
    }
}

/// A version's index as files: (path below the output root, bytes).
pub fn version_files(version: &str, docs: &[&PageDoc]) -> Vec<(String, Vec<u8>)> {
    let mut postings: HashMap<&str, Vec<(u32, u8)>, FixedState> = HashMap::default();
    let mut records: Vec<Record<'_>> = Vec::new();
    for doc in docs {
        let base = records.len() as u32;
        records.extend(doc.records());
        for (word, record, weight) in doc.words() {
            postings
                .entry(word)
                .or_default()
                .push((base + u32::from(record), weight));
        }
    }
    // Words by file, each file's words sorted.
    let mut words: Vec<(&str, Vec<(u32, u8)>)> = postings.into_iter().collect();
    words.sort_unstable_by(|a, b| a.0.cmp(b.0));
    // Words come sorted, so each file's words are too.
    let mut shards: std::collections::BTreeMap<String, String> = Default::default();
    for (word, mut list) in words {
        let json = shards.entry(tokens::shard(word)).or_default();
        json.push_str(if json.is_empty() { "[" } else { "," });
        let cut = list.len() > MAX_POSTINGS;
        if cut {
            // The strongest, earliest first; only they are sorted.
            list.select_nth_unstable_by(MAX_POSTINGS - 1, |a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            list.truncate(MAX_POSTINGS);
            list.sort_unstable();
        }
        json.push('[');
        push_json_string(json, word);
        json.push_str(",[");
        let mut last = 0;
        for (i, (record, weight)) in list.iter().enumerate() {
            if i > 0 {
                json.push(',');
            }
            push_number(json, record - last);
            json.push(',');
            push_number(json, u32::from(*weight));
            last = *record;
        }
        json.push(']');
        if cut {
            json.push_str(",1");
        }
        json.push(']');
    }
    let chunk = records.len().div_ceil(MAX_RECORD_FILES).max(16);
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for (key, mut json) in shards {
        json.push(']');
        files.push((format!("w/{key}.json"), json.into_bytes()));
    }
    for (n, group) in records.chunks(chunk).enumerate() {
        let mut json = String::from("[");
        for (i, r) in group.iter().enumerate() {
            if i > 0 {
                json.push(',');
            }
            json.push('[');
            for (j, field) in [r.href, r.title, r.trail, r.text].iter().enumerate() {
                if j > 0 {
                    json.push(',');
                }
                push_json_string(&mut json, field);
            }
            json.push(']');
        }
        json.push(']');
        files.push((format!("r/{n}.json"), json.into_bytes()));
    }
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    for (path, bytes) in &files {
        hasher.update(path.as_bytes());
        hasher.update(bytes);
    }
    let id = format!("{:012x}", hasher.digest() & 0xffff_ffff_ffff);
    let dir = format!("{DIR}/{version}");
    let mut out: Vec<(String, Vec<u8>)> = files
        .into_iter()
        .map(|(path, bytes)| (format!("{dir}/{id}/{path}"), bytes))
        .collect();
    let manifest = format!(
        "{{\"format\":1,\"id\":\"{id}\",\"records\":{},\"chunk\":{chunk},\"cut\":{MAX_POSTINGS}}}\n",
        records.len()
    );
    out.push((format!("{dir}/index.json"), manifest.into_bytes()));
    out
}

/// What the page at `p` of `version`, rendered into `rendered`, gives
/// the index.
pub fn page_doc(
    version: &crate::content::Version,
    p: usize,
    rendered: &crate::markdown::Rendered,
) -> PageDoc {
    let page = &version.pages[p];
    let sections = version.section_titles(page);
    PageDoc::new(
        &PageInfo {
            url: &version.urls[p],
            title: page.title(),
            description: page.front.description.as_deref(),
            sections,
        },
        &rendered.search,
    )
}

/// `text` as a JSON string, escaped as JSON requires.
fn push_json_string(out: &mut String, text: &str) {
    out.push('"');
    let plain = |b: u8| b >= b' ' && b != b'"' && b != b'\\';
    // Most text needs no escape: one pass to know, one copy.
    if text.bytes().all(plain) {
        out.push_str(text);
        out.push('"');
        return;
    }
    let mut rest = text;
    while let Some(at) = rest
        .bytes()
        .position(|b| b == b'"' || b == b'\\' || b < b' ')
    {
        out.push_str(&rest[..at]);
        let c = rest[at..].chars().next().unwrap_or(' ');
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            other => {
                let _ = write!(out, "\\u{:04x}", u32::from(other));
            }
        }
        rest = &rest[at + c.len_utf8()..];
    }
    out.push_str(rest);
    out.push('"');
}

/// `n` in decimal, without the formatting machinery: an index holds
/// millions of them.
fn push_number(out: &mut String, mut n: u32) {
    let mut digits = [0u8; 10];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in &digits[at..] {
        out.push(char::from(d));
    }
}

#[cfg(test)]
mod tests;
