/**
 * `npm run bench`: how long mlguard takes, against what merely loading its dependencies costs.
 *
 * 1. Baseline: a bare node loading @pulumi/pulumi, @pulumi/aws and the project's packs (median),
 *    and the floor of the engine's process layout (those loads while each pack starts in its own
 *    process).
 * 2. Per stack: `mlguard synth` and `mlguard analyze --stack` wall times, and their ratios.
 * 3. Against the real engine (./engine.ts): `mlguard analyze --file` and `pulumi policy analyze
 *    --file` on prod's export and on synthetic exports of 1k and 10k resources, as ratios.
 * 4. Throughput: `Analyze`/`AnalyzeStack` over synthetic stack exports of 1k, 10k and 50k
 *    resources with the project's packs (started once), as resources/s, and how time grows.
 *
 *    Then the same with the packs' checks hollowed out (./noopPack.js): the floor the policy
 *    runtime and the protocol set, whatever the rules do.
 *
 * `npm run bench -- --help` lists the options.
 */
import { Command, InvalidArgumentError } from "commander";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { fromExport } from "../input/load";
import { analyzeSnapshot, configurePacks, startPacks, stopPacks } from "../policy/analyze";
import { loadPolicyConfigFile } from "../policy/config";
import { readPackDir } from "../policy/packDir";
import { defaultPackDirs, envConfigPath, findProjectDir, listStacks, loadProject } from "../project";
import { benchAgainstEngine } from "./engine";
import { syntheticExport } from "./synthetic";
import { fmt, median, timed } from "./timing";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { materialize } = require("./noopPack") as { materialize: (packDir: string, into: string) => string };

interface Options {
    runs: number;
    sizes: number[];
    engineSizes: number[];
    stacks?: string[];
    packs: string[];
    skipThroughput: boolean;
    skipStacks: boolean;
    skipFloor: boolean;
    skipEngine: boolean;
}

const sizeList = (v: string): number[] => {
    const sizes = v.split(",").map(Number);
    if (sizes.some((n) => !Number.isInteger(n) || n < 2)) {
        throw new InvalidArgumentError("expected a comma-separated list of whole numbers of resources, each 2 or more");
    }
    return sizes;
};

function parseArgs(argv: string[]): Options {
    const program = new Command("bench")
        .exitOverride((e) => {
            if (e.exitCode === 0) {
                process.exit(0); // --help
            }
            throw e;
        })
        // bin/bench.js prints the one error line.
        .configureOutput({ outputError: () => undefined })
        .option(
            "--runs <n>",
            "runs per measurement (the median is shown)",
            (v) => {
                const n = Number(v);
                if (!Number.isInteger(n) || n < 1) {
                    throw new InvalidArgumentError("expected a whole number, 1 or more");
                }
                return n;
            },
            3,
        )
        .option("--sizes <list>", "synthetic export sizes for the throughput section", sizeList, [1000, 10000, 50000])
        .option("--engine-sizes <list>", "synthetic export sizes compared with the real engine, beside prod", sizeList, [1000, 10000])
        .option("--stacks <list>", "stacks to synthesize and analyze (default: every stack)", (v) => v.split(","))
        .option("--policy-pack <dir>", "a policy pack (repeatable; default: the project's packs)", (v: string, acc: string[]) => [...acc, v], [] as string[])
        .option("--skip-throughput", "leave out the throughput section")
        .option("--skip-stacks", "leave out the per-stack section")
        .option("--skip-floor", "leave out the hollowed-pack floor")
        .option("--skip-engine", "leave out the comparison with the real engine");
    program.parse(argv, { from: "user" });
    const o = program.opts();
    return {
        runs: o.runs,
        sizes: o.sizes,
        engineSizes: o.engineSizes,
        stacks: o.stacks,
        packs: o.policyPack,
        skipThroughput: o.skipThroughput === true,
        skipStacks: o.skipStacks === true,
        skipFloor: o.skipFloor === true,
        skipEngine: o.skipEngine === true,
    };
}

const BIN = path.join(__dirname, "..", "..", "bin", "mlguard.js");

