import { getArray, getBool, getString } from "../../../lib/access";
import { resourceRule } from "../../../lib/define";
import { ENCRYPTION_AT_REST_CONTROLS } from "../../../lib/frameworks";
import { Findings, notApplicable } from "../../../lib/result";
import { isSseKms, S3_TYPES } from "../../../lib/s3";

function kmsRules(props: Record<string, any>): { rule: any; index: number }[] {
    return getArray(props, "rules")
        .map((rule, index) => ({ rule, index }))
        .filter(({ rule }) => isSseKms(getString(rule, "applyServerSideEncryptionByDefault", "sseAlgorithm")));
}

/**
 * S3 Bucket Keys cut KMS request volume (and cost, and throttling) by up to
 * 99% without weakening the key policy. Remediation sets `bucketKeyEnabled`
 * on every SSE-KMS rule: it only affects objects written afterwards and
 * changes no permission.
 */
export const s3BucketEncryptionEnableBucketKey = resourceRule({
    name: "aws-s3-bucketencryption-enable-bucket-key",
    description: "SSE-KMS bucket encryption configurations must enable S3 Bucket Keys.",
    severity: "medium",
    topics: ["encryption", "cost"],
    frameworks: ENCRYPTION_AT_REST_CONTROLS,
    remediationSteps:
        "Set `bucketKeyEnabled: true` on each rule of the aws.s3.BucketServerSideEncryptionConfiguration. " +
        "With the policy at `remediate`, the pack sets it for you.",
    resourceTypes: [...S3_TYPES.encryption],
    check: (props, ctx) => {
        const rules = kmsRules(props);
        if (rules.length === 0) {
            // Not SSE-KMS: aws-s3-bucket-enable-kms-encryption reports that; bucket keys don't apply.
            return notApplicable("no SSE-KMS rule (bucket keys apply only to SSE-KMS)");
        }
        const f = new Findings();
        for (const { rule, index } of rules) {
            ctx.attempt(() => {
                if (getBool(rule, "bucketKeyEnabled") !== true) {
                    f.add(`"${ctx.name}" rule ${index} does not enable the S3 Bucket Key.`);
                }
            }, `rules[${index}]`);
        }
        return f.result();
    },
    remediate: (props) => {
        let changed = false;
        for (const { rule } of kmsRules(props)) {
            if (getBool(rule, "bucketKeyEnabled") !== true) {
                rule.bucketKeyEnabled = true;
                changed = true;
            }
        }
        return changed ? props : undefined;
    },
});
