import { createHash } from "crypto";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
    ArnContext,
    arnContext,
    checkArn,
    checkInteger,
    checkRequired,
    checkS3Uri,
    checkSageMakerName,
    checkVpcConfig,
    ecrPullStatements,
    endpoint5xxAlarmMetric,
    endpointLatencyP99AlarmMetric,
    hasLocalNvmeStorage,
    parseInstanceType,
    PolicyStatement,
    policyDocument,
    s3ListUnderStatement,
    s3ObjectArn,
    s3PrefixObjectsArn,
    sageMakerLogsStatement,
    sageMakerName,
    sageMakerRole,
    toJson,
    ValidationError,
    viaService,
    vpcAccessStatements,
} from "../lib";

/** The machine-learning problem a model-quality monitor evaluates; it decides which metrics are computed. */
export enum ProblemType {
    BinaryClassification = "BinaryClassification",
    MulticlassClassification = "MulticlassClassification",
    Regression = "Regression",
}

/** Data drift: the distribution of captured inputs compared with the training baseline. */
export interface DataQualityMonitorArgs {
    /** `constraints.json` of the baseline (from a baselining job on the training data), in the lake. */
    baselineConstraintsS3Uri: pulumi.Input<string>;
    /** `statistics.json` of the baseline, in the lake. */
    baselineStatisticsS3Uri: pulumi.Input<string>;
    /**
     * Features whose drift distance (`feature_baseline_drift_<feature>`) raises an alarm. Model Monitor publishes
     * one metric per feature, so the features to watch are named here (at least one).
     */
    alarmFeatures: string[];
    /**
     * Drift distance above which a feature's alarm goes off (Model Monitor's default comparison threshold).
     * @default 0.1
     */
    driftThreshold?: number;
    /**
     * When the job runs (a `cron(...)` expression, at most hourly).
     * @default "cron(0 * ? * * *)" (hourly)
     */
    scheduleExpression?: string;
}

/** Prediction drift: predictions compared with ground-truth labels that arrive later. */
export interface ModelQualityMonitorArgs {
    /** The problem type, which selects the metrics Model Monitor computes. */
    problemType: ProblemType;
    /**
     * JSONPath or column index of the predicted label in the captured output. Required for classification
     * unless `probabilityAttribute` is given, and for regression.
     * @default none
     */
    inferenceAttribute?: string;
    /**
     * JSONPath or column index of the predicted probability (classification).
     * @default none
     */
    probabilityAttribute?: string;
    /**
     * Probability at or above which a binary prediction counts as positive (0 to 1; binary classification only).
     * @default none (Model Monitor's 0.5)
     */
    probabilityThresholdAttribute?: number;
    /** `constraints.json` of the model-quality baseline, in the lake. */
    baselineConstraintsS3Uri: pulumi.Input<string>;
    /**
     * Metric the prediction-drift alarm watches. Error metrics (`mae`, `mse`, `rmse`, `false_positive_rate`,
     * `false_negative_rate`) alarm above `alarmThreshold`, the others below it.
     * @default "f1" (binary), "weighted_f1" (multiclass), "rmse" (regression)
     */
    alarmMetric?: string;
    /** Value of `alarmMetric` beyond which the alarm goes off, taken from the model's acceptance criteria. */
    alarmThreshold: number;
    /**
     * When the job runs (a `cron(...)` expression, at most hourly).
     * @default "cron(0 * ? * * *)" (hourly)
     */
    scheduleExpression?: string;
    /**
     * Start of the analysed window relative to the run (ISO 8601 duration). Ground truth arrives after the
     * prediction, so the window lies in the past.
     * @default "-PT25H"
     */
    startTimeOffset?: string;
    /**
     * End of the analysed window relative to the run; the time ground truth is given to arrive.
     * @default "-PT24H"
     */
    endTimeOffset?: string;
}

/** One bias metric whose drift raises an alarm. */
export interface BiasDriftAlarm {
    /** Short name of a SageMaker Clarify bias metric, e.g. `DPPL`, `DI`, `CI` (published as `bias_metric_<name>`). */
    metric: string;
    /**
     * Largest acceptable absolute value over every facet and label: an alarm goes off above it and another below
     * its negative.
     */
    maxAbsoluteValue: number;
}

/** Bias drift: SageMaker Clarify bias metrics on captured predictions and ground truth. */
export interface ModelBiasMonitorArgs {
    /** Clarify analysis configuration (`analysis_config.json`: label, facets, metrics), in the lake. */
    analysisConfigS3Uri: pulumi.Input<string>;
    /** `analysis.json` constraints of the bias baseline, in the lake. */
    baselineConstraintsS3Uri: pulumi.Input<string>;
    /** Bias metrics that raise an alarm (at least one). */
    alarms: BiasDriftAlarm[];
    /**
     * JSONPath of the features in captured JSON Lines input.
     * @default none
     */
    featuresAttribute?: string;
    /**
     * JSONPath or column index of the predicted label.
     * @default none
     */
    inferenceAttribute?: string;
    /**
     * JSONPath or column index of the predicted probability.
     * @default none
     */
    probabilityAttribute?: string;
    /**
     * Probability at or above which a prediction counts as positive (0 to 1).
     * @default none
     */
    probabilityThresholdAttribute?: number;
    /**
     * When the job runs (a `cron(...)` expression, at most hourly).
     * @default "cron(0 * ? * * *)" (hourly)
     */
    scheduleExpression?: string;
    /**
     * Start of the analysed window relative to the run (ISO 8601 duration).
     * @default "-PT25H"
     */
    startTimeOffset?: string;
    /**
     * End of the analysed window relative to the run.
     * @default "-PT24H"
     */
    endTimeOffset?: string;
}

