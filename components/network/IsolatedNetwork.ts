/**
 * A VPC with no way out: private subnets, no internet or NAT gateway, and
 * VPC endpoints for every AWS service the ML workloads call.
 *
 * Built from @pulumi/aws primitives only, so every subnet, route table,
 * endpoint and security-group rule is a resource of its own that a preview,
 * the tests and the policy packs can inspect.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PolicyStatement, policyDocument, toJson } from "../lib/policyDocument";
import { dataOptions } from "../lib/protection";
import { mergeTags } from "../lib/tags";
import { ValidationError, checkCidr, checkInteger, checkLogRetentionDays, checkRequired, isKnown } from "../lib/validation";
import { adoptedRouteProblems, adoptedSubnetProblems } from "./adopt";
import { carveSubnetCidrs, isRfc1918 } from "./cidr";
import {
    DEFAULT_INTERFACE_ENDPOINT_SERVICES,
    interfaceEndpointServiceName,
    pickEndpointZones,
    s3GatewayEndpointPolicy,
    sagemakerServiceBucketArns,
    serviceSlug,
} from "./endpoints";

/** An existing VPC to adopt instead of creating one. */
export interface ExistingNetworkArgs {
    /**
     * The VPC to adopt. Its CIDR, subnets, routing and DNS settings stay as
     * they are; the component adds the endpoints, security groups and flow
     * log. The VPC must have DNS support and DNS hostnames enabled, or the
     * endpoints' private DNS names won't resolve.
     */
    vpcId: pulumi.Input<string>;
    /**
     * Private subnets of `vpcId`, each in a different AZ (interface endpoints
     * take at most one subnet per AZ). At least two, so workloads and
     * endpoints survive the loss of an AZ. They are looked up at deploy time:
     * a subnet outside the VPC, one that maps public IPs, or two in one AZ
     * stop the deployment before any endpoint is created.
     */
    subnetIds: pulumi.Input<string>[];
    /**
     * The route tables of those subnets; the S3 gateway endpoint adds its
     * prefix-list route to each. They are looked up at deploy time too: a
     * route to an internet, NAT, egress-only or carrier gateway, or any
     * default route, stops the deployment. Routes to specific private ranges
     * (a corporate network, a peered VPC) are allowed. The component only
     * checks; it does not take over these tables' routes.
     */
    routeTableIds: pulumi.Input<string>[];
    /**
     * A security group the workloads already use. When given, no workload
     * group is created and no rules are added to it (rules on a group the
     * component doesn't own would fight with its owner); only the endpoint
     * group's ingress names it. Its owner must allow egress on 443 to the
     * endpoint group and to the S3 prefix list.
     * @default a workload security group is created
     */
    workloadSecurityGroupId?: pulumi.Input<string>;
    /**
     * Services (short names, as in `interfaceEndpointServices`) the adopted
     * VPC already has a private-DNS interface endpoint for. AWS refuses a
     * second private-DNS endpoint for the same service in one VPC, so these
     * are skipped; securing them stays with their owner.
     * @default []
     */
    servicesWithExistingEndpoints?: string[];
}

