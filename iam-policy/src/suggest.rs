//! "Did you mean" suggestions by edit distance.

/// The Levenshtein distance between two strings, ignoring ASCII case.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<u8> = a.bytes().map(|byte| byte.to_ascii_lowercase()).collect();
    let b: Vec<u8> = b.bytes().map(|byte| byte.to_ascii_lowercase()).collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, &left) in a.iter().enumerate() {
        current[0] = i + 1;
        for (j, &right) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(left != right);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

/// The candidate closest to `input`: an exact match ignoring case first, then the smallest edit
/// distance within a third of the input's length (at least 1, at most 4).
pub fn closest<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (input.len() / 3).clamp(1, 4);
    let mut best: Option<(usize, &'a str)> = None;
    for candidate in candidates {
        if candidate.eq_ignore_ascii_case(input) {
            return Some(candidate);
        }
        if candidate.len().abs_diff(input.len()) > limit {
            continue;
        }
        let distance = edit_distance(input, candidate);
        if distance <= limit && best.is_none_or(|(best_distance, _)| distance < best_distance) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_names() {
        let elements = ["Sid", "Effect", "Action", "NotAction", "Resource"];
        assert_eq!(closest("Acton", elements), Some("Action"));
        assert_eq!(closest("effect", elements), Some("Effect"));
        assert_eq!(closest("Banana", elements), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
