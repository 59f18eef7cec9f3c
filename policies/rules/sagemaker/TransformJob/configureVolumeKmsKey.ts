import { resourceRule } from "../../../lib/define";
import { ENCRYPTION_AT_REST_CONTROLS } from "../../../lib/frameworks";
import { checkTransformJobs, TRANSFORM_RESOURCE_TYPES } from "../transform";
import { jobVolumeKeyProblem } from "../volumeKey";

/**
 * The transform instances stage input records and results on their ML
 * storage volume. On EBS-backed instance types that volume is encrypted
 * with the platform's customer-managed key; on local-NVMe types (ml.g5,
 * ml.p4d, …) SageMaker rejects a volume key because the Nitro hardware
 * encrypts the instance store, so the key must be absent there.
 */
export const sagemakerTransformJobConfigureVolumeKmsKey = resourceRule({
    name: "aws-sagemaker-transformjob-configure-volume-kms-key",
    description:
        "SageMaker batch transform jobs must encrypt their storage volume with a KMS key (TransformResources.VolumeKmsKeyId), except on instance types with local NVMe storage, where the key must be absent.",
    severity: "high",
    topics: ["encryption", "ml"],
    frameworks: ENCRYPTION_AT_REST_CONTROLS,
    remediationSteps:
        "On EBS-backed instance types (ml.inf2, ml.m5, ml.c5, …) set `TransformResources.VolumeKmsKeyId` to the platform ML key ARN. " +
        "On types with local NVMe storage (see LOCAL_NVME_FAMILIES in components/lib/instanceTypes.ts: g5, p4d, g4dn, …) leave it " +
        "out, since SageMaker rejects it and the hardware encrypts the local disks. Write `TransformResources.InstanceType` as a " +
        "literal (or a pipeline parameter with a default) so the choice can be checked.",
    resourceTypes: TRANSFORM_RESOURCE_TYPES,
    check: (props, ctx) =>
        checkTransformJobs(props, ctx, (job, report) => {
            const problem = jobVolumeKeyProblem(
                [job.read("TransformResources", "InstanceType")],
                job.read("TransformResources", "VolumeKmsKeyId"),
                "TransformResources.VolumeKmsKeyId",
            );
            if (problem) {
                report(problem);
            }
        }),
});
