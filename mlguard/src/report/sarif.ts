/**
 * `--format sarif`: SARIF 2.1.0 for GitHub code scanning. One rule per policy of every pack, with
 * its description, remediation steps and frameworks; one result per violation, located where the
 * program constructed the resource. A waived violation is a result with an external suppression.
 */
import { createHash } from "crypto";
import type { Log, ReportingDescriptor, Result } from "sarif";
import { AnalysisResult, Violation, WaivedViolation } from "../policy/result";
import { EnforcementLevel, PolicyInfo, Severity } from "../policy/protocol";
import { resourceName } from "./common";

export interface SarifOptions {
    /** The tool version to report. */
    version: string;
    /** Maps a `project:///path` source position's path to a path relative to the repository root. */
    repoPath: (projectPath: string) => string;
    /** Distinguishes uploads for different stacks (`runAutomationDetails.id`). */
    category: string;
}

/** GitHub's `security-severity` scale. */
const SECURITY_SEVERITY: Record<Severity, string | undefined> = {
    critical: "9.5",
    high: "8.0",
    medium: "5.5",
    low: "3.0",
    unspecified: undefined,
};

function level(l: EnforcementLevel | "advisory" | "mandatory"): "error" | "warning" | "none" {
    return l === "mandatory" || l === "remediate" ? "error" : l === "advisory" ? "warning" : "none";
}

function help(p: PolicyInfo, pack: string): { text: string; markdown: string } {
    const frameworks = p.tags.filter((t) => t.includes(":"));
    const text = [
        p.description,
        p.remediationSteps ? `Remediation: ${p.remediationSteps}` : "",
        frameworks.length ? `Controls: ${frameworks.join(", ")}` : "",
        `Policy pack: ${pack}`,
        p.url ? `More: ${p.url}` : "",
    ]
        .filter((s) => s !== "")
        .join("\n\n");
    const markdown = [
        `**${p.displayName ?? p.name}**: ${p.description}`,
        p.remediationSteps ? `**Remediation.** ${p.remediationSteps}` : "",
        frameworks.length ? `**Controls:** ${frameworks.map((f) => `\`${f}\``).join(", ")}` : "",
        `Policy pack \`${pack}\`${p.severity !== "unspecified" ? `, severity ${p.severity}` : ""}.`,
        p.url ? `[Reference](${p.url})` : "",
    ]
        .filter((s) => s !== "")
        .join("\n\n");
    return { text, markdown };
}

/** `project:///stacks/index.ts#12,5` → path and position. */
function parseSourcePosition(sp: string | undefined): { path: string; line: number; column?: number } | undefined {
    const m = sp ? /^project:\/\/\/(.+)#(\d+)(?:,(\d+))?$/.exec(sp) : null;
    return m ? { path: decodeURIComponent(m[1]), line: Number(m[2]), column: m[3] ? Number(m[3]) : undefined } : undefined;
}

export function toSarif(result: AnalysisResult, opts: SarifOptions): Log {
    const rules: ReportingDescriptor[] = [];
    const ruleIndex = new Map<string, number>();
    for (const pack of result.packs) {
        for (const p of pack.policies) {
            const id = `${pack.name}/${p.name}`;
            const sev = SECURITY_SEVERITY[p.severity];
            ruleIndex.set(id, rules.length);
            rules.push({
                id,
                name: p.name,
                shortDescription: { text: p.displayName ?? p.description ?? p.name },
                fullDescription: { text: p.description || p.name },
                help: help(p, pack.name),
                ...(p.url ? { helpUri: p.url } : {}),
                defaultConfiguration: {
                    level: level(pack.levels[p.name] ?? p.enforcementLevel),
                    enabled: (pack.levels[p.name] ?? p.enforcementLevel) !== "disabled",
                },
                properties: {
                    tags: [...new Set(["security", pack.name, ...p.tags])],
                    ...(sev ? { "security-severity": sev } : {}),
                    precision: "high",
                    ...(p.remediationSteps ? { remediation: p.remediationSteps } : {}),
                    ...(p.framework?.name ? { framework: p.framework } : {}),
                },
            });
        }
    }
    const resources = new Map(result.snapshot.resources.map((r) => [r.urn, r]));
    const anchor = result.snapshot.anchorFile;
    const toResult = (v: Violation): Result => {
        const ruleId = `${v.policyPack}/${v.policyName}`;
        const res = v.urn ? resources.get(v.urn) : undefined;
        const pos = parseSourcePosition(res?.sourcePosition);
        const uri = pos ? opts.repoPath(pos.path) : anchor;
        const fingerprint = createHash("sha256")
            .update(`${ruleId}\u0000${v.urn ?? ""}\u0000${v.urn ? "" : v.message}`)
            .digest("hex");
        return {
            ruleId,
            ...(ruleIndex.has(ruleId) ? { ruleIndex: ruleIndex.get(ruleId) } : {}),
            level: level(v.enforcementLevel),
            message: { text: v.urn ? `${v.message}\n\nResource: ${v.urn}` : v.message },
            locations: [
                {
                    ...(uri
                        ? {
                              physicalLocation: {
                                  artifactLocation: { uri, uriBaseId: "%SRCROOT%" },
                                  region: { startLine: pos?.line ?? 1, ...(pos?.column ? { startColumn: pos.column } : {}) },
                              },
                          }
                        : {}),
                    ...(v.urn ? { logicalLocations: [{ name: resourceName(v.urn), fullyQualifiedName: v.urn, kind: "resource" }] } : {}),
                },
            ],
            partialFingerprints: { "mlguardPolicyResource/v1": fingerprint },
            properties: {
                policyPack: v.policyPack,
                enforcementLevel: v.enforcementLevel,
                severity: v.severity,
                frameworks: v.frameworks,
                ...(v.urn ? { urn: v.urn, resourceType: v.resourceType } : {}),
            },
        };
    };
    // A waiver lives in the policy config, outside the analysed program: an external suppression,
    // accepted, its justification the waiver's reason. Code scanning then shows the result as dismissed.
    const suppressed = (v: WaivedViolation): Result => {
        const r = toResult(v);
        return {
            ...r,
            suppressions: [{ kind: "external", status: "accepted", justification: v.waiver.reason }],
            properties: { ...r.properties, waiver: v.waiver },
        };
    };
    const results: Result[] = [...result.violations.map(toResult), ...result.waived.map(suppressed)];
    return {
        version: "2.1.0",
        $schema: "https://json.schemastore.org/sarif-2.1.0.json",
        runs: [
            {
                tool: { driver: { name: "mlguard", version: opts.version, informationUri: "https://www.pulumi.com/docs/iac/crossguard/", rules } },
                automationDetails: { id: `${opts.category}/` },
                results,
                columnKind: "utf16CodeUnits",
            },
        ],
    };
}

export function renderSarif(result: AnalysisResult, opts: SarifOptions): string {
    return JSON.stringify(toSarif(result, opts), null, 2) + "\n";
}