/** Alarms on the endpoint's own health, sustained over minutes (the deployment's rollback alarms react faster). */
export interface EndpointHealthAlarmArgs {
    /**
     * Server errors (`Invocation5XXErrors`) per 5 minutes at or above which the alarm goes off.
     * @default 5
     */
    errors5xxThreshold?: number;
    /**
     * p99 of `ModelLatency` in milliseconds above which the alarm goes off.
     * @default 1000
     */
    latencyP99Ms?: number;
    /**
     * Disk use of the endpoint's instances in percent above which the alarm goes off. Data capture pauses
     * when the disk fills, which would blind the monitors.
     * @default 75
     */
    diskUtilizationPercent?: number;
}

/** Arguments of {@link ModelMonitoring}. */
export interface ModelMonitoringArgs {
    /** Name of the monitored endpoint; it must capture data (InferenceEndpoint always does). */
    endpointName: pulumi.Input<string>;
    /**
     * Production variant of the endpoint, for the health alarms.
     * @default "primary"
     */
    variantName?: pulumi.Input<string>;
    /** Prefix where the endpoint's captured data lands (`InferenceEndpoint.dataCaptureS3Uri`); read only. */
    dataCaptureS3Uri: pulumi.Input<string>;
    /** Prefix where ground-truth labels are uploaded (`<prefix>/yyyy/mm/dd/hh/*.jsonl`); read only. */
    groundTruthS3Uri: pulumi.Input<string>;
    /** Prefix the monitoring reports and violations are written to (one sub-prefix per monitor). */
    reportsS3Uri: pulumi.Input<string>;
    /** Private subnets of the monitoring jobs. */
    subnetIds: pulumi.Input<string>[];
    /** Security groups of the monitoring jobs (1 to 5). */
    securityGroupIds: pulumi.Input<string>[];
    /**
     * ML KMS key that encrypts the jobs' storage volumes (when the instance type has an EBS volume; local-NVMe
     * volumes are encrypted by the hardware and SageMaker rejects a key for them).
     */
    volumeKmsKeyArn: pulumi.Input<string>;
    /** Data-lake KMS key: decrypts captured data, ground truth and baselines, and encrypts the reports. */
    lakeKmsKeyArn: pulumi.Input<string>;
    /**
     * KMS key of the alert topic. Its key policy must let `cloudwatch.amazonaws.com` use it (the platform's logs
     * key does); the AWS-managed `alias/aws/sns` key can't be used by CloudWatch alarms.
     */
    topicKmsKeyArn: pulumi.Input<string>;
    /** Data drift monitor. */
    dataQuality: DataQualityMonitorArgs;
    /** Prediction drift monitor. */
    modelQuality: ModelQualityMonitorArgs;
    /** Bias drift monitor. */
    modelBias: ModelBiasMonitorArgs;
    /**
     * Instance type of the monitoring jobs.
     * @default "ml.m5.xlarge"
     */
    instanceType?: string;
    /**
     * Size of each job's storage volume in GB (1 to 16384).
     * @default 20
     */
    volumeSizeGb?: number;
    /**
     * Longest a monitoring run may take, in seconds (1 to 3600, within the hourly schedule).
     * @default 1800
     */
    maxRuntimeSeconds?: number;
    /**
     * Model Monitor analyzer image (data and model quality).
     * @default SageMaker's prebuilt `sagemaker-model-monitor-analyzer` image of the region
     */
    monitorImageUri?: pulumi.Input<string>;
    /**
     * SageMaker Clarify image (bias).
     * @default SageMaker's prebuilt `sagemaker-clarify-processing:1.0` image of the region
     */
    clarifyImageUri?: pulumi.Input<string>;
    /**
     * Endpoint health alarm settings.
     * @default 5 errors per 5 minutes, p99 latency 1 s, disk 75 %
     */
    endpointHealth?: EndpointHealthAlarmArgs;
    /**
     * Tags for every taggable child.
     * @default {}
     */
    tags?: { [key: string]: string };
}

/** Model-quality metrics Model Monitor publishes, by problem type (SageMaker Python SDK model-quality dashboard). */
export const MODEL_QUALITY_METRICS: Record<ProblemType, readonly string[]> = {
    [ProblemType.BinaryClassification]: [
        "accuracy",
        "precision",
        "recall",
        "f0_5",
        "f1",
        "f2",
        "true_positive_rate",
        "true_negative_rate",
        "false_positive_rate",
        "false_negative_rate",
        "au_prc",
        "auc",
    ],
    [ProblemType.MulticlassClassification]: ["accuracy", "weighted_precision", "weighted_recall", "weighted_f0_5", "weighted_f1", "weighted_f2"],
    [ProblemType.Regression]: ["mae", "mse", "rmse", "r2"],
};

const DEFAULT_QUALITY_METRIC: Record<ProblemType, string> = {
    [ProblemType.BinaryClassification]: "f1",
    [ProblemType.MulticlassClassification]: "weighted_f1",
    [ProblemType.Regression]: "rmse",
};

/** Metrics where larger is worse, so their alarm goes off above the threshold. */
const ERROR_METRICS = ["mae", "mse", "rmse", "false_positive_rate", "false_negative_rate"];

/** CloudWatch namespaces Model Monitor and Clarify publish real-time endpoint metrics to. */
export const MONITOR_NAMESPACES = {
    dataQuality: "aws/sagemaker/Endpoints/data-metrics",
    modelQuality: "aws/sagemaker/Endpoints/model-metrics",
    modelBias: "aws/sagemaker/Endpoints/bias-metrics",
} as const;

const HOURLY = "cron(0 * ? * * *)";
const CRON = /^cron\(\S+( \S+){5}\)$/;
const OFFSET = /^-P(T(\d+H)?(\d+M)?|\d+D(T(\d+H)?(\d+M)?)?)$/;
const METRIC_TOKEN = /^[A-Za-z0-9_.-]{1,200}$/;
/** Longest component name whose autonamed children (`<name>-model-quality-xxxxxxx`) fit in 63 characters. */
const MAX_NAME_LENGTH = 40;

