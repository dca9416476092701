//! [`ArnPattern`]: matches a policy's resource ARN against resource-type ARN templates.

use super::glob::{Excluded, Token, intersects};
use super::model::ResourceType;
use crate::variables::{self, Segment};

/// A resource ARN from a policy, prepared for matching against the ARN templates of resource
/// types (`arn:${Partition}:s3:::${BucketName}/${ObjectName}`).
///
/// The question answered is: *could some concrete ARN match both the policy ARN and the
/// template?* The rules:
///
/// * Both sides are split into partition, service, region, account and resource at the first
///   five `:` (a `:` inside `${...}` does not split). The first four fields are compared field by
///   field, so nothing crosses a `:` there; the resource field is compared as a whole. A policy
///   ARN with fewer than six fields is compared as one string; `*` alone matches every type.
/// * Policy side: `*` matches any run of characters (including none, `/` and `:`), `?` exactly
///   one, a policy variable such as `${aws:username}` any run (its value is unknown here), and
///   `${*}`, `${?}`, `${$}` the literal character.
/// * Template side: a literal `*` matches any run. A placeholder such as `${BucketName}` matches a
///   non-empty run, restricted in the resource field as follows:
///   - a placeholder directly followed by a literal character cannot contain that character, so
///     `${BucketName}/${ObjectName}` splits at the first `/` and
///     `log-group:${LogGroupName}:log-stream:${LogStreamName}` at the next `:`;
///   - a placeholder that is the whole resource field (`${BucketName}`, `${QueueName}`) cannot
///     contain `/`, so `arn:aws:s3:::bucket/*` is an object, not a bucket;
///   - any other placeholder, typically the last one after a fixed prefix such as
///     `role/${RoleNameWithPath}` or `log-group:${LogGroupName}`, may contain `/` and `:` (role
///     paths, log group names, object keys).
/// * Literal text is compared case-sensitively, as IAM compares ARNs.
///
/// Matching is a dynamic program over pairs of positions: linear in each side's length per
/// step, with no backtracking blowup on inputs such as `*a*a*a*a*b`.
///
/// ```
/// use iam_policy::catalog::{self, ArnPattern};
/// let iam = catalog::service("iam").unwrap();
/// let role = iam.resource_type("role").unwrap();
/// assert!(ArnPattern::new("arn:aws:iam::*:role/*").matches(role));
/// assert!(ArnPattern::new("arn:aws:iam::123456789012:role/service-role/deployer").matches(role));
/// assert!(!ArnPattern::new("arn:aws:iam::123456789012:user/alice").matches(role));
/// assert!(ArnPattern::new("*").matches(role));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArnPattern {
    shape: Shape,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Shape {
    /// `*`: every resource.
    Everything,
    /// The tokens of the partition, service, region, account and resource fields, one after
    /// the other (one allocation); field `i` ends at `ends[i]`.
    Fields {
        tokens: Vec<Token>,
        ends: [usize; 5],
    },
    /// Fewer than six fields: the whole text.
    Whole(Vec<Token>),
}

impl ArnPattern {
    /// Prepares `arn` (a policy `Resource` entry) for matching. Never fails: text that is not an
    /// ARN simply matches no template.
    pub fn new(arn: &str) -> ArnPattern {
        if arn == "*" {
            return ArnPattern {
                shape: Shape::Everything,
            };
        }
        let mut tokens = Vec::with_capacity(arn.len());
        let shape = match split_fields(arn) {
            Some([_, fields @ ..]) => {
                let ends = fields.map(|field| {
                    push_policy_tokens(field, &mut tokens);
                    tokens.len()
                });
                Shape::Fields { tokens, ends }
            }
            None => {
                push_policy_tokens(arn, &mut tokens);
                Shape::Whole(tokens)
            }
        };
        ArnPattern { shape }
    }

    /// Whether the pattern can name a resource of `resource_type` (any of its ARN formats).
    pub fn matches(&self, resource_type: ResourceType) -> bool {
        resource_type
            .arn_formats()
            .any(|template| self.matches_template(template))
    }

