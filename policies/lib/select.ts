/**
 * Builds a pack's policy list from the library.
 *
 * Packs don't define rules: they call `selectPolicies({ framework })`. The
 * result is plain SDK policy objects carrying, for the engine and any tool
 * reading the analyzer's GetAnalyzerInfo:
 * - `framework`: the pack's framework descriptor (name, version, reference,
 *   specification) — the SDK allows one per policy, so it is the pack's;
 * - `tags`: every control id the rule evidences, in every framework
 *   (`hipaa:164.312(a)(2)(iv)`, `pci-dss:3.5.1`, `ml-baseline:ML-ENC-1`),
 *   plus its topics (`topic:encryption`);
 * - `severity`, `remediationSteps`, `configSchema`, and an `enforcementLevel`
 *   (the rule's own, else mandatory for high/critical and advisory below);
 * - on a resource rule, also a `validateStack` that audits the policy's waivers.
 */
import type { Policies, ResourceValidationPolicy, Severity, StackValidation, StackValidationPolicy } from "@pulumi/policy";
import { allPolicies } from "../rules";
import { defaultEnforcementLevel } from "./config";
import { controlTag, FRAMEWORK_INFO } from "./frameworks";
import { Framework, isStackRule, PlatformPolicy, Topic } from "./types";

export interface SelectOptions {
    /** Keep rules mapped to this framework, and stamp its descriptor on them. */
    framework?: Framework;
    /** Keep rules of these severities. */
    severities?: Severity[];
    /** Keep rules about any of these topics. */
    topics?: Topic[];
}

/** The library rules matching `options`, in library order. */
export function selectRules(options: SelectOptions = {}, library: PlatformPolicy[] = allPolicies): PlatformPolicy[] {
    return library.filter(
        (p) =>
            (options.framework === undefined || p.frameworks.some((f) => f.framework === options.framework)) &&
            (options.severities === undefined || options.severities.includes(p.severity)) &&
            (options.topics === undefined || p.topics.some((t) => options.topics!.includes(t))),
    );
}

/** The tags a rule carries: its control ids in every framework, then its topics. */
export function policyTags(p: PlatformPolicy): string[] {
    const tags: string[] = [];
    for (const m of p.frameworks) {
        for (const c of m.controls) {
            tags.push(controlTag(m.framework, c));
        }
    }
    for (const t of p.topics) {
        tags.push(`topic:${t}`);
    }
    return [...new Set(tags)];
}

/** Converts one library rule into the SDK policy object a pack serves. */
export function toSdkPolicy(p: PlatformPolicy, framework?: Framework): ResourceValidationPolicy | StackValidationPolicy {
    const common = {
        name: p.name,
        description: p.description,
        enforcementLevel: p.enforcementLevel ?? defaultEnforcementLevel(p.severity),
        severity: p.severity,
        remediationSteps: p.remediationSteps,
        tags: policyTags(p),
        ...(p.configSchema ? { configSchema: p.configSchema } : {}),
        ...(p.displayName ? { displayName: p.displayName } : {}),
        ...(p.url ? { url: p.url } : {}),
        ...(framework ? { framework: FRAMEWORK_INFO[framework] } : {}),
    };
    if (isStackRule(p)) {
        return { ...common, validateStack: p.validateStack };
    }
    const r = p as ResourceValidationPolicy & { auditWaivers?: StackValidation };
    return {
        ...common,
        ...(r.validateResource ? { validateResource: r.validateResource } : {}),
        ...(r.remediateResource ? { remediateResource: r.remediateResource } : {}),
        // The SDK runs a policy's `validateStack` at AnalyzeStack whatever else it has: that is where a
        // resource rule sees the whole stack, to report waivers that are unusable or match nothing.
        ...(r.auditWaivers ? { validateStack: r.auditWaivers } : {}),
    };
}

/** The SDK policies of a pack: the matching rules, converted. */
export function selectPolicies(options: SelectOptions = {}, library: PlatformPolicy[] = allPolicies): Policies {
    return selectRules(options, library).map((p) => toSdkPolicy(p, options.framework));
}
