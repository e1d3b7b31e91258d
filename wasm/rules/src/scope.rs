//! Scopes: exactly `https://{environment}/.default`, composed for the reader.

use crate::environment::{self, Environment};
use crate::report::{Finding, Report};
use crate::url;

/// The scope for an environment: its origin + `/.default`, one slash.
pub fn compose(env: &Environment) -> String {
    format!("https://{}/.default", env.host)
}

fn offer(host: Option<&str>) -> String {
    match host {
        Some(host) => format!(" Use: https://{host}/.default"),
        None => " It looks like https://yourorg.crm.dynamics.com/.default.".to_owned(),
    }
}

/// Checks the scope; `env` is the Web API URL's environment, when known.
pub fn check(value: &str, env: Option<&Environment>, report: &mut Report) -> Option<Environment> {
    let env_host = env.map(|e| e.host.as_str());
    let tokens: Vec<&str> = value
        .split([' ', ',', '\t'])
        .filter(|t| !t.is_empty())
        .collect();
    if tokens.len() > 1 {
        let own = tokens
            .iter()
            .find_map(|t| environment::parse_host(&url::parse(t).host).ok());
        let host = own.as_ref().map(|e| e.host.as_str()).or(env_host);
        report.push(Finding::error(
            "scopes.several",
            format!("Give exactly one scope. `offline_access`, `openid` and a second resource cannot be combined with an app's `/.default` scope.{}", offer(host)),
        ));
        return None;
    }
    let lower = value.to_ascii_lowercase();
    if matches!(
        lower.as_str(),
        "offline_access"
            | "openid"
            | "profile"
            | "email"
            | "user_impersonation"
            | ".default"
            | "/.default"
    ) {
        report.push(Finding::error(
            "scopes.not_resource",
            format!(
                "That is not a scope an app can use on its own.{}",
                offer(env_host)
            ),
        ));
        return None;
    }
    let u = url::parse(value);
    match u.scheme.as_deref() {
        Some("https") => {}
        Some("http") => {
            report.push(Finding::error(
                "scopes.http",
                format!("The scope starts with http://.{}", offer(env_host)),
            ));
            return None;
        }
        Some(_) => {
            report.push(Finding::error(
                "scopes.scheme",
                format!("The scope must start with https://.{}", offer(env_host)),
            ));
            return None;
        }
        None => {
            let host = environment::parse_host(&u.host).ok();
            report.push(Finding::error(
                "scopes.no_scheme",
                format!(
                    "The scope is missing https:// at the start.{}",
                    offer(host.as_ref().map(|e| e.host.as_str()).or(env_host))
                ),
            ));
            return None;
        }
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
    if u.port.is_some() {
        report.push(Finding::error(
            "scopes.port",
            format!("The scope must not have a port.{}", offer(Some(&host))),
        ));
        return None;
    }
    if u.query.is_some() || u.fragment.is_some() {
        report.push(Finding::error(
            "scopes.query",
            format!(
                "The scope must not have a `?` or `#` part.{}",
                offer(Some(&host))
            ),
        ));
        return None;
    }
    let path_lower = u.path.to_ascii_lowercase();
    if url::find(&path_lower, "user_impersonation").is_some() {
        report.push(Finding::error(
            "scopes.named_permission",
            format!("`user_impersonation` is a permission for signed-in people; an app uses `/.default`.{}", offer(Some(&host))),
        ));
        return None;
    }
    match u.path.as_str() {
        "/.default" => {}
        "//.default" => report.push(Finding::warning(
            "scopes.double_slash",
            "Removed the double slash before `.default`.",
        )),
        _ if path_lower == "/.default" || path_lower == "//.default" => {
            report.push(Finding::warning(
                "scopes.case",
                "Changed `.default` to lower case.",
            ));
        }
        _ if path_lower.ends_with("/.default") => {
            report.push(Finding::error(
                "scopes.path",
                format!("The scope has a path before `/.default`: use the environment's address alone.{}", offer(Some(&host))),
            ));
            return None;
        }
        _ => {
            report.push(Finding::error(
                "scopes.no_default",
                format!("The scope must end in `/.default`.{}", offer(Some(&host))),
            ));
            return None;
        }
    }
    if let Some(env) = env
        && env.id != scope_env.id
    {
        report.push(Finding::error(
            "scopes.other_environment",
            format!(
                "This scope is for {}, but the Web API URL is {}. They must name the same environment.{}",
                scope_env.id,
                env.id,
                offer(Some(&env.host))
            ),
        ));
    }
    report.normalized = compose(&scope_env);
    report.summary = Some(format!("Scope for the environment {}.", scope_env.id));
    Some(scope_env)
}
