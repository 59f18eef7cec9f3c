import { isSet } from "../../../lib/access";
import { resourceRule } from "../../../lib/define";
import { compliant, nonCompliant } from "../../../lib/result";

/** The notebook's ML storage volume holds the notebooks and any data pulled into them. */
export const sagemakerNotebookInstanceConfigureKmsKey = resourceRule({
    name: "aws-sagemaker-notebookinstance-configure-kms-key",
    description: "SageMaker notebook instances must encrypt their storage volume with a customer-managed KMS key (kmsKeyId).",
    severity: "high",
    topics: ["encryption", "ml"],
    frameworks: [
        { framework: "hipaa", controls: ["164.312(a)(2)(iv)"] },
        { framework: "pci-dss", controls: ["3.5.1"] },
        { framework: "ml-baseline", controls: ["ML-ENC-1"] },
    ],
    remediationSteps:
        "Set `kmsKeyId` on the aws.sagemaker.NotebookInstance to the platform ML key ARN (this replaces the instance; copy " +
        "notebooks to S3 or a code repository first).",
    resourceTypes: ["aws:sagemaker/notebookInstance:NotebookInstance"],
    check: (props, ctx) =>
        isSet(props, "kmsKeyId") ? compliant() : nonCompliant(`Notebook instance "${ctx.name}" has no kmsKeyId; its volume would use the AWS-managed key.`),
});
