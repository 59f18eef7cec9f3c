/**
 * `mlguard synth`: run the project's Pulumi program under the SDK's mocks and write what the
 * engine would have recorded, in `pulumi stack export` form.
 */
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { UsageError, firstLine } from "../errors";
import { StateResource } from "../model";
import { Project, StackConfig, programConfig } from "../project";
import { Json, SECRET_SIG, SIG_KEY, containsSecret, makeSecret, stableSort, wireToCheckpoint } from "../values";
import { Capture, CapturedResource } from "./capture";
import { orderResources } from "./order";

/** Default account when the stack names none in `aws:allowedAccountIds`. */
export const DEFAULT_ACCOUNT = "123456789012";
export const DEFAULT_REGION = "us-east-1";

export interface StackExport {
    version: 3;
    deployment: {
        manifest: { time: string; magic: string; version: string; plugins?: { name: string; path: string; type: string; version: string }[] };
        resources: StateResource[];
    };
}

function sha256(...parts: string[]): string {
    return createHash("sha256").update(parts.join("\u0000")).digest("hex");
}

function uuidFrom(hex: string): string {
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The account and region the mocks answer with: the stack's own. */
export function mockEnvironment(stack: StackConfig): { accountId: string; region: string } {
    let ids = stack.config["aws:allowedAccountIds"];
    if (typeof ids === "string") {
        try {
            ids = JSON.parse(ids);
        } catch {
            ids = [ids];
        }
    }
    const first = Array.isArray(ids) && ids.length > 0 ? String(ids[0]) : DEFAULT_ACCOUNT;
    const region = typeof stack.config["aws:region"] === "string" ? stack.config["aws:region"] : DEFAULT_REGION;
    return { accountId: first, region };
}

/** Copies secretness from inputs to outputs of the same name, as the engine does for providers. */
function annotateSecrets(outs: Record<string, Json>, ins: Record<string, Json>): void {
    for (const key of Object.keys(ins)) {
        if (!(key in outs)) {
            continue;
        }
        const o = outs[key];
        const i = ins[key];
        const isObj = (v: Json) => typeof v === "object" && v !== null && !Array.isArray(v) && (v as any)[SIG_KEY] === undefined;
        if (isObj(o) && isObj(i)) {
            annotateSecrets(o as Record<string, Json>, i as Record<string, Json>);
        } else if (!((o as any)?.[SIG_KEY] === SECRET_SIG) && containsSecret(i)) {
            outs[key] = makeSecret(o);
        }
    }
}

function sourcePosition(project: Project, rec: CapturedResource): string | undefined {
    if (!rec.sourceUri?.startsWith("file://") || !rec.sourceLine) {
        return undefined;
    }
    const file = decodeURIComponent(rec.sourceUri.slice("file://".length));
    const rel = path.relative(project.dir, file);
    if (rel.startsWith("..") || path.isAbsolute(rel) || rel.split(path.sep).includes("node_modules")) {
        return undefined;
    }
    const col = rec.sourceColumn ? `,${rec.sourceColumn}` : "";
    return `project:///${rel.split(path.sep).join("/")}#${rec.sourceLine}${col}`;
}

function timeoutSeconds(v: string | undefined): number | undefined {
    if (!v) {
        return undefined;
    }
    // Go duration strings as the SDK sends them ("10m", "1h30m", "45s").
    let total = 0;
    const re = /([0-9.]+)(h|m|s|ms)/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(v)) !== null) {
        const n = Number(m[1]);
        total += m[2] === "h" ? n * 3600 : m[2] === "m" ? n * 60 : m[2] === "ms" ? n / 1000 : n;
    }
    return total;
}

interface SdkModules {
    pulumi: typeof import("@pulumi/pulumi");
    settings: any;
    stack: any;
}

function loadSdk(): SdkModules {
    /* eslint-disable @typescript-eslint/no-require-imports */
    return {
        pulumi: require("@pulumi/pulumi"),
        settings: require("@pulumi/pulumi/runtime/settings"),
        stack: require("@pulumi/pulumi/runtime/stack"),
    };
    /* eslint-enable @typescript-eslint/no-require-imports */
}

/**
 * Runs the program once, in this process, and returns its stack export.
 *
 * The Pulumi runtime is a process-wide singleton: call this at most once per process.
 */
