//! Reads the AWS managed-policy corpus (`tests/corpus/aws-managed-policies.jsonl`).

/// One managed policy: its name and the document text exactly as published.
pub struct ManagedPolicy {
    pub name: String,
    pub document: String,
}

/// Every managed policy in the corpus, sorted by name.
pub fn managed_policies() -> Vec<ManagedPolicy> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/corpus/aws-managed-policies.jsonl"
    );
    let text =
        std::fs::read_to_string(path).unwrap_or_else(|error| panic!("cannot read {path}: {error}"));
    text.lines()
        .enumerate()
        .map(|(index, line)| {
            // Each line is {"name":...,"arn":...,"version":...,"document":DOCUMENT}; the document
            // text is sliced out verbatim so that key order and formatting are those published.
            let marker = ",\"document\":";
            let start = line
                .find(marker)
                .unwrap_or_else(|| panic!("line {} has no document", index + 1));
            let document = line[start + marker.len()..line.len() - 1].to_owned();
            let header: serde_json::Value = serde_json::from_str(&format!("{}}}", &line[..start]))
                .unwrap_or_else(|error| panic!("line {}: {error}", index + 1));
            let name = header["name"].as_str().unwrap_or_default().to_owned();
            ManagedPolicy { name, document }
        })
        .collect()
}
