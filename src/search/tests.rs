use super::*;

fn section(level: u8, id: &str, heading: &str, text: &str) -> SearchSection {
    SearchSection {
        id: id.to_owned(),
        heading: heading.to_owned(),
        level,
        text: text.to_owned(),
        ..SearchSection::default()
    }
}

fn doc() -> PageDoc {
    let mut sections = vec![
        section(0, "", "", "Collect five values. The secret expires."),
        section(2, "register", "Step 1: Register the app", "Open Entra ID."),
        section(3, "name", "Name it", "Any name will do."),
        section(
            2,
            "errors",
            "Sign-in errors",
            "AADSTS7000215 means the secret is wrong.",
        ),
    ];
    sections[1].step = true;
    sections[3].code = "AADSTS7000215".to_owned();
    sections[3].callout = "secret".to_owned();
    PageDoc::new(
        &PageInfo {
            url: "/integrations/dynamics-365/",
            title: "Dynamics 365 credentials",
            description: Some("Five values for Dynamics."),
            sections: vec!["Integrations"],
        },
        &sections,
    )
}

fn weight_of(doc: &PageDoc, word: &str, record: u16) -> Option<u8> {
    doc.words()
        .find(|(w, r, _)| *w == word && *r == record)
        .map(|(_, _, weight)| weight)
}

#[test]
fn a_page_and_each_heading_are_records_with_their_place() {
    let doc = doc();
    let records: Vec<Record<'_>> = doc.records().collect();
    let hrefs: Vec<&str> = records.iter().map(|r| r.href).collect();
    assert_eq!(
        hrefs,
        [
            "/integrations/dynamics-365/",
            "/integrations/dynamics-365/#register",
            "/integrations/dynamics-365/#name",
            "/integrations/dynamics-365/#errors",
        ]
    );
    assert_eq!(records[0].trail, "Integrations");
    assert_eq!(records[1].trail, "Integrations › Dynamics 365 credentials");
    assert_eq!(
        records[2].trail,
        "Integrations › Dynamics 365 credentials › Step 1: Register the app"
    );
    assert_eq!(records[3].text, "AADSTS7000215 means the secret is wrong.");
    // Only `{.step}` headings are steps, whatever their words.
    assert_eq!(doc.steps, [1]);
}

#[test]
fn each_word_keeps_its_strongest_place() {
    let doc = doc();
    // The title in the page's record, and below it in its headings'.
    assert_eq!(weight_of(&doc, "dynamics", 0), Some(weight::TITLE));
    assert_eq!(weight_of(&doc, "dynamics", 1), Some(weight::PAGE_TITLE));
    assert_eq!(weight_of(&doc, "register", 1), Some(weight::HEADING));
    assert_eq!(weight_of(&doc, "aadsts7000215", 3), Some(weight::CODE));
    assert_eq!(weight_of(&doc, "secret", 3), Some(weight::CALLOUT));
    assert_eq!(weight_of(&doc, "secret", 0), Some(weight::BODY));
    assert_eq!(weight_of(&doc, "five", 0), Some(weight::DESCRIPTION));
    // Once per record.
    let count = doc
        .words()
        .filter(|(w, r, _)| *w == "secret" && *r == 3)
        .count();
    assert_eq!(count, 1);
    const { assert!(weight::TITLE > weight::HEADING && weight::HEADING > weight::BODY) };
}

#[test]
fn snippets_are_cut_at_a_word() {
    let mut text = String::new();
    snippet_into(&"word ".repeat(100), &mut text);
    assert!(text.chars().count() <= TEXT_CHARS + 1, "{text}");
    assert!(text.ends_with("word…"), "{text}");
    snippet_into("  two\n words ", &mut text);
    assert_eq!(text, "two words");
}

/// The snippet as first written: word by word, whitespace collapsed.
fn reference_snippet(text: &str) -> String {
    let mut out = String::new();
    let mut chars = 0;
    for word in text.split_whitespace() {
        let n = word.chars().count();
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
    out
}

#[test]
fn snippets_are_the_same_on_the_fast_path_and_the_slow_one() {
    let mut texts = Vec::new();
    for n in [
        TEXT_CHARS - 2,
        TEXT_CHARS - 1,
        TEXT_CHARS,
        TEXT_CHARS + 1,
        TEXT_CHARS + 5,
    ] {
        let word = "w".repeat(n);
        texts.push(word.clone());
        texts.push(format!("{word} tail"));
        texts.push(format!("ab {word}"));
        texts.push(format!("{word} "));
        texts.push(format!("{} end", "x".repeat(n - 4)));
        texts.push(format!("{} é end", "x".repeat(n - 4)));
        texts.push(format!("{}\nend", "x ".repeat(n / 2)));
        texts.push(format!(" {}", "yy ".repeat(n / 3 + 1)));
        texts.push("ab  ".repeat(n / 4 + 1));
        texts.push(format!("{}\u{a0}x", "z ".repeat(n / 2)));
    }
    texts.push(String::new());
    texts.push("   ".to_owned());
    let mut out = String::new();
    for text in &texts {
        snippet_into(text, &mut out);
        assert_eq!(out, reference_snippet(text), "{text:?}");
    }
}

#[test]
fn a_field_cannot_forge_a_record() {
    let doc = PageDoc::new(
        &PageInfo {
            url: "/p/",
            title: "Two\u{1f}fields",
            description: None,
            sections: Vec::new(),
        },
        &[section(0, "", "", "text")],
    );
    let records: Vec<Record<'_>> = doc.records().collect();
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].title, "Two\u{1f}fields", "kept whole");
    assert_eq!(records[0].text, "text");
}

