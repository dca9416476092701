//! Reading and writing layouts as TOML, with line and column in errors.

use crate::{Error, Layout};

impl Layout {
    /// Reads a layout from TOML text.
    ///
    /// ```
    /// let layout = org_model::Layout::from_toml(r#"
    /// [organization]
    /// name = "acme"
    /// management_account = "ROOT"
    ///
    /// [[account]]
    /// name = "ROOT"
    /// email = "root@example.com"
    /// purpose = "management"
    /// "#)?;
    /// assert_eq!(layout.accounts.len(), 1);
    /// # Ok::<(), org_model::Error>(())
    /// ```
    pub fn from_toml(text: &str) -> Result<Layout, Error> {
        toml::from_str(text).map_err(|error| {
            let offset = error.span().map_or(0, |span| span.start);
            let prefix = &text[..offset.min(text.len())];
            let line = prefix.matches('\n').count() + 1;
            let column = prefix
                .rsplit('\n')
                .next()
                .map_or(0, |last| last.chars().count())
                + 1;
            Error::Layout {
                line,
                column,
                message: error.message().to_owned(),
            }
        })
    }

    /// Writes the layout as TOML.
    pub fn to_toml(&self) -> Result<String, Error> {
        toml::to_string(self).map_err(|error| Error::Serialize(error.to_string()))
    }
}
