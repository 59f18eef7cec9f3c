#!/usr/bin/env node
/**
 * Starts a Node.js policy pack as `@pulumi/pulumi/cmd/run-policy-pack` does (same arguments
 * `<engine-address> <program> [-option=value...]`, same working directory, same compiler target,
 * and the SDK's own runner), except that TypeScript is transpiled without type checking.
 *
 * The real runner type-checks every pack on every start, which takes seconds and cannot change a
 * verdict: a type error only stops the pack from starting, and `tsc --noEmit` catches it in CI.
 * `mlguard analyze --typecheck-packs` starts the real runner instead.
 */
"use strict";
require("./deferModules").install();
const fs = require("fs");
const path = require("path");

const packDir = process.cwd();
const fromPack = (id) => require.resolve(id, { paths: [packDir] });
const pulumiDir = path.dirname(fromPack("@pulumi/pulumi/package.json"));
const fromPulumi = (id) => require(require.resolve(id, { paths: [pulumiDir] }));

// As run-policy-pack's index.js: any uncaught error makes the exit code non-zero.
const uncaught = new Set();
let programRunning = false;
const onUncaught = (err) => {
    uncaught.add(err);
    if (!programRunning) {
        console.error((err && (err.stack || err.message)) || String(err));
    }
};
process.on("uncaughtException", onUncaught);
process.on("unhandledRejection", onUncaught);
process.on("exit", (code) => {
    if (code === 0 && uncaught.size > 0) {
        process.exitCode = 1;
    }
});

// mlguard stops a pack with SIGTERM once analysis is done; exit normally (flushing any profile).
process.on("SIGTERM", () => process.exit(0));
// mlguard holds the pack's stdin open while it runs; when mlguard goes, so does the pack.
process.stdin.on("end", () => process.exit(0));
process.stdin.on("error", () => process.exit(0));
process.stdin.resume();
process.stdin.unref?.();

const tsutils = require(path.join(pulumiDir, "tsutils"));
const minimist = fromPulumi("minimist");

// run-policy-pack's compiler options (ES2020, plus the pack's own tsconfig.json), transpiled
// without type checking and cached.
const tsConfigPath = "tsconfig.json";
const tsLoader = require("./tsLoader");
const packOptions = fs.existsSync(tsConfigPath) ? (tsLoader.readCompilerOptions(tsConfigPath) ?? tsutils.loadTypeScriptCompilerOptions(tsConfigPath)) : {};
tsLoader.register({ target: "ES2020", ...packOptions }, { sourceMaps: true });

const argv = minimist(process.argv.slice(2), {});
if (argv._.length < 2) {
    console.error("usage: runPolicyPack <engine-address> <program>");
    process.exit(-1);
}
argv._.shift();
require(path.join(pulumiDir, "cmd", "run-policy-pack", "run")).run({
    argv,
    programStarted: () => {
        programRunning = true;
    },
    reportLoggedError: () => undefined,
    typeScript: false,
});
