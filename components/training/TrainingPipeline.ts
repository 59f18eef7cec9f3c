import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
    ArnContext,
    arnContext,
    asPrefix,
    checkArn,
    checkEcrImage,
    checkInteger,
    checkOneOf,
    checkRequired,
    checkS3Uri,
    checkSageMakerName,
    dataOptions,
    dlcImageUri,
    ecrPullStatements,
    hasLocalNvmeStorage,
    INFERENCE_FAMILIES,
    instanceFamily,
    parseS3Uri,
    PolicyStatement,
    policyDocument,
    s3ListUnderStatement,
    s3PrefixObjectsArn,
    sagemakerGuardrailStatements,
    sageMakerLogsStatement,
    sageMakerName,
    serviceTrustPolicy,
    toJson,
    TRAINING_FAMILIES,
    ValidationError,
    viaService,
    vpcAccessStatements,
} from "../lib";
import {
    EXECUTION_ID,
    FailStep,
    join,
    jsonGet,
    parameter,
    PipelineDefinition,
    ProcessingInput,
    ProcessingJobArguments,
    ProcessingOutput,
    ProcessingStep,
    processingOutputUri,
    RegisterModelStep,
    serializePipelineDefinition,
    stepProperty,
    TrainingJobSettings,
    TrainingStep,
    TuningStep,
    tuningTopModelUri,
    VpcConfig,
} from "./pipelineDefinition";
import { HyperparameterTuningArgs, TrainingMetricDefinition, tuningJobConfig, validateMetricDefinitions, validateTuningArgs } from "./tuning";

/** How the training job launches its processes across NeuronCores / GPUs and instances. */
export enum TrainingDistribution {
    /** `torch_distributed` on Trainium, GPU families with more than one instance; nothing otherwise. */
    Auto = "auto",
    /**
     * The SageMaker PyTorch toolkit's `torch_distributed` launcher: `torchrun` with one process per NeuronCore (or
     * GPU) on every instance, wired for multi-node runs. The launcher AWS documents for Trainium.
     */
    TorchDistributed = "torch_distributed",
    /** A single process; the script manages any parallelism itself. */
    None = "none",
}

/** Arguments of {@link TrainingPipeline}. */
export interface TrainingPipelineArgs {
    /**
     * Pipeline name, unique in the account and region (1 to 63 letters, digits and hyphens).
     * @default the component name
     */
    pipelineName?: string;
    /**
     * Name of the model package group (the model registry) new model versions are registered in.
     * @default "<component name>-models"
     */
    modelPackageGroupName?: string;
    /** Private subnets every job runs in (`VpcConfig`), so data never leaves the isolated network. */
    subnetIds: pulumi.Input<string>[];
    /** Security groups of the jobs. For multi-node Trainium jobs (EFA) they must allow all traffic within the group. */
    securityGroupIds: pulumi.Input<string>[];
    /**
     * KMS key (the ML key) for the jobs' EBS storage volumes (`VolumeKmsKeyId`). Set only on EBS-backed types:
     * SageMaker rejects it for types with local NVMe storage (Trainium, p4d, g5...), which the Nitro hardware
     * encrypts.
     */
    volumeKmsKeyArn: pulumi.Input<string>;
    /**
     * KMS key every object the jobs write is encrypted with (`OutputDataConfig.KmsKeyId`,
     * `ProcessingOutputConfig.KmsKeyId`): the key of the bucket `artifactsS3Uri` is in, because the lake buckets
     * deny uploads under any other key.
     */
    outputKmsKeyArn: pulumi.Input<string>;
    /**
     * KMS key the input data is encrypted with, which the jobs may decrypt through S3.
     * @default outputKmsKeyArn (input and artifacts in the same lake)
     */
    inputKmsKeyArn?: pulumi.Input<string>;
    /**
     * Prefix (`s3://bucket/prefix/`) of the training data in the lake (normally the processed layer). The only
     * data the jobs can read besides their own artifacts; the `InputDataUri` pipeline parameter defaults to it.
     */
    inputDataS3Uri: pulumi.Input<string>;
    /**
     * Prefix (`s3://bucket/prefix/`) in the lake for this pipeline's code and artifacts. The scripts are read from
     * `code/` (`preprocess.py`, `evaluate.py`, `sourcedir.tar.gz` with the training entry point), which the jobs
     * can read but not write; they write `processing/`, `models/`, `checkpoints/` and `evaluation/`.
     */
    artifactsS3Uri: pulumi.Input<string>;
    /**
     * Training instance type: one of the training families (`ml.trn1`, `ml.trn1n`, `ml.trn2`, ...).
     * @default "ml.trn1.2xlarge"
     */
    trainingInstanceType?: string;
    /**
     * Number of training instances (1 to 100). Above one, use `ml.trn1.32xlarge`, `ml.trn1n.32xlarge` or
     * `ml.trn2.48xlarge`, which have EFA networking for the collective operations.
     * @default 1
     */
    trainingInstanceCount?: number;
    /**
     * How processes are launched across devices and instances.
     * @default TrainingDistribution.Auto
     */
    distribution?: TrainingDistribution;
    /**
     * Size in GB of each training instance's storage volume (1 to 16384). On local-NVMe types it may not
     * exceed the instance's local storage.
     * @default 100
     */
    trainingVolumeSizeInGb?: number;
    /**
     * Managed Spot training: up to 90% cheaper, interrupted when EC2 needs the capacity back, and resumed from the
     * last checkpoint. Turn off where a deadline matters more than cost.
     * @default true
     */
    useSpot?: boolean;
    /**
     * Sync `/opt/ml/checkpoints` to `checkpoints/<execution id>/` under `artifactsS3Uri`. Required with Spot:
     * without it, every interruption restarts training from scratch.
     * @default true
     */
    enableCheckpointing?: boolean;
    /**
     * Maximum training time in seconds (`MaxRuntimeInSeconds`, up to 28 days), after which SageMaker stops the
     * job, bounding the cost of a runaway run.
     * @default 86400 (one day)
     */
    maxRuntimeSeconds?: number;
    /**
     * With Spot, the maximum time in seconds including waits for capacity (`MaxWaitTimeInSeconds`); at least
     * `maxRuntimeSeconds`, at most 28 days.
     * @default twice maxRuntimeSeconds, capped at 28 days
     */
    maxWaitSeconds?: number;
    /**
     * Tag of the AWS Neuron training Deep Learning Container
     * (`763104351884.dkr.ecr.<region>.amazonaws.com/pytorch-training-neuronx:<tag>`).
     * @default "2.8.0-neuronx-py311-sdk2.26.0-ubuntu22.04"
     */
    neuronImageTag?: string;
    /**
     * Training image in ECR. Required for non-Trainium types; the Neuron image runs only on Trainium.
     * @default the Neuron training DLC with `neuronImageTag`
     */
    trainingImageUri?: pulumi.Input<string>;
    /**
     * Image of the preprocessing and evaluation steps, in ECR.
     * @default the PyTorch CPU training DLC "pytorch-training:2.5.1-cpu-py311-ubuntu22.04-sagemaker"
     */
    processingImageUri?: pulumi.Input<string>;
    /**
     * Instance type of the preprocessing and evaluation steps.
     * @default "ml.m5.xlarge"
     */
    processingInstanceType?: string;
    /**
     * Serving image recorded in each registered model version, in ECR.
     * @default the Neuron inference DLC "pytorch-inference-neuronx:2.8.0-neuronx-py311-sdk2.26.0-ubuntu22.04"
     */
    inferenceImageUri?: pulumi.Input<string>;
    /**
     * Instance types a registered model version declares for real-time inference (inference families only).
     * @default ["ml.inf2.xlarge"]
     */
    inferenceInstanceTypes?: string[];
    /**
     * Training script inside `code/sourcedir.tar.gz`.
     * @default "train.py"
     */
    trainingEntryPoint?: string;
    /**
     * Hyperparameters passed to the training script. Names starting with `sagemaker_` are reserved.
     * @default {}
     */
    hyperparameters?: { [key: string]: string };
    /**
     * Metrics SageMaker reads from the training job's logs (`AlgorithmSpecification.MetricDefinitions`), shown
     * with the job and, in tuning mode, the source of the tuning objective.
     * @default [] (no metrics read from the logs)
     */
    metricDefinitions?: TrainingMetricDefinition[];
    /**
     * Hyperparameter tuning mode: a `Tuning` step runs a tuning job (`HyperParameterTuningJobConfig` and a
     * training job definition built from the same settings as the single training job: Spot, checkpoints,
     * Trainium defaults, volume key rule, VPC, isolation, inter-container and output encryption) in place of the
     * `Training` step, and evaluation and registration take the best training job's model. The hyperparameters
     * above stay fixed for every job; the ranges here are searched.
     * @default undefined (one training job, no tuning)
     */
    tuning?: HyperparameterTuningArgs;
    /**
     * JSON path of the quality metric in `evaluation.json`, written by `evaluate.py`.
     * @default "metrics.accuracy.value"
     */
    metricJsonPath?: string;
    /**
     * Threshold the metric must reach for the model to be registered (the `MetricThreshold` parameter's default).
     * @default 0.8
     */
    metricThreshold?: number;
    /**
     * Whether a larger metric is better (accuracy) or worse (loss, error rate).
     * @default true
     */
    metricGreaterIsBetter?: boolean;
    /**
     * Protect the model package group (the registry of approved models) and retain it on delete.
     * @default true
     */
    protect?: boolean;
    /**
     * Tags for every taggable child.
     * @default {}
     */
    tags?: { [key: string]: string };
}

