/** Glue rules: Data Catalog encryption, security configurations, and the crawlers and jobs that use them. */
import type * as aws from "@pulumi/aws";
import * as assert from "assert";
import { glueCrawlerConfigureSecurityConfiguration } from "../../policies/rules/glue/Crawler/configureSecurityConfiguration";
import { glueDataCatalogEncryptionSettingsConfigureKmsEncryption } from "../../policies/rules/glue/DataCatalogEncryptionSettings/configureKmsEncryption";
import { glueJobConfigureSecurityConfiguration } from "../../policies/rules/glue/Job/configureSecurityConfiguration";
import { glueSecurityConfigurationConfigureKmsEncryption } from "../../policies/rules/glue/SecurityConfiguration/configureKmsEncryption";
import { glueSecurityConfigurationEnforceCompliantReferences } from "../../policies/rules/glue/SecurityConfiguration/enforceCompliantReferences";
import { TestResource, UNKNOWN, urnOf } from "./harness";
import { KEY_ARN, Props, ROLE_ARN, withValue, without } from "./sagemakerFixtures";
import { assertNotApplicable, assertOutcome, assertUnknown, assertViolations, check, checkStack } from "./sagemakerTesting";

const SECURITY_CONFIGURATION = "aws:glue/securityConfiguration:SecurityConfiguration";
const CRAWLER = "aws:glue/crawler:Crawler";
const JOB = "aws:glue/job:Job";
const CATALOG_ENCRYPTION = "aws:glue/dataCatalogEncryptionSettings:DataCatalogEncryptionSettings";
const DATABASE = "aws:glue/catalogDatabase:CatalogDatabase";

function securityConfigurationProps(name = "lake-sc"): Props<aws.glue.SecurityConfigurationArgs> {
    return {
        name,
        encryptionConfiguration: {
            s3Encryption: { s3EncryptionMode: "SSE-KMS", kmsKeyArn: KEY_ARN },
            cloudwatchEncryption: { cloudwatchEncryptionMode: "SSE-KMS", kmsKeyArn: KEY_ARN },
            jobBookmarksEncryption: { jobBookmarksEncryptionMode: "CSE-KMS", kmsKeyArn: KEY_ARN },
        },
    };
}

function crawlerProps(securityConfiguration = "lake-sc"): Props<aws.glue.CrawlerArgs> {
    return { databaseName: "raw", role: ROLE_ARN, s3Targets: [{ path: "s3://lake-raw/claims/" }], securityConfiguration };
}

function jobProps(securityConfiguration = "lake-sc"): Props<aws.glue.JobArgs> {
    return { roleArn: ROLE_ARN, command: { scriptLocation: "s3://lake-scripts/raw_to_processed.py" }, glueVersion: "4.0", securityConfiguration };
}

function catalogEncryptionProps(): Props<aws.glue.DataCatalogEncryptionSettingsArgs> {
    return {
        dataCatalogEncryptionSettings: {
            encryptionAtRest: { catalogEncryptionMode: "SSE-KMS", sseAwsKmsKeyId: KEY_ARN },
            connectionPasswordEncryption: { returnConnectionPasswordEncrypted: true, awsKmsKeyId: KEY_ARN },
        },
    };
}

