import { getArray, getString } from "../../../lib/access";
import { resourceRule } from "../../../lib/define";
import { isPublicPrincipal, isRestrictedByCondition, readPolicyDocument } from "../../../lib/policyDocument";
import { Findings } from "../../../lib/result";
import { S3_TYPES } from "../../../lib/s3";

const PUBLIC_CANNED_ACLS = new Set(["public-read", "public-read-write", "authenticated-read"]);
const PUBLIC_GROUPS = ["http://acs.amazonaws.com/groups/global/AllUsers", "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"];

/** Public statements of the document at `prop`, as messages. Unknown documents surface as the SDK does. */
function publicStatements(props: Record<string, any>, prop: string): string[] {
    const doc = readPolicyDocument(props, prop);
    if (doc.state === "unknown") {
        throw doc.error;
    }
    if (doc.state !== "parsed") {
        return [];
    }
    return doc.statements
        .filter((s) => s.effect === "Allow" && isPublicPrincipal(s) && !isRestrictedByCondition(s))
        .map(
            (s, i) =>
                `statement ${s.sid ?? i} allows ${s.principal?.wildcard ? 'Principal "*"' : "everyone outside a NotPrincipal"} without a restricting condition`,
        );
}

function publicGrants(grants: unknown[], uriPath: string[]): string[] {
    return grants
        .map((g) => getString(g, ...uriPath))
        .filter((uri): uri is string => uri !== undefined && PUBLIC_GROUPS.includes(uri))
        .map((uri) => `grants access to ${uri.split("/").pop()}`);
}

/**
 * No bucket may be readable or writable by the public, through a canned ACL,
 * an ACL grant to AllUsers/AuthenticatedUsers, or a bucket policy statement
 * allowing `*` without a condition that pins it to an account, organisation,
 * VPC, endpoint or source.
 */
export const s3BucketDisallowPublicAccess = resourceRule({
    name: "aws-s3-bucket-disallow-public-access",
    description: "S3 buckets must not be made public by an ACL, an ACL grant or a bucket policy.",
    severity: "critical",
    topics: ["access"],
    frameworks: [
        { framework: "hipaa", controls: ["164.312(a)(1)"] },
        { framework: "pci-dss", controls: ["1.4.4", "7.2.1", "7.2.2"] },
        { framework: "ml-baseline", controls: ["ML-IAM-1"] },
    ],
    remediationSteps:
        "Remove public canned ACLs (public-read, public-read-write, authenticated-read) and grants to AllUsers/AuthenticatedUsers; " +
        'prefer BucketOwnershipControls `BucketOwnerEnforced`. In bucket policies, name the principals, or pin `"*"` with a ' +
        "condition such as aws:SourceVpce, aws:PrincipalOrgID or aws:SourceAccount.",
    resourceTypes: [...S3_TYPES.bucket, ...S3_TYPES.acl, ...S3_TYPES.policy],
    check: (props, ctx) => {
        const f = new Findings();
        const isPolicy = (S3_TYPES.policy as readonly string[]).includes(ctx.type);
        ctx.attempt(() => {
            const acl = getString(props, "acl");
            if (acl !== undefined && PUBLIC_CANNED_ACLS.has(acl)) {
                f.add(`"${ctx.name}" uses the public canned ACL ${acl}.`);
            }
        }, "acl");
        ctx.attempt(() => {
            // Bucket (deprecated inline) grants: [{ uri }]; BucketAcl: accessControlPolicy.grants[].grantee.uri.
            const found = [
                ...publicGrants(getArray(props, "grants"), ["uri"]),
                ...publicGrants(getArray(props, "accessControlPolicy", "grants"), ["grantee", "uri"]),
            ];
            for (const m of found) {
                f.add(`"${ctx.name}" ${m}.`);
            }
        }, "grants");
        ctx.attempt(() => {
            for (const m of publicStatements(props, "policy")) {
                f.add(`${isPolicy ? "bucket policy" : "bucket"} "${ctx.name}": ${m}.`);
            }
        }, "policy");
        return f.result();
    },
});
