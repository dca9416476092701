//! `jumpgate check`, `render` and `access` on the seed layout (`examples/landing-zone.toml`) and
//! on broken copies written to a temp dir: output formats, exit codes, nothing rendered from a
//! layout with errors.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const SEED: &str = include_str!("../../examples/landing-zone.toml");

/// Runs `jumpgate` in `directory` (so that file names in the output are relative and stable).
fn jumpgate_in(directory: &Path, arguments: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jumpgate"))
        .args(arguments)
        .current_dir(directory)
        .output()
        .expect("jumpgate runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn code(output: &Output) -> Option<i32> {
    output.status.code()
}

/// A scratch directory for one test, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(test: &str) -> Self {
        let path =
            std::env::temp_dir().join(format!("jumpgate-layout-{}-{test}", std::process::id()));
        std::fs::remove_dir_all(&path).ok();
        std::fs::create_dir_all(&path).expect("creates a temp dir");
        Scratch(path)
    }

    fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> &Self {
        std::fs::write(self.0.join(name), contents).expect("writes a layout file");
        self
    }

    fn run(&self, arguments: &[&str]) -> Output {
        jumpgate_in(&self.0, arguments)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        std::fs::remove_dir_all(&self.0).ok();
    }
}

/// The seed with `from` replaced by `to` (which must occur).
fn seed_with(from: &str, to: &str) -> String {
    assert!(SEED.contains(from), "the seed has no {from:?}");
    SEED.replacen(from, to, 1)
}

/// A copy of the seed with a grant naming an account the layout does not define.
fn with_unknown_account() -> String {
    seed_with(
        "accounts = [\"PROTO\", \"DEV\"]",
        "accounts = [\"PROTO\", \"DEV\", \"NOWHERE\"]",
    )
}

/// A copy of the seed where the operators' `admin` role waives MFA (and so reaches PRD
/// without it).
fn with_mfa_waiver() -> String {
    seed_with(
        "[role.trust]\nmax_mfa_age = 3600",
        "[role.trust]\nmfa_waiver = \"break glass\"",
    )
}

#[test]
fn check_accepts_the_seed() {
    let scratch = Scratch::new("check-seed");
    scratch.write("landing-zone.toml", SEED);
    for format in ["text", "json"] {
        let output = scratch.run(&["check", "landing-zone.toml", "--format", format]);
        assert_eq!(code(&output), Some(0), "{}", text(&output.stderr));
        assert_eq!(text(&output.stderr), "");
        let stdout = text(&output.stdout);
        // The seed's one finding: its management account is outside its SCPs.
        let findings: Vec<&str> = stdout
            .lines()
            .filter(|line| line.contains("ORG0") && !line.contains(": proof "))
            .collect();
        assert_eq!(findings.len(), 1, "{stdout}");
        assert!(findings[0].contains("ORG081"), "{stdout}");
        if format == "json" {
            assert_eq!(stdout.lines().count(), 1, "{stdout}");
            continue;
        }
        // Then every guardrail with its size and room, and the proofs, holding.
        for guardrail in [
            "deny-leave-organization",
            "iam-users-only-in-jump",
            "protect-baseline",
            "protect-managed-roles",
            "deny-root-user",
        ] {
            let line = format!("landing-zone.toml: guardrail `{guardrail}` (SCP): ");
            let found = stdout.lines().find(|l| l.starts_with(&line));
            assert!(
                found.is_some_and(|l| l.ends_with(" left") && l.contains(" of 10240 characters, ")),
                "{stdout}"
            );
        }
        assert!(
            stdout.contains("landing-zone.toml: guardrail `log-bucket-perimeter` (RCP): "),
            "{stdout}"
        );
        for proof in ["ORG082", "ORG083", "ORG084"] {
            assert!(
                stdout.contains(&format!("landing-zone.toml: proof {proof} holds: ")),
                "{stdout}"
            );
        }
        // Text: one line saying what was checked (the seed's one finding is a suggestion), so
        // that success is not a silent no-op.
        let accounts = SEED.matches("\n[[account]]").count();
        let users = SEED.matches("\n[[user]]").count();
        assert!(accounts > 1 && users > 1);
        let ok = stdout
            .lines()
            .find(|line| line.starts_with("landing-zone.toml: ok: "))
            .unwrap_or_else(|| panic!("no ok line: {stdout}"));
        assert!(ok.contains(&format!(" {accounts} accounts, ")), "{ok}");
        assert!(ok.contains(&format!(" {users} users, ")), "{ok}");
        assert!(ok.ends_with(" layout rules"), "{ok}");
    }
}

