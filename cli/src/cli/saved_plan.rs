//! The plan file of `jumpgate plan --out PLAN.json`, read back by `jumpgate apply --plan`: the
//! plan's JSON (as `plan --format json` prints it) with what it was made from (the layout's
//! path and SHA-256, the partition, the management account, the options).
//!
//! No secret is ever in it: a plan never holds an initial password (apply makes those).

use std::path::Path;

use jumpgate::iam_policy::{AccountId, Partition};
use jumpgate::planner::{Plan, PlanOptions};
use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};

use super::input::{Unreadable, read_input};
use super::output::{error_line, help_line};
use super::{EXIT_INVALID_INPUT, EXIT_USAGE};

/// The `format` of a plan file this jumpgate writes and reads.
pub(super) const FORMAT: &str = "jumpgate-plan/1";

/// The layout a plan was made from.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct LayoutRef {
    /// The path as given to `plan` (`-`: standard input).
    pub path: String,
    /// The SHA-256 of the layout file's bytes as read, lowercase hex.
    pub sha256: String,
}

/// The options the plan was made with (`apply --plan` uses them).
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SavedOptions {
    /// `--prune`.
    pub prune: bool,
    /// `--adopt`.
    pub adopt: bool,
}

impl From<SavedOptions> for PlanOptions {
    fn from(options: SavedOptions) -> Self {
        PlanOptions {
            prune: options.prune,
            adopt: options.adopt,
        }
    }
}

impl From<PlanOptions> for SavedOptions {
    fn from(options: PlanOptions) -> Self {
        SavedOptions {
            prune: options.prune,
            adopt: options.adopt,
        }
    }
}

/// A plan file as written: the plan serialized as `plan --format json` prints it.
#[derive(Debug, Serialize)]
struct PlanFileOut<'a> {
    format: &'static str,
    jumpgate_version: &'static str,
    layout: &'a LayoutRef,
    partition: &'static str,
    management_account: &'a str,
    options: SavedOptions,
    plan: &'a Plan,
}

/// A plan file as read.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PlanFileIn {
    format: String,
    jumpgate_version: String,
    layout: LayoutRef,
    partition: String,
    management_account: String,
    options: SavedOptions,
    plan: serde_json::Value,
}

/// A plan file read and checked.
#[derive(Debug)]
pub(super) struct SavedPlan {
    /// The version of jumpgate that saved it.
    pub jumpgate_version: String,
    /// The layout it was made from.
    pub layout: LayoutRef,
    /// The partition it was made in.
    pub partition: Partition,
    /// The management account it was made as.
    pub management_account: AccountId,
    /// The options it was made with.
    pub options: SavedOptions,
    /// The plan's JSON.
    pub plan: serde_json::Value,
}

/// Why a plan file cannot be used.
#[derive(Debug, thiserror::Error)]
pub(super) enum PlanFileError {
    /// Not JSON at all.
    #[error("the plan file is not JSON: {message}")]
    NotJson {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What `serde_json` says, without the position.
        message: String,
    },
    /// `format` is missing or not [`FORMAT`].
    #[error("unknown plan file format {found}, expected `{FORMAT}`")]
    UnknownFormat {
        /// The value found (JSON), or `none`.
        found: String,
    },
    /// JSON of another shape.
    #[error("not a saved plan: {message}")]
    Malformed {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What `serde_json` says, without the position.
        message: String,
    },
    /// A field with a value jumpgate does not know.
    #[error("not a saved plan: `{field}` is `{value}`, {expected}")]
    BadValue {
        /// The field.
        field: &'static str,
        /// Its value.
        value: String,
        /// What it should be.
        expected: String,
    },
}

impl PlanFileError {
    /// `line:column` when the error has a position.
    fn position(&self) -> Option<(usize, usize)> {
        match self {
            PlanFileError::NotJson { line, column, .. }
            | PlanFileError::Malformed { line, column, .. } => Some((*line, *column)),
            _ => None,
        }
    }
}

/// What `serde_json` says about `error`, without the ` at line L column C` it appends.
fn message_of(error: &serde_json::Error) -> String {
    let text = error.to_string();
    let suffix = format!(" at line {} column {}", error.line(), error.column());
    text.strip_suffix(&suffix).unwrap_or(&text).to_owned()
}

