//! Content that looks like a live credential, in everything that is
//! published: pages with their front matter, site.toml, and the text
//! files of `static/`, `templates/` and the theme.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::Regex;

use crate::diagnostics::{Code, Diagnostic};

static CLIENT_SECRET: LazyLock<Regex> = LazyLock::new(|| {
    // `~` may be percent-encoded (`%7E`), as in a URL or a form body.
    Regex::new(r"(?:^|[^A-Za-z0-9._~%-])([A-Za-z0-9._~-]{3}[78]Q(?:~|%7[Ee])(?:[A-Za-z0-9._~-]|%7[Ee]){31,34})(?:$|[^A-Za-z0-9._~-])").expect("valid regex")
});
static JWT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}")
        .expect("valid regex")
});
static BEARER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)bearer\s+([A-Za-z0-9._~+/-]{20,}=*)").expect("valid regex")
});
static PASSWORD: LazyLock<Regex> = LazyLock::new(|| {
    // The key may be quoted, as in JSON: `"client_secret": "..."`.
    Regex::new(
        r#"(?i)(?:^|[^a-z0-9])(?:password|passwd|pwd|client_secret|clientsecret|secret_access_key)["']?\s*[=:]\s*["']?([^;\s"'&,]{4,})"#,
    )
    .expect("valid regex")
});
static URL_PASSWORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)[a-z][a-z0-9+.-]*://[^\s:/@]+:([^\s/@]+)@").expect("valid regex")
});
static PASSWORD_FLAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?:^|\s)--(?:password|client-secret|secret)(?:=|\s+)["']?([^\s"']{4,})"#)
        .expect("valid regex")
});
static CURL_USER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?:^|\s)(?:-u|--user)\s*["']?[^\s:"']+:([^\s"']+)"#).expect("valid regex")
});
static STORAGE_KEY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)AccountKey\s*=\s*([A-Za-z0-9+/]{40,}={0,2})").expect("valid regex")
});
static AWS_KEY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:AKIA|ASIA)[A-Z0-9]{16}(?-u:\b)").expect("valid regex")
});
static GITHUB_TOKEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})")
        .expect("valid regex")
});
static PRIVATE_KEY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY-----[ \t]*\r?\n[ \t>]*[A-Za-z0-9+/=]{40,}")
        .expect("valid regex")
});
/// Each GUID in `text` (`8-4-4-4-12` hex digits, not inside a longer
/// word), with where it starts. What the regex
/// `\b[0-9A-Fa-f]{8}-…-[0-9A-Fa-f]{12}\b` finds, found from each `-`:
/// every page is scanned, and most have no GUID but many hyphens.
fn guids(text: &str) -> impl Iterator<Item = (usize, &str)> {
    const LEN: usize = 36;
    let bytes = text.as_bytes();
    let word = |at: Option<&u8>| at.is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_');
    let shaped = move |start: usize| {
        bytes.get(start..start + LEN).is_some_and(|guid| {
            guid.iter().enumerate().all(|(i, b)| match i {
                8 | 13 | 18 | 23 => *b == b'-',
                _ => b.is_ascii_hexdigit(),
            })
        }) && (start == 0 || !word(bytes.get(start - 1)))
            && !word(bytes.get(start + LEN))
    };
    let mut next = 0;
    text.match_indices('-').filter_map(move |(dash, _)| {
        let start = dash.checked_sub(8)?;
        if start < next || !shaped(start) {
            return None;
        }
        next = start + LEN;
        Some((start, &text[start..next]))
    })
}
static ID_CONTEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)client[ _-]?id|tenant|directory|application \(client\)|app[ _-]?id|login\.microsoftonline\.(?:com|us)/$").expect("valid regex")
});
/// Code that reads a secret from somewhere instead of holding it:
/// `os.environ[`, `config[`, `getenv(`.
static CODE_REFERENCE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[A-Za-z_][A-Za-z0-9_.]*[(\[]").expect("valid regex"));

/// GUIDs documentation uses on purpose: placeholders, public samples and
/// made-up patterns.
fn documentation_guid(guid: &str) -> bool {
    let lower = guid.to_ascii_lowercase();
    let distinct: HashSet<char> = lower.chars().filter(|c| *c != '-').collect();
    distinct.len() <= 2
        || patterned_guid(&lower)
        || quire_rules::guid::is_placeholder(&lower)
        || quire_rules::guid::is_first_party(&lower)
        || matches!(
            lower.as_str(),
            "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"
                | "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
                // Microsoft's own tenant, public in its documentation.
                | "72f988bf-86f1-41af-91ab-2d7cd011db47"
                // Public client IDs of Microsoft's tools: Azure CLI, Azure
                // PowerShell, Microsoft Graph PowerShell, Graph Explorer.
                | "04b07795-8ddb-461a-bbee-02f9e1bf7b46"
                | "1950a258-227b-4e31-a9cf-717495945fc2"
                | "14d82eec-204b-4c2f-b7e8-296a70dab67e"
                | "de8bc8b5-d9f9-48b1-a8ad-b748da725064"
                // Built-in role templates: Global Administrator, Global
                // Reader, Application Administrator.
                | "62e90394-69f5-4237-9190-012177145e10"
                | "f2ef992c-3afb-46b9-b7cf-a126ee74c451"
                | "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3"
                // Microsoft Graph permissions: Directory.Read.All (app),
                // User.Read.All (app), User.Read (delegated).
                | "7ab1d382-f21e-4acd-a863-ba3e13f7da61"
                | "df021288-bdef-4463-88db-98f22de89214"
                | "e1fe6dd8-ba31-4d61-89e7-88639da4683d"
        )
}

/// A GUID nobody generated: each group one repeated character
/// (`11111111-2222-…`), mostly counting up (`12345678-90ab-cdef-…`), or
/// made of hex words (`deadbeef-…`).
fn patterned_guid(lower: &str) -> bool {
    if lower
        .split('-')
        .all(|g| g.bytes().all(|b| Some(b) == g.bytes().next()))
    {
        return true;
    }
    let digits: Vec<u8> = lower.bytes().filter(|b| *b != b'-').collect();
    let value = |b: u8| (b as char).to_digit(16).unwrap_or(0);
    let counting = digits
        .windows(2)
        .filter(|w| {
            let (a, b) = (value(w[0]), value(w[1]));
            b == a + 1 || (a == 9 && b == 0) || (a == 0 && b == 10) || (a == 15 && b <= 1)
        })
        .count();
    counting * 3 >= (digits.len() - 1) * 2
        || [
            "deadbeef", "cafebabe", "c0ffee", "badc0de", "feedface", "f00d", "decaf", "facade",
        ]
        .iter()
        .any(|word| lower.contains(word))
}

/// A value that stands for a secret instead of being one: `<password>`,
/// `{client-secret}`, `$SECRET`, `YOUR_PASSWORD`, `ACCESS_TOKEN_FROM_STEP_3`,
/// or a documented fake with EXAMPLE or FAKE in it.
fn is_placeholder_value(value: &str) -> bool {
    let v = value.to_ascii_lowercase();
    let constant_name = value.contains('_')
        && value
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_');
    // A word in prose or a type (`Password: required.`, `password:
    // string`): real secrets mix cases, digits or symbols.
    let word = value
        .trim_end_matches(['.', ';', ','])
        .bytes()
        .all(|b| b.is_ascii_lowercase());
    constant_name
        || word
        || v.starts_with(['<', '{', '$', '%', '*', '.'])
        || v.starts_with("your")
        || [
            "xxx",
            "example",
            "placeholder",
            "fake",
            "sample",
            "dummy",
            "redacted",
            "not-a-real",
            "notreal",
        ]
        .iter()
        .any(|word| v.contains(word))
        || matches!(v.as_str(), "password" | "secret" | "changeme" | "hunter2")
}

/// A password-like value that is code reading the secret from elsewhere.
fn is_code_reference(value: &str) -> bool {
    CODE_REFERENCE.is_match(value)
        || value.starts_with("process.env")
        || value.starts_with("env.")
        || value.starts_with("os.")
}

/// One kind of live-looking credential: its code, what it looks like, and
/// the group of the match that is the secret itself.
struct Pattern {
    code: Code,
    what: &'static str,
    regex: &'static LazyLock<Regex>,
    group: usize,
    /// Substrings one of which a text must hold to be worth searching.
    needles: &'static [&'static str],
    /// Whether a value of this kind can be a placeholder or a code reference.
    allows_placeholders: bool,
}

static PATTERNS: &[Pattern] = &[
    Pattern {
        code: Code::SecretClientSecret,
        what: "a Microsoft Entra client secret value",
        regex: &CLIENT_SECRET,
        group: 1,
        needles: &["Q~", "Q%7E", "Q%7e"],
        allows_placeholders: true,
    },
    Pattern {
        code: Code::SecretPassword,
        what: "a real password or secret",
        regex: &PASSWORD,
        group: 1,
        needles: &["assw", "ASSW", "pwd", "Pwd", "PWD", "ecret", "ECRET"],
        allows_placeholders: true,
    },
    Pattern {
        code: Code::SecretPassword,
        what: "a password in a URL",
        regex: &URL_PASSWORD,
        group: 1,
        needles: &["@"],
        allows_placeholders: true,
    },
    Pattern {
        code: Code::SecretPassword,
        what: "a password given on a command line",
        regex: &PASSWORD_FLAG,
        group: 1,
        needles: &["--password", "--client-secret", "--secret"],
        allows_placeholders: true,
    },
    Pattern {
        code: Code::SecretPassword,
        what: "a password given to curl",
        regex: &CURL_USER,
        group: 1,
        needles: &["-u ", "-u\"", "-u'", "--user"],
        allows_placeholders: true,
    },
    Pattern {
        code: Code::SecretStorageKey,
        what: "an Azure Storage account key",
        regex: &STORAGE_KEY,
        group: 1,
        needles: &["ccountKey", "ccountkey", "CCOUNTKEY"],
        allows_placeholders: true,
    },
    Pattern {
        code: Code::SecretAwsKey,
        what: "an AWS access key ID",
        regex: &AWS_KEY,
        group: 0,
        needles: &["AKIA", "ASIA"],
        allows_placeholders: true,
    },
    Pattern {
        code: Code::SecretGithubToken,
        what: "a GitHub token",
        regex: &GITHUB_TOKEN,
        group: 0,
        needles: &["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"],
        allows_placeholders: true,
    },
    Pattern {
        code: Code::SecretPrivateKey,
        what: "a private key",
        regex: &PRIVATE_KEY,
        group: 0,
        needles: &["PRIVATE KEY-----"],
        allows_placeholders: false,
    },
];

/// Every pattern's needles, split once into what each search takes.
struct Needles {
    /// The needles of two bytes or more in one automaton, for leftmost
    /// searches, which skip ahead with vector instructions where
    /// overlapping ones cannot. No needle starts another (a test checks),
    /// so at most one matches at any place, and searching again from one
    /// byte after each match's start finds every needle in the text.
    long: aho_corasick::AhoCorasick,
    /// For each of them, the index of its pattern.
    owners: Vec<usize>,
    /// One-byte needles, left to `memchr` (the vector search needs two),
    /// with the index of their pattern.
    bytes: Vec<(usize, u8)>,
}

static NEEDLES: LazyLock<Needles> = LazyLock::new(|| {
    // Each needle with the index of its pattern.
    type Owned = Vec<(usize, &'static str)>;
    let (long, bytes): (Owned, Owned) = PATTERNS
        .iter()
        .enumerate()
        .flat_map(|(i, p)| p.needles.iter().map(move |n| (i, *n)))
        .partition(|(_, n)| n.len() > 1);
    Needles {
        long: aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostFirst)
            .build(long.iter().map(|(_, n)| n))
            .expect("valid needles"),
        owners: long.iter().map(|(i, _)| *i).collect(),
        bytes: bytes.iter().map(|(i, n)| (*i, n.as_bytes()[0])).collect(),
    }
});

/// Which patterns have a needle somewhere in `body`.
fn patterns_present(body: &str) -> Vec<bool> {
    let needles = &*NEEDLES;
    let mut present = vec![false; PATTERNS.len()];
    let mut at = 0;
    while let Some(m) = needles
        .long
        .find(aho_corasick::Input::new(body).range(at..))
    {
        present[needles.owners[m.pattern().as_usize()]] = true;
        at = m.start() + 1;
    }
    for &(owner, byte) in &needles.bytes {
        present[owner] |= memchr::memchr(byte, body.as_bytes()).is_some();
    }
    present
}

/// Content that looks like a live credential: an error telling the writer
/// to use a placeholder, at the place it starts. `text` is a whole file
/// (front matter included: it is published too); positions count from its
/// start. `body_start` is kept for callers that scan part of a file.
pub fn secrets(file: &Path, text: &str, body_start: usize) -> Vec<Diagnostic> {
    let body = &text[body_start..];
    // Built at the first finding: most files have none.
    let lines = std::cell::OnceCell::new();
    let at = |offset: usize| {
        lines
            .get_or_init(|| crate::diagnostics::LineIndex::new(text))
            .position(body_start + offset)
    };
    let found = |code: Code, offset: usize, what: &str| {
        Diagnostic::error(code, file, at(offset), format!("this looks like {what}")).with_help(HELP)
    };
    let mut findings = pattern_findings(body, &found);
    findings.extend(token_findings(body, &found));
    findings.extend(
        guids(body)
            .filter(|&(start, guid)| !documentation_guid(guid) && labelled_as_id(body, start))
            .map(|(start, _)| {
                Diagnostic::error(Code::SecretIdentifier, file, at(start), "this looks like a real client or tenant ID")
                    .with_help("use a placeholder such as {tenant-id} or 00000000-0000-0000-0000-000000000000; real IDs tell attackers where to aim")
            }),
    );
    findings
}

const HELP: &str = "replace it with a placeholder such as {client-secret}, or make it a documented fake (with EXAMPLE in it); if this is a real credential, revoke it: it has been published";

/// Each [`PATTERNS`] match that is not a placeholder or code reference.
fn pattern_findings(
    body: &str,
    found: &dyn Fn(Code, usize, &str) -> Diagnostic,
) -> Vec<Diagnostic> {
    let mut findings = Vec::new();
    // One pass over the text for every pattern's needles: most pages hold
    // none, and a regex that finds nothing still reads the whole page.
    let present = patterns_present(body);
    for (index, pattern) in PATTERNS.iter().enumerate() {
        if !pattern.needles.is_empty() && !present[index] {
            continue;
        }
        for c in pattern.regex.captures_iter(body) {
            let Some(m) = c.get(pattern.group) else {
                continue;
            };
            let value = m.as_str();
            if pattern.allows_placeholders
                && (is_placeholder_value(value) || is_code_reference(value))
            {
                continue;
            }
            findings.push(found(pattern.code, m.start(), pattern.what));
        }
    }
    findings
}

/// Signed tokens (JWTs), and bearer tokens that are not one of them.
fn token_findings(body: &str, found: &dyn Fn(Code, usize, &str) -> Diagnostic) -> Vec<Diagnostic> {
    let mut findings = Vec::new();
    let mut jwt_spans = Vec::new();
    let jwts = body.contains("eyJ").then(|| JWT.find_iter(body));
    for m in jwts.into_iter().flatten() {
        jwt_spans.push(m.range());
        findings.push(found(Code::SecretJwt, m.start(), "a signed token (JWT)"));
    }
    let bearer_like = body.contains("earer") || body.contains("EARER");
    let bearers = bearer_like.then(|| BEARER.captures_iter(body));
    for token in bearers.into_iter().flatten().filter_map(|c| c.get(1)) {
        if !jwt_spans.iter().any(|r| r.contains(&token.start()))
            && !is_placeholder_value(token.as_str())
        {
            findings.push(found(Code::SecretBearer, token.start(), "a bearer token"));
        }
    }
    findings
}

/// A file's bytes as text for the scan: UTF-8 (invalid bytes replaced),
/// UTF-16 with a byte order mark, or Latin-1-like text; nothing for a
/// binary file (a NUL byte in its first 8 KB and no UTF-16 mark).
fn as_text(bytes: &[u8]) -> String {
    let utf16 = |bytes: &[u8], big: bool| {
        let units: Vec<u16> = bytes
            .chunks_exact(2)
            .map(|c| {
                if big {
                    u16::from_be_bytes([c[0], c[1]])
                } else {
                    u16::from_le_bytes([c[0], c[1]])
                }
            })
            .collect();
        String::from_utf16_lossy(&units)
    };
    match bytes {
        [0xFF, 0xFE, rest @ ..] => utf16(rest, false),
        [0xFE, 0xFF, rest @ ..] => utf16(rest, true),
        _ if bytes.iter().take(8192).any(|b| *b == 0) => String::new(),
        _ => String::from_utf8_lossy(bytes).into_owned(),
    }
}

/// Whether the GUID at `start` is labelled as a client or tenant ID: on
/// its own line before it, or, when nothing but punctuation comes before
/// it there, on the nearest line above that is not blank or a code fence.
fn labelled_as_id(body: &str, start: usize) -> bool {
    let line_start = body[..start].rfind('\n').map_or(0, |i| i + 1);
    let before = &body[line_start..start];
    // Any match in the line before the GUID counts, a URL ending at it
    // included (`$` is the end of `before`).
    if ID_CONTEXT.is_match(before) {
        return true;
    }
    // Only punctuation before it, or a generic key such as a checker
    // block's `example:`: the label is on a line above.
    let words: String = before
        .chars()
        .filter(char::is_ascii_alphabetic)
        .collect::<String>()
        .to_ascii_lowercase();
    if !matches!(words.as_str(), "" | "example" | "value" | "eg") {
        return false;
    }
    body[..line_start]
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with("```") && !l.starts_with("~~~"))
        .is_some_and(|label| ID_CONTEXT.is_match(label))
}

