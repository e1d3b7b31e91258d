//! What only shows across fields, the normalised values, the composed
//! scope and the messages readers see.

use quire_rules::{Input, Report, Rule, State, check, check_value, compose_scope, preset};

const WEB: &str = "https://contoso.crm.dynamics.com/";
const TOKEN: &str =
    "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/oauth2/v2.0/token";
const SCOPE: &str = "https://contoso.crm.dynamics.com/.default";
const CLIENT: &str = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const SECRET: &str = "abc8Q~abcdefghijklmnopqrstuvwxyz01234567";

fn all(web: &str, token: &str, scope: &str, client: &str, secret: &str) -> Vec<Report> {
    check(&[
        Input::new("web_api_url", Rule::WebApiUrl, web),
        Input::new("token_url", Rule::TokenUrl, token),
        Input::new("scopes", Rule::Scopes, scope),
        Input::new("client_id", Rule::ClientId, client),
        Input::new("client_secret", Rule::ClientSecret, secret),
    ])
}

fn states(reports: &[Report]) -> Vec<State> {
    reports.iter().map(Report::state).collect()
}

#[test]
fn five_good_values() {
    let r = all(WEB, TOKEN, SCOPE, CLIENT, SECRET);
    assert_eq!(states(&r), [State::Ok; 5], "{r:#?}");
    assert_eq!(
        r[0].message(),
        "Dynamics 365 environment in North America (crm)."
    );
}

#[test]
fn client_id_equal_to_tenant() {
    let r = all(
        WEB,
        TOKEN,
        SCOPE,
        "72F988BF-86F1-41AF-91AB-2D7CD011DB47",
        SECRET,
    );
    assert!(r[3].has("client_id.is_tenant_id"), "{r:#?}");
    assert_eq!(r[3].state(), State::Error);
    assert!(r[3].message().contains("Directory (tenant) ID"));
}

#[test]
fn client_id_equal_to_secret_shows_on_both() {
    let r = all(WEB, TOKEN, SCOPE, CLIENT, &CLIENT.to_uppercase());
    assert!(r[3].has("client_id.is_secret"));
    assert!(r[4].has("client_secret.is_client_id"));
    assert!(r[4].has("client_secret.is_secret_id"));
}

#[test]
fn cloud_mismatch_shows_on_token_and_environment() {
    let gov_token =
        "https://login.microsoftonline.us/72f988bf-86f1-41af-91ab-2d7cd011db47/oauth2/v2.0/token";
    let r = all(WEB, gov_token, SCOPE, CLIENT, SECRET);
    assert!(r[0].has("web_api_url.cloud_mismatch"));
    assert!(r[1].has("token_url.cloud_mismatch"));
    // GCC (crm9) signs in with the commercial login host.
    let r = all(
        "https://contoso.crm9.dynamics.com/",
        TOKEN,
        "https://contoso.crm9.dynamics.com/.default",
        CLIENT,
        SECRET,
    );
    assert_eq!(states(&r), [State::Ok; 5]);
    // GCC High with the .us login is fine; with .com it is not.
    let r = all(
        "https://contoso.crm.microsoftdynamics.us/",
        gov_token,
        "https://contoso.crm.microsoftdynamics.us/.default",
        CLIENT,
        SECRET,
    );
    assert_eq!(states(&r), [State::Ok; 5], "{r:#?}");
    let r = all(
        "https://contoso.crm.dynamics.cn/",
        TOKEN,
        "https://contoso.crm.dynamics.cn/.default",
        CLIENT,
        SECRET,
    );
    assert!(r[1].has("token_url.cloud_mismatch"));
}

#[test]
fn scope_for_another_environment() {
    let r = all(
        WEB,
        TOKEN,
        "https://fabrikam.crm.dynamics.com/.default",
        CLIENT,
        SECRET,
    );
    assert!(r[2].has("scopes.other_environment"));
    assert!(
        r[2].message()
            .contains("https://contoso.crm.dynamics.com/.default"),
        "{}",
        r[2].message()
    );
    // .api. or not, it is the same environment.
    let r = all(
        WEB,
        TOKEN,
        "https://contoso.api.crm.dynamics.com/.default",
        CLIENT,
        SECRET,
    );
    assert_eq!(r[2].state(), State::Ok);
    let r = all(
        "https://contoso.api.crm.dynamics.com/",
        TOKEN,
        SCOPE,
        CLIENT,
        SECRET,
    );
    assert_eq!(r[2].state(), State::Ok);
}

