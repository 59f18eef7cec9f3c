/**
 * The platform: every component composed for one environment.
 *
 * `createPlatform` is the whole program minus config loading and stack
 * exports, so tests build each environment under mocks with the same code
 * `pulumi up` runs, and can pass resource options (e.g. `transformations`) to
 * every component.
 */
import * as pulumi from "@pulumi/pulumi";
import {
    auditAccessLogPrefix,
    AuditBaseline,
    BatchInference,
    FeatureStore,
    FeatureType,
    GovernedDataLake,
    HyperparameterTuningArgs,
    InferenceEndpoint,
    IsolatedNetwork,
    LakeDatabasePermission,
    LakeLayer,
    LakePersona,
    LakeTablePermission,
    MlWorkflow,
    ModelMonitoring,
    ObjectLockMode,
    ParameterScaling,
    PlatformKeys,
    ProblemType,
    StudioDomain,
    TrainingMetricDefinition,
    TrainingPipeline,
} from "@ml-platform/components";
import { Environment, PlatformConfig } from "./config";

/** Metrics the platform's training script prints after every epoch; the accuracy is the tuning objective. */
export const TRAINING_METRICS: TrainingMetricDefinition[] = [
    { name: "validation:accuracy", regex: "validation_accuracy=([0-9.]+)" },
    { name: "validation:loss", regex: "validation_loss=([0-9.eE+-]+)" },
];

/** The search space of the platform's training script, sized by the stack's tuning config. */
export function platformTuning(tuning: NonNullable<PlatformConfig["training"]["tuning"]>): HyperparameterTuningArgs {
    return {
        strategy: tuning.strategy,
        objective: { metricName: "validation:accuracy" },
        continuousParameters: [{ name: "learning_rate", minValue: 0.00001, maxValue: 0.001, scaling: ParameterScaling.Logarithmic }],
        integerParameters: [{ name: "epochs", minValue: 2, maxValue: 10 }],
        categoricalParameters: [{ name: "batch_size", values: ["16", "32", "64"] }],
        maxNumberOfTrainingJobs: tuning.maxJobs,
        maxParallelTrainingJobs: tuning.maxParallelJobs,
    };
}

/** Every component of one environment. */
export interface Platform {
    keys: PlatformKeys;
    network: IsolatedNetwork;
    lake: GovernedDataLake;
    audit: AuditBaseline;
    studio: StudioDomain;
    training: TrainingPipeline;
    endpoint: InferenceEndpoint;
    batch: BatchInference;
    monitoring: ModelMonitoring;
    features: FeatureStore;
    workflow: MlWorkflow;
}

/** Instance types each Studio persona may launch: Trainium and Inferentia first, small CPU types for notebooks. */
const NOTEBOOK_TYPES = ["ml.t3.medium", "ml.t3.large", "ml.m5.large", "ml.m5.xlarge"];

