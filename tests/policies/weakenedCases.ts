/**
 * Copies of the compliant baseline, each weakened in one way, with the rules that must catch it
 * at the mandatory level under prod config. The policy tests run them through the rules; the
 * engine tests run a sample of them, as stack exports, through both engines.
 */
import { baseline, plus, T, tags, tlsPolicy, withProps, without } from "./awsFixtures";
import type { TestResource } from "./harness";

/** What is weakened, the stack that results, and the policies that catch it. */
export type WeakenedCase = readonly [what: string, make: () => TestResource[], caughtBy: readonly string[]];

export const WEAKENED_CASES: readonly WeakenedCase[] = [
    ["a bucket without its public access block", () => without(baseline(), "data-pab"), ["aws-s3-bucket-enable-public-access-block"]],
    [
        "a bucket policy granting public read",
        () =>
            withProps(baseline(), "data-policy", (x) => {
                x.policy = tlsPolicy("ml-data-0a1b", { Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::ml-data-0a1b/*" });
            }),
        ["aws-s3-bucket-disallow-public-access"],
    ],
    [
        "a bucket with a public-read ACL",
        () => plus(baseline(), { type: T.acl, name: "data-acl", props: { bucket: "ml-data-0a1b", acl: "public-read" } }),
        ["aws-s3-bucket-disallow-public-access"],
    ],
    ["a bucket without encryption", () => without(baseline(), "data-sse"), ["aws-s3-bucket-enable-kms-encryption"]],
    [
        "a bucket encrypted with SSE-S3",
        () =>
            withProps(baseline(), "data-sse", (x) => (x.rules = [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" }, bucketKeyEnabled: true }])),
        ["aws-s3-bucket-enable-kms-encryption"],
    ],
    [
        "a bucket accepting plain HTTP",
        () => withProps(baseline(), "data-policy", (x) => (x.policy = JSON.stringify({ Version: "2012-10-17", Statement: [] }))),
        ["aws-s3-bucket-enforce-tls"],
    ],
    ["a force-destroy bucket", () => withProps(baseline(), "data", (x) => (x.forceDestroy = true)), ["aws-s3-bucket-disallow-force-destroy"]],
    ["an audit bucket without Object Lock", () => without(baseline(), "audit-lock"), ["aws-s3-bucket-enable-object-lock"]],
    ["a bucket without versioning", () => without(baseline(), "data-versioning"), ["aws-s3-bucket-enable-versioning"]],
    ["a bucket without access logs", () => without(baseline(), "data-logging"), ["aws-s3-bucket-enable-access-logging"]],
    ["a key without rotation", () => withProps(baseline(), "key", (x) => (x.enableKeyRotation = false)), ["aws-kms-key-enable-key-rotation"]],
    [
        "a key policy open to everyone",
        () =>
            withProps(
                baseline(),
                "key",
                (x) => (x.policy = JSON.stringify({ Statement: [{ Effect: "Allow", Principal: "*", Action: "kms:*", Resource: "*" }] })),
            ),
        ["aws-kms-key-disallow-wildcard-principal"],
    ],
    ["a key with a 7-day deletion window", () => withProps(baseline(), "key", (x) => (x.deletionWindowInDays = 7)), ["aws-kms-key-configure-deletion-window"]],
    [
        "a key bypassing the lockout check",
        () => withProps(baseline(), "key", (x) => (x.bypassPolicyLockoutSafetyCheck = true)),
        ["aws-kms-key-disallow-bypass-policy-lockout-safety-check"],
    ],
    [
        "SSH open to the internet",
        () => withProps(baseline(), "endpoints-sg", (x) => x.ingress.push({ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] })),
        ["aws-ec2-securitygroup-disallow-public-ingress"],
    ],
    [
        "an IPv6-open ingress rule resource",
        () => plus(baseline(), { type: T.ingressRule, name: "open6", props: { securityGroupId: "sg-1", ipProtocol: "-1", cidrIpv6: "::/0", tags: tags() } }),
        ["aws-ec2-securitygroup-disallow-public-ingress"],
    ],
    [
        "a subnet mapping public IPs",
        () => withProps(baseline(), "private-a", (x) => (x.mapPublicIpOnLaunch = true)),
        ["aws-ec2-subnet-disallow-public-ip-mapping"],
    ],
    [
        "an ML subnet routed to an internet gateway",
        () =>
            plus(
                baseline(),
                { type: T.igw, name: "igw", props: { id: "igw-9", vpcId: "vpc-0a1b", tags: tags() } },
                { type: T.route, name: "to-internet", props: { routeTableId: "rtb-private", destinationCidrBlock: "0.0.0.0/0", gatewayId: "igw-9" } },
            ),
        [
            "aws-ec2-internetgateway-disallow-vpc-attachment",
            "aws-ec2-routetable-disallow-unrestricted-internet-gateway-route",
            "aws-ec2-subnet-disallow-internet-gateway-route",
        ],
    ],
    ["a VPC without flow logs", () => without(baseline(), "flow-log"), ["aws-ec2-vpc-enable-flow-logs"]],
    ["a VPC whose default security group is left open", () => without(baseline(), "default-sg"), ["aws-ec2-defaultsecuritygroup-enforce-closed"]],
    ["an awsx VPC", () => plus(baseline(), { type: "awsx:ec2:Vpc", name: "awsx-vpc", props: {} }), ["aws-ec2-vpc-disallow-awsx-vpc"]],
    [
        "a trail without log file validation",
        () => withProps(baseline(), "trail", (x) => (x.enableLogFileValidation = false)),
        ["aws-cloudtrail-trail-enable-multi-region-trail"],
    ],
    [
        "a trail without data events",
        () => withProps(baseline(), "trail", (x) => x.advancedEventSelectors.pop()),
        ["aws-cloudtrail-trail-enable-s3-data-events"],
    ],
    [
        "AWS Config switched off",
        () => withProps(baseline(), "recorder-status", (x) => (x.isEnabled = false)),
        ["aws-cfg-recorder-enable-configuration-recording"],
    ],
    ["an unencrypted log group", () => withProps(baseline(), "audit-logs", (x) => delete x.kmsKeyId), ["aws-cloudwatch-loggroup-enable-kms-encryption"]],
    ["a log group kept 30 days", () => withProps(baseline(), "audit-logs", (x) => (x.retentionInDays = 30)), ["aws-cloudwatch-loggroup-configure-retention"]],
    [
        "an inline admin policy",
        () => withProps(baseline(), "flow-logs-policy", (x) => (x.policy = JSON.stringify({ Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }))),
        [
            "aws-iam-policy-disallow-blocked-kms-actions",
            "aws-iam-policy-disallow-full-admin",
            "aws-iam-policy-disallow-service-full-access",
            "aws-iam-role-disallow-inline-admin",
        ],
    ],
    ["a resource without its tags", () => withProps(baseline(), "audit-logs", (x) => delete x.tags), ["aws-tagging-resource-enforce-required-tags"]],
];
