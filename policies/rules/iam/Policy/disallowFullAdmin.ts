import { resourceRule } from "../../../lib/define";
import { LEAST_PRIVILEGE_CONTROLS } from "../../../lib/frameworks";
import { checkAllowStatements, PERMISSION_DOCUMENT_TYPES } from "../../../lib/iam";
import { coversAllResources, grantsAllActions } from "../../../lib/policyDocument";

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
    frameworks: LEAST_PRIVILEGE_CONTROLS,
    remediationSteps:
        'Replace `Action: "*"` / `Resource: "*"` with the specific actions and resource ARNs the principal needs; ' +
        "use IAM Access Analyzer policy generation from CloudTrail activity to find them.",
    resourceTypes: PERMISSION_DOCUMENT_TYPES,
    check: (props, ctx) =>
        checkAllowStatements(
            props,
            ctx,
            (s) => {
                if (!coversAllResources(s) || !(grantsAllActions(s) || s.notActions.length > 0)) {
                    return undefined;
                }
                return `allows ${grantsAllActions(s) ? "all actions" : `everything except ${s.notActions.join(", ")}`} on all resources`;
            },
            { reportUnreadable: true },
        ),
});
