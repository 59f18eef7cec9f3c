/**
 * Glue builders for {@link GovernedDataLake}: the service role, the catalog (databases and catalog
 * encryption), the security configuration, crawlers and the raw → processed Spark job.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { dataOptions, PolicyStatement, policyDocument, toJson } from "../lib";
import type { LakeEnvironment } from "./lakeFormation";

/** Prefix of the processed bucket that holds Glue's own artifacts (scripts, Spark temp files). */
export const GLUE_ARTIFACTS_PREFIX = "_glue/";

/** One lake layer as the Glue builders see it. */
export interface GlueLayer {
    layer: string;
    bucketName: pulumi.Input<string>;
    bucketArn: pulumi.Input<string>;
    databaseName: string;
    tags: { [key: string]: string };
}

/** A Glue NETWORK connection's placement. */
export interface GlueNetworkPlacement {
    subnetId: pulumi.Input<string>;
    availabilityZone: pulumi.Input<string>;
    securityGroupIds: pulumi.Input<string>[];
}

/** The Spark job's resolved settings. */
export interface GlueJobSettings {
    glueVersion: string;
    workerType: string;
    numberOfWorkers: number;
    timeoutMinutes: number;
    maxRetries: number;
    scriptKey: string;
}

/**
 * The role crawlers and the ETL job run as. Its trust is limited to Glue acting for this account, so
 * another account's Glue resource can't be pointed at it.
 */
export function createGlueServiceRole(name: string, parent: pulumi.Resource, env: LakeEnvironment, tags: { [key: string]: string }): aws.iam.Role {
    const trust = policyDocument({
        Sid: "GlueAssumeRole",
        Effect: "Allow",
        Principal: { Service: "glue.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": env.accountId } },
    });
    return new aws.iam.Role(
        `${name}-glue`,
        { description: "Glue crawlers and ETL jobs of the governed data lake", assumeRolePolicy: toJson(trust), tags },
        { parent },
    );
}

/**
 * Least-privilege permissions for the Glue role: read every layer, write only the processed layer,
 * the lake's catalog databases, Glue's own log groups, and the lake key through S3 and Glue.
 */
