/**
 * One setting of a SageMaker job, read the same way whether it comes from a
 * resource's props or from a pipeline definition.
 *
 * Resource props hold plain values, or unknowns during a preview. A pipeline
 * definition (the JSON SageMaker Pipelines runs) may also hold expressions
 * that are only evaluated when the pipeline executes:
 * `{"Get": "Parameters.X"}` (a pipeline parameter, with an optional default
 * that any execution may override), `{"Get": "Steps.…"}`,
 * `{"Get": "Execution.…"}`, `{"Std:Join": …}`, `{"Std:JsonGet": …}`.
 * Rules decide per kind what such a value means for them, so the reading
 * itself never throws and never guesses.
 */
import { probe } from "../../lib/access";
import { UnknownValueErrorLike } from "../../lib/unknowns";

export type Setting =
    | { kind: "missing" }
    | { kind: "literal"; value: unknown }
    | { kind: "unknown"; error: UnknownValueErrorLike }
    /** A pipeline parameter: its default, if the definition gives one, is what runs unless an execution overrides it. */
    | { kind: "parameter"; name: string; defaultValue?: unknown }
    /**
     * Computed when the pipeline or state machine runs (step properties, execution variables, joins,
     * JSONata and JSONPath expressions). `prefix` is text the computed string is known to begin
     * with (a join's leading literal); `container` marks an expression met above the setting's
     * path, which computes the object holding it, so whether the setting is there at all is unknown.
     */
    | { kind: "expression"; text: string; prefix?: string; container?: boolean };

export const MISSING: Setting = { kind: "missing" };

