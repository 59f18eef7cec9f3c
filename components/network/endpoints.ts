/**
 * What the isolated network's VPC endpoints reach, and the S3 gateway
 * endpoint's policy.
 *
 * Kept apart from the component so the policy and the service list are plain
 * data, readable and testable without mocks.
 */
import * as pulumi from "@pulumi/pulumi";
import { PolicyDocument, PolicyStatement, policyDocument } from "../lib/policyDocument";

/**
 * Interface endpoints every isolated network gets, by short service name.
 *
 * With no internet route, each AWS API a workload calls needs one of these:
 * - `sagemaker.api`: CreateTrainingJob, CreatePresignedDomainUrl, pipelines, registry.
 * - `sagemaker.runtime`: InvokeEndpoint on the Inferentia endpoints.
 * - `sagemaker.featurestore-runtime`: online feature store reads and writes.
 * - `sagemaker.metrics`: SageMaker Experiments metrics logged from training jobs.
 * - `sagemaker.studio`, `sagemaker.notebook`: the Studio and notebook-instance UIs
 *   (their service names are `aws.sagemaker.<region>.studio|notebook`).
 * - `sts`: role sessions (the SDKs' regional STS calls).
 * - `logs`, `monitoring`: CloudWatch Logs and metrics from jobs and endpoints.
 * - `ecr.api`, `ecr.dkr`: container image pulls (layers then come through S3).
 * - `kms`: envelope encryption with the platform's customer-managed keys.
 * - `glue`: the Data Catalog, from Spark jobs and notebooks.
 * - `states`: Step Functions orchestration.
 * - `ssm`: Parameter Store.
 *
 * Not included, add them through `interfaceEndpointServices` when used:
 * `servicecatalog` (SageMaker Projects), `athena`, `lakeformation`,
 * `secretsmanager`, `ssmmessages`/`ec2messages` (Session Manager),
 * `codecommit`/`git-codecommit`. `elasticfilesystem` is not needed: Studio
 * mounts its EFS volume over NFS to mount targets inside the VPC, and the
 * EFS API is called by SageMaker, not from the VPC.
 */
export const DEFAULT_INTERFACE_ENDPOINT_SERVICES: readonly string[] = [
    "sagemaker.api",
    "sagemaker.runtime",
    "sagemaker.featurestore-runtime",
    "sagemaker.metrics",
    "sagemaker.studio",
    "sagemaker.notebook",
    "sts",
    "logs",
    "monitoring",
    "ecr.api",
    "ecr.dkr",
    "kms",
    "glue",
    "states",
    "ssm",
];

/** Short names whose endpoint service is `aws.sagemaker.<region>.<x>` rather than `com.amazonaws.<region>.<x>`. */
const SAGEMAKER_UI_SERVICES: Record<string, string> = {
    "sagemaker.studio": "studio",
    "sagemaker.notebook": "notebook",
};

/**
 * The VPC endpoint service name for a short service name.
 *
 * @param reverseDnsPrefix the partition's prefix (`com.amazonaws`, `cn.com.amazonaws`).
 */
export function interfaceEndpointServiceName(service: string, region: string, reverseDnsPrefix = "com.amazonaws"): string {
    const ui = SAGEMAKER_UI_SERVICES[service];
    return ui !== undefined ? `aws.sagemaker.${region}.${ui}` : `${reverseDnsPrefix}.${region}.${service}`;
}

/** A Pulumi-safe logical-name suffix for a service (`ecr.dkr` → `ecr-dkr`). */
export function serviceSlug(service: string): string {
    return service.replace(/\./g, "-");
}

/**
 * The AWS-owned buckets SageMaker workloads read from inside the VPC, for a region.
 *
 * - `prod-<region>-starport-layer-bucket/*`: ECR image layers. Every image
 *   pull (SageMaker's own algorithm and DLC images included) downloads its
 *   layers from here through a presigned URL issued by ECR.
 * - `jumpstart-cache-prod-<region>` and `jumpstart-private-cache-prod-<region>`:
 *   SageMaker JumpStart model artifacts and scripts (public and gated models).
 *
 * Deliberately absent: `sagemaker-<region>-<account>`, the SageMaker SDK's
 * default bucket. It is a bucket in this account created outside the
 * platform's controls; pass the platform's own bucket to the SDK instead, or
 * list it in `allowedBucketArns` if it is brought under management. Amazon
 * Linux package repositories (`amazonlinux-2-repos-<region>`, `al2023-repos-...`)
 * are only needed by instances that run `yum`/`dnf`, which SageMaker managed
 * containers do not; add them to `awsServiceBucketArns` if a workload must.
 */
