//! The CLI against its environment: inputs without end, standard output and standard error
//! that cannot be written, terminal control and bidi characters in names and messages, and
//! several documents printed by `fmt`.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

const SEED: &str = include_str!("../../examples/landing-zone.toml");

/// A policy with ERROR findings, so that `lint` prints something.
const BAD_POLICY: &str =
    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObjekt"}]}"#;

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A scratch directory for one test, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(test: &str) -> Self {
        let path = std::env::temp_dir().join(format!("jumpgate-io-{}-{test}", std::process::id()));
        std::fs::remove_dir_all(&path).ok();
        std::fs::create_dir_all(&path).expect("creates a temp dir");
        Scratch(path)
    }

    fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> &Self {
        std::fs::write(self.0.join(name), contents).expect("writes a file");
        self
    }

    fn command(&self, arguments: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_jumpgate"));
        command.args(arguments).current_dir(&self.0);
        command
    }

    /// Runs with `stdin` as standard input.
    fn run_with_input(&self, arguments: &[&str], stdin: &[u8]) -> Output {
        let mut child = self
            .command(arguments)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("jumpgate starts");
        let mut input = child.stdin.take().expect("stdin");
        // jumpgate may stop reading early (a limit, an error): a broken pipe here is fine.
        let _ = input.write_all(stdin);
        drop(input);
        child.wait_with_output().expect("jumpgate finishes")
    }

    fn run(&self, arguments: &[&str]) -> Output {
        self.run_with_input(arguments, b"")
    }

    /// Runs under `sh` with the address space limited to 512 MiB (`ulimit -v`), standard input
    /// from `stdin`.
    fn run_in_512_mib(&self, arguments: &[&str], stdin: &str) -> Output {
        Command::new("sh")
            .arg("-c")
            .arg("ulimit -v 524288 && exec \"$0\" \"$@\" <\"$STDIN\"")
            .arg(env!("CARGO_BIN_EXE_jumpgate"))
            .args(arguments)
            .env("STDIN", stdin)
            .current_dir(&self.0)
            .output()
            .expect("sh runs")
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        std::fs::remove_dir_all(&self.0).ok();
    }
}

/// A scratch directory holding a policy with findings (`bad.json`), the seed layout
/// (`seed.toml`) and a layout with ERROR findings (`broken.toml`).
fn inputs(test: &str) -> Scratch {
    let scratch = Scratch::new(test);
    let broken = SEED.replacen(
        "accounts = [\"PROTO\", \"DEV\"]",
        "accounts = [\"PROTO\", \"DEV\", \"NOWHERE\"]",
        1,
    );
    scratch
        .write("bad.json", BAD_POLICY)
        .write("seed.toml", SEED)
        .write("broken.toml", broken);
    scratch
}

/// A finished process did not panic: no exit code 101, no panic message.
fn assert_no_panic(what: &str, output: &Output) {
    assert_ne!(output.status.code(), Some(101), "{what}: {output:?}");
    assert!(output.status.code().is_some(), "{what}: {output:?}");
    let stderr = text(&output.stderr);
    assert!(!stderr.contains("panicked"), "{what}: {stderr}");
}

// ---------------------------------------------------------------------------------------------
// Input size.

