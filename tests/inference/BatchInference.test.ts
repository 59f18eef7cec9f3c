import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import {
    BatchInference,
    BatchInferenceArgs,
    TransformAssembleWith,
    TransformBatchStrategy,
    TransformJoinSource,
    TransformSplitType,
    validateBatchInferenceArgs,
} from "../../components/index";
import { transformJobRules } from "../../policies/rules/sagemaker/transformRules";
import { assertWellFormed } from "../helpers/asl";
import { ACCOUNT, LAKE_KEY, ML_KEY, S3_VIA } from "../helpers/fixtures";
import { mocks, parseJson, settle, statement, statements, useMocks } from "../helpers/pulumi";
import { fromRecorded, run, TestResource } from "../policies/harness";
import { denyingSids } from "../sagemaker/iamEval";

const LOGS_KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/33333333-3333-4333-a333-333333333333`;
const TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT}:ml-alerts`;
const GROUP = `arn:aws:sagemaker:us-east-1:${ACCOUNT}:model-package-group/claims-models`;
const PINNED = `arn:aws:sagemaker:us-east-1:${ACCOUNT}:model-package/claims-models/7`;
const PROCESSED = "mlp-dev-lake-processed";
const ANALYTICS = "mlp-dev-lake-analytics";
const NEURON_IMAGE = "763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-inference-neuronx:2.5.1-neuronx-py310-sdk2.22.0-ubuntu22.04";
const CPU_IMAGE = `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/claims-scorer:1.4.0`;

const T = {
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    sfn: "aws:sfn/stateMachine:StateMachine",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
    schedule: "aws:scheduler/schedule:Schedule",
};

function happyArgs(): BatchInferenceArgs {
    return {
        modelPackageGroupArn: GROUP,
        modelArtifactsS3Uri: `s3://${ANALYTICS}/ml/models/`,
        inputS3Uri: `s3://${PROCESSED}/claims/to-score/`,
        outputS3Uri: `s3://${ANALYTICS}/claims/scores/`,
        subnetIds: ["subnet-0aaa1111", "subnet-0bbb2222"],
        securityGroupIds: ["sg-0ccc3333"],
        lakeKmsKeyArn: LAKE_KEY,
        mlKmsKeyArn: ML_KEY,
        logsKmsKeyArn: LOGS_KEY,
        alarmTopicArn: TOPIC,
    };
}

async function build(args: Partial<BatchInferenceArgs> = {}, opts?: pulumi.ComponentResourceOptions): Promise<BatchInference> {
    const b = new BatchInference("claims-batch", { ...happyArgs(), ...args }, opts);
    await settle();
    return b;
}

function definition(): any {
    return parseJson(mocks.get(T.sfn, "claims-batch-state-machine").inputs.definition);
}

const execRoleArn = () => mocks.get(T.role, "claims-batch-exec").outputs.arn;

