import { isSet, probe } from "../../../lib/access";
import { resourceRule } from "../../../lib/define";
import { ENCRYPTION_AT_REST_CONTROLS } from "../../../lib/frameworks";
import { Findings } from "../../../lib/result";
import { volumeKeyProblem } from "../volumeKey";
import { variantsOf } from "../variants";

/**
 * An endpoint configuration's `kmsKeyArn` encrypts the ML storage volume of
 * every hosting instance, where the model and any cached payloads live.
 * Instance types with local NVMe storage have no such volume: SageMaker
 * rejects the key if any variant uses one, and the Nitro hardware encrypts
 * the instance store. Captured payloads (data capture) and asynchronous
 * inference results are written to S3 and need their own key.
 */
export const sagemakerEndpointConfigurationConfigureKmsKey = resourceRule({
    name: "aws-sagemaker-endpointconfiguration-configure-kms-key",
    description:
        "SageMaker endpoint configurations must encrypt hosting volumes with a KMS key (kmsKeyArn), except when a variant's instance type has local NVMe storage, where the key must be absent; data capture and async inference output must name a KMS key.",
    severity: "high",
    topics: ["encryption", "ml"],
    frameworks: ENCRYPTION_AT_REST_CONTROLS,
    remediationSteps:
        "Set `kmsKeyArn` to the platform ML key ARN on EBS-backed instance types (ml.inf2, ml.m5, ml.c5, …); leave it out when a " +
        "variant uses a local-NVMe type (LOCAL_NVME_FAMILIES in components/lib/instanceTypes.ts, e.g. ml.g5, ml.p4d), which " +
        "SageMaker rejects. Set `dataCaptureConfig.kmsKeyId` and `asyncInferenceConfig.outputConfig.kmsKeyId` when those are used.",
    resourceTypes: ["aws:sagemaker/endpointConfiguration:EndpointConfiguration"],
    check: (props, ctx) => {
        const findings = new Findings();
        const instanceTypes: string[] = [];
        const variants = ctx.attempt(() => variantsOf(props), "productionVariants");
        let typesKnown = variants !== undefined;
        for (const variant of variants ?? []) {
            const read = ctx.attempt(() => ({ type: variant.instanceType() }), `${variant.label}.instanceType`);
            if (read === undefined) {
                typesKnown = false;
            } else if (read.type !== undefined) {
                instanceTypes.push(read.type);
            }
        }
        // With an instance type unknown, whether the key is required or forbidden is undecidable: the parked unknown is reported instead.
        const volume = typesKnown ? volumeKeyProblem(instanceTypes, isSet(props, "kmsKeyArn"), "kmsKeyArn") : undefined;
        if (volume) {
            findings.add(`Endpoint configuration "${ctx.name}": ${volume}.`);
        }
        if (probe(props, "dataCaptureConfig").state !== "missing" && !isSet(props, "dataCaptureConfig", "kmsKeyId")) {
            findings.add(
                `Endpoint configuration "${ctx.name}": dataCaptureConfig.kmsKeyId is not set; captured payloads must be encrypted with a customer-managed key.`,
            );
        }
        if (probe(props, "asyncInferenceConfig").state !== "missing" && !isSet(props, "asyncInferenceConfig", "outputConfig", "kmsKeyId")) {
            findings.add(
                `Endpoint configuration "${ctx.name}": asyncInferenceConfig.outputConfig.kmsKeyId is not set; inference results must be encrypted with a customer-managed key.`,
            );
        }
        return findings.result();
    },
});
