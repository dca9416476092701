//! The AWS managed-policy corpus: every policy compiled into the crate ([`iam_policy::managed`]).

/// One managed policy: its name and the document text exactly as published.
pub(crate) struct ManagedPolicy {
    pub name: String,
    pub document: String,
}

/// Every AWS managed policy, sorted by name.
pub(crate) fn managed_policies() -> Vec<ManagedPolicy> {
    iam_policy::managed::all()
        .map(|policy| ManagedPolicy {
            name: policy.name().to_owned(),
            document: policy.document_text().to_owned(),
        })
        .collect()
}
