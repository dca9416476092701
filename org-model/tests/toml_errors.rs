//! Reading layout files: every error says what is wrong and where (line and column in the file),
//! with "did you mean" where a name is close to a valid one; a policy written as JSON text is
//! located inside the string.

use org_model::{Error, Layout, Permission};

/// A valid layout head to which a test appends its `[[role]]`.
const HEAD: &str = r#"[organization]
name = "acme"
management_account = "ROOT"

[[account]]
name = "ROOT"
email = "root@example.com"
purpose = "management"
"#;

/// The error of reading `text`: (line, column, message).
fn error_of(text: &str) -> (usize, usize, String) {
    match Layout::from_toml(text) {
        Err(Error::Layout {
            line,
            column,
            message,
        }) => (line, column, message),
        Err(other) => panic!("not a layout error: {other}"),
        Ok(layout) => panic!("read without error: {layout:?}"),
    }
}

/// The 1-based line and column of the first occurrence of `needle` in `text`.
fn position_of(text: &str, needle: &str) -> (usize, usize) {
    let offset = text
        .find(needle)
        .unwrap_or_else(|| panic!("`{needle}` is not in the text"));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, column)
}

#[test]
fn a_misspelt_permission_key_is_reported_at_the_key_with_a_suggestion() {
    let text =
        format!("{HEAD}\n[[role]]\nname = \"admin\"\n\n[[role.permissions]]\naws_manged = \"X\"\n");
    let (line, column, message) = error_of(&text);
    assert_eq!(
        (line, column),
        position_of(&text, "aws_manged"),
        "{message}"
    );
    assert!(message.contains("`aws_manged`"), "{message}");
    assert!(message.contains("did you mean `aws_managed`?"), "{message}");
    assert!(!message.contains("untagged"), "{message}");
}

#[test]
fn a_permission_with_two_kinds_or_none_says_so() {
    let text = format!(
        "{HEAD}\n[[role]]\nname = \"admin\"\n\n[[role.permissions]]\naws_managed = \"ReadOnlyAccess\"\ninline = \"x\"\n"
    );
    let (line, column, message) = error_of(&text);
    assert_eq!((line, column), position_of(&text, "inline ="), "{message}");
    assert!(
        message.contains("`aws_managed`") && message.contains("`inline`"),
        "{message}"
    );

    let text = format!("{HEAD}\n[[role]]\nname = \"admin\"\n\n[[role.permissions]]\n");
    let (line, _, message) = error_of(&text);
    assert_eq!(
        line,
        position_of(&text, "[[role.permissions]]").0,
        "{message}"
    );
    assert!(
        message.contains("`aws_managed`, `customer` or `inline`"),
        "{message}"
    );

    let text =
        format!("{HEAD}\n[[role]]\nname = \"admin\"\n\n[[role.permissions]]\ncustomer = \"x\"\n");
    let (_, _, message) = error_of(&text);
    assert!(message.contains("`policy`"), "{message}");

    let text = format!(
        "{HEAD}\n[[role]]\nname = \"admin\"\n\n[[role.permissions]]\naws_managed = \"ReadOnlyAccess\"\npolicy = \"{{}}\"\n"
    );
    let (line, column, message) = error_of(&text);
    assert_eq!((line, column), position_of(&text, "policy ="), "{message}");
    assert!(message.contains("`policy`"), "{message}");
}

#[test]
fn invalid_json_in_a_policy_string_is_located_inside_the_string() {
    let text = format!(
        "{HEAD}\n[[role]]\nname = \"admin\"\n\n[[role.permissions]]\ncustomer = \"x\"\npolicy = \"{{not json\"\n"
    );
    let (line, column, message) = error_of(&text);
    let (policy_line, quote) = position_of(&text, "\"{not json");
    assert_eq!(line, policy_line, "{message}");
    // Inside the string, after the opening brace.
    assert_eq!(column, quote + 2, "{message}");
    assert!(message.contains("line 1, column 2"), "{message}");
    assert!(!message.contains("untagged"), "{message}");
}

