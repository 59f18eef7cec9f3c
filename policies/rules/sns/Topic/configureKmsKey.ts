import { isSet, probe } from "../../../lib/access";
import { schema } from "../../../lib/config";
import { resourceRule } from "../../../lib/define";
import { CUSTOMER_KEY_ENCRYPTION_CONTROLS } from "../../../lib/frameworks";
import { isAwsManagedKey } from "../../../lib/kms";
import { compliant, nonCompliant } from "../../../lib/result";

/**
 * SNS stores messages until delivered; alarm and pipeline notifications can
 * quote record ids, dataset names or error payloads. Server-side encryption
 * needs `kmsMasterKeyId`.
 *
 * The AWS-managed key `alias/aws/sns` is rejected by default: its key policy
 * cannot be changed, so the platform cannot restrict who decrypts with it,
 * and it does not let services such as CloudWatch alarms or EventBridge
 * publish to the topic (they need kms:GenerateDataKey on the key, which only
 * a customer-managed key's policy can grant), so alarm notifications would
 * silently fail. PCI DSS 3.6.1 asks for keys whose access the entity
 * controls. A config flag allows it for topics that carry no regulated data.
 */
export const snsTopicConfigureKmsKey = resourceRule<{ allowAwsManagedKey: boolean }>({
    name: "aws-sns-topic-configure-kms-key",
    description: "SNS topics must be encrypted with a customer-managed KMS key (kmsMasterKeyId, not alias/aws/sns).",
    severity: "high",
    topics: ["encryption"],
    frameworks: CUSTOMER_KEY_ENCRYPTION_CONTROLS,
    remediationSteps:
        "Set `kmsMasterKeyId` on the aws.sns.Topic to a customer-managed key whose policy allows the publishing services " +
        "(e.g. cloudwatch.amazonaws.com, events.amazonaws.com) kms:GenerateDataKey* and kms:Decrypt, with aws:SourceAccount " +
        "conditions.",
    configSchema: schema({
        allowAwsManagedKey: {
            type: "boolean",
            default: false,
            description: "Accept the AWS-managed key alias/aws/sns (only for topics that carry no regulated data).",
        },
    }),
    resourceTypes: ["aws:sns/topic:Topic"],
    check: (props, ctx) => {
        if (!isSet(props, "kmsMasterKeyId")) {
            return nonCompliant(`Topic "${ctx.name}" has no kmsMasterKeyId; its messages are stored unencrypted.`);
        }
        const key = probe(props, "kmsMasterKeyId");
        if (key.state === "known" && typeof key.value === "string" && isAwsManagedKey(key.value, "sns") && !ctx.config.allowAwsManagedKey) {
            return nonCompliant(
                `Topic "${ctx.name}" uses the AWS-managed key ${key.value}, whose policy cannot be restricted and does not let CloudWatch or EventBridge publish; use a customer-managed key.`,
            );
        }
        return compliant();
    },
});
