import { getBool } from "../../../lib/access";
import { REGULATED_PROPERTY, schema } from "../../../lib/config";
import { resourceRule } from "../../../lib/define";
import { compliant, nonCompliant, notApplicable } from "../../../lib/result";
import { S3_TYPES } from "../../../lib/s3";

/**
 * `forceDestroy` lets `pulumi destroy` (or a replacement) empty a bucket of
 * every object and version. In a regulated stack that is an improper
 * destruction of ePHI / audit evidence waiting to happen.
 */
export const s3BucketDisallowForceDestroy = resourceRule<{ regulated: boolean }>({
    name: "aws-s3-bucket-disallow-force-destroy",
    description: "S3 buckets in regulated stacks must not set forceDestroy.",
    severity: "high",
    topics: ["backup", "integrity"],
    frameworks: [
        { framework: "hipaa", controls: ["164.312(c)(1)"] },
        { framework: "pci-dss", controls: ["10.5.1"] },
        { framework: "ml-baseline", controls: ["ML-BAK-1"] },
    ],
    remediationSteps:
        "Remove `forceDestroy: true` (SecureBucket only sets it with `allowForceDestroy` in dev). Empty buckets deliberately before deleting them.",
    configSchema: schema({ regulated: REGULATED_PROPERTY }),
    resourceTypes: [...S3_TYPES.bucket],
    check: (props, ctx) => {
        if (!ctx.config.regulated) {
            return notApplicable("the stack is not regulated (config regulated: false)");
        }
        return getBool(props, "forceDestroy") === true ? nonCompliant(`bucket "${ctx.name}" sets forceDestroy: true in a regulated stack.`) : compliant();
    },
});
