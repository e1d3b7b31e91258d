//! Words as search sees them. The browser's query code (`search.js` in
//! the default theme) splits and folds a query the same way, so a word
//! typed finds the word written.
//!
//! A word is a run of letters and digits: `AADSTS7000215` is one word,
//! `Mail.Read` two and a GUID five. Letters are lower-cased and lose
//! their accents (`Café` is `cafe`); words of one character are dropped.

use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// Words longer than this are not indexed: encoded data, not prose.
pub const MAX_CHARS: usize = 40;

/// Each ASCII byte lower-cased when it is a letter or a digit, 0 when it
/// ends a word; 0 for every byte of a longer character too.
const ASCII_WORD: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        let byte = b as u8;
        if byte.is_ascii_alphanumeric() {
            table[b] = byte.to_ascii_lowercase();
        }
        b += 1;
    }
    table
};

/// Folds every word of `text` onto the end of `out`, the UTF-8 of
/// whole characters, and after each calls `keep(out, start)` with the
/// word at `out[start..]`: a word it does not keep is taken out again.
/// Words of the wrong length are never offered. Runs of ASCII letters
/// and digits, most of any text, are copied through a table.
pub fn fold_words(
    text: &str,
    out: &mut Vec<u8>,
    mut keep: impl FnMut(&mut Vec<u8>, usize) -> bool,
) {
    out.reserve(text.len() + 1);
    let bytes = text.as_bytes();
    // The current word's start in `out`, and its length in characters.
    let mut start = out.len();
    let mut chars = 0usize;
    let mut end_word = |out: &mut Vec<u8>, start: &mut usize, chars: &mut usize| {
        if !((2..=MAX_CHARS).contains(chars) && keep(out, *start)) {
            out.truncate(*start);
        }
        *start = out.len();
        *chars = 0;
    };
    let mut at = 0;
    while at < bytes.len() {
        let b = bytes[at];
        if ASCII_WORD[usize::from(b)] != 0 {
            let run = at;
            while at < bytes.len() && ASCII_WORD[usize::from(bytes[at])] != 0 {
                at += 1;
            }
            out.extend(bytes[run..at].iter().map(|&b| ASCII_WORD[usize::from(b)]));
            chars += at - run;
            continue;
        }
        if b.is_ascii() {
            if chars > 0 {
                end_word(out, &mut start, &mut chars);
            }
            at += 1;
            continue;
        }
        let Some(c) = text[at..].chars().next() else {
            break;
        };
        at += c.len_utf8();
        // An accent written as its own character belongs to its letter.
        if is_combining_mark(c) {
            continue;
        }
        if !c.is_alphanumeric() {
            if chars > 0 {
                end_word(out, &mut start, &mut chars);
            }
            continue;
        }
        for lower in c.to_lowercase() {
            decompose_canonical(lower, |part| {
                if !is_combining_mark(part) {
                    let part = if part == 'ς' { 'σ' } else { part };
                    let mut utf8 = [0u8; 4];
                    out.extend_from_slice(part.encode_utf8(&mut utf8).as_bytes());
                    chars += 1;
                }
            });
        }
    }
    if chars > 0 {
        end_word(out, &mut start, &mut chars);
    }
}

/// The words of `text`, folded, in order.
pub fn split(text: &str) -> Vec<String> {
    let mut folded = Vec::new();
    let mut ends = Vec::new();
    fold_words(text, &mut folded, |out, _| {
        ends.push(out.len());
        true
    });
    let mut start = 0;
    ends.into_iter()
        .map(|end| {
            let word = String::from_utf8_lossy(&folded[start..end]).into_owned();
            start = end;
            word
        })
        .collect()
}

