/**
 * Reading an `aws.sagemaker.Pipeline`'s definition: the JSON SageMaker
 * Pipelines runs, whose steps carry SageMaker API requests in `Arguments`
 * and may sit inside `Condition` steps' `IfSteps`/`ElseSteps`, however
 * deeply nested. `training.ts` and `transform.ts` pick the steps they check.
 */
import { parseJsonText, probe } from "../../lib/access";
import { ExpressionSyntax, pipelineSyntax } from "./settings";

export const PIPELINE_TYPE = "aws:sagemaker/pipeline:Pipeline";

function isObject(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** One step of a definition, wherever it is nested. */
export interface PipelineStep {
    /** The step's `Name`, when it has one. */
    name?: string;
    type: unknown;
    args: unknown;
    /** `"Train"` or `#2`, for messages. */
    label: string;
    /** Where its branch is, for messages: ` (in IfSteps of "Gate")`, or empty at the top level. */
    context: string;
}

export type PipelineRead =
    | {
          state: "definition";
          /** Every step, top-level and in condition branches, depth first. */
          steps: PipelineStep[];
          /** Parameters and their defaults. */
          parameters: Map<string, unknown>;
          /** How the definition writes run-time values. */
          syntax: ExpressionSyntax;
      }
    | { state: "unreadable"; reason: string };

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

/** Flattens a list of steps and the branches of its condition steps. */
function collectSteps(steps: unknown, context: string, out: PipelineStep[], problems: string[], depth: number): void {
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
        const name = typeof step.Name === "string" ? step.Name : undefined;
        const label = name !== undefined ? `"${name}"` : `#${i + 1}`;
        out.push({ ...(name !== undefined ? { name } : {}), type: step.Type, args: step.Arguments, label, context });
        if (step.Type === "Condition" && isObject(step.Arguments)) {
            collectSteps(step.Arguments.IfSteps, ` (in IfSteps of ${label}${context})`, out, problems, depth + 1);
            collectSteps(step.Arguments.ElseSteps, ` (in ElseSteps of ${label}${context})`, out, problems, depth + 1);
        }
    });
}

/**
 * The steps of a pipeline's `pipelineDefinition`. An unknown definition
 * (computed from outputs not known during a preview) throws the SDK's error,
 * so the engine reports it as it reports any unknown. `what` names the steps
 * the caller checks, for the message about a definition kept in S3.
 */
export function readPipeline(props: Record<string, unknown>, what: string): PipelineRead {
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
                    : `the pipeline definition is read from S3 (pipelineDefinitionS3Location), so its ${what} cannot be checked; pass it inline in pipelineDefinition`,
        };
    }
    const json = parseJsonText(def.value, "pipelineDefinition");
    if (json.state === "invalid") {
        return { state: "unreadable", reason: json.reason };
    }
    const parsed = json.value;
    if (!isObject(parsed) || !Array.isArray(parsed.Steps)) {
        return { state: "unreadable", reason: "pipelineDefinition has no Steps list" };
    }
    const steps: PipelineStep[] = [];
    const problems: string[] = [];
    collectSteps(parsed.Steps, "", steps, problems, 0);
    if (problems.length > 0) {
        return { state: "unreadable", reason: `pipelineDefinition cannot be checked: ${problems.join("; ")}` };
    }
    const parameters = pipelineParameters(parsed);
    return { state: "definition", steps, parameters, syntax: pipelineSyntax(parameters) };
}
