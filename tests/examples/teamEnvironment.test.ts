/**
 * examples/team-environment under Pulumi mocks: a team's lake bucket and Inferentia endpoint on the platform's
 * existing network, keys and topic, read from config or from the platform stack's outputs.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as ts from "typescript";
import { ValidationError } from "@ml-platform/components";
import { mocks, parseJson, settle, statement, statements, useMocks, valueOf } from "../helpers/pulumi";
import { PLATFORM_OUTPUTS } from "../../examples/team-environment/platform";
// eslint-disable-next-line @typescript-eslint/no-require-imports
import teamEnvironment = require("../../examples/team-environment");

const ACCOUNT = "111122223333";
const PLATFORM_STACK = "acme/ml-platform/prod";
const SUBNETS = ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"];
const WORKLOAD_SG = "sg-0f1e2d3c4b5a60001";
const ML_KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/11111111-1111-4111-a111-111111111111`;
const LAKE_KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/22222222-2222-4222-a222-222222222222`;
const TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT}:mlp-prod-alerts`;
const LOG_BUCKET = "mlp-prod-lake-access-logs-5f2c9a1";
const S3_ENDPOINT = "vpce-0123456789abcdef0";
const MODEL = "s3://mlp-prod-lake-analytics-7c1d2e3/ml/models/approved/model.tar.gz";

/** The platform stack's outputs, under the names stacks/index.ts exports. */
const PLATFORM = {
    privateSubnetIds: SUBNETS,
    workloadSecurityGroupId: WORKLOAD_SG,
    mlKeyArn: ML_KEY,
    dataLakeKeyArn: LAKE_KEY,
    alertTopicArn: TOPIC,
    accessLogBucketName: LOG_BUCKET,
    s3GatewayEndpointId: S3_ENDPOINT,
    vpcId: "vpc-0aa11bb22cc33dd44",
    logsKeyArn: `arn:aws:kms:us-east-1:${ACCOUNT}:key/33333333-3333-4333-a333-333333333333`,
};

const T = {
    bucket: "aws:s3/bucket:Bucket",
    encryption: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    versioning: "aws:s3/bucketVersioning:BucketVersioning",
    publicAccess: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    ownership: "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
    policy: "aws:s3/bucketPolicy:BucketPolicy",
    logging: "aws:s3/bucketLogging:BucketLogging",
    role: "aws:iam/role:Role",
    model: "aws:sagemaker/model:Model",
    endpointConfig: "aws:sagemaker/endpointConfiguration:EndpointConfiguration",
    endpoint: "aws:sagemaker/endpoint:Endpoint",
    alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
};

/** Stack config for this project (the mocks run every program as project `ml-platform`). */
function setConfig(values: Record<string, unknown>): void {
    const project = pulumi.getProject();
    const config: Record<string, string> = { "aws:region": "us-east-1" };
    for (const [key, value] of Object.entries(values)) {
        config[`${project}:${key}`] = typeof value === "string" ? value : JSON.stringify(value);
    }
    pulumi.runtime.setAllConfig(config);
}

/** Runs the program with the platform stack as its source of shared infrastructure. */
async function runWithPlatformStack(extra: Record<string, unknown> = {}, opts?: pulumi.ComponentResourceOptions) {
    mocks.stackOutputs[PLATFORM_STACK] = PLATFORM;
    setConfig({ team: "fraud", modelDataUrl: MODEL, platformStack: PLATFORM_STACK, ...extra });
    const outputs = await teamEnvironment(opts);
    await settle();
    return outputs;
}

