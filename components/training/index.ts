export * from "./TrainingPipeline";
export * from "./tuning";
export * as pipelineDefinition from "./pipelineDefinition";
