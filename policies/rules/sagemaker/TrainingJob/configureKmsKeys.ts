import { resourceRule } from "../../../lib/define";
import { ENCRYPTION_AT_REST_CONTROLS } from "../../../lib/frameworks";
import { missingValue } from "../settings";
import { checkTrainingJobs, TRAINING_RESOURCE_TYPES, trainingInstanceTypes, trainingVolumeKey } from "../training";
import { jobVolumeKeyProblem } from "../volumeKey";

/**
 * A training job writes model artifacts (which can memorise training records)
 * to S3 and keeps the training data on its ML storage volume. Both are
 * encrypted with the platform's customer-managed key, whose policy decides
 * who can read them and whose use CloudTrail records.
 *
 * The volume key depends on the instance type: required on EBS-backed types,
 * and absent on local-NVMe types (ml.trn1, ml.p4d, ml.g5, …), where SageMaker
 * rejects it because the Nitro hardware encrypts the instance store.
 */
export const sagemakerTrainingJobConfigureKmsKeys = resourceRule({
    name: "aws-sagemaker-trainingjob-configure-kms-keys",
    description:
        "SageMaker training jobs (TrainingJob, tuning job definitions and pipeline Training/Tuning steps) must encrypt their output with a KMS key, and their storage volume with one unless the instance type has local NVMe storage, where the volume key must be absent.",
    severity: "high",
    topics: ["encryption", "ml"],
    frameworks: ENCRYPTION_AT_REST_CONTROLS,
    remediationSteps:
        "Set `outputDataConfig.kmsKeyId` (pipeline steps: `OutputDataConfig.KmsKeyId`) to the platform ML key ARN. " +
        "On EBS-backed instance types also set `resourceConfig.volumeKmsKeyId` (`ResourceConfig.VolumeKmsKeyId`); on types with " +
        "local NVMe storage (see LOCAL_NVME_FAMILIES in components/lib/instanceTypes.ts: trn1, trn2, p4d, p5, g5, …) leave it out, " +
        "since SageMaker rejects it and the hardware encrypts the local disks. Use a literal instance type (or a parameter with a " +
        "default) so the choice can be checked.",
    resourceTypes: TRAINING_RESOURCE_TYPES,
    check: (props, ctx) =>
        checkTrainingJobs(props, ctx, (job, report) => {
            const outputKey = missingValue(
                job.read("OutputDataConfig", "KmsKeyId"),
                "OutputDataConfig.KmsKeyId",
                "model artifacts must be encrypted with a customer-managed KMS key",
            );
            if (outputKey) {
                report(outputKey);
            }

            const volume = trainingVolumeKey(job);
            const problem = jobVolumeKeyProblem(trainingInstanceTypes(job), volume.setting, volume.field);
            if (problem) {
                report(problem);
            }
        }),
});
