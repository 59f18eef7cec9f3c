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
import { fromRecorded, loadConfigFile, mandatoryViolations, runAll, TestResource } from "./harness";

describe("platform stacks under the policy packs", function () {
    this.timeout(300_000);

    for (const env of ENVIRONMENTS) {
        describe(`Pulumi.${env}.yaml with config/${env}.json`, () => {
            let resources: TestResource[] = [];
            before(async () => {
                resources = fromRecorded((await builtPlatform(env)).resources);
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