describe("aws-glue-securityconfiguration-configure-kms-encryption", () => {
    const policy = glueSecurityConfigurationConfigureKmsEncryption;

    it("passes a configuration encrypting all three stores with KMS", async () => {
        assertOutcome(await check(policy, SECURITY_CONFIGURATION, securityConfigurationProps()), "compliant");
    });

    it("reports each store that is disabled, on SSE-S3, or missing its key", async () => {
        let props = withValue(securityConfigurationProps(), ["encryptionConfiguration", "s3Encryption", "s3EncryptionMode"], "SSE-S3");
        props = withValue(props, ["encryptionConfiguration", "cloudwatchEncryption", "cloudwatchEncryptionMode"], "DISABLED");
        props = without(props, ["encryptionConfiguration", "jobBookmarksEncryption", "kmsKeyArn"]);
        assertViolations(
            await check(policy, SECURITY_CONFIGURATION, props),
            3,
            's3EncryptionMode is "SSE-S3"',
            'cloudwatchEncryptionMode is "DISABLED"',
            "jobBookmarksEncryption.kmsKeyArn is not set",
        );
    });

    it("reports missing modes (Glue defaults them to DISABLED)", async () => {
        const props = without(securityConfigurationProps(), ["encryptionConfiguration", "jobBookmarksEncryption", "jobBookmarksEncryptionMode"]);
        assertViolations(await check(policy, SECURITY_CONFIGURATION, props), 1, "jobBookmarksEncryptionMode is not set (default DISABLED)");
        assertViolations(await check(policy, SECURITY_CONFIGURATION, without(securityConfigurationProps(), ["encryptionConfiguration"])), 3);
    });

    it("surfaces an unknown mode as the SDK does and still checks the other stores", async () => {
        let props = withValue(securityConfigurationProps(), ["encryptionConfiguration", "s3Encryption", "s3EncryptionMode"], UNKNOWN.string);
        props = withValue(props, ["encryptionConfiguration", "cloudwatchEncryption", "cloudwatchEncryptionMode"], "DISABLED");
        const r = await check(policy, SECURITY_CONFIGURATION, props);
        assertViolations(r, 1, "cloudwatchEncryptionMode");
        assert.ok(
            r.previewDiagnostics.some((d) => d.includes("s3EncryptionMode")),
            JSON.stringify(r.previewDiagnostics),
        );
        assertUnknown(
            await check(
                policy,
                SECURITY_CONFIGURATION,
                withValue(securityConfigurationProps(), ["encryptionConfiguration", "s3Encryption", "s3EncryptionMode"], UNKNOWN.string),
            ),
            "s3EncryptionMode",
        );
    });
});

describe("aws-glue-crawler-configure-security-configuration and aws-glue-job-configure-security-configuration", () => {
    it("pass a crawler and a job naming a security configuration, known or computed", async () => {
        assertOutcome(await check(glueCrawlerConfigureSecurityConfiguration, CRAWLER, crawlerProps()), "compliant");
        assertOutcome(await check(glueJobConfigureSecurityConfiguration, JOB, jobProps()), "compliant");
        assertOutcome(await check(glueJobConfigureSecurityConfiguration, JOB, withValue(jobProps(), ["securityConfiguration"], UNKNOWN.string)), "compliant");
    });

    it("report a crawler and a job without one", async () => {
        assertViolations(
            await check(glueCrawlerConfigureSecurityConfiguration, CRAWLER, without(crawlerProps(), ["securityConfiguration"])),
            1,
            "has no securityConfiguration",
        );
        assertViolations(
            await check(glueJobConfigureSecurityConfiguration, JOB, withValue(jobProps(), ["securityConfiguration"], "")),
            1,
            "has no securityConfiguration",
        );
    });

    it("do not apply to each other's type", async () => {
        assertNotApplicable(await check(glueCrawlerConfigureSecurityConfiguration, JOB, jobProps()), "only applies");
    });
});

describe("aws-glue-securityconfiguration-enforce-compliant-references", () => {
    const policy = glueSecurityConfigurationEnforceCompliantReferences;
    const sc = (props: object = securityConfigurationProps(), name = "lake-sc"): TestResource => ({
        type: SECURITY_CONFIGURATION,
        name,
        props: { ...props, id: "lake-sc" },
    });

    it("passes crawlers and jobs using a compliant configuration of the stack, or one managed elsewhere", async () => {
        const r = await checkStack(policy, [
            sc(),
            { type: CRAWLER, name: "raw-crawler", props: crawlerProps() },
            { type: JOB, name: "raw-job", props: jobProps("platform-sc-managed-elsewhere") },
        ]);
        assertOutcome(r, "compliant");
    });

    it("reports each user of a non-compliant configuration, on the user", async () => {
        const weak = withValue(securityConfigurationProps(), ["encryptionConfiguration", "jobBookmarksEncryption", "jobBookmarksEncryptionMode"], "DISABLED");
        const r = await checkStack(policy, [
            sc(weak),
            { type: CRAWLER, name: "raw-crawler", props: crawlerProps() },
            { type: JOB, name: "raw-job", props: jobProps() },
        ]);
        assertViolations(r, 2, 'raw-crawler (aws:glue/crawler:Crawler): uses security configuration "lake-sc"', "raw-job (aws:glue/job:Job)");
        assert.deepStrictEqual(r.violations.map((v) => v.urn).sort(), [urnOf(CRAWLER, "raw-crawler"), urnOf(JOB, "raw-job")].sort());
    });

    it("joins by dependency while the configuration name is unknown during a preview", async () => {
        const weak = without(securityConfigurationProps(), ["encryptionConfiguration", "s3Encryption", "kmsKeyArn"]);
        const r = await checkStack(policy, [
            { type: SECURITY_CONFIGURATION, name: "lake-sc", props: { ...weak, name: UNKNOWN.string } },
            {
                type: JOB,
                name: "raw-job",
                props: withValue(jobProps(), ["securityConfiguration"], UNKNOWN.string),
                propertyDependencies: { securityConfiguration: ["lake-sc"] },
            },
        ]);
        assertViolations(r, 1, "s3Encryption.kmsKeyArn is not set");
    });

    it("surfaces an unknown reference it cannot join as the SDK does", async () => {
        const r = await checkStack(policy, [sc(), { type: JOB, name: "raw-job", props: withValue(jobProps(), ["securityConfiguration"], UNKNOWN.string) }]);
        assertUnknown(r, "securityConfiguration");
    });

    it("leaves a missing reference to the crawler and job rules", async () => {
        assertOutcome(await checkStack(policy, [sc(), { type: CRAWLER, name: "c", props: without(crawlerProps(), ["securityConfiguration"]) }]), "compliant");
    });

    it("is not applicable to a stack without crawlers or jobs", async () => {
        assertNotApplicable(await checkStack(policy, [sc()]), "Policy only applies to stacks with resources");
    });
});

