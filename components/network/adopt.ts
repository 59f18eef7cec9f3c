/**
 * Checks on an adopted VPC's subnets and route tables, as AWS describes them.
 *
 * Pure, so they are unit-tested on hand-written descriptions; the component
 * feeds them the `aws.ec2.getSubnet` and `aws.ec2.getRouteTable` lookups.
 */

/** What the component needs to know about an adopted subnet. */
export interface AdoptedSubnet {
    id: string;
    availabilityZone: string;
    mapPublicIpOnLaunch: boolean;
    assignIpv6AddressOnCreation?: boolean;
}

/** One route of an adopted route table, as `aws.ec2.getRouteTable` lists it. */
export interface AdoptedRoute {
    cidrBlock?: string;
    ipv6CidrBlock?: string;
    destinationPrefixListId?: string;
    gatewayId?: string;
    natGatewayId?: string;
    egressOnlyGatewayId?: string;
    carrierGatewayId?: string;
    transitGatewayId?: string;
    vpcPeeringConnectionId?: string;
    networkInterfaceId?: string;
    instanceId?: string;
}

/**
 * Why these subnets can't host the isolated network: public IPs on launch,
 * or two subnets in one AZ (interface endpoints take one subnet per AZ, and
 * the AZ spread is the point of having several). Empty when they can.
 */
export function adoptedSubnetProblems(subnets: AdoptedSubnet[]): string[] {
    const problems: string[] = [];
    const seen = new Map<string, string>();
    for (const s of subnets) {
        if (s.mapPublicIpOnLaunch) {
            problems.push(`${s.id} gives instances public IPs (mapPublicIpOnLaunch)`);
        }
        const other = seen.get(s.availabilityZone);
        if (other !== undefined) {
            problems.push(`${s.id} and ${other} are both in ${s.availabilityZone}`);
        }
        seen.set(s.availabilityZone, s.id);
    }
    return problems;
}

/**
 * Why a route table is not isolated: a route to an internet, NAT,
 * egress-only or carrier gateway, or any default route (`0.0.0.0/0`,
 * `::/0`), whatever its target, since a default route to a transit gateway
 * or firewall is still a way out. Routes to specific private ranges (a
 * corporate network over a transit or virtual private gateway, a peered
 * VPC) are allowed. Empty when the table is isolated.
 */
export function adoptedRouteProblems(routeTableId: string, routes: AdoptedRoute[]): string[] {
    const problems: string[] = [];
    for (const r of routes) {
        const destination = r.cidrBlock || r.ipv6CidrBlock || r.destinationPrefixListId || "?";
        const exits = [
            r.gatewayId?.startsWith("igw-") ? `internet gateway ${r.gatewayId}` : undefined,
            r.natGatewayId ? `NAT gateway ${r.natGatewayId}` : undefined,
            r.egressOnlyGatewayId ? `egress-only gateway ${r.egressOnlyGatewayId}` : undefined,
            r.carrierGatewayId ? `carrier gateway ${r.carrierGatewayId}` : undefined,
        ].filter((e): e is string => e !== undefined);
        if (exits.length > 0) {
            problems.push(`${routeTableId} routes ${destination} to ${exits.join(", ")}`);
        } else if (destination === "0.0.0.0/0" || destination === "::/0") {
            problems.push(`${routeTableId} has a default route (${destination})`);
        }
    }
    return problems;
}
