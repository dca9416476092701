//! `jumpgate eval`: decisions and explanations as text or JSON lines, exit codes, located errors
//! for malformed request files, bounded inputs, escaped output, and many files in one run.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::{Value, json};

fn jumpgate_in(directory: &Path, arguments: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_jumpgate"))
        .args(arguments)
        .current_dir(directory)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("jumpgate starts");
    let mut input = child.stdin.take().expect("stdin");
    let _ = input.write_all(stdin);
    drop(input);
    child.wait_with_output().expect("jumpgate finishes")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A scratch directory for one test, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(test: &str) -> Self {
        let path =
            std::env::temp_dir().join(format!("jumpgate-eval-{}-{test}", std::process::id()));
        std::fs::create_dir_all(&path).expect("creates a temp dir");
        Scratch(path)
    }

    fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> &Self {
        std::fs::write(self.0.join(name), contents).expect("writes a request file");
        self
    }

    fn eval(&self, arguments: &[&str]) -> Output {
        let mut all = vec!["eval"];
        all.extend_from_slice(arguments);
        jumpgate_in(&self.0, &all, b"")
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        std::fs::remove_dir_all(&self.0).ok();
    }
}

const USER: &str = "arn:aws:iam::111122223333:user/alice";

fn request(action: &str, identity: Value, extra: Value) -> String {
    let mut file = json!({
        "request": {"principal": USER, "action": action, "resource": "arn:aws:s3:::docs/a.txt",
                    "context": {"aws:SourceIp": "198.51.100.7"}},
        "policies": {"identity": identity, "resource": null, "scps": [], "rcps": []},
        "resource_account": "111122223333"
    });
    if let (Value::Object(file), Value::Object(extra)) = (&mut file, extra) {
        file.extend(extra);
    }
    serde_json::to_string_pretty(&file).expect("serializes")
}

