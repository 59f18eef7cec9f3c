import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { CanarySizeType, InferenceEndpoint, InferenceEndpointArgs, validateInferenceEndpointArgs, ValidationError } from "../../components/index";
import { mocks, settle, statement, statements, useMocks } from "../helpers/pulumi";
import { ACCOUNT, LAKE_KEY, ML_KEY, S3_VIA, assertInvalid } from "../helpers/fixtures";

const TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT}:ml-alerts`;

const T = {
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    model: "aws:sagemaker/model:Model",
    config: "aws:sagemaker/endpointConfiguration:EndpointConfiguration",
    endpoint: "aws:sagemaker/endpoint:Endpoint",
    alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
    target: "aws:appautoscaling/target:Target",
    policy: "aws:appautoscaling/policy:Policy",
};

function baseArgs(overrides: Partial<InferenceEndpointArgs> = {}): InferenceEndpointArgs {
    return {
        modelDataUrl: "s3://mlp-dev-models/fraud/v3/model.tar.gz",
        subnetIds: ["subnet-0aaa1111", "subnet-0bbb2222"],
        securityGroupIds: ["sg-0ccc3333"],
        mlKmsKeyArn: ML_KEY,
        lakeKmsKeyArn: LAKE_KEY,
        dataCaptureBucketName: "mlp-dev-lake-raw",
        alarmTopicArn: TOPIC,
        ...overrides,
    };
}

describe("InferenceEndpoint", () => {
    beforeEach(() => useMocks());

    describe("with the defaults", () => {
        beforeEach(async () => {
            new InferenceEndpoint("fraud", baseArgs());
            await settle();
        });

        it("runs the model network-isolated in the given subnets, on the Neuron inference DLC", () => {
            const model = mocks.get(T.model, "fraud-model").inputs;
            assert.strictEqual(model.enableNetworkIsolation, true);
            assert.deepStrictEqual(model.vpcConfig, { subnets: ["subnet-0aaa1111", "subnet-0bbb2222"], securityGroupIds: ["sg-0ccc3333"] });
            assert.strictEqual(model.executionRoleArn, mocks.get(T.role, "fraud-exec").outputs.arn);
            assert.strictEqual(
                model.primaryContainer.image,
                "763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-inference-neuronx:2.5.1-neuronx-py310-sdk2.22.0-ubuntu22.04",
            );
            assert.strictEqual(model.primaryContainer.modelDataUrl, "s3://mlp-dev-models/fraud/v3/model.tar.gz");
            assert.strictEqual(model.primaryContainer.mode, "SingleModel");
        });

        it("trusts SageMaker from this account only", () => {
            const trust = statements(mocks.get(T.role, "fraud-exec"), "assumeRolePolicy");
            assert.strictEqual(trust.length, 1);
            assert.strictEqual(trust[0].Effect, "Allow");
            assert.deepStrictEqual(trust[0].Principal, { Service: "sagemaker.amazonaws.com" });
            assert.strictEqual(trust[0].Action, "sts:AssumeRole");
            assert.deepStrictEqual(trust[0].Condition, { StringEquals: { "aws:SourceAccount": ACCOUNT } });
        });

        it("lets the execution role read exactly the model artifact and decrypt it only through S3", () => {
            const stmts = statements(mocks.get(T.rolePolicy, "fraud-exec"));
            const read = statement(stmts, "ReadModelArtifacts");
            assert.strictEqual(read.Effect, "Allow");
            assert.strictEqual(read.Action, "s3:GetObject");
            assert.strictEqual(read.Resource, "arn:aws:s3:::mlp-dev-models/fraud/v3/model.tar.gz");
            const decrypt = statement(stmts, "DecryptModelArtifacts");
            assert.strictEqual(decrypt.Action, "kms:Decrypt");
            assert.strictEqual(decrypt.Resource, ML_KEY);
            assert.deepStrictEqual(decrypt.Condition, { StringEquals: { "kms:ViaService": S3_VIA } });
        });

        it("lets the execution role write data capture only under its endpoint's prefix, with the lake key through S3", () => {
            const stmts = statements(mocks.get(T.rolePolicy, "fraud-exec"));
            const write = statement(stmts, "WriteDataCapture");
            assert.strictEqual(write.Action, "s3:PutObject");
            assert.strictEqual(write.Resource, "arn:aws:s3:::mlp-dev-lake-raw/data-capture/test-fraud/*");
            const encrypt = statement(stmts, "EncryptDataCapture");
            assert.deepStrictEqual(encrypt.Action, ["kms:GenerateDataKey", "kms:Decrypt"]);
            assert.strictEqual(encrypt.Resource, LAKE_KEY);
            assert.deepStrictEqual(encrypt.Condition, { StringEquals: { "kms:ViaService": S3_VIA } });
        });

        it("lets the execution role pull only the serving image's repository", () => {
            const stmts = statements(mocks.get(T.rolePolicy, "fraud-exec"));
            const token = statement(stmts, "EcrAuthorization");
            assert.strictEqual(token.Action, "ecr:GetAuthorizationToken");
            assert.strictEqual(token.Resource, "*");
            const pull = statement(stmts, "PullImages");
            assert.deepStrictEqual([...pull.Action].sort(), ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]);
            assert.deepStrictEqual(pull.Resource, ["arn:aws:ecr:us-east-1:763104351884:repository/pytorch-inference-neuronx"]);
        });

        it("lets the execution role create network interfaces only in the given subnets and security groups", () => {
            const stmts = statements(mocks.get(T.rolePolicy, "fraud-exec"));
            const create = statement(stmts, "CreateInterfacesInPlatformSubnets");
            assert.strictEqual(create.Action, "ec2:CreateNetworkInterface");
            assert.deepStrictEqual([...create.Resource].sort(), [
                `arn:aws:ec2:us-east-1:${ACCOUNT}:network-interface/*`,
                `arn:aws:ec2:us-east-1:${ACCOUNT}:security-group/sg-0ccc3333`,
                `arn:aws:ec2:us-east-1:${ACCOUNT}:subnet/subnet-0aaa1111`,
                `arn:aws:ec2:us-east-1:${ACCOUNT}:subnet/subnet-0bbb2222`,
            ]);
            const manage = statement(stmts, "ManageInterfacesInPlatformSubnets");
            assert.strictEqual(manage.Resource, `arn:aws:ec2:us-east-1:${ACCOUNT}:network-interface/*`);
            assert.deepStrictEqual(manage.Condition.ArnEquals["ec2:Subnet"], [
                `arn:aws:ec2:us-east-1:${ACCOUNT}:subnet/subnet-0aaa1111`,
                `arn:aws:ec2:us-east-1:${ACCOUNT}:subnet/subnet-0bbb2222`,
            ]);
        });

        it("lets the execution role write only its endpoint's logs and SageMaker's metric namespaces", () => {
            const stmts = statements(mocks.get(T.rolePolicy, "fraud-exec"));
            const logs = statement(stmts, "WriteSageMakerLogs");
            for (const arn of logs.Resource as string[]) {
                assert.ok(arn.startsWith(`arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/sagemaker/Endpoints/test-fraud`), arn);
            }
            const metrics = statement(stmts, "PublishEndpointMetrics");
            assert.strictEqual(metrics.Action, "cloudwatch:PutMetricData");
            assert.deepStrictEqual(metrics.Condition, { StringLike: { "cloudwatch:namespace": "/aws/sagemaker/*" } });
        });

        it("grants no wildcard action and no unconditioned access to everything", () => {
            for (const s of statements(mocks.get(T.rolePolicy, "fraud-exec"))) {
                assert.strictEqual(s.Effect, "Allow");
                for (const action of [s.Action].flat()) {
                    assert.ok(!action.endsWith(":*") && action !== "*", `${s.Sid} grants ${action}`);
                }
            }
        });

        it("leaves the endpoint configuration unnamed so Pulumi autonames it, and encrypts its EBS volume with the ML key", () => {
            const config = mocks.get(T.config, "fraud-config");
            assert.ok(!("name" in config.inputs), "an explicit name would collide on replacement");
            assert.ok(!("namePrefix" in config.inputs));
            assert.match(config.outputs.name, /^fraud-config-[0-9a-f]{7}$/);
            assert.strictEqual(config.inputs.kmsKeyArn, ML_KEY);
        });

        it("defaults to one ml.inf2.xlarge variant of minInstances instances, without SSM access", () => {
            const variants = mocks.get(T.config, "fraud-config").inputs.productionVariants;
            assert.strictEqual(variants.length, 1);
            assert.strictEqual(variants[0].instanceType, "ml.inf2.xlarge");
            assert.strictEqual(variants[0].variantName, "primary");
            assert.strictEqual(variants[0].initialInstanceCount, 2);
            assert.strictEqual(variants[0].enableSsmAccess, false);
            assert.strictEqual(variants[0].modelName, mocks.get(T.model, "fraud-model").outputs.name);
        });

        it("captures a sample of inputs and outputs into the lake, encrypted with the lake key", () => {
            const capture = mocks.get(T.config, "fraud-config").inputs.dataCaptureConfig;
            assert.strictEqual(capture.enableCapture, true);
            assert.strictEqual(capture.initialSamplingPercentage, 20);
            assert.strictEqual(capture.destinationS3Uri, "s3://mlp-dev-lake-raw/data-capture");
            assert.strictEqual(capture.kmsKeyId, LAKE_KEY);
            assert.deepStrictEqual(capture.captureOptions.map((o: any) => o.captureMode).sort(), ["Input", "Output"]);
            assert.deepStrictEqual(capture.captureContentTypeHeader, { csvContentTypes: ["text/csv"], jsonContentTypes: ["application/json"] });
        });

        it("deploys blue/green with a baked canary and a termination wait", () => {
            const endpoint = mocks.get(T.endpoint, "fraud-endpoint").inputs;
            assert.strictEqual(endpoint.name, "test-fraud");
            assert.strictEqual(endpoint.endpointConfigName, mocks.get(T.config, "fraud-config").outputs.name);
            const policy = endpoint.deploymentConfig.blueGreenUpdatePolicy;
            assert.deepStrictEqual(policy.trafficRoutingConfiguration, {
                type: "CANARY",
                canarySize: { type: "CAPACITY_PERCENT", value: 10 },
                waitIntervalInSeconds: 600,
            });
            assert.strictEqual(policy.terminationWaitInSeconds, 600);
            assert.strictEqual(policy.maximumExecutionTimeoutInSeconds, 3600);
            assert.ok(!("rollingUpdatePolicy" in endpoint.deploymentConfig));
        });

        it("rolls back on the 5XX and latency alarms created here, which notify the alarm topic", () => {
            const rollback = mocks.get(T.endpoint, "fraud-endpoint").inputs.deploymentConfig.autoRollbackConfiguration.alarms;
            const errors = mocks.get(T.alarm, "fraud-5xx");
            const latency = mocks.get(T.alarm, "fraud-latency");
            assert.deepStrictEqual(rollback, [{ alarmName: errors.outputs.name }, { alarmName: latency.outputs.name }]);

            const dims = { EndpointName: "test-fraud", VariantName: "primary" };
            assert.strictEqual(errors.inputs.namespace, "AWS/SageMaker");
            assert.strictEqual(errors.inputs.metricName, "Invocation5XXErrors");
            assert.deepStrictEqual(errors.inputs.dimensions, dims);
            assert.strictEqual(errors.inputs.statistic, "Sum");
            assert.strictEqual(errors.inputs.comparisonOperator, "GreaterThanOrEqualToThreshold");
            assert.strictEqual(errors.inputs.threshold, 1);

            assert.strictEqual(latency.inputs.namespace, "AWS/SageMaker");
            assert.strictEqual(latency.inputs.metricName, "ModelLatency");
            assert.deepStrictEqual(latency.inputs.dimensions, dims);
            assert.strictEqual(latency.inputs.extendedStatistic, "p99");
            // 1000 ms, in the microseconds SageMaker reports ModelLatency in.
            assert.strictEqual(latency.inputs.threshold, 1_000_000);

            for (const alarm of [errors, latency]) {
                assert.deepStrictEqual(alarm.inputs.alarmActions, [TOPIC]);
                assert.deepStrictEqual(alarm.inputs.okActions, [TOPIC]);
                assert.strictEqual(alarm.inputs.actionsEnabled, true);
                assert.strictEqual(alarm.inputs.period, 60);
                assert.strictEqual(alarm.inputs.evaluationPeriods, 3);
                assert.strictEqual(alarm.inputs.datapointsToAlarm, 2);
            }
        });

        it("scales the variant between min and max on invocations per instance", () => {
            const target = mocks.get(T.target, "fraud-scaling").inputs;
            assert.strictEqual(target.serviceNamespace, "sagemaker");
            assert.strictEqual(target.scalableDimension, "sagemaker:variant:DesiredInstanceCount");
            assert.strictEqual(target.resourceId, "endpoint/test-fraud/variant/primary");
            assert.strictEqual(target.minCapacity, 2);
            assert.strictEqual(target.maxCapacity, 4);

            const policy = mocks.get(T.policy, "fraud-invocations").inputs;
            assert.strictEqual(policy.policyType, "TargetTrackingScaling");
            assert.strictEqual(policy.serviceNamespace, "sagemaker");
            assert.strictEqual(policy.scalableDimension, "sagemaker:variant:DesiredInstanceCount");
            assert.strictEqual(policy.resourceId, "endpoint/test-fraud/variant/primary");
            const tracking = policy.targetTrackingScalingPolicyConfiguration;
            assert.deepStrictEqual(tracking.predefinedMetricSpecification, { predefinedMetricType: "SageMakerVariantInvocationsPerInstance" });
            assert.strictEqual(tracking.targetValue, 100);
            assert.strictEqual(tracking.scaleInCooldown, 300);
            assert.strictEqual(tracking.scaleOutCooldown, 60);
        });
    });

    it("leaves the volume key out for a local-NVMe instance type, which SageMaker would reject", async () => {
        new InferenceEndpoint("gpu", baseArgs({ instanceType: "ml.g5.xlarge", imageUri: `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/fraud-serving:1.4.0` }));
        await settle();
        const config = mocks.get(T.config, "gpu-config").inputs;
        assert.ok(!("kmsKeyArn" in config), "ml.g5 has local NVMe storage");
        assert.strictEqual(config.productionVariants[0].instanceType, "ml.g5.xlarge");
        // The captured data is still encrypted with the lake key.
        assert.strictEqual(config.dataCaptureConfig.kmsKeyId, LAKE_KEY);
    });

    it("sets the volume key for an EBS-backed CPU type", async () => {
        new InferenceEndpoint("cpu", baseArgs({ instanceType: "ml.m5.xlarge", imageUri: `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/fraud-serving:1.4.0` }));
        await settle();
        assert.strictEqual(mocks.get(T.config, "cpu-config").inputs.kmsKeyArn, ML_KEY);
    });

    it("serves a multi-model prefix from a multi-model image, reading every model under the prefix", async () => {
        const image = `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/mme-serving:2.0`;
        new InferenceEndpoint(
            "many",
            baseArgs({ multiModel: true, instanceType: "ml.m5.2xlarge", imageUri: image, modelDataUrl: "s3://mlp-dev-models/tenants/" }),
        );
        await settle();
        const container = mocks.get(T.model, "many-model").inputs.primaryContainer;
        assert.strictEqual(container.mode, "MultiModel");
        assert.strictEqual(container.modelDataUrl, "s3://mlp-dev-models/tenants/");
        assert.strictEqual(container.image, image);
        const stmts = statements(mocks.get(T.rolePolicy, "many-exec"));
        assert.strictEqual(statement(stmts, "ReadModelArtifacts").Resource, "arn:aws:s3:::mlp-dev-models/tenants/*");
        assert.deepStrictEqual(statement(stmts, "PullImages").Resource, [`arn:aws:ecr:us-east-1:${ACCOUNT}:repository/mme-serving`]);
    });

    it("uses the given capacity, canary, capture and alarm settings", async () => {
        new InferenceEndpoint(
            "prod",
            baseArgs({
                endpointName: "fraud-prod",
                variantName: "blue",
                minInstances: 4,
                maxInstances: 10,
                targetInvocationsPerInstance: 250,
                dataCapture: { samplingPercentage: 5, prefix: "capture/online" },
                blueGreen: {
                    canarySizeType: CanarySizeType.InstanceCount,
                    canarySize: 1,
                    waitIntervalSeconds: 900,
                    terminationWaitSeconds: 300,
                    maximumExecutionTimeoutSeconds: 7200,
                },
                rollbackAlarms: { errors5xxThreshold: 3, latencyP99Ms: 250 },
            }),
        );
        await settle();
        const target = mocks.get(T.target, "prod-scaling").inputs;
        assert.strictEqual(target.resourceId, "endpoint/fraud-prod/variant/blue");
        assert.strictEqual(target.minCapacity, 4);
        assert.strictEqual(target.maxCapacity, 10);
        assert.strictEqual(mocks.get(T.policy, "prod-invocations").inputs.targetTrackingScalingPolicyConfiguration.targetValue, 250);
        const config = mocks.get(T.config, "prod-config").inputs;
        assert.strictEqual(config.productionVariants[0].initialInstanceCount, 4);
        assert.strictEqual(config.dataCaptureConfig.initialSamplingPercentage, 5);
        assert.strictEqual(config.dataCaptureConfig.destinationS3Uri, "s3://mlp-dev-lake-raw/capture/online");
        assert.strictEqual(
            statement(statements(mocks.get(T.rolePolicy, "prod-exec")), "WriteDataCapture").Resource,
            "arn:aws:s3:::mlp-dev-lake-raw/capture/online/fraud-prod/*",
        );
        const bg = mocks.get(T.endpoint, "prod-endpoint").inputs.deploymentConfig.blueGreenUpdatePolicy;
        assert.deepStrictEqual(bg.trafficRoutingConfiguration.canarySize, { type: "INSTANCE_COUNT", value: 1 });
        assert.strictEqual(bg.trafficRoutingConfiguration.waitIntervalInSeconds, 900);
        assert.strictEqual(bg.terminationWaitInSeconds, 300);
        assert.strictEqual(bg.maximumExecutionTimeoutInSeconds, 7200);
        assert.strictEqual(mocks.get(T.alarm, "prod-5xx").inputs.threshold, 3);
        assert.strictEqual(mocks.get(T.alarm, "prod-latency").inputs.threshold, 250_000);
        assert.deepStrictEqual(mocks.get(T.alarm, "prod-5xx").inputs.dimensions, { EndpointName: "fraud-prod", VariantName: "blue" });
    });

    it("tags every taggable child", async () => {
        const tags = { team: "ml", "data-classification": "phi" };
        new InferenceEndpoint("tagged", baseArgs({ tags }));
        await settle();
        for (const [type, name] of [
            [T.role, "tagged-exec"],
            [T.model, "tagged-model"],
            [T.config, "tagged-config"],
            [T.endpoint, "tagged-endpoint"],
            [T.alarm, "tagged-5xx"],
            [T.alarm, "tagged-latency"],
            [T.target, "tagged-scaling"],
        ]) {
            assert.deepStrictEqual(mocks.get(type, name).inputs.tags, tags, `${type} ${name}`);
        }
    });

    it("exposes the endpoint's identifiers", async () => {
        const ep = new InferenceEndpoint("out", baseArgs());
        await settle();
        const [name, config, capture, resourceId] = await new Promise<string[]>((resolve) =>
            pulumi.all([ep.endpointName, ep.endpointConfigName, ep.dataCaptureS3Uri, ep.scalableTargetResourceId]).apply(resolve),
        );
        assert.strictEqual(name, "test-out");
        assert.strictEqual(config, mocks.get(T.config, "out-config").outputs.name);
        assert.strictEqual(capture, "s3://mlp-dev-lake-raw/data-capture/test-out/");
        assert.strictEqual(resourceId, "endpoint/test-out/variant/primary");
    });

    it("checks its arguments before creating anything", () => {
        assert.throws(() => new InferenceEndpoint("bad", baseArgs({ instanceType: "ml.trn1.2xlarge" })), ValidationError);
        assert.strictEqual(mocks.resources.length, 0);
    });

    describe("validation", () => {
        it("accepts the defaults and skips values that are still outputs", () => {
            validateInferenceEndpointArgs(baseArgs());
            validateInferenceEndpointArgs(baseArgs({ mlKmsKeyArn: pulumi.output("not-yet-known"), modelDataUrl: pulumi.output("unknown") }));
        });

        it("requires an inference instance type", () => {
            assertInvalid(
                () => validateInferenceEndpointArgs(baseArgs({ instanceType: "ml.p4d.24xlarge" })),
                "InferenceEndpoint.instanceType",
                /inference instance type/,
            );
            assertInvalid(
                () => validateInferenceEndpointArgs(baseArgs({ instanceType: "inf2.xlarge" })),
                "InferenceEndpoint.instanceType",
                /ml\.<family>\.<size>/,
            );
        });

        it("refuses ml.inf1, where SageMaker drops the canary and auto-rollback", () => {
            assertInvalid(
                () => validateInferenceEndpointArgs(baseArgs({ instanceType: "ml.inf1.xlarge" })),
                "InferenceEndpoint.instanceType",
                /deployment guardrails/,
            );
        });

        it("needs an image for types the Neuron DLC doesn't run on", () => {
            assertInvalid(
                () => validateInferenceEndpointArgs(baseArgs({ instanceType: "ml.g5.xlarge" })),
                "InferenceEndpoint.imageUri",
                /Neuron DLC only runs on ml\.inf2/,
            );
            assertInvalid(
                () => validateInferenceEndpointArgs(baseArgs({ imageUri: "docker.io/library/nginx:latest" })),
                "InferenceEndpoint.imageUri",
                /ECR image/,
            );
            assertInvalid(() => validateInferenceEndpointArgs(baseArgs({ neuronImageTag: "bad tag" })), "InferenceEndpoint.neuronImageTag", /Docker image tag/);
        });

        it("allows multi-model endpoints only off Inferentia, with an image and a prefix", () => {
            assertInvalid(
                () => validateInferenceEndpointArgs(baseArgs({ multiModel: true, modelDataUrl: "s3://b/models/" })),
                "InferenceEndpoint.multiModel",
                /CPU or NVIDIA GPU/,
            );
            assertInvalid(
                () => validateInferenceEndpointArgs(baseArgs({ multiModel: true, instanceType: "ml.m5.xlarge", modelDataUrl: "s3://b/models/" })),
                "InferenceEndpoint.imageUri",
                /multi-model-capable/,
            );
            assertInvalid(
                () =>
                    validateInferenceEndpointArgs(
                        baseArgs({
                            multiModel: true,
                            instanceType: "ml.m5.xlarge",
                            imageUri: `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/mme:1`,
                            modelDataUrl: "s3://b/models/m.tar.gz",
                        }),
                    ),
                "InferenceEndpoint.modelDataUrl",
                /S3 prefix URI ending in "\/"/,
            );
        });

        it("requires the model artifact to be an S3 object", () => {
            assertInvalid(() => validateInferenceEndpointArgs(baseArgs({ modelDataUrl: "s3://b/models/" })), "InferenceEndpoint.modelDataUrl", /S3 object URI/);
            assertInvalid(
                () => validateInferenceEndpointArgs(baseArgs({ modelDataUrl: "https://example.com/model.tar.gz" })),
                "InferenceEndpoint.modelDataUrl",
                /S3 object URI/,
            );
        });

        it("requires subnets, security groups, keys and the alarm topic", () => {
            assertInvalid(() => validateInferenceEndpointArgs(baseArgs({ subnetIds: [] })), "InferenceEndpoint.subnetIds", /private subnet ids/);
            assertInvalid(
                () => validateInferenceEndpointArgs(baseArgs({ securityGroupIds: ["a", "b", "c", "d", "e", "f"] })),
                "InferenceEndpoint.securityGroupIds",
                /1 to 5/,
            );
            assertInvalid(
                () => validateInferenceEndpointArgs(baseArgs({ mlKmsKeyArn: "alias/ml" })),
                "InferenceEndpoint.mlKmsKeyArn",
                /ARN of the kms service/,
            );
            assertInvalid(() => validateInferenceEndpointArgs(baseArgs({ lakeKmsKeyArn: "" })), "InferenceEndpoint.lakeKmsKeyArn", /data-lake KMS key/);
            assertInvalid(
                () => validateInferenceEndpointArgs(baseArgs({ alarmTopicArn: ML_KEY })),
                "InferenceEndpoint.alarmTopicArn",
                /ARN of the sns service/,
            );
            assertInvalid(
                () => validateInferenceEndpointArgs(baseArgs({ dataCaptureBucketName: "" })),
                "InferenceEndpoint.dataCaptureBucketName",
                /lake bucket/,
            );
        });

        it("requires SageMaker names for the endpoint and variant, and a short component name", () => {
            assertInvalid(
                () => validateInferenceEndpointArgs(baseArgs({ endpointName: "fraud_prod" })),
                "InferenceEndpoint.endpointName",
                /SageMaker name|letters, digits/,
            );
            assertInvalid(() => validateInferenceEndpointArgs(baseArgs({ variantName: "-blue" })), "InferenceEndpoint.variantName", /letters, digits/);
            assertInvalid(() => validateInferenceEndpointArgs(baseArgs(), "x".repeat(49)), "InferenceEndpoint.name", /at most 48 characters/);
        });

        it("requires at least one instance and a maximum no lower than the minimum", () => {
            assertInvalid(() => validateInferenceEndpointArgs(baseArgs({ minInstances: 0 })), "InferenceEndpoint.minInstances", /integer between 1 and 1000/);
            assertInvalid(
                () => validateInferenceEndpointArgs(baseArgs({ minInstances: 3, maxInstances: 2 })),
                "InferenceEndpoint.maxInstances",
                /at least minInstances \(3\)/,
            );
            assertInvalid(
                () => validateInferenceEndpointArgs(baseArgs({ targetInvocationsPerInstance: 0 })),
                "InferenceEndpoint.targetInvocationsPerInstance",
                /greater than 0/,
            );
        });

        it("keeps data capture on, with a sampling percentage from 1 to 100", () => {
            assertInvalid(
                () => validateInferenceEndpointArgs(baseArgs({ dataCapture: { samplingPercentage: 0 } })),
                "InferenceEndpoint.dataCapture.samplingPercentage",
                /between 1 and 100/,
            );
            assertInvalid(
                () => validateInferenceEndpointArgs(baseArgs({ dataCapture: { samplingPercentage: 101 } })),
                "InferenceEndpoint.dataCapture.samplingPercentage",
                /between 1 and 100/,
            );
            assertInvalid(
                () => validateInferenceEndpointArgs(baseArgs({ dataCapture: { prefix: "/capture/" } })),
                "InferenceEndpoint.dataCapture.prefix",
                /S3 key prefix/,
            );
            assertInvalid(
                () => validateInferenceEndpointArgs(baseArgs({ dataCapture: { csvContentTypes: ["csv"] } })),
                "InferenceEndpoint.dataCapture.csvContentTypes[0]",
                /MIME type/,
            );
        });

        it("keeps the canary at most half the fleet", () => {
            assertInvalid(
                () => validateInferenceEndpointArgs(baseArgs({ blueGreen: { canarySize: 60 } })),
                "InferenceEndpoint.blueGreen.canarySize",
                /between 1 and 50/,
            );
            assertInvalid(
                () => validateInferenceEndpointArgs(baseArgs({ minInstances: 2, blueGreen: { canarySizeType: CanarySizeType.InstanceCount, canarySize: 2 } })),
                "InferenceEndpoint.blueGreen.canarySize",
                /half of minInstances \(1\)/,
            );
            assertInvalid(
                () => validateInferenceEndpointArgs(baseArgs({ minInstances: 1, blueGreen: { canarySizeType: CanarySizeType.InstanceCount, canarySize: 1 } })),
                "InferenceEndpoint.blueGreen.canarySize",
                /CAPACITY_PERCENT canary/,
            );
        });

        it("requires the deployment timeout to outlast the bake and termination waits", () => {
            assertInvalid(
                () => validateInferenceEndpointArgs(baseArgs({ blueGreen: { waitIntervalSeconds: 3601 } })),
                "InferenceEndpoint.blueGreen.waitIntervalSeconds",
                /between 0 and 3600/,
            );
            assertInvalid(
                () => validateInferenceEndpointArgs(baseArgs({ blueGreen: { maximumExecutionTimeoutSeconds: 300 } })),
                "InferenceEndpoint.blueGreen.maximumExecutionTimeoutSeconds",
                /between 600 and 28800/,
            );
            assertInvalid(
                () =>
                    validateInferenceEndpointArgs(
                        baseArgs({ blueGreen: { waitIntervalSeconds: 600, terminationWaitSeconds: 600, maximumExecutionTimeoutSeconds: 1200 } }),
                    ),
                "InferenceEndpoint.blueGreen.maximumExecutionTimeoutSeconds",
                /more than waitIntervalSeconds \+ terminationWaitSeconds \(1200\)/,
            );
        });

        it("checks the rollback alarm window", () => {
            assertInvalid(
                () => validateInferenceEndpointArgs(baseArgs({ rollbackAlarms: { periodSeconds: 45 } })),
                "InferenceEndpoint.rollbackAlarms.periodSeconds",
                /multiple of 60/,
            );
            assertInvalid(
                () => validateInferenceEndpointArgs(baseArgs({ rollbackAlarms: { datapointsToAlarm: 4 } })),
                "InferenceEndpoint.rollbackAlarms.datapointsToAlarm",
                /between 1 and 3/,
            );
            assertInvalid(
                () => validateInferenceEndpointArgs(baseArgs({ rollbackAlarms: { evaluationPeriods: 1 } })),
                "InferenceEndpoint.rollbackAlarms.datapointsToAlarm",
                /default 2 doesn't fit/,
            );
            assertInvalid(
                () => validateInferenceEndpointArgs(baseArgs({ rollbackAlarms: { latencyP99Ms: -1 } })),
                "InferenceEndpoint.rollbackAlarms.latencyP99Ms",
                /greater than 0/,
            );
            assertInvalid(
                () => validateInferenceEndpointArgs(baseArgs({ rollbackAlarms: { periodSeconds: 3600, evaluationPeriods: 25 } })),
                "InferenceEndpoint.rollbackAlarms.evaluationPeriods",
                /at most one day/,
            );
        });
    });
});
