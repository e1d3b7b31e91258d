//! The Token URL: the tenant's OAuth 2.0 v2 token endpoint, in the right cloud.

use crate::cloud::{Cloud, check_scheme_and_port};
use crate::guid;
use crate::report::{Finding, Report};
use crate::url;

/// What a good Token URL tells the other fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Token {
    /// The cloud of its sign-in host.
    pub cloud: Cloud,
    /// The tenant as written (a GUID or a domain).
    pub tenant: String,
    /// The tenant when it is a GUID, lower case.
    pub tenant_guid: Option<String>,
}

const WHERE: &str = "In the Azure portal, open your app, select Endpoints, and copy the OAuth 2.0 token endpoint (v2).";

fn login_host(host: &str) -> Result<(Cloud, bool), Finding> {
    Ok(match host {
        "login.microsoftonline.com" => (Cloud::Commercial, false),
        "login.microsoftonline.us" => (Cloud::UsGovernment, false),
        "login.partner.microsoftonline.cn" => (Cloud::China, false),
        "login.windows.net" | "login.microsoft.com" => (Cloud::Commercial, true),
        "login.usgovcloudapi.net" | "login-us.microsoftonline.com" => (Cloud::UsGovernment, true),
        "login.chinacloudapi.cn" => (Cloud::China, true),
        "sts.windows.net" => {
            return Err(Finding::error(
                "token_url.issuer",
                format!(
                    "sts.windows.net is the name tokens are issued under, not an address to request them from. {WHERE}"
                ),
            ));
        }
        "login.microsoftonline.de" => {
            return Err(Finding::error(
                "token_url.cloud_deutschland",
                "Microsoft Cloud Deutschland (login.microsoftonline.de) closed in 2021. Use login.microsoftonline.com.",
            ));
        }
        h if h == "b2clogin.com" || h.ends_with(".b2clogin.com") => {
            return Err(Finding::error(
                "token_url.b2c",
                format!(
                    "That is an Azure AD B2C sign-in address, for customers' accounts, not your organisation's tenant. {WHERE}"
                ),
            ));
        }
        other => {
            return Err(Finding::error(
                "token_url.host",
                format!(
                    "`{other}` is not a Microsoft sign-in address. The Token URL starts with https://login.microsoftonline.com/. {WHERE}"
                ),
            ));
        }
    })
}

fn check_tenant(tenant: &str, report: &mut Report) -> Option<(String, Option<String>)> {
    let lower = tenant.to_ascii_lowercase();
    if matches!(lower.as_str(), "common" | "organizations" | "consumers") {
        report.push(Finding::error(
            "token_url.multi_tenant",
            format!("`{tenant}` cannot issue tokens to an app. Put your Directory (tenant) ID there: it is on the app's Overview page. {WHERE}"),
        ));
        return None;
    }
    if guid::is_placeholder(tenant) {
        report.push(Finding::error(
            "token_url.placeholder",
            format!("`{tenant}` is a placeholder. Put your Directory (tenant) ID there: it is on the app's Overview page."),
        ));
        return None;
    }
    if guid::is_guid(tenant) {
        return Some((tenant.to_owned(), Some(lower)));
    }
    if let Some(inner) = guid::unwrap_braces(tenant) {
        report.push(Finding::warning(
            "token_url.tenant_braces",
            if tenant.starts_with('(') {
                "Remove the brackets `(` and `)` around the tenant ID."
            } else {
                "Remove the braces `{` and `}` around the tenant ID."
            },
        ));
        return Some((inner.to_owned(), Some(inner.to_ascii_lowercase())));
    }
    let domain = tenant.contains('.')
        && tenant.split('.').all(url::is_dns_label)
        && tenant
            .rsplit('.')
            .next()
            .is_some_and(|tld| tld.chars().all(|c| c.is_ascii_alphabetic()));
    if domain {
        return Some((lower, None));
    }
    report.push(Finding::error(
        "token_url.tenant",
        format!("`{tenant}` is not a tenant: use your Directory (tenant) ID, a GUID such as 72f988bf-86f1-41af-91ab-2d7cd011db47, or a domain such as contoso.onmicrosoft.com. {WHERE}"),
    ));
    None
}

