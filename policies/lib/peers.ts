/**
 * How the library covers its peers' rules, rule by rule, for the resource
 * types the platform deploys (S3, KMS, VPC and security groups, CloudTrail,
 * CloudWatch, IAM roles and policies, SageMaker, SNS, Step Functions, Glue).
 * Peer rules for services the platform doesn't deploy (RDS, Lambda, ELB,
 * IAM users and groups, …) are left out. `scripts/generate-readme.ts` renders
 * the summary and the rows; `tests/policies/registry.test.ts` checks that
 * every policy named here exists.
 *
 * - `same`: the peer's semantics.
 * - `stricter`: everything the peer reports, and more (the note says what).
 * - `narrower`: some configurations the peer reports pass here (the note says which, and why).
 * - `partial`: a related safeguard, not the peer's check.
 * - `none`: not covered.
 */

export const PEERS = {
    "cdk-nag-hipaa": "cdk-nag HIPAA Security",
    "cdk-nag-pci": "cdk-nag PCI DSS 3.2.1",
    "cdk-nag-solutions": "cdk-nag AwsSolutions",
    config: "AWS Config managed rules of the HIPAA, PCI DSS 3.2.1 and 4.0 conformance packs",
    "config-sagemaker": "AWS Config SageMaker managed rules",
    checkov: "checkov",
} as const;

export type Peer = keyof typeof PEERS;
export type Match = "same" | "stricter" | "narrower" | "partial" | "none";

export interface PeerRule {
    peers: Peer[];
    rule: string;
    policies: string[];
    match: Match;
    note?: string;
}

const HIPAA_PCI: Peer[] = ["cdk-nag-hipaa", "cdk-nag-pci"];

