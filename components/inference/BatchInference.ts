import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
    ArnContext,
    arnContext,
    checkArn,
    checkInteger,
    checkLogRetentionDays,
    checkOneOf,
    checkRequired,
    checkS3Uri,
    checkServingImage,
    checkVpcConfig,
    ecrPullStatements,
    hasLocalNvmeStorage,
    INFERENCE_FAMILIES,
    instanceFamily,
    isKnown,
    parseS3Uri,
    PolicyStatement,
    s3PrefixObjectsArn,
    s3ListUnderStatement,
    sageMakerLogsStatement,
    sageMakerRole,
    sagemakerGuardrailStatements,
    servingImageUri,
    ValidationError,
    viaService,
    vpcAccessStatements,
} from "../lib";
import { AslValue, jsonata, optimizedIntegration, Retrier, sdkIntegration, StateMachineDefinition, serializeStateMachine, TaskState } from "../workflow/asl";
import {
    checkSchedule,
    checkStateMachineName,
    defaultNamePrefix,
    governedStateMachine,
    StateMachineScheduleArgs,
    syncIntegrationRuleStatement,
} from "../workflow/stateMachine";

/** How a transform job groups records into requests to the model. */
export enum TransformBatchStrategy {
    /** As many records per request as fit in `maxPayloadInMB`. */
    MultiRecord = "MultiRecord",
    /** One record per request. */
    SingleRecord = "SingleRecord",
}

/** How a transform job splits each input file into records. */
export enum TransformSplitType {
    /** One record per line (CSV, JSON Lines). */
    Line = "Line",
    /** RecordIO records. */
    RecordIO = "RecordIO",
    /** TFRecord records. */
    TFRecord = "TFRecord",
    /** Each file is one record. */
    None = "None",
}

/** How a transform job assembles the model's responses into output files. */
export enum TransformAssembleWith {
    /** One response per line, in input order. */
    Line = "Line",
    /** Responses concatenated as they come. */
    None = "None",
}

/** What a transform job joins to each prediction in its output. */
export enum TransformJoinSource {
    /** The input record, so each output line carries its record's identifiers next to the prediction. */
    Input = "Input",
    /** Only the prediction. */
    None = "None",
}

/** Filtering and joining of records around the model (SageMaker's `DataProcessing`). */
export interface TransformDataProcessingArgs {
    /**
     * JSONPath selecting what of each input record is sent to the model, e.g. `$[1:]` to leave out a CSV id column.
     * @default "$" (the whole record)
     */
    inputFilter?: string;
    /**
     * What is joined to each prediction before the output filter.
     * @default TransformJoinSource.Input
     */
    joinSource?: TransformJoinSource;
    /**
     * JSONPath selecting what of the joined record is written, e.g. `$[0,-1]` for the id and the prediction.
     * @default "$" (everything)
     */
    outputFilter?: string;
}

