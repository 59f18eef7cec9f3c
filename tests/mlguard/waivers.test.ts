import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import type { Log } from "sarif";
import { waivedFinding } from "../../policies/lib/waivers";
import { parseWaived } from "../../mlguard/src/policy/result";
import { CliResult, mlguard, REPO, tempDir } from "./helpers";

const DAY = 86_400_000;
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);

const RESOURCE_RULE = "aws-cloudwatch-loggroup-configure-retention";
const STACK_RULE = "aws-s3-bucket-enable-object-lock";
const HIPAA = path.join(REPO, "policies", "hipaa");
const DEV_CONFIG = JSON.parse(fs.readFileSync(path.join(REPO, "policies", "config", "dev.json"), "utf8"));

describe("mlguard and policy waivers", function () {
    this.timeout(180000);
    const tmp = tempDir();
    const file = (name: string) => path.join(tmp.dir, name);
    const reason = 'Retention set by the central log account; "365" lands with LOG-7';

    /** Analyzes the synthesized dev stack with the HIPAA pack under `config`. */
    async function analyze(name: string, config: object, format = "json"): Promise<CliResult & { report: string }> {
        fs.writeFileSync(file(`${name}.config.json`), JSON.stringify(config));
        const out = file(`${name}.${format}`);
        const r = await mlguard(
            [
                "analyze",
                "--file",
                file("dev.json"),
                "--policy-pack",
                HIPAA,
                "--policy-pack-config",
                file(`${name}.config.json`),
                "--format",
                format,
                "--out",
                out,
            ],
            REPO,
        );
        return { ...r, report: fs.existsSync(out) ? fs.readFileSync(out, "utf8") : "" };
    }

    /** The dev config with both rules made mandatory, so their violations would fail the run. */
    const strict = (extra: Record<string, object> = {}) => ({
        ...DEV_CONFIG,
        [RESOURCE_RULE]: { ...DEV_CONFIG[RESOURCE_RULE], enforcementLevel: "mandatory", ...extra[RESOURCE_RULE] },
        [STACK_RULE]: { ...DEV_CONFIG[STACK_RULE], enforcementLevel: "mandatory", ...extra[STACK_RULE] },
    });

    let unwaived: { code: number | null; json: any };
    let waivedConfig: object;

    before(async () => {
        const synth = await mlguard(["synth", "--stack", "dev", "--out", file("dev.json")], REPO);
        assert.strictEqual(synth.code, 0, synth.stderr);
        const r = await analyze("strict", strict());
        unwaived = { code: r.code, json: JSON.parse(r.report) };
        const urns = (policy: string) => unwaived.json.violations.filter((v: any) => v.policyName === policy).map((v: any) => v.urn as string);
        assert.ok(urns(RESOURCE_RULE).length > 0 && urns(STACK_RULE).length > 0, "the dev stack has violations of both rules to waive");
        waivedConfig = strict({
            [RESOURCE_RULE]: { waivers: urns(RESOURCE_RULE).map((urn: string) => ({ resource: urn, reason, expires: inDays(60), ticket: "LOG-7" })) },
            // By name glob this time: the logical name with its last character as `?`.
            [STACK_RULE]: {
                waivers: urns(STACK_RULE).map((urn: string) => ({
                    resource: urn.split("::").pop()!.replace(/.$/, "?"),
                    reason: "Audit bucket moves to the log archive account",
                    expires: inDays(10),
                    approvedBy: "security",
                })),
            },
        });
    });
    after(() => tmp.cleanup());

    it("fails without the waivers", () => {
        assert.strictEqual(unwaived.code, 1);
        assert.ok(unwaived.json.summary.mandatory > 0);
        assert.deepStrictEqual(unwaived.json.waived, []);
    });

    it("lists waived violations apart in JSON, with the waiver's terms, and exits 0", async () => {
        const r = await analyze("waived", waivedConfig);
        assert.strictEqual(r.code, 0, r.stderr);
        const json = JSON.parse(r.report);
        assert.strictEqual(json.summary.mandatory, 0);
        const before = unwaived.json.violations.filter((v: any) => v.policyName === RESOURCE_RULE || v.policyName === STACK_RULE);
        assert.deepStrictEqual(json.waived.map((v: any) => [v.policyName, v.urn]).sort(), before.map((v: any) => [v.policyName, v.urn]).sort());
        for (const v of json.waived) {
            assert.strictEqual(v.enforcementLevel, "advisory");
            assert.ok(!v.message.includes("[waived"), "the message is the finding without the waiver's terms");
            const original = before.find((b: any) => b.policyName === v.policyName && b.urn === v.urn);
            assert.strictEqual(v.message, original.message);
        }
        const retention = json.waived.find((v: any) => v.policyName === RESOURCE_RULE);
        assert.deepStrictEqual(retention.waiver, { expires: inDays(60), reason, ticket: "LOG-7" });
        const lock = json.waived.find((v: any) => v.policyName === STACK_RULE);
        assert.deepStrictEqual(lock.waiver, { expires: inDays(10), reason: "Audit bucket moves to the log archive account", approvedBy: "security" });
        assert.ok(!json.violations.some((v: any) => v.policyName === RESOURCE_RULE || v.policyName === STACK_RULE));
    });

    it("carries waived violations in SARIF as results with an external suppression", async () => {
        const r = await analyze("waived", waivedConfig, "sarif");
        assert.strictEqual(r.code, 0, r.stderr);
        const sarif: Log = JSON.parse(r.report);
        const results = sarif.runs[0].results ?? [];
        const suppressed = results.filter((x) => x.suppressions?.length);
        assert.ok(suppressed.length > 0);
        for (const x of suppressed) {
            assert.deepStrictEqual(
                x.suppressions!.map((s) => s.kind),
                ["external"],
            );
            const expected = x.ruleId!.endsWith(RESOURCE_RULE) ? reason : "Audit bucket moves to the log archive account";
            assert.strictEqual(x.suppressions![0].justification, expected);
        }
        assert.ok(results.filter((x) => !x.suppressions).every((x) => !x.ruleId!.endsWith(RESOURCE_RULE)));
    });

    it("shows waived violations in their own markdown section with reason and expiry", async () => {
        const r = await analyze("waived", waivedConfig, "markdown");
        assert.strictEqual(r.code, 0, r.stderr);
        const section = r.report.slice(r.report.indexOf("#### Waived"));
        assert.ok(r.report.includes("#### Waived"), r.report);
        const rows = section.split("\n").filter((l) => l.startsWith("| `"));
        assert.ok(
            rows.some(
                (l) =>
                    l.includes(RESOURCE_RULE) && l.includes(inDays(60)) && l.includes("ticket LOG-7") && l.includes("Retention set by the central log account"),
            ),
            section,
        );
        assert.ok(
            rows.some((l) => l.includes(STACK_RULE) && l.includes(inDays(10)) && l.includes("approved by security")),
            section,
        );
    });

    it("shows waived violations in their own text section with reason and expiry", async () => {
        const r = await analyze("waived", waivedConfig, "text");
        assert.strictEqual(r.code, 0, r.stderr);
        const lines = r.report.split("\n");
        const start = lines.indexOf("waived");
        assert.ok(start > 0, r.report);
        const entries = lines.slice(start + 1).filter((l) => l.startsWith("  waived"));
        assert.ok(
            entries.some((l) => l.includes(RESOURCE_RULE) && l.includes(`until ${inDays(60)}: ${reason} (ticket LOG-7)`)),
            entries.join("\n"),
        );
        assert.match(lines.filter((l) => l !== "").pop()!, /^no mandatory violations, .*; \d+ waived violations?$/);
    });

    it("reports a waiver that matches nothing, in the real SDK's AnalyzeStack of a resource policy", async () => {
        const stray = strict({ [RESOURCE_RULE]: { waivers: [{ resource: "no-such-log-group", reason, expires: inDays(5) }] } });
        const r = await analyze("stray", stray);
        assert.strictEqual(r.code, 1);
        const problem = JSON.parse(r.report).violations.find((v: any) => v.policyName === RESOURCE_RULE && v.resourceType === "pulumi:pulumi:Stack");
        assert.ok(problem?.message.includes('waiver for "no-such-log-group" matches no resource'), r.report);
        assert.strictEqual(problem.enforcementLevel, "mandatory");
    });

    it("rejects a waiver the config schema does not allow, naming the field, before analysis", async () => {
        const r = await analyze("typo", strict({ [RESOURCE_RULE]: { waivers: [{ resource: "x", reason, expiry: inDays(5) }] } }));
        assert.strictEqual(r.code, 2);
        assert.match(r.stderr, new RegExp(`${RESOURCE_RULE}: waivers\\.0 `));
        assert.match(r.stderr, /expires|expiry/);
    });

    it("reads back exactly the terms the rule library writes", () => {
        const w = { resource: "x", reason: 'odd "reason"] with \\ and\nnewline', expires: "2031-05-06", ticket: "T-1]", approvedBy: 'a "b"' };
        const parsed = parseWaived(`Description.\n${waivedFinding(w, "the finding")}`);
        assert.deepStrictEqual(parsed, {
            waiver: { expires: w.expires, reason: w.reason, ticket: w.ticket, approvedBy: w.approvedBy },
            message: "Description.\nthe finding",
        });
        assert.strictEqual(parseWaived("Description.\n[waived by nobody] the finding"), undefined);
    });
});
