/**
 * The three outcomes of a check, after cdk-nag's COMPLIANT / NON_COMPLIANT /
 * NOT_APPLICABLE, so "it didn't apply" never reads as "it passed".
 *
 * Rules return a `CheckResult`; `define.ts` turns it into what the SDK
 * understands: nothing (compliant), `reportViolation` calls (non-compliant),
 * or `args.notApplicable(reason)` (not applicable), which the engine records
 * in its not-applicable list. The test harness observes all three.
 */

/** One violation: a message and, for stack rules, the resource it is about. */
export interface Finding {
    message: string;
    urn?: string;
}

export type CheckResult = { outcome: "compliant" } | { outcome: "non-compliant"; findings: Finding[] } | { outcome: "not-applicable"; reason: string };

export type Outcome = CheckResult["outcome"];

export function compliant(): CheckResult {
    return { outcome: "compliant" };
}

export function nonCompliant(...findings: (Finding | string)[]): CheckResult {
    return {
        outcome: "non-compliant",
        findings: findings.map((f) => (typeof f === "string" ? { message: f } : f)),
    };
}

export function notApplicable(reason: string): CheckResult {
    return { outcome: "not-applicable", reason };
}

/** Accumulates findings; compliant when none were added. */
export class Findings {
    private readonly items: Finding[] = [];

    /** Adds a message (with the URN it is about, for stack rules), or a finding such as `findingFor(resource, message)` makes. */
    add(finding: string | Finding, urn?: string): void {
        const { message, urn: about } = typeof finding === "string" ? { message: finding, urn } : finding;
        this.items.push(about === undefined ? { message } : { message, urn: about });
    }

    get count(): number {
        return this.items.length;
    }

    /** Compliant when empty, otherwise non-compliant with every finding. */
    result(): CheckResult {
        return this.items.length === 0 ? compliant() : { outcome: "non-compliant", findings: [...this.items] };
    }
}
