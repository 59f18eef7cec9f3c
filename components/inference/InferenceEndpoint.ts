import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
    ArnContext,
    arnContext,
    checkArn,
    checkInteger,
    checkRequired,
    checkS3Uri,
    checkServingImage,
    checkSageMakerName,
    checkVpcConfig,
    ecrPullStatements,
    endpoint5xxAlarmMetric,
    endpointLatencyP99AlarmMetric,
    hasLocalNvmeStorage,
    INFERENCE_FAMILIES,
    instanceFamily,
    isKnown,
    parseS3Uri,
    PolicyStatement,
    s3ObjectArn,
    s3PrefixObjectsArn,
    sageMakerName,
    sageMakerRole,
    servingImageUri,
    ValidationError,
    sageMakerLogsStatement,
    viaService,
    vpcAccessStatements,
} from "../lib";

/** How the first (canary) step of a blue/green deployment is sized. */
export enum CanarySizeType {
    /** A number of instances of the new fleet. */
    InstanceCount = "INSTANCE_COUNT",
    /** A percentage of the new fleet's capacity. */
    CapacityPercent = "CAPACITY_PERCENT",
}

/** Data capture of the endpoint's requests and responses into the lake, for Model Monitor. */
export interface DataCaptureSettings {
    /**
     * Percentage of requests captured (1 to 100). Capture is always on: Model Monitor has nothing to compare with
     * the baseline without it. A sample keeps the amount of regulated data copied into the lake to what drift
     * detection needs.
     * @default 20
     */
    samplingPercentage?: number;
    /**
     * Key prefix in the lake bucket. SageMaker writes under `<prefix>/<endpoint name>/<variant>/yyyy/mm/dd/hh/`.
     * @default "data-capture"
     */
    prefix?: string;
    /**
     * Content types captured as CSV text rather than base64, so Model Monitor can parse them.
     * @default ["text/csv"]
     */
    csvContentTypes?: string[];
    /**
     * Content types captured as JSON text rather than base64, so Model Monitor can parse them.
     * @default ["application/json"]
     */
    jsonContentTypes?: string[];
}

/** The blue/green deployment policy SageMaker follows when the endpoint configuration changes. */
export interface BlueGreenSettings {
    /**
     * How the canary is sized.
     * @default CanarySizeType.CapacityPercent
     */
    canarySizeType?: CanarySizeType;
    /**
     * Size of the canary: 1 to 50 percent, or a number of instances no more than half of `minInstances`. SageMaker
     * requires the canary to be at most half the fleet, so a bad model never takes most of the traffic.
     * @default 10
     */
    canarySize?: number;
    /**
     * Seconds the canary bakes on live traffic, with the rollback alarms watched, before all traffic shifts
     * (0 to 3600).
     * @default 600
     */
    waitIntervalSeconds?: number;
    /**
     * Seconds the old (blue) fleet is kept after the shift, so a late alarm can still roll back without a cold
     * start (0 to 3600).
     * @default 600
     */
    terminationWaitSeconds?: number;
    /**
     * Upper bound of the whole deployment in seconds (600 to 28800); must exceed the wait interval plus the
     * termination wait. A deployment that runs past it is rolled back.
     * @default 3600
     */
    maximumExecutionTimeoutSeconds?: number;
}

/** The CloudWatch alarms that roll a deployment back and notify the alarm topic. */
export interface RollbackAlarmSettings {
    /**
     * Server errors (`Invocation5XXErrors`, sum per period) at or above which a deployment rolls back.
     * @default 1
     */
    errors5xxThreshold?: number;
    /**
     * p99 of `ModelLatency` in milliseconds above which a deployment rolls back.
     * @default 1000
     */
    latencyP99Ms?: number;
    /**
     * Alarm period in seconds (10, 30, or a multiple of 60).
     * @default 60
     */
    periodSeconds?: number;
    /**
     * Periods evaluated.
     * @default 3
     */
    evaluationPeriods?: number;
    /**
     * Breaching periods among `evaluationPeriods` that set the alarm off; more than one ignores a single blip.
     * @default 2
     */
    datapointsToAlarm?: number;
}

