/**
 * The real Pulumi CLI as the oracle. Its JSON events are read here with no help from mlguard's own
 * mapping (`mlguard/src/engine/pulumiAnalyze.ts`), so a mistake there cannot hide one in mlguard.
 *
 * The suites need the CLI that `scripts/install-pulumi-cli.sh` builds (or a `pulumi` ≥ 3.249 on
 * PATH). Without one they are pending, with a title that says how to get it, unless
 * `MLGUARD_REQUIRE_PULUMI_CLI=1` (set by `.ci/run`) makes its absence a failure.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { findPulumiCli, INSTALL_HINT, PulumiCli, runPulumi } from "../../mlguard/src/engine/pulumiCli";
import { mlguard, REPO, tempDir } from "../mlguard/helpers";

export const REQUIRE_ENV = "MLGUARD_REQUIRE_PULUMI_CLI";
export const PACK_NAMES = ["hipaa", "pci-dss", "ml-baseline"] as const;
export type PackName = (typeof PACK_NAMES)[number];
export const ENVS = ["dev", "staging", "prod"] as const;
export type Env = (typeof ENVS)[number];

export const packDir = (p: PackName): string => path.join(REPO, "policies", p);
export const configFile = (env: Env): string => path.join(REPO, "policies", "config", `${env}.json`);

/** One pack and the config file given with it, as both engines take them. */
export interface PackRun {
    pack: PackName;
    config?: string;
}

/** Every pack, each with the environment's config. */
export const allPacks = (env: Env): PackRun[] => PACK_NAMES.map((pack) => ({ pack, config: configFile(env) }));

/**
 * A `describe` whose tests run against the real CLI, handed to `body` through a getter once
 * `before` has found it.
 */
export function describeWithEngine(title: string, body: (cli: () => PulumiCli) => void): void {
    const found = findPulumiCli();
    const required = process.env[REQUIRE_ENV] === "1";
    const pending = !found && !required;
    describe(pending ? `${title} (pending: no Pulumi CLI found; build it with ${INSTALL_HINT})` : title, function () {
        this.timeout(300_000);
        before(function () {
            if (pending) {
                this.skip();
            }
            assert.ok(found, `${REQUIRE_ENV}=1 and no Pulumi CLI ≥ 3.249 is on PATH or cached; build it with ${INSTALL_HINT}`);
        });
        body(() => found!);
    });
}

/** One verdict line: what both engines must agree on. */
export interface VerdictEntry {
    pack: string;
    policy: string;
    urn: string;
    level: string;
    severity: string;
    message: string;
}

export interface EngineVerdict {
    entries: VerdictEntry[];
    /** `summaryEvent.result`. */
    result: string | undefined;
    code: number;
    stderr: string;
}

const byKey = (a: VerdictEntry, b: VerdictEntry): number => JSON.stringify(a).localeCompare(JSON.stringify(b));

/** `pulumi policy analyze --file … --json`, its policy events as verdict entries. */
export async function engineVerdict(cli: PulumiCli, exportFile: string, packs: PackRun[]): Promise<EngineVerdict> {
    const args = ["policy", "analyze", "--file", exportFile, "--json"];
    for (const p of packs) {
        args.push("--policy-pack", packDir(p.pack));
    }
    for (const p of packs) {
        if (p.config) {
            args.push("--policy-pack-config", p.config);
        }
    }
    const run = await runPulumi(cli, args, { cwd: REPO });
    const entries: VerdictEntry[] = [];
    let result: string | undefined;
    for (const line of run.stdout.split("\n")) {
        if (!line.startsWith("{")) {
            continue;
        }
        const e = JSON.parse(line);
        if (e.policyEvent) {
            const p = e.policyEvent;
            entries.push({
                pack: p.policyPackName,
                policy: p.policyName,
                urn: p.resourceUrn ?? "",
                level: p.enforcementLevel,
                severity: p.severity ?? "",
                message: p.message,
            });
        } else if (e.summaryEvent) {
            result = e.summaryEvent.result;
        }
    }
    return { entries: entries.sort(byKey), result, code: run.code, stderr: run.stderr };
}

export interface MlguardVerdict {
    entries: VerdictEntry[];
    code: number | null;
    stdout: string;
    stderr: string;
}

/** `mlguard analyze --file … --format json` with the same packs and configs. */
export async function mlguardVerdict(exportFile: string, packs: PackRun[], extra: string[] = []): Promise<MlguardVerdict> {
    const args = ["analyze", "--file", exportFile, "--format", "json", ...extra];
    for (const p of packs) {
        args.push("--policy-pack", packDir(p.pack));
    }
    for (const p of packs) {
        if (p.config) {
            args.push("--policy-pack-config", p.config);
        }
    }
    const run = await mlguard(args, REPO);
    if (run.code !== 0 && run.code !== 1) {
        return { entries: [], ...run };
    }
    const report = JSON.parse(run.stdout);
    const entries: VerdictEntry[] = report.violations.map((v: any) => ({
        pack: v.policyPack,
        policy: v.policyName,
        urn: v.urn ?? "",
        level: v.enforcementLevel,
        severity: v.severity,
        message: v.message,
    }));
    return { entries: entries.sort(byKey), ...run };
}

/** Both verdicts on one export; asserts they agree and that the engine gave one. */
export async function assertSameVerdict(cli: PulumiCli, exportFile: string, packs: PackRun[]): Promise<VerdictEntry[]> {
    const [engine, own] = await Promise.all([engineVerdict(cli, exportFile, packs), mlguardVerdict(exportFile, packs)]);
    assert.ok(engine.result, `the engine gave no verdict (exit ${engine.code}): ${engine.stderr.trim()}`);
    assert.ok(own.code === 0 || own.code === 1, `mlguard gave no verdict (exit ${own.code}): ${own.stderr.trim()}`);
    assert.deepStrictEqual(own.entries, engine.entries);
    // Exit 1 from both means mandatory violations; the engine's summary says "failed" then.
    assert.strictEqual(own.code, engine.code === 0 ? 0 : 1, `mlguard exit ${own.code}, engine exit ${engine.code}`);
    return engine.entries;
}

/** A `pulumi stack export` document. */
export interface ExportDoc {
    version: number;
    deployment: { manifest: Record<string, unknown>; resources: ExportResource[] };
}

export interface ExportResource {
    urn: string;
    type: string;
    custom?: boolean;
    id?: string;
    parent?: string;
    provider?: string;
    inputs?: Record<string, any>;
    outputs?: Record<string, any>;
    dependencies?: string[];
    propertyDependencies?: Record<string, string[] | null>;
    [k: string]: unknown;
}

export const readExport = (file: string): ExportDoc => JSON.parse(fs.readFileSync(file, "utf8"));

export function writeExport(file: string, doc: ExportDoc): string {
    fs.writeFileSync(file, JSON.stringify(doc, null, 4) + "\n");
    return file;
}

let synthesized: Promise<Map<Env, string>> | undefined;

/** Each stack's export, synthesized once per test run by `mlguard synth`. */
export function stackExports(): Promise<Map<Env, string>> {
    synthesized ??= (async () => {
        const { dir, cleanup } = tempDir();
        process.once("exit", cleanup);
        const files = new Map<Env, string>(ENVS.map((env) => [env, path.join(dir, `${env}.json`)]));
        const runs = await Promise.all(ENVS.map((env) => mlguard(["synth", "--stack", env, "--out", files.get(env)!], REPO)));
        runs.forEach((r, i) => assert.strictEqual(r.code, 0, `mlguard synth --stack ${ENVS[i]}: ${r.stderr}`));
        return files;
    })();
    return synthesized;
}
