import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import {
    GlueVersion,
    GlueWorkerType,
    GovernedDataLake,
    GovernedDataLakeArgs,
    LakeDatabasePermission,
    LakeLayer,
    LakePersona,
    LakeTablePermission,
} from "../../components/datalake";
import { mocks, settle, statement, statements, useMocks, valueOf } from "../helpers/pulumi";
import { assertDeniesInsecureTransport } from "../helpers/fixtures";

const LAKE_KEY = "arn:aws:kms:us-east-1:111122223333:key/11111111-2222-4333-a444-555555555555";
const LOGS_KEY = "arn:aws:kms:us-east-1:111122223333:key/66666666-7777-4888-a999-000000000000";
const ADMIN = "arn:aws:iam::111122223333:role/lake-admin";
const DEPLOYER = "arn:aws:iam::111122223333:role/platform-deployer";
const ACCOUNT = "111122223333";
const LAYERS = ["raw", "processed", "analytics"];

const T = {
    bucket: "aws:s3/bucket:Bucket",
    sse: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    versioning: "aws:s3/bucketVersioning:BucketVersioning",
    pab: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    ownership: "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
    policy: "aws:s3/bucketPolicy:BucketPolicy",
    logging: "aws:s3/bucketLogging:BucketLogging",
    lifecycle: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    database: "aws:glue/catalogDatabase:CatalogDatabase",
    catalogEncryption: "aws:glue/dataCatalogEncryptionSettings:DataCatalogEncryptionSettings",
    securityConfiguration: "aws:glue/securityConfiguration:SecurityConfiguration",
    crawler: "aws:glue/crawler:Crawler",
    job: "aws:glue/job:Job",
    connection: "aws:glue/connection:Connection",
    settings: "aws:lakeformation/dataLakeSettings:DataLakeSettings",
    lfTag: "aws:lakeformation/lfTag:LfTag",
    resourceLfTags: "aws:lakeformation/resourceLfTags:ResourceLfTags",
    location: "aws:lakeformation/resource:Resource",
    permissions: "aws:lakeformation/permissions:Permissions",
};

function baseArgs(extra: Partial<GovernedDataLakeArgs> = {}): GovernedDataLakeArgs {
    return { lakeKmsKeyArn: LAKE_KEY, logsKmsKeyArn: LOGS_KEY, lakeAdminArns: [ADMIN], ...extra };
}

interface RecordedOptions {
    type: string;
    name: string;
    protect?: boolean;
    retainOnDelete?: boolean;
    dependsOn: pulumi.Resource[];
}

/** Builds a lake and records each child's resource options (the mocks don't see options). */
async function build(extra: Partial<GovernedDataLakeArgs> = {}) {
    const options: RecordedOptions[] = [];
    const record: pulumi.ResourceTransformation = (a) => {
        const dependsOn = a.opts.dependsOn;
        options.push({
            type: a.type,
            name: a.name,
            protect: a.opts.protect,
            retainOnDelete: a.opts.retainOnDelete,
            dependsOn: Array.isArray(dependsOn) ? (dependsOn as pulumi.Resource[]) : dependsOn ? [dependsOn as pulumi.Resource] : [],
        });
        return undefined;
    };
    const lake = new GovernedDataLake("lake", baseArgs(extra), { transformations: [record] });
    await settle();
    return { lake, options };
}

const bucketOut = (name: string) => mocks.get(T.bucket, name).outputs;
const layerBucketName = (layer: string) => `lake-${layer}`;

