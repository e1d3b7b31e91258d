//! Diagnostic codes: every kind of problem quire reports, with its stable
//! name, its default severity, and whether a `[check]` table in site.toml
//! may change it. The names are part of quire's interface: they appear in
//! messages, in `quire check --format json` and in `[check]`.

use super::Severity;

macro_rules! codes {
    ($($variant:ident = $name:literal, $severity:ident, $adjustable:literal;)*) => {
        /// One kind of problem. See the module documentation.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code {
            $(
                #[doc = concat!("`", $name, "`")]
                $variant,
            )*
        }

        impl Code {
            /// Every code, in the order of the table.
            pub const ALL: &[Code] = &[$(Code::$variant),*];

            /// The stable name: `link.broken`.
            pub fn name(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)*
                }
            }

            /// The severity a problem of this kind has unless `[check]`
            /// changes it.
            pub fn default_severity(self) -> Severity {
                match self {
                    $(Code::$variant => Severity::$severity,)*
                }
            }

            /// Whether `[check]` may make it an error, a warning, or off.
            /// Problems that stop the site from being read cannot be.
            pub fn adjustable(self) -> bool {
                match self {
                    $(Code::$variant => $adjustable,)*
                }
            }
        }
    };
}

codes! {
    ConfigInvalid = "config.invalid", Error, false;
    ConfigVersions = "config.versions", Error, false;
    ConfigCheck = "config.check", Error, false;
    ConfigBaseUrl = "config.base_url", Error, false;
    ConfigTheme = "config.theme", Error, false;
    ConfigBrand = "config.brand", Error, false;
    ContentMissing = "content.missing", Error, false;
    ContentMissingVersion = "content.missing_version", Error, false;
    ContentUnlistedVersion = "content.unlisted_version", Warning, false;
    ContentEmpty = "content.empty", Error, false;
    ContentRead = "content.read", Error, false;
    ContentEncoding = "content.encoding", Error, false;
    ContentDuplicateUrl = "content.duplicate_url", Error, false;
    ContentClash = "content.clash", Error, false;
    ContentStaticLink = "content.static_link", Error, false;
    FrontMatterMissing = "front_matter.missing", Error, false;
    FrontMatterUnclosed = "front_matter.unclosed", Error, false;
    FrontMatterInvalid = "front_matter.invalid", Error, false;
    FrontMatterTitle = "front_matter.title", Error, false;
    FrontMatterUnknownKey = "front_matter.unknown_key", Error, false;
    FrontMatterForeignKey = "front_matter.foreign_key", Warning, true;
    FrontMatterUpdated = "front_matter.updated", Error, false;
    FrontMatterSlug = "front_matter.slug", Error, false;
    FrontMatterAliases = "front_matter.aliases", Error, false;
    FrontMatterTooLarge = "front_matter.too_large", Error, false;
    ThemeMissing = "theme.missing", Error, false;
    TemplateEncoding = "template.encoding", Error, false;
    TemplateError = "template.error", Error, false;
    CheckerInvalid = "checker.invalid", Error, false;
    CheckerUnknownPreset = "checker.unknown_preset", Error, false;
    CheckerUnknownField = "checker.unknown_field", Error, false;
    CheckerUnknownRule = "checker.unknown_rule", Error, false;
    CheckerBadExample = "checker.bad_example", Error, false;
    CheckerTooLarge = "checker.too_large", Error, false;
    CheckerFieldTwice = "checker.field_twice", Error, false;
    CheckerFieldMissing = "checker.field_missing", Error, false;
    PresetInvalid = "preset.invalid", Error, false;
    LinkBroken = "link.broken", Error, true;
    LinkAnchor = "link.anchor", Error, true;
    LinkExternal = "link.external", Warning, true;
    ImageMissing = "image.missing", Error, true;
    ImageAlt = "image.alt", Warning, true;
    ImageExternal = "image.external", Error, true;
    HeadingSkippedLevel = "heading.skipped_level", Warning, true;
    HeadingDuplicateId = "heading.duplicate_id", Warning, true;
    SecretClientSecret = "secret.client_secret", Error, true;
    SecretJwt = "secret.jwt", Error, true;
    SecretBearer = "secret.bearer", Error, true;
    SecretPassword = "secret.password", Error, true;
    SecretIdentifier = "secret.identifier", Error, true;
    SecretStorageKey = "secret.storage_key", Error, true;
    SecretAwsKey = "secret.aws_key", Error, true;
    SecretGithubToken = "secret.github_token", Error, true;
    SecretPrivateKey = "secret.private_key", Error, true;
}

impl Code {
    /// The code named `name`, if there is one.
    pub fn from_name(name: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.name() == name)
    }

    /// The names `[check]` accepts, for help messages.
    pub fn adjustable_names() -> Vec<&'static str> {
        Code::ALL
            .iter()
            .filter(|c| c.adjustable())
            .map(|c| c.name())
            .collect()
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl serde::Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_found_again() {
        for code in Code::ALL {
            assert_eq!(Code::from_name(code.name()), Some(*code));
        }
        let mut names: Vec<&str> = Code::ALL.iter().map(|c| c.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Code::ALL.len());
        assert_eq!(Code::from_name("link.nowhere"), None);
    }

    #[test]
    fn only_checks_are_adjustable() {
        assert!(Code::ImageAlt.adjustable());
        assert!(!Code::FrontMatterTitle.adjustable());
        assert!(Code::adjustable_names().contains(&"secret.private_key"));
    }
}
