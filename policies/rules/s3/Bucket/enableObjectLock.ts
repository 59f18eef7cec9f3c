import { getBool, getNumber, getString } from "../../../lib/access";
import { schema, tagSelectorProperties } from "../../../lib/config";
import { stackRule } from "../../../lib/define";
import { bucketsReferencedBy, forEachBucket, S3_TYPES, unresolvedReferences } from "../../../lib/s3";
import { tagsOf } from "../../../lib/stack";

interface Config {
    auditTagKey: string;
    auditTagValues: string[];
    minimumRetentionDays: number;
    requireComplianceMode: boolean;
}

const TRAIL = "aws:cloudtrail/trail:Trail";

/**
 * Audit buckets are write-once: Object Lock with a default retention, so no
 * one (in COMPLIANCE mode, not even root) can alter or delete audit records
 * before they age out.
 *
 * A bucket is an audit bucket when a CloudTrail trail in the stack delivers
 * into it (`s3BucketName`), or when it carries the configured tag (default
 * `data-classification=audit`) — for audit buckets fed from other stacks or
 * accounts, and for AWS Config delivery buckets, which count only when tagged
 * (whether Config delivers into an Object Lock bucket in a given account is
 * for the owner to confirm; CloudTrail documents that it does).
 */
export const s3BucketEnableObjectLock = stackRule<Config>({
    name: "aws-s3-bucket-enable-object-lock",
    description: "Audit-log buckets must have S3 Object Lock enabled with a default retention.",
    severity: "high",
    topics: ["logging", "integrity", "backup"],
    frameworks: [
        { framework: "hipaa", controls: ["164.312(b)", "164.312(c)(1)"] },
        { framework: "pci-dss", controls: ["10.3.2", "10.3.3", "10.5.1"] },
        { framework: "ml-baseline", controls: ["ML-LOG-1"] },
    ],
    remediationSteps:
        "Create the audit bucket with `objectLockEnabled: true` (it cannot be added to an existing bucket) and add an " +
        'aws.s3.BucketObjectLockConfiguration with `rule: { defaultRetention: { mode: "COMPLIANCE", days: 365 } }` ' +
        "(or longer). Versioning must be enabled as well.",
    configSchema: schema({
        ...tagSelectorProperties("audit", "data-classification", ["audit"]),
        minimumRetentionDays: { type: "integer", minimum: 1, default: 365, description: "Minimum default retention, in days." },
        requireComplianceMode: {
            type: "boolean",
            default: false,
            description: "Require COMPLIANCE mode (GOVERNANCE lets privileged users shorten retention).",
        },
    }),
    appliesTo: [...S3_TYPES.bucket],
    check: (stack, ctx) => {
        const destinations = bucketsReferencedBy(stack, [TRAIL], "s3BucketName");
        const tagValues = new Set(ctx.config.auditTagValues);
        // A trail whose bucket can't be placed may deliver into any bucket: surface that unknown.
        const pending = unresolvedReferences(stack, [TRAIL], "s3BucketName");
        for (const u of pending) {
            ctx.park(u.error, u.child.name);
        }
        return forEachBucket(
            stack,
            ctx,
            ({ bucket, parts, fail }) => {
                if (getBool(bucket.resource.props, "objectLockEnabled") !== true) {
                    fail("is an audit bucket but is not created with objectLockEnabled: true.");
                }
                const locks = parts("objectLock");
                if (locks.length === 0) {
                    fail("has no BucketObjectLockConfiguration with a default retention.");
                    return;
                }
                for (const lock of locks) {
                    const mode = getString(lock.props, "rule", "defaultRetention", "mode");
                    const days = getNumber(lock.props, "rule", "defaultRetention", "days");
                    const years = getNumber(lock.props, "rule", "defaultRetention", "years");
                    const retention = days ?? (years !== undefined ? years * 365 : undefined);
                    if (mode === undefined || retention === undefined) {
                        fail(`object lock "${lock.name}" has no default retention (mode and days/years).`);
                        continue;
                    }
                    if (ctx.config.requireComplianceMode && mode !== "COMPLIANCE") {
                        fail(`object lock "${lock.name}" uses ${mode} mode; COMPLIANCE is required.`);
                    }
                    if (retention < ctx.config.minimumRetentionDays) {
                        fail(`object lock "${lock.name}" retains ${retention} days, less than ${ctx.config.minimumRetentionDays}.`);
                    }
                }
            },
            (b) => {
                const tag = tagsOf(b.resource).get(ctx.config.auditTagKey);
                return destinations.has(b.resource.urn) || (tag !== undefined && tagValues.has(tag));
            },
        );
    },
});
