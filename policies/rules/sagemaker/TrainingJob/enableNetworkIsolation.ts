import { resourceRule } from "../../../lib/define";
import { NETWORK_ISOLATION_CONTROLS } from "../../../lib/frameworks";
import { checkTrainingJobs, requireLiteralTrue, TRAINING_RESOURCE_TYPES } from "../training";

/**
 * Network isolation stops the training container making any outbound call,
 * even inside the VPC: code from a third-party image or library cannot send
 * the training data anywhere. SageMaker still moves the inputs and outputs.
 */
export const sagemakerTrainingJobEnableNetworkIsolation = resourceRule({
    name: "aws-sagemaker-trainingjob-enable-network-isolation",
    description: "SageMaker training jobs (TrainingJob, tuning job definitions and pipeline Training/Tuning steps) must set EnableNetworkIsolation to true.",
    severity: "high",
    topics: ["network", "ml"],
    frameworks: NETWORK_ISOLATION_CONTROLS,
    remediationSteps:
        "Set `enableNetworkIsolation: true` on the job or tuning definition (pipeline steps: `EnableNetworkIsolation: true` as a " +
        "literal in the step's Arguments, not a pipeline parameter). Bake dependencies into the image or stage them in the input " +
        "channels, since the container can no longer download them.",
    resourceTypes: TRAINING_RESOURCE_TYPES,
    check: (props, ctx) => checkTrainingJobs(props, ctx, requireLiteralTrue("EnableNetworkIsolation")),
});
