/**
 * The metadata every rule in the library carries beside its check.
 *
 * A rule is an ordinary @pulumi/policy policy plus the facts a reviewer needs:
 * how bad a violation is, which framework controls it evidences, what it is
 * about, and how to fix it. Packs select rules by these facts (see `select.ts`);
 * the README table and the metadata tests read them too.
 */
import type { ResourceValidationPolicy, Severity, StackValidationPolicy } from "@pulumi/policy";

export type { Severity } from "@pulumi/policy";

/** The frameworks a pack can be built for. */
export type Framework = "hipaa" | "pci-dss" | "ml-baseline";

/** All frameworks, in pack order. */
export const FRAMEWORKS: readonly Framework[] = ["hipaa", "pci-dss", "ml-baseline"];

/** All severities, least to most severe. */
export const SEVERITIES: readonly Severity[] = ["low", "medium", "high", "critical"];

/**
 * The controls of one framework a rule evidences.
 *
 * Control ids are written as the framework writes them:
 * HIPAA `164.312(a)(2)(iv)`, PCI DSS `3.5.1`, ml-baseline `ML-COST-1`.
 * `frameworks.ts` lists the ids each framework accepts.
 */
export interface ControlMapping {
    framework: Framework;
    controls: string[];
}

/** What a rule is about; packs and the README group by it, dev config relaxes `cost` and `backup`. */
export type Topic = "encryption" | "network" | "logging" | "access" | "backup" | "cost" | "tagging" | "integrity" | "monitoring" | "resilience" | "ml";

/** All topics. */
export const TOPICS: readonly Topic[] = [
    "encryption",
    "network",
    "logging",
    "access",
    "backup",
    "cost",
    "tagging",
    "integrity",
    "monitoring",
    "resilience",
    "ml",
];

/** The metadata added to an SDK policy. `severity` and `remediationSteps` are the SDK's own fields, made required. */
export interface PlatformPolicyMetadata {
    severity: Severity;
    frameworks: ControlMapping[];
    topics: Topic[];
    remediationSteps: string;
}

/** A resource rule of the library. */
export type PlatformResourcePolicy = ResourceValidationPolicy & PlatformPolicyMetadata;

/** A stack rule of the library. */
export type PlatformStackPolicy = StackValidationPolicy & PlatformPolicyMetadata;

/** A rule of the library: an SDK policy with the platform's metadata. */
export type PlatformPolicy = (ResourceValidationPolicy | StackValidationPolicy) & PlatformPolicyMetadata;

/** Narrows a rule to a stack rule. */
export function isStackRule(p: PlatformPolicy): p is PlatformStackPolicy {
    return typeof (p as Partial<StackValidationPolicy>).validateStack === "function";
}

/** Narrows a rule to a resource rule. */
export function isResourceRule(p: PlatformPolicy): p is PlatformResourcePolicy {
    const r = p as Partial<ResourceValidationPolicy>;
    return r.validateResource !== undefined || r.remediateResource !== undefined;
}