/** Arguments of {@link BatchInference}. */
export interface BatchInferenceArgs {
    /**
     * ARN of the model package group whose versions are scored with. The state machine may read only this group's
     * versions, and runs a version only when its status is `Approved`.
     */
    modelPackageGroupArn: pulumi.Input<string>;
    /**
     * A version of the group to score with, pinned, instead of the group's latest approved version. An execution
     * input `{"modelPackageArn": "..."}` (which the workflow passes after a deployment) takes precedence.
     * @default none (the latest `Approved` version, by creation time)
     */
    modelPackageArn?: pulumi.Input<string>;
    /**
     * S3 prefix (ending in `/`) holding the registered versions' model artifacts. The execution role reads only
     * under it, and a version whose `ModelDataUrl` lies elsewhere is not run.
     */
    modelArtifactsS3Uri: pulumi.Input<string>;
    /** S3 prefix (ending in `/`) in the lake's processed layer whose objects are scored. The role reads only here. */
    inputS3Uri: pulumi.Input<string>;
    /**
     * S3 prefix (ending in `/`) in the lake's analytics layer receiving the predictions; each job writes under
     * `<prefix><job name>/`. The role writes only here.
     */
    outputS3Uri: pulumi.Input<string>;
    /** Private subnets the model's containers run in (no internet route; S3, ECR and logs through VPC endpoints). */
    subnetIds: pulumi.Input<string>[];
    /** Security groups of the model's network interfaces (1 to 5). */
    securityGroupIds: pulumi.Input<string>[];
    /**
     * The data-lake KMS key: it decrypts the input and the model artifacts and encrypts the predictions
     * (`TransformOutput.KmsKeyId`). The lake buckets deny objects under any other key.
     */
    lakeKmsKeyArn: pulumi.Input<string>;
    /**
     * The ML KMS key: it encrypts the transform instances' storage volumes (`TransformResources.VolumeKmsKeyId`,
     * left out on local-NVMe types, which SageMaker rejects it for and the Nitro hardware encrypts), and the state
     * machine's definition and execution history.
     */
    mlKmsKeyArn: pulumi.Input<string>;
    /** KMS key of the execution log group (the logs key). */
    logsKmsKeyArn: pulumi.Input<string>;
    /** ARN of the SNS topic the failure alarm notifies (the platform's alert topic). */
    alarmTopicArn: pulumi.Input<string>;
    /**
     * Instance type of the transform job: a type of an inference family (`INFERENCE_FAMILIES`). Inferentia2 runs
     * the default Neuron image; CPU and GPU types need `imageUri`.
     * @default "ml.inf2.xlarge"
     */
    instanceType?: string;
    /**
     * Instances the job spreads the input over (1 to 100).
     * @default 1
     */
    instanceCount?: number;
    /**
     * Tag of the AWS Neuron inference Deep Learning Container, used when `imageUri` is not given.
     * @default "2.5.1-neuronx-py310-sdk2.22.0-ubuntu22.04"
     */
    neuronImageTag?: string;
    /**
     * Serving image, in ECR. Required for instance types the Neuron DLC doesn't run on.
     * @default the Neuron inference DLC with `neuronImageTag`
     */
    imageUri?: pulumi.Input<string>;
    /**
     * Environment variables of the serving container. Never put secrets here: they are visible in `DescribeModel`.
     * @default {}
     */
    environment?: { [key: string]: string };
    /**
     * MIME type of the input records, sent to the model as `Content-Type` and asked back as `Accept`.
     * @default "text/csv"
     */
    contentType?: string;
    /**
     * How input files are split into records.
     * @default TransformSplitType.Line
     */
    splitType?: TransformSplitType;
    /**
     * How responses are assembled into output files.
     * @default TransformAssembleWith.Line
     */
    assembleWith?: TransformAssembleWith;
    /**
     * How records are grouped into requests.
     * @default TransformBatchStrategy.MultiRecord
     */
    batchStrategy?: TransformBatchStrategy;
    /**
     * Largest request in MB (1 to 100); with `maxConcurrentTransforms` their product may not exceed 100.
     * @default 6
     */
    maxPayloadInMB?: number;
    /**
     * Parallel requests per instance (1 to 100).
     * @default 1
     */
    maxConcurrentTransforms?: number;
    /**
     * Seconds the model may take per request before it is retried (1 to 3600).
     * @default 600
     */
    invocationTimeoutSeconds?: number;
    /**
     * Retries of a request that failed or timed out (0 to 3).
     * @default 1
     */
    invocationMaxRetries?: number;
    /**
     * Filtering and joining around the model.
     * @default send whole records, and write each input record joined with its prediction
     */
    dataProcessing?: TransformDataProcessingArgs;
    /**
     * State machine name (letters, digits, `-` and `_`, up to 80).
     * @default the component name
     */
    stateMachineName?: string;
    /**
     * Lower-case prefix of the models and transform jobs the state machine creates (up to 30 characters); its
     * role may create only names with this prefix. Each execution names them `<prefix>-<16 hex digits>`, derived
     * from the execution's id, so names are unique per execution.
     * @default the component name, lower-cased
     */
    jobNamePrefix?: string;
    /**
     * Seconds after which an execution fails and its transform job is stopped (3600 to 604800).
     * @default 86400 (one day)
     */
    timeoutSeconds?: number;
    /**
     * Start batch inference on a schedule, e.g. nightly.
     * @default none (started by the workflow, by hand or by another system)
     */
    schedule?: StateMachineScheduleArgs;
    /**
     * Days the execution log (level ALL, with execution data) is kept.
     * @default 365
     */
    logRetentionDays?: number;
    /**
     * Protect the execution log group (an audit record) and retain it on delete.
     * @default true
     */
    protect?: boolean;
    /**
     * Tags for every taggable child, and for the models and transform jobs the state machine creates.
     * @default {}
     */
    tags?: { [key: string]: string };
}

const C = "BatchInference";
const JOB_PREFIX = /^[a-z0-9](-?[a-z0-9]){0,29}$/;
const MIME_TYPE = /^[\w.+-]+\/[\w.+-]+$/;
const JSON_PATH = /^\$.*$/;
const DEFAULT_INSTANCE_TYPE = "ml.inf2.xlarge";

function checkS3Prefix(field: string, value: pulumi.Input<string> | undefined, what: string): void {
    checkRequired(field, value, `an S3 prefix URI (${what}) ending in "/"`);
    checkS3Uri(field, value, "prefix");
    if (isKnown(value) && parseS3Uri(value)?.key === "") {
        throw new ValidationError(field, `a prefix inside the bucket (${what}), not the whole bucket`, value);
    }
}