describe("GovernedDataLake", () => {
    // Most properties are read off one build with default arguments: a build registers ~70 resources.
    describe("with default arguments", () => {
        let defaults: Awaited<ReturnType<typeof build>>;
        before(async () => {
            useMocks();
            defaults = await build();
        });

        describe("buckets", () => {
            it("encrypts each layer with the lake key and a bucket key, versions it, blocks public access and enforces bucket-owner ownership", () => {
                for (const layer of LAYERS) {
                    const name = layerBucketName(layer);
                    const sse = mocks.get(T.sse, `${name}-encryption`).inputs;
                    assert.strictEqual(sse.bucket, bucketOut(name).bucket);
                    assert.deepStrictEqual(sse.rules, [
                        { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: LAKE_KEY }, bucketKeyEnabled: true },
                    ]);
                    assert.strictEqual(mocks.get(T.versioning, `${name}-versioning`).inputs.versioningConfiguration.status, "Enabled");
                    const pab = mocks.get(T.pab, `${name}-public-access`).inputs;
                    for (const flag of ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"]) {
                        assert.strictEqual(pab[flag], true, `${layer}: ${flag}`);
                    }
                    assert.strictEqual(mocks.get(T.ownership, `${name}-ownership`).inputs.rule.objectOwnership, "BucketOwnerEnforced");
                    assert.strictEqual(mocks.get(T.bucket, name).inputs.forceDestroy, false);
                }
            });

            it("encrypts the access-log bucket with the logs key and a bucket key, versioned, private and owner-enforced", () => {
                const sse = mocks.get(T.sse, "lake-access-logs-encryption").inputs;
                assert.deepStrictEqual(sse.rules, [
                    { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: LOGS_KEY }, bucketKeyEnabled: true },
                ]);
                assert.strictEqual(mocks.get(T.versioning, "lake-access-logs-versioning").inputs.versioningConfiguration.status, "Enabled");
                const pab = mocks.get(T.pab, "lake-access-logs-public-access").inputs;
                assert.ok(pab.blockPublicAcls && pab.blockPublicPolicy && pab.ignorePublicAcls && pab.restrictPublicBuckets);
                assert.strictEqual(mocks.get(T.ownership, "lake-access-logs-ownership").inputs.rule.objectOwnership, "BucketOwnerEnforced");
            });

            it("denies non-TLS requests and uploads not encrypted with the lake key on every layer, and allows nothing by policy", () => {
                for (const layer of LAYERS) {
                    const name = layerBucketName(layer);
                    const arn = bucketOut(name).arn;
                    const stmts = statements(mocks.get(T.policy, `${name}-policy`));
                    assertDeniesInsecureTransport(stmts, arn);
                    const kms = statement(stmts, "DenyUploadsWithAnotherKmsKey");
                    assert.strictEqual(kms.Effect, "Deny");
                    assert.strictEqual(kms.Principal, "*");
                    assert.strictEqual(kms.Action, "s3:PutObject");
                    assert.strictEqual(kms.Resource, `${arn}/*`);
                    assert.deepStrictEqual(kms.Condition.StringNotEquals, { "s3:x-amz-server-side-encryption-aws-kms-key-id": LAKE_KEY });
                    assert.strictEqual(statement(stmts, "DenyUploadsWithAnotherEncryption").Effect, "Deny");
                    assert.strictEqual(statement(stmts, "DenyKmsUploadsWithoutKeyId").Effect, "Deny");
                    assert.ok(!stmts.some((s: any) => s.Sid === "DenyObjectAccessOutsideVpcEndpoints"), "no endpoint restriction unless asked");
                    assert.ok(
                        stmts.every((s: any) => s.Effect === "Deny"),
                        `${layer}: access is granted by Lake Formation, never by the bucket policy`,
                    );
                }
            });

            it("lets only S3 server access logging for the layer buckets write the access-log bucket, with no key-only deny there", () => {
                const logArn = bucketOut("lake-access-logs").arn;
                const stmts = statements(mocks.get(T.policy, "lake-access-logs-policy"));
                const tls = statement(stmts, "DenyInsecureTransport");
                assert.deepStrictEqual(tls.Condition, { Bool: { "aws:SecureTransport": "false" } });
                assert.deepStrictEqual(tls.Resource, [logArn, `${logArn}/*`]);
                assert.deepStrictEqual(
                    stmts.filter((s: any) => s.Action === "s3:PutObject" && s.Effect === "Deny"),
                    [],
                    "log delivery sends no key id, so no upload deny may apply",
                );
                // One grant per layer bucket, each on its own prefix and for its own ARN.
                const allows = stmts.filter((s: any) => s.Effect === "Allow");
                assert.deepStrictEqual(
                    allows.map((s: any) => s.Sid),
                    ["AllowLoggingS3Delivery", "AllowLoggingS32Delivery", "AllowLoggingS33Delivery"],
                );
                LAYERS.forEach((l, i) => {
                    const delivery = allows[i];
                    assert.deepStrictEqual(delivery.Principal, { Service: "logging.s3.amazonaws.com" });
                    assert.strictEqual(delivery.Action, "s3:PutObject");
                    assert.strictEqual(delivery.Resource, `${logArn}/s3-access-logs/${l}/*`);
                    assert.deepStrictEqual(delivery.Condition.StringEquals, { "aws:SourceAccount": [ACCOUNT] });
                    assert.deepStrictEqual(delivery.Condition.ArnLike["aws:SourceArn"], [bucketOut(layerBucketName(l)).arn]);
                });
            });

            it("logs every layer to the access-log bucket under its own prefix, and the log bucket not to itself", () => {
                const logName = bucketOut("lake-access-logs").bucket;
                for (const layer of LAYERS) {
                    const name = layerBucketName(layer);
                    const logging = mocks.get(T.logging, `${name}-logging`).inputs;
                    assert.strictEqual(logging.bucket, bucketOut(name).bucket);
                    assert.strictEqual(logging.targetBucket, logName);
                    assert.strictEqual(logging.targetPrefix, `s3-access-logs/${layer}/`);
                }
                assert.ok(!mocks.ofType(T.logging).some((r) => r.inputs.bucket === logName));
            });

            it("applies per-layer lifecycle rules: raw to STANDARD_IA then GLACIER, processed to STANDARD_IA, noncurrent versions expire", () => {
                const rule = (name: string) => mocks.get(T.lifecycle, `${name}-lifecycle`).inputs.rules[0];
                const raw = rule("lake-raw");
                assert.strictEqual(raw.status, "Enabled");
                assert.deepStrictEqual(raw.transitions, [
                    { days: 30, storageClass: "STANDARD_IA" },
                    { days: 180, storageClass: "GLACIER" },
                ]);
                assert.deepStrictEqual(raw.noncurrentVersionExpiration, { noncurrentDays: 365 });
                assert.ok(!("expiration" in raw), "raw data is kept until someone decides otherwise");
                assert.deepStrictEqual(rule("lake-processed").transitions, [{ days: 90, storageClass: "STANDARD_IA" }]);
                assert.ok(!("transitions" in rule("lake-analytics")), "analytics stays hot");
                assert.deepStrictEqual(rule("lake-analytics").noncurrentVersionExpiration, { noncurrentDays: 365 });
                assert.deepStrictEqual(rule("lake-access-logs").transitions, [
                    { days: 90, storageClass: "STANDARD_IA" },
                    { days: 365, storageClass: "GLACIER" },
                ]);
            });
        });

        describe("protection", () => {
            it("protects and retains buckets and catalog databases by default", () => {
                const data = defaults.options.filter((o) => o.type === T.bucket || o.type === T.database);
                assert.strictEqual(data.length, 7);
                for (const o of data) {
                    assert.strictEqual(o.protect, true, `${o.name} protect`);
                    assert.strictEqual(o.retainOnDelete, true, `${o.name} retainOnDelete`);
                }
            });
        });

        describe("Glue", () => {
            it("encrypts the Data Catalog and connection passwords with the lake key", () => {
                const [settings] = mocks.ofType(T.catalogEncryption);
                assert.deepStrictEqual(settings.inputs.dataCatalogEncryptionSettings, {
                    encryptionAtRest: { catalogEncryptionMode: "SSE-KMS", sseAwsKmsKeyId: LAKE_KEY },
                    connectionPasswordEncryption: { awsKmsKeyId: LAKE_KEY, returnConnectionPasswordEncrypted: true },
                });
            });

            it("creates one security configuration encrypting S3, CloudWatch Logs and job bookmarks with the lake key", () => {
                const configs = mocks.ofType(T.securityConfiguration);
                assert.strictEqual(configs.length, 1);
                assert.deepStrictEqual(configs[0].inputs.encryptionConfiguration, {
                    s3Encryption: { s3EncryptionMode: "SSE-KMS", kmsKeyArn: LAKE_KEY },
                    cloudwatchEncryption: { cloudwatchEncryptionMode: "SSE-KMS", kmsKeyArn: LAKE_KEY },
                    jobBookmarksEncryption: { jobBookmarksEncryptionMode: "CSE-KMS", kmsKeyArn: LAKE_KEY },
                });
            });

            it("creates a database per layer located on its bucket, created after the catalog encryption and the Lake Formation settings", async () => {
                const { options } = defaults;
                for (const layer of LAYERS) {
                    const db = mocks.get(T.database, `lake-${layer}-db`).inputs;
                    assert.strictEqual(db.name, `lake_${layer}`);
                    assert.strictEqual(db.locationUri, `s3://${bucketOut(layerBucketName(layer)).bucket}/`);
                    assert.ok(!("createTableDefaultPermissions" in db), "table defaults come from the LF settings, which grant nothing");
                    const deps = options.find((o) => o.type === T.database && o.name === `lake-${layer}-db`)!.dependsOn;
                    const depNames = await Promise.all(deps.map((d) => valueOf(d.urn)));
                    assert.ok(
                        depNames.some((u) => u.endsWith("lake-lake-settings")),
                        `${layer} db waits for the LF settings`,
                    );
                    assert.ok(
                        depNames.some((u) => u.endsWith("lake-catalog-encryption")),
                        `${layer} db waits for catalog encryption`,
                    );
                }
            });

            it("runs every crawler and the ETL job under the one security configuration", () => {
                const configName = mocks.ofType(T.securityConfiguration)[0].outputs.name;
                const roleArn = mocks.get(T.role, "lake-glue").outputs.arn;
                const crawlers = mocks.ofType(T.crawler);
                assert.deepStrictEqual(crawlers.map((c) => c.name).sort(), LAYERS.map((l) => `lake-${l}-crawler`).sort());
                for (const c of crawlers) {
                    assert.strictEqual(c.inputs.securityConfiguration, configName, c.name);
                    assert.strictEqual(c.inputs.role, roleArn);
                }
                const jobs = mocks.ofType(T.job);
                assert.strictEqual(jobs.length, 1);
                assert.strictEqual(jobs[0].inputs.securityConfiguration, configName);
            });

            it("points each crawler at its layer's bucket and database, never deletes tables, and skips Glue artifacts", () => {
                for (const layer of LAYERS) {
                    const c = mocks.get(T.crawler, `lake-${layer}-crawler`).inputs;
                    assert.strictEqual(c.databaseName, `lake_${layer}`);
                    assert.strictEqual(c.s3Targets[0].path, `s3://${bucketOut(layerBucketName(layer)).bucket}/`);
                    assert.ok(!("connectionName" in c.s3Targets[0]));
                    assert.deepStrictEqual(c.schemaChangePolicy, { updateBehavior: "UPDATE_IN_DATABASE", deleteBehavior: "LOG" });
                    assert.ok(!("schedule" in c), "crawlers run on demand by default");
                }
                assert.deepStrictEqual(mocks.get(T.crawler, "lake-processed-crawler").inputs.s3Targets[0].exclusions, ["_glue/**"]);
                assert.ok(!("exclusions" in mocks.get(T.crawler, "lake-raw-crawler").inputs.s3Targets[0]));
            });

            it("defines the raw → processed Spark job with bookmarks, metrics and continuous logging", async () => {
                const { lake } = defaults;
                const processed = bucketOut("lake-processed").bucket;
                const job = mocks.get(T.job, "lake-raw-to-processed").inputs;
                assert.deepStrictEqual(job.command, {
                    name: "glueetl",
                    pythonVersion: "3",
                    scriptLocation: `s3://${processed}/_glue/scripts/raw_to_processed.py`,
                });
                assert.strictEqual(job.glueVersion, "5.0");
                assert.strictEqual(job.workerType, "G.1X");
                assert.strictEqual(job.numberOfWorkers, 2);
                assert.strictEqual(job.timeout, 120);
                assert.strictEqual(job.maxRetries, 0);
                assert.strictEqual(job.roleArn, mocks.get(T.role, "lake-glue").outputs.arn);
                assert.ok(!("connections" in job), "no connection unless glueNetwork is set");
                const a = job.defaultArguments;
                assert.strictEqual(a["--job-bookmark-option"], "job-bookmark-enable");
                assert.strictEqual(a["--enable-metrics"], "true");
                assert.strictEqual(a["--enable-continuous-cloudwatch-log"], "true");
                assert.strictEqual(a["--TempDir"], `s3://${processed}/_glue/temp/`);
                assert.strictEqual(a["--source_database"], "lake_raw");
                assert.strictEqual(a["--target_database"], "lake_processed");
                assert.strictEqual(await valueOf(lake.etlScriptLocation), job.command.scriptLocation);
            });

            it("trusts only Glue acting for this account", () => {
                const trust = statements(mocks.get(T.role, "lake-glue"), "assumeRolePolicy");
                assert.strictEqual(trust.length, 1);
                const s = statement(trust, "GlueAssumeRole");
                assert.strictEqual(s.Effect, "Allow");
                assert.deepStrictEqual(s.Principal, { Service: "glue.amazonaws.com" });
                assert.strictEqual(s.Action, "sts:AssumeRole");
                assert.deepStrictEqual(s.Condition, { StringEquals: { "aws:SourceAccount": ACCOUNT } });
            });

            it("gives the Glue role read on every layer, write on processed only, the lake catalog, Glue logs and the key via S3 and Glue", () => {
                const stmts = statements(mocks.get(T.rolePolicy, "lake-glue"));
                const arn = (l: string) => bucketOut(layerBucketName(l)).arn;
                assert.deepStrictEqual(statement(stmts, "ListLakeBuckets").Resource, LAYERS.map(arn));
                const read = statement(stmts, "ReadLakeObjects");
                assert.strictEqual(read.Action, "s3:GetObject");
                assert.deepStrictEqual(
                    read.Resource,
                    LAYERS.map((l) => `${arn(l)}/*`),
                );
                const write = statement(stmts, "WriteProcessedLayer");
                assert.deepStrictEqual(write.Action, ["s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"]);
                assert.strictEqual(write.Resource, `${arn("processed")}/*`);
                const writers = stmts.filter((s: any) => [].concat(s.Action).some((a: string) => a === "s3:PutObject" || a === "s3:DeleteObject"));
                assert.deepStrictEqual(
                    writers.map((s: any) => s.Sid),
                    ["WriteProcessedLayer"],
                    "raw and analytics are never written by Glue",
                );
                const catalog = statement(stmts, "ReadWriteLakeCatalog");
                assert.ok(catalog.Resource.includes("arn:aws:glue:us-east-1:111122223333:catalog"));
                for (const l of LAYERS) {
                    assert.ok(catalog.Resource.includes(`arn:aws:glue:us-east-1:111122223333:database/lake_${l}`));
                    assert.ok(catalog.Resource.includes(`arn:aws:glue:us-east-1:111122223333:table/lake_${l}/*`));
                }
                assert.ok(!catalog.Action.some((a: string) => a.startsWith("glue:Delete")), "crawlers log deletions instead of dropping tables");
                const logs = statement(stmts, "WriteGlueLogs");
                assert.deepStrictEqual(logs.Resource, [
                    "arn:aws:logs:us-east-1:111122223333:log-group:/aws-glue/*",
                    "arn:aws:logs:us-east-1:111122223333:log-group:/aws-glue/*:log-stream:*",
                ]);
                assert.ok(logs.Action.includes("logs:AssociateKmsKey"));
                const kms = statement(stmts, "UseLakeKeyThroughS3AndGlue");
                assert.strictEqual(kms.Resource, LAKE_KEY);
                assert.deepStrictEqual(kms.Condition, { StringEquals: { "kms:ViaService": ["s3.us-east-1.amazonaws.com", "glue.us-east-1.amazonaws.com"] } });
                const bookmarks = statement(stmts, "EncryptJobBookmarks");
                assert.strictEqual(bookmarks.Resource, LAKE_KEY);
                assert.deepStrictEqual(bookmarks.Action, ["kms:Encrypt", "kms:Decrypt"]);
                assert.deepStrictEqual(statement(stmts, "PublishGlueMetrics").Condition, { StringEquals: { "cloudwatch:namespace": "Glue" } });
                for (const s of stmts) {
                    assert.ok(
                        !(s.Resource === "*" && [].concat(s.Action).some((a: string) => a.startsWith("s3:") || a.startsWith("kms:"))),
                        `${s.Sid}: no S3 or KMS on *`,
                    );
                }
                assert.ok(!stmts.some((s: any) => [].concat(s.Action).some((a: string) => a.startsWith("ec2:"))), "no ENI permissions without glueNetwork");
            });
        });

        describe("Lake Formation", () => {
            it("sets explicit admins (the deployer and the given ones) and grants IAMAllowedPrincipals nothing by default", () => {
                const [settings] = mocks.ofType(T.settings);
                assert.deepStrictEqual(settings.inputs.admins, [DEPLOYER, ADMIN]);
                assert.deepStrictEqual(settings.inputs.createDatabaseDefaultPermissions, []);
                assert.deepStrictEqual(settings.inputs.createTableDefaultPermissions, []);
                assert.ok(!JSON.stringify(settings.inputs).includes("IAM_ALLOWED_PRINCIPALS"));
            });

            it("registers each layer bucket with a dedicated registration role", () => {
                const roleArn = mocks.get(T.role, "lake-lf-registration").outputs.arn;
                for (const layer of LAYERS) {
                    const loc = mocks.get(T.location, `lake-${layer}-location`).inputs;
                    assert.strictEqual(loc.arn, bucketOut(layerBucketName(layer)).arn);
                    assert.strictEqual(loc.roleArn, roleArn);
                    assert.ok(!("useServiceLinkedRole" in loc));
                }
            });

            it("trusts Lake Formation and Glue for this account only, and scopes the registration role to the layers and the lake key via S3", () => {
                const trust = statements(mocks.get(T.role, "lake-lf-registration"), "assumeRolePolicy");
                const lf = statement(trust, "LakeFormationAssumeRole");
                assert.deepStrictEqual(lf.Principal, { Service: "lakeformation.amazonaws.com" });
                assert.deepStrictEqual(lf.Action, ["sts:AssumeRole", "sts:SetContext"]);
                assert.deepStrictEqual(lf.Condition, {
                    StringEquals: { "aws:SourceAccount": ACCOUNT },
                    ArnLike: { "aws:SourceArn": "arn:aws:lakeformation:us-east-1:111122223333:*" },
                });
                const glue = statement(trust, "GlueAssumeRole");
                assert.deepStrictEqual(glue.Principal, { Service: "glue.amazonaws.com" });
                assert.deepStrictEqual(glue.Condition, { StringEquals: { "aws:SourceAccount": ACCOUNT } });

                const stmts = statements(mocks.get(T.rolePolicy, "lake-lf-registration"));
                const arn = (l: string) => bucketOut(layerBucketName(l)).arn;
                assert.deepStrictEqual(statement(stmts, "ListLakeBuckets").Resource, LAYERS.map(arn));
                assert.deepStrictEqual(
                    statement(stmts, "ReadWriteLakeObjects").Resource,
                    LAYERS.map((l) => `${arn(l)}/*`),
                );
                const kms = statement(stmts, "UseLakeKeyThroughS3");
                assert.strictEqual(kms.Resource, LAKE_KEY);
                assert.deepStrictEqual(kms.Condition, { StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" } });
            });

            it("grants the Glue role by tags on every layer, with data-location access for its crawlers", () => {
                const roleArn = mocks.get(T.role, "lake-glue").outputs.arn;
                const db = mocks.get(T.permissions, "lake-glue-databases").inputs;
                assert.strictEqual(db.principal, roleArn);
                assert.deepStrictEqual(db.permissions, ["DESCRIBE", "CREATE_TABLE", "ALTER"]);
                assert.deepStrictEqual(db.lfTagPolicy, {
                    resourceType: "DATABASE",
                    expressions: [
                        { key: "layer", values: LAYERS },
                        { key: "classification", values: ["phi", "pci", "confidential", "internal"] },
                    ],
                });
                const tables = mocks.get(T.permissions, "lake-glue-tables").inputs;
                assert.strictEqual(tables.lfTagPolicy.resourceType, "TABLE");
                assert.ok(!tables.permissions.includes("DROP") && !tables.permissions.includes("ALL"));
                for (const layer of LAYERS) {
                    const loc = mocks.get(T.permissions, `lake-glue-${layer}-location`).inputs;
                    assert.deepStrictEqual(loc.permissions, ["DATA_LOCATION_ACCESS"]);
                    assert.deepStrictEqual(loc.dataLocation, { arn: bucketOut(layerBucketName(layer)).arn });
                }
            });
        });

        describe("outputs", () => {
            it("exposes bucket, database, Glue and LF-tag names", async () => {
                const { lake } = defaults;
                for (const layer of LAYERS) {
                    const key = layer as "raw" | "processed" | "analytics";
                    assert.strictEqual(await valueOf(lake[`${key}BucketName`]), bucketOut(layerBucketName(layer)).bucket);
                    assert.strictEqual(await valueOf(lake[`${key}BucketArn`]), bucketOut(layerBucketName(layer)).arn);
                    assert.strictEqual(await valueOf(lake[`${key}DatabaseName`]), `lake_${layer}`);
                }
                assert.strictEqual(await valueOf(lake.accessLogBucketName), bucketOut("lake-access-logs").bucket);
                assert.strictEqual(await valueOf(lake.accessLogBucketArn), bucketOut("lake-access-logs").arn);
                assert.strictEqual(await valueOf(lake.securityConfigurationName), mocks.ofType(T.securityConfiguration)[0].outputs.name);
                assert.strictEqual(await valueOf(lake.etlJobName), mocks.get(T.job, "lake-raw-to-processed").outputs.name);
                assert.deepStrictEqual(
                    await valueOf(lake.crawlerNames),
                    LAYERS.map((l) => mocks.get(T.crawler, `lake-${l}-crawler`).outputs.name),
                );
                assert.strictEqual(await valueOf(lake.layerTagKey), "layer");
                assert.strictEqual(await valueOf(lake.classificationTagKey), "classification");
                assert.strictEqual(await valueOf(lake.glueRoleArn), mocks.get(T.role, "lake-glue").outputs.arn);
                assert.strictEqual(await valueOf(lake.registrationRoleArn), mocks.get(T.role, "lake-lf-registration").outputs.arn);
            });
        });
    });

    describe("with arguments", () => {
        beforeEach(() => useMocks());

        describe("buckets", () => {
            it("lets force-destroy through only when asked", async () => {
                await build({ allowForceDestroy: true });
                for (const name of [...LAYERS.map(layerBucketName), "lake-access-logs"]) {
                    assert.strictEqual(mocks.get(T.bucket, name).inputs.forceDestroy, true, name);
                }
            });

            it("restricts object access to the VPC endpoint, exempting AWS services, the registration role and the Glue role", async () => {
                await build({ vpcEndpointId: "vpce-0123456789abcdef0", vpcEndpointExemptPrincipalArns: ["arn:aws:iam::111122223333:role/break-glass"] });
                const glueRoleArn = mocks.get(T.role, "lake-glue").outputs.arn;
                const registrationRoleArn = mocks.get(T.role, "lake-lf-registration").outputs.arn;
                for (const layer of LAYERS) {
                    const name = layerBucketName(layer);
                    const arn = bucketOut(name).arn;
                    const vpce = statement(statements(mocks.get(T.policy, `${name}-policy`)), "DenyObjectAccessOutsideVpcEndpoints");
                    assert.strictEqual(vpce.Effect, "Deny");
                    assert.strictEqual(vpce.Principal, "*");
                    assert.strictEqual(vpce.Resource, `${arn}/*`);
                    assert.deepStrictEqual(vpce.Condition.StringNotEquals, { "aws:SourceVpce": ["vpce-0123456789abcdef0"] });
                    assert.deepStrictEqual(vpce.Condition.BoolIfExists, { "aws:ViaAWSService": "false", "aws:PrincipalIsAWSService": "false" });
                    assert.deepStrictEqual(vpce.Condition.ArnNotLike, {
                        "aws:PrincipalArn": [registrationRoleArn, glueRoleArn, "arn:aws:iam::111122223333:role/break-glass"],
                    });
                }
                // The log bucket receives deliveries from S3 itself, never through a VPC endpoint.
                const logStmts = statements(mocks.get(T.policy, "lake-access-logs-policy"));
                assert.ok(!logStmts.some((s: any) => s.Sid === "DenyObjectAccessOutsideVpcEndpoints"));
            });

            it("takes per-layer lifecycle overrides and keeps the other defaults", async () => {
                await build({
                    layers: { raw: { lifecycle: { transitionToGlacierDays: 400, expirationDays: 2555, noncurrentVersionExpirationDays: 30 } } },
                    accessLogLifecycle: { expirationDays: 2190 },
                });
                const raw = mocks.get(T.lifecycle, "lake-raw-lifecycle").inputs.rules[0];
                assert.deepStrictEqual(raw.transitions, [
                    { days: 30, storageClass: "STANDARD_IA" },
                    { days: 400, storageClass: "GLACIER" },
                ]);
                assert.deepStrictEqual(raw.expiration, { days: 2555 });
                assert.deepStrictEqual(raw.noncurrentVersionExpiration, { noncurrentDays: 30 });
                assert.deepStrictEqual(mocks.get(T.lifecycle, "lake-access-logs-lifecycle").inputs.rules[0].expiration, { days: 2190 });
            });

            it("tags layer buckets with their layer and classification, defaulting to the most sensitive class", async () => {
                await build({ tags: { team: "platform" }, layers: { analytics: { classification: "internal" } } });
                assert.deepStrictEqual(mocks.get(T.bucket, "lake-raw").inputs.tags, { team: "platform", "lake-layer": "raw", "data-classification": "phi" });
                assert.deepStrictEqual(mocks.get(T.bucket, "lake-analytics").inputs.tags, {
                    team: "platform",
                    "lake-layer": "analytics",
                    "data-classification": "internal",
                });
                assert.deepStrictEqual(mocks.get(T.bucket, "lake-access-logs").inputs.tags, {
                    team: "platform",
                    "lake-layer": "access-logs",
                    "data-classification": "phi",
                });
                assert.strictEqual(mocks.get(T.role, "lake-glue").inputs.tags.team, "platform");
                assert.strictEqual(mocks.get(T.job, "lake-raw-to-processed").inputs.tags.team, "platform");
                assert.strictEqual(mocks.get(T.crawler, "lake-raw-crawler").inputs.tags["lake-layer"], "raw");
            });
        });

        describe("protection", () => {
            it("drops protection only when protect is false", async () => {
                const { options } = await build({ protect: false });
                const data = options.filter((o) => o.type === T.bucket || o.type === T.database);
                assert.strictEqual(data.length, 7);
                for (const o of data) {
                    assert.strictEqual(o.protect, false, `${o.name} protect`);
                    assert.strictEqual(o.retainOnDelete, false, `${o.name} retainOnDelete`);
                }
            });
        });

        describe("Glue", () => {
            it("runs Glue inside the VPC through a NETWORK connection when glueNetwork is set, and then doesn't exempt the Glue role", async () => {
                await build({
                    vpcEndpointId: "vpce-0123456789abcdef0",
                    glueNetwork: { subnetId: "subnet-0abc", availabilityZone: "us-east-1a", securityGroupIds: ["sg-0def"] },
                });
                const [connection] = mocks.ofType(T.connection);
                assert.strictEqual(connection.inputs.connectionType, "NETWORK");
                assert.deepStrictEqual(connection.inputs.physicalConnectionRequirements, {
                    subnetId: "subnet-0abc",
                    availabilityZone: "us-east-1a",
                    securityGroupIdLists: ["sg-0def"],
                });
                const connectionName = connection.outputs.name;
                assert.deepStrictEqual(mocks.get(T.job, "lake-raw-to-processed").inputs.connections, [connectionName]);
                for (const c of mocks.ofType(T.crawler)) {
                    assert.strictEqual(c.inputs.s3Targets[0].connectionName, connectionName, c.name);
                }
                const glueRoleArn = mocks.get(T.role, "lake-glue").outputs.arn;
                const registrationRoleArn = mocks.get(T.role, "lake-lf-registration").outputs.arn;
                const vpce = statement(statements(mocks.get(T.policy, "lake-raw-policy")), "DenyObjectAccessOutsideVpcEndpoints");
                assert.deepStrictEqual(vpce.Condition.ArnNotLike, { "aws:PrincipalArn": [registrationRoleArn] });
                assert.ok(!vpce.Condition.ArnNotLike["aws:PrincipalArn"].includes(glueRoleArn));
                const stmts = statements(mocks.get(T.rolePolicy, "lake-glue"));
                assert.deepStrictEqual(statement(stmts, "CreateGlueNetworkInterfaces").Resource, [
                    "arn:aws:ec2:us-east-1:111122223333:network-interface/*",
                    "arn:aws:ec2:us-east-1:111122223333:subnet/subnet-0abc",
                    "arn:aws:ec2:us-east-1:111122223333:security-group/sg-0def",
                ]);
                assert.ok(statement(stmts, "ReadGlueConnection").Resource.includes(`arn:aws:glue:us-east-1:111122223333:connection/${connectionName}`));
            });

            it("schedules the crawlers when asked", async () => {
                await build({ crawlerSchedule: "cron(0 2 * * ? *)" });
                for (const c of mocks.ofType(T.crawler)) {
                    assert.strictEqual(c.inputs.schedule, "cron(0 2 * * ? *)", c.name);
                }
            });

            it("takes the job's version, workers, timeout, retries and script key from args", async () => {
                await build({
                    etlJob: {
                        glueVersion: GlueVersion.V4,
                        workerType: GlueWorkerType.G2X,
                        numberOfWorkers: 10,
                        timeoutMinutes: 30,
                        maxRetries: 1,
                        scriptKey: "_glue/scripts/etl/clean.py",
                    },
                });
                const job = mocks.get(T.job, "lake-raw-to-processed").inputs;
                assert.strictEqual(job.glueVersion, "4.0");
                assert.strictEqual(job.workerType, "G.2X");
                assert.strictEqual(job.numberOfWorkers, 10);
                assert.strictEqual(job.timeout, 30);
                assert.strictEqual(job.maxRetries, 1);
                assert.strictEqual(job.command.scriptLocation, `s3://${bucketOut("lake-processed").bucket}/_glue/scripts/etl/clean.py`);
            });
        });

        describe("Lake Formation", () => {
            it("widens no bucket policy for personas", async () => {
                await build({ personas: [{ persona: LakePersona.DataEngineer, roleArn: "arn:aws:iam::111122223333:role/data-engineer" }] });
                for (const layer of LAYERS) {
                    const stmts = statements(mocks.get(T.policy, `lake-${layer}-policy`));
                    assert.ok(
                        stmts.every((s: any) => s.Effect === "Deny"),
                        layer,
                    );
                    assert.ok(!JSON.stringify(stmts).includes("data-engineer"));
                }
            });

            it("leaves the deployer out of the admins when told to", async () => {
                await build({ includeDeployerAsLakeAdmin: false });
                assert.deepStrictEqual(mocks.ofType(T.settings)[0].inputs.admins, [ADMIN]);
            });

            it("defines layer and classification LF-tags and tags each database with its layer and classification", async () => {
                const { lake } = await build({ layers: { processed: { classification: "confidential" } } });
                assert.deepStrictEqual(mocks.get(T.lfTag, "lake-layer-tag").inputs, { key: "layer", values: LAYERS });
                assert.deepStrictEqual(mocks.get(T.lfTag, "lake-classification-tag").inputs, {
                    key: "classification",
                    values: ["phi", "pci", "confidential", "internal"],
                });
                const expected: { [layer: string]: string } = { raw: "phi", processed: "confidential", analytics: "phi" };
                for (const layer of LAYERS) {
                    const t = mocks.get(T.resourceLfTags, `lake-${layer}-lf-tags`).inputs;
                    assert.deepStrictEqual(t.database, { name: `lake_${layer}` });
                    assert.deepStrictEqual(t.lfTags, [
                        { key: "layer", value: layer },
                        { key: "classification", value: expected[layer] },
                    ]);
                }
                assert.strictEqual(await valueOf(lake.layerTagKey), "layer");
                assert.strictEqual(await valueOf(lake.classificationTagKey), "classification");
            });

            it("uses configured tag keys and classification values", async () => {
                await build({
                    layerTagKey: "lake_layer",
                    classificationTagKey: "sensitivity",
                    classificationValues: ["restricted", "public"],
                });
                assert.deepStrictEqual(mocks.get(T.lfTag, "lake-classification-tag").inputs, { key: "sensitivity", values: ["restricted", "public"] });
                assert.deepStrictEqual(mocks.get(T.resourceLfTags, "lake-raw-lf-tags").inputs.lfTags, [
                    { key: "lake_layer", value: "raw" },
                    { key: "sensitivity", value: "restricted" },
                ]);
            });

            it("grants personas by LF-tag expressions with least-privilege defaults", async () => {
                const engineer = "arn:aws:iam::111122223333:role/data-engineer";
                const scientist = "arn:aws:iam::111122223333:role/data-scientist";
                const pipeline = "arn:aws:iam::111122223333:role/ml-pipeline";
                await build({
                    personas: [
                        { persona: LakePersona.DataEngineer, roleArn: engineer },
                        { persona: LakePersona.DataScientist, roleArn: scientist },
                        { persona: LakePersona.MlPipeline, roleArn: pipeline },
                    ],
                });
                const grant = (id: string) => mocks.get(T.permissions, `lake-${id}`).inputs;

                const sciTables = grant("data-scientist-tables");
                assert.strictEqual(sciTables.principal, scientist);
                assert.deepStrictEqual(sciTables.permissions, ["SELECT", "DESCRIBE"]);
                assert.deepStrictEqual(sciTables.lfTagPolicy, {
                    resourceType: "TABLE",
                    expressions: [
                        { key: "layer", values: ["processed", "analytics"] },
                        { key: "classification", values: ["confidential", "internal"] },
                    ],
                });
                assert.deepStrictEqual(grant("data-scientist-databases").permissions, ["DESCRIBE"]);
                assert.ok(!mocks.ofType(T.permissions).some((p) => p.name.startsWith("lake-data-scientist-") && p.name.endsWith("-location")));

                const pipeTables = grant("ml-pipeline-tables");
                assert.strictEqual(pipeTables.principal, pipeline);
                assert.deepStrictEqual(pipeTables.permissions, ["SELECT", "DESCRIBE"]);
                assert.deepStrictEqual(pipeTables.lfTagPolicy.expressions[0].values, ["processed", "analytics"]);

                const engDb = grant("data-engineer-databases");
                assert.strictEqual(engDb.principal, engineer);
                assert.ok(engDb.permissions.includes("CREATE_TABLE"));
                assert.deepStrictEqual(engDb.lfTagPolicy.expressions[0].values, LAYERS);
                for (const layer of LAYERS) {
                    const loc = grant(`data-engineer-${layer}-location`);
                    assert.strictEqual(loc.principal, engineer);
                    assert.deepStrictEqual(loc.permissions, ["DATA_LOCATION_ACCESS"]);
                }
                for (const p of mocks.ofType(T.permissions)) {
                    assert.ok(!p.inputs.permissions.includes("ALL"), `${p.name} grants ALL`);
                    assert.notStrictEqual(p.inputs.principal, "IAM_ALLOWED_PRINCIPALS");
                }
            });

            it("takes explicit persona layers, classifications and permissions, and names repeated personas apart", async () => {
                await build({
                    personas: [
                        { persona: LakePersona.DataScientist, roleArn: "arn:aws:iam::111122223333:role/sci-a" },
                        {
                            persona: LakePersona.DataScientist,
                            roleArn: "arn:aws:iam::111122223333:role/sci-phi",
                            layers: [LakeLayer.Analytics],
                            classifications: ["phi"],
                            databasePermissions: [LakeDatabasePermission.Describe],
                            tablePermissions: [LakeTablePermission.Select],
                        },
                    ],
                });
                const second = mocks.get(T.permissions, "lake-data-scientist-2-tables").inputs;
                assert.strictEqual(second.principal, "arn:aws:iam::111122223333:role/sci-phi");
                assert.deepStrictEqual(second.permissions, ["SELECT"]);
                assert.deepStrictEqual(second.lfTagPolicy.expressions, [
                    { key: "layer", values: ["analytics"] },
                    { key: "classification", values: ["phi"] },
                ]);
                assert.strictEqual(mocks.get(T.permissions, "lake-data-scientist-tables").inputs.principal, "arn:aws:iam::111122223333:role/sci-a");
            });
        });

        describe("outputs", () => {
            it("derives database names from a given prefix", async () => {
                await build({ databaseNamePrefix: "clinical" });
                assert.deepStrictEqual(
                    mocks.ofType(T.database).map((d) => d.inputs.name),
                    ["clinical_raw", "clinical_processed", "clinical_analytics"],
                );
            });
        });
    });
});
