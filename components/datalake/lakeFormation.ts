/**
 * Lake Formation builders for {@link GovernedDataLake}: account settings, LF-tags, location
 * registration and tag-based grants.
 *
 * Access to lake data is decided here, by LF-tags on the catalog databases, and never by widening
 * the layer buckets' policies.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PolicyStatement, policyDocument, toJson } from "../lib";

/** Where the builders run: account, region and partition of the deployment. */
export interface LakeEnvironment {
    accountId: pulumi.Input<string>;
    region: pulumi.Input<string>;
    partition: pulumi.Input<string>;
}

/** The account-level Lake Formation setup. */
export interface LakeGovernance {
    settings: aws.lakeformation.DataLakeSettings;
    layerTag: aws.lakeformation.LfTag;
    classificationTag: aws.lakeformation.LfTag;
}

/**
 * Data lake settings with explicit administrators and no IAMAllowedPrincipals defaults, and the two
 * LF-tags (layer, classification).
 *
 * Empty `createDatabaseDefaultPermissions`/`createTableDefaultPermissions` are what turn Lake
 * Formation on: with the defaults AWS ships, every new database and table grants `ALL` to
 * `IAM_ALLOWED_PRINCIPALS`, i.e. anyone with IAM access to Glue, and the LF-tags would decide nothing.
 */
export function createLakeGovernance(
    name: string,
    parent: pulumi.Resource,
    args: {
        admins: pulumi.Input<string>[];
        layerTagKey: string;
        layerValues: string[];
        classificationTagKey: string;
        classificationValues: string[];
    },
): LakeGovernance {
    const settings = new aws.lakeformation.DataLakeSettings(
        `${name}-lake-settings`,
        { admins: args.admins, createDatabaseDefaultPermissions: [], createTableDefaultPermissions: [] },
        { parent },
    );
    // Creating LF-tags needs an LF administrator, which the deployer becomes only once the settings exist.
    const layerTag = new aws.lakeformation.LfTag(`${name}-layer-tag`, { key: args.layerTagKey, values: args.layerValues }, { parent, dependsOn: [settings] });
    const classificationTag = new aws.lakeformation.LfTag(
        `${name}-classification-tag`,
        { key: args.classificationTagKey, values: args.classificationValues },
        { parent, dependsOn: [settings] },
    );
    return { settings, layerTag, classificationTag };
}

/**
 * The role Lake Formation assumes to read and write registered locations and to vend scoped
 * credentials to Athena, Glue, EMR and Redshift Spectrum.
 *
 * A dedicated role rather than the service-linked role: the layers are encrypted with a customer
 * managed key, and this role's KMS access is an IAM policy we scope to S3 (`kms:ViaService`) and can
 * review; the service-linked role cannot be narrowed, and a location registered with it cannot later be
 * moved to a custom role (needed for EMR) without deregistering.
 */
export function createRegistrationRole(name: string, parent: pulumi.Resource, env: LakeEnvironment, tags: { [key: string]: string }): aws.iam.Role {
    const trust = policyDocument(
        {
            Sid: "LakeFormationAssumeRole",
            Effect: "Allow",
            Principal: { Service: "lakeformation.amazonaws.com" },
            // sts:SetContext lets Lake Formation carry an IAM Identity Center user's context into CloudTrail.
            Action: ["sts:AssumeRole", "sts:SetContext"],
            Condition: {
                StringEquals: { "aws:SourceAccount": env.accountId },
                ArnLike: { "aws:SourceArn": pulumi.interpolate`arn:${env.partition}:lakeformation:${env.region}:${env.accountId}:*` },
            },
        },
        {
            // AWS documents both principals for registration roles (Glue assumes it for catalog views).
            Sid: "GlueAssumeRole",
            Effect: "Allow",
            Principal: { Service: "glue.amazonaws.com" },
            Action: "sts:AssumeRole",
            Condition: { StringEquals: { "aws:SourceAccount": env.accountId } },
        },
    );
    return new aws.iam.Role(
        `${name}-lf-registration`,
        {
            description: "Lake Formation data access role for the governed data lake's registered locations",
            assumeRolePolicy: toJson(trust),
            tags,
        },
        { parent },
    );
}

