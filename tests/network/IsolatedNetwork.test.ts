import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import type { IsolatedNetwork as IsolatedNetworkT, IsolatedNetworkArgs } from "../../components/network";
import { RecordedResource } from "../../components/testing";
import { mocks, settle, statement, statements, useMocks, valueOf } from "../helpers/pulumi";

const ACCOUNT = "111122223333";
const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const RAW = "arn:aws:s3:::mlp-test-raw";
const PREFIX = "arn:aws:s3:::mlp-test-*";

const T = {
    vpc: "aws:ec2/vpc:Vpc",
    subnet: "aws:ec2/subnet:Subnet",
    routeTable: "aws:ec2/routeTable:RouteTable",
    association: "aws:ec2/routeTableAssociation:RouteTableAssociation",
    mainRouteTable: "aws:ec2/defaultRouteTable:DefaultRouteTable",
    defaultSg: "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
    sg: "aws:ec2/securityGroup:SecurityGroup",
    ingress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    egress: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    endpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    flowLog: "aws:ec2/flowLog:FlowLog",
};

/** The interface endpoints the issue requires, with the service names AWS publishes for us-east-1. */
const REQUIRED_ENDPOINTS: Record<string, string> = {
    "sagemaker.api": "com.amazonaws.us-east-1.sagemaker.api",
    "sagemaker.runtime": "com.amazonaws.us-east-1.sagemaker.runtime",
    "sagemaker.featurestore-runtime": "com.amazonaws.us-east-1.sagemaker.featurestore-runtime",
    "sagemaker.metrics": "com.amazonaws.us-east-1.sagemaker.metrics",
    "sagemaker.studio": "aws.sagemaker.us-east-1.studio",
    "sagemaker.notebook": "aws.sagemaker.us-east-1.notebook",
    sts: "com.amazonaws.us-east-1.sts",
    logs: "com.amazonaws.us-east-1.logs",
    monitoring: "com.amazonaws.us-east-1.monitoring",
    "ecr.api": "com.amazonaws.us-east-1.ecr.api",
    "ecr.dkr": "com.amazonaws.us-east-1.ecr.dkr",
    kms: "com.amazonaws.us-east-1.kms",
    glue: "com.amazonaws.us-east-1.glue",
    states: "com.amazonaws.us-east-1.states",
    ssm: "com.amazonaws.us-east-1.ssm",
};

let IsolatedNetwork: typeof IsolatedNetworkT;

/** Every string anywhere inside a value. */
function strings(value: unknown): string[] {
    if (typeof value === "string") {
        return [value];
    }
    if (Array.isArray(value)) {
        return value.flatMap(strings);
    }
    if (value && typeof value === "object") {
        return Object.values(value).flatMap(strings);
    }
    return [];
}

function interfaceEndpoints(): RecordedResource[] {
    return mocks.ofType(T.endpoint).filter((r) => r.inputs.vpcEndpointType === "Interface");
}

function gatewayEndpoint(): RecordedResource {
    const gateways = mocks.ofType(T.endpoint).filter((r) => r.inputs.vpcEndpointType === "Gateway");
    assert.strictEqual(gateways.length, 1, "exactly one gateway endpoint");
    return gateways[0];
}

/** The security group recorded under this logical name, with its id. */
function sg(logical: string): RecordedResource {
    return mocks.get(T.sg, logical);
}

function rulesOf(type: string, sgId: string): RecordedResource[] {
    return mocks.ofType(type).filter((r) => r.inputs.securityGroupId === sgId);
}

function args(extra: Partial<IsolatedNetworkArgs> = {}): IsolatedNetworkArgs {
    return { allowedBucketArns: [RAW, PREFIX], logsKmsKeyArn: KEY, ...extra };
}

