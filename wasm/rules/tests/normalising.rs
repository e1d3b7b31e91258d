//! Every rule that rewrites a value says exactly what it rewrites: the
//! parts a message quotes are the parts that differ between what the
//! reader pasted and the value offered instead (RULES.md, "Verdicts").

use quire_rules::{Rule, Severity, check_value};

use Rule::*;

const TENANT: &str = "72f988bf-86f1-41af-91ab-2d7cd011db47";

/// (rule, pasted value, the finding that rewrites it). One per rewriting
/// finding code, each the only rewrite of its value.
fn cases() -> Vec<(Rule, String, &'static str)> {
    let token = |rest: &str| format!("https://login.microsoftonline.com/{TENANT}{rest}");
    vec![
        (
            ClientId,
            "\"0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d\"".into(),
            "common.quotes",
        ),
        (
            ClientId,
            "'0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d'".into(),
            "common.quotes",
        ),
        (
            ClientId,
            "`0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d`".into(),
            "common.quotes",
        ),
        (
            ClientId,
            "  0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d\n".into(),
            "common.whitespace",
        ),
        (
            ClientId,
            "urn:uuid:0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d".into(),
            "client_id.prefix",
        ),
        (
            ClientId,
            "api://0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d".into(),
            "client_id.prefix",
        ),
        (
            ClientId,
            "{0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d}".into(),
            "client_id.braces",
        ),
        (
            ClientId,
            "0a1b2c3d4e5f4a6b8c7d9e0f1a2b3c4d".into(),
            "client_id.no_hyphens",
        ),
        (
            WebApiUrl,
            "contoso.crm.dynamics.com/".into(),
            "web_api_url.no_scheme",
        ),
        (
            WebApiUrl,
            "https://contoso.crm.dynamics.com:443/".into(),
            "web_api_url.port",
        ),
        (
            WebApiUrl,
            "https://contoso.crm.dynamics.com//".into(),
            "web_api_url.path",
        ),
        (
            WebApiUrl,
            "https://contoso.crm.dynamics.com/api/data/v9.2".into(),
            "web_api_url.path",
        ),
        (
            WebApiUrl,
            "https://contoso.api.crm4.dynamics.com/api/data/v9.2/".into(),
            "web_api_url.path",
        ),
        (
            WebApiUrl,
            "https://contoso.crm.dynamics.com/main.aspx?appid=1".into(),
            "web_api_url.path",
        ),
        (
            WebApiUrl,
            "https://contoso.crm.dynamics.com/?x=1#top".into(),
            "web_api_url.path",
        ),
        (TokenUrl, token("/oauth2/token"), "token_url.v1"),
        (TokenUrl, token("/oauth2/v2.0/token/"), "token_url.extra"),
        (TokenUrl, token("/oauth2/v2.0/token?x=1"), "token_url.extra"),
        (
            TokenUrl,
            format!("https://login.windows.net/{TENANT}/oauth2/v2.0/token"),
            "token_url.legacy_host",
        ),
        (
            TokenUrl,
            format!("https://login.microsoftonline.com/{{{TENANT}}}/oauth2/v2.0/token"),
            "token_url.tenant_braces",
        ),
        (
            Scopes,
            "https://contoso.crm.dynamics.com//.default".into(),
            "scopes.double_slash",
        ),
        (
            Scopes,
            "https://contoso.crm.dynamics.com/.DEFAULT".into(),
            "scopes.case",
        ),
        (
            Scopes,
            "https://contoso.api.crm.dynamics.com//.default".into(),
            "scopes.double_slash",
        ),
        (
            ClientSecret,
            "Xy.8Q%7EAbC-dEf_GhI.jKl~MnO-pQr_StU.vWx~yZ".into(),
            "client_secret.percent_encoded",
        ),
    ]
}

/// The parts of `message` written as inline code.
fn quoted(message: &str) -> Vec<&str> {
    message.split('`').skip(1).step_by(2).collect()
}

/// What `before` loses and what `after` gains, around their common start
/// and end.
fn difference<'a>(before: &'a str, after: &'a str) -> (&'a str, &'a str) {
    let start = before
        .bytes()
        .zip(after.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    let end = before[start..]
        .bytes()
        .rev()
        .zip(after[start..].bytes().rev())
        .take_while(|(a, b)| a == b)
        .count();
    (
        &before[start..before.len() - end],
        &after[start..after.len() - end],
    )
}

