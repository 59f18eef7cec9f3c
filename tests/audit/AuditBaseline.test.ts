import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import * as YAML from "yaml";
import { AuditBaseline, AuditBaselineArgs, validateAuditBaselineArgs } from "../../components/audit";
import { ValidationError } from "../../components/lib";
import { ObjectLockMode } from "../../components/storage";
import { mocks, parseJson, settle, statement, statements, useMocks, valueOf } from "../helpers/pulumi";
import { expectValidationError } from "../helpers/fixtures";

const ACCOUNT = "111122223333";
const REGION = "us-east-1";
const LOGS_KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/11111111-2222-4333-a444-555555555555`;
const LAKE_BUCKETS = ["arn:aws:s3:::lake-raw-1234567", "arn:aws:s3:::lake-processed-7654321"];

const T = {
    trail: "aws:cloudtrail/trail:Trail",
    bucket: "aws:s3/bucket:Bucket",
    bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
    sse: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    lock: "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration",
    logging: "aws:s3/bucketLogging:BucketLogging",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    attachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    recorder: "aws:cfg/recorder:Recorder",
    channel: "aws:cfg/deliveryChannel:DeliveryChannel",
    status: "aws:cfg/recorderStatus:RecorderStatus",
    pack: "aws:cfg/conformancePack:ConformancePack",
    accountPab: "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock",
};

/** Records the options each child was registered with, keyed by `<type>::<name>`. */
function optionRecorder() {
    const seen: Record<string, pulumi.CustomResourceOptions> = {};
    const transformation: pulumi.ResourceTransformation = (a) => {
        seen[`${a.type}::${a.name}`] = a.opts;
        return undefined;
    };
    return { seen, transformation };
}

/** Logical names of the resources a child was made to depend on. */
async function dependencyNames(opts: pulumi.CustomResourceOptions | undefined): Promise<string[]> {
    const deps = opts?.dependsOn === undefined ? [] : await valueOf(pulumi.output(opts.dependsOn as pulumi.Input<pulumi.Resource[]>));
    const list = Array.isArray(deps) ? deps : [deps];
    const urns = await Promise.all(list.map((r) => valueOf(r.urn)));
    return urns.map((u) => u.split("::").pop()!).sort();
}

describe("AuditBaseline", () => {
    beforeEach(() => useMocks());

    async function build(args: Partial<AuditBaselineArgs> = {}, opts?: pulumi.ComponentResourceOptions): Promise<AuditBaseline> {
        const audit = new AuditBaseline(
            "audit",
            { logsKeyArn: LOGS_KEY, dataEventBucketArns: LAKE_BUCKETS, accessLogBucketName: "lake-access-logs", ...args },
            opts,
        );
        await settle();
        return audit;
    }

    describe("CloudTrail", () => {
        it("is a multi-region, validated, KMS-encrypted, logging, single-account trail", async () => {
            const audit = await build();
            const trail = mocks.get(T.trail, "audit-trail");
            assert.strictEqual(trail.inputs.name, "audit-trail");
            assert.strictEqual(trail.inputs.isMultiRegionTrail, true);
            assert.strictEqual(trail.inputs.enableLogFileValidation, true);
            assert.strictEqual(trail.inputs.enableLogging, true);
            assert.strictEqual(trail.inputs.includeGlobalServiceEvents, true);
            assert.strictEqual(trail.inputs.isOrganizationTrail, false);
            assert.strictEqual(trail.inputs.kmsKeyId, LOGS_KEY);
            assert.strictEqual(trail.inputs.s3BucketName, mocks.get(T.bucket, "audit-trail-bucket").outputs.bucket);
            assert.strictEqual(await valueOf(audit.trailArn!), trail.outputs.arn);
            assert.strictEqual(await valueOf(audit.trailBucketName!), trail.inputs.s3BucketName);
        });

        it("delivers to a KMS-encrypted log group with a year's retention through a role only this trail can assume", async () => {
            await build();
            const trail = mocks.get(T.trail, "audit-trail");
            const group = mocks.get(T.logGroup, "audit-trail-logs");
            assert.strictEqual(group.inputs.kmsKeyId, LOGS_KEY);
            assert.strictEqual(group.inputs.retentionInDays, 365);
            assert.strictEqual(trail.inputs.cloudWatchLogsGroupArn, `${group.outputs.arn}:*`);
            const role = mocks.get(T.role, "audit-trail-logs-role");
            assert.strictEqual(trail.inputs.cloudWatchLogsRoleArn, role.outputs.arn);

            const [trust] = statements(role, "assumeRolePolicy");
            assert.strictEqual(statements(role, "assumeRolePolicy").length, 1);
            assert.strictEqual(trust.Effect, "Allow");
            assert.deepStrictEqual(trust.Principal, { Service: "cloudtrail.amazonaws.com" });
            assert.strictEqual(trust.Action, "sts:AssumeRole");
            // The ARN the component builds before the trail exists is the one AWS gives the trail.
            assert.deepStrictEqual(trust.Condition, { StringEquals: { "aws:SourceAccount": ACCOUNT, "aws:SourceArn": trail.outputs.arn } });

            const policy = mocks.get(T.rolePolicy, "audit-trail-logs-policy");
            assert.strictEqual(policy.inputs.role, role.id);
            const stmts = statements(policy);
            const streams = `${group.outputs.arn}:log-stream:${ACCOUNT}_CloudTrail_${REGION}*`;
            assert.deepStrictEqual(statement(stmts, "CreateTrailLogStreams"), {
                Sid: "CreateTrailLogStreams",
                Effect: "Allow",
                Action: "logs:CreateLogStream",
                Resource: streams,
            });
            assert.deepStrictEqual(statement(stmts, "PutTrailLogEvents"), {
                Sid: "PutTrailLogEvents",
                Effect: "Allow",
                Action: "logs:PutLogEvents",
                Resource: streams,
            });
            assert.strictEqual(stmts.length, 2);
        });

        it("records management events and S3 object-level events for exactly the given buckets", async () => {
            await build();
            const selectors = mocks.get(T.trail, "audit-trail").inputs.advancedEventSelectors;
            const mgmt = selectors.find((s: any) => s.fieldSelectors.some((f: any) => f.field === "eventCategory" && f.equals?.includes("Management")));
            assert.ok(mgmt, "management events are selected");
            assert.strictEqual(mgmt.fieldSelectors.length, 1, "no management event source is excluded");
            const data = selectors.find((s: any) => s.fieldSelectors.some((f: any) => f.field === "eventCategory" && f.equals?.includes("Data")));
            assert.ok(data, "data events are selected");
            const field = (name: string) => data.fieldSelectors.find((f: any) => f.field === name);
            assert.deepStrictEqual(field("resources.type").equals, ["AWS::S3::Object"]);
            assert.deepStrictEqual([...field("resources.ARN").startsWiths].sort(), LAKE_BUCKETS.map((b) => `${b}/`).sort());
            assert.strictEqual(mocks.get(T.trail, "audit-trail").inputs.eventSelectors, undefined);
        });

        it("waits for the bucket policy and the log role's policy, which CreateTrail checks", async () => {
            const rec = optionRecorder();
            await build({}, { transformations: [rec.transformation] });
            const deps = await dependencyNames(rec.seen[`${T.trail}::audit-trail`]);
            assert.ok(deps.includes("audit-trail-bucket"), `trail depends on ${deps.join(", ")}`);
            assert.ok(deps.includes("audit-trail-logs-policy"), `trail depends on ${deps.join(", ")}`);
        });
    });

    describe("trail bucket", () => {
        it("is SSE-KMS with the logs key and a bucket key, and locked in COMPLIANCE mode for a year by default", async () => {
            await build();
            const sse = mocks.get(T.sse, "audit-trail-bucket-encryption").inputs;
            assert.deepStrictEqual(sse.rules, [
                { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: LOGS_KEY }, bucketKeyEnabled: true },
            ]);
            assert.strictEqual(mocks.get(T.bucket, "audit-trail-bucket").inputs.objectLockEnabled, true);
            assert.deepStrictEqual(mocks.get(T.lock, "audit-trail-bucket-object-lock").inputs.rule.defaultRetention, { mode: "COMPLIANCE", days: 365 });
            assert.strictEqual(mocks.get(T.logging, "audit-trail-bucket-logging").inputs.targetBucket, "lake-access-logs");
        });

        it("takes GOVERNANCE mode and a retention period when asked", async () => {
            await build({ objectLockMode: ObjectLockMode.Governance, objectLockRetentionDays: 30 });
            assert.deepStrictEqual(mocks.get(T.lock, "audit-trail-bucket-object-lock").inputs.rule.defaultRetention, { mode: "GOVERNANCE", days: 30 });
        });

        it("has the policy CloudTrail requires: ACL check and writes under AWSLogs/<account>/ for this trail only", async () => {
            await build();
            const arn = mocks.get(T.bucket, "audit-trail-bucket").outputs.arn;
            const trailArn = mocks.get(T.trail, "audit-trail").outputs.arn;
            const stmts = statements(mocks.get(T.bucketPolicy, "audit-trail-bucket-policy"));

            const acl = statement(stmts, "AllowCloudtrailAclCheck");
            assert.strictEqual(acl.Effect, "Allow");
            assert.deepStrictEqual(acl.Principal, { Service: "cloudtrail.amazonaws.com" });
            assert.strictEqual(acl.Action, "s3:GetBucketAcl");
            assert.strictEqual(acl.Resource, arn);
            assert.deepStrictEqual(acl.Condition, { StringEquals: { "aws:SourceAccount": [ACCOUNT] } });

            const put = statement(stmts, "AllowCloudtrailDelivery");
            assert.deepStrictEqual(put.Principal, { Service: "cloudtrail.amazonaws.com" });
            assert.strictEqual(put.Action, "s3:PutObject");
            assert.strictEqual(put.Resource, `${arn}/AWSLogs/${ACCOUNT}/*`);
            assert.deepStrictEqual(put.Condition, {
                StringEquals: { "aws:SourceAccount": [ACCOUNT], "s3:x-amz-acl": "bucket-owner-full-control" },
                ArnLike: { "aws:SourceArn": [trailArn] },
            });

            const tls = statement(stmts, "DenyInsecureTransport");
            assert.deepStrictEqual(tls.Condition, { Bool: { "aws:SecureTransport": "false" } });
            assert.deepStrictEqual(
                stmts.filter((s: any) => s.Effect === "Deny" && s.Action === "s3:PutObject"),
                [],
                "an upload deny keyed on encryption headers would stop CloudTrail delivery",
            );
            assert.ok(stmts.filter((s: any) => s.Effect === "Allow").every((s: any) => s.Principal?.Service === "cloudtrail.amazonaws.com"));
        });
    });

    describe("AWS Config", () => {
        it("records every supported resource type, global ones included, with the recorder role", async () => {
            const audit = await build();
            const recorder = mocks.get(T.recorder, "audit-recorder");
            const role = mocks.get(T.role, "audit-config-role");
            assert.deepStrictEqual(recorder.inputs.recordingGroup, { allSupported: true, includeGlobalResourceTypes: true });
            assert.strictEqual(recorder.inputs.roleArn, role.outputs.arn);
            assert.strictEqual(await valueOf(audit.configRecorderName!), recorder.outputs.name);

            const [trust] = statements(role, "assumeRolePolicy");
            assert.deepStrictEqual(trust.Principal, { Service: "config.amazonaws.com" });
            assert.strictEqual(trust.Action, "sts:AssumeRole");
            assert.deepStrictEqual(trust.Condition, { StringEquals: { "aws:SourceAccount": ACCOUNT } });

            const attachment = mocks.get(T.attachment, "audit-config-role-managed").inputs;
            assert.strictEqual(attachment.policyArn, "arn:aws:iam::aws:policy/service-role/AWS_ConfigRole");
            assert.strictEqual(attachment.role, role.outputs.name);
        });

        it("leaves global resource types to another region when asked", async () => {
            await build({ recordGlobalResourceTypes: false });
            assert.strictEqual(mocks.get(T.recorder, "audit-recorder").inputs.recordingGroup.includeGlobalResourceTypes, false);
        });

        it("delivers to the Config bucket under the logs key, and enables the recorder after the channel exists", async () => {
            const rec = optionRecorder();
            await build({}, { transformations: [rec.transformation] });
            const channel = mocks.get(T.channel, "audit-delivery-channel");
            assert.strictEqual(channel.inputs.s3BucketName, mocks.get(T.bucket, "audit-config-bucket").outputs.bucket);
            assert.strictEqual(channel.inputs.s3KmsKeyArn, LOGS_KEY);
            const status = mocks.get(T.status, "audit-recorder-status");
            assert.strictEqual(status.inputs.isEnabled, true);
            assert.strictEqual(status.inputs.name, mocks.get(T.recorder, "audit-recorder").outputs.name);
            assert.deepStrictEqual(await dependencyNames(rec.seen[`${T.status}::audit-recorder-status`]), ["audit-delivery-channel"]);
            const channelDeps = await dependencyNames(rec.seen[`${T.channel}::audit-delivery-channel`]);
            for (const d of ["audit-recorder", "audit-config-bucket", "audit-config-delivery"]) {
                assert.ok(channelDeps.includes(d), `channel depends on ${channelDeps.join(", ")}`);
            }
        });

        it("gives the recorder role write access to its prefix and the key, nothing broader", async () => {
            await build();
            const bucketArn = mocks.get(T.bucket, "audit-config-bucket").outputs.arn;
            const policy = mocks.get(T.rolePolicy, "audit-config-delivery");
            assert.strictEqual(policy.inputs.role, mocks.get(T.role, "audit-config-role").id);
            const stmts = statements(policy);
            const put = statement(stmts, "DeliverConfigItems");
            assert.deepStrictEqual([...put.Action].sort(), ["s3:PutObject", "s3:PutObjectAcl"]);
            assert.strictEqual(put.Resource, `${bucketArn}/AWSLogs/${ACCOUNT}/Config/*`);
            assert.deepStrictEqual(put.Condition, { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control" } });
            const check = statement(stmts, "CheckConfigBucket");
            assert.deepStrictEqual([...check.Action].sort(), ["s3:GetBucketAcl", "s3:ListBucket"]);
            assert.strictEqual(check.Resource, bucketArn);
            const kms = statement(stmts, "EncryptConfigItems");
            assert.deepStrictEqual([...kms.Action].sort(), ["kms:Decrypt", "kms:GenerateDataKey"]);
            assert.strictEqual(kms.Resource, LOGS_KEY);
            assert.ok(stmts.every((s: any) => s.Resource !== "*"));
        });

        it("has the bucket policy Config requires: ACL check, bucket listing and writes with the owner ACL, this account only", async () => {
            await build();
            const arn = mocks.get(T.bucket, "audit-config-bucket").outputs.arn;
            const stmts = statements(mocks.get(T.bucketPolicy, "audit-config-bucket-policy"));
            const principal = { Service: "config.amazonaws.com" };
            const acl = statement(stmts, "AllowConfigAclCheck");
            assert.deepStrictEqual([acl.Principal, acl.Action, acl.Resource], [principal, "s3:GetBucketAcl", arn]);
            assert.deepStrictEqual(acl.Condition, { StringEquals: { "aws:SourceAccount": [ACCOUNT] } });
            const list = statement(stmts, "AllowConfigBucketExistenceCheck");
            assert.deepStrictEqual([list.Principal, list.Action, list.Resource], [principal, "s3:ListBucket", arn]);
            assert.deepStrictEqual(list.Condition, { StringEquals: { "aws:SourceAccount": [ACCOUNT] } });
            const put = statement(stmts, "AllowConfigDelivery");
            assert.deepStrictEqual([put.Principal, put.Action, put.Resource], [principal, "s3:PutObject", `${arn}/AWSLogs/${ACCOUNT}/Config/*`]);
            assert.deepStrictEqual(put.Condition.StringEquals, { "aws:SourceAccount": [ACCOUNT], "s3:x-amz-acl": "bucket-owner-full-control" });
            assert.deepStrictEqual(put.Condition.ArnLike, { "aws:SourceArn": [`arn:aws:config:${REGION}:${ACCOUNT}:*`] });
            const sse = mocks.get(T.sse, "audit-config-bucket-encryption").inputs.rules[0];
            assert.strictEqual(sse.applyServerSideEncryptionByDefault.kmsMasterKeyId, LOGS_KEY);
        });
    });

    describe("conformance pack", () => {
        function packRules(): Record<string, any> {
            const pack = mocks.get(T.pack, "audit-conformance-pack");
            const template = YAML.parse(pack.inputs.templateBody);
            const byIdentifier: Record<string, any> = {};
            for (const r of Object.values<any>(template.Resources)) {
                assert.strictEqual(r.Type, "AWS::Config::ConfigRule");
                assert.strictEqual(r.Properties.Source.Owner, "AWS");
                byIdentifier[r.Properties.Source.SourceIdentifier] = r.Properties;
            }
            return byIdentifier;
        }

        it("uses AWS managed rules covering SageMaker, S3, KMS and CloudTrail", async () => {
            await build();
            const rules = packRules();
            for (const id of [
                "SAGEMAKER_ENDPOINT_CONFIGURATION_KMS_KEY_CONFIGURED",
                "SAGEMAKER_NOTEBOOK_NO_DIRECT_INTERNET_ACCESS",
                "SAGEMAKER_NOTEBOOK_INSTANCE_KMS_KEY_CONFIGURED",
                "S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED",
                "S3_BUCKET_SSL_REQUESTS_ONLY",
                "S3_BUCKET_PUBLIC_READ_PROHIBITED",
                "S3_BUCKET_PUBLIC_WRITE_PROHIBITED",
                "S3_BUCKET_VERSIONING_ENABLED",
                "S3_BUCKET_LOGGING_ENABLED",
                "CMK_BACKING_KEY_ROTATION_ENABLED",
                "MULTI_REGION_CLOUD_TRAIL_ENABLED",
                "CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED",
                "CLOUD_TRAIL_ENCRYPTION_ENABLED",
                "CLOUDTRAIL_S3_DATAEVENTS_ENABLED",
                "CLOUDWATCH_LOG_GROUP_ENCRYPTED",
                "CW_LOGGROUP_RETENTION_PERIOD_CHECK",
            ]) {
                assert.ok(rules[id], `missing managed rule ${id}`);
            }
            const names = Object.values(rules).map((r: any) => r.ConfigRuleName);
            assert.strictEqual(new Set(names).size, names.length, "rule names are unique");
        });

        it("checks data events for the platform's buckets and the configured log retention", async () => {
            await build({ logRetentionDays: 400 });
            const rules = packRules();
            assert.deepStrictEqual(rules.CLOUDTRAIL_S3_DATAEVENTS_ENABLED.InputParameters, { S3BucketNames: "lake-raw-1234567,lake-processed-7654321" });
            assert.deepStrictEqual(rules.CW_LOGGROUP_RETENTION_PERIOD_CHECK.InputParameters, { MinRetentionTime: "400" });
        });

        it("uses the rule's nearest accepted minimum when the retention isn't one of its values", async () => {
            await build({ logRetentionDays: 1096 });
            assert.deepStrictEqual(packRules().CW_LOGGROUP_RETENTION_PERIOD_CHECK.InputParameters, { MinRetentionTime: "731" });
        });

        it("is deployed after the recorder is enabled", async () => {
            const rec = optionRecorder();
            await build({}, { transformations: [rec.transformation] });
            assert.deepStrictEqual(await dependencyNames(rec.seen[`${T.pack}::audit-conformance-pack`]), ["audit-recorder-status"]);
            assert.match(mocks.get(T.pack, "audit-conformance-pack").inputs.name, /^[A-Za-z][A-Za-z0-9-]*$/);
        });
    });

    it("blocks public access for the whole account", async () => {
        await build();
        const pab = mocks.get(T.accountPab, "audit-account-public-access-block").inputs;
        for (const flag of ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"]) {
            assert.strictEqual(pab[flag], true, flag);
        }
    });

    it("encrypts every log group it creates and keeps it at least a year", async () => {
        await build();
        const groups = mocks.ofType(T.logGroup);
        assert.ok(groups.length > 0);
        for (const g of groups) {
            assert.strictEqual(g.inputs.kmsKeyId, LOGS_KEY, g.name);
            assert.ok(g.inputs.retentionInDays === 0 || g.inputs.retentionInDays >= 365, g.name);
        }
    });

    describe("when parts are managed elsewhere", () => {
        it("creates no trail, trail bucket or log role without manageTrail, and needs no data-event buckets", async () => {
            const audit = await build({ manageTrail: false, dataEventBucketArns: [] });
            assert.deepStrictEqual(mocks.ofType(T.trail), []);
            assert.deepStrictEqual(mocks.ofType(T.logGroup), []);
            assert.ok(!mocks.ofType(T.bucket).some((b) => b.name === "audit-trail-bucket"));
            assert.ok(!mocks.ofType(T.role).some((r) => r.name === "audit-trail-logs-role"));
            assert.strictEqual(audit.trailArn, undefined);
            const pack = YAML.parse(mocks.get(T.pack, "audit-conformance-pack").inputs.templateBody);
            const dataEvents = Object.values<any>(pack.Resources).find((r) => r.Properties.Source.SourceIdentifier === "CLOUDTRAIL_S3_DATAEVENTS_ENABLED");
            assert.strictEqual(dataEvents.Properties.InputParameters, undefined, "a central trail is checked for every bucket");
        });

        it("creates no recorder, channel, status or Config bucket without manageConfigRecorder, but still the pack", async () => {
            const rec = optionRecorder();
            await build({ manageConfigRecorder: false }, { transformations: [rec.transformation] });
            for (const t of [T.recorder, T.channel, T.status]) {
                assert.deepStrictEqual(mocks.ofType(t), [], t);
            }
            assert.ok(!mocks.ofType(T.bucket).some((b) => b.name === "audit-config-bucket"));
            assert.strictEqual(mocks.ofType(T.pack).length, 1);
            assert.deepStrictEqual(await dependencyNames(rec.seen[`${T.pack}::audit-conformance-pack`]), []);
        });

        it("skips the conformance pack and the account public access block when asked", async () => {
            await build({ manageConformancePack: false, manageAccountPublicAccessBlock: false });
            assert.deepStrictEqual(mocks.ofType(T.pack), []);
            assert.deepStrictEqual(mocks.ofType(T.accountPab), []);
            assert.strictEqual(mocks.ofType(T.trail).length, 1);
            assert.strictEqual(mocks.ofType(T.recorder).length, 1);
        });
    });

    it("protects and retains the audit resources by default, and not when protect is false", async () => {
        const audited = [
            `${T.trail}::audit-trail`,
            `${T.logGroup}::audit-trail-logs`,
            `${T.bucket}::audit-trail-bucket`,
            `${T.bucket}::audit-config-bucket`,
            `${T.recorder}::audit-recorder`,
            `${T.channel}::audit-delivery-channel`,
            `${T.accountPab}::audit-account-public-access-block`,
        ];
        const on = optionRecorder();
        await build({}, { transformations: [on.transformation] });
        for (const key of audited) {
            assert.strictEqual(on.seen[key]?.protect, true, key);
            assert.strictEqual(on.seen[key]?.retainOnDelete, true, key);
        }
        useMocks();
        const off = optionRecorder();
        await build({ protect: false, objectLockMode: ObjectLockMode.Governance }, { transformations: [off.transformation] });
        for (const key of audited) {
            assert.strictEqual(off.seen[key]?.protect, false, key);
            assert.strictEqual(off.seen[key]?.retainOnDelete, false, key);
        }
    });

    it("passes tags to its taggable children", async () => {
        await build({ tags: { env: "prod" } });
        for (const [type, name] of [
            [T.trail, "audit-trail"],
            [T.logGroup, "audit-trail-logs"],
            [T.bucket, "audit-trail-bucket"],
            [T.bucket, "audit-config-bucket"],
            [T.role, "audit-trail-logs-role"],
            [T.role, "audit-config-role"],
        ]) {
            assert.deepStrictEqual(mocks.get(type, name).inputs.tags, { env: "prod" }, name);
        }
    });

    describe("validation", () => {
        const ok: AuditBaselineArgs = { logsKeyArn: LOGS_KEY, dataEventBucketArns: LAKE_BUCKETS };
        const retentionPeriods = "0, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653";

        it("accepts the defaults, unknown values, and short retention when explicitly allowed", () => {
            validateAuditBaselineArgs(ok);
            validateAuditBaselineArgs({ logsKeyArn: pulumi.output(LOGS_KEY), dataEventBucketArns: [pulumi.output("x")] });
            validateAuditBaselineArgs({ ...ok, logRetentionDays: 30, allowShortRetention: true });
            validateAuditBaselineArgs({ ...ok, logRetentionDays: 0 });
            validateAuditBaselineArgs({ ...ok, manageTrail: false, dataEventBucketArns: [] });
        });

        it("requires the logs key as a KMS ARN", () => {
            expectValidationError(
                () => validateAuditBaselineArgs({ ...ok, logsKeyArn: undefined as unknown as string }),
                "AuditBaseline.logsKeyArn",
                'invalid value for "AuditBaseline.logsKeyArn": expected the logs KMS key ARN ("arn:aws:kms:..."), got nothing (the value is missing)',
            );
            expectValidationError(
                () => validateAuditBaselineArgs({ ...ok, logsKeyArn: "arn:aws:s3:::bucket" }),
                "AuditBaseline.logsKeyArn",
                'invalid value for "AuditBaseline.logsKeyArn": expected an ARN of the kms service ("arn:aws:kms:..."), got "arn:aws:s3:::bucket"',
            );
        });

        it("requires data-event buckets while it manages the trail, each a bucket ARN", () => {
            expectValidationError(
                () => validateAuditBaselineArgs({ ...ok, dataEventBucketArns: [] }),
                "AuditBaseline.dataEventBucketArns",
                'invalid value for "AuditBaseline.dataEventBucketArns": expected a non-empty list of S3 bucket ARNs ("arn:aws:s3:::<bucket>") to record data events for, got []',
            );
            for (const bad of ["arn:aws:s3:::lake-raw/prefix", "lake-raw", "arn:aws:kms:us-east-1:111122223333:key/x"]) {
                expectValidationError(
                    () => validateAuditBaselineArgs({ ...ok, dataEventBucketArns: [LAKE_BUCKETS[0], bad] }),
                    "AuditBaseline.dataEventBucketArns[1]",
                    `invalid value for "AuditBaseline.dataEventBucketArns[1]": expected an S3 bucket ARN ("arn:aws:s3:::<bucket>"), got ${JSON.stringify(bad)}`,
                );
            }
        });

        it("rejects trail names CloudTrail would refuse, including one derived from the component name", async () => {
            const form = 'a trail name of 3 to 128 letters, digits, ".", "_" and "-", starting and ending with a letter or digit';
            for (const bad of ["ab", "-trail", "trail-", "my..trail", "my_-trail", "10.0.0.1", "has space", "x".repeat(129)]) {
                expectValidationError(
                    () => validateAuditBaselineArgs({ ...ok, trailName: bad }),
                    "AuditBaseline.trailName",
                    `invalid value for "AuditBaseline.trailName": expected ${form}, got ${JSON.stringify(bad)}`,
                );
            }
            expectValidationError(
                () => new AuditBaseline("audit_", ok),
                "AuditBaseline.trailName",
                `invalid value for "AuditBaseline.trailName": expected ${form}, got "audit_-trail"`,
            );
            await settle();
            assert.deepStrictEqual(
                mocks.resources.filter((r) => r.type.startsWith("aws:")),
                [],
            );
        });

        it("requires at least 365 days of log retention unless short retention is allowed", () => {
            for (const bad of [30, 180]) {
                expectValidationError(
                    () => validateAuditBaselineArgs({ ...ok, logRetentionDays: bad }),
                    "AuditBaseline.logRetentionDays",
                    `invalid value for "AuditBaseline.logRetentionDays": expected one of CloudWatch Logs' retention periods in days (${retentionPeriods}), got ${bad}`,
                );
            }
            expectValidationError(
                () => validateAuditBaselineArgs({ ...ok, logRetentionDays: 366 }),
                "AuditBaseline.logRetentionDays",
                `invalid value for "AuditBaseline.logRetentionDays": expected one of CloudWatch Logs' retention periods in days (${retentionPeriods}), got 366`,
            );
            expectValidationError(
                () => validateAuditBaselineArgs({ ...ok, logRetentionDays: 31, allowShortRetention: true }),
                "AuditBaseline.logRetentionDays",
                `invalid value for "AuditBaseline.logRetentionDays": expected one of CloudWatch Logs' retention periods in days (0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, ${retentionPeriods.slice(3)}), got 31`,
            );
        });

        it("rejects an unknown Object Lock mode and a retention outside 1..36500 days", () => {
            expectValidationError(
                () => validateAuditBaselineArgs({ ...ok, objectLockMode: "WORM" as ObjectLockMode }),
                "AuditBaseline.objectLockMode",
                'invalid value for "AuditBaseline.objectLockMode": expected one of "GOVERNANCE", "COMPLIANCE", got "WORM"',
            );
            for (const bad of [0, 36501, 1.5]) {
                expectValidationError(
                    () => validateAuditBaselineArgs({ ...ok, objectLockRetentionDays: bad }),
                    "AuditBaseline.objectLockRetentionDays",
                    `invalid value for "AuditBaseline.objectLockRetentionDays": expected an integer between 1 and 36500, got ${bad}`,
                );
            }
        });

        it("throws before any child is created", async () => {
            assert.throws(() => new AuditBaseline("bad", { ...ok, logRetentionDays: 7 }), ValidationError);
            await settle();
            assert.deepStrictEqual(
                mocks.resources.filter((r) => r.type.startsWith("aws:")),
                [],
            );
        });
    });

    it("parses every policy document it writes", async () => {
        await build();
        for (const r of [...mocks.ofType(T.bucketPolicy), ...mocks.ofType(T.rolePolicy)]) {
            assert.strictEqual(parseJson(r.inputs.policy).Version, "2012-10-17", r.name);
        }
        for (const r of mocks.ofType(T.role)) {
            assert.strictEqual(parseJson(r.inputs.assumeRolePolicy).Version, "2012-10-17", r.name);
        }
    });
});
