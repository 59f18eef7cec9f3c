/**
 * The training rules, on every way a training job is declared: TrainingJob,
 * HyperParameterTuningJob training definitions, and Training/Tuning steps of
 * SageMaker Pipelines definitions (including inside Condition branches).
 */
import * as assert from "assert";
import { sagemakerInstanceTypeEnforceAllowedFamilies } from "../../policies/rules/sagemaker/InstanceType/enforceAllowedFamilies";
import { sagemakerTrainingJobConfigureKmsKeys } from "../../policies/rules/sagemaker/TrainingJob/configureKmsKeys";
import { sagemakerTrainingJobConfigureVpc } from "../../policies/rules/sagemaker/TrainingJob/configureVpc";
import { sagemakerTrainingJobEnableInterContainerEncryption } from "../../policies/rules/sagemaker/TrainingJob/enableInterContainerEncryption";
import { sagemakerTrainingJobEnableManagedSpot } from "../../policies/rules/sagemaker/TrainingJob/enableManagedSpot";
import { sagemakerTrainingJobEnableNetworkIsolation } from "../../policies/rules/sagemaker/TrainingJob/enableNetworkIsolation";
import { UNKNOWN } from "./harness";
import {
    gateOf,
    KEY_ARN,
    PipelineDefinition,
    pipelineDefinition,
    pipelineProps,
    trainingArgsOf,
    trainingJobProps,
    trainingRequest,
    tuneOf,
    tuningDefinition,
    tuningJobProps,
    withValue,
    without,
} from "./sagemakerFixtures";
import { assertNotApplicable, assertOutcome, assertUnknown, assertViolations, check } from "./sagemakerTesting";
import { trainingJobRules } from "../../policies/rules/sagemaker/trainingRules";

const TRAINING_JOB = "aws:sagemaker/trainingJob:TrainingJob";
const TUNING_JOB = "aws:sagemaker/hyperParameterTuningJob:HyperParameterTuningJob";
const PIPELINE = "aws:sagemaker/pipeline:Pipeline";
const DEV = { environment: "dev" };

/** A copy of the fixture pipeline changed by `edit`. */
function editedPipeline(edit: (def: PipelineDefinition) => void): PipelineDefinition {
    const def = pipelineDefinition();
    edit(def);
    return def;
}

describe("training rules: pipeline definitions", () => {
    const policies = trainingJobRules;

    for (const policy of policies) {
        describe(policy.name, () => {
            it("passes the compliant fixture pipeline (top-level, IfSteps and ElseSteps jobs)", async () => {
                assertOutcome(await check(policy, PIPELINE, pipelineProps(), DEV), "compliant");
            });

            it("reports a definition that is not valid JSON instead of throwing", async () => {
                assertViolations(await check(policy, PIPELINE, pipelineProps('{"Version": "2020-12-01", "Steps": ['), DEV), 1, "not valid JSON");
            });

            it("reports a definition without a Steps list", async () => {
                assertViolations(await check(policy, PIPELINE, pipelineProps("null"), DEV), 1, "has no Steps list");
            });

            it("reports a definition stored in S3, which it cannot read", async () => {
                const props = withValue(without(pipelineProps(), ["pipelineDefinition"]), ["pipelineDefinitionS3Location"], {
                    bucket: "ml-pipelines",
                    objectKey: "fraud.json",
                });
                assertViolations(await check(policy, PIPELINE, props, DEV), 1, "read from S3");
            });

            it("reports a pipeline with no definition at all", async () => {
                assertViolations(await check(policy, PIPELINE, without(pipelineProps(), ["pipelineDefinition"]), DEV), 1, "no definition");
            });

            it("surfaces an unknown definition the way the SDK does", async () => {
                assertUnknown(await check(policy, PIPELINE, withValue(pipelineProps(), ["pipelineDefinition"], UNKNOWN.string), DEV), "pipelineDefinition");
            });

            it("is not applicable to a pipeline without training or tuning steps", async () => {
                const def = editedPipeline((d) => {
                    d.Steps = [
                        {
                            Name: "Prepare",
                            Type: "Processing",
                            Arguments: {
                                RoleArn: "arn:aws:iam::111122223333:role/p",
                                ProcessingResources: { ClusterConfig: { InstanceType: "ml.m5.xlarge", InstanceCount: 1, VolumeSizeInGB: 30 } },
                            },
                        },
                    ];
                });
                assertNotApplicable(await check(policy, PIPELINE, pipelineProps(def), DEV), "no Training or Tuning steps");
            });
        });
    }

    it("finds training steps in condition steps nested inside condition steps", async () => {
        const def = editedPipeline((d) => {
            const inner = trainingRequest();
            delete inner.VpcConfig;
            gateOf(d).Arguments.IfSteps.push({
                Name: "Inner",
                Type: "Condition",
                Arguments: { Conditions: [], IfSteps: [], ElseSteps: [{ Name: "Deep", Type: "Training", Arguments: inner }] },
            });
        });
        assertViolations(
            await check(sagemakerTrainingJobConfigureVpc, PIPELINE, pipelineProps(def)),
            1,
            'pipeline step "Deep" (in ElseSteps of "Inner" (in IfSteps of "Gate"))',
        );
    });

    it("checks every definition of a tuning step with TrainingJobDefinitions", async () => {
        const def = editedPipeline((d) => {
            const tune = tuneOf(d);
            const second = tune.Arguments.TrainingJobDefinition!;
            tune.Arguments.TrainingJobDefinitions = [{ ...second }, { ...second, EnableNetworkIsolation: false }];
            delete tune.Arguments.TrainingJobDefinition;
        });
        assertViolations(await check(sagemakerTrainingJobEnableNetworkIsolation, PIPELINE, pipelineProps(def)), 1, 'tuning step "Tune"', "definition #2");
    });
});