export async function synth(project: Project, stack: StackConfig): Promise<StackExport> {
    const { pulumi, settings, stack: stackRuntime } = loadSdk();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { AwsMocks } = require("../../../components/testing/mocks") as typeof import("../../../components/testing/mocks");
    const env = mockEnvironment(stack);
    const mocks = new AwsMocks(env);
    await pulumi.runtime.setMocks(mocks, project.name, stack.name, false, "organization");
    pulumi.runtime.setAllConfig(programConfig(stack.config), stack.secretKeys);
    const capture = new Capture(project.name, stack.name);
    capture.install(settings.getMonitor());

    const failures: unknown[] = [];
    const onFailure = (e: unknown) => failures.push(e);
    // The program's errors surface as rejections of promises the runtime holds, sometimes after
    // the stack has resolved. They are collected for the whole life of this (short) process.
    process.on("unhandledRejection", onFailure);
    process.on("uncaughtException", onFailure);
    // As the Node.js language host: the program compiles with the project's tsconfig.json options
    // (over a target of ES2020), here transpile-only like the rest of mlguard.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const loader = require("../host/tsLoader");
    const tsconfig = path.join(project.dir, "tsconfig.json");
    loader.register({ target: "ES2020", ...((fs.existsSync(tsconfig) && loader.readCompilerOptions(tsconfig)) || {}) });
    const cwd = process.cwd();
    try {
        process.chdir(project.dir);
        const main = project.main;
        // As the Node.js language host: a directory is required as a directory, so its package.json or index is used.
        const program = fs.existsSync(main) && fs.statSync(main).isDirectory() && !main.endsWith(path.sep) ? main + path.sep : main;
        await stackRuntime.runInPulumiStack(async () => {
            try {
                // eslint-disable-next-line @typescript-eslint/no-require-imports
                const exported = require(program);
                return await (exported instanceof Function ? exported() : exported);
            } catch (e) {
                failures.push(e);
                throw e;
            }
        });
        await settings.waitForRPCs();
        // Let rejections of the last registrations arrive.
        await new Promise((resolve) => setImmediate(resolve));
    } catch (e) {
        failures.unshift(e);
    } finally {
        process.chdir(cwd);
        process.off("uncaughtException", onFailure);
    }
    if (failures.length > 0) {
        const e = failures[0];
        if (process.env.MLGUARD_DEBUG) {
            process.stderr.write(`${(e as Error)?.stack ?? String(e)}\n`);
        }
        if (e instanceof UsageError) {
            throw e;
        }
        throw new UsageError(`the program of stack "${stack.name}" failed under mocks: ${firstLine(e)}`);
    }
    return buildExport(project, stack, capture);
}

/** Turns the captured registrations into the engine's checkpoint. */
export function buildExport(project: Project, stack: StackConfig, capture: Capture): StackExport {
    const resolved = new Map<string, { protect: boolean; retainOnDelete: boolean }>();
    const resources: StateResource[] = [];
    const providers = new Map<string, StateResource>();
    const plugins = new Map<string, string>();

    const recs = capture.resources.filter((r) => r.urn !== undefined);
    // Parents register before children, so inheritance resolves in registration order.
    for (const rec of [...recs].sort((a, b) => a.seq - b.seq)) {
        const parent = rec.parent ? resolved.get(rec.parent) : undefined;
        const protect = rec.protect ?? parent?.protect ?? false;
        const retainOnDelete = rec.retainOnDelete ?? parent?.retainOnDelete ?? false;
        resolved.set(rec.urn!, { protect, retainOnDelete });

        let provider: string | undefined;
        const isProvider = rec.type.startsWith("pulumi:providers:");
        if (rec.custom && !isProvider) {
            provider = rec.provider || defaultProvider(project, stack, rec, providers, plugins);
        }

        const inputs = rec.inputs;
        let outputs: Record<string, Json>;
        if (rec.custom) {
            outputs = { ...(rec.outputs ?? {}) };
            annotateSecrets(outputs, inputs);
            for (const k of rec.additionalSecretOutputs) {
                if (k in outputs) {
                    outputs[k] = makeSecret(outputs[k]);
                }
            }
        } else {
            outputs = capture.outputsByUrn.get(rec.urn!) ?? {};
        }

        const propertyDependencies: Record<string, string[] | null> = {};
        for (const [k, v] of Object.entries(rec.propertyDependencies)) {
            // The engine stores a property without dependencies as null.
            propertyDependencies[k] = v.length > 0 ? [...v] : null;
        }
        const timeouts = rec.customTimeouts
            ? {
                  create: timeoutSeconds(rec.customTimeouts.create),
                  update: timeoutSeconds(rec.customTimeouts.update),
                  delete: timeoutSeconds(rec.customTimeouts.delete),
              }
            : undefined;
        resources.push({
            urn: rec.urn!,
            custom: rec.custom,
            type: rec.type,
            ...(rec.custom && rec.id ? { id: rec.id } : {}),
            ...(rec.parent ? { parent: rec.parent } : {}),
            ...(provider ? { provider } : {}),
            inputs: wireToCheckpoint(inputs) as Record<string, Json>,
            outputs: wireToCheckpoint(outputs) as Record<string, Json>,
            dependencies: [...new Set(rec.dependencies)],
            propertyDependencies,
            protect,
            retainOnDelete,
            ...(rec.external ? { external: true } : {}),
            ...(rec.ignoreChanges.length ? { ignoreChanges: [...rec.ignoreChanges] } : {}),
            ...(rec.additionalSecretOutputs.length ? { additionalSecretOutputs: [...rec.additionalSecretOutputs] } : {}),
            ...(rec.aliases.length ? { aliases: [...rec.aliases] } : {}),
            ...(timeouts && (timeouts.create || timeouts.update || timeouts.delete) ? { customTimeouts: timeouts } : {}),
            ...(sourcePosition(project, rec) ? { sourcePosition: sourcePosition(project, rec) } : {}),
        });
    }
    const all = orderResources([...providers.values(), ...resources]);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const sdkVersion: string = require("@pulumi/pulumi/package.json").version;
    const version = `v${sdkVersion}`;
    const epoch = Number(process.env.SOURCE_DATE_EPOCH);
    const time = new Date(Number.isFinite(epoch) && process.env.SOURCE_DATE_EPOCH ? epoch * 1000 : 0).toISOString();
    return {
        version: 3,
        deployment: {
            manifest: {
                time,
                magic: sha256(version).slice(0, 64),
                version,
                plugins: [...plugins.entries()].sort().map(([name, v]) => ({ name, path: "", type: "resource", version: v })),
            },
            resources: all.map((r) => stableSort(r)),
        },
    };
}

