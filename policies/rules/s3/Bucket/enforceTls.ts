import { stackRule } from "../../../lib/define";
import { TLS_IN_TRANSIT_CONTROLS } from "../../../lib/frameworks";
import { deniesInsecureTransport, readPolicyDocument } from "../../../lib/policyDocument";
import { forEachBucket, S3_TYPES } from "../../../lib/s3";

/**
 * S3 accepts plain HTTP unless the bucket policy denies it. The rule wants a
 * Deny for every principal, covering all S3 actions (`s3:*` or `*`), with
 * `aws:SecureTransport` = false. (`s3:TlsVersion` alone does not do it: a
 * plain-HTTP request has no TLS version, so a NumericLessThan never matches.)
 */
export const s3BucketEnforceTls = stackRule({
    name: "aws-s3-bucket-enforce-tls",
    description: "S3 buckets must have a bucket policy denying any request not sent over TLS (aws:SecureTransport = false).",
    severity: "high",
    topics: ["encryption", "network"],
    frameworks: TLS_IN_TRANSIT_CONTROLS,
    remediationSteps:
        'Add to the bucket\'s aws.s3.BucketPolicy a statement `{ Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", ' +
        'Action: "s3:*", Resource: [bucketArn, `${bucketArn}/*`], Condition: { Bool: { "aws:SecureTransport": "false" } } }`.',
    appliesTo: [...S3_TYPES.bucket],
    check: (stack, ctx) =>
        forEachBucket(stack, ctx, ({ parts, fail }) => {
            const policies = parts("policy");
            if (policies.length === 0) {
                fail("has no bucket policy, so plain-HTTP requests are accepted.");
                return;
            }
            const denies = policies.some((p) => {
                const doc = readPolicyDocument(p.props, "policy");
                if (doc.state === "unknown") {
                    throw doc.error;
                }
                return doc.state === "parsed" && doc.statements.some((s) => deniesInsecureTransport(s, ["s3:GetObject", "s3:PutObject", "s3:ListBucket"]));
            });
            if (!denies) {
                fail("bucket policy has no Deny of all S3 actions for every principal when aws:SecureTransport is false.");
            }
        }),
});