/** Arguments of {@link IsolatedNetwork}. */
export interface IsolatedNetworkArgs {
    /**
     * The VPC's IPv4 range, RFC 1918 private, from /16 to /22. It is cut into
     * eight equal slots and subnet `i` takes slot `i`, so a /16 gives /19
     * subnets (8,187 usable addresses each). Interface endpoints take one
     * address per service per subnet and Studio two to four per user, which is
     * why nothing smaller than /22 (/25 subnets) is accepted.
     * @default "10.20.0.0/16"
     */
    cidrBlock?: string;
    /**
     * How many AZs get a private subnet, from 2 to 6. Two or more keep
     * training, endpoints and Studio running when one AZ fails. The first N
     * available, non-opt-in AZs of the region in which every interface
     * endpoint service is offered are used (some AZs, like us-east-1's
     * use1-az3, lack several). That choice is re-evaluated on every `up`: if
     * AWS later offers a missing service in an AZ that sorts earlier, the
     * pick moves and the subnets would be replaced. Production stacks should
     * therefore pin `availabilityZones`.
     * @default 2
     */
    availabilityZoneCount?: number;
    /**
     * Exact AZ names to use instead of the first N (e.g. to avoid an AZ
     * without Trainium capacity, or to pin the layout in production). Two to
     * six distinct names; when `availabilityZoneCount` is also given they must
     * agree. Each must offer every interface endpoint service, or the
     * deployment stops with an error naming the services missing.
     * @default the first `availabilityZoneCount` available AZs
     */
    availabilityZones?: string[];
    /**
     * Adopt an existing VPC instead of creating one. Then `cidrBlock`,
     * `availabilityZoneCount` and `availabilityZones` must not be given, and
     * no VPC, subnet, route table or default route table is managed; the
     * endpoints, security groups, flow log and (see
     * `restrictDefaultSecurityGroup`) default security group still are.
     * @default a new VPC is created
     */
    existing?: ExistingNetworkArgs;
    /**
     * The platform's buckets, as bucket ARNs (`arn:aws:s3:::name`) or prefix
     * patterns (`arn:aws:s3:::mlp-prod-*`, at least three characters before
     * the `*`). The S3 gateway endpoint only lets this account's principals
     * reach this account's buckets among these; every other bucket in the
     * world is unreachable from the VPC, which closes the "copy the data to my
     * own bucket" exfiltration path.
     */
    allowedBucketArns: pulumi.Input<string>[];
    /**
     * AWS-owned buckets (or objects) workloads may read through the S3
     * endpoint. Replaces the default list; `[]` allows none. Only
     * `s3:GetObject` and `s3:ListBucket` are allowed on them.
     * @default the ECR layer bucket and the JumpStart caches of the stack's region (see `sagemakerServiceBucketArns`)
     */
    awsServiceBucketArns?: pulumi.Input<string>[];
    /**
     * More interface endpoints, by short service name (`secretsmanager`,
     * `servicecatalog`, `athena`...), added to the default list. Without an
     * endpoint, a call to that service from the VPC fails: there is no route
     * to its public address.
     * @default [] (only the default list: SageMaker API, runtime, feature store, metrics, Studio, notebook, STS, Logs, CloudWatch, ECR API and DKR, KMS, Glue, Step Functions, SSM)
     */
    interfaceEndpointServices?: string[];
    /**
     * How many of the subnets (the first N) get the interface endpoints'
     * network interfaces. Private DNS makes an endpoint answer for the whole
     * VPC whatever its subnets, so fewer only saves the hourly charge per AZ;
     * workloads in other AZs then cross AZs to reach it and lose AWS APIs if
     * the endpoint's AZ fails. Dev uses 1; production keeps all.
     * @default every subnet
     */
    endpointAzCount?: number;
    /**
     * IPv4 ranges (e.g. the corporate network behind a VPN or Direct Connect)
     * allowed to reach the endpoints on 443, so a browser can open a
     * VPC-only Studio through the `aws.sagemaker.<region>.studio` endpoint.
     * Must be /8 or longer: `0.0.0.0/0` is refused.
     * @default [] (only the workload security group)
     */
    endpointClientCidrBlocks?: string[];
    /**
     * Further security groups (e.g. a Glue connection's group) allowed to
     * reach the endpoints on 443.
     * @default []
     */
    endpointClientSecurityGroupIds?: pulumi.Input<string>[];
    /**
     * Allow all protocols and ports between members of the workload security
     * group, in both directions. Multi-node training with EFA (trn1/trn2) and
     * Glue Spark jobs need it; Studio alone doesn't. Off, only NFS (2049) and
     * TCP 8192-65535 (Studio's app-to-app traffic) are open within the group.
     * Has no effect when `existing.workloadSecurityGroupId` is given.
     * @default false
     */
    allowAllTrafficWithinWorkloadGroup?: boolean;
    /**
     * Manage the VPC's default security group with no rules at all, so
     * anything launched without an explicit group can talk to nothing
     * (CIS AWS 5.4, PCI DSS 1.3). In adoption mode this strips the existing
     * default group's rules: turn it off only while something still relies
     * on them, and fix that.
     * @default true
     */
    restrictDefaultSecurityGroup?: boolean;
    /**
     * KMS key ARN for the flow-log group. Its key policy must let
     * `logs.<region>.amazonaws.com` use it for log groups named
     * `/vpc-flow-logs/*` (encryption context `aws:logs:arn`).
     */
    logsKmsKeyArn: pulumi.Input<string>;
    /**
     * Days the flow logs are kept, one of CloudWatch Logs' allowed periods.
     * A year keeps a full audit cycle of network evidence (HIPAA, PCI DSS 10.5.1).
     * @default 365
     */
    flowLogRetentionDays?: number;
    /**
     * Protect and retain the flow-log group: `pulumi destroy` and
     * replacements stop instead of deleting the network evidence.
     * @default true
     */
    protect?: boolean;
    /**
     * Tags for every taggable child.
     * @default {}
     */
    tags?: { [key: string]: string };
}

const DEFAULT_CIDR = "10.20.0.0/16";
const DEFAULT_AZ_COUNT = 2;
const MIN_AZS = 2;
const MAX_AZS = 6;
const DEFAULT_RETENTION_DAYS = 365;
const AZ_NAME = /^[a-z]{2}(-[a-z]+)+-\d+[a-z]$/;
const BUCKET_ARN = /^arn:aws(-[a-z]+)*:s3:::[a-z0-9][a-z0-9.-]{2,62}\*?$/;
const S3_ARN = /^arn:aws(-[a-z]+)*:s3:::[a-z0-9][a-z0-9.-]{2,}/;
const SERVICE = /^[a-z0-9]+([.-][a-z0-9]+)*$/;
const VPC_ID = /^vpc-[0-9a-f]{8}([0-9a-f]{9})?$/;
const SUBNET_ID = /^subnet-[0-9a-f]{8}([0-9a-f]{9})?$/;
const ROUTE_TABLE_ID = /^rtb-[0-9a-f]{8}([0-9a-f]{9})?$/;
const SG_ID = /^sg-[0-9a-f]{8}([0-9a-f]{9})?$/;

function checkPattern(field: string, value: pulumi.Input<string> | undefined, pattern: RegExp, expected: string): void {
    if (value !== undefined && isKnown(value) && !pattern.test(value)) {
        throw new ValidationError(field, expected, value);
    }
}

