/**
 * The compliant baseline passes every pack under every environment's config;
 * deliberately weakened copies, one change each, are caught by exactly the
 * rule that should catch them, at the mandatory level in prod.
 */
import * as assert from "assert";
import { ENVIRONMENTS } from "../../policies/lib/config";
import { selectPolicies } from "../../policies/lib/select";
import { FRAMEWORKS } from "../../policies/lib/types";
import { baseline } from "./awsFixtures";
import { loadConfigFile, mandatoryViolations, runAll, TestResource } from "./harness";
import { WEAKENED_CASES } from "./weakenedCases";

/** The names of the policies with a mandatory violation, under prod config, across all packs. */
async function caughtBy(resources: TestResource[]): Promise<string[]> {
    const results = await runAll(selectPolicies(), resources, loadConfigFile("prod"));
    return [...new Set(mandatoryViolations(results).map((v) => v.split(":")[0]))].sort();
}

describe("the compliant baseline", () => {
    for (const framework of FRAMEWORKS) {
        for (const env of ENVIRONMENTS) {
            it(`has no mandatory violation and nothing the SDK couldn't run: ${framework} pack, ${env} config`, async () => {
                const results = await runAll(selectPolicies({ framework }), baseline(), loadConfigFile(env));
                assert.deepStrictEqual(mandatoryViolations(results), []);
                for (const [name, r] of results) {
                    assert.deepStrictEqual(r.previewDiagnostics, [], name);
                }
            });
        }
    }
});

describe("weakened copies of the baseline are caught", () => {
    for (const [what, make, expected] of WEAKENED_CASES) {
        it(what, async () => {
            assert.deepStrictEqual(await caughtBy(make()), [...expected]);
        });
    }
});
