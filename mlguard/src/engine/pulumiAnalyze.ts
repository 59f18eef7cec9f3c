/**
 * The real engine's verdict: `pulumi policy analyze --file <export> --policy-pack … --json`, read
 * into the same result model as mlguard's own host, so every report and exit code is shared.
 */
import { UsageError, firstLine } from "../errors";
import { StackSnapshot } from "../model";
import { EnforcementLevel, Severity } from "../policy/protocol";
import { AnalysisResult, PackMetadata, Remediation, Violation, analysisResult, violationFactory } from "../policy/result";
import { INSTALL_HINT, PulumiCli, runPulumi } from "./pulumiCli";

/** One pack as the engine is given it: its directory and, if any, its config file. */
export interface EnginePack extends PackMetadata {
    configFile?: string;
}

/** `policyEvent` of the CLI's JSON event stream (`apitype.PolicyEvent`). */
interface PolicyEvent {
    resourceUrn?: string;
    message: string;
    policyName: string;
    policyPackName: string;
    policyPackVersion: string;
    enforcementLevel: string;
    severity?: string;
}

/** `policyRemediationEvent` (`apitype.PolicyRemediationEvent`). */
interface PolicyRemediationEvent {
    resourceUrn: string;
    policyName: string;
    policyPackName: string;
}

export interface EngineEvents {
    violations: PolicyEvent[];
    remediations: PolicyRemediationEvent[];
    /** `summaryEvent.result`: `succeeded`, `failed`, … absent when the run ended early. */
    result?: string;
    /** `diagnosticEvent`s at severity error, in order. */
    errors: string[];
}

/** The command line, in the order `pulumi preview --policy-pack` pairs packs with configs. */
export function engineArgs(exportFile: string, packs: EnginePack[]): string[] {
    const args = ["policy", "analyze", "--file", exportFile, "--json"];
    for (const p of packs) {
        args.push("--policy-pack", p.dir.dir);
    }
    if (packs.some((p) => p.configFile)) {
        for (const p of packs) {
            if (!p.configFile) {
                throw new UsageError(`--engine pulumi pairs configs with packs by position: give a --policy-pack-config for "${p.info.name}" too`);
            }
            args.push("--policy-pack-config", p.configFile);
        }
    }
    return args;
}

/** Splits the CLI's newline-delimited JSON events; anything else on stdout is not an event. */
export function parseEngineEvents(stdout: string): EngineEvents {
    const events: EngineEvents = { violations: [], remediations: [], errors: [] };
    for (const line of stdout.split("\n")) {
        const text = line.trim();
        if (!text.startsWith("{")) {
            continue;
        }
        let e: any;
        try {
            e = JSON.parse(text);
        } catch {
            continue;
        }
        if (e.policyEvent) {
            events.violations.push(e.policyEvent);
        } else if (e.policyRemediationEvent) {
            events.remediations.push(e.policyRemediationEvent);
        } else if (e.summaryEvent) {
            events.result = e.summaryEvent.result;
        } else if (e.diagnosticEvent && e.diagnosticEvent.severity === "error") {
            events.errors.push(String(e.diagnosticEvent.message ?? "").trim());
        }
    }
    return events;
}

const LEVELS: Record<string, EnforcementLevel> = {
    advisory: "advisory",
    warning: "advisory",
    mandatory: "mandatory",
    remediate: "remediate",
    disabled: "disabled",
};
const SEVERITIES = new Set<Severity>(["low", "medium", "high", "critical"]);

/** The engine's events as mlguard's result. The pack metadata comes from the packs' own `GetAnalyzerInfo`. */
export function engineResult(events: EngineEvents, packs: PackMetadata[], snapshot: StackSnapshot): AnalysisResult {
    const byName = new Map(packs.map((p) => [p.info.name, p]));
    const toViolation = violationFactory(packs, snapshot);
    const violations: Violation[] = [];
    for (const e of events.violations) {
        const pack = byName.get(e.policyPackName);
        if (!pack) {
            throw new UsageError(`the Pulumi engine reported policy pack "${e.policyPackName}", which mlguard did not load`);
        }
        const policy = pack.info.policies.find((p) => p.name === e.policyName);
        const urn = e.resourceUrn || undefined;
        violations.push(
            toViolation(
                {
                    policyName: e.policyName,
                    policyPackName: e.policyPackName,
                    policyPackVersion: e.policyPackVersion,
                    description: policy?.description ?? "",
                    message: e.message,
                    enforcementLevel: LEVELS[e.enforcementLevel] ?? "advisory",
                    urn: urn ?? "",
                    severity: SEVERITIES.has(e.severity as Severity) ? (e.severity as Severity) : "unspecified",
                },
                pack,
                policy?.type === "stack" ? "stack" : "resource",
                urn,
            ),
        );
    }
    const typeOf = new Map(snapshot.resources.map((r) => [r.urn, r.type]));
    const remediations: Remediation[] = events.remediations.map((r) => ({
        urn: r.resourceUrn,
        resourceType: typeOf.get(r.resourceUrn) ?? "",
        policyPack: r.policyPackName,
        policyName: r.policyName,
        description: byName.get(r.policyPackName)?.info.policies.find((p) => p.name === r.policyName)?.description ?? "",
        // `pulumi policy analyze` reports a remediation and leaves the state as it was.
        applied: false,
    }));
    return analysisResult(packs, { ...snapshot, mode: "snapshot" }, violations, remediations);
}

/** Runs the engine on an export file and returns its verdict, or one error saying why it gave none. */
export async function analyzeWithEngine(cli: PulumiCli, exportFile: string, packs: EnginePack[], snapshot: StackSnapshot): Promise<AnalysisResult> {
    const run = await runPulumi(cli, engineArgs(exportFile, packs));
    const events = parseEngineEvents(run.stdout);
    // Exit 1 with a summary is the engine's "mandatory violations"; anything else without one is a failure.
    if (events.result === undefined || (run.code !== 0 && events.result !== "failed")) {
        const reason = events.errors[0] ?? firstLine(run.stderr.trim() || run.stdout.trim() || `exit code ${run.code}`);
        throw new UsageError(
            `the Pulumi engine (${cli.path}, ${cli.version}) gave no verdict: ${reason}${/not found|no such file/i.test(reason) ? `; reinstall it with ${INSTALL_HINT}` : ""}`,
        );
    }
    return engineResult(events, packs, snapshot);
}