/// Checks and converts a plan file's JSON.
pub(super) fn parse(bytes: &[u8]) -> Result<SavedPlan, PlanFileError> {
    let value: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|error| PlanFileError::NotJson {
            line: error.line(),
            column: error.column(),
            message: message_of(&error),
        })?;
    match value.get("format") {
        Some(serde_json::Value::String(format)) if format == FORMAT => {}
        found => {
            return Err(PlanFileError::UnknownFormat {
                found: found.map_or("none".to_owned(), |found| format!("`{found}`")),
            });
        }
    }
    // Read again, typed, for the position of what does not fit.
    let file: PlanFileIn =
        serde_json::from_slice(bytes).map_err(|error| PlanFileError::Malformed {
            line: error.line(),
            column: error.column(),
            message: message_of(&error),
        })?;
    debug_assert_eq!(file.format, FORMAT);
    let partition = Partition::ALL
        .into_iter()
        .find(|partition| partition.as_str() == file.partition)
        .ok_or_else(|| PlanFileError::BadValue {
            field: "partition",
            value: file.partition.clone(),
            expected: format!(
                "expected one of {}",
                Partition::ALL
                    .iter()
                    .map(|partition| partition.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        })?;
    let management_account =
        file.management_account
            .parse()
            .map_err(|_| PlanFileError::BadValue {
                field: "management_account",
                value: file.management_account.clone(),
                expected: "expected a 12-digit account id".to_owned(),
            })?;
    let sha256 = &file.layout.sha256;
    if sha256.len() != 64
        || !sha256
            .bytes()
            .all(|byte| matches!(byte, b'0'..=b'9' | b'a'..=b'f'))
    {
        return Err(PlanFileError::BadValue {
            field: "layout.sha256",
            value: sha256.clone(),
            expected: "expected 64 lowercase hex digits".to_owned(),
        });
    }
    if !file.plan.is_object() {
        return Err(PlanFileError::BadValue {
            field: "plan",
            value: file.plan.to_string(),
            expected: "expected an object (a plan as `plan --format json` prints it)".to_owned(),
        });
    }
    Ok(SavedPlan {
        jumpgate_version: file.jumpgate_version,
        layout: file.layout,
        partition,
        management_account,
        options: file.options,
        plan: file.plan,
    })
}

/// Reads the plan file `argument` (`-`: standard input), at most `limit` bytes; on failure
/// prints why (with the position when it has one) and returns the exit code: 2 when it cannot
/// be read or is too large, 1 when it is not a saved plan.
pub(super) fn read(argument: &str, limit: u64) -> Result<SavedPlan, u8> {
    let input = read_input(argument, limit).map_err(|unreadable: Unreadable| {
        unreadable.print();
        EXIT_USAGE
    })?;
    parse(&input.bytes).map_err(|error| {
        match error.position() {
            Some((line, column)) => {
                error_line(&format!("{}:{line}:{column}: error: {error}", input.name));
            }
            None => error_line(&format!("{}: error: {error}", input.name)),
        }
        help_line("save a plan with `jumpgate plan LAYOUT.toml --out PLAN.json`");
        EXIT_INVALID_INPUT
    })
}

/// The text of a plan file: pretty JSON, ending in a line break.
pub(super) fn to_text(
    layout: &LayoutRef,
    partition: Partition,
    management_account: AccountId,
    options: PlanOptions,
    plan: &Plan,
) -> serde_json::Result<String> {
    let file = PlanFileOut {
        format: FORMAT,
        jumpgate_version: env!("CARGO_PKG_VERSION"),
        layout,
        partition: partition.as_str(),
        management_account: management_account.as_str(),
        options: options.into(),
        plan,
    };
    let mut text = serde_json::to_string_pretty(&file)?;
    text.push('\n');
    Ok(text)
}

/// The SHA-256 of `bytes`, lowercase hex.
pub(super) fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// A new, unused name in the directory of `path` for the file that will become `path`
/// (`.NAME.jumpgate-PID-NANOS`, created with `O_EXCL` by the caller).
pub(super) fn temporary_beside(path: &Path) -> Result<std::path::PathBuf, String> {
    let file_name = path
        .file_name()
        .ok_or_else(|| format!("`{}` names no file", path.display()))?
        .to_string_lossy()
        .into_owned();
    let parent = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| elapsed.subsec_nanos())
        .unwrap_or_default();
    Ok(parent.join(format!(
        ".{file_name}.jumpgate-{}-{nanos}",
        std::process::id()
    )))
}

