/**
 * Typed SageMaker Model Building Pipeline definitions (JSON schema version 2020-12-01).
 *
 * Only the subset the platform generates: Processing, Training, Tuning, Condition, RegisterModel and Fail steps,
 * pipeline parameters, property files and the experiment config. Step arguments mirror the request shapes of
 * CreateProcessingJob, CreateTrainingJob, CreateHyperParameterTuningJob and CreateModelPackage, minus the job
 * names (Pipelines names jobs).
 * The definition is assembled from these objects and serialised once with `JSON.stringify`, so a typo in a
 * field name is a compile error rather than a failed pipeline execution.
 */

/** `{"Get": "Parameters.X"}`, `{"Get": "Steps.S.Property"}` or `{"Get": "Execution.PipelineExecutionId"}`. */
export interface PipelineGet {
    Get: string;
}

/** `Std:Join`: concatenates values, resolved when the execution runs. */
export interface PipelineJoin {
    "Std:Join": { On: string; Values: PipelineValue<string | number>[] };
}

/** `Std:JsonGet`: reads a value from a step's property file. */
export interface PipelineJsonGet {
    "Std:JsonGet": { PropertyFile: PipelineGet; Path: string };
}

/** A literal or a value resolved at execution time. */
export type PipelineValue<T> = T | PipelineGet | PipelineJoin | PipelineJsonGet;

/** A pipeline parameter, overridable per execution. */
export interface PipelineParameter {
    Name: string;
    Type: "String" | "Integer" | "Float" | "Boolean";
    DefaultValue?: string | number | boolean;
}

/** Names the experiment and trial every execution's jobs are recorded under. */
export interface PipelineExperimentConfig {
    ExperimentName: PipelineValue<string>;
    TrialName: PipelineValue<string>;
}

/** A JSON file written by a processing step's output, readable with `Std:JsonGet`. */
export interface PropertyFile {
    PropertyFileName: string;
    OutputName: string;
    FilePath: string;
}

export interface VpcConfig {
    SecurityGroupIds: string[];
    Subnets: string[];
}

export interface S3Input {
    S3Uri: PipelineValue<string>;
    LocalPath: string;
    S3DataType: "S3Prefix" | "ManifestFile";
    S3InputMode: "File" | "Pipe";
    S3DataDistributionType?: "FullyReplicated" | "ShardedByS3Key";
}

export interface ProcessingInput {
    InputName: string;
    S3Input: S3Input;
}

export interface ProcessingOutput {
    OutputName: string;
    S3Output: { S3Uri: PipelineValue<string>; LocalPath: string; S3UploadMode: "EndOfJob" | "Continuous" };
}

/** CreateProcessingJob request, as a step's Arguments. */
export interface ProcessingJobArguments {
    RoleArn: string;
    AppSpecification: { ImageUri: string; ContainerEntrypoint?: string[]; ContainerArguments?: string[] };
    ProcessingResources: {
        ClusterConfig: { InstanceType: string; InstanceCount: number; VolumeSizeInGB: number; VolumeKmsKeyId?: string };
    };
    ProcessingInputs: ProcessingInput[];
    ProcessingOutputConfig: { Outputs: ProcessingOutput[]; KmsKeyId: string };
    NetworkConfig: { EnableNetworkIsolation: boolean; EnableInterContainerTrafficEncryption: boolean; VpcConfig: VpcConfig };
    StoppingCondition: { MaxRuntimeInSeconds: number };
    Environment?: { [key: string]: string };
}

export interface TrainingChannel {
    ChannelName: string;
    DataSource: {
        S3DataSource: { S3DataType: "S3Prefix" | "ManifestFile"; S3Uri: PipelineValue<string>; S3DataDistributionType: "FullyReplicated" | "ShardedByS3Key" };
    };
    InputMode?: "File" | "FastFile" | "Pipe";
    ContentType?: string;
}

/** A metric SageMaker reads from the training job's logs: the first capture group of `Regex`. */
export interface MetricDefinition {
    Name: string;
    Regex: string;
}

