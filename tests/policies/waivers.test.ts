import * as assert from "assert";
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { toSdkPolicy } from "../../policies/lib/select";
import { checkWaivers, DEFAULT_MAX_WAIVER_DAYS, Waiver, WAIVED_PREFIX, waivedFinding, waiverMatches } from "../../policies/lib/waivers";
import { kmsKeyEnableKeyRotation } from "../../policies/rules/kms/Key/enableKeyRotation";
import { iamPolicyDisallowFullAdmin } from "../../policies/rules/iam/Policy/disallowFullAdmin";
import { s3BucketDisallowForceDestroy } from "../../policies/rules/s3/Bucket/disallowForceDestroy";
import { s3BucketEnableVersioning } from "../../policies/rules/s3/Bucket/enableVersioning";
import { secureBucket, T, without } from "./awsFixtures";
import { PolicyConfigEntry, run, runRemediation, TestResource, urnOf } from "./harness";

const DAY = 86_400_000;

/** An ISO date `days` from today (UTC), so no test depends on the date it runs. */
function inDays(days: number): string {
    return new Date(Date.now() + days * DAY).toISOString().slice(0, 10);
}

function waiver(overrides: Partial<Waiver> = {}): Waiver {
    return { resource: "legacy-*", reason: "Vendor feed bucket, replaced next quarter", expires: inDays(30), ticket: "SEC-142", ...overrides };
}

const forceDestroy = toSdkPolicy(s3BucketDisallowForceDestroy) as ResourceValidationPolicy;
const bucket = (name: string): TestResource => ({ type: T.bucket, name, props: { bucket: name, forceDestroy: true } });
const buckets = [bucket("legacy-export"), bucket("fresh")];

function config(waivers: unknown[], extra: Record<string, unknown> = {}): PolicyConfigEntry {
    return { enforcementLevel: "mandatory", regulated: true, waivers, ...extra };
}

const adminDoc = JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "Admin", Effect: "Allow", Action: "*", Resource: "*" }] });
const fullAdmin = toSdkPolicy(iamPolicyDisallowFullAdmin) as ResourceValidationPolicy;
const adminPolicy: TestResource = { type: T.policy, name: "legacy-admin", props: { policy: adminDoc } };

