//! `jumpgate render`: check a layout, then write every file rendered from it.

use std::path::PathBuf;

use clap::Args;
use jumpgate::org_model::checks;
use jumpgate::org_model::render::render;

use super::check::{load_layout, text_lines};
use super::input::escape_controls;
use super::{EXIT_INVALID_INPUT, EXIT_OK, EXIT_USAGE};

#[derive(Debug, Args)]
pub struct RenderArgs {
    /// The layout file (TOML); `-` reads standard input.
    #[arg(value_name = "LAYOUT.toml")]
    file: String,
    /// The directory to write into (created when missing).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
}

pub fn run(args: &RenderArgs) -> u8 {
    let loaded = match load_layout(&args.file) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let name = escape_controls(&loaded.name);
    // Findings go to standard error: standard output is the summary.
    let report = checks::check(&loaded.layout);
    for finding in &report.findings {
        eprintln!("{}", text_lines(&loaded.name, finding));
    }
    if report.has_errors() {
        eprintln!("{name}: error: not rendered: the layout has ERROR findings (see above)");
        return EXIT_INVALID_INPUT;
    }
    let rendered = match render(&loaded.layout) {
        Ok(rendered) => rendered,
        Err(error) => {
            eprintln!("{name}: error: cannot render: {error}");
            return EXIT_INVALID_INPUT;
        }
    };
    if let Err(error) = rendered.write_to(&args.out) {
        eprintln!("{name}: error: {error}");
        return EXIT_USAGE;
    }
    let count = rendered.files().len();
    let noun = if count == 1 { "file" } else { "files" };
    println!(
        "{name}: wrote {count} {noun} to {}",
        escape_controls(&args.out.display().to_string())
    );
    EXIT_OK
}