function checkUnique(field: string, values: unknown[]): void {
    const known = values.filter((v) => isKnown(v));
    if (new Set(known).size !== known.length) {
        throw new ValidationError(field, "distinct values", values);
    }
}

/** How many subnets the network will have, from known args. */
function subnetCount(args: IsolatedNetworkArgs): number {
    if (args.existing) {
        return args.existing.subnetIds.length;
    }
    return args.availabilityZones?.length ?? args.availabilityZoneCount ?? DEFAULT_AZ_COUNT;
}

/**
 * Checks {@link IsolatedNetworkArgs}; throws a {@link ValidationError} naming
 * the first bad field. Pure: runs before any resource is registered.
 */
export function validateIsolatedNetworkArgs(args: IsolatedNetworkArgs): void {
    const f = (field: string) => `IsolatedNetwork.${field}`;
    if (args.existing) {
        const given = (["cidrBlock", "availabilityZoneCount", "availabilityZones"] as const).filter((k) => args[k] !== undefined);
        if (given.length > 0) {
            throw new ValidationError(f(given[0]), `nothing when "existing" adopts a VPC (the adopted VPC's own range and AZs are used)`, args[given[0]]);
        }
        const ex = args.existing;
        checkRequired(f("existing.vpcId"), ex.vpcId, 'a VPC id such as "vpc-0123456789abcdef0"');
        checkPattern(f("existing.vpcId"), ex.vpcId, VPC_ID, 'a VPC id such as "vpc-0123456789abcdef0"');
        if (!Array.isArray(ex.subnetIds) || ex.subnetIds.length < MIN_AZS || ex.subnetIds.length > 16) {
            throw new ValidationError(f("existing.subnetIds"), `a list of ${MIN_AZS} to 16 private subnet ids, one per AZ`, ex.subnetIds);
        }
        ex.subnetIds.forEach((id, i) => checkPattern(f(`existing.subnetIds[${i}]`), id, SUBNET_ID, 'a subnet id such as "subnet-0123456789abcdef0"'));
        checkUnique(f("existing.subnetIds"), ex.subnetIds);
        checkRequired(f("existing.routeTableIds"), ex.routeTableIds, "a non-empty list of the subnets' route table ids");
        ex.routeTableIds.forEach((id, i) =>
            checkPattern(f(`existing.routeTableIds[${i}]`), id, ROUTE_TABLE_ID, 'a route table id such as "rtb-0123456789abcdef0"'),
        );
        checkUnique(f("existing.routeTableIds"), ex.routeTableIds);
        checkPattern(f("existing.workloadSecurityGroupId"), ex.workloadSecurityGroupId, SG_ID, 'a security group id such as "sg-0123456789abcdef0"');
        (ex.servicesWithExistingEndpoints ?? []).forEach((s, i) =>
            checkPattern(f(`existing.servicesWithExistingEndpoints[${i}]`), s, SERVICE, 'a short service name such as "sts"'),
        );
    } else {
        checkCidr(f("cidrBlock"), args.cidrBlock, 16, 22);
        if (args.cidrBlock !== undefined && !isRfc1918(args.cidrBlock)) {
            throw new ValidationError(f("cidrBlock"), "a private (RFC 1918) range inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16", args.cidrBlock);
        }
        checkInteger(f("availabilityZoneCount"), args.availabilityZoneCount, MIN_AZS, MAX_AZS);
        const azs = args.availabilityZones;
        if (azs !== undefined) {
            if (!Array.isArray(azs) || azs.length < MIN_AZS || azs.length > MAX_AZS) {
                throw new ValidationError(f("availabilityZones"), `a list of ${MIN_AZS} to ${MAX_AZS} AZ names`, azs);
            }
            azs.forEach((az, i) => checkPattern(f(`availabilityZones[${i}]`), az, AZ_NAME, 'an AZ name such as "us-east-1a"'));
            checkUnique(f("availabilityZones"), azs);
            if (args.availabilityZoneCount !== undefined && args.availabilityZoneCount !== azs.length) {
                throw new ValidationError(
                    f("availabilityZoneCount"),
                    `${azs.length}, the number of availabilityZones given (or leave it out)`,
                    args.availabilityZoneCount,
                );
            }
        }
    }

    checkRequired(f("allowedBucketArns"), args.allowedBucketArns, 'a non-empty list of the platform\'s bucket ARNs, e.g. ["arn:aws:s3:::mlp-prod-raw"]');
    args.allowedBucketArns.forEach((arn, i) =>
        checkPattern(
            f(`allowedBucketArns[${i}]`),
            arn,
            BUCKET_ARN,
            'a bucket ARN "arn:aws:s3:::<bucket>" or prefix pattern "arn:aws:s3:::<at least 3 characters>*", without an object path',
        ),
    );
    (args.awsServiceBucketArns ?? []).forEach((arn, i) =>
        checkPattern(f(`awsServiceBucketArns[${i}]`), arn, S3_ARN, 'an S3 ARN such as "arn:aws:s3:::prod-us-east-1-starport-layer-bucket/*"'),
    );
    (args.interfaceEndpointServices ?? []).forEach((s, i) => {
        if (s.startsWith("com.amazonaws.") || s.startsWith("aws.")) {
            throw new ValidationError(
                f(`interfaceEndpointServices[${i}]`),
                'a short service name such as "secretsmanager" (without "com.amazonaws.<region>.")',
                s,
            );
        }
        checkPattern(f(`interfaceEndpointServices[${i}]`), s, SERVICE, 'a short service name such as "secretsmanager"');
    });
    checkInteger(f("endpointAzCount"), args.endpointAzCount, 1, subnetCount(args));
    (args.endpointClientCidrBlocks ?? []).forEach((cidr, i) => checkCidr(f(`endpointClientCidrBlocks[${i}]`), cidr, 8, 32));
    (args.endpointClientSecurityGroupIds ?? []).forEach((id, i) =>
        checkPattern(f(`endpointClientSecurityGroupIds[${i}]`), id, SG_ID, 'a security group id such as "sg-0123456789abcdef0"'),
    );
    checkRequired(f("logsKmsKeyArn"), args.logsKmsKeyArn, 'the ARN of a KMS key ("arn:aws:kms:<region>:<account>:key/<id>")');
    checkPattern(
        f("logsKmsKeyArn"),
        args.logsKmsKeyArn,
        /^arn:aws(-[a-z]+)*:kms:[a-z0-9-]+:\d{12}:key\/.+$/,
        'the ARN of a KMS key ("arn:aws:kms:<region>:<account>:key/<id>")',
    );
    checkLogRetentionDays(f("flowLogRetentionDays"), args.flowLogRetentionDays);
}

