//! The IAM credential report (`GetCredentialReport`), parsed: one row per IAM user (and
//! `<root_account>`), with when its password and access keys were last used and changed.
//!
//! The report is CSV with a header row naming the columns; the values AWS documents as "no
//! value" (`N/A`, `no_information`, `not_supported`) read as `None`; times are ISO 8601 with a
//! UTC offset (`2014-09-01T22:28:48+00:00`). Columns are found by name, so a report with more
//! columns, or in another order, reads the same. Parsing is linear in the text.
//!
//! ```
//! use jumpgate_planner::credential_report::parse;
//! let report = "user,arn,user_creation_time,password_enabled,password_last_used,\
//! password_last_changed,password_next_rotation,mfa_active,access_key_1_active,\
//! access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,\
//! access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,\
//! access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,\
//! cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated
//! alice,arn:aws:iam::111122223333:user/alice,2024-01-02T03:04:05+00:00,true,no_information,\
//! 2024-01-02T03:04:05+00:00,N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A
//! ";
//! let rows = parse(report)?;
//! assert_eq!(rows[0].user, "alice");
//! assert_eq!(rows[0].password_last_used, None);
//! assert_eq!(rows[0].password_last_changed, Some(1_704_164_645));
//! # Ok::<(), jumpgate_planner::credential_report::ReportError>(())
//! ```

use serde::Serialize;

/// Seconds since the Unix epoch (UTC).
pub type Timestamp = i64;

/// The user name of the root user's row.
pub const ROOT_ACCOUNT: &str = "<root_account>";

/// What is wrong with a credential report, and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReportError {
    /// The header lacks a column the audit reads.
    #[error("credential report: no column `{column}` in the header")]
    MissingColumn {
        /// The column.
        column: &'static str,
    },
    /// A value cannot be read.
    #[error("credential report line {line}, column `{column}`: {message}")]
    Value {
        /// The line, from 1 (the header).
        line: usize,
        /// The column.
        column: &'static str,
        /// What is wrong.
        message: String,
    },
    /// A quoted value is not closed.
    #[error("credential report line {line}: a quoted value is not closed")]
    Unterminated {
        /// The line where the value starts.
        line: usize,
    },
}

/// One access key of a report row (`access_key_1_*` or `access_key_2_*`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ReportKey {
    /// `access_key_N_active`.
    pub active: bool,
    /// `access_key_N_last_rotated`: when the key was created or last changed.
    pub last_rotated: Option<Timestamp>,
    /// `access_key_N_last_used_date`.
    pub last_used: Option<Timestamp>,
}

/// One row of the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportRow {
    /// `user`: the user's name, or [`ROOT_ACCOUNT`].
    pub user: String,
    /// `arn`.
    pub arn: String,
    /// `user_creation_time`.
    pub user_creation_time: Option<Timestamp>,
    /// `password_enabled` (`None` for the root user: `not_supported`).
    pub password_enabled: Option<bool>,
    /// `password_last_used`.
    pub password_last_used: Option<Timestamp>,
    /// `password_last_changed`.
    pub password_last_changed: Option<Timestamp>,
    /// `mfa_active`.
    pub mfa_active: bool,
    /// `access_key_1_*` and `access_key_2_*`.
    pub access_keys: [ReportKey; 2],
}

impl ReportRow {
    /// When the key created at `created` was last used, when the report knows that key (one of
    /// its two slots was created or last changed then): `Some(None)` for a key never used.
    pub fn key_last_used(&self, created: Timestamp) -> Option<Option<Timestamp>> {
        self.access_keys
            .iter()
            .find(|key| key.last_rotated == Some(created))
            .map(|key| key.last_used)
    }
}

/// The columns read, in the order of [`ReportRow`].
const COLUMNS: [&str; 13] = [
    "user",
    "arn",
    "user_creation_time",
    "password_enabled",
    "password_last_used",
    "password_last_changed",
    "mfa_active",
    "access_key_1_active",
    "access_key_1_last_rotated",
    "access_key_1_last_used_date",
    "access_key_2_active",
    "access_key_2_last_rotated",
    "access_key_2_last_used_date",
];

/// Parses a credential report (see the [module docs](self)).
pub fn parse(text: &str) -> Result<Vec<ReportRow>, ReportError> {
    let records = records(text)?;
    let Some((_, header)) = records.first() else {
        return Err(ReportError::MissingColumn { column: COLUMNS[0] });
    };
    let mut positions = [0usize; COLUMNS.len()];
    for (slot, column) in positions.iter_mut().zip(COLUMNS) {
        *slot = header
            .iter()
            .position(|name| name == column)
            .ok_or(ReportError::MissingColumn { column })?;
    }
    let mut rows = Vec::with_capacity(records.len().saturating_sub(1));
    for (line, fields) in &records[1..] {
        if fields.len() == 1 && fields[0].is_empty() {
            continue;
        }
        let value = |index: usize| -> Result<&str, ReportError> {
            fields
                .get(positions[index])
                .map(String::as_str)
                .ok_or_else(|| ReportError::Value {
                    line: *line,
                    column: COLUMNS[index],
                    message: format!(
                        "the line has {} values, the header {}",
                        fields.len(),
                        header.len()
                    ),
                })
        };
        let time = |index: usize| -> Result<Option<Timestamp>, ReportError> {
            let text = value(index)?;
            if no_value(text) {
                return Ok(None);
            }
            parse_time(text)
                .map(Some)
                .ok_or_else(|| ReportError::Value {
                    line: *line,
                    column: COLUMNS[index],
                    message: format!("`{}` is not an ISO 8601 time", text.escape_debug()),
                })
        };
        let flag = |index: usize| -> Result<Option<bool>, ReportError> {
            match value(index)? {
                "true" => Ok(Some(true)),
                "false" => Ok(Some(false)),
                text if no_value(text) => Ok(None),
                text => Err(ReportError::Value {
                    line: *line,
                    column: COLUMNS[index],
                    message: format!("`{}` is not `true` or `false`", text.escape_debug()),
                }),
            }
        };
        let key = |first: usize| -> Result<ReportKey, ReportError> {
            Ok(ReportKey {
                active: flag(first)?.unwrap_or(false),
                last_rotated: time(first + 1)?,
                last_used: time(first + 2)?,
            })
        };
        rows.push(ReportRow {
            user: value(0)?.to_owned(),
            arn: value(1)?.to_owned(),
            user_creation_time: time(2)?,
            password_enabled: flag(3)?,
            password_last_used: time(4)?,
            password_last_changed: time(5)?,
            mfa_active: flag(6)?.unwrap_or(false),
            access_keys: [key(7)?, key(10)?],
        });
    }
    Ok(rows)
}