/// The secret scan of everything else that is published: site.toml, the
/// text files in `static/`, the site's `templates/` and its theme, its
/// checker presets (`checkers/`: their labels and hints are in pages and
/// their Markdown copies), and `beside_pages`, the files kept beside
/// pages (paths from `root`).
pub fn published_files(root: &Path, theme: &str, beside_pages: &[PathBuf]) -> Vec<Diagnostic> {
    use crate::layout;
    use rayon::prelude::*;
    let mut files = vec![PathBuf::from(layout::CONFIG_FILE)];
    files.extend_from_slice(beside_pages);
    for dir in [
        PathBuf::from(layout::STATIC_DIR),
        PathBuf::from(layout::TEMPLATES_DIR),
        PathBuf::from(crate::presets::CHECKERS_DIR),
        Path::new(layout::THEMES_DIR).join(theme),
    ] {
        files.extend(
            walkdir::WalkDir::new(root.join(&dir))
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file())
                .filter_map(|e| e.path().strip_prefix(root).ok().map(Path::to_owned)),
        );
    }
    files
        .par_iter()
        .flat_map_iter(|rel| {
            let text = std::fs::read(root.join(rel))
                .map(|bytes| as_text(&bytes))
                .unwrap_or_default();
            secrets(rel, &text, 0)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guids_are_found_whole_and_only_whole() {
        let found = |text: &str| -> Vec<(usize, String)> {
            guids(text).map(|(at, g)| (at, g.to_owned())).collect()
        };
        let id = "3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b";
        assert_eq!(found(id), [(0, id.to_owned())]);
        assert_eq!(found(&format!("id: {id}.")), [(4, id.to_owned())]);
        assert_eq!(
            found(&format!("{id}-{id} ({id})")),
            [(0, id.to_owned()), (37, id.to_owned()), (75, id.to_owned())],
        );
        assert_eq!(found(&format!("x{id}")), []);
        assert_eq!(found(&format!("{id}0")), []);
        assert_eq!(found(&format!("_{id}")), []);
        assert_eq!(found(&format!("é{id}é")), [(2, id.to_owned())]);
        assert_eq!(found("3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5"), []);
        assert_eq!(found("3f2a1b4g-5d6e-4f70-8a9b-0c1d2e3f4a5b"), []);
        assert_eq!(found("--- a-b -"), []);
        let upper = id.to_ascii_uppercase();
        assert_eq!(
            found(&format!("{id},{upper}")),
            [(0, id.to_owned()), (37, upper)]
        );
    }

    #[test]
    fn no_needle_starts_another() {
        // Nor is any listed twice: the leftmost search would report it
        // for one pattern only.
        let needles: Vec<&str> = PATTERNS
            .iter()
            .flat_map(|p| p.needles.iter().copied())
            .collect();
        for (i, a) in needles.iter().enumerate() {
            for (j, b) in needles.iter().enumerate() {
                assert!(i == j || !b.starts_with(a), "{a:?} starts {b:?}");
            }
        }
    }

    proptest::proptest! {
        /// Leftmost searches find the patterns an overlapping search finds.
        #[test]
        fn needles_are_all_found(text in "(Q~|Q%7E|assw|--password|--client-secret|--secret|ecret|ECRET|@|-u |--user|ccountKey|AKIA|ASIA|PRIVATE KEY-----|ghp_|github_pat_|pwd|PWD|-|e|c|r|t|Q|A|I|S| |x|é){0,24}") {
            let needles: Vec<(usize, &str)> = PATTERNS
                .iter()
                .enumerate()
                .flat_map(|(i, p)| p.needles.iter().map(move |n| (i, *n)))
                .collect();
            let all = aho_corasick::AhoCorasick::new(needles.iter().map(|(_, n)| n)).expect("needles");
            let mut expected = vec![false; PATTERNS.len()];
            for m in all.find_overlapping_iter(&text) {
                expected[needles[m.pattern().as_usize()].0] = true;
            }
            proptest::prop_assert_eq!(patterns_present(&text), expected);
        }

        /// The scanner finds what the regex it replaced finds.
        #[test]
        fn guids_agree_with_the_regex(text in "([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[0-9a-fA-F]{1,12}|-|_|x| |é){0,30}") {
            let regex = Regex::new(r"(?-u:\b)[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}(?-u:\b)").expect("regex");
            let expected: Vec<(usize, &str)> = regex.find_iter(&text).map(|m| (m.start(), m.as_str())).collect();
            let found: Vec<(usize, &str)> = guids(&text).collect();
            proptest::prop_assert_eq!(found, expected);
        }
    }

    fn codes(body: &str) -> Vec<&'static str> {
        secrets(Path::new("p.md"), body, 0)
            .iter()
            .map(|d| d.code.name())
            .collect()
    }

    #[test]
    fn finds_live_looking_credentials() {
        assert_eq!(
            codes("secret: abc8Q~abcdefghijklmnopqrstuvwxyz01234567 here"),
            ["secret.client_secret"]
        );
        assert_eq!(
            codes(
                "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"
            ),
            ["secret.jwt"]
        );
        assert_eq!(
            codes("Authorization: Bearer 0123456789abcdefghijABCDEF"),
            ["secret.bearer"]
        );
        assert_eq!(
            codes("Server=db;User Id=sa;Password=S3cr3t!x;"),
            ["secret.password"]
        );
        assert_eq!(
            codes("Client ID: 3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b"),
            ["secret.identifier"]
        );
        assert_eq!(
            codes(
                "https://login.microsoftonline.com/3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b/oauth2/v2.0/token"
            ),
            ["secret.identifier"]
        );
    }

    #[test]
    fn non_ascii_text_before_an_identifier_is_read_whole() {
        let line = format!(
            "Tenant {}ab 7f3c9d21-5b8e-4a6f-9c2d-1e4b7a9f3c5d",
            "é".repeat(42)
        );
        assert_eq!(codes(&line), ["secret.identifier"]);
        let line = format!("{}ab 7f3c9d21-5b8e-4a6f-9c2d-1e4b7a9f3c5d", "é".repeat(42));
        assert!(codes(&line).is_empty());
    }

    #[test]
    fn leaves_placeholders_alone() {
        assert!(codes("Password=<your-password>; pwd={password}").is_empty());
        assert!(codes("Bearer {access-token}").is_empty());
        assert!(codes("Client ID: 00000000-0000-0000-0000-000000000000").is_empty());
        assert!(codes("tenant xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx").is_empty());
        assert!(codes("Dataverse is 00000007-0000-0000-c000-000000000000 (client id)").is_empty());
        assert!(codes("A GUID in passing: 3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b.").is_empty());
        assert!(
            codes("https://login.microsoftonline.com/{tenant-id}/oauth2/v2.0/token").is_empty()
        );
    }
}
