import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { MlWorkflow, MlWorkflowArgs, validateMlWorkflowArgs } from "../../components/workflow";
import { mocks, parseJson, settle, statement, statements, useMocks, valueOf } from "../helpers/pulumi";
import { denyingSids } from "../sagemaker/iamEval";
import { assertWellFormed } from "../helpers/asl";

const ACCOUNT = "111122223333";
const ML_KEY = "arn:aws:kms:us-east-1:111122223333:key/11111111-2222-4333-a444-555555555555";
const LOGS_KEY = "arn:aws:kms:us-east-1:111122223333:key/99999999-8888-4777-a666-555555555555";
const PIPELINE_ARN = `arn:aws:sagemaker:us-east-1:${ACCOUNT}:pipeline/churn`;
const GROUP_ARN = `arn:aws:sagemaker:us-east-1:${ACCOUNT}:model-package-group/churn-models`;
const MODEL_ROLE = `arn:aws:iam::${ACCOUNT}:role/churn-endpoint-exec`;
const BATCH_ARN = `arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:churn-batch`;

function happyArgs(): MlWorkflowArgs {
    return {
        glueJobName: "lake-raw-to-processed",
        pipelineName: "churn",
        pipelineArn: PIPELINE_ARN,
        modelPackageGroupArn: GROUP_ARN,
        endpointName: "Churn-Prod",
        modelExecutionRoleArn: MODEL_ROLE,
        kmsKeyArn: ML_KEY,
        logsKmsKeyArn: LOGS_KEY,
    };
}

const SFN = "aws:sfn/stateMachine:StateMachine";
const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
const ROLE = "aws:iam/role:Role";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const SCHEDULE = "aws:scheduler/schedule:Schedule";

async function build(args: Partial<MlWorkflowArgs> = {}, opts?: pulumi.ComponentResourceOptions) {
    const w = new MlWorkflow("ml-workflow", { ...happyArgs(), ...args }, opts);
    await settle();
    return w;
}

function definition(): any {
    return parseJson(mocks.get(SFN, "ml-workflow-state-machine").inputs.definition);
}

