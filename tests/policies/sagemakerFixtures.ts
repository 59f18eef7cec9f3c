/**
 * Fixtures for the SageMaker, Glue, Lake Formation, Step Functions, SNS and
 * CloudWatch alarm rule tests.
 *
 * Resource props are typed against @pulumi/aws v7's own Args (unwrapped), so
 * a fixture with a misspelt or removed field fails to compile. Pipeline
 * definitions are typed objects in the shape SageMaker Pipelines' JSON
 * schema uses (steps whose Arguments are the CreateTrainingJob /
 * CreateHyperParameterTuningJob request), stringified as a real definition is.
 *
 * Each fixture function returns a fresh compliant object; tests mutate one
 * property per case with `withValue` / `without`.
 */
import type * as aws from "@pulumi/aws";
import type { Unwrap } from "@pulumi/pulumi";

/** Props as the engine hands them to a policy: the resource's Args with every Input resolved. */
export type Props<TArgs> = Unwrap<TArgs>;

export const ACCOUNT = "111122223333";
export const KEY_ARN = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
export const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/ml-training`;
export const IMAGE = "763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training-neuronx:2.1.2-neuronx-py310-sdk2.20.0-ubuntu20.04";

type Path = (string | number)[];

/** A deep copy of `obj` with the value at `path` replaced (intermediate objects created as needed). */
export function withValue<T>(obj: T, path: Path, value: unknown): Record<string, unknown> {
    const copy = JSON.parse(JSON.stringify(obj)) as Record<string, unknown>;
    let cur: Record<string | number, unknown> = copy;
    path.slice(0, -1).forEach((k, i) => {
        if (typeof cur[k] !== "object" || cur[k] === null) {
            cur[k] = typeof path[i + 1] === "number" ? [] : {};
        }
        cur = cur[k] as Record<string | number, unknown>;
    });
    cur[path[path.length - 1]] = value;
    return copy;
}

/** A deep copy of `obj` without the property at `path`. */
export function without<T>(obj: T, path: Path): Record<string, unknown> {
    const copy = JSON.parse(JSON.stringify(obj)) as Record<string, unknown>;
    let cur: Record<string | number, unknown> | undefined = copy;
    for (const k of path.slice(0, -1)) {
        cur = cur?.[k] as Record<string | number, unknown> | undefined;
    }
    if (cur) {
        delete cur[path[path.length - 1]];
    }
    return copy;
}

// ---------------------------------------------------------------------------
// Resource props
// ---------------------------------------------------------------------------

export function domainProps(): Props<aws.sagemaker.DomainArgs> {
    return {
        domainName: "ml-studio",
        authMode: "IAM",
        vpcId: "vpc-0123456789abcdef0",
        subnetIds: ["subnet-0aaa", "subnet-0bbb"],
        appNetworkAccessType: "VpcOnly",
        kmsKeyId: KEY_ARN,
        defaultUserSettings: { executionRole: ROLE_ARN, securityGroups: ["sg-0ml"] },
    };
}

export function notebookProps(): Props<aws.sagemaker.NotebookInstanceArgs> {
    return {
        instanceType: "ml.t3.medium",
        roleArn: ROLE_ARN,
        directInternetAccess: "Disabled",
        rootAccess: "Disabled",
        kmsKeyId: KEY_ARN,
        subnetId: "subnet-0aaa",
        securityGroups: ["sg-0ml"],
    };
}

export function modelProps(): Props<aws.sagemaker.ModelArgs> {
    return {
        executionRoleArn: ROLE_ARN,
        primaryContainer: { image: IMAGE, modelDataUrl: "s3://ml-models/fraud/model.tar.gz" },
        enableNetworkIsolation: true,
        vpcConfig: { subnets: ["subnet-0aaa"], securityGroupIds: ["sg-0ml"] },
    };
}

export function endpointConfigProps(instanceType = "ml.inf2.xlarge"): Props<aws.sagemaker.EndpointConfigurationArgs> {
    return {
        productionVariants: [{ variantName: "primary", modelName: "fraud", instanceType, initialInstanceCount: 2 }],
        kmsKeyArn: KEY_ARN,
        dataCaptureConfig: {
            enableCapture: true,
            initialSamplingPercentage: 20,
            destinationS3Uri: "s3://ml-monitoring/capture",
            kmsKeyId: KEY_ARN,
            captureOptions: [{ captureMode: "Input" }, { captureMode: "Output" }],
        },
    };
}

export function endpointProps(): Props<aws.sagemaker.EndpointArgs> {
    return {
        endpointConfigName: "fraud-config",
        deploymentConfig: {
            blueGreenUpdatePolicy: {
                terminationWaitInSeconds: 600,
                trafficRoutingConfiguration: { type: "CANARY", waitIntervalInSeconds: 300, canarySize: { type: "CAPACITY_PERCENT", value: 10 } },
            },
            autoRollbackConfiguration: { alarms: [{ alarmName: "fraud-5xx" }, { alarmName: "fraud-latency" }] },
        },
    };
}

export function featureGroupProps(): Props<aws.sagemaker.FeatureGroupArgs> {
    return {
        featureGroupName: "claims",
        recordIdentifierFeatureName: "claim_id",
        eventTimeFeatureName: "event_time",
        roleArn: ROLE_ARN,
        featureDefinitions: [
            { featureName: "claim_id", featureType: "String" },
            { featureName: "event_time", featureType: "String" },
        ],
        onlineStoreConfig: { enableOnlineStore: true, securityConfig: { kmsKeyId: KEY_ARN } },
        offlineStoreConfig: { s3StorageConfig: { s3Uri: "s3://ml-features/claims", kmsKeyId: KEY_ARN } },
    };
}

export function dataQualityProps(instanceType = "ml.m5.xlarge"): Props<aws.sagemaker.DataQualityJobDefinitionArgs> {
    return {
        roleArn: ROLE_ARN,
        dataQualityAppSpecification: { imageUri: "156813124566.dkr.ecr.us-east-1.amazonaws.com/sagemaker-model-monitor-analyzer" },
        dataQualityJobInput: { endpointInput: { endpointName: "fraud" } },
        dataQualityJobOutputConfig: {
            kmsKeyId: KEY_ARN,
            monitoringOutputs: { s3Output: { s3Uri: "s3://ml-monitoring/reports" } },
        },
        jobResources: { clusterConfig: { instanceCount: 1, instanceType, volumeSizeInGb: 20, volumeKmsKeyId: KEY_ARN } },
        networkConfig: {
            enableNetworkIsolation: true,
            enableInterContainerTrafficEncryption: true,
            vpcConfig: { subnets: ["subnet-0aaa"], securityGroupIds: ["sg-0ml"] },
        },
    };
}

export function monitoringScheduleProps(): Props<aws.sagemaker.MonitoringScheduleArgs> {
    return {
        monitoringScheduleConfig: {
            monitoringType: "DataQuality",
            scheduleConfig: { scheduleExpression: "cron(0 * ? * * *)" },
            monitoringJobDefinition: {
                roleArn: ROLE_ARN,
                monitoringAppSpecification: { imageUri: "156813124566.dkr.ecr.us-east-1.amazonaws.com/sagemaker-model-monitor-analyzer" },
                monitoringInputs: { endpointInput: { endpointName: "fraud", localPath: "/opt/ml/processing/input" } },
                monitoringOutputConfig: {
                    kmsKeyId: KEY_ARN,
                    monitoringOutputs: { s3Output: { s3Uri: "s3://ml-monitoring/reports", localPath: "/opt/ml/processing/output" } },
                },
                monitoringResources: { clusterConfig: { instanceCount: 1, instanceType: "ml.m5.xlarge", volumeSizeInGb: 20, volumeKmsKeyId: KEY_ARN } },
                networkConfig: {
                    enableNetworkIsolation: true,
                    enableInterContainerTrafficEncryption: true,
                    vpcConfig: { subnets: ["subnet-0aaa"], securityGroupIds: ["sg-0ml"] },
                },
            },
        },
    };
}

/**
 * A model-quality or model-bias job definition as the platform declares it: an
 * aws.cloudcontrol.Resource whose desiredState is CloudFormation JSON, with
 * `change` applied to that state before it is serialized.
 */
export function cloudControlJobProps(
    kind: "ModelQuality" | "ModelBias" = "ModelQuality",
    change: (state: Record<string, any>) => void = () => undefined,
): Record<string, unknown> {
    const state: Record<string, any> = {
        JobDefinitionName: `fraud-${kind.toLowerCase()}`,
        [`${kind}AppSpecification`]: { ImageUri: "156813124566.dkr.ecr.us-east-1.amazonaws.com/sagemaker-model-monitor-analyzer" },
        [`${kind}JobInput`]: {
            EndpointInput: { EndpointName: "fraud", LocalPath: "/opt/ml/processing/input/endpoint" },
            GroundTruthS3Input: { S3Uri: "s3://ml-monitoring/ground-truth" },
        },
        [`${kind}JobOutputConfig`]: {
            KmsKeyId: KEY_ARN,
            MonitoringOutputs: [{ S3Output: { S3Uri: "s3://ml-monitoring/reports", LocalPath: "/opt/ml/processing/output" } }],
        },
        JobResources: { ClusterConfig: { InstanceCount: 1, InstanceType: "ml.m5.xlarge", VolumeSizeInGB: 20, VolumeKmsKeyId: KEY_ARN } },
        NetworkConfig: {
            EnableInterContainerTrafficEncryption: true,
            EnableNetworkIsolation: true,
            VpcConfig: { SecurityGroupIds: ["sg-0ml"], Subnets: ["subnet-0aaa"] },
        },
        RoleArn: ROLE_ARN,
    };
    change(state);
    return { typeName: `AWS::SageMaker::${kind}JobDefinition`, desiredState: JSON.stringify(state) };
}

/** A compliant (dev) training job on an EBS-backed type, with a volume key. */
export function trainingJobProps(instanceType = "ml.m5.xlarge"): Props<aws.sagemaker.TrainingJobArgs> {
    return {
        trainingJobName: "fraud-train",
        roleArn: ROLE_ARN,
        algorithmSpecification: { trainingImage: IMAGE, trainingInputMode: "File" },
        outputDataConfig: { s3OutputPath: "s3://ml-models/fraud", kmsKeyId: KEY_ARN },
        resourceConfig: { instanceType, instanceCount: 1, volumeSizeInGb: 100, volumeKmsKeyId: KEY_ARN },
        vpcConfig: { subnets: ["subnet-0aaa", "subnet-0bbb"], securityGroupIds: ["sg-0ml"] },
        enableNetworkIsolation: true,
        enableInterContainerTrafficEncryption: true,
        enableManagedSpotTraining: true,
        checkpointConfig: { s3Uri: "s3://ml-models/fraud/checkpoints" },
        stoppingCondition: { maxRuntimeInSeconds: 3600, maxWaitTimeInSeconds: 7200 },
    };
}

/** The training job definition of a tuning job, compliant, on Trainium (local NVMe: no volume key). */
export function tuningDefinition(): Props<aws.sagemaker.HyperParameterTuningJobArgs>["trainingJobDefinition"] & object {
    return {
        roleArn: ROLE_ARN,
        algorithmSpecification: { trainingImage: IMAGE, trainingInputMode: "File" },
        outputDataConfig: { s3OutputPath: "s3://ml-models/tuning", kmsKeyId: KEY_ARN },
        resourceConfig: { instanceType: "ml.trn1.2xlarge", instanceCount: 1, volumeSizeInGb: 100 },
        vpcConfig: { subnets: ["subnet-0aaa"], securityGroupIds: ["sg-0ml"] },
        enableNetworkIsolation: true,
        enableInterContainerTrafficEncryption: true,
        enableManagedSpotTraining: true,
        checkpointConfig: { s3Uri: "s3://ml-models/tuning/checkpoints" },
        stoppingCondition: { maxRuntimeInSeconds: 3600, maxWaitTimeInSeconds: 3600 },
    };
}

export function tuningJobProps(): Props<aws.sagemaker.HyperParameterTuningJobArgs> {
    return {
        config: {
            strategy: "Bayesian",
            resourceLimits: { maxNumberOfTrainingJobs: 10, maxParallelTrainingJobs: 2 },
            objective: { type: "Minimize", metricName: "validation:loss" },
        },
        trainingJobDefinition: tuningDefinition(),
    };
}

// ---------------------------------------------------------------------------
// SageMaker Pipelines definitions (the JSON schema's shape)
// ---------------------------------------------------------------------------

/** A value computed when the pipeline runs. */
export type PipelineExpression = { Get: string } | { "Std:Join": { On: string; Values: unknown[] } };

type Val<T> = T | PipelineExpression;

/** The CreateTrainingJob request fields the platform sets (a subset of the API shape). */
export interface CreateTrainingJobRequest {
    AlgorithmSpecification: { TrainingImage: string; TrainingInputMode: "File" | "Pipe" | "FastFile" };
    RoleArn: Val<string>;
    InputDataConfig?: { ChannelName: string; DataSource: { S3DataSource: { S3DataType: "S3Prefix"; S3Uri: Val<string> } } }[];
    OutputDataConfig: { S3OutputPath: Val<string>; KmsKeyId?: Val<string> };
    ResourceConfig: {
        InstanceType?: Val<string>;
        InstanceCount?: Val<number>;
        InstanceGroups?: { InstanceGroupName: string; InstanceType: Val<string>; InstanceCount: number }[];
        VolumeSizeInGB: Val<number>;
        VolumeKmsKeyId?: Val<string>;
    };
    StoppingCondition: { MaxRuntimeInSeconds?: Val<number>; MaxWaitTimeInSeconds?: Val<number> };
    VpcConfig?: { Subnets: Val<string>[]; SecurityGroupIds: Val<string>[] };
    EnableNetworkIsolation?: Val<boolean>;
    EnableInterContainerTrafficEncryption?: Val<boolean>;
    EnableManagedSpotTraining?: Val<boolean>;
    CheckpointConfig?: { S3Uri: Val<string>; LocalPath?: string };
}

/** A tuning step's training job definition: the training fields, with the tuning job's resource config variant. */
export type TuningTrainingJobDefinition = Omit<CreateTrainingJobRequest, "ResourceConfig"> & {
    ResourceConfig?: CreateTrainingJobRequest["ResourceConfig"];
    HyperParameterTuningResourceConfig?: {
        InstanceConfigs?: { InstanceType: Val<string>; InstanceCount: number; VolumeSizeInGB: number }[];
        VolumeKmsKeyId?: Val<string>;
    };
    StaticHyperParameters?: Record<string, string>;
};

export interface TrainingStep {
    Name: string;
    Type: "Training";
    Arguments: CreateTrainingJobRequest;
}

export interface TuningStep {
    Name: string;
    Type: "Tuning";
    Arguments: {
        HyperParameterTuningJobConfig: {
            Strategy: "Bayesian" | "Random";
            ResourceLimits: { MaxNumberOfTrainingJobs: number; MaxParallelTrainingJobs: number };
        };
        TrainingJobDefinition?: TuningTrainingJobDefinition;
        TrainingJobDefinitions?: TuningTrainingJobDefinition[];
    };
}

export interface ConditionStep {
    Name: string;
    Type: "Condition";
    Arguments: {
        Conditions: { Type: "GreaterThanOrEqualTo" | "LessThanOrEqualTo"; LeftValue: unknown; RightValue: unknown }[];
        IfSteps: PipelineStep[];
        ElseSteps: PipelineStep[];
    };
}

export interface ProcessingStep {
    Name: string;
    Type: "Processing";
    Arguments: { ProcessingResources: { ClusterConfig: { InstanceType: string; InstanceCount: number; VolumeSizeInGB: number } }; RoleArn: string };
}

export interface FailStep {
    Name: string;
    Type: "Fail";
    Arguments: { ErrorMessage: string };
}

export type PipelineStep = TrainingStep | TuningStep | ConditionStep | ProcessingStep | FailStep;

export interface PipelineParameter {
    Name: string;
    Type: "String" | "Integer" | "Float" | "Boolean";
    DefaultValue?: string | number | boolean;
}

export interface PipelineDefinition {
    Version: "2020-12-01";
    Metadata: Record<string, unknown>;
    Parameters: PipelineParameter[];
    Steps: PipelineStep[];
}

/** A compliant (dev) CreateTrainingJob request on an EBS-backed type. */
export function trainingRequest(instanceType: Val<string> = "ml.m5.xlarge"): CreateTrainingJobRequest {
    return {
        AlgorithmSpecification: { TrainingImage: IMAGE, TrainingInputMode: "File" },
        RoleArn: ROLE_ARN,
        InputDataConfig: [{ ChannelName: "train", DataSource: { S3DataSource: { S3DataType: "S3Prefix", S3Uri: { Get: "Parameters.TrainData" } } } }],
        OutputDataConfig: { S3OutputPath: "s3://ml-models/pipeline", KmsKeyId: KEY_ARN },
        ResourceConfig: { InstanceType: instanceType, InstanceCount: 1, VolumeSizeInGB: 100, VolumeKmsKeyId: KEY_ARN },
        StoppingCondition: { MaxRuntimeInSeconds: 3600, MaxWaitTimeInSeconds: 7200 },
        VpcConfig: { Subnets: ["subnet-0aaa"], SecurityGroupIds: ["sg-0ml"] },
        EnableNetworkIsolation: true,
        EnableInterContainerTrafficEncryption: true,
        EnableManagedSpotTraining: true,
        CheckpointConfig: { S3Uri: "s3://ml-models/pipeline/checkpoints", LocalPath: "/opt/ml/checkpoints" },
    };
}

/** A compliant tuning definition on Trainium (local NVMe: no volume key). */
export function tuningRequest(): TuningTrainingJobDefinition {
    const { ResourceConfig: _unused, ...rest } = trainingRequest();
    void _unused;
    return {
        ...rest,
        HyperParameterTuningResourceConfig: { InstanceConfigs: [{ InstanceType: "ml.trn1.2xlarge", InstanceCount: 1, VolumeSizeInGB: 100 }] },
        StaticHyperParameters: { epochs: "10" },
    };
}

/**
 * A compliant pipeline: a top-level training step, then a condition whose
 * IfSteps retrain on Trainium and whose ElseSteps tune.
 */
export function pipelineDefinition(): PipelineDefinition {
    const trainium = trainingRequest("ml.trn1.32xlarge");
    delete trainium.ResourceConfig.VolumeKmsKeyId;
    return {
        Version: "2020-12-01",
        Metadata: {},
        Parameters: [
            { Name: "TrainData", Type: "String", DefaultValue: "s3://ml-lake-processed/claims/" },
            { Name: "TrainingInstance", Type: "String", DefaultValue: "ml.m5.xlarge" },
        ],
        Steps: [
            { Name: "Train", Type: "Training", Arguments: trainingRequest({ Get: "Parameters.TrainingInstance" }) },
            {
                Name: "Gate",
                Type: "Condition",
                Arguments: {
                    Conditions: [
                        { Type: "GreaterThanOrEqualTo", LeftValue: { Get: "Steps.Train.FinalMetricDataList['validation:auc'].Value" }, RightValue: 0.9 },
                    ],
                    IfSteps: [{ Name: "Retrain", Type: "Training", Arguments: trainium }],
                    ElseSteps: [
                        {
                            Name: "Tune",
                            Type: "Tuning",
                            Arguments: {
                                HyperParameterTuningJobConfig: {
                                    Strategy: "Bayesian",
                                    ResourceLimits: { MaxNumberOfTrainingJobs: 10, MaxParallelTrainingJobs: 2 },
                                },
                                TrainingJobDefinition: tuningRequest(),
                            },
                        },
                        { Name: "Stop", Type: "Fail", Arguments: { ErrorMessage: "model below threshold" } },
                    ],
                },
            },
        ],
    };
}

/** Pipeline props for a definition (stringified, as `pipelineDefinition` is a JSON string). */
export function pipelineProps(definition: PipelineDefinition | string = pipelineDefinition()): Props<aws.sagemaker.PipelineArgs> {
    return {
        pipelineName: "fraud",
        pipelineDisplayName: "fraud",
        roleArn: ROLE_ARN,
        pipelineDefinition: typeof definition === "string" ? definition : JSON.stringify(definition),
    };
}

/** The Condition step of `pipelineDefinition()`. */
export function gateOf(def: PipelineDefinition): ConditionStep {
    const gate = def.Steps.find((s): s is ConditionStep => s.Type === "Condition");
    if (!gate) {
        throw new Error("fixture has no condition step");
    }
    return gate;
}

/** The training request of the named step (top level or in a condition's branches). */
export function trainingArgsOf(def: PipelineDefinition, name: string): CreateTrainingJobRequest {
    const find = (steps: PipelineStep[]): CreateTrainingJobRequest | undefined => {
        for (const s of steps) {
            if (s.Type === "Training" && s.Name === name) {
                return s.Arguments;
            }
            if (s.Type === "Condition") {
                const hit = find(s.Arguments.IfSteps) ?? find(s.Arguments.ElseSteps);
                if (hit) {
                    return hit;
                }
            }
        }
        return undefined;
    };
    const found = find(def.Steps);
    if (!found) {
        throw new Error(`fixture has no training step "${name}"`);
    }
    return found;
}

/** The tuning step "Tune" of `pipelineDefinition()`. */
export function tuneOf(def: PipelineDefinition): TuningStep {
    const tune = gateOf(def).Arguments.ElseSteps.find((s): s is TuningStep => s.Type === "Tuning");
    if (!tune) {
        throw new Error("fixture has no tuning step");
    }
    return tune;
}

// ---------------------------------------------------------------------------
// Batch transform: state machine (Amazon States Language) and pipeline definitions
// ---------------------------------------------------------------------------

export const LAKE_ANALYTICS_BUCKET = "ml-lake-analytics-0a1b";
export const LAKE_PROCESSED_BUCKET = "ml-lake-processed-0a1b";
export const INFERENCE_IMAGE = "763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-inference-neuronx:2.1.2-neuronx-py310-sdk2.20.0-ubuntu20.04";
export const MODEL_ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/ml-model`;

