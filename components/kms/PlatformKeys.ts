import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { checkArn, checkInteger, checkRequired, dataOptions, PolicyStatement, policyDocument, toJson, ValidationError } from "../lib";

/** Arguments of {@link PlatformKeys}. */
export interface PlatformKeysArgs {
    /**
     * Prefix of the key aliases: the keys are `alias/<aliasPrefix>-data-lake`, `alias/<aliasPrefix>-ml` and
     * `alias/<aliasPrefix>-logs`. Include the environment (e.g. `mlp-prod`) so that two stacks in one account
     * never point one alias at another stack's key.
     */
    aliasPrefix: string;
    /**
     * Days a scheduled deletion waits before the key material is destroyed (7 to 30). Everything encrypted
     * under a deleted key is unrecoverable; the longest window leaves a month to notice and cancel.
     * @default 30
     */
    deletionWindowInDays?: number;
    /**
     * Days between automatic rotations of the key material (90 to 2560). Rotation is always on; old material is
     * kept, so existing ciphertext stays readable while new data uses fresh material.
     * @default 365 (the AWS default, left to AWS when unset)
     */
    rotationPeriodInDays?: number;
    /**
     * IAM role (or user) ARNs that administer the keys: change policies, tags, rotation, enable/disable,
     * schedule or cancel deletion. They get no cryptographic use of the keys. Each principal must exist when the
     * key policy is written, or KMS rejects the policy. The account root statement is always present, so IAM
     * policies in the account can grant key use and administration as with AWS's default key policy.
     * @default [] (administration only through IAM policies, via the account root statement)
     */
    adminRoleArns?: pulumi.Input<string>[];
    /**
     * Protect the keys and retain them on delete, so `pulumi destroy` or a replacement can never schedule the
     * deletion of a key that still protects data. Turn off only in disposable dev stacks.
     * @default true
     */
    protect?: boolean;
    /**
     * Tags for every key.
     * @default {}
     */
    tags?: { [key: string]: string };
}

const ALIAS_PREFIX = /^[a-zA-Z0-9][a-zA-Z0-9/_-]{0,200}$/;

/** Checks {@link PlatformKeysArgs} before anything is created. */
export function validatePlatformKeysArgs(args: PlatformKeysArgs): void {
    const aliasForm = 'letters, digits, "/", "_" and "-" (e.g. "mlp-prod"), not starting with "alias/" or "aws/" and not ending with "/"';
    checkRequired("PlatformKeys.aliasPrefix", args.aliasPrefix, aliasForm);
    const lower = (args.aliasPrefix ?? "").toLowerCase();
    // "alias/" is added here, and "alias/aws/" is reserved for AWS managed keys.
    if (!ALIAS_PREFIX.test(args.aliasPrefix) || lower.startsWith("aws/") || lower.startsWith("alias/") || args.aliasPrefix.endsWith("/")) {
        throw new ValidationError("PlatformKeys.aliasPrefix", aliasForm, args.aliasPrefix);
    }
    checkInteger("PlatformKeys.deletionWindowInDays", args.deletionWindowInDays, 7, 30);
    checkInteger("PlatformKeys.rotationPeriodInDays", args.rotationPeriodInDays, 90, 2560);
    (args.adminRoleArns ?? []).forEach((arn, i) => checkArn(`PlatformKeys.adminRoleArns[${i}]`, arn, "iam"));
}

/** Where the keys live; every value is resolved from the provider, never assumed. */
interface KeyPolicyContext {
    account: pulumi.Output<string>;
    region: pulumi.Output<string>;
    partition: pulumi.Output<string>;
    dnsSuffix: pulumi.Output<string>;
}

/** The data-plane actions a service needs to encrypt and decrypt under a key. */
const CRYPTO_ACTIONS = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"];

/** The actions CloudWatch Logs documents for encrypted log groups. */
const LOGS_ACTIONS = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"];

/** Key administration without cryptographic use, as in AWS's default "key administrators" statement. */
const ADMIN_ACTIONS = [
    "kms:Create*",
    "kms:Describe*",
    "kms:Enable*",
    "kms:List*",
    "kms:Put*",
    "kms:Update*",
    "kms:Revoke*",
    "kms:Disable*",
    "kms:Get*",
    "kms:Delete*",
    "kms:TagResource",
    "kms:UntagResource",
    "kms:ScheduleKeyDeletion",
    "kms:CancelKeyDeletion",
    "kms:RotateKeyOnDemand",
];