    /// Whether the pattern can match an ARN of the template `template`
    /// (`arn:${Partition}:s3:::${BucketName}`).
    pub fn matches_template(&self, template: &str) -> bool {
        self.matches_prepared(&ArnTemplate::new(template))
    }

    /// Like [`ArnPattern::matches_template`], for a template prepared once with
    /// [`ArnTemplate::new`] (the validator prepares every catalog template on first use).
    pub(crate) fn matches_prepared(&self, template: &ArnTemplate) -> bool {
        let Some(template_fields) = &template.fields else {
            return matches!(self.shape, Shape::Everything);
        };
        match &self.shape {
            Shape::Everything => true,
            Shape::Fields { tokens, ends } => {
                let starts = [0, ends[0], ends[1], ends[2], ends[3]];
                starts
                    .into_iter()
                    .zip(ends)
                    .zip(template_fields.iter())
                    .all(|((start, end), template)| {
                        field_intersects(&tokens[start..*end], template)
                    })
            }
            Shape::Whole(policy) => {
                let mut whole = b"arn"
                    .iter()
                    .map(|&byte| Token::Byte(byte))
                    .collect::<Vec<_>>();
                for field in template_fields.iter() {
                    whole.push(Token::Byte(b':'));
                    whole.extend_from_slice(field);
                }
                intersects(policy, &whole, false)
            }
        }
    }
}

/// A resource-type ARN template (`arn:${Partition}:s3:::${BucketName}/${ObjectName}`) split into
/// its fields and turned into tokens once, so that matching many policy ARNs against it does no
/// parsing and no allocation per template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ArnTemplate {
    /// Partition, service, region, account and resource tokens; `None` for a template that is
    /// not written as six `:`-separated fields (only the pattern `*` matches it).
    fields: Option<Box<[Vec<Token>; 5]>>,
}

impl ArnTemplate {
    /// Prepares `template` with the placeholder rules described on [`ArnPattern`].
    pub(crate) fn new(template: &str) -> ArnTemplate {
        let fields = split_fields(template).map(|[_, fields @ ..]| {
            Box::new(std::array::from_fn(|position| {
                template_tokens(fields[position], position == 4)
            }))
        });
        ArnTemplate { fields }
    }
}

/// Whether some text matches both a policy ARN field and a template field: the same answer as
/// [`intersects`], given without its dynamic program for the common shapes.
///
/// Literal bytes that both sides start (or end) with are compared and dropped first: two
/// patterns that start with the same byte meet exactly when their rests meet, and never when
/// the bytes differ. What remains is usually `*`, a lone placeholder or nothing.
fn field_intersects(policy: &[Token], template: &[Token]) -> bool {
    let (mut policy, mut template) = (policy, template);
    while let ([Token::Byte(left), policy_rest @ ..], [Token::Byte(right), template_rest @ ..]) =
        (policy, template)
    {
        if left != right {
            return false;
        }
        (policy, template) = (policy_rest, template_rest);
    }
    while let ([policy_rest @ .., Token::Byte(left)], [template_rest @ .., Token::Byte(right)]) =
        (policy, template)
    {
        if left != right {
            return false;
        }
        (policy, template) = (policy_rest, template_rest);
    }
    let is_run = |token: &Token| matches!(token, Token::AnyRun(_));
    // `*` (or only runs) matches every text, and every template field matches some text.
    if !policy.is_empty() && policy.iter().all(is_run) {
        return true;
    }
    match template {
        // Nothing left of the template: the policy must be able to match the empty text.
        [] => policy.iter().all(is_run),
        // A lone placeholder (`${Region}`, or `${BucketName}` that may not hold `/`): any
        // non-empty text without the excluded byte. Policy wildcards can always avoid that byte.
        [Token::AnyOne(excluded), Token::AnyRun(run_excluded)] if excluded == run_excluded => {
            !policy.is_empty()
                && policy.iter().all(|token| match token {
                    Token::Byte(byte) => excluded.allows(*byte),
                    Token::AnyOne(_) | Token::AnyRun(_) => true,
                })
        }
        _ => intersects(policy, template, false),
    }
}