/** One state of a state machine definition (the fields the fixtures use). */
export interface AslState {
    Type: "Task" | "Parallel" | "Map" | "Pass" | "Succeed" | "Fail";
    QueryLanguage?: "JSONata" | "JSONPath";
    Resource?: string;
    Arguments?: unknown;
    Parameters?: Record<string, unknown>;
    Branches?: { StartAt: string; States: Record<string, AslState> }[];
    ItemProcessor?: { ProcessorConfig?: { Mode: "INLINE" }; StartAt: string; States: Record<string, AslState> };
    Iterator?: { StartAt: string; States: Record<string, AslState> };
    Items?: string;
    Next?: string;
    End?: boolean;
}

export interface AslDefinition {
    Comment?: string;
    QueryLanguage?: "JSONata" | "JSONPath";
    StartAt: string;
    States: Record<string, AslState>;
}

export const SAGEMAKER_TASK = {
    createModel: "arn:aws:states:::sagemaker:createModel",
    createTransformJob: "arn:aws:states:::sagemaker:createTransformJob.sync",
    sdkCreateModel: "arn:aws:states:::aws-sdk:sagemaker:createModel",
    sdkCreateTransformJob: "arn:aws:states:::aws-sdk:sagemaker:createTransformJob",
} as const;

const INFERENCE_TAGS = [
    { Key: "owner", Value: "ml-platform" },
    { Key: "data-classification", Value: "phi" },
];

