//! The Microsoft Graph endpoint: Graph's host in the app's cloud, and a
//! version.

use crate::cloud::{Cloud, check_scheme_and_port};
use crate::report::{Finding, Report};
use crate::url;

/// What a good endpoint tells the other fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Endpoint {
    /// Graph's host, lower case.
    pub host: String,
    /// The cloud it is in: the Token URL must sign in there.
    pub cloud: Cloud,
}

const EXAMPLE: &str = "https://graph.microsoft.com/v1.0";

/// The cloud of a Microsoft Graph host.
pub(crate) fn cloud_of(host: &str) -> Option<Cloud> {
    match host {
        "graph.microsoft.com" => Some(Cloud::Commercial),
        "graph.microsoft.us" | "dod-graph.microsoft.us" => Some(Cloud::UsGovernment),
        "microsoftgraph.chinacloudapi.cn" => Some(Cloud::China),
        _ => None,
    }
}

/// Checks a Graph endpoint; what it tells when it is one.
pub(crate) fn check(value: &str, report: &mut Report) -> Option<Endpoint> {
    let u = url::parse(value);
    if !check_scheme_and_port(
        &u,
        ["graph_url.http", "graph_url.no_scheme", "graph_url.port"],
        report,
    ) {
        return None;
    }
    let Some(cloud) = cloud_of(&u.host) else {
        let message = match u.host.as_str() {
            "graph.windows.net" => "That is Azure AD Graph, which Microsoft retired. Use Microsoft Graph: https://graph.microsoft.com/v1.0".to_owned(),
            "" => format!("There is no address here. It looks like {EXAMPLE}."),
            host => format!(
                "`{host}` is not Microsoft Graph. Its address is {EXAMPLE} (graph.microsoft.us or dod-graph.microsoft.us for US Government, microsoftgraph.chinacloudapi.cn for China)."
            ),
        };
        report.push(Finding::error("graph_url.host", message));
        return None;
    };
    let mut segments = u.path.split('/').filter(|s| !s.is_empty());
    let version = match segments.next().map(str::to_ascii_lowercase).as_deref() {
        None => {
            report.push(Finding::warning(
                "graph_url.no_version",
                "Add `/v1.0` at the end: Graph's address names its version (`v1.0`, or `beta` for features in preview).",
            ));
            "v1.0"
        }
        Some("v1.0") => "v1.0",
        Some("beta") => "beta",
        Some(other) => {
            report.push(Finding::error(
                "graph_url.version",
                format!("`{other}` is not a version of Microsoft Graph: use `v1.0` (or `beta`). It looks like {EXAMPLE}."),
            ));
            return None;
        }
    };
    if segments.next().is_some() || u.query.is_some() || u.fragment.is_some() {
        let rest = url::after_authority(value);
        let cut = rest
            .bytes()
            .position(|b| b == b'/')
            .and_then(|first| {
                url::slice(rest, first + 1..)
                    .bytes()
                    .position(|b| matches!(b, b'/' | b'?' | b'#'))
                    .map(|i| first + 1 + i)
            })
            .unwrap_or(0);
        report.push(Finding::warning(
            "graph_url.path",
            format!(
                "Remove `{}` after the version: the endpoint is Graph's address and version alone.",
                url::shown(url::slice(rest, cut..))
            ),
        ));
    }
    report.normalized = format!("https://{}/{version}", u.host);
    report.summary = Some(format!("Microsoft Graph {version} in {}.", cloud.name()));
    Some(Endpoint {
        host: u.host,
        cloud,
    })
}
