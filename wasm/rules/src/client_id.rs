//! The Client ID: the app's Application (client) ID, a GUID.

use crate::guid;
use crate::report::{Finding, Report};

const WHERE: &str = "Copy the Application (client) ID from the app's Overview page in the Azure portal (App registrations > your app).";

pub(crate) fn check(value: &str, report: &mut Report) -> Option<String> {
    let mut id = value;
    let lower = value.to_ascii_lowercase();
    for prefix in ["urn:uuid:", "api://"] {
        if lower.starts_with(prefix) {
            id = crate::url::slice(value, prefix.len()..);
            report.push(Finding::warning(
                "client_id.prefix",
                format!(
                    "Remove `{}` from the start.",
                    crate::url::slice(value, ..prefix.len())
                ),
            ));
            break;
        }
    }
    let normalized = if let Some(id) =
        guid::read(id, ["client_id.braces", "client_id.no_hyphens"], report)
    {
        id
    } else if guid::is_placeholder(id) {
        report.push(Finding::error(
            "client_id.placeholder",
            format!("`{id}` is a placeholder. {WHERE}"),
        ));
        return None;
    } else {
        let hint = if id.len() >= 30 && id.contains('~') {
            " It looks like a client secret."
        } else if id.starts_with("https://") || id.starts_with("http://") {
            " It looks like an address."
        } else {
            ""
        };
        report.push(Finding::error(
            "client_id.not_guid",
            format!("A Client ID is a GUID: 32 hex digits in groups of 8-4-4-4-12.{hint} {WHERE}"),
        ));
        return None;
    };
    if guid::is_nil(&normalized) {
        report.push(Finding::error(
            "client_id.nil",
            format!("That is the all-zero ID, a placeholder. {WHERE}"),
        ));
        return None;
    }
    if guid::is_first_party(&normalized) {
        report.push(Finding::error(
            "client_id.first_party",
            format!("That is the ID of one of Microsoft's own apps (such as Dataverse itself), not of the app you registered. {WHERE}"),
        ));
        return None;
    }
    report.normalized = normalized.clone();
    report.summary = Some("Looks like an Application (client) ID. The Object ID has the same shape: make sure you copied the one labelled Application (client) ID.".to_owned());
    Some(normalized)
}
