import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
    checkArn,
    checkInteger,
    checkLogRetentionDays,
    checkOneOf,
    checkRequired,
    dataOptions,
    isKnown,
    policyDocument,
    toJson,
    ValidationError,
} from "../lib";
import { ObjectLockMode, SecureBucket } from "../storage";

/** Arguments of {@link AuditBaseline}. */
export interface AuditBaselineArgs {
    /**
     * ARN of the logs/audit KMS key (`PlatformKeys.logsKeyArn`). It encrypts the trail's log files, the trail and
     * Config buckets (SSE-KMS with a bucket key), the trail's log group and Config's deliveries; its key policy must
     * admit CloudTrail, CloudWatch Logs and AWS Config, as `PlatformKeys` does.
     */
    logsKeyArn: pulumi.Input<string>;
    /**
     * ARNs of the buckets whose object-level reads and writes the trail records (`arn:aws:s3:::<bucket>`), e.g. the
     * data lake's layer buckets. Without data events, nobody can tell who read which PHI or cardholder object.
     * Required (at least one) unless `manageTrail` is false.
     */
    dataEventBucketArns: pulumi.Input<string>[];
    /**
     * Name of the trail (3 to 128 letters, digits, `.`, `_`, `-`). The name is fixed so that the trail's ARN, which
     * the bucket policy and the log role's trust policy pin with `aws:SourceArn`, is known before the trail exists.
     * @default "<component name>-trail"
     */
    trailName?: string;
    /**
     * Days the trail's CloudWatch log group keeps events; one of CloudWatch Logs' retention periods (0 keeps them
     * forever). HIPAA and PCI DSS need at least a year of audit history at hand.
     * @default 365
     */
    logRetentionDays?: number;
    /**
     * Allow `logRetentionDays` below 365. Only for unregulated (dev) stacks.
     * @default false
     */
    allowShortRetention?: boolean;
    /**
     * Object Lock mode of the trail bucket. COMPLIANCE means nobody, not even the root user, can delete or
     * overwrite a log file before its retention ends; GOVERNANCE lets holders of `s3:BypassGovernanceRetention`
     * do so, which a dev stack needs to be torn down.
     * @default ObjectLockMode.Compliance
     */
    objectLockMode?: ObjectLockMode;
    /**
     * Days each trail log file is locked (1 to 36500).
     * @default 365
     */
    objectLockRetentionDays?: number;
    /**
     * Bucket that receives the server access logs of the trail and Config buckets (e.g. the data lake's access-log
     * bucket), so reads of the audit trail are themselves recorded.
     * @default no server access logging (the s3-bucket-logging-enabled rule will report the audit buckets)
     */
    accessLogBucketName?: pulumi.Input<string>;
    /**
     * Create the trail, its bucket, log group and log role. Turn off when an organization trail already records
     * this account.
     * @default true
     */
    manageTrail?: boolean;
    /**
     * Create the AWS Config recorder, delivery channel, bucket and role. A region allows one recorder, so turn off
     * when one is managed centrally (Control Tower, an organization baseline).
     * @default true
     */
    manageConfigRecorder?: boolean;
    /**
     * Record global resource types (IAM users, roles, policies). Record them in one region only, so turn off in
     * every other region's stack to avoid duplicate configuration items.
     * @default true
     */
    recordGlobalResourceTypes?: boolean;
    /**
     * Deploy the platform's conformance pack of AWS managed Config rules. It needs a recorder, managed here or
     * elsewhere.
     * @default true
     */
    manageConformancePack?: boolean;
    /**
     * Turn on all four S3 public access blocks for the whole account, so no bucket, present or future, can be made
     * public by an ACL or a policy.
     * @default true
     */
    manageAccountPublicAccessBlock?: boolean;
    /**
     * Protect the audit resources (buckets, trail, log group, recorder, account public access block) and retain
     * them on delete, so neither `pulumi destroy` nor a replacement can erase the audit record.
     * @default true
     */
    protect?: boolean;
    /**
     * Tags for every taggable child.
     * @default {}
     */
    tags?: { [key: string]: string };
}

const TRAIL_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{1,126}[A-Za-z0-9]$/;
const BUCKET_ARN = /^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

