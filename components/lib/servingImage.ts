/**
 * Which image serves a model, shared by the real-time endpoint and batch inference so both run a model the same
 * way: the AWS Neuron inference Deep Learning Container by default on Inferentia2, an ECR image given by name
 * everywhere else.
 */
import * as pulumi from "@pulumi/pulumi";
import { instanceFamily } from "./instanceTypes";
import { ArnContext, checkEcrImage } from "./sagemaker";
import { DLC_REGISTRY_ACCOUNT, dlcImageUri } from "./sagemakerGuardrails";
import { ValidationError } from "./validation";

/** The Neuron inference DLC repository in AWS's Deep Learning Containers registry. */
export const NEURON_INFERENCE_DLC_REPOSITORY = "pytorch-inference-neuronx";
/** A pinned Neuron inference DLC tag, so a redeploy never changes the runtime silently. */
export const DEFAULT_NEURON_INFERENCE_TAG = "2.5.1-neuronx-py310-sdk2.22.0-ubuntu22.04";
/** Families the Neuron inference DLC runs on. */
export const NEURON_INFERENCE_FAMILIES: readonly string[] = ["inf2"];

const IMAGE_TAG = /^[\w][\w.-]{0,127}$/;

/**
 * Throws unless the image arguments of `component` fit `instanceType`: a given `imageUri` is an ECR image, the
 * Neuron tag is a Docker tag, and without `imageUri` the type is one the Neuron DLC runs on.
 */
export function checkServingImage(
    component: string,
    instanceType: string,
    imageUri: pulumi.Input<string> | undefined,
    neuronImageTag: string | undefined,
): void {
    const family = instanceFamily(instanceType);
    if (imageUri === undefined && (family === undefined || !NEURON_INFERENCE_FAMILIES.includes(family))) {
        throw new ValidationError(
            `${component}.imageUri`,
            `a serving image for ${instanceType}; the default Neuron DLC only runs on ${NEURON_INFERENCE_FAMILIES.map((f) => `ml.${f}`).join(", ")}`,
            undefined,
        );
    }
    checkEcrImage(`${component}.imageUri`, imageUri);
    if (neuronImageTag !== undefined && !IMAGE_TAG.test(neuronImageTag)) {
        throw new ValidationError(`${component}.neuronImageTag`, `a Docker image tag such as "${DEFAULT_NEURON_INFERENCE_TAG}"`, neuronImageTag);
    }
}

/** `imageUri`, or the Neuron inference DLC with `neuronImageTag` in the stack's region and partition. */
export function servingImageUri(ctx: ArnContext, imageUri: pulumi.Input<string> | undefined, neuronImageTag: string | undefined): pulumi.Input<string> {
    const tag = neuronImageTag ?? DEFAULT_NEURON_INFERENCE_TAG;
    return (
        imageUri ??
        pulumi
            .all([ctx.region, ctx.dnsSuffix])
            .apply(([region, dnsSuffix]) => dlcImageUri(region, NEURON_INFERENCE_DLC_REPOSITORY, tag, DLC_REGISTRY_ACCOUNT, dnsSuffix))
    );
}