describe("aws-sagemaker-trainingjob-configure-vpc", () => {
    const policy = sagemakerTrainingJobConfigureVpc;

    it("passes a training job and a tuning job in the VPC", async () => {
        assertOutcome(await check(policy, TRAINING_JOB, trainingJobProps()), "compliant");
        assertOutcome(await check(policy, TUNING_JOB, tuningJobProps()), "compliant");
    });

    it("reports a training job without vpcConfig (missing value)", async () => {
        assertViolations(await check(policy, TRAINING_JOB, without(trainingJobProps(), ["vpcConfig"])), 1, "VpcConfig is not set");
    });

    it("reports empty subnets and security groups", async () => {
        const props = withValue(withValue(trainingJobProps(), ["vpcConfig", "subnets"], []), ["vpcConfig", "securityGroupIds"], []);
        assertViolations(await check(policy, TRAINING_JOB, props), 2, "VpcConfig.Subnets is empty", "VpcConfig.SecurityGroupIds is empty");
    });

    it("reports a tuning job definition outside the VPC", async () => {
        const props = { ...tuningJobProps(), trainingJobDefinitions: [without(tuningDefinition(), ["vpcConfig"])] };
        assertViolations(await check(policy, TUNING_JOB, props), 1, 'tuning job "HyperParameterTuningJob" trainingJobDefinitions[0]: VpcConfig is not set');
    });

    it("reports a pipeline training step in an IfSteps branch without VpcConfig", async () => {
        const def = editedPipeline((d) => delete trainingArgsOf(d, "Retrain").VpcConfig);
        assertViolations(await check(policy, PIPELINE, pipelineProps(def)), 1, 'pipeline step "Retrain" (in IfSteps of "Gate"): VpcConfig is not set');
    });

    it("accepts subnets that are unknown during a preview (computed from subnets in the stack)", async () => {
        assertOutcome(await check(policy, TRAINING_JOB, withValue(trainingJobProps(), ["vpcConfig", "subnets"], UNKNOWN.array)), "compliant");
        assertOutcome(await check(policy, TRAINING_JOB, withValue(trainingJobProps(), ["vpcConfig", "subnets", 0], UNKNOWN.string)), "compliant");
    });

    it("is not applicable to other types", async () => {
        assertNotApplicable(await check(policy, "aws:sagemaker/model:Model", trainingJobProps()), "only applies");
    });
});

