//! Checker presets: the apps a `checker` block can name. The Microsoft
//! Entra presets are built into the rules crate; Salesforce and a site's
//! own presets are YAML (`checkers/<name>.yml`), made of the rules crate's
//! field kinds, so a writer documents a new app without Rust.

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use quire_rules::kind::{self, Alphabet, Custom, Kind, Slash};
use quire_rules::{Rule, check_custom};
use serde::Deserialize;

use crate::diagnostics::{Code, Diagnostic, Position};

/// The folder of a site's own presets.
pub const CHECKERS_DIR: &str = "checkers";

/// Salesforce's preset, as a site would write its own.
const SALESFORCE: &str = include_str!("presets/salesforce.yml");

/// One value a preset's reader collects.
#[derive(Debug, Clone)]
pub struct FieldDef {
    /// `client_id`.
    pub id: String,
    /// What the product's form calls it.
    pub label: String,
    /// The rule it is checked with.
    pub rule: Rule,
    /// For [`Rule::Custom`]: its kind and messages.
    pub custom: Option<Custom>,
    /// Where the reader finds it, as a menu path (`A > B`).
    pub where_to_find: String,
    /// Masked in the checker.
    pub secret: bool,
    /// The field it is filled from as the reader types.
    pub composed_from: Option<String>,
    /// The input's placeholder.
    pub placeholder: String,
}

/// A named set of fields.
#[derive(Debug, Clone)]
pub struct PresetDef {
    /// `dynamics-365`.
    pub name: String,
    /// The app's name for readers.
    pub title: String,
    /// Its fields, in the order the product's form asks for them.
    pub fields: Vec<FieldDef>,
    /// The preset file, for a YAML preset.
    pub file: Option<PathBuf>,
}

/// Every preset a site's blocks can name.
#[derive(Debug, Clone, Default)]
pub struct Presets {
    list: Vec<PresetDef>,
}

static BUILT_IN: LazyLock<Presets> = LazyLock::new(|| {
    let mut list: Vec<PresetDef> = quire_rules::preset::PRESETS
        .iter()
        .map(|p| PresetDef {
            name: p.name.to_owned(),
            title: p.title.to_owned(),
            fields: p
                .fields
                .iter()
                .map(|f| FieldDef {
                    id: f.id.to_owned(),
                    label: f.label.to_owned(),
                    rule: f.rule,
                    custom: None,
                    where_to_find: f.where_to_find.to_owned(),
                    secret: f.secret,
                    composed_from: f.composed_from.map(str::to_owned),
                    placeholder: f.placeholder.to_owned(),
                })
                .collect(),
            file: None,
        })
        .collect();
    match parse(
        "salesforce",
        Path::new("<built-in salesforce.yml>"),
        SALESFORCE,
    ) {
        Ok(mut preset) => {
            preset.file = None;
            list.push(preset);
        }
        Err(problems) => panic!("the built-in Salesforce preset is broken: {problems:?}"),
    }
    Presets { list }
});