export function attachGlueRolePolicy(
    name: string,
    parent: pulumi.Resource,
    role: aws.iam.Role,
    args: {
        env: LakeEnvironment;
        layers: GlueLayer[];
        writableLayer: GlueLayer;
        lakeKmsKeyArn: pulumi.Input<string>;
        network?: GlueNetworkPlacement;
        connectionName?: pulumi.Input<string>;
    },
): aws.iam.RolePolicy {
    const { accountId, region, partition } = args.env;
    const glueArn = (resource: pulumi.Input<string>) => pulumi.interpolate`arn:${partition}:glue:${region}:${accountId}:${resource}`;
    const logsArn = (resource: string) => pulumi.interpolate`arn:${partition}:logs:${region}:${accountId}:${resource}`;
    const statements: PolicyStatement[] = [
        {
            Sid: "ListLakeBuckets",
            Effect: "Allow",
            Action: ["s3:ListBucket", "s3:GetBucketLocation"],
            Resource: args.layers.map((l) => l.bucketArn),
        },
        {
            Sid: "ReadLakeObjects",
            Effect: "Allow",
            Action: "s3:GetObject",
            Resource: args.layers.map((l) => pulumi.interpolate`${l.bucketArn}/*`),
        },
        {
            Sid: "WriteProcessedLayer",
            Effect: "Allow",
            Action: ["s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"],
            Resource: pulumi.interpolate`${args.writableLayer.bucketArn}/*`,
        },
        {
            Sid: "ReadWriteLakeCatalog",
            Effect: "Allow",
            Action: [
                "glue:GetDatabase",
                "glue:GetDatabases",
                "glue:GetTable",
                "glue:GetTables",
                "glue:CreateTable",
                "glue:UpdateTable",
                "glue:GetPartition",
                "glue:GetPartitions",
                "glue:BatchGetPartition",
                "glue:CreatePartition",
                "glue:BatchCreatePartition",
                "glue:UpdatePartition",
                "glue:BatchUpdatePartition",
            ],
            Resource: [
                glueArn("catalog"),
                ...args.layers.map((l) => glueArn(`database/${l.databaseName}`)),
                ...args.layers.map((l) => glueArn(`table/${l.databaseName}/*`)),
            ],
        },
        {
            // GetSecurityConfiguration has no resource-level permissions.
            Sid: "ReadSecurityConfiguration",
            Effect: "Allow",
            Action: "glue:GetSecurityConfiguration",
            Resource: "*",
        },
        {
            // Lake Formation vends credentials for registered locations; the grant itself is the LF permission.
            Sid: "LakeFormationDataAccess",
            Effect: "Allow",
            Action: "lakeformation:GetDataAccess",
            Resource: "*",
        },
        {
            // AssociateKmsKey: with the security configuration Glue encrypts its log groups with the lake key.
            Sid: "WriteGlueLogs",
            Effect: "Allow",
            Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:AssociateKmsKey"],
            Resource: [logsArn("log-group:/aws-glue/*"), logsArn("log-group:/aws-glue/*:log-stream:*")],
        },
        {
            Sid: "PublishGlueMetrics",
            Effect: "Allow",
            Action: "cloudwatch:PutMetricData",
            Resource: "*",
            Condition: { StringEquals: { "cloudwatch:namespace": "Glue" } },
        },
        {
            // S3 SSE-KMS for the layers and the encrypted Data Catalog: only when S3 or Glue asks on the role's behalf.
            Sid: "UseLakeKeyThroughS3AndGlue",
            Effect: "Allow",
            Action: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"],
            Resource: args.lakeKmsKeyArn,
            Condition: {
                StringEquals: {
                    "kms:ViaService": [pulumi.interpolate`s3.${region}.amazonaws.com`, pulumi.interpolate`glue.${region}.amazonaws.com`],
                },
            },
        },
        {
            // Job bookmarks are client-side encrypted (CSE-KMS): the job calls KMS itself, so no kms:ViaService applies.
            Sid: "EncryptJobBookmarks",
            Effect: "Allow",
            Action: ["kms:Encrypt", "kms:Decrypt"],
            Resource: args.lakeKmsKeyArn,
        },
    ];
    if (args.network) {
        const ec2Arn = (resource: pulumi.Input<string>) => pulumi.interpolate`arn:${partition}:ec2:${region}:${accountId}:${resource}`;
        statements.push(
            {
                // Describe calls have no resource-level permissions.
                Sid: "DescribeGlueNetwork",
                Effect: "Allow",
                Action: [
                    "ec2:DescribeNetworkInterfaces",
                    "ec2:DescribeSubnets",
                    "ec2:DescribeSecurityGroups",
                    "ec2:DescribeVpcs",
                    "ec2:DescribeVpcAttribute",
                    "ec2:DescribeVpcEndpoints",
                    "ec2:DescribeRouteTables",
                    "ec2:DescribeDhcpOptions",
                ],
                Resource: "*",
            },
            {
                Sid: "CreateGlueNetworkInterfaces",
                Effect: "Allow",
                Action: "ec2:CreateNetworkInterface",
                Resource: [
                    ec2Arn("network-interface/*"),
                    ec2Arn(pulumi.interpolate`subnet/${args.network.subnetId}`),
                    ...args.network.securityGroupIds.map((sg) => ec2Arn(pulumi.interpolate`security-group/${sg}`)),
                ],
            },
            {
                Sid: "ManageGlueNetworkInterfaces",
                Effect: "Allow",
                Action: ["ec2:DeleteNetworkInterface", "ec2:CreateTags", "ec2:DeleteTags"],
                Resource: ec2Arn("network-interface/*"),
            },
            {
                Sid: "ReadGlueConnection",
                Effect: "Allow",
                Action: "glue:GetConnection",
                Resource: [glueArn("catalog"), glueArn(pulumi.interpolate`connection/${args.connectionName ?? "*"}`)],
            },
        );
    }
    return new aws.iam.RolePolicy(`${name}-glue`, { role: role.id, policy: toJson(policyDocument(...statements)) }, { parent });
}

/** The catalog: KMS encryption settings for the whole Data Catalog, and one database per layer. */
export interface GlueCatalog {
    encryption: aws.glue.DataCatalogEncryptionSettings;
    databases: { [layer: string]: aws.glue.CatalogDatabase };
}

/**
 * Encrypts the Data Catalog (metadata and connection passwords) with the lake key, then creates a
 * database per layer located on its bucket.
 *
 * The databases wait for the catalog encryption, so their metadata is never stored unencrypted, and
 * for the Lake Formation settings, so they are created without IAMAllowedPrincipals grants.
 */
export function createGlueCatalog(
    name: string,
    parent: pulumi.Resource,
    args: { layers: GlueLayer[]; lakeKmsKeyArn: pulumi.Input<string>; protect: boolean; dependsOn: pulumi.Resource[] },
): GlueCatalog {
    const encryption = new aws.glue.DataCatalogEncryptionSettings(
        `${name}-catalog-encryption`,
        {
            dataCatalogEncryptionSettings: {
                encryptionAtRest: { catalogEncryptionMode: "SSE-KMS", sseAwsKmsKeyId: args.lakeKmsKeyArn },
                connectionPasswordEncryption: { awsKmsKeyId: args.lakeKmsKeyArn, returnConnectionPasswordEncrypted: true },
            },
        },
        { parent },
    );
    const databases: { [layer: string]: aws.glue.CatalogDatabase } = {};
    for (const l of args.layers) {
        databases[l.layer] = new aws.glue.CatalogDatabase(
            `${name}-${l.layer}-db`,
            {
                name: l.databaseName,
                description: `Governed data lake, ${l.layer} layer`,
                locationUri: pulumi.interpolate`s3://${l.bucketName}/`,
                tags: l.tags,
            },
            dataOptions(parent, args.protect, { dependsOn: [encryption, ...args.dependsOn] }),
        );
    }
    return { encryption, databases };
}