/** CPU seconds a process has used so far (Linux `/proc`; undefined elsewhere). */
function cpuOf(pid: number | undefined): number | undefined {
    try {
        const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
        // utime and stime, fields 14 and 15 of stat (11 and 12 after the command name).
        return (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
        return undefined;
    }
}

async function medianOf(runs: number, args: string[], cwd: string): Promise<{ ms: number; failure?: string }> {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
        const r = await timed(process.execPath, args, cwd);
        if (r.code !== 0 && r.code !== 1) {
            return { ms: NaN, failure: r.stderr.trim().split("\n").pop() };
        }
        times.push(r.ms);
    }
    return { ms: median(times) };
}

export async function bench(argv: string[]): Promise<void> {
    const o = parseArgs(argv);
    const project = loadProject(findProjectDir());
    const packDirs = o.packs.length ? o.packs.map((p) => path.resolve(p)) : defaultPackDirs(project);
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "mlguard-bench-"));
    const cpus = os.cpus().length;
    console.log(`mlguard benchmark: node ${process.version}, ${cpus} CPU${cpus === 1 ? "" : "s"}, ${o.runs} run(s) each, median`);
    console.log(`packs: ${packDirs.map((d) => path.relative(project.dir, d) || d).join(", ")}`);
    try {
        // Warm the transpile cache so every measurement below sees the same, warm state.
        await timed(process.execPath, [path.join(__dirname, "bareLoad.js"), ...packDirs], project.dir);
        const base = await medianOf(o.runs, [path.join(__dirname, "bareLoad.js"), ...packDirs], project.dir);
        if (base.failure) {
            throw new Error(`the baseline failed: ${base.failure}`);
        }
        console.log(`\nbaseline (node loading @pulumi/pulumi, @pulumi/aws and the packs): ${fmt(base.ms)}`);
        // mlguard's processes load @pulumi/pulumi without its closure-serialization dependencies; shown
        // for comparison, while the ratios below keep the plain baseline.
        const deferred = await medianOf(o.runs, [path.join(__dirname, "bareLoad.js"), "--defer", ...packDirs], project.dir);
        if (!deferred.failure) {
            console.log(`the same loads with closure serialization deferred, as mlguard loads them: ${fmt(deferred.ms)}`);
        }
        // What running the packs as the engine does costs by itself: @pulumi/pulumi and @pulumi/aws
        // loaded in one process while every pack starts in its own and prints its port.
        const floors: number[] = [];
        for (let i = 0; i < o.runs; i++) {
            const t0 = process.hrtime.bigint();
            const [, procs] = await Promise.all([
                timed(process.execPath, [path.join(__dirname, "bareLoad.js"), "--defer"], project.dir),
                startPacks(
                    packDirs.map((d) => ({ dir: readPackDir(d) })),
                    { organization: "organization" },
                    { timeoutMs: 120000 },
                ),
            ]);
            floors.push(Number(process.hrtime.bigint() - t0) / 1e6);
            stopPacks(procs);
        }
        const floor = median(floors);
        console.log(`floor with each pack in its own process, as the engine runs them: ${fmt(floor)}`);

        if (!o.skipStacks) {
            console.log("\nstack            synth     ratio   analyze   ratio     vs floor");
            const packArgs = o.packs.flatMap((p) => ["--policy-pack", path.resolve(p)]);
            for (const stack of o.stacks ?? listStacks(project)) {
                const s = await medianOf(o.runs, [BIN, "synth", "--stack", stack, "--out", path.join(tmp, `${stack}.json`)], project.dir);
                const packConfig = o.packs.length
                    ? (() => {
                          const env = envConfigPath(project, stack);
                          return fs.existsSync(env) ? o.packs.flatMap(() => ["--policy-pack-config", env]) : [];
                      })()
                    : [];
                const a = await medianOf(
                    o.runs,
                    [BIN, "analyze", "--stack", stack, ...packArgs, ...packConfig, "--format", "json", "--out", path.join(tmp, `${stack}.report.json`)],
                    project.dir,
                );
                const cell = (r: { ms: number; failure?: string }) =>
                    r.failure ? "failed".padEnd(18) : `${fmt(r.ms).padEnd(9)} ${(r.ms / base.ms).toFixed(2)}×`.padEnd(18);
                console.log(`${stack.padEnd(16)} ${cell(s)}${cell(a)}${a.failure ? "" : `${(a.ms / floor).toFixed(2)}×`}`);
                for (const f of [s.failure, a.failure].filter((x) => x)) {
                    console.log(`  ${f}`);
                }
            }
        }

        if (!o.skipEngine) {
            const prodFile = path.join(tmp, "prod.json");
            if (!fs.existsSync(prodFile)) {
                const r = await timed(process.execPath, [BIN, "synth", "--stack", "prod", "--out", prodFile], project.dir);
                if (r.code !== 0) {
                    throw new Error(`mlguard synth --stack prod failed: ${r.stderr.trim().split("\n").pop()}`);
                }
            }
            const prod = JSON.parse(fs.readFileSync(prodFile, "utf8"));
            const env = envConfigPath(project, "prod");
            await benchAgainstEngine(
                [
                    { label: "prod", resources: prod.deployment.resources.length, export: prod },
                    ...o.engineSizes.map((n) => ({ label: `synthetic ${n}`, resources: n, export: syntheticExport(n) })),
                ],
                { bin: BIN, cwd: project.dir, tmp, packDirs, configFile: fs.existsSync(env) ? env : undefined, runs: o.runs },
            );
        }

        if (!o.skipThroughput) {
            // Packs are started once per pack set and configured with prod's policy config.
            const runThroughput = async (dirs: string[]): Promise<Map<number, number>> => {
                const times = new Map<number, number>();
                const requests = dirs.map((d) => {
                    const env = envConfigPath(project, "prod");
                    return { dir: readPackDir(d), ...(fs.existsSync(env) ? { config: loadPolicyConfigFile(env), configFile: env } : {}) };
                });
                const ctx = { organization: "organization", project: project.name, stack: "bench" };
                const procs = await startPacks(requests, ctx, { timeoutMs: 120000 });
                try {
                    const packs = await configurePacks(procs, requests, ctx);
                    let previous: { n: number; ms: number } | undefined;
                    for (const n of o.sizes) {
                        const snapshot = fromExport(syntheticExport(n), `synthetic ${n}`);
                        const packCpu0 = procs.map((p) => cpuOf(p.child.pid));
                        const ownCpu0 = process.cpuUsage();
                        const t0 = process.hrtime.bigint();
                        const result = await analyzeSnapshot(snapshot, packs);
                        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
                        const own = process.cpuUsage(ownCpu0);
                        const packCpu = procs.map((p, i) => (cpuOf(p.child.pid) ?? NaN) - (packCpu0[i] ?? NaN));
                        const growth = previous
                            ? `  ×${(ms / previous.ms).toFixed(1)} time for ×${n / previous.n} resources (exponent ${(Math.log(ms / previous.ms) / Math.log(n / previous.n)).toFixed(2)})`
                            : "";
                        console.log(
                            `  ${String(n).padStart(6)} resources  ${fmt(ms).padStart(9)}  ${Math.round(n / (ms / 1000))
                                .toString()
                                .padStart(6)} resources/s  ${result.violations.length} violations${growth}`,
                        );
                        const cpu = packCpu.every((c) => Number.isFinite(c)) ? `, packs ${packCpu.map((c) => c.toFixed(1)).join(" + ")} s` : "";
                        console.log(`${" ".repeat(10)}CPU: mlguard ${((own.user + own.system) / 1e6).toFixed(1)} s${cpu}`);
                        previous = { n, ms };
                        times.set(n, ms);
                    }
                } finally {
                    stopPacks(procs);
                }
                return times;
            };
            console.log("\nthroughput (Analyze per resource and AnalyzeStack, packs already running):");
            const full = await runThroughput(packDirs);
            if (!o.skipFloor) {
                // The same packs with every check a no-op: what the policy runtime and the protocol cost alone.
                const hollowDir = path.join(project.dir, "node_modules", ".cache", "mlguard-bench");
                const hollow = packDirs.map((d, i) => materialize(d, path.join(hollowDir, `${i}-${path.basename(d)}`)));
                try {
                    console.log("\nthe same packs with every check a no-op (the @pulumi/policy runtime and the protocol alone):");
                    const floorTimes = await runThroughput(hollow);
                    for (const [n, ms] of full) {
                        const hollowMs = floorTimes.get(n);
                        if (hollowMs) {
                            console.log(`  at ${n} resources the packs' checks cost ${(ms / hollowMs).toFixed(2)}× the no-op floor`);
                        }
                    }
                } finally {
                    fs.rmSync(hollowDir, { recursive: true, force: true });
                }
            }
        }
    } finally {
        fs.rmSync(tmp, { recursive: true, force: true });
    }
}
