import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { checkArn, checkInteger, dataOptions, PolicyStatement, policyDocument, toJson, ValidationError } from "../lib";

/** Object Lock retention modes. */
export enum ObjectLockMode {
    /** Users with `s3:BypassGovernanceRetention` can shorten or remove retention. */
    Governance = "GOVERNANCE",
    /** Nobody, not even the root user, can delete a locked version before retention ends. */
    Compliance = "COMPLIANCE",
}

/** An AWS service that writes into the bucket (S3 server access logging, CloudTrail, AWS Config). */
export interface ServiceDeliveryArgs {
    /**
     * The delivering service principal, e.g. `logging.s3.amazonaws.com`, `cloudtrail.amazonaws.com`,
     * `config.amazonaws.com`.
     */
    servicePrincipal: string;
    /**
     * Object key prefix the service may write under (no leading `/`), e.g. `AWSLogs/111122223333/`.
     * Keeping the grant to one prefix stops the service from overwriting other data.
     * @default "" (the whole bucket)
     */
    keyPrefix?: pulumi.Input<string>;
    /**
     * Values for `aws:SourceArn` (the trail, the source buckets): the service may write only on behalf
     * of these resources, which closes the confused-deputy path for other customers' resources.
     * @default [] (only `aws:SourceAccount` is checked)
     */
    sourceArns?: pulumi.Input<string>[];
    /**
     * Values for `aws:SourceAccount`.
     * @default [the deploying account]
     */
    sourceAccounts?: pulumi.Input<string>[];
    /**
     * Grant `s3:GetBucketAcl`, which CloudTrail and AWS Config call before they deliver.
     * @default false
     */
    needsBucketAclCheck?: boolean;
    /**
     * Grant `s3:ListBucket`, which AWS Config calls to verify the bucket.
     * @default false
     */
    needsBucketList?: boolean;
    /**
     * Require the `bucket-owner-full-control` canned ACL on writes, as CloudTrail and AWS Config send it.
     * @default false
     */
    requireBucketOwnerFullControl?: boolean;
}

/** Lifecycle rules for the bucket's objects. */
export interface BucketLifecycleArgs {
    /**
     * Days after creation to move current versions to STANDARD_IA (S3 requires at least 30).
     * @default no transition
     */
    transitionToInfrequentAccessDays?: number;
    /**
     * Days after creation to move current versions to GLACIER.
     * @default no transition
     */
    transitionToGlacierDays?: number;
    /**
     * Days after creation to expire current versions. Leave unset for data that must be kept.
     * @default never
     */
    expirationDays?: number;
    /**
     * Days after a version becomes noncurrent to delete it, so versioning doesn't grow storage forever.
     * @default 365
     */
    noncurrentVersionExpirationDays?: number;
    /**
     * Days after which incomplete multipart uploads are aborted.
     * @default 7
     */
    abortIncompleteMultipartUploadDays?: number;
}

/** Default Object Lock retention for new object versions. */
export interface ObjectLockArgs {
    /** Retention mode; COMPLIANCE in regulated production. */
    mode: ObjectLockMode;
    /** Days each new object version is locked. */
    retentionDays: number;
}

/** Arguments of {@link SecureBucket}. */
export interface SecureBucketArgs {
    /**
     * ARN of the customer-managed KMS key for default SSE-KMS encryption (with an S3 bucket key).
     */
    kmsKeyArn: pulumi.Input<string>;
    /**
     * Deny `s3:PutObject` requests that ask for any encryption other than SSE-KMS with `kmsKeyArn` (another key,
     * SSE-S3, or the AWS-managed key), so nothing lands encrypted under another key; requests without encryption
     * headers get the bucket default, which is this key. Buckets that AWS services deliver into set this to false: those services rely on the
     * bucket's default encryption and don't send the key, so the deny would silently stop delivery.
     * @default true
     */
    enforceKmsOnUpload?: boolean;
    /**
     * AWS services allowed to write into the bucket, each limited to a prefix and to this account.
     * @default [] (no service may write)
     */
    deliveryServices?: ServiceDeliveryArgs[];
    /**
     * VPC endpoint ids through which object reads and writes must arrive. Requests made by AWS services on
     * a caller's behalf are exempt, as are `vpcEndpointExemptPrincipalArns`. Bucket configuration calls are not
     * restricted, so the deployer can still manage the bucket.
     * @default [] (no endpoint restriction)
     */
    vpcEndpointIds?: pulumi.Input<string>[];
    /**
     * Principal ARNs (patterns allowed) exempt from the VPC-endpoint restriction, e.g. a break-glass role.
     * @default []
     */
    vpcEndpointExemptPrincipalArns?: pulumi.Input<string>[];
    /**
     * Name of the bucket that receives this bucket's server access logs.
     * @default no access logging (only for the log bucket itself)
     */
    accessLogBucketName?: pulumi.Input<string>;
    /**
     * Key prefix for this bucket's access logs in the log bucket.
     * @default "<component name>/"
     */
    accessLogPrefix?: pulumi.Input<string>;
    /**
     * Lifecycle rules.
     * @default noncurrent versions expire after 365 days; incomplete uploads abort after 7
     */
    lifecycle?: BucketLifecycleArgs;
    /**
     * Object Lock default retention (WORM). Enabling it is permanent for the bucket.
     * @default no Object Lock
     */
    objectLock?: ObjectLockArgs;
    /**
     * Let `pulumi destroy` delete a bucket that still holds objects. Never in regulated environments.
     * @default false
     */
    allowForceDestroy?: boolean;
    /**
     * Protect the bucket and retain it on delete, so neither a destroy nor a replacement can lose its data.
     * @default true
     */
    protect?: boolean;
    /**
     * Explicit bucket name.
     * @default an auto-generated name derived from the component name
     */
    bucketName?: pulumi.Input<string>;
    /**
     * Tags for the bucket.
     * @default {}
     */
    tags?: { [key: string]: string };
}

