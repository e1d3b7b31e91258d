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

use std::fmt::Write as _;

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

/// What one page gives its version's index. A big site holds one for
/// every page until its index is written, so each is a few allocations,
/// not one per word or field.
#[derive(Debug, Clone, Default)]
pub struct PageDoc {
    /// The page first, then its headings: four fields each, one after
    /// the other.
    records: String,
    /// Where each field of `records` ends.
    ends: Vec<u32>,
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
    /// Its hash, so the version's index need not hash it again.
    hash: u32,
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
        self.words
            .iter()
            .map(|w| (self.word(w), w.record, w.weight))
    }

    /// Forgets the page's words, keeping its records and steps: once they
    /// are in its version's [`WordTable`], the records files and the A–Z
    /// page need no more.
    pub fn drop_words(&mut self) {
        self.text = String::new();
        self.words = Vec::new();
    }

    /// How many records the page has: itself and its headings.
    fn record_count(&self) -> usize {
        self.ends.len() / 4
    }

    /// The text of `w`, one of this page's words.
    fn word(&self, w: &Word) -> &str {
        let start = w.start as usize;
        self.text
            .get(start..start + usize::from(w.len))
            .unwrap_or_default()
    }

    /// The records: the page, then its headings.
    pub fn records(&self) -> impl Iterator<Item = Record<'_>> {
        let mut start = 0;
        let mut field = move |end: u32| {
            let end = end as usize;
            let text = self.records.get(start..end).unwrap_or_default();
            start = end;
            text
        };
        self.ends.chunks_exact(4).map(move |ends| Record {
            href: field(ends[0]),
            title: field(ends[1]),
            trail: field(ends[2]),
            text: field(ends[3]),
        })
    }

    /// Appends a record's field, made of `parts`.
    fn push_field(&mut self, parts: &[&str]) {
        for part in parts {
            self.records.push_str(part);
        }
        self.ends
            .push(u32::try_from(self.records.len()).unwrap_or(u32::MAX));
    }

    /// The records and words of a page rendered into `sections`.
    pub fn new(page: &PageInfo<'_>, sections: &[SearchSection]) -> PageDoc {
        let bytes: usize = sections
            .iter()
            .map(|s| s.heading.len() + s.code.len() + s.callout.len() + s.text.len())
            .sum();
        // Room for the records, a little more than they take.
        let fixed = page.url.len()
            + page.title.len()
            + page.sections.iter().map(|s| s.len() + 5).sum::<usize>();
        let records: usize = sections
            .iter()
            .map(|s| {
                fixed + s.id.len() + 2 * s.heading.len() + s.text.len().min(TEXT_CHARS + 8) + 8
            })
            .sum();
        let mut doc = PageDoc {
            records: String::with_capacity(records),
            ends: Vec::with_capacity(sections.len() * 4),
            // Words repeat: a page holds about one new word in eight bytes.
            words: Vec::with_capacity(bytes / 8 + 16),
            ..PageDoc::default()
        };
        let section_trail = page.sections.join(" › ");
        // The page's title is folded once for all its records.
        let mut title = Vec::new();
        let mut title_words = Vec::new();
        tokens::fold_words(page.title, &mut title, |out, start| {
            title_words.push(start..out.len());
            true
        });
        let mut text = Vec::with_capacity(bytes / 2 + 64);
        let mut seen = Seen::default();
        let mut parent: Option<&str> = None;
        let mut snippet = String::new();
        for (index, section) in sections.iter().enumerate() {
            let Ok(record) = u16::try_from(index) else {
                break;
            };
            if section.step {
                doc.steps.push(record);
            }
            let page_record = section.level == 0;
            let description = page.description.filter(|_| page_record).unwrap_or_default();
            seen.start(
                title.len()
                    + description.len()
                    + section.heading.len()
                    + section.code.len()
                    + section.callout.len()
                    + section.text.len(),
                doc.words.len(),
            );
            let mut words = Words {
                text: &mut text,
                words: &mut doc.words,
                seen: &mut seen,
                record,
            };
            if page_record {
                words.title(&title, &title_words, weight::TITLE);
                words.fold(description, weight::DESCRIPTION);
            } else {
                words.fold(&section.heading, weight::HEADING);
                words.title(&title, &title_words, weight::PAGE_TITLE);
            }
            words.fold(&section.code, weight::CODE);
            words.fold(&section.callout, weight::CALLOUT);
            words.fold(&section.text, weight::BODY);
            if page_record {
                let text = if section.text.trim().is_empty() {
                    page.description.unwrap_or_default()
                } else {
                    &section.text
                };
                snippet_into(text, &mut snippet);
                doc.push_field(&[page.url]);
                doc.push_field(&[page.title]);
                doc.push_field(&[&section_trail]);
            } else {
                snippet_into(&section.text, &mut snippet);
                doc.push_field(&[page.url, "#", &section.id]);
                doc.push_field(&[&section.heading]);
                let mut trail: [&str; 5] = [&section_trail, " › ", page.title, "", ""];
                if section_trail.is_empty() {
                    trail[..2].fill("");
                }
                if let Some(parent) = parent.filter(|_| section.level > 2) {
                    trail[3] = " › ";
                    trail[4] = parent;
                }
                doc.push_field(&trail);
                if section.level <= 2 {
                    parent = Some(&section.heading);
                }
            }
            doc.push_field(&[&snippet]);
        }
        // Only whole characters were folded into it.
        doc.text = String::from_utf8(text).unwrap_or_default();
        // A version's pages are held until its index is written: no
        // room to spare in each (shrinking in place costs no copy).
        doc.text.shrink_to_fit();
        doc.words.shrink_to_fit();
        doc.records.shrink_to_fit();
        doc
    }
}