/** Arguments of {@link InferenceEndpoint}. */
export interface InferenceEndpointArgs {
    /**
     * S3 location of the model: the `model.tar.gz` object for a single model, or the prefix (ending in `/`) that
     * holds every model of a multi-model endpoint. The execution role may read exactly this object or prefix.
     */
    modelDataUrl: pulumi.Input<string>;
    /**
     * Private subnets the model's network interfaces are placed in. With no internet route, the model reaches
     * S3, ECR and CloudWatch only through the platform's VPC endpoints.
     */
    subnetIds: pulumi.Input<string>[];
    /** Security groups of the model's network interfaces (1 to 5). */
    securityGroupIds: pulumi.Input<string>[];
    /**
     * ML KMS key. Encrypts the endpoint's EBS storage volume (when the instance type has one) and decrypts the
     * model artifact, which training wrote under this key.
     */
    mlKmsKeyArn: pulumi.Input<string>;
    /** Data-lake KMS key that encrypts the captured requests and responses in the lake bucket. */
    lakeKmsKeyArn: pulumi.Input<string>;
    /** Name of the lake bucket that receives data capture (`s3://<bucket>/<prefix>/<endpoint>/...`). */
    dataCaptureBucketName: pulumi.Input<string>;
    /**
     * ARN of the SNS topic the rollback alarms notify when they fire and recover. Use the topic of
     * `ModelMonitoring` (through `pulumi.deferredOutput()`, since that component takes this endpoint's name).
     */
    alarmTopicArn: pulumi.Input<string>;
    /**
     * Instance type of the production variant: a type of an inference family (`INFERENCE_FAMILIES`). Inferentia2
     * (`ml.inf2.*`) is EBS-backed, so the storage volume gets the ML key; for local-NVMe types (e.g. `ml.g5.*`)
     * the key is left out because SageMaker rejects it and the Nitro hardware encrypts the local disk.
     * `ml.inf1.*` is refused: SageMaker's deployment guardrails (canary shifting, auto-rollback) don't support it.
     * @default "ml.inf2.xlarge"
     */
    instanceType?: string;
    /**
     * Tag of the AWS Neuron inference Deep Learning Container
     * (`763104351884.dkr.ecr.<region>.amazonaws.com/pytorch-inference-neuronx:<tag>`), used when `imageUri` is
     * not given. Pin a tag rather than a moving one so a redeploy never changes the runtime silently.
     * @default "2.5.1-neuronx-py310-sdk2.22.0-ubuntu22.04"
     */
    neuronImageTag?: string;
    /**
     * Serving image, in ECR. Required for non-Neuron instance types and for multi-model endpoints (the Neuron DLC
     * serves one model). The DLC account 763104351884 serves most commercial regions; set this in regions whose
     * DLC registry is another account.
     * @default the Neuron inference DLC with `neuronImageTag`
     */
    imageUri?: pulumi.Input<string>;
    /**
     * Environment variables of the serving container (e.g. `SAGEMAKER_PROGRAM`). Never put secrets here: they
     * are visible in `DescribeModel`.
     * @default {}
     */
    environment?: { [key: string]: string };
    /**
     * Serve many models from one container: `mode: MultiModel`, and `modelDataUrl` is a prefix. Supported on
     * CPU types and NVIDIA GPU types with an MME-capable image, not on Inferentia.
     * @default false
     */
    multiModel?: boolean;
    /**
     * Name of the production variant (the alarms' and autoscaling's `VariantName`).
     * @default "primary"
     */
    variantName?: string;
    /**
     * Name of the endpoint. It is fixed (not autonamed) because the rollback alarms must name the endpoint
     * before it exists; the stack name keeps two stacks in one account apart.
     * @default "<stack>-<component name>"
     */
    endpointName?: string;
    /**
     * Instances the endpoint starts with and never scales below (at least 1). Two or more keep the endpoint
     * up through an instance or Availability Zone failure.
     * @default 2
     */
    minInstances?: number;
    /**
     * Instances autoscaling may add up to (at least `minInstances`). Bounds the cost of a traffic spike.
     * @default 4, or `minInstances` when that is larger
     */
    maxInstances?: number;
    /**
     * Target of the target-tracking policy: invocations per instance per minute
     * (`SageMakerVariantInvocationsPerInstance`). Measure it with a load test of the model.
     * @default 100
     */
    targetInvocationsPerInstance?: number;
    /**
     * Seconds after a scale-in before another scale-in; long, so a dip doesn't drop capacity needed a minute later.
     * @default 300
     */
    scaleInCooldownSeconds?: number;
    /**
     * Seconds after a scale-out before another scale-out.
     * @default 60
     */
    scaleOutCooldownSeconds?: number;
    /**
     * Data capture settings.
     * @default capture 20 % of requests and responses under `data-capture/`
     */
    dataCapture?: DataCaptureSettings;
    /**
     * Blue/green deployment settings.
     * @default a 10 % canary baked for 10 minutes, old fleet kept 10 more minutes, one-hour limit
     */
    blueGreen?: BlueGreenSettings;
    /**
     * Rollback alarm settings.
     * @default roll back on any 5XX or a p99 latency over 1 s in 2 of 3 minutes
     */
    rollbackAlarms?: RollbackAlarmSettings;
    /**
     * Tags for every taggable child.
     * @default {}
     */
    tags?: { [key: string]: string };
}

