//! The catalog in memory: `catalog.tsv` (compiled in with `include_str!`) parsed once, on first
//! use, into flat tables that borrow their strings from the compiled-in text.
//!
//! Every table is sorted the way the generator wrote the file (case-insensitively by name within
//! a service, services by prefix), so lookups are binary searches. Lists (an action's condition
//! keys, its resource types) are spans into shared pools.

use crate::fast_hash::{CaseFolded, FastHash};
use std::cmp::Ordering;
use std::collections::HashMap;
use std::sync::OnceLock;

use super::access_level::AccessLevel;
use super::action_index::ActionIndex;
use super::generated::CATALOG_TSV;
use super::model::KeyType;

/// A half-open range of indices into one of the tables or pools.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Span {
    pub(crate) start: u32,
    pub(crate) end: u32,
}

impl Span {
    fn starting_at(start: usize) -> Self {
        let start = index(start);
        Span { start, end: start }
    }

    fn ending_at(self, end: usize) -> Self {
        Span {
            start: self.start,
            end: index(end),
        }
    }

    pub(crate) fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    pub(crate) fn len(self) -> usize {
        (self.end - self.start) as usize
    }
}

/// Table indices are `u32`; the catalog has tens of thousands of rows.
fn index(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

#[derive(Debug)]
pub(crate) struct ServiceRecord {
    pub(crate) prefix: &'static str,
    pub(crate) name: &'static str,
    pub(crate) keys: Span,
    pub(crate) resource_types: Span,
    pub(crate) actions: Span,
}

#[derive(Debug)]
pub(crate) struct ActionRecord {
    pub(crate) service: u32,
    /// `prefix:Name`.
    pub(crate) full_name: &'static str,
    pub(crate) access_level: AccessLevel,
    /// Into `key_pool`.
    pub(crate) keys: Span,
    /// Into `action_resources`.
    pub(crate) resources: Span,
}

#[derive(Debug)]
pub(crate) struct ResourceTypeRecord {
    pub(crate) service: u32,
    pub(crate) name: &'static str,
    /// Into `key_pool`.
    pub(crate) keys: Span,
    /// The ARN formats, separated by tabs.
    pub(crate) arn_formats: &'static str,
}

#[derive(Debug)]
pub(crate) struct ActionResourceRecord {
    pub(crate) resource_type: u32,
    pub(crate) required: bool,
    /// Into `key_pool`.
    pub(crate) keys: Span,
}

/// Where a condition key record comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum KeyOrigin {
    /// Listed by a service (the index into `services`).
    Service(u32),
    /// An `aws:` key from the global list.
    Global,
    /// A service key the global list declares usable with every service.
    CrossService,
}

#[derive(Debug)]
pub(crate) struct KeyRecord {
    pub(crate) name: &'static str,
    pub(crate) key_type: KeyType,
    pub(crate) origin: KeyOrigin,
}

#[derive(Debug, Default)]
pub(crate) struct Catalog {
    pub(crate) services: Vec<ServiceRecord>,
    pub(crate) actions: Vec<ActionRecord>,
    pub(crate) resource_types: Vec<ResourceTypeRecord>,
    pub(crate) action_resources: Vec<ActionResourceRecord>,
    /// Global keys first (see `global_keys`), then each service's keys.
    pub(crate) keys: Vec<KeyRecord>,
    pub(crate) global_keys: Span,
    /// Key indices referenced by actions, resource types and pairs.
    pub(crate) key_pool: Vec<u32>,
    /// One key index per distinct name (case-insensitive), sorted by name; a global record wins
    /// over a service's, the owning service's (same prefix) over others.
    pub(crate) key_index: Vec<u32>,
    /// The entries of `key_index` whose names are templates (`${TagKey}`, `<key>`), by the
    /// prefix before their `:` (case-insensitive), in `key_index` order.
    pub(crate) key_templates: HashMap<CaseFolded<'static>, Vec<u32>, FastHash>,
    /// Lines that could not be read (expected to be zero).
    pub(crate) skipped_lines: usize,
    /// While parsing: key lists of the current service already resolved, by their text. Most
    /// lists repeat (1.2k distinct among 28k), so they share one span of the pool.
    resolved_lists: HashMap<Words<'static>, Span, FastHash>,
    /// Action ids by full name, ignoring case.
    pub(crate) action_by_name: ActionIndex,
    /// Service indices by prefix, ignoring case (a hash lookup instead of a binary search
    /// that compares names at every step).
    service_by_prefix: HashMap<CaseFolded<'static>, usize, FastHash>,
    /// The entries of `key_index` by name, ignoring case (see `service_by_prefix`).
    pub(crate) key_by_name: HashMap<CaseFolded<'static>, u32, FastHash>,
}

