import { getString, isSet } from "../../../lib/access";
import { resourceRule } from "../../../lib/define";
import { ENCRYPTION_AT_REST_CONTROLS } from "../../../lib/frameworks";
import { volumeKeyProblem } from "../volumeKey";
import { checkMonitoringJob, MONITORING_RESOURCE_TYPES } from "../monitoringJobs";

/**
 * A monitoring job reads captured inference payloads (ePHI, card data) onto
 * its processing volume and writes statistics and violation reports that
 * quote them. Both are encrypted with the platform key. As for training, the
 * volume key must be absent on local-NVMe instance types.
 */
export const sagemakerMonitoringJobConfigureKmsKeys = resourceRule({
    name: "aws-sagemaker-monitoringjob-configure-kms-keys",
    description:
        "SageMaker Model Monitor jobs (DataQualityJobDefinition, MonitoringSchedule inline definitions, Cloud Control model-quality, model-bias and explainability definitions) must encrypt their output and, unless the instance type has local NVMe storage, their processing volume with a customer-managed KMS key.",
    severity: "high",
    topics: ["encryption", "ml"],
    frameworks: ENCRYPTION_AT_REST_CONTROLS,
    remediationSteps:
        "Set the output config's `kmsKeyId` (`dataQualityJobOutputConfig.kmsKeyId`, or `monitoringOutputConfig.kmsKeyId` in a " +
        "schedule) and the cluster config's `volumeKmsKeyId` to the platform ML key ARN; leave `volumeKmsKeyId` out on " +
        "local-NVMe instance types (LOCAL_NVME_FAMILIES in components/lib/instanceTypes.ts), which SageMaker rejects.",
    resourceTypes: MONITORING_RESOURCE_TYPES,
    check: (props, ctx) =>
        checkMonitoringJob(props, ctx, (paths, findings) => {
            if (!isSet(paths.source, ...paths.outputConfig, "kmsKeyId")) {
                findings.add(
                    `${paths.label}: ${paths.outputConfig.join(".")}.kmsKeyId is not set; monitoring reports must be encrypted with a customer-managed key.`,
                );
            }
            ctx.attempt(
                () => {
                    const type = getString(paths.source, ...paths.clusterConfig, "instanceType");
                    const problem = volumeKeyProblem(
                        type === undefined ? [] : [type],
                        isSet(paths.source, ...paths.clusterConfig, "volumeKmsKeyId"),
                        `${paths.clusterConfig.join(".")}.volumeKmsKeyId`,
                    );
                    if (problem) {
                        findings.add(`${paths.label}: ${problem}.`);
                    }
                },
                `${paths.clusterConfig.join(".")}.instanceType`,
            );
        }),
});
