/**
 * Shared config settings, so every rule spells them the same way.
 *
 * Policy config is per environment (`policies/config/<env>.json`, the engine's
 * policy-pack-config format, one file for every pack). Rules whose behaviour
 * depends on the environment take one of these two settings rather than
 * reading stack names or tags:
 *
 * - `regulated` (boolean, default `true`): the stack holds or may hold
 *   regulated data (PHI, cardholder data). staging and prod are regulated,
 *   dev is not. Only rules that relax outside regulated stacks declare it
 *   (force-destroy, key deletion window, awsx VPC). The default is the strict
 *   choice, so a pack run without a config file is strict.
 * - `environment` ("dev" | "staging" | "prod", default "prod"): for rules
 *   whose requirement is tied to prod itself rather than to regulated data
 *   (Spot training outside prod, data capture and blue/green in prod).
 */
import type { EnforcementLevel, PolicyConfigSchema, Severity } from "@pulumi/policy";
import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";

export type Environment = "dev" | "staging" | "prod";

export const ENVIRONMENTS: readonly Environment[] = ["dev", "staging", "prod"];

/** Schema of the `regulated` setting. */
export const REGULATED_PROPERTY: PolicyConfigJSONSchema = {
    type: "boolean",
    default: true,
    description: "The stack holds or may hold regulated data (PHI, cardholder data). staging and prod set true, dev false.",
};

/** Schema of the `environment` setting. */
export const ENVIRONMENT_PROPERTY: PolicyConfigJSONSchema = {
    type: "string",
    enum: [...ENVIRONMENTS],
    default: "prod",
    description: "The environment the stack deploys: dev, staging or prod.",
};

/** Schema of a tag selector: a key and the values that select. */
export function tagSelectorProperties(what: string, key: string, values: string[]): Record<string, PolicyConfigJSONSchema> {
    return {
        [`${what}TagKey`]: { type: "string", minLength: 1, default: key, description: `Tag key that marks ${what} resources.` },
        [`${what}TagValues`]: {
            type: "array",
            items: { type: "string", minLength: 1 },
            minItems: 1,
            default: values,
            description: `Values of the tag that mark ${what} resources.`,
        },
    };
}

/** The settings that select the data lake's layer buckets (as the data lake component tags them). */
export interface LakeLayerConfig {
    lakeLayerTagKey: string;
    lakeLayerTagValues: string[];
}

/** Schema of `LakeLayerConfig`: `lake-layer` = raw, processed or analytics by default. */
export function lakeLayerProperties(): Record<string, PolicyConfigJSONSchema> {
    return tagSelectorProperties("lakeLayer", "lake-layer", ["raw", "processed", "analytics"]);
}

/** A config schema from properties, every one with a default (so `{}` is valid). */
export function schema(properties: Record<string, PolicyConfigJSONSchema>): PolicyConfigSchema {
    return { properties };
}

/** The level a rule runs at when no config names it: high and critical block, the rest advise. */
export function defaultEnforcementLevel(severity: Severity): EnforcementLevel {
    return severity === "high" || severity === "critical" ? "mandatory" : "advisory";
}