function checkTrailName(field: string, value: string): void {
    // CloudTrail also rejects adjacent separators ("my._trail") and names shaped like IP addresses.
    if (!TRAIL_NAME.test(value) || /[._-]{2}/.test(value) || /^\d+\.\d+\.\d+\.\d+$/.test(value)) {
        throw new ValidationError(field, 'a trail name of 3 to 128 letters, digits, ".", "_" and "-", starting and ending with a letter or digit', value);
    }
}

/** Checks {@link AuditBaselineArgs} before anything is created. */
/**
 * The prefix under which an AuditBaseline's trail or Config bucket writes its server access logs in
 * `accessLogBucketName`, so that the log bucket can admit each on its own prefix.
 */
export function auditAccessLogPrefix(name: string, bucket: "trail" | "config"): string {
    return `${name}-${bucket}-bucket/`;
}

export function validateAuditBaselineArgs(args: AuditBaselineArgs): void {
    checkRequired("AuditBaseline.logsKeyArn", args.logsKeyArn, 'the logs KMS key ARN ("arn:aws:kms:...")');
    checkArn("AuditBaseline.logsKeyArn", args.logsKeyArn, "kms");
    const bucketForm = 'an S3 bucket ARN ("arn:aws:s3:::<bucket>")';
    if (args.manageTrail ?? true) {
        checkRequired(
            "AuditBaseline.dataEventBucketArns",
            args.dataEventBucketArns,
            'a non-empty list of S3 bucket ARNs ("arn:aws:s3:::<bucket>") to record data events for',
        );
    }
    (args.dataEventBucketArns ?? []).forEach((arn, i) => {
        if (isKnown(arn) && !BUCKET_ARN.test(arn)) {
            throw new ValidationError(`AuditBaseline.dataEventBucketArns[${i}]`, bucketForm, arn);
        }
    });
    if (args.trailName !== undefined) {
        checkTrailName("AuditBaseline.trailName", args.trailName);
    }
    checkLogRetentionDays("AuditBaseline.logRetentionDays", args.logRetentionDays, args.allowShortRetention ? 1 : 365);
    checkOneOf("AuditBaseline.objectLockMode", args.objectLockMode, Object.values(ObjectLockMode));
    checkInteger("AuditBaseline.objectLockRetentionDays", args.objectLockRetentionDays, 1, 36500);
}

/** Values `MinRetentionTime` of cw-loggroup-retention-period-check accepts. */
const RETENTION_RULE_VALUES = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1827, 3653];

/** One AWS managed Config rule of the platform's conformance pack. */
interface ManagedRule {
    /** Logical id in the template and rule name. */
    name: string;
    /** The managed rule's source identifier. */
    identifier: string;
    parameters?: Record<string, pulumi.Input<string>>;
}

/**
 * The AWS managed rules that check what this platform promises: SageMaker, S3, KMS, CloudTrail, CloudWatch Logs,
 * the network and SNS.
 */