const C = "TrainingPipeline";
const MAX_JOB_SECONDS = 28 * 24 * 3600;
const DEFAULT_NEURON_TRAINING_TAG = "2.8.0-neuronx-py311-sdk2.26.0-ubuntu22.04";
const DEFAULT_NEURON_INFERENCE_TAG = "2.8.0-neuronx-py311-sdk2.26.0-ubuntu22.04";
const DEFAULT_PROCESSING_TAG = "2.5.1-cpu-py311-ubuntu22.04-sagemaker";
const TRAINIUM_FAMILIES = ["trn1", "trn1n", "trn2"];
/** Families `torch_distributed` launches on: Trainium and NVIDIA GPUs. */
const TORCH_DISTRIBUTED_FAMILIES = [...TRAINIUM_FAMILIES, "p4d", "p4de", "p5", "p5e", "p5en", "g5", "g6", "g6e"];
const INSTANCE_TYPE = /^ml\.[a-z0-9]+\.[a-z0-9]+$/;

/** Name of the step that registers the model; the workflow reads the new version's ARN from it. */
export const REGISTER_MODEL_STEP_NAME = "RegisterModel";

/** Checks {@link TrainingPipelineArgs} before anything is created. */
export function validateTrainingPipelineArgs(args: TrainingPipelineArgs): void {
    checkSageMakerName(`${C}.pipelineName`, args.pipelineName);
    checkSageMakerName(`${C}.modelPackageGroupName`, args.modelPackageGroupName);
    checkRequired(`${C}.subnetIds`, args.subnetIds, "at least one private subnet id");
    checkRequired(`${C}.securityGroupIds`, args.securityGroupIds, "at least one security group id");
    checkRequired(`${C}.volumeKmsKeyArn`, args.volumeKmsKeyArn, "the ARN of the KMS key for job volumes");
    checkArn(`${C}.volumeKmsKeyArn`, args.volumeKmsKeyArn, "kms");
    checkRequired(`${C}.outputKmsKeyArn`, args.outputKmsKeyArn, "the ARN of the artifacts bucket's KMS key");
    checkArn(`${C}.outputKmsKeyArn`, args.outputKmsKeyArn, "kms");
    checkArn(`${C}.inputKmsKeyArn`, args.inputKmsKeyArn, "kms");
    checkRequired(`${C}.inputDataS3Uri`, args.inputDataS3Uri, 'an S3 prefix such as "s3://processed/datasets/churn/"');
    checkS3Uri(`${C}.inputDataS3Uri`, args.inputDataS3Uri, "prefix");
    checkRequired(`${C}.artifactsS3Uri`, args.artifactsS3Uri, 'an S3 prefix such as "s3://analytics/ml/churn/"');
    checkS3Uri(`${C}.artifactsS3Uri`, args.artifactsS3Uri, "prefix");

    const trainingType = args.trainingInstanceType ?? "ml.trn1.2xlarge";
    const family = INSTANCE_TYPE.test(trainingType) ? instanceFamily(trainingType) : undefined;
    if (family === undefined || !TRAINING_FAMILIES.includes(family)) {
        throw new ValidationError(
            `${C}.trainingInstanceType`,
            `an instance type that can run training jobs: ml.<family>.<size> with <family> one of ${TRAINING_FAMILIES.join(", ")}`,
            trainingType,
        );
    }
    const count = args.trainingInstanceCount ?? 1;
    checkInteger(`${C}.trainingInstanceCount`, args.trainingInstanceCount, 1, 100);
    checkInteger(`${C}.trainingVolumeSizeInGb`, args.trainingVolumeSizeInGb, 1, 16384);
    if (args.trainingImageUri === undefined && !TRAINIUM_FAMILIES.includes(family)) {
        throw new ValidationError(`${C}.trainingImageUri`, `a training image for ${trainingType}; the default Neuron image runs only on Trainium`, undefined);
    }
    checkEcrImage(`${C}.trainingImageUri`, args.trainingImageUri);
    checkEcrImage(`${C}.processingImageUri`, args.processingImageUri);
    checkEcrImage(`${C}.inferenceImageUri`, args.inferenceImageUri);
    if (args.neuronImageTag !== undefined && !/^[\w][\w.-]{0,127}$/.test(args.neuronImageTag)) {
        throw new ValidationError(`${C}.neuronImageTag`, 'a Docker image tag such as "2.8.0-neuronx-py311-sdk2.26.0-ubuntu22.04"', args.neuronImageTag);
    }

    checkOneOf(`${C}.distribution`, args.distribution, Object.values(TrainingDistribution));
    if (args.distribution === TrainingDistribution.TorchDistributed && !TORCH_DISTRIBUTED_FAMILIES.includes(family)) {
        throw new ValidationError(
            `${C}.distribution`,
            `TrainingDistribution.None or Auto for ${trainingType}; torch_distributed launches only on Trainium and GPU families`,
            args.distribution,
        );
    }
    if (args.distribution === TrainingDistribution.None && count > 1 && TRAINIUM_FAMILIES.includes(family)) {
        throw new ValidationError(
            `${C}.distribution`,
            `TrainingDistribution.TorchDistributed (or Auto) for ${count} Trainium instances; without a launcher each instance trains alone`,
            args.distribution,
        );
    }

    const processingType = args.processingInstanceType ?? "ml.m5.xlarge";
    if (!INSTANCE_TYPE.test(processingType)) {
        throw new ValidationError(`${C}.processingInstanceType`, 'an instance type such as "ml.m5.xlarge"', processingType);
    }
    (args.inferenceInstanceTypes ?? []).forEach((t, i) => {
        const f = INSTANCE_TYPE.test(t) ? instanceFamily(t) : undefined;
        if (f === undefined || !INFERENCE_FAMILIES.includes(f)) {
            throw new ValidationError(
                `${C}.inferenceInstanceTypes[${i}]`,
                `an inference instance type: ml.<family>.<size> with <family> one of ${INFERENCE_FAMILIES.join(", ")}`,
                t,
            );
        }
    });

    checkInteger(`${C}.maxRuntimeSeconds`, args.maxRuntimeSeconds, 1, MAX_JOB_SECONDS);
    checkInteger(`${C}.maxWaitSeconds`, args.maxWaitSeconds, 1, MAX_JOB_SECONDS);
    const useSpot = args.useSpot ?? true;
    const maxRuntime = args.maxRuntimeSeconds ?? 86400;
    if (useSpot && args.maxWaitSeconds !== undefined && args.maxWaitSeconds < maxRuntime) {
        throw new ValidationError(
            `${C}.maxWaitSeconds`,
            `at least maxRuntimeSeconds (${maxRuntime}): with Spot, MaxWaitTimeInSeconds covers the run time plus the waits for capacity`,
            args.maxWaitSeconds,
        );
    }
    if (useSpot && args.enableCheckpointing === false) {
        throw new ValidationError(
            `${C}.enableCheckpointing`,
            "true while useSpot is true: Spot training without checkpoints restarts from scratch after every interruption (or set useSpot: false)",
            false,
        );
    }

    if (args.trainingEntryPoint !== undefined && !/^[\w./-]+\.py$/.test(args.trainingEntryPoint)) {
        throw new ValidationError(`${C}.trainingEntryPoint`, 'a Python file inside sourcedir.tar.gz, such as "train.py"', args.trainingEntryPoint);
    }
    for (const key of Object.keys(args.hyperparameters ?? {})) {
        if (key.startsWith("sagemaker_")) {
            throw new ValidationError(`${C}.hyperparameters`, 'names not starting with "sagemaker_" (reserved for the SageMaker training toolkit)', key);
        }
    }
    validateMetricDefinitions(`${C}.metricDefinitions`, args.metricDefinitions);
    if (args.tuning !== undefined) {
        validateTuningArgs(args.tuning, args.metricDefinitions, args.hyperparameters);
    }
    if (args.metricJsonPath !== undefined && !/^[\w.[\]-]+$/.test(args.metricJsonPath)) {
        throw new ValidationError(`${C}.metricJsonPath`, 'a JSON path into evaluation.json, such as "metrics.accuracy.value"', args.metricJsonPath);
    }
    if (args.metricThreshold !== undefined && !Number.isFinite(args.metricThreshold)) {
        throw new ValidationError(`${C}.metricThreshold`, "a finite number", args.metricThreshold);
    }
}