/// Splits at the first five `:` outside `${...}`: `arn`, partition, service, region, account,
/// resource. `None` unless there are six fields and the first is `arn`.
fn split_fields(text: &str) -> Option<[&str; 6]> {
    let bytes = text.as_bytes();
    let mut fields = [""; 6];
    let mut found = 0;
    let mut start = 0;
    let mut depth = 0usize;
    let mut index = 0;
    while index < bytes.len() && found < 5 {
        match bytes[index] {
            b'$' if bytes.get(index + 1) == Some(&b'{') => {
                depth += 1;
                index += 1;
            }
            b'}' if depth > 0 => depth -= 1,
            b':' if depth == 0 => {
                fields[found] = &text[start..index];
                found += 1;
                start = index + 1;
            }
            _ => {}
        }
        index += 1;
    }
    if found < 5 || fields[0] != "arn" {
        return None;
    }
    fields[5] = &text[start..];
    Some(fields)
}

/// Appends the tokens of a policy field: wildcards, variables as runs, escapes and other text
/// as bytes.
fn push_policy_tokens(text: &str, tokens: &mut Vec<Token>) {
    let push_text = |text: &str, tokens: &mut Vec<Token>| {
        tokens.extend(text.bytes().map(|byte| match byte {
            b'*' => Token::AnyRun(Excluded::NONE),
            b'?' => Token::AnyOne(Excluded::NONE),
            _ => Token::Byte(byte),
        }));
    };
    // The usual field has no variable: no need to split it.
    if !text.contains("${") {
        push_text(text, tokens);
        return;
    }
    match variables::split(text) {
        Ok(segments) => {
            for segment in segments {
                match segment {
                    Segment::Literal(literal) => push_text(literal, tokens),
                    Segment::Variable { .. } => tokens.push(Token::AnyRun(Excluded::NONE)),
                    Segment::Escape(c) => {
                        let mut buffer = [0u8; 4];
                        tokens.extend(c.encode_utf8(&mut buffer).bytes().map(Token::Byte));
                    }
                }
            }
        }
        // A malformed `${`: IAM would reject the policy; match the text as written.
        Err(_) => push_text(text, tokens),
    }
}

