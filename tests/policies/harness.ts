/**
 * Runs library rules the way @pulumi/policy's analyzer server runs them,
 * without starting it (a PolicyPack starts a gRPC server, so tests never
 * import a pack's index.ts).
 *
 * Mirrors node_modules/@pulumi/policy/server.js (1.21):
 * - props are wrapped in the SDK's own `unknownCheckingProxy`, freshly for
 *   every validation function, as `makeAnalyzeRpcFun` does;
 * - the enforcement level is config level || policy level || "advisory";
 *   "disabled" skips; "remediate" runs validations as "mandatory";
 * - `getConfig()` returns what the engine sends: the schema defaults with the
 *   config file's properties on top, without `enforcementLevel`
 *   (pulumi's ReconcilePolicyPackConfig + the SDK's makeGetConfigFun);
 * - an `UnknownValueError` becomes the SDK's advisory "can't run policy …
 *   during preview" diagnostic; `notApplicable(reason)` is recorded;
 *   any other exception fails the run, as the SDK turns it into a gRPC error;
 * - remediations run only at level "remediate", with props wrapped as in
 *   `makeRemediateRpcFun` (unknown-checking over secrets-preserving).
 */
import type {
    EnforcementLevel,
    Policy,
    PolicyResource,
    ResourceValidationPolicy,
    StackValidationPolicy,
} from "@pulumi/policy";
import * as fs from "fs";
import * as path from "path";
import { isUnknownValueError, UNKNOWN, unknownCheckingProxy } from "../../policies/lib/unknowns";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { secretsPreservingProxy } = require("@pulumi/policy/secret");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { serializeProperties } = require("@pulumi/policy/deserialize");

export { UNKNOWN };

/** One entry of a policy-pack config file: a level, or an object with a level and properties. */
export type PolicyConfigEntry = EnforcementLevel | ({ enforcementLevel?: EnforcementLevel } & Record<string, unknown>);

/** A whole config file, keyed by policy name. */
export type PolicyPackConfigFile = Record<string, PolicyConfigEntry>;

/** A resource as a test describes it. */
export interface TestResource {
    type: string;
    /** Logical name; defaults to the type's last segment. */
    name?: string;
    props: Record<string, unknown>;
    /** For stack runs: property → logical names of the resources it was computed from. */
    propertyDependencies?: Record<string, string[]>;
    /** For stack runs: logical name of the parent. */
    parent?: string;
    /** The provider's props (e.g. `defaultTags`). */
    providerProps?: Record<string, unknown>;
}

export interface Violation {
    message: string;
    urn?: string;
    enforcementLevel: EnforcementLevel;
}

export type HarnessOutcome = "compliant" | "non-compliant" | "not-applicable" | "unknown";

export interface RunResult {
    /** non-compliant if any violation; else unknown if the SDK could not run it during preview; else not-applicable; else compliant. */
    outcome: HarnessOutcome;
    violations: Violation[];
    notApplicable: string[];
    /** The SDK's advisory "can't run policy … during preview" messages. */
    previewDiagnostics: string[];
    /** True when the policy did not run at all (level "disabled"). */
    skipped: boolean;
}

export interface RunOptions {
    /** This policy's entry in a config file. */
    config?: PolicyConfigEntry;
    stackTags?: Record<string, string>;
    /** Pack-level default enforcement level (the SDK's is "advisory"). */
    packEnforcementLevel?: EnforcementLevel;
}

const PACK = "'harness@v0.0.0'";

class HarnessNotApplicable extends Error {
    constructor(readonly reason?: string) {
        super(reason ?? "Policy does not apply");
    }
}

function throwNotApplicable(reason?: string): never {
    throw new HarnessNotApplicable(reason);
}

export function urnOf(type: string, name: string): string {
    return `urn:pulumi:test::ml-platform::${type}::${name}`;
}

function nameOf(r: TestResource): string {
    return r.name ?? r.type.split(":").pop()!;
}

/** Deep copy through JSON, as the props cross the wire (drops `undefined`, like the SDK's deserializer). */
function wire<T>(v: T): T {
    return v === undefined ? v : JSON.parse(JSON.stringify(v));
}

function entryOf(entry: PolicyConfigEntry | undefined): { level?: EnforcementLevel; props: Record<string, unknown> } {
    if (entry === undefined) {
        return { props: {} };
    }
    if (typeof entry === "string") {
        return { level: entry, props: {} };
    }
    const { enforcementLevel, ...props } = entry;
    return { level: enforcementLevel, props };
}

