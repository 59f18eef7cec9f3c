import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { editDistance, nearestNames, unknownKeys } from "../../mlguard/src/policy/configKeys";
import { selectRules } from "../../policies/lib/select";
import { BASELINE_PACK, mlguard, PROJECT, REPO, tempDir } from "./helpers";

describe("mlguard: policy-config keys that name no policy", function () {
    this.timeout(180000);
    const tmp = tempDir();
    const file = (name: string) => path.join(tmp.dir, name);
    const hipaa = new Set(selectRules({ framework: "hipaa" }).map((p) => p.name));
    const everyPolicy = [...new Set(selectRules().map((p) => p.name))];
    // A policy of another pack that the HIPAA pack lacks: valid in a file the HIPAA pack reads.
    const otherPacksOnly = selectRules({ framework: "ml-baseline" }).find((p) => !hipaa.has(p.name))!.name;
    const real = [...hipaa][0];
    const typo = real.slice(0, -1);

    /** Analyzes the synthesized dev stack with only the HIPAA pack and `config`. */
    async function withHipaa(name: string, config: object) {
        fs.writeFileSync(file(name), JSON.stringify(config));
        return mlguard(
            [
                "analyze",
                "--file",
                file("dev.json"),
                "--policy-pack",
                path.join(REPO, "policies", "hipaa"),
                "--policy-pack-config",
                file(name),
                "--format",
                "json",
            ],
            REPO,
        );
    }

    before(async () => {
        const synth = await mlguard(["synth", "--stack", "dev", "--out", file("dev.json")], REPO);
        assert.strictEqual(synth.code, 0, synth.stderr);
    });
    after(() => tmp.cleanup());

    it("measures edit distance and ranks the nearest names", () => {
        assert.strictEqual(editDistance("kitten", "sitting"), 3);
        assert.strictEqual(editDistance("", "abc"), 3);
        assert.strictEqual(editDistance("same", "same"), 0);
        assert.deepStrictEqual(nearestNames("aws-kms-key-enable-key-rotaton", everyPolicy, 1), ["aws-kms-key-enable-key-rotation"]);
        assert.deepStrictEqual(nearestNames("b", ["c", "a", "bb"], 2), ["a", "bb"]);
    });

    it("finds each unknown key of each file once, and accepts `all`", () => {
        const config = { all: { enforcementLevel: "advisory" as const }, [real]: {}, nope: {} };
        assert.deepStrictEqual(
            unknownKeys(
                [
                    { file: "a.json", config },
                    { file: "a.json", config },
                ],
                new Set([real]),
            ),
            [{ file: "a.json", key: "nope" }],
        );
    });

    it("exits 2 on a misspelt policy name, naming the key and the nearest policies", async () => {
        const r = await withHipaa("typo.json", { [typo]: { enforcementLevel: "mandatory" }, "aws-nope-policy": "mandatory" });
        assert.strictEqual(r.code, 2, r.stderr);
        assert.strictEqual(r.stdout, "");
        assert.ok(r.stderr.includes(`"${typo}" names no policy of `), r.stderr);
        assert.ok(r.stderr.includes(`nearest: ${real}`), r.stderr);
        const nope = r.stderr.slice(r.stderr.indexOf('"aws-nope-policy"'));
        assert.deepStrictEqual(/nearest: ([^;\n]+)/.exec(nope)![1].split(", "), nearestNames("aws-nope-policy", everyPolicy));
    });

    it("accepts keys of the project's other packs, and the shared environment files", async () => {
        const r = await withHipaa("other.json", { [otherPacksOnly]: "advisory", all: "advisory" });
        assert.notStrictEqual(r.code, 2, r.stderr);
        for (const env of ["dev", "staging", "prod"]) {
            const shared = JSON.parse(fs.readFileSync(path.join(REPO, "policies", "config", `${env}.json`), "utf8"));
            const res = await withHipaa(`${env}.config.json`, shared);
            assert.notStrictEqual(res.code, 2, res.stderr);
        }
    });

    it("takes the nearest names from the packs of the project it runs in", async () => {
        fs.writeFileSync(file("fixture.json"), JSON.stringify({ "kms-key-rotaton": "advisory" }));
        const r = await mlguard(["analyze", "--stack", "dev", "--policy-pack", BASELINE_PACK, "--policy-pack-config", file("fixture.json")], PROJECT);
        assert.strictEqual(r.code, 2, r.stderr);
        assert.ok(r.stderr.includes('"kms-key-rotaton" names no policy of fixture-baseline; nearest: kms-key-rotation'), r.stderr);
    });
});
