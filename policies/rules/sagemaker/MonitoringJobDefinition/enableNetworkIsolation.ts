import { getBool } from "../../../lib/access";
import { resourceRule } from "../../../lib/define";
import { NETWORK_ISOLATION_CONTROLS } from "../../../lib/frameworks";
import { checkMonitoringJob, MONITORING_RESOURCE_TYPES } from "../monitoringJobs";

/**
 * The monitoring container (an AWS-provided or custom analyzer image) reads
 * captured payloads; with network isolation it cannot send them anywhere.
 */
export const sagemakerMonitoringJobEnableNetworkIsolation = resourceRule({
    name: "aws-sagemaker-monitoringjob-enable-network-isolation",
    description:
        "SageMaker Model Monitor jobs (DataQualityJobDefinition, MonitoringSchedule inline definitions, Cloud Control model-quality, model-bias and explainability definitions) must set networkConfig.enableNetworkIsolation to true.",
    severity: "high",
    topics: ["network", "ml"],
    frameworks: NETWORK_ISOLATION_CONTROLS,
    remediationSteps:
        "Set `networkConfig: { enableNetworkIsolation: true, vpcConfig: { subnets, securityGroupIds } }` on the job definition " +
        "(or the schedule's inline `monitoringJobDefinition`), using the platform's private subnets and ML security group.",
    resourceTypes: MONITORING_RESOURCE_TYPES,
    check: (props, ctx) =>
        checkMonitoringJob(props, ctx, (paths, findings) => {
            const isolation = getBool(paths.source, ...paths.networkConfig, "enableNetworkIsolation");
            if (isolation !== true) {
                findings.add(
                    `${paths.label}: ${paths.networkConfig.join(".")}.enableNetworkIsolation is ${isolation === false ? "false" : "not set (default false)"}; it must be true.`,
                );
            }
        }),
});
