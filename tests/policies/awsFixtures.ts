/**
 * A compliant platform-like stack, as `TestResource`s, for the S3, KMS,
 * network, audit, IAM and tag rules, plus helpers to weaken one thing at a time
 * (awsguard's happy path, then one mutation per case).
 *
 * Resources reference each other by value (ids, names, ARNs) as they would
 * after an update; tests that model a preview replace a value with an
 * UNKNOWN sentinel and add `propertyDependencies`.
 */
import type { TestResource } from "./harness";

export const ACCOUNT = "111122223333";
export const KEY_ARN = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
export const LOG_GROUP_ARN = `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/ml-platform/audit`;

export const T = {
    key: "aws:kms/key:Key",
    bucket: "aws:s3/bucket:Bucket",
    sse: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    versioning: "aws:s3/bucketVersioning:BucketVersioning",
    pab: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
    logging: "aws:s3/bucketLogging:BucketLogging",
    objectLock: "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration",
    acl: "aws:s3/bucketAcl:BucketAcl",
    trail: "aws:cloudtrail/trail:Trail",
    recorder: "aws:cfg/recorder:Recorder",
    channel: "aws:cfg/deliveryChannel:DeliveryChannel",
    recorderStatus: "aws:cfg/recorderStatus:RecorderStatus",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    vpc: "aws:ec2/vpc:Vpc",
    subnet: "aws:ec2/subnet:Subnet",
    routeTable: "aws:ec2/routeTable:RouteTable",
    route: "aws:ec2/route:Route",
    rta: "aws:ec2/routeTableAssociation:RouteTableAssociation",
    igw: "aws:ec2/internetGateway:InternetGateway",
    defaultSg: "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
    sg: "aws:ec2/securityGroup:SecurityGroup",
    sgRule: "aws:ec2/securityGroupRule:SecurityGroupRule",
    ingressRule: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    flowLog: "aws:ec2/flowLog:FlowLog",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    policy: "aws:iam/policy:Policy",
    attachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
} as const;

export const TAGS = { "data-classification": "phi", owner: "ml-platform", environment: "prod", "cost-center": "cc-1234" };

export function tags(overrides: Record<string, string> = {}): Record<string, string> {
    return { ...TAGS, ...overrides };
}

const arn = (name: string) => `arn:aws:s3:::${name}`;

/** A bucket policy that denies plain HTTP, plus optional extra statements. */
export function tlsPolicy(bucket: string, ...extra: object[]): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "DenyInsecureTransport",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: [arn(bucket), `${arn(bucket)}/*`],
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
            ...extra,
        ],
    });
}

/** A bucket with every sub-resource a compliant bucket needs. */
export function secureBucket(
    name: string,
    physical: string,
    opts: { tags?: Record<string, string>; logTo?: string; objectLock?: boolean; policyExtra?: object[] } = {},
): TestResource[] {
    const out: TestResource[] = [
        {
            type: T.bucket,
            name,
            props: {
                bucket: physical,
                arn: arn(physical),
                forceDestroy: false,
                tags: opts.tags ?? tags(),
                ...(opts.objectLock ? { objectLockEnabled: true } : {}),
            },
        },
        {
            type: T.sse,
            name: `${name}-sse`,
            props: {
                bucket: physical,
                rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY_ARN }, bucketKeyEnabled: true }],
            },
        },
        { type: T.versioning, name: `${name}-versioning`, props: { bucket: physical, versioningConfiguration: { status: "Enabled" } } },
        {
            type: T.pab,
            name: `${name}-pab`,
            props: { bucket: physical, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
        },
        { type: T.bucketPolicy, name: `${name}-policy`, props: { bucket: physical, policy: tlsPolicy(physical, ...(opts.policyExtra ?? [])) } },
    ];
    if (opts.logTo) {
        out.push({ type: T.logging, name: `${name}-logging`, props: { bucket: physical, targetBucket: opts.logTo, targetPrefix: `${physical}/` } });
    }
    if (opts.objectLock) {
        out.push({
            type: T.objectLock,
            name: `${name}-lock`,
            props: { bucket: physical, rule: { defaultRetention: { mode: "COMPLIANCE", days: 365 } } },
        });
    }
    return out;
}

export const TRUST_FLOW_LOGS = JSON.stringify({
    Version: "2012-10-17",
    Statement: [
        {
            Effect: "Allow",
            Principal: { Service: "vpc-flow-logs.amazonaws.com" },
            Action: "sts:AssumeRole",
            Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
        },
    ],
});

