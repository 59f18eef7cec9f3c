import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import type { Log } from "sarif";
import { AnalysisResult } from "../../mlguard/src/policy/analyze";
import { renderText } from "../../mlguard/src/report/text";
import { CliResult, PROJECT, REPO, lineOf, mlguard, tempDir } from "./helpers";

const PROGRAM = path.join(PROJECT, "stacks", "index.ts");
const LOGS = "urn:pulumi:prod::ml-platform::aws:s3/bucket:Bucket::logs";
const SEVERITIES = ["critical", "high", "medium", "low", "unspecified"];

describe("mlguard analyze output formats", function () {
    this.timeout(180000);
    const tmp = tempDir();
    const out = (f: string) => path.join(tmp.dir, f);
    let state: any;
    let json: any;
    let jsonRun: CliResult;
    let sarif: Log;
    let markdown: string;
    let text: CliResult;
    let fromFile: CliResult;
    let baselineInfo: { remediation: string; url: string };

    before(async () => {
        const [synth, j, s, m, t] = await Promise.all([
            mlguard(["synth", "--stack", "prod", "--out", out("prod.json")]),
            mlguard(["analyze", "--stack", "prod", "--format", "json", "--out", out("report.json")]),
            mlguard(["analyze", "--stack", "prod", "--format", "sarif", "--out", out("report.sarif")]),
            mlguard(["analyze", "--stack", "prod", "--format", "markdown", "--out", out("report.md")]),
            mlguard(["analyze", "--stack", "prod"]),
        ]);
        assert.strictEqual(synth.code, 0, synth.stderr);
        fromFile = await mlguard([
            "analyze",
            "--file",
            out("prod.json"),
            "--format",
            "json",
            "--policy-pack-config",
            path.join(PROJECT, "policies", "config", "prod.json"),
        ]);
        for (const r of [j, s, m]) {
            assert.strictEqual(r.code, 1, r.stderr);
            assert.strictEqual(r.stdout, "");
        }
        state = JSON.parse(fs.readFileSync(out("prod.json"), "utf8"));
        jsonRun = j;
        json = JSON.parse(fs.readFileSync(out("report.json"), "utf8"));
        sarif = JSON.parse(fs.readFileSync(out("report.sarif"), "utf8"));
        markdown = fs.readFileSync(out("report.md"), "utf8");
        text = t;
        const source = fs.readFileSync(path.join(PROJECT, "policies", "baseline", "index.ts"), "utf8");
        baselineInfo = {
            remediation: /remediationSteps: "(Add an aws\.s3[^"]+)"/.exec(source)![1],
            url: /url: "([^"]+)"/.exec(source)![1],
        };
    });
    after(() => tmp.cleanup());

    const bucketName = (u: string) => state.deployment.resources.find((r: any) => r.urn === u).outputs.bucket;

    describe("json", () => {
        it("has exactly the documented shape", () => {
            assert.deepStrictEqual(Object.keys(json).sort(), ["policyPacks", "resources", "summary", "violations", "waived"]);
            assert.deepStrictEqual(json.policyPacks, [{ name: "fixture-baseline", version: "0.3.0" }]);
            assert.strictEqual(json.resources, state.deployment.resources.length);
            for (const v of json.violations) {
                assert.deepStrictEqual(Object.keys(v).sort(), [
                    "enforcementLevel",
                    "frameworks",
                    "message",
                    "policyName",
                    "policyPack",
                    "resourceType",
                    "severity",
                    "urn",
                ]);
            }
        });

        it("reports the unencrypted bucket with the policy's severity and framework controls", () => {
            const v = json.violations.find((x: any) => x.urn === LOGS && x.policyName === "s3-bucket-needs-sse");
            assert.ok(v, JSON.stringify(json.violations, null, 2));
            assert.strictEqual(v.policyPack, "fixture-baseline");
            assert.strictEqual(v.enforcementLevel, "mandatory");
            assert.strictEqual(v.severity, "high");
            assert.strictEqual(v.resourceType, "aws:s3/bucket:Bucket");
            assert.deepStrictEqual(v.frameworks, ["hipaa:164.312(a)(2)(iv)", "pci-dss:3.5.1"]);
            assert.ok(v.message.includes(bucketName(LOGS)), v.message);
            // The encrypted buckets of the data lake pass.
            assert.deepStrictEqual(
                json.violations.filter((x: any) => x.policyName === "s3-bucket-needs-sse").map((x: any) => x.urn),
                [LOGS],
            );
        });

        it("applies prod's config: the tag policy is mandatory, with its schema's default tags", () => {
            const tags = json.violations.filter((x: any) => x.policyName === "s3-bucket-tags");
            assert.deepStrictEqual(
                tags.map((x: any) => [x.urn, x.enforcementLevel, x.severity]),
                [[LOGS, "mandatory", "low"]],
            );
            assert.match(tags[0].message, /Missing tags: environment\.$/);
        });

        it("is the verdict --file gives the synthesized export with the same config", () => {
            assert.strictEqual(fromFile.code, jsonRun.code, fromFile.stderr);
            assert.deepStrictEqual(JSON.parse(fromFile.stdout), json);
        });

        it("summarizes the violations it lists, and exits 1 on a mandatory one", () => {
            const count = (level: string) => json.violations.filter((v: any) => v.enforcementLevel === level).length;
            assert.deepStrictEqual(json.summary, { mandatory: count("mandatory"), advisory: count("advisory") });
            assert.ok(json.summary.mandatory > 0);
            assert.strictEqual(jsonRun.code, 1);
        });
    });

    describe("sarif", () => {
        it("is SARIF 2.1.0 with one run of the mlguard driver", () => {
            assert.strictEqual(sarif.version, "2.1.0");
            assert.strictEqual(sarif.runs.length, 1);
            assert.strictEqual(sarif.runs[0].tool.driver.name, "mlguard");
            assert.match(sarif.runs[0].automationDetails?.id ?? "", /^mlguard\/prod\/$/);
        });

        it("has a rule per policy, with help text, remediation and security severity", () => {
            const rules = sarif.runs[0].tool.driver.rules!;
            assert.deepStrictEqual(
                rules.map((r) => r.id),
                ["fixture-baseline/kms-key-rotation", "fixture-baseline/s3-bucket-needs-sse", "fixture-baseline/s3-bucket-tags"],
            );
            const sse = rules.find((r) => r.id === "fixture-baseline/s3-bucket-needs-sse")!;
            assert.ok(sse.help!.text.includes(baselineInfo.remediation), sse.help!.text);
            assert.ok(sse.help!.markdown!.includes(baselineInfo.remediation));
            assert.strictEqual(sse.helpUri, baselineInfo.url);
            assert.strictEqual(sse.properties!["security-severity"], "8.0");
            assert.ok((sse.properties!.tags as string[]).includes("hipaa:164.312(a)(2)(iv)"));
            assert.strictEqual(sse.defaultConfiguration!.level, "error");
            const tags = rules.find((r) => r.id === "fixture-baseline/s3-bucket-tags")!;
            // prod raises the advisory tag policy to mandatory.
            assert.strictEqual(tags.defaultConfiguration!.level, "error");
        });

        it("has a result per violation, pointing at its rule and at the line that built the resource", () => {
            const run = sarif.runs[0];
            const results = run.results!;
            assert.strictEqual(results.length, json.violations.length);
            for (const r of results) {
                assert.strictEqual(run.tool.driver.rules![r.ruleIndex!].id, r.ruleId);
                assert.ok(r.locations![0].physicalLocation!.artifactLocation!.uri, JSON.stringify(r));
            }
            const logs = results.find((r) => r.ruleId === "fixture-baseline/s3-bucket-needs-sse")!;
            assert.strictEqual(logs.level, "error");
            const loc = logs.locations![0];
            assert.strictEqual(loc.physicalLocation!.artifactLocation!.uri, path.relative(REPO, PROGRAM).split(path.sep).join("/"));
            assert.strictEqual(loc.physicalLocation!.region!.startLine, lineOf(PROGRAM, 'new aws.s3.Bucket("logs"'));
            assert.strictEqual(loc.logicalLocations![0].fullyQualifiedName, LOGS);
            const prints = results.map((r) => r.partialFingerprints!["mlguardPolicyResource/v1"]);
            assert.strictEqual(new Set(prints).size, prints.length);
        });
    });

    describe("markdown", () => {
        const section = (title: string) => {
            const lines = markdown.split("\n");
            const start = lines.indexOf(title);
            assert.ok(start >= 0, `no "${title}" in:\n${markdown}`);
            const rest = lines.slice(start + 1);
            const end = rest.findIndex((l) => l.startsWith("#### ") || l.startsWith("<details>"));
            return end < 0 ? rest : rest.slice(0, end);
        };
        const table = (lines: string[]) =>
            lines
                .filter((l) => l.startsWith("|"))
                .map((l) =>
                    l
                        .slice(1, -1)
                        .split(/(?<!\\)\|/)
                        .map((c) => c.trim()),
                );

        it("starts with its marker and the verdict", () => {
            const lines = markdown.split("\n");
            assert.strictEqual(lines[0], "<!-- mlguard:prod -->");
            assert.match(lines[1], /^### ❌ mlguard: `prod`$/);
            assert.ok(markdown.includes(`**${json.summary.mandatory} mandatory violation`));
        });

        it("tables the violations by framework and severity", () => {
            const [header, , ...rows] = table(section("#### By framework and severity"));
            assert.deepStrictEqual(header, ["Framework", ...SEVERITIES, "Total"]);
            const expected = new Map<string, number[]>();
            for (const v of json.violations) {
                const fws = [...new Set<string>(v.frameworks.map((f: string) => f.split(":")[0]))];
                for (const f of fws.length ? fws : ["(none)"]) {
                    const row = expected.get(f) ?? SEVERITIES.map(() => 0);
                    row[SEVERITIES.indexOf(v.severity)]++;
                    expected.set(f, row);
                }
            }
            assert.deepStrictEqual(new Map(rows.map((r) => [r[0], r.slice(1, -1).map(Number)])), expected);
            for (const r of rows) {
                assert.strictEqual(
                    Number(r[r.length - 1]),
                    r
                        .slice(1, -1)
                        .map(Number)
                        .reduce((a, b) => a + b, 0),
                );
            }
        });

        it("lists every violation", () => {
            const [header, , ...rows] = table(section("#### Violations"));
            assert.deepStrictEqual(header, ["Level", "Severity", "Policy", "Resource", "Message"]);
            assert.strictEqual(rows.length, json.violations.length);
            const logsRows = rows.filter((r) => r[3].startsWith("`logs`"));
            assert.deepStrictEqual(logsRows.map((r) => r[2]).sort(), ["`fixture-baseline/s3-bucket-needs-sse`", "`fixture-baseline/s3-bucket-tags`"]);
        });

        it("draws the resources grouped by component, highlighting violations", () => {
            const block = /```mermaid\n([\s\S]*?)\n```/.exec(markdown);
            assert.ok(block, "no mermaid block");
            const lines = block[1].split("\n");
            assert.strictEqual(lines[0], "flowchart LR");
            // Rebuild the nesting from subgraph/end lines.
            const path: string[] = [];
            const placed = new Map<string, { path: string[]; cls?: string }>();
            for (const l of lines.slice(1).map((x) => x.trim())) {
                const sub = /^subgraph \w+\["([^<"]+)<br\/><small>([^<]+)<\/small>"\]$/.exec(l);
                const node = /^\w+\["([^<"]+)<br\/><small>([^<]+)<\/small>"\](?::::(\w+))?$/.exec(l);
                if (sub) {
                    path.push(`${sub[1]} ${sub[2]}`);
                } else if (l === "end") {
                    path.pop();
                } else if (node) {
                    placed.set(`${node[1]} ${node[2]}`, { path: [...path], cls: node[3] });
                }
            }
            assert.deepStrictEqual(placed.get("lake-raw-bucket aws:s3/bucket:Bucket")?.path, [
                "lake fixture:index:DataLake",
                "lake-raw fixture:index:SecureBucket",
            ]);
            assert.deepStrictEqual(placed.get("lake-key aws:kms/key:Key")?.path, ["lake fixture:index:EncryptionKey"]);
            assert.deepStrictEqual(placed.get("logs aws:s3/bucket:Bucket"), { path: [], cls: "mandatory" });
            assert.strictEqual(placed.get("lake-raw-bucket aws:s3/bucket:Bucket")?.cls, undefined);
            assert.ok(![...placed.keys()].some((k) => k.includes("pulumi:providers:") || k.includes("pulumi:pulumi:Stack")));
            const customs = state.deployment.resources.filter((r: any) => r.custom && !r.type.startsWith("pulumi:providers:"));
            assert.strictEqual(placed.size, customs.length);
        });
    });

    describe("text", () => {
        const lines = () => text.stdout.trimEnd().split("\n");

        it("is plain when not writing to a terminal, and exits 1", () => {
            assert.strictEqual(text.code, 1, text.stderr);
            assert.ok(!text.stdout.includes("\u001b["));
        });

        it("groups violations under their resource", () => {
            const all = lines();
            const at = all.indexOf(`  ${LOGS}`);
            assert.ok(at > 0, text.stdout);
            assert.strictEqual(all[at - 1], "logs aws:s3/bucket:Bucket");
            const block: string[] = [];
            for (const l of all.slice(at + 1)) {
                if (l === "") {
                    break;
                }
                block.push(l);
            }
            const policies = block.filter((l) => /^ {2}(mandatory|advisory )/.test(l)).map((l) => l.trim().split(/\s+/)[1]);
            assert.deepStrictEqual(policies.sort(), ["fixture-baseline/s3-bucket-needs-sse", "fixture-baseline/s3-bucket-tags"]);
        });

        it("ends with a summary line", () => {
            const affected = new Set(json.violations.map((v: any) => v.urn)).size;
            const m = json.summary.mandatory;
            const a = json.summary.advisory;
            assert.strictEqual(
                lines().pop(),
                `${m} mandatory violation${m === 1 ? "" : "s"}, ${a} advisory violation${a === 1 ? "" : "s"} in ${affected} of ${json.resources} resources`,
            );
        });

        it("is coloured on a terminal", () => {
            const result: AnalysisResult = {
                packs: [],
                resources: 1,
                violations: [
                    {
                        policyPack: "p",
                        policyPackVersion: "1",
                        policyName: "n",
                        description: "d",
                        message: "m",
                        enforcementLevel: "mandatory",
                        severity: "high",
                        urn: LOGS,
                        resourceType: "aws:s3/bucket:Bucket",
                        frameworks: [],
                        source: "resource",
                    },
                ],
                waived: [],
                remediations: [],
                snapshot: { resources: [], mode: "snapshot", origin: "x" },
            };
            assert.ok(renderText(result, { color: true }).includes("\u001b[31mmandatory\u001b[0m"));
            assert.ok(!renderText(result, { color: false }).includes("\u001b["));
        });
    });
});
