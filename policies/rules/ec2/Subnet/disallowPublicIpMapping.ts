import { getBool, probe } from "../../../lib/access";
import { resourceRule } from "../../../lib/define";
import { compliant, nonCompliant } from "../../../lib/result";

/**
 * Instances and ENIs launched into a subnet that maps public IPs get an
 * internet-routable address without anyone asking for one. Default subnets
 * map public IPs unless told otherwise, so there a missing setting is a
 * violation too.
 */
export const ec2SubnetDisallowPublicIpMapping = resourceRule({
    name: "aws-ec2-subnet-disallow-public-ip-mapping",
    description: "Subnets must not assign public IPv4 addresses on launch (mapPublicIpOnLaunch).",
    severity: "high",
    topics: ["network"],
    frameworks: [
        { framework: "hipaa", controls: ["164.312(a)(1)", "164.312(e)(1)"] },
        { framework: "pci-dss", controls: ["1.3.1", "1.4.4"] },
        { framework: "ml-baseline", controls: ["ML-NET-1"] },
    ],
    remediationSteps:
        "Set `mapPublicIpOnLaunch: false` (or leave it unset on aws.ec2.Subnet). Give internet-facing load balancers or NAT " +
        "gateways their addresses explicitly (Elastic IPs) instead.",
    resourceTypes: ["aws:ec2/subnet:Subnet", "aws:ec2/defaultSubnet:DefaultSubnet"],
    check: (props, ctx) => {
        const isDefault = ctx.type === "aws:ec2/defaultSubnet:DefaultSubnet";
        const raw = probe(props, "mapPublicIpOnLaunch");
        if (raw.state === "unknown") {
            throw raw.error;
        }
        const maps = getBool(props, "mapPublicIpOnLaunch") ?? isDefault;
        return maps
            ? nonCompliant(`subnet "${ctx.name}" maps public IPs on launch${raw.state === "missing" ? " (the default subnet's default)" : ""}.`)
            : compliant();
    },
});
