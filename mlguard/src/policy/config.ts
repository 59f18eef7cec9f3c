/**
 * Policy config as the engine handles it before a pack ever sees it: parse the file
 * (`LoadPolicyPackConfigFromFile`), fill in every policy's defaults, apply the pack's initial
 * config and then the file (`ReconcilePolicyPackConfig`), and validate each policy's properties
 * against its `configSchema` with a JSON-schema validator. Only then is `Configure` called.
 */
import Ajv, { ErrorObject, ValidateFunction } from "ajv";
import { UsageError } from "../errors";
import { readJsonFile } from "../input/load";
import { EnforcementLevel, PolicyInfo } from "./protocol";

export const ENFORCEMENT_LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

export interface PolicyConfig {
    enforcementLevel?: EnforcementLevel;
    properties?: Record<string, unknown>;
}

export type PolicyConfigMap = Record<string, PolicyConfig>;

function isLevel(v: unknown): v is EnforcementLevel {
    return typeof v === "string" && (ENFORCEMENT_LEVELS as readonly string[]).includes(v);
}

/** A `--policy-pack-config` file: `{policy: "level" | {enforcementLevel?, ...properties}}`. */
export function loadPolicyConfigFile(file: string): PolicyConfigMap {
    const doc = readJsonFile(file);
    if (typeof doc !== "object" || doc === null || Array.isArray(doc)) {
        throw new UsageError(`${file} is not a policy config: it must be a JSON object keyed by policy name`);
    }
    const out: PolicyConfigMap = {};
    for (const [name, v] of Object.entries(doc as Record<string, unknown>)) {
        if (typeof v === "string") {
            if (!isLevel(v)) {
                throw new UsageError(`${file}: "${name}" has enforcement level "${v}"; expected one of ${ENFORCEMENT_LEVELS.join(", ")}`);
            }
            out[name] = { enforcementLevel: v };
        } else if (typeof v === "object" && v !== null && !Array.isArray(v)) {
            const { enforcementLevel, ...properties } = v as Record<string, unknown>;
            if (enforcementLevel !== undefined && !isLevel(enforcementLevel)) {
                throw new UsageError(
                    `${file}: "${name}" has enforcementLevel ${JSON.stringify(enforcementLevel)}; expected one of ${ENFORCEMENT_LEVELS.join(", ")}`,
                );
            }
            if (enforcementLevel === undefined && Object.keys(properties).length === 0) {
                continue;
            }
            out[name] = {
                ...(enforcementLevel ? { enforcementLevel } : {}),
                ...(Object.keys(properties).length ? { properties } : {}),
            };
        } else {
            throw new UsageError(`${file}: "${name}" must be an enforcement level or an object, not ${JSON.stringify(v)}`);
        }
    }
    return out;
}

function apply(result: PolicyConfigMap, given: PolicyConfigMap): void {
    const all = given.all;
    if (all && isLevel(all.enforcementLevel)) {
        for (const k of Object.keys(result)) {
            result[k] = { ...result[k], enforcementLevel: all.enforcementLevel };
        }
    }
    for (const [policy, cfg] of Object.entries(given)) {
        const current = result[policy] ?? {};
        const properties = cfg.properties && Object.keys(cfg.properties).length > 0 ? { ...(current.properties ?? {}), ...cfg.properties } : current.properties;
        result[policy] = {
            enforcementLevel: isLevel(cfg.enforcementLevel) ? cfg.enforcementLevel : current.enforcementLevel,
            ...(properties ? { properties } : {}),
        };
    }
}

function describe(e: ErrorObject): string {
    const where = e.instancePath.replace(/^\//, "").replace(/\//g, ".");
    const params = e.params as Record<string, unknown>;
    const extra =
        e.keyword === "enum" && Array.isArray(params.allowedValues) ? ` (${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")})` : "";
    return `${where ? where + " " : ""}${e.message ?? "is invalid"}${extra}`;
}

let ajv: Ajv | undefined;

function validator(policy: PolicyInfo, packName: string): ValidateFunction {
    ajv ??= new Ajv({ allErrors: true, strict: false, validateSchema: false });
    const schema: Record<string, unknown> = {
        type: "object",
        properties: {
            ...(policy.configSchema?.properties ?? {}),
            enforcementLevel: { type: "string", enum: [...ENFORCEMENT_LEVELS] },
        },
    };
    if (policy.configSchema?.required?.length) {
        schema.required = policy.configSchema.required;
    }
    try {
        return ajv.compile(schema);
    } catch (e) {
        throw new UsageError(`policy "${policy.name}" of pack "${packName}" has a configSchema that is not valid JSON schema: ${(e as Error).message}`);
    }
}

/**
 * The config to send with `Configure`, and every validation error, as the engine computes them.
 * Defaults come from each property's `default` in the policy's `configSchema`.
 */
export function reconcile(
    packName: string,
    policies: PolicyInfo[],
    initialConfig: PolicyConfigMap,
    given: PolicyConfigMap | undefined,
): { config: PolicyConfigMap; errors: string[] } {
    const result: PolicyConfigMap = {};
    for (const p of policies) {
        let properties: Record<string, unknown> | undefined;
        for (const [k, schema] of Object.entries(p.configSchema?.properties ?? {})) {
            if (schema && typeof schema === "object" && "default" in schema) {
                properties ??= {};
                properties[k] = schema.default;
            }
        }
        result[p.name] = { enforcementLevel: p.enforcementLevel, ...(properties ? { properties } : {}) };
    }
    apply(result, initialConfig);
    if (given) {
        apply(result, given);
    }
    const errors: string[] = [];
    for (const p of policies) {
        if (!p.configSchema) {
            continue;
        }
        const validate = validator(p, packName);
        if (!validate(result[p.name]?.properties ?? {})) {
            for (const e of validate.errors ?? []) {
                errors.push(`${p.name}: ${describe(e)}`);
            }
        }
    }
    return { config: result, errors };
}