/** Whether the training job gets the `torch_distributed` launcher. */
export function usesTorchDistributed(instanceType: string, instanceCount: number, distribution: TrainingDistribution): boolean {
    const family = instanceFamily(instanceType) ?? "";
    switch (distribution) {
        case TrainingDistribution.TorchDistributed:
            return true;
        case TrainingDistribution.None:
            return false;
        default:
            return TRAINIUM_FAMILIES.includes(family) || (TORCH_DISTRIBUTED_FAMILIES.includes(family) && instanceCount > 1);
    }
}

/** Everything the definition needs, resolved. */
export interface TrainingDefinitionInputs {
    region: string;
    pipelineRoleArn: string;
    jobRoleArn: string;
    subnetIds: string[];
    securityGroupIds: string[];
    volumeKmsKeyArn: string;
    outputKmsKeyArn: string;
    inputDataS3Uri: string;
    artifactsS3Uri: string;
    modelPackageGroupName: string;
    trainingImageUri: string;
    processingImageUri: string;
    inferenceImageUri: string;
    trainingInstanceType: string;
    trainingInstanceCount: number;
    distribution: TrainingDistribution;
    trainingVolumeSizeInGb: number;
    processingInstanceType: string;
    inferenceInstanceTypes: string[];
    useSpot: boolean;
    enableCheckpointing: boolean;
    maxRuntimeSeconds: number;
    maxWaitSeconds: number;
    trainingEntryPoint: string;
    hyperparameters: { [key: string]: string };
    metricDefinitions: TrainingMetricDefinition[];
    /** Validated tuning arguments; undefined for a single training job. */
    tuning?: HyperparameterTuningArgs;
    metricJsonPath: string;
    metricThreshold: number;
    metricGreaterIsBetter: boolean;
}