function platformRules(minRetention: number, dataEventBucketNames: pulumi.Output<string> | undefined): ManagedRule[] {
    return [
        { name: "sagemaker-endpoint-configuration-kms-key-configured", identifier: "SAGEMAKER_ENDPOINT_CONFIGURATION_KMS_KEY_CONFIGURED" },
        { name: "sagemaker-notebook-no-direct-internet-access", identifier: "SAGEMAKER_NOTEBOOK_NO_DIRECT_INTERNET_ACCESS" },
        { name: "sagemaker-notebook-instance-kms-key-configured", identifier: "SAGEMAKER_NOTEBOOK_INSTANCE_KMS_KEY_CONFIGURED" },
        { name: "sagemaker-notebook-instance-root-access-check", identifier: "SAGEMAKER_NOTEBOOK_INSTANCE_ROOT_ACCESS_CHECK" },
        { name: "sagemaker-notebook-instance-inside-vpc", identifier: "SAGEMAKER_NOTEBOOK_INSTANCE_INSIDE_VPC" },
        { name: "s3-bucket-server-side-encryption-enabled", identifier: "S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED" },
        { name: "s3-default-encryption-kms", identifier: "S3_DEFAULT_ENCRYPTION_KMS" },
        { name: "s3-bucket-ssl-requests-only", identifier: "S3_BUCKET_SSL_REQUESTS_ONLY" },
        { name: "s3-bucket-public-read-prohibited", identifier: "S3_BUCKET_PUBLIC_READ_PROHIBITED" },
        { name: "s3-bucket-public-write-prohibited", identifier: "S3_BUCKET_PUBLIC_WRITE_PROHIBITED" },
        { name: "s3-bucket-level-public-access-prohibited", identifier: "S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED" },
        { name: "s3-account-level-public-access-blocks-periodic", identifier: "S3_ACCOUNT_LEVEL_PUBLIC_ACCESS_BLOCKS_PERIODIC" },
        { name: "s3-bucket-versioning-enabled", identifier: "S3_BUCKET_VERSIONING_ENABLED" },
        { name: "s3-bucket-logging-enabled", identifier: "S3_BUCKET_LOGGING_ENABLED" },
        { name: "cmk-backing-key-rotation-enabled", identifier: "CMK_BACKING_KEY_ROTATION_ENABLED" },
        { name: "kms-cmk-not-scheduled-for-deletion", identifier: "KMS_CMK_NOT_SCHEDULED_FOR_DELETION" },
        { name: "multi-region-cloudtrail-enabled", identifier: "MULTI_REGION_CLOUD_TRAIL_ENABLED" },
        { name: "cloud-trail-log-file-validation-enabled", identifier: "CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED" },
        { name: "cloud-trail-encryption-enabled", identifier: "CLOUD_TRAIL_ENCRYPTION_ENABLED" },
        { name: "cloud-trail-cloud-watch-logs-enabled", identifier: "CLOUD_TRAIL_CLOUD_WATCH_LOGS_ENABLED" },
        {
            name: "cloudtrail-s3-dataevents-enabled",
            identifier: "CLOUDTRAIL_S3_DATAEVENTS_ENABLED",
            // Without the list the rule expects data events for every bucket in the account.
            parameters: dataEventBucketNames ? { S3BucketNames: dataEventBucketNames } : undefined,
        },
        { name: "cloudwatch-log-group-encrypted", identifier: "CLOUDWATCH_LOG_GROUP_ENCRYPTED" },
        {
            name: "cw-loggroup-retention-period-check",
            identifier: "CW_LOGGROUP_RETENTION_PERIOD_CHECK",
            parameters: { MinRetentionTime: String(minRetention) },
        },
        { name: "vpc-flow-logs-enabled", identifier: "VPC_FLOW_LOGS_ENABLED" },
        { name: "vpc-default-security-group-closed", identifier: "VPC_DEFAULT_SECURITY_GROUP_CLOSED" },
        { name: "sns-encrypted-kms", identifier: "SNS_ENCRYPTED_KMS" },
    ];
}

/**
 * The conformance pack template, in the YAML form conformance packs take. Every scalar is written as a JSON string,
 * which is a valid double-quoted YAML scalar, so no value can break the document and no YAML library is needed.
 */
function conformancePackTemplate(rules: ManagedRule[]): pulumi.Output<string> {
    const q = (v: string) => JSON.stringify(v);
    const parameters = pulumi.output(rules.map((r) => r.parameters ?? {}) as pulumi.Input<Record<string, string>[]>);
    return parameters.apply((params) => {
        const lines = ["Resources:"];
        rules.forEach((r, i) => {
            const logicalId = r.name
                .split("-")
                .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
                .join("");
            lines.push(`  ${logicalId}:`, "    Type: AWS::Config::ConfigRule", "    Properties:");
            lines.push(`      ConfigRuleName: ${q(r.name)}`, "      Source:", "        Owner: AWS", `        SourceIdentifier: ${q(r.identifier)}`);
            const entries = Object.entries(params[i]);
            if (entries.length > 0) {
                lines.push("      InputParameters:", ...entries.map(([k, v]) => `        ${k}: ${q(v)}`));
            }
        });
        return lines.join("\n") + "\n";
    });
}

/** A name AWS Config accepts for a conformance pack (a letter, then letters, digits and hyphens). */
function conformancePackName(name: string): string {
    const cleaned = `${name}-platform`.replace(/[^A-Za-z0-9-]/g, "-");
    return /^[A-Za-z]/.test(cleaned) ? cleaned : `cp-${cleaned}`;
}

