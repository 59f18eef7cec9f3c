import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { arnContext, checkArn, checkRequired, dataOptions, sageMakerRole, ValidationError, viaService } from "../lib";

/** The value type of a feature, as SageMaker Feature Store stores it. */
export enum FeatureType {
    /** Whole numbers (stored as `bigint` in the offline store). */
    Integral = "Integral",
    /** Floating-point numbers (stored as `double`). */
    Fractional = "Fractional",
    /** Text, including ISO 8601 timestamps. */
    String = "String",
}

/** One feature (column) of a feature group. */
export interface FeatureDefinition {
    /** Feature name: letters, digits, `-` and `_`, starting and ending alphanumeric (at most 64 characters). */
    name: string;
    /** Value type. */
    type: FeatureType;
}

/** One feature group: a table of records shared by training (offline store) and inference (online store). */
export interface FeatureGroupDefinition {
    /**
     * Feature group name, unique in the account and region, and the name training and inference use to read the
     * same features: letters, digits, `-` and `_` (at most 64 characters).
     */
    name: string;
    /**
     * What the features describe.
     * @default none
     */
    description?: string;
    /** Feature whose value identifies a record; the online store keeps the latest record per value. */
    recordIdentifierFeatureName: string;
    /** Feature holding the event time of a record (`String` ISO 8601 or `Fractional` epoch seconds). */
    eventTimeFeatureName: string;
    /** The features (1 to 2500), including the record identifier and event time. */
    features: FeatureDefinition[];
    /**
     * Serve the latest record per identifier with low latency for inference. Its data is encrypted with the
     * online-store key.
     * @default true
     */
    enableOnlineStore?: boolean;
    /**
     * Glue table of the offline store (lower-case letters, digits and `_`), in `glueDatabaseName`.
     * @default the group name, lower-cased, with `-` replaced by `_`
     */
    glueTableName?: string;
}

/** Arguments of {@link FeatureStore}. */
export interface FeatureStoreArgs {
    /** The feature groups (at least one). */
    featureGroups: FeatureGroupDefinition[];
    /** Name of the analytics-layer bucket of the lake, which holds the offline store. */
    analyticsBucketName: pulumi.Input<string>;
    /**
     * Key prefix of the offline store in the analytics bucket. Feature Store writes
     * `<prefix>/<account>/sagemaker/<region>/offline-store/<group>-<timestamp>/data/...` under it.
     * @default "feature-store"
     */
    offlineStorePrefix?: string;
    /**
     * Data-lake KMS key encrypting the offline store's objects, the same key as the rest of the analytics layer,
     * so the lake's readers need no extra key.
     */
    offlineStoreKmsKeyArn: pulumi.Input<string>;
    /** ML KMS key encrypting the online store. */
    onlineStoreKmsKeyArn: pulumi.Input<string>;
    /**
     * Glue database of the analytics layer. Feature Store creates each group's table there, so Athena, Glue and
     * training jobs query the offline store through the Data Catalog.
     */
    glueDatabaseName: pulumi.Input<string>;
    /**
     * Protect the feature groups and retain them on delete: deleting a group deletes its online store. Turn off
     * only in disposable dev stacks.
     * @default true
     */
    protect?: boolean;
    /**
     * Tags for every taggable child.
     * @default {}
     */
    tags?: { [key: string]: string };
}

const GROUP_NAME = /^[a-zA-Z0-9]([_-]*[a-zA-Z0-9]){0,63}$/;
const FEATURE_NAME = /^[a-zA-Z0-9]([-_]*[a-zA-Z0-9]){0,63}$/;
const GLUE_TABLE = /^[a-z0-9_]{1,255}$/;
const PREFIX = /^[a-zA-Z0-9!_.*'()-]+(\/[a-zA-Z0-9!_.*'()-]+)*$/;
/** Column names the offline store adds to every table. */
const RESERVED_FEATURE_NAMES = ["is_deleted", "write_time", "api_invocation_time"];

/** The Glue table a group's offline store is registered as. */
export function glueTableNameOf(group: FeatureGroupDefinition): string {
    return group.glueTableName ?? group.name.toLowerCase().replace(/-/g, "_");
}

