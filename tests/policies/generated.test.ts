/** Generated files stay in sync with their sources. */
import * as assert from "assert";
import * as fs from "fs";
import { CONFIG_DIR, configFor, render as renderConfig } from "../../policies/scripts/generate-config";
import { README, renderReadme } from "../../policies/scripts/generate-readme";
import { OUTPUT, render as renderTaggable, scanTaggableTypes } from "../../policies/scripts/generate-taggable-types";
import { ENVIRONMENTS } from "../../policies/lib/config";
import { isTaggableType, TAGGABLE_AWS_VERSION } from "../../policies/lib/taggable";
import { allPolicies } from "../../policies/rules";
import * as path from "path";

describe("generated files", () => {
    it("taggable-resource-types.json matches the installed @pulumi/aws (run scripts/generate-taggable-types.ts)", () => {
        assert.strictEqual(fs.readFileSync(OUTPUT, "utf8"), renderTaggable(scanTaggableTypes()));
    });

    it("the taggable list holds types with a tags map and leaves out types without one", () => {
        const pkg = JSON.parse(fs.readFileSync(require.resolve("@pulumi/aws/package.json"), "utf8"));
        assert.strictEqual(TAGGABLE_AWS_VERSION, pkg.version.replace(/^v/, ""));
        for (const t of ["aws:s3/bucket:Bucket", "aws:kms/key:Key", "aws:sagemaker/domain:Domain", "aws:ec2/vpc:Vpc", "aws:cloudwatch/logGroup:LogGroup"]) {
            assert.ok(isTaggableType(t), t);
        }
        for (const t of [
            "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
            "aws:iam/rolePolicy:RolePolicy",
            "aws:ec2/route:Route",
            "aws:kms/alias:Alias",
        ]) {
            assert.ok(!isTaggableType(t), t);
        }
    });

    for (const env of ENVIRONMENTS) {
        it(`config/${env}.json matches the rules (run scripts/generate-config.ts)`, () => {
            assert.strictEqual(fs.readFileSync(path.join(CONFIG_DIR, `${env}.json`), "utf8"), renderConfig(configFor(env)));
        });
    }

    it("README.md matches the rules (run scripts/generate-readme.ts)", () => {
        assert.strictEqual(fs.readFileSync(README, "utf8"), renderReadme());
    });

    it("the README table has one row per policy, with its packs, severity, controls and remediation", () => {
        const rows = fs
            .readFileSync(README, "utf8")
            .split("\n")
            .filter((l) => l.startsWith("| `aws-"));
        assert.strictEqual(rows.length, allPolicies.length);
        for (const p of allPolicies) {
            const row = rows.find((r) => r.startsWith(`| \`${p.name}\``));
            assert.ok(row, p.name);
            const cells = row.split(/(?<!\\)\|/).map((c) => c.trim());
            assert.strictEqual(cells[3], p.severity);
            for (const m of p.frameworks) {
                assert.ok(cells[2].includes(m.framework), `${p.name} packs`);
                assert.ok(cells[5].includes(`${m.framework}: ${m.controls.join(", ")}`), `${p.name} controls`);
            }
            assert.ok(
                cells[7].startsWith(
                    p.remediationSteps
                        .replace(/\|/g, "\\|")
                        .replace(/\s*\n\s*/g, " ")
                        .trim()
                        .slice(0, 40),
                ),
                `${p.name} remediation`,
            );
        }
    });
});
