export * from "./validation";
export * from "./policyDocument";
export * from "./instanceTypes";
export * from "./protection";
export * from "./tags";
export * from "./s3Uri";
export * from "./sagemaker";
export * from "./sagemakerGuardrails";
