import * as assert from "assert";
import { s3BucketDisallowForceDestroy } from "../../policies/rules/s3/Bucket/disallowForceDestroy";
import { s3BucketDisallowPublicAccess } from "../../policies/rules/s3/Bucket/disallowPublicAccess";
import { s3BucketEnableAccessLogging } from "../../policies/rules/s3/Bucket/enableAccessLogging";
import { s3BucketEnableKmsEncryption } from "../../policies/rules/s3/Bucket/enableKmsEncryption";
import { s3BucketEnableObjectLock } from "../../policies/rules/s3/Bucket/enableObjectLock";
import { s3BucketEnablePublicAccessBlock } from "../../policies/rules/s3/Bucket/enablePublicAccessBlock";
import { s3BucketEnableVersioning } from "../../policies/rules/s3/Bucket/enableVersioning";
import { s3BucketEnforceTls } from "../../policies/rules/s3/Bucket/enforceTls";
import { s3BucketEncryptionEnableBucketKey } from "../../policies/rules/s3/BucketServerSideEncryptionConfiguration/enableBucketKey";
import { selectPolicies } from "../../policies/lib/select";
import { KEY_ARN, plus, secureBucket, T, tags, tlsPolicy, withProps, without } from "./awsFixtures";
import { runRemediation, runStack, UNKNOWN } from "./harness";
import { assertNotApplicable, assertOutcome, assertUnknown, assertViolations, check } from "./sagemakerTesting";

const one = () => secureBucket("data", "ml-data-0a1b", { logTo: "ml-logs-0a1b" });

describe("aws-s3-bucket-enable-kms-encryption", () => {
    const p = s3BucketEnableKmsEncryption;

    it("passes a bucket joined to an SSE-KMS configuration with a customer-managed key", async () => {
        assertOutcome(await runStack(p, one()), "compliant");
    });

    it("reports a bucket with no matching encryption resource (missing value)", async () => {
        const r = await runStack(p, without(one(), "data-sse"));
        assertViolations(r, 1, 'bucket "data" (ml-data-0a1b): has no BucketServerSideEncryptionConfiguration');
        assert.strictEqual(r.violations[0].urn, "urn:pulumi:test::ml-platform::aws:s3/bucket:Bucket::data");
    });

    it("does not let another bucket's encryption satisfy this bucket", async () => {
        const other = secureBucket("other", "ml-other-0a1b");
        const r = await runStack(p, [...without(one(), "data-sse"), ...other]);
        assertViolations(r, 1, 'bucket "data"');
    });

    it("reports SSE-S3 (AES256)", async () => {
        const r = await runStack(
            p,
            withProps(one(), "data-sse", (x) => (x.rules = [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }])),
        );
        assertViolations(r, 1, "uses AES256, not aws:kms");
    });

    it("reports SSE-KMS without a key id (the AWS-managed aws/s3 key)", async () => {
        const r = await runStack(
            p,
            withProps(one(), "data-sse", (x) => delete x.rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId),
        );
        assertViolations(r, 1, "sets no kmsMasterKeyId");
    });

    it("reports the alias/aws/s3 key", async () => {
        const r = await runStack(
            p,
            withProps(one(), "data-sse", (x) => (x.rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId = "alias/aws/s3")),
        );
        assertViolations(r, 1, "AWS-managed key alias/aws/s3");
    });

    it("reports an encryption configuration with no rules (missing value)", async () => {
        const r = await runStack(
            p,
            withProps(one(), "data-sse", (x) => delete x.rules),
        );
        assertViolations(r, 1, "has no rules");
    });

    it("accepts a key id that is unknown during a preview (computed from a key in the stack)", async () => {
        const r = await runStack(
            p,
            withProps(one(), "data-sse", (x) => (x.rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId = UNKNOWN.string)),
        );
        assertOutcome(r, "compliant");
    });

    it("joins by property dependencies when the bucket reference is unknown during a preview", async () => {
        const resources = withProps(one(), "data-sse", (x) => (x.bucket = UNKNOWN.string));
        resources.find((r) => r.name === "data-sse")!.propertyDependencies = { bucket: ["data"] };
        assertOutcome(await runStack(p, resources), "compliant");
    });

    it("surfaces an unjoinable unknown bucket reference the way the SDK does, and still reports other buckets", async () => {
        const b2 = withProps(secureBucket("b2", "ml-b2"), "b2-sse", (x) => (x.rules = [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }]));
        const r = await runStack(p, [...withProps(one(), "data-sse", (x) => (x.bucket = UNKNOWN.string)), ...b2]);
        assertViolations(r, 1, 'bucket "b2" (ml-b2): encryption configuration "b2-sse" rule 0 uses AES256');
        assert.ok(r.previewDiagnostics.some((d) => d.includes("can't run policy 'aws-s3-bucket-enable-kms-encryption'") && d.includes("during preview")));
    });

    it("surfaces an unknown algorithm the way the SDK does", async () => {
        assertUnknown(
            await runStack(
                p,
                withProps(one(), "data-sse", (x) => (x.rules[0].applyServerSideEncryptionByDefault.sseAlgorithm = UNKNOWN.string)),
            ),
            "sseAlgorithm",
        );
    });

    it("joins deprecated V2 encryption resources too", async () => {
        const resources = one().map((r) =>
            r.type === T.sse ? { ...r, type: "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2" } : r,
        );
        assertOutcome(await runStack(p, resources), "compliant");
    });

    it("is not applicable to a stack without buckets", async () => {
        assertNotApplicable(await runStack(p, [{ type: T.key, props: {} }]), "aws:s3/bucket:Bucket");
    });
});

