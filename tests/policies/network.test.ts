import * as assert from "assert";
import { ec2DefaultSecurityGroupEnforceClosed } from "../../policies/rules/ec2/DefaultSecurityGroup/enforceClosed";
import { ec2SecurityGroupDisallowPublicIngress } from "../../policies/rules/ec2/SecurityGroup/disallowPublicIngress";
import { ec2SubnetDisallowInternetGatewayRoute } from "../../policies/rules/ec2/Subnet/disallowInternetGatewayRoute";
import { ec2SubnetDisallowPublicIpMapping } from "../../policies/rules/ec2/Subnet/disallowPublicIpMapping";
import { ec2VpcDisallowAwsxVpc } from "../../policies/rules/ec2/Vpc/disallowAwsxVpc";
import { ec2VpcEnableFlowLogs } from "../../policies/rules/ec2/Vpc/enableFlowLogs";
import { ec2RouteTableDisallowUnrestrictedInternetGatewayRoute } from "../../policies/rules/ec2/RouteTable/disallowUnrestrictedInternetGatewayRoute";
import { ec2InternetGatewayDisallowVpcAttachment } from "../../policies/rules/ec2/InternetGateway/disallowVpcAttachment";
import { T, withProps, without } from "./awsFixtures";
import { runStack, TestResource, UNKNOWN } from "./harness";
import { assertNotApplicable, assertOutcome, assertUnknown, assertViolations, check } from "./sagemakerTesting";

/** A VPC with one private subnet (tagged for ML) and one public subnet behind an IGW. */
function network(): TestResource[] {
    return [
        { type: T.vpc, name: "vpc", props: { id: "vpc-1", cidrBlock: "10.0.0.0/16", defaultRouteTableId: "rtb-main" } },
        { type: T.igw, name: "igw", props: { id: "igw-1", vpcId: "vpc-1" } },
        { type: T.subnet, name: "private", props: { id: "subnet-priv", vpcId: "vpc-1", tags: { workload: "ml" } } },
        { type: T.subnet, name: "public", props: { id: "subnet-pub", vpcId: "vpc-1" } },
        { type: T.routeTable, name: "private-rt", props: { id: "rtb-priv", vpcId: "vpc-1", routes: [] } },
        { type: T.routeTable, name: "public-rt", props: { id: "rtb-pub", vpcId: "vpc-1", routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: "igw-1" }] } },
        { type: T.rta, name: "private-rta", props: { subnetId: "subnet-priv", routeTableId: "rtb-priv" } },
        { type: T.rta, name: "public-rta", props: { subnetId: "subnet-pub", routeTableId: "rtb-pub" } },
    ];
}

describe("aws-ec2-subnet-disallow-internet-gateway-route", () => {
    const p = ec2SubnetDisallowInternetGatewayRoute;
    const domain = (subnet: string): TestResource => ({ type: "aws:sagemaker/domain:Domain", name: "domain", props: { subnetIds: [subnet], vpcId: "vpc-1" } });

    it("passes an ML subnet whose route table has no IGW route (public subnets elsewhere are fine)", async () => {
        assertOutcome(await runStack(p, network()), "compliant");
    });
    it("reports an ML subnet routed to the IGW by an inline route", async () => {
        const r = await runStack(
            p,
            withProps(network(), "private-rta", (x) => (x.routeTableId = "rtb-pub")),
        );
        assertViolations(r, 1, 'private (aws:ec2/subnet:Subnet): hosts ML workloads but its route table "public-rt" routes to an internet gateway');
    });
    it("reports an aws.ec2.Route to the IGW on the ML subnet's table", async () => {
        const route: TestResource = { type: T.route, name: "leak", props: { routeTableId: "rtb-priv", destinationCidrBlock: "0.0.0.0/0", gatewayId: "igw-1" } };
        assertViolations(await runStack(p, [...network(), route]), 1, '(route "leak")');
    });
    it("finds ML subnets through SageMaker resources, by value and by dependency", async () => {
        const untagged = withProps(
            withProps(network(), "public", (x) => (x.tags = {})),
            "private",
            (x) => (x.tags = {}),
        );
        assertViolations(await runStack(p, [...untagged, domain("subnet-pub")]), 1, "public (aws:ec2/subnet:Subnet)");
        const viaDeps: TestResource = { ...domain(UNKNOWN.string), propertyDependencies: { subnetIds: ["public"] } };
        assertViolations(await runStack(p, [...untagged, viaDeps]), 1, "public (aws:ec2/subnet:Subnet)");
        assertOutcome(await runStack(p, untagged), "compliant");
    });
    it("uses the VPC's main route table for a subnet without an association (missing value)", async () => {
        const main: TestResource = {
            type: "aws:ec2/defaultRouteTable:DefaultRouteTable",
            name: "main-rt",
            props: { defaultRouteTableId: "rtb-main", routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: "igw-1" }] },
        };
        assertViolations(await runStack(p, [...without(network(), "private-rta"), main]), 1, '"main-rt" routes to an internet gateway');
    });
    it("treats an unknown gateway that depends on an internet gateway as an IGW route", async () => {
        const route: TestResource = {
            type: T.route,
            name: "leak",
            props: { routeTableId: "rtb-priv", gatewayId: UNKNOWN.string },
            propertyDependencies: { gatewayId: ["igw"] },
        };
        assertViolations(await runStack(p, [...network(), route]), 1, "leak");
    });
    it("surfaces an unknown gateway with no dependency information the way the SDK does", async () => {
        const route: TestResource = { type: T.route, name: "r", props: { routeTableId: "rtb-priv", gatewayId: UNKNOWN.string } };
        assertUnknown(await runStack(p, [...network(), route]), "gatewayId");
    });
    it("is not applicable to a stack without subnets", async () => {
        assertNotApplicable(await runStack(p, [{ type: T.vpc, props: {} }]), "aws:ec2/subnet:Subnet");
    });
});

