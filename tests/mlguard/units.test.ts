/** Pure parts of mlguard: value marshalling, resource ordering, config reconciliation. */
import * as assert from "assert";
import { StateResource } from "../../mlguard/src/model";
import { reconcile } from "../../mlguard/src/policy/config";
import { PolicyInfo, decodeDiagnostics, decodeDiagnosticsFrom } from "../../mlguard/src/policy/protocol";
import { renderMarkdown } from "../../mlguard/src/report/markdown";
import { orderResources } from "../../mlguard/src/synth/order";
import { checkpointPropsToWire, checkpointToWire, wireToCheckpoint } from "../../mlguard/src/values";

const SIG = "4dabf18193072939515e22adb298388d";
const SECRET = "1b47061264138c4ac30d75fd1eb44270";
const RESOURCE = "5cf8f73096256a8f31e491e813e4eb8e";
const OUTPUT = "d0e6a833031e9bbcd3f4e8bde6ca49a4";
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

describe("mlguard values: checkpoint to the analyzer's wire form", () => {
    const wire = (v: unknown) => checkpointToWire(v, { skipInternalKeys: true });

    it("decodes a secret's plaintext and keeps it secret", () => {
        assert.deepStrictEqual(wire({ [SIG]: SECRET, plaintext: '{"a":[1,"x"]}' }), { [SIG]: SECRET, value: { a: [1, "x"] } });
    });

    it("makes a secret it cannot decrypt, or a blinded one, an unknown secret", () => {
        assert.deepStrictEqual(wire({ [SIG]: SECRET, ciphertext: "v1:abc" }), { [SIG]: SECRET, value: UNKNOWN });
        assert.deepStrictEqual(wire("[secret]"), { [SIG]: SECRET, value: UNKNOWN });
    });

    it("downgrades a resource reference to its id, or its URN when it has none", () => {
        assert.strictEqual(wire({ [SIG]: RESOURCE, urn: "urn:pulumi:s::p::aws:s3/bucket:Bucket::b", id: "b-123", packageVersion: "7.0.0" }), "b-123");
        assert.strictEqual(wire({ [SIG]: RESOURCE, urn: "urn:pulumi:s::p::x:index:C::c", packageVersion: "" }), "urn:pulumi:s::p::x:index:C::c");
    });

    it("turns an output value into its value, or unknown, keeping secretness", () => {
        assert.strictEqual(wire({ [SIG]: OUTPUT, value: "v", dependencies: [] }), "v");
        assert.deepStrictEqual(wire({ [SIG]: OUTPUT, secret: true, dependencies: [] }), { [SIG]: SECRET, value: UNKNOWN });
    });

    it("drops internal keys at every depth for Analyze, and keeps them for Remediate", () => {
        const props = { __defaults: ["name"], name: "n", nested: { __meta: 1, keep: true } };
        assert.deepStrictEqual(checkpointPropsToWire(props, { skipInternalKeys: true }), { name: "n", nested: { keep: true } });
        assert.deepStrictEqual(checkpointPropsToWire(props, { skipInternalKeys: false }), props);
    });

    it("writes a wire secret as the export's plaintext form, flattening nested secrets", () => {
        const out = wireToCheckpoint({ a: { [SIG]: SECRET, value: { b: { [SIG]: SECRET, value: "c" }, a: 1 } } }) as any;
        assert.strictEqual(out.a[SIG], SECRET);
        assert.deepStrictEqual(JSON.parse(out.a.plaintext), { a: 1, b: "c" });
        assert.strictEqual(out.a.plaintext, '{"a":1,"b":"c"}');
    });
});