fn file<'a>(files: &'a [(String, Vec<u8>)], suffix: &str) -> &'a str {
    let (_, bytes) = files
        .iter()
        .find(|(p, _)| p.ends_with(suffix))
        .unwrap_or_else(|| panic!("no {suffix}"));
    std::str::from_utf8(bytes).expect("utf-8")
}

#[test]
fn a_version_is_a_manifest_word_files_and_record_files() {
    let doc = doc();
    let files = version_files("v2", &[&doc, &doc]);
    let manifest: serde_json::Value =
        serde_json::from_str(file(&files, "v2/index.json")).expect("json");
    let id = manifest["id"].as_str().expect("id");
    assert_eq!(manifest["records"], 8);
    assert!(files.iter().all(|(p, _)| p == "assets/search/v2/index.json"
        || p.starts_with(&format!("assets/search/v2/{id}/"))));
    // The second page's records follow the first's: ids 1 and 5 hold
    // `register`, delta-coded.
    let words: serde_json::Value = serde_json::from_str(file(&files, "/w/re.json")).expect("json");
    let register = words
        .as_array()
        .expect("list")
        .iter()
        .find(|w| w[0] == "register")
        .expect("register");
    assert_eq!(register[1], serde_json::json!([1, 8, 4, 8]));
    let records: serde_json::Value = serde_json::from_str(file(&files, "/r/0.json")).expect("json");
    assert_eq!(records[3][0], "/integrations/dynamics-365/#errors");
    // The same content, the same id; other content, another.
    let again = version_files("v2", &[&doc, &doc]);
    assert_eq!(files, again);
    let other = version_files("v2", &[&doc]);
    assert_ne!(file(&other, "index.json"), file(&files, "index.json"));
}

#[test]
fn words_fed_page_by_page_and_dropped_give_the_same_files() {
    let mut docs = Vec::new();
    for n in 0..3 * MAX_POSTINGS + 1 {
        let url = format!("/p{n}/");
        let title = format!("Page {}", n % 7);
        docs.push(PageDoc::new(
            &PageInfo {
                url: &url,
                title: &title,
                description: None,
                sections: Vec::new(),
            },
            &[
                section(0, "", "", "a common word"),
                section(2, "setup", "Set up", &format!("step {n} of the setup")),
            ],
        ));
    }
    let refs: Vec<&PageDoc> = docs.iter().collect();
    let whole = version_files("v1", &refs);
    let mut table = WordTable::default();
    let mut again = WordTable::default();
    for doc in &mut docs {
        table.add(doc);
        again.add(doc);
        doc.drop_words();
    }
    assert_eq!(docs[0].words().count(), 0, "the words were dropped");
    let refs: Vec<&PageDoc> = docs.iter().collect();
    assert_eq!(version_files_with("v1", table, refs), whole);
    // Given away, the docs are dropped as their records are written: the
    // same files, the last records file a partial one.
    let records = 2 * docs.len();
    assert_ne!(records % 16, 0, "a partial last records file");
    let owned = version_files_with("v1", again, docs);
    assert_eq!(owned, whole);
    let record_files = owned
        .iter()
        .filter(|(path, _)| path.contains("/r/"))
        .count();
    assert_eq!(record_files, records.div_ceil(16));
}

#[test]
fn a_word_in_too_many_records_keeps_its_strongest_and_says_so() {
    let mut docs = Vec::new();
    for n in 0..MAX_POSTINGS + 50 {
        let title = if n == MAX_POSTINGS + 10 {
            "Common"
        } else {
            "Page"
        };
        let url = format!("/p{n}/");
        docs.push(PageDoc::new(
            &PageInfo {
                url: &url,
                title,
                description: None,
                sections: Vec::new(),
            },
            &[section(0, "", "", "a common word")],
        ));
    }
    let refs: Vec<&PageDoc> = docs.iter().collect();
    let files = version_files("v1", &refs);
    let words: serde_json::Value = serde_json::from_str(file(&files, "/w/co.json")).expect("json");
    let common = &words[0];
    assert_eq!(common[0], "common");
    assert_eq!(common[2], 1, "marked as cut");
    let list = common[1].as_array().expect("list");
    assert_eq!(list.len(), MAX_POSTINGS * 2);
    // The page titled "Common" survived the cut.
    let mut id = 0;
    let mut found = false;
    for pair in list.chunks(2) {
        id += pair[0].as_u64().expect("n");
        if pair[1] == weight::TITLE {
            assert_eq!(id, (MAX_POSTINGS + 10) as u64);
            found = true;
        }
    }
    assert!(found);
}

