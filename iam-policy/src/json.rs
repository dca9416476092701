//! A small JSON reader that keeps what `serde_json::Value` loses: key order, duplicate keys
//! (rejected, never "last one wins") and the byte offset of every key and value, so that errors
//! and findings can name a line and column.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasher, RandomState};

use crate::model::JsonNumber;
use crate::path::{JsonPath, PathSegment};

/// Nesting deeper than this is rejected; real policies nest five levels deep.
pub(crate) const MAX_DEPTH: usize = 64;

/// A JSON value with the offset where it starts in the source text (none when it came through serde).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Node<'a> {
    pub value: NodeValue<'a>,
    pub offset: Option<usize>,
}

/// An object member: the key, where it starts, and the value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Member<'a> {
    pub key: Cow<'a, str>,
    pub key_offset: Option<usize>,
    pub value: Node<'a>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum NodeValue<'a> {
    Null,
    Bool(bool),
    Number(JsonNumber),
    String(Cow<'a, str>),
    Array(Vec<Node<'a>>),
    Object(Vec<Member<'a>>),
}

impl NodeValue<'_> {
    /// The JSON type's name, for "expected X, found Y" messages.
    pub(crate) fn type_name(&self) -> &'static str {
        match self {
            NodeValue::Null => "null",
            NodeValue::Bool(_) => "a boolean",
            NodeValue::Number(_) => "a number",
            NodeValue::String(_) => "a string",
            NodeValue::Array(_) => "an array",
            NodeValue::Object(_) => "an object",
        }
    }
}

/// A JSON syntax error at a byte offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SyntaxError {
    pub message: String,
    pub offset: usize,
    pub code: crate::codes::Code,
}

/// A 1-based line and column (columns count characters, not bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Position {
    /// Line number, from 1.
    pub line: usize,
    /// Column number in characters, from 1.
    pub column: usize,
}

impl std::fmt::Display for Position {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// Converts byte offsets into lines and columns.
///
/// Lines are found by binary search in the line starts. Columns count characters: in ASCII
/// text they are byte counts; otherwise characters are counted from the nearest checkpoint (the
/// number of characters before every [`CHECKPOINT`]-th byte, recorded once), so that many
/// positions on one long line cost no more than a few short counts each.
#[derive(Debug, Clone)]
pub(crate) struct LineIndex<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
    /// Characters before byte `i * CHECKPOINT`, for each `i` up to the end; empty for ASCII
    /// text.
    checkpoints: Vec<usize>,
}

/// Bytes between two character-count checkpoints.
const CHECKPOINT: usize = 1024;

/// The number of characters that start in `bytes` (bytes that are not UTF-8 continuations).
fn count_characters(bytes: &[u8]) -> usize {
    crate::meter::step(bytes.len());
    bytes
        .iter()
        .filter(|&&byte| !is_utf8_continuation(byte))
        .count()
}

fn is_utf8_continuation(byte: u8) -> bool {
    byte & 0xC0 == 0x80
}

/// Whether eight bytes may hold a `"`, a `\\` or a control byte (below 0x20), which end the
/// plain run of a string. Never false when one is there; may be true for a byte after one.
fn may_end_plain_run(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // The classic "has a zero byte" test, and "has a byte below n" for n = 0x20.
    let has_zero = |value: u64| value.wrapping_sub(ONES) & !value & HIGH != 0;
    let below_space = word.wrapping_sub(ONES * 0x20) & !word & HIGH != 0;
    below_space
        || has_zero(word ^ (ONES * u64::from(b'"')))
        || has_zero(word ^ (ONES * u64::from(b'\\')))
}

