//! The credential rules on the hot path: what the widget runs after every
//! keystroke (all five fields, with cross-field checks). Budget: under 1 ms.

use criterion::{Criterion, criterion_group, criterion_main};
use quire_rules::kind::{Alphabet, Kind, Slash};
use quire_rules::{Custom, Input, Rule, check, compose_scope};
use std::hint::black_box;

fn inputs<'a>(values: &'a [&'a str; 5]) -> Vec<Input<'a>> {
    Rule::ALL
        .iter()
        .zip(values)
        .map(|(rule, value)| Input::new(rule.name(), *rule, value))
        .collect()
}

fn bench(c: &mut Criterion) {
    let good = [
        "https://contoso.crm4.dynamics.com/",
        "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/oauth2/v2.0/token",
        "https://contoso.crm4.dynamics.com/.default",
        "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
        "Xy.8Q~AbC-dEf_GhI.jKl~MnO-pQr_StU.vWx~yZ",
    ];
    let bad = [
        " \"contoso.crm04.dynamics.com/main.aspx?appid=1\" ",
        "https://login.windows.net/common/oauth2/token?x=1",
        "https://fabrikam.crm.dynamics.com//.Default offline_access",
        "{72F988BF-86F1-41AF-91AB-2D7CD011DB47}",
        "abc\u{2022}\u{2022}\u{2022}\u{2022}\u{2022}",
    ];
    c.bench_function("check all five fields, good values", |b| {
        b.iter(|| check(black_box(&inputs(&good))))
    });
    c.bench_function("check all five fields, wrong values", |b| {
        b.iter(|| check(black_box(&inputs(&bad))))
    });
    c.bench_function("compose the scope", |b| {
        b.iter(|| compose_scope(black_box(good[0])))
    });
    let api = "https://api.businesscentral.dynamics.com/v2.0/72f988bf-86f1-41af-91ab-2d7cd011db47/Production/api/v2.0";
    let token =
        "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/oauth2/v2.0/token";
    let business_central = [
        Input::new("api_url", Rule::BusinessCentralUrl, api),
        Input::new(
            "company_id",
            Rule::BusinessCentralCompany,
            "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
        ),
        Input::new("token_url", Rule::TokenUrl, token),
        Input::new(
            "scopes",
            Rule::BusinessCentralScope,
            "https://api.businesscentral.dynamics.com/.default",
        ),
        Input::new(
            "client_id",
            Rule::ClientId,
            "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
        ),
        Input::new("client_secret", Rule::ClientSecret, good[4]),
    ];
    c.bench_function("check all six Business Central fields", |b| {
        b.iter(|| check(black_box(&business_central)))
    });
    let graph = [
        Input::new(
            "graph_url",
            Rule::GraphUrl,
            "https://graph.microsoft.com/v1.0/users",
        ),
        Input::new("token_url", Rule::TokenUrl, token),
        Input::new(
            "scopes",
            Rule::GraphScope,
            "https://graph.microsoft.com/User.Read",
        ),
        Input::new(
            "client_id",
            Rule::ClientId,
            "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
        ),
        Input::new("client_secret", Rule::ClientSecret, good[4]),
    ];
    c.bench_function("check all five Microsoft Graph fields", |b| {
        b.iter(|| check(black_box(&graph)))
    });
    // A site preset: a URL on a host pattern, a value composed from it, a
    // secret of a given alphabet, and Salesforce's token URL.
    let url = Custom {
        kind: Kind::Url {
            hosts: vec!["*.acme-crm.com".into()],
            paths: vec!["/api".into()],
            slash: Slash::Remove,
        },
        messages: vec![("url.host".into(), "Not an Acme CRM address.".into())],
    };
    let composed = Custom {
        kind: Kind::Composed {
            template: "{api_url}/oauth/token".into(),
        },
        messages: vec![],
    };
    let secret = Custom {
        kind: Kind::Secret {
            min: 32,
            max: 32,
            alphabet: Alphabet::Hex,
            guid: false,
        },
        messages: vec![],
    };
    let custom = |id, kind, value| Input {
        id,
        rule: Rule::Custom,
        value,
        custom: Some(kind),
    };
    let site_preset = [
        custom("api_url", &url, "https://contoso.acme-crm.com/api/"),
        custom(
            "token_url",
            &composed,
            "https://contoso.acme-crm.com/api/oauth/token",
        ),
        custom("api_key", &secret, "0123456789abcdef0123456789abcdef"),
        Input::new(
            "sf_token_url",
            Rule::SalesforceTokenUrl,
            "https://acme--uat.sandbox.my.salesforce.com/services/oauth2/token",
        ),
    ];
    c.bench_function("check a site preset's four fields", |b| {
        b.iter(|| check(black_box(&site_preset)))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
