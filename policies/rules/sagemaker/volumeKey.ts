/**
 * The one SageMaker encryption rule that depends on the instance type.
 *
 * Training, processing (monitoring) and hosting encrypt the ML storage volume
 * with a customer KMS key when one is given. Instance types whose storage is
 * local NVMe instance store (ml.trn1, ml.p4d, ml.g5, …) have no EBS volume:
 * the Nitro hardware encrypts the local disks, and SageMaker rejects the
 * request if a volume key is given. So the key is required on EBS-backed
 * types and must be absent on local-NVMe types, and when several instance
 * types share one key setting (instance groups, production variants) a
 * single local-NVMe type makes the key impossible.
 *
 * Which families are local NVMe is platform knowledge kept in one place,
 * `components/lib/instanceTypes.ts`, shared with the components that decide
 * whether to set the key.
 */
import { hasLocalNvmeStorage } from "@ml-platform/components/lib/instanceTypes";
import { describe, presence, Setting, staticString, unverifiable } from "./settings";

export { hasLocalNvmeStorage };

export type VolumeKeyRequirement =
    | { key: "required" }
    /** `localNvme` lists the instance types that forbid the key. */
    | { key: "forbidden"; localNvme: string[] };

/** What the volume key must be for a job or endpoint running on `instanceTypes`. */
export function volumeKeyRequirement(instanceTypes: readonly string[]): VolumeKeyRequirement {
    const localNvme = [...new Set(instanceTypes.filter((t) => hasLocalNvmeStorage(t)))];
    return localNvme.length > 0 ? { key: "forbidden", localNvme } : { key: "required" };
}

/**
 * The problem with a volume key setting for `instanceTypes`, or undefined.
 * `keyWillBeSet` follows `isSet`: an unknown key counts as set.
 */
export function volumeKeyProblem(instanceTypes: readonly string[], keyWillBeSet: boolean, keyField: string): string | undefined {
    const req = volumeKeyRequirement(instanceTypes);
    if (req.key === "forbidden") {
        return keyWillBeSet
            ? `${keyField} is set, but ${req.localNvme.join(", ")} ${req.localNvme.length === 1 ? "has" : "have"} local NVMe storage: ` +
                  "SageMaker rejects a volume key there (the instance store is encrypted by the Nitro hardware); remove it"
            : undefined;
    }
    return keyWillBeSet ? undefined : `${keyField} is not set; the ML storage volume must be encrypted with a customer-managed KMS key`;
}

/**
 * The problem with a job's volume key setting `key` (read from `keyField`) for the job's
 * instance type settings, or undefined. The instance types must be statically known (literals,
 * or parameters with a default) to decide whether the key is required or forbidden.
 * An unknown setting throws the SDK's error.
 */
export function jobVolumeKeyProblem(instanceTypes: readonly Setting[], key: Setting, keyField: string): string | undefined {
    const types: string[] = [];
    for (const setting of instanceTypes) {
        const type = staticString(setting);
        if (type === undefined) {
            return (
                `the instance type is ${describe(setting)}, so whether a volume KMS key is required or forbidden cannot be decided; ` +
                "use a literal instance type or a parameter with a default"
            );
        }
        types.push(type);
    }
    const keyPresence = presence(key);
    if (keyPresence === "unverifiable") {
        return unverifiable(key, keyField);
    }
    return volumeKeyProblem(types, keyPresence === "present", keyField);
}
