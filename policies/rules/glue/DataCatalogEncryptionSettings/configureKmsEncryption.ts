import { getBool, getString, isSet } from "../../../lib/access";
import { schema } from "../../../lib/config";
import { findingFor, stackRule } from "../../../lib/define";
import { compliant, Findings } from "../../../lib/result";
import { CRAWLER_TYPE, JOB_TYPE } from "../encryption";

export const DATA_CATALOG_ENCRYPTION_SETTINGS_TYPE = "aws:glue/dataCatalogEncryptionSettings:DataCatalogEncryptionSettings";

/** Glue resources whose metadata lives in the Data Catalog, or that read connection passwords from it. */
const CATALOG_USERS = [
    "aws:glue/catalogDatabase:CatalogDatabase",
    "aws:glue/catalogTable:CatalogTable",
    "aws:glue/connection:Connection",
    CRAWLER_TYPE,
    JOB_TYPE,
    DATA_CATALOG_ENCRYPTION_SETTINGS_TYPE,
];

const AT_REST_MODES = ["SSE-KMS", "SSE-KMS-WITH-SERVICE-ROLE"];

/**
 * The Data Catalog holds table schemas, partition locations and column
 * statistics (which can quote values), and connection passwords. Both are
 * encrypted only when the account's catalog encryption settings say so, and
 * those settings are one resource per account and region. A stack that puts
 * metadata in the catalog must carry them, unless the config says another
 * stack (the platform's) manages them.
 */
export const glueDataCatalogEncryptionSettingsConfigureKmsEncryption = stackRule<{ managedElsewhere: boolean }>({
    name: "aws-glue-datacatalogencryptionsettings-configure-kms-encryption",
    description:
        "A stack using the Glue Data Catalog must carry DataCatalogEncryptionSettings encrypting metadata at rest (SSE-KMS with a key) and connection passwords (with a key).",
    severity: "high",
    topics: ["encryption"],
    frameworks: [
        { framework: "hipaa", controls: ["164.312(a)(2)(iv)"] },
        { framework: "pci-dss", controls: ["3.5.1"] },
        { framework: "ml-baseline", controls: ["ML-ENC-1", "ML-DATA-1"] },
    ],
    remediationSteps:
        "Create one aws.glue.DataCatalogEncryptionSettings per account and region with " +
        '`encryptionAtRest: { catalogEncryptionMode: "SSE-KMS", sseAwsKmsKeyId }` and ' +
        "`connectionPasswordEncryption: { returnConnectionPasswordEncrypted: true, awsKmsKeyId }` using the lake key (the data " +
        "lake component does). If another stack owns them, set `managedElsewhere: true` in this policy's config.",
    configSchema: schema({
        managedElsewhere: {
            type: "boolean",
            default: false,
            description: "The catalog encryption settings of this account and region are managed by another stack.",
        },
    }),
    appliesTo: CATALOG_USERS,
    check: (stack, ctx) => {
        const settings = stack.ofType(DATA_CATALOG_ENCRYPTION_SETTINGS_TYPE);
        const findings = new Findings();
        if (settings.length === 0) {
            if (ctx.config.managedElsewhere) {
                return compliant();
            }
            findings.add(
                "The stack uses the Glue Data Catalog but has no aws.glue.DataCatalogEncryptionSettings; catalog metadata and connection passwords would be stored unencrypted.",
            );
            return findings.result();
        }
        const base = "dataCatalogEncryptionSettings";
        for (const s of settings) {
            const report = (m: string) => {
                findings.add(findingFor(s, m));
            };
            ctx.attempt(() => {
                const mode = getString(s.props, base, "encryptionAtRest", "catalogEncryptionMode");
                if (mode === undefined || !AT_REST_MODES.includes(mode)) {
                    report(`encryptionAtRest.catalogEncryptionMode is ${mode === undefined ? "not set" : `"${mode}"`}; it must be SSE-KMS.`);
                } else if (!isSet(s.props, base, "encryptionAtRest", "sseAwsKmsKeyId")) {
                    report("encryptionAtRest.sseAwsKmsKeyId is not set; SSE-KMS needs a customer-managed key.");
                }
            }, `${s.name}.encryptionAtRest`);
            ctx.attempt(() => {
                if (getBool(s.props, base, "connectionPasswordEncryption", "returnConnectionPasswordEncrypted") !== true) {
                    report("connectionPasswordEncryption.returnConnectionPasswordEncrypted is not true; connection passwords would be returned in plain text.");
                }
                if (!isSet(s.props, base, "connectionPasswordEncryption", "awsKmsKeyId")) {
                    report("connectionPasswordEncryption.awsKmsKeyId is not set; connection passwords would not be encrypted with a customer-managed key.");
                }
            }, `${s.name}.connectionPasswordEncryption`);
        }
        return findings.result();
    },
});
