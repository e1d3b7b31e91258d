//! What checking a value produces: findings with a severity, a stable code
//! and a message in the reader's words, and the normalised value.

/// How bad a finding is. Ordered: the worst finding decides a field's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// A note that needs no action (such as "check the expiry date").
    Info,
    /// It may work, or we fixed it for you; the message says what changed.
    Warning,
    /// This value will not work.
    Error,
}

/// The state a field's status shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Nothing typed yet.
    Empty,
    /// The value is right.
    Ok,
    /// The value works but was changed, or needs a look.
    Warning,
    /// The value is wrong.
    Error,
}

impl State {
    /// The state as the page shows it in `data-state`.
    pub fn as_str(self) -> &'static str {
        match self {
            State::Empty => "empty",
            State::Ok => "ok",
            State::Warning => "warning",
            State::Error => "error",
        }
    }
}

/// One thing found about a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// How bad it is.
    pub severity: Severity,
    /// Stable, such as `client_secret.is_secret_id`.
    pub code: &'static str,
    /// What is wrong and what to do, in the reader's words.
    pub message: String,
}

impl Finding {
    /// A finding that makes the value wrong.
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Finding {
            severity: Severity::Error,
            code,
            message: message.into(),
        }
    }
    /// A finding that was fixed or needs a look.
    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Finding {
            severity: Severity::Warning,
            code,
            message: message.into(),
        }
    }
    /// A finding to know about.
    pub fn info(code: &'static str, message: impl Into<String>) -> Self {
        Finding {
            severity: Severity::Info,
            code,
            message: message.into(),
        }
    }
}

/// The result of checking one field.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Report {
    /// The value to compose from and to copy: cleaned and normalised.
    pub normalized: String,
    /// Everything found, in order.
    pub findings: Vec<Finding>,
    /// What a good value told us, such as "North America (crm)".
    pub summary: Option<String>,
    /// True when nothing was entered.
    pub empty: bool,
}

impl Report {
    /// The verdict the page shows.
    pub fn state(&self) -> State {
        if self.empty && self.findings.is_empty() {
            return State::Empty;
        }
        match self.findings.iter().map(|f| f.severity).max() {
            Some(Severity::Error) => State::Error,
            Some(Severity::Warning) => State::Warning,
            _ => State::Ok,
        }
    }

    /// Whether any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.state() == State::Error
    }

    /// Adds a finding.
    pub fn push(&mut self, finding: Finding) {
        self.findings.push(finding);
    }

    /// Whether a finding with `code` was reported.
    pub fn has(&self, code: &str) -> bool {
        self.findings.iter().any(|f| f.code == code)
    }

    /// The message to show: the findings, worst first, or the summary.
    pub fn message(&self) -> String {
        if self.findings.is_empty() {
            return self.summary.clone().unwrap_or_default();
        }
        // Worst first; loops, not a sort or `join`, keep the widget small.
        let mut text = String::new();
        let mut add = |line: &str| {
            if !text.is_empty() {
                text.push('\n');
            }
            text.push_str(line);
        };
        for severity in [Severity::Error, Severity::Warning, Severity::Info] {
            self.findings
                .iter()
                .filter(|f| f.severity == severity)
                .for_each(|f| add(&f.message));
        }
        if let Some(summary) = &self.summary
            && self.state() != State::Error
        {
            add(summary);
        }
        text
    }
}
