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
import type { EnforcementLevel, Policy, PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
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

/**
 * A deep copy as the props arrive after crossing the wire: what
 * `JSON.parse(JSON.stringify(v))` gives (`undefined` and functions dropped
 * from objects and nulled in arrays, `toJSON` applied, non-finite numbers
 * null, plain objects and arrays only), like the SDK's deserializer.
 * Hand-written because the round trip through a string dominated the
 * robustness tests, which cross the wire a few hundred thousand times.
 */
function wire<T>(v: T): T {
    return v === undefined ? v : (jsonCopy(v, "") as T);
}

function jsonCopy(v: unknown, key: string): unknown {
    if ((typeof v === "object" && v !== null) || typeof v === "function" || typeof v === "bigint") {
        const toJSON = (v as { toJSON?: unknown }).toJSON;
        if (typeof toJSON === "function") {
            v = toJSON.call(v, key);
        }
    }
    if (v instanceof Number || v instanceof String || v instanceof Boolean) {
        v = v.valueOf();
    }
    switch (typeof v) {
        case "string":
        case "boolean":
            return v;
        case "number":
            return Number.isFinite(v) ? v + 0 : null; // + 0 turns -0 into 0, as JSON does
        case "bigint":
            throw new TypeError("Do not know how to serialize a BigInt");
        case "object":
            break;
        default:
            return undefined; // undefined, functions and symbols have no JSON form
    }
    if (v === null) {
        return null;
    }
    if (Array.isArray(v)) {
        const out: unknown[] = new Array(v.length);
        for (let i = 0; i < v.length; i++) {
            const x = jsonCopy(v[i], String(i));
            out[i] = x === undefined ? null : x;
        }
        return out;
    }
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) {
        const x = jsonCopy((v as Record<string, unknown>)[k], k);
        if (x === undefined) {
            continue;
        }
        if (k === "__proto__") {
            // JSON.parse makes it an own property, not the prototype.
            Object.defineProperty(out, k, { value: x, writable: true, enumerable: true, configurable: true });
        } else {
            out[k] = x;
        }
    }
    return out;
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
        r.violations.length > 0 ? "non-compliant" : r.previewDiagnostics.length > 0 ? "unknown" : r.notApplicable.length > 0 ? "not-applicable" : "compliant";
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

const OPTS = {
    protect: false,
    ignoreChanges: [],
    aliases: [],
    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    additionalSecretOutputs: [],
};

/**
 * What the SDK tells a policy about one resource, in validation and
 * remediation args and in a stack's resources alike. `props` is made when
 * first read, once: the SDK deserializes every resource up front, but a stack
 * rule reads only the types it checks, and the robustness tests build tens of
 * thousands of stacks. A rule sees the same fresh copy either way. (A class
 * with the getter on its prototype: an object literal with a getter ran the
 * robustness tests at half the speed.)
 */
class ResourceView {
    readonly name: string;
    readonly urn: string;
    readonly opts = OPTS;
    declare readonly provider?: { type: string; props: Record<string, unknown>; urn: string; name: string };
    readonly #makeProps: () => Record<string, unknown>;
    #props?: Record<string, unknown>;

    constructor(
        readonly type: string,
        resource: TestResource,
        makeProps: () => Record<string, unknown>,
    ) {
        this.name = nameOf(resource);
        this.urn = urnOf(type, this.name);
        this.#makeProps = makeProps;
        if (resource.providerProps) {
            this.provider = {
                type: "pulumi:providers:aws",
                props: unknownCheckingProxy(wire(resource.providerProps)),
                urn: urnOf("pulumi:providers:aws", "default"),
                name: "default",
            };
        }
    }

    get props(): Record<string, unknown> {
        return (this.#props ??= this.#makeProps());
    }

    // Own functions, like the SDK's closures, so a rule may call them detached.
    readonly isType = (c: unknown): boolean => isTypeOf(this.type, c);
    readonly asType = (c: unknown): Record<string, unknown> | undefined => (isTypeOf(this.type, c) ? this.props : undefined);
}

function resourceView<E extends object>(r: TestResource, makeProps: () => Record<string, unknown>, extra: E): ResourceView & E {
    return Object.assign(new ResourceView(r.type, r, makeProps), extra);
}

/** The args of a resource validation or remediation. */
function resourceArgs(r: TestResource, makeProps: () => Record<string, unknown>, config: Record<string, unknown>, options: RunOptions) {
    return resourceView(r, makeProps, {
        stackTags: stackTagMap(options.stackTags),
        getConfig: () => wire(config),
        notApplicable: throwNotApplicable,
    });
}

/** The level validations run at: undefined when disabled; "remediate" validates as "mandatory". */
function validationLevel(policy: Policy, options: RunOptions): EnforcementLevel | undefined {
    const level = effectiveLevel(policy, options.config, options.packEnforcementLevel);
    return level === "disabled" ? undefined : level === "remediate" ? "mandatory" : level;
}

function emptyResult(): Omit<RunResult, "outcome"> {
    return { violations: [], notApplicable: [], previewDiagnostics: [], skipped: false };
}

/**
 * The SDK's `reportViolation`: a string message follows the policy description; a violation
 * object is taken as given, its own level overriding the policy's.
 */
function reporter(into: Violation[], policy: Policy, level: EnforcementLevel, resourceUrn?: string) {
    return (message: string | { message?: string; urn?: string; enforcementLevel?: EnforcementLevel }, urn?: string) => {
        if (typeof message === "object") {
            into.push({ message: message.message || policy.description, urn: resourceUrn ?? message.urn, enforcementLevel: message.enforcementLevel || level });
            return;
        }
        into.push({ message: message ? `${policy.description}\n${message}` : policy.description, urn: resourceUrn ?? urn, enforcementLevel: level });
    };
}

/**
 * What the SDK makes of an exception out of a policy: an unknown becomes its
 * advisory "can't run … during preview", `notApplicable(reason)` a reason;
 * anything else fails the run (`doing` says what was running).
 */
function caught(e: unknown, policy: Policy, kind: "policy" | "remediation", doing: string): { diagnostic: string } | { notApplicable: string } {
    if (isUnknownValueError(e)) {
        return { diagnostic: `can't run ${kind} '${policy.name}' from policy pack ${PACK} during preview: ${e.message}` };
    }
    if (e instanceof HarnessNotApplicable) {
        return { notApplicable: e.reason ?? "" };
    }
    throw new Error(`Error ${doing} with policy '${policy.name}': ${(e as Error)?.stack ?? String(e)}`);
}

/** Records a caught validation exception in a run's result. */
function recordCaught(base: Omit<RunResult, "outcome">, c: ReturnType<typeof caught>): void {
    if ("diagnostic" in c) {
        base.previewDiagnostics.push(c.diagnostic);
    } else {
        base.notApplicable.push(c.notApplicable);
    }
}

/** Runs a resource policy's validations on one resource. */
export async function runResource(policy: ResourceValidationPolicy, resource: TestResource, options: RunOptions = {}): Promise<RunResult> {
    const base = emptyResult();
    const level = validationLevel(policy, options);
    if (level === undefined) {
        return finish({ ...base, skipped: true });
    }
    if (!policy.validateResource) {
        base.notApplicable.push("Policy does not implement validateResource");
        return finish(base);
    }
    if (!Array.isArray(policy.validateResource)) {
        const t = pulumiTypeOf(policy.validateResource);
        if (t && t !== resource.type) {
            base.notApplicable.push(`Policy only applies to resources of type '${t}'`);
            return finish(base);
        }
    }
    const config = reconcileConfig(policy, options.config);
    const validations = Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource];
    for (const validation of validations) {
        try {
            const args = resourceArgs(resource, () => unknownCheckingProxy(wire(resource.props) ?? {}), config, options);
            await Promise.resolve(validation(args as never, reporter(base.violations, policy, level, args.urn)));
        } catch (e) {
            recordCaught(base, caught(e, policy, "policy", "validating resource"));
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
    const args = resourceArgs(resource, () => unknownCheckingProxy(secretsPreservingProxy(wire(resource.props) ?? {})), config, options);
    try {
        const result = await Promise.resolve(policy.remediateResource(args as never));
        if (result) {
            out.properties = await serializeProperties(result);
        }
    } catch (e) {
        const c = caught(e, policy, "remediation", "remediating resource");
        if ("diagnostic" in c) {
            out.diagnostic = c.diagnostic;
        } else {
            out.notApplicable.push(c.notApplicable);
        }
    }
    return out;
}

/** Builds the `PolicyResource`s the SDK hands a stack policy (props proxied, dependencies linked). */
export function policyResources(resources: TestResource[]): PolicyResource[] {
    // Dependencies name resources by logical name, or by "type::name" when two resources share a name.
    const byKey = new Map<string, PolicyResource[]>();
    const index = (key: string, pr: PolicyResource) => {
        const list = byKey.get(key);
        if (list) {
            list.push(pr);
        } else {
            byKey.set(key, [pr]);
        }
    };
    const built = resources.map((r) => {
        const pr = resourceView(r, () => unknownCheckingProxy(wire(r.props) ?? {}), {
            dependencies: [] as PolicyResource[],
            propertyDependencies: {},
        }) as unknown as PolicyResource;
        index(pr.name, pr);
        index(`${r.type}::${pr.name}`, pr);
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
                const d = lookup(n, `${pr.name}.${prop}`);
                deps.add(d);
                return d;
            });
        }
        pr.dependencies = [...deps];
        if (r.parent) {
            pr.parent = lookup(r.parent, `${pr.name}.parent`);
        }
    });
    return built;
}

