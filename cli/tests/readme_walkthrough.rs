//! The README's walkthrough "From zero to a working JUMP sign-in", run command by command: every
//! `sh` block of the section, in order, in one shell, against a moto server of its own on
//! loopback, as the seed's management account, with the AWS CLI of `.venv` (feature `aws`;
//! `scripts/test-all.sh` installs `.venv`).
#![cfg(all(feature = "aws", unix))]

use std::io::{Read as _, Write as _};
use std::os::unix::fs::PermissionsExt as _;
use std::os::unix::process::CommandExt as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

mod moto_session;

use moto_session::credentials_at as credentials;

const README: &str = include_str!("../../README.md");

/// The `sh` blocks of the walkthrough section, in order.
fn walkthrough_commands() -> Vec<String> {
    let section = README
        .split_once("\n## From zero to a working JUMP sign-in\n")
        .map(|(_, rest)| rest)
        .expect("the README has the walkthrough");
    let section = section.split("\n## ").next().expect("section");
    let mut blocks = Vec::new();
    let mut rest = section;
    while let Some((_, after)) = rest.split_once("\n```sh\n") {
        let (block, after) = after.split_once("\n```\n").expect("a closed block");
        blocks.push(block.to_owned());
        rest = after;
    }
    blocks
}

/// A moto server on loopback, stopped when dropped.
struct Moto {
    child: Child,
    endpoint: String,
}

impl Moto {
    fn start(scratch: &Path) -> Self {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let log = scratch.join("moto.log");
        let child = Command::new(root.join(".venv/bin/moto_server"))
            .args(["-H", "127.0.0.1", "-p", "0"])
            .env("MOTO_IAM_LOAD_MANAGED_POLICIES", "true")
            .env("AWS_CONFIG_FILE", "/dev/null")
            .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
            .env_remove("AWS_PROFILE")
            .stdout(std::fs::File::create(&log).expect("log"))
            .stderr(std::fs::File::create(scratch.join("moto.err")).expect("log"))
            .spawn()
            .expect("moto starts (.venv/bin/moto_server: run scripts/test-all.sh once)");
        let mut moto = Moto {
            child,
            endpoint: String::new(),
        };
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(30) {
            let mut text = String::new();
            for name in ["moto.log", "moto.err"] {
                if let Ok(mut file) = std::fs::File::open(scratch.join(name)) {
                    let _ = file.read_to_string(&mut text);
                }
            }
            if let Some(port) = text
                .split("Running on http://127.0.0.1:")
                .nth(1)
                .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
                .filter(|port| !port.is_empty())
            {
                moto.endpoint = format!("http://127.0.0.1:{port}");
                return moto;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("moto did not start");
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Scratch(PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn the_readme_walkthrough_runs_from_zero_to_a_switched_role() {
    let commands = walkthrough_commands();
    assert!(commands.len() >= 6, "{commands:#?}");
    let joined = commands.join("\n");
    for step in [
        "jumpgate check",
        "jumpgate render",
        "jumpgate plan",
        "jumpgate apply",
        "100000000001-alice.password",
        "enable-mfa-device",
        "get-caller-identity",
    ] {
        assert!(joined.contains(step), "the walkthrough runs `{step}`");
    }

    let scratch =
        Scratch(std::env::temp_dir().join(format!("jumpgate-walkthrough-{}", std::process::id())));
    let _ = std::fs::remove_dir_all(&scratch.0);
    let clone = scratch.0.join("clone");
    let home = scratch.0.join("home");
    let bin = scratch.0.join("bin");
    for dir in [&clone.join("examples"), &home, &bin] {
        std::fs::create_dir_all(dir).expect("scratch");
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    std::fs::copy(
        root.join("examples/landing-zone.toml"),
        clone.join("examples/landing-zone.toml"),
    )
    .expect("the seed");
    let moto = Moto::start(&scratch.0);

    // `jumpgate` on PATH: the binary under test, sent to moto (the AWS CLI goes there through
    // AWS_ENDPOINT_URL; jumpgate's member-account sessions need --endpoint-url).
    let wrapper = bin.join("jumpgate");
    std::fs::write(
        &wrapper,
        format!(
            "#!/bin/sh\ncase \"$1\" in\n  plan|apply|audit) exec '{}' \"$@\" --endpoint-url \
             \"$AWS_ENDPOINT_URL\" ;;\n  *) exec '{0}' \"$@\" ;;\nesac\n",
            env!("CARGO_BIN_EXE_jumpgate")
        ),
    )
    .expect("wrapper");
    std::fs::set_permissions(&wrapper, std::fs::Permissions::from_mode(0o755)).expect("chmod");

    let (key, secret, token) = credentials(&moto.endpoint, "100000000000");
    let venv = std::fs::canonicalize(root.join(".venv/bin")).expect(".venv (scripts/test-all.sh)");
    let path = format!(
        "{}:{}:{}",
        bin.display(),
        venv.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let script = format!("set -euo pipefail\nset -x\n{joined}\n");
    let mut command = Command::new("bash");
    command
        .args(["-c", &script])
        .current_dir(&clone)
        .env_clear()
        .env("PATH", path)
        .env("HOME", &home)
        .env("AWS_ENDPOINT_URL", &moto.endpoint)
        .env("AWS_DEFAULT_REGION", "us-east-1")
        .env("AWS_REGION", "us-east-1")
        .env("AWS_ACCESS_KEY_ID", key)
        .env("AWS_SECRET_ACCESS_KEY", secret)
        .env("AWS_SESSION_TOKEN", token)
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    // No controlling terminal (its own session): the AWS CLI reads the MFA code from stdin.
    // SAFETY: setsid is async-signal-safe and touches no memory of the parent.
    unsafe {
        command.pre_exec(|| {
            if libc::setsid() == -1 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let mut child = command.spawn().expect("bash runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(b"123456\n")
        .expect("the MFA code");
    let output = child.wait_with_output().expect("the walkthrough runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "the walkthrough failed:\n{stdout}\n{stderr}"
    );

    // Check, render and apply did what the README says.
    assert!(
        stdout.contains("my-org.toml: SUGGESTION ORG017"),
        "{stdout}"
    );
    let written = std::fs::read_to_string(clone.join("my-org.toml")).expect("my-org.toml");
    let id = written
        .split("name = \"SANDBOX\"\nid = \"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_else(|| panic!("SANDBOX's id written back:\n{written}"));
    assert!(
        id.len() == 12 && id.bytes().all(|b| b.is_ascii_digit()),
        "{id}"
    );
    assert!(
        stdout.contains(&format!(
            "Wrote id = \"{id}\" of account `SANDBOX` into my-org.toml."
        )),
        "{stdout}"
    );
    assert!(
        clone.join("my-org/switch-roles.md").is_file() && clone.join("alice-mfa.png").is_file(),
        "{stdout}"
    );
    // The last command: alice, with MFA, in DEV as `admin`.
    let identity: serde_json::Value = serde_json::from_str(
        &stdout[stdout
            .rfind("{\n")
            .unwrap_or_else(|| panic!("JSON in:\n{stdout}"))..],
    )
    .unwrap_or_else(|error| panic!("{error}:\n{stdout}"));
    assert_eq!(identity["Account"], "100000000005", "{identity}");
    assert_eq!(
        identity["Arn"], "arn:aws:sts::100000000005:assumed-role/admin/alice",
        "{identity}"
    );
    assert!(
        stderr.contains("MFA code"),
        "the CLI asked for the MFA code:\n{stderr}"
    );
}