/** Families multi-model endpoints don't support (SageMaker offers MME on CPU and NVIDIA GPU instances only). */
const NO_MULTI_MODEL_FAMILIES = ["inf1", "inf2"];
/** Longest component name whose autonamed children (`<name>-config-xxxxxxx`) stay within SageMaker's 63 characters. */
const MAX_NAME_LENGTH = 48;

function checkPositive(field: string, value: number | undefined): void {
    if (value !== undefined && !(Number.isFinite(value) && value > 0)) {
        throw new ValidationError(field, "a number greater than 0", value);
    }
}

function checkAlarmPeriod(field: string, value: number | undefined): void {
    if (value !== undefined && !(value === 10 || value === 30 || (Number.isInteger(value) && value >= 60 && value % 60 === 0))) {
        throw new ValidationError(field, "10, 30, or a multiple of 60 seconds", value);
    }
}

/** Checks {@link InferenceEndpointArgs} (and the component name) before anything is created. */
export function validateInferenceEndpointArgs(args: InferenceEndpointArgs, name?: string): void {
    const C = "InferenceEndpoint";
    if (name !== undefined && name.length > MAX_NAME_LENGTH) {
        throw new ValidationError(`${C}.name`, `a component name of at most ${MAX_NAME_LENGTH} characters, so autonamed SageMaker children fit in 63`, name);
    }
    const instanceType = args.instanceType ?? "ml.inf2.xlarge";
    const family = instanceFamily(instanceType);
    if (family === "inf1") {
        throw new ValidationError(
            `${C}.instanceType`,
            "an instance type that supports deployment guardrails; SageMaker falls back to all-at-once deployments without canary or auto-rollback on ml.inf1, use ml.inf2",
            instanceType,
        );
    }
    if (family === undefined || !INFERENCE_FAMILIES.includes(family)) {
        const allowed = INFERENCE_FAMILIES.filter((f) => f !== "inf1");
        throw new ValidationError(`${C}.instanceType`, `an inference instance type "ml.<family>.<size>" of family ${allowed.join(", ")}`, instanceType);
    }
    const multiModel = args.multiModel ?? false;
    if (multiModel) {
        if (NO_MULTI_MODEL_FAMILIES.includes(family)) {
            throw new ValidationError(`${C}.multiModel`, "false on Inferentia: multi-model endpoints run on CPU or NVIDIA GPU instance types only", multiModel);
        }
        if (args.imageUri === undefined) {
            throw new ValidationError(`${C}.imageUri`, "a multi-model-capable serving image (required when multiModel is true)", undefined);
        }
    }
    checkServingImage(C, instanceType, args.imageUri, args.neuronImageTag);
    checkRequired(`${C}.modelDataUrl`, args.modelDataUrl, 'an S3 URI such as "s3://bucket/models/model.tar.gz"');
    checkS3Uri(`${C}.modelDataUrl`, args.modelDataUrl, multiModel ? "prefix" : "object");
    if (isKnown(args.modelDataUrl) && parseS3Uri(args.modelDataUrl)?.key === "") {
        throw new ValidationError(`${C}.modelDataUrl`, "a location inside the bucket, not the whole bucket", args.modelDataUrl);
    }
    checkVpcConfig(C, args.subnetIds, args.securityGroupIds);
    checkRequired(`${C}.mlKmsKeyArn`, args.mlKmsKeyArn, "the ARN of the ML KMS key");
    checkArn(`${C}.mlKmsKeyArn`, args.mlKmsKeyArn, "kms");
    checkRequired(`${C}.lakeKmsKeyArn`, args.lakeKmsKeyArn, "the ARN of the data-lake KMS key");
    checkArn(`${C}.lakeKmsKeyArn`, args.lakeKmsKeyArn, "kms");
    checkRequired(`${C}.dataCaptureBucketName`, args.dataCaptureBucketName, "the name of the lake bucket receiving data capture");
    checkRequired(`${C}.alarmTopicArn`, args.alarmTopicArn, "the ARN of the SNS topic the alarms notify");
    checkArn(`${C}.alarmTopicArn`, args.alarmTopicArn, "sns");
    checkSageMakerName(`${C}.variantName`, args.variantName);
    checkSageMakerName(`${C}.endpointName`, args.endpointName);

    checkInteger(`${C}.minInstances`, args.minInstances, 1, 1000);
    const minInstances = args.minInstances ?? 2;
    const maxInstances = args.maxInstances ?? Math.max(4, minInstances);
    checkInteger(`${C}.maxInstances`, maxInstances, 1, 1000);
    if (maxInstances < minInstances) {
        throw new ValidationError(`${C}.maxInstances`, `an integer at least minInstances (${minInstances})`, maxInstances);
    }
    checkPositive(`${C}.targetInvocationsPerInstance`, args.targetInvocationsPerInstance);
    checkInteger(`${C}.scaleInCooldownSeconds`, args.scaleInCooldownSeconds, 0, 86400);
    checkInteger(`${C}.scaleOutCooldownSeconds`, args.scaleOutCooldownSeconds, 0, 86400);

    const capture = args.dataCapture ?? {};
    checkInteger(`${C}.dataCapture.samplingPercentage`, capture.samplingPercentage, 1, 100);
    if (capture.prefix !== undefined && !/^[a-zA-Z0-9!_.*'()-]+(\/[a-zA-Z0-9!_.*'()-]+)*$/.test(capture.prefix)) {
        throw new ValidationError(`${C}.dataCapture.prefix`, 'an S3 key prefix without leading or trailing "/", such as "data-capture"', capture.prefix);
    }
    for (const [field, list] of [
        ["csvContentTypes", capture.csvContentTypes],
        ["jsonContentTypes", capture.jsonContentTypes],
    ] as const) {
        (list ?? []).forEach((t, i) => {
            if (!/^[a-zA-Z0-9*][a-zA-Z0-9*.+-]*\/[a-zA-Z0-9*][a-zA-Z0-9*.+-]*$/.test(t)) {
                throw new ValidationError(`${C}.dataCapture.${field}[${i}]`, 'a MIME type such as "text/csv"', t);
            }
        });
    }

    const bg = args.blueGreen ?? {};
    const canaryType = bg.canarySizeType ?? CanarySizeType.CapacityPercent;
    if (!Object.values(CanarySizeType).includes(canaryType)) {
        throw new ValidationError(`${C}.blueGreen.canarySizeType`, `one of ${Object.values(CanarySizeType).join(", ")}`, canaryType);
    }
    const canarySize = bg.canarySize ?? 10;
    if (canaryType === CanarySizeType.CapacityPercent) {
        checkInteger(`${C}.blueGreen.canarySize`, canarySize, 1, 50);
    } else {
        const half = Math.floor(minInstances / 2);
        if (!Number.isInteger(canarySize) || canarySize < 1 || canarySize > half) {
            throw new ValidationError(
                `${C}.blueGreen.canarySize`,
                half >= 1
                    ? `an instance count from 1 to half of minInstances (${half})`
                    : `a CAPACITY_PERCENT canary: minInstances (${minInstances}) is too small for an INSTANCE_COUNT canary of at most half the fleet`,
                canarySize,
            );
        }
    }
    checkInteger(`${C}.blueGreen.waitIntervalSeconds`, bg.waitIntervalSeconds, 0, 3600);
    checkInteger(`${C}.blueGreen.terminationWaitSeconds`, bg.terminationWaitSeconds, 0, 3600);
    checkInteger(`${C}.blueGreen.maximumExecutionTimeoutSeconds`, bg.maximumExecutionTimeoutSeconds, 600, 28800);
    const waits = (bg.waitIntervalSeconds ?? 600) + (bg.terminationWaitSeconds ?? 600);
    const timeout = bg.maximumExecutionTimeoutSeconds ?? 3600;
    if (timeout <= waits) {
        throw new ValidationError(
            `${C}.blueGreen.maximumExecutionTimeoutSeconds`,
            `more than waitIntervalSeconds + terminationWaitSeconds (${waits})`,
            timeout,
        );
    }

    const alarms = args.rollbackAlarms ?? {};
    checkPositive(`${C}.rollbackAlarms.errors5xxThreshold`, alarms.errors5xxThreshold);
    checkPositive(`${C}.rollbackAlarms.latencyP99Ms`, alarms.latencyP99Ms);
    checkAlarmPeriod(`${C}.rollbackAlarms.periodSeconds`, alarms.periodSeconds);
    checkInteger(`${C}.rollbackAlarms.evaluationPeriods`, alarms.evaluationPeriods, 1, 100);
    const evaluationPeriods = alarms.evaluationPeriods ?? 3;
    checkInteger(`${C}.rollbackAlarms.datapointsToAlarm`, alarms.datapointsToAlarm, 1, evaluationPeriods);
    if (alarms.datapointsToAlarm === undefined && evaluationPeriods < 2) {
        throw new ValidationError(
            `${C}.rollbackAlarms.datapointsToAlarm`,
            `a value of at most evaluationPeriods (${evaluationPeriods}); the default 2 doesn't fit`,
            undefined,
        );
    }
    if ((alarms.periodSeconds ?? 60) * evaluationPeriods > 86400) {
        throw new ValidationError(
            `${C}.rollbackAlarms.evaluationPeriods`,
            "periods whose total (periodSeconds x evaluationPeriods) is at most one day",
            evaluationPeriods,
        );
    }
}