/// The lines of a text, as `str::lines` splits them (`\n`, or `\r\n`), found with `memchr`:
/// the catalog text is 2 MB of short lines and fields, where the generic `char` searcher of
/// `str::lines` and `str::split` spends more on each call than on the bytes.
struct Lines(&'static str);

impl Iterator for Lines {
    type Item = &'static str;

    fn next(&mut self) -> Option<&'static str> {
        if self.0.is_empty() {
            return None;
        }
        match memchr::memchr(b'\n', self.0.as_bytes()) {
            // `\n` is ASCII: both sides are on character boundaries.
            Some(end) => {
                let line = &self.0[..end];
                self.0 = &self.0[end + 1..];
                // Only a `\r` before the `\n` belongs to the line ending.
                Some(line.strip_suffix('\r').unwrap_or(line))
            }
            None => Some(std::mem::take(&mut self.0)),
        }
    }
}

/// `text.split_once('\t')`, with `memchr`.
fn split_tab(text: &'static str) -> Option<(&'static str, &'static str)> {
    let end = memchr::memchr(b'\t', text.as_bytes())?;
    Some((&text[..end], &text[end + 1..]))
}

/// The tab-separated fields of a line, as `str::split('\t')` yields them, with `memchr`.
struct Fields(Option<&'static str>);

impl Fields {
    /// The rest of the line, tabs included (as the last item of `str::splitn`).
    fn remainder(&mut self) -> Option<&'static str> {
        self.0.take()
    }
}

impl Iterator for Fields {
    type Item = &'static str;

    fn next(&mut self) -> Option<&'static str> {
        let rest = self.0?;
        match split_tab(rest) {
            Some((field, rest)) => {
                self.0 = Some(rest);
                Some(field)
            }
            None => self.0.take(),
        }
    }
}

/// `text.split_once(byte)` for an ASCII `byte`, by a plain scan: the catalog's lists and names
/// are a few bytes long, shorter than a `memchr` call's setup.
fn split_once_byte(text: &'static str, byte: u8) -> Option<(&'static str, &'static str)> {
    let end = text.bytes().position(|found| found == byte)?;
    // `byte` is ASCII: both sides are on character boundaries.
    Some((&text[..end], &text[end + 1..]))
}

/// `text.split(byte)` for an ASCII `byte`, by a plain scan (see [`split_once_byte`]).
struct SplitByte {
    rest: Option<&'static str>,
    byte: u8,
}

impl SplitByte {
    fn new(text: &'static str, byte: u8) -> Self {
        SplitByte {
            rest: Some(text),
            byte,
        }
    }
}

impl Iterator for SplitByte {
    type Item = &'static str;

    fn next(&mut self) -> Option<&'static str> {
        let rest = self.rest?;
        match split_once_byte(rest, self.byte) {
            Some((item, rest)) => {
                self.rest = Some(rest);
                Some(item)
            }
            None => self.rest.take(),
        }
    }
}

/// A string as a map key, hashed eight bytes at a step (the `str` hash feeds FNV one byte at a
/// time); equal when the bytes are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Words<'a>(&'a str);

impl std::hash::Hash for Words<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        crate::fast_hash::write_words(state, self.0.as_bytes(), false);
    }
}

/// The catalog, parsed on first call.
pub(crate) fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| Catalog::parse(CATALOG_TSV))
}

/// ASCII case-insensitive ordering, the order of every name table.
pub(crate) fn compare_folded(left: &str, right: &str) -> Ordering {
    let (left, right) = (left.as_bytes(), right.as_bytes());
    for (a, b) in left.iter().zip(right) {
        if a != b {
            let (a, b) = (a.to_ascii_lowercase(), b.to_ascii_lowercase());
            if a != b {
                return a.cmp(&b);
            }
        }
    }
    left.len().cmp(&right.len())
}