#[test]
fn check_names_the_account_role_and_action_a_left_out_guardrail_lets_through() {
    let scratch = Scratch::new("check-left-out");
    let variant = SEED.replace(
        "[guardrails]\n",
        "[guardrails]\nleave_out = [{ name = \"protect-baseline\", reason = \"replaced by hand\" }]\n",
    );
    assert_ne!(variant, SEED);
    scratch.write("variant.toml", variant);
    let output = scratch.run(&["check", "variant.toml"]);
    assert_eq!(code(&output), Some(1), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    assert!(
        stdout.contains(
            "variant.toml: ERROR ORG084 account[DEV].role[admin]: role admin in `DEV` calling \
             `cloudtrail:StopLogging` on `arn:aws:cloudtrail:eu-west-1:100000000005:trail/jumpgate` \
             (would tamper with the trail `jumpgate`) is allowed: no guardrail denies it"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("variant.toml: proof ORG084 fails "),
        "{stdout}"
    );
    assert!(
        stdout.contains("variant.toml: proof ORG082 holds: "),
        "{stdout}"
    );
}

#[test]
fn check_reports_findings_as_text_and_exits_1() {
    let scratch = Scratch::new("check-text");
    scratch.write("broken.toml", with_unknown_account());
    let output = scratch.run(&["check", "broken.toml"]);
    assert_eq!(code(&output), Some(1), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    let first = stdout.lines().next().unwrap_or_default();
    assert!(first.starts_with("broken.toml: ERROR "), "{stdout}");
    assert!(stdout.contains("NOWHERE"), "{stdout}");
    // Every line is a finding or one of its help lines.
    assert!(
        stdout
            .lines()
            .all(|line| line.starts_with("broken.toml: ") || line.starts_with("  = help: ")),
        "{stdout}"
    );
    insta::assert_snapshot!("check_text", stdout);
}

#[test]
fn check_reports_findings_as_json_lines() {
    let scratch = Scratch::new("check-json");
    scratch.write("broken.toml", with_unknown_account());
    let output = scratch.run(&["check", "--format", "json", "broken.toml"]);
    assert_eq!(code(&output), Some(1), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    let findings: Vec<serde_json::Value> = stdout
        .lines()
        .map(|line| serde_json::from_str(line).expect("each line is a JSON object"))
        .collect();
    assert!(!findings.is_empty());
    for finding in &findings {
        assert_eq!(finding["file"], "broken.toml");
        for key in ["code", "severity", "location", "message"] {
            assert!(finding[key].is_string(), "{key} in {finding}");
        }
        assert!(finding.get("help").is_none_or(serde_json::Value::is_string));
    }
    assert!(
        findings
            .iter()
            .any(|finding| finding["severity"] == "ERROR")
    );
    insta::assert_snapshot!("check_json", stdout);
}

#[test]
fn check_locates_toml_errors() {
    let scratch = Scratch::new("check-toml");
    // Line 9 of the seed is `name = "example"`: break its value.
    let broken = seed_with("name = \"example\"", "name = \"example");
    let unknown_field = seed_with("[[user]]\nname = \"alice\"", "[[user]]\nnmae = \"alice\"");
    scratch
        .write("syntax.toml", broken)
        .write("field.toml", unknown_field)
        .write("binary.toml", b"[organization]\nname = \"\xff\"\n");
    let output = scratch.run(&["check", "syntax.toml"]);
    assert_eq!(code(&output), Some(1));
    assert_eq!(text(&output.stdout), "");
    let stderr = text(&output.stderr);
    assert!(stderr.starts_with("syntax.toml:"), "{stderr}");
    let location: Vec<&str> = stderr.splitn(4, ':').collect();
    let line = SEED
        .lines()
        .position(|line| line == "name = \"example\"")
        .map(|index| index + 1);
    assert_eq!(location[1].parse::<usize>().ok(), line, "{stderr}");
    assert!(location[2].parse::<usize>().is_ok(), "{stderr}");
    assert!(location[3].starts_with(" error: "), "{stderr}");

    let output = scratch.run(&["check", "field.toml", "--format", "json"]);
    assert_eq!(code(&output), Some(1));
    let stderr = text(&output.stderr);
    let line = SEED
        .lines()
        .position(|line| line == "name = \"alice\"")
        .map(|index| index + 1);
    assert!(
        stderr.starts_with(&format!("field.toml:{}:1: error: ", line.unwrap_or(0))),
        "{stderr}"
    );
    assert!(stderr.contains("nmae"), "{stderr}");

    let output = scratch.run(&["check", "binary.toml"]);
    assert_eq!(code(&output), Some(1));
    assert_eq!(
        text(&output.stderr),
        "binary.toml:2:9: error: the file is not UTF-8\n"
    );
}

#[test]
fn check_usage_and_unreadable_files_exit_2() {
    let scratch = Scratch::new("check-usage");
    let output = scratch.run(&["check"]);
    assert_eq!(code(&output), Some(2));
    let output = scratch.run(&["check", "missing.toml"]);
    assert_eq!(code(&output), Some(2));
    assert!(
        text(&output.stderr).starts_with("missing.toml: error: cannot read file: "),
        "{}",
        text(&output.stderr)
    );
    scratch.write("seed.toml", SEED);
    let output = scratch.run(&["check", "seed.toml", "--format", "yaml"]);
    assert_eq!(code(&output), Some(2));
}

#[test]
fn render_writes_the_files_of_the_seed() {
    let scratch = Scratch::new("render-seed");
    scratch.write("landing-zone.toml", SEED);
    let output = scratch.run(&["render", "landing-zone.toml", "--out", "out"]);
    assert_eq!(code(&output), Some(0), "{}", text(&output.stderr));
    let expected = org_model_file_count();
    assert_eq!(
        text(&output.stdout),
        format!("landing-zone.toml: wrote {expected} files to out\n")
    );
    for user in ["alice", "bob", "carol"] {
        let config = scratch.0.join(format!("out/aws-config/{user}.config"));
        assert!(config.is_file(), "{} missing", config.display());
    }
    let mut written = 0;
    let mut pending = vec![scratch.0.join("out")];
    while let Some(directory) = pending.pop() {
        for entry in std::fs::read_dir(&directory).expect("reads the output") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                pending.push(path);
            } else {
                written += 1;
            }
        }
    }
    assert_eq!(written, expected);
}

/// How many files the seed renders to, by the library.
fn org_model_file_count() -> usize {
    let layout = jumpgate::org_model::seed::landing_zone();
    jumpgate::org_model::render::render(&layout).map_or_else(
        |error| panic!("the seed renders: {error}"),
        |rendered| rendered.files().len(),
    )
}

#[test]
fn render_refuses_a_layout_with_errors() {
    let scratch = Scratch::new("render-broken");
    scratch
        .write("broken.toml", with_unknown_account())
        .write("syntax.toml", "[organization\n");
    let output = scratch.run(&["render", "broken.toml", "--out", "out"]);
    assert_eq!(code(&output), Some(1));
    assert_eq!(text(&output.stdout), "");
    let stderr = text(&output.stderr);
    assert!(stderr.contains("broken.toml: ERROR "), "{stderr}");
    assert!(
        stderr.ends_with(
            "broken.toml: error: not rendered: the layout has ERROR findings (see above)\n"
        ),
        "{stderr}"
    );
    assert!(!scratch.0.join("out").exists(), "nothing is written");

    let output = scratch.run(&["render", "syntax.toml", "--out", "out"]);
    assert_eq!(code(&output), Some(1));
    assert!(text(&output.stderr).starts_with("syntax.toml:1:"));
    assert!(!scratch.0.join("out").exists());

    let output = scratch.run(&["render", "broken.toml"]);
    assert_eq!(code(&output), Some(2), "--out is required");
}

#[test]
fn access_prints_the_matrix_and_the_rule_holding_for_the_seed() {
    let scratch = Scratch::new("access-seed");
    scratch.write("landing-zone.toml", SEED);
    let output = scratch.run(&["access", "landing-zone.toml"]);
    assert_eq!(code(&output), Some(0), "{}", text(&output.stderr));
    insta::assert_snapshot!("access_seed", text(&output.stdout));
}

#[test]
fn access_reports_counterexamples_and_exits_1() {
    let scratch = Scratch::new("access-waiver");
    // A waiver without a reason does not count: the rule does not hold.
    scratch.write("waiver.toml", with_mfa_waiver().replace("break glass", ""));
    let output = scratch.run(&["access", "waiver.toml"]);
    assert_eq!(code(&output), Some(1), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    assert!(stdout.contains("| bob |"), "{stdout}");
    assert!(stdout.contains("admin (no MFA)"), "{stdout}");
    assert!(
        stdout.ends_with(
            "It does not hold: 1 breach.\n\
             ERROR ORG050 role[admin]: role `admin` is assumable without mfa in production \
             account `PRD` and its waiver gives no reason\n\
             Access path into production through them (1):\n\
             - user `bob` (account `JUMP`) → group `operators` → role `admin` in `PRD` \
             (production) without MFA (waiver: \"\")\n"
        ),
        "{stdout}"
    );

    scratch.write("syntax.toml", "[[account]\n");
    let output = scratch.run(&["access", "syntax.toml"]);
    assert_eq!(code(&output), Some(1));
    assert!(text(&output.stderr).starts_with("syntax.toml:1:"));
    let output = scratch.run(&["access", "missing.toml"]);
    assert_eq!(code(&output), Some(2));
}

#[test]
fn check_and_render_refuse_strings_that_would_forge_a_profile() {
    // A Region and an AWS managed policy name that carry a whole INI section: both were
    // accepted, and then written into every baseline.json, the CloudTrail ARN and role.json.
    let scratch = Scratch::new("check-strings");
    let region = seed_with(
        "default_region = \"eu-west-1\"",
        "default_region = \"eu-west-1\\n[profile evil]\\nrole_arn = arn:aws:iam::666666666666:role/x\"",
    );
    let managed = seed_with(
        "aws_managed = \"ReadOnlyAccess\"",
        "aws_managed = \"../../x\\n[profile evil]\"",
    );
    scratch
        .write("region.toml", region)
        .write("managed.toml", managed);
    for (file, code_expected) in [("region.toml", "ORG044"), ("managed.toml", "ORG046")] {
        let output = scratch.run(&["check", file]);
        assert_eq!(code(&output), Some(1), "{file}");
        let stdout = text(&output.stdout);
        assert!(
            stdout.starts_with(&format!("{file}: ERROR {code_expected} ")),
            "{stdout}"
        );
        assert!(!stdout.contains("\n[profile evil]"), "{stdout}");
        let output = scratch.run(&["render", file, "--out", "out"]);
        assert_eq!(code(&output), Some(1), "{file}");
        assert!(!scratch.0.join("out").exists(), "nothing is written");
    }
}

/// The production rule is decided once: `check`, `render` and `access` give the same verdict
/// on a role that waives MFA in production, and exit alike.
#[test]
fn check_render_and_access_agree_on_an_mfa_waiver_in_production() {
    let scratch = Scratch::new("production-verdict");
    // With a reason: a SECURITY_WARNING everywhere, and every command proceeds.
    scratch.write("waiver.toml", with_mfa_waiver());
    let warning = "SECURITY_WARNING ORG028 role[admin]: role `admin` is assumable without mfa in \
                   production account `PRD` (waiver: \"break glass\")";
    let output = scratch.run(&["check", "waiver.toml"]);
    assert_eq!(code(&output), Some(0), "{}", text(&output.stdout));
    assert!(
        text(&output.stdout).contains(&format!("waiver.toml: {warning}\n")),
        "{}",
        text(&output.stdout)
    );
    let output = scratch.run(&["render", "waiver.toml", "--out", "waived"]);
    assert_eq!(code(&output), Some(0), "{}", text(&output.stderr));
    assert!(
        text(&output.stderr).contains(warning),
        "{}",
        text(&output.stderr)
    );
    assert!(
        scratch
            .0
            .join("waived/accounts/PRD/roles/admin/trust-policy.json")
            .is_file()
    );
    let output = scratch.run(&["access", "waiver.toml"]);
    assert_eq!(code(&output), Some(0), "{}", text(&output.stdout));
    let stdout = text(&output.stdout);
    assert!(
        stdout.contains(&format!(
            "It holds by waiver: 1 breach, each waived with a reason.\n{warning}\n"
        )),
        "{stdout}"
    );

    // Without a reason: an ERROR everywhere, and every command refuses.
    scratch.write("blank.toml", with_mfa_waiver().replace("break glass", " "));
    let error = "ERROR ORG050 role[admin]: role `admin` is assumable without mfa in production \
                 account `PRD` and its waiver gives no reason";
    let output = scratch.run(&["check", "blank.toml"]);
    assert_eq!(code(&output), Some(1));
    assert!(
        text(&output.stdout).contains(error),
        "{}",
        text(&output.stdout)
    );
    let output = scratch.run(&["render", "blank.toml", "--out", "refused"]);
    assert_eq!(code(&output), Some(1));
    assert!(
        text(&output.stderr).contains(error),
        "{}",
        text(&output.stderr)
    );
    assert!(!scratch.0.join("refused").exists());
    let output = scratch.run(&["access", "blank.toml"]);
    assert_eq!(code(&output), Some(1));
    let stdout = text(&output.stdout);
    assert!(
        stdout.contains(&format!("It does not hold: 1 breach.\n{error}\n")),
        "{stdout}"
    );
}
