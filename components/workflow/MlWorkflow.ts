import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
    ArnContext,
    arnContext,
    checkArn,
    checkInteger,
    checkLogRetentionDays,
    checkRequired,
    checkSageMakerName,
    dataOptions,
    PolicyDocument,
    PolicyStatement,
    policyDocument,
    sagemakerGuardrailStatements,
    toJson,
    ValidationError,
} from "../lib";
import { AslValue, jsonata, optimizedIntegration, Retrier, sdkIntegration, StateMachineDefinition, serializeStateMachine, TaskState } from "./asl";

/** An EventBridge Scheduler schedule that starts the workflow. */
export interface MlWorkflowScheduleArgs {
    /** `rate(7 days)`, `cron(0 3 ? * SUN *)` or `at(2030-01-01T00:00:00)`. */
    expression: string;
    /**
     * IANA time zone the expression is evaluated in.
     * @default "UTC"
     */
    timezone?: string;
    /**
     * Whether the schedule fires; a disabled schedule is kept but starts nothing.
     * @default true
     */
    enabled?: boolean;
}

/** Arguments of {@link MlWorkflow}. */
export interface MlWorkflowArgs {
    /**
     * State machine name (letters, digits, `-` and `_`, up to 80). It is fixed, not generated, because the
     * role's trust and key permissions name the state machine's ARN before it exists.
     * @default the component name
     */
    stateMachineName?: string;
    /** Glue ETL job run first (raw → processed); the role may start and watch this job only. */
    glueJobName: pulumi.Input<string>;
    /** Name of the SageMaker pipeline run after the ETL. */
    pipelineName: pulumi.Input<string>;
    /** ARN of that pipeline; the role may start and read executions of this pipeline only. */
    pipelineArn: pulumi.Input<string>;
    /** ARN of the model package group the pipeline registers into; the role may only read its versions. */
    modelPackageGroupArn: pulumi.Input<string>;
    /**
     * Name of the pipeline step that registers the model; the workflow reads the new version's ARN from it.
     * @default "RegisterModel" (TrainingPipeline's)
     */
    registerStepName?: string;
    /** Name of the endpoint updated once the registered version is approved. */
    endpointName: pulumi.Input<string>;
    /**
     * Execution role of the endpoint's model. The workflow creates the new model with the live model's role and
     * may pass only this one, so a tampered live model can't make it hand out another role.
     */
    modelExecutionRoleArn: pulumi.Input<string>;
    /**
     * KMS keys of the endpoint configuration (storage volume, data capture). Deploying a configuration creates
     * grants on them with the workflow's permissions.
     * @default [kmsKeyArn]
     */
    endpointKmsKeyArns?: pulumi.Input<string>[];
    /**
     * Customer-managed KMS key encrypting the state machine's definition and execution history (which can carry
     * data identifiers), usable by the role only for this state machine.
     */
    kmsKeyArn: pulumi.Input<string>;
    /** KMS key of the execution log group (the logs key). */
    logsKmsKeyArn: pulumi.Input<string>;
    /**
     * Days the execution log (level ALL, with execution data) is kept.
     * @default 365
     */
    logRetentionDays?: number;
    /**
     * Seconds between checks of the pipeline execution and of the endpoint update (10 to 3600).
     * @default 300
     */
    pollIntervalSeconds?: number;
    /**
     * Seconds between checks of the model version's approval (60 to 86400).
     * @default 900
     */
    approvalPollIntervalSeconds?: number;
    /**
     * Seconds after which an execution fails, however far it got (3600 to 31536000). Bounds how long a version
     * may wait for approval.
     * @default 604800 (7 days)
     */
    timeoutSeconds?: number;
    /**
     * Lower-case prefix of the models and endpoint configurations the workflow creates (up to 30 characters); its
     * role may create only names with this prefix.
     * @default the component name, lower-cased
     */
    deploymentNamePrefix?: string;
    /**
     * Start the workflow on a schedule.
     * @default none (started by hand or by another system)
     */
    schedule?: MlWorkflowScheduleArgs;
    /**
     * Protect the execution log group (an audit record) and retain it on delete.
     * @default true
     */
    protect?: boolean;
    /**
     * Tags for every taggable child, and for the models and endpoint configurations the workflow creates.
     * @default {}
     */
    tags?: { [key: string]: string };
}

