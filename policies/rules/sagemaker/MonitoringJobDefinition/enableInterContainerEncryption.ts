import { getBool } from "../../../lib/access";
import { resourceRule } from "../../../lib/define";
import { INTER_CONTAINER_ENCRYPTION_CONTROLS } from "../../../lib/frameworks";
import { checkMonitoringJob, MONITORING_RESOURCE_TYPES } from "../monitoringJobs";

/**
 * A distributed monitoring or Clarify job passes captured payloads between
 * its instances; `enableInterContainerTrafficEncryption` encrypts that
 * traffic. As checkov CKV_AWS_369 (data quality) and Config's
 * encrypt-in-transit rules for the data-quality, model-quality and
 * model-bias job definitions, and for the schedules' inline definitions,
 * whatever resource declares the job.
 */
export const sagemakerMonitoringJobEnableInterContainerEncryption = resourceRule({
    name: "aws-sagemaker-monitoringjob-enable-inter-container-encryption",
    description:
        "SageMaker Model Monitor jobs (DataQualityJobDefinition, MonitoringSchedule inline definitions, Cloud Control model-quality, model-bias and explainability definitions) must set networkConfig.enableInterContainerTrafficEncryption to true.",
    severity: "high",
    topics: ["encryption", "ml"],
    frameworks: INTER_CONTAINER_ENCRYPTION_CONTROLS,
    remediationSteps:
        "Set `networkConfig.enableInterContainerTrafficEncryption: true` on the job definition, the schedule's inline " +
        "`monitoringJobDefinition`, or `NetworkConfig.EnableInterContainerTrafficEncryption` in a Cloud Control desired state.",
    resourceTypes: MONITORING_RESOURCE_TYPES,
    check: (props, ctx) =>
        checkMonitoringJob(props, ctx, (paths, findings) => {
            const on = getBool(paths.source, ...paths.networkConfig, "enableInterContainerTrafficEncryption");
            if (on !== true) {
                findings.add(
                    `${paths.label}: ${paths.networkConfig.join(".")}.enableInterContainerTrafficEncryption is ${on === false ? "false" : "not set (default false)"}; it must be true.`,
                );
            }
        }),
});
