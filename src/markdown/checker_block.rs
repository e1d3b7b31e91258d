//! `checker` blocks: the YAML spec in the Markdown, resolved against a
//! preset of the shared rules crate, rendered as the checker's form.
//!
//! The form is HTML from the build: labels, where to find each value and
//! (disabled) inputs are in the page before any script runs, so nothing
//! moves when the widget starts. Its `data-*` attributes are the spec the
//! widget reads, so what readers see and what the widget checks cannot
//! differ.
//!
//! A block that lists `fields` shows those, in a step; the block that
//! lists none is the page's summary, under its own heading. All blocks of
//! one preset on a page share one set of values.

use std::borrow::Cow;
use std::path::Path;

use quire_rules::Rule;
use serde::Deserialize;

use crate::diagnostics::{Code, Diagnostic, Position};
use crate::html::escape_html;
use crate::presets::{FieldDef, PresetDef, Presets, valid_id};

/// Where a block's YAML starts, for placing its errors in the page.
pub struct Origin<'a> {
    /// The page.
    pub file: &'a Path,
    /// The whole page.
    pub text: &'a str,
    /// Where the block's YAML starts in the page, in bytes.
    pub offset: usize,
    /// The presets the block may name.
    pub presets: &'a Presets,
    /// The presets earlier blocks of the page declared.
    pub page_presets: &'a [PresetDef],
    /// The names of presets earlier blocks declared with problems, which
    /// were reported there: a block naming one says nothing more.
    pub broken_presets: &'a [String],
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
        let message = crate::content::front_matter::without_location(&message);
        Diagnostic::error(Code::CheckerInvalid, origin.file, origin.at(index), format!("checker block: {message}"))
            .with_help("a checker block is YAML: `preset: dynamics-365`, and optionally `fields: [client_id, token_url]` for the fields it shows")
    })
}

/// The preset a block names (borrowed), or the one it declares (owned:
/// the page's other blocks may name it).
fn resolve_preset<'p>(
    value: &serde_yaml::Value,
    yaml: &str,
    origin: &Origin<'p>,
) -> Result<Cow<'p, PresetDef>, Vec<Diagnostic>> {
    match value {
        serde_yaml::Value::String(name) if origin.broken_presets.contains(name) => Err(Vec::new()),
        serde_yaml::Value::String(name) => origin
            .page_presets
            .iter()
            .find(|p| p.name == *name)
            .or_else(|| origin.presets.get(name))
            .map(Cow::Borrowed)
            .ok_or_else(|| vec![unknown_preset(yaml, origin, name)]),
        serde_yaml::Value::Mapping(_) => {
            let place = |offset: usize| origin.at(offset);
            let preset = crate::presets::inline(yaml, origin.file, &place)?;
            let taken = origin.presets.get(&preset.name).is_some()
                || origin.page_presets.iter().any(|p| p.name == preset.name);
            if taken {
                return Err(vec![
                    Diagnostic::error(
                        Code::PresetInvalid,
                        origin.file,
                        origin.at(line_offset(yaml, "preset")),
                        format!("there is already a preset named `{}`", preset.name),
                    )
                    .with_help("declare a preset once, and name it in the page's other blocks: `preset: <name>`"),
                ]);
            }
            Ok(Cow::Owned(preset))
        }
        _ => Err(vec![
            Diagnostic::error(
                Code::CheckerInvalid,
                origin.file,
                origin.at(line_offset(yaml, "preset")),
                "`preset` is a preset's name, or a preset declared here",
            )
            .with_help(
                "write `preset: dynamics-365`, or `preset:` with `name`, `title` and `fields`",
            ),
        ]),
    }
}

fn unknown_preset(yaml: &str, origin: &Origin<'_>, name: &str) -> Diagnostic {
    let known = origin.presets.names();
    Diagnostic::error(
        Code::CheckerUnknownPreset,
        origin.file,
        origin.at(line_offset(yaml, "preset")),
        format!("unknown checker preset `{name}`"),
    )
    .with_help(format!(
        "known presets: {}; a site's own go in `checkers/<name>.yml`",
        known.join(", ")
    ))
}

