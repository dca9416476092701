//! Where many JSON paths point in a document, found in one pass over its text: no tree of the
//! document is kept for it. The offsets are those of [`crate::json::offset_of`].

use std::collections::HashMap;

use crate::json::{VALUE_ELEMENTS, string_at};
use crate::path::{JsonPath, PathSegment};

/// A step shared by the paths that have the same segments so far.
#[derive(Debug, Default)]
struct Step<'p> {
    /// The next steps, by object key and by array index.
    keys: HashMap<&'p str, usize>,
    indexes: HashMap<usize, usize>,
    /// The paths that end here.
    ends: Vec<usize>,
}

/// For each of `paths`, where it points in `text`, a document that parses: the offset of the
/// key for object members (of the value for single-value policy elements), of the value for
/// array elements; `None` for paths that lead to no element.
pub(crate) fn offsets(text: &str, paths: &[&JsonPath]) -> Vec<Option<usize>> {
    let mut steps = vec![Step::default()];
    for (which, path) in paths.iter().enumerate() {
        let mut at = 0;
        for segment in path.segments() {
            let next = steps.len();
            at = match segment {
                PathSegment::Key(key) => *steps[at].keys.entry(key.as_str()).or_insert(next),
                PathSegment::Index(index) => *steps[at].indexes.entry(*index).or_insert(next),
            };
            if at == next {
                steps.push(Step::default());
            }
        }
        steps[at].ends.push(which);
    }
    let mut walker = Walker {
        text,
        bytes: text.as_bytes(),
        steps: &steps,
        found: vec![None; paths.len()],
    };
    let start = if text.starts_with('\u{FEFF}') { 3 } else { 0 };
    let start = walker.skip_whitespace(start);
    if start < text.len() {
        walker.visit(vec![0], start, start);
    }
    walker.found
}

struct Walker<'t, 's, 'p> {
    text: &'t str,
    bytes: &'t [u8],
    steps: &'s [Step<'p>],
    found: Vec<Option<usize>>,
}

