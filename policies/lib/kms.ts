/** KMS facts shared by the key rules and the rules that check which key encrypts a resource. */

/** Every resource type that is a KMS key (and so has a key policy, a deletion window and the lockout check). */
export const KMS_KEY_TYPES = [
    "aws:kms/key:Key",
    "aws:kms/replicaKey:ReplicaKey",
    "aws:kms/externalKey:ExternalKey",
    "aws:kms/replicaExternalKey:ReplicaExternalKey",
];

/** A key policy set as a separate resource. */
export const KMS_KEY_POLICY_TYPE = "aws:kms/keyPolicy:KeyPolicy";

/**
 * Whether a key reference is the AWS-managed key of `service` (`alias/aws/s3`,
 * as an alias name or alias ARN). Its key policy cannot be changed, so the
 * platform cannot restrict who uses it.
 */
export function isAwsManagedKey(ref: string, service: string): boolean {
    const alias = `alias/aws/${service}`;
    return ref === alias || ref.endsWith(`:${alias}`);
}