/** The definition inputs that are outputs of other resources. */
type ResolvedField =
    | "region"
    | "pipelineRoleArn"
    | "jobRoleArn"
    | "subnetIds"
    | "securityGroupIds"
    | "volumeKmsKeyArn"
    | "outputKmsKeyArn"
    | "inputDataS3Uri"
    | "artifactsS3Uri"
    | "modelPackageGroupName"
    | "trainingImageUri"
    | "processingImageUri"
    | "inferenceImageUri";

const PROCESSING_CODE = "/opt/ml/processing/input/code";

/** The volume key, only where the instance type has an EBS volume to encrypt. */
function volumeKey(instanceType: string, key: string): { VolumeKmsKeyId?: string } {
    return hasLocalNvmeStorage(instanceType) ? {} : { VolumeKmsKeyId: key };
}

function s3Input(name: string, uri: ProcessingInput["S3Input"]["S3Uri"], localPath: string): ProcessingInput {
    return {
        InputName: name,
        S3Input: { S3Uri: uri, LocalPath: localPath, S3DataType: "S3Prefix", S3InputMode: "File", S3DataDistributionType: "FullyReplicated" },
    };
}

/** Name of the single training job's step. */
export const TRAINING_STEP_NAME = "Train";
/** Name of the tuning job's step, in tuning mode. */
export const TUNING_STEP_NAME = "Tune";

/**
 * Builds the pipeline definition: preprocess → train (or tune) → evaluate → condition → register (or fail).
 */
