//! The credential rules, once, in pure Rust: what each value the reader
//! collects must look like, what is wrong with it and how to fix it.
//!
//! No I/O and no platform code: the generator uses this crate at build time
//! and the in-page widget uses it in the browser, so both always agree.
//! Std only, and no regex or formatting-heavy crates: it ships as WebAssembly.
//!
//! Each app's rules are a cargo feature, so the widget can be built with
//! only what a page uses; all are on by default.

#![cfg_attr(
    not(all(
        feature = "dynamics",
        feature = "business-central",
        feature = "graph",
        feature = "kinds"
    )),
    allow(unused, unreachable_code)
)]

#[cfg(feature = "business-central")]
mod business_central;
mod clean;
#[cfg(any(feature = "dynamics", feature = "business-central", feature = "graph"))]
mod client_id;
/// The Microsoft clouds, and the address checks every URL field shares.
pub mod cloud;
/// Dynamics 365 environments.
#[cfg(feature = "dynamics")]
pub mod environment;
#[cfg(feature = "graph")]
mod graph;
/// GUIDs: forms, placeholders, first-party IDs.
pub mod guid;
/// Field kinds for a site's own presets.
#[cfg(feature = "kinds")]
pub mod kind;
/// Presets: the fields of each app, and their rules.
pub mod preset;
mod report;
#[cfg(feature = "kinds")]
mod salesforce;
#[cfg(any(feature = "dynamics", feature = "business-central", feature = "graph"))]
mod scope;
#[cfg(any(feature = "dynamics", feature = "business-central", feature = "graph"))]
mod secret;
mod token;
mod url;

pub use cloud::Cloud;
#[cfg(feature = "dynamics")]
pub use environment::Environment;
#[cfg(feature = "kinds")]
pub use kind::{Custom, Kind};
pub use preset::{FieldSpec, Part, Preset, Rule, preset};
pub use report::{Finding, Report, Severity, State};

/// A site preset's field kind, where this build has none.
#[cfg(not(feature = "kinds"))]
#[derive(Debug)]
pub enum Custom {}

/// One field's value, and the rule it is checked with.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    /// The field id.
    pub id: &'a str,
    /// The rule to check it with.
    pub rule: Rule,
    /// What the reader typed.
    pub value: &'a str,
    /// For [`Rule::Custom`]: the field's kind.
    pub custom: Option<&'a Custom>,
}

impl<'a> Input<'a> {
    /// A field checked by a built-in rule.
    pub fn new(id: &'a str, rule: Rule, value: &'a str) -> Input<'a> {
        Input {
            id,
            rule,
            value,
            custom: None,
        }
    }
}

/// Checks one value on its own, without the other fields.
pub fn check_value(rule: Rule, value: &str) -> Report {
    check(&[Input::new(rule.name(), rule, value)]).remove(0)
}

/// Checks one value of a site preset's kind on its own.
#[cfg(feature = "kinds")]
pub fn check_custom(custom: &Custom, value: &str) -> Report {
    check(&[Input {
        id: "value",
        rule: Rule::Custom,
        value,
        custom: Some(custom),
    }])
    .remove(0)
}

/// The scope composed from a Web API URL: the environment's origin and
/// `/.default`. `None` while the URL is not a usable environment address.
#[cfg(feature = "dynamics")]
pub fn compose_scope(web_api_url: &str) -> Option<String> {
    compose(Rule::Scopes, web_api_url)
}

/// What a composed field of rule `rule` holds when the field it is made
/// from holds `source`: the scope of a Web API URL, of a Business Central
/// API address, of a Graph endpoint. `None` while `source` is not usable.
pub fn compose(rule: Rule, source: &str) -> Option<String> {
    let source_rule = match rule {
        #[cfg(feature = "dynamics")]
        Rule::Scopes => Rule::WebApiUrl,
        #[cfg(feature = "business-central")]
        Rule::BusinessCentralScope => Rule::BusinessCentralUrl,
        #[cfg(feature = "graph")]
        Rule::GraphScope => Rule::GraphUrl,
        _ => return None,
    };
    let report = check_value(source_rule, source);
    if matches!(report.state(), State::Error | State::Empty) {
        return None;
    }
    let host = url::parse(&report.normalized).host;
    match rule {
        #[cfg(feature = "business-central")]
        Rule::BusinessCentralScope => Some(scope::compose(business_central::API_HOST)),
        #[cfg(any(feature = "dynamics", feature = "graph"))]
        _ => Some(scope::compose(&host)),
        #[cfg(not(any(feature = "dynamics", feature = "graph")))]
        _ => {
            let _ = host;
            None
        }
    }
}

