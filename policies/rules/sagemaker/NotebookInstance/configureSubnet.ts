import { isSet } from "../../../lib/access";
import { resourceRule } from "../../../lib/define";
import { Findings } from "../../../lib/result";
import { emptyList, propSetting } from "../settings";

/**
 * Without `subnetId` the notebook instance is not attached to the platform
 * VPC at all: its traffic cannot be filtered by security groups, seen in flow
 * logs, or kept on VPC endpoints.
 */
export const sagemakerNotebookInstanceConfigureSubnet = resourceRule({
    name: "aws-sagemaker-notebookinstance-configure-subnet",
    description: "SageMaker notebook instances must be placed in a platform subnet (subnetId) with security groups.",
    severity: "high",
    topics: ["network", "ml"],
    frameworks: [
        { framework: "hipaa", controls: ["164.312(e)(1)"] },
        { framework: "pci-dss", controls: ["1.3.1", "1.4.4"] },
        { framework: "ml-baseline", controls: ["ML-NET-1"] },
    ],
    remediationSteps:
        "Set `subnetId` to an isolated private subnet of the platform network and `securityGroups` to the ML security group " +
        "on the aws.sagemaker.NotebookInstance.",
    resourceTypes: ["aws:sagemaker/notebookInstance:NotebookInstance"],
    check: (props, ctx) => {
        const findings = new Findings();
        if (!isSet(props, "subnetId")) {
            findings.add(`Notebook instance "${ctx.name}" has no subnetId; it would run outside the platform VPC.`);
        }
        const groups = emptyList(propSetting(props, ["securityGroups"]), "securityGroups");
        if (groups) {
            findings.add(`Notebook instance "${ctx.name}": ${groups}.`);
        }
        return findings.result();
    },
});
