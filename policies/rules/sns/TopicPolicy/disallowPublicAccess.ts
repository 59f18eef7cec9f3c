import { getString, probe } from "../../../lib/access";
import { schema } from "../../../lib/config";
import { resourceRule } from "../../../lib/define";
import { conditionValues, isPublicPrincipal, isRestrictedByCondition, NormalizedStatement, readPolicyDocument } from "../../../lib/policyDocument";
import { Findings, nonCompliant, notApplicable } from "../../../lib/result";
import { SNS_TYPES, TOPIC_POLICY_TYPES } from "../../../lib/sns";

interface Config {
    trustedAccountIds: string[];
}

/** The account of an ARN (`arn:<partition>:<service>:<region>:<account>:…`) or of a bare 12-digit id. */
function accountOf(ref: string): string | undefined {
    if (/^\d{12}$/.test(ref)) {
        return ref;
    }
    const m = /^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:(\d{12}):/.exec(ref);
    return m?.[1];
}

/** Condition keys whose values name the calling or source account. */
const ACCOUNT_KEYS = ["aws:SourceAccount", "aws:SourceOwner", "aws:PrincipalAccount"];

/**
 * Accounts a statement lets in besides its own: AWS principals, and the
 * accounts its account conditions name.
 */
function outsideAccounts(s: NormalizedStatement, own: Set<string>): string[] {
    const named = [
        ...(s.principal?.aws ?? []).map(accountOf),
        ...ACCOUNT_KEYS.flatMap((k) => conditionValues(s, k)).map(accountOf),
        ...conditionValues(s, "aws:SourceArn").map(accountOf),
    ].filter((a): a is string => a !== undefined);
    return [...new Set(named.filter((a) => !own.has(a)))];
}

/**
 * A topic's subscribers receive whatever is published to it, and a topic
 * anyone may publish to can be used to flood or spoof alerts. Its policy
 * must not let in the public (`Principal: "*"` or a NotPrincipal without a
 * condition pinning the caller or source, checkov CKV_AWS_169) or another
 * account (an AWS principal, or a source-account condition, outside the
 * topic's own account and `trustedAccountIds`, CKV_AWS_385). Service
 * principals are fine: the TLS-deny and CloudWatch-alarm statements the
 * platform writes are of that kind. Read on aws.sns.TopicPolicy and on a
 * Topic's own `policy`.
 *
 * The topic's account is read from the ARNs of the document and the
 * resource (`arn`); while they are unknown (a preview) and the document
 * names an AWS account, the check waits for them.
 */
export const snsTopicPolicyDisallowPublicAccess = resourceRule<Config>({
    name: "aws-sns-topicpolicy-disallow-public-access",
    description: "SNS topic policies must not allow public or cross-account access.",
    severity: "critical",
    topics: ["access"],
    frameworks: [
        { framework: "hipaa", controls: ["164.312(a)(1)"] },
        { framework: "pci-dss", controls: ["1.3.1", "7.2.1"] },
        { framework: "ml-baseline", controls: ["ML-IAM-1"] },
    ],
    remediationSteps:
        'Name the publishing services or this account\'s roles as principals, and pin any `Principal: "*"` statement with ' +
        "`aws:SourceAccount` / `aws:SourceArn` conditions of this account. List a deliberately trusted account in `trustedAccountIds`.",
    configSchema: schema({
        trustedAccountIds: {
            type: "array",
            items: { type: "string" },
            default: [],
            description: "Accounts besides the topic's own that the policy may let in.",
        },
    }),
    resourceTypes: TOPIC_POLICY_TYPES,
    check: (props, ctx) => {
        const doc = readPolicyDocument(props, "policy");
        if (doc.state === "unknown") {
            throw doc.error;
        }
        if (doc.state !== "parsed") {
            return ctx.type === SNS_TYPES.topic
                ? notApplicable("the topic has no inline policy; its aws.sns.TopicPolicy is checked on its own")
                : doc.state === "invalid"
                  ? nonCompliant(`"${ctx.name}" policy cannot be read: ${doc.reason}.`)
                  : notApplicable("the topic policy has no document");
        }
        const own = new Set(ctx.config.trustedAccountIds);
        const arn = probe(props, "arn");
        const ownArns = [...doc.statements.flatMap((s) => s.resources), ...(arn.state === "known" ? [getString(props, "arn") ?? ""] : [])];
        for (const a of ownArns.map(accountOf)) {
            if (a !== undefined) {
                own.add(a);
            }
        }
        const f = new Findings();
        for (const [i, s] of doc.statements.entries()) {
            if (s.effect !== "Allow") {
                continue;
            }
            const label = `"${ctx.name}" statement ${s.sid ?? i}`;
            if (isPublicPrincipal(s) && !isRestrictedByCondition(s)) {
                f.add(
                    `${label} allows ${s.principal?.wildcard ? 'Principal "*"' : "everyone outside a NotPrincipal"} without a condition pinning the caller or source.`,
                );
                continue;
            }
            const outside = outsideAccounts(s, own);
            if (outside.length > 0 && own.size === ctx.config.trustedAccountIds.length && arn.state === "unknown") {
                // Whether these accounts are the topic's own is known once its ARN is.
                throw arn.error;
            }
            if (outside.length > 0) {
                f.add(`${label} lets in account ${outside.join(", ")}, which is neither the topic's account nor in trustedAccountIds.`);
            }
        }
        return f.result();
    },
});