describe("aws-sagemaker-trainingjob-enable-network-isolation", () => {
    const policy = sagemakerTrainingJobEnableNetworkIsolation;

    it("passes an isolated training job", async () => {
        assertOutcome(await check(policy, TRAINING_JOB, trainingJobProps()), "compliant");
    });

    it("reports isolation off and unset", async () => {
        assertViolations(
            await check(policy, TRAINING_JOB, withValue(trainingJobProps(), ["enableNetworkIsolation"], false)),
            1,
            "EnableNetworkIsolation is false",
        );
        assertViolations(await check(policy, TRAINING_JOB, without(trainingJobProps(), ["enableNetworkIsolation"])), 1, "EnableNetworkIsolation is not set");
    });

    it("reports isolation taken from a pipeline parameter, which an execution can override", async () => {
        const def = editedPipeline((d) => {
            d.Parameters.push({ Name: "Isolate", Type: "Boolean", DefaultValue: true });
            tuneOf(d).Arguments.TrainingJobDefinition!.EnableNetworkIsolation = { Get: "Parameters.Isolate" };
        });
        assertViolations(
            await check(policy, PIPELINE, pipelineProps(def)),
            1,
            'pipeline tuning step "Tune" (in ElseSteps of "Gate")',
            'pipeline parameter "Isolate"',
        );
    });

    it("surfaces an unknown flag as the SDK does", async () => {
        assertUnknown(await check(policy, TRAINING_JOB, withValue(trainingJobProps(), ["enableNetworkIsolation"], UNKNOWN.boolean)), "enableNetworkIsolation");
    });

    it("still reports the other job of a tuning job when one job's flag is unknown", async () => {
        const props = {
            ...tuningJobProps(),
            trainingJobDefinitions: [
                withValue(tuningDefinition(), ["enableNetworkIsolation"], UNKNOWN.boolean),
                withValue(tuningDefinition(), ["enableNetworkIsolation"], false),
            ],
        };
        const r = await check(policy, TUNING_JOB, props);
        assertViolations(r, 1, "trainingJobDefinitions[1]: EnableNetworkIsolation is false");
        // The unknown one is still surfaced, after the violation, as the SDK's advisory diagnostic.
        assert.strictEqual(r.previewDiagnostics.length, 1);
        assert.ok(r.previewDiagnostics[0].includes("enableNetworkIsolation"), r.previewDiagnostics[0]);
    });
});

describe("aws-sagemaker-trainingjob-enable-inter-container-encryption", () => {
    const policy = sagemakerTrainingJobEnableInterContainerEncryption;

    it("passes a job with inter-container encryption", async () => {
        assertOutcome(await check(policy, TRAINING_JOB, trainingJobProps()), "compliant");
        assertOutcome(await check(policy, TUNING_JOB, tuningJobProps()), "compliant");
    });

    it("reports it off, unset, and computed at run time in a pipeline", async () => {
        assertViolations(await check(policy, TRAINING_JOB, withValue(trainingJobProps(), ["enableInterContainerTrafficEncryption"], false)), 1, "is false");
        assertViolations(await check(policy, TRAINING_JOB, without(trainingJobProps(), ["enableInterContainerTrafficEncryption"])), 1, "is not set");
        const def = editedPipeline((d) => {
            trainingArgsOf(d, "Train").EnableInterContainerTrafficEncryption = { Get: "Steps.Prepare.ProcessingOutputConfig.Outputs['flag'].S3Output.S3Uri" };
        });
        assertViolations(await check(policy, PIPELINE, pipelineProps(def)), 1, 'pipeline step "Train"', "computed at run time");
    });

    it("surfaces an unknown flag as the SDK does", async () => {
        assertUnknown(
            await check(policy, TRAINING_JOB, withValue(trainingJobProps(), ["enableInterContainerTrafficEncryption"], UNKNOWN.boolean)),
            "enableInterContainerTrafficEncryption",
        );
    });
});

