import { resourceRule } from "../../../lib/define";
import { PRIVATE_NETWORK_CONTROLS } from "../../../lib/frameworks";
import { emptyList } from "../settings";
import { checkTrainingJobs, TRAINING_RESOURCE_TYPES } from "../training";

/**
 * A training job without `VpcConfig` runs in SageMaker's service network,
 * where its containers can reach the internet and the training data leaves
 * the platform's VPC, its endpoints and its flow logs.
 */
export const sagemakerTrainingJobConfigureVpc = resourceRule({
    name: "aws-sagemaker-trainingjob-configure-vpc",
    description:
        "SageMaker training jobs (TrainingJob, tuning job definitions and pipeline Training/Tuning steps) must run in the platform VPC: VpcConfig with subnets and security groups.",
    severity: "high",
    topics: ["network", "ml"],
    frameworks: PRIVATE_NETWORK_CONTROLS,
    remediationSteps:
        "Give the job `vpcConfig: { subnets, securityGroupIds }` (pipeline steps: `VpcConfig: { Subnets, SecurityGroupIds }` in the " +
        "step's Arguments) using the isolated private subnets and the ML security group of the platform network. " +
        "Reach S3, ECR and CloudWatch through the VPC endpoints the network component creates.",
    resourceTypes: TRAINING_RESOURCE_TYPES,
    check: (props, ctx) =>
        checkTrainingJobs(props, ctx, (job, report) => {
            if (job.read("VpcConfig").kind === "missing") {
                report("VpcConfig is not set; the job would run outside the platform VPC, with internet access");
                return;
            }
            for (const problem of [
                emptyList(job.read("VpcConfig", "Subnets"), "VpcConfig.Subnets"),
                emptyList(job.read("VpcConfig", "SecurityGroupIds"), "VpcConfig.SecurityGroupIds"),
            ]) {
                if (problem) {
                    report(problem);
                }
            }
        }),
});
