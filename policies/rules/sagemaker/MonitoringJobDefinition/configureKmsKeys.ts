import { getString, isSet } from "../../../lib/access";
import { resourceRule } from "../../../lib/define";
import { Findings, notApplicable } from "../../../lib/result";
import { volumeKeyProblem } from "../volumeKey";
import { MONITORING_RESOURCE_TYPES, monitoringPaths, NO_INLINE_JOB } from "../monitoringJobs";

/**
 * A monitoring job reads captured inference payloads (ePHI, card data) onto
 * its processing volume and writes statistics and violation reports that
 * quote them. Both are encrypted with the platform key. As for training, the
 * volume key must be absent on local-NVMe instance types.
 */
export const sagemakerMonitoringJobConfigureKmsKeys = resourceRule({
    name: "aws-sagemaker-monitoringjob-configure-kms-keys",
    description:
        "SageMaker Model Monitor jobs (DataQualityJobDefinition, MonitoringSchedule inline definitions) must encrypt their output and, unless the instance type has local NVMe storage, their processing volume with a customer-managed KMS key.",
    severity: "high",
    topics: ["encryption", "ml"],
    frameworks: [
        { framework: "hipaa", controls: ["164.312(a)(2)(iv)"] },
        { framework: "pci-dss", controls: ["3.5.1"] },
        { framework: "ml-baseline", controls: ["ML-ENC-1"] },
    ],
    remediationSteps:
        "Set the output config's `kmsKeyId` (`dataQualityJobOutputConfig.kmsKeyId`, or `monitoringOutputConfig.kmsKeyId` in a " +
        "schedule) and the cluster config's `volumeKmsKeyId` to the platform ML key ARN; leave `volumeKmsKeyId` out on " +
        "local-NVMe instance types (LOCAL_NVME_FAMILIES in components/lib/instanceTypes.ts), which SageMaker rejects.",
    resourceTypes: MONITORING_RESOURCE_TYPES,
    check: (props, ctx) => {
        const paths = monitoringPaths(ctx.type, ctx.name, props);
        if (!paths) {
            return notApplicable(NO_INLINE_JOB);
        }
        const findings = new Findings();
        if (!isSet(props, ...paths.outputConfig, "kmsKeyId")) {
            findings.add(`${paths.label}: ${paths.outputConfig.join(".")}.kmsKeyId is not set; monitoring reports must be encrypted with a customer-managed key.`);
        }
        ctx.attempt(() => {
            const type = getString(props, ...paths.clusterConfig, "instanceType");
            const problem = volumeKeyProblem(type === undefined ? [] : [type], isSet(props, ...paths.clusterConfig, "volumeKmsKeyId"), `${paths.clusterConfig.join(".")}.volumeKmsKeyId`);
            if (problem) {
                findings.add(`${paths.label}: ${problem}.`);
            }
        }, `${paths.clusterConfig.join(".")}.instanceType`);
        return findings.result();
    },
});