/**
 * The account's audit baseline: a multi-region, KMS-encrypted CloudTrail with log-file validation, S3 data
 * events and CloudWatch Logs delivery into an Object-Locked bucket; AWS Config recording every supported resource
 * with a conformance pack of AWS managed rules; and the account-level S3 public access block.
 */
export class AuditBaseline extends pulumi.ComponentResource {
    /** ARN of the trail. */
    readonly trailArn?: pulumi.Output<string>;
    /** Name of the trail. */
    readonly trailName?: pulumi.Output<string>;
    /** Name of the Object-Locked bucket the trail delivers to. */
    readonly trailBucketName?: pulumi.Output<string>;
    /** ARN of the trail bucket. */
    readonly trailBucketArn?: pulumi.Output<string>;
    /** Name of the trail's CloudWatch log group (for metric filters and alarms). */
    readonly trailLogGroupName?: pulumi.Output<string>;
    /** ARN of the trail's CloudWatch log group. */
    readonly trailLogGroupArn?: pulumi.Output<string>;
    /** Name of the bucket AWS Config delivers to. */
    readonly configBucketName?: pulumi.Output<string>;
    /** ARN of the Config bucket. */
    readonly configBucketArn?: pulumi.Output<string>;
    /** Name of the Config recorder. */
    readonly configRecorderName?: pulumi.Output<string>;
    /** ARN of the role the Config recorder uses. */
    readonly configRoleArn?: pulumi.Output<string>;
    /** ARN of the conformance pack. */
    readonly conformancePackArn?: pulumi.Output<string>;

