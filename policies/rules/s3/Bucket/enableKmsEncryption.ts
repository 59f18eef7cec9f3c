import { getArray, getString, probe } from "../../../lib/access";
import { stackRule } from "../../../lib/define";
import { CUSTOMER_KEY_ENCRYPTION_CONTROLS } from "../../../lib/frameworks";
import { isAwsManagedKey } from "../../../lib/kms";
import { forEachBucket, isSseKms, S3_TYPES } from "../../../lib/s3";

/**
 * Every bucket needs its own BucketServerSideEncryptionConfiguration with
 * SSE-KMS under a customer-managed key. In v7 encryption is a separate
 * resource, so this is a stack rule: a bucket with no matching encryption
 * resource is a violation (S3's implicit SSE-S3 default gives no key policy,
 * no key-level audit trail and no crypto-shredding).
 */
export const s3BucketEnableKmsEncryption = stackRule({
    name: "aws-s3-bucket-enable-kms-encryption",
    description: "S3 buckets must default to SSE-KMS with a customer-managed KMS key, configured by a BucketServerSideEncryptionConfiguration.",
    severity: "critical",
    topics: ["encryption"],
    frameworks: CUSTOMER_KEY_ENCRYPTION_CONTROLS,
    remediationSteps:
        "Add an aws.s3.BucketServerSideEncryptionConfiguration for the bucket with a rule " +
        '`{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.arn }, bucketKeyEnabled: true }`, ' +
        "where `key` is a customer-managed aws.kms.Key (not alias/aws/s3). SecureBucket does this for you.",
    appliesTo: [...S3_TYPES.bucket],
    check: (stack, ctx) =>
        forEachBucket(stack, ctx, ({ parts, fail }) => {
            const configs = parts("encryption");
            if (configs.length === 0) {
                fail("has no BucketServerSideEncryptionConfiguration; it would fall back to SSE-S3 with an AWS-owned key.");
                return;
            }
            for (const cfg of configs) {
                const rules = getArray(cfg.props, "rules");
                if (rules.length === 0) {
                    fail(`encryption configuration "${cfg.name}" has no rules.`);
                    continue;
                }
                rules.forEach((rule, i) => {
                    const algorithm = getString(rule, "applyServerSideEncryptionByDefault", "sseAlgorithm");
                    if (!isSseKms(algorithm)) {
                        fail(`encryption configuration "${cfg.name}" rule ${i} uses ${algorithm ?? "no algorithm"}, not aws:kms.`);
                        return;
                    }
                    const key = probe(rule, "applyServerSideEncryptionByDefault", "kmsMasterKeyId");
                    if (key.state === "missing") {
                        fail(`encryption configuration "${cfg.name}" rule ${i} sets no kmsMasterKeyId, so S3 uses the AWS-managed aws/s3 key.`);
                    } else if (key.state === "known" && typeof key.value === "string" && isAwsManagedKey(key.value, "s3")) {
                        fail(`encryption configuration "${cfg.name}" rule ${i} uses the AWS-managed key ${key.value}.`);
                    }
                    // An unknown key id is computed from another resource (a key in this stack): customer-managed.
                });
            }
        }),
});
