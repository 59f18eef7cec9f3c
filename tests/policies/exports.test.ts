/**
 * One failing and one passing stack per rule, in the `pulumi stack export`
 * form `mlguard analyze --file` reads (`exports/<policy>/{fail,pass}.json`).
 *
 * Each file is read by mlguard's own loader and handed to the rule as the
 * analyzer would: resource rules see each resource's inputs, stack rules
 * every resource's outputs, with property dependencies. Rules run under the
 * prod config, the strictest environment.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { loadStateFile } from "../../mlguard/src/input/load";
import { parseUrn } from "../../mlguard/src/values";
import { isStackRule } from "../../policies/lib/types";
import { allPolicies } from "../../policies/rules";
import { loadConfigFile, run, TestResource } from "./harness";

const DIR = path.join(__dirname, "exports");

/** Rules whose coverage of their peers rests on these fixtures; each must have both files. */
const REQUIRED = [
    "aws-ec2-routetable-disallow-unrestricted-internet-gateway-route",
    "aws-ec2-internetgateway-disallow-vpc-attachment",
    "aws-cloudwatch-loggroup-configure-retention",
    "aws-s3-bucket-enable-versioning",
    "aws-iam-policy-disallow-service-full-access",
    "aws-iam-policy-disallow-blocked-kms-actions",
    "aws-iam-policyattachment-disallow-admin-managed-policies",
    "aws-sns-topic-enforce-tls",
    "aws-sns-topicpolicy-disallow-public-access",
    "aws-cloudtrail-trail-enable-multi-region-trail",
    "aws-cloudtrail-trail-enable-s3-data-events",
    "aws-sagemaker-monitoringjob-enable-network-isolation",
    "aws-sagemaker-monitoringjob-configure-kms-keys",
    "aws-sagemaker-monitoringjob-enable-inter-container-encryption",
    "aws-sagemaker-monitoringjob-configure-vpc",
    "aws-sagemaker-endpointconfiguration-configure-instance-count",
];

function resourcesOf(file: string, stackRule: boolean): TestResource[] {
    const snapshot = loadStateFile(file, "export");
    const names = new Map(snapshot.resources.map((r) => [r.urn, parseUrn(r.urn)!.name]));
    return snapshot.resources
        .filter((r) => r.custom && !r.type.startsWith("pulumi:providers:"))
        .map((r) => ({
            type: r.type,
            name: names.get(r.urn),
            props: stackRule ? r.outputs : r.inputs,
            propertyDependencies: Object.fromEntries(
                Object.entries(r.propertyDependencies).map(([prop, urns]) => [prop, (urns ?? []).map((u) => names.get(u) ?? u)]),
            ),
        }));
}

describe("stack-export fixtures: one failing and one passing stack per rule", () => {
    const dirs = fs.readdirSync(DIR).filter((d) => fs.statSync(path.join(DIR, d)).isDirectory());
    const prod = loadConfigFile("prod");

    it("has both files for every rule that needs them, and names only registered rules", () => {
        for (const name of REQUIRED) {
            assert.ok(dirs.includes(name), `no fixtures for ${name}`);
        }
        for (const d of dirs) {
            assert.ok(
                allPolicies.some((p) => p.name === d),
                `${d} is not a registered policy`,
            );
            assert.deepStrictEqual(fs.readdirSync(path.join(DIR, d)).sort(), ["fail.json", "pass.json"], d);
        }
    });

    for (const d of dirs) {
        const policy = allPolicies.find((p) => p.name === d);
        if (!policy) {
            continue;
        }
        const analyze = (kind: string) => run(policy, resourcesOf(path.join(DIR, d, `${kind}.json`), isStackRule(policy)), { config: prod[d] });
        it(`${d}: fail.json violates`, async () => {
            const r = await analyze("fail");
            assert.strictEqual(r.outcome, "non-compliant", JSON.stringify(r, null, 2));
        });
        it(`${d}: pass.json complies`, async () => {
            const r = await analyze("pass");
            assert.strictEqual(r.outcome, "compliant", JSON.stringify(r, null, 2));
        });
    }
});
