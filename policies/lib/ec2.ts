/** EC2 / VPC type tokens and joins shared by the network rules. */
import type { PolicyResource } from "@pulumi/policy";
import { getArray, probe } from "./access";
import { StackView } from "./define";
import { dependenciesOf, ec2Identity, ec2IdFromRef, joinByReference, JoinResult } from "./stack";

export const EC2_TYPES = {
    vpc: ["aws:ec2/vpc:Vpc", "aws:ec2/defaultVpc:DefaultVpc"],
    subnet: ["aws:ec2/subnet:Subnet", "aws:ec2/defaultSubnet:DefaultSubnet"],
    routeTable: ["aws:ec2/routeTable:RouteTable", "aws:ec2/defaultRouteTable:DefaultRouteTable"],
    route: ["aws:ec2/route:Route"],
    routeTableAssociation: ["aws:ec2/routeTableAssociation:RouteTableAssociation"],
    mainRouteTableAssociation: ["aws:ec2/mainRouteTableAssociation:MainRouteTableAssociation"],
    internetGateway: ["aws:ec2/internetGateway:InternetGateway"],
    flowLog: ["aws:ec2/flowLog:FlowLog"],
    securityGroup: ["aws:ec2/securityGroup:SecurityGroup"],
    defaultSecurityGroup: ["aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"],
    securityGroupRule: ["aws:ec2/securityGroupRule:SecurityGroupRule"],
    vpcIngressRule: ["aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"],
} as const;

/** Joins children to the VPCs of the stack by `vpcId`. */
export function joinToVpcs(stack: StackView, childTypes: readonly string[], prop = "vpcId"): JoinResult {
    return joinByReference(stack.ofType(...EC2_TYPES.vpc), stack.ofType(...childTypes), prop, ec2Identity, ec2IdFromRef);
}

/** Route-table identity: `id`, ARN id, and for a DefaultRouteTable its `defaultRouteTableId`. */
export function routeTableIdentity(r: PolicyResource): string[] {
    const ids = ec2Identity(r);
    const d = probe(r.props, "defaultRouteTableId");
    if (d.state === "known" && typeof d.value === "string") {
        ids.push(d.value);
    }
    return ids;
}

/**
 * Is `ref` (a route's `gatewayId`) an internet gateway? By value (`igw-…`,
 * or an IGW's id), else by the engine's dependency of that property on an
 * aws.ec2.InternetGateway. Throws the SDK's unknown error when it cannot tell.
 */
export function routesToInternetGateway(route: unknown, owner: PolicyResource, depsProp: string, igws: PolicyResource[]): boolean {
    const gw = probe(route, "gatewayId");
    if (gw.state === "known") {
        const id = String(gw.value);
        return id.startsWith("igw-") || igws.some((i) => ec2Identity(i).includes(id));
    }
    if (gw.state === "missing") {
        return false;
    }
    const deps = dependenciesOf(owner, depsProp);
    if (deps.some((d) => (EC2_TYPES.internetGateway as readonly string[]).includes(d.type))) {
        return true;
    }
    if (deps.length > 0) {
        // Computed from something else (a NAT gateway, an endpoint): not an IGW.
        return false;
    }
    throw gw.error;
}

/** The inline routes of a route table that lead to an internet gateway. */
export function inlineIgwRoutes(table: PolicyResource, igws: PolicyResource[]): number {
    return getArray(table.props, "routes").filter((r) => routesToInternetGateway(r, table, "routes", igws)).length;
}

/** Destinations that mean "the whole internet", per address family. */
const UNRESTRICTED_DESTINATIONS = ["0.0.0.0/0", "::/0"];

/** One route wherever it is declared: an aws.ec2.Route, or an inline entry of a route table. */
export interface DeclaredRoute {
    /** The route's fields (`gatewayId` and the destination fields below). */
    route: unknown;
    /** The resource that declares it, whose dependencies of `depsProp` tell a computed gateway apart. */
    owner: PolicyResource;
    depsProp: string;
    /** The IPv4 and IPv6 destination fields of this form of route. */
    destinations: [string, string];
    /** Where the route is, for messages: `routes[0]`, or `route`. */
    where: string;
}

/** The routes a Route, RouteTable or DefaultRouteTable declares. */
export function declaredRoutes(r: PolicyResource): DeclaredRoute[] {
    if ((EC2_TYPES.route as readonly string[]).includes(r.type)) {
        return [{ route: r.props, owner: r, depsProp: "gatewayId", destinations: ["destinationCidrBlock", "destinationIpv6CidrBlock"], where: "route" }];
    }
    return getArray(r.props, "routes").map((route, i) => ({
        route,
        owner: r,
        depsProp: "routes",
        destinations: ["cidrBlock", "ipv6CidrBlock"],
        where: `routes[${i}]`,
    }));
}

/**
 * The unrestricted destination (`0.0.0.0/0` or `::/0`) a route sends to an
 * internet gateway, or undefined. The gateway is decided first, so an unknown
 * destination matters (and is thrown for the SDK) only on an IGW route.
 */
export function unrestrictedIgwDestination(d: DeclaredRoute, igws: PolicyResource[]): string | undefined {
    if (!routesToInternetGateway(d.route, d.owner, d.depsProp, igws)) {
        return undefined;
    }
    for (const field of d.destinations) {
        const dest = probe(d.route, field);
        if (dest.state === "unknown") {
            throw dest.error;
        }
        if (dest.state === "known" && UNRESTRICTED_DESTINATIONS.includes(String(dest.value))) {
            return String(dest.value);
        }
    }
    return undefined;
}