const SERVICE_PRINCIPAL = /^[a-z0-9.-]+\.amazonaws\.com$/;

/** Checks {@link SecureBucketArgs} before anything is created. */
export function validateSecureBucketArgs(args: SecureBucketArgs): void {
    if (args.kmsKeyArn === undefined) {
        throw new ValidationError("SecureBucket.kmsKeyArn", 'a KMS key ARN ("arn:aws:kms:...")', undefined);
    }
    checkArn("SecureBucket.kmsKeyArn", args.kmsKeyArn, "kms");
    (args.deliveryServices ?? []).forEach((d, i) => {
        if (!SERVICE_PRINCIPAL.test(d.servicePrincipal ?? "")) {
            throw new ValidationError(
                `SecureBucket.deliveryServices[${i}].servicePrincipal`,
                'an AWS service principal such as "logging.s3.amazonaws.com"',
                d.servicePrincipal,
            );
        }
        if (typeof d.keyPrefix === "string" && d.keyPrefix.startsWith("/")) {
            throw new ValidationError(`SecureBucket.deliveryServices[${i}].keyPrefix`, "a key prefix without a leading /", d.keyPrefix);
        }
    });
    const lc = args.lifecycle ?? {};
    checkInteger("SecureBucket.lifecycle.transitionToInfrequentAccessDays", lc.transitionToInfrequentAccessDays, 30, 36500);
    checkInteger("SecureBucket.lifecycle.transitionToGlacierDays", lc.transitionToGlacierDays, 1, 36500);
    checkInteger("SecureBucket.lifecycle.expirationDays", lc.expirationDays, 1, 36500);
    checkInteger("SecureBucket.lifecycle.noncurrentVersionExpirationDays", lc.noncurrentVersionExpirationDays, 1, 36500);
    checkInteger("SecureBucket.lifecycle.abortIncompleteMultipartUploadDays", lc.abortIncompleteMultipartUploadDays, 1, 365);
    if (
        lc.transitionToInfrequentAccessDays !== undefined &&
        lc.transitionToGlacierDays !== undefined &&
        lc.transitionToGlacierDays <= lc.transitionToInfrequentAccessDays
    ) {
        throw new ValidationError(
            "SecureBucket.lifecycle.transitionToGlacierDays",
            `more days than transitionToInfrequentAccessDays (${lc.transitionToInfrequentAccessDays})`,
            lc.transitionToGlacierDays,
        );
    }
    const lastTransition = lc.transitionToGlacierDays ?? lc.transitionToInfrequentAccessDays;
    if (lc.expirationDays !== undefined && lastTransition !== undefined && lc.expirationDays <= lastTransition) {
        throw new ValidationError("SecureBucket.lifecycle.expirationDays", `more days than the last transition (${lastTransition})`, lc.expirationDays);
    }
    if (args.objectLock) {
        if (!Object.values(ObjectLockMode).includes(args.objectLock.mode)) {
            throw new ValidationError("SecureBucket.objectLock.mode", '"GOVERNANCE" or "COMPLIANCE"', args.objectLock.mode);
        }
        checkInteger("SecureBucket.objectLock.retentionDays", args.objectLock.retentionDays, 1, 36500);
    }
}

