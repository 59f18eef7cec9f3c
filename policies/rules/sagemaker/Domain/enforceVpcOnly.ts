import { requireValue } from "../../../lib/checks";
import { resourceRule } from "../../../lib/define";
import { PRIVATE_NETWORK_CONTROLS } from "../../../lib/frameworks";

/**
 * With `PublicInternetOnly` (the default) Studio apps reach the internet
 * through a SageMaker-managed network, bypassing the platform VPC, its
 * endpoints, security groups and flow logs. `VpcOnly` sends all Studio
 * traffic through the domain's private subnets.
 */
export const sagemakerDomainEnforceVpcOnly = resourceRule({
    name: "aws-sagemaker-domain-enforce-vpc-only",
    description: "SageMaker Studio domains must use appNetworkAccessType VpcOnly, so Studio traffic stays in the platform VPC.",
    severity: "high",
    topics: ["network", "ml"],
    frameworks: PRIVATE_NETWORK_CONTROLS,
    remediationSteps:
        'Set `appNetworkAccessType: "VpcOnly"` on the aws.sagemaker.Domain, with `subnetIds` in the isolated private subnets ' +
        "and the VPC endpoints Studio needs (sagemaker.api, sagemaker.runtime, studio, sts, s3, logs, ecr). Changing it on an " +
        "existing domain requires deleting its apps first.",
    resourceTypes: ["aws:sagemaker/domain:Domain"],
    check: (props, ctx) => requireValue(props, "appNetworkAccessType", "VpcOnly", `Domain "${ctx.name}"`, "PublicInternetOnly"),
});