/** The engine's default provider for a resource's package, created on first use. */
function defaultProvider(
    project: Project,
    stack: StackConfig,
    rec: CapturedResource,
    providers: Map<string, StateResource>,
    plugins: Map<string, string>,
): string {
    const pkg = rec.type.split(":")[0];
    const version = rec.version || packageVersion(pkg);
    const name = version ? `default_${version.replace(/[^A-Za-z0-9]/g, "_")}` : "default";
    const urn = `urn:pulumi:${stack.name}::${project.name}::pulumi:providers:${pkg}::${name}`;
    let state = providers.get(urn);
    if (!state) {
        const config = programConfig(stack.config);
        const inputs: Record<string, Json> = {};
        for (const [k, v] of Object.entries(config)) {
            if (k.startsWith(`${pkg}:`)) {
                inputs[k.slice(pkg.length + 1)] = stack.secretKeys.includes(k) ? { [SIG_KEY]: SECRET_SIG, value: v } : v;
            }
        }
        if (version) {
            inputs.version = version;
        }
        state = {
            urn,
            custom: true,
            type: `pulumi:providers:${pkg}`,
            id: uuidFrom(sha256(stack.name, project.name, urn)),
            inputs: wireToCheckpoint(inputs) as Record<string, Json>,
            outputs: wireToCheckpoint(inputs) as Record<string, Json>,
            dependencies: [],
            propertyDependencies: {},
            protect: false,
            retainOnDelete: false,
        };
        providers.set(urn, state);
        if (version) {
            plugins.set(pkg, version);
        }
    }
    return `${state.urn}::${state.id}`;
}

function packageVersion(pkg: string): string {
    try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        return require(`@pulumi/${pkg}/package.json`).version;
    } catch {
        return "";
    }
}

/**
 * The export as `pulumi stack export` prints it: indented, with a trailing newline, and each
 * resource without the false and empty fields that `apitype.ResourceV3` marks omitempty (all but
 * `urn`, `custom` and `type`).
 */
export function serializeExport(exp: StackExport): string {
    const resources = exp.deployment.resources.map((r) => {
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(r)) {
            const empty =
                v === false || v === "" || (Array.isArray(v) && v.length === 0) || (typeof v === "object" && v !== null && Object.keys(v).length === 0);
            if (!empty || k === "urn" || k === "custom" || k === "type") {
                out[k] = v;
            }
        }
        return out;
    });
    return JSON.stringify({ ...exp, deployment: { ...exp.deployment, resources } }, null, 4) + "\n";
}