const C = "MlWorkflow";
const STATE_MACHINE_NAME = /^[A-Za-z0-9_-]{1,80}$/;
const DEPLOYMENT_PREFIX = /^[a-z0-9](-?[a-z0-9]){0,29}$/;
const SCHEDULE_EXPRESSION = /^(rate\(\d+ (minute|minutes|hour|hours|day|days)\)|cron\(\S+( \S+){5}\)|at\(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\))$/;

/** Checks {@link MlWorkflowArgs} before anything is created. */
export function validateMlWorkflowArgs(args: MlWorkflowArgs, name: string): void {
    const smName = args.stateMachineName ?? name;
    if (!STATE_MACHINE_NAME.test(smName)) {
        throw new ValidationError(`${C}.stateMachineName`, "1 to 80 letters, digits, hyphens and underscores", smName);
    }
    const prefix = args.deploymentNamePrefix ?? defaultPrefix(name);
    if (!DEPLOYMENT_PREFIX.test(prefix)) {
        throw new ValidationError(`${C}.deploymentNamePrefix`, "1 to 30 lower-case letters, digits and single hyphens", prefix);
    }
    checkRequired(`${C}.glueJobName`, args.glueJobName, "the name of the Glue ETL job");
    checkRequired(`${C}.pipelineName`, args.pipelineName, "the name of the SageMaker pipeline");
    checkSageMakerName(`${C}.pipelineName`, args.pipelineName);
    checkRequired(`${C}.pipelineArn`, args.pipelineArn, "the ARN of the SageMaker pipeline");
    checkArn(`${C}.pipelineArn`, args.pipelineArn, "sagemaker");
    checkRequired(`${C}.modelPackageGroupArn`, args.modelPackageGroupArn, "the ARN of the model package group");
    checkArn(`${C}.modelPackageGroupArn`, args.modelPackageGroupArn, "sagemaker");
    checkRequired(`${C}.endpointName`, args.endpointName, "the name of the endpoint to update");
    checkSageMakerName(`${C}.endpointName`, args.endpointName);
    checkRequired(`${C}.modelExecutionRoleArn`, args.modelExecutionRoleArn, "the ARN of the endpoint model's execution role");
    checkArn(`${C}.modelExecutionRoleArn`, args.modelExecutionRoleArn, "iam");
    checkRequired(`${C}.kmsKeyArn`, args.kmsKeyArn, "the ARN of the state machine's KMS key");
    checkArn(`${C}.kmsKeyArn`, args.kmsKeyArn, "kms");
    checkRequired(`${C}.logsKmsKeyArn`, args.logsKmsKeyArn, "the ARN of the log group's KMS key");
    checkArn(`${C}.logsKmsKeyArn`, args.logsKmsKeyArn, "kms");
    (args.endpointKmsKeyArns ?? []).forEach((k, i) => checkArn(`${C}.endpointKmsKeyArns[${i}]`, k, "kms"));
    if (args.registerStepName !== undefined && !/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(args.registerStepName)) {
        throw new ValidationError(`${C}.registerStepName`, "the name of a pipeline step (letters, digits, - and _)", args.registerStepName);
    }
    checkLogRetentionDays(`${C}.logRetentionDays`, args.logRetentionDays, 1);
    checkInteger(`${C}.pollIntervalSeconds`, args.pollIntervalSeconds, 10, 3600);
    checkInteger(`${C}.approvalPollIntervalSeconds`, args.approvalPollIntervalSeconds, 60, 86400);
    checkInteger(`${C}.timeoutSeconds`, args.timeoutSeconds, 3600, 31536000);
    if (args.schedule !== undefined) {
        checkRequired(`${C}.schedule.expression`, args.schedule.expression, "a schedule expression");
        if (!SCHEDULE_EXPRESSION.test(args.schedule.expression)) {
            throw new ValidationError(
                `${C}.schedule.expression`,
                'an EventBridge Scheduler expression: "rate(7 days)", "cron(0 3 ? * SUN *)" or "at(2030-01-01T00:00:00)"',
                args.schedule.expression,
            );
        }
    }
}