/** The fields CreateTrainingJob and a tuning job's HyperParameterTrainingJobDefinition share. */
export interface TrainingJobSettings {
    RoleArn: string;
    InputDataConfig: TrainingChannel[];
    OutputDataConfig: { S3OutputPath: string; KmsKeyId: string };
    ResourceConfig: { InstanceType: string; InstanceCount: number; VolumeSizeInGB: number; VolumeKmsKeyId?: string };
    StoppingCondition: { MaxRuntimeInSeconds: number; MaxWaitTimeInSeconds?: number };
    VpcConfig: VpcConfig;
    EnableNetworkIsolation: boolean;
    EnableInterContainerTrafficEncryption: boolean;
    EnableManagedSpotTraining: boolean;
    CheckpointConfig?: { S3Uri: PipelineValue<string>; LocalPath: string };
    Environment?: { [key: string]: string };
}

/** CreateTrainingJob request, as a step's Arguments. */
export interface TrainingJobArguments extends TrainingJobSettings {
    AlgorithmSpecification: {
        TrainingImage: string;
        TrainingInputMode: "File" | "FastFile" | "Pipe";
        MetricDefinitions?: MetricDefinition[];
        EnableSageMakerMetricsTimeSeries?: boolean;
    };
    HyperParameters: { [key: string]: string };
}

/** HyperParameterTrainingJobDefinition: the training jobs a tuning job launches. */
export interface TuningTrainingJobDefinition extends TrainingJobSettings {
    /** HyperParameterAlgorithmSpecification, which has no metrics time-series flag. */
    AlgorithmSpecification: { TrainingImage: string; TrainingInputMode: "File" | "FastFile" | "Pipe"; MetricDefinitions: MetricDefinition[] };
    /** Hyperparameters every training job gets; the tuned ones come from the ranges. */
    StaticHyperParameters: { [key: string]: string };
}

/** A ContinuousParameterRange or IntegerParameterRange; the bounds are strings in the API. */
export interface NumericParameterRange {
    Name: string;
    MinValue: string;
    MaxValue: string;
    ScalingType: "Auto" | "Linear" | "Logarithmic" | "ReverseLogarithmic";
}

/** HyperParameterTuningJobConfig. */
export interface TuningJobConfig {
    Strategy: "Bayesian" | "Random" | "Hyperband" | "Grid";
    HyperParameterTuningJobObjective: { Type: "Maximize" | "Minimize"; MetricName: string };
    /** Grid search leaves MaxNumberOfTrainingJobs out: it runs every combination of the categorical values. */
    ResourceLimits: { MaxNumberOfTrainingJobs?: number; MaxParallelTrainingJobs: number };
    ParameterRanges: {
        ContinuousParameterRanges: NumericParameterRange[];
        IntegerParameterRanges: NumericParameterRange[];
        CategoricalParameterRanges: { Name: string; Values: string[] }[];
    };
    TrainingJobEarlyStoppingType: "Off" | "Auto";
}

/** CreateHyperParameterTuningJob request (without the name), as a Tuning step's Arguments. */
export interface TuningJobArguments {
    HyperParameterTuningJobConfig: TuningJobConfig;
    TrainingJobDefinition: TuningTrainingJobDefinition;
    WarmStartConfig?: {
        ParentHyperParameterTuningJobs: { HyperParameterTuningJobName: string }[];
        WarmStartType: "IdenticalDataAndAlgorithm" | "TransferLearning";
    };
}

/** One comparison of a Condition step. */
export interface PipelineCondition {
    Type: "Equals" | "GreaterThan" | "GreaterThanOrEqualTo" | "LessThan" | "LessThanOrEqualTo";
    LeftValue: PipelineValue<number | string>;
    RightValue: PipelineValue<number | string>;
}

