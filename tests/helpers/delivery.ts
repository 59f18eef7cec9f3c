/**
 * Does a policy document let a request through? IAM's evaluation for the parts the platform's
 * deliveries use: Allow statements matched on principal, action, resource and conditions, an
 * explicit Deny winning over any Allow, and an error for a condition operator it does not know, so
 * that nothing passes by being misread.
 */

/** One request: who asks, for what, on which resource, with which condition keys. */
export interface DeliveryRequest {
    /** A service principal (`logging.s3.amazonaws.com`), or undefined for an identity policy's own role. */
    service?: string;
    action: string;
    resource: string;
    /** Condition keys and their values (`aws:SourceArn`, `aws:SourceAccount`, …), case-insensitive. */
    context: Record<string, string>;
}

interface Statement {
    Effect?: string;
    Principal?: unknown;
    Action?: string | string[];
    NotAction?: string | string[];
    Resource?: string | string[];
    NotResource?: string | string[];
    Condition?: Record<string, Record<string, string | string[] | boolean>>;
}

const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** IAM's `*` and `?` wildcards; case-sensitive unless told otherwise. */
export function globMatch(pattern: string, value: string, ignoreCase = false): boolean {
    const re = new RegExp(
        `^${pattern
            .replace(/[.+^${}()|[\]\\]/g, "\\$&")
            .replace(/\*/g, ".*")
            .replace(/\?/g, ".")}$`,
        ignoreCase ? "is" : "s",
    );
    return re.test(value);
}

function principalMatches(principal: unknown, service: string | undefined): boolean {
    if (service === undefined) {
        return principal === undefined; // an identity policy: it applies to the role that holds it
    }
    if (principal === "*") {
        return true;
    }
    if (typeof principal !== "object" || principal === null) {
        return false;
    }
    const p = principal as Record<string, unknown>;
    return list(p.Service as string | string[]).includes(service) || list(p.AWS as string | string[]).includes("*");
}

function conditionHolds(op: string, key: string, values: string[], context: Map<string, string>): boolean {
    const ifExists = op.endsWith("IfExists");
    const base = ifExists ? op.slice(0, -"IfExists".length) : op;
    const actual = context.get(key.toLowerCase());
    if (base === "Null") {
        return values.some((v) => (v === "true") === (actual === undefined));
    }
    if (actual === undefined) {
        // A missing key satisfies an IfExists or negated operator, and nothing else.
        return ifExists || base.includes("Not");
    }
    switch (base) {
        case "StringEquals":
        case "ArnEquals":
            return values.includes(actual);
        case "StringEqualsIgnoreCase":
            return values.some((v) => v.toLowerCase() === actual.toLowerCase());
        case "StringLike":
        case "ArnLike":
            return values.some((v) => globMatch(v, actual));
        case "StringNotEquals":
        case "ArnNotEquals":
            return !values.includes(actual);
        case "StringNotLike":
        case "ArnNotLike":
            return !values.some((v) => globMatch(v, actual));
        case "Bool":
            return values.some((v) => v.toLowerCase() === actual.toLowerCase());
        default:
            throw new Error(`delivery: condition operator ${op} is not evaluated here`);
    }
}

function statementApplies(s: Statement, req: DeliveryRequest, context: Map<string, string>): boolean {
    if (!principalMatches(s.Principal, req.service)) {
        return false;
    }
    const actionHit = (patterns: string[]) => patterns.some((a) => globMatch(a, req.action, true));
    if (s.NotAction !== undefined ? actionHit(list(s.NotAction)) : !actionHit(list(s.Action))) {
        return false;
    }
    const resourceHit = (patterns: string[]) => patterns.some((r) => globMatch(r, req.resource));
    // A trust policy names no resource: it is about the role that holds it.
    const scoped = s.Resource !== undefined || s.NotResource !== undefined;
    if (scoped && (s.NotResource !== undefined ? resourceHit(list(s.NotResource)) : !resourceHit(list(s.Resource)))) {
        return false;
    }
    for (const [op, keys] of Object.entries(s.Condition ?? {})) {
        for (const [key, v] of Object.entries(keys)) {
            if (!conditionHolds(op, key, list(v as string | string[]).map(String), context)) {
                return false;
            }
        }
    }
    return true;
}

export interface Verdict {
    allowed: boolean;
    /** The Sid (or index) of the statements that decided it. */
    by: string[];
}

/** Whether `doc` (a JSON string or object) admits `req`: some Allow applies and no Deny does. */
export function admits(doc: unknown, req: DeliveryRequest): Verdict {
    const parsed = typeof doc === "string" ? JSON.parse(doc) : doc;
    const statements = list((parsed as { Statement?: Statement | Statement[] } | undefined)?.Statement);
    const context = new Map(Object.entries(req.context).map(([k, v]) => [k.toLowerCase(), v]));
    const name = (s: Statement, i: number) => (s as { Sid?: string }).Sid ?? `#${i}`;
    const applying = statements.map((s, i) => ({ s, i })).filter(({ s }) => statementApplies(s, req, context));
    const denies = applying.filter(({ s }) => s.Effect === "Deny");
    if (denies.length > 0) {
        return { allowed: false, by: denies.map(({ s, i }) => name(s, i)) };
    }
    const allows = applying.filter(({ s }) => s.Effect === "Allow");
    return { allowed: allows.length > 0, by: allows.map(({ s, i }) => name(s, i)) };
}