function defaultPrefix(name: string): string {
    return name
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/^-+/, "")
        .slice(0, 30)
        .replace(/-+$/, "");
}

/** Everything the definition needs, resolved. */
export interface WorkflowDefinitionInputs {
    partition: string;
    glueJobName: string;
    pipelineName: string;
    registerStepName: string;
    endpointName: string;
    deploymentNamePrefix: string;
    pollIntervalSeconds: number;
    approvalPollIntervalSeconds: number;
    timeoutSeconds: number;
    tags: { [key: string]: string };
}

/** Retries for read-only calls: safe to repeat on any failure. */
const READ_RETRY: Retrier[] = [{ ErrorEquals: ["States.TaskFailed"], IntervalSeconds: 15, MaxAttempts: 3, BackoffRate: 2 }];

/**
 * The workflow: Glue ETL → start the training pipeline → poll until it ends → find the model version this
 * execution registered → poll until a person approves or rejects it → on approval, deploy it to the endpoint.
 *
 * Deployment derives the new endpoint configuration from the live one instead of taking a configuration name
 * from outside. A configuration can only reference a model that exists, and the model for this version exists
 * only once the version is approved; so the workflow creates the model from the approved model package (with the
 * live model's role and VPC, network-isolated), copies the live configuration with only `ModelName` swapped in
 * each production variant (keeping instance types, KMS key and data capture exactly as the inference component
 * set them), and updates the endpoint with `RetainAllVariantProperties` (autoscaled instance counts survive) and
 * `RetainDeploymentConfig` (the blue/green policy and rollback alarms apply). It then polls the endpoint: an
 * endpoint back `InService` on the old configuration means the alarms rolled the deployment back.
 */
