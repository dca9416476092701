//! Reading the files named on the command line (`-` is standard input).

use std::io::Read;
use std::path::Path;

/// A file's display name and raw bytes.
pub struct InputFile {
    /// The name used in messages: the path as given, or `<stdin>`.
    pub name: String,
    /// The file's bytes (validated as UTF-8 by the parser, which reports where it is not).
    pub bytes: Vec<u8>,
}

/// Reads one input; on failure returns the message to print.
pub fn read_input(argument: &str) -> Result<InputFile, String> {
    if argument == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|error| format!("<stdin>: error: cannot read standard input: {error}"))?;
        return Ok(InputFile {
            name: "<stdin>".to_owned(),
            bytes,
        });
    }
    let bytes = std::fs::read(Path::new(argument))
        .map_err(|error| format!("{argument}: error: cannot read file: {error}"))?;
    Ok(InputFile {
        name: argument.to_owned(),
        bytes,
    })
}
