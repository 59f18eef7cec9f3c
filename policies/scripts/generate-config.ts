/**
 * Generates the per-environment policy config files, `policies/config/<env>.json`,
 * in the engine's policy-pack-config format (policy name → `{ enforcementLevel, ...properties }`).
 * One file serves every pack: the engine ignores entries for policies a pack doesn't have.
 *
 *   npx ts-node policies/scripts/generate-config.ts          # write
 *   npx ts-node policies/scripts/generate-config.ts --check  # exit 1 if stale
 *
 * The levels follow from each rule's metadata, so a new rule gets entries
 * without anyone editing three JSON files:
 *
 * | environment | critical, high          | medium    | low      | cost/backup topics | safe remediation |
 * |-------------|-------------------------|-----------|----------|--------------------|------------------|
 * | prod        | mandatory               | mandatory | advisory | (as severity)      | mandatory        |
 * | staging     | mandatory               | mandatory | advisory | (as severity)      | remediate        |
 * | dev         | mandatory               | advisory  | advisory | advisory           | remediate        |
 *
 * Rules declared advisory in code (e.g. the SageMaker role guard) stay advisory everywhere.
 * Settings: `regulated` (dev false, staging/prod true) and `environment` are set for every rule whose
 * schema declares them; `OVERRIDES` holds deliberate per-environment exceptions, each with a reason.
 */
import type { EnforcementLevel } from "@pulumi/policy";
import * as fs from "fs";
import * as path from "path";
import { allPolicies } from "../rules";
import { Environment, ENVIRONMENTS } from "../lib/config";
import { isResourceRule, PlatformPolicy } from "../lib/types";

export const CONFIG_DIR = path.join(__dirname, "..", "config");

type Entry = { enforcementLevel: EnforcementLevel } & Record<string, unknown>;

/** Deliberate exceptions: environment → policy → properties (merged over the generated entry). */
export const OVERRIDES: Record<Environment, Record<string, Partial<Entry>>> = {
    dev: {},
    staging: {},
    prod: {},
};

const ENV_SETTINGS: Record<Environment, { regulated: boolean }> = {
    dev: { regulated: false },
    staging: { regulated: true },
    prod: { regulated: true },
};

function hasRemediation(p: PlatformPolicy): boolean {
    return isResourceRule(p) && typeof p.remediateResource === "function";
}

/** The enforcement level of a rule in an environment (see the table above). */
export function levelFor(env: Environment, p: PlatformPolicy): EnforcementLevel {
    if (p.enforcementLevel === "advisory") {
        return "advisory";
    }
    const blocking = p.severity === "critical" || p.severity === "high";
    const relaxedInDev = p.topics.includes("cost") || p.topics.includes("backup");
    switch (env) {
        case "prod":
            return p.severity === "low" ? "advisory" : "mandatory";
        case "staging":
            if (p.severity === "low") {
                return "advisory";
            }
            return hasRemediation(p) ? "remediate" : "mandatory";
        case "dev":
            if (relaxedInDev || !blocking) {
                return "advisory";
            }
            return hasRemediation(p) ? "remediate" : "mandatory";
    }
}

/** The config file of one environment. */
export function configFor(env: Environment, policies: PlatformPolicy[] = allPolicies): Record<string, Entry> {
    const out: Record<string, Entry> = {};
    for (const p of [...policies].sort((a, b) => a.name.localeCompare(b.name))) {
        const props = p.configSchema?.properties ?? {};
        const entry: Entry = { enforcementLevel: levelFor(env, p) };
        if ("regulated" in props) {
            entry.regulated = ENV_SETTINGS[env].regulated;
        }
        if ("environment" in props) {
            entry.environment = env;
        }
        out[p.name] = { ...entry, ...OVERRIDES[env][p.name] };
    }
    return out;
}

export function render(config: Record<string, Entry>): string {
    return JSON.stringify(config, null, 2) + "\n";
}

if (require.main === module) {
    let stale = false;
    for (const env of ENVIRONMENTS) {
        const file = path.join(CONFIG_DIR, `${env}.json`);
        const text = render(configFor(env));
        if (process.argv.includes("--check")) {
            if (!fs.existsSync(file) || fs.readFileSync(file, "utf8") !== text) {
                console.error(`${path.relative(process.cwd(), file)} is out of date; run policies/scripts/generate-config.ts`);
                stale = true;
            }
        } else {
            fs.mkdirSync(CONFIG_DIR, { recursive: true });
            fs.writeFileSync(file, text);
            console.log(`wrote ${path.relative(process.cwd(), file)}`);
        }
    }
    process.exit(stale ? 1 : 0);
}