export function buildTrainingPipelineDefinition(i: TrainingDefinitionInputs): PipelineDefinition {
    const artifacts = i.artifactsS3Uri.replace(/\/+$/, "");
    const code = `${artifacts}/code`;
    const vpc: VpcConfig = { SecurityGroupIds: i.securityGroupIds, Subnets: i.subnetIds };
    const network = { EnableNetworkIsolation: true, EnableInterContainerTrafficEncryption: true, VpcConfig: vpc };
    const cluster = { InstanceType: i.processingInstanceType, InstanceCount: 1, VolumeSizeInGB: 30, ...volumeKey(i.processingInstanceType, i.volumeKmsKeyArn) };
    const runOutput = (kind: string, name?: string) =>
        name ? join("/", `${artifacts}/${kind}`, EXECUTION_ID, name) : join("/", `${artifacts}/${kind}`, EXECUTION_ID);

    // A processing job on the processing image running `<code>/<script>`, network-isolated in the VPC, its outputs
    // encrypted with the output key. The script arrives as the last input, "code".
    const processingArguments = (
        script: string,
        inputs: ProcessingInput[],
        outputs: ProcessingOutput[],
        maxRuntimeSeconds: number,
    ): ProcessingJobArguments => ({
        RoleArn: i.jobRoleArn,
        AppSpecification: { ImageUri: i.processingImageUri, ContainerEntrypoint: ["python3", `${PROCESSING_CODE}/${script}`] },
        ProcessingResources: { ClusterConfig: cluster },
        ProcessingInputs: [...inputs, s3Input("code", `${code}/${script}`, PROCESSING_CODE)],
        ProcessingOutputConfig: { Outputs: outputs, KmsKeyId: i.outputKmsKeyArn },
        NetworkConfig: network,
        StoppingCondition: { MaxRuntimeInSeconds: maxRuntimeSeconds },
    });

    const preprocess: ProcessingStep = {
        Name: "Preprocess",
        Type: "Processing",
        Arguments: processingArguments(
            "preprocess.py",
            [s3Input("input", parameter("InputDataUri"), "/opt/ml/processing/input/data")],
            ["train", "validation", "test"].map((split) => ({
                OutputName: split,
                S3Output: { S3Uri: runOutput("processing", split), LocalPath: `/opt/ml/processing/output/${split}`, S3UploadMode: "EndOfJob" as const },
            })),
            4 * 3600,
        ),
    };

    const distributed = usesTorchDistributed(i.trainingInstanceType, i.trainingInstanceCount, i.distribution);
    // Framework hyperparameters are JSON-encoded, as the SageMaker Python SDK sends them; the training toolkit
    // decodes them. With network isolation the code arrives as the "code" channel, not from S3.
    const hyperparameters: { [key: string]: string } = {
        ...i.hyperparameters,
        sagemaker_program: JSON.stringify(i.trainingEntryPoint),
        sagemaker_submit_directory: JSON.stringify("/opt/ml/input/data/code/sourcedir.tar.gz"),
        sagemaker_region: JSON.stringify(i.region),
        sagemaker_container_log_level: "20",
        ...(distributed ? { sagemaker_torch_distributed_enabled: "true", sagemaker_instance_type: JSON.stringify(i.trainingInstanceType) } : {}),
    };
    const channel = (name: string, uri: TrainingStep["Arguments"]["InputDataConfig"][number]["DataSource"]["S3DataSource"]["S3Uri"]) => ({
        ChannelName: name,
        DataSource: { S3DataSource: { S3DataType: "S3Prefix" as const, S3Uri: uri, S3DataDistributionType: "FullyReplicated" as const } },
        InputMode: "File" as const,
    });
    const modelsPath = `${artifacts}/models`;
    // Everything a training job is, whether the pipeline starts one or a tuning job starts many: the guard-rails
    // live here once, so the tuning definition cannot drift from the single job.
    const jobSettings: TrainingJobSettings = {
        RoleArn: i.jobRoleArn,
        InputDataConfig: [
            channel("train", processingOutputUri("Preprocess", "train")),
            channel("validation", processingOutputUri("Preprocess", "validation")),
            channel("code", `${code}/sourcedir.tar.gz`),
        ],
        OutputDataConfig: { S3OutputPath: modelsPath, KmsKeyId: i.outputKmsKeyArn },
        ResourceConfig: {
            InstanceType: i.trainingInstanceType,
            InstanceCount: i.trainingInstanceCount,
            VolumeSizeInGB: i.trainingVolumeSizeInGb,
            ...volumeKey(i.trainingInstanceType, i.volumeKmsKeyArn),
        },
        StoppingCondition: i.useSpot
            ? { MaxRuntimeInSeconds: i.maxRuntimeSeconds, MaxWaitTimeInSeconds: i.maxWaitSeconds }
            : { MaxRuntimeInSeconds: i.maxRuntimeSeconds },
        VpcConfig: vpc,
        EnableNetworkIsolation: true,
        EnableInterContainerTrafficEncryption: true,
        EnableManagedSpotTraining: i.useSpot,
        // Every training job of a tuning run syncs /opt/ml/checkpoints with this execution's prefix, so the
        // script keys its checkpoint files by TRAINING_JOB_NAME: a resumed job then finds only its own state.
        ...(i.enableCheckpointing ? { CheckpointConfig: { S3Uri: runOutput("checkpoints"), LocalPath: "/opt/ml/checkpoints" } } : {}),
    };
    const metricDefinitions = i.metricDefinitions.map((d) => ({ Name: d.name, Regex: d.regex }));

    let trainOrTune: TrainingStep | TuningStep;
    let modelUri: TrainingStep["Arguments"]["InputDataConfig"][number]["DataSource"]["S3DataSource"]["S3Uri"];
    if (i.tuning === undefined) {
        trainOrTune = {
            Name: TRAINING_STEP_NAME,
            Type: "Training",
            Arguments: {
                ...jobSettings,
                AlgorithmSpecification: {
                    TrainingImage: i.trainingImageUri,
                    TrainingInputMode: "File",
                    ...(metricDefinitions.length > 0 ? { MetricDefinitions: metricDefinitions } : {}),
                    EnableSageMakerMetricsTimeSeries: true,
                },
                HyperParameters: hyperparameters,
            },
        };
        modelUri = stepProperty(TRAINING_STEP_NAME, "ModelArtifacts.S3ModelArtifacts");
    } else {
        trainOrTune = {
            Name: TUNING_STEP_NAME,
            Type: "Tuning",
            Arguments: {
                ...tuningJobConfig(i.tuning),
                TrainingJobDefinition: {
                    ...jobSettings,
                    AlgorithmSpecification: { TrainingImage: i.trainingImageUri, TrainingInputMode: "File", MetricDefinitions: metricDefinitions },
                    StaticHyperParameters: hyperparameters,
                },
            },
        };
        modelUri = tuningTopModelUri(TUNING_STEP_NAME, modelsPath);
    }

    const evaluate: ProcessingStep = {
        Name: "Evaluate",
        Type: "Processing",
        Arguments: processingArguments(
            "evaluate.py",
            [s3Input("model", modelUri, "/opt/ml/processing/model"), s3Input("test", processingOutputUri("Preprocess", "test"), "/opt/ml/processing/test")],
            [{ OutputName: "evaluation", S3Output: { S3Uri: runOutput("evaluation"), LocalPath: "/opt/ml/processing/evaluation", S3UploadMode: "EndOfJob" } }],
            2 * 3600,
        ),
        PropertyFiles: [{ PropertyFileName: "EvaluationReport", OutputName: "evaluation", FilePath: "evaluation.json" }],
    };

    const register: RegisterModelStep = {
        Name: REGISTER_MODEL_STEP_NAME,
        Type: "RegisterModel",
        Arguments: {
            ModelPackageGroupName: i.modelPackageGroupName,
            // A person approves each version before the workflow may deploy it.
            ModelApprovalStatus: "PendingManualApproval",
            ModelPackageDescription: join(" ", "Registered by pipeline execution", EXECUTION_ID),
            InferenceSpecification: {
                Containers: [{ Image: i.inferenceImageUri, ModelDataUrl: modelUri }],
                SupportedContentTypes: ["application/json"],
                SupportedResponseMIMETypes: ["application/json"],
                SupportedRealtimeInferenceInstanceTypes: i.inferenceInstanceTypes,
            },
            ModelMetrics: {
                ModelQuality: {
                    Statistics: { ContentType: "application/json", S3Uri: join("/", processingOutputUri("Evaluate", "evaluation"), "evaluation.json") },
                },
            },
        },
    };
    const fail: FailStep = {
        Name: "MetricBelowThreshold",
        Type: "Fail",
        Arguments: { ErrorMessage: join(" ", `The model's ${i.metricJsonPath} did not reach the threshold`, parameter("MetricThreshold")) },
    };

    return {
        Version: "2020-12-01",
        Metadata: {},
        Parameters: [
            { Name: "InputDataUri", Type: "String", DefaultValue: i.inputDataS3Uri },
            { Name: "MetricThreshold", Type: "Float", DefaultValue: i.metricThreshold },
        ],
        PipelineExperimentConfig: { ExperimentName: { Get: "Execution.PipelineName" }, TrialName: EXECUTION_ID },
        Steps: [
            preprocess,
            trainOrTune,
            evaluate,
            {
                Name: "CheckMetric",
                Type: "Condition",
                Arguments: {
                    Conditions: [
                        {
                            Type: i.metricGreaterIsBetter ? "GreaterThanOrEqualTo" : "LessThanOrEqualTo",
                            LeftValue: jsonGet("Evaluate", "EvaluationReport", i.metricJsonPath),
                            RightValue: parameter("MetricThreshold"),
                        },
                    ],
                    IfSteps: [register],
                    ElseSteps: [fail],
                },
            },
        ],
    };
}