    constructor(name: string, args: AuditBaselineArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ml-platform:index:AuditBaseline", name, {}, opts);
        validateAuditBaselineArgs(args);
        const trailName = args.trailName ?? `${name}-trail`;
        checkTrailName("AuditBaseline.trailName", trailName);

        const parent = { parent: this };
        const protect = args.protect ?? true;
        const tags = args.tags;
        const account = aws.getCallerIdentityOutput({}, parent).accountId;
        const region = aws.getRegionOutput({}, parent).region;
        const partition = aws.getPartitionOutput({}, parent).partition;
        const logRetentionDays = args.logRetentionDays ?? 365;

        let dataEventBucketNames: pulumi.Output<string> | undefined;
        if (args.manageTrail ?? true) {
            // Built from its parts, not read from the trail, so the bucket policy and trust policy that the trail
            // needs before it can be created can name it.
            const trailArn = pulumi.interpolate`arn:${partition}:cloudtrail:${region}:${account}:trail/${trailName}`;
            const lockRetentionDays = args.objectLockRetentionDays ?? 365;

            const bucket = new SecureBucket(
                `${name}-trail-bucket`,
                {
                    kmsKeyArn: args.logsKeyArn,
                    // CloudTrail names the key itself; a deny keyed on the upload header would only add a way to fail.
                    enforceKmsOnUpload: false,
                    deliveryServices: [
                        {
                            servicePrincipal: "cloudtrail.amazonaws.com",
                            keyPrefix: pulumi.interpolate`AWSLogs/${account}/`,
                            sourceArns: [trailArn],
                            needsBucketAclCheck: true,
                            requireBucketOwnerFullControl: true,
                        },
                    ],
                    objectLock: { mode: args.objectLockMode ?? ObjectLockMode.Compliance, retentionDays: lockRetentionDays },
                    // Lifecycle can't remove a locked version anyway; keeping noncurrent versions at least as long as
                    // the lock keeps the two rules from contradicting each other.
                    lifecycle: { noncurrentVersionExpirationDays: Math.max(365, lockRetentionDays) },
                    accessLogBucketName: args.accessLogBucketName,
                    accessLogPrefix: args.accessLogBucketName !== undefined ? auditAccessLogPrefix(name, "trail") : undefined,
                    protect,
                    tags,
                },
                parent,
            );

            const logGroup = new aws.cloudwatch.LogGroup(
                `${name}-trail-logs`,
                { name: `/aws/cloudtrail/${trailName}`, kmsKeyId: args.logsKeyArn, retentionInDays: logRetentionDays, tags },
                dataOptions(this, protect),
            );

            const role = new aws.iam.Role(
                `${name}-trail-logs-role`,
                {
                    description: `Lets CloudTrail trail ${trailName} deliver events to its CloudWatch log group`,
                    assumeRolePolicy: toJson(
                        policyDocument({
                            Sid: "AllowThisTrailOnly",
                            Effect: "Allow",
                            Principal: { Service: "cloudtrail.amazonaws.com" },
                            Action: "sts:AssumeRole",
                            Condition: { StringEquals: { "aws:SourceAccount": account, "aws:SourceArn": trailArn } },
                        }),
                    ),
                    tags,
                },
                parent,
            );
            // CloudTrail names its streams <account>_CloudTrail_<home region>; the role can write nowhere else.
            const streams = pulumi.interpolate`${logGroup.arn}:log-stream:${account}_CloudTrail_${region}*`;
            const rolePolicy = new aws.iam.RolePolicy(
                `${name}-trail-logs-policy`,
                {
                    role: role.id,
                    policy: toJson(
                        policyDocument(
                            { Sid: "CreateTrailLogStreams", Effect: "Allow", Action: "logs:CreateLogStream", Resource: streams },
                            { Sid: "PutTrailLogEvents", Effect: "Allow", Action: "logs:PutLogEvents", Resource: streams },
                        ),
                    ),
                },
                parent,
            );

            dataEventBucketNames = pulumi.all(args.dataEventBucketArns).apply((arns) => arns.map((a) => a.slice(a.indexOf(":::") + 3)).join(","));

            const trail = new aws.cloudtrail.Trail(
                `${name}-trail`,
                {
                    name: trailName,
                    s3BucketName: bucket.bucketName,
                    kmsKeyId: args.logsKeyArn,
                    isMultiRegionTrail: true,
                    includeGlobalServiceEvents: true,
                    isOrganizationTrail: false,
                    enableLogFileValidation: true,
                    enableLogging: true,
                    cloudWatchLogsGroupArn: pulumi.interpolate`${logGroup.arn}:*`,
                    cloudWatchLogsRoleArn: role.arn,
                    advancedEventSelectors: [
                        {
                            // With advanced selectors, management events are recorded only when a selector asks.
                            name: "Management events",
                            fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }],
                        },
                        {
                            name: "S3 object-level events on platform buckets",
                            fieldSelectors: [
                                { field: "eventCategory", equals: ["Data"] },
                                { field: "resources.type", equals: ["AWS::S3::Object"] },
                                { field: "resources.ARN", startsWiths: args.dataEventBucketArns.map((a) => pulumi.interpolate`${a}/`) },
                            ],
                        },
                    ],
                    tags,
                },
                // CreateTrail checks the bucket policy and that it can assume the log role, so both must exist first.
                dataOptions(this, protect, { dependsOn: [bucket, rolePolicy] }),
            );