/// The words already in the current record, so each is kept once: an
/// open-addressing table of indexes into the page's words, reused from
/// record to record.
#[derive(Default)]
struct Seen {
    slots: Vec<u32>,
    /// The record's first word.
    first: usize,
    count: usize,
}

impl Seen {
    /// Empties the table for a record of `bytes` bytes of text, whose
    /// words start at `first`.
    fn start(&mut self, bytes: usize, first: usize) {
        // A word is two bytes and a separator at least: the table stays
        // at most two-thirds full.
        let size = (bytes / 2 + 16).next_power_of_two();
        self.slots.clear();
        self.slots.resize(size, 0);
        self.first = first;
        self.count = 0;
    }
}

/// Where the words of a record are folded into.
struct Words<'a> {
    text: &'a mut Vec<u8>,
    words: &'a mut Vec<Word>,
    seen: &'a mut Seen,
    record: u16,
}

impl Words<'_> {
    /// Adds the words of `text`, found at `weight`.
    fn fold(&mut self, text: &str, weight: u8) {
        let Words {
            text: out,
            words,
            seen,
            record,
        } = self;
        tokens::fold_words(text, out, |out, start| {
            keep(out, start, words, seen, *record, weight)
        });
    }

    /// Adds the title's words, folded before into `title` at `ranges`.
    fn title(&mut self, title: &[u8], ranges: &[std::ops::Range<usize>], weight: u8) {
        for range in ranges {
            let start = self.text.len();
            self.text.extend_from_slice(&title[range.clone()]);
            if !keep(self.text, start, self.words, self.seen, self.record, weight) {
                self.text.truncate(start);
            }
        }
    }
}

/// Keeps the word at `text[start..]` as a word of `record` unless the
/// record has it already; then its weight is the stronger of the two.
fn keep(
    text: &[u8],
    start: usize,
    words: &mut Vec<Word>,
    seen: &mut Seen,
    record: u16,
    weight: u8,
) -> bool {
    let word = &text[start..];
    let (Ok(len), Ok(start)) = (u8::try_from(word.len()), u32::try_from(start)) else {
        return false;
    };
    let mask = seen.slots.len() - 1;
    if seen.count >= mask {
        return false;
    }
    let hash = hash(word);
    let mut slot = hash as usize & mask;
    loop {
        let index = seen.slots[slot] as usize;
        if index == 0 {
            seen.slots[slot] = (seen.count + 1) as u32;
            seen.count += 1;
            words.push(Word {
                start,
                len,
                record,
                weight,
                hash: hash as u32,
            });
            return true;
        }
        let known = &mut words[seen.first + index - 1];
        let at = known.start as usize;
        if known.len == len && same(&text[at..at + word.len()], word) {
            known.weight = known.weight.max(weight);
            return false;
        }
        slot = (slot + 1) & mask;
    }
}

