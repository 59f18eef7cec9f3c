/**
 * Safe reads of resource props.
 *
 * Props may be missing, `null`, of an unexpected type, or unknown (during a
 * preview). None of these may crash a policy: a crash fails the whole preview
 * for every stack that uses the pack. So rules never chain `.a.b.c` on
 * optional values; they read through these helpers instead.
 *
 * - `probe` gives the three states explicitly: known, missing, unknown.
 * - `get` and the typed getters return `undefined` for missing or mistyped
 *   values and let an unknown surface the way the SDK surfaces it (its
 *   `UnknownValueError`, which the SDK reports as "can't run policy … during
 *   preview", advisory).
 * - `isSet` answers "will this property have a value?" and counts an unknown as
 *   yes, because an unknown is a computed value another resource will supply
 *   (typically a key ARN from the same stack).
 */
import { isUnknownSentinel, isUnknownValueError, UnknownValueErrorLike, unknownAt } from "./unknowns";

/** One step of a property path: a key or an array index. */
export type PathStep = string | number;

/** The three states a property can be in. */
export type Probe = { state: "known"; value: unknown } | { state: "missing" } | { state: "unknown"; error: UnknownValueErrorLike };

function isObjectLike(v: unknown): v is Record<string | number, unknown> {
    return typeof v === "object" && v !== null;
}

/**
 * Reads `path` under `root` without throwing. `null`, `undefined` and a step
 * through a non-object are "missing"; an unknown at any step is "unknown".
 */
export function probe(root: unknown, ...path: PathStep[]): Probe {
    let cur: unknown = root;
    const walked: PathStep[] = [];
    try {
        if (isUnknownSentinel(cur)) {
            return { state: "unknown", error: unknownAt(walked, cur as string) };
        }
        for (const step of path) {
            if (!isObjectLike(cur)) {
                return { state: "missing" };
            }
            walked.push(step);
            cur = cur[step];
            // Values read outside the SDK's proxy (e.g. parsed JSON) carry raw sentinels.
            if (isUnknownSentinel(cur)) {
                return { state: "unknown", error: unknownAt(walked, cur as string) };
            }
        }
    } catch (e) {
        if (isUnknownValueError(e)) {
            return { state: "unknown", error: e };
        }
        return { state: "missing" };
    }
    if (cur === undefined || cur === null) {
        return { state: "missing" };
    }
    return { state: "known", value: cur };
}

/** The value at `path`, or `undefined` when missing. An unknown throws the SDK's error. */
export function get(root: unknown, ...path: PathStep[]): unknown {
    const p = probe(root, ...path);
    if (p.state === "unknown") {
        throw p.error;
    }
    return p.state === "known" ? p.value : undefined;
}

/** A string at `path`, or `undefined` when missing or not a string. */
export function getString(root: unknown, ...path: PathStep[]): string | undefined {
    const v = get(root, ...path);
    return typeof v === "string" ? v : undefined;
}

/** A boolean at `path`, or `undefined` when missing or not a boolean. */
export function getBool(root: unknown, ...path: PathStep[]): boolean | undefined {
    const v = get(root, ...path);
    return typeof v === "boolean" ? v : undefined;
}

/** A number at `path`, or `undefined` when missing or not a number. Numeric strings are accepted. */
export function getNumber(root: unknown, ...path: PathStep[]): number | undefined {
    const v = get(root, ...path);
    if (typeof v === "number" && Number.isFinite(v)) {
        return v;
    }
    if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) {
        return Number(v);
    }
    return undefined;
}

/** An object at `path` (not an array), or `undefined`. */
export function getObject(root: unknown, ...path: PathStep[]): Record<string, unknown> | undefined {
    const v = get(root, ...path);
    return isObjectLike(v) && !Array.isArray(v) ? v : undefined;
}

/**
 * The elements of the array at `path` (a single non-array value becomes a
 * one-element list; missing becomes empty). Elements stay as the proxy hands
 * them out; an unknown element throws when the rule reads it.
 */
export function getArray(root: unknown, ...path: PathStep[]): unknown[] {
    const v = get(root, ...path);
    if (v === undefined) {
        return [];
    }
    if (Array.isArray(v)) {
        const out: unknown[] = [];
        for (let i = 0; i < v.length; i++) {
            out.push(v[i]);
        }
        return out;
    }
    return [v];
}

/** The string values of the array at `path` (non-strings dropped). */
export function getStrings(root: unknown, ...path: PathStep[]): string[] {
    return getArray(root, ...path).filter((x): x is string => typeof x === "string");
}

/** The keys of the object at `path`, read without touching values (so unknown values don't throw). */
export function keysOf(root: unknown, ...path: PathStep[]): string[] {
    const v = get(root, ...path);
    return isObjectLike(v) && !Array.isArray(v) ? Object.keys(v) : [];
}

/**
 * True when the property has, or will have, a non-empty value: known and
 * non-empty, or unknown (computed from another resource).
 */
export function isSet(root: unknown, ...path: PathStep[]): boolean {
    const p = probe(root, ...path);
    if (p.state === "unknown") {
        return true;
    }
    if (p.state === "missing") {
        return false;
    }
    return !(typeof p.value === "string" && p.value.trim() === "");
}

/** True when the value is known and strictly equal to `expected`. Unknown throws the SDK's error. */
export function equals(root: unknown, expected: unknown, ...path: PathStep[]): boolean {
    return get(root, ...path) === expected;
}

/** A property holding a JSON document (a definition, a desired state), parsed; or why it cannot be. */
export function parseJsonText(value: unknown, field: string): { state: "parsed"; value: unknown } | { state: "invalid"; reason: string } {
    if (typeof value !== "string") {
        return { state: "invalid", reason: `${field} is not a JSON string` };
    }
    try {
        return { state: "parsed", value: JSON.parse(value) };
    } catch (e) {
        return { state: "invalid", reason: `${field} is not valid JSON (${(e as Error).message})` };
    }
}