/// Tokens of a template field; `resource` applies the resource-field placeholder rules.
fn template_tokens(text: &str, resource: bool) -> Vec<Token> {
    let bytes = text.as_bytes();
    let mut tokens = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let placeholder_end = if bytes[index] == b'$' && bytes.get(index + 1) == Some(&b'{') {
            bytes[index..]
                .iter()
                .position(|&byte| byte == b'}')
                .map(|end| index + end + 1)
        } else {
            None
        };
        match placeholder_end {
            Some(end) => {
                let excluded = if !resource {
                    Excluded::NONE
                } else if index == 0 && end == bytes.len() {
                    Excluded::one(b'/')
                } else {
                    match bytes.get(end) {
                        Some(&next) if next != b'$' && next != b'*' && next != b'?' => {
                            Excluded::one(next)
                        }
                        _ => Excluded::NONE,
                    }
                };
                tokens.push(Token::AnyOne(excluded));
                tokens.push(Token::AnyRun(excluded));
                index = end;
            }
            None => {
                tokens.push(match bytes[index] {
                    b'*' => Token::AnyRun(Excluded::NONE),
                    b'?' => Token::AnyOne(Excluded::NONE),
                    byte => Token::Byte(byte),
                });
                index += 1;
            }
        }
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    const BUCKET: &str = "arn:${Partition}:s3:::${BucketName}";
    const OBJECT: &str = "arn:${Partition}:s3:::${BucketName}/${ObjectName}";
    const ROLE: &str = "arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}";
    const LOG_STREAM: &str = "arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}:log-stream:${LogStreamName}";
    const ALL_BACKENDS: &str = "arn:${Partition}:amplifybackend:${Region}:${Account}:/backend/*";

    fn matches(arn: &str, template: &str) -> bool {
        ArnPattern::new(arn).matches_template(template)
    }

    #[test]
    fn buckets_and_objects_are_told_apart() {
        assert!(matches("arn:aws:s3:::my-bucket", BUCKET));
        assert!(!matches("arn:aws:s3:::my-bucket", OBJECT));
        assert!(matches("arn:aws:s3:::my-bucket/*", OBJECT));
        assert!(!matches("arn:aws:s3:::my-bucket/*", BUCKET));
        assert!(matches("arn:aws:s3:::my-bucket/a/b/c.txt", OBJECT));
        assert!(matches("arn:aws:s3:::*", BUCKET));
        assert!(matches("arn:aws:s3:::*", OBJECT));
        assert!(matches("arn:aws:s3:::my-bucket*", OBJECT));
        assert!(matches("arn:aws-cn:s3:::b", BUCKET));
        assert!(
            !matches("arn:aws:s3:us-east-1::b", BUCKET),
            "no region in S3 ARNs"
        );
        assert!(
            !matches("arn:aws:s3:::", BUCKET),
            "placeholders are not empty"
        );
    }

    #[test]
    fn policy_variables_match_any_text() {
        assert!(matches("arn:aws:s3:::home/${aws:username}/*", OBJECT));
        assert!(matches("arn:aws:s3:::${aws:PrincipalTag/team}", BUCKET));
        assert!(matches(
            "arn:aws:iam::${aws:PrincipalAccount}:role/${aws:username}",
            ROLE
        ));
        // `${*}` is a literal star, which a bucket name cannot hold but the placeholder allows.
        assert!(matches("arn:aws:s3:::a${*}b", BUCKET));
    }

    #[test]
    fn roles_with_paths_and_wildcard_accounts() {
        assert!(matches("arn:aws:iam::123456789012:role/admin", ROLE));
        assert!(matches(
            "arn:aws:iam::123456789012:role/path/to/admin",
            ROLE
        ));
        assert!(matches("arn:aws:iam::*:role/*", ROLE));
        assert!(matches("arn:*:iam::*:role/*", ROLE));
        assert!(!matches("arn:aws:iam::123456789012:user/admin", ROLE));
        assert!(!matches("arn:aws:iam::123456789012:role/", ROLE));
        assert!(
            !matches("arn:aws:iam:::role/admin", ROLE),
            "roles have an account"
        );
        assert!(!matches("arn:aws:sts::123456789012:role/admin", ROLE));
    }

    #[test]
    fn placeholders_stop_at_the_following_separator() {
        let stream =
            "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/f:log-stream:2024/x";
        assert!(matches(stream, LOG_STREAM));
        assert!(matches(
            "arn:aws:logs:*:*:log-group:/aws/*:log-stream:*",
            LOG_STREAM
        ));
        assert!(!matches(
            "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/f",
            LOG_STREAM
        ));
    }

    #[test]
    fn literal_stars_in_templates_match_anything() {
        assert!(matches(
            "arn:aws:amplifybackend:us-east-1:123456789012:/backend/app1/api/x",
            ALL_BACKENDS
        ));
        assert!(matches(
            "arn:aws:amplifybackend:*:*:/backend/",
            ALL_BACKENDS
        ));
    }

    #[test]
    fn short_and_odd_patterns() {
        assert!(matches("*", BUCKET));
        assert!(
            matches("arn:*", BUCKET),
            "fewer fields: compared as one string"
        );
        assert!(!matches("arn:aws", BUCKET));
        assert!(!matches("not an arn", BUCKET));
        assert!(!matches("", BUCKET));
        assert!(matches("arn:aws:s3:::${unclosed", BUCKET));
    }

    /// The tokens of a policy field (see [`push_policy_tokens`]).
    fn policy_tokens(text: &str) -> Vec<Token> {
        let mut tokens = Vec::new();
        push_policy_tokens(text, &mut tokens);
        tokens
    }

    /// The matcher as it was before templates were prepared once and fields compared with
    /// shortcuts: every field through the dynamic program.
    fn reference_matches(arn: &str, template: &str) -> bool {
        let Some([_, template_fields @ ..]) = split_fields(template) else {
            return arn == "*";
        };
        if arn == "*" {
            return true;
        }
        let template_fields: Vec<Vec<Token>> = template_fields
            .iter()
            .enumerate()
            .map(|(position, field)| template_tokens(field, position == 4))
            .collect();
        match split_fields(arn) {
            Some([_, fields @ ..]) => fields
                .iter()
                .zip(&template_fields)
                .all(|(field, template)| intersects(&policy_tokens(field), template, false)),
            None => {
                let mut whole: Vec<Token> = b"arn".iter().map(|&byte| Token::Byte(byte)).collect();
                for field in &template_fields {
                    whole.push(Token::Byte(b':'));
                    whole.extend_from_slice(field);
                }
                intersects(&policy_tokens(arn), &whole, false)
            }
        }
    }

    /// `template` with every `${...}` placeholder replaced by `value`.
    fn fill(template: &str, value: &str) -> String {
        let mut filled = String::new();
        let mut rest = template;
        while let Some(start) = rest.find("${") {
            filled.push_str(&rest[..start]);
            filled.push_str(value);
            rest = rest[start..]
                .find('}')
                .map_or("", |end| &rest[start + end + 1..]);
        }
        filled.push_str(rest);
        filled
    }

    /// Policy ARNs written after a template: placeholders filled with names, wildcards,
    /// separators, variables or nothing, and the template cut short by a `*`.
    fn policy_arns_like(template: &str) -> Vec<String> {
        let mut arns: Vec<String> = ["x", "*", "a/b:c", "", "${aws:username}", "a?", "*/*"]
            .iter()
            .map(|value| fill(template, value))
            .collect();
        let filled = fill(template, "name");
        for cut in [
            filled.len() / 2,
            filled.len() * 3 / 4,
            filled.len().saturating_sub(2),
        ] {
            if let Some(head) = filled.get(..cut) {
                arns.push(format!("{head}*"));
                arns.push(head.to_owned());
            }
        }
        arns.push(filled.replacen("name", "us-east-1", 1));
        arns
    }

    #[test]
    fn prepared_templates_match_as_the_dynamic_program_on_every_catalog_template() {
        let odd = [
            "*",
            "arn:*",
            "arn:aws:*",
            "arn:aws:s3:::",
            "arn:*:*:*:*:*",
            "not an arn",
        ];
        let mut compared = 0;
        for service in crate::catalog::services() {
            let mut templates: Vec<&str> = Vec::new();
            for resource_type in service.resource_types() {
                templates.extend(resource_type.arn_formats());
            }
            let prepared: Vec<ArnTemplate> = templates
                .iter()
                .map(|template| ArnTemplate::new(template))
                .collect();
            let arns = templates
                .iter()
                .flat_map(|template| policy_arns_like(template))
                .chain(odd.iter().map(|arn| (*arn).to_owned()));
            for arn in arns {
                let pattern = ArnPattern::new(&arn);
                for (template, prepared) in templates.iter().zip(&prepared) {
                    assert_eq!(
                        pattern.matches_prepared(prepared),
                        reference_matches(&arn, template),
                        "{arn} against {template}"
                    );
                    compared += 1;
                }
            }
        }
        assert!(compared > 100_000, "only {compared} pairs compared");
    }

    #[test]
    fn pathological_patterns_finish_quickly() {
        let arn = format!("arn:aws:s3:::{}b", "*a".repeat(2_000));
        let start = std::time::Instant::now();
        assert!(matches(&arn, OBJECT));
        let text = format!("arn:aws:s3:::{}", "a/".repeat(3_000));
        assert!(matches(&text, OBJECT));
        assert!(!matches(&text, BUCKET));
        assert!(start.elapsed().as_secs() < 2);
    }
}
