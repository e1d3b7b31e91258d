//! The site's brand from `[brand]` in site.toml: its accent colour turned
//! into the theme's shades for light and dark mode (refused when it cannot
//! meet WCAG AA), its logo's size, and the stylesheet and web app manifest
//! that carry them.

use std::fmt::Write as _;

/// A colour, 8 bits a channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// `#0b5cad` or `#08c`.
    pub fn parse(text: &str) -> Option<Rgb> {
        let hex = text.trim().strip_prefix('#')?;
        let digits: Vec<u8> = hex
            .chars()
            .map(|c| c.to_digit(16).map(|d| d as u8))
            .collect::<Option<_>>()?;
        match digits[..] {
            [r, g, b] => Some(Rgb(r * 17, g * 17, b * 17)),
            [r1, r2, g1, g2, b1, b2] => Some(Rgb(r1 * 16 + r2, g1 * 16 + g2, b1 * 16 + b2)),
            _ => None,
        }
    }

    /// The WCAG relative luminance.
    fn luminance(self) -> f64 {
        let channel = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(self.0) + 0.7152 * channel(self.1) + 0.0722 * channel(self.2)
    }

    /// The WCAG contrast ratio of two colours, from 1 to 21.
    pub fn contrast(self, other: Rgb) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }

    /// This colour `amount` (0 to 1) of the way to `other`.
    fn mix(self, other: Rgb, amount: f64) -> Rgb {
        let channel =
            |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * amount).round() as u8;
        Rgb(
            channel(self.0, other.0),
            channel(self.1, other.1),
            channel(self.2, other.2),
        )
    }
}

impl std::fmt::Display for Rgb {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

const WHITE: Rgb = Rgb(255, 255, 255);
const BLACK: Rgb = Rgb(0, 0, 0);
/// The lightest background links sit on in light mode (`--bg-soft` of
/// the default theme's style.css).
pub const LIGHT_BACKGROUND: Rgb = Rgb(0xf6, 0xf7, 0xf9);
/// The default theme's own accent (`--accent` in style.css).
pub const DEFAULT_ACCENT: Rgb = Rgb(0x0b, 0x5c, 0xad);
/// The page background in dark mode (`--bg`).
const DARK_PAGE: Rgb = Rgb(0x0f, 0x14, 0x19);
/// The lightest background links sit on in dark mode (`--bg-raised`).
const DARK_BACKGROUND: Rgb = Rgb(0x1b, 0x22, 0x2b);
/// WCAG AA for text: links, and the white text of accent buttons.
pub const AA: f64 = 4.5;

/// The theme's accent shades for one mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shades {
    /// Links and buttons.
    pub accent: Rgb,
    /// Links under the pointer.
    pub strong: Rgb,
    /// Tinted backgrounds.
    pub soft: Rgb,
}

/// The shades of both modes from one accent colour. Light mode uses the
/// colour itself, so the brand is what readers see; dark mode lightens it
/// until it reads on the dark backgrounds. `Err` holds the nearest colour
/// (of the same hue, darker) that light mode would accept.
pub fn shades(accent: Rgb) -> Result<(Shades, Shades), Rgb> {
    if accent.contrast(LIGHT_BACKGROUND) < AA || accent.contrast(WHITE) < AA {
        return Err(nearest_readable(accent));
    }
    // Tints for highlighted panels, faint enough that the accent's links
    // still read on them.
    let light = Shades {
        accent,
        strong: accent.mix(BLACK, 0.2),
        soft: tint(accent, WHITE, 0.9),
    };
    let soft = accent.mix(DARK_PAGE, 0.8);
    let dark_accent = lighten_until(lighten_until(accent, DARK_BACKGROUND), soft);
    let dark = Shades {
        accent: dark_accent,
        strong: dark_accent.mix(WHITE, 0.35),
        soft: tint(dark_accent, soft, 0.0),
    };
    Ok((light, dark))
}

/// `accent` mixed into `background`, at least `from` of the way, and
/// further until `accent` reads on it.
fn tint(accent: Rgb, background: Rgb, from: f64) -> Rgb {
    (0..=100)
        .map(|step| accent.mix(background, from + (1.0 - from) * f64::from(step) / 100.0))
        .find(|t| accent.contrast(*t) >= AA)
        .unwrap_or(background)
}

