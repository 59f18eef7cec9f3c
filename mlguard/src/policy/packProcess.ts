/**
 * One running policy pack: its process, started as the engine starts it, and a gRPC client.
 */
import { ChildProcess, spawn } from "child_process";
import * as path from "path";
import { UsageError } from "../errors";
import { PackDir } from "./packDir";
import { Channel, GrpcError, Status } from "./channel";
import { invoke } from "./protocol";

export interface PackEnvironment {
    organization?: string;
    project?: string;
    stack?: string;
    /** Stack config (already as strings), handed to the pack as `PULUMI_CONFIG`. */
    config?: Record<string, string>;
    dryRun: boolean;
}

export interface StartOptions {
    /** Give up on a pack that hasn't printed its port after this long. */
    timeoutMs: number;
    /** Start the SDK's own runner, which type-checks the pack first. */
    typecheck?: boolean;
}

/** How the engine's `constructEnv` passes stack context to a Node.js pack. */
export function packEnv(env: PackEnvironment): NodeJS.ProcessEnv {
    const out: NodeJS.ProcessEnv = { ...process.env };
    const set = (k: string, v: string | undefined) => {
        if (v) {
            out[k] = v;
        }
    };
    if (env.config && Object.keys(env.config).length > 0) {
        out.PULUMI_CONFIG = JSON.stringify(env.config);
    }
    for (const prefix of ["PULUMI_NODEJS_", "PULUMI_"]) {
        set(`${prefix}ORGANIZATION`, env.organization);
        set(`${prefix}PROJECT`, env.project);
        set(`${prefix}STACK`, env.stack);
        set(`${prefix}DRY_RUN`, String(env.dryRun));
    }
    return out;
}

/** The interesting part of a pack's stderr: the exception it died of, else its last line. */
export function summarize(stderr: string): string {
    const lines = stderr
        // eslint-disable-next-line no-control-regex
        .replace(/\u001b\[[0-9;]*m/g, "")
        .split("\n")
        .map((l) => l.trim())
        .filter((l) => l !== "");
    const exception = lines.find((l) => /^(Uncaught )?([A-Z][A-Za-z]*)?(Error|Exception)( \[[^\]]+\])?: /.test(l));
    const logged = lines.find((l) => /^error: /.test(l));
    return (exception ?? logged ?? lines[lines.length - 1] ?? "").slice(0, 500);
}

export class PackProcess {
    private stderr = "";
    private exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    private readonly exitWaiters: (() => void)[] = [];

    private constructor(
        readonly pack: PackDir,
        readonly child: ChildProcess,
        public channel?: Channel,
    ) {
        child.stderr?.setEncoding("utf8");
        child.stderr?.on("data", (d: string) => {
            this.stderr = (this.stderr + d).slice(-65536);
        });
        child.on("exit", (code, signal) => {
            this.exited = { code, signal };
            this.exitWaiters.splice(0).forEach((w) => w());
        });
    }

    /** Spawns the pack and waits for the port it prints on its first stdout line. */
    static async start(pack: PackDir, env: PackEnvironment, opts: StartOptions): Promise<PackProcess> {
        const runner = opts.typecheck
            ? require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [pack.dir] })
            : path.join(__dirname, "..", "host", "runPolicyPack.js");
        // MLGUARD_PACK_NODE_ARGS: extra node flags for pack processes (e.g. --cpu-prof), for profiling.
        const nodeArgs = (process.env.MLGUARD_PACK_NODE_ARGS ?? "").split(" ").filter((a) => a !== "");
        const args = [...nodeArgs, runner, "127.0.0.1:0", "."];
        for (const [k, v] of Object.entries(pack.runtimeOptions)) {
            const s =
                v === undefined || v === null
                    ? ""
                    : typeof v === "string"
                      ? v
                      : typeof v === "number" || typeof v === "boolean"
                        ? String(v)
                        : JSON.stringify(v);
            if (s !== "") {
                args.push(`-${k}=${s}`);
            }
        }
        // stdin stays open for the pack's lifetime: mlguard's host exits when it closes, so a pack
        // never outlives mlguard, even one killed outright.
        const child = spawn(process.execPath, args, { cwd: pack.dir, env: packEnv(env), stdio: ["pipe", "pipe", "pipe"] });
        const proc = track(new PackProcess(pack, child));
        const port = await new Promise<number>((resolve, reject) => {
            let out = "";
            let settled = false;
            const finish = (f: () => void) => {
                if (!settled) {
                    settled = true;
                    clearTimeout(timer);
                    f();
                }
            };
            const timer = setTimeout(
                () =>
                    finish(() => {
                        proc.kill();
                        reject(new UsageError(`policy pack ${pack.label} did not print its port within ${Math.round(opts.timeoutMs / 100) / 10}s`));
                    }),
                opts.timeoutMs,
            );
            child.stdout.setEncoding("utf8");
            child.stdout.on("data", (d: string) => {
                out += d;
                const nl = out.indexOf("\n");
                if (nl < 0) {
                    return;
                }
                const line = out.slice(0, nl).trim();
                const n = Number(line);
                finish(() => {
                    if (/^[0-9]+$/.test(line) && n > 0 && n < 65536) {
                        resolve(n);
                    } else {
                        proc.kill();
                        reject(new UsageError(`policy pack ${pack.label} printed "${line.slice(0, 80)}" where the engine expects its port`));
                    }
                });
            });
            child.on("error", (e) => finish(() => reject(new UsageError(`cannot start policy pack ${pack.label}: ${e.message}`))));
            child.on("exit", (code, signal) =>
                finish(() => {
                    // Let the last stderr chunk arrive before summarizing it.
                    setImmediate(() => {
                        const why = summarize(proc.stderr);
                        reject(
                            new UsageError(
                                `policy pack ${pack.label} exited before it was ready (${signal ? `signal ${signal}` : `exit code ${code}`})` +
                                    (why ? `: ${why}` : ""),
                            ),
                        );
                    });
                }),
            );
        });
        proc.channel = new Channel(port);
        return proc;
    }

    /** Calls a method; a failure names the pack, and says so if the pack has died. */
    async call(method: string, req: unknown, what: string, raw = false): Promise<any> {
        try {
            return await invoke(this.channel!, method, req, raw);
        } catch (e: any) {
            if (this.exited || (e instanceof GrpcError && e.code === Status.UNAVAILABLE)) {
                await this.waitForExit(500);
            }
            if (this.exited) {
                const why = summarize(this.stderr);
                throw new UsageError(
                    `policy pack ${this.pack.label} crashed during ${what} (${this.exited.signal ? `signal ${this.exited.signal}` : `exit code ${this.exited.code}`})` +
                        (why ? `: ${why}` : ""),
                );
            }
            throw e;
        }
    }

    private waitForExit(ms: number): Promise<void> {
        if (this.exited) {
            return Promise.resolve();
        }
        return new Promise((resolve) => {
            const t = setTimeout(resolve, ms);
            this.exitWaiters.push(() => {
                clearTimeout(t);
                resolve();
            });
        });
    }

    get stderrText(): string {
        return this.stderr;
    }

    kill(): void {
        this.channel?.close();
        this.child.stdin?.destroy();
        if (!this.exited && this.child.exitCode === null) {
            this.child.kill("SIGTERM");
        }
    }
}

/** Every pack process this process started, stopped when it exits. */
const live = new Set<PackProcess>();
process.on("exit", () => live.forEach((p) => p.kill()));

function track(p: PackProcess): PackProcess {
    live.add(p);
    p.child.on("exit", () => live.delete(p));
    return p;
}
