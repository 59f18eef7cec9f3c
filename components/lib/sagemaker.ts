/**
 * Names, image references and execution-role statements every SageMaker component needs.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { policyDocument, PolicyStatement, serviceTrustPolicy, toJson } from "./policyDocument";
import { checkRequired, isKnown, ValidationError } from "./validation";

/** Where a component's resources live, resolved from the provider (never assumed). */
export interface ArnContext {
    account: pulumi.Output<string>;
    region: pulumi.Output<string>;
    partition: pulumi.Output<string>;
    /** `amazonaws.com`, or the partition's own suffix. */
    dnsSuffix: pulumi.Output<string>;
}

/** The account, region and partition, read with invokes parented to `parent`. */
export function arnContext(parent: pulumi.Resource): ArnContext {
    const opts = { parent };
    const partition = aws.getPartitionOutput({}, opts);
    return {
        account: aws.getCallerIdentityOutput({}, opts).accountId,
        region: aws.getRegionOutput({}, opts).region,
        partition: partition.partition,
        dnsSuffix: partition.dnsSuffix,
    };
}

/** `<service>.<region>.<dnsSuffix>`, the value of `kms:ViaService` for calls made through that service. */
export function viaService(ctx: ArnContext, service: string): pulumi.Output<string> {
    return pulumi.interpolate`${service}.${ctx.region}.${ctx.dnsSuffix}`;
}

const SAGEMAKER_NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;

/** Throws unless `value` is a SageMaker resource name: 1-63 letters, digits and single hyphens. Unknown values pass. */
export function checkSageMakerName(field: string, value: pulumi.Input<string> | undefined): void {
    if (value === undefined || !isKnown(value)) {
        return;
    }
    if (!SAGEMAKER_NAME.test(value)) {
        throw new ValidationError(field, "1 to 63 letters, digits and hyphens, starting and ending with a letter or digit", value);
    }
}

/** Joins parts into a valid SageMaker name: other characters become hyphens, at most 63 characters. */
export function sageMakerName(parts: string[]): string {
    const joined = parts
        .join("-")
        .replace(/[^a-zA-Z0-9-]+/g, "-")
        .replace(/-+/g, "-")
        .replace(/^-+|-+$/g, "");
    return joined.slice(0, 63).replace(/-+$/, "");
}

const ECR_IMAGE = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/([a-z0-9][a-z0-9._/-]*)(?::[\w][\w.-]{0,127}|@sha256:[a-f0-9]{64})$/;

/** Throws unless `value` is an ECR image reference `<account>.dkr.ecr.<region>.amazonaws.com/<repo>:<tag>`. Unknown values pass. */
export function checkEcrImage(field: string, value: pulumi.Input<string> | undefined): void {
    if (value === undefined || !isKnown(value)) {
        return;
    }
    if (!ECR_IMAGE.test(value)) {
        throw new ValidationError(field, 'an ECR image such as "111122223333.dkr.ecr.us-east-1.amazonaws.com/repo:tag"', value);
    }
}

/** The ECR repository ARN an image reference points at. */
function repositoryArn(partition: string, image: string): string {
    const m = ECR_IMAGE.exec(image);
    if (!m) {
        throw new Error(`"${image}" is not an ECR image reference`);
    }
    return `arn:${partition}:ecr:${m[2]}:${m[1]}:repository/${m[3]}`;
}