/// Whether removing each of `parts` once, in order, turns `input` into
/// `output`.
fn removes_to(input: &str, parts: &[&str], output: &str) -> bool {
    let mut rest = input.to_owned();
    let mut from = 0;
    for part in parts {
        let Some(at) = rest[from..].find(part) else {
            return false;
        };
        rest.replace_range(from + at..from + at + part.len(), "");
        from += at;
    }
    parts.len() > 1 && rest == output
}

#[test]
fn each_rewrite_names_exactly_what_it_changes() {
    let mut failures = Vec::new();
    for (rule, input, code) in cases() {
        let report = check_value(rule, &input);
        let Some(finding) = report.findings.iter().find(|f| f.code == code) else {
            failures.push(format!("{input:?}: no {code}, got {:?}", report.findings));
            continue;
        };
        assert_eq!(finding.severity, Severity::Warning, "{code}");
        let output = report.normalized.as_str();
        assert_ne!(output, input, "{code}: {input:?} was not rewritten");
        let parts = quoted(&finding.message);
        let fail = |why: &str| {
            format!(
                "{code} {input:?} -> {output:?}: {why}: {:?}",
                finding.message
            )
        };
        if let Some(inner) = input
            .trim()
            .find(output)
            .map(|i| (i, &input.trim()[..i], &input.trim()[i + output.len()..]))
        {
            // Something around the value went: each end that went is quoted
            // (a backtick by name, as it cannot be shown in inline code).
            let (_, head, tail) = inner;
            if code == "common.whitespace" || head.is_empty() && tail.is_empty() {
                continue;
            }
            let named = |end: &str| {
                end.is_empty()
                    || parts.contains(&end)
                    || (end == "`" && finding.message.contains("backticks"))
            };
            if !named(head) || !named(tail) {
                failures.push(fail("the removed ends are not the quoted parts"));
            }
            // Nothing else is quoted as removed.
            if parts
                .iter()
                .any(|p| *p != head && *p != tail && !matches!(*p, "/token"))
            {
                failures.push(fail("quotes a part that was not removed"));
            }
            continue;
        }
        let (removed, added) = difference(&input, output);
        if removed.is_empty() {
            // Only added: "Add `x`", or "Change `a` to `b`" where `b` is
            // `a` with what was added.
            let add = parts.first().is_some_and(|q| *q == added);
            let change = matches!(parts.as_slice(), [a, b, ..]
                if input.contains(a) && output.contains(b) && b.contains(added)
                    && b.len() <= added.len() + 14 && b.replacen(added, "", 1) == *a);
            if !add && !change {
                failures.push(fail(&format!("does not quote what was added ({added:?})")));
            }
            continue;
        }
        if removes_to(&input, &parts, output) {
            // Several parts went (a pair of braces): each is quoted.
            continue;
        }
        match parts.as_slice() {
            // Hyphens go in four places: the message says so in words.
            [] if code == "client_id.no_hyphens" => assert_eq!(output.replace('-', ""), input),
            // A message never quotes any part of a secret.
            [] if code == "client_secret.percent_encoded" => {}
            [] => failures.push(fail("quotes nothing")),
            [first, rest @ ..] => {
                // The first quote is the part that goes: in the input,
                // covering what was removed, and not much more.
                if !input.contains(first)
                    || !first.contains(removed)
                    || first.len() > removed.len() + 14
                {
                    failures.push(fail(&format!("first quote is not what goes ({removed:?})")));
                }
                // A second quote is what comes instead.
                if !added.is_empty() {
                    match rest.first() {
                        Some(second) if output.contains(second) && second.contains(added) => {}
                        _ => failures
                            .push(fail(&format!("no quote of what comes instead ({added:?})"))),
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The `.api.` form of an environment keeps its name everywhere: in the
/// message, the value to copy and the composed scope.
#[test]
fn an_api_host_is_named_as_it_was_given() {
    let url = "https://contoso.api.crm.dynamics.com/";
    let report = check_value(WebApiUrl, url);
    assert_eq!(report.normalized, url);
    let scope = quire_rules::compose_scope(url).expect("composed");
    assert_eq!(scope, "https://contoso.api.crm.dynamics.com/.default");
    let report = check_value(Scopes, &scope);
    assert!(
        report.message().contains("contoso.api.crm.dynamics.com"),
        "{}",
        report.message()
    );
}
