export * from "./TrainingPipeline";
export * as pipelineDefinition from "./pipelineDefinition";