/** What the engine hands `getConfig()`: schema defaults, then the file's properties. */
export function reconcileConfig(policy: Policy, entry: PolicyConfigEntry | undefined): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(policy.configSchema?.properties ?? {})) {
        if (typeof v === "object" && v !== null && "default" in v) {
            out[k] = wire(v.default);
        }
    }
    Object.assign(out, wire(entryOf(entry).props));
    return out;
}

/** The level the SDK would run the policy at. */
export function effectiveLevel(policy: Policy, entry: PolicyConfigEntry | undefined, pack: EnforcementLevel = "advisory"): EnforcementLevel {
    return entryOf(entry).level || policy.enforcementLevel || pack;
}

function finish(r: Omit<RunResult, "outcome">): RunResult {
    const outcome: HarnessOutcome =
        r.violations.length > 0
            ? "non-compliant"
            : r.previewDiagnostics.length > 0
              ? "unknown"
              : r.notApplicable.length > 0
                ? "not-applicable"
                : "compliant";
    return { ...r, outcome };
}

function pulumiTypeOf(o: unknown): string | undefined {
    const t = (o as { __pulumiType?: unknown } | undefined)?.__pulumiType;
    return typeof t === "string" && t.length > 0 ? t : undefined;
}

function isTypeOf(type: string, resourceClass: unknown): boolean {
    const t = pulumiTypeOf(resourceClass);
    if (t) {
        return t === type;
    }
    const isInstance = (resourceClass as { isInstance?: (o: unknown) => boolean }).isInstance;
    return typeof isInstance === "function" && isInstance({ __pulumiType: type }) === true;
}

function stackTagMap(tags: Record<string, string> | undefined): ReadonlyMap<string, string> {
    return new Map(Object.entries(tags ?? {}));
}

function providerOf(r: TestResource) {
    return r.providerProps
        ? { type: "pulumi:providers:aws", props: unknownCheckingProxy(wire(r.providerProps)), urn: urnOf("pulumi:providers:aws", "default"), name: "default" }
        : undefined;
}

const OPTS = { protect: false, ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [] };

/** Runs a resource policy's validations on one resource. */
export async function runResource(policy: ResourceValidationPolicy, resource: TestResource, options: RunOptions = {}): Promise<RunResult> {
    const base = { violations: [] as Violation[], notApplicable: [] as string[], previewDiagnostics: [] as string[], skipped: false };
    let level = effectiveLevel(policy, options.config, options.packEnforcementLevel);
    if (level === "disabled") {
        return finish({ ...base, skipped: true });
    }
    if (!policy.validateResource) {
        base.notApplicable.push("Policy does not implement validateResource");
        return finish(base);
    }
    if (level === "remediate") {
        level = "mandatory";
    }
    if (!Array.isArray(policy.validateResource)) {
        const t = pulumiTypeOf(policy.validateResource);
        if (t && t !== resource.type) {
            base.notApplicable.push(`Policy only applies to resources of type '${t}'`);
            return finish(base);
        }
    }
    const config = reconcileConfig(policy, options.config);
    const name = nameOf(resource);
    const urn = urnOf(resource.type, name);
    const validations = Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource];
    for (const validation of validations) {
        try {
            const props = unknownCheckingProxy(wire(resource.props) ?? {});
            const provider = providerOf(resource);
            const args = {
                type: resource.type,
                props,
                urn,
                name,
                opts: OPTS,
                stackTags: stackTagMap(options.stackTags),
                isType: (c: unknown) => isTypeOf(resource.type, c),
                asType: (c: unknown) => (isTypeOf(resource.type, c) ? props : undefined),
                getConfig: () => wire(config),
                notApplicable: throwNotApplicable,
                ...(provider ? { provider } : {}),
            };
            await Promise.resolve(
                validation(args as never, (message: string) => {
                    base.violations.push({ message: message ? `${policy.description}\n${message}` : policy.description, urn, enforcementLevel: level });
                }),
            );
        } catch (e) {
            if (isUnknownValueError(e)) {
                base.previewDiagnostics.push(`can't run policy '${policy.name}' from policy pack ${PACK} during preview: ${e.message}`);
            } else if (e instanceof HarnessNotApplicable) {
                base.notApplicable.push(e.reason ?? "");
            } else {
                throw new Error(`Error validating resource with policy '${policy.name}': ${(e as Error)?.stack ?? e}`);
            }
        }
    }
    return finish(base);
}

