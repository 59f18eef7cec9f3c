import { findingFor, stackRule } from "../../../lib/define";
import { declaredRoutes, EC2_TYPES, unrestrictedIgwDestination } from "../../../lib/ec2";
import { PRIVATE_NETWORK_CONTROLS } from "../../../lib/frameworks";
import { Findings } from "../../../lib/result";

const ROUTE_DECLARING_TYPES = [...EC2_TYPES.route, ...EC2_TYPES.routeTable];

/**
 * A route of `0.0.0.0/0` or `::/0` to an internet gateway opens every subnet
 * that uses its table to and from the whole internet. Checked on every route
 * table of the stack, whatever its subnets host: aws.ec2.Route resources and
 * the inline `routes` of RouteTable and DefaultRouteTable.
 *
 * As cdk-nag's VPCNoUnrestrictedRouteToIGW and Config's
 * no-unrestricted-route-to-igw, with two differences. It is wider: a gateway
 * that is not known yet (a preview) counts as an internet gateway when the
 * route's gateway property depends on an aws.ec2.InternetGateway, where the
 * peers see only literal `igw-` ids. And it has no exemption list (Config's
 * `routeTableIds`): a deliberately public table belongs in a stack outside the
 * regulated packs. Routes to an IGW with a narrower destination are the
 * concern of aws-ec2-subnet-disallow-internet-gateway-route, for subnets
 * hosting ML workloads.
 */
export const ec2RouteTableDisallowUnrestrictedInternetGatewayRoute = stackRule({
    name: "aws-ec2-routetable-disallow-unrestricted-internet-gateway-route",
    description: "Route tables must not route 0.0.0.0/0 or ::/0 to an internet gateway (aws.ec2.Route and inline routes).",
    severity: "critical",
    topics: ["network"],
    frameworks: PRIVATE_NETWORK_CONTROLS,
    remediationSteps:
        "Remove the `0.0.0.0/0` / `::/0` route whose `gatewayId` is an internet gateway (an aws.ec2.Route, or an entry of a RouteTable's or " +
        "DefaultRouteTable's `routes`). Send outbound traffic through VPC endpoints, or through a NAT gateway in a separate, reviewed egress VPC.",
    appliesTo: ROUTE_DECLARING_TYPES,
    check: (stack, ctx) => {
        const igws = stack.ofType(...EC2_TYPES.internetGateway);
        const f = new Findings();
        for (const r of stack.ofType(...ROUTE_DECLARING_TYPES)) {
            for (const d of declaredRoutes(r)) {
                ctx.attempt(() => {
                    const dest = unrestrictedIgwDestination(d, igws);
                    if (dest !== undefined) {
                        f.add(findingFor(r, `${d.where} sends ${dest} to an internet gateway.`));
                    }
                }, `${r.name} ${d.where}`);
            }
        }
        return f.result();
    },
});
