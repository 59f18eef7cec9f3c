import { requireSet } from "../../../lib/checks";
import { resourceRule } from "../../../lib/define";
import { ENCRYPTION_AT_REST_CONTROLS } from "../../../lib/frameworks";

/** The notebook's ML storage volume holds the notebooks and any data pulled into them. */
export const sagemakerNotebookInstanceConfigureKmsKey = resourceRule({
    name: "aws-sagemaker-notebookinstance-configure-kms-key",
    description: "SageMaker notebook instances must encrypt their storage volume with a customer-managed KMS key (kmsKeyId).",
    severity: "high",
    topics: ["encryption", "ml"],
    frameworks: ENCRYPTION_AT_REST_CONTROLS,
    remediationSteps:
        "Set `kmsKeyId` on the aws.sagemaker.NotebookInstance to the platform ML key ARN (this replaces the instance; copy " +
        "notebooks to S3 or a code repository first).",
    resourceTypes: ["aws:sagemaker/notebookInstance:NotebookInstance"],
    check: (props, ctx) => requireSet(props, "kmsKeyId", `Notebook instance "${ctx.name}" has no kmsKeyId; its volume would use the AWS-managed key.`),
});