describe("examples/team-environment", () => {
    beforeEach(() => useMocks());

    describe("on the platform stack's outputs", () => {
        let outputs: Awaited<ReturnType<typeof teamEnvironment>>;
        beforeEach(async () => {
            outputs = await runWithPlatformStack();
        });

        it("reads the shared infrastructure through a StackReference to the platform stack", () => {
            const refs = mocks.ofType("pulumi:pulumi:StackReference");
            assert.deepStrictEqual(
                refs.map((r) => r.inputs.name),
                [PLATFORM_STACK],
            );
        });

        it("creates no network, key, topic or log bucket: those stay the platform's", () => {
            const owned = mocks.resources.filter((r) => /^aws:(ec2|vpc|kms|sns)\//.test(r.type) || (r.type === T.bucket && r.name !== "fraud-lake"));
            assert.deepStrictEqual(
                owned.map((r) => `${r.type} ${r.name}`),
                [],
            );
        });

        it("encrypts the team bucket with the platform's lake key (SSE-KMS, bucket key) and versions it", () => {
            const rule = mocks.get(T.encryption, "fraud-lake-encryption").inputs.rules[0];
            assert.deepStrictEqual(rule.applyServerSideEncryptionByDefault, { sseAlgorithm: "aws:kms", kmsMasterKeyId: LAKE_KEY });
            assert.strictEqual(rule.bucketKeyEnabled, true);
            assert.strictEqual(mocks.get(T.versioning, "fraud-lake-versioning").inputs.versioningConfiguration.status, "Enabled");
        });

        it("blocks every kind of public access and disables ACLs", () => {
            const block = mocks.get(T.publicAccess, "fraud-lake-public-access").inputs;
            for (const setting of ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"]) {
                assert.strictEqual(block[setting], true, setting);
            }
            assert.strictEqual(mocks.get(T.ownership, "fraud-lake-ownership").inputs.rule.objectOwnership, "BucketOwnerEnforced");
            assert.strictEqual(mocks.get(T.bucket, "fraud-lake").inputs.forceDestroy, false);
        });

        it("denies non-TLS access, uploads under another key, and object access outside the platform's S3 endpoint", () => {
            const stmts = statements(mocks.get(T.policy, "fraud-lake-policy"));
            const tls = statement(stmts, "DenyInsecureTransport");
            assert.strictEqual(tls.Effect, "Deny");
            assert.deepStrictEqual(tls.Condition, { Bool: { "aws:SecureTransport": "false" } });

            const otherKey = statement(stmts, "DenyUploadsWithAnotherKmsKey");
            assert.strictEqual(otherKey.Effect, "Deny");
            assert.strictEqual(otherKey.Action, "s3:PutObject");
            assert.deepStrictEqual(otherKey.Condition.StringNotEquals, { "s3:x-amz-server-side-encryption-aws-kms-key-id": LAKE_KEY });

            const endpointOnly = statement(stmts, "DenyObjectAccessOutsideVpcEndpoints");
            assert.strictEqual(endpointOnly.Effect, "Deny");
            assert.deepStrictEqual(endpointOnly.Condition.StringNotEquals, { "aws:SourceVpce": [S3_ENDPOINT] });
            assert.strictEqual(endpointOnly.Principal, "*");
        });

        it("sends the team bucket's access logs to the platform's log bucket under its own prefix", () => {
            const logging = mocks.get(T.logging, "fraud-lake-logging").inputs;
            assert.strictEqual(logging.targetBucket, LOG_BUCKET);
            assert.strictEqual(logging.targetPrefix, "fraud-lake/");
        });

        it("runs the model network-isolated in the platform's private subnets behind its workload security group", () => {
            const model = mocks.ofType(T.model)[0].inputs;
            assert.strictEqual(model.enableNetworkIsolation, true);
            assert.deepStrictEqual(model.vpcConfig, { subnets: SUBNETS, securityGroupIds: [WORKLOAD_SG] });
            assert.strictEqual(model.primaryContainer.modelDataUrl, MODEL);
        });

        it("encrypts the endpoint's storage with the ML key and captures traffic into the team bucket under the lake key", async () => {
            const config = mocks.ofType(T.endpointConfig)[0].inputs;
            assert.strictEqual(config.kmsKeyArn, ML_KEY);
            assert.strictEqual(config.productionVariants[0].enableSsmAccess, false);
            const capture = config.dataCaptureConfig;
            assert.strictEqual(capture.enableCapture, true);
            assert.strictEqual(capture.kmsKeyId, LAKE_KEY);
            const bucketName = await valueOf(outputs.lakeBucketName);
            assert.strictEqual(capture.destinationS3Uri, `s3://${bucketName}/data-capture`);
            // The endpoint is named after the stack and the component (`<stack>-fraud-endpoint`).
            assert.strictEqual(await valueOf(outputs.dataCaptureS3Uri), `s3://${bucketName}/data-capture/${pulumi.getStack()}-fraud-endpoint/`);
        });

        it("rolls canary deployments back on alarms that notify the platform's alert topic", () => {
            const alarms = mocks.ofType(T.alarm);
            assert.ok(alarms.length > 0);
            for (const alarm of alarms) {
                assert.deepStrictEqual(alarm.inputs.alarmActions, [TOPIC], alarm.name);
            }
            const deployment = mocks.ofType(T.endpoint)[0].inputs.deploymentConfig;
            assert.strictEqual(deployment.blueGreenUpdatePolicy.trafficRoutingConfiguration.type, "CANARY");
            assert.deepStrictEqual(
                deployment.autoRollbackConfiguration.alarms.map((a: { alarmName: string }) => a.alarmName).sort(),
                alarms.map((a) => a.outputs.name).sort(),
            );
        });

        it("lets only SageMaker in this account assume the endpoint's execution role", () => {
            const role = mocks.ofType(T.role).find((r) => r.name === "fraud-endpoint-exec")!;
            const trust = parseJson(role.inputs.assumeRolePolicy).Statement;
            assert.strictEqual(trust.length, 1);
            assert.deepStrictEqual(trust[0].Principal, { Service: "sagemaker.amazonaws.com" });
            assert.deepStrictEqual(trust[0].Condition.StringEquals["aws:SourceAccount"], ACCOUNT);
        });

        it("tags everything it creates with the team", () => {
            const tagged = mocks.resources.filter((r) => r.type.startsWith("aws:") && "tags" in r.inputs);
            assert.ok(tagged.some((r) => r.type === T.bucket) && tagged.some((r) => r.type === T.endpoint));
            for (const r of tagged) {
                assert.strictEqual(r.inputs.tags?.team, "fraud", `${r.type} ${r.name}`);
            }
        });

        it("exports the bucket and endpoint as stack outputs", async () => {
            assert.strictEqual(await valueOf(outputs.endpointName), `${pulumi.getStack()}-fraud-endpoint`);
            assert.match(await valueOf(outputs.lakeBucketArn), /^arn:aws:s3:::fraud-lake-[0-9a-f]{7}$/);
            assert.match(await valueOf(outputs.executionRoleArn), new RegExp(`^arn:aws:iam::${ACCOUNT}:role/fraud-endpoint-exec-`));
        });
    });

    it("protects and retains the team bucket by default", async () => {
        const recorded: Record<string, { protect?: boolean; retainOnDelete?: boolean }> = {};
        const record: pulumi.ResourceTransformation = (args) => {
            recorded[`${args.type} ${args.name}`] = { protect: args.opts.protect, retainOnDelete: args.opts.retainOnDelete };
            return undefined;
        };
        await runWithPlatformStack({}, { transformations: [record] });
        assert.deepStrictEqual(recorded[`${T.bucket} fraud-lake`], { protect: true, retainOnDelete: true });
    });

    it("takes a value set in config over the platform stack's output", async () => {
        const otherKey = `arn:aws:kms:us-east-1:${ACCOUNT}:key/44444444-4444-4444-a444-444444444444`;
        await runWithPlatformStack({ mlKeyArn: otherKey });
        assert.strictEqual(mocks.ofType(T.endpointConfig)[0].inputs.kmsKeyArn, otherKey);
    });

    it("reads a renamed platform output through platformOutputs", async () => {
        const { dataLakeKeyArn, ...rest } = PLATFORM;
        mocks.stackOutputs[PLATFORM_STACK] = { ...rest, lakeKmsKeyArn: dataLakeKeyArn };
        setConfig({ team: "fraud", modelDataUrl: MODEL, platformStack: PLATFORM_STACK, platformOutputs: { lakeKeyArn: "lakeKmsKeyArn" } });
        await teamEnvironment();
        await settle();
        assert.strictEqual(mocks.get(T.encryption, "fraud-lake-encryption").inputs.rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId, LAKE_KEY);
    });

    it("runs from config alone, without a platform stack", async () => {
        setConfig({
            team: "fraud",
            modelDataUrl: MODEL,
            privateSubnetIds: SUBNETS,
            workloadSecurityGroupId: WORKLOAD_SG,
            mlKeyArn: ML_KEY,
            lakeKeyArn: LAKE_KEY,
            alertTopicArn: TOPIC,
            accessLogBucketName: LOG_BUCKET,
            s3GatewayEndpointId: S3_ENDPOINT,
        });
        await teamEnvironment();
        await settle();
        assert.deepStrictEqual(mocks.ofType("pulumi:pulumi:StackReference"), []);
        assert.deepStrictEqual(mocks.ofType(T.model)[0].inputs.vpcConfig.subnets, SUBNETS);
    });

    it("stops, naming the setting, when neither config nor the platform stack provides a value", async () => {
        const { s3GatewayEndpointId: _omitted, ...withoutEndpoint } = PLATFORM;
        mocks.stackOutputs[PLATFORM_STACK] = withoutEndpoint;
        setConfig({ team: "fraud", modelDataUrl: MODEL, platformStack: PLATFORM_STACK });
        await assert.rejects(teamEnvironment(), (e: unknown) => {
            assert.ok(e instanceof ValidationError, String(e));
            assert.strictEqual(e.field, "team-environment.s3GatewayEndpointId");
            assert.match(e.message, /config "s3GatewayEndpointId", or "platformStack" naming a stack that exports "s3GatewayEndpointId"/);
            return true;
        });
        assert.deepStrictEqual(mocks.ofType(T.bucket), [], "nothing is created");
    });

    it("rejects a malformed subnet list and team name before creating anything", async () => {
        setConfig({ team: "fraud", modelDataUrl: MODEL, platformStack: PLATFORM_STACK, privateSubnetIds: ["10.0.1.0/24"] });
        mocks.stackOutputs[PLATFORM_STACK] = PLATFORM;
        await assert.rejects(teamEnvironment(), /"team-environment\.privateSubnetIds": expected a list of subnet ids/);
        setConfig({ team: "Fraud Team", modelDataUrl: MODEL, platformStack: PLATFORM_STACK });
        await assert.rejects(teamEnvironment(), /"team-environment\.team": expected 2 to 20 lower-case letters/);
        assert.deepStrictEqual(mocks.ofType(T.bucket), []);
    });

    it("reads, by default, outputs the platform stack (stacks/index.ts) exports", () => {
        const file = path.resolve(__dirname, "../../stacks/index.ts");
        const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
        const exported = new Set(
            source.statements
                .filter(ts.isVariableStatement)
                .filter((s) => ts.getModifiers(s)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword))
                .flatMap((s) => s.declarationList.declarations.map((d) => d.name.getText(source))),
        );
        const notExported = Object.values(PLATFORM_OUTPUTS).filter((name) => !exported.has(name));
        assert.deepStrictEqual(notExported, []);
    });
});
