/**
 * The batch transform rules, on every way a transform job is declared: CreateTransformJob Tasks
 * of Step Functions state machines (JSONata and JSONPath, optimized and SDK integrations, nested
 * in Parallel and Map states) and Transform steps of SageMaker pipelines (including inside
 * Condition branches).
 */
import * as assert from "assert";
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { sagemakerTransformJobConfigureOutputKmsKey } from "../../policies/rules/sagemaker/TransformJob/configureOutputKmsKey";
import { sagemakerTransformJobConfigureVolumeKmsKey } from "../../policies/rules/sagemaker/TransformJob/configureVolumeKmsKey";
import { sagemakerTransformJobEnforceAllowedFamilies } from "../../policies/rules/sagemaker/TransformJob/enforceAllowedFamilies";
import { sagemakerTransformJobEnforceLakeOutputLocation } from "../../policies/rules/sagemaker/TransformJob/enforceLakeOutputLocation";
import { sagemakerTransformJobEnforceVpcIsolatedModel } from "../../policies/rules/sagemaker/TransformJob/enforceVpcIsolatedModel";
import { transformJobRules } from "../../policies/rules/sagemaker/transformRules";
import { jsonataPrefix } from "../../policies/rules/sfn/definition";
import { PolicyConfigEntry, run, RunResult, TestResource, UNKNOWN, urnOf } from "./harness";
import {
    AslDefinition,
    AslState,
    batchInferenceDefinition,
    jsonPathBatchDefinition,
    KEY_ARN,
    LAKE_ANALYTICS_BUCKET,
    LAKE_PROCESSED_BUCKET,
    modelProps,
    pipelineDefinition,
    pipelineProps,
    SAGEMAKER_TASK,
    stateMachineProps,
    transformArguments,
    transformPipelineDefinition,
} from "./sagemakerFixtures";
import { assertNotApplicable, assertOutcome, assertUnknown, assertViolations } from "./sagemakerTesting";

const STATE_MACHINE = "aws:sfn/stateMachine:StateMachine";
const PIPELINE = "aws:sagemaker/pipeline:Pipeline";
const BUCKET = "aws:s3/bucket:Bucket";
const MODEL = "aws:sagemaker/model:Model";

type Policy = ResourceValidationPolicy | StackValidationPolicy;
type PipelineJson = Record<string, any>;

const outputKms = sagemakerTransformJobConfigureOutputKmsKey;
const volumeKms = sagemakerTransformJobConfigureVolumeKmsKey;
const isolatedModel = sagemakerTransformJobEnforceVpcIsolatedModel;
const families = sagemakerTransformJobEnforceAllowedFamilies;
const lakeOutput = sagemakerTransformJobEnforceLakeOutputLocation;

function machine(definition: AslDefinition | string = batchInferenceDefinition(), name = "batch"): TestResource {
    return { type: STATE_MACHINE, name, props: stateMachineProps(definition) };
}

function pipeline(definition: PipelineJson | string = transformPipelineDefinition(), name = "scoring"): TestResource {
    return { type: PIPELINE, name, props: pipelineProps(typeof definition === "string" ? definition : JSON.stringify(definition)) };
}

function bucket(name: string, physical: string, layer?: string): TestResource {
    return { type: BUCKET, name, props: { bucket: physical, arn: `arn:aws:s3:::${physical}`, tags: layer === undefined ? {} : { "lake-layer": layer } } };
}

/** The data lake's layer buckets and a scratch bucket that is not a layer. */
function lake(): TestResource[] {
    return [
        bucket("analytics", LAKE_ANALYTICS_BUCKET, "analytics"),
        bucket("processed", LAKE_PROCESSED_BUCKET, "processed"),
        bucket("scratch", "ml-scratch-0a1b"),
    ];
}

/** Runs a rule (resource or stack) over the resources and the data lake's buckets, as the engine would. */
function analyze(policy: Policy, resources: TestResource[], config?: PolicyConfigEntry): Promise<RunResult> {
    return run(policy, [...resources, ...lake()], config === undefined ? {} : { config });
}

/** A copy of the batch inference state machine changed by `edit`. */
function editedMachine(edit: (def: AslDefinition) => void, base: () => AslDefinition = batchInferenceDefinition): AslDefinition {
    const def = base();
    edit(def);
    return def;
}

/** A copy of the scoring pipeline changed by `edit`. */
function editedPipeline(edit: (def: PipelineJson) => void): PipelineJson {
    const def = transformPipelineDefinition();
    edit(def);
    return def;
}

