/** `--format json`: the machine-readable verdict. */
import { AnalysisResult, Violation, WaiverTerms } from "../policy/result";
import { summarize } from "./common";

export interface JsonViolation {
    policyPack: string;
    policyName: string;
    enforcementLevel: "advisory" | "mandatory";
    severity: string;
    urn: string | null;
    resourceType: string | null;
    message: string;
    frameworks: string[];
}

export interface JsonReport {
    policyPacks: { name: string; version: string }[];
    resources: number;
    violations: JsonViolation[];
    /** Violations a waiver covers, with its terms; not counted in `summary`. */
    waived: (JsonViolation & { waiver: WaiverTerms })[];
    summary: { mandatory: number; advisory: number };
}

function jsonViolation(v: Violation): JsonViolation {
    const { policyPack, policyName, enforcementLevel, severity, message, frameworks } = v;
    return { policyPack, policyName, enforcementLevel, severity, urn: v.urn ?? null, resourceType: v.resourceType ?? null, message, frameworks };
}

export function toJsonReport(result: AnalysisResult): JsonReport {
    return {
        policyPacks: result.packs.map((p) => ({ name: p.name, version: p.version })),
        resources: result.resources,
        violations: result.violations.map(jsonViolation),
        waived: result.waived.map((v) => ({ ...jsonViolation(v), waiver: v.waiver })),
        summary: summarize(result),
    };
}

export function renderJson(result: AnalysisResult): string {
    return JSON.stringify(toJsonReport(result), null, 2) + "\n";
}