/** The CreateModel Arguments the batch inference component emits (JSONata). */
export function createModelArguments(): Record<string, any> {
    return {
        ModelName: "{% $modelName %}",
        PrimaryContainer: { Image: INFERENCE_IMAGE, ModelDataUrl: "{% $modelDataUrl %}" },
        ExecutionRoleArn: MODEL_ROLE_ARN,
        VpcConfig: { Subnets: ["subnet-0aaa", "subnet-0bbb"], SecurityGroupIds: ["sg-0ml"] },
        EnableNetworkIsolation: true,
        Tags: INFERENCE_TAGS,
    };
}

/** The CreateTransformJob Arguments the batch inference component emits (JSONata), on Inferentia. */
export function transformArguments(): Record<string, any> {
    return {
        TransformJobName: "{% $jobName %}",
        ModelName: "{% $modelName %}",
        TransformInput: {
            DataSource: { S3DataSource: { S3DataType: "S3Prefix", S3Uri: `s3://${LAKE_PROCESSED_BUCKET}/claims/` } },
            ContentType: "text/csv",
            SplitType: "Line",
        },
        TransformOutput: { S3OutputPath: `{% 's3://${LAKE_ANALYTICS_BUCKET}/scores/' & $jobName & '/' %}`, KmsKeyId: KEY_ARN, AssembleWith: "Line" },
        TransformResources: { InstanceType: "ml.inf2.xlarge", InstanceCount: 1, VolumeKmsKeyId: KEY_ARN },
        BatchStrategy: "MultiRecord",
        MaxPayloadInMB: 6,
        DataProcessing: { InputFilter: "$[1:]", JoinSource: "Input", OutputFilter: "$[0,-1]" },
        Tags: INFERENCE_TAGS,
    };
}

