/**
 * The training rules on the pipeline TrainingPipeline really synthesizes in tuning mode: the compliant output
 * passes every rule, and breaking one guard-rail of its tuning step's training job definition fails exactly
 * the rule that enforces it.
 */
import * as assert from "assert";
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { TrainingPipeline, TrainingPipelineArgs } from "../../components/training";
import { sagemakerInstanceTypeEnforceAllowedFamilies } from "../../policies/rules/sagemaker/InstanceType/enforceAllowedFamilies";
import { sagemakerTrainingJobConfigureKmsKeys } from "../../policies/rules/sagemaker/TrainingJob/configureKmsKeys";
import { sagemakerTrainingJobConfigureVpc } from "../../policies/rules/sagemaker/TrainingJob/configureVpc";
import { sagemakerTrainingJobEnableInterContainerEncryption } from "../../policies/rules/sagemaker/TrainingJob/enableInterContainerEncryption";
import { sagemakerTrainingJobEnableManagedSpot } from "../../policies/rules/sagemaker/TrainingJob/enableManagedSpot";
import { sagemakerTrainingJobEnableNetworkIsolation } from "../../policies/rules/sagemaker/TrainingJob/enableNetworkIsolation";
import { mocks, settle, useMocks } from "../helpers/pulumi";
import { CUSTOM_IMAGE, tuningPipelineArgs } from "../training/fixtures";
import { assertOutcome, assertViolations, check } from "./sagemakerTesting";
import { trainingJobRules } from "../../policies/rules/sagemaker/trainingRules";

const PIPELINE = "aws:sagemaker/pipeline:Pipeline";
const DEV = { environment: "dev" };
const RULES = trainingJobRules;
const TUNE = 'pipeline tuning step "Tune"';

/** The props of the pipeline resource the component registers, synthesized under mocks. */
async function synthesized(args: Partial<TrainingPipelineArgs> = {}): Promise<Record<string, unknown>> {
    useMocks();
    new TrainingPipeline("churn", { ...tuningPipelineArgs(), ...args });
    await settle();
    return { ...mocks.get(PIPELINE, "churn-pipeline").inputs };
}

/** The props with the tuning step's training job definition changed by `edit`. */
function editDefinition(props: Record<string, unknown>, edit: (definition: any) => void): Record<string, unknown> {
    const def = JSON.parse(props.pipelineDefinition as string);
    const tune = def.Steps.find((s: any) => s.Type === "Tuning");
    assert.ok(tune, "the synthesized pipeline has a Tuning step");
    edit(tune.Arguments.TrainingJobDefinition);
    return { ...props, pipelineDefinition: JSON.stringify(def) };
}

/** Runs every rule and returns the names of those that did not pass. */
async function failing(props: Record<string, unknown>): Promise<string[]> {
    const out: string[] = [];
    for (const rule of RULES) {
        const result = await check(rule, PIPELINE, props, DEV);
        if (result.outcome !== "compliant") {
            out.push(rule.name);
        }
    }
    return out;
}

describe("training rules on TrainingPipeline's tuning pipeline", function () {
    this.timeout(60_000);

    let trainium: Record<string, unknown>;
    let ebs: Record<string, unknown>;
    before(async () => {
        trainium = await synthesized();
        ebs = await synthesized({ trainingInstanceType: "ml.m5.xlarge", trainingImageUri: CUSTOM_IMAGE });
    });

    for (const rule of RULES) {
        it(`${rule.name} passes the synthesized tuning pipeline, on Trainium and on an EBS-backed type`, async () => {
            assertOutcome(await check(rule, PIPELINE, trainium, DEV), "compliant");
            assertOutcome(await check(rule, PIPELINE, ebs, DEV), "compliant");
        });
    }

    const cases: [string, () => Record<string, unknown>, ResourceValidationPolicy, string][] = [
        [
            "Spot turned off",
            () => editDefinition(trainium, (d) => (d.EnableManagedSpotTraining = false)),
            sagemakerTrainingJobEnableManagedSpot,
            "EnableManagedSpotTraining is false",
        ],
        [
            "MaxWait below MaxRuntime",
            () => editDefinition(trainium, (d) => (d.StoppingCondition.MaxWaitTimeInSeconds = d.StoppingCondition.MaxRuntimeInSeconds - 1)),
            sagemakerTrainingJobEnableManagedSpot,
            "is less than MaxRuntimeInSeconds",
        ],
        [
            "no checkpoints",
            () => editDefinition(trainium, (d) => delete d.CheckpointConfig),
            sagemakerTrainingJobEnableManagedSpot,
            "CheckpointConfig.S3Uri is not set",
        ],
        [
            "a volume key on local-NVMe Trainium",
            () => editDefinition(trainium, (d) => (d.ResourceConfig.VolumeKmsKeyId = d.OutputDataConfig.KmsKeyId)),
            sagemakerTrainingJobConfigureKmsKeys,
            "has local NVMe storage",
        ],
        [
            "no volume key on an EBS-backed type",
            () => editDefinition(ebs, (d) => delete d.ResourceConfig.VolumeKmsKeyId),
            sagemakerTrainingJobConfigureKmsKeys,
            "ResourceConfig.VolumeKmsKeyId is not set",
        ],
        [
            "no output key",
            () => editDefinition(trainium, (d) => delete d.OutputDataConfig.KmsKeyId),
            sagemakerTrainingJobConfigureKmsKeys,
            "OutputDataConfig.KmsKeyId is not set",
        ],
        ["no VPC", () => editDefinition(trainium, (d) => delete d.VpcConfig), sagemakerTrainingJobConfigureVpc, "VpcConfig is not set"],
        ["no subnets", () => editDefinition(trainium, (d) => (d.VpcConfig.Subnets = [])), sagemakerTrainingJobConfigureVpc, "VpcConfig.Subnets is empty"],
        [
            "network isolation off",
            () => editDefinition(trainium, (d) => (d.EnableNetworkIsolation = false)),
            sagemakerTrainingJobEnableNetworkIsolation,
            "EnableNetworkIsolation is false",
        ],
        [
            "inter-container encryption off",
            () => editDefinition(trainium, (d) => delete d.EnableInterContainerTrafficEncryption),
            sagemakerTrainingJobEnableInterContainerEncryption,
            "EnableInterContainerTrafficEncryption is not set",
        ],
        [
            "an EBS-backed instance type off the training allow-list",
            () => editDefinition(ebs, (d) => (d.ResourceConfig.InstanceType = "ml.r5.xlarge")),
            sagemakerInstanceTypeEnforceAllowedFamilies,
            "is not on the training allow-list",
        ],
    ];
    for (const [what, props, rule, fragment] of cases) {
        it(`fails only ${rule.name} on ${what} in the tuning step`, async () => {
            const broken = props();
            assertViolations(await check(rule, PIPELINE, broken, DEV), 1, TUNE, fragment);
            assert.deepStrictEqual(await failing(broken), [rule.name]);
        });
    }
});