/// The least darkening of `accent` that reads on light backgrounds.
fn nearest_readable(accent: Rgb) -> Rgb {
    (1..=100)
        .map(|step| accent.mix(BLACK, f64::from(step) / 100.0))
        .find(|c| c.contrast(LIGHT_BACKGROUND) >= AA && c.contrast(WHITE) >= AA)
        .unwrap_or(BLACK)
}

/// The least lightening of `accent` that reads on `background`.
fn lighten_until(accent: Rgb, background: Rgb) -> Rgb {
    (0..=100)
        .map(|step| accent.mix(WHITE, f64::from(step) / 100.0))
        .find(|c| c.contrast(background) >= AA)
        .unwrap_or(WHITE)
}

/// The stylesheet that puts the brand over the theme's defaults: the
/// shades in the three places the theme sets its colours, and the font.
pub fn stylesheet(shades: Option<(Shades, Shades)>, font: Option<(&str, &[String])>) -> String {
    let vars = |s: Shades| {
        format!(
            "--accent: {}; --accent-strong: {}; --accent-soft: {}; --note: {};",
            s.accent, s.strong, s.soft, s.accent
        )
    };
    let mut css = String::from("/* From [brand] in site.toml. */\n");
    if let Some((family, files)) = font {
        for url in files {
            let format = match url
                .rsplit('.')
                .next()
                .unwrap_or_default()
                .to_ascii_lowercase()
                .as_str()
            {
                "woff2" => "woff2",
                "woff" => "woff",
                "otf" => "opentype",
                _ => "truetype",
            };
            // `optional`: a font that is not there at once is not swapped
            // in later, so text never moves under the reader.
            let _ = writeln!(
                css,
                "@font-face {{ font-family: \"{family}\"; src: url(\"{url}\") format(\"{format}\"); font-display: optional; }}"
            );
        }
    }
    let font = font
        .map(|(family, _)| format!(" --font: \"{family}\", system-ui, -apple-system, \"Segoe UI\", Roboto, \"Helvetica Neue\", Arial, sans-serif;"))
        .unwrap_or_default();
    let Some((light, dark)) = shades else {
        if !font.is_empty() {
            let _ = writeln!(css, ":root {{{font} }}");
        }
        return css;
    };
    let _ = writeln!(css, ":root {{ {}{font} }}", vars(light));
    // Dark colours on screens only: paper keeps the theme's print colours.
    let _ = writeln!(
        css,
        "@media screen and (prefers-color-scheme: dark) {{ :root:not([data-theme=\"light\"]) {{ {} }} }}",
        vars(dark)
    );
    let _ = writeln!(
        css,
        "@media screen {{ :root[data-theme=\"dark\"] {{ {} }} }}",
        vars(dark)
    );
    css
}

/// The width and height of a PNG or SVG image, for the `<img>` that shows
/// it (so the header does not move when it arrives).
pub fn image_size(bytes: &[u8]) -> Option<(u32, u32)> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") && bytes.len() >= 24 {
        let width = u32::from_be_bytes(bytes[16..20].try_into().ok()?);
        let height = u32::from_be_bytes(bytes[20..24].try_into().ok()?);
        return (width > 0 && height > 0).then_some((width, height));
    }
    let text = std::str::from_utf8(bytes).ok()?;
    let start = text.find("<svg")?;
    let tag = &text[start..start + text[start..].find('>')?];
    let attribute = |name: &str| {
        let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        Some(&tag[at..at + tag[at..].find('"')?])
    };
    let number = |v: &str| {
        v.trim()
            .trim_end_matches("px")
            .parse::<f64>()
            .ok()
            .filter(|n| *n > 0.0)
    };
    if let (Some(w), Some(h)) = (
        attribute("width").and_then(number),
        attribute("height").and_then(number),
    ) {
        return Some((w.round() as u32, h.round() as u32));
    }
    let view: Vec<f64> = attribute("viewBox")?
        .split([' ', ','])
        .filter(|s| !s.is_empty())
        .filter_map(|s| s.parse().ok())
        .collect();
    match view[..] {
        [_, _, w, h] if w > 0.0 && h > 0.0 => Some((w.round() as u32, h.round() as u32)),
        _ => None,
    }
}

/// An image of the brand, as pages show it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Image {
    /// Its root-relative URL.
    pub url: String,
    /// Its size in pixels, when it can be read from the file.
    pub width: Option<u32>,
    /// Its height in pixels, likewise.
    pub height: Option<u32>,
    /// `image/svg+xml` or `image/png`.
    pub mime: &'static str,
}

