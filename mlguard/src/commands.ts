/**
 * The two commands, independent of argument parsing: each returns its exit code and throws
 * {@link UsageError} for anything that prevents a verdict.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { analyzeWithEngine } from "./engine/pulumiAnalyze";
import { PulumiCli, requirePulumiCli } from "./engine/pulumiCli";
import { ExitCode, UsageError } from "./errors";
import { fromExport, loadStateFile } from "./input/load";
import { StackSnapshot } from "./model";
import { AnalysisResult, LoadedPack, PackRequest, StackContext, analyzeSnapshot, configurePacks, startPacks, stopPacks } from "./policy/analyze";
import { PolicyConfigMap, loadPolicyConfigFile } from "./policy/config";
import { checkConfigKeys } from "./policy/configKeys";
import { readPackDir } from "./policy/packDir";
import { PackProcess } from "./policy/packProcess";
import { Project, StackConfig, defaultPackDirs, envConfigPath, environmentOf, findProjectDir, loadProject, loadStack, programConfig } from "./project";
import { renderJson } from "./report/json";
import { renderMarkdown } from "./report/markdown";
import { renderSarif } from "./report/sarif";
import { renderText } from "./report/text";
import { serializeExport, synth } from "./synth/synth";
import { checkWritable, emit } from "./util/output";

export const FORMATS = ["text", "json", "sarif", "markdown"] as const;
export type Format = (typeof FORMATS)[number];

/** Who evaluates the packs: mlguard's own host, or the Pulumi CLI's `pulumi policy analyze --file`. */
export const ENGINES = ["mlguard", "pulumi"] as const;
export type Engine = (typeof ENGINES)[number];

export interface SynthArgs {
    stack: string;
    out?: string;
    cwd?: string;
}

export async function runSynth(args: SynthArgs): Promise<number> {
    if (args.out) {
        checkWritable(args.out);
    }
    const project = loadProject(findProjectDir(args.cwd));
    const stack = loadStack(project, args.stack);
    const exp = await synth(project, stack);
    await emit(serializeExport(exp), args.out);
    return ExitCode.Ok;
}

export interface AnalyzeArgs {
    stack?: string;
    file?: string;
    preview?: string;
    policyPack: string[];
    policyPackConfig: string[];
    format: string;
    out?: string;
    packTimeout?: number;
    typecheckPacks?: boolean;
    /** @default "mlguard" */
    engine?: string;
    cwd?: string;
    /** Colour text output (default: when writing to a terminal). */
    color?: boolean;
}

/** The repository root (nearest `.git` above the project), for SARIF paths. */
function repoRoot(start: string): string {
    let dir = start;
    for (;;) {
        if (fs.existsSync(path.join(dir, ".git"))) {
            return dir;
        }
        const up = path.dirname(dir);
        if (up === dir) {
            return start;
        }
        dir = up;
    }
}

function programFile(project: Project): string {
    const main = project.main;
    for (const candidate of [main, path.join(main, "index.ts"), path.join(main, "index.js")]) {
        if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) {
            return candidate;
        }
    }
    return path.join(project.dir, "Pulumi.yaml");
}

function tryProject(cwd: string | undefined): Project | undefined {
    try {
        return loadProject(findProjectDir(cwd));
    } catch (e) {
        if (e instanceof UsageError && /no Pulumi\.yaml/.test(e.message)) {
            return undefined;
        }
        throw e;
    }
}

function tryStack(project: Project, name: string): StackConfig | undefined {
    try {
        return loadStack(project, name);
    } catch {
        return undefined;
    }
}

interface Plan {
    requests: PackRequest[];
}

/**
 * Which packs run with which config, mirroring `pulumi preview --policy-pack A --policy-pack-config
 * cA ...` (paired by position), plus mlguard's defaults: every project pack, and for a stack, that
 * environment's config. One config file without packs applies to every default pack.
 */
