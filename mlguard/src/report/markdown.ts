/**
 * `--format markdown`: a pull-request comment. A verdict line, a table of violations by framework
 * and severity, the violations themselves, and a Mermaid diagram of the stack's resources grouped
 * by component (resources with violations highlighted).
 */
import { AnalysisResult, Violation } from "../policy/analyze";
import { StateResource } from "../model";
import { ROOT_STACK_TYPE } from "../synth/capture";
import { SEVERITIES, frameworksOfViolation, packList, plural, resourceName, summarize } from "./common";

/** GitHub rejects comments over 65,536 characters; leave room for the workflow's wrapper. */
const MAX_CHARS = 60000;
/** Past this many resources, the diagram shows components with counts instead of every resource. */
const MAX_DIAGRAM_RESOURCES = 150;

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
    const shown = resources.filter((r) => !r.type.startsWith("pulumi:providers:"));
    const byUrn = new Map(shown.map((r) => [r.urn, r]));
    const children = new Map<string, StateResource[]>();
    const roots: StateResource[] = [];
    for (const r of shown) {
        if (r.type === ROOT_STACK_TYPE) {
            continue;
        }
        const parent = r.parent && byUrn.has(r.parent) && byUrn.get(r.parent)!.type !== ROOT_STACK_TYPE ? r.parent : undefined;
        if (parent) {
            children.set(parent, [...(children.get(parent) ?? []), r]);
        } else {
            roots.push(r);
        }
    }
    const ids = new Map<string, string>();
    const id = (urn: string) => {
        if (!ids.has(urn)) {
            ids.set(urn, `r${ids.size}`);
        }
        return ids.get(urn)!;
    };
    const compact = shown.filter((r) => r.custom).length > MAX_DIAGRAM_RESOURCES;
    const out: string[] = ["```mermaid", "flowchart LR"];
    const countIn = (urn: string): { total: number; mandatory: number; advisory: number } => {
        const acc = { total: 0, mandatory: 0, advisory: 0 };
        for (const c of children.get(urn) ?? []) {
            if (c.custom) {
                acc.total++;
                const w = worst.get(c.urn);
                if (w) {
                    acc[w]++;
                }
            } else {
                const sub = countIn(c.urn);
                acc.total += sub.total;
                acc.mandatory += sub.mandatory;
                acc.advisory += sub.advisory;
            }
        }
        return acc;
    };
    const walk = (r: StateResource, depth: number) => {
        const pad = "  ".repeat(depth);
        const label = mermaidLabel(resourceName(r.urn), r.type);
        if (!r.custom) {
            if (compact) {
                const c = countIn(r.urn);
                const cls = c.mandatory ? ":::mandatory" : c.advisory ? ":::advisory" : "";
                out.push(`${pad}${id(r.urn)}["${mermaidLabel(resourceName(r.urn), `${r.type}: ${plural(c.total, "resource")}`)}"]${cls}`);
                return;
            }
            out.push(`${pad}subgraph ${id(r.urn)}["${label}"]`);
            for (const c of children.get(r.urn) ?? []) {
                walk(c, depth + 1);
            }
            out.push(`${pad}end`);
            return;
        }
        if (compact) {
            return;
        }
        const w = worst.get(r.urn);
        out.push(`${pad}${id(r.urn)}["${label}"]${w ? `:::${w}` : ""}`);
    };
    for (const r of roots) {
        walk(r, 1);
    }
    if (compact) {
        const loose = roots.filter((r) => r.custom);
        if (loose.length) {
            const m = loose.filter((r) => worst.get(r.urn) === "mandatory").length;
            out.push(`  top["${mermaidLabel("stack-level resources", plural(loose.length, "resource"))}"]${m ? ":::mandatory" : ""}`);
        }
    }
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
            `Policy packs: ${packList(result)}.`,
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