/// Whether two short words are the same, compared here rather than by
/// a call.
#[inline(always)]
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

/// A quick hash of a short word: its first and last bytes read as
/// whole numbers, as wyhash and foldhash do.
fn hash(word: &[u8]) -> u64 {
    let mix = |h: u64, x: u64| {
        let m = u128::from(h ^ x) * 0x2d35_8dcc_aa6c_78a5;
        (m as u64) ^ ((m >> 64) as u64)
    };
    let n = word.len();
    let u32_at = |at: usize| {
        u64::from(u32::from_le_bytes([
            word[at],
            word[at + 1],
            word[at + 2],
            word[at + 3],
        ]))
    };
    let u64_at = |at: usize| (u32_at(at + 4) << 32) | u32_at(at);
    let h = n as u64;
    if n < 4 {
        let x = match n {
            0 => 0,
            _ => u64::from(word[0]) | u64::from(word[n / 2]) << 8 | u64::from(word[n - 1]) << 16,
        };
        mix(h, x)
    } else if n <= 8 {
        mix(h, (u32_at(0) << 32) | u32_at(n - 4))
    } else {
        let mut h = h;
        let mut at = 0;
        while at + 8 < n {
            h = mix(h, u64_at(at));
            at += 8;
        }
        mix(h, u64_at(n - 8))
    }
}

/// The first [`TEXT_CHARS`] characters of `text` into `out`,
/// whitespace collapsed, cut at a word.
fn snippet_into(text: &str, out: &mut String) {
    out.clear();
    let bytes = text.as_bytes();
    // `char::is_whitespace` of the character at `at`, and its length.
    #[inline(always)]
    fn class(text: &str, at: usize) -> (bool, usize) {
        let b = text.as_bytes()[at];
        if b.is_ascii() {
            (matches!(b, b'\t'..=b'\r' | b' '), 1)
        } else {
            let c = text[at..].chars().next().unwrap_or(' ');
            (c.is_whitespace(), c.len_utf8())
        }
    }
    // Most text is ASCII with its spaces collapsed already: then the
    // snippet is the text up to its last space that fits.
    if collapsed(&bytes[..bytes.len().min(TEXT_CHARS + 1)]) {
        let text = text.trim_end_matches(' ');
        if text.len() < TEXT_CHARS {
            out.push_str(text);
            return;
        }
        if text.len() > TEXT_CHARS
            && let Some(cut) = text.as_bytes()[..=TEXT_CHARS]
                .iter()
                .rposition(|&b| b == b' ')
        {
            out.push_str(&text[..cut]);
            out.push('…');
            return;
        }
    }
    let mut chars = 0;
    let mut at = 0;
    loop {
        while at < bytes.len() {
            let (space, len) = class(text, at);
            if !space {
                break;
            }
            at += len;
        }
        if at == bytes.len() {
            return;
        }
        // The next word, as far as it could fit with a space before it.
        let from = at;
        let mut n = 0;
        let mut fits = true;
        while at < bytes.len() {
            let (space, len) = class(text, at);
            if space {
                break;
            }
            if chars + n + 2 > TEXT_CHARS {
                fits = false;
                break;
            }
            at += len;
            n += 1;
        }
        if !fits {
            if chars == 0 {
                // A word longer than a snippet: as much of it as fits.
                out.extend(text[from..].chars().take(TEXT_CHARS));
            }
            out.push('…');
            return;
        }
        if chars > 0 {
            out.push(' ');
            chars += 1;
        }
        out.push_str(&text[from..at]);
        chars += n;
    }
}

/// A version's index as files: (path below the output root, bytes).
/// Its words and its records are written side by side.
pub fn version_files(version: &str, docs: &[&PageDoc]) -> Vec<(String, Vec<u8>)> {
    let mut words = WordTable::default();
    for doc in docs {
        words.add(doc);
    }
    version_files_with(version, words, docs.to_vec())
}

