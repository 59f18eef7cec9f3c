import { requireSet } from "../../../lib/checks";
import { resourceRule } from "../../../lib/define";
import { ENCRYPTION_AT_REST_CONTROLS } from "../../../lib/frameworks";

/**
 * The domain's `kmsKeyId` encrypts the EFS volume that holds every user's
 * home directory (notebooks, downloaded datasets, model files). Without it
 * EFS uses the AWS-managed key, whose policy the platform cannot restrict.
 */
export const sagemakerDomainConfigureKmsKey = resourceRule({
    name: "aws-sagemaker-domain-configure-kms-key",
    description: "SageMaker Studio domains must encrypt their EFS home directories with a customer-managed KMS key (kmsKeyId).",
    severity: "high",
    topics: ["encryption", "ml"],
    frameworks: ENCRYPTION_AT_REST_CONTROLS,
    remediationSteps:
        "Set `kmsKeyId` on the aws.sagemaker.Domain to the platform ML key ARN. The key cannot be changed after creation: " +
        "a domain created without it must be replaced (migrate users' home directories first).",
    resourceTypes: ["aws:sagemaker/domain:Domain"],
    check: (props, ctx) => requireSet(props, "kmsKeyId", `Domain "${ctx.name}" has no kmsKeyId; its EFS home directories would use the AWS-managed key.`),
});
