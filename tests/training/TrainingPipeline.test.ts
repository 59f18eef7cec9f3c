import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import {
    REGISTER_MODEL_STEP_NAME,
    TrainingDistribution,
    TrainingPipeline,
    TrainingPipelineArgs,
    validateTrainingPipelineArgs,
} from "../../components/training";
import { mocks, parseJson, settle, statement, statements, useMocks, valueOf } from "../helpers/pulumi";
import { denyingSids, RequestContext } from "../sagemaker/iamEval";

import { ACCOUNT, CUSTOM_IMAGE, DLC, INPUT, LAKE_KEY, ML_KEY, SGS, singleJobArgs, SUBNETS } from "./fixtures";

const happyArgs = singleJobArgs;

const ROLE = "aws:iam/role:Role";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const PIPELINE = "aws:sagemaker/pipeline:Pipeline";
const GROUP = "aws:sagemaker/modelPackageGroup:ModelPackageGroup";

async function build(args: Partial<TrainingPipelineArgs> = {}, opts?: pulumi.ComponentResourceOptions) {
    const p = new TrainingPipeline("churn", { ...happyArgs(), ...args }, opts);
    await settle();
    return p;
}

/** The definition recorded on the pipeline resource, parsed. */
function definition(): any {
    return parseJson(mocks.get(PIPELINE, "churn-pipeline").inputs.pipelineDefinition);
}

function step(name: string): any {
    const all = definition().Steps as any[];
    const nested = all.flatMap((s) => (s.Type === "Condition" ? [s, ...s.Arguments.IfSteps, ...s.Arguments.ElseSteps] : [s]));
    const found = nested.find((s) => s.Name === name);
    assert.ok(found, `no step ${name}`);
    return found;
}

/** The condition keys SageMaker puts in the request context of a job request. */
function requestContext(job: any): RequestContext {
    const vpc = job.VpcConfig ?? job.NetworkConfig?.VpcConfig;
    const resources = job.ResourceConfig ?? job.ProcessingResources.ClusterConfig;
    const ctx: RequestContext = {
        "sagemaker:VpcSubnets": vpc.Subnets,
        "sagemaker:VpcSecurityGroupIds": vpc.SecurityGroupIds,
        "sagemaker:InstanceTypes": [resources.InstanceType],
        "sagemaker:InterContainerTrafficEncryption": job.EnableInterContainerTrafficEncryption ?? job.NetworkConfig.EnableInterContainerTrafficEncryption,
    };
    const outputKey = job.OutputDataConfig?.KmsKeyId ?? job.ProcessingOutputConfig?.KmsKeyId;
    if (outputKey !== undefined) {
        ctx["sagemaker:OutputKmsKey"] = outputKey;
    }
    if (resources.VolumeKmsKeyId !== undefined) {
        ctx["sagemaker:VolumeKmsKey"] = resources.VolumeKmsKeyId;
    }
    return ctx;
}

