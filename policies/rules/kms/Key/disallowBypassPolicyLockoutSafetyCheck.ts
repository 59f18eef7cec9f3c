import { getBool } from "../../../lib/access";
import { resourceRule } from "../../../lib/define";
import { KMS_KEY_POLICY_TYPE, KMS_KEY_TYPES } from "../../../lib/kms";
import { compliant, nonCompliant } from "../../../lib/result";

/**
 * The lockout safety check stops a key policy that would leave no principal
 * able to manage the key. Bypassing it risks a key nobody can rotate, re-key
 * or schedule for deletion — and, if use grants go too, data nobody can
 * decrypt.
 */
export const kmsKeyDisallowBypassPolicyLockoutSafetyCheck = resourceRule({
    name: "aws-kms-key-disallow-bypass-policy-lockout-safety-check",
    description: "KMS keys must not bypass the key policy lockout safety check.",
    severity: "high",
    topics: ["access", "encryption"],
    frameworks: [
        { framework: "hipaa", controls: ["164.312(a)(1)", "164.312(a)(2)(iv)"] },
        { framework: "pci-dss", controls: ["3.6.1", "3.7.5"] },
        { framework: "ml-baseline", controls: ["ML-IAM-1"] },
    ],
    remediationSteps: "Remove `bypassPolicyLockoutSafetyCheck: true` and make sure the key policy keeps an administrator (e.g. the account root).",
    resourceTypes: [...KMS_KEY_TYPES, KMS_KEY_POLICY_TYPE],
    check: (props, ctx) =>
        getBool(props, "bypassPolicyLockoutSafetyCheck") === true ? nonCompliant(`"${ctx.name}" sets bypassPolicyLockoutSafetyCheck: true.`) : compliant(),
});