/** Tags for a child: the component's tags plus a `Name` derived from the component's name. */
type Tagger = (suffix: string) => { [key: string]: string };

/** What each security-group rule allows, for its logical name and description. */
interface RuleSpec {
    suffix: string;
    description: string;
    ipProtocol: string;
    fromPort?: number;
    toPort?: number;
    referencedSecurityGroupId?: pulumi.Input<string>;
    prefixListId?: pulumi.Input<string>;
    cidrIpv4?: string;
}

/**
 * An isolated network for the ML platform: a VPC with private subnets only,
 * no internet, NAT or egress-only gateway, an S3 gateway endpoint limited to
 * the platform's buckets, private-DNS interface endpoints for the AWS APIs the
 * workloads call, locked-down security groups, an empty default security
 * group, and VPC flow logs to a KMS-encrypted log group.
 */
export class IsolatedNetwork extends pulumi.ComponentResource {
    /** The VPC's id (created or adopted). */
    readonly vpcId: pulumi.Output<string>;
    /** The private subnets workloads run in, one per AZ. */
    readonly privateSubnetIds: pulumi.Output<string[]>;
    /** The AZ of each private subnet, in the same order as `privateSubnetIds`. */
    readonly privateSubnetAvailabilityZones: pulumi.Output<string[]>;
    /** The private subnets' route tables (only the local route and the S3 prefix-list route). */
    readonly routeTableIds: pulumi.Output<string[]>;
    /** The security group to give SageMaker domains, jobs, endpoints and Glue connections. */
    readonly workloadSecurityGroupId: pulumi.Output<string>;
    /** The security group on the interface endpoints' network interfaces. */
    readonly endpointSecurityGroupId: pulumi.Output<string>;
    /** The S3 gateway endpoint's id, for `aws:SourceVpce` conditions in bucket policies. */
    readonly s3GatewayEndpointId: pulumi.Output<string>;
    /** The S3 prefix list the gateway endpoint routes, for other security groups' egress rules. */
    readonly s3PrefixListId: pulumi.Output<string>;
    /** Interface endpoint ids by short service name (`sagemaker.api`, `sts`...). */
    readonly interfaceEndpointIds: pulumi.Output<{ [service: string]: string }>;
    /** The flow-log group's name. */
    readonly flowLogGroupName: pulumi.Output<string>;
    /** The flow-log group's ARN. */
    readonly flowLogGroupArn: pulumi.Output<string>;
    /** The VPC flow log's id. */
    readonly flowLogId: pulumi.Output<string>;