export interface RemediationResult {
    /** The serialized props the engine would receive, when the remediation changed something. */
    properties?: Record<string, unknown>;
    /** The SDK's "can't run remediation … during preview" message. */
    diagnostic?: string;
    notApplicable: string[];
    /** True when the level is not "remediate", so the SDK would not call it. */
    skipped: boolean;
}

/** Runs a policy's remediation the way `makeRemediateRpcFun` does. */
export async function runRemediation(policy: ResourceValidationPolicy, resource: TestResource, options: RunOptions = {}): Promise<RemediationResult> {
    const level = effectiveLevel(policy, options.config, options.packEnforcementLevel);
    const out: RemediationResult = { notApplicable: [], skipped: false };
    if (level !== "remediate") {
        return { ...out, skipped: true };
    }
    if (!policy.remediateResource) {
        out.notApplicable.push("Policy does not implement remediateResource");
        return out;
    }
    const t = pulumiTypeOf(policy.remediateResource);
    if (t && t !== resource.type) {
        out.notApplicable.push(`Policy only applies to resources of type '${t}'`);
        return out;
    }
    const config = reconcileConfig(policy, options.config);
    const name = nameOf(resource);
    const props = unknownCheckingProxy(secretsPreservingProxy(wire(resource.props) ?? {}));
    const args = {
        type: resource.type,
        props,
        urn: urnOf(resource.type, name),
        name,
        opts: OPTS,
        stackTags: stackTagMap(options.stackTags),
        isType: (c: unknown) => isTypeOf(resource.type, c),
        asType: (c: unknown) => (isTypeOf(resource.type, c) ? props : undefined),
        getConfig: () => wire(config),
        notApplicable: throwNotApplicable,
    };
    try {
        const result = await Promise.resolve(policy.remediateResource(args as never));
        if (result) {
            out.properties = await serializeProperties(result);
        }
    } catch (e) {
        if (isUnknownValueError(e)) {
            out.diagnostic = `can't run remediation '${policy.name}' from policy pack ${PACK} during preview: ${e.message}`;
        } else if (e instanceof HarnessNotApplicable) {
            out.notApplicable.push(e.reason ?? "");
        } else {
            throw new Error(`Error remediating resource with policy '${policy.name}': ${(e as Error)?.stack ?? e}`);
        }
    }
    return out;
}

/** Builds the `PolicyResource`s the SDK hands a stack policy (props proxied, dependencies linked). */
export function policyResources(resources: TestResource[]): PolicyResource[] {
    // Dependencies name resources by logical name, or by "type::name" when two resources share a name.
    const byKey = new Map<string, PolicyResource[]>();
    const index = (key: string, pr: PolicyResource) => byKey.set(key, [...(byKey.get(key) ?? []), pr]);
    const built = resources.map((r) => {
        const name = nameOf(r);
        const props = unknownCheckingProxy(wire(r.props) ?? {});
        const provider = providerOf(r);
        const pr = {
            type: r.type,
            props,
            urn: urnOf(r.type, name),
            name,
            opts: OPTS,
            dependencies: [],
            propertyDependencies: {},
            isType: (c: unknown) => isTypeOf(r.type, c),
            asType: (c: unknown) => (isTypeOf(r.type, c) ? props : undefined),
            ...(provider ? { provider } : {}),
        } as unknown as PolicyResource;
        index(name, pr);
        index(`${r.type}::${name}`, pr);
        return pr;
    });
    const lookup = (key: string, from: string): PolicyResource => {
        const found = byKey.get(key) ?? [];
        if (found.length !== 1) {
            throw new Error(`harness: ${from} refers to "${key}", which names ${found.length} resources (use "type::name")`);
        }
        return found[0];
    };
    resources.forEach((r, i) => {
        const pr = built[i];
        const deps = new Set<PolicyResource>();
        for (const [prop, names] of Object.entries(r.propertyDependencies ?? {})) {
            pr.propertyDependencies[prop] = names.map((n) => {
                const d = lookup(n, `${nameOf(r)}.${prop}`);
                deps.add(d);
                return d;
            });
        }
        pr.dependencies = [...deps];
        if (r.parent) {
            pr.parent = lookup(r.parent, `${nameOf(r)}.parent`);
        }
    });
    return built;
}

