//! Properties over arbitrary input: nothing panics, normalising is
//! idempotent, and a composed scope always passes the scope rule.

use proptest::prelude::*;
use quire_rules::{Input, Rule, State, check, check_value, compose_scope};

fn any_rule() -> impl Strategy<Value = Rule> {
    prop::sample::select(Rule::ALL.to_vec())
}

/// Strings that look like what readers paste, with the odd broken piece.
fn pasted() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "https://",
        "http://",
        "contoso",
        ".crm",
        "4",
        ".api",
        ".dynamics.com",
        ".us",
        "/",
        "//",
        ".default",
        "login.microsoftonline.com",
        "/oauth2",
        "/v2.0",
        "/token",
        "common",
        "{",
        "}",
        "-",
        "0a1b2c3d",
        "4e5f",
        "Q~",
        "8",
        "%7E",
        "*",
        "\u{2022}",
        "\u{200B}",
        " ",
        "\"",
        "'",
        "\n",
        ":443",
        "?x=1",
        "#",
        "é",
        "\u{2013}",
    ]);
    prop::collection::vec(pieces, 0..12).prop_map(|v| v.concat())
}

proptest! {
    #[test]
    fn nothing_panics(rule in any_rule(), value in any::<String>()) {
        let _ = check_value(rule, &value);
        let _ = compose_scope(&value);
    }

    #[test]
    fn nothing_panics_on_pasted_shapes(values in prop::collection::vec(pasted(), Rule::ALL.len())) {
        let inputs: Vec<Input<'_>> = Rule::ALL.iter().zip(&values).map(|(rule, value)| Input::new(rule.name(), *rule, value)).collect();
        let reports = check(&inputs);
        prop_assert_eq!(reports.len(), Rule::ALL.len());
    }

    #[test]
    fn normalising_is_idempotent(rule in any_rule(), value in pasted()) {
        let first = check_value(rule, &value);
        if first.state() != State::Error && first.state() != State::Empty {
            let second = check_value(rule, &first.normalized);
            prop_assert_eq!(&second.normalized, &first.normalized);
            prop_assert!(second.state() != State::Error, "{:?} -> {:?}", first.normalized, second);
        }
    }

    #[test]
    fn composed_scope_passes(org in "[a-z][a-z0-9-]{0,20}[a-z0-9]", region in prop::sample::select(vec!["", "2", "4", "9", "11", "21"]), api in any::<bool>(), path in "(/[a-z.]{0,8}){0,2}") {
        let web = format!("https://{org}{}.crm{region}.dynamics.com{path}", if api { ".api" } else { "" });
        let scope = compose_scope(&web);
        prop_assert!(scope.is_some(), "{}", web);
        let scope = scope.unwrap_or_default();
        let reports = check(&[
            Input::new("web_api_url", Rule::WebApiUrl, &web),
            Input::new("scopes", Rule::Scopes, &scope),
        ]);
        prop_assert_eq!(reports[1].state(), State::Ok, "{} {:?}", scope, reports[1]);
        prop_assert!(!scope.contains("//.default"));
    }
}

/// The field kinds of a site's own preset, as a preset file declares them.
fn custom_kinds() -> Vec<quire_rules::Custom> {
    use quire_rules::kind::{Alphabet, Kind, Slash};
    let custom = |kind| quire_rules::Custom {
        kind,
        messages: Vec::new(),
    };
    vec![
        custom(Kind::Guid),
        custom(Kind::Url {
            hosts: vec![
                "*.crm.dynamics.com".into(),
                "login.microsoftonline.com".into(),
            ],
            paths: vec!["/oauth2/*".into(), "/".into()],
            slash: Slash::Remove,
        }),
        custom(Kind::Url {
            hosts: Vec::new(),
            paths: Vec::new(),
            slash: Slash::Require,
        }),
        custom(Kind::Secret {
            min: 4,
            max: 60,
            alphabet: Alphabet::Chars("~.-".into()),
            guid: false,
        }),
    ]
}

proptest! {
    #[test]
    fn custom_kinds_never_panic_and_normalise_once(index in 0usize..4, value in pasted(), raw in any::<String>()) {
        let kinds = custom_kinds();
        let custom = &kinds[index];
        let _ = quire_rules::check_custom(custom, &raw);
        let first = quire_rules::check_custom(custom, &value);
        if first.state() != State::Error && first.state() != State::Empty {
            let second = quire_rules::check_custom(custom, &first.normalized);
            prop_assert_eq!(&second.normalized, &first.normalized);
            prop_assert!(second.state() != State::Error, "{:?} -> {:?}", first.normalized, second);
        }
    }

    #[test]
    fn composed_scopes_pass_for_every_entra_preset(host in prop::sample::select(vec!["graph.microsoft.com", "graph.microsoft.us", "dod-graph.microsoft.us", "microsoftgraph.chinacloudapi.cn"]), version in prop::sample::select(vec!["", "/v1.0", "/beta/", "/v1.0/users"]), env in "[A-Z][a-z0-9_-]{0,10}[0-9]") {
        for (rule, source) in [
            (Rule::GraphScope, format!("https://{host}{version}")),
            (Rule::BusinessCentralScope, format!("https://api.businesscentral.dynamics.com/v2.0/{env}/api/v2.0")),
        ] {
            let scope = quire_rules::compose(rule, &source);
            prop_assert!(scope.is_some(), "{}", source);
            let scope = scope.unwrap_or_default();
            prop_assert_eq!(check_value(rule, &scope).state(), State::Ok, "{}", scope);
        }
    }
}