/** The part of a drift alarm's name that identifies its feature. */
function featureSlug(feature: string): string {
    return sageMakerName([feature]).toLowerCase();
}

function checkCron(field: string, value: string | undefined): void {
    if (value !== undefined && !CRON.test(value)) {
        throw new ValidationError(field, 'a cron expression such as "cron(0 * ? * * *)"', value);
    }
}

function checkOffset(field: string, value: string | undefined): void {
    if (value !== undefined && !(value.length <= 15 && OFFSET.test(value))) {
        throw new ValidationError(field, 'a negative ISO 8601 duration of at most 15 characters, such as "-PT24H" or "-P1D"', value);
    }
}

function checkProbability(field: string, value: number | undefined): void {
    if (value !== undefined && !(Number.isFinite(value) && value >= 0 && value <= 1)) {
        throw new ValidationError(field, "a number from 0 to 1", value);
    }
}

function checkAttribute(field: string, value: string | undefined): void {
    if (value !== undefined && (value.length === 0 || value.length > 256)) {
        throw new ValidationError(field, "a JSONPath or column index of 1 to 256 characters", value);
    }
}

function checkPositive(field: string, value: number | undefined): void {
    if (value !== undefined && !(Number.isFinite(value) && value > 0)) {
        throw new ValidationError(field, "a number greater than 0", value);
    }
}

/** Checks {@link ModelMonitoringArgs} (and the component name) before anything is created. */
export function validateModelMonitoringArgs(args: ModelMonitoringArgs, name?: string): void {
    const C = "ModelMonitoring";
    if (name !== undefined && name.length > MAX_NAME_LENGTH) {
        throw new ValidationError(`${C}.name`, `a component name of at most ${MAX_NAME_LENGTH} characters, so autonamed SageMaker children fit in 63`, name);
    }
    checkRequired(`${C}.endpointName`, args.endpointName, "the name of the monitored endpoint");
    checkSageMakerName(`${C}.endpointName`, args.endpointName);
    checkSageMakerName(`${C}.variantName`, args.variantName);
    checkRequired(`${C}.dataCaptureS3Uri`, args.dataCaptureS3Uri, "the S3 prefix of the endpoint's captured data");
    checkS3Uri(`${C}.dataCaptureS3Uri`, args.dataCaptureS3Uri, "prefix");
    checkRequired(`${C}.groundTruthS3Uri`, args.groundTruthS3Uri, "the S3 prefix of the ground-truth labels");
    checkS3Uri(`${C}.groundTruthS3Uri`, args.groundTruthS3Uri, "prefix");
    checkRequired(`${C}.reportsS3Uri`, args.reportsS3Uri, "the S3 prefix of the monitoring reports");
    checkS3Uri(`${C}.reportsS3Uri`, args.reportsS3Uri, "prefix");
    checkVpcConfig(C, args.subnetIds, args.securityGroupIds);
    for (const field of ["volumeKmsKeyArn", "lakeKmsKeyArn", "topicKmsKeyArn"] as const) {
        checkRequired(`${C}.${field}`, args[field], "the ARN of a KMS key");
        checkArn(`${C}.${field}`, args[field], "kms");
    }
    const instanceType = args.instanceType ?? "ml.m5.xlarge";
    if (!parseInstanceType(instanceType)) {
        throw new ValidationError(`${C}.instanceType`, 'an instance type "ml.<family>.<size>" such as "ml.m5.xlarge"', instanceType);
    }
    checkInteger(`${C}.volumeSizeGb`, args.volumeSizeGb, 1, 16384);
    checkInteger(`${C}.maxRuntimeSeconds`, args.maxRuntimeSeconds, 1, 3600);

    const dq = args.dataQuality;
    checkRequired(`${C}.dataQuality`, dq, "the data-quality monitor settings");
    checkS3Uri(`${C}.dataQuality.baselineConstraintsS3Uri`, dq.baselineConstraintsS3Uri, "object");
    checkS3Uri(`${C}.dataQuality.baselineStatisticsS3Uri`, dq.baselineStatisticsS3Uri, "object");
    checkRequired(`${C}.dataQuality.alarmFeatures`, dq.alarmFeatures, "at least one feature name whose drift raises an alarm");
    dq.alarmFeatures.forEach((f, i) => {
        if (!METRIC_TOKEN.test(f)) {
            throw new ValidationError(`${C}.dataQuality.alarmFeatures[${i}]`, "a feature name of letters, digits, '_', '.' and '-'", f);
        }
    });
    // Each feature's alarm is named after it, so names must stay distinct once lower-cased.
    if (new Set(dq.alarmFeatures.map(featureSlug)).size !== dq.alarmFeatures.length) {
        throw new ValidationError(`${C}.dataQuality.alarmFeatures`, "feature names that stay distinct when lower-cased", dq.alarmFeatures);
    }
    checkPositive(`${C}.dataQuality.driftThreshold`, dq.driftThreshold);
    checkCron(`${C}.dataQuality.scheduleExpression`, dq.scheduleExpression);

    const mq = args.modelQuality;
    checkRequired(`${C}.modelQuality`, mq, "the model-quality monitor settings");
    if (!Object.values(ProblemType).includes(mq.problemType)) {
        throw new ValidationError(`${C}.modelQuality.problemType`, `one of ${Object.values(ProblemType).join(", ")}`, mq.problemType);
    }
    checkAttribute(`${C}.modelQuality.inferenceAttribute`, mq.inferenceAttribute);
    checkAttribute(`${C}.modelQuality.probabilityAttribute`, mq.probabilityAttribute);
    if (mq.problemType === ProblemType.Regression && mq.inferenceAttribute === undefined) {
        throw new ValidationError(`${C}.modelQuality.inferenceAttribute`, "the location of the predicted value (required for Regression)", undefined);
    }
    if (mq.problemType !== ProblemType.Regression && mq.inferenceAttribute === undefined && mq.probabilityAttribute === undefined) {
        throw new ValidationError(
            `${C}.modelQuality.inferenceAttribute`,
            "the predicted label's location, or a probabilityAttribute (one is required for classification)",
            undefined,
        );
    }
    if (mq.probabilityThresholdAttribute !== undefined && mq.problemType !== ProblemType.BinaryClassification) {
        throw new ValidationError(
            `${C}.modelQuality.probabilityThresholdAttribute`,
            "no value: a probability threshold applies to BinaryClassification only",
            mq.probabilityThresholdAttribute,
        );
    }
    checkProbability(`${C}.modelQuality.probabilityThresholdAttribute`, mq.probabilityThresholdAttribute);
    checkS3Uri(`${C}.modelQuality.baselineConstraintsS3Uri`, mq.baselineConstraintsS3Uri, "object");
    const metric = mq.alarmMetric ?? DEFAULT_QUALITY_METRIC[mq.problemType];
    if (!MODEL_QUALITY_METRICS[mq.problemType].includes(metric)) {
        throw new ValidationError(`${C}.modelQuality.alarmMetric`, `a ${mq.problemType} metric: ${MODEL_QUALITY_METRICS[mq.problemType].join(", ")}`, metric);
    }
    if (typeof mq.alarmThreshold !== "number" || !Number.isFinite(mq.alarmThreshold)) {
        throw new ValidationError(`${C}.modelQuality.alarmThreshold`, `the ${metric} value beyond which the model is no longer acceptable`, mq.alarmThreshold);
    }
    checkCron(`${C}.modelQuality.scheduleExpression`, mq.scheduleExpression);
    checkOffset(`${C}.modelQuality.startTimeOffset`, mq.startTimeOffset);
    checkOffset(`${C}.modelQuality.endTimeOffset`, mq.endTimeOffset);

    const mb = args.modelBias;
    checkRequired(`${C}.modelBias`, mb, "the model-bias monitor settings");
    checkS3Uri(`${C}.modelBias.analysisConfigS3Uri`, mb.analysisConfigS3Uri, "object");
    checkS3Uri(`${C}.modelBias.baselineConstraintsS3Uri`, mb.baselineConstraintsS3Uri, "object");
    checkRequired(`${C}.modelBias.alarms`, mb.alarms, "at least one bias metric whose drift raises an alarm");
    mb.alarms.forEach((a, i) => {
        if (!/^[A-Za-z0-9]{1,16}$/.test(a.metric)) {
            throw new ValidationError(`${C}.modelBias.alarms[${i}].metric`, 'the short name of a Clarify bias metric, such as "DPPL"', a.metric);
        }
        checkPositive(`${C}.modelBias.alarms[${i}].maxAbsoluteValue`, a.maxAbsoluteValue);
    });
    if (new Set(mb.alarms.map((a) => a.metric)).size !== mb.alarms.length) {
        throw new ValidationError(
            `${C}.modelBias.alarms`,
            "one entry per bias metric",
            mb.alarms.map((a) => a.metric),
        );
    }
    checkAttribute(`${C}.modelBias.featuresAttribute`, mb.featuresAttribute);
    checkAttribute(`${C}.modelBias.inferenceAttribute`, mb.inferenceAttribute);
    checkAttribute(`${C}.modelBias.probabilityAttribute`, mb.probabilityAttribute);
    checkProbability(`${C}.modelBias.probabilityThresholdAttribute`, mb.probabilityThresholdAttribute);
    checkCron(`${C}.modelBias.scheduleExpression`, mb.scheduleExpression);
    checkOffset(`${C}.modelBias.startTimeOffset`, mb.startTimeOffset);
    checkOffset(`${C}.modelBias.endTimeOffset`, mb.endTimeOffset);

    const health = args.endpointHealth ?? {};
    checkPositive(`${C}.endpointHealth.errors5xxThreshold`, health.errors5xxThreshold);
    checkPositive(`${C}.endpointHealth.latencyP99Ms`, health.latencyP99Ms);
    if (health.diskUtilizationPercent !== undefined && !(health.diskUtilizationPercent > 0 && health.diskUtilizationPercent < 100)) {
        throw new ValidationError(`${C}.endpointHealth.diskUtilizationPercent`, "a percentage between 0 and 100", health.diskUtilizationPercent);
    }
}