/** `arn:...:s3:::bucket/<prefix of uri><sub>*`. */
function objectsUnder(ctx: ArnContext, uri: pulumi.Input<string>, sub = ""): pulumi.Output<string> {
    return pulumi.all([ctx.partition, uri]).apply(([p, u]) => {
        const loc = parseS3Uri(u);
        if (!loc) {
            throw new Error(`"${u}" is not an s3://bucket/prefix/ URI`);
        }
        return `arn:${p}:s3:::${loc.bucket}/${asPrefix(loc.key)}${sub}*`;
    });
}

interface RoleInputs {
    ctx: ArnContext;
    args: TrainingPipelineArgs;
    images: pulumi.Input<string>[];
    trainingInstanceType: string;
    processingInstanceType: string;
}

/** The job execution role's permissions: read input and code, write run artifacts, run in the VPC. */
export function jobRoleStatements(r: RoleInputs): PolicyStatement[] {
    const { ctx, args } = r;
    const inputKey = args.inputKmsKeyArn ?? args.outputKmsKeyArn;
    return [
        s3ListUnderStatement("ListInputData", ctx.partition, args.inputDataS3Uri),
        { Sid: "ReadInputData", Effect: "Allow", Action: "s3:GetObject", Resource: s3PrefixObjectsArn(ctx.partition, args.inputDataS3Uri) },
        s3ListUnderStatement("ListArtifacts", ctx.partition, args.artifactsS3Uri),
        // Code, processing outputs, models and checkpoints (to resume after a Spot interruption).
        { Sid: "ReadArtifacts", Effect: "Allow", Action: "s3:GetObject", Resource: s3PrefixObjectsArn(ctx.partition, args.artifactsS3Uri) },
        {
            // Never code/: a job can't rewrite the scripts the next run executes.
            Sid: "WriteRunArtifacts",
            Effect: "Allow",
            Action: ["s3:PutObject", "s3:AbortMultipartUpload"],
            Resource: ["processing/", "models/", "checkpoints/", "evaluation/"].map((sub) => objectsUnder(ctx, args.artifactsS3Uri, sub)),
        },
        {
            Sid: "DecryptInputThroughS3",
            Effect: "Allow",
            Action: "kms:Decrypt",
            Resource: inputKey,
            Condition: { StringEquals: { "kms:ViaService": viaService(ctx, "s3") } },
        },
        {
            Sid: "EncryptArtifactsThroughS3",
            Effect: "Allow",
            Action: ["kms:Decrypt", "kms:GenerateDataKey", "kms:DescribeKey"],
            Resource: args.outputKmsKeyArn,
            Condition: { StringEquals: { "kms:ViaService": viaService(ctx, "s3") } },
        },
        {
            Sid: "UseVolumeKeyThroughSageMaker",
            Effect: "Allow",
            Action: ["kms:Decrypt", "kms:GenerateDataKey", "kms:DescribeKey"],
            Resource: args.volumeKmsKeyArn,
            Condition: { StringEquals: { "kms:ViaService": viaService(ctx, "sagemaker") } },
        },
        {
            Sid: "GrantVolumeKeyToSageMaker",
            Effect: "Allow",
            Action: "kms:CreateGrant",
            Resource: args.volumeKmsKeyArn,
            Condition: { Bool: { "kms:GrantIsForAWSResource": "true" } },
        },
        ...ecrPullStatements(ctx, r.images),
        sageMakerLogsStatement(ctx, ["/aws/sagemaker/TrainingJobs", "/aws/sagemaker/ProcessingJobs"]),
        {
            Sid: "PublishSageMakerMetrics",
            Effect: "Allow",
            Action: "cloudwatch:PutMetricData",
            Resource: "*",
            Condition: { StringLike: { "cloudwatch:namespace": "/aws/sagemaker/*" } },
        },
        ...vpcAccessStatements(ctx, args.subnetIds, args.securityGroupIds),
    ];
}