    constructor(name: string, args: IsolatedNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
        validateIsolatedNetworkArgs(args);
        super("ml-platform:index:IsolatedNetwork", name, {}, opts);

        const tags = args.tags ?? {};
        const tagged = (suffix: string) => mergeTags(tags, { Name: `${name}-${suffix}` });
        const parent = { parent: this };

        const region = aws.getRegionOutput({}, parent).region;
        const partition = aws.getPartitionOutput({}, parent);
        const accountId = aws.getCallerIdentityOutput({}, parent).accountId;

        const skipped = new Set(args.existing?.servicesWithExistingEndpoints ?? []);
        const services = [...new Set([...DEFAULT_INTERFACE_ENDPOINT_SERVICES, ...(args.interfaceEndpointServices ?? [])])].filter((s) => !skipped.has(s));
        const serviceNames = new Map(
            services.map((s) => [s, pulumi.all([region, partition.reverseDnsPrefix]).apply(([r, p]) => interfaceEndpointServiceName(s, r, p))]),
        );

        const core = args.existing ? adoptCore(args.existing, this) : createCore(name, args, tags, region, [...serviceNames.values()], this);

        if (args.restrictDefaultSecurityGroup ?? true) {
            // Adopting the default group with empty rule lists removes every
            // rule AWS put there and reverts any added later.
            new aws.ec2.DefaultSecurityGroup(`${name}-default-sg`, { vpcId: core.vpcId, ingress: [], egress: [], tags: tagged("default-do-not-use") }, parent);
        }

        // --- S3 gateway endpoint -------------------------------------------------
        const awsServiceBuckets: pulumi.Input<string[]> =
            args.awsServiceBucketArns !== undefined
                ? pulumi.all(args.awsServiceBucketArns)
                : pulumi.all([region, partition.partition]).apply(([r, p]) => sagemakerServiceBucketArns(r, p));
        const s3Endpoint = new aws.ec2.VpcEndpoint(
            `${name}-s3`,
            {
                vpcId: core.vpcId,
                serviceName: pulumi.interpolate`${partition.reverseDnsPrefix}.${region}.s3`,
                vpcEndpointType: "Gateway",
                routeTableIds: core.routeTableIds,
                policy: toJson(
                    s3GatewayEndpointPolicy({
                        platformBucketArns: args.allowedBucketArns,
                        awsServiceBucketArns: awsServiceBuckets,
                        includeAwsServiceBuckets: args.awsServiceBucketArns === undefined || args.awsServiceBucketArns.length > 0,
                        accountId,
                    }),
                ),
                tags: tagged("s3"),
            },
            parent,
        );
        const s3PrefixListId = s3Endpoint.prefixListId;

        const { workloadSgId, endpointSgId } = createSecurityGroups(name, args, core.vpcId, s3PrefixListId, tagged, this);

        // --- Interface endpoints -------------------------------------------------
        const endpointSubnets = core.subnetIds.slice(0, args.endpointAzCount ?? core.subnetIds.length);
        const endpointIds: { [service: string]: pulumi.Output<string> } = {};
        for (const service of services) {
            const endpoint = new aws.ec2.VpcEndpoint(
                `${name}-${serviceSlug(service)}`,
                {
                    vpcId: core.vpcId,
                    serviceName: serviceNames.get(service),
                    vpcEndpointType: "Interface",
                    privateDnsEnabled: true,
                    subnetIds: endpointSubnets,
                    securityGroupIds: [endpointSgId],
                    tags: tagged(serviceSlug(service)),
                },
                parent,
            );
            endpointIds[service] = endpoint.id;
        }

        const flowLogs = createFlowLogs(name, args, core.vpcId, { accountId, region, partition: partition.partition }, tagged, this);

        this.vpcId = pulumi.output(core.vpcId);
        this.privateSubnetIds = pulumi.all(core.subnetIds);
        this.privateSubnetAvailabilityZones = core.availabilityZones;
        this.routeTableIds = pulumi.all(core.routeTableIds);
        this.workloadSecurityGroupId = workloadSgId;
        this.endpointSecurityGroupId = endpointSgId;
        this.s3GatewayEndpointId = s3Endpoint.id;
        this.s3PrefixListId = s3PrefixListId;
        this.interfaceEndpointIds = pulumi.all(endpointIds);
        this.flowLogGroupName = flowLogs.logGroupName;
        this.flowLogGroupArn = flowLogs.logGroupArn;
        this.flowLogId = flowLogs.flowLogId;

        this.registerOutputs({
            vpcId: this.vpcId,
            privateSubnetIds: this.privateSubnetIds,
            privateSubnetAvailabilityZones: this.privateSubnetAvailabilityZones,
            routeTableIds: this.routeTableIds,
            workloadSecurityGroupId: this.workloadSecurityGroupId,
            endpointSecurityGroupId: this.endpointSecurityGroupId,
            s3GatewayEndpointId: this.s3GatewayEndpointId,
            s3PrefixListId: this.s3PrefixListId,
            interfaceEndpointIds: this.interfaceEndpointIds,
            flowLogGroupName: this.flowLogGroupName,
            flowLogGroupArn: this.flowLogGroupArn,
            flowLogId: this.flowLogId,
        });
    }
}

/**
 * The endpoint and workload security groups and their rules, each rule a
 * resource of its own (`aws.vpc.SecurityGroupIngressRule`/`EgressRule`) so
 * it is visible, taggable and never silently merged.
 *
 * - Endpoint group: HTTPS in from the workload group (and any client groups
 *   or ranges asked for); no egress, since endpoints never initiate.
 * - Workload group: NFS and TCP 8192-65535 within itself (Studio), optionally
 *   all traffic within itself; HTTPS out to the endpoint group and S3's
 *   prefix list; nothing else out, so even with a route somewhere there would
 *   be no permitted destination. DNS needs no rule: security groups don't
 *   filter traffic to the VPC's Amazon-provided resolver.
 */