describe("aws-s3-bucketencryption-enable-bucket-key", () => {
    const p = s3BucketEncryptionEnableBucketKey;
    const sse = (rule: object) => ({
        bucket: "b",
        rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY_ARN }, ...rule }],
    });

    it("passes bucketKeyEnabled: true", async () => {
        assertOutcome(await check(p, T.sse, sse({ bucketKeyEnabled: true })), "compliant");
    });
    it("reports bucketKeyEnabled: false", async () => {
        assertViolations(await check(p, T.sse, sse({ bucketKeyEnabled: false })), 1, "rule 0 does not enable the S3 Bucket Key");
    });
    it("reports a missing bucketKeyEnabled", async () => {
        assertViolations(await check(p, T.sse, sse({})), 1, "does not enable the S3 Bucket Key");
    });
    it("surfaces an unknown bucketKeyEnabled the way the SDK does", async () => {
        assertUnknown(await check(p, T.sse, sse({ bucketKeyEnabled: UNKNOWN.boolean })), "bucketKeyEnabled");
    });
    it("is not applicable to SSE-S3 configurations", async () => {
        assertNotApplicable(await check(p, T.sse, { bucket: "b", rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] }), "SSE-KMS");
    });
    it("remediates only at the remediate level, turning the bucket key on and keeping the rest", async () => {
        const resource = { type: T.sse, props: sse({}) };
        assert.strictEqual((await runRemediation(p, resource, { config: "mandatory" })).skipped, true);
        const fixed = await runRemediation(p, resource, { config: "remediate" });
        assert.deepStrictEqual(fixed.properties, sse({ bucketKeyEnabled: true }));
        assert.strictEqual((await runRemediation(p, { type: T.sse, props: sse({ bucketKeyEnabled: true }) }, { config: "remediate" })).properties, undefined);
    });
});

describe("aws-s3-bucket-enable-versioning", () => {
    const p = s3BucketEnableVersioning;
    it("passes an Enabled BucketVersioning", async () => {
        assertOutcome(await runStack(p, one()), "compliant");
    });
    it("reports Suspended", async () => {
        assertViolations(
            await runStack(
                p,
                withProps(one(), "data-versioning", (x) => (x.versioningConfiguration.status = "Suspended")),
            ),
            1,
            "status Suspended",
        );
    });
    it("reports a bucket with no BucketVersioning (missing value)", async () => {
        assertViolations(await runStack(p, without(one(), "data-versioning")), 1, "has no BucketVersioning");
    });
    it("reports a versioning resource without a status (missing value)", async () => {
        assertViolations(
            await runStack(
                p,
                withProps(one(), "data-versioning", (x) => delete x.versioningConfiguration),
            ),
            1,
            "status unset",
        );
    });
    it("surfaces an unknown status the way the SDK does", async () => {
        assertUnknown(
            await runStack(
                p,
                withProps(one(), "data-versioning", (x) => (x.versioningConfiguration.status = UNKNOWN.string)),
            ),
            "status",
        );
    });
    it("is selected by the pci-dss pack on its own", () => {
        assert.ok(selectPolicies({ framework: "pci-dss" }).some((x) => x.name === p.name));
    });
});