/// Applies one `fields:` entry to the preset's fields: changes a preset
/// field, or adds one of the writer's own (which needs a `label` and a
/// `rule`). Returns the entry's index in `fields`.
fn apply_override(
    fields: &mut Vec<Field>,
    preset: &PresetDef,
    over: FieldOverride,
    position: Position,
    file: &Path,
) -> Result<usize, Diagnostic> {
    let rule = match over.rule.as_deref() {
        // A site preset's kinds are declared in its preset file.
        Some(name) => Some(
            Rule::from_name(name)
                .filter(|r| *r != Rule::Custom)
                .ok_or_else(|| {
                    let known: Vec<&str> = Rule::ALL.iter().map(|r| r.name()).collect();
                    Diagnostic::error(
                        Code::CheckerUnknownRule,
                        file,
                        position,
                        format!("unknown rule `{name}` for field `{}`", over.id),
                    )
                    .with_help(format!("known rules: {}", known.join(", ")))
                })?,
        ),
        None => None,
    };
    let index = match fields.iter().position(|f| f.def.id == over.id) {
        Some(index) => index,
        None => {
            let (Some(rule), Some(label)) = (rule, over.label.clone()) else {
                let known: Vec<&str> = preset.fields.iter().map(|f| f.id.as_str()).collect();
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
            if !valid_id(&over.id) {
                return Err(Diagnostic::error(
                    Code::CheckerInvalid,
                    file,
                    position,
                    format!("`{}` cannot be a field id", over.id),
                )
                .with_help(
                    "a field id is lower-case letters, digits and `_`, such as `backup_secret`",
                ));
            }
            fields.push(Field {
                def: FieldDef {
                    id: over.id.clone(),
                    label,
                    rule,
                    custom: None,
                    where_to_find: String::new(),
                    secret: rule == Rule::ClientSecret,
                    composed_from: None,
                    placeholder: String::new(),
                },
                example: None,
                position,
            });
            fields.len() - 1
        }
    };
    fields[index].position = position;
    fields[index].example = over.example;
    let field = &mut fields[index].def;
    if let Some(rule) = rule {
        // A rule of the block's replaces the field's kind.
        field.rule = rule;
        field.custom = None;
    }
    field.label = over.label.unwrap_or(std::mem::take(&mut field.label));
    field.where_to_find = over
        .where_to_find
        .unwrap_or(std::mem::take(&mut field.where_to_find));
    field.placeholder = over
        .placeholder
        .unwrap_or(std::mem::take(&mut field.placeholder));
    field.secret = over.secret.unwrap_or(field.secret);
    Ok(index)
}

/// Examples are shown to readers: each must pass its own rule.
fn bad_examples(fields: &[Field], file: &Path) -> Vec<Diagnostic> {
    fields
        .iter()
        .filter_map(|field| {
            let example = field.example.as_deref()?;
            let report = match &field.def.custom {
                Some(custom) => quire_rules::check_custom(custom, example),
                None => quire_rules::check_value(field.def.rule, example),
            };
            report.has_errors().then(|| {
                Diagnostic::error(
                    Code::CheckerBadExample,
                    file,
                    field.position,
                    format!(
                        "the example for `{}` fails its own rule: {}",
                        field.def.id,
                        report.message().replace('\n', " ")
                    ),
                )
                .with_help("fix the example, or remove it")
            })
        })
        .collect()
}

/// A preset's fields as a block starts from them, placed at the block.
fn preset_fields(preset: &PresetDef, position: Position) -> Vec<Field> {
    preset
        .fields
        .iter()
        .map(|f| Field {
            def: f.clone(),
            example: None,
            position,
        })
        .collect()
}

/// What is wrong with a block's keys themselves: a list of no fields, a
/// `title` where there is no heading, an empty `title`.
fn shape_problems(spec: &Spec, kind: Kind, yaml: &str, origin: &Origin<'_>) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    // `fields:` with nothing after it reads as no list at all.
    let null_fields = spec.fields.is_none() && yaml.lines().any(|l| l.trim_start() == "fields:");
    let empty = spec.fields.as_ref().is_some_and(Vec::is_empty);
    if null_fields || (kind == Kind::Step && empty) {
        problems.push(
            Diagnostic::error(
                Code::CheckerInvalid,
                origin.file,
                origin.at(line_offset(yaml, "fields")),
                "this checker block lists no fields",
            )
            .with_help("name the fields it shows, such as `fields: [client_id, token_url]`, or leave `fields` out for the summary of every field"),
        );
    }
    if kind == Kind::Step && spec.title.is_some() {
        problems.push(
            Diagnostic::error(
                Code::CheckerInvalid,
                origin.file,
                origin.at(line_offset(yaml, "title")),
                "`title` names the summary's heading, and this block is not the summary",
            )
            .with_help("remove `title`; the step's own heading names what it shows"),
        );
    }
    if spec.title.as_deref().is_some_and(|t| t.trim().is_empty()) {
        problems.push(
            Diagnostic::error(
                Code::CheckerInvalid,
                origin.file,
                origin.at(line_offset(yaml, "title")),
                "the summary's `title` is empty",
            )
            .with_help("give the heading words, or remove `title` for \"Check your values\""),
        );
    }
    problems
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Spec {
    /// A preset's name, or a preset declared here (`name`, `title`, `fields`).
    preset: serde_yaml::Value,
    /// Field ids, or overrides (`- id: ...`), of the fields to show.
    fields: Option<Vec<serde_yaml::Value>>,
    /// The summary's heading.
    title: Option<String>,
    /// Shows every field, with `fields` as overrides: the summary.
    summary: Option<bool>,
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

/// One `fields:` entry: a field id, or an id with overrides.
fn read_entry(entry: serde_yaml::Value) -> Result<FieldOverride, String> {
    match entry {
        serde_yaml::Value::String(id) => Ok(FieldOverride {
            id,
            label: None,
            where_to_find: None,
            rule: None,
            placeholder: None,
            example: None,
            secret: None,
        }),
        entry @ serde_yaml::Value::Mapping(_) => {
            serde_yaml::from_value(entry).map_err(|e| e.to_string())
        }
        _ => Err("a `fields:` entry is a field id, or a mapping with an `id:`".to_owned()),
    }
}

/// A resolved field of a block: its preset's field with the block's
/// overrides, and what only a block gives.
#[derive(Debug, Clone)]
pub struct Field {
    /// The field as the block shows it.
    pub def: FieldDef,
    /// An example value given in the block; it must pass its own rule.
    pub example: Option<String>,
    /// Where the field's entry starts, for errors about it.
    pub position: Position,
}

/// What a block shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The fields it lists, where the reader finds them.
    Step,
    /// Every field, under a heading: the page's summary.
    Summary,
}

/// A `checker` block, resolved.
#[derive(Debug, Clone)]
pub struct CheckerBlock {
    /// The preset's name.
    pub preset: String,
    /// The fields it shows, in order.
    pub fields: Vec<Field>,
    /// Every field of the preset, and those the block adds.
    pub all_fields: Vec<String>,
    /// A step's fields, or the summary.
    pub kind: Kind,
    /// The summary's heading.
    pub title: String,
    /// Where the block starts.
    pub position: Position,
    /// The preset this block declared, for the page's other blocks.
    pub defined: Option<PresetDef>,
}

impl CheckerBlock {
    /// Reads a block's YAML, resolves it against its preset, and checks
    /// every entry and example; all problems at once.
    pub fn parse(yaml: &str, origin: &Origin<'_>) -> Result<CheckerBlock, Vec<Diagnostic>> {
        let block_position = origin.at(0);
        let spec = read_spec(yaml, origin).map_err(|d| vec![d])?;
        let preset = resolve_preset(&spec.preset, yaml, origin)?;
        let defined = match &preset {
            Cow::Owned(declared) => Some(declared.clone()),
            Cow::Borrowed(_) => None,
        };
        let preset: &PresetDef = &preset;
        let mut fields = preset_fields(preset, block_position);
        let mut problems = Vec::new();
        let kind = if spec.summary.unwrap_or(spec.fields.is_none()) {
            Kind::Summary
        } else {
            Kind::Step
        };
        problems.extend(shape_problems(&spec, kind, yaml, origin));
        let entries = spec.fields.unwrap_or_default();
        let mut shown: Vec<usize> = Vec::new();
        let mut seen_ids: Vec<String> = Vec::new();
        for (n, entry) in entries.into_iter().enumerate() {
            let over = match read_entry(entry) {
                Ok(over) => over,
                Err(message) => {
                    problems.push(
                        Diagnostic::error(
                            Code::CheckerInvalid,
                            origin.file,
                            origin.at(entry_offset(yaml, n)),
                            format!("checker block: {message}"),
                        )
                        .with_help("a field entry is an id (`client_id`) or `- id: client_id` with `label`, `where`, `placeholder`, `example`, `secret` or `rule`"),
                    );
                    continue;
                }
            };
            // The id's own mention: a repeat is placed at the repeat.
            let before = seen_ids.iter().filter(|id| **id == over.id).count();
            seen_ids.push(over.id.clone());
            let position = origin
                .at(id_offset(yaml, &over.id, before).unwrap_or_else(|| entry_offset(yaml, n)));
            let id = over.id.clone();
            match apply_override(&mut fields, preset, over, position, origin.file) {
                Ok(index) if shown.contains(&index) => problems.push(
                    Diagnostic::error(
                        Code::CheckerFieldTwice,
                        origin.file,
                        position,
                        format!("this block lists the field `{id}` twice"),
                    )
                    .with_help("list each field once"),
                ),
                Ok(index) => shown.push(index),
                Err(problem) => problems.push(problem),
            }
        }
        problems.extend(bad_examples(&fields, origin.file));
        if !problems.is_empty() {
            return Err(problems);
        }
        let all_fields = fields.iter().map(|f| f.def.id.clone()).collect();
        let fields = match kind {
            Kind::Step => shown.iter().map(|&i| fields[i].clone()).collect(),
            Kind::Summary => fields,
        };
        Ok(CheckerBlock {
            preset: preset.name.clone(),
            fields,
            all_fields,
            kind,
            title: spec.title.unwrap_or_else(|| "Check your values".to_owned()),
            position: block_position,
            defined: defined.clone(),
        })
    }

    /// The form: a field for each value, or (`recap`) the summary's list
    /// of the values the page's steps took. `heading` is the summary's
    /// heading, already rendered.
    pub fn to_html(&self, heading: Option<&str>, recap: bool) -> String {
        let preset = escape_html(&self.preset);
        let mut html = match heading {
            // Named by its title alone, not by the heading's anchor too.
            Some(heading_html) => format!(
                "<section class=\"quire-checker quire-checker-summary\" data-preset=\"{preset}\" aria-label=\"{}\">\n{heading_html}",
                escape_html(&self.title)
            ),
            None => format!(
                "<section class=\"quire-checker\" data-preset=\"{preset}\" aria-label=\"Check {}\">\n",
                escape_html(&names(&self.fields))
            ),
        };
        if recap {
            html.push_str("<p class=\"checker-intro\">Every value this guide's steps collect, in the order the connection form asks for them. Where to find each one is under its name.</p>\n<dl class=\"checker-recap\">\n");
            for field in &self.fields {
                recap_html(&mut html, &self.preset, field);
            }
            html.push_str("</dl>\n");
        } else {
            for field in &self.fields {
                field_html(&mut html, &self.preset, field);
            }
        }
        html.push_str(
            "<p class=\"checker-privacy\">Checked in your browser: nothing you paste here is sent anywhere or saved, and it is cleared when you leave the page.</p>\n\
             <noscript><p class=\"checker-needs-js\">Checking these values here needs JavaScript, which is off in this browser.</p></noscript>\n</section>\n",
        );
        html
    }
}

/// The summary block `n` of `blocks`, with its rendered `heading`. With
/// blocks of its preset in the steps it sums up their fields as they show
/// them (their labels and where to find them) and the fields they add;
/// alone, it holds every input itself.
pub fn summary_html(blocks: &[CheckerBlock], n: usize, heading: &str) -> String {
    let summary = &blocks[n];
    let steps: Vec<&CheckerBlock> = blocks
        .iter()
        .filter(|b| b.kind == Kind::Step && b.preset == summary.preset)
        .collect();
    if steps.is_empty() {
        return summary.to_html(Some(heading), false);
    }
    let shown = || steps.iter().flat_map(|b| &b.fields);
    let mut fields: Vec<Field> = summary
        .fields
        .iter()
        .map(|own| {
            shown()
                .find(|f| f.def.id == own.def.id)
                .unwrap_or(own)
                .clone()
        })
        .collect();
    for field in shown() {
        if !fields.iter().any(|f| f.def.id == field.def.id) {
            fields.push(field.clone());
        }
    }
    let as_shown = CheckerBlock {
        fields,
        ..summary.clone()
    };
    as_shown.to_html(Some(heading), true)
}

/// The page-wide rules of a page's blocks, per preset: each field is shown
/// in one step, and when any is, every field is; one summary at most.
pub fn coverage(blocks: &[CheckerBlock], file: &Path) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut presets: Vec<&str> = Vec::new();
    for block in blocks {
        if !presets.contains(&block.preset.as_str()) {
            presets.push(&block.preset);
        }
    }
    for preset in presets {
        let of_preset = || blocks.iter().filter(move |b| b.preset == preset);
        let mut summary: Option<&CheckerBlock> = None;
        for block in of_preset().filter(|b| b.kind == Kind::Summary) {
            match summary {
                Some(first) => problems.push(
                    Diagnostic::error(
                        Code::CheckerFieldTwice,
                        file,
                        block.position,
                        format!("a second summary of `{preset}` on this page (the first is at line {})", first.position.line),
                    )
                    .with_help("keep one block without `fields`; give the others the fields they show, such as `fields: [client_id]`"),
                ),
                None => summary = Some(block),
            }
        }
        let steps: Vec<&CheckerBlock> = of_preset().filter(|b| b.kind == Kind::Step).collect();
        let Some(first_step) = steps.first() else {
            continue;
        };
        let mut shown: Vec<(&str, &CheckerBlock)> = Vec::new();
        for block in &steps {
            for field in &block.fields {
                match shown.iter().find(|(id, _)| *id == field.def.id) {
                    Some((_, earlier)) => problems.push(
                        Diagnostic::error(
                            Code::CheckerFieldTwice,
                            file,
                            field.position,
                            format!(
                                "the field `{}` is already shown by the checker block at line {}",
                                field.def.id, earlier.position.line
                            ),
                        )
                        .with_help("each field is shown in one step, where the reader finds its value; the summary shows every field by itself"),
                    ),
                    None => shown.push((&field.def.id, block)),
                }
            }
        }
        let mut wanted: Vec<&str> = Vec::new();
        for id in of_preset().flat_map(|b| b.all_fields.iter()) {
            if !wanted.contains(&id.as_str()) {
                wanted.push(id);
            }
        }
        let missing: Vec<&str> = wanted
            .into_iter()
            .filter(|id| !shown.iter().any(|(s, _)| s == id))
            .collect();
        if !missing.is_empty() {
            let at = summary.unwrap_or(first_step);
            problems.push(
                Diagnostic::error(
                    Code::CheckerFieldMissing,
                    file,
                    at.position,
                    format!(
                        "no checker block on this page shows {} of `{preset}`",
                        missing
                            .iter()
                            .map(|id| format!("`{id}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )
                .with_help(
                    "add each one to the `fields` of the step where the reader finds its value",
                ),
            );
        }
    }
    problems
}

/// "the Client ID and the Token URL", for a block's accessible name.
fn names(fields: &[Field]) -> String {
    let labels: Vec<&str> = fields.iter().map(|f| f.def.label.as_str()).collect();
    match labels.as_slice() {
        [] => String::new(),
        [one] => format!("the {one}"),
        [rest @ .., last] => format!("the {} and the {last}", rest.join(", the ")),
    }
}

/// The element id of a field's input.
pub fn input_id(preset: &str, field: &str) -> String {
    format!("quire-{preset}-{field}")
}

/// One field: its label, where to find it, the input, its buttons, its
/// status and the corrected value the widget may offer.
fn field_html(html: &mut String, preset: &str, field: &Field) {
    let id = escape_html(&input_id(preset, &field.def.id));
    let field_id = escape_html(&field.def.id);
    let label = escape_html(&field.def.label);
    html.push_str(&format!(
        "<div class=\"checker-field\" data-spec-field=\"{field_id}\" data-rule=\"{}\" data-label=\"{label}\"",
        field.def.rule.name()
    ));
    if field.def.secret {
        html.push_str(" data-secret=\"true\"");
    }
    if let Some(from) = &field.def.composed_from {
        html.push_str(&format!(" data-composed-from=\"{}\"", escape_html(from)));
    }
    if let Some(custom) = &field.def.custom {
        html.push_str(&format!(" data-kind=\"{}\"", escape_html(&custom.encode())));
    }
    html.push_str(&format!(">\n<label for=\"{id}\">{label}</label>\n"));
    if !field.def.where_to_find.is_empty() {
        html.push_str(&format!(
            "<p class=\"checker-where\" id=\"{id}-where\">{}</p>\n",
            where_html(&field.def.where_to_find)
        ));
    }
    if let Some(example) = &field.example {
        html.push_str(&format!(
            "<p class=\"checker-example\">Example: <code>{}</code></p>\n",
            escape_html(example)
        ));
    }
    let described = if field.def.where_to_find.is_empty() {
        format!("{id}-status")
    } else {
        format!("{id}-where {id}-status")
    };
    let common = format!(
        "id=\"{id}\" data-field=\"{field_id}\" disabled autocomplete=\"off\" spellcheck=\"false\" autocapitalize=\"off\" autocorrect=\"off\" data-1p-ignore data-lpignore=\"true\" aria-describedby=\"{described}\" placeholder=\"{}\"",
        escape_html(&field.def.placeholder)
    );
    html.push_str("<div class=\"checker-row\">\n");
    if field.def.secret {
        // A password input masks; a text area could not.
        html.push_str(&format!("<input type=\"password\" {common}>\n"));
        html.push_str(&format!(
            "<button type=\"button\" class=\"checker-button\" data-toggle-for=\"{field_id}\" aria-label=\"Show the {label}\" disabled>Show</button>\n"
        ));
    } else {
        // A text area wraps, so the end of a long URL stays in sight.
        html.push_str(&format!("<textarea rows=\"1\" {common}></textarea>\n"));
    }
    html.push_str(&format!(
        "<button type=\"button\" class=\"checker-button\" data-copy-for=\"{field_id}\" aria-label=\"Copy the {label}\" disabled>Copy</button>\n</div>\n\
         <p class=\"checker-status\" id=\"{id}-status\" data-status-for=\"{field_id}\" data-state=\"empty\" aria-live=\"polite\"></p>\n\
         <div class=\"checker-fix\" data-fix-for=\"{field_id}\" hidden><p><span class=\"checker-fix-label\">Use this instead:</span> <code data-fix-value-for=\"{field_id}\"></code></p>\
         <button type=\"button\" class=\"checker-button\" data-apply-for=\"{field_id}\" aria-label=\"Apply the suggested {label}\">Apply</button>\
         <button type=\"button\" class=\"checker-button\" data-undo-for=\"{field_id}\" aria-label=\"Undo: put back the {label} you pasted\" hidden>Undo</button></div>\n</div>\n"
    ));
}

/// One value in the summary: its name, where to find it, and (filled in
/// by the widget) the value as checked in its step, with a copy button.
fn recap_html(html: &mut String, preset: &str, field: &Field) {
    let field_id = escape_html(&field.def.id);
    let label = escape_html(&field.def.label);
    html.push_str(&format!(
        "<div class=\"recap-item\" data-recap-for=\"{field_id}\">\n<dt>{label}</dt>\n<dd>\n"
    ));
    if !field.def.where_to_find.is_empty() {
        html.push_str(&format!(
            "<p class=\"checker-where\">{}</p>\n",
            where_html(&field.def.where_to_find)
        ));
    }
    html.push_str(&format!(
        "<p class=\"recap-line\"><span class=\"recap-state\" data-recap-state-for=\"{field_id}\" data-state=\"empty\">Not pasted yet</span> \
         <code class=\"recap-value\" data-recap-value-for=\"{field_id}\"></code> \
         <a class=\"recap-edit\" href=\"#{}\">Edit<span class=\"visually-hidden\"> the {label}</span></a> \
         <button type=\"button\" class=\"checker-button\" data-recap-copy-for=\"{field_id}\" aria-label=\"Copy the {label}\" disabled>Copy</button></p>\n</dd>\n</div>\n",
        escape_html(&input_id(preset, &field.def.id)),
    ));
}

/// "A > B > C" as a menu path, so readers see the clicks to make.
fn where_html(text: &str) -> String {
    let parts: Vec<String> = text.split(" > ").map(escape_html).collect();
    if parts.len() == 1 {
        return parts.concat();
    }
    // The separator is text, not a label: screen readers read the `›`,
    // and an `aria-label` on a `<span>` is not allowed.
    format!(
        "<span class=\"menu-path\">{}</span>",
        parts.join("<span class=\"menu-sep\"> › </span>")
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

/// Where the mention number `skip` (from 0) of entry `id` is written:
/// `- id: x`, `- x`, `[x, y]` or `{id: x}`.
fn id_offset(yaml: &str, id: &str, mut skip: usize) -> Option<usize> {
    let word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
    let mut offset = 0;
    for line in yaml.split_inclusive('\n') {
        let mut from = 0;
        while let Some(at) = line
            .get(from..)
            .and_then(|rest| rest.find(id))
            .map(|i| from + i)
        {
            from = at + id.len();
            // A whole word: not part of a longer id or key.
            let before = line.get(..at).and_then(|b| b.chars().next_back());
            let after = line.get(from..).and_then(|a| a.chars().next());
            if word(before) || word(after) {
                continue;
            }
            if skip == 0 {
                // `- id: x` is placed at its `-`, as YAML errors are.
                let indent = line.len() - line.trim_start().len();
                let entry = line.trim_start().starts_with("- id:");
                return Some(offset + if entry { indent } else { at });
            }
            skip -= 1;
        }
        offset += line.len();
    }
    None
}

/// Where the `n`th entry of `fields:` is written, or the `fields:` line.
fn entry_offset(yaml: &str, n: usize) -> usize {
    let fields = line_offset(yaml, "fields");
    let mut offset = 0;
    let mut seen = 0;
    for line in yaml.split_inclusive('\n') {
        if offset > fields && line.trim_start().starts_with("- ") {
            if seen == n {
                return offset + (line.len() - line.trim_start().len());
            }
            seen += 1;
        }
        offset += line.len();
    }
    fields
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
                presets: Presets::built_in(),
                page_presets: &[],
                broken_presets: &[],
            },
        )
    }

    #[test]
    fn preset_fields_with_overrides() {
        let block = parse(
            "preset: dynamics-365\nfields:\n  - id: web_api_url\n    where: Your environment URL\n  - scopes\n",
        )
        .expect("valid");
        assert_eq!(block.kind, Kind::Step);
        assert_eq!(block.fields.len(), 2);
        assert_eq!(block.fields[0].def.where_to_find, "Your environment URL");
        let html = block.to_html(None, false);
        assert!(
            html.contains("data-spec-field=\"scopes\" data-rule=\"scopes\""),
            "{html}"
        );
        assert!(html.contains("data-composed-from=\"web_api_url\""));
        assert!(html.contains("<textarea rows=\"1\" id=\"quire-dynamics-365-web_api_url\" data-field=\"web_api_url\" disabled"), "{html}");
        assert!(!html.contains("client_secret"));
        let summary = parse("preset: dynamics-365\n").expect("valid");
        assert_eq!(summary.kind, Kind::Summary);
        let html = summary.to_html(Some("<h2 id=\"check\">Check</h2>"), false);
        assert!(
            html.contains("<input type=\"password\" id=\"quire-dynamics-365-client_secret\""),
            "{html}"
        );
        assert!(html.contains("aria-label=\"Check your values\""));
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
        assert_eq!(block.fields.len(), 1);
        assert_eq!(block.all_fields.len(), 6);
        assert!(block.fields[0].def.secret);
        let err = parse("preset: dynamics-365\nfields:\n  - id: Backup Secret\n    label: Backup secret\n    rule: client_secret\n").expect_err("id");
        assert_eq!(err[0].code, Code::CheckerInvalid);
    }

    #[test]
    fn entries_are_placed_where_written() {
        let err =
            parse("preset: dynamics-365\nfields: [client_id, tenant]\n").expect_err("unknown");
        assert_eq!(err[0].code, Code::CheckerUnknownField);
        assert_eq!(err[0].position, Position { line: 6, col: 21 });
        let err =
            parse("preset: dynamics-365\nfields: [client_id, client_id]\n").expect_err("twice");
        assert_eq!(err[0].code, Code::CheckerFieldTwice);
        let err = parse("preset: dynamics-365\nfields: []\n").expect_err("empty");
        assert_eq!(err[0].code, Code::CheckerInvalid);
        let err = parse("preset: dynamics-365\nfields:\n  - 3\n").expect_err("number");
        assert_eq!(err[0].position, Position { line: 7, col: 3 });
    }
}
