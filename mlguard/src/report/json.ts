/** `--format json`: the machine-readable verdict. */
import { AnalysisResult } from "../policy/result";
import { summarize } from "./common";

export interface JsonReport {
    policyPacks: { name: string; version: string }[];
    resources: number;
    violations: {
        policyPack: string;
        policyName: string;
        enforcementLevel: "advisory" | "mandatory";
        severity: string;
        urn: string | null;
        resourceType: string | null;
        message: string;
        frameworks: string[];
    }[];
    summary: { mandatory: number; advisory: number };
}

export function toJsonReport(result: AnalysisResult): JsonReport {
    return {
        policyPacks: result.packs.map((p) => ({ name: p.name, version: p.version })),
        resources: result.resources,
        violations: result.violations.map((v) => ({
            policyPack: v.policyPack,
            policyName: v.policyName,
            enforcementLevel: v.enforcementLevel,
            severity: v.severity,
            urn: v.urn ?? null,
            resourceType: v.resourceType ?? null,
            message: v.message,
            frameworks: v.frameworks,
        })),
        summary: summarize(result),
    };
}

export function renderJson(result: AnalysisResult): string {
    return JSON.stringify(toJsonReport(result), null, 2) + "\n";
}
