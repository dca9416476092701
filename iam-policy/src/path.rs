//! JSON paths such as `Statement[2].Condition.StringEquals`, naming an element of a policy document.

use std::fmt;

/// One step of a [`JsonPath`]: an object member or an array index.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PathSegment {
    /// An object member, by key.
    Key(String),
    /// An array element, by zero-based index.
    Index(usize),
}

/// The location of an element inside a JSON document, from the root.
///
/// Displays as `Statement[2].Condition.StringEquals`; keys that are not plain words are quoted,
/// as in `Condition.StringEquals["aws:username"]`. The empty path is the document itself.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct JsonPath(Vec<PathSegment>);

impl JsonPath {
    /// The path of the document itself.
    pub fn root() -> Self {
        Self(Vec::new())
    }

    /// This path extended by an object key.
    pub fn key(&self, key: &str) -> Self {
        self.extended(PathSegment::Key(key.to_owned()))
    }

    /// This path extended by an array index.
    pub fn index(&self, index: usize) -> Self {
        self.extended(PathSegment::Index(index))
    }

    /// A copy of this path with one more segment, allocated once at its final length.
    fn extended(&self, segment: PathSegment) -> Self {
        let mut segments = Vec::with_capacity(self.0.len() + 1);
        segments.extend_from_slice(&self.0);
        segments.push(segment);
        Self(segments)
    }

    /// The segments from the root.
    pub fn segments(&self) -> &[PathSegment] {
        &self.0
    }

    /// Whether this is the document itself.
    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }

    /// Appends a segment in place.
    pub fn push(&mut self, segment: PathSegment) {
        self.0.push(segment);
    }

    /// Removes the last segment in place.
    pub fn pop(&mut self) -> Option<PathSegment> {
        self.0.pop()
    }
}

fn is_plain_word(key: &str) -> bool {
    !key.is_empty()
        && key
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || byte == b'_')
}

impl fmt::Display for JsonPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("(document)");
        }
        for (position, segment) in self.0.iter().enumerate() {
            match segment {
                PathSegment::Index(index) => write!(f, "[{index}]")?,
                PathSegment::Key(key) if is_plain_word(key) => {
                    if position > 0 {
                        f.write_str(".")?;
                    }
                    f.write_str(key)?;
                }
                PathSegment::Key(key) => {
                    write!(f, "[{}]", serde_json::Value::String(key.clone()))?;
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_like_a_javascript_accessor() {
        let path = JsonPath::root()
            .key("Statement")
            .index(2)
            .key("Condition")
            .key("StringEquals")
            .key("aws:username");
        assert_eq!(
            path.to_string(),
            r#"Statement[2].Condition.StringEquals["aws:username"]"#
        );
        assert_eq!(JsonPath::root().to_string(), "(document)");
    }
}
