import * as pulumi from "@pulumi/pulumi";
import {
    ArnContext,
    arnContext,
    checkArn,
    checkInteger,
    checkLogRetentionDays,
    checkRequired,
    checkSageMakerName,
    PolicyStatement,
    sagemakerGuardrailStatements,
    ValidationError,
} from "../lib";
import { AslValue, jsonata, optimizedIntegration, Retrier, sdkIntegration, StateMachineDefinition, serializeStateMachine, TaskState } from "./asl";
import {
    checkSchedule,
    checkStateMachineName,
    defaultNamePrefix,
    governedStateMachine,
    StateMachineScheduleArgs,
    stateMachineArn,
    syncIntegrationRuleStatement,
} from "./stateMachine";

/** An EventBridge Scheduler schedule that starts the workflow. */
export type MlWorkflowScheduleArgs = StateMachineScheduleArgs;

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
     * ARN of a `BatchInference` state machine to run once a version is deployed, so the new model also scores
     * the batch dataset. The workflow starts it with the deployed version's ARN as `modelPackageArn` and waits for
     * it (`states:startExecution.sync:2`); the role may start only this state machine.
     * @default none (no batch scoring after a deployment)
     */
    batchInferenceStateMachineArn?: pulumi.Input<string>;
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
const DEPLOYMENT_PREFIX = /^[a-z0-9](-?[a-z0-9]){0,29}$/;

/** Checks {@link MlWorkflowArgs} before anything is created. */
export function validateMlWorkflowArgs(args: MlWorkflowArgs, name: string): void {
    checkStateMachineName(`${C}.stateMachineName`, args.stateMachineName ?? name);
    const prefix = args.deploymentNamePrefix ?? defaultNamePrefix(name);
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
    if (args.batchInferenceStateMachineArn !== undefined) {
        checkArn(`${C}.batchInferenceStateMachineArn`, args.batchInferenceStateMachineArn, "states");
    }
    checkSchedule(`${C}.schedule`, args.schedule);
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
    /** ARN of the batch inference state machine run after a deployment, if any. */
    batchInferenceStateMachineArn?: string;
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
                    {
                        Condition: jsonata("$endpointStatus = 'InService' and $servingConfigName = $deploymentName"),
                        Next: i.batchInferenceStateMachineArn === undefined ? "Deployed" : "RunBatchInference",
                    },
                    { Condition: jsonata("$endpointStatus in ['InService', 'Failed', 'OutOfService', 'UpdateRollbackFailed']"), Next: "DeploymentFailed" },
                ],
                Default: "WaitForDeployment",
            },
            ...(i.batchInferenceStateMachineArn === undefined ? {} : batchInferenceStates(i.partition, i.batchInferenceStateMachineArn)),
            Deployed: {
                Type: "Succeed",
                Output: {
                    outcome: "deployed",
                    modelPackageArn: jsonata("$modelPackageArns[0]"),
                    endpointConfigName: jsonata("$deploymentName"),
                    ...(i.batchInferenceStateMachineArn === undefined ? {} : { batchInferenceExecutionArn: jsonata("$batchExecutionArn") }),
                },
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

/**
 * Scoring with the version just deployed: the batch inference state machine, started as a child execution
 * (`startExecution.sync:2` waits for it and returns its output as JSON). Its failure fails this run.
 */
function batchInferenceStates(partition: string, batchStateMachineArn: string): StateMachineDefinition["States"] {
    return {
        RunBatchInference: {
            Type: "Task",
            Comment: "Scores the batch dataset with the deployed version and waits for the transform job",
            Resource: optimizedIntegration(partition, "states", "startExecution.sync:2"),
            Arguments: {
                StateMachineArn: batchStateMachineArn,
                Input: {
                    modelPackageArn: jsonata("$modelPackageArns[0]"),
                    // Links the child execution to this one in the console and in execution history.
                    AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID: jsonata("$states.context.Execution.Id"),
                },
            },
            Assign: { batchExecutionArn: jsonata("$states.result.ExecutionArn") },
            Catch: [{ ErrorEquals: ["States.ALL"], Next: "BatchInferenceFailed", Assign: { failure: jsonata("$states.errorOutput") } }],
            Next: "Deployed",
        },
        BatchInferenceFailed: { Type: "Fail", Error: "BatchInferenceFailed", Cause: jsonata("$string($failure)") },
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
    batchInferenceStateMachineArn?: pulumi.Input<string>;
}

/** Starting the batch inference state machine and waiting for its execution. */
function batchInferenceStatements(ctx: ArnContext, batchStateMachineArn: pulumi.Input<string>): PolicyStatement[] {
    return [
        { Sid: "StartBatchInference", Effect: "Allow", Action: "states:StartExecution", Resource: batchStateMachineArn },
        {
            Sid: "WatchBatchInference",
            Effect: "Allow",
            Action: ["states:DescribeExecution", "states:StopExecution"],
            Resource: pulumi.output(batchStateMachineArn).apply((arn) => `${arn.replace(":stateMachine:", ":execution:")}:*`),
        },
        syncIntegrationRuleStatement(ctx, "WaitForBatchInference", ["StepFunctionsGetEventsForStepFunctionsExecutionRule"]),
    ];
}

/**
 * The state machine role's permissions: exactly the calls the definition makes, on exactly its resources (the
 * state machine's own key, logging and tracing permissions are added by `governedStateMachine`).
 */
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
        ...(i.batchInferenceStateMachineArn === undefined ? [] : batchInferenceStatements(ctx, i.batchInferenceStateMachineArn)),
        ...sagemakerGuardrailStatements({ onlyActions: ["sagemaker:CreateModel", "sagemaker:CreateEndpointConfig"] }),
    ];
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

        const tags = args.tags;
        const ctx = arnContext(this);
        const smName = args.stateMachineName ?? name;
        const prefix = args.deploymentNamePrefix ?? defaultNamePrefix(name);
        const smArn = stateMachineArn(ctx, smName);

        const definition = pulumi
            .all([ctx.partition, args.glueJobName, args.pipelineName, args.endpointName, args.batchInferenceStateMachineArn])
            .apply(([partition, glueJobName, pipelineName, endpointName, batchInferenceStateMachineArn]) =>
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
                        batchInferenceStateMachineArn,
                        tags: tags ?? {},
                    }),
                ),
            );

        const { stateMachine, role, logGroup, schedule } = governedStateMachine(
            name,
            {
                ctx,
                stateMachineName: smName,
                purpose: "ML workflow",
                definition,
                statements: workflowRoleStatements({
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
                    batchInferenceStateMachineArn: args.batchInferenceStateMachineArn,
                }),
                kmsKeyArn: args.kmsKeyArn,
                logsKmsKeyArn: args.logsKmsKeyArn,
                logRetentionDays: args.logRetentionDays ?? 365,
                schedule: args.schedule,
                protect: args.protect ?? true,
                tags,
            },
            this,
        );
        const scheduleArn: pulumi.Output<string | undefined> = schedule ? schedule.arn : pulumi.output(undefined);

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