/** The compliant baseline: one of everything, wired together. */
export function baseline(): TestResource[] {
    return [
        {
            type: T.key,
            name: "key",
            props: {
                enableKeyRotation: true,
                deletionWindowInDays: 30,
                tags: tags(),
                policy: JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [
                        { Sid: "Root", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" },
                        {
                            Sid: "Logs",
                            Effect: "Allow",
                            Principal: { Service: "logs.us-east-1.amazonaws.com" },
                            Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
                            Resource: "*",
                            Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:us-east-1:${ACCOUNT}:*` } },
                        },
                    ],
                }),
            },
        },
        ...secureBucket("data", "ml-data-0a1b", { logTo: "ml-logs-0a1b" }),
        ...secureBucket("logs", "ml-logs-0a1b", {
            tags: tags({ "data-classification": "logs" }),
            policyExtra: [
                {
                    Sid: "AllowS3Logging",
                    Effect: "Allow",
                    Principal: { Service: "logging.s3.amazonaws.com" },
                    Action: "s3:PutObject",
                    Resource: `${arn("ml-logs-0a1b")}/*`,
                    Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
                },
            ],
        }),
        ...secureBucket("audit", "ml-audit-0a1b", {
            tags: tags({ "data-classification": "audit" }),
            logTo: "ml-logs-0a1b",
            objectLock: true,
            policyExtra: [
                {
                    Sid: "AllowCloudTrailWrite",
                    Effect: "Allow",
                    Principal: { Service: "cloudtrail.amazonaws.com" },
                    Action: "s3:PutObject",
                    Resource: `${arn("ml-audit-0a1b")}/AWSLogs/${ACCOUNT}/*`,
                    Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT, "s3:x-amz-acl": "bucket-owner-full-control" } },
                },
            ],
        }),
        {
            type: T.trail,
            name: "trail",
            props: {
                name: "ml-platform",
                s3BucketName: "ml-audit-0a1b",
                isMultiRegionTrail: true,
                includeGlobalServiceEvents: true,
                enableLogFileValidation: true,
                enableLogging: true,
                kmsKeyId: KEY_ARN,
                cloudWatchLogsGroupArn: `${LOG_GROUP_ARN}:*`,
                cloudWatchLogsRoleArn: `arn:aws:iam::${ACCOUNT}:role/trail-to-logs`,
                advancedEventSelectors: [
                    { name: "management", fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }] },
                    {
                        name: "regulated-data",
                        fieldSelectors: [
                            { field: "eventCategory", equals: ["Data"] },
                            { field: "resources.type", equals: ["AWS::S3::Object"] },
                            { field: "resources.ARN", startsWiths: [`${arn("ml-data-0a1b")}/`] },
                        ],
                    },
                ],
                tags: tags(),
            },
        },
        {
            type: T.recorder,
            name: "recorder",
            props: { roleArn: `arn:aws:iam::${ACCOUNT}:role/config`, recordingGroup: { allSupported: true, includeGlobalResourceTypes: true } },
        },
        { type: T.channel, name: "channel", props: { s3BucketName: "ml-audit-0a1b" } },
        { type: T.recorderStatus, name: "recorder-status", props: { name: "default", isEnabled: true } },
        { type: T.logGroup, name: "audit-logs", props: { name: "/ml-platform/audit", kmsKeyId: KEY_ARN, retentionInDays: 365, tags: tags() } },
        { type: T.vpc, name: "vpc", props: { id: "vpc-0a1b", cidrBlock: "10.20.0.0/16", defaultRouteTableId: "rtb-main", tags: tags() } },
        {
            type: T.subnet,
            name: "private-a",
            props: { id: "subnet-0a", vpcId: "vpc-0a1b", cidrBlock: "10.20.0.0/20", mapPublicIpOnLaunch: false, tags: tags({ workload: "ml" }) },
        },
        { type: T.routeTable, name: "private-rt", props: { id: "rtb-private", vpcId: "vpc-0a1b", routes: [], tags: tags() } },
        { type: T.rta, name: "private-a-rta", props: { subnetId: "subnet-0a", routeTableId: "rtb-private" } },
        { type: T.defaultSg, name: "default-sg", props: { vpcId: "vpc-0a1b", tags: tags() } },
        {
            type: T.sg,
            name: "endpoints-sg",
            props: {
                vpcId: "vpc-0a1b",
                ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.20.0.0/16"] }],
                egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["10.20.0.0/16"] }],
                tags: tags(),
            },
        },
        {
            type: T.flowLog,
            name: "flow-log",
            props: {
                vpcId: "vpc-0a1b",
                trafficType: "ALL",
                logDestinationType: "cloud-watch-logs",
                logDestination: LOG_GROUP_ARN,
                iamRoleArn: `arn:aws:iam::${ACCOUNT}:role/flow-logs`,
                tags: tags(),
            },
        },
        { type: T.role, name: "flow-logs-role", props: { name: "flow-logs", assumeRolePolicy: TRUST_FLOW_LOGS, tags: tags() } },
        {
            type: T.rolePolicy,
            name: "flow-logs-policy",
            props: {
                role: "flow-logs",
                policy: JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [{ Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${LOG_GROUP_ARN}:*` }],
                }),
            },
        },
    ];
}

/** A deep copy of the resources with one resource's props changed. */
export function withProps(resources: TestResource[], name: string, change: (props: Record<string, any>) => void): TestResource[] {
    const copy: TestResource[] = JSON.parse(JSON.stringify(resources));
    const r = copy.find((x) => x.name === name);
    if (!r) {
        throw new Error(`fixture has no resource named ${name}`);
    }
    change(r.props);
    return copy;
}

/** The resources without the named ones. */
export function without(resources: TestResource[], ...names: string[]): TestResource[] {
    return resources.filter((r) => !names.includes(r.name ?? ""));
}

/** The resources plus extra ones. */
export function plus(resources: TestResource[], ...extra: TestResource[]): TestResource[] {
    return [...JSON.parse(JSON.stringify(resources)), ...extra];
}
