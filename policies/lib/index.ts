/**
 * The rule-authoring library. Rules import from here (or from the modules
 * directly); `select.ts` is deliberately not re-exported, because it imports
 * the rule list and rules importing it would form a cycle.
 */
export * from "./types";
export * from "./unknowns";
export * from "./access";
export * from "./result";
export * from "./define";
export * from "./checks";
export * from "./policyDocument";
export * from "./stack";
export * from "./s3";
export * from "./ec2";
export * from "./iam";
export * from "./kms";
export * from "./frameworks";
export * from "./config";
export * from "./taggable";
export * from "./waivers";
