//! One record for every problem found in a policy document: a parse error and a validator
//! finding are the same [`Finding`], with a code from the [registry](crate::codes).

use std::fmt;

use crate::codes::Code;
use crate::json::Position;
use crate::path::JsonPath;

/// How severe a finding is, with Access Analyzer's names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    /// AWS would reject the policy, or it cannot work.
    Error,
    /// The policy grants more than it likely should.
    SecurityWarning,
    /// The policy works, but probably not as intended.
    Warning,
    /// A simpler or clearer way to write the same thing.
    Suggestion,
}

impl Severity {
    /// `ERROR`, `SECURITY_WARNING`, `WARNING` or `SUGGESTION` (Access Analyzer's API values).
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "ERROR",
            Severity::SecurityWarning => "SECURITY_WARNING",
            Severity::Warning => "WARNING",
            Severity::Suggestion => "SUGGESTION",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One finding: what is wrong, where, and how to fix it.
///
/// The parser reports the problems that keep a document from being read as findings
/// ([`ParseError::diagnostics`](crate::ParseError::diagnostics), all `ERROR`), the validator
/// everything else ([`validate::Report`](crate::validate::Report)).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// A stable issue code from the [registry](crate::codes), Access Analyzer's where one
    /// matches.
    pub code: &'static str,
    /// How severe it is: the code's default, unless the check says otherwise.
    pub severity: Severity,
    /// Where in the document, e.g. `Statement[2].Effect`.
    pub path: JsonPath,
    /// Line and column, when the document came from text.
    pub position: Option<Position>,
    /// A one-line, lowercase description.
    pub message: String,
    /// A suggestion, such as "did you mean `s3:GetObject`?".
    pub help: Option<String>,
}

impl Finding {
    /// A finding of `code` at its default severity, not yet located, without help.
    pub fn new(code: Code, path: JsonPath, message: impl Into<String>) -> Self {
        Self {
            code: code.code,
            severity: code.severity,
            path,
            position: None,
            message: message.into(),
            help: None,
        }
    }
}

impl fmt::Display for Finding {
    /// `LINE:COLUMN: message (at PATH); help`, without the line and column when unknown.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(position) = self.position {
            write!(f, "{position}: ")?;
        }
        write!(f, "{} (at {})", self.message, self.path)?;
        if let Some(help) = &self.help {
            write!(f, "; {help}")?;
        }
        Ok(())
    }
}