/// What the reports found, field by field, that the cross-field checks use.
#[derive(Default)]
struct Found {
    #[cfg(feature = "dynamics")]
    env: Option<(usize, Environment)>,
    #[cfg(feature = "business-central")]
    bc: Option<(usize, business_central::Api)>,
    #[cfg(feature = "graph")]
    graph: Option<(usize, graph::Endpoint)>,
    token: Option<(usize, token::Token)>,
    client_ids: Vec<(usize, String)>,
}

/// Whether a rule's values are secrets: they are checked for masks
/// (non-ASCII bullets) before the ASCII check.
fn is_secret(input: &Input<'_>) -> bool {
    #[cfg(feature = "kinds")]
    if let Some(custom) = input.custom {
        return custom.is_secret();
    }
    input.rule == Rule::ClientSecret
}

/// Checks every field, then what only shows across fields: the Client ID
/// that is the tenant ID or the secret, a login cloud that does not match
/// the resource's, a scope for another environment, a value composed from
/// others. Reports come back in the order of `inputs`.
pub fn check(inputs: &[Input<'_>]) -> Vec<Report> {
    let mut reports = vec![Report::default(); inputs.len()];
    let mut usable = vec![false; inputs.len()];
    for (i, input) in inputs.iter().enumerate() {
        let report = &mut reports[i];
        usable[i] = clean::clean(input.value, report)
            && (is_secret(input) || clean::check_ascii(&report.normalized.clone(), report));
    }
    let mut found = Found::default();
    for (i, input) in inputs.iter().enumerate() {
        if usable[i] {
            check_one(i, input, &mut reports[i], &mut found);
        }
    }
    for (i, input) in inputs.iter().enumerate() {
        if usable[i] {
            check_dependent(i, input, inputs, &mut reports, &found);
        }
    }
    cross_check(inputs, &mut reports, &found);
    reports
}

/// The checks of a field on its own.
fn check_one(i: usize, input: &Input<'_>, report: &mut Report, found: &mut Found) {
    let value = report.normalized.clone();
    match input.rule {
        #[cfg(feature = "dynamics")]
        Rule::WebApiUrl => {
            if let Some(env) = environment::check(&value, report) {
                found.env.get_or_insert((i, env));
            }
        }
        #[cfg(feature = "business-central")]
        Rule::BusinessCentralUrl => {
            if let Some(api) = business_central::check(&value, report) {
                found.bc.get_or_insert((i, api));
            }
        }
        #[cfg(feature = "business-central")]
        Rule::BusinessCentralCompany => business_central::check_company(&value, report),
        #[cfg(feature = "graph")]
        Rule::GraphUrl => {
            if let Some(endpoint) = graph::check(&value, report) {
                found.graph.get_or_insert((i, endpoint));
            }
        }
        Rule::TokenUrl => {
            if let Some(token) = token::check(&value, report) {
                found.token.get_or_insert((i, token));
            }
        }
        #[cfg(feature = "kinds")]
        Rule::SalesforceTokenUrl => {
            salesforce::check(&value, report);
        }
        #[cfg(any(feature = "dynamics", feature = "business-central", feature = "graph"))]
        Rule::ClientId => {
            if let Some(id) = client_id::check(&value, report) {
                found.client_ids.push((i, id));
            }
        }
        #[cfg(any(feature = "dynamics", feature = "business-central", feature = "graph"))]
        Rule::ClientSecret => {
            secret::check(&value, report);
        }
        #[cfg(feature = "kinds")]
        Rule::Custom => {
            if let Some(custom) = input.custom
                && !matches!(custom.kind, Kind::Composed { .. })
            {
                custom.check(&value, None, report);
            }
        }
        _ => {}
    }
}

/// The checks of a field made from others: scopes, composed values.
fn check_dependent(
    i: usize,
    input: &Input<'_>,
    inputs: &[Input<'_>],
    reports: &mut [Report],
    found: &Found,
) {
    let _ = (inputs, found);
    let value = reports[i].normalized.clone();
    match input.rule {
        #[cfg(feature = "dynamics")]
        Rule::Scopes => {
            let named = found.env.as_ref().map(|(_, e)| scope::Named {
                host: e.host.clone(),
                id: e.id.clone(),
            });
            scope::check(
                &value,
                scope::Resource::Dynamics,
                named.as_ref(),
                &mut reports[i],
            );
        }
        #[cfg(feature = "business-central")]
        Rule::BusinessCentralScope => {
            let resource = scope::Resource::BusinessCentral;
            scope::check(&value, resource, resource.fixed().as_ref(), &mut reports[i]);
        }
        #[cfg(feature = "graph")]
        Rule::GraphScope => {
            let named = found.graph.as_ref().map(|(_, g)| scope::Named {
                host: g.host.clone(),
                id: g.host.clone(),
            });
            scope::check(
                &value,
                scope::Resource::Graph,
                named.as_ref(),
                &mut reports[i],
            );
        }
        #[cfg(feature = "kinds")]
        Rule::Custom => {
            if let Some(custom) = input.custom
                && let Kind::Composed { template } = &custom.kind
            {
                let lookup = |id: &str| {
                    let j = inputs
                        .iter()
                        .position(|other| other.id == id && other.id != input.id)?;
                    matches!(reports[j].state(), State::Ok | State::Warning)
                        .then(|| reports[j].normalized.clone())
                };
                let composed = kind::compose(template, &lookup);
                custom.check(&value, composed.as_deref(), &mut reports[i]);
            }
        }
        _ => {}
    }
}

/// The cloud of the resource the app calls, and the field that named it.
fn resource_cloud(found: &Found) -> Option<(usize, Cloud, &'static str, &'static str)> {
    #[cfg(feature = "dynamics")]
    if let Some((e, env)) = &found.env {
        return Some((
            *e,
            env.cloud,
            "The Web API URL",
            "web_api_url.cloud_mismatch",
        ));
    }
    #[cfg(feature = "graph")]
    if let Some((g, endpoint)) = &found.graph {
        return Some((
            *g,
            endpoint.cloud,
            "The Graph endpoint",
            "graph_url.cloud_mismatch",
        ));
    }
    let _ = found;
    None
}

fn cross_check(inputs: &[Input<'_>], reports: &mut [Report], found: &Found) {
    if let (Some((r, cloud, what, code)), Some((t, token))) = (resource_cloud(found), &found.token)
        && cloud != token.cloud
    {
        let message = format!(
            "{what} is in {} but the Token URL signs in to {}. Use https://{}/… for the Token URL, or check the other address.",
            cloud.name(),
            token.cloud.name(),
            cloud.login_host()
        );
        reports[*t].push(Finding::error("token_url.cloud_mismatch", message.clone()));
        reports[r].push(Finding::error(code, message));
    }
    #[cfg(feature = "business-central")]
    if let (Some((b, api)), Some((t, token))) = (&found.bc, &found.token)
        && let Some(tenant) = &api.tenant
        && *tenant != token.tenant.to_ascii_lowercase()
    {
        let message = format!(
            "The API URL is for the tenant {tenant}, but the Token URL signs in to {}. Both name your Directory (tenant) ID.",
            token.tenant
        );
        reports[*t].push(Finding::error("token_url.other_tenant", message.clone()));
        reports[*b].push(Finding::error("api_url.other_tenant", message));
    }
    #[cfg(any(feature = "dynamics", feature = "business-central", feature = "graph"))]
    for (c, id) in &found.client_ids {
        if let Some((_, token)) = &found.token
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