/** Checks {@link BatchInferenceArgs} before anything is created. */
export function validateBatchInferenceArgs(args: BatchInferenceArgs, name: string): void {
    checkStateMachineName(`${C}.stateMachineName`, args.stateMachineName ?? name);
    const prefix = args.jobNamePrefix ?? defaultNamePrefix(name);
    if (!JOB_PREFIX.test(prefix)) {
        throw new ValidationError(`${C}.jobNamePrefix`, "1 to 30 lower-case letters, digits and single hyphens", prefix);
    }
    checkRequired(`${C}.modelPackageGroupArn`, args.modelPackageGroupArn, "the ARN of the model package group");
    checkArn(`${C}.modelPackageGroupArn`, args.modelPackageGroupArn, "sagemaker");
    if (isKnown(args.modelPackageGroupArn) && !args.modelPackageGroupArn.includes(":model-package-group/")) {
        throw new ValidationError(
            `${C}.modelPackageGroupArn`,
            'a model package group ARN ("arn:aws:sagemaker:<region>:<account>:model-package-group/<name>")',
            args.modelPackageGroupArn,
        );
    }
    if (args.modelPackageArn !== undefined) {
        checkArn(`${C}.modelPackageArn`, args.modelPackageArn, "sagemaker");
        if (isKnown(args.modelPackageArn) && !/:model-package\/[^/]+\/\d+$/.test(args.modelPackageArn)) {
            throw new ValidationError(
                `${C}.modelPackageArn`,
                'a versioned model package ARN ("arn:aws:sagemaker:<region>:<account>:model-package/<group>/<version>")',
                args.modelPackageArn,
            );
        }
    }
    checkS3Prefix(`${C}.modelArtifactsS3Uri`, args.modelArtifactsS3Uri, "the registered versions' model artifacts");
    checkS3Prefix(`${C}.inputS3Uri`, args.inputS3Uri, "the processed-layer data to score");
    checkS3Prefix(`${C}.outputS3Uri`, args.outputS3Uri, "the analytics-layer destination of the predictions");
    checkVpcConfig(C, args.subnetIds, args.securityGroupIds);
    checkRequired(`${C}.lakeKmsKeyArn`, args.lakeKmsKeyArn, "the ARN of the data-lake KMS key");
    checkArn(`${C}.lakeKmsKeyArn`, args.lakeKmsKeyArn, "kms");
    checkRequired(`${C}.mlKmsKeyArn`, args.mlKmsKeyArn, "the ARN of the ML KMS key");
    checkArn(`${C}.mlKmsKeyArn`, args.mlKmsKeyArn, "kms");
    checkRequired(`${C}.logsKmsKeyArn`, args.logsKmsKeyArn, "the ARN of the log group's KMS key");
    checkArn(`${C}.logsKmsKeyArn`, args.logsKmsKeyArn, "kms");
    checkRequired(`${C}.alarmTopicArn`, args.alarmTopicArn, "the ARN of the SNS topic the failure alarm notifies");
    checkArn(`${C}.alarmTopicArn`, args.alarmTopicArn, "sns");

    const instanceType = args.instanceType ?? DEFAULT_INSTANCE_TYPE;
    const family = instanceFamily(instanceType);
    if (family === undefined || !INFERENCE_FAMILIES.includes(family)) {
        throw new ValidationError(
            `${C}.instanceType`,
            `an inference instance type "ml.<family>.<size>" of family ${INFERENCE_FAMILIES.join(", ")}`,
            instanceType,
        );
    }
    checkServingImage(C, instanceType, args.imageUri, args.neuronImageTag);
    checkInteger(`${C}.instanceCount`, args.instanceCount, 1, 100);
    if (args.contentType !== undefined && !MIME_TYPE.test(args.contentType)) {
        throw new ValidationError(`${C}.contentType`, 'a MIME type such as "text/csv" or "application/jsonlines"', args.contentType);
    }
    checkOneOf(`${C}.splitType`, args.splitType, Object.values(TransformSplitType));
    checkOneOf(`${C}.assembleWith`, args.assembleWith, Object.values(TransformAssembleWith));
    checkOneOf(`${C}.batchStrategy`, args.batchStrategy, Object.values(TransformBatchStrategy));
    checkInteger(`${C}.maxPayloadInMB`, args.maxPayloadInMB, 1, 100);
    checkInteger(`${C}.maxConcurrentTransforms`, args.maxConcurrentTransforms, 1, 100);
    const payload = args.maxPayloadInMB ?? 6;
    const concurrency = args.maxConcurrentTransforms ?? 1;
    if (payload * concurrency > 100) {
        throw new ValidationError(
            `${C}.maxConcurrentTransforms`,
            `at most ${Math.floor(100 / payload)}: SageMaker caps maxPayloadInMB x maxConcurrentTransforms at 100 MB (maxPayloadInMB is ${payload})`,
            concurrency,
        );
    }
    checkInteger(`${C}.invocationTimeoutSeconds`, args.invocationTimeoutSeconds, 1, 3600);
    checkInteger(`${C}.invocationMaxRetries`, args.invocationMaxRetries, 0, 3);
    const dp = args.dataProcessing ?? {};
    for (const field of ["inputFilter", "outputFilter"] as const) {
        const value = dp[field];
        if (value !== undefined && !(JSON_PATH.test(value) && value.length <= 63)) {
            throw new ValidationError(`${C}.dataProcessing.${field}`, 'a JSONPath of at most 63 characters starting with "$", such as "$[1:]"', value);
        }
    }
    checkOneOf(`${C}.dataProcessing.joinSource`, dp.joinSource, Object.values(TransformJoinSource));
    checkInteger(`${C}.timeoutSeconds`, args.timeoutSeconds, 3600, 604800);
    checkLogRetentionDays(`${C}.logRetentionDays`, args.logRetentionDays, 1);
    checkSchedule(`${C}.schedule`, args.schedule);
}

