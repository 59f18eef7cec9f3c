/** What every report format shares. */
import { AnalysisResult, Violation, WaiverTerms } from "../policy/result";
import { PolicyInfo, Severity } from "../policy/protocol";

export const SEVERITIES: Severity[] = ["critical", "high", "medium", "low", "unspecified"];

export interface Summary {
    mandatory: number;
    advisory: number;
}

export function summarize(result: AnalysisResult): Summary {
    return {
        mandatory: result.violations.filter((v) => v.enforcementLevel === "mandatory").length,
        advisory: result.violations.filter((v) => v.enforcementLevel === "advisory").length,
    };
}

/** The framework part of a tag: `hipaa:164.312(a)(2)(iv)` → `hipaa`. */
export function frameworkOf(tag: string): string {
    const i = tag.indexOf(":");
    return i > 0 ? tag.slice(0, i) : tag;
}

/** The distinct frameworks a violation maps to, or `["(none)"]`. */
export function frameworksOfViolation(v: Violation): string[] {
    const set = [...new Set(v.frameworks.map(frameworkOf))].sort();
    return set.length > 0 ? set : ["(none)"];
}

export function policyInfo(result: AnalysisResult, pack: string, policy: string): PolicyInfo | undefined {
    return result.packs.find((p) => p.name === pack)?.policies.find((p) => p.name === policy);
}

/** The resource's logical name, from its URN. */
export function resourceName(urn: string): string {
    const parts = urn.split("::");
    return parts.slice(3).join("::") || urn;
}

export function plural(n: number, one: string, many = `${one}s`): string {
    return `${n} ${n === 1 ? one : many}`;
}

export function packList(result: AnalysisResult): string {
    return result.packs.map((p) => `${p.name} ${p.version}`).join(", ") || "none";
}

/** A waiver's terms in one line: `until 2027-01-31: reason (ticket SEC-1, approved by alice)`. */
export function waiverTerms(w: WaiverTerms): string {
    const extra = [w.ticket ? `ticket ${w.ticket}` : "", w.approvedBy ? `approved by ${w.approvedBy}` : ""].filter((s) => s !== "");
    return `until ${w.expires}: ${w.reason}${extra.length ? ` (${extra.join(", ")})` : ""}`;
}