export function buildWorkflowDefinition(i: WorkflowDefinitionInputs): StateMachineDefinition {
    const sm = (action: string) => sdkIntegration(i.partition, "sagemaker", action);
    const tagList: { [key: string]: AslValue }[] = Object.entries(i.tags).map(([Key, Value]) => ({ Key, Value }));
    const withTags: { [key: string]: AslValue } = tagList.length > 0 ? { Tags: tagList } : {};
    // A JSON array is also a JSONata array constructor.
    const tagsExpression = tagList.length > 0 ? `, 'Tags': ${JSON.stringify(tagList)}` : "";
    // A read-only SageMaker call whose result lands in variables; safe to retry on any failure.
    const read = (action: string, args: { [key: string]: AslValue }, assign: { [variable: string]: AslValue }, next: string, comment?: string): TaskState => ({
        Type: "Task",
        ...(comment === undefined ? {} : { Comment: comment }),
        Resource: sm(action),
        Arguments: args,
        Assign: assign,
        Retry: READ_RETRY,
        Next: next,
    });
    // A deployment call: any failure ends the run in DeploymentFailed, with the error kept as its cause.
    const deploy = (action: string, args: TaskState["Arguments"], next: string, comment?: string): TaskState => ({
        Type: "Task",
        ...(comment === undefined ? {} : { Comment: comment }),
        Resource: sm(action),
        Arguments: args,
        Catch: [{ ErrorEquals: ["States.ALL"], Next: "DeploymentFailed", Assign: { failure: jsonata("$states.errorOutput") } }],
        Next: next,
    });
    return {
        Comment: "ETL, training pipeline, approval gate and endpoint deployment",
        QueryLanguage: "JSONata",
        StartAt: "RunEtl",
        TimeoutSeconds: i.timeoutSeconds,
        States: {
            RunEtl: {
                Type: "Task",
                Comment: "Runs the Glue job and waits for it to finish (.sync)",
                Resource: optimizedIntegration(i.partition, "glue", "startJobRun.sync"),
                Arguments: { JobName: i.glueJobName },
                Retry: [{ ErrorEquals: ["Glue.ConcurrentRunsExceededException"], IntervalSeconds: 60, MaxAttempts: 5, BackoffRate: 2 }],
                Catch: [{ ErrorEquals: ["States.ALL"], Next: "EtlFailed", Output: jsonata("$states.errorOutput") }],
                Next: "StartTrainingPipeline",
            },
            StartTrainingPipeline: {
                Type: "Task",
                Resource: sm("startPipelineExecution"),
                Arguments: {
                    PipelineName: i.pipelineName,
                    PipelineExecutionDescription: jsonata("'Started by ' & $states.context.Execution.Id"),
                },
                Assign: { pipelineExecutionArn: jsonata("$states.result.PipelineExecutionArn") },
                Next: "WaitForPipeline",
            },
            WaitForPipeline: { Type: "Wait", Seconds: i.pollIntervalSeconds, Next: "DescribePipelineExecution" },
            DescribePipelineExecution: read(
                "describePipelineExecution",
                { PipelineExecutionArn: jsonata("$pipelineExecutionArn") },
                { pipelineStatus: jsonata("$states.result.PipelineExecutionStatus") },
                "PipelineFinished",
            ),
            PipelineFinished: {
                Type: "Choice",
                Choices: [
                    { Condition: jsonata("$pipelineStatus = 'Succeeded'"), Next: "FindRegisteredModel" },
                    { Condition: jsonata("$pipelineStatus in ['Failed', 'Stopped']"), Next: "PipelineFailed" },
                ],
                Default: "WaitForPipeline",
            },
            FindRegisteredModel: read(
                "listPipelineExecutionSteps",
                { PipelineExecutionArn: jsonata("$pipelineExecutionArn"), MaxResults: 100 },
                {
                    modelPackageArns: jsonata(
                        `[$states.result.PipelineExecutionSteps[StepName = '${i.registerStepName}' and StepStatus = 'Succeeded'].Metadata.RegisterModel.Arn]`,
                    ),
                },
                "ModelRegistered",
                "The version this execution registered, never merely the latest in the group",
            ),
            ModelRegistered: {
                Type: "Choice",
                Choices: [{ Condition: jsonata("$count($modelPackageArns) = 1"), Next: "CheckApproval" }],
                Default: "NoModelRegistered",
            },
            CheckApproval: read(
                "describeModelPackage",
                { ModelPackageName: jsonata("$modelPackageArns[0]") },
                { approvalStatus: jsonata("$states.result.ModelApprovalStatus") },
                "ApprovalDecided",
            ),
            ApprovalDecided: {
                Type: "Choice",
                Choices: [
                    { Condition: jsonata("$approvalStatus = 'Approved'"), Next: "DescribeLiveEndpoint" },
                    { Condition: jsonata("$approvalStatus = 'Rejected'"), Next: "ModelRejected" },
                ],
                Default: "WaitForApproval",
            },
            WaitForApproval: { Type: "Wait", Seconds: i.approvalPollIntervalSeconds, Next: "CheckApproval" },
            ModelRejected: {
                Type: "Succeed",
                Output: { outcome: "rejected", modelPackageArn: jsonata("$modelPackageArns[0]") },
            },
            DescribeLiveEndpoint: read(
                "describeEndpoint",
                { EndpointName: i.endpointName },
                {
                    liveConfigName: jsonata("$states.result.EndpointConfigName"),
                    // <prefix>-v<version>-<epoch ms>: unique, valid as a model and configuration name.
                    deploymentName: jsonata(`'${i.deploymentNamePrefix}-v' & $split($modelPackageArns[0], '/')[-1] & '-' & $string($millis())`),
                },
                "DescribeLiveConfig",
            ),
            DescribeLiveConfig: read(
                "describeEndpointConfig",
                { EndpointConfigName: jsonata("$liveConfigName") },
                { liveConfig: jsonata("$states.result") },
                "DescribeLiveModel",
            ),
            DescribeLiveModel: read(
                "describeModel",
                { ModelName: jsonata("$liveConfig.ProductionVariants[0].ModelName") },
                { liveModel: jsonata("$states.result") },
                "CreateModel",
            ),
            CreateModel: deploy(
                "createModel",
                {
                    ModelName: jsonata("$deploymentName"),
                    PrimaryContainer: { ModelPackageName: jsonata("$modelPackageArns[0]") },
                    ExecutionRoleArn: jsonata("$liveModel.ExecutionRoleArn"),
                    VpcConfig: jsonata("$liveModel.VpcConfig"),
                    EnableNetworkIsolation: true,
                    ...withTags,
                },
                "CreateEndpointConfig",
            ),
            CreateEndpointConfig: deploy(
                "createEndpointConfig",
                jsonata(
                    "$merge([" +
                        "$sift($liveConfig, function($v, $k) { $k in ['DataCaptureConfig', 'KmsKeyId', 'AsyncInferenceConfig', 'ShadowProductionVariants'] }), " +
                        "{'EndpointConfigName': $deploymentName, " +
                        "'ProductionVariants': [$liveConfig.ProductionVariants.$merge([$, {'ModelName': $deploymentName}])]" +
                        `${tagsExpression}}` +
                        "])",
                ),
                "UpdateEndpoint",
                "A copy of the live configuration with only the model swapped",
            ),
            UpdateEndpoint: deploy(
                "updateEndpoint",
                {
                    EndpointName: i.endpointName,
                    EndpointConfigName: jsonata("$deploymentName"),
                    RetainAllVariantProperties: true,
                    RetainDeploymentConfig: true,
                },
                "WaitForDeployment",
            ),
            WaitForDeployment: { Type: "Wait", Seconds: i.pollIntervalSeconds, Next: "DescribeUpdatedEndpoint" },
            DescribeUpdatedEndpoint: read(
                "describeEndpoint",
                { EndpointName: i.endpointName },
                {
                    endpointStatus: jsonata("$states.result.EndpointStatus"),
                    servingConfigName: jsonata("$states.result.EndpointConfigName"),
                    failure: jsonata("$states.result.FailureReason ? $states.result.FailureReason : 'rolled back'"),
                },
                "DeploymentFinished",
            ),
            DeploymentFinished: {
                Type: "Choice",
                Choices: [
                    { Condition: jsonata("$endpointStatus = 'InService' and $servingConfigName = $deploymentName"), Next: "Deployed" },
                    { Condition: jsonata("$endpointStatus in ['InService', 'Failed', 'OutOfService', 'UpdateRollbackFailed']"), Next: "DeploymentFailed" },
                ],
                Default: "WaitForDeployment",
            },
            Deployed: {
                Type: "Succeed",
                Output: { outcome: "deployed", modelPackageArn: jsonata("$modelPackageArns[0]"), endpointConfigName: jsonata("$deploymentName") },
            },
            EtlFailed: { Type: "Fail", Error: "EtlFailed", Cause: jsonata("$string($states.input)") },
            PipelineFailed: {
                Type: "Fail",
                Error: "PipelineFailed",
                Cause: jsonata("'Pipeline execution ' & $pipelineExecutionArn & ' ended ' & $pipelineStatus"),
            },
            NoModelRegistered: {
                Type: "Fail",
                Error: "NoModelRegistered",
                Cause: jsonata(`'Pipeline execution ' & $pipelineExecutionArn & ' has no succeeded ${i.registerStepName} step'`),
            },
            DeploymentFailed: { Type: "Fail", Error: "DeploymentFailed", Cause: jsonata("$string($failure)") },
        },
    };
}

