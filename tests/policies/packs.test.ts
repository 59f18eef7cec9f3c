/**
 * The packs as the engine loads them.
 *
 * Static checks read each pack directory (package.json, PulumiPolicy.yaml,
 * index.ts) without importing index.ts in this process: `new PolicyPack`
 * starts a gRPC server. The "served" checks then start each pack in a child
 * process the way the Node policy runner does (ts-node, cwd = the pack
 * directory, its tsconfig), talk to it over the analyzer gRPC protocol
 * (GetAnalyzerInfo, Configure, Analyze, AnalyzeStack), and stop it. The
 * children transpile only: type checking them took most of this file's time
 * and repeated what `tsc --noEmit` already checks over the whole repository.
 */
import * as grpc from "@grpc/grpc-js";
import Ajv from "ajv";
import * as assert from "assert";
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import type { EnforcementLevel, Policy } from "@pulumi/policy";
import { ENVIRONMENTS } from "../../policies/lib/config";
import { controlTag, FRAMEWORK_INFO } from "../../policies/lib/frameworks";
import { selectPolicies, selectRules } from "../../policies/lib/select";
import { Framework, FRAMEWORKS } from "../../policies/lib/types";
import { allPolicies } from "../../policies/rules";
import { baseline } from "./awsFixtures";
import { loadConfigFile, UNKNOWN } from "./harness";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const analyzerPb = require("@pulumi/pulumi/proto/analyzer_pb");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const analyzerGrpc = require("@pulumi/pulumi/proto/analyzer_grpc_pb");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const structPb = require("google-protobuf/google/protobuf/struct_pb");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const emptyPb = require("google-protobuf/google/protobuf/empty_pb");

const POLICIES_DIR = path.join(__dirname, "..", "..", "policies");
const PACK_DIRS: Record<Framework, string> = { hipaa: "hipaa", "pci-dss": "pci-dss", "ml-baseline": "ml-baseline" };
const LEVELS: Record<string, number> = { advisory: 0, mandatory: 1, disabled: 2, remediate: 3 };

/** The engine's validation of one policy's config: `{type: object, properties, required}` (convertSchema). */
function engineSchema(p: Policy): object {
    return { type: "object", properties: p.configSchema?.properties ?? {}, ...(p.configSchema?.required ? { required: p.configSchema.required } : {}) };
}