impl Presets {
    /// The presets quire ships.
    pub fn built_in() -> &'static Presets {
        &BUILT_IN
    }

    /// The built-in presets and the site's `checkers/*.yml`, with the
    /// problems of any that cannot be read.
    pub fn load(root: &Path) -> (Presets, Vec<Diagnostic>) {
        let mut presets = Presets::built_in().clone();
        let mut problems = Vec::new();
        let dir = root.join(CHECKERS_DIR);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            return (presets, problems);
        };
        let mut files: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "yml" || e == "yaml"))
            .collect();
        files.sort();
        for path in files {
            let rel = path.strip_prefix(root).unwrap_or(&path).to_owned();
            let name = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            // A problem with the file as a whole, placed at its start.
            let whole = |message: String, help: &str| {
                Diagnostic::error(
                    Code::PresetInvalid,
                    &rel,
                    Position { line: 1, col: 1 },
                    message,
                )
                .with_help(help.to_owned())
            };
            let text = match std::fs::read_to_string(&path) {
                Ok(text) => text,
                Err(e) => {
                    problems.push(whole(
                        format!("cannot read this checker preset: {e}"),
                        "a preset file is UTF-8 YAML",
                    ));
                    continue;
                }
            };
            if !valid_name(&name) {
                problems.push(whole(
                    format!("`{name}` cannot be a preset's name"),
                    "name the file in lower-case letters, digits and `-`, such as `acme-crm.yml`",
                ));
                continue;
            }
            if presets.get(&name).is_some() {
                problems.push(whole(
                    format!("there is already a preset named `{name}`"),
                    if Presets::built_in().get(&name).is_some() {
                        "built-in presets cannot be replaced; name the file after your own app"
                    } else {
                        "two files name the same preset (`.yml` and `.yaml`?); keep one"
                    },
                ));
                continue;
            }
            match parse(&name, &rel, &text) {
                Ok(preset) => presets.list.push(preset),
                Err(mut found) => problems.append(&mut found),
            }
        }
        (presets, problems)
    }

    /// The preset named `name`.
    pub fn get(&self, name: &str) -> Option<&PresetDef> {
        self.list.iter().find(|p| p.name == name)
    }

    /// Every preset's name.
    pub fn names(&self) -> Vec<&str> {
        self.list.iter().map(|p| p.name.as_str()).collect()
    }
}

fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// A field id: in element ids and attribute values.
pub(crate) fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    title: String,
    fields: Vec<FieldFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FieldFile {
    id: String,
    label: String,
    kind: String,
    #[serde(rename = "where", default)]
    where_to_find: String,
    #[serde(default)]
    placeholder: String,
    secret: Option<bool>,
    // `url`
    #[serde(default)]
    hosts: Vec<String>,
    #[serde(default)]
    paths: Vec<String>,
    trailing_slash: Option<String>,
    // `secret`
    min_length: Option<usize>,
    max_length: Option<usize>,
    alphabet: Option<String>,
    #[serde(default)]
    guid_allowed: bool,
    // `composed`
    template: Option<String>,
    // `token_url`
    provider: Option<String>,
    #[serde(default)]
    messages: std::collections::BTreeMap<String, String>,
}

/// The longest value a `secret` field may ask for.
const MAX_LENGTH: usize = 65_536;

/// The keys each kind takes besides the common ones.
const KIND_KEYS: &[(&str, &str)] = &[
    ("guid", ""),
    ("url", "hosts, paths, trailing_slash"),
    ("secret", "min_length, max_length, alphabet, guid_allowed"),
    ("composed", "template"),
    ("token_url", "provider"),
];

/// Reads a preset file; every problem at its line and column.
pub fn parse(name: &str, file: &Path, text: &str) -> Result<PresetDef, Vec<Diagnostic>> {
    if let Some((offset, why)) = crate::content::front_matter::over_limits(text) {
        return Err(vec![
            Diagnostic::error(
                Code::PresetInvalid,
                file,
                Position::of(text, offset),
                format!("this checker preset {why}"),
            )
            .with_help("a preset is a title and a list of fields"),
        ]);
    }
    let parsed: File = serde_yaml::from_str(text).map_err(|e| {
        let index = e.location().map_or(0, |l| l.index());
        let message = e.to_string();
        let message = crate::content::front_matter::without_location(&message);
        vec![
            Diagnostic::error(
                Code::PresetInvalid,
                file,
                Position::of(text, index),
                format!("checker preset: {message}"),
            )
            .with_help("a preset is `title:` and `fields:`, each field with `id`, `label`, `kind` (guid, url, secret, composed or token_url) and `where`"),
        ]
    })?;
    resolve(name, parsed.title, parsed.fields, file, text, &|offset| {
        Position::of(text, offset)
    })
}