function planPacks(args: AnalyzeArgs, project: Project | undefined, envConfig: string | undefined): Plan {
    const packs = args.policyPack;
    const configs = args.policyPackConfig;
    const explicit = packs.length > 0;
    if (explicit && configs.length > 0 && configs.length !== packs.length) {
        throw new UsageError(`${configs.length} --policy-pack-config for ${packs.length} --policy-pack: give one config per pack, in the same order, or none`);
    }
    if (!explicit && configs.length > 1) {
        throw new UsageError("more than one --policy-pack-config without --policy-pack: a single config applies to every default pack");
    }
    let dirs: { dir: string; label: string }[];
    if (explicit) {
        dirs = packs.map((d) => ({ dir: path.resolve(d), label: d }));
    } else {
        if (!project) {
            throw new UsageError("no --policy-pack given and no Pulumi project here to take the default packs from");
        }
        dirs = defaultPackDirs(project).map((d) => ({ dir: d, label: path.relative(process.cwd(), d) || "." }));
        if (dirs.length === 0) {
            throw new UsageError(`no --policy-pack given and ${path.join(project.dir, "policies")} holds no policy packs`);
        }
    }
    const configFiles: (string | undefined)[] = dirs.map((_, i) => (configs.length === 0 ? envConfig : explicit ? configs[i] : configs[0]));
    const parsed = new Map<string, PolicyConfigMap>();
    const requests = dirs.map((d, i): PackRequest => {
        const dir = readPackDir(d.dir, d.label);
        const file = configFiles[i];
        if (file && !parsed.has(file)) {
            parsed.set(file, loadPolicyConfigFile(file));
        }
        return { dir, ...(file ? { config: parsed.get(file), configFile: file } : {}) };
    });
    return { requests };
}

function render(result: AnalysisResult, format: Format, args: AnalyzeArgs, project: Project | undefined): string {
    switch (format) {
        case "json":
            return renderJson(result);
        case "markdown":
            return renderMarkdown(result);
        case "sarif": {
            const base = project?.dir ?? process.cwd();
            const root = repoRoot(base);
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            const version: string = require("../package.json").version;
            return renderSarif(result, {
                version,
                repoPath: (p) => path.relative(root, path.join(base, p)).split(path.sep).join("/"),
                category: `mlguard/${result.snapshot.stack && args.stack ? result.snapshot.stack : path.basename(result.snapshot.origin)}`,
            });
        }
        case "text":
        default:
            return renderText(result, { color: args.color ?? (!args.out && process.stdout.isTTY === true && !process.env.NO_COLOR) });
    }
}

/**
 * The engine's verdict on the export: the given file as it is, or the synthesized one written to
 * a private temporary file that is removed afterwards. The packs mlguard started lend their
 * declared policies (descriptions, frameworks) to the report.
 */
