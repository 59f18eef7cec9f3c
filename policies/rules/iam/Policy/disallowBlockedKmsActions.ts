import { schema } from "../../../lib/config";
import { resourceRule } from "../../../lib/define";
import { checkAllowStatements, PERMISSION_DOCUMENT_TYPES } from "../../../lib/iam";
import { actionMatches, coversAllResources } from "../../../lib/policyDocument";

interface Config {
    blockedActions: string[];
}

/**
 * Decrypting with every key of the account (`kms:Decrypt` on `*`) reads
 * every encrypted data set, whichever bucket or volume it sits in; the key a
 * principal needs is named instead. An Allow whose actions cover a blocked
 * action (`kms:Decrypt`, `kms:*`, `*`) with Resource `*` is reported, in
 * customer-managed and inline policies alike, as Config's
 * iam-customer-policy-blocked-kms-actions and
 * iam-inline-policy-blocked-kms-actions do with their
 * `blockedActionsPatterns`. Conditions don't exempt a statement, as for
 * Config. KMS key policies are not read: there Resource `*` means the key
 * itself.
 */
export const iamPolicyDisallowBlockedKmsActions = resourceRule<Config>({
    name: "aws-iam-policy-disallow-blocked-kms-actions",
    description: "IAM permission documents must not allow kms:Decrypt or kms:ReEncryptFrom (configurable) on all KMS keys (Resource *).",
    severity: "high",
    topics: ["access", "encryption"],
    frameworks: [
        { framework: "hipaa", controls: ["164.312(a)(1)", "164.312(a)(2)(iv)"] },
        { framework: "pci-dss", controls: ["3.6.1", "7.2.2"] },
        { framework: "ml-baseline", controls: ["ML-IAM-1", "ML-ENC-1"] },
    ],
    remediationSteps:
        "Name the key ARNs in `Resource` of statements that allow kms:Decrypt or kms:ReEncryptFrom (the platform's keys are outputs of " +
        "PlatformKeys), instead of `*`.",
    configSchema: schema({
        blockedActions: {
            type: "array",
            items: { type: "string" },
            default: ["kms:Decrypt", "kms:ReEncryptFrom"],
            description: "KMS actions that must not be allowed on all keys.",
        },
    }),
    resourceTypes: PERMISSION_DOCUMENT_TYPES,
    check: (props, ctx) =>
        checkAllowStatements(props, ctx, (s) => {
            if (!coversAllResources(s)) {
                return undefined;
            }
            const blocked = ctx.config.blockedActions.filter((b) => s.actions.some((a) => actionMatches(a, b)));
            return blocked.length > 0 ? `allows ${blocked.join(", ")} on all KMS keys (Resource *)` : undefined;
        }),
});
