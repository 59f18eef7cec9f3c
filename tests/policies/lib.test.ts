import * as assert from "assert";
import { get, getArray, getBool, getNumber, getString, isSet, keysOf, probe } from "../../policies/lib/access";
import { resolveConfig, resourceRule, stackRule } from "../../policies/lib/define";
import { actionMatches, conditionValues, parsePolicyDocument } from "../../policies/lib/policyDocument";
import { compliant, nonCompliant, notApplicable } from "../../policies/lib/result";
import { joinBuckets } from "../../policies/lib/s3";
import { policyTags, selectPolicies, selectRules, toSdkPolicy } from "../../policies/lib/select";
import { StackView } from "../../policies/lib/define";
import { isUnknownValueError, UNKNOWN, unknownCheckingProxy } from "../../policies/lib/unknowns";
import { schema } from "../../policies/lib/config";
import { waiverProperties } from "../../policies/lib/waivers";
import { allPolicies } from "../../policies/rules";
import { secureBucket } from "./awsFixtures";
import { policyResources, runResource, runStack } from "./harness";

describe("lib/access", () => {
    const props = unknownCheckingProxy({ a: { b: [1, "x"], flag: true, n: "42" }, u: UNKNOWN.string, deep: { u: UNKNOWN.boolean }, nil: null });

    it("reads nested values and never throws on missing ones", () => {
        assert.strictEqual(get(props, "a", "b", 1), "x");
        assert.strictEqual(get(props, "missing", "x", "y"), undefined);
        assert.strictEqual(get(props, "nil", "x"), undefined);
        assert.strictEqual(get(props, "a", "flag", "x"), undefined, "a step through a boolean is missing");
        assert.strictEqual(getBool(props, "a", "flag"), true);
        assert.strictEqual(getString(props, "a", "flag"), undefined, "mistyped is undefined");
        assert.strictEqual(getNumber(props, "a", "n"), 42);
        assert.deepStrictEqual(getArray(props, "a", "b"), [1, "x"]);
        assert.deepStrictEqual(getArray(props, "nothing"), []);
        assert.deepStrictEqual(keysOf(props, "deep"), ["u"], "keys without reading unknown values");
    });

    it("reports unknowns as a third state, or rethrows the SDK's own error", () => {
        const p = probe(props, "deep", "u");
        assert.strictEqual(p.state, "unknown");
        assert.throws(
            () => get(props, "u"),
            (e) => isUnknownValueError(e) && /string value at \.u can't be known during preview/.test((e as Error).message),
        );
        assert.ok(isSet(props, "u"), "an unknown is a value to come");
        assert.ok(!isSet(props, "nil"));
        assert.strictEqual(probe({ raw: UNKNOWN.number }, "raw").state, "unknown", "raw sentinels outside a proxy count too");
    });
});

describe("lib/policyDocument", () => {
    it("normalises strings, objects, single statements and scalar fields", () => {
        const doc = parsePolicyDocument(
            JSON.stringify({
                Statement: {
                    Sid: "S",
                    Effect: "Allow",
                    Principal: { AWS: "*" },
                    Action: "s3:GetObject",
                    Resource: "*",
                    Condition: { Bool: { "aws:SecureTransport": false } },
                },
            }),
        );
        assert.strictEqual(doc.state, "parsed");
        if (doc.state === "parsed") {
            const [s] = doc.statements;
            assert.deepStrictEqual([s.sid, s.actions, s.resources, s.principal?.wildcard, s.hasConditions], ["S", ["s3:GetObject"], ["*"], true, true]);
            assert.deepStrictEqual(conditionValues(s, "AWS:SECURETRANSPORT"), ["false"]);
        }
        assert.strictEqual(parsePolicyDocument({ Statement: [] }).state, "parsed");
    });

    it("reports missing, invalid and unknown documents instead of throwing", () => {
        assert.strictEqual(parsePolicyDocument(undefined).state, "missing");
        assert.strictEqual(parsePolicyDocument("{nope").state, "invalid");
        assert.strictEqual(parsePolicyDocument({ Statement: ["x"] }).state, "invalid");
        assert.strictEqual(parsePolicyDocument(unknownCheckingProxy({ d: { Statement: [{ Resource: UNKNOWN.string }] } }).d).state, "unknown");
    });

    it("matches IAM action wildcards case-insensitively", () => {
        assert.ok(actionMatches("s3:*", "s3:GetObject"));
        assert.ok(actionMatches("S3:get*", "s3:GetObject"));
        assert.ok(!actionMatches("s3:Get*", "s3:PutObject"));
        assert.ok(actionMatches("iam:Pass?ole", "iam:PassRole"));
    });
});

