//! What the walk reads off policies before evaluating them: which statements could let a user
//! assume a role (to find candidate roles without evaluating every role for every user), and
//! whether a policy treats every user alike (so that one evaluation serves every user with the
//! same groups).

use iam_policy::{Effect, Policy, Principal, PrincipalType, Statement};

/// `sts:AssumeRole`, the action of a switch-role.
pub(super) const ASSUME_ROLE: &str = "sts:AssumeRole";

/// Condition keys whose value differs between two users of the same groups in the requests the
/// walk builds (the user's ARN, name and session name), or may (`aws:userid`, tags and source
/// identities, which the walk leaves out).
const USER_KEYS: [&str; 6] = [
    "aws:username",
    "aws:userid",
    "aws:PrincipalArn",
    "sts:RoleSessionName",
    "aws:SourceIdentity",
    "sts:SourceIdentity",
];

/// Whether `value` of a principal element names a whole account: `*`, a 12-digit account id or
/// `arn:PARTITION:iam::ID:root`.
fn names_an_account(value: &str) -> bool {
    if value == "*" || (value.len() == 12 && value.bytes().all(|byte| byte.is_ascii_digit())) {
        return true;
    }
    let mut fields = value.splitn(6, ':');
    let (Some("arn"), Some(_), Some("iam"), Some(""), Some(account), Some("root")) = (
        fields.next(),
        fields.next(),
        fields.next(),
        fields.next(),
        fields.next(),
        fields.next(),
    ) else {
        return false;
    };
    account.len() == 12 && account.bytes().all(|byte| byte.is_ascii_digit())
}

/// Whether a principal element names only whole accounts (or everyone, or principals that are
/// never IAM users: services, identity providers), so that it names every user of an account
/// alike.
fn principal_is_neutral(principal: &Principal) -> bool {
    match principal {
        Principal::Any => true,
        Principal::Map(entries) => entries.iter().all(|(kind, values)| {
            *kind != PrincipalType::Aws || values.iter().all(|value| names_an_account(value))
        }),
    }
}

/// Whether `statement` could treat two users of the same groups differently: a principal element
/// naming users or roles, a user-specific condition key, or a policy variable.
fn statement_depends_on_user(statement: &Statement) -> bool {
    if let Some(element) = &statement.principal
        && !principal_is_neutral(element.principal())
    {
        return true;
    }
    if let Some(resource) = &statement.resource
        && resource
            .patterns()
            .iter()
            .any(|pattern| pattern.as_str().contains("${"))
    {
        return true;
    }
    statement.condition.as_ref().is_some_and(|condition| {
        condition.entries().any(|(_, entry)| {
            USER_KEYS
                .iter()
                .any(|key| key.eq_ignore_ascii_case(&entry.key))
                || entry
                    .key
                    .get(..17)
                    .is_some_and(|start| start.eq_ignore_ascii_case("aws:PrincipalTag/"))
                || entry
                    .values
                    .iter()
                    .any(|value| value.as_str().is_some_and(|text| text.contains("${")))
        })
    })
}

/// Whether every statement of `policy` that covers `action` treats users of the same groups
/// alike (statements that do not cover the action never apply to it).
pub(super) fn is_neutral(policy: &Policy, action: &str) -> bool {
    policy
        .statements()
        .iter()
        .filter(|statement| statement.action.covers(action))
        .all(|statement| !statement_depends_on_user(statement))
}

