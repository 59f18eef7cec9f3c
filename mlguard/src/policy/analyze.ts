/**
 * Plays the engine's part: starts the packs, configures them, and calls `Remediate`, `Analyze`
 * and `AnalyzeStack` as a deployment (or `pulumi policy analyze`) would. Every verdict comes from
 * the packs' own `@pulumi/policy` runtime.
 */
import { UsageError, firstLine } from "../errors";
import { StackSnapshot, StateResource } from "../model";
import { Json, checkpointPropsToWire, parseProviderRef, parseUrn } from "../values";
import { GrpcError, Status } from "./channel";
import { PolicyConfigMap, reconcile } from "./config";
import { PackDir } from "./packDir";
import { PackEnvironment, PackProcess, StartOptions } from "./packProcess";
import { AnalysisResult, PackMetadata, Remediation, Violation, analysisResult, violationFactory } from "./result";
import {
    AnalyzerResourceSpec,
    ProviderResource,
    configureRequest,
    configureStackRequest,
    decodeDiagnosticsFrom,
    decodeInfo,
    decodeRemediations,
    emptyRequest,
    encodeAnalyzeRequest,
    encodeAnalyzeStackRequest,
    encodeStackResource,
} from "./protocol";

export interface PackRequest {
    dir: PackDir;
    /** Config for this pack (already parsed), if any. */
    config?: PolicyConfigMap;
    /** The file it came from, for messages. */
    configFile?: string;
}

export interface LoadedPack extends PackMetadata {
    proc: PackProcess;
    /** Whether any policy runs at level `remediate`: only then can `Remediate` return anything. */
    remediates: boolean;
}

export type { AnalysisResult, Remediation, Violation } from "./result";

export interface StackContext {
    organization: string;
    project?: string;
    stack?: string;
    /** Stack config as strings (`PULUMI_CONFIG`), when known. */
    config?: Record<string, string>;
    secretKeys?: string[];
}

function packEnvironment(ctx: StackContext): PackEnvironment {
    return { organization: ctx.organization, project: ctx.project, stack: ctx.stack, config: ctx.config, dryRun: true };
}

/** Starts every pack concurrently. If one fails, the others are stopped and its error is raised. */
export async function startPacks(requests: PackRequest[], ctx: StackContext, opts: StartOptions): Promise<PackProcess[]> {
    const results = await Promise.allSettled(requests.map((r) => PackProcess.start(r.dir, packEnvironment(ctx), opts)));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failed) {
        results.forEach((r) => r.status === "fulfilled" && r.value.kill());
        throw failed.reason;
    }
    return results.map((r) => (r as PromiseFulfilledResult<PackProcess>).value);
}

/**
 * What the engine does once a pack is up: `ConfigureStack`, `GetAnalyzerInfo`, reconcile and
 * validate the config, `Configure`. Validation errors of all packs are reported together.
 */
