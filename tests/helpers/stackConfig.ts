/** Reads a committed `Pulumi.<stack>.yaml` the way the Pulumi CLI hands it to the program. */
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import type { RawConfig } from "../../stacks/config";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");

/** Every config value of the stack, keyed by full name, as Pulumi passes them (non-strings as JSON). */
export function readStackFile(stack: string): Record<string, string> {
    const file = path.join(REPO_ROOT, `Pulumi.${stack}.yaml`);
    const doc = YAML.parse(fs.readFileSync(file, "utf8")) ?? {};
    const out: Record<string, string> = {};
    for (const [key, value] of Object.entries<unknown>(doc.config ?? {})) {
        out[key] = typeof value === "string" ? value : JSON.stringify(value);
    }
    return out;
}

/** The stack's config in the shape `parsePlatformConfig` reads. */
export function readStackConfig(stack: string): RawConfig {
    const raw: RawConfig = {};
    for (const [key, value] of Object.entries(readStackFile(stack))) {
        raw[key.startsWith("ml-platform:") ? key.slice("ml-platform:".length) : key] = value;
    }
    return raw;
}
