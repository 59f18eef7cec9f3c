import { getString } from "../../../lib/access";
import { stackRule } from "../../../lib/define";
import { forEachBucket, S3_TYPES } from "../../../lib/s3";

/**
 * Versioning keeps every overwritten or deleted object recoverable: integrity
 * against improper alteration or destruction (HIPAA), and audit records that
 * cannot be silently replaced (PCI DSS, as cdk-nag's PCI pack and Config's PCI
 * conformance packs check it).
 */
export const s3BucketEnableVersioning = stackRule({
    name: "aws-s3-bucket-enable-versioning",
    description: "S3 buckets must have versioning enabled by a BucketVersioning resource.",
    severity: "medium",
    topics: ["backup", "integrity"],
    frameworks: [
        { framework: "hipaa", controls: ["164.312(c)(1)"] },
        { framework: "pci-dss", controls: ["10.3.2", "10.3.3"] },
        { framework: "ml-baseline", controls: ["ML-BAK-1"] },
    ],
    remediationSteps:
        'Add an aws.s3.BucketVersioning for the bucket with `versioningConfiguration: { status: "Enabled" }`, ' +
        "and a lifecycle rule expiring noncurrent versions to bound the cost.",
    appliesTo: [...S3_TYPES.bucket],
    check: (stack, ctx) =>
        forEachBucket(stack, ctx, ({ parts, fail }) => {
            const versioning = parts("versioning");
            if (versioning.length === 0) {
                fail("has no BucketVersioning resource; versioning is off.");
                return;
            }
            for (const v of versioning) {
                const status = getString(v.props, "versioningConfiguration", "status");
                if (status !== "Enabled") {
                    fail(`versioning "${v.name}" has status ${status ?? "unset"}, not Enabled.`);
                }
            }
        }),
});
