//! "Did you mean" suggestions by edit distance.
//!
//! The distance is the optimal string alignment distance (insertions, deletions, substitutions
//! and swaps of adjacent characters each cost 1), ignoring ASCII case. A candidate is suggested
//! only if its distance is at most [`threshold`] of the input's length, and the closest wins
//! (ties go to the first candidate).

/// The largest distance accepted for an input of `length` characters: 1 up to 5 characters,
/// 2 up to 11, then 3.
pub(crate) fn threshold(length: usize) -> usize {
    match length {
        0..=5 => 1,
        6..=11 => 2,
        _ => 3,
    }
}

/// The candidate closest to `input` within the threshold, comparing `compared(candidate)`.
pub(crate) fn closest_by<'a, T: Copy>(
    input: &str,
    candidates: impl Iterator<Item = T>,
    compared: impl Fn(T) -> &'a str,
) -> Option<(T, usize)> {
    let input: Vec<u8> = input
        .bytes()
        .map(|byte| byte.to_ascii_lowercase())
        .collect();
    let mut limit = threshold(input.len());
    let mut best = None;
    let mut rows = DistanceRows::default();
    for candidate in candidates {
        let text = compared(candidate);
        if text.len().abs_diff(input.len()) > limit {
            continue;
        }
        if let Some(distance) = rows.distance(&input, text.as_bytes(), limit) {
            if distance == 0 {
                return Some((candidate, 0));
            }
            // Strictly better only: ties keep the earlier candidate.
            best = Some((candidate, distance));
            limit = distance - 1;
        }
    }
    best
}

/// Reusable rows for the optimal string alignment distance.
#[derive(Default)]
pub(crate) struct DistanceRows {
    before_previous: Vec<usize>,
    previous: Vec<usize>,
    current: Vec<usize>,
}

impl DistanceRows {
    /// The distance between `left` (already lowercase) and `right`, or `None` if above `limit`.
    pub(crate) fn distance(&mut self, left: &[u8], right: &[u8], limit: usize) -> Option<usize> {
        let width = right.len() + 1;
        for row in [
            &mut self.before_previous,
            &mut self.previous,
            &mut self.current,
        ] {
            row.clear();
            row.resize(width, 0);
        }
        for (j, cell) in self.previous.iter_mut().enumerate() {
            *cell = j;
        }
        for i in 1..=left.len() {
            self.current[0] = i;
            let mut row_minimum = i;
            for j in 1..width {
                let a = left[i - 1];
                let b = right[j - 1].to_ascii_lowercase();
                let cost = usize::from(a != b);
                let mut value = (self.previous[j] + 1)
                    .min(self.current[j - 1] + 1)
                    .min(self.previous[j - 1] + cost);
                if i > 1 && j > 1 && a == right[j - 2].to_ascii_lowercase() && left[i - 2] == b {
                    value = value.min(self.before_previous[j - 2] + 1);
                }
                self.current[j] = value;
                row_minimum = row_minimum.min(value);
            }
            if row_minimum > limit {
                return None;
            }
            std::mem::swap(&mut self.before_previous, &mut self.previous);
            std::mem::swap(&mut self.previous, &mut self.current);
        }
        let distance = self.previous[width - 1];
        (distance <= limit).then_some(distance)
    }
}

/// The candidate closest to `input` (see the module docs for the rules).
///
/// ```
/// let elements = ["Sid", "Effect", "Action", "NotAction", "Resource"];
/// assert_eq!(iam_policy::closest_match("Acton", elements), Some("Action"));
/// assert_eq!(iam_policy::closest_match("effect", elements), Some("Effect"));
/// assert_eq!(iam_policy::closest_match("Banana", elements), None);
/// ```
pub fn closest<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    closest_by(input, candidates.into_iter(), |candidate| candidate).map(|(candidate, _)| candidate)
}

/// The optimal string alignment distance between two strings, ignoring ASCII case.
///
/// ```
/// assert_eq!(iam_policy::edit_distance("dyanmodb", "dynamodb"), 1);
/// assert_eq!(iam_policy::edit_distance("kitten", "sitting"), 3);
/// ```
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<u8> = a.bytes().map(|byte| byte.to_ascii_lowercase()).collect();
    DistanceRows::default()
        .distance(&a, b.as_bytes(), usize::MAX)
        .unwrap_or(usize::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn distance(left: &str, right: &str) -> Option<usize> {
        let left: Vec<u8> = left.bytes().map(|byte| byte.to_ascii_lowercase()).collect();
        DistanceRows::default().distance(&left, right.as_bytes(), 10)
    }

    #[test]
    fn distance_counts_swaps_once_and_ignores_case() {
        assert_eq!(distance("dyanmodb", "dynamodb"), Some(1));
        assert_eq!(distance("GetObjekt", "GetObject"), Some(1));
        assert_eq!(distance("getobjectz", "GetObject"), Some(1));
        assert_eq!(distance("", "abc"), Some(3));
        assert_eq!(distance("abc", ""), Some(3));
        assert_eq!(distance("kitten", "sitting"), Some(3));
        assert_eq!(
            DistanceRows::default().distance(b"aaaaaaaa", b"bbbbbbbb", 2),
            None
        );
    }

    #[test]
    fn thresholds_grow_with_length() {
        assert_eq!(threshold(2), 1);
        assert_eq!(threshold(9), 2);
        assert_eq!(threshold(30), 3);
    }
}
