import { resourceRule } from "../../../lib/define";
import { ENCRYPTION_AT_REST_CONTROLS } from "../../../lib/frameworks";
import { missingValue } from "../settings";
import { checkTransformJobs, TRANSFORM_RESOURCE_TYPES } from "../transform";

/**
 * A batch transform job writes one prediction per input record to S3: the
 * output is as sensitive as the records scored. Encrypting it with the
 * platform's customer-managed key puts every read under the key policy and
 * in CloudTrail, whatever the bucket's default encryption.
 */
export const sagemakerTransformJobConfigureOutputKmsKey = resourceRule({
    name: "aws-sagemaker-transformjob-configure-output-kms-key",
    description:
        "SageMaker batch transform jobs (CreateTransformJob Tasks of state machines and pipeline Transform steps) must encrypt their output with a KMS key (TransformOutput.KmsKeyId).",
    severity: "high",
    topics: ["encryption", "ml"],
    frameworks: ENCRYPTION_AT_REST_CONTROLS,
    remediationSteps:
        "Set `TransformOutput.KmsKeyId` in the CreateTransformJob request (the Task's `Arguments` or `Parameters`, or the pipeline " +
        "Transform step's `Arguments`) to the ARN of the output bucket's key (the data-lake key for the lake layers, whose bucket " +
        "policies deny any other key), as a literal or a pipeline parameter with a default. The model's execution role needs " +
        "kms:GenerateDataKey and kms:Decrypt on the key through S3.",
    resourceTypes: TRANSFORM_RESOURCE_TYPES,
    check: (props, ctx) =>
        checkTransformJobs(props, ctx, (job, report) => {
            const problem = missingValue(
                job.read("TransformOutput", "KmsKeyId"),
                "TransformOutput.KmsKeyId",
                "the predictions must be encrypted with a customer-managed KMS key",
            );
            if (problem) {
                report(problem);
            }
        }),
});
