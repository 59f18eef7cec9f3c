import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { checkArn, checkInteger, checkOneOf, checkRequired, isKnown, mergeTags, ValidationError } from "../lib";
import { BucketLifecycleArgs, SecureBucket } from "../storage";
import {
    attachGlueRolePolicy,
    createGlueCatalog,
    createGlueConnection,
    createGlueProcessing,
    createGlueServiceRole,
    GLUE_ARTIFACTS_PREFIX,
    GlueLayer,
} from "./glue";
import {
    attachRegistrationPolicy,
    createLakeGovernance,
    createRegistrationRole,
    grantByTags,
    LakeEnvironment,
    registerLocations,
    tagDatabase,
    TagGrant,
} from "./lakeFormation";

/** The layers of the lake, in the order data flows through them. */
export enum LakeLayer {
    /** Data as it arrived from source systems. */
    Raw = "raw",
    /** Cleaned, conformed data written by the Glue ETL job. */
    Processed = "processed",
    /** Curated data sets and features for analysis and training. */
    Analytics = "analytics",
}

/** Glue versions the ETL job may run on (both Spark 3, Python 3). */
export enum GlueVersion {
    /** Glue 5.0: Spark 3.5, Python 3.11. */
    V5 = "5.0",
    /** Glue 4.0: Spark 3.3, Python 3.10. */
    V4 = "4.0",
}

/** Glue worker types for Spark jobs. */
export enum GlueWorkerType {
    /** 4 vCPU, 16 GB. */
    G1X = "G.1X",
    /** 8 vCPU, 32 GB. */
    G2X = "G.2X",
    /** 16 vCPU, 64 GB. */
    G4X = "G.4X",
    /** 32 vCPU, 128 GB. */
    G8X = "G.8X",
}

/** Who a Lake Formation grant is for; each persona has least-privilege defaults. */
export enum LakePersona {
    /** Builds pipelines: all layers and classifications; creates and alters tables. */
    DataEngineer = "data-engineer",
    /** Explores data: processed and analytics layers, non-regulated classifications, read only. */
    DataScientist = "data-scientist",
    /** Training and batch inference pipelines: processed and analytics layers, read only. */
    MlPipeline = "ml-pipeline",
}

/** Lake Formation permissions on catalog databases. */
export enum LakeDatabasePermission {
    Describe = "DESCRIBE",
    CreateTable = "CREATE_TABLE",
    Alter = "ALTER",
    Drop = "DROP",
}

/** Lake Formation permissions on catalog tables (and so on their data). */
export enum LakeTablePermission {
    Select = "SELECT",
    Describe = "DESCRIBE",
    Insert = "INSERT",
    Delete = "DELETE",
    Alter = "ALTER",
    Drop = "DROP",
}

/** Lifecycle rules for one bucket of the lake. */
/** Another bucket that sends its S3 server access logs into the lake's access-log bucket. */
export interface AccessLogSourceArgs {
    /** ARN of the source bucket: the only `aws:SourceArn` S3 log delivery may write for under `keyPrefix`. */
    bucketArn: pulumi.Input<string>;
    /** The `targetPrefix` the source bucket's logging uses (no leading `/`, ending in `/`), e.g. `mlp-prod-audit-trail-bucket/`. */
    keyPrefix: string;
}

export interface LakeLifecycleArgs {
    /**
     * Days after creation to move objects to STANDARD_IA (S3 requires at least 30).
     * @default raw 30, processed 90, analytics none, access logs 90
     */
    transitionToInfrequentAccessDays?: number;
    /**
     * Days after creation to move objects to GLACIER; must be later than the STANDARD_IA transition.
     * Objects in GLACIER can't be read by Glue or Athena without a restore, so keep this beyond the time
     * the ETL job (with bookmarks) needs to pick new raw data up.
     * @default raw 180, processed none, analytics none, access logs 365
     */
    transitionToGlacierDays?: number;
    /**
     * Days after a version becomes noncurrent before it is deleted. Versioning protects against
     * overwrites and deletions; this bounds what that protection costs.
     * @default 365
     */
    noncurrentVersionExpirationDays?: number;
    /**
     * Days after creation to delete objects; must be later than the last transition. Unset keeps data
     * until someone decides otherwise, which is what a records-retention obligation needs.
     * @default never
     */
    expirationDays?: number;
}

/** Settings for one layer. */
export interface LakeLayerArgs {
    /**
     * The layer's data classification: one of `classificationValues`. It becomes the layer database's
     * classification LF-tag (inherited by its tables) and the bucket's `data-classification` tag.
     * @default the first of `classificationValues` (the most sensitive), so nothing is under-classified
     */
    classification?: string;
    /**
     * Lifecycle rules of the layer's bucket.
     * @default see {@link LakeLifecycleArgs}
     */
    lifecycle?: LakeLifecycleArgs;
}

/** Per-layer settings. */
export interface LakeLayersArgs {
    /**
     * The raw layer.
     * @default classification: most sensitive; STANDARD_IA at 30 days, GLACIER at 180
     */
    raw?: LakeLayerArgs;
    /**
     * The processed layer.
     * @default classification: most sensitive; STANDARD_IA at 90 days
     */
    processed?: LakeLayerArgs;
    /**
     * The analytics layer.
     * @default classification: most sensitive; no transitions (hot data)
     */
    analytics?: LakeLayerArgs;
}