/** The Arguments (JSONata) or Parameters (JSONPath) of a state. */
function requestOf(def: AslDefinition, state: string): Record<string, any> {
    const s = def.States[state];
    return (s.Arguments ?? s.Parameters) as Record<string, any>;
}

/** The Arguments of a pipeline step, top level or in the condition's branches. */
function stepArgs(def: PipelineJson, name: string): Record<string, any> {
    const all = [...def.Steps, ...def.Steps.flatMap((s: PipelineJson) => (s.Type === "Condition" ? [...s.Arguments.IfSteps, ...s.Arguments.ElseSteps] : []))];
    const step = all.find((s: PipelineJson) => s.Name === name);
    assert.ok(step, `no step ${name}`);
    return step.Arguments;
}

/** The batch inference workflow nested: a Parallel branch holds a Map whose processor runs the transform. */
function nestedDefinition(processor: "ItemProcessor" | "Iterator" = "ItemProcessor"): AslDefinition {
    const flat = batchInferenceDefinition();
    const inner = { StartAt: "Transform", States: { Transform: flat.States.Transform } };
    const map: AslState = {
        Type: "Map",
        Items: "{% $shards %}",
        End: true,
        [processor]: processor === "ItemProcessor" ? { ProcessorConfig: { Mode: "INLINE" }, ...inner } : inner,
    };
    return {
        QueryLanguage: "JSONata",
        StartAt: "CreateModel",
        States: {
            CreateModel: { ...flat.States.CreateModel, Next: "Fan" },
            Fan: {
                Type: "Parallel",
                End: true,
                Branches: [
                    { StartAt: "Wait", States: { Wait: { Type: "Pass", End: true } } },
                    { StartAt: "Shards", States: { Shards: map } },
                ],
            },
        },
    };
}