/** Parts of the execution role's policy that depend on the model's location and image. */
interface ExecutionPolicyInputs {
    ctx: ArnContext;
    modelDataUrl: pulumi.Input<string>;
    multiModel: boolean;
    imageUri: pulumi.Input<string>;
    mlKmsKeyArn: pulumi.Input<string>;
    lakeKmsKeyArn: pulumi.Input<string>;
    captureObjectsArn: pulumi.Input<string>;
    endpointName: string;
    subnetIds: pulumi.Input<string>[];
    securityGroupIds: pulumi.Input<string>[];
}

/** The execution role's permissions: exactly what hosting this model in the VPC with data capture needs. */
export function executionPolicyStatements(i: ExecutionPolicyInputs): PolicyStatement[] {
    return [
        {
            Sid: "ReadModelArtifacts",
            Effect: "Allow",
            Action: "s3:GetObject",
            Resource: i.multiModel ? s3PrefixObjectsArn(i.ctx.partition, i.modelDataUrl) : s3ObjectArn(i.ctx.partition, i.modelDataUrl),
        },
        {
            // Training wrote the artifact under the ML key; S3 decrypts it for the role.
            Sid: "DecryptModelArtifacts",
            Effect: "Allow",
            Action: "kms:Decrypt",
            Resource: i.mlKmsKeyArn,
            Condition: { StringEquals: { "kms:ViaService": viaService(i.ctx, "s3") } },
        },
        {
            Sid: "WriteDataCapture",
            Effect: "Allow",
            Action: "s3:PutObject",
            Resource: i.captureObjectsArn,
        },
        {
            // GenerateDataKey for each captured object; Decrypt because S3 reads the data key back to complete
            // multipart uploads of large capture files.
            Sid: "EncryptDataCapture",
            Effect: "Allow",
            Action: ["kms:GenerateDataKey", "kms:Decrypt"],
            Resource: i.lakeKmsKeyArn,
            Condition: { StringEquals: { "kms:ViaService": viaService(i.ctx, "s3") } },
        },
        ...ecrPullStatements(i.ctx, [i.imageUri]),
        ...vpcAccessStatements(i.ctx, i.subnetIds, i.securityGroupIds),
        sageMakerLogsStatement(i.ctx, [`/aws/sagemaker/Endpoints/${i.endpointName}`]),
        {
            Sid: "PublishEndpointMetrics",
            Effect: "Allow",
            Action: "cloudwatch:PutMetricData",
            Resource: "*",
            Condition: { StringLike: { "cloudwatch:namespace": "/aws/sagemaker/*" } },
        },
    ];
}