/** `<prefix>/<child>/` under an `s3://` prefix. */
function childPrefix(prefix: pulumi.Input<string>, child: string): pulumi.Output<string> {
    return pulumi.output(prefix).apply((p) => `${p.replace(/\/+$/, "")}/${child}/`);
}

/**
 * A job-definition name derived from its content. Every property of a job definition is create-only, so any
 * change replaces it; Pulumi creates the replacement before deleting the old one, and a content-derived name
 * makes the two never collide (a fixed name would, an AWS-generated one is not available through Cloud Control).
 */
export function contentAddressedName(prefix: string, content: unknown): string {
    const digest = createHash("sha256").update(JSON.stringify(content)).digest("hex").slice(0, 12);
    return `${sageMakerName([prefix])
        .slice(0, 63 - 13)
        .replace(/-+$/, "")}-${digest}`;
}

/** Everything the monitoring role may do, for {@link ModelMonitoring}. */
interface MonitoringPolicyInputs {
    ctx: ArnContext;
    dataCaptureS3Uri: pulumi.Input<string>;
    groundTruthS3Uri: pulumi.Input<string>;
    reportsS3Uri: pulumi.Input<string>;
    baselineObjects: pulumi.Input<string>[];
    lakeKmsKeyArn: pulumi.Input<string>;
    volumeKmsKeyArn?: pulumi.Input<string>;
    imageUris: pulumi.Input<string>[];
    subnetIds: pulumi.Input<string>[];
    securityGroupIds: pulumi.Input<string>[];
}

