import { getBool } from "../../../lib/access";
import { stackRule } from "../../../lib/define";
import { forEachBucket, S3_TYPES } from "../../../lib/s3";

const FLAGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"] as const;
const ACCOUNT_PAB = "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock";

/**
 * All four public-access-block flags, per bucket. An account-level block
 * with all four flags in the same stack also satisfies it, since S3 applies
 * the more restrictive of the two.
 */
export const s3BucketEnablePublicAccessBlock = stackRule({
    name: "aws-s3-bucket-enable-public-access-block",
    description: "S3 buckets must have a BucketPublicAccessBlock with all four flags true (or an account-level block with all four).",
    severity: "critical",
    topics: ["access", "network"],
    frameworks: [
        { framework: "hipaa", controls: ["164.312(a)(1)"] },
        { framework: "pci-dss", controls: ["1.4.4", "7.2.1"] },
        { framework: "ml-baseline", controls: ["ML-NET-1"] },
    ],
    remediationSteps:
        "Add an aws.s3.BucketPublicAccessBlock for the bucket with blockPublicAcls, blockPublicPolicy, " +
        "ignorePublicAcls and restrictPublicBuckets all `true`.",
    appliesTo: [...S3_TYPES.bucket],
    check: (stack, ctx) => {
        const accountWide = stack.ofType(ACCOUNT_PAB).some((a) => ctx.attempt(() => FLAGS.every((flag) => getBool(a.props, flag) === true), a.name, false));
        return forEachBucket(stack, ctx, ({ parts, fail }) => {
            if (accountWide) {
                return;
            }
            const blocks = parts("publicAccessBlock");
            if (blocks.length === 0) {
                fail("has no BucketPublicAccessBlock.");
                return;
            }
            for (const block of blocks) {
                const off = FLAGS.filter((flag) => getBool(block.props, flag) !== true);
                if (off.length > 0) {
                    fail(`public access block "${block.name}" does not set ${off.join(", ")} to true.`);
                }
            }
        });
    },
});