impl<'a> LineIndex<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        let mut line_starts = vec![0];
        // `match_indices` with a `char` finds each newline with `memchr`.
        line_starts.extend(text.match_indices('\n').map(|(index, _)| index + 1));
        let mut checkpoints = Vec::new();
        if !text.is_ascii() {
            let mut characters = 0;
            checkpoints.reserve(text.len() / CHECKPOINT + 1);
            for chunk in text.as_bytes().chunks(CHECKPOINT) {
                checkpoints.push(characters);
                characters += count_characters(chunk);
            }
            // For the end of a text whose length is a multiple of `CHECKPOINT`.
            checkpoints.push(characters);
        }
        Self {
            text,
            line_starts,
            checkpoints,
        }
    }

    /// The number of characters before byte `offset`.
    fn characters_before(&self, offset: usize) -> usize {
        let block = offset / CHECKPOINT;
        self.checkpoints[block]
            + count_characters(&self.text.as_bytes()[block * CHECKPOINT..offset])
    }

    pub(crate) fn position(&self, offset: usize) -> Position {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|start| *start <= offset) - 1;
        let start = self.line_starts[line];
        let column = if self.checkpoints.is_empty() {
            offset - start
        } else {
            self.characters_before(offset) - self.characters_before(start)
        };
        Position {
            line: line + 1,
            column: column + 1,
        }
    }
}

/// The position of a byte offset, for one-off use.
pub(crate) fn position_of(text: &str, offset: usize) -> Position {
    LineIndex::new(text).position(offset)
}

/// Parses one JSON document.
pub(crate) fn parse(text: &str) -> Result<Node<'_>, SyntaxError> {
    read(Reader::new(text, None))
}

/// Receives the statements of a document as they are read: `Statement[i]` with `Some(i)`, or
/// the single `Statement` object with `None`.
pub(crate) type StatementSink<'a, 's> = &'s mut dyn FnMut(Option<usize>, Node<'a>);

/// Parses one JSON document, handing each statement to `sink` as soon as it is read instead of
/// keeping it in the tree (which keeps a `null` or an empty object in its place): a document's
/// tree never has to be held together with all of its statements' model.
pub(crate) fn parse_streaming<'a>(
    text: &'a str,
    sink: StatementSink<'a, '_>,
) -> Result<Node<'a>, SyntaxError> {
    read(Reader::new(text, Some(sink)))
}

/// The string starting at byte `position` of `text` (at its `"`), decoded, and the offset just
/// after it.
pub(crate) fn string_at(text: &str, position: usize) -> Option<(Cow<'_, str>, usize)> {
    let mut reader = Reader::new(text, None);
    reader.position = position;
    let string = reader.string().ok()?;
    Some((string, reader.position))
}

fn read<'a>(mut reader: Reader<'a, '_>) -> Result<Node<'a>, SyntaxError> {
    if reader.bytes.starts_with(b"\xEF\xBB\xBF") {
        reader.position = 3;
    }
    reader.skip_whitespace();
    if reader.position >= reader.bytes.len() {
        return Err(reader.error("empty document: expected a JSON object"));
    }
    let node = reader.value()?;
    reader.skip_whitespace();
    if reader.position < reader.bytes.len() {
        return Err(reader.error("unexpected characters after the end of the document"));
    }
    Ok(node)
}

struct Reader<'a, 's> {
    text: &'a str,
    bytes: &'a [u8],
    position: usize,
    depth: usize,
    sink: Option<StatementSink<'a, 's>>,
    /// The next value is the top-level `Statement` (and `sink` takes its statements).
    statement_next: bool,
}

impl<'a, 's> Reader<'a, 's> {
    fn new(text: &'a str, sink: Option<StatementSink<'a, 's>>) -> Self {
        Self {
            text,
            bytes: text.as_bytes(),
            position: 0,
            depth: 0,
            sink,
            statement_next: false,
        }
    }

    fn error(&self, message: impl Into<String>) -> SyntaxError {
        self.error_at(message, self.position)
    }

    fn error_at(&self, message: impl Into<String>, offset: usize) -> SyntaxError {
        SyntaxError {
            message: message.into(),
            offset,
            code: crate::codes::JSON_SYNTAX_ERROR,
        }
    }

    fn skip_whitespace(&mut self) {
        while let Some(byte) = self.bytes.get(self.position) {
            if matches!(byte, b' ' | b'\t' | b'\n' | b'\r') {
                self.position += 1;
            } else {
                break;
            }
        }
    }

    fn describe_here(&self) -> String {
        match self.text[self.position..].chars().next() {
            None => "the end of the document".to_owned(),
            Some(character) => format!("`{character}`"),
        }
    }

