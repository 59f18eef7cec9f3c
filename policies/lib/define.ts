/**
 * Builders that turn a rule's check into an SDK policy.
 *
 * A rule author writes `check(props, ctx) → CheckResult`; the builder handles
 * everything the SDK expects around it:
 *
 * - type filtering (and the SDK's `__pulumiType` fast path for one type: a resource
 *   rule is then skipped for other types, a stack rule for stacks without that type,
 *   both before the SDK deserializes any props),
 * - config: the policy's schema defaults overlaid with `args.getConfig()`, so
 *   a rule behaves the same with or without a config file,
 * - the three outcomes: violations through `reportViolation`, not-applicable
 *   through `args.notApplicable`, compliant as silence,
 * - waivers (see `waivers.ts`): a finding on a waived resource is reported as
 *   advisory with the waiver's terms, and a stack check reports each waiver the
 *   policy cannot honour (a resource rule gets one too, as its `auditWaivers`),
 * - unknowns: `ctx.attempt(...)` runs one part of a check and parks an unknown
 *   instead of aborting, so the other parts (and, in stack rules, the other
 *   resources) are still checked and their violations reported; afterwards
 *   the first parked unknown is re-thrown for the SDK, which reports
 *   "can't run policy … during preview" as advisory, exactly as it does for
 *   an unknown read anywhere else.
 */
import type { EnforcementLevel, PolicyConfigSchema, PolicyResource, ResourceValidationArgs, StackValidation, StackValidationArgs } from "@pulumi/policy";
import { CheckResult, Finding } from "./result";
import { PlatformPolicyMetadata, PlatformResourcePolicy, PlatformStackPolicy } from "./types";
import { isUnknownValueError, UnknownValueErrorLike } from "./unknowns";
import { checkWaivers, unmatchedWaivers, Waiver, waivedFinding, waiverMatches, WaiverSettings, withWaiverSchema } from "./waivers";

/** Metadata every rule declares. */
export interface RuleMetadata extends PlatformPolicyMetadata {
    /** `aws-<service>-<resource>-<verb>-<thing>`. */
    name: string;
    description: string;
    /** Default level when no config names the rule; `select.ts` derives it from severity when absent. */
    enforcementLevel?: EnforcementLevel;
    /** Settings the rule takes. Every property has a `default`, so an empty config is valid. */
    configSchema?: PolicyConfigSchema;
}

/** Collects unknowns met while checking, so the rest of the check still runs. */
export class UnknownParking {
    private readonly parked: { error: UnknownValueErrorLike; where?: string }[] = [];

    /** Runs `fn`; an unknown read inside it is parked and `fallback` returned. Other errors propagate. */
    attempt<T>(fn: () => T, where?: string, fallback?: T): T | undefined {
        try {
            return fn();
        } catch (e) {
            if (isUnknownValueError(e)) {
                this.parked.push({ error: e, where });
                return fallback;
            }
            throw e;
        }
    }

    /** Parks an unknown found some other way (e.g. from `probe`). */
    park(error: UnknownValueErrorLike, where?: string): void {
        this.parked.push({ error, where });
    }

    get size(): number {
        return this.parked.length;
    }

    /** Re-throws the first parked unknown, naming every place one was met. */
    rethrow(): void {
        if (this.parked.length === 0) {
            return;
        }
        const first = this.parked[0].error;
        const places = [...new Set(this.parked.map((p) => p.where).filter((w): w is string => !!w))];
        if (places.length > 0) {
            first.message = `${first.message} (in ${places.join(", ")})`;
        }
        throw first;
    }
}

/** Reads a rule's config: schema defaults, overlaid with what the engine passed. */
export function resolveConfig<C extends object>(schema: PolicyConfigSchema | undefined, given: object | undefined): C {
    const out: Record<string, unknown> = {};
    const overrides = given ?? {};
    for (const [k, v] of Object.entries(schema?.properties ?? {})) {
        if (typeof v === "object" && v !== null && "default" in v) {
            // The engine sends every key with its default filled in, so a default is usually
            // overridden: clone it (a rule may mutate its config) only when it is the value kept.
            const value = k !== "enforcementLevel" ? (overrides as Record<string, unknown>)[k] : undefined;
            out[k] = value !== undefined && Object.prototype.propertyIsEnumerable.call(overrides, k) ? value : structuredClone(v.default);
        }
    }
    for (const [k, v] of Object.entries(overrides)) {
        if (k !== "enforcementLevel" && v !== undefined) {
            out[k] = v;
        }
    }
    return out as C;
}