/// Everything `[brand]` adds to a build.
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct Brand {
    /// The header's logo.
    pub logo: Option<Image>,
    /// The header's logo in dark mode.
    pub logo_dark: Option<Image>,
    /// The tab's icon: `favicon`, else the logo.
    pub icon: Option<Image>,
    /// A PNG icon for phones' home screens (`apple-touch-icon`).
    pub touch_icon: Option<Image>,
    /// The stylesheet, when there is an accent colour or a font.
    #[serde(skip)]
    pub css: Option<String>,
    /// The web app manifest, when there is an icon.
    #[serde(skip)]
    pub manifest: Option<String>,
}

/// Reads `[brand]`'s files from `static/` and makes its stylesheet and
/// manifest. A file that is missing or not an image is an error at its
/// key in site.toml.
pub fn load(
    root: &std::path::Path,
    config: &crate::config::Config,
    base_path: &str,
) -> Result<Brand, Vec<crate::diagnostics::Diagnostic>> {
    use crate::diagnostics::{Code, Diagnostic};
    let file = std::path::Path::new(crate::config::FILE_NAME);
    let brand = &config.brand;
    let mut problems = Vec::new();
    // A file of static/ named in `[brand]`: its bytes and its URL.
    let in_static = |written: &str| -> Option<(Vec<u8>, String)> {
        let rel = written.trim_start_matches('/');
        if rel.split('/').any(|s| s == "..") {
            return None;
        }
        let bytes = std::fs::read(root.join(crate::layout::STATIC_DIR).join(rel)).ok()?;
        let url = format!(
            "{base_path}{}",
            percent_encoding::utf8_percent_encode(rel, crate::url::FILE_PATH)
        );
        Some((bytes, url))
    };
    let missing = |what: &str, written: &str, at| {
        Diagnostic::error(
            Code::ConfigBrand,
            file,
            at,
            format!("{what} `{written}` is not a file in static/"),
        )
        .with_help("put the file in static/ and write its path from there, such as img/logo.svg")
    };
    if brand.logo_dark.is_some() && brand.logo.is_none() {
        problems.push(
            Diagnostic::error(
                Code::ConfigBrand,
                file,
                config.position_in("brand", "logo_dark"),
                "`logo_dark` is set, but not `logo`",
            )
            .with_help("add logo = \"img/logo.svg\": the dark logo takes its place in dark mode"),
        );
    }
    let mut image = |key: &str, value: &Option<String>| -> Option<Image> {
        let written = value.as_deref()?;
        let at = config.position_in("brand", key);
        let mime = match written
            .rsplit('.')
            .next()
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("svg") => "image/svg+xml",
            Some("png") => "image/png",
            _ => {
                problems.push(
                    Diagnostic::error(
                        Code::ConfigBrand,
                        file,
                        at,
                        format!("{key} `{written}` is neither SVG nor PNG"),
                    )
                    .with_help("use an .svg or a .png file from static/"),
                );
                return None;
            }
        };
        let Some((bytes, url)) = in_static(written) else {
            problems.push(missing(key, written, at));
            return None;
        };
        let size = image_size(&bytes);
        if size.is_none() && mime == "image/png" {
            problems.push(
                Diagnostic::error(
                    Code::ConfigBrand,
                    file,
                    at,
                    format!("{key} `{written}` is not a PNG image"),
                )
                .with_help("save it as PNG, or use an SVG"),
            );
        }
        Some(Image {
            url,
            width: size.map(|s| s.0),
            height: size.map(|s| s.1),
            mime,
        })
    };
    let logo = image("logo", &brand.logo);
    let logo_dark = image("logo_dark", &brand.logo_dark);
    let favicon = image("favicon", &brand.favicon);
    let mut fonts = Vec::new();
    if let Some(font) = &brand.font {
        let at = config.position_in("brand", "font");
        for written in &font.files {
            match in_static(written) {
                Some((_, url)) => fonts.push(url),
                None => problems.push(missing("font file", written, at).with_help(
                    "fonts are served from the site itself: put the .woff2 file in static/ and write its path from there",
                )),
            }
        }
        if font.family.contains(['"', ';', '{', '}', '<', '\\']) {
            problems.push(Diagnostic::error(
                Code::ConfigBrand,
                file,
                at,
                format!(
                    "font family `{}` holds a character a stylesheet cannot",
                    font.family
                ),
            ));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let icon = favicon.or_else(|| logo.clone());
    // Phones' home screens want a square PNG of 180 px or more.
    let touch_icon = icon.clone().filter(|i| {
        i.mime == "image/png" && i.width == i.height && i.width.is_some_and(|w| w >= 180)
    });
    let accent = brand.accent.as_deref().and_then(Rgb::parse);
    let derived = accent.and_then(|a| shades(a).ok());
    let css = (derived.is_some() || brand.font.is_some()).then(|| {
        stylesheet(
            derived,
            brand
                .font
                .as_ref()
                .map(|f| (f.family.as_str(), fonts.as_slice())),
        )
    });
    let manifest = icon.as_ref().map(|icon| {
        let sizes = match (icon.width, icon.height) {
            _ if icon.mime == "image/svg+xml" => "any".to_owned(),
            (Some(w), Some(h)) => format!("{w}x{h}"),
            _ => "any".to_owned(),
        };
        serde_json::json!({
            "name": config.title,
            "short_name": config.title.chars().take(12).collect::<String>().trim_end(),
            "start_url": base_path,
            "display": "browser",
            "theme_color": derived.map_or(DEFAULT_ACCENT, |s| s.0.accent).to_string(),
            "background_color": "#ffffff",
            "icons": [{ "src": icon.url, "type": icon.mime, "sizes": sizes }],
        })
        .to_string()
    });
    Ok(Brand {
        logo,
        logo_dark,
        icon,
        touch_icon,
        css,
        manifest,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contrast_matches_wcag() {
        assert!((BLACK.contrast(WHITE) - 21.0).abs() < 0.01);
        assert!(DEFAULT_ACCENT.contrast(WHITE) > 6.0);
        assert_eq!(Rgb::parse("#08c"), Some(Rgb(0, 0x88, 0xcc)));
        assert_eq!(Rgb::parse("blue"), None);
        assert_eq!(Rgb::parse("#12345"), None);
    }

    #[test]
    fn shades_read_in_both_modes_or_the_nearest_colour_is_offered() {
        let (light, dark) = shades(DEFAULT_ACCENT).expect("readable");
        assert_eq!(light.accent, DEFAULT_ACCENT);
        assert!(dark.accent.contrast(DARK_BACKGROUND) >= AA);
        assert!(dark.accent.contrast(DARK_PAGE) >= AA);
        let yellow = Rgb::parse("#ffcc00").expect("hex");
        let nearest = shades(yellow).expect_err("too light for links on white");
        assert!(nearest.contrast(LIGHT_BACKGROUND) >= AA);
        // Nearest: one step lighter would not do.
        let lighter = Rgb(
            nearest.0.saturating_add(3),
            nearest.1.saturating_add(3),
            nearest.2.saturating_add(3),
        );
        assert!(lighter.contrast(LIGHT_BACKGROUND) < AA + 0.2);
        // Links read on the tinted panels too, in both modes.
        for accent in ["#e30043", "#6b6b6b", "#0b5cad", "#7a2e8c"] {
            let (light, dark) = shades(Rgb::parse(accent).expect("hex")).expect("readable");
            assert!(light.accent.contrast(light.soft) >= AA, "{accent} light");
            assert!(dark.accent.contrast(dark.soft) >= AA, "{accent} dark");
            assert!(
                dark.accent.contrast(DARK_BACKGROUND) >= AA,
                "{accent} dark page"
            );
        }
        // A very dark accent still gets a readable dark-mode shade.
        let (_, dark) = shades(Rgb::parse("#000080").expect("hex")).expect("readable");
        assert!(dark.accent.contrast(DARK_BACKGROUND) >= AA);
    }

    #[test]
    fn image_sizes_from_png_and_svg() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        png.extend(64u32.to_be_bytes());
        png.extend(32u32.to_be_bytes());
        assert_eq!(image_size(&png), Some((64, 32)));
        assert_eq!(
            image_size(b"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"120\" height=\"32px\">"),
            Some((120, 32))
        );
        assert_eq!(
            image_size(b"<?xml version=\"1.0\"?><svg viewBox=\"0 0 240 64\">"),
            Some((240, 64))
        );
        assert_eq!(image_size(b"<svg>"), None);
        assert_eq!(image_size(b"GIF89a"), None);
    }
}