/** Everything the definition needs, resolved. */
export interface BatchInferenceDefinitionInputs {
    partition: string;
    modelPackageGroupArn: string;
    /** The pinned version, if any. */
    modelPackageArn?: string;
    modelArtifactsS3Uri: string;
    inputS3Uri: string;
    outputS3Uri: string;
    imageUri: string;
    environment: { [key: string]: string };
    executionRoleArn: string;
    subnetIds: string[];
    securityGroupIds: string[];
    lakeKmsKeyArn: string;
    mlKmsKeyArn: string;
    instanceType: string;
    instanceCount: number;
    contentType: string;
    splitType: TransformSplitType;
    assembleWith: TransformAssembleWith;
    batchStrategy: TransformBatchStrategy;
    maxPayloadInMB: number;
    maxConcurrentTransforms: number;
    invocationTimeoutSeconds: number;
    invocationMaxRetries: number;
    dataProcessing: Required<TransformDataProcessingArgs>;
    jobNamePrefix: string;
    timeoutSeconds: number;
    tags: { [key: string]: string };
}

/** Retries for read-only and cleanup calls: safe to repeat on any failure. */
const SAFE_RETRY: Retrier[] = [{ ErrorEquals: ["States.TaskFailed"], IntervalSeconds: 15, MaxAttempts: 3, BackoffRate: 2 }];