describe("TrainingPipeline", () => {
    beforeEach(() => useMocks());

    describe("definition", () => {
        it("is a 2020-12-01 definition: preprocess, train, evaluate, then a metric condition", async () => {
            await build();
            const d = definition();
            assert.strictEqual(d.Version, "2020-12-01");
            assert.deepStrictEqual(
                d.Steps.map((s: any) => [s.Name, s.Type]),
                [
                    ["Preprocess", "Processing"],
                    ["Train", "Training"],
                    ["Evaluate", "Processing"],
                    ["CheckMetric", "Condition"],
                ],
            );
            assert.deepStrictEqual(d.Parameters, [
                { Name: "InputDataUri", Type: "String", DefaultValue: INPUT },
                { Name: "MetricThreshold", Type: "Float", DefaultValue: 0.8 },
            ]);
            assert.deepStrictEqual(d.PipelineExperimentConfig, {
                ExperimentName: { Get: "Execution.PipelineName" },
                TrialName: { Get: "Execution.PipelineExecutionId" },
            });
        });

        it("trains on ml.trn1.2xlarge with managed Spot, MaxWait at least MaxRuntime and checkpoints in the lake", async () => {
            await build();
            const t = step("Train").Arguments;
            assert.strictEqual(t.EnableManagedSpotTraining, true);
            assert.strictEqual(t.StoppingCondition.MaxRuntimeInSeconds, 86400);
            assert.strictEqual(t.StoppingCondition.MaxWaitTimeInSeconds, 2 * 86400);
            assert.ok(t.StoppingCondition.MaxWaitTimeInSeconds >= t.StoppingCondition.MaxRuntimeInSeconds);
            assert.deepStrictEqual(t.CheckpointConfig, {
                S3Uri: { "Std:Join": { On: "/", Values: ["s3://lake-analytics/ml/churn/checkpoints", { Get: "Execution.PipelineExecutionId" }] } },
                LocalPath: "/opt/ml/checkpoints",
            });
            assert.deepStrictEqual(t.ResourceConfig, { InstanceType: "ml.trn1.2xlarge", InstanceCount: 1, VolumeSizeInGB: 100 });
            assert.strictEqual(t.AlgorithmSpecification.TrainingImage, `${DLC}/pytorch-training-neuronx:2.8.0-neuronx-py311-sdk2.26.0-ubuntu22.04`);
        });

        it("runs the training job in the VPC, isolated, with inter-container encryption and outputs under the lake key", async () => {
            await build();
            const t = step("Train").Arguments;
            assert.deepStrictEqual(t.VpcConfig, { SecurityGroupIds: SGS, Subnets: SUBNETS });
            assert.strictEqual(t.EnableNetworkIsolation, true);
            assert.strictEqual(t.EnableInterContainerTrafficEncryption, true);
            assert.deepStrictEqual(t.OutputDataConfig, { S3OutputPath: "s3://lake-analytics/ml/churn/models", KmsKeyId: LAKE_KEY });
            assert.strictEqual(t.RoleArn, mocks.get(ROLE, "churn-job").outputs.arn);
            // Network isolation: the code arrives as an input channel and the toolkit is pointed at it.
            const code = t.InputDataConfig.find((c: any) => c.ChannelName === "code");
            assert.strictEqual(code.DataSource.S3DataSource.S3Uri, "s3://lake-analytics/ml/churn/code/sourcedir.tar.gz");
            assert.strictEqual(t.HyperParameters.sagemaker_submit_directory, JSON.stringify("/opt/ml/input/data/code/sourcedir.tar.gz"));
            assert.strictEqual(t.HyperParameters.sagemaker_program, JSON.stringify("train.py"));
            assert.deepStrictEqual(
                t.InputDataConfig.filter((c: any) => c.ChannelName !== "code").map((c: any) => [c.ChannelName, c.DataSource.S3DataSource.S3Uri]),
                [
                    ["train", { Get: "Steps.Preprocess.ProcessingOutputConfig.Outputs['train'].S3Output.S3Uri" }],
                    ["validation", { Get: "Steps.Preprocess.ProcessingOutputConfig.Outputs['validation'].S3Output.S3Uri" }],
                ],
            );
        });

        it("sets a volume key on EBS-backed types and never on local-NVMe types", async () => {
            const cases: [string, boolean][] = [
                ["ml.trn1.2xlarge", false],
                ["ml.trn1.32xlarge", false],
                ["ml.trn1n.32xlarge", false],
                ["ml.trn2.48xlarge", false],
                ["ml.p4d.24xlarge", false],
                ["ml.g5.2xlarge", false],
                ["ml.m5.xlarge", true],
                ["ml.c5.2xlarge", true],
            ];
            for (const [type, hasKey] of cases) {
                useMocks();
                const trainium = type.startsWith("ml.trn");
                await build({ trainingInstanceType: type, ...(trainium ? {} : { trainingImageUri: CUSTOM_IMAGE }) });
                const rc = step("Train").Arguments.ResourceConfig;
                assert.strictEqual(rc.InstanceType, type);
                if (hasKey) {
                    assert.strictEqual(rc.VolumeKmsKeyId, ML_KEY, type);
                } else {
                    assert.ok(!("VolumeKmsKeyId" in rc), `${type} must not get a VolumeKmsKeyId`);
                }
            }
        });

        it("encrypts the processing steps' EBS volumes and outputs, in the VPC and isolated", async () => {
            await build();
            for (const name of ["Preprocess", "Evaluate"]) {
                const a = step(name).Arguments;
                assert.deepStrictEqual(a.ProcessingResources.ClusterConfig, {
                    InstanceType: "ml.m5.xlarge",
                    InstanceCount: 1,
                    VolumeSizeInGB: 30,
                    VolumeKmsKeyId: ML_KEY,
                });
                assert.deepStrictEqual(a.NetworkConfig, {
                    EnableNetworkIsolation: true,
                    EnableInterContainerTrafficEncryption: true,
                    VpcConfig: { SecurityGroupIds: SGS, Subnets: SUBNETS },
                });
                assert.strictEqual(a.ProcessingOutputConfig.KmsKeyId, LAKE_KEY);
                assert.strictEqual(a.AppSpecification.ImageUri, `${DLC}/pytorch-training:2.5.1-cpu-py311-ubuntu22.04-sagemaker`);
            }
            const pre = step("Preprocess").Arguments;
            assert.deepStrictEqual(pre.ProcessingInputs[0].S3Input.S3Uri, { Get: "Parameters.InputDataUri" });
            assert.strictEqual(pre.ProcessingInputs[1].S3Input.S3Uri, "s3://lake-analytics/ml/churn/code/preprocess.py");
            assert.deepStrictEqual(pre.AppSpecification.ContainerEntrypoint, ["python3", "/opt/ml/processing/input/code/preprocess.py"]);
        });

        it("distributes large Trainium jobs with the torch_distributed launcher across instances", async () => {
            for (const type of ["ml.trn1.32xlarge", "ml.trn1n.32xlarge", "ml.trn2.48xlarge"]) {
                useMocks();
                await build({ trainingInstanceType: type, trainingInstanceCount: 4 });
                const t = step("Train").Arguments;
                assert.strictEqual(t.ResourceConfig.InstanceCount, 4);
                assert.strictEqual(t.HyperParameters.sagemaker_torch_distributed_enabled, "true");
                assert.strictEqual(t.HyperParameters.sagemaker_instance_type, JSON.stringify(type));
            }
        });

        it("launches no distribution on CPU types, or when asked not to on one Trainium instance", async () => {
            await build({ trainingInstanceType: "ml.m5.xlarge", trainingImageUri: CUSTOM_IMAGE });
            assert.ok(!("sagemaker_torch_distributed_enabled" in step("Train").Arguments.HyperParameters));
            useMocks();
            await build({ distribution: TrainingDistribution.None });
            assert.ok(!("sagemaker_torch_distributed_enabled" in step("Train").Arguments.HyperParameters));
        });

        it("keeps the caller's hyperparameters next to the toolkit's", async () => {
            await build({ hyperparameters: { epochs: "3", lr: "0.001" } });
            const hp = step("Train").Arguments.HyperParameters;
            assert.strictEqual(hp.epochs, "3");
            assert.strictEqual(hp.lr, "0.001");
            assert.strictEqual(hp.sagemaker_region, JSON.stringify("us-east-1"));
        });

        it("runs on demand when Spot is off: no Spot flag, no MaxWait, checkpoints still kept", async () => {
            await build({ useSpot: false, maxRuntimeSeconds: 7200 });
            const t = step("Train").Arguments;
            assert.strictEqual(t.EnableManagedSpotTraining, false);
            assert.deepStrictEqual(t.StoppingCondition, { MaxRuntimeInSeconds: 7200 });
            assert.ok(t.CheckpointConfig);
            useMocks();
            await build({ useSpot: false, enableCheckpointing: false });
            assert.ok(!("CheckpointConfig" in step("Train").Arguments));
        });

        it("registers the model pending manual approval when the evaluation metric reaches the threshold, else fails", async () => {
            await build({ metricThreshold: 0.9, metricJsonPath: "metrics.auc.value" });
            const check = step("CheckMetric").Arguments;
            assert.deepStrictEqual(check.Conditions, [
                {
                    Type: "GreaterThanOrEqualTo",
                    LeftValue: { "Std:JsonGet": { PropertyFile: { Get: "Steps.Evaluate.PropertyFiles.EvaluationReport" }, Path: "metrics.auc.value" } },
                    RightValue: { Get: "Parameters.MetricThreshold" },
                },
            ]);
            assert.deepStrictEqual(definition().Parameters[1], { Name: "MetricThreshold", Type: "Float", DefaultValue: 0.9 });
            assert.deepStrictEqual(step("Evaluate").PropertyFiles, [
                { PropertyFileName: "EvaluationReport", OutputName: "evaluation", FilePath: "evaluation.json" },
            ]);
            assert.deepStrictEqual(
                check.IfSteps.map((s: any) => s.Name),
                [REGISTER_MODEL_STEP_NAME],
            );
            assert.deepStrictEqual(
                check.ElseSteps.map((s: any) => s.Type),
                ["Fail"],
            );
            const reg = step(REGISTER_MODEL_STEP_NAME);
            assert.strictEqual(reg.Type, "RegisterModel");
            assert.strictEqual(reg.Arguments.ModelApprovalStatus, "PendingManualApproval");
            assert.strictEqual(reg.Arguments.ModelPackageGroupName, mocks.get(GROUP, "churn-models").inputs.modelPackageGroupName);
            assert.deepStrictEqual(reg.Arguments.InferenceSpecification.Containers, [
                {
                    Image: `${DLC}/pytorch-inference-neuronx:2.8.0-neuronx-py311-sdk2.26.0-ubuntu22.04`,
                    ModelDataUrl: { Get: "Steps.Train.ModelArtifacts.S3ModelArtifacts" },
                },
            ]);
            assert.deepStrictEqual(reg.Arguments.InferenceSpecification.SupportedRealtimeInferenceInstanceTypes, ["ml.inf2.xlarge"]);
        });

        it("compares the other way for metrics where lower is better", async () => {
            await build({ metricGreaterIsBetter: false });
            assert.strictEqual(step("CheckMetric").Arguments.Conditions[0].Type, "LessThanOrEqualTo");
        });

        it("is exposed as an output identical to the pipeline's input", async () => {
            const p = await build();
            assert.strictEqual(await valueOf(p.pipelineDefinition), mocks.get(PIPELINE, "churn-pipeline").inputs.pipelineDefinition);
        });
    });

    it("creates the pipeline with its own role and a model package group", async () => {
        const p = await build();
        const pipeline = mocks.get(PIPELINE, "churn-pipeline").inputs;
        assert.strictEqual(pipeline.pipelineName, "churn");
        assert.strictEqual(pipeline.pipelineDisplayName, "churn");
        assert.strictEqual(pipeline.roleArn, mocks.get(ROLE, "churn-pipeline").outputs.arn);
        assert.strictEqual(mocks.get(GROUP, "churn-models").inputs.modelPackageGroupName, "churn-models");
        assert.strictEqual(await valueOf(p.registerStepName), REGISTER_MODEL_STEP_NAME);
        assert.strictEqual(await valueOf(p.modelPackageGroupArn), mocks.get(GROUP, "churn-models").outputs.arn);
    });

    it("lets only SageMaker in this account assume either role", async () => {
        await build();
        for (const name of ["churn-job", "churn-pipeline"]) {
            const [trust] = statements(mocks.get(ROLE, name), "assumeRolePolicy");
            assert.deepStrictEqual(trust.Principal, { Service: "sagemaker.amazonaws.com" });
            assert.strictEqual(trust.Action, "sts:AssumeRole");
            assert.deepStrictEqual(trust.Condition, { StringEquals: { "aws:SourceAccount": ACCOUNT } });
        }
    });

    describe("pipeline role", () => {
        function pipelinePolicy(): any[] {
            return statements(mocks.get(ROLE_POLICY, "churn-pipeline"));
        }

        it("passes only the job role, only to SageMaker", async () => {
            await build();
            const pass = statement(pipelinePolicy(), "PassJobRoleToSageMaker");
            assert.strictEqual(pass.Action, "iam:PassRole");
            assert.strictEqual(pass.Resource, mocks.get(ROLE, "churn-job").outputs.arn);
            assert.deepStrictEqual(pass.Condition, { StringEquals: { "iam:PassedToService": "sagemaker.amazonaws.com" } });
            const passes = pipelinePolicy().filter((s) => [s.Action].flat().includes("iam:PassRole"));
            assert.strictEqual(passes.length, 1);
        });

        it("starts only pipeline jobs and registers only into its own group", async () => {
            await build();
            const stmts = pipelinePolicy();
            assert.deepStrictEqual(statement(stmts, "RunPipelineJobs").Resource, [
                `arn:aws:sagemaker:us-east-1:${ACCOUNT}:processing-job/pipelines-*`,
                `arn:aws:sagemaker:us-east-1:${ACCOUNT}:training-job/pipelines-*`,
            ]);
            const groupArn: string = mocks.get(GROUP, "churn-models").outputs.arn;
            assert.deepStrictEqual(statement(stmts, "RegisterModelVersions").Resource, [
                groupArn,
                `${groupArn.replace(":model-package-group/", ":model-package/")}/*`,
            ]);
            assert.deepStrictEqual(statement(stmts, "ReadEvaluationReports").Resource, "arn:aws:s3:::lake-analytics/ml/churn/evaluation/*");
            assert.ok(stmts.filter((s) => s.Effect === "Allow").every((s) => ![s.Action].flat().some((a: string) => a.endsWith(":*") || a === "*")));
        });

        it("carries guard-rails that the pipeline's own jobs satisfy, and that deny a non-compliant variant", async () => {
            for (const [type, image] of [
                ["ml.trn1.2xlarge", undefined],
                ["ml.m5.xlarge", CUSTOM_IMAGE],
            ] as const) {
                useMocks();
                await build({ trainingInstanceType: type, ...(image ? { trainingImageUri: image } : {}) });
                const stmts = pipelinePolicy();
                const train = requestContext(step("Train").Arguments);
                assert.deepStrictEqual(denyingSids(stmts, "sagemaker:CreateTrainingJob", train), [], type);
                assert.deepStrictEqual(denyingSids(stmts, "sagemaker:CreateProcessingJob", requestContext(step("Preprocess").Arguments)), []);
                const { ["sagemaker:VpcSubnets"]: _s, ...outsideVpc } = train;
                assert.deepStrictEqual(denyingSids(stmts, "sagemaker:CreateTrainingJob", outsideVpc), ["DenyWithoutVpcSubnets"]);
                assert.deepStrictEqual(denyingSids(stmts, "sagemaker:CreateTrainingJob", { ...train, "sagemaker:InstanceTypes": ["ml.p5.48xlarge"] }), [
                    "DenyInstanceTypesOutsideAllowList",
                ]);
                const actions = new Set(stmts.filter((s) => s.Effect === "Deny").flatMap((s) => s.Action));
                assert.deepStrictEqual([...actions].sort(), ["sagemaker:CreateProcessingJob", "sagemaker:CreateTrainingJob"]);
            }
            const { ["sagemaker:VolumeKmsKey"]: _v, ...noVolumeKey } = requestContext(step("Train").Arguments);
            assert.deepStrictEqual(
                denyingSids(pipelinePolicy(), "sagemaker:CreateTrainingJob", noVolumeKey),
                ["DenyEbsBackedWithoutVolumeKmsKey"],
                "an m5 job without its key",
            );
        });
    });

    describe("job role", () => {
        function jobPolicy(): any[] {
            return statements(mocks.get(ROLE_POLICY, "churn-job"));
        }

        it("reads the input prefix and the artifacts, and writes only run artifacts, never code", async () => {
            await build();
            const stmts = jobPolicy();
            assert.strictEqual(statement(stmts, "ReadInputData").Resource, "arn:aws:s3:::lake-processed/datasets/churn/*");
            assert.deepStrictEqual(statement(stmts, "ListInputData").Condition, { StringLike: { "s3:prefix": "datasets/churn/*" } });
            assert.strictEqual(statement(stmts, "ListInputData").Resource, "arn:aws:s3:::lake-processed");
            const write = statement(stmts, "WriteRunArtifacts");
            assert.deepStrictEqual(write.Resource, [
                "arn:aws:s3:::lake-analytics/ml/churn/processing/*",
                "arn:aws:s3:::lake-analytics/ml/churn/models/*",
                "arn:aws:s3:::lake-analytics/ml/churn/checkpoints/*",
                "arn:aws:s3:::lake-analytics/ml/churn/evaluation/*",
            ]);
            const writers = stmts.filter((s) => [s.Action].flat().some((a: string) => a.startsWith("s3:Put")));
            assert.ok(writers.every((s) => [s.Resource].flat().every((r: string) => !r.includes("/code/"))));
        });

        it("uses the lake key only through S3 and the volume key only through SageMaker", async () => {
            await build();
            const stmts = jobPolicy();
            assert.deepStrictEqual(statement(stmts, "EncryptArtifactsThroughS3").Condition, {
                StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" },
            });
            assert.strictEqual(statement(stmts, "EncryptArtifactsThroughS3").Resource, LAKE_KEY);
            assert.deepStrictEqual(statement(stmts, "UseVolumeKeyThroughSageMaker").Condition, {
                StringEquals: { "kms:ViaService": "sagemaker.us-east-1.amazonaws.com" },
            });
            assert.deepStrictEqual(statement(stmts, "GrantVolumeKeyToSageMaker").Condition, { Bool: { "kms:GrantIsForAWSResource": "true" } });
        });

        it("pulls only the pipeline's images", async () => {
            await build();
            assert.deepStrictEqual(statement(jobPolicy(), "PullImages").Resource, [
                "arn:aws:ecr:us-east-1:763104351884:repository/pytorch-training-neuronx",
                "arn:aws:ecr:us-east-1:763104351884:repository/pytorch-training",
            ]);
        });
    });

    it("protects and retains the model registry by default, and not when protect is false", async () => {
        const seen: Record<string, { protect?: boolean; retainOnDelete?: boolean }> = {};
        const record: pulumi.ResourceTransformation = (a) => {
            seen[a.name] = { protect: a.opts.protect, retainOnDelete: a.opts.retainOnDelete };
            return undefined;
        };
        await build({}, { transformations: [record] });
        assert.deepStrictEqual(seen["churn-models"], { protect: true, retainOnDelete: true });
        useMocks();
        await build({ protect: false }, { transformations: [record] });
        assert.deepStrictEqual(seen["churn-models"], { protect: false, retainOnDelete: false });
    });

    it("tags every taggable child", async () => {
        const tags = { project: "ml-platform" };
        await build({ tags });
        for (const r of [...mocks.ofType(PIPELINE), ...mocks.ofType(GROUP), ...mocks.ofType(ROLE)]) {
            assert.deepStrictEqual(r.inputs.tags, tags, r.name);
        }
    });

    describe("validation", () => {
        const cases: [string, Partial<TrainingPipelineArgs>, RegExp][] = [
            [
                "MaxWait below MaxRuntime with Spot",
                { maxRuntimeSeconds: 7200, maxWaitSeconds: 3600 },
                /"TrainingPipeline\.maxWaitSeconds": expected at least maxRuntimeSeconds \(7200\): with Spot, MaxWaitTimeInSeconds covers the run time plus the waits for capacity, got 3600/,
            ],
            [
                "an inference-only instance type",
                { trainingInstanceType: "ml.inf2.xlarge" },
                /"TrainingPipeline\.trainingInstanceType": expected an instance type that can run training jobs: ml\.<family>\.<size> with <family> one of trn1, .*, got "ml\.inf2\.xlarge"/,
            ],
            [
                "a malformed instance type",
                { trainingInstanceType: "trn1.2xlarge" },
                /"TrainingPipeline\.trainingInstanceType": expected an instance type that can run training jobs/,
            ],
            [
                "Spot without checkpointing",
                { enableCheckpointing: false },
                /"TrainingPipeline\.enableCheckpointing": expected true while useSpot is true: Spot training without checkpoints restarts from scratch after every interruption/,
            ],
            [
                "a non-Trainium type on the Neuron image",
                { trainingInstanceType: "ml.m5.xlarge" },
                /"TrainingPipeline\.trainingImageUri": expected a training image for ml\.m5\.xlarge; the default Neuron image runs only on Trainium/,
            ],
            [
                "torch_distributed on CPU",
                { trainingInstanceType: "ml.m5.xlarge", trainingImageUri: CUSTOM_IMAGE, distribution: TrainingDistribution.TorchDistributed },
                /"TrainingPipeline\.distribution": expected TrainingDistribution\.None or Auto for ml\.m5\.xlarge/,
            ],
            [
                "several Trainium instances without a launcher",
                { trainingInstanceType: "ml.trn1.32xlarge", trainingInstanceCount: 2, distribution: TrainingDistribution.None },
                /"TrainingPipeline\.distribution": expected TrainingDistribution\.TorchDistributed \(or Auto\) for 2 Trainium instances/,
            ],
            ["no instances", { trainingInstanceCount: 0 }, /"TrainingPipeline\.trainingInstanceCount": expected an integer between 1 and 100, got 0/],
            [
                "a run longer than 28 days",
                { maxRuntimeSeconds: 28 * 86400 + 1 },
                /"TrainingPipeline\.maxRuntimeSeconds": expected an integer between 1 and 2419200/,
            ],
            [
                "a reserved hyperparameter",
                { hyperparameters: { sagemaker_program: "evil.py" } },
                /"TrainingPipeline\.hyperparameters": expected names not starting with "sagemaker_"/,
            ],
            [
                "an input that is not an S3 prefix",
                { inputDataS3Uri: "s3://lake-processed/data.csv" },
                /"TrainingPipeline\.inputDataS3Uri": expected an S3 prefix URI ending in "\/"/,
            ],
            ["artifacts outside S3", { artifactsS3Uri: "/tmp/artifacts/" }, /"TrainingPipeline\.artifactsS3Uri": expected an S3 prefix URI/],
            ["a volume key that is not a KMS ARN", { volumeKmsKeyArn: "alias/ml" }, /"TrainingPipeline\.volumeKmsKeyArn": expected an ARN of the kms service/],
            ["no subnets", { subnetIds: [] }, /"TrainingPipeline\.subnetIds": expected at least one private subnet id/],
            [
                "a training type as inference type",
                { inferenceInstanceTypes: ["ml.trn1.2xlarge"] },
                /"TrainingPipeline\.inferenceInstanceTypes\[0\]": expected an inference instance type/,
            ],
            ["an image outside ECR", { trainingImageUri: "docker.io/library/python:3" }, /"TrainingPipeline\.trainingImageUri": expected an ECR image/],
            ["a pipeline name with spaces", { pipelineName: "churn model" }, /"TrainingPipeline\.pipelineName": expected 1 to 63 letters, digits and hyphens/],
        ];
        for (const [what, change, message] of cases) {
            it(`rejects ${what}`, () => {
                assert.throws(() => validateTrainingPipelineArgs({ ...happyArgs(), ...change }), message);
            });
        }

        it("accepts MaxWait below MaxRuntime when Spot is off (MaxWait is then unused)", () => {
            assert.doesNotThrow(() => validateTrainingPipelineArgs({ ...happyArgs(), useSpot: false, maxRuntimeSeconds: 7200, maxWaitSeconds: 3600 }));
            assert.doesNotThrow(() => validateTrainingPipelineArgs({ ...happyArgs(), useSpot: false, enableCheckpointing: false }));
        });

        it("creates nothing when the arguments are wrong", async () => {
            assert.throws(() => new TrainingPipeline("bad", { ...happyArgs(), trainingInstanceType: "ml.inf2.xlarge" }));
            await settle();
            assert.deepStrictEqual(
                mocks.resources.filter((r) => r.type.startsWith("aws:")),
                [],
            );
        });
    });
});
