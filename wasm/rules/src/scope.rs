//! Scopes: exactly one `https://{resource}/.default`, composed for the
//! reader. Shared by the Microsoft Entra presets; each names its resource
//! (a Dynamics 365 environment, Business Central, Microsoft Graph).

use crate::report::{Finding, Report};
use crate::url;

/// The API a scope asks for a token to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Resource {
    /// A Dataverse environment: its own host.
    #[cfg(feature = "dynamics")]
    Dynamics,
    /// Business Central's API: one host for every tenant.
    #[cfg(feature = "business-central")]
    BusinessCentral,
    /// Microsoft Graph: one host per cloud.
    #[cfg(feature = "graph")]
    Graph,
}

/// The resource as another field named it: the host to offer, and what
/// identifies it (the `.api.` form of an environment is the same one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Named {
    pub host: String,
    pub id: String,
}

impl Resource {
    /// The resource a scope's host names, or `None` when it names none of
    /// this kind.
    fn parse(self, host: &str) -> Option<Named> {
        match self {
            #[cfg(feature = "dynamics")]
            Resource::Dynamics => crate::environment::parse_host(host).ok().map(|e| Named {
                host: e.host,
                id: e.id,
            }),
            #[cfg(feature = "business-central")]
            Resource::BusinessCentral => {
                (host == crate::business_central::API_HOST).then(|| Named {
                    host: host.to_owned(),
                    id: host.to_owned(),
                })
            }
            #[cfg(feature = "graph")]
            Resource::Graph => crate::graph::cloud_of(host).map(|_| Named {
                host: host.to_owned(),
                id: host.to_owned(),
            }),
        }
    }

    /// What a right scope looks like, when no other field tells.
    fn example(self) -> &'static str {
        match self {
            #[cfg(feature = "dynamics")]
            Resource::Dynamics => "https://yourorg.crm.dynamics.com/.default",
            #[cfg(feature = "business-central")]
            Resource::BusinessCentral => "https://api.businesscentral.dynamics.com/.default",
            #[cfg(feature = "graph")]
            Resource::Graph => "https://graph.microsoft.com/.default",
        }
    }

    /// The resource's name for readers.
    fn name(self) -> &'static str {
        match self {
            #[cfg(feature = "dynamics")]
            Resource::Dynamics => "a Dynamics 365 environment",
            #[cfg(feature = "business-central")]
            Resource::BusinessCentral => "Business Central",
            #[cfg(feature = "graph")]
            Resource::Graph => "Microsoft Graph",
        }
    }

    /// The field whose address the scope must match.
    fn source(self) -> &'static str {
        match self {
            #[cfg(feature = "dynamics")]
            Resource::Dynamics => "the Web API URL",
            #[cfg(feature = "business-central")]
            Resource::BusinessCentral => "the API URL",
            #[cfg(feature = "graph")]
            Resource::Graph => "the Graph endpoint",
        }
    }

    /// What the scope and its source field must both name.
    fn unit(self) -> &'static str {
        match self {
            #[cfg(feature = "dynamics")]
            Resource::Dynamics => "environment",
            #[cfg(feature = "business-central")]
            Resource::BusinessCentral => "API",
            #[cfg(feature = "graph")]
            Resource::Graph => "cloud's Graph host",
        }
    }

    /// The resource's host when it is the same for everyone.
    pub(crate) fn fixed(self) -> Option<Named> {
        match self {
            #[cfg(feature = "business-central")]
            Resource::BusinessCentral => self.parse(crate::business_central::API_HOST),
            #[allow(unreachable_patterns)]
            _ => None,
        }
    }
}

/// Another Microsoft API a host belongs to, named, for a scope pasted
/// from another guide.
fn other_api(host: &str) -> Option<&'static str> {
    let labels: Vec<&str> = host.split('.').collect();
    Some(match labels.as_slice() {
        ["api", "businesscentral", "dynamics", "com"] => "Business Central",
        [.., crm, "dynamics", "com"] if crm.starts_with("crm") => "a Dynamics 365 environment",
        ["graph", "microsoft", "com" | "us"]
        | ["dod-graph", "microsoft", "us"]
        | ["microsoftgraph", "chinacloudapi", "cn"] => "Microsoft Graph",
        ["management", "azure", "com"] => "Azure Resource Manager",
        _ => return None,
    })
}

/// The scope for a resource's host: its origin + `/.default`, one slash.
pub(crate) fn compose(host: &str) -> String {
    format!("https://{host}/.default")
}

fn offer(resource: Resource, host: Option<&str>) -> String {
    match host {
        Some(host) => format!(" Use: {}", compose(host)),
        None => format!(" It looks like {}.", resource.example()),
    }
}

