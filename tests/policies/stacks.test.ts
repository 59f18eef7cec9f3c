/**
 * Every environment's platform stack, built under the Pulumi mocks, produces
 * zero mandatory violations under that environment's policy config, in every
 * pack. The stack is analysed as `analyzeStack` sees it after an update: each
 * resource's outputs. (Resource rules see the same values the engine passes
 * as inputs; the mocks echo inputs into outputs.) The stacks are built once
 * per process and shared with other test folders (tests/helpers/platformStack).
 */
import * as assert from "assert";
import { ENVIRONMENTS } from "../../policies/lib/config";
import { selectPolicies } from "../../policies/lib/select";
import { FRAMEWORKS } from "../../policies/lib/types";
import { builtPlatform } from "../helpers/platformStack";
import { allPolicies } from "../../policies/rules";
import { CLOUD_CONTROL_RESOURCE_TYPE } from "../../policies/rules/sagemaker/monitoringJobs";
import { fromRecorded, loadConfigFile, mandatoryViolations, run, runAll, TestResource } from "./harness";

describe("platform stacks under the policy packs", function () {
    this.timeout(300_000);

    for (const env of ENVIRONMENTS) {
        describe(`Pulumi.${env}.yaml with config/${env}.json`, () => {
            let resources: TestResource[] = [];
            before(async () => {
                resources = fromRecorded((await builtPlatform(env)).resources);
            });

            it("checks the Cloud Control model-quality and model-bias definitions rather than skipping them", async () => {
                const jobs = resources.filter(
                    (r) => r.type === CLOUD_CONTROL_RESOURCE_TYPE && /^AWS::SageMaker::Model(Quality|Bias)JobDefinition$/.test(String(r.props.typeName)),
                );
                assert.strictEqual(jobs.length, 2);
                const rules = allPolicies.filter((p) => p.name.startsWith("aws-sagemaker-monitoringjob-"));
                assert.ok(rules.length >= 4);
                for (const p of rules) {
                    for (const job of jobs) {
                        assert.strictEqual((await run(p, [job])).outcome, "compliant", `${p.name} on ${job.name}`);
                    }
                }
            });

            for (const framework of FRAMEWORKS) {
                it(`${framework}: no mandatory violation`, async () => {
                    assert.ok(resources.length > 50, `only ${resources.length} resources`);
                    const results = await runAll(selectPolicies({ framework }), resources, loadConfigFile(env));
                    assert.deepStrictEqual(mandatoryViolations(results), []);
                });
            }
        });
    }
});