/// The index file a word's entry is kept in: its first two characters
/// when both are ASCII letters or digits (`se` for `secret`), otherwise
/// one of 251 buckets named by the two characters' code points, so that
/// an index never has more files than a static host accepts.
pub fn shard(word: &str) -> String {
    let mut chars = word.chars();
    let (Some(a), Some(b)) = (chars.next(), chars.next()) else {
        return String::new();
    };
    if a.is_ascii_alphanumeric() && b.is_ascii_alphanumeric() {
        let mut key = String::with_capacity(2);
        key.push(a);
        key.push(b);
        key
    } else {
        format!("u{}", (u32::from(a) * 31 + u32::from(b)) % 251)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_codes_stay_whole_and_fold_to_lower_case() {
        assert_eq!(
            split("Error AADSTS7000215: invalid client secret."),
            ["error", "aadsts7000215", "invalid", "client", "secret"]
        );
    }

    #[test]
    fn code_splits_at_punctuation() {
        assert_eq!(
            split("`https://yourorg.crm.dynamics.com/.default` and Mail.Read"),
            [
                "https", "yourorg", "crm", "dynamics", "com", "default", "and", "mail", "read"
            ]
        );
        assert_eq!(
            split("user_impersonation, Authorization_RequestDenied"),
            ["user", "impersonation", "authorization", "requestdenied"]
        );
    }

    #[test]
    fn guids_are_found_by_their_parts() {
        assert_eq!(
            split("{72F988BF-86F1-41AF-91AB-2D7CD011DB47}"),
            ["72f988bf", "86f1", "41af", "91ab", "2d7cd011db47"]
        );
    }

    #[test]
    fn accents_are_folded_and_other_scripts_kept() {
        assert_eq!(split("Café Ñandú"), ["cafe", "nandu"]);
        assert_eq!(split("Cafe\u{301} x"), ["cafe"], "a separate accent");
        assert_eq!(split("Überweisung STRASSE"), ["uberweisung", "strasse"]);
        assert_eq!(split("ΟΔΟΣ οδός"), ["οδοσ", "οδοσ"]);
        assert_eq!(split("Пароль приложения"), ["пароль", "приложения"]);
        assert_eq!(split("日本語のガイド"), ["日本語のカイト"]);
    }

    #[test]
    fn single_characters_and_encoded_data_are_dropped() {
        assert_eq!(split("a I 1 v2.0 x"), ["v2"]);
        let long = "A".repeat(MAX_CHARS + 1);
        assert!(split(&long).is_empty());
        assert_eq!(split(&"b".repeat(MAX_CHARS)).len(), 1);
    }

    /// Character by character, the way the query code reads it.
    fn reference(text: &str) -> Vec<String> {
        let mut all = Vec::new();
        let mut word = String::new();
        for c in text.chars().chain([' ']) {
            if is_combining_mark(c) {
                continue;
            }
            if c.is_alphanumeric() {
                for lower in c.to_lowercase() {
                    decompose_canonical(lower, |p| {
                        if !is_combining_mark(p) {
                            word.push(if p == 'ς' { 'σ' } else { p });
                        }
                    });
                }
            } else if !word.is_empty() {
                if (2..=MAX_CHARS).contains(&word.chars().count()) {
                    all.push(std::mem::take(&mut word));
                }
                word.clear();
            }
        }
        all
    }

    #[test]
    fn the_fast_path_for_ascii_folds_as_the_slow_one() {
        for text in [
            "Plain ASCII, with CAPS and 12345 digits.",
            "Mixed: Straße, naïve café, AADSTS7000215-x",
            "ascii\u{301}accent and ÀBC-déf_ghi/jkl",
            "x y zz 日本語 Ελληνικά ΣΟΦΟΣ",
            &"long".repeat(11),
            "",
        ] {
            assert_eq!(split(text), reference(text), "{text:?}");
        }
    }

    #[test]
    fn shards_are_two_ascii_characters_or_a_bucket() {
        assert_eq!(shard("secret"), "se");
        assert_eq!(shard("7000215"), "70");
        assert_eq!(shard("пароль"), format!("u{}", (1087 * 31 + 1072) % 251));
        assert_eq!(shard("x"), "");
    }
}
