//! Salesforce's token endpoint for the OAuth 2.0 client credentials flow:
//! the org's My Domain with `/services/oauth2/token`.

use crate::cloud::check_scheme_and_port;
use crate::report::{Finding, Report};
use crate::url;

const PATH: &str = "/services/oauth2/token";
const EXAMPLE: &str = "https://yourdomain.my.salesforce.com/services/oauth2/token";
const WHERE: &str = "Your My Domain is in Setup > My Domain.";

/// The kinds of org a My Domain host names, by the label before
/// `.my.salesforce.com`.
fn org_kind(label: &str) -> Option<&'static str> {
    Some(match label {
        "sandbox" => "a sandbox",
        "develop" => "a Developer Edition org",
        "scratch" => "a scratch org",
        "demo" => "a demo org",
        "patch" => "a patch org",
        "trailblaze" => "a Trailhead Playground",
        "free" => "a free org",
        _ => return None,
    })
}

/// A Salesforce instance's own host (`na123.salesforce.com`), which
/// Salesforce asks integrations not to use.
fn is_instance(labels: &[&str]) -> bool {
    match labels {
        [instance, "salesforce", "com"] => {
            let digits = instance.trim_start_matches(|c: char| c.is_ascii_lowercase());
            (2..=3).contains(&(instance.len() - digits.len()))
                && !digits.is_empty()
                && digits.chars().all(|c| c.is_ascii_digit())
        }
        _ => false,
    }
}

/// The host's My Domain form, for addresses that name it another way.
fn my_domain_of(labels: &[&str], suffix: usize) -> String {
    // A loop, not `join`: the widget stays small.
    let mut host = String::new();
    for label in &labels[..labels.len() - suffix] {
        host.push_str(label);
        host.push('.');
    }
    host.push_str("my.salesforce.com");
    host
}

/// What the host is: a My Domain (and of which org), or a finding.
fn host_kind(host: &str, report: &mut Report) -> Option<String> {
    let labels: Vec<&str> = host.split('.').collect();
    let use_instead = |host: &str| format!("Use: https://{host}{PATH}");
    match labels.as_slice() {
        [name, "my", "salesforce", "com"] if url::is_dns_label(name) => {
            Some("production org or Developer Edition".to_owned())
        }
        [name, kind, "my", "salesforce", "com"] if url::is_dns_label(name) => {
            match org_kind(kind) {
                Some(kind) => Some((*kind).to_owned()),
                None => {
                    report.push(Finding::warning(
                    "token_url.unknown_domain",
                    format!("`{host}` is not a My Domain form we know. Check it against Setup > My Domain."),
                ));
                    Some("org".to_owned())
                }
            }
        }
        ["login" | "test", "salesforce", "com"] => {
            report.push(Finding::error(
                "token_url.login_host",
                format!("The client credentials flow does not work through {host}: use your org's My Domain. It looks like {EXAMPLE}. {WHERE}"),
            ));
            None
        }
        [.., "lightning", "force", "com"] => {
            report.push(Finding::error(
                "token_url.lightning",
                format!("That is the address of the Lightning app in the browser, not of the My Domain that issues tokens. {}", use_instead(&my_domain_of(&labels, 3))),
            ));
            None
        }
        [.., "my", "salesforce-setup", "com"] => {
            report.push(Finding::error(
                "token_url.setup",
                format!(
                    "That is the address of Setup, not of the My Domain that issues tokens. {}",
                    use_instead(&my_domain_of(&labels, 3))
                ),
            ));
            None
        }
        labels if is_instance(labels) => {
            report.push(Finding::warning(
                "token_url.instance",
                format!("`{host}` is an instance's address, which can change when Salesforce moves your org. Use your My Domain instead. {WHERE}"),
            ));
            Some("org (by its instance)".to_owned())
        }
        [.., "my", "site", "com"] | [.., "force", "com"] => {
            report.push(Finding::warning(
                "token_url.site",
                format!("`{host}` is an Experience Cloud site. For the client credentials flow use your org's My Domain. {WHERE}"),
            ));
            Some("Experience Cloud site".to_owned())
        }
        [.., "microsoftonline", _] => {
            report.push(Finding::error(
                "token_url.host",
                format!("That is Microsoft's sign-in address, not Salesforce's. It looks like {EXAMPLE}."),
            ));
            None
        }
        [.., "salesforce", "com"] => {
            report.push(Finding::error(
                "token_url.host",
                format!("`{host}` does not issue tokens. Use your org's My Domain: it looks like {EXAMPLE}. {WHERE}"),
            ));
            None
        }
        labels if labels.len() >= 2 && labels.iter().all(|l| url::is_dns_label(l)) => {
            report.push(Finding::warning(
                "token_url.custom_domain",
                format!("`{host}` is not a Salesforce address. If it is your org's custom domain, check that it serves Salesforce's sign-in; otherwise use your My Domain. {WHERE}"),
            ));
            Some("org on a custom domain".to_owned())
        }
        _ => {
            report.push(Finding::error(
                "token_url.host",
                format!("`{host}` is not a host name. It looks like {EXAMPLE}."),
            ));
            None
        }
    }
}

/// Checks a Salesforce token URL.
pub(crate) fn check(value: &str, report: &mut Report) -> bool {
    let u = url::parse(value);
    if !check_scheme_and_port(
        &u,
        ["token_url.http", "token_url.no_scheme", "token_url.port"],
        report,
    ) {
        return false;
    }
    let Some(kind) = host_kind(&u.host, report) else {
        return false;
    };
    let token_url = format!("https://{}{PATH}", u.host);
    let path = u.path.to_ascii_lowercase();
    let path = path.trim_end_matches('/');
    match path {
        "/services/oauth2/token" => {}
        "" => report.push(Finding::warning(
            "token_url.no_endpoint",
            format!("Add `{PATH}` at the end: that is the token endpoint of your My Domain."),
        )),
        "/services/oauth2/authorize"
        | "/services/oauth2/revoke"
        | "/services/oauth2/userinfo"
        | "/services/oauth2/introspect" => {
            report.push(Finding::error(
                "token_url.other_endpoint",
                format!("That is another OAuth endpoint, not the token endpoint. Use: {token_url}"),
            ));
            return false;
        }
        _ => {
            report.push(Finding::error(
                "token_url.path",
                format!("The token endpoint's path is `{PATH}`. Use: {token_url}"),
            ));
            return false;
        }
    }
    let trailing = u.path.len() > 1 && u.path.ends_with('/');
    if u.query.is_some() || u.fragment.is_some() || trailing {
        let rest = url::after_authority(value);
        let end = rest
            .bytes()
            .position(|b| matches!(b, b'?' | b'#'))
            .unwrap_or(rest.len());
        let end = url::slice(rest, ..end).trim_end_matches('/').len();
        report.push(Finding::warning(
            "token_url.extra",
            format!(
                "Remove `{}` after `/token`.",
                url::shown(url::slice(rest, end..))
            ),
        ));
    }
    report.normalized = token_url;
    report.summary = Some(format!(
        "Token endpoint of the My Domain {} ({kind}).",
        u.host
    ));
    true
}
