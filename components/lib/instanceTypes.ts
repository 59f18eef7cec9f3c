/**
 * What the platform knows about SageMaker instance types.
 *
 * Shared by the components (which decide whether to set a volume KMS key) and
 * the policy packs (which check that they did), so the two never disagree.
 */

/**
 * Instance families whose storage volumes are local NVMe instance store.
 *
 * SageMaker rejects `VolumeKmsKeyId` (training) and `KmsKeyId` (endpoint
 * configs) for these types: their local volumes are encrypted by the Nitro
 * hardware, and there is no EBS volume to encrypt with a customer key.
 */
export const LOCAL_NVME_FAMILIES: readonly string[] = [
    "trn1",
    "trn1n",
    "trn2",
    "p3dn",
    "p4d",
    "p4de",
    "p5",
    "p5e",
    "p5en",
    "g4dn",
    "g5",
    "g6",
    "g6e",
    "m5d",
    "c5d",
    "r5d",
    "m6id",
    "c6id",
    "r6id",
];

/** Instance families that can run SageMaker training jobs on the platform's allow-list. */
export const TRAINING_FAMILIES: readonly string[] = ["trn1", "trn1n", "trn2", "p4d", "p5", "g5", "m5", "c5"];

/** Instance families that can host SageMaker real-time endpoints on the platform's allow-list. */
export const INFERENCE_FAMILIES: readonly string[] = ["inf2", "inf1", "g5", "m5", "c5"];

/**
 * Instance families for SageMaker notebook instances on the platform's allow-list: burstable and
 * general-purpose for exploration, one GPU family for interactive model work. Heavy work belongs in
 * training jobs, which run on the training families.
 */
export const NOTEBOOK_FAMILIES: readonly string[] = ["t3", "m5", "c5", "g5"];

const INSTANCE_TYPE = /^ml\.([a-z0-9]+)\.([a-z0-9]+)$/;

/** Splits `ml.trn1.2xlarge` into `{ family: "trn1", size: "2xlarge" }`; undefined if malformed. */
export function parseInstanceType(instanceType: string): { family: string; size: string } | undefined {
    const m = INSTANCE_TYPE.exec(instanceType);
    return m ? { family: m[1], size: m[2] } : undefined;
}

/** True when the instance type's storage is local NVMe, so no volume KMS key may be set. */
export function hasLocalNvmeStorage(instanceType: string): boolean {
    const family = instanceFamily(instanceType);
    return family !== undefined && LOCAL_NVME_FAMILIES.includes(family);
}

/** The instance family of `ml.<family>.<size>`, or undefined if malformed. */
export function instanceFamily(instanceType: string): string | undefined {
    return parseInstanceType(instanceType)?.family;
}