describe("waivers", () => {
    it("turn a waived resource's violation advisory, with the waiver's terms, and leave the others mandatory", async () => {
        const w = waiver();
        const r = await run(forceDestroy, buckets, { config: config([w]) });
        const waived = r.violations.filter((v) => v.urn === urnOf(T.bucket, "legacy-export"));
        const other = r.violations.filter((v) => v.urn === urnOf(T.bucket, "fresh"));
        assert.strictEqual(waived.length, 1);
        assert.strictEqual(waived[0].enforcementLevel, "advisory");
        const [description, finding] = waived[0].message.split("\n");
        assert.strictEqual(description, s3BucketDisallowForceDestroy.description);
        assert.ok(finding.startsWith(`${WAIVED_PREFIX}${w.expires}: ${JSON.stringify(w.reason)} ticket ${JSON.stringify(w.ticket)}] `), finding);
        assert.ok(finding.includes(`bucket "legacy-export" sets forceDestroy`), finding);
        assert.deepStrictEqual(
            other.map((v) => v.enforcementLevel),
            ["mandatory"],
        );
        assert.strictEqual(r.violations.length, 2, "no violation about the waiver itself");
    });

    it("match a resource by URN as well as by name glob", async () => {
        const r = await run(forceDestroy, buckets, { config: config([waiver({ resource: urnOf(T.bucket, "fresh") })]) });
        assert.deepStrictEqual(
            r.violations.map((v) => [v.urn, v.enforcementLevel]),
            [
                [urnOf(T.bucket, "legacy-export"), "mandatory"],
                [urnOf(T.bucket, "fresh"), "advisory"],
            ],
        );
        assert.ok(waiverMatches({ resource: "legacy-?xport" }, { urn: "x", name: "legacy-export" }));
        assert.ok(!waiverMatches({ resource: "legacy" }, { urn: "x", name: "legacy-export" }));
    });

    it("waive a stack rule's finding on the named resource", async () => {
        const stackRule = toSdkPolicy(s3BucketEnableVersioning);
        const resources = without(
            [...secureBucket("legacy-export", "legacy-export-0a1b"), ...secureBucket("data", "data-0a1b")],
            "legacy-export-versioning",
            "data-versioning",
        );
        const r = await run(stackRule, resources, { config: { enforcementLevel: "mandatory", waivers: [waiver()] } });
        const levels = new Map(r.violations.map((v) => [v.urn, v.enforcementLevel]));
        assert.strictEqual(levels.get(urnOf(T.bucket, "legacy-export")), "advisory");
        assert.strictEqual(levels.get(urnOf(T.bucket, "data")), "mandatory");
        assert.strictEqual(r.violations.length, 2);
    });

    it("leave a waived resource unremediated", async () => {
        const rotation = toSdkPolicy(kmsKeyEnableKeyRotation) as ResourceValidationPolicy;
        const key: TestResource = { type: T.key, name: "legacy-key", props: { enableKeyRotation: false, customerMasterKeySpec: "SYMMETRIC_DEFAULT" } };
        const fixed = await runRemediation(rotation, key, { config: { enforcementLevel: "remediate" } });
        assert.strictEqual(fixed.properties?.enableKeyRotation, true, "without a waiver the key is remediated");
        const waived = await runRemediation(rotation, key, { config: { enforcementLevel: "remediate", waivers: [waiver()] } });
        assert.strictEqual(waived.properties, undefined);
    });

    it("report an expired waiver at the policy's level, and waive nothing with it", async () => {
        const r = await run(forceDestroy, buckets, { config: config([waiver({ expires: inDays(-1) })]) });
        const problems = r.violations.filter((v) => v.urn === undefined);
        assert.strictEqual(problems.length, 1);
        assert.strictEqual(problems[0].enforcementLevel, "mandatory");
        assert.ok(problems[0].message.includes(`expired on ${inDays(-1)}`), problems[0].message);
        assert.ok(r.violations.filter((v) => v.urn).every((v) => v.enforcementLevel === "mandatory"));
    });

    it("accept a waiver through the last day it names", () => {
        assert.deepStrictEqual(checkWaivers({ waivers: [waiver({ expires: inDays(0) })] }, "high").problems, []);
    });

    it("report a waiver with no reason or a blank one", async () => {
        for (const reason of [undefined, "   "]) {
            const r = await run(forceDestroy, buckets, { config: config([waiver({ reason })]) });
            const problems = r.violations.filter((v) => v.urn === undefined);
            assert.strictEqual(problems.length, 1, String(reason));
            assert.ok(problems[0].message.includes('has no reason: set "reason"'), problems[0].message);
            assert.ok(r.violations.filter((v) => v.urn).every((v) => v.enforcementLevel === "mandatory"));
        }
    });

    it("report a waiver that matches no resource the policy checks, even when the stack has none of its types", async () => {
        const stray = waiver({ resource: "no-such-bucket" });
        for (const resources of [buckets, [adminPolicy]]) {
            const r = await run(forceDestroy, resources, { config: config([stray]) });
            const problems = r.violations.filter((v) => v.urn === undefined);
            assert.strictEqual(problems.length, 1);
            assert.strictEqual(problems[0].enforcementLevel, "mandatory");
            assert.ok(problems[0].message.includes('waiver for "no-such-bucket" matches no resource'), problems[0].message);
        }
        // A resource of another type with the waived name does not count.
        const r = await run(forceDestroy, [{ ...adminPolicy, name: "no-such-bucket" }], { config: config([stray]) });
        assert.strictEqual(r.violations.length, 1);
    });

    it("report, at the policy's level, an advisory policy's waiver problems as advisory", async () => {
        const r = await run(forceDestroy, buckets, { config: config([waiver({ resource: "none" })], { enforcementLevel: "advisory" }) });
        assert.deepStrictEqual(
            r.violations.filter((v) => v.urn === undefined).map((v) => v.enforcementLevel),
            ["advisory"],
        );
    });

    it(`reject an expiry more than maxWaiverDays ahead (default ${DEFAULT_MAX_WAIVER_DAYS}) of the day of analysis`, async () => {
        const far = waiver({ expires: inDays(DEFAULT_MAX_WAIVER_DAYS + 2) });
        const r = await run(forceDestroy, buckets, { config: config([far]) });
        const problems = r.violations.filter((v) => v.urn === undefined);
        assert.strictEqual(problems.length, 1);
        assert.ok(problems[0].message.includes(`more than ${DEFAULT_MAX_WAIVER_DAYS} days ahead`), problems[0].message);
        const allowed = await run(forceDestroy, buckets, { config: config([far], { maxWaiverDays: DEFAULT_MAX_WAIVER_DAYS + 5 }) });
        assert.strictEqual(allowed.violations.filter((v) => v.enforcementLevel === "advisory").length, 1);
        assert.strictEqual(allowed.violations.filter((v) => v.urn === undefined).length, 0);
    });

    it("report an expiry that is no calendar date", () => {
        const { usable, problems } = checkWaivers({ waivers: [waiver({ expires: "2027-02-30" })] }, "high");
        assert.deepStrictEqual(usable, []);
        assert.ok(problems[0].includes("no calendar date"), problems[0]);
    });

    describe("on a critical policy", () => {
        it("reject every waiver in prod, the default environment", async () => {
            for (const extra of [{}, { environment: "prod" }]) {
                const r = await run(fullAdmin, [adminPolicy], { config: config([waiver()], extra) });
                assert.deepStrictEqual(
                    r.violations.map((v) => v.enforcementLevel),
                    ["mandatory", "mandatory"],
                );
                const problem = r.violations.find((v) => v.urn === undefined);
                assert.ok(
                    problem?.message.includes('critical policies take no waivers in prod unless the policy\'s config sets "allowCriticalWaivers": true'),
                    problem?.message,
                );
            }
        });

        it("accept a waiver in prod when the config sets allowCriticalWaivers, and outside prod without it", async () => {
            for (const extra of [{ environment: "prod", allowCriticalWaivers: true }, { environment: "staging" }]) {
                const r = await run(fullAdmin, [adminPolicy], { config: config([waiver()], extra) });
                assert.deepStrictEqual(
                    r.violations.map((v) => v.enforcementLevel),
                    ["advisory"],
                    JSON.stringify(extra),
                );
            }
        });
    });

    it("write the reason, ticket and approver as JSON strings, so any characters survive", () => {
        const line = waivedFinding(waiver({ reason: 'a "quoted"] reason', approvedBy: "sec]team" }), "finding");
        assert.ok(line.includes(JSON.stringify('a "quoted"] reason')), line);
        assert.ok(line.endsWith(`approved by ${JSON.stringify("sec]team")}] finding`), line);
    });
});