/** A JSONata string literal. */
function quoted(text: string): string {
    return `'${text.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

/**
 * The batch inference run: pick the model version (the execution input's, the pinned one, or the group's latest
 * approved) → check that it is approved and that its artifacts lie under the artifacts prefix → create a model of
 * it, in the VPC and network-isolated → run the transform job and wait for it (`createTransformJob.sync`) →
 * delete the model, on success and on failure.
 *
 * The model is created from the version's artifact with the component's own image, so the job runs exactly the
 * image the image rules allowed, and the execution role pulls only that image.
 */
export function buildBatchInferenceDefinition(i: BatchInferenceDefinitionInputs): StateMachineDefinition {
    const sm = (action: string) => sdkIntegration(i.partition, "sagemaker", action);
    const tagList: { [key: string]: AslValue }[] = Object.entries(i.tags).map(([Key, Value]) => ({ Key, Value }));
    const withTags: { [key: string]: AslValue } = tagList.length > 0 ? { Tags: tagList } : {};
    const groupName = i.modelPackageGroupArn.split("/").pop() ?? "";
    const artifacts = i.modelArtifactsS3Uri;
    const output = parseS3Uri(i.outputS3Uri);
    if (!output) {
        throw new Error(`"${i.outputS3Uri}" is not an s3://bucket/prefix/ URI`);
    }
    const outputPrefix = `s3://${output.bucket}/${output.key}`;
    const failWith = (next: string) => [{ ErrorEquals: ["States.ALL"], Next: next, Assign: { failure: jsonata("$states.errorOutput") } }];
    const describeVersion = (arn: string): TaskState => ({
        Type: "Task",
        Resource: sm("describeModelPackage"),
        Arguments: { ModelPackageName: arn },
        Assign: {
            modelPackage: jsonata("$states.result"),
            // <prefix>-<16 hex>: unique per execution, stable across retries, a valid model and job name.
            jobName: jsonata(`${quoted(`${i.jobNamePrefix}-`)} & $substring($hash($states.context.Execution.Id, 'SHA-256'), 0, 16)`),
        },
        Retry: SAFE_RETRY,
        Catch: failWith("BatchInferenceFailed"),
        Next: "CheckVersion",
    });
    const modelDataUrl = "$modelPackage.InferenceSpecification.Containers[0].ModelDataUrl";
    return {
        Comment: "Batch inference with an approved model version: create the model, run the transform job, clean up",
        QueryLanguage: "JSONata",
        StartAt: "VersionRequested",
        TimeoutSeconds: i.timeoutSeconds,
        States: {
            VersionRequested: {
                Type: "Choice",
                Choices: [{ Condition: jsonata("$exists($states.input.modelPackageArn)"), Next: "DescribeRequestedVersion" }],
                Default: i.modelPackageArn === undefined ? "FindLatestApprovedVersion" : "DescribePinnedVersion",
            },
            DescribeRequestedVersion: describeVersion(jsonata("$states.input.modelPackageArn")),
            ...(i.modelPackageArn === undefined
                ? {
                      FindLatestApprovedVersion: {
                          Type: "Task",
                          Resource: sm("listModelPackages"),
                          Arguments: {
                              ModelPackageGroupName: groupName,
                              ModelApprovalStatus: "Approved",
                              SortBy: "CreationTime",
                              SortOrder: "Descending",
                              MaxResults: 1,
                          },
                          Assign: { approvedVersions: jsonata("[$states.result.ModelPackageSummaryList.ModelPackageArn]") },
                          Retry: SAFE_RETRY,
                          Catch: failWith("BatchInferenceFailed"),
                          Next: "ApprovedVersionFound",
                      },
                      ApprovedVersionFound: {
                          Type: "Choice",
                          Choices: [{ Condition: jsonata("$count($approvedVersions) = 1"), Next: "DescribeLatestApprovedVersion" }],
                          Default: "NoApprovedVersion",
                      },
                      DescribeLatestApprovedVersion: describeVersion(jsonata("$approvedVersions[0]")),
                      NoApprovedVersion: { Type: "Fail", Error: "NoApprovedVersion", Cause: `Model package group ${groupName} has no approved version` },
                  }
                : { DescribePinnedVersion: describeVersion(i.modelPackageArn) }),
            CheckVersion: {
                Type: "Choice",
                Comment: "Only an approved version of this group, with its artifact under the artifacts prefix, is run",
                Choices: [
                    {
                        Condition: jsonata(`$modelPackage.ModelPackageGroupName != ${quoted(groupName)} or $modelPackage.ModelApprovalStatus != 'Approved'`),
                        Next: "VersionNotApproved",
                    },
                    {
                        Condition: jsonata(
                            `$not($type(${modelDataUrl}) = 'string' and $substring(${modelDataUrl}, 0, ${artifacts.length}) = ${quoted(artifacts)})`,
                        ),
                        Next: "ArtifactOutsidePrefix",
                    },
                ],
                Default: "CreateModel",
            },
            CreateModel: {
                Type: "Task",
                Comment: "The version's artifact with the allowed image, in the platform VPC and network-isolated",
                Resource: optimizedIntegration(i.partition, "sagemaker", "createModel"),
                Arguments: {
                    ModelName: jsonata("$jobName"),
                    PrimaryContainer: { Image: i.imageUri, ModelDataUrl: jsonata(modelDataUrl), Mode: "SingleModel", Environment: i.environment },
                    ExecutionRoleArn: i.executionRoleArn,
                    VpcConfig: { Subnets: i.subnetIds, SecurityGroupIds: i.securityGroupIds },
                    EnableNetworkIsolation: true,
                    ...withTags,
                },
                Catch: failWith("BatchInferenceFailed"),
                Next: "Transform",
            },
            Transform: {
                Type: "Task",
                Comment: "Runs the transform job and waits for it to end (.sync); stopping the execution stops the job",
                Resource: optimizedIntegration(i.partition, "sagemaker", "createTransformJob.sync"),
                Arguments: {
                    TransformJobName: jsonata("$jobName"),
                    ModelName: jsonata("$jobName"),
                    BatchStrategy: i.batchStrategy,
                    MaxPayloadInMB: i.maxPayloadInMB,
                    MaxConcurrentTransforms: i.maxConcurrentTransforms,
                    ModelClientConfig: { InvocationsTimeoutInSeconds: i.invocationTimeoutSeconds, InvocationsMaxRetries: i.invocationMaxRetries },
                    TransformInput: {
                        DataSource: { S3DataSource: { S3DataType: "S3Prefix", S3Uri: i.inputS3Uri } },
                        ContentType: i.contentType,
                        SplitType: i.splitType,
                        CompressionType: "None",
                    },
                    TransformOutput: {
                        S3OutputPath: jsonata(`${quoted(outputPrefix)} & $jobName & '/'`),
                        KmsKeyId: i.lakeKmsKeyArn,
                        Accept: i.contentType,
                        AssembleWith: i.assembleWith,
                    },
                    TransformResources: {
                        InstanceType: i.instanceType,
                        InstanceCount: i.instanceCount,
                        // Local-NVMe instance types reject a volume key; the Nitro hardware encrypts their disks.
                        ...(hasLocalNvmeStorage(i.instanceType) ? {} : { VolumeKmsKeyId: i.mlKmsKeyArn }),
                    },
                    DataProcessing: {
                        InputFilter: i.dataProcessing.inputFilter,
                        OutputFilter: i.dataProcessing.outputFilter,
                        JoinSource: i.dataProcessing.joinSource,
                    },
                    ...withTags,
                },
                Assign: { transformJobArn: jsonata("$states.result.TransformJobArn") },
                Catch: failWith("DeleteModelAfterFailure"),
                Next: "DeleteModel",
            },
            DeleteModel: {
                Type: "Task",
                Resource: sm("deleteModel"),
                Arguments: { ModelName: jsonata("$jobName") },
                Retry: SAFE_RETRY,
                Next: "Scored",
            },
            Scored: {
                Type: "Succeed",
                Output: {
                    outcome: "scored",
                    modelPackageArn: jsonata("$modelPackage.ModelPackageArn"),
                    transformJobName: jsonata("$jobName"),
                    transformJobArn: jsonata("$transformJobArn"),
                    outputS3Uri: jsonata(`${quoted(outputPrefix)} & $jobName & '/'`),
                },
            },
            DeleteModelAfterFailure: {
                Type: "Task",
                Resource: sm("deleteModel"),
                Arguments: { ModelName: jsonata("$jobName") },
                Retry: SAFE_RETRY,
                // The job's failure is what the run reports, even when the cleanup fails too.
                Catch: [{ ErrorEquals: ["States.ALL"], Next: "BatchInferenceFailed" }],
                Next: "BatchInferenceFailed",
            },
            VersionNotApproved: {
                Type: "Fail",
                Error: "VersionNotApproved",
                Cause: jsonata(
                    `'Model package ' & $modelPackage.ModelPackageArn & ' is ' & $modelPackage.ModelApprovalStatus & ' in group ' & $modelPackage.ModelPackageGroupName & '; only Approved versions of ${groupName} are run'`,
                ),
            },
            ArtifactOutsidePrefix: {
                Type: "Fail",
                Error: "ArtifactOutsidePrefix",
                Cause: jsonata(`'Model package ' & $modelPackage.ModelPackageArn & ' has its artifact outside ${artifacts}'`),
            },
            BatchInferenceFailed: { Type: "Fail", Error: "BatchInferenceFailed", Cause: jsonata("$string($failure)") },
        },
    };
}

