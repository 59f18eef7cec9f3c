import * as assert from "assert";
import { loadPlatformConfig, parsePlatformConfig } from "../../stacks/config";
import { createPlatform } from "../../stacks/platform";
import { builtPlatform, BuiltPlatform } from "../helpers/platformStack";
import { mocks, settle, statement, statements, useMocks, valueOf } from "../helpers/pulumi";
import { readStackConfig, readStackFile } from "../helpers/stackConfig";

/** The tuning config staging commits. */
function loadStagingTuning() {
    const tuning = parsePlatformConfig(readStackConfig("staging")).training.tuning;
    assert.ok(tuning, "staging tunes");
    return tuning;
}

/** Types that hold data, keys or audit records: prod must protect and retain every one. */
const DATA_TYPES = ["aws:s3/bucket:Bucket", "aws:kms/key:Key", "aws:cloudtrail/trail:Trail", "aws:cloudwatch/logGroup:LogGroup"];

describe("stacks", function () {
    this.timeout(180_000);

    for (const stack of ["dev", "staging", "prod"] as const) {
        describe(`Pulumi.${stack}.yaml`, () => {
            let built: BuiltPlatform;
            before(async () => {
                built = await builtPlatform(stack);
            });

            it("builds the whole platform under mocks", async () => {
                const types = new Set(built.resources.map((r) => r.type));
                for (const t of [
                    "aws:kms/key:Key",
                    "aws:ec2/vpc:Vpc",
                    "aws:ec2/vpcEndpoint:VpcEndpoint",
                    "aws:s3/bucket:Bucket",
                    "aws:glue/job:Job",
                    "aws:lakeformation/dataLakeSettings:DataLakeSettings",
                    "aws:cloudtrail/trail:Trail",
                    "aws:cfg/recorder:Recorder",
                    "aws:sagemaker/domain:Domain",
                    "aws:sagemaker/pipeline:Pipeline",
                    "aws:sagemaker/endpoint:Endpoint",
                    "aws:sagemaker/dataQualityJobDefinition:DataQualityJobDefinition",
                    "aws:sagemaker/featureGroup:FeatureGroup",
                    "aws:sfn/stateMachine:StateMachine",
                ]) {
                    assert.ok(types.has(t), `${stack} has a ${t}`);
                }
                assert.match(await valueOf(built.platform.endpoint.endpointName), /\S/);
            });

            it("has no internet path: no internet gateway, NAT or public subnet", () => {
                assert.deepStrictEqual(built.ofType("aws:ec2/internetGateway:InternetGateway"), []);
                assert.deepStrictEqual(built.ofType("aws:ec2/natGateway:NatGateway"), []);
                const subnets = built.ofType("aws:ec2/subnet:Subnet");
                assert.ok(subnets.length >= 2);
                assert.ok(subnets.every((s) => s.inputs.mapPublicIpOnLaunch !== true));
            });

            it("tags every component's resources with the required tags", () => {
                const buckets = built.ofType("aws:s3/bucket:Bucket");
                assert.ok(buckets.length >= 4);
                for (const b of buckets) {
                    assert.strictEqual(b.inputs.tags?.environment, stack, `${b.name} environment tag`);
                    assert.ok(b.inputs.tags?.owner && b.inputs.tags?.["cost-center"] && b.inputs.tags?.["data-classification"], `${b.name} required tags`);
                }
            });

            const expectProtected = stack !== "dev";
            it(`${expectProtected ? "protects and retains" : "does not protect"} data buckets, keys, trails and log groups`, () => {
                const data = built.options.filter((s) => DATA_TYPES.includes(s.type));
                for (const t of DATA_TYPES) {
                    assert.ok(
                        data.some((s) => s.type === t),
                        `${stack} has a ${t}`,
                    );
                }
                for (const s of data) {
                    assert.strictEqual(s.protect, expectProtected, `${s.type} ${s.name} protect`);
                    assert.strictEqual(s.retainOnDelete, expectProtected, `${s.type} ${s.name} retainOnDelete`);
                }
            });

            it(stack === "dev" ? "may force-destroy dev buckets" : "never sets forceDestroy", () => {
                const forced = built.ofType("aws:s3/bucket:Bucket").filter((b) => b.inputs.forceDestroy === true);
                if (stack === "dev") {
                    assert.ok(forced.length > 0, "dev buckets can be torn down");
                } else {
                    assert.deepStrictEqual(
                        forced.map((b) => b.name),
                        [],
                    );
                }
            });
        });
    }

    it("staging tunes hyperparameters where dev and prod run one training job, and evaluates the best model", async () => {
        const kinds = async (stack: "dev" | "staging" | "prod") => {
            const [pipeline] = (await builtPlatform(stack)).ofType("aws:sagemaker/pipeline:Pipeline");
            return JSON.parse(pipeline.inputs.pipelineDefinition).Steps as any[];
        };
        for (const stack of ["dev", "prod"] as const) {
            assert.ok((await kinds(stack)).some((s) => s.Type === "Training") && !(await kinds(stack)).some((s) => s.Type === "Tuning"), stack);
        }
        const staging = await kinds("staging");
        const tune = staging.find((s) => s.Type === "Tuning");
        assert.ok(tune && !staging.some((s) => s.Type === "Training"));
        const config = loadStagingTuning();
        assert.deepStrictEqual(tune.Arguments.HyperParameterTuningJobConfig.ResourceLimits, {
            MaxNumberOfTrainingJobs: config.maxJobs,
            MaxParallelTrainingJobs: config.maxParallelJobs,
        });
        const names = tune.Arguments.TrainingJobDefinition.AlgorithmSpecification.MetricDefinitions.map((m: any) => m.Name);
        assert.ok(names.includes(tune.Arguments.HyperParameterTuningJobConfig.HyperParameterTuningJobObjective.MetricName));
        const evaluate = staging.find((s) => s.Name === "Evaluate");
        const model = evaluate.Arguments.ProcessingInputs.find((i: any) => i.InputName === "model");
        assert.ok(JSON.stringify(model.S3Input.S3Uri).includes(`Steps.${tune.Name}.TrainingJobSummaries[0].TrainingJobName`));
    });

    it("scores the batch dataset in every environment after each deployment, dev at minimum scale, staging and prod nightly", async () => {
        for (const stack of ["dev", "staging", "prod"] as const) {
            const built = await builtPlatform(stack);
            const machines = built.ofType("aws:sfn/stateMachine:StateMachine");
            const batch = machines.find((m) => m.name === `mlp-${stack}-batch-state-machine`);
            const workflow = machines.find((m) => m.name === `mlp-${stack}-workflow-state-machine`);
            assert.ok(batch && workflow, `${stack} has both state machines`);
            const transform = JSON.parse(batch.inputs.definition).States.Transform.Arguments;
            assert.strictEqual(transform.TransformResources.InstanceType, stack === "prod" ? "ml.inf2.8xlarge" : "ml.inf2.xlarge", stack);
            assert.strictEqual(transform.TransformResources.InstanceCount, stack === "prod" ? 2 : 1, stack);
            assert.match(transform.TransformInput.DataSource.S3DataSource.S3Uri, /^s3:\/\/[^/]*processed[^/]*\/batch\/input\/$/);
            assert.match(transform.TransformOutput.S3OutputPath, /^\{% 's3:\/\/[^/]*analytics[^/]*\/batch\/predictions\/' & \$jobName/);
            const run = JSON.parse(workflow.inputs.definition).States.RunBatchInference;
            assert.strictEqual(run.Arguments.StateMachineArn, batch.outputs.arn, stack);
            const schedules = built.ofType("aws:scheduler/schedule:Schedule").filter((sc) => sc.name === `mlp-${stack}-batch-schedule`);
            assert.strictEqual(schedules.length, stack === "dev" ? 0 : 1, stack);
            const alarm = built.ofType("aws:cloudwatch/metricAlarm:MetricAlarm").find((a) => a.name === `mlp-${stack}-batch-failures`);
            const topic = built.ofType("aws:sns/topic:Topic")[0];
            assert.ok(alarm && topic, stack);
            assert.deepStrictEqual(alarm.inputs.alarmActions, [topic.outputs.arn]);
        }
    });

    it("prod runs its endpoint on at least two instances with blue/green and rollback alarms", async () => {
        const prod = await builtPlatform("prod");
        const [target] = prod.ofType("aws:appautoscaling/target:Target");
        assert.ok(target.inputs.minCapacity >= 2);
        const [ep] = prod.ofType("aws:sagemaker/endpoint:Endpoint");
        assert.ok(ep.inputs.deploymentConfig.blueGreenUpdatePolicy);
        assert.ok(ep.inputs.deploymentConfig.autoRollbackConfiguration.alarms.length >= 2);
    });

    it("restricts prod's lake to the S3 endpoint, exempting the roles SageMaker writes the lake with", async () => {
        const prod = await builtPlatform("prod");
        const endpoint = prod.ofType("aws:ec2/vpcEndpoint:VpcEndpoint").find((e) => e.inputs.vpcEndpointType === "Gateway");
        assert.ok(endpoint, "an S3 gateway endpoint");
        const featureRole = prod.ofType("aws:sagemaker/featureGroup:FeatureGroup")[0].inputs.roleArn;
        const endpointRole = prod.ofType("aws:sagemaker/model:Model")[0].inputs.executionRoleArn;
        const batchRole = prod.get("aws:iam/role:Role", "mlp-prod-batch-exec").outputs.arn;
        const layerPolicies = prod
            .ofType("aws:s3/bucketPolicy:BucketPolicy")
            .map((p) => statements(p))
            .filter((stmts) => stmts.some((st: any) => st.Sid === "DenyObjectAccessOutsideVpcEndpoints"));
        assert.strictEqual(layerPolicies.length, 3, "raw, processed and analytics");
        for (const stmts of layerPolicies) {
            const deny = statement(stmts, "DenyObjectAccessOutsideVpcEndpoints");
            assert.deepStrictEqual(deny.Condition.StringNotEquals, { "aws:SourceVpce": [endpoint.id] });
            const exempt: string[] = deny.Condition.ArnNotLike["aws:PrincipalArn"];
            assert.ok(exempt.includes(featureRole) && exempt.includes(endpointRole) && exempt.includes(batchRole), `exempts ${exempt.join(", ")}`);
        }
    });

    const badConfig: [string, Record<string, string>, RegExp][] = [
        ["an invalid CIDR", { "ml-platform:vpcCidr": "10.0.0.0/8" }, /"ml-platform:vpcCidr"/],
        ["fewer than 3 AZs in prod", { "ml-platform:availabilityZones": "2" }, /"ml-platform:availabilityZones": expected an integer from 3 to 6/],
        ["an unknown environment", { "ml-platform:environment": "production" }, /"ml-platform:environment": expected one of "dev", "staging", "prod"/],
        ["a retention below the minimum", { "ml-platform:logRetentionDays": "30" }, /"ml-platform:logRetentionDays": expected an integer from 365/],
        ["a missing required key", { "ml-platform:owner": "" }, /"ml-platform:owner": expected a value/],
    ];
    for (const [what, change, message] of badConfig) {
        it(`stops on ${what} before creating any resource`, async () => {
            useMocks("prod", { ...readStackFile("prod"), ...change });
            assert.throws(() => createPlatform(loadPlatformConfig()), message);
            await settle();
            assert.strictEqual(mocks.resources.length, 0);
        });
    }
});
