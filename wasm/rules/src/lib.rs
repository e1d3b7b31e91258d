//! The credential rules, once, in pure Rust: what each value the reader
//! collects must look like, what is wrong with it and how to fix it.
//!
//! No I/O and no platform code: the generator uses this crate at build time
//! and the in-page widget uses it in the browser, so both always agree.
//! Std only, and no regex or formatting-heavy crates: it ships as WebAssembly.

mod clean;
mod client_id;
/// Dynamics 365 environments and clouds.
pub mod environment;
/// GUIDs: forms, placeholders, first-party IDs.
pub mod guid;
/// Presets: the fields of each app, and their rules.
pub mod preset;
mod report;
mod scope;
mod secret;
mod token;
mod url;

pub use environment::{Cloud, Environment};
pub use preset::{FieldSpec, Preset, Rule, preset};
pub use report::{Finding, Report, Severity, State};

/// One field's value, and the rule it is checked with.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    /// The field id.
    pub id: &'a str,
    /// The rule to check it with.
    pub rule: Rule,
    /// What the reader typed.
    pub value: &'a str,
}

/// Checks one value on its own, without the other fields.
pub fn check_value(rule: Rule, value: &str) -> Report {
    check(&[Input {
        id: rule.name(),
        rule,
        value,
    }])
    .remove(0)
}

/// The scope composed from a Web API URL: the environment's origin and
/// `/.default`. `None` while the URL is not a usable environment address.
pub fn compose_scope(web_api_url: &str) -> Option<String> {
    let mut report = Report::default();
    if !clean::clean(web_api_url, &mut report)
        || !clean::check_ascii(&report.normalized.clone(), &mut report)
    {
        return None;
    }
    let value = report.normalized.clone();
    environment::check(&value, &mut report).map(|env| scope::compose(&env))
}

/// Checks every field, then what only shows across fields: the Client ID
/// that is the tenant ID or the secret, a login cloud that does not match
/// the environment, a scope for another environment. Reports come back in
/// the order of `inputs`.
pub fn check(inputs: &[Input<'_>]) -> Vec<Report> {
    let mut reports = vec![Report::default(); inputs.len()];
    let mut usable = vec![false; inputs.len()];
    for (i, input) in inputs.iter().enumerate() {
        let report = &mut reports[i];
        usable[i] = clean::clean(input.value, report)
            // The secret checks for masks (non-ASCII bullets) first.
            && (input.rule == Rule::ClientSecret || clean::check_ascii(&report.normalized.clone(), report));
    }
    let mut env: Option<(usize, Environment)> = None;
    let mut token: Option<(usize, token::Token)> = None;
    let mut client_ids: Vec<(usize, String)> = Vec::new();
    for (i, input) in inputs.iter().enumerate() {
        if !usable[i] {
            continue;
        }
        let report = &mut reports[i];
        let value = report.normalized.clone();
        match input.rule {
            Rule::WebApiUrl => {
                if let Some(found) = environment::check(&value, report) {
                    env.get_or_insert((i, found));
                }
            }
            Rule::TokenUrl => {
                if let Some(found) = token::check(&value, report) {
                    token.get_or_insert((i, found));
                }
            }
            Rule::ClientId => {
                if let Some(id) = client_id::check(&value, report) {
                    client_ids.push((i, id));
                }
            }
            Rule::ClientSecret => {
                secret::check(&value, report);
            }
            Rule::Scopes => {}
        }
    }
    for (i, input) in inputs.iter().enumerate() {
        if usable[i] && input.rule == Rule::Scopes {
            let value = reports[i].normalized.clone();
            scope::check(&value, env.as_ref().map(|(_, e)| e), &mut reports[i]);
        }
    }
    cross_check(
        inputs,
        &mut reports,
        env.as_ref(),
        token.as_ref(),
        &client_ids,
    );
    reports
}

fn cross_check(
    inputs: &[Input<'_>],
    reports: &mut [Report],
    env: Option<&(usize, Environment)>,
    token: Option<&(usize, token::Token)>,
    client_ids: &[(usize, String)],
) {
    if let (Some((e, env)), Some((t, token))) = (env, token)
        && env.cloud != token.cloud
    {
        let message = format!(
            "The Web API URL is in {} but the Token URL signs in to {}. Use https://{}/… for the Token URL, or check the environment address.",
            env.cloud.name(),
            token.cloud.name(),
            env.cloud.login_host()
        );
        reports[*t].push(Finding::error("token_url.cloud_mismatch", message.clone()));
        reports[*e].push(Finding::error("web_api_url.cloud_mismatch", message));
    }
    for (c, id) in client_ids {
        if let Some((_, token)) = token
            && token.tenant_guid.as_deref() == Some(id.to_ascii_lowercase().as_str())
        {
            reports[*c].push(Finding::error(
                "client_id.is_tenant_id",
                "That is the Directory (tenant) ID — the one in your Token URL. Copy the Application (client) ID, shown just above it on the app's Overview page.",
            ));
        }
        for (s, input) in inputs.iter().enumerate() {
            if input.rule != Rule::ClientSecret {
                continue;
            }
            let secret = &reports[s].normalized;
            let same = guid::as_guid(secret).is_some_and(|g| g.eq_ignore_ascii_case(id));
            if same {
                reports[s].push(Finding::error(
                    "client_secret.is_client_id",
                    "The secret is the same as the Client ID. Copy the secret's Value from Certificates & secrets.",
                ));
                reports[*c].push(Finding::error(
                    "client_id.is_secret",
                    "The Client ID and the secret are the same value; one of them is in the wrong box.",
                ));
            }
        }
    }
}