describe("BatchInference", () => {
    beforeEach(() => useMocks());

    describe("definition", () => {
        it("is JSONata ASL whose transitions all lead to existing states, every state reachable", async () => {
            await build();
            const d = definition();
            assert.strictEqual(d.QueryLanguage, "JSONata");
            assert.strictEqual(d.StartAt, "VersionRequested");
            assert.strictEqual(d.TimeoutSeconds, 86400);
            assertWellFormed(d);
        });

        it("scores with the version an execution asks for, else the group's latest approved version", async () => {
            await build();
            const s = definition().States;
            assert.deepStrictEqual(s.VersionRequested.Choices, [
                { Condition: "{% $exists($states.input.modelPackageArn) %}", Next: "DescribeRequestedVersion" },
            ]);
            assert.strictEqual(s.VersionRequested.Default, "FindLatestApprovedVersion");
            assert.strictEqual(s.FindLatestApprovedVersion.Resource, "arn:aws:states:::aws-sdk:sagemaker:listModelPackages");
            assert.deepStrictEqual(s.FindLatestApprovedVersion.Arguments, {
                ModelPackageGroupName: "claims-models",
                ModelApprovalStatus: "Approved",
                SortBy: "CreationTime",
                SortOrder: "Descending",
                MaxResults: 1,
            });
            assert.strictEqual(s.ApprovedVersionFound.Default, "NoApprovedVersion");
            assert.strictEqual(s.DescribeLatestApprovedVersion.Arguments.ModelPackageName, "{% $approvedVersions[0] %}");
            assert.strictEqual(s.DescribeRequestedVersion.Arguments.ModelPackageName, "{% $states.input.modelPackageArn %}");
            assert.strictEqual(s.DescribePinnedVersion, undefined);
        });

        it("scores with a pinned version when one is given, and never lists the group", async () => {
            await build({ modelPackageArn: PINNED });
            const d = definition();
            assertWellFormed(d);
            assert.strictEqual(d.States.VersionRequested.Default, "DescribePinnedVersion");
            assert.strictEqual(d.States.DescribePinnedVersion.Arguments.ModelPackageName, PINNED);
            assert.strictEqual(d.States.FindLatestApprovedVersion, undefined);
        });

        it("runs only an approved version of the group whose artifact is under the artifacts prefix", async () => {
            await build();
            const check = definition().States.CheckVersion;
            assert.strictEqual(check.Choices[0].Next, "VersionNotApproved");
            assert.match(
                check.Choices[0].Condition,
                /\$modelPackage\.ModelPackageGroupName != 'claims-models' or \$modelPackage\.ModelApprovalStatus != 'Approved'/,
            );
            assert.strictEqual(check.Choices[1].Next, "ArtifactOutsidePrefix");
            const artifacts = `s3://${ANALYTICS}/ml/models/`;
            assert.ok(
                check.Choices[1].Condition.includes(
                    `$substring($modelPackage.InferenceSpecification.Containers[0].ModelDataUrl, 0, ${artifacts.length}) = '${artifacts}'`,
                ),
                check.Choices[1].Condition,
            );
            assert.strictEqual(check.Default, "CreateModel");
        });

        it("names the model and the job after the execution, unique per execution", async () => {
            await build();
            const s = definition().States;
            for (const describe of ["DescribeRequestedVersion", "DescribeLatestApprovedVersion"]) {
                assert.strictEqual(s[describe].Assign.jobName, "{% 'claims-batch-' & $substring($hash($states.context.Execution.Id, 'SHA-256'), 0, 16) %}");
            }
            assert.strictEqual(s.CreateModel.Arguments.ModelName, "{% $jobName %}");
            assert.strictEqual(s.Transform.Arguments.TransformJobName, "{% $jobName %}");
            assert.strictEqual(s.Transform.Arguments.ModelName, "{% $jobName %}");
        });

        it("creates the model with the Neuron image, in the subnets, network-isolated, under the execution role", async () => {
            await build();
            const create = definition().States.CreateModel;
            assert.strictEqual(create.Resource, "arn:aws:states:::sagemaker:createModel");
            assert.deepStrictEqual(create.Arguments.PrimaryContainer, {
                Image: NEURON_IMAGE,
                ModelDataUrl: "{% $modelPackage.InferenceSpecification.Containers[0].ModelDataUrl %}",
                Mode: "SingleModel",
                Environment: {},
            });
            assert.deepStrictEqual(create.Arguments.VpcConfig, { Subnets: ["subnet-0aaa1111", "subnet-0bbb2222"], SecurityGroupIds: ["sg-0ccc3333"] });
            assert.strictEqual(create.Arguments.EnableNetworkIsolation, true);
            assert.strictEqual(create.Arguments.ExecutionRoleArn, execRoleArn());
        });

        it("runs the transform job through the optimized .sync integration, processed layer in, analytics layer out", async () => {
            await build();
            const t = definition().States.Transform;
            assert.strictEqual(t.Resource, "arn:aws:states:::sagemaker:createTransformJob.sync");
            assert.deepStrictEqual(t.Arguments.TransformInput, {
                DataSource: { S3DataSource: { S3DataType: "S3Prefix", S3Uri: `s3://${PROCESSED}/claims/to-score/` } },
                ContentType: "text/csv",
                SplitType: "Line",
                CompressionType: "None",
            });
            assert.deepStrictEqual(t.Arguments.TransformOutput, {
                S3OutputPath: `{% 's3://${ANALYTICS}/claims/scores/' & $jobName & '/' %}`,
                KmsKeyId: LAKE_KEY,
                Accept: "text/csv",
                AssembleWith: "Line",
            });
            assert.deepStrictEqual(t.Arguments.TransformResources, { InstanceType: "ml.inf2.xlarge", InstanceCount: 1, VolumeKmsKeyId: ML_KEY });
        });

        it("batches line-delimited records and joins each prediction to its input record by default", async () => {
            await build();
            const a = definition().States.Transform.Arguments;
            assert.strictEqual(a.BatchStrategy, "MultiRecord");
            assert.strictEqual(a.MaxPayloadInMB, 6);
            assert.strictEqual(a.MaxConcurrentTransforms, 1);
            assert.deepStrictEqual(a.ModelClientConfig, { InvocationsTimeoutInSeconds: 600, InvocationsMaxRetries: 1 });
            assert.deepStrictEqual(a.DataProcessing, { InputFilter: "$", OutputFilter: "$", JoinSource: "Input" });
        });

        it("takes the record handling it is given", async () => {
            await build({
                contentType: "application/jsonlines",
                splitType: TransformSplitType.None,
                assembleWith: TransformAssembleWith.None,
                batchStrategy: TransformBatchStrategy.SingleRecord,
                maxPayloadInMB: 20,
                maxConcurrentTransforms: 5,
                invocationTimeoutSeconds: 120,
                invocationMaxRetries: 0,
                dataProcessing: { inputFilter: "$[1:]", outputFilter: "$[0,-1]", joinSource: TransformJoinSource.None },
                instanceCount: 3,
            });
            const a = definition().States.Transform.Arguments;
            assert.strictEqual(a.TransformInput.ContentType, "application/jsonlines");
            assert.strictEqual(a.TransformInput.SplitType, "None");
            assert.strictEqual(a.TransformOutput.AssembleWith, "None");
            assert.strictEqual(a.TransformOutput.Accept, "application/jsonlines");
            assert.strictEqual(a.BatchStrategy, "SingleRecord");
            assert.strictEqual(a.MaxPayloadInMB, 20);
            assert.strictEqual(a.MaxConcurrentTransforms, 5);
            assert.deepStrictEqual(a.ModelClientConfig, { InvocationsTimeoutInSeconds: 120, InvocationsMaxRetries: 0 });
            assert.deepStrictEqual(a.DataProcessing, { InputFilter: "$[1:]", OutputFilter: "$[0,-1]", JoinSource: "None" });
            assert.strictEqual(a.TransformResources.InstanceCount, 3);
        });

        it("leaves the volume key out on local-NVMe instance types, which SageMaker rejects it for", async () => {
            await build({ instanceType: "ml.g5.xlarge", imageUri: CPU_IMAGE });
            const create = definition().States.CreateModel;
            assert.strictEqual(create.Arguments.PrimaryContainer.Image, CPU_IMAGE);
            assert.deepStrictEqual(definition().States.Transform.Arguments.TransformResources, { InstanceType: "ml.g5.xlarge", InstanceCount: 1 });
        });

        it("deletes the model after the job, whether it succeeded or failed, and reports the job's failure", async () => {
            await build();
            const s = definition().States;
            assert.strictEqual(s.Transform.Next, "DeleteModel");
            assert.deepStrictEqual(s.Transform.Catch, [
                { ErrorEquals: ["States.ALL"], Next: "DeleteModelAfterFailure", Assign: { failure: "{% $states.errorOutput %}" } },
            ]);
            for (const name of ["DeleteModel", "DeleteModelAfterFailure"]) {
                assert.strictEqual(s[name].Resource, "arn:aws:states:::aws-sdk:sagemaker:deleteModel");
                assert.deepStrictEqual(s[name].Arguments, { ModelName: "{% $jobName %}" });
            }
            assert.strictEqual(s.DeleteModel.Next, "Scored");
            assert.strictEqual(s.DeleteModelAfterFailure.Next, "BatchInferenceFailed");
            assert.strictEqual(s.Scored.Type, "Succeed");
            assert.deepStrictEqual(s.BatchInferenceFailed, { Type: "Fail", Error: "BatchInferenceFailed", Cause: "{% $string($failure) %}" });
        });

        it("tags the models and jobs it creates with the component's tags", async () => {
            const tags = { environment: "dev", owner: "claims" };
            await build({ tags });
            const s = definition().States;
            const list = [
                { Key: "environment", Value: "dev" },
                { Key: "owner", Value: "claims" },
            ];
            assert.deepStrictEqual(s.CreateModel.Arguments.Tags, list);
            assert.deepStrictEqual(s.Transform.Arguments.Tags, list);
            for (const r of [...mocks.ofType(T.sfn), ...mocks.ofType(T.logGroup), ...mocks.ofType(T.role), ...mocks.ofType(T.alarm)]) {
                assert.deepStrictEqual(r.inputs.tags, tags, r.name);
            }
        });

        it("passes every batch transform rule of the policy packs, which catch a job stripped of its volume key", async () => {
            await build();
            const lakeBuckets: TestResource[] = [
                {
                    type: "aws:s3/bucket:Bucket",
                    name: "processed",
                    props: { bucket: PROCESSED, arn: `arn:aws:s3:::${PROCESSED}`, tags: { "lake-layer": "processed" } },
                },
                {
                    type: "aws:s3/bucket:Bucket",
                    name: "analytics",
                    props: { bucket: ANALYTICS, arn: `arn:aws:s3:::${ANALYTICS}`, tags: { "lake-layer": "analytics" } },
                },
            ];
            const resources = [...fromRecorded(mocks.resources), ...lakeBuckets];
            assert.strictEqual(transformJobRules.length, 5);
            for (const rule of transformJobRules) {
                const result = await run(rule, resources);
                assert.strictEqual(result.outcome, "compliant", `${rule.name}: ${JSON.stringify(result.violations)}`);
            }
            const weakened = resources.map((r) => {
                if (r.type !== T.sfn) {
                    return r;
                }
                const d = JSON.parse(r.props.definition as string);
                delete d.States.Transform.Arguments.TransformResources.VolumeKmsKeyId;
                return { ...r, props: { ...r.props, definition: JSON.stringify(d) } };
            });
            const volumeRule = transformJobRules.find((r) => r.name === "aws-sagemaker-transformjob-configure-volume-kms-key");
            assert.ok(volumeRule);
            const result = await run(volumeRule, weakened);
            assert.strictEqual(result.outcome, "non-compliant");
            assert.match(result.violations[0].message, /VolumeKmsKeyId/);
        });
    });

    describe("execution role", () => {
        it("is assumable by SageMaker from this account only", async () => {
            await build();
            const trust = statements(mocks.get(T.role, "claims-batch-exec"), "assumeRolePolicy");
            assert.deepStrictEqual(trust, [
                {
                    Effect: "Allow",
                    Principal: { Service: "sagemaker.amazonaws.com" },
                    Action: "sts:AssumeRole",
                    Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
                },
            ]);
        });

        it("reads only the input prefix and the artifacts, and writes only the output prefix", async () => {
            await build();
            const stmts = statements(mocks.get(T.rolePolicy, "claims-batch-exec"));
            assert.deepStrictEqual(statement(stmts, "ReadInput").Resource, `arn:aws:s3:::${PROCESSED}/claims/to-score/*`);
            assert.deepStrictEqual(statement(stmts, "ListInput"), {
                Sid: "ListInput",
                Effect: "Allow",
                Action: "s3:ListBucket",
                Resource: `arn:aws:s3:::${PROCESSED}`,
                Condition: { StringLike: { "s3:prefix": "claims/to-score/*" } },
            });
            assert.deepStrictEqual(statement(stmts, "ReadModelArtifacts").Resource, `arn:aws:s3:::${ANALYTICS}/ml/models/*`);
            const write = statement(stmts, "WriteOutput");
            assert.deepStrictEqual(write.Action, ["s3:PutObject", "s3:AbortMultipartUpload"]);
            assert.strictEqual(write.Resource, `arn:aws:s3:::${ANALYTICS}/claims/scores/*`);
            const s3Actions = stmts.flatMap((s) => [s.Action].flat()).filter((a: string) => a.startsWith("s3:"));
            assert.deepStrictEqual(s3Actions.sort(), ["s3:AbortMultipartUpload", "s3:GetObject", "s3:GetObject", "s3:ListBucket", "s3:PutObject"]);
        });

        it("uses the lake key only through S3, pulls only its image, and writes only transform-job logs", async () => {
            await build();
            const stmts = statements(mocks.get(T.rolePolicy, "claims-batch-exec"));
            assert.deepStrictEqual(statement(stmts, "UseLakeKeyThroughS3"), {
                Sid: "UseLakeKeyThroughS3",
                Effect: "Allow",
                Action: ["kms:Decrypt", "kms:GenerateDataKey"],
                Resource: LAKE_KEY,
                Condition: { StringEquals: { "kms:ViaService": S3_VIA } },
            });
            assert.deepStrictEqual(statement(stmts, "PullImages").Resource, ["arn:aws:ecr:us-east-1:763104351884:repository/pytorch-inference-neuronx"]);
            assert.deepStrictEqual(statement(stmts, "WriteSageMakerLogs").Resource, [
                `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/sagemaker/TransformJobs`,
                `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/sagemaker/TransformJobs:log-stream:*`,
            ]);
            const starred = stmts.filter((s) => [s.Resource].flat().includes("*")).map((s) => s.Sid);
            assert.deepStrictEqual(starred.sort(), ["DescribeNetwork", "EcrAuthorization", "PublishTransformMetrics"]);
        });
    });

    describe("state machine role", () => {
        const roleStatements = () => statements(mocks.get(T.rolePolicy, "claims-batch-role"));

        it("is assumable only by Step Functions for this state machine in this account", async () => {
            await build();
            const trust = statements(mocks.get(T.role, "claims-batch-role"), "assumeRolePolicy");
            assert.deepStrictEqual(trust[0].Condition, {
                StringEquals: { "aws:SourceAccount": ACCOUNT },
                ArnLike: { "aws:SourceArn": `arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:claims-batch` },
            });
        });

        it("reads only the group's versions and creates, watches and deletes only names with its prefix", async () => {
            await build();
            const stmts = roleStatements();
            assert.strictEqual(statement(stmts, "ReadModelVersions").Resource, `arn:aws:sagemaker:us-east-1:${ACCOUNT}:model-package/claims-models/*`);
            const own = [`arn:aws:sagemaker:us-east-1:${ACCOUNT}:model/claims-batch-*`, `arn:aws:sagemaker:us-east-1:${ACCOUNT}:transform-job/claims-batch-*`];
            assert.deepStrictEqual(statement(stmts, "CreateModelsAndTransformJobs").Resource, own);
            assert.deepStrictEqual(statement(stmts, "WatchTransformJobs").Resource, own[1]);
            assert.deepStrictEqual(statement(stmts, "DeleteOwnModels").Resource, own[0]);
            assert.deepStrictEqual(statement(stmts, "WaitForTransformJobs").Resource, [
                `arn:aws:events:us-east-1:${ACCOUNT}:rule/StepFunctionsGetEventsForSageMakerTransformJobsRule`,
            ]);
            assert.deepStrictEqual(statement(stmts, "PassExecutionRoleToSageMaker"), {
                Sid: "PassExecutionRoleToSageMaker",
                Effect: "Allow",
                Action: "iam:PassRole",
                Resource: execRoleArn(),
                Condition: { StringEquals: { "iam:PassedToService": "sagemaker.amazonaws.com" } },
            });
            assert.deepStrictEqual(statement(stmts, "GrantJobKeysToSageMaker").Resource, [ML_KEY, LAKE_KEY]);
        });

        it("is denied a transform job without its keys, or on another instance type, and a model outside the VPC", async () => {
            await build();
            const stmts = roleStatements();
            const compliant = {
                "sagemaker:OutputKmsKey": LAKE_KEY,
                "sagemaker:VolumeKmsKey": ML_KEY,
                "sagemaker:InstanceTypes": ["ml.inf2.xlarge"],
            };
            assert.deepStrictEqual(denyingSids(stmts, "sagemaker:CreateTransformJob", compliant), []);
            assert.deepStrictEqual(denyingSids(stmts, "sagemaker:CreateTransformJob", { ...compliant, "sagemaker:InstanceTypes": ["ml.p4d.24xlarge"] }), [
                "DenyInstanceTypesOutsideAllowList",
            ]);
            const { ["sagemaker:VolumeKmsKey"]: _v, ...noVolumeKey } = compliant;
            assert.deepStrictEqual(denyingSids(stmts, "sagemaker:CreateTransformJob", noVolumeKey), ["DenyEbsBackedWithoutVolumeKmsKey"]);
            const { ["sagemaker:OutputKmsKey"]: _o, ...noOutputKey } = compliant;
            assert.deepStrictEqual(denyingSids(stmts, "sagemaker:CreateTransformJob", noOutputKey), ["DenyWithoutOutputKmsKey"]);
            assert.deepStrictEqual(denyingSids(stmts, "sagemaker:CreateModel", { "sagemaker:VpcSecurityGroupIds": ["sg-0ccc3333"] }), [
                "DenyWithoutVpcSubnets",
            ]);
        });
    });

    describe("state machine", () => {
        it("logs everything to an encrypted log group, traces, and encrypts its data with the ML key", async () => {
            await build();
            const sm = mocks.get(T.sfn, "claims-batch-state-machine").inputs;
            assert.strictEqual(sm.name, "claims-batch");
            assert.strictEqual(sm.loggingConfiguration.level, "ALL");
            assert.strictEqual(sm.loggingConfiguration.includeExecutionData, true);
            assert.deepStrictEqual(sm.tracingConfiguration, { enabled: true });
            assert.strictEqual(sm.encryptionConfiguration.kmsKeyId, ML_KEY);
            const logs = mocks.get(T.logGroup, "claims-batch-executions").inputs;
            assert.strictEqual(logs.name, "/aws/vendedlogs/states/claims-batch");
            assert.strictEqual(logs.kmsKeyId, LOGS_KEY);
            assert.strictEqual(logs.retentionInDays, 365);
        });

        it("protects and retains the execution log group by default, and not when protect is false", async () => {
            const seen: Record<string, { protect?: boolean; retainOnDelete?: boolean }> = {};
            const record: pulumi.ResourceTransformation = (a) => {
                seen[a.name] = { protect: a.opts.protect, retainOnDelete: a.opts.retainOnDelete };
                return undefined;
            };
            await build({}, { transformations: [record] });
            assert.deepStrictEqual(seen["claims-batch-executions"], { protect: true, retainOnDelete: true });
            await build({ protect: false }, { transformations: [record] });
            assert.deepStrictEqual(seen["claims-batch-executions"], { protect: false, retainOnDelete: false });
        });

        it("raises an alarm to the alert topic when an execution fails or times out", async () => {
            await build();
            const alarm = mocks.get(T.alarm, "claims-batch-failures").inputs;
            const smArn = mocks.get(T.sfn, "claims-batch-state-machine").outputs.arn;
            const byId = Object.fromEntries(alarm.metricQueries.map((q: any) => [q.id, q]));
            assert.deepStrictEqual(byId.failed.metric, {
                namespace: "AWS/States",
                metricName: "ExecutionsFailed",
                dimensions: { StateMachineArn: smArn },
                period: 300,
                stat: "Sum",
            });
            assert.strictEqual(byId.timedout.metric.metricName, "ExecutionsTimedOut");
            assert.strictEqual(byId.unsuccessful.expression, "FILL(failed, 0) + FILL(timedout, 0)");
            assert.strictEqual(byId.unsuccessful.returnData, true);
            assert.strictEqual(alarm.comparisonOperator, "GreaterThanOrEqualToThreshold");
            assert.strictEqual(alarm.threshold, 1);
            assert.strictEqual(alarm.treatMissingData, "notBreaching");
            assert.deepStrictEqual(alarm.alarmActions, [TOPIC]);
            assert.strictEqual(alarm.actionsEnabled, true);
        });

        it("has no schedule unless asked, and starts on its own schedule with a role that may start only it", async () => {
            await build();
            assert.deepStrictEqual(mocks.ofType(T.schedule), []);
            useMocks();
            await build({ schedule: { expression: "cron(0 2 * * ? *)", timezone: "Europe/Berlin" } });
            const schedule = mocks.get(T.schedule, "claims-batch-schedule").inputs;
            const smArn = mocks.get(T.sfn, "claims-batch-state-machine").outputs.arn;
            assert.strictEqual(schedule.scheduleExpression, "cron(0 2 * * ? *)");
            assert.strictEqual(schedule.scheduleExpressionTimezone, "Europe/Berlin");
            assert.strictEqual(schedule.target.arn, smArn);
            assert.deepStrictEqual(statements(mocks.get(T.rolePolicy, "claims-batch-scheduler")), [
                { Sid: "StartStateMachine", Effect: "Allow", Action: "states:StartExecution", Resource: smArn },
            ]);
        });
    });

    describe("validation", () => {
        const cases: [string, Partial<BatchInferenceArgs>, RegExp][] = [
            [
                "a group ARN that is not a model package group",
                { modelPackageGroupArn: PINNED },
                /"BatchInference\.modelPackageGroupArn": expected a model package group ARN/,
            ],
            [
                "a pinned version without a version number",
                { modelPackageArn: GROUP },
                /"BatchInference\.modelPackageArn": expected a versioned model package ARN/,
            ],
            [
                "an input that is an object, not a prefix",
                { inputS3Uri: `s3://${PROCESSED}/claims.csv` },
                /"BatchInference\.inputS3Uri": expected an S3 prefix URI ending in "\/"/,
            ],
            ["an output that is a whole bucket", { outputS3Uri: `s3://${ANALYTICS}/` }, /"BatchInference\.outputS3Uri": expected a prefix inside the bucket/],
            ["no artifacts prefix", { modelArtifactsS3Uri: "" }, /"BatchInference\.modelArtifactsS3Uri": expected an S3 prefix URI/],
            ["no subnets", { subnetIds: [] }, /"BatchInference\.subnetIds": expected 1 to 16 private subnet ids/],
            ["a lake key that is not a KMS ARN", { lakeKmsKeyArn: "alias/lake" }, /"BatchInference\.lakeKmsKeyArn": expected an ARN of the kms service/],
            ["an alarm topic of another service", { alarmTopicArn: LOGS_KEY }, /"BatchInference\.alarmTopicArn": expected an ARN of the sns service/],
            ["a training instance type", { instanceType: "ml.trn1.2xlarge" }, /"BatchInference\.instanceType": expected an inference instance type/],
            ["a CPU type without an image", { instanceType: "ml.m5.xlarge" }, /"BatchInference\.imageUri": expected a serving image for ml\.m5\.xlarge/],
            ["an image outside ECR", { imageUri: "docker.io/library/scorer:1" }, /"BatchInference\.imageUri": expected an ECR image/],
            ["too many instances", { instanceCount: 101 }, /"BatchInference\.instanceCount": expected an integer between 1 and 100/],
            ["a payload over 100 MB", { maxPayloadInMB: 101 }, /"BatchInference\.maxPayloadInMB": expected an integer between 1 and 100/],
            [
                "payload times concurrency over 100 MB",
                { maxPayloadInMB: 30, maxConcurrentTransforms: 4 },
                /"BatchInference\.maxConcurrentTransforms": expected at most 3/,
            ],
            ["a bad split type", { splitType: "Lines" as TransformSplitType }, /"BatchInference\.splitType": expected one of/],
            [
                "a filter that is not JSONPath",
                { dataProcessing: { inputFilter: "[1:]" } },
                /"BatchInference\.dataProcessing\.inputFilter": expected a JSONPath/,
            ],
            ["a content type that is not a MIME type", { contentType: "csv" }, /"BatchInference\.contentType": expected a MIME type/],
            ["an upper-case job prefix", { jobNamePrefix: "Claims" }, /"BatchInference\.jobNamePrefix": expected 1 to 30 lower-case letters/],
            ["a timeout over a week", { timeoutSeconds: 604801 }, /"BatchInference\.timeoutSeconds": expected an integer between 3600 and 604800/],
            [
                "a malformed schedule",
                { schedule: { expression: "nightly" } },
                /"BatchInference\.schedule\.expression": expected an EventBridge Scheduler expression/,
            ],
        ];
        for (const [what, change, message] of cases) {
            it(`rejects ${what}`, () => {
                assert.throws(() => validateBatchInferenceArgs({ ...happyArgs(), ...change }, "claims-batch"), message);
            });
        }

        it("accepts the happy path and creates nothing when an argument is wrong", async () => {
            assert.doesNotThrow(() => validateBatchInferenceArgs(happyArgs(), "claims-batch"));
            assert.throws(() => new BatchInference("bad", { ...happyArgs(), instanceType: "ml.trn1.2xlarge" }), /"BatchInference\.instanceType"/);
            await settle();
            assert.deepStrictEqual(
                mocks.resources.filter((r) => r.type.startsWith("aws:")),
                [],
            );
        });
    });
});
