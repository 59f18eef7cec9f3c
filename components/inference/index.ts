export * from "./InferenceEndpoint";
export * from "./BatchInference";
