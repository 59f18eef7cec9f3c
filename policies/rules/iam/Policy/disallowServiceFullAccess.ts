import { resourceRule } from "../../../lib/define";
import { LEAST_PRIVILEGE_CONTROLS } from "../../../lib/frameworks";
import { checkAllowStatements, PERMISSION_DOCUMENT_TYPES } from "../../../lib/iam";

/** `*`, `*:*`, or `<service>:*`: every action of one service or of all. */
const FULL_ACCESS_ACTION = /^(\*|[a-z0-9-]+:\*|\*:\*)$/i;

/**
 * An Allow of every action of a service (`s3:*`, `kms:*`) grants its
 * administrative calls along with the ones the principal needs: deleting
 * buckets, scheduling key deletion, changing resource policies. Checked on
 * every permission document, on any resource: managed policies, inline
 * role, user and group policies, and a Role's `inlinePolicies`.
 *
 * As cdk-nag's IAMPolicyNoStatementsWithFullAccess, Config's
 * iam-policy-no-statements-with-full-access and checkov CKV_AWS_274's
 * service wildcards; wider than Config, which reads customer-managed policies
 * only. Key policies and resource policies are not permission documents and
 * are not read (`kms:*` for the account root is how a key stays manageable).
 */
export const iamPolicyDisallowServiceFullAccess = resourceRule({
    name: "aws-iam-policy-disallow-service-full-access",
    description: "IAM permission documents must not allow every action of a service (<service>:* or *).",
    severity: "high",
    topics: ["access"],
    frameworks: LEAST_PRIVILEGE_CONTROLS,
    remediationSteps:
        "Replace `<service>:*` with the actions the principal calls (e.g. `s3:GetObject`, `s3:PutObject`); IAM Access Analyzer's " +
        "policy generation lists them from CloudTrail activity.",
    resourceTypes: PERMISSION_DOCUMENT_TYPES,
    check: (props, ctx) =>
        checkAllowStatements(props, ctx, (s) => {
            const wide = s.actions.filter((a) => FULL_ACCESS_ACTION.test(a));
            return wide.length > 0 ? `allows full access with ${wide.join(", ")}` : undefined;
        }),
});
