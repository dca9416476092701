//! The error type of the `org-model` crate.

/// Everything that can go wrong reading or rendering a layout.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A layout file could not be read as TOML of the layout's shape.
    #[error("{line}:{column}: {message}")]
    Layout {
        /// Line, from 1.
        line: usize,
        /// Column, from 1.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// A layout could not be written as TOML.
    #[error("cannot write the layout as TOML: {0}")]
    Serialize(#[source] toml::ser::Error),
    /// A policy could not be built from the layout.
    #[error(transparent)]
    Policy(#[from] iam_policy::Error),
    /// A file could not be written while rendering.
    #[error("cannot write `{path}`: {source}")]
    Write {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
}
