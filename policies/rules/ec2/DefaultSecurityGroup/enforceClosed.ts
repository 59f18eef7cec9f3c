import { getArray } from "../../../lib/access";
import { findingFor, stackRule } from "../../../lib/define";
import { EC2_TYPES, joinToVpcs } from "../../../lib/ec2";
import { Findings } from "../../../lib/result";

/**
 * Every VPC comes with a default security group that lets its members talk
 * to each other on every port and reach anywhere. Anything launched without
 * an explicit group lands in it. Adopting it with an aws.ec2.DefaultSecurityGroup
 * that has no rules strips those rules.
 */
export const ec2DefaultSecurityGroupEnforceClosed = stackRule({
    name: "aws-ec2-defaultsecuritygroup-enforce-closed",
    description: "Every VPC's default security group must be adopted by an aws.ec2.DefaultSecurityGroup with no ingress and no egress rules.",
    severity: "high",
    topics: ["network"],
    frameworks: [
        { framework: "hipaa", controls: ["164.312(a)(1)"] },
        { framework: "pci-dss", controls: ["1.2.1", "1.3.1", "1.3.2"] },
        { framework: "ml-baseline", controls: ["ML-NET-1"] },
    ],
    remediationSteps:
        "Add `new aws.ec2.DefaultSecurityGroup(name, { vpcId: vpc.id })` with no `ingress` and no `egress`, and give every " +
        "workload its own security group.",
    appliesTo: [...EC2_TYPES.vpc, ...EC2_TYPES.defaultSecurityGroup],
    check: (stack, ctx) => {
        const f = new Findings();
        for (const sg of stack.ofType(...EC2_TYPES.defaultSecurityGroup)) {
            ctx.attempt(() => {
                const ingress = getArray(sg.props, "ingress").length;
                const egress = getArray(sg.props, "egress").length;
                if (ingress + egress > 0) {
                    f.add(findingFor(sg, `keeps ${ingress} ingress and ${egress} egress rule(s); the default group must be empty.`));
                }
            }, sg.name);
        }
        const join = joinToVpcs(stack, EC2_TYPES.defaultSecurityGroup);
        for (const vpc of stack.ofType(...EC2_TYPES.vpc)) {
            if ((join.byParent.get(vpc.urn) ?? []).length > 0) {
                continue;
            }
            if (join.unresolved.length > 0) {
                ctx.park(join.unresolved[0].error, vpc.name);
                continue;
            }
            f.add(findingFor(vpc, "its default security group is not adopted by an aws.ec2.DefaultSecurityGroup, so it keeps AWS's allow-all rules."));
        }
        return f.result();
    },
});