describe("MlWorkflow", () => {
    beforeEach(() => useMocks());

    describe("definition", () => {
        it("is JSONata ASL whose transitions all lead to existing states, every state reachable", async () => {
            await build();
            const d = definition();
            assert.strictEqual(d.QueryLanguage, "JSONata");
            assert.strictEqual(d.StartAt, "RunEtl");
            assert.strictEqual(d.TimeoutSeconds, 604800);
            assertWellFormed(d);
        });

        it("runs the Glue job synchronously, then starts the pipeline through the SDK integration", async () => {
            await build();
            const { States } = definition();
            assert.strictEqual(States.RunEtl.Resource, "arn:aws:states:::glue:startJobRun.sync");
            assert.deepStrictEqual(States.RunEtl.Arguments, { JobName: "lake-raw-to-processed" });
            assert.strictEqual(States.RunEtl.Next, "StartTrainingPipeline");
            assert.deepStrictEqual(
                States.RunEtl.Catch.map((c: any) => c.Next),
                ["EtlFailed"],
            );
            assert.strictEqual(States.StartTrainingPipeline.Resource, "arn:aws:states:::aws-sdk:sagemaker:startPipelineExecution");
            assert.strictEqual(States.StartTrainingPipeline.Arguments.PipelineName, "churn");
            assert.deepStrictEqual(States.StartTrainingPipeline.Assign, { pipelineExecutionArn: "{% $states.result.PipelineExecutionArn %}" });
        });

        it("polls the pipeline execution: wait, describe, and route on its status", async () => {
            await build({ pollIntervalSeconds: 120 });
            const { States } = definition();
            assert.deepStrictEqual(States.WaitForPipeline, { Type: "Wait", Seconds: 120, Next: "DescribePipelineExecution" });
            assert.strictEqual(States.DescribePipelineExecution.Resource, "arn:aws:states:::aws-sdk:sagemaker:describePipelineExecution");
            assert.deepStrictEqual(States.DescribePipelineExecution.Arguments, { PipelineExecutionArn: "{% $pipelineExecutionArn %}" });
            assert.strictEqual(States.DescribePipelineExecution.Next, "PipelineFinished");
            const choice = States.PipelineFinished;
            assert.strictEqual(choice.Type, "Choice");
            assert.deepStrictEqual(choice.Choices, [
                { Condition: "{% $pipelineStatus = 'Succeeded' %}", Next: "FindRegisteredModel" },
                { Condition: "{% $pipelineStatus in ['Failed', 'Stopped'] %}", Next: "PipelineFailed" },
            ]);
            assert.strictEqual(choice.Default, "WaitForPipeline", "still executing: loop");
        });

        it("takes the model version this execution registered and waits for a person to approve it", async () => {
            await build({ registerStepName: "Register", approvalPollIntervalSeconds: 3600 });
            const { States } = definition();
            assert.strictEqual(States.FindRegisteredModel.Resource, "arn:aws:states:::aws-sdk:sagemaker:listPipelineExecutionSteps");
            assert.match(
                States.FindRegisteredModel.Assign.modelPackageArns,
                /StepName = 'Register' and StepStatus = 'Succeeded'\]\.Metadata\.RegisterModel\.Arn/,
            );
            assert.strictEqual(States.CheckApproval.Resource, "arn:aws:states:::aws-sdk:sagemaker:describeModelPackage");
            assert.deepStrictEqual(States.ApprovalDecided.Choices, [
                { Condition: "{% $approvalStatus = 'Approved' %}", Next: "DescribeLiveEndpoint" },
                { Condition: "{% $approvalStatus = 'Rejected' %}", Next: "ModelRejected" },
            ]);
            assert.strictEqual(States.ApprovalDecided.Default, "WaitForApproval");
            assert.deepStrictEqual(States.WaitForApproval, { Type: "Wait", Seconds: 3600, Next: "CheckApproval" });
            assert.strictEqual(States.ModelRejected.Type, "Succeed");
        });

        it("deploys the approved version by cloning the live configuration with the new model, keeping the deployment policy", async () => {
            await build({ deploymentNamePrefix: "churn" });
            const { States } = definition();
            const create = States.CreateModel;
            assert.strictEqual(create.Resource, "arn:aws:states:::aws-sdk:sagemaker:createModel");
            assert.deepStrictEqual(create.Arguments.PrimaryContainer, { ModelPackageName: "{% $modelPackageArns[0] %}" });
            assert.strictEqual(create.Arguments.EnableNetworkIsolation, true);
            assert.strictEqual(create.Arguments.VpcConfig, "{% $liveModel.VpcConfig %}");
            assert.ok(!("Tags" in create.Arguments), "no tags asked for, none injected");
            assert.match(States.DescribeLiveEndpoint.Assign.deploymentName, /^\{% 'churn-v' & /);
            const config = States.CreateEndpointConfig;
            assert.strictEqual(config.Resource, "arn:aws:states:::aws-sdk:sagemaker:createEndpointConfig");
            assert.match(config.Arguments, /\$sift\(\$liveConfig, .*'DataCaptureConfig', 'KmsKeyId'/);
            assert.match(config.Arguments, /\$liveConfig\.ProductionVariants\.\$merge\(\[\$, \{'ModelName': \$deploymentName\}\]\)/);
            const update = States.UpdateEndpoint;
            assert.strictEqual(update.Resource, "arn:aws:states:::aws-sdk:sagemaker:updateEndpoint");
            assert.deepStrictEqual(update.Arguments, {
                EndpointName: "Churn-Prod",
                EndpointConfigName: "{% $deploymentName %}",
                RetainAllVariantProperties: true,
                RetainDeploymentConfig: true,
            });
            assert.deepStrictEqual(States.DeploymentFinished.Choices[0], {
                Condition: "{% $endpointStatus = 'InService' and $servingConfigName = $deploymentName %}",
                Next: "Deployed",
            });
            assert.strictEqual(States.DeploymentFinished.Choices[1].Next, "DeploymentFailed", "back in service on the old config: rolled back");
        });

        it("runs no batch inference unless a batch state machine is given", async () => {
            await build();
            const { States } = definition();
            assert.strictEqual(States.RunBatchInference, undefined);
            assert.ok(!statements(mocks.get(ROLE_POLICY, "ml-workflow-role")).some((st) => String(st.Sid).includes("BatchInference")));
        });

        it("scores the batch dataset with the deployed version, waiting for the batch state machine, whose failure fails the run", async () => {
            await build({ batchInferenceStateMachineArn: BATCH_ARN });
            const d = definition();
            assertWellFormed(d);
            const { States } = d;
            assert.strictEqual(States.DeploymentFinished.Choices[0].Next, "RunBatchInference");
            const run = States.RunBatchInference;
            assert.strictEqual(run.Resource, "arn:aws:states:::states:startExecution.sync:2");
            assert.deepStrictEqual(run.Arguments, {
                StateMachineArn: BATCH_ARN,
                Input: { modelPackageArn: "{% $modelPackageArns[0] %}", AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID: "{% $states.context.Execution.Id %}" },
            });
            assert.strictEqual(run.Next, "Deployed");
            assert.deepStrictEqual(
                run.Catch.map((c: any) => c.Next),
                ["BatchInferenceFailed"],
            );
            assert.strictEqual(States.BatchInferenceFailed.Type, "Fail");
            assert.strictEqual(States.Deployed.Output.batchInferenceExecutionArn, "{% $batchExecutionArn %}");
        });

        it("may start only the batch state machine and watch only its executions", async () => {
            await build({ batchInferenceStateMachineArn: BATCH_ARN });
            const stmts = statements(mocks.get(ROLE_POLICY, "ml-workflow-role"));
            assert.deepStrictEqual(statement(stmts, "StartBatchInference"), {
                Sid: "StartBatchInference",
                Effect: "Allow",
                Action: "states:StartExecution",
                Resource: BATCH_ARN,
            });
            assert.strictEqual(statement(stmts, "WatchBatchInference").Resource, `arn:aws:states:us-east-1:${ACCOUNT}:execution:churn-batch:*`);
            assert.deepStrictEqual(statement(stmts, "WaitForBatchInference").Resource, [
                `arn:aws:events:us-east-1:${ACCOUNT}:rule/StepFunctionsGetEventsForStepFunctionsExecutionRule`,
            ]);
        });

        it("tags the models and configurations it creates with the component's tags", async () => {
            await build({ tags: { project: "ml-platform" } });
            const { States } = definition();
            assert.deepStrictEqual(States.CreateModel.Arguments.Tags, [{ Key: "project", Value: "ml-platform" }]);
            assert.match(States.CreateEndpointConfig.Arguments, /'Tags': \[\{"Key":"project","Value":"ml-platform"\}\]/);
        });
    });

    it("logs everything with execution data to an encrypted log group, traces, and encrypts with the customer key", async () => {
        const w = await build({ logRetentionDays: 731 });
        const sm = mocks.get(SFN, "ml-workflow-state-machine").inputs;
        const lg = mocks.get(LOG_GROUP, "ml-workflow-executions");
        assert.strictEqual(sm.name, "ml-workflow");
        assert.strictEqual(sm.type, "STANDARD");
        assert.deepStrictEqual(sm.loggingConfiguration, { level: "ALL", includeExecutionData: true, logDestination: `${lg.outputs.arn}:*` });
        assert.deepStrictEqual(sm.tracingConfiguration, { enabled: true });
        assert.deepStrictEqual(sm.encryptionConfiguration, { type: "CUSTOMER_MANAGED_KMS_KEY", kmsKeyId: ML_KEY, kmsDataKeyReusePeriodSeconds: 300 });
        assert.strictEqual(sm.roleArn, mocks.get(ROLE, "ml-workflow-role").outputs.arn);
        assert.strictEqual(lg.inputs.name, "/aws/vendedlogs/states/ml-workflow");
        assert.strictEqual(lg.inputs.kmsKeyId, LOGS_KEY);
        assert.strictEqual(lg.inputs.retentionInDays, 731);
        assert.strictEqual(await valueOf(w.definition), sm.definition);
    });

    it("keeps execution logs for a year by default", async () => {
        await build();
        assert.strictEqual(mocks.get(LOG_GROUP, "ml-workflow-executions").inputs.retentionInDays, 365);
    });

    describe("role", () => {
        function policy(): any[] {
            return statements(mocks.get(ROLE_POLICY, "ml-workflow-role"));
        }

        it("is assumable only by Step Functions for this state machine in this account", async () => {
            await build();
            const smArn = mocks.get(SFN, "ml-workflow-state-machine").outputs.arn;
            const [trust] = statements(mocks.get(ROLE, "ml-workflow-role"), "assumeRolePolicy");
            assert.deepStrictEqual(trust.Principal, { Service: "states.amazonaws.com" });
            assert.deepStrictEqual(trust.Condition, { StringEquals: { "aws:SourceAccount": ACCOUNT }, ArnLike: { "aws:SourceArn": smArn } });
            assert.deepStrictEqual(statement(policy(), "EncryptOwnExecutionData").Condition, {
                StringEquals: { "kms:EncryptionContext:aws:states:stateMachineArn": smArn },
            });
        });

        it("allows every SDK call the definition makes, on exactly the orchestrated resources", async () => {
            await build();
            const stmts = policy();
            const allowed = new Set(stmts.filter((s) => s.Effect === "Allow").flatMap((s) => [s.Action].flat()));
            const sdkCalls = Object.values<any>(definition().States)
                .filter((s) => s.Type === "Task" && s.Resource.includes(":aws-sdk:"))
                .map((s) => {
                    const [service, action] = s.Resource.split(":aws-sdk:")[1].split(":");
                    return `${service}:${action[0].toUpperCase()}${action.slice(1)}`;
                });
            assert.ok(sdkCalls.length >= 9);
            for (const call of sdkCalls) {
                assert.ok(allowed.has(call), `${call} is used but not allowed`);
            }
            assert.strictEqual(statement(stmts, "RunEtlJob").Resource, `arn:aws:glue:us-east-1:${ACCOUNT}:job/lake-raw-to-processed`);
            assert.deepStrictEqual(statement(stmts, "RunEtlJob").Action, ["glue:StartJobRun", "glue:GetJobRun", "glue:GetJobRuns", "glue:BatchStopJobRun"]);
            assert.strictEqual(statement(stmts, "StartTrainingPipeline").Resource, PIPELINE_ARN);
            assert.strictEqual(statement(stmts, "WatchPipelineExecutions").Resource, `${PIPELINE_ARN}/execution/*`);
            assert.strictEqual(statement(stmts, "ReadRegisteredModels").Resource, `arn:aws:sagemaker:us-east-1:${ACCOUNT}:model-package/churn-models/*`);
            assert.deepStrictEqual(statement(stmts, "UpdateEndpoint").Resource, [
                `arn:aws:sagemaker:us-east-1:${ACCOUNT}:endpoint/Churn-Prod`,
                `arn:aws:sagemaker:us-east-1:${ACCOUNT}:endpoint/churn-prod`,
                `arn:aws:sagemaker:us-east-1:${ACCOUNT}:endpoint-config/ml-workflow-*`,
            ]);
            assert.deepStrictEqual(statement(stmts, "CreateDeploymentResources").Resource, [
                `arn:aws:sagemaker:us-east-1:${ACCOUNT}:model/ml-workflow-*`,
                `arn:aws:sagemaker:us-east-1:${ACCOUNT}:endpoint-config/ml-workflow-*`,
            ]);
            const pass = statement(stmts, "PassModelRoleToSageMaker");
            assert.strictEqual(pass.Resource, MODEL_ROLE);
            assert.deepStrictEqual(pass.Condition, { StringEquals: { "iam:PassedToService": "sagemaker.amazonaws.com" } });
            assert.deepStrictEqual(statement(stmts, "GrantEndpointKeysToSageMaker").Resource, [ML_KEY]);
        });

        it("can deliver logs and traces, which have no resource-level permissions", async () => {
            await build();
            const stmts = policy();
            const logs = statement(stmts, "DeliverExecutionLogs");
            assert.strictEqual(logs.Resource, "*");
            for (const a of [
                "logs:CreateLogDelivery",
                "logs:GetLogDelivery",
                "logs:UpdateLogDelivery",
                "logs:DeleteLogDelivery",
                "logs:ListLogDeliveries",
                "logs:PutResourcePolicy",
                "logs:DescribeResourcePolicies",
                "logs:DescribeLogGroups",
            ]) {
                assert.ok(logs.Action.includes(a), a);
            }
            assert.deepStrictEqual(statement(stmts, "XRayTracing").Action, [
                "xray:PutTraceSegments",
                "xray:PutTelemetryRecords",
                "xray:GetSamplingRules",
                "xray:GetSamplingTargets",
            ]);
            const starred = stmts.filter((s) => s.Effect === "Allow" && [s.Resource].flat().includes("*")).map((s) => s.Sid);
            assert.deepStrictEqual(starred.sort(), ["DeliverExecutionLogs", "XRayTracing"]);
        });

        it("denies creating a model outside the VPC or an EBS-backed configuration without a key", async () => {
            await build();
            const stmts = policy();
            assert.deepStrictEqual(denyingSids(stmts, "sagemaker:CreateModel", { "sagemaker:VpcSecurityGroupIds": ["sg-1"] }), ["DenyWithoutVpcSubnets"]);
            assert.deepStrictEqual(
                denyingSids(stmts, "sagemaker:CreateModel", { "sagemaker:VpcSubnets": ["subnet-1"], "sagemaker:VpcSecurityGroupIds": ["sg-1"] }),
                [],
            );
            assert.deepStrictEqual(denyingSids(stmts, "sagemaker:CreateEndpointConfig", { "sagemaker:InstanceTypes": ["ml.inf2.xlarge"] }), [
                "DenyEbsBackedWithoutVolumeKmsKey",
            ]);
            assert.deepStrictEqual(
                denyingSids(stmts, "sagemaker:CreateEndpointConfig", { "sagemaker:InstanceTypes": ["ml.inf2.xlarge"], "sagemaker:VolumeKmsKey": ML_KEY }),
                [],
            );
            const denied = new Set(stmts.filter((s) => s.Effect === "Deny").flatMap((s) => s.Action));
            assert.deepStrictEqual([...denied].sort(), ["sagemaker:CreateEndpointConfig", "sagemaker:CreateModel"]);
        });
    });

    describe("schedule", () => {
        it("has none unless asked", async () => {
            const w = await build();
            assert.deepStrictEqual(mocks.ofType(SCHEDULE), []);
            assert.strictEqual(await valueOf(w.scheduleArn), undefined);
        });

        it("starts the state machine with a role only EventBridge Scheduler in this account may assume", async () => {
            await build({ schedule: { expression: "cron(0 3 ? * SUN *)", timezone: "Europe/Berlin" } });
            const smArn = mocks.get(SFN, "ml-workflow-state-machine").outputs.arn;
            const schedule = mocks.get(SCHEDULE, "ml-workflow-schedule").inputs;
            const role = mocks.get(ROLE, "ml-workflow-scheduler");
            assert.strictEqual(schedule.scheduleExpression, "cron(0 3 ? * SUN *)");
            assert.strictEqual(schedule.scheduleExpressionTimezone, "Europe/Berlin");
            assert.strictEqual(schedule.state, "ENABLED");
            assert.deepStrictEqual(schedule.flexibleTimeWindow, { mode: "OFF" });
            assert.strictEqual(schedule.target.arn, smArn);
            assert.strictEqual(schedule.target.roleArn, role.outputs.arn);
            const [trust] = statements(role, "assumeRolePolicy");
            assert.deepStrictEqual(trust.Principal, { Service: "scheduler.amazonaws.com" });
            assert.deepStrictEqual(trust.Condition, { StringEquals: { "aws:SourceAccount": ACCOUNT } });
            const [start] = statements(mocks.get(ROLE_POLICY, "ml-workflow-scheduler"));
            assert.deepStrictEqual(start, { Sid: "StartStateMachine", Effect: "Allow", Action: "states:StartExecution", Resource: smArn });
        });

        it("can be kept but disabled", async () => {
            await build({ schedule: { expression: "rate(7 days)", enabled: false } });
            assert.strictEqual(mocks.get(SCHEDULE, "ml-workflow-schedule").inputs.state, "DISABLED");
        });
    });

    it("protects and retains the execution log group by default, and not when protect is false", async () => {
        const seen: Record<string, { protect?: boolean; retainOnDelete?: boolean }> = {};
        const record: pulumi.ResourceTransformation = (a) => {
            seen[a.name] = { protect: a.opts.protect, retainOnDelete: a.opts.retainOnDelete };
            return undefined;
        };
        await build({}, { transformations: [record] });
        assert.deepStrictEqual(seen["ml-workflow-executions"], { protect: true, retainOnDelete: true });
        useMocks();
        await build({ protect: false }, { transformations: [record] });
        assert.deepStrictEqual(seen["ml-workflow-executions"], { protect: false, retainOnDelete: false });
    });

    it("tags every taggable child", async () => {
        const tags = { project: "ml-platform" };
        await build({ tags, schedule: { expression: "rate(1 day)" } });
        for (const r of [...mocks.ofType(SFN), ...mocks.ofType(LOG_GROUP), ...mocks.ofType(ROLE)]) {
            assert.deepStrictEqual(r.inputs.tags, tags, r.name);
        }
    });

    describe("validation", () => {
        const cases: [string, Partial<MlWorkflowArgs>, RegExp][] = [
            [
                "a bad state machine name",
                { stateMachineName: "ml workflow" },
                /"MlWorkflow\.stateMachineName": expected 1 to 80 letters, digits, hyphens and underscores/,
            ],
            [
                "an upper-case deployment prefix",
                { deploymentNamePrefix: "Churn" },
                /"MlWorkflow\.deploymentNamePrefix": expected 1 to 30 lower-case letters, digits and single hyphens/,
            ],
            ["no Glue job", { glueJobName: "" }, /"MlWorkflow\.glueJobName": expected the name of the Glue ETL job/],
            [
                "a pipeline ARN of another service",
                { pipelineArn: "arn:aws:states:us-east-1:111122223333:stateMachine:x" },
                /"MlWorkflow\.pipelineArn": expected an ARN of the sagemaker service/,
            ],
            ["a bad endpoint name", { endpointName: "churn_prod" }, /"MlWorkflow\.endpointName": expected 1 to 63 letters, digits and hyphens/],
            [
                "a model role that is not an IAM ARN",
                { modelExecutionRoleArn: "churn-exec" },
                /"MlWorkflow\.modelExecutionRoleArn": expected an ARN of the iam service/,
            ],
            [
                "a batch state machine ARN of another service",
                { batchInferenceStateMachineArn: PIPELINE_ARN },
                /"MlWorkflow\.batchInferenceStateMachineArn": expected an ARN of the states service/,
            ],
            ["a state machine key that is not a KMS ARN", { kmsKeyArn: "alias/ml" }, /"MlWorkflow\.kmsKeyArn": expected an ARN of the kms service/],
            [
                "a log retention CloudWatch rejects",
                { logRetentionDays: 100 },
                /"MlWorkflow\.logRetentionDays": expected one of CloudWatch Logs' retention periods/,
            ],
            ["a poll interval too short", { pollIntervalSeconds: 1 }, /"MlWorkflow\.pollIntervalSeconds": expected an integer between 10 and 3600/],
            ["a timeout over a year", { timeoutSeconds: 31536001 }, /"MlWorkflow\.timeoutSeconds": expected an integer between 3600 and 31536000/],
            [
                "a malformed schedule",
                { schedule: { expression: "every sunday" } },
                /"MlWorkflow\.schedule\.expression": expected an EventBridge Scheduler expression/,
            ],
        ];
        for (const [what, change, message] of cases) {
            it(`rejects ${what}`, () => {
                assert.throws(() => validateMlWorkflowArgs({ ...happyArgs(), ...change }, "ml-workflow"), message);
            });
        }

        it("accepts the happy path and creates nothing when the arguments are wrong", async () => {
            assert.doesNotThrow(() => validateMlWorkflowArgs(happyArgs(), "ml-workflow"));
            assert.throws(() => new MlWorkflow("bad", { ...happyArgs(), kmsKeyArn: "alias/ml" }));
            await settle();
            assert.deepStrictEqual(
                mocks.resources.filter((r) => r.type.startsWith("aws:")),
                [],
            );
        });
    });
});
