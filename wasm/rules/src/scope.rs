//! Scopes: exactly `https://{environment}/.default`, composed for the reader.

use crate::environment::{self, Environment};
use crate::report::{Finding, Report};
use crate::url;

/// The scope for an environment: its origin + `/.default`, one slash.
pub(crate) fn compose(env: &Environment) -> String {
    format!("https://{}/.default", env.host)
}

fn offer(host: Option<&str>) -> String {
    match host {
        Some(host) => format!(" Use: https://{host}/.default"),
        None => " It looks like https://yourorg.crm.dynamics.com/.default.".to_owned(),
    }
}

/// Checks the scope; `env` is the Web API URL's environment, when known.
pub(crate) fn check(
    value: &str,
    env: Option<&Environment>,
    report: &mut Report,
) -> Option<Environment> {
    let env_host = env.map(|e| e.host.as_str());
    let u = url::parse(value);
    let found = one_resource(value, env_host).or_else(|| scheme(&u, env_host));
    if let Some(finding) = found {
        report.push(finding);
        return None;
    }
    let scope_env = match environment::parse_host(&u.host) {
        Ok(e) => e,
        Err(mut finding) => {
            finding.code = "scopes.host";
            finding.message = format!(
                "The scope's address is not a Dynamics 365 environment.{}",
                offer(env_host)
            );
            report.push(finding);
            return None;
        }
    };
    let host = scope_env.host.clone();
    if let Some(finding) = extras(&u, &host).or_else(|| default_suffix(&u, &host, report)) {
        report.push(finding);
        return None;
    }
    if let Some(env) = env
        && env.id != scope_env.id
    {
        report.push(Finding::error(
            "scopes.other_environment",
            format!(
                "This scope is for {}, but the Web API URL is {}. They must name the same environment.{}",
                scope_env.host,
                env.host,
                offer(Some(&env.host))
            ),
        ));
    }
    report.normalized = compose(&scope_env);
    report.summary = Some(format!("Scope for the environment {}.", scope_env.host));
    Some(scope_env)
}

/// Exactly one scope, and one that names a resource.
fn one_resource(value: &str, env_host: Option<&str>) -> Option<Finding> {
    let tokens: Vec<&str> = value
        .split([' ', ',', '\t'])
        .filter(|t| !t.is_empty())
        .collect();
    if tokens.len() > 1 {
        let own = tokens
            .iter()
            .find_map(|t| environment::parse_host(&url::parse(t).host).ok());
        let host = own.as_ref().map(|e| e.host.as_str()).or(env_host);
        return Some(Finding::error(
            "scopes.several",
            format!(
                "Give exactly one scope. `offline_access`, `openid` and a second resource cannot be combined with an app's `/.default` scope.{}",
                offer(host)
            ),
        ));
    }
    let lower = value.to_ascii_lowercase();
    matches!(
        lower.as_str(),
        "offline_access"
            | "openid"
            | "profile"
            | "email"
            | "user_impersonation"
            | ".default"
            | "/.default"
    )
    .then(|| {
        Finding::error(
            "scopes.not_resource",
            format!(
                "That is not a scope an app can use on its own.{}",
                offer(env_host)
            ),
        )
    })
}

/// `https://`, and nothing else.
fn scheme(u: &url::Url, env_host: Option<&str>) -> Option<Finding> {
    match u.scheme.as_deref() {
        Some("https") => None,
        Some("http") => Some(Finding::error(
            "scopes.http",
            format!("The scope starts with http://.{}", offer(env_host)),
        )),
        Some(_) => Some(Finding::error(
            "scopes.scheme",
            format!("The scope must start with https://.{}", offer(env_host)),
        )),
        None => {
            let host = environment::parse_host(&u.host).ok();
            Some(Finding::error(
                "scopes.no_scheme",
                format!(
                    "The scope is missing https:// at the start.{}",
                    offer(host.as_ref().map(|e| e.host.as_str()).or(env_host))
                ),
            ))
        }
    }
}

/// No port, query, fragment or named permission.
fn extras(u: &url::Url, host: &str) -> Option<Finding> {
    if u.port.is_some() {
        return Some(Finding::error(
            "scopes.port",
            format!("The scope must not have a port.{}", offer(Some(host))),
        ));
    }
    if u.query.is_some() || u.fragment.is_some() {
        return Some(Finding::error(
            "scopes.query",
            format!(
                "The scope must not have a `?` or `#` part.{}",
                offer(Some(host))
            ),
        ));
    }
    let path_lower = u.path.to_ascii_lowercase();
    url::find(&path_lower, "user_impersonation").is_some().then(|| {
        Finding::error(
            "scopes.named_permission",
            format!("`user_impersonation` is a permission for signed-in people; an app uses `/.default`.{}", offer(Some(host))),
        )
    })
}

/// The path is `/.default`: a double slash or upper case is fixed with a
/// warning, anything else is an error.
fn default_suffix(u: &url::Url, host: &str, report: &mut Report) -> Option<Finding> {
    let path_lower = u.path.to_ascii_lowercase();
    match u.path.as_str() {
        "/.default" => None,
        "//.default" => {
            report.push(Finding::warning(
                "scopes.double_slash",
                "Remove the extra `/` before `.default`.",
            ));
            None
        }
        _ if path_lower == "/.default" || path_lower == "//.default" => {
            let written = url::slice(&u.path, u.path.len().saturating_sub(".default".len())..);
            report.push(Finding::warning(
                "scopes.case",
                format!("Change `{written}` to `.default`: it is written in lower case."),
            ));
            None
        }
        _ if path_lower.ends_with("/.default") => Some(Finding::error(
            "scopes.path",
            format!(
                "The scope has a path before `/.default`: use the environment's address alone.{}",
                offer(Some(host))
            ),
        )),
        _ => Some(Finding::error(
            "scopes.no_default",
            format!("The scope must end in `/.default`.{}", offer(Some(host))),
        )),
    }
}