describe("mlguard resource order", () => {
    const res = (urn: string, type: string, extra: Partial<StateResource> = {}): StateResource => ({
        urn,
        type,
        custom: !type.includes(":index:") && type !== "pulumi:pulumi:Stack",
        inputs: {},
        outputs: {},
        dependencies: [],
        propertyDependencies: {},
        protect: false,
        retainOnDelete: false,
        ...extra,
    });
    const u = (t: string, n: string) => `urn:pulumi:s::p::${t}::${n}`;
    const stack = res(u("pulumi:pulumi:Stack", "p-s"), "pulumi:pulumi:Stack");
    const prov = res(u("pulumi:providers:aws", "default"), "pulumi:providers:aws", { id: "id" });
    const comp = res(u("x:index:C", "c"), "x:index:C", { parent: stack.urn });
    const a = res(u("x:index:C$aws:s3/bucket:Bucket", "a"), "aws:s3/bucket:Bucket", { parent: comp.urn, provider: `${prov.urn}::id` });
    // `b` sorts before `a`'s sibling order would put it, but depends on `z`, which depends on `a`.
    const z = res(u("aws:kms/key:Key", "z"), "aws:kms/key:Key", { parent: stack.urn, provider: `${prov.urn}::id`, dependencies: [a.urn] });
    const b = res(u("x:index:C$aws:s3/bucketPolicy:BucketPolicy", "b"), "aws:s3/bucketPolicy:BucketPolicy", {
        parent: comp.urn,
        provider: `${prov.urn}::id`,
        propertyDependencies: { policy: [z.urn], bucket: null },
    });
    const all = [stack, prov, comp, a, z, b];

    it("puts every resource after its parent, provider and dependencies, whatever the input order", () => {
        const expected = orderResources(all).map((r) => r.urn);
        for (const perm of [[...all].reverse(), [b, z, a, comp, prov, stack], [a, b, stack, z, prov, comp]]) {
            assert.deepStrictEqual(
                orderResources(perm).map((r) => r.urn),
                expected,
            );
        }
        const pos = new Map(expected.map((x, i) => [x, i]));
        assert.strictEqual(expected[0], stack.urn);
        assert.ok(pos.get(prov.urn)! < pos.get(a.urn)!);
        assert.ok(pos.get(comp.urn)! < pos.get(a.urn)!);
        assert.ok(pos.get(a.urn)! < pos.get(z.urn)!);
        assert.ok(pos.get(z.urn)! < pos.get(b.urn)!);
    });
});

describe("mlguard policy config, reconciled as the engine does", () => {
    const policy = (name: string, extra: Partial<PolicyInfo> = {}): PolicyInfo => ({
        name,
        description: name,
        enforcementLevel: "advisory",
        type: "resource",
        severity: "unspecified",
        tags: [],
        ...extra,
    });
    const withDefault = policy("with-default", {
        configSchema: { properties: { days: { type: "integer", minimum: 1, default: 30 }, names: { type: "array", items: { type: "string" } } }, required: [] },
    });
    const plain = policy("plain", { enforcementLevel: "mandatory" });

    it("starts from each policy's level and schema defaults", () => {
        const { config, errors } = reconcile("p", [withDefault, plain], {}, undefined);
        assert.deepStrictEqual(errors, []);
        assert.deepStrictEqual(config, {
            "with-default": { enforcementLevel: "advisory", properties: { days: 30 } },
            plain: { enforcementLevel: "mandatory" },
        });
    });

    it("applies the pack's initial config, then the file, with `all` setting every level first", () => {
        const { config } = reconcile(
            "p",
            [withDefault, plain],
            { plain: { enforcementLevel: "advisory" } },
            {
                all: { enforcementLevel: "disabled" },
                "with-default": { properties: { names: ["a"] } },
                plain: { enforcementLevel: "remediate" },
            },
        );
        assert.deepStrictEqual(config["with-default"], { enforcementLevel: "disabled", properties: { days: 30, names: ["a"] } });
        assert.deepStrictEqual(config.plain, { enforcementLevel: "remediate" });
    });

    it("validates the result against each schema, naming the policy and the property", () => {
        const { errors } = reconcile("p", [withDefault], {}, { "with-default": { properties: { days: 0, names: "a" } } });
        assert.deepStrictEqual(errors.sort(), ["with-default: days must be >= 1", "with-default: names must be array"]);
    });

    it("validates required properties", () => {
        const needs = policy("needs", { configSchema: { properties: { owner: { type: "string" } }, required: ["owner"] } });
        assert.deepStrictEqual(reconcile("p", [needs], {}, undefined).errors, ["needs: must have required property 'owner'"]);
        assert.deepStrictEqual(reconcile("p", [needs], {}, { needs: { properties: { owner: "me" } } }).errors, []);
    });
});

