//! `checker` blocks: the YAML spec in the Markdown, resolved against a
//! preset of the shared rules crate, rendered as the credentials table.
//!
//! The table is the spec the in-page widget reads (`data-*` attributes on
//! its rows), so what readers see and what the widget checks cannot differ.

use std::path::Path;

use quire_rules::{Rule, preset};
use serde::Deserialize;

use crate::diagnostics::{Code, Diagnostic, Position};
use crate::html::escape_html;

/// Where a block's YAML starts, for placing its errors in the page.
pub struct Origin<'a> {
    /// The page.
    pub file: &'a Path,
    /// The whole page.
    pub text: &'a str,
    /// Where the block's YAML starts in the page, in bytes.
    pub offset: usize,
}

impl Origin<'_> {
    /// The position in the page of byte `index` of the block's YAML.
    fn at(&self, index: usize) -> Position {
        Position::of(self.text, self.offset + index)
    }
}

/// The block's YAML as a [`Spec`], refused before parsing when it is too
/// large or too deeply nested.
fn read_spec(yaml: &str, origin: &Origin<'_>) -> Result<Spec, Diagnostic> {
    if let Some((offset, why)) = crate::content::front_matter::over_limits(yaml) {
        return Err(Diagnostic::error(
            Code::CheckerTooLarge,
            origin.file,
            origin.at(offset),
            format!("this checker block {why}"),
        )
        .with_help("a checker block names a preset and a few field overrides"));
    }
    serde_yaml::from_str(yaml).map_err(|e| {
        let index = e.location().map_or(0, |l| l.index());
        let message = e.to_string();
        let message = message.split(" at line ").next().unwrap_or(&message).to_owned();
        Diagnostic::error(Code::CheckerInvalid, origin.file, origin.at(index), format!("checker block: {message}"))
            .with_help("a checker block is YAML: `preset: dynamics-365`, and optionally `fields:` with `- id: ...` entries")
    })
}

fn unknown_preset(yaml: &str, origin: &Origin<'_>, name: &str) -> Diagnostic {
    let known: Vec<&str> = quire_rules::preset::PRESETS
        .iter()
        .map(|p| p.name)
        .collect();
    Diagnostic::error(
        Code::CheckerUnknownPreset,
        origin.file,
        origin.at(line_offset(yaml, "preset")),
        format!("unknown checker preset `{name}`"),
    )
    .with_help(format!("known presets: {}", known.join(", ")))
}

/// Applies one `fields:` entry: changes a preset field, or adds a field
/// of the writer's own (which needs a `label` and a `rule`).
fn apply_override(
    fields: &mut Vec<Field>,
    preset: &quire_rules::preset::Preset,
    over: FieldOverride,
    position: Position,
    file: &Path,
) -> Result<(), Diagnostic> {
    let rule = match over.rule.as_deref() {
        Some(name) => Some(Rule::from_name(name).ok_or_else(|| {
            let known: Vec<&str> = Rule::ALL.iter().map(|r| r.name()).collect();
            Diagnostic::error(
                Code::CheckerUnknownRule,
                file,
                position,
                format!("unknown rule `{name}` for field `{}`", over.id),
            )
            .with_help(format!("known rules: {}", known.join(", ")))
        })?),
        None => None,
    };
    let index = match fields.iter().position(|f| f.id == over.id) {
        Some(index) => index,
        None => {
            let (Some(rule), Some(label)) = (rule, over.label.clone()) else {
                let known: Vec<&str> = preset.fields.iter().map(|f| f.id).collect();
                return Err(Diagnostic::error(
                    Code::CheckerUnknownField,
                    file,
                    position,
                    format!("preset `{}` has no field `{}`", preset.name, over.id),
                )
                .with_help(format!(
                    "its fields are {}; to add a field of your own, give it a `label` and a `rule`",
                    known.join(", ")
                )));
            };
            fields.push(Field {
                id: over.id.clone(),
                label,
                rule,
                where_to_find: String::new(),
                secret: rule == Rule::ClientSecret,
                composed_from: None,
                placeholder: String::new(),
                example: None,
                position,
            });
            fields.len() - 1
        }
    };
    let field = &mut fields[index];
    field.position = position;
    field.rule = rule.unwrap_or(field.rule);
    field.label = over.label.unwrap_or(std::mem::take(&mut field.label));
    field.where_to_find = over
        .where_to_find
        .unwrap_or(std::mem::take(&mut field.where_to_find));
    field.placeholder = over
        .placeholder
        .unwrap_or(std::mem::take(&mut field.placeholder));
    field.secret = over.secret.unwrap_or(field.secret);
    field.example = over.example;
    Ok(())
}

