/**
 * The process-level pieces around the packs: the deferral of @pulumi/pulumi's closure-serialization
 * dependencies (in a fresh process, since this one has loaded them), and the benchmark's hollow
 * packs, which must serve the same policies as the pack they wrap and decide nothing.
 */
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { syntheticExport } from "../../mlguard/src/bench/synthetic";
import { fromExport } from "../../mlguard/src/input/load";
import { analyzeSnapshot, configurePacks, startPacks, stopPacks } from "../../mlguard/src/policy/analyze";
import { readPackDir } from "../../mlguard/src/policy/packDir";
import { REPO } from "./helpers";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { materialize } = require("../../mlguard/src/bench/noopPack") as { materialize: (packDir: string, into: string) => string };

/** Runs `script` in a fresh node from the repository root and returns what it printed as JSON. */
function inFreshNode(script: string): any {
    const out = execFileSync(process.execPath, ["-e", script], { cwd: REPO, encoding: "utf8" });
    return JSON.parse(out.trim().split("\n").pop()!);
}

describe("mlguard host: deferred closure-serialization dependencies", function () {
    this.timeout(60000);
    const prelude = `
        const Module = require("module");
        const path = require("path");
        require(${JSON.stringify(path.join(REPO, "mlguard", "src", "host", "deferModules.js"))}).install();
        const loaded = (m) => Object.keys(require.cache).some((f) => f.includes(path.join("node_modules", m) + path.sep));
    `;

    it("loads @pulumi/pulumi without TypeScript or arborist, and loads them on first use", () => {
        const r = inFreshNode(`${prelude}
            const pulumi = require("@pulumi/pulumi");
            const before = { ts: loaded("typescript"), arborist: loaded("@npmcli/arborist") };
            pulumi.runtime.serializeFunction(() => 42).then((f) => {
                console.log(JSON.stringify({ before, text: f.text, tsAfter: loaded("typescript") }));
            });
        `);
        const plain = inFreshNode(`
            require("@pulumi/pulumi").runtime.serializeFunction(() => 42).then((f) => console.log(JSON.stringify({ text: f.text })));
        `);
        assert.deepStrictEqual(r.before, { ts: false, arborist: false });
        assert.match(r.text, /=> 42/);
        assert.strictEqual(r.text, plain.text, "closure serialization gives what it gives without the deferral");
        assert.strictEqual(r.tsAfter, true);
    });

    it("hands codePaths a stand-in that becomes the real arborist on first use", () => {
        const r = inFreshNode(`${prelude}
            const codePaths = require.resolve("@pulumi/pulumi/runtime/closure/codePaths");
            const parent = new Module(codePaths);
            parent.filename = codePaths;
            parent.paths = Module._nodeModulePaths(path.dirname(codePaths));
            const standIn = Module._load("@npmcli/arborist", parent, false);
            const esModule = standIn.__esModule;
            const loadedBefore = loaded("@npmcli/arborist");
            const same = standIn.Arborist === require(require.resolve("@npmcli/arborist", { paths: [path.dirname(codePaths)] })).Arborist;
            const other = Module._load("@npmcli/arborist", module, false);
            console.log(JSON.stringify({ esModule, loadedBefore, same, loadedAfter: loaded("@npmcli/arborist"), otherIsReal: other.__esModule === undefined && typeof other.Arborist === "function" }));
        `);
        assert.deepStrictEqual(r, { esModule: true, loadedBefore: false, same: true, loadedAfter: true, otherIsReal: true });
    });
});

describe("mlguard bench: hollow packs", function () {
    this.timeout(120000);

    it("serve the wrapped pack's policies at the same levels and report nothing", async () => {
        const real = path.join(REPO, "policies", "ml-baseline");
        // Inside the repository, so the hollow pack resolves @pulumi/policy as the real one does.
        const cache = path.join(REPO, "node_modules", ".cache");
        fs.mkdirSync(cache, { recursive: true });
        const into = fs.mkdtempSync(path.join(cache, "mlguard-test-hollow-"));
        const ctx = { organization: "organization", project: "ml-platform", stack: "bench" };
        const requests = [{ dir: readPackDir(real) }, { dir: readPackDir(materialize(real, into)) }];
        const procs = await startPacks(requests, ctx, { timeoutMs: 60000 });
        try {
            const [realPack, hollowPack] = await configurePacks(procs, requests, ctx);
            const shape = (p: typeof realPack) => p.info.policies.map((x) => [x.name, x.enforcementLevel]);
            assert.strictEqual(hollowPack.info.name, realPack.info.name);
            assert.deepStrictEqual(shape(hollowPack), shape(realPack));
            const snapshot = fromExport(syntheticExport(60), "synthetic 60");
            const [withRules, hollow] = [await analyzeSnapshot(snapshot, [realPack]), await analyzeSnapshot(snapshot, [hollowPack])];
            assert.ok(withRules.violations.length > 0, "the synthetic stack has violations for the real pack to find");
            assert.deepStrictEqual(hollow.violations, []);
        } finally {
            stopPacks(procs);
            fs.rmSync(into, { recursive: true, force: true });
        }
    });
});