#[test]
fn a_policy_error_in_json_text_points_at_the_element_in_the_file() {
    // A literal multi-line string: the error is on the JSON's third line.
    let text = format!(
        "{HEAD}\n[[role]]\nname = \"admin\"\n\n[[role.permissions]]\ncustomer = \"x\"\npolicy = '''\n{{\"Version\": \"2012-10-17\",\n  \"Statement\": [{{\"Effect\": \"Allow\", \"Action\": \"s3:*\", \"Resource\": \"*\"}},\n    {{\"Effect\": \"Alow\", \"Action\": \"s3:*\", \"Resource\": \"*\"}}]}}\n'''\n"
    );
    let (line, column, message) = error_of(&text);
    assert_eq!((line, column), position_of(&text, "\"Alow\""), "{message}");
    assert!(message.contains("Statement[1].Effect"), "{message}");
    assert!(message.contains("did you mean `Allow`?"), "{message}");

    // A basic string with escapes: the column counts the escapes as written.
    let text = format!(
        "{HEAD}\n[[role]]\nname = \"admin\"\n\n[[role.permissions]]\ninline = \"x\"\npolicy = \"{{\\\"Version\\\": \\\"2012-10-17\\\", \\\"Statement\\\": {{\\\"Effect\\\": \\\"Alow\\\", \\\"Action\\\": \\\"s3:*\\\", \\\"Resource\\\": \\\"*\\\"}}}}\"\n"
    );
    let (line, column, message) = error_of(&text);
    assert_eq!((line, column), position_of(&text, "\\\"Alow"), "{message}");
    assert!(message.contains("Statement.Effect"), "{message}");

    // Unicode escapes and multi-byte characters before the error.
    let text = format!(
        "{HEAD}\n[[role]]\nname = \"admin\"\n\n[[role.permissions]]\ninline = \"x\"\npolicy = \"\"\"\n{{\"Id\": \"\\u00e9t\u{e9}\", \\\n   \"Version\": \"2012-10-17\", \"Statement\": {{\"Effect\": \"Alow\", \"Action\": \"s3:*\", \"Resource\": \"*\"}}}}\"\"\"\n"
    );
    let (line, column, message) = error_of(&text);
    assert_eq!((line, column), position_of(&text, "\"Alow\""), "{message}");
}

#[test]
fn an_error_in_a_toml_table_policy_points_at_the_key() {
    let text = format!(
        "{HEAD}\n[[role]]\nname = \"admin\"\n\n[[role.permissions]]\ncustomer = \"x\"\n\n[role.permissions.policy]\nVersion = \"2012-10-17\"\n\n[[role.permissions.policy.Statement]]\nEffect = \"Alow\"\nAction = \"s3:*\"\nResource = \"*\"\n"
    );
    let (line, column, message) = error_of(&text);
    assert_eq!((line, column), position_of(&text, "Effect = "), "{message}");
    assert!(message.contains("Statement[0].Effect"), "{message}");
    assert!(message.contains("did you mean `Allow`?"), "{message}");
    assert!(!message.contains("untagged"), "{message}");

    // An inline table, misspelt element.
    let text = format!(
        "{HEAD}\n[[role]]\nname = \"admin\"\npermissions = [{{ inline = \"x\", policy = {{ Version = \"2012-10-17\", Statement = [{{ Effect = \"Allow\", Acton = \"s3:*\", Resource = \"*\" }}] }} }}]\n"
    );
    let (line, column, message) = error_of(&text);
    assert_eq!((line, column), position_of(&text, "Acton"), "{message}");
    assert!(message.contains("did you mean `Action`?"), "{message}");
}

