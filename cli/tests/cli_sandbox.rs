//! `scripts/try-local.sh`: the local sandbox runs plan → apply → plan → audit on the seed against
//! a moto server of its own on loopback, and stops it (feature `aws`; moto from `.venv`, which
//! `scripts/test-all.sh` installs).
#![cfg(feature = "aws")]

use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Stdio};

#[test]
fn the_sandbox_runs_the_seed_end_to_end_and_stops_moto() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let seed = root.join("examples/landing-zone.toml");
    let before = std::fs::read(&seed).expect("the seed");
    let output = Command::new(root.join("scripts/try-local.sh"))
        .env("JUMPGATE", env!("CARGO_BIN_EXE_jumpgate"))
        // Whatever the caller's AWS set-up, the sandbox reads none of it.
        .env("AWS_PROFILE", "no-such-profile")
        .env("AWS_CONFIG_FILE", "/nonexistent")
        .stdin(Stdio::null())
        .output()
        .expect("the sandbox runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stdout}\n{stderr}");

    // The four steps, in order, each with what it prints against AWS.
    let steps: Vec<&str> = stdout
        .lines()
        .filter_map(|line| line.strip_prefix("== jumpgate "))
        .collect();
    assert_eq!(
        steps,
        [
            "plan landing-zone.toml",
            "apply landing-zone.toml",
            "plan landing-zone.toml",
            "audit landing-zone.toml"
        ],
        "{stdout}"
    );
    let section = |n: usize| {
        stdout
            .split("\n== jumpgate ")
            .nth(n)
            .unwrap_or_else(|| panic!("step {n} in:\n{stdout}"))
    };
    assert!(
        section(1).contains("+ organization in organization: create"),
        "{stdout}"
    );
    assert!(
        section(1).contains("+ role `admin` in DEV (100000000005): create"),
        "{stdout}"
    );
    assert!(section(2).contains("Applied "), "{stdout}");
    assert!(
        section(3).contains("No changes: AWS matches the layout."),
        "{stdout}"
    );
    // Audit lines: account, item, status, in aligned columns.
    let audited = |account: &str, item: &str, status: &str| {
        section(4).lines().any(|line| {
            let mut words = line.split_whitespace();
            words.next() == Some(account)
                && words.next() == Some(item)
                && words.next() == Some(status)
        })
    };
    assert!(audited("LOG", "log-bucket", "ok"), "{stdout}");
    assert!(audited("PRD", "cloudtrail", "ok"), "{stdout}");
    // The initial passwords went to the sandbox's directory, never to the real default one.
    assert!(
        stdout.contains("Initial password of user `alice`"),
        "{stdout}"
    );
    assert!(!stdout.contains(".local/state/jumpgate"), "{stdout}");
    assert!(
        stdout.contains("== acting as the management account 100000000000"),
        "{stdout}"
    );

    // moto was on loopback, and is stopped: its port no longer answers.
    let address = stdout
        .lines()
        .find_map(|line| line.strip_prefix("== moto server "))
        .and_then(|rest| rest.split(" at http://").nth(1))
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("the moto address in:\n{stdout}"));
    assert!(address.starts_with("127.0.0.1:"), "{address}");
    assert!(stdout.trim_end().ends_with("stopped"), "{stdout}");
    assert!(
        TcpStream::connect(address).is_err(),
        "moto still answers at {address}"
    );

    // It works on a copy: the seed is untouched.
    assert_eq!(std::fs::read(&seed).expect("the seed"), before);
}