/// Writes `text` to `path`, replacing what is there in one rename: into a new file beside it
/// (`O_EXCL`), flushed, then renamed over `path`. A symbolic link at `path` is replaced itself,
/// never followed (its target stays as it was); a stale file is replaced whole.
pub(super) fn write_replacing(path: &Path, text: &str) -> Result<(), String> {
    use std::io::Write as _;
    let shown = path.display();
    let temporary = temporary_beside(path)?;
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&temporary)
        .and_then(|mut file| {
            file.write_all(text.as_bytes())?;
            file.sync_all()
        })
        .and_then(|()| std::fs::rename(&temporary, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    written.map_err(|error| format!("cannot write `{shown}`: {error}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn saved(plan: &Plan) -> String {
        let layout = LayoutRef {
            path: "layout.toml".to_owned(),
            sha256: sha256_hex(b"layout"),
        };
        to_text(
            &layout,
            Partition::Aws,
            "123456789012".parse().expect("an id"),
            PlanOptions {
                prune: true,
                adopt: false,
            },
            plan,
        )
        .expect("serializes")
    }

    #[test]
    fn a_written_plan_reads_back() {
        let plan = Plan::default();
        let text = saved(&plan);
        let read = parse(text.as_bytes()).expect("reads");
        assert_eq!(read.plan, serde_json::to_value(&plan).expect("json"));
        assert_eq!(read.management_account.as_str(), "123456789012");
        assert_eq!(read.partition, Partition::Aws);
        assert!(read.options.prune && !read.options.adopt);
        assert_eq!(read.layout.path, "layout.toml");
        assert_eq!(read.jumpgate_version, env!("CARGO_PKG_VERSION"));
        // The plan's JSON is `plan --format json`'s, field order included.
        let pretty = serde_json::to_string_pretty(&plan).expect("json");
        let indented: String = pretty
            .lines()
            .map(|line| format!("  {line}"))
            .collect::<Vec<_>>()
            .join("\n");
        assert!(
            text.contains(&format!("\"plan\": {}", indented.trim_start())),
            "{text}"
        );
    }

    #[test]
    fn sha256_is_the_known_digest() {
        // FIPS 180-2, appendix B.1.
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn bad_files_say_what_and_where() {
        let error = parse(b"{\n  \"format\": \"jumpgate-plan/1\",\n  oops\n}").expect_err("bad");
        assert!(matches!(error, PlanFileError::NotJson { .. }), "{error:?}");
        assert_eq!(error.position(), Some((3, 3)));
        assert_eq!(
            error.to_string(),
            "the plan file is not JSON: key must be a string"
        );

        let error = parse(b"{\"format\": \"terraform\"}").expect_err("bad");
        assert_eq!(
            error.to_string(),
            "unknown plan file format `\"terraform\"`, expected `jumpgate-plan/1`"
        );
        let error = parse(b"[]").expect_err("bad");
        assert!(
            error
                .to_string()
                .starts_with("unknown plan file format none")
        );

        let text = saved(&Plan::default()).replace("\"adopt\": false", "\"adopt\": \"no\"");
        let error = parse(text.as_bytes()).expect_err("bad");
        assert!(
            matches!(error, PlanFileError::Malformed { .. }),
            "{error:?}"
        );
        let (line, _) = error.position().expect("a position");
        assert_eq!(
            text.lines().nth(line - 1).map(str::trim),
            Some("\"adopt\": \"no\"")
        );

        let text = saved(&Plan::default()).replace("123456789012", "12345");
        let error = parse(text.as_bytes()).expect_err("bad");
        assert_eq!(
            error.to_string(),
            "not a saved plan: `management_account` is `12345`, expected a 12-digit account id"
        );
        let text = saved(&Plan::default()).replace("\"aws\"", "\"aws-mars\"");
        let error = parse(text.as_bytes()).expect_err("bad");
        assert!(
            error.to_string().contains("`partition` is `aws-mars`"),
            "{error}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_is_replaced_not_followed() {
        let dir = std::env::temp_dir().join(format!("jumpgate-saved-plan-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("dir");
        let target = dir.join("elsewhere.txt");
        std::fs::write(&target, "kept").expect("write");
        let link = dir.join("plan.json");
        std::os::unix::fs::symlink(&target, &link).expect("symlink");
        write_replacing(&link, "new").expect("written");
        assert_eq!(std::fs::read_to_string(&target).expect("read"), "kept");
        assert!(!std::fs::symlink_metadata(&link).expect("meta").is_symlink());
        assert_eq!(std::fs::read_to_string(&link).expect("read"), "new");
        // A stale file is replaced whole; nothing else is left in the directory.
        std::fs::write(&link, "a much longer stale content").expect("write");
        write_replacing(&link, "short").expect("written");
        assert_eq!(std::fs::read_to_string(&link).expect("read"), "short");
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .expect("list")
            .map(|entry| {
                entry
                    .expect("entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        names.sort();
        assert_eq!(names, ["elsewhere.txt", "plan.json"]);
        // A directory in the way: an error naming it, nothing left behind.
        let error = write_replacing(&dir, "x").expect_err("a directory");
        assert!(error.contains("cannot write"), "{error}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