function createSecurityGroups(
    name: string,
    args: IsolatedNetworkArgs,
    vpcId: pulumi.Input<string>,
    s3PrefixListId: pulumi.Input<string>,
    tagged: Tagger,
    parent: pulumi.Resource,
): { workloadSgId: pulumi.Output<string>; endpointSgId: pulumi.Output<string> } {
    // The two groups reference each other, so neither could be deleted
    // while the other's rules still name it: revoke rules first.
    const endpointSg = new aws.ec2.SecurityGroup(
        `${name}-endpoint-sg`,
        {
            vpcId,
            description: "Interface VPC endpoints: HTTPS from the platform's workloads only",
            revokeRulesOnDelete: true,
            tags: tagged("endpoint-sg"),
        },
        { parent },
    );
    let workloadSgId: pulumi.Output<string>;
    const rules: { direction: "ingress" | "egress"; sg: pulumi.Input<string>; spec: RuleSpec }[] = [];
    if (args.existing?.workloadSecurityGroupId !== undefined) {
        workloadSgId = pulumi.output(args.existing.workloadSecurityGroupId);
    } else {
        const workloadSg = new aws.ec2.SecurityGroup(
            `${name}-workload-sg`,
            {
                vpcId,
                description: "ML workloads: Studio, training, processing, endpoints; egress to VPC endpoints only",
                revokeRulesOnDelete: true,
                tags: tagged("workload-sg"),
            },
            { parent },
        );
        workloadSgId = workloadSg.id;
        const self = workloadSg.id;
        const within: RuleSpec[] = [
            {
                suffix: "nfs",
                description: "NFS between Studio apps and their EFS home volume",
                ipProtocol: "tcp",
                fromPort: 2049,
                toPort: 2049,
                referencedSecurityGroupId: self,
            },
            {
                suffix: "apps",
                description: "Studio app-to-app traffic (JupyterServer to KernelGateway)",
                ipProtocol: "tcp",
                fromPort: 8192,
                toPort: 65535,
                referencedSecurityGroupId: self,
            },
        ];
        if (args.allowAllTrafficWithinWorkloadGroup ?? false) {
            within.push({
                suffix: "all",
                description: "All traffic within the group (EFA multi-node training, Glue Spark)",
                ipProtocol: "-1",
                referencedSecurityGroupId: self,
            });
        }
        for (const spec of within) {
            rules.push({ direction: "ingress", sg: self, spec: { ...spec, suffix: `workload-${spec.suffix}-in` } });
            rules.push({ direction: "egress", sg: self, spec: { ...spec, suffix: `workload-${spec.suffix}-out` } });
        }
        rules.push({
            direction: "egress",
            sg: self,
            spec: {
                suffix: "workload-https-to-endpoints",
                description: "HTTPS to the interface VPC endpoints",
                ipProtocol: "tcp",
                fromPort: 443,
                toPort: 443,
                referencedSecurityGroupId: endpointSg.id,
            },
        });
        rules.push({
            direction: "egress",
            sg: self,
            spec: {
                suffix: "workload-https-to-s3",
                description: "HTTPS to S3 through the gateway endpoint",
                ipProtocol: "tcp",
                fromPort: 443,
                toPort: 443,
                prefixListId: s3PrefixListId,
            },
        });
    }
    const https = { ipProtocol: "tcp", fromPort: 443, toPort: 443 };
    rules.push({
        direction: "ingress",
        sg: endpointSg.id,
        spec: {
            suffix: "endpoint-https-from-workload",
            description: "HTTPS from the workload security group",
            ...https,
            referencedSecurityGroupId: workloadSgId,
        },
    });
    (args.endpointClientSecurityGroupIds ?? []).forEach((id, i) =>
        rules.push({
            direction: "ingress",
            sg: endpointSg.id,
            spec: {
                suffix: `endpoint-https-from-sg-${i + 1}`,
                description: "HTTPS from an additional client security group",
                ...https,
                referencedSecurityGroupId: id,
            },
        }),
    );
    (args.endpointClientCidrBlocks ?? []).forEach((cidr, i) =>
        rules.push({
            direction: "ingress",
            sg: endpointSg.id,
            spec: {
                suffix: `endpoint-https-from-cidr-${i + 1}`,
                description: `HTTPS from ${cidr} (Studio and API clients on the private network)`,
                ...https,
                cidrIpv4: cidr,
            },
        }),
    );
    for (const { direction, sg, spec } of rules) {
        const ruleArgs = {
            securityGroupId: sg,
            description: spec.description,
            ipProtocol: spec.ipProtocol,
            fromPort: spec.fromPort,
            toPort: spec.toPort,
            referencedSecurityGroupId: spec.referencedSecurityGroupId,
            prefixListId: spec.prefixListId,
            cidrIpv4: spec.cidrIpv4,
            tags: tagged(spec.suffix),
        };
        if (direction === "ingress") {
            new aws.vpc.SecurityGroupIngressRule(`${name}-${spec.suffix}`, ruleArgs, { parent });
        } else {
            new aws.vpc.SecurityGroupEgressRule(`${name}-${spec.suffix}`, ruleArgs, { parent });
        }
    }
    return { workloadSgId, endpointSgId: endpointSg.id };
}

/**
 * VPC flow logs of ALL traffic to a KMS-encrypted log group (data: protected
 * and retained unless `protect` is off), delivered by a role only VPC Flow
 * Logs of this account and region can assume.
 */
