import { probe } from "../../../lib/access";
import { schema } from "../../../lib/config";
import { resourceRule } from "../../../lib/define";
import { LEAST_PRIVILEGE_CONTROLS } from "../../../lib/frameworks";
import { POLICY_ARN_FIELDS } from "../../../lib/iam";
import { Findings } from "../../../lib/result";

interface Config {
    blockedPolicyNames: string[];
}

/** The name of an AWS-managed policy ARN (`arn:<partition>:iam::aws:policy/<path/>Name`), or undefined. */
function awsManagedPolicyName(arn: string): string | undefined {
    const m = /^arn:aws[a-z-]*:iam::aws:policy\/(?:.*\/)?([^/]+)$/.exec(arn);
    return m?.[1];
}

/**
 * AWS-managed administrator-class policies (AdministratorAccess,
 * PowerUserAccess, IAMFullAccess and their kin) hand a principal the
 * account, or the means to take it. They are reported however they are
 * attached: RolePolicyAttachment, UserPolicyAttachment, GroupPolicyAttachment,
 * PolicyAttachment, the *PolicyAttachmentsExclusive resources, and a Role's
 * `managedPolicyArns`, on any role.
 *
 * As Config's iam-policy-blacklisted-check, with a longer default list (the
 * Config rule's is AdministratorAccess alone); narrower than cdk-nag's
 * AwsSolutions-IAM4, which reports every AWS-managed policy. A
 * customer-managed policy ARN is not matched: its document is checked by the
 * IAM permission-document rules.
 */
export const iamPolicyAttachmentDisallowAdminManagedPolicies = resourceRule<Config>({
    name: "aws-iam-policyattachment-disallow-admin-managed-policies",
    description: "AWS-managed administrator-class policies (AdministratorAccess, PowerUserAccess, IAMFullAccess, …) must not be attached.",
    severity: "critical",
    topics: ["access"],
    frameworks: LEAST_PRIVILEGE_CONTROLS,
    remediationSteps:
        "Detach the AWS-managed policy and attach a customer-managed policy naming the actions and resources the principal needs; keep " +
        "break-glass administration in a separate account or role outside the workload stacks.",
    configSchema: schema({
        blockedPolicyNames: {
            type: "array",
            items: { type: "string" },
            default: [
                "AdministratorAccess",
                "AdministratorAccess-Amplify",
                "AdministratorAccess-AWSElasticBeanstalk",
                "PowerUserAccess",
                "IAMFullAccess",
                "AWSOrganizationsFullAccess",
                "SystemAdministrator",
                "NetworkAdministrator",
            ],
            description: "Names of AWS-managed policies that must not be attached (any path, any partition).",
        },
    }),
    resourceTypes: Object.keys(POLICY_ARN_FIELDS),
    check: (props, ctx) => {
        const { field, list } = POLICY_ARN_FIELDS[ctx.type];
        const blocked = new Set(ctx.config.blockedPolicyNames);
        const f = new Findings();
        const value = probe(props, field);
        if (value.state === "unknown") {
            throw value.error;
        }
        const count = !list ? 1 : value.state === "known" && Array.isArray(value.value) ? value.value.length : 0;
        for (let i = 0; i < count; i++) {
            const where = list ? `${field}[${i}]` : field;
            const arn = list ? probe(props, field, i) : value;
            if (arn.state === "unknown") {
                // This one may be a blocked policy: the SDK reports it, and the known ARNs are still checked.
                ctx.attempt(() => {
                    throw arn.error;
                }, where);
                continue;
            }
            const name = arn.state === "known" && typeof arn.value === "string" ? awsManagedPolicyName(arn.value) : undefined;
            if (name !== undefined && blocked.has(name)) {
                f.add(`"${ctx.name}" ${where} attaches the AWS-managed administrator-class policy ${name}.`);
            }
        }
        return f.result();
    },
});