/// Whether `text` is one of the report's "no value" markers.
fn no_value(text: &str) -> bool {
    matches!(text, "N/A" | "no_information" | "not_supported" | "")
}

/// The records of CSV text (RFC 4180: `"` quotes a value, `""` is a quote inside one), each
/// with the line it starts on.
fn records(text: &str) -> Result<Vec<(usize, Vec<String>)>, ReportError> {
    let mut records = Vec::new();
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut line = 1;
    let mut start = 1;
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted => {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    field.push('"');
                } else {
                    quoted = false;
                }
            }
            '"' if field.is_empty() => quoted = true,
            '\n' if quoted => {
                line += 1;
                field.push(c);
            }
            ',' if !quoted => fields.push(std::mem::take(&mut field)),
            '\r' if !quoted && chars.peek() == Some(&'\n') => {}
            '\n' => {
                fields.push(std::mem::take(&mut field));
                records.push((start, std::mem::take(&mut fields)));
                line += 1;
                start = line;
            }
            c => field.push(c),
        }
    }
    if quoted {
        return Err(ReportError::Unterminated { line: start });
    }
    if !field.is_empty() || !fields.is_empty() {
        fields.push(field);
        records.push((start, fields));
    }
    Ok(records)
}

/// Parses `YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)` into seconds since the epoch.
pub fn parse_time(text: &str) -> Option<Timestamp> {
    let bytes = text.as_bytes();
    if bytes.len() < 20 || bytes.len() > 40 || !text.is_ascii() {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<i64> {
        let part = text.get(range)?;
        if !part.bytes().all(|byte| byte.is_ascii_digit()) {
            return None;
        }
        part.parse().ok()
    };
    let separators = [(4, b'-'), (7, b'-'), (10, b'T'), (13, b':'), (16, b':')];
    if separators
        .iter()
        .any(|&(index, byte)| !bytes[index].eq_ignore_ascii_case(&byte))
    {
        return None;
    }
    let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
    let (hour, minute, second) = (number(11..13)?, number(14..16)?, number(17..19)?);
    if !(1..=12).contains(&month)
        || !(1..=days_in_month(year, month)).contains(&day)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    let mut rest = &text[19..];
    if let Some(fraction) = rest.strip_prefix('.') {
        let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        rest = &fraction[digits..];
    }
    let offset = match rest.as_bytes() {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2]
            if [h1, h2, m1, m2].iter().all(|byte| byte.is_ascii_digit()) =>
        {
            let hours = i64::from((h1 - b'0') * 10 + (h2 - b'0'));
            let minutes = i64::from((m1 - b'0') * 10 + (m2 - b'0'));
            if hours > 23 || minutes > 59 {
                return None;
            }
            let seconds = hours * 3_600 + minutes * 60;
            if *sign == b'+' { seconds } else { -seconds }
        }
        _ => return None,
    };
    let days = days_from_civil(year, month, day);
    Some(days * 86_400 + hour * 3_600 + minute * 60 + second - offset)
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 to the date (the proleptic Gregorian calendar).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_index = (month + 9) % 12;
    let day_of_year = (153 * month_index + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_read_as_seconds_since_the_epoch() {
        assert_eq!(parse_time("1970-01-01T00:00:00+00:00"), Some(0));
        assert_eq!(parse_time("2014-09-01T22:28:48+00:00"), Some(1_409_610_528));
        assert_eq!(parse_time("2014-09-01T22:28:48Z"), Some(1_409_610_528));
        assert_eq!(parse_time("2014-09-01T22:28:48.123Z"), Some(1_409_610_528));
        assert_eq!(parse_time("2014-09-02T00:28:48+02:00"), Some(1_409_610_528));
        assert_eq!(parse_time("2000-02-29T00:00:00+00:00"), Some(951_782_400));
        for bad in [
            "",
            "N/A",
            "2014-09-01 22:28:48+00:00",
            "2014-13-01T00:00:00+00:00",
            "2014-02-29T00:00:00+00:00",
            "2014-09-01T24:00:00+00:00",
            "2014-09-01T22:28:48",
            "2014-09-01T22:28:48+0000",
            "2014-09-01T22:28:48.Z",
            "2014-09-01T22:28:48+00:00 ",
            "+014-09-01T22:28:48+00:00",
            "2014-09-01T22:28:48+2a:00",
        ] {
            assert_eq!(parse_time(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn quoted_values_and_crlf_lines() {
        let read = records("a,\"b,\"\"c\"\"\"\r\nd,e\n").expect("reads");
        assert_eq!(
            read,
            [
                (1, vec!["a".to_owned(), "b,\"c\"".to_owned()]),
                (2, vec!["d".to_owned(), "e".to_owned()])
            ]
        );
        assert_eq!(
            records("a,\"b\n"),
            Err(ReportError::Unterminated { line: 1 })
        );
    }
}
