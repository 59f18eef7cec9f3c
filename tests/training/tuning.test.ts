import * as assert from "assert";
import {
    HyperparameterTuningArgs,
    ParameterScaling,
    TrainingPipeline,
    TrainingPipelineArgs,
    TuningEarlyStopping,
    TuningObjectiveType,
    TuningStrategy,
    TuningWarmStartType,
    validateTrainingPipelineArgs,
} from "../../components/training";
import { mocks, parseJson, settle, statement, statements, useMocks } from "../helpers/pulumi";
import { denyingSids, RequestContext } from "../sagemaker/iamEval";

import { CUSTOM_IMAGE, LAKE_KEY, METRICS, ML_KEY, SGS, SUBNETS, tuningArgs as tuning, tuningPipelineArgs as happyArgs } from "./fixtures";

const PIPELINE = "aws:sagemaker/pipeline:Pipeline";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";

async function build(args: Partial<TrainingPipelineArgs> = {}) {
    useMocks();
    new TrainingPipeline("churn", { ...happyArgs(), ...args });
    await settle();
    return parseJson(mocks.get(PIPELINE, "churn-pipeline").inputs.pipelineDefinition);
}

function allSteps(d: any): any[] {
    return (d.Steps as any[]).flatMap((s) => (s.Type === "Condition" ? [s, ...s.Arguments.IfSteps, ...s.Arguments.ElseSteps] : [s]));
}

function step(d: any, name: string): any {
    const found = allSteps(d).find((s) => s.Name === name);
    assert.ok(found, `no step ${name}`);
    return found;
}

/**
 * The request shapes of CreateHyperParameterTuningJob (SageMaker API reference), which a pipeline `Tuning`
 * step's Arguments follow without the job name: every key the platform writes must be one of these.
 */
const TUNING_SCHEMA = {
    Arguments: ["HyperParameterTuningJobConfig", "TrainingJobDefinition", "TrainingJobDefinitions", "WarmStartConfig", "Autotune", "Tags"],
    HyperParameterTuningJobConfig: [
        "Strategy",
        "StrategyConfig",
        "HyperParameterTuningJobObjective",
        "ResourceLimits",
        "ParameterRanges",
        "RandomSeed",
        "TrainingJobEarlyStoppingType",
        "TuningJobCompletionCriteria",
    ],
    HyperParameterTrainingJobDefinition: [
        "DefinitionName",
        "TuningObjective",
        "HyperParameterRanges",
        "StaticHyperParameters",
        "AlgorithmSpecification",
        "RoleArn",
        "InputDataConfig",
        "VpcConfig",
        "OutputDataConfig",
        "ResourceConfig",
        "HyperParameterTuningResourceConfig",
        "StoppingCondition",
        "EnableNetworkIsolation",
        "EnableInterContainerTrafficEncryption",
        "EnableManagedSpotTraining",
        "CheckpointConfig",
        "RetryStrategy",
        "Environment",
    ],
    HyperParameterAlgorithmSpecification: ["TrainingImage", "TrainingInputMode", "AlgorithmName", "MetricDefinitions"],
    ResourceLimits: ["MaxNumberOfTrainingJobs", "MaxParallelTrainingJobs", "MaxRuntimeInSeconds"],
    ParameterRanges: ["ContinuousParameterRanges", "IntegerParameterRanges", "CategoricalParameterRanges", "AutoParameters"],
    Strategy: ["Bayesian", "Random", "Hyperband", "Grid"],
    ScalingType: ["Auto", "Linear", "Logarithmic", "ReverseLogarithmic"],
    EarlyStopping: ["Off", "Auto"],
};

function keysWithin(value: object, allowed: string[], where: string): void {
    for (const k of Object.keys(value)) {
        assert.ok(allowed.includes(k), `${where}.${k} is not in the CreateHyperParameterTuningJob request shape`);
    }
}

/** The condition keys SageMaker puts in the request context of CreateHyperParameterTuningJob. */
function tuningRequestContext(def: any): RequestContext {
    const ctx: RequestContext = {
        "sagemaker:VpcSubnets": def.VpcConfig.Subnets,
        "sagemaker:VpcSecurityGroupIds": def.VpcConfig.SecurityGroupIds,
        "sagemaker:InstanceTypes": [def.ResourceConfig.InstanceType],
        "sagemaker:InterContainerTrafficEncryption": def.EnableInterContainerTrafficEncryption,
        "sagemaker:OutputKmsKey": def.OutputDataConfig.KmsKeyId,
    };
    if (def.ResourceConfig.VolumeKmsKeyId !== undefined) {
        ctx["sagemaker:VolumeKmsKey"] = def.ResourceConfig.VolumeKmsKeyId;
    }
    return ctx;
}

