//! GUIDs in the forms readers paste them, and the placeholders docs use.

use crate::url::slice;

/// `8-4-4-4-12` hex digits, any case.
pub fn is_guid(value: &str) -> bool {
    let groups: Vec<&str> = value.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.chars().all(|c| c.is_ascii_hexdigit()))
}

/// A GUID written with `x`s (`xxxxxxxx-xxxx-...`), as documentation does.
pub fn is_x_guid(value: &str) -> bool {
    let groups: Vec<&str> = value.split('-').collect();
    groups.len() == 5
        && groups.iter().zip([8, 4, 4, 4, 12]).all(|(g, n)| {
            g.len() == n
                && g.chars()
                    .all(|c| c.is_ascii_hexdigit() || c == 'x' || c == 'X')
        })
        && value.chars().any(|c| c == 'x' || c == 'X')
}

/// Whether `value` is the all-zero GUID.
pub fn is_nil(value: &str) -> bool {
    is_guid(value) && value.chars().all(|c| c == '0' || c == '-')
}

/// 32 hex digits with no hyphens, as a GUID.
pub fn from_hex32(value: &str) -> Option<String> {
    (value.len() == 32 && value.chars().all(|c| c.is_ascii_hexdigit())).then(|| {
        format!(
            "{}-{}-{}-{}-{}",
            slice(value, ..8),
            slice(value, 8..12),
            slice(value, 12..16),
            slice(value, 16..20),
            slice(value, 20..)
        )
    })
}

/// The GUID inside `{...}` or `(...)`.
pub fn unwrap_braces(value: &str) -> Option<&str> {
    let inner = value
        .strip_prefix('{')
        .and_then(|v| v.strip_suffix('}'))
        .or_else(|| value.strip_prefix('(').and_then(|v| v.strip_suffix(')')))?;
    is_guid(inner).then_some(inner)
}

/// The GUID in `value`, in any form readers paste it: plain; in braces
/// or brackets, with a warning under `codes[0]`; or without hyphens, with
/// a warning under `codes[1]`. `None` when it is none of these.
pub(crate) fn read(
    value: &str,
    codes: [&'static str; 2],
    report: &mut crate::report::Report,
) -> Option<String> {
    use crate::report::Finding;
    if is_guid(value) {
        return Some(value.to_owned());
    }
    if let Some(inner) = unwrap_braces(value) {
        report.push(Finding::warning(
            codes[0],
            if value.starts_with('(') {
                "Remove the brackets `(` and `)` around the ID."
            } else {
                "Remove the braces `{` and `}` around the ID."
            },
        ));
        return Some(inner.to_owned());
    }
    let hyphenated = from_hex32(value)?;
    report.push(Finding::warning(
        codes[1],
        "Add the hyphens the ID is missing.",
    ));
    Some(hyphenated)
}

/// GUID-shaped in any of the forms above.
pub fn as_guid(value: &str) -> Option<String> {
    if is_guid(value) {
        return Some(value.to_owned());
    }
    unwrap_braces(value)
        .map(str::to_owned)
        .or_else(|| from_hex32(value))
}

/// Microsoft's own first-party applications (Dataverse, Graph, SharePoint…).
pub fn is_first_party(value: &str) -> bool {
    let v = value.to_ascii_lowercase();
    (v.starts_with("0000000") && v.ends_with("-0000-0000-c000-000000000000"))
        || (v.len() == 36 && v.ends_with("-0ff1-ce00-000000000000"))
}

/// Documentation placeholders for a tenant or an ID.
pub fn is_placeholder(value: &str) -> bool {
    let v = value.to_ascii_lowercase();
    (v.starts_with('{') && v.ends_with('}') && !is_guid(slice(&v, 1..v.len() - 1)))
        || (v.starts_with('<') && v.ends_with('>'))
        || (v.starts_with("%7b") && v.ends_with("%7d"))
        || v.starts_with("your-")
        || v.starts_with("your_")
        || matches!(
            v.as_str(),
            "tenant" | "tenant-id" | "tenantid" | "tenant_id" | "directory-id" | "yourtenant"
        )
        || is_nil(&v)
        || is_x_guid(&v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guid_forms() {
        assert!(is_guid("0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D"));
        assert!(!is_guid("0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4"));
        assert_eq!(
            as_guid("{0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d}").as_deref(),
            Some("0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d")
        );
        assert_eq!(
            as_guid("0a1b2c3d4e5f4a6b8c7d9e0f1a2b3c4d").as_deref(),
            Some("0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d")
        );
        assert!(is_first_party("00000007-0000-0000-c000-000000000000"));
        assert!(is_first_party("00000003-0000-0ff1-ce00-000000000000"));
        assert!(is_placeholder("xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"));
        assert!(is_placeholder("{tenant-id}"));
    }
}