export async function configurePacks(procs: PackProcess[], requests: PackRequest[], ctx: StackContext): Promise<LoadedPack[]> {
    const infos = await Promise.all(
        procs.map(async (proc) => {
            if (ctx.project && ctx.stack) {
                try {
                    await proc.call(
                        "configureStack",
                        configureStackRequest({
                            stack: ctx.stack,
                            project: ctx.project,
                            organization: ctx.organization,
                            dryRun: true,
                            config: ctx.config ?? {},
                            secretKeys: ctx.secretKeys ?? [],
                        }),
                        "ConfigureStack",
                    );
                } catch (e: any) {
                    if (!(e instanceof GrpcError && e.code === Status.UNIMPLEMENTED)) {
                        throw e;
                    }
                }
            }
            const info = decodeInfo(await proc.call("getAnalyzerInfo", emptyRequest(), "GetAnalyzerInfo"));
            return info;
        }),
    );
    const errors: string[] = [];
    const loaded: LoadedPack[] = [];
    procs.forEach((proc, i) => {
        const req = requests[i];
        const info = infos[i];
        if (req.dir.version) {
            info.version = req.dir.version;
        }
        if (!info.supportsConfig) {
            if (req.config && req.configFile) {
                throw new UsageError(`policy pack "${info.name}" at ${req.dir.label} does not support config, but ${req.configFile} was given for it`);
            }
            loaded.push({ dir: req.dir, proc, info, config: {}, remediates: info.policies.some((p) => p.enforcementLevel === "remediate") });
            return;
        }
        const { config, errors: errs } = reconcile(info.name, info.policies, info.initialConfig, req.config);
        for (const e of errs) {
            errors.push(`pack "${info.name}" ${info.version}${req.configFile ? ` (config ${req.configFile})` : ""}: ${e}`);
        }
        const remediates = info.policies.some((p) => config[p.name]?.enforcementLevel === "remediate");
        loaded.push({ dir: req.dir, proc, info, config, remediates });
    });
    if (errors.length > 0) {
        errors.sort();
        throw new UsageError(`invalid policy config: ${errors.join("; ")}`);
    }
    await Promise.all(
        loaded.map((p) =>
            p.info.supportsConfig && Object.keys(p.config).length > 0 ? p.proc.call("configure", configureRequest(p.config), "Configure") : Promise.resolve(),
        ),
    );
    return loaded;
}

