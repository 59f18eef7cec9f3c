/**
 * What a compliant Glue security configuration is, shared by the rule that
 * checks each configuration and the rule that checks the configurations
 * crawlers and jobs use.
 *
 * A security configuration covers three stores, each with its own mode:
 * - S3 data the job writes: `SSE-KMS` (Glue's values: DISABLED, SSE-KMS, SSE-S3);
 * - CloudWatch Logs the job and crawler write: `SSE-KMS` (DISABLED, SSE-KMS);
 * - job bookmarks: `CSE-KMS` (DISABLED, CSE-KMS).
 * Each needs the key ARN beside the mode.
 */
import { getString, isSet } from "../../lib/access";

export const SECURITY_CONFIGURATION_TYPE = "aws:glue/securityConfiguration:SecurityConfiguration";
export const CRAWLER_TYPE = "aws:glue/crawler:Crawler";
export const JOB_TYPE = "aws:glue/job:Job";

interface Store {
    field: string;
    modeField: string;
    mode: string;
    what: string;
}

const STORES: Store[] = [
    { field: "s3Encryption", modeField: "s3EncryptionMode", mode: "SSE-KMS", what: "S3 data" },
    { field: "cloudwatchEncryption", modeField: "cloudwatchEncryptionMode", mode: "SSE-KMS", what: "CloudWatch logs" },
    { field: "jobBookmarksEncryption", modeField: "jobBookmarksEncryptionMode", mode: "CSE-KMS", what: "job bookmarks" },
];

type Attempt = <T>(fn: () => T, where?: string, fallback?: T) => T | undefined;

/**
 * The problems of a security configuration's props; empty when compliant.
 * Each store is read inside `attempt`, so an unknown in one does not hide
 * problems in another.
 */
export function securityConfigurationProblems(props: unknown, attempt: Attempt): string[] {
    const problems: string[] = [];
    const base = "encryptionConfiguration";
    for (const store of STORES) {
        attempt(() => {
            const mode = getString(props, base, store.field, store.modeField);
            if (mode !== store.mode) {
                problems.push(
                    `${base}.${store.field}.${store.modeField} is ${mode === undefined ? "not set (default DISABLED)" : `"${mode}"`}; ${store.what} must use ${store.mode}`,
                );
            } else if (!isSet(props, base, store.field, "kmsKeyArn")) {
                problems.push(`${base}.${store.field}.kmsKeyArn is not set; ${store.mode} needs the KMS key`);
            }
        }, `${base}.${store.field}`);
    }
    return problems;
}
