import { resourceRule } from "../../../lib/define";
import { allowStatements, IAM_TYPES, INLINE_POLICY_TYPES, permissionDocuments } from "../../../lib/iam";
import { coversAllResources, grantsAllActions } from "../../../lib/policyDocument";
import { Findings } from "../../../lib/result";

/**
 * `Allow * on *` is full administrator access: it defeats every other
 * control in the platform (key policies aside). Checked on managed policies,
 * inline role/user/group policies and a role's `inlinePolicies`. An Allow of
 * `NotAction` on `*` is reported too: it grants everything except a list.
 */
export const iamPolicyDisallowFullAdmin = resourceRule({
    name: "aws-iam-policy-disallow-full-admin",
    description: "IAM policies must not allow all actions (*) on all resources (*).",
    severity: "critical",
    topics: ["access"],
    frameworks: [
        { framework: "hipaa", controls: ["164.312(a)(1)"] },
        { framework: "pci-dss", controls: ["7.2.1", "7.2.2", "7.2.5"] },
        { framework: "ml-baseline", controls: ["ML-IAM-1"] },
    ],
    remediationSteps:
        "Replace `Action: \"*\"` / `Resource: \"*\"` with the specific actions and resource ARNs the principal needs; " +
        "use IAM Access Analyzer policy generation from CloudTrail activity to find them.",
    resourceTypes: [IAM_TYPES.policy, ...INLINE_POLICY_TYPES, IAM_TYPES.role],
    check: (props, ctx) => {
        const f = new Findings();
        for (const { where, doc } of permissionDocuments(ctx.type, props)) {
            ctx.attempt(() => {
                if (doc.state === "invalid") {
                    f.add(`"${ctx.name}" ${where} cannot be read: ${doc.reason}.`);
                }
                for (const s of allowStatements(doc)) {
                    if (coversAllResources(s) && (grantsAllActions(s) || s.notActions.length > 0)) {
                        const what = grantsAllActions(s) ? "all actions" : `everything except ${s.notActions.join(", ")}`;
                        f.add(`"${ctx.name}" ${where}: statement ${s.sid ?? "(no Sid)"} allows ${what} on all resources.`);
                    }
                }
            }, where);
        }
        return f.result();
    },
});