fn read_only() -> Value {
    json!([{"Version": "2012-10-17", "Statement": [
        {"Sid": "Read", "Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::docs/*"},
        {"Sid": "NoDeletes", "Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "*"},
        {"Sid": "Office", "Effect": "Allow", "Action": "s3:PutObject", "Resource": "*",
         "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}}
    ]}])
}

#[test]
fn text_output_explains_each_decision_like_rustc_notes() {
    let scratch = Scratch::new("text");
    scratch
        .write("get.json", request("s3:GetObject", read_only(), json!({})))
        .write(
            "delete.json",
            request("s3:DeleteObject", read_only(), json!({})),
        )
        .write("put.json", request("s3:PutObject", read_only(), json!({})));
    let output = scratch.eval(&["get.json", "delete.json", "put.json"]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    assert_eq!(text(&output.stderr), "");
    insta::assert_snapshot!(text(&output.stdout));
}

#[test]
fn json_lines_carry_file_decision_and_explanation() {
    let scratch = Scratch::new("json");
    scratch
        .write("get.json", request("s3:GetObject", read_only(), json!({})))
        .write(
            "delete.json",
            request("s3:DeleteObject", read_only(), json!({})),
        )
        .write("put.json", request("s3:PutObject", read_only(), json!({})));
    let output = scratch.eval(&["--format", "json", "get.json", "delete.json", "put.json"]);
    assert_eq!(output.status.code(), Some(1));
    let lines: Vec<Value> = text(&output.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).expect("each line is JSON"))
        .collect();
    assert_eq!(lines.len(), 3);
    let first = text(&output.stdout);
    assert!(first.starts_with(r#"{"file":"get.json","decision":"Allow","explanation":{"#));
    assert_eq!(lines[0]["explanation"]["deciding"][0]["sid"], "Read");
    assert_eq!(
        lines[0]["explanation"]["deciding"][0]["path"],
        "policies.identity[0].Statement[0]"
    );
    assert_eq!(lines[1]["file"], "delete.json");
    assert_eq!(lines[1]["decision"], "ExplicitDeny");
    assert_eq!(lines[1]["explanation"]["deciding"][0]["sid"], "NoDeletes");
    assert_eq!(lines[1]["explanation"]["deciding"][0]["line"], 12);
    assert_eq!(lines[2]["decision"], "ImplicitDeny");
    let reason = &lines[2]["explanation"]["reason"];
    assert_eq!(reason["kind"], "no_allow");
    assert_eq!(reason["policy_type"], "identity");
    let near_misses = lines[2]["explanation"]["near_misses"]
        .as_array()
        .expect("near misses");
    assert_eq!(near_misses.len(), 3);
    let near = near_misses
        .iter()
        .find(|near| near["statement"]["sid"] == "Office")
        .expect("the Office statement nearly applied");
    assert_eq!(near["failed"], "condition");
    assert_eq!(near["conditions"][0]["key"], "aws:SourceIp");
    assert_eq!(
        near["conditions"][0]["request_values"],
        json!(["198.51.100.7"])
    );
}

#[test]
fn exit_code_is_zero_only_when_every_request_is_allowed() {
    let scratch = Scratch::new("exit");
    scratch
        .write("a.json", request("s3:GetObject", read_only(), json!({})))
        .write(
            "b.json",
            request("s3:GetObjectVersion", read_only(), json!({})),
        );
    let output = scratch.eval(&["a.json", "b.json"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stdout));
    let output = scratch.eval(&["--format", "json", "a.json"]);
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn malformed_files_are_located_and_exit_2() {
    let scratch = Scratch::new("malformed");
    scratch
        .write("ok.json", request("s3:GetObject", read_only(), json!({})))
        .write(
            "bad.json",
            "{\n  \"request\": {\"principal\": \"arn:aws:iam::111122223333:user/alice\",\n    \"actoin\": \"s3:GetObject\", \"resource\": \"*\"},\n  \"policies\": {\"identity\": [{\"Statement\": [{\"Effect\": \"allow\", \"Action\": \"s3:*\", \"Resource\": \"*\"}]}]}\n}\n",
        )
        .write("syntax.json", "{\"request\": [}");
    let output = scratch.eval(&["ok.json", "bad.json", "syntax.json"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("bad.json:2:14: error: missing member `action` (at request)"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "bad.json:3:5: error: unknown member `actoin` (at request.actoin)\n  = help: did you mean `action`?"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("bad.json:4:55: error: invalid `Effect` value `allow`: expected `Allow` or `Deny` (at policies.identity[0].Statement[0].Effect)"),
        "{stderr}"
    );
    assert!(stderr.contains("syntax.json:1:14: error:"), "{stderr}");
    // The good file is still evaluated.
    assert!(text(&output.stdout).starts_with("ok.json: Allow:"));

    let output = scratch.eval(&["--format", "json", "bad.json"]);
    assert_eq!(output.status.code(), Some(2));
    let line: Value = serde_json::from_str(text(&output.stdout).trim()).expect("JSON");
    assert_eq!(line["decision"], Value::Null);
    assert_eq!(line["errors"][0]["path"], "request");
    assert_eq!(line["errors"][0]["line"], 2);
}

#[test]
fn usage_errors_and_unreadable_files_exit_2() {
    let scratch = Scratch::new("usage");
    let output = scratch.eval(&[]);
    assert_eq!(output.status.code(), Some(2));
    let output = scratch.eval(&["missing.json"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).starts_with("missing.json: error: cannot read file:"));
    let output = scratch.eval(&["--format", "yaml", "missing.json"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn inputs_are_bounded() {
    let scratch = Scratch::new("bounded");
    let mut big = request("s3:GetObject", read_only(), json!({})).into_bytes();
    big.truncate(big.len() - 1);
    big.extend_from_slice(b",\"padding\":\"");
    big.extend(std::iter::repeat_n(b'x', 9 << 20));
    big.extend_from_slice(b"\"}");
    scratch.write("big.json", &big);
    let output = scratch.eval(&["big.json"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr)
            .contains("big.json: error: the input is larger than the limit of 8388608 bytes"),
        "{}",
        text(&output.stderr)
    );
    let long_resource = format!("arn:aws:s3:::docs/{}", "a".repeat(5000));
    let mut file: Value =
        serde_json::from_str(&request("s3:GetObject", read_only(), json!({}))).expect("JSON");
    file["request"]["resource"] = json!(long_resource);
    scratch.write("long.json", file.to_string());
    let output = scratch.eval(&["long.json"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("at most 2048 are accepted (at request.resource)"));
    let mut file: Value =
        serde_json::from_str(&request("s3:GetObject", read_only(), json!({}))).expect("JSON");
    file["request"]["context"]["aws:TagKeys"] = json!(vec!["k"; 1025]);
    scratch.write("many-values.json", file.to_string());
    let output = scratch.eval(&["many-values.json"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).contains("the key has 1025 values; at most 1024 are accepted"),
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn control_characters_from_the_input_are_escaped() {
    let scratch = Scratch::new("escape");
    let identity = json!([{"Version": "2012-10-17", "Statement": [
        {"Sid": "A\u{1b}[31mB", "Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}]);
    scratch.write("esc.json", request("s3:GetObject", identity, json!({})));
    let output = scratch.eval(&["esc.json"]);
    let stdout = text(&output.stdout);
    assert!(!stdout.contains('\u{1b}'), "{stdout}");
    assert!(stdout.contains("Sid `A\\u{1b}[31mB`"), "{stdout}");

    let identity = json!([{"Version": "2012-10-17", "Statement": [
        {"Sid": "A\u{202e}B\u{1b}", "Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}]);
    scratch.write("bidi.json", request("s3:GetObject", identity, json!({})));
    let output = scratch.eval(&["--format", "json", "bidi.json"]);
    let stdout = text(&output.stdout);
    assert!(
        !stdout.contains('\u{202e}') && !stdout.contains('\u{1b}'),
        "{stdout}"
    );
    assert!(stdout.contains(r#""sid":"A\u202eB\u001b""#), "{stdout}");
    let line: Value = serde_json::from_str(stdout.trim()).expect("still JSON");
    assert_eq!(
        line["explanation"]["deciding"][0]["sid"],
        "A\u{202e}B\u{1b}"
    );
}

#[test]
fn standard_input_is_read_with_a_dash() {
    let output = jumpgate_in(
        &std::env::temp_dir(),
        &["eval", "-"],
        request("s3:GetObject", read_only(), json!({})).as_bytes(),
    );
    assert_eq!(output.status.code(), Some(0));
    assert!(text(&output.stdout).starts_with("<stdin>: Allow:"));
}

#[test]
fn many_files_keep_their_order() {
    let scratch = Scratch::new("many");
    let mut names = Vec::new();
    for index in 0..700 {
        let action = if index % 3 == 0 {
            "s3:DeleteObject"
        } else {
            "s3:GetObject"
        };
        let name = format!("r{index:04}.json");
        scratch.write(&name, request(action, read_only(), json!({})));
        names.push(name);
    }
    let mut arguments = vec!["--format", "json"];
    arguments.extend(names.iter().map(String::as_str));
    let output = scratch.eval(&arguments);
    assert_eq!(output.status.code(), Some(1));
    let lines: Vec<Value> = text(&output.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).expect("JSON"))
        .collect();
    assert_eq!(lines.len(), 700);
    for (index, line) in lines.iter().enumerate() {
        assert_eq!(line["file"], names[index]);
        let expected = if index % 3 == 0 {
            "ExplicitDeny"
        } else {
            "Allow"
        };
        assert_eq!(line["decision"], expected);
    }
}

#[test]
fn the_cli_agrees_with_every_documented_case() {
    let scratch = Scratch::new("cases");
    let mut names = Vec::new();
    let mut expected = Vec::new();
    for text in [
        include_str!("../../iam-policy/tests/eval_cases/rules.json"),
        include_str!("../../iam-policy/tests/eval_cases/doc_examples.json"),
    ] {
        let cases: Vec<Value> = serde_json::from_str(text).expect("case list");
        for case in cases {
            let name = format!("case-{}.json", case["id"].as_str().expect("id"));
            scratch.write(&name, case.to_string());
            expected.push(case["expected"].clone());
            names.push(name);
        }
    }
    let mut arguments = vec!["--format", "json"];
    arguments.extend(names.iter().map(String::as_str));
    let output = scratch.eval(&arguments);
    assert_eq!(output.status.code(), Some(1));
    let decisions: Vec<Value> = text(&output.stdout)
        .lines()
        .map(|line| serde_json::from_str::<Value>(line).expect("JSON")["decision"].clone())
        .collect();
    assert_eq!(decisions.len(), names.len());
    for ((name, got), want) in names.iter().zip(&decisions).zip(&expected) {
        assert_eq!(got, want, "{name}");
    }
}
