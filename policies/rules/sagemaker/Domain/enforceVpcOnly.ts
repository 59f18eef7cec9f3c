import { getString } from "../../../lib/access";
import { resourceRule } from "../../../lib/define";
import { compliant, nonCompliant } from "../../../lib/result";

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
    frameworks: [
        { framework: "hipaa", controls: ["164.312(a)(1)", "164.312(e)(1)"] },
        { framework: "pci-dss", controls: ["1.3.1", "1.3.2", "1.4.4"] },
        { framework: "ml-baseline", controls: ["ML-NET-1"] },
    ],
    remediationSteps:
        "Set `appNetworkAccessType: \"VpcOnly\"` on the aws.sagemaker.Domain, with `subnetIds` in the isolated private subnets " +
        "and the VPC endpoints Studio needs (sagemaker.api, sagemaker.runtime, studio, sts, s3, logs, ecr). Changing it on an " +
        "existing domain requires deleting its apps first.",
    resourceTypes: ["aws:sagemaker/domain:Domain"],
    check: (props, ctx) => {
        const access = getString(props, "appNetworkAccessType");
        if (access === "VpcOnly") {
            return compliant();
        }
        return nonCompliant(
            `Domain "${ctx.name}" has appNetworkAccessType ${access === undefined ? "unset (default PublicInternetOnly)" : `"${access}"`}; it must be "VpcOnly".`,
        );
    },
});
