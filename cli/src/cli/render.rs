//! `jumpgate render`: check a layout, then replace the output directory with every file
//! rendered from it (see `jumpgate::output_dir` for what is replaced and what is refused).

use std::path::PathBuf;

use clap::Args;
use jumpgate::org_model::checks;
use jumpgate::org_model::render::render;
use jumpgate::output_dir::replace_dir;

use super::check::{load_layout, text_lines};
use super::output::{Failed, Stdout, error_line, help_line};
use super::{EXIT_INVALID_INPUT, EXIT_OK, EXIT_USAGE};

#[derive(Debug, Args)]
pub(super) struct RenderArgs {
    /// The layout file (TOML); `-` reads standard input.
    #[arg(value_name = "LAYOUT.toml")]
    file: String,
    /// The directory to replace with the rendered files (created when missing). It may hold
    /// only what an earlier render wrote: anything else is refused, never overwritten.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
}

fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("{count} {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

pub(super) fn run(args: &RenderArgs, limit: u64) -> u8 {
    let loaded = match load_layout(&args.file, limit) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let name = &loaded.name;
    // Findings go to standard error: standard output is the summary.
    let report = checks::check(&loaded.layout);
    for finding in &report.findings {
        for line in text_lines(name, finding) {
            error_line(&line);
        }
    }
    if report.has_errors() {
        error_line(&format!(
            "{name}: error: not rendered: the layout has ERROR findings (see above)"
        ));
        return EXIT_INVALID_INPUT;
    }
    let rendered = match render(&loaded.layout) {
        Ok(rendered) => rendered,
        Err(error) => {
            error_line(&format!("{name}: error: cannot render: {error}"));
            return EXIT_INVALID_INPUT;
        }
    };
    let replaced = match replace_dir(&args.out, &rendered) {
        Ok(replaced) => replaced,
        Err(error) => {
            error_line(&format!("{name}: error: {error}"));
            if let Some(help) = error.help() {
                help_line(help);
            }
            return EXIT_USAGE;
        }
    };
    for leftover in &replaced.leftovers {
        error_line(&format!(
            "{name}: note: `{}` was left by an interrupted render: delete it",
            leftover.display()
        ));
    }
    if let Some(kept) = &replaced.kept {
        error_line(&format!(
            "{name}: warning: the earlier tree is kept in `{}`: something was added to it \
             while rendering",
            kept.display()
        ));
    }
    let mut summary = format!(
        "{name}: wrote {} to {}",
        plural(replaced.written, "file"),
        args.out.display()
    );
    if !replaced.removed.is_empty() {
        summary.push_str(&format!(
            " (removed {} of the earlier render)",
            plural(replaced.removed.len(), "file")
        ));
    }
    if Stdout::lock().line(&summary).is_err() {
        return Failed::CODE;
    }
    EXIT_OK
}
