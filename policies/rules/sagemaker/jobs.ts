/**
 * A SageMaker job request as the job rules read it, whatever declares it: a
 * resource's props (the SDK's camelCase), a pipeline step's `Arguments`, or
 * a state machine Task's request (API PascalCase, with run-time expressions).
 * `training.ts` and `transform.ts` find the jobs; the rules check each one
 * with `checkJobs`, which keeps one job's unknown from hiding another's
 * violation.
 */
import { probe } from "../../lib/access";
import { CheckResult, Findings, nonCompliant, notApplicable } from "../../lib/result";
import { ExpressionSyntax, expressionSetting, MISSING, propSetting, Setting } from "./settings";

/** One job request as the rules see it. */
export interface JobSpec {
    /** Where the job is declared, for messages: `pipeline step "Train" (in IfSteps of "Gate")`. */
    where: string;
    /** The setting at an API path (PascalCase, as in the Create…Job request). */
    read(...path: string[]): Setting;
    /** The setting at `itemPath` of every element of the list at `listPath`. */
    readEach(listPath: string[], itemPath: string[]): Setting[];
}

function lowerFirst(s: string): string {
    return s.length === 0 ? s : s[0].toLowerCase() + s.slice(1);
}

/** A spec over SDK props: API names map to camelCase. */
export function propsSpec(root: unknown, where: string): JobSpec {
    const toSdk = (path: string[]) => path.map(lowerFirst);
    return {
        where,
        read: (...path) => propSetting(root, toSdk(path)),
        readEach: (listPath, itemPath) => listSettings(propSetting(root, toSdk(listPath)), (item) => propSetting(item, toSdk(itemPath))),
    };
}

/** A spec over a request written in an expression syntax (a pipeline step's or a Task's; API names). */
export function requestSpec(root: unknown, where: string, syntax: ExpressionSyntax): JobSpec {
    return {
        where,
        read: (...path) => expressionSetting(root, path, syntax),
        readEach: (listPath, itemPath) => listSettings(expressionSetting(root, listPath, syntax), (item) => expressionSetting(item, itemPath, syntax)),
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

export type JobExtraction<S extends JobSpec = JobSpec> =
    | { state: "specs"; specs: S[] }
    /** Nothing to check: the rule is not applicable. */
    | { state: "none"; reason: string }
    /** The jobs cannot be checked; a violation, because unverifiable settings are not settings. */
    | { state: "unreadable"; reason: string };

/** Runs one part of a check, parking an unknown inside it (`ResourceContext.attempt`, `StackContext.attempt`). */
export type Attempt = <T>(fn: () => T, where?: string, fallback?: T) => T | undefined;

/**
 * Runs `checkJob` on every job of an extraction. Each job is checked on its
 * own: an unknown in one is parked while the others are still checked.
 * `checkJob` reports one problem at a time; each finding is prefixed with the
 * job's location.
 */
export function checkJobs<S extends JobSpec>(
    extraction: JobExtraction<S>,
    attempt: Attempt,
    checkJob: (spec: S, report: (problem: string) => void) => void,
): CheckResult {
    if (extraction.state === "none") {
        return notApplicable(extraction.reason);
    }
    if (extraction.state === "unreadable") {
        return nonCompliant(extraction.reason);
    }
    const findings = new Findings();
    for (const spec of extraction.specs) {
        attempt(() => checkJob(spec, (problem) => findings.add(`${spec.where}: ${problem}`)), spec.where);
    }
    return findings.result();
}
