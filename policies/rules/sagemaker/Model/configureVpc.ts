import { resourceRule } from "../../../lib/define";
import { Findings } from "../../../lib/result";
import { emptyList, propSetting } from "../settings";

/**
 * `vpcConfig` attaches the model's containers to the platform VPC, so the
 * model artifact and image are fetched through the VPC endpoints and the
 * containers' traffic is subject to security groups and flow logs.
 */
export const sagemakerModelConfigureVpc = resourceRule({
    name: "aws-sagemaker-model-configure-vpc",
    description: "SageMaker models must run in the platform VPC: vpcConfig with subnets and security groups.",
    severity: "high",
    topics: ["network", "ml"],
    frameworks: [
        { framework: "hipaa", controls: ["164.312(e)(1)"] },
        { framework: "pci-dss", controls: ["1.3.1", "1.3.2", "1.4.4"] },
        { framework: "ml-baseline", controls: ["ML-NET-1"] },
    ],
    remediationSteps:
        "Set `vpcConfig: { subnets, securityGroupIds }` on the aws.sagemaker.Model with the isolated private subnets and the " +
        "ML security group of the platform network.",
    resourceTypes: ["aws:sagemaker/model:Model"],
    check: (props, ctx) => {
        const findings = new Findings();
        if (propSetting(props, ["vpcConfig"]).kind === "missing") {
            findings.add(`Model "${ctx.name}" has no vpcConfig; its containers would run outside the platform VPC.`);
            return findings.result();
        }
        for (const problem of [
            emptyList(propSetting(props, ["vpcConfig", "subnets"]), "vpcConfig.subnets"),
            emptyList(propSetting(props, ["vpcConfig", "securityGroupIds"]), "vpcConfig.securityGroupIds"),
        ]) {
            if (problem) {
                findings.add(`Model "${ctx.name}": ${problem}.`);
            }
        }
        return findings.result();
    },
});