function regionalEndpoint(ctx: KeyPolicyContext, service: string): pulumi.Output<string> {
    return pulumi.interpolate`${service}.${ctx.region}.${ctx.dnsSuffix}`;
}

/** Statements every platform key starts with. */
function baseStatements(ctx: KeyPolicyContext, adminRoleArns: pulumi.Input<string>[]): PolicyStatement[] {
    const statements: PolicyStatement[] = [
        {
            // Without it, IAM policies can't grant anything on the key and only the key policy could be used to
            // recover access; it is also what keeps PutKeyPolicy's lockout check satisfied for the deployer.
            Sid: "EnableIamPoliciesInAccount",
            Effect: "Allow",
            Principal: { AWS: pulumi.interpolate`arn:${ctx.partition}:iam::${ctx.account}:root` },
            Action: "kms:*",
            Resource: "*",
        },
    ];
    if (adminRoleArns.length > 0) {
        statements.push({
            Sid: "AllowKeyAdministration",
            Effect: "Allow",
            Principal: { AWS: adminRoleArns },
            Action: ADMIN_ACTIONS,
            Resource: "*",
        });
    }
    return statements;
}

/** Lets CloudWatch Logs use the key for log groups whose names match `logGroupPatterns` in this account and region. */
function cloudWatchLogsStatement(ctx: KeyPolicyContext, sid: string, logGroupPatterns: string[]): PolicyStatement {
    const arns = logGroupPatterns.map((p) => pulumi.interpolate`arn:${ctx.partition}:logs:${ctx.region}:${ctx.account}:log-group:${p}`);
    return {
        Sid: sid,
        Effect: "Allow",
        Principal: { Service: regionalEndpoint(ctx, "logs") },
        Action: LOGS_ACTIONS,
        Resource: "*",
        Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": arns.length === 1 ? arns[0] : arns } },
    };
}

/**
 * Use by any principal of this account, but only through the listed AWS services. Which principal may read what
 * is then decided by those services' own permissions (bucket policies, IAM, Lake Formation), as with the
 * AWS-managed `aws/s3` key, and the key can't be called directly or from another account.
 */
function viaServicesStatement(ctx: KeyPolicyContext, sid: string, services: string[]): PolicyStatement {
    return {
        Sid: sid,
        Effect: "Allow",
        Principal: { AWS: "*" },
        Action: CRYPTO_ACTIONS,
        Resource: "*",
        Condition: {
            StringEquals: {
                "kms:CallerAccount": ctx.account,
                "kms:ViaService": services.map((s) => regionalEndpoint(ctx, s)),
            },
        },
    };
}