async function analyzeExportWithEngine(
    cli: PulumiCli,
    file: string | undefined,
    exportText: string | undefined,
    requests: PackRequest[],
    packs: LoadedPack[],
    snapshot: StackSnapshot,
): Promise<AnalysisResult> {
    const enginePacks = packs.map((p, i) => ({ ...p, configFile: requests[i].configFile }));
    if (file !== undefined) {
        return analyzeWithEngine(cli, path.resolve(file), enginePacks, snapshot);
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mlguard-engine-"));
    try {
        const tmp = path.join(dir, "export.json");
        fs.writeFileSync(tmp, exportText ?? "", { mode: 0o600 });
        return await analyzeWithEngine(cli, tmp, enginePacks, snapshot);
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

export async function runAnalyze(args: AnalyzeArgs): Promise<number> {
    const modes = [args.stack, args.file, args.preview].filter((m) => m !== undefined);
    if (modes.length !== 1) {
        throw new UsageError("give exactly one of --stack <name>, --file <stack-export.json> or --preview <pulumi-preview.json>");
    }
    if (!(FORMATS as readonly string[]).includes(args.format)) {
        throw new UsageError(`unknown format "${args.format}": use one of ${FORMATS.join(", ")}`);
    }
    const format = args.format as Format;
    const engine = (args.engine ?? "mlguard") as Engine;
    if (!(ENGINES as readonly string[]).includes(engine)) {
        throw new UsageError(`unknown engine "${args.engine}": use one of ${ENGINES.join(", ")}`);
    }
    if (engine === "pulumi" && args.preview !== undefined) {
        throw new UsageError("--engine pulumi analyzes stack exports, as `pulumi policy analyze --file` does: give --stack or --file, not --preview");
    }
    // Found before anything runs, so a missing CLI costs nothing.
    const cli: PulumiCli | undefined = engine === "pulumi" ? requirePulumiCli() : undefined;
    if (args.out) {
        checkWritable(args.out);
    }
    const timeoutMs = (args.packTimeout ?? 60) * 1000;
    if (!(timeoutMs > 0)) {
        throw new UsageError("--pack-timeout must be a positive number of seconds");
    }

    let project: Project | undefined;
    let stack: StackConfig | undefined;
    let snapshot: StackSnapshot | undefined;
    let envConfig: string | undefined;
    const rel = (f: string) =>
        path
            .relative(repoRoot(project?.dir ?? process.cwd()), path.resolve(f))
            .split(path.sep)
            .join("/");
    if (args.stack !== undefined) {
        project = loadProject(findProjectDir(args.cwd));
        stack = loadStack(project, args.stack);
        const candidate = envConfigPath(project, environmentOf(project, stack));
        envConfig = fs.existsSync(candidate) ? candidate : undefined;
    } else {
        project = tryProject(args.cwd);
        const file = (args.file ?? args.preview)!;
        snapshot = loadStateFile(file, args.file !== undefined ? "export" : "preview", rel(file));
    }
    const plan = planPacks(args, project, envConfig);
    // A file's stack, when the project has its stack file, lends the packs its config as the engine would.
    const fileStack = !stack && project && snapshot?.stack && snapshot.project === project.name ? tryStack(project, snapshot.stack) : undefined;
    const ctxStack = stack ?? fileStack;
    const ctx: StackContext = ctxStack
        ? {
              organization: "organization",
              project: project!.name,
              stack: ctxStack.name,
              config: programConfig(ctxStack.config),
              secretKeys: ctxStack.secretKeys,
          }
        : { organization: "organization", project: snapshot?.project, stack: snapshot?.stack };

    // MLGUARD_TIMING=1 prints where the time goes.
    const t0 = Date.now();
    const mark = (what: string) => process.env.MLGUARD_TIMING && process.stderr.write(`mlguard: ${what} at ${Date.now() - t0} ms\n`);
    // The packs start while the program runs: both take about as long.
    const startOptions = { timeoutMs, typecheck: args.typecheckPacks };
    const starting = startPacks(plan.requests, ctx, startOptions);
    // Observed here so an early failure is never an unhandled rejection; awaited below.
    starting.then(
        () => mark("packs started"),
        () => undefined,
    );
    let procs: PackProcess[] | undefined;
    let exportText: string | undefined;
    try {
        if (stack && project) {
            // A program that fails ends the run at once; the finally below stops the packs.
            const exp = await synth(project, stack);
            exportText = cli ? serializeExport(exp) : undefined;
            mark("program synthesized");
            procs = await starting;
            snapshot = {
                ...fromExport(exp, `stack ${stack.name}`),
                mode: "deployment",
                origin: `stack ${stack.name}`,
                anchorFile: rel(programFile(project)),
            };
        } else {
            procs = await starting;
        }
        const packs = await configurePacks(procs, plan.requests, ctx);
        await checkConfigKeys(plan.requests, packs, project, ctx, startOptions);
        mark("packs configured");
        const result = cli
            ? await analyzeExportWithEngine(cli, args.file, exportText, plan.requests, packs, snapshot!)
            : await analyzeSnapshot(snapshot!, packs);
        mark(`analyzed ${result.resources} resources`);
        await emit(render(result, format, args, project), args.out);
        return result.violations.some((v) => v.enforcementLevel === "mandatory") ? ExitCode.Mandatory : ExitCode.Ok;
    } finally {
        if (procs) {
            stopPacks(procs);
        } else {
            starting.then(stopPacks, () => undefined);
        }
    }
}