pub(crate) fn check(value: &str, report: &mut Report) -> Option<Token> {
    let u = url::parse(value);
    if !check_scheme_and_port(
        &u,
        ["token_url.http", "token_url.no_scheme", "token_url.port"],
        report,
    ) {
        return None;
    }
    if u.host.ends_with('.') {
        report.push(Finding::error(
            "token_url.trailing_dot",
            "The address ends with a dot after the host name. Remove it.",
        ));
        return None;
    }
    let (cloud, legacy) = match login_host(&u.host) {
        Ok(found) => found,
        Err(finding) => {
            report.push(finding);
            return None;
        }
    };
    if legacy {
        report.push(Finding::warning(
            "token_url.legacy_host",
            format!(
                "Change `{}` to `{}`: the first is an older name of the sign-in service.",
                u.host,
                cloud.login_host()
            ),
        ));
    }
    let segments: Vec<&str> = u.path.split('/').filter(|s| !s.is_empty()).collect();
    let Some((&tenant, rest)) = segments.split_first() else {
        report.push(Finding::error(
            "token_url.no_tenant",
            format!("The address has no tenant. It looks like https://{}/{{tenant-id}}/oauth2/v2.0/token. {WHERE}", cloud.login_host()),
        ));
        return None;
    };
    let (tenant, tenant_guid) = check_tenant(tenant, report)?;
    let token_url = format!("https://{}/{tenant}/oauth2/v2.0/token", cloud.login_host());
    let rest: Vec<String> = rest.iter().map(|s| s.to_ascii_lowercase()).collect();
    let rest: Vec<&str> = rest.iter().map(String::as_str).collect();
    if let Some(finding) = endpoint(&rest, &token_url, report) {
        report.push(finding);
        return None;
    }
    let trailing_slash = u.path.ends_with('/') && !rest.is_empty();
    if u.query.is_some() || u.fragment.is_some() || trailing_slash {
        // A byte search, not `str::rfind`: the widget stays small.
        let end = value
            .as_bytes()
            .windows("/token".len())
            .rposition(|w| w.eq_ignore_ascii_case(b"/token"))
            .map_or(value.len(), |i| i + "/token".len());
        report.push(Finding::warning(
            "token_url.extra",
            format!(
                "Remove `{}` after `/token`.",
                url::shown(url::slice(value, end..))
            ),
        ));
    }
    report.normalized = token_url;
    report.summary = Some(format!(
        "Token endpoint (v2) of tenant {tenant} in {}.",
        cloud.name()
    ));
    Some(Token {
        cloud,
        tenant,
        tenant_guid,
    })
}

/// The path after the tenant must be the v2 token endpoint; the v1 one is
/// changed with a warning, and any other endpoint is an error.
fn endpoint(rest: &[&str], token_url: &str, report: &mut Report) -> Option<Finding> {
    let what = match rest {
        ["oauth2", "v2.0", "token"] => return None,
        ["oauth2", "token"] => {
            report.push(Finding::warning(
                "token_url.v1",
                "Change `/oauth2/token` to `/oauth2/v2.0/token`: that is the older v1 endpoint, which asks for a resource instead of a scope.",
            ));
            return None;
        }
        [] => {
            return Some(Finding::error(
                "token_url.no_endpoint",
                format!(
                    "That is only the tenant's sign-in address. Use the token endpoint: {token_url}"
                ),
            ));
        }
        [.., "authorize"] => "the authorization endpoint",
        [.., "devicecode"] => "the device code endpoint",
        [.., "logout"] => "the sign-out endpoint",
        [.., "openid-configuration"] => "the OpenID Connect metadata document",
        [.., "keys"] => "the signing keys document",
        ["federationmetadata", ..] => "the federation metadata document",
        ["saml2"] | ["saml2", ..] => "the SAML-P sign-on endpoint",
        ["wsfed"] | ["wsfed", ..] => "the WS-Federation sign-on endpoint",
        _ => "another endpoint",
    };
    Some(Finding::error(
        "token_url.other_endpoint",
        format!("That is {what}, not the token endpoint. Use: {token_url}"),
    ))
}