/** CreateModelPackage request (without the name), as a RegisterModel step's Arguments. */
export interface RegisterModelArguments {
    ModelPackageGroupName: string;
    ModelApprovalStatus: "PendingManualApproval" | "Approved" | "Rejected";
    ModelPackageDescription?: PipelineValue<string>;
    InferenceSpecification: {
        Containers: { Image: string; ModelDataUrl: PipelineValue<string>; Environment?: { [key: string]: string } }[];
        SupportedContentTypes: string[];
        SupportedResponseMIMETypes: string[];
        SupportedRealtimeInferenceInstanceTypes?: string[];
    };
    ModelMetrics?: { ModelQuality: { Statistics: { ContentType: string; S3Uri: PipelineValue<string> } } };
}

interface StepBase {
    Name: string;
    DisplayName?: string;
    Description?: string;
    DependsOn?: string[];
}

export interface ProcessingStep extends StepBase {
    Type: "Processing";
    Arguments: ProcessingJobArguments;
    PropertyFiles?: PropertyFile[];
}

export interface TrainingStep extends StepBase {
    Type: "Training";
    Arguments: TrainingJobArguments;
}

export interface TuningStep extends StepBase {
    Type: "Tuning";
    Arguments: TuningJobArguments;
}

export interface ConditionStep extends StepBase {
    Type: "Condition";
    Arguments: { Conditions: PipelineCondition[]; IfSteps: PipelineStep[]; ElseSteps: PipelineStep[] };
}

export interface RegisterModelStep extends StepBase {
    Type: "RegisterModel";
    Arguments: RegisterModelArguments;
}

export interface FailStep extends StepBase {
    Type: "Fail";
    Arguments: { ErrorMessage: PipelineValue<string> };
}

export type PipelineStep = ProcessingStep | TrainingStep | TuningStep | ConditionStep | RegisterModelStep | FailStep;

/** The whole definition document. */
export interface PipelineDefinition {
    Version: "2020-12-01";
    Metadata: Record<string, never>;
    Parameters: PipelineParameter[];
    PipelineExperimentConfig?: PipelineExperimentConfig;
    Steps: PipelineStep[];
}

/** `{"Get": ...}` of a pipeline parameter. */
export function parameter(name: string): PipelineGet {
    return { Get: `Parameters.${name}` };
}

/** `{"Get": ...}` of a step property, e.g. `stepProperty("Train", "ModelArtifacts.S3ModelArtifacts")`. */
export function stepProperty(step: string, path: string): PipelineGet {
    return { Get: `Steps.${step}.${path}` };
}

/** The S3 URI a processing step's named output was uploaded to. */
export function processingOutputUri(step: string, output: string): PipelineGet {
    return stepProperty(step, `ProcessingOutputConfig.Outputs['${output}'].S3Output.S3Uri`);
}

/**
 * The S3 URI of the model of the tuning step's `rank`-th best training job (0 is the best): what the SageMaker
 * Python SDK's `TuningStep.get_top_model_s3_uri` builds. The step's `TrainingJobSummaries` are sorted by the
 * objective, and each training job writes `<S3OutputPath>/<training job name>/output/model.tar.gz`.
 */
export function tuningTopModelUri(step: string, s3OutputPath: string, rank = 0): PipelineJoin {
    return join("/", s3OutputPath.replace(/\/+$/, ""), stepProperty(step, `TrainingJobSummaries[${rank}].TrainingJobName`), "output/model.tar.gz");
}

/** `Std:Join` of values. */
export function join(on: string, ...values: PipelineValue<string | number>[]): PipelineJoin {
    return { "Std:Join": { On: on, Values: values } };
}

/** `Std:JsonGet` of a path in a step's property file. */
export function jsonGet(step: string, propertyFile: string, path: string): PipelineJsonGet {
    return { "Std:JsonGet": { PropertyFile: stepProperty(step, `PropertyFiles.${propertyFile}`), Path: path } };
}

/** This execution's id, to keep each run's artifacts apart. */
export const EXECUTION_ID: PipelineGet = { Get: "Execution.PipelineExecutionId" };

/** Serialises a definition, as `aws.sagemaker.Pipeline.pipelineDefinition` takes it. */
export function serializePipelineDefinition(definition: PipelineDefinition): string {
    return JSON.stringify(definition);
}