describe("aws-ec2-subnet-disallow-public-ip-mapping", () => {
    const p = ec2SubnetDisallowPublicIpMapping;
    it("passes false and unset on a Subnet (missing value)", async () => {
        assertOutcome(await check(p, T.subnet, { vpcId: "v", mapPublicIpOnLaunch: false }), "compliant");
        assertOutcome(await check(p, T.subnet, { vpcId: "v" }), "compliant");
    });
    it("reports true, and an unset value on a default subnet (whose default is true)", async () => {
        assertViolations(await check(p, T.subnet, { vpcId: "v", mapPublicIpOnLaunch: true }), 1, "maps public IPs on launch");
        assertViolations(await check(p, "aws:ec2/defaultSubnet:DefaultSubnet", { availabilityZone: "us-east-1a" }), 1, "default subnet's default");
    });
    it("surfaces an unknown value the way the SDK does", async () => {
        assertUnknown(await check(p, T.subnet, { vpcId: "v", mapPublicIpOnLaunch: UNKNOWN.boolean }), "mapPublicIpOnLaunch");
    });
});

describe("aws-ec2-securitygroup-disallow-public-ingress", () => {
    const p = ec2SecurityGroupDisallowPublicIngress;
    const sg = (ingress: object[]) => ({ vpcId: "v", ingress });

    it("passes ingress from the VPC CIDR and from a security group", async () => {
        assertOutcome(await check(p, T.sg, sg([{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.0.0.0/16"] }])), "compliant");
        assertOutcome(
            await check(p, T.ingressRule, { securityGroupId: "sg-1", ipProtocol: "tcp", fromPort: 443, toPort: 443, referencedSecurityGroupId: "sg-2" }),
            "compliant",
        );
    });
    it("reports 0.0.0.0/0 and ::/0 in inline rules", async () => {
        const r = await check(
            p,
            T.sg,
            sg([
                { protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] },
                { protocol: "-1", fromPort: 0, toPort: 0, ipv6CidrBlocks: ["::/0"] },
            ]),
        );
        assertViolations(r, 2, "ingress[0] allows ingress from 0.0.0.0/0 on port 22", "ingress[1] allows ingress from ::/0 on all ports");
    });
    it("reports aws.ec2.SecurityGroupRule ingress and aws.vpc.SecurityGroupIngressRule, but not egress rules", async () => {
        assertViolations(
            await check(p, T.sgRule, { type: "ingress", securityGroupId: "sg", protocol: "tcp", fromPort: 0, toPort: 65535, cidrBlocks: ["0.0.0.0/0"] }),
            1,
            "ports 0-65535",
        );
        assertViolations(
            await check(p, T.ingressRule, { securityGroupId: "sg", ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv6: "::/0" }),
            1,
            "::/0 on port 443",
        );
        assertOutcome(
            await check(p, T.sgRule, { type: "egress", securityGroupId: "sg", protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }),
            "compliant",
        );
    });
    it("reports the default security group's inline ingress too", async () => {
        assertViolations(await check(p, T.defaultSg, sg([{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }])), 1, "0.0.0.0/0");
    });
    it("allows configured ports only", async () => {
        const https = sg([{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }]);
        assertOutcome(await check(p, T.sg, https, { allowedPorts: [443] }), "compliant");
        assertViolations(
            await check(p, T.sg, sg([{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }]), { allowedPorts: [443] }),
            1,
            "all ports",
        );
    });
    it("passes a group with no ingress at all (missing value)", async () => {
        assertOutcome(await check(p, T.sg, { vpcId: "v" }), "compliant");
    });
    it("surfaces an unknown CIDR the way the SDK does, and still reports the other rules", async () => {
        const r = await check(
            p,
            T.sg,
            sg([
                { protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: [UNKNOWN.string] },
                { protocol: "tcp", fromPort: 80, toPort: 80, cidrBlocks: ["0.0.0.0/0"] },
            ]),
        );
        assertViolations(r, 1, "ingress[1]");
        assert.ok(
            r.previewDiagnostics.some((d) => d.includes("cidrBlocks")),
            JSON.stringify(r.previewDiagnostics),
        );
    });
});

describe("aws-ec2-defaultsecuritygroup-enforce-closed", () => {
    const p = ec2DefaultSecurityGroupEnforceClosed;
    const vpc: TestResource = { type: T.vpc, name: "vpc", props: { id: "vpc-1" } };
    it("passes a VPC whose default group is adopted with no rules", async () => {
        assertOutcome(await runStack(p, [vpc, { type: T.defaultSg, name: "dsg", props: { vpcId: "vpc-1" } }]), "compliant");
    });
    it("reports a VPC whose default group is not adopted (missing value)", async () => {
        assertViolations(await runStack(p, [vpc]), 1, "vpc (aws:ec2/vpc:Vpc): its default security group is not adopted");
    });
    it("reports a default group that keeps rules", async () => {
        const open: TestResource = {
            type: T.defaultSg,
            name: "dsg",
            props: { vpcId: "vpc-1", egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }] },
        };
        assertViolations(await runStack(p, [vpc, open]), 1, "keeps 0 ingress and 1 egress rule(s)");
    });
    it("joins by dependency when the vpcId is unknown during a preview", async () => {
        assertOutcome(
            await runStack(p, [vpc, { type: T.defaultSg, name: "dsg", props: { vpcId: UNKNOWN.string }, propertyDependencies: { vpcId: ["vpc"] } }]),
            "compliant",
        );
    });
    it("surfaces an unknown vpcId without dependency information the way the SDK does", async () => {
        assertUnknown(await runStack(p, [vpc, { type: T.defaultSg, name: "dsg", props: { vpcId: UNKNOWN.string } }]), "vpcId");
    });
});

describe("aws-ec2-vpc-enable-flow-logs", () => {
    const p = ec2VpcEnableFlowLogs;
    const vpc: TestResource = { type: T.vpc, name: "vpc", props: { id: "vpc-1" } };
    const log = (props: object): TestResource => ({
        type: T.flowLog,
        name: "fl",
        props: { vpcId: "vpc-1", trafficType: "ALL", logDestination: "arn:aws:logs:us-east-1:1:log-group:x", ...props },
    });
    it("passes a VPC with an ALL-traffic flow log", async () => {
        assertOutcome(await runStack(p, [vpc, log({})]), "compliant");
    });
    it("reports a VPC without a flow log (missing value), and one for another VPC doesn't count", async () => {
        assertViolations(await runStack(p, [vpc]), 1, "vpc (aws:ec2/vpc:Vpc): has no flow log");
        assertViolations(await runStack(p, [vpc, log({ vpcId: "vpc-other" })]), 1, "has no flow log");
    });
    it("reports a REJECT-only flow log unless configured", async () => {
        assertViolations(await runStack(p, [vpc, log({ trafficType: "REJECT" })]), 1, "capturing ALL traffic");
        assertOutcome(await runStack(p, [vpc, log({ trafficType: "REJECT" })], { config: { allowedTrafficTypes: ["ALL", "REJECT"] } }), "compliant");
    });
    it("surfaces an unknown traffic type the way the SDK does", async () => {
        assertUnknown(await runStack(p, [vpc, log({ trafficType: UNKNOWN.string })]), "trafficType");
    });
});

describe("aws-ec2-vpc-disallow-awsx-vpc", () => {
    const p = ec2VpcDisallowAwsxVpc;
    it("passes a stack whose VPC is not awsx's", async () => {
        assertNotApplicable(await runStack(p, network()), "awsx:ec2:Vpc");
    });
    it("reports an awsx Vpc component in a regulated stack", async () => {
        assertViolations(await runStack(p, [{ type: "awsx:ec2:Vpc", name: "net", props: {} }, ...network()]), 1, "net (awsx:ec2:Vpc)");
    });
    it("is not applicable outside regulated stacks", async () => {
        assertNotApplicable(await runStack(p, [{ type: "awsx:ec2:Vpc", name: "net", props: {} }], { config: { regulated: false } }), "not regulated");
    });
    it("needs no property of the component, so missing and unknown props don't matter", async () => {
        assertViolations(await runStack(p, [{ type: "awsx:ec2:Vpc", name: "net", props: { cidrBlock: UNKNOWN.string } }]), 1, "net");
    });
});

describe("aws-ec2-routetable-disallow-unrestricted-internet-gateway-route", () => {
    const p = ec2RouteTableDisallowUnrestrictedInternetGatewayRoute;
    /** The network above without its public route: no table reaches the IGW. */
    const closed = () => withProps(network(), "public-rt", (x) => (x.routes = []));
    const route = (props: Record<string, unknown>, propertyDependencies?: Record<string, string[]>): TestResource => ({
        type: T.route,
        name: "default-route",
        props: { routeTableId: "rtb-priv", ...props },
        ...(propertyDependencies ? { propertyDependencies } : {}),
    });

    it("passes tables whose routes stay inside the VPC or go elsewhere than an IGW", async () => {
        assertOutcome(await runStack(p, closed()), "compliant");
        assertOutcome(await runStack(p, [...closed(), route({ destinationCidrBlock: "0.0.0.0/0", natGatewayId: "nat-1" })]), "compliant");
        assertOutcome(await runStack(p, [...closed(), route({ destinationCidrBlock: "203.0.113.0/24", gatewayId: "igw-1" })]), "compliant");
    });
    it("reports an inline 0.0.0.0/0 route to an IGW on any table, not only ML subnets'", async () => {
        assertViolations(await runStack(p, network()), 1, "public-rt (aws:ec2/routeTable:RouteTable): routes[0] sends 0.0.0.0/0 to an internet gateway");
    });
    it("reports aws.ec2.Route and DefaultRouteTable routes, IPv4 and IPv6", async () => {
        const main: TestResource = {
            type: "aws:ec2/defaultRouteTable:DefaultRouteTable",
            name: "main-rt",
            props: { defaultRouteTableId: "rtb-main", routes: [{ ipv6CidrBlock: "::/0", gatewayId: "igw-1" }] },
        };
        const r = await runStack(p, [...closed(), main, route({ destinationIpv6CidrBlock: "::/0", gatewayId: "igw-0abc" })]);
        assertViolations(r, 2, "main-rt (aws:ec2/defaultRouteTable:DefaultRouteTable): routes[0] sends ::/0");
        assert.ok(r.violations.some((v) => v.message.includes("default-route (aws:ec2/route:Route): route sends ::/0")));
    });
    it("treats a route without a destination or gateway as no IGW route (missing value)", async () => {
        assertOutcome(await runStack(p, [...closed(), route({ gatewayId: "igw-1" }), route({ destinationCidrBlock: "0.0.0.0/0" })]), "compliant");
    });
    it("treats an unknown gateway computed from an IGW as an IGW route", async () => {
        assertViolations(
            await runStack(p, [...closed(), route({ destinationCidrBlock: "0.0.0.0/0", gatewayId: UNKNOWN.string }, { gatewayId: ["igw"] })]),
            1,
            "default-route",
        );
    });
    it("surfaces an unknown gateway, or an unknown destination of an IGW route, the way the SDK does", async () => {
        assertUnknown(await runStack(p, [...closed(), route({ destinationCidrBlock: "0.0.0.0/0", gatewayId: UNKNOWN.string })]), "gatewayId");
        assertUnknown(await runStack(p, [...closed(), route({ destinationCidrBlock: UNKNOWN.string, gatewayId: "igw-1" })]), "destinationCidrBlock");
    });
});

describe("aws-ec2-internetgateway-disallow-vpc-attachment", () => {
    const p = ec2InternetGatewayDisallowVpcAttachment;
    const attachment = "aws:ec2/internetGatewayAttachment:InternetGatewayAttachment";

    it("passes a detached gateway, and one attached to an authorized VPC", async () => {
        assertOutcome(await check(p, T.igw, {}), "compliant");
        assertOutcome(await check(p, T.igw, { vpcId: "vpc-1" }, { authorizedVpcIds: ["vpc-1"] }), "compliant");
    });
    it("reports a gateway or an attachment on a VPC in a regulated stack, known or computed", async () => {
        assertViolations(await check(p, T.igw, { vpcId: "vpc-1" }), 1, "attaches an internet gateway to VPC vpc-1");
        assertViolations(await check(p, attachment, { vpcId: UNKNOWN.string, internetGatewayId: "igw-1" }), 1, "to VPC (computed)");
    });
    it("reports an attachment without a vpcId (missing value)", async () => {
        assertViolations(await check(p, attachment, { internetGatewayId: "igw-1" }), 1, "names no vpcId");
    });
    it("surfaces an unknown VPC id the way the SDK does when an authorized list decides", async () => {
        assertUnknown(await check(p, T.igw, { vpcId: UNKNOWN.string }, { authorizedVpcIds: ["vpc-1"] }), "vpcId");
    });
    it("does not apply outside regulated stacks", async () => {
        assertNotApplicable(await check(p, T.igw, { vpcId: "vpc-1" }, { regulated: false }), "not regulated");
    });
});
