//! Dynamics 365 Business Central: the API's address (its one host, the
//! tenant and the environment) and the company's id.

use crate::cloud::check_scheme_and_port;
use crate::guid;
use crate::report::{Finding, Report};
use crate::url;

/// The host of Business Central's API, for every tenant.
pub(crate) const API_HOST: &str = "api.businesscentral.dynamics.com";

const EXAMPLE: &str =
    "https://api.businesscentral.dynamics.com/v2.0/{tenant-id}/Production/api/v2.0";
const WHERE: &str =
    "Your environment's name is in the Business Central admin center > Environments.";

/// What a good API address tells the other fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Api {
    /// The tenant, when the address names one (lower case).
    pub tenant: Option<String>,
    /// The environment's name.
    pub environment: String,
}

/// The API address for a tenant (if any) and an environment.
fn api_url(tenant: Option<&str>, environment: &str) -> String {
    match tenant {
        Some(tenant) => format!("https://{API_HOST}/v2.0/{tenant}/{environment}/api/v2.0"),
        None => format!("https://{API_HOST}/v2.0/{environment}/api/v2.0"),
    }
}

/// Whether a path segment is a tenant: a GUID or a domain.
fn is_tenant(segment: &str) -> bool {
    guid::is_guid(segment) || (segment.contains('.') && segment.split('.').all(url::is_dns_label))
}

/// Checks an environment's name.
fn check_environment(name: &str) -> Result<(), Finding> {
    if guid::is_placeholder(name) || name.eq_ignore_ascii_case("environment") {
        return Err(Finding::error(
            "api_url.placeholder",
            format!(
                "`{name}` is a placeholder. Put your environment's name there, such as Production. {WHERE}"
            ),
        ));
    }
    let valid = name.len() < 30
        && name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if valid {
        return Ok(());
    }
    Err(Finding::error(
        "api_url.environment",
        format!(
            "`{name}` cannot be an environment's name: those start with a letter, have fewer than 30 characters, and only letters, digits, `_` and `-`. {WHERE}"
        ),
    ))
}

/// The browser's address of Business Central, or a Dataverse one, pasted
/// instead of the API's.
fn wrong_host(u: &url::Url) -> Finding {
    let segments: Vec<&str> = u.path.split('/').filter(|s| !s.is_empty()).collect();
    let labels: Vec<&str> = u.host.split('.').collect();
    match labels.as_slice() {
        ["businesscentral", "dynamics", "com"] => {
            let offer = match segments.as_slice() {
                [tenant, env, ..] if is_tenant(tenant) => api_url(Some(tenant), env),
                [env, ..] if !is_tenant(env) => api_url(None, env),
                _ => EXAMPLE.to_owned(),
            };
            Finding::error(
                "api_url.web_client",
                format!(
                    "That is the address of Business Central in the browser, not of its API. Use: {offer}"
                ),
            )
        }
        [.., crm, "dynamics", "com"] if crm.starts_with("crm") => Finding::error(
            "api_url.dynamics",
            format!(
                "`{}` is a Dynamics 365 (Dataverse) environment, not Business Central. Business Central's API address looks like {EXAMPLE}. For a Dataverse environment, follow the Dynamics 365 guide instead.",
                u.host
            ),
        ),
        _ => Finding::error(
            "api_url.host",
            format!(
                "`{}` is not Business Central's API. Its address looks like {EXAMPLE}.",
                u.host
            ),
        ),
    }
}