describe("TrainingPipeline tuning mode", () => {
    it("is off by default: a Training step, no tuning permissions", async () => {
        const { tuning: _t, ...single } = happyArgs();
        const d = await build({ ...single, tuning: undefined });
        assert.deepStrictEqual(
            allSteps(d)
                .map((s) => s.Type)
                .filter((t) => t === "Training" || t === "Tuning"),
            ["Training"],
        );
        assert.deepStrictEqual(
            step(d, "Train").Arguments.AlgorithmSpecification.MetricDefinitions,
            METRICS.map((m) => ({ Name: m.name, Regex: m.regex })),
        );
        const stmts = statements(mocks.get(ROLE_POLICY, "churn-pipeline"));
        assert.ok(!stmts.some((s) => s.Sid === "RunPipelineTuningJobs"));
    });

    it("replaces the Training step with a Tuning step between preprocessing and evaluation", async () => {
        const d = await build();
        assert.deepStrictEqual(
            d.Steps.map((s: any) => [s.Name, s.Type]),
            [
                ["Preprocess", "Processing"],
                ["Tune", "Tuning"],
                ["Evaluate", "Processing"],
                ["CheckMetric", "Condition"],
            ],
        );
    });

    it("follows the CreateHyperParameterTuningJob request shape in the Tuning step", async () => {
        const d = await build({ tuning: { ...tuning(), warmStart: { parentTuningJobNames: ["churn-tune-1"] } } });
        const args = step(d, "Tune").Arguments;
        keysWithin(args, TUNING_SCHEMA.Arguments, "Arguments");
        keysWithin(args.HyperParameterTuningJobConfig, TUNING_SCHEMA.HyperParameterTuningJobConfig, "HyperParameterTuningJobConfig");
        keysWithin(args.HyperParameterTuningJobConfig.ResourceLimits, TUNING_SCHEMA.ResourceLimits, "ResourceLimits");
        keysWithin(args.HyperParameterTuningJobConfig.ParameterRanges, TUNING_SCHEMA.ParameterRanges, "ParameterRanges");
        keysWithin(args.TrainingJobDefinition, TUNING_SCHEMA.HyperParameterTrainingJobDefinition, "TrainingJobDefinition");
        keysWithin(args.TrainingJobDefinition.AlgorithmSpecification, TUNING_SCHEMA.HyperParameterAlgorithmSpecification, "AlgorithmSpecification");
        assert.ok(TUNING_SCHEMA.Strategy.includes(args.HyperParameterTuningJobConfig.Strategy));
        assert.ok(TUNING_SCHEMA.EarlyStopping.includes(args.HyperParameterTuningJobConfig.TrainingJobEarlyStoppingType));
        const ranges = args.HyperParameterTuningJobConfig.ParameterRanges;
        for (const r of [...ranges.ContinuousParameterRanges, ...ranges.IntegerParameterRanges]) {
            assert.strictEqual(typeof r.MinValue, "string", "range bounds are strings in the API");
            assert.strictEqual(typeof r.MaxValue, "string");
            assert.ok(TUNING_SCHEMA.ScalingType.includes(r.ScalingType));
        }
        for (const v of Object.values(args.TrainingJobDefinition.StaticHyperParameters)) {
            assert.strictEqual(typeof v, "string", "hyperparameter values are strings in the API");
        }
        assert.deepStrictEqual(args.WarmStartConfig, {
            ParentHyperParameterTuningJobs: [{ HyperParameterTuningJobName: "churn-tune-1" }],
            WarmStartType: "IdenticalDataAndAlgorithm",
        });
    });

    it("defines its training jobs with exactly the single training job's settings", async () => {
        for (const change of [
            {},
            { trainingInstanceType: "ml.m5.xlarge", trainingImageUri: CUSTOM_IMAGE },
            { useSpot: false },
            { trainingInstanceType: "ml.trn1.32xlarge", trainingInstanceCount: 2 },
        ]) {
            const single = step(await build({ ...change, tuning: undefined }), "Train").Arguments;
            const def = step(await build(change), "Tune").Arguments.TrainingJobDefinition;
            const { AlgorithmSpecification: singleAlgo, HyperParameters, ...singleRest } = single;
            const { AlgorithmSpecification: tunedAlgo, StaticHyperParameters, ...tunedRest } = def;
            assert.deepStrictEqual(tunedRest, singleRest, JSON.stringify(change));
            assert.deepStrictEqual(StaticHyperParameters, HyperParameters, "the fixed hyperparameters, Trainium launcher included");
            const { EnableSageMakerMetricsTimeSeries: _ts, ...singleAlgoForTuning } = singleAlgo;
            assert.deepStrictEqual(tunedAlgo, singleAlgoForTuning);
        }
    });

    it("keeps every guard-rail on the training job definition", async () => {
        const def = step(await build(), "Tune").Arguments.TrainingJobDefinition;
        assert.strictEqual(def.EnableManagedSpotTraining, true);
        assert.ok(def.StoppingCondition.MaxWaitTimeInSeconds >= def.StoppingCondition.MaxRuntimeInSeconds);
        assert.deepStrictEqual(def.CheckpointConfig, {
            S3Uri: { "Std:Join": { On: "/", Values: ["s3://lake-analytics/ml/churn/checkpoints", { Get: "Execution.PipelineExecutionId" }] } },
            LocalPath: "/opt/ml/checkpoints",
        });
        assert.strictEqual(def.ResourceConfig.InstanceType, "ml.trn1.2xlarge");
        assert.ok(!("VolumeKmsKeyId" in def.ResourceConfig), "no volume key on local-NVMe Trainium");
        assert.strictEqual(def.StaticHyperParameters.sagemaker_torch_distributed_enabled, "true");
        assert.match(def.AlgorithmSpecification.TrainingImage, /\/pytorch-training-neuronx:/);
        assert.deepStrictEqual(def.VpcConfig, { SecurityGroupIds: SGS, Subnets: SUBNETS });
        assert.strictEqual(def.EnableNetworkIsolation, true);
        assert.strictEqual(def.EnableInterContainerTrafficEncryption, true);
        assert.deepStrictEqual(def.OutputDataConfig, { S3OutputPath: "s3://lake-analytics/ml/churn/models", KmsKeyId: LAKE_KEY });

        const m5 = step(await build({ trainingInstanceType: "ml.m5.xlarge", trainingImageUri: CUSTOM_IMAGE }), "Tune").Arguments.TrainingJobDefinition;
        assert.strictEqual(m5.ResourceConfig.VolumeKmsKeyId, ML_KEY, "EBS-backed types get the ML key");
    });

    it("tunes with Bayesian search and early stopping by default, over the typed ranges", async () => {
        const config = step(await build(), "Tune").Arguments.HyperParameterTuningJobConfig;
        assert.strictEqual(config.Strategy, "Bayesian");
        assert.strictEqual(config.TrainingJobEarlyStoppingType, "Auto");
        assert.deepStrictEqual(config.HyperParameterTuningJobObjective, { Type: "Maximize", MetricName: "validation:accuracy" });
        assert.deepStrictEqual(config.ResourceLimits, { MaxNumberOfTrainingJobs: 10, MaxParallelTrainingJobs: 2 });
        const t = tuning();
        assert.deepStrictEqual(config.ParameterRanges, {
            ContinuousParameterRanges: t.continuousParameters!.map((r) => ({
                Name: r.name,
                MinValue: String(r.minValue),
                MaxValue: String(r.maxValue),
                ScalingType: r.scaling,
            })),
            IntegerParameterRanges: t.integerParameters!.map((r) => ({
                Name: r.name,
                MinValue: String(r.minValue),
                MaxValue: String(r.maxValue),
                ScalingType: "Auto",
            })),
            CategoricalParameterRanges: t.categoricalParameters!.map((r) => ({ Name: r.name, Values: r.values })),
        });
    });

    it("leaves early stopping off where the strategy does not allow it, and runs every combination on Grid", async () => {
        const hyperband = step(
            await build({
                tuning: { ...tuning(), strategy: TuningStrategy.Hyperband, objective: { metricName: "validation:loss", type: TuningObjectiveType.Minimize } },
            }),
            "Tune",
        ).Arguments.HyperParameterTuningJobConfig;
        assert.strictEqual(hyperband.Strategy, "Hyperband");
        assert.strictEqual(hyperband.TrainingJobEarlyStoppingType, "Off");
        assert.deepStrictEqual(hyperband.HyperParameterTuningJobObjective, { Type: "Minimize", MetricName: "validation:loss" });

        const categorical = [
            { name: "optimizer", values: ["adamw", "sgd"] },
            { name: "warmup", values: ["0", "100", "500"] },
        ];
        const grid = step(
            await build({ tuning: { objective: { metricName: "validation:accuracy" }, strategy: TuningStrategy.Grid, categoricalParameters: categorical } }),
            "Tune",
        ).Arguments.HyperParameterTuningJobConfig;
        assert.strictEqual(grid.TrainingJobEarlyStoppingType, "Off");
        assert.ok(!("MaxNumberOfTrainingJobs" in grid.ResourceLimits), "Grid search sizes itself");
        assert.strictEqual(grid.ResourceLimits.MaxParallelTrainingJobs, 2);

        const random = step(
            await build({
                tuning: {
                    ...tuning(),
                    strategy: TuningStrategy.Random,
                    earlyStopping: TuningEarlyStopping.Off,
                    maxNumberOfTrainingJobs: 40,
                    maxParallelTrainingJobs: 8,
                },
            }),
            "Tune",
        ).Arguments.HyperParameterTuningJobConfig;
        assert.strictEqual(random.TrainingJobEarlyStoppingType, "Off");
        assert.deepStrictEqual(random.ResourceLimits, { MaxNumberOfTrainingJobs: 40, MaxParallelTrainingJobs: 8 });
    });

    it("evaluates and registers the best training job's model", async () => {
        const d = await build();
        const best = {
            "Std:Join": {
                On: "/",
                Values: ["s3://lake-analytics/ml/churn/models", { Get: "Steps.Tune.TrainingJobSummaries[0].TrainingJobName" }, "output/model.tar.gz"],
            },
        };
        const model = step(d, "Evaluate").Arguments.ProcessingInputs.find((i: any) => i.InputName === "model");
        assert.deepStrictEqual(model.S3Input.S3Uri, best);
        assert.deepStrictEqual(step(d, "RegisterModel").Arguments.InferenceSpecification.Containers[0].ModelDataUrl, best);
        assert.ok(!JSON.stringify(d).includes("Steps.Train."), "nothing refers to a Training step that does not exist");
    });

    it("lets the pipeline role run tuning jobs under the same deny guard-rails", async () => {
        const d = await build();
        const stmts = statements(mocks.get(ROLE_POLICY, "churn-pipeline"));
        assert.deepStrictEqual(statement(stmts, "RunPipelineTuningJobs").Resource, "arn:aws:sagemaker:us-east-1:111122223333:hyper-parameter-tuning-job/*");
        const request = tuningRequestContext(step(d, "Tune").Arguments.TrainingJobDefinition);
        assert.deepStrictEqual(denyingSids(stmts, "sagemaker:CreateHyperParameterTuningJob", request), []);
        assert.deepStrictEqual(
            denyingSids(stmts, "sagemaker:CreateHyperParameterTuningJob", { ...request, "sagemaker:InterContainerTrafficEncryption": false }),
            ["DenyWithoutInterContainerEncryption"],
        );
        const { ["sagemaker:OutputKmsKey"]: _k, ...noOutputKey } = request;
        assert.deepStrictEqual(denyingSids(stmts, "sagemaker:CreateHyperParameterTuningJob", noOutputKey), ["DenyWithoutOutputKmsKey"]);
    });

    describe("validation", () => {
        const t = tuning();
        const cases: [string, Partial<HyperparameterTuningArgs>, RegExp, Partial<TrainingPipelineArgs>?][] = [
            [
                "a continuous range with min above max",
                { continuousParameters: [{ name: "learning_rate", minValue: 0.1, maxValue: 0.01 }] },
                /"TrainingPipeline\.tuning\.continuousParameters\[0\]\.minValue": expected less than maxValue \(0\.01\)/,
            ],
            [
                "an integer range with min above max",
                { integerParameters: [{ name: "epochs", minValue: 20, maxValue: 3 }] },
                /"TrainingPipeline\.tuning\.integerParameters\[0\]\.minValue": expected less than maxValue \(3\)/,
            ],
            [
                "a fractional integer bound",
                { integerParameters: [{ name: "epochs", minValue: 1.5, maxValue: 3 }] },
                /"TrainingPipeline\.tuning\.integerParameters\[0\]\.minValue": expected an integer/,
            ],
            [
                "an empty categorical list",
                { categoricalParameters: [{ name: "optimizer", values: [] }] },
                /"TrainingPipeline\.tuning\.categoricalParameters\[0\]\.values": expected 1 to 30 distinct, non-empty strings/,
            ],
            [
                "an objective metric that is not defined",
                { objective: { metricName: "validation:f1" } },
                /"TrainingPipeline\.tuning\.objective\.metricName": expected the name of one of metricDefinitions \(validation:accuracy, validation:loss\)/,
            ],
            [
                "an objective without any metric definitions",
                {},
                /"TrainingPipeline\.tuning\.objective\.metricName": expected the name of a metric in metricDefinitions, which is empty/,
                { metricDefinitions: undefined },
            ],
            [
                "more parallel jobs than jobs",
                { maxNumberOfTrainingJobs: 4, maxParallelTrainingJobs: 5 },
                /"TrainingPipeline\.tuning\.maxParallelTrainingJobs": expected at most the number of training jobs \(4\), got 5/,
            ],
            [
                "early stopping with Hyperband",
                { strategy: TuningStrategy.Hyperband, earlyStopping: TuningEarlyStopping.Auto },
                /"TrainingPipeline\.tuning\.earlyStopping": expected TuningEarlyStopping\.Off with the Hyperband strategy; SageMaker allows Auto only with Bayesian and Random/,
            ],
            [
                "Grid search over numeric ranges",
                { strategy: TuningStrategy.Grid },
                /"TrainingPipeline\.tuning\.strategy": expected .*Grid search takes only categorical ranges/,
            ],
            [
                "reverse-logarithmic scaling of integers",
                { integerParameters: [{ name: "epochs", minValue: 1, maxValue: 9, scaling: ParameterScaling.ReverseLogarithmic }] },
                /"TrainingPipeline\.tuning\.integerParameters\[0\]\.scaling": expected one of "Auto", "Linear", "Logarithmic"/,
            ],
            [
                "logarithmic scaling from 0",
                { continuousParameters: [{ name: "learning_rate", minValue: 0, maxValue: 0.1, scaling: ParameterScaling.Logarithmic }] },
                /"TrainingPipeline\.tuning\.continuousParameters\[0\]\.minValue": expected greater than 0 with Logarithmic scaling/,
            ],
            [
                "a tuned hyperparameter that is also fixed",
                { categoricalParameters: [{ name: "batch_size", values: ["16", "32"] }] },
                /"TrainingPipeline\.tuning\.categoricalParameters\[0\]\.name": expected a name not also in hyperparameters/,
            ],
            [
                "the same name in two ranges",
                { categoricalParameters: [{ name: "epochs", values: ["5"] }] },
                /"TrainingPipeline\.tuning\.categoricalParameters\[0\]\.name": expected a name no other range uses/,
            ],
            [
                "no ranges at all",
                { continuousParameters: [], integerParameters: [], categoricalParameters: [] },
                /"TrainingPipeline\.tuning\.continuousParameters": expected at least one range/,
            ],
            [
                "too many warm-start parents",
                { warmStart: { parentTuningJobNames: ["a", "b", "c", "d", "e", "f"] } },
                /"TrainingPipeline\.tuning\.warmStart\.parentTuningJobNames": expected 1 to 5 tuning job names/,
            ],
            [
                "a warm-start type that does not exist",
                { warmStart: { parentTuningJobNames: ["churn-tune-1"], type: "Identical" as TuningWarmStartType } },
                /"TrainingPipeline\.tuning\.warmStart\.type": expected one of "IdenticalDataAndAlgorithm", "TransferLearning"/,
            ],
            [
                "a strategy that does not exist",
                { strategy: "Evolutionary" as TuningStrategy },
                /"TrainingPipeline\.tuning\.strategy": expected one of "Bayesian", "Random", "Hyperband", "Grid"/,
            ],
        ];
        for (const [what, change, message, pipelineChange] of cases) {
            it(`rejects ${what}`, () => {
                assert.throws(() => validateTrainingPipelineArgs({ ...happyArgs(), ...pipelineChange, tuning: { ...t, ...change } }), message);
            });
        }

        it("rejects a metric definition without a capture group", () => {
            assert.throws(
                () => validateTrainingPipelineArgs({ ...happyArgs(), metricDefinitions: [{ name: "validation:accuracy", regex: "val_accuracy=[0-9.]+" }] }),
                /"TrainingPipeline\.metricDefinitions\[0\]\.regex": expected a regular expression of 1 to 500 characters whose first capture group is the value/,
            );
        });

        it("creates nothing when a range is wrong", async () => {
            useMocks();
            assert.throws(() => new TrainingPipeline("bad", { ...happyArgs(), tuning: { ...t, categoricalParameters: [{ name: "optimizer", values: [] }] } }));
            await settle();
            assert.deepStrictEqual(
                mocks.resources.filter((r) => r.type.startsWith("aws:")),
                [],
            );
        });
    });
});