describe("lib/define", () => {
    const rule = resourceRule<{ limit: number }>({
        name: "aws-test-thing-enforce-limit",
        description: "A test rule that reads config and reports three outcomes.",
        severity: "low",
        topics: ["cost"],
        frameworks: [{ framework: "ml-baseline", controls: ["ML-COST-1"] }],
        remediationSteps: "Nothing to remediate; this rule exists for the library's own tests.",
        configSchema: { properties: { limit: { type: "integer", default: 3, description: "limit" } } },
        resourceTypes: ["aws:kms/key:Key", "aws:kms/alias:Alias"],
        check: (props, ctx) => {
            const n = getNumber(props, "n");
            if (n === undefined) {
                return notApplicable("no n");
            }
            return n > ctx.config.limit ? nonCompliant(`${n} > ${ctx.config.limit}`) : compliant();
        },
    });

    it("turns the three outcomes into what the SDK understands, with schema defaults and config overrides", async () => {
        assert.strictEqual((await runResource(rule, { type: "aws:kms/key:Key", props: { n: 2 } })).outcome, "compliant");
        assert.strictEqual((await runResource(rule, { type: "aws:kms/key:Key", props: { n: 4 } })).outcome, "non-compliant");
        assert.strictEqual((await runResource(rule, { type: "aws:kms/key:Key", props: { n: 4 } }, { config: { limit: 5 } })).outcome, "compliant");
        assert.deepStrictEqual((await runResource(rule, { type: "aws:kms/key:Key", props: {} })).notApplicable, ["no n"]);
        assert.strictEqual((await runResource(rule, { type: "aws:s3/bucket:Bucket", props: { n: 9 } })).outcome, "not-applicable");
        assert.strictEqual((await runResource(rule, { type: "aws:kms/key:Key", props: { n: UNKNOWN.number } })).outcome, "unknown");
    });

    it("fails a run when a rule throws anything but the SDK's unknown error, as the analyzer server does", async () => {
        const fragile = resourceRule({
            name: "aws-test-thing-enforce-fragility",
            description: "A test rule that chains property reads on an optional value.",
            severity: "low",
            topics: ["cost"],
            frameworks: [{ framework: "ml-baseline", controls: ["ML-COST-1"] }],
            remediationSteps: "Nothing to remediate; this rule exists for the library's own tests.",
            resourceTypes: ["aws:kms/key:Key"],
            check: (props) => (props.a.b.c ? compliant() : compliant()),
        });
        await assert.rejects(
            runResource(fragile, { type: "aws:kms/key:Key", props: {} }),
            /Error validating resource with policy 'aws-test-thing-enforce-fragility'.*TypeError/s,
        );
    });

    it("resolves config as the engine does: defaults, then given values, without enforcementLevel", () => {
        // The rule's schema also carries the waiver settings every rule takes.
        const waiverDefaults = resolveConfig(schema(waiverProperties("low")), undefined);
        assert.deepStrictEqual(resolveConfig(rule.configSchema, undefined), { ...waiverDefaults, limit: 3 });
        assert.deepStrictEqual(resolveConfig(rule.configSchema, { limit: 9, enforcementLevel: "mandatory" }), { ...waiverDefaults, limit: 9 });
    });

    it("keeps checking other resources when one is unknown, then surfaces the unknown", async () => {
        const s = stackRule({
            name: "aws-test-stack-enforce-flags",
            description: "A test stack rule that reports every resource whose flag is false.",
            severity: "low",
            topics: ["cost"],
            frameworks: [{ framework: "ml-baseline", controls: ["ML-COST-1"] }],
            remediationSteps: "Nothing to remediate; this rule exists for the library's own tests.",
            check: (stack, ctx) => {
                const bad = stack.resources.filter((r) => ctx.attempt(() => getBool(r.props, "flag") === false, r.name, false));
                return bad.length ? nonCompliant(...bad.map((r) => ({ message: r.name, urn: r.urn }))) : compliant();
            },
        });
        const r = await runStack(s, [
            { type: "aws:kms/key:Key", name: "a", props: { flag: UNKNOWN.boolean } },
            { type: "aws:kms/key:Key", name: "b", props: { flag: false } },
        ]);
        assert.deepStrictEqual(
            r.violations.map((v) => v.urn),
            ["urn:pulumi:test::ml-platform::aws:kms/key:Key::b"],
        );
        assert.match(r.previewDiagnostics[0], /boolean value at \.flag can't be known during preview \(in a\)/);
    });

    it("marks one-type rules for the SDK's fast path, and only those", async () => {
        const meta = {
            description: "A test rule for the SDK's type fast path.",
            severity: "low" as const,
            topics: ["cost" as const],
            frameworks: [{ framework: "ml-baseline" as const, controls: ["ML-COST-1"] }],
            remediationSteps: "Nothing to remediate; this rule exists for the library's own tests.",
            check: () => compliant(),
        };
        const typeOf = (fn: unknown) => (fn as { __pulumiType?: string }).__pulumiType;
        const oneStack = stackRule({ ...meta, name: "aws-test-stack-enforce-one", appliesTo: ["aws:sfn/stateMachine:StateMachine"] });
        const twoStack = stackRule({ ...meta, name: "aws-test-stack-enforce-two", appliesTo: ["aws:ec2/vpc:Vpc", "aws:ec2/defaultVpc:DefaultVpc"] });
        const anyStack = stackRule({ ...meta, name: "aws-test-stack-enforce-any" });
        const oneResource = resourceRule({ ...meta, name: "aws-test-thing-enforce-one", resourceTypes: ["aws:kms/key:Key"] });
        assert.strictEqual(typeOf(oneStack.validateStack), "aws:sfn/stateMachine:StateMachine");
        assert.strictEqual(typeOf(oneResource.validateResource), "aws:kms/key:Key");
        assert.strictEqual(typeOf(twoStack.validateStack), undefined, "the SDK's fast path takes one type only");
        assert.strictEqual(typeOf(anyStack.validateStack), undefined);
        assert.strictEqual(typeOf(rule.validateResource), undefined);
        // Skipped as the SDK skips it: not applicable, with the SDK's reason, before the check runs.
        const keys = [{ type: "aws:kms/key:Key", name: "k", props: {} }];
        assert.deepStrictEqual((await runStack(oneStack, keys)).notApplicable, [
            "Policy only applies to resources of type 'aws:sfn/stateMachine:StateMachine'",
        ]);
        assert.strictEqual((await runStack(oneStack, [{ type: "aws:sfn/stateMachine:StateMachine", name: "m", props: {} }])).outcome, "compliant");
        assert.match((await runStack(twoStack, keys)).notApplicable[0], /^Policy only applies to stacks with resources of type 'aws:ec2\/vpc:Vpc'/);
    });
});

describe("lib/s3 joinBuckets", () => {
    it("attaches sub-resources by name, by ARN and by dependency, and lists the rest", () => {
        const resources = [
            ...secureBucket("a", "bucket-a").slice(0, 2),
            { type: "aws:s3/bucket:Bucket", name: "b", props: { bucket: "bucket-b" } },
            {
                type: "aws:s3/bucketVersioning:BucketVersioning",
                name: "b-v",
                props: { bucket: "arn:aws:s3:::bucket-b", versioningConfiguration: { status: "Enabled" } },
            },
            {
                type: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
                name: "b-pab",
                props: { bucket: UNKNOWN.string },
                propertyDependencies: { bucket: ["b"] },
            },
            { type: "aws:s3/bucketPolicy:BucketPolicy", name: "ext", props: { bucket: "not-in-stack", policy: "{}" } },
            { type: "aws:s3/bucketLogging:BucketLogging", name: "lost", props: { bucket: UNKNOWN.string, targetBucket: "x" } },
        ];
        const join = joinBuckets(new StackView(policyResources(resources)));
        const byName = Object.fromEntries(join.buckets.map((b) => [b.resource.name, b]));
        assert.deepStrictEqual(
            byName.a.parts.encryption.map((r) => r.name),
            ["a-sse"],
        );
        assert.deepStrictEqual(
            byName.b.parts.versioning.map((r) => r.name),
            ["b-v"],
        );
        assert.deepStrictEqual(
            byName.b.parts.publicAccessBlock.map((r) => r.name),
            ["b-pab"],
        );
        assert.deepStrictEqual(
            join.external.policy.map((r) => r.name),
            ["ext"],
        );
        assert.deepStrictEqual(
            join.unresolved.logging.map((u) => u.child.name),
            ["lost"],
        );
    });
});

describe("lib/select", () => {
    it("filters by framework, severity and topic", () => {
        assert.ok(selectRules({ framework: "hipaa" }).every((p) => p.frameworks.some((f) => f.framework === "hipaa")));
        assert.ok(selectRules({ severities: ["critical"] }).every((p) => p.severity === "critical"));
        assert.ok(selectRules({ topics: ["cost"] }).every((p) => p.topics.includes("cost")));
        assert.strictEqual(selectPolicies().length, allPolicies.length);
    });

    it("hands the SDK plain policies with framework, control tags and a severity-derived level", () => {
        const rule = allPolicies.find((p) => p.name === "aws-kms-key-enable-key-rotation")!;
        const sdk = toSdkPolicy(rule, "pci-dss") as unknown as Record<string, unknown>;
        assert.deepStrictEqual((sdk.framework as { name: string }).name, "PCI DSS");
        assert.ok(policyTags(rule).includes("hipaa:164.312(a)(2)(iv)") && policyTags(rule).includes("pci-dss:3.7.4"));
        assert.strictEqual(sdk.enforcementLevel, "mandatory");
        assert.ok(!("frameworks" in sdk) && !("topics" in sdk) && !("resourceTypes" in sdk), "library-only fields stay out");
        assert.strictEqual(typeof sdk.remediateResource, "function");
        const advisory = toSdkPolicy(allPolicies.find((p) => p.name === "aws-iam-role-configure-sagemaker-guard-conditions")!);
        assert.strictEqual(advisory.enforcementLevel, "advisory");
        assert.ok(!("framework" in advisory));
    });
});