/** The batch inference component's state machine: JSONata, CreateModel then the transform job. */
export function batchInferenceDefinition(): AslDefinition {
    return {
        Comment: "Batch inference over the processed claims",
        QueryLanguage: "JSONata",
        StartAt: "CreateModel",
        States: {
            CreateModel: { Type: "Task", Resource: SAGEMAKER_TASK.createModel, Arguments: createModelArguments(), Next: "Transform" },
            Transform: { Type: "Task", Resource: SAGEMAKER_TASK.createTransformJob, Arguments: transformArguments(), End: true },
        },
    };
}

/** The same workflow in JSONPath: run-time values in `Key.$` parameters. */
export function jsonPathBatchDefinition(): AslDefinition {
    const model = createModelArguments();
    delete model.ModelName;
    delete model.PrimaryContainer.ModelDataUrl;
    const transform = transformArguments();
    delete transform.TransformJobName;
    delete transform.ModelName;
    delete transform.TransformOutput.S3OutputPath;
    return {
        StartAt: "CreateModel",
        States: {
            CreateModel: {
                Type: "Task",
                Resource: SAGEMAKER_TASK.createModel,
                Parameters: { ...model, "ModelName.$": "$.model", PrimaryContainer: { ...model.PrimaryContainer, "ModelDataUrl.$": "$.modelDataUrl" } },
                Next: "Transform",
            },
            Transform: {
                Type: "Task",
                Resource: SAGEMAKER_TASK.createTransformJob,
                Parameters: {
                    ...transform,
                    "TransformJobName.$": "$.jobName",
                    "ModelName.$": "$.model",
                    TransformOutput: { ...transform.TransformOutput, "S3OutputPath.$": `States.Format('s3://${LAKE_ANALYTICS_BUCKET}/scores/{}/', $.jobName)` },
                },
                End: true,
            },
        },
    };
}

