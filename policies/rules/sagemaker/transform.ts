/**
 * Every SageMaker batch transform job a stack will start, as one shape the
 * transform rules check. @pulumi/aws has no transform job resource; the jobs
 * are requests inside two definitions:
 *
 * - a Step Functions state machine's Task states calling CreateTransformJob,
 *   through the optimized integration (`arn:<partition>:states:::sagemaker:createTransformJob`,
 *   with or without `.sync`) or the SDK one (`…:::aws-sdk:sagemaker:createTransformJob`),
 *   in any branch of a Parallel or Map state (see `sfn/definition.ts`);
 * - a SageMaker pipeline's `Transform` steps, also inside `Condition` steps'
 *   branches (see `pipelines.ts`).
 *
 * A job also says which model it runs (`ModelName`). When the definition
 * creates that model itself (a CreateModel Task, a pipeline `Model` step),
 * `model()` hands back that request, so a rule can check the model the job
 * will really use.
 */
import type { PolicyResource } from "@pulumi/policy";
import { findingFor, ResourceContext, StackContext, StackView } from "../../lib/define";
import { CheckResult, Findings, notApplicable } from "../../lib/result";
import { readStateMachine, requestSyntax, STATE_MACHINE_TYPE, tasksCalling } from "../sfn/definition";
import { Attempt, checkJobs, JobExtraction, JobSpec, requestSpec } from "./jobs";
import { PIPELINE_TYPE, readPipeline } from "./pipelines";
import { describe, Setting } from "./settings";

export { PIPELINE_TYPE, STATE_MACHINE_TYPE };

/** The resource types whose definitions start transform jobs. */
export const TRANSFORM_RESOURCE_TYPES = [STATE_MACHINE_TYPE, PIPELINE_TYPE];

/** What a job's `ModelName` leads to within its own definition. */
export type ModelTrace =
    /** Created by these requests of the same definition (CreateModel Tasks, a Model step). */
    | { state: "created"; models: JobSpec[] }
    /** A literal name the definition does not create: a model declared elsewhere, perhaps in the stack. */
    | { state: "named"; name: string }
    /** No model can be traced; `reason` says why. */
    | { state: "untraceable"; reason: string };

/** One transform job (a CreateTransformJob request) as the rules see it. */
export interface TransformJob extends JobSpec {
    /** The model the job runs, as far as its definition shows. An unknown ModelName throws the SDK's error. */
    model(): ModelTrace;
}

/** How one value of ModelName is matched with another: the same literal or the same expression text. */
function modelKey(s: Setting): string | undefined {
    if (s.kind === "unknown") {
        throw s.error;
    }
    if (s.kind === "literal" && typeof s.value === "string" && s.value !== "") {
        return `literal:${s.value}`;
    }
    return s.kind === "expression" && !s.container ? `expression:${s.text}` : undefined;
}

/** The transform jobs of a state machine's definition, with its CreateModel Tasks as their models. */
function stateMachineTransformJobs(props: Record<string, unknown>): JobExtraction<TransformJob> {
    const machine = readStateMachine(props);
    if (machine.state === "unreadable") {
        return machine;
    }
    const transforms = tasksCalling(machine.tasks, "sagemaker", "createTransformJob");
    if (transforms.length === 0) {
        return { state: "none", reason: "The state machine starts no SageMaker transform job" };
    }
    const models = tasksCalling(machine.tasks, "sagemaker", "createModel").map((t) => requestSpec(t.request, t.where, requestSyntax(t.queryLanguage)));
    const specs = transforms.map((t): TransformJob => {
        const spec = requestSpec(t.request, t.where, requestSyntax(t.queryLanguage));
        return {
            ...spec,
            model: () => {
                const name = spec.read("ModelName");
                const key = modelKey(name);
                const created = key === undefined ? [] : models.filter((m) => modelKey(m.read("ModelName")) === key);
                if (created.length > 0) {
                    return { state: "created", models: created };
                }
                if (name.kind === "literal" && typeof name.value === "string" && name.value !== "") {
                    return { state: "named", name: name.value };
                }
                return {
                    state: "untraceable",
                    reason:
                        name.kind === "missing"
                            ? "ModelName is not set"
                            : `ModelName is ${describe(name)}, and no sagemaker:createModel Task of the state machine sets its ModelName to the same value`,
                };
            },
        };
    });
    return { state: "specs", specs };
}

