export * from "./MlWorkflow";
export * as asl from "./asl";
