/**
 * Parsing of IAM, key and bucket policy documents as they reach a policy.
 *
 * A document may arrive as a JSON string or an object; `Statement` as one
 * object or an array; `Principal`, `Action`, `Resource` (and their `Not`
 * forms) as a string or an array. Everything here normalises to arrays and
 * never throws on malformed input: a document that cannot be read is reported
 * as such, and an unknown document (or an unknown inside one) is returned as
 * `unknown` for the rule to surface.
 */
import { probe } from "./access";
import { isUnknownSentinel, isUnknownValueError, UnknownValueErrorLike, unknownAt } from "./unknowns";

/** A principal, normalised. `wildcard` is true for `"*"` and `{"AWS": "*"}`. */
export interface NormalizedPrincipal {
    wildcard: boolean;
    aws: string[];
    service: string[];
    federated: string[];
    canonicalUser: string[];
}

/** One statement, normalised. Absent lists are empty arrays. */
export interface NormalizedStatement {
    sid?: string;
    /** "Allow" or "Deny" as written; anything else is kept so that a rule can report it. */
    effect: string;
    principal?: NormalizedPrincipal;
    notPrincipal?: NormalizedPrincipal;
    actions: string[];
    notActions: string[];
    resources: string[];
    notResources: string[];
    /** Operator → key → values (always arrays of strings). */
    conditions: Record<string, Record<string, string[]>>;
    /** True when the statement has at least one condition. */
    hasConditions: boolean;
}

export type ParsedDocument =
    | { state: "parsed"; statements: NormalizedStatement[] }
    | { state: "missing" }
    | { state: "invalid"; reason: string }
    | { state: "unknown"; error: UnknownValueErrorLike };

function toStrings(v: unknown): string[] {
    if (v === undefined || v === null) {
        return [];
    }
    const list = Array.isArray(v) ? v : [v];
    return list.map((x) => (typeof x === "string" ? x : JSON.stringify(x)));
}

function normalizePrincipal(p: unknown): NormalizedPrincipal | undefined {
    if (p === undefined || p === null) {
        return undefined;
    }
    const out: NormalizedPrincipal = { wildcard: false, aws: [], service: [], federated: [], canonicalUser: [] };
    if (p === "*") {
        out.wildcard = true;
        return out;
    }
    if (typeof p === "object" && !Array.isArray(p)) {
        const o = p as Record<string, unknown>;
        out.aws = toStrings(o.AWS);
        out.service = toStrings(o.Service);
        out.federated = toStrings(o.Federated);
        out.canonicalUser = toStrings(o.CanonicalUser);
        out.wildcard = out.aws.includes("*");
    }
    return out;
}

function normalizeConditions(c: unknown): Record<string, Record<string, string[]>> {
    const out: Record<string, Record<string, string[]>> = {};
    if (typeof c !== "object" || c === null || Array.isArray(c)) {
        return out;
    }
    for (const [op, block] of Object.entries(c as Record<string, unknown>)) {
        if (typeof block !== "object" || block === null || Array.isArray(block)) {
            continue;
        }
        const keys: Record<string, string[]> = {};
        for (const [k, v] of Object.entries(block as Record<string, unknown>)) {
            keys[k] = (Array.isArray(v) ? v : [v]).map((x) =>
                typeof x === "string" ? x : typeof x === "object" && x !== null ? JSON.stringify(x) : String(x),
            );
        }
        out[op] = keys;
    }
    return out;
}

function normalizeStatement(s: unknown): NormalizedStatement | undefined {
    if (typeof s !== "object" || s === null || Array.isArray(s)) {
        return undefined;
    }
    const o = s as Record<string, unknown>;
    const conditions = normalizeConditions(o.Condition);
    return {
        sid: typeof o.Sid === "string" ? o.Sid : undefined,
        effect: typeof o.Effect === "string" ? o.Effect : "",
        principal: normalizePrincipal(o.Principal),
        notPrincipal: normalizePrincipal(o.NotPrincipal),
        actions: toStrings(o.Action),
        notActions: toStrings(o.NotAction),
        resources: toStrings(o.Resource),
        notResources: toStrings(o.NotResource),
        conditions,
        hasConditions: Object.values(conditions).some((k) => Object.keys(k).length > 0),
    };
}

/** Deep-copies a value read through the SDK proxy, finding any unknown inside it. */
function plain(v: unknown, path: string[]): unknown {
    if (isUnknownSentinel(v)) {
        throw unknownAt(path, v as string);
    }
    if (Array.isArray(v)) {
        const out: unknown[] = [];
        for (let i = 0; i < v.length; i++) {
            out.push(plain(v[i], [...path, String(i)]));
        }
        return out;
    }
    if (typeof v === "object" && v !== null) {
        const out: Record<string, unknown> = {};
        for (const k of Object.keys(v)) {
            out[k] = plain((v as Record<string, unknown>)[k], [...path, k]);
        }
        return out;
    }
    return v;
}