function createFlowLogs(
    name: string,
    args: IsolatedNetworkArgs,
    vpcId: pulumi.Input<string>,
    context: { accountId: pulumi.Input<string>; region: pulumi.Input<string>; partition: pulumi.Input<string> },
    tagged: Tagger,
    parent: pulumi.Resource,
): { logGroupName: pulumi.Output<string>; logGroupArn: pulumi.Output<string>; flowLogId: pulumi.Output<string> } {
    const logGroup = new aws.cloudwatch.LogGroup(
        `${name}-flow-logs`,
        {
            namePrefix: `/vpc-flow-logs/${name}-`,
            kmsKeyId: args.logsKmsKeyArn,
            retentionInDays: args.flowLogRetentionDays ?? DEFAULT_RETENTION_DAYS,
            tags: tagged("flow-logs"),
        },
        dataOptions(parent, args.protect ?? true),
    );
    const flowLogRole = new aws.iam.Role(
        `${name}-flow-logs`,
        {
            description: `Lets VPC Flow Logs deliver ${name}'s flow records to its log group`,
            assumeRolePolicy: toJson(flowLogsTrustPolicy(context.accountId, context.region, context.partition)),
            tags: tagged("flow-logs"),
        },
        { parent },
    );
    const flowLogRolePolicy = new aws.iam.RolePolicy(
        `${name}-flow-logs`,
        { role: flowLogRole.id, policy: toJson(flowLogsDeliveryPolicy(logGroup.arn)) },
        { parent },
    );
    const flowLog = new aws.ec2.FlowLog(
        `${name}-flow-log`,
        {
            vpcId,
            trafficType: "ALL",
            logDestinationType: "cloud-watch-logs",
            logDestination: logGroup.arn,
            iamRoleArn: flowLogRole.arn,
            tags: tagged("flow-log"),
        },
        // Delivery starts at once; without the permissions in place the first records are lost.
        { parent, dependsOn: [flowLogRolePolicy] },
    );
    return { logGroupName: logGroup.name, logGroupArn: logGroup.arn, flowLogId: flowLog.id };
}

/** The VPC, subnets and route tables the rest of the network is built on. */
interface NetworkCore {
    vpcId: pulumi.Input<string>;
    subnetIds: pulumi.Input<string>[];
    routeTableIds: pulumi.Input<string>[];
    /** The subnets' AZs, in the same order. */
    availabilityZones: pulumi.Output<string[]>;
}

/**
 * Looks up the adopted subnets and route tables (the `vpcId` filter makes AWS
 * refuse any that belong to another VPC) and checks them. The ids handed on
 * resolve only once the checks pass, so an adopted network with a way out
 * gets no endpoints.
 */
function adoptCore(existing: ExistingNetworkArgs, parent: pulumi.Resource): NetworkCore {
    const vpcId = existing.vpcId;
    const subnets = existing.subnetIds.map((id) => aws.ec2.getSubnetOutput({ id, vpcId }, { parent }));
    const tables = existing.routeTableIds.map((routeTableId) => aws.ec2.getRouteTableOutput({ routeTableId, vpcId }, { parent }));
    const checked = pulumi.all([pulumi.all(subnets), pulumi.all(tables)]).apply(([ss, ts]) => {
        const problems = [...adoptedSubnetProblems(ss), ...ts.flatMap((t) => adoptedRouteProblems(t.routeTableId, t.routes))];
        if (problems.length > 0) {
            throw new ValidationError("IsolatedNetwork.existing", "private subnets in distinct AZs whose route tables have no way out of the VPC", problems);
        }
        return { subnetIds: ss.map((s) => s.id), routeTableIds: ts.map((t) => t.routeTableId), zones: ss.map((s) => s.availabilityZone) };
    });
    return {
        vpcId,
        subnetIds: existing.subnetIds.map((_, i) => checked.apply((c) => c.subnetIds[i])),
        routeTableIds: existing.routeTableIds.map((_, i) => checked.apply((c) => c.routeTableIds[i])),
        availabilityZones: checked.apply((c) => c.zones),
    };
}

/**
 * Creates the VPC, one private subnet and route table per AZ, and takes over
 * the main route table. No gateway of any kind is created, so the only routes
 * are `local` and, once the S3 endpoint attaches, S3's prefix list.
 *
 * The default network ACL is deliberately left as AWS creates it. With no
 * route out of the VPC it admits nothing from outside, and the filtering is
 * done by the security groups. A tighter ACL would have to be stateless and
 * still pass S3 traffic, but ACLs cannot reference S3's prefix list, so it
 * would need rules for S3's public address ranges (return traffic included),
 * which is wider and more brittle than what it replaces.
 */