/** Inputs of the execution role's permissions. */
export interface BatchExecutionRoleInputs {
    ctx: ArnContext;
    inputS3Uri: pulumi.Input<string>;
    outputS3Uri: pulumi.Input<string>;
    modelArtifactsS3Uri: pulumi.Input<string>;
    lakeKmsKeyArn: pulumi.Input<string>;
    imageUri: pulumi.Input<string>;
    subnetIds: pulumi.Input<string>[];
    securityGroupIds: pulumi.Input<string>[];
}

/** The model's execution role: read the input prefix and the artifacts, write the output prefix, nothing else. */
export function batchExecutionRoleStatements(i: BatchExecutionRoleInputs): PolicyStatement[] {
    const { ctx } = i;
    return [
        { Sid: "ReadInput", Effect: "Allow", Action: "s3:GetObject", Resource: s3PrefixObjectsArn(ctx.partition, i.inputS3Uri) },
        s3ListUnderStatement("ListInput", ctx.partition, i.inputS3Uri),
        { Sid: "ReadModelArtifacts", Effect: "Allow", Action: "s3:GetObject", Resource: s3PrefixObjectsArn(ctx.partition, i.modelArtifactsS3Uri) },
        {
            Sid: "WriteOutput",
            Effect: "Allow",
            Action: ["s3:PutObject", "s3:AbortMultipartUpload"],
            Resource: s3PrefixObjectsArn(ctx.partition, i.outputS3Uri),
        },
        {
            // Decrypt for the input and the artifacts; GenerateDataKey for each prediction object, and Decrypt again
            // because S3 reads the data key back to complete multipart uploads.
            Sid: "UseLakeKeyThroughS3",
            Effect: "Allow",
            Action: ["kms:Decrypt", "kms:GenerateDataKey"],
            Resource: i.lakeKmsKeyArn,
            Condition: { StringEquals: { "kms:ViaService": viaService(ctx, "s3") } },
        },
        ...ecrPullStatements(ctx, [i.imageUri]),
        ...vpcAccessStatements(ctx, i.subnetIds, i.securityGroupIds),
        sageMakerLogsStatement(ctx, ["/aws/sagemaker/TransformJobs"]),
        {
            Sid: "PublishTransformMetrics",
            Effect: "Allow",
            Action: "cloudwatch:PutMetricData",
            Resource: "*",
            Condition: { StringLike: { "cloudwatch:namespace": "/aws/sagemaker/*" } },
        },
    ];
}

/** Inputs of the state machine role's permissions. */
export interface BatchStateMachineRoleInputs {
    ctx: ArnContext;
    modelPackageGroupArn: pulumi.Input<string>;
    executionRoleArn: pulumi.Input<string>;
    keyArns: pulumi.Input<string>[];
    jobNamePrefix: string;
    instanceType: string;
}

