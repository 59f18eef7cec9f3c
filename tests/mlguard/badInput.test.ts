import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { CliResult, FILES, FIXTURES, PACKS, PROBE_PACK, PROJECT, mlguard, tempDir } from "./helpers";

/** Each case: arguments, and what its one line of stderr must say. */
interface Case {
    args: string[];
    message: RegExp;
    cwd?: string;
}

describe("mlguard bad input", function () {
    this.timeout(120000);
    const tmp = tempDir();
    const file = (name: string, text: string) => {
        const p = path.join(tmp.dir, name);
        fs.writeFileSync(p, text);
        return p;
    };
    const exportFile = path.join(FILES, "export-secrets.json");
    const previewFile = path.join(FILES, "preview-unknowns.json");
    const previousReport = "previous report\n";
    const outFile = file("report.json", previousReport);
    const results: Record<string, CliResult> = {};
    const cases: Record<string, Case> = {
        "a missing file": {
            args: ["analyze", "--file", path.join(tmp.dir, "missing.json"), "--policy-pack", PROBE_PACK],
            message: /missing\.json does not exist$/,
        },
        "a file that is not JSON": {
            args: ["analyze", "--file", file("broken.json", '{"version": 3, "deployment": '), "--policy-pack", PROBE_PACK],
            message: /broken\.json is not valid JSON: /,
        },
        "a file in neither format": {
            args: ["analyze", "--file", file("other.json", '{"hello": "world"}'), "--policy-pack", PROBE_PACK],
            message: /other\.json is neither a `pulumi stack export` file .* nor `pulumi preview --json` output/,
        },
        "an export given as a preview": {
            args: ["analyze", "--preview", exportFile, "--policy-pack", PROBE_PACK],
            message: /export-secrets\.json is a `pulumi stack export` file; pass it with --file$/,
        },
        "a preview given as an export": {
            args: ["analyze", "--file", previewFile, "--policy-pack", PROBE_PACK],
            message: /preview-unknowns\.json is `pulumi preview --json` output; pass it with --preview$/,
        },
        "an unknown stack (analyze)": {
            args: ["analyze", "--stack", "qa"],
            message: /unknown stack "qa": there is no Pulumi\.qa\.yaml in .* \(stacks: dev, prod\)$/,
        },
        "a program that throws": {
            args: ["analyze", "--stack", "dev", "--policy-pack", PROBE_PACK],
            cwd: path.join(FIXTURES, "broken-project"),
            message: /the program of stack "dev" failed under mocks: DataLake\.retentionDays: expected a positive number of days, got -1$/,
        },
        "an unknown stack (synth)": {
            args: ["synth", "--stack", "qa"],
            message: /unknown stack "qa": there is no Pulumi\.qa\.yaml in .* \(stacks: dev, prod\)$/,
        },
        "a pack directory without PulumiPolicy.yaml": {
            args: ["analyze", "--file", exportFile, "--policy-pack", path.join(PACKS, "not-a-pack")],
            message: /not-a-pack is not a policy pack: it has no PulumiPolicy\.yaml$/,
        },
        "a pack directory that does not exist": {
            args: ["analyze", "--file", exportFile, "--policy-pack", path.join(PACKS, "nowhere")],
            message: /policy pack directory .*nowhere does not exist$/,
        },
        "a config that fails a policy's schema": {
            args: [
                "analyze",
                "--file",
                exportFile,
                "--policy-pack",
                PROBE_PACK,
                "--policy-pack-config",
                file("typed.json", '{"config-typed": {"maxAge": "ten"}}'),
                "--format",
                "json",
                "--out",
                outFile,
            ],
            message: /^mlguard: invalid policy config: pack "fixture-probe" 1\.2\.3 \(config .*typed\.json\): config-typed: maxAge must be integer$/,
        },
        "a config value out of its schema's range": {
            args: ["analyze", "--file", exportFile, "--policy-pack", PROBE_PACK, "--policy-pack-config", file("range.json", '{"config-typed": {"maxAge": 0}}')],
            message: /config-typed: maxAge must be >= 1$/,
        },
        "a config with an unknown enforcement level": {
            args: [
                "analyze",
                "--file",
                exportFile,
                "--policy-pack",
                PROBE_PACK,
                "--policy-pack-config",
                file("level.json", '{"always-disabled": "sometimes"}'),
            ],
            message: /level\.json: "always-disabled" has enforcement level "sometimes"; expected one of advisory, mandatory, remediate, disabled$/,
        },
        "a pack that crashes while starting": {
            args: ["analyze", "--file", exportFile, "--policy-pack", path.join(PACKS, "crash")],
            message: /policy pack .*crash exited before it was ready \(exit code 1\): Error: fixture pack refuses to start$/,
        },
        "a pack that never prints a port": {
            args: ["analyze", "--file", exportFile, "--policy-pack", path.join(PACKS, "silent"), "--pack-timeout", "2"],
            message: /policy pack .*silent did not print its port within 2s$/,
        },
        "no input": {
            args: ["analyze", "--policy-pack", PROBE_PACK],
            message: /give exactly one of --stack <name>, --file <stack-export\.json> or --preview <pulumi-preview\.json>$/,
        },
        "two inputs": { args: ["analyze", "--stack", "dev", "--file", exportFile], message: /give exactly one of --stack/ },
        "configs not paired with packs": {
            args: ["analyze", "--file", exportFile, "--policy-pack", PROBE_PACK, "--policy-pack", PROBE_PACK, "--policy-pack-config", file("one.json", "{}")],
            message: /1 --policy-pack-config for 2 --policy-pack: give one config per pack, in the same order, or none$/,
        },
        "an unknown format": {
            args: ["analyze", "--stack", "dev", "--format", "xml"],
            message: /argument 'xml' is invalid\. Allowed choices are text, json, sarif, markdown\.$/,
        },
        "an output directory that does not exist": {
            args: ["analyze", "--stack", "dev", "--out", path.join(tmp.dir, "no", "such", "dir", "r.txt")],
            message: /cannot write .*r\.txt: directory .* does not exist$/,
        },
    };

    before(async () => {
        const names = Object.keys(cases);
        // Two at a time: most fail before any pack starts, and the timeout case mostly waits.
        for (let i = 0; i < names.length; i += 2) {
            await Promise.all(names.slice(i, i + 2).map(async (n) => (results[n] = await mlguard(cases[n].args, cases[n].cwd ?? PROJECT))));
        }
    });
    after(() => tmp.cleanup());

    for (const name of Object.keys(cases)) {
        it(`rejects ${name} with exit code 2 and one message`, () => {
            const r = results[name];
            assert.ok(r, `case "${name}" did not run`);
            assert.strictEqual(r.code, 2, `exit code ${r.code}; stderr: ${r.stderr}`);
            assert.strictEqual(r.stdout, "");
            const lines = r.stderr.split("\n").filter((l) => l !== "");
            assert.strictEqual(lines.length, 1, `expected one line, got:\n${r.stderr}`);
            assert.match(lines[0], /^mlguard: /);
            assert.match(lines[0], cases[name].message);
        });
    }

    it("leaves --out untouched when it fails, with no temporary file beside it", () => {
        assert.strictEqual(results["a config that fails a policy's schema"].code, 2);
        assert.strictEqual(fs.readFileSync(outFile, "utf8"), previousReport);
        assert.deepStrictEqual(
            fs.readdirSync(tmp.dir).filter((f) => f.includes(".tmp")),
            [],
        );
    });
});
