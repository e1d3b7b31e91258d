//! What the Microsoft Entra presets share: the sovereign clouds, and the
//! scheme, port and user-name checks every address field gets.

use crate::report::{Finding, Report};
use crate::url::Url;

/// The sovereign cloud an environment or login host belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cloud {
    /// Commercial and GCC (`crm9`): login.microsoftonline.com.
    Commercial,
    /// GCC High and DoD: login.microsoftonline.us.
    UsGovernment,
    /// Operated by 21Vianet: login.partner.microsoftonline.cn.
    China,
}

impl Cloud {
    /// The host of this cloud's sign-in service.
    pub fn login_host(self) -> &'static str {
        match self {
            Cloud::Commercial => "login.microsoftonline.com",
            Cloud::UsGovernment => "login.microsoftonline.us",
            Cloud::China => "login.partner.microsoftonline.cn",
        }
    }

    /// The cloud's name for readers.
    pub fn name(self) -> &'static str {
        match self {
            Cloud::Commercial => "the commercial cloud",
            Cloud::UsGovernment => "the US Government cloud (GCC High or DoD)",
            Cloud::China => "the China cloud",
        }
    }
}

/// Checks scheme, port and userinfo shared by the URL fields; returns
/// false when the value cannot be used. `codes` are the field's codes for
/// a scheme that is not https, no scheme, and a port or user name.
pub(crate) fn check_scheme_and_port(
    u: &Url,
    codes: [&'static str; 3],
    report: &mut Report,
) -> bool {
    let [code_http, code_scheme, code_port] = codes;
    match u.scheme.as_deref() {
        Some("https") => {}
        Some("http") => {
            report.push(Finding::error(
                code_http,
                "The address starts with http://. It must start with https://.",
            ));
            return false;
        }
        Some(other) => {
            report.push(Finding::error(
                code_http,
                format!("`{other}://` is not a web address. It must start with https://."),
            ));
            return false;
        }
        None => report.push(Finding::warning(
            code_scheme,
            "Add `https://` at the start.",
        )),
    }
    if u.userinfo {
        report.push(Finding::error(
            code_port,
            "The address has a user name before `@`. Remove it.",
        ));
        return false;
    }
    match u.port.as_deref() {
        None => {}
        Some("443") => report.push(Finding::warning(
            code_port,
            "Remove `:443`: it is the default for https.",
        )),
        Some(port) => {
            report.push(Finding::error(code_port, format!("The address has the port `:{port}`. Remove it: these services use the https default.")));
            return false;
        }
    }
    true
}