describe("aws-glue-datacatalogencryptionsettings-configure-kms-encryption", () => {
    const policy = glueDataCatalogEncryptionSettingsConfigureKmsEncryption;
    const database: TestResource = { type: DATABASE, name: "raw-db", props: { name: "raw" } };

    it("passes a stack with compliant catalog encryption settings", async () => {
        assertOutcome(await checkStack(policy, [database, { type: CATALOG_ENCRYPTION, name: "catalog", props: catalogEncryptionProps() }]), "compliant");
    });

    it("reports a catalog-using stack without settings, unless they are managed elsewhere", async () => {
        assertViolations(await checkStack(policy, [database]), 1, "has no aws.glue.DataCatalogEncryptionSettings");
        assertOutcome(await checkStack(policy, [database], { managedElsewhere: true }), "compliant");
    });

    it("reports settings without SSE-KMS, keys or encrypted passwords", async () => {
        let props = withValue(catalogEncryptionProps(), ["dataCatalogEncryptionSettings", "encryptionAtRest", "catalogEncryptionMode"], "DISABLED");
        props = withValue(props, ["dataCatalogEncryptionSettings", "connectionPasswordEncryption", "returnConnectionPasswordEncrypted"], false);
        props = without(props, ["dataCatalogEncryptionSettings", "connectionPasswordEncryption", "awsKmsKeyId"]);
        const r = await checkStack(policy, [{ type: CATALOG_ENCRYPTION, name: "catalog", props }]);
        assertViolations(r, 3, 'catalogEncryptionMode is "DISABLED"', "returnConnectionPasswordEncrypted is not true", "awsKmsKeyId is not set");
        assert.ok(r.violations.every((v) => v.urn === urnOf(CATALOG_ENCRYPTION, "catalog")));
    });

    it("reports SSE-KMS without a customer key (Glue would use aws/glue)", async () => {
        const props = without(catalogEncryptionProps(), ["dataCatalogEncryptionSettings", "encryptionAtRest", "sseAwsKmsKeyId"]);
        assertViolations(await checkStack(policy, [{ type: CATALOG_ENCRYPTION, name: "catalog", props }]), 1, "sseAwsKmsKeyId is not set");
    });

    it("surfaces an unknown mode as the SDK does", async () => {
        const props = withValue(catalogEncryptionProps(), ["dataCatalogEncryptionSettings", "encryptionAtRest", "catalogEncryptionMode"], UNKNOWN.string);
        assertUnknown(await checkStack(policy, [{ type: CATALOG_ENCRYPTION, name: "catalog", props }]), "catalogEncryptionMode");
    });

    it("is not applicable to a stack that does not use the catalog", async () => {
        assertNotApplicable(await checkStack(policy, [{ type: "aws:s3/bucket:Bucket", name: "b", props: { bucket: "b" } }]), "Policy only applies");
    });
});
