import { isSet } from "../../../lib/access";
import { schema, tagSelectorProperties } from "../../../lib/config";
import { stackRule } from "../../../lib/define";
import { DATA_ACCESS_LOGGING_CONTROLS } from "../../../lib/frameworks";
import { bucketsReferencedBy, forEachBucket, S3_TYPES, unresolvedReferences } from "../../../lib/s3";
import { tagsOf } from "../../../lib/stack";

interface Config {
    logBucketTagKey: string;
    logBucketTagValues: string[];
}

/**
 * Server access logging on every bucket except the log buckets themselves.
 *
 * awsguard's version could not be satisfied by the log bucket (logging a log
 * bucket into itself loops; into another bucket only moves the problem;
 * pulumi-policy-aws#36). Here a bucket is exempt when it is the target of a
 * BucketLogging in the same stack, or carries the configured log-bucket tag
 * (for log buckets that receive logs from other stacks).
 */
export const s3BucketEnableAccessLogging = stackRule<Config>({
    name: "aws-s3-bucket-enable-access-logging",
    description: "S3 buckets must send server access logs to a log bucket (log buckets themselves are exempt).",
    severity: "medium",
    topics: ["logging"],
    frameworks: DATA_ACCESS_LOGGING_CONTROLS,
    remediationSteps:
        "Add an aws.s3.BucketLogging for the bucket with `targetBucket` set to the platform's access-log bucket and a " +
        "`targetPrefix` per bucket. A log bucket is recognised as the target of a BucketLogging, or by the " +
        "configured tag (default `data-classification=logs`).",
    configSchema: schema(tagSelectorProperties("logBucket", "data-classification", ["logs"])),
    appliesTo: [...S3_TYPES.bucket],
    check: (stack, ctx) => {
        const logTargets = bucketsReferencedBy(stack, [...S3_TYPES.logging], "targetBucket");
        // A logging resource whose target can't be placed may point at any bucket lacking logging.
        const pendingTargets = unresolvedReferences(stack, [...S3_TYPES.logging], "targetBucket");
        const tagKey = ctx.config.logBucketTagKey;
        const tagValues = new Set(ctx.config.logBucketTagValues);
        const isLogBucket = (urn: string, tags: Map<string, string | undefined>): boolean => {
            const v = tags.get(tagKey);
            return logTargets.has(urn) || (v !== undefined && tagValues.has(v));
        };
        return forEachBucket(
            stack,
            ctx,
            ({ parts, fail }) => {
                const logging = parts("logging");
                if (logging.length === 0) {
                    if (pendingTargets.length > 0) {
                        throw pendingTargets[0].error;
                    }
                    fail("has no BucketLogging (server access logs are off).");
                    return;
                }
                for (const l of logging) {
                    if (!isSet(l.props, "targetBucket")) {
                        fail(`logging "${l.name}" has no targetBucket.`);
                    }
                }
            },
            (b) => !isLogBucket(b.resource.urn, tagsOf(b.resource)),
        );
    },
});
