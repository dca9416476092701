/// Matches `text` against an IAM glob `pattern` (`*` = any run, `?` = any one character),
/// ignoring ASCII case. Runs in O(len(pattern) × len(text)) at worst, never exponentially.
pub(crate) fn matches_ignore_case(pattern: &str, text: &str) -> bool {
    glob(pattern.as_bytes(), text.as_bytes(), |a, b| {
        a.eq_ignore_ascii_case(&b)
    })
}

/// Matches `text` against an IAM glob `pattern`, case-sensitively (ARNs are case-sensitive).
pub(crate) fn matches(pattern: &str, text: &str) -> bool {
    glob(pattern.as_bytes(), text.as_bytes(), |a, b| a == b)
}

/// Matches bytes against an IAM glob, ignoring ASCII case.
pub(crate) fn matches_bytes_ignore_case(pattern: &[u8], text: &[u8]) -> bool {
    glob(pattern, text, |a, b| a.eq_ignore_ascii_case(&b))
}

fn glob(pattern: &[u8], text: &[u8], same: impl Fn(u8, u8) -> bool) -> bool {
    // Classic greedy matching with a single backtrack point: the last `*` seen.
    let (mut p, mut t) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        match pattern.get(p) {
            Some(b'*') => {
                star = Some((p, t));
                p += 1;
            }
            Some(&c) if c == b'?' || same(c, text[t]) => {
                p += 1;
                t += 1;
            }
            _ => match star {
                Some((star_p, star_t)) => {
                    p = star_p + 1;
                    t = star_t + 1;
                    star = Some((star_p, star_t + 1));
                }
                None => return false,
            },
        }
    }
    pattern[p..].iter().all(|&c| c == b'*')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards() {
        assert!(matches_ignore_case("s3:Get*", "s3:GetObject"));
        assert!(matches_ignore_case("S3:GET*", "s3:getobject"));
        assert!(matches_ignore_case("*", ""));
        assert!(matches_ignore_case("s?:*Object", "s3:PutObject"));
        assert!(!matches_ignore_case("s3:Get?", "s3:GetObject"));
        assert!(matches_ignore_case("*a*b*c", "xxaybzzc"));
        assert!(!matches_ignore_case("*a*b*c", "xxaybzz"));
        let long = "a".repeat(5000);
        assert!(!matches_ignore_case(
            &format!("{}b", "*a".repeat(200)),
            &long
        ));
    }
}