/// A preset declared in a `checker` block (`preset:` as a mapping with a
/// `name`), for the blocks of its page. `yaml` is the block's, and `place`
/// turns an offset in it into a position in the page.
pub(crate) fn inline(
    yaml: &str,
    file: &Path,
    place: &dyn Fn(usize) -> Position,
) -> Result<PresetDef, Vec<Diagnostic>> {
    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Inline {
        name: String,
        title: String,
        fields: Vec<FieldFile>,
    }
    let at = yaml
        .lines()
        .scan(0, |offset, line| {
            let start = *offset;
            *offset += line.len() + 1;
            Some((start, line))
        })
        .find(|(_, line)| line.trim_start().starts_with("preset:"))
        .map_or(0, |(start, _)| start);
    // Read from the block's text, not from `value`: errors keep their
    // place in the page.
    #[derive(Debug, Deserialize)]
    struct Block {
        preset: Inline,
    }
    let parsed: Inline = serde_yaml::from_str::<Block>(yaml)
        .map(|block| block.preset)
        .map_err(|e| {
            let index = e.location().map_or(at, |l| l.index());
            let message = e.to_string();
            let message = crate::content::front_matter::without_location(&message);
            vec![
                Diagnostic::error(
                    Code::PresetInvalid,
                    file,
                    place(index),
                    format!("checker preset: {message}"),
                )
                .with_help("a preset in a block is `preset:` with `name`, `title` and `fields`, as in a `checkers/<name>.yml` file"),
            ]
        })?;
    if !valid_name(&parsed.name) {
        return Err(vec![
            Diagnostic::error(
                Code::PresetInvalid,
                file,
                place(at),
                format!("`{}` cannot be a preset's name", parsed.name),
            )
            .with_help("use lower-case letters, digits and `-`, such as `acme-crm`"),
        ]);
    }
    let mut preset = resolve(&parsed.name, parsed.title, parsed.fields, file, yaml, place)?;
    preset.file = None;
    Ok(preset)
}

/// A preset's fields, checked: every problem at its field's `id:`.
fn resolve(
    name: &str,
    title: String,
    entries: Vec<FieldFile>,
    file: &Path,
    text: &str,
    place: &dyn Fn(usize) -> Position,
) -> Result<PresetDef, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let mut fields: Vec<FieldDef> = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    for field in entries {
        // A repeated id is placed at the repeat.
        let before = seen.iter().filter(|id| **id == field.id).count();
        seen.push(field.id.clone());
        let at = place(field_offset(text, &field.id, before));
        let error = |message: String, help: &str| {
            Diagnostic::error(Code::PresetInvalid, file, at, message).with_help(help.to_owned())
        };
        if !valid_id(&field.id) {
            problems.push(error(
                format!("`{}` cannot be a field id", field.id),
                "a field id is lower-case letters, digits and `_`, such as `api_key`",
            ));
            continue;
        }
        if fields.iter().any(|f| f.id == field.id) {
            problems.push(error(
                format!("the field `{}` is declared twice", field.id),
                "give each field its own id",
            ));
            continue;
        }
        match field_def(field, &fields) {
            Ok(def) => fields.push(def),
            Err((message, help)) => problems.push(error(message, &help)),
        }
    }
    if fields.is_empty() && problems.is_empty() {
        problems.push(
            Diagnostic::error(
                Code::PresetInvalid,
                file,
                place(0),
                "this checker preset has no fields",
            )
            .with_help("list the values the reader collects under `fields:`"),
        );
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(PresetDef {
        name: name.to_owned(),
        title,
        fields,
        file: Some(file.to_owned()),
    })
}

/// Where a field's `id:` is written, for its errors: the start of its
/// line's text (the `-` of `- id: x`).
fn field_offset(text: &str, id: &str, mut skip: usize) -> usize {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start().trim_start_matches("- ").trim_start();
        if let Some(rest) = trimmed.strip_prefix("id:")
            && rest.trim().trim_matches(['"', '\'']) == id
        {
            if skip > 0 {
                skip -= 1;
                offset += line.len();
                continue;
            }
            return offset + (line.len() - line.trim_start().len());
        }
        offset += line.len();
    }
    0
}