describe("policy packs", () => {
    for (const framework of FRAMEWORKS) {
        const dir = path.join(POLICIES_DIR, PACK_DIRS[framework]);

        describe(`${PACK_DIRS[framework]}/`, () => {
            it("has a package.json with a version and a main that exists", () => {
                const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
                assert.match(pkg.version, /^\d+\.\d+\.\d+$/);
                assert.ok(fs.existsSync(path.join(dir, pkg.main)), `main ${pkg.main}`);
                assert.ok(pkg.dependencies["@pulumi/policy"]);
            });

            it("has a PulumiPolicy.yaml with runtime nodejs and a description", () => {
                const y = YAML.parse(fs.readFileSync(path.join(dir, "PulumiPolicy.yaml"), "utf8"));
                assert.strictEqual(y.runtime, "nodejs");
                assert.ok(typeof y.description === "string" && y.description.length > 20);
            });

            it("builds exactly one PolicyPack from selectPolicies and defines no rule", () => {
                const src = fs.readFileSync(path.join(dir, "index.ts"), "utf8");
                assert.strictEqual(src.match(/new PolicyPack\(/g)?.length, 1);
                assert.ok(src.includes(`selectPolicies({ framework: "${framework}" })`));
                assert.ok(!/validateResource|validateStack|resourceRule|stackRule/.test(src), "the pack defines a rule");
                assert.match(src, /new PolicyPack\("([a-zA-Z0-9-_.]{1,100})"/);
            });

            const policies = selectPolicies({ framework });

            it("serves unique, valid policy names, each stamped with the framework and its control tags", () => {
                assert.ok(policies.length > 0);
                const names = policies.map((p) => p.name);
                assert.strictEqual(new Set(names).size, names.length);
                for (const p of policies) {
                    assert.notStrictEqual(p.name, "all");
                    assert.deepStrictEqual(p.framework, FRAMEWORK_INFO[framework]);
                    assert.ok(p.severity && p.remediationSteps && p.enforcementLevel);
                }
                for (const rule of selectRules({ framework })) {
                    const sdk = policies.find((p) => p.name === rule.name)!;
                    for (const m of rule.frameworks) {
                        for (const c of m.controls) {
                            assert.ok(sdk.tags?.includes(controlTag(m.framework, c)), `${rule.name} lacks tag ${controlTag(m.framework, c)}`);
                        }
                    }
                }
            });

            it("selects every library rule mapped to the framework, and no other", () => {
                const expected = allPolicies.filter((p) => p.frameworks.some((m) => m.framework === framework)).map((p) => p.name);
                assert.deepStrictEqual(
                    policies.map((p) => p.name),
                    expected,
                );
            });

            for (const env of ENVIRONMENTS) {
                it(`accepts config/${env}.json: every entry of its policies validates against the policy's schema (ajv)`, () => {
                    const config = loadConfigFile(env);
                    const ajv = new Ajv({ allErrors: true, strict: false });
                    for (const p of policies) {
                        const entry = config[p.name];
                        assert.ok(entry !== undefined, `${env}.json has no entry for ${p.name}`);
                        const { enforcementLevel, ...props } = typeof entry === "string" ? { enforcementLevel: entry } : entry;
                        assert.ok(["advisory", "mandatory", "remediate", "disabled"].includes(enforcementLevel as string), `${p.name}: ${enforcementLevel}`);
                        const validate = ajv.compile(engineSchema(p));
                        assert.ok(validate(props), `${env}.json ${p.name}: ${ajv.errorsText(validate.errors)}`);
                    }
                });
            }
        });
    }

    it("rejects a config value of the wrong type (the schema check can fail)", () => {
        const p = selectPolicies().find((x) => x.name === "aws-kms-key-configure-deletion-window")!;
        const ajv = new Ajv({ strict: false });
        assert.strictEqual(ajv.validate(engineSchema(p), { minimumDays: 3 }), false);
        assert.strictEqual(ajv.validate(engineSchema(p), { regulated: "yes" }), false);
    });
});

describe("environment config", () => {
    const level = (env: "dev" | "staging" | "prod", name: string): EnforcementLevel => {
        const e = loadConfigFile(env)[name];
        return (typeof e === "string" ? e : e.enforcementLevel) as EnforcementLevel;
    };

    it("names every library policy in every environment, and nothing else", () => {
        for (const env of ENVIRONMENTS) {
            assert.deepStrictEqual(Object.keys(loadConfigFile(env)).sort(), allPolicies.map((p) => p.name).sort(), env);
        }
    });

    it("makes every high and critical policy mandatory in prod", () => {
        for (const p of allPolicies.filter((x) => x.severity === "high" || x.severity === "critical")) {
            assert.strictEqual(level("prod", p.name), "mandatory", p.name);
        }
    });

    it("makes cost and backup rules advisory in dev", () => {
        for (const p of allPolicies.filter((x) => x.topics.includes("cost") || x.topics.includes("backup"))) {
            assert.strictEqual(level("dev", p.name), "advisory", p.name);
        }
    });

    it("marks staging and prod regulated and dev not, wherever a rule takes the setting", () => {
        for (const p of allPolicies.filter((x) => x.configSchema && "regulated" in x.configSchema.properties)) {
            assert.strictEqual((loadConfigFile("dev")[p.name] as Record<string, unknown>).regulated, false, p.name);
            assert.strictEqual((loadConfigFile("staging")[p.name] as Record<string, unknown>).regulated, true, p.name);
            assert.strictEqual((loadConfigFile("prod")[p.name] as Record<string, unknown>).regulated, true, p.name);
        }
    });

    it("turns remediation on only below prod, and only for rules that can remediate", () => {
        for (const env of ENVIRONMENTS) {
            for (const p of allPolicies) {
                if (level(env, p.name) === "remediate") {
                    assert.notStrictEqual(env, "prod", p.name);
                    assert.strictEqual(typeof (p as { remediateResource?: unknown }).remediateResource, "function", p.name);
                }
            }
        }
        assert.strictEqual(level("dev", "aws-kms-key-enable-key-rotation"), "remediate");
    });
});

// ---------------------------------------------------------------------------------------------
// Served packs
// ---------------------------------------------------------------------------------------------

interface Served {
    proc: ChildProcess;
    client: any;
    stderr: string[];
}

function startPack(dir: string): Promise<Served> {
    return new Promise((resolve, reject) => {
        const proc = spawn(process.execPath, ["-r", "ts-node/register", "index.ts"], {
            cwd: dir,
            env: { ...process.env, TS_NODE_PROJECT: path.join(dir, "tsconfig.json"), TS_NODE_TRANSPILE_ONLY: "true" },
            stdio: ["ignore", "pipe", "pipe"],
        });
        const stderr: string[] = [];
        proc.stderr.on("data", (d) => stderr.push(String(d)));
        proc.stdout.once("data", (d) => {
            const port = Number(String(d).trim().split("\n")[0]);
            if (!Number.isInteger(port)) {
                reject(new Error(`pack printed ${String(d)}`));
                return;
            }
            resolve({ proc, client: new analyzerGrpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure()), stderr });
        });
        proc.once("exit", (code) => reject(new Error(`pack exited with ${code}: ${stderr.join("")}`)));
    });
}

function rpc<T>(client: any, method: string, req: unknown): Promise<T> {
    return new Promise((resolve, reject) => client[method](req, (err: Error | null, res: T) => (err ? reject(err) : resolve(res))));
}

function configureRequest(config: Record<string, unknown>): unknown {
    const req = new analyzerPb.ConfigureAnalyzerRequest();
    const map = req.getPolicyconfigMap();
    for (const [name, entry] of Object.entries(config)) {
        const { enforcementLevel, ...props } = typeof entry === "string" ? { enforcementLevel: entry } : (entry as Record<string, unknown>);
        const pc = new analyzerPb.PolicyConfig();
        pc.setEnforcementlevel(LEVELS[enforcementLevel as string]);
        pc.setProperties(structPb.Struct.fromJavaScript(props));
        map.set(name, pc);
    }
    return req;
}

function options(): unknown {
    const o = new analyzerPb.AnalyzerResourceOptions();
    o.setProtect(false);
    return o;
}

function analyzeRequest(type: string, name: string, props: Record<string, unknown>): unknown {
    const req = new analyzerPb.AnalyzeRequest();
    req.setType(type);
    req.setName(name);
    req.setUrn(`urn:pulumi:prod::ml-platform::${type}::${name}`);
    req.setProperties(structPb.Struct.fromJavaScript(props));
    req.setOptions(options());
    return req;
}

function diagnostics(res: any): { policy: string; message: string; level: number }[] {
    return res.getDiagnosticsList().map((d: any) => ({ policy: d.getPolicyname(), message: d.getMessage(), level: d.getEnforcementlevel() }));
}

describe("policy packs, served over the analyzer protocol", function () {
    this.timeout(180000);
    const served = new Map<Framework, Served>();

    before(async () => {
        const started = await Promise.all(FRAMEWORKS.map((f) => startPack(path.join(POLICIES_DIR, PACK_DIRS[f]))));
        FRAMEWORKS.forEach((f, i) => served.set(f, started[i]));
    });

    after(() => {
        for (const s of served.values()) {
            s.client.close();
            s.proc.kill();
        }
    });

    for (const framework of FRAMEWORKS) {
        it(`${framework}: GetAnalyzerInfo reports the pack's name, version and every policy with its metadata`, async () => {
            const info: any = await rpc(served.get(framework)!.client, "getAnalyzerInfo", new emptyPb.Empty());
            const pkg = JSON.parse(fs.readFileSync(path.join(POLICIES_DIR, PACK_DIRS[framework], "package.json"), "utf8"));
            assert.strictEqual(info.getName(), `ml-platform-${framework}`);
            assert.strictEqual(info.getVersion(), pkg.version);
            const expected = selectPolicies({ framework });
            const got = info.getPoliciesList();
            assert.deepStrictEqual(
                got.map((p: any) => p.getName()),
                expected.map((p) => p.name),
            );
            for (const p of got) {
                const e = expected.find((x) => x.name === p.getName())!;
                assert.strictEqual(p.getFramework().getName(), FRAMEWORK_INFO[framework].name);
                assert.strictEqual(p.getFramework().getVersion(), FRAMEWORK_INFO[framework].version);
                assert.deepStrictEqual(p.getTagsList(), e.tags);
                assert.strictEqual(p.getRemediationSteps(), e.remediationSteps);
                assert.ok(p.getSeverity() > 0, `${p.getName()} has no severity`);
            }
        });
    }

    it("hipaa under prod config: reports a key without rotation as mandatory, and an unknown as the SDK's advisory", async () => {
        const { client } = served.get("hipaa")!;
        await rpc(client, "configure", configureRequest(loadConfigFile("prod")));
        const bad = diagnostics(await rpc(client, "analyze", analyzeRequest("aws:kms/key:Key", "key", { enableKeyRotation: false })));
        const rotation = bad.find((d) => d.policy === "aws-kms-key-enable-key-rotation");
        assert.ok(rotation, JSON.stringify(bad));
        assert.strictEqual(rotation.level, LEVELS.mandatory);
        const unknown = diagnostics(await rpc(client, "analyze", analyzeRequest("aws:kms/key:Key", "key", { enableKeyRotation: UNKNOWN.boolean })));
        const u = unknown.find((d) => d.policy === "aws-kms-key-enable-key-rotation")!;
        assert.match(u.message, /can't run policy 'aws-kms-key-enable-key-rotation' from policy pack 'ml-platform-hipaa@v0\.1\.0' during preview/);
        assert.strictEqual(u.level, LEVELS.advisory);
    });

    it("pci-dss under prod config: the compliant baseline stack has no diagnostics, a public bucket is caught", async () => {
        const { client } = served.get("pci-dss")!;
        await rpc(client, "configure", configureRequest(loadConfigFile("prod")));
        const stack = (resources: ReturnType<typeof baseline>) => {
            const req = new analyzerPb.AnalyzeStackRequest();
            req.setResourcesList(
                resources.map((r) => {
                    const ar = new analyzerPb.AnalyzerResource();
                    ar.setType(r.type);
                    ar.setName(r.name!);
                    ar.setUrn(`urn:pulumi:prod::ml-platform::${r.type}::${r.name}`);
                    ar.setProperties(structPb.Struct.fromJavaScript(r.props));
                    ar.setOptions(options());
                    return ar;
                }),
            );
            return req;
        };
        const clean = diagnostics(await rpc(client, "analyzeStack", stack(baseline())));
        assert.deepStrictEqual(clean, []);
        const weakened = baseline().filter((r) => r.name !== "data-pab");
        const found = diagnostics(await rpc(client, "analyzeStack", stack(weakened)));
        assert.deepStrictEqual(
            found.map((d) => [d.policy, d.level]),
            [["aws-s3-bucket-enable-public-access-block", LEVELS.mandatory]],
        );
    });
});
