//! URL helpers shared by the stages: slugs, heading ids, the base path.

/// The path part of `base_url`, always starting and ending with `/`.
pub(crate) fn base_path(base_url: &str) -> Result<String, String> {
    if base_url
        .chars()
        .any(|c| c.is_whitespace() || c.is_control())
    {
        return Err(format!(
            "base_url `{}` holds a space, a line break or a control character",
            base_url.escape_debug()
        ));
    }
    let rest = base_url
        .strip_prefix("https://")
        .or_else(|| base_url.strip_prefix("http://"))
        .ok_or_else(|| format!("base_url `{base_url}` must start with https:// (or http://)"))?;
    let path = match rest.find('/') {
        Some(i) => &rest[i..],
        None => "/",
    };
    if rest.is_empty() || rest.starts_with('/') {
        return Err(format!("base_url `{base_url}` has no host"));
    }
    let authority = rest.find('/').map_or(rest, |i| &rest[..i]);
    if path.contains("//") {
        return Err(format!(
            "base_url `{base_url}` has an empty path segment (`//`), which makes every link point at another host"
        ));
    }
    if authority.contains('@') {
        return Err(format!(
            "base_url `{base_url}` holds a user name or password; it is published in every page"
        ));
    }
    if authority.contains(['?', '#']) || path.contains(['?', '#']) {
        return Err(format!(
            "base_url `{base_url}` must not have a query or fragment"
        ));
    }
    let mut path = path.to_owned();
    if !path.ends_with('/') {
        path.push('/');
    }
    Ok(path)
}

/// The origin and base path joined: `https://help.example.com/docs/`.
pub(crate) fn normalise_base_url(base_url: &str) -> String {
    let mut url = base_url.to_owned();
    if !url.ends_with('/') {
        url.push('/');
    }
    url
}

/// The characters a URL path does not hold as they are, as browsers
/// show it in `location.pathname`: controls, the space and `"#<>?`{}`.
pub(crate) const URL_PATH: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}');

/// [`URL_PATH`] and `%`: for writing a file's name into a URL.
pub(crate) const FILE_PATH: &percent_encoding::AsciiSet = &URL_PATH.add(b'%');

/// A relative path as the `/`-separated string URLs and page keys use,
/// whatever the platform's separator.
pub(crate) fn slash_path(path: &std::path::Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// A GitHub-style heading slug: lower case, spaces to `-`, punctuation
/// dropped; letters of any script are kept.
pub(crate) fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_alphanumeric() || c == '_' || c == '-' {
            slug.extend(c.to_lowercase());
        } else if c.is_whitespace() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_matches('-');
    if slug.is_empty() {
        "section".to_owned()
    } else {
        slug.to_owned()
    }
}

/// A heading's id as GitHub makes it: lower case, every character that is
/// not a letter, digit, `-`, `_` or space dropped, then each space a `-`
/// (`Überblick & Ärger` is `überblick--ärger`).
pub(crate) fn heading_id(text: &str) -> String {
    let text = text.trim();
    let mut id = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            'A'..='Z' => id.push(c.to_ascii_lowercase()),
            'a'..='z' | '0'..='9' | '-' | '_' => id.push(c),
            ' ' => id.push('-'),
            _ if c.is_ascii() => {}
            _ if c.is_alphanumeric() => id.extend(c.to_lowercase()),
            _ => {}
        }
    }
    if id.is_empty() {
        "section".to_owned()
    } else {
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_paths() {
        assert_eq!(base_path("https://help.example.com").as_deref(), Ok("/"));
        assert_eq!(base_path("https://help.example.com/").as_deref(), Ok("/"));
        assert_eq!(
            base_path("https://example.com/docs").as_deref(),
            Ok("/docs/")
        );
        assert!(base_path("help.example.com").is_err());
        assert!(base_path("https:///x").is_err());
    }

    #[test]
    fn slugs_are_github_like() {
        assert_eq!(slugify("Register an app"), "register-an-app");
        assert_eq!(slugify("Step 2: Get the *ID*!"), "step-2-get-the-id");
        assert_eq!(slugify("  "), "section");
        assert_eq!(slugify("Überblick"), "überblick");
    }

    proptest::proptest! {
        /// The id is what GitHub's rule, written as a filter and a map
        /// over characters, makes of the text.
        #[test]
        fn heading_ids_follow_the_rule(text in "[ a-zA-Z0-9_#?!&*:.-]{0,12}[ \u{a0}\u{212a}\u{130}éÉßǅ٣\u{2028}-]{0,4}[a-zA-Z ]{0,4}") {
            let rule: String = text
                .trim()
                .chars()
                .filter(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | ' '))
                .flat_map(char::to_lowercase)
                .map(|c| if c == ' ' { '-' } else { c })
                .collect();
            let rule = if rule.is_empty() { "section".to_owned() } else { rule };
            proptest::prop_assert_eq!(heading_id(&text), rule);
        }
    }

    #[test]
    fn heading_ids_are_githubs() {
        assert_eq!(heading_id("Überblick & Ärger"), "überblick--ärger");
        assert_eq!(heading_id("Step 2: Get the *ID*!"), "step-2-get-the-id");
        assert_eq!(
            heading_id("AADSTS7000215: Invalid client secret"),
            "aadsts7000215-invalid-client-secret"
        );
        assert_eq!(heading_id("snake_case and-dash"), "snake_case-and-dash");
        assert_eq!(heading_id("?!"), "section");
    }
}
