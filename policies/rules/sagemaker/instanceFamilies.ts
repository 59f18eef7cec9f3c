/**
 * The instance family allow-lists the cost rules check against, as one check
 * and one config property shape, so every allow-list rule words its findings
 * and its config the same way. The lists themselves are in
 * `components/lib/instanceTypes.ts`.
 */
import { instanceFamily } from "@ml-platform/components/lib/instanceTypes";

/** Why `instanceType` is not allowed for `workload`, or undefined when it is. */
export function familyProblem(instanceType: string, allowed: string[], workload: string): string | undefined {
    const family = instanceFamily(instanceType);
    if (family === undefined) {
        return `instance type "${instanceType}" is not of the form ml.<family>.<size>`;
    }
    if (allowed.includes(family)) {
        return undefined;
    }
    return `instance type ${instanceType} (family ${family}) is not on the ${workload} allow-list (${allowed.join(", ")}); the list is in order of preference`;
}

/** A config property listing allowed instance families, most preferred first, defaulting to `defaults`. */
export function familiesProperty(description: string, defaults: readonly string[]) {
    return {
        type: "array" as const,
        items: { type: "string" as const, pattern: "^[a-z0-9]+$" },
        minItems: 1,
        uniqueItems: true,
        default: [...defaults],
        description,
    };
}
