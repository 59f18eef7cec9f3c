import { getBool } from "../../../lib/access";
import { resourceRule } from "../../../lib/define";
import { Findings, notApplicable } from "../../../lib/result";
import { MONITORING_RESOURCE_TYPES, monitoringPaths, NO_INLINE_JOB } from "../monitoringJobs";

/**
 * The monitoring container (an AWS-provided or custom analyzer image) reads
 * captured payloads; with network isolation it cannot send them anywhere.
 */
export const sagemakerMonitoringJobEnableNetworkIsolation = resourceRule({
    name: "aws-sagemaker-monitoringjob-enable-network-isolation",
    description:
        "SageMaker Model Monitor jobs (DataQualityJobDefinition, MonitoringSchedule inline definitions) must set networkConfig.enableNetworkIsolation to true.",
    severity: "high",
    topics: ["network", "ml"],
    frameworks: [
        { framework: "hipaa", controls: ["164.312(a)(1)", "164.312(e)(1)"] },
        { framework: "pci-dss", controls: ["1.3.2", "1.4.4"] },
        { framework: "ml-baseline", controls: ["ML-NET-2"] },
    ],
    remediationSteps:
        "Set `networkConfig: { enableNetworkIsolation: true, vpcConfig: { subnets, securityGroupIds } }` on the job definition " +
        "(or the schedule's inline `monitoringJobDefinition`), using the platform's private subnets and ML security group.",
    resourceTypes: MONITORING_RESOURCE_TYPES,
    check: (props, ctx) => {
        const paths = monitoringPaths(ctx.type, ctx.name, props);
        if (!paths) {
            return notApplicable(NO_INLINE_JOB);
        }
        const findings = new Findings();
        const isolation = getBool(props, ...paths.networkConfig, "enableNetworkIsolation");
        if (isolation !== true) {
            findings.add(
                `${paths.label}: ${paths.networkConfig.join(".")}.enableNetworkIsolation is ${isolation === false ? "false" : "not set (default false)"}; it must be true.`,
            );
        }
        return findings.result();
    },
});
