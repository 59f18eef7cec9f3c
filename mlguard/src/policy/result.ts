/**
 * The verdict of a run, whichever engine produced it: mlguard's own host or the Pulumi CLI.
 * Both build it here, so reports and exit codes cannot tell the engines apart.
 */
import { StackSnapshot } from "../model";
import { parseUrn } from "../values";
import { PolicyConfigMap } from "./config";
import { PackDir } from "./packDir";
import { AnalyzerInfo, Diagnostic, EnforcementLevel, PolicyInfo, Severity } from "./protocol";

/** What a report needs to know of a pack: where it is, what it declares, how it was configured. */
export interface PackMetadata {
    dir: PackDir;
    info: AnalyzerInfo;
    /** The reconciled config the pack ran with. */
    config: PolicyConfigMap;
}

export interface Violation {
    policyPack: string;
    policyPackVersion: string;
    policyName: string;
    description: string;
    message: string;
    enforcementLevel: "advisory" | "mandatory";
    severity: Severity;
    /** The resource; absent for a stack policy that named none. */
    urn?: string;
    resourceType?: string;
    frameworks: string[];
    /** `resource` (Analyze or a remediation's diagnostic) or `stack` (AnalyzeStack). */
    source: "resource" | "stack";
}

/** The terms of the waiver that turned a violation advisory, as the pack reported them. */
export interface WaiverTerms {
    /** ISO 8601 date (`YYYY-MM-DD`) the waiver is valid through. */
    expires: string;
    reason: string;
    ticket?: string;
    approvedBy?: string;
}

/** A violation a waiver in the policy config covers: reported, but never counted. */
export interface WaivedViolation extends Violation {
    waiver: WaiverTerms;
}

/**
 * The finding line of a waived violation, as the rule library writes it (policies/lib/waivers.ts):
 * `[waived until 2027-01-31: "reason" ticket "SEC-1" approved by "alice"] finding`, the terms as
 * JSON string literals so they parse back exactly.
 */
const JSON_STRING = String.raw`"(?:[^"\\]|\\.)*"`;
const WAIVED_LINE = new RegExp(
    String.raw`^\[waived until (\d{4}-\d{2}-\d{2}): (${JSON_STRING})(?: ticket (${JSON_STRING}))?(?: approved by (${JSON_STRING}))?\] `,
);

/** Splits a waived violation's message into its waiver terms and the message without them; undefined for any other. */
export function parseWaived(message: string): { waiver: WaiverTerms; message: string } | undefined {
    // The SDK puts the policy's description on the first line; the finding follows.
    const nl = message.indexOf("\n");
    const head = nl >= 0 ? message.slice(0, nl + 1) : "";
    const m = WAIVED_LINE.exec(message.slice(head.length));
    if (!m) {
        return undefined;
    }
    const waiver: WaiverTerms = {
        expires: m[1],
        reason: JSON.parse(m[2]) as string,
        ...(m[3] ? { ticket: JSON.parse(m[3]) as string } : {}),
        ...(m[4] ? { approvedBy: JSON.parse(m[4]) as string } : {}),
    };
    return { waiver, message: head + message.slice(head.length + m[0].length) };
}

export interface Remediation {
    urn: string;
    resourceType: string;
    policyPack: string;
    policyName: string;
    description: string;
    /** True when the run applied it (a deployment), false when only reported (a snapshot). */
    applied: boolean;
}

export interface AnalysisResult {
    /** Each pack, its policies, and the enforcement level each policy ran at after config. */
    packs: { name: string; version: string; dir: string; policies: PolicyInfo[]; levels: Record<string, EnforcementLevel> }[];
    resources: number;
    /** Violations that count: every one not covered by a waiver. */
    violations: Violation[];
    /** Violations a waiver covers, listed apart and never counted towards the exit code. */
    waived: WaivedViolation[];
    remediations: Remediation[];
    snapshot: StackSnapshot;
}

/** Tag namespaces that classify a policy without naming a compliance framework. */
const NON_FRAMEWORK_TAGS = new Set(["topic", "service", "resource"]);