    fn value(&mut self) -> Result<Node<'a>, SyntaxError> {
        let offset = self.position;
        let statements = std::mem::take(&mut self.statement_next) && self.sink.is_some();
        let value = match self.bytes.get(self.position) {
            Some(b'{') if statements => {
                let statement = Node {
                    value: self.object()?,
                    offset: Some(offset),
                };
                if let Some(sink) = self.sink.as_mut() {
                    sink(None, statement);
                }
                NodeValue::Object(Vec::new())
            }
            Some(b'[') if statements => self.array(true)?,
            Some(b'{') => self.object()?,
            Some(b'[') => self.array(false)?,
            Some(b'"') => NodeValue::String(self.string()?),
            Some(b't') => self.literal("true", NodeValue::Bool(true))?,
            Some(b'f') => self.literal("false", NodeValue::Bool(false))?,
            Some(b'n') => self.literal("null", NodeValue::Null)?,
            Some(b'-' | b'0'..=b'9') => NodeValue::Number(self.number()?),
            _ => return Err(self.not_a_value()),
        };
        Ok(Node {
            value,
            offset: Some(offset),
        })
    }

    fn literal(
        &mut self,
        word: &'static str,
        value: NodeValue<'a>,
    ) -> Result<NodeValue<'a>, SyntaxError> {
        let rest = &self.bytes[self.position..];
        let ends_word = rest
            .get(word.len())
            .is_none_or(|byte| !byte.is_ascii_alphanumeric());
        if rest.starts_with(word.as_bytes()) && ends_word {
            self.position += word.len();
            Ok(value)
        } else {
            Err(self.not_a_value())
        }
    }

    /// The error for text where a value should start: the whole document when it is the
    /// document's first word (`not json at all`).
    fn not_a_value(&self) -> SyntaxError {
        let found = match self.word_here() {
            Some(word) => format!("`{word}`"),
            None => self.describe_here(),
        };
        if self.depth == 0 {
            self.error(format!(
                "the document is not JSON: expected a JSON object, found {found}"
            ))
        } else {
            self.error(format!("expected a JSON value, found {found}"))
        }
    }

    /// The word starting here (letters, digits and punctuation other than JSON's), shortened
    /// to 24 characters, if one does.
    fn word_here(&self) -> Option<String> {
        let rest = &self.text[self.position..];
        let length = rest
            .find(|character: char| {
                character.is_whitespace()
                    || matches!(character, ',' | ':' | '[' | ']' | '{' | '}' | '"')
            })
            .unwrap_or(rest.len());
        let word = &rest[..length];
        if word.is_empty() {
            return None;
        }
        let mut shown: String = word.chars().take(24).collect();
        if shown.len() < word.len() {
            shown.push('…');
        }
        Some(shown)
    }

    fn enter(&mut self) -> Result<(), SyntaxError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error(format!("the document nests deeper than {MAX_DEPTH} levels")));
        }
        Ok(())
    }

    /// An array; with `statements`, its items go to the sink, and `null`s stand in for them.
    fn array(&mut self, statements: bool) -> Result<NodeValue<'a>, SyntaxError> {
        self.enter()?;
        self.position += 1;
        let mut items = Vec::new();
        self.skip_whitespace();
        if self.bytes.get(self.position) == Some(&b']') {
            self.position += 1;
            self.depth -= 1;
            return Ok(NodeValue::Array(items));
        }
        loop {
            self.skip_whitespace();
            let item = self.value()?;
            match self.sink.as_mut() {
                Some(sink) if statements => {
                    let offset = item.offset;
                    sink(Some(items.len()), item);
                    items.push(Node {
                        value: NodeValue::Null,
                        offset,
                    });
                }
                _ => items.push(item),
            }
            self.skip_whitespace();
            match self.bytes.get(self.position) {
                Some(b',') => self.position += 1,
                Some(b']') => {
                    self.position += 1;
                    break;
                }
                _ => {
                    return Err(self.error(format!(
                        "expected `,` or `]` in an array, found {}",
                        self.describe_here()
                    )));
                }
            }
        }
        self.depth -= 1;
        Ok(NodeValue::Array(items))
    }

    fn object(&mut self) -> Result<NodeValue<'a>, SyntaxError> {
        self.enter()?;
        let object_offset = self.position;
        self.position += 1;
        let mut members: Vec<Member<'a>> = Vec::new();
        let mut keys = KeySet::default();
        self.skip_whitespace();
        if self.bytes.get(self.position) == Some(&b'}') {
            self.position += 1;
            self.depth -= 1;
            return Ok(NodeValue::Object(members));
        }
        loop {
            self.skip_whitespace();
            if self.bytes.get(self.position) != Some(&b'"') {
                return Err(self.error(format!(
                    "expected a quoted key in an object, found {}",
                    self.describe_here()
                )));
            }
            let key_offset = self.position;
            let key = self.string()?;
            self.skip_whitespace();
            if self.bytes.get(self.position) != Some(&b':') {
                return Err(self.error(format!(
                    "expected `:` after the key `{key}`, found {}",
                    self.describe_here()
                )));
            }
            self.position += 1;
            self.skip_whitespace();
            // The root object's `Statement` (depth 1: inside the root object).
            self.statement_next = self.depth == 1 && key == "Statement";
            let value = self.value()?;
            if let Some(first) = keys.insert(&members, &key) {
                let first = &members[first];
                let first_position =
                    position_of(self.text, first.key_offset.unwrap_or(object_offset));
                return Err(SyntaxError {
                    message: format!(
                        "duplicate key `{key}` (first at line {}, column {}); JSON parsers disagree on which one wins, so IAM documents must not repeat keys",
                        first_position.line, first_position.column
                    ),
                    offset: key_offset,
                    code: crate::codes::DUPLICATE_KEY,
                });
            }
            members.push(Member {
                key,
                key_offset: Some(key_offset),
                value,
            });
            self.skip_whitespace();
            match self.bytes.get(self.position) {
                Some(b',') => self.position += 1,
                Some(b'}') => {
                    self.position += 1;
                    break;
                }
                _ => {
                    return Err(self.error(format!(
                        "expected `,` or `}}` in an object, found {}",
                        self.describe_here()
                    )));
                }
            }
        }
        self.depth -= 1;
        Ok(NodeValue::Object(members))
    }

    fn string(&mut self) -> Result<Cow<'a, str>, SyntaxError> {
        let start = self.position;
        self.position += 1;
        let content_start = self.position;
        // Fast path: no escapes. Whole words without a quote, backslash or control byte are
        // skipped eight bytes at a time; the byte loop below finds the one that ends the run.
        while let Some(chunk) = self.bytes.get(self.position..self.position + 8) {
            let Ok(word) = <[u8; 8]>::try_from(chunk) else {
                break;
            };
            if may_end_plain_run(u64::from_le_bytes(word)) {
                break;
            }
            self.position += 8;
        }
        while let Some(&byte) = self.bytes.get(self.position) {
            match byte {
                b'"' => {
                    let content = &self.text[content_start..self.position];
                    self.position += 1;
                    return Ok(Cow::Borrowed(content));
                }
                b'\\' => break,
                0x00..=0x1F => {
                    return Err(self.error("control character in a string: escape it"));
                }
                _ => self.position += 1,
            }
        }
        if self.position >= self.bytes.len() {
            return Err(self.error_at("unterminated string", start));
        }
        let mut owned = String::from(&self.text[content_start..self.position]);
        loop {
            let Some(&byte) = self.bytes.get(self.position) else {
                return Err(self.error_at("unterminated string", start));
            };
            match byte {
                b'"' => {
                    self.position += 1;
                    return Ok(Cow::Owned(owned));
                }
                b'\\' => {
                    self.position += 1;
                    let escaped = self.bytes.get(self.position).copied();
                    self.position += 1;
                    match escaped {
                        Some(b'"') => owned.push('"'),
                        Some(b'\\') => owned.push('\\'),
                        Some(b'/') => owned.push('/'),
                        Some(b'b') => owned.push('\u{8}'),
                        Some(b'f') => owned.push('\u{c}'),
                        Some(b'n') => owned.push('\n'),
                        Some(b'r') => owned.push('\r'),
                        Some(b't') => owned.push('\t'),
                        Some(b'u') => owned.push(self.unicode_escape()?),
                        _ => {
                            return Err(
                                self.error_at("invalid escape in a string", self.position - 2)
                            );
                        }
                    }
                }
                0x00..=0x1F => {
                    return Err(self.error("control character in a string: escape it"));
                }
                _ => {
                    // Copy one whole UTF-8 character.
                    let rest = &self.text[self.position..];
                    let character = rest.chars().next().unwrap_or('\u{FFFD}');
                    owned.push(character);
                    self.position += character.len_utf8();
                }
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, SyntaxError> {
        let digits = self
            .text
            .get(self.position..self.position + 4)
            .ok_or_else(|| self.error("expected four hex digits after `\\u`"))?;
        let value = u32::from_str_radix(digits, 16)
            .map_err(|_| self.error("expected four hex digits after `\\u`"))?;
        if !digits.bytes().all(|byte| byte.is_ascii_hexdigit()) {
            return Err(self.error("expected four hex digits after `\\u`"));
        }
        self.position += 4;
        Ok(value)
    }

    fn unicode_escape(&mut self) -> Result<char, SyntaxError> {
        let escape_start = self.position - 2;
        let first = self.hex4()?;
        let code_point = if (0xD800..0xDC00).contains(&first) {
            if !self.bytes[self.position..].starts_with(b"\\u") {
                return Err(self.error_at("unpaired surrogate in a `\\u` escape", escape_start));
            }
            self.position += 2;
            let second = self.hex4()?;
            if !(0xDC00..0xE000).contains(&second) {
                return Err(self.error_at("unpaired surrogate in a `\\u` escape", escape_start));
            }
            0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
        } else {
            first
        };
        char::from_u32(code_point)
            .ok_or_else(|| self.error_at("unpaired surrogate in a `\\u` escape", escape_start))
    }

    fn number(&mut self) -> Result<JsonNumber, SyntaxError> {
        let start = self.position;
        let digits = |reader: &mut Self| {
            let from = reader.position;
            while reader
                .bytes
                .get(reader.position)
                .is_some_and(u8::is_ascii_digit)
            {
                reader.position += 1;
            }
            reader.position - from
        };
        if self.bytes.get(self.position) == Some(&b'-') {
            self.position += 1;
        }
        let integer_start = self.position;
        let integer_digits = digits(self);
        if integer_digits == 0 {
            return Err(self.error("expected a digit in a number"));
        }
        if integer_digits > 1 && self.bytes[integer_start] == b'0' {
            return Err(self.error_at("numbers must not have leading zeros", integer_start));
        }
        if self.bytes.get(self.position) == Some(&b'.') {
            self.position += 1;
            if digits(self) == 0 {
                return Err(self.error("expected a digit after the decimal point"));
            }
        }
        if matches!(self.bytes.get(self.position), Some(b'e' | b'E')) {
            self.position += 1;
            if matches!(self.bytes.get(self.position), Some(b'+' | b'-')) {
                self.position += 1;
            }
            if digits(self) == 0 {
                return Err(self.error("expected a digit in the exponent"));
            }
        }
        let text = &self.text[start..self.position];
        if crate::model::number_out_of_range(text) {
            let shown = match text.get(..40) {
                Some(head) if text.len() > 40 => format!("{head}…"),
                _ => text.to_owned(),
            };
            return Err(self.error_at(
                format!("number `{shown}` is out of range (beyond ±1.8e308)"),
                start,
            ));
        }
        // Kept as written: `1.50` stays `1.50`.
        Ok(JsonNumber::from_checked(text))
    }
}

/// Objects with up to this many members are searched one member at a time.
const FEW_MEMBERS: usize = 8;

/// The keys of an object being read, to find a repeated key in constant time per member.
#[derive(Debug, Default)]
pub(crate) struct KeySet {
    /// Past [`FEW_MEMBERS`] members: the first member index by the hash of its key (keyed
    /// SipHash, so that input cannot choose colliding keys).
    by_hash: Option<(RandomState, HashMap<u64, usize>)>,
}

impl KeySet {
    /// The index of the member of `members` with `key`, if there is one; otherwise records that
    /// the next member (`members.len()`) has `key`.
    pub(crate) fn insert(&mut self, members: &[Member<'_>], key: &str) -> Option<usize> {
        let index = members.len();
        if index < FEW_MEMBERS && self.by_hash.is_none() {
            crate::meter::step(index);
            return members.iter().position(|member| member.key == key);
        }
        let (state, first_by_hash) = self.by_hash.get_or_insert_with(|| {
            let state = RandomState::new();
            let mut first_by_hash = HashMap::with_capacity(4 * FEW_MEMBERS);
            for (index, member) in members.iter().enumerate() {
                first_by_hash
                    .entry(state.hash_one(&*member.key))
                    .or_insert(index);
            }
            (state, first_by_hash)
        });
        crate::meter::step(1);
        match first_by_hash.entry(state.hash_one(key)) {
            std::collections::hash_map::Entry::Vacant(vacant) => {
                vacant.insert(index);
                None
            }
            std::collections::hash_map::Entry::Occupied(first) => {
                let first = *first.get();
                if members[first].key == key {
                    Some(first)
                } else {
                    // Two keys with one 64-bit hash: compare them all.
                    members.iter().position(|member| member.key == key)
                }
            }
        }
    }
}

/// The members of a tree's large objects in key order, to find a member by key by binary
/// search rather than one member at a time.
#[derive(Debug, Default)]
pub(crate) struct KeyIndex {
    /// Member indices in key order, by the address of the object's member buffer (which does
    /// not move while the tree lives), for objects of more than [`FEW_MEMBERS`] members.
    sorted: HashMap<usize, Box<[usize]>>,
}

impl KeyIndex {
    pub(crate) fn new(root: &Node<'_>) -> Self {
        let mut sorted = HashMap::new();
        let mut pending = vec![root];
        while let Some(node) = pending.pop() {
            crate::meter::step(1);
            match &node.value {
                NodeValue::Array(items) => pending.extend(items),
                NodeValue::Object(members) => {
                    if members.len() > FEW_MEMBERS {
                        let mut order: Vec<usize> = (0..members.len()).collect();
                        order.sort_unstable_by(|&left, &right| {
                            members[left].key.cmp(&members[right].key)
                        });
                        sorted.insert(members.as_ptr() as usize, order.into_boxed_slice());
                    }
                    pending.extend(members.iter().map(|member| &member.value));
                }
                _ => {}
            }
        }
        Self { sorted }
    }

    /// The member of `members` (an object of the indexed tree) with `key`.
    fn member<'n, 'a>(&self, members: &'n [Member<'a>], key: &str) -> Option<&'n Member<'a>> {
        match self.sorted.get(&(members.as_ptr() as usize)) {
            Some(order) if order.len() == members.len() => {
                crate::meter::step(1);
                let found = order
                    .binary_search_by(|&index| members[index].key.as_ref().cmp(key))
                    .ok()?;
                members.get(order[found])
            }
            _ => {
                crate::meter::step(members.len());
                members.iter().find(|member| member.key == key)
            }
        }
    }
}

/// Policy elements whose single value is what findings about them concern.
pub(crate) const VALUE_ELEMENTS: [&str; 14] = [
    "Version",
    "Id",
    "Sid",
    "Effect",
    "Principal",
    "NotPrincipal",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "AWS",
    "Service",
    "Federated",
    "CanonicalUser",
];

/// Finds where a path points in a parsed tree: the key's offset for object members, the value's
/// offset for array elements. `keys` indexes the tree's large objects.
pub(crate) fn offset_of(root: &Node<'_>, path: &JsonPath, keys: &KeyIndex) -> Option<usize> {
    let mut node = root;
    let mut offset = root.offset;
    for segment in path.segments() {
        match (segment, &node.value) {
            (PathSegment::Key(key), NodeValue::Object(members)) => {
                let member = keys.member(members, key)?;
                // A policy element with a single value (`"Action": "s3:GetObject"`) points at
                // the value; other members (condition keys, objects, arrays) at the key.
                let scalar = matches!(
                    member.value.value,
                    NodeValue::String(_) | NodeValue::Number(_) | NodeValue::Bool(_)
                );
                offset = if scalar && VALUE_ELEMENTS.contains(&key.as_str()) {
                    member.value.offset.or(member.key_offset)
                } else {
                    member.key_offset.or(member.value.offset)
                };
                node = &member.value;
            }
            (PathSegment::Index(index), NodeValue::Array(items)) => {
                node = items.get(*index)?;
                offset = node.offset;
            }
            // A single value written where an array is allowed: index 0 is the value itself.
            (PathSegment::Index(0), _) => {}
            _ => return offset,
        }
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_run_words_are_told_apart_from_words_that_end_it() {
        for byte in 0..=u8::MAX {
            let ends = byte == b'"' || byte == b'\\' || byte < 0x20;
            for position in 0..8 {
                for filler in [b'a', b'~', 0x80, 0xff] {
                    let mut word = [filler; 8];
                    word[position] = byte;
                    assert_eq!(
                        may_end_plain_run(u64::from_le_bytes(word)),
                        ends,
                        "{word:?}"
                    );
                }
            }
        }
    }

    fn error_of(text: &str) -> SyntaxError {
        parse(text).unwrap_err()
    }

    #[test]
    fn keeps_key_order_and_types() {
        let node = parse(r#"{"b": 1, "a": [true, "x", -2, 1.5, null]}"#).unwrap();
        let NodeValue::Object(members) = node.value else {
            panic!("object expected")
        };
        assert_eq!(members[0].key, "b");
        assert_eq!(members[1].key, "a");
    }

    #[test]
    fn rejects_duplicate_keys() {
        let error = error_of("{\"a\": 1,\n \"a\": 2}");
        assert_eq!(error.code, crate::codes::DUPLICATE_KEY);
        assert!(
            error
                .message
                .contains("duplicate key `a` (first at line 1, column 2)")
        );
        assert_eq!(error.offset, 10);
    }

    #[test]
    fn syntax_errors() {
        assert!(error_of("").message.contains("empty document"));
        assert!(error_of("   \n").message.contains("empty document"));
        assert!(error_of("{").message.contains("expected a quoted key"));
        assert!(error_of("{\"a\" 1}").message.contains("expected `:`"));
        assert!(error_of("[1 2]").message.contains("expected `,` or `]`"));
        assert!(error_of("{} x").message.contains("after the end"));
        assert!(error_of("\"abc").message.contains("unterminated"));
        assert!(error_of("01").message.contains("leading zeros"));
        assert!(error_of("1e999").message.contains("out of range"));
        assert!(error_of("\"\\x\"").message.contains("invalid escape"));
        assert!(
            error_of("\"\\ud800\"")
                .message
                .contains("unpaired surrogate")
        );
        assert!(error_of("\"a\u{1}\"").message.contains("control character"));
    }

    #[test]
    fn rejects_absurd_nesting() {
        let deep = "[".repeat(10_000);
        assert!(error_of(&deep).message.contains("deeper than 64"));
        let fine = format!("{}{}", "[".repeat(64), "]".repeat(64));
        assert!(parse(&fine).is_ok());
    }

    #[test]
    fn escapes_decode() {
        let node = parse(r#""a\u00e9\ud83d\ude00\n""#).unwrap();
        assert_eq!(
            node.value,
            NodeValue::String(Cow::Owned("aé😀\n".to_owned()))
        );
    }

    #[test]
    fn positions_count_characters() {
        let text = "{\n  \"é\": 1, \"b\": 2}";
        let index = LineIndex::new(text);
        let offset = text.find("\"b\"").unwrap();
        assert_eq!(
            index.position(offset),
            Position {
                line: 2,
                column: 11
            }
        );
    }

    #[test]
    fn offsets_follow_paths() {
        let text = "{\"Statement\": [{}, {\"Action\": \"x\", \"Condition\": {\"Bool\": {\"k\": \"true\"}}}]}";
        let root = parse(text).unwrap();
        let statement = JsonPath::root().key("Statement").index(1);
        // A single-value policy element points at its value...
        assert_eq!(
            offset_of(&root, &statement.key("Action"), &KeyIndex::new(&root)),
            Some(text.find("\"x\"").unwrap())
        );
        // ...other members at their key.
        let key = statement.key("Condition").key("Bool").key("k");
        assert_eq!(
            offset_of(&root, &key, &KeyIndex::new(&root)),
            Some(text.find("\"k\"").unwrap())
        );
    }
}