/** State machine props for a definition (stringified, as `definition` is a JSON string). */
export function stateMachineProps(definition: AslDefinition | string = batchInferenceDefinition()): Props<aws.sfn.StateMachineArgs> {
    return {
        roleArn: ROLE_ARN,
        definition: typeof definition === "string" ? definition : JSON.stringify(definition),
        loggingConfiguration: {
            level: "ALL",
            includeExecutionData: true,
            logDestination: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/vendedlogs/states/batch:*`,
        },
        tracingConfiguration: { enabled: true },
        encryptionConfiguration: { type: "CUSTOMER_MANAGED_KMS_KEY", kmsKeyId: KEY_ARN, kmsDataKeyReusePeriodSeconds: 300 },
    };
}

/** A CreateTransformJob request of a pipeline Transform step, reading its model from the Model step "CreateModel". */
export function transformStepRequest(instanceType: Val<string> = "ml.inf2.xlarge"): Record<string, any> {
    return {
        ModelName: { Get: "Steps.CreateModel.ModelName" },
        TransformInput: {
            DataSource: { S3DataSource: { S3DataType: "S3Prefix", S3Uri: { Get: "Parameters.InputData" } } },
            ContentType: "text/csv",
            SplitType: "Line",
        },
        TransformOutput: {
            S3OutputPath: { "Std:Join": { On: "/", Values: [`s3://${LAKE_ANALYTICS_BUCKET}`, "scores", { Get: "Execution.PipelineExecutionId" }] } },
            KmsKeyId: KEY_ARN,
            AssembleWith: "Line",
        },
        TransformResources: { InstanceType: instanceType, InstanceCount: 1, VolumeKmsKeyId: KEY_ARN },
    };
}

