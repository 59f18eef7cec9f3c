export * from "./InferenceEndpoint";
