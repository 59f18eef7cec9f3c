/**
 * Every SageMaker training job a stack will start, whichever way it is
 * declared, as one shape the training rules check:
 *
 * - `aws.sagemaker.TrainingJob` (props in the SDK's camelCase);
 * - each training job definition of an `aws.sagemaker.HyperParameterTuningJob`
 *   (`trainingJobDefinition`, `trainingJobDefinitions[]`), whose fields are
 *   the training job's;
 * - each `Training` step of an `aws.sagemaker.Pipeline` definition, whose
 *   `Arguments` are a CreateTrainingJob request, and each `Tuning` step's
 *   training job definitions, found also inside `Condition` steps'
 *   `IfSteps`/`ElseSteps`, however deeply nested.
 *
 * Rules read settings by their API path (`"OutputDataConfig", "KmsKeyId"`);
 * the spec maps it to the SDK's camelCase for resources.
 */
import { ResourceContext } from "../../lib/define";
import { probe } from "../../lib/access";
import { CheckResult } from "../../lib/result";
import { checkJobs, JobExtraction, JobSpec, propsSpec, requestSpec } from "./jobs";
import { PIPELINE_TYPE, readPipeline } from "./pipelines";
import { MISSING, notTrue, Setting } from "./settings";

export { PIPELINE_TYPE };
export const TRAINING_JOB_TYPE = "aws:sagemaker/trainingJob:TrainingJob";
export const TUNING_JOB_TYPE = "aws:sagemaker/hyperParameterTuningJob:HyperParameterTuningJob";

/** The resource types whose props declare training jobs. */
export const TRAINING_RESOURCE_TYPES = [TRAINING_JOB_TYPE, TUNING_JOB_TYPE, PIPELINE_TYPE];

/** One training job as the rules see it (a CreateTrainingJob request or a tuning job's training definition). */
export type TrainingSpec = JobSpec;

/**
 * The instance type settings of a job: the single-type `ResourceConfig`, its
 * heterogeneous `InstanceGroups`, and a tuning job's
 * `HyperParameterTuningResourceConfig` (one type or `InstanceConfigs`).
 */
export function trainingInstanceTypes(spec: TrainingSpec): Setting[] {
    return [
        spec.read("ResourceConfig", "InstanceType"),
        ...spec.readEach(["ResourceConfig", "InstanceGroups"], ["InstanceType"]),
        spec.read("HyperParameterTuningResourceConfig", "InstanceType"),
        ...spec.readEach(["HyperParameterTuningResourceConfig", "InstanceConfigs"], ["InstanceType"]),
    ].filter((s) => s.kind !== "missing");
}

/** The volume key setting of a job, and the field it was read from (for messages). */
export function trainingVolumeKey(spec: TrainingSpec): { setting: Setting; field: string } {
    const resource = spec.read("ResourceConfig", "VolumeKmsKeyId");
    if (resource.kind !== "missing") {
        return { setting: resource, field: "ResourceConfig.VolumeKmsKeyId" };
    }
    const tuning = spec.read("HyperParameterTuningResourceConfig", "VolumeKmsKeyId");
    if (tuning.kind !== "missing") {
        return { setting: tuning, field: "HyperParameterTuningResourceConfig.VolumeKmsKeyId" };
    }
    const field =
        spec.read("HyperParameterTuningResourceConfig").kind !== "missing"
            ? "HyperParameterTuningResourceConfig.VolumeKmsKeyId"
            : "ResourceConfig.VolumeKmsKeyId";
    return { setting: MISSING, field };
}

export type TrainingExtraction = JobExtraction<TrainingSpec>;