describe("transform rules: where transform jobs are found", () => {
    for (const policy of transformJobRules) {
        describe(policy.name, () => {
            it("passes the batch inference component's JSONata state machine", async () => {
                assertOutcome(await analyze(policy, [machine()]), "compliant");
            });

            it("passes the same workflow written in JSONPath", async () => {
                assertOutcome(await analyze(policy, [machine(jsonPathBatchDefinition())]), "compliant");
            });

            it("passes the scoring pipeline (top-level, IfSteps and ElseSteps jobs)", async () => {
                assertOutcome(await analyze(policy, [pipeline()]), "compliant");
            });

            it("passes jobs nested in a Parallel branch's Map (ItemProcessor and legacy Iterator)", async () => {
                assertOutcome(await analyze(policy, [machine(nestedDefinition())]), "compliant");
                assertOutcome(await analyze(policy, [machine(nestedDefinition("Iterator"))]), "compliant");
            });

            it("is not applicable to a state machine or a pipeline that starts no transform job", async () => {
                const other = machine({ StartAt: "Done", States: { Done: { Type: "Succeed" } } });
                assertNotApplicable(await run(policy, [other, pipeline(pipelineDefinition())]), "transform");
            });

            it("surfaces an unknown state machine or pipeline definition the way the SDK does", async () => {
                const unknownMachine = { ...machine(), props: { ...stateMachineProps(), definition: UNKNOWN.string } };
                assertUnknown(await analyze(policy, [unknownMachine]), "definition");
                const unknownPipeline = { ...pipeline(), props: { ...pipelineProps(), pipelineDefinition: UNKNOWN.string } };
                assertUnknown(await analyze(policy, [unknownPipeline]), "pipelineDefinition");
            });

            it("reports a definition that is not valid JSON instead of throwing", async () => {
                assertViolations(await analyze(policy, [machine('{"StartAt": "A", "States": {')]), 1, "definition is not valid JSON");
                assertViolations(await analyze(policy, [pipeline('{"Steps": [')]), 1, "pipelineDefinition is not valid JSON");
            });

            it("reports a violation in one resource while another's definition is unknown", async () => {
                const unknownMachine = { ...machine(), name: "pending", props: { ...stateMachineProps(), definition: UNKNOWN.string } };
                const broken = pipeline("[]");
                const r = await analyze(policy, [unknownMachine, broken]);
                assertViolations(r, 1, "no Steps list");
                assert.strictEqual(r.previewDiagnostics.length, 1, JSON.stringify(r.previewDiagnostics));
            });
        });
    }

    it("finds jobs of the SDK integration, and of a JSONata state in a JSONPath state machine", async () => {
        const sdk = editedMachine((d) => {
            d.States.Transform.Resource = SAGEMAKER_TASK.sdkCreateTransformJob;
            delete requestOf(d, "Transform").TransformOutput.KmsKeyId;
        });
        assertViolations(await analyze(outputKms, [machine(sdk)]), 1, 'Task "Transform": TransformOutput.KmsKeyId is not set');
        const mixed = editedMachine((d) => {
            delete d.QueryLanguage;
            d.States.Transform.QueryLanguage = "JSONata";
            d.States.CreateModel.QueryLanguage = "JSONata";
            requestOf(d, "Transform").TransformResources.InstanceType = "{% $instanceType %}";
        });
        assertViolations(await analyze(families, [machine(mixed)]), 1, "run-time expression {% $instanceType %}");
    });

    it("names where a nested job is: in a Map of a Parallel branch, and in a condition branch", async () => {
        const nested = nestedDefinition();
        delete (nested.States.Fan.Branches![1].States.Shards.ItemProcessor!.States.Transform.Arguments as Record<string, any>).TransformOutput.KmsKeyId;
        assertViolations(await analyze(outputKms, [machine(nested)]), 1, 'Task "Transform" (in Map "Shards" (in branch #2 of Parallel "Fan"))');
        const def = editedPipeline((d) => delete stepArgs(d, "ScoreGpu").TransformOutput.KmsKeyId);
        assertViolations(await analyze(outputKms, [pipeline(def)]), 1, 'pipeline step "ScoreGpu" (in IfSteps of "Gate")');
    });

    it("checks every job of a definition, even when one job's value is unknown", async () => {
        const def = editedMachine((d) => {
            d.States.Transform.Next = "TransformAgain";
            delete d.States.Transform.End;
            requestOf(d, "Transform").TransformResources.InstanceType = UNKNOWN.string;
            d.States.TransformAgain = { ...d.States.Transform, Next: undefined, End: true, Arguments: transformArguments() };
            requestOf(d, "TransformAgain").TransformResources.InstanceType = "ml.p4d.24xlarge";
        });
        const r = await analyze(families, [machine(def)]);
        assertViolations(r, 1, 'Task "TransformAgain": instance type ml.p4d.24xlarge (family p4d) is not on the inference allow-list');
        assert.strictEqual(r.previewDiagnostics.length, 1, JSON.stringify(r));
        assert.ok(r.previewDiagnostics[0].includes('Task "Transform"'), r.previewDiagnostics[0]);
    });

    it("reads a JSONata expression's leading string literal and nothing else as its known start", () => {
        assert.strictEqual(jsonataPrefix(" 's3://lake/scores/' & $jobName & '/' "), "s3://lake/scores/");
        assert.strictEqual(jsonataPrefix('"s3://lake/a\\"b/"'), 's3://lake/a"b/');
        assert.strictEqual(jsonataPrefix("'s3://lake/' = $x"), undefined);
        assert.strictEqual(jsonataPrefix("$path & '/'"), undefined);
        assert.strictEqual(jsonataPrefix("'unterminated"), undefined);
    });
});

