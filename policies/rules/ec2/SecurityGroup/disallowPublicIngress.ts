import { getArray, getNumber, getString, getStrings } from "../../../lib/access";
import { schema } from "../../../lib/config";
import { resourceRule } from "../../../lib/define";
import { EC2_TYPES } from "../../../lib/ec2";
import { Findings } from "../../../lib/result";

interface Config {
    allowedPorts: number[];
}

/** CIDRs covering the whole internet: any /0 (`0.0.0.0/0`, `::/0`). */
function isAnywhere(cidr: string): boolean {
    return /\/0$/.test(cidr.trim());
}

/** True when [from, to] lies inside the allowed ports (all-protocol rules never do). */
function onlyAllowedPorts(protocol: string | undefined, from: number | undefined, to: number | undefined, allowed: number[]): boolean {
    if (protocol === "-1" || protocol === "all" || from === undefined || to === undefined) {
        return false;
    }
    for (let p = from; p <= to; p++) {
        if (!allowed.includes(p)) {
            return false;
        }
    }
    return true;
}

/**
 * No security group may accept traffic from the whole internet, whichever way
 * the rule is written: inline `ingress` on SecurityGroup / DefaultSecurityGroup,
 * aws.ec2.SecurityGroupRule of type ingress, or aws.vpc.SecurityGroupIngressRule.
 * Ports can be allow-listed by config for a deliberately public listener
 * (e.g. 443 on an internet-facing load balancer); the default allows none.
 */
export const ec2SecurityGroupDisallowPublicIngress = resourceRule<Config>({
    name: "aws-ec2-securitygroup-disallow-public-ingress",
    description: "Security groups must not allow ingress from 0.0.0.0/0 or ::/0.",
    severity: "critical",
    topics: ["network"],
    frameworks: [
        { framework: "hipaa", controls: ["164.312(a)(1)", "164.312(e)(1)"] },
        { framework: "pci-dss", controls: ["1.3.1", "1.4.2", "1.2.5"] },
        { framework: "ml-baseline", controls: ["ML-NET-1"] },
    ],
    remediationSteps:
        "Replace 0.0.0.0/0 and ::/0 sources with the VPC CIDR, a prefix list, or a source security group. " +
        "For a deliberately public listener, allow-list its port in the policy config (`allowedPorts`).",
    configSchema: schema({
        allowedPorts: {
            type: "array",
            items: { type: "integer", minimum: 0, maximum: 65535 },
            default: [],
            description: "Ports that may be open to the internet (e.g. [443] for a public load balancer).",
        },
    }),
    resourceTypes: [...EC2_TYPES.securityGroup, ...EC2_TYPES.defaultSecurityGroup, ...EC2_TYPES.securityGroupRule, ...EC2_TYPES.vpcIngressRule],
    check: (props, ctx) => {
        const f = new Findings();
        const allowed = Array.isArray(ctx.config.allowedPorts) ? ctx.config.allowedPorts : [];
        const judge = (where: string, cidrs: string[], protocol: string | undefined, from: number | undefined, to: number | undefined) => {
            const open = cidrs.filter(isAnywhere);
            if (open.length > 0 && !onlyAllowedPorts(protocol, from, to, allowed)) {
                const ports = protocol === "-1" || from === undefined ? "all ports" : from === to ? `port ${from}` : `ports ${from}-${to}`;
                f.add(`${where} allows ingress from ${open.join(", ")} on ${ports}.`);
            }
        };
        if (EC2_TYPES.securityGroupRule.includes(ctx.type as never)) {
            if (getString(props, "type") !== "ingress") {
                return f.result();
            }
            judge(
                `rule "${ctx.name}"`,
                [...getStrings(props, "cidrBlocks"), ...getStrings(props, "ipv6CidrBlocks")],
                getString(props, "protocol"),
                getNumber(props, "fromPort"),
                getNumber(props, "toPort"),
            );
        } else if (EC2_TYPES.vpcIngressRule.includes(ctx.type as never)) {
            judge(
                `rule "${ctx.name}"`,
                [getString(props, "cidrIpv4"), getString(props, "cidrIpv6")].filter((c): c is string => c !== undefined),
                getString(props, "ipProtocol"),
                getNumber(props, "fromPort"),
                getNumber(props, "toPort"),
            );
        } else {
            getArray(props, "ingress").forEach((rule, i) =>
                ctx.attempt(
                    () =>
                        judge(
                            `security group "${ctx.name}" ingress[${i}]`,
                            [...getStrings(rule, "cidrBlocks"), ...getStrings(rule, "ipv6CidrBlocks")],
                            getString(rule, "protocol"),
                            getNumber(rule, "fromPort"),
                            getNumber(rule, "toPort"),
                        ),
                    `ingress[${i}]`,
                ),
            );
        }
        return f.result();
    },
});