/** The raw → processed Spark ETL job. */
export interface GlueEtlJobArgs {
    /**
     * Glue version.
     * @default "5.0"
     */
    glueVersion?: GlueVersion;
    /**
     * Worker type.
     * @default "G.1X"
     */
    workerType?: GlueWorkerType;
    /**
     * Number of workers (2 to 299).
     * @default 2
     */
    numberOfWorkers?: number;
    /**
     * Minutes before a run is stopped (1 to 2880), so a stuck run can't bill for two days.
     * @default 120
     */
    timeoutMinutes?: number;
    /**
     * Automatic retries of a failed run (0 to 10).
     * @default 0
     */
    maxRetries?: number;
    /**
     * Key of the PySpark script in the processed bucket, under the `_glue/` artifacts prefix. The
     * component doesn't upload it; the pipeline that owns the ETL code does.
     * @default "_glue/scripts/raw_to_processed.py"
     */
    scriptKey?: string;
}

/**
 * Where Glue jobs and crawlers attach to the VPC (a Glue NETWORK connection). With it their S3 traffic
 * goes through the VPC's S3 gateway endpoint; the subnet needs interface endpoints for Glue, STS,
 * CloudWatch Logs, CloudWatch and KMS, and the security groups need a self-referencing all-TCP rule.
 */
export interface GlueNetworkArgs {
    /** Private subnet id (`subnet-...`). */
    subnetId: pulumi.Input<string>;
    /** The subnet's availability zone, e.g. `us-east-1a`. */
    availabilityZone: pulumi.Input<string>;
    /** Security group ids (`sg-...`) for the Glue workers' network interfaces. */
    securityGroupIds: pulumi.Input<string>[];
}

/** Tag-based Lake Formation access for one IAM role. */
export interface LakePersonaGrantArgs {
    /** The persona, which picks the defaults below. */
    persona: LakePersona;
    /** ARN of the IAM role (`arn:aws:iam::<account>:role/...`). It must not be a Lake Formation admin. */
    roleArn: pulumi.Input<string>;
    /**
     * Layers the role may use (matched on the layer LF-tag).
     * @default data-engineer: all; data-scientist and ml-pipeline: processed, analytics
     */
    layers?: LakeLayer[];
    /**
     * Classifications the role may use (matched on the classification LF-tag); each one of
     * `classificationValues`.
     * @default data-engineer and ml-pipeline: all; data-scientist: all except "phi" and "pci"
     */
    classifications?: string[];
    /**
     * Permissions on matching databases. CREATE_TABLE also grants DATA_LOCATION_ACCESS on the layers'
     * buckets, which Lake Formation requires to create a table on a registered location.
     * @default data-engineer: DESCRIBE, CREATE_TABLE, ALTER; others: DESCRIBE
     */
    databasePermissions?: LakeDatabasePermission[];
    /**
     * Permissions on the tables of matching databases.
     * @default data-engineer: SELECT, DESCRIBE, INSERT, DELETE, ALTER; others: SELECT, DESCRIBE
     */
    tablePermissions?: LakeTablePermission[];
}

/** Arguments of {@link GovernedDataLake}. */
export interface GovernedDataLakeArgs {
    /**
     * ARN of the customer-managed KMS key for the layer buckets, the Data Catalog, connection passwords
     * and Glue's S3 output, logs and job bookmarks. Its key policy must let CloudWatch Logs use it for
     * `/aws-glue/*` log groups.
     */
    lakeKmsKeyArn: pulumi.Input<string>;
    /**
     * ARN of the customer-managed KMS key for the access-log bucket. Its key policy must let
     * `logging.s3.amazonaws.com` generate data keys, or S3 server access logs are silently dropped.
     */
    logsKmsKeyArn: pulumi.Input<string>;
    /**
     * IAM role or user ARNs made Lake Formation administrators. Admins bypass every LF grant, so keep
     * this to the platform team's admin role.
     * @default [] (only the deployer, see `includeDeployerAsLakeAdmin`)
     */
    lakeAdminArns?: pulumi.Input<string>[];
    /**
     * Add the IAM role running `pulumi up` to the Lake Formation admins. Creating LF-tags, tag
     * assignments and grants requires an LF admin, and the settings resource replaces the whole admin
     * list, so without this the deployer locks itself out unless it is in `lakeAdminArns`.
     * @default true
     */
    includeDeployerAsLakeAdmin?: boolean;
    /**
     * Allowed values of the classification LF-tag, most sensitive first.
     * @default ["phi", "pci", "confidential", "internal"]
     */
    classificationValues?: string[];
    /**
     * Key of the LF-tag naming the layer (LF-tag keys are account-wide, and Lake Formation stores them
     * lower-case).
     * @default "layer"
     */
    layerTagKey?: string;
    /**
     * Key of the LF-tag naming the data classification.
     * @default "classification"
     */
    classificationTagKey?: string;
    /**
     * Per-layer classification and lifecycle.
     * @default see {@link LakeLayersArgs}
     */
    layers?: LakeLayersArgs;
    /**
     * Lifecycle of the access-log bucket.
     * @default STANDARD_IA at 90 days, GLACIER at 365, noncurrent versions expire after 365, never deleted
     */
    accessLogLifecycle?: LakeLifecycleArgs;
    /**
     * Prefix of the Glue database names (`<prefix>_raw`, ...): lower-case letters, digits and `_`.
     * @default the component name, lower-cased, with other characters replaced by `_`
     */
    databaseNamePrefix?: string;
    /**
     * The raw → processed Spark job.
     * @default see {@link GlueEtlJobArgs}
     */
    etlJob?: GlueEtlJobArgs;
    /**
     * Crawler schedule, a Glue cron expression such as `cron(0 2 * * ? *)`.
     * @default none (crawlers run on demand)
     */
    crawlerSchedule?: string;
    /**
     * Run Glue jobs and crawlers in the VPC through a Glue NETWORK connection.
     * @default none: Glue runs in its service network, and its role is exempt from `vpcEndpointId`
     */
    glueNetwork?: GlueNetworkArgs;
    /**
     * S3 VPC endpoint id (`vpce-...`). When set, the layer buckets deny object reads, writes and deletes
     * that don't arrive through it, so stolen credentials are useless outside the VPC. Exempt: requests
     * AWS services make on a caller's behalf (`aws:ViaAWSService`), AWS service principals, the Lake
     * Formation registration role (its vended credentials are used by Athena, Glue and EMR from AWS
     * networks), the Glue role unless `glueNetwork` is set, and `vpcEndpointExemptPrincipalArns`.
     * Bucket configuration calls are not restricted, so the deployer can still manage the buckets.
     * @default none (no network restriction)
     */
    vpcEndpointId?: pulumi.Input<string>;
    /**
     * Further principal ARNs (patterns allowed) exempt from the VPC-endpoint restriction, e.g. a
     * break-glass role.
     * @default []
     */
    vpcEndpointExemptPrincipalArns?: pulumi.Input<string>[];
    /**
     * Buckets outside the lake (the audit buckets, say) that log into the lake's access-log bucket. Each gets
     * a grant for S3 log delivery limited to its own prefix and its own ARN, like each layer's.
     * @default [] (only the layer buckets)
     */
    accessLogSources?: AccessLogSourceArgs[];
    /**
     * Tag-based Lake Formation grants to persona roles.
     * @default [] (nobody but LF admins and the Glue role can use the lake)
     */
    personas?: LakePersonaGrantArgs[];
    /**
     * Let `pulumi destroy` delete buckets that still hold objects. Never in regulated environments.
     * @default false
     */
    allowForceDestroy?: boolean;
    /**
     * Protect the buckets and catalog databases and retain them on delete, so neither a destroy nor a
     * replacement can lose data or table definitions.
     * @default true
     */
    protect?: boolean;
    /**
     * Tags for every taggable child. Layer buckets and databases also get `lake-layer` and
     * `data-classification`.
     * @default {}
     */
    tags?: { [key: string]: string };
}