/** The monitoring role's permissions: read the inputs, write the reports, run in the VPC, publish the metrics. */
export function monitoringPolicyStatements(i: MonitoringPolicyInputs): PolicyStatement[] {
    const p = i.ctx.partition;
    const statements: PolicyStatement[] = [
        { Sid: "ReadCapturedData", Effect: "Allow", Action: "s3:GetObject", Resource: s3PrefixObjectsArn(p, i.dataCaptureS3Uri) },
        s3ListUnderStatement("ListCapturedData", p, i.dataCaptureS3Uri),
        { Sid: "ReadGroundTruth", Effect: "Allow", Action: "s3:GetObject", Resource: s3PrefixObjectsArn(p, i.groundTruthS3Uri) },
        s3ListUnderStatement("ListGroundTruth", p, i.groundTruthS3Uri),
        { Sid: "ReadBaselines", Effect: "Allow", Action: "s3:GetObject", Resource: i.baselineObjects.map((uri) => s3ObjectArn(p, uri)) },
        // The ground-truth merge writes its output beside the reports and the analysis reads it back.
        { Sid: "WriteReports", Effect: "Allow", Action: ["s3:PutObject", "s3:GetObject"], Resource: s3PrefixObjectsArn(p, i.reportsS3Uri) },
        s3ListUnderStatement("ListReports", p, i.reportsS3Uri),
        {
            Sid: "UseLakeKeyThroughS3",
            Effect: "Allow",
            Action: ["kms:Decrypt", "kms:GenerateDataKey"],
            Resource: i.lakeKmsKeyArn,
            Condition: { StringEquals: { "kms:ViaService": viaService(i.ctx, "s3") } },
        },
    ];
    if (i.volumeKmsKeyArn !== undefined) {
        statements.push(
            {
                // SageMaker encrypts the job's EBS volume through a grant on the key.
                Sid: "GrantVolumeKeyToSageMaker",
                Effect: "Allow",
                Action: "kms:CreateGrant",
                Resource: i.volumeKmsKeyArn,
                Condition: {
                    StringEquals: { "kms:ViaService": viaService(i.ctx, "sagemaker") },
                    Bool: { "kms:GrantIsForAWSResource": "true" },
                },
            },
            {
                Sid: "DescribeVolumeKey",
                Effect: "Allow",
                Action: "kms:DescribeKey",
                Resource: i.volumeKmsKeyArn,
                Condition: { StringEquals: { "kms:ViaService": viaService(i.ctx, "sagemaker") } },
            },
        );
    }
    statements.push(
        ...ecrPullStatements(i.ctx, i.imageUris),
        ...vpcAccessStatements(i.ctx, i.subnetIds, i.securityGroupIds),
        sageMakerLogsStatement(i.ctx, ["/aws/sagemaker/ProcessingJobs"]),
        {
            Sid: "PublishMonitoringMetrics",
            Effect: "Allow",
            Action: "cloudwatch:PutMetricData",
            Resource: "*",
            Condition: {
                StringEquals: {
                    "cloudwatch:namespace": [
                        MONITOR_NAMESPACES.dataQuality,
                        MONITOR_NAMESPACES.modelQuality,
                        MONITOR_NAMESPACES.modelBias,
                        "/aws/sagemaker/ProcessingJobs",
                    ],
                },
            },
        },
    );
    return statements;
}

/** A CloudWatch Metrics Insights query over one monitor metric of one endpoint and schedule. */
function insightsQuery(
    aggregate: "MAX" | "MIN",
    metric: string,
    namespace: string,
    endpointName: pulumi.Input<string>,
    schedule: pulumi.Input<string>,
): pulumi.Output<string> {
    // FROM the bare namespace (no SCHEMA) matches the metric whatever its other dimensions (feature, facet,
    // label, bias stage), so the alarm doesn't depend on them.
    return pulumi.interpolate`SELECT ${aggregate}("${metric}") FROM "${namespace}" WHERE Endpoint = '${endpointName}' AND MonitoringSchedule = '${schedule}'`;
}

/**
 * The three kinds of drift on a real-time endpoint, watched with SageMaker Model Monitor and Clarify.
 *
 * - Data drift: a `DataQualityJobDefinition` (native in @pulumi/aws) compares captured inputs with the training
 *   baseline.
 * - Prediction drift and bias drift: @pulumi/aws 7.x has no resource for `CreateModelQualityJobDefinition` or
 *   `CreateModelBiasJobDefinition` (terraform-provider-aws issue #31378 is open; its PR #31464 was closed
 *   unmerged), and `aws-native` is not available. They are created as the CloudFormation registry types
 *   `AWS::SageMaker::ModelQualityJobDefinition` / `ModelBiasJobDefinition` through `aws.cloudcontrol.Resource`
 *   (the AWS Cloud Control API, part of @pulumi/aws), whose desired state is built from typed objects here.
 * - Each definition runs on an `aws.sagemaker.MonitoringSchedule` of the matching `monitoringType`, KMS-encrypted
 *   (volume and output), network-isolated, with inter-container encryption, in the platform's subnets.
 * - CloudWatch alarms on the drift metrics and on the endpoint's health notify a KMS-encrypted SNS topic that only
 *   this account's CloudWatch alarms may publish to, over TLS.
 */
export class ModelMonitoring extends pulumi.ComponentResource {
    /** ARN of the alert topic (subscribe the on-call channel; pass it to `InferenceEndpoint.alarmTopicArn`). */
    readonly alertTopicArn: pulumi.Output<string>;
    /** ARN of the monitoring jobs' execution role. */
    readonly roleArn: pulumi.Output<string>;
    /** Name of the data-quality job definition. */
    readonly dataQualityJobDefinitionName: pulumi.Output<string>;
    /** Name of the model-quality job definition. */
    readonly modelQualityJobDefinitionName: pulumi.Output<string>;
    /** Name of the model-bias job definition. */
    readonly modelBiasJobDefinitionName: pulumi.Output<string>;
    /** Names of the data-quality, model-quality and model-bias monitoring schedules. */
    readonly scheduleNames: pulumi.Output<string>[];
    /** Names of every alarm this component created. */
    readonly alarmNames: pulumi.Output<string>[];

