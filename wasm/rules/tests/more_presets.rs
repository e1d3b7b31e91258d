//! The Business Central, Microsoft Graph and Salesforce rules, and the
//! field kinds of a site's own presets, as `wasm/rules/RULES.md` states
//! them: each value on its own (valid and invalid, with the finding and a
//! word of its message), then across fields.

use quire_rules::kind::{Alphabet, Kind, Slash};
use quire_rules::{Custom, Input, Rule, State, check, check_custom, check_value, compose};

use Rule::*;
use State::{Error as E, Ok as O, Warning as W};

const TENANT: &str = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const OTHER_TENANT: &str = "11111111-2222-4333-8444-555555555555";

/// (rule, value, state, a finding code that must be present or "", a word
/// of the message or "").
const CASES: &[(Rule, &str, State, &str, &str)] = &[
    // ---- Business Central: the API URL
    (
        BusinessCentralUrl,
        "https://api.businesscentral.dynamics.com/v2.0/72f988bf-86f1-41af-91ab-2d7cd011db47/Production/api/v2.0",
        O,
        "",
        "Production",
    ),
    (
        BusinessCentralUrl,
        "https://api.businesscentral.dynamics.com/v2.0/Production/api/v2.0",
        O,
        "",
        "Production",
    ),
    (
        BusinessCentralUrl,
        "https://api.businesscentral.dynamics.com/v2.0/contoso.onmicrosoft.com/Sandbox-1/api/v2.0/",
        O,
        "",
        "Sandbox-1",
    ),
    (
        BusinessCentralUrl,
        "https://api.businesscentral.dynamics.com/v2.0/Production/api/contoso/app1/v1.0",
        O,
        "",
        "",
    ),
    (
        BusinessCentralUrl,
        "api.businesscentral.dynamics.com/v2.0/Production/api/v2.0",
        W,
        "api_url.no_scheme",
        "https://",
    ),
    (
        BusinessCentralUrl,
        "https://api.businesscentral.dynamics.com/v2.0/Production/api/v2.0/companies(1)/customers",
        W,
        "api_url.extra",
        "companies(1)",
    ),
    (
        BusinessCentralUrl,
        "https://businesscentral.dynamics.com/72f988bf-86f1-41af-91ab-2d7cd011db47/Production?company=CRONUS",
        E,
        "api_url.web_client",
        "https://api.businesscentral.dynamics.com/v2.0/72f988bf-86f1-41af-91ab-2d7cd011db47/Production/api/v2.0",
    ),
    (
        BusinessCentralUrl,
        "https://contoso.crm.dynamics.com/",
        E,
        "api_url.dynamics",
        "Dynamics 365 guide",
    ),
    (
        BusinessCentralUrl,
        "https://example.com/v2.0/Production/api/v2.0",
        E,
        "api_url.host",
        "example.com",
    ),
    (
        BusinessCentralUrl,
        "http://api.businesscentral.dynamics.com/v2.0/Production/api/v2.0",
        E,
        "api_url.http",
        "https://",
    ),
    (
        BusinessCentralUrl,
        "https://api.businesscentral.dynamics.com/v1.0/Production/api/v2.0",
        E,
        "api_url.version",
        "v2.0",
    ),
    (
        BusinessCentralUrl,
        "https://api.businesscentral.dynamics.com/",
        E,
        "api_url.no_environment",
        "environment",
    ),
    (
        BusinessCentralUrl,
        "https://api.businesscentral.dynamics.com/v2.0/{tenant-id}/Production/api/v2.0",
        E,
        "api_url.placeholder",
        "tenant",
    ),
    (
        BusinessCentralUrl,
        "https://api.businesscentral.dynamics.com/v2.0/1Production/api/v2.0",
        E,
        "api_url.environment",
        "start with a letter",
    ),
    (
        BusinessCentralUrl,
        "https://api.businesscentral.dynamics.com/v2.0/ThisEnvironmentNameIsFarTooLong/api/v2.0",
        E,
        "api_url.environment",
        "30",
    ),
    (
        BusinessCentralUrl,
        "https://api.businesscentral.dynamics.com/v2.0/Production/ODataV4/Company('CRONUS')",
        E,
        "api_url.odata",
        "OData",
    ),
    (
        BusinessCentralUrl,
        "https://api.businesscentral.dynamics.com/v2.0/Production/web/client",
        E,
        "api_url.path",
        "/api/v2.0",
    ),
    // ---- Business Central: the company
    (
        BusinessCentralCompany,
        "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
        O,
        "",
        "",
    ),
    (
        BusinessCentralCompany,
        "{0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d}",
        W,
        "company_id.form",
        "braces",
    ),
    (
        BusinessCentralCompany,
        "CRONUS USA, Inc.",
        W,
        "company_id.not_guid",
        "companies",
    ),
    (
        BusinessCentralCompany,
        "<company-id>",
        E,
        "company_id.placeholder",
        "placeholder",
    ),
    // ---- Business Central: the scope
    (
        BusinessCentralScope,
        "https://api.businesscentral.dynamics.com/.default",
        O,
        "",
        "",
    ),
    (
        BusinessCentralScope,
        "https://api.businesscentral.dynamics.com//.default",
        W,
        "scopes.double_slash",
        "",
    ),
    (
        BusinessCentralScope,
        "https://contoso.crm.dynamics.com/.default",
        E,
        "scopes.host",
        "Dynamics 365 environment",
    ),
    (
        BusinessCentralScope,
        "https://api.businesscentral.dynamics.com/user_impersonation",
        E,
        "scopes.named_permission",
        "user_impersonation",
    ),
    (
        BusinessCentralScope,
        "Financials.ReadWrite.All",
        E,
        "scopes.named_permission",
        "Financials.ReadWrite.All",
    ),
    (
        BusinessCentralScope,
        "https://api.businesscentral.dynamics.com/API.ReadWrite.All",
        E,
        "scopes.named_permission",
        "API.ReadWrite.All",
    ),
    (
        BusinessCentralScope,
        "https://api.businesscentral.dynamics.com/.default offline_access",
        E,
        "scopes.several",
        "",
    ),
    // ---- Microsoft Graph: the endpoint
    (
        GraphUrl,
        "https://graph.microsoft.com/v1.0",
        O,
        "",
        "commercial",
    ),
    (GraphUrl, "https://graph.microsoft.com/beta/", O, "", "beta"),
    (
        GraphUrl,
        "https://graph.microsoft.us/v1.0",
        O,
        "",
        "US Government",
    ),
    (
        GraphUrl,
        "https://dod-graph.microsoft.us/v1.0",
        O,
        "",
        "US Government",
    ),
    (
        GraphUrl,
        "https://microsoftgraph.chinacloudapi.cn/v1.0",
        O,
        "",
        "China",
    ),
    (
        GraphUrl,
        "https://graph.microsoft.com",
        W,
        "graph_url.no_version",
        "/v1.0",
    ),
    (
        GraphUrl,
        "https://graph.microsoft.com/v1.0/users?$top=1",
        W,
        "graph_url.path",
        "/users?$top=1",
    ),
    (
        GraphUrl,
        "https://graph.microsoft.com/v2.0",
        E,
        "graph_url.version",
        "v2.0",
    ),
    (
        GraphUrl,
        "https://graph.windows.net/",
        E,
        "graph_url.host",
        "Azure AD Graph",
    ),
    (
        GraphUrl,
        "https://contoso.crm.dynamics.com/",
        E,
        "graph_url.host",
        "not Microsoft Graph",
    ),
    (
        GraphUrl,
        "https://graph.microsoft.com:8443/v1.0",
        E,
        "graph_url.port",
        ":8443",
    ),
    // ---- Microsoft Graph: the scope
    (
        GraphScope,
        "https://graph.microsoft.com/.default",
        O,
        "",
        "",
    ),
    (GraphScope, "https://graph.microsoft.us/.default", O, "", ""),
    (
        GraphScope,
        "https://graph.microsoft.com/User.Read",
        E,
        "scopes.named_permission",
        "User.Read",
    ),
    (
        GraphScope,
        "User.Read",
        E,
        "scopes.named_permission",
        "administrator",
    ),
    (
        GraphScope,
        "https://graph.microsoft.com/.default User.Read",
        E,
        "scopes.several",
        "",
    ),
    (GraphScope, "offline_access", E, "scopes.not_resource", ""),
    (
        GraphScope,
        "https://contoso.crm.dynamics.com/.default",
        E,
        "scopes.host",
        "Dynamics 365 environment",
    ),
    (
        GraphScope,
        "https://graph.microsoft.com/v1.0/.default",
        E,
        "scopes.path",
        "",
    ),
    (
        GraphScope,
        "graph.microsoft.com/.default",
        E,
        "scopes.no_scheme",
        "https://graph.microsoft.com/.default",
    ),
    // ---- Salesforce: the token URL
    (
        SalesforceTokenUrl,
        "https://acme.my.salesforce.com/services/oauth2/token",
        O,
        "",
        "acme.my.salesforce.com",
    ),
    (
        SalesforceTokenUrl,
        "https://acme--uat.sandbox.my.salesforce.com/services/oauth2/token",
        O,
        "",
        "sandbox",
    ),
    (
        SalesforceTokenUrl,
        "https://acme-dev-ed.develop.my.salesforce.com/services/oauth2/token",
        O,
        "",
        "Developer Edition",
    ),
    (
        SalesforceTokenUrl,
        "https://acme.my.salesforce.com",
        W,
        "token_url.no_endpoint",
        "/services/oauth2/token",
    ),
    (
        SalesforceTokenUrl,
        "https://acme.my.salesforce.com/services/oauth2/token/",
        W,
        "token_url.extra",
        "/",
    ),
    (
        SalesforceTokenUrl,
        "https://acme.my.salesforce.com/services/oauth2/token?grant_type=client_credentials",
        W,
        "token_url.extra",
        "?grant_type",
    ),
    (
        SalesforceTokenUrl,
        "https://login.salesforce.com/services/oauth2/token",
        E,
        "token_url.login_host",
        "My Domain",
    ),
    (
        SalesforceTokenUrl,
        "https://test.salesforce.com/services/oauth2/token",
        E,
        "token_url.login_host",
        "test.salesforce.com",
    ),
    (
        SalesforceTokenUrl,
        "https://acme.lightning.force.com/lightning/page/home",
        E,
        "token_url.lightning",
        "https://acme.my.salesforce.com/services/oauth2/token",
    ),
    (
        SalesforceTokenUrl,
        "https://acme--uat.sandbox.lightning.force.com/",
        E,
        "token_url.lightning",
        "https://acme--uat.sandbox.my.salesforce.com/services/oauth2/token",
    ),
    (
        SalesforceTokenUrl,
        "https://acme.my.salesforce-setup.com/",
        E,
        "token_url.setup",
        "https://acme.my.salesforce.com/services/oauth2/token",
    ),
    (
        SalesforceTokenUrl,
        "https://na123.salesforce.com/services/oauth2/token",
        W,
        "token_url.instance",
        "instance",
    ),
    (
        SalesforceTokenUrl,
        "https://acme.my.site.com/services/oauth2/token",
        W,
        "token_url.site",
        "Experience Cloud",
    ),
    (
        SalesforceTokenUrl,
        "https://login.acme.com/services/oauth2/token",
        W,
        "token_url.custom_domain",
        "custom domain",
    ),
    (
        SalesforceTokenUrl,
        "https://login.microsoftonline.com/common/oauth2/v2.0/token",
        E,
        "token_url.host",
        "Microsoft",
    ),
    (
        SalesforceTokenUrl,
        "https://acme.my.salesforce.com/services/oauth2/authorize",
        E,
        "token_url.other_endpoint",
        "/services/oauth2/token",
    ),
    (
        SalesforceTokenUrl,
        "https://acme.my.salesforce.com/lightning/setup",
        E,
        "token_url.path",
        "/services/oauth2/token",
    ),
    (
        SalesforceTokenUrl,
        "http://acme.my.salesforce.com/services/oauth2/token",
        E,
        "token_url.http",
        "https://",
    ),
    // ---- Every rule gets the same cleanup
    (
        SalesforceTokenUrl,
        " \"https://acme.my.salesforce.com/services/oauth2/token\" ",
        W,
        "common.quotes",
        "",
    ),
    (
        GraphUrl,
        "https://graph.microsoft.com/v1.0\u{200B}",
        E,
        "common.non_ascii",
        "zero-width",
    ),
    (
        BusinessCentralUrl,
        "https://api.businesscentral.dynamics.com/v2.0/Production/api/v2.0\nx",
        E,
        "common.line_break",
        "",
    ),
];

