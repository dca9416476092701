use std::slice;

/// A JSON element that IAM accepts either as one bare value or as an array.
///
/// The form is kept so that a parsed document serializes back exactly as it was written
/// (`"Action": "s3:GetObject"` stays a string; `"Action": ["s3:GetObject"]` stays an array).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum OneOrMany<T> {
    /// A single bare value.
    One(T),
    /// An array (possibly with one element, or none).
    Many(Vec<T>),
}

impl<T> OneOrMany<T> {
    /// The values as a slice, whatever the form.
    pub fn as_slice(&self) -> &[T] {
        match self {
            OneOrMany::One(value) => slice::from_ref(value),
            OneOrMany::Many(values) => values,
        }
    }

    /// Iterates over the values.
    pub fn iter(&self) -> slice::Iter<'_, T> {
        self.as_slice().iter()
    }

    /// The number of values.
    pub fn len(&self) -> usize {
        self.as_slice().len()
    }

    /// Whether there are no values (only possible as an empty array).
    pub fn is_empty(&self) -> bool {
        self.as_slice().is_empty()
    }

    /// Whether the values were written as an array.
    pub fn is_array(&self) -> bool {
        matches!(self, OneOrMany::Many(_))
    }

    /// Adds a value, turning a single value into an array.
    pub fn push(&mut self, value: T) {
        match self {
            OneOrMany::Many(values) => values.push(value),
            OneOrMany::One(_) => {
                let OneOrMany::One(first) =
                    std::mem::replace(self, OneOrMany::Many(Vec::with_capacity(2)))
                else {
                    return;
                };
                *self = OneOrMany::Many(vec![first, value]);
            }
        }
    }

    /// The values as a vector.
    pub fn into_vec(self) -> Vec<T> {
        match self {
            OneOrMany::One(value) => vec![value],
            OneOrMany::Many(values) => values,
        }
    }

    /// Applies `f` to every value, keeping the form.
    pub fn map<U>(self, mut f: impl FnMut(T) -> U) -> OneOrMany<U> {
        match self {
            OneOrMany::One(value) => OneOrMany::One(f(value)),
            OneOrMany::Many(values) => OneOrMany::Many(values.into_iter().map(f).collect()),
        }
    }

    /// A single value when there is exactly one, an array otherwise: the form builders emit.
    pub fn compact(values: Vec<T>) -> Self {
        if values.len() == 1 {
            let mut values = values;
            match values.pop() {
                Some(value) => OneOrMany::One(value),
                None => OneOrMany::Many(values),
            }
        } else {
            OneOrMany::Many(values)
        }
    }
}

impl<T> From<T> for OneOrMany<T> {
    fn from(value: T) -> Self {
        OneOrMany::One(value)
    }
}

impl<T> From<Vec<T>> for OneOrMany<T> {
    fn from(values: Vec<T>) -> Self {
        OneOrMany::Many(values)
    }
}

impl<T> FromIterator<T> for OneOrMany<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        OneOrMany::Many(iter.into_iter().collect())
    }
}

impl<'a, T> IntoIterator for &'a OneOrMany<T> {
    type Item = &'a T;
    type IntoIter = slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}
