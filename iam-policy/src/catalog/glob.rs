//! Wildcard matching without regular expressions.
//!
//! * [`action_matches`]: an IAM action pattern (`*`, `?`) against one action name.
//! * [`Token`] sequences and [`intersects`]: whether two patterns can match a common string,
//!   used for ARN templates ([`crate::catalog::ArnPattern`]) and templated condition keys.
//!
//! Both run in time proportional to the product of the two lengths at worst, never
//! exponentially: the glob matcher backtracks only to the most recent `*`, and the intersection
//! is a dynamic program over pairs of positions.

/// Whether the IAM action pattern `pattern` matches `action`, ignoring ASCII case.
///
/// `*` matches any run of characters (including none and including `:`), `?` exactly one.
///
/// ```
/// use iam_policy::catalog::action_matches;
/// assert!(action_matches("s3:Get*", "s3:GetObject"));
/// assert!(action_matches("S?:get*", "s3:GetObject"));
/// assert!(action_matches("*", "iam:PassRole"));
/// assert!(!action_matches("s3:Get*", "s3:PutObject"));
/// ```
pub fn action_matches(pattern: &str, action: &str) -> bool {
    glob_matches(pattern.as_bytes(), action.as_bytes())
}

pub(crate) use crate::model::glob::matches_bytes_ignore_case as glob_matches;

/// Whether `text` contains a `*` or `?` wildcard.
pub(crate) fn has_wildcard(text: &str) -> bool {
    text.bytes().any(|c| c == b'*' || c == b'?')
}

/// A byte a wildcard token may not match (0 means none).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Excluded(u8);

impl Excluded {
    pub(crate) const NONE: Excluded = Excluded(0);

    pub(crate) fn one(byte: u8) -> Self {
        Excluded(byte)
    }

    /// Whether a wildcard token with this exclusion may match `byte`.
    pub(crate) fn allows(self, byte: u8) -> bool {
        byte != self.0 || self.0 == 0
    }
}

/// One element of a pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Token {
    /// Exactly this byte.
    Byte(u8),
    /// Exactly one byte, not an excluded one.
    AnyOne(Excluded),
    /// Any run of bytes, including none, none of them excluded.
    AnyRun(Excluded),
}

impl Token {
    fn is_run(self) -> bool {
        matches!(self, Token::AnyRun(_))
    }
}

/// Whether some byte can be consumed by both tokens at once.
fn compatible(left: Token, right: Token, fold_case: bool) -> bool {
    match (left, right) {
        (Token::Byte(a), Token::Byte(b)) => {
            if fold_case {
                a.eq_ignore_ascii_case(&b)
            } else {
                a == b
            }
        }
        (Token::Byte(byte), Token::AnyOne(excluded) | Token::AnyRun(excluded))
        | (Token::AnyOne(excluded) | Token::AnyRun(excluded), Token::Byte(byte)) => {
            // Folding never turns an excluded separator (`/`, `:`...) into an allowed one.
            excluded.allows(byte)
        }
        // Each side excludes at most one byte, so some byte is allowed by both.
        _ => true,
    }
}

/// Whether some string is matched by both `left` and `right`.
///
/// A dynamic program over `(i, j)`: "some string takes `left[..i]` and `right[..j]` to their
/// ends together". Every step moves to a later pair, so one pass in row order settles it;
/// two rows of `right.len() + 1` flags are enough. When those fit in a machine word (ARN fields
/// and condition keys nearly always do), a row is one bit set ([`intersects_in_words`]).
pub(crate) fn intersects(left: &[Token], right: &[Token], fold_case: bool) -> bool {
    if right.len() < 64 {
        intersects_in_words(left, right, fold_case)
    } else {
        intersects_in_rows(left, right, fold_case)
    }
}