/** The state machine role: exactly the calls the definition makes, on this group's versions and its own names. */
export function batchStateMachineRoleStatements(i: BatchStateMachineRoleInputs): PolicyStatement[] {
    const { ctx } = i;
    const sm = (resource: string) => pulumi.interpolate`arn:${ctx.partition}:sagemaker:${ctx.region}:${ctx.account}:${resource}`;
    const versions = pulumi.output(i.modelPackageGroupArn).apply((a) => `${a.replace(":model-package-group/", ":model-package/")}/*`);
    const models = sm(`model/${i.jobNamePrefix}-*`);
    const jobs = sm(`transform-job/${i.jobNamePrefix}-*`);
    return [
        {
            // ListModelPackages has no resource-level permissions.
            Sid: "ListModelVersions",
            Effect: "Allow",
            Action: "sagemaker:ListModelPackages",
            Resource: "*",
        },
        { Sid: "ReadModelVersions", Effect: "Allow", Action: "sagemaker:DescribeModelPackage", Resource: versions },
        {
            Sid: "CreateModelsAndTransformJobs",
            Effect: "Allow",
            Action: ["sagemaker:CreateModel", "sagemaker:CreateTransformJob", "sagemaker:AddTags"],
            Resource: [models, jobs],
        },
        {
            Sid: "WatchTransformJobs",
            Effect: "Allow",
            Action: ["sagemaker:DescribeTransformJob", "sagemaker:StopTransformJob", "sagemaker:ListTags"],
            Resource: jobs,
        },
        { Sid: "DeleteOwnModels", Effect: "Allow", Action: "sagemaker:DeleteModel", Resource: models },
        syncIntegrationRuleStatement(ctx, "WaitForTransformJobs", ["StepFunctionsGetEventsForSageMakerTransformJobsRule"]),
        {
            Sid: "PassExecutionRoleToSageMaker",
            Effect: "Allow",
            Action: "iam:PassRole",
            Resource: i.executionRoleArn,
            Condition: { StringEquals: { "iam:PassedToService": "sagemaker.amazonaws.com" } },
        },
        {
            // An encrypted job makes SageMaker create grants on its keys with the caller's permissions.
            Sid: "GrantJobKeysToSageMaker",
            Effect: "Allow",
            Action: ["kms:CreateGrant", "kms:DescribeKey"],
            Resource: i.keyArns,
            Condition: { Bool: { "kms:GrantIsForAWSResource": "true" } },
        },
        ...sagemakerGuardrailStatements({ onlyActions: ["sagemaker:CreateModel", "sagemaker:CreateTransformJob"], allowedInstanceTypes: [i.instanceType] }),
    ];
}

/**
 * SageMaker batch transform with an approved model version from the registry, as a Step Functions state machine
 * (see `buildBatchInferenceDefinition`).
 *
 * - The model runs as the endpoint's does: the same image rules, in the platform's private subnets,
 *   network-isolated, under its own execution role that reads only the input prefix and the artifacts and writes
 *   only the output prefix.
 * - The job reads a processed-layer prefix and writes an analytics-layer prefix under the lake key, on Inferentia2
 *   by default with its volume under the ML key; SageMaker's CreateTransformJob has no inter-container
 *   encryption setting (a transform job's instances don't exchange data), so there is none to set.
 * - The state machine logs, traces and encrypts like the workflow's, runs on an optional schedule, and can be run
 *   by `MlWorkflow` after each deployment; a CloudWatch alarm notifies the alert topic when an execution fails
 *   or times out.
 */
export class BatchInference extends pulumi.ComponentResource {
    /** ARN of the state machine (what `MlWorkflow.batchInferenceStateMachineArn` takes). */
    readonly stateMachineArn: pulumi.Output<string>;
    /** Name of the state machine. */
    readonly stateMachineName: pulumi.Output<string>;
    /** ARN of the state machine's role. */
    readonly roleArn: pulumi.Output<string>;
    /** ARN of the models' execution role. */
    readonly executionRoleArn: pulumi.Output<string>;
    /** Name of the execution log group. */
    readonly logGroupName: pulumi.Output<string>;
    /** Name of the alarm on failed and timed-out executions. */
    readonly failureAlarmName: pulumi.Output<string>;
    /** The generated definition (JSON). */
    readonly definition: pulumi.Output<string>;
    /** ARN of the schedule, when one was asked for. */
    readonly scheduleArn: pulumi.Output<string | undefined>;

