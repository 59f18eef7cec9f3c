/**
 * Reading a Step Functions state machine's `definition` (Amazon States
 * Language JSON) for the Task states it runs and the requests they send.
 *
 * - States nest: a `Parallel` state's `Branches[].States`, a `Map` state's
 *   `ItemProcessor.States` (or the legacy `Iterator.States`); every level is
 *   walked.
 * - A state's query language is its own `QueryLanguage`, else the top-level
 *   one, else JSONPath (nested states inherit from the top level, not from
 *   the state around them).
 * - A Task's request is `Arguments` under JSONata, where a string
 *   `"{% expr %}"` (or the whole `Arguments`) is evaluated at run time, and
 *   `Parameters` under JSONPath, where a key `"Name.$"` gives `Name` a value
 *   selected at run time.
 *
 * Rules read a request's settings through `requestSyntax`, the same
 * `Setting` shape the SageMaker rules read pipeline steps with.
 */
import { parseJsonText, probe } from "../../lib/access";
import type { ExpressionSyntax, Setting } from "../sagemaker/settings";

export const STATE_MACHINE_TYPE = "aws:sfn/stateMachine:StateMachine";

export type QueryLanguage = "JSONata" | "JSONPath";

/** One Task state, wherever it is nested. */
export interface TaskState {
    name: string;
    /** For messages: `Task "Score" (in branch #2 of Parallel "Fan")`. */
    where: string;
    /** The `Resource` ARN (anything, as written). */
    resource: unknown;
    queryLanguage: QueryLanguage;
    /** `Arguments` under JSONata, `Parameters` under JSONPath; undefined when absent. */
    request: unknown;
}

export type StateMachineRead = { state: "definition"; tasks: TaskState[] } | { state: "unreadable"; reason: string };

