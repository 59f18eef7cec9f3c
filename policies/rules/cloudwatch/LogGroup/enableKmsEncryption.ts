import { requireSet } from "../../../lib/checks";
import { resourceRule } from "../../../lib/define";

/**
 * Logs carry request payloads, identifiers and errors that quote data. With a
 * customer-managed key, reading them needs kms:Decrypt under a key policy the
 * platform controls, and crypto-shredding the key destroys them.
 */
export const cloudwatchLogGroupEnableKmsEncryption = resourceRule({
    name: "aws-cloudwatch-loggroup-enable-kms-encryption",
    description: "CloudWatch log groups must be encrypted with a customer-managed KMS key.",
    severity: "high",
    topics: ["encryption", "logging"],
    frameworks: [
        { framework: "hipaa", controls: ["164.312(a)(2)(iv)", "164.312(b)"] },
        { framework: "pci-dss", controls: ["3.5.1", "10.3.1", "10.3.2"] },
        { framework: "ml-baseline", controls: ["ML-ENC-1", "ML-LOG-1"] },
    ],
    remediationSteps:
        "Set `kmsKeyId: key.arn` on the aws.cloudwatch.LogGroup; the key policy must allow `logs.<region>.amazonaws.com` " +
        "kms:Encrypt*/Decrypt*/GenerateDataKey*/Describe* with a `kms:EncryptionContext:aws:logs:arn` condition.",
    resourceTypes: ["aws:cloudwatch/logGroup:LogGroup"],
    check: (props, ctx) => requireSet(props, "kmsKeyId", `log group "${ctx.name}" is not encrypted with a KMS key.`),
});