/**
 * Turns resources recorded by the Pulumi mocks (`components/testing`'s AwsMocks)
 * into the stack the analyzer would see after an update: each resource's
 * outputs, which include its inputs and what AWS computed.
 */
export function fromRecorded(recorded: readonly { type: string; name: string; outputs: Record<string, unknown>; id?: string }[]): TestResource[] {
    return recorded.map((r) => ({ type: r.type, name: r.name, props: { ...(r.id !== undefined ? { id: r.id } : {}), ...r.outputs } }));
}

/** Runs a stack policy over the resources. */
export async function runStack(policy: StackValidationPolicy, resources: TestResource[], options: RunOptions = {}): Promise<RunResult> {
    const base = emptyResult();
    const level = validationLevel(policy, options);
    if (level === undefined) {
        return finish({ ...base, skipped: true });
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
        await Promise.resolve(policy.validateStack(args as never, reporter(base.violations, policy, level)));
    } catch (e) {
        recordCaught(base, caught(e, policy, "policy", "validating stack"));
    }
    return finish(base);
}

/**
 * Runs any policy: resource validations on each resource, a stack validation once. A policy with
 * both (a resource rule's waiver audit) runs both, as the SDK's Analyze and AnalyzeStack do.
 * Results are merged.
 */
export async function run(policy: ResourceValidationPolicy | StackValidationPolicy, resources: TestResource[], options: RunOptions = {}): Promise<RunResult> {
    const stack = typeof (policy as StackValidationPolicy).validateStack === "function";
    if (stack && !(policy as ResourceValidationPolicy).validateResource) {
        return runStack(policy as StackValidationPolicy, resources, options);
    }
    const merged = emptyResult();
    if (stack) {
        const res = await runStack(policy as StackValidationPolicy, resources, options);
        merged.violations.push(...res.violations);
        merged.previewDiagnostics.push(...res.previewDiagnostics);
        merged.skipped = res.skipped;
    }
    let anyCompliant = false;
    for (const r of resources) {
        const res = await runResource(policy, r, options);
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