/// [`intersects`] for a `right` of at most 63 tokens: the same dynamic program, with each row
/// (the columns `j` reachable with `left[..i]` consumed) held as the bits of a `u64`.
///
/// Per row, the moves are masks over `right`: to `j + 1` in the same row (a run on the right
/// matching nothing, or a run on the left consuming `right[j]`), and to the next row at `j + 1`
/// (a byte for a byte) or at `j` (a run on the right consuming the byte; a run on the left
/// matching nothing).
fn intersects_in_words(left: &[Token], right: &[Token], fold_case: bool) -> bool {
    let bit = |j: usize| 1u64 << j;
    let right_runs = right
        .iter()
        .enumerate()
        .filter(|(_, token)| token.is_run())
        .fold(0, |mask, (j, _)| mask | bit(j));
    // Every column reachable from `row` through moves within the row.
    let close = |mut row: u64, within: u64| loop {
        let next = row | ((row & within) << 1);
        if next == row {
            return row;
        }
        row = next;
    };
    // For the byte rows of `left` (most of them), masks by byte: the columns holding that byte
    // (or its other case), and the wildcard columns that exclude it.
    let mut byte_columns = [0u64; 256];
    let mut excluding_columns = [0u64; 256];
    let mut right_ones = 0u64;
    for (j, &other) in right.iter().enumerate() {
        match other {
            Token::Byte(byte) => {
                byte_columns[usize::from(byte)] |= bit(j);
                if fold_case {
                    byte_columns[usize::from(byte.to_ascii_lowercase())] |= bit(j);
                    byte_columns[usize::from(byte.to_ascii_uppercase())] |= bit(j);
                }
            }
            Token::AnyOne(excluded) | Token::AnyRun(excluded) => {
                if excluded != Excluded::NONE {
                    excluding_columns[usize::from(excluded.0)] |= bit(j);
                }
                if !other.is_run() {
                    right_ones |= bit(j);
                }
            }
        }
    }
    let mut row = bit(0);
    for &token in left {
        let (within, diagonal, down) = match token {
            // A byte: for a byte of the right, or for a wildcard that does not exclude it.
            Token::Byte(byte) => {
                let allowed = !excluding_columns[usize::from(byte)];
                (
                    right_runs,
                    byte_columns[usize::from(byte)] | (right_ones & allowed),
                    right_runs & allowed,
                )
            }
            _ => wildcard_moves(token, right, right_runs, fold_case),
        };
        crate::meter::step(1);
        let reached = close(row, within);
        row = ((reached & diagonal) << 1) | (reached & down);
        if row == 0 {
            return false;
        }
    }
    close(row, right_runs) & bit(right.len()) != 0
}

/// The moves of a wildcard row of [`intersects_in_words`]: (within the row, diagonal, down).
fn wildcard_moves(
    token: Token,
    right: &[Token],
    right_runs: u64,
    fold_case: bool,
) -> (u64, u64, u64) {
    let (mut within, mut diagonal, mut down) = (right_runs, 0u64, 0u64);
    for (j, &other) in right.iter().enumerate() {
        if compatible(token, other, fold_case) {
            match (token.is_run(), other.is_run()) {
                (false, false) => diagonal |= 1 << j,
                (false, true) => down |= 1 << j,
                (true, false) => within |= 1 << j,
                // Both stay put: nothing new.
                (true, true) => {}
            }
        }
    }
    if token.is_run() {
        // A run may match nothing: every column goes down.
        down = u64::MAX;
    }
    (within, diagonal, down)
}