describe("aws-sagemaker-transformjob-configure-output-kms-key", () => {
    it("accepts a key selected at run time (JSONata or JSONPath), or a pipeline parameter with a default", async () => {
        const jsonata = editedMachine((d) => (requestOf(d, "Transform").TransformOutput.KmsKeyId = "{% $outputKey %}"));
        assertOutcome(await analyze(outputKms, [machine(jsonata)]), "compliant");
        const jsonPath = editedMachine((d) => {
            const out = requestOf(d, "Transform").TransformOutput;
            delete out.KmsKeyId;
            out["KmsKeyId.$"] = "$.outputKey";
        }, jsonPathBatchDefinition);
        assertOutcome(await analyze(outputKms, [machine(jsonPath)]), "compliant");
        const param = editedPipeline((d) => {
            d.Parameters.push({ Name: "OutputKey", Type: "String", DefaultValue: KEY_ARN });
            stepArgs(d, "Score").TransformOutput.KmsKeyId = { Get: "Parameters.OutputKey" };
        });
        assertOutcome(await analyze(outputKms, [pipeline(param)]), "compliant");
    });

    it("reports a missing key (missing value) in every form", async () => {
        const sm = editedMachine((d) => delete requestOf(d, "Transform").TransformOutput.KmsKeyId);
        assertViolations(await analyze(outputKms, [machine(sm)]), 1, "TransformOutput.KmsKeyId is not set; the predictions must be encrypted");
        const jp = editedMachine((d) => delete requestOf(d, "Transform").TransformOutput.KmsKeyId, jsonPathBatchDefinition);
        assertViolations(await analyze(outputKms, [machine(jp)]), 1, "TransformOutput.KmsKeyId is not set");
        const pl = editedPipeline((d) => delete stepArgs(d, "ScoreInf").TransformOutput.KmsKeyId);
        assertViolations(await analyze(outputKms, [pipeline(pl)]), 1, 'pipeline step "ScoreInf" (in ElseSteps of "Gate"): TransformOutput.KmsKeyId is not set');
    });

    it("reports an empty key (violating value)", async () => {
        const sm = editedMachine((d) => (requestOf(d, "Transform").TransformOutput.KmsKeyId = ""));
        assertViolations(await analyze(outputKms, [machine(sm)]), 1, "TransformOutput.KmsKeyId is not set");
    });

    it("reports a key it cannot verify: a parameter without a default, or a whole request computed at run time", async () => {
        const param = editedPipeline((d) => {
            d.Parameters.push({ Name: "OutputKey", Type: "String" });
            stepArgs(d, "Score").TransformOutput.KmsKeyId = { Get: "Parameters.OutputKey" };
        });
        assertViolations(await analyze(outputKms, [pipeline(param)]), 1, 'pipeline parameter "OutputKey" without a default');
        const whole = editedMachine((d) => (d.States.Transform.Arguments = "{% $request %}"));
        assertViolations(await analyze(outputKms, [machine(whole)]), 1, "inside run-time expression {% $request %}, which may leave it out");
    });

    it("surfaces an unknown key as the SDK does", async () => {
        const sm = editedMachine((d) => (requestOf(d, "Transform").TransformOutput.KmsKeyId = UNKNOWN.string));
        // A key computed from a resource not yet created will be set: the rule passes it, as isSet does.
        assertOutcome(await analyze(outputKms, [machine(sm)]), "compliant");
        const unknownDef = { ...machine(), props: { ...stateMachineProps(), definition: UNKNOWN.string } };
        assertUnknown(await analyze(outputKms, [unknownDef]), "definition");
    });
});

describe("aws-sagemaker-transformjob-configure-volume-kms-key", () => {
    it("passes an EBS-backed job with the key, and a local-NVMe (ml.g5) job without it", async () => {
        assertOutcome(await analyze(volumeKms, [machine()]), "compliant");
        const g5 = editedMachine((d) => {
            requestOf(d, "Transform").TransformResources.InstanceType = "ml.g5.2xlarge";
            delete requestOf(d, "Transform").TransformResources.VolumeKmsKeyId;
        });
        assertOutcome(await analyze(volumeKms, [machine(g5)]), "compliant");
    });

    it("reports a volume key on ml.g5, which SageMaker rejects (violating value)", async () => {
        const g5 = editedMachine((d) => (requestOf(d, "Transform").TransformResources.InstanceType = "ml.g5.2xlarge"));
        assertViolations(await analyze(volumeKms, [machine(g5)]), 1, "ml.g5.2xlarge has local NVMe storage");
        const pl = editedPipeline((d) => (stepArgs(d, "ScoreGpu").TransformResources.VolumeKmsKeyId = KEY_ARN));
        assertViolations(
            await analyze(volumeKms, [pipeline(pl)]),
            1,
            'pipeline step "ScoreGpu" (in IfSteps of "Gate"): TransformResources.VolumeKmsKeyId is set',
        );
    });

    it("reports a missing volume key on an EBS-backed type (missing value)", async () => {
        const sm = editedMachine((d) => delete requestOf(d, "Transform").TransformResources.VolumeKmsKeyId);
        assertViolations(await analyze(volumeKms, [machine(sm)]), 1, "TransformResources.VolumeKmsKeyId is not set");
        const jp = editedMachine((d) => delete requestOf(d, "Transform").TransformResources.VolumeKmsKeyId, jsonPathBatchDefinition);
        assertViolations(await analyze(volumeKms, [machine(jp)]), 1, "TransformResources.VolumeKmsKeyId is not set");
    });

    it("decides on a parameter's default instance type, and reports one it cannot resolve", async () => {
        const nvmeDefault = editedPipeline((d) => {
            d.Parameters.push({ Name: "Instance", Type: "String", DefaultValue: "ml.g5.xlarge" });
            stepArgs(d, "Score").TransformResources.InstanceType = { Get: "Parameters.Instance" };
        });
        assertViolations(
            await analyze(volumeKms, [pipeline(nvmeDefault)]),
            1,
            'pipeline step "Score": TransformResources.VolumeKmsKeyId is set, but ml.g5.xlarge',
        );
        const computed = editedMachine((d) => (requestOf(d, "Transform").TransformResources.InstanceType = "{% $instanceType %}"));
        assertViolations(await analyze(volumeKms, [machine(computed)]), 1, "cannot be decided");
        const missing = editedMachine((d) => delete requestOf(d, "Transform").TransformResources.InstanceType);
        assertViolations(await analyze(volumeKms, [machine(missing)]), 1, "the instance type is not set");
    });

    it("surfaces an unknown instance type as the SDK does", async () => {
        const sm = editedMachine((d) => (requestOf(d, "Transform").TransformResources.InstanceType = UNKNOWN.string));
        assertUnknown(await analyze(volumeKms, [machine(sm)]), "InstanceType");
    });
});