/** Inputs of the workflow role's permissions. */
export interface WorkflowRoleInputs {
    ctx: ArnContext;
    stateMachineArn: pulumi.Input<string>;
    glueJobName: pulumi.Input<string>;
    pipelineArn: pulumi.Input<string>;
    modelPackageGroupArn: pulumi.Input<string>;
    endpointName: pulumi.Input<string>;
    modelExecutionRoleArn: pulumi.Input<string>;
    endpointKmsKeyArns: pulumi.Input<string>[];
    kmsKeyArn: pulumi.Input<string>;
    deploymentNamePrefix: string;
}

/** The state machine role's permissions: exactly the calls the definition makes, on exactly its resources. */
export function workflowRoleStatements(i: WorkflowRoleInputs): PolicyStatement[] {
    const { ctx } = i;
    const sm = (resource: pulumi.Input<string>) => pulumi.interpolate`arn:${ctx.partition}:sagemaker:${ctx.region}:${ctx.account}:${resource}`;
    // SageMaker writes most resource names in lower case in ARNs; allow the name as given too.
    const endpointArns = pulumi
        .output(i.endpointName)
        .apply((n) => [...new Set([n, n.toLowerCase()])])
        .apply((names) => pulumi.all(names.map((n) => sm(`endpoint/${n}`))));
    const packages = pulumi.output(i.modelPackageGroupArn).apply((a) => `${a.replace(":model-package-group/", ":model-package/")}/*`);
    const newModels = sm(`model/${i.deploymentNamePrefix}-*`);
    const newConfigs = sm(`endpoint-config/${i.deploymentNamePrefix}-*`);
    return [
        {
            Sid: "RunEtlJob",
            Effect: "Allow",
            Action: ["glue:StartJobRun", "glue:GetJobRun", "glue:GetJobRuns", "glue:BatchStopJobRun"],
            Resource: pulumi.interpolate`arn:${ctx.partition}:glue:${ctx.region}:${ctx.account}:job/${i.glueJobName}`,
        },
        {
            Sid: "StartTrainingPipeline",
            Effect: "Allow",
            Action: "sagemaker:StartPipelineExecution",
            Resource: i.pipelineArn,
        },
        {
            Sid: "WatchPipelineExecutions",
            Effect: "Allow",
            Action: ["sagemaker:DescribePipelineExecution", "sagemaker:ListPipelineExecutionSteps"],
            Resource: pulumi.interpolate`${i.pipelineArn}/execution/*`,
        },
        {
            Sid: "ReadRegisteredModels",
            Effect: "Allow",
            Action: "sagemaker:DescribeModelPackage",
            Resource: packages,
        },
        {
            Sid: "ReadLiveDeployment",
            Effect: "Allow",
            Action: ["sagemaker:DescribeEndpoint", "sagemaker:DescribeEndpointConfig", "sagemaker:DescribeModel"],
            Resource: pulumi.all([endpointArns, sm("endpoint-config/*"), sm("model/*")]).apply(([e, c, m]) => [...e, c, m]),
        },
        {
            Sid: "CreateDeploymentResources",
            Effect: "Allow",
            Action: ["sagemaker:CreateModel", "sagemaker:CreateEndpointConfig", "sagemaker:AddTags"],
            Resource: [newModels, newConfigs],
        },
        {
            Sid: "UpdateEndpoint",
            Effect: "Allow",
            Action: "sagemaker:UpdateEndpoint",
            Resource: pulumi.all([endpointArns, newConfigs]).apply(([e, c]) => [...e, c]),
        },
        {
            Sid: "PassModelRoleToSageMaker",
            Effect: "Allow",
            Action: "iam:PassRole",
            Resource: i.modelExecutionRoleArn,
            Condition: { StringEquals: { "iam:PassedToService": "sagemaker.amazonaws.com" } },
        },
        {
            // Deploying an encrypted configuration makes SageMaker create grants with the caller's permissions.
            Sid: "GrantEndpointKeysToSageMaker",
            Effect: "Allow",
            Action: ["kms:CreateGrant", "kms:DescribeKey"],
            Resource: i.endpointKmsKeyArns,
            Condition: { Bool: { "kms:GrantIsForAWSResource": "true" } },
        },
        {
            Sid: "EncryptOwnExecutionData",
            Effect: "Allow",
            Action: ["kms:Decrypt", "kms:GenerateDataKey"],
            Resource: i.kmsKeyArn,
            Condition: { StringEquals: { "kms:EncryptionContext:aws:states:stateMachineArn": i.stateMachineArn } },
        },
        {
            // Log delivery of execution history encrypted under the state machine's key.
            Sid: "EncryptExecutionLogDelivery",
            Effect: "Allow",
            Action: "kms:GenerateDataKey",
            Resource: i.kmsKeyArn,
            Condition: { StringLike: { "kms:EncryptionContext:SourceArn": pulumi.interpolate`arn:${ctx.partition}:logs:${ctx.region}:${ctx.account}:*` } },
        },
        {
            // The CloudWatch Logs vended-delivery API has no resource-level permissions.
            Sid: "DeliverExecutionLogs",
            Effect: "Allow",
            Action: [
                "logs:CreateLogDelivery",
                "logs:GetLogDelivery",
                "logs:UpdateLogDelivery",
                "logs:DeleteLogDelivery",
                "logs:ListLogDeliveries",
                "logs:PutResourcePolicy",
                "logs:DescribeResourcePolicies",
                "logs:DescribeLogGroups",
            ],
            Resource: "*",
        },
        {
            Sid: "XRayTracing",
            Effect: "Allow",
            Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets"],
            Resource: "*",
        },
        ...sagemakerGuardrailStatements({ onlyActions: ["sagemaker:CreateModel", "sagemaker:CreateEndpointConfig"] }),
    ];
}