export const PEER_RULES: PeerRule[] = [
    // S3
    {
        peers: [...HIPAA_PCI, "cdk-nag-solutions"],
        rule: "S3BucketLevelPublicAccessProhibited / s3-bucket-level-public-access-prohibited",
        policies: ["aws-s3-bucket-enable-public-access-block"],
        match: "same",
    },
    {
        peers: [...HIPAA_PCI, "config"],
        rule: "S3BucketPublicReadProhibited, S3BucketPublicWriteProhibited / s3-bucket-public-read-prohibited, s3-bucket-public-write-prohibited",
        policies: ["aws-s3-bucket-disallow-public-access"],
        match: "same",
    },
    {
        peers: [...HIPAA_PCI, "cdk-nag-solutions", "config"],
        rule: "S3BucketLoggingEnabled / s3-bucket-logging-enabled",
        policies: ["aws-s3-bucket-enable-access-logging"],
        match: "same",
    },
    {
        peers: [...HIPAA_PCI, "config"],
        rule: "S3BucketServerSideEncryptionEnabled, S3DefaultEncryptionKMS / s3-bucket-server-side-encryption-enabled, s3-default-encryption-kms",
        policies: ["aws-s3-bucket-enable-kms-encryption"],
        match: "stricter",
        note: "SSE-S3 is reported too: only SSE-KMS passes.",
    },
    {
        peers: [...HIPAA_PCI, "cdk-nag-solutions", "config"],
        rule: "S3BucketSSLRequestsOnly / s3-bucket-ssl-requests-only",
        policies: ["aws-s3-bucket-enforce-tls"],
        match: "same",
    },
    {
        peers: [...HIPAA_PCI, "config"],
        rule: "S3BucketVersioningEnabled / s3-bucket-versioning-enabled",
        policies: ["aws-s3-bucket-enable-versioning"],
        match: "same",
        note: "In the hipaa and pci-dss packs.",
    },
    { peers: [...HIPAA_PCI, "config"], rule: "S3BucketReplicationEnabled / s3-bucket-replication-enabled", policies: [], match: "none" },
    {
        peers: ["config"],
        rule: "s3-bucket-default-lock-enabled",
        policies: ["aws-s3-bucket-enable-object-lock"],
        match: "narrower",
        note: "Audit-log buckets only; data buckets rely on versioning.",
    },
    // KMS
    {
        peers: ["cdk-nag-pci", "cdk-nag-solutions", "config"],
        rule: "KMSBackingKeyRotationEnabled / cmk-backing-key-rotation-enabled",
        policies: ["aws-kms-key-enable-key-rotation"],
        match: "same",
    },
    {
        peers: ["config"],
        rule: "kms-cmk-not-scheduled-for-deletion",
        policies: ["aws-kms-key-configure-deletion-window"],
        match: "partial",
        note: "A deployment never schedules deletion; the rule keeps the deletion window long.",
    },
    // Network
    {
        peers: [...HIPAA_PCI, "config"],
        rule: "VPCDefaultSecurityGroupClosed / vpc-default-security-group-closed",
        policies: ["aws-ec2-defaultsecuritygroup-enforce-closed"],
        match: "same",
    },
    {
        peers: [...HIPAA_PCI, "cdk-nag-solutions", "config"],
        rule: "VPCFlowLogsEnabled / vpc-flow-logs-enabled",
        policies: ["aws-ec2-vpc-enable-flow-logs"],
        match: "same",
    },
    {
        peers: [...HIPAA_PCI, "config"],
        rule: "VPCNoUnrestrictedRouteToIGW / no-unrestricted-route-to-igw",
        policies: ["aws-ec2-routetable-disallow-unrestricted-internet-gateway-route"],
        match: "stricter",
        note: "A gateway computed from an aws.ec2.InternetGateway counts as one before its id is known; no exemption list.",
    },
    {
        peers: [...HIPAA_PCI, "config"],
        rule: "VPCSubnetAutoAssignPublicIpDisabled / subnet-auto-assign-public-ip-disabled",
        policies: ["aws-ec2-subnet-disallow-public-ip-mapping"],
        match: "same",
    },
    {
        peers: ["config"],
        rule: "internet-gateway-authorized-vpc-only",
        policies: ["aws-ec2-internetgateway-disallow-vpc-attachment"],
        match: "narrower",
        note: "Regulated stacks only (dev is not checked).",
    },
    {
        peers: [...HIPAA_PCI, "cdk-nag-solutions", "config"],
        rule: "EC2RestrictedSSH, EC2RestrictedCommonPorts / restricted-ssh, restricted-common-ports, vpc-sg-open-only-to-authorized-ports",
        policies: ["aws-ec2-securitygroup-disallow-public-ingress"],
        match: "stricter",
        note: "Any port open to 0.0.0.0/0 or ::/0 is reported unless allow-listed.",
    },
    // Audit
    {
        peers: [...HIPAA_PCI, "config"],
        rule: "CloudTrailCloudWatchLogsEnabled / cloud-trail-cloud-watch-logs-enabled",
        policies: ["aws-cloudtrail-trail-enable-multi-region-trail"],
        match: "same",
        note: "Every trail.",
    },
    {
        peers: [...HIPAA_PCI, "config"],
        rule: "CloudTrailEncryptionEnabled / cloud-trail-encryption-enabled",
        policies: ["aws-cloudtrail-trail-enable-multi-region-trail"],
        match: "same",
        note: "Every trail.",
    },
    {
        peers: [...HIPAA_PCI, "config"],
        rule: "CloudTrailLogFileValidationEnabled / cloud-trail-log-file-validation-enabled",
        policies: ["aws-cloudtrail-trail-enable-multi-region-trail"],
        match: "same",
        note: "Every trail.",
    },
    {
        peers: ["config"],
        rule: "cloudtrail-enabled, multi-region-cloudtrail-enabled",
        policies: ["aws-cloudtrail-trail-enable-multi-region-trail"],
        match: "same",
    },
    {
        peers: ["config"],
        rule: "cloudtrail-s3-dataevents-enabled",
        policies: ["aws-cloudtrail-trail-enable-s3-data-events"],
        match: "stricter",
        note: "Every bucket of the stack, reads and writes; log buckets are exempt by default (narrower there).",
    },
    {
        peers: [...HIPAA_PCI, "config"],
        rule: "CloudWatchLogGroupEncrypted / cloudwatch-log-group-encrypted",
        policies: ["aws-cloudwatch-loggroup-enable-kms-encryption"],
        match: "same",
    },
    {
        peers: [...HIPAA_PCI, "config", "checkov"],
        rule: "CloudWatchLogGroupRetentionPeriod / cw-loggroup-retention-period-check / CKV_AWS_338",
        policies: ["aws-cloudwatch-loggroup-configure-retention"],
        match: "stricter",
        note: "At least 365 days; 0 (never expire) passes; unset is reported unless allowNeverExpire, as CKV_AWS_338 does and Config doesn't.",
    },
    {
        peers: ["cdk-nag-hipaa", "config"],
        rule: "CloudWatchAlarmAction / cloudwatch-alarm-action-check",
        policies: ["aws-cloudwatch-metricalarm-configure-alarm-actions"],
        match: "stricter",
        note: "An alarm action is required; an OK or INSUFFICIENT_DATA action alone doesn't do.",
    },
    {
        peers: ["config"],
        rule: "step-functions-state-machine-logging-enabled",
        policies: ["aws-sfn-statemachine-configure-logging"],
        match: "stricter",
        note: "Level ALL to an encrypted log group.",
    },
    // IAM
    {
        peers: [...HIPAA_PCI, "config"],
        rule: "IAMPolicyNoStatementsWithAdminAccess / iam-policy-no-statements-with-admin-access",
        policies: ["aws-iam-policy-disallow-full-admin"],
        match: "same",
    },
    {
        peers: [...HIPAA_PCI, "config", "checkov"],
        rule: "IAMPolicyNoStatementsWithFullAccess / iam-policy-no-statements-with-full-access / CKV_AWS_274",
        policies: ["aws-iam-policy-disallow-service-full-access"],
        match: "stricter",
        note: "Every permission document, inline ones included.",
    },
    {
        peers: ["cdk-nag-solutions"],
        rule: "AwsSolutions-IAM5 (wildcard actions)",
        policies: ["aws-iam-policy-disallow-service-full-access"],
        match: "narrower",
        note: "Only whole-service wildcards; action prefixes such as s3:Get* and resource wildcards pass.",
    },
    {
        peers: ["cdk-nag-solutions"],
        rule: "AwsSolutions-IAM4 (AWS-managed policies)",
        policies: ["aws-iam-policyattachment-disallow-admin-managed-policies"],
        match: "narrower",
        note: "Only administrator-class managed policies; service-role policies pass.",
    },
    {
        peers: ["config"],
        rule: "iam-policy-blacklisted-check",
        policies: ["aws-iam-policyattachment-disallow-admin-managed-policies"],
        match: "stricter",
        note: "A longer default list, through every attachment form.",
    },
    {
        peers: ["config"],
        rule: "iam-customer-policy-blocked-kms-actions, iam-inline-policy-blocked-kms-actions",
        policies: ["aws-iam-policy-disallow-blocked-kms-actions"],
        match: "same",
        note: "Key policies are not read.",
    },
    {
        peers: [...HIPAA_PCI, "config"],
        rule: "IAMNoInlinePolicy / iam-no-inline-policy-check",
        policies: ["aws-iam-role-disallow-inline-admin"],
        match: "partial",
        note: "Inline policies are allowed; inline administrator grants are not.",
    },
    // SageMaker
    {
        peers: [...HIPAA_PCI, "config", "config-sagemaker"],
        rule: "SageMakerEndpointConfigurationKMSKeyConfigured / sagemaker-endpoint-configuration-kms-key-configured",
        policies: ["aws-sagemaker-endpointconfiguration-configure-kms-key"],
        match: "same",
    },
    {
        peers: [...HIPAA_PCI, "config", "config-sagemaker"],
        rule: "SageMakerNotebookInstanceKMSKeyConfigured / sagemaker-notebook-instance-kms-key-configured",
        policies: ["aws-sagemaker-notebookinstance-configure-kms-key"],
        match: "same",
    },
    {
        peers: [...HIPAA_PCI, "config", "config-sagemaker"],
        rule: "SageMakerNotebookNoDirectInternetAccess / sagemaker-notebook-no-direct-internet-access",
        policies: ["aws-sagemaker-notebookinstance-disallow-direct-internet-access"],
        match: "same",
    },
    {
        peers: ["config", "config-sagemaker"],
        rule: "sagemaker-notebook-instance-root-access-check",
        policies: ["aws-sagemaker-notebookinstance-disallow-root-access"],
        match: "same",
    },
    {
        peers: ["config", "config-sagemaker"],
        rule: "sagemaker-notebook-instance-inside-vpc",
        policies: ["aws-sagemaker-notebookinstance-configure-subnet"],
        match: "same",
    },
    { peers: ["config-sagemaker"], rule: "sagemaker-domain-in-vpc", policies: ["aws-sagemaker-domain-enforce-vpc-only"], match: "same" },
    { peers: ["config-sagemaker"], rule: "sagemaker-model-isolation-enabled", policies: ["aws-sagemaker-model-enable-network-isolation"], match: "same" },
    { peers: ["config-sagemaker"], rule: "sagemaker-model-in-vpc", policies: ["aws-sagemaker-model-configure-vpc"], match: "same" },
    {
        peers: ["config-sagemaker"],
        rule: "sagemaker-data-quality-job-isolation, sagemaker-model-quality-job-definition-isolation, sagemaker-model-bias-job-isolation, sagemaker-monitoring-schedule-isolation",
        policies: ["aws-sagemaker-monitoringjob-enable-network-isolation"],
        match: "same",
        note: "Native definitions, schedules' inline definitions and Cloud Control definitions.",
    },
    {
        peers: ["config-sagemaker", "checkov"],
        rule: "sagemaker-data-quality-job-encrypt-in-transit, sagemaker-model-quality-job-encrypt-in-transit, sagemaker-model-bias-job-encrypt-in-transit / CKV_AWS_369",
        policies: ["aws-sagemaker-monitoringjob-enable-inter-container-encryption"],
        match: "same",
    },
    {
        peers: ["checkov"],
        rule: "CKV_AWS_367, CKV_AWS_368 (monitoring job KMS)",
        policies: ["aws-sagemaker-monitoringjob-configure-kms-keys"],
        match: "same",
        note: "On every kind of monitoring job definition.",
    },
    {
        peers: ["config-sagemaker"],
        rule: "sagemaker-endpoint-config-prod-instance-count",
        policies: ["aws-sagemaker-endpointconfiguration-configure-instance-count"],
        match: "narrower",
        note: "Prod only: dev and staging run one instance.",
    },
    {
        peers: ["config-sagemaker"],
        rule: "sagemaker-featuregroup-online-store-encryption",
        policies: ["aws-sagemaker-featuregroup-configure-kms-keys"],
        match: "same",
    },
    {
        peers: ["config-sagemaker"],
        rule: "sagemaker-training-job-network-isolation (and the training VPC and KMS rules)",
        policies: [
            "aws-sagemaker-trainingjob-enable-network-isolation",
            "aws-sagemaker-trainingjob-configure-vpc",
            "aws-sagemaker-trainingjob-configure-kms-keys",
        ],
        match: "same",
    },
    // SNS
    {
        peers: ["cdk-nag-hipaa", "cdk-nag-pci", "cdk-nag-solutions", "config"],
        rule: "SNSEncryptedKMS / sns-encrypted-kms",
        policies: ["aws-sns-topic-configure-kms-key"],
        match: "stricter",
        note: "alias/aws/sns is rejected by default.",
    },
    { peers: ["cdk-nag-solutions"], rule: "AwsSolutions-SNS3", policies: ["aws-sns-topic-enforce-tls"], match: "same" },
    {
        peers: ["checkov"],
        rule: "CKV_AWS_169, CKV_AWS_385 (public or cross-account topic policy)",
        policies: ["aws-sns-topicpolicy-disallow-public-access"],
        match: "same",
    },
];
