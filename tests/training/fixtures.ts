/**
 * Arguments the TrainingPipeline tests and the training-policy tests build the component from: one training job,
 * and the same pipeline in tuning mode.
 */
import { HyperparameterTuningArgs, ParameterScaling, TrainingPipelineArgs } from "../../components/training";
import { ACCOUNT, LAKE_KEY, ML_KEY } from "../helpers/fixtures";

export { ACCOUNT, LAKE_KEY, ML_KEY };
export const SUBNETS = ["subnet-aaaaaaaaaaaaaaaaa", "subnet-bbbbbbbbbbbbbbbbb"];
export const SGS = ["sg-ccccccccccccccccc"];
export const INPUT = "s3://lake-processed/datasets/churn/";
export const ARTIFACTS = "s3://lake-analytics/ml/churn/";
export const DLC = `763104351884.dkr.ecr.us-east-1.amazonaws.com`;
/** A training image for types the Neuron image does not run on. */
export const CUSTOM_IMAGE = `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/churn-train:1.0`;

/** A pipeline with one training job on the defaults. */
export function singleJobArgs(): TrainingPipelineArgs {
    return {
        subnetIds: [...SUBNETS],
        securityGroupIds: [...SGS],
        volumeKmsKeyArn: ML_KEY,
        outputKmsKeyArn: LAKE_KEY,
        inputDataS3Uri: INPUT,
        artifactsS3Uri: ARTIFACTS,
    };
}

/** Metrics the training script logs. */
export const METRICS = [
    { name: "validation:accuracy", regex: "val_accuracy=([0-9.]+)" },
    { name: "validation:loss", regex: "val_loss=([0-9.]+)" },
];

/** A Bayesian search over one range of each kind, maximising validation accuracy. */
export function tuningArgs(): HyperparameterTuningArgs {
    return {
        objective: { metricName: "validation:accuracy" },
        continuousParameters: [{ name: "learning_rate", minValue: 0.00001, maxValue: 0.01, scaling: ParameterScaling.Logarithmic }],
        integerParameters: [{ name: "epochs", minValue: 3, maxValue: 20 }],
        categoricalParameters: [{ name: "optimizer", values: ["adamw", "sgd"] }],
    };
}

/** The pipeline in tuning mode, with a fixed hyperparameter beside the tuned ones. */
export function tuningPipelineArgs(): TrainingPipelineArgs {
    return {
        ...singleJobArgs(),
        hyperparameters: { batch_size: "32" },
        metricDefinitions: METRICS.map((m) => ({ ...m })),
        tuning: tuningArgs(),
    };
}
