import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { PlatformKeys, PlatformKeysArgs, validatePlatformKeysArgs } from "../../components/kms";
import { ValidationError } from "../../components/lib";
import { mocks, settle, statement, statements, useMocks, valueOf } from "../helpers/pulumi";
import { expectValidationError } from "../helpers/fixtures";

const ACCOUNT = "111122223333";
const REGION = "us-east-1";
const KEY = "aws:kms/key:Key";
const ALIAS = "aws:kms/alias:Alias";
const ADMIN = `arn:aws:iam::${ACCOUNT}:role/key-admins`;

const SLUGS = ["data-lake", "ml", "logs"] as const;

/** The key policy statements of one of the platform keys, parsed from the recorded input. */
function keyPolicy(slug: (typeof SLUGS)[number]): any[] {
    return statements(mocks.get(KEY, `keys-${slug}`), "policy");
}

/** Service principals named anywhere in a policy, flattened. */
function servicePrincipals(stmts: any[]): string[] {
    return stmts.flatMap((s) => {
        const svc = s.Principal?.Service;
        return svc === undefined ? [] : Array.isArray(svc) ? svc : [svc];
    });
}

function asList(v: unknown): unknown[] {
    return Array.isArray(v) ? v : [v];
}

describe("PlatformKeys", () => {
    beforeEach(() => useMocks());

    async function build(args: Partial<PlatformKeysArgs> = {}, opts?: pulumi.ComponentResourceOptions): Promise<PlatformKeys> {
        const keys = new PlatformKeys("keys", { aliasPrefix: "mlp-test", ...args }, opts);
        await settle();
        return keys;
    }

    it("creates one rotating key per purpose with a 30-day deletion window and no lockout bypass", async () => {
        await build();
        assert.deepStrictEqual(
            mocks
                .ofType(KEY)
                .map((k) => k.name)
                .sort(),
            ["keys-data-lake", "keys-logs", "keys-ml"],
        );
        for (const slug of SLUGS) {
            const inputs = mocks.get(KEY, `keys-${slug}`).inputs;
            assert.strictEqual(inputs.enableKeyRotation, true, slug);
            assert.strictEqual(inputs.deletionWindowInDays, 30, slug);
            assert.ok(!inputs.bypassPolicyLockoutSafetyCheck, `${slug} must not bypass the lockout safety check`);
            assert.ok(!("rotationPeriodInDays" in inputs), "the rotation period is left to AWS unless asked for");
            assert.ok(!("multiRegion" in inputs), "keys stay single-region unless asked for");
        }
    });

    it("passes an explicit deletion window, rotation period and tags through", async () => {
        await build({ deletionWindowInDays: 7, rotationPeriodInDays: 180, tags: { env: "dev" } });
        for (const slug of SLUGS) {
            const inputs = mocks.get(KEY, `keys-${slug}`).inputs;
            assert.strictEqual(inputs.deletionWindowInDays, 7);
            assert.strictEqual(inputs.rotationPeriodInDays, 180);
            assert.deepStrictEqual(inputs.tags, { env: "dev" });
        }
    });

    it("gives each key an alias alias/<prefix>-<purpose> pointing at it, and exposes ARNs, ids and alias names", async () => {
        const keys = await build();
        for (const slug of SLUGS) {
            const key = mocks.get(KEY, `keys-${slug}`);
            const alias = mocks.get(ALIAS, `keys-${slug}`);
            assert.strictEqual(alias.inputs.name, `alias/mlp-test-${slug}`);
            assert.strictEqual(alias.inputs.targetKeyId, key.outputs.keyId);
        }
        assert.strictEqual(await valueOf(keys.dataLakeKeyArn), mocks.get(KEY, "keys-data-lake").outputs.arn);
        assert.strictEqual(await valueOf(keys.mlKeyArn), mocks.get(KEY, "keys-ml").outputs.arn);
        assert.strictEqual(await valueOf(keys.logsKeyArn), mocks.get(KEY, "keys-logs").outputs.arn);
        assert.match(await valueOf(keys.logsKeyArn), new RegExp(`^arn:aws:kms:${REGION}:${ACCOUNT}:key/`));
        assert.strictEqual(await valueOf(keys.dataLakeKeyId), mocks.get(KEY, "keys-data-lake").outputs.keyId);
        assert.strictEqual(await valueOf(keys.mlKeyId), mocks.get(KEY, "keys-ml").outputs.keyId);
        assert.strictEqual(await valueOf(keys.logsKeyId), mocks.get(KEY, "keys-logs").outputs.keyId);
        assert.strictEqual(await valueOf(keys.dataLakeAliasName), "alias/mlp-test-data-lake");
        assert.strictEqual(await valueOf(keys.mlAliasName), "alias/mlp-test-ml");
        assert.strictEqual(await valueOf(keys.logsAliasName), "alias/mlp-test-logs");
    });

    it("keeps the account root statement in every key policy and adds no administrators unless given", async () => {
        await build();
        for (const slug of SLUGS) {
            const stmts = keyPolicy(slug);
            const root = statement(stmts, "EnableIamPoliciesInAccount");
            assert.strictEqual(root.Effect, "Allow");
            assert.deepStrictEqual(root.Principal, { AWS: `arn:aws:iam::${ACCOUNT}:root` });
            assert.strictEqual(root.Action, "kms:*");
            assert.strictEqual(root.Resource, "*");
            assert.strictEqual(root.Condition, undefined);
            assert.ok(!stmts.some((s) => s.Sid === "AllowKeyAdministration"), slug);
            assert.ok(
                stmts.every((s) => s.Effect === "Allow"),
                "no deny could lock the account out",
            );
        }
    });

    it("lets the named admin roles administer but not use the keys", async () => {
        await build({ adminRoleArns: [ADMIN] });
        for (const slug of SLUGS) {
            const admin = statement(keyPolicy(slug), "AllowKeyAdministration");
            assert.deepStrictEqual(admin.Principal, { AWS: [ADMIN] });
            const actions = asList(admin.Action) as string[];
            for (const needed of ["kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion", "kms:Put*", "kms:Enable*", "kms:Disable*"]) {
                assert.ok(actions.includes(needed), `${slug}: admins need ${needed}`);
            }
            for (const crypto of ["kms:*", "kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"]) {
                assert.ok(!actions.includes(crypto), `${slug}: admins must not get ${crypto}`);
            }
        }
    });

    it("never grants the * principal without a condition that pins the caller to this account", async () => {
        await build({ adminRoleArns: [ADMIN] });
        let wildcards = 0;
        for (const slug of SLUGS) {
            for (const s of keyPolicy(slug)) {
                const p = s.Principal;
                const isWildcard = p === "*" || (p && p.AWS !== undefined && asList(p.AWS).includes("*"));
                if (!isWildcard) {
                    continue;
                }
                wildcards++;
                assert.ok(s.Condition, `${slug}/${s.Sid}: * principal without a condition`);
                assert.strictEqual(s.Condition.StringEquals?.["kms:CallerAccount"], ACCOUNT, `${slug}/${s.Sid}`);
                assert.ok(s.Condition.StringEquals?.["kms:ViaService"], `${slug}/${s.Sid}: * principal must go through a service`);
            }
        }
        assert.ok(wildcards > 0, "the via-service statements exist and were checked");
    });

    describe("logs key", () => {
        it("lets CloudTrail generate data keys only for this account's trails, with the trail encryption context", async () => {
            await build();
            const s = statement(keyPolicy("logs"), "AllowCloudTrailToEncryptLogs");
            assert.deepStrictEqual(s.Principal, { Service: "cloudtrail.amazonaws.com" });
            assert.strictEqual(s.Action, "kms:GenerateDataKey*");
            assert.deepStrictEqual(s.Condition, {
                StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": `arn:aws:cloudtrail:*:${ACCOUNT}:trail/*` },
                StringEquals: { "aws:SourceAccount": ACCOUNT },
                ArnLike: { "aws:SourceArn": `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/*` },
            });
        });

        it("lets CloudTrail describe the key and use it through the trail bucket's S3 Bucket Key, for this account only", async () => {
            await build();
            const stmts = keyPolicy("logs");
            const describe = statement(stmts, "AllowCloudTrailToDescribeKey");
            assert.deepStrictEqual(describe.Principal, { Service: "cloudtrail.amazonaws.com" });
            assert.strictEqual(describe.Action, "kms:DescribeKey");
            assert.deepStrictEqual(describe.Condition, {
                StringEquals: { "aws:SourceAccount": ACCOUNT },
                ArnLike: { "aws:SourceArn": `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/*` },
            });
            const bucketKey = statement(stmts, "AllowCloudTrailThroughS3BucketKey");
            assert.deepStrictEqual(bucketKey.Principal, { Service: "cloudtrail.amazonaws.com" });
            assert.deepStrictEqual([...bucketKey.Action].sort(), ["kms:Decrypt", "kms:GenerateDataKey*"]);
            assert.deepStrictEqual(bucketKey.Condition, {
                StringEquals: { "aws:SourceAccount": ACCOUNT },
                ArnLike: { "aws:SourceArn": `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/*`, "kms:EncryptionContext:aws:s3:arn": "arn:aws:s3:::*" },
            });
        });

        it("lets the regional CloudWatch Logs principal encrypt this account's log groups", async () => {
            await build();
            const s = statement(keyPolicy("logs"), "AllowCloudWatchLogsForAccountLogGroups");
            assert.deepStrictEqual(s.Principal, { Service: `logs.${REGION}.amazonaws.com` });
            for (const a of ["kms:Encrypt*", "kms:Decrypt*", "kms:GenerateDataKey*", "kms:Describe*"]) {
                assert.ok(s.Action.includes(a), a);
            }
            assert.deepStrictEqual(s.Condition, {
                ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:*` },
            });
        });

        it("lets AWS Config and S3 server access logging deliver, on behalf of this account only", async () => {
            await build();
            const stmts = keyPolicy("logs");
            const config = statement(stmts, "AllowConfigDelivery");
            assert.deepStrictEqual(config.Principal, { Service: "config.amazonaws.com" });
            assert.deepStrictEqual([...config.Action].sort(), ["kms:Decrypt", "kms:GenerateDataKey"]);
            assert.deepStrictEqual(config.Condition, { StringEquals: { "aws:SourceAccount": ACCOUNT } });
            const access = statement(stmts, "AllowS3ServerAccessLogDelivery");
            assert.deepStrictEqual(access.Principal, { Service: "logging.s3.amazonaws.com" });
            assert.ok(asList(access.Action).includes("kms:GenerateDataKey*"));
            assert.deepStrictEqual(access.Condition, { StringEquals: { "aws:SourceAccount": ACCOUNT } });
        });

        it("lets CloudWatch alarms and EventBridge publish to topics encrypted with it", async () => {
            await build();
            const s = statement(keyPolicy("logs"), "AllowAlarmNotificationsToEncryptedTopics");
            assert.deepStrictEqual([...s.Principal.Service].sort(), ["cloudwatch.amazonaws.com", "events.amazonaws.com"]);
            assert.deepStrictEqual([...s.Action].sort(), ["kms:Decrypt", "kms:GenerateDataKey*"]);
            assert.deepStrictEqual(s.Condition, { StringEquals: { "aws:SourceAccount": ACCOUNT } });
        });

        it("admits exactly the delivering services and nothing through a wildcard", async () => {
            await build();
            const stmts = keyPolicy("logs");
            assert.deepStrictEqual([...new Set(servicePrincipals(stmts))].sort(), [
                "cloudtrail.amazonaws.com",
                "cloudwatch.amazonaws.com",
                "config.amazonaws.com",
                "events.amazonaws.com",
                "logging.s3.amazonaws.com",
                `logs.${REGION}.amazonaws.com`,
            ]);
            assert.ok(
                stmts.every((s) => s.Sid === "EnableIamPoliciesInAccount" || s.Condition),
                "every service grant is conditioned",
            );
        });
    });

    describe("data-lake key", () => {
        it("is usable by this account only through S3 and Glue", async () => {
            await build();
            const s = statement(keyPolicy("data-lake"), "AllowUseThroughS3AndGlue");
            assert.deepStrictEqual(s.Principal, { AWS: "*" });
            for (const a of ["kms:Decrypt", "kms:GenerateDataKey*", "kms:Encrypt", "kms:DescribeKey"]) {
                assert.ok(s.Action.includes(a), a);
            }
            assert.ok(!s.Action.includes("kms:CreateGrant") && !s.Action.includes("kms:*"));
            assert.strictEqual(s.Condition.StringEquals["kms:CallerAccount"], ACCOUNT);
            assert.deepStrictEqual([...s.Condition.StringEquals["kms:ViaService"]].sort(), [`glue.${REGION}.amazonaws.com`, `s3.${REGION}.amazonaws.com`]);
        });

        it("lets CloudWatch Logs encrypt Glue's log groups only", async () => {
            await build();
            const stmts = keyPolicy("data-lake");
            const s = statement(stmts, "AllowCloudWatchLogsForGlueLogGroups");
            assert.deepStrictEqual(s.Principal, { Service: `logs.${REGION}.amazonaws.com` });
            assert.deepStrictEqual(s.Condition, {
                ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws-glue/*` },
            });
            assert.deepStrictEqual(servicePrincipals(stmts), [`logs.${REGION}.amazonaws.com`], "no audit service can use the lake key");
        });
    });

    describe("ML key", () => {
        it("is usable by this account only through SageMaker, S3 and EFS", async () => {
            await build();
            const s = statement(keyPolicy("ml"), "AllowUseThroughMlServices");
            assert.deepStrictEqual(s.Principal, { AWS: "*" });
            assert.ok(s.Action.includes("kms:Decrypt") && s.Action.includes("kms:GenerateDataKey*"));
            assert.strictEqual(s.Condition.StringEquals["kms:CallerAccount"], ACCOUNT);
            assert.deepStrictEqual([...s.Condition.StringEquals["kms:ViaService"]].sort(), [
                `elasticfilesystem.${REGION}.amazonaws.com`,
                `s3.${REGION}.amazonaws.com`,
                `sagemaker.${REGION}.amazonaws.com`,
            ]);
        });

        it("allows grants only for AWS resources that SageMaker or EFS create", async () => {
            await build();
            const s = statement(keyPolicy("ml"), "AllowGrantsForMlResources");
            assert.deepStrictEqual(s.Principal, { AWS: "*" });
            assert.strictEqual(s.Action, "kms:CreateGrant");
            assert.deepStrictEqual(s.Condition.Bool, { "kms:GrantIsForAWSResource": "true" });
            assert.strictEqual(s.Condition.StringEquals["kms:CallerAccount"], ACCOUNT);
            assert.deepStrictEqual([...s.Condition.StringEquals["kms:ViaService"]].sort(), [
                `elasticfilesystem.${REGION}.amazonaws.com`,
                `sagemaker.${REGION}.amazonaws.com`,
            ]);
        });

        it("lets CloudWatch Logs encrypt only SageMaker and Step Functions log groups", async () => {
            await build();
            const stmts = keyPolicy("ml");
            const s = statement(stmts, "AllowCloudWatchLogsForMlLogGroups");
            assert.deepStrictEqual(s.Principal, { Service: `logs.${REGION}.amazonaws.com` });
            assert.deepStrictEqual([...s.Condition.ArnLike["kms:EncryptionContext:aws:logs:arn"]].sort(), [
                `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/sagemaker/*`,
                `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/vendedlogs/states/*`,
            ]);
            assert.deepStrictEqual(servicePrincipals(stmts), [`logs.${REGION}.amazonaws.com`]);
        });
    });

    it("protects and retains the keys by default, and not when protect is false", async () => {
        const seen: Record<string, { protect?: boolean; retainOnDelete?: boolean }> = {};
        const record: pulumi.ResourceTransformation = (a) => {
            seen[`${a.type}::${a.name}`] = { protect: a.opts.protect, retainOnDelete: a.opts.retainOnDelete };
            return undefined;
        };
        await build({}, { transformations: [record] });
        for (const slug of SLUGS) {
            assert.deepStrictEqual(seen[`${KEY}::keys-${slug}`], { protect: true, retainOnDelete: true }, slug);
        }
        useMocks();
        new PlatformKeys("dev-keys", { aliasPrefix: "mlp-dev", protect: false }, { transformations: [record] });
        await settle();
        for (const slug of SLUGS) {
            assert.deepStrictEqual(seen[`${KEY}::dev-keys-${slug}`], { protect: false, retainOnDelete: false }, slug);
        }
    });

    describe("validation", () => {
        const ok: PlatformKeysArgs = { aliasPrefix: "mlp-prod" };

        it("accepts the defaults and unknown admin ARNs", () => {
            validatePlatformKeysArgs(ok);
            validatePlatformKeysArgs({ ...ok, deletionWindowInDays: 7, rotationPeriodInDays: 2560, adminRoleArns: [pulumi.output("x"), ADMIN] });
        });

        it("rejects a missing or malformed alias prefix", () => {
            const form = 'letters, digits, "/", "_" and "-" (e.g. "mlp-prod"), not starting with "alias/" or "aws/" and not ending with "/"';
            expectValidationError(
                () => validatePlatformKeysArgs({ aliasPrefix: "" }),
                "PlatformKeys.aliasPrefix",
                `invalid value for "PlatformKeys.aliasPrefix": expected ${form}, got ""`,
            );
            for (const bad of ["alias/x", "mlp prod", "aws/mlp", "AWS/mlp", "mlp/", "-mlp", "a".repeat(202)]) {
                expectValidationError(
                    () => validatePlatformKeysArgs({ aliasPrefix: bad }),
                    "PlatformKeys.aliasPrefix",
                    `invalid value for "PlatformKeys.aliasPrefix": expected ${form}, got ${JSON.stringify(bad)}`,
                );
            }
        });

        it("rejects a deletion window outside 7..30 days", () => {
            for (const bad of [6, 31, 7.5]) {
                expectValidationError(
                    () => validatePlatformKeysArgs({ ...ok, deletionWindowInDays: bad }),
                    "PlatformKeys.deletionWindowInDays",
                    `invalid value for "PlatformKeys.deletionWindowInDays": expected an integer between 7 and 30, got ${bad}`,
                );
            }
        });

        it("rejects a rotation period outside 90..2560 days", () => {
            for (const bad of [89, 2561]) {
                expectValidationError(
                    () => validatePlatformKeysArgs({ ...ok, rotationPeriodInDays: bad }),
                    "PlatformKeys.rotationPeriodInDays",
                    `invalid value for "PlatformKeys.rotationPeriodInDays": expected an integer between 90 and 2560, got ${bad}`,
                );
            }
        });

        it("rejects an admin that is not an IAM ARN, naming its index", () => {
            expectValidationError(
                () => validatePlatformKeysArgs({ ...ok, adminRoleArns: [ADMIN, "arn:aws:s3:::bucket"] }),
                "PlatformKeys.adminRoleArns[1]",
                `invalid value for "PlatformKeys.adminRoleArns[1]": expected an ARN of the iam service ("arn:aws:iam:..."), got "arn:aws:s3:::bucket"`,
            );
        });

        it("throws before any child is created", async () => {
            assert.throws(() => new PlatformKeys("bad", { aliasPrefix: "mlp", deletionWindowInDays: 3 }), ValidationError);
            await settle();
            assert.deepStrictEqual(
                mocks.resources.filter((r) => r.type.startsWith("aws:")),
                [],
            );
        });
    });
});
