/**
 * The Pulumi project on disk: `Pulumi.yaml`, its stacks' `Pulumi.<stack>.yaml`, the policy packs
 * under `policies/` and their per-environment config under `policies/config/`.
 */
import * as fs from "fs";
import * as path from "path";
import { parse as parseYaml } from "yaml";
import { UsageError, firstLine } from "./errors";

export interface Project {
    /** Absolute directory holding `Pulumi.yaml`. */
    dir: string;
    /** `name:` from `Pulumi.yaml`. */
    name: string;
    /** The program to run, absolute (from `main:`, default the project directory). */
    main: string;
    description?: string;
    /** Project-level config defaults (`config:` in `Pulumi.yaml`), fully qualified keys. */
    configDefaults: Record<string, unknown>;
}

export interface StackConfig {
    /** The stack's short name, e.g. `dev`. */
    name: string;
    /** The stack file. */
    file: string;
    /** Config values, fully qualified keys (`aws:region`), project defaults applied. */
    config: Record<string, unknown>;
    /** Keys whose values were `secure:` in the stack file. */
    secretKeys: string[];
}

/** The nearest directory at or above `start` holding a `Pulumi.yaml`. */
export function findProjectDir(start: string = process.cwd()): string {
    let dir = path.resolve(start);
    for (;;) {
        if (fs.existsSync(path.join(dir, "Pulumi.yaml")) || fs.existsSync(path.join(dir, "Pulumi.yml"))) {
            return dir;
        }
        const parent = path.dirname(dir);
        if (parent === dir) {
            throw new UsageError(`no Pulumi.yaml in ${path.resolve(start)} or any directory above it; run mlguard inside the project`);
        }
        dir = parent;
    }
}

function readYaml(file: string): any {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (e) {
        throw new UsageError(`cannot read ${file}: ${firstLine(e)}`);
    }
    try {
        return parseYaml(text) ?? {};
    } catch (e) {
        throw new UsageError(`${file} is not valid YAML: ${firstLine(e).replace(/:$/, "")}`);
    }
}

function qualify(key: string, project: string): string {
    return key.includes(":") ? key : `${project}:${key}`;
}

export function loadProject(dir: string): Project {
    const file = fs.existsSync(path.join(dir, "Pulumi.yaml")) ? path.join(dir, "Pulumi.yaml") : path.join(dir, "Pulumi.yml");
    const doc = readYaml(file);
    if (typeof doc.name !== "string" || doc.name === "") {
        throw new UsageError(`${file} has no "name:"`);
    }
    const runtime = typeof doc.runtime === "string" ? doc.runtime : doc.runtime?.name;
    if (runtime !== "nodejs") {
        throw new UsageError(`${file} declares runtime "${runtime}"; mlguard synthesizes Node.js programs only`);
    }
    const configDefaults: Record<string, unknown> = {};
    for (const [k, v] of Object.entries<any>(doc.config ?? {})) {
        const isSpec = typeof v === "object" && v !== null && !Array.isArray(v) && ("default" in v || "value" in v || "type" in v);
        const value = isSpec ? (v.value ?? v.default) : v;
        if (value !== undefined) {
            configDefaults[qualify(k, doc.name)] = value;
        }
    }
    return {
        dir,
        name: doc.name,
        main: path.resolve(dir, typeof doc.main === "string" ? doc.main : "."),
        description: typeof doc.description === "string" ? doc.description : undefined,
        configDefaults,
    };
}

/** The stacks that have a `Pulumi.<stack>.yaml`, sorted. */
export function listStacks(project: Project): string[] {
    return fs
        .readdirSync(project.dir)
        .map((f) => /^Pulumi\.(.+)\.ya?ml$/.exec(f)?.[1])
        .filter((s): s is string => s !== undefined)
        .sort();
}

/**
 * A placeholder for `secure:` values: mlguard has no key to decrypt them, so the program sees a
 * secret with this text. Policies never see config values, only what the program derives from them.
 */
export const SECURE_PLACEHOLDER = "[secret]";

export function loadStack(project: Project, stack: string): StackConfig {
    const name = stack.split("/").pop() ?? stack;
    const candidates = [`Pulumi.${name}.yaml`, `Pulumi.${name}.yml`].map((f) => path.join(project.dir, f));
    const file = candidates.find((f) => fs.existsSync(f));
    if (!/^[A-Za-z0-9_.-]+$/.test(name) || !file) {
        const known = listStacks(project);
        throw new UsageError(
            `unknown stack "${stack}": there is no Pulumi.${name}.yaml in ${project.dir}` +
                (known.length ? ` (stacks: ${known.join(", ")})` : " (no stacks found)"),
        );
    }
    const doc = readYaml(file);
    const config: Record<string, unknown> = { ...project.configDefaults };
    const secretKeys: string[] = [];
    for (const [k, v] of Object.entries<any>(doc.config ?? {})) {
        const key = qualify(k, project.name);
        if (typeof v === "object" && v !== null && !Array.isArray(v) && typeof v.secure === "string" && Object.keys(v).length === 1) {
            config[key] = SECURE_PLACEHOLDER;
            secretKeys.push(key);
        } else {
            config[key] = v;
        }
    }
    return { name, file, config, secretKeys: secretKeys.sort() };
}

/** Config values as the language host hands them to a program: strings, structured values as JSON. */
export function programConfig(config: Record<string, unknown>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const k of Object.keys(config).sort()) {
        const v = config[k];
        out[k] = typeof v === "string" ? v : JSON.stringify(v);
    }
    return out;
}

/** The stack's environment: `ml-platform:environment` (the project's namespace), else the stack name. */
export function environmentOf(project: Project, stack: StackConfig): string {
    const v = stack.config[`${project.name}:environment`];
    return typeof v === "string" && v !== "" ? v : stack.name;
}

/** Every policy pack of the project: `policies/<pack>/PulumiPolicy.yaml`, sorted. */
export function defaultPackDirs(project: Project): string[] {
    const root = path.join(project.dir, "policies");
    if (!fs.existsSync(root)) {
        return [];
    }
    return fs
        .readdirSync(root, { withFileTypes: true })
        .filter((d) => d.isDirectory() && fs.existsSync(path.join(root, d.name, "PulumiPolicy.yaml")))
        .map((d) => path.join(root, d.name))
        .sort();
}

/** `policies/config/<env>.json`: the policy config of one environment, keyed by policy name. */
export function envConfigPath(project: Project, env: string): string {
    return path.join(project.dir, "policies", "config", `${env}.json`);
}
