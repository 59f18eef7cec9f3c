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
    /** Computed when the pipeline runs (step properties, execution variables, joins). */
    | { kind: "expression"; text: string };

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
    if (key.startsWith("Std:")) {
        return { kind: "expression", text: key };
    }
    return undefined;
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
 * The setting at `path` of a pipeline definition's step arguments
 * (PascalCase API keys). An expression met on the way is the setting.
 */
export function apiSetting(root: unknown, path: (string | number)[], parameters: ReadonlyMap<string, unknown>): Setting {
    let cur: unknown = root;
    for (let i = 0; i <= path.length; i++) {
        const expr = pipelineExpression(cur, parameters);
        if (expr) {
            return expr;
        }
        if (i === path.length) {
            break;
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
 * exists), like `isSet`; a parameter counts by its default, and one without a
 * default is unverifiable because every execution supplies its own.
 */
export function presence(s: Setting): Presence {
    switch (s.kind) {
        case "missing":
            return "absent";
        case "unknown":
        case "expression":
            return "present";
        case "literal":
            return typeof s.value === "string" && s.value.trim() !== "" ? "present" : "absent";
        case "parameter":
            if (!("defaultValue" in s) || s.defaultValue === undefined || s.defaultValue === null) {
                return "unverifiable";
            }
            return typeof s.defaultValue === "string" && s.defaultValue.trim() !== "" ? "present" : "absent";
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
            return `run-time expression ${s.text}`;
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
