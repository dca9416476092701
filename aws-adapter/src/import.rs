//! Reading what `jumpgate import` needs: the organization, every account's tags and alias,
//! and every account's IAM in full (the policies of what jumpgate does not manage included).
//! Turning it into a layout is the planner's ([`jumpgate_planner::import`]). Nothing secret is
//! read: no passwords, login profiles or access keys.

use std::collections::BTreeMap;

use jumpgate_planner::import::{AccountExtras, ImportRead};
use jumpgate_planner::state::AccountIam;

use crate::iam::{read_groups, read_policies, read_roles, read_users};
use crate::{Aws, Error};

impl Aws {
    /// Reads the organization and, in every account, its tags (Organizations), its alias and
    /// its roles, customer managed policies, groups and users with their policies (IAM), and
    /// the buckets its trails in `region` deliver to (CloudTrail), which name the log bucket.
    pub async fn read_for_import(&self, region: &str) -> Result<ImportRead, Error> {
        let org = self.read_org().await?;
        let organizations = self.org();
        let read = self
            .each(
                "reading accounts",
                &org.accounts,
                |account| account.name.clone(),
                |account| {
                    let organizations = &organizations;
                    async move {
                        let tags: Vec<_> = organizations
                            .list_tags_for_resource()
                            .resource_id(account.id.as_str())
                            .into_paginator()
                            .items()
                            .send()
                            .try_collect()
                            .await
                            .map_err(|error| {
                                Error::aws("organizations:ListTagsForResource", error)
                            })?;
                        let iam = self.iam(account.id).await?;
                        let aliases = iam
                            .list_account_aliases()
                            .send()
                            .await
                            .map_err(|error| Error::aws("iam:ListAccountAliases", error))?;
                        let extras = AccountExtras {
                            tags: tags
                                .iter()
                                .map(|tag| (tag.key().to_owned(), tag.value().to_owned()))
                                .collect(),
                            alias: aliases.account_aliases().first().cloned(),
                        };
                        let cloudtrail = self.cloudtrail(&self.regional(account.id, region).await?);
                        let trails = cloudtrail
                            .describe_trails()
                            .include_shadow_trails(false)
                            .send()
                            .await
                            .map_err(|error| Error::aws("cloudtrail:DescribeTrails", error))?;
                        let buckets: Vec<String> = trails
                            .trail_list()
                            .iter()
                            .filter_map(|trail| trail.s3_bucket_name())
                            .map(str::to_owned)
                            .collect();
                        let iam_state = AccountIam {
                            roles: read_roles(&iam, true).await?,
                            policies: read_policies(&iam, true).await?,
                            groups: read_groups(&iam, true).await?,
                            users: read_users(&iam, true).await?,
                            password_policy: crate::credentials::read_password_policy(&iam).await?,
                        };
                        Ok((account.id, extras, buckets, iam_state))
                    }
                },
            )
            .await?;
        let mut extras = BTreeMap::new();
        let mut iam_state = BTreeMap::new();
        let mut trail_buckets = BTreeMap::new();
        for (id, account_extras, buckets, iam) in read {
            extras.insert(id, account_extras);
            trail_buckets.insert(id, buckets.into_iter().collect());
            iam_state.insert(id, iam);
        }
        Ok(ImportRead {
            org,
            extras,
            iam: iam_state,
            trail_buckets,
        })
    }
}
