//! Diagnostics: what went wrong, where (file, line, column) and what to do.
//!
//! Every error a writer can cause becomes a [`Diagnostic`]. Stages collect
//! them instead of stopping at the first, so one run shows every problem.

mod code;

use std::fmt;
use std::path::{Path, PathBuf};

pub use code::Code;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Reported; fails `check` only with `--deny-warnings`.
    Warning,
    /// Fails the build and `check`.
    Error,
}

/// A 1-based line and column (columns count characters, not bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize)]
pub struct Position {
    /// The line, from 1.
    pub line: usize,
    /// The column in characters, from 1.
    pub col: usize,
}

impl Position {
    /// The start of a file.
    pub const START: Position = Position { line: 1, col: 1 };

    /// The position of byte `offset` in `text`. Offsets past the end, or
    /// inside a character, are clamped to the nearest character boundary.
    pub fn of(text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &text[..offset];
        // Bytes, not chars: `\n` is never part of a longer character, and
        // byte counting is many times faster on long pages.
        let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
        let line_start = before
            .bytes()
            .rposition(|b| b == b'\n')
            .map_or(0, |i| i + 1);
        let col = before[line_start..].chars().count() + 1;
        Position { line, col }
    }
}

/// Where each line of a text starts, for placing many positions in one
/// text without rescanning it: [`LineIndex::position`] gives the same
/// answer as [`Position::of`].
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    /// Indexes the lines of `text`.
    pub fn new(text: &'a str) -> LineIndex<'a> {
        let starts = std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
            .collect();
        LineIndex { text, starts }
    }

    /// The position of byte `offset`.
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        // The last line starting at or before `offset`.
        let line = self.starts.partition_point(|&start| start <= offset);
        let line_start = self.starts[line - 1];
        let col = self.text[line_start..offset].chars().count() + 1;
        Position { line, col }
    }
}

/// One problem found in the writer's files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning, after `[check]`.
    pub severity: Severity,
    /// What kind of problem: `front_matter.missing`.
    pub code: Code,
    /// The file, relative to the site root where possible.
    pub file: PathBuf,
    /// Where in the file.
    pub position: Position,
    /// What is wrong, in one sentence.
    pub message: String,
    /// What to do about it.
    pub help: Option<String>,
    /// For a template's problem, the page being rendered when it showed;
    /// the same problem from several pages is reported once.
    pub rendering: Option<PathBuf>,
}

impl Diagnostic {
    /// A problem of a kind that is an error by default.
    pub fn error(
        code: Code,
        file: impl Into<PathBuf>,
        position: Position,
        message: impl Into<String>,
    ) -> Self {
        debug_assert_eq!(code.default_severity(), Severity::Error, "{code}");
        Diagnostic::new(code, file, position, message)
    }

    /// A problem of a kind that is a warning by default.
    pub fn warning(
        code: Code,
        file: impl Into<PathBuf>,
        position: Position,
        message: impl Into<String>,
    ) -> Self {
        debug_assert_eq!(code.default_severity(), Severity::Warning, "{code}");
        Diagnostic::new(code, file, position, message)
    }

    fn new(
        code: Code,
        file: impl Into<PathBuf>,
        position: Position,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: code.default_severity(),
            code,
            file: file.into(),
            position,
            message: message.into(),
            help: None,
            rendering: None,
        }
    }

    /// The same diagnostic, saying what to do.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The message as shown: with the page being rendered, if any.
    pub fn full_message(&self) -> String {
        match &self.rendering {
            Some(page) => format!("{} (rendering {})", self.message, page.display()),
            None => self.message.clone(),
        }
    }

    /// Whether it fails the build.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// The JSON form (`quire check --format json`, schema 1).
impl serde::Serialize for Diagnostic {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut out = serializer.serialize_struct("Diagnostic", 7)?;
        out.serialize_field("severity", &self.severity)?;
        out.serialize_field("code", &self.code)?;
        out.serialize_field("file", &self.file)?;
        out.serialize_field("line", &self.position.line)?;
        out.serialize_field("col", &self.position.col)?;
        out.serialize_field("message", &self.full_message())?;
        out.serialize_field("help", &self.help)?;
        out.end()
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(
            f,
            "{}:{}:{}: {label}[{}]: {}",
            self.file.display(),
            self.position.line,
            self.position.col,
            self.code,
            self.full_message()
        )?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// Why a command failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Problems in the writer's files; each one is reported.
    #[error("{}", summarise(.0))]
    Diagnostics(Vec<Diagnostic>),
    /// The machine got in the way: a folder could not be read or written.
    #[error("{context}: {source}")]
    Io {
        /// What was being done, and to which path.
        context: String,
        /// The operating system's error.
        #[source]
        source: std::io::Error,
    },
    /// `quire serve` could not start or keep serving: the port, the
    /// watcher, the runtime.
    #[error("{0}")]
    Server(String),
    /// The process got SIGINT, SIGTERM or SIGHUP; nothing was replaced.
    #[error("interrupted; the output folder was left as it was")]
    Interrupted,
    /// A usage problem that is not tied to a file position.
    #[error("{0}")]
    Usage(String),
}

fn summarise(diagnostics: &[Diagnostic]) -> String {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    match errors {
        1 => "1 error".to_owned(),
        n => format!("{n} errors"),
    }
}

impl Error {
    /// A file system error, naming the path.
    pub fn io(context: impl fmt::Display, path: &Path, source: std::io::Error) -> Self {
        Error::Io {
            context: format!("{context} {}", path.display()),
            source,
        }
    }

    /// One problem in the writer's files.
    pub fn single(diagnostic: Diagnostic) -> Self {
        Error::Diagnostics(vec![diagnostic])
    }

    /// The diagnostics carried by this error, if any.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            Error::Diagnostics(d) => d,
            _ => &[],
        }
    }
}

/// quire's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Fails with every error in `diagnostics`; passes the warnings back.
pub fn into_result(diagnostics: Vec<Diagnostic>) -> Result<Vec<Diagnostic>> {
    if diagnostics.iter().any(Diagnostic::is_error) {
        Err(Error::Diagnostics(diagnostics))
    } else {
        Ok(diagnostics)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_lines_and_characters() {
        let text = "ab\ncdé\nf";
        assert_eq!(Position::of(text, 0), Position { line: 1, col: 1 });
        assert_eq!(Position::of(text, 3), Position { line: 2, col: 1 });
        // 'é' is two bytes; the 'f' line starts after it.
        assert_eq!(Position::of(text, 8), Position { line: 3, col: 1 });
        assert_eq!(Position::of(text, 7), Position { line: 2, col: 4 });
        // Inside a character and past the end are clamped.
        assert_eq!(Position::of(text, 6), Position { line: 2, col: 3 });
        assert_eq!(Position::of(text, 99), Position { line: 3, col: 2 });
    }

    #[test]
    fn a_line_index_agrees_with_position_of() {
        for text in ["", "\n", "ab\ncdé\nf", "\n\nx\n", "é\nü\n\n— y"] {
            let index = LineIndex::new(text);
            for offset in 0..=text.len() + 2 {
                assert_eq!(
                    index.position(offset),
                    Position::of(text, offset),
                    "{text:?} at {offset}"
                );
            }
        }
    }
}