#[test]
fn every_case() {
    let mut failures = Vec::new();
    for (rule, value, state, code, word) in CASES {
        let report = check_value(*rule, value);
        let message = report.message();
        if report.state() != *state
            || (!code.is_empty() && !report.has(code))
            || !message.contains(word)
        {
            failures.push(format!(
                "{rule:?} {value:?}: expected {state:?} {code:?} {word:?}, got {:?} {:?}",
                report.state(),
                report.findings
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn url_kind() -> Custom {
    Custom {
        kind: Kind::Url {
            hosts: vec!["*.acme-crm.com".into(), "api.acme.io".into()],
            paths: vec!["/api".into()],
            slash: Slash::Remove,
        },
        messages: vec![("url.host".into(), "That is not an Acme CRM address.".into())],
    }
}

fn secret_kind() -> Custom {
    Custom {
        kind: Kind::Secret {
            min: 32,
            max: 32,
            alphabet: Alphabet::Hex,
            guid: false,
        },
        messages: vec![],
    }
}

#[test]
fn field_kinds() {
    let url = url_kind();
    let cases: &[(&Custom, &str, State, &str, &str)] = &[
        (&url, "https://contoso.acme-crm.com/api", O, "", ""),
        (&url, "https://api.acme.io/api", O, "", ""),
        (
            &url,
            "https://contoso.acme-crm.com/api/",
            W,
            "url.trailing_slash",
            "Remove",
        ),
        (
            &url,
            "https://contoso.acme-crm.com",
            W,
            "url.no_path",
            "/api",
        ),
        (
            &url,
            "https://contoso.acme-crm.com/api?x=1",
            W,
            "url.extra",
            "?x=1",
        ),
        (
            &url,
            "https://acme-crm.com/api",
            E,
            "url.host",
            "not an Acme CRM address",
        ),
        (
            &url,
            "https://evil.com/api",
            E,
            "url.host",
            "not an Acme CRM address",
        ),
        (
            &url,
            "https://contoso.acme-crm.com/v2",
            E,
            "url.path",
            "https://contoso.acme-crm.com/api",
        ),
        (&url, "http://contoso.acme-crm.com/api", E, "url.http", ""),
        (
            &url,
            "https://contoso.acme-crm.com/api\u{00A0}",
            E,
            "common.non_ascii",
            "no-break space",
        ),
        (
            &url,
            "'https://contoso.acme-crm.com/api'",
            W,
            "common.quotes",
            "",
        ),
    ];
    let secret = secret_kind();
    let guid = Custom {
        kind: Kind::Guid,
        messages: vec![],
    };
    let more: &[(&Custom, &str, State, &str, &str)] = &[
        (&secret, "0123456789abcdef0123456789abcdef", O, "", ""),
        (&secret, "0123456789abcdef", E, "secret.length", "32"),
        (
            &secret,
            "0123456789abcdef0123456789abcdeg",
            E,
            "secret.alphabet",
            "hex",
        ),
        (
            &secret,
            "0123456789abcdef 123456789abcdef",
            E,
            "secret.space",
            "",
        ),
        (
            &secret,
            "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
            E,
            "secret.is_guid",
            "ID",
        ),
        (&secret, "••••••••••", E, "secret.masked", "masked"),
        (&secret, "abc***", E, "secret.masked", ""),
        (&guid, "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", O, "", ""),
        (
            &guid,
            "{0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d}",
            W,
            "guid.braces",
            "",
        ),
        (
            &guid,
            "0a1b2c3d4e5f4a6b8c7d9e0f1a2b3c4d",
            W,
            "guid.no_hyphens",
            "",
        ),
        (
            &guid,
            "00000000-0000-0000-0000-000000000000",
            E,
            "guid.nil",
            "",
        ),
        (&guid, "<your-id>", E, "guid.placeholder", ""),
        (&guid, "not an id", E, "guid.not_guid", "8-4-4-4-12"),
    ];
    let mut failures = Vec::new();
    for (custom, value, state, code, word) in cases.iter().chain(more) {
        let report = check_custom(custom, value);
        if report.state() != *state
            || (!code.is_empty() && !report.has(code))
            || !report.message().contains(word)
        {
            failures.push(format!(
                "{value:?}: expected {state:?} {code:?} {word:?}, got {:?} {:?}",
                report.state(),
                report.findings
            ));
        }
        // A secret's message never quotes the secret.
        if matches!(custom.kind, Kind::Secret { .. }) && value.len() > 8 {
            assert!(!report.message().contains(value), "{value:?} quoted");
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_kind_survives_the_page() {
    for custom in [
        url_kind(),
        secret_kind(),
        Custom {
            kind: Kind::Guid,
            messages: vec![],
        },
        Custom {
            kind: Kind::Composed {
                template: "{api_url}/oauth/token".into(),
            },
            messages: vec![(
                "composed.differs".into(),
                "Use the address\nmade from the API URL.".into(),
            )],
        },
    ] {
        let decoded = Custom::decode(&custom.encode()).expect("decodes");
        assert_eq!(decoded.kind, custom.kind);
        assert_eq!(decoded.messages.len(), custom.messages.len());
        assert!(!decoded.messages.iter().any(|(_, m)| m.contains('\n')));
    }
    assert!(Custom::decode("kind spaceship\n").is_none());
    assert!(Custom::decode("kind secret\nmin many\n").is_none());
}

#[test]
fn composed_values_follow_their_fields() {
    let url = url_kind();
    let composed = Custom {
        kind: Kind::Composed {
            template: "{api_url}/oauth/token".into(),
        },
        messages: vec![],
    };
    let run = |api: &str, token: &str| {
        check(&[
            Input {
                id: "api_url",
                rule: Rule::Custom,
                value: api,
                custom: Some(&url),
            },
            Input {
                id: "token_url",
                rule: Rule::Custom,
                value: token,
                custom: Some(&composed),
            },
        ])
    };
    let r = run(
        "https://contoso.acme-crm.com/api/",
        "https://contoso.acme-crm.com/api/oauth/token",
    );
    assert_eq!(r[1].state(), State::Ok, "{:?}", r[1]);
    let r = run(
        "https://contoso.acme-crm.com/api",
        "https://fabrikam.acme-crm.com/api/oauth/token",
    );
    assert_eq!(r[1].state(), State::Warning, "{:?}", r[1]);
    assert_eq!(
        r[1].normalized,
        "https://contoso.acme-crm.com/api/oauth/token"
    );
    assert!(
        r[1].message()
            .contains("https://contoso.acme-crm.com/api/oauth/token")
    );
    // With its source wrong, a composed value is not judged by it.
    let r = run(
        "https://evil.com/api",
        "https://fabrikam.acme-crm.com/api/oauth/token",
    );
    assert_eq!(r[1].state(), State::Ok, "{:?}", r[1]);
}

#[test]
fn entra_presets_check_across_fields() {
    let token = |tenant: &str, host: &str| format!("https://{host}/{tenant}/oauth2/v2.0/token");
    // Business Central: the API URL's tenant is the Token URL's.
    let api = format!("https://api.businesscentral.dynamics.com/v2.0/{TENANT}/Production/api/v2.0");
    let other = token(OTHER_TENANT, "login.microsoftonline.com");
    let r = check(&[
        Input::new("api_url", BusinessCentralUrl, &api),
        Input::new("token_url", TokenUrl, &other),
    ]);
    assert!(
        r[0].has("api_url.other_tenant") && r[1].has("token_url.other_tenant"),
        "{r:?}"
    );
    let same = token(TENANT, "login.microsoftonline.com");
    let r = check(&[
        Input::new("api_url", BusinessCentralUrl, &api),
        Input::new("token_url", TokenUrl, &same),
    ]);
    assert_eq!(
        (r[0].state(), r[1].state()),
        (State::Ok, State::Ok),
        "{r:?}"
    );
    // Graph: the endpoint's cloud is the Token URL's.
    let us = token(TENANT, "login.microsoftonline.com");
    let r = check(&[
        Input::new("graph_url", GraphUrl, "https://graph.microsoft.us/v1.0"),
        Input::new("token_url", TokenUrl, &us),
        Input::new("scopes", GraphScope, "https://graph.microsoft.com/.default"),
    ]);
    assert!(
        r[0].has("graph_url.cloud_mismatch") && r[1].has("token_url.cloud_mismatch"),
        "{r:?}"
    );
    assert!(r[2].has("scopes.other_environment"), "{:?}", r[2]);
    // The shared Client ID rules run in every Entra preset.
    let r = check(&[
        Input::new("token_url", TokenUrl, &same),
        Input::new("client_id", ClientId, TENANT),
        Input::new(
            "scopes",
            BusinessCentralScope,
            "https://api.businesscentral.dynamics.com/.default",
        ),
    ]);
    assert!(r[1].has("client_id.is_tenant_id"), "{:?}", r[1]);
}

#[test]
fn scopes_are_composed_for_each_resource() {
    assert_eq!(
        compose(
            BusinessCentralScope,
            "https://api.businesscentral.dynamics.com/v2.0/Production/api/v2.0"
        )
        .as_deref(),
        Some("https://api.businesscentral.dynamics.com/.default")
    );
    assert_eq!(
        compose(GraphScope, "graph.microsoft.us/v1.0").as_deref(),
        Some("https://graph.microsoft.us/.default")
    );
    assert_eq!(compose(GraphScope, "https://example.com/"), None);
    assert_eq!(
        compose(BusinessCentralScope, "https://contoso.crm.dynamics.com/"),
        None
    );
    for (rule, source) in [
        (
            BusinessCentralScope,
            "https://api.businesscentral.dynamics.com/v2.0/Production/api/v2.0",
        ),
        (GraphScope, "https://dod-graph.microsoft.us/beta"),
    ] {
        let scope = compose(rule, source).expect("composed");
        assert_eq!(check_value(rule, &scope).state(), State::Ok, "{scope}");
    }
}

#[test]
fn a_credential_in_a_query_is_never_quoted() {
    for (rule, value) in [
        (TokenUrl, format!("https://login.microsoftonline.com/{TENANT}/oauth2/v2.0/token?client_secret=SUPERSECRET1")),
        (SalesforceTokenUrl, "https://acme.my.salesforce.com/services/oauth2/token?grant_type=client_credentials&client_secret=SUPERSECRET1".to_owned()),
        (GraphUrl, "https://graph.microsoft.com/v1.0/me?password=SUPERSECRET1".to_owned()),
        (BusinessCentralUrl, "https://api.businesscentral.dynamics.com/v2.0/Production/api/v2.0?api_key=SUPERSECRET1".to_owned()),
        (WebApiUrl, "https://contoso.crm.dynamics.com/?access_token=SUPERSECRET1".to_owned()),
    ] {
        let report = check_value(rule, &value);
        assert_eq!(report.state(), State::Warning, "{value}: {report:?}");
        assert!(!report.message().contains("SUPERSECRET1"), "{}", report.message());
        assert!(report.message().contains("?…"), "{}", report.message());
    }
    // A harmless query is quoted exactly, as every rewrite is.
    let report = check_value(GraphUrl, "https://graph.microsoft.com/v1.0?x=1");
    assert!(report.message().contains("`?x=1`"), "{}", report.message());
}

#[test]
fn business_central_addresses_as_the_guide_writes_them() {
    // Without `/api/v2.0`: offered.
    let r = check_value(
        BusinessCentralUrl,
        "https://api.businesscentral.dynamics.com/v2.0/Production",
    );
    assert!(r.has("api_url.no_api"), "{r:?}");
    assert_eq!(
        r.normalized,
        "https://api.businesscentral.dynamics.com/v2.0/Production/api/v2.0"
    );
    // The guide's own example: the tenant is the placeholder, not the environment.
    let r = check_value(
        BusinessCentralUrl,
        "https://api.businesscentral.dynamics.com/v2.0/{tenant-id}/Production/api/v2.0",
    );
    assert!(
        r.has("api_url.placeholder") && r.message().contains("tenant"),
        "{r:?}"
    );
    assert!(!r.message().contains("environment's name there"), "{r:?}");
}

#[test]
fn a_wildcard_path_takes_its_own_folder() {
    let url = Custom {
        kind: Kind::Url {
            hosts: vec![],
            paths: vec!["/api/*".into()],
            slash: Slash::Remove,
        },
        messages: vec![],
    };
    let r = check_custom(&url, "https://x.example.com/api/");
    assert_eq!(r.state(), State::Warning, "{r:?}");
    assert_eq!(check_custom(&url, &r.normalized).state(), State::Ok);
}
