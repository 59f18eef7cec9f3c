/**
 * Assertions shared by the SageMaker, Glue, Lake Formation, Step Functions,
 * SNS and CloudWatch alarm rule tests.
 */
import * as assert from "assert";
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { HarnessOutcome, PolicyConfigEntry, run, RunResult, runResource, TestResource } from "./harness";

/** Runs a resource policy on one resource of `type`. */
export function check(policy: ResourceValidationPolicy, type: string, props: object, config?: PolicyConfigEntry, name?: string): Promise<RunResult> {
    return runResource(policy, { type, props: props as Record<string, unknown>, ...(name ? { name } : {}) }, config === undefined ? {} : { config });
}

/** Runs a stack policy over resources. */
export function checkStack(policy: StackValidationPolicy, resources: TestResource[], config?: PolicyConfigEntry): Promise<RunResult> {
    return run(policy, resources, config === undefined ? {} : { config });
}

/** Asserts the outcome, showing the whole result when it differs. */
export function assertOutcome(result: RunResult, outcome: HarnessOutcome): void {
    assert.strictEqual(result.outcome, outcome, `expected ${outcome}, got ${JSON.stringify(result, null, 2)}`);
}

/** A violation's own message: the SDK prefixes the policy description and a newline. */
export function ownMessage(message: string): string {
    const i = message.indexOf("\n");
    return i < 0 ? "" : message.slice(i + 1);
}

/**
 * Asserts a non-compliant result with exactly `count` violations, each
 * `fragments[i]` found in some violation's own message (not the description).
 */
export function assertViolations(result: RunResult, count: number, ...fragments: string[]): void {
    assertOutcome(result, "non-compliant");
    assert.strictEqual(result.violations.length, count, `expected ${count} violation(s), got ${JSON.stringify(result.violations, null, 2)}`);
    for (const f of fragments) {
        assert.ok(
            result.violations.some((v) => ownMessage(v.message).includes(f)),
            `no violation mentions ${JSON.stringify(f)}: ${JSON.stringify(
                result.violations.map((v) => ownMessage(v.message)),
                null,
                2,
            )}`,
        );
    }
}

/** Asserts the SDK's advisory "can't run … during preview" outcome, naming the unknown property. */
export function assertUnknown(result: RunResult, property: string): void {
    assertOutcome(result, "unknown");
    assert.ok(
        result.previewDiagnostics.some((d) => d.includes(property)),
        `no preview diagnostic names ${property}: ${JSON.stringify(result.previewDiagnostics)}`,
    );
}

/** Asserts not-applicable with a reason containing `fragment`. */
export function assertNotApplicable(result: RunResult, fragment: string): void {
    assertOutcome(result, "not-applicable");
    assert.ok(
        result.notApplicable.some((r) => r.includes(fragment)),
        `no not-applicable reason mentions ${fragment}: ${JSON.stringify(result.notApplicable)}`,
    );
}