describe("aws-sagemaker-transformjob-enforce-allowed-families", () => {
    it("passes inference families (inf2, g5) and a parameter whose default is one", async () => {
        assertOutcome(await analyze(families, [machine(), pipeline()]), "compliant");
    });

    it("reports a family off the allow-list, or off a narrower configured list (violating value)", async () => {
        const p4d = editedMachine((d) => (requestOf(d, "Transform").TransformResources.InstanceType = "ml.p4d.24xlarge"));
        assertViolations(await analyze(families, [machine(p4d)]), 1, "ml.p4d.24xlarge (family p4d) is not on the inference allow-list");
        assertViolations(
            await analyze(families, [pipeline()], { inferenceFamilies: ["inf2"] }),
            1,
            'pipeline step "ScoreGpu" (in IfSteps of "Gate"): instance type ml.g5.2xlarge',
        );
        const malformed = editedMachine((d) => (requestOf(d, "Transform").TransformResources.InstanceType = "inf2.xlarge"), jsonPathBatchDefinition);
        assertViolations(await analyze(families, [machine(malformed)]), 1, "not of the form ml.<family>.<size>");
    });

    it("reports a missing instance type, or one selected at run time (missing value)", async () => {
        const missing = editedMachine((d) => delete requestOf(d, "Transform").TransformResources.InstanceType);
        assertViolations(await analyze(families, [machine(missing)]), 1, "TransformResources.InstanceType is not set");
        const jsonPath = editedMachine((d) => {
            const res = requestOf(d, "Transform").TransformResources;
            delete res.InstanceType;
            res["InstanceType.$"] = "$.instanceType";
        }, jsonPathBatchDefinition);
        assertViolations(await analyze(families, [machine(jsonPath)]), 1, "run-time expression $.instanceType and cannot be checked");
    });

    it("surfaces an unknown instance type as the SDK does", async () => {
        const sm = editedMachine((d) => (requestOf(d, "Transform").TransformResources.InstanceType = UNKNOWN.string));
        assertUnknown(await analyze(families, [machine(sm)]), "InstanceType");
    });
});

