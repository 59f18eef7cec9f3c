/**
 * A small evaluator of IAM Deny statements, for the condition operators the guard-rails use.
 *
 * It follows IAM's documented rules for missing keys: a positive operator on a missing key is false, a negated
 * one (`StringNotEquals`, `StringNotLike`) is true, `...IfExists` is true, `Null: "true"` is true, and
 * `ForAnyValue:` over a missing or empty key is false. Keys inside a statement's `Condition` are ANDed.
 */

/** Request context: condition key → value(s). A key that is absent is missing from the request. */
export type RequestContext = Record<string, string | boolean | string[]>;

function like(value: string, pattern: string): boolean {
    const re = new RegExp(
        `^${pattern
            .replace(/[.+^${}()|[\]\\]/g, "\\$&")
            .replace(/\*/g, ".*")
            .replace(/\?/g, ".")}$`,
    );
    return re.test(value);
}

function asList(v: unknown): string[] {
    return (Array.isArray(v) ? v : [v]).map(String);
}

function operatorHolds(op: string, key: string, expected: unknown, ctx: RequestContext): boolean {
    const present = key in ctx;
    const actual = ctx[key];
    const patterns = asList(expected);
    switch (op) {
        case "Null":
            return String(expected) === "true" ? !present : present;
        case "Bool":
            return present && patterns.includes(String(actual));
        case "BoolIfExists":
            return !present || patterns.includes(String(actual));
        case "StringEquals":
            return present && patterns.includes(String(actual));
        case "StringNotEquals":
            return !present || !patterns.includes(String(actual));
        case "StringLike":
            return present && patterns.some((p) => like(String(actual), p));
        case "StringNotLike":
            return !present || !patterns.some((p) => like(String(actual), p));
        case "ForAnyValue:StringNotLike":
            return present && asList(actual).some((v) => !patterns.some((p) => like(v, p)));
        case "ForAnyValue:StringLike":
            return present && asList(actual).some((v) => patterns.some((p) => like(v, p)));
        default:
            throw new Error(`the test evaluator does not know the operator ${op}`);
    }
}

/** True when every condition of the statement holds for the request. */
export function conditionsHold(statement: any, ctx: RequestContext): boolean {
    for (const [op, block] of Object.entries<Record<string, unknown>>(statement.Condition ?? {})) {
        for (const [key, expected] of Object.entries(block)) {
            if (!operatorHolds(op, key, expected, ctx)) {
                return false;
            }
        }
    }
    return true;
}

/** The Sids of the Deny statements that deny `action` for this request. */
export function denyingSids(statements: any[], action: string, ctx: RequestContext): string[] {
    return statements.filter((s) => s.Effect === "Deny" && asList(s.Action).includes(action) && conditionsHold(s, ctx)).map((s) => s.Sid);
}