/// Checks an API address; what it tells when it is one.
pub(crate) fn check(value: &str, report: &mut Report) -> Option<Api> {
    let u = url::parse(value);
    if !check_scheme_and_port(
        &u,
        ["api_url.http", "api_url.no_scheme", "api_url.port"],
        report,
    ) {
        return None;
    }
    if u.host != API_HOST {
        report.push(wrong_host(&u));
        return None;
    }
    let segments: Vec<&str> = u.path.split('/').filter(|s| !s.is_empty()).collect();
    let (tenant, environment, rest) = match segments.as_slice() {
        [v, tenant, env, rest @ ..]
            if v.eq_ignore_ascii_case("v2.0")
                && (is_tenant(tenant)
                    || (guid::is_placeholder(tenant) && !env.eq_ignore_ascii_case("api"))) =>
        {
            (Some(*tenant), *env, rest)
        }
        [v, env, rest @ ..] if v.eq_ignore_ascii_case("v2.0") => (None, *env, rest),
        [v, ..] if !v.eq_ignore_ascii_case("v2.0") => {
            report.push(Finding::error(
                "api_url.version",
                format!("The address goes on with `/v2.0/` after the host, where this has `/{v}/`. It looks like {EXAMPLE}."),
            ));
            return None;
        }
        _ => {
            report.push(Finding::error(
                "api_url.no_environment",
                format!("The address stops before the environment's name. It looks like {EXAMPLE}. {WHERE}"),
            ));
            return None;
        }
    };
    if let Some(tenant) = tenant
        && guid::is_placeholder(tenant)
    {
        report.push(Finding::error(
            "api_url.placeholder",
            format!("`{tenant}` is a placeholder. Put your Directory (tenant) ID there: it is on the app's Overview page in the Azure portal."),
        ));
        return None;
    }
    if let Err(finding) = check_environment(environment) {
        report.push(finding);
        return None;
    }
    let standard = match rest {
        [] => {
            report.push(Finding::warning(
                "api_url.no_api",
                "Add `/api/v2.0` at the end: the API URL goes on after the environment's name.",
            ));
            true
        }
        [api, version, ..]
            if api.eq_ignore_ascii_case("api") && version.eq_ignore_ascii_case("v2.0") =>
        {
            true
        }
        [api, _publisher, _group, version]
            if api.eq_ignore_ascii_case("api") && version.starts_with(['v', 'V']) =>
        {
            false
        }
        [odata, ..] if odata.eq_ignore_ascii_case("odatav4") => {
            report.push(Finding::error(
                "api_url.odata",
                format!(
                    "That is the OData web services address. This connection uses the API: {}",
                    api_url(tenant, environment)
                ),
            ));
            return None;
        }
        _ => {
            report.push(Finding::error(
                "api_url.path",
                format!(
                    "After the environment's name comes `/api/v2.0`. Use: {}",
                    api_url(tenant, environment)
                ),
            ));
            return None;
        }
    };
    let normalized = if standard {
        api_url(tenant, environment)
    } else {
        let path = u.path.trim_end_matches('/');
        format!("https://{API_HOST}{path}")
    };
    if (rest.len() > 2 && standard) || u.query.is_some() || u.fragment.is_some() {
        let keep = url::find(&value.to_ascii_lowercase(), "/api/v2.0")
            .map_or(0, |i| i + "/api/v2.0".len());
        let keep = if standard {
            keep
        } else {
            value.len() - url::after_authority(value).len() + u.path.len()
        };
        report.push(Finding::warning(
            "api_url.extra",
            format!(
                "Remove `{}`: the API URL ends at `/api/v2.0`, and the connection adds the rest.",
                url::shown(url::slice(value, keep..))
            ),
        ));
    }
    report.normalized = normalized;
    report.summary = Some(match tenant {
        Some(tenant) => {
            format!("Business Central API of the environment {environment}, tenant {tenant}.")
        }
        None => format!("Business Central API of the environment {environment}."),
    });
    Some(Api {
        tenant: tenant.map(str::to_ascii_lowercase),
        environment: environment.to_owned(),
    })
}

/// Checks a company's id: a GUID, as the API names companies.
pub(crate) fn check_company(value: &str, report: &mut Report) {
    if guid::is_placeholder(value) {
        report.push(Finding::error(
            "company_id.placeholder",
            format!("`{value}` is a placeholder. Put your company's id there: `GET …/api/v2.0/companies` lists them."),
        ));
        return;
    }
    match guid::read(value, ["company_id.form", "company_id.form"], report) {
        Some(id) => {
            report.normalized = id;
            report.summary = Some("Looks like a company's id.".to_owned());
        }
        None => report.push(Finding::warning(
            "company_id.not_guid",
            "The API names a company by its id, a GUID such as 0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d, not by its name. `GET …/api/v2.0/companies` lists the ids.",
        )),
    }
}
