/**
 * The benchmark's floor: a policy pack that serves another pack's policies (same names, levels,
 * config schemas and type fast paths) with every check replaced by one that does nothing. Timing
 * it shows what the `@pulumi/policy` runtime and the Analyzer protocol cost by themselves, so the
 * benchmark can say how much of a run is the rules' own work.
 *
 * `materialize(packDir, into)` writes such a pack as a directory the engine (or mlguard) can run.
 */
"use strict";
const fs = require("fs");
const path = require("path");

function noop(fn) {
    const stub = () => undefined;
    if (fn.__pulumiType !== undefined) {
        stub.__pulumiType = fn.__pulumiType;
    }
    return stub;
}

function hollow(policy) {
    const out = { ...policy };
    for (const key of ["validateResource", "validateStack", "remediateResource"]) {
        const fn = policy[key];
        if (fn !== undefined) {
            out[key] = Array.isArray(fn) ? fn.map(noop) : noop(fn);
        }
    }
    return out;
}

/** Runs the pack at `packDir` with its checks hollowed out. Called from a materialized pack's index.js. */
function serve(packDir) {
    const policyModule = require(require.resolve("@pulumi/policy/policy", { paths: [packDir] }));
    const PolicyPack = policyModule.PolicyPack;
    // The pack's `new PolicyPack(...)` reads the export when it runs, so it gets this one.
    policyModule.PolicyPack = function (name, args, initialConfig) {
        return new PolicyPack(name, { ...args, policies: args.policies.map(hollow) }, initialConfig);
    };
    require(packDir);
}

/** Writes a pack directory at `into` that serves `packDir`'s policies hollowed out. */
function materialize(packDir, into) {
    fs.mkdirSync(into, { recursive: true });
    for (const file of ["PulumiPolicy.yaml", "tsconfig.json"]) {
        if (fs.existsSync(path.join(packDir, file))) {
            fs.copyFileSync(path.join(packDir, file), path.join(into, file));
        }
    }
    const pkg = JSON.parse(fs.readFileSync(path.join(packDir, "package.json"), "utf8"));
    fs.writeFileSync(path.join(into, "package.json"), JSON.stringify({ name: `${pkg.name}-noop`, version: pkg.version, private: true, main: "index.js" }));
    fs.writeFileSync(path.join(into, "index.js"), `require(${JSON.stringify(__filename)}).serve(${JSON.stringify(packDir)});\n`);
    return into;
}

module.exports = { materialize, serve };