/** Trust for Step Functions, from this account and this state machine only. */
function statesTrustPolicy(account: pulumi.Input<string>, stateMachineArn: pulumi.Input<string>): PolicyDocument {
    return policyDocument({
        Sid: "StepFunctionsAssumeForThisStateMachine",
        Effect: "Allow",
        Principal: { Service: "states.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": account }, ArnLike: { "aws:SourceArn": stateMachineArn } },
    });
}

/**
 * The end-to-end ML workflow as a Step Functions state machine: Glue ETL, the SageMaker training pipeline, the
 * model approval gate, and deployment of the approved version to the endpoint (see
 * `buildWorkflowDefinition`).
 *
 * The state machine logs every event with execution data to a KMS-encrypted log group, traces with X-Ray,
 * encrypts its definition and history with a customer-managed key, and runs as a role that can touch only the
 * job, pipeline, model group and endpoint it orchestrates. An optional EventBridge Scheduler schedule starts it.
 */
export class MlWorkflow extends pulumi.ComponentResource {
    /** ARN of the state machine. */
    readonly stateMachineArn: pulumi.Output<string>;
    /** Name of the state machine. */
    readonly stateMachineName: pulumi.Output<string>;
    /** ARN of the state machine's role. */
    readonly roleArn: pulumi.Output<string>;
    /** Name of the execution log group. */
    readonly logGroupName: pulumi.Output<string>;
    /** The generated definition (JSON). */
    readonly definition: pulumi.Output<string>;
    /** ARN of the schedule, when one was asked for. */
    readonly scheduleArn: pulumi.Output<string | undefined>;