/** Sid-safe name for a service principal: `logging.s3.amazonaws.com` → `LoggingS3`. */
function sidFor(servicePrincipal: string): string {
    return servicePrincipal
        .replace(/\.amazonaws\.com$/, "")
        .split(/[.-]/)
        .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
        .join("");
}

/**
 * An S3 bucket with every control a regulated workload needs: SSE-KMS with a bucket key, versioning,
 * all four public-access blocks, BucketOwnerEnforced, a TLS-only policy, optional KMS-only uploads and
 * VPC-endpoint-only access, server access logging, lifecycle rules and optional Object Lock.
 */
export class SecureBucket extends pulumi.ComponentResource {
    /** The bucket. */
    readonly bucket: aws.s3.Bucket;
    /** The bucket's name. */
    readonly bucketName: pulumi.Output<string>;
    /** The bucket's ARN. */
    readonly bucketArn: pulumi.Output<string>;
    /** The bucket policy document (JSON). */
    readonly policyJson: pulumi.Output<string>;

    constructor(name: string, args: SecureBucketArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ml-platform:index:SecureBucket", name, {}, opts);
        validateSecureBucketArgs(args);

        const protect = args.protect ?? true;
        const parent = { parent: this };
        const objectLock = args.objectLock;

        this.bucket = new aws.s3.Bucket(
            name,
            {
                bucket: args.bucketName,
                forceDestroy: args.allowForceDestroy ?? false,
                objectLockEnabled: objectLock ? true : undefined,
                tags: args.tags,
            },
            dataOptions(this, protect),
        );
        const bucketId = this.bucket.id;

        new aws.s3.BucketServerSideEncryptionConfiguration(
            `${name}-encryption`,
            {
                bucket: bucketId,
                rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: args.kmsKeyArn }, bucketKeyEnabled: true }],
            },
            parent,
        );
        const versioning = new aws.s3.BucketVersioning(`${name}-versioning`, { bucket: bucketId, versioningConfiguration: { status: "Enabled" } }, parent);
        const publicAccess = new aws.s3.BucketPublicAccessBlock(
            `${name}-public-access`,
            { bucket: bucketId, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
            parent,
        );
        const ownership = new aws.s3.BucketOwnershipControls(
            `${name}-ownership`,
            { bucket: bucketId, rule: { objectOwnership: "BucketOwnerEnforced" } },
            parent,
        );

        const account = aws.getCallerIdentityOutput({}, parent).accountId;
        const doc = policyDocument(...this.policyStatements(args, account));
        this.policyJson = toJson(doc);
        new aws.s3.BucketPolicy(`${name}-policy`, { bucket: bucketId, policy: this.policyJson }, { parent: this, dependsOn: [publicAccess, ownership] });

        if (args.accessLogBucketName !== undefined) {
            new aws.s3.BucketLogging(
                `${name}-logging`,
                {
                    bucket: bucketId,
                    targetBucket: args.accessLogBucketName,
                    targetPrefix: args.accessLogPrefix ?? `${name}/`,
                    targetObjectKeyFormat: { partitionedPrefix: { partitionDateSource: "EventTime" } },
                },
                parent,
            );
        }

        const lc = args.lifecycle ?? {};
        const transitions = [
            ...(lc.transitionToInfrequentAccessDays !== undefined ? [{ days: lc.transitionToInfrequentAccessDays, storageClass: "STANDARD_IA" }] : []),
            ...(lc.transitionToGlacierDays !== undefined ? [{ days: lc.transitionToGlacierDays, storageClass: "GLACIER" }] : []),
        ];
        new aws.s3.BucketLifecycleConfiguration(
            `${name}-lifecycle`,
            {
                bucket: bucketId,
                rules: [
                    {
                        id: "retention",
                        status: "Enabled",
                        filter: {},
                        transitions: transitions.length > 0 ? transitions : undefined,
                        expiration: lc.expirationDays !== undefined ? { days: lc.expirationDays } : undefined,
                        noncurrentVersionExpiration: { noncurrentDays: lc.noncurrentVersionExpirationDays ?? 365 },
                        abortIncompleteMultipartUpload: { daysAfterInitiation: lc.abortIncompleteMultipartUploadDays ?? 7 },
                    },
                ],
            },
            { parent: this, dependsOn: [versioning] },
        );

        if (objectLock) {
            new aws.s3.BucketObjectLockConfiguration(
                `${name}-object-lock`,
                { bucket: bucketId, rule: { defaultRetention: { mode: objectLock.mode, days: objectLock.retentionDays } } },
                { parent: this, dependsOn: [versioning] },
            );
        }

        this.bucketName = this.bucket.bucket;
        this.bucketArn = this.bucket.arn;
        this.registerOutputs({ bucketName: this.bucketName, bucketArn: this.bucketArn, policyJson: this.policyJson });
    }

    private policyStatements(args: SecureBucketArgs, account: pulumi.Output<string>): PolicyStatement[] {
        const arn = this.bucket.arn;
        const objects = pulumi.interpolate`${arn}/*`;
        const statements: PolicyStatement[] = [
            {
                Sid: "DenyInsecureTransport",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: [arn, objects],
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
        ];
        if (args.enforceKmsOnUpload ?? true) {
            // Uploads that send no encryption headers get the bucket default (this key). Denying on a missing
            // header would also deny multipart UploadPart calls, which never carry one, so each deny below
            // fires only when a header asks for something other than this key.
            const keyId = "s3:x-amz-server-side-encryption-aws-kms-key-id";
            const algorithm = "s3:x-amz-server-side-encryption";
            statements.push(
                {
                    Sid: "DenyUploadsWithAnotherKmsKey",
                    Effect: "Deny",
                    Principal: "*",
                    Action: "s3:PutObject",
                    Resource: objects,
                    Condition: { StringNotEquals: { [keyId]: args.kmsKeyArn }, Null: { [keyId]: "false" } },
                },
                {
                    Sid: "DenyUploadsWithAnotherEncryption",
                    Effect: "Deny",
                    Principal: "*",
                    Action: "s3:PutObject",
                    Resource: objects,
                    Condition: { StringNotEquals: { [algorithm]: "aws:kms" }, Null: { [algorithm]: "false" } },
                },
                {
                    // SSE-KMS without a key id means the AWS-managed aws/s3 key.
                    Sid: "DenyKmsUploadsWithoutKeyId",
                    Effect: "Deny",
                    Principal: "*",
                    Action: "s3:PutObject",
                    Resource: objects,
                    Condition: { StringEquals: { [algorithm]: "aws:kms" }, Null: { [keyId]: "true" } },
                },
            );
        }
        const endpoints = args.vpcEndpointIds ?? [];
        if (endpoints.length > 0) {
            const exempt = args.vpcEndpointExemptPrincipalArns ?? [];
            statements.push({
                Sid: "DenyObjectAccessOutsideVpcEndpoints",
                Effect: "Deny",
                Principal: "*",
                Action: ["s3:GetObject*", "s3:PutObject*", "s3:DeleteObject*"],
                Resource: objects,
                Condition: {
                    StringNotEquals: { "aws:SourceVpce": endpoints },
                    BoolIfExists: { "aws:ViaAWSService": "false", "aws:PrincipalIsAWSService": "false" },
                    ...(exempt.length > 0 ? { ArnNotLike: { "aws:PrincipalArn": exempt } } : {}),
                },
            });
        }
        // Statement ids must be unique in a bucket policy: a service granted more than once is numbered.
        const grants = new Map<string, number>();
        for (const d of args.deliveryServices ?? []) {
            const n = (grants.get(d.servicePrincipal) ?? 0) + 1;
            grants.set(d.servicePrincipal, n);
            const sid = `${sidFor(d.servicePrincipal)}${n > 1 ? n : ""}`;
            const principal = { Service: d.servicePrincipal };
            const sourceAccounts = d.sourceAccounts ?? [account];
            if (d.needsBucketAclCheck) {
                statements.push({
                    Sid: `Allow${sid}AclCheck`,
                    Effect: "Allow",
                    Principal: principal,
                    Action: "s3:GetBucketAcl",
                    Resource: arn,
                    Condition: { StringEquals: { "aws:SourceAccount": sourceAccounts } },
                });
            }
            if (d.needsBucketList) {
                statements.push({
                    Sid: `Allow${sid}BucketExistenceCheck`,
                    Effect: "Allow",
                    Principal: principal,
                    Action: "s3:ListBucket",
                    Resource: arn,
                    Condition: { StringEquals: { "aws:SourceAccount": sourceAccounts } },
                });
            }
            const sourceArns = d.sourceArns ?? [];
            statements.push({
                Sid: `Allow${sid}Delivery`,
                Effect: "Allow",
                Principal: principal,
                Action: "s3:PutObject",
                Resource: pulumi.interpolate`${arn}/${d.keyPrefix ?? ""}*`,
                Condition: {
                    StringEquals: {
                        "aws:SourceAccount": sourceAccounts,
                        ...(d.requireBucketOwnerFullControl ? { "s3:x-amz-acl": "bucket-owner-full-control" } : {}),
                    },
                    ...(sourceArns.length > 0 ? { ArnLike: { "aws:SourceArn": sourceArns } } : {}),
                },
            });
        }
        return statements;
    }
}
