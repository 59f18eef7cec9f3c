import { resourceRule } from "../../../lib/define";
import { LEAST_PRIVILEGE_CONTROLS } from "../../../lib/frameworks";
import { checkAllowStatements, IAM_TYPES, INLINE_POLICY_TYPES } from "../../../lib/iam";
import { actionMatches, grantsAllActions } from "../../../lib/policyDocument";

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
    frameworks: LEAST_PRIVILEGE_CONTROLS,
    remediationSteps:
        "Move administrative permissions out of inline policies into a reviewed, least-privilege managed policy (or a break-glass " +
        "role outside the workload stacks); inline policies should name specific actions.",
    resourceTypes: [...INLINE_POLICY_TYPES, IAM_TYPES.role],
    check: (props, ctx) =>
        checkAllowStatements(props, ctx, (s) => {
            if (grantsAllActions(s)) {
                return "allows all actions";
            }
            if (s.notActions.length > 0) {
                return `allows everything except ${s.notActions.join(", ")}`;
            }
            if (s.actions.some((a) => ESCALATION_PROBES.every((p) => actionMatches(a, p)))) {
                return "allows all IAM actions";
            }
            return undefined;
        }),
});
