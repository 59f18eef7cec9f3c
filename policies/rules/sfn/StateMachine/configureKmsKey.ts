import { getString, isSet } from "../../../lib/access";
import { resourceRule } from "../../../lib/define";
import { CUSTOMER_KEY_ENCRYPTION_CONTROLS } from "../../../lib/frameworks";
import { compliant, nonCompliant } from "../../../lib/result";

/**
 * Step Functions stores execution input, output and state history. By
 * default it encrypts them with an AWS-owned key, which no key policy or
 * CloudTrail record of the account governs; a customer-managed key does.
 */
export const sfnStateMachineConfigureKmsKey = resourceRule({
    name: "aws-sfn-statemachine-configure-kms-key",
    description:
        "Step Functions state machines must encrypt execution data with a customer-managed KMS key (encryptionConfiguration type CUSTOMER_MANAGED_KMS_KEY with kmsKeyId).",
    severity: "high",
    topics: ["encryption"],
    frameworks: CUSTOMER_KEY_ENCRYPTION_CONTROLS,
    remediationSteps:
        'Set `encryptionConfiguration: { type: "CUSTOMER_MANAGED_KMS_KEY", kmsKeyId, kmsDataKeyReusePeriodSeconds: 300 }` on the ' +
        "aws.sfn.StateMachine. The key policy must allow the state machine's role kms:GenerateDataKey and kms:Decrypt with the " +
        "`kms:EncryptionContext:aws:states:stateMachineArn` condition, and the logs key must accept the log delivery.",
    resourceTypes: ["aws:sfn/stateMachine:StateMachine"],
    check: (props, ctx) => {
        const type = getString(props, "encryptionConfiguration", "type");
        if (type !== "CUSTOMER_MANAGED_KMS_KEY") {
            return nonCompliant(
                `State machine "${ctx.name}" has encryptionConfiguration.type ${type === undefined ? "not set (AWS-owned key)" : `"${type}"`}; it must be CUSTOMER_MANAGED_KMS_KEY.`,
            );
        }
        return isSet(props, "encryptionConfiguration", "kmsKeyId")
            ? compliant()
            : nonCompliant(`State machine "${ctx.name}" has no encryptionConfiguration.kmsKeyId.`);
    },
});