/**
 * Calls the SDK's `notApplicable(reason)`, which throws its `NotApplicableError`.
 *
 * A resource rule of several types runs for every resource of the stack (the SDK's one-type
 * fast path doesn't apply), so this throw happens once per resource per such rule: profiling
 * a pack over 10k resources put the error's stack-trace capture among the largest costs in the
 * library's code. Nothing reads that error's stack (the SDK takes only `reason`), so it is
 * thrown without capturing one; the limit is restored before the error propagates.
 */
/** Longest type list a not-applicable reason names in full. */
const MAX_TYPES_NAMED = 20;

function throwNotApplicable(args: { notApplicable: (reason?: string) => never }, reason?: string): never {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
        return args.notApplicable(reason);
    } finally {
        Error.stackTraceLimit = limit;
    }
}

function safeConfig<C extends object>(schema: PolicyConfigSchema | undefined, getConfig: () => object): C {
    let given: object | undefined;
    try {
        given = getConfig();
    } catch {
        given = undefined;
    }
    return resolveConfig<C>(schema, given);
}

/** What a resource check sees besides the props. */
export interface ResourceContext<C> {
    type: string;
    name: string;
    urn: string;
    config: C;
    stackTags: ReadonlyMap<string, string>;
    /** Runs one part of the check; an unknown inside it is reported once the rest has run. */
    attempt<T>(fn: () => T, where?: string, fallback?: T): T | undefined;
    /** The raw SDK args, for anything not covered above. */
    args: ResourceValidationArgs;
}

export interface ResourceRuleSpec<C extends object> extends RuleMetadata {
    /** Type tokens the rule checks, e.g. `aws:kms/key:Key`. Others are not applicable. */
    resourceTypes: string[];
    check(props: Record<string, any>, ctx: ResourceContext<C>): CheckResult;
    /**
     * Optional safe fix, run by the engine only when the config level is `remediate`.
     * Mutate `props` and return it; return `undefined` to leave the resource alone.
     */
    remediate?(props: Record<string, any>, ctx: ResourceContext<C>): Record<string, any> | undefined;
}

function metadataOf(spec: RuleMetadata): RuleMetadata {
    const { name, description, enforcementLevel, configSchema, severity, frameworks, topics, remediationSteps } = spec;
    return {
        name,
        description,
        ...(enforcementLevel !== undefined ? { enforcementLevel } : {}),
        configSchema: withWaiverSchema(severity, configSchema),
        severity,
        // Rules may cite a shared mapping (frameworks.ts); each policy gets its own copy.
        frameworks: frameworks.map((m) => ({ framework: m.framework, controls: [...m.controls] })),
        topics,
        remediationSteps,
    };
}

function reportResult(result: CheckResult, report: (message: string, urn?: string) => void, notApplicable: (reason?: string) => never): void {
    switch (result.outcome) {
        case "compliant":
            return;
        case "non-compliant":
            for (const f of result.findings) {
                report(f.message, f.urn);
            }
            return;
        case "not-applicable":
            notApplicable(result.reason);
    }
}

/** The SDK's `reportViolation` also takes a violation object, whose level overrides the policy's. */
type ReportViolationObject = (v: { message: string; urn?: string; enforcementLevel: EnforcementLevel }) => void;

/** Reports a waived finding: advisory, so it never blocks, and never silently dropped. */
function reportWaived(report: (m: string, u?: string) => void, description: string, w: Waiver, message: string, urn?: string): void {
    (report as unknown as ReportViolationObject)({
        message: `${description}\n${waivedFinding(w, message)}`,
        ...(urn ? { urn } : {}),
        enforcementLevel: "advisory",
    });
}

/** The waiver of `usable` that names the resource, if any. */
function waiverFor(usable: Waiver[], resource: { urn: string; name: string } | undefined): Waiver | undefined {
    return resource ? usable.find((w) => waiverMatches(w, resource)) : undefined;
}

