/**
 * Metadata of every rule in the library, after compliance-policies' tests:
 * name pattern, description, severity, frameworks with real control ids,
 * topics, remediation, config schema, registration, type tokens.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { CONTROLS } from "../../policies/lib/frameworks";
import { FRAMEWORKS, isResourceRule, isStackRule, PlatformPolicy, SEVERITIES, TOPICS } from "../../policies/lib/types";
import { PEER_RULES, PEERS } from "../../policies/lib/peers";
import { allPolicies } from "../../policies/rules";

const NAME = /^aws-[a-z0-9]+-[a-z0-9]+-(enable|disallow|configure|enforce|missing)-[a-z0-9]+(-[a-z0-9]+)*$/;
const RULES_DIR = path.join(__dirname, "..", "..", "policies", "rules");

/** Every type token the installed @pulumi/aws declares. */
function awsTypeTokens(): Set<string> {
    const root = path.dirname(require.resolve("@pulumi/aws/package.json"));
    const out = new Set<string>();
    const walk = (dir: string) => {
        for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
            const full = path.join(dir, e.name);
            if (e.isDirectory() && e.name !== "node_modules") {
                walk(full);
            } else if (e.name.endsWith(".js")) {
                const m = /__pulumiType = '([^']+)'/.exec(fs.readFileSync(full, "utf8"));
                if (m) {
                    out.add(m[1]);
                }
            }
        }
    };
    walk(root);
    return out;
}

function ruleFiles(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const full = path.join(dir, e.name);
        if (e.isDirectory()) {
            return ruleFiles(full);
        }
        // Rule files live in <service>/<Resource>/; helpers sit directly under <service>/.
        return path.relative(RULES_DIR, full).split(path.sep).length === 3 && e.name.endsWith(".ts") ? [full] : [];
    });
}

describe("rule library metadata", () => {
    it("holds rules, each registered once with a unique name", () => {
        assert.ok(allPolicies.length >= 27, `only ${allPolicies.length} rules`);
        const names = allPolicies.map((p) => p.name);
        assert.deepStrictEqual(
            names.filter((n, i) => names.indexOf(n) !== i),
            [],
            "duplicate names",
        );
        assert.strictEqual(new Set(allPolicies).size, allPolicies.length, "a rule object is listed twice");
    });

    it("registers every rule file's policy in allPolicies, and each file exports exactly one policy", () => {
        const registered = new Set<unknown>(allPolicies);
        for (const file of ruleFiles(RULES_DIR)) {
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            const exported = Object.values(require(file) as Record<string, unknown>).filter(
                (v) => typeof v === "object" && v !== null && "name" in v && ("validateResource" in v || "validateStack" in v),
            );
            assert.strictEqual(exported.length, 1, `${path.relative(RULES_DIR, file)} exports ${exported.length} policies`);
            assert.ok(registered.has(exported[0]), `${path.relative(RULES_DIR, file)} is not listed in policies/rules/index.ts`);
        }
    });

    const tokens = awsTypeTokens();

    for (const p of allPolicies as (PlatformPolicy & { resourceTypes?: string[]; appliesTo?: string[] })[]) {
        describe(p.name, () => {
            it("has a name in the aws-<service>-<resource>-<verb>-<thing> style", () => {
                assert.match(p.name, NAME);
                assert.notStrictEqual(p.name, "all");
            });

            it("has a description, a severity, topics and remediation steps", () => {
                assert.ok(p.description.length >= 30 && /[.)]$/.test(p.description), `description: ${p.description}`);
                assert.ok(SEVERITIES.includes(p.severity), `severity ${p.severity}`);
                assert.ok(p.topics.length > 0 && p.topics.every((t) => TOPICS.includes(t)), `topics ${p.topics.join(", ")}`);
                assert.ok(p.remediationSteps.length >= 30, "remediation steps");
            });

            it("maps to framework controls that exist in each framework", () => {
                assert.ok(p.frameworks.length > 0);
                for (const m of p.frameworks) {
                    assert.ok(FRAMEWORKS.includes(m.framework), `framework ${m.framework}`);
                    assert.ok(m.controls.length > 0, `${m.framework} lists no control`);
                    for (const c of m.controls) {
                        assert.ok(c in CONTROLS[m.framework], `${m.framework} has no control ${c}`);
                    }
                }
                assert.strictEqual(new Set(p.frameworks.map((m) => m.framework)).size, p.frameworks.length, "a framework is listed twice");
            });

            it("is a resource or a stack policy, never both", () => {
                assert.notStrictEqual(isStackRule(p), isResourceRule(p));
            });

            it("declares a config schema whose every property has a default (so an empty config is valid)", () => {
                if (!p.configSchema) {
                    return;
                }
                assert.ok(!("enforcementLevel" in p.configSchema.properties), "enforcementLevel is reserved");
                assert.ok(!(p.configSchema.required ?? []).includes("enforcementLevel"));
                for (const [k, v] of Object.entries(p.configSchema.properties)) {
                    assert.ok(typeof v === "object" && "default" in v, `${k} has no default`);
                    assert.ok(typeof v === "object" && typeof v.description === "string", `${k} has no description`);
                }
            });

            it("names only type tokens that @pulumi/aws (or awsx) defines", () => {
                for (const t of [...(p.resourceTypes ?? []), ...(p.appliesTo ?? [])]) {
                    assert.ok(tokens.has(t) || t.startsWith("awsx:"), `unknown type token ${t}`);
                }
            });
        });
    }
});

describe("peer coverage (lib/peers.ts)", () => {
    it("names only registered policies, and only 'none' rows name none", () => {
        const names = new Set(allPolicies.map((p) => p.name));
        for (const r of PEER_RULES) {
            for (const n of r.policies) {
                assert.ok(names.has(n), `${r.rule}: ${n} is not a registered policy`);
            }
            assert.strictEqual(r.policies.length === 0, r.match === "none", r.rule);
            assert.ok(r.peers.length > 0 && r.peers.every((p) => p in PEERS), r.rule);
        }
    });
    it("explains every row that is not an exact match", () => {
        for (const r of PEER_RULES.filter((x) => x.match === "stricter" || x.match === "narrower" || x.match === "partial")) {
            assert.ok((r.note ?? "").length > 10, `${r.rule} (${r.match}) has no note`);
        }
    });
});
