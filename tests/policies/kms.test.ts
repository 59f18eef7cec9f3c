import * as assert from "assert";
import { kmsKeyConfigureDeletionWindow } from "../../policies/rules/kms/Key/configureDeletionWindow";
import { kmsKeyDisallowBypassPolicyLockoutSafetyCheck } from "../../policies/rules/kms/Key/disallowBypassPolicyLockoutSafetyCheck";
import { kmsKeyDisallowWildcardPrincipal } from "../../policies/rules/kms/Key/disallowWildcardPrincipal";
import { kmsKeyEnableKeyRotation } from "../../policies/rules/kms/Key/enableKeyRotation";
import { ACCOUNT, T } from "./awsFixtures";
import { runRemediation, UNKNOWN } from "./harness";
import { assertNotApplicable, assertOutcome, assertUnknown, assertViolations, check } from "./sagemakerTesting";

describe("aws-kms-key-enable-key-rotation", () => {
    const p = kmsKeyEnableKeyRotation;
    it("passes enableKeyRotation: true", async () => {
        assertOutcome(await check(p, T.key, { enableKeyRotation: true }), "compliant");
    });
    it("reports rotation disabled", async () => {
        assertViolations(await check(p, T.key, { enableKeyRotation: false }), 1, "automatic rotation disabled");
    });
    it("reports rotation unset (missing value)", async () => {
        assertViolations(await check(p, T.key, {}), 1, "unset (off by default)");
    });
    it("surfaces an unknown enableKeyRotation the way the SDK does", async () => {
        assertUnknown(await check(p, T.key, { enableKeyRotation: UNKNOWN.boolean }), "enableKeyRotation");
    });
    it("is not applicable to asymmetric keys and custom key stores, which cannot rotate", async () => {
        assertNotApplicable(await check(p, T.key, { customerMasterKeySpec: "RSA_4096", keyUsage: "SIGN_VERIFY" }), "RSA_4096");
        assertNotApplicable(await check(p, T.key, { customKeyStoreId: "cks-123" }), "custom key store");
    });
    it("remediates only at the remediate level: rotation on, nothing else touched, unknowns kept", async () => {
        const key = { type: T.key, props: { description: "lake", policy: UNKNOWN.string } };
        assert.strictEqual((await runRemediation(p, key, { config: "mandatory" })).skipped, true);
        const fixed = await runRemediation(p, key, { config: "remediate" });
        assert.deepStrictEqual(fixed.properties, { description: "lake", policy: UNKNOWN.string, enableKeyRotation: true });
        const rsa = await runRemediation(p, { type: T.key, props: { customerMasterKeySpec: "RSA_2048" } }, { config: "remediate" });
        assert.strictEqual(rsa.properties, undefined, "an asymmetric key is left alone");
    });
    it("surfaces an unknown key spec during remediation the way the SDK does", async () => {
        const r = await runRemediation(p, { type: T.key, props: { customerMasterKeySpec: UNKNOWN.string } }, { config: "remediate" });
        assert.match(r.diagnostic ?? "", /can't run remediation 'aws-kms-key-enable-key-rotation' .* during preview: string value at \.customerMasterKeySpec/);
    });
});

describe("aws-kms-key-configure-deletion-window", () => {
    const p = kmsKeyConfigureDeletionWindow;
    it("passes 30 days", async () => {
        assertOutcome(await check(p, T.key, { deletionWindowInDays: 30 }), "compliant");
    });
    it("passes an unset window, which KMS defaults to 30 days (missing value)", async () => {
        assertOutcome(await check(p, T.key, {}), "compliant");
    });
    it("reports 7 days in a regulated stack, and honours a configured minimum", async () => {
        assertViolations(await check(p, T.key, { deletionWindowInDays: 7 }), 1, "7-day deletion window; at least 30");
        assertOutcome(await check(p, T.key, { deletionWindowInDays: 14 }, { minimumDays: 14 }), "compliant");
    });
    it("is not applicable outside regulated stacks", async () => {
        assertNotApplicable(await check(p, T.key, { deletionWindowInDays: 7 }, { regulated: false }), "not regulated");
    });
    it("surfaces an unknown window the way the SDK does", async () => {
        assertUnknown(await check(p, T.key, { deletionWindowInDays: UNKNOWN.number }), "deletionWindowInDays");
    });
});

describe("aws-kms-key-disallow-wildcard-principal", () => {
    const p = kmsKeyDisallowWildcardPrincipal;
    const doc = (...Statement: object[]) => JSON.stringify({ Version: "2012-10-17", Statement });
    const root = { Sid: "Root", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" };

    it("passes named principals, and * pinned by conditions", async () => {
        const viaService = {
            Sid: "ViaS3",
            Effect: "Allow",
            Principal: { AWS: "*" },
            Action: "kms:Decrypt",
            Resource: "*",
            Condition: { StringEquals: { "kms:CallerAccount": ACCOUNT, "kms:ViaService": "s3.us-east-1.amazonaws.com" } },
        };
        assertOutcome(await check(p, T.key, { policy: doc(root, viaService) }), "compliant");
    });
    it("reports Principal * and {AWS: *} without conditions, with a single-object Statement too", async () => {
        assertViolations(
            await check(p, T.key, { policy: doc(root, { Sid: "Open", Effect: "Allow", Principal: "*", Action: "kms:*", Resource: "*" }) }),
            1,
            "statement Open allows a wildcard principal",
        );
        const single = JSON.stringify({ Statement: { Effect: "Allow", Principal: { AWS: ["*"] }, Action: "kms:Decrypt", Resource: "*" } });
        assertViolations(await check(p, T.key, { policy: single }), 1, "wildcard principal without conditions");
        assertViolations(
            await check(p, "aws:kms/keyPolicy:KeyPolicy", { keyId: "k", policy: doc({ Effect: "Allow", Principal: "*", Action: "kms:*", Resource: "*" }) }),
            1,
            "wildcard",
        );
    });
    it("passes an unset policy: KMS's default policy trusts only the account (missing value)", async () => {
        assertOutcome(await check(p, T.key, {}), "compliant");
    });
    it("reports a policy that is not JSON instead of throwing", async () => {
        assertViolations(await check(p, T.key, { policy: "{" }), 1, "cannot be read");
    });
    it("surfaces an unknown policy the way the SDK does", async () => {
        assertUnknown(await check(p, T.key, { policy: UNKNOWN.string }), "policy");
    });
});

describe("aws-kms-key-disallow-bypass-policy-lockout-safety-check", () => {
    const p = kmsKeyDisallowBypassPolicyLockoutSafetyCheck;
    it("passes false and unset (missing value)", async () => {
        assertOutcome(await check(p, T.key, { bypassPolicyLockoutSafetyCheck: false }), "compliant");
        assertOutcome(await check(p, T.key, {}), "compliant");
    });
    it("reports true on a key and on a KeyPolicy", async () => {
        assertViolations(await check(p, T.key, { bypassPolicyLockoutSafetyCheck: true }), 1, "bypassPolicyLockoutSafetyCheck: true");
        assertViolations(await check(p, "aws:kms/keyPolicy:KeyPolicy", { keyId: "k", policy: "{}", bypassPolicyLockoutSafetyCheck: true }), 1, "bypass");
    });
    it("surfaces an unknown value the way the SDK does", async () => {
        assertUnknown(await check(p, T.key, { bypassPolicyLockoutSafetyCheck: UNKNOWN.boolean }), "bypassPolicyLockoutSafetyCheck");
    });
    it("is not applicable to other types", async () => {
        assertNotApplicable(await check(p, T.bucket, {}), "aws:kms/key:Key");
    });
});