/**
 * A real-time SageMaker endpoint on AWS Inferentia2, deployed the governed way.
 *
 * - The model runs network-isolated in the platform's private subnets, under its own least-privilege execution
 *   role (trusted by SageMaker only from this account).
 * - The endpoint configuration is autonamed, so every change creates a new configuration next to the one in
 *   use; its storage volume is encrypted with the ML key where the instance type has an EBS volume, and it
 *   captures a sample of requests and responses into the lake, encrypted with the lake key.
 * - Updates are blue/green with a canary that bakes on live traffic, and roll back automatically when the
 *   5XX or latency alarms created here go off; the alarms also notify the alarm topic.
 * - Application Auto Scaling tracks invocations per instance between `minInstances` and `maxInstances`.
 */
export class InferenceEndpoint extends pulumi.ComponentResource {
    /** Name of the endpoint (what clients invoke and Model Monitor watches). */
    readonly endpointName: pulumi.Output<string>;
    /** ARN of the endpoint. */
    readonly endpointArn: pulumi.Output<string>;
    /** Name of the production variant. */
    readonly variantName: pulumi.Output<string>;
    /** Autogenerated name of the endpoint configuration in use. */
    readonly endpointConfigName: pulumi.Output<string>;
    /** Name of the SageMaker model. */
    readonly modelName: pulumi.Output<string>;
    /** ARN of the model's execution role. */
    readonly executionRoleArn: pulumi.Output<string>;
    /** S3 URI under which this endpoint's captured data lands (`s3://<bucket>/<prefix>/<endpoint name>/`). */
    readonly dataCaptureS3Uri: pulumi.Output<string>;
    /** Names of the alarms that roll deployments back. */
    readonly rollbackAlarmNames: pulumi.Output<string>[];
    /** Application Auto Scaling resource id (`endpoint/<name>/variant/<variant>`). */
    readonly scalableTargetResourceId: pulumi.Output<string>;
    /** ARN of the target-tracking scaling policy. */
    readonly scalingPolicyArn: pulumi.Output<string>;