describe("mlguard analyzer responses", () => {
    it("decodes an AnalyzeResponse's diagnostics without its not-applicable list", () => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const pb = require("@pulumi/pulumi/proto/analyzer_pb");
        const d = (name: string, level: number, urn: string) => {
            const m = new pb.AnalyzeDiagnostic();
            m.setPolicyname(name);
            m.setPolicypackname("pack");
            m.setPolicypackversion("1.0.0");
            m.setDescription(`${name} description`);
            m.setMessage(`${name} message`);
            m.setEnforcementlevel(level);
            m.setUrn(urn);
            m.setSeverity(pb.PolicySeverity.POLICY_SEVERITY_HIGH);
            return m;
        };
        const resp = new pb.AnalyzeResponse();
        resp.setDiagnosticsList([d("one", pb.EnforcementLevel.MANDATORY, "urn:a"), d("two", pb.EnforcementLevel.ADVISORY, "")]);
        const na = new pb.PolicyNotApplicable();
        na.setPolicyName("other");
        na.setReason("Policy only applies to resources of type 'aws:kms/key:Key'");
        resp.setNotApplicableList([na, na]);
        const bytes = resp.serializeBinary();
        const fast = decodeDiagnosticsFrom(bytes);
        assert.deepStrictEqual(fast, decodeDiagnostics(pb.AnalyzeResponse.deserializeBinary(bytes)));
        assert.deepStrictEqual(
            fast.map((x) => [x.policyName, x.enforcementLevel, x.urn, x.severity]),
            [
                ["one", "mandatory", "urn:a", "high"],
                ["two", "advisory", "", "high"],
            ],
        );
        assert.deepStrictEqual(decodeDiagnosticsFrom(new pb.AnalyzeResponse().serializeBinary()), []);
    });
});

describe("mlguard markdown diagram of a large stack", () => {
    it("keeps every component and shows its resources of one type as one node", () => {
        const u = (t: string, n: string) => `urn:pulumi:s::p::${t}::${n}`;
        const res = (urn: string, type: string, parent?: string): StateResource => ({
            urn,
            type,
            custom: !type.includes(":index:"),
            ...(parent ? { parent } : {}),
            inputs: {},
            outputs: {},
            dependencies: [],
            propertyDependencies: {},
            protect: false,
            retainOnDelete: false,
        });
        const lake = res(u("x:index:Lake", "lake"), "x:index:Lake");
        const zone = res(u("x:index:Lake$x:index:Zone", "zone"), "x:index:Zone", lake.urn);
        const buckets = Array.from({ length: 130 }, (_, i) => res(u("x:index:Lake$aws:s3/bucket:Bucket", `b${i}`), "aws:s3/bucket:Bucket", lake.urn));
        const key = res(u("x:index:Lake$x:index:Zone$aws:kms/key:Key", "key"), "aws:kms/key:Key", zone.urn);
        const resources = [lake, zone, ...buckets, key];
        const md = renderMarkdown({
            packs: [],
            resources: resources.length,
            violations: [
                {
                    policyPack: "p",
                    policyPackVersion: "1",
                    policyName: "n",
                    description: "d",
                    message: "m",
                    enforcementLevel: "mandatory",
                    severity: "high",
                    urn: buckets[7].urn,
                    resourceType: buckets[7].type,
                    frameworks: [],
                    source: "resource",
                },
            ],
            waived: [],
            remediations: [],
            snapshot: { resources, mode: "snapshot", origin: "synthetic", stack: "s" },
        });
        const lines = /```mermaid\n([\s\S]*?)\n```/.exec(md)![1].split("\n").slice(1);
        assert.deepStrictEqual(
            lines.filter((l) => !l.trim().startsWith("classDef")),
            [
                '  subgraph r0["lake<br/><small>x:index:Lake</small>"]',
                '    r1["130 resources<br/><small>aws:s3/bucket:Bucket</small>"]:::mandatory',
                '    subgraph r2["zone<br/><small>x:index:Zone</small>"]',
                '      r3["key<br/><small>aws:kms/key:Key</small>"]',
                "    end",
                "  end",
            ],
        );
    });
});
