//! The Web API URL: a Dataverse environment's address, its cloud and region.

pub use crate::cloud::Cloud;
use crate::cloud::check_scheme_and_port;
use crate::report::{Finding, Report};
use crate::url::{self, is_dns_label};

/// A recognised environment host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Environment {
    /// The host as given, lower case (with `.api.` if it was there).
    pub host: String,
    /// The host without `.api.`: what identifies the environment.
    pub id: String,
    /// The cloud it is in.
    pub cloud: Cloud,
    /// "North America (crm)" and the like.
    pub region: String,
    /// An unknown region number: a warning, not an error.
    pub unknown_region: bool,
}

const REGIONS: &[(u32, &str)] = &[
    (2, "South America"),
    (3, "Canada"),
    (4, "Europe, Middle East and Africa"),
    (5, "Asia Pacific"),
    (6, "Oceania"),
    (7, "Japan"),
    (8, "India"),
    (9, "US Government GCC"),
    (11, "United Kingdom"),
    (12, "France"),
    (14, "South Africa"),
    (15, "United Arab Emirates"),
    (16, "Germany"),
    (17, "Switzerland"),
    (19, "Norway"),
    (20, "Singapore (reported second-hand)"),
    (21, "Korea"),
    (22, "Sweden (reported second-hand)"),
];

/// Portal hosts readers paste by mistake, with their names.
pub const PORTALS: &[(&str, &str)] = &[
    ("make.powerapps.com", "Power Apps"),
    ("make.powerautomate.com", "Power Automate"),
    (
        "admin.powerplatform.microsoft.com",
        "the Power Platform admin center",
    ),
    ("portal.azure.com", "the Azure portal"),
    ("entra.microsoft.com", "the Microsoft Entra admin center"),
    ("home.dynamics.com", "the Dynamics 365 home page"),
    ("admin.microsoft.com", "the Microsoft 365 admin center"),
];

const WHERE: &str = "Copy the Environment URL from the Power Platform admin center > Environments > your environment.";

/// Why a host is not an environment host, in the reader's words.
pub fn parse_host(host: &str) -> Result<Environment, Finding> {
    if let Some(finding) = not_an_environment(host) {
        return Err(finding);
    }
    let labels: Vec<&str> = host.split('.').collect();
    let not_dynamics = || {
        Finding::error(
            "web_api_url.not_dynamics",
            format!(
                "`{host}` is not a Dynamics 365 environment address; those look like yourorg.crm.dynamics.com. {WHERE}"
            ),
        )
    };
    let (cloud, suffix_len, fixed_crm) = match labels.as_slice() {
        [.., "dynamics", "com"] => (Cloud::Commercial, 2, false),
        [.., "microsoftdynamics", "us"] => (Cloud::UsGovernment, 2, true),
        [.., "appsplatform", "us"] => (Cloud::UsGovernment, 2, true),
        [.., "dynamics", "cn"] => (Cloud::China, 2, true),
        _ => return Err(not_dynamics()),
    };
    let head = &labels[..labels.len() - suffix_len];
    let (org, api, crm) = match head {
        [org, "api", crm] => (*org, true, *crm),
        [org, crm] => (*org, false, *crm),
        [crm] if crm.starts_with("crm") => {
            return Err(Finding::error(
                "web_api_url.no_org",
                format!(
                    "The address has no organisation name before `{host}`. It looks like yourorg.{host}. {WHERE}"
                ),
            ));
        }
        _ => return Err(not_dynamics()),
    };
    if !crm.starts_with("crm") {
        return Err(not_dynamics());
    }
    let (region, unknown_region) = region(cloud, &labels, crm, fixed_crm)?;
    check_org(org)?;
    let id = if api {
        // `org.api.rest` -> `org.rest`
        format!("{org}.{}", url::slice(host, org.len() + ".api.".len()..))
    } else {
        host.to_owned()
    };
    Ok(Environment {
        host: host.to_owned(),
        id,
        cloud,
        region,
        unknown_region,
    })
}