/// Whether `name` is a template (`aws:RequestTag/${TagKey}`, `s3:ExistingObjectTag/<key>`).
pub(crate) fn is_template(name: &str) -> bool {
    name.contains("${") || name.contains('<')
}

impl Catalog {
    /// Parses catalog text. Malformed lines and unresolvable references are skipped and
    /// counted, never fatal: the text is compiled in and checked by the tests.
    pub(crate) fn parse(text: &'static str) -> Catalog {
        let mut catalog = Catalog::default();
        let mut current: Option<usize> = None;
        for line in Lines(text) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (kind, rest) = split_tab(line).unwrap_or((line, ""));
            let fields = Fields(Some(rest));
            let parsed = match kind {
                "G" => catalog.parse_global_key(fields),
                "S" => catalog.parse_service(fields, &mut current),
                "K" => current.and_then(|service| catalog.parse_key(fields, service)),
                "R" => current.and_then(|service| catalog.parse_resource_type(fields, service)),
                "A" => current.and_then(|service| catalog.parse_action(fields, service)),
                _ => None,
            };
            if parsed.is_none() {
                catalog.skipped_lines += 1;
            }
        }
        catalog.close_service(current);
        catalog.build_key_index();
        catalog.resolved_lists = HashMap::default();
        let actions: &[ActionRecord] = &catalog.actions;
        catalog.action_by_name = ActionIndex::new(actions.iter().map(|action| action.full_name));
        let mut service_by_prefix =
            HashMap::with_capacity_and_hasher(catalog.services.len(), FastHash::default());
        for (index, service) in catalog.services.iter().enumerate() {
            service_by_prefix
                .entry(CaseFolded(service.prefix))
                .or_insert(index);
        }
        catalog.service_by_prefix = service_by_prefix;
        catalog
    }

    fn parse_global_key(&mut self, mut fields: impl Iterator<Item = &'static str>) -> Option<()> {
        let (name, key_type, scope) = (fields.next()?, fields.next()?, fields.next()?);
        let origin = match scope {
            "global" => KeyOrigin::Global,
            "cross-service" => KeyOrigin::CrossService,
            _ => return None,
        };
        if self.global_keys.len() != self.keys.len() {
            // Global keys must precede every service.
            return None;
        }
        self.keys.push(KeyRecord {
            name,
            key_type: KeyType::from_data_name(key_type),
            origin,
        });
        self.global_keys = Span::starting_at(0).ending_at(self.keys.len());
        Some(())
    }

    fn parse_service(
        &mut self,
        mut fields: impl Iterator<Item = &'static str>,
        current: &mut Option<usize>,
    ) -> Option<()> {
        let (prefix, name) = (fields.next()?, fields.next()?);
        if let Some(previous) = current.and_then(|index| self.services.get(index))
            && compare_folded(previous.prefix, prefix) != Ordering::Less
        {
            return None;
        }
        self.close_service(*current);
        self.resolved_lists.clear();
        self.services.push(ServiceRecord {
            prefix,
            name,
            keys: Span::starting_at(self.keys.len()),
            resource_types: Span::starting_at(self.resource_types.len()),
            actions: Span::starting_at(self.actions.len()),
        });
        *current = Some(self.services.len() - 1);
        Some(())
    }

    fn close_service(&mut self, current: Option<usize>) {
        let (keys, resource_types, actions) = (
            self.keys.len(),
            self.resource_types.len(),
            self.actions.len(),
        );
        if let Some(service) = current.and_then(|index| self.services.get_mut(index)) {
            service.keys = service.keys.ending_at(keys);
            service.resource_types = service.resource_types.ending_at(resource_types);
            service.actions = service.actions.ending_at(actions);
        }
    }

    fn parse_key(
        &mut self,
        mut fields: impl Iterator<Item = &'static str>,
        service: usize,
    ) -> Option<()> {
        let (prefix, name, key_type) = (fields.next()?, fields.next()?, fields.next()?);
        let record = self.services.get(service)?;
        let previous = self
            .keys
            .last()
            .filter(|_| self.keys.len() > record.keys.start as usize);
        if prefix != record.prefix
            || previous.is_some_and(|key| compare_folded(key.name, name) != Ordering::Less)
        {
            return None;
        }
        self.keys.push(KeyRecord {
            name,
            key_type: KeyType::from_data_name(key_type),
            origin: KeyOrigin::Service(index(service)),
        });
        Some(())
    }

    fn parse_resource_type(&mut self, mut fields: Fields, service: usize) -> Option<()> {
        let (prefix, name, keys) = (fields.next()?, fields.next()?, fields.next()?);
        let record = self.services.get(service)?;
        if prefix != record.prefix {
            return None;
        }
        let previous = self
            .resource_types
            .last()
            .filter(|_| self.resource_types.len() > record.resource_types.start as usize);
        if previous.is_some_and(|known| compare_folded(known.name, name) != Ordering::Less) {
            return None;
        }
        // The formats are the rest of the line, separated by tabs.
        let arn_formats = fields.remainder().filter(|formats| !formats.is_empty())?;
        let keys = self.resolve_keys(service, keys);
        self.resource_types.push(ResourceTypeRecord {
            service: index(service),
            name,
            keys,
            arn_formats,
        });
        Some(())
    }

    fn parse_action(
        &mut self,
        mut fields: impl Iterator<Item = &'static str>,
        service: usize,
    ) -> Option<()> {
        let (full_name, levels, keys, resources) = (
            fields.next()?,
            fields.next()?,
            fields.next()?,
            fields.next()?,
        );
        let record = self.services.get(service)?;
        let (prefix, name) = split_once_byte(full_name, b':')?;
        if prefix != record.prefix || name.is_empty() {
            return None;
        }
        let previous = self
            .actions
            .last()
            .filter(|_| self.actions.len() > record.actions.start as usize);
        if previous
            .is_some_and(|known| compare_folded(known.full_name, full_name) != Ordering::Less)
        {
            return None;
        }
        let resource_types = record.resource_types;
        let keys = self.resolve_keys(service, keys);
        let resources_start = self.action_resources.len();
        for entry in SplitByte::new(resources, b';').filter(|entry| !entry.is_empty()) {
            let (head, pair_keys) = split_once_byte(entry, b'|').unwrap_or((entry, ""));
            let (name, required) = match head.strip_suffix('*') {
                Some(name) => (name, true),
                None => (head, false),
            };
            let Some(found) = self.resource_types[resource_types.start as usize..]
                .binary_search_by(|known| compare_folded(known.name, name))
                .ok()
            else {
                continue;
            };
            let keys = self.resolve_keys(service, pair_keys);
            self.action_resources.push(ActionResourceRecord {
                resource_type: resource_types.start + index(found),
                required,
                keys,
            });
        }
        self.actions.push(ActionRecord {
            service: index(service),
            full_name,
            access_level: AccessLevel::from_letters(levels),
            keys,
            resources: Span::starting_at(resources_start).ending_at(self.action_resources.len()),
        });
        Some(())
    }

    /// Resolves a comma-separated key list against the service's keys (then the global ones)
    /// and appends it to the pool. Unknown names are dropped.
    fn resolve_keys(&mut self, service: usize, names: &'static str) -> Span {
        if names.is_empty() {
            return Span::default();
        }
        if let Some(span) = self.resolved_lists.get(&Words(names)) {
            return *span;
        }
        let start = self.key_pool.len();
        let Some(record) = self.services.get(service) else {
            return Span::starting_at(start);
        };
        let own = record.keys.start as usize..self.keys.len();
        for name in SplitByte::new(names, b',').filter(|name| !name.is_empty()) {
            let found = self.keys[own.clone()]
                .binary_search_by(|key| compare_folded(key.name, name))
                .map(|offset| own.start + offset)
                .or_else(|_| {
                    self.keys[self.global_keys.range()]
                        .iter()
                        .position(|key| key.name.eq_ignore_ascii_case(name))
                        .ok_or(())
                });
            if let Ok(found) = found {
                self.key_pool.push(index(found));
            }
        }
        let span = Span::starting_at(start).ending_at(self.key_pool.len());
        self.resolved_lists.insert(Words(names), span);
        span
    }

    fn build_key_index(&mut self) {
        let keys = &self.keys;
        let preference = |id: u32| -> u8 {
            let key = &keys[id as usize];
            match key.origin {
                KeyOrigin::Global | KeyOrigin::CrossService => 0,
                KeyOrigin::Service(service) => {
                    let prefix = self.services[service as usize].prefix;
                    let owned = key
                        .name
                        .split_once(':')
                        .is_some_and(|(key_prefix, _)| key_prefix.eq_ignore_ascii_case(prefix));
                    if owned { 1 } else { 2 }
                }
            }
        };
        let mut index: Vec<u32> = (0..index(keys.len())).collect();
        index.sort_by(|&left, &right| {
            compare_folded(keys[left as usize].name, keys[right as usize].name)
                .then_with(|| preference(left).cmp(&preference(right)))
                .then_with(|| left.cmp(&right))
        });
        index.dedup_by(|later, earlier| {
            keys[*later as usize]
                .name
                .eq_ignore_ascii_case(keys[*earlier as usize].name)
        });
        let mut key_templates: HashMap<CaseFolded<'static>, Vec<u32>, FastHash> =
            HashMap::default();
        for &id in &index {
            let name = keys[id as usize].name;
            if let Some((prefix, _)) = name.split_once(':')
                && is_template(name)
            {
                key_templates
                    .entry(CaseFolded(prefix))
                    .or_default()
                    .push(id);
            }
        }
        self.key_templates = key_templates;
        let mut key_by_name = HashMap::with_capacity_and_hasher(index.len(), FastHash::default());
        for &id in &index {
            key_by_name
                .entry(CaseFolded(self.keys[id as usize].name))
                .or_insert(id);
        }
        self.key_by_name = key_by_name;
        self.key_index = index;
    }

    /// The index of the service with `prefix` (case-insensitive).
    pub(crate) fn find_service(&self, prefix: &str) -> Option<usize> {
        self.service_by_prefix.get(&CaseFolded(prefix)).copied()
    }

    /// The index of the action named `name` (without prefix) in `service`.
    pub(crate) fn find_action(&self, service: usize, name: &str) -> Option<usize> {
        let record = self.services.get(service)?;
        let span = record.actions;
        // Every full name of the service starts with its prefix and `:`.
        let name_start = record.prefix.len() + 1;
        self.actions[span.range()]
            .binary_search_by(|action| {
                compare_folded(action.full_name.get(name_start..).unwrap_or(""), name)
            })
            .ok()
            .map(|offset| span.start as usize + offset)
    }

    /// The index of the resource type named `name` in `service`.
    pub(crate) fn find_resource_type(&self, service: usize, name: &str) -> Option<usize> {
        let span = self.services.get(service)?.resource_types;
        self.resource_types[span.range()]
            .binary_search_by(|resource_type| compare_folded(resource_type.name, name))
            .ok()
            .map(|offset| span.start as usize + offset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn committed_catalog_parses_without_skipping_lines() {
        let catalog = catalog();
        assert_eq!(catalog.skipped_lines, 0);
        assert!(catalog.services.len() > 400);
        assert!(catalog.global_keys.len() > 50);
        // The services' spans tile the tables in order.
        let mut next = (catalog.global_keys.end, 0, 0);
        for service in &catalog.services {
            assert!(!service.prefix.is_empty() && !service.name.is_empty());
            assert_eq!(
                (
                    service.keys.start,
                    service.resource_types.start,
                    service.actions.start
                ),
                next,
                "{}",
                service.prefix
            );
            next = (
                service.keys.end,
                service.resource_types.end,
                service.actions.end,
            );
        }
        assert_eq!(
            next,
            (
                catalog.keys.len() as u32,
                catalog.resource_types.len() as u32,
                catalog.actions.len() as u32
            )
        );
    }

    #[test]
    fn every_reference_resolves() {
        let catalog = catalog();
        // Each `A` line's resource entries and every key name in the file resolve.
        let mut referenced_pairs = 0;
        let mut referenced_keys = 0;
        for line in CATALOG_TSV.lines() {
            let fields: Vec<&str> = line.split('\t').collect();
            match fields.first() {
                Some(&"A") => {
                    referenced_pairs += fields[4].split(';').filter(|e| !e.is_empty()).count();
                    referenced_keys += fields[3].split(',').filter(|k| !k.is_empty()).count();
                    referenced_keys += fields[4]
                        .split(';')
                        .filter_map(|entry| entry.split_once('|'))
                        .map(|(_, keys)| keys.split(',').count())
                        .sum::<usize>();
                }
                Some(&"R") => {
                    referenced_keys += fields[3].split(',').filter(|k| !k.is_empty()).count();
                }
                _ => {}
            }
        }
        assert_eq!(catalog.action_resources.len(), referenced_pairs);
        let resolved_keys: usize = catalog
            .actions
            .iter()
            .map(|action| action.keys.len())
            .chain(catalog.action_resources.iter().map(|pair| pair.keys.len()))
            .chain(catalog.resource_types.iter().map(|kind| kind.keys.len()))
            .sum();
        assert_eq!(resolved_keys, referenced_keys);
    }

    proptest::proptest! {
        /// The loader's splitters cut exactly where `str::lines`, `str::split` and
        /// `str::split_once` do, on text made mostly of their separators.
        #[test]
        fn splitters_agree_with_str(text in "[a\t\n\r,;|:é]{0,40}") {
            let text: &'static str = Box::leak(text.into_boxed_str());
            proptest::prop_assert_eq!(
                Lines(text).collect::<Vec<_>>(),
                text.lines().collect::<Vec<_>>()
            );
            proptest::prop_assert_eq!(split_tab(text), text.split_once('\t'));
            proptest::prop_assert_eq!(
                Fields(Some(text)).collect::<Vec<_>>(),
                text.split('\t').collect::<Vec<_>>()
            );
            let mut fields = Fields(Some(text));
            let mut splitn = text.splitn(3, '\t');
            proptest::prop_assert_eq!(fields.next(), splitn.next());
            proptest::prop_assert_eq!(fields.next(), splitn.next());
            proptest::prop_assert_eq!(fields.remainder(), splitn.next());
            for byte in [b',', b';', b'|', b':'] {
                let separator = char::from(byte);
                proptest::prop_assert_eq!(
                    SplitByte::new(text, byte).collect::<Vec<_>>(),
                    text.split(separator).collect::<Vec<_>>()
                );
                proptest::prop_assert_eq!(
                    split_once_byte(text, byte),
                    text.split_once(separator)
                );
            }
        }
    }

    #[test]
    fn malformed_lines_are_skipped_not_fatal() {
        let text = "G\taws:SourceIp\tIPAddress\tglobal\n\
                    G\taws:Odd\tArrayOfWidgets\tglobal\n\
                    S\ts3\tAmazon S3\n\
                    K\ts3\ts3:prefix\tString\n\
                    K\ts3\ts3:zzz\tFutureType\n\
                    R\ts3\tbucket\ts3:prefix\tarn:${Partition}:s3:::${BucketName}\n\
                    A\ts3:GetObject\tR\ts3:prefix,s3:missing\tbucket*|s3:zzz;nosuchtype\n\
                    A\ts3:Broken\n\
                    X\twhat\n\
                    K\tec2\tec2:wrong-service\tString\n\
                    S\taaa\tout of order\n";
        let catalog = Catalog::parse(text);
        assert_eq!(catalog.skipped_lines, 4);
        assert_eq!(catalog.services.len(), 1);
        assert_eq!(catalog.actions.len(), 1);
        assert_eq!(catalog.keys[1].key_type, KeyType::Unknown("ArrayOfWidgets"));
        assert_eq!(catalog.keys[3].key_type, KeyType::Unknown("FutureType"));
        let action = &catalog.actions[0];
        assert_eq!(action.keys.len(), 1, "unknown key names are dropped");
        assert_eq!(
            action.resources.len(),
            1,
            "unknown resource types are dropped"
        );
        assert!(catalog.action_resources[0].required);
    }
}