/**
 * Turns resources recorded by the Pulumi mocks (`components/testing`'s AwsMocks)
 * into the stack the analyzer would see after an update: each resource's
 * outputs, which include its inputs and what AWS computed.
 */
export function fromRecorded(recorded: { type: string; name: string; outputs: Record<string, unknown>; id?: string }[]): TestResource[] {
    return recorded.map((r) => ({ type: r.type, name: r.name, props: { ...(r.id !== undefined ? { id: r.id } : {}), ...r.outputs } }));
}

/** Runs a stack policy over the resources. */
export async function runStack(policy: StackValidationPolicy, resources: TestResource[], options: RunOptions = {}): Promise<RunResult> {
    const base = { violations: [] as Violation[], notApplicable: [] as string[], previewDiagnostics: [] as string[], skipped: false };
    let level = effectiveLevel(policy, options.config, options.packEnforcementLevel);
    if (level === "disabled") {
        return finish({ ...base, skipped: true });
    }
    if (level === "remediate") {
        level = "mandatory";
    }
    const t = pulumiTypeOf(policy.validateStack);
    if (t && !resources.some((r) => r.type === t)) {
        base.notApplicable.push(`Policy only applies to resources of type '${t}'`);
        return finish(base);
    }
    const config = reconcileConfig(policy, options.config);
    try {
        const args = {
            resources: policyResources(resources),
            getConfig: () => wire(config),
            stackTags: stackTagMap(options.stackTags),
            notApplicable: throwNotApplicable,
        };
        await Promise.resolve(
            policy.validateStack(args as never, (message: string, urn?: string) => {
                base.violations.push({ message: message ? `${policy.description}\n${message}` : policy.description, urn, enforcementLevel: level });
            }),
        );
    } catch (e) {
        if (isUnknownValueError(e)) {
            base.previewDiagnostics.push(`can't run policy '${policy.name}' from policy pack ${PACK} during preview: ${e.message}`);
        } else if (e instanceof HarnessNotApplicable) {
            base.notApplicable.push(e.reason ?? "");
        } else {
            throw new Error(`Error validating stack with policy '${policy.name}': ${(e as Error)?.stack ?? e}`);
        }
    }
    return finish(base);
}

/** Runs any policy: resource policies on each resource, stack policies once. Results are merged. */
export async function run(policy: ResourceValidationPolicy | StackValidationPolicy, resources: TestResource[], options: RunOptions = {}): Promise<RunResult> {
    if (typeof (policy as StackValidationPolicy).validateStack === "function") {
        return runStack(policy as StackValidationPolicy, resources, options);
    }
    const merged = { violations: [] as Violation[], notApplicable: [] as string[], previewDiagnostics: [] as string[], skipped: false };
    let anyCompliant = false;
    for (const r of resources) {
        const res = await runResource(policy as ResourceValidationPolicy, r, options);
        merged.violations.push(...res.violations);
        merged.notApplicable.push(...res.notApplicable);
        merged.previewDiagnostics.push(...res.previewDiagnostics);
        merged.skipped = merged.skipped || res.skipped;
        anyCompliant = anyCompliant || res.outcome === "compliant";
    }
    const result = finish(merged);
    // Across resources, one compliant resource makes the run compliant; not-applicable means it applied to none.
    return result.outcome === "not-applicable" && anyCompliant ? { ...result, outcome: "compliant" } : result;
}

/** Reads `policies/config/<env>.json`. */
export function loadConfigFile(env: "dev" | "staging" | "prod"): PolicyPackConfigFile {
    return JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "policies", "config", `${env}.json`), "utf8"));
}

/** Runs every policy over a stack under a config file; returns violations by policy name. */
export async function runAll(
    policies: (ResourceValidationPolicy | StackValidationPolicy)[],
    resources: TestResource[],
    configFile: PolicyPackConfigFile = {},
    options: Omit<RunOptions, "config"> = {},
): Promise<Map<string, RunResult>> {
    const out = new Map<string, RunResult>();
    for (const p of policies) {
        out.set(p.name, await run(p, resources, { ...options, config: configFile[p.name] }));
    }
    return out;
}

/** The mandatory violations in a `runAll` result, as "policy: message" lines. */
export function mandatoryViolations(results: Map<string, RunResult>): string[] {
    const out: string[] = [];
    for (const [name, r] of results) {
        for (const v of r.violations) {
            if (v.enforcementLevel === "mandatory") {
                out.push(`${name}: ${v.message}`);
            }
        }
    }
    return out;
}
