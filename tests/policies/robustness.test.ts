/**
 * No rule throws on missing, mistyped or unknown values.
 *
 * Every rule of the library (both helpers' rules) runs over resources of the
 * types it declares with props that are empty, of the wrong types, or
 * entirely unknown (every argument of the type's @pulumi/aws Args as an
 * unknown sentinel). The harness turns any exception other than the SDK's
 * unknown-value error into a failure, as the analyzer server does.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { isStackRule, PlatformPolicy } from "../../policies/lib/types";
import { allPolicies } from "../../policies/rules";
import { T } from "./awsFixtures";
import { run, TestResource, UNKNOWN } from "./harness";

const AWS_ROOT = path.dirname(require.resolve("@pulumi/aws/package.json"));

/** Top-level argument names of a type's Args interface, read from its declaration file. */
function argsOf(type: string): string[] {
    const m = /^aws:([a-zA-Z0-9]+)\/([a-zA-Z0-9]+):([A-Za-z0-9]+)$/.exec(type);
    if (!m) {
        return [];
    }
    const file = path.join(AWS_ROOT, m[1], `${m[2]}.d.ts`);
    if (!fs.existsSync(file)) {
        return [];
    }
    const src = fs.readFileSync(file, "utf8");
    const start = src.indexOf(`export interface ${m[3]}Args {`);
    if (start < 0) {
        return [];
    }
    const body = src.slice(start, src.indexOf("\n}", start));
    return [...body.matchAll(/\n {4}([a-zA-Z0-9]+)\??:/g)].map((x) => x[1]);
}

const JUNK: Record<string, unknown> = {
    policy: 42,
    assumeRolePolicy: ["x"],
    rules: "nope",
    ingress: { a: 1 },
    egress: 7,
    tags: [1, 2],
    tagsAll: "x",
    inlinePolicies: [null, 3, { policy: { Statement: "x" } }],
    bucket: { not: "a string" },
    eventSelectors: [{ dataResources: "x" }],
    advancedEventSelectors: [{ fieldSelectors: [null] }],
    routes: [null],
    vpcId: 5,
    subnetId: [],
    versioningConfiguration: "Enabled",
    rule: [],
    recordingGroup: "all",
    retentionInDays: "forever",
    deletionWindowInDays: {},
    destinationCidrBlock: 0,
    gatewayId: { id: "igw-1" },
    managedPolicyArns: "arn:aws:iam::aws:policy/AdministratorAccess",
    policyArn: ["arn:aws:iam::aws:policy/AdministratorAccess"],
    policyArns: [null, 7],
    arn: { not: "an ARN" },
    typeName: "AWS::SageMaker::ModelBiasJobDefinition",
    desiredState: '{"NetworkConfig": "isolated", "JobResources": [1]}',
    productionVariants: [null, { initialInstanceCount: "two", serverlessConfig: 3 }],
    networkConfig: "on",
};

function variants(type: string): Record<string, Record<string, unknown>> {
    const unknown = Object.fromEntries([...argsOf(type), "tags", "tagsAll", "id", "arn"].map((k) => [k, UNKNOWN.string]));
    return { empty: {}, junk: JUNK, unknown };
}

function typesOf(p: PlatformPolicy): string[] {
    const declared = (p as { resourceTypes?: string[]; appliesTo?: string[] }).resourceTypes ?? (p as { appliesTo?: string[] }).appliesTo ?? [];
    // The tag rule covers every taggable type; a sample is enough to show it doesn't throw.
    return declared.length > 40 ? declared.filter((_, i) => i % 40 === 0) : declared;
}

describe("robustness: no rule throws on missing, mistyped or unknown values", () => {
    for (const p of allPolicies) {
        it(p.name, async () => {
            const types = isStackRule(p) ? [...new Set([...typesOf(p), ...Object.values(T)])] : typesOf(p);
            assert.ok(types.length > 0 || isStackRule(p));
            for (const variant of ["empty", "junk", "unknown"]) {
                const resources: TestResource[] = types.map((type, i) => ({ type, name: `r${i}`, props: variants(type)[variant] }));
                const result = await run(p, resources);
                assert.ok(["compliant", "non-compliant", "not-applicable", "unknown"].includes(result.outcome), `${variant}: ${result.outcome}`);
            }
        });
    }
});