#[test]
fn inputs_over_the_limit_are_refused_by_every_subcommand() {
    let scratch = inputs("limit");
    let limit = SEED.len().to_string();
    scratch
        .write("exact.toml", SEED)
        .write("over.toml", format!("{SEED}\n"));
    for command in ["check", "access"] {
        let output = scratch.run(&[command, "--max-input-bytes", &limit, "exact.toml"]);
        assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
        let output = scratch.run(&[command, "--max-input-bytes", &limit, "over.toml"]);
        assert_eq!(output.status.code(), Some(2), "{command}");
        assert_eq!(
            text(&output.stderr),
            format!(
                "over.toml: error: the input is larger than the limit of {limit} bytes\n  \
                 = help: raise the limit with --max-input-bytes\n"
            ),
            "{command}"
        );
    }
    let output = scratch.run(&[
        "render",
        "over.toml",
        "--out",
        "out",
        "--max-input-bytes",
        &limit,
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(!scratch.0.join("out").exists());

    let policy_limit = BAD_POLICY.len().to_string();
    scratch.write("over.json", format!("{BAD_POLICY} "));
    for (command, usual) in [("lint", 1), ("fmt", 0)] {
        let output = scratch.run(&[command, "--max-input-bytes", &policy_limit, "bad.json"]);
        assert_eq!(output.status.code(), Some(usual), "{command} at the limit");
        let output = scratch.run(&[command, "--max-input-bytes", &policy_limit, "over.json"]);
        assert_eq!(output.status.code(), Some(2), "{command}");
        assert!(
            text(&output.stderr).starts_with("over.json: error: the input is larger than"),
            "{command}: {}",
            text(&output.stderr)
        );
        // Standard input too.
        let over = format!("{BAD_POLICY} ");
        let output = scratch.run_with_input(
            &[command, "--max-input-bytes", &policy_limit, "-"],
            over.as_bytes(),
        );
        assert_eq!(output.status.code(), Some(2), "{command}");
        assert!(
            text(&output.stderr).starts_with("<stdin>: error: the input is larger than"),
            "{command}: {}",
            text(&output.stderr)
        );
    }
    // Units, and values that are not sizes.
    let output = scratch.run(&["lint", "--max-input-bytes", "1KiB", "bad.json"]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    let output = scratch.run(&["lint", "--max-input-bytes", "lots", "bad.json"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("--max-input-bytes"));
}

#[test]
fn endless_inputs_end_with_exit_2_in_bounded_memory() {
    let scratch = inputs("endless");
    for arguments in [
        &["lint", "/dev/zero"][..],
        &["lint", "-"],
        &["fmt", "/dev/zero"],
        &["fmt", "-"],
        &["check", "/dev/zero"],
        &["access", "-"],
        &["render", "/dev/zero", "--out", "out"],
        &[
            "can",
            "-",
            "--user",
            "alice",
            "--action",
            "s3:GetObject",
            "--resource",
            "*",
            "--account",
            "DEV",
        ],
    ] {
        let output = scratch.run_in_512_mib(arguments, "/dev/zero");
        assert_eq!(output.status.code(), Some(2), "{arguments:?}: {output:?}");
        let stderr = text(&output.stderr);
        assert!(
            stderr.contains(": error: the input is larger than the limit of"),
            "{arguments:?}: {stderr}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Output that cannot be written.

/// Every subcommand with something to print, and the code it ends with when it can print.
fn printing_commands() -> Vec<(Vec<&'static str>, i32)> {
    vec![
        (vec!["lint", "bad.json"], 1),
        (vec!["lint", "--format", "json", "bad.json"], 1),
        (vec!["fmt", "bad.json"], 0),
        (vec!["check", "broken.toml"], 1),
        (vec!["check", "--format", "json", "broken.toml"], 1),
        (vec!["access", "seed.toml"], 0),
        (vec!["render", "seed.toml", "--out", "out"], 0),
        (
            vec![
                "can",
                "seed.toml",
                "--user",
                "alice",
                "--action",
                "sts:GetCallerIdentity",
                "--resource",
                "*",
                "--account",
                "DEV",
                "--format",
                "json",
            ],
            0,
        ),
    ]
}

#[test]
fn a_closed_standard_output_ends_quietly_with_exit_2() {
    let scratch = inputs("closed-pipe");
    for (arguments, usual) in printing_commands() {
        let printed = scratch.run(&arguments);
        assert_eq!(printed.status.code(), Some(usual), "{arguments:?}");
        assert!(!printed.stdout.is_empty(), "{arguments:?} prints");
        std::fs::remove_dir_all(scratch.0.join("out")).ok();

        let (reader, writer) = std::io::pipe().expect("a pipe");
        drop(reader);
        let output = scratch
            .command(&arguments)
            .stdout(writer)
            .stderr(Stdio::piped())
            .output()
            .expect("jumpgate runs");
        assert_no_panic(&format!("{arguments:?}"), &output);
        assert_eq!(output.status.code(), Some(2), "{arguments:?}");
        // Quiet about the pipe: only what the command reports anyway (`render` reports the
        // seed's suggestion, ORG081, on standard error).
        let stderr = text(&output.stderr);
        assert!(
            stderr
                .lines()
                .all(|line| line.starts_with("seed.toml: SUGGESTION ORG081 ")
                    || line.starts_with("  = help: ")),
            "{arguments:?}: quiet, not {stderr}"
        );
        std::fs::remove_dir_all(scratch.0.join("out")).ok();
    }
}

#[test]
fn a_full_standard_output_ends_with_exit_2_and_a_message() {
    let scratch = inputs("full-stdout");
    for (arguments, _) in printing_commands() {
        let full = std::fs::File::options()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full");
        let output = scratch
            .command(&arguments)
            .stdout(full)
            .stderr(Stdio::piped())
            .output()
            .expect("jumpgate runs");
        assert_no_panic(&format!("{arguments:?}"), &output);
        assert_eq!(output.status.code(), Some(2), "{arguments:?}");
        let stderr = text(&output.stderr);
        assert!(
            stderr
                .lines()
                .any(|line| line.starts_with("error: cannot write to standard output: ")),
            "{arguments:?}: {stderr}"
        );
        std::fs::remove_dir_all(scratch.0.join("out")).ok();
    }
}

#[test]
fn an_unwritable_standard_error_keeps_the_documented_exit_codes() {
    let scratch = inputs("full-stderr");
    scratch.write("syntax.toml", "[organization\n");
    let cases: [(&[&str], i32); 10] = [
        (&["lint", "missing.json"], 2),
        (&["lint", "--kind", "nonsense", "bad.json"], 2),
        (&["fmt", "missing.json"], 2),
        (&["fmt", "broken.toml"], 1),
        (&["check", "syntax.toml"], 1),
        (&["check", "missing.toml"], 2),
        (&["access", "syntax.toml"], 1),
        (&["access", "missing.toml"], 2),
        (&["render", "broken.toml", "--out", "out"], 1),
        (&["render", "seed.toml", "--out", "seed.toml"], 2),
    ];
    for (arguments, expected) in cases {
        let full = std::fs::File::options()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full");
        let output = scratch
            .command(arguments)
            .stdout(Stdio::piped())
            .stderr(full)
            .output()
            .expect("jumpgate runs");
        assert_eq!(output.status.code(), Some(expected), "{arguments:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// Escaping.

/// Characters that must never reach a terminal raw: control characters, bidi controls, line
/// and paragraph separators.
fn is_unsafe(character: char) -> bool {
    (character.is_control() && character != '\n')
        || matches!(
            character,
            '\u{061c}'
                | '\u{200e}'
                | '\u{200f}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
        )
}

fn assert_safe(what: &str, output: &str) {
    assert!(
        !output.chars().any(is_unsafe),
        "{what}: raw control or bidi characters in {output:?}"
    );
}

#[test]
fn file_names_in_messages_are_escaped() {
    let scratch = inputs("names");
    let name = "a\u{1b}[2K\rb\u{202e}c.toml";
    for arguments in [
        vec!["lint", name],
        vec!["fmt", name],
        vec!["check", name],
        vec!["access", name],
        vec!["render", name, "--out", "out"],
    ] {
        let output = scratch.run(&arguments);
        assert_eq!(output.status.code(), Some(2), "{arguments:?}");
        let stderr = text(&output.stderr);
        assert_safe(&format!("{arguments:?}"), &stderr);
        assert!(
            stderr.starts_with("a\\u{1b}[2K\\rb\\u{202e}c.toml: error: cannot read file: "),
            "{arguments:?}: {stderr}"
        );
    }
    // Files that exist, with findings, and the render summary.
    scratch
        .write(name, BAD_POLICY)
        .write(
            "b\u{2028}.toml",
            SEED.replacen("[\"PROTO\", \"DEV\"]", "[\"NO\u{202e}WHERE\"]", 1),
        )
        .write("c\u{2029}.toml", SEED);
    for arguments in [
        vec!["lint", name],
        vec!["check", "b\u{2028}.toml"],
        vec!["render", "b\u{2028}.toml", "--out", "out"],
        vec!["render", "c\u{2029}.toml", "--out", "out\u{202e}"],
    ] {
        let output = scratch.run(&arguments);
        assert_no_panic(&format!("{arguments:?}"), &output);
        let all = format!("{}{}", text(&output.stdout), text(&output.stderr));
        assert!(!all.is_empty(), "{arguments:?}");
        assert_safe(&format!("{arguments:?}"), &all);
    }
}

#[test]
fn usage_errors_are_escaped() {
    let scratch = inputs("usage");
    for (arguments, quoted) in [
        (
            vec!["lint", "--kind", "\u{1b}[2Ktrust\u{202e}", "bad.json"],
            "trust\\u{202e}",
        ),
        (
            vec!["lint", "--bogus\u{2028}\u{1b}]0;title\u{7}", "bad.json"],
            "--bogus\\u{2028}",
        ),
        (
            vec!["\u{1b}[31mnot\u{2066}-a-command\r"],
            "not\\u{2066}-a-command\\r",
        ),
    ] {
        let output = scratch.run(&arguments);
        assert_eq!(output.status.code(), Some(2), "{arguments:?}");
        let stderr = text(&output.stderr);
        assert!(stderr.starts_with("error: "), "{arguments:?}: {stderr}");
        assert!(stderr.contains(quoted), "{arguments:?}: {stderr}");
        assert_safe(&format!("{arguments:?}"), &stderr);
    }
}

#[test]
fn bidi_controls_and_separators_in_policies_are_escaped_in_text_and_json() {
    let scratch = Scratch::new("bidi");
    let sid = "allow\u{202e}ynedD\u{2066}x\u{2028}y\u{2029}z\u{200f}";
    let policy = serde_json::json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Sid": sid,
            "Effect": "Allow",
            "Action": format!("s3:Get\u{202e}Object"),
            "Resource": "*",
        }],
    })
    .to_string();
    scratch.write("p.json", &policy);

    let output = scratch.run(&["lint", "p.json"]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    assert_safe("lint text", &stdout);
    assert!(stdout.contains("s3:Get\\u{202e}Object"), "{stdout}");

    let output = scratch.run(&["lint", "--format", "json", "p.json"]);
    let stdout = text(&output.stdout);
    assert_safe("lint json", &stdout);
    let findings: Vec<serde_json::Value> = stdout
        .lines()
        .map(|line| serde_json::from_str(line).expect("a JSON line"))
        .collect();
    assert!(
        findings.iter().any(|finding| finding["message"]
            .as_str()
            .is_some_and(|message| message.contains("s3:Get\u{202e}Object"))),
        "the JSON value keeps the characters: {stdout}"
    );

    let output = scratch.run(&["fmt", "p.json"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    assert_safe("fmt", &stdout);
    let printed: serde_json::Value = serde_json::from_str(&stdout).expect("fmt prints JSON");
    assert_eq!(printed["Statement"][0]["Sid"], sid);
}

#[test]
fn access_names_are_escaped() {
    let scratch = Scratch::new("access-names");
    scratch.write(
        "layout.toml",
        SEED.replace("\"bob\"", "\"b\u{202e}ob\u{2028}\""),
    );
    let output = scratch.run(&["access", "layout.toml"]);
    assert_no_panic("access", &output);
    let stdout = text(&output.stdout);
    assert!(stdout.contains("| b\\u{202e}ob\\u{2028} |"), "{stdout}");
    assert_safe("access", &stdout);
}

// ---------------------------------------------------------------------------------------------
// `fmt` with several documents.

#[test]
fn fmt_keeps_several_documents_apart_with_a_blank_line() {
    let scratch = Scratch::new("fmt-several");
    let first = r#"{"Version":"2012-10-17","Statement":[]}"#;
    let second = r#"{"Statement":{"Effect":"Deny","Action":"*","Resource":"*"}}"#;
    scratch.write("a.json", first).write("b.json", second);
    let one = |file: &str| text(&scratch.run(&["fmt", file]).stdout);
    let (a, b) = (one("a.json"), one("b.json"));
    assert!(a.ends_with("}\n") && !a.ends_with("\n\n"), "{a:?}");

    let output = scratch.run_with_input(&["fmt", "a.json", "-", "a.json"], second.as_bytes());
    assert_eq!(output.status.code(), Some(0));
    let stdout = text(&output.stdout);
    assert_eq!(stdout, format!("{a}\n{b}\n{a}"));
    let documents: Vec<serde_json::Value> = serde_json::Deserializer::from_str(&stdout)
        .into_iter()
        .collect::<Result<_, _>>()
        .expect("a stream of JSON documents");
    assert_eq!(documents.len(), 3);
}