function isObject(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

function languageOf(v: unknown): QueryLanguage | undefined {
    return v === "JSONata" || v === "JSONPath" ? v : undefined;
}

const MAX_NESTING = 64;

function collectTasks(states: unknown, top: QueryLanguage, context: string, out: TaskState[], problems: string[], depth: number): void {
    if (!isObject(states)) {
        problems.push(`States${context} is not an object`);
        return;
    }
    if (depth > MAX_NESTING) {
        problems.push(`states are nested more than ${MAX_NESTING} deep${context}`);
        return;
    }
    for (const [name, state] of Object.entries(states)) {
        if (!isObject(state)) {
            problems.push(`state "${name}"${context} is not an object`);
            continue;
        }
        switch (state.Type) {
            case "Task": {
                const queryLanguage = languageOf(state.QueryLanguage) ?? top;
                out.push({
                    name,
                    where: `Task "${name}"${context}`,
                    resource: state.Resource,
                    queryLanguage,
                    request: queryLanguage === "JSONata" ? state.Arguments : state.Parameters,
                });
                break;
            }
            case "Parallel":
                if (Array.isArray(state.Branches)) {
                    state.Branches.forEach((branch, i) =>
                        collectTasks(
                            isObject(branch) ? branch.States : undefined,
                            top,
                            ` (in branch #${i + 1} of Parallel "${name}"${context})`,
                            out,
                            problems,
                            depth + 1,
                        ),
                    );
                }
                break;
            case "Map": {
                const processor = isObject(state.ItemProcessor) ? state.ItemProcessor : isObject(state.Iterator) ? state.Iterator : undefined;
                if (processor) {
                    collectTasks(processor.States, top, ` (in Map "${name}"${context})`, out, problems, depth + 1);
                }
                break;
            }
            default:
                break;
        }
    }
}

/**
 * The Task states of a state machine's `definition`. An unknown definition
 * (computed from outputs not known during a preview) throws the SDK's error,
 * so the engine reports it as it reports any unknown.
 */
export function readStateMachine(props: Record<string, unknown>): StateMachineRead {
    const def = probe(props, "definition");
    if (def.state === "unknown") {
        throw def.error;
    }
    if (def.state === "missing") {
        return { state: "definition", tasks: [] };
    }
    const json = parseJsonText(def.value, "definition");
    if (json.state === "invalid") {
        return { state: "unreadable", reason: json.reason };
    }
    const parsed = json.value;
    if (!isObject(parsed) || !isObject(parsed.States)) {
        return { state: "unreadable", reason: "definition has no States object" };
    }
    const tasks: TaskState[] = [];
    const problems: string[] = [];
    collectTasks(parsed.States, languageOf(parsed.QueryLanguage) ?? "JSONPath", "", tasks, problems, 0);
    if (problems.length > 0) {
        return { state: "unreadable", reason: `definition cannot be checked: ${problems.join("; ")}` };
    }
    return { state: "definition", tasks };
}

/** A Task's service integration: `arn:<partition>:states:::<service>:<action>[.sync|…]` or `…:::aws-sdk:<service>:<action>`. */
export interface Integration {
    /** The AWS SDK integration (`aws-sdk:`) rather than the optimized one. */
    sdk: boolean;
    service: string;
    /** The API action in camelCase, e.g. `createTransformJob`. */
    action: string;
}

const INTEGRATION = /^arn:aws[a-z-]*:states:::(aws-sdk:)?([a-z0-9-]+):([A-Za-z0-9]+)(\.(sync(:2)?|waitForTaskToken))?$/;

/** The integration a Task's `Resource` names; undefined for anything else (an activity, a Lambda ARN). */
export function integrationOf(resource: unknown): Integration | undefined {
    if (typeof resource !== "string") {
        return undefined;
    }
    const m = INTEGRATION.exec(resource);
    return m ? { sdk: m[1] !== undefined, service: m[2], action: m[3] } : undefined;
}

/** The Tasks of `tasks` that call `service`'s `action`, through either integration. */
export function tasksCalling(tasks: readonly TaskState[], service: string, action: string): TaskState[] {
    return tasks.filter((t) => {
        const i = integrationOf(t.resource);
        return i !== undefined && i.service === service && i.action === action;
    });
}

const JSONATA = /^\{%([\s\S]*)%\}$/;

/**
 * The literal a JSONata expression's value is known to begin with: a leading
 * string literal that is the whole expression or is followed by `&`
 * (concatenation), e.g. `'s3://lake/scores/' & $jobName`.
 */
export function jsonataPrefix(body: string): string | undefined {
    const text = body.trim();
    const quote = text[0];
    if (quote !== "'" && quote !== '"') {
        return undefined;
    }
    let literal = "";
    for (let i = 1; i < text.length; i++) {
        const c = text[i];
        if (c === "\\") {
            const next = text[i + 1];
            if (next === undefined || !`"'\\/`.includes(next)) {
                return undefined; // an escape that would change the text: not worth decoding for a prefix
            }
            literal += next;
            i++;
        } else if (c === quote) {
            const rest = text.slice(i + 1).trim();
            return rest === "" || rest.startsWith("&") ? literal : undefined;
        } else {
            literal += c;
        }
    }
    return undefined;
}

/** `"{% expr %}"` as a setting; undefined for any other value. */
function jsonataExpression(v: unknown): Setting | undefined {
    if (typeof v !== "string") {
        return undefined;
    }
    const m = JSONATA.exec(v.trim());
    if (!m) {
        return undefined;
    }
    const prefix = jsonataPrefix(m[1]);
    return { kind: "expression", text: `{% ${m[1].trim()} %}`, ...(prefix !== undefined ? { prefix } : {}) };
}

/** The literal start of `States.Format('s3://bucket/{}', …)`, up to the first placeholder. */
function formatPrefix(path: string): string | undefined {
    const m = /^States\.Format\(\s*'((?:[^'\\]|\\.)*)'/.exec(path.trim());
    if (!m) {
        return undefined;
    }
    const template = m[1];
    const at = template.search(/(?<!\\)\{\}/);
    return (at < 0 ? template : template.slice(0, at)).replace(/\\(.)/g, "$1");
}

/** `"Key.$": "$.path"` as the setting of `Key`; undefined when the holder has no such key. */
function jsonPathValue(holder: Record<string, unknown>, key: string | number): Setting | undefined {
    if (typeof key !== "string") {
        return undefined;
    }
    const p = probe(holder, `${key}.$`);
    if (p.state === "unknown") {
        return { kind: "unknown", error: p.error };
    }
    if (p.state === "missing") {
        return undefined;
    }
    const text = typeof p.value === "string" ? p.value : JSON.stringify(p.value);
    const prefix = formatPrefix(text);
    return { kind: "expression", text, ...(prefix !== undefined ? { prefix } : {}) };
}

/** How a Task request in `language` writes run-time values. */
export function requestSyntax(language: QueryLanguage): ExpressionSyntax {
    return language === "JSONata" ? { value: jsonataExpression } : { value: () => undefined, sibling: jsonPathValue };
}