/** Parses a document value (string or object) into normalised statements. */
export function parsePolicyDocument(value: unknown): ParsedDocument {
    let doc: unknown;
    try {
        doc = plain(value, []);
    } catch (e) {
        if (isUnknownValueError(e)) {
            return { state: "unknown", error: e };
        }
        return { state: "invalid", reason: String(e) };
    }
    if (doc === undefined || doc === null || doc === "") {
        return { state: "missing" };
    }
    if (typeof doc === "string") {
        try {
            doc = JSON.parse(doc);
        } catch {
            return { state: "invalid", reason: "the document is not valid JSON" };
        }
    }
    if (typeof doc !== "object" || doc === null || Array.isArray(doc)) {
        return { state: "invalid", reason: "the document is not a JSON object" };
    }
    const raw = (doc as Record<string, unknown>).Statement;
    if (raw === undefined || raw === null) {
        return { state: "parsed", statements: [] };
    }
    const list = Array.isArray(raw) ? raw : [raw];
    const statements: NormalizedStatement[] = [];
    for (const s of list) {
        const n = normalizeStatement(s);
        if (!n) {
            return { state: "invalid", reason: "a statement is not a JSON object" };
        }
        statements.push(n);
    }
    return { state: "parsed", statements };
}

/** Parses the document at `path` under `root` (a resource's props). */
export function readPolicyDocument(root: unknown, ...path: (string | number)[]): ParsedDocument {
    const p = probe(root, ...path);
    if (p.state === "unknown") {
        return { state: "unknown", error: p.error };
    }
    if (p.state === "missing") {
        return { state: "missing" };
    }
    return parsePolicyDocument(p.value);
}

/** Does an IAM action pattern (with `*` and `?`) cover `action`? Case-insensitive, as IAM is. */
export function actionMatches(pattern: string, action: string): boolean {
    const re = new RegExp(
        "^" +
            pattern
                .split("")
                .map((ch) => (ch === "*" ? ".*" : ch === "?" ? "." : ch.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
                .join("") +
            "$",
        "i",
    );
    return re.test(action);
}

/** True when the statement grants every action (`*` or `NotAction` with nothing excluded matters less: any NotAction Allow is broad). */
export function grantsAllActions(s: NormalizedStatement): boolean {
    return s.actions.some((a) => a === "*" || a === "*:*");
}

/** True when the statement applies to every resource. */
export function coversAllResources(s: NormalizedStatement): boolean {
    return s.resources.includes("*");
}

/** True when the principal (or NotPrincipal) lets anyone in: `*`, `{"AWS":"*"}`. */
export function isPublicPrincipal(s: NormalizedStatement): boolean {
    return (s.principal?.wildcard ?? false) || s.notPrincipal !== undefined;
}

/** The values a statement's condition gives `key` under any operator (key match is case-insensitive). */
export function conditionValues(s: NormalizedStatement, key: string, operators?: string[]): string[] {
    const out: string[] = [];
    const k = key.toLowerCase();
    for (const [op, block] of Object.entries(s.conditions)) {
        if (operators && !operators.includes(op)) {
            continue;
        }
        for (const [ck, values] of Object.entries(block)) {
            if (ck.toLowerCase() === k) {
                out.push(...values);
            }
        }
    }
    return out;
}

/**
 * Condition keys that, with fixed values, make a wildcard-principal statement
 * non-public in S3's own evaluation ("Block Public Access" semantics), which
 * SNS and the other resource policies share.
 */
const RESTRICTING_KEYS = new Set(
    [
        "aws:SourceArn",
        "aws:SourceVpc",
        "aws:SourceVpce",
        "aws:SourceAccount",
        "aws:SourceOwner",
        "aws:SourceIp",
        "aws:PrincipalOrgID",
        "aws:PrincipalAccount",
        "aws:PrincipalArn",
        "aws:userid",
        "s3:DataAccessPointArn",
        "s3:DataAccessPointAccount",
    ].map((k) => k.toLowerCase()),
);

/** Does a condition pin a wildcard-principal statement to specific accounts, sources or networks? */
export function isRestrictedByCondition(s: NormalizedStatement): boolean {
    for (const block of Object.values(s.conditions)) {
        for (const [key, values] of Object.entries(block)) {
            const k = key.toLowerCase();
            if (!RESTRICTING_KEYS.has(k) || values.length === 0) {
                continue;
            }
            const broad = values.some((v) => v === "*" || (k === "aws:sourceip" && /\/0$/.test(v)));
            if (!broad) {
                return true;
            }
        }
    }
    return false;
}

/**
 * Is `s` a Deny, for every principal, of actions covering all of `probes`,
 * when `aws:SecureTransport` is false? That is the statement that makes a
 * resource policy refuse plain HTTP.
 */
export function deniesInsecureTransport(s: NormalizedStatement, probes: string[]): boolean {
    return (
        s.effect === "Deny" &&
        (s.principal?.wildcard ?? false) &&
        s.actions.some((a) => probes.every((p) => actionMatches(a, p))) &&
        conditionValues(s, "aws:SecureTransport", ["Bool", "BoolIfExists"])
            .map((v) => v.toLowerCase())
            .includes("false")
    );
}