/** Pulling exactly the given images: the registry token, and layer reads on their repositories only. */
export function ecrPullStatements(ctx: ArnContext, imageUris: pulumi.Input<string>[]): PolicyStatement[] {
    return [
        { Sid: "EcrAuthorization", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
        {
            Sid: "PullImages",
            Effect: "Allow",
            Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"],
            Resource: pulumi.all([ctx.partition, ...imageUris]).apply(([p, ...images]) => [...new Set(images.map((i) => repositoryArn(p, i)))]),
        },
    ];
}

/**
 * The network-interface management SageMaker performs with the execution role to place a job, model or app in
 * the VPC, limited to the platform's subnets and security groups.
 */
export function vpcAccessStatements(ctx: ArnContext, subnetIds: pulumi.Input<string>[], securityGroupIds: pulumi.Input<string>[]): PolicyStatement[] {
    const arns = (kind: string, ids: pulumi.Input<string>[]) =>
        pulumi.all([ctx.partition, ctx.region, ctx.account, ...ids]).apply(([p, r, a, ...list]) => list.map((id) => `arn:${p}:ec2:${r}:${a}:${kind}/${id}`));
    const subnetArns = arns("subnet", subnetIds);
    const eniArn = pulumi.interpolate`arn:${ctx.partition}:ec2:${ctx.region}:${ctx.account}:network-interface/*`;
    return [
        {
            Sid: "DescribeNetwork",
            Effect: "Allow",
            Action: ["ec2:DescribeNetworkInterfaces", "ec2:DescribeVpcs", "ec2:DescribeDhcpOptions", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups"],
            Resource: "*",
        },
        {
            Sid: "CreateInterfacesInPlatformSubnets",
            Effect: "Allow",
            Action: "ec2:CreateNetworkInterface",
            Resource: pulumi.all([subnetArns, arns("security-group", securityGroupIds), eniArn]).apply(([s, g, e]) => [...s, ...g, e]),
        },
        {
            Sid: "ManageInterfacesInPlatformSubnets",
            Effect: "Allow",
            Action: ["ec2:CreateNetworkInterfacePermission", "ec2:DeleteNetworkInterface", "ec2:DeleteNetworkInterfacePermission"],
            Resource: eniArn,
            Condition: { ArnEquals: { "ec2:Subnet": subnetArns } },
        },
    ];
}

/** Writing to the given SageMaker log groups (e.g. `/aws/sagemaker/Endpoints/<name>`) and nothing else. */
export function sageMakerLogsStatement(ctx: ArnContext, logGroupNames: string[]): PolicyStatement {
    const base = pulumi.interpolate`arn:${ctx.partition}:logs:${ctx.region}:${ctx.account}:log-group:`;
    return {
        Sid: "WriteSageMakerLogs",
        Effect: "Allow",
        Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
        Resource: base.apply((b) => logGroupNames.flatMap((g) => [`${b}${g}`, `${b}${g}:log-stream:*`])),
    };
}

/** Throws unless the lists fit a SageMaker `VpcConfig`: 1 to 16 subnets and 1 to 5 security groups. */
export function checkVpcConfig(component: string, subnetIds: pulumi.Input<string>[], securityGroupIds: pulumi.Input<string>[]): void {
    checkRequired(`${component}.subnetIds`, subnetIds, "1 to 16 private subnet ids");
    if (subnetIds.length > 16) {
        throw new ValidationError(`${component}.subnetIds`, "1 to 16 private subnet ids", subnetIds.length);
    }
    checkRequired(`${component}.securityGroupIds`, securityGroupIds, "1 to 5 security group ids");
    if (securityGroupIds.length > 5) {
        throw new ValidationError(`${component}.securityGroupIds`, "1 to 5 security group ids", securityGroupIds.length);
    }
}

/** A role and its inline policy, both named `name`; children wait on `rolePolicy` so the permissions are in place. */
export interface SageMakerRole {
    role: aws.iam.Role;
    rolePolicy: aws.iam.RolePolicy;
}

/**
 * A role only SageMaker may assume, and only on behalf of this account (`aws:SourceAccount`, against the confused
 * deputy), with one inline policy of `statements`.
 */
export function sageMakerRole(
    name: string,
    description: pulumi.Input<string>,
    statements: PolicyStatement[],
    ctx: ArnContext,
    tags: { [key: string]: string } | undefined,
    parent: pulumi.Resource,
): SageMakerRole {
    const role = new aws.iam.Role(
        name,
        { description, assumeRolePolicy: toJson(serviceTrustPolicy("sagemaker.amazonaws.com", ctx.account)), tags },
        { parent },
    );
    const rolePolicy = new aws.iam.RolePolicy(name, { role: role.id, policy: toJson(policyDocument(...statements)) }, { parent });
    return { role, rolePolicy };
}

/** Metric, statistic and comparison of an alarm on a real-time endpoint variant's server errors (5XX). */
export function endpoint5xxAlarmMetric(dimensions: { [key: string]: pulumi.Input<string> }) {
    return {
        namespace: "AWS/SageMaker",
        metricName: "Invocation5XXErrors",
        dimensions,
        statistic: "Sum",
        comparisonOperator: "GreaterThanOrEqualToThreshold",
    };
}

/** Metric, statistic, comparison and threshold of an alarm on a real-time endpoint variant's p99 model latency. */
export function endpointLatencyP99AlarmMetric(dimensions: { [key: string]: pulumi.Input<string> }, latencyP99Ms: number) {
    return {
        namespace: "AWS/SageMaker",
        metricName: "ModelLatency",
        dimensions,
        extendedStatistic: "p99",
        comparisonOperator: "GreaterThanThreshold",
        // ModelLatency is reported in microseconds.
        threshold: latencyP99Ms * 1000,
    };
}
