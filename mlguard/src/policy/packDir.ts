/** A policy pack directory, as `pulumi preview --policy-pack DIR` accepts it. */
import * as fs from "fs";
import * as path from "path";
import { parse as parseYaml } from "yaml";
import { UsageError, firstLine } from "../errors";

export interface PackDir {
    /** Absolute path. */
    dir: string;
    /** The path as the user gave it, for messages. */
    label: string;
    /** `runtime.options` from `PulumiPolicy.yaml`, passed to the runtime as `-key=value`. */
    runtimeOptions: Record<string, unknown>;
    /** `version:` from `PulumiPolicy.yaml`; the engine prefers it over the pack's own. */
    version?: string;
}

export function readPackDir(dir: string, label: string = dir): PackDir {
    const abs = path.resolve(dir);
    if (!fs.existsSync(abs) || !fs.statSync(abs).isDirectory()) {
        throw new UsageError(`policy pack directory ${label} does not exist`);
    }
    const file = path.join(abs, "PulumiPolicy.yaml");
    if (!fs.existsSync(file)) {
        throw new UsageError(`${label} is not a policy pack: it has no PulumiPolicy.yaml`);
    }
    let doc: any;
    try {
        doc = parseYaml(fs.readFileSync(file, "utf8")) ?? {};
    } catch (e) {
        throw new UsageError(`${path.join(label, "PulumiPolicy.yaml")} is not valid YAML: ${firstLine(e).replace(/:$/, "")}`);
    }
    const runtime = typeof doc.runtime === "string" ? doc.runtime : doc.runtime?.name;
    if (runtime !== "nodejs") {
        throw new UsageError(`policy pack ${label} uses runtime "${runtime ?? "(none)"}"; mlguard runs Node.js packs only`);
    }
    return {
        dir: abs,
        label,
        runtimeOptions: typeof doc.runtime === "object" && doc.runtime?.options ? doc.runtime.options : {},
        version: typeof doc.version === "string" || typeof doc.version === "number" ? String(doc.version) : undefined,
    };
}