describe("aws-sagemaker-trainingjob-configure-kms-keys", () => {
    const policy = sagemakerTrainingJobConfigureKmsKeys;

    it("passes an EBS-backed job with both keys and a local-NVMe job with only the output key", async () => {
        assertOutcome(await check(policy, TRAINING_JOB, trainingJobProps("ml.m5.xlarge")), "compliant");
        const trainium = without(trainingJobProps("ml.trn1.32xlarge"), ["resourceConfig", "volumeKmsKeyId"]);
        assertOutcome(await check(policy, TRAINING_JOB, trainium), "compliant");
        assertOutcome(await check(policy, TUNING_JOB, tuningJobProps()), "compliant");
    });

    it("reports a volume key on a local-NVMe instance type, which SageMaker rejects", async () => {
        for (const type of ["ml.trn1.2xlarge", "ml.p4d.24xlarge", "ml.g5.12xlarge"]) {
            assertViolations(await check(policy, TRAINING_JOB, trainingJobProps(type)), 1, `${type} has local NVMe storage`);
        }
    });

    it("reports a missing volume key on an EBS-backed type, and a missing output key", async () => {
        assertViolations(
            await check(policy, TRAINING_JOB, without(trainingJobProps(), ["resourceConfig", "volumeKmsKeyId"])),
            1,
            "ResourceConfig.VolumeKmsKeyId is not set",
        );
        assertViolations(
            await check(policy, TRAINING_JOB, without(trainingJobProps(), ["outputDataConfig", "kmsKeyId"])),
            1,
            "OutputDataConfig.KmsKeyId is not set",
        );
    });

    it("forbids the volume key when any instance group is local NVMe", async () => {
        const props = withValue(
            without(trainingJobProps(), ["resourceConfig", "instanceType"]),
            ["resourceConfig", "instanceGroups"],
            [
                { instanceGroupName: "cpu", instanceType: "ml.m5.xlarge", instanceCount: 1 },
                { instanceGroupName: "gpu", instanceType: "ml.p4d.24xlarge", instanceCount: 1 },
            ],
        );
        assertViolations(await check(policy, TRAINING_JOB, props), 1, "ml.p4d.24xlarge has local NVMe storage");
    });

    it("decides on a parameter's default instance type in a pipeline", async () => {
        const nvmeDefault = editedPipeline((d) => {
            d.Parameters.find((p) => p.Name === "TrainingInstance")!.DefaultValue = "ml.g5.2xlarge";
        });
        assertViolations(
            await check(policy, PIPELINE, pipelineProps(nvmeDefault)),
            1,
            'pipeline step "Train": ResourceConfig.VolumeKmsKeyId is set, but ml.g5.2xlarge',
        );
    });

    it("reports an instance type it cannot resolve, and a key parameter without a default", async () => {
        const joined = editedPipeline((d) => {
            trainingArgsOf(d, "Train").ResourceConfig.InstanceType = { "Std:Join": { On: ".", Values: ["ml", "m5", "xlarge"] } };
        });
        assertViolations(await check(policy, PIPELINE, pipelineProps(joined)), 1, "cannot be decided");
        const keyParam = editedPipeline((d) => {
            d.Parameters.push({ Name: "OutputKey", Type: "String" });
            trainingArgsOf(d, "Retrain").OutputDataConfig.KmsKeyId = { Get: "Parameters.OutputKey" };
        });
        assertViolations(
            await check(policy, PIPELINE, pipelineProps(keyParam)),
            1,
            'pipeline step "Retrain"',
            'pipeline parameter "OutputKey" without a default',
        );
    });

    it("reports the tuning job's volume key on a local-NVMe tuning resource config", async () => {
        const def = editedPipeline((d) => {
            tuneOf(d).Arguments.TrainingJobDefinition!.HyperParameterTuningResourceConfig!.VolumeKmsKeyId = KEY_ARN;
        });
        assertViolations(await check(policy, PIPELINE, pipelineProps(def)), 1, "HyperParameterTuningResourceConfig.VolumeKmsKeyId is set, but ml.trn1.2xlarge");
    });

    it("counts an unknown key as set (a key ARN from the stack), on both sides of the rule", async () => {
        assertOutcome(await check(policy, TRAINING_JOB, withValue(trainingJobProps(), ["outputDataConfig", "kmsKeyId"], UNKNOWN.string)), "compliant");
        assertViolations(
            await check(policy, TRAINING_JOB, withValue(trainingJobProps("ml.trn1.2xlarge"), ["resourceConfig", "volumeKmsKeyId"], UNKNOWN.string)),
            1,
            "has local NVMe storage",
        );
    });

    it("surfaces an unknown instance type as the SDK does (the key requirement depends on it)", async () => {
        assertUnknown(await check(policy, TRAINING_JOB, withValue(trainingJobProps(), ["resourceConfig", "instanceType"], UNKNOWN.string)), "instanceType");
    });
});