    constructor(name: string, args: ModelMonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ml-platform:index:ModelMonitoring", name, {}, opts);
        validateModelMonitoringArgs(args, name);

        const parent = { parent: this };
        const ctx = arnContext(this);
        const tags = args.tags;
        const instanceType = args.instanceType ?? "ml.m5.xlarge";
        // Local-NVMe instance types reject a volume key; their local disks are encrypted by the hardware.
        const volumeKmsKeyArn = hasLocalNvmeStorage(instanceType) ? undefined : args.volumeKmsKeyArn;
        const volumeSizeGb = args.volumeSizeGb ?? 20;
        const maxRuntimeSeconds = args.maxRuntimeSeconds ?? 1800;
        const dq = args.dataQuality;
        const mq = args.modelQuality;
        const mb = args.modelBias;
        const variantName = args.variantName ?? "primary";

        const monitorImage =
            args.monitorImageUri ??
            aws.sagemaker.getPrebuiltEcrImageOutput({ repositoryName: "sagemaker-model-monitor-analyzer", imageTag: "latest" }, parent).registryPath;
        const clarifyImage =
            args.clarifyImageUri ??
            aws.sagemaker.getPrebuiltEcrImageOutput({ repositoryName: "sagemaker-clarify-processing", imageTag: "1.0" }, parent).registryPath;

        // --- Alert topic ---------------------------------------------------------------------------------
        const topic = new aws.sns.Topic(`${name}-alerts`, { kmsMasterKeyId: args.topicKmsKeyArn, tags }, parent);
        new aws.sns.TopicPolicy(
            `${name}-alerts`,
            {
                arn: topic.arn,
                policy: toJson(
                    policyDocument(
                        {
                            Sid: "AllowCloudWatchAlarmsOfThisAccount",
                            Effect: "Allow",
                            Principal: { Service: "cloudwatch.amazonaws.com" },
                            Action: "sns:Publish",
                            Resource: topic.arn,
                            Condition: {
                                StringEquals: { "aws:SourceAccount": ctx.account },
                                ArnLike: { "aws:SourceArn": pulumi.interpolate`arn:${ctx.partition}:cloudwatch:${ctx.region}:${ctx.account}:alarm:*` },
                            },
                        },
                        {
                            Sid: "DenyPublishWithoutTls",
                            Effect: "Deny",
                            Principal: "*",
                            Action: "sns:Publish",
                            Resource: topic.arn,
                            Condition: { Bool: { "aws:SecureTransport": "false" } },
                        },
                    ),
                ),
            },
            parent,
        );

        // --- Role ----------------------------------------------------------------------------------------
        const { role, rolePolicy } = sageMakerRole(
            `${name}-monitor`,
            "SageMaker Model Monitor and Clarify monitoring jobs",
            monitoringPolicyStatements({
                ctx,
                dataCaptureS3Uri: args.dataCaptureS3Uri,
                groundTruthS3Uri: args.groundTruthS3Uri,
                reportsS3Uri: args.reportsS3Uri,
                baselineObjects: [
                    dq.baselineConstraintsS3Uri,
                    dq.baselineStatisticsS3Uri,
                    mq.baselineConstraintsS3Uri,
                    mb.baselineConstraintsS3Uri,
                    mb.analysisConfigS3Uri,
                ],
                lakeKmsKeyArn: args.lakeKmsKeyArn,
                volumeKmsKeyArn,
                imageUris: [monitorImage, clarifyImage],
                subnetIds: args.subnetIds,
                securityGroupIds: args.securityGroupIds,
            }),
            ctx,
            tags,
            this,
        );
        const afterRole = { parent: this, dependsOn: [rolePolicy] };

        // Shared settings every monitoring job carries, in the provider's (camelCase) and CloudFormation's
        // (PascalCase) spelling.
        const publishMetrics = { publish_cloudwatch_metrics: "Enabled" };
        const network = {
            enableInterContainerTrafficEncryption: true,
            enableNetworkIsolation: true,
            vpcConfig: { subnets: args.subnetIds, securityGroupIds: args.securityGroupIds },
        };
        const localPath = { input: "/opt/ml/processing/input/endpoint", output: "/opt/ml/processing/output" };

        // --- Data quality (native resource) --------------------------------------------------------------
        const dataQuality = new aws.sagemaker.DataQualityJobDefinition(
            `${name}-data-quality`,
            {
                roleArn: role.arn,
                dataQualityAppSpecification: { imageUri: monitorImage, environment: publishMetrics },
                dataQualityBaselineConfig: {
                    constraintsResource: { s3Uri: dq.baselineConstraintsS3Uri },
                    statisticsResource: { s3Uri: dq.baselineStatisticsS3Uri },
                },
                dataQualityJobInput: {
                    endpointInput: {
                        endpointName: args.endpointName,
                        localPath: localPath.input,
                        s3DataDistributionType: "FullyReplicated",
                        s3InputMode: "File",
                    },
                },
                dataQualityJobOutputConfig: {
                    kmsKeyId: args.lakeKmsKeyArn,
                    monitoringOutputs: {
                        s3Output: { s3Uri: childPrefix(args.reportsS3Uri, "data-quality"), localPath: localPath.output, s3UploadMode: "EndOfJob" },
                    },
                },
                jobResources: {
                    clusterConfig: {
                        instanceCount: 1,
                        instanceType,
                        volumeSizeInGb: volumeSizeGb,
                        ...(volumeKmsKeyArn === undefined ? {} : { volumeKmsKeyId: volumeKmsKeyArn }),
                    },
                },
                networkConfig: network,
                stoppingCondition: { maxRuntimeInSeconds: maxRuntimeSeconds },
                tags,
            },
            afterRole,
        );

        // --- Model quality and model bias (Cloud Control) ------------------------------------------------
        const cfnCommon = pulumi
            .all([role.arn, args.lakeKmsKeyArn, volumeKmsKeyArn, pulumi.output(args.subnetIds), pulumi.output(args.securityGroupIds), args.endpointName])
            .apply(([roleArn, lakeKey, volumeKey, subnets, securityGroups, endpointName]) => ({
                roleArn,
                lakeKey,
                endpointName,
                jobResources: {
                    ClusterConfig: {
                        InstanceCount: 1,
                        InstanceType: instanceType,
                        VolumeSizeInGB: volumeSizeGb,
                        ...(volumeKey === undefined ? {} : { VolumeKmsKeyId: volumeKey }),
                    },
                },
                networkConfig: {
                    EnableInterContainerTrafficEncryption: true,
                    EnableNetworkIsolation: true,
                    VpcConfig: { SecurityGroupIds: securityGroups, Subnets: subnets },
                },
                // Cloud Control takes tags as a list; none at all is left out rather than sent empty.
                tags: Object.keys(tags ?? {}).length === 0 ? {} : { Tags: Object.entries(tags ?? {}).map(([Key, Value]) => ({ Key, Value })) },
            }));
        const windowOf = (m: { startTimeOffset?: string; endTimeOffset?: string }) => ({
            StartTimeOffset: m.startTimeOffset ?? "-PT25H",
            EndTimeOffset: m.endTimeOffset ?? "-PT24H",
        });
        const optional = (entries: Record<string, string | number | undefined>) =>
            Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== undefined));

        // One Cloud Control job definition (`AWS::SageMaker::<kind>JobDefinition`). Its key order feeds the
        // content-addressed name, so it stays as written.
        const cloudControlDefinition = (
            slug: string,
            kind: string,
            monitor: { startTimeOffset?: string; endTimeOffset?: string },
            appSpecification: pulumi.Input<{ [key: string]: unknown }>,
            constraintsS3Uri: pulumi.Input<string>,
            attributes: Record<string, string | number | undefined>,
        ) => {
            const desiredState = pulumi
                .all([cfnCommon, appSpecification, constraintsS3Uri, args.groundTruthS3Uri, childPrefix(args.reportsS3Uri, slug)])
                .apply(([c, app, constraints, groundTruth, reports]) => {
                    const state = {
                        [`${kind}AppSpecification`]: app,
                        [`${kind}BaselineConfig`]: { ConstraintsResource: { S3Uri: constraints } },
                        [`${kind}JobInput`]: {
                            EndpointInput: {
                                EndpointName: c.endpointName,
                                LocalPath: localPath.input,
                                S3DataDistributionType: "FullyReplicated",
                                S3InputMode: "File",
                                ...windowOf(monitor),
                                ...optional(attributes),
                            },
                            GroundTruthS3Input: { S3Uri: groundTruth },
                        },
                        [`${kind}JobOutputConfig`]: {
                            KmsKeyId: c.lakeKey,
                            MonitoringOutputs: [{ S3Output: { S3Uri: reports, LocalPath: localPath.output, S3UploadMode: "EndOfJob" } }],
                        },
                        JobResources: c.jobResources,
                        NetworkConfig: c.networkConfig,
                        RoleArn: c.roleArn,
                        StoppingCondition: { MaxRuntimeInSeconds: maxRuntimeSeconds },
                        ...c.tags,
                    };
                    return JSON.stringify({ JobDefinitionName: contentAddressedName(`${name}-${slug}`, state), ...state });
                });
            return new aws.cloudcontrol.Resource(`${name}-${slug}`, { typeName: `AWS::SageMaker::${kind}JobDefinition`, desiredState }, afterRole);
        };
        const modelQuality = cloudControlDefinition(
            "model-quality",
            "ModelQuality",
            mq,
            { ImageUri: monitorImage, ProblemType: mq.problemType, Environment: publishMetrics },
            mq.baselineConstraintsS3Uri,
            {
                InferenceAttribute: mq.inferenceAttribute,
                ProbabilityAttribute: mq.probabilityAttribute,
                ProbabilityThresholdAttribute: mq.probabilityThresholdAttribute,
            },
        );
        const modelBias = cloudControlDefinition(
            "model-bias",
            "ModelBias",
            mb,
            { ImageUri: clarifyImage, ConfigUri: mb.analysisConfigS3Uri, Environment: publishMetrics },
            mb.baselineConstraintsS3Uri,
            {
                FeaturesAttribute: mb.featuresAttribute,
                InferenceAttribute: mb.inferenceAttribute,
                ProbabilityAttribute: mb.probabilityAttribute,
                ProbabilityThresholdAttribute: mb.probabilityThresholdAttribute,
            },
        );
        // Read back from the created resource, so each schedule waits for its definition to exist.
        const definitionName = (r: aws.cloudcontrol.Resource) => r.properties.apply((p) => String(JSON.parse(p).JobDefinitionName));
        const modelQualityName = definitionName(modelQuality);
        const modelBiasName = definitionName(modelBias);

        // --- Schedules -----------------------------------------------------------------------------------
        const schedule = (slug: string, monitoringType: string, definition: pulumi.Input<string>, expression: string | undefined) =>
            new aws.sagemaker.MonitoringSchedule(
                `${name}-${slug}`,
                {
                    monitoringScheduleConfig: {
                        monitoringType,
                        monitoringJobDefinitionName: definition,
                        scheduleConfig: { scheduleExpression: expression ?? HOURLY },
                    },
                    tags,
                },
                parent,
            );
        const dataQualitySchedule = schedule("data-quality", "DataQuality", dataQuality.name, dq.scheduleExpression);
        const modelQualitySchedule = schedule("model-quality", "ModelQuality", modelQualityName, mq.scheduleExpression);
        const modelBiasSchedule = schedule("model-bias", "ModelBias", modelBiasName, mb.scheduleExpression);

        // --- Alarms --------------------------------------------------------------------------------------
        const actions = { alarmActions: [topic.arn], okActions: [topic.arn], actionsEnabled: true };
        const alarms: aws.cloudwatch.MetricAlarm[] = [];
        const insightsAlarm = (slug: string, description: string, query: pulumi.Output<string>, comparisonOperator: string, threshold: number) =>
            new aws.cloudwatch.MetricAlarm(
                `${name}-${slug}`,
                {
                    alarmDescription: description,
                    metricQueries: [{ id: "q1", expression: query, period: 3600, returnData: true }],
                    comparisonOperator,
                    threshold,
                    evaluationPeriods: 1,
                    // The metrics exist only for hours a monitoring run completed.
                    treatMissingData: "notBreaching",
                    ...actions,
                    tags,
                },
                parent,
            );

        for (const feature of dq.alarmFeatures) {
            alarms.push(
                insightsAlarm(
                    `drift-${featureSlug(feature)}`,
                    `Data drift: feature "${feature}" moved away from the training baseline.`,
                    insightsQuery("MAX", `feature_baseline_drift_${feature}`, MONITOR_NAMESPACES.dataQuality, args.endpointName, dataQualitySchedule.name),
                    "GreaterThanThreshold",
                    dq.driftThreshold ?? 0.1,
                ),
            );
        }
        const qualityMetric = mq.alarmMetric ?? DEFAULT_QUALITY_METRIC[mq.problemType];
        const higherIsWorse = ERROR_METRICS.includes(qualityMetric);
        alarms.push(
            insightsAlarm(
                "prediction-drift",
                `Prediction drift: ${qualityMetric} against ground truth is ${higherIsWorse ? "above" : "below"} the acceptance threshold.`,
                insightsQuery(higherIsWorse ? "MAX" : "MIN", qualityMetric, MONITOR_NAMESPACES.modelQuality, args.endpointName, modelQualitySchedule.name),
                higherIsWorse ? "GreaterThanThreshold" : "LessThanThreshold",
                mq.alarmThreshold,
            ),
        );
        for (const bias of mb.alarms) {
            const metric = `bias_metric_${bias.metric}`;
            const slug = `bias-${bias.metric.toLowerCase()}`;
            alarms.push(
                insightsAlarm(
                    `${slug}-high`,
                    `Bias drift: ${bias.metric} above ${bias.maxAbsoluteValue} for a facet.`,
                    insightsQuery("MAX", metric, MONITOR_NAMESPACES.modelBias, args.endpointName, modelBiasSchedule.name),
                    "GreaterThanThreshold",
                    bias.maxAbsoluteValue,
                ),
                insightsAlarm(
                    `${slug}-low`,
                    `Bias drift: ${bias.metric} below -${bias.maxAbsoluteValue} for a facet.`,
                    insightsQuery("MIN", metric, MONITOR_NAMESPACES.modelBias, args.endpointName, modelBiasSchedule.name),
                    "LessThanThreshold",
                    -bias.maxAbsoluteValue,
                ),
            );
        }

        const health = args.endpointHealth ?? {};
        const endpointDimensions = { EndpointName: args.endpointName, VariantName: variantName };
        const sustained = { period: 300, evaluationPeriods: 3, datapointsToAlarm: 2, ...actions, tags };
        alarms.push(
            new aws.cloudwatch.MetricAlarm(
                `${name}-endpoint-5xx`,
                {
                    alarmDescription: "Endpoint health: sustained server errors.",
                    ...endpoint5xxAlarmMetric(endpointDimensions),
                    threshold: health.errors5xxThreshold ?? 5,
                    treatMissingData: "notBreaching",
                    ...sustained,
                },
                parent,
            ),
            new aws.cloudwatch.MetricAlarm(
                `${name}-endpoint-latency`,
                {
                    alarmDescription: "Endpoint health: sustained p99 model latency.",
                    ...endpointLatencyP99AlarmMetric(endpointDimensions, health.latencyP99Ms ?? 1000),
                    treatMissingData: "notBreaching",
                    ...sustained,
                },
                parent,
            ),
            new aws.cloudwatch.MetricAlarm(
                `${name}-endpoint-disk`,
                {
                    alarmDescription: "Endpoint health: instance disk filling up; data capture pauses on a full disk.",
                    namespace: "/aws/sagemaker/Endpoints",
                    metricName: "DiskUtilization",
                    dimensions: endpointDimensions,
                    statistic: "Maximum",
                    comparisonOperator: "GreaterThanThreshold",
                    threshold: health.diskUtilizationPercent ?? 75,
                    // Instance metrics always flow while the endpoint is up; silence is itself suspicious.
                    treatMissingData: "breaching",
                    ...sustained,
                },
                parent,
            ),
        );

        this.alertTopicArn = topic.arn;
        this.roleArn = role.arn;
        this.dataQualityJobDefinitionName = dataQuality.name;
        this.modelQualityJobDefinitionName = modelQualityName;
        this.modelBiasJobDefinitionName = modelBiasName;
        this.scheduleNames = [dataQualitySchedule.name, modelQualitySchedule.name, modelBiasSchedule.name];
        this.alarmNames = alarms.map((a) => a.name);
        this.registerOutputs({
            alertTopicArn: this.alertTopicArn,
            roleArn: this.roleArn,
            dataQualityJobDefinitionName: this.dataQualityJobDefinitionName,
            modelQualityJobDefinitionName: this.modelQualityJobDefinitionName,
            modelBiasJobDefinitionName: this.modelBiasJobDefinitionName,
            scheduleNames: this.scheduleNames,
            alarmNames: this.alarmNames,
        });
    }
}
