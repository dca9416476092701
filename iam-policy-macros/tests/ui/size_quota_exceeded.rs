// An SCP counts every character, whitespace included, against its 10,240-character quota.
use iam_policy_macros::policy;

fn main() {
    let _ = policy!(scp, {
        "Version": "2012-10-17",
        "Statement": [
        {
            "Sid": "DenyOutsideRegions14",
            "Effect": "Deny",
            "Action": ["ec2:DescribeInstances", "ec2:DescribeVolumes", "ec2:DescribeSnapshots", "ec2:DescribeImages", "ec2:DescribeVpcs", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups", "ec2:DescribeRouteTables", "ec2:DescribeNetworkInterfaces", "ec2:DescribeKeyPairs", "ec2:DescribeAddresses", "ec2:DescribeRegions", "ec2:DescribeAvailabilityZones", "ec2:DescribeTags", "ec2:DescribeLaunchTemplates"],
            "Resource": "*",
            "Condition": { "StringNotEquals": { "aws:RequestedRegion": ["eu-west-1", "eu-central-1"] } }
        },
        {
            "Sid": "DenyOutsideRegions15",
            "Effect": "Deny",
            "Action": ["ec2:DescribeInstances", "ec2:DescribeVolumes", "ec2:DescribeSnapshots", "ec2:DescribeImages", "ec2:DescribeVpcs", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups", "ec2:DescribeRouteTables", "ec2:DescribeNetworkInterfaces", "ec2:DescribeKeyPairs", "ec2:DescribeAddresses", "ec2:DescribeRegions", "ec2:DescribeAvailabilityZones", "ec2:DescribeTags", "ec2:DescribeLaunchTemplates"],
            "Resource": "*",
            "Condition": { "StringNotEquals": { "aws:RequestedRegion": ["eu-west-1", "eu-central-1"] } }
        },
        {
            "Sid": "DenyOutsideRegions16",
            "Effect": "Deny",
            "Action": ["ec2:DescribeInstances", "ec2:DescribeVolumes", "ec2:DescribeSnapshots", "ec2:DescribeImages", "ec2:DescribeVpcs", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups", "ec2:DescribeRouteTables", "ec2:DescribeNetworkInterfaces", "ec2:DescribeKeyPairs", "ec2:DescribeAddresses", "ec2:DescribeRegions", "ec2:DescribeAvailabilityZones", "ec2:DescribeTags", "ec2:DescribeLaunchTemplates"],
            "Resource": "*",
            "Condition": { "StringNotEquals": { "aws:RequestedRegion": ["eu-west-1", "eu-central-1"] } }
        },
        {
            "Sid": "DenyOutsideRegions17",
            "Effect": "Deny",
            "Action": ["ec2:DescribeInstances", "ec2:DescribeVolumes", "ec2:DescribeSnapshots", "ec2:DescribeImages", "ec2:DescribeVpcs", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups", "ec2:DescribeRouteTables", "ec2:DescribeNetworkInterfaces", "ec2:DescribeKeyPairs", "ec2:DescribeAddresses", "ec2:DescribeRegions", "ec2:DescribeAvailabilityZones", "ec2:DescribeTags", "ec2:DescribeLaunchTemplates"],
            "Resource": "*",
            "Condition": { "StringNotEquals": { "aws:RequestedRegion": ["eu-west-1", "eu-central-1"] } }
        },
        {
            "Sid": "DenyOutsideRegions18",
            "Effect": "Deny",
            "Action": ["ec2:DescribeInstances", "ec2:DescribeVolumes", "ec2:DescribeSnapshots", "ec2:DescribeImages", "ec2:DescribeVpcs", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups", "ec2:DescribeRouteTables", "ec2:DescribeNetworkInterfaces", "ec2:DescribeKeyPairs", "ec2:DescribeAddresses", "ec2:DescribeRegions", "ec2:DescribeAvailabilityZones", "ec2:DescribeTags", "ec2:DescribeLaunchTemplates"],
            "Resource": "*",
            "Condition": { "StringNotEquals": { "aws:RequestedRegion": ["eu-west-1", "eu-central-1"] } }
        },
        {
            "Sid": "DenyOutsideRegions19",
            "Effect": "Deny",
            "Action": ["ec2:DescribeInstances", "ec2:DescribeVolumes", "ec2:DescribeSnapshots", "ec2:DescribeImages", "ec2:DescribeVpcs", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups", "ec2:DescribeRouteTables", "ec2:DescribeNetworkInterfaces", "ec2:DescribeKeyPairs", "ec2:DescribeAddresses", "ec2:DescribeRegions", "ec2:DescribeAvailabilityZones", "ec2:DescribeTags", "ec2:DescribeLaunchTemplates"],
            "Resource": "*",
            "Condition": { "StringNotEquals": { "aws:RequestedRegion": ["eu-west-1", "eu-central-1"] } }
        },
        {
            "Sid": "DenyOutsideRegions0",
            "Effect": "Deny",
            "Action": ["ec2:DescribeInstances", "ec2:DescribeVolumes", "ec2:DescribeSnapshots", "ec2:DescribeImages", "ec2:DescribeVpcs", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups", "ec2:DescribeRouteTables", "ec2:DescribeNetworkInterfaces", "ec2:DescribeKeyPairs", "ec2:DescribeAddresses", "ec2:DescribeRegions", "ec2:DescribeAvailabilityZones", "ec2:DescribeTags", "ec2:DescribeLaunchTemplates"],
            "Resource": "*",
            "Condition": { "StringNotEquals": { "aws:RequestedRegion": ["eu-west-1", "eu-central-1"] } }
        },
        {
            "Sid": "DenyOutsideRegions1",
            "Effect": "Deny",
            "Action": ["ec2:DescribeInstances", "ec2:DescribeVolumes", "ec2:DescribeSnapshots", "ec2:DescribeImages", "ec2:DescribeVpcs", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups", "ec2:DescribeRouteTables", "ec2:DescribeNetworkInterfaces", "ec2:DescribeKeyPairs", "ec2:DescribeAddresses", "ec2:DescribeRegions", "ec2:DescribeAvailabilityZones", "ec2:DescribeTags", "ec2:DescribeLaunchTemplates"],
            "Resource": "*",
            "Condition": { "StringNotEquals": { "aws:RequestedRegion": ["eu-west-1", "eu-central-1"] } }
        },
        {
            "Sid": "DenyOutsideRegions2",
            "Effect": "Deny",
            "Action": ["ec2:DescribeInstances", "ec2:DescribeVolumes", "ec2:DescribeSnapshots", "ec2:DescribeImages", "ec2:DescribeVpcs", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups", "ec2:DescribeRouteTables", "ec2:DescribeNetworkInterfaces", "ec2:DescribeKeyPairs", "ec2:DescribeAddresses", "ec2:DescribeRegions", "ec2:DescribeAvailabilityZones", "ec2:DescribeTags", "ec2:DescribeLaunchTemplates"],
            "Resource": "*",
            "Condition": { "StringNotEquals": { "aws:RequestedRegion": ["eu-west-1", "eu-central-1"] } }
        },
        {
            "Sid": "DenyOutsideRegions3",
            "Effect": "Deny",
            "Action": ["ec2:DescribeInstances", "ec2:DescribeVolumes", "ec2:DescribeSnapshots", "ec2:DescribeImages", "ec2:DescribeVpcs", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups", "ec2:DescribeRouteTables", "ec2:DescribeNetworkInterfaces", "ec2:DescribeKeyPairs", "ec2:DescribeAddresses", "ec2:DescribeRegions", "ec2:DescribeAvailabilityZones", "ec2:DescribeTags", "ec2:DescribeLaunchTemplates"],
            "Resource": "*",
            "Condition": { "StringNotEquals": { "aws:RequestedRegion": ["eu-west-1", "eu-central-1"] } }
        },
        {
            "Sid": "DenyOutsideRegions4",
            "Effect": "Deny",
            "Action": ["ec2:DescribeInstances", "ec2:DescribeVolumes", "ec2:DescribeSnapshots", "ec2:DescribeImages", "ec2:DescribeVpcs", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups", "ec2:DescribeRouteTables", "ec2:DescribeNetworkInterfaces", "ec2:DescribeKeyPairs", "ec2:DescribeAddresses", "ec2:DescribeRegions", "ec2:DescribeAvailabilityZones", "ec2:DescribeTags", "ec2:DescribeLaunchTemplates"],
            "Resource": "*",
            "Condition": { "StringNotEquals": { "aws:RequestedRegion": ["eu-west-1", "eu-central-1"] } }
        },
        {
            "Sid": "DenyOutsideRegions5",
            "Effect": "Deny",
            "Action": ["ec2:DescribeInstances", "ec2:DescribeVolumes", "ec2:DescribeSnapshots", "ec2:DescribeImages", "ec2:DescribeVpcs", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups", "ec2:DescribeRouteTables", "ec2:DescribeNetworkInterfaces", "ec2:DescribeKeyPairs", "ec2:DescribeAddresses", "ec2:DescribeRegions", "ec2:DescribeAvailabilityZones", "ec2:DescribeTags", "ec2:DescribeLaunchTemplates"],
            "Resource": "*",
            "Condition": { "StringNotEquals": { "aws:RequestedRegion": ["eu-west-1", "eu-central-1"] } }
        },
        {
            "Sid": "DenyOutsideRegions6",
            "Effect": "Deny",
            "Action": ["ec2:DescribeInstances", "ec2:DescribeVolumes", "ec2:DescribeSnapshots", "ec2:DescribeImages", "ec2:DescribeVpcs", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups", "ec2:DescribeRouteTables", "ec2:DescribeNetworkInterfaces", "ec2:DescribeKeyPairs", "ec2:DescribeAddresses", "ec2:DescribeRegions", "ec2:DescribeAvailabilityZones", "ec2:DescribeTags", "ec2:DescribeLaunchTemplates"],
            "Resource": "*",
            "Condition": { "StringNotEquals": { "aws:RequestedRegion": ["eu-west-1", "eu-central-1"] } }
        },
        {
            "Sid": "DenyOutsideRegions7",
            "Effect": "Deny",
            "Action": ["ec2:DescribeInstances", "ec2:DescribeVolumes", "ec2:DescribeSnapshots", "ec2:DescribeImages", "ec2:DescribeVpcs", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups", "ec2:DescribeRouteTables", "ec2:DescribeNetworkInterfaces", "ec2:DescribeKeyPairs", "ec2:DescribeAddresses", "ec2:DescribeRegions", "ec2:DescribeAvailabilityZones", "ec2:DescribeTags", "ec2:DescribeLaunchTemplates"],
            "Resource": "*",
            "Condition": { "StringNotEquals": { "aws:RequestedRegion": ["eu-west-1", "eu-central-1"] } }
        },
        {
            "Sid": "DenyOutsideRegions8",
            "Effect": "Deny",
            "Action": ["ec2:DescribeInstances", "ec2:DescribeVolumes", "ec2:DescribeSnapshots", "ec2:DescribeImages", "ec2:DescribeVpcs", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups", "ec2:DescribeRouteTables", "ec2:DescribeNetworkInterfaces", "ec2:DescribeKeyPairs", "ec2:DescribeAddresses", "ec2:DescribeRegions", "ec2:DescribeAvailabilityZones", "ec2:DescribeTags", "ec2:DescribeLaunchTemplates"],
            "Resource": "*",
            "Condition": { "StringNotEquals": { "aws:RequestedRegion": ["eu-west-1", "eu-central-1"] } }
        },
        {
            "Sid": "DenyOutsideRegions9",
            "Effect": "Deny",
            "Action": ["ec2:DescribeInstances", "ec2:DescribeVolumes", "ec2:DescribeSnapshots", "ec2:DescribeImages", "ec2:DescribeVpcs", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups", "ec2:DescribeRouteTables", "ec2:DescribeNetworkInterfaces", "ec2:DescribeKeyPairs", "ec2:DescribeAddresses", "ec2:DescribeRegions", "ec2:DescribeAvailabilityZones", "ec2:DescribeTags", "ec2:DescribeLaunchTemplates"],
            "Resource": "*",
            "Condition": { "StringNotEquals": { "aws:RequestedRegion": ["eu-west-1", "eu-central-1"] } }
        },
        {
            "Sid": "DenyOutsideRegions10",
            "Effect": "Deny",
            "Action": ["ec2:DescribeInstances", "ec2:DescribeVolumes", "ec2:DescribeSnapshots", "ec2:DescribeImages", "ec2:DescribeVpcs", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups", "ec2:DescribeRouteTables", "ec2:DescribeNetworkInterfaces", "ec2:DescribeKeyPairs", "ec2:DescribeAddresses", "ec2:DescribeRegions", "ec2:DescribeAvailabilityZones", "ec2:DescribeTags", "ec2:DescribeLaunchTemplates"],
            "Resource": "*",
            "Condition": { "StringNotEquals": { "aws:RequestedRegion": ["eu-west-1", "eu-central-1"] } }
        },
        {
            "Sid": "DenyOutsideRegions11",
            "Effect": "Deny",
            "Action": ["ec2:DescribeInstances", "ec2:DescribeVolumes", "ec2:DescribeSnapshots", "ec2:DescribeImages", "ec2:DescribeVpcs", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups", "ec2:DescribeRouteTables", "ec2:DescribeNetworkInterfaces", "ec2:DescribeKeyPairs", "ec2:DescribeAddresses", "ec2:DescribeRegions", "ec2:DescribeAvailabilityZones", "ec2:DescribeTags", "ec2:DescribeLaunchTemplates"],
            "Resource": "*",
            "Condition": { "StringNotEquals": { "aws:RequestedRegion": ["eu-west-1", "eu-central-1"] } }
        },
        {
            "Sid": "DenyOutsideRegions12",
            "Effect": "Deny",
            "Action": ["ec2:DescribeInstances", "ec2:DescribeVolumes", "ec2:DescribeSnapshots", "ec2:DescribeImages", "ec2:DescribeVpcs", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups", "ec2:DescribeRouteTables", "ec2:DescribeNetworkInterfaces", "ec2:DescribeKeyPairs", "ec2:DescribeAddresses", "ec2:DescribeRegions", "ec2:DescribeAvailabilityZones", "ec2:DescribeTags", "ec2:DescribeLaunchTemplates"],
            "Resource": "*",
            "Condition": { "StringNotEquals": { "aws:RequestedRegion": ["eu-west-1", "eu-central-1"] } }
        },
        {
            "Sid": "DenyOutsideRegions13",
            "Effect": "Deny",
            "Action": ["ec2:DescribeInstances", "ec2:DescribeVolumes", "ec2:DescribeSnapshots", "ec2:DescribeImages", "ec2:DescribeVpcs", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups", "ec2:DescribeRouteTables", "ec2:DescribeNetworkInterfaces", "ec2:DescribeKeyPairs", "ec2:DescribeAddresses", "ec2:DescribeRegions", "ec2:DescribeAvailabilityZones", "ec2:DescribeTags", "ec2:DescribeLaunchTemplates"],
            "Resource": "*",
            "Condition": { "StringNotEquals": { "aws:RequestedRegion": ["eu-west-1", "eu-central-1"] } }
        }
        ]
    });
}