function isPlainObject(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** `{"Get": …}` or `{"Std:…": …}` as a setting; undefined for any other value. */
export function pipelineExpression(v: unknown, parameters: ReadonlyMap<string, unknown>): Setting | undefined {
    if (!isPlainObject(v)) {
        return undefined;
    }
    const keys = Object.keys(v);
    if (keys.length !== 1) {
        return undefined;
    }
    const [key] = keys;
    if (key === "Get" && typeof v.Get === "string") {
        const m = /^Parameters\.(.+)$/.exec(v.Get);
        if (m) {
            return parameters.has(m[1]) ? { kind: "parameter", name: m[1], defaultValue: parameters.get(m[1]) } : { kind: "parameter", name: m[1] };
        }
        return { kind: "expression", text: v.Get };
    }
    if (key === "Std:Join") {
        const prefix = joinPrefix(v[key], parameters);
        return prefix === undefined ? { kind: "expression", text: key } : { kind: "expression", text: key, prefix };
    }
    if (key.startsWith("Std:")) {
        return { kind: "expression", text: key };
    }
    return undefined;
}

/**
 * The literal text a `{"Std:Join": {"On": sep, "Values": [...]}}` is known to begin with: its
 * leading literal values joined by `On`, up to the first computed value (a parameter counts by its
 * default only when it is the whole join, so never here: an execution may override it).
 */
function joinPrefix(join: unknown, parameters: ReadonlyMap<string, unknown>): string | undefined {
    if (!isPlainObject(join) || !Array.isArray(join.Values) || join.Values.length === 0) {
        return undefined;
    }
    const on = join.On ?? "";
    if (typeof on !== "string") {
        return undefined;
    }
    let prefix = "";
    for (let i = 0; i < join.Values.length; i++) {
        const value: unknown = join.Values[i];
        if ((typeof value !== "string" && typeof value !== "number") || pipelineExpression(value, parameters)) {
            return i === 0 ? undefined : prefix + on;
        }
        prefix += (i === 0 ? "" : on) + String(value);
    }
    return prefix;
}

/** The setting at `path` of resource props (camelCase keys), never throwing. */
export function propSetting(root: unknown, path: (string | number)[]): Setting {
    const p = probe(root, ...path);
    switch (p.state) {
        case "missing":
            return MISSING;
        case "unknown":
            return { kind: "unknown", error: p.error };
        default:
            return { kind: "literal", value: p.value };
    }
}

/**
 * How a request language writes values computed at run time: `value` recognises a value that is
 * itself an expression (`{"Get": …}`, a JSONata `"{% … %}"` string); `sibling` one given by another
 * key of the object holding it (JSONPath's `"Key.$": "$.path"` for `Key`).
 */
export interface ExpressionSyntax {
    value(v: unknown): Setting | undefined;
    sibling?(holder: Record<string, unknown>, key: string | number): Setting | undefined;
}

/**
 * The setting at `path` of a request written in an expression syntax (PascalCase API keys). An
 * expression met on the way is the setting; met above the end of the path it is a `container`.
 */
export function expressionSetting(root: unknown, path: (string | number)[], syntax: ExpressionSyntax): Setting {
    let cur: unknown = root;
    for (let i = 0; i <= path.length; i++) {
        const expr = syntax.value(cur);
        if (expr) {
            return i < path.length && expr.kind === "expression" ? { ...expr, container: true } : expr;
        }
        if (i === path.length) {
            break;
        }
        const sibling = isPlainObject(cur) && syntax.sibling ? syntax.sibling(cur, path[i]) : undefined;
        if (sibling) {
            return i + 1 < path.length && sibling.kind === "expression" ? { ...sibling, container: true } : sibling;
        }
        const p = probe(cur, path[i]);
        if (p.state === "unknown") {
            return { kind: "unknown", error: p.error };
        }
        if (p.state === "missing") {
            return MISSING;
        }
        cur = p.value;
    }
    return cur === undefined || cur === null ? MISSING : { kind: "literal", value: cur };
}

/** The expression syntax of a pipeline definition with these parameters (name → default). */
export function pipelineSyntax(parameters: ReadonlyMap<string, unknown>): ExpressionSyntax {
    return { value: (v) => pipelineExpression(v, parameters) };
}

/**
 * The setting at `path` of a pipeline definition's step arguments
 * (PascalCase API keys). An expression met on the way is the setting.
 */
export function apiSetting(root: unknown, path: (string | number)[], parameters: ReadonlyMap<string, unknown>): Setting {
    return expressionSetting(root, path, pipelineSyntax(parameters));
}

/** How a setting that must be the literal `true` falls short; undefined when it is true. Unknown throws. */
export function notTrue(s: Setting, what: string): string | undefined {
    switch (s.kind) {
        case "literal":
            return s.value === true ? undefined : `${what} is ${JSON.stringify(s.value)}; it must be true`;
        case "missing":
            return `${what} is not set (SageMaker's default is false)`;
        case "unknown":
            throw s.error;
        case "parameter":
            return `${what} comes from pipeline parameter "${s.name}", which any execution can override; set it to the literal true`;
        case "expression":
            return `${what} is computed at run time (${s.text}); set it to the literal true`;
    }
}

export type Presence = "present" | "absent" | "unverifiable";

/**
 * Whether a string setting (a key id, a URI) will have a value.
 * An unknown or run-time expression will (it is computed from something that
 * exists), like `isSet`, unless the expression computes the object around it,
 * which may leave the setting out; a parameter counts by its default, and one
 * without a default is unverifiable because every execution supplies its own.
 */
export function presence(s: Setting): Presence {
    switch (s.kind) {
        case "missing":
            return "absent";
        case "unknown":
            return "present";
        case "expression":
            return s.container ? "unverifiable" : "present";
        case "literal":
            return typeof s.value === "string" && s.value.trim() !== "" ? "present" : "absent";
        case "parameter":
            if (!("defaultValue" in s) || s.defaultValue === undefined || s.defaultValue === null) {
                return "unverifiable";
            }
            return typeof s.defaultValue === "string" && s.defaultValue.trim() !== "" ? "present" : "absent";
    }
}

/**
 * Why a setting that `presence` calls unverifiable cannot be checked, and how to make it checkable:
 * a parameter without a default, or a value inside an expression that computes its whole object.
 */
export function unverifiable(s: Setting, field: string): string {
    return s.kind === "parameter"
        ? `${field} is ${describe(s)} without a default; give it one or use a literal key ARN`
        : `${field} is ${describe(s)}, which may leave it out; write the field itself in the request`;
}

/**
 * How a setting that must have a value (a key id, a URI) falls short: `absent` says why it is
 * needed, e.g. "model artifacts must be encrypted with a customer-managed KMS key". Undefined when
 * it will have one.
 */
export function missingValue(s: Setting, field: string, absent: string): string | undefined {
    switch (presence(s)) {
        case "present":
            return undefined;
        case "absent":
            return `${field} is not set; ${absent}`;
        case "unverifiable":
            return unverifiable(s, field);
    }
}

/** The value a setting resolves to before any execution override; undefined when not statically known. Unknown throws. */
export function staticValue(s: Setting): unknown {
    switch (s.kind) {
        case "literal":
            return s.value;
        case "parameter":
            return s.defaultValue;
        case "unknown":
            throw s.error;
        default:
            return undefined;
    }
}

/** A statically known string value, or undefined. Unknown throws. */
export function staticString(s: Setting): string | undefined {
    const v = staticValue(s);
    return typeof v === "string" ? v : undefined;
}

/** A statically known number (numeric strings accepted), or undefined. Unknown throws. */
export function staticNumber(s: Setting): number | undefined {
    const v = staticValue(s);
    if (typeof v === "number" && Number.isFinite(v)) {
        return v;
    }
    if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) {
        return Number(v);
    }
    return undefined;
}

/** Short description of where a setting's value comes from, for messages. */
export function describe(s: Setting): string {
    switch (s.kind) {
        case "missing":
            return "not set";
        case "literal":
            return JSON.stringify(s.value);
        case "unknown":
            return "unknown until the update";
        case "parameter":
            return `pipeline parameter "${s.name}"`;
        case "expression":
            return s.container ? `inside run-time expression ${s.text}` : `run-time expression ${s.text}`;
    }
}

/**
 * How a list setting (subnets, security groups) falls short; undefined when it will
 * hold at least one entry. Elements are not read, so an unknown element (a
 * group not yet created) counts as an entry.
 */
export function emptyList(s: Setting, what: string): string | undefined {
    switch (s.kind) {
        case "missing":
            return `${what} is not set`;
        case "literal":
            if (Array.isArray(s.value)) {
                return s.value.length > 0 ? undefined : `${what} is empty`;
            }
            return typeof s.value === "string" && s.value.trim() !== "" ? undefined : `${what} is ${describe(s)}`;
        default:
            // Unknown during a preview, or computed by the pipeline: a list another resource or step supplies.
            return undefined;
    }
}
