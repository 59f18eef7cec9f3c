/**
 * SageMaker guard-rails shared by every component that lets a role create SageMaker resources
 * (the deny statements AWS documents), and the AWS Deep Learning Container image URIs.
 *
 * One place, so the Studio personas, the training pipeline and the workflow deny exactly
 * the same things, and a policy pack can import the same lists.
 */
import { LOCAL_NVME_FAMILIES } from "./instanceTypes";
import { PolicyStatement } from "./policyDocument";

/**
 * The ECR registry account of the AWS Deep Learning Containers (including the Neuron images) in most
 * commercial regions. A few opt-in regions use their own account; pass it explicitly there.
 */
export const DLC_REGISTRY_ACCOUNT = "763104351884";

/** `<account>.dkr.ecr.<region>.<dnsSuffix>/<repository>:<tag>`. */
export function dlcImageUri(region: string, repository: string, tag: string, account = DLC_REGISTRY_ACCOUNT, dnsSuffix = "amazonaws.com"): string {
    return `${account}.dkr.ecr.${region}.${dnsSuffix}/${repository}:${tag}`;
}

/** `ml.<family>.*` for each family: the `StringLike` patterns of whole instance families. */
export function familyPatterns(families: readonly string[]): string[] {
    return families.map((f) => `ml.${f}.*`);
}

/*
 * Which create actions carry which condition key. A Deny with `Null: true` on a key the action never
 * carries would deny that action always, so each guard-rail lists only actions whose request context
 * has the key (Service Authorization Reference, "Actions defined by Amazon SageMaker").
 */

/** Actions whose request carries `sagemaker:VpcSubnets` / `sagemaker:VpcSecurityGroupIds`. */
export const VPC_GUARDED_ACTIONS: readonly string[] = [
    "sagemaker:CreateTrainingJob",
    "sagemaker:CreateProcessingJob",
    "sagemaker:CreateHyperParameterTuningJob",
    "sagemaker:CreateModel",
    "sagemaker:CreateNotebookInstance",
];

/** Actions whose request carries `sagemaker:OutputKmsKey`. */
export const OUTPUT_KMS_GUARDED_ACTIONS: readonly string[] = [
    "sagemaker:CreateTrainingJob",
    "sagemaker:CreateProcessingJob",
    "sagemaker:CreateHyperParameterTuningJob",
    "sagemaker:CreateTransformJob",
];

/** Actions whose request carries both `sagemaker:VolumeKmsKey` and `sagemaker:InstanceTypes`. */
export const VOLUME_KMS_GUARDED_ACTIONS: readonly string[] = [
    "sagemaker:CreateTrainingJob",
    "sagemaker:CreateProcessingJob",
    "sagemaker:CreateHyperParameterTuningJob",
    "sagemaker:CreateTransformJob",
    "sagemaker:CreateEndpointConfig",
];

/** Actions whose request carries `sagemaker:InterContainerTrafficEncryption`. */
export const INTER_CONTAINER_GUARDED_ACTIONS: readonly string[] = [
    "sagemaker:CreateTrainingJob",
    "sagemaker:CreateProcessingJob",
    "sagemaker:CreateHyperParameterTuningJob",
];

/** Actions whose request carries `sagemaker:InstanceTypes`. */
export const INSTANCE_TYPE_GUARDED_ACTIONS: readonly string[] = [
    "sagemaker:CreateTrainingJob",
    "sagemaker:CreateProcessingJob",
    "sagemaker:CreateHyperParameterTuningJob",
    "sagemaker:CreateTransformJob",
    "sagemaker:CreateNotebookInstance",
    "sagemaker:CreateEndpointConfig",
    "sagemaker:CreateApp",
];

/** Options of {@link sagemakerGuardrailStatements}. */
export interface GuardrailOptions {
    /**
     * Instance types (or `ml.<family>.*` patterns) the role may request. When set, any create request
     * naming another type is denied.
     */
    allowedInstanceTypes?: readonly string[];
    /**
     * Keep only these actions in each statement (statements left empty are dropped), for a role that can
     * only ever call a few create actions. Every action it can call must still be listed.
     */
    onlyActions?: readonly string[];
}

