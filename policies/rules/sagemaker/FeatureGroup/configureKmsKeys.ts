import { getBool, isSet, probe } from "../../../lib/access";
import { resourceRule } from "../../../lib/define";
import { ENCRYPTION_AT_REST_CONTROLS } from "../../../lib/frameworks";
import { Findings, notApplicable } from "../../../lib/result";

/**
 * Feature Store keeps features (often derived from ePHI or card data) in two
 * places: the online store, a low-latency database, and the offline store, an
 * S3 prefix queried through Athena. Each is encrypted with the key its own
 * setting names; without one, AWS-managed keys are used.
 */
export const sagemakerFeatureGroupConfigureKmsKeys = resourceRule({
    name: "aws-sagemaker-featuregroup-configure-kms-keys",
    description:
        "SageMaker feature groups must encrypt the online store (onlineStoreConfig.securityConfig.kmsKeyId) and the offline store (offlineStoreConfig.s3StorageConfig.kmsKeyId) with a customer-managed KMS key.",
    severity: "high",
    topics: ["encryption", "ml"],
    frameworks: ENCRYPTION_AT_REST_CONTROLS,
    remediationSteps:
        "On the aws.sagemaker.FeatureGroup set `onlineStoreConfig.securityConfig.kmsKeyId` (when the online store is enabled) and " +
        "`offlineStoreConfig.s3StorageConfig.kmsKeyId` to the platform key ARN. Both force a new feature group: ingest into the " +
        "replacement, then delete the old one.",
    resourceTypes: ["aws:sagemaker/featureGroup:FeatureGroup"],
    check: (props, ctx) => {
        const findings = new Findings();
        const where = `Feature group "${ctx.name}"`;
        const online = ctx.attempt(() => getBool(props, "onlineStoreConfig", "enableOnlineStore") === true, "onlineStoreConfig.enableOnlineStore");
        const offline = probe(props, "offlineStoreConfig").state !== "missing";
        if (online === false && !offline) {
            return notApplicable("The feature group has neither an online nor an offline store");
        }
        if (online === true && !isSet(props, "onlineStoreConfig", "securityConfig", "kmsKeyId")) {
            findings.add(`${where}: onlineStoreConfig.securityConfig.kmsKeyId is not set; the online store would use an AWS-owned key.`);
        }
        if (offline && !isSet(props, "offlineStoreConfig", "s3StorageConfig", "kmsKeyId")) {
            findings.add(`${where}: offlineStoreConfig.s3StorageConfig.kmsKeyId is not set; offline records would rely on the bucket default only.`);
        }
        return findings.result();
    },
});