describe("network: IsolatedNetwork", () => {
    before(async () => {
        useMocks();
        ({ IsolatedNetwork } = await import("../../components/network"));
    });

    // One network, built once: these tests only read what it registered.
    describe("defaults", () => {
        let net: IsolatedNetworkT;
        before(async () => {
            useMocks();
            net = new IsolatedNetwork("net", args({ tags: { team: "ml-platform" } }));
            await settle();
        });

        it("creates a VPC with DNS support and hostnames, IPv4 only", () => {
            const vpc = mocks.get(T.vpc, "net-vpc");
            assert.strictEqual(vpc.inputs.cidrBlock, "10.20.0.0/16");
            assert.strictEqual(vpc.inputs.enableDnsSupport, true);
            assert.strictEqual(vpc.inputs.enableDnsHostnames, true);
            assert.ok(!("assignGeneratedIpv6CidrBlock" in vpc.inputs));
        });

        it("creates two private subnets in two AZs, carved from the VPC range, with no public IPs", () => {
            const subnets = mocks.ofType(T.subnet);
            assert.strictEqual(subnets.length, 2);
            const vpcId = mocks.get(T.vpc, "net-vpc").id;
            assert.deepStrictEqual(
                subnets.map((s) => [s.inputs.cidrBlock, s.inputs.availabilityZone]),
                [
                    ["10.20.0.0/19", "us-east-1a"],
                    ["10.20.32.0/19", "us-east-1b"],
                ],
            );
            for (const s of subnets) {
                assert.strictEqual(s.inputs.mapPublicIpOnLaunch, false, `${s.name} must not map public IPs`);
                assert.strictEqual(s.inputs.vpcId, vpcId);
                assert.ok(!s.inputs.assignIpv6AddressOnCreation);
            }
        });

        it("has no internet, NAT, egress-only, VPN or transit gateway and no elastic IP", () => {
            const forbidden = /internetGateway|natGateway|egressOnlyInternetGateway|vpnGateway|transitGateway|\/eip:|vpcPeeringConnection/i;
            const found = mocks.resources.filter((r) => forbidden.test(r.type)).map((r) => r.type);
            assert.deepStrictEqual(found, []);
            assert.deepStrictEqual(mocks.ofType("aws:ec2/route:Route"), []);
        });

        it("gives each subnet its own route table with no routes, and empties the main route table", () => {
            const tables = mocks.ofType(T.routeTable);
            const subnets = mocks.ofType(T.subnet);
            assert.strictEqual(tables.length, subnets.length);
            for (const t of tables) {
                assert.deepStrictEqual(t.inputs.routes, [], `${t.name} must have no routes`);
            }
            const associations = mocks.ofType(T.association).map((a) => [a.inputs.subnetId, a.inputs.routeTableId]);
            assert.deepStrictEqual(
                associations,
                subnets.map((s, i) => [s.id, tables[i].id]),
            );
            const main = mocks.get(T.mainRouteTable, "net-main-rt");
            assert.strictEqual(main.inputs.defaultRouteTableId, mocks.get(T.vpc, "net-vpc").outputs.defaultRouteTableId);
            assert.deepStrictEqual(main.inputs.routes, []);
        });

        it("mentions 0.0.0.0/0 or ::/0 nowhere", () => {
            for (const r of mocks.resources) {
                const open = strings(r.inputs).filter((s) => s.includes("0.0.0.0/0") || s.includes("::/0"));
                assert.deepStrictEqual(open, [], `${r.type} ${r.name}`);
            }
        });

        it("adopts the default security group with no rules at all", () => {
            const def = mocks.get(T.defaultSg, "net-default-sg");
            assert.strictEqual(def.inputs.vpcId, mocks.get(T.vpc, "net-vpc").id);
            assert.deepStrictEqual(def.inputs.ingress, []);
            assert.deepStrictEqual(def.inputs.egress, []);
        });

        it("lets only the workload group reach the endpoints, on 443", () => {
            const endpointSg = sg("net-endpoint-sg");
            const workloadSg = sg("net-workload-sg");
            const ingress = rulesOf(T.ingress, endpointSg.id);
            assert.strictEqual(ingress.length, 1);
            assert.strictEqual(ingress[0].inputs.ipProtocol, "tcp");
            assert.strictEqual(ingress[0].inputs.fromPort, 443);
            assert.strictEqual(ingress[0].inputs.toPort, 443);
            assert.strictEqual(ingress[0].inputs.referencedSecurityGroupId, workloadSg.id);
            assert.ok(!("cidrIpv4" in ingress[0].inputs) && !("cidrIpv6" in ingress[0].inputs));
            assert.deepStrictEqual(rulesOf(T.egress, endpointSg.id), [], "the endpoints initiate nothing");
        });

        it("opens Studio's NFS and app ports within the workload group, and nothing else inbound", () => {
            const workloadSg = sg("net-workload-sg");
            const ingress = rulesOf(T.ingress, workloadSg.id).map((r) => [
                r.inputs.ipProtocol,
                r.inputs.fromPort,
                r.inputs.toPort,
                r.inputs.referencedSecurityGroupId,
            ]);
            assert.deepStrictEqual(ingress.sort(), [
                ["tcp", 2049, 2049, workloadSg.id],
                ["tcp", 8192, 65535, workloadSg.id],
            ]);
        });

        it("lets workloads out only to themselves, the endpoints and S3's prefix list", () => {
            const workloadSg = sg("net-workload-sg");
            const endpointSg = sg("net-endpoint-sg");
            const prefixList = gatewayEndpoint().outputs.prefixListId;
            assert.match(prefixList, /^pl-/);
            const egress = rulesOf(T.egress, workloadSg.id).map((r) => ({
                proto: r.inputs.ipProtocol,
                from: r.inputs.fromPort,
                to: r.inputs.toPort,
                target: r.inputs.referencedSecurityGroupId ?? r.inputs.prefixListId ?? r.inputs.cidrIpv4 ?? r.inputs.cidrIpv6,
            }));
            const expected = [
                { proto: "tcp", from: 2049, to: 2049, target: workloadSg.id },
                { proto: "tcp", from: 8192, to: 65535, target: workloadSg.id },
                { proto: "tcp", from: 443, to: 443, target: endpointSg.id },
                { proto: "tcp", from: 443, to: 443, target: prefixList },
            ];
            const key = (e: { from: number; target: string }) => `${e.from}:${e.target}`;
            assert.deepStrictEqual(
                egress.sort((a, b) => key(a).localeCompare(key(b))),
                expected.sort((a, b) => key(a).localeCompare(key(b))),
            );
        });

        it("manages security group rules only as separate resources", () => {
            for (const g of mocks.ofType(T.sg)) {
                assert.ok(!("ingress" in g.inputs) && !("egress" in g.inputs), `${g.name} has inline rules`);
                assert.strictEqual(g.inputs.vpcId, mocks.get(T.vpc, "net-vpc").id);
                assert.strictEqual(g.inputs.revokeRulesOnDelete, true);
            }
            const all = [...mocks.ofType(T.ingress), ...mocks.ofType(T.egress)];
            assert.ok(all.length > 0);
            for (const r of all) {
                assert.notStrictEqual(r.inputs.ipProtocol, "-1", `${r.name} opens all protocols by default`);
            }
        });

        it("creates a private-DNS interface endpoint for every required service in every subnet", () => {
            const endpointSg = sg("net-endpoint-sg");
            const subnetIds = mocks.ofType(T.subnet).map((s) => s.id);
            const byService = new Map(interfaceEndpoints().map((e) => [e.inputs.serviceName, e]));
            assert.strictEqual(byService.size, Object.keys(REQUIRED_ENDPOINTS).length);
            for (const serviceName of Object.values(REQUIRED_ENDPOINTS)) {
                const e = byService.get(serviceName);
                assert.ok(e, `no endpoint for ${serviceName}`);
                assert.strictEqual(e.inputs.privateDnsEnabled, true, serviceName);
                assert.deepStrictEqual(e.inputs.subnetIds, subnetIds, serviceName);
                assert.deepStrictEqual(e.inputs.securityGroupIds, [endpointSg.id], serviceName);
                assert.strictEqual(e.inputs.vpcId, mocks.get(T.vpc, "net-vpc").id);
            }
        });

        it("exposes the endpoint ids by short service name", async () => {
            const ids = await valueOf(net.interfaceEndpointIds);
            assert.deepStrictEqual(Object.keys(ids).sort(), Object.keys(REQUIRED_ENDPOINTS).sort());
            for (const [service, serviceName] of Object.entries(REQUIRED_ENDPOINTS)) {
                const e = interfaceEndpoints().find((r) => r.inputs.serviceName === serviceName)!;
                assert.strictEqual(ids[service], e.id);
            }
        });

        it("attaches the S3 gateway endpoint to every private route table", () => {
            const s3 = gatewayEndpoint();
            assert.strictEqual(s3.inputs.serviceName, "com.amazonaws.us-east-1.s3");
            assert.deepStrictEqual(
                s3.inputs.routeTableIds,
                mocks.ofType(T.routeTable).map((t) => t.id),
            );
        });

        it("limits the S3 endpoint to this account's platform buckets and read-only AWS service buckets", () => {
            const stmts = statements(gatewayEndpoint());
            assert.strictEqual(stmts.length, 2);
            for (const s of stmts) {
                assert.strictEqual(s.Effect, "Allow");
                assert.ok(![s.Resource].flat().includes("*"), `${s.Sid} allows every resource`);
                assert.ok(![s.Action].flat().some((a: string) => a === "*" || a === "s3:*"), `${s.Sid} allows every action`);
            }

            const platform = statement(stmts, "AllowPlatformBucketsFromThisAccount");
            assert.strictEqual(platform.Principal, "*");
            assert.deepStrictEqual(platform.Resource, [RAW, `${RAW}/*`, PREFIX, `${PREFIX}/*`]);
            assert.deepStrictEqual(platform.Condition, {
                StringEquals: { "aws:PrincipalAccount": ACCOUNT, "aws:ResourceAccount": ACCOUNT },
            });
            const actions: string[] = platform.Action;
            for (const needed of ["s3:GetObject", "s3:PutObject", "s3:ListBucket", "s3:AbortMultipartUpload"]) {
                const covered = actions.some((a) => a === needed || (a.endsWith("*") && needed.startsWith(a.slice(0, -1))));
                assert.ok(covered, `${needed} is not allowed`);
            }
            for (const config of ["s3:PutBucketPolicy", "s3:DeleteBucketPolicy", "s3:PutEncryptionConfiguration", "s3:DeleteBucket", "s3:PutBucketAcl"]) {
                const covered = actions.some((a) => a === config || (a.endsWith("*") && config.startsWith(a.slice(0, -1))));
                assert.ok(!covered, `${config} must not pass the endpoint`);
            }

            const service = statement(stmts, "AllowReadOfAwsServiceBuckets");
            assert.strictEqual(service.Principal, "*");
            assert.deepStrictEqual(service.Action, ["s3:GetObject", "s3:ListBucket"]);
            assert.deepStrictEqual([...service.Resource].sort(), [
                "arn:aws:s3:::jumpstart-cache-prod-us-east-1",
                "arn:aws:s3:::jumpstart-cache-prod-us-east-1/*",
                "arn:aws:s3:::jumpstart-private-cache-prod-us-east-1",
                "arn:aws:s3:::jumpstart-private-cache-prod-us-east-1/*",
                "arn:aws:s3:::prod-us-east-1-starport-layer-bucket/*",
            ]);
            // ECR layer downloads are presigned by an AWS account: no principal condition may apply.
            assert.ok(!("Condition" in service));
        });

        it("sends ALL flow-log traffic to a KMS-encrypted log group kept a year", () => {
            const group = mocks.get(T.logGroup, "net-flow-logs");
            assert.strictEqual(group.inputs.kmsKeyId, KEY);
            assert.strictEqual(group.inputs.retentionInDays, 365);
            assert.match(group.inputs.namePrefix, /^\/vpc-flow-logs\/net-/);
            const flowLog = mocks.get(T.flowLog, "net-flow-log");
            assert.strictEqual(flowLog.inputs.vpcId, mocks.get(T.vpc, "net-vpc").id);
            assert.strictEqual(flowLog.inputs.trafficType, "ALL");
            assert.strictEqual(flowLog.inputs.logDestinationType, "cloud-watch-logs");
            assert.strictEqual(flowLog.inputs.logDestination, group.outputs.arn);
            assert.strictEqual(flowLog.inputs.iamRoleArn, mocks.get(T.role, "net-flow-logs").outputs.arn);
        });

        it("lets only this account's VPC flow logs assume the delivery role", () => {
            const trust = statements(mocks.get(T.role, "net-flow-logs"), "assumeRolePolicy");
            assert.strictEqual(trust.length, 1);
            const s = statement(trust, "AllowVpcFlowLogsOfThisAccount");
            assert.strictEqual(s.Effect, "Allow");
            assert.deepStrictEqual(s.Principal, { Service: "vpc-flow-logs.amazonaws.com" });
            assert.strictEqual(s.Action, "sts:AssumeRole");
            assert.deepStrictEqual(s.Condition, {
                StringEquals: { "aws:SourceAccount": ACCOUNT },
                ArnLike: { "aws:SourceArn": `arn:aws:ec2:us-east-1:${ACCOUNT}:vpc-flow-log/*` },
            });
        });

        it("lets the delivery role write to its own log group only", () => {
            const policy = mocks.get(T.rolePolicy, "net-flow-logs");
            assert.strictEqual(policy.inputs.role, mocks.get(T.role, "net-flow-logs").id);
            const stmts = statements(policy);
            assert.strictEqual(stmts.length, 2);
            const describe = statement(stmts, "DescribeLogGroups");
            assert.deepStrictEqual(describe.Action, ["logs:DescribeLogGroups"]);
            assert.strictEqual(describe.Resource, `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:*`);
            const s = statement(stmts, "WriteFlowLogStreams");
            assert.strictEqual(s.Effect, "Allow");
            assert.deepStrictEqual([...s.Action].sort(), ["logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"]);
            const groupArn = mocks.get(T.logGroup, "net-flow-logs").outputs.arn;
            assert.deepStrictEqual(s.Resource, [groupArn, `${groupArn}:*`]);
        });

        it("tags every taggable child", () => {
            const taggable = mocks.resources.filter((r) => r.type !== "ml-platform:index:IsolatedNetwork" && ![T.association, T.rolePolicy].includes(r.type));
            assert.ok(taggable.length > 30);
            for (const r of taggable) {
                assert.strictEqual(r.inputs.tags?.team, "ml-platform", `${r.type} ${r.name} is untagged`);
                assert.match(r.inputs.tags?.Name, /^net-/);
            }
        });

        it("exports the ids consumers compose with", async () => {
            assert.strictEqual(await valueOf(net.vpcId), mocks.get(T.vpc, "net-vpc").id);
            assert.deepStrictEqual(
                await valueOf(net.privateSubnetIds),
                mocks.ofType(T.subnet).map((s) => s.id),
            );
            assert.deepStrictEqual(
                await valueOf(net.routeTableIds),
                mocks.ofType(T.routeTable).map((t) => t.id),
            );
            assert.deepStrictEqual(
                await valueOf(net.privateSubnetAvailabilityZones),
                mocks.ofType(T.subnet).map((s) => s.inputs.availabilityZone),
            );
            assert.strictEqual(await valueOf(net.workloadSecurityGroupId), sg("net-workload-sg").id);
            assert.strictEqual(await valueOf(net.endpointSecurityGroupId), sg("net-endpoint-sg").id);
            assert.strictEqual(await valueOf(net.s3GatewayEndpointId), gatewayEndpoint().id);
            assert.strictEqual(await valueOf(net.s3PrefixListId), gatewayEndpoint().outputs.prefixListId);
            assert.strictEqual(await valueOf(net.flowLogGroupName), mocks.get(T.logGroup, "net-flow-logs").outputs.name);
            assert.strictEqual(await valueOf(net.flowLogGroupArn), mocks.get(T.logGroup, "net-flow-logs").outputs.arn);
            assert.strictEqual(await valueOf(net.flowLogId), mocks.get(T.flowLog, "net-flow-log").id);
        });
    });

    describe("protection", () => {
        beforeEach(() => useMocks());

        function record(): { options: Map<string, { protect?: boolean; retainOnDelete?: boolean }>; transformations: pulumi.ResourceTransformation[] } {
            const options = new Map<string, { protect?: boolean; retainOnDelete?: boolean }>();
            const transformations: pulumi.ResourceTransformation[] = [
                (a) => {
                    options.set(`${a.type}::${a.name}`, { protect: a.opts.protect, retainOnDelete: a.opts.retainOnDelete });
                    return undefined;
                },
            ];
            return { options, transformations };
        }

        it("protects and retains the flow-log group by default, and nothing that isn't data", async () => {
            const { options, transformations } = record();
            new IsolatedNetwork("prot", args(), { transformations });
            await settle();
            assert.deepStrictEqual(options.get(`${T.logGroup}::prot-flow-logs`), { protect: true, retainOnDelete: true });
            for (const key of [`${T.vpc}::prot-vpc`, `${T.flowLog}::prot-flow-log`, `${T.endpoint}::prot-s3`, `${T.role}::prot-flow-logs`]) {
                assert.ok(options.has(key), `${key} not seen`);
                assert.notStrictEqual(options.get(key)!.protect, true, `${key} should stay replaceable`);
            }
        });

        it("turns protection off when asked", async () => {
            const { options, transformations } = record();
            new IsolatedNetwork("unprot", args({ protect: false }), { transformations });
            await settle();
            assert.deepStrictEqual(options.get(`${T.logGroup}::unprot-flow-logs`), { protect: false, retainOnDelete: false });
        });
    });

    describe("options", () => {
        beforeEach(() => useMocks());

        it("spreads over more AZs without moving the first subnets", async () => {
            new IsolatedNetwork("three", args({ availabilityZoneCount: 3, cidrBlock: "10.30.0.0/16" }));
            await settle();
            assert.deepStrictEqual(
                mocks.ofType(T.subnet).map((s) => [s.inputs.cidrBlock, s.inputs.availabilityZone]),
                [
                    ["10.30.0.0/19", "us-east-1a"],
                    ["10.30.32.0/19", "us-east-1b"],
                    ["10.30.64.0/19", "us-east-1c"],
                ],
            );
            assert.strictEqual(mocks.ofType(T.routeTable).length, 3);
            for (const e of interfaceEndpoints()) {
                assert.strictEqual(e.inputs.subnetIds.length, 3);
            }
        });

        it("uses explicit AZ names in order", async () => {
            new IsolatedNetwork("named", args({ availabilityZones: ["us-east-1d", "us-east-1f"] }));
            await settle();
            assert.deepStrictEqual(
                mocks.ofType(T.subnet).map((s) => s.inputs.availabilityZone),
                ["us-east-1d", "us-east-1f"],
            );
        });

        it("puts the interface endpoints in fewer AZs for dev, keeping private DNS", async () => {
            new IsolatedNetwork("dev", args({ endpointAzCount: 1 }));
            await settle();
            const first = mocks.get(T.subnet, "dev-private-1").id;
            assert.strictEqual(mocks.ofType(T.subnet).length, 2);
            for (const e of interfaceEndpoints()) {
                assert.deepStrictEqual(e.inputs.subnetIds, [first], e.inputs.serviceName);
                assert.strictEqual(e.inputs.privateDnsEnabled, true);
            }
        });

        it("adds requested interface endpoints once each", async () => {
            new IsolatedNetwork("more", args({ interfaceEndpointServices: ["secretsmanager", "sts", "servicecatalog"] }));
            await settle();
            const names = interfaceEndpoints().map((e) => e.inputs.serviceName);
            assert.strictEqual(names.filter((n) => n === "com.amazonaws.us-east-1.sts").length, 1);
            assert.ok(names.includes("com.amazonaws.us-east-1.secretsmanager"));
            assert.ok(names.includes("com.amazonaws.us-east-1.servicecatalog"));
            const sm = interfaceEndpoints().find((e) => e.inputs.serviceName === "com.amazonaws.us-east-1.secretsmanager")!;
            assert.strictEqual(sm.inputs.privateDnsEnabled, true);
        });

        it("admits named private ranges and client groups to the endpoints on 443 only", async () => {
            new IsolatedNetwork("corp", args({ endpointClientCidrBlocks: ["10.100.0.0/16"], endpointClientSecurityGroupIds: ["sg-0aaaaaaaaaaaaaaaa"] }));
            await settle();
            const ingress = rulesOf(T.ingress, sg("corp-endpoint-sg").id);
            const fromCidr = ingress.filter((r) => r.inputs.cidrIpv4 !== undefined);
            assert.deepStrictEqual(
                fromCidr.map((r) => [r.inputs.cidrIpv4, r.inputs.ipProtocol, r.inputs.fromPort, r.inputs.toPort]),
                [["10.100.0.0/16", "tcp", 443, 443]],
            );
            const fromGroups = ingress.filter((r) => r.inputs.referencedSecurityGroupId !== undefined).map((r) => r.inputs.referencedSecurityGroupId);
            assert.deepStrictEqual(fromGroups.sort(), [sg("corp-workload-sg").id, "sg-0aaaaaaaaaaaaaaaa"].sort());
            for (const r of ingress) {
                assert.strictEqual(r.inputs.fromPort, 443);
                assert.strictEqual(r.inputs.toPort, 443);
            }
        });

        it("opens all traffic within the workload group only when asked, both ways", async () => {
            new IsolatedNetwork("efa", args({ allowAllTrafficWithinWorkloadGroup: true }));
            await settle();
            const workloadId = sg("efa-workload-sg").id;
            for (const type of [T.ingress, T.egress]) {
                const all = rulesOf(type, workloadId).filter((r) => r.inputs.ipProtocol === "-1");
                assert.strictEqual(all.length, 1, type);
                assert.strictEqual(all[0].inputs.referencedSecurityGroupId, workloadId);
                assert.ok(all[0].inputs.fromPort === undefined && all[0].inputs.toPort === undefined);
            }
        });

        it("replaces the AWS service bucket list, or drops the statement when it is empty", async () => {
            new IsolatedNetwork("al2", args({ awsServiceBucketArns: ["arn:aws:s3:::amazonlinux-2-repos-us-east-1/*"] }));
            new IsolatedNetwork("none", args({ awsServiceBucketArns: [] }));
            await settle();
            const al2 = statements(mocks.get(T.endpoint, "al2-s3"));
            assert.deepStrictEqual(statement(al2, "AllowReadOfAwsServiceBuckets").Resource, ["arn:aws:s3:::amazonlinux-2-repos-us-east-1/*"]);
            const none = statements(mocks.get(T.endpoint, "none-s3"));
            assert.deepStrictEqual(
                none.map((s) => s.Sid),
                ["AllowPlatformBucketsFromThisAccount"],
            );
        });

        it("keeps flow logs for the retention asked", async () => {
            new IsolatedNetwork("keep", args({ flowLogRetentionDays: 731 }));
            await settle();
            assert.strictEqual(mocks.get(T.logGroup, "keep-flow-logs").inputs.retentionInDays, 731);
        });

        it("fails before creating anything when the args are invalid", async () => {
            assert.throws(() => new IsolatedNetwork("bad", args({ availabilityZoneCount: 1 })), /IsolatedNetwork\.availabilityZoneCount/);
            await settle();
            assert.deepStrictEqual(mocks.resources, []);
        });
    });

    describe("adopting an existing VPC", () => {
        beforeEach(() => useMocks());

        const existing = {
            vpcId: "vpc-0123456789abcdef0",
            subnetIds: ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1", "subnet-0123456789abcdef2"],
            routeTableIds: ["rtb-0123456789abcdef0", "rtb-0123456789abcdef1"],
        };

        it("creates no VPC, subnet or route table, and builds endpoints, groups and flow log on the given ones", async () => {
            const net = new IsolatedNetwork("adopt", args({ existing, endpointAzCount: 2 }));
            await settle();
            for (const type of [T.vpc, T.subnet, T.routeTable, T.association, T.mainRouteTable]) {
                assert.deepStrictEqual(mocks.ofType(type), [], type);
            }
            const s3 = gatewayEndpoint();
            assert.strictEqual(s3.inputs.vpcId, existing.vpcId);
            assert.deepStrictEqual(s3.inputs.routeTableIds, existing.routeTableIds);
            for (const e of interfaceEndpoints()) {
                assert.strictEqual(e.inputs.vpcId, existing.vpcId);
                assert.deepStrictEqual(e.inputs.subnetIds, existing.subnetIds.slice(0, 2));
                assert.strictEqual(e.inputs.privateDnsEnabled, true);
            }
            assert.strictEqual(mocks.get(T.flowLog, "adopt-flow-log").inputs.vpcId, existing.vpcId);
            assert.strictEqual(mocks.get(T.defaultSg, "adopt-default-sg").inputs.vpcId, existing.vpcId);
            assert.deepStrictEqual(mocks.get(T.defaultSg, "adopt-default-sg").inputs.ingress, []);
            assert.ok(mocks.get(T.sg, "adopt-workload-sg"));
            assert.strictEqual(await valueOf(net.vpcId), existing.vpcId);
            assert.deepStrictEqual(await valueOf(net.privateSubnetIds), existing.subnetIds);
            assert.deepStrictEqual(await valueOf(net.routeTableIds), existing.routeTableIds);
            // The mocks place subnet-…0/1/2 in us-east-1a/b/c (see getSubnet in components/testing/mocks.ts).
            assert.deepStrictEqual(await valueOf(net.privateSubnetAvailabilityZones), ["us-east-1a", "us-east-1b", "us-east-1c"]);
        });

        it("uses a given workload group without adding rules to it", async () => {
            const workload = "sg-0bbbbbbbbbbbbbbbb";
            const net = new IsolatedNetwork("adoptsg", args({ existing: { ...existing, workloadSecurityGroupId: workload } }));
            await settle();
            assert.deepStrictEqual(
                mocks.ofType(T.sg).map((g) => g.name),
                ["adoptsg-endpoint-sg"],
            );
            assert.deepStrictEqual(rulesOf(T.ingress, workload), []);
            assert.deepStrictEqual(rulesOf(T.egress, workload), []);
            const ingress = rulesOf(T.ingress, sg("adoptsg-endpoint-sg").id);
            assert.deepStrictEqual(
                ingress.map((r) => r.inputs.referencedSecurityGroupId),
                [workload],
            );
            assert.strictEqual(await valueOf(net.workloadSecurityGroupId), workload);
        });

        it("skips services the VPC already has endpoints for, and leaves its default group alone when told", async () => {
            const net = new IsolatedNetwork(
                "adoptskip",
                args({ existing: { ...existing, servicesWithExistingEndpoints: ["sts", "logs"] }, restrictDefaultSecurityGroup: false }),
            );
            await settle();
            const names = interfaceEndpoints().map((e) => e.inputs.serviceName);
            assert.ok(!names.includes("com.amazonaws.us-east-1.sts"));
            assert.ok(!names.includes("com.amazonaws.us-east-1.logs"));
            assert.ok(names.includes("com.amazonaws.us-east-1.sagemaker.api"));
            assert.deepStrictEqual(mocks.ofType(T.defaultSg), []);
            const ids = await valueOf(net.interfaceEndpointIds);
            assert.ok(!("sts" in ids) && !("logs" in ids));
        });
    });
});
