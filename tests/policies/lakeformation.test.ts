/** Lake Formation rules: no IAMAllowedPrincipals default grants, and every lake-layer bucket registered. */
import type * as aws from "@pulumi/aws";
import * as assert from "assert";
import { lakeFormationDataLakeSettingsDisallowIamAllowedPrincipals } from "../../policies/rules/lakeformation/DataLakeSettings/disallowIamAllowedPrincipals";
import { lakeFormationResourceEnforceLakeLocationRegistration } from "../../policies/rules/lakeformation/Resource/enforceLakeLocationRegistration";
import { TestResource, UNKNOWN, urnOf } from "./harness";
import { ACCOUNT, Props, ROLE_ARN, withValue } from "./sagemakerFixtures";
import { assertNotApplicable, assertOutcome, assertUnknown, assertViolations, check, checkStack } from "./sagemakerTesting";

const SETTINGS = "aws:lakeformation/dataLakeSettings:DataLakeSettings";
const BUCKET = "aws:s3/bucket:Bucket";
const REGISTRATION = "aws:lakeformation/resource:Resource";

function settingsProps(): Props<aws.lakeformation.DataLakeSettingsArgs> {
    return { admins: [`arn:aws:iam::${ACCOUNT}:role/lake-admin`], createDatabaseDefaultPermissions: [], createTableDefaultPermissions: [] };
}

const IAM_ALLOWED = { principal: "IAM_ALLOWED_PRINCIPALS", permissions: ["ALL"] };

describe("aws-lakeformation-datalakesettings-disallow-iam-allowed-principals", () => {
    const policy = lakeFormationDataLakeSettingsDisallowIamAllowedPrincipals;

    it("passes empty default permissions, and absent ones (Lake Formation then controls access)", async () => {
        assertOutcome(await check(policy, SETTINGS, settingsProps()), "compliant");
        assertOutcome(await check(policy, SETTINGS, { admins: settingsProps().admins }), "compliant");
    });

    it("passes defaults granted to a named principal", async () => {
        const props = withValue(
            settingsProps(),
            ["createTableDefaultPermissions"],
            [{ principal: `arn:aws:iam::${ACCOUNT}:role/lake-steward`, permissions: ["SELECT"] }],
        );
        assertOutcome(await check(policy, SETTINGS, props), "compliant");
    });

    it("reports IAM_ALLOWED_PRINCIPALS in either list", async () => {
        const props = withValue(
            withValue(settingsProps(), ["createDatabaseDefaultPermissions"], [IAM_ALLOWED]),
            ["createTableDefaultPermissions"],
            [IAM_ALLOWED],
        );
        assertViolations(await check(policy, SETTINGS, props), 2, "createDatabaseDefaultPermissions[0] grants", "createTableDefaultPermissions[0] grants");
    });

    it("surfaces an unknown principal as the SDK does", async () => {
        const props = withValue(settingsProps(), ["createTableDefaultPermissions"], [{ principal: UNKNOWN.string, permissions: ["ALL"] }]);
        assertUnknown(await check(policy, SETTINGS, props), "principal");
    });
});

describe("aws-lakeformation-resource-enforce-lake-location-registration", () => {
    const policy = lakeFormationResourceEnforceLakeLocationRegistration;
    const bucket = (name: string, layer: string | undefined): TestResource => ({
        type: BUCKET,
        name,
        props: { bucket: `lake-${name}-1a2b3c`, arn: `arn:aws:s3:::lake-${name}-1a2b3c`, tags: layer === undefined ? {} : { "lake-layer": layer } },
    });
    const registration = (name: string, arn: string, deps?: string[]): TestResource => ({
        type: REGISTRATION,
        name: `${name}-location`,
        props: { arn, roleArn: ROLE_ARN },
        ...(deps ? { propertyDependencies: { arn: deps } } : {}),
    });

    it("passes when every layer bucket is registered (the access-log bucket is not a layer)", async () => {
        const r = await checkStack(policy, [
            bucket("raw", "raw"),
            bucket("processed", "processed"),
            bucket("logs", "access-logs"),
            registration("raw", "arn:aws:s3:::lake-raw-1a2b3c"),
            registration("processed", "arn:aws:s3:::lake-processed-1a2b3c/"),
        ]);
        assertOutcome(r, "compliant");
    });

    it("reports an unregistered layer bucket, on the bucket", async () => {
        const r = await checkStack(policy, [bucket("raw", "raw"), bucket("analytics", "analytics"), registration("raw", "arn:aws:s3:::lake-raw-1a2b3c")]);
        assertViolations(r, 1, "analytics (aws:s3/bucket:Bucket): is tagged as a lake layer but is not registered");
        assert.strictEqual(r.violations[0].urn, urnOf(BUCKET, "analytics"));
    });

    it("follows the configured tag key and values", async () => {
        const gold: TestResource = { type: BUCKET, name: "gold", props: { bucket: "gold-1", arn: "arn:aws:s3:::gold-1", tags: { tier: "gold" } } };
        assertViolations(await checkStack(policy, [gold], { lakeLayerTagKey: "tier", lakeLayerTagValues: ["gold"] }), 1, "gold (aws:s3/bucket:Bucket)");
    });

    it("joins a registration by dependency while the bucket ARN is unknown during a preview", async () => {
        const raw: TestResource = { type: BUCKET, name: "raw", props: { bucket: UNKNOWN.string, arn: UNKNOWN.string, tags: { "lake-layer": "raw" } } };
        assertOutcome(await checkStack(policy, [raw, registration("raw", UNKNOWN.string, ["raw"])]), "compliant");
    });

    it("surfaces an unknown registration it cannot join as the SDK does, instead of a violation", async () => {
        const r = await checkStack(policy, [bucket("raw", "raw"), registration("raw", UNKNOWN.string)]);
        assertUnknown(r, "arn");
        assert.strictEqual(r.violations.length, 0);
    });

    it("is not applicable when no bucket is tagged as a layer (missing tag)", async () => {
        assertNotApplicable(await checkStack(policy, [bucket("scratch", undefined)]), "No bucket is tagged lake-layer");
    });
});
