import { resourceRule } from "../../../lib/define";
import { ENCRYPTION_AT_REST_CONTROLS } from "../../../lib/frameworks";
import { compliant, nonCompliant } from "../../../lib/result";
import { SECURITY_CONFIGURATION_TYPE, securityConfigurationProblems } from "../encryption";

/**
 * Glue jobs and crawlers write lake data to S3, logs (which quote records on
 * errors) to CloudWatch, and job bookmarks (which name processed objects).
 * A security configuration encrypts all three with the lake key; a gap in
 * any one leaves a copy of regulated data outside the key's control.
 */
export const glueSecurityConfigurationConfigureKmsEncryption = resourceRule({
    name: "aws-glue-securityconfiguration-configure-kms-encryption",
    description: "Glue security configurations must encrypt S3 data (SSE-KMS), CloudWatch logs (SSE-KMS) and job bookmarks (CSE-KMS), each with a KMS key.",
    severity: "high",
    topics: ["encryption"],
    frameworks: ENCRYPTION_AT_REST_CONTROLS,
    remediationSteps:
        'In `encryptionConfiguration` of the aws.glue.SecurityConfiguration set `s3Encryption: { s3EncryptionMode: "SSE-KMS", kmsKeyArn }`, ' +
        '`cloudwatchEncryption: { cloudwatchEncryptionMode: "SSE-KMS", kmsKeyArn }` and ' +
        '`jobBookmarksEncryption: { jobBookmarksEncryptionMode: "CSE-KMS", kmsKeyArn }` with the lake key, whose policy must let ' +
        "the logs service principal of the region use it. A security configuration cannot be changed: create a new one and point " +
        "crawlers and jobs at it.",
    resourceTypes: [SECURITY_CONFIGURATION_TYPE],
    check: (props, ctx) => {
        const problems = securityConfigurationProblems(props, ctx.attempt);
        return problems.length === 0 ? compliant() : nonCompliant(...problems.map((p) => `Security configuration "${ctx.name}": ${p}.`));
    },
});