/// [`intersects`] for any lengths, with rows of flags.
fn intersects_in_rows(left: &[Token], right: &[Token], fold_case: bool) -> bool {
    /// Rows up to this width live on the stack (ARN fields and condition keys are short).
    const STACK_WIDTH: usize = 128;
    let width = right.len() + 1;
    let mut on_stack = [false; 2 * STACK_WIDTH];
    let mut on_heap = Vec::new();
    let rows: &mut [bool] = if width <= STACK_WIDTH {
        &mut on_stack[..2 * width]
    } else {
        on_heap.resize(2 * width, false);
        &mut on_heap
    };
    let (mut current, mut next) = rows.split_at_mut(width);
    current[0] = true;
    // Every step goes to the same or a later column, so each row is scanned from its first
    // reachable column, and a row with none reachable ends the search.
    let mut first = 0;
    for i in 0..=left.len() {
        let mut next_first = width;
        crate::meter::step(width - first);
        for j in first..width {
            if !current[j] {
                continue;
            }
            if i == left.len() && j == right.len() {
                return true;
            }
            let left_token = left.get(i).copied();
            let right_token = right.get(j).copied();
            // A run may match nothing.
            if left_token.is_some_and(Token::is_run) {
                next[j] = true;
                next_first = next_first.min(j);
            }
            if right_token.is_some_and(Token::is_run) && j + 1 < width {
                current[j + 1] = true;
            }
            // Consume one byte on both sides.
            if let (Some(l), Some(r)) = (left_token, right_token)
                && compatible(l, r, fold_case)
            {
                match (l.is_run(), r.is_run()) {
                    (false, false) => {
                        next[j + 1] = true;
                        next_first = next_first.min(j + 1);
                    }
                    (false, true) => {
                        next[j] = true;
                        next_first = next_first.min(j);
                    }
                    (true, false) => current[j + 1] = true,
                    // Both stay put: nothing new.
                    (true, true) => {}
                }
            }
        }
        if next_first == width {
            return false;
        }
        first = next_first;
        std::mem::swap(&mut current, &mut next);
        next.fill(false);
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Tokens over a small alphabet, so that patterns often meet.
    fn token() -> impl Strategy<Value = Token> {
        let excluded = prop_oneof![Just(Excluded::NONE), Just(Excluded::one(b'/'))];
        prop_oneof![
            4 => proptest::sample::select(vec![b'a', b'A', b'b', b'/']).prop_map(Token::Byte),
            1 => excluded.clone().prop_map(Token::AnyOne),
            1 => excluded.prop_map(Token::AnyRun),
        ]
    }

    proptest! {
        #[test]
        fn words_and_rows_agree(
            left in proptest::collection::vec(token(), 0..12),
            right in proptest::collection::vec(token(), 0..63),
            fold_case in any::<bool>(),
        ) {
            prop_assert_eq!(
                intersects_in_words(&left, &right, fold_case),
                intersects_in_rows(&left, &right, fold_case)
            );
            prop_assert_eq!(
                intersects_in_words(&right[..right.len().min(12)], &left, fold_case),
                intersects_in_rows(&right[..right.len().min(12)], &left, fold_case)
            );
        }
    }

    fn literal(text: &str) -> Vec<Token> {
        text.bytes()
            .map(|byte| match byte {
                b'*' => Token::AnyRun(Excluded::NONE),
                b'?' => Token::AnyOne(Excluded::NONE),
                _ => Token::Byte(byte),
            })
            .collect()
    }

    #[test]
    fn glob_handles_stars_question_marks_and_case() {
        assert!(action_matches("s3:*", "s3:GetObject"));
        assert!(action_matches("s3:get*", "S3:GetObject"));
        assert!(action_matches("s?:List*", "s3:ListBucket"));
        assert!(action_matches("*:*Object*", "s3:GetObjectAcl"));
        assert!(action_matches("s3:GetObject", "s3:getobject"));
        assert!(!action_matches("s3:GetObject", "s3:GetObjectAcl"));
        assert!(!action_matches("s?:List*", "sts:ListRoles"));
        assert!(action_matches("", ""));
        assert!(!action_matches("", "a"));
        assert!(action_matches("**", ""));
        assert!(action_matches("a*b*c", "aXbYbZc"));
        assert!(!action_matches("a*b*c", "aXbYbZ"));
    }

    #[test]
    fn glob_is_not_exponential() {
        let text = "a".repeat(5_000);
        let pattern = format!("{}b", "*a".repeat(50));
        let start = std::time::Instant::now();
        assert!(!action_matches(&pattern, &text));
        assert!(start.elapsed().as_secs() < 2);
    }

    #[test]
    fn intersection_of_literals_and_wildcards() {
        assert!(intersects(&literal("abc"), &literal("abc"), false));
        assert!(!intersects(&literal("abc"), &literal("abd"), false));
        assert!(intersects(&literal("a*"), &literal("*c"), false));
        assert!(intersects(&literal("a?c"), &literal("*b*"), false));
        assert!(!intersects(&literal("a?c"), &literal("abbc"), false));
        assert!(intersects(&literal(""), &literal("*"), false));
        assert!(!intersects(&literal(""), &literal("?"), false));
        assert!(intersects(&literal("ABC"), &literal("abc"), true));
        assert!(!intersects(&literal("ABC"), &literal("abc"), false));
    }

    #[test]
    fn exclusions_block_separators() {
        let no_slash = [
            Token::AnyOne(Excluded::one(b'/')),
            Token::AnyRun(Excluded::one(b'/')),
        ];
        assert!(intersects(&no_slash, &literal("bucket"), false));
        assert!(!intersects(&no_slash, &literal("bucket/key"), false));
        assert!(!intersects(&no_slash, &literal("bucket/*"), false));
        assert!(intersects(&no_slash, &literal("bucket*"), false));
        assert!(!intersects(&no_slash, &literal(""), false));
    }

    /// Long alternating patterns (the worst case of the quadratic intersection) are decided
    /// correctly, in at most one step per cell of the dynamic program (counted, not timed).
    #[test]
    fn intersection_is_quadratic_at_worst() {
        // Counted in steps (cells of the dynamic program), not timed.
        let left = literal(&"*a".repeat(1_000));
        let right = literal(&format!("{}b", "a*".repeat(1_000)));
        let (found, steps) = crate::meter::count(|| intersects(&left, &right, false));
        assert!(!found);
        let cells = (left.len() + 1) as u64 * (right.len() + 1) as u64;
        assert!(steps <= cells, "{steps} steps for {cells} cells");
        let right = literal(&format!("{}a", "a*".repeat(1_000)));
        assert!(intersects(&left, &right, false));
    }
}