/** The registration role's S3 and KMS permissions: the layer buckets and the lake key, nothing else. */
export function attachRegistrationPolicy(
    name: string,
    parent: pulumi.Resource,
    role: aws.iam.Role,
    args: { bucketArns: pulumi.Input<string>[]; lakeKmsKeyArn: pulumi.Input<string>; region: pulumi.Input<string> },
): aws.iam.RolePolicy {
    const statements: PolicyStatement[] = [
        {
            Sid: "ListLakeBuckets",
            Effect: "Allow",
            Action: ["s3:ListBucket", "s3:GetBucketLocation"],
            Resource: args.bucketArns,
        },
        {
            Sid: "ReadWriteLakeObjects",
            Effect: "Allow",
            Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"],
            Resource: args.bucketArns.map((arn) => pulumi.interpolate`${arn}/*`),
        },
        {
            Sid: "UseLakeKeyThroughS3",
            Effect: "Allow",
            Action: ["kms:Decrypt", "kms:GenerateDataKey"],
            Resource: args.lakeKmsKeyArn,
            Condition: { StringEquals: { "kms:ViaService": pulumi.interpolate`s3.${args.region}.amazonaws.com` } },
        },
    ];
    return new aws.iam.RolePolicy(`${name}-lf-registration`, { role: role.id, policy: toJson(policyDocument(...statements)) }, { parent });
}

/** Registers each layer bucket as a Lake Formation data location with the registration role. */
export function registerLocations(
    name: string,
    parent: pulumi.Resource,
    args: {
        locations: { layer: string; bucketArn: pulumi.Input<string> }[];
        roleArn: pulumi.Input<string>;
        dependsOn: pulumi.Resource[];
    },
): aws.lakeformation.Resource[] {
    return args.locations.map(
        (l) =>
            new aws.lakeformation.Resource(`${name}-${l.layer}-location`, { arn: l.bucketArn, roleArn: args.roleArn }, { parent, dependsOn: args.dependsOn }),
    );
}

/** Assigns the layer and classification LF-tags to one catalog database; its tables inherit them. */
export function tagDatabase(
    name: string,
    parent: pulumi.Resource,
    args: { layer: string; classification: string; databaseName: pulumi.Input<string>; governance: LakeGovernance },
): aws.lakeformation.ResourceLfTags {
    return new aws.lakeformation.ResourceLfTags(
        `${name}-${args.layer}-lf-tags`,
        {
            database: { name: args.databaseName },
            lfTags: [
                { key: args.governance.layerTag.key, value: args.layer },
                { key: args.governance.classificationTag.key, value: args.classification },
            ],
        },
        { parent, dependsOn: [args.governance.layerTag, args.governance.classificationTag] },
    );
}

/** One principal's tag-based access. */
export interface TagGrant {
    /** Suffix for the grants' logical names. */
    id: string;
    /** IAM role ARN receiving the permissions. */
    principalArn: pulumi.Input<string>;
    /** Layer LF-tag values the grant matches. */
    layers: string[];
    /** Classification LF-tag values the grant matches. */
    classifications: string[];
    /** Permissions on matching databases. */
    databasePermissions: string[];
    /** Permissions on the tables of matching databases. */
    tablePermissions: string[];
    /** Registered locations on which to grant DATA_LOCATION_ACCESS (needed to create tables there). */
    dataLocationArns: { layer: string; arn: pulumi.Input<string> }[];
}

/**
 * Grants permissions on every database and table whose LF-tags match `layer IN layers AND
 * classification IN classifications`, plus data-location access where tables may be created.
 */
export function grantByTags(
    name: string,
    parent: pulumi.Resource,
    grant: TagGrant,
    args: { governance: LakeGovernance; registrations: pulumi.Resource[] },
): aws.lakeformation.Permissions[] {
    const { layerTag, classificationTag, settings } = args.governance;
    const expressions = [
        { key: layerTag.key, values: grant.layers },
        { key: classificationTag.key, values: grant.classifications },
    ];
    const opts = { parent, dependsOn: [settings, layerTag, classificationTag] };
    const grants: aws.lakeformation.Permissions[] = [];
    if (grant.databasePermissions.length > 0) {
        grants.push(
            new aws.lakeformation.Permissions(
                `${name}-${grant.id}-databases`,
                { principal: grant.principalArn, permissions: grant.databasePermissions, lfTagPolicy: { resourceType: "DATABASE", expressions } },
                opts,
            ),
        );
    }
    if (grant.tablePermissions.length > 0) {
        grants.push(
            new aws.lakeformation.Permissions(
                `${name}-${grant.id}-tables`,
                { principal: grant.principalArn, permissions: grant.tablePermissions, lfTagPolicy: { resourceType: "TABLE", expressions } },
                opts,
            ),
        );
    }
    for (const location of grant.dataLocationArns) {
        grants.push(
            new aws.lakeformation.Permissions(
                `${name}-${grant.id}-${location.layer}-location`,
                { principal: grant.principalArn, permissions: ["DATA_LOCATION_ACCESS"], dataLocation: { arn: location.arn } },
                { parent, dependsOn: [settings, ...args.registrations] },
            ),
        );
    }
    return grants;
}