/** Checks {@link FeatureStoreArgs} before anything is created. */
export function validateFeatureStoreArgs(args: FeatureStoreArgs): void {
    const C = "FeatureStore";
    checkRequired(`${C}.featureGroups`, args.featureGroups, "at least one feature group definition");
    const seen = new Set<string>();
    const tables = new Set<string>();
    args.featureGroups.forEach((group, g) => {
        const G = `${C}.featureGroups[${g}]`;
        if (!GROUP_NAME.test(group.name ?? "")) {
            throw new ValidationError(
                `${G}.name`,
                'a feature group name of 1 to 64 letters, digits, "-" and "_", starting and ending alphanumeric',
                group.name,
            );
        }
        if (seen.has(group.name.toLowerCase())) {
            throw new ValidationError(`${G}.name`, "a name no other feature group of this component uses", group.name);
        }
        seen.add(group.name.toLowerCase());
        if (group.description !== undefined && group.description.length > 128) {
            throw new ValidationError(`${G}.description`, "at most 128 characters", group.description.length);
        }
        checkRequired(`${G}.features`, group.features, "1 to 2500 feature definitions");
        if (group.features.length > 2500) {
            throw new ValidationError(`${G}.features`, "1 to 2500 feature definitions", group.features.length);
        }
        const features = new Map<string, FeatureType>();
        group.features.forEach((f, i) => {
            const F = `${G}.features[${i}]`;
            if (!FEATURE_NAME.test(f.name ?? "")) {
                throw new ValidationError(`${F}.name`, 'a feature name of 1 to 64 letters, digits, "-" and "_", starting and ending alphanumeric', f.name);
            }
            if (RESERVED_FEATURE_NAMES.includes(f.name.toLowerCase())) {
                throw new ValidationError(`${F}.name`, `a name other than the offline store's own columns (${RESERVED_FEATURE_NAMES.join(", ")})`, f.name);
            }
            if (features.has(f.name.toLowerCase())) {
                throw new ValidationError(`${F}.name`, "a name no other feature of the group uses", f.name);
            }
            if (!Object.values(FeatureType).includes(f.type)) {
                throw new ValidationError(`${F}.type`, `one of ${Object.values(FeatureType).join(", ")}`, f.type);
            }
            features.set(f.name.toLowerCase(), f.type);
        });
        const names = group.features.map((f) => f.name);
        if (!names.includes(group.recordIdentifierFeatureName)) {
            throw new ValidationError(
                `${G}.recordIdentifierFeatureName`,
                `one of the group's features (${names.join(", ")})`,
                group.recordIdentifierFeatureName,
            );
        }
        if (!names.includes(group.eventTimeFeatureName)) {
            throw new ValidationError(`${G}.eventTimeFeatureName`, `one of the group's features (${names.join(", ")})`, group.eventTimeFeatureName);
        }
        const eventTimeType = features.get(group.eventTimeFeatureName.toLowerCase());
        if (eventTimeType !== FeatureType.String && eventTimeType !== FeatureType.Fractional) {
            throw new ValidationError(
                `${G}.eventTimeFeatureName`,
                "a feature of type String (ISO 8601) or Fractional (epoch seconds), the only types an event time may have",
                `${group.eventTimeFeatureName} (${eventTimeType})`,
            );
        }
        const table = glueTableNameOf(group);
        if (!GLUE_TABLE.test(table)) {
            throw new ValidationError(`${G}.glueTableName`, 'a Glue table name of lower-case letters, digits and "_"', table);
        }
        if (tables.has(table)) {
            throw new ValidationError(`${G}.glueTableName`, "a table no other feature group of this component uses", table);
        }
        tables.add(table);
    });
    if (args.offlineStorePrefix !== undefined && !PREFIX.test(args.offlineStorePrefix)) {
        throw new ValidationError(
            `${C}.offlineStorePrefix`,
            'an S3 key prefix without leading or trailing "/", such as "feature-store"',
            args.offlineStorePrefix,
        );
    }
    checkRequired(`${C}.analyticsBucketName`, args.analyticsBucketName, "the name of the lake's analytics bucket");
    checkRequired(`${C}.glueDatabaseName`, args.glueDatabaseName, "the name of the analytics layer's Glue database");
    checkRequired(`${C}.offlineStoreKmsKeyArn`, args.offlineStoreKmsKeyArn, "the ARN of the data-lake KMS key");
    checkArn(`${C}.offlineStoreKmsKeyArn`, args.offlineStoreKmsKeyArn, "kms");
    checkRequired(`${C}.onlineStoreKmsKeyArn`, args.onlineStoreKmsKeyArn, "the ARN of the ML KMS key");
    checkArn(`${C}.onlineStoreKmsKeyArn`, args.onlineStoreKmsKeyArn, "kms");
}

/**
 * SageMaker Feature Store feature groups, so training and inference read the same features.
 *
 * - Online store on, encrypted with the ML key, for low-latency reads at inference time.
 * - Offline store in the lake's analytics layer, encrypted with the lake key, registered as a Glue table in the
 *   analytics database, so training jobs and Athena read the same history.
 * - A Feature Store role (trusted by SageMaker only from this account) that may write only the offline-store
 *   prefix and only these groups' Glue tables.
 */