#[test]
fn scope_checked_alone_when_web_api_url_is_empty() {
    let r = all(
        "",
        TOKEN,
        "https://fabrikam.crm.dynamics.com/.default",
        CLIENT,
        SECRET,
    );
    assert_eq!(r[0].state(), State::Empty);
    assert_eq!(r[2].state(), State::Ok);
}

#[test]
fn normalised_values() {
    let r = check_value(
        Rule::WebApiUrl,
        " contoso.crm4.dynamics.com:443/main.aspx?appid=1 ",
    );
    assert_eq!(r.normalized, "https://contoso.crm4.dynamics.com/");
    assert_eq!(r.state(), State::Warning);
    let r = check_value(
        Rule::TokenUrl,
        "https://login.windows.net/contoso.onmicrosoft.com/oauth2/token/",
    );
    assert_eq!(
        r.normalized,
        "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token"
    );
    let r = check_value(Rule::ClientId, "{0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D}");
    assert_eq!(r.normalized, "0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D");
    let r = check_value(Rule::Scopes, "https://contoso.crm.dynamics.com//.Default");
    assert_eq!(r.normalized, "https://contoso.crm.dynamics.com/.default");
    let r = check_value(
        Rule::ClientSecret,
        "abc8Q%7Eabcdefghijklmnopqrstuvwxyz01234567",
    );
    assert_eq!(r.normalized, SECRET);
}

#[test]
fn composes_the_scope_with_one_slash() {
    assert_eq!(
        compose_scope("https://contoso.crm.dynamics.com/").as_deref(),
        Some(SCOPE)
    );
    assert_eq!(
        compose_scope("contoso.crm.dynamics.com").as_deref(),
        Some(SCOPE)
    );
    assert_eq!(
        compose_scope("https://contoso.crm.dynamics.com/main.aspx").as_deref(),
        Some(SCOPE)
    );
    assert_eq!(
        compose_scope("https://contoso.api.crm4.dynamics.com").as_deref(),
        Some("https://contoso.api.crm4.dynamics.com/.default")
    );
    assert_eq!(compose_scope("https://make.powerapps.com/"), None);
    assert_eq!(compose_scope(""), None);
}

#[test]
fn messages_name_the_fix_and_never_repeat_the_secret() {
    let r = check_value(Rule::ClientSecret, CLIENT);
    assert!(
        r.message()
            .contains("That is the Secret ID. Copy the Value column instead")
    );
    for secret in [
        "abc8Q~abcdefghijklmnopqrstuvwxyz0123",
        "abcdefghijklmnopqrstu!",
        "abc8Q~abcdefghij klmnopqrstuvwxyz0123456",
    ] {
        let r = check_value(Rule::ClientSecret, secret);
        assert!(!r.message().contains(secret), "{}", r.message());
        assert!(!r.message().contains(&secret[..10]), "{}", r.message());
    }
    let r = check_value(
        Rule::ClientId,
        "\u{200B}0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
    );
    assert!(
        r.message()
            .contains("Character 1 is a zero-width space (U+200B)"),
        "{}",
        r.message()
    );
    let r = check_value(
        Rule::TokenUrl,
        "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/authorize",
    );
    assert!(
        r.message().contains(
            "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token"
        )
    );
    let r = check_value(
        Rule::Scopes,
        "https://contoso.crm.dynamics.com/user_impersonation",
    );
    assert!(
        r.message()
            .contains("Use: https://contoso.crm.dynamics.com/.default"),
        "{}",
        r.message()
    );
}

#[test]
fn preset_matches_the_design() {
    let p = preset("dynamics-365").expect("preset");
    let ids: Vec<&str> = p.fields.iter().map(|f| f.id).collect();
    assert_eq!(
        ids,
        [
            "web_api_url",
            "token_url",
            "scopes",
            "client_id",
            "client_secret"
        ]
    );
    assert!(p.field("client_secret").is_some_and(|f| f.secret));
    assert_eq!(
        p.field("scopes").and_then(|f| f.composed_from),
        Some("web_api_url")
    );
}
