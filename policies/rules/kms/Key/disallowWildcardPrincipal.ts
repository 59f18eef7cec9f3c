import { resourceRule } from "../../../lib/define";
import { KMS_KEY_POLICY_TYPE, KMS_KEY_TYPES } from "../../../lib/kms";
import { isPublicPrincipal, readPolicyDocument } from "../../../lib/policyDocument";
import { compliant, nonCompliant } from "../../../lib/result";

/**
 * A key policy statement allowing `"*"` (or `{"AWS":"*"}`) with no condition
 * hands the key to every AWS principal in every account. Statements with `*`
 * are only acceptable when a condition pins them (kms:CallerAccount +
 * kms:ViaService is the usual pattern for AWS-service integrations).
 * An unset policy means KMS's default key policy (the account root), which
 * is not a wildcard.
 */
export const kmsKeyDisallowWildcardPrincipal = resourceRule({
    name: "aws-kms-key-disallow-wildcard-principal",
    description: "KMS key policies must not allow a wildcard principal without conditions.",
    severity: "critical",
    topics: ["access", "encryption"],
    frameworks: [
        { framework: "hipaa", controls: ["164.312(a)(1)", "164.312(a)(2)(iv)"] },
        { framework: "pci-dss", controls: ["3.6.1", "7.2.1", "7.2.2"] },
        { framework: "ml-baseline", controls: ["ML-IAM-1"] },
    ],
    remediationSteps:
        "Name the principals (account root, roles) in each Allow statement, or add conditions such as " +
        '`kms:CallerAccount` and `kms:ViaService` to statements that must use `"*"`.',
    resourceTypes: [...KMS_KEY_TYPES, KMS_KEY_POLICY_TYPE],
    check: (props, ctx) => {
        const doc = readPolicyDocument(props, "policy");
        if (doc.state === "unknown") {
            throw doc.error;
        }
        if (doc.state === "missing") {
            return compliant();
        }
        if (doc.state === "invalid") {
            return nonCompliant(`the key policy of "${ctx.name}" cannot be read: ${doc.reason}.`);
        }
        const open = doc.statements.filter((s) => s.effect === "Allow" && isPublicPrincipal(s) && !s.hasConditions);
        return open.length === 0
            ? compliant()
            : nonCompliant(...open.map((s, i) => `key policy of "${ctx.name}": statement ${s.sid ?? i} allows a wildcard principal without conditions.`));
    },
});
