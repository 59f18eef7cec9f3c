/**
 * Finds and runs the real Pulumi CLI: a `pulumi` at or above {@link MIN_PULUMI_VERSION} on PATH,
 * else the build that `scripts/install-pulumi-cli.sh` caches per version. Nobody has to edit PATH.
 */
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { UsageError } from "../errors";

/** The CLI version the install script builds. */
export const PULUMI_CLI_VERSION = "v3.276.0";

/** The oldest CLI with `pulumi policy analyze --file`. */
export const MIN_PULUMI_VERSION = "3.249.0";

/** How to get the CLI, for messages. */
export const INSTALL_HINT = "scripts/install-pulumi-cli.sh (npm run engine:install)";

export interface PulumiCli {
    /** The `pulumi` executable. */
    path: string;
    /** Its `pulumi version`, without the leading `v`. */
    version: string;
    /** Where it was found. */
    source: "path" | "cache";
}

/** `${XDG_CACHE_HOME:-$HOME/.cache}/ml-platform/pulumi-cli/<version>/bin`, as the install script writes it. */
export function cacheBinDir(version: string = PULUMI_CLI_VERSION, env: NodeJS.ProcessEnv = process.env): string {
    const cache = env.XDG_CACHE_HOME || path.join(env.HOME || os.homedir(), ".cache");
    return path.join(cache, "ml-platform", "pulumi-cli", version, "bin");
}

function compareVersions(a: string, b: string): number {
    const pa = a.split(/[.-]/).map((x) => Number.parseInt(x, 10));
    const pb = b.split(/[.-]/).map((x) => Number.parseInt(x, 10));
    for (let i = 0; i < 3; i++) {
        const d = (pa[i] || 0) - (pb[i] || 0);
        if (d !== 0) {
            return d;
        }
    }
    return 0;
}

function versionOf(exe: string): string | undefined {
    const r = spawnSync(exe, ["version"], { encoding: "utf8", env: { ...process.env, ...quietEnv() }, timeout: 30_000 });
    const m = r.status === 0 ? /^v?(\d+\.\d+\.\d+\S*)/.exec(r.stdout.trim()) : null;
    return m?.[1];
}

function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
    for (const dir of (env.PATH ?? "").split(path.delimiter)) {
        const candidate = dir && path.join(dir, name);
        if (candidate && fs.existsSync(candidate) && fs.statSync(candidate).isFile()) {
            try {
                fs.accessSync(candidate, fs.constants.X_OK);
                return candidate;
            } catch {
                // not executable: keep looking
            }
        }
    }
    return undefined;
}

const found = new Map<string, PulumiCli | null>();

/** The CLI to run, or undefined when neither PATH nor the cache holds a recent enough one. */
export function findPulumiCli(env: NodeJS.ProcessEnv = process.env): PulumiCli | undefined {
    const key = `${env.PATH}\u0000${env.XDG_CACHE_HOME}\u0000${env.HOME}`;
    if (!found.has(key)) {
        found.set(key, locate(env) ?? null);
    }
    return found.get(key) ?? undefined;
}

function locate(env: NodeJS.ProcessEnv): PulumiCli | undefined {
    const ambient = onPath("pulumi", env);
    const ambientVersion = ambient ? versionOf(ambient) : undefined;
    if (ambient && ambientVersion && compareVersions(ambientVersion, MIN_PULUMI_VERSION) >= 0) {
        return { path: ambient, version: ambientVersion, source: "path" };
    }
    const cached = path.join(cacheBinDir(PULUMI_CLI_VERSION, env), "pulumi");
    const cachedVersion = fs.existsSync(cached) ? versionOf(cached) : undefined;
    return cachedVersion ? { path: cached, version: cachedVersion, source: "cache" } : undefined;
}

/** The CLI, or one error naming the install script. */
export function requirePulumiCli(env: NodeJS.ProcessEnv = process.env): PulumiCli {
    const cli = findPulumiCli(env);
    if (!cli) {
        throw new UsageError(
            `--engine pulumi needs the Pulumi CLI ${MIN_PULUMI_VERSION} or newer: none is on PATH or in ${cacheBinDir(PULUMI_CLI_VERSION, env)}; build it with ${INSTALL_HINT}`,
        );
    }
    return cli;
}

/** Keeps the CLI from reaching the network for update checks or plugins. */
function quietEnv(): Record<string, string> {
    return { PULUMI_SKIP_UPDATE_CHECK: "true", PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true" };
}

/**
 * The environment the CLI runs in. Its own directory leads PATH so that the analyzer plugin
 * installed beside a cached build (`pulumi-analyzer-policy-nodejs`) is the one the engine starts.
 */
export function pulumiEnv(cli: PulumiCli, extra: Record<string, string> = {}, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
    return {
        ...base,
        ...quietEnv(),
        PATH: [path.dirname(cli.path), base.PATH ?? ""].filter((p) => p !== "").join(path.delimiter),
        ...extra,
    };
}

export interface PulumiRun {
    code: number;
    stdout: string;
    stderr: string;
}

/** Runs the CLI to completion and collects its output. Rejects only if it cannot be started. */
export function runPulumi(cli: PulumiCli, args: string[], opts: { cwd?: string; env?: Record<string, string>; input?: string } = {}): Promise<PulumiRun> {
    return new Promise((resolve, reject) => {
        const child = spawn(cli.path, args, { cwd: opts.cwd, env: pulumiEnv(cli, opts.env), stdio: ["pipe", "pipe", "pipe"] });
        const out: Buffer[] = [];
        const err: Buffer[] = [];
        child.stdout.on("data", (b: Buffer) => out.push(b));
        child.stderr.on("data", (b: Buffer) => err.push(b));
        child.on("error", reject);
        child.on("close", (code, signal) =>
            resolve({ code: code ?? (signal ? 128 : 1), stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") }),
        );
        child.stdin.end(opts.input ?? "");
    });
}