/** Reports every waiver the policy cannot honour, as violations of the policy at its own level. */
function reportWaiverProblems(
    report: (m: string, u?: string) => void,
    settings: WaiverSettings,
    severity: RuleMetadata["severity"],
    checked: readonly { urn: string; name: string }[],
): Waiver[] {
    const { usable, problems } = checkWaivers(settings, severity);
    for (const p of [...problems, ...unmatchedWaivers(usable, checked)]) {
        report(p);
    }
    return usable;
}

function typeFilter<T extends (...a: any[]) => any>(fn: T, types: string[]): T {
    if (types.length === 1) {
        // The SDK then skips the policy before deserializing any props: a resource policy for
        // resources of other types, a stack policy for stacks without a resource of the type.
        (fn as unknown as { __pulumiType: string }).__pulumiType = types[0];
    }
    return fn;
}

/** Builds a resource rule. */
export function resourceRule<C extends object = Record<string, never>>(
    spec: ResourceRuleSpec<C>,
): PlatformResourcePolicy & {
    resourceTypes: string[];
    auditWaivers: StackValidation;
} {
    const types = new Set(spec.resourceTypes);
    // Naming every type keeps the reason useful for a handful of types; for long lists (the tags rule covers
    // every taggable type) it would put tens of kilobytes into each not-applicable response.
    const onlyFor =
        spec.resourceTypes.length <= MAX_TYPES_NAMED
            ? `Policy only applies to resources of type ${spec.resourceTypes.map((t) => `'${t}'`).join(", ")}`
            : `Policy only applies to resources of ${spec.resourceTypes.length} types, e.g. ${spec.resourceTypes
                  .slice(0, 3)
                  .map((t) => `'${t}'`)
                  .join(", ")}`;
    const configSchema = withWaiverSchema(spec.severity, spec.configSchema);
    const context = (args: ResourceValidationArgs, parking: UnknownParking, config: C & WaiverSettings): ResourceContext<C> => ({
        type: args.type,
        name: args.name,
        urn: args.urn,
        config,
        stackTags: args.stackTags,
        attempt: (fn, where, fallback) => parking.attempt(fn, where, fallback),
        args,
    });
    // Problems with the waivers themselves are reported once per stack by `auditWaivers`; here an
    // unusable waiver simply waives nothing.
    const usableWaivers = (config: WaiverSettings) => checkWaivers(config, spec.severity).usable;
    const policy: PlatformResourcePolicy & { resourceTypes: string[]; auditWaivers: StackValidation } = {
        ...metadataOf(spec),
        resourceTypes: [...spec.resourceTypes],
        validateResource: typeFilter((args: ResourceValidationArgs, reportViolation: (m: string, u?: string) => void) => {
            if (!types.has(args.type)) {
                throwNotApplicable(args, onlyFor);
            }
            const parking = new UnknownParking();
            const config = safeConfig<C & WaiverSettings>(configSchema, () => args.getConfig());
            const result = spec.check(args.props, context(args, parking, config));
            const waiver = waiverFor(usableWaivers(config), args);
            reportResult(
                result,
                (m) => (waiver ? reportWaived(reportViolation, spec.description, waiver, m, args.urn) : reportViolation(m)),
                (r) => args.notApplicable(r),
            );
            parking.rethrow();
        }, spec.resourceTypes),
        // No type filter: a waiver naming a resource of a type the stack lacks must still be reported.
        auditWaivers: (args: StackValidationArgs, reportViolation: (m: string, u?: string) => void) => {
            const settings = safeConfig<WaiverSettings>(configSchema, () => args.getConfig());
            if ((settings.waivers ?? []).length > 0) {
                reportWaiverProblems(
                    reportViolation,
                    settings,
                    spec.severity,
                    (args.resources ?? []).filter((r) => types.has(r.type)),
                );
            }
        },
    };
    if (spec.remediate) {
        const remediate = spec.remediate;
        policy.remediateResource = typeFilter((args: ResourceValidationArgs) => {
            if (!types.has(args.type)) {
                throwNotApplicable(args, onlyFor);
            }
            const config = safeConfig<C & WaiverSettings>(configSchema, () => args.getConfig());
            if (waiverFor(usableWaivers(config), args)) {
                // A waived resource is left as its owners wrote it.
                return undefined;
            }
            const parking = new UnknownParking();
            const out = remediate(args.props, context(args, parking, config));
            parking.rethrow();
            return out;
        }, spec.resourceTypes);
    }
    return policy;
}