/// Addresses that are no environment at all: empty, with a trailing dot,
/// a portal's, or Microsoft Cloud Deutschland's.
fn not_an_environment(host: &str) -> Option<Finding> {
    if host.is_empty() {
        return Some(Finding::error(
            "web_api_url.no_host",
            format!("There is no address here. {WHERE}"),
        ));
    }
    if host.ends_with('.') {
        return Some(Finding::error(
            "web_api_url.trailing_dot",
            format!(
                "The address ends with a dot after `{}`. Remove it.",
                host.trim_end_matches('.')
            ),
        ));
    }
    if let Some((_, name)) = PORTALS.iter().find(|(p, _)| *p == host) {
        return Some(Finding::error(
            "web_api_url.portal",
            format!("That is the address of {name}, a portal, not of your environment. {WHERE}"),
        ));
    }
    (host == "crm.microsoftdynamics.de" || host.ends_with(".crm.microsoftdynamics.de")).then(|| {
        Finding::error(
            "web_api_url.cloud_deutschland",
            "Microsoft Cloud Deutschland (crm.microsoftdynamics.de) closed in 2021. Use your environment's current address, which ends in .crm4.dynamics.com or .crm16.dynamics.com.",
        )
    })
}

/// The region a `crm…` label names, and whether it is one we do not know.
fn region(
    cloud: Cloud,
    labels: &[&str],
    crm: &str,
    fixed_crm: bool,
) -> Result<(String, bool), Finding> {
    let region_number = crm.strip_prefix("crm").unwrap_or(crm);
    if region_number.is_empty() {
        let name = match (cloud, labels[labels.len() - 2]) {
            (Cloud::Commercial, _) => "North America (crm)",
            (Cloud::UsGovernment, "microsoftdynamics") => "US Government GCC High",
            (Cloud::UsGovernment, _) => "US Government DoD",
            (Cloud::China, _) => "China (operated by 21Vianet)",
        };
        return Ok((name.to_owned(), false));
    }
    let valid = !fixed_crm
        && region_number.len() <= 2
        && region_number.chars().all(|c| c.is_ascii_digit())
        && !region_number.starts_with('0');
    let n: Option<u32> = region_number.parse().ok().filter(|_| valid);
    let Some(n) = n else {
        return Err(Finding::error(
            "web_api_url.bad_region",
            format!(
                "`{crm}` is not a region. Regions are written crm, crm2, crm4 … crm21 with no leading zero. {WHERE}"
            ),
        ));
    };
    Ok(match REGIONS.iter().find(|(r, _)| *r == n) {
        Some((_, name)) => (format!("{name} ({crm})"), false),
        None => (format!("region {crm}"), true),
    })
}

/// The organisation name is one DNS label.
fn check_org(org: &str) -> Result<(), Finding> {
    if org.contains('_') {
        return Err(Finding::error(
            "web_api_url.org_underscore",
            format!(
                "`{org}` has an underscore, which cannot be in an environment address. Check the spelling. {WHERE}"
            ),
        ));
    }
    if !is_dns_label(org) {
        return Err(Finding::error(
            "web_api_url.bad_org",
            format!(
                "`{org}` cannot be an environment name: use letters, digits and hyphens, not starting or ending with a hyphen. {WHERE}"
            ),
        ));
    }
    Ok(())
}

/// Checks a Web API URL; its environment when it is one.
pub fn check(value: &str, report: &mut Report) -> Option<Environment> {
    let u = url::parse(value);
    if !check_scheme_and_port(
        &u,
        [
            "web_api_url.http",
            "web_api_url.no_scheme",
            "web_api_url.port",
        ],
        report,
    ) {
        return None;
    }
    let env = match parse_host(&u.host) {
        Ok(env) => env,
        Err(finding) => {
            report.push(finding);
            return None;
        }
    };
    let has_path = !(u.path.is_empty() || u.path == "/");
    if has_path || u.query.is_some() || u.fragment.is_some() {
        // The address keeps one `/`: what follows it is what goes.
        let rest = url::after_authority(value);
        let dropped = rest.strip_prefix('/').unwrap_or(rest);
        let hint = if u.path.to_ascii_lowercase().starts_with("/api/data") {
            " (that is the Web API path, which the connection adds itself)"
        } else {
            ""
        };
        report.push(Finding::warning(
            "web_api_url.path",
            format!("Remove `{}` after the environment's address{hint}: the Web API URL is the address alone.", url::shown(dropped)),
        ));
    }
    if env.unknown_region {
        report.push(Finding::warning(
            "web_api_url.unknown_region",
            format!("`{}` is not a region we know. Check the address against the Power Platform admin center.", env.region.strip_prefix("region ").unwrap_or(&env.region)),
        ));
    }
    report.normalized = format!("https://{}/", env.host);
    report.summary = Some(format!("Dynamics 365 environment in {}.", env.region));
    Some(env)
}
