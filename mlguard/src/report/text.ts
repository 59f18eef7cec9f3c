/** `--format text`: violations grouped by resource, coloured on a terminal, waived violations apart, and a summary line. */
import { AnalysisResult, Violation } from "../policy/result";
import { packList, plural, resourceName, summarize, waiverTerms } from "./common";

export interface TextOptions {
    color: boolean;
}

const codes = { red: 31, yellow: 33, cyan: 36, green: 32, dim: 2, bold: 1 } as const;

function painter(color: boolean) {
    return (style: keyof typeof codes, s: string) => (color ? `\u001b[${codes[style]}m${s}\u001b[0m` : s);
}

function indent(text: string, pad: string): string {
    return text
        .split("\n")
        .map((l) => (l === "" ? l : pad + l))
        .join("\n");
}

export function renderText(result: AnalysisResult, opts: TextOptions): string {
    const paint = painter(opts.color);
    const lines: string[] = [];
    const origin = result.snapshot.stack ? `stack "${result.snapshot.stack}"` : result.snapshot.origin;
    lines.push(`mlguard: ${plural(result.resources, "resource")} of ${origin}, policy packs: ${packList(result)}`);

    const groups = new Map<string, Violation[]>();
    for (const v of result.violations) {
        const k = v.urn ?? "";
        groups.set(k, [...(groups.get(k) ?? []), v]);
    }
    const keys = [...groups.keys()].sort((a, b) => (a === "" ? 1 : b === "" ? -1 : a < b ? -1 : 1));
    for (const urn of keys) {
        const vs = groups.get(urn)!;
        lines.push("");
        if (urn === "") {
            lines.push(paint("bold", "stack-wide"));
        } else {
            lines.push(`${paint("bold", resourceName(urn))} ${paint("cyan", vs[0].resourceType ?? "")}`);
            lines.push(`  ${paint("dim", urn)}`);
        }
        for (const v of vs) {
            const level = v.enforcementLevel === "mandatory" ? paint("red", "mandatory") : paint("yellow", "advisory ");
            const meta = [v.severity !== "unspecified" ? v.severity : "", ...v.frameworks].filter((s) => s !== "").join(", ");
            lines.push(`  ${level} ${v.policyPack}/${v.policyName}${meta ? paint("dim", ` (${meta})`) : ""}`);
            lines.push(indent(v.message, "      "));
        }
    }
    if (result.remediations.length > 0) {
        lines.push("");
        lines.push(paint("bold", "remediations"));
        for (const r of result.remediations) {
            lines.push(`  ${r.applied ? "applied" : "would apply"} ${r.policyPack}/${r.policyName} to ${resourceName(r.urn)} ${paint("dim", r.urn)}`);
        }
    }
    if (result.waived.length > 0) {
        lines.push("");
        lines.push(paint("bold", "waived"));
        for (const v of result.waived) {
            lines.push(
                `  ${paint("dim", "waived   ")} ${v.policyPack}/${v.policyName} on ${v.urn ? resourceName(v.urn) : "the stack"} ${waiverTerms(v.waiver)}`,
            );
            lines.push(indent(v.message, "      "));
        }
    }
    const s = summarize(result);
    const affected = new Set(result.violations.filter((v) => v.urn).map((v) => v.urn)).size;
    lines.push("");
    const verdict = s.mandatory > 0 ? paint("red", `${plural(s.mandatory, "mandatory violation")}`) : paint("green", "no mandatory violations");
    const waived = result.waived.length > 0 ? `; ${plural(result.waived.length, "waived violation")}` : "";
    lines.push(`${verdict}, ${plural(s.advisory, "advisory violation")} in ${affected} of ${plural(result.resources, "resource")}${waived}`);
    return lines.join("\n") + "\n";
}