describe("aws-s3-bucket-enable-public-access-block", () => {
    const p = s3BucketEnablePublicAccessBlock;
    it("passes all four flags", async () => {
        assertOutcome(await runStack(p, one()), "compliant");
    });
    it("reports each flag that is off or missing", async () => {
        const r = await runStack(
            p,
            withProps(one(), "data-pab", (x) => ((x.blockPublicPolicy = false), delete x.restrictPublicBuckets)),
        );
        assertViolations(r, 1, "does not set blockPublicPolicy, restrictPublicBuckets to true");
    });
    it("reports a bucket with no public access block (missing value)", async () => {
        assertViolations(await runStack(p, without(one(), "data-pab")), 1, "has no BucketPublicAccessBlock");
    });
    it("accepts an account-level block with all four flags instead", async () => {
        const account = {
            type: "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock",
            name: "account-pab",
            props: { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
        };
        assertOutcome(await runStack(p, plus(without(one(), "data-pab"), account)), "compliant");
    });
    it("surfaces an unknown flag the way the SDK does", async () => {
        assertUnknown(
            await runStack(
                p,
                withProps(one(), "data-pab", (x) => (x.ignorePublicAcls = UNKNOWN.boolean)),
            ),
            "ignorePublicAcls",
        );
    });
});

describe("aws-s3-bucket-disallow-public-access", () => {
    const p = s3BucketDisallowPublicAccess;
    const publicRead = { Sid: "Public", Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" };

    it("passes a private bucket and a TLS-only policy", async () => {
        assertOutcome(await check(p, T.bucket, { bucket: "b", tags: tags() }), "compliant");
        assertOutcome(await check(p, T.bucketPolicy, { bucket: "b", policy: tlsPolicy("b") }), "compliant");
    });
    it("reports a public canned ACL on the bucket and on a BucketAcl", async () => {
        assertViolations(await check(p, T.bucket, { bucket: "b", acl: "public-read" }), 1, "public canned ACL public-read");
        assertViolations(await check(p, T.acl, { bucket: "b", acl: "public-read-write" }), 1, "public-read-write");
    });
    it("reports an ACL grant to AllUsers", async () => {
        const acl = {
            bucket: "b",
            accessControlPolicy: {
                owner: { id: "o" },
                grants: [{ permission: "READ", grantee: { type: "Group", uri: "http://acs.amazonaws.com/groups/global/AllUsers" } }],
            },
        };
        assertViolations(await check(p, T.acl, acl), 1, "grants access to AllUsers");
    });
    it("reports a policy allowing Principal * without a condition (string and object documents)", async () => {
        const doc = { Version: "2012-10-17", Statement: publicRead };
        assertViolations(await check(p, T.bucketPolicy, { bucket: "b", policy: JSON.stringify(doc) }), 1, 'allows Principal "*"');
        assertViolations(await check(p, T.bucketPolicy, { bucket: "b", policy: doc }), 1, "statement Public");
    });
    it("accepts Principal * pinned to a VPC endpoint or the organisation", async () => {
        const pinned = { ...publicRead, Condition: { StringEquals: { "aws:SourceVpce": "vpce-0abc" } } };
        assertOutcome(await check(p, T.bucketPolicy, { bucket: "b", policy: JSON.stringify({ Statement: [pinned] }) }), "compliant");
    });
    it("does not accept a condition that pins nothing (aws:SourceIp 0.0.0.0/0)", async () => {
        const loose = { ...publicRead, Condition: { IpAddress: { "aws:SourceIp": "0.0.0.0/0" } } };
        assertViolations(await check(p, T.bucketPolicy, { bucket: "b", policy: JSON.stringify({ Statement: [loose] }) }), 1, "without a restricting condition");
    });
    it("passes a bucket with no acl, grants or policy at all (missing values are private)", async () => {
        assertOutcome(await check(p, T.bucket, {}), "compliant");
    });
    it("reports an unreadable policy document as not public rather than throwing", async () => {
        assertOutcome(await check(p, T.bucketPolicy, { bucket: "b", policy: "{not json" }), "compliant");
    });
    it("surfaces an unknown policy the way the SDK does, after checking the ACL", async () => {
        const r = await check(p, T.bucket, { bucket: "b", acl: "public-read", policy: UNKNOWN.string });
        assertViolations(r, 1, "public-read");
        assert.ok(r.previewDiagnostics.some((d) => d.includes("during preview") && d.includes("policy")));
    });
});

describe("aws-s3-bucket-enforce-tls", () => {
    const p = s3BucketEnforceTls;
    it("passes a Deny of s3:* for everyone when aws:SecureTransport is false", async () => {
        assertOutcome(await runStack(p, one()), "compliant");
    });
    it("reports a bucket with no bucket policy (missing value)", async () => {
        assertViolations(await runStack(p, without(one(), "data-policy")), 1, "has no bucket policy");
    });
    it("reports a deny that only covers some actions, or only checks s3:TlsVersion", async () => {
        const partial = withProps(one(), "data-policy", (x) => {
            const d = JSON.parse(x.policy);
            d.Statement[0].Action = "s3:GetObject";
            x.policy = JSON.stringify(d);
        });
        assertViolations(await runStack(p, partial), 1, "no Deny of all S3 actions");
        const tlsVersionOnly = withProps(one(), "data-policy", (x) => {
            const d = JSON.parse(x.policy);
            d.Statement[0].Condition = { NumericLessThan: { "s3:TlsVersion": "1.2" } };
            x.policy = JSON.stringify(d);
        });
        assertViolations(await runStack(p, tlsVersionOnly), 1, "aws:SecureTransport is false");
    });
    it("surfaces an unknown policy document the way the SDK does", async () => {
        assertUnknown(
            await runStack(
                p,
                withProps(one(), "data-policy", (x) => (x.policy = UNKNOWN.string)),
            ),
            "policy",
        );
    });
});

describe("aws-s3-bucket-enable-access-logging", () => {
    const p = s3BucketEnableAccessLogging;
    const logs = secureBucket("logs", "ml-logs-0a1b", { tags: tags({ "data-classification": "internal" }) });

    it("passes a logged bucket and exempts its log bucket (the target of a BucketLogging)", async () => {
        assertOutcome(await runStack(p, [...one(), ...logs]), "compliant");
    });
    it("reports a bucket without BucketLogging (missing value)", async () => {
        // Without the logging resource, the untagged log bucket is no longer a log target either.
        const r = await runStack(p, [...without(one(), "data-logging"), ...logs]);
        assertViolations(r, 2, 'bucket "data" (ml-data-0a1b): has no BucketLogging', 'bucket "logs" (ml-logs-0a1b): has no BucketLogging');
    });
    it("exempts a log bucket marked by the configured tag when nothing in this stack logs to it", async () => {
        const tagged = secureBucket("central-logs", "central-logs", { tags: tags({ "data-classification": "logs" }) });
        assertOutcome(await runStack(p, tagged), "compliant");
        assertViolations(await runStack(p, tagged, { config: { logBucketTagValues: ["access-logs"] } }), 1, "central-logs");
    });
    it("recognises the log bucket by dependency when the target is unknown during a preview", async () => {
        const resources = withProps([...one(), ...logs], "data-logging", (x) => (x.targetBucket = UNKNOWN.string));
        resources.find((r) => r.name === "data-logging")!.propertyDependencies = { targetBucket: ["logs"] };
        assertOutcome(await runStack(p, resources), "compliant");
    });
    it("surfaces an unplaceable log target the way the SDK does instead of reporting the bucket that may be that target", async () => {
        const resources = withProps([...one(), ...without(logs, "logs-policy")], "data-logging", (x) => (x.targetBucket = UNKNOWN.string));
        assertUnknown(await runStack(p, resources), "targetBucket");
    });
    it("reports logging with no target bucket", async () => {
        assertViolations(await runStack(p, [...withProps(one(), "data-logging", (x) => delete x.targetBucket), ...logs]), 2, "has no targetBucket");
    });
    it("treats an unknown tag value as not the exemption tag (the bucket is exempt as a target anyway)", async () => {
        const r = await runStack(
            p,
            withProps([...one(), ...logs], "logs", (x) => (x.tags["data-classification"] = UNKNOWN.string)),
        );
        assertOutcome(r, "compliant");
    });
    it("surfaces an unknown bucket reference of the logging resource the way the SDK does", async () => {
        assertUnknown(
            await runStack(
                p,
                withProps([...one(), ...logs], "data-logging", (x) => (x.bucket = UNKNOWN.string)),
            ),
            "bucket",
        );
    });
});

describe("aws-s3-bucket-enable-object-lock", () => {
    const p = s3BucketEnableObjectLock;
    const audit = () => secureBucket("audit", "ml-audit-0a1b", { objectLock: true, tags: tags({ "data-classification": "internal" }) });
    const trail = { type: T.trail, name: "trail", props: { s3BucketName: "ml-audit-0a1b" } };

    it("passes a trail destination with Object Lock and a 365-day COMPLIANCE retention", async () => {
        assertOutcome(await runStack(p, [...audit(), trail]), "compliant");
    });
    it("finds audit buckets by trail destination and by tag, and Config delivery buckets only by tag", async () => {
        const unlocked = without(audit(), "audit-lock");
        assertViolations(await runStack(p, [...unlocked, trail]), 1, "has no BucketObjectLockConfiguration");
        assertOutcome(await runStack(p, [...unlocked, { type: T.channel, name: "channel", props: { s3BucketName: "ml-audit-0a1b" } }]), "compliant");
        const tagged = withProps(unlocked, "audit", (x) => (x.tags["data-classification"] = "audit"));
        assertViolations(await runStack(p, tagged), 1, 'bucket "audit"');
        assertNotApplicable(await runStack(p, [{ type: T.key, props: {} }]), "aws:s3/bucket:Bucket");
    });
    it("leaves other buckets alone", async () => {
        assertOutcome(await runStack(p, without(audit(), "audit-lock")), "compliant");
    });
    it("reports a bucket created without objectLockEnabled (missing value)", async () => {
        assertViolations(await runStack(p, [...withProps(audit(), "audit", (x) => delete x.objectLockEnabled), trail]), 1, "objectLockEnabled: true");
    });
    it("reports a short retention, and GOVERNANCE when COMPLIANCE is required", async () => {
        const shortGov = withProps(audit(), "audit-lock", (x) => (x.rule.defaultRetention = { mode: "GOVERNANCE", days: 30 }));
        assertViolations(await runStack(p, [...shortGov, trail]), 1, "retains 30 days, less than 365");
        assertViolations(await runStack(p, [...shortGov, trail], { config: { requireComplianceMode: true, minimumRetentionDays: 1 } }), 1, "GOVERNANCE mode");
    });
    it("surfaces a trail whose bucket is unknown and unplaceable the way the SDK does", async () => {
        const r = await runStack(p, [...without(audit(), "audit-lock"), { ...trail, props: { s3BucketName: UNKNOWN.string } }]);
        assertUnknown(r, "s3BucketName");
    });
    it("counts years as 365 days", async () => {
        assertOutcome(
            await runStack(p, [...withProps(audit(), "audit-lock", (x) => (x.rule.defaultRetention = { mode: "COMPLIANCE", years: 7 })), trail]),
            "compliant",
        );
    });
    it("surfaces an unknown retention the way the SDK does", async () => {
        assertUnknown(await runStack(p, [...withProps(audit(), "audit-lock", (x) => (x.rule.defaultRetention.days = UNKNOWN.number)), trail]), "days");
    });
});

describe("aws-s3-bucket-disallow-force-destroy", () => {
    const p = s3BucketDisallowForceDestroy;
    it("passes forceDestroy false or unset (missing value)", async () => {
        assertOutcome(await check(p, T.bucket, { forceDestroy: false }), "compliant");
        assertOutcome(await check(p, T.bucket, {}), "compliant");
    });
    it("reports forceDestroy: true in a regulated stack (the default)", async () => {
        assertViolations(await check(p, T.bucket, { forceDestroy: true }), 1, "forceDestroy: true");
    });
    it("is not applicable when the config says the stack is not regulated", async () => {
        assertNotApplicable(await check(p, T.bucket, { forceDestroy: true }, { enforcementLevel: "advisory", regulated: false }), "not regulated");
    });
    it("surfaces an unknown forceDestroy the way the SDK does", async () => {
        assertUnknown(await check(p, T.bucket, { forceDestroy: UNKNOWN.boolean }), "forceDestroy");
    });
});