const STEP_MODEL_NAME = /^Steps\.([^.[\]]+)\.ModelName$/;

/** The transform jobs of a pipeline's definition, with its Model steps as their models. */
function pipelineTransformJobs(props: Record<string, unknown>): JobExtraction<TransformJob> {
    const pipeline = readPipeline(props, "transform steps");
    if (pipeline.state === "unreadable") {
        return pipeline;
    }
    const modelSteps = pipeline.steps.filter((s) => s.type === "Model");
    const modelSpec = (s: (typeof modelSteps)[number]) => requestSpec(s.args, `pipeline step ${s.label}${s.context}`, pipeline.syntax);
    const specs = pipeline.steps
        .filter((s) => s.type === "Transform")
        .map((step): TransformJob => {
            const spec = requestSpec(step.args, `pipeline step ${step.label}${step.context}`, pipeline.syntax);
            return {
                ...spec,
                model: () => {
                    const name = spec.read("ModelName");
                    if (name.kind === "unknown") {
                        throw name.error;
                    }
                    const fromStep = name.kind === "expression" ? STEP_MODEL_NAME.exec(name.text) : null;
                    if (fromStep) {
                        const created = modelSteps.filter((s) => s.name === fromStep[1]).map(modelSpec);
                        return created.length > 0
                            ? { state: "created", models: created }
                            : { state: "untraceable", reason: `ModelName comes from step "${fromStep[1]}", which is not a Model step of this pipeline` };
                    }
                    if (name.kind === "literal" && typeof name.value === "string" && name.value !== "") {
                        const key = modelKey(name);
                        const created = modelSteps.map(modelSpec).filter((m) => modelKey(m.read("ModelName")) === key);
                        return created.length > 0 ? { state: "created", models: created } : { state: "named", name: name.value };
                    }
                    return {
                        state: "untraceable",
                        reason:
                            name.kind === "missing"
                                ? "ModelName is not set"
                                : name.kind === "parameter"
                                  ? `ModelName is ${describe(name)}, which any execution can override with another model`
                                  : `ModelName is ${describe(name)}, which names no Model step of this pipeline`,
                    };
                },
            };
        });
    return specs.length > 0 ? { state: "specs", specs } : { state: "none", reason: "The pipeline has no Transform steps" };
}

/** The transform jobs declared by a resource of one of `TRANSFORM_RESOURCE_TYPES`. An unknown definition throws. */
export function transformJobs(type: string, props: Record<string, unknown>): JobExtraction<TransformJob> {
    switch (type) {
        case STATE_MACHINE_TYPE:
            return stateMachineTransformJobs(props);
        case PIPELINE_TYPE:
            return pipelineTransformJobs(props);
        default:
            return { state: "none", reason: `${type} starts no transform jobs` };
    }
}

type JobCheck = (job: TransformJob, report: (problem: string) => void) => void;

/** Runs `checkJob` on every transform job of a resource (see `checkJobs`). */
export function checkTransformJobs(props: Record<string, unknown>, ctx: ResourceContext<object>, checkJob: JobCheck): CheckResult {
    return checkJobs(transformJobs(ctx.type, props), ctx.attempt, checkJob);
}

/**
 * Runs `checkJob` on every transform job of every state machine and pipeline
 * of the stack, attaching findings to the resource that declares the job. A
 * resource whose definition is unknown is parked; the others are still
 * checked. Not applicable when no resource starts a transform job.
 */
export function checkStackTransformJobs(
    stack: StackView,
    ctx: StackContext<object>,
    checkJob: (job: TransformJob, report: (problem: string) => void, declaredBy: PolicyResource) => void,
): CheckResult {
    const findings = new Findings();
    let applicable = false;
    const attempt: Attempt = ctx.attempt;
    for (const resource of stack.ofType(...TRANSFORM_RESOURCE_TYPES)) {
        const result = attempt(
            () => checkJobs(transformJobs(resource.type, resource.props), attempt, (job, report) => checkJob(job, report, resource)),
            resource.name,
        );
        if (result?.outcome === "not-applicable") {
            continue;
        }
        applicable = true;
        if (result?.outcome === "non-compliant") {
            for (const f of result.findings) {
                findings.add(findingFor(resource, f.message));
            }
        }
    }
    return applicable ? findings.result() : notApplicable("No state machine or pipeline of the stack starts a SageMaker transform job");
}