/// Whether every statement of `policy` that covers `action` decides alike whatever the resource
/// and its account: no resource element but `*`, no condition on `aws:Resource…` keys, no policy
/// variable. The trust policies the layout renders are.
pub(super) fn is_resource_neutral(policy: &Policy, action: &str) -> bool {
    policy
        .statements()
        .iter()
        .filter(|statement| statement.action.covers(action))
        .all(|statement| {
            statement.resource.as_ref().is_none_or(|resource| {
                !resource.is_not_resource()
                    && resource
                        .patterns()
                        .iter()
                        .all(|pattern| pattern.as_str() == "*")
            }) && statement.condition.as_ref().is_none_or(|condition| {
                condition.entries().all(|(_, entry)| {
                    !entry
                        .key
                        .get(..12)
                        .is_some_and(|start| start.eq_ignore_ascii_case("aws:Resource"))
                        && entry
                            .values
                            .iter()
                            .all(|value| value.as_str().is_none_or(|text| !text.contains("${")))
                })
            })
        })
}

/// Whether some `Allow` statement of `policy` naming a principal (a resource policy) could
/// admit a caller on its own: its principal element names more than whole accounts. Within one
/// account such a statement allows without any identity policy.
pub(super) fn may_admit_without_identity(policy: &Policy, action: &str) -> bool {
    policy.statements().iter().any(|statement| {
        statement.effect == Effect::Allow
            && statement.action.covers(action)
            && statement.principal.as_ref().is_some_and(|element| {
                element.is_not_principal()
                    || match element.principal() {
                        Principal::Any => true,
                        Principal::Map(entries) => entries.iter().any(|(kind, values)| {
                            *kind == PrincipalType::Aws
                                && values
                                    .iter()
                                    .any(|value| value == "*" || !names_an_account(value))
                        }),
                    }
            })
    })
}

/// The roles an identity policy may allow assuming, read off its `Allow` statements covering
/// `sts:AssumeRole` (what the evaluator then decides, with conditions and denies).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Targets {
    /// Any role: a statement without a resource, with `NotResource`, or with `*`.
    Any,
    /// Exactly these ARNs, and those matching these patterns (wildcards or variables).
    Some {
        exact: Vec<String>,
        patterns: Vec<String>,
    },
}

impl Targets {
    /// The targets of `policy`'s statements that may allow `sts:AssumeRole`.
    pub(super) fn of(policy: &Policy) -> Targets {
        let mut exact = Vec::new();
        let mut patterns = Vec::new();
        for statement in policy.statements() {
            if statement.effect != Effect::Allow || !statement.action.covers(ASSUME_ROLE) {
                continue;
            }
            let Some(resource) = &statement.resource else {
                return Targets::Any;
            };
            if resource.is_not_resource() {
                return Targets::Any;
            }
            for pattern in resource.patterns() {
                let text = pattern.as_str();
                if text == "*" {
                    return Targets::Any;
                }
                if text.contains(['*', '?']) || text.contains("${") {
                    patterns.push(text.to_owned());
                } else {
                    exact.push(text.to_owned());
                }
            }
        }
        Targets::Some { exact, patterns }
    }
}

/// Whether `text` may match `pattern`: `*` and `${...}` match any run of characters, `?` any one
/// character, letters ignoring ASCII case. Everything IAM's resource matching accepts is
/// accepted here (it is looser: IAM keeps wildcards within ARN segments and compares case), so
/// candidates found with it are a superset of the roles a policy allows.
pub(super) fn may_match(pattern: &str, text: &str) -> bool {
    // `${...}` becomes `*` first.
    let mut simple = Vec::with_capacity(pattern.len());
    let bytes = pattern.as_bytes();
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'$' && bytes.get(index + 1) == Some(&b'{') {
            match pattern[index..].find('}') {
                Some(end) => {
                    simple.push(b'*');
                    index += end + 1;
                    continue;
                }
                None => {
                    simple.push(b'*');
                    break;
                }
            }
        }
        simple.push(bytes[index]);
        index += 1;
    }
    glob(&simple, text.as_bytes())
}