/**
 * The deny statements AWS documents for SageMaker ("Control creation of SageMaker AI resources with
 * condition keys"), written so that each one denies what it says and nothing else:
 *
 * - One statement per required key. Keys inside one `Condition` block are ANDed, so AWS's sample that puts
 *   `VpcSubnets` and `VpcSecurityGroupIds` in one `Null` block denies only a request missing both.
 * - `Null: {"key": "true"}` matches a request that omits the key.
 * - The volume-key rule applies only to EBS-backed types: SageMaker rejects `VolumeKmsKeyId` for types with
 *   local NVMe instance storage (encrypted by the Nitro hardware). `sagemaker:InstanceTypes` is multivalued
 *   (heterogeneous clusters, tuning jobs, several endpoint variants), so it is tested with
 *   `ForAnyValue:StringNotLike` over the local-NVMe families: true when at least one requested type is in
 *   none of those families. ANDed with the `Null` test, the request is denied only when it omits the key
 *   *and* asks for an EBS-backed type. A request with no instance type at all (the key absent) makes
 *   `ForAnyValue` false, so, e.g., a serverless endpoint config is not blocked.
 * - Notebook instances always have an EBS ML storage volume, whatever the type, so they need the key always.
 * - Inter-container encryption uses `BoolIfExists ... "false"`: an omitted flag means "off" and is denied too
 *   (AWS's sample uses `Bool`, which lets an omitted flag through).
 * - The instance-type allow-list uses `ForAnyValue:StringNotLike`: a negated operator with several values
 *   means "matches none of them", so any requested type outside the list denies the request.
 * - Notebook root access and direct internet use `StringNotEquals ... "Disabled"`: a negated operator is
 *   true when the key is absent, and both settings default to `Enabled` when omitted.
 */
export function sagemakerGuardrailStatements(opts: GuardrailOptions = {}): PolicyStatement[] {
    const statements: PolicyStatement[] = [
        {
            Sid: "DenyWithoutVpcSubnets",
            Effect: "Deny",
            Action: [...VPC_GUARDED_ACTIONS],
            Resource: "*",
            Condition: { Null: { "sagemaker:VpcSubnets": "true" } },
        },
        {
            Sid: "DenyWithoutVpcSecurityGroups",
            Effect: "Deny",
            Action: [...VPC_GUARDED_ACTIONS],
            Resource: "*",
            Condition: { Null: { "sagemaker:VpcSecurityGroupIds": "true" } },
        },
        {
            Sid: "DenyWithoutOutputKmsKey",
            Effect: "Deny",
            Action: [...OUTPUT_KMS_GUARDED_ACTIONS],
            Resource: "*",
            Condition: { Null: { "sagemaker:OutputKmsKey": "true" } },
        },
        {
            Sid: "DenyEbsBackedWithoutVolumeKmsKey",
            Effect: "Deny",
            Action: [...VOLUME_KMS_GUARDED_ACTIONS],
            Resource: "*",
            Condition: {
                Null: { "sagemaker:VolumeKmsKey": "true" },
                "ForAnyValue:StringNotLike": { "sagemaker:InstanceTypes": familyPatterns(LOCAL_NVME_FAMILIES) },
            },
        },
        {
            Sid: "DenyNotebookInstanceWithoutVolumeKmsKey",
            Effect: "Deny",
            Action: ["sagemaker:CreateNotebookInstance"],
            Resource: "*",
            Condition: { Null: { "sagemaker:VolumeKmsKey": "true" } },
        },
        {
            Sid: "DenyWithoutInterContainerEncryption",
            Effect: "Deny",
            Action: [...INTER_CONTAINER_GUARDED_ACTIONS],
            Resource: "*",
            Condition: { BoolIfExists: { "sagemaker:InterContainerTrafficEncryption": "false" } },
        },
        {
            Sid: "DenyNotebookInstanceRootAccess",
            Effect: "Deny",
            Action: ["sagemaker:CreateNotebookInstance"],
            Resource: "*",
            Condition: { StringNotEquals: { "sagemaker:RootAccess": "Disabled" } },
        },
        {
            Sid: "DenyNotebookInstanceDirectInternet",
            Effect: "Deny",
            Action: ["sagemaker:CreateNotebookInstance"],
            Resource: "*",
            Condition: { StringNotEquals: { "sagemaker:DirectInternetAccess": "Disabled" } },
        },
    ];
    if (opts.allowedInstanceTypes !== undefined) {
        statements.push({
            Sid: "DenyInstanceTypesOutsideAllowList",
            Effect: "Deny",
            Action: [...INSTANCE_TYPE_GUARDED_ACTIONS],
            Resource: "*",
            Condition: { "ForAnyValue:StringNotLike": { "sagemaker:InstanceTypes": [...opts.allowedInstanceTypes] } },
        });
    }
    const only = opts.onlyActions;
    if (only === undefined) {
        return statements;
    }
    return statements.map((s) => ({ ...s, Action: (s.Action as string[]).filter((a) => only.includes(a)) })).filter((s) => s.Action.length > 0);
}
