//! Copy-paste cleanup every field gets: surrounding whitespace and one pair
//! of wrapping quotes are removed (and the reader told); line breaks inside
//! and any non-ASCII character are errors that say where.

use crate::report::{Finding, Report};

/// The ASCII whitespace copy-paste leaves at the ends. Unicode spaces are
/// deliberately not here: they are reported, not silently removed.
fn is_edge_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

/// Cleans `raw` into `report.normalized`. Returns false when the value is
/// empty or unusable, and further checks should not run.
pub(crate) fn clean(raw: &str, report: &mut Report) -> bool {
    let trimmed = raw.trim_matches(is_edge_space);
    let mut value = trimmed;
    let mut quotes = None;
    for quote in ['"', '\'', '`'] {
        if value.len() >= 2 && value.starts_with(quote) && value.ends_with(quote) {
            value = crate::url::slice(value, 1..value.len() - 1).trim_matches(is_edge_space);
            quotes = Some(quote);
            break;
        }
    }
    if value
        .chars()
        .all(|c| is_edge_space(c) || matches!(c, '"' | '\'' | '`'))
    {
        report.empty = true;
        report.normalized = String::new();
        return false;
    }
    if let Some(quote) = quotes {
        // A backtick cannot be shown inside inline code: it is named.
        let message = match quote {
            '`' => "Remove the backticks around the value.",
            '"' => "Remove the `\"` marks around the value.",
            _ => "Remove the `'` marks around the value.",
        };
        report.push(Finding::warning("common.quotes", message));
    } else if trimmed.len() != raw.len() {
        report.push(Finding::warning(
            "common.whitespace",
            "Remove the spaces or line breaks at the start or end.",
        ));
    }
    report.normalized = value.to_owned();
    if value.contains(['\n', '\r']) {
        report.push(Finding::error(
            "common.line_break",
            "The value has a line break in the middle. Paste it again as one line.",
        ));
        return false;
    }
    true
}

/// A run of three or more mask characters, or an ellipsis.
pub(crate) fn is_masked(value: &str) -> bool {
    // `chars().any` rather than `contains`: for a non-ASCII char the latter
    // pulls a substring searcher into the widget.
    if value.chars().any(|c| c == '\u{2026}') {
        return true;
    }
    let mut run = 0;
    for c in value.chars() {
        if matches!(c, '*' | '\u{2022}' | '\u{25CF}') {
            run += 1;
            if run >= 3 {
                return true;
            }
        } else {
            run = 0;
        }
    }
    false
}

/// Reports the first non-ASCII character, with its position and code point.
pub(crate) fn check_ascii(value: &str, report: &mut Report) -> bool {
    let Some((index, c)) = value.chars().enumerate().find(|(_, c)| !c.is_ascii()) else {
        return true;
    };
    let what = describe(c);
    report.push(Finding::error(
        "common.non_ascii",
        format!(
            "Character {} is {what} (U+{:04X}), which never appears in this value. It usually comes from copying out of a document or chat; type that character again, or copy the value straight from the portal.",
            index + 1,
            u32::from(c)
        ),
    ));
    false
}

fn describe(c: char) -> &'static str {
    match c {
        '\u{200B}' => "a zero-width space",
        '\u{200C}' => "a zero-width non-joiner",
        '\u{200D}' => "a zero-width joiner",
        '\u{2060}' => "a word joiner",
        '\u{FEFF}' => "a byte order mark",
        '\u{00A0}' | '\u{202F}' | '\u{2007}' => "a no-break space",
        '\u{00AD}' => "a soft hyphen",
        '\u{2000}'..='\u{200A}' | '\u{3000}' => "a Unicode space",
        '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => {
            "an invisible text-direction mark"
        }
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' => "a curly quote",
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' => "a curly double quote",
        '\u{2010}' | '\u{2011}' => "a Unicode hyphen",
        '\u{2012}' | '\u{2013}' => "an en dash (autocorrect turns hyphens into these)",
        '\u{2014}' | '\u{2015}' => "an em dash (autocorrect turns hyphens into these)",
        '\u{2212}' => "a minus sign",
        '\u{2026}' => "an ellipsis",
        '\u{2022}' | '\u{25CF}' => "a bullet (a masked value?)",
        '\u{FF01}'..='\u{FF5E}' => "a full-width character",
        '\u{0370}'..='\u{03FF}' => "a Greek letter that looks like a Latin one",
        '\u{0400}'..='\u{04FF}' => "a Cyrillic letter that looks like a Latin one",
        _ => "a non-ASCII character",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_ascii_space_and_one_pair_of_quotes() {
        let mut r = Report::default();
        assert!(clean("  \"abc\" \n", &mut r));
        assert_eq!(r.normalized, "abc");
        assert!(r.has("common.quotes"));
        let mut r = Report::default();
        assert!(!clean(" '' ", &mut r));
        assert!(r.empty);
    }

    #[test]
    fn no_break_space_is_not_trimmed() {
        let mut r = Report::default();
        assert!(clean("abc\u{00A0}", &mut r));
        assert!(!check_ascii(&r.normalized.clone(), &mut r));
        assert!(
            r.findings[0]
                .message
                .contains("Character 4 is a no-break space (U+00A0)")
        );
    }
}