/// Wildcard matching with one backtracking point: linear in `pattern` × `text` at worst.
fn glob(pattern: &[u8], text: &[u8]) -> bool {
    let (mut p, mut t) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        if p < pattern.len()
            && (pattern[p] == b'?' || pattern[p].eq_ignore_ascii_case(&text[t]))
            && pattern[p] != b'*'
        {
            p += 1;
            t += 1;
        } else if p < pattern.len() && pattern[p] == b'*' {
            star = Some((p, t));
            p += 1;
        } else if let Some((star_p, star_t)) = star {
            p = star_p + 1;
            t = star_t + 1;
            star = Some((star_p, star_t + 1));
        } else {
            return false;
        }
    }
    pattern[p..].iter().all(|&byte| byte == b'*')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(json: &str) -> Policy {
        Policy::from_json(json).unwrap_or_else(|error| panic!("{error}: {json}"))
    }

    #[test]
    fn patterns_match_loosely() {
        assert!(may_match("*", ""));
        assert!(may_match(
            "arn:aws:iam::*:role/admin",
            "arn:aws:iam::111111111111:role/admin"
        ));
        assert!(may_match(
            "arn:aws:iam::${aws:PrincipalAccount}:role/a?min",
            "arn:aws:iam::111111111111:role/ADMIN"
        ));
        assert!(!may_match(
            "arn:aws:iam::*:role/admin",
            "arn:aws:iam::111111111111:role/reader"
        ));
        assert!(may_match("a*b*c", "aXXbYYc"));
        assert!(!may_match("a*b*c", "aXXbYY"));
        assert!(may_match("${unclosed", "anything"));
    }

    #[test]
    fn targets_of_assume_role_statements() {
        let exact = policy(
            r#"{"Version":"2012-10-17","Statement":[
                {"Effect":"Allow","Action":"sts:AssumeRole","Resource":["arn:aws:iam::111111111111:role/a","arn:aws:iam::*:role/b"]},
                {"Effect":"Allow","Action":"s3:GetObject","Resource":"*"},
                {"Effect":"Deny","Action":"sts:*","Resource":"*"}]}"#,
        );
        assert_eq!(
            Targets::of(&exact),
            Targets::Some {
                exact: vec!["arn:aws:iam::111111111111:role/a".to_owned()],
                patterns: vec!["arn:aws:iam::*:role/b".to_owned()],
            }
        );
        let any = policy(
            r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"sts:Assume*","NotResource":"arn:aws:iam::1:role/x"}}"#,
        );
        assert_eq!(Targets::of(&any), Targets::Any);
    }

    #[test]
    fn neutral_policies_name_accounts_only() {
        let trust = policy(
            r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"sts:AssumeRole","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}}"#,
        );
        assert!(is_neutral(&trust, ASSUME_ROLE));
        assert!(!may_admit_without_identity(&trust, ASSUME_ROLE));
        let named = policy(
            r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:user/alice"},"Action":"sts:AssumeRole"}}"#,
        );
        assert!(!is_neutral(&named, ASSUME_ROLE));
        assert!(may_admit_without_identity(&named, ASSUME_ROLE));
        assert!(is_resource_neutral(&trust, ASSUME_ROLE));
        let by_account = policy(
            r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"111111111111"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:resourceaccount":"222222222222"}}}}"#,
        );
        assert!(is_neutral(&by_account, ASSUME_ROLE));
        assert!(!is_resource_neutral(&by_account, ASSUME_ROLE));
        let by_name = policy(
            r#"{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"sts:AssumeRole","Resource":"*","Condition":{"StringEquals":{"AWS:USERNAME":"mallory"}}}}"#,
        );
        assert!(!is_neutral(&by_name, ASSUME_ROLE));
        // The variable is in a statement that does not cover the action.
        let own = policy(
            r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"iam:GetUser","Resource":"arn:aws:iam::111111111111:user/${aws:username}"}}"#,
        );
        assert!(is_neutral(&own, ASSUME_ROLE));
        assert!(!is_neutral(&own, "iam:GetUser"));
        let tagged = policy(
            r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/team":"a"}}}}"#,
        );
        assert!(!is_neutral(&tagged, ASSUME_ROLE));
    }
}
