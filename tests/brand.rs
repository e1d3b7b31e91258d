//! `[brand]`, `[support]` and `[footer]` in site.toml: what the built pages
//! carry, and what the build refuses.

mod common;

use common::Fixture;

const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, b'I', b'H', b'D', b'R', 0, 0, 0,
    180, 0, 0, 0, 180, 8, 6, 0, 0, 0,
];

fn branded() -> Fixture {
    let site = Fixture::new("basic");
    site.write(
        "static/img/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 120 32\"><rect width=\"120\" height=\"32\"/></svg>",
    );
    site.write(
        "static/img/logo-dark.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"120\" height=\"32\"><rect width=\"120\" height=\"32\" fill=\"#fff\"/></svg>",
    );
    site.write("static/img/icon.png", PNG);
    let config = site.read("site.toml");
    site.write(
        "site.toml",
        format!(
            "{config}\n[brand]\nlogo = \"img/logo.svg\"\nlogo_dark = \"img/logo-dark.svg\"\nfavicon = \"img/icon.png\"\naccent = \"#7a2e8c\"\n\n[support]\nurl = \"https://support.example.com/new?page={{page}}&field={{field}}\"\nlabel = \"Ask our team\"\n\n[[footer.links]]\nlabel = \"Privacy\"\nurl = \"https://example.com/privacy\"\n"
        ),
    );
    site
}

fn asset<'a>(html: &'a str, marker: &str) -> &'a str {
    let at = html
        .find(marker)
        .unwrap_or_else(|| panic!("{marker} in {html}"))
        + marker.len();
    &html[at..at + html[at..].find('"').expect("closing quote")]
}

#[test]
fn built_pages_carry_the_logo_icons_colours_and_support_link() {
    let site = branded();
    site.quire(&["build"]).ok();
    let guide = site.read("public/guides/connect/index.html");
    // The header: both logos, sized so nothing moves when they arrive.
    assert!(
        guide.contains("<img class=\"brand-logo brand-logo-light\" src=\"/help/img/logo.svg\" alt=\"\" width=\"120\" height=\"32\">"),
        "{guide}"
    );
    assert!(guide.contains("class=\"brand-logo brand-logo-dark\" src=\"/help/img/logo-dark.svg\""));
    assert!(!guide.contains("brand-mark"));
    // The tab's icon, the home-screen icon and the manifest.
    assert!(guide.contains("<link rel=\"icon\" href=\"/help/img/icon.png\" type=\"image/png\">"));
    assert!(guide.contains("<link rel=\"apple-touch-icon\" href=\"/help/img/icon.png\">"));
    let manifest = asset(&guide, "<link rel=\"manifest\" href=\"/help/");
    let manifest: serde_json::Value =
        serde_json::from_str(&site.read(&format!("public/{manifest}"))).expect("JSON");
    assert_eq!(manifest["icons"][0]["src"], "/help/img/icon.png");
    assert_eq!(manifest["icons"][0]["sizes"], "180x180");
    assert_eq!(manifest["theme_color"], "#7a2e8c");
    // The colours: the accent as given in light mode, a lighter shade in
    // dark mode, after the theme's own stylesheet.
    let css_url = asset(
        &guide,
        "<link rel=\"stylesheet\" href=\"/help/assets/brand.",
    );
    assert!(guide.find("assets/style.") < guide.find("assets/brand."));
    let css = site.read(&format!("public/assets/brand.{css_url}"));
    assert!(css.contains(":root { --accent: #7a2e8c;"), "{css}");
    assert!(
        css.contains(":root[data-theme=\"dark\"] { --accent: #"),
        "{css}"
    );
    assert!(
        !css.contains(":root[data-theme=\"dark\"] { --accent: #7a2e8c;"),
        "{css}"
    );
    // The support link, with the page in it; the checker's fields are
    // filled in by site.js, never a value.
    assert!(
        guide.contains("href=\"https://support.example.com/new?page=https%3A%2F%2Fdocs.example.org%2Fhelp%2Fguides%2Fconnect%2F&amp;field=\""),
        "{guide}"
    );
    assert!(guide.contains("data-support-template=\"https://support.example.com/new?page=https%3A%2F%2Fdocs.example.org%2Fhelp%2Fguides%2Fconnect%2F&amp;field={field}\""));
    assert!(guide.contains(">Ask our team</a>"));
    assert!(guide.contains("<a href=\"https://example.com/privacy\">Privacy</a>"));
    // The tinted panels keep links readable, and print keeps its colours.
    assert!(css.contains("@media screen {"), "{css}");
    // An e-mail address instead: the page in the subject and body.
    site.edit(
        "site.toml",
        "url = \"https://support.example.com/new?page={page}&field={field}\"",
        "email = \"help@example.com\"",
    );
    site.quire(&["build"]).ok();
    let guide = site.read("public/guides/connect/index.html");
    assert!(
        guide.contains("href=\"mailto:help@example.com?subject=Help%20with%3A%20Connect"),
        "{guide}"
    );
}