function isObject(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * The training jobs of a pipeline's `pipelineDefinition`: its Training steps
 * and each training job definition of its Tuning steps. An unknown definition
 * throws the SDK's error.
 */
export function pipelineTrainingSpecs(props: Record<string, unknown>): TrainingExtraction {
    const pipeline = readPipeline(props, "training steps");
    if (pipeline.state === "unreadable") {
        return pipeline;
    }
    const specs: TrainingSpec[] = [];
    const problems: string[] = [];
    for (const step of pipeline.steps) {
        const args = step.args;
        if (step.type === "Training") {
            specs.push(requestSpec(args, `pipeline step ${step.label}${step.context}`, pipeline.syntax));
        } else if (step.type === "Tuning") {
            const defs: unknown[] = [];
            if (isObject(args) && args.TrainingJobDefinition !== undefined) {
                defs.push(args.TrainingJobDefinition);
            }
            if (isObject(args) && Array.isArray(args.TrainingJobDefinitions)) {
                defs.push(...args.TrainingJobDefinitions);
            }
            if (defs.length === 0) {
                problems.push(`tuning step ${step.label}${step.context} has no TrainingJobDefinition`);
            }
            defs.forEach((d, j) =>
                specs.push(
                    requestSpec(d, `pipeline tuning step ${step.label}${step.context}${defs.length > 1 ? ` definition #${j + 1}` : ""}`, pipeline.syntax),
                ),
            );
        }
    }
    if (problems.length > 0) {
        return { state: "unreadable", reason: `pipelineDefinition cannot be checked: ${problems.join("; ")}` };
    }
    if (specs.length === 0) {
        return { state: "none", reason: "The pipeline has no Training or Tuning steps" };
    }
    return { state: "specs", specs };
}

/** The training jobs declared by a resource of one of `TRAINING_RESOURCE_TYPES`. */
export function trainingSpecs(type: string, name: string, props: Record<string, unknown>): TrainingExtraction {
    switch (type) {
        case TRAINING_JOB_TYPE:
            return { state: "specs", specs: [propsSpec(props, `training job "${name}"`)] };
        case TUNING_JOB_TYPE: {
            const specs: TrainingSpec[] = [];
            const single = probe(props, "trainingJobDefinition");
            if (single.state === "unknown") {
                throw single.error;
            }
            if (single.state === "known") {
                specs.push(propsSpec(single.value, `tuning job "${name}" trainingJobDefinition`));
            }
            const many = probe(props, "trainingJobDefinitions");
            if (many.state === "unknown") {
                throw many.error;
            }
            if (many.state === "known" && Array.isArray(many.value)) {
                for (let i = 0; i < many.value.length; i++) {
                    const d = probe(many.value, i);
                    if (d.state === "unknown") {
                        throw d.error;
                    }
                    specs.push(propsSpec(d.state === "known" ? d.value : undefined, `tuning job "${name}" trainingJobDefinitions[${i}]`));
                }
            }
            return specs.length > 0
                ? { state: "specs", specs }
                : { state: "unreadable", reason: `tuning job "${name}" has no training job definition to check` };
        }
        case PIPELINE_TYPE:
            return pipelineTrainingSpecs(props);
        default:
            return { state: "none", reason: `${type} declares no training jobs` };
    }
}

/**
 * Runs `checkJob` on every training job of the resource. Each job is checked
 * on its own: an unknown in one is parked while the others are still checked.
 * `checkJob` adds one finding per problem, prefixed with the job's location.
 */
export function checkTrainingJobs(
    props: Record<string, unknown>,
    ctx: ResourceContext<object>,
    checkJob: (spec: TrainingSpec, report: (problem: string) => void) => void,
): CheckResult {
    return checkJobs(trainingSpecs(ctx.type, ctx.name, props), ctx.attempt, checkJob);
}

/** A `checkTrainingJobs` job check: the setting at `field` (its API name) must be the literal true. */
export function requireLiteralTrue(field: string): (job: TrainingSpec, report: (problem: string) => void) => void {
    return (job, report) => {
        const problem = notTrue(job.read(field), field);
        if (problem) {
            report(problem);
        }
    };
}
