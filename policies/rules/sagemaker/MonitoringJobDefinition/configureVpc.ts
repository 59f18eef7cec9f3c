import { isSet } from "../../../lib/access";
import { resourceRule } from "../../../lib/define";
import { PRIVATE_NETWORK_CONTROLS } from "../../../lib/frameworks";
import { checkMonitoringJob, MONITORING_RESOURCE_TYPES } from "../monitoringJobs";

/**
 * A monitoring job outside a VPC runs on SageMaker's own network, where the
 * platform's endpoint policies, security groups and flow logs don't see it.
 * Its `networkConfig.vpcConfig` must name subnets and security groups, as
 * for training jobs, on every kind of job definition.
 */
export const sagemakerMonitoringJobConfigureVpc = resourceRule({
    name: "aws-sagemaker-monitoringjob-configure-vpc",
    description:
        "SageMaker Model Monitor jobs (DataQualityJobDefinition, MonitoringSchedule inline definitions, Cloud Control model-quality, model-bias and explainability definitions) must run in the platform VPC: networkConfig.vpcConfig with subnets and security groups.",
    severity: "high",
    topics: ["network", "ml"],
    frameworks: PRIVATE_NETWORK_CONTROLS,
    remediationSteps:
        "Set `networkConfig.vpcConfig: { subnets, securityGroupIds }` (Cloud Control: `NetworkConfig.VpcConfig: { Subnets, SecurityGroupIds }`) " +
        "to the platform's isolated private subnets and ML security group.",
    resourceTypes: MONITORING_RESOURCE_TYPES,
    check: (props, ctx) =>
        checkMonitoringJob(props, ctx, (paths, findings) => {
            const vpc = [...paths.networkConfig, "vpcConfig"];
            for (const field of ["subnets", "securityGroupIds"]) {
                if (!isSet(paths.source, ...vpc, field)) {
                    findings.add(`${paths.label}: ${vpc.join(".")}.${field} is not set; the job must run in the platform VPC.`);
                }
            }
        }),
});
