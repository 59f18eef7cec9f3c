/**
 * Realistic mocks for Pulumi unit tests and offline synthesis.
 *
 * Every resource gets the id, physical name and ARN that AWS would give it,
 * in the stack's account and region, derived deterministically from its type
 * and logical name. Policy documents and cross-resource references in a
 * synthesized graph then read like the real thing, and two runs of the same
 * program produce byte-identical output.
 */
import { createHash } from "crypto";
import * as pulumi from "@pulumi/pulumi";

/** Where the mocked resources live. */
export interface MockEnvironment {
    /** AWS account id. @default "123456789012" */
    accountId?: string;
    /** AWS region. @default "us-east-1" */
    region?: string;
}

/** One `newResource` call, as the program made it. */
export interface RecordedResource {
    type: string;
    name: string;
    inputs: Record<string, any>;
    outputs: Record<string, any>;
    id: string;
}

function digest(...parts: string[]): string {
    return createHash("sha256").update(parts.join("\u0000")).digest("hex");
}

function uuidFrom(hex: string): string {
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** How AWS names and identifies one resource type. */
interface TypeShape {
    /** The property holding the physical name, if the resource is autonamed. */
    nameProp?: string;
    /** Maximum physical-name length (autonames are truncated to it). */
    maxName?: number;
    /** Lower-case the autoname (S3, SageMaker). */
    lower?: boolean;
    /** The id AWS returns. */
    id?: (c: Ctx) => string;
    /** The ARN, if the resource has one. */
    arn?: (c: Ctx) => string;
    /** Extra computed outputs. */
    extra?: (c: Ctx) => Record<string, unknown>;
}

interface Ctx {
    name: string;
    hex: string;
    inputs: Record<string, any>;
    account: string;
    region: string;
    /** The resource's id, once known (ARNs of EC2 resources embed it). */
    id?: string;
}

const ec2Id = (prefix: string) => (c: Ctx) => `${prefix}-${c.hex.slice(0, 17)}`;
const ec2Arn = (kind: string) => (c: Ctx) => `arn:aws:ec2:${c.region}:${c.account}:${kind}/${c.id}`;

const named =
    (service: string, resource: string, sep = "/") =>
    (c: Ctx) =>
        `arn:aws:${service}:${c.region}:${c.account}:${resource}${sep}${c.name}`;
const sagemaker = (resource: string): TypeShape => ({
    nameProp: "name",
    maxName: 63,
    arn: (c) => `arn:aws:sagemaker:${c.region}:${c.account}:${resource}/${c.name.toLowerCase()}`,
});

const SHAPES: Record<string, TypeShape> = {
    "aws:s3/bucket:Bucket": {
        nameProp: "bucket",
        maxName: 63,
        lower: true,
        arn: (c) => `arn:aws:s3:::${c.name}`,
        extra: (c) => ({
            bucketDomainName: `${c.name}.s3.amazonaws.com`,
            bucketRegionalDomainName: `${c.name}.s3.${c.region}.amazonaws.com`,
            region: c.region,
            hostedZoneId: "Z3AQBSTGFYJSTF",
        }),
    },
    "aws:kms/key:Key": {
        id: (c) => uuidFrom(c.hex),
        arn: (c) => `arn:aws:kms:${c.region}:${c.account}:key/${uuidFrom(c.hex)}`,
        extra: (c) => ({ keyId: uuidFrom(c.hex) }),
    },
    "aws:kms/alias:Alias": {
        nameProp: "name",
        arn: (c) => `arn:aws:kms:${c.region}:${c.account}:${c.name}`,
        extra: (c) => ({ targetKeyArn: `arn:aws:kms:${c.region}:${c.account}:key/${c.inputs.targetKeyId ?? ""}` }),
    },
    "aws:iam/role:Role": {
        nameProp: "name",
        maxName: 64,
        arn: (c) => `arn:aws:iam::${c.account}:role${c.inputs.path ?? "/"}${c.name}`,
        extra: (c) => ({ uniqueId: `AROA${c.hex.slice(0, 17).toUpperCase()}` }),
    },
    "aws:iam/policy:Policy": {
        nameProp: "name",
        maxName: 128,
        arn: (c) => `arn:aws:iam::${c.account}:policy${c.inputs.path ?? "/"}${c.name}`,
    },
    "aws:iam/rolePolicy:RolePolicy": { nameProp: "name", id: (c) => `${c.inputs.role}:${c.name}` },
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": { id: (c) => `${c.inputs.role}-${c.hex.slice(0, 26)}` },
    "aws:ec2/vpc:Vpc": {
        id: ec2Id("vpc"),
        arn: ec2Arn("vpc"),
        extra: (c) => ({
            defaultSecurityGroupId: `sg-${digest(c.hex, "sg").slice(0, 17)}`,
            mainRouteTableId: `rtb-${digest(c.hex, "rtb").slice(0, 17)}`,
            defaultNetworkAclId: `acl-${digest(c.hex, "acl").slice(0, 17)}`,
            defaultRouteTableId: `rtb-${digest(c.hex, "rtb").slice(0, 17)}`,
            ownerId: c.account,
        }),
    },
    "aws:ec2/subnet:Subnet": { id: ec2Id("subnet"), arn: ec2Arn("subnet"), extra: (c) => ({ ownerId: c.account }) },
    "aws:ec2/securityGroup:SecurityGroup": {
        nameProp: "name",
        maxName: 255,
        id: ec2Id("sg"),
        arn: ec2Arn("security-group"),
        extra: (c) => ({ ownerId: c.account }),
    },
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": { id: ec2Id("sg"), arn: ec2Arn("security-group") },
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": { id: ec2Id("sgr"), arn: ec2Arn("security-group-rule") },
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": { id: ec2Id("sgr"), arn: ec2Arn("security-group-rule") },
    "aws:ec2/routeTable:RouteTable": { id: ec2Id("rtb"), arn: ec2Arn("route-table"), extra: (c) => ({ ownerId: c.account }) },
    "aws:ec2/routeTableAssociation:RouteTableAssociation": { id: ec2Id("rtbassoc") },
    // Adopts the VPC's main route table, so it keeps that table's id.
    "aws:ec2/defaultRouteTable:DefaultRouteTable": {
        id: (c) => String(c.inputs.defaultRouteTableId ?? ec2Id("rtb")(c)),
        arn: ec2Arn("route-table"),
        extra: (c) => ({ ownerId: c.account }),
    },
    "aws:ec2/networkAcl:NetworkAcl": { id: ec2Id("acl"), arn: ec2Arn("network-acl") },
    "aws:ec2/vpcEndpoint:VpcEndpoint": {
        id: ec2Id("vpce"),
        arn: ec2Arn("vpc-endpoint"),
        extra: (c) => ({
            prefixListId: c.inputs.vpcEndpointType === "Gateway" ? `pl-${c.hex.slice(0, 8)}` : undefined,
            dnsEntries:
                c.inputs.vpcEndpointType === "Interface"
                    ? [
                          {
                              dnsName: `vpce-${c.hex.slice(0, 17)}.${String(c.inputs.serviceName ?? "")
                                  .split(".")
                                  .slice(3)
                                  .join(".")}.${c.region}.vpce.amazonaws.com`,
                              hostedZoneId: "Z7HUB22UULQXV",
                          },
                      ]
                    : [],
            ownerId: c.account,
            state: "available",
        }),
    },
    "aws:ec2/flowLog:FlowLog": { id: ec2Id("fl"), arn: ec2Arn("vpc-flow-log") },
    "aws:cloudwatch/logGroup:LogGroup": {
        nameProp: "name",
        maxName: 512,
        arn: (c) => `arn:aws:logs:${c.region}:${c.account}:log-group:${c.name}`,
    },
    "aws:cloudwatch/metricAlarm:MetricAlarm": { nameProp: "name", arn: named("cloudwatch", "alarm", ":") },
    "aws:cloudtrail/trail:Trail": {
        nameProp: "name",
        arn: named("cloudtrail", "trail"),
        extra: (c) => ({ homeRegion: c.region }),
    },
    "aws:cfg/recorder:Recorder": { nameProp: "name" },
    "aws:cfg/deliveryChannel:DeliveryChannel": { nameProp: "name" },
    "aws:cfg/recorderStatus:RecorderStatus": { nameProp: "name" },
    "aws:cfg/conformancePack:ConformancePack": {
        nameProp: "name",
        arn: (c) => `arn:aws:config:${c.region}:${c.account}:conformance-pack/${c.name}/conformance-pack-${c.hex.slice(0, 9)}`,
    },
    "aws:cfg/rule:Rule": {
        nameProp: "name",
        arn: (c) => `arn:aws:config:${c.region}:${c.account}:config-rule/config-rule-${c.hex.slice(0, 6)}`,
    },
    "aws:sns/topic:Topic": {
        nameProp: "name",
        maxName: 256,
        id: (c) => `arn:aws:sns:${c.region}:${c.account}:${c.name}`,
        arn: (c) => `arn:aws:sns:${c.region}:${c.account}:${c.name}`,
    },
    "aws:sfn/stateMachine:StateMachine": {
        nameProp: "name",
        maxName: 80,
        id: (c) => `arn:aws:states:${c.region}:${c.account}:stateMachine:${c.name}`,
        arn: (c) => `arn:aws:states:${c.region}:${c.account}:stateMachine:${c.name}`,
    },
    "aws:scheduler/schedule:Schedule": {
        nameProp: "name",
        arn: (c) => `arn:aws:scheduler:${c.region}:${c.account}:schedule/${c.inputs.groupName ?? "default"}/${c.name}`,
    },
    "aws:glue/catalogDatabase:CatalogDatabase": {
        nameProp: "name",
        lower: true,
        id: (c) => `${c.account}:${c.name}`,
        arn: named("glue", "database"),
    },
    "aws:glue/catalogTable:CatalogTable": {
        nameProp: "name",
        lower: true,
        id: (c) => `${c.account}:${c.inputs.databaseName}:${c.name}`,
        arn: (c) => `arn:aws:glue:${c.region}:${c.account}:table/${c.inputs.databaseName}/${c.name}`,
    },
    "aws:glue/crawler:Crawler": { nameProp: "name", arn: named("glue", "crawler") },
    "aws:glue/job:Job": { nameProp: "name", arn: named("glue", "job") },
    "aws:glue/securityConfiguration:SecurityConfiguration": { nameProp: "name" },
    "aws:glue/dataCatalogEncryptionSettings:DataCatalogEncryptionSettings": { id: (c) => c.inputs.catalogId ?? c.account },
    "aws:lakeformation/dataLakeSettings:DataLakeSettings": { id: (c) => `${c.hex.slice(0, 10)}` },
    "aws:lakeformation/resource:Resource": { id: (c) => String(c.inputs.arn ?? c.name) },
    "aws:lakeformation/lfTag:LfTag": { id: (c) => `${c.inputs.catalogId ?? c.account}:${c.inputs.key}` },
    // Lake Formation grants and tag assignments have no ARN; the provider ids them by a hash.
    "aws:lakeformation/permissions:Permissions": { id: (c) => c.hex.slice(0, 10) },
    "aws:lakeformation/resourceLfTags:ResourceLfTags": { id: (c) => c.hex.slice(0, 10) },
    "aws:glue/connection:Connection": { nameProp: "name", id: (c) => `${c.inputs.catalogId ?? c.account}:${c.name}`, arn: named("glue", "connection") },
    "aws:sagemaker/domain:Domain": {
        id: (c) => `d-${c.hex.slice(0, 12)}`,
        arn: (c) => `arn:aws:sagemaker:${c.region}:${c.account}:domain/d-${c.hex.slice(0, 12)}`,
        extra: (c) => ({
            homeEfsFileSystemId: `fs-${c.hex.slice(12, 29)}`,
            url: `https://d-${c.hex.slice(0, 12)}.studio.${c.region}.sagemaker.aws`,
            securityGroupIdForDomainBoundary: `sg-${c.hex.slice(29, 46)}`,
        }),
    },
    "aws:sagemaker/userProfile:UserProfile": {
        arn: (c) => `arn:aws:sagemaker:${c.region}:${c.account}:user-profile/${c.inputs.domainId}/${c.inputs.userProfileName}`,
        id: (c) => `arn:aws:sagemaker:${c.region}:${c.account}:user-profile/${c.inputs.domainId}/${c.inputs.userProfileName}`,
    },
    "aws:sagemaker/studioLifecycleConfig:StudioLifecycleConfig": {
        arn: (c) => `arn:aws:sagemaker:${c.region}:${c.account}:studio-lifecycle-config/${c.inputs.studioLifecycleConfigName}`,
        id: (c) => String(c.inputs.studioLifecycleConfigName),
    },
    "aws:sagemaker/notebookInstance:NotebookInstance": sagemaker("notebook-instance"),
    "aws:sagemaker/model:Model": sagemaker("model"),
    "aws:sagemaker/endpointConfiguration:EndpointConfiguration": sagemaker("endpoint-config"),
    "aws:sagemaker/endpoint:Endpoint": sagemaker("endpoint"),
    "aws:sagemaker/pipeline:Pipeline": {
        id: (c) => String(c.inputs.pipelineName),
        arn: (c) => `arn:aws:sagemaker:${c.region}:${c.account}:pipeline/${String(c.inputs.pipelineName).toLowerCase()}`,
    },
    "aws:sagemaker/modelPackageGroup:ModelPackageGroup": {
        id: (c) => String(c.inputs.modelPackageGroupName),
        arn: (c) => `arn:aws:sagemaker:${c.region}:${c.account}:model-package-group/${String(c.inputs.modelPackageGroupName).toLowerCase()}`,
    },
    "aws:sagemaker/featureGroup:FeatureGroup": {
        id: (c) => String(c.inputs.featureGroupName),
        arn: (c) => `arn:aws:sagemaker:${c.region}:${c.account}:feature-group/${String(c.inputs.featureGroupName).toLowerCase()}`,
    },
    "aws:sagemaker/dataQualityJobDefinition:DataQualityJobDefinition": sagemaker("data-quality-job-definition"),
    "aws:sagemaker/monitoringSchedule:MonitoringSchedule": sagemaker("monitoring-schedule"),
    "aws:sagemaker/codeRepository:CodeRepository": sagemaker("code-repository"),
    // Cloud Control: the identifier and the `properties` the read handler returns (see cloudControlRead).
    "aws:cloudcontrol/resource:Resource": {
        id: (c) => cloudControlRead(c).identifier,
        extra: (c) => ({ properties: cloudControlRead(c).properties }),
    },
    // A topic policy is identified by its topic's ARN.
    "aws:sns/topicPolicy:TopicPolicy": { id: (c) => String(c.inputs.arn) },
    "aws:appautoscaling/target:Target": {
        id: (c) => String(c.inputs.resourceId),
        arn: (c) => `arn:aws:application-autoscaling:${c.region}:${c.account}:scalable-target/${c.hex.slice(0, 30)}`,
    },
    "aws:appautoscaling/policy:Policy": {
        nameProp: "name",
        arn: (c) =>
            `arn:aws:autoscaling:${c.region}:${c.account}:scalingPolicy:${uuidFrom(c.hex)}:resource/${c.inputs.serviceNamespace}/${c.inputs.resourceId}:policyName/${c.name}`,
    },
    "aws:ecr/repository:Repository": {
        nameProp: "name",
        lower: true,
        arn: named("ecr", "repository"),
        extra: (c) => ({ registryId: c.account, repositoryUrl: `${c.account}.dkr.ecr.${c.region}.amazonaws.com/${c.name}` }),
    },
};

/**
 * What Cloud Control's read handler returns for a resource created from `desiredState`: the desired properties
 * without the write-only ones, plus the read-only identifiers. SageMaker job definitions (no Pulumi resource
 * in @pulumi/aws for model-quality, model-bias and explainability) are identified by their ARN.
 */
function cloudControlRead(c: Ctx): { identifier: string; properties: string } {
    const desired: Record<string, any> = typeof c.inputs.desiredState === "string" ? JSON.parse(c.inputs.desiredState) : {};
    const typeName = String(c.inputs.typeName ?? "");
    const { Tags: _tags, EndpointName: _endpointName, ...readable } = desired;
    const job = /^AWS::SageMaker::(\w+)JobDefinition$/.exec(typeName);
    if (job) {
        const kind = job[1].replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();
        const name = String(desired.JobDefinitionName ?? `${c.name}-${c.hex.slice(0, 12)}`);
        const arn = `arn:aws:sagemaker:${c.region}:${c.account}:${kind}-job-definition/${name.toLowerCase()}`;
        return {
            identifier: arn,
            properties: JSON.stringify({ ...readable, JobDefinitionName: name, JobDefinitionArn: arn, CreationTime: "2024-01-01T00:00:00Z" }),
        };
    }
    return { identifier: `${c.name}-${c.hex.slice(0, 12)}`, properties: JSON.stringify(readable) };
}

/** Registry accounts of SageMaker's prebuilt images, by repository and region (SageMaker Python SDK image_uri_config). */
const PREBUILT_REGISTRIES: Record<string, Record<string, string>> = {
    "sagemaker-model-monitor-analyzer": { "us-east-1": "156813124566", "us-west-2": "159807026194" },
    "sagemaker-clarify-processing": { "us-east-1": "205585389593", "us-west-2": "306415355426" },
};

/** A Pulumi-style autoname: the logical name plus seven random-looking hex characters. */
function autoname(logical: string, hex: string, shape: TypeShape): string {
    const max = shape.maxName ?? 255;
    const base = shape.lower ? logical.toLowerCase() : logical;
    return `${base.slice(0, max - 8)}-${hex.slice(0, 7)}`;
}

/**
 * Pulumi mocks that answer like AWS does.
 *
 * Records every resource the program registers in {@link resources}, so
 * tests can assert on inputs by type and name.
 */
export class AwsMocks implements pulumi.runtime.Mocks {
    readonly accountId: string;
    readonly region: string;
    /** Every resource registered so far, in registration order. */
    readonly resources: RecordedResource[] = [];
    /**
     * Outputs of other stacks by fully qualified name (`org/project/stack`), which `pulumi.StackReference`
     * reads. A reference to a stack not listed here fails, as it would against a backend without that stack.
     */
    readonly stackOutputs: Record<string, Record<string, unknown>> = {};

    constructor(env: MockEnvironment = {}) {
        this.accountId = env.accountId ?? "123456789012";
        this.region = env.region ?? "us-east-1";
    }

    /** Clears the recorded resources. */
    reset(): void {
        this.resources.length = 0;
        for (const stack of Object.keys(this.stackOutputs)) {
            delete this.stackOutputs[stack];
        }
    }

    /** Recorded resources of one type token, e.g. `aws:s3/bucket:Bucket`. */
    ofType(type: string): RecordedResource[] {
        return this.resources.filter((r) => r.type === type);
    }

    /** The one recorded resource with this type and logical name; throws if absent. */
    get(type: string, name: string): RecordedResource {
        const found = this.resources.find((r) => r.type === type && r.name === name);
        if (!found) {
            const names = this.ofType(type).map((r) => r.name);
            throw new Error(`no ${type} named "${name}" was registered (registered: ${names.join(", ") || "none"})`);
        }
        return found;
    }

    newResource(args: pulumi.runtime.MockResourceArgs): { id: string; state: Record<string, any> } {
        const inputs: Record<string, any> = args.inputs ?? {};
        if (args.type === "pulumi:pulumi:StackReference") {
            return this.stackReference(String(inputs.name ?? args.name), inputs);
        }
        const { id, state } = this.shapeOutputs(args.type, args.name, inputs);
        this.resources.push({ type: args.type, name: args.name, inputs, outputs: state, id });
        return { id, state };
    }

    /** A stack reference resolves to the referenced stack's outputs, as the Pulumi service returns them. */
    private stackReference(stack: string, inputs: Record<string, any>): { id: string; state: Record<string, any> } {
        const outputs = this.stackOutputs[stack];
        if (outputs === undefined) {
            throw new Error(`the mocks know no stack "${stack}"; set mocks.stackOutputs["${stack}"]`);
        }
        const state = { name: stack, outputs, secretOutputNames: [] };
        this.resources.push({ type: "pulumi:pulumi:StackReference", name: stack, inputs, outputs: state, id: stack });
        return { id: stack, state };
    }

    /** The id and output state AWS would return for a resource with these inputs. */
    shapeOutputs(type: string, logicalName: string, inputs: Record<string, any>): { id: string; state: Record<string, any> } {
        const hex = digest(this.accountId, this.region, type, logicalName);
        const shape = SHAPES[type] ?? genericShape(type);
        const state: Record<string, any> = { ...inputs };
        let physical = logicalName;
        if (shape.nameProp) {
            const given = inputs[shape.nameProp];
            physical =
                typeof given === "string"
                    ? given
                    : typeof inputs.namePrefix === "string"
                      ? `${inputs.namePrefix}${hex.slice(0, 26)}`
                      : autoname(logicalName, hex, shape);
            state[shape.nameProp] = physical;
        }
        const ctx: Ctx = { name: physical, hex, inputs, account: this.accountId, region: this.region };
        const id = shape.id ? shape.id(ctx) : physical;
        ctx.id = id;
        if (shape.arn) {
            state.arn = shape.arn(ctx);
        }
        if (shape.extra) {
            for (const [k, v] of Object.entries(shape.extra(ctx))) {
                if (v !== undefined && state[k] === undefined) {
                    state[k] = v;
                }
            }
        }
        if (inputs.tags !== undefined && state.tagsAll === undefined) {
            state.tagsAll = inputs.tags;
        }
        return { id, state };
    }

    call(args: pulumi.runtime.MockCallArgs): Record<string, any> {
        const inputs = args.inputs ?? {};
        switch (args.token) {
            case "aws:index/getCallerIdentity:getCallerIdentity":
                return {
                    accountId: this.accountId,
                    arn: `arn:aws:iam::${this.accountId}:role/platform-deployer`,
                    userId: "AROAEXAMPLEDEPLOYER:pulumi",
                    id: this.accountId,
                };
            case "aws:index/getRegion:getRegion":
                return { name: this.region, region: this.region, id: this.region, description: this.region, endpoint: `ec2.${this.region}.amazonaws.com` };
            case "aws:index/getPartition:getPartition":
                return { partition: "aws", dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws", id: "aws" };
            case "aws:index/getAvailabilityZones:getAvailabilityZones": {
                const letters = ["a", "b", "c", "d", "e", "f"];
                return {
                    names: letters.map((l) => `${this.region}${l}`),
                    zoneIds: letters.map((_, i) => `use1-az${i + 1}`),
                    id: this.region,
                };
            }
            case "aws:ec2/getVpcEndpointService:getVpcEndpointService": {
                // Every AWS endpoint service offered in all six mocked AZs.
                const serviceName = String(inputs.serviceName ?? `com.amazonaws.${this.region}.${inputs.service}`);
                const hex = digest(this.region, "vpce-svc", serviceName);
                return {
                    id: `vpce-svc-${hex.slice(0, 17)}`,
                    serviceId: `vpce-svc-${hex.slice(0, 17)}`,
                    arn: `arn:aws:ec2:${this.region}:${this.accountId}:vpc-endpoint-service/vpce-svc-${hex.slice(0, 17)}`,
                    serviceName,
                    serviceType: inputs.serviceType ?? "Interface",
                    availabilityZones: ["a", "b", "c", "d", "e", "f"].map((l) => `${this.region}${l}`),
                    acceptanceRequired: false,
                    managesVpcEndpoints: false,
                    owner: "amazon",
                    privateDnsName: "",
                    privateDnsNames: [],
                    baseEndpointDnsNames: [],
                    region: this.region,
                    serviceRegion: this.region,
                    supportedIpAddressTypes: ["ipv4"],
                    tags: {},
                    vpcEndpointPolicySupported: true,
                };
            }
            case "aws:ec2/getSubnet:getSubnet": {
                // A private subnet of the VPC asked for; its AZ follows the id's last hex digit
                // (…0 → a, …1 → b, …), so distinct ids ending 0-5 land in distinct AZs.
                const id = String(inputs.id ?? `subnet-${digest(this.region, "subnet", JSON.stringify(inputs)).slice(0, 17)}`);
                const az = parseInt(id.slice(-1), 16) % 6;
                const hex = digest(this.region, id);
                return {
                    id,
                    arn: `arn:aws:ec2:${this.region}:${this.accountId}:subnet/${id}`,
                    vpcId: inputs.vpcId ?? `vpc-${hex.slice(0, 17)}`,
                    availabilityZone: `${this.region}${"abcdef"[az]}`,
                    availabilityZoneId: `use1-az${az + 1}`,
                    cidrBlock: `10.${parseInt(hex.slice(0, 2), 16)}.${az * 32}.0/19`,
                    mapPublicIpOnLaunch: false,
                    assignIpv6AddressOnCreation: false,
                    defaultForAz: false,
                    state: "available",
                    ownerId: this.accountId,
                    region: this.region,
                    tags: {},
                };
            }
            case "aws:ec2/getRouteTable:getRouteTable": {
                // An isolated table: the provider leaves out the implicit local route, so no routes remain.
                const routeTableId = String(inputs.routeTableId ?? `rtb-${digest(this.region, "rtb", JSON.stringify(inputs)).slice(0, 17)}`);
                return {
                    id: routeTableId,
                    routeTableId,
                    arn: `arn:aws:ec2:${this.region}:${this.accountId}:route-table/${routeTableId}`,
                    vpcId: inputs.vpcId ?? `vpc-${digest(this.region, routeTableId).slice(0, 17)}`,
                    routes: [],
                    associations: [],
                    gatewayId: "",
                    subnetId: inputs.subnetId ?? "",
                    ownerId: this.accountId,
                    region: this.region,
                    tags: {},
                };
            }
            case "aws:iam/getSessionContext:getSessionContext":
                return { issuerArn: inputs.arn, sessionName: "pulumi", id: inputs.arn };
            case "aws:sagemaker/getPrebuiltEcrImage:getPrebuiltEcrImage": {
                const region = String(inputs.region ?? this.region);
                const repository = String(inputs.repositoryName);
                const registryId = PREBUILT_REGISTRIES[repository]?.[region];
                if (registryId === undefined) {
                    throw new Error(`the mocks know no registry for the prebuilt image "${repository}" in ${region}; add it to PREBUILT_REGISTRIES`);
                }
                const tag = String(inputs.imageTag ?? "1");
                const dnsSuffix = String(inputs.dnsSuffix ?? "amazonaws.com");
                return {
                    id: registryId,
                    registryId,
                    registryPath: `${registryId}.dkr.ecr.${region}.${dnsSuffix}/${repository}:${tag}`,
                    repositoryName: repository,
                    imageTag: tag,
                    region,
                    dnsSuffix,
                };
            }
            default:
                throw new Error(`the mocks have no answer for the invoke "${args.token}"; add one to components/testing/mocks.ts`);
        }
    }
}

/** ARN and id for a type the table doesn't list: `arn:aws:<module>:<region>:<account>:<resource>/<name>`. */
function genericShape(type: string): TypeShape {
    const [, mod, res] = /^aws:([^/]+)\/[^:]+:(.+)$/.exec(type) ?? [];
    if (!mod) {
        return {};
    }
    const kebab = res.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();
    return { arn: (c) => `arn:aws:${mod}:${c.region}:${c.account}:${kebab}/${c.name}` };
}

/** Resolves an output's value in a test (mocks must be set). */
export function valueOf<T>(output: pulumi.Output<T> | pulumi.Input<T>): Promise<T> {
    return new Promise((resolve) => pulumi.output(output).apply((v) => resolve(v as T)));
}
