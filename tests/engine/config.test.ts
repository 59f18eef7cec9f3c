/**
 * Policy-pack config files as the real engine reads them, and `mlguard analyze --engine pulumi`
 * against mlguard's own host.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { runPulumi } from "../../mlguard/src/engine/pulumiCli";
import { mlguard, REPO, tempDir } from "../mlguard/helpers";
import { describeWithEngine, engineVerdict, mlguardVerdict, writeExport } from "./engine";

describeWithEngine("policy-pack config files under the real engine", (cli) => {
    const tmp = tempDir();
    after(() => tmp.cleanup());
    // A stack with nothing but its root: the packs load and validate their config, and only
    // stack policies have something to say.
    const empty = () =>
        writeExport(path.join(tmp.dir, "empty.json"), {
            version: 3,
            deployment: {
                manifest: { time: "1970-01-01T00:00:00Z", magic: "", version: "v3.276.0" },
                resources: [{ urn: "urn:pulumi:dev::ml-platform::pulumi:pulumi:Stack::ml-platform-dev", custom: false, type: "pulumi:pulumi:Stack" }],
            },
        });
    const config = (name: string, body: unknown) => {
        const file = path.join(tmp.dir, name);
        fs.writeFileSync(file, JSON.stringify(body));
        return file;
    };

    it("refuses a property of the wrong type, as mlguard does, both naming the policy", async () => {
        const file = config("wrong-type.json", { "aws-ec2-vpc-disallow-awsx-vpc": { regulated: "yes" } });
        const engine = await engineVerdict(cli(), empty(), [{ pack: "hipaa", config: file }]);
        assert.strictEqual(engine.result, undefined);
        assert.match(engine.stderr, /aws-ec2-vpc-disallow-awsx-vpc: regulated: Invalid type\. Expected: boolean/);
        const own = await mlguardVerdict(empty(), [{ pack: "hipaa", config: file }]);
        assert.strictEqual(own.code, 2);
        assert.match(own.stderr, /aws-ec2-vpc-disallow-awsx-vpc: regulated must be boolean/);
    });

    it("refuses an enforcement level that does not exist, as mlguard does", async () => {
        const file = config("bad-level.json", { "aws-s3-bucket-enable-versioning": { enforcementLevel: "bogus" } });
        const engine = await engineVerdict(cli(), empty(), [{ pack: "hipaa", config: file }]);
        assert.strictEqual(engine.result, undefined);
        assert.match(engine.stderr, /"aws-s3-bucket-enable-versioning": "bogus" is not a valid enforcement level/);
        const own = await mlguardVerdict(empty(), [{ pack: "hipaa", config: file }]);
        assert.strictEqual(own.code, 2);
        assert.match(own.stderr, /aws-s3-bucket-enable-versioning/);
    });

    it("ignores, without a word, a key that names no policy of the pack", async () => {
        const typo = config("typo.json", { "aws-nope-policy": { enforcementLevel: "mandatory" } });
        const [withTypo, without] = await Promise.all([
            engineVerdict(cli(), empty(), [{ pack: "hipaa", config: typo }]),
            engineVerdict(cli(), empty(), [{ pack: "hipaa" }]),
        ]);
        assert.ok(withTypo.result, withTypo.stderr);
        assert.deepStrictEqual(withTypo.entries, without.entries);
        assert.doesNotMatch(withTypo.stderr, /aws-nope-policy/);
    });

    it("has no offline `pulumi policy validate-config`: it needs a pack published to Pulumi Cloud", async () => {
        const run = await runPulumi(
            cli(),
            [
                "policy",
                "validate-config",
                "organization/ml-platform-hipaa",
                "0.1.0",
                "--config",
                path.join(REPO, "policies", "config", "prod.json"),
                "--non-interactive",
            ],
            {
                cwd: tmp.dir,
                env: { PULUMI_BACKEND_URL: `file://${tmp.dir}`, PULUMI_HOME: path.join(tmp.dir, "home") },
            },
        );
        assert.notStrictEqual(run.code, 0);
        assert.match(run.stderr, /DIY backend does not support resource policy/);
    });
});

describeWithEngine("mlguard analyze --engine pulumi", () => {
    for (const format of ["json", "sarif"] as const) {
        it(`writes the same ${format} report and exit code for dev as mlguard's own host`, async () => {
            const [own, engine] = await Promise.all([
                mlguard(["analyze", "--stack", "dev", "--format", format], REPO),
                mlguard(["analyze", "--stack", "dev", "--format", format, "--engine", "pulumi"], REPO),
            ]);
            assert.strictEqual(engine.code, own.code, engine.stderr);
            assert.ok(JSON.parse(own.stdout), "no report");
            assert.strictEqual(engine.stdout, own.stdout);
        });
    }
});