/** The pipeline role's permissions: run the pipeline's own jobs, register versions in its group, nothing else. */
export function pipelineRoleStatements(
    r: RoleInputs & { jobRoleArn: pulumi.Input<string>; modelPackageGroupArn: pulumi.Input<string>; pipelineName: string },
): PolicyStatement[] {
    const { ctx, args } = r;
    const sm = (resource: pulumi.Input<string>) => pulumi.interpolate`arn:${ctx.partition}:sagemaker:${ctx.region}:${ctx.account}:${resource}`;
    const packages = pulumi.output(r.modelPackageGroupArn).apply((a) => `${a.replace(":model-package-group/", ":model-package/")}/*`);
    return [
        {
            // Pipelines names every job it starts "pipelines-<execution>-<step>-...".
            Sid: "RunPipelineJobs",
            Effect: "Allow",
            Action: [
                "sagemaker:CreateProcessingJob",
                "sagemaker:DescribeProcessingJob",
                "sagemaker:StopProcessingJob",
                "sagemaker:CreateTrainingJob",
                "sagemaker:DescribeTrainingJob",
                "sagemaker:StopTrainingJob",
                "sagemaker:AddTags",
                "sagemaker:ListTags",
            ],
            Resource: [sm("processing-job/pipelines-*"), sm("training-job/pipelines-*")],
        },
        ...(args.tuning === undefined
            ? []
            : [
                  {
                      // Pipelines chooses the tuning job's name (at most 32 characters, so not "pipelines-<execution>-...");
                      // the deny guard-rails below still apply to every tuning job it creates.
                      Sid: "RunPipelineTuningJobs",
                      Effect: "Allow" as const,
                      Action: [
                          "sagemaker:CreateHyperParameterTuningJob",
                          "sagemaker:DescribeHyperParameterTuningJob",
                          "sagemaker:StopHyperParameterTuningJob",
                          "sagemaker:ListTrainingJobsForHyperParameterTuningJob",
                          "sagemaker:AddTags",
                          "sagemaker:ListTags",
                      ],
                      Resource: sm("hyper-parameter-tuning-job/*"),
                  },
              ]),
        {
            Sid: "RegisterModelVersions",
            Effect: "Allow",
            Action: ["sagemaker:CreateModelPackage", "sagemaker:DescribeModelPackage", "sagemaker:DescribeModelPackageGroup", "sagemaker:AddTags"],
            Resource: [r.modelPackageGroupArn, packages],
        },
        {
            // PipelineExperimentConfig: one experiment per pipeline, one trial per execution.
            Sid: "RecordExperiments",
            Effect: "Allow",
            Action: [
                "sagemaker:CreateExperiment",
                "sagemaker:DescribeExperiment",
                "sagemaker:CreateTrial",
                "sagemaker:DescribeTrial",
                "sagemaker:AssociateTrialComponent",
                "sagemaker:AddTags",
            ],
            Resource: [
                ...[...new Set([r.pipelineName, r.pipelineName.toLowerCase()])].map((n) => sm(`experiment/${n}`)),
                sm("experiment-trial/*"),
                sm("experiment-trial-component/*"),
            ],
        },
        {
            Sid: "PassJobRoleToSageMaker",
            Effect: "Allow",
            Action: "iam:PassRole",
            Resource: r.jobRoleArn,
            Condition: { StringEquals: { "iam:PassedToService": "sagemaker.amazonaws.com" } },
        },
        {
            // The Condition step's JsonGet reads evaluation.json with the pipeline's role.
            Sid: "ReadEvaluationReports",
            Effect: "Allow",
            Action: "s3:GetObject",
            Resource: objectsUnder(ctx, args.artifactsS3Uri, "evaluation/"),
        },
        {
            Sid: "DecryptEvaluationReportsThroughS3",
            Effect: "Allow",
            Action: "kms:Decrypt",
            Resource: args.outputKmsKeyArn,
            Condition: { StringEquals: { "kms:ViaService": viaService(ctx, "s3") } },
        },
        {
            // Jobs are created with this role's credentials; their encrypted volumes need grants on the key.
            Sid: "GrantVolumeKeyToSageMaker",
            Effect: "Allow",
            Action: ["kms:CreateGrant", "kms:DescribeKey"],
            Resource: args.volumeKmsKeyArn,
            Condition: { Bool: { "kms:GrantIsForAWSResource": "true" } },
        },
        ...sagemakerGuardrailStatements({
            allowedInstanceTypes: [r.trainingInstanceType, r.processingInstanceType],
            onlyActions: [
                "sagemaker:CreateTrainingJob",
                "sagemaker:CreateProcessingJob",
                ...(args.tuning === undefined ? [] : ["sagemaker:CreateHyperParameterTuningJob"]),
            ],
        }),
    ];
}

/**
 * A SageMaker Pipeline that trains on AWS Trainium with managed Spot training and registers models that pass an
 * evaluation threshold, pending manual approval.
 *
 * - Steps: preprocess (processing) → train → evaluate (processing) → condition on a metric read from the
 *   evaluation's property file → register the model version (or fail the execution).
 * - In tuning mode (`tuning`), a hyperparameter tuning job replaces the training job; its training jobs are
 *   built from the same settings, and evaluation and registration take the best one's model.
 * - Every job runs in the VPC, network-isolated, with inter-container traffic encryption, outputs encrypted with
 *   the lake key, and EBS volumes encrypted with the ML key where the instance type has EBS (never on local-NVMe
 *   types such as Trainium, where SageMaker rejects a volume key).
 * - Training uses the AWS Neuron DLC, `torch_distributed` (torchrun over the NeuronCores and instances) on
 *   Trainium, and managed Spot with checkpoints in the lake, so an interrupted job resumes.
 * - Two roles: the pipeline's role (create its jobs, register in its group, pass the job role to SageMaker only)
 *   and the jobs' role (read input and code, write run artifacts).
 */
export class TrainingPipeline extends pulumi.ComponentResource {
    /** ARN of the pipeline. */
    readonly pipelineArn: pulumi.Output<string>;
    /** Name of the pipeline. */
    readonly pipelineName: pulumi.Output<string>;
    /** ARN of the model package group (model registry). */
    readonly modelPackageGroupArn: pulumi.Output<string>;
    /** Name of the model package group. */
    readonly modelPackageGroupName: pulumi.Output<string>;
    /** ARN of the role the pipeline executes as. */
    readonly pipelineRoleArn: pulumi.Output<string>;
    /** ARN of the role the pipeline's jobs run as. */
    readonly jobRoleArn: pulumi.Output<string>;
    /** The generated pipeline definition (JSON). */
    readonly pipelineDefinition: pulumi.Output<string>;
    /** Name of the step that registers the model. */
    readonly registerStepName: pulumi.Output<string>;