            this.trailArn = trail.arn;
            this.trailName = trail.name;
            this.trailBucketName = bucket.bucketName;
            this.trailBucketArn = bucket.bucketArn;
            this.trailLogGroupName = logGroup.name;
            this.trailLogGroupArn = logGroup.arn;
        }

        let recorderStatus: aws.cfg.RecorderStatus | undefined;
        if (args.manageConfigRecorder ?? true) {
            const bucket = new SecureBucket(
                `${name}-config-bucket`,
                {
                    kmsKeyArn: args.logsKeyArn,
                    enforceKmsOnUpload: false,
                    deliveryServices: [
                        {
                            // Config delivers as its service principal when the recorder role can't.
                            servicePrincipal: "config.amazonaws.com",
                            keyPrefix: pulumi.interpolate`AWSLogs/${account}/Config/`,
                            sourceArns: [pulumi.interpolate`arn:${partition}:config:${region}:${account}:*`],
                            needsBucketAclCheck: true,
                            needsBucketList: true,
                            requireBucketOwnerFullControl: true,
                        },
                    ],
                    accessLogBucketName: args.accessLogBucketName,
                    accessLogPrefix: args.accessLogBucketName !== undefined ? auditAccessLogPrefix(name, "config") : undefined,
                    protect,
                    tags,
                },
                parent,
            );

            const role = new aws.iam.Role(
                `${name}-config-role`,
                {
                    description: "Lets the AWS Config recorder read resource configurations and deliver them",
                    assumeRolePolicy: toJson(
                        policyDocument({
                            Sid: "AllowConfigForThisAccount",
                            Effect: "Allow",
                            Principal: { Service: "config.amazonaws.com" },
                            Action: "sts:AssumeRole",
                            Condition: { StringEquals: { "aws:SourceAccount": account } },
                        }),
                    ),
                    tags,
                },
                parent,
            );
            const managed = new aws.iam.RolePolicyAttachment(
                `${name}-config-role-managed`,
                { role: role.name, policyArn: pulumi.interpolate`arn:${partition}:iam::aws:policy/service-role/AWS_ConfigRole` },
                parent,
            );
            // AWS_ConfigRole reads configurations but can't write to our bucket or use our key.
            const delivery = new aws.iam.RolePolicy(
                `${name}-config-delivery`,
                {
                    role: role.id,
                    policy: toJson(
                        policyDocument(
                            {
                                Sid: "DeliverConfigItems",
                                Effect: "Allow",
                                Action: ["s3:PutObject", "s3:PutObjectAcl"],
                                Resource: pulumi.interpolate`${bucket.bucketArn}/AWSLogs/${account}/Config/*`,
                                Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control" } },
                            },
                            { Sid: "CheckConfigBucket", Effect: "Allow", Action: ["s3:GetBucketAcl", "s3:ListBucket"], Resource: bucket.bucketArn },
                            { Sid: "EncryptConfigItems", Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: args.logsKeyArn },
                        ),
                    ),
                },
                parent,
            );

            const recorderName = `${name}-recorder`;
            const recorder = new aws.cfg.Recorder(
                recorderName,
                {
                    name: recorderName,
                    roleArn: role.arn,
                    recordingGroup: { allSupported: true, includeGlobalResourceTypes: args.recordGlobalResourceTypes ?? true },
                },
                dataOptions(this, protect, { dependsOn: [managed] }),
            );
            const channel = new aws.cfg.DeliveryChannel(
                `${name}-delivery-channel`,
                {
                    name: `${name}-delivery-channel`,
                    s3BucketName: bucket.bucketName,
                    s3KmsKeyArn: args.logsKeyArn,
                    snapshotDeliveryProperties: { deliveryFrequency: "TwentyFour_Hours" },
                },
                // Config checks that it can write to the bucket when the channel is created.
                dataOptions(this, protect, { dependsOn: [recorder, bucket, delivery] }),
            );
            // Starting the recorder fails while it has no delivery channel.
            recorderStatus = new aws.cfg.RecorderStatus(
                `${name}-recorder-status`,
                { name: recorder.name, isEnabled: true },
                { parent: this, dependsOn: [channel] },
            );

            this.configBucketName = bucket.bucketName;
            this.configBucketArn = bucket.bucketArn;
            this.configRecorderName = recorder.name;
            this.configRoleArn = role.arn;
        }

        if (args.manageConformancePack ?? true) {
            const minRetention = logRetentionDays === 0 ? 365 : Math.max(...RETENTION_RULE_VALUES.filter((v) => v <= logRetentionDays));
            const pack = new aws.cfg.ConformancePack(
                `${name}-conformance-pack`,
                { name: conformancePackName(name), templateBody: conformancePackTemplate(platformRules(minRetention, dataEventBucketNames)) },
                { parent: this, dependsOn: recorderStatus ? [recorderStatus] : [] },
            );
            this.conformancePackArn = pack.arn;
        }

        if (args.manageAccountPublicAccessBlock ?? true) {
            new aws.s3.AccountPublicAccessBlock(
                `${name}-account-public-access-block`,
                { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
                dataOptions(this, protect),
            );
        }

        this.registerOutputs({
            trailArn: this.trailArn,
            trailName: this.trailName,
            trailBucketName: this.trailBucketName,
            trailBucketArn: this.trailBucketArn,
            trailLogGroupName: this.trailLogGroupName,
            trailLogGroupArn: this.trailLogGroupArn,
            configBucketName: this.configBucketName,
            configBucketArn: this.configBucketArn,
            configRecorderName: this.configRecorderName,
            configRoleArn: this.configRoleArn,
            conformancePackArn: this.conformancePackArn,
        });
    }
}
