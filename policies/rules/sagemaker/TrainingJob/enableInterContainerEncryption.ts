import { resourceRule } from "../../../lib/define";
import { INTER_CONTAINER_ENCRYPTION_CONTROLS } from "../../../lib/frameworks";
import { checkTrainingJobs, requireLiteralTrue, TRAINING_RESOURCE_TYPES } from "../training";

/**
 * Distributed training exchanges gradients, parameters and often training
 * records between instances. Inter-container traffic encryption puts that
 * exchange under TLS; without it, ePHI crosses the network in the clear.
 */
export const sagemakerTrainingJobEnableInterContainerEncryption = resourceRule({
    name: "aws-sagemaker-trainingjob-enable-inter-container-encryption",
    description:
        "SageMaker training jobs (TrainingJob, tuning job definitions and pipeline Training/Tuning steps) must set EnableInterContainerTrafficEncryption to true.",
    severity: "high",
    topics: ["encryption", "ml"],
    frameworks: INTER_CONTAINER_ENCRYPTION_CONTROLS,
    remediationSteps:
        "Set `enableInterContainerTrafficEncryption: true` on the job or tuning definition (pipeline steps: " +
        "`EnableInterContainerTrafficEncryption: true` as a literal in the step's Arguments). It costs some training time on " +
        "multi-instance jobs and nothing on single-instance ones.",
    resourceTypes: TRAINING_RESOURCE_TYPES,
    check: (props, ctx) => checkTrainingJobs(props, ctx, requireLiteralTrue("EnableInterContainerTrafficEncryption")),
});
