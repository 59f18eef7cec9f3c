import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { ObjectLockMode, SecureBucket, SecureBucketArgs, validateSecureBucketArgs } from "../../components/storage";
import { mocks, settle, statement, statements, useMocks } from "../helpers/pulumi";
import { assertDeniesInsecureTransport } from "../helpers/fixtures";

const KEY = "arn:aws:kms:us-east-1:111122223333:key/11111111-2222-4333-a444-555555555555";

describe("SecureBucket", () => {
    beforeEach(() => useMocks());

    async function build(args: Partial<SecureBucketArgs> = {}, opts?: pulumi.ComponentResourceOptions) {
        const b = new SecureBucket("data", { kmsKeyArn: KEY, accessLogBucketName: "logs-bucket", ...args }, opts);
        await settle();
        return b;
    }

    it("encrypts with the given key and a bucket key, versions, blocks public access and enforces bucket-owner ownership", async () => {
        await build();
        const sse = mocks.get("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "data-encryption");
        assert.deepStrictEqual(sse.inputs.rules, [
            { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY }, bucketKeyEnabled: true },
        ]);
        const bucketName = mocks.get("aws:s3/bucket:Bucket", "data").outputs.bucket;
        assert.strictEqual(sse.inputs.bucket, bucketName);
        assert.strictEqual(mocks.get("aws:s3/bucketVersioning:BucketVersioning", "data-versioning").inputs.versioningConfiguration.status, "Enabled");
        const pab = mocks.get("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "data-public-access").inputs;
        for (const flag of ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"]) {
            assert.strictEqual(pab[flag], true, flag);
        }
        const own = mocks.get("aws:s3/bucketOwnershipControls:BucketOwnershipControls", "data-ownership").inputs;
        assert.strictEqual(own.rule.objectOwnership, "BucketOwnerEnforced");
        assert.strictEqual(mocks.get("aws:s3/bucket:Bucket", "data").inputs.forceDestroy, false);
    });

    it("denies non-TLS requests and uploads that ask for another key or encryption, but not multipart parts", async () => {
        await build();
        const policy = mocks.get("aws:s3/bucketPolicy:BucketPolicy", "data-policy");
        const stmts = statements(policy);
        const arn = mocks.get("aws:s3/bucket:Bucket", "data").outputs.arn;
        assertDeniesInsecureTransport(stmts, arn);
        const otherKey = statement(stmts, "DenyUploadsWithAnotherKmsKey");
        assert.strictEqual(otherKey.Effect, "Deny");
        assert.strictEqual(otherKey.Action, "s3:PutObject");
        assert.deepStrictEqual(otherKey.Condition, {
            StringNotEquals: { "s3:x-amz-server-side-encryption-aws-kms-key-id": KEY },
            Null: { "s3:x-amz-server-side-encryption-aws-kms-key-id": "false" },
        });
        const otherAlgorithm = statement(stmts, "DenyUploadsWithAnotherEncryption");
        assert.deepStrictEqual(otherAlgorithm.Condition, {
            StringNotEquals: { "s3:x-amz-server-side-encryption": "aws:kms" },
            Null: { "s3:x-amz-server-side-encryption": "false" },
        });
        const managedKey = statement(stmts, "DenyKmsUploadsWithoutKeyId");
        assert.deepStrictEqual(managedKey.Condition, {
            StringEquals: { "s3:x-amz-server-side-encryption": "aws:kms" },
            Null: { "s3:x-amz-server-side-encryption-aws-kms-key-id": "true" },
        });
        assert.ok(
            stmts.every((s: any) => s.Effect === "Deny"),
            "a layer bucket grants nothing by policy",
        );
    });

    it("lets a delivering service write under its prefix for this account only, without a key-only deny", async () => {
        await build({
            enforceKmsOnUpload: false,
            deliveryServices: [
                {
                    servicePrincipal: "cloudtrail.amazonaws.com",
                    keyPrefix: "AWSLogs/111122223333/",
                    sourceArns: ["arn:aws:cloudtrail:us-east-1:111122223333:trail/audit"],
                    needsBucketAclCheck: true,
                    requireBucketOwnerFullControl: true,
                },
            ],
        });
        const stmts = statements(mocks.get("aws:s3/bucketPolicy:BucketPolicy", "data-policy"));
        const arn = mocks.get("aws:s3/bucket:Bucket", "data").outputs.arn;
        assert.ok(!stmts.some((s: any) => String(s.Sid).startsWith("DenyUploads") || s.Sid === "DenyKmsUploadsWithoutKeyId"));
        const acl = statement(stmts, "AllowCloudtrailAclCheck");
        assert.deepStrictEqual(acl.Principal, { Service: "cloudtrail.amazonaws.com" });
        assert.strictEqual(acl.Action, "s3:GetBucketAcl");
        assert.strictEqual(acl.Resource, arn);
        const put = statement(stmts, "AllowCloudtrailDelivery");
        assert.strictEqual(put.Action, "s3:PutObject");
        assert.strictEqual(put.Resource, `${arn}/AWSLogs/111122223333/*`);
        assert.deepStrictEqual(put.Condition, {
            StringEquals: { "aws:SourceAccount": ["111122223333"], "s3:x-amz-acl": "bucket-owner-full-control" },
            ArnLike: { "aws:SourceArn": ["arn:aws:cloudtrail:us-east-1:111122223333:trail/audit"] },
        });
    });

    it("restricts object access to the VPC endpoints, exempting AWS services acting for callers", async () => {
        await build({ vpcEndpointIds: ["vpce-0123456789abcdef0"] });
        const stmt = statement(statements(mocks.get("aws:s3/bucketPolicy:BucketPolicy", "data-policy")), "DenyObjectAccessOutsideVpcEndpoints");
        assert.strictEqual(stmt.Effect, "Deny");
        assert.deepStrictEqual(stmt.Condition.StringNotEquals, { "aws:SourceVpce": ["vpce-0123456789abcdef0"] });
        assert.deepStrictEqual(stmt.Condition.BoolIfExists, { "aws:ViaAWSService": "false", "aws:PrincipalIsAWSService": "false" });
        assert.ok(!String(stmt.Action).includes("s3:*"), "bucket configuration stays manageable by the deployer");
    });

    it("logs access to the log bucket and applies lifecycle rules", async () => {
        await build({ lifecycle: { transitionToInfrequentAccessDays: 30, transitionToGlacierDays: 90 } });
        const logging = mocks.get("aws:s3/bucketLogging:BucketLogging", "data-logging").inputs;
        assert.strictEqual(logging.targetBucket, "logs-bucket");
        assert.strictEqual(logging.targetPrefix, "data/");
        const [rule] = mocks.get("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "data-lifecycle").inputs.rules;
        assert.deepStrictEqual(rule.transitions, [
            { days: 30, storageClass: "STANDARD_IA" },
            { days: 90, storageClass: "GLACIER" },
        ]);
        assert.deepStrictEqual(rule.noncurrentVersionExpiration, { noncurrentDays: 365 });
        assert.strictEqual(rule.expiration, undefined, "current versions are kept unless expiry is asked for");
    });

    it("enables Object Lock with the requested default retention", async () => {
        await build({ objectLock: { mode: ObjectLockMode.Compliance, retentionDays: 2555 } });
        assert.strictEqual(mocks.get("aws:s3/bucket:Bucket", "data").inputs.objectLockEnabled, true);
        const lock = mocks.get("aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration", "data-object-lock").inputs;
        assert.deepStrictEqual(lock.rule.defaultRetention, { mode: "COMPLIANCE", days: 2555 });
    });

    it("protects and retains the bucket by default, and not when protect is false", async () => {
        const seen: Record<string, { protect?: boolean; retainOnDelete?: boolean }> = {};
        const record: pulumi.ResourceTransformation = (a) => {
            seen[a.name] = { protect: a.opts.protect, retainOnDelete: a.opts.retainOnDelete };
            return undefined;
        };
        await build({}, { transformations: [record] });
        assert.deepStrictEqual(seen["data"], { protect: true, retainOnDelete: true });
        useMocks();
        await build({ protect: false }, { transformations: [record] });
        assert.deepStrictEqual(seen["data"], { protect: false, retainOnDelete: false });
    });

    describe("validation", () => {
        const base: SecureBucketArgs = { kmsKeyArn: KEY };
        const cases: [string, Partial<SecureBucketArgs>, RegExp][] = [
            ["a key ARN of another service", { kmsKeyArn: "arn:aws:s3:::bucket" }, /"SecureBucket.kmsKeyArn": expected an ARN of the kms service/],
            [
                "a service principal that isn't one",
                { deliveryServices: [{ servicePrincipal: "cloudtrail" }] },
                /"SecureBucket.deliveryServices\[0\].servicePrincipal"/,
            ],
            [
                "an IA transition under 30 days",
                { lifecycle: { transitionToInfrequentAccessDays: 10 } },
                /"SecureBucket.lifecycle.transitionToInfrequentAccessDays": expected an integer between 30 and 36500, got 10/,
            ],
            [
                "Glacier before IA",
                { lifecycle: { transitionToInfrequentAccessDays: 60, transitionToGlacierDays: 45 } },
                /"SecureBucket.lifecycle.transitionToGlacierDays": expected more days than transitionToInfrequentAccessDays \(60\)/,
            ],
            [
                "an Object Lock mode that doesn't exist",
                { objectLock: { mode: "STRICT" as ObjectLockMode, retentionDays: 1 } },
                /"SecureBucket.objectLock.mode"/,
            ],
            ["zero retention days", { objectLock: { mode: ObjectLockMode.Governance, retentionDays: 0 } }, /"SecureBucket.objectLock.retentionDays"/],
        ];
        for (const [what, change, message] of cases) {
            it(`rejects ${what} before creating anything`, () => {
                assert.throws(() => validateSecureBucketArgs({ ...base, ...change }), message);
                const before = mocks.resources.length;
                assert.throws(() => new SecureBucket("bad", { ...base, ...change }), message);
                assert.strictEqual(mocks.resources.length, before);
            });
        }
    });
});