/// [`version_files`] for pages whose words are already in `words`, fed
/// in the same order as `docs` (which may have dropped their words).
/// Docs given by value are dropped as their records are written out.
pub fn version_files_with<D: std::borrow::Borrow<PageDoc> + Send>(
    version: &str,
    words: WordTable,
    docs: Vec<D>,
) -> Vec<(String, Vec<u8>)> {
    let (mut files, (records, chunk, record_files)) =
        rayon::join(|| words.files(), || record_files(docs));
    files.extend(record_files);
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
        "{{\"format\":1,\"id\":\"{id}\",\"records\":{records},\"chunk\":{chunk},\"cut\":{MAX_POSTINGS}}}\n"
    );
    out.push((format!("{dir}/index.json"), manifest.into_bytes()));
    out
}

/// A version's words, each with the records it is in, in the order of
/// the records. Fed page by page in the order of the site, so that a
/// big build drops each page's words once they are in (see
/// [`PageDoc::drop_words`]) instead of holding every page's until the
/// version is done.
#[derive(Default)]
pub struct WordTable {
    postings: hashbrown::HashTable<Postings>,
    /// Records of the pages fed so far.
    base: u32,
}

/// A word of a [`WordTable`] and the records it is in.
struct Postings {
    word: Box<str>,
    hash: u32,
    list: Vec<(u32, u8)>,
    cut: bool,
}