function createCore(
    name: string,
    args: IsolatedNetworkArgs,
    tags: { [key: string]: string },
    region: pulumi.Output<string>,
    endpointServiceNames: pulumi.Output<string>[],
    parent: pulumi.Resource,
): NetworkCore {
    const cidrBlock = args.cidrBlock ?? DEFAULT_CIDR;
    const count = args.availabilityZones?.length ?? args.availabilityZoneCount ?? DEFAULT_AZ_COUNT;
    const cidrs = carveSubnetCidrs(cidrBlock, count);
    const tagged = (suffix: string, extra?: { [key: string]: string }) => mergeTags(tags, extra, { Name: `${name}-${suffix}` });

    // Where each interface endpoint service is offered: a subnet in an AZ
    // that lacks one would make that endpoint's creation fail.
    const offered = endpointServiceNames.map(
        (serviceName) => aws.ec2.getVpcEndpointServiceOutput({ serviceName, serviceType: "Interface" }, { parent }).availabilityZones,
    );
    let zones: pulumi.Output<string[]>;
    if (args.availabilityZones !== undefined) {
        const wanted = args.availabilityZones;
        zones = pulumi.all([pulumi.all(endpointServiceNames), pulumi.all(offered)]).apply(([names, lists]) => {
            const missing = names.filter((_, i) => wanted.some((az) => !lists[i].includes(az)));
            if (missing.length > 0) {
                throw new ValidationError(
                    "IsolatedNetwork.availabilityZones",
                    `AZs where every interface endpoint service is offered (not offered in all of them: ${missing.join(", ")})`,
                    wanted,
                );
            }
            return wanted;
        });
    } else {
        // Local Zones and Wavelength Zones are opt-in; they lack most endpoint services.
        const available = aws.getAvailabilityZonesOutput(
            { state: "available", filters: [{ name: "opt-in-status", values: ["opt-in-not-required"] }] },
            { parent },
        );
        zones = pulumi.all([available.names, pulumi.all(offered), region]).apply(([names, lists, r]) => {
            const picked = pickEndpointZones(names, lists, count);
            if (picked.length < count) {
                throw new ValidationError(
                    "IsolatedNetwork.availabilityZoneCount",
                    `at most ${picked.length}, the AZs of ${r} where every interface endpoint service is offered`,
                    count,
                );
            }
            return picked;
        });
    }

    const vpc = new aws.ec2.Vpc(`${name}-vpc`, { cidrBlock, enableDnsSupport: true, enableDnsHostnames: true, tags: tagged("vpc") }, { parent });
    // Manage the main route table with no routes so a route added to it by
    // hand is reverted; no subnet uses it.
    new aws.ec2.DefaultRouteTable(`${name}-main-rt`, { defaultRouteTableId: vpc.defaultRouteTableId, routes: [], tags: tagged("main-rt-unused") }, { parent });

    const subnetIds: pulumi.Output<string>[] = [];
    const routeTableIds: pulumi.Output<string>[] = [];
    cidrs.forEach((cidr, i) => {
        const suffix = `private-${i + 1}`;
        const subnet = new aws.ec2.Subnet(
            `${name}-${suffix}`,
            {
                vpcId: vpc.id,
                cidrBlock: cidr,
                availabilityZone: zones.apply((z) => z[i]),
                mapPublicIpOnLaunch: false,
                tags: tagged(suffix, { "ml-platform:subnet-tier": "isolated" }),
            },
            { parent },
        );
        // `routes: []` makes the table's routes managed: any route added
        // outside Pulumi (say to an internet gateway) is removed on the next up.
        const table = new aws.ec2.RouteTable(`${name}-${suffix}`, { vpcId: vpc.id, routes: [], tags: tagged(suffix) }, { parent });
        new aws.ec2.RouteTableAssociation(`${name}-${suffix}`, { subnetId: subnet.id, routeTableId: table.id }, { parent });
        subnetIds.push(subnet.id);
        routeTableIds.push(table.id);
    });
    return { vpcId: vpc.id, subnetIds, routeTableIds, availabilityZones: zones };
}

/**
 * Trust policy of the flow-log delivery role: only VPC Flow Logs, and only
 * for flow logs of this account and region (the confused-deputy conditions
 * AWS documents for this role).
 */
export function flowLogsTrustPolicy(accountId: pulumi.Input<string>, region: pulumi.Input<string>, partition: pulumi.Input<string>) {
    return policyDocument({
        Sid: "AllowVpcFlowLogsOfThisAccount",
        Effect: "Allow",
        Principal: { Service: "vpc-flow-logs.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: {
            StringEquals: { "aws:SourceAccount": accountId },
            ArnLike: { "aws:SourceArn": pulumi.interpolate`arn:${partition}:ec2:${region}:${accountId}:vpc-flow-log/*` },
        },
    });
}

/**
 * Permissions of the flow-log delivery role, as AWS documents them for flow
 * logs to CloudWatch Logs, on its own log group only: create and write its
 * streams, and describe groups and streams, which the service calls before it
 * delivers. The log group already exists, so no `logs:CreateLogGroup`; no KMS
 * permission either, since CloudWatch Logs (not the role) encrypts with the
 * group's key.
 */
export function flowLogsDeliveryPolicy(logGroupArn: pulumi.Input<string>) {
    const statement: PolicyStatement = {
        Sid: "WriteFlowLogStreams",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
        Resource: [logGroupArn, pulumi.interpolate`${logGroupArn}:*`],
    };
    // DescribeLogGroups is authorized on the account's log-group ARN pattern, not on one group.
    const describeGroups: PolicyStatement = {
        Sid: "DescribeLogGroups",
        Effect: "Allow",
        Action: ["logs:DescribeLogGroups"],
        Resource: pulumi.output(logGroupArn).apply((arn) => `${arn.split(":log-group:")[0]}:log-group:*`),
    };
    return policyDocument(statement, describeGroups);
}