/**
 * A batch scoring pipeline: a Model step, then a condition whose IfSteps score on Inferentia
 * (output path from a parameter's default) and whose ElseSteps score on ml.g5 (local NVMe: no volume key).
 */
export function transformPipelineDefinition(): Record<string, any> {
    const fromParameter = transformStepRequest();
    fromParameter.TransformOutput.S3OutputPath = { Get: "Parameters.ScoreOutput" };
    const gpu = transformStepRequest("ml.g5.2xlarge");
    delete gpu.TransformResources.VolumeKmsKeyId;
    return {
        Version: "2020-12-01",
        Metadata: {},
        Parameters: [
            { Name: "InputData", Type: "String", DefaultValue: `s3://${LAKE_PROCESSED_BUCKET}/claims/` },
            { Name: "ScoreOutput", Type: "String", DefaultValue: `s3://${LAKE_ANALYTICS_BUCKET}/scores/` },
            { Name: "UseGpu", Type: "Boolean", DefaultValue: false },
        ],
        Steps: [
            {
                Name: "CreateModel",
                Type: "Model",
                Arguments: {
                    ExecutionRoleArn: MODEL_ROLE_ARN,
                    PrimaryContainer: { Image: INFERENCE_IMAGE, ModelDataUrl: "s3://ml-models/fraud/model.tar.gz" },
                    VpcConfig: { Subnets: ["subnet-0aaa"], SecurityGroupIds: ["sg-0ml"] },
                    EnableNetworkIsolation: true,
                },
            },
            { Name: "Score", Type: "Transform", Arguments: transformStepRequest() },
            {
                Name: "Gate",
                Type: "Condition",
                Arguments: {
                    Conditions: [{ Type: "Equals", LeftValue: { Get: "Parameters.UseGpu" }, RightValue: true }],
                    IfSteps: [{ Name: "ScoreGpu", Type: "Transform", Arguments: gpu }],
                    ElseSteps: [{ Name: "ScoreInf", Type: "Transform", Arguments: fromParameter }],
                },
            },
        ],
    };
}