const DEFAULT_CLASSIFICATIONS = ["phi", "pci", "confidential", "internal"];
/** Classifications a data scientist doesn't see unless granted explicitly. */
const REGULATED_CLASSIFICATIONS = ["phi", "pci"];
const LAYERS = [LakeLayer.Raw, LakeLayer.Processed, LakeLayer.Analytics];
const DEFAULT_LIFECYCLE: { [layer: string]: LakeLifecycleArgs } = {
    raw: { transitionToInfrequentAccessDays: 30, transitionToGlacierDays: 180, noncurrentVersionExpirationDays: 365 },
    processed: { transitionToInfrequentAccessDays: 90, noncurrentVersionExpirationDays: 365 },
    analytics: { noncurrentVersionExpirationDays: 365 },
    accessLogs: { transitionToInfrequentAccessDays: 90, transitionToGlacierDays: 365, noncurrentVersionExpirationDays: 365 },
};
const PERSONA_DEFAULTS: { [persona: string]: { layers: LakeLayer[]; databasePermissions: LakeDatabasePermission[]; tablePermissions: LakeTablePermission[] } } =
    {
        [LakePersona.DataEngineer]: {
            layers: LAYERS,
            databasePermissions: [LakeDatabasePermission.Describe, LakeDatabasePermission.CreateTable, LakeDatabasePermission.Alter],
            tablePermissions: [
                LakeTablePermission.Select,
                LakeTablePermission.Describe,
                LakeTablePermission.Insert,
                LakeTablePermission.Delete,
                LakeTablePermission.Alter,
            ],
        },
        [LakePersona.DataScientist]: {
            layers: [LakeLayer.Processed, LakeLayer.Analytics],
            databasePermissions: [LakeDatabasePermission.Describe],
            tablePermissions: [LakeTablePermission.Select, LakeTablePermission.Describe],
        },
        [LakePersona.MlPipeline]: {
            layers: [LakeLayer.Processed, LakeLayer.Analytics],
            databasePermissions: [LakeDatabasePermission.Describe],
            tablePermissions: [LakeTablePermission.Select, LakeTablePermission.Describe],
        },
    };

const LF_TAG_KEY = /^[a-z0-9_.:/=+\-@%]{1,128}$/;
const LF_TAG_VALUE = /^[a-z0-9_.:/=+\-@%]{1,256}$/;
const DATABASE_PREFIX = /^[a-z][a-z0-9_]{0,200}$/;
const SCRIPT_KEY = new RegExp(`^${GLUE_ARTIFACTS_PREFIX}[A-Za-z0-9_./-]+\\.py$`);
const GLUE_CRON = /^cron\(\S+ \S+ \S+ \S+ \S+ \S+\)$/;

function layerLifecycle(args: GovernedDataLakeArgs, layer: string): LakeLifecycleArgs {
    const given = layer === "accessLogs" ? args.accessLogLifecycle : args.layers?.[layer as keyof LakeLayersArgs]?.lifecycle;
    return { ...DEFAULT_LIFECYCLE[layer], ...definedOnly(given ?? {}) };
}

