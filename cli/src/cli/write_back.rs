//! After `apply` creates accounts: their ids written into the layout file, comments and
//! formatting kept (`toml_edit`), or the lines to add when the file cannot be written.

use toml_edit::{DocumentMut, Item, value};

/// An account that `apply` created: its name in the layout and the id AWS gave it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct NewId {
    /// The account's `name`.
    pub account: String,
    /// The 12-digit id.
    pub id: String,
}

/// Why the ids could not be written into the text.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub(super) enum WriteBackError {
    /// The file no longer reads as TOML (edited since it was loaded?).
    #[error("the layout file no longer reads as TOML: {0}")]
    NotToml(String),
    /// No `[[account]]` table has the name.
    #[error("no `[[account]]` table named `{0}` in the layout file")]
    NoAccount(String),
    /// The account's table has another id already.
    #[error("account `{account}` already has the id `{existing}` in the layout file, not `{id}`")]
    OtherId {
        /// The account's name.
        account: String,
        /// The id in the file.
        existing: String,
        /// The id AWS gave it.
        id: String,
    },
}

/// `text` with `id = "..."` set in the `[[account]]` table of each account of `ids`, right after
/// its `name`; every other byte (comments, blank lines, order, quoting) stays as it was.
pub(super) fn write_back(text: &str, ids: &[NewId]) -> Result<String, WriteBackError> {
    let mut document: DocumentMut = text
        .parse()
        .map_err(|error: toml_edit::TomlError| WriteBackError::NotToml(error.message().into()))?;
    for new in ids {
        let table = document
            .get_mut("account")
            .and_then(Item::as_array_of_tables_mut)
            .and_then(|tables| {
                tables.iter_mut().find(|table| {
                    table.get("name").and_then(Item::as_str) == Some(new.account.as_str())
                })
            })
            .ok_or_else(|| WriteBackError::NoAccount(new.account.clone()))?;
        match table.get("id").and_then(Item::as_str) {
            Some(existing) if existing == new.id => continue,
            Some(existing) => {
                return Err(WriteBackError::OtherId {
                    account: new.account.clone(),
                    existing: existing.to_owned(),
                    id: new.id.clone(),
                });
            }
            None => {}
        }
        // Ranks: every key keeps its place, `id` comes right after `name` (a stable sort).
        let order: Vec<String> = table.iter().map(|(key, _)| key.to_owned()).collect();
        let rank = |key: &str| {
            let place = |name: &str| order.iter().position(|k| k == name).unwrap_or(order.len());
            if key == "id" {
                2 * place("name") + 1
            } else {
                2 * place(key)
            }
        };
        table.insert("id", value(new.id.as_str()));
        table.sort_values_by(|a, _, b, _| rank(a.get()).cmp(&rank(b.get())));
    }
    Ok(document.to_string())
}

/// The lines to add by hand, one per account: `ACCOUNT: id = "ID"`.
pub(super) fn lines_to_add(ids: &[NewId]) -> Vec<String> {
    ids.iter()
        .map(|new| format!("  [[account]] `{}`: id = \"{}\"", new.account, new.id))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const LAYOUT: &str = r#"# The landing zone.
[organization]
name = "example"   # shown in profiles

[[account]]
name = "DEV"
id = "100000000005"
email = "dev@example.com"

# A new account: created by email.
[[account]]
name = "SANDBOX"   # for experiments
email = 'sandbox@example.com'
ou = "Workloads"

[[account]]
name = "OTHER"
email = "other@example.com"
"#;

    fn new(account: &str, id: &str) -> NewId {
        NewId {
            account: account.to_owned(),
            id: id.to_owned(),
        }
    }

    #[test]
    fn the_id_goes_after_the_name_and_nothing_else_changes() {
        let written = write_back(LAYOUT, &[new("SANDBOX", "123456789012")]).expect("written");
        let expected = LAYOUT.replace(
            "name = \"SANDBOX\"   # for experiments\n",
            "name = \"SANDBOX\"   # for experiments\nid = \"123456789012\"\n",
        );
        assert_ne!(expected, LAYOUT);
        assert_eq!(written, expected);
        // Twice: the same id again changes nothing.
        assert_eq!(
            write_back(&written, &[new("SANDBOX", "123456789012")]).expect("written"),
            written
        );
    }

    #[test]
    fn several_accounts_at_once() {
        let written = write_back(
            LAYOUT,
            &[new("OTHER", "222222222222"), new("SANDBOX", "111111111111")],
        )
        .expect("written");
        assert!(written.contains("name = \"OTHER\"\nid = \"222222222222\"\nemail"));
        assert!(written.contains("# for experiments\nid = \"111111111111\"\nemail = 'sandbox"));
        assert!(written.starts_with("# The landing zone.\n"));
    }

    #[test]
    fn refuses_what_it_cannot_do_cleanly() {
        assert_eq!(
            write_back(LAYOUT, &[new("NOWHERE", "123456789012")]),
            Err(WriteBackError::NoAccount("NOWHERE".to_owned()))
        );
        assert_eq!(
            write_back(LAYOUT, &[new("DEV", "123456789012")]),
            Err(WriteBackError::OtherId {
                account: "DEV".to_owned(),
                existing: "100000000005".to_owned(),
                id: "123456789012".to_owned()
            })
        );
        assert!(matches!(
            write_back("[[account]\n", &[new("DEV", "1")]),
            Err(WriteBackError::NotToml(_))
        ));
    }

    #[test]
    fn lines_name_each_account() {
        assert_eq!(
            lines_to_add(&[new("SANDBOX", "123456789012")]),
            ["  [[account]] `SANDBOX`: id = \"123456789012\""]
        );
    }
}