export class FeatureStore extends pulumi.ComponentResource {
    /** Names of the feature groups, in the order given. */
    readonly featureGroupNames: pulumi.Output<string>[];
    /** ARNs of the feature groups, in the order given. */
    readonly featureGroupArns: pulumi.Output<string>[];
    /** Glue tables of the offline stores, in the order given. */
    readonly glueTableNames: pulumi.Output<string>[];
    /** S3 URI of the offline store (`s3://<analytics bucket>/<prefix>`). */
    readonly offlineStoreS3Uri: pulumi.Output<string>;
    /** ARN of the role Feature Store writes the offline store with. */
    readonly roleArn: pulumi.Output<string>;

    constructor(name: string, args: FeatureStoreArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ml-platform:index:FeatureStore", name, {}, opts);
        validateFeatureStoreArgs(args);

        const ctx = arnContext(this);
        const tags = args.tags;
        const protect = args.protect ?? true;
        const prefix = args.offlineStorePrefix ?? "feature-store";
        const offlineStoreS3Uri = pulumi.interpolate`s3://${args.analyticsBucketName}/${prefix}`;
        const bucketArn = pulumi.interpolate`arn:${ctx.partition}:s3:::${args.analyticsBucketName}`;
        const glue = (resource: pulumi.Input<string>) => pulumi.interpolate`arn:${ctx.partition}:glue:${ctx.region}:${ctx.account}:${resource}`;
        const tableNames = args.featureGroups.map(glueTableNameOf);

        const { role, rolePolicy } = sageMakerRole(
            `${name}-role`,
            "SageMaker Feature Store: writes the offline store and its Glue tables",
            [
                {
                    // The actions of AWS's AmazonSageMakerFeatureStoreAccess policy, on this prefix only.
                    Sid: "WriteOfflineStore",
                    Effect: "Allow",
                    Action: ["s3:PutObject", "s3:PutObjectAcl"],
                    Resource: pulumi.interpolate`${bucketArn}/${prefix}/*`,
                },
                {
                    Sid: "ReadAnalyticsBucketAcl",
                    Effect: "Allow",
                    Action: "s3:GetBucketAcl",
                    Resource: bucketArn,
                },
                {
                    // Decrypt as well, for the multipart uploads of large offline-store files.
                    Sid: "EncryptOfflineStore",
                    Effect: "Allow",
                    Action: ["kms:GenerateDataKey", "kms:Decrypt"],
                    Resource: args.offlineStoreKmsKeyArn,
                    Condition: { StringEquals: { "kms:ViaService": viaService(ctx, "s3") } },
                },
                {
                    Sid: "ManageOfflineStoreTables",
                    Effect: "Allow",
                    Action: ["glue:GetDatabase", "glue:GetTable", "glue:CreateTable", "glue:UpdateTable"],
                    Resource: [
                        glue("catalog"),
                        glue(pulumi.interpolate`database/${args.glueDatabaseName}`),
                        ...tableNames.map((t) => glue(pulumi.interpolate`table/${args.glueDatabaseName}/${t}`)),
                    ],
                },
            ],
            ctx,
            tags,
            this,
        );

        const groups = args.featureGroups.map((group, i) => {
            const enableOnlineStore = group.enableOnlineStore ?? true;
            return new aws.sagemaker.FeatureGroup(
                `${name}-${group.name}`,
                {
                    featureGroupName: group.name,
                    description: group.description,
                    recordIdentifierFeatureName: group.recordIdentifierFeatureName,
                    eventTimeFeatureName: group.eventTimeFeatureName,
                    featureDefinitions: group.features.map((f) => ({ featureName: f.name, featureType: f.type })),
                    roleArn: role.arn,
                    onlineStoreConfig: {
                        enableOnlineStore,
                        ...(enableOnlineStore ? { securityConfig: { kmsKeyId: args.onlineStoreKmsKeyArn } } : {}),
                    },
                    offlineStoreConfig: {
                        s3StorageConfig: { s3Uri: offlineStoreS3Uri, kmsKeyId: args.offlineStoreKmsKeyArn },
                        disableGlueTableCreation: false,
                        dataCatalogConfig: { catalog: "AwsDataCatalog", database: args.glueDatabaseName, tableName: tableNames[i] },
                    },
                    tags,
                },
                // The group's name is fixed (readers find it by name), so a replacement must delete the old group
                // first; `protect` stops that in prod. Feature Store checks the role when the group is created.
                dataOptions(this, protect, { dependsOn: [rolePolicy], deleteBeforeReplace: true }),
            );
        });

        this.featureGroupNames = groups.map((g) => g.featureGroupName);
        this.featureGroupArns = groups.map((g) => g.arn);
        this.glueTableNames = tableNames.map((t) => pulumi.output(t));
        this.offlineStoreS3Uri = offlineStoreS3Uri;
        this.roleArn = role.arn;
        this.registerOutputs({
            featureGroupNames: this.featureGroupNames,
            featureGroupArns: this.featureGroupArns,
            glueTableNames: this.glueTableNames,
            offlineStoreS3Uri: this.offlineStoreS3Uri,
            roleArn: this.roleArn,
        });
    }
}
