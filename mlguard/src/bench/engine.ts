/**
 * mlguard against the real engine, side by side in one run: `mlguard analyze --file` and
 * `pulumi policy analyze --file` on the same export, packs and config, alternating so that
 * drift in the machine's speed falls on both alike. Each pair is reported as a ratio.
 */
import * as fs from "fs";
import * as path from "path";
import { findPulumiCli, INSTALL_HINT, pulumiEnv } from "../engine/pulumiCli";
import { serializeExport, StackExport } from "../synth/synth";
import { fmt, median, timed } from "./timing";

export interface EngineBenchCase {
    /** How the row is labelled. */
    label: string;
    /** Resources in the export. */
    resources: number;
    export: StackExport;
}

/**
 * Runs the comparison and returns each row's ratio (mlguard ÷ engine), or undefined when no CLI
 * is available (the reason is printed).
 */
export async function benchAgainstEngine(
    cases: EngineBenchCase[],
    opts: { bin: string; cwd: string; tmp: string; packDirs: string[]; configFile?: string; runs: number },
): Promise<Map<string, number> | undefined> {
    const cli = findPulumiCli();
    console.log("\nagainst the real engine, same export, packs and config (mlguard analyze --file vs pulumi policy analyze --file):");
    if (!cli) {
        console.log(`  skipped: no Pulumi CLI; build it with ${INSTALL_HINT}`);
        return undefined;
    }
    console.log(`  pulumi ${cli.version} (${cli.source === "path" ? "on PATH" : "cached build"})`);
    console.log("  export            resources   mlguard    engine     mlguard ÷ engine");
    const configs = (flag: string) => (opts.configFile ? opts.packDirs.flatMap(() => [flag, opts.configFile!]) : []);
    const packs = opts.packDirs.flatMap((d) => ["--policy-pack", d]);
    const env = pulumiEnv(cli);
    const ratios = new Map<string, number>();
    for (const c of cases) {
        const file = path.join(opts.tmp, `engine-${c.label.replace(/[^A-Za-z0-9]+/g, "-")}.json`);
        fs.writeFileSync(file, serializeExport(c.export));
        const own = [opts.bin, "analyze", "--file", file, ...packs, ...configs("--policy-pack-config"), "--format", "json", "--out", `${file}.report.json`];
        const engine = ["policy", "analyze", "--file", file, "--json", ...packs, ...configs("--policy-pack-config")];
        const ownTimes: number[] = [];
        const engineTimes: number[] = [];
        let failure: string | undefined;
        for (let i = 0; i < opts.runs && !failure; i++) {
            const a = await timed(process.execPath, own, opts.cwd);
            const b = await timed(cli.path, engine, opts.cwd, env);
            // Exit 1 is a verdict with mandatory violations, from both.
            for (const [who, r] of [
                ["mlguard", a],
                ["pulumi", b],
            ] as const) {
                if (r.code !== 0 && r.code !== 1) {
                    failure = `${who} failed (exit ${r.code}): ${r.stderr.trim().split("\n").pop()}`;
                }
            }
            ownTimes.push(a.ms);
            engineTimes.push(b.ms);
        }
        if (failure) {
            console.log(`  ${c.label.padEnd(17)} ${String(c.resources).padStart(9)}   ${failure}`);
            continue;
        }
        const ratio = median(ownTimes) / median(engineTimes);
        ratios.set(c.label, ratio);
        console.log(
            `  ${c.label.padEnd(17)} ${String(c.resources).padStart(9)}   ${fmt(median(ownTimes)).padEnd(10)} ${fmt(median(engineTimes)).padEnd(10)} ${ratio.toFixed(2)}`,
        );
    }
    return ratios;
}