/** Runs `fn` over `items` with at most `limit` in flight, keeping result order. */
async function pool<T, R>(items: T[], limit: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
    const out = new Array<R>(items.length);
    let next = 0;
    const worker = async () => {
        for (;;) {
            const i = next++;
            if (i >= items.length) {
                return;
            }
            out[i] = await fn(items[i], i);
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
    return out;
}

function options(r: StateResource) {
    return {
        protect: r.protect,
        ignoreChanges: r.ignoreChanges ?? [],
        deleteBeforeReplace: r.deleteBeforeReplace,
        additionalSecretOutputs: r.additionalSecretOutputs ?? [],
        aliases: r.aliases ?? [],
        customTimeouts: r.customTimeouts,
        parent: r.parent,
    };
}

function nameOf(urn: string): string {
    return parseUrn(urn)?.name ?? urn;
}

function rpcFailure(pack: LoadedPack, what: string, e: unknown): UsageError {
    if (e instanceof UsageError) {
        return e;
    }
    const detail = e instanceof GrpcError ? e.details : ((e as Error)?.message ?? String(e));
    return new UsageError(`policy pack "${pack.info.name}" failed during ${what}: ${firstLine(detail)}`);
}

export interface AnalyzeOptions {
    /** Resources analyzed at once (each one's requests to every pack are in flight together). */
    concurrency?: number;
}

export async function analyzeSnapshot(snapshot: StackSnapshot, packs: LoadedPack[], opts: AnalyzeOptions = {}): Promise<AnalysisResult> {
    const concurrency = opts.concurrency ?? 64;
    const byUrn = new Map(snapshot.resources.map((r) => [r.urn, r]));
    const providerOf = (r: StateResource): ProviderResource | undefined => {
        const ref = r.provider ? parseProviderRef(r.provider) : undefined;
        const prov = ref ? byUrn.get(ref.urn) : undefined;
        return prov
            ? { urn: prov.urn, type: prov.type, name: nameOf(prov.urn), properties: checkpointPropsToWire(prov.inputs, { skipInternalKeys: true }) }
            : undefined;
    };
    const violations: Violation[] = [];
    const remediations: Remediation[] = [];
    const toViolation = violationFactory(packs, snapshot);

    // Per resource: remediations (applied in a deployment, reported in a snapshot), then analysis.
    const tStart = Date.now();
    const finalInputs = await pool(snapshot.resources, concurrency, async (r) => {
        const provider = providerOf(r);
        const base = { urn: r.urn, type: r.type, name: nameOf(r.urn), options: options(r), provider };
        let remediated: Record<string, Json> | undefined;
        for (const pack of packs) {
            if (!pack.remediates) {
                continue;
            }
            const props = remediated ?? checkpointPropsToWire(r.inputs, { skipInternalKeys: false });
            let resp: any;
            try {
                resp = await pack.proc.call("remediate", encodeAnalyzeRequest({ ...base, properties: props }), `Remediate of ${r.urn}`);
            } catch (e: any) {
                if (e instanceof GrpcError && e.code === Status.UNIMPLEMENTED) {
                    continue;
                }
                throw rpcFailure(pack, `Remediate of ${r.urn}`, e);
            }
            for (const t of decodeRemediations(resp)) {
                if (t.diagnostic) {
                    violations.push(
                        toViolation(
                            {
                                policyName: t.policyName,
                                policyPackName: t.policyPackName,
                                policyPackVersion: t.policyPackVersion,
                                description: t.description,
                                message: t.diagnostic,
                                enforcementLevel: "advisory",
                                urn: r.urn,
                                severity: "unspecified",
                            },
                            pack,
                            "resource",
                            r.urn,
                        ),
                    );
                } else if (t.properties) {
                    const applied = snapshot.mode === "deployment";
                    remediations.push({
                        urn: r.urn,
                        resourceType: r.type,
                        policyPack: pack.info.name,
                        policyName: t.policyName,
                        description: t.description,
                        applied,
                    });
                    if (applied) {
                        remediated = t.properties;
                    }
                }
            }
        }
        const properties = remediated ? stripInternal(remediated) : checkpointPropsToWire(r.inputs, { skipInternalKeys: true });
        const request = encodeAnalyzeRequest({ ...base, properties });
        await Promise.all(
            packs.map(async (pack) => {
                let resp: any;
                try {
                    resp = await pack.proc.call("analyze", request, `Analyze of ${r.urn}`, true);
                } catch (e) {
                    throw rpcFailure(pack, `Analyze of ${r.urn}`, e);
                }
                for (const d of decodeDiagnosticsFrom(resp)) {
                    // The engine reports a resource policy's violation against the resource analyzed.
                    violations.push(toViolation(d, pack, "resource", r.urn));
                }
            }),
        );
        return remediated;
    });

    const tResources = Date.now();
    // The whole stack, with outputs, parents and dependencies.
    const stackResources = snapshot.resources.map((r, i) => {
        let outputs = checkpointPropsToWire(r.outputs, { skipInternalKeys: true });
        const remediated = finalInputs[i];
        if (remediated) {
            // The remediated inputs are what the provider would have been given.
            outputs = { ...outputs, ...stripInternal(remediated) };
        }
        const spec: AnalyzerResourceSpec = {
            urn: r.urn,
            type: r.type,
            name: nameOf(r.urn),
            properties: outputs,
            options: options(r),
            provider: providerOf(r),
            parent: r.parent,
            dependencies: r.dependencies,
            propertyDependencies: Object.fromEntries(Object.entries(r.propertyDependencies).map(([k, v]) => [k, v ?? []])),
        };
        return encodeStackResource(spec, snapshot.mode === "snapshot");
    });
    const stackRequest = encodeAnalyzeStackRequest(stackResources);
    await Promise.all(
        packs.map(async (pack) => {
            let resp: any;
            try {
                resp = await pack.proc.call("analyzeStack", stackRequest, "AnalyzeStack", true);
            } catch (e: any) {
                if (e instanceof GrpcError && e.code === Status.UNIMPLEMENTED) {
                    return;
                }
                throw rpcFailure(pack, "AnalyzeStack", e);
            }
            for (const d of decodeDiagnosticsFrom(resp)) {
                violations.push(toViolation(d, pack, "stack", d.urn || undefined));
            }
        }),
    );

    if (process.env.MLGUARD_TIMING) {
        process.stderr.write(`mlguard: Remediate/Analyze ${tResources - tStart} ms, AnalyzeStack ${Date.now() - tResources} ms\n`);
    }
    return analysisResult(packs, snapshot, violations, remediations);
}

function stripInternal(props: Record<string, Json>): Record<string, Json> {
    return checkpointPropsToWire(props, { skipInternalKeys: true });
}

export function stopPacks(packs: { kill(): void }[]): void {
    packs.forEach((p) => p.kill());
}