/// Spreads a word's 32-bit hash over 64 bits, as the table wants.
fn spread(hash: u32) -> u64 {
    u64::from(hash).wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

impl WordTable {
    /// Adds the next page's words; found by the hash the page computed
    /// for each.
    pub fn add(&mut self, doc: &PageDoc) {
        let base = self.base;
        for w in &doc.words {
            let word = doc.word(w);
            let posting = (base + u32::from(w.record), w.weight);
            let hash = spread(w.hash);
            match self
                .postings
                .find_mut(hash, |p| p.hash == w.hash && &*p.word == word)
            {
                Some(p) => {
                    p.list.push(posting);
                    // What is cut now would be cut at the end: only the
                    // strongest of those kept so far can stay.
                    if p.list.len() == 2 * MAX_POSTINGS {
                        keep_strongest(&mut p.list);
                        p.cut = true;
                    }
                }
                None => {
                    self.postings.insert_unique(
                        hash,
                        Postings {
                            word: word.into(),
                            hash: w.hash,
                            list: vec![posting],
                            cut: false,
                        },
                        |p| spread(p.hash),
                    );
                }
            }
        }
        self.base += doc.record_count() as u32;
    }

    /// The word files.
    fn files(self) -> Vec<(String, Vec<u8>)> {
        // Words by file, each file's words sorted.
        let mut words: Vec<Postings> = self.postings.into_iter().collect();
        words.sort_unstable_by(|a, b| a.word.cmp(&b.word));
        // Words come sorted, so each file's words are too.
        let mut shards: std::collections::BTreeMap<String, String> = Default::default();
        for Postings {
            word,
            mut list,
            cut,
            ..
        } in words
        {
            let json = shards.entry(tokens::shard(&word)).or_default();
            json.push_str(if json.is_empty() { "[" } else { "," });
            let cut = cut || list.len() > MAX_POSTINGS;
            if list.len() > MAX_POSTINGS {
                keep_strongest(&mut list);
            }
            json.push('[');
            push_json_string(json, &word);
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
        shards
            .into_iter()
            .map(|(key, mut json)| {
                json.push(']');
                (format!("w/{key}.json"), json.into_bytes())
            })
            .collect()
    }
}

/// The record files of a version whose pages are `docs`, with the number
/// of records and how many each file holds. Owned docs are dropped as
/// soon as their records are written out, so a version's records are
/// not held twice.
fn record_files<D: std::borrow::Borrow<PageDoc>>(
    docs: Vec<D>,
) -> (usize, usize, Vec<(String, Vec<u8>)>) {
    // `[href,title,trail,text]`: the fields, their quotes, commas and
    // brackets, and the comma before the next record.
    const AROUND: usize = 4 * 2 + 3 + 2 + 1;
    let records: usize = docs.iter().map(|doc| doc.borrow().record_count()).sum();
    let chunk = records.div_ceil(MAX_RECORD_FILES).max(16);
    // Each file's size, so that each is one allocation (text that needs
    // escaping grows it).
    let mut sizes = Vec::with_capacity(records.div_ceil(chunk));
    for (n, r) in docs
        .iter()
        .flat_map(|doc| doc.borrow().records())
        .enumerate()
    {
        if n % chunk == 0 {
            sizes.push(2);
        }
        if let Some(size) = sizes.last_mut() {
            *size += r.href.len() + r.title.len() + r.trail.len() + r.text.len() + AROUND;
        }
    }
    let mut files = Vec::with_capacity(sizes.len());
    let mut json = String::new();
    let mut n = 0;
    for doc in docs {
        for r in doc.borrow().records() {
            if n % chunk == 0 {
                json = String::with_capacity(sizes.get(files.len()).copied().unwrap_or(0));
                json.push('[');
            } else {
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
            n += 1;
            if n % chunk == 0 || n == records {
                json.push(']');
                let name = format!("r/{}.json", files.len());
                files.push((name, std::mem::take(&mut json).into_bytes()));
            }
        }
    }
    (records, chunk, files)
}

/// Keeps the [`MAX_POSTINGS`] strongest of a word's records, the
/// earliest of equal weight first, still in the records' order. Weights
/// are few, so they are counted rather than sorted.
fn keep_strongest(list: &mut Vec<(u32, u8)>) {
    let mut count = [0usize; 256];
    let mut strongest = 0;
    for &(_, weight) in list.iter() {
        count[usize::from(weight)] += 1;
        strongest = strongest.max(weight);
    }
    // The weakest weight kept, and how many of it fit.
    let mut above = 0;
    let mut weakest = 0;
    for weight in (0..=strongest).rev() {
        if above + count[usize::from(weight)] >= MAX_POSTINGS {
            weakest = weight;
            break;
        }
        above += count[usize::from(weight)];
    }
    let mut room = MAX_POSTINGS.saturating_sub(above);
    list.retain(|&(_, weight)| {
        if weight == weakest && room > 0 {
            room -= 1;
            return true;
        }
        weight > weakest
    });
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
    // Most text needs no escape: one pass to know, one copy.
    if !needs_escape(text.as_bytes()) {
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

/// Bytes read eight at a time (SWAR): `bytes` as little-endian words,
/// and the bytes left over.
fn eights(bytes: &[u8]) -> (impl Iterator<Item = u64> + '_, &[u8]) {
    let chunks = bytes.chunks_exact(8);
    let rest = chunks.remainder();
    let words = chunks.map(|chunk| {
        let mut eight = [0u8; 8];
        eight.copy_from_slice(chunk);
        u64::from_le_bytes(eight)
    });
    (words, rest)
}

/// `b` in each byte of a word.
const fn each(b: u8) -> u64 {
    0x0101_0101_0101_0101 * b as u64
}

/// The high bit of each byte of `x` that is zero, exactly.
fn zero_bytes(x: u64) -> u64 {
    !(((x & each(0x7f)) + each(0x7f)) | x | each(0x7f))
}

/// Whether `bytes` are printable ASCII with single spaces between words
/// and none first.
fn collapsed(bytes: &[u8]) -> bool {
    // A space before the text counts as a space before its first byte.
    let mut space_before = true;
    let (words, rest) = eights(bytes);
    for x in words {
        // Not ASCII, a control character (below a space), or DEL.
        if x & each(0x80) != 0 || zero_bytes(x & each(0xe0)) | zero_bytes(x ^ each(0x7f)) != 0 {
            return false;
        }
        let spaces = zero_bytes(x ^ each(b' '));
        // A space right after a space, in this word or across words.
        let after = (spaces << 8) | if space_before { 0x80 } else { 0 };
        if spaces & after != 0 {
            return false;
        }
        space_before = spaces >> 63 != 0;
    }
    let mut last = if space_before { b' ' } else { b'x' };
    rest.iter().all(|&b| {
        let plain = b.is_ascii_graphic() || (b == b' ' && last != b' ');
        last = b;
        plain
    })
}

/// Whether `bytes` hold a quote, a backslash or a control character.
fn needs_escape(bytes: &[u8]) -> bool {
    let (mut words, rest) = eights(bytes);
    words.any(|x| {
        zero_bytes(x & each(0xe0)) | zero_bytes(x ^ each(b'"')) | zero_bytes(x ^ each(b'\\')) != 0
    }) || rest.iter().any(|&b| b < b' ' || b == b'"' || b == b'\\')
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
