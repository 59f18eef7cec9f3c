import { resourceRule } from "../../../lib/define";
import { allowStatements, IAM_TYPES, INLINE_POLICY_TYPES, permissionDocuments } from "../../../lib/iam";
import { actionMatches, grantsAllActions } from "../../../lib/policyDocument";
import { Findings } from "../../../lib/result";

/** IAM actions that let a principal grant itself anything; a pattern covering all of them is an IAM wildcard. */
const ESCALATION_PROBES = ["iam:PutRolePolicy", "iam:AttachRolePolicy", "iam:CreatePolicyVersion", "iam:UpdateAssumeRolePolicy"];

/**
 * Inline policies (RolePolicy, UserPolicy, GroupPolicy, Role.inlinePolicies)
 * live on one identity, outside the reviewed managed-policy catalogue. They
 * must not carry administrator access: any `*` action, any Allow of
 * `NotAction`, or a service wildcard for IAM (`iam:*`), on any resource.
 */
export const iamRoleDisallowInlineAdmin = resourceRule({
    name: "aws-iam-role-disallow-inline-admin",
    description: "Inline IAM policies must not grant administrator access (*, iam:* or NotAction allows).",
    severity: "high",
    topics: ["access"],
    frameworks: [
        { framework: "hipaa", controls: ["164.312(a)(1)"] },
        { framework: "pci-dss", controls: ["7.2.1", "7.2.2", "7.2.5"] },
        { framework: "ml-baseline", controls: ["ML-IAM-1"] },
    ],
    remediationSteps:
        "Move administrative permissions out of inline policies into a reviewed, least-privilege managed policy (or a break-glass " +
        "role outside the workload stacks); inline policies should name specific actions.",
    resourceTypes: [...INLINE_POLICY_TYPES, IAM_TYPES.role],
    check: (props, ctx) => {
        const f = new Findings();
        for (const { where, doc } of permissionDocuments(ctx.type, props)) {
            ctx.attempt(() => {
                for (const s of allowStatements(doc)) {
                    const sid = s.sid ?? "(no Sid)";
                    if (grantsAllActions(s)) {
                        f.add(`"${ctx.name}" ${where}: statement ${sid} allows all actions.`);
                    } else if (s.notActions.length > 0) {
                        f.add(`"${ctx.name}" ${where}: statement ${sid} allows everything except ${s.notActions.join(", ")}.`);
                    } else if (s.actions.some((a) => ESCALATION_PROBES.every((p) => actionMatches(a, p)))) {
                        f.add(`"${ctx.name}" ${where}: statement ${sid} allows all IAM actions.`);
                    }
                }
            }, where);
        }
        return f.result();
    },
});
