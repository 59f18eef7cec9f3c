/**
 * `mlguard`: offline synth and CrossGuard analysis for pull requests.
 *
 *   mlguard synth --stack <name> [--out FILE]
 *   mlguard analyze (--stack <name> | --file <export.json> | --preview <preview.json>)
 *                   [--policy-pack DIR]... [--policy-pack-config FILE]...
 *                   [--format text|json|sarif|markdown] [--out FILE] [--engine mlguard|pulumi]
 *
 * Exit codes: 0 no mandatory violation, 1 mandatory violations, 2 bad input (one message on stderr).
 */
import { Command, CommanderError, Option } from "commander";
import { ExitCode, UsageError } from "./errors";
import { ENGINES, FORMATS, runAnalyze, runSynth } from "./commands";

function collect(value: string, previous: string[]): string[] {
    return [...previous, value];
}

function fail(message: string): number {
    process.stderr.write(`mlguard: ${message.replace(/^error: /, "")}\n`);
    return ExitCode.BadInput;
}

export function buildProgram(onResult: (code: Promise<number>) => void): Command {
    const program = new Command("mlguard")
        .description("Offline synth and CrossGuard policy analysis of the ml-platform stacks.")
        .exitOverride()
        .configureOutput({ writeErr: () => undefined, outputError: () => undefined })
        .showHelpAfterError(false);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    program.version(require("../package.json").version, "--version");

    program
        .command("synth")
        .description("Run the program under mocks and print its `pulumi stack export`.")
        .requiredOption("--stack <name>", "the stack whose Pulumi.<name>.yaml configures the program")
        .option("--out <file>", "write the export to this file (atomically) instead of stdout")
        .action((opts) => onResult(runSynth({ stack: opts.stack, out: opts.out })));

    program
        .command("analyze")
        .description("Evaluate policy packs against a stack, a stack export, or a preview.")
        .option("--stack <name>", "synthesize this stack and analyze it (with its environment's policy config)")
        .option("--file <file>", "analyze a `pulumi stack export` file")
        .option("--preview <file>", "analyze `pulumi preview --json` output")
        .option("--policy-pack <dir>", "a policy pack directory (repeatable; default: every pack under policies/)", collect, [])
        .option("--policy-pack-config <file>", "config for the --policy-pack at the same position (repeatable)", collect, [])
        .addOption(new Option("--format <format>", "output format").choices([...FORMATS]).default("text"))
        .option("--out <file>", "write the report to this file (atomically) instead of stdout")
        .option("--pack-timeout <seconds>", "give up on a pack that hasn't started after this long", (v) => Number(v), 60)
        .option("--typecheck-packs", "start packs with the SDK's own runner, which type-checks them first (slow)")
        .addOption(
            new Option("--engine <engine>", "evaluate with mlguard's own host, or with the Pulumi CLI's `pulumi policy analyze --file`")
                .choices([...ENGINES])
                .default("mlguard"),
        )
        .action((opts) =>
            onResult(
                runAnalyze({
                    stack: opts.stack,
                    file: opts.file,
                    preview: opts.preview,
                    policyPack: opts.policyPack,
                    policyPackConfig: opts.policyPackConfig,
                    format: opts.format,
                    out: opts.out,
                    packTimeout: opts.packTimeout,
                    typecheckPacks: opts.typecheckPacks === true,
                    engine: opts.engine,
                }),
            ),
        );
    return program;
}

/** Parses `argv`, runs the command and resolves with the exit code. Never throws. */
export async function main(argv: string[]): Promise<number> {
    let running: Promise<number> | undefined;
    const program = buildProgram((p) => {
        running = p;
    });
    try {
        await program.parseAsync(argv, { from: "user" });
    } catch (e) {
        if (e instanceof CommanderError) {
            if (e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.code === "commander.help") {
                return ExitCode.Ok;
            }
            if (e.code === "commander.executeSubCommandAsync" || e.exitCode === 0) {
                return ExitCode.Ok;
            }
            return fail(e.message);
        }
        return fail(e instanceof Error ? e.message : String(e));
    }
    if (!running) {
        process.stdout.write(program.helpInformation());
        return ExitCode.BadInput;
    }
    try {
        return await running;
    } catch (e) {
        if (e instanceof UsageError) {
            return fail(e.message);
        }
        if (process.env.MLGUARD_DEBUG) {
            process.stderr.write(`${(e as Error)?.stack ?? String(e)}\n`);
        }
        return fail(`internal error: ${e instanceof Error ? e.message : String(e)}`);
    }
}