    constructor(name: string, args: BatchInferenceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ml-platform:index:BatchInference", name, {}, opts);
        validateBatchInferenceArgs(args, name);

        const tags = args.tags;
        const ctx = arnContext(this);
        const smName = args.stateMachineName ?? name;
        const prefix = args.jobNamePrefix ?? defaultNamePrefix(name);
        const instanceType = args.instanceType ?? DEFAULT_INSTANCE_TYPE;
        const imageUri = servingImageUri(ctx, args.imageUri, args.neuronImageTag);

        const { role: executionRole, rolePolicy } = sageMakerRole(
            `${name}-exec`,
            `SageMaker execution role of the ${smName} batch inference models`,
            batchExecutionRoleStatements({
                ctx,
                inputS3Uri: args.inputS3Uri,
                outputS3Uri: args.outputS3Uri,
                modelArtifactsS3Uri: args.modelArtifactsS3Uri,
                lakeKmsKeyArn: args.lakeKmsKeyArn,
                imageUri,
                subnetIds: args.subnetIds,
                securityGroupIds: args.securityGroupIds,
            }),
            ctx,
            tags,
            this,
        );

        const dp = args.dataProcessing ?? {};
        const locations = pulumi.all([args.modelPackageGroupArn, args.modelArtifactsS3Uri, args.inputS3Uri, args.outputS3Uri]);
        const network = pulumi.all([pulumi.all(args.subnetIds), pulumi.all(args.securityGroupIds)]);
        // The role's permissions must be in place before an execution can create a model with it.
        const identities = pulumi.all([ctx.partition, imageUri, executionRole.arn, args.lakeKmsKeyArn, args.mlKmsKeyArn, rolePolicy.id]);
        const definition = pulumi
            .all([locations, network, identities, args.modelPackageArn])
            .apply(
                ([
                    [modelPackageGroupArn, modelArtifactsS3Uri, inputS3Uri, outputS3Uri],
                    [subnets, groups],
                    [partition, image, roleArn, lakeKey, mlKey],
                    modelPackageArn,
                ]) =>
                    serializeStateMachine(
                        buildBatchInferenceDefinition({
                            partition,
                            modelPackageGroupArn,
                            modelPackageArn,
                            modelArtifactsS3Uri,
                            inputS3Uri,
                            outputS3Uri,
                            imageUri: image,
                            environment: args.environment ?? {},
                            executionRoleArn: roleArn,
                            subnetIds: subnets,
                            securityGroupIds: groups,
                            lakeKmsKeyArn: lakeKey,
                            mlKmsKeyArn: mlKey,
                            instanceType,
                            instanceCount: args.instanceCount ?? 1,
                            contentType: args.contentType ?? "text/csv",
                            splitType: args.splitType ?? TransformSplitType.Line,
                            assembleWith: args.assembleWith ?? TransformAssembleWith.Line,
                            batchStrategy: args.batchStrategy ?? TransformBatchStrategy.MultiRecord,
                            maxPayloadInMB: args.maxPayloadInMB ?? 6,
                            maxConcurrentTransforms: args.maxConcurrentTransforms ?? 1,
                            invocationTimeoutSeconds: args.invocationTimeoutSeconds ?? 600,
                            invocationMaxRetries: args.invocationMaxRetries ?? 1,
                            dataProcessing: {
                                inputFilter: dp.inputFilter ?? "$",
                                outputFilter: dp.outputFilter ?? "$",
                                joinSource: dp.joinSource ?? TransformJoinSource.Input,
                            },
                            jobNamePrefix: prefix,
                            timeoutSeconds: args.timeoutSeconds ?? 86400,
                            tags: tags ?? {},
                        }),
                    ),
            );

        const { stateMachine, role, logGroup, schedule } = governedStateMachine(
            name,
            {
                ctx,
                stateMachineName: smName,
                purpose: "batch inference",
                definition,
                statements: batchStateMachineRoleStatements({
                    ctx,
                    modelPackageGroupArn: args.modelPackageGroupArn,
                    executionRoleArn: executionRole.arn,
                    keyArns: [args.mlKmsKeyArn, args.lakeKmsKeyArn],
                    jobNamePrefix: prefix,
                    instanceType,
                }),
                kmsKeyArn: args.mlKmsKeyArn,
                logsKmsKeyArn: args.logsKmsKeyArn,
                logRetentionDays: args.logRetentionDays ?? 365,
                schedule: args.schedule,
                protect: args.protect ?? true,
                tags,
            },
            this,
        );

        const executions = (id: string, metricName: string) => ({
            id,
            metric: { namespace: "AWS/States", metricName, dimensions: { StateMachineArn: stateMachine.arn }, period: 300, stat: "Sum" },
        });
        const failureAlarm = new aws.cloudwatch.MetricAlarm(
            `${name}-failures`,
            {
                alarmDescription: `Batch inference executions of ${smName} failed or timed out; their transform jobs wrote no complete output.`,
                metricQueries: [
                    executions("failed", "ExecutionsFailed"),
                    executions("timedout", "ExecutionsTimedOut"),
                    { id: "unsuccessful", expression: "FILL(failed, 0) + FILL(timedout, 0)", label: "Failed or timed-out executions", returnData: true },
                ],
                comparisonOperator: "GreaterThanOrEqualToThreshold",
                threshold: 1,
                evaluationPeriods: 1,
                datapointsToAlarm: 1,
                // No executions in a period is not a failure.
                treatMissingData: "notBreaching",
                alarmActions: [args.alarmTopicArn],
                okActions: [args.alarmTopicArn],
                actionsEnabled: true,
                tags,
            },
            { parent: this },
        );

        this.stateMachineArn = stateMachine.arn;
        this.stateMachineName = stateMachine.name;
        this.roleArn = role.arn;
        this.executionRoleArn = executionRole.arn;
        this.logGroupName = logGroup.name;
        this.failureAlarmName = failureAlarm.name;
        this.definition = definition;
        this.scheduleArn = schedule ? schedule.arn : pulumi.output(undefined);
        this.registerOutputs({
            stateMachineArn: this.stateMachineArn,
            stateMachineName: this.stateMachineName,
            roleArn: this.roleArn,
            executionRoleArn: this.executionRoleArn,
            logGroupName: this.logGroupName,
            failureAlarmName: this.failureAlarmName,
            definition: this.definition,
            scheduleArn: this.scheduleArn,
        });
    }
}