function definedOnly<T extends object>(o: T): Partial<T> {
    return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function validateLifecycle(field: string, lc: LakeLifecycleArgs): void {
    checkInteger(`${field}.transitionToInfrequentAccessDays`, lc.transitionToInfrequentAccessDays, 30, 36500);
    checkInteger(`${field}.transitionToGlacierDays`, lc.transitionToGlacierDays, 1, 36500);
    checkInteger(`${field}.noncurrentVersionExpirationDays`, lc.noncurrentVersionExpirationDays, 1, 36500);
    checkInteger(`${field}.expirationDays`, lc.expirationDays, 1, 36500);
    if (
        lc.transitionToGlacierDays !== undefined &&
        lc.transitionToInfrequentAccessDays !== undefined &&
        lc.transitionToGlacierDays <= lc.transitionToInfrequentAccessDays
    ) {
        throw new ValidationError(
            `${field}.transitionToGlacierDays`,
            `more days than transitionToInfrequentAccessDays (${lc.transitionToInfrequentAccessDays})`,
            lc.transitionToGlacierDays,
        );
    }
    const last = lc.transitionToGlacierDays ?? lc.transitionToInfrequentAccessDays;
    if (lc.expirationDays !== undefined && last !== undefined && lc.expirationDays <= last) {
        throw new ValidationError(`${field}.expirationDays`, `more days than the last transition (${last})`, lc.expirationDays);
    }
}

function checkIamRoleArn(field: string, value: pulumi.Input<string> | undefined): void {
    checkArn(field, value, "iam");
    if (typeof value === "string" && !/^arn:[a-z-]+:iam::\d{12}:role\/.+$/.test(value)) {
        throw new ValidationError(field, 'an IAM role ARN ("arn:aws:iam::<account>:role/<name>")', value);
    }
}

/** The classifications a persona gets when none are given. */
function defaultPersonaClassifications(persona: LakePersona, values: string[]): string[] {
    return persona === LakePersona.DataScientist ? values.filter((v) => !REGULATED_CLASSIFICATIONS.includes(v)) : values;
}

/** Checks {@link GovernedDataLakeArgs} before anything is created. */
export function validateGovernedDataLakeArgs(args: GovernedDataLakeArgs): void {
    const f = (field: string) => `GovernedDataLake.${field}`;
    checkRequired(f("lakeKmsKeyArn"), args.lakeKmsKeyArn, 'a KMS key ARN ("arn:aws:kms:...")');
    checkArn(f("lakeKmsKeyArn"), args.lakeKmsKeyArn, "kms");
    checkRequired(f("logsKmsKeyArn"), args.logsKmsKeyArn, 'a KMS key ARN ("arn:aws:kms:...")');
    checkArn(f("logsKmsKeyArn"), args.logsKmsKeyArn, "kms");

    const admins = args.lakeAdminArns ?? [];
    admins.forEach((a, i) => checkArn(f(`lakeAdminArns[${i}]`), a, "iam"));
    const prefixes = new Set(LAYERS.map(layerAccessLogPrefix));
    (args.accessLogSources ?? []).forEach((s, i) => {
        checkRequired(f(`accessLogSources[${i}].bucketArn`), s.bucketArn, 'an S3 bucket ARN ("arn:aws:s3:::...")');
        checkArn(f(`accessLogSources[${i}].bucketArn`), s.bucketArn, "s3");
        if (typeof s.keyPrefix !== "string" || !/^[A-Za-z0-9!_.*'()-][A-Za-z0-9!_.*'()/-]*\/$/.test(s.keyPrefix) || s.keyPrefix.includes("//")) {
            throw new ValidationError(f(`accessLogSources[${i}].keyPrefix`), 'a key prefix without a leading "/", ending in "/"', s.keyPrefix);
        }
        // Two sources under one prefix could overwrite or read as each other's logs.
        if ([...prefixes].some((p) => p.startsWith(s.keyPrefix) || s.keyPrefix.startsWith(p))) {
            throw new ValidationError(f(`accessLogSources[${i}].keyPrefix`), "a prefix that no layer or other source uses or contains", s.keyPrefix);
        }
        prefixes.add(s.keyPrefix);
    });
    if (!(args.includeDeployerAsLakeAdmin ?? true) && admins.length === 0) {
        throw new ValidationError(f("lakeAdminArns"), "at least one IAM principal ARN when includeDeployerAsLakeAdmin is false", admins);
    }

    const values = args.classificationValues ?? DEFAULT_CLASSIFICATIONS;
    checkRequired(f("classificationValues"), values, "a non-empty list of classification values");
    values.forEach((v, i) => {
        if (typeof v !== "string" || !LF_TAG_VALUE.test(v)) {
            throw new ValidationError(f(`classificationValues[${i}]`), "a lower-case LF-tag value (a-z, 0-9, _.:/=+-@%; 1 to 256 characters)", v);
        }
    });
    if (new Set(values).size !== values.length) {
        throw new ValidationError(f("classificationValues"), "distinct values", values);
    }
    const layerKey = args.layerTagKey ?? "layer";
    const classKey = args.classificationTagKey ?? "classification";
    for (const [field, key] of [
        ["layerTagKey", layerKey],
        ["classificationTagKey", classKey],
    ]) {
        if (!LF_TAG_KEY.test(key)) {
            throw new ValidationError(f(field), "a lower-case LF-tag key (a-z, 0-9, _.:/=+-@%; 1 to 128 characters)", key);
        }
    }
    if (layerKey === classKey) {
        throw new ValidationError(f("classificationTagKey"), `a key different from layerTagKey ("${layerKey}")`, classKey);
    }

    for (const layer of LAYERS) {
        const classification = args.layers?.[layer]?.classification;
        if (classification !== undefined && !values.includes(classification)) {
            throw new ValidationError(f(`layers.${layer}.classification`), `one of classificationValues (${values.join(", ")})`, classification);
        }
        validateLifecycle(f(`layers.${layer}.lifecycle`), layerLifecycle(args, layer));
    }
    validateLifecycle(f("accessLogLifecycle"), layerLifecycle(args, "accessLogs"));

    if (args.databaseNamePrefix !== undefined && !DATABASE_PREFIX.test(args.databaseNamePrefix)) {
        throw new ValidationError(
            f("databaseNamePrefix"),
            "lower-case letters, digits and _, starting with a letter (at most 201 characters)",
            args.databaseNamePrefix,
        );
    }

    const job = args.etlJob ?? {};
    checkOneOf(f("etlJob.glueVersion"), job.glueVersion, Object.values(GlueVersion));
    checkOneOf(f("etlJob.workerType"), job.workerType, Object.values(GlueWorkerType));
    checkInteger(f("etlJob.numberOfWorkers"), job.numberOfWorkers, 2, 299);
    checkInteger(f("etlJob.timeoutMinutes"), job.timeoutMinutes, 1, 2880);
    checkInteger(f("etlJob.maxRetries"), job.maxRetries, 0, 10);
    if (job.scriptKey !== undefined && (!SCRIPT_KEY.test(job.scriptKey) || job.scriptKey.includes(".."))) {
        throw new ValidationError(
            f("etlJob.scriptKey"),
            `an S3 key of a .py file under "${GLUE_ARTIFACTS_PREFIX}", e.g. "${GLUE_ARTIFACTS_PREFIX}scripts/job.py"`,
            job.scriptKey,
        );
    }
    if (args.crawlerSchedule !== undefined && !GLUE_CRON.test(args.crawlerSchedule)) {
        throw new ValidationError(f("crawlerSchedule"), 'a Glue cron expression with six fields, e.g. "cron(0 2 * * ? *)"', args.crawlerSchedule);
    }

    if (args.glueNetwork) {
        const n = args.glueNetwork;
        if (n.subnetId === undefined || (isKnown(n.subnetId) && !/^subnet-[0-9a-f]+$/.test(n.subnetId))) {
            throw new ValidationError(f("glueNetwork.subnetId"), 'a subnet id ("subnet-...")', n.subnetId);
        }
        if (n.availabilityZone === undefined || (isKnown(n.availabilityZone) && !/^[a-z]{2}(-[a-z]+)+-\d[a-z]$/.test(n.availabilityZone))) {
            throw new ValidationError(f("glueNetwork.availabilityZone"), 'an availability zone name such as "us-east-1a"', n.availabilityZone);
        }
        checkRequired(f("glueNetwork.securityGroupIds"), n.securityGroupIds, 'a non-empty list of security group ids ("sg-...")');
        n.securityGroupIds.forEach((sg, i) => {
            if (isKnown(sg) && !/^sg-[0-9a-f]+$/.test(sg)) {
                throw new ValidationError(f(`glueNetwork.securityGroupIds[${i}]`), 'a security group id ("sg-...")', sg);
            }
        });
    }

    if (args.vpcEndpointId !== undefined && isKnown(args.vpcEndpointId) && !/^vpce-[0-9a-f]+$/.test(args.vpcEndpointId)) {
        throw new ValidationError(f("vpcEndpointId"), 'a VPC endpoint id ("vpce-...")', args.vpcEndpointId);
    }
    (args.vpcEndpointExemptPrincipalArns ?? []).forEach((a, i) => checkArn(f(`vpcEndpointExemptPrincipalArns[${i}]`), a));

    const knownAdmins = admins.filter((a): a is string => typeof a === "string");
    (args.personas ?? []).forEach((p, i) => {
        const pf = (field: string) => f(`personas[${i}].${field}`);
        checkOneOf(pf("persona"), p.persona, Object.values(LakePersona));
        if (p.roleArn === undefined) {
            throw new ValidationError(pf("roleArn"), 'an IAM role ARN ("arn:aws:iam::<account>:role/<name>")', undefined);
        }
        checkIamRoleArn(pf("roleArn"), p.roleArn);
        if (typeof p.roleArn === "string" && knownAdmins.includes(p.roleArn)) {
            throw new ValidationError(pf("roleArn"), "a role that is not a Lake Formation admin (admins bypass every grant)", p.roleArn);
        }
        if (p.layers !== undefined) {
            checkRequired(pf("layers"), p.layers, "a non-empty list of layers");
            p.layers.forEach((l, j) => checkOneOf(pf(`layers[${j}]`), l, LAYERS));
        }
        if (p.classifications !== undefined) {
            checkRequired(pf("classifications"), p.classifications, "a non-empty list of classification values");
            p.classifications.forEach((c, j) => {
                if (!values.includes(c)) {
                    throw new ValidationError(pf(`classifications[${j}]`), `one of classificationValues (${values.join(", ")})`, c);
                }
            });
        } else if (defaultPersonaClassifications(p.persona, values).length === 0) {
            throw new ValidationError(
                pf("classifications"),
                `an explicit list: every classification value is regulated (${REGULATED_CLASSIFICATIONS.join(", ")})`,
                undefined,
            );
        }
        (p.databasePermissions ?? []).forEach((perm, j) => checkOneOf(pf(`databasePermissions[${j}]`), perm, Object.values(LakeDatabasePermission)));
        (p.tablePermissions ?? []).forEach((perm, j) => checkOneOf(pf(`tablePermissions[${j}]`), perm, Object.values(LakeTablePermission)));
        const defaults = PERSONA_DEFAULTS[p.persona];
        if ((p.databasePermissions ?? defaults.databasePermissions).length === 0 && (p.tablePermissions ?? defaults.tablePermissions).length === 0) {
            throw new ValidationError(pf("tablePermissions"), "at least one database or table permission", []);
        }
    });
}

/** A Glue database name derived from the component name. */
function defaultDatabasePrefix(name: string): string {
    const cleaned = name.toLowerCase().replace(/[^a-z0-9_]/g, "_");
    return /^[a-z]/.test(cleaned) ? cleaned : `lake_${cleaned}`;
}

/** Where a layer bucket's server access logs go in the access-log bucket. */
const layerAccessLogPrefix = (layer: LakeLayer): string => `s3-access-logs/${layer}/`;

/** An output whose value is supplied later, for two resources that each need the other's attribute. */
function deferredOutput<T>(): { output: pulumi.Output<T>; resolve: (value: pulumi.Output<T>) => void } {
    let resolve!: (value: pulumi.Output<T>) => void;
    const promise = new Promise<pulumi.Output<T>>((r) => (resolve = r));
    return { output: pulumi.output(promise) as pulumi.Output<T>, resolve };
}

/**
 * A governed data lake: raw, processed and analytics layers on encrypted, versioned, private buckets
 * with access logging; a KMS-encrypted Glue Data Catalog with a database, crawler and security
 * configuration per layer and a raw → processed Spark job; and Lake Formation governing access by
 * LF-tags (layer, classification) with persona grants instead of bucket-policy grants.
 *
 * One per account and region: the Data Catalog encryption and Lake Formation settings are account-wide.
 */
export class GovernedDataLake extends pulumi.ComponentResource {
    /** Raw layer bucket name. */
    readonly rawBucketName: pulumi.Output<string>;
    /** Raw layer bucket ARN. */
    readonly rawBucketArn: pulumi.Output<string>;
    /** Processed layer bucket name. */
    readonly processedBucketName: pulumi.Output<string>;
    /** Processed layer bucket ARN. */
    readonly processedBucketArn: pulumi.Output<string>;
    /** Analytics layer bucket name. */
    readonly analyticsBucketName: pulumi.Output<string>;
    /** Analytics layer bucket ARN. */
    readonly analyticsBucketArn: pulumi.Output<string>;
    /** Access-log bucket name. */
    readonly accessLogBucketName: pulumi.Output<string>;
    /** Access-log bucket ARN. */
    readonly accessLogBucketArn: pulumi.Output<string>;
    /** Glue database of the raw layer. */
    readonly rawDatabaseName: pulumi.Output<string>;
    /** Glue database of the processed layer. */
    readonly processedDatabaseName: pulumi.Output<string>;
    /** Glue database of the analytics layer. */
    readonly analyticsDatabaseName: pulumi.Output<string>;
    /** The Glue security configuration every crawler and job uses. */
    readonly securityConfigurationName: pulumi.Output<string>;
    /** The raw → processed Spark job. */
    readonly etlJobName: pulumi.Output<string>;
    /** Where the job expects its script (`s3://<processed>/_glue/scripts/...`). */
    readonly etlScriptLocation: pulumi.Output<string>;
    /** Crawler names, raw, processed, analytics. */
    readonly crawlerNames: pulumi.Output<string[]>;
    /** The layer LF-tag key. */
    readonly layerTagKey: pulumi.Output<string>;
    /** The classification LF-tag key. */
    readonly classificationTagKey: pulumi.Output<string>;
    /** The Glue service role's ARN. */
    readonly glueRoleArn: pulumi.Output<string>;
    /** The Lake Formation registration role's ARN. */
    readonly registrationRoleArn: pulumi.Output<string>;

    constructor(name: string, args: GovernedDataLakeArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ml-platform:index:GovernedDataLake", name, {}, opts);
        validateGovernedDataLakeArgs(args);

        const protect = args.protect ?? true;
        const allowForceDestroy = args.allowForceDestroy ?? false;
        const tags = args.tags ?? {};
        const classificationValues = args.classificationValues ?? DEFAULT_CLASSIFICATIONS;
        const mostSensitive = classificationValues[0];
        const dbPrefix = args.databaseNamePrefix ?? defaultDatabasePrefix(name);
        const parent = { parent: this };

        const identity = aws.getCallerIdentityOutput({}, parent);
        const env: LakeEnvironment = {
            accountId: identity.accountId,
            region: aws.getRegionOutput({}, parent).region,
            partition: aws.getPartitionOutput({}, parent).partition,
        };

        // Roles first: the buckets' VPC-endpoint restriction names them, and their policies name the buckets.
        const glueRole = createGlueServiceRole(name, this, env, tags);
        const registrationRole = createRegistrationRole(name, this, env, tags);

        // The log bucket's policy names the layer buckets and the layer buckets log into it.
        const logBucketName = deferredOutput<string>();
        const exempt = [registrationRole.arn, ...(args.glueNetwork ? [] : [glueRole.arn]), ...(args.vpcEndpointExemptPrincipalArns ?? [])];
        const classificationOf = (layer: LakeLayer) => args.layers?.[layer]?.classification ?? mostSensitive;
        const buckets: { [layer: string]: SecureBucket } = {};
        for (const layer of LAYERS) {
            buckets[layer] = new SecureBucket(
                `${name}-${layer}`,
                {
                    kmsKeyArn: args.lakeKmsKeyArn,
                    enforceKmsOnUpload: true,
                    vpcEndpointIds: args.vpcEndpointId !== undefined ? [args.vpcEndpointId] : undefined,
                    vpcEndpointExemptPrincipalArns: args.vpcEndpointId !== undefined ? exempt : undefined,
                    accessLogBucketName: logBucketName.output,
                    accessLogPrefix: layerAccessLogPrefix(layer),
                    lifecycle: toBucketLifecycle(layerLifecycle(args, layer)),
                    allowForceDestroy,
                    protect,
                    tags: mergeTags(tags, { "lake-layer": layer, "data-classification": classificationOf(layer) }),
                },
                parent,
            );
        }
        const logBucket = new SecureBucket(
            `${name}-access-logs`,
            {
                kmsKeyArn: args.logsKmsKeyArn,
                // S3 log delivery relies on default encryption and sends no key id: a KMS-only deny would drop every log.
                enforceKmsOnUpload: false,
                // One grant per source bucket, each on its own prefix only.
                deliveryServices: [
                    ...LAYERS.map((l) => ({ bucketArn: buckets[l].bucketArn, keyPrefix: layerAccessLogPrefix(l) })),
                    ...(args.accessLogSources ?? []),
                ].map((s) => ({ servicePrincipal: "logging.s3.amazonaws.com", keyPrefix: s.keyPrefix, sourceArns: [s.bucketArn] })),
                lifecycle: toBucketLifecycle(layerLifecycle(args, "accessLogs")),
                allowForceDestroy,
                protect,
                // Access logs carry object keys and requesters, so they are classified like the most sensitive data.
                tags: mergeTags(tags, { "lake-layer": "access-logs", "data-classification": mostSensitive }),
            },
            parent,
        );
        logBucketName.resolve(logBucket.bucketName);

        // Lake Formation: admins, no IAMAllowedPrincipals defaults, LF-tags.
        const deployerArn = aws.iam.getSessionContextOutput({ arn: identity.arn }, parent).issuerArn;
        const governance = createLakeGovernance(name, this, {
            admins: [...((args.includeDeployerAsLakeAdmin ?? true) ? [deployerArn] : []), ...(args.lakeAdminArns ?? [])],
            layerTagKey: args.layerTagKey ?? "layer",
            layerValues: LAYERS,
            classificationTagKey: args.classificationTagKey ?? "classification",
            classificationValues,
        });

        const glueLayers: GlueLayer[] = LAYERS.map((layer) => ({
            layer,
            bucketName: buckets[layer].bucketName,
            bucketArn: buckets[layer].bucketArn,
            databaseName: `${dbPrefix}_${layer}`,
            tags: mergeTags(tags, { "lake-layer": layer, "data-classification": classificationOf(layer) }),
        }));
        const byLayer = (layer: LakeLayer) => glueLayers.find((l) => l.layer === String(layer)) as GlueLayer;

        // Glue catalog, then the roles' permissions.
        const catalog = createGlueCatalog(name, this, {
            layers: glueLayers,
            lakeKmsKeyArn: args.lakeKmsKeyArn,
            protect,
            dependsOn: [governance.settings],
        });
        const connection = args.glueNetwork ? createGlueConnection(name, this, args.glueNetwork, tags) : undefined;
        const gluePolicy = attachGlueRolePolicy(name, this, glueRole, {
            env,
            layers: glueLayers,
            writableLayer: byLayer(LakeLayer.Processed),
            lakeKmsKeyArn: args.lakeKmsKeyArn,
            network: args.glueNetwork,
            connectionName: connection?.name,
        });
        const registrationPolicy = attachRegistrationPolicy(name, this, registrationRole, {
            bucketArns: glueLayers.map((l) => l.bucketArn),
            lakeKmsKeyArn: args.lakeKmsKeyArn,
            region: env.region,
        });

        // Lake Formation: registrations, database tags, grants.
        const registrations = registerLocations(name, this, {
            locations: glueLayers.map((l) => ({ layer: l.layer, bucketArn: l.bucketArn })),
            roleArn: registrationRole.arn,
            dependsOn: [governance.settings, registrationPolicy],
        });
        for (const l of glueLayers) {
            tagDatabase(name, this, {
                layer: l.layer,
                classification: classificationOf(l.layer as LakeLayer),
                databaseName: catalog.databases[l.layer].name,
                governance,
            });
        }
        const glueGrant: TagGrant = {
            // Crawlers create and update tables in every layer; the job reads raw and writes processed.
            id: "glue",
            principalArn: glueRole.arn,
            layers: LAYERS,
            classifications: classificationValues,
            databasePermissions: [LakeDatabasePermission.Describe, LakeDatabasePermission.CreateTable, LakeDatabasePermission.Alter],
            tablePermissions: [LakeTablePermission.Select, LakeTablePermission.Describe, LakeTablePermission.Insert, LakeTablePermission.Alter],
            dataLocationArns: glueLayers.map((l) => ({ layer: l.layer, arn: l.bucketArn })),
        };
        const glueGrants = grantByTags(name, this, glueGrant, { governance, registrations });
        for (const grant of personaGrants(args.personas ?? [], classificationValues, glueLayers)) {
            grantByTags(name, this, grant, { governance, registrations });
        }

        // Glue processing: one security configuration for every crawler and the job.
        const processing = createGlueProcessing(name, this, {
            layers: glueLayers,
            source: byLayer(LakeLayer.Raw),
            target: byLayer(LakeLayer.Processed),
            roleArn: glueRole.arn,
            lakeKmsKeyArn: args.lakeKmsKeyArn,
            job: {
                glueVersion: args.etlJob?.glueVersion ?? GlueVersion.V5,
                workerType: args.etlJob?.workerType ?? GlueWorkerType.G1X,
                numberOfWorkers: args.etlJob?.numberOfWorkers ?? 2,
                timeoutMinutes: args.etlJob?.timeoutMinutes ?? 120,
                maxRetries: args.etlJob?.maxRetries ?? 0,
                scriptKey: args.etlJob?.scriptKey ?? `${GLUE_ARTIFACTS_PREFIX}scripts/raw_to_processed.py`,
            },
            crawlerSchedule: args.crawlerSchedule,
            connectionName: connection?.name,
            databases: catalog.databases,
            tags,
            // A scheduled crawler must not start before its role can read the buckets and create tables.
            dependsOn: [gluePolicy, ...glueGrants, ...registrations],
        });

        this.rawBucketName = buckets[LakeLayer.Raw].bucketName;
        this.rawBucketArn = buckets[LakeLayer.Raw].bucketArn;
        this.processedBucketName = buckets[LakeLayer.Processed].bucketName;
        this.processedBucketArn = buckets[LakeLayer.Processed].bucketArn;
        this.analyticsBucketName = buckets[LakeLayer.Analytics].bucketName;
        this.analyticsBucketArn = buckets[LakeLayer.Analytics].bucketArn;
        this.accessLogBucketName = logBucket.bucketName;
        this.accessLogBucketArn = logBucket.bucketArn;
        this.rawDatabaseName = catalog.databases[LakeLayer.Raw].name;
        this.processedDatabaseName = catalog.databases[LakeLayer.Processed].name;
        this.analyticsDatabaseName = catalog.databases[LakeLayer.Analytics].name;
        this.securityConfigurationName = processing.securityConfiguration.name;
        this.etlJobName = processing.job.name;
        this.etlScriptLocation = processing.scriptLocation;
        this.crawlerNames = pulumi.all(processing.crawlers.map((c) => c.name));
        this.layerTagKey = governance.layerTag.key;
        this.classificationTagKey = governance.classificationTag.key;
        this.glueRoleArn = glueRole.arn;
        this.registrationRoleArn = registrationRole.arn;
        this.registerOutputs({
            rawBucketName: this.rawBucketName,
            rawBucketArn: this.rawBucketArn,
            processedBucketName: this.processedBucketName,
            processedBucketArn: this.processedBucketArn,
            analyticsBucketName: this.analyticsBucketName,
            analyticsBucketArn: this.analyticsBucketArn,
            accessLogBucketName: this.accessLogBucketName,
            accessLogBucketArn: this.accessLogBucketArn,
            rawDatabaseName: this.rawDatabaseName,
            processedDatabaseName: this.processedDatabaseName,
            analyticsDatabaseName: this.analyticsDatabaseName,
            securityConfigurationName: this.securityConfigurationName,
            etlJobName: this.etlJobName,
            etlScriptLocation: this.etlScriptLocation,
            crawlerNames: this.crawlerNames,
            layerTagKey: this.layerTagKey,
            classificationTagKey: this.classificationTagKey,
            glueRoleArn: this.glueRoleArn,
            registrationRoleArn: this.registrationRoleArn,
        });
    }
}

function toBucketLifecycle(lc: LakeLifecycleArgs): BucketLifecycleArgs {
    return {
        transitionToInfrequentAccessDays: lc.transitionToInfrequentAccessDays,
        transitionToGlacierDays: lc.transitionToGlacierDays,
        noncurrentVersionExpirationDays: lc.noncurrentVersionExpirationDays,
        expirationDays: lc.expirationDays,
    };
}

/** Resolves each persona's defaults into a tag grant. */
function personaGrants(personas: LakePersonaGrantArgs[], classificationValues: string[], layers: GlueLayer[]): TagGrant[] {
    const seen: { [persona: string]: number } = {};
    return personas.map((p) => {
        const defaults = PERSONA_DEFAULTS[p.persona];
        const n = (seen[p.persona] = (seen[p.persona] ?? 0) + 1);
        const grantLayers = p.layers ?? defaults.layers;
        const databasePermissions = p.databasePermissions ?? defaults.databasePermissions;
        return {
            id: n === 1 ? p.persona : `${p.persona}-${n}`,
            principalArn: p.roleArn,
            layers: grantLayers,
            classifications: p.classifications ?? defaultPersonaClassifications(p.persona, classificationValues),
            databasePermissions,
            tablePermissions: p.tablePermissions ?? defaults.tablePermissions,
            dataLocationArns: databasePermissions.includes(LakeDatabasePermission.CreateTable)
                ? layers.filter((l) => grantLayers.includes(l.layer as LakeLayer)).map((l) => ({ layer: l.layer, arn: l.bucketArn }))
                : [],
        };
    });
}