/** Key policy of the logs/audit key. */
function logsKeyStatements(ctx: KeyPolicyContext): PolicyStatement[] {
    const sourceAccount = { "aws:SourceAccount": ctx.account };
    // The trails are created after this key, so their names aren't known here: any trail of this account whose
    // home region is this one. Multi-region trails always present their home-region ARN.
    const trailArns = pulumi.interpolate`arn:${ctx.partition}:cloudtrail:${ctx.region}:${ctx.account}:trail/*`;
    return [
        {
            Sid: "AllowCloudTrailToEncryptLogs",
            Effect: "Allow",
            Principal: { Service: "cloudtrail.amazonaws.com" },
            Action: "kms:GenerateDataKey*",
            Resource: "*",
            Condition: {
                StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": pulumi.interpolate`arn:${ctx.partition}:cloudtrail:*:${ctx.account}:trail/*` },
                StringEquals: sourceAccount,
                ArnLike: { "aws:SourceArn": trailArns },
            },
        },
        {
            Sid: "AllowCloudTrailToDescribeKey",
            Effect: "Allow",
            Principal: { Service: "cloudtrail.amazonaws.com" },
            Action: "kms:DescribeKey",
            Resource: "*",
            Condition: { StringEquals: sourceAccount, ArnLike: { "aws:SourceArn": trailArns } },
        },
        {
            // The trail bucket uses an S3 Bucket Key. S3 then asks KMS for a bucket-level data key under the
            // bucket's ARN as encryption context (not the trail's), and CloudTrail needs kms:Decrypt to create or
            // update a trail with SSE-KMS on such a bucket (CloudTrail User Guide, "Granting decrypt permissions").
            Sid: "AllowCloudTrailThroughS3BucketKey",
            Effect: "Allow",
            Principal: { Service: "cloudtrail.amazonaws.com" },
            Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
            Resource: "*",
            Condition: {
                StringEquals: sourceAccount,
                ArnLike: { "aws:SourceArn": trailArns, "kms:EncryptionContext:aws:s3:arn": pulumi.interpolate`arn:${ctx.partition}:s3:::*` },
            },
        },
        cloudWatchLogsStatement(ctx, "AllowCloudWatchLogsForAccountLogGroups", ["*"]),
        {
            // AWS Config falls back to its service principal when the recorder role can't deliver.
            Sid: "AllowConfigDelivery",
            Effect: "Allow",
            Principal: { Service: "config.amazonaws.com" },
            Action: ["kms:Decrypt", "kms:GenerateDataKey"],
            Resource: "*",
            Condition: { StringEquals: sourceAccount },
        },
        {
            // The access-log bucket is SSE-KMS under this key; S3 writes access logs as this principal.
            Sid: "AllowS3ServerAccessLogDelivery",
            Effect: "Allow",
            Principal: { Service: "logging.s3.amazonaws.com" },
            Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
            Resource: "*",
            Condition: { StringEquals: sourceAccount },
        },
        {
            // Alarm and event notifications go to SNS topics encrypted with this key; the publishing service must
            // be able to create and read the topic's data keys or the notification is dropped.
            Sid: "AllowAlarmNotificationsToEncryptedTopics",
            Effect: "Allow",
            Principal: { Service: ["cloudwatch.amazonaws.com", "events.amazonaws.com"] },
            Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
            Resource: "*",
            Condition: { StringEquals: sourceAccount },
        },
    ];
}

/** Key policy of the data-lake key. */
function dataLakeKeyStatements(ctx: KeyPolicyContext): PolicyStatement[] {
    return [
        // S3 for the layer buckets (and SageMaker's data capture and Feature Store offline store, which write
        // through S3); Glue for the encrypted Data Catalog, connection passwords and job bookmarks. Lake
        // Formation reads through its registration role, whose IAM policy is honoured via the root statement.
        viaServicesStatement(ctx, "AllowUseThroughS3AndGlue", ["s3", "glue"]),
        // Glue security configurations encrypt crawler and job log groups under the same key.
        cloudWatchLogsStatement(ctx, "AllowCloudWatchLogsForGlueLogGroups", ["/aws-glue/*"]),
    ];
}

/** Key policy of the ML workloads key. */
function mlKeyStatements(ctx: KeyPolicyContext): PolicyStatement[] {
    return [
        // SageMaker (training/processing volumes, endpoints, Feature Store online store), S3 (model artifacts,
        // training output) and EFS (Studio home directories).
        viaServicesStatement(ctx, "AllowUseThroughMlServices", ["sagemaker", "s3", "elasticfilesystem"]),
        {
            // SageMaker and EFS hold grants for the volumes and file systems they create on a caller's behalf.
            Sid: "AllowGrantsForMlResources",
            Effect: "Allow",
            Principal: { AWS: "*" },
            Action: "kms:CreateGrant",
            Resource: "*",
            Condition: {
                StringEquals: {
                    "kms:CallerAccount": ctx.account,
                    "kms:ViaService": [regionalEndpoint(ctx, "sagemaker"), regionalEndpoint(ctx, "elasticfilesystem")],
                },
                Bool: { "kms:GrantIsForAWSResource": "true" },
            },
        },
        // Training, processing and endpoint logs and Step Functions pipeline logs can carry data printed by
        // user code, so the ML components may encrypt them under the ML key. Alarm topics use the logs key.
        cloudWatchLogsStatement(ctx, "AllowCloudWatchLogsForMlLogGroups", ["/aws/sagemaker/*", "/aws/vendedlogs/states/*"]),
    ];
}

/**
 * Customer-managed KMS keys, one per purpose: the data lake, ML workloads, and logs/audit. Each has automatic
 * rotation, an alias, the longest deletion window, and a key policy that admits only the AWS services that must
 * use it, under the conditions AWS documents (encryption context, `aws:SourceAccount`/`aws:SourceArn`,
 * `kms:ViaService` with `kms:CallerAccount`). No statement grants `*` without a condition.
 */