describe("aws-sagemaker-trainingjob-enable-managed-spot", () => {
    const policy = sagemakerTrainingJobEnableManagedSpot;

    it("passes a dev job on Spot with a checkpoint and enough wait time", async () => {
        assertOutcome(await check(policy, TRAINING_JOB, trainingJobProps(), DEV), "compliant");
        assertOutcome(await check(policy, TUNING_JOB, tuningJobProps(), { environment: "staging" }), "compliant");
    });

    it("does not apply in prod, the default environment", async () => {
        assertNotApplicable(await check(policy, TRAINING_JOB, without(trainingJobProps(), ["enableManagedSpotTraining"])), "only outside prod");
        assertNotApplicable(await check(policy, TRAINING_JOB, trainingJobProps(), { environment: "prod" }), "only outside prod");
    });

    it("reports on-demand training, a missing checkpoint and a short wait", async () => {
        assertViolations(
            await check(policy, TRAINING_JOB, withValue(trainingJobProps(), ["enableManagedSpotTraining"], false), DEV),
            1,
            "EnableManagedSpotTraining is false",
        );
        assertViolations(await check(policy, TRAINING_JOB, without(trainingJobProps(), ["checkpointConfig"]), DEV), 1, "CheckpointConfig.S3Uri is not set");
        assertViolations(
            await check(policy, TRAINING_JOB, withValue(trainingJobProps(), ["stoppingCondition", "maxWaitTimeInSeconds"], 1800), DEV),
            1,
            "MaxWaitTimeInSeconds (1800) is less than MaxRuntimeInSeconds (3600)",
        );
    });

    it("compares against SageMaker's one-day default when MaxRuntimeInSeconds is missing", async () => {
        const props = without(trainingJobProps(), ["stoppingCondition", "maxRuntimeInSeconds"]);
        assertViolations(await check(policy, TRAINING_JOB, props, DEV), 1, "(7200) is less than MaxRuntimeInSeconds (86400)");
        assertViolations(
            await check(policy, TRAINING_JOB, without(trainingJobProps(), ["stoppingCondition", "maxWaitTimeInSeconds"]), DEV),
            1,
            "MaxWaitTimeInSeconds is not set",
        );
    });

    it("resolves a wait time given by a pipeline parameter's default", async () => {
        const def = editedPipeline((d) => {
            d.Parameters.push({ Name: "MaxWait", Type: "Integer", DefaultValue: 600 });
            trainingArgsOf(d, "Train").StoppingCondition.MaxWaitTimeInSeconds = { Get: "Parameters.MaxWait" };
        });
        assertViolations(await check(policy, PIPELINE, pipelineProps(def), DEV), 1, 'pipeline step "Train": StoppingCondition.MaxWaitTimeInSeconds (600)');
    });

    it("surfaces an unknown wait time as the SDK does", async () => {
        assertUnknown(
            await check(policy, TRAINING_JOB, withValue(trainingJobProps(), ["stoppingCondition", "maxWaitTimeInSeconds"], UNKNOWN.number), DEV),
            "maxWaitTimeInSeconds",
        );
    });
});

describe("aws-sagemaker-instancetype-enforce-allowed-families (training)", () => {
    const policy = sagemakerInstanceTypeEnforceAllowedFamilies;

    it("passes allow-listed training types", async () => {
        assertOutcome(await check(policy, TRAINING_JOB, trainingJobProps("ml.trn1.32xlarge")), "compliant");
        assertOutcome(await check(policy, TUNING_JOB, tuningJobProps()), "compliant");
    });

    it("reports a family off the list, naming the allowed families in preference order", async () => {
        assertViolations(
            await check(policy, TRAINING_JOB, trainingJobProps("ml.p3.2xlarge")),
            1,
            "family p3) is not on the training allow-list (trn1, trn1n, trn2",
        );
    });

    it("follows the configured list", async () => {
        assertViolations(await check(policy, TRAINING_JOB, trainingJobProps("ml.m5.xlarge"), { trainingFamilies: ["trn1", "trn2"] }), 1, "(trn1, trn2)");
    });

    it("checks a pipeline parameter's default instance type", async () => {
        const def = editedPipeline((d) => {
            d.Parameters.find((p) => p.Name === "TrainingInstance")!.DefaultValue = "ml.p3.8xlarge";
        });
        assertViolations(await check(policy, PIPELINE, pipelineProps(def)), 1, 'pipeline step "Train": instance type ml.p3.8xlarge');
    });

    it("reports a malformed type", async () => {
        assertViolations(await check(policy, TRAINING_JOB, trainingJobProps("local")), 1, "not of the form ml.<family>.<size>");
    });

    it("surfaces an unknown instance type as the SDK does", async () => {
        assertUnknown(await check(policy, TRAINING_JOB, withValue(trainingJobProps(), ["resourceConfig", "instanceType"], UNKNOWN.string)), "instanceType");
    });
});
