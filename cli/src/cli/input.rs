//! Reading the files named on the command line (`-` is standard input), never more than the
//! input limit.

use std::io::Read;
use std::path::Path;

use super::output::{error_line, help_line};

/// The default of `--max-input-bytes`: 8 MiB, 256 times the largest policy AWS accepts (a KMS
/// key policy, 32 KB; an S3 bucket policy 20 KB, an IAM managed policy 6 KB); a layout of
/// 60,000 accounts fits. Linting, formatting or checking an input of this size stays under
/// 200 MiB of memory.
pub(super) const DEFAULT_MAX_INPUT_BYTES: &str = "8MiB";

/// A file's display name and raw bytes.
pub(super) struct InputFile {
    /// The name used in messages: the path as given, or `<stdin>`.
    pub name: String,
    /// The file's bytes (validated as UTF-8 by the parser, which reports where it is not).
    pub bytes: Vec<u8>,
}

/// Why an input could not be read.
#[derive(Debug, thiserror::Error)]
pub(super) enum InputError {
    /// Standard input could not be read.
    #[error("cannot read standard input: {0}")]
    Stdin(std::io::Error),
    /// The file could not be opened or read.
    #[error("cannot read file: {0}")]
    File(std::io::Error),
    /// The input goes on past the limit.
    #[error("the input is larger than the limit of {limit} bytes")]
    TooLarge {
        /// `--max-input-bytes`.
        limit: u64,
    },
}

/// An input that could not be read, with the name to print.
#[derive(Debug)]
pub(super) struct Unreadable {
    /// The path as given, or `<stdin>`.
    pub name: String,
    /// Why.
    pub error: InputError,
}

impl Unreadable {
    /// Prints `NAME: error: MESSAGE` (and a help line) to standard error.
    pub(super) fn print(&self) {
        error_line(&format!("{}: error: {}", self.name, self.error));
        if let InputError::TooLarge { .. } = self.error {
            help_line("raise the limit with --max-input-bytes");
        }
    }
}

/// Reads one input, at most `limit` bytes: reading stops one byte past it (so an endless input
/// such as `/dev/zero` ends at once and in bounded memory).
pub(super) fn read_input(argument: &str, limit: u64) -> Result<InputFile, Unreadable> {
    let (name, result) = if argument == "-" {
        let name = "<stdin>".to_owned();
        let result = read_limited(std::io::stdin().lock(), 0, limit).map_err(InputError::Stdin);
        (name, result)
    } else {
        let result = std::fs::File::open(Path::new(argument)).and_then(|file| {
            let hint = file.metadata().map_or(0, |metadata| metadata.len());
            read_limited(file, hint, limit)
        });
        (argument.to_owned(), result.map_err(InputError::File))
    };
    match result {
        Ok(bytes) if bytes.len() as u64 > limit => Err(Unreadable {
            name,
            error: InputError::TooLarge { limit },
        }),
        Ok(bytes) => Ok(InputFile { name, bytes }),
        Err(error) => Err(Unreadable { name, error }),
    }
}

/// Up to `limit + 1` bytes of `reader` (`hint`: its size when known).
fn read_limited(reader: impl Read, hint: u64, limit: u64) -> std::io::Result<Vec<u8>> {
    let cap = limit.saturating_add(1);
    let capacity = usize::try_from(hint.min(cap)).unwrap_or(0);
    let mut bytes = Vec::with_capacity(capacity);
    reader.take(cap).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Parses `--max-input-bytes`: a number of bytes, or of `KiB`, `MiB` or `GiB`.
pub(super) fn parse_size(text: &str) -> Result<u64, String> {
    let (digits, unit) = match text.find(|c: char| !c.is_ascii_digit()) {
        Some(index) => text.split_at(index),
        None => (text, ""),
    };
    let multiplier: u64 = match unit {
        "" => 1,
        "KiB" => 1 << 10,
        "MiB" => 1 << 20,
        "GiB" => 1 << 30,
        _ => return Err("expected a number of bytes, or of KiB, MiB or GiB (`16MiB`)".to_owned()),
    };
    digits
        .parse::<u64>()
        .ok()
        .and_then(|number| number.checked_mul(multiplier))
        .ok_or_else(|| "expected a number of bytes, or of KiB, MiB or GiB (`16MiB`)".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_with_binary_units() {
        assert_eq!(parse_size(DEFAULT_MAX_INPUT_BYTES), Ok(8 * 1024 * 1024));
        assert_eq!(parse_size("0"), Ok(0));
        assert_eq!(parse_size("1000"), Ok(1000));
        assert_eq!(parse_size("1KiB"), Ok(1024));
        assert_eq!(parse_size("8MiB"), Ok(8 << 20));
        assert_eq!(parse_size("2GiB"), Ok(2 << 30));
        for bad in [
            "",
            "MiB",
            "1 MiB",
            "1MB",
            "-1",
            "1.5MiB",
            "99999999999999999999GiB",
        ] {
            assert!(parse_size(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn reading_stops_one_byte_past_the_limit() {
        let endless = std::io::repeat(0);
        let bytes = read_limited(endless, 0, 100).expect("reads");
        assert_eq!(bytes.len(), 101);
        let bytes = read_limited(&b"abc"[..], 3, 3).expect("reads");
        assert_eq!(bytes, b"abc");
    }
}