#[test]
fn an_accent_links_cannot_be_read_in_is_refused_with_the_nearest_that_can() {
    let site = branded();
    site.edit("site.toml", "accent = \"#7a2e8c\"", "accent = \"#ffcc00\"");
    let line = site
        .read("site.toml")
        .lines()
        .position(|l| l.starts_with("accent"))
        .expect("accent line")
        + 1;
    let run = site.quire(&["build"]).fails();
    assert!(
        run.stderr.contains("error[config.brand]")
            && run.stderr.contains(&format!("site.toml:{line}:1"))
            && run.stderr.contains("WCAG AA")
            && run.stderr.contains("accent = \"#"),
        "{}",
        run.stderr
    );
    // A logo that is not there is an error at its line too.
    site.edit("site.toml", "accent = \"#ffcc00\"", "accent = \"#7a2e8c\"");
    site.edit(
        "site.toml",
        "logo = \"img/logo.svg\"",
        "logo = \"img/gone.svg\"",
    );
    let run = site.quire(&["build"]).fails();
    assert!(
        run.stderr
            .contains("logo `img/gone.svg` is not a file in static/"),
        "{}",
        run.stderr
    );
}

#[test]
fn brand_settings_that_would_mislead_are_refused_and_paths_follow_the_base() {
    let site = branded();
    // Only a font: the theme's colours stay the theme's.
    site.write("static/fonts/inter.woff2", b"wOF2".as_slice());
    site.edit(
        "site.toml",
        "accent = \"#7a2e8c\"",
        "font = { family = \"Inter\", files = [\"fonts/inter.woff2\"] }",
    );
    site.edit(
        "site.toml",
        "url = \"https://example.com/privacy\"",
        "url = \"/privacy/\"",
    );
    site.quire(&["build"]).ok();
    let guide = site.read("public/guides/connect/index.html");
    let css_url = asset(
        &guide,
        "<link rel=\"stylesheet\" href=\"/help/assets/brand.",
    );
    let css = site.read(&format!("public/assets/brand.{css_url}"));
    assert!(
        css.contains("font-family: \"Inter\"") && css.contains("font-display: optional"),
        "{css}"
    );
    assert!(!css.contains("--accent"), "{css}");
    // A path on this site in site.toml is below base_url, as pages are.
    assert!(
        guide.contains("<a href=\"/help/privacy/\">Privacy</a>"),
        "{guide}"
    );
    // Both a URL and an address, and a dark logo alone, are errors.
    site.edit(
        "site.toml",
        "label = \"Ask our team\"",
        "label = \"Ask our team\"\nemail = \"help@example.com\"",
    );
    let run = site.quire(&["build"]).fails();
    assert!(
        run.stderr.contains("has both `url` and `email`"),
        "{}",
        run.stderr
    );
    site.edit("site.toml", "\nemail = \"help@example.com\"", "");
    site.edit("site.toml", "logo = \"img/logo.svg\"\n", "");
    let run = site.quire(&["build"]).fails();
    assert!(
        run.stderr.contains("`logo_dark` is set, but not `logo`"),
        "{}",
        run.stderr
    );
}
