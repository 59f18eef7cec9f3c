import { REGULATED_PROPERTY, schema } from "../../../lib/config";
import { findingFor, stackRule } from "../../../lib/define";
import { INTERNET_BOUNDARY_CONTROLS } from "../../../lib/frameworks";
import { Findings, notApplicable } from "../../../lib/result";

const AWSX_VPCS = ["awsx:ec2:Vpc", "awsx:ec2:DefaultVpc"];

/**
 * awsx's Vpc is "connected" by default: public subnets that map public IPs,
 * an internet gateway and NAT gateways in every AZ. Regulated environments
 * use the platform's private network component instead, where every path out
 * is deliberate. The rule looks for the component itself in the stack
 * (stack rules see component resources too).
 */
export const ec2VpcDisallowAwsxVpc = stackRule<{ regulated: boolean }>({
    name: "aws-ec2-vpc-disallow-awsx-vpc",
    description: "Regulated stacks must not use awsx's internet-connected Vpc / DefaultVpc components.",
    severity: "high",
    topics: ["network"],
    frameworks: INTERNET_BOUNDARY_CONTROLS,
    remediationSteps:
        "Replace awsx.ec2.Vpc with the platform's private network component (private subnets only, VPC endpoints, flow logs, " +
        "closed default security group).",
    configSchema: schema({ regulated: REGULATED_PROPERTY }),
    appliesTo: AWSX_VPCS,
    check: (stack, ctx) => {
        if (!ctx.config.regulated) {
            return notApplicable("the stack is not regulated (config regulated: false)");
        }
        const f = new Findings();
        for (const vpc of stack.ofType(...AWSX_VPCS)) {
            f.add(findingFor(vpc, "is an awsx VPC with public subnets and an internet gateway, not allowed in a regulated stack."));
        }
        return f.result();
    },
});