impl Walker<'_, '_, '_> {
    /// Visits the value at `position`, where the paths of the steps in `group` have reached,
    /// pointing at `offset` so far; returns the position after the value.
    fn visit(&mut self, mut group: Vec<usize>, position: usize, offset: usize) -> usize {
        crate::meter::step(1);
        let is_array = self.bytes.get(position) == Some(&b'[');
        if !is_array {
            // Index 0 of a value that is not an array is the value itself.
            let mut next = 0;
            while let Some(&step) = group.get(next) {
                if let Some(&child) = self.steps[step].indexes.get(&0) {
                    group.push(child);
                }
                next += 1;
            }
        }
        for &step in &group {
            for &which in &self.steps[step].ends {
                self.found[which] = Some(offset);
            }
        }
        match self.bytes.get(position) {
            Some(b'{') => self.object(&group, position, offset),
            Some(b'[') => self.array(&group, position, offset),
            _ => {
                // Keys and other indexes do not fit a single value: the paths stop here.
                for &step in &group {
                    let step = &self.steps[step];
                    let deeper = step.keys.values().chain(
                        step.indexes
                            .iter()
                            .filter(|(index, _)| **index != 0)
                            .map(|(_, child)| child),
                    );
                    for &child in deeper.collect::<Vec<_>>() {
                        self.set_all(child, Some(offset));
                    }
                }
                self.skip_value(position)
            }
        }
    }

    fn object(&mut self, group: &[usize], position: usize, offset: usize) -> usize {
        let mut wanted: HashMap<&str, Vec<usize>> = HashMap::new();
        for &step in group {
            let step = &self.steps[step];
            for (key, &child) in &step.keys {
                wanted.entry(key).or_default().push(child);
            }
            // An index (other than 0, handled in `visit`) does not fit an object.
            for (&index, &child) in &step.indexes {
                if index != 0 {
                    self.set_all(child, Some(offset));
                }
            }
        }
        if wanted.is_empty() {
            return self.skip_value(position);
        }
        let mut at = self.skip_whitespace(position + 1);
        while self.bytes.get(at) == Some(&b'"') {
            crate::meter::step(1);
            if wanted.is_empty() {
                // Nothing more to find here.
                let value = self.skip_whitespace(self.skip_whitespace(self.skip_string(at)) + 1);
                at = self.after_item(self.skip_value(value));
                continue;
            }
            let key_offset = at;
            let Some((key, after_key)) = string_at(self.text, at) else {
                break;
            };
            // `:`, then the value.
            let value = self.skip_whitespace(self.skip_whitespace(after_key) + 1);
            let after = match wanted.remove(key.as_ref()) {
                Some(children) => {
                    let scalar = matches!(
                        self.bytes.get(value),
                        Some(b'"' | b'-' | b'0'..=b'9' | b't' | b'f')
                    );
                    let child_offset = if scalar && VALUE_ELEMENTS.contains(&key.as_ref()) {
                        value
                    } else {
                        key_offset
                    };
                    self.visit(children, value, child_offset)
                }
                None => self.skip_value(value),
            };
            at = self.after_item(after);
        }
        // Keys the object does not have: those paths lead nowhere.
        for children in wanted.into_values() {
            for child in children {
                self.set_all(child, None);
            }
        }
        // Past the `}`.
        at + 1
    }

    /// Past the whitespace and the `,` (if any) after an object member or array item.
    fn after_item(&self, at: usize) -> usize {
        let at = self.skip_whitespace(at);
        if self.bytes.get(at) == Some(&b',') {
            self.skip_whitespace(at + 1)
        } else {
            at
        }
    }

    fn array(&mut self, group: &[usize], position: usize, offset: usize) -> usize {
        let mut wanted: HashMap<usize, Vec<usize>> = HashMap::new();
        for &step in group {
            let step = &self.steps[step];
            for (&index, &child) in &step.indexes {
                wanted.entry(index).or_default().push(child);
            }
            // A key does not fit an array.
            for &child in step.keys.values() {
                self.set_all(child, Some(offset));
            }
        }
        if wanted.is_empty() {
            return self.skip_value(position);
        }
        let mut at = self.skip_whitespace(position + 1);
        let mut index = 0;
        while !matches!(self.bytes.get(at), Some(b']') | None) {
            crate::meter::step(1);
            let after = match wanted.remove(&index) {
                Some(children) => self.visit(children, at, at),
                None => self.skip_value(at),
            };
            at = self.after_item(after);
            index += 1;
        }
        // Indexes past the end: those paths lead nowhere.
        for children in wanted.into_values() {
            for child in children {
                self.set_all(child, None);
            }
        }
        // Past the `]`.
        at + 1
    }

    /// Gives every path through `step` the offset `offset`.
    fn set_all(&mut self, step: usize, offset: Option<usize>) {
        let mut pending = vec![step];
        while let Some(step) = pending.pop() {
            crate::meter::step(1);
            let step = &self.steps[step];
            for &which in &step.ends {
                self.found[which] = offset;
            }
            pending.extend(step.keys.values());
            pending.extend(step.indexes.values());
        }
    }

    fn skip_whitespace(&self, mut at: usize) -> usize {
        while matches!(self.bytes.get(at), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            at += 1;
        }
        at
    }

    /// The position after the string starting at `at`.
    fn skip_string(&self, at: usize) -> usize {
        let mut at = at + 1;
        loop {
            let Some(next) = self
                .bytes
                .get(at..)
                .and_then(|rest| rest.iter().position(|&byte| byte == b'"' || byte == b'\\'))
            else {
                return self.bytes.len();
            };
            at += next;
            if self.bytes[at] == b'\\' {
                at += 2;
            } else {
                return at + 1;
            }
        }
    }

    /// The position after the value starting at `at`.
    fn skip_value(&self, at: usize) -> usize {
        match self.bytes.get(at) {
            Some(b'"') => self.skip_string(at),
            Some(b'{' | b'[') => {
                let mut depth = 0usize;
                let mut at = at;
                while let Some(&byte) = self.bytes.get(at) {
                    match byte {
                        b'"' => {
                            at = self.skip_string(at);
                            continue;
                        }
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth -= 1;
                            if depth == 0 {
                                return at + 1;
                            }
                        }
                        _ => {}
                    }
                    at += 1;
                }
                self.bytes.len()
            }
            _ => {
                let mut at = at;
                while self.bytes.get(at).is_some_and(|byte| {
                    !matches!(byte, b',' | b']' | b'}' | b' ' | b'\t' | b'\n' | b'\r')
                }) {
                    at += 1;
                }
                at
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::{KeyIndex, Node, NodeValue, offset_of, parse};

    /// Every path of the tree, and paths that lead nowhere or past a value from each.
    fn paths_of(node: &Node<'_>, path: &JsonPath, paths: &mut Vec<JsonPath>) {
        paths.push(path.clone());
        // Past or beside this value: an index, an absent key, a key past the value.
        paths.push(path.index(0));
        paths.push(path.index(0).key("Effect"));
        paths.push(path.index(7));
        paths.push(path.key("Absent"));
        paths.push(path.key("Action").index(1));
        match &node.value {
            NodeValue::Object(members) => {
                for member in members {
                    paths_of(&member.value, &path.key(&member.key), paths);
                }
            }
            NodeValue::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    paths_of(item, &path.index(index), paths);
                }
                paths.push(path.index(items.len()));
            }
            _ => {}
        }
    }

    fn check(text: &str) {
        let tree = parse(text).unwrap_or_else(|error| panic!("{error:?} in {text}"));
        let keys = KeyIndex::new(&tree);
        let mut paths = Vec::new();
        paths_of(&tree, &JsonPath::root(), &mut paths);
        let borrowed: Vec<&JsonPath> = paths.iter().collect();
        let found = offsets(text, &borrowed);
        for (path, offset) in paths.iter().zip(found) {
            assert_eq!(offset, offset_of(&tree, path, &keys), "{path} in {text}");
        }
    }

    #[test]
    fn one_pass_over_the_text_finds_what_the_tree_does() {
        for text in [
            r#"{"Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "s3:Put*"], "Resource": "*"}]}"#,
            "\u{FEFF} \n{\"Statement\":{\"Sid\":\"é\\\"\",\"Effect\":\"Deny\",\"Action\":\"*\",\"Condition\":{\"StringEquals\":{\"a:\\u0062\":[1, true, null, \"x\"]}}}}",
            r#"{"a\"b": {"c": [[1, [2, {"d": "}"}]], {}], "e": []}, "Statement": 3, "x": null}"#,
            r#"[{"Effect": "Allow"}, [], "s", 1.5e3, false]"#,
            r#""just a string""#,
            "\t{ \"Version\" :\r\n \"2012-10-17\" , \"Statement\" : [ ] }\n",
            r#"{"Principal": {"AWS": "*"}, "NotPrincipal": {"AWS": ["1", "2"]}, "Id": "\\"}"#,
        ] {
            check(text);
        }
    }

    #[test]
    fn one_pass_over_the_corpus_finds_what_the_tree_does() {
        // Every third AWS managed policy: all of them take long in debug builds, and they are
        // alike.
        for policy in crate::managed::all().step_by(3) {
            check(policy.document_text());
        }
    }
}
