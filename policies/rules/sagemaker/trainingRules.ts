/**
 * The rules that check training jobs wherever a stack declares them (TrainingJob, tuning job definitions,
 * pipeline Training and Tuning steps), in the order the library registers them.
 */
import { PlatformResourcePolicy } from "../../lib/types";
import { sagemakerInstanceTypeEnforceAllowedFamilies } from "./InstanceType/enforceAllowedFamilies";
import { sagemakerTrainingJobConfigureKmsKeys } from "./TrainingJob/configureKmsKeys";
import { sagemakerTrainingJobConfigureVpc } from "./TrainingJob/configureVpc";
import { sagemakerTrainingJobEnableInterContainerEncryption } from "./TrainingJob/enableInterContainerEncryption";
import { sagemakerTrainingJobEnableManagedSpot } from "./TrainingJob/enableManagedSpot";
import { sagemakerTrainingJobEnableNetworkIsolation } from "./TrainingJob/enableNetworkIsolation";

export const trainingJobRules: PlatformResourcePolicy[] = [
    sagemakerTrainingJobConfigureVpc,
    sagemakerTrainingJobEnableNetworkIsolation,
    sagemakerTrainingJobEnableInterContainerEncryption,
    sagemakerTrainingJobConfigureKmsKeys,
    sagemakerTrainingJobEnableManagedSpot,
    sagemakerInstanceTypeEnforceAllowedFamilies,
];
