import { ENVIRONMENT_PROPERTY, Environment, schema } from "../../../lib/config";
import { resourceRule } from "../../../lib/define";
import { notApplicable } from "../../../lib/result";
import { describe, presence, staticNumber } from "../settings";
import { checkTrainingJobs, requireLiteralTrue, TRAINING_RESOURCE_TYPES } from "../training";

/** SageMaker's MaxRuntimeInSeconds when the request leaves it out: one day. */
export const DEFAULT_MAX_RUNTIME_SECONDS = 86_400;

/**
 * Outside prod, training runs on managed Spot capacity (up to ~90% cheaper).
 * Spot can be reclaimed, so the job checkpoints to S3 and may wait for
 * capacity: `MaxWaitTimeInSeconds` (run time plus waiting) must be at least
 * `MaxRuntimeInSeconds`, or SageMaker rejects the job. Prod keeps on-demand
 * capacity for predictable retraining, so the rule does not apply there.
 */
export const sagemakerTrainingJobEnableManagedSpot = resourceRule<{ environment: Environment }>({
    name: "aws-sagemaker-trainingjob-enable-managed-spot",
    description:
        "Outside prod, SageMaker training jobs (TrainingJob, tuning job definitions and pipeline Training/Tuning steps) must use managed Spot training with an S3 checkpoint and MaxWaitTimeInSeconds >= MaxRuntimeInSeconds.",
    severity: "medium",
    topics: ["cost", "ml"],
    frameworks: [{ framework: "ml-baseline", controls: ["ML-COST-1"] }],
    remediationSteps:
        "Set `enableManagedSpotTraining: true`, `checkpointConfig: { s3Uri }` on the encrypted model bucket, and " +
        "`stoppingCondition.maxWaitTimeInSeconds` at least `maxRuntimeInSeconds` (pipeline steps: `EnableManagedSpotTraining`, " +
        "`CheckpointConfig.S3Uri`, `StoppingCondition.MaxWaitTimeInSeconds`). Make the training script resume from the " +
        "checkpoint directory (/opt/ml/checkpoints).",
    configSchema: schema({ environment: ENVIRONMENT_PROPERTY }),
    resourceTypes: TRAINING_RESOURCE_TYPES,
    check: (props, ctx) => {
        if (ctx.config.environment === "prod") {
            return notApplicable("Spot training is required only outside prod (environment is prod)");
        }
        return checkTrainingJobs(props, ctx, (job, report) => {
            requireLiteralTrue("EnableManagedSpotTraining")(job, report);
            if (presence(job.read("CheckpointConfig", "S3Uri")) !== "present") {
                report(`CheckpointConfig.S3Uri is ${describe(job.read("CheckpointConfig", "S3Uri"))}; a reclaimed Spot job must resume from an S3 checkpoint`);
            }
            const waitSetting = job.read("StoppingCondition", "MaxWaitTimeInSeconds");
            const runtimeSetting = job.read("StoppingCondition", "MaxRuntimeInSeconds");
            const maxWait = staticNumber(waitSetting);
            const maxRuntime = runtimeSetting.kind === "missing" ? DEFAULT_MAX_RUNTIME_SECONDS : staticNumber(runtimeSetting);
            if (maxWait === undefined) {
                report(`StoppingCondition.MaxWaitTimeInSeconds is ${describe(waitSetting)}; Spot training needs it, at least MaxRuntimeInSeconds`);
            } else if (maxRuntime === undefined) {
                report(`StoppingCondition.MaxRuntimeInSeconds is ${describe(runtimeSetting)}, so MaxWaitTimeInSeconds cannot be compared with it`);
            } else if (maxWait < maxRuntime) {
                report(`StoppingCondition.MaxWaitTimeInSeconds (${maxWait}) is less than MaxRuntimeInSeconds (${maxRuntime}); SageMaker rejects the job`);
            }
        });
    },
});