/** A read-only index over the stack's resources. */
export class StackView {
    readonly resources: PolicyResource[];
    private readonly byType = new Map<string, PolicyResource[]>();
    private readonly byUrnMap = new Map<string, PolicyResource>();

    constructor(resources: PolicyResource[]) {
        this.resources = resources;
        for (const r of resources) {
            const list = this.byType.get(r.type) ?? [];
            list.push(r);
            this.byType.set(r.type, list);
            this.byUrnMap.set(r.urn, r);
        }
    }

    /** Resources of any of the given type tokens, in stack order. */
    ofType(...types: string[]): PolicyResource[] {
        if (types.length === 1) {
            return this.byType.get(types[0]) ?? [];
        }
        const wanted = new Set(types);
        return this.resources.filter((r) => wanted.has(r.type));
    }

    byUrn(urn: string): PolicyResource | undefined {
        return this.byUrnMap.get(urn);
    }
}

/** What a stack check sees besides the resources. */
export interface StackContext<C> {
    config: C;
    stackTags: ReadonlyMap<string, string>;
    /** Runs one part of the check (usually one resource); an unknown inside it is reported once the rest has run. */
    attempt<T>(fn: () => T, where?: string, fallback?: T): T | undefined;
    /** Parks an unknown found with `probe`. */
    park(error: UnknownValueErrorLike, where?: string): void;
    args: StackValidationArgs;
}

export interface StackRuleSpec<C extends object> extends RuleMetadata {
    /**
     * The rule applies only when the stack holds at least one resource of these
     * types; otherwise it is not applicable. Omit for rules that apply to every
     * stack (e.g. "a trail must exist").
     */
    appliesTo?: string[];
    check(stack: StackView, ctx: StackContext<C>): CheckResult;
}

/** Builds a stack rule. */
export function stackRule<C extends object = Record<string, never>>(
    spec: StackRuleSpec<C>,
): PlatformStackPolicy & {
    appliesTo?: string[];
} {
    const applies = spec.appliesTo;
    const onlyFor = applies ? `Policy only applies to stacks with resources of type ${applies.map((t) => `'${t}'`).join(", ")}` : "";
    const configSchema = withWaiverSchema(spec.severity, spec.configSchema);
    return {
        ...metadataOf(spec),
        ...(applies ? { appliesTo: [...applies] } : {}),
        validateStack: typeFilter((args: StackValidationArgs, reportViolation: (m: string, u?: string) => void) => {
            const view = new StackView(args.resources ?? []);
            const config = safeConfig<C & WaiverSettings>(configSchema, () => args.getConfig());
            // Before the applicability check, so a waiver of a policy that no longer applies is still reported.
            const usable = (config.waivers ?? []).length > 0 ? reportWaiverProblems(reportViolation, config, spec.severity, view.resources) : [];
            if (applies && view.ofType(...applies).length === 0) {
                throwNotApplicable(args, onlyFor);
            }
            const parking = new UnknownParking();
            const ctx: StackContext<C> = {
                config,
                stackTags: args.stackTags,
                attempt: (fn, where, fallback) => parking.attempt(fn, where, fallback),
                park: (e, where) => parking.park(e, where),
                args,
            };
            const result = spec.check(view, ctx);
            const report = (m: string, urn?: string) => {
                const waiver = urn ? waiverFor(usable, view.byUrn(urn)) : undefined;
                return waiver ? reportWaived(reportViolation, spec.description, waiver, m, urn) : reportViolation(m, urn);
            };
            reportResult(result, report, (r) => args.notApplicable(r));
            parking.rethrow();
        }, applies ?? []),
    };
}

/** A finding about one resource of a stack. */
export function findingFor(resource: PolicyResource, message: string): Finding {
    return { message: `${resource.name} (${resource.type}): ${message}`, urn: resource.urn };
}

/** Runs `fn` and reports whether an unknown stopped it, without parking it (the caller decides). */
export function evaluate<T>(fn: () => T): { state: "known"; value: T } | { state: "unknown"; error: UnknownValueErrorLike } {
    try {
        return { state: "known", value: fn() };
    } catch (e) {
        if (isUnknownValueError(e)) {
            return { state: "unknown", error: e };
        }
        throw e;
    }
}
