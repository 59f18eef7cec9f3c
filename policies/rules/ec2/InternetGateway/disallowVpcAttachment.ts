import { isSet, probe } from "../../../lib/access";
import { REGULATED_PROPERTY, schema } from "../../../lib/config";
import { resourceRule } from "../../../lib/define";
import { INTERNET_BOUNDARY_CONTROLS } from "../../../lib/frameworks";
import { compliant, nonCompliant, notApplicable } from "../../../lib/result";

interface Config {
    regulated: boolean;
    authorizedVpcIds: string[];
}

const IGW = "aws:ec2/internetGateway:InternetGateway";
const ATTACHMENT = "aws:ec2/internetGatewayAttachment:InternetGatewayAttachment";

/**
 * An internet gateway attached to a VPC is the door every public route goes
 * through; a regulated stack has none. An aws.ec2.InternetGateway with a
 * `vpcId`, and every aws.ec2.InternetGatewayAttachment, are reported unless
 * the VPC id is listed in `authorizedVpcIds` (Config's
 * internet-gateway-authorized-vpc-only, whose `AuthorizedVpcIds` this
 * mirrors). A detached gateway is compliant, as for Config. Outside regulated
 * stacks the rule does not apply, which is narrower than Config.
 */
export const ec2InternetGatewayDisallowVpcAttachment = resourceRule<Config>({
    name: "aws-ec2-internetgateway-disallow-vpc-attachment",
    description: "In regulated stacks, internet gateways must not be attached to a VPC other than an authorized one.",
    severity: "high",
    topics: ["network"],
    frameworks: INTERNET_BOUNDARY_CONTROLS,
    remediationSteps:
        "Remove the aws.ec2.InternetGateway's `vpcId` (or the aws.ec2.InternetGatewayAttachment) and reach AWS services through VPC endpoints. " +
        "If the VPC must reach the internet, list its id in this policy's `authorizedVpcIds`.",
    configSchema: schema({
        regulated: REGULATED_PROPERTY,
        authorizedVpcIds: {
            type: "array",
            items: { type: "string" },
            default: [],
            description: "VPC ids that may have an internet gateway attached.",
        },
    }),
    resourceTypes: [IGW, ATTACHMENT],
    check: (props, ctx) => {
        if (!ctx.config.regulated) {
            return notApplicable("the stack is not regulated (config regulated: false)");
        }
        if (!isSet(props, "vpcId")) {
            return ctx.type === ATTACHMENT
                ? nonCompliant(`internet gateway attachment "${ctx.name}" names no vpcId; an attachment always attaches a gateway to a VPC.`)
                : compliant();
        }
        const authorized = new Set(ctx.config.authorizedVpcIds);
        const id = probe(props, "vpcId");
        if (id.state === "unknown" && authorized.size > 0) {
            // Which VPC it is decides the outcome.
            throw id.error;
        }
        const vpc = id.state === "known" && typeof id.value === "string" ? id.value : undefined;
        if (vpc !== undefined && authorized.has(vpc)) {
            return compliant();
        }
        return nonCompliant(`"${ctx.name}" attaches an internet gateway to VPC ${vpc ?? "(computed)"}, which is not in authorizedVpcIds.`);
    },
});