    constructor(name: string, args: TrainingPipelineArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ml-platform:index:TrainingPipeline", name, {}, opts);
        validateTrainingPipelineArgs(args);

        const parent = { parent: this };
        const tags = args.tags;
        const ctx = arnContext(this);
        const pipelineName = args.pipelineName ?? sageMakerName([name]);
        const groupName = args.modelPackageGroupName ?? sageMakerName([name, "models"]);
        const trainingInstanceType = args.trainingInstanceType ?? "ml.trn1.2xlarge";
        const processingInstanceType = args.processingInstanceType ?? "ml.m5.xlarge";
        const maxRuntime = args.maxRuntimeSeconds ?? 86400;
        const useSpot = args.useSpot ?? true;

        const image = (repository: string, tag: string) =>
            pulumi.all([ctx.region, ctx.dnsSuffix]).apply(([r, d]) => dlcImageUri(r, repository, tag, undefined, d));
        const trainingImage = args.trainingImageUri ?? image("pytorch-training-neuronx", args.neuronImageTag ?? DEFAULT_NEURON_TRAINING_TAG);
        const processingImage = args.processingImageUri ?? image("pytorch-training", DEFAULT_PROCESSING_TAG);
        const inferenceImage = args.inferenceImageUri ?? image("pytorch-inference-neuronx", DEFAULT_NEURON_INFERENCE_TAG);

        const group = new aws.sagemaker.ModelPackageGroup(
            `${name}-models`,
            {
                modelPackageGroupName: groupName,
                modelPackageGroupDescription: `Model versions trained by pipeline ${pipelineName}; each needs manual approval`,
                tags,
            },
            dataOptions(this, args.protect ?? true),
        );

        const trust = toJson(serviceTrustPolicy("sagemaker.amazonaws.com", ctx.account));
        const roleInputs: RoleInputs = { ctx, args, images: [trainingImage, processingImage], trainingInstanceType, processingInstanceType };

        const jobRole = new aws.iam.Role(
            `${name}-job`,
            { description: `Execution role of the jobs of pipeline ${pipelineName}`, assumeRolePolicy: trust, tags },
            parent,
        );
        const jobPolicy = new aws.iam.RolePolicy(
            `${name}-job`,
            { role: jobRole.name, policy: toJson(policyDocument(...jobRoleStatements(roleInputs))) },
            parent,
        );

        const pipelineRole = new aws.iam.Role(
            `${name}-pipeline`,
            { description: `Role SageMaker Pipelines executes ${pipelineName} as`, assumeRolePolicy: trust, tags },
            parent,
        );
        const pipelinePolicy = new aws.iam.RolePolicy(
            `${name}-pipeline`,
            {
                role: pipelineRole.name,
                policy: toJson(
                    policyDocument(...pipelineRoleStatements({ ...roleInputs, jobRoleArn: jobRole.arn, modelPackageGroupArn: group.arn, pipelineName })),
                ),
            },
            parent,
        );

        const resolvedInputs: { [K in ResolvedField]: pulumi.Input<TrainingDefinitionInputs[K]> } = {
            region: ctx.region,
            pipelineRoleArn: pipelineRole.arn,
            jobRoleArn: jobRole.arn,
            subnetIds: pulumi.all(args.subnetIds),
            securityGroupIds: pulumi.all(args.securityGroupIds),
            volumeKmsKeyArn: args.volumeKmsKeyArn,
            outputKmsKeyArn: args.outputKmsKeyArn,
            inputDataS3Uri: args.inputDataS3Uri,
            artifactsS3Uri: args.artifactsS3Uri,
            modelPackageGroupName: group.modelPackageGroupName,
            trainingImageUri: trainingImage,
            processingImageUri: processingImage,
            inferenceImageUri: inferenceImage,
        };
        const definition = pulumi.output(resolvedInputs).apply((r) =>
            serializePipelineDefinition(
                buildTrainingPipelineDefinition({
                    ...r,
                    trainingInstanceType,
                    trainingInstanceCount: args.trainingInstanceCount ?? 1,
                    distribution: args.distribution ?? TrainingDistribution.Auto,
                    trainingVolumeSizeInGb: args.trainingVolumeSizeInGb ?? 100,
                    processingInstanceType,
                    inferenceInstanceTypes: args.inferenceInstanceTypes ?? ["ml.inf2.xlarge"],
                    useSpot,
                    enableCheckpointing: args.enableCheckpointing ?? true,
                    maxRuntimeSeconds: maxRuntime,
                    maxWaitSeconds: args.maxWaitSeconds ?? Math.min(2 * maxRuntime, MAX_JOB_SECONDS),
                    trainingEntryPoint: args.trainingEntryPoint ?? "train.py",
                    hyperparameters: args.hyperparameters ?? {},
                    metricDefinitions: args.metricDefinitions ?? [],
                    tuning: args.tuning,
                    metricJsonPath: args.metricJsonPath ?? "metrics.accuracy.value",
                    metricThreshold: args.metricThreshold ?? 0.8,
                    metricGreaterIsBetter: args.metricGreaterIsBetter ?? true,
                }),
            ),
        );

        const pipeline = new aws.sagemaker.Pipeline(
            `${name}-pipeline`,
            {
                pipelineName,
                pipelineDisplayName: pipelineName,
                pipelineDescription: `${args.tuning === undefined ? "Trains" : "Tunes hyperparameters"} on ${trainingInstanceType}${useSpot ? " with managed Spot" : ""} and registers models pending approval in ${groupName}`,
                roleArn: pipelineRole.arn,
                pipelineDefinition: definition,
                tags,
            },
            // Executions can start as soon as the pipeline exists; its roles must already be able to act.
            { parent: this, dependsOn: [jobPolicy, pipelinePolicy] },
        );

        this.pipelineArn = pipeline.arn;
        this.pipelineName = pipeline.pipelineName;
        this.modelPackageGroupArn = group.arn;
        this.modelPackageGroupName = group.modelPackageGroupName;
        this.pipelineRoleArn = pipelineRole.arn;
        this.jobRoleArn = jobRole.arn;
        this.pipelineDefinition = definition;
        this.registerStepName = pulumi.output(REGISTER_MODEL_STEP_NAME);
        this.registerOutputs({
            pipelineArn: this.pipelineArn,
            pipelineName: this.pipelineName,
            modelPackageGroupArn: this.modelPackageGroupArn,
            modelPackageGroupName: this.modelPackageGroupName,
            pipelineRoleArn: this.pipelineRoleArn,
            jobRoleArn: this.jobRoleArn,
            pipelineDefinition: this.pipelineDefinition,
            registerStepName: this.registerStepName,
        });
    }
}