/// One field of a preset file, checked: its kind, its kind's keys, its
/// messages' codes, its template's fields.
fn field_def(field: FieldFile, before: &[FieldDef]) -> Result<FieldDef, (String, String)> {
    let id = field.id.clone();
    let kind_keys = KIND_KEYS.iter().find(|(k, _)| *k == field.kind);
    let Some((kind_name, _)) = kind_keys else {
        return Err((
            format!("unknown kind `{}` for field `{id}`", field.kind),
            "the kinds are guid, url, secret, composed and token_url".to_owned(),
        ));
    };
    // Keys of another kind are a mistake the writer wants to hear about.
    let given: [(&str, bool); 9] = [
        ("hosts", !field.hosts.is_empty()),
        ("paths", !field.paths.is_empty()),
        ("trailing_slash", field.trailing_slash.is_some()),
        ("min_length", field.min_length.is_some()),
        ("max_length", field.max_length.is_some()),
        ("alphabet", field.alphabet.is_some()),
        ("guid_allowed", field.guid_allowed),
        ("template", field.template.is_some()),
        ("provider", field.provider.is_some()),
    ];
    for (key, set) in given {
        let allowed = KIND_KEYS
            .iter()
            .any(|(k, keys)| k == kind_name && keys.split(", ").any(|x| x == key));
        if set && !allowed {
            return Err((
                format!("`{key}` does not apply to a field of kind `{kind_name}` (`{id}`)"),
                format!(
                    "a `{kind_name}` field takes {}",
                    match KIND_KEYS.iter().find(|(k, _)| k == kind_name) {
                        Some((_, "")) | None => "no keys of its own".to_owned(),
                        Some((_, keys)) => keys.to_string(),
                    }
                ),
            ));
        }
    }
    let (rule, kind) = match *kind_name {
        "guid" => (Rule::Custom, Some(Kind::Guid)),
        "url" => {
            let slash = match field.trailing_slash.as_deref() {
                None | Some("keep") => Slash::Keep,
                Some("remove") => Slash::Remove,
                Some("require") => Slash::Require,
                Some(other) => {
                    return Err((
                        format!("`trailing_slash: {other}` is not a policy (`{id}`)"),
                        "use keep, remove or require".to_owned(),
                    ));
                }
            };
            for host in &field.hosts {
                let bare = host.strip_prefix("*.").unwrap_or(host);
                if bare.is_empty() || bare.contains('*') || bare.contains('/') {
                    return Err((
                        format!("`{host}` is not a host pattern (`{id}`)"),
                        "write a host (`api.example.com`) or `*.` and a domain (`*.example.com`)"
                            .to_owned(),
                    ));
                }
            }
            if let Some(path) = field.paths.iter().find(|p| !p.starts_with('/')) {
                return Err((
                    format!("`{path}` is not a path (`{id}`)"),
                    "paths start with `/`; end one with `*` for any path under it".to_owned(),
                ));
            }
            (
                Rule::Custom,
                Some(Kind::Url {
                    hosts: field.hosts.iter().map(|h| h.to_ascii_lowercase()).collect(),
                    paths: field.paths.clone(),
                    slash,
                }),
            )
        }
        "secret" => {
            let min = field.min_length.unwrap_or(1);
            let max = field.max_length.unwrap_or(4096);
            if max > MAX_LENGTH {
                return Err((
                    format!("`max_length` {max} is more than any value has (`{id}`)"),
                    format!("give a `max_length` of at most {MAX_LENGTH}"),
                ));
            }
            if min == 0 || min > max {
                return Err((
                    format!("`min_length` {min} and `max_length` {max} allow no value (`{id}`)"),
                    "give a `min_length` of at least 1 and no more than `max_length`".to_owned(),
                ));
            }
            let alphabet = Alphabet::from_name(field.alphabet.as_deref().unwrap_or("any"));
            if let Alphabet::Chars(chars) = &alphabet
                && chars
                    .chars()
                    .any(|c| !c.is_ascii_graphic() || c.is_ascii_alphanumeric())
            {
                return Err((
                    format!("`alphabet: {chars}` is not an alphabet (`{id}`)"),
                    "use any, alphanumeric, hex, base64 or base64url, or the characters allowed besides letters and digits, such as `._~-`".to_owned(),
                ));
            }
            (
                Rule::Custom,
                Some(Kind::Secret {
                    min,
                    max,
                    alphabet,
                    guid: field.guid_allowed,
                }),
            )
        }
        "composed" => {
            let Some(template) = field.template.clone() else {
                return Err((
                    format!("the composed field `{id}` has no `template`"),
                    "write it from the other fields, such as `template: \"{api_url}/oauth/token\"`"
                        .to_owned(),
                ));
            };
            let names = kind::template_fields(&template);
            if names.is_empty() {
                return Err((
                    format!("the template of `{id}` names no field"),
                    "name the fields it is made of in braces, such as `{api_url}`".to_owned(),
                ));
            }
            if let Some(unknown) = names.iter().find(|n| !before.iter().any(|f| f.id == **n)) {
                return Err((
                    format!(
                        "the template of `{id}` names `{unknown}`, which is not a field above it"
                    ),
                    format!(
                        "the fields above it are {}",
                        before
                            .iter()
                            .map(|f| f.id.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ));
            }
            if let Some(secret) = names
                .iter()
                .find(|n| before.iter().any(|f| f.id == **n && f.secret))
            {
                return Err((
                    format!("the template of `{id}` names the secret field `{secret}`"),
                    "a composed value is shown and quoted in messages: make it from fields that are not secret".to_owned(),
                ));
            }
            (Rule::Custom, Some(Kind::Composed { template }))
        }
        _ => match field.provider.as_deref() {
            Some("microsoft-entra") => (Rule::TokenUrl, None),
            Some("salesforce") => (Rule::SalesforceTokenUrl, None),
            other => {
                return Err((
                    match other {
                        Some(other) => format!("unknown identity provider `{other}` (`{id}`)"),
                        None => format!("the token_url field `{id}` names no `provider`"),
                    },
                    "the providers are microsoft-entra and salesforce".to_owned(),
                ));
            }
        },
    };
    let codes: Vec<&str> = match (&kind, rule) {
        (Some(_), _) => kind::CODES
            .iter()
            .find(|(k, _)| k == kind_name)
            .map(|(_, codes)| codes.to_vec())
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    let mut messages = Vec::new();
    for (code, message) in &field.messages {
        if !codes.contains(&code.as_str()) {
            return Err((
                format!("`{code}` is not a finding of a `{kind_name}` field (`{id}`)"),
                if codes.is_empty() {
                    "a built-in provider's messages cannot be changed".to_owned()
                } else {
                    format!("its findings are {}", codes.join(", "))
                },
            ));
        }
        messages.push((
            code.clone(),
            message.split_whitespace().collect::<Vec<_>>().join(" "),
        ));
    }
    let custom = kind.map(|kind| Custom { kind, messages });
    let composed_from = match &custom {
        Some(Custom {
            kind: Kind::Composed { template },
            ..
        }) => kind::template_fields(template)
            .first()
            .map(|s| (*s).to_owned()),
        _ => None,
    };
    // A placeholder is shown to readers: it must not look like a problem.
    if let Some(custom) = &custom
        && !field.placeholder.is_empty()
        && !matches!(custom.kind, Kind::Composed { .. } | Kind::Secret { .. })
        && check_custom(custom, &field.placeholder).has_errors()
        && !field.placeholder.contains(['{', '<', '…'])
    {
        return Err((
            format!("the placeholder of `{id}` fails its own kind"),
            "give a placeholder of the right shape, or write the part to replace in braces, such as `https://{your-company}.example.com`".to_owned(),
        ));
    }
    Ok(FieldDef {
        secret: field.secret.unwrap_or(*kind_name == "secret"),
        id: field.id,
        label: field.label,
        rule,
        custom,
        where_to_find: field
            .where_to_find
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
        composed_from,
        placeholder: field.placeholder,
    })
}
