//! The layout loader and everything after it, on arbitrary text:
//!
//! * `Layout::from_toml` never panics, and its errors point inside the text;
//! * a layout it reads writes back as TOML (`to_toml`) and reads back equal;
//! * `checks::check` and reachability never panic;
//! * `render::render` never panics; a layout without ERROR findings renders, every rendered path
//!   is a plain relative path, every file ends with a newline, every `.json` file is JSON and
//!   every rendered policy reads back with the policy parser.

#![no_main]

use iam_policy::Policy;
use jumpgate_fuzz::check_position;
use libfuzzer_sys::{Corpus, fuzz_target};
use org_model::render::{self, FileKind};
use org_model::{Error, Layout, checks, reachability};

fuzz_target!(init: jumpgate_fuzz::report_stack_overflows(), |data: &[u8]| -> Corpus {
    // The loader takes text; the CLI reports non-UTF-8 files before it gets there.
    let Ok(text) = std::str::from_utf8(data) else {
        return Corpus::Reject;
    };
    let layout = match Layout::from_toml(text) {
        Ok(layout) => layout,
        Err(Error::Layout {
            line,
            column,
            message,
        }) => {
            assert!(!message.trim().is_empty(), "an empty error message");
            check_position(iam_policy::Position { line, column }, text, &message);
            return Corpus::Keep;
        }
        Err(other) => panic!("from_toml failed with a non-layout error: {other}"),
    };

    let written = layout
        .to_toml()
        .unwrap_or_else(|error| panic!("a layout read from TOML does not write: {error}"));
    match Layout::from_toml(&written) {
        Ok(reread) => assert_eq!(
            reread, layout,
            "TOML round trip changed the layout\n{written}"
        ),
        Err(error) => panic!("the written layout does not read back: {error}\n{written}"),
    }

    let report = checks::check(&layout);
    for finding in &report.findings {
        assert!(!finding.code.is_empty(), "{finding:?}: no code");
        assert!(
            !finding.message.trim().is_empty(),
            "{finding:?}: no message"
        );
    }
    let paths = reachability::access_paths(&layout);
    let _ = reachability::production_counterexamples(&paths);
    let _ = reachability::access_matrix_from_paths(&layout, &paths);

    let rendered = match render::render(&layout) {
        Ok(rendered) => rendered,
        Err(error) if report.has_errors() => {
            assert!(!error.to_string().is_empty());
            return Corpus::Keep;
        }
        Err(error) => panic!("a layout without ERROR findings does not render: {error}"),
    };
    for (path, contents) in rendered.files() {
        assert!(
            !path.is_empty()
                && path
                    .split('/')
                    .all(|segment| !segment.is_empty() && segment != "." && segment != ".."),
            "not a plain relative path: {path:?}"
        );
        assert!(contents.ends_with('\n'), "{path}: no final newline");
        let kind = rendered
            .kind(path)
            .unwrap_or_else(|| panic!("{path}: no kind"));
        if path.ends_with(".json") {
            let json = serde_json::from_str::<serde_json::Value>(contents);
            assert!(json.is_ok(), "{path}: not JSON: {json:?}\n{contents}");
        }
        let policy = matches!(
            kind,
            FileKind::TrustPolicy
                | FileKind::PermissionPolicy
                | FileKind::GroupPolicy
                | FileKind::BucketPolicy
        );
        if policy && let Err(error) = Policy::from_json(contents) {
            panic!("{path}: the rendered policy does not parse: {error}\n{contents}");
        }
    }
    Corpus::Keep
});