/// Examples are shown to readers: each must pass its own rule.
fn bad_examples(fields: &[Field], file: &Path) -> Vec<Diagnostic> {
    fields
        .iter()
        .filter_map(|field| {
            let report = quire_rules::check_value(field.rule, field.example.as_deref()?);
            report.has_errors().then(|| {
                Diagnostic::error(
                    Code::CheckerBadExample,
                    file,
                    field.position,
                    format!(
                        "the example for `{}` fails its own rule: {}",
                        field.id,
                        report.message().replace('\n', " ")
                    ),
                )
                .with_help("fix the example, or remove it")
            })
        })
        .collect()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Spec {
    preset: String,
    #[serde(default)]
    fields: Vec<FieldOverride>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FieldOverride {
    id: String,
    label: Option<String>,
    #[serde(rename = "where")]
    where_to_find: Option<String>,
    rule: Option<String>,
    placeholder: Option<String>,
    example: Option<String>,
    secret: Option<bool>,
}

/// A resolved field of a block.
#[derive(Debug, Clone)]
pub struct Field {
    /// The field id: `client_secret`.
    pub id: String,
    /// Its name for readers: `Client Secret Value`.
    pub label: String,
    /// The rule its values are checked with.
    pub rule: Rule,
    /// Where to find it, as a menu path (`A > B`).
    pub where_to_find: String,
    /// Masked in the checker.
    pub secret: bool,
    /// The field this one is composed from (the scope, from the Web API URL).
    pub composed_from: Option<String>,
    /// The input's placeholder.
    pub placeholder: String,
    /// An example value given in the block; it must pass its own rule.
    pub example: Option<String>,
    /// Where the field's override starts, for errors about it.
    pub position: Position,
}

/// A `checker` block, resolved.
#[derive(Debug, Clone)]
pub struct CheckerBlock {
    /// The preset's name.
    pub preset: String,
    /// Its fields, preset ones first.
    pub fields: Vec<Field>,
    /// Where the block starts.
    pub position: Position,
}

impl CheckerBlock {
    /// Reads a block's YAML, resolves it against its preset, and checks
    /// every override and example; all problems at once.
    pub fn parse(yaml: &str, origin: &Origin<'_>) -> Result<CheckerBlock, Vec<Diagnostic>> {
        let block_position = origin.at(0);
        let spec = read_spec(yaml, origin).map_err(|d| vec![d])?;
        let Some(preset) = preset(&spec.preset) else {
            return Err(vec![unknown_preset(yaml, origin, &spec.preset)]);
        };
        let mut fields: Vec<Field> = preset
            .fields
            .iter()
            .map(|f| Field {
                id: f.id.to_owned(),
                label: f.label.to_owned(),
                rule: f.rule,
                where_to_find: f.where_to_find.to_owned(),
                secret: f.secret,
                composed_from: f.composed_from.map(str::to_owned),
                placeholder: f.placeholder.to_owned(),
                example: None,
                position: block_position,
            })
            .collect();
        let mut problems = Vec::new();
        for over in spec.fields {
            let position = origin.at(id_offset(yaml, &over.id));
            if let Err(problem) = apply_override(&mut fields, preset, over, position, origin.file) {
                problems.push(problem);
            }
        }
        problems.extend(bad_examples(&fields, origin.file));
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(CheckerBlock {
            preset: preset.name.to_owned(),
            fields,
            position: block_position,
        })
    }

    /// The credentials table; its rows carry the spec the widget reads.
    pub fn to_html(&self) -> String {
        let mut html = format!(
            "<section class=\"quire-checker\" data-preset=\"{}\" aria-label=\"Credentials you need\">\n\
             <table class=\"quire-credentials\">\n<thead><tr><th scope=\"col\">Credential</th><th scope=\"col\">Where to find it</th></tr></thead>\n<tbody>\n",
            escape_html(&self.preset)
        );
        for field in &self.fields {
            html.push_str(&format!(
                "<tr data-spec-field=\"{id}\" data-rule=\"{rule}\" data-label=\"{label}\" data-placeholder=\"{placeholder}\"",
                id = escape_html(&field.id),
                rule = field.rule.name(),
                label = escape_html(&field.label),
                placeholder = escape_html(&field.placeholder),
            ));
            if field.secret {
                html.push_str(" data-secret=\"true\"");
            }
            if let Some(from) = &field.composed_from {
                html.push_str(&format!(" data-composed-from=\"{}\"", escape_html(from)));
            }
            let example = field.example.as_deref().map_or_else(String::new, |e| {
                format!(
                    "<span class=\"checker-example\">Example: <code>{}</code></span>",
                    escape_html(e)
                )
            });
            html.push_str(&format!(
                "><th scope=\"row\">{}</th><td>{}{example}</td></tr>\n",
                escape_html(&field.label),
                where_html(&field.where_to_find)
            ));
        }
        html.push_str("</tbody>\n</table>\n</section>\n");
        html
    }
}

/// "A > B > C" as a menu path, so readers see the clicks to make.
fn where_html(text: &str) -> String {
    let parts: Vec<String> = text.split(" > ").map(escape_html).collect();
    if parts.len() == 1 {
        return parts.concat();
    }
    format!(
        "<span class=\"menu-path\">{}</span>",
        parts.join("<span class=\"menu-sep\" aria-label=\"then\"> › </span>")
    )
}

fn line_offset(yaml: &str, key: &str) -> usize {
    let mut offset = 0;
    for line in yaml.split_inclusive('\n') {
        if line.trim_start().starts_with(key) {
            return offset + (line.len() - line.trim_start().len());
        }
        offset += line.len();
    }
    0
}

fn id_offset(yaml: &str, id: &str) -> usize {
    let mut offset = 0;
    for line in yaml.split_inclusive('\n') {
        let bare = line.trim_start().trim_start_matches("- ").trim_start();
        if let Some(rest) = bare.strip_prefix("id:")
            && rest.trim().trim_matches(['"', '\'']) == id
        {
            return offset + (line.len() - line.trim_start().len());
        }
        offset += line.len();
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(yaml: &str) -> Result<CheckerBlock, Vec<Diagnostic>> {
        let text = format!("---\ntitle: T\n---\n```checker\n{yaml}```\n");
        let offset = text.find("```checker\n").unwrap_or(0) + 11;
        CheckerBlock::parse(
            yaml,
            &Origin {
                file: Path::new("p.md"),
                text: &text,
                offset,
            },
        )
    }

    #[test]
    fn preset_fields_with_overrides() {
        let block = parse(
            "preset: dynamics-365\nfields:\n  - id: web_api_url\n    where: Your environment URL\n",
        )
        .expect("valid");
        assert_eq!(block.fields.len(), 5);
        assert_eq!(block.fields[0].where_to_find, "Your environment URL");
        let html = block.to_html();
        assert!(
            html.contains("data-spec-field=\"client_secret\" data-rule=\"client_secret\""),
            "{html}"
        );
        assert!(html.contains("data-composed-from=\"web_api_url\""));
        assert!(html.contains("<th scope=\"row\">Client Secret Value</th>"));
    }

    #[test]
    fn unknown_names_are_placed_errors() {
        let err = parse("preset: dynamics-366\n").expect_err("preset");
        assert_eq!(err[0].code, Code::CheckerUnknownPreset);
        assert_eq!(err[0].position, Position { line: 5, col: 1 });
        let err = parse("preset: dynamics-365\nfields:\n  - id: tenant\n").expect_err("field");
        assert_eq!(err[0].code, Code::CheckerUnknownField);
        assert_eq!(err[0].position, Position { line: 7, col: 3 });
        let err = parse("preset: dynamics-365\nfields:\n  - id: x\n    label: X\n    rule: guid\n")
            .expect_err("rule");
        assert_eq!(err[0].code, Code::CheckerUnknownRule);
    }

    #[test]
    fn examples_must_pass_their_rule() {
        let err = parse("preset: dynamics-365\nfields:\n  - id: token_url\n    example: https://login.microsoftonline.com/common/oauth2/v2.0/token\n").expect_err("bad example");
        assert_eq!(err[0].code, Code::CheckerBadExample);
        assert_eq!(err[0].position, Position { line: 7, col: 3 });
        assert!(
            err[0].message.contains("cannot issue tokens"),
            "{}",
            err[0].message
        );
        parse("preset: dynamics-365\nfields:\n  - id: client_id\n    example: 0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d\n").expect("good example");
    }

    #[test]
    fn extra_fields_need_label_and_rule() {
        let block = parse("preset: dynamics-365\nfields:\n  - id: backup_secret\n    label: Backup secret\n    rule: client_secret\n").expect("valid");
        assert_eq!(block.fields.len(), 6);
        assert!(block.fields[5].secret);
    }
}
