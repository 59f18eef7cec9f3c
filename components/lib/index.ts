export * from "./validation";
export * from "./policyDocument";
export * from "./instanceTypes";
export * from "./protection";
export * from "./tags";
