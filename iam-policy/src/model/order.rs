//! The order in which a document wrote its object members, kept for lossless output.

use std::hash::{Hash, Hasher};
use std::marker::PhantomData;

/// The members of a policy's top-level object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PolicyElement {
    Version = 1,
    Id = 2,
    Statement = 3,
}

/// The members of a statement object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StatementElement {
    Sid = 1,
    Effect = 2,
    Principal = 3,
    Action = 4,
    Resource = 5,
    Condition = 6,
}

/// Converts element names to the 4-bit codes packed into an [`ElementOrder`].
pub(crate) trait OrderCode: Copy + 'static {
    /// Every element in AWS's customary order.
    const CANONICAL: &'static [Self];
    fn code(self) -> u8;
}

impl OrderCode for PolicyElement {
    const CANONICAL: &'static [Self] = &[
        PolicyElement::Version,
        PolicyElement::Id,
        PolicyElement::Statement,
    ];
    fn code(self) -> u8 {
        self as u8
    }
}

impl OrderCode for StatementElement {
    const CANONICAL: &'static [Self] = &[
        StatementElement::Sid,
        StatementElement::Effect,
        StatementElement::Principal,
        StatementElement::Action,
        StatementElement::Resource,
        StatementElement::Condition,
    ];
    fn code(self) -> u8 {
        self as u8
    }
}

/// The written order of up to 15 elements, packed 4 bits each; empty means AWS's customary order.
///
/// It takes no part in equality or hashing: two documents that differ only in member order are
/// the same document, as JSON says.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ElementOrder<E> {
    packed: u64,
    marker: PhantomData<E>,
}

impl<E> Default for ElementOrder<E> {
    fn default() -> Self {
        Self {
            packed: 0,
            marker: PhantomData,
        }
    }
}

impl<E> PartialEq for ElementOrder<E> {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl<E> Eq for ElementOrder<E> {}

impl<E> Hash for ElementOrder<E> {
    fn hash<H: Hasher>(&self, _: &mut H) {}
}

impl<E: OrderCode> ElementOrder<E> {
    /// Records that `element` came next.
    pub(crate) fn record(&mut self, element: E) {
        let shift = 4 * (64 - self.packed.leading_zeros()).div_ceil(4);
        if shift < 64 {
            self.packed |= u64::from(element.code()) << shift;
        }
    }

    /// The elements in written order only.
    pub(crate) fn written(&self) -> Vec<E> {
        let mut written: Vec<E> = Vec::new();
        let mut packed = self.packed;
        while packed != 0 {
            let code = (packed & 0xF) as u8;
            if let Some(element) = E::CANONICAL.iter().find(|element| element.code() == code)
                && !written.iter().any(|seen| seen.code() == code)
            {
                written.push(*element);
            }
            packed >>= 4;
        }
        written
    }

    /// The elements in written order followed by the rest in customary order.
    pub(crate) fn sequence(&self) -> Vec<E> {
        let mut all = self.written();
        for element in E::CANONICAL {
            if !all.iter().any(|seen| seen.code() == element.code()) {
                all.push(*element);
            }
        }
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_written_order_then_the_rest() {
        let mut order = ElementOrder::<StatementElement>::default();
        order.record(StatementElement::Action);
        order.record(StatementElement::Effect);
        let sequence: Vec<u8> = order.sequence().into_iter().map(OrderCode::code).collect();
        assert_eq!(sequence, vec![4, 2, 1, 3, 5, 6]);
        let default: Vec<u8> = ElementOrder::<StatementElement>::default()
            .sequence()
            .into_iter()
            .map(OrderCode::code)
            .collect();
        assert_eq!(default, vec![1, 2, 3, 4, 5, 6]);
    }
}
