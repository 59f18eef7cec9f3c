/**
 * A "connected" sandbox VPC on `awsx.ec2.Vpc`, for experiments that need the
 * internet (pip, Hugging Face, GitHub).
 *
 * NOT COMPLIANT for regulated environments. awsx always creates an internet
 * gateway and public subnets, and NAT gateways give the private subnets a
 * route to the internet, so nothing stops data leaving. Never put PHI, card
 * data or production credentials in it. The policy packs flag the
 * `awsx:ec2:Vpc` type in regulated stacks, and the VPC carries the tag
 * `ml-platform:compliance = non-compliant-sandbox` so AWS Config and cost
 * reports can find it.
 *
 * awsx.ec2.Vpc is a remote (multi-language) component: its subnets, gateways
 * and routes are created by the awsx plugin, so under unit-test mocks only the
 * `awsx:ec2:Vpc` resource and its inputs are visible. Use
 * {@link IsolatedNetwork} wherever the network itself must be inspectable.
 */
import * as awsx from "@pulumi/awsx";
import * as pulumi from "@pulumi/pulumi";
import { mergeTags } from "../lib/tags";
import { ValidationError, checkCidr, checkInteger } from "../lib/validation";

/** How many NAT gateways the sandbox's private subnets share. */
export enum SandboxNatGateways {
    /** One NAT gateway for the whole VPC: cheapest, one AZ's outage cuts egress. */
    Single = "Single",
    /** One NAT gateway per AZ. */
    OnePerAz = "OnePerAz",
}

/** Arguments of {@link ConnectedSandboxVpc}. */
export interface ConnectedSandboxVpcArgs {
    /**
     * Must be `true`: states that this VPC has internet access and is not for
     * regulated data. There is no compliant way to use this component, so
     * choosing it is never a default.
     */
    allowInternetAccess: boolean;
    /**
     * The VPC's IPv4 range, /16 to /22. Keep it apart from the isolated
     * network's range so the two can never be peered by accident into
     * overlapping routes.
     * @default "10.99.0.0/16"
     */
    cidrBlock?: string;
    /**
     * AZs to spread the public and private subnets over, 2 to 3.
     * @default 2
     */
    availabilityZoneCount?: number;
    /**
     * NAT gateways for the private subnets' egress.
     * @default SandboxNatGateways.Single
     */
    natGateways?: SandboxNatGateways;
    /**
     * Tags for the VPC and (through awsx) its children.
     * @default {}
     */
    tags?: { [key: string]: string };
}

/** Checks {@link ConnectedSandboxVpcArgs}; throws a {@link ValidationError} naming the bad field. */
export function validateConnectedSandboxVpcArgs(args: ConnectedSandboxVpcArgs): void {
    if (args.allowInternetAccess !== true) {
        throw new ValidationError(
            "ConnectedSandboxVpc.allowInternetAccess",
            "true, acknowledging that this VPC reaches the internet and must not hold regulated data (use IsolatedNetwork otherwise)",
            args.allowInternetAccess,
        );
    }
    checkCidr("ConnectedSandboxVpc.cidrBlock", args.cidrBlock, 16, 22);
    checkInteger("ConnectedSandboxVpc.availabilityZoneCount", args.availabilityZoneCount, 2, 3);
    const strategies = Object.values(SandboxNatGateways) as string[];
    if (args.natGateways !== undefined && !strategies.includes(args.natGateways)) {
        throw new ValidationError("ConnectedSandboxVpc.natGateways", `one of ${strategies.map((s) => `"${s}"`).join(", ")}`, args.natGateways);
    }
}

/** A sandbox VPC with internet access. Non-compliant by design; see the module comment. */
export class ConnectedSandboxVpc extends pulumi.ComponentResource {
    /** The VPC's id. */
    readonly vpcId: pulumi.Output<string>;
    /** The public subnets (routed to the internet gateway). */
    readonly publicSubnetIds: pulumi.Output<string[]>;
    /** The private subnets (routed to the NAT gateways). */
    readonly privateSubnetIds: pulumi.Output<string[]>;

    constructor(name: string, args: ConnectedSandboxVpcArgs, opts?: pulumi.ComponentResourceOptions) {
        validateConnectedSandboxVpcArgs(args);
        super("ml-platform:index:ConnectedSandboxVpc", name, {}, opts);

        const vpc = new awsx.ec2.Vpc(
            `${name}-vpc`,
            {
                cidrBlock: args.cidrBlock ?? "10.99.0.0/16",
                numberOfAvailabilityZones: args.availabilityZoneCount ?? 2,
                enableDnsSupport: true,
                enableDnsHostnames: true,
                natGateways: { strategy: args.natGateways ?? SandboxNatGateways.Single },
                subnetStrategy: "Auto",
                subnetSpecs: [{ type: "Public" }, { type: "Private" }],
                tags: mergeTags(args.tags, { Name: `${name}-sandbox`, "ml-platform:compliance": "non-compliant-sandbox" }),
            },
            { parent: this },
        );

        this.vpcId = vpc.vpcId;
        this.publicSubnetIds = vpc.publicSubnetIds;
        this.privateSubnetIds = vpc.privateSubnetIds;
        this.registerOutputs({ vpcId: this.vpcId, publicSubnetIds: this.publicSubnetIds, privateSubnetIds: this.privateSubnetIds });
    }
}
