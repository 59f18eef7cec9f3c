/**
 * @ml-platform/components: governed building blocks for a HIPAA/PCI-ready ML platform on AWS.
 */
export * from "./lib";
export * from "./network";
export * from "./storage";
export * from "./kms";
export * from "./audit";
export * from "./datalake";
export * from "./inference";
export * from "./sagemaker";
export * from "./training";
export * from "./workflow";
export * from "./monitoring";
export * from "./featurestore";
