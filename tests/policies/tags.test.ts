import { taggingResourceEnforceRequiredTags } from "../../policies/rules/tagging/Resource/enforceRequiredTags";
import { T, tags } from "./awsFixtures";
import { runResource, UNKNOWN } from "./harness";
import { assertNotApplicable, assertOutcome, assertUnknown, assertViolations, check } from "./sagemakerTesting";

describe("aws-tagging-resource-enforce-required-tags", () => {
    const p = taggingResourceEnforceRequiredTags;
    it("passes a resource with every required tag", async () => {
        assertOutcome(await check(p, T.bucket, { tags: tags() }), "compliant");
    });
    it("reports missing keys, and a resource with no tags at all (missing value)", async () => {
        assertViolations(await check(p, T.logGroup, { tags: { owner: "x" } }), 1, "missing required tag(s): data-classification, environment, cost-center");
        assertViolations(await check(p, T.key, {}), 1, "data-classification, owner, environment, cost-center");
    });
    it("takes the keys and allowed values from config", async () => {
        assertOutcome(await check(p, T.key, { tags: { team: "a" } }, { requiredTags: ["team"] }), "compliant");
        assertViolations(
            await check(p, T.key, { tags: tags({ environment: "qa" }) }, { allowedValues: { environment: ["dev", "staging", "prod"] } }),
            1,
            "environment=qa",
        );
    });
    it("counts tagsAll and the provider's defaultTags", async () => {
        assertOutcome(await check(p, T.key, { tagsAll: tags() }), "compliant");
        const r = await runResource(p, { type: T.key, props: { tags: { owner: "x" } }, providerProps: { defaultTags: { tags: tags() } } });
        assertOutcome(r, "compliant");
    });
    it("counts a key whose value is unknown as present", async () => {
        assertOutcome(await check(p, T.key, { tags: tags({ owner: UNKNOWN.string }) }), "compliant");
    });
    it("surfaces a tag map that is unknown as a whole the way the SDK does, instead of reporting keys missing", async () => {
        assertUnknown(await check(p, T.key, { tags: UNKNOWN.object }), "tags");
    });
    it("applies only to taggable types, minus the configured exclusions", async () => {
        assertNotApplicable(await check(p, T.sse, { bucket: "b" }), "Policy only applies");
        assertNotApplicable(await check(p, "aws:s3/bucketObjectv2:BucketObjectv2", { bucket: "b", key: "k" }), "excluded by config");
    });
});
