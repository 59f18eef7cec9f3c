/**
 * `--format markdown`: a pull-request comment. A verdict line, a table of violations by framework
 * and severity, the violations themselves, the waived violations with their waivers, and a Mermaid diagram of the stack's resources grouped
 * by component (resources with violations highlighted).
 */
import { AnalysisResult, Violation } from "../policy/result";
import { StateResource } from "../model";
import { ROOT_STACK_TYPE } from "../synth/capture";
import { SEVERITIES, frameworksOfViolation, packList, plural, resourceName, summarize, waiverTerms } from "./common";

/** GitHub rejects comments over 65,536 characters; leave room for the workflow's wrapper. */
const MAX_CHARS = 60000;
/** Past this many resources, the diagram shows each component's resources as one node per type. */
const MAX_DIAGRAM_RESOURCES = 120;

export const MARKER_PREFIX = "<!-- mlguard:";

function cell(s: string): string {
    return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, "<br>");
}

/** Escapes text for a quoted Mermaid label (the label's own `<br/>` and `<small>` stay markup). */
function esc(s: string): string {
    return s.replace(/"/g, "#quot;").replace(/</g, "#lt;").replace(/>/g, "#gt;");
}

function mermaidLabel(name: string, detail: string): string {
    return `${esc(name)}<br/><small>${esc(detail)}</small>`;
}

function summaryTable(violations: Violation[]): string[] {
    const frameworks = new Map<string, Record<string, number>>();
    for (const v of violations) {
        for (const f of frameworksOfViolation(v)) {
            const row = frameworks.get(f) ?? {};
            row[v.severity] = (row[v.severity] ?? 0) + 1;
            frameworks.set(f, row);
        }
    }
    const names = [...frameworks.keys()].sort((a, b) => (a === "(none)" ? 1 : b === "(none)" ? -1 : a < b ? -1 : 1));
    const lines = [`| Framework | ${SEVERITIES.join(" | ")} | Total |`, `|---|${SEVERITIES.map(() => "---:").join("|")}|---:|`];
    for (const f of names) {
        const row = frameworks.get(f)!;
        const total = SEVERITIES.reduce((n, s) => n + (row[s] ?? 0), 0);
        lines.push(`| ${cell(f)} | ${SEVERITIES.map((s) => String(row[s] ?? 0)).join(" | ")} | ${total} |`);
    }
    return lines;
}

function diagram(resources: StateResource[], violations: Violation[]): string[] {
    const worst = new Map<string, "mandatory" | "advisory">();
    for (const v of violations) {
        if (v.urn && worst.get(v.urn) !== "mandatory") {
            worst.set(v.urn, v.enforcementLevel);
        }
    }
    const shown = resources.filter((r) => !r.type.startsWith("pulumi:providers:") && r.type !== ROOT_STACK_TYPE);
    const byUrn = new Map(shown.map((r) => [r.urn, r]));
    const children = new Map<string, StateResource[]>();
    const roots: StateResource[] = [];
    for (const r of shown) {
        if (r.parent && byUrn.has(r.parent)) {
            children.set(r.parent, [...(children.get(r.parent) ?? []), r]);
        } else {
            roots.push(r);
        }
    }
    let next = 0;
    const id = () => `r${next++}`;
    // A large stack keeps its components but shows each one's resources as one node per type.
    const compact = shown.filter((r) => r.custom).length > MAX_DIAGRAM_RESOURCES;
    const out: string[] = ["```mermaid", "flowchart LR"];
    const cls = (level: "mandatory" | "advisory" | undefined) => (level ? `:::${level}` : "");
    const emitResources = (list: StateResource[], pad: string) => {
        if (!compact) {
            for (const r of list) {
                out.push(`${pad}${id()}["${mermaidLabel(resourceName(r.urn), r.type)}"]${cls(worst.get(r.urn))}`);
            }
            return;
        }
        const byType = new Map<string, StateResource[]>();
        for (const r of list) {
            byType.set(r.type, [...(byType.get(r.type) ?? []), r]);
        }
        for (const [type, rs] of [...byType.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
            const levels = rs.map((r) => worst.get(r.urn));
            const level = levels.includes("mandatory") ? "mandatory" : levels.includes("advisory") ? "advisory" : undefined;
            const label = rs.length === 1 ? mermaidLabel(resourceName(rs[0].urn), type) : mermaidLabel(`${rs.length} resources`, type);
            out.push(`${pad}${id()}["${label}"]${cls(level)}`);
        }
    };
    const walk = (list: StateResource[], depth: number) => {
        const pad = "  ".repeat(depth);
        emitResources(
            list.filter((r) => r.custom),
            pad,
        );
        for (const c of list.filter((r) => !r.custom)) {
            out.push(`${pad}subgraph ${id()}["${mermaidLabel(resourceName(c.urn), c.type)}"]`);
            walk(children.get(c.urn) ?? [], depth + 1);
            out.push(`${pad}end`);
        }
    };
    walk(roots, 1);
    out.push("  classDef mandatory fill:#ffe0e0,stroke:#d1242f,color:#000");
    out.push("  classDef advisory fill:#fff4d6,stroke:#bf8700,color:#000");
    out.push("```");
    return out;
}

export function renderMarkdown(result: AnalysisResult): string {
    const s = summarize(result);
    const target = result.snapshot.stack ?? result.snapshot.origin;
    const lines: string[] = [];
    lines.push(`${MARKER_PREFIX}${target} -->`);
    lines.push(`### ${s.mandatory > 0 ? "❌" : s.advisory > 0 ? "⚠️" : "✅"} mlguard: \`${target}\``);
    lines.push("");
    lines.push(
        `**${plural(s.mandatory, "mandatory violation")}**, ${plural(s.advisory, "advisory violation")} in ${plural(result.resources, "resource")}. ` +
            `${result.waived.length > 0 ? `${plural(result.waived.length, "waived violation")}. ` : ""}Policy packs: ${packList(result)}.`,
    );
    lines.push("");
    if (result.violations.length > 0) {
        lines.push("#### By framework and severity");
        lines.push("");
        lines.push(...summaryTable(result.violations));
        lines.push("");
        lines.push("#### Violations");
        lines.push("");
        lines.push("| Level | Severity | Policy | Resource | Message |");
        lines.push("|---|---|---|---|---|");
        const rows = result.violations.map(
            (v) =>
                `| ${v.enforcementLevel === "mandatory" ? "🛑 mandatory" : "⚠️ advisory"} | ${v.severity} | \`${cell(`${v.policyPack}/${v.policyName}`)}\` | ` +
                `${v.urn ? `\`${cell(resourceName(v.urn))}\` <sub>${cell(v.resourceType ?? "")}</sub>` : "_stack_"} | ${cell(v.message)} |`,
        );
        let size = lines.join("\n").length;
        let shown = 0;
        for (const row of rows) {
            if (size + row.length > MAX_CHARS * 0.7) {
                break;
            }
            lines.push(row);
            size += row.length + 1;
            shown++;
        }
        if (shown < rows.length) {
            lines.push("");
            lines.push(`_…and ${rows.length - shown} more; see the SARIF results in code scanning or run \`mlguard analyze\` locally._`);
        }
        lines.push("");
    }
    if (result.waived.length > 0) {
        lines.push("#### Waived");
        lines.push("");
        lines.push("| Policy | Resource | Waiver | Message |");
        lines.push("|---|---|---|---|");
        for (const v of result.waived) {
            lines.push(
                `| \`${cell(`${v.policyPack}/${v.policyName}`)}\` | ${v.urn ? `\`${cell(resourceName(v.urn))}\`` : "_stack_"} | ${cell(waiverTerms(v.waiver))} | ${cell(v.message)} |`,
            );
        }
        lines.push("");
    }
    if (result.remediations.length > 0) {
        lines.push("#### Remediations");
        lines.push("");
        for (const r of result.remediations) {
            lines.push(`- ${r.applied ? "applied" : "would apply"} \`${cell(`${r.policyPack}/${r.policyName}`)}\` to \`${cell(resourceName(r.urn))}\``);
        }
        lines.push("");
    }
    const d = diagram(result.snapshot.resources, result.violations);
    if (lines.join("\n").length + d.join("\n").length < MAX_CHARS) {
        lines.push("<details><summary>Resources by component</summary>");
        lines.push("");
        lines.push(...d);
        lines.push("");
        lines.push("</details>");
    }
    return lines.join("\n") + "\n";
}
