/**
 * mlguard leaves every verdict to the packs' own policy SDK. These cases have outcomes the SDK
 * defines; the probe pack's process is started once and reconfigured per case, as the engine
 * configures a pack before analysis.
 */
import * as assert from "assert";
import * as path from "path";
import { UsageError } from "../../mlguard/src/errors";
import { FileKind, loadStateFile } from "../../mlguard/src/input/load";
import { AnalysisResult, PackRequest, StackContext, Violation, analyzeSnapshot, configurePacks, startPacks, stopPacks } from "../../mlguard/src/policy/analyze";
import { PolicyConfigMap } from "../../mlguard/src/policy/config";
import { readPackDir } from "../../mlguard/src/policy/packDir";
import { PackProcess } from "../../mlguard/src/policy/packProcess";
import { FILES, PROBE_PACK } from "./helpers";

const PREVIEW = path.join(FILES, "preview-unknowns.json");
const EXPORT = path.join(FILES, "export-secrets.json");
const urn = (stack: string, type: string, name: string) => `urn:pulumi:${stack}::ml-platform::${type}::${name}`;

describe("fidelity: the policy SDK decides every outcome", function () {
    this.timeout(120000);
    const request: PackRequest = { dir: readPackDir(PROBE_PACK) };
    const ctx: StackContext = { organization: "organization", project: "ml-platform", stack: "dev" };
    let procs: PackProcess[] = [];

    before(async () => {
        procs = await startPacks([request], ctx, { timeoutMs: 60000 });
    });
    after(() => stopPacks(procs));

    async function analyze(file: string, kind: FileKind, config?: PolicyConfigMap): Promise<AnalysisResult> {
        const packs = await configurePacks(procs, [{ ...request, ...(config ? { config, configFile: "test config" } : {}) }], ctx);
        return analyzeSnapshot(loadStateFile(file, kind), packs);
    }
    const of = (r: AnalysisResult, policy: string): Violation[] => r.violations.filter((v) => v.policyName === policy);

    describe("a disabled policy", () => {
        it("never reports", async () => {
            const r = await analyze(PREVIEW, "preview");
            assert.ok(r.resources > 0);
            assert.deepStrictEqual(of(r, "always-disabled"), []);
        });

        it("reports on every resource once config enables it (so the case above can fail)", async () => {
            const r = await analyze(PREVIEW, "preview", { "always-disabled": { enforcementLevel: "mandatory" } });
            const vs = of(r, "always-disabled");
            assert.deepStrictEqual(vs.map((v) => v.urn).sort(), r.snapshot.resources.map((x) => x.urn).sort());
            assert.ok(vs.every((v) => v.enforcementLevel === "mandatory"));
        });
    });

    describe("a policy at level remediate without a remediation", () => {
        it("reports as mandatory", async () => {
            const r = await analyze(PREVIEW, "preview");
            const vs = of(r, "always-remediate");
            assert.deepStrictEqual(
                vs.map((v) => [v.urn, v.enforcementLevel, v.severity]),
                [[urn("dev", "aws:s3/bucket:Bucket", "raw"), "mandatory", "critical"]],
            );
            assert.deepStrictEqual(vs[0].frameworks, ["pci-dss:1.2.3"]);
        });

        it("reports as advisory when config lowers it", async () => {
            const r = await analyze(PREVIEW, "preview", { "always-remediate": { enforcementLevel: "advisory" } });
            assert.deepStrictEqual(
                of(r, "always-remediate").map((v) => v.enforcementLevel),
                ["advisory"],
            );
        });
    });

    describe("an unknown value", () => {
        const cantRun =
            /^can't run policy 'reads-parameter-value' from policy pack 'fixture-probe@v1\.2\.3' during preview: string value at \.value can't be known during preview$/;

        it("reaches the pack as unknown and gives an advisory 'can't run policy … during preview'", async () => {
            const r = await analyze(PREVIEW, "preview");
            const vs = of(r, "reads-parameter-value");
            assert.strictEqual(vs.length, 1);
            assert.strictEqual(vs[0].urn, urn("dev", "aws:ssm/parameter:Parameter", "key-arn"));
            assert.strictEqual(vs[0].enforcementLevel, "advisory");
            assert.match(vs[0].message, cantRun);
        });

        it("stays advisory even when the policy is mandatory", async () => {
            const r = await analyze(PREVIEW, "preview", { "reads-parameter-value": { enforcementLevel: "mandatory" } });
            const vs = of(r, "reads-parameter-value");
            assert.deepStrictEqual(
                vs.map((v) => v.enforcementLevel),
                ["advisory"],
            );
            assert.match(vs[0].message, cantRun);
        });
    });

    describe("a configSchema default", () => {
        it("reaches getConfig when no config is given", async () => {
            const r = await analyze(PREVIEW, "preview");
            const vs = of(r, "config-default");
            assert.strictEqual(vs.length, 1);
            // A stack policy's violation that names no resource lands on the root stack, as the engine reports it.
            assert.strictEqual(vs[0].urn, urn("dev", "pulumi:pulumi:Stack", "ml-platform-dev"));
            assert.match(vs[0].message, /\ngreeting=hello-from-schema$/);
        });

        it("gives way to a configured value", async () => {
            const r = await analyze(PREVIEW, "preview", { "config-default": { properties: { greeting: "hi" } } });
            assert.match(of(r, "config-default")[0].message, /\ngreeting=hi$/);
        });
    });

    it("validates config against each policy's schema before configuring the pack", async () => {
        await assert.rejects(
            () => configurePacks(procs, [{ ...request, config: { "config-typed": { properties: { maxAge: "ten" } } }, configFile: "bad.json" }], ctx),
            (e: unknown) => e instanceof UsageError && /config-typed: maxAge must be integer/.test(e.message),
        );
    });

    describe("a stack export", () => {
        let r: AnalysisResult;
        before(async () => {
            r = await analyze(EXPORT, "export");
        });
        const param = (name: string) => urn("staging", "aws:ssm/parameter:Parameter", name);

        it("hands a secret's plaintext to the pack", () => {
            const vs = of(r, "reads-parameter-value").filter((v) => v.urn === param("plain-secret"));
            assert.deepStrictEqual(
                vs.map((v) => v.message.split("\n").pop()),
                ["value=hunter2"],
            );
        });

        it("treats an encrypted or blinded secret as unknown", () => {
            for (const name of ["encrypted-secret", "blinded-secret"]) {
                const vs = of(r, "reads-parameter-value").filter((v) => v.urn === param(name));
                assert.strictEqual(vs.length, 1, name);
                assert.strictEqual(vs[0].enforcementLevel, "advisory");
                assert.match(
                    vs[0].message,
                    /^can't run policy 'reads-parameter-value' .* during preview: string value at \.value can't be known during preview$/,
                );
            }
        });

        it("skips resources pending deletion", () => {
            assert.strictEqual(r.resources, 5);
            assert.ok(!r.violations.some((v) => v.urn?.endsWith("::retired")));
        });

        it("gives AnalyzeStack outputs, parents and providers", () => {
            const [v] = of(r, "stack-graph").filter((x) => x.urn === param("plain-secret"));
            assert.strictEqual(
                v.message.split("\n").pop(),
                "parent=ml-platform-staging deps=- propertyDeps=- provider=pulumi:providers:aws keys=arn,name,type,value",
            );
        });
    });

    it("gives AnalyzeStack dependencies and property dependencies from a preview", async () => {
        const r = await analyze(PREVIEW, "preview");
        const [v] = of(r, "stack-graph");
        assert.strictEqual(v.urn, urn("dev", "aws:ssm/parameter:Parameter", "key-arn"));
        // The default provider is not in a preview's steps, so there is no provider resource to give.
        assert.strictEqual(v.message.split("\n").pop(), "parent=ml-platform-dev deps=data propertyDeps=value:data provider=- keys=arn,name,type,value");
    });
});