describe("aws-sagemaker-transformjob-enforce-vpc-isolated-model", () => {
    const modelResource = (props: Record<string, unknown>): TestResource => ({ type: MODEL, name: "fraud-model", props });
    const literalModel = (def: () => AslDefinition = batchInferenceDefinition) =>
        editedMachine((d) => {
            delete d.States.CreateModel;
            d.StartAt = "Transform";
            const req = requestOf(d, "Transform");
            delete req["ModelName.$"];
            req.ModelName = "fraud-v3";
        }, def);

    it("passes a model created by the SDK integration, and one the stack declares", async () => {
        const sdk = editedMachine((d) => (d.States.CreateModel.Resource = SAGEMAKER_TASK.sdkCreateModel));
        assertOutcome(await analyze(isolatedModel, [machine(sdk)]), "compliant");
        assertOutcome(await analyze(isolatedModel, [machine(literalModel()), modelResource({ ...modelProps(), name: "fraud-v3" })]), "compliant");
    });

    it("reports the created model without isolation or with isolation off (violating value)", async () => {
        const off = editedMachine((d) => (requestOf(d, "CreateModel").EnableNetworkIsolation = false));
        const r = await analyze(isolatedModel, [machine(off)]);
        assertViolations(r, 1, 'Task "Transform": its model (Task "CreateModel"): EnableNetworkIsolation is false');
        assert.strictEqual(r.violations[0].urn, urnOf(STATE_MACHINE, "batch"));
        const jp = editedMachine((d) => delete requestOf(d, "CreateModel").EnableNetworkIsolation, jsonPathBatchDefinition);
        assertViolations(await analyze(isolatedModel, [machine(jp)]), 1, "EnableNetworkIsolation is not set");
        const stackModel = modelResource({ ...modelProps(), name: "fraud-v3", enableNetworkIsolation: false });
        assertViolations(
            await analyze(isolatedModel, [machine(literalModel()), stackModel]),
            1,
            'its model (aws.sagemaker.Model "fraud-model"): EnableNetworkIsolation is false',
        );
    });

    it("reports a model outside the VPC or with empty subnets or security groups (missing value)", async () => {
        const noVpc = editedMachine((d) => delete requestOf(d, "CreateModel").VpcConfig);
        assertViolations(await analyze(isolatedModel, [machine(noVpc)]), 1, "VpcConfig is not set");
        const empty = editedMachine((d) => {
            requestOf(d, "CreateModel").VpcConfig = { Subnets: [], SecurityGroupIds: [] };
        });
        assertViolations(await analyze(isolatedModel, [machine(empty)]), 2, "VpcConfig.Subnets is empty", "VpcConfig.SecurityGroupIds is empty");
        const pl = editedPipeline((d) => delete stepArgs(d, "CreateModel").VpcConfig);
        assertViolations(
            await analyze(isolatedModel, [pipeline(pl)]),
            3,
            'pipeline step "ScoreGpu" (in IfSteps of "Gate"): its model (pipeline step "CreateModel"): VpcConfig is not set',
        );
    });

    it("reports a model it cannot trace, and says how to make it traceable", async () => {
        const other = editedMachine((d) => (requestOf(d, "Transform").ModelName = "{% $otherModel %}"));
        assertViolations(
            await analyze(isolatedModel, [machine(other)]),
            1,
            "ModelName is run-time expression {% $otherModel %}",
            "create the model in the same definition",
        );
        const missing = editedMachine((d) => delete requestOf(d, "Transform").ModelName);
        assertViolations(await analyze(isolatedModel, [machine(missing)]), 1, "ModelName is not set");
        assertViolations(
            await analyze(isolatedModel, [machine(literalModel(jsonPathBatchDefinition))]),
            1,
            'model "fraud-v3" is neither created in this definition nor an aws.sagemaker.Model of the stack',
        );
        const wrongStep = editedPipeline((d) => (stepArgs(d, "Score").ModelName = { Get: "Steps.Gate.ModelName" }));
        assertViolations(await analyze(isolatedModel, [pipeline(wrongStep)]), 1, 'step "Gate", which is not a Model step');
        const param = editedPipeline((d) => {
            d.Parameters.push({ Name: "Model", Type: "String", DefaultValue: "fraud-v3" });
            stepArgs(d, "Score").ModelName = { Get: "Parameters.Model" };
        });
        assertViolations(await analyze(isolatedModel, [pipeline(param)]), 1, "any execution can override");
    });

    it("matches the model by the same expression text however it is spaced, and by the same literal", async () => {
        const spaced = editedMachine((d) => (requestOf(d, "CreateModel").ModelName = "{%$modelName%}"));
        assertOutcome(await analyze(isolatedModel, [machine(spaced)]), "compliant");
        const literal = editedMachine((d) => {
            requestOf(d, "CreateModel").ModelName = "fraud-v3";
            requestOf(d, "Transform").ModelName = "fraud-v3";
            requestOf(d, "CreateModel").EnableNetworkIsolation = "true";
        });
        assertViolations(await analyze(isolatedModel, [machine(literal)]), 1, 'EnableNetworkIsolation is "true"; it must be true');
    });

    it("surfaces an unknown name of a stack model as the SDK does, when no known name matches", async () => {
        const pending = modelResource({ ...modelProps(), name: UNKNOWN.string });
        assertUnknown(await analyze(isolatedModel, [machine(literalModel()), pending]), "name");
    });
});

