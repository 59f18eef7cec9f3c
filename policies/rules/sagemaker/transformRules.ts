/**
 * The rules that check SageMaker batch transform jobs wherever a stack starts them (CreateTransformJob
 * Tasks of state machines, Transform steps of pipelines), in the order the library registers them.
 */
import { PlatformPolicy } from "../../lib/types";
import { sagemakerTransformJobConfigureOutputKmsKey } from "./TransformJob/configureOutputKmsKey";
import { sagemakerTransformJobConfigureVolumeKmsKey } from "./TransformJob/configureVolumeKmsKey";
import { sagemakerTransformJobEnforceAllowedFamilies } from "./TransformJob/enforceAllowedFamilies";
import { sagemakerTransformJobEnforceLakeOutputLocation } from "./TransformJob/enforceLakeOutputLocation";
import { sagemakerTransformJobEnforceVpcIsolatedModel } from "./TransformJob/enforceVpcIsolatedModel";

export const transformJobRules: PlatformPolicy[] = [
    sagemakerTransformJobEnforceVpcIsolatedModel,
    sagemakerTransformJobConfigureOutputKmsKey,
    sagemakerTransformJobConfigureVolumeKmsKey,
    sagemakerTransformJobEnforceLakeOutputLocation,
    sagemakerTransformJobEnforceAllowedFamilies,
];
