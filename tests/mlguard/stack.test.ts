import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { CliResult, mlguard, tempDir } from "./helpers";

const DEV_LOGS = "urn:pulumi:dev::ml-platform::aws:s3/bucket:Bucket::logs";

describe("mlguard analyze --stack: packs and config", function () {
    this.timeout(180000);
    const tmp = tempDir();
    const out = (f: string) => path.join(tmp.dir, f);
    let dev: CliResult;
    let allAdvisory: CliResult;

    before(async () => {
        fs.writeFileSync(out("all-advisory.json"), JSON.stringify({ all: "advisory" }));
        [dev, allAdvisory] = await Promise.all([
            mlguard(["analyze", "--stack", "dev", "--format", "json"]),
            mlguard(["analyze", "--stack", "dev", "--format", "json", "--policy-pack-config", out("all-advisory.json")]),
        ]);
    });
    after(() => tmp.cleanup());

    it("runs every project pack with the stack's environment config", () => {
        assert.strictEqual(dev.code, 1, dev.stderr);
        const report = JSON.parse(dev.stdout);
        assert.deepStrictEqual(
            report.policyPacks.map((p: any) => p.name),
            ["fixture-baseline"],
        );
        // dev.json requires an owner tag as well, and keeps the tag policy advisory.
        const tags = report.violations.filter((v: any) => v.policyName === "s3-bucket-tags");
        assert.strictEqual(tags.length, 3);
        assert.ok(tags.every((v: any) => v.enforcementLevel === "advisory"));
        assert.match(tags.find((v: any) => v.urn === DEV_LOGS).message, /Missing tags: environment, owner\.$/);
        assert.ok(tags.filter((v: any) => v.urn !== DEV_LOGS).every((v: any) => /Missing tags: owner\.$/.test(v.message)));
    });

    it("applies a single --policy-pack-config to every default pack", () => {
        assert.strictEqual(allAdvisory.code, 0, allAdvisory.stderr);
        const report = JSON.parse(allAdvisory.stdout);
        assert.strictEqual(report.summary.mandatory, 0);
        const sse = report.violations.filter((v: any) => v.policyName === "s3-bucket-needs-sse");
        assert.deepStrictEqual(
            sse.map((v: any) => [v.urn, v.enforcementLevel]),
            [[DEV_LOGS, "advisory"]],
        );
        // The file replaces the environment's config: the default required tags are back.
        const tags = report.violations.filter((v: any) => v.policyName === "s3-bucket-tags");
        assert.deepStrictEqual(
            tags.map((v: any) => v.urn),
            [DEV_LOGS],
        );
    });
});
