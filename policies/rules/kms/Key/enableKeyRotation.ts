import { getBool, getString } from "../../../lib/access";
import { resourceRule } from "../../../lib/define";
import { compliant, nonCompliant, notApplicable } from "../../../lib/result";

/** Key specs and stores AWS cannot rotate automatically. */
function rotationUnsupported(props: Record<string, any>): string | undefined {
    const spec = getString(props, "customerMasterKeySpec") ?? "SYMMETRIC_DEFAULT";
    if (spec !== "SYMMETRIC_DEFAULT") {
        return `key spec ${spec} does not support automatic rotation`;
    }
    if (getString(props, "customKeyStoreId") !== undefined || getString(props, "xksKeyId") !== undefined) {
        return "keys in a custom key store do not support automatic rotation";
    }
    return undefined;
}

/**
 * Symmetric customer-managed keys rotate yearly (or on the configured period),
 * so a leaked key version stops protecting new data. Remediation turns
 * rotation on: it changes no data, never locks anyone out, and AWS keeps the
 * old versions for decryption.
 */
export const kmsKeyEnableKeyRotation = resourceRule({
    name: "aws-kms-key-enable-key-rotation",
    description: "KMS customer-managed symmetric keys must have automatic key rotation enabled.",
    severity: "high",
    topics: ["encryption"],
    frameworks: [
        { framework: "hipaa", controls: ["164.312(a)(2)(iv)"] },
        { framework: "pci-dss", controls: ["3.6.1", "3.7.4"] },
        { framework: "ml-baseline", controls: ["ML-ENC-1"] },
    ],
    remediationSteps:
        "Set `enableKeyRotation: true` on the aws.kms.Key (optionally `rotationPeriodInDays` between 90 and 2560). " +
        "With the policy at `remediate`, the pack sets it for you.",
    resourceTypes: ["aws:kms/key:Key"],
    check: (props, ctx) => {
        const unsupported = rotationUnsupported(props);
        if (unsupported) {
            return notApplicable(unsupported);
        }
        const rotation = getBool(props, "enableKeyRotation");
        if (rotation === true) {
            return compliant();
        }
        return nonCompliant(`KMS key "${ctx.name}" has automatic rotation ${rotation === false ? "disabled" : "unset (off by default)"}.`);
    },
    remediate: (props) => {
        if (rotationUnsupported(props) || getBool(props, "enableKeyRotation") === true) {
            return undefined;
        }
        props.enableKeyRotation = true;
        return props;
    },
});