#[test]
fn many_records_share_files_so_a_version_stays_under_the_hosts_limits() {
    let docs: Vec<PageDoc> = (0..MAX_RECORD_FILES * 3)
        .map(|n| {
            let url = format!("/p{n}/");
            PageDoc::new(
                &PageInfo {
                    url: &url,
                    title: "Page",
                    description: None,
                    sections: Vec::new(),
                },
                &[section(0, "", "", "")],
            )
        })
        .collect();
    let refs: Vec<&PageDoc> = docs.iter().collect();
    let files = version_files("v1", &refs);
    let record_files = files.iter().filter(|(p, _)| p.contains("/r/")).count();
    assert!(record_files <= MAX_RECORD_FILES, "{record_files}");
}

#[test]
fn json_is_written_as_json_reads_it() {
    let tricky = "a \"quote\", a \\ backslash,\na line, a \u{1} control and ünïcode";
    let mut json = String::new();
    push_json_string(&mut json, tricky);
    assert_eq!(serde_json::from_str::<String>(&json).expect("json"), tricky);
    for n in [0, 7, 10, 4_294_967_295] {
        let mut text = String::new();
        push_number(&mut text, n);
        assert_eq!(text, n.to_string());
    }
}

/// The strongest, earliest first, sorted back into the records' order.
fn naive_strongest(list: &[(u32, u8)]) -> Vec<(u32, u8)> {
    let mut all = list.to_vec();
    all.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    all.truncate(MAX_POSTINGS);
    all.sort();
    all
}

#[test]
fn cutting_as_postings_come_keeps_what_cutting_at_the_end_would() {
    let mut seed = 0x2545_f491_u32;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        seed
    };
    for size in [
        MAX_POSTINGS + 1,
        2 * MAX_POSTINGS,
        5 * MAX_POSTINGS + 7,
        40 * MAX_POSTINGS,
    ] {
        let list: Vec<(u32, u8)> = (0..size as u32)
            .map(|record| {
                let weight = [weight::BODY, weight::CALLOUT, weight::CODE, weight::TITLE]
                    [(next() % 4) as usize];
                (record, weight)
            })
            .collect();
        // As `word_files` does: cut whenever the list doubles the limit.
        let mut kept = Vec::new();
        for &posting in &list {
            kept.push(posting);
            if kept.len() == 2 * MAX_POSTINGS {
                keep_strongest(&mut kept);
            }
        }
        if kept.len() > MAX_POSTINGS {
            keep_strongest(&mut kept);
        }
        assert_eq!(kept, naive_strongest(&list), "{size} postings");
    }
}

#[test]
fn collapsed_text_is_told_eight_bytes_at_a_time_as_one_at_a_time() {
    let naive = |bytes: &[u8]| {
        let mut last = b' ';
        bytes.iter().all(|&b| {
            let plain = b.is_ascii_graphic() || (b == b' ' && last != b' ');
            last = b;
            plain
        })
    };
    let mut texts: Vec<Vec<u8>> = Vec::new();
    let base = b"Sign in as an administrator and open Settings, then Integrations.".to_vec();
    texts.push(base.clone());
    for at in 0..base.len() {
        for b in [b' ', b'\n', b'\t', 0x7f, 0x1f, 0xc3, b'x', b'~', b'!'] {
            let mut text = base.clone();
            text[at] = b;
            texts.push(text.clone());
            text.insert(at, b' ');
            texts.push(text);
        }
    }
    for text in &texts {
        assert_eq!(
            collapsed(text),
            naive(text),
            "{:?}",
            String::from_utf8_lossy(text)
        );
    }
}

#[test]
fn escapes_are_found_eight_bytes_at_a_time_as_one_at_a_time() {
    let base = "Plain text of a record, long enough for several words ü.".as_bytes();
    for at in 0..base.len() {
        for b in [b'"', b'\\', b'\n', 0x01, 0x1f, b' ', b'~', 0x7f, 0xc3] {
            let mut text = base.to_vec();
            text[at] = b;
            let naive = text.iter().any(|&b| b < b' ' || b == b'"' || b == b'\\');
            assert_eq!(needs_escape(&text), naive, "{at} {b}");
        }
    }
}