/** A Glue NETWORK connection, so jobs and crawlers run inside the VPC and reach S3 through its endpoint. */
export function createGlueConnection(
    name: string,
    parent: pulumi.Resource,
    network: GlueNetworkPlacement,
    tags: { [key: string]: string },
): aws.glue.Connection {
    return new aws.glue.Connection(
        `${name}-glue-network`,
        {
            connectionType: "NETWORK",
            description: "Runs the data lake's Glue jobs and crawlers inside the platform VPC",
            physicalConnectionRequirements: {
                subnetId: network.subnetId,
                availabilityZone: network.availabilityZone,
                securityGroupIdLists: network.securityGroupIds,
            },
            tags,
        },
        { parent },
    );
}

/** What {@link createGlueProcessing} built. */
export interface GlueProcessing {
    securityConfiguration: aws.glue.SecurityConfiguration;
    crawlers: aws.glue.Crawler[];
    job: aws.glue.Job;
    scriptLocation: pulumi.Output<string>;
}

/**
 * One security configuration (S3 SSE-KMS, CloudWatch Logs SSE-KMS, job bookmarks CSE-KMS, all with
 * the lake key), a crawler per layer and the raw → processed Spark job, all using it.
 */
export function createGlueProcessing(
    name: string,
    parent: pulumi.Resource,
    args: {
        layers: GlueLayer[];
        source: GlueLayer;
        target: GlueLayer;
        roleArn: pulumi.Input<string>;
        lakeKmsKeyArn: pulumi.Input<string>;
        job: GlueJobSettings;
        crawlerSchedule?: string;
        connectionName?: pulumi.Input<string>;
        databases: { [layer: string]: aws.glue.CatalogDatabase };
        tags: { [key: string]: string };
        dependsOn: pulumi.Resource[];
    },
): GlueProcessing {
    const securityConfiguration = new aws.glue.SecurityConfiguration(
        `${name}-glue-security`,
        {
            encryptionConfiguration: {
                s3Encryption: { s3EncryptionMode: "SSE-KMS", kmsKeyArn: args.lakeKmsKeyArn },
                cloudwatchEncryption: { cloudwatchEncryptionMode: "SSE-KMS", kmsKeyArn: args.lakeKmsKeyArn },
                jobBookmarksEncryption: { jobBookmarksEncryptionMode: "CSE-KMS", kmsKeyArn: args.lakeKmsKeyArn },
            },
        },
        { parent },
    );
    const opts = { parent, dependsOn: args.dependsOn };

    const crawlers = args.layers.map(
        (l) =>
            new aws.glue.Crawler(
                `${name}-${l.layer}-crawler`,
                {
                    description: `Catalogs the ${l.layer} layer`,
                    databaseName: args.databases[l.layer].name,
                    role: args.roleArn,
                    securityConfiguration: securityConfiguration.name,
                    s3Targets: [
                        {
                            path: pulumi.interpolate`s3://${l.bucketName}/`,
                            // Glue's scripts and temp files live in the processed bucket; they are not tables.
                            exclusions: l.layer === args.target.layer ? [`${GLUE_ARTIFACTS_PREFIX}**`] : undefined,
                            connectionName: args.connectionName,
                        },
                    ],
                    // Never drop catalog tables on its own: a vanished prefix is logged for a person to review.
                    schemaChangePolicy: { updateBehavior: "UPDATE_IN_DATABASE", deleteBehavior: "LOG" },
                    schedule: args.crawlerSchedule,
                    tags: l.tags,
                },
                opts,
            ),
    );

    const target = args.target;
    const scriptLocation = pulumi.interpolate`s3://${target.bucketName}/${args.job.scriptKey}`;
    const job = new aws.glue.Job(
        `${name}-${args.source.layer}-to-${target.layer}`,
        {
            description: `Spark ETL from the ${args.source.layer} layer to the ${target.layer} layer`,
            roleArn: args.roleArn,
            glueVersion: args.job.glueVersion,
            command: { name: "glueetl", pythonVersion: "3", scriptLocation },
            workerType: args.job.workerType,
            numberOfWorkers: args.job.numberOfWorkers,
            timeout: args.job.timeoutMinutes,
            maxRetries: args.job.maxRetries,
            securityConfiguration: securityConfiguration.name,
            connections: args.connectionName !== undefined ? [args.connectionName] : undefined,
            defaultArguments: {
                "--job-language": "python",
                "--job-bookmark-option": "job-bookmark-enable",
                "--enable-metrics": "true",
                "--enable-continuous-cloudwatch-log": "true",
                "--enable-glue-datacatalog": "true",
                "--TempDir": pulumi.interpolate`s3://${target.bucketName}/${GLUE_ARTIFACTS_PREFIX}temp/`,
                "--source_database": args.databases[args.source.layer].name,
                "--target_database": args.databases[target.layer].name,
                "--target_path": pulumi.interpolate`s3://${target.bucketName}/`,
            },
            tags: target.tags,
        },
        opts,
    );
    return { securityConfiguration, crawlers, job, scriptLocation };
}