/// Checks the scope of `resource`; `named` is the resource as another
/// field gave it, when known.
pub(crate) fn check(
    value: &str,
    resource: Resource,
    named: Option<&Named>,
    report: &mut Report,
) -> Option<Named> {
    let named_host = named.map(|e| e.host.as_str());
    let u = url::parse(value);
    let found =
        one_resource(value, resource, named_host).or_else(|| scheme(&u, resource, named_host));
    if let Some(finding) = found {
        report.push(finding);
        return None;
    }
    let Some(scope) = resource.parse(&u.host) else {
        let message = match other_api(&u.host) {
            Some(other) => format!(
                "This scope is for {other}, and this app calls {}.",
                resource.name()
            ),
            None => format!("The scope's address is not {}.", resource.name()),
        };
        report.push(Finding::error(
            "scopes.host",
            message + &offer(resource, named_host),
        ));
        return None;
    };
    let host = scope.host.clone();
    if let Some(finding) =
        extras(&u, resource, &host).or_else(|| default_suffix(&u, resource, &host, report))
    {
        report.push(finding);
        return None;
    }
    if let Some(named) = named
        && named.id != scope.id
    {
        report.push(Finding::error(
            "scopes.other_environment",
            format!(
                "This scope is for {}, but {} is {}. They must name the same {}.{}",
                scope.host,
                resource.source(),
                named.host,
                resource.unit(),
                offer(resource, Some(&named.host))
            ),
        ));
    }
    report.normalized = compose(&scope.host);
    report.summary = Some(format!("Scope for {}.", scope.host));
    Some(scope)
}

/// A permission's name (`User.Read`, `API.ReadWrite.All`) or
/// `user_impersonation`, alone or at the end of a scope's path.
fn permission_in(text: &str) -> Option<&str> {
    let last = text.rsplit('/').next().unwrap_or(text);
    let words: Vec<&str> = last.split('.').collect();
    let dotted = words.len() >= 2
        && words
            .iter()
            .all(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        && words[0].starts_with(|c: char| c.is_ascii_uppercase());
    (dotted || last.eq_ignore_ascii_case("user_impersonation")).then_some(last)
}

fn named_permission(permission: &str, resource: Resource, host: Option<&str>) -> Finding {
    Finding::error(
        "scopes.named_permission",
        format!(
            "`{permission}` is a permission, not a scope an app asks for. An app gets the application permissions an administrator granted it in the portal, by asking for `/.default`.{}",
            offer(resource, host)
        ),
    )
}

/// Exactly one scope, and one that names a resource.
fn one_resource(value: &str, resource: Resource, named: Option<&str>) -> Option<Finding> {
    let tokens: Vec<&str> = value
        .split([' ', ',', '\t'])
        .filter(|t| !t.is_empty())
        .collect();
    if tokens.len() > 1 {
        let own = tokens
            .iter()
            .find_map(|t| resource.parse(&url::parse(t).host));
        let host = own.as_ref().map(|e| e.host.as_str()).or(named);
        return Some(Finding::error(
            "scopes.several",
            format!(
                "Give exactly one scope. `offline_access`, `openid`, a permission's name and a second resource cannot be combined with an app's `/.default` scope.{}",
                offer(resource, host)
            ),
        ));
    }
    let lower = value.to_ascii_lowercase();
    if !value.contains('/')
        && let Some(permission) = permission_in(value)
    {
        return Some(named_permission(permission, resource, named));
    }
    matches!(
        lower.as_str(),
        "offline_access" | "openid" | "profile" | "email" | ".default" | "/.default"
    )
    .then(|| {
        Finding::error(
            "scopes.not_resource",
            format!(
                "That is not a scope an app can use on its own.{}",
                offer(resource, named)
            ),
        )
    })
}

/// `https://`, and nothing else.
fn scheme(u: &url::Url, resource: Resource, named: Option<&str>) -> Option<Finding> {
    match u.scheme.as_deref() {
        Some("https") => None,
        Some("http") => Some(Finding::error(
            "scopes.http",
            format!("The scope starts with http://.{}", offer(resource, named)),
        )),
        Some(_) => Some(Finding::error(
            "scopes.scheme",
            format!(
                "The scope must start with https://.{}",
                offer(resource, named)
            ),
        )),
        None => {
            let own = resource.parse(&u.host);
            Some(Finding::error(
                "scopes.no_scheme",
                format!(
                    "The scope is missing https:// at the start.{}",
                    offer(resource, own.as_ref().map(|e| e.host.as_str()).or(named))
                ),
            ))
        }
    }
}

/// No port, query, fragment or named permission.
fn extras(u: &url::Url, resource: Resource, host: &str) -> Option<Finding> {
    if u.port.is_some() {
        return Some(Finding::error(
            "scopes.port",
            format!(
                "The scope must not have a port.{}",
                offer(resource, Some(host))
            ),
        ));
    }
    if u.query.is_some() || u.fragment.is_some() {
        return Some(Finding::error(
            "scopes.query",
            format!(
                "The scope must not have a `?` or `#` part.{}",
                offer(resource, Some(host))
            ),
        ));
    }
    permission_in(&u.path).map(|p| named_permission(p, resource, Some(host)))
}

/// The path is `/.default`: a double slash or upper case is fixed with a
/// warning, anything else is an error.
fn default_suffix(
    u: &url::Url,
    resource: Resource,
    host: &str,
    report: &mut Report,
) -> Option<Finding> {
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
                "The scope has a path before `/.default`: use the address alone.{}",
                offer(resource, Some(host))
            ),
        )),
        _ => Some(Finding::error(
            "scopes.no_default",
            format!(
                "The scope must end in `/.default`.{}",
                offer(resource, Some(host))
            ),
        )),
    }
}