export function sagemakerServiceBucketArns(region: string, partition = "aws"): string[] {
    const s3 = `arn:${partition}:s3:::`;
    return [
        `${s3}prod-${region}-starport-layer-bucket/*`,
        `${s3}jumpstart-cache-prod-${region}`,
        `${s3}jumpstart-cache-prod-${region}/*`,
        `${s3}jumpstart-private-cache-prod-${region}`,
        `${s3}jumpstart-private-cache-prod-${region}/*`,
    ];
}

/**
 * What workloads may do to the platform's buckets through the endpoint: object
 * reads and writes, listing, multipart uploads, and reading bucket settings.
 *
 * Bucket configuration changes (policies, encryption, lifecycle, deletion) are
 * left out: they belong to the deployment pipeline, which runs outside this
 * VPC, so a compromised notebook can't loosen a bucket from inside.
 */
export const PLATFORM_BUCKET_ACTIONS: readonly string[] = [
    "s3:GetObject*",
    "s3:PutObject*",
    "s3:DeleteObject*",
    "s3:RestoreObject",
    "s3:AbortMultipartUpload",
    "s3:ListMultipartUploadParts",
    "s3:ListBucket*",
    "s3:GetBucket*",
    "s3:GetEncryptionConfiguration",
    "s3:GetLifecycleConfiguration",
];

/** Read-only access to AWS-owned buckets. */
export const AWS_SERVICE_BUCKET_ACTIONS: readonly string[] = ["s3:GetObject", "s3:ListBucket"];

/** Statement ids of the S3 gateway endpoint policy, for tests and policy packs. */
export const S3_ENDPOINT_SIDS = {
    platformBuckets: "AllowPlatformBucketsFromThisAccount",
    awsServiceBuckets: "AllowReadOfAwsServiceBuckets",
} as const;

/** Inputs of {@link s3GatewayEndpointPolicy}. */
export interface S3GatewayEndpointPolicyInputs {
    /** Bucket ARNs (or `arn:aws:s3:::prefix-*` patterns) of the platform's buckets. */
    platformBucketArns: pulumi.Input<string>[];
    /** ARNs of the AWS-owned buckets and objects workloads may read. */
    awsServiceBucketArns: pulumi.Input<string[]>;
    /** Whether any AWS-owned bucket is listed; no statement is emitted otherwise (an empty Resource is invalid). */
    includeAwsServiceBuckets: boolean;
    /** This account: the only principals and bucket owners allowed for platform buckets. */
    accountId: pulumi.Input<string>;
}

/**
 * The S3 gateway endpoint policy: an allow-list, so anything not named here is
 * refused at the endpoint whatever IAM says.
 *
 * The platform statement requires both the caller and the bucket to belong to
 * this account. `aws:PrincipalAccount` stops credentials from another account
 * (a developer's personal keys) from using the endpoint at all;
 * `aws:ResourceAccount` stops a `prefix-*` pattern from matching a bucket that
 * someone else created with the same prefix, which would otherwise be an exfiltration
 * path, since bucket names are global.
 *
 * The AWS-owned statement has no principal condition: ECR's layer downloads
 * are presigned by an ECR service account, so any account condition would
 * break every image pull. It is read-only and names exact buckets instead.
 */
export function s3GatewayEndpointPolicy(inputs: S3GatewayEndpointPolicyInputs): PolicyDocument {
    const platformResources = inputs.platformBucketArns.flatMap((arn) => [arn, pulumi.interpolate`${arn}/*`]);
    const statements: PolicyStatement[] = [
        {
            Sid: S3_ENDPOINT_SIDS.platformBuckets,
            Effect: "Allow",
            Principal: "*",
            Action: [...PLATFORM_BUCKET_ACTIONS],
            Resource: platformResources,
            Condition: {
                StringEquals: {
                    "aws:PrincipalAccount": inputs.accountId,
                    "aws:ResourceAccount": inputs.accountId,
                },
            },
        },
    ];
    if (inputs.includeAwsServiceBuckets) {
        statements.push({
            Sid: S3_ENDPOINT_SIDS.awsServiceBuckets,
            Effect: "Allow",
            Principal: "*",
            Action: [...AWS_SERVICE_BUCKET_ACTIONS],
            Resource: inputs.awsServiceBucketArns,
        });
    }
    return policyDocument(...statements);
}

/**
 * The first `count` of `candidates` (AZ names in the region's order) that
 * every endpoint service is offered in, in that order.
 *
 * Interface endpoints are not offered in every AZ (us-east-1's use1-az3 lacks
 * many services, and AZ names map to different physical zones in each
 * account), and creating an endpoint in a subnet of an unsupported AZ fails.
 * Placing the subnets only in AZs that every service covers keeps
 * `pulumi up` from failing halfway. Returns fewer than `count` when not
 * enough AZs qualify; the caller reports that.
 */
export function pickEndpointZones(candidates: string[], offered: string[][], count: number): string[] {
    return candidates.filter((az) => offered.every((zones) => zones.includes(az))).slice(0, count);
}