    constructor(name: string, args: InferenceEndpointArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ml-platform:index:InferenceEndpoint", name, {}, opts);
        validateInferenceEndpointArgs(args, name);

        const parent = { parent: this };
        const ctx = arnContext(this);
        const tags = args.tags;
        const instanceType = args.instanceType ?? "ml.inf2.xlarge";
        const multiModel = args.multiModel ?? false;
        const variantName = args.variantName ?? "primary";
        const endpointName = args.endpointName ?? sageMakerName([pulumi.getStack(), name]);
        const minInstances = args.minInstances ?? 2;
        const maxInstances = args.maxInstances ?? Math.max(4, minInstances);
        const capture = args.dataCapture ?? {};
        const capturePrefix = capture.prefix ?? "data-capture";
        const bg = args.blueGreen ?? {};
        const rollback = args.rollbackAlarms ?? {};

        const imageUri = servingImageUri(ctx, args.imageUri, args.neuronImageTag);
        const captureDestination = pulumi.interpolate`s3://${args.dataCaptureBucketName}/${capturePrefix}`;
        // SageMaker appends `/<endpoint>/<variant>/...` to the destination.
        const dataCaptureS3Uri = pulumi.interpolate`${captureDestination}/${endpointName}/`;

        const { role, rolePolicy } = sageMakerRole(
            `${name}-exec`,
            `SageMaker execution role of the model behind endpoint ${endpointName}`,
            executionPolicyStatements({
                ctx,
                modelDataUrl: args.modelDataUrl,
                multiModel,
                imageUri,
                mlKmsKeyArn: args.mlKmsKeyArn,
                lakeKmsKeyArn: args.lakeKmsKeyArn,
                captureObjectsArn: s3PrefixObjectsArn(ctx.partition, dataCaptureS3Uri),
                endpointName,
                subnetIds: args.subnetIds,
                securityGroupIds: args.securityGroupIds,
            }),
            ctx,
            tags,
            this,
        );

        // CreateModel checks the role can reach the image and artifact, so the policy must be in place first.
        const model = new aws.sagemaker.Model(
            `${name}-model`,
            {
                executionRoleArn: role.arn,
                enableNetworkIsolation: true,
                primaryContainer: {
                    image: imageUri,
                    modelDataUrl: args.modelDataUrl,
                    mode: multiModel ? "MultiModel" : "SingleModel",
                    environment: args.environment,
                },
                vpcConfig: { subnets: args.subnetIds, securityGroupIds: args.securityGroupIds },
                tags,
            },
            { parent: this, dependsOn: [rolePolicy] },
        );

        // No `name`: Pulumi autonames the configuration, and every change (all of its fields force a replacement)
        // creates a new one beside the configuration the endpoint still uses; the old one is deleted only after
        // the endpoint has moved to the new one.
        const endpointConfig = new aws.sagemaker.EndpointConfiguration(
            `${name}-config`,
            {
                // Local-NVMe instance types reject a volume key; their local disks are encrypted by the hardware.
                ...(hasLocalNvmeStorage(instanceType) ? {} : { kmsKeyArn: args.mlKmsKeyArn }),
                productionVariants: [
                    {
                        variantName,
                        modelName: model.name,
                        instanceType,
                        initialInstanceCount: minInstances,
                        initialVariantWeight: 1,
                        enableSsmAccess: false,
                    },
                ],
                dataCaptureConfig: {
                    enableCapture: true,
                    initialSamplingPercentage: capture.samplingPercentage ?? 20,
                    destinationS3Uri: captureDestination,
                    kmsKeyId: args.lakeKmsKeyArn,
                    captureOptions: [{ captureMode: "Input" }, { captureMode: "Output" }],
                    captureContentTypeHeader: {
                        csvContentTypes: capture.csvContentTypes ?? ["text/csv"],
                        jsonContentTypes: capture.jsonContentTypes ?? ["application/json"],
                    },
                },
                tags,
            },
            parent,
        );

        const alarmActions = [args.alarmTopicArn];
        const dimensions = { EndpointName: endpointName, VariantName: variantName };
        const alarmWindow = {
            period: rollback.periodSeconds ?? 60,
            evaluationPeriods: rollback.evaluationPeriods ?? 3,
            datapointsToAlarm: rollback.datapointsToAlarm ?? 2,
            // No invocations is not a failure of the new fleet.
            treatMissingData: "notBreaching",
            alarmActions,
            okActions: alarmActions,
            actionsEnabled: true,
        };
        const errorsAlarm = new aws.cloudwatch.MetricAlarm(
            `${name}-5xx`,
            {
                alarmDescription: `Server errors on ${endpointName}/${variantName}; rolls back a blue/green deployment in progress.`,
                ...endpoint5xxAlarmMetric(dimensions),
                threshold: rollback.errors5xxThreshold ?? 1,
                ...alarmWindow,
                tags,
            },
            parent,
        );
        const latencyAlarm = new aws.cloudwatch.MetricAlarm(
            `${name}-latency`,
            {
                alarmDescription: `p99 model latency on ${endpointName}/${variantName}; rolls back a blue/green deployment in progress.`,
                ...endpointLatencyP99AlarmMetric(dimensions, rollback.latencyP99Ms ?? 1000),
                ...alarmWindow,
                tags,
            },
            parent,
        );

        const canaryType = bg.canarySizeType ?? CanarySizeType.CapacityPercent;
        const endpoint = new aws.sagemaker.Endpoint(
            `${name}-endpoint`,
            {
                name: endpointName,
                endpointConfigName: endpointConfig.name,
                deploymentConfig: {
                    blueGreenUpdatePolicy: {
                        trafficRoutingConfiguration: {
                            type: "CANARY",
                            canarySize: { type: canaryType, value: bg.canarySize ?? 10 },
                            waitIntervalInSeconds: bg.waitIntervalSeconds ?? 600,
                        },
                        terminationWaitInSeconds: bg.terminationWaitSeconds ?? 600,
                        maximumExecutionTimeoutInSeconds: bg.maximumExecutionTimeoutSeconds ?? 3600,
                    },
                    autoRollbackConfiguration: {
                        alarms: [{ alarmName: errorsAlarm.name }, { alarmName: latencyAlarm.name }],
                    },
                },
                tags,
            },
            parent,
        );

        const target = new aws.appautoscaling.Target(
            `${name}-scaling`,
            {
                serviceNamespace: "sagemaker",
                scalableDimension: "sagemaker:variant:DesiredInstanceCount",
                resourceId: pulumi.interpolate`endpoint/${endpoint.name}/variant/${variantName}`,
                minCapacity: minInstances,
                maxCapacity: maxInstances,
                tags,
            },
            parent,
        );
        const policy = new aws.appautoscaling.Policy(
            `${name}-invocations`,
            {
                policyType: "TargetTrackingScaling",
                serviceNamespace: target.serviceNamespace,
                scalableDimension: target.scalableDimension,
                resourceId: target.resourceId,
                targetTrackingScalingPolicyConfiguration: {
                    predefinedMetricSpecification: { predefinedMetricType: "SageMakerVariantInvocationsPerInstance" },
                    targetValue: args.targetInvocationsPerInstance ?? 100,
                    scaleInCooldown: args.scaleInCooldownSeconds ?? 300,
                    scaleOutCooldown: args.scaleOutCooldownSeconds ?? 60,
                },
            },
            parent,
        );

        this.endpointName = endpoint.name;
        this.endpointArn = endpoint.arn;
        this.variantName = pulumi.output(variantName);
        this.endpointConfigName = endpointConfig.name;
        this.modelName = model.name;
        this.executionRoleArn = role.arn;
        this.dataCaptureS3Uri = dataCaptureS3Uri;
        this.rollbackAlarmNames = [errorsAlarm.name, latencyAlarm.name];
        this.scalableTargetResourceId = target.resourceId;
        this.scalingPolicyArn = policy.arn;
        this.registerOutputs({
            endpointName: this.endpointName,
            endpointArn: this.endpointArn,
            variantName: this.variantName,
            endpointConfigName: this.endpointConfigName,
            modelName: this.modelName,
            executionRoleArn: this.executionRoleArn,
            dataCaptureS3Uri: this.dataCaptureS3Uri,
            rollbackAlarmNames: this.rollbackAlarmNames,
            scalableTargetResourceId: this.scalableTargetResourceId,
            scalingPolicyArn: this.scalingPolicyArn,
        });
    }
}