describe("aws-sagemaker-transformjob-enforce-lake-output-location", () => {
    it("passes a literal path, a States.Format path and a parameter default in the lake", async () => {
        const literal = editedMachine((d) => (requestOf(d, "Transform").TransformOutput.S3OutputPath = `s3://${LAKE_PROCESSED_BUCKET}/scores`));
        assertOutcome(await analyze(lakeOutput, [machine(literal)]), "compliant");
        assertOutcome(await analyze(lakeOutput, [machine(jsonPathBatchDefinition())]), "compliant");
        const param = editedPipeline((d) => (stepArgs(d, "Score").TransformOutput.S3OutputPath = { Get: "Parameters.ScoreOutput" }));
        assertOutcome(await analyze(lakeOutput, [pipeline(param)]), "compliant");
    });

    it("reports a bucket of the stack that is not a lake layer, and one outside the stack (violating value)", async () => {
        const scratch = editedMachine((d) => (requestOf(d, "Transform").TransformOutput.S3OutputPath = "{% 's3://ml-scratch-0a1b/scores/' & $jobName %}"));
        assertViolations(
            await analyze(lakeOutput, [machine(scratch)]),
            1,
            'the output bucket ml-scratch-0a1b ("scratch") is not tagged lake-layer = raw | processed | analytics',
        );
        const elsewhere = editedPipeline((d) => (stepArgs(d, "Score").TransformOutput.S3OutputPath = "s3://someone-elses-bucket/out/"));
        assertViolations(await analyze(lakeOutput, [pipeline(elsewhere)]), 1, "someone-elses-bucket is not a bucket of this stack", LAKE_ANALYTICS_BUCKET);
    });

    it("reports a missing path (missing value)", async () => {
        const sm = editedMachine((d) => delete requestOf(d, "Transform").TransformOutput.S3OutputPath);
        assertViolations(await analyze(lakeOutput, [machine(sm)]), 1, "TransformOutput.S3OutputPath is not set");
        const jp = editedMachine((d) => delete requestOf(d, "Transform").TransformOutput["S3OutputPath.$"], jsonPathBatchDefinition);
        assertViolations(await analyze(lakeOutput, [machine(jp)]), 1, "TransformOutput.S3OutputPath is not set");
    });

    it("reports a path whose bucket cannot be told from its literal start", async () => {
        for (const path of ["{% $outputPath %}", "{% 's3://ml-lake-' & $layer & '/scores/' %}"]) {
            const sm = editedMachine((d) => (requestOf(d, "Transform").TransformOutput.S3OutputPath = path));
            assertViolations(await analyze(lakeOutput, [machine(sm)]), 1, "whose bucket cannot be told");
        }
        const join = editedPipeline((d) => {
            stepArgs(d, "Score").TransformOutput.S3OutputPath = { "Std:Join": { On: "/", Values: [{ Get: "Parameters.ScoreOutput" }, "x"] } };
        });
        assertViolations(await analyze(lakeOutput, [pipeline(join)]), 1, 'pipeline step "Score": TransformOutput.S3OutputPath is run-time expression Std:Join');
        const noDefault = editedPipeline((d) => delete d.Parameters.find((p: PipelineJson) => p.Name === "ScoreOutput").DefaultValue);
        assertViolations(await analyze(lakeOutput, [pipeline(noDefault)]), 1, 'pipeline parameter "ScoreOutput"');
    });

    it("selects the lake's buckets by the configured tag", async () => {
        const r = await analyze(lakeOutput, [machine()], { lakeLayerTagKey: "tier", lakeLayerTagValues: ["gold"] });
        assertViolations(r, 1, "is not tagged tier = gold");
    });

    it("surfaces an unknown layer bucket name or tag as the SDK does", async () => {
        const pendingName = {
            ...bucket("analytics", LAKE_ANALYTICS_BUCKET, "analytics"),
            props: { bucket: UNKNOWN.string, tags: { "lake-layer": "analytics" } },
        };
        assertUnknown(await run(lakeOutput, [machine(), pendingName]), "bucket");
        const pendingTag = { ...bucket("analytics", LAKE_ANALYTICS_BUCKET), props: { bucket: LAKE_ANALYTICS_BUCKET, tags: { "lake-layer": UNKNOWN.string } } };
        assertUnknown(await run(lakeOutput, [machine(), pendingTag]), "lake-layer");
    });
});

/** One rule's cases, applied to the request each form declares (the job's, or its model's for the model rule). */
interface RuleCases {
    policy: Policy;
    /** Whose request the cases edit. */
    target: "job" | "model";
    violate(request: Record<string, any>): void;
    violation: string;
    remove(request: Record<string, any>): void;
    missing: string;
    /** Makes a value the rule needs unknown (a sentinel inside the definition, as a parsed value carries it). */
    unknown(request: Record<string, any>): void;
    /** Whether that unknown stops the check (the SDK's advisory) or counts as set (a key computed from the stack). */
    unknownOutcome: "unknown" | "compliant";
}

/** Edits of one field of a request, in either query language (a JSONPath `Field.$` is replaced too). */
function field(...path: string[]) {
    const holder = (r: Record<string, any>) => path.slice(0, -1).reduce((o, k) => o[k], r);
    const key = path[path.length - 1];
    const remove = (r: Record<string, any>) => {
        delete holder(r)[`${key}.$`];
        delete holder(r)[key];
    };
    return {
        remove,
        set: (value: unknown) => (r: Record<string, any>) => {
            remove(r);
            holder(r)[key] = value;
        },
    };
}

