import { getString, isSet } from "../../../lib/access";
import { schema } from "../../../lib/config";
import { findingFor, stackRule } from "../../../lib/define";
import { EC2_TYPES, joinToVpcs } from "../../../lib/ec2";
import { AUDIT_LOGGING_CONTROLS } from "../../../lib/frameworks";
import { Findings } from "../../../lib/result";

interface Config {
    allowedTrafficTypes: string[];
}

/** VPC Flow Logs record every accepted and rejected connection: the network half of the audit trail. */
export const ec2VpcEnableFlowLogs = stackRule<Config>({
    name: "aws-ec2-vpc-enable-flow-logs",
    description: "Every VPC must have a flow log capturing ALL traffic to a destination.",
    severity: "high",
    topics: ["logging", "network"],
    frameworks: AUDIT_LOGGING_CONTROLS,
    remediationSteps:
        'Add `new aws.ec2.FlowLog(name, { vpcId: vpc.id, trafficType: "ALL", logDestinationType: "cloud-watch-logs", ' +
        "logDestination: logGroup.arn, iamRoleArn: role.arn })` (or an S3 destination) for each VPC.",
    configSchema: schema({
        allowedTrafficTypes: {
            type: "array",
            items: { type: "string", enum: ["ALL", "ACCEPT", "REJECT"] },
            minItems: 1,
            default: ["ALL"],
            description: "Traffic types a flow log may capture to count.",
        },
    }),
    appliesTo: [...EC2_TYPES.vpc],
    check: (stack, ctx) => {
        const f = new Findings();
        const join = joinToVpcs(stack, EC2_TYPES.flowLog);
        const allowed = new Set(ctx.config.allowedTrafficTypes);
        for (const vpc of stack.ofType(...EC2_TYPES.vpc)) {
            ctx.attempt(() => {
                const logs = join.byParent.get(vpc.urn) ?? [];
                if (logs.length === 0) {
                    if (join.unresolved.length > 0) {
                        throw join.unresolved[0].error;
                    }
                    f.add(findingFor(vpc, "has no flow log."));
                    return;
                }
                const good = logs.filter((l) => {
                    const traffic = getString(l.props, "trafficType");
                    return traffic !== undefined && allowed.has(traffic) && isSet(l.props, "logDestination");
                });
                if (good.length === 0) {
                    f.add(
                        findingFor(
                            vpc,
                            `has no flow log capturing ${[...allowed].join(" or ")} traffic to a destination (${logs.map((l) => `"${l.name}"`).join(", ")}).`,
                        ),
                    );
                }
            }, vpc.name);
        }
        return f.result();
    },
});