export class PlatformKeys extends pulumi.ComponentResource {
    /** ARN of the data-lake key (layer buckets, Glue catalog and security configuration). */
    readonly dataLakeKeyArn: pulumi.Output<string>;
    /** ARN of the ML workloads key (SageMaker, Studio EFS, model artifacts). */
    readonly mlKeyArn: pulumi.Output<string>;
    /** ARN of the logs/audit key (CloudTrail, log groups, Config, access logs, alarm topics). */
    readonly logsKeyArn: pulumi.Output<string>;
    /** Key id of the data-lake key. */
    readonly dataLakeKeyId: pulumi.Output<string>;
    /** Key id of the ML workloads key. */
    readonly mlKeyId: pulumi.Output<string>;
    /** Key id of the logs/audit key. */
    readonly logsKeyId: pulumi.Output<string>;
    /** Alias name of the data-lake key (`alias/<prefix>-data-lake`). */
    readonly dataLakeAliasName: pulumi.Output<string>;
    /** Alias name of the ML workloads key (`alias/<prefix>-ml`). */
    readonly mlAliasName: pulumi.Output<string>;
    /** Alias name of the logs/audit key (`alias/<prefix>-logs`). */
    readonly logsAliasName: pulumi.Output<string>;

    constructor(name: string, args: PlatformKeysArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ml-platform:index:PlatformKeys", name, {}, opts);
        validatePlatformKeysArgs(args);

        const parent = { parent: this };
        const partition = aws.getPartitionOutput({}, parent);
        const ctx: KeyPolicyContext = {
            account: aws.getCallerIdentityOutput({}, parent).accountId,
            region: aws.getRegionOutput({}, parent).region,
            partition: partition.partition,
            dnsSuffix: partition.dnsSuffix,
        };
        const protect = args.protect ?? true;
        const base = baseStatements(ctx, args.adminRoleArns ?? []);

        const makeKey = (slug: string, description: string, statements: PolicyStatement[]) => {
            const key = new aws.kms.Key(
                `${name}-${slug}`,
                {
                    description,
                    enableKeyRotation: true,
                    rotationPeriodInDays: args.rotationPeriodInDays,
                    deletionWindowInDays: args.deletionWindowInDays ?? 30,
                    policy: toJson(policyDocument(...base, ...statements)),
                    tags: args.tags,
                },
                dataOptions(this, protect),
            );
            const alias = new aws.kms.Alias(`${name}-${slug}`, { name: `alias/${args.aliasPrefix}-${slug}`, targetKeyId: key.keyId }, parent);
            return { key, alias };
        };

        const dataLake = makeKey("data-lake", "Data lake: layer buckets, Glue Data Catalog and Glue security configuration", dataLakeKeyStatements(ctx));
        const ml = makeKey("ml", "ML workloads: SageMaker volumes and endpoints, Studio EFS, model artifacts, Feature Store", mlKeyStatements(ctx));
        const logs = makeKey("logs", "Logs and audit: CloudTrail, CloudWatch Logs, AWS Config, S3 access logs, alarm topics", logsKeyStatements(ctx));

        this.dataLakeKeyArn = dataLake.key.arn;
        this.mlKeyArn = ml.key.arn;
        this.logsKeyArn = logs.key.arn;
        this.dataLakeKeyId = dataLake.key.keyId;
        this.mlKeyId = ml.key.keyId;
        this.logsKeyId = logs.key.keyId;
        this.dataLakeAliasName = dataLake.alias.name;
        this.mlAliasName = ml.alias.name;
        this.logsAliasName = logs.alias.name;

        this.registerOutputs({
            dataLakeKeyArn: this.dataLakeKeyArn,
            mlKeyArn: this.mlKeyArn,
            logsKeyArn: this.logsKeyArn,
            dataLakeKeyId: this.dataLakeKeyId,
            mlKeyId: this.mlKeyId,
            logsKeyId: this.logsKeyId,
            dataLakeAliasName: this.dataLakeAliasName,
            mlAliasName: this.mlAliasName,
            logsAliasName: this.logsAliasName,
        });
    }
}
