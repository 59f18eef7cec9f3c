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
import { CheckResult, Findings, nonCompliant, notApplicable } from "../../lib/result";
import { apiSetting, MISSING, notTrue, propSetting, Setting } from "./settings";

export const TRAINING_JOB_TYPE = "aws:sagemaker/trainingJob:TrainingJob";
export const TUNING_JOB_TYPE = "aws:sagemaker/hyperParameterTuningJob:HyperParameterTuningJob";
export const PIPELINE_TYPE = "aws:sagemaker/pipeline:Pipeline";

/** The resource types whose props declare training jobs. */
export const TRAINING_RESOURCE_TYPES = [TRAINING_JOB_TYPE, TUNING_JOB_TYPE, PIPELINE_TYPE];

/** One training job as the rules see it. */
export interface TrainingSpec {
    /** Where the job is declared, for messages: `pipeline step "Train" (in IfSteps of "Gate")`. */
    where: string;
    /** The setting at an API path (PascalCase, as in CreateTrainingJob). */
    read(...path: string[]): Setting;
    /** The setting at `itemPath` of every element of the list at `listPath`. */
    readEach(listPath: string[], itemPath: string[]): Setting[];
}

function lowerFirst(s: string): string {
    return s.length === 0 ? s : s[0].toLowerCase() + s.slice(1);
}

/** A spec over SDK props: API names map to camelCase. */
export function propsSpec(root: unknown, where: string): TrainingSpec {
    const toSdk = (path: string[]) => path.map(lowerFirst);
    return {
        where,
        read: (...path) => propSetting(root, toSdk(path)),
        readEach: (listPath, itemPath) => listSettings(propSetting(root, toSdk(listPath)), (item) => propSetting(item, toSdk(itemPath))),
    };
}

/** A spec over a pipeline step's arguments (API names, pipeline expressions allowed). */
export function apiSpec(root: unknown, where: string, parameters: ReadonlyMap<string, unknown>): TrainingSpec {
    return {
        where,
        read: (...path) => apiSetting(root, path, parameters),
        readEach: (listPath, itemPath) => listSettings(apiSetting(root, listPath, parameters), (item) => apiSetting(item, itemPath, parameters)),
    };
}

/** The settings of every element of a list setting; a list that is unknown or computed is one setting of that kind. */
function listSettings(list: Setting, item: (element: unknown) => Setting): Setting[] {
    if (list.kind !== "literal") {
        return list.kind === "missing" ? [] : [list];
    }
    if (!Array.isArray(list.value)) {
        return [item(list.value)];
    }
    const out: Setting[] = [];
    for (let i = 0; i < list.value.length; i++) {
        const p = probe(list.value, i);
        out.push(p.state === "unknown" ? { kind: "unknown", error: p.error } : p.state === "missing" ? MISSING : item(p.value));
    }
    return out;
}

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

export type TrainingExtraction =
    | { state: "specs"; specs: TrainingSpec[] }
    /** Nothing to check: the rule is not applicable. */
    | { state: "none"; reason: string }
    /** The jobs cannot be checked; a violation, because unverifiable settings are not settings. */
    | { state: "unreadable"; reason: string };

function isObject(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The parameters of a pipeline definition and their defaults. */
function pipelineParameters(definition: Record<string, unknown>): Map<string, unknown> {
    const out = new Map<string, unknown>();
    const list = definition.Parameters;
    if (!Array.isArray(list)) {
        return out;
    }
    for (const p of list) {
        if (isObject(p) && typeof p.Name === "string") {
            out.set(p.Name, p.DefaultValue);
        }
    }
    return out;
}

const MAX_NESTING = 64;

/** Walks a list of pipeline steps (and the branches of condition steps) collecting training jobs. */
function collectPipelineSteps(
    steps: unknown,
    parameters: ReadonlyMap<string, unknown>,
    context: string,
    out: TrainingSpec[],
    problems: string[],
    depth: number,
): void {
    if (!Array.isArray(steps)) {
        return;
    }
    if (depth > MAX_NESTING) {
        problems.push(`condition steps are nested more than ${MAX_NESTING} deep${context}`);
        return;
    }
    steps.forEach((step, i) => {
        if (!isObject(step)) {
            problems.push(`step #${i + 1}${context} is not an object`);
            return;
        }
        const label = typeof step.Name === "string" ? `"${step.Name}"` : `#${i + 1}`;
        const args = step.Arguments;
        switch (step.Type) {
            case "Training":
                out.push(apiSpec(args, `pipeline step ${label}${context}`, parameters));
                return;
            case "Tuning": {
                const defs: unknown[] = [];
                if (isObject(args) && args.TrainingJobDefinition !== undefined) {
                    defs.push(args.TrainingJobDefinition);
                }
                if (isObject(args) && Array.isArray(args.TrainingJobDefinitions)) {
                    defs.push(...args.TrainingJobDefinitions);
                }
                if (defs.length === 0) {
                    problems.push(`tuning step ${label}${context} has no TrainingJobDefinition`);
                }
                defs.forEach((d, j) =>
                    out.push(apiSpec(d, `pipeline tuning step ${label}${context}${defs.length > 1 ? ` definition #${j + 1}` : ""}`, parameters)),
                );
                return;
            }
            case "Condition":
                if (isObject(args)) {
                    collectPipelineSteps(args.IfSteps, parameters, ` (in IfSteps of ${label}${context})`, out, problems, depth + 1);
                    collectPipelineSteps(args.ElseSteps, parameters, ` (in ElseSteps of ${label}${context})`, out, problems, depth + 1);
                }
                return;
            default:
                return;
        }
    });
}

/**
 * The training jobs of a pipeline's `pipelineDefinition`. An unknown
 * definition (computed from outputs not known during a preview) throws the
 * SDK's error, so the engine reports it as it reports any unknown.
 */
export function pipelineTrainingSpecs(props: Record<string, unknown>): TrainingExtraction {
    const def = probe(props, "pipelineDefinition");
    if (def.state === "unknown") {
        throw def.error;
    }
    if (def.state === "missing") {
        const s3 = probe(props, "pipelineDefinitionS3Location");
        return {
            state: "unreadable",
            reason:
                s3.state === "missing"
                    ? "the pipeline has no definition to check"
                    : "the pipeline definition is read from S3 (pipelineDefinitionS3Location), so its training steps cannot be checked; pass it inline in pipelineDefinition",
        };
    }
    if (typeof def.value !== "string") {
        return { state: "unreadable", reason: "pipelineDefinition is not a JSON string" };
    }
    let parsed: unknown;
    try {
        parsed = JSON.parse(def.value);
    } catch (e) {
        return { state: "unreadable", reason: `pipelineDefinition is not valid JSON (${(e as Error).message})` };
    }
    if (!isObject(parsed) || !Array.isArray(parsed.Steps)) {
        return { state: "unreadable", reason: "pipelineDefinition has no Steps list" };
    }
    const specs: TrainingSpec[] = [];
    const problems: string[] = [];
    collectPipelineSteps(parsed.Steps, pipelineParameters(parsed), "", specs, problems, 0);
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
    const extraction = trainingSpecs(ctx.type, ctx.name, props);
    if (extraction.state === "none") {
        return notApplicable(extraction.reason);
    }
    if (extraction.state === "unreadable") {
        return nonCompliant(extraction.reason);
    }
    const findings = new Findings();
    for (const spec of extraction.specs) {
        ctx.attempt(() => checkJob(spec, (problem) => findings.add(`${spec.where}: ${problem}`)), spec.where);
    }
    return findings.result();
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
