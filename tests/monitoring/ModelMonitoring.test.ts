import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import {
    contentAddressedName,
    InferenceEndpoint,
    ModelMonitoring,
    ModelMonitoringArgs,
    ProblemType,
    validateModelMonitoringArgs,
    ValidationError,
} from "../../components/index";
import { mocks, parseJson, settle, statement, statements, useMocks, valueOf } from "../helpers/pulumi";
import { ACCOUNT, LAKE_KEY, ML_KEY, S3_VIA, SAGEMAKER_VIA, assertInvalid } from "../helpers/fixtures";

const LOGS_KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/33333333-3333-4333-a333-333333333333`;
const MONITOR_IMAGE = "156813124566.dkr.ecr.us-east-1.amazonaws.com/sagemaker-model-monitor-analyzer:latest";
const CLARIFY_IMAGE = "205585389593.dkr.ecr.us-east-1.amazonaws.com/sagemaker-clarify-processing:1.0";

const T = {
    topic: "aws:sns/topic:Topic",
    topicPolicy: "aws:sns/topicPolicy:TopicPolicy",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    dataQuality: "aws:sagemaker/dataQualityJobDefinition:DataQualityJobDefinition",
    cloudControl: "aws:cloudcontrol/resource:Resource",
    schedule: "aws:sagemaker/monitoringSchedule:MonitoringSchedule",
    alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
};

/** Top-level properties of the CloudFormation registry schemas (additionalProperties: false). */
const MODEL_QUALITY_PROPERTIES = [
    "JobDefinitionName",
    "ModelQualityAppSpecification",
    "ModelQualityBaselineConfig",
    "ModelQualityJobInput",
    "ModelQualityJobOutputConfig",
    "JobResources",
    "NetworkConfig",
    "RoleArn",
    "StoppingCondition",
    "Tags",
    "EndpointName",
];
const MODEL_BIAS_PROPERTIES = MODEL_QUALITY_PROPERTIES.map((p) => p.replace("ModelQuality", "ModelBias"));

function baseArgs(overrides: Partial<ModelMonitoringArgs> = {}): ModelMonitoringArgs {
    return {
        endpointName: "fraud-prod",
        dataCaptureS3Uri: "s3://mlp-lake-raw/data-capture/fraud-prod/",
        groundTruthS3Uri: "s3://mlp-lake-curated/ground-truth/fraud/",
        reportsS3Uri: "s3://mlp-lake-analytics/monitoring/fraud/",
        subnetIds: ["subnet-0aaa1111", "subnet-0bbb2222"],
        securityGroupIds: ["sg-0ccc3333"],
        volumeKmsKeyArn: ML_KEY,
        lakeKmsKeyArn: LAKE_KEY,
        topicKmsKeyArn: LOGS_KEY,
        dataQuality: {
            baselineConstraintsS3Uri: "s3://mlp-lake-curated/baselines/fraud/constraints.json",
            baselineStatisticsS3Uri: "s3://mlp-lake-curated/baselines/fraud/statistics.json",
            alarmFeatures: ["amount", "merchant_category"],
        },
        modelQuality: {
            problemType: ProblemType.BinaryClassification,
            inferenceAttribute: "prediction",
            probabilityAttribute: "score",
            probabilityThresholdAttribute: 0.7,
            baselineConstraintsS3Uri: "s3://mlp-lake-curated/baselines/fraud/model-quality-constraints.json",
            alarmThreshold: 0.8,
        },
        modelBias: {
            analysisConfigS3Uri: "s3://mlp-lake-curated/baselines/fraud/analysis_config.json",
            baselineConstraintsS3Uri: "s3://mlp-lake-curated/baselines/fraud/analysis.json",
            alarms: [{ metric: "DPPL", maxAbsoluteValue: 0.2 }],
            featuresAttribute: "features",
            inferenceAttribute: "prediction",
        },
        ...overrides,
    };
}

function desiredState(name: string): any {
    return parseJson(mocks.get(T.cloudControl, name).inputs.desiredState);
}

describe("ModelMonitoring", () => {
    beforeEach(() => useMocks());

    describe("with the defaults", () => {
        beforeEach(async () => {
            new ModelMonitoring("monitor", baseArgs());
            await settle();
        });

        it("creates a KMS-encrypted alert topic only this account's CloudWatch alarms may publish to, over TLS", () => {
            const topic = mocks.get(T.topic, "monitor-alerts");
            assert.strictEqual(topic.inputs.kmsMasterKeyId, LOGS_KEY);
            const policy = mocks.get(T.topicPolicy, "monitor-alerts");
            assert.strictEqual(policy.inputs.arn, topic.outputs.arn);
            const stmts = statements(policy);
            assert.strictEqual(stmts.length, 2);
            const allow = statement(stmts, "AllowCloudWatchAlarmsOfThisAccount");
            assert.strictEqual(allow.Effect, "Allow");
            assert.deepStrictEqual(allow.Principal, { Service: "cloudwatch.amazonaws.com" });
            assert.strictEqual(allow.Action, "sns:Publish");
            assert.strictEqual(allow.Resource, topic.outputs.arn);
            assert.deepStrictEqual(allow.Condition, {
                StringEquals: { "aws:SourceAccount": ACCOUNT },
                ArnLike: { "aws:SourceArn": `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:*` },
            });
            const deny = statement(stmts, "DenyPublishWithoutTls");
            assert.strictEqual(deny.Effect, "Deny");
            assert.strictEqual(deny.Principal, "*");
            assert.strictEqual(deny.Action, "sns:Publish");
            assert.deepStrictEqual(deny.Condition, { Bool: { "aws:SecureTransport": "false" } });
        });

        it("gives the jobs a role SageMaker may assume from this account only", () => {
            const trust = statements(mocks.get(T.role, "monitor-monitor"), "assumeRolePolicy");
            assert.strictEqual(trust.length, 1);
            assert.deepStrictEqual(trust[0].Principal, { Service: "sagemaker.amazonaws.com" });
            assert.strictEqual(trust[0].Action, "sts:AssumeRole");
            assert.deepStrictEqual(trust[0].Condition, { StringEquals: { "aws:SourceAccount": ACCOUNT } });
        });

        it("lets the role read only the captured data, ground truth and baselines", () => {
            const stmts = statements(mocks.get(T.rolePolicy, "monitor-monitor"));
            assert.deepStrictEqual(statement(stmts, "ReadCapturedData").Resource, "arn:aws:s3:::mlp-lake-raw/data-capture/fraud-prod/*");
            assert.strictEqual(statement(stmts, "ReadCapturedData").Action, "s3:GetObject");
            const listCapture = statement(stmts, "ListCapturedData");
            assert.strictEqual(listCapture.Action, "s3:ListBucket");
            assert.strictEqual(listCapture.Resource, "arn:aws:s3:::mlp-lake-raw");
            assert.deepStrictEqual(listCapture.Condition, { StringLike: { "s3:prefix": "data-capture/fraud-prod/*" } });
            assert.strictEqual(statement(stmts, "ReadGroundTruth").Resource, "arn:aws:s3:::mlp-lake-curated/ground-truth/fraud/*");
            assert.deepStrictEqual(statement(stmts, "ListGroundTruth").Condition, { StringLike: { "s3:prefix": "ground-truth/fraud/*" } });
            const baselines = statement(stmts, "ReadBaselines");
            assert.strictEqual(baselines.Action, "s3:GetObject");
            assert.deepStrictEqual([...baselines.Resource].sort(), [
                "arn:aws:s3:::mlp-lake-curated/baselines/fraud/analysis.json",
                "arn:aws:s3:::mlp-lake-curated/baselines/fraud/analysis_config.json",
                "arn:aws:s3:::mlp-lake-curated/baselines/fraud/constraints.json",
                "arn:aws:s3:::mlp-lake-curated/baselines/fraud/model-quality-constraints.json",
                "arn:aws:s3:::mlp-lake-curated/baselines/fraud/statistics.json",
            ]);
        });

        it("lets the role write only the reports prefix, with the lake key through S3", () => {
            const stmts = statements(mocks.get(T.rolePolicy, "monitor-monitor"));
            const write = statement(stmts, "WriteReports");
            assert.deepStrictEqual(write.Action, ["s3:PutObject", "s3:GetObject"]);
            assert.strictEqual(write.Resource, "arn:aws:s3:::mlp-lake-analytics/monitoring/fraud/*");
            assert.deepStrictEqual(statement(stmts, "ListReports").Condition, { StringLike: { "s3:prefix": "monitoring/fraud/*" } });
            const lake = statement(stmts, "UseLakeKeyThroughS3");
            assert.deepStrictEqual(lake.Action, ["kms:Decrypt", "kms:GenerateDataKey"]);
            assert.strictEqual(lake.Resource, LAKE_KEY);
            assert.deepStrictEqual(lake.Condition, { StringEquals: { "kms:ViaService": S3_VIA } });
        });

        it("lets SageMaker encrypt the job volumes with the ML key only through grants for AWS resources", () => {
            const stmts = statements(mocks.get(T.rolePolicy, "monitor-monitor"));
            const grant = statement(stmts, "GrantVolumeKeyToSageMaker");
            assert.strictEqual(grant.Action, "kms:CreateGrant");
            assert.strictEqual(grant.Resource, ML_KEY);
            assert.deepStrictEqual(grant.Condition, {
                StringEquals: { "kms:ViaService": SAGEMAKER_VIA },
                Bool: { "kms:GrantIsForAWSResource": "true" },
            });
            const describe = statement(stmts, "DescribeVolumeKey");
            assert.strictEqual(describe.Action, "kms:DescribeKey");
            assert.deepStrictEqual(describe.Condition, { StringEquals: { "kms:ViaService": SAGEMAKER_VIA } });
        });

        it("lets the role pull only the Model Monitor and Clarify images, run in the subnets, and publish monitor metrics", () => {
            const stmts = statements(mocks.get(T.rolePolicy, "monitor-monitor"));
            assert.deepStrictEqual([...statement(stmts, "PullImages").Resource].sort(), [
                "arn:aws:ecr:us-east-1:156813124566:repository/sagemaker-model-monitor-analyzer",
                "arn:aws:ecr:us-east-1:205585389593:repository/sagemaker-clarify-processing",
            ]);
            const create = statement(stmts, "CreateInterfacesInPlatformSubnets");
            assert.ok(create.Resource.includes(`arn:aws:ec2:us-east-1:${ACCOUNT}:subnet/subnet-0aaa1111`));
            assert.ok(create.Resource.includes(`arn:aws:ec2:us-east-1:${ACCOUNT}:security-group/sg-0ccc3333`));
            for (const arn of statement(stmts, "WriteSageMakerLogs").Resource as string[]) {
                assert.ok(arn.startsWith(`arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/sagemaker/ProcessingJobs`), arn);
            }
            const metrics = statement(stmts, "PublishMonitoringMetrics");
            assert.deepStrictEqual([...metrics.Condition.StringEquals["cloudwatch:namespace"]].sort(), [
                "/aws/sagemaker/ProcessingJobs",
                "aws/sagemaker/Endpoints/bias-metrics",
                "aws/sagemaker/Endpoints/data-metrics",
                "aws/sagemaker/Endpoints/model-metrics",
            ]);
            for (const s of stmts) {
                for (const action of [s.Action].flat()) {
                    assert.ok(!action.endsWith(":*") && action !== "*", `${s.Sid} grants ${action}`);
                }
            }
        });

        it("defines the data-quality job KMS-encrypted, network-isolated, encrypted between containers, in the VPC", () => {
            const dq = mocks.get(T.dataQuality, "monitor-data-quality").inputs;
            assert.strictEqual(dq.roleArn, mocks.get(T.role, "monitor-monitor").outputs.arn);
            assert.deepStrictEqual(dq.dataQualityAppSpecification, { imageUri: MONITOR_IMAGE, environment: { publish_cloudwatch_metrics: "Enabled" } });
            assert.deepStrictEqual(dq.dataQualityBaselineConfig, {
                constraintsResource: { s3Uri: "s3://mlp-lake-curated/baselines/fraud/constraints.json" },
                statisticsResource: { s3Uri: "s3://mlp-lake-curated/baselines/fraud/statistics.json" },
            });
            assert.strictEqual(dq.dataQualityJobInput.endpointInput.endpointName, "fraud-prod");
            assert.strictEqual(dq.dataQualityJobOutputConfig.kmsKeyId, LAKE_KEY);
            assert.strictEqual(dq.dataQualityJobOutputConfig.monitoringOutputs.s3Output.s3Uri, "s3://mlp-lake-analytics/monitoring/fraud/data-quality/");
            assert.deepStrictEqual(dq.jobResources.clusterConfig, {
                instanceCount: 1,
                instanceType: "ml.m5.xlarge",
                volumeSizeInGb: 20,
                volumeKmsKeyId: ML_KEY,
            });
            assert.deepStrictEqual(dq.networkConfig, {
                enableInterContainerTrafficEncryption: true,
                enableNetworkIsolation: true,
                vpcConfig: { subnets: ["subnet-0aaa1111", "subnet-0bbb2222"], securityGroupIds: ["sg-0ccc3333"] },
            });
            assert.deepStrictEqual(dq.stoppingCondition, { maxRuntimeInSeconds: 1800 });
        });

        it("defines the model-quality job through Cloud Control with the same guard-rails and the schema's properties only", () => {
            const resource = mocks.get(T.cloudControl, "monitor-model-quality");
            assert.strictEqual(resource.inputs.typeName, "AWS::SageMaker::ModelQualityJobDefinition");
            const state = desiredState("monitor-model-quality");
            for (const key of Object.keys(state)) {
                assert.ok(MODEL_QUALITY_PROPERTIES.includes(key), `${key} is not a property of the registry schema`);
            }
            assert.match(state.JobDefinitionName, /^monitor-model-quality-[0-9a-f]{12}$/);
            assert.deepStrictEqual(state.ModelQualityAppSpecification, {
                ImageUri: MONITOR_IMAGE,
                ProblemType: "BinaryClassification",
                Environment: { publish_cloudwatch_metrics: "Enabled" },
            });
            assert.deepStrictEqual(state.ModelQualityBaselineConfig, {
                ConstraintsResource: { S3Uri: "s3://mlp-lake-curated/baselines/fraud/model-quality-constraints.json" },
            });
            assert.deepStrictEqual(state.ModelQualityJobInput, {
                EndpointInput: {
                    EndpointName: "fraud-prod",
                    LocalPath: "/opt/ml/processing/input/endpoint",
                    S3DataDistributionType: "FullyReplicated",
                    S3InputMode: "File",
                    StartTimeOffset: "-PT25H",
                    EndTimeOffset: "-PT24H",
                    InferenceAttribute: "prediction",
                    ProbabilityAttribute: "score",
                    ProbabilityThresholdAttribute: 0.7,
                },
                GroundTruthS3Input: { S3Uri: "s3://mlp-lake-curated/ground-truth/fraud/" },
            });
            assert.deepStrictEqual(state.ModelQualityJobOutputConfig, {
                KmsKeyId: LAKE_KEY,
                MonitoringOutputs: [
                    {
                        S3Output: {
                            S3Uri: "s3://mlp-lake-analytics/monitoring/fraud/model-quality/",
                            LocalPath: "/opt/ml/processing/output",
                            S3UploadMode: "EndOfJob",
                        },
                    },
                ],
            });
            assert.deepStrictEqual(state.JobResources, {
                ClusterConfig: { InstanceCount: 1, InstanceType: "ml.m5.xlarge", VolumeSizeInGB: 20, VolumeKmsKeyId: ML_KEY },
            });
            assert.deepStrictEqual(state.NetworkConfig, {
                EnableInterContainerTrafficEncryption: true,
                EnableNetworkIsolation: true,
                VpcConfig: { SecurityGroupIds: ["sg-0ccc3333"], Subnets: ["subnet-0aaa1111", "subnet-0bbb2222"] },
            });
            assert.strictEqual(state.RoleArn, mocks.get(T.role, "monitor-monitor").outputs.arn);
            assert.deepStrictEqual(state.StoppingCondition, { MaxRuntimeInSeconds: 1800 });
            assert.ok(!("Tags" in state), "no tags were given, so none are sent");
        });

        it("defines the model-bias job through Cloud Control with the Clarify image and the same guard-rails", () => {
            const resource = mocks.get(T.cloudControl, "monitor-model-bias");
            assert.strictEqual(resource.inputs.typeName, "AWS::SageMaker::ModelBiasJobDefinition");
            const state = desiredState("monitor-model-bias");
            for (const key of Object.keys(state)) {
                assert.ok(MODEL_BIAS_PROPERTIES.includes(key), `${key} is not a property of the registry schema`);
            }
            assert.match(state.JobDefinitionName, /^monitor-model-bias-[0-9a-f]{12}$/);
            assert.deepStrictEqual(state.ModelBiasAppSpecification, {
                ImageUri: CLARIFY_IMAGE,
                ConfigUri: "s3://mlp-lake-curated/baselines/fraud/analysis_config.json",
                Environment: { publish_cloudwatch_metrics: "Enabled" },
            });
            assert.deepStrictEqual(state.ModelBiasBaselineConfig, { ConstraintsResource: { S3Uri: "s3://mlp-lake-curated/baselines/fraud/analysis.json" } });
            const input = state.ModelBiasJobInput.EndpointInput;
            assert.strictEqual(input.EndpointName, "fraud-prod");
            assert.strictEqual(input.FeaturesAttribute, "features");
            assert.strictEqual(input.InferenceAttribute, "prediction");
            assert.ok(!("ProbabilityAttribute" in input), "unset attributes are left out");
            assert.deepStrictEqual(state.ModelBiasJobInput.GroundTruthS3Input, { S3Uri: "s3://mlp-lake-curated/ground-truth/fraud/" });
            assert.strictEqual(state.ModelBiasJobOutputConfig.KmsKeyId, LAKE_KEY);
            assert.strictEqual(state.ModelBiasJobOutputConfig.MonitoringOutputs[0].S3Output.S3Uri, "s3://mlp-lake-analytics/monitoring/fraud/model-bias/");
            assert.strictEqual(state.JobResources.ClusterConfig.VolumeKmsKeyId, ML_KEY);
            assert.strictEqual(state.NetworkConfig.EnableNetworkIsolation, true);
            assert.strictEqual(state.NetworkConfig.EnableInterContainerTrafficEncryption, true);
            assert.deepStrictEqual(state.NetworkConfig.VpcConfig, { SecurityGroupIds: ["sg-0ccc3333"], Subnets: ["subnet-0aaa1111", "subnet-0bbb2222"] });
        });

        it("schedules each job definition with its monitoring type, hourly", () => {
            const expected: [string, string, string][] = [
                ["monitor-data-quality", "DataQuality", mocks.get(T.dataQuality, "monitor-data-quality").outputs.name],
                ["monitor-model-quality", "ModelQuality", desiredState("monitor-model-quality").JobDefinitionName],
                ["monitor-model-bias", "ModelBias", desiredState("monitor-model-bias").JobDefinitionName],
            ];
            for (const [name, type, definition] of expected) {
                const config = mocks.get(T.schedule, name).inputs.monitoringScheduleConfig;
                assert.strictEqual(config.monitoringType, type);
                assert.strictEqual(config.monitoringJobDefinitionName, definition);
                assert.deepStrictEqual(config.scheduleConfig, { scheduleExpression: "cron(0 * ? * * *)" });
                assert.ok(!("monitoringJobDefinition" in config), "no inline job definition");
            }
        });

        it("alarms on each watched feature's drift against the data-quality schedule", () => {
            const schedule = mocks.get(T.schedule, "monitor-data-quality").outputs.name;
            const topic = mocks.get(T.topic, "monitor-alerts").outputs.arn;
            for (const [feature, alarmName] of [
                ["amount", "monitor-drift-amount"],
                ["merchant_category", "monitor-drift-merchant-category"],
            ]) {
                const alarm = mocks.get(T.alarm, alarmName).inputs;
                assert.deepStrictEqual(alarm.metricQueries, [
                    {
                        id: "q1",
                        expression: `SELECT MAX("feature_baseline_drift_${feature}") FROM "aws/sagemaker/Endpoints/data-metrics" WHERE Endpoint = 'fraud-prod' AND MonitoringSchedule = '${schedule}'`,
                        period: 3600,
                        returnData: true,
                    },
                ]);
                assert.strictEqual(alarm.comparisonOperator, "GreaterThanThreshold");
                assert.strictEqual(alarm.threshold, 0.1);
                assert.deepStrictEqual(alarm.alarmActions, [topic]);
                assert.deepStrictEqual(alarm.okActions, [topic]);
            }
        });

        it("alarms on prediction drift below the acceptance threshold of the default binary metric", () => {
            const schedule = mocks.get(T.schedule, "monitor-model-quality").outputs.name;
            const alarm = mocks.get(T.alarm, "monitor-prediction-drift").inputs;
            assert.strictEqual(
                alarm.metricQueries[0].expression,
                `SELECT MIN("f1") FROM "aws/sagemaker/Endpoints/model-metrics" WHERE Endpoint = 'fraud-prod' AND MonitoringSchedule = '${schedule}'`,
            );
            assert.strictEqual(alarm.comparisonOperator, "LessThanThreshold");
            assert.strictEqual(alarm.threshold, 0.8);
            assert.deepStrictEqual(alarm.alarmActions, [mocks.get(T.topic, "monitor-alerts").outputs.arn]);
        });

        it("alarms on bias drift beyond the bound in either direction", () => {
            const schedule = mocks.get(T.schedule, "monitor-model-bias").outputs.name;
            const high = mocks.get(T.alarm, "monitor-bias-dppl-high").inputs;
            const low = mocks.get(T.alarm, "monitor-bias-dppl-low").inputs;
            const where = `FROM "aws/sagemaker/Endpoints/bias-metrics" WHERE Endpoint = 'fraud-prod' AND MonitoringSchedule = '${schedule}'`;
            assert.strictEqual(high.metricQueries[0].expression, `SELECT MAX("bias_metric_DPPL") ${where}`);
            assert.strictEqual(high.comparisonOperator, "GreaterThanThreshold");
            assert.strictEqual(high.threshold, 0.2);
            assert.strictEqual(low.metricQueries[0].expression, `SELECT MIN("bias_metric_DPPL") ${where}`);
            assert.strictEqual(low.comparisonOperator, "LessThanThreshold");
            assert.strictEqual(low.threshold, -0.2);
        });

        it("alarms on the endpoint's errors, latency and disk, notifying the topic", () => {
            const topic = mocks.get(T.topic, "monitor-alerts").outputs.arn;
            const dims = { EndpointName: "fraud-prod", VariantName: "primary" };
            const errors = mocks.get(T.alarm, "monitor-endpoint-5xx").inputs;
            assert.strictEqual(errors.namespace, "AWS/SageMaker");
            assert.strictEqual(errors.metricName, "Invocation5XXErrors");
            assert.strictEqual(errors.statistic, "Sum");
            assert.strictEqual(errors.threshold, 5);
            const latency = mocks.get(T.alarm, "monitor-endpoint-latency").inputs;
            assert.strictEqual(latency.metricName, "ModelLatency");
            assert.strictEqual(latency.extendedStatistic, "p99");
            assert.strictEqual(latency.threshold, 1_000_000);
            const disk = mocks.get(T.alarm, "monitor-endpoint-disk").inputs;
            assert.strictEqual(disk.namespace, "/aws/sagemaker/Endpoints");
            assert.strictEqual(disk.metricName, "DiskUtilization");
            assert.strictEqual(disk.threshold, 75);
            assert.strictEqual(disk.treatMissingData, "breaching");
            for (const alarm of [errors, latency, disk]) {
                assert.deepStrictEqual(alarm.dimensions, dims);
                assert.strictEqual(alarm.period, 300);
                assert.deepStrictEqual(alarm.alarmActions, [topic]);
            }
        });
    });

    it("leaves the volume key out for local-NVMe monitoring instances, and grants nothing on it", async () => {
        new ModelMonitoring("nvme", baseArgs({ instanceType: "ml.r5d.xlarge" }));
        await settle();
        const cluster = mocks.get(T.dataQuality, "nvme-data-quality").inputs.jobResources.clusterConfig;
        assert.strictEqual(cluster.instanceType, "ml.r5d.xlarge");
        assert.ok(!("volumeKmsKeyId" in cluster));
        assert.ok(!("VolumeKmsKeyId" in desiredState("nvme-model-quality").JobResources.ClusterConfig));
        assert.ok(!("VolumeKmsKeyId" in desiredState("nvme-model-bias").JobResources.ClusterConfig));
        const sids = statements(mocks.get(T.rolePolicy, "nvme-monitor")).map((s) => s.Sid);
        assert.ok(!sids.includes("GrantVolumeKeyToSageMaker"));
        assert.ok(!sids.includes("DescribeVolumeKey"));
        // The reports are still encrypted with the lake key.
        assert.strictEqual(desiredState("nvme-model-quality").ModelQualityJobOutputConfig.KmsKeyId, LAKE_KEY);
    });

    it("alarms above the threshold for error metrics, and uses the given schedules and windows", async () => {
        new ModelMonitoring(
            "reg",
            baseArgs({
                modelQuality: {
                    problemType: ProblemType.Regression,
                    inferenceAttribute: "0",
                    baselineConstraintsS3Uri: "s3://mlp-lake-curated/baselines/price/constraints.json",
                    alarmThreshold: 12.5,
                    scheduleExpression: "cron(0 0 ? * * *)",
                    startTimeOffset: "-P2D",
                    endTimeOffset: "-P1D",
                },
            }),
        );
        await settle();
        const alarm = mocks.get(T.alarm, "reg-prediction-drift").inputs;
        assert.match(alarm.metricQueries[0].expression, /^SELECT MAX\("rmse"\) FROM "aws\/sagemaker\/Endpoints\/model-metrics"/);
        assert.strictEqual(alarm.comparisonOperator, "GreaterThanThreshold");
        assert.strictEqual(alarm.threshold, 12.5);
        const state = desiredState("reg-model-quality");
        assert.strictEqual(state.ModelQualityAppSpecification.ProblemType, "Regression");
        assert.strictEqual(state.ModelQualityJobInput.EndpointInput.StartTimeOffset, "-P2D");
        assert.strictEqual(state.ModelQualityJobInput.EndpointInput.EndTimeOffset, "-P1D");
        assert.deepStrictEqual(mocks.get(T.schedule, "reg-model-quality").inputs.monitoringScheduleConfig.scheduleConfig, {
            scheduleExpression: "cron(0 0 ? * * *)",
        });
    });

    it("tags every taggable child, and the Cloud Control definitions as a tag list", async () => {
        const tags = { team: "ml", env: "prod" };
        new ModelMonitoring("tagged", baseArgs({ tags }));
        await settle();
        for (const [type, name] of [
            [T.topic, "tagged-alerts"],
            [T.role, "tagged-monitor"],
            [T.dataQuality, "tagged-data-quality"],
            [T.schedule, "tagged-data-quality"],
            [T.schedule, "tagged-model-quality"],
            [T.schedule, "tagged-model-bias"],
            [T.alarm, "tagged-prediction-drift"],
            [T.alarm, "tagged-endpoint-disk"],
        ]) {
            assert.deepStrictEqual(mocks.get(type, name).inputs.tags, tags, `${type} ${name}`);
        }
        for (const name of ["tagged-model-quality", "tagged-model-bias"]) {
            assert.deepStrictEqual(desiredState(name).Tags, [
                { Key: "team", Value: "ml" },
                { Key: "env", Value: "prod" },
            ]);
        }
    });

    it("watches an InferenceEndpoint and receives its rollback alarms through a deferred topic ARN", async () => {
        const [topicArn, resolveTopicArn] = pulumi.deferredOutput<string>();
        const endpoint = new InferenceEndpoint("fraud", {
            modelDataUrl: "s3://mlp-models/fraud/model.tar.gz",
            subnetIds: ["subnet-0aaa1111"],
            securityGroupIds: ["sg-0ccc3333"],
            mlKmsKeyArn: ML_KEY,
            lakeKmsKeyArn: LAKE_KEY,
            dataCaptureBucketName: "mlp-lake-raw",
            alarmTopicArn: topicArn,
        });
        const monitoring = new ModelMonitoring(
            "fraud-monitor",
            baseArgs({ endpointName: endpoint.endpointName, variantName: endpoint.variantName, dataCaptureS3Uri: endpoint.dataCaptureS3Uri }),
        );
        resolveTopicArn(monitoring.alertTopicArn);
        await settle();
        const topic = mocks.get(T.topic, "fraud-monitor-alerts").outputs.arn;
        assert.deepStrictEqual(mocks.get(T.alarm, "fraud-5xx").inputs.alarmActions, [topic]);
        assert.deepStrictEqual(mocks.get(T.alarm, "fraud-latency").inputs.alarmActions, [topic]);
        assert.strictEqual(mocks.get(T.dataQuality, "fraud-monitor-data-quality").inputs.dataQualityJobInput.endpointInput.endpointName, "test-fraud");
        assert.strictEqual(desiredState("fraud-monitor-model-quality").ModelQualityJobInput.EndpointInput.EndpointName, "test-fraud");
        assert.strictEqual(
            statement(statements(mocks.get(T.rolePolicy, "fraud-monitor-monitor")), "ReadCapturedData").Resource,
            "arn:aws:s3:::mlp-lake-raw/data-capture/test-fraud/*",
        );
        assert.strictEqual(await valueOf(monitoring.modelQualityJobDefinitionName), desiredState("fraud-monitor-model-quality").JobDefinitionName);
    });

    it("checks its arguments before creating anything", () => {
        assert.throws(() => new ModelMonitoring("bad", baseArgs({ reportsS3Uri: "s3://bucket/reports" })), ValidationError);
        assert.strictEqual(mocks.resources.length, 0);
    });

    describe("content-addressed job-definition names", () => {
        it("are stable for the same content, change with it, and are valid SageMaker names", () => {
            const a = contentAddressedName("monitor-model-quality", { RoleArn: "a" });
            assert.strictEqual(a, contentAddressedName("monitor-model-quality", { RoleArn: "a" }));
            assert.notStrictEqual(a, contentAddressedName("monitor-model-quality", { RoleArn: "b" }));
            const long = contentAddressedName("x".repeat(80), {});
            assert.ok(long.length <= 63, long);
            assert.match(long, /^[a-zA-Z0-9](-*[a-zA-Z0-9])*$/);
        });
    });

    describe("validation", () => {
        it("accepts the defaults and skips values that are still outputs", () => {
            validateModelMonitoringArgs(baseArgs());
            validateModelMonitoringArgs(baseArgs({ endpointName: pulumi.output("x_y"), dataCaptureS3Uri: pulumi.output("unknown") }));
        });

        it("requires S3 prefixes for the inputs and reports", () => {
            assertInvalid(
                () => validateModelMonitoringArgs(baseArgs({ dataCaptureS3Uri: "s3://b/capture" })),
                "ModelMonitoring.dataCaptureS3Uri",
                /ending in "\/"/,
            );
            assertInvalid(() => validateModelMonitoringArgs(baseArgs({ groundTruthS3Uri: "gt/" })), "ModelMonitoring.groundTruthS3Uri", /S3 prefix URI/);
            assertInvalid(
                () => validateModelMonitoringArgs(baseArgs({ reportsS3Uri: "" })),
                "ModelMonitoring.reportsS3Uri",
                /S3 prefix of the monitoring reports/,
            );
        });

        it("requires the endpoint, network and keys", () => {
            assertInvalid(() => validateModelMonitoringArgs(baseArgs({ endpointName: "fraud_prod" })), "ModelMonitoring.endpointName", /letters, digits/);
            assertInvalid(() => validateModelMonitoringArgs(baseArgs({ subnetIds: [] })), "ModelMonitoring.subnetIds", /private subnet ids/);
            assertInvalid(() => validateModelMonitoringArgs(baseArgs({ securityGroupIds: [] })), "ModelMonitoring.securityGroupIds", /security group ids/);
            assertInvalid(
                () => validateModelMonitoringArgs(baseArgs({ topicKmsKeyArn: "alias/aws/sns" })),
                "ModelMonitoring.topicKmsKeyArn",
                /ARN of the kms service/,
            );
            assertInvalid(() => validateModelMonitoringArgs(baseArgs({ volumeKmsKeyArn: "" })), "ModelMonitoring.volumeKmsKeyArn", /ARN of a KMS key/);
            assertInvalid(() => validateModelMonitoringArgs(baseArgs(), "m".repeat(41)), "ModelMonitoring.name", /at most 40 characters/);
        });

        it("checks the job resources", () => {
            assertInvalid(() => validateModelMonitoringArgs(baseArgs({ instanceType: "m5.xlarge" })), "ModelMonitoring.instanceType", /ml\.<family>\.<size>/);
            assertInvalid(() => validateModelMonitoringArgs(baseArgs({ maxRuntimeSeconds: 7200 })), "ModelMonitoring.maxRuntimeSeconds", /between 1 and 3600/);
            assertInvalid(() => validateModelMonitoringArgs(baseArgs({ volumeSizeGb: 0 })), "ModelMonitoring.volumeSizeGb", /between 1 and 16384/);
        });

        it("requires data-quality baselines and at least one distinct feature to alarm on", () => {
            const dq = baseArgs().dataQuality;
            assertInvalid(
                () => validateModelMonitoringArgs(baseArgs({ dataQuality: { ...dq, baselineStatisticsS3Uri: "s3://b/baselines/" } })),
                "ModelMonitoring.dataQuality.baselineStatisticsS3Uri",
                /S3 object URI/,
            );
            assertInvalid(
                () => validateModelMonitoringArgs(baseArgs({ dataQuality: { ...dq, alarmFeatures: [] } })),
                "ModelMonitoring.dataQuality.alarmFeatures",
                /at least one feature/,
            );
            assertInvalid(
                () => validateModelMonitoringArgs(baseArgs({ dataQuality: { ...dq, alarmFeatures: ["a b"] } })),
                "ModelMonitoring.dataQuality.alarmFeatures[0]",
                /feature name/,
            );
            assertInvalid(
                () => validateModelMonitoringArgs(baseArgs({ dataQuality: { ...dq, alarmFeatures: ["Age", "age"] } })),
                "ModelMonitoring.dataQuality.alarmFeatures",
                /distinct when lower-cased/,
            );
            assertInvalid(
                () => validateModelMonitoringArgs(baseArgs({ dataQuality: { ...dq, driftThreshold: 0 } })),
                "ModelMonitoring.dataQuality.driftThreshold",
                /greater than 0/,
            );
            assertInvalid(
                () => validateModelMonitoringArgs(baseArgs({ dataQuality: { ...dq, scheduleExpression: "rate(1 hour)" } })),
                "ModelMonitoring.dataQuality.scheduleExpression",
                /cron expression/,
            );
        });

        it("requires a consistent model-quality configuration", () => {
            const mq = baseArgs().modelQuality;
            assertInvalid(
                () => validateModelMonitoringArgs(baseArgs({ modelQuality: { ...mq, problemType: "Ranking" as ProblemType } })),
                "ModelMonitoring.modelQuality.problemType",
                /one of BinaryClassification/,
            );
            assertInvalid(
                () =>
                    validateModelMonitoringArgs(
                        baseArgs({
                            modelQuality: {
                                ...mq,
                                problemType: ProblemType.Regression,
                                inferenceAttribute: undefined,
                                probabilityThresholdAttribute: undefined,
                            },
                        }),
                    ),
                "ModelMonitoring.modelQuality.inferenceAttribute",
                /required for Regression/,
            );
            assertInvalid(
                () => validateModelMonitoringArgs(baseArgs({ modelQuality: { ...mq, inferenceAttribute: undefined, probabilityAttribute: undefined } })),
                "ModelMonitoring.modelQuality.inferenceAttribute",
                /required for classification/,
            );
            assertInvalid(
                () => validateModelMonitoringArgs(baseArgs({ modelQuality: { ...mq, problemType: ProblemType.MulticlassClassification } })),
                "ModelMonitoring.modelQuality.probabilityThresholdAttribute",
                /BinaryClassification only/,
            );
            assertInvalid(
                () => validateModelMonitoringArgs(baseArgs({ modelQuality: { ...mq, probabilityThresholdAttribute: 1.5 } })),
                "ModelMonitoring.modelQuality.probabilityThresholdAttribute",
                /from 0 to 1/,
            );
            assertInvalid(
                () => validateModelMonitoringArgs(baseArgs({ modelQuality: { ...mq, alarmMetric: "rmse" } })),
                "ModelMonitoring.modelQuality.alarmMetric",
                /BinaryClassification metric/,
            );
            assertInvalid(
                () => validateModelMonitoringArgs(baseArgs({ modelQuality: { ...mq, alarmThreshold: Number.NaN } })),
                "ModelMonitoring.modelQuality.alarmThreshold",
                /no longer acceptable/,
            );
            assertInvalid(
                () => validateModelMonitoringArgs(baseArgs({ modelQuality: { ...mq, startTimeOffset: "PT1H" } })),
                "ModelMonitoring.modelQuality.startTimeOffset",
                /negative ISO 8601 duration/,
            );
            assertInvalid(
                () => validateModelMonitoringArgs(baseArgs({ modelQuality: { ...mq, baselineConstraintsS3Uri: "s3://b/" } })),
                "ModelMonitoring.modelQuality.baselineConstraintsS3Uri",
                /S3 object URI/,
            );
        });

        it("requires a bias analysis configuration and distinct bias alarms", () => {
            const mb = baseArgs().modelBias;
            assertInvalid(
                () => validateModelMonitoringArgs(baseArgs({ modelBias: { ...mb, analysisConfigS3Uri: "file:///tmp/a.json" } })),
                "ModelMonitoring.modelBias.analysisConfigS3Uri",
                /S3 object URI/,
            );
            assertInvalid(
                () => validateModelMonitoringArgs(baseArgs({ modelBias: { ...mb, alarms: [] } })),
                "ModelMonitoring.modelBias.alarms",
                /at least one bias metric/,
            );
            assertInvalid(
                () => validateModelMonitoringArgs(baseArgs({ modelBias: { ...mb, alarms: [{ metric: "D-PPL", maxAbsoluteValue: 0.1 }] } })),
                "ModelMonitoring.modelBias.alarms[0].metric",
                /Clarify bias metric/,
            );
            assertInvalid(
                () => validateModelMonitoringArgs(baseArgs({ modelBias: { ...mb, alarms: [{ metric: "DPPL", maxAbsoluteValue: 0 }] } })),
                "ModelMonitoring.modelBias.alarms[0].maxAbsoluteValue",
                /greater than 0/,
            );
            assertInvalid(
                () =>
                    validateModelMonitoringArgs(
                        baseArgs({
                            modelBias: {
                                ...mb,
                                alarms: [
                                    { metric: "DPPL", maxAbsoluteValue: 0.1 },
                                    { metric: "DPPL", maxAbsoluteValue: 0.2 },
                                ],
                            },
                        }),
                    ),
                "ModelMonitoring.modelBias.alarms",
                /one entry per bias metric/,
            );
            assertInvalid(
                () => validateModelMonitoringArgs(baseArgs({ modelBias: { ...mb, endTimeOffset: "-PT24H30M15S" } })),
                "ModelMonitoring.modelBias.endTimeOffset",
                /negative ISO 8601 duration/,
            );
        });

        it("checks the endpoint health thresholds", () => {
            assertInvalid(
                () => validateModelMonitoringArgs(baseArgs({ endpointHealth: { diskUtilizationPercent: 100 } })),
                "ModelMonitoring.endpointHealth.diskUtilizationPercent",
                /between 0 and 100/,
            );
            assertInvalid(
                () => validateModelMonitoringArgs(baseArgs({ endpointHealth: { errors5xxThreshold: -1 } })),
                "ModelMonitoring.endpointHealth.errors5xxThreshold",
                /greater than 0/,
            );
        });
    });
});