#[test]
fn valid_permissions_of_every_shape_still_read() {
    let text = format!(
        "{HEAD}\n[[role]]\nname = \"admin\"\n\n[[role.permissions]]\naws_managed = \"ReadOnlyAccess\"\n\n[[role.permissions]]\ncustomer = \"c\"\npolicy = '{{\"Version\": \"2012-10-17\", \"Statement\": {{\"Effect\": \"Allow\", \"Action\": \"s3:*\", \"Resource\": \"*\"}}}}'\n\n[[role.permissions]]\ninline = \"i\"\n\n[role.permissions.policy]\nVersion = \"2012-10-17\"\nStatement = {{ Effect = \"Allow\", Action = \"s3:*\", Resource = \"*\" }}\n"
    );
    let layout = Layout::from_toml(&text).unwrap_or_else(|error| panic!("{error}"));
    let permissions = &layout.roles[0].permissions;
    assert!(
        matches!(&permissions[0], Permission::AwsManaged { aws_managed } if aws_managed == "ReadOnlyAccess")
    );
    assert!(matches!(&permissions[1], Permission::Customer { customer, .. } if customer == "c"));
    assert!(matches!(&permissions[2], Permission::Inline { inline, .. } if inline == "i"));
    assert_eq!(permissions[1].policy(), permissions[2].policy());
}

#[test]
fn a_deeply_dotted_key_reports_the_nesting_limit_at_the_key() {
    let key = vec!["a"; 10_000].join(".");
    let text = format!("{HEAD}\n{key} = 1\n");
    let (line, column, message) = error_of(&text);
    assert_eq!((line, column), position_of(&text, "a.a.a"), "{message}");
    assert!(message.contains("10000"), "{message}");
    assert!(message.contains("nest"), "{message}");
    assert!(!message.contains("recursion limit"), "{message}");

    let header = format!("{HEAD}\n[{key}]\n");
    let (line, column, message) = error_of(&header);
    assert_eq!((line, column), position_of(&header, "a.a.a"), "{message}");
}

#[test]
fn unknown_fields_and_variants_suggest_the_closest_valid_name() {
    let text = format!("{HEAD}\n[[user]]\nnmae = \"alice\"\n");
    let (line, column, message) = error_of(&text);
    assert_eq!((line, column), position_of(&text, "nmae"), "{message}");
    assert!(message.contains("expected one of"), "{message}");
    assert!(message.ends_with("did you mean `name`?"), "{message}");

    let text = HEAD.replace("purpose = \"management\"", "purpose = \"managment\"");
    let (_, _, message) = error_of(&text);
    assert!(message.ends_with("did you mean `management`?"), "{message}");

    let text = HEAD.replace("[organization]", "[organisation]");
    let (_, _, message) = error_of(&text);
    assert!(
        message.ends_with("did you mean `organization`?"),
        "{message}"
    );

    // Nothing close: no suggestion.
    let text = format!("{HEAD}\n[[user]]\nname = \"alice\"\nzzzzzzzz = 1\n");
    let (_, _, message) = error_of(&text);
    assert!(!message.contains("did you mean"), "{message}");
}

#[test]
fn the_jump_table_reads_its_settings_and_names_a_misspelt_key() {
    let text = format!(
        "{HEAD}\n[jump.password_policy]\nminimum_password_length = 16\nmax_password_age = 90\n\n\
         [jump.audit]\nunused_credentials_days = 30\n\n[[user]]\nname = \"dave\"\nconsole = false\n"
    );
    let layout = Layout::from_toml(&text).expect("reads");
    let policy = layout.jump.password_policy;
    assert_eq!(policy.minimum_password_length, 16);
    assert_eq!(policy.max_password_age, 90);
    // What is not written keeps its default.
    assert_eq!(policy.password_reuse_prevention, 24);
    assert!(policy.require_symbols);
    assert_eq!(layout.jump.audit.unused_credentials_days, 30);
    assert_eq!(layout.jump.audit.access_key_max_age_days, 90);
    assert!(!layout.users[0].console);
    let again = Layout::from_toml(&layout.to_toml().expect("writes")).expect("reads back");
    assert_eq!(again, layout);

    let text = format!("{HEAD}\n[jump.password_policy]\nminimum_pasword_length = 16\n");
    let (line, column, message) = error_of(&text);
    assert_eq!(
        (line, column),
        position_of(&text, "minimum_pasword_length"),
        "{message}"
    );
    assert!(
        message.contains("did you mean `minimum_password_length`?"),
        "{message}"
    );
}