const OUTPUT_KEY = field("TransformOutput", "KmsKeyId");
const OUTPUT_PATH = field("TransformOutput", "S3OutputPath");
const INSTANCE_TYPE = field("TransformResources", "InstanceType");
const VOLUME_KEY = field("TransformResources", "VolumeKmsKeyId");
const ISOLATION = field("EnableNetworkIsolation");

const RULE_CASES: RuleCases[] = [
    {
        policy: outputKms,
        target: "job",
        violate: OUTPUT_KEY.set("  "),
        violation: "TransformOutput.KmsKeyId is not set",
        remove: OUTPUT_KEY.remove,
        missing: "TransformOutput.KmsKeyId is not set",
        unknown: OUTPUT_KEY.set(UNKNOWN.string),
        unknownOutcome: "compliant",
    },
    {
        policy: volumeKms,
        target: "job",
        violate: INSTANCE_TYPE.set("ml.g5.4xlarge"),
        violation: "ml.g5.4xlarge has local NVMe storage",
        remove: VOLUME_KEY.remove,
        missing: "TransformResources.VolumeKmsKeyId is not set",
        unknown: INSTANCE_TYPE.set(UNKNOWN.string),
        unknownOutcome: "unknown",
    },
    {
        policy: isolatedModel,
        target: "model",
        violate: ISOLATION.set(false),
        violation: "EnableNetworkIsolation is false",
        remove: field("VpcConfig").remove,
        missing: "VpcConfig is not set",
        unknown: ISOLATION.set(UNKNOWN.boolean),
        unknownOutcome: "unknown",
    },
    {
        policy: families,
        target: "job",
        violate: INSTANCE_TYPE.set("ml.r5.large"),
        violation: "ml.r5.large (family r5) is not on the inference allow-list",
        remove: INSTANCE_TYPE.remove,
        missing: "TransformResources.InstanceType is not set",
        unknown: INSTANCE_TYPE.set(UNKNOWN.string),
        unknownOutcome: "unknown",
    },
    {
        policy: lakeOutput,
        target: "job",
        violate: OUTPUT_PATH.set("s3://ml-scratch-0a1b/scores/"),
        violation: "ml-scratch-0a1b",
        remove: OUTPUT_PATH.remove,
        missing: "TransformOutput.S3OutputPath is not set",
        unknown: OUTPUT_PATH.set(UNKNOWN.string),
        unknownOutcome: "unknown",
    },
];

/** Each form's resource with one edit applied to the target request (every transform job of the pipeline). */
const FORMS: { form: string; make(target: RuleCases["target"], edit: (request: Record<string, any>) => void): TestResource }[] = [
    {
        form: "JSONata state machine",
        make: (target, edit) => machine(editedMachine((d) => edit(requestOf(d, target === "job" ? "Transform" : "CreateModel")))),
    },
    {
        form: "JSONPath state machine",
        make: (target, edit) => machine(editedMachine((d) => edit(requestOf(d, target === "job" ? "Transform" : "CreateModel")), jsonPathBatchDefinition)),
    },
    {
        form: "pipeline",
        make: (target, edit) =>
            pipeline(
                editedPipeline((d) => {
                    for (const step of target === "job" ? ["Score", "ScoreGpu", "ScoreInf"] : ["CreateModel"]) {
                        edit(stepArgs(d, step));
                    }
                }),
            ),
    },
];

describe("transform rules: compliant, violating, missing and unknown values in every form", () => {
    for (const c of RULE_CASES) {
        describe(c.policy.name, () => {
            for (const { form, make } of FORMS) {
                it(`${form}: compliant as written, reports a violating and a missing value, and handles an unknown one`, async () => {
                    assertOutcome(await analyze(c.policy, [make(c.target, () => undefined)]), "compliant");
                    // The pipeline has three jobs (IfSteps, ElseSteps and top level), all sharing the one Model step.
                    const jobs = form === "pipeline" ? 3 : 1;
                    const violating = await analyze(c.policy, [make(c.target, c.violate)]);
                    assertOutcome(violating, "non-compliant");
                    assertViolations(violating, c.policy === volumeKms && form === "pipeline" ? 2 : jobs, c.violation);
                    assertViolations(await analyze(c.policy, [make(c.target, c.remove)]), c.policy === volumeKms && form === "pipeline" ? 2 : jobs, c.missing);
                    const unknown = await analyze(c.policy, [make(c.target, c.unknown)]);
                    assertOutcome(unknown, c.unknownOutcome);
                });
            }
        });
    }
});