    constructor(name: string, args: MlWorkflowArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ml-platform:index:MlWorkflow", name, {}, opts);
        validateMlWorkflowArgs(args, name);

        const parent = { parent: this };
        const tags = args.tags;
        const ctx = arnContext(this);
        const smName = args.stateMachineName ?? name;
        const prefix = args.deploymentNamePrefix ?? defaultPrefix(name);
        const smArn = pulumi.interpolate`arn:${ctx.partition}:states:${ctx.region}:${ctx.account}:stateMachine:${smName}`;

        const logGroup = new aws.cloudwatch.LogGroup(
            `${name}-executions`,
            {
                // The /aws/vendedlogs/ prefix keeps CloudWatch Logs' resource policy for vended delivery small.
                name: `/aws/vendedlogs/states/${smName}`,
                kmsKeyId: args.logsKmsKeyArn,
                retentionInDays: args.logRetentionDays ?? 365,
                tags,
            },
            dataOptions(this, args.protect ?? true),
        );

        const role = new aws.iam.Role(
            `${name}-role`,
            { description: `Role of the ${smName} ML workflow state machine`, assumeRolePolicy: toJson(statesTrustPolicy(ctx.account, smArn)), tags },
            parent,
        );
        const policy = new aws.iam.RolePolicy(
            `${name}-role`,
            {
                role: role.name,
                policy: toJson(
                    policyDocument(
                        ...workflowRoleStatements({
                            ctx,
                            stateMachineArn: smArn,
                            glueJobName: args.glueJobName,
                            pipelineArn: args.pipelineArn,
                            modelPackageGroupArn: args.modelPackageGroupArn,
                            endpointName: args.endpointName,
                            modelExecutionRoleArn: args.modelExecutionRoleArn,
                            endpointKmsKeyArns: args.endpointKmsKeyArns ?? [args.kmsKeyArn],
                            kmsKeyArn: args.kmsKeyArn,
                            deploymentNamePrefix: prefix,
                        }),
                    ),
                ),
            },
            parent,
        );

        const definition = pulumi
            .all([ctx.partition, args.glueJobName, args.pipelineName, args.endpointName])
            .apply(([partition, glueJobName, pipelineName, endpointName]) =>
                serializeStateMachine(
                    buildWorkflowDefinition({
                        partition,
                        glueJobName,
                        pipelineName,
                        registerStepName: args.registerStepName ?? "RegisterModel",
                        endpointName,
                        deploymentNamePrefix: prefix,
                        pollIntervalSeconds: args.pollIntervalSeconds ?? 300,
                        approvalPollIntervalSeconds: args.approvalPollIntervalSeconds ?? 900,
                        timeoutSeconds: args.timeoutSeconds ?? 604800,
                        tags: tags ?? {},
                    }),
                ),
            );

        const stateMachine = new aws.sfn.StateMachine(
            `${name}-state-machine`,
            {
                name: smName,
                type: "STANDARD",
                roleArn: role.arn,
                definition,
                loggingConfiguration: { level: "ALL", includeExecutionData: true, logDestination: pulumi.interpolate`${logGroup.arn}:*` },
                tracingConfiguration: { enabled: true },
                encryptionConfiguration: { type: "CUSTOMER_MANAGED_KMS_KEY", kmsKeyId: args.kmsKeyArn, kmsDataKeyReusePeriodSeconds: 300 },
                tags,
            },
            // Step Functions checks the role's logging and key permissions when the state machine is created.
            { parent: this, dependsOn: [policy] },
        );

        let scheduleArn: pulumi.Output<string | undefined> = pulumi.output(undefined);
        if (args.schedule !== undefined) {
            const schedulerRole = new aws.iam.Role(
                `${name}-scheduler`,
                {
                    description: `Lets EventBridge Scheduler start the ${smName} ML workflow`,
                    assumeRolePolicy: toJson(
                        policyDocument({
                            Sid: "SchedulerAssumeFromThisAccount",
                            Effect: "Allow",
                            Principal: { Service: "scheduler.amazonaws.com" },
                            Action: "sts:AssumeRole",
                            Condition: { StringEquals: { "aws:SourceAccount": ctx.account } },
                        }),
                    ),
                    tags,
                },
                parent,
            );
            const schedulerPolicy = new aws.iam.RolePolicy(
                `${name}-scheduler`,
                {
                    role: schedulerRole.name,
                    policy: toJson(policyDocument({ Sid: "StartWorkflow", Effect: "Allow", Action: "states:StartExecution", Resource: stateMachine.arn })),
                },
                parent,
            );
            const schedule = new aws.scheduler.Schedule(
                `${name}-schedule`,
                {
                    description: `Starts the ${smName} ML workflow`,
                    scheduleExpression: args.schedule.expression,
                    scheduleExpressionTimezone: args.schedule.timezone ?? "UTC",
                    state: (args.schedule.enabled ?? true) ? "ENABLED" : "DISABLED",
                    flexibleTimeWindow: { mode: "OFF" },
                    target: {
                        arn: stateMachine.arn,
                        roleArn: schedulerRole.arn,
                        input: "{}",
                        retryPolicy: { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 3600 },
                    },
                },
                { parent: this, dependsOn: [schedulerPolicy] },
            );
            scheduleArn = schedule.arn;
        }

        this.stateMachineArn = stateMachine.arn;
        this.stateMachineName = stateMachine.name;
        this.roleArn = role.arn;
        this.logGroupName = logGroup.name;
        this.definition = definition;
        this.scheduleArn = scheduleArn;
        this.registerOutputs({
            stateMachineArn: this.stateMachineArn,
            stateMachineName: this.stateMachineName,
            roleArn: this.roleArn,
            logGroupName: this.logGroupName,
            definition: this.definition,
            scheduleArn: this.scheduleArn,
        });
    }
}
