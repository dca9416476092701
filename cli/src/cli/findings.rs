//! One finding as one JSON line: the `--format json` output of `lint` (policy findings) and
//! `check` (layout findings).

use jumpgate::iam_policy::Finding;
use jumpgate::org_model::checks::LayoutFinding;
use serde::Serialize;

use super::output::{Failed, Stdout, error_line};

/// A finding as a JSON object, its members in alphabetical order: `code`, `column`, `file`,
/// `help` (left out when there is none), `line`, `location`, `message`, `path`, `severity`. A
/// policy finding has `path`, `line` and `column` (`null` when unknown) and no `location`; a
/// layout finding has `location` and none of the others.
#[derive(Debug, Serialize)]
pub(super) struct FindingLine<'a> {
    code: &'a str,
    // The outer `None` leaves the member out (layout findings); `Some(None)` writes `null`.
    #[serde(skip_serializing_if = "Option::is_none")]
    column: Option<Option<usize>>,
    file: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<Option<usize>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    location: Option<&'a str>,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<String>,
    severity: &'static str,
}

impl<'a> FindingLine<'a> {
    /// A finding in the policy file `file`.
    pub(super) fn policy(file: &'a str, finding: &'a Finding) -> Self {
        FindingLine {
            code: finding.code,
            column: Some(finding.position.map(|position| position.column)),
            file,
            help: finding.help.as_deref(),
            line: Some(finding.position.map(|position| position.line)),
            location: None,
            message: &finding.message,
            path: Some(finding.path.to_string()),
            severity: finding.severity.as_str(),
        }
    }

    /// A finding about the layout in `file`.
    pub(super) fn layout(file: &'a str, finding: &'a LayoutFinding) -> Self {
        FindingLine {
            code: &finding.code,
            column: None,
            file,
            help: finding.help.as_deref(),
            line: None,
            location: Some(&finding.location),
            message: &finding.message,
            path: None,
            severity: finding.severity.as_str(),
        }
    }

    /// The line's JSON text (without a line break).
    pub(super) fn to_json(&self) -> serde_json::Result<String> {
        serde_json::to_string(self)
    }
}

/// Writes `line` to standard output, as [`Stdout::json`] writes JSON.
pub(super) fn print_json(stdout: &mut Stdout, line: &FindingLine<'_>) -> Result<(), Failed> {
    match line.to_json() {
        Ok(json) => stdout.json(&json),
        // Strings and numbers always serialize; should that change, say so rather than panic.
        Err(error) => {
            error_line(&format!("error: cannot serialize a finding: {error}"));
            Err(Failed)
        }
    }
}

#[cfg(test)]
mod tests {
    use jumpgate::iam_policy::codes;
    use jumpgate::iam_policy::{JsonPath, Position};
    use jumpgate::org_model::checks::Severity;

    use super::*;

    #[test]
    fn policy_findings_have_path_line_and_column() {
        let mut finding = Finding::new(
            codes::INVALID_ACTION,
            JsonPath::root().key("Statement").index(0).key("Action"),
            "`s3:GetObjekt` does not exist",
        );
        let unlocated = FindingLine::policy("p.json", &finding).to_json().unwrap();
        assert_eq!(
            unlocated,
            r#"{"code":"INVALID_ACTION","column":null,"file":"p.json","line":null,"message":"`s3:GetObjekt` does not exist","path":"Statement[0].Action","severity":"ERROR"}"#
        );
        finding.position = Some(Position { line: 3, column: 7 });
        finding.help = Some("did you mean `s3:GetObject`?".to_owned());
        let located = FindingLine::policy("p.json", &finding).to_json().unwrap();
        assert_eq!(
            located,
            r#"{"code":"INVALID_ACTION","column":7,"file":"p.json","help":"did you mean `s3:GetObject`?","line":3,"message":"`s3:GetObjekt` does not exist","path":"Statement[0].Action","severity":"ERROR"}"#
        );
    }

    #[test]
    fn layout_findings_have_a_location() {
        let finding = LayoutFinding::new(
            "ORG017",
            Severity::Suggestion,
            "account[DEV]",
            "account `DEV` has no id yet",
        );
        assert_eq!(
            FindingLine::layout("l.toml", &finding).to_json().unwrap(),
            r#"{"code":"ORG017","file":"l.toml","location":"account[DEV]","message":"account `DEV` has no id yet","severity":"SUGGESTION"}"#
        );
    }
}
