/**
 * Names, image references and execution-role statements every SageMaker component needs.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PolicyStatement } from "./policyDocument";
import { isKnown, ValidationError } from "./validation";

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