/** Builds the platform for `config`; `opts` reach every top-level component. */
export function createPlatform(config: PlatformConfig, opts: pulumi.ComponentResourceOptions = {}): Platform {
    const env = config.environment;
    const protect = config.protectResources;
    const tags = {
        environment: env,
        owner: config.owner,
        "cost-center": config.costCenter,
        "data-classification": config.dataClassification,
        "managed-by": "pulumi",
    };
    const prefix = `mlp-${env}`;

    const keys = new PlatformKeys(`${prefix}-keys`, { aliasPrefix: prefix, deletionWindowInDays: config.kmsDeletionWindowDays, protect, tags }, opts);

    // The network's S3 endpoint policy names the lake buckets, and the lake's bucket policies name the
    // endpoint; deferred outputs break the construction-order loop without a resource cycle.
    const [rawArn, resolveRawArn] = pulumi.deferredOutput<string>();
    const [processedArn, resolveProcessedArn] = pulumi.deferredOutput<string>();
    const [analyticsArn, resolveAnalyticsArn] = pulumi.deferredOutput<string>();

    const network = new IsolatedNetwork(
        `${prefix}-network`,
        {
            cidrBlock: config.network.vpcCidr,
            availabilityZoneCount: config.network.availabilityZoneCount,
            endpointAzCount: config.network.endpointAvailabilityZoneCount,
            allowedBucketArns: [rawArn, processedArn, analyticsArn],
            // Glue's NETWORK connection requires its security group to allow all TCP from itself.
            allowAllTrafficWithinWorkloadGroup: true,
            logsKmsKeyArn: keys.logsKeyArn,
            flowLogRetentionDays: config.logRetentionDays,
            protect,
            tags,
        },
        opts,
    );
    // The components take one input per subnet; the network makes one subnet per AZ.
    const subnetIds = Array.from({ length: config.network.availabilityZoneCount }, (_, i) => network.privateSubnetIds.apply((ids) => ids[i]));
    const securityGroupIds = [network.workloadSecurityGroupId];

    // Persona and service roles are created by the ML components, which need the lake's buckets first.
    const [dataScientistRoleArn, resolveDataScientistRole] = pulumi.deferredOutput<string>();
    const [pipelineRoleArn, resolvePipelineRole] = pulumi.deferredOutput<string>();
    const [featureStoreRoleArn, resolveFeatureStoreRole] = pulumi.deferredOutput<string>();
    const [endpointRoleArn, resolveEndpointRole] = pulumi.deferredOutput<string>();
    const [batchRoleArn, resolveBatchRole] = pulumi.deferredOutput<string>();

    // The audit buckets log into the lake's access-log bucket, whose policy admits each by ARN.
    const auditName = `${prefix}-audit`;
    const auditBuckets = [
        { bucket: "trail" as const, managed: !config.audit.trailManagedElsewhere },
        { bucket: "config" as const, managed: !config.audit.configManagedElsewhere },
    ]
        .filter((b) => b.managed)
        .map((b) => ({ ...b, arn: pulumi.deferredOutput<string>() }));
    const auditAccessLogSources = auditBuckets.map((b) => ({ bucketArn: b.arn[0], keyPrefix: auditAccessLogPrefix(auditName, b.bucket) }));

    const lake = new GovernedDataLake(
        `${prefix}-lake`,
        {
            lakeKmsKeyArn: keys.dataLakeKeyArn,
            logsKmsKeyArn: keys.logsKeyArn,
            lakeAdminArns: config.lake.lakeFormationAdmins,
            databaseNamePrefix: `mlp_${env}`,
            layers: {
                raw: { classification: config.dataClassification },
                processed: { classification: config.dataClassification },
                analytics: { classification: config.dataClassification },
            },
            glueNetwork: {
                subnetId: subnetIds[0],
                availabilityZone: network.privateSubnetAvailabilityZones.apply((azs) => azs[0]),
                securityGroupIds,
            },
            vpcEndpointId: config.lake.restrictToVpcEndpoint ? network.s3GatewayEndpointId : undefined,
            // SageMaker writes the offline feature store and endpoint data capture from its own network with
            // these roles, so their requests never pass the VPC endpoint.
            vpcEndpointExemptPrincipalArns: config.lake.restrictToVpcEndpoint ? [featureStoreRoleArn, endpointRoleArn, batchRoleArn] : undefined,
            accessLogSources: auditAccessLogSources,
            personas: [
                { persona: LakePersona.DataScientist, roleArn: dataScientistRoleArn },
                { persona: LakePersona.MlPipeline, roleArn: pipelineRoleArn },
                // Feature Store creates the offline store's Glue table in the analytics database.
                {
                    persona: LakePersona.MlPipeline,
                    roleArn: featureStoreRoleArn,
                    layers: [LakeLayer.Analytics],
                    databasePermissions: [LakeDatabasePermission.Describe, LakeDatabasePermission.CreateTable],
                    tablePermissions: [LakeTablePermission.Select, LakeTablePermission.Insert, LakeTablePermission.Describe, LakeTablePermission.Alter],
                },
            ],
            allowForceDestroy: !config.regulated && !protect,
            protect,
            tags,
        },
        opts,
    );
    resolveRawArn(lake.rawBucketArn);
    resolveProcessedArn(lake.processedBucketArn);
    resolveAnalyticsArn(lake.analyticsBucketArn);

    const audit = new AuditBaseline(
        auditName,
        {
            logsKeyArn: keys.logsKeyArn,
            dataEventBucketArns: [lake.rawBucketArn, lake.processedBucketArn, lake.analyticsBucketArn],
            logRetentionDays: config.logRetentionDays,
            allowShortRetention: !config.regulated,
            objectLockMode: env === Environment.Prod ? ObjectLockMode.Compliance : ObjectLockMode.Governance,
            objectLockRetentionDays: config.auditRetentionDays,
            accessLogBucketName: lake.accessLogBucketName,
            manageTrail: !config.audit.trailManagedElsewhere,
            manageConfigRecorder: !config.audit.configManagedElsewhere,
            protect,
            tags,
        },
        opts,
    );
    for (const b of auditBuckets) {
        const arn = b.bucket === "trail" ? audit.trailBucketArn : audit.configBucketArn;
        if (!arn) {
            throw new Error(`AuditBaseline made no ${b.bucket} bucket although the stack manages it`);
        }
        b.arn[1](arn);
    }

    const studio = new StudioDomain(
        `${prefix}-studio`,
        {
            vpcId: network.vpcId,
            subnetIds,
            securityGroupIds,
            kmsKeyArn: keys.mlKeyArn,
            lakeKmsKeyArn: keys.dataLakeKeyArn,
            personas: [
                {
                    name: "data-scientist",
                    lakeBucketArns: [lake.processedBucketArn, lake.analyticsBucketArn],
                    writableLakeBucketArns: [lake.analyticsBucketArn],
                    allowedInstanceTypes: [...NOTEBOOK_TYPES, "ml.trn1.2xlarge", "ml.inf2.xlarge"],
                },
                {
                    name: "ml-engineer",
                    lakeBucketArns: [lake.rawBucketArn, lake.processedBucketArn, lake.analyticsBucketArn],
                    writableLakeBucketArns: [lake.processedBucketArn, lake.analyticsBucketArn],
                    allowedInstanceTypes: [...NOTEBOOK_TYPES, "ml.trn1.2xlarge", "ml.trn1.32xlarge", "ml.trn1n.32xlarge", "ml.inf2.xlarge", "ml.inf2.8xlarge"],
                },
            ],
            protect,
            tags,
        },
        opts,
    );
    resolveDataScientistRole(studio.executionRoleArns.apply((roles) => roles["data-scientist"]));

    const training = new TrainingPipeline(
        `${prefix}-training`,
        {
            subnetIds,
            securityGroupIds,
            volumeKmsKeyArn: keys.mlKeyArn,
            // Training writes into the lake, whose bucket policy accepts only the lake key.
            outputKmsKeyArn: keys.dataLakeKeyArn,
            inputDataS3Uri: pulumi.interpolate`s3://${lake.processedBucketName}/datasets/`,
            artifactsS3Uri: pulumi.interpolate`s3://${lake.analyticsBucketName}/ml/`,
            trainingInstanceType: config.training.instanceType,
            trainingInstanceCount: config.training.instanceCount,
            useSpot: config.training.useSpot,
            maxRuntimeSeconds: config.training.maxRuntimeSeconds,
            maxWaitSeconds: config.training.maxWaitSeconds,
            metricDefinitions: TRAINING_METRICS,
            ...(config.training.tuning === undefined ? {} : { tuning: platformTuning(config.training.tuning) }),
            inferenceInstanceTypes: [config.inference.instanceType],
            protect,
            tags,
        },
        opts,
    );
    resolvePipelineRole(training.jobRoleArn);

    // The endpoint's rollback alarms notify the monitoring topic, and monitoring watches the endpoint.
    const [alertTopicArn, resolveAlertTopicArn] = pulumi.deferredOutput<string>();
    const endpoint = new InferenceEndpoint(
        `${prefix}-endpoint`,
        {
            // The workflow deploys each approved model itself; pin the approved artifact here too, or a later
            // change to this component rebuilds the endpoint config from this URL and serves it again.
            modelDataUrl: config.inference.modelDataUrl ?? pulumi.interpolate`s3://${lake.analyticsBucketName}/ml/models/approved/model.tar.gz`,
            subnetIds,
            securityGroupIds,
            mlKmsKeyArn: keys.mlKeyArn,
            lakeKmsKeyArn: keys.dataLakeKeyArn,
            dataCaptureBucketName: lake.analyticsBucketName,
            alarmTopicArn: alertTopicArn,
            instanceType: config.inference.instanceType,
            minInstances: config.inference.minInstances,
            maxInstances: config.inference.maxInstances,
            tags,
        },
        opts,
    );

    const baselines = pulumi.interpolate`s3://${lake.analyticsBucketName}/ml/monitoring/baselines`;
    const monitoring = new ModelMonitoring(
        `${prefix}-monitoring`,
        {
            endpointName: endpoint.endpointName,
            variantName: endpoint.variantName,
            subnetIds,
            securityGroupIds,
            volumeKmsKeyArn: keys.mlKeyArn,
            lakeKmsKeyArn: keys.dataLakeKeyArn,
            // CloudWatch and EventBridge may use the logs key to publish to an encrypted topic.
            topicKmsKeyArn: keys.logsKeyArn,
            dataCaptureS3Uri: endpoint.dataCaptureS3Uri,
            groundTruthS3Uri: pulumi.interpolate`s3://${lake.analyticsBucketName}/ml/ground-truth/`,
            reportsS3Uri: pulumi.interpolate`s3://${lake.analyticsBucketName}/ml/monitoring/reports/`,
            // Baselines come from the pipeline's baselining step on the training data.
            dataQuality: {
                baselineConstraintsS3Uri: pulumi.interpolate`${baselines}/data-quality/constraints.json`,
                baselineStatisticsS3Uri: pulumi.interpolate`${baselines}/data-quality/statistics.json`,
                alarmFeatures: ["length_of_stay", "prior_admissions"],
            },
            modelQuality: {
                problemType: ProblemType.BinaryClassification,
                inferenceAttribute: "prediction",
                probabilityAttribute: "probability",
                baselineConstraintsS3Uri: pulumi.interpolate`${baselines}/model-quality/constraints.json`,
                alarmThreshold: 0.7,
            },
            modelBias: {
                analysisConfigS3Uri: pulumi.interpolate`${baselines}/model-bias/analysis_config.json`,
                baselineConstraintsS3Uri: pulumi.interpolate`${baselines}/model-bias/analysis.json`,
                inferenceAttribute: "prediction",
                probabilityAttribute: "probability",
                alarms: [{ metric: "DPPL", maxAbsoluteValue: 0.1 }],
            },
            tags,
        },
        opts,
    );
    resolveAlertTopicArn(monitoring.alertTopicArn);
    resolveEndpointRole(endpoint.executionRoleArn);

    const features = new FeatureStore(
        `${prefix}-features`,
        {
            featureGroups: [
                {
                    name: "encounter-features",
                    description: "Per-encounter features shared by training and inference.",
                    recordIdentifierFeatureName: "encounter_id",
                    eventTimeFeatureName: "event_time",
                    features: [
                        { name: "encounter_id", type: FeatureType.String },
                        { name: "event_time", type: FeatureType.String },
                        { name: "length_of_stay", type: FeatureType.Integral },
                        { name: "prior_admissions", type: FeatureType.Integral },
                        { name: "risk_score", type: FeatureType.Fractional },
                    ],
                },
            ],
            analyticsBucketName: lake.analyticsBucketName,
            offlineStoreKmsKeyArn: keys.dataLakeKeyArn,
            onlineStoreKmsKeyArn: keys.mlKeyArn,
            glueDatabaseName: lake.analyticsDatabaseName,
            protect,
            tags,
        },
        opts,
    );
    resolveFeatureStoreRole(features.roleArn);

    const batch = new BatchInference(
        `${prefix}-batch`,
        {
            modelPackageGroupArn: training.modelPackageGroupArn,
            modelArtifactsS3Uri: pulumi.interpolate`s3://${lake.analyticsBucketName}/ml/models/`,
            inputS3Uri: pulumi.interpolate`s3://${lake.processedBucketName}/batch/input/`,
            outputS3Uri: pulumi.interpolate`s3://${lake.analyticsBucketName}/batch/predictions/`,
            subnetIds,
            securityGroupIds,
            lakeKmsKeyArn: keys.dataLakeKeyArn,
            mlKmsKeyArn: keys.mlKeyArn,
            logsKmsKeyArn: keys.logsKeyArn,
            alarmTopicArn: monitoring.alertTopicArn,
            instanceType: config.batchInference.instanceType,
            instanceCount: config.batchInference.instanceCount,
            logRetentionDays: config.logRetentionDays,
            schedule: config.batchInference.scheduleExpression ? { expression: config.batchInference.scheduleExpression } : undefined,
            protect,
            tags,
        },
        opts,
    );
    resolveBatchRole(batch.executionRoleArn);

    const workflow = new MlWorkflow(
        `${prefix}-workflow`,
        {
            glueJobName: lake.etlJobName,
            pipelineName: training.pipelineName,
            pipelineArn: training.pipelineArn,
            modelPackageGroupArn: training.modelPackageGroupArn,
            endpointName: endpoint.endpointName,
            modelExecutionRoleArn: endpoint.executionRoleArn,
            endpointKmsKeyArns: [keys.mlKeyArn, keys.dataLakeKeyArn],
            batchInferenceStateMachineArn: batch.stateMachineArn,
            kmsKeyArn: keys.mlKeyArn,
            logsKmsKeyArn: keys.logsKeyArn,
            logRetentionDays: config.logRetentionDays,
            schedule: config.workflow.scheduleExpression ? { expression: config.workflow.scheduleExpression } : undefined,
            protect,
            tags,
        },
        opts,
    );

    return { keys, network, lake, audit, studio, training, endpoint, batch, monitoring, features, workflow };
}