/** A policy's framework controls: its `<framework>:<control>` tags, else its SDK framework's name. */
export function frameworksOf(p: PolicyInfo | undefined): string[] {
    if (!p) {
        return [];
    }
    const tagged = p.tags.filter((t) => /^[A-Za-z0-9][A-Za-z0-9._-]*:.+/.test(t) && !NON_FRAMEWORK_TAGS.has(t.slice(0, t.indexOf(":")).toLowerCase()));
    if (tagged.length > 0) {
        return [...new Set(tagged)].sort();
    }
    return p.framework?.name ? [p.framework.name.toLowerCase()] : [];
}

/** Where a violation came from: a resource policy (Analyze, Remediate) or a stack policy (AnalyzeStack). */
export type ViolationSource = Violation["source"];

/**
 * Turns a pack's diagnostic into a {@link Violation}, filling in what the diagnostic leaves out
 * from the pack's declared policies: severity, frameworks and the resource's type.
 */
export function violationFactory(
    packs: PackMetadata[],
    snapshot: StackSnapshot,
): (d: Diagnostic, pack: PackMetadata, source: ViolationSource, urn: string | undefined) => Violation {
    const policyIndex = new Map<string, PolicyInfo>();
    for (const p of packs) {
        for (const pol of p.info.policies) {
            policyIndex.set(`${p.info.name}\u0000${pol.name}`, pol);
        }
    }
    const typeOf = new Map(snapshot.resources.map((r) => [r.urn, r.type]));
    // The engine reports a stack policy's violation that names no resource on the root stack.
    const rootUrn = snapshot.resources.find((r) => r.type === "pulumi:pulumi:Stack" && r.parent === undefined)?.urn;
    return (d, pack, source, named) => {
        const urn = named || (source === "stack" ? rootUrn : undefined);
        const policy = policyIndex.get(`${pack.info.name}\u0000${d.policyName}`);
        // As the engine: a violation still reported at "remediate" is mandatory.
        const level: EnforcementLevel = d.enforcementLevel === "remediate" ? "mandatory" : d.enforcementLevel;
        return {
            policyPack: d.policyPackName || pack.info.name,
            policyPackVersion: pack.dir.version ?? d.policyPackVersion,
            policyName: d.policyName,
            description: d.description || policy?.description || "",
            message: d.message,
            enforcementLevel: level === "mandatory" ? "mandatory" : "advisory",
            severity: d.severity !== "unspecified" ? d.severity : (policy?.severity ?? "unspecified"),
            ...(urn ? { urn, resourceType: typeOf.get(urn) ?? parseUrn(urn)?.type } : {}),
            frameworks: frameworksOf(policy),
            source,
        };
    };
}

/** The result in its canonical order, so two runs of the same inputs compare equal. */
export function analysisResult(packs: PackMetadata[], snapshot: StackSnapshot, violations: Violation[], remediations: Remediation[]): AnalysisResult {
    // Sort once on precomputed keys: a large stack has tens of thousands of violations.
    const keyed = violations.map((v) => ({ v, k: [v.urn ?? "", v.policyPack, v.policyName, v.message, v.enforcementLevel].join("\u0000") }));
    keyed.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
    const sortedRemediations = [...remediations].sort((a, b) => (a.urn + a.policyName < b.urn + b.policyName ? -1 : 1));
    const counted: Violation[] = [];
    const waived: WaivedViolation[] = [];
    for (const { v } of keyed) {
        // Only an advisory diagnostic is a waived one: a pack cannot waive its way past a mandatory result.
        const w = v.enforcementLevel === "advisory" ? parseWaived(v.message) : undefined;
        if (w) {
            waived.push({ ...v, message: w.message, waiver: w.waiver });
        } else {
            counted.push(v);
        }
    }
    return {
        packs: packs.map((p) => ({
            name: p.info.name,
            version: p.info.version,
            dir: p.dir.dir,
            policies: p.info.policies,
            levels: Object.fromEntries(p.info.policies.map((pol) => [pol.name, p.config[pol.name]?.enforcementLevel ?? pol.enforcementLevel])),
        })),
        resources: snapshot.resources.length,
        violations: counted,
        waived,
        remediations: sortedRemediations,
        snapshot,
    };
}
